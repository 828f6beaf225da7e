/* analyzer/frontend/c/c_state.c - process-wide state of C/C++ service files and headers for
 * the SG rules: file- and namespace-scope variables that functions write (bindings, SG005;
 * `static` and unnamed-namespace ones marked file-local), and singleton classes (a static
 * accessor returning the class's own instance kept in a static member, or in a static local:
 * Meyers) with the members their methods write (SG001). `const`/`constexpr` variables,
 * thread-locals, variables a macro made (what `TEST()` expands to) and static members are
 * never bindings. Writes are read from the tokens of function bodies. */
#include "analyzer/frontend/c/c_service.h"

#include <stdlib.h>
#include <string.h>

typedef struct c_fn {
    const char *name;           /* `bump`, `Registry::add` */
    const char *owner;          /* the class of a method, else NULL */
    size_t open, close;         /* the body's braces */
    bool writes_members;        /* a method that may write its object (not const, not static,
                                   not a constructor or destructor) */
} c_fn;

typedef struct c_var {
    const char *name;
    const char *type;
    size_t at;                  /* its name token */
    bool file_local;
} c_var;

typedef struct c_member {
    const char *name;
    bool is_mutable;            /* `mutable`: written by const methods too */
} c_member;

typedef struct c_class {
    CXCursor cur;
    const char *name;
    size_t at;
    bool hidden_ctor;           /* a private/protected or deleted constructor */
    SSOT_VEC(c_member) fields;
    c_strings methods;
    const char *accessor;       /* a static method returning the class's own type */
    CXCursor accessor_cur;
    const char *instance_member; /* a static member of the class's type (or a pointer) */
} c_class;

typedef struct state_ctx {
    c_ctx *c;
    SSOT_VEC(c_fn) fns;
    SSOT_VEC(c_var) vars;
    SSOT_VEC(c_class) classes;
} state_ctx;

/* ---- writes in tokens ---- */

static bool assign_op(const char *t)
{
    static const char *const ops[] = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
                                      "<<=", ">>=", "++", "--", NULL};
    for (const char *const *o = ops; *o; o++)
        if (!strcmp(*o, t))
            return true;
    return false;
}

/* Methods that change the object they are called on (containers, atomics, smart pointers). */
static bool mutator(const char *m)
{
    static const char *const words[] = {
        "push_back", "push_front", "pop_back", "pop_front", "emplace", "emplace_back",
        "emplace_front", "emplace_hint", "insert", "insert_or_assign", "try_emplace", "erase",
        "clear", "push", "pop", "resize", "assign", "swap", "reset", "store", "exchange",
        "fetch_add", "fetch_sub", "append", "add", "remove", "set", "put", "update", "merge",
        "splice", "register", "enqueue", NULL};
    for (const char *const *w = words; *w; w++)
        if (!strcmp(*w, m))
            return true;
    return false;
}

/* Token i names `name`: is it written there? `x = `, `x += `, `x++`, `++x`, `x[k] = `,
 * `x.f = `, `x->f = `, `x.push_back(...)`, `&x` handed to a call. */
static bool written_at(const c_ctx *c, size_t i, size_t end)
{
    if (i > 0 && (c_tok_is(c, i - 1, "++") || c_tok_is(c, i - 1, "--")))
        return true;
    if (i > 0 && c_tok_is(c, i - 1, "&") && i > 1 &&
        (c_tok_is(c, i - 2, "(") || c_tok_is(c, i - 2, ",")))
        return true;
    size_t j = i + 1;
    while (j < end && c_tok_is(c, j, "[")) {
        int depth = 0;
        for (; j < end; j++) {
            depth += c_tok_is(c, j, "[") - c_tok_is(c, j, "]");
            if (depth == 0)
                break;
        }
        j++;
    }
    while (j + 1 < end && (c_tok_is(c, j, ".") || c_tok_is(c, j, "->")) &&
           c->toks[j + 1].kind == CXToken_Identifier) {
        if (c_tok_is(c, j + 2, "("))
            return mutator(c->toks[j + 1].text);
        j += 2;
    }
    return j < end && assign_op(c->toks[j].text);
}

