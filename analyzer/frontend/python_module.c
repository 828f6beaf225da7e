/* analyzer/frontend/python_module.c - module- and class-level state for the SG rules.
 * Reads module bindings and what they hold, imports and module-attribute uses, module
 * functions (decorators, defaulted parameters, what they return), `global` writes and their
 * guards, containers mutated in functions, reads in request handlers, and per class what
 * its methods write on `self`. Function bodies are scanned with tree cursors. */
#include "analyzer/frontend/python_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyzer/assertions.h"
#include "analyzer/strmap.h"

enum { MAX_CHAIN = 64 };

static bool text_is(py_ctx *c, TSNode n, const char *s)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    size_t len = strlen(s);
    return b - a == len && memcmp(c->src + a, s, len) == 0;
}

/* Copy a short node text (an identifier) into `buf`; false when it does not fit. */
static bool text_copy(py_ctx *c, TSNode n, char *buf, size_t size)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b - a + 1 > size)
        return false;
    memcpy(buf, c->src + a, b - a);
    buf[b - a] = '\0';
    return true;
}

static bool str_in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

/* Methods that change a list, dict, set or deque in place. */
static const char *const mutators[] = {
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault",
    "add", "discard", "appendleft", "extendleft", "popleft", "rotate", "sort", "reverse",
    "difference_update", "intersection_update", "symmetric_difference_update", "__setitem__",
    "__delitem__", NULL,
};

static bool is_mutator(py_ctx *c, TSNode ident)
{
    char buf[64];
    return text_copy(c, ident, buf, sizeof(buf)) && str_in(buf, mutators);
}

/* ---- values ---- */

static ssot_value_kind value_kind(py_ctx *c, TSNode v, const char **callee)
{
    static const char *const container_types[] = {
        "dictionary", "list", "set", "dictionary_comprehension", "list_comprehension",
        "set_comprehension", NULL,
    };
    static const char *const container_calls[] = {
        "dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray",
        NULL,
    };
    *callee = NULL;
    v = py_unparen(v);
    if (ts_node_is_null(v))
        return SSOT_VALUE_OTHER;
    if (str_in(ts_node_type(v), container_types)) {
        /* the type, for messages: `{}` is a dict */
        const char *t = ts_node_type(v);
        *callee = !strncmp(t, "dictionary", 10) ? "dict" : !strncmp(t, "list", 4) ? "list" : "set";
        return SSOT_VALUE_CONTAINER;
    }
    if (py_is(v, "call")) {
        *callee = py_callee(c, v);
        if (*callee && str_in(ssot_last_segment(*callee), container_calls))
            return SSOT_VALUE_CONTAINER;
        return SSOT_VALUE_CALL;
    }
    if (py_is_literal(v))
        return SSOT_VALUE_LITERAL;
    if (py_is(v, "tuple")) {
        uint32_t n = ts_node_named_child_count(v);
        for (uint32_t i = 0; i < n; i++)
            if (!py_is_literal(ts_node_named_child(v, i)))
                return SSOT_VALUE_OTHER;
        return SSOT_VALUE_LITERAL;
    }
    return SSOT_VALUE_OTHER;
}

/* The right-hand side of `a = b = value`. */
static TSNode assigned_value(TSNode assignment)
{
    TSNode v = py_field(assignment, "right");
    for (int i = 0; i < MAX_CHAIN && py_is(v, "assignment"); i++)
        v = py_field(v, "right");
    return v;
}

/* ---- decorators ---- */

static const char *decorator_dotted(py_ctx *c, TSNode dec, TSNode *call)
{
    TSNode e = ts_node_named_child(dec, 0);
    *call = (TSNode){0};
    if (py_is(e, "call")) {
        *call = e;
        return py_callee(c, e);
    }
    return py_dotted(c, e);
}

static const char **decorator_list(py_ctx *c, TSNode decorated, size_t *count)
{
    *count = 0;
    if (ts_node_is_null(decorated))
        return NULL;
    uint32_t n = ts_node_named_child_count(decorated);
    const char **out = ssot_arena_alloc(c->arena, (n + 1) * sizeof(*out));
    for (uint32_t i = 0; i < n; i++) {
        TSNode d = ts_node_named_child(decorated, i), call;
        if (!py_is(d, "decorator"))
            continue;
        const char *name = decorator_dotted(c, d, &call);
        if (name)
            out[(*count)++] = name;
    }
    return out;
}

/* `@app.get(...)`, `@router.post`, `@app.websocket`, `@bp.route`: a request handler. */
static bool is_handler_decorator(const char *dotted)
{
    static const char *const verbs[] = {
        "get", "post", "put", "patch", "delete", "head", "options", "trace", "websocket",
        "route", "api_route", "websocket_route", NULL,
    };
    return strchr(dotted, '.') && str_in(ssot_last_segment(dotted), verbs);
}

/* ---- classes ---- */

