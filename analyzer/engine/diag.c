/* analyzer/engine/diag.c - the findings sink, severity names, sorting and fingerprints. */
#include "analyzer/engine/diag.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/config/config.h"
#include "rules/rule.h"

const char *ssot_severity_name(ssot_severity s)
{
    switch (s) {
    case SSOT_SEVERITY_ERROR:
        return "error";
    case SSOT_SEVERITY_WARNING:
        return "warning";
    default:
        return "info";
    }
}

bool ssot_severity_parse(const char *s, ssot_severity *out)
{
    if (!strcmp(s, "error"))
        *out = SSOT_SEVERITY_ERROR;
    else if (!strcmp(s, "warning"))
        *out = SSOT_SEVERITY_WARNING;
    else if (!strcmp(s, "info"))
        *out = SSOT_SEVERITY_INFO;
    else
        return false;
    return true;
}

void ssot_sink_init(ssot_sink *sink, const char *path)
{
    memset(sink, 0, sizeof(*sink));
    sink->path = path;
}

ssot_arena *ssot_sink_arena(ssot_sink *sink)
{
    if (!sink->arena) /* made on the first finding: most files have none */
        sink->arena = ssot_arena_new();
    return sink->arena;
}

char *ssot_path_from_root(const char *root, const char *path)
{
    return ssot_path_from_root_in(root, NULL, path);
}

char *ssot_path_from_root_in(const char *root, const char *cwd, const char *path)
{
    if (!root)
        return ssot_strdup(path);
    char *abs = ssot_config_abspath_in(cwd, path);
    size_t n = strlen(root);
    const char *rel = NULL;
    if (!strcmp(root, "/"))
        rel = abs + 1;
    else if (!strncmp(abs, root, n) && abs[n] == '/')
        rel = abs + n + 1;
    if (!rel)
        return abs;
    char *out = ssot_strdup(rel);
    free(abs);
    return out;
}

/* The length of the valid UTF-8 sequence at `p` (at most `n` bytes), 0 when there is none:
 * no overlong forms, surrogates or code points past U+10FFFF. */
static size_t utf8_sequence(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80)
        return 1;
    size_t len = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
                 : p[0] >= 0xF0 && p[0] <= 0xF4                                  ? 4
                                                                                 : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
        return 0;
    return len;
}

/* Escape `text` into `out` (room for 4 bytes per byte, and the NUL). `path`: also a
 * backslash and the control characters; otherwise only bytes that are not UTF-8. */
static void escape(const char *text, bool path, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    char *o = out;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_sequence(p + i, n - i);
        bool c1 = len == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0;
        const char *named = !path         ? NULL
                            : p[i] == '\\' ? "\\\\"
                            : p[i] == '\n' ? "\\n"
                            : p[i] == '\t' ? "\\t"
                            : p[i] == '\r' ? "\\r"
                                           : NULL;
        if (named) {
            memcpy(o, named, 2);
            o += 2;
            i++;
        } else if (len && !(path && (c1 || p[i] < 0x20 || p[i] == 0x7F))) {
            memcpy(o, p + i, len);
            o += len;
            i += len;
        } else {
            for (size_t k = 0; k < (len ? len : 1); k++, i++) {
                *o++ = '\\';
                *o++ = 'x';
                *o++ = hex[p[i] >> 4];
                *o++ = hex[p[i] & 15];
            }
        }
    }
    *o = '\0';
}

char *ssot_path_escape(const char *path)
{
    char *out = ssot_malloc(strlen(path) * 4 + 1);
    escape(path, true, out);
    return out;
}

/* `text` escaped in the arena (`path`: as ssot_path_escape; otherwise only the bytes that
 * are not UTF-8, as `\xNN`: reports are UTF-8). Text that needs nothing is returned as is. */
static const char *shown(ssot_arena *arena, const char *text, bool path)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text), i = 0;
    while (i < n && p[i] >= 0x20 && p[i] < 0x7F && (!path || p[i] != '\\'))
        i++;
    if (i == n)
        return text;
    char *out = ssot_arena_alloc(arena, n * 4 + 1);
    escape(text, path, out);
    return out;
}

