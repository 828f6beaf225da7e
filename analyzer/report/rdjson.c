/* analyzer/report/rdjson.c - reviewdog's Diagnostic Format (rdjson): one DiagnosticResult
 * with a diagnostic per finding, its rule as `code` with the rule's page as `url`, for
 * `reviewdog -f=rdjson` to comment on a pull request. Paths are relative to the project root,
 * as reviewdog matches them against the diff; columns count UTF-8 bytes, as the format asks
 * (the checked files are read again to convert ssot's character columns; never written). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

#include "analyzer/report/report.h"
#include "rules/rule.h"

int ssot_report_rdjson(FILE *out, const ssot_report_input *in);

static const char *severity(ssot_severity s)
{
    return s == SSOT_SEVERITY_ERROR ? "ERROR" : s == SSOT_SEVERITY_WARNING ? "WARNING" : "INFO";
}

enum { MAX_SOURCE = 8 * 1024 * 1024 };

/* One checked file's text, read again for byte columns; `text` NULL when unreadable. */
typedef struct source {
    const char *file; /* borrowed: the finding's */
    char *text;       /* owned */
    size_t len;
} source;

static void source_load(source *s, const char *file)
{
    if (s->file && file && !strcmp(s->file, file))
        return;
    free(s->text);
    s->text = NULL;
    s->len = 0;
    s->file = file;
    FILE *f = file ? fopen(file, "rb") : NULL;
    if (!f)
        return;
    size_t cap = 4096, got;
    s->text = ssot_malloc(cap);
    while ((got = fread(s->text + s->len, 1, cap - s->len, f)) > 0) {
        s->len += got;
        if (s->len == cap && cap < MAX_SOURCE)
            s->text = ssot_realloc(s->text, cap *= 2);
        else if (s->len == cap)
            break; /* columns past the limit stay character columns */
    }
    fclose(f);
}

/* The 1-based byte column of 1-based character column `col` on 1-based row `row`; `col`
 * itself when the file cannot be read again (then the two agree on ASCII lines). */
static unsigned byte_column(const source *s, unsigned row, unsigned col)
{
    if (!s->text || !row || !col)
        return col;
    const char *p = s->text, *end = s->text + s->len;
    for (unsigned r = 1; r < row; r++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return col;
        p = nl + 1;
    }
    const char *start = p;
    for (unsigned c = 1; c < col && p < end && *p != '\n'; c++)
        do
            p++;
        while (p < end && ((unsigned char)*p & 0xC0) == 0x80);
    return (unsigned)(p - start) + 1;
}

static json_t *position(const source *s, unsigned line, unsigned column)
{
    return json_pack("{s:i, s:i}", "line", (json_int_t)line, "column",
                     (json_int_t)byte_column(s, line, column));
}

static json_t *diagnostic(const ssot_report_input *in, const ssot_diag *d, source *src)
{
    char *url = ssot_report_rule_url(in, d->rule);
    source_load(src, d->file);
    json_t *range = json_pack("{s:o, s:o}", "start", position(src, d->span.row, d->span.col),
                              "end", position(src, d->span.end_row, d->span.end_col));
    json_t *o = json_pack("{s:s, s:{s:s, s:o}, s:s, s:{s:s, s:s}}", "message", d->message,
                          "location", "path", d->root_path, "range", range, "severity",
                          severity(d->severity), "code", "value", d->rule->code, "url", url);
    free(url);
    return o;
}

int ssot_report_rdjson(FILE *out, const ssot_report_input *in)
{
    json_t *diags = json_array();
    source src = {NULL, NULL, 0};
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            json_array_append_new(diags, diagnostic(in, in->diags[i], &src));
    free(src.text);
    json_t *doc = json_pack("{s:{s:s}, s:o}", "source", "name", "ssot", "diagnostics", diags);
    return ssot_report_json_write(out, doc);
}
