/* analyzer/frontend/python/python_module.c - module-level state for the SG rules: bindings and
 * what they hold, imports and module-attribute uses, module functions (decorators,
 * defaulted parameters, what they return), `global` writes and their guards, containers
 * mutated in functions, and module names read by request handlers. One cursor pass per
 * scope; a function's own names are read only when it touches a module binding's name. */
#include "analyzer/frontend/python/python_state.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyzer/facts/assertions.h"
#include "analyzer/base/strmap.h"

/* ---- values ---- */

static ssot_value_kind value_kind(py_ctx *c, ft_node v, const char **callee)
{
    static const char *const container_types[] = {
        "dictionary", "list", "set", "dictionary_comprehension", "list_comprehension",
        "set_comprehension", NULL,
    };
    static const char *const container_calls[] = {
        "dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray",
        /* weak containers whose keys or members are the state (a `WeakValueDictionary` is an
           interning cache: its values are shared on purpose) */
        "WeakSet", "WeakKeyDictionary", NULL,
    };
    *callee = NULL;
    v = py_unparen(v);
    if (ft_is_null(v))
        return SSOT_VALUE_OTHER;
    if (py_str_in(ft_type(v), container_types)) {
        /* the type, for messages: `{}` is a dict */
        const char *t = ft_type(v);
        *callee = !strncmp(t, "dictionary", 10) ? "dict" : !strncmp(t, "list", 4) ? "list" : "set";
        return SSOT_VALUE_CONTAINER;
    }
    if (py_is(v, "call")) {
        *callee = py_callee(c, v);
        if (*callee && py_str_in(ssot_last_segment(*callee), container_calls))
            return SSOT_VALUE_CONTAINER;
        return SSOT_VALUE_CALL;
    }
    if (py_is_literal(v))
        return SSOT_VALUE_LITERAL;
    if (py_is(v, "tuple")) {
        uint32_t n = ft_named_child_count(v);
        for (uint32_t i = 0; i < n; i++)
            if (!py_is_literal(ft_named_child(v, i)))
                return SSOT_VALUE_OTHER;
        return SSOT_VALUE_LITERAL;
    }
    return SSOT_VALUE_OTHER;
}

/* `@app.get(...)`, `@router.post`, `@app.websocket`, `@bp.route`: a request handler. */
static bool is_handler_decorator(const char *dotted)
{
    static const char *const verbs[] = {
        "get", "post", "put", "patch", "delete", "head", "options", "trace", "websocket",
        "route", "api_route", "websocket_route", NULL,
    };
    return strchr(dotted, '.') && py_str_in(ssot_last_segment(dotted), verbs);
}

/* ---- the module ---- */

typedef struct py_import_entry {
    ssot_import imp;
    bool aliased;    /* `import a.b as m` */
} py_import_entry;

typedef struct scope_item {
    ft_node node;         /* function_definition, class_definition, or the module */
    const char *symbol;  /* qualified name of the scope, NULL for the module */
    bool function;
    bool handler;
} scope_item;

typedef struct mod_builder {
    py_ctx *c;
    SSOT_VEC(ssot_binding) bindings;
    ssot_strmap *binding_by_name;
    SSOT_VEC(ssot_module_fn) fns;
    SSOT_VEC(ssot_global_write) writes;
    SSOT_VEC(py_import_entry) imports;
    ssot_import_writes import_writes;  /* functions writing to imported containers */
    SSOT_VEC(uint32_t) module_imports; /* indexes of `import m` entries */
    ssot_strmap *uses;                 /* `module\x01name` of recorded attribute uses */
    SSOT_VEC(scope_item) work;
    py_strings import_time;            /* functions the module body itself calls, or registers
                                          as startup, shutdown or lifespan handlers: they run
                                          once, before (or after) requests are served */
    /* the function scope being walked */
    scope_item scope;
    py_strings locals, globals;
    bool locals_ready;                 /* `locals` is filled on first need */
    py_strings request_params;         /* the scope's parameters that carry request data */
    bool request_ready;                /* `request_params` is filled on first need */
    bool has_handler;                  /* some function of the file is a request handler */
    SSOT_VEC(uint32_t) touched;        /* bindings mutated by this scope */
    SSOT_VEC(ft_node) plain_calls;     /* `f()` calls in functions: setters under a guard */
    SSOT_VEC(ft_node) plain_call_scopes;
} mod_builder;

static bool list_has(py_ctx *c, const py_strings *list, ft_node name)
{
    for (size_t i = 0; i < list->count; i++)
        if (py_text_is(c, name, list->items[i]))
            return true;
    return false;
}

static void fill_locals(mod_builder *b);

/* The module binding a name refers to in the current function scope, or -1. */
static int32_t binding_of(mod_builder *b, ft_node ident)
{
    char buf[128];
    if (!py_is(ident, "identifier") || !py_text_copy(b->c, ident, buf, sizeof(buf)))
        return -1;
    size_t n;
    const uint32_t *v = ssot_strmap_get(b->binding_by_name, buf, &n);
    if (!n)
        return -1;
    if (!b->locals_ready)
        fill_locals(b);
    if (list_has(b->c, &b->locals, ident) && !list_has(b->c, &b->globals, ident))
        return -1;
    return (int32_t)v[0];
}

/* ---- imports ---- */

static void add_import(mod_builder *b, ft_node at, const char *module, const char *name,
                       const char *local, bool aliased)
{
    py_import_entry e = {{module, name, local, py_loc(b->c, at)}, aliased};
    if (!name && local)
        SSOT_VEC_PUSH(&b->module_imports, (uint32_t)b->imports.count);
    SSOT_VEC_PUSH(&b->imports, e);
}

