#!/usr/bin/env bash
# A/B of one gfctl command between two builds, run alternately so that a drifting host affects both:
#
#   bench/ab.sh DIR_A DIR_B PAIRS CORES -- GFCTL-ARGS...
#
# DIR_A, DIR_B: source checkouts (e.g. a `git worktree add /tmp/base <commit>` and this one), each
# built (./gfctl builds it on first use); CORES: a taskset list (0, 0-1). Prints each run's wall and
# CPU (user + sys) time and the medians per build. The command's output is discarded; it must exit 0.
set -euo pipefail
[[ $# -ge 5 && $5 == -- ]] || { echo "usage: bench/ab.sh DIR_A DIR_B PAIRS CORES -- GFCTL-ARGS..." >&2; exit 2; }
a=$1 b=$2 pairs=$3 cores=$4
shift 5
timing=$(mktemp)
runs=$(mktemp)
trap 'rm -f "$timing" "$runs"' EXIT
echo "# gfctl A/B $(date -u +%FT%TZ): $pairs pairs on cores $cores: gfctl $*"
echo "# A $a ($(git -C "$a" log -1 --format=%h)), B $b ($(git -C "$b" log -1 --format=%h)), load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
  for dir in "$a" "$b"; do
    (cd "$dir" && taskset -c "$cores" /usr/bin/time -f '%e %U %S' -o "$timing" ./gfctl "$@" >/dev/null)
    read -r wall user sys < "$timing"
    echo "$dir $wall $user $sys" | tee -a "$runs"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%.2f", NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
for dir in "$a" "$b"; do
  wall=$(awk -v d="$dir" '$1 == d { print $2 }' "$runs" | median)
  cpu=$(awk -v d="$dir" '$1 == d { print $3 + $4 }' "$runs" | median)
  echo "median $dir: wall $wall s, cpu $cpu s ($pairs runs)"
done
