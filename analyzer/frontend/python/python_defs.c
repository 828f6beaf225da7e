/* analyzer/frontend/python/python_defs.c - definitions for the DD rules: classes, functions,
 * methods and module-level constants of service files, with size (named AST nodes, logical
 * lines) and two fingerprints of parameters and body, streamed into xxHash3 while a tree
 * cursor walks them once: type-1 (node types and token text) and type-2 (parameters and
 * locals numbered by first binding, literals by kind; `self.m` numbered too when `m` is a
 * method of the class itself), plus the shape, and the strings and own methods it uses
 * alone. Docstrings and comments are left
 * out; positions never enter a fingerprint, so moving a definition keeps it. */
#define XXH_STATIC_LINKING_ONLY
#include "analyzer/frontend/python/python_defs.h"

#include <ctype.h>
#include <stdlib.h>
#include <xxhash.h>

#include "analyzer/base/hash_stream.h"
#include "analyzer/facts/constant_name.h"

#include "analyzer/facts/assertions.h"
#include "analyzer/config/config.h"
#include "analyzer/config/config_internal.h"

typedef SSOT_VEC(ssot_definition) py_defs;

enum { FP_NAMES = 128, FP_DEPTH = 256, UP_MARK = 0xFFFF, FP_STRINGS = 32 };

/* The grammar's symbols and fields the walk compares, looked up once per file. */
typedef struct fp_syms {
    TSSymbol identifier, string, concat_string, integer, flt, block, expr_stmt, comment, t_true,
        t_false;
    TSSymbol parameters, lambda_parameters, default_parameter, typed_parameter,
        typed_default_parameter, list_splat_pattern, dict_splat_pattern;
    TSSymbol assignment, aug_assignment, for_statement, for_in_clause, pattern_list,
        tuple_pattern, list_pattern, as_pattern_target, named_expression, function_def,
        class_def, keyword_argument;
    TSSymbol list_comp, set_comp, dict_comp, generator;
    TSSymbol if_stmt, cond_expr, for_stmt, while_stmt, try_stmt, raise_stmt, assert_stmt,
        match_stmt;
    TSSymbol attribute;
    TSFieldId f_left, f_name, f_type, f_attribute, f_object;
} fp_syms;

typedef struct fp_walk {
    const char *src;
    const fp_syms *sy;
    ssot_hash_stream s1, s2, s3, s4; /* type-1, type-2, shape, strings and own methods called */
    uint64_t names[FP_NAMES]; /* hashes of bound names; the position is the number */
    unsigned name_count;
    uint64_t params[FP_NAMES]; /* hashes of the parameters' names */
    unsigned param_count;
    bool signature;            /* walking the parameters: collect their names, hash nothing */
    const py_strings *own;     /* a method's: the methods its class defines; else NULL */
    py_strings *strings;       /* the body's string literals, when collected; else NULL */
    ssot_arena *arena;         /* where the strings are copied */
    uint32_t nodes, lines, literals;
    bool logic;                /* a branch, loop, comprehension, raise, assert or try */
} fp_walk;

static int fp_name_find(const fp_walk *w, uint64_t h)
{
    for (unsigned i = 0; i < w->name_count; i++)
        if (w->names[i] == h)
            return (int)i;
    return -1;
}

/* A parameter's name: numbered at its first use in the body, like a local. */
static bool fp_is_param(const fp_walk *w, const char *text, uint32_t len)
{
    uint64_t h = XXH3_64bits(text, len);
    for (unsigned i = 0; i < w->param_count; i++)
        if (w->params[i] == h)
            return true;
    return false;
}

static void fp_bind_hash(fp_walk *w, uint64_t h)
{
    if (fp_name_find(w, h) < 0 && w->name_count < FP_NAMES)
        w->names[w->name_count++] = h;
}

static void fp_bind(fp_walk *w, const char *text, uint32_t len)
{
    fp_bind_hash(w, XXH3_64bits(text, len));
}

/* `self.m` (the object is the first parameter) where the class itself defines `m`: a copy
 * that calls its own class's twin helper (`self._get_unit` for `self._get_food`) renames it
 * consistently, like a local. Inherited and outside attributes keep their names. */
