/* analyzer/frontend/javascript/js_internal.h - what the JavaScript/TypeScript front end's files
 * share: the extraction context and node helpers over tree-sitter's js_node API. */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_INTERNAL_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_INTERNAL_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "analyzer/base/vec.h"
#include "analyzer/facts/facts.h"
#include "analyzer/frontend/flat_tree.h"
#include "analyzer/frontend/frontend.h"

/* A node of the file's flat tree; NULL is the null node. Valid during one extraction. */
typedef ft_node js_node;

typedef SSOT_VEC(const char *) js_strings;

/* Move a builder's vector into the arena as `out` and `out_count`, and free the vector. */
#define JS_MOVE_TO_ARENA(arena, vec, out, out_count)                                              \
    do {                                                                                           \
        (out) = ssot_arena_alloc((arena), ((vec).count + 1) * sizeof(*(vec).items));               \
        if ((vec).count)                                                                           \
            memcpy((out), (vec).items, (vec).count * sizeof(*(vec).items));                        \
        (out_count) = (vec).count;                                                                 \
        free((vec).items);                                                                         \
        (vec).items = NULL;                                                                        \
        (vec).count = (vec).cap = 0;                                                               \
    } while (0)

/* One extraction: the file, its arena, and the facts being filled. */
typedef struct js_ctx {
    const char *src;
    size_t len;
    ssot_arena *arena;
    ssot_facts *facts;
    js_node root;
    bool depth_limited;
    ssot_span depth_span;
} js_ctx;

/* ---- node helpers (js_node.c) ---- */
/* Is `n` of grammar type `type` (alias-aware)? False for a null node. */
static inline bool js_is(js_node n, const char *type)
{
    /* `type` is a literal: its length is a constant and settles most calls */
    size_t len = strlen(type);
    return n && n->type_len == len && memcmp(n->type, type, len) == 0;
}
/* The child filling `field`; a null node for a null node. */
static inline js_node js_field(js_node n, const char *field)
{
    return ft_child_by_field_name(n, field, strlen(field));
}
/* Children, null-safe: a null node has none. */
static inline uint32_t js_count(js_node n)
{
    return ft_is_null(n) ? 0 : ft_named_child_count(n);
}
static inline js_node js_child(js_node n, uint32_t i)
{
    return ft_is_null(n) ? n : ft_named_child(n, i);
}
static inline uint32_t js_all_count(js_node n)
{
    return ft_is_null(n) ? 0 : ft_child_count(n);
}
static inline js_node js_all_child(js_node n, uint32_t i)
{
    return ft_is_null(n) ? n : ft_child(n, i);
}
/* The node's text, copied into the arena. */
const char *js_text(js_ctx *c, js_node n);
/* Does the node's text equal `s`? */
bool js_text_is(js_ctx *c, js_node n, const char *s);
ssot_span js_span(js_ctx *c, js_node n);
ssot_loc js_loc(js_ctx *c, js_node n);
/* The normalised first line of bytes s..e (whitespace collapsed), in the arena. */
const char *js_snippet_at(js_ctx *c, uint32_t s, uint32_t e);
/* Dotted text of an identifier / member chain (`jest.fn`, `this.api.get`), NULL otherwise. */
const char *js_dotted(js_ctx *c, js_node n);
/* A string literal's value without quotes (template strings without substitutions too),
 * NULL when `n` is no such literal. */
const char *js_string(js_ctx *c, js_node n);
/* Skip parentheses, `await`, TypeScript's `as`/`!`/`satisfies` wrappers. */
js_node js_unwrap(js_node n);

/* ---- parts of the extraction ---- */
/* Tests, suites, assertions and doubles of a test file (js_tests.c). */
void js_test_file(js_ctx *c);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_INTERNAL_H */
