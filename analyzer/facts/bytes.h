/* analyzer/facts/bytes.h - the encoding of ssot's own binary files (facts entries, facts
 * artifacts): LEB128 numbers, strings as a LEB128 of 0 (NULL) or length + 1 then the bytes,
 * little-endian header words. A writer that grows, and a bounded reader that never reads
 * past its end: a value that does not fit marks the reader failed, and every read after
 * that returns zero (callers check `ok` once, at the end). */
#ifndef SSOT_ANALYZER_FACTS_BYTES_H
#define SSOT_ANALYZER_FACTS_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ssot_bytes_out {
    unsigned char *data; /* owned */
    size_t len, cap;
} ssot_bytes_out;

void ssot_bytes_put(ssot_bytes_out *b, const void *data, size_t n);
void ssot_bytes_put_u64(ssot_bytes_out *b, uint64_t x);
void ssot_bytes_put_str(ssot_bytes_out *b, const char *s);
void ssot_bytes_put_le(unsigned char *p, uint64_t v, unsigned n);
uint64_t ssot_bytes_get_le(const unsigned char *p, unsigned n);

typedef struct ssot_bytes_in {
    const unsigned char *p, *end;
    bool ok;
} ssot_bytes_in;

uint64_t ssot_bytes_u64(ssot_bytes_in *r);
uint32_t ssot_bytes_u32(ssot_bytes_in *r); /* over UINT32_MAX fails */
/* A string: *s points at its bytes in the input (not NUL-terminated) and *n is its length;
 * *s is NULL for a stored NULL, and after a failure (longer than the bytes left). */
void ssot_bytes_str(ssot_bytes_in *r, const char **s, size_t *n);
/* An array's count, of items that take at least `min_item` bytes each: more than the bytes
 * left could hold fails (a forged count must not make a large allocation). */
size_t ssot_bytes_count(ssot_bytes_in *r, size_t min_item);

#endif /* SSOT_ANALYZER_FACTS_BYTES_H */