/* Token i is the name as an expression (not a member `a.x`, not a declaration `int x`). */
static bool plain_use(const c_ctx *c, size_t i, bool member)
{
    if (i == 0)
        return true;
    const c_tok *p = &c->toks[i - 1];
    if (c_tok_is(c, i - 1, ".") || (c_tok_is(c, i - 1, "->") && !member))
        return false;
    if (c_tok_is(c, i - 1, "::"))
        return !member && (i < 2 || c->toks[i - 2].kind != CXToken_Identifier);
    return p->kind != CXToken_Identifier || !member;
}

/* A local of the same name declared in the body (`int count = 0;`): the body's `count` is
 * that local. */
static bool shadowed(const c_ctx *c, const c_fn *f, const char *name)
{
    for (size_t i = f->open + 1; i < f->close; i++) {
        const c_tok *t = &c->toks[i];
        if (t->kind != CXToken_Identifier || strcmp(t->text, name))
            continue;
        const c_tok *p = &c->toks[i - 1];
        if ((p->kind == CXToken_Keyword &&
             strcmp(p->text, "return") && strcmp(p->text, "sizeof") &&
             strcmp(p->text, "case") && strcmp(p->text, "delete") && strcmp(p->text, "this")) ||
            (p->kind == CXToken_Identifier && i + 1 < f->close &&
             (c_tok_is(c, i + 1, "=") || c_tok_is(c, i + 1, ";") || c_tok_is(c, i + 1, "{") ||
              c_tok_is(c, i + 1, "[") || c_tok_is(c, i + 1, "("))))
            return true;
    }
    return false;
}

/* The first token in the body of `f` where `name` is written, or 0. */
static size_t writes(const c_ctx *c, const c_fn *f, const char *name, bool member)
{
    for (size_t i = f->open + 1; i < f->close; i++) {
        const c_tok *t = &c->toks[i];
        if (t->kind != CXToken_Identifier || strcmp(t->text, name))
            continue;
        if (member && c_tok_is(c, i - 1, "->") && !c_tok_is(c, i - 2, "this"))
            continue;
        if (plain_use(c, i, member) && written_at(c, i, f->close))
            return shadowed(c, f, name) ? 0 : i;
    }
    return 0;
}

/* ---- the AST walk ---- */

static bool const_type(CXType t)
{
    for (int k = 0; k < 8; k++) {
        if (clang_isConstQualifiedType(t))
            return true;
        CXType e = clang_getArrayElementType(t);
        if (e.kind == CXType_Invalid)
            return false;
        t = e;
    }
    return false;
}

static const char *type_name(c_ctx *c, CXType t)
{
    CXString s = clang_getTypeSpelling(t);
    const char *text = clang_getCString(s);
    /* `union (unnamed union at /abs/path.c:12:8)`: no path in a message */
    const char *paren = strstr(text, " (unnamed ");
    if (!paren)
        paren = strstr(text, " (anonymous ");
    const char *out = paren ? ssot_arena_printf(c->arena, "unnamed %.*s", (int)(paren - text),
                                                text)
                            : ssot_arena_strdup(c->arena, text);
    clang_disposeString(s);
    return out;
}

/* Synchronisation and once-only objects are process-wide by design. */
static bool harmless_type(const char *type)
{
    static const char *const parts[] = {"mutex", "once_flag", "atomic_flag", "pthread_once_t",
                                        "pthread_mutex_t", "condition_variable", "Mutex",
                                        "Logger", NULL};
    for (const char *const *p = parts; *p; p++)
        if (strstr(type, *p))
            return true;
    return false;
}

