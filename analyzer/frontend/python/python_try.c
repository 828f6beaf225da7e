/* analyzer/frontend/python/python_try.c - what a `try` statement does with failures: which
 * handlers catch assertion errors (or pytest's outcomes) and let them go, and whether its
 * body always raises, so that its handlers always run (PH007, PH008). */
#include "analyzer/facts/assertions.h"
#include "analyzer/frontend/python/python_body.h"

ft_node py_last_statement(ft_node block)
{
    uint32_t n = ft_is_null(block) ? 0 : ft_named_child_count(block);
    for (uint32_t i = n; i > 0; i--) {
        ft_node s = ft_named_child(block, i - 1);
        if (!py_is(s, "comment"))
            return s;
    }
    return NULL;
}

ft_node py_clause_body(ft_node clause)
{
    ft_node body = py_field(clause, PYF_body);
    if (!ft_is_null(body))
        return body;
    uint32_t n = ft_named_child_count(clause);
    for (uint32_t i = 0; i < n; i++)
        if (py_is(ft_named_child(clause, i), "block"))
            return ft_named_child(clause, i);
    return NULL;
}

/* A division by a literal zero: `1 / 0`. */
static bool divides_by_zero(py_ctx *c, ft_node e)
{
    if (!py_is(e, "binary_operator"))
        return false;
    const char *op = ft_type(py_field(e, PYF_operator));
    ft_node right = py_unparen(py_field(e, PYF_right));
    return (!strcmp(op, "/") || !strcmp(op, "//") || !strcmp(op, "%")) &&
           (py_is(right, "integer") || py_is(right, "float")) &&
           py_constant_truth(c, right, 0) == 0;
}

/* Does evaluating `e` always raise: a division by zero, or a call (awaited or not) of a
 * function of the test or its module whose body always raises? */
static bool expression_raises(py_ctx *c, ft_node def, ft_node e, int depth)
{
    if (depth > 8)
        return false;
    e = py_unparen(e);
    if (py_is(e, "await"))
        e = py_unparen(ft_named_child(e, 0));
    if (divides_by_zero(c, e))
        return true;
    if (!py_is(e, "call") || ft_is_null(def))
        return false;
    ft_node f = py_field(e, PYF_function);
    if (!py_is(f, "identifier"))
        return false;
    ft_node callee = py_scope_local_function(c, def, py_text(c, f));
    if (ft_is_null(callee) || callee == def)
        return false;
    /* its last statement raises, or returns what raises (`return 1 / 0`) */
    ft_node last = py_last_statement(py_field(callee, PYF_body));
    if (py_is(last, "return_statement"))
        return expression_raises(c, def, ft_named_child(last, 0), depth + 1);
    return py_try_always_raises(c, def, last, depth + 1);
}

/* Does the block end by raising: one of its top-level statements always raises? */
static bool block_raises(py_ctx *c, ft_node def, ft_node block, int depth)
{
    uint32_t n = ft_is_null(block) ? 0 : ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++)
        if (py_try_always_raises(c, def, ft_named_child(block, i), depth))
            return true;
    return false;
}

bool py_try_always_raises(py_ctx *c, ft_node def, ft_node stmt, int depth)
{
    if (ft_is_null(stmt) || depth > 8)
        return false;
    if (py_is(stmt, "raise_statement"))
        return true;
    if (py_is(stmt, "expression_statement"))
        return expression_raises(c, def, ft_named_child(stmt, 0), depth);
    if (py_is(stmt, "with_statement"))
        return block_raises(c, def, py_field(stmt, PYF_body), depth + 1);
    if (py_is(stmt, "try_statement")) {
        if (!block_raises(c, def, py_field(stmt, PYF_body), depth + 1))
            return false;
        uint32_t n = ft_named_child_count(stmt);
        for (uint32_t i = 0; i < n; i++) {
            ft_node k = ft_named_child(stmt, i);
            if ((py_is(k, "except_clause") || py_is(k, "except_group_clause")) &&
                !block_raises(c, def, py_clause_body(k), depth + 1))
                return false;
        }
        return true;
    }
    return false;
}

/* What one exception name in a handler catches. */
static uint32_t name_catches(const char *dotted)
{
    const char *last = dotted ? ssot_last_segment(dotted) : NULL;
    if (!last)
        return 0;
    if (!strcmp(last, "AssertionError"))
        return PY_CATCH_ASSERTION | PY_CATCH_NAMED;
    if (!strcmp(last, "Exception"))
        return PY_CATCH_ASSERTION;
    if (!strcmp(last, "BaseException"))
        return PY_CATCH_ASSERTION | PY_CATCH_OUTCOMES;
    return 0;
}

