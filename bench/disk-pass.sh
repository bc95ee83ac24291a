#!/usr/bin/env bash
# Where shield-vm's disk pass goes: the pass alone (read: the engine's reads only; cpu: encrypt + hash, no writes; io: read +
# write + fsync, no crypto; full: both), each in a fresh JVM, alternating, RUNS times (default 5),
# medians; beside them the machine's own floors measured in the same run: dd oflag=direct of the
# same image (+ fsync), and openssl speed for SHA-256 and AES-256-XTS on 1 MiB buffers.
#
#   bench/disk-pass.sh [DIR] [SIZE:LAYOUT]      default /var/tmp/gfctl-bench 2G:random
#   RUNS=5  THREADS=0 (engine default)  JAVA_HOME as set
#
# DiskPassBench is in core's test sources (org.gfctl.core.bench); the image is made as in shield.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/var/tmp/gfctl-bench}
spec=${2:-2G:random}
runs=${RUNS:-5}
threads=${THREADS:-0}
size=${spec%%:*}; layout=${spec##*:}
img="$dir/img-$size-$layout.raw"
mkdir -p "$dir"
cp_file=$(pwd)/core/target/disk-pass.classpath
./mvnw -q -B -ntp -pl core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="core/target/test-classes:core/target/classes:$(cat "$cp_file")"
if [[ ! -f "$img" ]]; then
  ./mvnw -q -B -DskipTests -pl test-resources package >/dev/null 2>&1 || true
  java -cp test-resources/target/test-classes org.gfctl.testing.DiskImages "$img" "$size" "$layout" 42
fi
cat "$img" >/dev/null
out="$dir/disk-pass.out"
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN {printf "%.2f", d / 1e9}'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo "# disk pass bench $(date -u +%FT%TZ), $size $layout, $runs runs, $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A all
for ((i = 1; i <= runs; i++)); do
  line="run $i:"
  for mode in read cpu io full; do
    t=$(java -cp "$cp" org.gfctl.core.bench.DiskPassBench "$mode" "$img" "$out" "$threads" 2>/dev/null | awk '/^RESULT/ {print $3}')
    all[$mode]+="$t "
    line+=" $mode ${t}s"
  done
  rm -f "$out"
  d=$(secs dd if="$img" of="$out" bs=1M oflag=direct conv=fsync status=none)
  rm -f "$out"
  all[dd]+="$d "
  echo "$line  dd-direct ${d}s"
done
for k in read cpu io full dd; do
  printf '%-10s median %5ss  (%s)\n' "$k" "$(printf '%s\n' ${all[$k]} | median)" "${all[$k]% }"
done
mb=$(awk -v s="$(stat -c %s "$img")" 'BEGIN {print s / 1e6}')
sha=$(openssl speed -seconds 2 -bytes 1048576 -evp sha256 2>/dev/null | awk 'tolower($1) == "sha256" {print $2}')
xts=$(openssl speed -seconds 2 -bytes 1048576 -evp aes-256-xts 2>/dev/null | awk 'tolower($1) == "aes-256-xts" {print $2}')
echo "openssl one core, 1 MiB buffers: sha256 $sha, aes-256-xts $xts (1000s of bytes/s)"
awk -v mb="$mb" -v sha="${sha%k}" -v xts="${xts%k}" 'BEGIN {
  printf "so %d MB need at least %.2f s of SHA-256 and %.2f s of AES-XTS CPU: %.2f s on each of two cores\n",
    mb, mb * 1000 / sha, mb * 1000 / xts, (mb * 1000 / sha + mb * 1000 / xts) / 2 }'
