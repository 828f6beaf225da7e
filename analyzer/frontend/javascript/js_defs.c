/* analyzer/frontend/javascript/js_defs.c - definitions of JavaScript/TypeScript service files for
 * the DD rules: module-level functions (declarations and `const f = () => {}`), classes and
 * their methods, UPPER_CASE constants bound to literals, and type-only declarations
 * (interfaces, type aliases, enums, compared as classes: by name and an identical body).
 * Sizes and fingerprints come from one tree-cursor walk streamed into xxHash3, as for
 * Python: type-1 (node types and token text), type-2 (parameters and locals numbered by
 * first binding, literals by kind), the shape, and the string literals. Comments and type
 * annotations are left out, so a JavaScript copy of a TypeScript function is a copy. */
#define XXH_STATIC_LINKING_ONLY
#include "analyzer/frontend/javascript/js_service.h"

#include <ctype.h>
#include <xxhash.h>

#include "analyzer/base/hash_stream.h"
#include "analyzer/facts/constant_name.h"

#include "analyzer/config/config.h"
#include "analyzer/config/config_internal.h"
#include "analyzer/facts/assertions.h"

typedef SSOT_VEC(ssot_definition) js_defs;

enum { FP_NAMES = 128, UP_MARK = 0xFFFF, FP_STRINGS = 32, FP_DEPTH = 512 };

typedef struct fp_syms {
    TSSymbol identifier, property_identifier, shorthand_property_identifier, string,
        template_string, number, t_true, t_false, t_null, t_undefined, comment, statement_block,
        regex;
    TSSymbol formal_parameters, required_parameter, optional_parameter, assignment_pattern,
        rest_pattern, object_pattern, array_pattern, shorthand_pattern, pair_pattern,
        variable_declarator, for_in, catch_clause, arrow_function, function_declaration;
    TSSymbol if_stmt, ternary, for_stmt, while_stmt, do_stmt, try_stmt, throw_stmt, switch_stmt;
    TSSymbol type_annotation, type_arguments, type_parameters, decorator;
    TSFieldId f_name, f_pattern, f_left, f_value, f_parameter, f_return_type, f_body,
        f_parameters, f_type;
    /* symbol -> a code from its name: the JavaScript, TypeScript and TSX grammars number
       their symbols apart, and a copy across them is still a copy */
    uint16_t *code;
    size_t code_count;
} fp_syms;

typedef struct fp_walk {
    const char *src;
    const fp_syms *sy;
    ssot_hash_stream s1, s2, s3, s4;
    uint64_t names[FP_NAMES];
    unsigned name_count;
    js_strings *strings;
    ssot_arena *arena;
    uint32_t nodes, lines, literals;
    bool logic;
} fp_walk;

static int fp_name_find(const fp_walk *w, uint64_t h)
{
    for (unsigned i = 0; i < w->name_count; i++)
        if (w->names[i] == h)
            return (int)i;
    return -1;
}

static bool is_sym(TSSymbol s, TSSymbol a)
{
    return a != 0 && s == a;
}

/* Does an identifier bind a name, by its parent and its field there? */
static bool binds(const fp_syms *sy, TSSymbol parent, TSFieldId field)
{
    if (is_sym(parent, sy->formal_parameters) || is_sym(parent, sy->rest_pattern) ||
        is_sym(parent, sy->array_pattern) || is_sym(parent, sy->shorthand_pattern))
        return true;
    if (is_sym(parent, sy->required_parameter) || is_sym(parent, sy->optional_parameter))
        return field == sy->f_pattern;
    if (is_sym(parent, sy->variable_declarator) || is_sym(parent, sy->function_declaration))
        return field == sy->f_name;
    if (is_sym(parent, sy->assignment_pattern) || is_sym(parent, sy->for_in))
        return field == sy->f_left;
    if (is_sym(parent, sy->pair_pattern))
        return field == sy->f_value;
    if (is_sym(parent, sy->catch_clause) || is_sym(parent, sy->arrow_function))
        return field == sy->f_parameter;
    return false;
}

