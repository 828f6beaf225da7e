/* analyzer/frontend/ts_memory.c - tree-sitter's allocator, counting per thread the bytes it
 * holds. The sizes are the C library's own (malloc_usable_size), so memory allocated before
 * the allocator was installed needs no header and frees the same way. */
#include "analyzer/frontend/ts_memory.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <tree_sitter/api.h>

#if defined(__GLIBC__)
#include <malloc.h>
#define SSOT_TS_MEMORY_COUNTED 1
#else
#define SSOT_TS_MEMORY_COUNTED 0
#endif

static _Thread_local long long live;

#if SSOT_TS_MEMORY_COUNTED
static void *checked(void *p)
{
    if (!p) {
        fputs("ssot: out of memory in the parser\n", stderr);
        abort();
    }
    live += (long long)malloc_usable_size(p);
    return p;
}

static void *counted_malloc(size_t size) { return checked(malloc(size)); }

static void *counted_calloc(size_t count, size_t size) { return checked(calloc(count, size)); }

static void *counted_realloc(void *old, size_t size)
{
    long long before = old ? (long long)malloc_usable_size(old) : 0;
    void *p = realloc(old, size);
    if (!p && size)
        return checked(NULL);
    live -= before;
    if (p)
        live += (long long)malloc_usable_size(p);
    return p;
}

static void counted_free(void *p)
{
    if (p)
        live -= (long long)malloc_usable_size(p);
    free(p);
}

static void install(void)
{
    ts_set_allocator(counted_malloc, counted_calloc, counted_realloc, counted_free);
}
#endif

bool ssot_ts_memory_install(void)
{
#if SSOT_TS_MEMORY_COUNTED
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
    return true;
#else
    return false;
#endif
}

long long ssot_ts_memory_live(void) { return live; }
