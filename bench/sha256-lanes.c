/*
 * What hashing two 1 MiB chunks at once with SHA-NI would give, on this CPU: a scratch measurement
 * behind docs/design.md ("Disk engine", session 10), not part of gfctl. One lane is the loop every
 * SHA-NI SHA-256 runs (the JDK's intrinsic, OpenSSL, Bouncy Castle's native code); two lanes
 * interleave two independent messages' rounds, so that one message's sha256rnds2 runs while the
 * other's waits for its result. Run by bench/sha256-lanes.sh, which checks the digests with sha256sum.
 *
 *   sha256-lanes A B     writes two 1 MiB test messages to files A and B, prints their digests
 *                        from one lane and from two lanes, then GB/s of each, three times
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static const uint32_t K[64] = {
0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};
#define T __attribute__((target("sha,sse4.1,ssse3")))
T static inline void load(const uint32_t *s, __m128i *s0, __m128i *s1) {
  __m128i t = _mm_loadu_si128((const __m128i*)s), u = _mm_loadu_si128((const __m128i*)(s+4));
  t = _mm_shuffle_epi32(t, 0xB1); u = _mm_shuffle_epi32(u, 0x1B);
  *s0 = _mm_alignr_epi8(t, u, 8); *s1 = _mm_blend_epi16(u, t, 0xF0);
}
T static inline void store(uint32_t *s, __m128i s0, __m128i s1) {
  __m128i t = _mm_shuffle_epi32(s0, 0x1B); s1 = _mm_shuffle_epi32(s1, 0xB1);
  s0 = _mm_blend_epi16(t, s1, 0xF0); s1 = _mm_alignr_epi8(s1, t, 8);
  _mm_storeu_si128((__m128i*)s, s0); _mm_storeu_si128((__m128i*)(s+4), s1);
}
T void c1(uint32_t *st, const uint8_t *p, size_t blocks) {
  const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i s0, s1; load(st, &s0, &s1);
  for (; blocks--; p += 64) {
    __m128i a0 = s0, a1 = s1, w[4], m;
    for (int g = 0; g < 16; g++) {
      if (g < 4) w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(p + 16*g)), MASK);
      else {
        __m128i x = _mm_sha256msg1_epu32(w[g&3], w[(g+1)&3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g+3)&3], w[(g+2)&3], 4));
        w[g&3] = _mm_sha256msg2_epu32(x, w[(g+3)&3]);
      }
      m = _mm_add_epi32(w[g&3], _mm_loadu_si128((const __m128i*)(K + 4*g)));
      s1 = _mm_sha256rnds2_epu32(s1, s0, m);
      s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
    }
    s0 = _mm_add_epi32(s0, a0); s1 = _mm_add_epi32(s1, a1);
  }
  store(st, s0, s1);
}
T void c2(uint32_t *sa, const uint8_t *pa, uint32_t *sb, const uint8_t *pb, size_t blocks) {
  const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i s0, s1, t0, t1; load(sa, &s0, &s1); load(sb, &t0, &t1);
  for (; blocks--; pa += 64, pb += 64) {
    __m128i a0 = s0, a1 = s1, b0 = t0, b1 = t1, w[4], v[4], m, n;
    for (int g = 0; g < 16; g++) {
      if (g < 4) { w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pa + 16*g)), MASK);
                   v[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pb + 16*g)), MASK); }
      else {
        __m128i x = _mm_sha256msg1_epu32(w[g&3], w[(g+1)&3]);
        __m128i y = _mm_sha256msg1_epu32(v[g&3], v[(g+1)&3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g+3)&3], w[(g+2)&3], 4));
        y = _mm_add_epi32(y, _mm_alignr_epi8(v[(g+3)&3], v[(g+2)&3], 4));
        w[g&3] = _mm_sha256msg2_epu32(x, w[(g+3)&3]);
        v[g&3] = _mm_sha256msg2_epu32(y, v[(g+3)&3]);
      }
      __m128i k = _mm_loadu_si128((const __m128i*)(K + 4*g));
      m = _mm_add_epi32(w[g&3], k); n = _mm_add_epi32(v[g&3], k);
      s1 = _mm_sha256rnds2_epu32(s1, s0, m);
      t1 = _mm_sha256rnds2_epu32(t1, t0, n);
      s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
      t0 = _mm_sha256rnds2_epu32(t0, t1, _mm_shuffle_epi32(n, 0x0E));
    }
    s0 = _mm_add_epi32(s0, a0); s1 = _mm_add_epi32(s1, a1);
    t0 = _mm_add_epi32(t0, b0); t1 = _mm_add_epi32(t1, b1);
  }
  store(sa, s0, s1); store(sb, t0, t1);
}
static const uint32_t IV[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: sha256-lanes A B\n"); return 2; }
  size_t n = 1 << 20; uint8_t *a = malloc(n + 64), *b = malloc(n + 64);
  if (!a || !b) { perror("malloc"); return 1; }
  for (size_t i = 0; i < n; i++) { a[i] = (uint8_t)(i * 7 + 1); b[i] = (uint8_t)(i * 13 + 5); }
  /* padding for exactly n bytes: one extra block */
  memset(a + n, 0, 64); a[n] = 0x80; uint64_t bits = (uint64_t)n * 8; for (int i = 0; i < 8; i++) a[n + 63 - i] = bits >> (8*i);
  memcpy(b + n, a + n, 64);
  uint32_t s[8], x[8], y[8]; memcpy(s, IV, 32); c1(s, a, n / 64 + 1);
  memcpy(x, IV, 32); memcpy(y, IV, 32); c2(x, a, y, b, n / 64 + 1);
  printf("c1 a: "); for (int i = 0; i < 8; i++) printf("%08x", s[i]); printf("\n");
  printf("c2 a: "); for (int i = 0; i < 8; i++) printf("%08x", x[i]); printf("\n");
  printf("c2 b: "); for (int i = 0; i < 8; i++) printf("%08x", y[i]); printf("\n");
  for (int k = 1; k <= 2; k++) {
    FILE *f = fopen(argv[k], "wb");
    if (!f || fwrite(k == 1 ? a : b, 1, n, f) != n || fclose(f) != 0) { perror(argv[k]); return 1; }
  }
  for (int r = 0; r < 3; r++) {
    double t = now(); for (int i = 0; i < 1024; i++) c1(s, a, n / 64); double d1 = now() - t;
    t = now(); for (int i = 0; i < 512; i++) c2(x, a, y, b, n / 64); double d2 = now() - t;
    /* the states are printed so that the timed work has an observable result */
    printf("1 lane %.2f GB/s, 2 lanes %.2f GB/s (1 GiB each; %08x %08x %08x)\n", 1.073741824 / d1,
           1.073741824 / d2, s[0], x[0], y[0]);
  }
  return 0;
}
