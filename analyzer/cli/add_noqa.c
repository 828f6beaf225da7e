/* analyzer/cli/add_noqa.c - --add-noqa: write `# ssot: ignore[CODE]` on the line of every
 * reported finding in a Python file (`// ssot: ignore[CODE]` in a JavaScript/TypeScript one),
 * merged into a suppression comment already on that line. The one write ssot
 * makes to the files it checks: bytes are inserted, never re-encoded (a latin-1 file stays
 * latin-1, CRLF stays CRLF), through analyzer/base/atomic_file.c, and only in regular files
 * with one link that have findings. */
#define _GNU_SOURCE /* open_memstream */
#include "analyzer/cli/add_noqa.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/atomic_file.h"
#include "analyzer/engine/line_scan.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/frontend/javascript/js_line_ends.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

enum { MAX_FILE_BYTES = 64 * 1024 * 1024 };

/* One line to annotate: its row and the codes to add there. */
typedef struct noqa_line {
    unsigned row;
    char codes[256]; /* "PH001, MO002" */
} noqa_line;

/* Whether a suppression of `code` can be written for `d`: a shown finding of a rule the
 * comment can name (not the run's own problems, not an unused suppression). */
static bool wanted(const ssot_diag *d)
{
    return ssot_report_shown(d) && !ssot_report_run_rule(d->rule) &&
           strcmp(d->rule->code, "SS901") != 0 && d->span.row > 0 && d->file;
}

static bool listed(const char *list, size_t len, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; p + n <= list + len; p++)
        if (!strncmp(p, code, n) && (p == list || p[-1] == ' ' || p[-1] == ',' ||
                                     p[-1] == '[' || p[-1] == ':') &&
            (p + n == list + len || strchr(" ,]\t#", p[n])))
            return true;
    return false;
}

static void add_code(noqa_line *line, const char *code)
{
    if (listed(line->codes, strlen(line->codes), code))
        return;
    size_t used = strlen(line->codes);
    snprintf(line->codes + used, sizeof(line->codes) - used, "%s%s", used ? ", " : "", code);
}

static const char *find_in(const char *p, const char *end, const char *what)
{
    size_t n = strlen(what);
    for (; p + n <= end; p++)
        if (!memcmp(p, what, n))
            return p;
    return NULL;
}

/* The codes of `want` that `list` (len bytes) lacks, ", "-joined into `out`. */
static void missing_codes(const char *want, const char *list, size_t len, char *out,
                          size_t size)
{
    out[0] = '\0';
    char copy[256];
    snprintf(copy, sizeof(copy), "%s", want);
    for (char *save, *code = strtok_r(copy, ", ", &save); code; code = strtok_r(NULL, ", ", &save))
        if (!listed(list, len, code)) {
            size_t used = strlen(out);
            snprintf(out + used, size - used, "%s%s", used ? ", " : "", code);
        }
}

/* Write line [start, end) (without its line break, its comment starting at `hash` or none)
 * with `line`'s codes to `out`, a new comment starting with `leader` ("#", "//"). Returns
 * how many codes were added. */