static void record_import(mod_builder *b, ft_node stmt)
{
    py_ctx *c = b->c;
    uint32_t n = ft_named_child_count(stmt);
    if (py_is(stmt, "import_statement")) {
        for (uint32_t i = 0; i < n; i++) {
            ft_node x = ft_named_child(stmt, i);
            if (py_is(x, "dotted_name")) {
                const char *m = py_compact(c, x);
                const char *dot = strchr(m, '.');
                add_import(b, stmt, m, NULL, dot ? ssot_arena_strndup(c->arena, m, (size_t)(dot - m)) : m,
                           false);
            } else if (py_is(x, "aliased_import")) {
                add_import(b, stmt, py_compact(c, py_field(x, PYF_name)), NULL,
                           py_text(c, py_field(x, PYF_alias)), true);
            }
        }
        return;
    }
    ft_node module = py_field(stmt, PYF_module_name);
    if (ft_is_null(module))
        return;
    const char *m = py_compact(c, module);
    for (uint32_t i = 0; i < n; i++) {
        ft_node x = ft_named_child(stmt, i);
        if (ft_eq(x, module))
            continue;
        if (py_is(x, "dotted_name")) {
            const char *name = py_compact(c, x);
            add_import(b, stmt, m, name, name, false);
        } else if (py_is(x, "aliased_import")) {
            add_import(b, stmt, m, py_compact(c, py_field(x, PYF_name)),
                       py_text(c, py_field(x, PYF_alias)), true);
        }
    }
}

/* `m.NAME` where `m` is an imported module: record that NAME of that module is used;
 * returns the import entry of that use, or -1. */
static int32_t attribute_use(mod_builder *b, ft_node attr)
{
    py_ctx *c = b->c;
    ft_node o = py_field(attr, PYF_object);
    if (!py_is(o, "identifier"))
        return -1;
    const py_import_entry *hit = NULL;
    for (size_t i = 0; i < b->module_imports.count && !hit; i++) {
        const py_import_entry *e = &b->imports.items[b->module_imports.items[i]];
        if (py_text_is(c, o, e->imp.local))
            hit = e;
    }
    if (!hit)
        return -1;
    char name[128];
    const char *module = hit->imp.module;
    if (!hit->aliased && strchr(module, '.')) {
        /* `import a.b` binds `a`: the used name follows the whole module path, `a.b.NAME` */
        ft_node top = attr;
        for (int i = 0; i < PY_MAX_CHAIN; i++) {
            ft_node p = ft_parent(top);
            if (!py_is(p, "attribute") || !ft_eq(py_field(p, PYF_object), top))
                break;
            top = p;
        }
        const char *chain = py_dotted(c, top), *rest;
        size_t ml = strlen(module);
        if (!chain)
            return -1;
        if (!strncmp(chain, module, ml) && chain[ml] == '.') {
            rest = chain + ml;
        } else {
            module = hit->imp.local;
            rest = strchr(chain, '.');
        }
        if (!rest || !rest[1])
            return -1;
        size_t n = strcspn(rest + 1, ".");
        if (n >= sizeof(name))
            return -1;
        memcpy(name, rest + 1, n);
        name[n] = '\0';
    } else if (!py_text_copy(c, py_field(attr, PYF_attribute), name, sizeof(name))) {
        return -1;
    }
    char key[512];
    if ((size_t)snprintf(key, sizeof(key), "%s\x01%s", module, name) >= sizeof(key))
        return -1;
    size_t seen;
    const uint32_t *v = ssot_strmap_get(b->uses, key, &seen);
    if (seen)
        return (int32_t)v[0];
    ssot_strmap_add(b->uses, ssot_arena_strdup(c->arena, key), (uint32_t)b->imports.count);
    add_import(b, attr, module, ssot_arena_strdup(c->arena, name), NULL, false);
    return (int32_t)b->imports.count - 1;
}

static void record_attribute_use(mod_builder *b, ft_node attr)
{
    attribute_use(b, attr);
}

/* `m.NAME` or `pkg.m.NAME` changed in place: the import entry of `m`'s NAME, or -1. */
static int32_t attribute_import(mod_builder *b, ft_node attr)
{
    ft_node inner = attr;
    for (int i = 0; i < PY_MAX_CHAIN; i++) {
        ft_node o = py_unparen(py_field(inner, PYF_object));
        if (py_is(o, "identifier"))
            return b->module_imports.count ? attribute_use(b, inner) : -1;
        if (!py_is(o, "attribute"))
            return -1;
        inner = o;
    }
    return -1;
}

/* `AsyncClient` imported from httpx -> `httpx.AsyncClient`; `hx.Client` with `import httpx
 * as hx` -> `httpx.Client`; names the file defines stay as written. */
static const char *qualify(mod_builder *b, const char *dotted)
{
    if (!dotted)
        return NULL;
    const char *dot = strchr(dotted, '.');
    size_t first = dot ? (size_t)(dot - dotted) : strlen(dotted);
    for (size_t i = 0; i < b->imports.count; i++) {
        const ssot_import *m = &b->imports.items[i].imp;
        if (!m->local || strlen(m->local) != first || strncmp(m->local, dotted, first) != 0)
            continue;
        const char *prefix;
        if (m->name) {
            size_t ml = strlen(m->module);
            prefix = ssot_arena_printf(b->c->arena, "%s%s%s", m->module,
                                       ml && m->module[ml - 1] == '.' ? "" : ".", m->name);
        } else if (b->imports.items[i].aliased) {
            prefix = m->module;
        } else {
            return dotted;
        }
        return dot ? ssot_arena_printf(b->c->arena, "%s%s", prefix, dot) : prefix;
    }
    return dotted;
}

/* ---- function scopes ---- */

static void local_target(void *ctx, ft_node t)
{
    mod_builder *b = ctx;
    if (py_is(t, "identifier"))
        SSOT_VEC_PUSH(&b->locals, py_text(b->c, t));
}

static void param_locals(mod_builder *b, ft_node def)
{
    ft_node params = py_field(def, PYF_parameters);
    uint32_t n = ft_is_null(params) ? 0 : ft_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        ft_node p = py_param_name(ft_named_child(params, i));
        if (p)
            SSOT_VEC_PUSH(&b->locals, py_text(b->c, p));
    }
}

/* The names a function binds itself (parameters, assignment targets, loop variables,
 * `as` targets, imports, nested definitions). */
