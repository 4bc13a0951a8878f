#ifndef NNTUTOR_SPARSE_ROWS_H
#define NNTUTOR_SPARSE_ROWS_H
#include <stdint.h>

/// Sparse-row products for the training kernel. MNIST images are about 80 % zeros, so a batch
/// is kept as compressed rows: row r's non-zero entries are index[q], value[q] for
/// q in start[r] ..< end[r] (indices ascending; rows need not be adjacent, so workers can
/// compress their rows side by side). Sums run over each row's entries in
/// ascending order with fused multiply-adds, as a BLAS kernel sums a row against a column.

/// Appends the non-zero entries of `count` float32 (or float64) values to index/value and
/// returns how many there were. The buffers need 8 entries of room beyond that count.
int64_t nn_compress_f32(const float *src, int64_t count, int32_t *index, double *value);
int64_t nn_compress_f64(const double *src, int64_t count, int32_t *index, double *value);
/// nn_compress_f32 built for at most instruction-set level `level` (0 the baseline, 1 AVX2,
/// 2 AVX-512), for tests that compare the builds.
int64_t nn_compress_f32_at(int level, const float *src, int64_t count, int32_t *index, double *value);
/// The same with the values kept as float32.
int64_t nn_compress_f32_to_f32(const float *src, int64_t count, int32_t *index, float *value);

/// Asks for `bytes` from p to be brought into the caches (a hint; reads nothing).
void nn_prefetch(const void *p, int64_t bytes);

/// What nn_sparse_times_dense does with each output row.
typedef enum {
    NN_STORE = 0,      ///< out[r, :] = Σ value · B[index, :]   (all-zero rows give zeros)
    NN_SUBTRACT = 1,   ///< out[r, :] -= lr · Σ ...   (the SGD step; empty rows are untouched)
} nn_output_mode;

/// out[r, :] (cols values, row stride ldo) from the compressed rows and the dense B
/// (row stride ldb), for r in 0 ..< rows. Indices ascend within each row (as the
/// compressors and transposes write them): the AVX-512 kernels take B in blocks of pixels.
void nn_sparse_times_dense(const int64_t *start, const int64_t *end, const int32_t *index, const double *value, int64_t rows,
                           const double *B, int64_t ldb, int64_t cols, double *out, int64_t ldo,
                           nn_output_mode mode, double lr);

/// Whether nn_sparse_times_dense runs faster when B's rows start on 64-byte lines (its
/// AVX-512 kernels load a line per eight values; one straddling two lines costs two loads).
int nn_sparse_prefers_aligned_rows(void);
/// Copies `rows` rows of `cols` values (src's row stride lds) to dst with row stride ldd ≥
/// cols, zeroing the padding; 1 when every value copied is finite.
int nn_pad_rows_checking_finite(const double *src, int64_t rows, int64_t cols, int64_t lds, double *dst, int64_t ldd);
/// Whether nn_sparse_times_dense may use AVX-512 where the CPU has it (default 1); tests
/// turn it off to check that the AVX2 kernels give the same bits.
void nn_sparse_allow_avx512(int allowed);
/// xᵀ·B for the compressed rows x (`rows` of them) and B (rows × cols, row stride ldb),
/// for x's columns c0 ..< c1: out[c − c0, :] = Σ_r x[r, c] · B[r, :], the sums over r in
/// order (as nn_sparse_times_dense gives them from nn_sparse_transpose's columns, to the
/// bit). Without a transpose: each entry adds its row of B to its column's output row.
/// Returns 0, doing nothing, where the CPU lacks AVX-512 or it is turned off (transpose
/// instead).
int nn_sparse_transposed_times_dense(const int64_t *start, const int64_t *end, const int32_t *index, const double *value,
                                     int64_t rows, const double *B, int64_t ldb, int64_t cols, double *out, int64_t ldo,
                                     int64_t c0, int64_t c1);
/// The same entries by column, for the columns c0 ..< c1: column c's rows (ascending) and
/// values are crow/cvalue[cstart[c − c0] ..< cstart[c − c0 + 1]] — so xᵀ·d is again a
/// sparse-rows product. cstart has c1 − c0 + 1 entries; crow and cvalue room for every entry.
void nn_sparse_transpose(const int64_t *start, const int64_t *end, const int32_t *index, const double *value,
                         int64_t rows, int64_t c0, int64_t c1, int64_t *cstart, int32_t *crow, double *cvalue);

/// The same without a counting pass: column c's entries are crow/cvalue[cstart[c − c0] ..<
/// cend[c − c0]], where cstart[c − c0] = (c − c0) · rows (a slot per column with room for
/// every row). `columns` is the rows' full width; cstart and cend have c1 − c0 entries, crow
/// and cvalue (c1 − c0) · rows.
void nn_sparse_transpose_slots(const int64_t *start, const int64_t *end, const int32_t *index, const double *value,
                               int64_t rows, int64_t c0, int64_t c1, int64_t columns, int64_t *cstart, int64_t *cend,
                               int32_t *crow, double *cvalue);
#endif
