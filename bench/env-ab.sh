#!/usr/bin/env bash
# A/B of one gfctl command between two environment settings of this checkout, run alternately so
# that a drifting host affects both (bench/ab.sh compares two checkouts instead):
#
#   bench/env-ab.sh PAIRS CORES 'ENV_A' 'ENV_B' -- GFCTL-ARGS...
#
# ENV_A, ENV_B: assignments for env(1), e.g. 'GFCTL_JIT=default' against '' (the launcher's
# defaults); CORES: a taskset list (0, 0-1). Before each run: `sync` (nothing of the previous run's
# output left dirty) and, if set, the shell command in CLEANUP (e.g. removing the output file).
# Prints each run's wall and CPU (user + sys) time and the medians per setting. The command's
# output is discarded; it must exit 0.
set -euo pipefail
[[ $# -ge 6 && $5 == -- ]] || { echo "usage: bench/env-ab.sh PAIRS CORES 'ENV_A' 'ENV_B' -- GFCTL-ARGS..." >&2; exit 2; }
pairs=$1 cores=$2 env_a=$3 env_b=$4
shift 5
gfctl="$(cd "$(dirname "$0")/.." && pwd)/gfctl"
"$gfctl" --version >/dev/null
timing=$(mktemp)
runs=$(mktemp)
trap 'rm -f "$timing" "$runs"' EXIT
echo "# gfctl env A/B $(date -u +%FT%TZ): $pairs pairs on cores $cores: gfctl $*"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java  # the launcher's JVM: JAVA_HOME, else java on PATH
echo "# A '$env_a', B '$env_b', $(git -C "$(dirname "$0")" log -1 --format=%h), $("$java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
  for v in A B; do
    [[ $v == A ]] && e=$env_a || e=$env_b
    eval "${CLEANUP:-:}"
    sync
    # shellcheck disable=SC2086 # the assignments are split on spaces on purpose
    if ! env $e taskset -c "$cores" /usr/bin/time -f '%e %U %S' -o "$timing" "$gfctl" "$@" >/dev/null 2>"$timing.err"; then
      cat "$timing.err" >&2; rm -f "$timing.err"; exit 1
    fi
    read -r wall user sys < "$timing"
    echo "$v $wall $user $sys" | tee -a "$runs"
  done
done
rm -f "$timing.err"
eval "${CLEANUP:-:}"
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%.2f", NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
for v in A B; do
  wall=$(awk -v v="$v" '$1 == v { print $2 }' "$runs" | median)
  cpu=$(awk -v v="$v" '$1 == v { print $3 + $4 }' "$runs" | median)
  echo "median $v: wall $wall s, cpu $cpu s ($pairs runs)"
done