static void locals_node(void *ctx, ft_node n)
{
    mod_builder *b = ctx;
    py_target_fn f = {local_target, b};
    if (py_is(n, "assignment") || py_is(n, "augmented_assignment") ||
               py_is(n, "for_statement") || py_is(n, "for_in_clause")) {
        py_each_target(py_field(n, PYF_left), f, 0);
    } else if (py_is(n, "as_pattern_target") || py_is(n, "named_expression")) {
        ft_node t = py_is(n, "named_expression") ? py_field(n, PYF_name) : ft_named_child(n, 0);
        py_each_target(t, f, 0);
    } else if (py_is(n, "function_definition") || py_is(n, "class_definition")) {
        local_target(b, py_field(n, PYF_name));
    } else if (py_is(n, "aliased_import")) {
        local_target(b, py_field(n, PYF_alias));
    } else if (py_is(n, "import_statement") || py_is(n, "import_from_statement")) {
        uint32_t k = ft_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            ft_node x = ft_named_child(n, i);
            if (py_is(x, "dotted_name") && !ft_eq(x, py_field(n, PYF_module_name)))
                local_target(b, ft_named_child(x, 0));
        }
    }
}

/* `x[k]`, `x[k][j]`: the identifier at the root of subscripts. */
static ft_node subscript_root(ft_node n)
{
    for (int i = 0; i < PY_MAX_CHAIN; i++) {
        n = py_unparen(n);
        if (!py_is(n, "subscript"))
            return n;
        n = py_field(n, PYF_value);
    }
    return NULL;
}

/* A parameter of the function being walked. */
static bool is_param(mod_builder *b, ft_node ident)
{
    ft_node params = b->scope.function ? py_field(b->scope.node, PYF_parameters) : NULL;
    uint32_t n = ft_is_null(params) ? 0 : ft_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        ft_node p = py_param_name(ft_named_child(params, i));
        if (p && py_text_is(b->c, p, py_text(b->c, ident)))
            return true;
    }
    return false;
}

/* Data the function was handed, as is: its parameters and literals (`REG[key] = value`,
 * `REG.register(factory, types, order=order)`); a null node passes. */
static bool only_params(mod_builder *b, ft_node n)
{
    n = py_unparen(n);
    if (ft_is_null(n) || py_is_literal(n))
        return true;
    if (py_is(n, "identifier"))
        return is_param(b, n);
    if (py_is(n, "keyword_argument"))
        return only_params(b, py_field(n, PYF_value));
    if (py_is(n, "argument_list") || py_is(n, "expression_list") || py_is(n, "tuple") ||
        py_is(n, "list_splat") || py_is(n, "dictionary_splat")) {
        uint32_t k = ft_named_child_count(n);
        for (uint32_t i = 0; i < k; i++)
            if (!py_is(ft_named_child(n, i), "comment") && !only_params(b, ft_named_child(n, i)))
                return false;
        return true;
    }
    return false;
}

static ssot_guard condition_guard(py_ctx *c, ft_node cond, const char *name, int depth);
static ssot_guard guard_of(py_ctx *c, ft_node n, ft_node fn, const char *name);

/* A read of `X` with key text `key` in `scope`: `X.get(key)`, `key in X`, `X[key]`. */
typedef struct memo_scan {
    py_ctx *c;
    const char *name, *key;
    bool found;
} memo_scan;

static void memo_node(void *ctx, ft_node n)
{
    memo_scan *s = ctx;
    if (s->found)
        return;
    ft_node x = NULL, k = NULL;
    if (py_is(n, "call")) {
        ft_node fn = py_field(n, PYF_function);
        ft_node args = py_field(n, PYF_arguments);
        if (py_is(fn, "attribute") && py_text_is(s->c, py_field(fn, PYF_attribute), "get") &&
            !ft_is_null(args) && ft_named_child_count(args) > 0) {
            x = py_field(fn, PYF_object);
            k = ft_named_child(args, 0);
        }
    } else if (py_is(n, "comparison_operator") && ft_named_child_count(n) == 2) {
        const char *t = py_compact(s->c, n);
        if (strstr(t, "in")) {
            k = ft_named_child(n, 0);
            x = ft_named_child(n, 1);
        }
    } else if (py_is(n, "subscript")) {
        ft_node p = ft_parent(n);
        bool target = (py_is(p, "assignment") || py_is(p, "augmented_assignment")) &&
                      ft_eq(py_field(p, PYF_left), n);
        if (!target) {
            x = py_field(n, PYF_value);
            k = py_field(n, PYF_subscript);
        }
    }
    if (x && k && py_is(py_unparen(x), "identifier") && py_text_is(s->c, py_unparen(x), s->name) &&
        !strcmp(py_compact(s->c, k), s->key))
        s->found = true;
}

/* A memo write: the function looks the same key up before it stores it (`v = X.get(k)`,
 * `if k not in X:`), fills the table once (`if not X:`), or returns what `setdefault` keeps. */
static void call_node(void *ctx, ft_node n)
{
    if (py_is(n, "call"))
        *(bool *)ctx = true;
}

static bool computed(mod_builder *b, ft_node value, int depth);

/* `name = <computed>` somewhere in the function: the local holds a value built here. */
typedef struct local_scan {
    mod_builder *b;
    ft_node name;
    int depth;
    bool found;
} local_scan;

static void local_value_node(void *ctx, ft_node n)
{
    local_scan *s = ctx;
    if (s->found || !py_is(n, "assignment"))
        return;
    ft_node left = py_unparen(py_field(n, PYF_left));
    if (py_is(left, "identifier") && py_text_is(s->b->c, left, py_text(s->b->c, s->name)))
        s->found = computed(s->b, py_assigned_value(n), s->depth + 1);
}

/* A value computed here (it makes a call, or is a local assigned such a value: `data =
 * json.load(f)`) or a marker literal (`seen[k] = 1`). */
static bool computed(mod_builder *b, ft_node value, int depth)
{
    py_ctx *c = b->c;
    value = py_unparen(value);
    if (ft_is_null(value) || depth > 2)
        return false;
    if (py_is_literal(value))
        return true;
    if (py_is(value, "identifier")) {
        if (is_param(b, value))
            return false;
        local_scan s = {b, value, depth, false};
        py_each_node(py_field(b->scope.node, PYF_body), true, local_value_node, &s);
        return s.found;
    }
    bool call = py_is(value, "call");
    if (!call)
        py_each_node(value, true, call_node, &call);
    (void)c;
    return call;
}

