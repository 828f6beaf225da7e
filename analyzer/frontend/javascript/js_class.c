/* analyzer/frontend/javascript/js_class.c - the classes of a JavaScript/TypeScript service file
 * for the SG rules: bases, methods, the instance state methods other than the constructor
 * write (`this.x = `, `this.items.push(...)`), what the constructor sets up and composes,
 * a request-scoped value a method stores, and the static field a static accessor keeps the
 * one instance in (`static instance` + `getInstance()`). */
#include "analyzer/frontend/javascript/js_service.h"

#include <stdio.h>

#include "analyzer/facts/assertions.h"

typedef SSOT_VEC(ssot_class) class_vec;

typedef struct class_builder {
    js_ctx *c;
    const char *name;
    js_strings methods, writes, write_methods, init_attrs, composed, composed_callees;
    js_strings statics;          /* static fields */
    const char *method;          /* the method being walked */
    bool in_static, in_ctor;
    js_strings params;           /* the method's request-scoped parameters */
    ssot_class_state *st;
    js_node instance_assign;      /* `A.instance = new A()` in a static method */
    const char *instance_attr, *instance_method;
    js_strings calls_on;         /* `this.X` whose methods are called outside the constructor */
    const js_kinds *kinds;
} class_builder;

static bool has(const js_strings *v, const char *s)
{
    for (size_t i = 0; i < v->count; i++)
        if (!strcmp(v->items[i], s))
            return true;
    return false;
}

static bool is_static(js_node member)
{
    for (uint32_t i = 0; i < js_all_count(member); i++) {
        js_node k = js_all_child(member, i);
        if (!ft_is_named(k) && !strcmp(ft_type(k), "static"))
            return true;
        if (js_is(k, "property_identifier") || js_is(k, "private_property_identifier") ||
            js_is(k, "formal_parameters"))
            break;
    }
    return false;
}

static js_node member_name(js_node m)
{
    js_node n = js_field(m, "name");
    return ft_is_null(n) ? js_field(m, "property") : n;
}

/* `this.X...` written: X, else NULL. */
static const char *this_attr(js_ctx *c, js_node n)
{
    js_node prev = NULL;
    for (int i = 0; i < 16; i++) {
        n = js_unwrap(n);
        if (!js_is(n, "member_expression") && !js_is(n, "subscript_expression"))
            break;
        prev = n;
        n = js_field(n, "object");
    }
    if (!js_is(n, "this") || ft_is_null(prev) || !js_is(prev, "member_expression"))
        return NULL;
    return js_text(c, js_field(prev, "property"));
}

static const char *request_param(class_builder *b, js_node expr)
{
    if (ft_is_null(expr) || !b->params.count)
        return NULL;
    const char *hit = NULL;
    for (js_node n = expr, end = ft_skip(expr); n < end && !hit; n = ft_next(n))
        if (js_is(n, "identifier") || js_is(n, "shorthand_property_identifier"))
            for (size_t i = 0; i < b->params.count && !hit; i++)
                if (js_text_is(b->c, n, b->params.items[i]))
                    hit = b->params.items[i];
    return hit;
}

static void add_write(class_builder *b, const char *attr, js_node key, js_node value)
{
    js_ctx *c = b->c;
    if (b->in_ctor || b->in_static || !b->method)
        return;
    bool seen = false;
    for (size_t i = 0; i < b->writes.count; i++)
        if (!strcmp(b->writes.items[i], attr) && !strcmp(b->write_methods.items[i], b->method))
            seen = true;
    if (!seen) {
        SSOT_VEC_PUSH(&b->writes, attr);
        SSOT_VEC_PUSH(&b->write_methods, b->method);
    }
    if (!b->st->request) {
        const char *p = request_param(b, key);
        if (!p)
            p = request_param(b, value);
        if (p) {
            b->st->request = ssot_arena_printf(c->arena, "`%s()` stores `%s` in `%s`", b->method,
                                               p, attr);
            b->st->request_method = b->method;
        }
    }
}

