#include "cpu.h"

int nn_has_avx2_fma(void) {
#ifdef NN_HAVE_DISPATCH
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

int nn_has_avx512(void) {
#ifdef NN_HAVE_DISPATCH
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx512cd");
    }
    return cached;
#else
    return 0;
#endif
}
