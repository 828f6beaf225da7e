/* analyzer/frontend/python/python_body.h - what the body walker (python_body.c) shares with the
 * double tracker (python_doubles.c): the per-function builder and the walker's state.
 * Private to the Python front end. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_BODY_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_BODY_H

#include "analyzer/frontend/python/python_internal.h"

typedef struct body_state {
    int depth;
    bool in_branch;   /* not every path runs it */
    bool swallowing;  /* a handler around it swallows AssertionError */
    bool swallow_named; /* ... one that names AssertionError: it catches failures on purpose */
    bool swallow_outcomes; /* ... one that also swallows pytest's outcomes (BaseException) */
    bool in_except;   /* in a handler of a try that passes when nothing is raised */
    bool expecting;   /* in a block that expects an exception/warning, or probes for one */
    bool nested_def;  /* in a nested def/lambda/class: a new scope */
    bool unreachable; /* after an unconditional return/raise/fail/skip */
    bool retry_guarded; /* in a loop whose else clause fails */
    bool conditional; /* in a branch of an if/elif/else or a match case */
} body_state;

/* A local name bound to a dotted callable: `eq = self.assertEqual`. A NULL target marks
 * the name rebound to something else. */
typedef struct py_alias {
    const char *name;
    const char *target;
} py_alias;

/* The two sides of a comparison an assertion makes, for reflexivity checks. */
typedef struct py_pair {
    const char *left, *right; /* compact text */
    size_t assertion;         /* index into the builder's assertions */
} py_pair;

/* A name bound to a double or to something read from one: `x = m.get()` (path
 * `get.return_value`), `deps = [m]` (path NULL: it holds the double). dbl -1: rebound. */
typedef struct py_local {
    const char *name;
    int32_t dbl;
    const char *path;
} py_local;

/* A patcher object not started yet: `p = patch("x")`, later `m = p.start()`. */
typedef struct py_patcher {
    const char *name;
    size_t patch;
} py_patcher;

/* A nested def met in the body, and the facts its body added (half-open index ranges). */
typedef struct py_nested {
    ft_node def;
    size_t asserts_from, asserts_to;
    size_t calls_from, calls_to;
} py_nested;

typedef struct fn_builder {
    py_ctx *c;
    ft_node def;          /* the function walked */
    ssot_function *fn;
    const char *receiver; /* a method's first parameter when it is not spelled `self` */
    SSOT_VEC(py_alias) aliases;
    SSOT_VEC(py_alias) instances; /* `x = Checker(...)`: x and `Checker` (NULL: rebound) */
    SSOT_VEC(py_pair) pairs;
    SSOT_VEC(py_nested) nested;
    py_strings local_classes; /* classes defined in the body */
    py_strings probes;        /* locals holding instances of the test's own classes */
    SSOT_VEC(ssot_assertion) asserts;
    SSOT_VEC(ssot_call) calls;
    SSOT_VEC(ssot_call_via) vias; /* the calls that have one, ascending */
    SSOT_VEC(const void *) call_ids; /* syntax node of each call, in step with `calls` */
    SSOT_VEC(ssot_discarded) discarded;
    SSOT_VEC(ssot_double_use) uses;
    SSOT_VEC(ssot_double_arg) double_args;
    py_doubles doubles;
    SSOT_VEC(const void *) double_ids; /* node of the call that made each double, or NULL */
    py_strings assigned;
    const py_class_doubles *class_doubles;
    py_class_doubles *collect;

    /* doubles (python_doubles.c) */
    SSOT_VEC(py_local) locals;
    py_strings bags; /* locals bound to a plain attribute bag (`object()`, `SimpleNamespace()`) */
    SSOT_VEC(py_patcher) patchers;
    SSOT_VEC(ssot_patch) patches;
    SSOT_VEC(const void *) patch_ids; /* node of the call that applied each patch */
    SSOT_VEC(ssot_setting) settings;
    SSOT_VEC(ssot_handoff) handoffs;
    SSOT_VEC(ssot_mention) mentions;
    int32_t returns_double;
    bool runs_code;    /* made a call into project code */
    bool reaches_self; /* called a method of self or passed self on (setUp: self.* doubles) */
    bool tracking;     /* some double, patch or local exists: references are worth a look */
    const struct ssot_config *contracts; /* the file's configuration when it has contracts */
} fn_builder;