/* `if (!this.x) this.x = ...`, `this.x ??= ...`: a value computed once, not state. */
static bool memoised(class_builder *b, js_node assign, const char *attr)
{
    js_ctx *c = b->c;
    js_node op = js_field(assign, "operator");
    if (js_is(assign, "augmented_assignment_expression") &&
        (js_text_is(c, op, "?\?=") || js_text_is(c, op, "||=")))
        return true;
    js_node n = assign;
    for (int i = 0; i < 6 && !ft_is_null(n); i++) {
        js_node parent = ft_parent(n);
        if (js_is(parent, "if_statement")) {
            const char *cond = js_text(c, js_field(parent, "condition"));
            const char *hit = strstr(cond, attr);
            return hit && (strchr(cond, '!') || strstr(cond, "null") || strstr(cond, "undefined"));
        }
        n = parent;
    }
    return false;
}

static bool is_self_class(class_builder *b, js_node n)
{
    n = js_unwrap(n);
    return js_is(n, "this") || (b->name && js_text_is(b->c, n, b->name));
}

/* `A.instance = new A()` / `this.instance = new this()` in a static method. */
static void static_assign(class_builder *b, js_node assign)
{
    js_ctx *c = b->c;
    js_node left = js_unwrap(js_field(assign, "left")), right = js_unwrap(js_field(assign, "right"));
    if (!js_is(left, "member_expression") || !is_self_class(b, js_field(left, "object")) ||
        !js_is(right, "new_expression") || !is_self_class(b, js_field(right, "constructor")))
        return;
    if (!b->instance_attr) {
        b->instance_attr = js_text(c, js_field(left, "property"));
        b->instance_method = b->method;
        b->instance_assign = assign;
    }
}

static bool method_node(void *ctx, js_node n)
{
    class_builder *b = ctx;
    js_ctx *c = b->c;
    js_kind kind = js_kind_of(b->kinds, n);
    if (kind == JK_OTHER || kind == JK_IDENTIFIER)
        return true;
    if (kind == JK_CLASS)
        return false; /* another class's `this` */
    if (kind == JK_FUNCTION && !js_is(n, "arrow_function"))
        return false; /* its own `this` */
    if (kind == JK_ASSIGN || kind == JK_AUG_ASSIGN) {
        if (b->in_static) {
            static_assign(b, n);
            return true;
        }
        js_node left = js_unwrap(js_field(n, "left"));
        const char *attr = this_attr(c, left);
        if (!attr)
            return true;
        if (b->in_ctor) {
            if (js_is(left, "member_expression") &&
                js_is(js_unwrap(js_field(left, "object")), "this")) {
                if (!has(&b->init_attrs, attr))
                    SSOT_VEC_PUSH(&b->init_attrs, attr);
                js_node v = js_unwrap(js_field(n, "right"));
                const char *callee = js_is(v, "new_expression")
                                         ? js_dotted(c, js_field(v, "constructor"))
                                         : NULL;
                if (callee && !has(&b->composed, attr)) {
                    SSOT_VEC_PUSH(&b->composed, attr);
                    SSOT_VEC_PUSH(&b->composed_callees, callee);
                }
            }
            return true;
        }
        if (memoised(b, n, attr))
            return true;
        js_node key = js_is(left, "subscript_expression") ? js_field(left, "index") : NULL;
        add_write(b, attr, key, js_field(n, "right"));
    } else if (kind == JK_UPDATE) {
        const char *attr = this_attr(c, js_field(n, "argument"));
        if (attr)
            add_write(b, attr, NULL, NULL);
    } else if (kind == JK_UNARY && js_text_is(c, js_field(n, "operator"), "delete")) {
        const char *attr = this_attr(c, js_field(n, "argument"));
        if (attr)
            add_write(b, attr, NULL, NULL);
    } else if (kind == JK_CALL && !b->in_static) {
        js_node fn = js_field(n, "function");
        if (!js_is(fn, "member_expression"))
            return true;
        js_node obj = js_unwrap(js_field(fn, "object"));
        const char *attr = this_attr(c, obj);
        if (!attr)
            return true;
        if (!b->in_ctor && js_is(obj, "member_expression") &&
            js_is(js_unwrap(js_field(obj, "object")), "this") && !has(&b->calls_on, attr))
            SSOT_VEC_PUSH(&b->calls_on, attr);
        js_node prop = js_field(fn, "property");
        uint32_t s = ft_start_byte(prop), e = ft_end_byte(prop);
        if (!js_is_mutator(c->src + s, e - s) || b->in_ctor)
            return true;
        js_node args = js_field(n, "arguments");
        uint32_t argc = js_count(args);
        add_write(b, attr, argc >= 2 ? js_child(args, 0) : NULL,
                  argc ? js_child(args, argc - 1) : NULL);
    }
    return true;
}

