// The float32 scoring pass with a certified argmax (see certified_scores.h).
#include "certified_scores.h"
#include "cpu.h"
#include "packed_rows_layout.h"
#include "sparse_rows.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef NN_HAVE_DISPATCH
#include <immintrin.h>
#endif

// Hidden units per pass over a row's entries: 8 registers of 8 floats.
enum { GROUP = 64 };

struct nn_scorer {
    int64_t inputs, hidden, outputs;
    int64_t ldw;               // W1's float32 rows, padded with zeros to a multiple of 8
    int sigmoid;
    float *w1;
    const double *b1, *W2, *b2;
    double *w2;                // W2 with its rows padded with zeros to 16 values (outputs ≤ 16)
    double *reach;             // per class: Σ_j |W2[j, c]| · max_k |W1[k, j]|
    double *w2_abs;            // per class: Σ_j |W2[j, c]|
};

void nn_scorer_free(nn_scorer *s) {
    if (!s) return;
    free(s->w1);
    free(s->w2);
    free(s->reach);
    free(s->w2_abs);
    free(s);
}

nn_scorer *nn_scorer_create(const double *W1, const double *b1, const double *W2, const double *b2,
                            int64_t inputs, int64_t hidden, int64_t outputs, int sigmoid) {
#ifndef NN_HAVE_DISPATCH
    (void)W1; (void)b1; (void)W2; (void)b2; (void)inputs; (void)hidden; (void)outputs; (void)sigmoid;
    return NULL;
#else
    if (!nn_has_avx2_fma() || inputs < 1 || hidden < 1 || outputs < 1) return NULL;
    nn_scorer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->inputs = inputs; s->hidden = hidden; s->outputs = outputs; s->sigmoid = sigmoid;
    s->ldw = (hidden + 7) / 8 * 8;
    s->b1 = b1; s->W2 = W2; s->b2 = b2;
    s->w1 = aligned_alloc(32, (size_t)(inputs * s->ldw) * sizeof(float));
    s->reach = calloc((size_t)outputs, sizeof(double));
    s->w2_abs = calloc((size_t)outputs, sizeof(double));
    double *column_max = calloc((size_t)hidden, sizeof(double));
    int usable = s->w1 && s->reach && s->w2_abs && column_max;
    for (int64_t k = 0; usable && k < inputs; k++) {
        float *row = s->w1 + k * s->ldw;
        for (int64_t j = 0; j < hidden; j++) {
            const double w = W1[k * hidden + j];
            if (!(fabs(w) <= 1e30)) { usable = 0; break; }   // also catches NaN
            row[j] = (float)w;
            if (fabs(w) > column_max[j]) column_max[j] = fabs(w);
        }
        for (int64_t j = hidden; j < s->ldw; j++) row[j] = 0;
    }
    for (int64_t c = 0; usable && c < outputs; c++) {
        for (int64_t j = 0; j < hidden; j++) {
            const double w = fabs(W2[j * outputs + c]);
            s->reach[c] += w * column_max[j];
            s->w2_abs[c] += w;
        }
        usable = isfinite(s->reach[c]) && isfinite(s->w2_abs[c]) && isfinite(b2[c]);
    }
    for (int64_t j = 0; usable && j < hidden; j++) usable = isfinite(b1[j]);
    if (usable && outputs <= 16) {
        s->w2 = aligned_alloc(32, (size_t)(hidden * 16) * sizeof(double));
        usable = s->w2 != NULL;
        for (int64_t j = 0; usable && j < hidden; j++)
            for (int64_t c = 0; c < 16; c++) s->w2[j * 16 + c] = c < outputs ? W2[j * outputs + c] : 0;
    }
    free(column_max);
    if (!usable) { nn_scorer_free(s); return NULL; }
    return s;
#endif
}

#ifdef NN_HAVE_DISPATCH
// out[0 ..< 8·NB] = Σ value[q] · w1[index[q], 0 ..< 8·NB] in float32, entries in order; the
// pixel numbers as 32-bit integers (rows compressed as they are scored) or 16-bit ones
// (rows kept packed, nn_pack_rows).
#define DEFINE_GROUP(NB, INDEX, NAME)                                                            \
    __attribute__((target("avx2,fma")))                                                          \
    static void NAME##_##NB(const void *indexes, const float *value, int64_t n, const float *w1, \
                            int64_t ldw, float *out) {                                           \
        const INDEX *index = indexes;                                                            \
        __m256 acc[NB];                                                                          \
        for (int b = 0; b < NB; b++) acc[b] = _mm256_setzero_ps();                               \
        for (int64_t q = 0; q < n; q++) {                                                        \
            const __m256 v = _mm256_set1_ps(value[q]);                                           \
            const float *w = w1 + (int64_t)index[q] * ldw;                                       \
            for (int b = 0; b < NB; b++) acc[b] = _mm256_fmadd_ps(v, _mm256_load_ps(w + 8 * b), acc[b]); \
        }                                                                                        \
        for (int b = 0; b < NB; b++) _mm256_storeu_ps(out + 8 * b, acc[b]);                      \
    }
