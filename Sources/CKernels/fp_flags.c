#include "fp_flags.h"
#if defined(__x86_64__)
#include <immintrin.h>

// MXCSR's sticky flags: IE 0x01, DE 0x02, ZE 0x04, OE 0x08, UE 0x10, PE 0x20.
void nn_fp_flags_clear(void) { _mm_setcsr(_mm_getcsr() & ~0x3Fu); }

int nn_fp_flags_raised(void) {
    const unsigned csr = _mm_getcsr();
    return ((csr & 0x04) ? 1 : 0) | ((csr & 0x08) ? 2 : 0) | ((csr & 0x01) ? 4 : 0);
}

void nn_fp_flags_raise(int flags) {
    const unsigned bits = ((flags & 1) ? 0x04u : 0) | ((flags & 2) ? 0x08u : 0) | ((flags & 4) ? 0x01u : 0);
    if (bits) _mm_setcsr(_mm_getcsr() | bits);
}
#else
#include <fenv.h>

void nn_fp_flags_clear(void) { feclearexcept(FE_ALL_EXCEPT); }

int nn_fp_flags_raised(void) {
    const int f = fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_INVALID);
    return ((f & FE_DIVBYZERO) ? 1 : 0) | ((f & FE_OVERFLOW) ? 2 : 0) | ((f & FE_INVALID) ? 4 : 0);
}

void nn_fp_flags_raise(int flags) {
    int f = 0;
    if (flags & 1) f |= FE_DIVBYZERO;
    if (flags & 2) f |= FE_OVERFLOW;
    if (flags & 4) f |= FE_INVALID;
    if (f) feraiseexcept(f);
}
#endif
