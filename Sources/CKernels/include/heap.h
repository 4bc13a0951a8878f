#ifndef NNTUTOR_HEAP_H
#define NNTUTOR_HEAP_H

/// Returns the heap's free pages to the system (glibc's malloc_trim; nothing elsewhere).
void nn_trim_heap(void);

#endif
