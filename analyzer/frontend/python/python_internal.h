/* analyzer/frontend/python/python_internal.h - what the Python front end's files share:
 * the extraction context, node helpers and the body walker's entry points. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_INTERNAL_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_INTERNAL_H

#include <stdbool.h>
#include <string.h>

#include "analyzer/facts/facts.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/frontend/flat_tree.h"
#include "analyzer/base/vec.h"

typedef SSOT_VEC(const char *) py_strings;

/* Move a builder's vector into the extraction arena as `out` and `out_count`, and free the
 * vector. One element more than needed: `out` is never a zero-size allocation. */
#define PY_MOVE_TO_ARENA(arena, vec, out, out_count)                                              \
    do {                                                                                           \
        (out) = ssot_arena_alloc((arena), ((vec).count + 1) * sizeof(*(vec).items));               \
        if ((vec).count)                                                                           \
            memcpy((out), (vec).items, (vec).count * sizeof(*(vec).items));                        \
        (out_count) = (vec).count;                                                                 \
        free((vec).items);                                                                         \
        (vec).items = NULL;                                                                        \
        (vec).count = (vec).cap = 0;                                                               \
    } while (0)
typedef SSOT_VEC(ssot_double) py_doubles;

/* One extraction: the file, its arena, and what has been found so far. */
typedef struct py_ctx {
    const char *src;
    size_t len;
    ssot_arena *arena;
    ssot_facts *facts;
    ft_node module;           /* the module node */
    py_strings module_defs;   /* names of module-level def/class, for constant detection */
    const py_strings *local_names; /* names the function being walked binds: they hide
                                      module_defs */
    py_strings module_classes; /* names of module-level classes: the test file's own types */
    py_strings module_bound;  /* names module-level statements bind other than def/class:
                                 imports and assignments (top-level if/try blocks too) */
    bool module_star;         /* a module-level `from m import *`: any name may be bound */
    py_strings pytest_local;  /* names bound by `from pytest import x [as y]`: y ... */
    py_strings pytest_orig;   /* ... and x, in step */
    bool depth_limited;       /* the nesting limit was hit somewhere */
    ssot_span depth_span;
} py_ctx;

/* Doubles visible in a class: bound on self in setUp. */
typedef struct py_class_doubles {
    py_doubles doubles;
    py_strings assigned; /* dotted targets assigned in setUp: `self.m.x` */
    /* what setUp applied and configured, in the file's arena (not owned here); double
       indexes point into `doubles` (-1: a double setUp did not bind on self) */
    const ssot_patch *patches;     size_t patch_count;
    const ssot_setting *settings;  size_t setting_count;
} py_class_doubles;

/* ---- node helpers (python_expr.c) ---- */
static inline bool py_is(ft_node n, const char *type)
{
    /* `type` is a literal: its length is a constant and settles most calls */
    size_t len = strlen(type);
    return n && n->type_len == len && memcmp(n->type, type, len) == 0;
}
/* tree-sitter-python's fields by id: the grammar's order, which ssot_python_frontend_new
 * checks against py_field_names at start-up. */
enum py_field_id {
    PYF_alias = 1, PYF_alternative, PYF_argument, PYF_arguments, PYF_attribute, PYF_body,
    PYF_cause, PYF_code, PYF_condition, PYF_consequence, PYF_definition, PYF_expression,
    PYF_format_specifier, PYF_function, PYF_guard, PYF_key, PYF_left, PYF_module_name,
    PYF_name, PYF_object, PYF_operator, PYF_operators, PYF_parameters, PYF_return_type,
    PYF_right, PYF_subject, PYF_subscript, PYF_superclasses, PYF_type, PYF_type_conversion,
    PYF_type_parameters, PYF_value,
    PY_FIELD_END
};
enum { PY_FIELD_COUNT = PY_FIELD_END - 1 };
extern const char *const py_field_names[PY_FIELD_COUNT]; /* name of field id i + 1 */
/* The child filling `field`, or NULL. */
static inline ft_node py_field(ft_node n, TSFieldId field)
{
    return n ? ft_child_by_field_id(n, field) : NULL;
}
/* Is `s` one of the NULL-terminated `list`? */
static inline bool py_str_in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (s[0] == (*list)[0] && !strcmp(s, *list))
            return true;
    return false;
}
/* Is the node's text exactly `s`? (No allocation.) */
bool py_text_is(py_ctx *c, ft_node n, const char *s);
/* The node's source text, in the arena. */
const char *py_text(py_ctx *c, ft_node n);
/* Dotted name of an identifier/attribute chain with whitespace removed; NULL for other
 * expressions (calls, subscripts ...). `call().x` gives NULL. */
