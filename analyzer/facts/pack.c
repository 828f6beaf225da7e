/* analyzer/facts/pack.c - the pack's bytes: a 32-byte header (magic, pack format, facts
 * format, payload length, xxHash3 of the payload), then LEB128 numbers and length-prefixed
 * strings: the writer's version, the run (shard, shard count, file count, list hash), and
 * each file with its facts bytes embedded whole. Reading checks the header, then every
 * length against the bytes left, every enum and flag against its range, every path's shape. */
#include "analyzer/facts/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/atomic_file.h"
#include "analyzer/facts/bytes.h"
#include "analyzer/facts/facts_io.h"

#define MAGIC "SSOTPACK"
#define HEADER_LEN 32 /* magic, pack format (u32), facts format (u32), length, checksum */
#define MAX_PACK ((uint64_t)1 << 40)

struct ssot_pack {
    ssot_pack_info info;
    ssot_arena *arena;     /* owned: every string, facts buffer and finding */
    unsigned char *bytes;  /* owned: the file's bytes when read by ssot_pack_load (the facts
                              are used in place) */
    ssot_pack_file *files; /* owned (heap) */
    size_t count, cap;
};

/* ---- writing ---- */

typedef ssot_bytes_out buf;

static void put(buf *b, const void *data, size_t n)
{
    ssot_bytes_put(b, data, n);
}

static void put_u64(buf *b, uint64_t x)
{
    ssot_bytes_put_u64(b, x);
}

static void put_str(buf *b, const char *s)
{
    ssot_bytes_put_str(b, s);
}

ssot_pack *ssot_pack_new(const ssot_pack_info *info)
{
    ssot_pack *pack = ssot_calloc(1, sizeof(*pack));
    pack->arena = ssot_arena_new();
    pack->info = *info;
    pack->info.version = SSOT_VERSION;
    return pack;
}

static const char *dup_or_null(ssot_arena *arena, const char *s)
{
    return s ? ssot_arena_strdup(arena, s) : NULL;
}

void ssot_pack_add(ssot_pack *pack, const ssot_pack_file *file)
{
    if (pack->count == pack->cap) {
        pack->cap = pack->cap ? pack->cap * 2 : 64;
        pack->files = ssot_realloc(pack->files, pack->cap * sizeof(*pack->files));
    }
    ssot_pack_file *f = &pack->files[pack->count++];
    *f = *file;
    f->path = ssot_arena_strdup(pack->arena, file->path);
    f->language = dup_or_null(pack->arena, file->language);
    f->module = dup_or_null(pack->arena, file->module);
    f->config_path = dup_or_null(pack->arena, file->config_path);
    unsigned char *facts = ssot_arena_alloc(pack->arena, file->facts_len + 1);
    if (file->facts_len)
        memcpy(facts, file->facts, file->facts_len);
    f->facts = facts;
    ssot_pack_finding *found =
        ssot_arena_alloc(pack->arena, (file->finding_count + 1) * sizeof(*found));
    for (size_t i = 0; i < file->finding_count; i++) {
        const ssot_pack_finding *in = &file->findings[i];
        found[i].code = ssot_arena_strdup(pack->arena, in->code);
        found[i].loc.span = in->loc.span;
        found[i].loc.snippet = ssot_arena_strdup(pack->arena, in->loc.snippet ? in->loc.snippet : "");
        found[i].message = ssot_arena_strdup(pack->arena, in->message);
    }
    f->findings = found;
}

static void put_file(buf *b, const ssot_pack_file *f)
{
    put_str(b, f->path);
    put_u64(b, f->size);
    put_u64(b, (uint64_t)f->role);
    put_str(b, f->language);
    put_u64(b, f->flags);
    put_str(b, f->module);
    put_str(b, f->config_path);
    put_u64(b, f->config_id);
    put_u64(b, f->facts_len);
    put(b, f->facts, f->facts_len);
    put_u64(b, f->finding_count);
    for (size_t i = 0; i < f->finding_count; i++) {
        const ssot_pack_finding *x = &f->findings[i];
        put_str(b, x->code);
        put_u64(b, x->loc.span.row);
        put_u64(b, x->loc.span.col);
        put_u64(b, x->loc.span.end_row);
        put_u64(b, x->loc.span.end_col);
        put_str(b, x->loc.snippet);
        put_str(b, x->message);
    }
}

