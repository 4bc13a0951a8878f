// OpenBLAS from Debian's libopenblas-dev: CBLAS plus the thread-count control.
#include <cblas.h>
