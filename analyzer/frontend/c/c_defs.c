/* analyzer/frontend/c/c_defs.c - definitions of C/C++ service files and headers for the DD
 * rules: function and method bodies, struct/class definitions and macro constants, with
 * fingerprints over libclang's tokens (type-1: the tokens as written; type-2: identifiers
 * other than callees numbered by first occurrence, literals by kind; shape: kinds only), so
 * that resolve/duplicates.c clusters them as it does Python's and JavaScript's. Also the
 * token helpers c_state.c shares. */
#include "analyzer/frontend/c/c_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "analyzer/config/config.h"
#include "analyzer/config/config_internal.h"
#include "analyzer/facts/constant_name.h"

/* ---- token helpers ---- */

const char **c_strings_to_arena(ssot_arena *a, c_strings *v, size_t *count)
{
    const char **out = ssot_arena_alloc(a, (v->count + 1) * sizeof(*out));
    if (v->count)
        memcpy(out, v->items, v->count * sizeof(*out));
    *count = v->count;
    free(v->items);
    v->items = NULL;
    v->count = 0;
    return out;
}

static size_t tok_at(const c_ctx *c, uint32_t off)
{
    size_t lo = 0, hi = c->ntok;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->toks[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool c_cursor_tokens(c_ctx *c, CXCursor cur, size_t *a, size_t *b)
{
    CXSourceRange r = clang_getCursorExtent(cur);
    CXFile f1, f2;
    unsigned s, e, xs;
    clang_getSpellingLocation(clang_getRangeStart(r), &f1, NULL, NULL, &s);
    clang_getSpellingLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &e);
    clang_getExpansionLocation(clang_getCursorLocation(cur), NULL, NULL, NULL, &xs);
    unsigned ls;
    clang_getSpellingLocation(clang_getCursorLocation(cur), NULL, NULL, NULL, &ls);
    if (!f1 || !f2 || !clang_File_isEqual(f1, c->file) || !clang_File_isEqual(f2, c->file) ||
        xs != ls || e <= s)
        return false;
    *a = tok_at(c, s);
    *b = tok_at(c, e);
    return *a < *b;
}

bool c_tok_is(const c_ctx *c, size_t i, const char *text)
{
    return i < c->ntok && !strcmp(c->toks[i].text, text);
}

bool c_body_of(const c_ctx *c, size_t a, size_t b, size_t *open, size_t *close)
{
    /* with skipped function bodies the extent may stop before the body: look on, past
       `const`, `override`, `noexcept(...)`, a constructor's initialisers, to its `{` */
    size_t i = a;
    int parens = 0;
    for (; i < c->ntok; i++) {
        if (i >= b && parens == 0 && (c_tok_is(c, i, ";") || c->toks[i].directive))
            return false;
        if (c_tok_is(c, i, "(") || c_tok_is(c, i, "["))
            parens++;
        else if (c_tok_is(c, i, ")") || c_tok_is(c, i, "]"))
            parens--;
        else if (parens == 0 && c_tok_is(c, i, "{")) {
            /* `: a_{x}` initialisers use braces too: a `{` right after an identifier in a
               constructor's initialiser list is one of them */
            if (i > a && c->toks[i - 1].kind == CXToken_Identifier && i + 1 < c->ntok &&
                i >= b) {
                size_t k = i;
                int d = 0;
                for (; k < c->ntok; k++) {
                    d += c_tok_is(c, k, "{") - c_tok_is(c, k, "}");
                    if (d == 0)
                        break;
                }
                if (c_tok_is(c, k + 1, ",") || c_tok_is(c, k + 1, "{")) {
                    i = k;
                    continue;
                }
            }
            break;
        } else if (parens == 0 && i >= b && c_tok_is(c, i, "="))
            return false; /* `= default`, `= delete`, `= 0` */
    }
    if (i >= c->ntok)
        return false;
    int depth = 0;
    for (size_t k = i; k < c->ntok; k++) {
        depth += c_tok_is(c, k, "{") - c_tok_is(c, k, "}");
        if (depth == 0) {
            *open = i;
            *close = k;
            return true;
        }
    }
    return false;
}

ssot_loc c_tok_loc(c_ctx *c, size_t i)
{
    const c_tok *t = &c->toks[i];
    const char *s = c->src->text + t->off;
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n > 200)
        n = 200;
    char *snip = ssot_arena_alloc(c->arena, n + 1);
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        bool sp = s[j] == ' ' || s[j] == '\t' || s[j] == '\r';
        if (sp && (k == 0 || snip[k - 1] == ' '))
            continue;
        snip[k++] = sp ? ' ' : s[j];
    }
    while (k && snip[k - 1] == ' ')
        k--;
    snip[k] = '\0';
    ssot_loc l = {{t->row, t->col, t->row, t->col + (uint32_t)strlen(t->text)}, snip};
    return l;
}

