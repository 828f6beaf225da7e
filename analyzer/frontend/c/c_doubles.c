/* analyzer/frontend/c/c_doubles.c - the test doubles of a C/C++ test, in the same facts the
 * Python and JavaScript front ends fill (doubles, settings, handoffs, calls, the double an
 * assertion reads), so that the MO rules need no language check:
 *  - a gmock mock object: a local of a class whose members hold a `FunctionMocker` (what
 *    `MOCK_METHOD` expands to), whatever the class is named; `EXPECT_CALL`/`ON_CALL`'s
 *    `Return(V)` is a setting, `EXPECT_CALL` itself a verification (A4) of it, and any use
 *    of the object other than calling its methods (passed to a constructor or function,
 *    its address taken, moved) hands it to other code;
 *  - a cmocka double: a function of the file whose body calls `mock()` (`mock_type`,
 *    `mock_ptr_type`) or `check_expected`/`function_called`, named by `will_return`/`expect_*`; `will_return(f, V)` is a setting,
 *    a call of `f` (or of the function `__wrap_f` stands in for) reads it, and a call of a
 *    project function may reach it (a patch, in Python's terms).
 * The project is the double library when the mock machinery (gmock's `FunctionMocker`,
 * cmocka's `mock` macro) is declared in a project file outside test and vendored folders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/frontend/c/c_internal.h"

/* A method a mock class mocks: `Get` of `MOCK_METHOD(int, Get, ...)`. */
typedef struct c_mocked {
    const char *cls, *method;
} c_mocked;

typedef struct c_mocks {
    SSOT_VEC(const char *) classes;   /* mock classes of the file and its project headers */
    SSOT_VEC(c_mocked) methods;       /* their mocked methods */
    SSOT_VEC(const char *) wraps;     /* functions of the file whose body calls mock() */
    bool wraps_done;
    bool library;                     /* the project declares the mock machinery */
} c_mocks;

/* A local bound to a read of a double: `int v = m.Get(1);`. */
typedef struct c_binding {
    const char *name;
    int32_t dbl;
    const char *path;
} c_binding;

/* How the test holds a double: through a pointer (its methods called with `->`, and `.`
 * reaches the smart pointer's own API), and the token that declares it. */
typedef struct c_held {
    bool pointer;
    size_t at;
    const char *cls;        /* a gmock mock's class, NULL for a cmocka mock function */
} c_held;

typedef struct c_body {
    c_ctx *c;
    ssot_function *fn;
    SSOT_VEC(ssot_double) doubles;
    SSOT_VEC(c_held) held;             /* per double: how the test holds it */
    SSOT_VEC(ssot_setting) settings;
    SSOT_VEC(ssot_handoff) handoffs;
    SSOT_VEC(ssot_call) calls;
    SSOT_VEC(c_binding) bindings;
} c_body;

static bool is(const c_tok *t, const char *s)
{
    return !strcmp(t->text, s);
}

static bool ident(const c_tok *t)
{
    return t->kind == CXToken_Identifier;
}

static c_mocks *mocks(c_ctx *c)
{
    if (!c->mocks)
        c->mocks = ssot_calloc(1, sizeof(c_mocks));
    return c->mocks;
}

static bool listed(const char *const *items, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(items[i], name))
            return true;
    return false;
}

/* A file of the project's own code: not a system header, not below a test folder (a test
 * helper) nor a vendored one (a copy of the framework). */
static bool own_code(CXSourceLocation loc)
{
    if (clang_Location_isInSystemHeader(loc))
        return false;
    CXFile f = NULL;
    clang_getSpellingLocation(loc, &f, NULL, NULL, NULL);
    if (!f)
        return false;
    static const char *const folders[] = {"test", "tests", "testing", "unittest", "unittests",
                                          "vendor", "vendored", "third_party", "third-party",
                                          "thirdparty", "external", "extern", "deps", "_deps",
                                          NULL};
    CXString name = clang_getFileName(f);
    const char *p = clang_getCString(name);
    bool own = p != NULL;
    for (const char *seg = p; own && seg;) {
        const char *end = strchr(seg, '/');
        if (!end)
            break;
        for (const char *const *d = folders; *d && own; d++)
            own = !(strlen(*d) == (size_t)(end - seg) && !strncmp(seg, *d, (size_t)(end - seg)));
        seg = end + 1;
    }
    clang_disposeString(name);
    return own;
}

