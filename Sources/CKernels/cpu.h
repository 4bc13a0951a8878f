// Which instruction sets the running CPU has (the kernels are compiled for several and choose
// at run time). Private to CKernels.
#ifndef NNTUTOR_CPU_H
#define NNTUTOR_CPU_H
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define NN_HAVE_DISPATCH 1
#endif

/// 1 when AVX2 and FMA are available.
int nn_has_avx2_fma(void);

/// 1 when AVX-512 F, BW, DQ, VL and CD are available (what OpenBLAS's SkylakeX kernels use).
int nn_has_avx512(void);

#endif
