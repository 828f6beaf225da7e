/* analyzer/frontend/python_tree.c - the one cursor pass that copies a TSTree into the
 * flat node array of python_tree.h, and the sibling look-ups. */
#include "analyzer/frontend/python_tree.h"

#include <stdlib.h>

#include "analyzer/alloc.h"

/* One open node of the pass: where its next child and next named child go. */
struct py_tree_path {
    uint32_t index;
    uint32_t fill, named_fill;
};

void py_tree_init(py_tree *t, const TSLanguage *lang)
{
    *t = (py_tree){0};
    t->lang = lang;
    t->type_name_count = ts_language_symbol_count(lang);
    t->type_names = ssot_calloc(t->type_name_count, sizeof(*t->type_names));
    for (size_t s = 0; s < t->type_name_count; s++)
        t->type_names[s] = ts_language_symbol_name(lang, (TSSymbol)s);
}

void py_tree_free(py_tree *t)
{
    free(t->nodes);
    free(t->kids);
    free(t->type_names);
    free(t->path);
    *t = (py_tree){0};
}

static uint32_t reserve_kids(py_tree *t, uint32_t n)
{
    if (t->kid_count + n > t->kid_cap) {
        while (t->kid_count + n > t->kid_cap)
            t->kid_cap = t->kid_cap ? t->kid_cap * 2 : 1024;
        t->kids = ssot_realloc(t->kids, t->kid_cap * sizeof(*t->kids));
    }
    uint32_t at = (uint32_t)t->kid_count;
    t->kid_count += n;
    return at;
}

static uint32_t add_node(py_tree *t, TSNode n, TSFieldId field, uint32_t parent)
{
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4096;
        t->nodes = ssot_realloc(t->nodes, t->cap * sizeof(*t->nodes));
    }
    uint32_t index = (uint32_t)t->count++;
    py_n *p = &t->nodes[index];
    p->tree = t;
    p->symbol = ts_node_symbol(n);
    p->type = p->symbol < t->type_name_count ? t->type_names[p->symbol] : ts_node_type(n);
    p->start_byte = ts_node_start_byte(n);
    p->end_byte = ts_node_end_byte(n);
    p->start = ts_node_start_point(n);
    p->end = ts_node_end_point(n);
    p->parent = parent;
    p->end_index = index + 1;
    p->field = field;
    p->flags = (uint8_t)((ts_node_is_named(n) ? PN_NAMED : 0) |
                         (ts_node_is_extra(n) ? PN_EXTRA : 0) |
                         (ts_node_is_missing(n) ? PN_MISSING : 0) |
                         (ts_node_has_error(n) ? PN_HAS_ERROR : 0));
    p->child_count = ts_node_child_count(n);
    p->named_count = ts_node_named_child_count(n);
    p->kids = reserve_kids(t, p->child_count);
    p->named = reserve_kids(t, p->named_count);
    return index;
}

/* Enter a node below the top of the path: list it among its parent's children. */
static void push(py_tree *t, size_t *depth, TSNode n, TSFieldId field)
{
    uint32_t parent = PY_TREE_NONE;
    if (*depth) {
        struct py_tree_path *top = &t->path[*depth - 1];
        parent = top->index;
        uint32_t index = (uint32_t)t->count;
        py_n *p = &t->nodes[parent];
        if (top->fill < p->child_count)
            t->kids[p->kids + top->fill++] = index;
        if (ts_node_is_named(n) && top->named_fill < p->named_count)
            t->kids[p->named + top->named_fill++] = index;
    }
    if (*depth == t->path_cap) {
        t->path_cap = t->path_cap ? t->path_cap * 2 : 256;
        t->path = ssot_realloc(t->path, t->path_cap * sizeof(*t->path));
    }
    t->path[*depth] = (struct py_tree_path){add_node(t, n, field, parent), 0, 0};
    (*depth)++;
}

/* Leave the top node: its subtree ends here. The runtime's counts and the cursor agree;
 * should they not, the counts shrink to what was listed rather than point nowhere. */
static void pop(py_tree *t, size_t *depth)
{
    struct py_tree_path *top = &t->path[--*depth];
    py_n *p = &t->nodes[top->index];
    p->end_index = (uint32_t)t->count;
    p->child_count = top->fill;
    p->named_count = top->named_fill;
}

py_node py_tree_build(py_tree *t, const TSTree *ts)
{
    t->count = 0;
    t->kid_count = 0;
    size_t depth = 0;
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(ts));
    push(t, &depth, ts_tree_cursor_current_node(&cur), 0);
    for (;;) {
        if (ts_tree_cursor_goto_first_child(&cur)) {
            push(t, &depth, ts_tree_cursor_current_node(&cur),
                 ts_tree_cursor_current_field_id(&cur));
            continue;
        }
        for (;;) {
            pop(t, &depth);
            if (depth == 0)
                goto done;
            if (ts_tree_cursor_goto_next_sibling(&cur)) {
                push(t, &depth, ts_tree_cursor_current_node(&cur),
                     ts_tree_cursor_current_field_id(&cur));
                break;
            }
            ts_tree_cursor_goto_parent(&cur);
        }
    }
done:
    ts_tree_cursor_delete(&cur);
    return &t->nodes[0];
}

static py_node named_sibling(py_node n, int step)
{
    py_node parent = pn_parent(n);
    if (!parent)
        return NULL;
    for (uint32_t i = 0; i < parent->named_count; i++) {
        if (pn_named_child(parent, i) != n)
            continue;
        if (step < 0)
            return i > 0 ? pn_named_child(parent, i - 1) : NULL;
        return pn_named_child(parent, i + 1);
    }
    /* an unnamed node: the nearest named one beside it */
    for (uint32_t i = 0; i < parent->child_count; i++) {
        if (pn_child(parent, i) != n)
            continue;
        for (int64_t j = (int64_t)i + step; j >= 0 && j < parent->child_count; j += step)
            if (pn_is_named(pn_child(parent, (uint32_t)j)))
                return pn_child(parent, (uint32_t)j);
        return NULL;
    }
    return NULL;
}

py_node pn_next_named_sibling(py_node n) { return named_sibling(n, 1); }
py_node pn_prev_named_sibling(py_node n) { return named_sibling(n, -1); }
