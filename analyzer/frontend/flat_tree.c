/* analyzer/frontend/flat_tree.c - the one pass that copies a TSTree into the flat node array
 * of flat_tree.h, and the sibling look-ups.
 *
 * The pass reads the runtime's subtrees directly (src/subtree.h, language.h, tree.h of the
 * pinned runtime that CMake compiles in) rather than through a TSTreeCursor: a cursor step
 * builds a TSNode, adds row/column lengths and walks the field map up its stack again for
 * every node, which cost about as much as a fifth of the parse. What it decides is what the
 * cursor decides: a child is a node when it is visible or aliased, a hidden child with
 * visible children is looked through, a field is the child's own in its parent's production
 * or, through hidden parents, theirs (tests/test_flat_tree.c compares every node, field and
 * flag with tree-sitter's node API). */
#include "analyzer/frontend/flat_tree.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

/* the runtime's internals: its include directory is given to this file alone */
#include "language.h"
#include "subtree.h"
#include "tree.h"

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
    t->line_hint = ssot_calloc(1, sizeof(*t->line_hint));
}

void ft_tree_free(ft_tree *t)
{
    free(t->line_hint);
    free(t->nodes);
    free(t->kids);
    free(t->type_names);
    free(t->type_lens);
    free(t->field_names);
    free(t->field_lens);
    free(t->line_starts);
    free(t->comments);
    free(t->frames);
    *t = (ft_tree){0};
}

/* One open subtree whose children are being visited. */
typedef struct ft_frame {
    const Subtree *children;
    uint32_t count, index, structural; /* children, the next one, its structural index */
    uint32_t pos;                      /* start byte of the next child (after its padding) */
    const TSSymbol *aliases;           /* the production's alias sequence, NULL */
    const TSFieldMapEntry *fields, *fields_end;
    uint32_t out;                      /* the flat node this subtree is, FT_NONE if hidden */
    uint32_t attach;                   /* the flat node its visible children belong to */
    TSFieldId inherit;                 /* a hidden subtree's field, which its children take */
} ft_frame;

/* Append one node; returns its index. */
static uint32_t emit(ft_tree *t, Subtree s, TSSymbol alias, uint32_t start, uint32_t parent,
                     TSFieldId field, bool errors)
{
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4096;
        t->nodes = ssot_realloc(t->nodes, t->cap * sizeof(*t->nodes));
    }
    uint32_t index = (uint32_t)t->count++;
    ft_n *p = &t->nodes[index];
    TSSymbol raw = alias ? alias : ts_subtree_symbol(s);
    p->tree = t;
    p->symbol = ts_language_public_symbol(t->lang, raw);
    if (p->symbol < t->type_name_count) {
        p->type = t->type_names[p->symbol];
        p->type_len = t->type_lens[p->symbol];
    } else {
        p->type = ts_language_symbol_name(t->lang, raw);
        p->type_len = (uint16_t)strlen(p->type);
    }
    bool named = alias ? ts_language_symbol_metadata(t->lang, alias).named : ts_subtree_named(s);
    p->start_byte = start;
    p->end_byte = start + ts_subtree_size(s).bytes;
    p->parent = parent;
    p->end_index = index + 1;
    p->field = field;
    p->flags = named ? FT_NAMED : 0;
    p->child_count = p->named_count = 0; /* counted as its children are emitted */
    if (parent != FT_NONE) {
        t->nodes[parent].child_count++;
        t->nodes[parent].named_count += named;
    }
    bool extra = ts_subtree_extra(s);
    if (p->symbol == t->comment && extra) {
        if (t->comment_count == t->comment_cap) {
            t->comment_cap = t->comment_cap ? t->comment_cap * 2 : 256;
            t->comments = ssot_realloc(t->comments, t->comment_cap * sizeof(*t->comments));
        }
        t->comments[t->comment_count++] = index;
    }
    if (errors)
        p->flags |= (ts_subtree_missing(s) ? FT_MISSING : 0) |
                    (ts_subtree_error_cost(s) > 0 ? FT_HAS_ERROR : 0);
    return index;
}

