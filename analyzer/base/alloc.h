/* analyzer/base/alloc.h - checked allocation and the per-file arena.
 * Out of memory is the one error that is not returned: the wrappers print the size and
 * abort, as tree-sitter's allocator does. */
#ifndef SSOT_ANALYZER_ALLOC_H
#define SSOT_ANALYZER_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *ssot_malloc(size_t size);
void *ssot_calloc(size_t count, size_t size);
void *ssot_realloc(void *ptr, size_t size);
char *ssot_strdup(const char *s);
char *ssot_strndup(const char *s, size_t n);
/* printf into a new heap string; the caller frees it. */
char *ssot_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An arena hands out memory that is released all at once by ssot_arena_free.
 * A file's source text, facts and rule scratch live in one arena. */
typedef struct ssot_arena ssot_arena;

ssot_arena *ssot_arena_new(void);
void ssot_arena_free(ssot_arena *arena); /* NULL is a no-op */
void *ssot_arena_alloc(ssot_arena *arena, size_t size);  /* zeroed, 16-byte aligned */
/* Zeroed, 8-byte aligned: arrays of structs with no member wider than 8 bytes (the facts),
 * which 16-byte alignment would pad by 8 bytes on average. */
void *ssot_arena_alloc8(ssot_arena *arena, size_t size);
/* Strings (strndup, strdup, printf) are not aligned. */
/* A hint before the first allocation: about `bytes` will be allocated, so the first block
 * is made that large (between 256 bytes and 64 KiB) instead of growing to it. No effect once
 * the arena holds a block. */
void ssot_arena_expect(ssot_arena *arena, size_t bytes);
/* Before the first allocation: one first block of exactly `bytes` (a reader that knows what
 * it will allocate: no slack). No effect once the arena holds a block. Allocations that fit
 * it in order fill it exactly: ssot_arena_alloc at the next 16-byte boundary,
 * ssot_arena_alloc8 at the next 8-byte one, strings
 * (ssot_arena_strndup and the like) at the next byte. */
void ssot_arena_reserve(ssot_arena *arena, size_t bytes);
char *ssot_arena_strndup(ssot_arena *arena, const char *s, size_t n);
char *ssot_arena_strdup(ssot_arena *arena, const char *s);
char *ssot_arena_printf(ssot_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t ssot_arena_bytes(const ssot_arena *arena);

#endif /* SSOT_ANALYZER_ALLOC_H */
