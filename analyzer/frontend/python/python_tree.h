/* analyzer/frontend/python/python_tree.h - a parsed file as a flat array of nodes.
 *
 * tree-sitter's nodes are computed on every access: a child by index walks its siblings,
 * a field lookup walks the production's field map, a cursor step recomputes positions.
 * The front end asks the same tree many questions (comments, test bodies, module state,
 * fingerprints), so the tree is copied once, in one cursor pass, into this array and the
 * TSTree is freed; every later question is an index into memory.
 *
 * Nodes are in pre-order: a node's subtree is the nodes from it up to `end`, so a walk of
 * a subtree is a loop and skipping one is a jump. Children (all, and named ones) are
 * listed in `kids`. A py_node is a pointer into the array; NULL is the null node. Nodes
 * are valid until the next py_tree_build on the same tree. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_TREE_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef struct py_tree py_tree;

/* Flags. PN_MISSING (a node the parser inserted) is looked for only in trees with a
 * syntax error (py_tree.has_error). */
enum {
    PN_NAMED = 1,
    PN_MISSING = 2,
};

typedef struct py_n {
    const py_tree *tree;
    const char *type;        /* the grammar's name, alias-aware, as ts_node_type */
    uint32_t start_byte, end_byte;
    uint32_t parent;         /* index; PY_TREE_NONE for the root */
    uint32_t end_index;      /* index just after the subtree's last node */
    uint32_t kids, named;    /* first entries of the children, the named children in kids */
    uint32_t child_count, named_count;
    TSSymbol symbol;
    TSFieldId field;         /* the field this node fills in its parent, 0 for none */
    uint16_t type_len;
    uint8_t flags;
} py_n;

typedef const py_n *py_node;

#define PY_TREE_NONE UINT32_MAX

struct py_tree {
    const TSLanguage *lang;
    py_n *nodes;
    size_t count, cap;
    uint32_t *kids;
    size_t kid_cap;
    const char **type_names; /* symbol -> name and its length, filled once */
    uint16_t *type_lens;
    size_t type_name_count;
    TSSymbol comment;
    bool *named_symbols;      /* symbol -> is it a named node */
    bool has_error;           /* the tree holds a syntax error */
    uint32_t *comments;       /* the comment nodes (extras), in order */
    size_t comment_count, comment_cap;
    uint32_t *line_starts;    /* byte offset of each line of the source, for points */
    size_t line_count, line_cap;
    uint32_t *path; /* the builder's stack of open nodes, kept between builds */
    size_t path_cap;
};

void py_tree_init(py_tree *t, const TSLanguage *lang);
void py_tree_free(py_tree *t);
/* Copy `ts`, parsed from `src`, into `t`, replacing what it held. Returns the root. */
py_node py_tree_build(py_tree *t, const TSTree *ts, const char *src, size_t len);
/* Row and byte column of a byte offset, as tree-sitter counts them (rows end at '\n'). */
TSPoint py_tree_point(const py_tree *t, uint32_t byte);

static inline bool pn_is_null(py_node n) { return n == NULL; }
static inline bool pn_eq(py_node a, py_node b) { return a == b; }
static inline const char *pn_type(py_node n) { return n->type; }
static inline TSSymbol pn_symbol(py_node n) { return n ? n->symbol : 0; }
static inline uint32_t pn_start_byte(py_node n) { return n ? n->start_byte : 0; }
static inline uint32_t pn_end_byte(py_node n) { return n ? n->end_byte : 0; }
static inline TSPoint pn_start_point(py_node n)
{
    return n ? py_tree_point(n->tree, n->start_byte) : (TSPoint){0, 0};
}
static inline TSPoint pn_end_point(py_node n)
{
    return n ? py_tree_point(n->tree, n->end_byte) : (TSPoint){0, 0};
}
static inline bool pn_is_named(py_node n) { return n && (n->flags & PN_NAMED); }
static inline bool pn_is_missing(py_node n) { return n && (n->flags & PN_MISSING); }
static inline uint32_t pn_child_count(py_node n) { return n ? n->child_count : 0; }
static inline uint32_t pn_named_child_count(py_node n) { return n ? n->named_count : 0; }
static inline const TSLanguage *pn_language(py_node n) { return n->tree->lang; }

static inline py_node pn_at(const py_tree *t, uint32_t i) { return &t->nodes[i]; }
static inline py_node pn_child(py_node n, uint32_t i)
{
    return n && i < n->child_count ? pn_at(n->tree, n->tree->kids[n->kids + i]) : NULL;
}
static inline py_node pn_named_child(py_node n, uint32_t i)
{
    return n && i < n->named_count ? pn_at(n->tree, n->tree->kids[n->named + i]) : NULL;
}
static inline py_node pn_parent(py_node n)
{
    return !n || n->parent == PY_TREE_NONE ? NULL : pn_at(n->tree, n->parent);
}
static inline py_node pn_child_by_field_id(py_node n, TSFieldId field)
{
    for (uint32_t i = 0; n && i < n->child_count; i++) {
        py_node k = pn_at(n->tree, n->tree->kids[n->kids + i]);
        if (k->field == field)
            return k;
    }
    return NULL;
}
py_node pn_next_named_sibling(py_node n);
py_node pn_prev_named_sibling(py_node n);

/* The accessors take NULL like tree-sitter's take a null node: no children, position 0.
 * Pre-order walks: the node after `n` in its tree (its first child if it has one), and the
 * node after `n`'s subtree. Both are `pn_end(root)` when a walk of `root` is over. */
static inline py_node pn_next(py_node n) { return n + 1; }
static inline py_node pn_skip(py_node n) { return n->tree->nodes + n->end_index; }
static inline py_node pn_end(py_node root) { return pn_skip(root); }

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_TREE_H */