uint32_t py_try_handler_catches(py_ctx *c, ft_node handler)
{
    ft_node value = py_field(handler, PYF_value);
    if (ft_is_null(value)) {
        /* except_group_clause has no fields; bare `except:` has no expression */
        uint32_t n = ft_named_child_count(handler);
        for (uint32_t i = 0; i < n; i++) {
            ft_node k = ft_named_child(handler, i);
            if (!py_is(k, "block") && !py_is(k, "comment")) {
                value = k;
                break;
            }
        }
        if (ft_is_null(value))
            return PY_CATCH_ASSERTION | PY_CATCH_OUTCOMES;
    }
    value = py_unparen(value);
    if (py_is(value, "as_pattern"))
        value = py_unparen(ft_named_child(value, 0));
    if (py_is(value, "tuple") || py_is(value, "expression_list")) {
        uint32_t n = ft_named_child_count(value), what = 0;
        for (uint32_t i = 0; i < n; i++)
            what |= name_catches(py_dotted(c, ft_named_child(value, i)));
        return what;
    }
    return name_catches(py_dotted(c, value));
}

/* The names a handler records the failure in: `failed = True`, `errors += 1`,
 * `self.errors.append(e)`; as dotted text. */
static void recorded_names(py_ctx *c, ft_node body, py_strings *out)
{
    ft_node end = ft_end(body);
    for (ft_node n = body; n < end; n = ft_next(n)) {
        ft_node target = NULL;
        if (py_is(n, "assignment") || py_is(n, "augmented_assignment")) {
            target = py_field(n, PYF_left);
        } else if (py_is(n, "call")) {
            ft_node f = py_field(n, PYF_function);
            if (py_is(f, "attribute"))
                target = py_field(f, PYF_object); /* errors.append(e), seen.add(x) */
        }
        if (py_is(target, "subscript"))
            target = py_field(target, PYF_value); /* failures[name] = e */
        const char *d = ft_is_null(target) ? NULL : py_dotted(c, target);
        if (d)
            SSOT_VEC_PUSH(out, d);
    }
}

/* Does an assertion after `stmt` in `def` read one of `names`? */
static bool later_assertion_reads(py_ctx *c, ft_node def, ft_node stmt, const py_strings *names)
{
    ft_node end = ft_end(def);
    for (ft_node n = ft_end(stmt); n < end; n = ft_next(n)) {
        bool check = py_is(n, "assert_statement");
        if (!check && py_is(n, "call")) {
            const char *callee = py_callee(c, n);
            check = callee && ssot_assertion_classify(callee, NULL);
        }
        if (!check)
            continue;
        ft_node stop = ft_end(n);
        for (ft_node k = n; k < stop; k = ft_next(k)) {
            if (!py_is(k, "identifier") && !py_is(k, "attribute"))
                continue;
            const char *d = py_dotted(c, k);
            for (size_t i = 0; d && i < names->count; i++)
                if (!strcmp(d, names->items[i]))
                    return true;
        }
        n = ft_end(n) - 1;
    }
    return false;
}

bool py_try_handler_deals(py_ctx *c, ft_node handler, ft_node try_stmt, ft_node def)
{
    ft_node alias = py_field(handler, PYF_alias);
    ft_node value = py_unparen(py_field(handler, PYF_value));
    /* `except E as e` usually parses as an as_pattern value, its alias an as_pattern_target */
    if (ft_is_null(alias) && py_is(value, "as_pattern")) {
        alias = py_field(value, PYF_alias);
        if (py_is(alias, "as_pattern_target") && ft_named_child_count(alias) > 0)
            alias = ft_named_child(alias, 0);
    }
    const char *alias_text = py_is(alias, "identifier") ? py_text(c, alias) : NULL;
    ft_node body = py_clause_body(handler);
    if (ft_is_null(body))
        return false;
    ft_node end = ft_end(body);
    for (ft_node n = body; n < end;) {
        bool descend = true;
        if (py_is(n, "raise_statement") || py_is(n, "assert_statement"))
            return true;
        if (py_is(n, "call")) {
            const char *callee = py_callee(c, n);
            if (callee && (ssot_assertion_is_fail_call(callee) ||
                           ssot_assertion_classify(callee, NULL) ||
                           ssot_assertion_is_skip_call(callee)))
                return true;
            if (callee && (!strcmp(callee, "print") || strstr(callee, "log") ||
                           strstr(callee, "warn")))
                descend = false; /* printing the error is not dealing with it */
        }
        if (descend && alias_text && py_is(n, "identifier") &&
            strcmp(py_text(c, n), alias_text) == 0)
            return true;
        n = descend ? ft_next(n) : ft_skip(n);
    }
    /* a failure recorded in a flag or counter that a later assertion checks */
    py_strings names = {0};
    recorded_names(c, body, &names);
    bool later = names.count && !ft_is_null(def) && later_assertion_reads(c, def, try_stmt, &names);
    free(names.items);
    return later;
}