static bool memo_write(mod_builder *b, ft_node root, ft_node key, ft_node value, ft_node at)
{
    py_ctx *c = b->c;
    char name[128];
    if (!py_text_copy(c, root, name, sizeof(name)))
        return false;
    if (guard_of(c, at, b->scope.node, name))
        return true;
    if (ft_is_null(key))
        return false;
    if (py_is(at, "call") && py_is(ft_parent(at), "return_statement"))
        return true;
    /* a caller's object stored under its key is a registry entry, not a computed value */
    if (!computed(b, value, 0))
        return false;
    memo_scan s = {c, name, py_compact(c, key), false};
    py_each_node(py_field(b->scope.node, PYF_body), true, memo_node, &s);
    return s.found;
}

static const char *request_evidence(mod_builder *b, ft_node key, ft_node value)
{
    if (!b->request_ready) {
        b->request_ready = true;
        py_request_params(b->c, b->scope.node, b->scope.handler, false, &b->request_params);
    }
    const char *v = py_request_value(b->c, key, &b->request_params);
    if (!v)
        v = py_request_value(b->c, value, &b->request_params);
    if (!v)
        return NULL;
    if (b->scope.handler)
        return ssot_arena_printf(b->c->arena, "request handler `%s()` writes `%s` to it",
                                 b->scope.symbol, v);
    return ssot_arena_printf(b->c->arena, "`%s()` writes `%s` to it", b->scope.symbol, v);
}

/* `from m import NAME` (not shadowed here): the import entry, or -1. */
static int32_t imported_name(mod_builder *b, ft_node ident)
{
    if (!py_is(ident, "identifier"))
        return -1;
    for (size_t i = 0; i < b->imports.count; i++) {
        const ssot_import *im = &b->imports.items[i].imp;
        if (!im->name || !im->local || !py_text_is(b->c, ident, im->local))
            continue;
        if (!b->locals_ready)
            fill_locals(b);
        if (list_has(b->c, &b->locals, ident) && !list_has(b->c, &b->globals, ident))
            return -1;
        return (int32_t)i;
    }
    return -1;
}


/* A module container (or an imported one) is changed in this function: `key` and `value`
 * are the data written (either may be null), `at` the statement or call. */
static void mutated(mod_builder *b, ft_node root, ft_node key, ft_node value, ft_node at)
{
    int32_t at_binding = binding_of(b, root), at_import = -1;
    if (at_binding < 0) {
        at_import = py_is(root, "attribute") ? attribute_import(b, root) : imported_name(b, root);
        if (at_import < 0)
            return;
    }
    /* a helper the module body calls to fill its own table (`def_op(...)` at import time) */
    for (size_t i = 0; i < b->import_time.count; i++)
        if (!strcmp(b->import_time.items[i], b->scope.symbol))
            return;
    const char *request = request_evidence(b, key, value);
    /* a memo maps an input to what is computed from it, unless the input is a user's */
    if (!request && py_is(root, "identifier") && memo_write(b, root, key, value, at))
        return;
    if (at_import >= 0) {
        ssot_import_writes_note(&b->import_writes, (uint32_t)at_import, b->scope.symbol, request);
        return;
    }
    ssot_binding *bd = &b->bindings.items[at_binding];
    if (request && !bd->request)
        bd->request = request;
    /* a registration function stores what its caller hands it */
    if (!only_params(b, key) || !only_params(b, value))
        bd->flags |= SSOT_BF_COMPUTED_WRITE;
    for (size_t i = 0; i < b->touched.count; i++)
        if (b->touched.items[i] == (uint32_t)at_binding)
            return;
    SSOT_VEC_PUSH(&b->touched, (uint32_t)at_binding);
    if (!bd->writer)
        bd->writer = b->scope.symbol;
    bd->writer_count++;
}

/* The outermost subscript's key of `X[k][j]` (`k`), or null. */
static ft_node root_key(ft_node n)
{
    ft_node key = NULL;
    for (int i = 0; i < PY_MAX_CHAIN; i++) {
        n = py_unparen(n);
        if (!py_is(n, "subscript"))
            break;
        key = py_field(n, PYF_subscript);
        n = py_field(n, PYF_value);
    }
    return key;
}

typedef struct target_ctx {
    mod_builder *b;
    ft_node value, at;
} target_ctx;

static void mutation_target(void *ctx, ft_node t)
{
    target_ctx *x = ctx;
    if (py_is(t, "subscript"))
        mutated(x->b, subscript_root(t), root_key(t), x->value, x->at);
}

/* `if NAME is None`, `if not NAME`, possibly inside `or`/`and`. */
static ssot_guard condition_guard(py_ctx *c, ft_node cond, const char *name, int depth)
{
    cond = py_unparen(cond);
    if (depth > 4 || ft_is_null(cond))
        return SSOT_GUARD_NONE;
    if (py_is(cond, "not_operator")) {
        ft_node arg = py_unparen(py_field(cond, PYF_argument));
        return py_is(arg, "identifier") && py_text_is(c, arg, name) ? SSOT_GUARD_NOT
                                                                 : SSOT_GUARD_NONE;
    }
    if (py_is(cond, "boolean_operator")) {
        ssot_guard g = condition_guard(c, py_field(cond, PYF_left), name, depth + 1);
        return g ? g : condition_guard(c, py_field(cond, PYF_right), name, depth + 1);
    }
    if (py_is(cond, "comparison_operator")) {
        const char *t = py_compact(c, cond);
        size_t n = strlen(name);
        if (!strncmp(t, name, n) && (!strcmp(t + n, "isNone") || !strcmp(t + n, "==None")))
            return SSOT_GUARD_IS_NONE;
    }
    return SSOT_GUARD_NONE;
}

static ssot_guard guard_of(py_ctx *c, ft_node n, ft_node fn, const char *name)
{
    ft_node child = n;
    for (int i = 0; i < SSOT_MAX_NESTING; i++) {
        ft_node p = ft_parent(child);
        if (ft_is_null(p) || ft_eq(p, fn))
            break;
        if ((py_is(p, "if_statement") || py_is(p, "elif_clause")) &&
            ft_eq(py_field(p, PYF_consequence), child)) {
            ssot_guard g = condition_guard(c, py_field(p, PYF_condition), name, 0);
            if (g)
                return g;
        }
        child = p;
    }
    return SSOT_GUARD_NONE;
}

