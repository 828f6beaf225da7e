/* analyzer/base/hash_stream.h - a 64-bit xxHash3 fed in many small pieces: bytes are gathered
 * in a buffer and hashed when it fills (the front ends' body fingerprints put a few bytes per
 * syntax node). Reset the state with XXH3_64bits_reset(&s->st) and n = 0 before use. */
#ifndef SSOT_ANALYZER_HASH_STREAM_H
#define SSOT_ANALYZER_HASH_STREAM_H

#include <stdint.h>
#include <string.h>
#include <xxhash.h>

enum { SSOT_HASH_STREAM_BUF = 2048 };

typedef struct ssot_hash_stream {
    XXH3_state_t st;
    size_t n;
    unsigned char buf[SSOT_HASH_STREAM_BUF];
} ssot_hash_stream;

static inline void ssot_hash_put(ssot_hash_stream *s, const void *p, size_t n)
{
    if (s->n + n > SSOT_HASH_STREAM_BUF) {
        XXH3_64bits_update(&s->st, s->buf, s->n);
        s->n = 0;
        if (n > SSOT_HASH_STREAM_BUF) {
            XXH3_64bits_update(&s->st, p, n);
            return;
        }
    }
    memcpy(s->buf + s->n, p, n);
    s->n += n;
}

static inline void ssot_hash_put16(ssot_hash_stream *s, uint16_t v)
{
    ssot_hash_put(s, &v, sizeof(v));
}

/* A length-prefixed text, so that "ab"+"c" and "a"+"bc" differ. */
static inline void ssot_hash_put_text(ssot_hash_stream *s, const char *text, uint32_t len)
{
    ssot_hash_put(s, &len, sizeof(len));
    ssot_hash_put(s, text, len);
}

static inline uint64_t ssot_hash_digest(ssot_hash_stream *s)
{
    if (s->n)
        XXH3_64bits_update(&s->st, s->buf, s->n);
    s->n = 0;
    return XXH3_64bits_digest(&s->st);
}

#endif /* SSOT_ANALYZER_HASH_STREAM_H */
