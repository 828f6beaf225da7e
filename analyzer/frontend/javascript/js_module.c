/* analyzer/frontend/javascript/js_module.c - module-level state of JavaScript/TypeScript service
 * files for the SG rules: imports (ESM, re-exports, CommonJS `require`) as module paths,
 * module bindings and what they hold, containers that functions write (and whether a
 * request-scoped value goes in), module functions and request handlers, and module `let`s a
 * function assigns under a guard (a lazy singleton). One pass over the tree with a stack of
 * function scopes. */
#include "analyzer/frontend/javascript/js_service.h"

#include <stdio.h>

#include "analyzer/facts/assertions.h"

enum { MAX_SCOPES = 256, MAX_PARAMS = 16 };

/* ---- small helpers shared with js_class.c ---- */

void js_each_node(js_node n, js_visit_fn fn, void *ctx)
{
    if (!n)
        return;
    for (js_node at = n, end = ft_skip(n); at < end;)
        at = fn(ctx, at) ? ft_next(at) : ft_skip(at);
}

bool js_is_function(js_node n)
{
    static const char *const types[] = {
        "function_declaration", "function_expression", "arrow_function", "method_definition",
        "generator_function_declaration", "generator_function", "function", NULL,
    };
    if (ft_is_null(n))
        return false;
    const char *t = ft_type(n);
    for (const char *const *p = types; *p; p++)
        if (!strcmp(t, *p))
            return true;
    return false;
}

void js_kinds_init(js_kinds *k, const TSLanguage *lang)
{
    static const struct {
        const char *name;
        js_kind kind;
    } names[] = {
        {"function_declaration", JK_FUNCTION}, {"function_expression", JK_FUNCTION},
        {"arrow_function", JK_FUNCTION}, {"method_definition", JK_FUNCTION},
        {"generator_function_declaration", JK_FUNCTION}, {"generator_function", JK_FUNCTION},
        {"function", JK_FUNCTION}, {"class_declaration", JK_CLASS}, {"class", JK_CLASS},
        {"assignment_expression", JK_ASSIGN}, {"augmented_assignment_expression", JK_AUG_ASSIGN},
        {"call_expression", JK_CALL}, {"unary_expression", JK_UNARY},
        {"update_expression", JK_UPDATE}, {"identifier", JK_IDENTIFIER},
    };
    k->count = ts_language_symbol_count(lang);
    k->of = ssot_calloc(k->count + 1, 1);
    for (uint32_t s = 0; s < k->count; s++) {
        if (ts_language_symbol_type(lang, (TSSymbol)s) != TSSymbolTypeRegular)
            continue;
        const char *name = ts_language_symbol_name(lang, (TSSymbol)s);
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (!strcmp(name, names[i].name))
                k->of[s] = (uint8_t)names[i].kind;
    }
}

void js_kinds_fini(js_kinds *k)
{
    free(k->of);
    k->of = NULL;
    k->count = 0;
}

static const char *const request_words[] = {
    "user", "users", "username", "userid", "uid", "session", "sessions", "sessionid", "sid",
    "request", "req", "conn", "connection", "connections", "websocket", "ws", "socket",
    "tenant", "tenantid", "account", "accountid", "customer", "principal", NULL,
};

bool js_request_word(const char *name)
{
    char word[32];
    size_t n = 0;
    for (const char *p = name;; p++) {
        bool upper = *p >= 'A' && *p <= 'Z';
        bool boundary = !*p || *p == '_' || *p == '$' ||
                        (upper && n && p > name && p[-1] >= 'a' && p[-1] <= 'z');
        if (boundary) {
            word[n] = '\0';
            for (const char *const *w = request_words; n && *w; w++)
                if (!strcmp(word, *w))
                    return true;
            n = 0;
            if (!*p)
                return false;
            if (*p == '_' || *p == '$')
                continue;
        }
        if (n + 1 < sizeof(word))
            word[n++] = (char)(upper ? *p + 32 : *p);
    }
}

bool js_is_mutator(const char *name, size_t len)
{
    static const char *const mutators[] = {
        "set", "add", "push", "unshift", "splice", "delete", "clear", "pop", "shift", "fill",
        "sort", "reverse", "copyWithin", "append", NULL,
    };
    for (const char *const *m = mutators; *m; m++)
        if (strlen(*m) == len && !memcmp(*m, name, len))
            return true;
    return false;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && !memcmp(s + n - k, suffix, k);
}

const char *js_module_path(js_ctx *c, const char *spec)
{
    static const char *const exts[] = {
        ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", NULL,
    };
    bool relative = !strcmp(spec, ".") || !strcmp(spec, "..") || !strncmp(spec, "./", 2) ||
                    !strncmp(spec, "../", 3);
    if (!relative)
        return spec;
    /* the importing file's folder, then the specifier's segments */
    const char *path = c->facts->path ? c->facts->path : "";
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    char buf[1024];
    size_t len = 0;
    const char *slash = strrchr(path, '/');
    if (slash) {
        len = (size_t)(slash - path);
        if (len >= sizeof(buf))
            return spec;
        memcpy(buf, path, len);
    }
    buf[len] = '\0';
    const char *p = spec;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            char *up = strrchr(buf, '/');
            const char *last = up ? up + 1 : buf;
            if (len == 0 || !strcmp(last, "..")) {
                if (len + 3 >= sizeof(buf))
                    return spec;
                len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s..", len ? "/" : "");
            } else {
                len = up ? (size_t)(up - buf) : 0;
                buf[len] = '\0';
            }
        } else {
            if (len + n + 2 >= sizeof(buf))
                return spec;
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%.*s", len ? "/" : "",
                                    (int)n, p);
        }
        p += n;
        if (*p == '/')
            p++;
    }
    for (const char *const *x = exts; *x; x++)
        if (ends_with(buf, len, *x) && len > strlen(*x)) {
            len -= strlen(*x);
            buf[len] = '\0';
            break;
        }
    /* `./ui/index` is the module `./ui`; the project root's folder is its index file, which
       module_name (javascript.c) calls `index`, as it never names a module "" */
    if (ends_with(buf, len, "/index"))
        buf[len -= 6] = '\0';
    else if (len == 0)
        len = (size_t)snprintf(buf, sizeof(buf), "index");
    return ssot_arena_strndup(c->arena, buf, len);
}

/* ---- the module ---- */

typedef struct scope {
    js_node fn;
    uint32_t end;
    const char *symbol;
    bool handler;
    bool named;              /* it has a name of its own (else it speaks for its parent) */
    int parent;              /* index of the enclosing scope, -1 */
    js_strings request;      /* its request-scoped parameters (and those of the scopes it
                                speaks for) */
    js_strings params;       /* all its parameters */
    SSOT_VEC(uint32_t) touched; /* bindings it writes */
} scope;

