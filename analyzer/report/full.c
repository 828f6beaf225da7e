/* analyzer/report/full.c - each finding's line as in the text format, then the source lines
 * around it with a caret under the flagged code (like Ruff's full format); counts per rule
 * and the summary at the end. Reads the checked files again, never writes them. */
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

enum { MAX_SOURCE = 8 * 1024 * 1024, MAX_SPAN_LINES = 4, TAB_WIDTH = 4 };

int ssot_report_full(FILE *out, const ssot_report_input *in);
void ssot_report_text_line(FILE *out, const ssot_report_input *in, const ssot_diag *d);

/* One file's text split into lines; lines point into `text`. */
typedef struct source_lines {
    const char *path;  /* borrowed: the finding's */
    char *text;        /* owned; NULL when the file cannot be shown */
    const char **line; /* owned */
    size_t *len;       /* owned */
    size_t count;
} source_lines;

static void lines_fini(source_lines *s)
{
    free(s->text);
    free(s->line);
    free(s->len);
    memset(s, 0, sizeof(*s));
}

static void lines_load(source_lines *s, const char *path)
{
    lines_fini(s);
    s->path = path;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t cap = 4096, n = 0;
    char *text = ssot_malloc(cap);
    size_t got;
    while ((got = fread(text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n > MAX_SOURCE)
            break;
        if (n == cap)
            text = ssot_realloc(text, cap *= 2);
    }
    fclose(f);
    if (n > MAX_SOURCE || memchr(text, '\0', n)) {
        free(text); /* too large or binary: the finding says so, no excerpt */
        return;
    }
    s->text = text;
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += text[i] == '\n';
    s->line = ssot_malloc(lines * sizeof(*s->line));
    s->len = ssot_malloc(lines * sizeof(*s->len));
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && text[i] != '\n')
            continue;
        size_t end = i;
        if (end > start && text[end - 1] == '\r')
            end--;
        s->line[s->count] = text + start;
        s->len[s->count++] = end - start;
        start = i + 1;
    }
    if (s->count > 1 && s->len[s->count - 1] == 0 && n && text[n - 1] == '\n')
        s->count--; /* the empty "line" after the final newline */
}

/* Columns on screen for the first `bytes` bytes of a line: code points, tabs to TAB_WIDTH. */
static size_t width(const char *s, size_t bytes)
{
    size_t w = 0;
    for (size_t i = 0; i < bytes; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            w += TAB_WIDTH;
        else if ((c & 0xC0) != 0x80)
            w++;
    }
    return w;
}

static void put_line(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\t')
            fprintf(out, "%*s", TAB_WIDTH, "");
        else
            fputc(s[i], out);
    }
}

static int digits(size_t n)
{
    int d = 1;
    while (n >= 10)
        n /= 10, d++;
    return d;
}

static void excerpt(FILE *out, const ssot_report_input *in, const source_lines *s,
                    const ssot_diag *d)
{
    size_t row = d->span.row, end_row = d->span.end_row < row ? row : d->span.end_row;
    if (!s->text || row < 1 || row > s->count)
        return;
    if (end_row > s->count)
        end_row = s->count;
    size_t first = row > 1 ? row - 1 : row;
    size_t last_span = end_row - row >= MAX_SPAN_LINES ? row + MAX_SPAN_LINES - 1 : end_row;
    size_t last = last_span < s->count ? last_span + 1 : last_span;
    int g = digits(last);
    const char *blue = in->color ? "\033[34m" : "", *reset = in->color ? "\033[0m" : "";
    const char *mark = !in->color                              ? ""
                       : d->severity == SSOT_SEVERITY_ERROR   ? "\033[31m"
                       : d->severity == SSOT_SEVERITY_WARNING ? "\033[33m"
                                                              : "\033[36m";
    fprintf(out, "%s%*s |%s\n", blue, g, "", reset);
    for (size_t r = first; r <= last; r++) {
        if (r > last_span && r <= end_row)
            break;
        const char *text = s->line[r - 1];
        size_t len = s->len[r - 1];
        fprintf(out, "%s%*zu |%s%s", blue, g, r, reset, len ? " " : "");
        put_line(out, text, len);
        fputc('\n', out);
        if (r != row)
            continue;
        size_t col = d->span.col ? d->span.col - 1 : 0;
        if (col > len)
            col = len;
        size_t end = d->span.end_row == row && d->span.end_col > d->span.col ? d->span.end_col - 1
                                                                             : len;
        if (end > len)
            end = len;
        size_t pad = width(text, col), carets = end > col ? width(text + col, end - col) : 1;
        fprintf(out, "%s%*s |%s %*s%s", blue, g, "", reset, (int)pad, "", mark);
        for (size_t k = 0; k < carets; k++)
            fputc('^', out);
        fprintf(out, " %s%s\n", d->rule->code, reset);
    }
    if (end_row > last_span)
        fprintf(out, "%s%*s |%s ...\n", blue, g, "", reset);
    fprintf(out, "%s%*s |%s\n", blue, g, "", reset);
}

/* Findings about the run itself (unreadable, binary, too large) have no source to show. */
static bool has_source(const ssot_diag *d)
{
    return !(d->rule->scope == SSOT_SCOPE_RUN && d->rule->code[0] == 'E' &&
             strcmp(d->rule->code, "E003") != 0);
}

int ssot_report_full(FILE *out, const ssot_report_input *in)
{
    source_lines s = {0};
    bool first = true;
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
        if (!first)
            fputc('\n', out);
        first = false;
        ssot_report_text_line(out, in, d);
        if (!has_source(d))
            continue;
        if (!s.path || strcmp(s.path, d->file) != 0)
            lines_load(&s, d->file); /* the raw name: d->path may be escaped */
        excerpt(out, in, &s, d);
    }
    lines_fini(&s);
    if (!in->quiet)
        ssot_report_summary(out, in, true);
    return ferror(out) ? -1 : 0;
}