static void global_write(mod_builder *b, ft_node assignment)
{
    py_ctx *c = b->c;
    ft_node left = py_field(assignment, PYF_left);
    if (!py_is(left, "identifier") || !list_has(c, &b->globals, left))
        return;
    ssot_global_write w = {0};
    w.function = b->scope.symbol;
    w.name = py_text(c, left);
    w.loc = py_loc(c, assignment);
    w.kind = value_kind(c, py_assigned_value(assignment), &w.as_written);
    w.guard = guard_of(c, assignment, b->scope.node, w.name);
    SSOT_VEC_PUSH(&b->writes, w);
}

/* A module-level call that registers functions of this module as application lifecycle
 * handlers: `FastAPI(lifespan=f)`, `Starlette(on_startup=[f], on_shutdown=[g])`,
 * `app.add_event_handler("startup", f)`. They run once, before requests are served (a
 * lifespan's code after `yield`, once after): what they write is configuration. */
static void lifecycle_handlers(mod_builder *b, ft_node call)
{
    ft_node args = py_field(call, PYF_arguments);
    uint32_t n = ft_is_null(args) ? 0 : ft_named_child_count(args);
    const char *callee = py_dotted(b->c, py_field(call, PYF_function));
    bool add_handler = callee && !strcmp(ssot_last_segment(callee), "add_event_handler");
    for (uint32_t i = 0; i < n; i++) {
        ft_node a = ft_named_child(args, i);
        if (add_handler && i == 1 && py_is(a, "identifier")) {
            SSOT_VEC_PUSH(&b->import_time, py_text(b->c, a));
            continue;
        }
        if (!py_is(a, "keyword_argument"))
            continue;
        ft_node key = py_field(a, PYF_name), v = py_unparen(py_field(a, PYF_value));
        if (py_text_is(b->c, key, "lifespan") && py_is(v, "identifier")) {
            SSOT_VEC_PUSH(&b->import_time, py_text(b->c, v));
        } else if ((py_text_is(b->c, key, "on_startup") || py_text_is(b->c, key, "on_shutdown")) &&
                   (py_is(v, "list") || py_is(v, "tuple"))) {
            for (uint32_t k = 0; k < ft_named_child_count(v); k++)
                if (py_is(ft_named_child(v, k), "identifier"))
                    SSOT_VEC_PUSH(&b->import_time, py_text(b->c, ft_named_child(v, k)));
        }
    }
}

static void push_scope(mod_builder *b, ft_node def)
{
    const char *name = py_text(b->c, py_field(def, PYF_name));
    scope_item s = {def, name, py_is(def, "function_definition"), false};
    if (b->scope.symbol)
        s.symbol = ssot_arena_printf(b->c->arena, "%s.%s", b->scope.symbol, name);
    if (s.function && !b->scope.symbol) {
        ft_node p = ft_parent(def);
        size_t n;
        const char **decs = py_is(p, "decorated_definition") ? py_decorator_list(b->c, p, &n) : NULL;
        for (size_t i = 0; decs && i < n; i++)
            if (is_handler_decorator(decs[i]))
                s.handler = b->has_handler = true;
    }
    SSOT_VEC_PUSH(&b->work, s);
}

/* How a function uses a module binding `ident`: adding (`X.add(v)`, `X.append(v)`) or
 * removing (`X.discard(v)`) elements is no read; passing `X.discard`/`X.remove` as a callback
 * marks SSOT_BF_CALLBACK_REMOVED; any other use reads it (SSOT_BF_READ). */
static uint32_t element_use(mod_builder *b, ft_node ident)
{
    static const char *const adders[] = {"add", "append", NULL};
    static const char *const removers[] = {"discard", "remove", NULL};
    ft_node p = ft_parent(ident);
    if (!py_is(p, "attribute") || !ft_eq(py_field(p, PYF_object), ident))
        return SSOT_BF_READ;
    const char *attr = py_text(b->c, py_field(p, PYF_attribute));
    ft_node up = ft_parent(p);
    bool called = py_is(up, "call") && ft_eq(py_field(up, PYF_function), p);
    if (called && (py_str_in(attr, adders) || py_str_in(attr, removers)))
        return 0;
    if (!called && py_is(up, "argument_list") && py_str_in(attr, removers))
        return SSOT_BF_CALLBACK_REMOVED;
    return SSOT_BF_READ;
}

/* Pass 2, every scope: imports, module-attribute uses, nested scopes; in functions also
 * global writes, mutated module containers and, in handlers, module names read. */