static void fp_identifier(fp_walk *w, const char *text, uint32_t len, bool bind)
{
    ssot_hash_put_text(&w->s1, text, len);
    uint64_t h = XXH3_64bits(text, len);
    if (bind && fp_name_find(w, h) < 0 && w->name_count < FP_NAMES)
        w->names[w->name_count++] = h;
    int k = fp_name_find(w, h);
    if (k >= 0) {
        uint32_t v = (uint32_t)k | 0x80000000u;
        ssot_hash_put(&w->s2, &v, sizeof(v));
        return;
    }
    ssot_hash_put_text(&w->s2, text, len);
}

/* Type annotations, type arguments and decorators do not change what the code does. */
static bool left_out(const fp_syms *sy, TSSymbol sym, TSFieldId field)
{
    return sym == sy->comment || is_sym(sym, sy->type_annotation) ||
           is_sym(sym, sy->type_arguments) || is_sym(sym, sy->type_parameters) ||
           is_sym(sym, sy->decorator) || (field && field == sy->f_return_type);
}

/* Walk one subtree into the streams (the node itself included). `types` keeps type
 * annotations in (a type-only declaration is made of them). */
static void fp_walk_tree(fp_walk *w, js_node top, bool types)
{
    const fp_syms *sy = w->sy;
    js_node open[FP_DEPTH];
    TSSymbol stack[FP_DEPTH];
    unsigned depth = 0;
    stack[0] = 0;
    if (!top)
        return;
    for (js_node n = top;;) {
        TSSymbol sym = ft_symbol(n);
        TSFieldId field = depth ? n->field : 0;
        TSSymbol parent = depth ? stack[depth - 1] : 0;
        bool descend = false;
        if (!(types ? sym == sy->comment : left_out(sy, sym, field))) {
            bool named = ft_is_named(n);
            w->nodes += named;
            w->logic |= sym == sy->if_stmt || sym == sy->ternary || sym == sy->for_stmt ||
                        sym == sy->for_in || sym == sy->while_stmt || sym == sy->do_stmt ||
                        sym == sy->try_stmt || sym == sy->throw_stmt || sym == sy->switch_stmt;
            if (parent == sy->statement_block && named)
                w->lines++;
            bool literal = sym == sy->string || sym == sy->number || sym == sy->template_string ||
                           is_sym(sym, sy->regex);
            bool boolean = sym == sy->t_true || sym == sy->t_false;
            w->literals += literal || boolean;
            uint32_t b = ft_start_byte(n), e = ft_end_byte(n);
            if (sym == sy->string || sym == sy->template_string) {
                ssot_hash_put_text(&w->s4, w->src + b, e - b);
                if (w->strings && w->strings->count < FP_STRINGS)
                    SSOT_VEC_PUSH(w->strings, ssot_arena_strndup(w->arena, w->src + b, e - b));
            }
            TSSymbol kind = sym == sy->template_string ? sy->string
                            : sym == sy->t_false       ? sy->t_true
                                                       : sym;
            kind = kind < sy->code_count ? sy->code[kind] : kind;
            ssot_hash_put16(&w->s1, sym < sy->code_count ? sy->code[sym] : sym);
            ssot_hash_put16(&w->s2, kind);
            ssot_hash_put16(&w->s3, kind);
            if (literal) {
                ssot_hash_put_text(&w->s1, w->src + b, e - b);
            } else if (sym == sy->identifier || sym == sy->shorthand_pattern) {
                fp_identifier(w, w->src + b, e - b,
                              sym == sy->shorthand_pattern || binds(sy, parent, field));
            } else if (sym == sy->shorthand_property_identifier) {
                fp_identifier(w, w->src + b, e - b, false);
            } else if (js_all_count(n) == 0) {
                if (named || e - b > 0) {
                    ssot_hash_put_text(&w->s1, w->src + b, e - b);
                    if (!boolean)
                        ssot_hash_put_text(&w->s2, w->src + b, e - b);
                }
            } else if (depth + 1 < FP_DEPTH) {
                descend = true;
            }
        }
        if (descend && ft_child_count(n) > 0) {
            open[depth] = n;
            stack[depth++] = sym;
            n = ft_next(n);
            continue;
        }
        for (;;) {
            if (depth == 0)
                return;
            js_node next = ft_skip(n);
            if (next < ft_skip(open[depth - 1])) { /* a next sibling */
                n = next;
                break;
            }
            n = open[--depth];
            ssot_hash_put16(&w->s1, UP_MARK);
            ssot_hash_put16(&w->s2, UP_MARK);
            ssot_hash_put16(&w->s3, UP_MARK);
        }
    }
}

