/* analyzer/frontend/python/python_class.c - the SG facts of one class: decorators, metaclass,
 * the frozen/enum/NamedTuple/singleton flags, the `self.*` names its methods (outside
 * `__init__`) write or mutate, and the class attribute that caches its one instance. */
#include "analyzer/frontend/python/python_state.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyzer/facts/assertions.h"

static const char *first_param(py_ctx *c, ft_node def)
{
    ft_node params = py_field(def, PYF_parameters);
    uint32_t n = ft_is_null(params) ? 0 : ft_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        ft_node p = ft_named_child(params, i);
        if (py_is(p, "typed_parameter") || py_is(p, "default_parameter") ||
            py_is(p, "typed_default_parameter"))
            p = py_is(p, "typed_parameter") ? ft_named_child(p, 0) : py_field(p, PYF_name);
        return py_is(p, "identifier") ? py_text(c, p) : NULL;
    }
    return NULL;
}

/* `self.x`, `self.x[k]`, `self.x.y`, `self.x[k].y`: the node naming `x`, else null. */
static ft_node self_attr_root(py_ctx *c, ft_node n, const char *self)
{
    for (int i = 0; i < PY_MAX_CHAIN; i++) {
        n = py_unparen(n);
        if (py_is(n, "subscript")) {
            n = py_field(n, PYF_value);
        } else if (py_is(n, "attribute")) {
            ft_node o = py_unparen(py_field(n, PYF_object));
            if (py_is(o, "identifier") && py_text_is(c, o, self))
                return py_field(n, PYF_attribute);
            n = o;
        } else {
            break;
        }
    }
    return NULL;
}

static void add_unique(py_ctx *c, py_strings *list, ft_node name)
{
    for (size_t i = 0; i < list->count; i++)
        if (py_text_is(c, name, list->items[i]))
            return;
    SSOT_VEC_PUSH(list, py_text(c, name));
}

typedef struct self_writes {
    py_ctx *c;
    const char *self;
    ft_node method;
    py_strings *writes, *write_methods; /* attribute and writing method, in step */
    py_strings params;          /* the method's request-scoped parameters */
    const char *method_name;
    const char **request;       /* the class's first request-scoped write */
    const char **request_method; /* ... and its method */
    ft_node value;              /* the data of the write being looked at */
} self_writes;

/* Does the condition test that `self.name` is not set yet: `self.x is None`, `not self.x`,
 * `not hasattr(self, "x")`, alone or inside `and`/`or`? */
static bool tests_unset(self_writes *w, ft_node cond, const char *name)
{
    char is_none[160], falsy[160], has1[160], has2[160];
    snprintf(is_none, sizeof(is_none), "%s.%sisNone", w->self, name);
    snprintf(falsy, sizeof(falsy), "not%s.%s", w->self, name);
    snprintf(has1, sizeof(has1), "hasattr(%s,'%s')", w->self, name);
    snprintf(has2, sizeof(has2), "hasattr(%s,\"%s\")", w->self, name);
    const char *t = py_compact(w->c, cond);
    return strstr(t, is_none) || strstr(t, falsy) || strstr(t, has1) || strstr(t, has2);
}

/* `self.x = compute()` under `if self.x is None:`: a value computed once and memoised, not
 * state a caller changes. */
static bool memoised(self_writes *w, ft_node target, const char *name)
{
    ft_node child = target;
    for (int i = 0; i < SSOT_MAX_NESTING; i++) {
        ft_node p = ft_parent(child);
        if (ft_is_null(p) || ft_eq(p, w->method))
            break;
        if ((py_is(p, "if_statement") || py_is(p, "elif_clause")) &&
            ft_eq(py_field(p, PYF_consequence), child) &&
            tests_unset(w, py_field(p, PYF_condition), name))
            return true;
        child = p;
    }
    return false;
}

/* One entry per attribute and writing method. */
static void add_write(self_writes *w, ft_node name)
{
    for (size_t i = 0; i < w->writes->count; i++)
        if (py_text_is(w->c, name, w->writes->items[i]) &&
            !strcmp(w->write_methods->items[i], w->method_name))
            return;
    SSOT_VEC_PUSH(w->writes, py_text(w->c, name));
    SSOT_VEC_PUSH(w->write_methods, w->method_name);
}

