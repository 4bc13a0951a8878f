#ifndef NNTUTOR_HEAP_H
#define NNTUTOR_HEAP_H

/// Returns the heap's free pages to the system: tcmalloc's ReleaseFreeMemory when the
/// process runs on tcmalloc, glibc's malloc_trim otherwise (nothing elsewhere).
void nn_trim_heap(void);

#endif