static size_t annotate(FILE *out, const char *start, const char *end, const char *hash,
                       const noqa_line *line, const char *leader)
{
    const char *marker = hash ? find_in(hash, end, "ssot:") : NULL;
    const char *open = NULL, *close = NULL;
    if (marker) {
        const char *p = marker + 5;
        while (p < end && *p == ' ')
            p++;
        if (end - p >= 7 && !memcmp(p, "ignore[", 7)) {
            open = p + 7;
            close = memchr(open, ']', (size_t)(end - open));
        }
    }
    if (!close && hash) {
        /* `# noqa: E501`: the list our codes join (ssot reads our codes there too) */
        const char *q = find_in(hash, end, "noqa:");
        if (q && !find_in(hash, q, "ssot:")) {
            open = q + 5;
            close = open;
            for (const char *p = open; p < end && *p != '#'; p++)
                if (strchr(" ,\t", *p) || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
                    close = (*p == ' ' || *p == '\t' || *p == ',') ? close : p + 1;
                else
                    break;
        }
    }
    char add[256];
    if (close) {
        missing_codes(line->codes, open, (size_t)(close - open), add, sizeof(add));
        bool empty = close == open || strspn(open, " \t") >= (size_t)(close - open);
        fwrite(start, 1, (size_t)(close - start), out);
        fprintf(out, "%s%s%s", empty ? "" : ", ", empty && close[-1] == ':' ? " " : "", add);
        fwrite(close, 1, (size_t)(end - close), out);
    } else {
        snprintf(add, sizeof(add), "%s", line->codes);
        const char *trimmed = end;
        while (trimmed > start && (trimmed[-1] == ' ' || trimmed[-1] == '\t'))
            trimmed--;
        fwrite(start, 1, (size_t)(trimmed - start), out);
        fprintf(out, "%s%s ssot: ignore[%s]", trimmed > start ? "  " : "", leader, add);
    }
    size_t n = add[0] ? 1 : 0;
    for (const char *p = add; *p; p++)
        n += *p == ',';
    return n;
}

static char *read_all(const char *path, size_t *len, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0, got;
    char *text = ssot_malloc(cap);
    while ((got = fread(text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap && n < MAX_FILE_BYTES)
            text = ssot_realloc(text, cap *= 2);
        else if (n == cap)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    *len = n;
    return text;
}

/* Where comments can go in a JavaScript/TypeScript file: per row, from its syntax tree. */
typedef struct js_lines {
    bool *can_comment;
    uint32_t *comment_at;
    size_t rows;
} js_lines;

static void js_lines_read(js_lines *j, const ssot_frontend *fe, const char *text, size_t len)
{
    j->rows = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
        j->rows++;
    j->can_comment = ssot_calloc(j->rows, sizeof(*j->can_comment));
    j->comment_at = ssot_calloc(j->rows, sizeof(*j->comment_at));
    ssot_js_line_ends(fe, text, len, j->rows, j->can_comment, j->comment_at);
}

/* Rewrite one file with the comments of `lines` (sorted by row); `js` is the front end of a
 * JavaScript/TypeScript file, NULL for Python. */
static ssot_status rewrite(const char *path, const ssot_frontend *js, const noqa_line *lines,
                           size_t count, size_t *added, size_t *skipped, char *err,
                           size_t err_size)
{
    struct stat info;
    if (stat(path, &info) != 0 || !S_ISREG(info.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file; left as it is", path);
        return SSOT_ERR_IO;
    }
    if (info.st_nlink > 1) {
        snprintf(err, err_size, "%s: has %ju hard links, which a rewrite would break; left as "
                                "it is", path, (uintmax_t)info.st_nlink);
        return SSOT_ERR_IO;
    }
    size_t len;
    char *text = read_all(path, &len, err, err_size);
    if (!text)
        return SSOT_ERR_IO;
    char *result = NULL;
    size_t result_len = 0;
    FILE *out = open_memstream(&result, &result_len);
    if (!out) {
        free(text);
        snprintf(err, err_size, "%s: out of memory", path);
        return SSOT_ERR_IO;
    }
    size_t k = 0, n = 0;
    unsigned row = 1;
    ssot_line_scan lx = {0, false};
    js_lines jl = {0};
    if (js)
        js_lines_read(&jl, js, text, len);
    for (const char *p = text, *end = text + len; p < end; row++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *content_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        const char *hash = NULL;
        bool open;
        if (js) {
            /* a JavaScript line ending in a string, template literal, regular expression,
             * block comment or JSX cannot take a `//` comment */
            size_t r = row - 1;
            hash = r < jl.rows && jl.comment_at[r] != SSOT_JS_NO_COMMENT
                       ? text + jl.comment_at[r] : NULL;
            open = !(r < jl.rows && jl.can_comment[r]);
        } else {
            hash = ssot_line_scan_next(&lx, p, content_end);
            /* a line that ends inside a string, or is continued by a backslash, cannot take
             * a comment */
            open = !ssot_line_scan_can_comment(&lx, p, content_end, hash);
        }
        while (k < count && lines[k].row < row)
            k++;
        bool wanted_here = k < count && lines[k].row == row;
        if (wanted_here && open)
            (*skipped)++;
        if (wanted_here && !open) {
            n += annotate(out, p, content_end, hash, &lines[k], js ? "//" : "#");
            fwrite(content_end, 1, (size_t)((nl ? nl + 1 : end) - content_end), out);
        } else {
            fwrite(p, 1, (size_t)((nl ? nl + 1 : end) - p), out);
        }
        p = nl ? nl + 1 : end;
    }
    free(text);
    free(jl.can_comment);
    free(jl.comment_at);
    bool bad = fclose(out) != 0;
    ssot_status st = SSOT_OK;
    if (bad) {
        snprintf(err, err_size, "%s: out of memory", path);
        st = SSOT_ERR_IO;
    } else if (n) { /* nothing to add: the file is not touched */
        ssot_atomic_file *file = ssot_atomic_open(path, err, err_size);
        if (!file) {
            st = SSOT_ERR_IO;
        } else if (fwrite(result, 1, result_len, ssot_atomic_stream(file)) != result_len) {
            ssot_atomic_abort(file);
            snprintf(err, err_size, "%s: cannot write", path);
            st = SSOT_ERR_IO;
        } else {
            st = ssot_atomic_commit(file, err, err_size);
        }
    }
    free(result);
    if (st == SSOT_OK)
        *added += n;
    return st;
}

static int by_file_row(const void *a, const void *b)
{
    const ssot_diag *x = *(const ssot_diag *const *)a, *y = *(const ssot_diag *const *)b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x->span.row > y->span.row) - (x->span.row < y->span.row);
}

ssot_status ssot_add_noqa(const ssot_diag *const *diags, size_t count, FILE *warnings,
                          size_t *added, size_t *files, size_t *skipped,
                          size_t *other_language, char *err, size_t err_size)
{
    *added = *files = *skipped = *other_language = 0;
    const ssot_diag **items = ssot_calloc(count + 1, sizeof(*items));
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (!wanted(diags[i]))
            continue;
        /* Python and JavaScript/TypeScript take comments; other languages' findings are
         * counted, not written */
        const ssot_frontend *fe = ssot_frontend_for_file(diags[i]->file);
        if (fe && strcmp(fe->name, "python") != 0 && !ssot_js_is_frontend(fe))
            (*other_language)++;
        else
            items[n++] = diags[i];
    }
    qsort(items, n, sizeof(*items), by_file_row);
    noqa_line *lines = ssot_calloc(n + 1, sizeof(*lines));
    ssot_status st = SSOT_OK;
    for (size_t i = 0; i < n;) {
        size_t j = i, nlines = 0;
        for (; j < n && !strcmp(items[j]->file, items[i]->file); j++) {
            if (!nlines || lines[nlines - 1].row != items[j]->span.row) {
                lines[nlines].row = items[j]->span.row;
                lines[nlines++].codes[0] = '\0';
            }
            add_code(&lines[nlines - 1], items[j]->rule->code);
        }
        size_t before = *added;
        char why[1024];
        const ssot_frontend *fe = ssot_frontend_for_file(items[i]->file);
        if (rewrite(items[i]->file, ssot_js_is_frontend(fe) ? fe : NULL, lines, nlines, added,
                    skipped, why, sizeof(why)) != SSOT_OK) {
            /* the other files are still annotated; the run then fails */
            fprintf(warnings, "ssot: warning: %s\n", why);
            if (st == SSOT_OK)
                snprintf(err, err_size, "%s", why);
            st = SSOT_ERR_IO;
        } else if (*added > before) {
            (*files)++;
        }
        i = j;
    }
    free(lines);
    free(items);
    return st;
}
