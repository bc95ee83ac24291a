#!/usr/bin/env bash
# Audit log benchmark: verify throughput over 1,000,000 entries and append latency per command.
#
#   bench/audit-verify.sh [DIR] [ENTRIES] [APPENDS]    DIR: scratch directory (default /var/tmp/gfctl-bench)
#
# Runs AuditBench RUNS times (default 3), each on a fresh SQLite store with ENTRIES entries
# bulk-inserted: three timed AuditVerifier.verify() (target >= 500,000 entries/s on one core), the
# latency of APPENDS appends (each signs a P-384 checkpoint and commits with synchronous=FULL),
# checkpoint signing and signature checking alone, a verify with those checkpoints. Prints every
# run, then the median over runs of each RESULT. One core (taskset) unless CORES is set, e.g.
# CORES=0-1; the heap is capped at 256 MiB (verify's memory does not grow with the log).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/var/tmp/gfctl-bench}
entries=${2:-1000000}
appends=${3:-1000}
runs=${RUNS:-3}
cp_file=$(pwd)/core/target/audit-bench.classpath
./mvnw -q -B -ntp -pl core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="core/target/test-classes:core/target/classes:$(cat "$cp_file")"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "# gfctl audit bench $(date -u +%FT%TZ), $(java -version 2>&1 | head -1), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "# cores ${CORES:-0}, $runs runs, $entries entries, $appends appends, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$runs"); do
  echo "## run $run"
  taskset -c "${CORES:-0}" java -Xmx256m -cp "$cp" org.gfctl.core.audit.bench.AuditBench "$dir" "$entries" "$appends" \
    2>/dev/null | tee -a "$out" | grep -v '^RESULT'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## median of $runs runs"
for key in verify_entries_per_s append_median_ms append_p95_ms sign_median_ms checkpoints_per_s; do
  awk -v k="$key" '$1 == "RESULT" && $2 == k { print $3 }' "$out" | sort -g \
    | awk -v k="$key" '{ v[NR] = $1 } END { if (NR) printf "%-22s %s\n", k, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
done