static const char *first_param(py_ctx *c, TSNode def)
{
    TSNode params = py_field(def, "parameters");
    uint32_t n = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (py_is(p, "typed_parameter") || py_is(p, "default_parameter") ||
            py_is(p, "typed_default_parameter"))
            p = py_is(p, "typed_parameter") ? ts_node_named_child(p, 0) : py_field(p, "name");
        return py_is(p, "identifier") ? py_text(c, p) : NULL;
    }
    return NULL;
}

/* `self.x`, `self.x[k]`, `self.x.y`, `self.x[k].y`: the node naming `x`, else null. */
static TSNode self_attr_root(py_ctx *c, TSNode n, const char *self)
{
    for (int i = 0; i < MAX_CHAIN; i++) {
        n = py_unparen(n);
        if (py_is(n, "subscript")) {
            n = py_field(n, "value");
        } else if (py_is(n, "attribute")) {
            TSNode o = py_unparen(py_field(n, "object"));
            if (py_is(o, "identifier") && text_is(c, o, self))
                return py_field(n, "attribute");
            n = o;
        } else {
            break;
        }
    }
    return (TSNode){0};
}

static void add_unique(py_ctx *c, py_strings *list, TSNode name)
{
    for (size_t i = 0; i < list->count; i++)
        if (text_is(c, name, list->items[i]))
            return;
    SSOT_VEC_PUSH(list, py_text(c, name));
}

/* Call `fn(ctx, node)` on every node below `root`; `skip_defs` leaves nested function and
 * class bodies out. */
typedef void (*node_fn)(void *ctx, TSNode n);

static void each_node(TSNode root, bool skip_defs, node_fn fn, void *ctx)
{
    TSTreeCursor cur = ts_tree_cursor_new(root);
    if (!ts_tree_cursor_goto_first_child(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
    }
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        bool descend = ts_node_child_count(n) > 0;
        if (ts_node_is_named(n)) {
            fn(ctx, n);
            if (skip_defs && (py_is(n, "function_definition") || py_is(n, "class_definition")))
                descend = false;
        }
        if (descend && ts_tree_cursor_goto_first_child(&cur))
            continue;
        bool moved = false;
        while (!moved) {
            if (ts_tree_cursor_goto_next_sibling(&cur)) {
                moved = true;
            } else if (!ts_tree_cursor_goto_parent(&cur) ||
                       ts_node_eq(ts_tree_cursor_current_node(&cur), root)) {
                break;
            }
        }
        if (!moved)
            break;
    }
    ts_tree_cursor_delete(&cur);
}

typedef struct target_fn {
    void (*fn)(void *ctx, TSNode target);
    void *ctx;
} target_fn;

/* Each assignment target in `t`: names, attributes, subscripts, tuple elements. */
static void each_target(TSNode t, target_fn f, int depth)
{
    t = py_unparen(t);
    if (depth > 16 || ts_node_is_null(t))
        return;
    if (py_is(t, "pattern_list") || py_is(t, "tuple_pattern") || py_is(t, "list_pattern") ||
        py_is(t, "tuple") || py_is(t, "list") || py_is(t, "expression_list")) {
        uint32_t n = ts_node_named_child_count(t);
        for (uint32_t i = 0; i < n; i++)
            each_target(ts_node_named_child(t, i), f, depth + 1);
        return;
    }
    if (py_is(t, "list_splat_pattern") || py_is(t, "list_splat")) {
        each_target(ts_node_named_child(t, 0), f, depth + 1);
        return;
    }
    f.fn(f.ctx, t);
}

typedef struct self_writes {
    py_ctx *c;
    const char *self;
    py_strings *writes;
} self_writes;

static void self_write_target(void *ctx, TSNode t)
{
    self_writes *w = ctx;
    TSNode name = self_attr_root(w->c, t, w->self);
    if (!ts_node_is_null(name))
        add_unique(w->c, w->writes, name);
}

static void self_write_node(void *ctx, TSNode n)
{
    self_writes *w = ctx;
    target_fn f = {self_write_target, w};
    if (py_is(n, "assignment") || py_is(n, "augmented_assignment")) {
        each_target(py_field(n, "left"), f, 0);
    } else if (py_is(n, "delete_statement")) {
        each_target(ts_node_named_child(n, 0), f, 0);
    } else if (py_is(n, "call")) {
        TSNode fnode = py_field(n, "function");
        if (py_is(fnode, "attribute") && is_mutator(w->c, py_field(fnode, "attribute")))
            self_write_target(w, py_field(fnode, "object"));
    }
}

/* Methods that set an instance up rather than change it later. */
static bool is_init_like(const char *name)
{
    static const char *const names[] = {
        "__init__", "__new__", "__post_init__", "__init_subclass__", "__set_name__",
        "__setstate__", "__copy__", "__deepcopy__", "__class_getitem__", NULL,
    };
    return str_in(name, names);
}

/* A new instance: `cls(...)`, `Name(...)`, `super().__new__(cls)`, `object.__new__(cls)`,
 * `super().__call__(*args)`. */