static void add_var(state_ctx *x, CXCursor cur, bool anonymous_ns)
{
    c_ctx *c = x->c;
    size_t a, b;
    /* `static int n;` is a (tentative) definition too; `extern int n;` is not. A static
       member's out-of-line definition (`Foo* Foo::instance_ = nullptr;`) belongs to its
       class. */
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(cur);
    if ((!clang_isCursorDefinition(cur) && sc == CX_SC_Extern) ||
        clang_getCursorKind(clang_getCursorSemanticParent(cur)) != clang_getCursorKind(
                                                                   clang_getCursorLexicalParent(cur)) ||
        !c_cursor_tokens(c, cur, &a, &b))
        return;
    if (clang_getCursorTLSKind(cur) != CXTLS_None)
        return;
    CXType t = clang_getCursorType(cur);
    if (const_type(t) || t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto)
        return;
    for (size_t i = a; i < b; i++)
        if (c_tok_is(c, i, "constexpr") || c_tok_is(c, i, "constinit"))
            return;
    const char *name = c_cursor_name(c, cur);
    const char *type = type_name(c, t);
    if (!*name || harmless_type(type))
        return;
    size_t at = a;
    for (size_t i = a; i < b; i++)
        if (!strcmp(c->toks[i].text, name)) {
            at = i;
            break;
        }
    c_var v = {name, type, at,
               anonymous_ns || clang_Cursor_getStorageClass(cur) == CX_SC_Static};
    SSOT_VEC_PUSH(&x->vars, v);
}

static bool is_fn_kind(enum CXCursorKind k)
{
    return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod ||
           k == CXCursor_FunctionTemplate || k == CXCursor_Constructor ||
           k == CXCursor_Destructor || k == CXCursor_ConversionFunction;
}

static bool is_class(enum CXCursorKind k)
{
    return k == CXCursor_StructDecl || k == CXCursor_ClassDecl || k == CXCursor_ClassTemplate;
}

static void add_fn(state_ctx *x, CXCursor cur, const char *owner)
{
    c_ctx *c = x->c;
    size_t a, b, open, close;
    if (!c_cursor_tokens(c, cur, &a, &b) || !c_body_of(c, a, b, &open, &close))
        return;
    enum CXCursorKind k = clang_getCursorKind(cur);
    const char *name = c_cursor_name(c, cur);
    c_fn f = {owner ? ssot_arena_printf(c->arena, "%s::%s", owner, name) : name, owner, open,
              close,
              owner && k != CXCursor_Constructor && k != CXCursor_Destructor &&
                  !clang_CXXMethod_isStatic(cur) && !clang_CXXMethod_isConst(cur)};
    SSOT_VEC_PUSH(&x->fns, f);
}

/* The class a type names, through one pointer or reference. */
static CXCursor pointee_decl(CXType t)
{
    if (t.kind == CXType_Pointer || t.kind == CXType_LValueReference ||
        t.kind == CXType_RValueReference)
        t = clang_getPointeeType(t);
    return clang_getTypeDeclaration(clang_getCanonicalType(t));
}

static bool same_class(CXCursor a, CXCursor b)
{
    return clang_equalCursors(clang_getCanonicalCursor(a), clang_getCanonicalCursor(b));
}

static enum CXChildVisitResult class_child(CXCursor cur, CXCursor parent, CXClientData data)
{
    (void)parent;
    state_ctx *x = data;
    c_class *k = &x->classes.items[x->classes.count - 1];
    c_ctx *c = x->c;
    enum CXCursorKind kind = clang_getCursorKind(cur);
    if (kind == CXCursor_FieldDecl) {
        CXType t = clang_getCursorType(cur);
        size_t a, b;
        bool is_mutable = false;
        if (c_cursor_tokens(c, cur, &a, &b))
            for (size_t i = a; i > 0 && i + 4 > a; i--)
                is_mutable |= c_tok_is(c, i - 1, "mutable");
        if (!const_type(t)) {
            c_member m = {c_cursor_name(c, cur), is_mutable};
            SSOT_VEC_PUSH(&k->fields, m);
        }
    } else if (kind == CXCursor_VarDecl) {
        /* a static member holding the one instance: `static Foo* instance_;` */
        if (same_class(pointee_decl(clang_getCursorType(cur)), k->cur))
            k->instance_member = c_cursor_name(c, cur);
    } else if (kind == CXCursor_Constructor) {
        size_t a, b;
        bool deleted = c_cursor_tokens(c, cur, &a, &b) && b >= 2 &&
                       c_tok_is(c, b - 1, "delete") && c_tok_is(c, b - 2, "=");
        if (deleted || clang_getCXXAccessSpecifier(cur) != CX_CXXPublic)
            k->hidden_ctor = true;
    }
    if (is_fn_kind(kind)) {
        SSOT_VEC_PUSH(&k->methods, c_cursor_name(c, cur));
        if (kind == CXCursor_CXXMethod && clang_CXXMethod_isStatic(cur) && !k->accessor &&
            same_class(pointee_decl(clang_getCursorResultType(cur)), k->cur)) {
            k->accessor = c_cursor_name(c, cur);
            k->accessor_cur = cur;
        }
        add_fn(x, cur, k->name);
    }
    return CXChildVisit_Continue;
}