typedef struct mod_builder {
    js_ctx *c;
    SSOT_VEC(ssot_binding) bindings;
    SSOT_VEC(bool) mutable_binding; /* `let`/`var`: a function may assign it */
    SSOT_VEC(ssot_module_fn) fns;
    SSOT_VEC(ssot_global_write) writes;
    SSOT_VEC(ssot_import) imports;
    ssot_import_writes import_writes; /* functions writing to imported containers */
    SSOT_VEC(bool) package_import;  /* in step with imports: from a package, not a path */
    SSOT_VEC(bool) namespace_import; /* `import * as m`, `const m = require(...)` */
    scope scopes[MAX_SCOPES];
    int depth;
    bool has_handler;
    const char *class_name;  /* the class being walked, for method symbols */
    uint32_t class_end;
    js_kinds kinds;
} mod_builder;

static int32_t binding_index(mod_builder *b, const char *s, size_t n)
{
    for (size_t i = 0; i < b->bindings.count; i++) {
        const char *name = b->bindings.items[i].name;
        if (strlen(name) == n && !memcmp(name, s, n))
            return (int32_t)i;
    }
    return -1;
}

static int32_t binding_of(mod_builder *b, js_node ident)
{
    if (!js_is(ident, "identifier"))
        return -1;
    uint32_t s = ft_start_byte(ident), e = ft_end_byte(ident);
    return binding_index(b, b->c->src + s, e - s);
}

static int32_t import_of(mod_builder *b, js_node ident)
{
    if (!js_is(ident, "identifier"))
        return -1;
    for (size_t i = 0; i < b->imports.count; i++) {
        const ssot_import *im = &b->imports.items[i];
        if (im->local && js_text_is(b->c, ident, im->local))
            return (int32_t)i;
    }
    return -1;
}

/* The file's own module name (`src/store` for `src/store.ts`, `src/ui` for
 * `src/ui/index.ts`), as `import ... from './store'` names it. */
static const char *own_module(js_ctx *c)
{
    if (c->facts->module)
        return c->facts->module;
    const char *path = c->facts->path ? c->facts->path : "";
    const char *slash = strrchr(path, '/');
    return js_module_path(c, ssot_arena_printf(c->arena, "./%s", slash ? slash + 1 : path));
}

/* `spec` NULL: the module's own name (`export default Store` makes `default` an alias). */
static void add_import(mod_builder *b, js_node at, const char *spec, const char *name,
                       const char *local, bool ns)
{
    ssot_import im = {0};
    im.module = spec ? js_module_path(b->c, spec) : own_module(b->c);
    im.name = name;
    im.local = local;
    im.loc = js_loc(b->c, at);
    bool package = im.module == spec;
    SSOT_VEC_PUSH(&b->imports, im);
    SSOT_VEC_PUSH(&b->package_import, package);
    SSOT_VEC_PUSH(&b->namespace_import, ns);
}

static const char *string_value(js_ctx *c, js_node n)
{
    const char *s = js_string(c, n);
    return s && *s ? s : NULL;
}

/* `import a, { b as c } from 'm'`, `import * as ns from 'm'`, `import 'm'`. */
static void import_statement(mod_builder *b, js_node stmt)
{
    js_ctx *c = b->c;
    const char *spec = string_value(c, js_field(stmt, "source"));
    if (!spec)
        return;
    js_node clause = {0};
    for (uint32_t i = 0; i < js_count(stmt); i++)
        if (js_is(js_child(stmt, i), "import_clause"))
            clause = js_child(stmt, i);
    if (ft_is_null(clause)) {
        add_import(b, stmt, spec, NULL, NULL, false);
        return;
    }
    for (uint32_t i = 0; i < js_count(clause); i++) {
        js_node k = js_child(clause, i);
        if (js_is(k, "identifier")) {
            add_import(b, stmt, spec, "default", js_text(c, k), false);
        } else if (js_is(k, "namespace_import")) {
            js_node id = js_child(k, 0);
            if (!ft_is_null(id))
                add_import(b, stmt, spec, NULL, js_text(c, id), true);
        } else if (js_is(k, "named_imports")) {
            for (uint32_t j = 0; j < js_count(k); j++) {
                js_node s = js_child(k, j);
                if (!js_is(s, "import_specifier"))
                    continue;
                js_node name = js_field(s, "name"), alias = js_field(s, "alias");
                const char *n = js_is(name, "string") ? js_string(c, name) : js_text(c, name);
                add_import(b, stmt, spec, n, ft_is_null(alias) ? n : js_text(c, alias),
                           false);
            }
        }
    }
}

/* `export { a as b } from 'm'`, `export * from 'm'`, `export * as ns from 'm'`: the
 * module re-exports, as a package's `from .m import a` does. */
static void reexport(mod_builder *b, js_node stmt, const char *spec)
{
    js_ctx *c = b->c;
    bool named = false;
    for (uint32_t i = 0; i < js_count(stmt); i++) {
        js_node k = js_child(stmt, i);
        if (!js_is(k, "export_clause"))
            continue;
        for (uint32_t j = 0; j < js_count(k); j++) {
            js_node s = js_child(k, j);
            if (!js_is(s, "export_specifier"))
                continue;
            js_node name = js_field(s, "name"), alias = js_field(s, "alias");
            const char *n = js_is(name, "string") ? js_string(c, name) : js_text(c, name);
            const char *a = ft_is_null(alias) ? n
                            : js_is(alias, "string") ? js_string(c, alias)
                                                     : js_text(c, alias);
            add_import(b, stmt, spec, n, a, false);
            named = true;
        }
    }
    if (!named)
        add_import(b, stmt, spec, NULL, NULL, false);
}

/* `require('m')` (also `require('m').x`): the specifier, else NULL; *member gets `x`. */
static const char *required(js_ctx *c, js_node v, const char **member)
{
    *member = NULL;
    v = js_unwrap(v);
    if (js_is(v, "member_expression")) {
        js_node prop = js_field(v, "property");
        const char *spec = required(c, js_field(v, "object"), member);
        if (spec && !*member) {
            *member = js_text(c, prop);
            return spec;
        }
        return NULL;
    }
    if (!js_is(v, "call_expression") || !js_text_is(c, js_field(v, "function"), "require"))
        return NULL;
    js_node args = js_field(v, "arguments");
    return js_count(args) ? string_value(c, js_child(args, 0)) : NULL;
}