const char *c_cursor_name(c_ctx *c, CXCursor cur)
{
    CXString s = clang_getCursorSpelling(cur);
    const char *out = ssot_arena_strdup(c->arena, clang_getCString(s));
    clang_disposeString(s);
    return out;
}

/* ---- fingerprints ---- */

enum { FP_NAMES = 64 };

typedef struct fp {
    XXH3_state_t s1, s2, s3, s4;
    uint64_t names[FP_NAMES];
    unsigned name_count;
    /* the parameters and the body's own locals: type-2 numbers these, and keeps other
       names (members used bare, globals, types) as written, as Python's does `self.x` */
    uint64_t declared[FP_NAMES];
    unsigned declared_count;
    uint32_t nodes, lines, literals;
    bool logic;
    c_strings strings;
} fp;

static void put(XXH3_state_t *s, const char *text)
{
    size_t n = strlen(text);
    XXH3_64bits_update(s, text, n + 1);
}

static bool keyword_logic(const char *t)
{
    static const char *const words[] = {"if", "for", "while", "switch", "do", "goto", "throw",
                                        "try", "case", "?", "assert", NULL};
    for (const char *const *w = words; *w; w++)
        if (!strcmp(*w, t))
            return true;
    return false;
}

/* Hash tokens [a, b) into the four streams. */
static void fingerprint(c_ctx *c, size_t a, size_t b, fp *f, bool strings)
{
    XXH3_64bits_reset(&f->s1);
    XXH3_64bits_reset(&f->s2);
    XXH3_64bits_reset(&f->s3);
    XXH3_64bits_reset(&f->s4);
    for (size_t i = a; i < b; i++) {
        const c_tok *t = &c->toks[i];
        put(&f->s1, t->text);
        switch (t->kind) {
        case CXToken_Identifier: {
            f->nodes++;
            uint64_t h = XXH3_64bits(t->text, strlen(t->text));
            bool own = false;
            for (unsigned d = 0; d < f->declared_count && !own; d++)
                own = f->declared[d] == h;
            if (!own || c_tok_is(c, i + 1, "(") ||
                (i > a && (c_tok_is(c, i - 1, ".") || c_tok_is(c, i - 1, "->")))) {
                put(&f->s2, t->text); /* callees, members and outer names keep theirs */
            } else {
                unsigned k = 0;
                while (k < f->name_count && f->names[k] != h)
                    k++;
                if (k == f->name_count && f->name_count < FP_NAMES)
                    f->names[f->name_count++] = h;
                char n[16];
                snprintf(n, sizeof(n), "$%u", k);
                put(&f->s2, n);
            }
            put(&f->s3, "id");
            break;
        }
        case CXToken_Literal: {
            f->nodes++;
            f->literals++;
            const char *kind = t->text[0] == '"' || strchr(t->text, '"') ? "str"
                               : t->text[0] == '\'' || strchr(t->text, '\'') ? "chr"
                                                                              : "num";
            put(&f->s2, kind);
            put(&f->s3, kind);
            if (!strcmp(kind, "str")) {
                put(&f->s4, t->text);
                if (strings && f->strings.count < 32)
                    SSOT_VEC_PUSH(&f->strings, t->text);
            }
            break;
        }
        case CXToken_Keyword:
            f->nodes++;
            f->logic |= keyword_logic(t->text);
            put(&f->s2, t->text);
            put(&f->s3, t->text);
            break;
        default:
            /* operators are nodes of the tree; brackets and separators are not */
            f->nodes += !strchr(";,(){}[]", t->text[0]);
            f->lines += !strcmp(t->text, ";");
            f->logic |= !strcmp(t->text, "?");
            put(&f->s2, t->text);
            put(&f->s3, t->text);
            break;
        }
    }
}