void c_doubles_cursor(c_ctx *c, CXCursor cur)
{
    enum CXCursorKind k = clang_getCursorKind(cur);
    if (k == CXCursor_MacroDefinition) {
        CXString s = clang_getCursorSpelling(cur);
        if (!strcmp(clang_getCString(s), "mock") && own_code(clang_getCursorLocation(cur)))
            mocks(c)->library = true;
        clang_disposeString(s);
        return;
    }
    if (k == CXCursor_CXXMethod) {
        /* MOCK_METHOD(R, X, ...) also makes `gmock_X`, which returns a MockSpec */
        CXString ms = clang_getCursorSpelling(cur);
        const char *method = clang_getCString(ms);
        if (!method || strncmp(method, "gmock_", 6)) {
            clang_disposeString(ms);
            return;
        }
        CXString rs = clang_getTypeSpelling(clang_getCursorResultType(cur));
        bool spec = strstr(clang_getCString(rs), "MockSpec<") != NULL;
        clang_disposeString(rs);
        CXString ps = clang_getCursorSpelling(clang_getCursorSemanticParent(cur));
        const char *cls = clang_getCString(ps);
        method += 6;
        if (spec && method[0] && cls && cls[0]) {
            c_mocked x = {ssot_arena_strdup(c->arena, cls), ssot_arena_strdup(c->arena, method)};
            SSOT_VEC_PUSH(&mocks(c)->methods, x);
        }
        clang_disposeString(ms);
        clang_disposeString(ps);
        return;
    }
    if (k != CXCursor_FieldDecl)
        return;
    CXType type = clang_getCursorType(cur);
    CXString ts = clang_getTypeSpelling(type);
    bool mocker = strstr(clang_getCString(ts), "FunctionMocker<") != NULL;
    clang_disposeString(ts);
    if (!mocker)
        return;
    c_mocks *m = mocks(c);
    CXCursor decl = clang_getTypeDeclaration(type);
    if (!clang_Cursor_isNull(decl) && own_code(clang_getCursorLocation(decl)))
        m->library = true;
    CXCursor parent = clang_getCursorSemanticParent(cur);
    CXString ps = clang_getCursorSpelling(parent);
    const char *name = clang_getCString(ps);
    if (name && name[0] && !listed(m->classes.items, m->classes.count, name)) {
        const char *kept = ssot_arena_strdup(c->arena, name);
        SSOT_VEC_PUSH(&m->classes, kept);
    }
    clang_disposeString(ps);
}

void c_doubles_free(c_ctx *c)
{
    c_mocks *m = c->mocks;
    if (!m)
        return;
    free(m->classes.items);
    free(m->methods.items);
    free(m->wraps.items);
    free(m);
    c->mocks = NULL;
}

static bool mock_call(const c_ctx *c, size_t k)
{
    const c_tok *t = &c->toks[k];
    return ident(t) && k + 1 < c->ntok && is(&c->toks[k + 1], "(") &&
           (is(t, "mock") || is(t, "mock_type") || is(t, "mock_ptr_type") || is(t, "_mock") ||
            !strncmp(t->text, "check_expected", 14) || is(t, "function_called"));
}

/* The file's functions whose body calls mock() or checks its arguments (check_expected,
 * function_called): `int __wrap_read(int fd) { ... mock() }`. */
static void find_wraps(c_ctx *c, c_mocks *m)
{
    m->wraps_done = true;
    int depth = 0;
    for (size_t k = 0; k + 1 < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive)
            continue;
        if (is(t, "{") || is(t, "}")) {
            depth += is(t, "{") ? 1 : -1;
            continue;
        }
        if (depth != 0 || !ident(t) || !is(&c->toks[k + 1], "("))
            continue;
        size_t close = c_match(c, k + 1);
        if (close + 1 >= c->ntok || !is(&c->toks[close + 1], "{"))
            continue;
        size_t end = c_match(c, close + 1);
        for (size_t i = close + 2; i < end && i < c->ntok; i++)
            if (mock_call(c, i)) {
                SSOT_VEC_PUSH(&m->wraps, t->text);
                break;
            }
        k = close;
    }
}

