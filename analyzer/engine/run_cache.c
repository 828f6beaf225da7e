/* analyzer/engine/run_cache.c - the layout: a header (magic, format, payload length, xxHash3
 * checksum), the file count, then per file its stats (lines, tests, checked), its finding
 * count and each finding (rule code,
 * span, symbol, message, snippet, severity, suppressed, related places). Numbers are
 * little-endian u32, strings a u32 length and the bytes. */
#include "analyzer/engine/run_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/vec.h"

#define MAGIC "SSOTRUNS"
#define HEADER_LEN 32 /* magic, format (u32), reserved (u32), length (u64), checksum (u64) */

typedef SSOT_VEC(unsigned char) bytes;

static void put_u32(bytes *b, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        SSOT_VEC_PUSH(b, (unsigned char)(v >> (8 * i)));
}

static void put_str(bytes *b, const char *s)
{
    size_t n = strlen(s);
    put_u32(b, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        SSOT_VEC_PUSH(b, (unsigned char)s[i]);
}

static void put_span(bytes *b, ssot_span s)
{
    put_u32(b, s.row);
    put_u32(b, s.col);
    put_u32(b, s.end_row);
    put_u32(b, s.end_col);
}

static void put_u64_at(unsigned char *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

unsigned char *ssot_run_cache_write(const ssot_sink *sinks, const ssot_file_stats *stats,
                                    size_t count, size_t *len)
{
    bytes b = {0};
    for (size_t i = 0; i < HEADER_LEN; i++)
        SSOT_VEC_PUSH(&b, 0);
    put_u32(&b, (uint32_t)count);
    for (size_t f = 0; f < count; f++) {
        const ssot_sink *s = &sinks[f];
        put_u32(&b, stats[f].lines);
        put_u32(&b, stats[f].tests);
        put_u32(&b, stats[f].checked);
        put_u32(&b, (uint32_t)s->count);
        for (size_t k = 0; k < s->count; k++) {
            const ssot_diag *d = &s->items[k];
            put_str(&b, d->rule->code);
            put_span(&b, d->span);
            put_str(&b, d->symbol);
            put_str(&b, d->message);
            put_str(&b, d->snippet);
            put_u32(&b, (uint32_t)d->severity);
            put_u32(&b, d->suppressed);
            put_u32(&b, (uint32_t)d->related_count);
            for (size_t r = 0; r < d->related_count; r++) {
                const ssot_related *rel = &d->related[r];
                put_str(&b, rel->path);
                put_str(&b, rel->root_path);
                put_str(&b, rel->root_file);
                put_span(&b, rel->span);
                put_str(&b, rel->message);
            }
        }
    }
    memcpy(b.items, MAGIC, 8);
    put_u64_at(b.items + 8, SSOT_RUN_CACHE_FORMAT);
    put_u64_at(b.items + 16, b.count - HEADER_LEN);
    put_u64_at(b.items + 24, XXH3_64bits(b.items + HEADER_LEN, b.count - HEADER_LEN));
    *len = b.count;
    return b.items;
}

typedef struct reader {
    const unsigned char *p, *end;
    ssot_arena *arena; /* strings read, until copied into the sinks */
    bool ok;
} reader;

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static uint32_t get_u32(reader *r)
{
    if (!r->ok || r->end - r->p < 4) {
        r->ok = false;
        return 0;
    }
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                 (uint32_t)r->p[3] << 24;
    r->p += 4;
    return v;
}

/* A string without NUL bytes, copied into the reader's arena; "" after a failure. */
static const char *get_str(reader *r)
{
    uint32_t n = get_u32(r);
    if (!r->ok || (size_t)(r->end - r->p) < n || memchr(r->p, 0, n)) {
        r->ok = false;
        return "";
    }
    const char *s = ssot_arena_strndup(r->arena, (const char *)r->p, n);
    r->p += n;
    return s;
}

static ssot_span get_span(reader *r)
{
    ssot_span s;
    s.row = get_u32(r);
    s.col = get_u32(r);
    s.end_row = get_u32(r);
    s.end_col = get_u32(r);
    return s;
}

static void empty(ssot_sink *sinks, ssot_file_stats *stats, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        sinks[i].count = 0;
        stats[i] = (ssot_file_stats){0};
    }
}

bool ssot_run_cache_read(const unsigned char *data, size_t len, ssot_sink *sinks,
                         ssot_file_stats *stats, size_t count, ssot_run_cache_rule_fn find,
                         void *ctx)
{
    if (len < HEADER_LEN || memcmp(data, MAGIC, 8) != 0 ||
        get_u64(data + 8) != SSOT_RUN_CACHE_FORMAT || get_u64(data + 16) != len - HEADER_LEN ||
        get_u64(data + 24) != XXH3_64bits(data + HEADER_LEN, len - HEADER_LEN)) {
        empty(sinks, stats, count);
        return false;
    }
    reader r = {data + HEADER_LEN, data + len, ssot_arena_new(), true};
    if (get_u32(&r) != count)
        r.ok = false;
    SSOT_VEC(ssot_related) related = {0};
    for (size_t f = 0; f < count && r.ok; f++) {
        stats[f].lines = get_u32(&r);
        stats[f].tests = get_u32(&r);
        uint32_t checked = get_u32(&r);
        if (checked > 1)
            r.ok = false;
        stats[f].checked = checked;
        uint32_t n = get_u32(&r);
        for (uint32_t k = 0; k < n && r.ok; k++) {
            ssot_diag d = {0};
            const char *code = get_str(&r);
            d.rule = r.ok ? find(ctx, f, code) : NULL;
            d.span = get_span(&r);
            d.symbol = get_str(&r);
            d.message = get_str(&r);
            d.snippet = get_str(&r);
            uint32_t severity = get_u32(&r), suppressed = get_u32(&r);
            uint32_t nrel = get_u32(&r);
            /* each related place takes at least 36 bytes: no forged count allocates more */
            if (!d.rule || severity > SSOT_SEVERITY_ERROR || suppressed > 1 ||
                nrel > (size_t)(r.end - r.p) / 36)
                r.ok = false;
            related.count = 0;
            for (uint32_t i = 0; i < nrel && r.ok; i++) {
                ssot_related rel;
                rel.path = get_str(&r);
                rel.root_path = get_str(&r);
                rel.root_file = get_str(&r);
                rel.span = get_span(&r);
                rel.message = get_str(&r);
                SSOT_VEC_PUSH(&related, rel);
            }
            if (!r.ok)
                break;
            d.severity = (ssot_severity)severity;
            d.suppressed = suppressed;
            d.related = related.items;
            d.related_count = related.count;
            ssot_sink_restore(&sinks[f], &d);
        }
    }
    bool ok = r.ok && r.p == r.end;
    free(related.items);
    ssot_arena_free(r.arena);
    if (!ok)
        empty(sinks, stats, count);
    return ok;
}
