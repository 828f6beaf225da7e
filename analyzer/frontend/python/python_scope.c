/* analyzer/frontend/python/python_scope.c - what a function's scope holds: the names it binds
 * (so a local `app` is not the module's `def app`), and the functions it can call by a bare
 * name (nested in it, or defined at module level) with what their last statement does. */
#include "analyzer/frontend/python/python_internal.h"

/* Is the identifier `n` a binding: an assignment or loop target, a parameter, an `as`
 * name, a walrus, a nested def/class name, an imported name? */
static bool binds(ft_node n)
{
    ft_node p = ft_parent(n);
    if (ft_is_null(p))
        return false;
    if (py_is(p, "assignment") || py_is(p, "augmented_assignment") ||
        py_is(p, "for_statement") || py_is(p, "for_in_clause"))
        return py_field(p, PYF_left) == n;
    if (py_is(p, "named_expression") || py_is(p, "function_definition") ||
        py_is(p, "class_definition") || py_is(p, "default_parameter") ||
        py_is(p, "typed_default_parameter"))
        return py_field(p, PYF_name) == n;
    if (py_is(p, "typed_parameter"))
        return ft_named_child(p, 0) == n;
    if (py_is(p, "aliased_import"))
        return py_field(p, PYF_alias) == n;
    if (py_is(p, "dotted_name")) {
        ft_node g = ft_parent(p);
        return py_is(g, "import_statement") || py_is(g, "import_from_statement");
    }
    return py_is(p, "parameters") || py_is(p, "lambda_parameters") ||
           py_is(p, "pattern_list") || py_is(p, "tuple_pattern") ||
           py_is(p, "list_pattern") || py_is(p, "list_splat_pattern") ||
           py_is(p, "dictionary_splat_pattern") || py_is(p, "as_pattern_target");
}

void py_scope_bound_names(py_ctx *c, ft_node def, py_strings *out)
{
    if (ft_is_null(def))
        return;
    ft_node end = ft_end(def);
    for (ft_node n = ft_next(def); n < end; n = ft_next(n)) {
        if (!py_is(n, "identifier") || !binds(n))
            continue;
        const char *name = py_text(c, n);
        bool known = false;
        for (size_t i = 0; i < out->count && !known; i++)
            known = !strcmp(out->items[i], name);
        if (!known)
            SSOT_VEC_PUSH(out, name);
    }
}

static ft_node definition_of(ft_node stmt)
{
    if (py_is(stmt, "decorated_definition"))
        stmt = py_field(stmt, PYF_definition);
    return py_is(stmt, "function_definition") ? stmt : NULL;
}

/* A function named `name` defined in `block` (nested blocks of if/with/try included, not
 * other functions' bodies). */
static ft_node find_in_block(py_ctx *c, ft_node block, const char *name, int depth)
{
    uint32_t n = ft_is_null(block) || depth > 4 ? 0 : ft_named_child_count(block);
    ft_node found = NULL;
    for (uint32_t i = 0; i < n; i++) {
        ft_node s = ft_named_child(block, i);
        ft_node d = definition_of(s);
        if (d && py_text_is(c, py_field(d, PYF_name), name)) {
            found = d; /* the last definition wins, as at run time */
            continue;
        }
        if (d || py_is(s, "class_definition"))
            continue;
        uint32_t m = ft_named_child_count(s);
        for (uint32_t j = 0; j < m; j++) {
            ft_node k = ft_named_child(s, j);
            ft_node inner = py_is(k, "block") ? k : py_field(k, PYF_body);
            if (py_is(inner, "block")) {
                ft_node f = find_in_block(c, inner, name, depth + 1);
                if (f)
                    found = f;
            }
        }
    }
    return found;
}

ft_node py_scope_local_function(py_ctx *c, ft_node def, const char *name)
{
    ft_node f = find_in_block(c, py_field(def, PYF_body), name, 0);
    return f ? f : find_in_block(c, c->module, name, 0);
}