static bool is_wrap(const c_mocks *m, const char *name)
{
    return listed(m->wraps.items, m->wraps.count, name);
}

static bool is_mock_class(const c_mocks *m, const char *name)
{
    return listed(m->classes.items, m->classes.count, name);
}

/* Does the mock class `cls` mock `method`? Its other methods are the project's own code
 * (a partial mock deriving from a project class), which runs when the test calls them. */
static bool mocks_method(const c_mocks *m, const char *cls, const char *method)
{
    for (size_t i = 0; i < m->methods.count; i++)
        if (!strcmp(m->methods.items[i].cls, cls) && !strcmp(m->methods.items[i].method, method))
            return true;
    return false;
}

static int32_t find_double(const c_body *b, const char *name)
{
    for (size_t i = 0; i < b->doubles.count; i++)
        if (!strcmp(b->doubles.items[i].name, name))
            return (int32_t)i;
    return -1;
}

static int32_t add_double(c_body *b, const char *name, size_t at, uint32_t flags, bool ptr,
                          const char *cls)
{
    int32_t i = find_double(b, name);
    if (i >= 0)
        return i;
    ssot_double d = {0};
    d.name = name;
    d.loc = c_loc_of(b->c, at, at);
    d.flags = flags;
    d.target = cls ? cls : name;
    d.parent = -1;
    SSOT_VEC_PUSH(&b->doubles, d);
    c_held h = {ptr, at, cls};
    SSOT_VEC_PUSH(&b->held, h);
    return (int32_t)b->doubles.count - 1;
}

/* The cmocka double a call of `name` reaches: the wrap itself, or the function `__wrap_f`
 * stands in for (the linker's --wrap sends the test's calls of `f` there). */
static int32_t wrap_double(const c_body *b, const char *name)
{
    int32_t d = find_double(b, name);
    if (d >= 0 || strlen(name) > 200)
        return d;
    char wrapped[256];
    snprintf(wrapped, sizeof(wrapped), "__wrap_%s", name);
    d = find_double(b, wrapped);
    return d >= 0 && (b->doubles.items[d].flags & SSOT_DF_PATCH) ? d : -1;
}

static const char *compact(c_ctx *c, size_t a, size_t e)
{
    size_t n = 0;
    for (size_t k = a; k < e; k++)
        n += strlen(c->toks[k].text);
    char *out = ssot_arena_alloc(c->arena, n + 1);
    size_t at = 0;
    for (size_t k = a; k < e; k++) {
        size_t len = strlen(c->toks[k].text);
        memcpy(out + at, c->toks[k].text, len);
        at += len;
    }
    out[at] = '\0';
    return out;
}

static bool literal_value(const c_ctx *c, size_t a, size_t e)
{
    if (e - a == 2 && (is(&c->toks[a], "-") || is(&c->toks[a], "+")))
        a++;
    return e - a == 1 && (c->toks[a].kind == CXToken_Literal || is(&c->toks[a], "true") ||
                          is(&c->toks[a], "false") || is(&c->toks[a], "nullptr"));
}

/* A gmock mock declared by the statement starting at s: `MockFoo m;`, `NiceMock<MockFoo>
 * m(args);`, `MockFoo *m = new MockFoo;`, `auto m = std::make_unique<MockFoo>();`. */
