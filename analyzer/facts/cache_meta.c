/* analyzer/facts/cache_meta.c - the metadata table: a header (magic, format, payload length,
 * xxHash3 checksum), then the row count and each row as fixed little-endian fields after its
 * length-prefixed path. Loaded once per run, looked up from the worker threads under a
 * lock, written back once at the end when it changed. */
#include "analyzer/facts/cache_meta.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/atomic_file.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

#define MAGIC "SSOTMETA"
#define FORMAT 2u
#define HEADER_LEN 32 /* magic, format (u32), reserved (u32), length (u64), checksum (u64) */
#define ROW_FIXED 52  /* dev, ino, size, mtime, hash hi, hash lo: u64 each; lines: u32 */

typedef struct row {
    char *path; /* owned */
    uint64_t dev, ino, size, mtime_ns;
    ssot_text_hash hash;
    uint32_t lines;
} row;

struct ssot_cache_meta {
    pthread_mutex_t lock;
    SSOT_VEC(row) rows;
    ssot_strmap *by_path; /* path -> rows; keys borrowed from the rows */
    bool dirty;
};

ssot_cache_meta *ssot_cache_meta_new(void)
{
    ssot_cache_meta *m = ssot_calloc(1, sizeof(*m));
    pthread_mutex_init(&m->lock, NULL);
    m->by_path = ssot_strmap_new();
    return m;
}

size_t ssot_cache_meta_count(const ssot_cache_meta *m)
{
    return m->rows.count;
}

