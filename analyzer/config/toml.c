/* analyzer/config/toml.c - TOML text to a value tree. tree-sitter-toml does the parsing; this file
 * reports its ERROR/MISSING nodes, walks the rest, decodes keys, strings and numbers, and
 * applies TOML's table rules (duplicate keys, tables defined twice, closed inline tables). */
#include "analyzer/config/toml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/vec.h"

const TSLanguage *tree_sitter_toml(void);

/* Arrays and inline tables nested deeper than this are refused (the walk recurses). */
#define MAX_DEPTH 100

/* One segment of a (possibly dotted) key, decoded, with where it was written. */
typedef struct seg {
    char *text; /* owned */
    unsigned line, col;
} seg;

typedef SSOT_VEC(seg) seg_vec;
typedef SSOT_VEC(char) charbuf;

typedef struct ctx {
    const char *path;
    const char *text;
    char *err;
    size_t err_size;
    bool failed;
    unsigned next_section;       /* ids for [headers] and inline tables */
    SSOT_VEC(const char *) base; /* borrowed: the key path of the current table */
} ctx;

/* ---- small helpers ---- */

void ssot_toml_vmessage(char *err, size_t err_size, const char *path, unsigned line,
                        unsigned col, const char *fmt, va_list ap)
{
    if (!err || !err_size)
        return;
    int n = snprintf(err, err_size, "%s:%u:%u: ", path, line, col);
    if (n >= 0 && (size_t)n < err_size)
        vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
}

static bool fail(ctx *c, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail(ctx *c, unsigned line, unsigned col, const char *fmt, ...)
{
    if (c->failed)
        return false;
    c->failed = true;
    va_list ap;
    va_start(ap, fmt);
    ssot_toml_vmessage(c->err, c->err_size, c->path, line, col, fmt, ap);
    va_end(ap);
    return false;
}

static bool is(TSNode n, const char *type)
{
    return strcmp(ts_node_type(n), type) == 0;
}

static unsigned line_of(TSNode n)
{
    return ts_node_start_point(n).row + 1;
}

static unsigned col_of(TSNode n)
{
    return ts_node_start_point(n).column + 1;
}

static const char *text_of(const ctx *c, TSNode n, size_t *len)
{
    uint32_t start = ts_node_start_byte(n);
    *len = ts_node_end_byte(n) - start;
    return c->text + start;
}

static ssot_toml_value *value_new(ssot_toml_type type, ssot_toml_origin origin, unsigned line,
                                  unsigned col)
{
    ssot_toml_value *v = ssot_calloc(1, sizeof(*v));
    v->type = type;
    v->origin = origin;
    v->line = line;
    v->col = col;
    return v;
}

static ssot_toml_entry *table_find(const ssot_toml_value *t, const char *key)
{
    for (size_t i = 0; i < t->table.count; i++)
        if (strcmp(t->table.items[i].key, key) == 0)
            return &t->table.items[i];
    return NULL;
}

static void table_add(ssot_toml_value *t, const seg *k, ssot_toml_value *v)
{
    SSOT_VEC_GROW(&t->table);
    ssot_toml_entry *e = &t->table.items[t->table.count++];
    e->key = ssot_strdup(k->text);
    e->line = k->line;
    e->col = k->col;
    e->value = v;
}

static void array_add(ssot_toml_value *a, ssot_toml_value *v)
{
    SSOT_VEC_PUSH(&a->array, v);
}

static void segs_clear(seg_vec *segs)
{
    for (size_t i = 0; i < segs->count; i++)
        free(segs->items[i].text);
    segs->count = 0;
}

bool ssot_toml_is_bare_key(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

/* The dotted path of the current table plus segs[0..n), quoted where needed, for messages.
 * The caller frees it. */
static char *path_of(const ctx *c, const seg *segs, size_t n)
{
    charbuf out = {0};
    size_t total = c->base.count + n;
    for (size_t i = 0; i < total; i++) {
        const char *k = i < c->base.count ? c->base.items[i] : segs[i - c->base.count].text;
        if (i)
            SSOT_VEC_PUSH(&out, '.');
        bool bare = ssot_toml_is_bare_key(k);
        if (!bare)
            SSOT_VEC_PUSH(&out, '"');
        for (const char *s = k; *s; s++) {
            if (!bare && (*s == '"' || *s == '\\'))
                SSOT_VEC_PUSH(&out, '\\');
            SSOT_VEC_PUSH(&out, *s);
        }
        if (!bare)
            SSOT_VEC_PUSH(&out, '"');
    }
    SSOT_VEC_PUSH(&out, '\0');
    return out.items;
}

/* ---- UTF-8 and syntax errors ---- */

/* Length of the valid UTF-8 sequence at s (at most `left` bytes), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
    unsigned char b = s[0];
    size_t n;
    uint32_t cp;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
        cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        cp = b & 0x07;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static bool check_utf8(ctx *c, size_t len)
{
    const unsigned char *s = (const unsigned char *)c->text;
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_len(s + i, len - i);
        if (!n)
            return fail(c, line, col, "TOML files must be UTF-8: invalid byte 0x%02X", s[i]);
        if (s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col += (unsigned)n;
        }
        i += n;
    }
    return true;
}

/* The first ERROR or MISSING node in document order. */
static bool first_error(TSNode root, TSNode *out)
{
    if (!ts_node_has_error(root))
        return false;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    bool found = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        if (ts_node_is_missing(n) || is(n, "ERROR")) {
            *out = n;
            found = true;
            break;
        }
        if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur))
            continue;
        bool moved = false;
        while (!moved) {
            if (ts_tree_cursor_goto_next_sibling(&cur))
                moved = true;
            else if (!ts_tree_cursor_goto_parent(&cur))
                break;
        }
        if (!moved)
            break;
    }
    ts_tree_cursor_delete(&cur);
    return found;
}