static bool fp_own_method(const fp_walk *w, ft_node attr)
{
    if (!w->own || !w->param_count || ft_symbol(attr) != w->sy->attribute)
        return false;
    ft_node obj = ft_child_by_field_id(attr, w->sy->f_object);
    ft_node name = ft_child_by_field_id(attr, w->sy->f_attribute);
    if (ft_is_null(obj) || ft_is_null(name) || ft_symbol(obj) != w->sy->identifier)
        return false;
    uint32_t ob = ft_start_byte(obj), nb = ft_start_byte(name);
    if (XXH3_64bits(w->src + ob, ft_end_byte(obj) - ob) != w->params[0])
        return false;
    uint32_t nl = ft_end_byte(name) - nb;
    for (size_t i = 0; i < w->own->count; i++)
        if (strlen(w->own->items[i]) == nl && !memcmp(w->own->items[i], w->src + nb, nl))
            return true;
    return false;
}

/* An identifier in the type-2 stream: its number when bound in the function, else its
 * text (globals, builtins, attributes and keyword names keep their names). */
static void fp_identifier(fp_walk *w, const char *text, uint32_t len, bool binds, bool plain)
{
    if (w->signature) {
        if (binds && plain && w->param_count < FP_NAMES)
            w->params[w->param_count++] = XXH3_64bits(text, len);
        return;
    }
    ssot_hash_put_text(&w->s1, text, len);
    if (plain) {
        if (binds || fp_is_param(w, text, len))
            fp_bind(w, text, len);
        int k = fp_name_find(w, XXH3_64bits(text, len));
        if (k >= 0) {
            uint32_t v = (uint32_t)k | 0x80000000u;
            ssot_hash_put(&w->s2, &v, sizeof(v));
            return;
        }
    }
    ssot_hash_put_text(&w->s2, text, len);
}

static bool is_sym(TSSymbol s, TSSymbol a)
{
    return s == a && a != 0;
}

/* Does an identifier bind a name, by its parent and its field there? */
static bool binds(const fp_syms *sy, TSSymbol parent, TSFieldId field, bool parent_target)
{
    if (is_sym(parent, sy->parameters) || is_sym(parent, sy->lambda_parameters) ||
        is_sym(parent, sy->list_splat_pattern) || is_sym(parent, sy->dict_splat_pattern) ||
        is_sym(parent, sy->as_pattern_target))
        return true;
    if (is_sym(parent, sy->default_parameter) || is_sym(parent, sy->typed_default_parameter) ||
        is_sym(parent, sy->named_expression) || is_sym(parent, sy->function_def) ||
        is_sym(parent, sy->class_def))
        return field == sy->f_name;
    if (is_sym(parent, sy->typed_parameter))
        return field != sy->f_type;
    if (is_sym(parent, sy->assignment) || is_sym(parent, sy->aug_assignment) ||
        is_sym(parent, sy->for_statement) || is_sym(parent, sy->for_in_clause))
        return field == sy->f_left;
    if (is_sym(parent, sy->pattern_list) || is_sym(parent, sy->tuple_pattern) ||
        is_sym(parent, sy->list_pattern))
        return parent_target;
    return false;
}

/* A node whose identifiers and patterns bind names (`a, b` in `a, b = f()`). */
static bool is_target(const fp_syms *sy, TSSymbol parent, TSFieldId field, bool parent_target)
{
    if (is_sym(parent, sy->assignment) || is_sym(parent, sy->aug_assignment) ||
        is_sym(parent, sy->for_statement) || is_sym(parent, sy->for_in_clause))
        return field == sy->f_left;
    return parent_target && (is_sym(parent, sy->pattern_list) ||
                             is_sym(parent, sy->tuple_pattern) || is_sym(parent, sy->list_pattern));
}

