#!/usr/bin/env bash
# A/B of one gfctl command between two builds, or two environment settings, run alternately so
# that a drifting host affects both:
#
#   bench/ab.sh DIR_A DIR_B PAIRS CORES -- GFCTL-ARGS...
#
# DIR_A, DIR_B: source checkouts (e.g. a `git worktree add /tmp/base <commit>` and this one), each
# built (./gfctl builds it on first use); they may be the same checkout when ENV_A and ENV_B differ.
# ENV_A, ENV_B: assignments for env(1) per side, e.g. ENV_A=GFCTL_JIT=default against the launcher's
# defaults. CORES: a taskset list (0, 0-1). Before each run: `sync` (nothing of the previous run's
# output left dirty) and, if set, the shell command in CLEANUP (e.g. removing the output file).
# Prints each run's wall and CPU (user + sys) time and the medians per side. The command's output
# is discarded; it must exit 0.
set -euo pipefail
[[ $# -ge 5 && $5 == -- ]] || { echo "usage: bench/ab.sh DIR_A DIR_B PAIRS CORES -- GFCTL-ARGS..." >&2; exit 2; }
a=$1 b=$2 pairs=$3 cores=$4
shift 5
timing=$(mktemp)
runs=$(mktemp)
trap 'rm -f "$timing" "$runs" "$timing.err"' EXIT
java=${JAVA_HOME:+$JAVA_HOME/bin/}java  # the launcher's JVM: JAVA_HOME, else java on PATH
echo "# gfctl A/B $(date -u +%FT%TZ): $pairs pairs on cores $cores: gfctl $*"
echo "# A $a ($(git -C "$a" log -1 --format=%h)) '${ENV_A:-}', B $b ($(git -C "$b" log -1 --format=%h)) '${ENV_B:-}'," \
  "$("$java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
  for side in A B; do
    if [[ $side == A ]]; then dir=$a env=${ENV_A:-}; else dir=$b env=${ENV_B:-}; fi
    eval "${CLEANUP:-:}"
    sync
    # shellcheck disable=SC2086 # the assignments are split on spaces on purpose
    if ! (cd "$dir" && env $env taskset -c "$cores" /usr/bin/time -f '%e %U %S' -o "$timing" ./gfctl "$@" \
        >/dev/null 2>"$timing.err"); then
      cat "$timing.err" >&2
      exit 1
    fi
    read -r wall user sys < "$timing"
    echo "$side $dir $wall $user $sys" | tee -a "$runs"
  done
done
eval "${CLEANUP:-:}"
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%.2f", NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
for side in A B; do
  wall=$(awk -v s="$side" '$1 == s { print $3 }' "$runs" | median)
  cpu=$(awk -v s="$side" '$1 == s { print $4 + $5 }' "$runs" | median)
  echo "median $side: wall $wall s, cpu $cpu s ($pairs runs)"
done
