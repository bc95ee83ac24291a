#!/usr/bin/env bash
# rotate-key timings: --rewrap and --new-secret on a 1 GiB and an 8 GiB image (they must not
# depend on the size), and --reencrypt (to a new file and in place) against shield-vm on 1 GiB.
#
#   bench/rotate.sh [DIR]      DIR: scratch directory (default /var/tmp/gfctl-bench-rotate)
#   RUNS=3                     median of RUNS for rewrap / new-secret
#
# Images are the generator's "mixed" layout (random, zero and hole extents), created sparse.
# Wall times include JVM start-up; the "core" column is the service's own time from -o json.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/var/tmp/gfctl-bench-rotate}
runs=${RUNS:-3}
mkdir -p "$dir"
./gfctl --version >/dev/null
./mvnw -q -B -pl test-resources -am test-compile >/dev/null
gen() { java -cp test-resources/target/test-classes org.gfctl.testing.DiskImages "$@" >/dev/null; }
pw="$dir/pw"; printf 'bench-password\n' > "$pw"; chmod 600 "$pw"
[[ -f "$dir/owner.p12" ]] || ./gfctl --home "$dir/home" owner init --out "$dir/owner.p12" --password-file "$pw" >/dev/null
g() { ./gfctl --home "$dir/home" -o json "$@" --password-file "$pw"; }
secs() { python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'; }
# time_median CMD... -> "wall core" medians over RUNS
time_median() {
  local walls=() cores=() t0 t1 core
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N); core=$("$@" | secs); t1=$(date +%s%N)
    walls+=("$(( (t1 - t0) / 1000000 ))"); cores+=("$core")
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" \
    "$(printf '%s\n' "${cores[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")"
}

printf '%-28s %10s %10s\n' "operation" "wall ms" "core s"
for size in 1G 8G; do
  raw="$dir/vm-$size.raw"; img="$dir/vm-$size.luks"
  [[ -f "$raw" ]] || gen "$raw" "$size" mixed 42
  rm -f "$img" "$img.kp" "$img".gfctl-*
  shield=$( { t0=$(date +%s%N); g shield-vm --in "$raw" --out "$img" --owner "$dir/owner.p12" >"$dir/shield.json"; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); } )
  printf '%-28s %10s %10s\n' "shield-vm $size" "$shield" "$(secs < "$dir/shield.json")"
  read -r w c < <(time_median g rotate-key --in "$img" --owner-key "$dir/owner.p12" --rewrap)
  printf '%-28s %10s %10s\n' "rotate-key --rewrap $size" "$w" "$c"
  read -r w c < <(time_median g rotate-key --in "$img" --owner-key "$dir/owner.p12" --new-secret)
  printf '%-28s %10s %10s\n' "rotate-key --new-secret $size" "$w" "$c"
  if [[ $size == 1G ]]; then
    mbs() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(round(d["bytesRewritten"]/1e6/d["seconds"],1) if "bytesRewritten" in d else d["megabytesPerSecond"])'; }
    printf '%-28s %10s MB/s\n' "shield-vm 1G throughput" "$(mbs < "$dir/shield.json")"
    rm -f "$img.reencrypted" "$img.reencrypted.kp"
    printf '%-28s %10s MB/s\n' "--reencrypt (new file)" "$(g rotate-key --in "$img" --owner-key "$dir/owner.p12" --reencrypt | mbs)"
    printf '%-28s %10s MB/s\n' "--reencrypt --in-place" "$(g rotate-key --in "$img" --owner-key "$dir/owner.p12" --reencrypt --in-place | mbs)"
    rm -f "$img.reencrypted" "$img.reencrypted.kp"
  fi
done