static bool is_new_instance(py_ctx *c, TSNode v, const char *cls, const char *class_name)
{
    v = py_unparen(v);
    if (!py_is(v, "call"))
        return false;
    TSNode f = py_field(v, "function");
    if (py_is(f, "identifier"))
        return (cls && text_is(c, f, cls)) || text_is(c, f, class_name);
    if (py_is(f, "attribute")) {
        TSNode a = py_field(f, "attribute");
        return text_is(c, a, "__new__") || text_is(c, a, "__call__");
    }
    return false;
}

/* `cls.A`, `Name.A`, `cls.A[key]`: the node naming `A`, else null. */
static TSNode class_attr_target(py_ctx *c, TSNode t, const char *cls, const char *class_name)
{
    t = py_unparen(t);
    if (py_is(t, "subscript"))
        t = py_unparen(py_field(t, "value"));
    if (!py_is(t, "attribute"))
        return (TSNode){0};
    TSNode o = py_unparen(py_field(t, "object"));
    if (py_is(o, "identifier") && ((cls && text_is(c, o, cls)) || text_is(c, o, class_name)))
        return py_field(t, "attribute");
    return (TSNode){0};
}

typedef struct instance_scan {
    py_ctx *c;
    const char *cls, *class_name;
    TSNode attr, at;   /* the class attribute assigned a new instance, and the assignment */
    py_strings returns; /* compact text of returned values */
} instance_scan;

static void instance_node(void *ctx, TSNode n)
{
    instance_scan *s = ctx;
    if (py_is(n, "assignment") && ts_node_is_null(s->attr)) {
        TSNode left = py_field(n, "left");
        for (int i = 0; i < MAX_CHAIN && !ts_node_is_null(left); i++) {
            TSNode a = class_attr_target(s->c, left, s->cls, s->class_name);
            if (!ts_node_is_null(a) && is_new_instance(s->c, assigned_value(n), s->cls,
                                                       s->class_name)) {
                s->attr = a;
                s->at = n;
                break;
            }
            /* `cls._it = it = object.__new__(cls)` */
            TSNode right = py_field(n, "right");
            if (!py_is(right, "assignment"))
                break;
            n = right;
            left = py_field(n, "left");
        }
    } else if (py_is(n, "return_statement") && ts_node_named_child_count(n) > 0) {
        SSOT_VEC_PUSH(&s->returns, py_compact(s->c, ts_node_named_child(n, 0)));
    }
}

static bool returns_attr(const instance_scan *s, const char *attr)
{
    size_t len = strlen(attr);
    for (size_t i = 0; i < s->returns.count; i++) {
        const char *r = s->returns.items[i], *p = r;
        while ((p = strstr(p, attr)) != NULL) {
            char after = p[len];
            bool word_end = !(after == '_' || (after >= '0' && after <= '9') ||
                              ((after | 32) >= 'a' && (after | 32) <= 'z'));
            if (word_end && (p == r || p[-1] == '.'))
                return true;
            p += len;
        }
        /* `return it` after `cls._it = it = object.__new__(cls)` */
    }
    return false;
}

static bool has_decorator(py_ctx *c, TSNode decorated, const char *last)
{
    size_t n;
    const char **list = decorator_list(c, decorated, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ssot_last_segment(list[i]), last))
            return true;
    return false;
}

static void class_flags(py_ctx *c, TSNode def, TSNode decorated, ssot_class *k)
{
    static const char *const enums[] = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag",
                                        "ReprEnum", NULL};
    for (size_t i = 0; i < k->state.decorator_count; i++) {
        const char *last = ssot_last_segment(k->state.decorators[i]);
        if (!strcmp(last, "singleton"))
            k->flags |= SSOT_KF_SINGLETON_DECORATOR;
        if (!strcmp(last, "frozen"))
            k->flags |= SSOT_KF_FROZEN;
    }
    uint32_t n = ts_node_is_null(decorated) ? 0 : ts_node_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        TSNode d = ts_node_named_child(decorated, i), call;
        if (!py_is(d, "decorator") || !decorator_dotted(c, d, &call) || ts_node_is_null(call))
            continue;
        TSNode frozen = py_call_kwarg(c, call, "frozen");
        if (!ts_node_is_null(frozen) && py_constant_truth(c, frozen, 0) == 1)
            k->flags |= SSOT_KF_FROZEN;
    }
    for (size_t i = 0; i < k->base_count; i++) {
        const char *last = ssot_last_segment(k->bases[i]);
        if (str_in(last, enums))
            k->flags |= SSOT_KF_ENUM;
        if (!strcmp(last, "NamedTuple"))
            k->flags |= SSOT_KF_NAMEDTUPLE;
    }
    TSNode supers = py_field(def, "superclasses");
    n = ts_node_is_null(supers) ? 0 : ts_node_named_child_count(supers);
    for (uint32_t i = 0; i < n; i++) {
        TSNode b = ts_node_named_child(supers, i);
        if (py_is(b, "call")) {
            const char *callee = py_callee(c, b);
            if (callee && !strcmp(ssot_last_segment(callee), "namedtuple"))
                k->flags |= SSOT_KF_NAMEDTUPLE;
        } else if (py_is(b, "keyword_argument") && text_is(c, py_field(b, "name"), "metaclass")) {
            k->state.metaclass = py_dotted(c, py_field(b, "value"));
        }
    }
}

