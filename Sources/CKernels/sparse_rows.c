// Sparse-row kernels for training on MNIST-like inputs (see sparse_rows.h), in C so AVX2/FMA
// can be chosen at run time (the Swift code is built for the baseline x86-64 instruction set).
#include "sparse_rows.h"
#include "cpu.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#ifdef NN_HAVE_DISPATCH
#include <immintrin.h>
#endif

// MARK: - Compression

// Branch-free: MNIST's pattern of lit pixels defeats the branch predictor. V is the type the
// values are kept in.
#define COMPRESS_SCALAR(T, V)                                                               \
    int64_t n = 0;                                                                          \
    for (int64_t j = 0; j < count; j++) {                                                   \
        const T v = src[j];                                                                 \
        index[n] = (int32_t)j;                                                              \
        value[n] = (V)v;                                                                    \
        n += (v != 0);                                                                      \
    }                                                                                       \
    return n;

static int64_t compress_f32_base(const float *src, int64_t count, int32_t *index, double *value) { COMPRESS_SCALAR(float, double) }
static int64_t compress_f32_to_f32_base(const float *src, int64_t count, int32_t *index, float *value) { COMPRESS_SCALAR(float, float) }

int64_t nn_compress_f64(const double *src, int64_t count, int32_t *index, double *value) { COMPRESS_SCALAR(double, double) }

#ifdef NN_HAVE_DISPATCH
// For each 8-bit mask of non-zero lanes, those lanes in order: the permutation that packs them.
static int32_t lanes_of_mask[256][8];
static pthread_once_t lanes_once = PTHREAD_ONCE_INIT;
static void build_lanes(void) {
    for (int m = 0; m < 256; m++) {
        int k = 0;
        for (int b = 0; b < 8; b++) if (m >> b & 1) lanes_of_mask[m][k++] = b;
        while (k < 8) lanes_of_mask[m][k++] = 0;
    }
}

// Eight pixels at a time: all-zero groups (most of an MNIST image) cost one compare. STORE
// writes the eight packed values (`packed`, the first popcount of them lit) at value + n.
#define COMPRESS_AVX2(V, STORE)                                                             \
    int64_t n = 0, j = 0;                                                                   \
    const __m256 zero = _mm256_setzero_ps();                                                \
    for (; j + 8 <= count; j += 8) {                                                        \
        const __m256 v = _mm256_loadu_ps(src + j);                                          \
        const int mask = _mm256_movemask_ps(_mm256_cmp_ps(v, zero, _CMP_NEQ_UQ)); /* NaN is non-zero */ \
        if (!mask) continue;                                                                \
        const __m256i lanes = _mm256_loadu_si256((const __m256i *)lanes_of_mask[mask]);     \
        const __m256 packed = _mm256_permutevar8x32_ps(v, lanes);                           \
        _mm256_storeu_si256((__m256i *)(index + n), _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)j))); \
        STORE;                                                                              \
        n += __builtin_popcount((unsigned)mask);                                            \
    }                                                                                       \
    for (; j < count; j++) {                                                                \
        const float v = src[j];                                                             \
        index[n] = (int32_t)j;                                                              \
        value[n] = (V)v;                                                                    \
        n += (v != 0);                                                                      \
    }                                                                                       \
    return n;

__attribute__((target("avx2")))
static int64_t compress_f32_avx2(const float *src, int64_t count, int32_t *index, double *value) {
    COMPRESS_AVX2(double, (_mm256_storeu_pd(value + n, _mm256_cvtps_pd(_mm256_castps256_ps128(packed))),
                           _mm256_storeu_pd(value + n + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(packed, 1)))))
}

