/* analyzer/frontend/python/python_state.h - what the SG extractors (python_class.c: class state,
 * python_module.c: module state) share: cursor walks over a subtree and over assignment
 * targets, decorator names, node-text comparisons. Private to the Python front end. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_STATE_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_STATE_H

#include "analyzer/frontend/python/python_internal.h"

enum { PY_MAX_CHAIN = 64 };

/* Copy a short node text (an identifier) into `buf`; false when it does not fit. */
bool py_text_copy(py_ctx *c, ft_node n, char *buf, size_t size);
/* An identifier naming a method that changes a list, dict, set or deque in place. */
bool py_is_mutator(py_ctx *c, ft_node ident);
/* The right-hand side of `a = b = value`. */
ft_node py_assigned_value(ft_node assignment);

/* A decorator's expression without its call: `app.get` for `@app.get("/")`; `call` gets the
 * call node or a null node. NULL when it is not a dotted name. */
const char *py_decorator_dotted(py_ctx *c, ft_node dec, ft_node *call);
/* The dotted names of a decorated_definition's decorators (in the arena; NULL and 0 for a
 * null node). */
const char **py_decorator_list(py_ctx *c, ft_node decorated, size_t *count);

/* Call `fn(ctx, node)` on every named node below `root`; `skip_defs` leaves the bodies of
 * nested function and class definitions out (the definition node itself is visited). */
typedef void (*py_node_fn)(void *ctx, ft_node n);
void py_each_node(ft_node root, bool skip_defs, py_node_fn fn, void *ctx);

/* Call `fn(ctx, target)` on each assignment target in `t`: names, attributes, subscripts,
 * the elements of tuple and list targets, starred targets. */
typedef struct py_target_fn {
    void (*fn)(void *ctx, ft_node target);
    void *ctx;
} py_target_fn;
void py_each_target(ft_node t, py_target_fn f, int depth);

/* Request-scoped values (RULES.md "SG"): a name one of whose words (split at `_` and case
 * changes) is a user, session, connection, request or tenant word. */
bool py_request_word(const char *name);
/* The parameters of `def` that carry request data: named for it, annotated as a request
 * (`Request`, `WebSocket`, `HttpRequest` ...), or, in a request handler, all of them;
 * `method` leaves out the first (`self`/`cls`). Appended to `out` (texts in the arena). */
void py_request_params(py_ctx *c, ft_node def, bool handler, bool method, py_strings *out);
/* The first value under `expr` (itself included; not attribute names, called functions or
 * keywords) that is one of `params` (may be NULL); NULL when none. */
const char *py_request_value(py_ctx *c, ft_node expr, const py_strings *params);

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_STATE_H */
