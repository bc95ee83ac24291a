#!/usr/bin/env bash
# Attestation verifier throughput (JMH) and CLI wall time of host enroll / attest on swtpm (issue 4).
#
#   bench/attest-verify.sh              both parts
#   bench/attest-verify.sh jmh|cli      one part
#   JAVAS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"   JDKs to run on
#   FORKS=2 WI=5 W=5s I=5 R=5s          JMH forks, warmup and measurement iterations and their length
#   RUNS=5                              gfctl attest runs (median)
#
# JMH: AttestationVerifierBench (core test sources), one thread; per benchmark the median ops/s
# over all measurement iterations of all forks, and the median thread CPU time per operation
# (cpuMicros / calls per iteration) with the ops/s one idle core would sustain at that cost. On a
# shared machine ops/s falls with the load average while CPU per op does not: both are printed,
# with the load average before and after. Warmup is long because a CPU-starved warmup leaves the
# JIT unfinished.
#
# CLI: a fresh swtpm with its own local CA, a fabric under the temp dir (--home), the swtpm CA root
# and intermediate trusted, host enroll --baseline, then RUNS x attest; wall time of each through
# the ./gfctl launcher (JVM start included), median. The swtpm PCRs are at reset values and no
# event log is sent: the TPM commands and the JVM dominate this time, not the verifier.
#
# Everything goes to one temp dir, removed on exit, and swtpm is killed by its PID. The build
# writes only the usual target/ directories of this checkout (test-compile; ./gfctl packages the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
what=${1:-all}
javas=${JAVAS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
forks=${FORKS:-2} wi=${WI:-5} w=${W:-5s} iters=${I:-5} r=${R:-5s}
runs=${RUNS:-5}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gfctl-attest-bench.XXXXXX")
swtpm_pid=
cleanup() {
  if [[ -n $swtpm_pid ]] && kill -0 "$swtpm_pid" 2>/dev/null; then
    kill "$swtpm_pid" 2>/dev/null || true
    wait "$swtpm_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
jdk_version() { "$1/bin/java" -version 2>&1 | head -1 | awk -F'"' '{print $2}'; }

echo "# gfctl attestation bench $(date -u +%FT%TZ) on $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); load $(load)"

jmh() {
  echo "## JMH AttestationVerifierBench: -f $forks -wi $wi -w $w -i $iters -r $r -t 1"
  # -am so tpm, policy and test-resources resolve to this checkout's target/ directories, not to
  # whatever snapshot sits in ~/.m2; core comes last in the reactor, so its classpath is the file left.
  ./mvnw -q -B -pl core -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$tmp/cp.txt" -Dmdep.includeScope=test >"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; echo "build failed" >&2; exit 1; }
  local cp="$root/core/target/test-classes:$root/core/target/classes:$(cat "$tmp/cp.txt")"
  local jh v out b
  for jh in $javas; do
    [[ -x "$jh/bin/java" ]] || { echo "  (skipping $jh: no java)"; continue; }
    v=$(jdk_version "$jh")
    out="$tmp/jmh-$v"
    echo "### JDK $v (load before $(load))"
    # The trial setup manufactures a swtpm under java.io.tmpdir: keep it inside our temp dir.
    "$jh/bin/java" -Djava.io.tmpdir="$tmp" -cp "$cp" org.openjdk.jmh.Main AttestationVerifierBench \
        -jvmArgsAppend "-Djava.io.tmpdir=$tmp" \
        -f "$forks" -wi "$wi" -w "$w" -i "$iters" -r "$r" -t 1 -rf json -rff "$out.json" >"$out.txt" 2>&1 \
      || { tail -40 "$out.txt" >&2; echo "JMH failed on JDK $v" >&2; exit 1; }
    for b in verifyWithEventLog verifyWithoutEventLog; do
      local sel=".[] | select(.benchmark | endswith(\".$b\"))"
      local ops cpu
      ops=$(jq -r "$sel | .primaryMetric.rawData[][]" "$out.json" | median)
      cpu=$(jq -r "$sel | .secondaryMetrics as \$s | [\$s.cpuMicros.rawData[][]] as \$c | [\$s.calls.rawData[][]] as \$n
                   | range(0; \$c | length) | \$c[.] / \$n[.]" "$out.json" | median)
      awk -v b="$b" -v o="$ops" -v c="$cpu" -v n="$(jq -r "$sel | .primaryMetric.rawData | flatten | length" "$out.json")" \
        'BEGIN {printf "  %-22s %9.0f ops/s median of %d   CPU %7.1f us/op -> %6.0f ops/s per idle core\n", b, o, n, c, 1e6/c}'
    done
    echo "  (load after $(load))"
  done
}

start_swtpm() {
  local d="$tmp/swtpm" port attempt
  mkdir -p "$d/ca" "$d/state"
  printf 'statedir = %s\nsigningkey = %s\nissuercert = %s\ncertserial = %s\n' \
    "$d/ca" "$d/ca/signkey.pem" "$d/ca/issuercert.pem" "$d/ca/certserial" >"$d/swtpm-localca.conf"
  printf -- '--platform-manufacturer gfctl-bench\n--platform-version 2.1\n--platform-model swtpm\n' >"$d/swtpm-localca.options"
  printf 'create_certs_tool = %s\ncreate_certs_tool_config = %s\ncreate_certs_tool_options = %s\nactive_pcr_banks = sha256\n' \
    "$(command -v swtpm_localca)" "$d/swtpm-localca.conf" "$d/swtpm-localca.options" >"$d/swtpm_setup.conf"
  swtpm_setup --tpm2 --tpmstate "$d/state" --create-ek-cert --create-platform-cert --overwrite \
    --config "$d/swtpm_setup.conf" >"$d/setup.log" 2>&1 || { cat "$d/setup.log" >&2; exit 1; }
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then
      continue
    fi
    swtpm socket --tpm2 --tpmstate "dir=$d/state" \
      --server "type=tcp,port=$port,bindaddr=127.0.0.1" --ctrl "type=tcp,port=$((port + 1)),bindaddr=127.0.0.1" \
      --flags not-need-init,startup-clear --log "file=$d/swtpm.log,level=1" >"$d/swtpm.out" 2>&1 &
    swtpm_pid=$!
    for _ in $(seq 100); do
      kill -0 "$swtpm_pid" 2>/dev/null || break
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        swtpm_port=$port
        return 0
      fi
      sleep 0.1
    done
    kill "$swtpm_pid" 2>/dev/null || true
    wait "$swtpm_pid" 2>/dev/null || true
    swtpm_pid=
  done
  echo "swtpm did not start; see $d/swtpm.out" >&2
  exit 1
}

# timed LABEL CMD... -> seconds of wall time on stdout; the command's output goes to $tmp/LABEL.log
timed() {
  local label=$1 t0 t1
  shift
  t0=$EPOCHREALTIME
  "$@" >"$tmp/$label.log" 2>&1 || { cat "$tmp/$label.log" >&2; echo "FAILED: $*" >&2; exit 1; }
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

cli() {
  echo "## CLI wall time against swtpm (./gfctl, JVM start included; $runs attest runs)"
  ./gfctl --version >/dev/null   # builds the jar now, so that no build lands in a timing
  start_swtpm
  local spec="swtpm:127.0.0.1:$swtpm_port" jh v home i e a
  echo "  swtpm pid $swtpm_pid, $spec"
  for jh in $javas; do
    [[ -x "$jh/bin/java" ]] || continue
    v=$(jdk_version "$jh")
    home="$tmp/home-$v"
    export JAVA_HOME=$jh GFCTL_HOME=$home
    g() { "$root/gfctl" --home "$home" "$@"; }
    g fabric init >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; exit 1; }
    g fabric trust-tpm-ca "$tmp/swtpm/ca/swtpm-localca-rootca-cert.pem" >/dev/null 2>&1
    g fabric trust-tpm-ca "$tmp/swtpm/ca/issuercert.pem" >/dev/null 2>&1
    e=$(timed "enroll-$v" g host enroll --tpm "$spec" --name bench --baseline)
    a=$(for ((i = 0; i < runs; i++)); do timed "attest-$v-$i" g attest --tpm "$spec" --host bench --out "$home/health-$i.pem"; done)
    printf '  JDK %-10s host enroll --baseline %6.2f s   attest median %6.2f s  (runs: %s; load %s)\n' \
      "$v" "$e" "$(median <<<"$a")" "$(tr '\n' ' ' <<<"$a" | sed 's/ $//')" "$(load)"
  done
  unset JAVA_HOME GFCTL_HOME
}

case $what in
  all) jmh; cli ;;
  jmh) jmh ;;
  cli) cli ;;
  *) echo "usage: $0 [all|jmh|cli]" >&2; exit 2 ;;
esac