/* ---- definitions ---- */

typedef struct c_method_ref {
    size_t def;
    const char *owner;
    bool is_const;
} c_method_ref;

typedef struct defs_ctx {
    c_ctx *c;
    SSOT_VEC(ssot_definition) defs;
    SSOT_VEC(c_method_ref) methods;
    unsigned min_nodes, min_lines;
    const ssot_strlist *ignore;
} defs_ctx;

static uint32_t name_flags(const defs_ctx *x, const char *name)
{
    uint32_t f = 0;
    for (size_t i = 0; x->ignore && i < x->ignore->count; i++)
        if (!strcmp(x->ignore->items[i], name))
            f |= SSOT_DEFF_IGNORED;
    return f;
}

static ssot_definition blank(defs_ctx *x, ssot_def_kind kind, const char *name, size_t at)
{
    ssot_definition d = {0};
    d.kind = kind;
    d.name = d.qualname = name;
    d.loc = c_tok_loc(x->c, at);
    d.parent = -1;
    d.flags = name_flags(x, name);
    d.members = ssot_arena_alloc(x->c->arena, sizeof(char *));
    d.bases = ssot_arena_alloc(x->c->arena, sizeof(char *));
    d.strings = ssot_arena_alloc(x->c->arena, sizeof(char *));
    return d;
}

/* The token of the cursor's name within [a, b), else a. */
static size_t name_tok(const c_ctx *c, size_t a, size_t b, const char *name)
{
    for (size_t i = a; i < b; i++)
        if (c->toks[i].kind == CXToken_Identifier && !strcmp(c->toks[i].text, name))
            return i;
    return a;
}

static bool is_function_kind(enum CXCursorKind k)
{
    return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod ||
           k == CXCursor_FunctionTemplate || k == CXCursor_Constructor ||
           k == CXCursor_Destructor || k == CXCursor_ConversionFunction;
}