static void fp_syms_init(fp_syms *sy, const TSLanguage *lang)
{
#define SYM(f, name) sy->f = ts_language_symbol_for_name(lang, name, sizeof(name) - 1, true)
    SYM(identifier, "identifier");
    SYM(property_identifier, "property_identifier");
    SYM(shorthand_property_identifier, "shorthand_property_identifier");
    SYM(string, "string");
    SYM(template_string, "template_string");
    SYM(number, "number");
    SYM(t_true, "true");
    SYM(t_false, "false");
    SYM(t_null, "null");
    SYM(t_undefined, "undefined");
    SYM(comment, "comment");
    SYM(statement_block, "statement_block");
    SYM(regex, "regex");
    SYM(formal_parameters, "formal_parameters");
    SYM(required_parameter, "required_parameter");
    SYM(optional_parameter, "optional_parameter");
    SYM(assignment_pattern, "assignment_pattern");
    SYM(rest_pattern, "rest_pattern");
    SYM(object_pattern, "object_pattern");
    SYM(array_pattern, "array_pattern");
    SYM(shorthand_pattern, "shorthand_property_identifier_pattern");
    SYM(pair_pattern, "pair_pattern");
    SYM(variable_declarator, "variable_declarator");
    SYM(for_in, "for_in_statement");
    SYM(catch_clause, "catch_clause");
    SYM(arrow_function, "arrow_function");
    SYM(function_declaration, "function_declaration");
    SYM(if_stmt, "if_statement");
    SYM(ternary, "ternary_expression");
    SYM(for_stmt, "for_statement");
    SYM(while_stmt, "while_statement");
    SYM(do_stmt, "do_statement");
    SYM(try_stmt, "try_statement");
    SYM(throw_stmt, "throw_statement");
    SYM(switch_stmt, "switch_statement");
    SYM(type_annotation, "type_annotation");
    SYM(type_arguments, "type_arguments");
    SYM(type_parameters, "type_parameters");
    SYM(decorator, "decorator");
#undef SYM
#define FIELD(f, name) sy->f = ts_language_field_id_for_name(lang, name, sizeof(name) - 1)
    FIELD(f_name, "name");
    FIELD(f_pattern, "pattern");
    FIELD(f_left, "left");
    FIELD(f_value, "value");
    FIELD(f_parameter, "parameter");
    FIELD(f_return_type, "return_type");
    FIELD(f_body, "body");
    FIELD(f_parameters, "parameters");
    FIELD(f_type, "type");
#undef FIELD
    sy->code_count = ts_language_symbol_count(lang);
    sy->code = ssot_calloc(sy->code_count + 1, sizeof(*sy->code));
    for (size_t i = 0; i < sy->code_count; i++) {
        const char *name = ts_language_symbol_name(lang, (TSSymbol)i);
        uint16_t v = (uint16_t)XXH3_64bits(name, strlen(name));
        /* named and anonymous nodes of one name (`string` and "string") stay apart */
        sy->code[i] = v == UP_MARK ? 1 : (uint16_t)(v ^ (ts_language_symbol_type(lang, (TSSymbol)i) == TSSymbolTypeRegular ? 0 : 0x5555));
    }
}

static void fp_reset(fp_walk *w)
{
    w->name_count = 0;
    w->nodes = w->lines = w->literals = 0;
    w->logic = false;
    w->s1.n = w->s2.n = w->s3.n = w->s4.n = 0;
    XXH3_64bits_reset(&w->s1.st);
    XXH3_64bits_reset(&w->s2.st);
    XXH3_64bits_reset(&w->s3.st);
    XXH3_64bits_reset(&w->s4.st);
}

