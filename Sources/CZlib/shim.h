// zlib from Debian's zlib1g-dev: gzip for MNIST files, deflate for .npz archives.
#include <zlib.h>