/* Dotted callee with the file's package imports applied: `new Redis()` after `import Redis
 * from 'ioredis'` is `ioredis`, `new pg.Client()` after `import pg from 'pg'` is
 * `pg.Client`; names of project modules stay as written (the resolution follows them). */
static const char *qualify(mod_builder *b, const char *dotted)
{
    if (!dotted)
        return NULL;
    const char *dot = strchr(dotted, '.');
    size_t head = dot ? (size_t)(dot - dotted) : strlen(dotted);
    for (size_t i = 0; i < b->imports.count; i++) {
        const ssot_import *im = &b->imports.items[i];
        if (!im->local || strlen(im->local) != head || memcmp(im->local, dotted, head))
            continue;
        bool ns = b->namespace_import.items[i];
        if (!b->package_import.items[i] && !ns)
            return dotted; /* a project name: resolved through the import */
        const char *base = ns || !strcmp(im->name ? im->name : "", "default")
                               ? im->module
                               : ssot_arena_printf(b->c->arena, "%s.%s", im->module, im->name);
        return dot ? ssot_arena_printf(b->c->arena, "%s%s", base, dot) : base;
    }
    return dotted;
}

static ssot_value_kind value_kind(mod_builder *b, js_node v, const char **callee,
                                  const char **as_written, bool *filled)
{
    static const char *const containers[] = {
        "Map", "Set", "WeakMap", "WeakSet", "Array", "Object", NULL,
    };
    js_ctx *c = b->c;
    *callee = *as_written = NULL;
    *filled = false;
    v = js_unwrap(v);
    if (ft_is_null(v))
        return SSOT_VALUE_OTHER;
    if (js_is(v, "object") || js_is(v, "array")) {
        *callee = *as_written = js_is(v, "object") ? "Object" : "Array";
        *filled = js_count(v) > 0;
        return SSOT_VALUE_CONTAINER;
    }
    if (js_is(v, "new_expression") || js_is(v, "call_expression")) {
        bool is_new = js_is(v, "new_expression");
        js_node fn = js_field(v, is_new ? "constructor" : "function");
        const char *d = js_dotted(c, fn);
        if (!d)
            return SSOT_VALUE_OTHER;
        js_node args = js_field(v, "arguments");
        *as_written = d;
        *callee = qualify(b, d);
        const char *last = ssot_last_segment(d);
        for (const char *const *k = containers; *k; k++)
            if (!strcmp(last, *k) && (is_new || !strcmp(d, "Object.create"))) {
                *filled = js_count(args) > 0;
                return SSOT_VALUE_CONTAINER;
            }
        if (!strcmp(d, "Object.create")) {
            *callee = *as_written = "Object";
            return SSOT_VALUE_CONTAINER;
        }
        /* `Object.freeze(...)`, `Symbol(...)`: immutable values */
        if (!strncmp(d, "Object.", 7) || !strcmp(d, "Symbol") || !strcmp(d, "Symbol.for"))
            return SSOT_VALUE_LITERAL;
        return SSOT_VALUE_CALL;
    }
    static const char *const literals[] = {
        "string", "number", "true", "false", "null", "undefined", "regex", NULL,
    };
    for (const char *const *l = literals; *l; l++)
        if (js_is(v, *l))
            return SSOT_VALUE_LITERAL;
    if (js_is(v, "template_string") && js_string(c, v))
        return SSOT_VALUE_LITERAL;
    return SSOT_VALUE_OTHER;
}

static void add_binding(mod_builder *b, js_node name, js_node value, bool mutable_binding)
{
    js_ctx *c = b->c;
    if (!js_is(name, "identifier"))
        return;
    uint32_t s = ft_start_byte(name), e = ft_end_byte(name);
    if (binding_index(b, c->src + s, e - s) >= 0)
        return;
    ssot_binding bd = {0};
    bd.name = js_text(c, name);
    bd.loc = js_loc(c, name);
    bool filled = false;
    bd.kind = value_kind(b, value, &bd.callee, &bd.as_written, &filled);
    if (filled)
        bd.flags |= SSOT_BF_IMPORT_FILLED;
    SSOT_VEC_PUSH(&b->bindings, bd);
    SSOT_VEC_PUSH(&b->mutable_binding, mutable_binding);
}

/* `const a = ..., { b, c: d } = require('m')` at module level. */
static void declaration(mod_builder *b, js_node decl)
{
    js_ctx *c = b->c;
    js_node kind = js_field(decl, "kind");
    bool mutable_binding = js_is(decl, "variable_declaration") ||
                           (!ft_is_null(kind) && js_text_is(c, kind, "let"));
    for (uint32_t i = 0; i < js_count(decl); i++) {
        js_node d = js_child(decl, i);
        if (!js_is(d, "variable_declarator"))
            continue;
        js_node name = js_field(d, "name"), value = js_field(d, "value");
        const char *member;
        const char *spec = ft_is_null(value) ? NULL : required(c, value, &member);
        if (spec && js_is(name, "identifier")) {
            /* `const m = require('m')` is the module's default export (`module.exports`) and
               its namespace at once */
            add_import(b, d, spec, member ? member : "default", js_text(c, name), !member);
        } else if (spec && js_is(name, "object_pattern")) {
            for (uint32_t k = 0; k < js_count(name); k++) {
                js_node p = js_child(name, k);
                if (js_is(p, "shorthand_property_identifier_pattern")) {
                    const char *n = js_text(c, p);
                    add_import(b, p, spec, n, n, false);
                } else if (js_is(p, "pair_pattern") &&
                           js_is(js_field(p, "value"), "identifier")) {
                    add_import(b, p, spec, js_text(c, js_field(p, "key")),
                               js_text(c, js_field(p, "value")), false);
                }
            }
        } else {
            add_binding(b, name, value, mutable_binding);
        }
    }
}

static bool is_main_guard(js_ctx *c, js_node cond)
{
    const char *t = js_text(c, js_unwrap(cond));
    return strstr(t, "require.main") || strstr(t, "import.meta.main");
}

/* `export default <value>` and `module.exports = <value>` bind `default`; `exports.x =
 * <value>` binds `x`. An identifier is an alias (an import of the module's own name), an
 * object made at import time a binding. */