const char *py_dotted(py_ctx *c, ft_node n);
/* Callee of a call node as written (whitespace removed), e.g. `self.assertEqual`,
 * `patch(...).start` for chained calls is NULL. */
const char *py_callee(py_ctx *c, ft_node call);
ssot_span py_span(py_ctx *c, ft_node n);
ssot_loc py_loc(py_ctx *c, ft_node n);
/* The n-th positional argument of a call, or a null node. */
ft_node py_call_arg(ft_node call, unsigned index);
/* The value of a keyword argument, or a null node. */
ft_node py_call_kwarg(py_ctx *c, ft_node call, const char *name);
unsigned py_call_positional_count(ft_node call);
/* Strip parentheses. */
ft_node py_unparen(ft_node n);
/* The identifier a parameter binds (`x`, `x=1`, `x: int`, `x: int = 1`, `*x`, `**x`), or
 * NULL (`*`, `/`, a tuple parameter). */
ft_node py_param_name(ft_node p);
/* Each name an import statement binds (`a` of `import a.b`, `c` of `import a as c`, `x` of
 * `from m import x`) through `fn`; a wildcard import calls `fn` with NULL. `fn` returns
 * false to stop; so does py_import_names, then. */
bool py_import_names(ft_node stmt, bool (*fn)(void *ctx, ft_node name), void *ctx);
/* Truthiness of a constant expression: 1 always true, 0 always false, -1 not constant. */
int py_constant_truth(py_ctx *c, ft_node n, int depth);
/* A literal atom (number, string, True/False/None, a negative number). */
bool py_is_literal(ft_node n);
/* Text equality ignoring whitespace. */
bool py_same_text(py_ctx *c, ft_node a, ft_node b);
/* The node's text without whitespace and comments, in the arena. */
const char *py_compact(py_ctx *c, ft_node n);
/* Normalised first line of a node's text (whitespace runs collapsed). */
const char *py_snippet(py_ctx *c, ft_node n);
/* The same for the bytes from `start` to `end` (the first line of them). */
const char *py_snippet_at(py_ctx *c, uint32_t start, uint32_t end);
/* String literal content without quotes/prefix (first part for concatenations); NULL when
 * not a plain string. */
const char *py_string_value(py_ctx *c, ft_node n);

/* ---- function bodies (python_body.c) ---- */
/* Walk a function's body and fill the assertion, call, double and discarded-check facts.
 * `decorated` is the decorated_definition around `def` or a null node; `class_decorated`
 * the one around its class (patch decorators there inject into every method).
 * `class_doubles` (may be NULL) are the doubles setUp bound on self; when `collect` is not
 * NULL the doubles this function binds on self are added to it (setUp itself). */
/* ---- scopes (python_scope.c) ---- */
/* Add to `out` every name the function `def` binds (parameters, targets, nested defs,
 * imports), once each. */
void py_scope_bound_names(py_ctx *c, ft_node def, py_strings *out);
/* The function a bare `name(...)` in `def` calls: nested in `def`, else at module level;
 * NULL when neither defines it. */
ft_node py_scope_local_function(py_ctx *c, ft_node def, const char *name);

void py_walk_function(py_ctx *c, ft_node def, ft_node decorated, ft_node class_decorated,
                      ssot_function *fn, const py_class_doubles *class_doubles,
                      py_class_doubles *collect);

/* ---- module and class state (python_class.c, python_module.c) ---- */
/* Fill a class's SG facts from its definition: decorators, metaclass, the frozen/enum/
 * NamedTuple/singleton flags, the `self.*` names its methods (outside `__init__`) write or
 * mutate (service files only), and the class attribute that caches its one instance. Needs
 * `k->bases`. */
void py_class_state(py_ctx *c, ft_node def, ft_node decorated, ssot_class *k);
/* Fill the facts' module-level state: bindings, module functions, `global` writes, imports
 * and module-attribute uses, `main_guard`. One cursor pass per scope. */
void py_module_state(py_ctx *c, ft_node root);
/* Every file: the attributes module-level functions and methods set on their parameters
 * (`def attach(conn): conn.ready = True`), into `param_writes`. */
void py_param_writes_collect(py_ctx *c, ft_node root);
/* Test files: module-level imports only (SS002). */
void py_module_imports(py_ctx *c, ft_node root);

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_INTERNAL_H */