/* Comprehension variables are bound before the element that reads them is walked. */
static void bind_comprehension(fp_walk *w, ft_node comp)
{
    uint32_t n = ft_named_child_count(comp);
    for (uint32_t i = 0; i < n; i++) {
        ft_node clause = ft_named_child(comp, i);
        if (ft_symbol(clause) != w->sy->for_in_clause)
            continue;
        ft_node left = ft_child_by_field_id(clause, w->sy->f_left);
        uint32_t m = ft_named_child_count(left);
        ft_node one = left;
        for (uint32_t k = 0; k <= m; k++) {
            if (k > 0)
                one = ft_named_child(left, k - 1);
            else if (m > 0)
                continue;
            if (ft_symbol(one) == w->sy->identifier) {
                uint32_t b = ft_start_byte(one);
                fp_bind(w, w->src + b, ft_end_byte(one) - b);
            }
        }
    }
}

static bool is_docstring(const fp_walk *w, ft_node n, TSSymbol parent)
{
    if (parent != w->sy->block || ft_symbol(n) != w->sy->expr_stmt ||
        ft_named_child_count(n) != 1)
        return false;
    TSSymbol s = ft_symbol(ft_named_child(n, 0));
    if (s != w->sy->string && s != w->sy->concat_string)
        return false;
    ft_node prev = ft_prev_named_sibling(n);
    while (!ft_is_null(prev) && ft_symbol(prev) == w->sy->comment)
        prev = ft_prev_named_sibling(prev);
    return ft_is_null(prev);
}

typedef struct fp_frame {
    TSSymbol symbol;
    bool target;
    bool own;    /* an attribute `self.m` naming a method of the class (fp_own_method) */
    ft_node end; /* just after the frame's subtree */
} fp_frame;

/* Walk one subtree (parameters or body) into both streams. */
static void fp_walk_tree(fp_walk *w, ft_node top)
{
    const fp_syms *sy = w->sy;
    fp_frame stack[FP_DEPTH];
    unsigned depth = 0;
    stack[0].symbol = 0;
    stack[0].target = false;
    stack[0].own = false;
    ft_node end = ft_end(top);
    for (ft_node n = top; n < end;) {
        TSSymbol sym = ft_symbol(n);
        TSSymbol parent = depth ? stack[depth - 1].symbol : 0;
        bool parent_target = depth ? stack[depth - 1].target : false;
        bool parent_own = depth ? stack[depth - 1].own : false;
        TSFieldId field = n == top ? 0 : n->field; /* the walk knows no parent of top */
        bool descend = false;
        bool annotation = field == sy->f_type && (is_sym(parent, sy->typed_parameter) ||
                                                  is_sym(parent, sy->typed_default_parameter));
        if (sym == sy->comment || is_docstring(w, n, parent) || annotation) {
            /* left out: a signature's annotations do not change what the body does */
        } else {
            bool named = ft_is_named(n);
            w->nodes += named;
            w->logic |= sym == sy->if_stmt || sym == sy->cond_expr || sym == sy->for_stmt ||
                        sym == sy->while_stmt || sym == sy->try_stmt || sym == sy->raise_stmt ||
                        sym == sy->assert_stmt || is_sym(sym, sy->match_stmt) ||
                        sym == sy->list_comp || sym == sy->set_comp || sym == sy->dict_comp ||
                        sym == sy->generator;
            if (parent == sy->block && named)
                w->lines++;
            bool literal = sym == sy->string || sym == sy->concat_string ||
                           sym == sy->integer || sym == sy->flt;
            bool boolean = is_sym(sym, sy->t_true) || is_sym(sym, sy->t_false);
            w->literals += literal || boolean;
            if (sym == sy->string || sym == sy->concat_string) {
                uint32_t lb = ft_start_byte(n);
                ssot_hash_put_text(&w->s4, w->src + lb, ft_end_byte(n) - lb);
                if (w->strings && !w->signature && w->strings->count < FP_STRINGS)
                    SSOT_VEC_PUSH(w->strings, ssot_arena_strndup(w->arena, w->src + lb,
                                                                 ft_end_byte(n) - lb));
            }
            ssot_hash_put16(&w->s1, sym);
            ssot_hash_put16(&w->s3, sym == sy->flt ? sy->integer : sym == sy->concat_string ? sy->string : is_sym(sym, sy->t_false) ? sy->t_true : sym);
            /* type-2: a literal is its kind (`1` and `2.5` are both numbers, `True` and
               `False` both booleans) */
            ssot_hash_put16(&w->s2, sym == sy->flt               ? sy->integer
                             : sym == sy->concat_string   ? sy->string
                             : is_sym(sym, sy->t_false) ? sy->t_true
                                                          : sym);
            uint32_t b = ft_start_byte(n), e = ft_end_byte(n);
            if (literal) {
                ssot_hash_put_text(&w->s1, w->src + b, e - b);
            } else if (sym == sy->identifier && parent_own && field == sy->f_attribute &&
                       !w->signature) {
                ssot_hash_put_text(&w->s1, w->src + b, e - b);
                ssot_hash_put_text(&w->s4, w->src + b, e - b); /* which helper: content, like a string */
                uint64_t h = XXH3_64bits(w->src + b, e - b) ^ 0x9E3779B97F4A7C15ull;
                fp_bind_hash(w, h);
                uint32_t v = (uint32_t)fp_name_find(w, h) | 0x40000000u;
                ssot_hash_put(&w->s2, &v, sizeof(v));
            } else if (sym == sy->identifier) {
                /* attribute and keyword names are part of the interface: never renamed */
                bool plain = field != sy->f_attribute &&
                             !(parent == sy->keyword_argument && field == sy->f_name);
                fp_identifier(w, w->src + b, e - b, binds(sy, parent, field, parent_target),
                              plain);
            } else if (ft_child_count(n) == 0) {
                if (named) {
                    ssot_hash_put_text(&w->s1, w->src + b, e - b);
                    if (!boolean)
                        ssot_hash_put_text(&w->s2, w->src + b, e - b);
                }
            } else if (depth + 1 < FP_DEPTH) {
                if (sym == sy->list_comp || sym == sy->set_comp || sym == sy->dict_comp ||
                    sym == sy->generator)
                    bind_comprehension(w, n);
                stack[depth].symbol = sym;
                stack[depth].target = is_target(sy, parent, field, parent_target);
                stack[depth].own = fp_own_method(w, n);
                descend = true;
            }
        }
        if (descend && ft_child_count(n) > 0) {
            stack[depth++].end = ft_skip(n);
            n = ft_next(n);
            continue;
        }
        n = ft_skip(n);
        while (depth > 0 && n == stack[depth - 1].end) {
            depth--;
            ssot_hash_put16(&w->s1, UP_MARK);
            ssot_hash_put16(&w->s2, UP_MARK);
            ssot_hash_put16(&w->s3, UP_MARK);
        }
    }
}