static void scope_node(void *ctx, ft_node n)
{
    mod_builder *b = ctx;
    const char *t = ft_type(n);
    /* most nodes are none of these: the first letter rules them out cheaply */
    if (!strchr("acdfgi", t[0]))
        return;
    if (py_is(n, "global_statement") && b->scope.function) {
        /* Python requires `global` before any use of the name in the function */
        uint32_t k = ft_named_child_count(n);
        for (uint32_t i = 0; i < k; i++)
            if (py_is(ft_named_child(n, i), "identifier"))
                SSOT_VEC_PUSH(&b->globals, py_text(b->c, ft_named_child(n, i)));
        return;
    }
    if (py_is(n, "import_statement") || py_is(n, "import_from_statement")) {
        record_import(b, n);
        return;
    }
    if (py_is(n, "attribute")) {
        if (b->module_imports.count)
            record_attribute_use(b, n);
    } else if (py_is(n, "function_definition") || py_is(n, "class_definition")) {
        push_scope(b, n);
        return;
    }
    if (!b->scope.symbol && py_is(n, "call")) {
        ft_node fn = py_field(n, PYF_function);
        if (py_is(fn, "identifier"))
            SSOT_VEC_PUSH(&b->import_time, py_text(b->c, fn));
        lifecycle_handlers(b, n);
    }
    /* a decorator of the module body (`@rule`, `@register("x")`) runs at import time */
    if (!b->scope.function && py_is(n, "decorator")) {
        ft_node call;
        const char *d = py_decorator_dotted(b->c, n, &call);
        if (d && !strchr(d, '.'))
            SSOT_VEC_PUSH(&b->import_time, d);
        /* `@app.on_event("startup")`: the function runs once, before requests */
        if (d && !strcmp(ssot_last_segment(d), "on_event") && !b->scope.symbol) {
            ft_node def = py_field(ft_parent(n), PYF_definition);
            if (py_is(def, "function_definition"))
                SSOT_VEC_PUSH(&b->import_time, py_text(b->c, py_field(def, PYF_name)));
        }
    }
    if (!b->scope.function)
        return;
    target_ctx x = {b, NULL, n};
    py_target_fn f = {mutation_target, &x};
    if (py_is(n, "assignment")) {
        global_write(b, n);
        x.value = py_assigned_value(n);
        py_each_target(py_field(n, PYF_left), f, 0);
    } else if (py_is(n, "augmented_assignment")) {
        ft_node left = py_field(n, PYF_left);
        x.value = py_field(n, PYF_right);
        if (py_is(left, "identifier") && list_has(b->c, &b->globals, left))
            mutated(b, left, NULL, x.value, n);
        else
            py_each_target(left, f, 0);
    } else if (py_is(n, "delete_statement")) {
        py_each_target(ft_named_child(n, 0), f, 0);
    } else if (py_is(n, "call")) {
        ft_node fn = py_field(n, PYF_function);
        if (py_is(fn, "identifier")) {
            SSOT_VEC_PUSH(&b->plain_calls, n);
            SSOT_VEC_PUSH(&b->plain_call_scopes, b->scope.node);
        }
        if (py_is(fn, "attribute") && !py_is_mutator(b->c, py_field(fn, PYF_attribute))) {
            /* `REG.register(f, t)`: a method of a module object, handed computed data */
            ft_node obj = py_unparen(py_field(fn, PYF_object));
            int32_t at = py_is(obj, "identifier") ? binding_of(b, obj) : -1;
            if (at >= 0 && !only_params(b, py_field(n, PYF_arguments)))
                b->bindings.items[at].flags |= SSOT_BF_COMPUTED_WRITE;
        }
        if (py_is(fn, "attribute") && py_is_mutator(b->c, py_field(fn, PYF_attribute))) {
            ft_node obj = py_field(fn, PYF_object), args = py_field(n, PYF_arguments);
            ft_node first = ft_is_null(args) || !ft_named_child_count(args)
                                ? NULL : ft_named_child(args, 0);
            ft_node key = root_key(obj);
            bool keyed = py_text_is(b->c, py_field(fn, PYF_attribute), "setdefault") ||
                         py_text_is(b->c, py_field(fn, PYF_attribute), "pop");
            mutated(b, subscript_root(obj), key ? key : keyed ? first : NULL, args, n);
        }
    } else if (py_is(n, "identifier")) {
        /* a name, not the attribute of `x.name` nor a keyword `name=` */
        ft_node p = ft_parent(n);
        if ((py_is(p, "attribute") && ft_eq(py_field(p, PYF_attribute), n)) ||
            (py_is(p, "keyword_argument") && ft_eq(py_field(p, PYF_name), n)) ||
            py_is(p, "global_statement"))
            return;
        int32_t at = binding_of(b, n);
        if (at >= 0)
            b->bindings.items[at].flags |= element_use(b, n);
        if (at >= 0 && b->scope.handler && !b->bindings.items[at].handler) {
            b->bindings.items[at].handler = b->scope.symbol;
            b->bindings.items[at].flags |= SSOT_BF_HANDLER_READ;
        }
    }
}

/* Only a scope that touches a module binding's name needs its own names: they may
 * shadow the binding. */
static void fill_locals(mod_builder *b)
{
    b->locals_ready = true;
    if (!b->scope.function)
        return;
    param_locals(b, b->scope.node);
    ft_node body = py_field(b->scope.node, PYF_body);
    if (!ft_is_null(body))
        py_each_node(body, true, locals_node, b);
}

static void walk_scope(mod_builder *b, scope_item s)
{
    b->scope = s;
    b->locals.count = b->globals.count = b->touched.count = b->request_params.count = 0;
    b->locals_ready = b->request_ready = false;
    ft_node body = s.symbol ? py_field(s.node, PYF_body) : s.node;
    if (!ft_is_null(body))
        py_each_node(body, true, scope_node, b);
}

/* A setter: `def _set_client(): global _client; _client = Client()` called as `if _client
 * is None: _set_client()` takes the guard of its caller. */
static void guarded_setters(mod_builder *b)
{
    for (size_t i = 0; i < b->writes.count; i++) {
        ssot_global_write *w = &b->writes.items[i];
        if (w->guard || strchr(w->function, '.'))
            continue;
        for (size_t k = 0; k < b->plain_calls.count && !w->guard; k++) {
            ft_node call = b->plain_calls.items[k];
            if (py_text_is(b->c, py_field(call, PYF_function), w->function))
                w->guard = guard_of(b->c, call, b->plain_call_scopes.items[k], w->name);
        }
    }
}

/* ---- module-level statements ---- */

static bool is_main_guard(py_ctx *c, ft_node cond)
{
    cond = py_unparen(cond);
    if (!py_is(cond, "comparison_operator"))
        return false;
    const char *t = py_compact(c, cond);
    return !strcmp(t, "__name__==\"__main__\"") || !strcmp(t, "__name__=='__main__'") ||
           !strcmp(t, "\"__main__\"==__name__") || !strcmp(t, "'__main__'==__name__");
}

static bool is_type_checking(py_ctx *c, ft_node cond)
{
    const char *d = py_dotted(c, py_unparen(cond));
    return d && !strcmp(ssot_last_segment(d), "TYPE_CHECKING");
}

static bool only_defaulted(ft_node def)
{
    ft_node params = py_field(def, PYF_parameters);
    uint32_t n = ft_is_null(params) ? 0 : ft_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        ft_node p = ft_named_child(params, i);
        if (!py_is(p, "default_parameter") && !py_is(p, "typed_default_parameter") &&
            !py_is(p, "keyword_separator") && !py_is(p, "positional_separator") &&
            !py_is(p, "comment"))
            return false;
    }
    return true;
}

typedef struct return_scan {
    py_ctx *c;
    const char *returned_call;  /* callee of the first `return Call(...)` */
    py_strings returned_names;  /* names returned */
    py_strings names, callees;  /* `name = Call(...)` in step */
} return_scan;

