#include "heap.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__linux__)
// tcmalloc's C entry point, when the executable links tcmalloc (nntutor does on Linux; the
// test bundles do not). A weak reference is null when no loaded library defines it.
extern void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));
#endif

void nn_trim_heap(void) {
#if defined(__linux__)
    if (MallocExtension_ReleaseFreeMemory) {
        MallocExtension_ReleaseFreeMemory();
        return;
    }
#endif
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
