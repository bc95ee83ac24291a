#!/usr/bin/env bash
# What a command's audit entry costs a user: the same command with and without a fabric, in fresh
# JVMs through the launcher, alternating, PAIRS times (default 8); medians and their difference.
#
#   bench/audit-append-cli.sh [DIR]          DIR: scratch directory (default /var/tmp/gfctl-bench)
#
# The command is `gfctl verify IMAGE` of a 1 MiB shielded image (read-only work, a few ms). Without a
# fabric (GFCTL_HOME an empty directory) nothing is recorded; with `--home FABRIC` (a fabric made by
# `gfctl fabric init` in DIR/append-fabric, kept between runs) the command appends its entry: the
# guardian key store's MAC and audit key are read, a P-384 checkpoint is signed, and the store
# commits (one fsync). bench/audit-verify.sh measures appends inside one warm JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/var/tmp/gfctl-bench}
pairs=${PAIRS:-8}
mkdir -p "$dir"
./gfctl --version >/dev/null
fabric="$dir/append-fabric"
[[ -f "$fabric/fabric.properties" ]] || ./gfctl --home "$fabric" -q fabric init >/dev/null
empty=$(mktemp -d)
trap 'rm -rf "$empty" "$dir/append.luks" "$dir/append.luks.kp" "$dir/append.raw"' EXIT
head -c 1048576 /dev/urandom > "$dir/append.raw"
pw="$dir/pw"; printf 'bench-password\n' > "$pw"; chmod 600 "$pw"
[[ -f "$dir/owner.p12" ]] || GFCTL_PASSWORD=bench-password ./gfctl owner init --out "$dir/owner.p12" --password-file "$pw" >/dev/null
rm -f "$dir/append.luks" "$dir/append.luks.kp"
GFCTL_HOME="$empty" ./gfctl -q shield-vm --in "$dir/append.raw" --out "$dir/append.luks" --owner "$dir/owner.p12" \
  --password-file "$pw" --no-guardian >/dev/null
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN {printf "%.3f", d / 1e9}'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo "# audit append per command $(date -u +%FT%TZ), $pairs pairs, $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(./gfctl --home "$fabric" -o json audit verify | awk -F': ' '/"entries"/ {gsub(",", "", $2); print $2}')
plain=() audited=()
for ((i = 1; i <= pairs; i++)); do
  p=$(GFCTL_HOME="$empty" secs ./gfctl verify "$dir/append.luks")
  a=$(secs ./gfctl --home "$fabric" verify "$dir/append.luks")
  plain+=("$p"); audited+=("$a")
  echo "pair $i  without a fabric ${p}s  with its audit entry ${a}s"
done
after=$(./gfctl --home "$fabric" -o json audit verify | awk -F': ' '/"entries"/ {gsub(",", "", $2); print $2}')
[[ $((after - before)) -eq $pairs ]] || { echo "expected $pairs new audit entries, the log went from $before to $after" >&2; exit 1; }
mp=$(printf '%s\n' "${plain[@]}" | median); ma=$(printf '%s\n' "${audited[@]}" | median)
echo "median without a fabric ${mp}s, with its audit entry ${ma}s: the entry costs $(awk -v a="$ma" -v p="$mp" 'BEGIN {printf "%.0f", (a - p) * 1000}') ms per command (the log verified, $before -> $after entries)"