/* Open subtree `s` (its children start at byte `pos`). */
static void open_frame(ft_tree *t, size_t *depth, const Subtree *s, uint32_t pos, uint32_t out,
                       uint32_t attach, TSFieldId inherit)
{
    if (*depth == t->frame_cap) {
        t->frame_cap = t->frame_cap ? t->frame_cap * 2 : 256;
        t->frames = ssot_realloc(t->frames, t->frame_cap * sizeof(ft_frame));
    }
    ft_frame *f = (ft_frame *)t->frames + (*depth)++;
    f->children = ts_subtree_children(*s);
    f->count = s->ptr->child_count;
    f->index = f->structural = 0;
    f->pos = pos;
    f->aliases = ts_language_alias_sequence(t->lang, s->ptr->production_id);
    ts_language_field_map(t->lang, s->ptr->production_id, &f->fields, &f->fields_end);
    f->out = out;
    f->attach = attach;
    f->inherit = inherit;
}

/* Copy the tree in pre-order: visible and aliased subtrees become nodes, hidden ones with
 * visible descendants are looked through, the others (and their bytes) skipped. */
static void copy_tree(ft_tree *t, const TSTree *ts, bool errors)
{
    const Subtree *root = &ts->root;
    uint32_t start = ts_subtree_padding(*root).bytes;
    emit(t, *root, 0, start, FT_NONE, 0, errors);
    size_t depth = 0;
    if (ts_subtree_child_count(*root) > 0)
        open_frame(t, &depth, root, start, 0, 0, 0);
    while (depth > 0) {
        ft_frame *f = (ft_frame *)t->frames + depth - 1;
        if (f->index == f->count) {
            if (f->out != FT_NONE)
                t->nodes[f->out].end_index = (uint32_t)t->count;
            depth--;
            continue;
        }
        const Subtree *child = &f->children[f->index];
        if (f->index > 0)
            f->pos += ts_subtree_padding(*child).bytes;
        uint32_t at = f->pos;
        f->pos += ts_subtree_size(*child).bytes;
        f->index++;
        bool extra = ts_subtree_extra(*child);
        TSSymbol alias = 0;
        TSFieldId field = 0;
        if (!extra) {
            uint32_t structural = f->structural++;
            if (f->aliases)
                alias = f->aliases[structural];
            for (const TSFieldMapEntry *m = f->fields; m < f->fields_end; m++)
                if (!m->inherited && m->child_index == structural) {
                    field = m->field_id;
                    break;
                }
            if (!field)
                field = f->inherit;
        }
        uint32_t attach = f->attach;
        if (ts_subtree_visible(*child) || alias) {
            uint32_t index = emit(t, *child, alias, at, attach, field, errors);
            if (ts_subtree_child_count(*child) > 0)
                open_frame(t, &depth, child, at, index, index, 0);
        } else if (ts_subtree_visible_child_count(*child) > 0) {
            open_frame(t, &depth, child, at, FT_NONE, attach, extra ? 0 : field);
        }
    }
}

/* List every node's children, all and named ones, in `kids` (emit counted them), filled
 * backwards so that each list ends up in order. */
static void list_children(ft_tree *t)
{
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
    /* the walks ask mostly in order: the line of the last answer, or the next one */
    size_t near = t->line_hint[0];
    for (size_t l = near; l < near + 2 && l < t->line_count; l++)
        if (t->line_starts[l] <= byte && (l + 1 == t->line_count || byte < t->line_starts[l + 1])) {
            t->line_hint[0] = l;
            return (TSPoint){(uint32_t)l, byte - t->line_starts[l]};
        }
    size_t lo = 0, hi = t->line_count; /* the last line starting at or before `byte` */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->line_starts[mid] <= byte)
            lo = mid;
        else
            hi = mid;
    }
    t->line_hint[0] = lo;
    return (TSPoint){(uint32_t)lo, byte - t->line_starts[lo]};
}

ft_node ft_tree_build(ft_tree *t, const TSTree *ts, const char *src, size_t len)
{
    index_lines(t, src, len);
    t->line_hint[0] = 0;
    t->count = 0;
    t->comment_count = 0;
    bool errors = t->has_error = ts_subtree_error_cost(ts->root) > 0;
    copy_tree(t, ts, errors);
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