static void declaration(c_body *b, const c_mocks *m, size_t s, size_t close)
{
    c_ctx *c = b->c;
    if (!m->classes.count || !(ident(&c->toks[s]) || is(&c->toks[s], "auto") ||
                               is(&c->toks[s], "const") || is(&c->toks[s], "static")))
        return;
    int angle = 0;
    size_t e = s;
    bool typed = false, ptr = false;
    const char *cls = NULL;
    for (; e < close; e++) {
        const c_tok *t = &c->toks[e];
        if (is(t, "<"))
            angle++;
        else if (is(t, ">"))
            angle--;
        else if (is(t, ">>"))
            angle -= 2;
        else if (angle <= 0 && (is(t, ";") || is(t, "=") || is(t, "(") || is(t, "{") ||
                                is(t, ")") || is(t, ",")))
            break;
        else if (ident(t) && is_mock_class(m, t->text)) {
            typed = true;
            cls = t->text;
        }
        else if (is(t, "*") || is(t, "unique_ptr") || is(t, "shared_ptr"))
            ptr = true;
    }
    if (e >= close || e < s + 1 || !ident(&c->toks[e - 1]) || is_mock_class(m, c->toks[e - 1].text))
        return;
    if (is(&c->toks[e], ",") || is(&c->toks[e], ")"))
        return;
    if (!typed && is(&c->toks[e], "=")) {
        /* `auto m = new MockFoo`, `= std::make_unique<MockFoo>()` */
        size_t r = e + 1;
        if (r < close && is(&c->toks[r], "std") && r + 2 < close)
            r += 2;
        if (r < close && (is(&c->toks[r], "new") || is(&c->toks[r], "make_unique") ||
                          is(&c->toks[r], "make_shared"))) {
            for (size_t k = r + 1; k < close && k < r + 8 && !is(&c->toks[k], ";"); k++)
                if (ident(&c->toks[k]) && is_mock_class(m, c->toks[k].text)) {
                    typed = ptr = true;
                    cls = c->toks[k].text;
                }
        }
    }
    if (typed && e >= s + 1 && (e - 1 > s || is(&c->toks[e], "=")))
        add_double(b, c->toks[e - 1].text, e - 1, 0, ptr, cls);
}

/* The double an expression [a, e) reads and the path it reads: `m.Get(1)`, `m->Get(1)`
 * (`Get.return_value`), `f()` of a cmocka double (`return_value`), a local bound to one. */
static int32_t read_of(const c_body *b, size_t a, size_t e, const char **path)
{
    const c_ctx *c = b->c;
    if (e == a + 1 && ident(&c->toks[a])) {
        for (size_t i = b->bindings.count; i-- > 0;)
            if (!strcmp(b->bindings.items[i].name, c->toks[a].text)) {
                *path = b->bindings.items[i].path;
                return b->bindings.items[i].dbl;
            }
        return -1;
    }
    if (e < a + 3 || !ident(&c->toks[a]) || !is(&c->toks[e - 1], ")"))
        return -1;
    if (is(&c->toks[a + 1], "(") && c_match(c, a + 1) == e - 1) {
        int32_t d = wrap_double(b, c->toks[a].text);
        if (d >= 0 && (b->doubles.items[d].flags & SSOT_DF_PATCH)) {
            *path = "return_value";
            return d;
        }
        return -1;
    }
    if (e < a + 5 || !(is(&c->toks[a + 1], ".") || is(&c->toks[a + 1], "->")) ||
        !ident(&c->toks[a + 2]) || !is(&c->toks[a + 3], "(") || c_match(c, a + 3) != e - 1)
        return -1;
    int32_t d = find_double(b, c->toks[a].text);
    if (d < 0 || (b->doubles.items[d].flags & SSOT_DF_PATCH) ||
        !mocks_method(c->mocks, b->held.items[d].cls, c->toks[a + 2].text))
        return -1;
    if (is(&c->toks[a + 1], ".") == b->held.items[d].pointer)
        return -1; /* `p.get()` of a smart pointer: not the mock's method */
    *path = ssot_arena_printf(c->arena, "%s.return_value", c->toks[a + 2].text);
    return d;
}

static size_t token_at(const c_ctx *c, uint32_t row, uint32_t col, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (c->toks[k].row == row && c->toks[k].col == col)
            return k;
    return to;
}

