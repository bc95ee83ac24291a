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
# verify_first_entries_per_s is run 1 of each JVM (cold: interpreter, JIT compiles), verify_entries_per_s
# run 2 (warm).
#
# Then the figure a user gets: the wall time (/usr/bin/time) of `./gfctl --home FABRIC -o json audit
# verify` in a fresh JVM through the launcher (AppCDS archive, shaded jar), RUNS times on the same
# core(s), on a fabric FABRIC (default DIR/audit-fabric) made by `gfctl fabric init` whose log holds
# ENTRIES entries, the last checkpoint signed with that fabric's own audit key (AuditBenchFabric;
# built once, ~20 s, and reused while FABRIC.entries says ENTRIES), and of `./gfctl --version` for
# reference (JVM start and launcher alone), and of an auditor's run with the exported audit certificate
# (`audit verify --cert audit.crt`, no guardian key store), and of a verify of a fabric just made by
# `fabric init` (the fixed cost; the rate net of it is cli_verify_net_entries_per_s).
# SKIP_INPROCESS=1 runs only this CLI part. PG=1 adds verify on PostgreSQL (see below).
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
  [[ -z "${SKIP_INPROCESS:-}" ]] || break
  echo "## run $run"
  taskset -c "${CORES:-0}" java -Xmx256m -cp "$cp" org.gfctl.core.audit.bench.AuditBench "$dir" "$entries" "$appends" \
    2>/dev/null | tee -a "$out" | grep -v '^RESULT'
done

# PostgreSQL (PG=1): AuditBenchPostgres starts a throw-away server (its processes inherit the
# taskset, so use CORES=0-1 to give the server a core of its own), COPYs ENTRIES entries in (~90 s
# per million: the generated columns are computed on insert) and times three verifies.
for run in $(seq "$runs"); do
  [[ -n "${PG:-}" && -z "${SKIP_INPROCESS:-}" ]] || break
  echo "## PostgreSQL run $run"
  taskset -c "${CORES:-0}" java -Xmx256m -cp "$cp" org.gfctl.core.audit.bench.AuditBenchPostgres "$dir" "$entries" \
    2>/dev/null | tee -a "$out" | grep -v '^RESULT'
done

# The CLI: build the jar if stale and regenerate the AppCDS archive outside the measurement.
./gfctl --version >/dev/null
fabric=${FABRIC:-$dir/audit-fabric}
if [[ ! -f "$fabric/fabric.properties" || "$(cat "$fabric.entries" 2>/dev/null)" != "$entries" ]]; then
  rm -rf "$fabric" "$fabric.entries"
  mkdir -p "$(dirname "$fabric")"
  ./gfctl --home "$fabric" -q fabric init >/dev/null
  java -Xmx256m -cp "$cp" org.gfctl.core.audit.bench.AuditBenchFabric "$fabric" "$entries" 2>"$fabric.log" \
    || { cat "$fabric.log" >&2; exit 1; }
  echo "$entries" > "$fabric.entries"
