/* analyzer/server/actions.c - quick fixes that write suppression comments, as TextEdits in
 * UTF-16 positions of the document's current text. */
#include "analyzer/server/actions.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/engine/line_scan.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/frontend/javascript/js_line_ends.h"
#include "analyzer/server/utf16.h"

enum { FILE_LEVEL_LINES = 20 };

/* A line's bytes: [*start, *end) without its line break. */
static void line_bytes(const ssot_document *doc, uint32_t line, size_t *start, size_t *end)
{
    *start = ssot_utf16_line_start(doc->text, doc->len, line);
    const char *nl = memchr(doc->text + *start, '\n', doc->len - *start);
    *end = nl ? (size_t)(nl - doc->text) : doc->len;
    if (*end > *start && doc->text[*end - 1] == '\r')
        (*end)--;
}

/* The UTF-16 character of byte `at` on line `line`. */
static uint32_t character_at(const ssot_document *doc, uint32_t line, size_t start, size_t at)
{
    uint32_t chars = 0;
    for (size_t i = start; i < at; i++)
        chars += ((unsigned char)doc->text[i] & 0xC0) != 0x80;
    return ssot_utf16_character(doc->text, doc->len, line, chars);
}

static json_t *insert_at(uint32_t line, uint32_t character, const char *text)
{
    json_t *pos = json_pack("{s:I, s:I}", "line", (json_int_t)line, "character",
                            (json_int_t)character);
    return json_pack("{s:{s:O, s:o}, s:s}", "range", "start", pos, "end", pos, "newText", text);
}

/* `marker` ("ssot: ignore[") in a comment of bytes [start, end): the offset of its `]`, and
 * whether `code` is already listed; false when there is no such comment. */
static bool find_list(const char *text, size_t start, size_t end, const char *marker,
                      const char *code, size_t *close, bool *listed)
{
    const char *hash = NULL;
    for (size_t i = start; i < end && !hash; i++)
        if (text[i] == '#' || (text[i] == '/' && i + 1 < end && text[i + 1] == '/'))
            hash = text + i;
    if (!hash)
        return false;
    size_t n = strlen(marker);
    for (const char *p = hash; p + n <= text + end; p++) {
        if (memcmp(p, marker, n))
            continue;
        const char *c = memchr(p + n, ']', (size_t)(text + end - (p + n)));
        if (!c)
            return false;
        *close = (size_t)(c - text);
        *listed = false;
        size_t k = strlen(code);
        for (const char *q = p + n; q + k <= c; q++)
            if (!memcmp(q, code, k) && (q == p + n || strchr(" ,", q[-1])) &&
                (q + k == c || strchr(" ,", q[k])))
                *listed = true;
        return true;
    }
    return false;
}

static json_t *action(const char *title, const char *uri, json_t *edit, json_t *diagnostic)
{
    json_t *changes = json_object();
    json_object_set_new(changes, uri, json_pack("[o]", edit));
    return json_pack("{s:s, s:s, s:[O], s:{s:o}}", "title", title, "kind", "quickfix",
                     "diagnostics", diagnostic, "edit", "changes", changes);
}

/* Whether a comment can be appended to line `line`: it does not end inside a string and no
 * backslash continues it (the document is scanned from its start). */
static bool can_comment(const ssot_document *doc, uint32_t line)
{
    ssot_line_scan scan = {0, false};
    const char *p = doc->text, *text_end = doc->text + doc->len;
    for (uint32_t l = 0;; l++) {
        const char *nl = memchr(p, '\n', (size_t)(text_end - p));
        const char *end = nl ? nl : text_end;
        if (end > p && end[-1] == '\r')
            end--;
        const char *hash = ssot_line_scan_next(&scan, p, end);
        if (l == line)
            return ssot_line_scan_can_comment(&scan, p, end, hash);
        if (!nl)
            return false;
        p = nl + 1;
    }
}

/* Where a JavaScript/TypeScript document's lines can take a `//` comment, from its syntax
 * tree (js_line_ends.c), read once per request. */
typedef struct js_doc {
    bool *can_comment;
    uint32_t *comment_at;
    size_t rows;
} js_doc;

static void js_doc_read(js_doc *j, const ssot_frontend *fe, const ssot_document *doc)
{
    j->rows = 1;
    for (size_t i = 0; i < doc->len; i++)
        j->rows += doc->text[i] == '\n';
    j->can_comment = ssot_calloc(j->rows, sizeof(*j->can_comment));
    j->comment_at = ssot_calloc(j->rows, sizeof(*j->comment_at));
    ssot_js_line_ends(fe, doc->text, doc->len, j->rows, j->can_comment, j->comment_at);
}

/* The edit that suppresses `code` on `line`: Python's `# ssot: ignore[...]`, or `//` for a
 * JavaScript/TypeScript document (`js` non-NULL); NULL when the line cannot take one. */