#define DEFINE_GROUPS(INDEX, NAME)                                                               \
    DEFINE_GROUP(1, INDEX, NAME) DEFINE_GROUP(2, INDEX, NAME) DEFINE_GROUP(3, INDEX, NAME)       \
    DEFINE_GROUP(4, INDEX, NAME) DEFINE_GROUP(5, INDEX, NAME) DEFINE_GROUP(6, INDEX, NAME)       \
    DEFINE_GROUP(7, INDEX, NAME) DEFINE_GROUP(8, INDEX, NAME)                                    \
    static const group_fn NAME[9] = {NULL, NAME##_1, NAME##_2, NAME##_3, NAME##_4, NAME##_5, NAME##_6, NAME##_7, NAME##_8};
typedef void (*group_fn)(const void *, const float *, int64_t, const float *, int64_t, float *);
DEFINE_GROUPS(int32_t, groups)
DEFINE_GROUPS(uint16_t, packed_groups)

#endif

#ifdef NN_HAVE_DISPATCH
// The second layer of one row in float64: score = b2 + h·W2 (h has `hidden` values), the
// scores held in registers when there are at most 16 (W2 padded to 16 columns).
__attribute__((target("avx2,fma")))
static void second_layer(const nn_scorer *s, const double *restrict h, double *restrict score) {
    const int64_t hidden = s->hidden, outputs = s->outputs;
    if (s->w2) {
        __m256d acc[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
        for (int64_t j = 0; j < hidden; j++) {
            const __m256d v = _mm256_set1_pd(h[j]);
            const double *w = s->w2 + j * 16;
            for (int b = 0; b < 4; b++) acc[b] = _mm256_fmadd_pd(v, _mm256_load_pd(w + 4 * b), acc[b]);
        }
        double sums[16];
        for (int b = 0; b < 4; b++) _mm256_storeu_pd(sums + 4 * b, acc[b]);
        for (int64_t c = 0; c < outputs; c++) score[c] = s->b2[c] + sums[c];
        return;
    }
    for (int64_t c = 0; c < outputs; c++) score[c] = s->b2[c];
    for (int64_t j = 0; j < hidden; j++) {
        const double v = h[j];
        const double *restrict w = s->W2 + j * outputs;
        for (int64_t c = 0; c < outputs; c++) score[c] += v * w[c];
    }
}

// Σ |value[q]| in float64 (four sums side by side; the bound allows for their rounding).
__attribute__((target("avx2,fma")))
static double absolute_sum(const float *value, int64_t n) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d acc = _mm256_setzero_pd();
    int64_t q = 0;
    for (; q + 4 <= n; q += 4) acc = _mm256_add_pd(acc, _mm256_andnot_pd(sign, _mm256_cvtps_pd(_mm_loadu_ps(value + q))));
    double parts[4];
    _mm256_storeu_pd(parts, acc);
    double total = (parts[0] + parts[1]) + (parts[2] + parts[3]);
    for (; q < n; q++) total += fabs((double)value[q]);
    return total;
}
#endif

#ifdef NN_HAVE_DISPATCH
// Room for scoring one row: its sums, activations, scores and their bounds.
typedef struct { float *sums; double *h, *score, *bound; } row_space;

static int row_space_make(row_space *w, const nn_scorer *s) {
    w->sums = malloc((size_t)s->ldw * sizeof(float));
    w->h = malloc((size_t)s->hidden * sizeof(double));
    w->score = malloc((size_t)s->outputs * 2 * sizeof(double));
    w->bound = w->score ? w->score + s->outputs : NULL;
    return w->sums && w->h && w->score;
}

static void row_space_free(row_space *w) { free(w->sums); free(w->h); free(w->score); }

// Scores one compressed row (n entries): 1 when it certainly scores highest at `label`, 0
// when it certainly does not, -1 when the float32 pass cannot decide.
__attribute__((target("avx2,fma")))
static int score_row(const nn_scorer *s, int packed, const void *index, const float *value, int64_t n,
                     int32_t label, row_space *w) {
    const int64_t hidden = s->hidden, outputs = s->outputs, ldw = s->ldw;
    double *h = w->h, *score = w->score, *bound = w->bound;
    const group_fn *table = packed ? packed_groups : groups;   // 16- or 32-bit pixel numbers
    const double l1 = absolute_sum(value, n);
    for (int64_t j0 = 0; j0 < ldw; j0 += GROUP) {
        const int64_t width = ldw - j0 < GROUP ? ldw - j0 : GROUP;
        table[width / 8](index, value, n, s->w1 + j0, ldw, w->sums + j0);
    }
    double hmax = 0;
    for (int64_t j = 0; j < hidden; j++) {
        const double a = (double)w->sums[j] + s->b1[j];
        const double v = s->sigmoid ? 1 / (1 + exp(-a)) : (a <= 0 ? 0 : a);
        h[j] = v;
        if (fabs(v) > hmax) hmax = fabs(v);
    }
    second_layer(s, h, score);
    // A hidden unit's sum is off by at most k · Σ|x| · max|W1| (float32 sums with W1
    // rounded, plus float64's own rounding, with room to spare), a score by that
    // through |W2|, plus float64 rounding in the rest of both passes.
    const double k = l1 * ((double)(n + 2) * 0x1.002p-24 + (double)(n + 2) * 0x1p-51);
    int64_t best = 0;
    int finite = isfinite(l1) && isfinite(hmax);
    for (int64_t c = 0; c < outputs; c++) {
        finite = finite && isfinite(score[c]);
        bound[c] = k * s->reach[c] + 1e-12 * (fabs(s->b2[c]) + hmax * s->w2_abs[c] + fabs(score[c]))
                   + (l1 + (double)n + 2) * 0x1p-120 * s->w2_abs[c];   // float32's subnormal steps
        if (score[c] > score[best]) best = c;
    }
    int certain = finite;
    for (int64_t c = 0; certain && c < outputs; c++)
        if (c != best && !(score[best] - score[c] > bound[best] + bound[c])) certain = 0;
    return certain ? best == label : -1;
}
#endif

// Every row unsure: what a pass that cannot run answers.
static int64_t all_unsure(int64_t rows, int64_t *unsure, int64_t *unsure_count) {
    for (int64_t r = 0; r < rows; r++) unsure[r] = r;
    *unsure_count = rows;
    return 0;
}

int64_t nn_scorer_count(const nn_scorer *s, const float *x, int64_t rows, const int32_t *labels,
                        int64_t *unsure, int64_t *unsure_count) {
    *unsure_count = 0;
#ifndef NN_HAVE_DISPATCH
    (void)s; (void)x; (void)labels;
    return all_unsure(rows, unsure, unsure_count);
#else
    const int64_t inputs = s->inputs;
    // The row's entries, with the compressor's 8 of slack.
    int32_t *index = malloc((size_t)(inputs + 8) * sizeof(int32_t));
    float *value = malloc((size_t)(inputs + 8) * sizeof(float));
    row_space w = {0};
    int64_t correct = 0;
    if (index && value && row_space_make(&w, s)) {
        for (int64_t r = 0; r < rows; r++) {
            const int64_t n = nn_compress_f32_to_f32(x + r * inputs, inputs, index, value);
            const int verdict = score_row(s, 0, index, value, n, labels[r], &w);
            if (verdict < 0) unsure[(*unsure_count)++] = r; else correct += verdict;
        }
    } else {
        correct = all_unsure(rows, unsure, unsure_count);
    }
    free(index); free(value); row_space_free(&w);
    return correct;
#endif
}

int64_t nn_scorer_count_packed(const nn_scorer *s, const nn_packed_rows *p, int64_t first, int64_t rows,
                               const int32_t *labels, int64_t *unsure, int64_t *unsure_count) {
    *unsure_count = 0;
#ifndef NN_HAVE_DISPATCH
    (void)s; (void)p; (void)first; (void)labels;
    return all_unsure(rows, unsure, unsure_count);
#else
    row_space w = {0};
    int64_t correct = 0;
    if (row_space_make(&w, s)) {
        for (int64_t r = 0; r < rows; r++) {
            const int64_t q0 = p->start[first + r], n = p->start[first + r + 1] - q0;
            const int verdict = score_row(s, 1, p->index + q0, p->value + q0, n, labels[r], &w);
            if (verdict < 0) unsure[(*unsure_count)++] = r; else correct += verdict;
        }
    } else {
        correct = all_unsure(rows, unsure, unsure_count);
    }
    row_space_free(&w);
    return correct;
#endif
}
