// Float32 rows packed to their non-zero entries (see packed_rows.h).
#include "packed_rows_layout.h"
#include "sparse_rows.h"
#include <stdlib.h>
#include <string.h>

void nn_packed_rows_free(nn_packed_rows *p) {
    if (!p) return;
    free(p->start); free(p->index); free(p->value); free(p);
}

static int packed_reserve(nn_packed_rows *p, int64_t entries) {
    if (entries <= p->capacity) return 1;
    int64_t capacity = p->capacity + p->capacity / 2;
    if (capacity < entries) capacity = entries;
    uint16_t *index = realloc(p->index, (size_t)capacity * sizeof(uint16_t));
    if (index) p->index = index;
    float *value = realloc(p->value, (size_t)capacity * sizeof(float));
    if (value) p->value = value;
    if (!index || !value) return 0;
    p->capacity = capacity;
    return 1;
}

// Gives back the room reserved beyond the entries (a quarter of the pixels was reserved).
static void shrink(nn_packed_rows *p) {
    if (p->entries == 0 || p->entries == p->capacity) return;
    uint16_t *index = realloc(p->index, (size_t)p->entries * sizeof(uint16_t));
    if (index) p->index = index;
    float *value = realloc(p->value, (size_t)p->entries * sizeof(float));
    if (value) p->value = value;
    if (index && value) p->capacity = p->entries;
}

nn_packed_rows *nn_pack_rows(const float *x, int64_t rows, int64_t inputs) {
    if (inputs < 1 || inputs > 65536 || rows < 0) return NULL;
    nn_packed_rows *p = calloc(1, sizeof *p);
    int32_t *index = malloc((size_t)(inputs + 8) * sizeof(int32_t));
    float *value = malloc((size_t)(inputs + 8) * sizeof(float));
    int usable = p && index && value;
    if (usable) {
        p->start = malloc((size_t)(rows + 1) * sizeof(int64_t));
        // A quarter of the pixels lit to begin with (MNIST lights about a fifth).
        usable = p->start && packed_reserve(p, rows * (inputs / 4 + 1));
    }
    for (int64_t r = 0; usable && r < rows; r++) {
        const int64_t n = nn_compress_f32_to_f32(x + r * inputs, inputs, index, value);
        usable = packed_reserve(p, p->entries + n);
        if (!usable) break;
        p->start[r] = p->entries;
        for (int64_t q = 0; q < n; q++) p->index[p->entries + q] = (uint16_t)index[q];
        memcpy(p->value + p->entries, value, (size_t)n * sizeof(float));
        p->entries += n;
    }
    if (usable) {
        p->start[rows] = p->entries;
        p->rows = rows;
        shrink(p);
    }
    free(index); free(value);
    if (!usable) { nn_packed_rows_free(p); return NULL; }
    return p;
}

int64_t nn_packed_rows_bytes(const nn_packed_rows *p) {
    return p->capacity * (int64_t)(sizeof(uint16_t) + sizeof(float)) + (p->rows + 1) * (int64_t)sizeof(int64_t);
}

int64_t nn_packed_rows_entries(const nn_packed_rows *p, int64_t row) { return p->start[row + 1] - p->start[row]; }

// Entries q0 ..< q1 widened into nn_sparse_times_dense's form (int32 columns, float64 values).
static void widen(const nn_packed_rows *p, int64_t q0, int64_t q1, int32_t *index, double *value) {
    for (int64_t q = q0; q < q1; q++) {
        index[q - q0] = p->index[q];
        value[q - q0] = (double)p->value[q];
    }
}

int64_t nn_packed_rows_unpack_row(const nn_packed_rows *p, int64_t row, int32_t *index, double *value) {
    widen(p, p->start[row], p->start[row + 1], index, value);
    return p->start[row + 1] - p->start[row];
}

void nn_packed_rows_prefetch(const nn_packed_rows *p, int64_t row, int64_t ahead) {
    if (ahead >= 0) __builtin_prefetch(p->start + ahead, 0, 3);
    const int64_t q0 = p->start[row], q1 = p->start[row + 1];
    for (int64_t q = q0; q < q1; q += 32) __builtin_prefetch(p->index + q, 0, 3);
    for (int64_t q = q0; q < q1; q += 16) __builtin_prefetch(p->value + q, 0, 3);
}

// Rows unpacked at a time: the block's entries (about 12 KB an image row of MNIST's) stay in
// L2 between unpacking and the product, whose AVX-512 kernel takes 64 rows at a time.
enum { UNPACK_ROWS = 64 };

int nn_packed_rows_times_dense(const nn_packed_rows *p, int64_t first, int64_t rows,
                               const double *B, int64_t ldb, int64_t cols, double *out, int64_t ldo) {
    int64_t most = 0;
    for (int64_t r = 0; r < rows; r += UNPACK_ROWS) {
        const int64_t n = rows - r < UNPACK_ROWS ? rows - r : UNPACK_ROWS;
        const int64_t entries = p->start[first + r + n] - p->start[first + r];
        if (entries > most) most = entries;
    }
    int64_t start[UNPACK_ROWS], end[UNPACK_ROWS];
    // The compressors' 8 entries of room beyond a row are not needed: nothing compresses here.
    int32_t *index = malloc((size_t)(most + 1) * sizeof(int32_t));
    double *value = malloc((size_t)(most + 1) * sizeof(double));
    if (!index || !value) { free(index); free(value); return 0; }
    for (int64_t r = 0; r < rows; r += UNPACK_ROWS) {
        const int64_t n = rows - r < UNPACK_ROWS ? rows - r : UNPACK_ROWS;
        const int64_t q0 = p->start[first + r], q1 = p->start[first + r + n];
        for (int64_t i = 0; i < n; i++) {
            start[i] = p->start[first + r + i] - q0;
            end[i] = p->start[first + r + i + 1] - q0;
        }
        widen(p, q0, q1, index, value);
        nn_sparse_times_dense(start, end, index, value, n, B, ldb, cols, out + r * ldo, ldo, NN_STORE, 0);
    }
    free(index); free(value);
    return 1;
}
