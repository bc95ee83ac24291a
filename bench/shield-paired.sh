#!/usr/bin/env bash
# Paired shield/unshield ratios against qemu-img: each run times qemu-img and gfctl back to back on
# the same image, so that the host's drift between runs (this project's VM varies by 20-30% over
# minutes) reaches both sides of each ratio; prints every pair and the median ratio.
#
#   bench/shield-paired.sh [DIR] [SIZE:LAYOUT]     default /var/tmp/gfctl-bench 2G:random
#   PAIRS=5                                         number of pairs (default 5)
#
# qemu-img returns with its whole output dirty in the page cache (its convert writes through the cache and
# does not wait for the disk: 2 GiB dirty after it returns, measured), while gfctl has fsynced its output
# before it returns; so each pair also times `sync FILE` of qemu-img's output and prints the ratio against
# qemu-img + that sync (the "durable" columns): the same work on both sides.
#
# Same commands as bench/shield.sh: qemu-img convert -O luks (iter-time=10) against gfctl shield-vm,
# qemu-img convert luks->raw against gfctl unshield (gfctl's O_DIRECT output is read once first, as
# qemu-img's buffered output is in the page cache); wall time from `date`, JAVA_HOME as set.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/var/tmp/gfctl-bench}
spec=${2:-2G:random}
pairs=${PAIRS:-5}
size=${spec%%:*}; layout=${spec##*:}
img="$dir/img-$size-$layout.raw"
mkdir -p "$dir"
./gfctl --version >/dev/null
if [[ ! -f "$img" ]]; then
  ./mvnw -q -B -DskipTests -pl test-resources package >/dev/null 2>&1 || true
  java -cp test-resources/target/test-classes org.gfctl.testing.DiskImages "$img" "$size" "$layout" 42
fi
pw="$dir/pw"; printf 'bench-password\n' > "$pw"; chmod 600 "$pw"
[[ -f "$dir/owner.p12" ]] || GFCTL_PASSWORD=bench-password ./gfctl owner init --out "$dir/owner.p12" --password-file "$pw" >/dev/null
secret="$dir/qemu.secret"; head -c 32 /dev/urandom | base64 | tr -d '\n=' > "$secret"
cat "$img" >/dev/null
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN {printf "%.2f", d / 1e9}'; }
qemu_luks() { # qemu-img's PBKDF calibration fails at random on an idle machine: retry that (see shield.sh)
  local try
  for try in 1 2 3 4 5 6 7 8; do
    rm -f "$dir/q.luks"
    qemu-img convert -O luks --object "secret,id=s,file=$secret" -o key-secret=s,iter-time=10 "$img" "$dir/q.luks" 2>/dev/null && return 0
  done
  return 1
}
echo "# paired shield bench $(date -u +%FT%TZ), $size $layout, $pairs pairs, $(java -version 2>&1 | head -1)"
printf '%-5s %10s %10s %8s %8s %12s %12s %8s %8s\n' pair qemu-luks gfctl ratio durable qemu-unluks unshield ratio durable
sr=() ur=() sd=() ud=()
for ((i = 1; i <= pairs; i++)); do
  q=$(secs qemu_luks)
  qs=$(secs sync "$dir/q.luks")
  rm -f "$dir/g.luks" "$dir/g.luks.kp"
  g=$(secs ./gfctl -q shield-vm --in "$img" --out "$dir/g.luks" --owner "$dir/owner.p12" --password-file "$pw" --no-guardian)
  rm -f "$dir/q.raw"
  qd=$(secs qemu-img convert --object "secret,id=s,file=$secret" --image-opts "driver=luks,key-secret=s,file.filename=$dir/q.luks" -O raw "$dir/q.raw")
  qds=$(secs sync "$dir/q.raw")
  cat "$dir/g.luks" >/dev/null
  rm -f "$dir/g.raw"
  gd=$(secs ./gfctl -q unshield --in "$dir/g.luks" --out "$dir/g.raw" --owner-key "$dir/owner.p12" --password-file "$pw")
  cmp -s "$dir/g.raw" "$img" || { echo "gfctl unshield did not give the original bytes" >&2; exit 1; }
  s=$(awk -v a="$q" -v b="$g" 'BEGIN {printf "%.2f", a / b}'); u=$(awk -v a="$qd" -v b="$gd" 'BEGIN {printf "%.2f", a / b}')
  s2=$(awk -v a="$q" -v c="$qs" -v b="$g" 'BEGIN {printf "%.2f", (a + c) / b}')
  u2=$(awk -v a="$qd" -v c="$qds" -v b="$gd" 'BEGIN {printf "%.2f", (a + c) / b}')
  sr+=("$s"); ur+=("$u"); sd+=("$s2"); ud+=("$u2")
  printf '%-5s %9ss %9ss %7sx %7sx %11ss %11ss %7sx %7sx\n' "$i" "$q" "$g" "$s" "$s2" "$qd" "$gd" "$u" "$u2"
  rm -f "$dir/q.luks" "$dir/q.raw" "$dir/g.luks" "$dir/g.luks.kp" "$dir/g.raw"
done
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo "median ratio: shield-vm $(printf '%s\n' "${sr[@]}" | median)x qemu-img, unshield $(printf '%s\n' "${ur[@]}" | median)x qemu-img"
echo "median durable ratio (qemu-img + sync of its output): shield-vm $(printf '%s\n' "${sd[@]}" | median)x, unshield $(printf '%s\n' "${ud[@]}" | median)x"