static void root_paths_in(ssot_sink *sink, const char *path, const char **shown_path,
                          const char **raw)
{
    ssot_arena *arena = ssot_sink_arena(sink);
    char *rel = ssot_path_from_root(sink->root, path);
    *raw = ssot_arena_strdup(arena, rel);
    *shown_path = shown(arena, *raw, true);
    free(rel);
}

/* Every file has a sink and most never report: its root paths are exact allocations, and
 * its arena gets a block only with the first finding (a run of 100,000 small files kept
 * a block per file before any finding). */
void ssot_sink_set_root(ssot_sink *sink, const char *root)
{
    ssot_sink_set_root_in(sink, root, NULL);
}

void ssot_sink_set_root_in(ssot_sink *sink, const char *root, const char *cwd)
{
    sink->root = root;
    char *raw = ssot_path_from_root_in(root, cwd, sink->path);
    char *escaped = ssot_path_escape(raw);
    if (!strcmp(escaped, raw)) {
        free(escaped);
        escaped = raw;
    }
    sink->root_file = raw;
    sink->root_path = escaped;
}

void ssot_sink_fini(ssot_sink *sink)
{
    if (sink->root_path != sink->root_file)
        free((char *)sink->root_path);
    free((char *)sink->root_file);
    ssot_arena_free(sink->arena);
    free(sink->items);
    memset(sink, 0, sizeof(*sink));
}

/* printf into the arena, on one line. */
static char *one_line(ssot_arena *arena, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    size_t size = (size_t)(n < 0 ? 0 : n) + 1;
    char *msg = ssot_arena_alloc(arena, size);
    vsnprintf(msg, size, fmt, aq);
    va_end(aq);
    for (char *c = msg; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t' || *c == '\f' || *c == '\v')
            *c = ' ';
    return msg;
}

static void report(ssot_sink *sink, ssot_severity severity, const ssot_loc *loc,
                   const char *symbol, const char *fmt, va_list ap)
{
    if (sink->count == sink->cap) {
        sink->cap = sink->cap ? sink->cap * 2 : 8;
        sink->items = ssot_realloc(sink->items, sink->cap * sizeof(*sink->items));
    }
    /* one finding, one line: text quoted from the source may hold line breaks */
    ssot_arena *arena = ssot_sink_arena(sink);
    const char *msg = shown(arena, one_line(arena, fmt, ap), false);
    ssot_diag *d = &sink->items[sink->count++];
    memset(d, 0, sizeof(*d));
    d->rule = sink->rule;
    d->path = shown(arena, sink->path, true);
    d->root_path = sink->root_path ? sink->root_path : d->path;
    d->file = sink->path;
    d->root_file = sink->root_file ? sink->root_file : sink->path;
    d->span = loc->span;
    d->symbol = ssot_arena_strdup(arena, symbol ? symbol : "");
    d->snippet = ssot_arena_strdup(arena, loc->snippet ? loc->snippet : "");
    d->message = msg;
    d->severity = severity;
}

void ssot_sink_relate(ssot_sink *sink, const char *path, const ssot_loc *loc, const char *fmt,
                      ...)
{
    if (!sink->count)
        return;
    ssot_diag *d = &sink->items[sink->count - 1];
    /* clusters are small: the array is copied into the arena as it grows */
    ssot_arena *arena = ssot_sink_arena(sink);
    ssot_related *items = ssot_arena_alloc(arena, (d->related_count + 1) * sizeof(*items));
    if (d->related_count)
        memcpy(items, d->related, d->related_count * sizeof(*items));
    ssot_related *r = &items[d->related_count];
    r->path = shown(arena, ssot_arena_strdup(arena, path), true);
    root_paths_in(sink, path, &r->root_path, &r->root_file);
    r->span = loc->span;
    r->message = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        r->message = shown(arena, one_line(arena, fmt, ap), false);
        va_end(ap);
    }
    d->related = items;
    d->related_count++;
}