static void add_function(defs_ctx *x, CXCursor cur, int32_t parent, const char *owner)
{
    c_ctx *c = x->c;
    size_t a, b, open, close;
    if (!c_cursor_tokens(c, cur, &a, &b) || !c_body_of(c, a, b, &open, &close))
        return;
    b = close + 1;
    const char *name = c_cursor_name(c, cur);
    if (!*name)
        return;
    enum CXCursorKind k = clang_getCursorKind(cur);
    ssot_definition d = blank(x, parent >= 0 ? SSOT_DEF_METHOD : SSOT_DEF_FUNCTION, name,
                              name_tok(c, a, open, name));
    d.parent = parent;
    if (owner)
        d.qualname = ssot_arena_printf(c->arena, "%s.%s", owner, name);
    /* parameters first, so that they are numbered as the body uses them */
    uint64_t names[FP_NAMES];
    unsigned count = 0;
    for (size_t i = a; i < open; i++)
        if (c->toks[i].kind == CXToken_Identifier &&
            (c_tok_is(c, i + 1, ",") || c_tok_is(c, i + 1, ")")) && count < FP_NAMES)
            names[count++] = XXH3_64bits(c->toks[i].text, strlen(c->toks[i].text));
    fp g = {0};
    memcpy(g.names, names, sizeof(names[0]) * count);
    g.name_count = count;
    memcpy(g.declared, names, sizeof(names[0]) * count);
    g.declared_count = count;
    /* locals: `int sum = 0;`, `auto it = ...`, `T* p;`, `for (int i = 0; ...)` */
    for (size_t i = open + 1; i + 1 < b - 1 && g.declared_count < FP_NAMES; i++) {
        const c_tok *t = &c->toks[i], *p = &c->toks[i - 1];
        if (t->kind != CXToken_Identifier)
            continue;
        bool after_type = (p->kind == CXToken_Keyword && strcmp(p->text, "return") &&
                           strcmp(p->text, "case") && strcmp(p->text, "sizeof") &&
                           strcmp(p->text, "else") && strcmp(p->text, "throw") &&
                           strcmp(p->text, "delete") && strcmp(p->text, "new")) ||
                          p->kind == CXToken_Identifier ||
                          ((c_tok_is(c, i - 1, "*") || c_tok_is(c, i - 1, "&") ||
                            c_tok_is(c, i - 1, ">")) &&
                           (c->toks[i - 2].kind == CXToken_Identifier ||
                            c->toks[i - 2].kind == CXToken_Keyword));
        const char *n = c->toks[i + 1].text;
        if (after_type && (!strcmp(n, "=") || !strcmp(n, ";") || !strcmp(n, "[") ||
                           !strcmp(n, ",") || !strcmp(n, ":") || !strcmp(n, "{")))
            g.declared[g.declared_count++] = XXH3_64bits(t->text, strlen(t->text));
    }
    fingerprint(c, open + 1, b - 1, &g, true);
    d.fp1 = XXH3_64bits_digest(&g.s1);
    d.fp2 = XXH3_64bits_digest(&g.s2);
    d.fp3 = XXH3_64bits_digest(&g.s3);
    d.fpl = XXH3_64bits_digest(&g.s4);
    size_t strings;
    d.strings = c_strings_to_arena(c->arena, &g.strings, &strings);
    d.string_count = (uint32_t)strings;
    d.nodes = g.nodes;
    d.lines = g.lines ? g.lines : 1;
    if (g.logic)
        d.flags |= SSOT_DEFF_LOGIC;
    if (g.literals * 5 >= g.nodes || (d.lines <= 1 && g.literals > 0))
        d.flags |= SSOT_DEFF_LITERALS;
    bool logic = g.logic;
    bool small = d.nodes < x->min_nodes ||
                 (d.lines < x->min_lines && d.nodes < 2 * x->min_nodes) ||
                 (d.lines <= 1 && !logic);
    /* special members are the language's protocol, copied by design */
    bool protocol = k == CXCursor_Constructor || k == CXCursor_Destructor ||
                    !strcmp(name, "main") || !strncmp(name, "operator", 8);
    if (small && logic && !protocol && d.nodes >= x->min_nodes / 2)
        d.flags |= SSOT_DEFF_SHORT;
    else if (small || protocol)
        d.flags |= SSOT_DEFF_SMALL;
    if (owner) {
        c_method_ref m = {x->defs.count, owner, clang_CXXMethod_isConst(cur) != 0};
        SSOT_VEC_PUSH(&x->methods, m);
    }
    SSOT_VEC_PUSH(&x->defs, d);
}

static bool is_class_kind(enum CXCursorKind k)
{
    return k == CXCursor_StructDecl || k == CXCursor_ClassDecl || k == CXCursor_ClassTemplate ||
           k == CXCursor_UnionDecl;
}

typedef struct class_walk {
    defs_ctx *x;
    c_strings members, bases;
    SSOT_VEC(CXCursor) methods;
} class_walk;

static enum CXChildVisitResult class_member(CXCursor cur, CXCursor parent, CXClientData data)
{
    (void)parent;
    class_walk *w = data;
    enum CXCursorKind k = clang_getCursorKind(cur);
    if (k == CXCursor_CXXBaseSpecifier) {
        CXString s = clang_getTypeSpelling(clang_getCursorType(cur));
        SSOT_VEC_PUSH(&w->bases, ssot_arena_strdup(w->x->c->arena, clang_getCString(s)));
        clang_disposeString(s);
    } else if (k == CXCursor_FieldDecl || k == CXCursor_VarDecl || is_function_kind(k)) {
        SSOT_VEC_PUSH(&w->members, c_cursor_name(w->x->c, cur));
        if (is_function_kind(k))
            SSOT_VEC_PUSH(&w->methods, cur);
    }
    return CXChildVisit_Continue;
}