/* The parameters' names are numbered (walked first, into no stream), then the body. */
static void fingerprint(js_ctx *c, const fp_syms *sy, js_node params, js_node body, bool types,
                        ssot_definition *d)
{
    fp_walk walk, *w = &walk;
    w->src = c->src;
    w->sy = sy;
    w->arena = c->arena;
    js_strings strings = {0};
    w->strings = d->kind == SSOT_DEF_CLASS ? NULL : &strings;
    fp_reset(w);
    if (!ft_is_null(params)) {
        js_strings *keep = w->strings;
        w->strings = NULL;
        fp_walk_tree(w, params, false);
        unsigned names = w->name_count;
        uint64_t saved[FP_NAMES];
        memcpy(saved, w->names, sizeof(saved));
        fp_reset(w);
        memcpy(w->names, saved, sizeof(saved));
        w->name_count = names;
        w->strings = keep;
    }
    if (!ft_is_null(body))
        fp_walk_tree(w, body, types);
    d->fp1 = ssot_hash_digest(&w->s1);
    d->fp2 = ssot_hash_digest(&w->s2);
    d->fp3 = ssot_hash_digest(&w->s3);
    d->fpl = ssot_hash_digest(&w->s4);
    JS_MOVE_TO_ARENA(c->arena, strings, d->strings, d->string_count);
    if (w->logic)
        d->flags |= SSOT_DEFF_LOGIC;
    d->nodes = w->nodes;
    d->lines = w->lines;
    /* an expression body (`x => x.id`) is one statement */
    if (!js_is(body, "statement_block") && d->lines == 0)
        d->lines = 1;
    if (w->literals * 5 >= w->nodes || (d->lines <= 1 && w->literals > 0))
        d->flags |= SSOT_DEFF_LITERALS;
}

/* ---- the definitions ---- */

typedef struct defs_ctx {
    js_ctx *c;
    fp_syms sy;
    js_defs defs;
    unsigned min_nodes, min_lines;
    const ssot_strlist *ignore;
} defs_ctx;

static uint32_t name_flags(const defs_ctx *x, const char *name)
{
    uint32_t f = 0;
    if (name[0] == '_' || name[0] == '#')
        f |= SSOT_DEFF_PRIVATE;
    for (size_t i = 0; x->ignore && i < x->ignore->count; i++)
        if (!strcmp(x->ignore->items[i], name))
            f |= SSOT_DEFF_IGNORED;
    return f;
}

static bool exception_name(const char *name)
{
    size_t n = strlen(name);
    return (n >= 5 && !strcmp(name + n - 5, "Error")) ||
           (n >= 9 && !strcmp(name + n - 9, "Exception"));
}

static void add_function(defs_ctx *x, js_node fn, js_node name, int32_t parent, uint32_t flags)
{
    js_ctx *c = x->c;
    if (ft_is_null(name))
        return;
    ssot_definition d = {0};
    d.kind = parent >= 0 ? SSOT_DEF_METHOD : SSOT_DEF_FUNCTION;
    d.name = js_text(c, name);
    d.qualname = parent >= 0
                     ? ssot_arena_printf(c->arena, "%s.%s", x->defs.items[parent].qualname, d.name)
                     : d.name;
    d.loc = js_loc(c, name);
    d.parent = parent;
    d.flags = flags | name_flags(x, d.name);
    d.members = ssot_arena_alloc(c->arena, sizeof(char *));
    d.bases = ssot_arena_alloc(c->arena, sizeof(char *));
    js_node params = js_field(fn, "parameters");
    if (ft_is_null(params))
        params = js_field(fn, "parameter");
    fingerprint(c, &x->sy, params, js_field(fn, "body"), false, &d);
    bool logic = d.flags & SSOT_DEFF_LOGIC;
    bool small = d.nodes < x->min_nodes ||
                 (d.lines < x->min_lines && d.nodes < 2 * x->min_nodes) ||
                 (d.lines <= 1 && !logic);
    bool protocol = !strcmp(d.name, "constructor") || !strcmp(d.name, "toString") ||
                    !strcmp(d.name, "toJSON");
    if (small && logic && !protocol && d.nodes >= x->min_nodes / 2)
        d.flags |= SSOT_DEFF_SHORT;
    else if (small || protocol)
        d.flags |= SSOT_DEFF_SMALL;
    SSOT_VEC_PUSH(&x->defs, d);
}

