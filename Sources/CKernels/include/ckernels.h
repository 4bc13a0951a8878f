#ifndef NNTUTOR_CKERNELS_H
#define NNTUTOR_CKERNELS_H
// The C kernels, one header per idea: sparse-row products for training, the incremental
// numerical gradient.
#include <stdint.h>
#include "sparse_rows.h"
#include "elementwise.h"
#include "numgrad.h"
#include "team.h"
#include "blas_core.h"
#include "heap.h"
#include "certified_scores.h"
#include "vector_math.h"
#include "fp_flags.h"

/// Adds `delta` to *counter atomically and returns the new value (for memory accounting
/// from any thread).
int64_t nn_atomic_add(int64_t *counter, int64_t delta);

#endif