static void add_class(defs_ctx *x, CXCursor cur)
{
    c_ctx *c = x->c;
    size_t a, b, open, close;
    if (!clang_isCursorDefinition(cur) || clang_Cursor_isAnonymous(cur) ||
        !c_cursor_tokens(c, cur, &a, &b) || !c_body_of(c, a, b, &open, &close))
        return;
    b = close + 1;
    const char *name = c_cursor_name(c, cur);
    if (!*name || strchr(name, '('))
        return;
    ssot_definition d = blank(x, SSOT_DEF_CLASS, name, name_tok(c, a, open, name));
    class_walk w = {x, {0}, {0}, {0}};
    clang_visitChildren(cur, class_member, &w);
    size_t members, bases;
    d.members = c_strings_to_arena(c->arena, &w.members, &members);
    d.bases = c_strings_to_arena(c->arena, &w.bases, &bases);
    d.member_count = (uint32_t)members;
    d.base_count = (uint32_t)bases;
    const char *tail = name + strlen(name);
    if ((tail - name >= 5 && !strcmp(tail - 5, "Error")) ||
        (tail - name >= 9 && !strcmp(tail - 9, "Exception")))
        d.flags |= SSOT_DEFF_EXCEPTION;
    /* a struct of a `.c` file is its own business, as a Python `_Name` is */
    const char *dot = strrchr(c->src->path, '.');
    if (dot && (!strcmp(dot, ".c") || !strcmp(dot, ".cc") || !strcmp(dot, ".cpp") ||
                !strcmp(dot, ".cxx")))
        d.flags |= SSOT_DEFF_PRIVATE;
    fp f = {0};
    fingerprint(c, open + 1, b - 1, &f, false);
    d.fp1 = XXH3_64bits_digest(&f.s1);
    d.fp2 = XXH3_64bits_digest(&f.s2);
    d.fp3 = XXH3_64bits_digest(&f.s3);
    d.fpl = XXH3_64bits_digest(&f.s4);
    d.nodes = f.nodes;
    d.lines = f.lines ? f.lines : 1;
    free(f.strings.items);
    int32_t self = (int32_t)x->defs.count;
    SSOT_VEC_PUSH(&x->defs, d);
    for (size_t i = 0; i < w.methods.count; i++)
        add_function(x, w.methods.items[i], self, name);
    free(w.methods.items);
}

/* `#define NAME 42`, `#define NAME (-1)`, `#define NAME "text"`: the literal, without its
 * parentheses; NULL for anything else. */
static const char *macro_literal(c_ctx *c, size_t a, size_t b)
{
    size_t i = a + 1; /* after the name */
    while (i < b && c_tok_is(c, b - 1, ")") && c_tok_is(c, i, "(")) {
        i++;
        b--;
    }
    const char *sign = "";
    if (i < b && (c_tok_is(c, i, "-") || c_tok_is(c, i, "+"))) {
        sign = c->toks[i].text;
        i++;
    }
    if (i + 1 != b || c->toks[i].kind != CXToken_Literal)
        return NULL;
    return ssot_arena_printf(c->arena, "%s%s", !strcmp(sign, "-") ? "-" : "", c->toks[i].text);
}

static void add_macro(defs_ctx *x, CXCursor cur)
{
    c_ctx *c = x->c;
    size_t a, b;
    if (clang_Cursor_isMacroFunctionLike(cur) || !c_cursor_tokens(c, cur, &a, &b))
        return;
    const char *name = c_cursor_name(c, cur);
    if (!ssot_is_constant_name(name) || !c_tok_is(c, a, name))
        return;
    const char *lit = macro_literal(c, a, b);
    if (!lit)
        return;
    ssot_definition d = blank(x, SSOT_DEF_CONSTANT, name, a);
    d.literal = lit;
    /* a macro under `#ifndef NAME` is a default a build may override: an alternative */
    for (size_t i = a; i-- > 0 && i + 8 > a;)
        if (c->toks[i].directive && c_tok_is(c, i, name) &&
            (c_tok_is(c, i - 1, "ifndef") || c_tok_is(c, i - 1, "if")))
            d.flags |= SSOT_DEFF_GUARDED;
    SSOT_VEC_PUSH(&x->defs, d);
}

static enum CXChildVisitResult visit(CXCursor cur, CXCursor parent, CXClientData data)
{
    (void)parent;
    defs_ctx *x = data;
    enum CXCursorKind k = clang_getCursorKind(cur);
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(cur)))
        return CXChildVisit_Continue;
    if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec)
        return CXChildVisit_Recurse;
    if (k == CXCursor_MacroDefinition)
        add_macro(x, cur);
    else if (is_class_kind(k))
        add_class(x, cur);
    else if (is_function_kind(k)) {
        if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(cur) &&
            !strcmp(c_cursor_name(x->c, cur), "main"))
            x->c->facts->linked = false;
        /* an out-of-line method: `void Foo::bar() {...}` */
        CXCursor owner = clang_getCursorSemanticParent(cur);
        const char *o = is_class_kind(clang_getCursorKind(owner))
                            ? c_cursor_name(x->c, owner)
                            : NULL;
        add_function(x, cur, -1, o);
    }
    return CXChildVisit_Continue;
}