static void self_write_target(void *ctx, ft_node t)
{
    self_writes *w = ctx;
    ft_node name = self_attr_root(w->c, t, w->self);
    if (ft_is_null(name))
        return;
    char buf[128];
    /* only a whole-attribute assignment can be a memo: `self.x[k] = v` changes `x` */
    if (py_is(py_unparen(t), "attribute") && py_text_copy(w->c, name, buf, sizeof(buf)) &&
        memoised(w, t, buf))
        return;
    add_write(w, name);
    if (*w->request)
        return;
    const char *v = NULL;
    for (ft_node k = py_unparen(t); !v && py_is(k, "subscript"); k = py_unparen(py_field(k, PYF_value)))
        v = py_request_value(w->c, py_field(k, PYF_subscript), &w->params);
    if (!v)
        v = py_request_value(w->c, w->value, &w->params);
    if (v) {
        *w->request = ssot_arena_printf(w->c->arena, "`%s()` stores `%s` in `%s`", w->method_name,
                                        v, py_text(w->c, name));
        *w->request_method = w->method_name;
    }
}

static void self_write_node(void *ctx, ft_node n)
{
    self_writes *w = ctx;
    py_target_fn f = {self_write_target, w};
    w->value = NULL;
    if (py_is(n, "assignment") || py_is(n, "augmented_assignment")) {
        w->value = py_is(n, "assignment") ? py_assigned_value(n) : py_field(n, PYF_right);
        py_each_target(py_field(n, PYF_left), f, 0);
    } else if (py_is(n, "delete_statement")) {
        py_each_target(ft_named_child(n, 0), f, 0);
    } else if (py_is(n, "call")) {
        ft_node fnode = py_field(n, PYF_function);
        if (py_is(fnode, "attribute") && py_is_mutator(w->c, py_field(fnode, PYF_attribute))) {
            w->value = py_field(n, PYF_arguments);
            self_write_target(w, py_field(fnode, PYF_object));
        }
    }
}

/* ---- composed objects and callbacks ---- */

typedef struct member_scan {
    py_ctx *c;
    const char *self;
    py_strings *names, *callees;   /* `self.NAME = Callee(...)` in `__init__` */
    py_strings *used;              /* NAMEs whose methods other methods call */
    py_strings *callbacks;         /* NAMEs whose elements are called: hook points */
    py_strings *init_attrs;        /* `self.NAME = ...` in `__init__` */
} member_scan;

/* `self.NAME` itself: the node naming NAME, else null. */
static ft_node self_member(py_ctx *c, ft_node n, const char *self)
{
    n = py_unparen(n);
    if (!py_is(n, "attribute"))
        return NULL;
    ft_node o = py_unparen(py_field(n, PYF_object));
    return py_is(o, "identifier") && py_text_is(c, o, self) ? py_field(n, PYF_attribute) : NULL;
}

static void init_member_node(void *ctx, ft_node n)
{
    member_scan *s = ctx;
    if (!py_is(n, "assignment"))
        return;
    ft_node name = self_member(s->c, py_field(n, PYF_left), s->self);
    if (!ft_is_null(name))
        add_unique(s->c, s->init_attrs, name);
    ft_node v = py_unparen(py_assigned_value(n));
    const char *callee = py_is(v, "call") ? py_callee(s->c, v) : NULL;
    if (!ft_is_null(name) && callee) {
        SSOT_VEC_PUSH(s->names, py_text(s->c, name));
        SSOT_VEC_PUSH(s->callees, callee);
    }
}

/* `x(...)` somewhere below `body`, `x` being the text of `var`. */
typedef struct called_scan {
    py_ctx *c;
    const char *var;
    bool found;
} called_scan;

static void called_node(void *ctx, ft_node n)
{
    called_scan *s = ctx;
    if (py_is(n, "call")) {
        ft_node f = py_unparen(py_field(n, PYF_function));
        if (py_is(f, "identifier") && py_text_is(s->c, f, s->var))
            s->found = true;
    }
}

static void method_member_node(void *ctx, ft_node n)
{
    member_scan *s = ctx;
    if (py_is(n, "call")) {
        /* `self.cache.put(k, v)`: the composed object changes itself */
        ft_node f = py_field(n, PYF_function);
        if (!py_is(f, "attribute"))
            return;
        ft_node name = self_member(s->c, py_field(f, PYF_object), s->self);
        if (!ft_is_null(name))
            add_unique(s->c, s->used, name);
    } else if (py_is(n, "for_statement")) {
        /* `for fn in self._receivers: fn(...)`: the attribute holds callbacks to run */
        ft_node it = py_unparen(py_field(n, PYF_right)), var = py_field(n, PYF_left);
        if (py_is(it, "call")) {
            ft_node f = py_field(it, PYF_function), args = py_field(it, PYF_arguments);
            if (py_is(f, "attribute"))
                it = py_field(f, PYF_object);
            else if (!ft_is_null(args) && ft_named_child_count(args) == 1)
                it = ft_named_child(args, 0);
        }
        ft_node name = self_member(s->c, it, s->self);
        if (ft_is_null(name) || !py_is(var, "identifier"))
            return;
        called_scan cs = {s->c, py_text(s->c, var), false};
        py_each_node(py_field(n, PYF_body), true, called_node, &cs);
        if (cs.found)
            add_unique(s->c, s->callbacks, name);
    }
}