static void export_value(mod_builder *b, js_node at, const char *name, js_node value)
{
    js_ctx *c = b->c;
    js_node v = js_unwrap(value);
    if (js_is(v, "identifier")) {
        if (strcmp(name, js_text(c, v)) != 0)
            add_import(b, at, NULL, js_text(c, v), name, false);
        return;
    }
    if (binding_index(b, name, strlen(name)) >= 0)
        return;
    ssot_binding bd = {0};
    bool filled = false;
    bd.kind = value_kind(b, value, &bd.callee, &bd.as_written, &filled);
    if (bd.kind != SSOT_VALUE_CALL && bd.kind != SSOT_VALUE_CONTAINER)
        return;
    bd.name = name;
    bd.loc = js_loc(c, at);
    bd.flags = filled ? SSOT_BF_IMPORT_FILLED : 0;
    SSOT_VEC_PUSH(&b->bindings, bd);
    SSOT_VEC_PUSH(&b->mutable_binding, false);
}

static void commonjs_export(mod_builder *b, js_node e)
{
    js_ctx *c = b->c;
    if (!js_is(e, "assignment_expression"))
        return;
    const char *left = js_dotted(c, js_field(e, "left"));
    if (!left)
        return;
    if (!strcmp(left, "module.exports"))
        export_value(b, js_field(e, "left"), "default", js_field(e, "right"));
    else if (!strncmp(left, "exports.", 8) && !strchr(left + 8, '.'))
        export_value(b, js_field(e, "left"), left + 8, js_field(e, "right"));
    else if (!strncmp(left, "module.exports.", 15) && !strchr(left + 15, '.'))
        export_value(b, js_field(e, "left"), left + 15, js_field(e, "right"));
}

/* Module level: imports, exports and bindings; module-level blocks of `if`/`try` too. */
static void module_block(mod_builder *b, js_node block, int depth)
{
    js_ctx *c = b->c;
    if (depth > 8)
        return;
    for (uint32_t i = 0; i < js_count(block); i++) {
        js_node s = js_child(block, i);
        if (js_is(s, "import_statement")) {
            import_statement(b, s);
        } else if (js_is(s, "export_statement")) {
            const char *spec = string_value(c, js_field(s, "source"));
            js_node decl = js_field(s, "declaration"), value = js_field(s, "value");
            if (spec) {
                reexport(b, s, spec);
            } else if (js_is(decl, "lexical_declaration") ||
                       js_is(decl, "variable_declaration")) {
                declaration(b, decl);
            } else if (!ft_is_null(decl) && js_all_count(s) > 1 &&
                       js_text_is(c, js_all_child(s, 1), "default")) {
                /* `export default class Store {}`: `default` names `Store` */
                js_node name = js_field(decl, "name");
                if (!ft_is_null(name))
                    add_import(b, s, NULL, js_text(c, name), "default", false);
            } else if (!ft_is_null(value)) {
                /* `export default new Store()`: a binding named `default` */
                js_node def = js_all_child(s, 1);
                export_value(b, ft_is_null(def) ? value : def, "default", value);
            }
        } else if (js_is(s, "lexical_declaration") || js_is(s, "variable_declaration")) {
            declaration(b, s);
        } else if (js_is(s, "expression_statement")) {
            commonjs_export(b, js_child(s, 0));
        } else if (js_is(s, "if_statement")) {
            if (is_main_guard(c, js_field(s, "condition")))
                c->facts->main_guard = true;
        } else if (js_is(s, "statement_block")) {
            module_block(b, s, depth + 1);
        }
    }
}

/* ---- scopes ---- */

static void pattern_names(js_ctx *c, js_node p, js_strings *out, int depth)
{
    if (ft_is_null(p) || depth > 6)
        return;
    if (js_is(p, "identifier") || js_is(p, "shorthand_property_identifier_pattern")) {
        if (out->count < MAX_PARAMS)
            SSOT_VEC_PUSH(out, js_text(c, p));
        return;
    }
    if (js_is(p, "required_parameter") || js_is(p, "optional_parameter")) {
        pattern_names(c, js_field(p, "pattern"), out, depth + 1);
        return;
    }
    if (js_is(p, "assignment_pattern")) {
        pattern_names(c, js_field(p, "left"), out, depth + 1);
        return;
    }
    if (js_is(p, "pair_pattern")) {
        pattern_names(c, js_field(p, "value"), out, depth + 1);
        return;
    }
    if (js_is(p, "rest_pattern") || js_is(p, "object_pattern") || js_is(p, "array_pattern") ||
        js_is(p, "formal_parameters"))
        for (uint32_t i = 0; i < js_count(p); i++)
            pattern_names(c, js_child(p, i), out, depth + 1);
}

static void function_params(js_ctx *c, js_node fn, js_strings *out)
{
    js_node one = js_field(fn, "parameter"); /* `x => ...` */
    if (!ft_is_null(one))
        pattern_names(c, one, out, 0);
    pattern_names(c, js_field(fn, "parameters"), out, 0);
}

static bool http_verb(const char *s, size_t n, bool upper)
{
    static const char *const verbs[] = {
        "get", "post", "put", "patch", "delete", "del", "head", "options", "all", "use",
        "route", "ws", "websocket", NULL,
    };
    for (const char *const *v = verbs; *v; v++) {
        if (strlen(*v) != n)
            continue;
        size_t k = 0;
        for (; k < n; k++) {
            char ch = upper ? (char)(s[k] + 32) : s[k];
            if (upper && !(s[k] >= 'A' && s[k] <= 'Z'))
                break;
            if (ch != (*v)[k])
                break;
        }
        if (k == n)
            return true;
    }
    return false;
}

/* `app.get('/x', fn)`, `router.post(path, auth, fn)`, `app.use(fn)`: a call that registers
 * request handlers. */
static bool registers_handlers(js_ctx *c, js_node call)
{
    js_node fn = js_field(call, "function");
    if (!js_is(fn, "member_expression"))
        return false;
    js_node prop = js_field(fn, "property");
    uint32_t s = ft_start_byte(prop), e = ft_end_byte(prop);
    if (!http_verb(c->src + s, e - s, false))
        return false;
    js_node args = js_field(call, "arguments");
    if (!js_count(args))
        return false;
    js_node first = js_child(args, 0);
    bool path = js_is(first, "string") || js_is(first, "template_string") || js_is(first, "regex");
    bool use = (e - s == 3 && !memcmp(c->src + s, "use", 3)) ||
               (e - s == 3 && !memcmp(c->src + s, "all", 3));
    return path || (use && js_is_function(first));
}

/* The name a function goes by: its own, the variable or property it is bound to, or the
 * method of its class. NULL when anonymous. */
