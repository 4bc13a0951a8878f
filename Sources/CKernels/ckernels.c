// Sparse-row kernels for training on MNIST-like inputs (most pixels are zero), written in C
// so the compiler can use AVX2/FMA where the CPU has them (chosen at run time; Swift code is
// built for the baseline x86-64 instruction set).
#include "ckernels.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define SPARSE_TIMES_DENSE_BODY                                                      \
    for (int64_t r = 0; r < rows; r++) {                                             \
        double *o = out + r * cols;                                                  \
        const double *xr = x + r * inputs;                                           \
        memset(o, 0, (size_t)cols * sizeof(double));                                 \
        for (int64_t q = start[r]; q < start[r + 1]; q++) {                          \
            const int64_t i = nz[q];                                                 \
            const double v = xr[i];                                                  \
            const double *w = W + i * cols;                                          \
            for (int64_t j = 0; j < cols; j++) o[j] += v * w[j];                     \
        }                                                                            \
    }

#define TRANSPOSE_BODY                                                               \
    memset(dW, 0, (size_t)(inputs * cols) * sizeof(double));                         \
    for (int64_t r = 0; r < rows; r++) {                                             \
        const double *dr = d + r * cols;                                             \
        const double *xr = x + r * inputs;                                           \
        for (int64_t q = start[r]; q < start[r + 1]; q++) {                          \
            const int64_t i = nz[q];                                                 \
            const double v = xr[i];                                                  \
            double *g = dW + i * cols;                                               \
            for (int64_t j = 0; j < cols; j++) g[j] += v * dr[j];                    \
        }                                                                            \
    }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define HAVE_DISPATCH 1
// Columns in blocks of 16 held in four registers while the row's non-zeros stream by:
// one load of W per four multiply-adds instead of a load and a store of the output too.
__attribute__((target("avx2,fma")))
static void std_avx2(const double *restrict x, int64_t inputs, const int32_t *restrict nz, const int64_t *restrict start,
                     int64_t rows, const double *restrict W, int64_t cols, double *restrict out) {
    for (int64_t r = 0; r < rows; r++) {
        double *o = out + r * cols;
        const double *xr = x + r * inputs;
        const int64_t q0 = start[r], q1 = start[r + 1];
        int64_t jb = 0;
        for (; jb + 16 <= cols; jb += 16) {
            __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd(), a2 = _mm256_setzero_pd(), a3 = _mm256_setzero_pd();
            for (int64_t q = q0; q < q1; q++) {
                const int64_t i = nz[q];
                const __m256d v = _mm256_set1_pd(xr[i]);
                const double *w = W + i * cols + jb;
                a0 = _mm256_fmadd_pd(v, _mm256_loadu_pd(w), a0);
                a1 = _mm256_fmadd_pd(v, _mm256_loadu_pd(w + 4), a1);
                a2 = _mm256_fmadd_pd(v, _mm256_loadu_pd(w + 8), a2);
                a3 = _mm256_fmadd_pd(v, _mm256_loadu_pd(w + 12), a3);
            }
            _mm256_storeu_pd(o + jb, a0); _mm256_storeu_pd(o + jb + 4, a1);
            _mm256_storeu_pd(o + jb + 8, a2); _mm256_storeu_pd(o + jb + 12, a3);
        }
        for (; jb + 4 <= cols; jb += 4) {
            __m256d a0 = _mm256_setzero_pd();
            for (int64_t q = q0; q < q1; q++) {
                const int64_t i = nz[q];
                a0 = _mm256_fmadd_pd(_mm256_set1_pd(xr[i]), _mm256_loadu_pd(W + i * cols + jb), a0);
            }
            _mm256_storeu_pd(o + jb, a0);
        }
        for (; jb < cols; jb++) {
            double a = 0;
            for (int64_t q = q0; q < q1; q++) a = __builtin_fma(xr[nz[q]], W[nz[q] * cols + jb], a);
            o[jb] = a;
        }
    }
}
__attribute__((target("avx2,fma")))
static void tr_avx2(const double *restrict x, int64_t inputs, const int32_t *restrict nz, const int64_t *restrict start,
                    int64_t rows, const double *restrict d, int64_t cols, double *restrict dW) { TRANSPOSE_BODY }
#endif

static void std_base(const double *restrict x, int64_t inputs, const int32_t *restrict nz, const int64_t *restrict start,
                     int64_t rows, const double *restrict W, int64_t cols, double *restrict out) { SPARSE_TIMES_DENSE_BODY }
static void tr_base(const double *restrict x, int64_t inputs, const int32_t *restrict nz, const int64_t *restrict start,
                    int64_t rows, const double *restrict d, int64_t cols, double *restrict dW) { TRANSPOSE_BODY }

static int has_avx2(void) {
#ifdef HAVE_DISPATCH
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

void nn_sparse_times_dense(const double *x, int64_t inputs, const int32_t *nz, const int64_t *start,
                           int64_t rows, const double *W, int64_t cols, double *out) {
#ifdef HAVE_DISPATCH
    if (has_avx2()) { std_avx2(x, inputs, nz, start, rows, W, cols, out); return; }
#endif
    std_base(x, inputs, nz, start, rows, W, cols, out);
}

void nn_sparse_transpose_times_dense(const double *x, int64_t inputs, const int32_t *nz, const int64_t *start,
                                     int64_t rows, const double *d, int64_t cols, double *dW) {
#ifdef HAVE_DISPATCH
    if (has_avx2()) { tr_avx2(x, inputs, nz, start, rows, d, cols, dW); return; }
#endif
    tr_base(x, inputs, nz, start, rows, d, cols, dW);
}

int64_t nn_widen_and_index(const float *src, int64_t count, double *dst, int32_t *nz) {
    int64_t n = 0;
    // Branch-free: MNIST's pattern of lit pixels defeats the branch predictor.
    for (int64_t j = 0; j < count; j++) {
        const float v = src[j];
        dst[j] = (double)v;
        nz[n] = (int32_t)j;
        n += (v != 0.0f);
    }
    return n;
}

int64_t nn_atomic_add(int64_t *counter, int64_t delta) {
    return __atomic_add_fetch(counter, delta, __ATOMIC_RELAXED);
}
