#ifndef NNTUTOR_FP_FLAGS_H
#define NNTUTOR_FP_FLAGS_H

/// The calling thread's floating-point exception flags, as NumPy reports them: bit 0 divide
/// by zero, bit 1 overflow, bit 2 invalid (underflow and inexact are left out). On x86-64
/// only the SSE control register is read and written (all of nntutor's and libm's double
/// arithmetic runs there), which costs a few cycles where fenv.h also saves the x87 state.
void nn_fp_flags_clear(void);
int nn_fp_flags_raised(void);
/// Sets flags (same bits) on the calling thread.
void nn_fp_flags_raise(int flags);

#endif