static bool is_metaclass(const ssot_class *k)
{
    for (size_t i = 0; i < k->base_count; i++) {
        const char *last = ssot_last_segment(k->bases[i]);
        size_t n = strlen(last);
        if (!strcmp(last, "type") || (n >= 4 && !strcmp(last + n - 4, "Meta")))
            return true;
    }
    return false;
}

void py_class_state(py_ctx *c, TSNode def, TSNode decorated, ssot_class *k)
{
    k->state.decorators = decorator_list(c, decorated, &k->state.decorator_count);
    class_flags(c, def, decorated, k);
    /* the SG rules judge service code: test classes keep their flags, not their writes */
    if (c->facts->role != SSOT_ROLE_SERVICE)
        return;
    TSNode body = py_field(def, "body");
    uint32_t m = ts_node_is_null(body) ? 0 : ts_node_named_child_count(body);
    py_strings writes = {0};
    for (uint32_t i = 0; i < m; i++) {
        TSNode stmt = ts_node_named_child(body, i), d = stmt, dec = {0};
        if (py_is(stmt, "decorated_definition")) {
            dec = stmt;
            d = py_field(stmt, "definition");
        }
        if (!py_is(d, "function_definition"))
            continue;
        const char *name = py_text(c, py_field(d, "name"));
        TSNode fbody = py_field(d, "body");
        if (ts_node_is_null(fbody))
            continue;
        bool is_static = has_decorator(c, dec, "staticmethod");
        bool is_class = has_decorator(c, dec, "classmethod");
        const char *first = is_static ? NULL : first_param(c, d);
        if (!is_static && !is_class && first && !is_init_like(name)) {
            self_writes w = {c, first, &writes};
            each_node(fbody, false, self_write_node, &w);
        }
        bool candidate = !strcmp(name, "__new__") || !strcmp(name, "__call__") || is_static ||
                         is_class;
        if (!candidate || k->state.instance_attr)
            continue;
        instance_scan s = {.c = c, .cls = first, .class_name = k->name};
        each_node(fbody, true, instance_node, &s);
        if (!ts_node_is_null(s.attr)) {
            const char *attr = py_text(c, s.attr);
            if (returns_attr(&s, attr)) {
                k->state.instance_attr = attr;
                k->state.instance_method = name;
                k->state.instance_loc = py_loc(c, s.at);
                if (!strcmp(name, "__call__") && is_metaclass(k))
                    k->flags |= SSOT_KF_CACHING_META;
            }
        }
        free(s.returns.items);
    }
    k->state.writes = ssot_arena_alloc(c->arena, writes.count * sizeof(char *));
    if (writes.count)
        memcpy(k->state.writes, writes.items, writes.count * sizeof(char *));
    k->state.write_count = writes.count;
    free(writes.items);
}

/* ---- the module ---- */

typedef struct py_import_entry {
    ssot_import imp;
    bool aliased;    /* `import a.b as m` */
} py_import_entry;

typedef struct scope_item {
    TSNode node;         /* function_definition, class_definition, or the module */
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
    SSOT_VEC(uint32_t) module_imports; /* indexes of `import m` entries */
    ssot_strmap *uses;                 /* `module\x01name` of recorded attribute uses */
    SSOT_VEC(scope_item) work;
    py_strings import_time;            /* functions the module body itself calls */
    /* the function scope being walked */
    scope_item scope;
    py_strings locals, globals;
    bool locals_ready;                 /* `locals` is filled on first need */
    SSOT_VEC(uint32_t) touched;        /* bindings mutated by this scope */
} mod_builder;

static bool list_has(py_ctx *c, const py_strings *list, TSNode name)
{
    for (size_t i = 0; i < list->count; i++)
        if (text_is(c, name, list->items[i]))
            return true;
    return false;
}

static void fill_locals(mod_builder *b);

