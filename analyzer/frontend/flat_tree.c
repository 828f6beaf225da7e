/* analyzer/frontend/flat_tree.c - the one cursor pass that copies a TSTree into the flat
 * node array of flat_tree.h, and the sibling look-ups. */
#include "analyzer/frontend/flat_tree.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

void ft_tree_init(ft_tree *t, const TSLanguage *lang)
{
    *t = (ft_tree){0};
    t->lang = lang;
    t->type_name_count = ts_language_symbol_count(lang);
    t->type_names = ssot_calloc(t->type_name_count, sizeof(*t->type_names));
    t->type_lens = ssot_calloc(t->type_name_count, sizeof(*t->type_lens));
    for (size_t s = 0; s < t->type_name_count; s++) {
        t->type_names[s] = ts_language_symbol_name(lang, (TSSymbol)s);
        t->type_lens[s] = (uint16_t)strlen(t->type_names[s]);
    }
    t->field_count = ts_language_field_count(lang);
    t->field_names = ssot_calloc(t->field_count + 1, sizeof(*t->field_names));
    t->field_lens = ssot_calloc(t->field_count + 1, sizeof(*t->field_lens));
    for (size_t f = 1; f <= t->field_count; f++) {
        const char *name = ts_language_field_name_for_id(lang, (TSFieldId)f);
        t->field_names[f] = name ? name : "";
        t->field_lens[f] = (uint16_t)strlen(t->field_names[f]);
    }
    t->comment = ts_language_symbol_for_name(lang, "comment", 7, true);
    t->named_symbols = ssot_calloc(t->type_name_count, sizeof(*t->named_symbols));
    for (size_t s = 0; s < t->type_name_count; s++)
        t->named_symbols[s] = ts_language_symbol_type(lang, (TSSymbol)s) == TSSymbolTypeRegular;
}

void ft_tree_free(ft_tree *t)
{
    free(t->nodes);
    free(t->kids);
    free(t->type_names);
    free(t->type_lens);
    free(t->named_symbols);
    free(t->field_names);
    free(t->field_lens);
    free(t->line_starts);
    free(t->comments);
    free(t->path);
    *t = (ft_tree){0};
}

/* Record the cursor's node below the top of the path and make it the top. Each runtime call
 * here runs for every node of every file: only what the front end reads is asked for. */
static void push(ft_tree *t, size_t *depth, const TSTreeCursor *cur, bool errors)
{
    TSNode n = ts_tree_cursor_current_node(cur);
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4096;
        t->nodes = ssot_realloc(t->nodes, t->cap * sizeof(*t->nodes));
    }
    uint32_t index = (uint32_t)t->count++;
    ft_n *p = &t->nodes[index];
    p->tree = t;
    p->symbol = ts_node_symbol(n);
    bool named;
    if (p->symbol < t->type_name_count) {
        p->type = t->type_names[p->symbol];
        p->type_len = t->type_lens[p->symbol];
        named = t->named_symbols[p->symbol];
    } else {
        p->type = ts_node_type(n);
        p->type_len = (uint16_t)strlen(p->type);
        named = ts_node_is_named(n);
    }
    p->start_byte = ts_node_start_byte(n);
    p->end_byte = ts_node_end_byte(n);
    p->parent = *depth ? t->path[*depth - 1] : FT_NONE;
    p->end_index = index + 1;
    p->field = *depth ? ts_tree_cursor_current_field_id(cur) : 0;
    p->flags = named ? FT_NAMED : 0;
    if (p->symbol == t->comment && ts_node_is_extra(n)) {
        if (t->comment_count == t->comment_cap) {
            t->comment_cap = t->comment_cap ? t->comment_cap * 2 : 256;
            t->comments = ssot_realloc(t->comments, t->comment_cap * sizeof(*t->comments));
        }
        t->comments[t->comment_count++] = index;
    }
    if (errors)
        p->flags |= (ts_node_is_missing(n) ? FT_MISSING : 0) |
                    (ts_node_has_error(n) ? FT_HAS_ERROR : 0);
    if (*depth == t->path_cap) {
        t->path_cap = t->path_cap ? t->path_cap * 2 : 256;
        t->path = ssot_realloc(t->path, t->path_cap * sizeof(*t->path));
    }
    t->path[(*depth)++] = index;
}

