/* analyzer/frontend/python/python_state.c - tree walks and name helpers that the SG extractors
 * (python_class.c, python_module.c) share. */
#include "analyzer/frontend/python/python_state.h"

#include "analyzer/facts/assertions.h"
#include "analyzer/frontend/flat_text.h"

bool py_text_is(py_ctx *c, ft_node n, const char *s) { return ft_text_is(c->src, n, s); }

bool py_text_copy(py_ctx *c, ft_node n, char *buf, size_t size)
{
    uint32_t a = ft_start_byte(n), b = ft_end_byte(n);
    if (b - a + 1 > size)
        return false;
    memcpy(buf, c->src + a, b - a);
    buf[b - a] = '\0';
    return true;
}

/* Methods that change a list, dict, set or deque in place. */
static const char *const mutators[] = {
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault",
    "add", "discard", "appendleft", "extendleft", "popleft", "rotate", "sort", "reverse",
    "difference_update", "intersection_update", "symmetric_difference_update", "__setitem__",
    "__delitem__", NULL,
};

bool py_is_mutator(py_ctx *c, ft_node ident)
{
    char buf[64];
    return py_text_copy(c, ident, buf, sizeof(buf)) && py_str_in(buf, mutators);
}

const char *py_decorator_dotted(py_ctx *c, ft_node dec, ft_node *call)
{
    ft_node e = ft_named_child(dec, 0);
    *call = NULL;
    if (py_is(e, "call")) {
        *call = e;
        return py_callee(c, e);
    }
    return py_dotted(c, e);
}

const char **py_decorator_list(py_ctx *c, ft_node decorated, size_t *count)
{
    *count = 0;
    if (ft_is_null(decorated))
        return NULL;
    uint32_t n = ft_named_child_count(decorated);
    const char **out = ssot_arena_alloc(c->arena, (n + 1) * sizeof(*out));
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = ft_named_child(decorated, i), call;
        if (!py_is(d, "decorator"))
            continue;
        const char *name = py_decorator_dotted(c, d, &call);
        if (name)
            out[(*count)++] = name;
    }
    return out;
}

void py_each_node(ft_node root, bool skip_defs, py_node_fn fn, void *ctx)
{
    if (!root)
        return;
    ft_node end = ft_end(root);
    for (ft_node n = ft_next(root); n < end;) {
        bool descend = true;
        if (ft_is_named(n)) {
            fn(ctx, n);
            if (skip_defs && (py_is(n, "function_definition") || py_is(n, "class_definition")))
                descend = false;
        }
        n = descend ? ft_next(n) : ft_skip(n);
    }
}

void py_each_target(ft_node t, py_target_fn f, int depth)
{
    t = py_unparen(t);
    if (depth > 16 || ft_is_null(t))
        return;
    if (py_is(t, "pattern_list") || py_is(t, "tuple_pattern") || py_is(t, "list_pattern") ||
        py_is(t, "tuple") || py_is(t, "list") || py_is(t, "expression_list")) {
        uint32_t n = ft_named_child_count(t);
        for (uint32_t i = 0; i < n; i++)
            py_each_target(ft_named_child(t, i), f, depth + 1);
        return;
    }
    if (py_is(t, "list_splat_pattern") || py_is(t, "list_splat")) {
        py_each_target(ft_named_child(t, 0), f, depth + 1);
        return;
    }
    f.fn(f.ctx, t);
}

ft_node py_assigned_value(ft_node assignment)
{
    ft_node v = py_field(assignment, PYF_right);
    for (int i = 0; i < PY_MAX_CHAIN && py_is(v, "assignment"); i++)
        v = py_field(v, PYF_right);
    return v;
}

/* ---- request-scoped values (RULES.md "SG": user, session, connection, request, tenant) ---- */

static const char *const request_words[] = {
    "user", "users", "username", "userid", "uid", "session", "sessions", "sessionid", "sid",
    "request", "req", "conn", "connection", "connections", "websocket", "ws", "tenant",
    "tenantid", "account", "accountid", "customer", "principal", NULL,
};

bool py_request_word(const char *name)
{
    char word[32];
    size_t n = 0;
    for (const char *p = name;; p++) {
        bool upper = *p >= 'A' && *p <= 'Z';
        bool boundary = !*p || *p == '_' || (upper && n && p > name && p[-1] >= 'a' &&
                                             p[-1] <= 'z');
        if (boundary) {
            word[n] = '\0';
            if (n && py_str_in(word, request_words))
                return true;
            n = 0;
            if (!*p)
                return false;
            if (*p == '_')
                continue;
        }
        if (n + 1 < sizeof(word))
            word[n++] = (char)(upper ? *p + 32 : *p);
    }
}

/* Annotations that make a parameter the request itself. */
static bool request_type(const char *dotted)
{
    static const char *const types[] = {
        "Request", "WebSocket", "HttpRequest", "HTTPConnection", "BaseRequest", "WSGIRequest",
        "ASGIRequest", NULL,
    };
    return dotted && py_str_in(ssot_last_segment(dotted), types);
}

void py_request_params(py_ctx *c, ft_node def, bool handler, bool method, py_strings *out)
{
    ft_node params = py_field(def, PYF_parameters);
    uint32_t n = ft_is_null(params) ? 0 : ft_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        ft_node p = ft_named_child(params, i), type = NULL;
        if (py_is(p, "default_parameter") || py_is(p, "typed_default_parameter")) {
            type = py_field(p, PYF_type);
            p = py_field(p, PYF_name);
        } else if (py_is(p, "typed_parameter")) {
            type = py_field(p, PYF_type);
            p = ft_named_child(p, 0);
        }
        if (py_is(p, "list_splat_pattern") || py_is(p, "dictionary_splat_pattern"))
            p = ft_named_child(p, 0);
        if (!py_is(p, "identifier") || (method && i == 0))
            continue;
        const char *name = py_text(c, p);
        const char *typed = ft_is_null(type) ? NULL : py_dotted(c, ft_named_child(type, 0));
        if (handler || py_request_word(name) || request_type(typed))
            SSOT_VEC_PUSH(out, name);
    }
}

typedef struct request_scan {
    py_ctx *c;
    const py_strings *params;
    const char *hit;
} request_scan;

static void request_ident(void *ctx, ft_node n)
{
    request_scan *s = ctx;
    if (s->hit || !py_is(n, "identifier"))
        return;
    ft_node p = ft_parent(n);
    /* `x.name`'s name, `f(...)`'s function and `k=`'s keyword are not values */
    if ((py_is(p, "attribute") && ft_eq(py_field(p, PYF_attribute), n)) ||
        (py_is(p, "call") && ft_eq(py_field(p, PYF_function), n)) ||
        (py_is(p, "keyword_argument") && ft_eq(py_field(p, PYF_name), n)))
        return;
    /* only what the caller hands in: a local named `session` may hold an HTTP session */
    for (size_t i = 0; s->params && i < s->params->count; i++)
        if (py_text_is(s->c, n, s->params->items[i])) {
            s->hit = s->params->items[i];
            return;
        }
}

const char *py_request_value(py_ctx *c, ft_node expr, const py_strings *params)
{
    request_scan s = {c, params, NULL};
    if (ft_is_null(expr))
        return NULL;
    request_ident(&s, expr);
    py_each_node(expr, true, request_ident, &s);
    return s.hit;
}
