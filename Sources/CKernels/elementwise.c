// Element-wise kernels on plain arrays (see elementwise.h), in C so AVX2 or AVX-512 can be
// chosen at run time (the Swift code is built for the baseline x86-64 instruction set).
#include "elementwise.h"
#include "cpu.h"
#ifdef NN_HAVE_DISPATCH
#include <immintrin.h>
#endif

// Written as plain loops and compiled twice, for AVX2 and for the baseline.
#define COUNT_NONZERO_BODY { int64_t n = 0; for (int64_t j = 0; j < count; j++) n += (src[j] != 0); return n; }
#define ALL_FINITE_BODY                                                                          \
    {   /* x − x is 0 for finite x and NaN for inf and NaN: the sums stay 0 only if all are */  \
        double s[8] = {0};                                                                       \
        int64_t j = 0;                                                                           \
        for (; j + 8 <= count; j += 8)                                                           \
            for (int l = 0; l < 8; l++) s[l] += src[j + l] - src[j + l];                         \
        for (; j < count; j++) s[0] += src[j] - src[j];                                          \
        double t = 0;                                                                            \
        for (int l = 0; l < 8; l++) t += s[l];                                                   \
        return t == 0;                                                                           \
    }

static int64_t count_f32_base(const float *restrict src, int64_t count) COUNT_NONZERO_BODY
static int64_t count_f64_base(const double *restrict src, int64_t count) COUNT_NONZERO_BODY
static int finite_base(const double *restrict src, int64_t count) ALL_FINITE_BODY
#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma"))) static int64_t count_f32_avx2(const float *restrict src, int64_t count) COUNT_NONZERO_BODY
__attribute__((target("avx2,fma"))) static int64_t count_f64_avx2(const double *restrict src, int64_t count) COUNT_NONZERO_BODY
__attribute__((target("avx2,fma"))) static int finite_avx2(const double *restrict src, int64_t count) ALL_FINITE_BODY
#define DISPATCH(avx2, base) return nn_has_avx2_fma() ? avx2 : base
#else
#define DISPATCH(avx2, base) return base
#endif

int64_t nn_count_nonzero_f32(const float *src, int64_t count) { DISPATCH(count_f32_avx2(src, count), count_f32_base(src, count)); }
int64_t nn_count_nonzero_f64(const double *src, int64_t count) { DISPATCH(count_f64_avx2(src, count), count_f64_base(src, count)); }
int nn_all_finite(const double *src, int64_t count) { DISPATCH(finite_avx2(src, count), finite_base(src, count)); }

// Comparisons of float64 values (x with y, or x with s when y is NULL) into 0/1 bytes.
#define COMPARE_LOOPS(OP)                                                                        \
    if (y) { for (int64_t i = 0; i < n; i++) out[i] = x[i] OP y[i]; }                            \
    else { for (int64_t i = 0; i < n; i++) out[i] = x[i] OP s; }
#define COMPARE_BODY                                                                             \
    {                                                                                            \
        switch (op) {                                                                            \
        case NN_EQ: COMPARE_LOOPS(==) break;                                                     \
        case NN_NE: COMPARE_LOOPS(!=) break;                                                     \
        case NN_LT: COMPARE_LOOPS(<) break;                                                      \
        case NN_LE: COMPARE_LOOPS(<=) break;                                                     \
        case NN_GT: COMPARE_LOOPS(>) break;                                                      \
        case NN_GE: COMPARE_LOOPS(>=) break;                                                     \
        }                                                                                        \
    }
static void compare_base(nn_comparison op, const double *restrict x, const double *restrict y, double s, int64_t n,
                         uint8_t *restrict out) COMPARE_BODY
#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma")))
static void compare_avx2(nn_comparison op, const double *restrict x, const double *restrict y, double s, int64_t n,
                         uint8_t *restrict out) COMPARE_BODY
#endif

#ifdef NN_HAVE_DISPATCH
// Eight values at a time: the compare's mask becomes eight 0/1 bytes. The predicates are C's
// (a NaN is unequal to everything and neither less nor greater than anything).
__attribute__((target("avx512f,avx512bw,avx512vl")))
static void compare_avx512(nn_comparison op, const double *restrict x, const double *restrict y, double s, int64_t n,
                           uint8_t *restrict out) {
    const __m512d scalar = _mm512_set1_pd(s);
    const __m128i ones = _mm_set1_epi8(1);
    int64_t i = 0;
#define COMPARE512(PRED)                                                                         \
    for (; i + 8 <= n; i += 8) {                                                                 \
        const __mmask8 k = _mm512_cmp_pd_mask(_mm512_loadu_pd(x + i), y ? _mm512_loadu_pd(y + i) : scalar, PRED); \
        _mm_storel_epi64((__m128i *)(out + i), _mm_maskz_mov_epi8((__mmask16)k, ones));           \
    }
    switch (op) {
    case NN_EQ: COMPARE512(_CMP_EQ_OQ) break;
    case NN_NE: COMPARE512(_CMP_NEQ_UQ) break;
    case NN_LT: COMPARE512(_CMP_LT_OQ) break;
    case NN_LE: COMPARE512(_CMP_LE_OQ) break;
    case NN_GT: COMPARE512(_CMP_GT_OQ) break;
    case NN_GE: COMPARE512(_CMP_GE_OQ) break;
    }
#undef COMPARE512
    compare_base(op, x + i, y ? y + i : y, s, n - i, out + i);
}
#endif