void ssot_sink_report(ssot_sink *sink, const ssot_loc *loc, const char *symbol,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(sink, sink->rule->severity, loc, symbol, fmt, ap);
    va_end(ap);
}

void ssot_sink_report_as(ssot_sink *sink, ssot_severity severity, const ssot_loc *loc,
                         const char *symbol, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(sink, severity, loc, symbol, fmt, ap);
    va_end(ap);
}

static int compare_diags(const void *a, const void *b)
{
    const ssot_diag *x = *(const ssot_diag *const *)a, *y = *(const ssot_diag *const *)b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->span.row != y->span.row)
        return x->span.row < y->span.row ? -1 : 1;
    if (x->span.col != y->span.col)
        return x->span.col < y->span.col ? -1 : 1;
    c = strcmp(x->rule->code, y->rule->code);
    if (c)
        return c;
    return strcmp(x->message, y->message);
}

static uint64_t key_hash(const ssot_diag *d)
{
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    const char *parts[] = {d->rule->code, d->root_path, d->symbol, d->snippet};
    for (size_t i = 0; i < 4; i++)
        XXH3_64bits_update(st, parts[i], strlen(parts[i]) + 1); /* with the NUL: a separator */
    uint64_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return h;
}

void ssot_diags_finish(const ssot_diag **diags, size_t count)
{
    qsort(diags, count, sizeof(*diags), compare_diags);
    /* Occurrence index among findings with the same key, in file order, so that a second
     * copy of the same violation gets a fingerprint of its own. Keys repeat only within a
     * file, so a per-file scan is enough. */
    uint64_t *keys = ssot_malloc(count * sizeof(*keys) + 1);
    for (size_t i = 0; i < count; i++)
        keys[i] = key_hash(diags[i]);
    size_t file_start = 0;
    for (size_t i = 0; i < count; i++) {
        if (strcmp(diags[i]->path, diags[file_start]->path) != 0)
            file_start = i;
        uint64_t occurrence = 0;
        for (size_t j = file_start; j < i; j++)
            if (keys[j] == keys[i])
                occurrence++;
        uint64_t both[2] = {keys[i], occurrence};
        ((ssot_diag *)diags[i])->fingerprint = XXH3_64bits(both, sizeof(both));
    }
    free(keys);
}

void ssot_sink_restore(ssot_sink *sink, const ssot_diag *from)
{
    ssot_arena *arena = ssot_sink_arena(sink);
    if (sink->count == sink->cap) {
        sink->cap = sink->cap ? sink->cap * 2 : 8;
        sink->items = ssot_realloc(sink->items, sink->cap * sizeof(*sink->items));
    }
    ssot_diag *d = &sink->items[sink->count++];
    memset(d, 0, sizeof(*d));
    d->rule = from->rule;
    d->path = shown(arena, sink->path, true);
    d->root_path = sink->root_path ? sink->root_path : d->path;
    d->file = sink->path;
    d->root_file = sink->root_file ? sink->root_file : sink->path;
    d->span = from->span;
    d->symbol = ssot_arena_strdup(arena, from->symbol);
    d->snippet = ssot_arena_strdup(arena, from->snippet);
    d->message = ssot_arena_strdup(arena, from->message);
    d->severity = from->severity;
    d->suppressed = from->suppressed;
    if (!from->related_count)
        return;
    ssot_related *items = ssot_arena_alloc(arena, from->related_count * sizeof(*items));
    for (size_t i = 0; i < from->related_count; i++) {
        const ssot_related *r = &from->related[i];
        items[i] = (ssot_related){ssot_arena_strdup(arena, r->path),
                                  ssot_arena_strdup(arena, r->root_path),
                                  ssot_arena_strdup(arena, r->root_file), r->span,
                                  ssot_arena_strdup(arena, r->message)};
    }
    d->related = items;
    d->related_count = from->related_count;
}
