/* analyzer/frontend/ts_memory.c - tree-sitter's allocator, counting per thread the bytes it
 * holds. A parse makes millions of small blocks (subtrees, stack nodes, child arrays) and a
 * tree's deletion frees them all: blocks up to SMALL_MAX bytes come from per-thread free
 * lists by size class, carved from 64 KiB chunks of one address range reserved at start-up,
 * so that a block's class is known from its address (no header) and freeing one is a push.
 * Larger blocks, blocks made before the allocator was installed, and everything once the
 * range is used up go to the C library, sized by malloc_usable_size. The allocator is
 * process-wide by tree-sitter's design (ts_set_allocator): its chunk table is the only
 * shared state, written once per chunk under an atomic counter. Once no tree-sitter object
 * is left (extraction ends), ssot_ts_memory_trim gives the chunks' pages back. */
#include "analyzer/frontend/ts_memory.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <tree_sitter/api.h>

#if defined(__GLIBC__)
#include <malloc.h>
#define SSOT_TS_MEMORY_COUNTED 1
#else
#define SSOT_TS_MEMORY_COUNTED 0
#endif

static _Thread_local long long live;

#if SSOT_TS_MEMORY_COUNTED
enum {
    GRAIN = 16,                     /* size classes step by 16 bytes */
    SMALL_MAX = 512,                /* larger blocks go to malloc */
    CLASSES = SMALL_MAX / GRAIN + 1,
    CHUNK_SHIFT = 16,               /* 64 KiB chunks, one size class each */
};
#define RANGE_BYTES ((size_t)16 << 30) /* address space reserved, committed as it is used */
#define CHUNKS (RANGE_BYTES >> CHUNK_SHIFT)

typedef struct free_block {
    struct free_block *next;
} free_block;

typedef struct thread_cache {
    size_t generation;   /* the trims the range had when this cache was filled */
    free_block *free[CLASSES];
    char *bump[CLASSES]; /* the rest of the class's current chunk */
    char *end[CLASSES];
} thread_cache;

static _Thread_local thread_cache cache;
static char *range;                 /* NULL: no range, everything through malloc */
static atomic_size_t chunks_used;
static atomic_size_t generation;    /* trims so far: a cache of an older one is stale */
static unsigned char chunk_class[CHUNKS];

static void out_of_memory(void)
{
    fputs("ssot: out of memory in the parser\n", stderr);
    abort();
}

static bool in_range(const void *p)
{
    return range && (const char *)p >= range && (const char *)p < range + RANGE_BYTES;
}

static size_t class_of(const void *p)
{
    return chunk_class[(size_t)((const char *)p - range) >> CHUNK_SHIFT];
}

/* This thread's cache, emptied first when a trim took the chunks its lists and bumps were
 * in (a thread's first use after a trim). */
static thread_cache *current_cache(void)
{
    size_t now = atomic_load_explicit(&generation, memory_order_relaxed);
    if (cache.generation != now)
        cache = (thread_cache){.generation = now};
    return &cache;
}

/* A block of class `c` (c * GRAIN bytes), or NULL when the range is used up. */
static void *small_alloc(size_t c)
{
    current_cache();
    free_block *b = cache.free[c];
    if (b) {
        cache.free[c] = b->next;
        /* the list's blocks are scattered (a tree is freed in its own order): fetch the next
           one now, so that the next allocation of the class does not wait for its link */
        __builtin_prefetch(b->next);
        return b;
    }
    size_t size = c * GRAIN;
    if (!cache.bump[c] || (size_t)(cache.end[c] - cache.bump[c]) < size) {
        size_t k = atomic_fetch_add(&chunks_used, 1);
        if (k >= CHUNKS)
            return NULL;
        chunk_class[k] = (unsigned char)c;
        cache.bump[c] = range + (k << CHUNK_SHIFT);
        cache.end[c] = cache.bump[c] + ((size_t)1 << CHUNK_SHIFT);
    }
    void *p = cache.bump[c];
    cache.bump[c] += size;
    return p;
}

static void *fallback(void *p)
{
    if (!p)
        out_of_memory();
    live += (long long)malloc_usable_size(p);
    return p;
}

static void *ts_alloc(size_t size)
{
    if (range && size <= SMALL_MAX) {
        size_t c = size ? (size + GRAIN - 1) / GRAIN : 1;
        void *p = small_alloc(c);
        if (p) {
            live += (long long)(c * GRAIN);
            return p;
        }
    }
    return fallback(malloc(size));
}

static void *ts_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory();
    void *p = ts_alloc(count * size);
    memset(p, 0, count * size); /* a reused block holds what it held */
    return p;
}

static void ts_free(void *p)
{
    if (!p)
        return;
    if (in_range(p)) {
        size_t c = class_of(p);
        current_cache();
        free_block *b = p;
        b->next = cache.free[c];
        cache.free[c] = b;
        live -= (long long)(c * GRAIN);
        return;
    }
    live -= (long long)malloc_usable_size(p);
    free(p);
}

static void *ts_realloc(void *old, size_t size)
{
    if (!old)
        return ts_alloc(size);
    if (in_range(old)) {
        size_t have = class_of(old) * GRAIN;
        if (size <= have)
            return old;
        void *p = ts_alloc(size);
        memcpy(p, old, have);
        ts_free(old);
        return p;
    }
    long long before = (long long)malloc_usable_size(old);
    void *p = realloc(old, size);
    if (!p && size)
        out_of_memory();
    live -= before;
    if (p)
        live += (long long)malloc_usable_size(p);
    return p;
}

static void install(void)
{
    void *r = mmap(NULL, RANGE_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    range = r == MAP_FAILED ? NULL : r; /* no range: every block through malloc */
    ts_set_allocator(ts_alloc, ts_calloc, ts_realloc, ts_free);
}
#endif

void ssot_ts_memory_trim(void)
{
#if SSOT_TS_MEMORY_COUNTED
    size_t used = atomic_load(&chunks_used);
    if (!range || !used)
        return;
    if (used > CHUNKS)
        used = CHUNKS;
    madvise(range, used << CHUNK_SHIFT, MADV_DONTNEED); /* zero pages, not resident */
    atomic_store(&chunks_used, 0);
    atomic_fetch_add(&generation, 1);
#endif
}

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