/* The module binding a name refers to in the current function scope, or -1. */
static int32_t binding_of(mod_builder *b, TSNode ident)
{
    char buf[128];
    if (!py_is(ident, "identifier") || !text_copy(b->c, ident, buf, sizeof(buf)))
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

static void add_import(mod_builder *b, const char *module, const char *name, const char *local,
                       bool aliased)
{
    py_import_entry e = {{module, name, local}, aliased};
    if (!name && local)
        SSOT_VEC_PUSH(&b->module_imports, (uint32_t)b->imports.count);
    SSOT_VEC_PUSH(&b->imports, e);
}

static void record_import(mod_builder *b, TSNode stmt)
{
    py_ctx *c = b->c;
    uint32_t n = ts_node_named_child_count(stmt);
    if (py_is(stmt, "import_statement")) {
        for (uint32_t i = 0; i < n; i++) {
            TSNode x = ts_node_named_child(stmt, i);
            if (py_is(x, "dotted_name")) {
                const char *m = py_compact(c, x);
                const char *dot = strchr(m, '.');
                add_import(b, m, NULL, dot ? ssot_arena_strndup(c->arena, m, (size_t)(dot - m)) : m,
                           false);
            } else if (py_is(x, "aliased_import")) {
                add_import(b, py_compact(c, py_field(x, "name")), NULL,
                           py_text(c, py_field(x, "alias")), true);
            }
        }
        return;
    }
    TSNode module = py_field(stmt, "module_name");
    if (ts_node_is_null(module))
        return;
    const char *m = py_compact(c, module);
    for (uint32_t i = 0; i < n; i++) {
        TSNode x = ts_node_named_child(stmt, i);
        if (ts_node_eq(x, module))
            continue;
        if (py_is(x, "dotted_name")) {
            const char *name = py_compact(c, x);
            add_import(b, m, name, name, false);
        } else if (py_is(x, "aliased_import")) {
            add_import(b, m, py_compact(c, py_field(x, "name")), py_text(c, py_field(x, "alias")),
                       true);
        }
    }
}

/* `m.NAME` where `m` is an imported module: record that NAME of that module is used. */
static void record_attribute_use(mod_builder *b, TSNode attr)
{
    py_ctx *c = b->c;
    TSNode o = py_field(attr, "object");
    if (!py_is(o, "identifier"))
        return;
    const py_import_entry *hit = NULL;
    for (size_t i = 0; i < b->module_imports.count && !hit; i++) {
        const py_import_entry *e = &b->imports.items[b->module_imports.items[i]];
        if (text_is(c, o, e->imp.local))
            hit = e;
    }
    if (!hit)
        return;
    char name[128];
    const char *module = hit->imp.module;
    if (!hit->aliased && strchr(module, '.')) {
        /* `import a.b` binds `a`: the used name follows the whole module path, `a.b.NAME` */
        TSNode top = attr;
        for (int i = 0; i < MAX_CHAIN; i++) {
            TSNode p = ts_node_parent(top);
            if (!py_is(p, "attribute") || !ts_node_eq(py_field(p, "object"), top))
                break;
            top = p;
        }
        const char *chain = py_dotted(c, top), *rest;
        size_t ml = strlen(module);
        if (!chain)
            return;
        if (!strncmp(chain, module, ml) && chain[ml] == '.') {
            rest = chain + ml;
        } else {
            module = hit->imp.local;
            rest = strchr(chain, '.');
        }
        if (!rest || !rest[1])
            return;
        size_t n = strcspn(rest + 1, ".");
        if (n >= sizeof(name))
            return;
        memcpy(name, rest + 1, n);
        name[n] = '\0';
    } else if (!text_copy(c, py_field(attr, "attribute"), name, sizeof(name))) {
        return;
    }
    char key[512];
    if ((size_t)snprintf(key, sizeof(key), "%s\x01%s", module, name) >= sizeof(key))
        return;
    size_t seen;
    ssot_strmap_get(b->uses, key, &seen);
    if (seen)
        return;
    ssot_strmap_add(b->uses, ssot_arena_strdup(c->arena, key), 0);
    add_import(b, module, ssot_arena_strdup(c->arena, name), NULL, false);
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

static void local_target(void *ctx, TSNode t)
{
    mod_builder *b = ctx;
    if (py_is(t, "identifier"))
        SSOT_VEC_PUSH(&b->locals, py_text(b->c, t));
}

static void param_locals(mod_builder *b, TSNode def)
{
    TSNode params = py_field(def, "parameters");
    uint32_t n = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (py_is(p, "default_parameter") || py_is(p, "typed_default_parameter"))
            p = py_field(p, "name");
        else if (py_is(p, "typed_parameter"))
            p = ts_node_named_child(p, 0);
        if (py_is(p, "list_splat_pattern") || py_is(p, "dictionary_splat_pattern"))
            p = ts_node_named_child(p, 0);
        if (py_is(p, "identifier"))
            SSOT_VEC_PUSH(&b->locals, py_text(b->c, p));
    }
}

/* The names a function binds itself (parameters, assignment targets, loop variables,
 * `as` targets, imports, nested definitions). */
static void locals_node(void *ctx, TSNode n)
{
    mod_builder *b = ctx;
    target_fn f = {local_target, b};
    if (py_is(n, "assignment") || py_is(n, "augmented_assignment") ||
               py_is(n, "for_statement") || py_is(n, "for_in_clause")) {
        each_target(py_field(n, "left"), f, 0);
    } else if (py_is(n, "as_pattern_target") || py_is(n, "named_expression")) {
        TSNode t = py_is(n, "named_expression") ? py_field(n, "name") : ts_node_named_child(n, 0);
        each_target(t, f, 0);
    } else if (py_is(n, "function_definition") || py_is(n, "class_definition")) {
        local_target(b, py_field(n, "name"));
    } else if (py_is(n, "aliased_import")) {
        local_target(b, py_field(n, "alias"));
    } else if (py_is(n, "import_statement") || py_is(n, "import_from_statement")) {
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode x = ts_node_named_child(n, i);
            if (py_is(x, "dotted_name") && !ts_node_eq(x, py_field(n, "module_name")))
                local_target(b, ts_node_named_child(x, 0));
        }
    }
}