static void return_node(void *ctx, ft_node n)
{
    return_scan *s = ctx;
    if (py_is(n, "return_statement") && ft_named_child_count(n) > 0) {
        ft_node v = py_unparen(ft_named_child(n, 0));
        if (py_is(v, "call") && !s->returned_call)
            s->returned_call = py_callee(s->c, v);
        else if (py_is(v, "identifier"))
            SSOT_VEC_PUSH(&s->returned_names, py_text(s->c, v));
    } else if (py_is(n, "assignment")) {
        ft_node left = py_field(n, PYF_left), v = py_unparen(py_assigned_value(n));
        const char *callee = py_is(v, "call") ? py_callee(s->c, v) : NULL;
        if (py_is(left, "identifier") && callee) {
            SSOT_VEC_PUSH(&s->names, py_text(s->c, left));
            SSOT_VEC_PUSH(&s->callees, callee);
        }
    }
}

static const char *returned_callee(py_ctx *c, ft_node body)
{
    return_scan s = {.c = c};
    py_each_node(body, true, return_node, &s);
    const char *out = s.returned_call;
    for (size_t i = 0; !out && i < s.returned_names.count; i++)
        for (size_t k = 0; !out && k < s.names.count; k++)
            if (!strcmp(s.names.items[k], s.returned_names.items[i]))
                out = s.callees.items[k];
    free(s.returned_names.items);
    free(s.names.items);
    free(s.callees.items);
    return out;
}

static void module_function(mod_builder *b, ft_node def, ft_node decorated)
{
    py_ctx *c = b->c;
    ssot_module_fn fn = {0};
    ft_node name = py_field(def, PYF_name);
    fn.name = py_text(c, name);
    fn.loc = py_loc(c, def);
    fn.loc.span = py_span(c, name);
    fn.decorators = py_decorator_list(c, decorated, &fn.decorator_count);
    fn.only_defaulted = only_defaulted(def);
    bool maybe_cached = false;
    for (size_t i = 0; i < fn.decorator_count; i++) {
        const char *last = ssot_last_segment(fn.decorators[i]);
        if (is_handler_decorator(fn.decorators[i]))
            fn.handler = true;
        if (!strcmp(last, "lru_cache") || !strcmp(last, "cache"))
            maybe_cached = true;
    }
    /* what it returns matters only to cached factories: other bodies are not read */
    ft_node body = py_field(def, PYF_body);
    if (maybe_cached && !ft_is_null(body))
        fn.returns_as_written = returned_callee(c, body);
    SSOT_VEC_PUSH(&b->fns, fn);
}

static void add_binding(mod_builder *b, ft_node stmt, ft_node assignment, uint32_t flags)
{
    py_ctx *c = b->c;
    ft_node left = py_field(assignment, PYF_left), right = py_assigned_value(assignment);
    if (!py_is(left, "identifier") || ft_is_null(right))
        return;
    const char *name = py_text(c, left);
    size_t seen;
    ssot_strmap_get(b->binding_by_name, name, &seen);
    if (seen)
        return;
    ssot_binding bd = {0};
    bd.name = name;
    bd.loc = py_loc(c, stmt);
    bd.loc.span = py_span(c, left);
    bd.kind = value_kind(c, right, &bd.as_written);
    bd.flags = flags;
    ft_node lit = py_unparen(right);
    if ((py_is(lit, "dictionary") || py_is(lit, "list") || py_is(lit, "set")) &&
        ft_named_child_count(lit) > 0)
        bd.flags |= SSOT_BF_IMPORT_FILLED;
    ssot_strmap_add(b->binding_by_name, name, (uint32_t)b->bindings.count);
    SSOT_VEC_PUSH(&b->bindings, bd);
}

/* `REG.register(...)`, `REG.append(...)`, `REG[k] = v` in the module body: the module fills
 * the object at import time. */
static void import_filled(mod_builder *b, ft_node e)
{
    ft_node target = NULL;
    if (py_is(e, "call")) {
        ft_node fn = py_field(e, PYF_function);
        if (py_is(fn, "attribute"))
            target = py_field(fn, PYF_object);
    } else if (py_is(e, "assignment") && py_is(py_unparen(py_field(e, PYF_left)), "subscript")) {
        target = subscript_root(py_field(e, PYF_left));
    }
    target = py_unparen(target);
    if (!py_is(target, "identifier"))
        return;
    size_t n;
    const uint32_t *v = ssot_strmap_get(b->binding_by_name, py_text(b->c, target), &n);
    if (n)
        b->bindings.items[v[0]].flags |= SSOT_BF_IMPORT_FILLED;
}

/* Module level, and inside top-level if/try/with blocks. */
static void module_block(mod_builder *b, ft_node block, uint32_t flags, int depth)
{
    py_ctx *c = b->c;
    if (depth > 8)
        return;
    uint32_t n = ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        ft_node stmt = ft_named_child(block, i);
        const char *t = ft_type(stmt);
        if (!strcmp(t, "expression_statement")) {
            ft_node e = ft_named_child(stmt, 0);
            if (py_is(e, "assignment"))
                add_binding(b, stmt, e, flags);
            import_filled(b, e);
        } else if (py_is(stmt, "function_definition")) {
            if (!(flags & SSOT_BF_MAIN_GUARD))
                module_function(b, stmt, NULL);
        } else if (py_is(stmt, "decorated_definition")) {
            ft_node d = py_field(stmt, PYF_definition);
            if (py_is(d, "function_definition") && !(flags & SSOT_BF_MAIN_GUARD))
                module_function(b, d, stmt);
        } else if (py_is(stmt, "if_statement")) {
            ft_node cond = py_field(stmt, PYF_condition);
            uint32_t inner = flags;
            if (is_main_guard(c, cond)) {
                inner |= SSOT_BF_MAIN_GUARD;
                if (depth == 0)
                    c->facts->main_guard = true;
            } else if (is_type_checking(c, cond)) {
                inner |= SSOT_BF_TYPE_CHECKING;
            }
            module_block(b, py_field(stmt, PYF_consequence), inner, depth + 1);
            uint32_t k = ft_named_child_count(stmt);
            for (uint32_t j = 0; j < k; j++) {
                ft_node alt = ft_named_child(stmt, j);
                if (py_is(alt, "elif_clause"))
                    module_block(b, py_field(alt, PYF_consequence), flags, depth + 1);
                else if (py_is(alt, "else_clause"))
                    module_block(b, py_field(alt, PYF_body), flags, depth + 1);
            }
        } else if (py_is(stmt, "try_statement") || py_is(stmt, "with_statement") ||
                   py_is(stmt, "block") || py_is(stmt, "except_clause") ||
                   py_is(stmt, "else_clause") || py_is(stmt, "finally_clause")) {
            module_block(b, stmt, flags, depth + 1);
        }
    }
}