static const char *function_name(mod_builder *b, js_node fn)
{
    js_ctx *c = b->c;
    js_node name = js_field(fn, "name");
    js_node parent = ft_parent(fn);
    if (js_is(fn, "method_definition")) {
        const char *m = js_text(c, name);
        return b->class_name ? ssot_arena_printf(c->arena, "%s.%s", b->class_name, m) : m;
    }
    if (!ft_is_null(name))
        return js_text(c, name);
    if (js_is(parent, "variable_declarator") && js_is(js_field(parent, "name"), "identifier"))
        return js_text(c, js_field(parent, "name"));
    if (js_is(parent, "pair"))
        return js_text(c, js_field(parent, "key"));
    if (js_is(parent, "assignment_expression")) {
        const char *d = js_dotted(c, js_field(parent, "left"));
        return d ? d : NULL;
    }
    if (js_is(parent, "public_field_definition") && b->class_name)
        return ssot_arena_printf(c->arena, "%s.%s", b->class_name,
                                 js_text(c, js_field(parent, "name")));
    return NULL;
}

static void push_scope(mod_builder *b, js_node fn)
{
    js_ctx *c = b->c;
    if (b->depth >= MAX_SCOPES)
        return;
    scope *s = &b->scopes[b->depth];
    memset(s, 0, sizeof(*s));
    s->fn = fn;
    s->end = ft_end_byte(fn);
    s->parent = b->depth - 1;
    s->symbol = function_name(b, fn);
    s->named = s->symbol != NULL;
    function_params(c, fn, &s->params);
    js_node parent = ft_parent(fn);
    js_node call = js_is(parent, "arguments") ? ft_parent(parent) : NULL;
    bool registered = !ft_is_null(call) && js_is(call, "call_expression") &&
                      registers_handlers(c, call);
    /* `(req, res) => ...`, `function (request, reply)`: the request and its response */
    bool req_res = s->params.count >= 2 &&
                   (!strcmp(s->params.items[0], "req") || !strcmp(s->params.items[0], "request")) &&
                   (!strncmp(s->params.items[1], "res", 3) || !strcmp(s->params.items[1], "reply"));
    /* Next.js route handlers: `export async function GET(request)` */
    bool route = js_is(fn, "function_declaration") && js_is(parent, "export_statement") &&
                 s->symbol && http_verb(s->symbol, strlen(s->symbol), true);
    s->handler = registered || req_res || route;
    if (!s->named) {
        if (registered)
            s->symbol = ssot_arena_printf(c->arena, "%s()",
                                          js_dotted(c, js_field(call, "function"))
                                              ? js_dotted(c, js_field(call, "function"))
                                              : "callback");
        else if (s->parent >= 0)
            s->symbol = b->scopes[s->parent].symbol;
        else
            s->symbol = ssot_arena_printf(c->arena, "<function at line %u>",
                                          ft_start_point(fn).row + 1);
    }
    if (s->handler)
        b->has_handler = true;
    /* an anonymous callback speaks for the function around it, and sees its parameters */
    if (!s->named && s->parent >= 0) {
        scope *p = &b->scopes[s->parent];
        if (!registered)
            s->handler = p->handler;
        for (size_t i = 0; i < p->request.count; i++)
            SSOT_VEC_PUSH(&s->request, p->request.items[i]);
    }
    for (size_t i = 0; i < s->params.count; i++)
        if (s->handler || js_request_word(s->params.items[i]))
            SSOT_VEC_PUSH(&s->request, s->params.items[i]);
    b->depth++;
}

static void pop_scope(mod_builder *b)
{
    scope *s = &b->scopes[--b->depth];
    free(s->request.items);
    free(s->params.items);
    free(s->touched.items);
}

/* ---- what a function does to module state ---- */

typedef struct ident_scan {
    js_ctx *c;
    const js_strings *names;
    const char *hit;
    bool other;              /* an identifier not in `names` (a computed value) */
    bool call;               /* a call (a computed value) */
} ident_scan;

static bool ident_node(void *ctx, js_node n)
{
    ident_scan *s = ctx;
    if (s->hit)
        return false;
    if (js_is(n, "call_expression") || js_is(n, "new_expression"))
        s->call = true;
    if (js_is_function(n))
        return false;
    if (!js_is(n, "identifier") && !js_is(n, "shorthand_property_identifier"))
        return true;
    for (size_t i = 0; s->names && i < s->names->count; i++)
        if (js_text_is(s->c, n, s->names->items[i])) {
            s->hit = s->names->items[i];
            return false;
        }
    s->other = true;
    return false;
}

/* The first of `names` that `expr` reads (property names are no values), else NULL. */
static const char *mentions(js_ctx *c, js_node expr, const js_strings *names)
{
    if (ft_is_null(expr) || !names->count)
        return NULL;
    ident_scan s = {c, names, NULL, false, false};
    js_each_node(expr, ident_node, &s);
    return s.hit;
}

/* Only the function's parameters and literals: what its caller hands it. */
static bool only_params(js_ctx *c, js_node expr, const js_strings *params)
{
    if (ft_is_null(expr))
        return true;
    bool ok = true;
    for (js_node n = expr, end = ft_skip(expr); n < end;) {
        bool descend = true;
        if (js_is(n, "call_expression") || js_is(n, "new_expression") || js_is_function(n)) {
            ok = false;
            break;
        }
        if (js_is(n, "identifier") || js_is(n, "shorthand_property_identifier") ||
            js_is(n, "this")) {
            bool param = false;
            for (size_t i = 0; i < params->count; i++)
                param |= js_text_is(c, n, params->items[i]);
            if (!param) {
                ok = false;
                break;
            }
            descend = false;
        }
        n = descend ? ft_next(n) : ft_skip(n);
    }
    return ok;
}

typedef struct memo_scan {
    js_ctx *c;
    const char *name;
    bool found;
} memo_scan;

/* `NAME.get(...)`, `NAME.has(...)`, `NAME[k]` read: the function looks the key up first. */
static bool memo_node(void *ctx, js_node n)
{
    memo_scan *s = ctx;
    if (s->found)
        return false;
    if (js_is(n, "call_expression")) {
        js_node f = js_field(n, "function");
        if (js_is(f, "member_expression") && js_text_is(s->c, js_field(f, "object"), s->name)) {
            js_node p = js_field(f, "property");
            if (js_text_is(s->c, p, "get") || js_text_is(s->c, p, "has"))
                s->found = true;
        }
    } else if (js_is(n, "subscript_expression") &&
               js_text_is(s->c, js_field(n, "object"), s->name)) {
        js_node parent = ft_parent(n);
        if (!(js_is(parent, "assignment_expression") &&
              ft_eq(js_field(parent, "left"), n)))
            s->found = true;
    } else if (js_is(n, "binary_expression") && js_text_is(s->c, js_field(n, "right"), s->name)) {
        s->found = true; /* `key in NAME` */
    }
    return !s->found;
}

