// e^x for float64 arrays (vector_math.h), written as a branch-free loop the compiler turns
// into AVX-512 or AVX2 code. Method (Tang's table): x = (256·e + j)·ln2/256 + r with
// |r| ≤ ln2/512, so e^x = 2^e · 2^(j/256) · e^r; 2^(j/256) comes from a table held to about
// 106 bits and e^r − 1 from its Taylor series to r⁵ (the next term is below 2^−66).
#include "vector_math.h"
#include "cpu.h"
#include "exp_table.h"
#include <math.h>
#include <string.h>

// The multiply-adds are written as fma() where they are meant; nothing else may be fused,
// or the AVX2 and baseline builds would round differently. NaN is set aside with quiet
// tests (isnan, isgreaterequal) before anything compares it: `>=` or a max instruction
// would raise the invalid flag behind NumPy's RuntimeWarning, and exp(nan) is no error.
#pragma STDC FP_CONTRACT OFF

// Inside this range every result is a normal double: e^−708 > 2^−1022, e^709 < 2^1024.
#define LOW (-708.0)
#define HIGH 709.0

// Blocks of 64 values are read into `in` first, so out may be x itself: the values the C
// library must redo are judged from the arguments, not from what was written over them.
#define EXP_BODY                                                                                 \
    {                                                                                            \
        const double inv_step = 0x1.71547652b82fep+8;      /* 256 / ln 2 */                      \
        const double step_hi = 0x1.62e42fef80000p-9;       /* ln 2 / 256 to 34 bits: k·hi exact */ \
        const double step_lo = 0x1.1cf79abc9e3b4p-44;      /* the rest of ln 2 / 256 */          \
        const double shift = 0x1.8p52;                     /* adding it rounds to an integer */  \
        double in[64];                                                                           \
        for (int64_t b = 0; b < n; b += 64) {                                                    \
            const int64_t m = n - b < 64 ? n - b : 64;                                           \
            for (int64_t i = 0; i < m; i++) in[i] = x[(b + i) * sx];                             \
            for (int64_t i = 0; i < m; i++) {                                                    \
                double v = in[i];                                                                \
                v = isnan(v) ? LOW : v;         /* NaN and out-of-range values are redone below */ \
                v = v < LOW ? LOW : v;                                                           \
                v = v > HIGH ? HIGH : v;                                                         \
                const double kd = (v * inv_step + shift) - shift;                                \
                const int64_t k = (int64_t)kd;                                                   \
                double r = fma(-kd, step_hi, v);                                                 \
                r = fma(-kd, step_lo, r);                                                        \
                const double r2 = r * r;                                                         \
                const double tail = fma(r, fma(r, fma(r, 0x1.1111111111111p-7, 0x1.5555555555555p-5), \
                                               0x1.5555555555555p-3), 0.5);                      \
                const double p = fma(r2, tail, r);                         /* e^r − 1 */         \
                const double t = exp_table_hi[k & 255];                                          \
                const double s = t + fma(t, p, exp_table_lo[k & 255]);                           \
                const uint64_t bits = (uint64_t)((k >> 8) + 1023) << 52;  /* 2^e */              \
                double scale;                                                                    \
                memcpy(&scale, &bits, sizeof scale);                                             \
                out[(b + i) * so] = s * scale;                                                   \
            }                                                                                    \
            for (int64_t i = 0; i < m; i++)                                                      \
                if (!(isgreaterequal(in[i], LOW) && islessequal(in[i], HIGH)))                   \
                    out[(b + i) * so] = exp(in[i]);                                              \
        }                                                                                        \
    }

static void exp_base(const double *x, int64_t sx, double *out, int64_t so, int64_t n) EXP_BODY
#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma")))
static void exp_avx2(const double *x, int64_t sx, double *out, int64_t so, int64_t n) EXP_BODY
__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma")))
static void exp_avx512(const double *x, int64_t sx, double *out, int64_t so, int64_t n) EXP_BODY
#endif

void nn_exp_f64_at(int level, const double *x, int64_t sx, double *out, int64_t so, int64_t n) {
#ifdef NN_HAVE_DISPATCH
    if (level >= 2 && nn_has_avx512()) { exp_avx512(x, sx, out, so, n); return; }
    if (level >= 1 && nn_has_avx2_fma()) { exp_avx2(x, sx, out, so, n); return; }
#endif
    exp_base(x, sx, out, so, n);
}

void nn_exp_f64(const double *x, int64_t sx, double *out, int64_t so, int64_t n) { nn_exp_f64_at(2, x, sx, out, so, n); }
