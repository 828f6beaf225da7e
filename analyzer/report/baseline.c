/* analyzer/report/baseline.c - baseline files (jansson): load and check, match findings by
 * fingerprint, list stale entries, write sorted and stable. */
#include "analyzer/report/baseline.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

enum { BASELINE_VERSION = 1 };

typedef struct entry {
    uint64_t fingerprint;
    const char *code, *path, *symbol, *message; /* borrowed: the JSON document */
    bool matched;
} entry;

struct ssot_baseline {
    json_t *doc;      /* owned: holds the strings */
    entry *entries;   /* owned, sorted by fingerprint */
    size_t count;
};

static int compare_entries(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->fingerprint < y->fingerprint ? -1 : x->fingerprint > y->fingerprint;
}

static bool parse_fingerprint(const char *s, uint64_t *out)
{
    if (strlen(s) != 16 || strspn(s, "0123456789abcdef") != 16)
        return false;
    *out = strtoull(s, NULL, 16);
    return true;
}

/* A string member, or NULL with a message when it is missing and required, or mistyped. */
static bool member(json_t *obj, const char *key, bool required, const char **out, char *why,
                   size_t why_size)
{
    json_t *v = json_object_get(obj, key);
    *out = "";
    if (!v && !required)
        return true;
    if (!json_is_string(v)) {
        snprintf(why, why_size, "`%s` %s", key, v ? "must be a string" : "is missing");
        return false;
    }
    *out = json_string_value(v);
    return true;
}

static bool read_entries(ssot_baseline *b, char *why, size_t why_size)
{
    json_t *doc = b->doc;
    json_t *version = json_object_get(doc, "version");
    if (!json_is_object(doc) || !json_is_integer(version)) {
        snprintf(why, why_size, "expected an object with `version` and `findings`");
        return false;
    }
    if (json_integer_value(version) != BASELINE_VERSION) {
        snprintf(why, why_size, "unsupported version %" JSON_INTEGER_FORMAT " (this ssot reads %d)",
                 json_integer_value(version), BASELINE_VERSION);
        return false;
    }
    json_t *findings = json_object_get(doc, "findings");
    if (!json_is_array(findings)) {
        snprintf(why, why_size, "`findings` must be an array");
        return false;
    }
    b->entries = ssot_calloc(json_array_size(findings) + 1, sizeof(*b->entries));
    size_t i;
    json_t *item;
    json_array_foreach(findings, i, item)
    {
        entry *e = &b->entries[b->count];
        const char *fp;
        char inner[160];
        if (!json_is_object(item)) {
            snprintf(why, why_size, "findings[%zu] must be an object", i);
            return false;
        }
        if (!member(item, "fingerprint", true, &fp, inner, sizeof(inner)) ||
            !member(item, "code", true, &e->code, inner, sizeof(inner)) ||
            !member(item, "path", true, &e->path, inner, sizeof(inner)) ||
            !member(item, "symbol", false, &e->symbol, inner, sizeof(inner)) ||
            !member(item, "message", false, &e->message, inner, sizeof(inner))) {
            snprintf(why, why_size, "findings[%zu]: %s", i, inner);
            return false;
        }
        if (!parse_fingerprint(fp, &e->fingerprint)) {
            snprintf(why, why_size, "findings[%zu]: `fingerprint` must be 16 hex digits, not `%s`",
                     i, fp);
            return false;
        }
        b->count++;
    }
    qsort(b->entries, b->count, sizeof(*b->entries), compare_entries);
    return true;
}

/* The document read from `path`, or from `data` when `path` is NULL (`name` in messages). */
static ssot_status parse(json_t *doc, const json_error_t *jerr, const char *name,
                         ssot_baseline **out, char *err, size_t err_size)
{
    if (!doc) {
        snprintf(err, err_size, "%s:%d:%d: not a valid baseline: %s", name, jerr->line,
                 jerr->column, jerr->text);
        return SSOT_ERR_INPUT;
    }
    ssot_baseline *b = ssot_calloc(1, sizeof(*b));
    b->doc = doc;
    char why[256];
    if (!read_entries(b, why, sizeof(why))) {
        snprintf(err, err_size, "%s: not a valid baseline: %s", name, why);
        ssot_baseline_free(b);
        return SSOT_ERR_INPUT;
    }
    *out = b;
    return SSOT_OK;
}