// Sixteen pixels at a time with AVX-512's compress instructions (no permutation table). The
// stores write sixteen entries at n, never past the row's own room: n + 16 ≤ j + 16 ≤ count.
__attribute__((target("avx512f,avx512dq,avx512vl")))
static int64_t compress_f32_avx512(const float *src, int64_t count, int32_t *index, double *value) {
    int64_t n = 0, j = 0;
    const __m512 zero = _mm512_setzero_ps();
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (; j + 16 <= count; j += 16) {
        const __m512 v = _mm512_loadu_ps(src + j);
        const __mmask16 mask = _mm512_cmp_ps_mask(v, zero, _CMP_NEQ_UQ);   // NaN is non-zero
        if (!mask) continue;
        const __m512 packed = _mm512_maskz_compress_ps(mask, v);
        _mm512_storeu_si512(index + n, _mm512_maskz_compress_epi32(mask, _mm512_add_epi32(iota, _mm512_set1_epi32((int32_t)j))));
        _mm512_storeu_pd(value + n, _mm512_cvtps_pd(_mm512_castps512_ps256(packed)));
        _mm512_storeu_pd(value + n + 8, _mm512_cvtps_pd(_mm512_extractf32x8_ps(packed, 1)));
        n += __builtin_popcount((unsigned)mask);
    }
    for (; j < count; j++) {
        const float v = src[j];
        index[n] = (int32_t)j;
        value[n] = (double)v;
        n += (v != 0);
    }
    return n;
}

// The same keeping the values as float32 (for the float32 scoring pass of certified_scores.c).
__attribute__((target("avx2")))
static int64_t compress_f32_to_f32_avx2(const float *src, int64_t count, int32_t *index, float *value) {
    COMPRESS_AVX2(float, _mm256_storeu_ps(value + n, packed))
}
#endif

// The compressors of float32 images: AVX2 where the CPU has it.
#ifdef NN_HAVE_DISPATCH
#define DISPATCH_COMPRESS(avx2, base)                                                       \
    if (nn_has_avx2_fma()) {                                                                \
        pthread_once(&lanes_once, build_lanes);                                             \
        return avx2(src, count, index, value);                                              \
    }                                                                                       \
    return base(src, count, index, value);
#else
#define DISPATCH_COMPRESS(avx2, base) return base(src, count, index, value);
#endif

int64_t nn_compress_f32_at(int level, const float *src, int64_t count, int32_t *index, double *value) {
#ifdef NN_HAVE_DISPATCH
    if (level >= 2 && nn_has_avx512()) return compress_f32_avx512(src, count, index, value);
    if (level >= 1 && nn_has_avx2_fma()) {
        pthread_once(&lanes_once, build_lanes);
        return compress_f32_avx2(src, count, index, value);
    }
#endif
    return compress_f32_base(src, count, index, value);
}

int64_t nn_compress_f32(const float *src, int64_t count, int32_t *index, double *value) {
    return nn_compress_f32_at(2, src, count, index, value);
}

int64_t nn_compress_f32_to_f32(const float *src, int64_t count, int32_t *index, float *value) {
    DISPATCH_COMPRESS(compress_f32_to_f32_avx2, compress_f32_to_f32_base)
}

void nn_prefetch(const void *p, int64_t bytes) {
    const char *c = p;
    for (int64_t o = 0; o < bytes; o += 64) __builtin_prefetch(c + o, 0, 3);
}

// MARK: - Products

static void product_base(const int64_t *restrict start, const int64_t *restrict end, const int32_t *restrict index, const double *restrict value,
                         int64_t rows, const double *restrict B, int64_t ldb, int64_t cols, double *restrict out,
                         int64_t ldo, nn_output_mode mode, double lr) {
    enum { BLOCK = 64 };
    double acc[BLOCK];
    for (int64_t r = 0; r < rows; r++) {
        const int64_t q0 = start[r], q1 = end[r];
        if (mode == NN_SUBTRACT && q0 == q1) continue;
        double *o = out + r * ldo;
        for (int64_t c0 = 0; c0 < cols; c0 += BLOCK) {
            const int64_t w = cols - c0 < BLOCK ? cols - c0 : BLOCK;
            for (int64_t j = 0; j < w; j++) acc[j] = 0;
            for (int64_t q = q0; q < q1; q++) {
                const double v = value[q], *b = B + (int64_t)index[q] * ldb + c0;
                for (int64_t j = 0; j < w; j++) acc[j] += v * b[j];
            }
            for (int64_t j = 0; j < w; j++) {
                if (mode == NN_STORE) { o[c0 + j] = acc[j]; continue; }
                const double step = lr * acc[j];   // rounded first, as NumPy's `W -= lr * grad`
                o[c0 + j] = o[c0 + j] - step;
            }
        }
    }
}

