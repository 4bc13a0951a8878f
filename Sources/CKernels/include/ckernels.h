#ifndef NNTUTOR_CKERNELS_H
#define NNTUTOR_CKERNELS_H
#include <stdint.h>
#include "numgrad.h"

/// Sparse-row products for the training kernel. A batch of rows x (rows × inputs, row-major
/// float64) is described by the indices of its non-zero entries: row r's are
/// nz[start[r]] ..< nz[start[r + 1]].

/// out[r, :] = Σ_i x[r, i] · W[i, :] over row r's non-zero i   (out is rows × cols).
void nn_sparse_times_dense(const double *x, int64_t inputs, const int32_t *nz, const int64_t *start,
                           int64_t rows, const double *W, int64_t cols, double *out);

/// dW[i, :] = Σ_r x[r, i] · d[r, :]   (dW is inputs × cols and is overwritten).
void nn_sparse_transpose_times_dense(const double *x, int64_t inputs, const int32_t *nz, const int64_t *start,
                                     int64_t rows, const double *d, int64_t cols, double *dW);

/// Copies `count` float32 values to float64 and appends the indices of the non-zero ones to
/// nz (starting at nz[0]); returns how many were appended.
int64_t nn_widen_and_index(const float *src, int64_t count, double *dst, int32_t *nz);

#endif

/// Adds `delta` to *counter atomically and returns the new value (for memory accounting
/// from any thread).
int64_t nn_atomic_add(int64_t *counter, int64_t delta);