/* Does the module import (absolutely) a top-level package among `names`? */
static bool imports_any(const mod_builder *b, const char *const *names)
{
    for (size_t i = 0; i < b->imports.count; i++) {
        const ssot_import *im = &b->imports.items[i].imp;
        char top[32];
        size_t n = strcspn(im->module, ".");
        if (im->module[0] == '.' || n >= sizeof(top))
            continue;
        memcpy(top, im->module, n);
        top[n] = '\0';
        if (py_str_in(top, names))
            return true;
    }
    return false;
}

/* A command-line or developer tool: it imports a CLI or test framework and handles no
 * request (RULES.md "SG": such scripts run for one user). */
static bool is_tool(const mod_builder *b)
{
    static const char *const tools[] = {
        "argparse", "optparse", "getopt", "click", "typer", "fire", "docopt", "pytest",
        "_pytest", "unittest", "doctest", NULL,
    };
    return !b->has_handler && imports_any(b, tools);
}

/* Does the file serve requests: a request handler, or an import of a web framework? */
static bool serves_requests(const mod_builder *b)
{
    static const char *const frameworks[] = {
        "fastapi", "flask", "starlette", "django", "rest_framework", "quart", "sanic",
        "tornado", "falcon", "pyramid", "bottle", "litestar", "aiohttp", "channels",
        "socketio", "websockets", NULL,
    };
    return b->has_handler || imports_any(b, frameworks);
}

/* The imports found, into the facts; frees the builder's import lists. */
static void store_imports(mod_builder *b)
{
    ssot_facts *f = b->c->facts;
    f->imports = ssot_arena_alloc(b->c->arena, (b->imports.count + 1) * sizeof(*f->imports));
    for (size_t i = 0; i < b->imports.count; i++)
        f->imports[i] = b->imports.items[i].imp;
    f->import_count = b->imports.count;
    ssot_import_writes_store(&b->import_writes, f, b->c->arena);
    free(b->imports.items);
    free(b->module_imports.items);
}

void py_module_state(py_ctx *c, ft_node root)
{
    mod_builder b = {0};
    b.c = c;
    b.binding_by_name = ssot_strmap_new();
    b.uses = ssot_strmap_new();
    module_block(&b, root, 0, 0);

    scope_item module = {root, NULL, false, false};
    SSOT_VEC_PUSH(&b.work, module);
    for (size_t i = 0; i < b.work.count; i++)
        walk_scope(&b, b.work.items[i]);

    guarded_setters(&b);
    for (size_t i = 0; i < b.bindings.count; i++)
        b.bindings.items[i].callee = qualify(&b, b.bindings.items[i].as_written);
    for (size_t i = 0; i < b.writes.count; i++)
        b.writes.items[i].callee = qualify(&b, b.writes.items[i].as_written);
    for (size_t i = 0; i < b.fns.count; i++) {
        ssot_module_fn *fn = &b.fns.items[i];
        fn->returns = qualify(&b, fn->returns_as_written);
        for (size_t k = 0; k < fn->decorator_count; k++) {
            const char *q = qualify(&b, fn->decorators[k]);
            if (!strcmp(q, "functools.lru_cache") || !strcmp(q, "functools.cache"))
                fn->cached = true;
        }
    }

    ssot_facts *f = c->facts;
    f->tool = is_tool(&b);
    f->serves = serves_requests(&b);
    PY_MOVE_TO_ARENA(c->arena, b.bindings, f->bindings, f->binding_count);
    PY_MOVE_TO_ARENA(c->arena, b.fns, f->module_fns, f->module_fn_count);
    PY_MOVE_TO_ARENA(c->arena, b.writes, f->global_writes, f->global_write_count);
    store_imports(&b);
    free(b.work.items);
    free(b.locals.items);
    free(b.globals.items);
    free(b.touched.items);
    free(b.request_params.items);
    free(b.plain_calls.items);
    free(b.plain_call_scopes.items);
    free(b.import_time.items);
    ssot_strmap_free(b.binding_by_name);
    ssot_strmap_free(b.uses);
}

/* Test files: only the module-level imports (also inside top-level if/try/with blocks) and
 * the `m.NAME` uses of modules imported there, for the SS002 policy rule. One walk of the
 * module block; the attribute walk runs only when a module itself is imported. */
static void import_block(mod_builder *b, ft_node block, int depth)
{
    if (depth > 8)
        return;
    uint32_t n = ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        ft_node stmt = ft_named_child(block, i);
        if (py_is(stmt, "import_statement") || py_is(stmt, "import_from_statement"))
            record_import(b, stmt);
        else if (py_is(stmt, "if_statement"))
            import_block(b, stmt, depth + 1);
        else if (py_is(stmt, "elif_clause") || py_is(stmt, "else_clause"))
            import_block(b, py_field(stmt, py_is(stmt, "elif_clause") ? PYF_consequence : PYF_body),
                         depth + 1);
        else if (py_is(stmt, "try_statement") || py_is(stmt, "with_statement") ||
                 py_is(stmt, "block") || py_is(stmt, "except_clause") ||
                 py_is(stmt, "finally_clause"))
            import_block(b, stmt, depth + 1);
    }
}

static void attribute_node(void *ctx, ft_node n)
{
    if (py_is(n, "attribute"))
        record_attribute_use(ctx, n);
}

void py_module_imports(py_ctx *c, ft_node root)
{
    mod_builder b = {0};
    b.c = c;
    b.uses = ssot_strmap_new();
    import_block(&b, root, 0);
    if (b.module_imports.count)
        py_each_node(root, false, attribute_node, &b);
    store_imports(&b);
    ssot_strmap_free(b.uses);
}