static bool memo_write(mod_builder *b, const char *name, js_node value)
{
    scope *s = &b->scopes[b->depth - 1];
    if (only_params(b->c, value, &s->params))
        return false;
    memo_scan m = {b->c, name, false};
    js_node body = js_field(s->fn, "body");
    js_each_node(ft_is_null(body) ? s->fn : body, memo_node, &m);
    return m.found;
}

/* The identifier at the root of `a.b[c].d`, or a null node. */
static js_node chain_root(js_node n)
{
    for (int i = 0; i < 16; i++) {
        n = js_unwrap(n);
        if (js_is(n, "member_expression") || js_is(n, "subscript_expression"))
            n = js_field(n, "object");
        else
            break;
    }
    return js_is(n, "identifier") ? n : NULL;
}

/* Does the function declare `name` itself (a parameter or a local)? */
typedef struct shadow_scan {
    js_ctx *c;
    const char *name;
    bool found;
    js_node top;
} shadow_scan;

static bool shadow_node(void *ctx, js_node n)
{
    shadow_scan *s = ctx;
    if (s->found)
        return false;
    if (js_is(n, "variable_declarator") || js_is(n, "function_declaration") ||
        js_is(n, "class_declaration")) {
        js_node name = js_field(n, "name");
        if (js_is(name, "identifier") && js_text_is(s->c, name, s->name))
            s->found = true;
    }
    return !s->found;
}

static bool shadowed(mod_builder *b, js_node ident)
{
    js_ctx *c = b->c;
    for (int d = b->depth - 1; d >= 0; d--) {
        scope *s = &b->scopes[d];
        for (size_t i = 0; i < s->params.count; i++)
            if (js_text_is(c, ident, s->params.items[i]))
                return true;
        shadow_scan x = {c, js_text(c, ident), false, s->fn};
        js_node body = js_field(s->fn, "body");
        if (!ft_is_null(body))
            js_each_node(body, shadow_node, &x);
        if (x.found)
            return true;
    }
    return false;
}

/* A module container (or an imported one) is written here: `key` and `value` are the data
 * written (either may be null). */
static void mutated(mod_builder *b, js_node root, js_node key, js_node value)
{
    js_ctx *c = b->c;
    if (!b->depth)
        return;
    int32_t at = binding_of(b, root), imp = -1;
    if (at < 0 && (imp = import_of(b, root)) < 0)
        return;
    if (shadowed(b, root))
        return;
    scope *s = &b->scopes[b->depth - 1];
    const char *v = mentions(c, key, &s->request);
    if (!v)
        v = mentions(c, value, &s->request);
    const char *request = NULL;
    if (v)
        request = s->handler ? ssot_arena_printf(c->arena, "request handler `%s` writes `%s` to it",
                                                 s->symbol, v)
                             : ssot_arena_printf(c->arena, "`%s()` writes `%s` to it", s->symbol, v);
    const char *name = js_text(c, root);
    if (!request && memo_write(b, name, value))
        return;
    if (imp >= 0) {
        ssot_import_writes_note(&b->import_writes, (uint32_t)imp, s->symbol, request);
        return;
    }
    ssot_binding *bd = &b->bindings.items[at];
    if (request && !bd->request)
        bd->request = request;
    if (!only_params(c, key, &s->params) || !only_params(c, value, &s->params))
        bd->flags |= SSOT_BF_COMPUTED_WRITE;
    /* the writers are counted by named function */
    int d = b->depth - 1;
    while (d > 0 && !b->scopes[d].named)
        d--;
    scope *w = &b->scopes[d];
    for (size_t i = 0; i < w->touched.count; i++)
        if (w->touched.items[i] == (uint32_t)at)
            return;
    SSOT_VEC_PUSH(&w->touched, (uint32_t)at);
    if (!bd->writer)
        bd->writer = s->symbol;
    bd->writer_count++;
}

/* ---- lazy module `let`s ---- */

/* Does `cond` test that `name` is unset: `!x`, `x == null`, `x === undefined`, `typeof x
 * === 'undefined'`, possibly inside `||`/`&&`? */
static ssot_guard unset_test(js_ctx *c, js_node cond, const char *name, int depth)
{
    cond = js_unwrap(cond);
    if (ft_is_null(cond) || depth > 4)
        return SSOT_GUARD_NONE;
    if (js_is(cond, "unary_expression")) {
        js_node op = js_field(cond, "operator"), arg = js_unwrap(js_field(cond, "argument"));
        if (js_text_is(c, op, "!") && (js_text_is(c, arg, name) ||
                                       (js_is(arg, "member_expression") &&
                                        js_text_is(c, js_field(arg, "property"), name))))
            return SSOT_GUARD_NOT;
        return SSOT_GUARD_NONE;
    }
    if (!js_is(cond, "binary_expression"))
        return SSOT_GUARD_NONE;
    js_node op = js_field(cond, "operator");
    js_node l = js_unwrap(js_field(cond, "left")), r = js_unwrap(js_field(cond, "right"));
    if (js_text_is(c, op, "||") || js_text_is(c, op, "&&")) {
        ssot_guard g = unset_test(c, l, name, depth + 1);
        return g ? g : unset_test(c, r, name, depth + 1);
    }
    if (!js_text_is(c, op, "==") && !js_text_is(c, op, "==="))
        return SSOT_GUARD_NONE;
    bool names_l = js_text_is(c, l, name) || (js_is(l, "unary_expression") &&
                                              js_text_is(c, js_field(l, "argument"), name));
    bool names_r = js_text_is(c, r, name);
    js_node other = names_l ? r : l;
    if (!names_l && !names_r)
        return SSOT_GUARD_NONE;
    if (js_is(other, "null") || js_is(other, "undefined") || js_text_is(c, other, "void 0") ||
        js_string(c, other))
        return SSOT_GUARD_IS_NONE;
    return SSOT_GUARD_NONE;
}

/* `if (x) return x;` (or `if (x != null) return x`): what follows runs only while x is unset. */
static bool early_return(js_ctx *c, js_node stmt, const char *name)
{
    if (!js_is(stmt, "if_statement") || !ft_is_null(js_field(stmt, "alternative")))
        return false;
    js_node cond = js_unwrap(js_field(stmt, "condition"));
    bool set = js_text_is(c, cond, name);
    if (js_is(cond, "binary_expression")) {
        js_node op = js_field(cond, "operator");
        set = (js_text_is(c, op, "!=") || js_text_is(c, op, "!==")) &&
              js_text_is(c, js_unwrap(js_field(cond, "left")), name);
    }
    if (!set)
        return false;
    js_node then = js_field(stmt, "consequence");
    if (js_is(then, "statement_block") && js_count(then) == 1)
        then = js_child(then, 0);
    return js_is(then, "return_statement");
}