/* Does a method named `name` delegate to the base's method of that name:
 * `super().name(...)`, `super(Cls, self).name(...)`, `Base.name(self, ...)`? */
typedef struct delegate_scan {
    py_ctx *c;
    const char *name;
    const ssot_class *k;
    bool found;
} delegate_scan;

static void delegate_node(void *ctx, ft_node n)
{
    delegate_scan *s = ctx;
    if (s->found || !py_is(n, "call"))
        return;
    ft_node f = py_unparen(py_field(n, PYF_function));
    if (!py_is(f, "attribute") || !py_text_is(s->c, py_field(f, PYF_attribute), s->name))
        return;
    ft_node o = py_unparen(py_field(f, PYF_object));
    if (py_is(o, "call")) {
        ft_node sf = py_field(o, PYF_function);
        s->found = py_is(sf, "identifier") && py_text_is(s->c, sf, "super");
        return;
    }
    const char *d = py_dotted(s->c, o);
    for (size_t i = 0; d && i < s->k->base_count && !s->found; i++)
        s->found = !strcmp(ssot_last_segment(d), ssot_last_segment(s->k->bases[i]));
}

/* The list, copied into the arena (never NULL); frees the vector. */
static const char **py_strings_to_arena(py_ctx *c, py_strings *list, size_t *count)
{
    const char **out = ssot_arena_alloc(c->arena, (list->count + 1) * sizeof(char *));
    if (list->count)
        memcpy(out, list->items, list->count * sizeof(char *));
    *count = list->count;
    free(list->items);
    list->items = NULL;
    return out;
}

/* Methods whose writes on self are not state a caller can change: they set the instance
 * up, or memoise a value derived from it (`__hash__` caching `self._hash`, `__getattr__`
 * creating an attribute on first use), or implement attribute assignment itself. */
static bool is_init_like(const char *name)
{
    static const char *const names[] = {
        "__init__", "__new__", "__post_init__", "__init_subclass__", "__set_name__",
        "__setstate__", "__copy__", "__deepcopy__", "__class_getitem__", "__hash__",
        "__repr__", "__str__", "__format__", "__bool__", "__len__", "__eq__", "__ne__",
        "__lt__", "__le__", "__gt__", "__ge__", "__reduce__", "__reduce_ex__", "__getstate__",
        "__sizeof__", "__dir__", "__getattr__", "__setattr__", "__delattr__", NULL,
    };
    return py_str_in(name, names);
}

/* A new instance: `cls(...)`, `Name(...)`, `super().__new__(cls)`, `object.__new__(cls)`,
 * `super().__call__(*args)`. */
static bool is_new_instance(py_ctx *c, ft_node v, const char *cls, const char *class_name)
{
    v = py_unparen(v);
    if (!py_is(v, "call"))
        return false;
    ft_node f = py_field(v, PYF_function);
    if (py_is(f, "identifier"))
        return (cls && py_text_is(c, f, cls)) || py_text_is(c, f, class_name);
    if (py_is(f, "attribute")) {
        ft_node a = py_field(f, PYF_attribute);
        return py_text_is(c, a, "__new__") || py_text_is(c, a, "__call__");
    }
    return false;
}

/* `cls.A`, `Name.A`, `cls.A[key]`: the node naming `A`, else null. */
static ft_node class_attr_target(py_ctx *c, ft_node t, const char *cls, const char *class_name)
{
    t = py_unparen(t);
    if (py_is(t, "subscript"))
        t = py_unparen(py_field(t, PYF_value));
    if (!py_is(t, "attribute"))
        return NULL;
    ft_node o = py_unparen(py_field(t, PYF_object));
    if (py_is(o, "identifier") && ((cls && py_text_is(c, o, cls)) || py_text_is(c, o, class_name)))
        return py_field(t, PYF_attribute);
    return NULL;
}

