#ifndef NNTUTOR_VECTOR_MATH_H
#define NNTUTOR_VECTOR_MATH_H
#include <stdint.h>

/// out[i·so] = e^x[i·sx] for i in 0 ..< n, eight or four values at a time where the CPU
/// allows; out may be x itself. Within 0.502 ULP of the exact value (the C library's exp is
/// within 0.511), so the two differ in the last bit for well under one value in a hundred
/// (NumPy's own SIMD exp differs from the C library's for about one in twenty). Every CPU
/// gives the same bits; values whose result would be subnormal, overflow, or that are not
/// finite go to the C library's exp.
void nn_exp_f64(const double *x, int64_t sx, double *out, int64_t so, int64_t n);

/// nn_exp_f64 built for at most instruction-set level `level` (0 the baseline, 1 AVX2, 2
/// AVX-512), for tests that compare the builds.
void nn_exp_f64_at(int level, const double *x, int64_t sx, double *out, int64_t so, int64_t n);

#endif
