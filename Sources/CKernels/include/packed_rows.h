#ifndef NNTUTOR_PACKED_ROWS_H
#define NNTUTOR_PACKED_ROWS_H
#include <stdint.h>

/// Float32 rows kept compressed to be read again: each non-zero entry as a 16-bit column
/// number and its float32 value (6 bytes, against 4 for every entry of the dense row).
/// Scoring MNIST every epoch reads 220 MB of images; packed they take 63 MB. The certified
/// scoring of train() (certified_scores.h) and the sparse products of a data set multiplied
/// again and again (Tensor's PackedOperand) read them.
typedef struct nn_packed_rows nn_packed_rows;

/// `rows` rows of x (float32, `inputs` ≤ 65 536 values each), packed; NULL when out of memory.
nn_packed_rows *nn_pack_rows(const float *x, int64_t rows, int64_t inputs);

void nn_packed_rows_free(nn_packed_rows *rows);

/// The bytes the packed rows hold (for a memory limit's accounting).
int64_t nn_packed_rows_bytes(const nn_packed_rows *rows);

/// How many entries row `row` has.
int64_t nn_packed_rows_entries(const nn_packed_rows *rows, int64_t row);

/// Row `row`'s entries as nn_compress_f32 gives them (int32 columns, float64 values) into
/// index and value, which have room for the row's entries; returns how many there are.
int64_t nn_packed_rows_unpack_row(const nn_packed_rows *rows, int64_t row, int32_t *index, double *value);

/// Asks for row `row`'s entries to be brought into the cache, and for the row numbered
/// `ahead` (when not negative) to have its place found: rows picked at random from a large
/// data set otherwise wait on memory one after another.
void nn_packed_rows_prefetch(const nn_packed_rows *rows, int64_t row, int64_t ahead);

/// out[r, :] = Σ value · B[index, :] for packed rows first ..< first + rows: the rows are
/// unpacked a block at a time into nn_sparse_times_dense's form and multiplied there, so the
/// result is the same to the bit as the product of the compressed float32 rows. 0 when out
/// of memory (nothing written).
int nn_packed_rows_times_dense(const nn_packed_rows *packed, int64_t first, int64_t rows,
                               const double *B, int64_t ldb, int64_t cols, double *out, int64_t ldo);

#endif
