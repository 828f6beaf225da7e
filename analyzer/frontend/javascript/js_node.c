/* analyzer/frontend/javascript/js_node.c - node helpers of the JavaScript front end: text,
 * spans (flat_text.c, shared with Python, made null-safe here), dotted names and string
 * values of flat-tree nodes. */
#include "analyzer/frontend/javascript/js_internal.h"

#include "analyzer/frontend/flat_text.h"

const char *js_text(js_ctx *c, js_node n)
{
    return ft_is_null(n) ? "" : ft_text(c->arena, c->src, n);
}

bool js_text_is(js_ctx *c, js_node n, const char *s)
{
    return !ft_is_null(n) && ft_text_is(c->src, n, s);
}

ssot_span js_span(js_ctx *c, js_node n)
{
    return ft_is_null(n) ? (ssot_span){0} : ft_span(c->src, n);
}

const char *js_snippet_at(js_ctx *c, uint32_t s, uint32_t e)
{
    return ft_snippet_at(c->arena, c->src, s, e);
}

ssot_loc js_loc(js_ctx *c, js_node n)
{
    if (ft_is_null(n))
        return (ssot_loc){js_span(c, n), ""};
    ssot_loc l = {js_span(c, n), js_snippet_at(c, ft_start_byte(n), ft_end_byte(n))};
    return l;
}

js_node js_unwrap(js_node n)
{
    for (;;) {
        if (js_is(n, "parenthesized_expression") || js_is(n, "await_expression") ||
            js_is(n, "as_expression") || js_is(n, "non_null_expression") ||
            js_is(n, "satisfies_expression") || js_is(n, "type_assertion")) {
            js_node k = js_child(n, js_is(n, "type_assertion") ? 1 : 0);
            if (ft_is_null(k))
                return n;
            n = k;
            continue;
        }
        return n;
    }
}

const char *js_dotted(js_ctx *c, js_node n)
{
    n = js_unwrap(n);
    if (js_is(n, "identifier") || js_is(n, "this") || js_is(n, "super") ||
        js_is(n, "property_identifier"))
        return js_text(c, n);
    if (!js_is(n, "member_expression"))
        return NULL;
    const char *obj = js_dotted(c, js_field(n, "object"));
    js_node prop = js_field(n, "property");
    if (!obj || ft_is_null(prop))
        return NULL;
    uint32_t s = ft_start_byte(prop), e = ft_end_byte(prop);
    return ssot_arena_printf(c->arena, "%s.%.*s", obj, (int)(e - s), c->src + s);
}

const char *js_string(js_ctx *c, js_node n)
{
    n = js_unwrap(n);
    if (js_is(n, "string")) {
        uint32_t s = ft_start_byte(n), e = ft_end_byte(n);
        if (e - s < 2)
            return "";
        return ssot_arena_strndup(c->arena, c->src + s + 1, e - s - 2);
    }
    if (js_is(n, "template_string")) {
        for (uint32_t i = 0; i < js_count(n); i++)
            if (js_is(js_child(n, i), "template_substitution"))
                return NULL;
        uint32_t s = ft_start_byte(n), e = ft_end_byte(n);
        return ssot_arena_strndup(c->arena, c->src + s + 1, e - s - 2);
    }
    return NULL;
}
