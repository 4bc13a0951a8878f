#include "blas_core.h"
#include "cpu.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// OpenBLAS's own entry points; weak, so another BLAS links too (and nothing is changed).
extern char *openblas_get_corename(void) __attribute__((weak));
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

const char *nn_blas_choose_core(void) {
    if (!openblas_get_corename || !gotoblas_dynamic_init || !gotoblas_dynamic_quit) return NULL;
    const char *current = openblas_get_corename();
    if (getenv("OPENBLAS_CORETYPE") || !nn_has_avx2_fma()) return current;
    // Kernels that already use AVX2 (or better) stay.
    static const char *modern[] = {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"};
    for (unsigned i = 0; i < sizeof modern / sizeof *modern; i++) {
        if (current && strcasecmp(current, modern[i]) == 0) return current;
    }
    // OPENBLAS_CORETYPE is how OpenBLAS lets a user force kernels; set it for the re-run of
    // its start-up choice, then take it away again so child processes decide for themselves.
    setenv("OPENBLAS_CORETYPE", nn_has_avx512() ? "SkylakeX" : "Haswell", 1);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    unsetenv("OPENBLAS_CORETYPE");
    return openblas_get_corename();
}
