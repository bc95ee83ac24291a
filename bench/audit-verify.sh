#!/usr/bin/env bash
# Audit log benchmark: verify throughput over 1,000,000 entries and append latency per command.
#
#   bench/audit-verify.sh [DIR] [ENTRIES] [APPENDS]    DIR: scratch directory (default /var/tmp/gfctl-bench)
#
# Builds a SQLite store with ENTRIES entries by batch insert (AuditBench), times AuditVerifier.verify()
# (target >= 500,000 entries/s on one core), then the median latency of APPENDS appends, each signing a
# checkpoint with the P-384 audit key. Runs on one core (taskset) unless CORES is set, e.g. CORES=0-1.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/var/tmp/gfctl-bench}
entries=${2:-1000000}
appends=${3:-1000}
cp_file=$(pwd)/core/target/audit-bench.classpath
./mvnw -q -B -pl core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="core/target/test-classes:core/target/classes:$(cat "$cp_file")"
echo "# gfctl audit bench $(date -u +%FT%TZ), $(java -version 2>&1 | head -1), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
taskset -c "${CORES:-0}" java -Xmx1g -cp "$cp" org.gfctl.core.audit.bench.AuditBench "$dir" "$entries" "$appends"
