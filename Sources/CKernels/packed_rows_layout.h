#ifndef NNTUTOR_PACKED_ROWS_LAYOUT_H
#define NNTUTOR_PACKED_ROWS_LAYOUT_H
#include "packed_rows.h"

// The layout of packed rows, for the C kernels that read them (Swift sees an opaque type).
struct nn_packed_rows {
    int64_t rows, entries, capacity;
    int64_t *start;      // row r is entries start[r] ..< start[r + 1]
    uint16_t *index;
    float *value;
};

#endif