static void add_class(state_ctx *x, CXCursor cur)
{
    c_ctx *c = x->c;
    size_t a, b;
    if (!clang_isCursorDefinition(cur) || clang_Cursor_isAnonymous(cur) ||
        !c_cursor_tokens(c, cur, &a, &b))
        return;
    const char *name = c_cursor_name(c, cur);
    size_t at = a;
    for (size_t i = a; i < b; i++)
        if (!strcmp(c->toks[i].text, name)) {
            at = i;
            break;
        }
    c_class k = {0};
    k.cur = cur;
    k.name = name;
    k.at = at;
    SSOT_VEC_PUSH(&x->classes, k);
    clang_visitChildren(cur, class_child, x);
}

static enum CXChildVisitResult visit(CXCursor cur, CXCursor parent, CXClientData data)
{
    state_ctx *x = data;
    enum CXCursorKind k = clang_getCursorKind(cur);
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(cur)))
        return CXChildVisit_Continue;
    if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec)
        return CXChildVisit_Recurse;
    bool anonymous = clang_getCursorKind(parent) == CXCursor_Namespace &&
                     clang_Cursor_isAnonymous(parent);
    if (k == CXCursor_VarDecl)
        add_var(x, cur, anonymous);
    else if (is_class(k))
        add_class(x, cur);
    else if (is_fn_kind(k)) {
        /* an out-of-line method (`void Foo::add() {...}`) counts for its class */
        CXCursor owner = clang_getCursorSemanticParent(cur);
        bool in_class = is_class(clang_getCursorKind(owner));
        add_fn(x, cur, in_class ? c_cursor_name(x->c, owner) : NULL);
        for (size_t i = 0; in_class && i < x->classes.count; i++) {
            c_class *kl = &x->classes.items[i];
            if (same_class(kl->cur, owner) && kl->accessor &&
                !strcmp(kl->accessor, c_cursor_name(x->c, cur)))
                kl->accessor_cur = cur;
        }
    }
    return CXChildVisit_Continue;
}

/* ---- facts ---- */

static void bindings(state_ctx *x)
{
    c_ctx *c = x->c;
    SSOT_VEC(ssot_binding) out = {0};
    for (size_t i = 0; i < x->vars.count; i++) {
        const c_var *v = &x->vars.items[i];
        const char *writer = NULL;
        uint32_t count = 0;
        for (size_t j = 0; j < x->fns.count; j++)
            if (writes(c, &x->fns.items[j], v->name, false)) {
                if (!writer)
                    writer = x->fns.items[j].name;
                count++;
            }
        if (!count)
            continue;
        ssot_binding b = {0};
        b.name = v->name;
        b.loc = c_tok_loc(c, v->at);
        b.kind = SSOT_VALUE_CONTAINER;
        b.callee = b.as_written = v->type;
        b.flags = SSOT_BF_COMPUTED_WRITE | SSOT_BF_READ | (v->file_local ? SSOT_BF_FILE_LOCAL : 0);
        b.writer = writer;
        b.writer_count = count;
        SSOT_VEC_PUSH(&out, b);
    }
    c->facts->bindings = ssot_arena_alloc(c->arena, (out.count + 1) * sizeof(*out.items));
    if (out.count)
        memcpy(c->facts->bindings, out.items, out.count * sizeof(*out.items));
    c->facts->binding_count = out.count;
    free(out.items);
}