/* A static method or getter returning the static field: `return A.instance`. */
static bool returns_static(class_builder *b, js_node body, const char *attr)
{
    js_ctx *c = b->c;
    const char *t = js_text(c, body);
    char want1[160], want2[160];
    snprintf(want1, sizeof(want1), "%s.%s", b->name ? b->name : "", attr);
    snprintf(want2, sizeof(want2), "this.%s", attr);
    return strstr(t, "return") && (strstr(t, want1) || strstr(t, want2));
}

static void one_class(js_ctx *c, const js_kinds *kinds, js_node def, js_node name,
                      class_vec *out)
{
    ssot_class k = {0};
    class_builder b = {0};
    b.c = c;
    b.kinds = kinds;
    b.st = ssot_class_state_own(&k, c->arena);
    k.name = b.name = js_text(c, name);
    k.qualname = k.name;
    k.loc = js_loc(c, name);
    k.outer_index = -1;
    js_strings bases = {0};
    for (uint32_t i = 0; i < js_count(def); i++) {
        js_node h = js_child(def, i);
        if (!js_is(h, "class_heritage"))
            continue;
        for (uint32_t j = 0; j < js_count(h); j++) {
            js_node e = js_child(h, j);
            js_node v = js_is(e, "extends_clause") ? js_field(e, "value") : e;
            if (js_is(e, "implements_clause"))
                continue;
            const char *d = js_dotted(c, v);
            if (d)
                SSOT_VEC_PUSH(&bases, d);
        }
    }
    js_node body = js_field(def, "body");
    js_node eager = {0};
    for (uint32_t i = 0; i < js_count(body); i++) {
        js_node m = js_child(body, i);
        js_node mname = member_name(m);
        if (ft_is_null(mname))
            continue;
        const char *mn = js_text(c, mname);
        bool st = is_static(m);
        if (js_is(m, "method_definition")) {
            SSOT_VEC_PUSH(&b.methods, mn);
            b.method = mn;
            b.in_static = st;
            b.in_ctor = !strcmp(mn, "constructor");
            b.params.count = 0;
            js_strings all = {0};
            js_node plist = js_field(m, "parameters");
            for (uint32_t p = 0; p < js_count(plist); p++) {
                js_node pn = js_child(plist, p);
                js_node id = js_is(pn, "identifier") ? pn : js_field(pn, "pattern");
                if (js_is(id, "identifier")) {
                    const char *pname = js_text(c, id);
                    SSOT_VEC_PUSH(&all, pname);
                    if (js_request_word(pname))
                        SSOT_VEC_PUSH(&b.params, pname);
                }
            }
            free(all.items);
            js_node mb = js_field(m, "body");
            if (!ft_is_null(mb))
                js_each_node(mb, method_node, &b);
        } else if (js_is(m, "field_definition") || js_is(m, "public_field_definition")) {
            js_node v = js_unwrap(js_field(m, "value"));
            if (st) {
                SSOT_VEC_PUSH(&b.statics, mn);
                if (js_is(v, "new_expression") && is_self_class(&b, js_field(v, "constructor")))
                    eager = m;
            } else {
                SSOT_VEC_PUSH(&b.init_attrs, mn);
                const char *callee = js_is(v, "new_expression")
                                         ? js_dotted(c, js_field(v, "constructor"))
                                         : NULL;
                if (callee) {
                    SSOT_VEC_PUSH(&b.composed, mn);
                    SSOT_VEC_PUSH(&b.composed_callees, callee);
                }
            }
        }
    }
    /* `static instance = new A()` returned by a static accessor */
    if (!b.instance_attr && !ft_is_null(eager)) {
        const char *attr = js_text(c, member_name(eager));
        for (uint32_t i = 0; i < js_count(body); i++) {
            js_node m = js_child(body, i);
            if (js_is(m, "method_definition") && is_static(m) &&
                returns_static(&b, js_field(m, "body"), attr)) {
                b.instance_attr = attr;
                b.instance_method = js_text(c, member_name(m));
                b.instance_assign = eager;
                break;
            }
        }
    }
    if (b.instance_attr) {
        b.st->instance_attr = b.instance_attr;
        b.st->instance_method = b.instance_method;
        b.st->instance_loc = js_loc(c, b.instance_assign);
    }
    /* composed objects count when other methods call them */
    js_strings comp = {0}, comp_callees = {0};
    for (size_t i = 0; i < b.composed.count; i++)
        if (has(&b.calls_on, b.composed.items[i])) {
            SSOT_VEC_PUSH(&comp, b.composed.items[i]);
            SSOT_VEC_PUSH(&comp_callees, b.composed_callees.items[i]);
        }
    size_t n;
    JS_MOVE_TO_ARENA(c->arena, bases, k.bases, k.base_count);
    JS_MOVE_TO_ARENA(c->arena, b.methods, k.methods, k.method_count);
    JS_MOVE_TO_ARENA(c->arena, b.writes, b.st->writes, b.st->write_count);
    JS_MOVE_TO_ARENA(c->arena, b.write_methods, b.st->write_methods, n);
    JS_MOVE_TO_ARENA(c->arena, b.init_attrs, b.st->init_attrs, b.st->init_attr_count);
    JS_MOVE_TO_ARENA(c->arena, comp, b.st->composed, b.st->composed_count);
    JS_MOVE_TO_ARENA(c->arena, comp_callees, b.st->composed_callees, n);
    b.st->decorators = ssot_arena_alloc(c->arena, sizeof(char *));
    b.st->replaces = ssot_arena_alloc(c->arena, sizeof(char *));
    k.alias_names = ssot_arena_alloc(c->arena, sizeof(char *));
    k.alias_targets = ssot_arena_alloc(c->arena, sizeof(char *));
    k.markers = ssot_arena_alloc(c->arena, sizeof(char *));
    free(b.params.items);
    free(b.statics.items);
    free(b.composed.items);
    free(b.composed_callees.items);
    free(b.calls_on.items);
    (void)n;
    SSOT_VEC_PUSH(out, k);
}

void js_classes(js_ctx *c, const js_kinds *kinds)
{
    class_vec out = {0};
    js_node root = c->root;
    for (uint32_t i = 0; i < js_count(root); i++) {
        js_node s = js_child(root, i);
        js_node d = js_is(s, "export_statement") ? js_field(s, "declaration") : s;
        if (js_is(d, "class_declaration") || js_is(d, "abstract_class_declaration")) {
            js_node name = js_field(d, "name");
            if (!ft_is_null(name))
                one_class(c, kinds, d, name, &out);
        } else if (js_is(d, "lexical_declaration")) {
            /* `const Store = class { ... }` */
            js_node v = js_child(d, 0);
            js_node value = js_unwrap(js_field(v, "value"));
            if (js_is(v, "variable_declarator") && js_is(value, "class") &&
                js_is(js_field(v, "name"), "identifier"))
                one_class(c, kinds, value, js_field(v, "name"), &out);
        }
    }
    JS_MOVE_TO_ARENA(c->arena, out, c->facts->classes, c->facts->class_count);
}