void nn_compare_f64(nn_comparison op, const double *x, const double *y, double s, int64_t n, uint8_t *out) {
    nn_compare_f64_at(2, op, x, y, s, n, out);
}

void nn_compare_f64_at(int level, nn_comparison op, const double *x, const double *y, double s, int64_t n, uint8_t *out) {
#ifdef NN_HAVE_DISPATCH
    if (level >= 2 && nn_has_avx512()) { compare_avx512(op, x, y, s, n, out); return; }
    if (level >= 1 && nn_has_avx2_fma()) { compare_avx2(op, x, y, s, n, out); return; }
#endif
    compare_base(op, x, y, s, n, out);
}

#define MASKED_FILL_BODY { for (int64_t j = 0; j < count; j++) dst[j] = mask[j] ? value : dst[j]; }
static void fill_base(double *restrict dst, const uint8_t *restrict mask, int64_t count, double value) MASKED_FILL_BODY
#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma")))
static void fill_avx2(double *restrict dst, const uint8_t *restrict mask, int64_t count, double value) MASKED_FILL_BODY
#endif

#ifdef NN_HAVE_DISPATCH
// Sixty-four mask bytes at a time: the lit ones become a 64-bit mask, and eight masked stores
// write the value where it is set (a 100 × 50 batch's `out[self.mask] = 0`).
__attribute__((target("avx512f,avx512bw")))
static void fill_avx512(double *restrict dst, const uint8_t *restrict mask, int64_t count, double value) {
    const __m512d v = _mm512_set1_pd(value);
    int64_t j = 0;
    for (; j + 64 <= count; j += 64) {
        const __m512i m = _mm512_loadu_si512(mask + j);
        const uint64_t lit = _mm512_test_epi8_mask(m, m);
        if (!lit) continue;
        for (int b = 0; b < 8; b++) _mm512_mask_storeu_pd(dst + j + 8 * b, (__mmask8)(lit >> (8 * b)), v);
    }
    fill_base(dst + j, mask + j, count - j, value);
}
#endif

void nn_masked_fill_f64(double *dst, const uint8_t *mask, int64_t count, double value) {
    nn_masked_fill_f64_at(2, dst, mask, count, value);
}

void nn_masked_fill_f64_at(int level, double *dst, const uint8_t *mask, int64_t count, double value) {
#ifdef NN_HAVE_DISPATCH
    if (level >= 2 && nn_has_avx512()) { fill_avx512(dst, mask, count, value); return; }
    if (level >= 1 && nn_has_avx2_fma()) { fill_avx2(dst, mask, count, value); return; }
#endif
    fill_base(dst, mask, count, value);
}

// Arithmetic on float64 rows (nn_arithmetic_f64). No operation may be fused into another:
// NumPy rounds each one, and so must every build of this loop.
#pragma STDC FP_CONTRACT OFF
#define ARITHMETIC_LOOPS(OP)                                                                     \
    /* In place, said so: the vectoriser would find o and pa overlapping and not vectorise. */   \
    if (pa == o && pb) { for (int64_t i = 0; i < width; i++) o[i] = o[i] OP pb[i]; }             \
    else if (pa == o) { for (int64_t i = 0; i < width; i++) o[i] = o[i] OP sb; }                 \
    else if (pa && pb) { for (int64_t i = 0; i < width; i++) o[i] = pa[i] OP pb[i]; }            \
    else if (pa) { for (int64_t i = 0; i < width; i++) o[i] = pa[i] OP sb; }                     \
    else if (pb) { for (int64_t i = 0; i < width; i++) o[i] = sa OP pb[i]; }                     \
    else { const double v = sa OP sb; for (int64_t i = 0; i < width; i++) o[i] = v; }
#define ARITHMETIC_BODY                                                                          \
    {                                                                                            \
        for (int64_t r = 0; r < rows; r++) {                                                     \
            const double *pa = as == NN_FULL ? a + r * width : as == NN_ROW ? a : 0;             \
            const double *pb = bs == NN_FULL ? b + r * width : bs == NN_ROW ? b : 0;             \
            const double sa = as == NN_COLUMN ? a[r] : as == NN_SCALAR ? a[0] : 0;               \
            const double sb = bs == NN_COLUMN ? b[r] : bs == NN_SCALAR ? b[0] : 0;               \
            double *o = out + r * width;                                                         \
            switch (op) {                                                                        \
            case NN_PLUS: ARITHMETIC_LOOPS(+) break;                                             \
            case NN_MINUS: ARITHMETIC_LOOPS(-) break;                                            \
            case NN_TIMES: ARITHMETIC_LOOPS(*) break;                                            \
            case NN_OVER: ARITHMETIC_LOOPS(/) break;                                             \
            }                                                                                    \
        }                                                                                        \
    }