ssot_status ssot_pack_save(const ssot_pack *pack, const char *path, char *err,
                           size_t err_size)
{
    buf b = {0};
    unsigned char header[HEADER_LEN] = {0};
    put(&b, header, sizeof(header));
    put_str(&b, SSOT_VERSION);
    put_u64(&b, pack->info.shard);
    put_u64(&b, pack->info.shard_count);
    put_u64(&b, pack->info.file_count);
    put_u64(&b, pack->info.list_hash);
    put_u64(&b, pack->count);
    for (size_t i = 0; i < pack->count; i++)
        put_file(&b, &pack->files[i]);
    size_t payload = b.len - HEADER_LEN;
    memcpy(b.data, MAGIC, 8);
    ssot_bytes_put_le(b.data + 8, SSOT_PACK_FORMAT, 4);
    ssot_bytes_put_le(b.data + 12, SSOT_FACTS_FORMAT, 4);
    ssot_bytes_put_le(b.data + 16, payload, 8);
    ssot_bytes_put_le(b.data + 24, XXH3_64bits(b.data + HEADER_LEN, payload), 8);

    ssot_status st = SSOT_ERR_IO;
    ssot_atomic_file *file = ssot_atomic_open(path, err, err_size);
    if (file) {
        if (fwrite(b.data, 1, b.len, ssot_atomic_stream(file)) != b.len) {
            ssot_atomic_abort(file);
            snprintf(err, err_size, "%s: cannot write the facts artifact", path);
        } else {
            st = ssot_atomic_commit(file, err, err_size) == SSOT_OK ? SSOT_OK : SSOT_ERR_IO;
        }
    }
    free(b.data);
    return st;
}

/* ---- reading ---- */

typedef struct reader {
    ssot_bytes_in in;
    ssot_arena *arena;
} reader;

static uint64_t get_u64(reader *r)
{
    return ssot_bytes_u64(&r->in);
}

static uint32_t get_u32(reader *r)
{
    return ssot_bytes_u32(&r->in);
}

/* A string without NUL bytes, NULL when stored as NULL (or on error). */
static const char *get_str(reader *r)
{
    const char *bytes;
    size_t n;
    ssot_bytes_str(&r->in, &bytes, &n);
    if (!bytes)
        return NULL;
    if (memchr(bytes, '\0', n)) {
        r->in.ok = false;
        return NULL;
    }
    return ssot_arena_strndup(r->arena, bytes, n);
}

static const char *get_name(reader *r)
{
    const char *s = get_str(r);
    if (!s)
        r->in.ok = false;
    return s;
}

/* A count of items that take at least `min_item` bytes each: no more than the bytes left. */
static size_t get_count(reader *r, size_t min_item)
{
    return ssot_bytes_count(&r->in, min_item);
}

bool ssot_pack_path_ok(const char *path)
{
    if (!path || !*path || *path == '/')
        return false;
    for (const char *p = path;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!slash)
            return true;
        p = slash + 1;
    }
}

static void get_file(reader *r, ssot_pack_file *f)
{
    f->path = get_name(r);
    f->size = get_u64(r);
    uint64_t role = get_u64(r);
    f->role = role == SSOT_ROLE_TEST ? SSOT_ROLE_TEST : SSOT_ROLE_SERVICE;
    f->language = get_str(r);
    f->flags = get_u32(r);
    f->module = get_str(r);
    f->config_path = get_str(r);
    f->config_id = get_u64(r);
    if (!r->in.ok || !ssot_pack_path_ok(f->path) || role > SSOT_ROLE_TEST ||
        (f->flags & ~(uint32_t)SSOT_PACK_FLAGS)) {
        r->in.ok = false;
        return;
    }
    f->facts_len = get_count(r, 1);
    f->facts = r->in.p;
    r->in.p += f->facts_len;
    /* a finding takes at least 9 bytes: 7 numbers and strings, two of them non-empty */
    f->finding_count = get_count(r, 9);
    ssot_pack_finding *found =
        ssot_arena_alloc(r->arena, (f->finding_count + 1) * sizeof(*found));
    for (size_t i = 0; i < f->finding_count && r->in.ok; i++) {
        ssot_pack_finding *x = &found[i];
        x->code = get_name(r);
        x->loc.span.row = get_u32(r);
        x->loc.span.col = get_u32(r);
        x->loc.span.end_row = get_u32(r);
        x->loc.span.end_col = get_u32(r);
        x->loc.snippet = get_name(r);
        x->message = get_name(r);
    }
    f->findings = found;
}

static ssot_status corrupt(const char *name, char *err, size_t err_size)
{
    snprintf(err, err_size, "%s: not a valid ssot facts artifact (truncated or corrupt)", name);
    return SSOT_ERR_INPUT;
}

/* `owned`: `data` is the caller's heap block, taken by the pack on success (read in
 * place), else copied. */