static void fp_syms_init(fp_syms *sy, const TSLanguage *lang)
{
#define SYM(field, name) sy->field = ts_language_symbol_for_name(lang, name, sizeof(name) - 1, true)
    SYM(identifier, "identifier");
    SYM(string, "string");
    SYM(concat_string, "concatenated_string");
    SYM(integer, "integer");
    SYM(flt, "float");
    SYM(block, "block");
    SYM(expr_stmt, "expression_statement");
    SYM(comment, "comment");
    SYM(t_true, "true");
    SYM(t_false, "false");
    SYM(parameters, "parameters");
    SYM(lambda_parameters, "lambda_parameters");
    SYM(default_parameter, "default_parameter");
    SYM(typed_parameter, "typed_parameter");
    SYM(typed_default_parameter, "typed_default_parameter");
    SYM(list_splat_pattern, "list_splat_pattern");
    SYM(dict_splat_pattern, "dictionary_splat_pattern");
    SYM(assignment, "assignment");
    SYM(aug_assignment, "augmented_assignment");
    SYM(for_statement, "for_statement");
    SYM(for_in_clause, "for_in_clause");
    SYM(pattern_list, "pattern_list");
    SYM(tuple_pattern, "tuple_pattern");
    SYM(list_pattern, "list_pattern");
    SYM(as_pattern_target, "as_pattern_target");
    SYM(named_expression, "named_expression");
    SYM(function_def, "function_definition");
    SYM(class_def, "class_definition");
    SYM(keyword_argument, "keyword_argument");
    SYM(list_comp, "list_comprehension");
    SYM(set_comp, "set_comprehension");
    SYM(dict_comp, "dictionary_comprehension");
    SYM(generator, "generator_expression");
    SYM(if_stmt, "if_statement");
    SYM(cond_expr, "conditional_expression");
    SYM(for_stmt, "for_statement");
    SYM(while_stmt, "while_statement");
    SYM(try_stmt, "try_statement");
    SYM(raise_stmt, "raise_statement");
    SYM(assert_stmt, "assert_statement");
    SYM(match_stmt, "match_statement");
    SYM(attribute, "attribute");
#undef SYM
#define FIELD(field, name) sy->field = ts_language_field_id_for_name(lang, name, sizeof(name) - 1)
    FIELD(f_left, "left");
    FIELD(f_name, "name");
    FIELD(f_type, "type");
    FIELD(f_attribute, "attribute");
    FIELD(f_object, "object");
#undef FIELD
}