static js_node member_name(js_node m)
{
    js_node n = js_field(m, "name");
    return ft_is_null(n) ? js_field(m, "property") : n;
}

static void add_class(defs_ctx *x, js_node def, js_node name, uint32_t flags)
{
    js_ctx *c = x->c;
    ssot_definition d = {0};
    d.kind = SSOT_DEF_CLASS;
    d.name = d.qualname = js_text(c, name);
    d.loc = js_loc(c, name);
    d.parent = -1;
    d.flags = flags | name_flags(x, d.name);
    js_strings bases = {0}, members = {0};
    bool exc = exception_name(d.name);
    for (uint32_t i = 0; i < js_count(def); i++) {
        js_node h = js_child(def, i);
        if (!js_is(h, "class_heritage"))
            continue;
        for (uint32_t j = 0; j < js_count(h); j++) {
            js_node e = js_child(h, j);
            if (js_is(e, "implements_clause"))
                continue;
            const char *b = js_dotted(c, js_is(e, "extends_clause") ? js_field(e, "value") : e);
            if (b) {
                SSOT_VEC_PUSH(&bases, b);
                exc |= exception_name(ssot_last_segment(b));
            }
        }
    }
    if (exc)
        d.flags |= SSOT_DEFF_EXCEPTION;
    js_node body = js_field(def, "body");
    for (uint32_t i = 0; i < js_count(body); i++) {
        js_node m = js_child(body, i);
        js_node mn = member_name(m);
        if (!ft_is_null(mn) &&
            (js_is(m, "method_definition") || js_is(m, "field_definition") ||
             js_is(m, "public_field_definition")))
            SSOT_VEC_PUSH(&members, js_text(c, mn));
    }
    JS_MOVE_TO_ARENA(c->arena, bases, d.bases, d.base_count);
    JS_MOVE_TO_ARENA(c->arena, members, d.members, d.member_count);
    int32_t self = (int32_t)x->defs.count;
    SSOT_VEC_PUSH(&x->defs, d);
    uint32_t inherited = flags & SSOT_DEFF_GUARDED;
    /* the class body's fingerprints are its members' in order: a method by its name and its
       own fingerprints (walked once, for the method), any other member by its tree */
    fp_walk walk, *w = &walk;
    w->src = c->src;
    w->sy = &x->sy;
    w->arena = c->arena;
    w->strings = NULL;
    fp_reset(w);
    uint32_t nodes = 0;
    for (uint32_t i = 0; i < js_count(body); i++) {
        js_node m = js_child(body, i);
        if (!js_is(m, "method_definition")) {
            uint32_t before = w->nodes;
            fp_walk_tree(w, m, false);
            nodes += w->nodes - before;
            w->nodes = before;
            continue;
        }
        size_t at = x->defs.count;
        add_function(x, m, member_name(m), self, inherited);
        if (x->defs.count == at)
            continue;
        const ssot_definition *fn = &x->defs.items[at];
        uint32_t len = (uint32_t)strlen(fn->name);
        ssot_hash_put_text(&w->s1, fn->name, len);
        ssot_hash_put_text(&w->s2, fn->name, len);
        ssot_hash_put(&w->s1, &fn->fp1, sizeof(fn->fp1));
        ssot_hash_put(&w->s2, &fn->fp2, sizeof(fn->fp2));
        ssot_hash_put(&w->s3, &fn->fp3, sizeof(fn->fp3));
        nodes += fn->nodes + 1;
    }
    ssot_definition *k = &x->defs.items[self];
    k->fp1 = ssot_hash_digest(&w->s1);
    k->fp2 = ssot_hash_digest(&w->s2);
    k->fp3 = ssot_hash_digest(&w->s3);
    k->fpl = ssot_hash_digest(&w->s4);
    k->nodes = nodes;
    k->strings = ssot_arena_alloc(c->arena, sizeof(char *));
}

/* Interfaces, type aliases and enums: a class-like definition whose members are the
 * properties (or the union's alternatives, or the enum's names) and whose body is the type. */
