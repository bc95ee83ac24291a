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
median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }
# rotate_medians MODE: "rotate-key --MODE" RUNS times on each image, after both shield-vm runs and
# with the sizes interleaved, so that both meet the same conditions (run right after their own
# shield-vm, the 8 GiB rotations measured ~25% slower than the same runs interleaved); prints one
# "wall core" median line per size.
rotate_medians() {
  local -A walls cores
  local t0 t1 core size
  for ((i = 0; i < runs; i++)); do
    for size in 1G 8G; do
      t0=$(date +%s%N)
      core=$(g rotate-key --in "$dir/vm-$size.luks" --owner-key "$dir/owner.p12" "--$1" | secs)
      t1=$(date +%s%N)
      walls[$size]+="$(( (t1 - t0) / 1000000 )) "; cores[$size]+="$core "
    done
  done
  for size in 1G 8G; do
    printf '%-28s %10s %10s\n' "rotate-key --$1 $size" "$(tr ' ' '\n' <<< "${walls[$size]% }" | median)" \
      "$(tr ' ' '\n' <<< "${cores[$size]% }" | median)"
  done
}

printf '%-28s %10s %10s\n' "operation" "wall ms" "core s"
for size in 1G 8G; do
  raw="$dir/vm-$size.raw"; img="$dir/vm-$size.luks"
  [[ -f "$raw" ]] || gen "$raw" "$size" mixed 42
  rm -f "$img" "$img.kp" "$img".gfctl-*
  shield=$( { t0=$(date +%s%N); g shield-vm --in "$raw" --out "$img" --owner "$dir/owner.p12" >"$dir/shield.json"; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); } )
  printf '%-28s %10s %10s\n' "shield-vm $size" "$shield" "$(secs < "$dir/shield.json")"
  if [[ $size == 1G ]]; then
    # MB/s of shield-vm, --reencrypt to a new file and --reencrypt --in-place, RUNS times each on
    # the same image (medians). gfctl writes with O_DIRECT, so a shielded image is not in the page
    # cache as the raw input is: read it once first, so that every rewrite starts from memory.
    mbs() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(round(d["bytesRewritten"]/1e6/d["seconds"],1) if "bytesRewritten" in d else d["megabytesPerSecond"])'; }
    sh_mbs=() re_mbs=() ip_mbs=()
    for ((i = 0; i < runs; i++)); do
      rm -f "$img" "$img.kp" "$img".gfctl-* "$img.reencrypted" "$img.reencrypted.kp"
      sh_mbs+=("$(g shield-vm --in "$raw" --out "$img" --owner "$dir/owner.p12" | mbs)")
      cat "$img" >/dev/null
      re_mbs+=("$(g rotate-key --in "$img" --owner-key "$dir/owner.p12" --reencrypt | mbs)")
      rm -f "$img.reencrypted" "$img.reencrypted.kp"
      ip_mbs+=("$(g rotate-key --in "$img" --owner-key "$dir/owner.p12" --reencrypt --in-place | mbs)")
    done
    sh_m=$(printf '%s\n' "${sh_mbs[@]}" | median); re_m=$(printf '%s\n' "${re_mbs[@]}" | median)
    ip_m=$(printf '%s\n' "${ip_mbs[@]}" | median)
    printf '%-28s %10s MB/s   (runs: %s)\n' "shield-vm 1G throughput" "$sh_m" "${sh_mbs[*]}"
    printf '%-28s %10s MB/s   (runs: %s) = %s of shield-vm\n' "--reencrypt (new file)" "$re_m" "${re_mbs[*]}" \
      "$(awk -v a="$re_m" -v b="$sh_m" 'BEGIN {printf "%.1f%%", 100 * a / b}')"
    printf '%-28s %10s MB/s   (runs: %s) = %s of shield-vm\n' "--reencrypt --in-place" "$ip_m" "${ip_mbs[*]}" \
      "$(awk -v a="$ip_m" -v b="$sh_m" 'BEGIN {printf "%.1f%%", 100 * a / b}')"
  fi
done
rotate_medians rewrap
rotate_medians new-secret