#ifdef NN_HAVE_DISPATCH
// A row's output held in NB + 1 registers (NB full, one partly used when `tail` > 0) while its
// entries stream by: one load of B per multiply-add, nothing stored until the row is done.
#define DEFINE_CHUNK(NB)                                                                              \
    __attribute__((target("avx2,fma")))                                                               \
    static void chunk_##NB(const int64_t *restrict start, const int64_t *restrict end, const int32_t *restrict index, \
                           const double *restrict value, int64_t rows, const double *restrict B,      \
                           int64_t ldb, int tail, double *restrict out, int64_t ldo, int mode, double lr) { \
        const __m256i tmask = _mm256_setr_epi64x(tail > 0 ? -1 : 0, tail > 1 ? -1 : 0, tail > 2 ? -1 : 0, 0); \
        const __m256d vlr = _mm256_set1_pd(lr);                                                       \
        for (int64_t r = 0; r < rows; r++) {                                                          \
            const int64_t q0 = start[r], q1 = end[r];                                                 \
            if (mode == NN_SUBTRACT && q0 == q1) continue;                                            \
            __m256d acc[NB + 1];                                                                      \
            for (int b = 0; b <= NB; b++) acc[b] = _mm256_setzero_pd();                               \
            if (tail) {                                                                               \
                for (int64_t q = q0; q < q1; q++) {                                                   \
                    const __m256d v = _mm256_set1_pd(value[q]);                                       \
                    const double *w = B + (int64_t)index[q] * ldb;                                    \
                    for (int b = 0; b < NB; b++) acc[b] = _mm256_fmadd_pd(v, _mm256_loadu_pd(w + 4 * b), acc[b]); \
                    acc[NB] = _mm256_fmadd_pd(v, _mm256_maskload_pd(w + 4 * NB, tmask), acc[NB]);     \
                }                                                                                     \
            } else {                                                                                  \
                for (int64_t q = q0; q < q1; q++) {                                                   \
                    const __m256d v = _mm256_set1_pd(value[q]);                                       \
                    const double *w = B + (int64_t)index[q] * ldb;                                    \
                    for (int b = 0; b < NB; b++) acc[b] = _mm256_fmadd_pd(v, _mm256_loadu_pd(w + 4 * b), acc[b]); \
                }                                                                                     \
            }                                                                                         \
            double *o = out + r * ldo;                                                                \
            if (mode == NN_STORE) {                                                                   \
                for (int b = 0; b < NB; b++) _mm256_storeu_pd(o + 4 * b, acc[b]);                    \
                if (tail) _mm256_maskstore_pd(o + 4 * NB, tmask, acc[NB]);                            \
            } else {                                                                                  \
                for (int b = 0; b < NB; b++)                                                          \
                    _mm256_storeu_pd(o + 4 * b, _mm256_sub_pd(_mm256_loadu_pd(o + 4 * b), _mm256_mul_pd(vlr, acc[b]))); \
                if (tail)                                                                             \
                    _mm256_maskstore_pd(o + 4 * NB, tmask,                                            \
                        _mm256_sub_pd(_mm256_maskload_pd(o + 4 * NB, tmask), _mm256_mul_pd(vlr, acc[NB]))); \
            }                                                                                         \
        }                                                                                             \
    }
DEFINE_CHUNK(0) DEFINE_CHUNK(1) DEFINE_CHUNK(2) DEFINE_CHUNK(3) DEFINE_CHUNK(4) DEFINE_CHUNK(5) DEFINE_CHUNK(6)
DEFINE_CHUNK(7) DEFINE_CHUNK(8) DEFINE_CHUNK(9) DEFINE_CHUNK(10) DEFINE_CHUNK(11) DEFINE_CHUNK(12)