static void add_type(defs_ctx *x, js_node def, uint32_t flags)
{
    js_ctx *c = x->c;
    js_node name = js_field(def, "name");
    js_node body = js_is(def, "type_alias_declaration") ? js_field(def, "value")
                                                        : js_field(def, "body");
    if (ft_is_null(name) || ft_is_null(body))
        return;
    ssot_definition d = {0};
    d.kind = SSOT_DEF_CLASS;
    d.name = d.qualname = js_text(c, name);
    d.loc = js_loc(c, name);
    d.parent = -1;
    d.flags = flags | name_flags(x, d.name) | SSOT_DEFF_TYPE;
    js_strings bases = {0}, members = {0};
    for (uint32_t i = 0; i < js_count(def); i++) {
        js_node h = js_child(def, i);
        if (!js_is(h, "extends_type_clause"))
            continue;
        for (uint32_t j = 0; j < js_count(h); j++) {
            const char *b = js_text(c, js_child(h, j));
            SSOT_VEC_PUSH(&bases, b);
        }
    }
    js_node list = js_is(body, "union_type") ? body : body;
    for (uint32_t i = 0; i < js_count(list); i++) {
        js_node m = js_child(list, i);
        js_node mn = js_field(m, "name");
        if (js_is(m, "comment"))
            continue;
        if (!ft_is_null(mn))
            SSOT_VEC_PUSH(&members, js_text(c, mn));
        else if (js_is(body, "union_type") || js_is(m, "property_identifier"))
            SSOT_VEC_PUSH(&members, js_text(c, m));
    }
    JS_MOVE_TO_ARENA(c->arena, bases, d.bases, d.base_count);
    JS_MOVE_TO_ARENA(c->arena, members, d.members, d.member_count);
    fingerprint(c, &x->sy, NULL, body, true, &d);
    d.flags &= ~(uint32_t)(SSOT_DEFF_LITERALS | SSOT_DEFF_LOGIC);
    SSOT_VEC_PUSH(&x->defs, d);
}

/* A literal's value as text (`'a'` and `"a"` alike); NULL for anything else. */
static const char *literal_text(js_ctx *c, js_node v, int depth)
{
    v = js_unwrap(v);
    if (ft_is_null(v) || depth > 4)
        return NULL;
    if (js_is(v, "string") || js_is(v, "template_string")) {
        const char *s = js_string(c, v);
        return s ? ssot_arena_printf(c->arena, "\"%s\"", s) : NULL;
    }
    if (js_is(v, "number") || js_is(v, "true") || js_is(v, "false") || js_is(v, "null"))
        return js_text(c, v);
    if (js_is(v, "unary_expression") && js_is(js_field(v, "argument"), "number"))
        return js_text(c, v);
    if (js_is(v, "array") || js_is(v, "object")) {
        for (uint32_t i = 0; i < js_count(v); i++) {
            js_node e = js_child(v, i);
            if (js_is(e, "comment"))
                continue;
            if (js_is(e, "pair")) {
                if (!literal_text(c, js_field(e, "value"), depth + 1))
                    return NULL;
            } else if (!literal_text(c, e, depth + 1)) {
                return NULL;
            }
        }
        /* whitespace-free text: `[1, 2]` and `[1,2]` alike */
        const char *t = js_text(c, v);
        char *out = ssot_arena_alloc(c->arena, strlen(t) + 1);
        size_t k = 0;
        char quote = 0;
        for (const char *p = t; *p; p++) {
            if (quote) {
                if (*p == quote && p[-1] != '\\')
                    quote = 0;
                out[k++] = *p == '\'' && !quote ? '"' : *p;
                continue;
            }
            if (*p == '\'' || *p == '"') {
                quote = *p;
                out[k++] = '"';
                continue;
            }
            if (!isspace((unsigned char)*p))
                out[k++] = *p;
        }
        out[k] = '\0';
        return out;
    }
    /* `Object.freeze([...])`, `as const` (unwrapped) */
    if (js_is(v, "call_expression") && js_text_is(c, js_field(v, "function"), "Object.freeze")) {
        js_node args = js_field(v, "arguments");
        return js_count(args) == 1
                   ? literal_text(c, js_child(args, 0), depth + 1)
                   : NULL;
    }
    return NULL;
}