/* The double an assertion reads, and what it compares it with. */
static void assertion_subject(c_body *b, ssot_assertion *a, size_t open, size_t close)
{
    c_ctx *c = b->c;
    size_t k = token_at(c, a->loc.span.row, a->loc.span.col, open, close);
    if (k >= close || k + 1 >= close || !is(&c->toks[k + 1], "(") ||
        (a->flags & SSOT_AF_MOCK_CHECK))
        return;
    size_t end = c_match(c, k + 1), st[3], en[3];
    size_t n = c_split_args(c, k + 1, end, st, en, 3);
    int eq = c_vocab_equality(c->toks[k].text), truth = c_vocab_truth(c->toks[k].text);
    const char *path = NULL;
    for (size_t i = 0; i < n && i < 2; i++) {
        int32_t d = read_of(b, st[i], en[i], &path);
        if (d < 0)
            continue;
        a->subject = d;
        a->subject_path = path;
        if (eq > 0 && n >= 2)
            a->expected = compact(c, st[1 - i], en[1 - i]);
        else if (truth && i == 0)
            a->expected = truth > 0 ? "true" : "false";
        return;
    }
}

/* `EXPECT_CALL(m, Get(1)).WillOnce(Return(7))`, `ON_CALL(*m, Get(_)).WillByDefault(...)`:
 * its Return values are settings; EXPECT_CALL verifies. Returns the statement's end. */
static size_t expectation(c_body *b, size_t k, size_t close)
{
    c_ctx *c = b->c;
    size_t end = c_match(c, k + 1), st[2], en[2];
    if (end >= close)
        return k;
    size_t n = c_split_args(c, k + 1, end, st, en, 2);
    size_t a = n >= 1 && is(&c->toks[st[0]], "*") ? st[0] + 1 : n >= 1 ? st[0] : end;
    int32_t d = n == 2 && en[0] == a + 1 ? find_double(b, c->toks[a].text) : -1;
    if (d < 0 || (b->doubles.items[d].flags & SSOT_DF_PATCH) || !ident(&c->toks[st[1]]))
        return end;
    const char *method = c->toks[st[1]].text;
    if (is(&c->toks[k], "EXPECT_CALL"))
        for (size_t i = 0; i < b->fn->assert_count; i++) {
            ssot_assertion *as = &b->fn->asserts[i];
            if (as->loc.span.row == c->toks[k].row && as->loc.span.col == c->toks[k].col) {
                as->subject = d;
                as->subject_path = method;
            }
        }
    size_t stop = end;
    while (stop < close && !is(&c->toks[stop], ";"))
        stop++;
    for (size_t i = end; i + 1 < stop; i++) {
        if (!(is(&c->toks[i], "Return") || is(&c->toks[i], "ReturnRef")) ||
            !is(&c->toks[i + 1], "("))
            continue;
        size_t r = c_match(c, i + 1);
        if (r >= stop || r == i + 2)
            continue;
        ssot_setting s = {0};
        s.double_index = d;
        s.path = ssot_arena_printf(c->arena, "%s.return_value", method);
        s.value = compact(c, i + 2, r);
        s.kind = SSOT_SET_RETURN;
        s.flags = literal_value(c, i + 2, r) ? SSOT_SF_LITERAL : 0;
        s.row = c->toks[i].row;
        SSOT_VEC_PUSH(&b->settings, s);
    }
    return stop;
}

/* `will_return(f, V)`, `expect_value(f, x, 1)`: the cmocka double f, with V as a setting. */
static void cmocka_use(c_body *b, size_t k, size_t close)
{
    c_ctx *c = b->c;
    size_t end = c_match(c, k + 1), st[2], en[2];
    if (end >= close)
        return;
    size_t n = c_split_args(c, k + 1, end, st, en, 2);
    if (n < 1 || en[0] != st[0] + 1)
        return;
    int32_t d = find_double(b, c->toks[st[0]].text);
    if (d < 0)
        return;
    /* the mock function named here is no checking callback handed to other code (A7) */
    ssot_function *fn = b->fn;
    for (size_t i = 0; i < fn->assert_count; i++)
        if (fn->asserts[i].kind == SSOT_ASSERT_HELPER &&
            fn->asserts[i].loc.span.row == c->toks[st[0]].row &&
            fn->asserts[i].loc.span.col == c->toks[st[0]].col) {
            memmove(&fn->asserts[i], &fn->asserts[i + 1],
                    (fn->assert_count - i - 1) * sizeof(*fn->asserts));
            fn->assert_count--;
            break;
        }
    for (size_t i = 0; i < b->fn->assert_count; i++) {
        ssot_assertion *as = &b->fn->asserts[i];
        if (as->loc.span.row == c->toks[k].row && as->loc.span.col == c->toks[k].col) {
            as->subject = d;
            as->subject_path = "";
        }
    }
    if (strncmp(c->toks[k].text, "will_return", 11) || n < 2)
        return;
    ssot_setting s = {0};
    s.double_index = d;
    s.path = "return_value";
    s.value = compact(c, st[1], en[1]);
    s.kind = SSOT_SET_RETURN;
    s.flags = literal_value(c, st[1], en[1]) ? SSOT_SF_LITERAL : 0;
    s.row = c->toks[k].row;
    SSOT_VEC_PUSH(&b->settings, s);
}