// The same with AVX-512: a row's output in NB + 1 registers of eight. Half as many
// multiply-adds as AVX2, which pays only when B's rows start on 64-byte lines (a load that
// straddles two lines costs two) — the training kernel keeps W1 so.
#define DEFINE_CHUNK512(NB)                                                                           \
    __attribute__((target("avx512f")))                                                               \
    static void chunk512_##NB(const int64_t *restrict start, const int64_t *restrict end, const int32_t *restrict index, \
                              const double *restrict value, int64_t rows, const double *restrict B,   \
                              int64_t ldb, int tail, double *restrict out, int64_t ldo, int mode, double lr) { \
        const __mmask8 tmask = (__mmask8)((1u << tail) - 1);                                          \
        const __m512d vlr = _mm512_set1_pd(lr);                                                       \
        for (int64_t r = 0; r < rows; r++) {                                                          \
            const int64_t q0 = start[r], q1 = end[r];                                                 \
            if (mode == NN_SUBTRACT && q0 == q1) continue;                                            \
            __m512d acc[NB + 1];                                                                      \
            for (int b = 0; b <= NB; b++) acc[b] = _mm512_setzero_pd();                               \
            for (int64_t q = q0; q < q1; q++) {                                                       \
                const __m512d v = _mm512_set1_pd(value[q]);                                           \
                const double *w = B + (int64_t)index[q] * ldb;                                        \
                for (int b = 0; b < NB; b++) acc[b] = _mm512_fmadd_pd(v, _mm512_loadu_pd(w + 8 * b), acc[b]); \
                if (tail) acc[NB] = _mm512_fmadd_pd(v, _mm512_maskz_loadu_pd(tmask, w + 8 * NB), acc[NB]); \
            }                                                                                         \
            double *o = out + r * ldo;                                                                \
            if (mode == NN_STORE) {                                                                   \
                for (int b = 0; b < NB; b++) _mm512_storeu_pd(o + 8 * b, acc[b]);                    \
                if (tail) _mm512_mask_storeu_pd(o + 8 * NB, tmask, acc[NB]);                          \
            } else {                                                                                  \
                for (int b = 0; b < NB; b++)                                                          \
                    _mm512_storeu_pd(o + 8 * b, _mm512_sub_pd(_mm512_loadu_pd(o + 8 * b), _mm512_mul_pd(vlr, acc[b]))); \
                if (tail)                                                                             \
                    _mm512_mask_storeu_pd(o + 8 * NB, tmask,                                          \
                        _mm512_sub_pd(_mm512_maskz_loadu_pd(tmask, o + 8 * NB), _mm512_mul_pd(vlr, acc[NB]))); \
            }                                                                                         \
        }                                                                                             \
    }
DEFINE_CHUNK512(0) DEFINE_CHUNK512(1) DEFINE_CHUNK512(2) DEFINE_CHUNK512(3)
DEFINE_CHUNK512(4) DEFINE_CHUNK512(5) DEFINE_CHUNK512(6) DEFINE_CHUNK512(7)

// The same products (NN_STORE) taking B's rows a block of pixels at a time. Each entry
// brings a whole row of B into the cache; for a batch of images against W1 (784 rows,
// 351 KB padded) those rows came from L2 one after another and bound the product. In pixel
// blocks, a block of B stays in L1 while up to ROW_BLOCK images use it, each image's sums
// waiting in `out` between blocks. The sums go in the same order as in chunk512, so the
// result is the same to the bit (a 100-image product 62 → 40 µs in a C micro-benchmark).
enum { PIXEL_BLOCK = 128, ROW_BLOCK = 64 };
#define DEFINE_BLOCKED512(NB)                                                                         \
    __attribute__((target("avx512f")))                                                               \
    static void blocked512_##NB(const int64_t *restrict start, const int64_t *restrict end, const int32_t *restrict index, \
                                const double *restrict value, int64_t rows, const double *restrict B, \
                                int64_t ldb, int tail, double *restrict out, int64_t ldo) {            \
        const __mmask8 tmask = (__mmask8)((1u << tail) - 1);                                          \
        int64_t cursor[ROW_BLOCK];                                                                    \
        for (int64_t r0 = 0; r0 < rows; r0 += ROW_BLOCK) {                                            \
            const int64_t n = rows - r0 < ROW_BLOCK ? rows - r0 : ROW_BLOCK;                          \
            int32_t last = 0;                                                                         \
            for (int64_t i = 0; i < n; i++) {                                                         \
                cursor[i] = start[r0 + i];                                                            \
                if (end[r0 + i] > start[r0 + i] && index[end[r0 + i] - 1] > last) last = index[end[r0 + i] - 1]; \
            }                                                                                         \
            for (int32_t limit = PIXEL_BLOCK;; limit += PIXEL_BLOCK) {                                \
                const int first = limit == PIXEL_BLOCK;                                               \
                for (int64_t i = 0; i < n; i++) {                                                     \
                    int64_t q = cursor[i];                                                            \
                    const int64_t q1 = end[r0 + i];                                                   \
                    double *o = out + (r0 + i) * ldo;                                                 \
                    if (!first && (q == q1 || index[q] >= limit)) continue;                           \
                    __m512d acc[NB + 1];                                                              \
                    if (first) {                                                                      \
                        for (int b = 0; b <= NB; b++) acc[b] = _mm512_setzero_pd();                   \
                    } else {                                                                          \
                        for (int b = 0; b < NB; b++) acc[b] = _mm512_loadu_pd(o + 8 * b);            \
                        acc[NB] = _mm512_maskz_loadu_pd(tmask, o + 8 * NB);                           \
                    }                                                                                 \
                    for (; q < q1 && index[q] < limit; q++) {                                         \
                        const __m512d v = _mm512_set1_pd(value[q]);                                   \
                        const double *w = B + (int64_t)index[q] * ldb;                                \
                        for (int b = 0; b < NB; b++) acc[b] = _mm512_fmadd_pd(v, _mm512_loadu_pd(w + 8 * b), acc[b]); \
                        if (tail) acc[NB] = _mm512_fmadd_pd(v, _mm512_maskz_loadu_pd(tmask, w + 8 * NB), acc[NB]); \
                    }                                                                                 \
                    cursor[i] = q;                                                                    \
                    for (int b = 0; b < NB; b++) _mm512_storeu_pd(o + 8 * b, acc[b]);                \
                    if (tail) _mm512_mask_storeu_pd(o + 8 * NB, tmask, acc[NB]);                      \
                }                                                                                     \
                if (limit > last) break;                                                              \
            }                                                                                         \
        }                                                                                             \
    }
