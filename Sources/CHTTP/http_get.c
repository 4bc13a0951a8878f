// A GET through libcurl opened with dlopen. libcurl's easy interface and the option
// numbers below are part of its stable ABI (curl/curl.h: CURLOPTTYPE_* + n), so the
// development headers are not needed to build.
#include "http_get.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_USERAGENT = 10018,
    OPT_LOW_SPEED_LIMIT = 19, OPT_LOW_SPEED_TIME = 20, OPT_NOPROGRESS = 43,
    OPT_FOLLOWLOCATION = 52, OPT_CONNECTTIMEOUT = 78, OPT_WRITEFUNCTION = 20011,
    OPT_XFERINFODATA = 10057, OPT_XFERINFOFUNCTION = 20219,
    INFO_RESPONSE_CODE = 0x200002, GLOBAL_DEFAULT = 3, E_ABORTED_BY_CALLBACK = 42,
};

typedef void CURL;
static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    int ready;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_libcurl(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *lib = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;
    *(void **)&curl.global_init = dlsym(lib, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(lib, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(lib, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(lib, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(lib, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(lib, "curl_easy_cleanup");
    *(void **)&curl.easy_strerror = dlsym(lib, "curl_easy_strerror");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform ||
        !curl.easy_getinfo || !curl.easy_cleanup || !curl.easy_strerror) return;
    if (curl.global_init(GLOBAL_DEFAULT) != 0) return;
    curl.ready = 1;
}

typedef struct {
    nn_http_result *result;
    size_t capacity;
    int out_of_memory;
    nn_http_progress progress;
    void *context;
} transfer;

static size_t on_data(char *bytes, size_t size, size_t count, void *user) {
    transfer *t = user;
    size_t n = size * count;
    nn_http_result *r = t->result;
    if (r->size + n > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 1 << 16;
        while (capacity < r->size + n) capacity *= 2;
        unsigned char *grown = realloc(r->data, capacity);
        if (!grown) { t->out_of_memory = 1; return 0; }
        r->data = grown;
        t->capacity = capacity;
    }
    memcpy(r->data + r->size, bytes, n);
    r->size += n;
    return n;
}

static int on_progress(void *user, long long total, long long now, long long up_total, long long up_now) {
    (void)up_total; (void)up_now;
    transfer *t = user;
    return t->progress ? t->progress(t->context, now, total > 0 ? total : -1) : 0;
}

int nn_http_get(const char *url, nn_http_progress progress, void *context, nn_http_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&load_once, load_libcurl);
    if (!curl.ready) {
        snprintf(result->message, sizeof result->message,
                 "libcurl (libcurl.so.4) is not installed; install Debian's libcurl4 package");
        return NN_HTTP_NO_LIBCURL;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(result->message, sizeof result->message, "libcurl could not start a transfer");
        return NN_HTTP_FAILED;
    }
    transfer t = {result, 0, 0, progress, context};
    char errors[256] = {0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, OPT_USERAGENT, "nntutor");
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT, 30L);
    // Give up on a stalled connection: under 1 byte/s for a minute.
    curl.easy_setopt(handle, OPT_LOW_SPEED_LIMIT, 1L);
    curl.easy_setopt(handle, OPT_LOW_SPEED_TIME, 60L);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, errors);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, on_data);
    curl.easy_setopt(handle, OPT_WRITEDATA, &t);
    curl.easy_setopt(handle, OPT_NOPROGRESS, 0L);
    curl.easy_setopt(handle, OPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(handle, OPT_XFERINFODATA, &t);
    int code = curl.easy_perform(handle);
    curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &result->status);
    curl.easy_cleanup(handle);
    if (code == 0) return NN_HTTP_OK;
    if (code == E_ABORTED_BY_CALLBACK) return NN_HTTP_CANCELLED;
    snprintf(result->message, sizeof result->message, "%s",
             t.out_of_memory ? "out of memory" : errors[0] ? errors : curl.easy_strerror(code));
    return NN_HTTP_FAILED;
}

void nn_http_result_free(nn_http_result *result) {
    free(result->data);
    result->data = NULL;
    result->size = 0;
}