/* `static Foo instance;` (or `static Foo* p = new Foo`) in the accessor's body: the name. */
static const char *static_local(state_ctx *x, const c_class *k)
{
    c_ctx *c = x->c;
    size_t a, b, open;
    if (!c_cursor_tokens(c, k->accessor_cur, &a, &b) || !c_body_of(c, a, b, &open, &b))
        return NULL;
    for (size_t i = open + 1; i + 2 < b; i++) {
        if (!c_tok_is(c, i, "static"))
            continue;
        size_t j = i + 1;
        bool own = false;
        for (; j < b && !c_tok_is(c, j, ";") && !c_tok_is(c, j, "=") && !c_tok_is(c, j, "{") &&
               !c_tok_is(c, j, "(");
             j++)
            own |= !strcmp(c->toks[j].text, k->name);
        if (own && j > i + 2 && c->toks[j - 1].kind == CXToken_Identifier)
            return c->toks[j - 1].text;
    }
    return NULL;
}

static void classes(state_ctx *x)
{
    c_ctx *c = x->c;
    SSOT_VEC(ssot_class) out = {0};
    for (size_t i = 0; i < x->classes.count; i++) {
        c_class *k = &x->classes.items[i];
        if (!k->accessor)
            continue;
        const char *local = static_local(x, k);
        /* the instance lives in a static member behind a hidden constructor, or in the
           accessor's static local (Meyers) */
        const char *instance = local ? local : k->hidden_ctor ? k->instance_member : NULL;
        if (!instance)
            continue;
        c_strings w = {0}, wm = {0};
        for (size_t f = 0; f < x->fns.count; f++) {
            const c_fn *fn = &x->fns.items[f];
            if (!fn->owner || strcmp(fn->owner, k->name))
                continue;
            for (size_t m = 0; m < k->fields.count; m++) {
                const c_member *mem = &k->fields.items[m];
                if ((fn->writes_members || mem->is_mutable) && writes(c, fn, mem->name, true)) {
                    SSOT_VEC_PUSH(&w, mem->name);
                    SSOT_VEC_PUSH(&wm, fn->name);
                }
            }
        }
        ssot_class o = {0};
        o.name = o.qualname = k->name;
        o.loc = c_tok_loc(c, k->at);
        o.outer_index = -1;
        o.bases = ssot_arena_alloc(c->arena, sizeof(char *));
        o.methods = c_strings_to_arena(c->arena, &k->methods, &o.method_count);
        o.alias_names = o.alias_targets = ssot_arena_alloc(c->arena, sizeof(char *));
        o.markers = ssot_arena_alloc(c->arena, sizeof(char *));
        ssot_class_state *st = ssot_class_state_own(&o, c->arena);
        st->decorators = ssot_arena_alloc(c->arena, sizeof(char *));
        size_t wn = w.count;
        st->writes = c_strings_to_arena(c->arena, &w, &st->write_count);
        st->write_methods = c_strings_to_arena(c->arena, &wm, &wn);
        st->replaces = st->init_attrs = ssot_arena_alloc(c->arena, sizeof(char *));
        st->composed = st->composed_callees = ssot_arena_alloc(c->arena, sizeof(char *));
        st->instance_attr = instance;
        st->instance_method = k->accessor;
        st->instance_loc = o.loc;
        SSOT_VEC_PUSH(&out, o);
    }
    c->facts->classes = ssot_arena_alloc(c->arena, (out.count + 1) * sizeof(*out.items));
    if (out.count)
        memcpy(c->facts->classes, out.items, out.count * sizeof(*out.items));
    c->facts->class_count = out.count;
    free(out.items);
}

void c_state_extract(c_ctx *c)
{
    if (!c->tu)
        return;
    state_ctx x = {0};
    x.c = c;
    clang_visitChildren(clang_getTranslationUnitCursor(c->tu), visit, &x);
    bindings(&x);
    classes(&x);
    for (size_t i = 0; i < x.classes.count; i++) {
        free(x.classes.items[i].fields.items);
        free(x.classes.items[i].methods.items);
    }
    free(x.classes.items);
    free(x.vars.items);
    free(x.fns.items);
}
