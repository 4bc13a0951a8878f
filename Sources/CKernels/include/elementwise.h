#ifndef NNTUTOR_ELEMENTWISE_H
#define NNTUTOR_ELEMENTWISE_H
#include <stdint.h>

/// Element-wise kernels the Swift side calls where the baseline instruction set it is built
/// for would be slow: counting, finiteness checks, comparisons, masked fills, arithmetic.

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

/// nn_compare_f64 built for at most instruction-set level `level` (0 the baseline, 1 AVX2,
/// 2 AVX-512), for tests that compare the builds.
void nn_compare_f64_at(int level, nn_comparison op, const double *x, const double *y, double s, int64_t n, uint8_t *out);

/// dst[j] = value wherever mask[j] is non-zero (ReLU's `out[mask] = 0`), without branches.
void nn_masked_fill_f64(double *dst, const uint8_t *mask, int64_t count, double value);

/// nn_masked_fill_f64 built for at most instruction-set level `level`, for tests.
void nn_masked_fill_f64_at(int level, double *dst, const uint8_t *mask, int64_t count, double value);

/// The four arithmetic operations, for nn_arithmetic_f64.
typedef enum { NN_PLUS, NN_MINUS, NN_TIMES, NN_OVER } nn_arithmetic;

/// How an operand of nn_arithmetic_f64 spreads over the rows × width result: a value per
/// element (rows × width), one row for every row (width values), one value per row (rows
/// values), or one value (*pointer).
typedef enum { NN_FULL, NN_ROW, NN_COLUMN, NN_SCALAR } nn_spread;

/// out = a op b, element by element, each IEEE operation rounded on its own (nothing fused).
/// out may be a itself (an in-place update) but must not otherwise overlap a or b.
void nn_arithmetic_f64(nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                       int64_t rows, int64_t width, double *out);

/// nn_arithmetic_f64 built for at most instruction-set level `level` (0 the baseline, 1
/// AVX2, 2 AVX-512), for tests that compare the builds.
void nn_arithmetic_f64_at(int level, nn_arithmetic op, const double *a, nn_spread as, const double *b, nn_spread bs,
                          int64_t rows, int64_t width, double *out);

/// target[i] = target[i] − s · g[i] (or + when `add`), the product rounded before the sum as
/// `W -= s * g` rounds it in NumPy, in one pass instead of two. g may be target itself but
/// must not otherwise overlap it.
void nn_scaled_update_f64(double *target, const double *g, double s, int64_t n, int add);

/// nn_scaled_update_f64 built for at most instruction-set level `level`, for tests.
void nn_scaled_update_f64_at(int level, double *target, const double *g, double s, int64_t n, int add);

/// out[r] = the index of the first largest (largest = 1) or smallest value of row r, for
/// `rows` rows of n ≥ 1 values one after another; a row's first NaN wins, as in NumPy.
void nn_arg_extremum_rows_f64(const double *x, int64_t rows, int64_t n, int largest, int64_t *out);
void nn_arg_extremum_rows_f32(const float *x, int64_t rows, int64_t n, int largest, int64_t *out);

#endif