/* `x[k]`, `x[k][j]`: the identifier at the root of subscripts. */
static TSNode subscript_root(TSNode n)
{
    for (int i = 0; i < MAX_CHAIN; i++) {
        n = py_unparen(n);
        if (!py_is(n, "subscript"))
            return n;
        n = py_field(n, "value");
    }
    return (TSNode){0};
}

static void mutated(mod_builder *b, TSNode root)
{
    int32_t at = binding_of(b, root);
    if (at < 0)
        return;
    /* a helper the module body calls to fill its own table (`def_op(...)` at import time) */
    for (size_t i = 0; i < b->import_time.count; i++)
        if (!strcmp(b->import_time.items[i], b->scope.symbol))
            return;
    for (size_t i = 0; i < b->touched.count; i++)
        if (b->touched.items[i] == (uint32_t)at)
            return;
    SSOT_VEC_PUSH(&b->touched, (uint32_t)at);
    ssot_binding *bd = &b->bindings.items[at];
    if (!bd->writer)
        bd->writer = b->scope.symbol;
    bd->writer_count++;
}

static void mutation_target(void *ctx, TSNode t)
{
    if (py_is(t, "subscript"))
        mutated(ctx, subscript_root(t));
}

/* `if NAME is None`, `if not NAME`, possibly inside `or`/`and`. */
static ssot_guard condition_guard(py_ctx *c, TSNode cond, const char *name, int depth)
{
    cond = py_unparen(cond);
    if (depth > 4 || ts_node_is_null(cond))
        return SSOT_GUARD_NONE;
    if (py_is(cond, "not_operator")) {
        TSNode arg = py_unparen(py_field(cond, "argument"));
        return py_is(arg, "identifier") && text_is(c, arg, name) ? SSOT_GUARD_NOT
                                                                 : SSOT_GUARD_NONE;
    }
    if (py_is(cond, "boolean_operator")) {
        ssot_guard g = condition_guard(c, py_field(cond, "left"), name, depth + 1);
        return g ? g : condition_guard(c, py_field(cond, "right"), name, depth + 1);
    }
    if (py_is(cond, "comparison_operator")) {
        const char *t = py_compact(c, cond);
        size_t n = strlen(name);
        if (!strncmp(t, name, n) && (!strcmp(t + n, "isNone") || !strcmp(t + n, "==None")))
            return SSOT_GUARD_IS_NONE;
    }
    return SSOT_GUARD_NONE;
}

static ssot_guard guard_of(py_ctx *c, TSNode n, TSNode fn, const char *name)
{
    TSNode child = n;
    for (int i = 0; i < SSOT_MAX_NESTING; i++) {
        TSNode p = ts_node_parent(child);
        if (ts_node_is_null(p) || ts_node_eq(p, fn))
            break;
        if ((py_is(p, "if_statement") || py_is(p, "elif_clause")) &&
            ts_node_eq(py_field(p, "consequence"), child)) {
            ssot_guard g = condition_guard(c, py_field(p, "condition"), name, 0);
            if (g)
                return g;
        }
        child = p;
    }
    return SSOT_GUARD_NONE;
}

static void global_write(mod_builder *b, TSNode assignment)
{
    py_ctx *c = b->c;
    TSNode left = py_field(assignment, "left");
    if (!py_is(left, "identifier") || !list_has(c, &b->globals, left))
        return;
    ssot_global_write w = {0};
    w.function = b->scope.symbol;
    w.name = py_text(c, left);
    w.loc = py_loc(c, assignment);
    w.kind = value_kind(c, assigned_value(assignment), &w.as_written);
    w.guard = guard_of(c, assignment, b->scope.node, w.name);
    SSOT_VEC_PUSH(&b->writes, w);
}

static void push_scope(mod_builder *b, TSNode def)
{
    const char *name = py_text(b->c, py_field(def, "name"));
    scope_item s = {def, name, py_is(def, "function_definition"), false};
    if (b->scope.symbol)
        s.symbol = ssot_arena_printf(b->c->arena, "%s.%s", b->scope.symbol, name);
    if (s.function && !b->scope.symbol) {
        TSNode p = ts_node_parent(def);
        size_t n;
        const char **decs = py_is(p, "decorated_definition") ? decorator_list(b->c, p, &n) : NULL;
        for (size_t i = 0; decs && i < n; i++)
            if (is_handler_decorator(decs[i]))
                s.handler = true;
    }
    SSOT_VEC_PUSH(&b->work, s);
}