static void fp_reset(fp_walk *w)
{
    w->name_count = 0;
    w->nodes = w->lines = w->literals = 0;
    w->logic = false;
    w->s1.n = w->s2.n = w->s3.n = w->s4.n = 0;
    XXH3_64bits_reset(&w->s4.st);
    XXH3_64bits_reset(&w->s1.st);
    XXH3_64bits_reset(&w->s2.st);
    XXH3_64bits_reset(&w->s3.st);
}

/* Fingerprints and size of a function's body. The signature only names the parameters
 * (numbered at their first use in the body, like locals): a copy that adds a parameter,
 * changes a default or an annotation, or becomes a classmethod is still a copy. */
static bool fingerprint_function(py_ctx *c, const fp_syms *sy, ft_node def, ssot_definition *d,
                                 const py_strings *own)
{
    fp_walk walk, *w = &walk; /* on the stack: the states are 64-byte aligned */
    w->src = c->src;
    w->sy = sy;
    w->own = own;
    w->arena = c->arena;
    py_strings strings = {0};
    w->strings = d->kind == SSOT_DEF_CLASS ? NULL : &strings;
    w->param_count = 0;
    w->signature = true;
    fp_reset(w);
    ft_node params = py_field(def, PYF_parameters);
    if (!ft_is_null(params))
        fp_walk_tree(w, params);
    w->signature = false;
    fp_reset(w);
    ft_node body = py_field(def, PYF_body);
    if (!ft_is_null(body))
        fp_walk_tree(w, body);
    d->fp1 = ssot_hash_digest(&w->s1);
    d->fp2 = ssot_hash_digest(&w->s2);
    d->fp3 = ssot_hash_digest(&w->s3);
    d->fpl = ssot_hash_digest(&w->s4);
    d->strings = ssot_arena_alloc(c->arena, (strings.count + 1) * sizeof(*d->strings));
    if (strings.count)
        memcpy(d->strings, strings.items, strings.count * sizeof(*d->strings));
    d->string_count = strings.count;
    free(strings.items);
    if (w->logic)
        d->flags |= SSOT_DEFF_LOGIC;
    d->nodes = w->nodes;
    d->lines = w->lines;
    /* a fifth of the nodes are literals (a table), or one statement passing literals on (an
       HTTP-verb wrapper): the values are the content */
    if (w->literals * 5 >= w->nodes || (w->lines <= 1 && w->literals > 0))
        d->flags |= SSOT_DEFF_LITERALS;
    return w->logic;
}

/* ---- the definitions ---- */

typedef struct defs_ctx {
    py_ctx *c;
    fp_syms sy;
    py_defs defs;
    unsigned min_nodes, min_lines;
    const ssot_strlist *ignore;
} defs_ctx;

static bool ignored(const defs_ctx *x, const char *name)
{
    for (size_t i = 0; x->ignore && i < x->ignore->count; i++)
        if (!strcmp(x->ignore->items[i], name))
            return true;
    return false;
}

static uint32_t name_flags(const defs_ctx *x, const char *name)
{
    size_t n = strlen(name);
    uint32_t f = 0;
    if (n > 4 && name[0] == '_' && name[1] == '_' && name[n - 1] == '_' && name[n - 2] == '_')
        f |= SSOT_DEFF_DUNDER;
    else if (name[0] == '_')
        f |= SSOT_DEFF_PRIVATE;
    if (ignored(x, name))
        f |= SSOT_DEFF_IGNORED;
    return f;
}