static ssot_guard guard_of(mod_builder *b, js_node at, const char *name)
{
    js_ctx *c = b->c;
    js_node fn = b->scopes[b->depth - 1].fn;
    js_node n = at;
    for (int i = 0; i < 32 && !ft_is_null(n) && !ft_eq(n, fn); i++) {
        js_node parent = ft_parent(n);
        if (js_is(parent, "if_statement") && ft_eq(js_field(parent, "consequence"), n)) {
            ssot_guard g = unset_test(c, js_field(parent, "condition"), name, 0);
            if (g)
                return g;
        }
        if (js_is(parent, "statement_block")) {
            for (js_node p = ft_prev_named_sibling(n); !ft_is_null(p);
                 p = ft_prev_named_sibling(p))
                if (early_return(c, p, name))
                    return SSOT_GUARD_NOT;
        }
        /* `return x || (x = new X())`, `x ?? (x = ...)` */
        if (js_is(parent, "binary_expression") && ft_eq(js_field(parent, "right"), n) &&
            js_text_is(c, js_unwrap(js_field(parent, "left")), name))
            return SSOT_GUARD_NOT;
        n = parent;
    }
    return SSOT_GUARD_NONE;
}

static void assignment(mod_builder *b, js_node n)
{
    js_ctx *c = b->c;
    js_node left = js_unwrap(js_field(n, "left")), right = js_field(n, "right");
    if (js_is(left, "subscript_expression") || js_is(left, "member_expression")) {
        js_node root = chain_root(left);
        if (ft_is_null(root))
            return;
        js_node key = js_is(left, "subscript_expression") ? js_field(left, "index") : NULL;
        /* `NAME.x = v` changes an object; `NAME.x.y = v` changes what it holds */
        mutated(b, root, key, right);
        return;
    }
    if (!js_is(left, "identifier") || !b->depth)
        return;
    int32_t at = binding_of(b, left);
    if (at < 0 || !b->mutable_binding.items[at] || shadowed(b, left))
        return;
    const char *name = b->bindings.items[at].name;
    js_node op = js_field(n, "operator");
    ssot_guard guard = SSOT_GUARD_NONE;
    if (js_is(n, "augmented_assignment_expression")) {
        if (js_text_is(c, op, "?\?="))
            guard = SSOT_GUARD_IS_NONE;
        else if (js_text_is(c, op, "||="))
            guard = SSOT_GUARD_NOT;
        else
            return; /* counters */
    }
    js_node value = js_unwrap(right);
    /* `x = x || new X()`, `x = x ?? new X()` */
    if (js_is(value, "binary_expression") && js_text_is(c, js_unwrap(js_field(value, "left")), name)) {
        js_node vop = js_field(value, "operator");
        if (js_text_is(c, vop, "||") || js_text_is(c, vop, "??")) {
            guard = SSOT_GUARD_NOT;
            value = js_field(value, "right");
        }
    }
    if (!guard)
        guard = guard_of(b, n, name);
    ssot_global_write w = {0};
    w.function = b->scopes[b->depth - 1].symbol;
    w.name = name;
    w.loc = js_loc(c, n);
    bool filled;
    w.kind = value_kind(b, value, &w.callee, &w.as_written, &filled);
    w.guard = guard;
    SSOT_VEC_PUSH(&b->writes, w);
}

static void call(mod_builder *b, js_node n)
{
    js_ctx *c = b->c;
    /* the callee is the call's first child: cheaper than a look-up by field name, and this
       runs for every call of the file */
    js_node fn = js_all_child(n, 0);
    if (!js_is(fn, "member_expression"))
        return;
    uint32_t kids = js_all_count(fn);
    js_node prop = kids ? js_all_child(fn, kids - 1) : NULL;
    if (!js_is(prop, "property_identifier"))
        return;
    uint32_t s = ft_start_byte(prop), e = ft_end_byte(prop);
    if (!js_is_mutator(c->src + s, e - s))
        return;
    js_node root = chain_root(js_field(fn, "object"));
    if (ft_is_null(root))
        return;
    if (!b->depth) {
        /* `REGISTRY.set(...)` in the module body: filled at import */
        int32_t at = binding_of(b, root);
        if (at >= 0)
            b->bindings.items[at].flags |= SSOT_BF_IMPORT_FILLED;
        return;
    }
    js_node args = js_field(n, "arguments");
    uint32_t argc = js_count(args);
    js_node key = argc >= 2 ? js_child(args, 0) : NULL;
    js_node value = argc >= 2 ? js_child(args, 1)
                   : argc == 1 ? js_child(args, 0)
                               : NULL;
    mutated(b, root, key, value);
}

static void reference(mod_builder *b, js_node n)
{
    if (!b->depth)
        return;
    int32_t at = binding_of(b, n);
    if (at < 0)
        return;
    /* a declaration's own name is no use (a property name is no identifier) */
    js_node parent = ft_parent(n);
    if (js_is(parent, "variable_declarator") && ft_eq(js_field(parent, "name"), n))
        return;
    ssot_binding *bd = &b->bindings.items[at];
    scope *s = &b->scopes[b->depth - 1];
    bd->flags |= SSOT_BF_READ;
    if (s->handler && !(bd->flags & SSOT_BF_HANDLER_READ)) {
        bd->flags |= SSOT_BF_HANDLER_READ;
        bd->handler = s->symbol;
    }
}

typedef struct walk_ctx {
    mod_builder *b;
    SSOT_VEC(uint32_t) class_ends;
} walk_ctx;

static bool walk_node(void *ctx, js_node n)
{
    walk_ctx *w = ctx;
    mod_builder *b = w->b;
    js_kind kind = js_kind_of(&b->kinds, n);
    if (kind == JK_OTHER)
        return true;
    uint32_t start = ft_start_byte(n);
    while (b->depth && start >= b->scopes[b->depth - 1].end)
        pop_scope(b);
    if (b->class_name && start >= b->class_end)
        b->class_name = NULL;
    switch (kind) {
    case JK_CLASS: {
        js_node name = js_field(n, "name");
        if (!ft_is_null(name)) {
            b->class_name = js_text(b->c, name);
            b->class_end = ft_end_byte(n);
        }
        break;
    }
    case JK_FUNCTION:
        push_scope(b, n);
        break;
    case JK_ASSIGN:
    case JK_AUG_ASSIGN:
        assignment(b, n);
        break;
    case JK_CALL:
        call(b, n);
        break;
    case JK_UNARY:
        if (js_text_is(b->c, js_field(n, "operator"), "delete")) {
            js_node arg = js_unwrap(js_field(n, "argument"));
            js_node root = chain_root(arg);
            if (!ft_is_null(root))
                mutated(b, root,
                        js_is(arg, "subscript_expression") ? js_field(arg, "index") : NULL,
                        NULL);
        }
        break;
    case JK_IDENTIFIER:
        reference(b, n);
        break;
    default:
        break;
    }
    return true;
}

