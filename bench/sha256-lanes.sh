#!/usr/bin/env bash
# SHA-256 with SHA-NI, one message at a time against two interleaved (bench/sha256-lanes.c): the
# measurement behind "hashing two chunks per core at once" in docs/design.md. Needs gcc and a CPU
# with the SHA extensions (grep sha_ni /proc/cpuinfo). One core: CORE=1 by default.
set -euo pipefail
cd "$(dirname "$0")"
grep -qw sha_ni /proc/cpuinfo || { echo "this CPU has no SHA extensions (sha_ni)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -Wall -Werror -o "$tmp/lanes" sha256-lanes.c
out=$(taskset -c "${CORE:-1}" "$tmp/lanes" "$tmp/a" "$tmp/b")
echo "$out"
a=$(sha256sum "$tmp/a" | cut -d' ' -f1); b=$(sha256sum "$tmp/b" | cut -d' ' -f1)
grep -q "^c1 a: $a\$" <<<"$out" && grep -q "^c2 a: $a\$" <<<"$out" && grep -q "^c2 b: $b\$" <<<"$out" \
  || { echo "digests differ from sha256sum's ($a, $b)" >&2; exit 1; }
echo "digests equal to sha256sum's"
