/* analyzer/frontend/flat_tree.h - a parsed file as a flat array of nodes.
 *
 * tree-sitter's nodes are computed on every access: a child by index walks its siblings,
 * a field lookup walks the production's field map, a cursor step recomputes positions.
 * The front end asks the same tree many questions (comments, test bodies, module state,
 * fingerprints), so the tree is copied once, in one cursor pass, into this array and the
 * TSTree is freed; every later question is an index into memory.
 *
 * Nodes are in pre-order: a node's subtree is the nodes from it up to `end`, so a walk of
 * a subtree is a loop and skipping one is a jump. Children (all, and named ones) are
 * listed in `kids`. An ft_node is a pointer into the array; NULL is the null node. Nodes
 * are valid until the next ft_tree_build on the same tree. */
#ifndef SSOT_ANALYZER_FRONTEND_FLAT_TREE_H
#define SSOT_ANALYZER_FRONTEND_FLAT_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <tree_sitter/api.h>

typedef struct ft_tree ft_tree;

/* Flags. FT_MISSING (a node the parser inserted) and FT_HAS_ERROR (an ERROR or MISSING
 * node in the subtree) are looked for only in trees with a syntax error
 * (ft_tree.has_error). */
enum {
    FT_NAMED = 1,
    FT_MISSING = 2,
    FT_HAS_ERROR = 4,
};

typedef struct ft_n {
    const ft_tree *tree;
    const char *type;        /* the grammar's name, alias-aware, as ts_node_type */
    uint32_t start_byte, end_byte;
    uint32_t parent;         /* index; FT_NONE for the root */
    uint32_t end_index;      /* index just after the subtree's last node */
    uint32_t kids, named;    /* first entries of the children, the named children in kids */
    uint32_t child_count, named_count;
    TSSymbol symbol;
    TSFieldId field;         /* the field this node fills in its parent, 0 for none */
    uint16_t type_len;
    uint8_t flags;
} ft_n;

typedef const ft_n *ft_node;

#define FT_NONE UINT32_MAX

struct ft_tree {
    const TSLanguage *lang;
    ft_n *nodes;
    size_t count, cap;
    uint32_t *kids;
    size_t kid_cap;
    const char **type_names; /* symbol -> name and its length, filled once */
    uint16_t *type_lens;
    size_t type_name_count;
    const char **field_names; /* field id -> name and its length */
    uint16_t *field_lens;
    size_t field_count;       /* the highest field id */
    TSSymbol comment;
    bool has_error;           /* the tree holds a syntax error */
    uint32_t *comments;       /* the comment nodes (extras), in order */
    size_t comment_count, comment_cap;
    uint32_t *line_starts;    /* byte offset of each line of the source, for points */
    size_t line_count, line_cap;
    size_t *line_hint;        /* the line of ft_tree_point's last answer (a cell of its own:
                                 it is written through a const tree) */
    void *frames;   /* the builder's stack of open subtrees, kept between builds */
    size_t frame_cap;
};

void ft_tree_init(ft_tree *t, const TSLanguage *lang);
void ft_tree_free(ft_tree *t);
/* Copy `ts`, parsed from `src`, into `t`, replacing what it held. Returns the root. */
ft_node ft_tree_build(ft_tree *t, const TSTree *ts, const char *src, size_t len);
/* Row and byte column of a byte offset, as tree-sitter counts them (rows end at '\n'). */
TSPoint ft_tree_point(const ft_tree *t, uint32_t byte);

static inline bool ft_is_null(ft_node n) { return n == NULL; }
static inline bool ft_eq(ft_node a, ft_node b) { return a == b; }
static inline const char *ft_type(ft_node n) { return n ? n->type : ""; }
static inline TSSymbol ft_symbol(ft_node n) { return n ? n->symbol : 0; }
static inline uint32_t ft_start_byte(ft_node n) { return n ? n->start_byte : 0; }
static inline uint32_t ft_end_byte(ft_node n) { return n ? n->end_byte : 0; }
static inline TSPoint ft_start_point(ft_node n)
{
    return n ? ft_tree_point(n->tree, n->start_byte) : (TSPoint){0, 0};
}
static inline TSPoint ft_end_point(ft_node n)
{
    return n ? ft_tree_point(n->tree, n->end_byte) : (TSPoint){0, 0};
}
static inline bool ft_is_named(ft_node n) { return n && (n->flags & FT_NAMED); }
static inline bool ft_is_missing(ft_node n) { return n && (n->flags & FT_MISSING); }
static inline bool ft_has_error(ft_node n) { return n && (n->flags & FT_HAS_ERROR); }
static inline bool ft_is_error(ft_node n) { return n && n->symbol == (TSSymbol)-1; }
static inline uint32_t ft_child_count(ft_node n) { return n ? n->child_count : 0; }
static inline uint32_t ft_named_child_count(ft_node n) { return n ? n->named_count : 0; }
static inline const TSLanguage *ft_language(ft_node n) { return n->tree->lang; }

static inline ft_node ft_at(const ft_tree *t, uint32_t i) { return &t->nodes[i]; }
static inline ft_node ft_child(ft_node n, uint32_t i)
{
    return n && i < n->child_count ? ft_at(n->tree, n->tree->kids[n->kids + i]) : NULL;
}
static inline ft_node ft_named_child(ft_node n, uint32_t i)
{
    return n && i < n->named_count ? ft_at(n->tree, n->tree->kids[n->named + i]) : NULL;
}
static inline ft_node ft_parent(ft_node n)
{
    return !n || n->parent == FT_NONE ? NULL : ft_at(n->tree, n->parent);
}
static inline ft_node ft_child_by_field_id(ft_node n, TSFieldId field)
{
    for (uint32_t i = 0; n && i < n->child_count; i++) {
        ft_node k = ft_at(n->tree, n->tree->kids[n->kids + i]);
        if (k->field == field)
            return k;
    }
    return NULL;
}
/* The child filling the field named `name` (`len` bytes): the same child as by id, for a
 * front end that names its fields rather than numbering them per grammar. */
static inline ft_node ft_child_by_field_name(ft_node n, const char *name, size_t len)
{
    if (!n)
        return NULL;
    const ft_tree *t = n->tree;
    for (uint32_t i = 0; i < n->child_count; i++) {
        ft_node k = ft_at(t, t->kids[n->kids + i]);
        if (k->field && t->field_lens[k->field] == len &&
            !memcmp(t->field_names[k->field], name, len))
            return k;
    }
    return NULL;
}
ft_node ft_next_named_sibling(ft_node n);
ft_node ft_prev_named_sibling(ft_node n);

/* The accessors take NULL like tree-sitter's take a null node: no children, position 0.
 * Pre-order walks: the node after `n` in its tree (its first child if it has one), and the
 * node after `n`'s subtree. Both are `ft_end(root)` when a walk of `root` is over. */
static inline ft_node ft_next(ft_node n) { return n + 1; }
static inline ft_node ft_skip(ft_node n) { return n->tree->nodes + n->end_index; }
static inline ft_node ft_end(ft_node root) { return ft_skip(root); }

#endif /* SSOT_ANALYZER_FRONTEND_FLAT_TREE_H */
