// Small helpers that Swift cannot express directly.
#include "ckernels.h"

int64_t nn_atomic_add(int64_t *counter, int64_t delta) {
    return __atomic_add_fetch(counter, delta, __ATOMIC_RELAXED);
}