static void declarators(defs_ctx *x, js_node decl, uint32_t flags)
{
    js_ctx *c = x->c;
    js_node kind = js_field(decl, "kind");
    bool is_const = !ft_is_null(kind) && js_text_is(c, kind, "const");
    for (uint32_t i = 0; i < js_count(decl); i++) {
        js_node v = js_child(decl, i);
        if (!js_is(v, "variable_declarator"))
            continue;
        js_node name = js_field(v, "name"), value = js_unwrap(js_field(v, "value"));
        if (!js_is(name, "identifier") || ft_is_null(value))
            continue;
        if (js_is(value, "arrow_function") || js_is(value, "function_expression") ||
            js_is(value, "function")) {
            add_function(x, value, name, -1, flags);
            continue;
        }
        if (js_is(value, "class")) {
            add_class(x, value, name, flags);
            continue;
        }
        if (!is_const)
            continue;
        const char *n = js_text(c, name);
        if (!ssot_is_constant_name(n))
            continue;
        const char *lit = literal_text(c, value, 0);
        if (!lit)
            continue;
        ssot_definition d = {0};
        d.kind = SSOT_DEF_CONSTANT;
        d.name = d.qualname = n;
        d.loc = js_loc(c, name);
        d.parent = -1;
        d.literal = lit;
        d.flags = flags | name_flags(x, n);
        d.members = ssot_arena_alloc(c->arena, sizeof(char *));
        d.bases = ssot_arena_alloc(c->arena, sizeof(char *));
        d.strings = ssot_arena_alloc(c->arena, sizeof(char *));
        SSOT_VEC_PUSH(&x->defs, d);
    }
}

static void walk_block(defs_ctx *x, js_node block, uint32_t flags, int depth)
{
    if (depth > 8)
        return;
    for (uint32_t i = 0; i < js_count(block); i++) {
        js_node s = js_child(block, i);
        js_node d = s;
        /* a class or type the module does not export is its own business, as a Python
           `_Name` is: DD001 compares what modules share */
        uint32_t local = SSOT_DEFF_PRIVATE;
        if (js_is(s, "export_statement")) {
            d = js_field(s, "declaration");
            if (ft_is_null(d))
                continue;
            local = 0;
        }
        if (js_is(d, "function_declaration") || js_is(d, "generator_function_declaration")) {
            add_function(x, d, js_field(d, "name"), -1, flags);
        } else if (js_is(d, "class_declaration") || js_is(d, "abstract_class_declaration")) {
            js_node name = js_field(d, "name");
            if (!ft_is_null(name))
                add_class(x, d, name, flags | local);
        } else if (js_is(d, "lexical_declaration") || js_is(d, "variable_declaration")) {
            declarators(x, d, flags);
        } else if (js_is(d, "interface_declaration") || js_is(d, "type_alias_declaration") ||
                   js_is(d, "enum_declaration")) {
            add_type(x, d, flags | local);
        } else if (js_is(d, "if_statement") || js_is(d, "try_statement") ||
                   js_is(d, "else_clause") || js_is(d, "catch_clause") ||
                   js_is(d, "finally_clause") || js_is(d, "statement_block")) {
            for (uint32_t k = 0; k < js_count(d); k++) {
                js_node b = js_child(d, k);
                if (js_is(b, "statement_block") || js_is(b, "else_clause") ||
                    js_is(b, "catch_clause") || js_is(b, "finally_clause"))
                    walk_block(x, b, flags | SSOT_DEFF_GUARDED, depth + 1);
            }
            if (js_is(d, "statement_block"))
                walk_block(x, d, flags | SSOT_DEFF_GUARDED, depth + 1);
        }
    }
}

static bool has_component(const char *path, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = path; (p = strstr(p, name)) != NULL; p += n)
        if ((p == path || p[-1] == '/') && p[n] == '/')
            return true;
    return false;
}

static bool path_ends(const char *path, const char *suffix)
{
    size_t a = strlen(path), b = strlen(suffix);
    return a >= b && !strcmp(path + a - b, suffix);
}

