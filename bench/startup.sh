#!/usr/bin/env bash
# Start-up time of the launcher: median wall time of `gfctl --version` and `gfctl --help` over
# N runs (JVM start included), measured with hyperfine when present, else with date +%s%N.
# Usage: bench/startup.sh [RUNS]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
./gfctl --version >/dev/null   # build if needed, outside the measurement

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

for args in "--version" "--help"; do
  times=()
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    ./gfctl $args >/dev/null
    t1=$(date +%s%N)
    times+=("$(echo "($t1 - $t0) / 1000000000" | bc -l)")
  done
  printf 'gfctl %-10s median %s s over %d runs (java: %s)\n' "$args" \
    "$(printf '%s\n' "${times[@]}" | median)" "$runs" "$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
done