DEFINE_BLOCKED512(0) DEFINE_BLOCKED512(1) DEFINE_BLOCKED512(2) DEFINE_BLOCKED512(3)
DEFINE_BLOCKED512(4) DEFINE_BLOCKED512(5) DEFINE_BLOCKED512(6) DEFINE_BLOCKED512(7)

typedef void (*chunk_fn)(const int64_t *, const int64_t *, const int32_t *, const double *, int64_t, const double *, int64_t, int,
                         double *, int64_t, int, double);
static const chunk_fn chunks[13] = {chunk_0, chunk_1, chunk_2, chunk_3, chunk_4, chunk_5, chunk_6,
                                    chunk_7, chunk_8, chunk_9, chunk_10, chunk_11, chunk_12};
static const chunk_fn chunks512[8] = {chunk512_0, chunk512_1, chunk512_2, chunk512_3,
                                      chunk512_4, chunk512_5, chunk512_6, chunk512_7};
typedef void (*blocked_fn)(const int64_t *, const int64_t *, const int32_t *, const double *, int64_t, const double *, int64_t, int,
                           double *, int64_t);
static const blocked_fn blocked512[8] = {blocked512_0, blocked512_1, blocked512_2, blocked512_3,
                                         blocked512_4, blocked512_5, blocked512_6, blocked512_7};
#endif

static atomic_int avx512_allowed = 1;
void nn_sparse_allow_avx512(int allowed) { atomic_store(&avx512_allowed, allowed); }

int nn_sparse_prefers_aligned_rows(void) {
    return nn_has_avx512() && atomic_load_explicit(&avx512_allowed, memory_order_relaxed);
}

// x - x is 0 for finite x and NaN for inf or NaN (a compare, so the loop vectorises).
#define PAD_ROWS_BODY                                                                       \
    int bad = 0;                                                                            \
    for (int64_t r = 0; r < rows; r++) {                                                    \
        const double *s = src + r * lds;                                                    \
        double *d = dst + r * ldd;                                                          \
        for (int64_t j = 0; j < cols; j++) { d[j] = s[j]; bad |= (s[j] - s[j] != 0); }      \
        for (int64_t j = cols; j < ldd; j++) d[j] = 0;                                      \
    }                                                                                       \
    return !bad;