static ssot_status parse(const unsigned char *data, size_t len, const char *name,
                         unsigned char *owned, ssot_pack **out, char *err, size_t err_size)
{
    *out = NULL;
    if (!data || len < HEADER_LEN || memcmp(data, MAGIC, 8) != 0) {
        snprintf(err, err_size, "%s: not an ssot facts artifact (written by `ssot check "
                 "--facts-out`)", name);
        return SSOT_ERR_INPUT;
    }
    uint64_t format = ssot_bytes_get_le(data + 8, 4), facts_format = ssot_bytes_get_le(data + 12, 4);
    if (format != SSOT_PACK_FORMAT || facts_format != SSOT_FACTS_FORMAT) {
        snprintf(err, err_size, "%s: facts artifact format %llu.%llu, this ssot %s reads "
                 "%u.%u: extract and merge with the same ssot version", name,
                 (unsigned long long)format, (unsigned long long)facts_format, SSOT_VERSION,
                 SSOT_PACK_FORMAT, SSOT_FACTS_FORMAT);
        return SSOT_ERR_INPUT;
    }
    if (ssot_bytes_get_le(data + 16, 8) != len - HEADER_LEN ||
        ssot_bytes_get_le(data + 24, 8) != XXH3_64bits(data + HEADER_LEN, len - HEADER_LEN))
        return corrupt(name, err, err_size);

    ssot_pack *pack = ssot_calloc(1, sizeof(*pack));
    pack->arena = ssot_arena_new();
    /* the facts bytes are used in place: the file's bytes, or one copy of the payload */
    const unsigned char *payload = owned ? owned + HEADER_LEN : NULL;
    if (!owned) {
        unsigned char *copy = ssot_arena_alloc(pack->arena, len - HEADER_LEN + 1);
        memcpy(copy, data + HEADER_LEN, len - HEADER_LEN);
        payload = copy;
    }
    pack->bytes = owned;
    reader r = {{payload, payload + (len - HEADER_LEN), true}, pack->arena};
    const char *version = get_name(&r);
    if (r.in.ok && strcmp(version, SSOT_VERSION) != 0) {
        char shown[65]; /* the bytes' own version, kept on one line */
        size_t n = 0;
        for (; version[n] && n < sizeof(shown) - 1; n++)
            shown[n] = (unsigned char)version[n] < 0x20 || version[n] == 0x7f ? '?' : version[n];
        shown[n] = '\0';
        snprintf(err, err_size, "%s: written by ssot %s, this is ssot %s: extract and merge "
                 "with the same ssot version", name, shown, SSOT_VERSION);
        pack->bytes = NULL; /* the caller's still */
        ssot_pack_free(pack);
        return SSOT_ERR_INPUT;
    }
    pack->info.version = version;
    pack->info.shard = get_u32(&r);
    pack->info.shard_count = get_u32(&r);
    pack->info.file_count = get_u64(&r);
    pack->info.list_hash = get_u64(&r);
    if (pack->info.shard < 1 || pack->info.shard > pack->info.shard_count ||
        pack->info.file_count > MAX_PACK)
        r.in.ok = false;
    /* a file takes at least 12 bytes: 11 numbers, strings and counts, a non-empty path */
    pack->count = pack->cap = get_count(&r, 12);
    pack->files = ssot_calloc(pack->count + 1, sizeof(*pack->files));
    for (size_t i = 0; i < pack->count && r.in.ok; i++)
        get_file(&r, &pack->files[i]);
    if (!r.in.ok || r.in.p != r.in.end || pack->count > pack->info.file_count) {
        pack->bytes = NULL; /* the caller's still */
        ssot_pack_free(pack);
        return corrupt(name, err, err_size);
    }
    *out = pack;
    return SSOT_OK;
}

ssot_status ssot_pack_parse(const unsigned char *data, size_t len, const char *name,
                            ssot_pack **out, char *err, size_t err_size)
{
    return parse(data, len, name, NULL, out, err, err_size);
}

ssot_status ssot_pack_load(const char *path, ssot_pack **out, char *err, size_t err_size)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: cannot read the facts artifact: %s", path,
                 f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return SSOT_ERR_IO;
    }
    if ((uint64_t)st.st_size > MAX_PACK) {
        fclose(f);
        return corrupt(path, err, err_size);
    }
    size_t size = (size_t)st.st_size;
    unsigned char *data = ssot_malloc(size + 1);
    size_t got = fread(data, 1, size, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    ssot_status status;
    if (failed) {
        snprintf(err, err_size, "%s: cannot read the facts artifact", path);
        status = SSOT_ERR_IO;
    } else {
        status = parse(data, got, path, data, out, err, err_size);
    }
    if (status != SSOT_OK)
        free(data); /* else the pack's */
    return status;
}

const ssot_pack_info *ssot_pack_info_of(const ssot_pack *pack)
{
    return &pack->info;
}

size_t ssot_pack_count(const ssot_pack *pack)
{
    return pack->count;
}

const ssot_pack_file *ssot_pack_file_at(const ssot_pack *pack, size_t i)
{
    return &pack->files[i];
}

void ssot_pack_free(ssot_pack *pack)
{
    if (!pack)
        return;
    ssot_arena_free(pack->arena);
    free(pack->bytes);
    free(pack->files);
    free(pack);
}
