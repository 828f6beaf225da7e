/* analyzer/facts/bytes.c - LEB128 numbers, length-prefixed strings and header words, written
 * into a growing buffer and read back within bounds (facts entries and facts artifacts). */
#include "analyzer/facts/bytes.h"

#include <string.h>

#include "analyzer/base/alloc.h"

void ssot_bytes_put(ssot_bytes_out *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->data = ssot_realloc(b->data, b->cap);
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
}

void ssot_bytes_put_u64(ssot_bytes_out *b, uint64_t x)
{
    unsigned char c[10];
    size_t n = 0;
    do {
        c[n] = (unsigned char)(x & 0x7f);
        x >>= 7;
        c[n++] |= x ? 0x80 : 0;
    } while (x);
    ssot_bytes_put(b, c, n);
}

void ssot_bytes_put_str(ssot_bytes_out *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    ssot_bytes_put_u64(b, s ? n + 1 : 0);
    ssot_bytes_put(b, s, n);
}

void ssot_bytes_put_le(unsigned char *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

uint64_t ssot_bytes_get_le(const unsigned char *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

uint64_t ssot_bytes_u64(ssot_bytes_in *r)
{
    uint64_t x = 0;
    for (unsigned shift = 0; r->ok; shift += 7) {
        if (r->p >= r->end || shift > 63) {
            r->ok = false;
            break;
        }
        unsigned char c = *r->p++;
        x |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            break;
    }
    return r->ok ? x : 0;
}

uint32_t ssot_bytes_u32(ssot_bytes_in *r)
{
    uint64_t x = ssot_bytes_u64(r);
    if (x > UINT32_MAX)
        r->ok = false;
    return r->ok ? (uint32_t)x : 0;
}

void ssot_bytes_str(ssot_bytes_in *r, const char **s, size_t *n)
{
    uint64_t len = ssot_bytes_u64(r);
    *s = NULL;
    *n = 0;
    if (!r->ok || len == 0)
        return;
    if (len - 1 > (uint64_t)(r->end - r->p)) {
        r->ok = false;
        return;
    }
    *s = (const char *)r->p;
    *n = (size_t)(len - 1);
    r->p += len - 1;
}

size_t ssot_bytes_count(ssot_bytes_in *r, size_t min_item)
{
    uint64_t n = ssot_bytes_u64(r);
    if (!r->ok || n > (uint64_t)(r->end - r->p) / (min_item ? min_item : 1)) {
        r->ok = false;
        return 0;
    }
    return (size_t)n;
}