static uint64_t get_le(const unsigned char *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void put_le(unsigned char *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t mtime_ns(const struct stat *st)
{
    return (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
}

/* The row of `path`, or NULL. Under the lock. */
static row *find_row(ssot_cache_meta *m, const char *path)
{
    size_t n;
    const uint32_t *at = ssot_strmap_get(m->by_path, path, &n);
    return n ? &m->rows.items[at[n - 1]] : NULL;
}

static void add_row(ssot_cache_meta *m, row r)
{
    SSOT_VEC_PUSH(&m->rows, r);
    ssot_strmap_add(m->by_path, m->rows.items[m->rows.count - 1].path,
                    (uint32_t)(m->rows.count - 1));
}

bool ssot_cache_meta_parse(ssot_cache_meta *m, const unsigned char *data, size_t len)
{
    if (len < HEADER_LEN || memcmp(data, MAGIC, 8) != 0 ||
        get_le(data + 8) != FORMAT || get_le(data + 16) != len - HEADER_LEN ||
        get_le(data + 24) != XXH3_64bits(data + HEADER_LEN, len - HEADER_LEN))
        return false;
    const unsigned char *p = data + HEADER_LEN, *end = data + len;
    if (end - p < 8)
        return false;
    uint64_t count = get_le(p);
    p += 8;
    if (count > (uint64_t)(end - p) / (4 + ROW_FIXED))
        return false;
    for (uint64_t i = 0; i < count; i++) {
        if (end - p < 4)
            return false;
        uint32_t n = (uint32_t)(p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24);
        p += 4;
        if (n == 0 || (uint64_t)(end - p) < (uint64_t)n + ROW_FIXED || memchr(p, 0, n))
            return false;
        row r = {.path = ssot_strndup((const char *)p, n)};
        p += n;
        r.dev = get_le(p);
        r.ino = get_le(p + 8);
        r.size = get_le(p + 16);
        r.mtime_ns = get_le(p + 24);
        r.hash.hi = get_le(p + 32);
        r.hash.lo = get_le(p + 40);
        r.lines = (uint32_t)(p[48] | p[49] << 8 | p[50] << 16 | (uint32_t)p[51] << 24);
        p += ROW_FIXED;
        add_row(m, r);
    }
    return p == end;
}

static void clear(ssot_cache_meta *m)
{
    for (size_t i = 0; i < m->rows.count; i++)
        free(m->rows.items[i].path);
    m->rows.count = 0;
    ssot_strmap_free(m->by_path);
    m->by_path = ssot_strmap_new();
}

ssot_cache_meta *ssot_cache_meta_load(const char *path)
{
    ssot_cache_meta *m = ssot_cache_meta_new();
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return m;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size < (off_t)1 << 31) {
        size_t size = (size_t)st.st_size, got = 0;
        unsigned char *data = ssot_malloc(size);
        while (got < size) {
            ssize_t n = read(fd, data + got, size - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (got != size || !ssot_cache_meta_parse(m, data, size))
            clear(m); /* distrusted as a whole: an empty table costs one hash per file */
        free(data);
    }
    close(fd);
    return m;
}

static bool same(const row *r, const struct stat *st)
{
    return r->dev == (uint64_t)st->st_dev && r->ino == (uint64_t)st->st_ino &&
           r->size == (uint64_t)st->st_size && r->mtime_ns == mtime_ns(st);
}

bool ssot_cache_meta_find(ssot_cache_meta *m, const char *rel, const struct stat *st,
                          ssot_text_hash *out, uint32_t *lines)
{
    pthread_mutex_lock(&m->lock);
    const row *r = find_row(m, rel);
    bool hit = r && same(r, st);
    if (hit) {
        *out = r->hash;
        *lines = r->lines;
    }
    pthread_mutex_unlock(&m->lock);
    return hit;
}

void ssot_cache_meta_note(ssot_cache_meta *m, const char *rel, const struct stat *st,
                          ssot_text_hash hash, uint32_t lines)
{
    pthread_mutex_lock(&m->lock);
    row *r = find_row(m, rel);
    if (!r || !same(r, st) || r->hash.hi != hash.hi || r->hash.lo != hash.lo ||
        r->lines != lines) {
        row fresh = {NULL,         (uint64_t)st->st_dev, (uint64_t)st->st_ino,
                     (uint64_t)st->st_size, mtime_ns(st), hash, lines};
        if (r) {
            fresh.path = r->path;
            *r = fresh;
        } else {
            fresh.path = ssot_strdup(rel);
            add_row(m, fresh);
        }
        m->dirty = true;
    }
    pthread_mutex_unlock(&m->lock);
}

void ssot_cache_meta_save_free(ssot_cache_meta *m, const char *path)
{
    if (!m)
        return;
    if (m->dirty && path) {
        size_t len = HEADER_LEN + 8;
        for (size_t i = 0; i < m->rows.count; i++)
            len += 4 + strlen(m->rows.items[i].path) + ROW_FIXED;
        unsigned char *buf = ssot_malloc(len), *p = buf + HEADER_LEN;
        put_le(p, m->rows.count);
        p += 8;
        for (size_t i = 0; i < m->rows.count; i++) {
            const row *r = &m->rows.items[i];
            uint32_t n = (uint32_t)strlen(r->path);
            for (unsigned k = 0; k < 4; k++)
                *p++ = (unsigned char)(n >> (8 * k));
            memcpy(p, r->path, n);
            p += n;
            const uint64_t fields[6] = {r->dev, r->ino, r->size, r->mtime_ns, r->hash.hi,
                                        r->hash.lo};
            for (unsigned k = 0; k < 6; k++, p += 8)
                put_le(p, fields[k]);
            for (unsigned k = 0; k < 4; k++)
                *p++ = (unsigned char)(r->lines >> (8 * k));
        }
        memcpy(buf, MAGIC, 8);
        put_le(buf + 8, FORMAT);
        put_le(buf + 16, len - HEADER_LEN);
        put_le(buf + 24, XXH3_64bits(buf + HEADER_LEN, len - HEADER_LEN));
        char err[512];
        ssot_atomic_write_unsynced(path, buf, len, err, sizeof(err));
        free(buf);
    }
    clear(m);
    free(m->rows.items);
    ssot_strmap_free(m->by_path);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
