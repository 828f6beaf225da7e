/* analyzer/base/alloc.c - checked allocation wrappers and a bump-pointer arena. */
#include "analyzer/base/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "ssot: out of memory allocating %zu bytes\n", size);
    abort();
}

void *ssot_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *ssot_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *ssot_realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *ssot_strndup(const char *s, size_t n)
{
    char *p = ssot_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ssot_strdup(const char *s)
{
    return ssot_strndup(s, strlen(s));
}

char *ssot_asprintf(const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = ssot_malloc((size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(p, (size_t)(n < 0 ? 0 : n) + 1, fmt, aq);
    va_end(aq);
    return p;
}

/* Arena: a list of blocks; a request larger than the block size gets a block of its own. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} arena_block;

struct ssot_arena {
    arena_block *head;
    size_t total;
    size_t next_block; /* blocks grow from 4 KiB to 64 KiB: most files need little */
};

enum { ARENA_FIRST_BLOCK = 256, ARENA_BLOCK_SIZE = 64 * 1024 };

ssot_arena *ssot_arena_new(void)
{
    return ssot_calloc(1, sizeof(ssot_arena));
}

void ssot_arena_free(ssot_arena *arena)
{
    if (!arena)
        return;
    arena_block *b = arena->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void ssot_arena_expect(ssot_arena *arena, size_t bytes)
{
    if (arena->head)
        return;
    bytes = (bytes + 15) & ~(size_t)15;
    arena->next_block = bytes < ARENA_FIRST_BLOCK  ? ARENA_FIRST_BLOCK
                        : bytes > ARENA_BLOCK_SIZE ? ARENA_BLOCK_SIZE
                                                   : bytes;
}

void ssot_arena_reserve(ssot_arena *arena, size_t bytes)
{
    if (arena->head || !bytes)
        return;
    arena_block *b = ssot_malloc(sizeof(*b) + bytes);
    b->next = NULL;
    b->used = 0;
    b->size = bytes;
    arena->head = b;
    arena->total += bytes;
    /* what comes after the reserved bytes is small (a problem added, a rule's scratch) */
    if (!arena->next_block)
        arena->next_block = ARENA_FIRST_BLOCK;
}

static size_t align16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

/* `size` bytes at the head block's next `align`-aligned offset, a new block when they do
 * not fit. */
static void *arena_take(ssot_arena *arena, size_t size, size_t align)
{
    arena_block *b = arena->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        if (!arena->next_block)
            arena->next_block = ARENA_FIRST_BLOCK;
        size_t block = arena->next_block;
        size_t cap = size > block / 4 ? align16(size) : block;
        if (cap == block && arena->next_block < ARENA_BLOCK_SIZE)
            arena->next_block *= 2;
        arena_block *nb = ssot_malloc(sizeof(*nb) + cap);
        nb->used = 0;
        nb->size = cap;
        if (b && cap != block) {
            /* keep the current block at the head: it still has room */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            arena->head = nb;
        }
        arena->total += cap;
        b = nb;
        at = 0;
    }
    void *p = b->data + at;
    b->used = at + size;
    return p;
}

void *ssot_arena_alloc(ssot_arena *arena, size_t size)
{
    void *p = arena_take(arena, size, 16);
    memset(p, 0, size);
    return p;
}

void *ssot_arena_alloc8(ssot_arena *arena, size_t size)
{
    void *p = arena_take(arena, size, 8);
    memset(p, 0, size);
    return p;
}

char *ssot_arena_strndup(ssot_arena *arena, const char *s, size_t n)
{
    /* strings need no alignment: packed, a short name takes its bytes, not 16 */
    char *p = arena_take(arena, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ssot_arena_strdup(ssot_arena *arena, const char *s)
{
    return s ? ssot_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *ssot_arena_printf(ssot_arena *arena, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n;
    char *p = arena_take(arena, len + 1, 1);
    vsnprintf(p, len + 1, fmt, aq);
    va_end(aq);
    return p;
}

size_t ssot_arena_bytes(const ssot_arena *arena)
{
    return arena ? arena->total : 0;
}
