#ifndef NNTUTOR_CERTIFIED_SCORES_H
#define NNTUTOR_CERTIFIED_SCORES_H
#include <stdint.h>
#include "packed_rows.h"

/// Accuracy of a two-layer net on float32 images at float32 speed, with float64's answer.
///
/// Scoring the 70 000 MNIST images every epoch costs a quarter of a training run, almost all
/// of it in x·W1. This pass computes x·W1 in float32 (twice the lanes per instruction) and
/// the rest in float64, together with a bound on how far each score can be from the one the
/// float64 pass computes: the float32 sum's rounding (at most (n + 1)·2⁻²⁴·Σ|x|·max|W1| per
/// hidden unit for a row of n lit pixels), W1's rounding to float32, and both passes'
/// float64 rounding, carried through the activation (1-Lipschitz) and W2. A row counts only
/// when its highest score beats every other by more than their bounds together — then both
/// passes pick the same class. Other rows (near-ties, inf or NaN anywhere) are left to the
/// float64 pass.
typedef struct nn_scorer nn_scorer;

/// A scorer for W1 (inputs × hidden), b1, W2 (hidden × outputs), b2, all float64 and
/// contiguous; they must not change while it is in use. NULL when the pass cannot be used
/// (no AVX2/FMA, W1 has inf, NaN or values beyond float32's range, or out of memory).
nn_scorer *nn_scorer_create(const double *W1, const double *b1, const double *W2, const double *b2,
                            int64_t inputs, int64_t hidden, int64_t outputs, int sigmoid);

void nn_scorer_free(nn_scorer *scorer);

/// Scores `rows` rows of x (float32, `inputs` values each) and returns how many certainly
/// score highest at their label (labels[r]). The offsets of rows it could not decide are
/// written to `unsure` (room for `rows`), their count to *unsure_count.
int64_t nn_scorer_count(const nn_scorer *scorer, const float *x, int64_t rows, const int32_t *labels,
                        int64_t *unsure, int64_t *unsure_count);

/// nn_scorer_count for packed rows first ..< first + rows (labels and unsure as there, by
/// offset from `first`).
int64_t nn_scorer_count_packed(const nn_scorer *scorer, const nn_packed_rows *packed, int64_t first, int64_t rows,
                               const int32_t *labels, int64_t *unsure, int64_t *unsure_count);

#endif