static int pad_rows_base(const double *src, int64_t rows, int64_t cols, int64_t lds, double *dst, int64_t ldd) { PAD_ROWS_BODY }
#ifdef NN_HAVE_DISPATCH
// Whole vectors: a row's last one loads zeros past its end and stores them as the padding
// (dst's rows start on 64-byte lines when ldd is a multiple of 8, as the products keep them).
__attribute__((target("avx512f")))
static int pad_rows_avx512(const double *src, int64_t rows, int64_t cols, int64_t lds, double *dst, int64_t ldd) {
    if (ldd != ((cols + 7) & ~(int64_t)7)) { PAD_ROWS_BODY }
    const __m512d zero = _mm512_setzero_pd();
    __mmask8 bad = 0;
    for (int64_t r = 0; r < rows; r++) {
        const double *s = src + r * lds;
        double *d = dst + r * ldd;
        for (int64_t j = 0; j < cols; j += 8) {
            const __mmask8 m = cols - j >= 8 ? 0xFF : (__mmask8)((1u << (cols - j)) - 1);
            const __m512d v = _mm512_maskz_loadu_pd(m, s + j);
            _mm512_storeu_pd(d + j, v);
            bad |= _mm512_cmp_pd_mask(_mm512_sub_pd(v, v), zero, _CMP_NEQ_UQ);
        }
    }
    return !bad;
}
#endif

int nn_pad_rows_checking_finite(const double *src, int64_t rows, int64_t cols, int64_t lds, double *dst, int64_t ldd) {
#ifdef NN_HAVE_DISPATCH
    if (nn_has_avx512()) return pad_rows_avx512(src, rows, cols, lds, dst, ldd);
#endif
    return pad_rows_base(src, rows, cols, lds, dst, ldd);
}


void nn_sparse_times_dense(const int64_t *start, const int64_t *end, const int32_t *index, const double *value, int64_t rows,
                           const double *B, int64_t ldb, int64_t cols, double *out, int64_t ldo,
                           nn_output_mode mode, double lr) {
#ifdef NN_HAVE_DISPATCH
    if (nn_has_avx512() && atomic_load_explicit(&avx512_allowed, memory_order_relaxed)) {
        // Up to 63 columns (seven registers and a partial one) in one pass over the entries;
        // in pixel blocks when several rows share B (a row alone gains nothing from them).
        const int blocks = mode == NN_STORE && rows >= 8;
        int64_t c0 = 0;
        while (cols - c0 > 63) {
            if (blocks) blocked512_7(start, end, index, value, rows, B + c0, ldb, 0, out + c0, ldo);
            else chunk512_7(start, end, index, value, rows, B + c0, ldb, 0, out + c0, ldo, mode, lr);
            c0 += 56;
        }
        const int64_t rest = cols - c0;
        if (rest > 0 && blocks) blocked512[rest / 8](start, end, index, value, rows, B + c0, ldb, (int)(rest % 8), out + c0, ldo);
        else if (rest > 0) chunks512[rest / 8](start, end, index, value, rows, B + c0, ldb, (int)(rest % 8), out + c0, ldo, mode, lr);
        return;
    }
    if (nn_has_avx2_fma()) {
        // Up to 51 columns (12 registers and a partial one) in one pass over the entries.
        int64_t c0 = 0;
        while (cols - c0 > 51) {
            chunk_12(start, end, index, value, rows, B + c0, ldb, 0, out + c0, ldo, mode, lr);
            c0 += 48;
        }
        const int64_t rest = cols - c0;
        if (rest > 0) chunks[rest / 4](start, end, index, value, rows, B + c0, ldb, (int)(rest % 4), out + c0, ldo, mode, lr);
        return;
    }
#endif
    product_base(start, end, index, value, rows, B, ldb, cols, out, ldo, mode, lr);
}

/// The first of a row's entries q in [lo, hi) whose index is at least c (indices ascend).
static int64_t first_at_or_after(const int32_t *index, int64_t lo, int64_t hi, int64_t c) {
    if (lo == hi || index[hi - 1] < c) return hi;   // the whole row lies before c (often: c past the last pixel)
    // Branch-free halving: the comparisons' outcomes are random, so branches would mispredict.
    int64_t n = hi - lo;
    const int32_t *base = index + lo;
    while (n > 1) {
        const int64_t half = n / 2;
        base = base[half - 1] < c ? base + half : base;
        n -= half;
    }
    return (base - index) + (*base < c);
}

