/* analyzer/frontend/python_state.c - tree walks and name helpers that the SG extractors
 * (python_class.c, python_module.c) share. */
#include "analyzer/frontend/python_state.h"

bool py_text_is(py_ctx *c, TSNode n, const char *s)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    size_t len = strlen(s);
    return b - a == len && memcmp(c->src + a, s, len) == 0;
}

bool py_text_copy(py_ctx *c, TSNode n, char *buf, size_t size)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b - a + 1 > size)
        return false;
    memcpy(buf, c->src + a, b - a);
    buf[b - a] = '\0';
    return true;
}

bool py_str_in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

/* Methods that change a list, dict, set or deque in place. */
static const char *const mutators[] = {
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault",
    "add", "discard", "appendleft", "extendleft", "popleft", "rotate", "sort", "reverse",
    "difference_update", "intersection_update", "symmetric_difference_update", "__setitem__",
    "__delitem__", NULL,
};

bool py_is_mutator(py_ctx *c, TSNode ident)
{
    char buf[64];
    return py_text_copy(c, ident, buf, sizeof(buf)) && py_str_in(buf, mutators);
}

const char *py_decorator_dotted(py_ctx *c, TSNode dec, TSNode *call)
{
    TSNode e = ts_node_named_child(dec, 0);
    *call = (TSNode){0};
    if (py_is(e, "call")) {
        *call = e;
        return py_callee(c, e);
    }
    return py_dotted(c, e);
}

const char **py_decorator_list(py_ctx *c, TSNode decorated, size_t *count)
{
    *count = 0;
    if (ts_node_is_null(decorated))
        return NULL;
    uint32_t n = ts_node_named_child_count(decorated);
    const char **out = ssot_arena_alloc(c->arena, (n + 1) * sizeof(*out));
    for (uint32_t i = 0; i < n; i++) {
        TSNode d = ts_node_named_child(decorated, i), call;
        if (!py_is(d, "decorator"))
            continue;
        const char *name = py_decorator_dotted(c, d, &call);
        if (name)
            out[(*count)++] = name;
    }
    return out;
}

void py_each_node(TSNode root, bool skip_defs, py_node_fn fn, void *ctx)
{
    TSTreeCursor cur = ts_tree_cursor_new(root);
    if (!ts_tree_cursor_goto_first_child(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
    }
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        bool descend = ts_node_child_count(n) > 0;
        if (ts_node_is_named(n)) {
            fn(ctx, n);
            if (skip_defs && (py_is(n, "function_definition") || py_is(n, "class_definition")))
                descend = false;
        }
        if (descend && ts_tree_cursor_goto_first_child(&cur))
            continue;
        bool moved = false;
        while (!moved) {
            if (ts_tree_cursor_goto_next_sibling(&cur)) {
                moved = true;
            } else if (!ts_tree_cursor_goto_parent(&cur) ||
                       ts_node_eq(ts_tree_cursor_current_node(&cur), root)) {
                break;
            }
        }
        if (!moved)
            break;
    }
    ts_tree_cursor_delete(&cur);
}

void py_each_target(TSNode t, py_target_fn f, int depth)
{
    t = py_unparen(t);
    if (depth > 16 || ts_node_is_null(t))
        return;
    if (py_is(t, "pattern_list") || py_is(t, "tuple_pattern") || py_is(t, "list_pattern") ||
        py_is(t, "tuple") || py_is(t, "list") || py_is(t, "expression_list")) {
        uint32_t n = ts_node_named_child_count(t);
        for (uint32_t i = 0; i < n; i++)
            py_each_target(ts_node_named_child(t, i), f, depth + 1);
        return;
    }
    if (py_is(t, "list_splat_pattern") || py_is(t, "list_splat")) {
        py_each_target(ts_node_named_child(t, 0), f, depth + 1);
        return;
    }
    f.fn(f.ctx, t);
}

TSNode py_assigned_value(TSNode assignment)
{
    TSNode v = py_field(assignment, "right");
    for (int i = 0; i < PY_MAX_CHAIN && py_is(v, "assignment"); i++)
        v = py_field(v, "right");
    return v;
}