typedef struct instance_scan {
    py_ctx *c;
    const char *cls, *class_name;
    ft_node attr, at;   /* the class attribute assigned a new instance, and the assignment */
    py_strings returns; /* compact text of returned values */
} instance_scan;

static void instance_node(void *ctx, ft_node n)
{
    instance_scan *s = ctx;
    if (py_is(n, "assignment") && ft_is_null(s->attr)) {
        ft_node left = py_field(n, PYF_left);
        for (int i = 0; i < PY_MAX_CHAIN && !ft_is_null(left); i++) {
            ft_node a = class_attr_target(s->c, left, s->cls, s->class_name);
            if (!ft_is_null(a) && is_new_instance(s->c, py_assigned_value(n), s->cls,
                                                       s->class_name)) {
                s->attr = a;
                s->at = n;
                break;
            }
            /* `cls._it = it = object.__new__(cls)` */
            ft_node right = py_field(n, PYF_right);
            if (!py_is(right, "assignment"))
                break;
            n = right;
            left = py_field(n, PYF_left);
        }
    } else if (py_is(n, "return_statement") && ft_named_child_count(n) > 0) {
        SSOT_VEC_PUSH(&s->returns, py_compact(s->c, ft_named_child(n, 0)));
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

static bool has_decorator(py_ctx *c, ft_node decorated, const char *last)
{
    size_t n;
    const char **list = py_decorator_list(c, decorated, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ssot_last_segment(list[i]), last))
            return true;
    return false;
}

static void class_flags(py_ctx *c, ft_node def, ft_node decorated, ssot_class *k)
{
    static const char *const enums[] = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag",
                                        "ReprEnum", NULL};
    ssot_class_state *st = ssot_class_state_own(k, c->arena);
    for (size_t i = 0; i < st->decorator_count; i++) {
        const char *last = ssot_last_segment(st->decorators[i]);
        if (!strcmp(last, "singleton"))
            k->flags |= SSOT_KF_SINGLETON_DECORATOR;
        if (!strcmp(last, "frozen"))
            k->flags |= SSOT_KF_FROZEN;
    }
    uint32_t n = ft_is_null(decorated) ? 0 : ft_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = ft_named_child(decorated, i), call;
        if (!py_is(d, "decorator") || !py_decorator_dotted(c, d, &call) || ft_is_null(call))
            continue;
        ft_node frozen = py_call_kwarg(c, call, "frozen");
        if (!ft_is_null(frozen) && py_constant_truth(c, frozen, 0) == 1)
            k->flags |= SSOT_KF_FROZEN;
    }
    for (size_t i = 0; i < k->base_count; i++) {
        const char *last = ssot_last_segment(k->bases[i]);
        if (py_str_in(last, enums))
            k->flags |= SSOT_KF_ENUM;
        if (!strcmp(last, "NamedTuple"))
            k->flags |= SSOT_KF_NAMEDTUPLE;
    }
    ft_node supers = py_field(def, PYF_superclasses);
    n = ft_is_null(supers) ? 0 : ft_named_child_count(supers);
    for (uint32_t i = 0; i < n; i++) {
        ft_node b = ft_named_child(supers, i);
        if (py_is(b, "call")) {
            const char *callee = py_callee(c, b);
            if (callee && !strcmp(ssot_last_segment(callee), "namedtuple"))
                k->flags |= SSOT_KF_NAMEDTUPLE;
        } else if (py_is(b, "keyword_argument") && py_text_is(c, py_field(b, PYF_name), "metaclass")) {
            st->metaclass = py_dotted(c, py_field(b, PYF_value));
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

void py_class_state(py_ctx *c, ft_node def, ft_node decorated, ssot_class *k)
{
    ssot_class_state *st = ssot_class_state_own(k, c->arena);
    st->decorators = py_decorator_list(c, decorated, &st->decorator_count);
    class_flags(c, def, decorated, k);
    /* the SG rules judge service code: test classes keep their flags, not their writes */
    if (c->facts->role != SSOT_ROLE_SERVICE)
        return;
    ft_node body = py_field(def, PYF_body);
    uint32_t m = ft_is_null(body) ? 0 : ft_named_child_count(body);
    py_strings writes = {0}, write_methods = {0}, names = {0}, callees = {0}, used = {0},
               callbacks = {0}, replaces = {0}, init_attrs = {0};
    member_scan ms = {c, NULL, &names, &callees, &used, &callbacks, &init_attrs};
    ft_node init = NULL;
    const char *init_self = NULL;
    for (uint32_t i = 0; i < m; i++) {
        ft_node stmt = ft_named_child(body, i), d = stmt, dec = {0};
        if (py_is(stmt, "decorated_definition")) {
            dec = stmt;
            d = py_field(stmt, PYF_definition);
        }
        if (!py_is(d, "function_definition"))
            continue;
        const char *name = py_text(c, py_field(d, PYF_name));
        ft_node fbody = py_field(d, PYF_body);
        if (ft_is_null(fbody))
            continue;
        delegate_scan ds = {c, name, k, false};
        py_each_node(fbody, true, delegate_node, &ds);
        if (!ds.found)
            SSOT_VEC_PUSH(&replaces, name);
        bool is_static = has_decorator(c, dec, "staticmethod");
        bool is_class = has_decorator(c, dec, "classmethod");
        const char *first = is_static ? NULL : first_param(c, d);
        /* a property getter computes a value; what it stores is a memo of it */
        bool getter =
            has_decorator(c, dec, "property") || has_decorator(c, dec, "cached_property");
        if (!is_static && !is_class && first && !strcmp(name, "__init__")) {
            init = d;
            init_self = first;
            ms.self = first;
            py_each_node(fbody, false, init_member_node, &ms);
        }
        if (!is_static && !is_class && !getter && first && !is_init_like(name)) {
            self_writes w = {.c = c, .self = first, .method = d, .writes = &writes,
                             .write_methods = &write_methods, .method_name = name,
                             .request = &st->request,
                             .request_method = &st->request_method};
            py_request_params(c, d, false, true, &w.params);
            py_each_node(fbody, false, self_write_node, &w);
            free(w.params.items);
            ms.self = first;
            py_each_node(fbody, false, method_member_node, &ms);
        }
        bool candidate = !strcmp(name, "__new__") || !strcmp(name, "__call__") || is_static ||
                         is_class;
        if (!candidate || st->instance_attr)
            continue;
        instance_scan s = {.c = c, .cls = first, .class_name = k->name};
        py_each_node(fbody, true, instance_node, &s);
        if (!ft_is_null(s.attr)) {
            const char *attr = py_text(c, s.attr);
            if (returns_attr(&s, attr)) {
                st->instance_attr = attr;
                st->instance_method = name;
                st->instance_loc = py_loc(c, s.at);
                if (!strcmp(name, "__call__") && is_metaclass(k))
                    k->flags |= SSOT_KF_CACHING_META;
            }
        }
        free(s.returns.items);
    }
    /* `__new__` hands out one instance, so what `__init__` sets is shared too (and reset by
       every `Cls()` call) */
    if (init && st->instance_method && !strcmp(st->instance_method, "__new__")) {
        self_writes w = {.c = c, .self = init_self, .method = init, .writes = &writes,
                         .write_methods = &write_methods, .method_name = "__init__",
                         .request = &st->request,
                         .request_method = &st->request_method};
        py_request_params(c, init, false, true, &w.params);
        py_each_node(py_field(init, PYF_body), false, self_write_node, &w);
        free(w.params.items);
    }
    /* hook points: a list of callbacks that methods run is not per-user state */
    size_t kept = 0;
    for (size_t i = 0; i < writes.count; i++) {
        bool drop = false;
        for (size_t j = 0; j < callbacks.count && !drop; j++)
            drop = !strcmp(writes.items[i], callbacks.items[j]);
        if (drop)
            continue;
        write_methods.items[kept] = write_methods.items[i];
        writes.items[kept++] = writes.items[i];
    }
    writes.count = write_methods.count = kept;
    st->replaces = py_strings_to_arena(c, &replaces, &st->replace_count);
    st->init_attrs = py_strings_to_arena(c, &init_attrs, &st->init_attr_count);
    size_t nc = 0;
    st->composed = ssot_arena_alloc(c->arena, (names.count + 1) * sizeof(char *));
    st->composed_callees = ssot_arena_alloc(c->arena, (names.count + 1) * sizeof(char *));
    for (size_t i = 0; i < names.count; i++) {
        bool is_used = false;
        for (size_t j = 0; j < used.count && !is_used; j++)
            is_used = !strcmp(used.items[j], names.items[i]);
        if (!is_used)
            continue;
        st->composed[nc] = names.items[i];
        st->composed_callees[nc++] = callees.items[i];
    }
    st->composed_count = nc;
    free(names.items);
    free(callees.items);
    free(used.items);
    free(callbacks.items);
    st->write_methods = py_strings_to_arena(c, &write_methods, &st->write_count);
    st->writes = py_strings_to_arena(c, &writes, &st->write_count);
}