fi
timing=$(mktemp)
json=$(mktemp)
certs=$(mktemp -d)
# on the file system of the measured fabric, removed on exit
empty="$(dirname "$fabric")/new-fabric.$$"
trap 'rm -rf "$out" "$timing" "$json" "$certs" "$empty"' EXIT
./gfctl --home "$fabric" -q fabric export-certs --out "$certs" >/dev/null
# The fixed cost of a verify: a fabric just made by `fabric init` (entry 0, checkpoint 0), verified
# the same way. ENTRIES / (wall - this) is the rate of the pass over the entries in the same fresh
# JVM, its JIT warm-up included (cli_verify_net_entries_per_s).
./gfctl --home "$empty" -q fabric init >/dev/null
# entries / (wall - fixed), or "n/a" when the fixed cost is not below the wall time (tiny ENTRIES)
net() { awk -v n="$1" -v w="$2" -v e="$3" 'BEGIN { if (w > e) printf "%.0f", n / (w - e); else print "n/a" }'; }
# timed_verify HOME EXPECTED WHAT [ARGS...]: times `gfctl --home HOME -o json audit verify ARGS` on
# the core(s) into $timing; stops the bench unless it exits 0 with an intact log of EXPECTED entries
timed_verify() {
  local home=$1 expected=$2 what=$3 got
  shift 3
  if ! taskset -c "${CORES:-0}" /usr/bin/time -f '%e %U %S' -o "$timing" \
      ./gfctl --home "$home" -o json audit verify "$@" > "$json"; then
    cat "$json" >&2
    echo "gfctl audit verify failed (exit != 0) on $what" >&2
    exit 1
  fi
  got=$(tr -d ' \n' < "$json" | sed -n 's/.*"intact":true,"entries":\([0-9]*\).*/\1/p')
  [[ "$got" == "$expected" ]] || { cat "$json" >&2
    echo "verify of $what reported ${got:-no intact log of} entries, expected $expected" >&2; exit 1; }
}
echo "## CLI: taskset -c ${CORES:-0} ./gfctl --home $fabric -o json audit verify (fresh JVM, wall time)"
for run in $(seq "$runs"); do
  taskset -c "${CORES:-0}" /usr/bin/time -f '%e %U %S' -o "$timing" ./gfctl --version >/dev/null
  read -r vw vu vs < "$timing"
  timed_verify "$empty" 1 "the new fabric $empty"
  read -r ew eu es < "$timing"
  timed_verify "$fabric" "$entries" "$fabric (delete it to rebuild)"
  read -r w u s < "$timing"
  n=$entries
  printf 'cli verify run %d    %s entries in %s s wall (user %s s, sys %s s) = %.0f entries/s;' \
    "$run" "$n" "$w" "$u" "$s" "$(awk -v n="$n" -v w="$w" 'BEGIN { print n / w }')"
  printf ' gfctl --version %s s wall (user %s s)\n' "$vw" "$vu"
  printf 'cli verify new fabric %d: 1 entry in %s s wall (user %s s), so %s entries/s net of it\n' \
    "$run" "$ew" "$eu" "$(net "$n" "$w" "$ew")"
  # an auditor's run: the audit certificate as a file (--cert), no guardian key store to open
  timed_verify "$fabric" "$entries" "$fabric with --cert" --cert "$certs/audit.crt"
  read -r cw cu cs < "$timing"
  printf 'cli verify --cert %d %s entries in %s s wall (user %s s, sys %s s) = %.0f entries/s\n' \
    "$run" "$n" "$cw" "$cu" "$cs" "$(awk -v n="$n" -v w="$cw" 'BEGIN { print n / w }')"
  { awk -v n="$n" -v w="$w" 'BEGIN { printf "RESULT cli_verify_entries_per_s %.0f\n", n / w }'
    awk -v n="$n" -v w="$cw" 'BEGIN { printf "RESULT cli_verify_cert_entries_per_s %.0f\n", n / w }'
    echo "RESULT cli_verify_s $w"
    echo "RESULT cli_verify_new_fabric_s $ew"
    echo "RESULT cli_verify_net_entries_per_s $(net "$n" "$w" "$ew")"
    echo "RESULT cli_verify_cert_s $cw"
    echo "RESULT cli_version_s $vw"; } >> "$out"
done

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## median of $runs runs"
for key in verify_first_entries_per_s verify_entries_per_s cli_verify_entries_per_s cli_verify_s \
    cli_verify_cert_entries_per_s cli_verify_cert_s cli_version_s cli_verify_new_fabric_s \
    cli_verify_net_entries_per_s \
    append_median_ms append_p95_ms sign_median_ms checkpoints_per_s pg_verify_first_entries_per_s \
    pg_verify_entries_per_s; do
  awk -v k="$key" '$1 == "RESULT" && $2 == k { print $3 }' "$out" | sort -g \
    | awk -v k="$key" '{ v[NR] = $1 } END { if (NR) printf "%-30s %s\n", k, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
done