static void unwrap(ft_node stmt, ft_node *def)
{
    *def = stmt;
    if (py_is(stmt, "decorated_definition"))
        *def = py_field(stmt, PYF_definition);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static bool exception_name(const char *name)
{
    return ends_with(name, "Error") || ends_with(name, "Exception") ||
           ends_with(name, "Warning") || !strcmp(name, "BaseException");
}

static void add_function(defs_ctx *x, ft_node def, int32_t parent, const char *outer,
                         uint32_t flags, const py_strings *own)
{
    py_ctx *c = x->c;
    ft_node name = py_field(def, PYF_name);
    if (ft_is_null(name))
        return;
    ssot_definition d = {0};
    d.kind = parent >= 0 ? SSOT_DEF_METHOD : SSOT_DEF_FUNCTION;
    d.name = py_text(c, name);
    d.qualname = outer ? ssot_arena_printf(c->arena, "%s.%s", outer, d.name) : d.name;
    d.loc = py_loc(c, name);
    d.parent = parent;
    d.flags = flags | name_flags(x, d.name);
    bool logic = fingerprint_function(c, &x->sy, def, &d, own);
    /* size in nodes of the body (about its tokens), not in statements: a short copy that
       holds logic (a branch, a loop or comprehension, a raise, an assert or a try) counts from
       half of `min-nodes`; one-statement delegations, getters and protocol dunders
       (`__repr__`, `__eq__`) do not, whatever their size */
    bool small = d.nodes < x->min_nodes || (d.lines < x->min_lines && d.nodes < 2 * x->min_nodes) ||
                 (d.lines <= 1 && !logic); /* one statement passing values on: a delegation */
    bool protocol = (d.flags & SSOT_DEFF_DUNDER) && strcmp(d.name, "__call__") != 0;
    if (small && logic && !protocol && d.nodes >= x->min_nodes / 2)
        d.flags |= SSOT_DEFF_SHORT;
    else if (small)
        d.flags |= SSOT_DEFF_SMALL;
    SSOT_VEC_PUSH(&x->defs, d);
}

static void add_class(defs_ctx *x, ft_node def, int32_t parent, const char *outer,
                      uint32_t flags, int depth)
{
    py_ctx *c = x->c;
    ft_node name = py_field(def, PYF_name);
    ft_node body = py_field(def, PYF_body);
    if (ft_is_null(name) || depth > 8)
        return;
    ssot_definition d = {0};
    d.kind = SSOT_DEF_CLASS;
    d.name = py_text(c, name);
    d.qualname = outer ? ssot_arena_printf(c->arena, "%s.%s", outer, d.name) : d.name;
    d.loc = py_loc(c, name);
    d.parent = parent;
    d.flags = flags | name_flags(x, d.name);
    if (parent >= 0) {
        d.flags |= SSOT_DEFF_NESTED;
        if (!strcmp(d.name, "Meta") || !strcmp(d.name, "Config"))
            d.flags |= SSOT_DEFF_META;
    }
    py_strings bases = {0}, members = {0}, methods = {0};
    ft_node sup = py_field(def, PYF_superclasses);
    uint32_t nb = ft_is_null(sup) ? 0 : ft_named_child_count(sup);
    bool exc = exception_name(d.name);
    for (uint32_t i = 0; i < nb; i++) {
        const char *b = py_dotted(c, ft_named_child(sup, i));
        if (!b)
            continue;
        SSOT_VEC_PUSH(&bases, b);
        exc |= exception_name(ssot_last_segment(b));
    }
    if (exc)
        d.flags |= SSOT_DEFF_EXCEPTION;
    uint32_t nm = ft_is_null(body) ? 0 : ft_named_child_count(body);
    for (uint32_t i = 0; i < nm; i++) {
        ft_node stmt = ft_named_child(body, i), m;
        unwrap(stmt, &m);
        ft_node mname = py_field(m, PYF_name);
        if ((py_is(m, "function_definition") || py_is(m, "class_definition")) &&
            !ft_is_null(mname)) {
            SSOT_VEC_PUSH(&members, py_text(c, mname));
            if (py_is(m, "function_definition"))
                SSOT_VEC_PUSH(&methods, py_text(c, mname));
        } else if (py_is(stmt, "expression_statement")) {
            ft_node a = ft_named_child(stmt, 0);
            ft_node left = py_is(a, "assignment") ? py_field(a, PYF_left) : a;
            if (py_is(left, "identifier"))
                SSOT_VEC_PUSH(&members, py_text(c, left));
        }
    }
    d.bases = ssot_arena_alloc(c->arena, (bases.count + 1) * sizeof(*d.bases));
    if (bases.count)
        memcpy(d.bases, bases.items, bases.count * sizeof(*d.bases));
    d.base_count = bases.count;
    d.members = ssot_arena_alloc(c->arena, (members.count + 1) * sizeof(*d.members));
    if (members.count)
        memcpy(d.members, members.items, members.count * sizeof(*d.members));
    d.member_count = members.count;
    free(bases.items);
    free(members.items);
    fingerprint_function(c, &x->sy, def, &d, NULL); /* the whole body: DD001's classes */
    d.flags &= ~(uint32_t)(SSOT_DEFF_LITERALS | SSOT_DEFF_LOGIC);
    int32_t self = (int32_t)x->defs.count;
    SSOT_VEC_PUSH(&x->defs, d);
    uint32_t inherited = flags & SSOT_DEFF_GUARDED;
    for (uint32_t i = 0; i < nm; i++) {
        ft_node m;
        unwrap(ft_named_child(body, i), &m);
        if (py_is(m, "function_definition"))
            add_function(x, m, self, x->defs.items[self].qualname, inherited, &methods);
        else if (py_is(m, "class_definition"))
            add_class(x, m, self, x->defs.items[self].qualname, inherited, depth + 1);
    }
    free(methods.items);
}

/* A literal's value as text: `'a'` and `"a"` alike; NULL for anything else. */
static const char *literal_text(py_ctx *c, ft_node v, int depth)
{
    v = py_unparen(v);
    if (ft_is_null(v) || depth > 4)
        return NULL;
    if (py_is(v, "string")) {
        const char *s = py_string_value(c, v);
        const char *t = py_text(c, v);
        bool bytes = t[0] == 'b' || t[0] == 'B' || ((t[0] == 'r' || t[0] == 'R') &&
                                                    (t[1] == 'b' || t[1] == 'B'));
        if (strpbrk(t, "{") && (t[0] == 'f' || t[0] == 'F'))
            return NULL;
        return s ? ssot_arena_printf(c->arena, "%s\"%s\"", bytes ? "b" : "", s) : NULL;
    }
    if (py_is_literal(v))
        return py_compact(c, v);
    if (py_is(v, "tuple") || py_is(v, "list") || py_is(v, "set") || py_is(v, "dictionary")) {
        uint32_t n = ft_named_child_count(v);
        for (uint32_t i = 0; i < n; i++) {
            ft_node e = ft_named_child(v, i);
            if (py_is(e, "comment"))
                continue;
            if (py_is(e, "pair")) {
                if (!literal_text(c, py_field(e, PYF_key), depth + 1) ||
                    !literal_text(c, py_field(e, PYF_value), depth + 1))
                    return NULL;
            } else if (!literal_text(c, e, depth + 1)) {
                return NULL;
            }
        }
        return py_compact(c, v);
    }
    return NULL;
}

static void add_constant(defs_ctx *x, ft_node stmt, uint32_t flags)
{
    py_ctx *c = x->c;
    ft_node a = ft_named_child(stmt, 0);
    if (!py_is(a, "assignment"))
        return;
    ft_node left = py_field(a, PYF_left), right = py_field(a, PYF_right);
    if (!py_is(left, "identifier") || ft_is_null(right) || py_is(right, "assignment"))
        return;
    const char *name = py_text(c, left);
    if (!ssot_is_constant_name(name))
        return;
    const char *lit = literal_text(c, right, 0);
    if (!lit)
        return;
    ssot_definition d = {0};
    d.kind = SSOT_DEF_CONSTANT;
    d.name = d.qualname = name;
    d.loc = py_loc(c, left);
    d.parent = -1;
    d.literal = lit;
    d.flags = flags | name_flags(x, name);
    SSOT_VEC_PUSH(&x->defs, d);
}

/* Module level; the branches of `if`/`try` (and `with`) hold alternatives: guarded. */
static void walk_block(defs_ctx *x, ft_node block, uint32_t flags, int depth)
{
    if (depth > 8)
        return;
    uint32_t n = ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        ft_node stmt = ft_named_child(block, i), d;
        unwrap(stmt, &d);
        if (py_is(d, "function_definition")) {
            add_function(x, d, -1, NULL, flags, NULL);
        } else if (py_is(d, "class_definition")) {
            add_class(x, d, -1, NULL, flags, 0);
        } else if (py_is(stmt, "expression_statement")) {
            add_constant(x, stmt, flags);
        } else if (py_is(stmt, "if_statement") || py_is(stmt, "try_statement") ||
                   py_is(stmt, "elif_clause") || py_is(stmt, "else_clause") ||
                   py_is(stmt, "except_clause") || py_is(stmt, "finally_clause") ||
                   py_is(stmt, "block")) {
            walk_block(x, stmt, flags | SSOT_DEFF_GUARDED, depth + 1);
        } else if (py_is(stmt, "with_statement")) {
            walk_block(x, py_field(stmt, PYF_body), flags, depth + 1);
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

/* A database schema migration (Django's numbered modules, Alembic revisions), not code
 * that happens to sit in a folder named `migrations` (importers of other apps' data). */
static bool schema_migration(const char *path, const char *src, size_t len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (isdigit((unsigned char)base[0]) || !strcmp(base, "__init__.py"))
        return true;
    static const char *const marks[] = {"class Migration(", "down_revision", NULL};
    for (const char *const *m = marks; *m; m++) {
        size_t n = strlen(*m);
        for (size_t i = 0; i + n <= len; i++)
            if (src[i] == (*m)[0] && !memcmp(src + i, *m, n))
                return true;
    }
    return false;
}

bool py_defs_skip_file(const char *path, const char *src, size_t len)
{
    static const char *const vendored[] = {
        "vendor", "vendored", "_vendor", "third_party", "site-packages", NULL,
    };
    if (ends_with(path, ".pyi"))
        return true;
    for (const char *const *v = vendored; *v; v++)
        if (has_component(path, *v))
            return true;
    if (has_component(path, "migrations") && schema_migration(path, src, len))
        return true;
    /* a comment in the first 5 lines saying the file is generated */
    unsigned row = 0;
    for (size_t i = 0; i < len && row < 5; row++) {
        size_t e = i;
        while (e < len && src[e] != '\n')
            e++;
        size_t s = i;
        while (s < e && (src[s] == ' ' || src[s] == '\t'))
            s++;
        if (s < e && src[s] == '#') {
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

void py_definitions(py_ctx *c, ft_node root)
{
    if (py_defs_skip_file(c->facts->path ? c->facts->path : "", c->src, c->len))
        return;
    defs_ctx x = {0};
    x.c = c;
    fp_syms_init(&x.sy, ft_language(root));
    const ssot_config *cfg = c->facts->config;
    x.min_nodes = cfg ? cfg->dup_min_nodes : SSOT_CONFIG_DEFAULT_DUP_MIN_NODES;
    x.min_lines = cfg ? cfg->dup_min_lines : SSOT_CONFIG_DEFAULT_DUP_MIN_LINES;
    x.ignore = cfg ? &cfg->dup_ignore_names : NULL;
    walk_block(&x, root, 0, 0);
    c->facts->definitions = ssot_arena_alloc(c->arena, (x.defs.count + 1) * sizeof(ssot_definition));
    if (x.defs.count)
        memcpy(c->facts->definitions, x.defs.items, x.defs.count * sizeof(ssot_definition));
    c->facts->definition_count = x.defs.count;
    free(x.defs.items);
}