/* ---- python_try.c ---- */

/* The last statement of a block that is not a comment, or NULL. */
ft_node py_last_statement(ft_node block);
/* The block of an except/else/finally clause. */
ft_node py_clause_body(ft_node clause);
/* Does the statement always raise? `raise`, `1 / 0`, a call of a function of the test or
 * its module (`def`'s scope) whose last statement always raises, or a `with`/`try` whose
 * body raises and whose handlers all raise again. Then the handlers of a try around it
 * always run. */
bool py_try_always_raises(py_ctx *c, ft_node def, ft_node stmt, int depth);
/* What an except clause catches (PY_CATCH_*). */
enum {
    PY_CATCH_ASSERTION = 1u << 0, /* AssertionError: by name, Exception, BaseException, bare */
    PY_CATCH_NAMED = 1u << 1,     /* names AssertionError itself */
    PY_CATCH_OUTCOMES = 1u << 2,  /* BaseException or bare: pytest's fail/raises outcomes */
};
uint32_t py_try_handler_catches(py_ctx *c, ft_node handler);
/* Does the handler deal with the failure: re-raise, fail, assert, keep the exception (other
 * than to print or log it), or record it in a name that an assertion after `try_stmt` in
 * `def` reads? */
bool py_try_handler_deals(py_ctx *c, ft_node handler, ft_node try_stmt, ft_node def);

/* ---- python_doubles.c ---- */

/* What an expression reads from a double: `m.get()` gives the double of `m` and the path
 * `get.return_value`. */
typedef struct py_read {
    int32_t dbl;      /* -1: a patched target that installs no double */
    const char *path; /* relative to the double; NULL when only the double is known */
    bool target;      /* reached through a patched target's path, not the double's name */
} py_read;

/* Copy the doubles, patches and settings setUp made into a test's builder; record the
 * decorator patches and the parameters a fixture may fill. `params` are the parameters
 * without the receiver; patch decorators consume them bottom-up. */
void py_dbl_start(fn_builder *b, ft_node decorated, ft_node class_decorated,
                  const py_strings *params);
/* Does `expr` read a double (or a patched target)? */
bool py_dbl_read(fn_builder *b, ft_node expr, py_read *out);
/* A call node met by the walker: makes doubles and patches, sets the call's double facts
 * (SSOT_CF_ON_DOUBLE ...) when `k` is not NULL, and records handoffs. */
void py_dbl_call(fn_builder *b, ft_node call, const char *callee, ssot_call *k, body_state st);
/* `left = right` after the right side was scanned: bindings, settings, handoffs. */
void py_dbl_assign(fn_builder *b, ft_node left, ft_node right, body_state st);
/* `with value as alias` after the value was scanned. */
void py_dbl_with(fn_builder *b, ft_node value, ft_node alias);
/* `m.configure_mock(x=1)`: settings on the receiver. */
void py_dbl_configure(fn_builder *b, ft_node call);
/* The subject of an assertion: `subject` is the checked operand, `other` what it is
 * compared with (may be a null node), `truth` the expected text when there is no other
 * operand ("True", "False", "None" or NULL). Tries `other` as the subject too. */
void py_dbl_subject(fn_builder *b, ssot_assertion *a, ft_node subject, ft_node other,
                    const char *truth);
/* A raises check over `body` (the with block) or a callable (`assertRaises(E, m.x)`). */
void py_dbl_raises_subject(fn_builder *b, ssot_assertion *a, ft_node exc, ft_node body,
                           ft_node callable);
/* `return value` / `yield value` of the function itself. */
void py_dbl_return(fn_builder *b, ft_node value, body_state st);
/* A string literal met by the walker: a contract value (SS003) becomes a mention. */
void py_dbl_string(fn_builder *b, ft_node string);
/* Move the facts into the function (and setUp's into `collect`); frees the builder's
 * double vectors. */
void py_dbl_finish(fn_builder *b);

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_BODY_H */
