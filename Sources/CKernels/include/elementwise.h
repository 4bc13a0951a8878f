#ifndef NNTUTOR_ELEMENTWISE_H
#define NNTUTOR_ELEMENTWISE_H
#include <stdint.h>

/// Element-wise kernels the Swift side calls where the baseline instruction set it is built
/// for would be slow: counting, finiteness checks, comparisons, masked fills.

/// How many of `count` values are non-zero (NaN counts).
int64_t nn_count_nonzero_f32(const float *src, int64_t count);
int64_t nn_count_nonzero_f64(const double *src, int64_t count);

/// 1 when none of `count` values is inf or NaN.
int nn_all_finite(const double *src, int64_t count);

/// The six comparisons, for nn_compare_f64.
typedef enum { NN_EQ, NN_NE, NN_LT, NN_LE, NN_GT, NN_GE } nn_comparison;

/// out[i] = x[i] op y[i] (or x[i] op s when y is NULL) as 0 or 1, IEEE semantics (NaN
/// compares unequal to everything).
void nn_compare_f64(nn_comparison op, const double *x, const double *y, double s, int64_t n, uint8_t *out);

/// dst[j] = value wherever mask[j] is non-zero (ReLU's `out[mask] = 0`), without branches.
void nn_masked_fill_f64(double *dst, const uint8_t *mask, int64_t count, double value);

#endif
