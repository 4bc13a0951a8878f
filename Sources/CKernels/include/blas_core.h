// OpenBLAS chooses its kernels by CPU model when it loads; a model newer than the library
// (Debian's 0.3.21 on recent Xeons) falls back to its oldest kernels, several times slower.
#ifndef NNTUTOR_BLAS_CORE_H
#define NNTUTOR_BLAS_CORE_H

/// Moves OpenBLAS to the newest kernels the CPU can run (SkylakeX with AVX-512, else Haswell
/// with AVX2 and FMA) when it picked kernels without AVX2 and OPENBLAS_CORETYPE does not
/// decide. Call before the first BLAS call. Returns the kernels now in use (NULL when
/// OpenBLAS is not the dynamic-architecture build).
const char *nn_blas_choose_core(void);

#endif