static json_t *on_line(const ssot_document *doc, const js_doc *js, const char *code,
                       uint32_t line)
{
    size_t start, end, close;
    bool listed;
    if (js ? line >= js->rows || !js->can_comment[line] : !can_comment(doc, line))
        return NULL;
    line_bytes(doc, line, &start, &end);
    /* in JavaScript only the `//` comment that ends the line holds a list */
    size_t from = start;
    bool has_comment = true;
    if (js) {
        has_comment = js->comment_at[line] != SSOT_JS_NO_COMMENT;
        from = has_comment ? js->comment_at[line] : start;
    }
    if (has_comment && find_list(doc->text, from, end, "ssot: ignore[", code, &close, &listed)) {
        if (listed)
            return NULL;
        bool empty = doc->text[close - 1] == '[';
        char *text = ssot_asprintf("%s%s", empty ? "" : ", ", code);
        json_t *e = insert_at(line, character_at(doc, line, start, close), text);
        free(text);
        return e;
    }
    size_t trimmed = end;
    while (trimmed > start && (doc->text[trimmed - 1] == ' ' || doc->text[trimmed - 1] == '\t'))
        trimmed--;
    char *text = ssot_asprintf("%s%s ssot: ignore[%s]", trimmed > start ? "  " : "",
                               js ? "//" : "#", code);
    json_t *e = insert_at(line, character_at(doc, line, start, trimmed), text);
    free(text);
    return e;
}

static bool is_prologue(const char *text, size_t start, size_t end, uint32_t line, bool python)
{
    if (line == 0 && end - start >= 2 && !memcmp(text + start, "#!", 2))
        return true;
    if (!python)
        return false;
    /* PEP 263: a coding line is one of the first two */
    if (line > 1 || end == start || text[start] != '#')
        return false;
    for (size_t i = start; i + 6 <= end; i++)
        if (!memcmp(text + i, "coding", 6) && (text[i + 6] == ':' || text[i + 6] == '='))
            return true;
    return false;
}

static json_t *in_file(const ssot_document *doc, const char *code, bool python)
{
    uint32_t insert = 0;
    for (uint32_t line = 0; line < FILE_LEVEL_LINES; line++) {
        size_t start, end, close;
        bool listed;
        line_bytes(doc, line, &start, &end);
        if (start >= doc->len)
            break;
        if (find_list(doc->text, start, end, "ssot: ignore-file[", code, &close, &listed)) {
            if (listed)
                return NULL;
            bool empty = doc->text[close - 1] == '[';
            char *text = ssot_asprintf("%s%s", empty ? "" : ", ", code);
            json_t *e = insert_at(line, character_at(doc, line, start, close), text);
            free(text);
            return e;
        }
        if (insert == line && is_prologue(doc->text, start, end, line, python))
            insert = line + 1;
    }
    /* the file's own line break style */
    const char *nl = memchr(doc->text, '\n', doc->len);
    bool crlf = nl && nl > doc->text && nl[-1] == '\r';
    char *text = ssot_asprintf("%s ssot: ignore-file[%s]%s", python ? "#" : "//", code,
                               crlf ? "\r\n" : "\n");
    json_t *e = insert_at(insert, 0, text);
    free(text);
    return e;
}

json_t *ssot_server_code_actions(const ssot_document *doc, json_t *params)
{
    /* the line fix follows Python's strings, JavaScript/TypeScript's syntax tree; in other
     * languages only the file-level one */
    const ssot_frontend *fe = doc->path ? ssot_frontend_for_path(doc->path) : NULL;
    if (!fe)
        fe = ssot_frontend_for_shebang(doc->text, doc->len);
    bool python = !fe || !strcmp(fe->name, "python");
    json_t *diags = json_object_get(json_object_get(params, "context"), "diagnostics");
    if (!json_is_array(diags))
        return NULL;
    js_doc js = {0};
    bool javascript = fe && ssot_js_is_frontend(fe);
    if (javascript)
        js_doc_read(&js, fe, doc);
    json_t *out = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(diags, i, d) {
        json_t *source = json_object_get(d, "source");
        json_t *code = json_object_get(json_object_get(d, "data"), "code");
        if (!json_is_string(code))
            code = json_object_get(d, "code");
        json_t *line = json_object_get(json_object_get(json_object_get(d, "range"), "start"),
                                       "line");
        if (!json_is_string(source) || strcmp(json_string_value(source), "ssot") ||
            !json_is_string(code) || !json_is_integer(line) || json_integer_value(line) < 0 ||
            json_integer_value(line) > UINT32_MAX)
            continue;
        const char *c = json_string_value(code);
        if (!c[0] || strlen(c) > 15 || strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
                                           strlen(c))
            continue; /* not a code a suppression comment can hold */
        char title[128];
        json_t *edit = python || javascript
                           ? on_line(doc, javascript ? &js : NULL, c,
                                     (uint32_t)json_integer_value(line))
                           : NULL;
        if (edit) {
            snprintf(title, sizeof(title), "Suppress %s on this line", c);
            json_array_append_new(out, action(title, doc->uri, edit, d));
        }
        edit = in_file(doc, c, python);
        if (edit) {
            snprintf(title, sizeof(title), "Suppress %s in this file", c);
            json_array_append_new(out, action(title, doc->uri, edit, d));
        }
    }
    free(js.can_comment);
    free(js.comment_at);
    return out;
}
