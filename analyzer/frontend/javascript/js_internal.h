/* analyzer/frontend/javascript/js_internal.h - what the JavaScript/TypeScript front end's files
 * share: the extraction context and node helpers over tree-sitter's TSNode API. */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_INTERNAL_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_INTERNAL_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "analyzer/base/vec.h"
#include "analyzer/facts/facts.h"
#include "analyzer/frontend/frontend.h"

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
    TSNode root;
    bool depth_limited;
    ssot_span depth_span;
} js_ctx;

/* ---- node helpers (js_node.c) ---- */
static inline bool js_is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}
/* The child filling `field`; a null node for a null node. */
static inline TSNode js_field(TSNode n, const char *field)
{
    if (ts_node_is_null(n))
        return n;
    return ts_node_child_by_field_name(n, field, (uint32_t)strlen(field));
}
/* Children, null-safe: a null node has none. */
static inline uint32_t js_count(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
}
static inline TSNode js_child(TSNode n, uint32_t i)
{
    return ts_node_is_null(n) ? n : ts_node_named_child(n, i);
}
static inline uint32_t js_all_count(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_child_count(n);
}
static inline TSNode js_all_child(TSNode n, uint32_t i)
{
    return ts_node_is_null(n) ? n : ts_node_child(n, i);
}
/* The node's text, copied into the arena. */
const char *js_text(js_ctx *c, TSNode n);
/* Does the node's text equal `s`? */
bool js_text_is(js_ctx *c, TSNode n, const char *s);
ssot_span js_span(js_ctx *c, TSNode n);
ssot_loc js_loc(js_ctx *c, TSNode n);
/* The normalised first line of bytes s..e (whitespace collapsed), in the arena. */
const char *js_snippet_at(js_ctx *c, uint32_t s, uint32_t e);
/* Dotted text of an identifier / member chain (`jest.fn`, `this.api.get`), NULL otherwise. */
const char *js_dotted(js_ctx *c, TSNode n);
/* A string literal's value without quotes (template strings without substitutions too),
 * NULL when `n` is no such literal. */
const char *js_string(js_ctx *c, TSNode n);
/* Skip parentheses, `await`, TypeScript's `as`/`!`/`satisfies` wrappers. */
TSNode js_unwrap(TSNode n);

/* ---- parts of the extraction ---- */
/* Tests, suites, assertions and doubles of a test file (js_tests.c). */
void js_test_file(js_ctx *c);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_INTERNAL_H */
