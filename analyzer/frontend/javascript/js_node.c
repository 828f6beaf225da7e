/* analyzer/frontend/javascript/js_node.c - node helpers of the JavaScript front end: text,
 * spans, dotted names and string values of tree-sitter nodes. */
#include "analyzer/frontend/javascript/js_internal.h"

#include "analyzer/discover/source.h"

const char *js_text(js_ctx *c, TSNode n)
{
    if (ts_node_is_null(n))
        return "";
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return ssot_arena_strndup(c->arena, c->src + s, e - s);
}

bool js_text_is(js_ctx *c, TSNode n, const char *s)
{
    if (ts_node_is_null(n))
        return false;
    uint32_t a = ts_node_start_byte(n), e = ts_node_end_byte(n);
    size_t len = strlen(s);
    return e - a == len && !memcmp(c->src + a, s, len);
}

ssot_span js_span(js_ctx *c, TSNode n)
{
    if (ts_node_is_null(n))
        return (ssot_span){0};
    TSPoint a = ts_node_start_point(n), b = ts_node_end_point(n);
    uint32_t sb = ts_node_start_byte(n), eb = ts_node_end_byte(n);
    ssot_span sp;
    sp.row = a.row + 1;
    sp.end_row = b.row + 1;
    sp.col = ssot_source_column(c->src + sb - a.column, c->src + sb);
    sp.end_col = ssot_source_column(c->src + eb - b.column, c->src + eb);
    return sp;
}

const char *js_snippet_at(js_ctx *c, uint32_t s, uint32_t e)
{
    if (e - s > 240)
        e = s + 240;
    char *out = ssot_arena_alloc(c->arena, e - s + 1);
    size_t k = 0;
    bool space = false;
    for (uint32_t i = s; i < e && c->src[i] != '\n'; i++) {
        char ch = c->src[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = ch;
    }
    while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80 && e - s == 240)
        k--;
    if (k > 0 && e - s == 240 && ((unsigned char)out[k - 1] & 0xC0) == 0xC0)
        k--;
    out[k] = '\0';
    return out;
}

ssot_loc js_loc(js_ctx *c, TSNode n)
{
    if (ts_node_is_null(n))
        return (ssot_loc){js_span(c, n), ""};
    ssot_loc l = {js_span(c, n), js_snippet_at(c, ts_node_start_byte(n), ts_node_end_byte(n))};
    return l;
}

TSNode js_unwrap(TSNode n)
{
    for (;;) {
        if (js_is(n, "parenthesized_expression") || js_is(n, "await_expression") ||
            js_is(n, "as_expression") || js_is(n, "non_null_expression") ||
            js_is(n, "satisfies_expression") || js_is(n, "type_assertion")) {
            TSNode k = js_child(n, js_is(n, "type_assertion") ? 1 : 0);
            if (ts_node_is_null(k))
                return n;
            n = k;
            continue;
        }
        return n;
    }
}

const char *js_dotted(js_ctx *c, TSNode n)
{
    n = js_unwrap(n);
    if (js_is(n, "identifier") || js_is(n, "this") || js_is(n, "super") ||
        js_is(n, "property_identifier"))
        return js_text(c, n);
    if (!js_is(n, "member_expression"))
        return NULL;
    const char *obj = js_dotted(c, js_field(n, "object"));
    TSNode prop = js_field(n, "property");
    if (!obj || ts_node_is_null(prop))
        return NULL;
    uint32_t s = ts_node_start_byte(prop), e = ts_node_end_byte(prop);
    return ssot_arena_printf(c->arena, "%s.%.*s", obj, (int)(e - s), c->src + s);
}

const char *js_string(js_ctx *c, TSNode n)
{
    n = js_unwrap(n);
    if (js_is(n, "string")) {
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        if (e - s < 2)
            return "";
        return ssot_arena_strndup(c->arena, c->src + s + 1, e - s - 2);
    }
    if (js_is(n, "template_string")) {
        for (uint32_t i = 0; i < js_count(n); i++)
            if (js_is(js_child(n, i), "template_substitution"))
                return NULL;
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        return ssot_arena_strndup(c->arena, c->src + s + 1, e - s - 2);
    }
    return NULL;
}