/* Pass 2, every scope: imports, module-attribute uses, nested scopes; in functions also
 * global writes, mutated module containers and, in handlers, module names read. */
static void scope_node(void *ctx, TSNode n)
{
    mod_builder *b = ctx;
    const char *t = ts_node_type(n);
    /* most nodes are none of these: the first letter rules them out cheaply */
    if (!strchr("acdfgi", t[0]))
        return;
    if (!strcmp(t, "global_statement") && b->scope.function) {
        /* Python requires `global` before any use of the name in the function */
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++)
            if (py_is(ts_node_named_child(n, i), "identifier"))
                SSOT_VEC_PUSH(&b->globals, py_text(b->c, ts_node_named_child(n, i)));
        return;
    }
    if (!strcmp(t, "import_statement") || !strcmp(t, "import_from_statement")) {
        record_import(b, n);
        return;
    }
    if (!strcmp(t, "attribute")) {
        if (b->module_imports.count)
            record_attribute_use(b, n);
    } else if (!strcmp(t, "function_definition") || !strcmp(t, "class_definition")) {
        push_scope(b, n);
        return;
    }
    if (!b->scope.symbol && !strcmp(t, "call")) {
        TSNode fn = py_field(n, "function");
        if (py_is(fn, "identifier"))
            SSOT_VEC_PUSH(&b->import_time, py_text(b->c, fn));
    }
    if (!b->scope.function)
        return;
    target_fn f = {mutation_target, b};
    if (!strcmp(t, "assignment")) {
        global_write(b, n);
        each_target(py_field(n, "left"), f, 0);
    } else if (!strcmp(t, "augmented_assignment")) {
        TSNode left = py_field(n, "left");
        if (py_is(left, "identifier") && list_has(b->c, &b->globals, left))
            mutated(b, left);
        else
            each_target(left, f, 0);
    } else if (!strcmp(t, "delete_statement")) {
        each_target(ts_node_named_child(n, 0), f, 0);
    } else if (!strcmp(t, "call")) {
        TSNode fn = py_field(n, "function");
        if (py_is(fn, "attribute") && is_mutator(b->c, py_field(fn, "attribute")))
            mutated(b, subscript_root(py_field(fn, "object")));
    } else if (!strcmp(t, "identifier") && b->scope.handler) {
        /* a name, not the attribute of `x.name` nor a keyword `name=` */
        TSNode p = ts_node_parent(n);
        if ((py_is(p, "attribute") && ts_node_eq(py_field(p, "attribute"), n)) ||
            (py_is(p, "keyword_argument") && ts_node_eq(py_field(p, "name"), n)))
            return;
        int32_t at = binding_of(b, n);
        if (at >= 0 && !b->bindings.items[at].handler) {
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
    TSNode body = py_field(b->scope.node, "body");
    if (!ts_node_is_null(body))
        each_node(body, true, locals_node, b);
}

static void walk_scope(mod_builder *b, scope_item s)
{
    b->scope = s;
    b->locals.count = b->globals.count = b->touched.count = 0;
    b->locals_ready = false;
    TSNode body = s.symbol ? py_field(s.node, "body") : s.node;
    if (!ts_node_is_null(body))
        each_node(body, true, scope_node, b);
}

/* ---- module-level statements ---- */

static bool is_main_guard(py_ctx *c, TSNode cond)
{
    cond = py_unparen(cond);
    if (!py_is(cond, "comparison_operator"))
        return false;
    const char *t = py_compact(c, cond);
    return !strcmp(t, "__name__==\"__main__\"") || !strcmp(t, "__name__=='__main__'") ||
           !strcmp(t, "\"__main__\"==__name__") || !strcmp(t, "'__main__'==__name__");
}

static bool is_type_checking(py_ctx *c, TSNode cond)
{
    const char *d = py_dotted(c, py_unparen(cond));
    return d && !strcmp(ssot_last_segment(d), "TYPE_CHECKING");
}

static bool only_defaulted(TSNode def)
{
    TSNode params = py_field(def, "parameters");
    uint32_t n = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
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

static void return_node(void *ctx, TSNode n)
{
    return_scan *s = ctx;
    if (py_is(n, "return_statement") && ts_node_named_child_count(n) > 0) {
        TSNode v = py_unparen(ts_node_named_child(n, 0));
        if (py_is(v, "call") && !s->returned_call)
            s->returned_call = py_callee(s->c, v);
        else if (py_is(v, "identifier"))
            SSOT_VEC_PUSH(&s->returned_names, py_text(s->c, v));
    } else if (py_is(n, "assignment")) {
        TSNode left = py_field(n, "left"), v = py_unparen(assigned_value(n));
        const char *callee = py_is(v, "call") ? py_callee(s->c, v) : NULL;
        if (py_is(left, "identifier") && callee) {
            SSOT_VEC_PUSH(&s->names, py_text(s->c, left));
            SSOT_VEC_PUSH(&s->callees, callee);
        }
    }
}

static const char *returned_callee(py_ctx *c, TSNode body)
{
    return_scan s = {.c = c};
    each_node(body, true, return_node, &s);
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

static void module_function(mod_builder *b, TSNode def, TSNode decorated)
{
    py_ctx *c = b->c;
    ssot_module_fn fn = {0};
    TSNode name = py_field(def, "name");
    fn.name = py_text(c, name);
    fn.loc = py_loc(c, def);
    fn.loc.span = py_span(c, name);
    fn.decorators = decorator_list(c, decorated, &fn.decorator_count);
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
    TSNode body = py_field(def, "body");
    if (maybe_cached && !ts_node_is_null(body))
        fn.returns_as_written = returned_callee(c, body);
    SSOT_VEC_PUSH(&b->fns, fn);
}

static void add_binding(mod_builder *b, TSNode stmt, TSNode assignment, uint32_t flags)
{
    py_ctx *c = b->c;
    TSNode left = py_field(assignment, "left"), right = assigned_value(assignment);
    if (!py_is(left, "identifier") || ts_node_is_null(right))
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
    ssot_strmap_add(b->binding_by_name, name, (uint32_t)b->bindings.count);
    SSOT_VEC_PUSH(&b->bindings, bd);
}

/* Module level, and inside top-level if/try/with blocks. */
static void module_block(mod_builder *b, TSNode block, uint32_t flags, int depth)
{
    py_ctx *c = b->c;
    if (depth > 8)
        return;
    uint32_t n = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        TSNode stmt = ts_node_named_child(block, i);
        const char *t = ts_node_type(stmt);
        if (!strcmp(t, "expression_statement")) {
            TSNode e = ts_node_named_child(stmt, 0);
            if (py_is(e, "assignment"))
                add_binding(b, stmt, e, flags);
        } else if (!strcmp(t, "function_definition")) {
            if (!(flags & SSOT_BF_MAIN_GUARD))
                module_function(b, stmt, (TSNode){0});
        } else if (!strcmp(t, "decorated_definition")) {
            TSNode d = py_field(stmt, "definition");
            if (py_is(d, "function_definition") && !(flags & SSOT_BF_MAIN_GUARD))
                module_function(b, d, stmt);
        } else if (!strcmp(t, "if_statement")) {
            TSNode cond = py_field(stmt, "condition");
            uint32_t inner = flags;
            if (is_main_guard(c, cond)) {
                inner |= SSOT_BF_MAIN_GUARD;
                if (depth == 0)
                    c->facts->main_guard = true;
            } else if (is_type_checking(c, cond)) {
                inner |= SSOT_BF_TYPE_CHECKING;
            }
            module_block(b, py_field(stmt, "consequence"), inner, depth + 1);
            uint32_t k = ts_node_named_child_count(stmt);
            for (uint32_t j = 0; j < k; j++) {
                TSNode alt = ts_node_named_child(stmt, j);
                if (py_is(alt, "elif_clause"))
                    module_block(b, py_field(alt, "consequence"), flags, depth + 1);
                else if (py_is(alt, "else_clause"))
                    module_block(b, py_field(alt, "body"), flags, depth + 1);
            }
        } else if (!strcmp(t, "try_statement") || !strcmp(t, "with_statement") ||
                   !strcmp(t, "block") || !strcmp(t, "except_clause") ||
                   !strcmp(t, "else_clause") || !strcmp(t, "finally_clause")) {
            module_block(b, stmt, flags, depth + 1);
        }
    }
}

#define TO_ARENA(arena, vec, out, out_count)                                                       \
    do {                                                                                           \
        (out) = ssot_arena_alloc((arena), (vec).count * sizeof(*(vec).items) + 1);                 \
        if ((vec).count)                                                                           \
            memcpy((out), (vec).items, (vec).count * sizeof(*(vec).items));                        \
        (out_count) = (vec).count;                                                                 \
    } while (0)

void py_module_state(py_ctx *c, TSNode root)
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
    TO_ARENA(c->arena, b.bindings, f->bindings, f->binding_count);
    TO_ARENA(c->arena, b.fns, f->module_fns, f->module_fn_count);
    TO_ARENA(c->arena, b.writes, f->global_writes, f->global_write_count);
    f->imports = ssot_arena_alloc(c->arena, b.imports.count * sizeof(*f->imports) + 1);
    for (size_t i = 0; i < b.imports.count; i++)
        f->imports[i] = b.imports.items[i].imp;
    f->import_count = b.imports.count;

    free(b.bindings.items);
    free(b.fns.items);
    free(b.writes.items);
    free(b.imports.items);
    free(b.module_imports.items);
    free(b.work.items);
    free(b.locals.items);
    free(b.globals.items);
    free(b.touched.items);
    free(b.import_time.items);
    ssot_strmap_free(b.binding_by_name);
    ssot_strmap_free(b.uses);
}