/* Line and column of byte `off` inside node n's text. */
static void pos_in(const ctx *c, TSNode n, size_t off, unsigned *line, unsigned *col)
{
    size_t len;
    const char *s = text_of(c, n, &len);
    *line = line_of(n);
    *col = col_of(n);
    for (size_t i = 0; i < off && i < len; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* Where an ERROR node's text starts to be wrong. Error recovery may open the node at the
 * end of a line that parsed (its newline, or the `]` of a header it took back) when what it
 * could not read is on a later line: blanks and newlines are skipped, and so are closing
 * brackets that end their line when more text follows. `len` when the text is all blank. */
static size_t error_start(const char *s, size_t len)
{
    size_t i = 0;
    for (;;) {
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        size_t j = i;
        while (j < len && (s[j] == ']' || s[j] == '}'))
            j++;
        while (j > i && j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
            j++;
        if (j == i || j == len || s[j] != '\n')
            return i;
        size_t next = j;
        while (next < len && (s[next] == ' ' || s[next] == '\t' || s[next] == '\r' ||
                              s[next] == '\n'))
            next++;
        if (next == len)
            return i;
        i = next;
    }
}

static void syntax_error(ctx *c, TSNode n, size_t doc_len)
{
    if (ts_node_is_missing(n)) {
        const char *type = ts_node_type(n);
        if (!ts_node_is_named(n)) {
            fail(c, line_of(n), col_of(n), "TOML syntax error: missing `%s`", type);
            return;
        }
        char what[64];
        snprintf(what, sizeof(what), "%s", !strcmp(type, "bare_key") ? "key" : type);
        for (char *s = what; *s; s++)
            if (*s == '_')
                *s = ' ';
        fail(c, line_of(n), col_of(n), "TOML syntax error: missing %s", what);
        return;
    }
    size_t len;
    const char *s = text_of(c, n, &len);
    unsigned line = line_of(n), col = col_of(n);
    size_t skip = error_start(s, len);
    if (skip < len) {
        pos_in(c, n, skip, &line, &col);
        s += skip;
        len -= skip;
    }
    size_t cut = 0;
    while (cut < len && s[cut] != '\n' && s[cut] != '\r')
        cut++;
    while (cut && (s[cut - 1] == ' ' || s[cut - 1] == '\t'))
        cut--;
    if (cut > 40) { /* shorten, without splitting a UTF-8 sequence */
        cut = 40;
        while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    if (cut)
        fail(c, line, col, "TOML syntax error: cannot parse `%.*s`", (int)cut, s);
    else if (ts_node_start_byte(n) >= doc_len)
        fail(c, line, col, "TOML syntax error: unexpected end of file");
    else if (len && (s[0] == '\n' || s[0] == '\r'))
        fail(c, line, col, "TOML syntax error: unexpected end of line");
    else
        fail(c, line, col, "TOML syntax error");
}

/* ---- strings ---- */

static void put_utf8(charbuf *out, uint32_t cp)
{
    if (cp < 0x80) {
        SSOT_VEC_PUSH(out, (char)cp);
    } else if (cp < 0x800) {
        SSOT_VEC_PUSH(out, (char)(0xC0 | (cp >> 6)));
        SSOT_VEC_PUSH(out, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        SSOT_VEC_PUSH(out, (char)(0xE0 | (cp >> 12)));
        SSOT_VEC_PUSH(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
        SSOT_VEC_PUSH(out, (char)(0x80 | (cp & 0x3F)));
    } else {
        SSOT_VEC_PUSH(out, (char)(0xF0 | (cp >> 18)));
        SSOT_VEC_PUSH(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
        SSOT_VEC_PUSH(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
        SSOT_VEC_PUSH(out, (char)(0x80 | (cp & 0x3F)));
    }
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Decode a string or quoted key node: basic ("..." """...""") or literal ('...' '''...''').
 * The grammar has checked the syntax; this removes delimiters, the newline that may follow
 * an opening """, line-ending backslashes, and decodes escapes. NULL after fail(). */
static char *decode_string(ctx *c, TSNode n)
{
    size_t len;
    const char *s = text_of(c, n, &len);
    bool literal = s[0] == '\'';
    size_t d = (len >= 6 && s[1] == s[0] && s[2] == s[0]) ? 3 : 1;
    bool multi = d == 3;
    size_t i = d, end = len - d;
    charbuf out = {0};
    if (multi && i < end && s[i] == '\n')
        i++;
    else if (multi && i + 1 < end && s[i] == '\r' && s[i + 1] == '\n')
        i += 2;
    while (i < end) {
        char ch = s[i];
        if (ch == '\r' && i + 1 < end && s[i + 1] == '\n') { /* newlines are normalised */
            i++;
            continue;
        }
        if (literal || ch != '\\') {
            SSOT_VEC_PUSH(&out, ch);
            i++;
            continue;
        }
        size_t esc = i;
        char e = i + 1 < end ? s[i + 1] : '\0';
        i += 2;
        /* `\e` and `\xHH` are TOML 1.1; accepted when the grammar lets them through */
        static const char from[] = "btnfre\"\\", to[] = "\b\t\n\f\r\x1B\"\\";
        const char *simple = e ? strchr(from, e) : NULL;
        if (simple) {
            SSOT_VEC_PUSH(&out, to[simple - from]);
            continue;
        }
        if (e == 'x' || e == 'u' || e == 'U') {
            size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            uint32_t cp = 0;
            bool ok = i + digits <= end;
            for (size_t k = 0; ok && k < digits; k++) {
                int h = hex_digit(s[i + k]);
                ok = h >= 0;
                cp = (cp << 4) | (uint32_t)(h < 0 ? 0 : h);
            }
            if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                unsigned line, col;
                pos_in(c, n, esc, &line, &col);
                size_t shown = ok ? digits + 2 : 2;
                fail(c, line, col, "invalid escape `%.*s`: not a Unicode scalar value", (int)shown,
                     s + esc);
                free(out.items);
                return NULL;
            }
            put_utf8(&out, cp);
            i += digits;
            continue;
        }
        if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
            /* line-ending backslash: drop all whitespace and newlines that follow */
            while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                i++;
            continue;
        }
        unsigned line, col;
        pos_in(c, n, esc, &line, &col);
        fail(c, line, col, "invalid escape `\\%c`", e ? e : ' ');
        free(out.items);
        return NULL;
    }
    SSOT_VEC_PUSH(&out, '\0');
    return out.items;
}

/* ---- numbers ---- */

/* Copy the node's text without '_' into buf; false when it does not fit. */
static bool digits_of(const ctx *c, TSNode n, char *buf, size_t size)
{
    size_t len, k = 0;
    const char *s = text_of(c, n, &len);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_')
            continue;
        if (k + 1 >= size)
            return false;
        buf[k++] = s[i];
    }
    buf[k] = '\0';
    return true;
}

static bool parse_integer(ctx *c, TSNode n, long long *out)
{
    char buf[96];
    size_t len;
    const char *raw = text_of(c, n, &len);
    bool ok = digits_of(c, n, buf, sizeof(buf));
    char *end = buf;
    errno = 0;
    if (ok && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'o' || buf[1] == 'b')) {
        int base = buf[1] == 'x' ? 16 : buf[1] == 'o' ? 8 : 2;
        unsigned long long u = strtoull(buf + 2, &end, base);
        ok = errno == 0 && u <= (unsigned long long)LLONG_MAX;
        *out = (long long)u;
    } else if (ok) {
        *out = strtoll(buf, &end, 10);
        ok = errno == 0;
    }
    if (!ok || *end)
        return fail(c, line_of(n), col_of(n), "integer `%.*s` is out of range (64-bit)",
                    (int)(len > 40 ? 40 : len), raw);
    return true;
}

static bool parse_float(ctx *c, TSNode n, double *out)
{
    char buf[512];
    size_t len;
    const char *raw = text_of(c, n, &len);
    bool ok = digits_of(c, n, buf, sizeof(buf));
    const char *s = buf + (buf[0] == '+' || buf[0] == '-');
    double sign = buf[0] == '-' ? -1.0 : 1.0;
    char *end = buf;
    if (ok && !strcmp(s, "inf")) {
        *out = sign * INFINITY;
        return true;
    }
    if (ok && !strcmp(s, "nan")) {
        *out = NAN;
        return true;
    }
    if (ok) {
        errno = 0;
        *out = strtod(buf, &end);
        ok = !*end && !isinf(*out);
    }
    if (!ok)
        return fail(c, line_of(n), col_of(n), "float `%.*s` is out of range",
                    (int)(len > 40 ? 40 : len), raw);
    return true;
}

/* ---- keys, values, tables ---- */

static bool key_segments(ctx *c, TSNode key, seg_vec *out)
{
    if (is(key, "dotted_key")) {
        uint32_t n = ts_node_named_child_count(key);
        for (uint32_t i = 0; i < n; i++)
            if (!key_segments(c, ts_node_named_child(key, i), out))
                return false;
        return true;
    }
    seg sg = {NULL, line_of(key), col_of(key)};
    if (is(key, "bare_key")) {
        size_t len;
        const char *s = text_of(c, key, &len);
        sg.text = ssot_strndup(s, len);
    } else if (is(key, "quoted_key")) {
        sg.text = decode_string(c, key);
        if (!sg.text)
            return false;
    } else {
        return fail(c, sg.line, sg.col, "TOML syntax error: unexpected `%s`", ts_node_type(key));
    }
    SSOT_VEC_PUSH(out, sg);
    return true;
}

static ssot_toml_value *convert(ctx *c, TSNode n, unsigned depth);
static bool insert_pair(ctx *c, ssot_toml_value *t, TSNode pair, unsigned section, unsigned depth);

/* Everything inside an inline table is closed to later additions. */
static void close_inline(ssot_toml_value *t)
{
    t->origin = SSOT_TOML_INLINE;
    for (size_t i = 0; i < t->table.count; i++)
        if (t->table.items[i].value->type == SSOT_TOML_TABLE)
            close_inline(t->table.items[i].value);
}

static ssot_toml_value *convert_inline_table(ctx *c, TSNode n, unsigned depth)
{
    ssot_toml_value *t = value_new(SSOT_TOML_TABLE, SSOT_TOML_INLINE, line_of(n), col_of(n));
    unsigned section = ++c->next_section;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = ts_node_named_child(n, i);
        if (is(ch, "pair") && !insert_pair(c, t, ch, section, depth + 1)) {
            ssot_toml_free(t);
            return NULL;
        }
    }
    close_inline(t);
    return t;
}

static ssot_toml_value *convert(ctx *c, TSNode n, unsigned depth)
{
    unsigned line = line_of(n), col = col_of(n);
    if (depth > MAX_DEPTH) {
        fail(c, line, col, "TOML value nested more than %d levels deep", MAX_DEPTH);
        return NULL;
    }
    const char *type = ts_node_type(n);
    ssot_toml_value *v;
    size_t len;
    if (!strcmp(type, "string")) {
        char *s = decode_string(c, n);
        if (!s)
            return NULL;
        v = value_new(SSOT_TOML_STRING, SSOT_TOML_INLINE, line, col);
        v->string = s;
    } else if (!strcmp(type, "integer")) {
        long long x = 0;
        if (!parse_integer(c, n, &x))
            return NULL;
        v = value_new(SSOT_TOML_INTEGER, SSOT_TOML_INLINE, line, col);
        v->integer = x;
    } else if (!strcmp(type, "float")) {
        double x = 0;
        if (!parse_float(c, n, &x))
            return NULL;
        v = value_new(SSOT_TOML_FLOAT, SSOT_TOML_INLINE, line, col);
        v->real = x;
    } else if (!strcmp(type, "boolean")) {
        v = value_new(SSOT_TOML_BOOL, SSOT_TOML_INLINE, line, col);
        v->boolean = text_of(c, n, &len)[0] == 't';
    } else if (!strcmp(type, "offset_date_time") || !strcmp(type, "local_date_time") ||
               !strcmp(type, "local_date") || !strcmp(type, "local_time")) {
        const char *s = text_of(c, n, &len);
        v = value_new(SSOT_TOML_DATETIME, SSOT_TOML_INLINE, line, col);
        v->string = ssot_strndup(s, len);
    } else if (!strcmp(type, "array")) {
        v = value_new(SSOT_TOML_ARRAY, SSOT_TOML_INLINE, line, col);
        uint32_t count = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < count; i++) {
            TSNode ch = ts_node_named_child(n, i);
            if (is(ch, "comment"))
                continue;
            ssot_toml_value *item = convert(c, ch, depth + 1);
            if (!item) {
                ssot_toml_free(v);
                return NULL;
            }
            array_add(v, item);
        }
    } else if (!strcmp(type, "inline_table")) {
        v = convert_inline_table(c, n, depth);
    } else {
        fail(c, line, col, "TOML syntax error: unexpected `%s`", type);
        return NULL;
    }
    return v;
}

/* `a.b.c = value` inside table t (the current [section] or an inline table). */
static bool insert_pair(ctx *c, ssot_toml_value *t, TSNode pair, unsigned section, unsigned depth)
{
    seg_vec segs = {0};
    bool ok = false;
    TSNode key = ts_node_named_child(pair, 0), val = key;
    for (uint32_t i = ts_node_named_child_count(pair); i-- > 1;) {
        val = ts_node_named_child(pair, i);
        if (!is(val, "comment"))
            break;
    }
    if (!key_segments(c, key, &segs))
        goto out_free_segs;
    for (size_t i = 0; i + 1 < segs.count; i++) {
        const seg *k = &segs.items[i];
        ssot_toml_entry *e = table_find(t, k->text);
        if (!e) {
            ssot_toml_value *nt = value_new(SSOT_TOML_TABLE, SSOT_TOML_DOTTED, k->line, k->col);
            nt->section = section;
            table_add(t, k, nt);
            t = nt;
            continue;
        }
        ssot_toml_value *v = e->value;
        char *p = NULL;
        if (v->type != SSOT_TOML_TABLE) {
            p = path_of(c, segs.items, i + 1);
            fail(c, k->line, k->col, "cannot add to `%s`: it is not a table (defined at line %u)",
                 p, e->line);
        } else if (v->origin == SSOT_TOML_INLINE) {
            p = path_of(c, segs.items, i + 1);
            fail(c, k->line, k->col, "cannot add to inline table `%s` (defined at line %u)", p,
                 e->line);
        } else if (v->origin == SSOT_TOML_IMPLICIT ||
                   (v->origin == SSOT_TOML_DOTTED && v->section == section)) {
            v->origin = SSOT_TOML_DOTTED;
            v->section = section;
            t = v;
            continue;
        } else {
            p = path_of(c, segs.items, i + 1);
            fail(c, k->line, k->col,
                 "cannot add to table `%s` with a dotted key: it is defined at line %u", p,
                 e->line);
        }
        free(p);
        goto out_free_segs;
    }
    const seg *last = &segs.items[segs.count - 1];
    const ssot_toml_entry *dup = table_find(t, last->text);
    if (dup) {
        char *p = path_of(c, segs.items, segs.count);
        fail(c, last->line, last->col, "duplicate key `%s` (first defined at line %u)", p,
             dup->line);
        free(p);
        goto out_free_segs;
    }
    size_t base = c->base.count;
    for (size_t i = 0; i < segs.count; i++)
        SSOT_VEC_PUSH(&c->base, segs.items[i].text);
    ssot_toml_value *v = convert(c, val, depth);
    c->base.count = base;
    if (!v)
        goto out_free_segs;
    table_add(t, last, v);
    ok = true;
out_free_segs:
    segs_clear(&segs);
    free(segs.items);
    return ok;
}

/* Open `[a.b.c]` (or `[[a.b.c]]` when `array`) from the document root: the table that the
 * following pairs go into, or NULL after fail(). `segs` becomes the current key path. */
static ssot_toml_value *open_table(ctx *c, ssot_toml_value *root, TSNode header,
                                   const seg_vec *segs, bool array)
{
    ssot_toml_value *t = root;
    unsigned hline = line_of(header), hcol = col_of(header);
    c->base.count = 0;
    for (size_t i = 0; i + 1 < segs->count; i++) {
        const seg *k = &segs->items[i];
        ssot_toml_entry *e = table_find(t, k->text);
        if (!e) {
            ssot_toml_value *nt = value_new(SSOT_TOML_TABLE, SSOT_TOML_IMPLICIT, k->line, k->col);
            table_add(t, k, nt);
            t = nt;
            continue;
        }
        ssot_toml_value *v = e->value;
        if (v->type == SSOT_TOML_TABLE && v->origin != SSOT_TOML_INLINE) {
            t = v;
            continue;
        }
        if (v->type == SSOT_TOML_ARRAY && v->origin == SSOT_TOML_ARRAY_OF_TABLES) {
            t = v->array.items[v->array.count - 1];
            continue;
        }
        char *p = path_of(c, segs->items, i + 1);
        if (v->type == SSOT_TOML_TABLE)
            fail(c, k->line, k->col, "cannot add to inline table `%s` (defined at line %u)", p,
                 e->line);
        else
            fail(c, k->line, k->col, "cannot add to `%s`: it is not a table (defined at line %u)",
                 p, e->line);
        free(p);
        return NULL;
    }
    const seg *last = &segs->items[segs->count - 1];
    ssot_toml_entry *e = table_find(t, last->text);
    ssot_toml_value *v = e ? e->value : NULL;
    ssot_toml_value *nt = NULL;
    char *p;
    if (!e) {
        nt = value_new(SSOT_TOML_TABLE, SSOT_TOML_HEADER, hline, hcol);
        if (array) {
            ssot_toml_value *a = value_new(SSOT_TOML_ARRAY, SSOT_TOML_ARRAY_OF_TABLES, hline, hcol);
            array_add(a, nt);
            table_add(t, last, a);
        } else {
            table_add(t, last, nt);
        }
    } else if (array && v->type == SSOT_TOML_ARRAY && v->origin == SSOT_TOML_ARRAY_OF_TABLES) {
        nt = value_new(SSOT_TOML_TABLE, SSOT_TOML_HEADER, hline, hcol);
        array_add(v, nt);
    } else if (!array && v->type == SSOT_TOML_TABLE && v->origin == SSOT_TOML_IMPLICIT) {
        v->origin = SSOT_TOML_HEADER;
        v->line = hline;
        v->col = hcol;
        e->line = last->line;
        e->col = last->col;
        nt = v;
    } else {
        p = path_of(c, segs->items, segs->count);
        if (array || (v->type != SSOT_TOML_TABLE && v->origin != SSOT_TOML_ARRAY_OF_TABLES))
            fail(c, last->line, last->col, "duplicate key `%s` (first defined at line %u)", p,
                 e->line);
        else
            fail(c, last->line, last->col, "table `[%s]` is defined twice (first at line %u)", p,
                 e->line);
        free(p);
        return NULL;
    }
    for (size_t i = 0; i < segs->count; i++)
        SSOT_VEC_PUSH(&c->base, segs->items[i].text);
    return nt;
}

/* ---- the document ---- */

static bool walk_section(ctx *c, ssot_toml_value *t, TSNode n, uint32_t first, unsigned section)
{
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = first; i < count; i++) {
        TSNode ch = ts_node_named_child(n, i);
        if (is(ch, "pair") && !insert_pair(c, t, ch, section, 0))
            return false;
    }
    return true;
}

static bool walk_document(ctx *c, ssot_toml_value *doc, TSNode root)
{
    seg_vec header = {0};
    bool ok = walk_section(c, doc, root, 0, 0);
    uint32_t count = ts_node_named_child_count(root);
    for (uint32_t i = 0; ok && i < count; i++) {
        TSNode ch = ts_node_named_child(root, i);
        bool array = is(ch, "table_array_element");
        if (!array && !is(ch, "table"))
            continue;
        segs_clear(&header);
        c->base.count = 0;
        ok = key_segments(c, ts_node_named_child(ch, 0), &header);
        ssot_toml_value *t = ok ? open_table(c, doc, ch, &header, array) : NULL;
        ok = t && walk_section(c, t, ch, 1, ++c->next_section);
    }
    c->base.count = 0;
    segs_clear(&header);
    free(header.items);
    return ok;
}

ssot_status ssot_toml_parse(const char *path, const char *text, size_t len, ssot_toml_value **out,
                            char *err, size_t err_size)
{
    ctx c = {.path = path, .text = text, .err = err, .err_size = err_size};
    ssot_status st = SSOT_ERR_INPUT;
    *out = NULL;
    if (err && err_size)
        err[0] = '\0';
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark */
        text += 3;
        len -= 3;
        c.text = text;
    }
    if (len > UINT32_MAX) {
        fail(&c, 1, 1, "TOML file is too large");
        return SSOT_ERR_INPUT;
    }
    if (!check_utf8(&c, len))
        return SSOT_ERR_INPUT;
    TSParser *parser = ts_parser_new();
    const TSLanguage *lang = tree_sitter_toml();
    if (!ts_parser_set_language(parser, lang)) {
        snprintf(err, err_size,
                 "the TOML grammar has ABI %u but the tree-sitter runtime accepts %d-%d",
                 ts_language_abi_version(lang), TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                 TREE_SITTER_LANGUAGE_VERSION);
        st = SSOT_ERR_INTERNAL;
        goto out_parser;
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    if (!tree) {
        snprintf(err, err_size, "%s: the TOML parser gave up", path);
        st = SSOT_ERR_INTERNAL;
        goto out_parser;
    }
    TSNode root = ts_tree_root_node(tree), bad;
    if (first_error(root, &bad)) {
        syntax_error(&c, bad, len);
        goto out_tree;
    }
    ssot_toml_value *doc = value_new(SSOT_TOML_TABLE, SSOT_TOML_HEADER, 1, 1);
    if (!walk_document(&c, doc, root)) {
        ssot_toml_free(doc);
        goto out_tree;
    }
    *out = doc;
    st = SSOT_OK;
out_tree:
    ts_tree_delete(tree);
out_parser:
    ts_parser_delete(parser);
    free(c.base.items);
    return st;
}

ssot_status ssot_toml_parse_file(const char *path, ssot_toml_value **out, char *err,
                                 size_t err_size)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return SSOT_ERR_IO;
    }
    charbuf buf = {0};
    for (;;) {
        if (buf.cap - buf.count < 4096) {
            buf.cap = buf.cap ? buf.cap * 2 : 8192;
            buf.items = ssot_realloc(buf.items, buf.cap);
        }
        size_t n = fread(buf.items + buf.count, 1, buf.cap - buf.count, f);
        buf.count += n;
        if (n == 0)
            break;
    }
    bool bad = ferror(f);
    int errnum = errno;
    fclose(f);
    ssot_status st;
    if (bad) {
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errnum));
        st = SSOT_ERR_IO;
    } else {
        st = ssot_toml_parse(path, buf.items ? buf.items : "", buf.count, out, err, err_size);
    }
    free(buf.items);
    return st;
}

void ssot_toml_free(ssot_toml_value *v)
{
    if (!v)
        return;
    switch (v->type) {
    case SSOT_TOML_TABLE:
        for (size_t i = 0; i < v->table.count; i++) {
            free(v->table.items[i].key);
            ssot_toml_free(v->table.items[i].value);
        }
        free(v->table.items);
        break;
    case SSOT_TOML_ARRAY:
        for (size_t i = 0; i < v->array.count; i++)
            ssot_toml_free(v->array.items[i]);
        free(v->array.items);
        break;
    case SSOT_TOML_STRING:
    case SSOT_TOML_DATETIME:
        free(v->string);
        break;
    default:
        break;
    }
    free(v);
}

const ssot_toml_entry *ssot_toml_find(const ssot_toml_value *table, const char *key)
{
    if (!table || table->type != SSOT_TOML_TABLE)
        return NULL;
    return table_find(table, key);
}

const ssot_toml_value *ssot_toml_get(const ssot_toml_value *table, const char *key)
{
    const ssot_toml_entry *e = ssot_toml_find(table, key);
    return e ? e->value : NULL;
}

const char *ssot_toml_type_name(ssot_toml_type type)
{
    switch (type) {
    case SSOT_TOML_TABLE:
        return "table";
    case SSOT_TOML_ARRAY:
        return "array";
    case SSOT_TOML_STRING:
        return "string";
    case SSOT_TOML_INTEGER:
        return "integer";
    case SSOT_TOML_FLOAT:
        return "float";
    case SSOT_TOML_BOOL:
        return "boolean";
    default:
        return "datetime";
    }
}