/* Leave the top node: its subtree ends here. */
static void pop(ft_tree *t, size_t *depth)
{
    t->nodes[t->path[--*depth]].end_index = (uint32_t)t->count;
}

/* List every node's children, all and named ones, in `kids`: counted from the parents,
 * then filled backwards so that each list ends up in order. */
static void list_children(ft_tree *t)
{
    for (size_t i = 0; i < t->count; i++)
        t->nodes[i].child_count = t->nodes[i].named_count = 0;
    for (size_t i = 1; i < t->count; i++) {
        ft_n *parent = &t->nodes[t->nodes[i].parent];
        parent->child_count++;
        parent->named_count += (t->nodes[i].flags & FT_NAMED) != 0;
    }
    size_t total = 0;
    for (size_t i = 0; i < t->count; i++) {
        ft_n *p = &t->nodes[i];
        total += p->child_count;
        p->kids = (uint32_t)total; /* one past the end until filled */
        total += p->named_count;
        p->named = (uint32_t)total;
    }
    if (total > t->kid_cap) {
        t->kid_cap = total;
        free(t->kids);
        t->kids = ssot_calloc(t->kid_cap, sizeof(*t->kids));
    }
    for (size_t i = t->count; i-- > 1;) {
        ft_n *parent = &t->nodes[t->nodes[i].parent];
        t->kids[--parent->kids] = (uint32_t)i;
        if (t->nodes[i].flags & FT_NAMED)
            t->kids[--parent->named] = (uint32_t)i;
    }
}

static void index_lines(ft_tree *t, const char *src, size_t len)
{
    t->line_count = 0;
    const char *p = src, *end = src + len;
    for (;;) {
        if (t->line_count == t->line_cap) {
            t->line_cap = t->line_cap ? t->line_cap * 2 : 1024;
            t->line_starts = ssot_realloc(t->line_starts, t->line_cap * sizeof(*t->line_starts));
        }
        t->line_starts[t->line_count++] = (uint32_t)(p - src);
        const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
        if (!nl)
            break;
        p = nl + 1;
    }
}

TSPoint ft_tree_point(const ft_tree *t, uint32_t byte)
{
    size_t lo = 0, hi = t->line_count; /* the last line starting at or before `byte` */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->line_starts[mid] <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return (TSPoint){(uint32_t)lo, byte - t->line_starts[lo]};
}

ft_node ft_tree_build(ft_tree *t, const TSTree *ts, const char *src, size_t len)
{
    index_lines(t, src, len);
    t->count = 0;
    t->comment_count = 0;
    size_t depth = 0;
    TSNode root = ts_tree_root_node(ts);
    bool errors = t->has_error = ts_node_has_error(root);
    TSTreeCursor cur = ts_tree_cursor_new(root);
    push(t, &depth, &cur, errors);
    for (;;) {
        if (ts_tree_cursor_goto_first_child(&cur)) {
            push(t, &depth, &cur, errors);
            continue;
        }
        for (;;) {
            pop(t, &depth);
            if (depth == 0)
                goto done;
            if (ts_tree_cursor_goto_next_sibling(&cur)) {
                push(t, &depth, &cur, errors);
                break;
            }
            ts_tree_cursor_goto_parent(&cur);
        }
    }
done:
    ts_tree_cursor_delete(&cur);
    list_children(t);
    return &t->nodes[0];
}

static ft_node named_sibling(ft_node n, int step)
{
    ft_node parent = ft_parent(n);
    if (!parent)
        return NULL;
    for (uint32_t i = 0; i < parent->named_count; i++) {
        if (ft_named_child(parent, i) != n)
            continue;
        if (step < 0)
            return i > 0 ? ft_named_child(parent, i - 1) : NULL;
        return ft_named_child(parent, i + 1);
    }
    /* an unnamed node: the nearest named one beside it */
    for (uint32_t i = 0; i < parent->child_count; i++) {
        if (ft_child(parent, i) != n)
            continue;
        for (int64_t j = (int64_t)i + step; j >= 0 && j < parent->child_count; j += step)
            if (ft_is_named(ft_child(parent, (uint32_t)j)))
                return ft_child(parent, (uint32_t)j);
        return NULL;
    }
    return NULL;
}

ft_node ft_next_named_sibling(ft_node n) { return named_sibling(n, 1); }
ft_node ft_prev_named_sibling(ft_node n) { return named_sibling(n, -1); }