static bool keyword(const char *s)
{
    static const char *const kw[] = {"if", "for", "while", "switch", "catch", "return",
                                     "sizeof", "do", "else", "alignof", "decltype", "case",
                                     "throw", "new", "delete", "static_cast", "const_cast",
                                     "reinterpret_cast", "dynamic_cast", NULL};
    for (const char *const *k = kw; *k; k++)
        if (!strcmp(s, *k))
            return true;
    return false;
}

/* A call the test makes of a function the project declares (the file's own functions and
 * those of its project headers); the C library and the frameworks are not the project. */
static bool project_function(const c_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->functions.count; i++)
        if (!strcmp(c->functions.items[i].name, name))
            return true;
    return false;
}

static void add_call(c_body *b, size_t k, uint32_t flags, int32_t dbl)
{
    ssot_call call = {0};
    call.callee = b->c->toks[k].text;
    call.receiver = SSOT_RECEIVER_NAME;
    call.flags = flags;
    call.row = b->c->toks[k].row;
    call.double_index = dbl;
    SSOT_VEC_PUSH(&b->calls, call);
}

/* `int v = m.Get(1);`, `v = f();`: v reads the double from then on. */
static void binding(c_body *b, size_t s, size_t close)
{
    c_ctx *c = b->c;
    size_t eq = s;
    while (eq < close && !is(&c->toks[eq], "=") && !is(&c->toks[eq], ";") &&
           !is(&c->toks[eq], "("))
        eq++;
    if (eq >= close || !is(&c->toks[eq], "=") || eq == s || !ident(&c->toks[eq - 1]))
        return;
    size_t e = eq + 1;
    while (e < close && !is(&c->toks[e], ";"))
        e++;
    const char *path = NULL;
    int32_t d = read_of(b, eq + 1, e, &path);
    if (d < 0)
        return;
    c_binding v = {c->toks[eq - 1].text, d, path};
    SSOT_VEC_PUSH(&b->bindings, v);
}

static void *kept(c_ctx *c, const void *items, size_t count, size_t size)
{
    void *out = ssot_arena_alloc(c->arena, (count + 1) * size);
    if (count)
        memcpy(out, items, count * size);
    return out;
}