bool js_defs_skip_file(const char *path, const char *src, size_t len)
{
    static const char *const vendored[] = {
        "vendor", "vendored", "third_party", "node_modules", "bower_components", NULL,
    };
    static const char *const declarations[] = {".d.ts", ".d.mts", ".d.cts", ".min.js",
                                               ".min.mjs", NULL};
    for (const char *const *d = declarations; *d; d++)
        if (path_ends(path, *d))
            return true;
    for (const char *const *v = vendored; *v; v++)
        if (has_component(path, *v))
            return true;
    /* a bundle: a line of over 1,000 bytes among the first 16 KiB (minified code) */
    for (size_t i = 0, start = 0; i < len && i < (16u << 10); i++) {
        if (src[i] == '\n')
            start = i + 1;
        else if (i - start > 1000)
            return true;
    }
    /* a comment in the first 5 lines saying the file is generated */
    unsigned row = 0;
    for (size_t i = 0; i < len && row < 5; row++) {
        size_t e = i;
        while (e < len && src[e] != '\n')
            e++;
        size_t s = i;
        while (s < e && (src[s] == ' ' || src[s] == '\t'))
            s++;
        if (s + 1 < e && (src[s] == '/' || src[s] == '*') &&
            (src[s + 1] == '/' || src[s + 1] == '*' || src[s + 1] == ' ')) {
            char line[160];
            size_t k = 0;
            for (size_t j = s; j < e && k + 1 < sizeof(line); j++)
                line[k++] = (char)tolower((unsigned char)src[j]);
            line[k] = '\0';
            if (strstr(line, "generated") || strstr(line, "do not edit"))
                return true;
        }
        i = e + 1;
    }
    return false;
}

/* `export { Store }`, `export default Store`, `module.exports = Store`: a class or type
 * declared without `export` and exported by name afterwards is shared after all. */
static void exported_later(defs_ctx *x)
{
    js_ctx *c = x->c;
    js_node root = c->root;
    for (uint32_t i = 0; i < js_count(root); i++) {
        js_node s = js_child(root, i), names[64];
        size_t n = 0;
        if (js_is(s, "export_statement") && ft_is_null(js_field(s, "source"))) {
            js_node v = js_unwrap(js_field(s, "value"));
            if (js_is(v, "identifier"))
                names[n++] = v;
            for (uint32_t k = 0; k < js_count(s); k++) {
                js_node clause = js_child(s, k);
                if (!js_is(clause, "export_clause"))
                    continue;
                for (uint32_t j = 0; j < js_count(clause) && n < 64; j++) {
                    js_node name = js_field(js_child(clause, j), "name");
                    if (js_is(name, "identifier"))
                        names[n++] = name;
                }
            }
        } else if (js_is(s, "expression_statement")) {
            js_node e = js_child(s, 0);
            js_node v = js_unwrap(js_field(e, "right"));
            if (js_is(e, "assignment_expression") && js_is(v, "identifier"))
                names[n++] = v;
        }
        for (size_t k = 0; k < n; k++)
            for (size_t d = 0; d < x->defs.count; d++) {
                ssot_definition *def = &x->defs.items[d];
                if (def->parent < 0 && def->kind == SSOT_DEF_CLASS && def->name[0] != '_' &&
                    def->name[0] != '#' && js_text_is(c, names[k], def->name))
                    def->flags &= ~(uint32_t)SSOT_DEFF_PRIVATE;
            }
    }
}

void js_definitions(js_ctx *c)
{
    if (js_defs_skip_file(c->facts->path ? c->facts->path : "", c->src, c->len))
        return;
    defs_ctx x = {0};
    x.c = c;
    fp_syms_init(&x.sy, ft_language(c->root));
    const ssot_config *cfg = c->facts->config;
    x.min_nodes = cfg ? cfg->dup_min_nodes : SSOT_CONFIG_DEFAULT_DUP_MIN_NODES;
    x.min_lines = cfg ? cfg->dup_min_lines : SSOT_CONFIG_DEFAULT_DUP_MIN_LINES;
    x.ignore = cfg ? &cfg->dup_ignore_names : NULL;
    walk_block(&x, c->root, 0, 0);
    exported_later(&x);
    free(x.sy.code);
    JS_MOVE_TO_ARENA(c->arena, x.defs, c->facts->definitions, c->facts->definition_count);
}