ssot_status ssot_baseline_load(const char *path, ssot_baseline **out, char *err,
                               size_t err_size)
{
    *out = NULL;
    FILE *in = fopen(path, "rb");
    if (!in) {
        snprintf(err, err_size, "%s: cannot read the baseline: %s", path, strerror(errno));
        return SSOT_ERR_IO;
    }
    json_error_t jerr;
    json_t *doc = json_loadf(in, JSON_REJECT_DUPLICATES, &jerr);
    fclose(in);
    return parse(doc, &jerr, path, out, err, err_size);
}

ssot_status ssot_baseline_parse(const char *data, size_t len, const char *name,
                                ssot_baseline **out, char *err, size_t err_size)
{
    *out = NULL;
    json_error_t jerr;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    return parse(doc, &jerr, name, out, err, err_size);
}

void ssot_baseline_free(ssot_baseline *b)
{
    if (!b)
        return;
    json_decref(b->doc);
    free(b->entries);
    free(b);
}

size_t ssot_baseline_apply(ssot_baseline *b, const ssot_diag **diags, size_t count)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        ssot_diag *d = (ssot_diag *)diags[i];
        if (d->suppressed)
            continue;
        entry key = {.fingerprint = d->fingerprint};
        entry *e = bsearch(&key, b->entries, b->count, sizeof(*b->entries), compare_entries);
        if (!e || e->matched)
            continue;
        e->matched = true;
        d->baselined = true;
        n++;
    }
    return n;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_fixed(const void *a, const void *b)
{
    const ssot_report_fixed *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (!c)
        c = strcmp(x->code, y->code);
    if (!c)
        c = strcmp(x->symbol, y->symbol);
    return c;
}

ssot_report_fixed *ssot_baseline_fixed(const ssot_baseline *b, const char *const *checked,
                                       size_t checked_count, const ssot_rule *const *rules,
                                       size_t rule_count, size_t *fixed_count)
{
    ssot_report_fixed *fixed = ssot_calloc(b->count + 1, sizeof(*fixed));
    *fixed_count = 0;
    const char **paths = ssot_malloc((checked_count + 1) * sizeof(*paths));
    if (checked_count)
        memcpy(paths, checked, checked_count * sizeof(*paths));
    qsort(paths, checked_count, sizeof(*paths), compare_strings);
    for (size_t i = 0; i < b->count; i++) {
        const entry *e = &b->entries[i];
        if (e->matched)
            continue;
        if (!bsearch(&e->path, paths, checked_count, sizeof(*paths), compare_strings))
            continue; /* a file this run did not look at */
        bool ran = false;
        for (size_t r = 0; r < rule_count && !ran; r++)
            ran = !strcmp(rules[r]->code, e->code);
        if (!ran)
            continue;
        fixed[(*fixed_count)++] = (ssot_report_fixed){e->code, e->path, e->symbol, e->message};
    }
    free(paths);
    qsort(fixed, *fixed_count, sizeof(*fixed), compare_fixed);
    return fixed;
}

static int compare_for_file(const void *a, const void *b)
{
    const ssot_diag *x = *(const ssot_diag *const *)a, *y = *(const ssot_diag *const *)b;
    int c = strcmp(x->root_path, y->root_path);
    if (!c)
        c = strcmp(x->rule->code, y->rule->code);
    if (!c)
        c = strcmp(x->symbol, y->symbol);
    if (!c)
        c = x->fingerprint < y->fingerprint ? -1 : x->fingerprint > y->fingerprint;
    return c;
}

int ssot_baseline_dump(FILE *out, const ssot_diag *const *diags, size_t count, size_t *written)
{
    const ssot_diag **sorted = ssot_malloc((count + 1) * sizeof(*sorted));
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (!diags[i]->suppressed)
            sorted[n++] = diags[i];
    qsort(sorted, n, sizeof(*sorted), compare_for_file);
    json_t *findings = json_array();
    for (size_t i = 0; i < n; i++) {
        const ssot_diag *d = sorted[i];
        char fp[17];
        ssot_report_fingerprint_hex(d, fp);
        json_array_append_new(findings,
                              json_pack("{s:s, s:s, s:s, s:s, s:s}", "fingerprint", fp, "code",
                                        d->rule->code, "path", d->root_path, "symbol", d->symbol,
                                        "message", d->message));
    }
    free(sorted);
    json_t *doc = json_pack("{s:i, s:s, s:o}", "version", BASELINE_VERSION, "tool", "ssot",
                            "findings", findings);
    int rc = json_dumpf(doc, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(doc);
    if (written)
        *written = n;
    return (rc != 0 || ferror(out)) ? -1 : 0;
}