void c_doubles_extract(c_ctx *c, ssot_function *fn, size_t open, size_t close)
{
    c_mocks *m = mocks(c);
    if (!m->wraps_done)
        find_wraps(c, m);
    if (m->library)
        fn->flags |= SSOT_FF_ABOUT_DOUBLES;
    c_body b = {0};
    b.c = c;
    b.fn = fn;
    /* the doubles first: declarations of mock objects, the wraps cmocka calls name */
    bool start = true;
    for (size_t k = open + 1; k < close; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive)
            continue;
        if (start)
            declaration(&b, m, k, close);
        start = is(t, ";") || is(t, "{") || is(t, "}");
        if (ident(t) && k + 1 < close && is(&c->toks[k + 1], "(") &&
            (!strncmp(t->text, "will_return", 11) || !strncmp(t->text, "expect_", 7))) {
            size_t st[1], en[1];
            if (c_split_args(c, k + 1, c_match(c, k + 1), st, en, 1) == 1 &&
                en[0] == st[0] + 1 && is_wrap(m, c->toks[st[0]].text))
                add_double(&b, c->toks[st[0]].text, st[0], SSOT_DF_PATCH, false, NULL);
        }
    }
    if (!b.doubles.count) {
        free(b.doubles.items);
        free(b.held.items);
        return;
    }
    /* then what the body does with them, in order; its other calls matter only to a cmocka
       double, which any project function may reach */
    bool reachable = false;
    for (size_t i = 0; i < b.doubles.count; i++)
        reachable = reachable || (b.doubles.items[i].flags & SSOT_DF_PATCH);
    start = true;
    for (size_t k = open + 1; k < close; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive)
            continue;
        if (start)
            binding(&b, k, close);
        start = is(t, ";") || is(t, "{") || is(t, "}");
        if (!ident(t))
            continue;
        bool called = k + 1 < close && is(&c->toks[k + 1], "(");
        const c_tok *prev = &c->toks[k - 1];
        bool member = is(prev, ".") || is(prev, "->") || is(prev, "::");
        if (called && (is(t, "EXPECT_CALL") || is(t, "ON_CALL"))) {
            k = expectation(&b, k, close);
            start = true;
            continue;
        }
        if (called && (!strncmp(t->text, "will_return", 11) || !strncmp(t->text, "expect_", 7) ||
                       !strncmp(t->text, "check_expected", 14))) {
            cmocka_use(&b, k, close);
            k = c_match(c, k + 1);
            continue;
        }
        int32_t d = member ? -1 : find_double(&b, t->text);
        if (d >= 0 && !(b.doubles.items[d].flags & SSOT_DF_PATCH)) {
            /* a gmock mock: its methods called by the test, else handed over */
            bool method = k + 3 < close &&
                          is(&c->toks[k + 1], b.held.items[d].pointer ? "->" : ".") &&
                          ident(&c->toks[k + 2]) && is(&c->toks[k + 3], "(") &&
                          mocks_method(m, b.held.items[d].cls, c->toks[k + 2].text);
            if (method) {
                add_call(&b, k + 2, SSOT_CF_ON_DOUBLE, d);
                k += 2;
            } else if (k != b.held.items[d].at) {
                ssot_handoff h = {d, -1, t->row};
                SSOT_VEC_PUSH(&b.handoffs, h);
            }
            continue;
        }
        if (!called || member || keyword(t->text) || c_vocab_word(t->text) != C_WORD_NONE)
            continue;
        int32_t w = wrap_double(&b, t->text);
        if (w >= 0)
            add_call(&b, k, SSOT_CF_ON_DOUBLE, w);
        else if (reachable)
            add_call(&b, k, project_function(c, t->text) ? 0 : SSOT_CF_LIBRARY, -1);
    }
    for (size_t i = 0; i < fn->assert_count; i++) {
        ssot_assertion *a = &fn->asserts[i];
        int32_t w = a->kind == SSOT_ASSERT_HELPER && a->callee ? wrap_double(&b, a->callee) : -1;
        if (w >= 0) {
            /* a call of a mock function that checks its arguments: the verification
               expect_* configured (A4), not a project helper (A7) */
            a->kind = SSOT_ASSERT_MOCK;
            a->flags |= SSOT_AF_MOCK_CHECK;
            a->subject = w;
            a->subject_path = "";
        } else if (a->subject < 0) {
            assertion_subject(&b, a, open, close);
        }
    }
    ssot_fn_side *side = ssot_fn_side_own(fn, c->arena);
    side->doubles = kept(c, b.doubles.items, b.doubles.count, sizeof(ssot_double));
    side->double_count = b.doubles.count;
    side->settings = kept(c, b.settings.items, b.settings.count, sizeof(ssot_setting));
    side->setting_count = b.settings.count;
    side->handoffs = kept(c, b.handoffs.items, b.handoffs.count, sizeof(ssot_handoff));
    side->handoff_count = b.handoffs.count;
    fn->calls = kept(c, b.calls.items, b.calls.count, sizeof(ssot_call));
    fn->call_count = b.calls.count;
    free(b.doubles.items);
    free(b.held.items);
    free(b.settings.items);
    free(b.handoffs.items);
    free(b.calls.items);
    free(b.bindings.items);
}