/* ---- module functions and the file's kind ---- */

static void module_functions(mod_builder *b)
{
    js_ctx *c = b->c;
    js_node root = c->root;
    for (uint32_t i = 0; i < js_count(root); i++) {
        js_node s = js_child(root, i);
        js_node d = js_is(s, "export_statement") ? js_field(s, "declaration") : s;
        js_node fn = {0}, name = {0};
        if (js_is(d, "function_declaration")) {
            fn = d;
            name = js_field(d, "name");
        } else if (js_is(d, "lexical_declaration")) {
            js_node v = js_child(d, 0);
            js_node value = js_unwrap(js_field(v, "value"));
            if (js_is(v, "variable_declarator") &&
                (js_is(value, "arrow_function") || js_is(value, "function_expression"))) {
                fn = value;
                name = js_field(v, "name");
            }
        }
        if (ft_is_null(fn) || !js_is(name, "identifier"))
            continue;
        ssot_module_fn m = {0};
        m.name = js_text(c, name);
        m.loc = js_loc(c, name);
        m.decorators = ssot_arena_alloc(c->arena, sizeof(char *));
        js_strings params = {0};
        function_params(c, fn, &params);
        js_node plist = js_field(fn, "parameters");
        bool defaulted = true;
        for (uint32_t k = 0; k < js_count(plist); k++) {
            js_node p = js_child(plist, k);
            if (js_is(p, "optional_parameter") || js_is(p, "assignment_pattern"))
                continue;
            if (js_is(p, "required_parameter") && !ft_is_null(js_field(p, "value")))
                continue;
            defaulted = false;
        }
        m.only_defaulted = defaulted;
        m.handler = params.count >= 2 &&
                    (!strcmp(params.items[0], "req") || !strcmp(params.items[0], "request")) &&
                    (!strncmp(params.items[1], "res", 3) || !strcmp(params.items[1], "reply"));
        m.handler |= js_is(s, "export_statement") && http_verb(m.name, strlen(m.name), true);
        free(params.items);
        SSOT_VEC_PUSH(&b->fns, m);
    }
}

static bool imports_any(const mod_builder *b, const char *const *names)
{
    for (size_t i = 0; i < b->imports.count; i++) {
        const char *m = b->imports.items[i].module;
        if (!b->package_import.items[i])
            continue;
        if (!strncmp(m, "node:", 5))
            m += 5;
        for (const char *const *n = names; *n; n++) {
            size_t k = strlen(*n);
            if (!strncmp(m, *n, k) && (m[k] == '\0' || m[k] == '/'))
                return true;
        }
    }
    return false;
}

static void file_kind(mod_builder *b)
{
    static const char *const servers[] = {
        "express", "fastify", "koa", "@koa/router", "koa-router", "@hapi/hapi", "hapi",
        "@nestjs/common", "@nestjs/core", "hono", "next/server", "restify", "polka", "h3",
        "socket.io", "ws", "@trpc/server", "@apollo/server", "apollo-server",
        "apollo-server-express", "graphql-yoga", "@remix-run/node", "elysia", NULL,
    };
    static const char *const tools[] = {
        "commander", "yargs", "minimist", "cac", "meow", "inquirer", "@inquirer/prompts",
        "prompts", "vitest", "@jest/globals", "mocha", "chai", "@playwright/test", "jest",
        NULL,
    };
    /* a module that renders a user interface runs in one user's browser (unless it is
       React server code: a "use server" module) */
    static const char *const interfaces[] = {
        "react", "react-dom", "vue", "svelte", "solid-js", "preact", "@angular/core", "lit",
        NULL,
    };
    js_ctx *c = b->c;
    bool shebang = c->len > 2 && c->src[0] == '#' && c->src[1] == '!';
    /* a directive is the module's first statement */
    js_node first = js_child(c->root, 0);
    while (js_is(first, "comment"))
        first = ft_next_named_sibling(first);
    const char *directive = js_is(first, "expression_statement")
                                ? js_string(c, js_child(first, 0))
                                : NULL;
    bool server_code = directive && !strcmp(directive, "use server");
    bool ui = imports_any(b, interfaces) && !server_code;
    c->facts->serves = b->has_handler || imports_any(b, servers);
    c->facts->tool = !b->has_handler && (shebang || ui || imports_any(b, tools));
}

static void store(mod_builder *b)
{
    js_ctx *c = b->c;
    JS_MOVE_TO_ARENA(c->arena, b->bindings, c->facts->bindings, c->facts->binding_count);
    JS_MOVE_TO_ARENA(c->arena, b->fns, c->facts->module_fns, c->facts->module_fn_count);
    JS_MOVE_TO_ARENA(c->arena, b->writes, c->facts->global_writes, c->facts->global_write_count);
    JS_MOVE_TO_ARENA(c->arena, b->imports, c->facts->imports, c->facts->import_count);
    ssot_import_writes_store(&b->import_writes, c->facts, c->arena);
    free(b->mutable_binding.items);
    free(b->package_import.items);
    free(b->namespace_import.items);
}

void js_module_state(js_ctx *c)
{
    mod_builder b = {0};
    b.c = c;
    js_kinds_init(&b.kinds, ft_language(c->root));
    module_block(&b, c->root, 0);
    walk_ctx w = {&b, {0}};
    js_each_node(c->root, walk_node, &w);
    while (b.depth)
        pop_scope(&b);
    free(w.class_ends.items);
    module_functions(&b);
    file_kind(&b);
    /* the state of a module `let` only a function assigns is what it assigns: the binding
       itself holds nothing yet */
    store(&b);
    js_classes(c, &b.kinds);
    js_kinds_fini(&b.kinds);
}

void js_module_imports(js_ctx *c)
{
    mod_builder b = {0};
    b.c = c;
    module_block(&b, c->root, 0);
    free(b.bindings.items);
    b.bindings.items = NULL;
    b.bindings.count = 0;
    JS_MOVE_TO_ARENA(c->arena, b.imports, c->facts->imports, c->facts->import_count);
    ssot_import_writes_store(&b.import_writes, c->facts, c->arena);
    free(b.mutable_binding.items);
    free(b.package_import.items);
    free(b.namespace_import.items);
}