static void arithmetic_base(nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                            int64_t rows, int64_t width, double *out) ARITHMETIC_BODY
#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma")))
static void arithmetic_avx2(nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                            int64_t rows, int64_t width, double *out) ARITHMETIC_BODY
__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void arithmetic_avx512(nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                              int64_t rows, int64_t width, double *out) ARITHMETIC_BODY
#endif

void nn_arithmetic_f64_at(int level, nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                          int64_t rows, int64_t width, double *out) {
    // Whole arrays and single values have no rows to keep apart: one long row.
    if ((as == NN_FULL || as == NN_SCALAR) && (bs == NN_FULL || bs == NN_SCALAR)) { width *= rows; rows = 1; }
#ifdef NN_HAVE_DISPATCH
    if (level >= 2 && nn_has_avx512()) { arithmetic_avx512(op, a, as, b, bs, rows, width, out); return; }
    if (level >= 1 && nn_has_avx2_fma()) { arithmetic_avx2(op, a, as, b, bs, rows, width, out); return; }
#endif
    arithmetic_base(op, a, as, b, bs, rows, width, out);
}

void nn_arithmetic_f64(nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                       int64_t rows, int64_t width, double *out) {
    nn_arithmetic_f64_at(2, op, a, as, b, bs, rows, width, out);
}

// The book's parameter update (nn_scaled_update_f64), still under FP_CONTRACT OFF: s · g[i]
// must be rounded on its own, as NumPy's temporary array holds it.
#define SCALED_UPDATE_BODY                                                                       \
    {                                                                                            \
        if (g == target) {                                                                       \
            if (add) { for (int64_t i = 0; i < n; i++) target[i] = target[i] + s * target[i]; }  \
            else { for (int64_t i = 0; i < n; i++) target[i] = target[i] - s * target[i]; }      \
        } else if (add) {                                                                        \
            for (int64_t i = 0; i < n; i++) target[i] = target[i] + s * g[i];                    \
        } else {                                                                                 \
            for (int64_t i = 0; i < n; i++) target[i] = target[i] - s * g[i];                    \
        }                                                                                        \
    }
static void scaled_update_base(double *target, const double *g, double s, int64_t n, int add) SCALED_UPDATE_BODY
#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma")))
static void scaled_update_avx2(double *target, const double *g, double s, int64_t n, int add) SCALED_UPDATE_BODY
__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void scaled_update_avx512(double *target, const double *g, double s, int64_t n, int add) SCALED_UPDATE_BODY
#endif

void nn_scaled_update_f64_at(int level, double *target, const double *g, double s, int64_t n, int add) {
#ifdef NN_HAVE_DISPATCH
    if (level >= 2 && nn_has_avx512()) { scaled_update_avx512(target, g, s, n, add); return; }
    if (level >= 1 && nn_has_avx2_fma()) { scaled_update_avx2(target, g, s, n, add); return; }
#endif
    scaled_update_base(target, g, s, n, add);
}

void nn_scaled_update_f64(double *target, const double *g, double s, int64_t n, int add) {
    nn_scaled_update_f64_at(2, target, g, s, n, add);
}

// Argmax/argmin of rows one after another. A row's first NaN ends its search (NumPy's answer);
// otherwise only a strictly better value moves the index, so ties keep the first. Selects, not
// branches: in scores the place of the best is random.
#define ARG_EXTREMUM_ROWS(T, BETTER)                                                             \
    for (int64_t r = 0; r < rows; r++) {                                                         \
        const T *row = x + r * n;                                                                \
        T best = row[0];                                                                         \
        int64_t index = 0;                                                                       \
        for (int64_t i = 1; i < n && best == best; i++) {                                        \
            const T v = row[i];                                                                  \
            if (v != v) { index = i; break; }                                                    \
            const int better = v BETTER best;                                                    \
            best = better ? v : best;                                                            \
            index = better ? i : index;                                                          \
        }                                                                                        \
        out[r] = index;                                                                          \
    }

void nn_arg_extremum_rows_f64(const double *x, int64_t rows, int64_t n, int largest, int64_t *out) {
    if (largest) { ARG_EXTREMUM_ROWS(double, >) } else { ARG_EXTREMUM_ROWS(double, <) }
}

void nn_arg_extremum_rows_f32(const float *x, int64_t rows, int64_t n, int largest, int64_t *out) {
    if (largest) { ARG_EXTREMUM_ROWS(float, >) } else { ARG_EXTREMUM_ROWS(float, <) }
}