#ifdef NN_HAVE_DISPATCH
// xᵀ·B by scattering: for a block of columns (pixels), whose output rows stay in L1, each row
// r of x adds value · B[r, :] to the output row of each of its entries in the block, B[r, :]
// held in NB + 1 registers. Output row c thus takes its terms in order of r, each by one
// multiply-add — the chain nn_sparse_times_dense runs over the transposed columns.
enum { SCATTER_BLOCK = 64 };
#define DEFINE_SCATTER512(NB)                                                                         \
    __attribute__((target("avx512f")))                                                               \
    static void scatter512_##NB(const int64_t *restrict start, const int64_t *restrict end, const int32_t *restrict index, \
                                const double *restrict value, int64_t rows, const double *restrict B, \
                                int64_t ldb, int tail, double *restrict out, int64_t ldo, int64_t c0, int64_t c1, \
                                int64_t *restrict cursor) {                                           \
        const __mmask8 tmask = (__mmask8)((1u << tail) - 1);                                          \
        /* The block's sums on 64-byte lines (out's rows need not be), copied out at its end. */      \
        double sums[SCATTER_BLOCK * 64] __attribute__((aligned(64)));                                 \
        for (int64_t r = 0; r < rows; r++) cursor[r] = first_at_or_after(index, start[r], end[r], c0); \
        for (int64_t b0 = c0; b0 < c1; b0 += SCATTER_BLOCK) {                                         \
            const int64_t b1 = c1 - b0 < SCATTER_BLOCK ? c1 : b0 + SCATTER_BLOCK;                     \
            for (int64_t c = 0; c < b1 - b0; c++)                                                     \
                for (int b = 0; b <= NB; b++) _mm512_store_pd(sums + c * 64 + 8 * b, _mm512_setzero_pd()); \
            for (int64_t r = 0; r < rows; r++) {                                                      \
                int64_t q = cursor[r];                                                                \
                const int64_t q1 = end[r];                                                            \
                if (q == q1 || index[q] >= b1) continue;                                              \
                const double *w = B + r * ldb;                                                        \
                __m512d row[NB + 1];                                                                  \
                for (int b = 0; b < NB; b++) row[b] = _mm512_loadu_pd(w + 8 * b);                    \
                row[NB] = tail ? _mm512_maskz_loadu_pd(tmask, w + 8 * NB) : _mm512_setzero_pd();      \
                for (; q < q1 && index[q] < b1; q++) {                                                \
                    const __m512d v = _mm512_set1_pd(value[q]);                                       \
                    double *o = sums + (index[q] - b0) * 64;                                          \
                    for (int b = 0; b < NB; b++) _mm512_store_pd(o + 8 * b, _mm512_fmadd_pd(v, row[b], _mm512_load_pd(o + 8 * b))); \
                    if (tail) _mm512_store_pd(o + 8 * NB, _mm512_fmadd_pd(v, row[NB], _mm512_load_pd(o + 8 * NB))); \
                }                                                                                     \
                cursor[r] = q;                                                                        \
            }                                                                                         \
            for (int64_t c = b0; c < b1; c++) {                                                       \
                double *o = out + (c - c0) * ldo;                                                     \
                const double *t = sums + (c - b0) * 64;                                               \
                for (int b = 0; b < NB; b++) _mm512_storeu_pd(o + 8 * b, _mm512_load_pd(t + 8 * b));  \
                if (tail) _mm512_mask_storeu_pd(o + 8 * NB, tmask, _mm512_load_pd(t + 8 * NB));       \
            }                                                                                         \
        }                                                                                             \
    }
DEFINE_SCATTER512(0) DEFINE_SCATTER512(1) DEFINE_SCATTER512(2) DEFINE_SCATTER512(3)
DEFINE_SCATTER512(4) DEFINE_SCATTER512(5) DEFINE_SCATTER512(6) DEFINE_SCATTER512(7)
typedef void (*scatter_fn)(const int64_t *, const int64_t *, const int32_t *, const double *, int64_t, const double *, int64_t, int,
                           double *, int64_t, int64_t, int64_t, int64_t *);
static const scatter_fn scatters512[8] = {scatter512_0, scatter512_1, scatter512_2, scatter512_3,
                                          scatter512_4, scatter512_5, scatter512_6, scatter512_7};
#endif