static bool has_component(const char *path, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = path; (p = strstr(p, name)); p++)
        if ((p == path || p[-1] == '/') && (p[n] == '/' || p[n] == '\0'))
            return true;
    return false;
}

/* Vendored code, or a file its leading comment block (the first 40 lines of comments and
 * blank lines, past a license header) says is generated: `Generated:`, `generated by`,
 * `@generated`, `do not edit`, or an amalgamation of the project's sources (SQLite's,
 * Catch2's single-file build): its definitions are copies made by a tool, not by hand. */
static bool skip_file(const char *path, const char *src, size_t len)
{
    static const char *const vendored[] = {"vendor", "vendored", "third_party", "third-party",
                                           "3rdparty", NULL};
    static const char *const marks[] = {"generated:", "generated by", "generated from",
                                        "@generated", "auto-generated", "autogenerated",
                                        "do not edit", "amalgamation", NULL};
    for (const char *const *v = vendored; *v; v++)
        if (has_component(path, *v))
            return true;
    bool block = false;
    for (size_t i = 0, row = 0; i < len && row < 40; row++) {
        size_t e = i;
        while (e < len && src[e] != '\n')
            e++;
        size_t s = i;
        while (s < e && (src[s] == ' ' || src[s] == '\t' || src[s] == '\r'))
            s++;
        bool comment = s + 1 < e && src[s] == '/' && (src[s + 1] == '/' || src[s + 1] == '*');
        if (!comment && !block && s < e)
            return false; /* the first line of code ends the leading comments */
        char line[200];
        size_t k = 0;
        for (size_t j = s; j < e && k + 1 < sizeof(line); j++)
            line[k++] = (char)((src[j] >= 'A' && src[j] <= 'Z') ? src[j] + 32 : src[j]);
        line[k] = '\0';
        for (const char *const *m = marks; *m; m++)
            if (strstr(line, *m))
                return true;
        if (comment && src[s + 1] == '*')
            block = true;
        if (block && strstr(line, "*/"))
            block = false;
        i = e + 1;
    }
    return false;
}

void c_defs_extract(c_ctx *c)
{
    if (!c->tu)
        return;
    /* a file without `main` is linked into a library or program: in use */
    c->facts->linked = true;
    if (skip_file(c->facts->path ? c->facts->path : "", c->src->text, c->src->len))
        return;
    defs_ctx x = {0};
    x.c = c;
    const ssot_config *cfg = c->facts->config;
    x.min_nodes = cfg ? cfg->dup_min_nodes : SSOT_CONFIG_DEFAULT_DUP_MIN_NODES;
    x.min_lines = cfg ? cfg->dup_min_lines : SSOT_CONFIG_DEFAULT_DUP_MIN_LINES;
    x.ignore = cfg ? &cfg->dup_ignore_names : NULL;
    clang_visitChildren(clang_getTranslationUnitCursor(c->tu), visit, &x);
    /* a const accessor and its non-const twin (`const T* get(int) const` and `T*
       get_mutable(int)`) share their body by the language's design, not by a copy */
    for (size_t i = 0; i < x.methods.count; i++)
        for (size_t k = i + 1; k < x.methods.count; k++) {
            c_method_ref *m = &x.methods.items[i], *n = &x.methods.items[k];
            ssot_definition *a = &x.defs.items[m->def], *b = &x.defs.items[n->def];
            if (m->is_const != n->is_const && !strcmp(m->owner, n->owner) && a->fp1 == b->fp1) {
                a->flags |= SSOT_DEFF_SMALL;
                b->flags |= SSOT_DEFF_SMALL;
            }
        }
    free(x.methods.items);
    c->facts->definitions = ssot_arena_alloc(c->arena, (x.defs.count + 1) * sizeof(*x.defs.items));
    if (x.defs.count)
        memcpy(c->facts->definitions, x.defs.items, x.defs.count * sizeof(*x.defs.items));
    c->facts->definition_count = x.defs.count;
    free(x.defs.items);
}
