/* Scalar nearest-centroid assignment pass, the C yardstick for test/bench/kmeans.ts.
 * Input file: int32 n, d, k; float32 data[n*d] (row-major); float64 centroids[k*d].
 * Same arithmetic as the TypeScript kernel: float rows, double accumulation, ties -> lowest index.
 * Prints: "<best pass ms> <inertia>". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s file [reps]\n", argv[0]); return 2; }
  int reps = argc > 2 ? atoi(argv[2]) : 5;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror("open"); return 1; }
  int32_t hdr[3];
  if (fread(hdr, 4, 3, f) != 3) return 1;
  size_t n = (size_t)hdr[0], d = (size_t)hdr[1], k = (size_t)hdr[2];
  float *X = malloc(n * d * sizeof(float));
  double *C = malloc(k * d * sizeof(double));
  int32_t *lab = malloc(n * sizeof(int32_t));
  if (fread(X, sizeof(float), n * d, f) != n * d || fread(C, sizeof(double), k * d, f) != k * d) return 1;
  fclose(f);
  double best_ms = 1e300, inertia = 0;
  for (int r = 0; r < reps; r++) {
    double t0 = now_ms();
    inertia = 0;
    for (size_t i = 0; i < n; i++) {
      const float *x = X + i * d;
      double best = 1e300;
      int32_t bj = 0;
      for (size_t j = 0; j < k; j++) {
        const double *c = C + j * d;
        double s = 0;
        for (size_t t = 0; t < d; t++) { double q = x[t] - c[t]; s += q * q; }
        if (s < best) { best = s; bj = (int32_t)j; }
      }
      lab[i] = bj;
      inertia += best;
    }
    double ms = now_ms() - t0;
    if (ms < best_ms) best_ms = ms;
  }
  printf("%.3f %.6f\n", best_ms, inertia);
  return 0;
}
