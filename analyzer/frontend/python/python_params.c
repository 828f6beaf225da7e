/* analyzer/frontend/python/python_params.c - the attributes each function sets on what it is
 * handed: `def attach(conn): conn.ready = True` gives (attach, conn, 0, ready). Module-level
 * functions and the methods of module-level classes, in every file; PH011 then knows that
 * a double handed to `attach` has `ready` configured. */
#include <stdlib.h>

#include "analyzer/frontend/python/python_internal.h"

typedef SSOT_VEC(ssot_param_write) py_param_writes;

typedef struct param_ref {
    const char *name;
    int32_t position; /* as a caller passes it: the receiver not counted; -1 keyword-only */
} param_ref;

/* The parameters a caller passes, in order; a method's first one is its receiver. */
static size_t list_params(py_ctx *c, ft_node def, bool method, param_ref *out, size_t cap)
{
    ft_node params = py_field(def, PYF_parameters);
    uint32_t n = ft_is_null(params) ? 0 : ft_named_child_count(params);
    size_t count = 0;
    int32_t position = 0;
    bool keyword_only = false;
    for (uint32_t i = 0; i < n && count < cap; i++) {
        ft_node p = ft_named_child(params, i);
        if (py_is(p, "list_splat_pattern") || py_is(p, "keyword_separator")) {
            keyword_only = true; /* after `*args` or `*`: by keyword only */
            continue;
        }
        p = py_param_name(p);
        if (!p || py_is(ft_named_child(params, i), "dictionary_splat_pattern"))
            continue;
        if (method && i == 0)
            continue;
        out[count].name = py_text(c, p);
        out[count].position = keyword_only ? -1 : position++;
        count++;
    }
    return count;
}

/* `p.attr = V` (also `p.a = p.b = V`) with `p` one of the parameters. */
static void note_target(py_ctx *c, ft_node target, const char *function, const param_ref *ps,
                        size_t np, py_param_writes *out)
{
    if (!py_is(target, "attribute"))
        return;
    ft_node object = py_field(target, PYF_object);
    if (!py_is(object, "identifier"))
        return;
    for (size_t i = 0; i < np; i++)
        if (py_text_is(c, object, ps[i].name)) {
            ssot_param_write w = {function, ps[i].name, ps[i].position,
                                  py_text(c, py_field(target, PYF_attribute))};
            SSOT_VEC_PUSH(out, w);
            return;
        }
}

static void function_writes(py_ctx *c, ft_node def, const char *owner, py_param_writes *out)
{
    param_ref ps[32];
    size_t np = list_params(c, def, owner != NULL, ps, 32);
    ft_node body = py_field(def, PYF_body);
    if (!np || ft_is_null(body))
        return;
    const char *name = py_text(c, py_field(def, PYF_name));
    const char *function = owner ? ssot_arena_printf(c->arena, "%s.%s", owner, name) : name;
    ft_node end = ft_end(body);
    for (ft_node n = body; n < end; n = ft_next(n)) {
        if (py_is(n, "function_definition") || py_is(n, "class_definition") ||
            py_is(n, "lambda")) {
            n = ft_skip(n) - 1; /* its own scope: it runs only when called */
            continue;
        }
        if (py_is(n, "assignment")) /* `p.a = p.b = V`: the inner one comes next */
            note_target(c, py_field(n, PYF_left), function, ps, np, out);
    }
}

static ft_node definition_of(ft_node stmt)
{
    return py_is(stmt, "decorated_definition") ? py_field(stmt, PYF_definition) : stmt;
}

void py_param_writes_collect(py_ctx *c, ft_node root)
{
    py_param_writes out = {0};
    uint32_t n = ft_named_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = definition_of(ft_named_child(root, i));
        if (py_is(d, "function_definition")) {
            function_writes(c, d, NULL, &out);
        } else if (py_is(d, "class_definition")) {
            const char *cls = py_text(c, py_field(d, PYF_name));
            ft_node body = py_field(d, PYF_body);
            uint32_t m = ft_is_null(body) ? 0 : ft_named_child_count(body);
            for (uint32_t k = 0; k < m; k++) {
                ft_node f = definition_of(ft_named_child(body, k));
                if (py_is(f, "function_definition"))
                    function_writes(c, f, cls, &out);
            }
        }
    }
    PY_MOVE_TO_ARENA(c->arena, out, c->facts->param_writes, c->facts->param_write_count);
}
