#ifndef NN_HTTP_GET_H
#define NN_HTTP_GET_H

#include <stddef.h>

/// Called as bytes arrive; `expected` is -1 while the length is unknown. Returning non-zero
/// cancels the transfer (Ctrl-C).
typedef int (*nn_http_progress)(void *context, long long received, long long expected);

/// The body of a finished GET (free it with nn_http_result_free), its HTTP status, and a
/// message when the transfer failed.
typedef struct {
    unsigned char *data;
    size_t size;
    long status;
    char message[256];
} nn_http_result;

enum {
    NN_HTTP_OK = 0,
    NN_HTTP_NO_LIBCURL = 1,   /* libcurl.so.4 could not be opened */
    NN_HTTP_FAILED = 2,       /* connection or transfer error, in result->message */
    NN_HTTP_CANCELLED = 3,    /* the progress callback asked to stop */
};

/// Fetches `url` (http or https, redirects followed) with the system's libcurl, which is
/// opened on first use: a session that never downloads does not map libcurl and its TLS
/// libraries at all.
int nn_http_get(const char *url, nn_http_progress progress, void *context, nn_http_result *result);

void nn_http_result_free(nn_http_result *result);

#endif