int nn_sparse_transposed_times_dense(const int64_t *start, const int64_t *end, const int32_t *index, const double *value,
                                     int64_t rows, const double *B, int64_t ldb, int64_t cols, double *out, int64_t ldo,
                                     int64_t c0, int64_t c1) {
#ifdef NN_HAVE_DISPATCH
    if (!nn_sparse_prefers_aligned_rows()) return 0;
    enum { ROWS_ON_STACK = 1024 };
    int64_t stack[ROWS_ON_STACK];
    int64_t *cursor = rows <= ROWS_ON_STACK ? stack : malloc((size_t)rows * sizeof(int64_t));
    if (!cursor) return 0;
    int64_t c = 0;
    for (; cols - c > 63; c += 56) scatter512_7(start, end, index, value, rows, B + c, ldb, 0, out + c, ldo, c0, c1, cursor);
    if (cols - c > 0) scatters512[(cols - c) / 8](start, end, index, value, rows, B + c, ldb, (int)((cols - c) % 8), out + c, ldo, c0, c1, cursor);
    if (cursor != stack) free(cursor);
    return 1;
#else
    return 0;
#endif
}

void nn_sparse_transpose_slots(const int64_t *start, const int64_t *end, const int32_t *index, const double *value,
                               int64_t rows, int64_t c0, int64_t c1, int64_t columns, int64_t *cstart, int64_t *cend,
                               int32_t *crow, double *cvalue) {
    const int64_t width = c1 - c0, capacity = rows;
    for (int64_t c = 0; c < width; c++) cstart[c] = cend[c] = c * capacity;
    // One pass, no counting: each column has a slot for every row. A share that starts at
    // the first column or ends at the last finds its part of a row by walking in from that
    // end; one in the middle, by halving.
#define PUT(q) do { const int64_t p = cend[index[q] - c0]++; crow[p] = (int32_t)r; cvalue[p] = value[q]; } while (0)
    for (int64_t r = 0; r < rows; r++) {
        if (c1 >= columns && c0 > 0) {
            for (int64_t q = end[r] - 1; q >= start[r] && index[q] >= c0; q--) PUT(q);
        } else {
            const int64_t q0 = c0 <= 0 ? start[r] : first_at_or_after(index, start[r], end[r], c0);
            for (int64_t q = q0; q < end[r] && index[q] < c1; q++) PUT(q);
        }
    }
#undef PUT
}

void nn_sparse_transpose(const int64_t *start, const int64_t *end, const int32_t *index, const double *value,
                         int64_t rows, int64_t c0, int64_t c1, int64_t *cstart, int32_t *crow, double *cvalue) {
    const int64_t columns = c1 - c0;
    memset(cstart, 0, (size_t)(columns + 1) * sizeof(int64_t));
    // Each worker transposes its own columns: a binary search finds the slice of each row
    // that falls in them (none is needed at the first column or past the last), so the
    // workers do not all walk every entry. The slices are found once, for both passes.
    enum { SAVED = 512 };
    int64_t saved[2 * SAVED];
    int64_t q0 = 0, q1 = 0;
    for (int64_t r = 0; r < rows; r++) {
        q0 = c0 <= 0 ? start[r] : first_at_or_after(index, start[r], end[r], c0);
        q1 = first_at_or_after(index, q0, end[r], c1);
        if (r < SAVED) { saved[2 * r] = q0; saved[2 * r + 1] = q1; }
        for (int64_t q = q0; q < q1; q++) cstart[index[q] - c0 + 1]++;
    }
    for (int64_t c = 0; c < columns; c++) cstart[c + 1] += cstart[c];
    // cstart[c] serves as column c's write cursor, then is shifted back into place.
    for (int64_t r = 0; r < rows; r++) {
        if (r < SAVED) {
            q0 = saved[2 * r]; q1 = saved[2 * r + 1];
        } else {
            q0 = c0 <= 0 ? start[r] : first_at_or_after(index, start[r], end[r], c0);
            q1 = first_at_or_after(index, q0, end[r], c1);
        }
        for (int64_t q = q0; q < q1; q++) {
            const int64_t p = cstart[index[q] - c0]++;
            crow[p] = (int32_t)r;
            cvalue[p] = value[q];
        }
    }
    for (int64_t c = columns; c > 0; c--) cstart[c] = cstart[c - 1];
    cstart[0] = 0;
}
