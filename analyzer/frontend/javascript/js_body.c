/* analyzer/frontend/javascript/js_body.c - one function body of a JavaScript/TypeScript test
 * file: its assertions (jest/vitest `expect` with a called matcher, node:assert, chai
 * expect/should/assert, sinon.assert, supertest `.expect`, testing-library's throwing queries,
 * done-callbacks), its discarded checks, its calls, and its doubles (jest.fn, vi.fn, sinon,
 * spyOn): how they are made, configured, called and handed to project code. */
#include "analyzer/frontend/javascript/js_test_internal.h"

#include <ctype.h>

/* Where a statement is. */
typedef struct js_state {
    bool branch;      /* inside if/loop/switch/try/callback */
    bool conditional; /* inside if/else/switch/ternary */
    bool swallowed;   /* inside a try whose catch swallows everything */
    bool in_catch;    /* inside a catch whose try never fails when nothing throws */
    bool unreachable; /* after an unconditional return/throw */
    bool awaited;     /* the expression is awaited or returned */
    bool nested;      /* inside a function nested in the one walked */
    bool in_try;      /* inside a try that has a catch */
} js_state;

static void walk_statement(js_fn *b, js_node n, js_state st);
static void walk_expr(js_fn *b, js_node n, js_state st, const char *bind);

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

/* jest's global `fail()`, not a function of that name the file imports or defines. */
static bool global_fail(const js_fn *b, const char *callee)
{
    if (!callee || strcmp(callee, "fail") != 0 || js_file_import(b->f, "fail"))
        return false;
    for (size_t i = 0; i < b->f->module_names.count; i++)
        if (!strcmp(b->f->module_names.items[i], "fail"))
            return false;
    return true;
}

static bool starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static uint32_t row_of(js_node n)
{
    return ft_start_point(n).row + 1;
}

/* ---- builder bookkeeping ---- */

void js_fn_fini(js_fn *b)
{
    free(b->asserts.items);
    free(b->calls.items);
    free(b->discarded.items);
    free(b->doubles.items);
    free(b->patches.items);
    free(b->settings.items);
    free(b->handoffs.items);
    free(b->aliases.items);
    free(b->expectations.items);
    memset(&b->expectations, 0, sizeof(b->expectations));
    memset(&b->asserts, 0, sizeof(b->asserts));
    memset(&b->calls, 0, sizeof(b->calls));
    memset(&b->discarded, 0, sizeof(b->discarded));
    memset(&b->doubles, 0, sizeof(b->doubles));
    memset(&b->patches, 0, sizeof(b->patches));
    memset(&b->settings, 0, sizeof(b->settings));
    memset(&b->handoffs, 0, sizeof(b->handoffs));
    memset(&b->aliases, 0, sizeof(b->aliases));
}

void js_fn_inherit(js_fn *to, const js_fn *from)
{
    to->f = from->f;
    for (size_t i = 0; i < from->doubles.count; i++) {
        ssot_double d = from->doubles.items[i];
        d.flags |= SSOT_DF_INHERITED;
        SSOT_VEC_PUSH(&to->doubles, d);
    }
    for (size_t i = 0; i < from->handoffs.count; i++) {
        const ssot_handoff *h = &from->handoffs.items[i];
        if (h->double_index >= 0 && (size_t)h->double_index < to->doubles.count &&
            h->via_double < 0)
            to->doubles.items[h->double_index].flags |= SSOT_DF_HANDED;
    }
    for (size_t i = 0; i < from->aliases.count; i++)
        SSOT_VEC_PUSH(&to->aliases, from->aliases.items[i]);
    for (size_t i = 0; i < from->settings.count; i++) {
        ssot_setting s = from->settings.items[i];
        s.flags |= SSOT_SF_INHERITED;
        SSOT_VEC_PUSH(&to->settings, s);
    }
    for (size_t i = 0; i < from->patches.count; i++) {
        ssot_patch p = from->patches.items[i];
        p.flags |= SSOT_PF_INHERITED;
        SSOT_VEC_PUSH(&to->patches, p);
    }
    /* hooks' assertions run around every test: they count, as a helper's would, and the
       per-statement rules judge them where they are written, once */
    for (size_t i = 0; i < from->asserts.count; i++) {
        ssot_assertion a = from->asserts.items[i];
        a.kind = SSOT_ASSERT_HELPER;
        a.flags &= SSOT_AF_MOCK_CHECK;
        SSOT_VEC_PUSH(&to->asserts, a);
    }
}

int32_t js_fn_double_of(const js_fn *b, const char *name, const char **path)
{
    for (size_t i = b->aliases.count; i-- > 0;)
        if (!strcmp(b->aliases.items[i].name, name)) {
            *path = b->aliases.items[i].path;
            return b->aliases.items[i].dbl;
        }
    return -1;
}

static int32_t add_double(js_fn *b, const char *name, js_node at, uint32_t flags,
                          const char *target)
{
    ssot_double d = {0};
    d.name = name ? name : "";
    d.loc = js_loc(b->f->c, at);
    d.flags = flags | (name ? 0 : SSOT_DF_ANONYMOUS);
    d.target = target;
    d.parent = -1;
    SSOT_VEC_PUSH(&b->doubles, d);
    int32_t idx = (int32_t)b->doubles.count - 1;
    if (name) {
        js_alias a = {name, idx, ""};
        SSOT_VEC_PUSH(&b->aliases, a);
    }
    return idx;
}

/* The double an imported name of a mocked module stands for, made on first use. */
static int32_t mocked_import(js_fn *b, const char *name, js_node at)
{
    const js_module_mock *m = js_file_mock_of(b->f, name);
    if (!m)
        return -1;
    const js_import *imp = js_file_import(b->f, name);
    const char *target =
        imp->name ? ssot_arena_printf(b->f->c->arena, "%s.%s", m->resolved, imp->name)
                  : m->resolved;
    return add_double(b, name, at, SSOT_DF_PATCH | SSOT_DF_INHERITED, target);
}

/* ---- names ---- */

static const char *const library_roots[] = {
    "expect", "jest", "vi", "sinon", "chai", "assert", "console", "JSON", "Math", "Object",
    "Array", "Promise", "Number", "String", "Boolean", "Symbol", "Reflect", "Buffer",
    "process", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "setImmediate",
    "require", "describe", "it", "test", "beforeEach", "afterEach", "beforeAll", "afterAll",
    "parseInt", "parseFloat", "isNaN", "Error", "TypeError", "RangeError", "Map", "Set",
    "WeakMap", "Date", "RegExp", "encodeURIComponent", "decodeURIComponent", "structuredClone",
    "queueMicrotask", "fail", "expectTypeOf", "assertType", NULL,
};

static const char *root_of(js_ctx *c, const char *dotted)
{
    size_t n = strcspn(dotted, ".");
    return ssot_arena_strndup(c->arena, dotted, n);
}

static bool is_assert_name(js_fn *b, const char *name)
{
    const js_import *imp = js_file_import(b->f, name);
    if (imp) {
        static const char *const modules[] = {"assert", "node:assert", "assert/strict",
                                              "node:assert/strict", "chai", "vitest",
                                              "power-assert", "uvu/assert", NULL};
        /* the module itself, or its `assert`/`strict` export: not `vi` from vitest */
        return in_list(modules, imp->module) &&
               (!imp->name || !strcmp(imp->name, "assert") || !strcmp(imp->name, "strict") ||
                !strcmp(imp->name, "default"));
    }
    return !strcmp(name, "assert");
}

/* The segments of a chain, innermost first: `expect(x).not.toBe(1)` gives the root call
 * `expect(x)` and [not, toBe()]. */
typedef struct js_seg {
    js_node prop;
    js_node args;   /* called: its arguments; else null */
    const char *name;
} js_seg;

typedef struct js_chain {
    js_node root;   /* the innermost node that is no member or method call */
    js_seg segs[24];
    int count;
} js_chain;

static void chain_of(js_ctx *c, js_node n, js_chain *ch)
{
    js_seg rev[24];
    int k = 0;
    n = js_unwrap(n);
    while (k < 24) {
        if (js_is(n, "call_expression")) {
            js_node fn = js_unwrap(js_field(n, "function"));
            if (js_is(fn, "member_expression")) {
                rev[k].prop = js_field(fn, "property");
                rev[k].args = js_field(n, "arguments");
                rev[k].name = js_text(c, rev[k].prop);
                k++;
                n = js_unwrap(js_field(fn, "object"));
                continue;
            }
            break;
        }
        if (js_is(n, "member_expression")) {
            rev[k].prop = js_field(n, "property");
            rev[k].args = NULL;
            rev[k].name = js_text(c, rev[k].prop);
            k++;
            n = js_unwrap(js_field(n, "object"));
            continue;
        }
        break;
    }
    ch->root = n;
    ch->count = k;
    for (int i = 0; i < k; i++)
        ch->segs[i] = rev[k - 1 - i];
}

static bool called(const js_seg *s)
{
    return !ft_is_null(s->args);
}

/* ---- literals and compact text ---- */

static bool is_literal(js_node n)
{
    n = js_unwrap(n);
    return js_is(n, "true") || js_is(n, "false") || js_is(n, "null") || js_is(n, "number") ||
           js_is(n, "string") || js_is(n, "undefined") ||
           (js_is(n, "template_string") && !js_count(n)) ||
           (js_is(n, "unary_expression") && js_is(js_field(n, "argument"), "number"));
}

/* A literal that is always true: `true`, a non-zero number, a non-empty string, an object,
 * array, function or class literal. */
static bool truthy_literal(js_ctx *c, js_node n)
{
    n = js_unwrap(n);
    if (js_is(n, "true"))
        return true;
    if (js_is(n, "number"))
        return !js_text_is(c, n, "0") && !js_text_is(c, n, "0.0");
    if (js_is(n, "string") || js_is(n, "template_string"))
        return ft_end_byte(n) - ft_start_byte(n) > 2;
    return js_is(n, "object") || js_is(n, "array") || js_is(n, "arrow_function") ||
           js_is(n, "function_expression") || js_is(n, "class");
}

static bool falsy_literal(js_ctx *c, js_node n)
{
    n = js_unwrap(n);
    if (js_is(n, "false") || js_is(n, "null") || js_is(n, "undefined"))
        return true;
    if (js_is(n, "number"))
        return js_text_is(c, n, "0");
    if (js_is(n, "string"))
        return ft_end_byte(n) - ft_start_byte(n) == 2;
    return false;
}

const char *js_compact(js_ctx *c, js_node n)
{
    n = js_unwrap(n);
    if (ft_is_null(n))
        return "";
    uint32_t s = ft_start_byte(n), e = ft_end_byte(n);
    if (e - s > 200)
        e = s + 200;
    char *out = ssot_arena_alloc(c->arena, e - s + 1);
    size_t k = 0;
    char quote = 0;
    for (uint32_t i = s; i < e; i++) {
        char ch = c->src[i];
        if (quote) {
            out[k++] = ch;
            if (ch == '\\' && i + 1 < e)
                out[k++] = c->src[++i];
            else if (ch == quote)
                quote = 0;
            continue;
        }
        if (ch == '"' || ch == '\'' || ch == '`')
            quote = ch;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
            continue;
        out[k++] = ch;
    }
    out[k] = '\0';
    return out;
}

/* ---- subjects: what an expression reads of a double ---- */

static const char *join_path(js_ctx *c, const char *a, const char *b)
{
    if (!a[0])
        return b;
    return ssot_arena_printf(c->arena, "%s.%s", a, b);
}

static const char *const spy_reads[] = {
    "mock", "calls", "called", "calledOnce", "calledTwice", "calledThrice", "notCalled",
    "callCount", "calledWith", "calledWithExactly", "calledOnceWith", "calledOnceWithExactly",
    "alwaysCalledWith", "neverCalledWith", "args", "firstCall", "secondCall", "lastCall",
    "getCall", "getCalls", "returnValues", "thisValues", "threw", "returned", "calledBefore",
    "calledAfter", "mockClear", NULL,
};

/* The double `n` reads (-1 for none), with the path read below it, and whether it reads the
 * double's own call record (`m.mock.calls`, `spy.calledOnce`). */
static int32_t subject_of(js_fn *b, js_node n, const char **path, bool *record, int depth)
{
    js_ctx *c = b->f->c;
    n = js_unwrap(n);
    if (depth > 16)
        return -1;
    /* `jest.mocked(fn)`, `vi.mocked(fn)`: the same function, typed as a double */
    if (js_is(n, "call_expression")) {
        const char *callee = js_dotted(c, js_field(n, "function"));
        if (callee && (!strcmp(callee, "jest.mocked") || !strcmp(callee, "vi.mocked") ||
                       !strcmp(callee, "mocked")))
            return subject_of(b, js_child(js_field(n, "arguments"), 0), path, record,
                              depth + 1);
    }
    const char *dotted = js_dotted(c, n);
    if (dotted) {
        int32_t d = js_fn_double_of(b, dotted, path);
        if (d >= 0)
            return d;
        if (js_is(n, "identifier")) {
            d = mocked_import(b, dotted, n);
            *path = "";
            return d;
        }
    }
    if (js_is(n, "member_expression")) {
        const char *inner;
        int32_t d = subject_of(b, js_field(n, "object"), &inner, record, depth + 1);
        if (d < 0)
            return -1;
        const char *prop = js_text(c, js_field(n, "property"));
        if (in_list(spy_reads, prop) || starts_with(inner, "mock"))
            *record = true;
        *path = join_path(c, inner, prop);
        return d;
    }
    if (js_is(n, "subscript_expression")) {
        const char *inner;
        int32_t d = subject_of(b, js_field(n, "object"), &inner, record, depth + 1);
        if (d >= 0)
            *path = inner;
        return d;
    }
    if (js_is(n, "call_expression")) {
        const char *inner;
        int32_t d = subject_of(b, js_field(n, "function"), &inner, record, depth + 1);
        if (d < 0)
            return -1;
        const char *last = strrchr(inner, '.') ? strrchr(inner, '.') + 1 : inner;
        if (in_list(spy_reads, last)) {
            *record = true;
            *path = inner;
        } else {
            *path = join_path(c, inner, "return_value");
        }
        return d;
    }
    return -1;
}

/* ---- calls, handoffs ---- */

/* Does the subtree mention a double by name? Calls `fn` with each one. */
static void doubles_in(js_fn *b, js_node n, uint32_t row, int depth)
{
    js_ctx *c = b->f->c;
    if (depth > 24)
        return;
    if (js_is(n, "identifier") || js_is(n, "member_expression") ||
        js_is(n, "shorthand_property_identifier")) {
        const char *name = js_is(n, "shorthand_property_identifier") ? js_text(c, n)
                                                                     : js_dotted(c, n);
        if (name) {
            const char *path;
            int32_t d = js_fn_double_of(b, name, &path);
            if (d < 0 && js_is(n, "identifier"))
                d = mocked_import(b, name, n);
            if (d >= 0) {
                ssot_handoff h = {d, -1, row};
                SSOT_VEC_PUSH(&b->handoffs, h);
                return;
            }
            /* `repo` holding doubles: `{ find: jest.fn() }` bound to `repo` */
            size_t len = strlen(name);
            bool any = false;
            for (size_t i = 0; i < b->aliases.count; i++) {
                const js_alias *a = &b->aliases.items[i];
                if (!strncmp(a->name, name, len) && a->name[len] == '.') {
                    ssot_handoff h = {a->dbl, -1, row};
                    SSOT_VEC_PUSH(&b->handoffs, h);
                    any = true;
                }
            }
            if (any || js_is(n, "identifier"))
                return;
        }
    }
    uint32_t k = js_count(n);
    for (uint32_t i = 0; i < k; i++)
        doubles_in(b, js_child(n, i), row, depth + 1);
}

/* Record a call for the resolution (A7, A8) and the MO rules. */
static ssot_call *add_call(js_fn *b, js_node call, js_node callee_node)
{
    js_ctx *c = b->f->c;
    ssot_call k = {0};
    k.double_index = -1;
    k.row = row_of(call);
    const char *callee = js_dotted(c, callee_node);
    if (!callee) {
        k.callee = js_compact(c, callee_node);
        k.flags |= SSOT_CF_CHAINED;
        k.receiver = SSOT_RECEIVER_OTHER;
        /* `jest.fn()()`, `getX().run()`: runs code unless it is the mocking library's */
        js_node inner = js_unwrap(callee_node);
        if (js_is(inner, "member_expression"))
            inner = js_unwrap(js_field(inner, "object"));
        js_chain ch;
        chain_of(c, inner, &ch);
        if (js_is(ch.root, "identifier")) {
            const char *r = js_text(c, ch.root);
            if (in_list(library_roots, r))
                k.flags |= SSOT_CF_LIBRARY;
        }
    } else {
        k.callee = callee;
        const char *dot = strrchr(callee, '.');
        ssot_call_set_name(&k, dot ? dot + 1 : callee);
        const char *root = root_of(c, callee);
        k.receiver = !dot ? SSOT_RECEIVER_NAME
                          : (!strcmp(root, "this") ? SSOT_RECEIVER_SELF : SSOT_RECEIVER_OTHER);
        const char *path;
        bool record = false;
        int32_t d = subject_of(b, callee_node, &path, &record, 0);
        if (d >= 0) {
            const js_import *imp = js_file_import(b->f, root);
            bool target = imp && js_file_mock_of(b->f, root) && !strcmp(b->doubles.items[d].name, root);
            k.flags |= target ? SSOT_CF_TARGET : SSOT_CF_ON_DOUBLE;
            k.double_index = d;
        } else if (in_list(library_roots, root) || is_assert_name(b, root) ||
                   (b->context && !strcmp(root, b->context)) ||
                   (b->done && !strcmp(root, b->done)) || !strcmp(root, "this") ||
                   !strcmp(root, "screen") || !strcmp(root, "userEvent") ||
                   !strcmp(root, "fireEvent")) {
            /* the test runner's, the assertion and mocking libraries', the language's own;
               testing-library drives the rendered code but runs none itself */
            k.flags |= SSOT_CF_LIBRARY;
        } else if (!dot) {
            bool bound = js_file_import(b->f, callee) != NULL;
            for (size_t i = 0; i < b->f->module_names.count && !bound; i++)
                bound = !strcmp(b->f->module_names.items[i], callee);
            if (!bound)
                k.flags |= SSOT_CF_UNBOUND;
        }
    }
    SSOT_VEC_PUSH(&b->calls, k);
    return &b->calls.items[b->calls.count - 1];
}

/* ---- assertions ---- */

static ssot_assertion *add_assert(js_fn *b, js_node at, ssot_assert_kind kind, js_state st,
                                  const char *callee)
{
    ssot_assertion a = {0};
    a.loc = js_loc(b->f->c, at);
    a.kind = kind;
    a.callee = callee;
    a.subject = -1;
    if (st.branch)
        a.flags |= SSOT_AF_IN_BRANCH;
    if (st.conditional)
        a.flags |= SSOT_AF_CONDITIONAL;
    if (st.swallowed)
        a.flags |= SSOT_AF_SWALLOWED;
    if (st.in_catch)
        a.flags |= SSOT_AF_IN_EXCEPT;
    if (st.unreachable)
        a.flags |= SSOT_AF_UNREACHABLE;
    SSOT_VEC_PUSH(&b->asserts, a);
    return &b->asserts.items[b->asserts.count - 1];
}

static void add_discard(js_fn *b, js_node at, ssot_discard_kind kind, bool is_return)
{
    ssot_discarded d = {js_loc(b->f->c, at), is_return, kind};
    SSOT_VEC_PUSH(&b->discarded, d);
}

static const char *const mock_matchers[] = {
    "toHaveBeenCalled", "toHaveBeenCalledTimes", "toHaveBeenCalledWith",
    "toHaveBeenLastCalledWith", "toHaveBeenNthCalledWith", "toBeCalled", "toBeCalledTimes",
    "toBeCalledWith", "lastCalledWith", "nthCalledWith", "toHaveReturned",
    "toHaveReturnedTimes", "toHaveReturnedWith", "toHaveLastReturnedWith",
    "toHaveNthReturnedWith", "toReturn", "toReturnTimes", "toReturnWith", "lastReturnedWith",
    "nthReturnedWith", "toHaveBeenCalledOnce", "toHaveBeenCalledOnceWith",
    "toHaveBeenCalledExactlyOnceWith",
    /* sinon-chai */
    "called", "calledOnce", "calledTwice", "calledThrice", "calledWith", "calledWithExactly",
    "calledOnceWith", "calledOnceWithExactly", "calledWithMatch", "callCount", "calledBefore",
    "calledAfter", "calledOn", "returned", "alwaysCalledWith", NULL,
};
static const char *const equality_matchers[] = {"toBe", "toEqual", "toStrictEqual", "equal",
                                                "equals", "eq", "eql", "toEqualValue", NULL};
static const char *const truth_matchers[] = {"toBeTruthy", "toBeDefined", "toBeTrue", "ok",
                                             "true", "exist", "toBeOk", NULL};
static const char *const raise_matchers[] = {"toThrow", "toThrowError", "throw", "throws",
                                             "Throw", "toThrowErrorMatchingSnapshot",
                                             "toThrowErrorMatchingInlineSnapshot", "rejectedWith",
                                             NULL};
/* matchers that compare the value with another (what `ssot diff` calls a comparison) */
static const char *const comparison_matchers[] = {
    "toBeGreaterThan", "toBeGreaterThanOrEqual", "toBeLessThan", "toBeLessThanOrEqual",
    "toBeCloseTo", "toContain", "toContainEqual", "toMatch", "toMatchObject", "toHaveLength",
    "toHaveProperty", "toBeInstanceOf", "toBeTypeOf", "toBeOneOf", "toHaveTextContent",
    "toHaveValue", "toHaveAttribute", "toHaveClass", "toHaveStyle", "toHaveURL",
    "toHaveTitle", "toHaveText", "toHaveCount",
    /* chai */
    "above", "below", "least", "most", "within", "closeTo", "approximately", "include",
    "includes", "contain", "contains", "members", "oneOf", "lengthOf", "length", "instanceOf",
    "instanceof", "match", "matches", "string", "property", "ownProperty", "keys", "key",
    "gt", "gte", "lt", "lte", "greaterThan", "lessThan", "a", "an", NULL,
};
/* matchers that check only the value's truth or presence */
static const char *const truth_form_matchers[] = {
    "toBeTruthy", "toBeFalsy", "toBeDefined", "toBeUndefined", "toBeNull", "toBeNaN",
    "toBeTrue", "toBeFalse", "toBeOk", "toBeInTheDocument", "toBeVisible",
    /* chai's terminal properties and their called forms */
    "ok", "true", "false", "null", "undefined", "exist", "NaN", NULL,
};

/* What a matcher claims (ssot_check_form): the exception of a raises check is its first
 * argument as written (a class, a message, a pattern: each narrows what is accepted). */
static void matcher_form(js_ctx *c, ssot_assertion *a, const char *name, js_node arg,
                         bool negated)
{
    if (in_list(raise_matchers, name)) {
        if (negated)
            return;
        a->form = SSOT_CHECK_RAISES;
        if (!ft_is_null(arg) && strncmp(name, "toThrowErrorMatching", 20))
            a->exception = js_compact(c, arg);
    } else if (in_list(equality_matchers, name) || in_list(comparison_matchers, name)) {
        a->form = SSOT_CHECK_COMPARISON;
    } else if (in_list(truth_form_matchers, name)) {
        a->form = SSOT_CHECK_TRUTH;
    }
}

/* chai's words that chain and check nothing */
static const char *const chai_words[] = {"to", "be", "been", "is", "that", "which", "and",
                                         "has", "have", "with", "at", "of", "same", "but",
                                         "does", "still", "also", "not", "deep", "nested",
                                         "own", "ordered", "any", "all", "itself", "should",
                                         "resolves", "rejects", "eventually", "a", "an", NULL};
/* chai's properties that assert when read */
static const char *const chai_terminals[] = {
    "ok", "true", "false", "null", "undefined", "exist", "empty", "NaN", "finite",
    "extensible", "sealed", "frozen", "arguments", "called", "calledOnce", "calledTwice",
    "calledThrice", "notCalled", "rejected", "fulfilled", "Arguments", NULL,
};

static bool jest_matcher_name(const char *name)
{
    return (starts_with(name, "to") && isupper((unsigned char)name[2])) ||
           in_list(mock_matchers, name);
}

/* playwright's web-first matchers (and `toPass`, `toBeOK`, screenshots) retry until they pass
 * and return a promise: un-awaited, the test ends before they are checked. Its generic
 * matchers (`toBe`, `toEqual`) are synchronous. */
static const char *const web_first_matchers[] = {
    "toBeAttached", "toBeChecked", "toBeDisabled", "toBeEditable", "toBeEmpty", "toBeEnabled",
    "toBeFocused", "toBeHidden", "toBeInViewport", "toBeVisible", "toContainText",
    "toContainClass", "toHaveAccessibleDescription", "toHaveAccessibleErrorMessage",
    "toHaveAccessibleName", "toHaveAttribute", "toHaveClass", "toHaveCount", "toHaveCSS",
    "toHaveId", "toHaveJSProperty", "toHaveRole", "toHaveScreenshot", "toHaveText",
    "toHaveTitle", "toHaveURL", "toHaveValue", "toHaveValues", "toMatchAriaSnapshot", "toBeOK",
    "toPass", NULL,
};

static bool from_playwright(const js_import *imp)
{
    return imp && !strcmp(imp->module, "@playwright/test");
}

/* Is this a function literal whose only statement throws? */
static bool throws_itself(js_ctx *c, js_node fn)
{
    fn = js_unwrap(fn);
    if (!js_is(fn, "arrow_function") && !js_is(fn, "function_expression"))
        return false;
    js_node body = js_field(fn, "body");
    if (!js_is(body, "statement_block"))
        return false;
    unsigned n = 0;
    bool all = true;
    for (uint32_t i = 0; i < js_count(body); i++) {
        js_node st = js_child(body, i);
        if (js_is(st, "comment"))
            continue;
        n++;
        /* `throw new Error(...)`: what it throws is made here; `throw e` rethrows a value
           caught elsewhere, whose message the check reads */
        js_node what = js_unwrap(js_child(st, 0));
        all = all && js_is(st, "throw_statement") &&
              (js_is(what, "new_expression") || js_is(what, "string") ||
               js_is(what, "call_expression"));
    }
    (void)c;
    return n == 1 && all;
}

static bool is_expectation(const js_fn *b, const char *name)
{
    for (size_t i = 0; i < b->expectations.count; i++)
        if (!strcmp(b->expectations.items[i], name))
            return true;
    return false;
}

/* Is `n` itself an assertion chain (`x.should.eql(y)`, `expect(x).toBe(y)`)? */
static bool asserts_inside(js_ctx *c, js_node n)
{
    js_chain ch;
    chain_of(c, n, &ch);
    for (int i = 0; i < ch.count; i++)
        if (!strcmp(ch.segs[i].name, "should"))
            return true;
    const char *root = js_is(ch.root, "call_expression") ? js_dotted(c, js_field(ch.root, "function"))
                                                        : NULL;
    if (!root)
        return false;
    const char *last = strrchr(root, '.') ? strrchr(root, '.') + 1 : root;
    return (!strcmp(root, "expect") && ch.count > 0) || !strncmp(last, "assert", 6);
}

/* `jestExpect(x).not.toEqual(y)`: a function of another name (the project's own `expect`, an
 * alias) whose call result is used the way `expect(x)` is: its chain is only the modifiers
 * `not`/`resolves`/`rejects`, then one called matcher of jest's vocabulary (`toBe`, `toEqual`,
 * `toStrictEqual`, `toBe*`, `toHave*`, `toMatch*`, `toThrow*`, `toContain*`, the mock matchers).
 * `toString()`, `toJSON()` or `toFixed()` are not matchers: `String(x).toUpperCase()` stays a
 * call. */
static bool matched_like_expect(const js_chain *ch)
{
    static const char *const prefixes[] = {"toBe", "toHave", "toMatch", "toThrow", "toContain",
                                           NULL};
    if (ch->count < 1)
        return false;
    for (int i = 0; i + 1 < ch->count; i++)
        if (called(&ch->segs[i]) ||
            (strcmp(ch->segs[i].name, "not") && strcmp(ch->segs[i].name, "resolves") &&
             strcmp(ch->segs[i].name, "rejects")))
            return false;
    const js_seg *m = &ch->segs[ch->count - 1];
    if (!called(m))
        return false;
    if (!strcmp(m->name, "toEqual") || !strcmp(m->name, "toStrictEqual") ||
        in_list(mock_matchers, m->name))
        return true;
    for (const char *const *p = prefixes; *p; p++)
        if (starts_with(m->name, *p))
            return true;
    return false;
}

/* `expect(x)...`, `x.should...`, `should(x)...`: an assertion chain. Returns false when `n`
 * is no such chain. */
static bool expect_chain(js_fn *b, js_node n, js_state st, bool statement)
{
    js_ctx *c = b->f->c;
    js_chain ch;
    chain_of(c, n, &ch);
    int start = 0;
    js_node subject = {0};
    const char *root_name = NULL;
    bool web_first = false, polled = false; /* playwright's `expect`, its `expect.poll` */
    bool own = false;
    /* `load().should.eql(1)`: a `should` property of a call's result starts the chain */
    bool should_chain = false;
    for (int i = 0; i < ch.count && !should_chain; i++)
        should_chain = !called(&ch.segs[i]) && !strcmp(ch.segs[i].name, "should");
    if (js_is(ch.root, "call_expression") && !should_chain) {
        root_name = js_dotted(c, js_field(ch.root, "function"));
        if (!root_name)
            return false;
        static const char *const mods[] = {"vitest", "@jest/globals", "chai", "expect",
                                           "@playwright/test", "bun:test", "expect.js",
                                           "earljs", "@storybook/test", "@storybook/jest",
                                           "should", "unexpected", "@esm-bundle/chai", NULL};
        const js_import *imp = strchr(root_name, '.') ? NULL : js_file_import(b->f, root_name);
        web_first = from_playwright(imp);
        const char *meant = root_name;
        if (imp && in_list(mods, imp->module))
            meant = imp->name ? imp->name : (!strcmp(imp->module, "should") ? "should"
                                                                           : "expect");
        else if (imp)
            meant = ""; /* a project's own `expect` */
        bool expectish = !strcmp(meant, "expect") || !strcmp(meant, "chai.expect") ||
                         !strcmp(meant, "expect.soft") || !strcmp(meant, "should") ||
                         !strcmp(meant, "expectTypeOf") || !strcmp(meant, "assertType");
        root_name = meant[0] ? meant : root_name;
        /* the project's own expect (or one under another name) is the code under test in a
           `try` whose `catch` checks what it threw */
        own = !expectish;
        if (own && (strchr(root_name, '.') || !matched_like_expect(&ch) || st.in_try))
            return false;
        subject = js_child(js_field(ch.root, "arguments"), 0);
    } else if (js_is(ch.root, "identifier") && js_text_is(c, ch.root, "expect") && ch.count > 1 &&
               called(&ch.segs[0]) &&
               (!strcmp(ch.segs[0].name, "poll") || !strcmp(ch.segs[0].name, "soft") ||
                !strcmp(ch.segs[0].name, "element"))) {
        /* `expect.poll(() => x).toBe(1)`, `expect.soft(x).toBe(1)` */
        root_name = ssot_arena_printf(c->arena, "expect.%s", ch.segs[0].name);
        web_first = from_playwright(js_file_import(b->f, "expect"));
        polled = !strcmp(ch.segs[0].name, "poll");
        /* a polled function is no constant: its result is what is checked */
        subject = strcmp(ch.segs[0].name, "poll") ? js_child(ch.segs[0].args, 0) : NULL;
        start = 1;
    } else if (js_is(ch.root, "identifier") && ch.count > 0 &&
               is_expectation(b, js_text(c, ch.root))) {
        /* `const status = expect.poll(...)` then `await status.toBe('200')` */
        root_name = "expect";
    } else {
        /* `x.should.equal(1)` */
        for (int i = 0; i < ch.count && !root_name; i++)
            if (!called(&ch.segs[i]) && !strcmp(ch.segs[i].name, "should")) {
                root_name = "should";
                start = i + 1;
            }
        if (!root_name)
            return false;
        /* the object before `.should`: the root itself, or a member chain of it */
        subject = start == 1 ? ch.root : ft_parent(ch.segs[start - 1].prop);
        if (start > 1)
            subject = js_field(subject, "object");
    }
    if (!strcmp(root_name, "expectTypeOf") || !strcmp(root_name, "assertType")) {
        add_assert(b, n, SSOT_ASSERT_LIBRARY, st, root_name);
        return true;
    }
    /* the last segment decides */
    bool negated = false, promise = false;
    for (int i = start; i < ch.count; i++) {
        negated ^= !strcmp(ch.segs[i].name, "not");
        promise |= !strcmp(ch.segs[i].name, "resolves") || !strcmp(ch.segs[i].name, "rejects") ||
                   !strcmp(ch.segs[i].name, "eventually");
    }
    /* a chain past the assertion (`.then(...)`) is judged at its assertion */
    int last = ch.count - 1;
    while (last >= start && (!strcmp(ch.segs[last].name, "then") ||
                             !strcmp(ch.segs[last].name, "catch") ||
                             !strcmp(ch.segs[last].name, "finally")))
        last--;
    if (last < start) {
        /* `expect(x.should.eql(y))`: the inner chain asserts; the wrapper is only noise */
        if (statement && !asserts_inside(c, subject))
            add_discard(b, n, SSOT_DISCARD_UNFINISHED, false);
        return true;
    }
    const js_seg *m = &ch.segs[last];
    bool asserting = called(m) ? !in_list(chai_words, m->name) || !strcmp(m->name, "a") ||
                                     !strcmp(m->name, "an")
                               : in_list(chai_terminals, m->name);
    if (!asserting) {
        if (statement)
            add_discard(b, n,
                        !called(m) && jest_matcher_name(m->name) ? SSOT_DISCARD_UNCALLED
                                                                 : SSOT_DISCARD_UNFINISHED,
                        false);
        return true;
    }
    if (web_first && called(m) && (polled || in_list(web_first_matchers, m->name)))
        promise = true;
    if (promise && !st.awaited) {
        if (statement)
            add_discard(b, n, SSOT_DISCARD_FLOATING, false);
        return true;
    }
    ssot_assert_kind kind = SSOT_ASSERT_LIBRARY;
    if (in_list(mock_matchers, m->name))
        kind = SSOT_ASSERT_MOCK;
    else if (in_list(raise_matchers, m->name))
        kind = SSOT_ASSERT_RAISES;
    ssot_assertion *a = add_assert(b, n, kind, st, root_name);
    js_node arg = called(m) ? js_child(m->args, 0) : NULL;
    if (kind != SSOT_ASSERT_MOCK)
        matcher_form(c, a, m->name, arg, negated);
    if (ft_is_null(subject))
        return true;
    const char *path = NULL;
    bool record = false;
    a->subject = subject_of(b, subject, &path, &record, 0);
    a->subject_path = a->subject >= 0 ? path : NULL;
    if (kind == SSOT_ASSERT_MOCK || record)
        a->flags |= SSOT_AF_MOCK_CHECK;
    if (in_list(equality_matchers, m->name) && !ft_is_null(arg)) {
        a->expected = js_compact(c, arg);
        if (negated)
            a->flags |= SSOT_AF_NOT_EQUAL;
        if (is_literal(subject) && is_literal(arg)) {
            bool same = !strcmp(js_compact(c, subject), a->expected);
            if (same != negated)
                a->flags |= SSOT_AF_CONSTANT;
            else
                a->flags |= SSOT_AF_EXPLICIT_FAIL;
        } else if (js_is(js_unwrap(subject), "identifier") &&
                   js_is(js_unwrap(arg), "identifier") &&
                   !strcmp(js_compact(c, subject), a->expected)) {
            a->flags |= SSOT_AF_SELF_COMPARE;
        }
    } else if (in_list(truth_matchers, m->name) && !negated) {
        if (truthy_literal(c, subject) ||
            (!strcmp(m->name, "toBeDefined") && is_literal(subject) &&
             !js_is(js_unwrap(subject), "undefined")))
            a->flags |= SSOT_AF_CONSTANT;
        else if (falsy_literal(c, subject))
            a->flags |= SSOT_AF_EXPLICIT_FAIL;
        a->expected = "True";
    } else if (kind == SSOT_ASSERT_RAISES && throws_itself(c, subject)) {
        a->flags |= SSOT_AF_CONSTANT;
    }
    /* the project's own expect: `jestExpect(1).toBe(1)` tests the matcher, not a constant,
       and `jestExpect('a').toBe('b')` its failure, not a deliberate one */
    if (own)
        a->flags &= ~(SSOT_AF_CONSTANT | SSOT_AF_SELF_COMPARE | SSOT_AF_EXPLICIT_FAIL);
    return true;
}

static const char *const assert_equal_methods[] = {
    "equal", "strictEqual", "deepEqual", "deepStrictEqual", "is", "same", "eq", "equals",
    "sameMembers", "deepEquals", "isEqual", NULL,
};
static const char *const assert_not_equal_methods[] = {"notEqual", "notStrictEqual",
                                                       "notDeepEqual", "notDeepStrictEqual",
                                                       "not", NULL};
static const char *const assert_truth_methods[] = {"ok", "isOk", "isTrue", "true", "truthy",
                                                   "exists", "isDefined", NULL};
static const char *const ava_methods[] = {
    "is", "not", "deepEqual", "notDeepEqual", "true", "false", "truthy", "falsy", "throws",
    "throwsAsync", "notThrows", "notThrowsAsync", "regex", "notRegex", "snapshot", "equal",
    "ok", "same", "match", "strictEqual", "deepStrictEqual", "notEqual", "fail", "like", NULL,
};

static const char *const assert_truth_form_methods[] = {
    "ok", "isOk", "notOk", "isNotOk", "isTrue", "isFalse", "isNotTrue", "isNotFalse", "true",
    "false", "truthy", "falsy", "exists", "notExists", "isDefined", "isUndefined", "isNull",
    "isNotNull", "isNaN", "isNotNaN", "ifError", NULL,
};
static const char *const assert_comparison_methods[] = {
    "match", "doesNotMatch", "notMatch", "regex", "notRegex", "include", "notInclude",
    "deepInclude", "isAbove", "isBelow", "isAtLeast", "isAtMost", "instanceOf",
    "notInstanceOf", "typeOf", "notTypeOf", "lengthOf", "property", "notProperty",
    "propertyVal", "deepPropertyVal", "closeTo", "approximately", "sameDeepMembers",
    "includeMembers", "oneOf", "like", "hasAllKeys", "containsAllKeys", "hasAnyKeys",
    "isArray", "isString", "isNumber", "isObject", "isFunction", "isBoolean", NULL,
};

/* What an assert-style call claims: `assert.equal` compares, `assert.ok` checks truth,
 * `assert.throws` expects an exception (its second argument, when given). */
static ssot_check_form assert_form(const char *method, bool bare)
{
    if (!strcmp(method, "throws") || !strcmp(method, "rejects") ||
        !strcmp(method, "throwsAsync"))
        return SSOT_CHECK_RAISES;
    if (in_list(assert_equal_methods, method) || in_list(assert_not_equal_methods, method) ||
        in_list(assert_comparison_methods, method))
        return SSOT_CHECK_COMPARISON;
    if (bare || in_list(assert_truth_form_methods, method) ||
        in_list(assert_truth_methods, method))
        return SSOT_CHECK_TRUTH;
    return SSOT_CHECK_OTHER;
}

/* `assert(x)`, `assert.equal(a, b)`, `t.is(a, b)`, `sinon.assert.calledWith(spy, 1)`. */
static bool assert_call(js_fn *b, js_node call, js_state st)
{
    js_ctx *c = b->f->c;
    const char *callee = js_dotted(c, js_field(call, "function"));
    if (!callee)
        return false;
    js_node args = js_field(call, "arguments");
    js_node first = js_child(args, 0), second = js_child(args, 1);
    const char *root = root_of(c, callee);
    const char *method = strrchr(callee, '.') ? strrchr(callee, '.') + 1 : callee;
    const js_import *assert_import = js_file_import(b->f, "assert");
    bool sinon_assert = assert_import && !strcmp(assert_import->module, "sinon") &&
                        starts_with(callee, "assert.");
    if (starts_with(callee, "sinon.assert.") || sinon_assert) {
        ssot_assertion *a = add_assert(b, call, SSOT_ASSERT_MOCK, st, callee);
        a->flags |= SSOT_AF_MOCK_CHECK;
        const char *path;
        bool record;
        if (!strcmp(method, "fail"))
            a->flags |= SSOT_AF_EXPLICIT_FAIL;
        else if (!ft_is_null(first)) {
            a->subject = subject_of(b, first, &path, &record, 0);
            a->subject_path = a->subject >= 0 ? path : NULL;
        }
        return true;
    }
    bool is_assert = is_assert_name(b, root) || (starts_with(callee, "t.assert.") &&
                                                 b->context && !strcmp(b->context, "t"));
    bool is_ava = b->context && !strcmp(root, b->context) && strchr(callee, '.') &&
                  !strchr(strchr(callee, '.') + 1, '.') && in_list(ava_methods, method);
    if (!strcmp(callee, "expect.assertions") || !strcmp(callee, "expect.hasAssertions")) {
        add_assert(b, call, SSOT_ASSERT_LIBRARY, st, callee);
        return true;
    }
    if (global_fail(b, callee) || !strcmp(callee, "expect.fail")) {
        add_assert(b, call, SSOT_ASSERT_LIBRARY, st, callee)->flags |= SSOT_AF_EXPLICIT_FAIL;
        return true;
    }
    if (!is_assert && !is_ava)
        return false;
    ssot_assert_kind kind = SSOT_ASSERT_LIBRARY;
    if (!strcmp(method, "throws") || !strcmp(method, "rejects") ||
        !strcmp(method, "throwsAsync") || !strcmp(method, "doesNotThrow") ||
        !strcmp(method, "doesNotReject"))
        kind = SSOT_ASSERT_RAISES;
    if ((!strcmp(method, "rejects") || !strcmp(method, "doesNotReject") ||
         !strcmp(method, "throwsAsync")) && !st.awaited) {
        add_discard(b, call, SSOT_DISCARD_FLOATING, false);
        return true;
    }
    ssot_assertion *a = add_assert(b, call, kind, st, callee);
    bool bare = !strchr(callee, '.') || !strcmp(method, "strict");
    if (!strcmp(method, "fail")) {
        a->flags |= SSOT_AF_EXPLICIT_FAIL;
        return true;
    }
    a->form = assert_form(method, bare);
    if (a->form == SSOT_CHECK_RAISES && !ft_is_null(second))
        a->exception = js_compact(c, second);
    if (ft_is_null(first))
        return true;
    const char *path;
    bool record = false;
    a->subject = subject_of(b, first, &path, &record, 0);
    a->subject_path = a->subject >= 0 ? path : NULL;
    if (record)
        a->flags |= SSOT_AF_MOCK_CHECK;
    bool equal = in_list(assert_equal_methods, method);
    bool not_equal = in_list(assert_not_equal_methods, method);
    if ((equal || not_equal) && !ft_is_null(second)) {
        a->expected = js_compact(c, second);
        if (not_equal)
            a->flags |= SSOT_AF_NOT_EQUAL;
        if (is_literal(first) && is_literal(second)) {
            bool same = !strcmp(js_compact(c, first), a->expected);
            a->flags |= same != not_equal ? SSOT_AF_CONSTANT : SSOT_AF_EXPLICIT_FAIL;
        } else if (js_is(js_unwrap(first), "identifier") &&
                   js_is(js_unwrap(second), "identifier") &&
                   !strcmp(js_compact(c, first), a->expected)) {
            a->flags |= SSOT_AF_SELF_COMPARE;
        }
    } else if (bare || in_list(assert_truth_methods, method)) {
        if (truthy_literal(c, first))
            a->flags |= SSOT_AF_CONSTANT;
        else if (falsy_literal(c, first))
            a->flags |= SSOT_AF_EXPLICIT_FAIL;
        a->expected = "True";
    }
    return true;
}

/* testing-library queries that throw when nothing matches: `getByText`, `findAllByRole`. */
static bool throwing_query(const char *name)
{
    static const char *const prefixes[] = {"getBy", "getAllBy", "findBy", "findAllBy", NULL};
    for (const char *const *p = prefixes; *p; p++)
        if (starts_with(name, *p) && isupper((unsigned char)name[strlen(*p)]))
            return true;
    return false;
}

/* ---- doubles and their configuration ---- */

static const char *const double_makers[] = {
    "jest.fn", "vi.fn", "sinon.stub", "sinon.spy", "sinon.fake", "sinon.mock",
    "sinon.createStubInstance", "jest.createMockFromModule", "vi.createMockFromModule",
    "jest.spyOn", "vi.spyOn", "sinon.replace", "sinon.fake.returns", "sinon.fake.resolves",
    "sinon.fake.rejects", "sinon.fake.throws", "sinon.fake.yields", "vi.stubGlobal", NULL,
};

static const char *const return_settings[] = {"mockReturnValue", "mockReturnValueOnce",
                                              "mockResolvedValue", "mockResolvedValueOnce",
                                              "returns", "resolves", "returnsArg", NULL};
static const char *const raise_settings[] = {"mockRejectedValue", "mockRejectedValueOnce",
                                             "rejects", "throws", NULL};
static const char *const impl_settings[] = {"mockImplementation", "mockImplementationOnce",
                                            "callsFake", "mockReturnThis", NULL};

/* The literal a function literal returns (`() => 3`, `() => { return 'x' }`), or null. */
static js_node returned_literal(js_node fn)
{
    fn = js_unwrap(fn);
    if (!js_is(fn, "arrow_function") && !js_is(fn, "function_expression"))
        return NULL;
    js_node body = js_unwrap(js_field(fn, "body"));
    if (js_is(body, "statement_block")) {
        if (js_count(body) != 1 ||
            !js_is(js_child(body, 0), "return_statement"))
            return NULL;
        body = js_unwrap(js_child(js_child(body, 0), 0));
    }
    return is_literal(body) ? body : NULL;
}

static void add_setting(js_fn *b, int32_t dbl, const char *path, ssot_setting_kind kind,
                        js_node value, uint32_t flags, js_node at)
{
    js_ctx *c = b->f->c;
    ssot_setting s = {0};
    s.double_index = dbl;
    s.path = path;
    s.kind = kind;
    s.value = ft_is_null(value) ? "undefined" : js_compact(c, value);
    s.flags = flags | (!ft_is_null(value) && is_literal(value) ? SSOT_SF_LITERAL : 0);
    s.row = row_of(at);
    SSOT_VEC_PUSH(&b->settings, s);
    /* a spy that is told what to do no longer calls through */
    if (dbl >= 0 && (size_t)dbl < b->doubles.count)
        b->doubles.items[dbl].flags &= ~SSOT_DF_WRAPS;
    for (size_t i = 0; i < b->patches.count; i++)
        if (b->patches.items[i].double_index == dbl)
            b->patches.items[i].flags &= ~SSOT_PF_WRAPS;
}

/* `m.mockReturnValue(3)` and friends: a setting of double `dbl` at `path`. */
static void configure(js_fn *b, int32_t dbl, const char *path, const char *method, js_node args,
                      js_node at)
{
    js_ctx *c = b->f->c;
    js_node v = js_child(args, 0);
    const char *ret = join_path(c, path, "return_value");
    const char *side = join_path(c, path, "side_effect");
    if (in_list(return_settings, method)) {
        add_setting(b, dbl, ret, SSOT_SET_RETURN, v, 0, at);
    } else if (in_list(raise_settings, method)) {
        add_setting(b, dbl, side, SSOT_SET_SIDE_EFFECT, v, SSOT_SF_EXCEPTION, at);
    } else if (in_list(impl_settings, method)) {
        js_node lit = returned_literal(v);
        if (!ft_is_null(lit))
            add_setting(b, dbl, ret, SSOT_SET_RETURN, lit, 0, at);
        else if (throws_itself(c, v))
            add_setting(b, dbl, side, SSOT_SET_SIDE_EFFECT, v, SSOT_SF_EXCEPTION, at);
        else
            add_setting(b, dbl, side, SSOT_SET_SIDE_EFFECT, v, SSOT_SF_CALLABLE, at);
    }
}

static bool is_setting_method(const char *m)
{
    return in_list(return_settings, m) || in_list(raise_settings, m) ||
           in_list(impl_settings, m);
}

/* A call that makes a double: `jest.fn(...)` possibly configured in the same chain
 * (`jest.fn().mockReturnValue(3)`), `jest.spyOn(obj, 'm')`, `sinon.stub(obj, 'm')`. Returns
 * the double's index, -1 when `n` makes none. */
static int32_t make_double(js_fn *b, js_node n, const char *bind)
{
    js_ctx *c = b->f->c;
    js_chain ch;
    chain_of(c, n, &ch);
    /* the maker: the root call (`mock<T>()`, `sinon.createStubInstance(X)` parsed whole), or
       the first call of a dotted chain (`jest.fn` in `jest.fn().mockReturnValue(3)`) */
    js_node maker = {0};
    const char *callee = NULL;
    int first_config = 0;
    if (js_is(ch.root, "call_expression")) {
        callee = js_dotted(c, js_field(ch.root, "function"));
        const js_import *imp = callee && !strchr(callee, '.') ? js_file_import(b->f, callee)
                                                              : NULL;
        bool factory = imp && (starts_with(imp->module, "jest-mock-extended") ||
                               starts_with(imp->module, "vitest-mock-extended") ||
                               starts_with(imp->module, "@golevelup/ts-jest") ||
                               starts_with(imp->module, "@golevelup/ts-vitest"));
        if (!callee || (!in_list(double_makers, callee) && !factory))
            return -1;
        maker = ch.root;
    } else if (js_is(ch.root, "identifier") && ch.count > 0) {
        int i = 0;
        char *dotted = ssot_arena_strdup(c->arena, js_text(c, ch.root));
        for (; i < ch.count && !called(&ch.segs[i]); i++)
            dotted = ssot_arena_printf(c->arena, "%s.%s", dotted, ch.segs[i].name);
        if (i >= ch.count)
            return -1;
        dotted = ssot_arena_printf(c->arena, "%s.%s", dotted, ch.segs[i].name);
        if (!in_list(double_makers, dotted))
            return -1;
        callee = dotted;
        maker = ft_parent(ch.segs[i].args);
        first_config = i + 1;
    } else {
        return -1;
    }
    js_node args = js_field(maker, "arguments");
    js_node a0 = js_child(args, 0), a1 = js_child(args, 1);
    const char *method = strrchr(callee, '.') ? strrchr(callee, '.') + 1 : callee;
    uint32_t flags = 0;
    const char *target = NULL;
    bool patch = false, wraps = false;
    if (!strcmp(method, "spyOn") || ((!strcmp(callee, "sinon.stub") ||
                                      !strcmp(callee, "sinon.spy") ||
                                      !strcmp(callee, "sinon.replace")) &&
                                     !ft_is_null(a1))) {
        const char *obj = js_dotted(c, a0);
        const char *attr = js_string(c, a1);
        target = ssot_arena_printf(c->arena, "%s.%s", obj ? obj : js_compact(c, a0),
                                   attr ? attr : js_compact(c, a1));
        patch = true;
        wraps = !strcmp(method, "spyOn") || !strcmp(callee, "sinon.spy");
        flags |= SSOT_DF_PATCH | (wraps ? SSOT_DF_WRAPS : 0);
    } else if (!strcmp(callee, "vi.stubGlobal")) {
        target = js_string(c, a0);
        patch = target != NULL;
        flags |= SSOT_DF_PATCH;
    } else if (!strcmp(callee, "sinon.createStubInstance")) {
        flags |= SSOT_DF_SPEC;
        target = js_dotted(c, a0);
    }
    int32_t d = add_double(b, bind, n, flags, target);
    if (patch) {
        ssot_patch p = {0};
        p.loc = js_loc(c, n);
        p.kind = SSOT_PATCH_CALL;
        p.target = target;
        p.double_index = d;
        if (wraps)
            p.flags |= SSOT_PF_WRAPS;
        if (!strcmp(callee, "sinon.replace") || !strcmp(callee, "vi.stubGlobal"))
            p.flags |= SSOT_PF_NEW;
        SSOT_VEC_PUSH(&b->patches, p);
        /* `api.get` now is the double */
        if (target) {
            js_alias al = {target, d, ""};
            SSOT_VEC_PUSH(&b->aliases, al);
        }
    }
    /* `jest.fn(() => 3)`: an implementation */
    if ((!strcmp(callee, "jest.fn") || !strcmp(callee, "vi.fn") ||
         !strcmp(callee, "sinon.fake")) && !ft_is_null(a0))
        configure(b, d, "", "mockImplementation", args, n);
    if (starts_with(callee, "sinon.fake.") && !ft_is_null(args))
        configure(b, d, "", method, args, n);
    for (int i = first_config; i < ch.count; i++)
        if (called(&ch.segs[i]) && is_setting_method(ch.segs[i].name))
            configure(b, d, "", ch.segs[i].name, ch.segs[i].args, n);
    return d;
}

/* ---- calls ---- */

static void walk_args(js_fn *b, js_node args, js_state st)
{
    js_state inner = st;
    inner.awaited = false;
    uint32_t k = js_count(args);
    for (uint32_t i = 0; i < k; i++)
        walk_expr(b, js_child(args, i), inner, NULL);
}

/* Is the done-callback among the values in `n` (an argument, `{ end: done }`), not only
 * called there? */
static bool hands_done(js_fn *b, js_node n, int depth)
{
    js_ctx *c = b->f->c;
    if (depth > 8 || ft_is_null(n))
        return false;
    if ((js_is(n, "identifier") || js_is(n, "shorthand_property_identifier")) &&
        js_text_is(c, n, b->done))
        return true;
    if (js_is(n, "call_expression") || js_is(n, "arrow_function") ||
        js_is(n, "function_expression"))
        return false; /* walked on its own */
    uint32_t k = js_count(n);
    for (uint32_t i = 0; i < k; i++)
        if (hands_done(b, js_child(n, i), depth + 1))
            return true;
    return false;
}

static void walk_call(js_fn *b, js_node n, js_state st, bool statement, const char *bind)
{
    js_ctx *c = b->f->c;
    js_node fn = js_unwrap(js_field(n, "function"));
    js_node args = js_field(n, "arguments");
    /* assertions */
    if (expect_chain(b, n, st, statement)) {
        js_chain ch;
        chain_of(c, n, &ch);
        if (js_is(ch.root, "call_expression"))
            walk_args(b, js_field(ch.root, "arguments"), st);
        for (int i = 0; i < ch.count; i++)
            if (called(&ch.segs[i]))
                walk_args(b, ch.segs[i].args, st);
        return;
    }
    if (assert_call(b, n, st)) {
        walk_args(b, args, st);
        return;
    }
    const char *callee = js_dotted(c, fn);
    /* `assertType<Date>(d)`: a check the compiler makes on the type argument */
    if (callee && !ft_is_null(js_field(n, "type_arguments"))) {
        const char *last = strrchr(callee, '.') ? strrchr(callee, '.') + 1 : callee;
        if (starts_with(last, "assert") || starts_with(last, "expectType")) {
            add_assert(b, n, SSOT_ASSERT_LIBRARY, st, callee);
            walk_args(b, args, st);
            return;
        }
    }
    /* done-callbacks: `done(err)` fails the test, `done()` ends it */
    if (b->done && callee) {
        if (!strcmp(callee, b->done)) {
            js_node a0 = js_child(args, 0);
            if (!ft_is_null(a0) && !js_is(js_unwrap(a0), "null") &&
                !js_is(js_unwrap(a0), "undefined"))
                add_assert(b, n, SSOT_ASSERT_LIBRARY, st, callee);
            walk_args(b, args, st);
            return;
        }
        if (!strcmp(callee, ssot_arena_printf(c->arena, "%s.fail", b->done))) {
            add_assert(b, n, SSOT_ASSERT_LIBRARY, st, callee)->flags |= SSOT_AF_EXPLICIT_FAIL;
            return;
        }
    }
    /* `done` handed to other code: it reports an error through it (`server.close(done)`,
       `.end(done)`, `app.on('x', done)`) */
    if (b->done && hands_done(b, args, 0))
        add_assert(b, n, SSOT_ASSERT_LIBRARY, st, b->done);
    /* doubles made here */
    if (make_double(b, n, bind) >= 0) {
        walk_args(b, args, st);
        return;
    }
    /* configuration of a double: `m.mockReturnValue(3)`, `stub.withArgs(1).returns(2)` */
    if (js_is(fn, "member_expression")) {
        const char *method = js_text(c, js_field(fn, "property"));
        if (is_setting_method(method)) {
            js_node obj = js_unwrap(js_field(fn, "object"));
            while (js_is(obj, "call_expression") &&
                   js_is(js_unwrap(js_field(obj, "function")), "member_expression") &&
                   js_text_is(c, js_field(js_unwrap(js_field(obj, "function")), "property"),
                              "withArgs"))
                obj = js_unwrap(js_field(js_unwrap(js_field(obj, "function")), "object"));
            const char *path;
            bool record = false;
            int32_t d = subject_of(b, obj, &path, &record, 0);
            if (d >= 0) {
                configure(b, d, path, method, args, n);
                walk_args(b, args, st);
                return;
            }
        }
    }
    /* supertest's `.expect(200)` and testing-library's throwing queries assert */
    if (js_is(fn, "member_expression")) {
        const char *method = js_text(c, js_field(fn, "property"));
        js_node obj = js_unwrap(js_field(fn, "object"));
        const char *path;
        bool record = false;
        if (!strcmp(method, "expect") && js_count(args) > 0 && !js_text_is(c, obj, "expect") &&
            subject_of(b, obj, &path, &record, 0) < 0) {
            add_assert(b, n, SSOT_ASSERT_LIBRARY, st, "expect");
            walk_expr(b, obj, st, NULL);
            walk_args(b, args, st);
            return;
        }
        if (throwing_query(method))
            add_assert(b, n, SSOT_ASSERT_LIBRARY, st, method);
    } else if (js_is(fn, "identifier") && callee && throwing_query(callee)) {
        add_assert(b, n, SSOT_ASSERT_LIBRARY, st, callee);
    }
    /* module mocks were read for the whole file */
    if (callee && (!strcmp(callee, "jest.mock") || !strcmp(callee, "vi.mock") ||
                   !strcmp(callee, "jest.doMock") || !strcmp(callee, "vi.doMock") ||
                   !strcmp(callee, "jest.unstable_mockModule")))
        return;
    ssot_call *k = add_call(b, n, fn);
    uint32_t flags = k->flags;
    /* the callee's own object is walked: `sut.run(x).then(...)` */
    if (js_is(fn, "member_expression"))
        walk_expr(b, js_field(fn, "object"), st, NULL);
    else if (!js_is(fn, "identifier"))
        walk_expr(b, fn, st, NULL);
    /* a double handed to project code */
    if (!(flags & (SSOT_CF_LIBRARY | SSOT_CF_ON_DOUBLE | SSOT_CF_TARGET)) &&
        !ft_is_null(args))
        doubles_in(b, args, row_of(n), 0);
    walk_args(b, args, st);
}

/* ---- expressions ---- */

static bool comparison_operator(js_ctx *c, js_node n)
{
    js_node op = js_field(n, "operator");
    static const char *const ops[] = {"===", "!==", "==", "!=", "<", ">", "<=", ">=",
                                      "instanceof", "in", NULL};
    if (ft_is_null(op))
        return false;
    const char *t = js_text(c, op);
    return in_list(ops, t);
}

static void walk_function(js_fn *b, js_node fn, js_state st)
{
    js_state inner = st;
    inner.branch = true;
    inner.awaited = false;
    inner.unreachable = false;
    inner.nested = true;
    js_node body = js_field(fn, "body");
    if (js_is(body, "statement_block"))
        walk_statement(b, body, inner);
    else
        walk_expr(b, body, inner, NULL);
}

/* `expect(x)`, `expect.poll(f)`, `expect(x).not`: an expectation with no assertion yet. */
static bool unfinished_expect(js_fn *b, js_node n)
{
    js_ctx *c = b->f->c;
    js_chain ch;
    chain_of(c, n, &ch);
    if (js_is(ch.root, "call_expression")) {
        const char *r = js_dotted(c, js_field(ch.root, "function"));
        if (!r || strcmp(r, "expect") != 0)
            return false;
        for (int i = 0; i < ch.count; i++)
            if (called(&ch.segs[i]))
                return false;
        return true;
    }
    return js_is(ch.root, "identifier") && js_text_is(c, ch.root, "expect") && ch.count >= 1 &&
           called(&ch.segs[0]) &&
           (!strcmp(ch.segs[0].name, "poll") || !strcmp(ch.segs[0].name, "soft")) &&
           ch.count == 1;
}

static void walk_expr(js_fn *b, js_node n, js_state st, const char *bind)
{
    js_ctx *c = b->f->c;
    if (ft_is_null(n))
        return;
    if (++b->depth > SSOT_MAX_NESTING) {
        c->depth_limited = true;
        c->depth_span = js_span(c, n);
        b->depth--;
        return;
    }
    if (js_is(n, "await_expression")) {
        js_state a = st;
        a.awaited = true;
        walk_expr(b, js_child(n, 0), a, bind);
    } else if (js_is(n, "parenthesized_expression") || js_is(n, "as_expression") ||
               js_is(n, "non_null_expression") || js_is(n, "satisfies_expression")) {
        walk_expr(b, js_child(n, 0), st, bind);
    } else if (js_is(n, "call_expression")) {
        walk_call(b, n, st, false, bind);
    } else if (js_is(n, "new_expression")) {
        js_node ctor = js_field(n, "constructor");
        js_node args = js_field(n, "arguments");
        const char *name = js_dotted(c, ctor);
        if (name && !in_list(library_roots, root_of(c, name))) {
            ssot_call *k = add_call(b, n, ctor);
            if (!(k->flags & (SSOT_CF_LIBRARY | SSOT_CF_ON_DOUBLE)) && !ft_is_null(args))
                doubles_in(b, args, row_of(n), 0);
        }
        walk_args(b, args, st);
    } else if (js_is(n, "member_expression") && expect_chain(b, n, st, false)) {
        /* `p.should.not.be.rejected` inside an array or an argument: a property assertion */
        js_chain ch;
        chain_of(c, n, &ch);
        walk_expr(b, ch.root, st, NULL);
    } else if (js_is(n, "arrow_function") || js_is(n, "function_expression") ||
               js_is(n, "function")) {
        walk_function(b, n, st);
    } else if (js_is(n, "assignment_expression")) {
        js_node left = js_unwrap(js_field(n, "left")), right = js_unwrap(js_field(n, "right"));
        const char *target = js_dotted(c, left);
        const char *path;
        bool record = false;
        /* `m.x = V` on a double: an attribute setting */
        if (js_is(left, "member_expression")) {
            int32_t d = subject_of(b, js_field(left, "object"), &path, &record, 0);
            if (d >= 0) {
                const char *attr = js_text(c, js_field(left, "property"));
                add_setting(b, d, join_path(c, path, attr), SSOT_SET_ATTRIBUTE, right, 0, n);
            } else if (!ft_is_null(right)) {
                /* a double stored on a project object */
                doubles_in(b, right, row_of(n), 0);
            }
        }
        size_t before = b->doubles.count;
        walk_expr(b, right, st, target);
        /* `r = m.get()`: r reads the double */
        if (target && js_is(left, "identifier") && b->doubles.count == before) {
            int32_t d = subject_of(b, right, &path, &record, 0);
            if (d >= 0) {
                js_alias a = {target, d, path};
                SSOT_VEC_PUSH(&b->aliases, a);
            }
        }
    } else if (js_is(n, "variable_declarator")) {
        js_node name = js_field(n, "name"), value = js_unwrap(js_field(n, "value"));
        const char *nm = js_is(name, "identifier") ? js_text(c, name) : NULL;
        if (js_is(value, "object") && nm) {
            /* `{ find: jest.fn() }`: doubles named `repo.find` */
            for (uint32_t i = 0; i < js_count(value); i++) {
                js_node p = js_child(value, i);
                if (js_is(p, "pair"))
                    walk_expr(b, js_field(p, "value"), st,
                              ssot_arena_printf(c->arena, "%s.%s", nm,
                                                js_text(c, js_field(p, "key"))));
                else
                    walk_expr(b, p, st, NULL);
            }
            return;
        }
        size_t before = b->doubles.count;
        size_t discards = b->discarded.count;
        walk_expr(b, value, st, nm);
        if (nm && js_is(value, "call_expression") && unfinished_expect(b, value)) {
            SSOT_VEC_PUSH(&b->expectations, nm);
            b->discarded.count = discards;
        }
        if (nm && b->doubles.count == before && !ft_is_null(value)) {
            const char *path;
            bool record = false;
            int32_t d = subject_of(b, value, &path, &record, 0);
            if (d >= 0) {
                js_alias a = {nm, d, path};
                SSOT_VEC_PUSH(&b->aliases, a);
            }
        }
    } else if (js_is(n, "ternary_expression")) {
        js_state cs = st;
        cs.branch = cs.conditional = true;
        walk_expr(b, js_field(n, "condition"), st, NULL);
        walk_expr(b, js_field(n, "consequence"), cs, NULL);
        walk_expr(b, js_field(n, "alternative"), cs, NULL);
    } else if (js_is(n, "class") || js_is(n, "class_declaration")) {
        /* a class body's methods run when called: walked like callbacks */
        uint32_t k = js_count(n);
        for (uint32_t i = 0; i < k; i++)
            walk_expr(b, js_child(n, i), st, NULL);
    } else if (js_is(n, "method_definition")) {
        walk_function(b, n, st);
    } else if (js_is(n, "jsx_expression") || js_is(n, "jsx_element") ||
               js_is(n, "jsx_self_closing_element") || js_is(n, "object") ||
               js_is(n, "array") || js_is(n, "pair") || js_is(n, "binary_expression") ||
               js_is(n, "unary_expression") || js_is(n, "template_string") ||
               js_is(n, "template_substitution") || js_is(n, "spread_element") ||
               js_is(n, "sequence_expression") || js_is(n, "member_expression") ||
               js_is(n, "subscript_expression") || js_is(n, "jsx_attribute") ||
               js_is(n, "jsx_opening_element") || js_is(n, "augmented_assignment_expression") ||
               js_is(n, "update_expression") || js_is(n, "yield_expression") ||
               js_is(n, "arguments") || js_is(n, "lexical_declaration") ||
               js_is(n, "variable_declaration")) {
        uint32_t k = js_count(n);
        for (uint32_t i = 0; i < k; i++)
            walk_expr(b, js_child(n, i), st, NULL);
    }
    b->depth--;
}

/* ---- statements ---- */

static bool ends_with_fail(const char *callee)
{
    size_t n = strlen(callee);
    return n > 5 && !strcmp(callee + n - 5, ".fail");
}

/* Does a catch block fail or rethrow: then what the try swallows is not swallowed. */
static bool block_fails(js_fn *b, js_node n, int depth)
{
    js_ctx *c = b->f->c;
    if (ft_is_null(n) || depth > 40)
        return false;
    if (js_is(n, "throw_statement"))
        return true;
    if (js_is(n, "call_expression")) {
        const char *callee = js_dotted(c, js_field(n, "function"));
        if (callee && (global_fail(b, callee) || !strcmp(callee, "assert.fail") ||
                       !strcmp(callee, "expect.fail") || (b->done && !strcmp(callee, b->done)) ||
                       !strcmp(callee, "reject") || ends_with_fail(callee)))
            return true;
    }
    if (js_is(n, "arrow_function") || js_is(n, "function_expression"))
        return false;
    uint32_t k = js_count(n);
    for (uint32_t i = 0; i < k; i++)
        if (block_fails(b, js_child(n, i), depth + 1))
            return true;
    return false;
}


/* Does the try block fail when nothing throws: `fail()`, `expect(true).toBe(false)`, an
 * `assert.fail`, a `throw` after the call? */
static bool try_fails_without_throw(js_fn *b, js_node body)
{
    js_ctx *c = b->f->c;
    uint32_t k = js_count(body);
    for (uint32_t i = 0; i < k; i++) {
        js_node st = js_child(body, i);
        if (js_is(st, "throw_statement"))
            return true;
        if (!js_is(st, "expression_statement"))
            continue;
        js_node e = js_unwrap(js_child(st, 0));
        if (!js_is(e, "call_expression"))
            continue;
        const char *callee = js_dotted(c, js_field(e, "function"));
        if (callee && (global_fail(b, callee) || ends_with_fail(callee) ||
                       !strcmp(callee, "expect.fail")))
            return true;
        /* `expect(true).toBe(false)`, `assert(false)` */
        js_fn probe = {0};
        probe.f = b->f;
        probe.done = b->done;
        js_body_walk(&probe, st);
        bool fails = false;
        for (size_t a = 0; a < probe.asserts.count; a++)
            fails |= (probe.asserts.items[a].flags & SSOT_AF_EXPLICIT_FAIL) != 0;
        js_fn_fini(&probe);
        if (fails)
            return true;
    }
    return false;
}

/* Does the catch block check something (an assertion of any form): then it is no swallowing
 * handler, whatever else it does. */
static bool block_checks(js_fn *b, js_node body)
{
    js_fn probe = {0};
    probe.f = b->f;
    probe.done = b->done;
    probe.context = b->context;
    js_body_walk(&probe, body);
    bool checks = probe.asserts.count > 0;
    js_fn_fini(&probe);
    return checks;
}

static void walk_block(js_fn *b, js_node n, js_state st)
{
    uint32_t k = js_count(n);
    js_state s = st;
    for (uint32_t i = 0; i < k; i++) {
        js_node ch = js_child(n, i);
        walk_statement(b, ch, s);
        if (js_is(ch, "return_statement") || js_is(ch, "throw_statement"))
            s.unreachable = true;
        else if (js_is(ch, "expression_statement")) {
            js_node e = js_unwrap(js_child(ch, 0));
            const char *callee =
                js_is(e, "call_expression") ? js_dotted(b->f->c, js_field(e, "function")) : NULL;
            if (callee && (global_fail(b, callee) || !strcmp(callee, "assert.fail") ||
                           !strcmp(callee, "expect.fail")))
                s.unreachable = true;
        }
    }
}

static void walk_statement(js_fn *b, js_node n, js_state st)
{
    js_ctx *c = b->f->c;
    if (ft_is_null(n) || js_is(n, "comment"))
        return;
    if (++b->depth > SSOT_MAX_NESTING) {
        c->depth_limited = true;
        c->depth_span = js_span(c, n);
        b->depth--;
        return;
    }
    js_state inner = st;
    inner.awaited = false;
    if (js_is(n, "statement_block")) {
        walk_block(b, n, st);
    } else if (js_is(n, "expression_statement")) {
        js_node e = js_child(n, 0);
        js_node u = js_unwrap(e);
        bool awaited = js_is(e, "await_expression");
        js_state es = st;
        es.awaited = awaited;
        if (js_is(u, "call_expression") || js_is(u, "member_expression")) {
            if (js_is(u, "call_expression")) {
                walk_call(b, u, es, true, NULL);
            } else if (!expect_chain(b, u, es, true)) {
                walk_expr(b, u, es, NULL);
            }
        } else if (js_is(u, "binary_expression") && comparison_operator(c, u) && !b->setup) {
            add_discard(b, u, SSOT_DISCARD_EXPRESSION, false);
            walk_expr(b, u, es, NULL);
        } else {
            walk_expr(b, e, es, NULL);
        }
    } else if (js_is(n, "return_statement")) {
        js_node e = js_child(n, 0);
        js_state rs = st;
        rs.awaited = true; /* a returned promise is awaited by the runner */
        if (!ft_is_null(e)) {
            js_node u = js_unwrap(e);
            if (js_is(u, "binary_expression") && comparison_operator(c, u) && !b->setup &&
                b->test_body && !st.nested)
                add_discard(b, u, SSOT_DISCARD_EXPRESSION, true);
            if (js_is(u, "member_expression"))
                expect_chain(b, u, rs, true);
            else
                walk_expr(b, e, rs, NULL);
        }
    } else if (js_is(n, "throw_statement")) {
        /* a check: `if (!ok) throw new Error(...)`; unconditionally, a failure */
        ssot_assertion *a = add_assert(b, n, SSOT_ASSERT_UNITTEST, st, "throw");
        if (!st.branch)
            a->flags |= SSOT_AF_EXPLICIT_FAIL;
        /* a throw inside a try is how the test drives the code (a rollback, a rejected
           promise), not a check a catch swallows */
        a->flags &= ~(SSOT_AF_SWALLOWED | SSOT_AF_IN_EXCEPT);
        walk_expr(b, js_child(n, 0), inner, NULL);
    } else if (js_is(n, "if_statement")) {
        walk_expr(b, js_field(n, "condition"), inner, NULL);
        js_state bs = inner;
        bs.branch = bs.conditional = true;
        walk_statement(b, js_field(n, "consequence"), bs);
        js_node alt = js_field(n, "alternative");
        if (!ft_is_null(alt))
            walk_statement(b, js_child(alt, 0), bs);
    } else if (js_is(n, "else_clause")) {
        walk_statement(b, js_child(n, 0), st);
    } else if (js_is(n, "for_statement") || js_is(n, "for_in_statement") ||
               js_is(n, "while_statement") || js_is(n, "do_statement")) {
        js_state ls = inner;
        ls.branch = true;
        uint32_t k = js_count(n);
        for (uint32_t i = 0; i < k; i++) {
            js_node ch = js_child(n, i);
            if (js_is(ch, "statement_block") || js_is(ch, "expression_statement") ||
                strstr(ft_type(ch), "statement"))
                walk_statement(b, ch, ls);
            else
                walk_expr(b, ch, ls, NULL);
        }
    } else if (js_is(n, "switch_statement")) {
        walk_expr(b, js_field(n, "value"), inner, NULL);
        js_state ss = inner;
        ss.branch = ss.conditional = true;
        js_node body = js_field(n, "body");
        for (uint32_t i = 0; i < js_count(body); i++) {
            js_node cs = js_child(body, i);
            for (uint32_t j = 0; j < js_count(cs); j++) {
                js_node ch = js_child(cs, j);
                if (strstr(ft_type(ch), "statement") || js_is(ch, "statement_block"))
                    walk_statement(b, ch, ss);
            }
        }
    } else if (js_is(n, "try_statement")) {
        js_node body = js_field(n, "body"), handler = js_field(n, "handler"),
               finalizer = js_field(n, "finalizer");
        js_node hbody = js_field(handler, "body");
        bool swallows = !ft_is_null(handler) && !block_fails(b, hbody, 0) &&
                        !block_checks(b, hbody);
        js_state ts = inner;
        ts.branch = true;
        ts.swallowed = st.swallowed || swallows;
        ts.in_try = st.in_try || !ft_is_null(handler);
        walk_statement(b, body, ts);
        if (!ft_is_null(handler)) {
            js_state hs = inner;
            hs.branch = true;
            hs.in_catch = st.in_catch || !try_fails_without_throw(b, body);
            walk_statement(b, hbody, hs);
        }
        if (!ft_is_null(finalizer)) {
            js_state fs = inner;
            fs.branch = true;
            walk_statement(b, js_field(finalizer, "body"), fs);
        }
    } else if (js_is(n, "lexical_declaration") || js_is(n, "variable_declaration")) {
        uint32_t k = js_count(n);
        for (uint32_t i = 0; i < k; i++)
            walk_expr(b, js_child(n, i), inner, NULL);
    } else if (js_is(n, "function_declaration") || js_is(n, "class_declaration")) {
        walk_expr(b, js_is(n, "class_declaration") ? js_field(n, "body") : n, inner, NULL);
        if (js_is(n, "function_declaration"))
            walk_function(b, n, inner);
    } else if (js_is(n, "labeled_statement")) {
        walk_statement(b, js_field(n, "body"), st);
    }
    b->depth--;
}

void js_body_walk(js_fn *b, js_node n)
{
    js_state st = {0};
    if (ft_is_null(n))
        return;
    if (js_is(n, "statement_block") || strstr(ft_type(n), "statement") ||
        strstr(ft_type(n), "declaration")) {
        walk_statement(b, n, st);
    } else {
        /* an arrow's expression body is its return value: the runner awaits it as it awaits
           `return expect(p).rejects.toThrow()` */
        js_node up = ft_parent(n);
        st.awaited = js_is(up, "arrow_function") && ft_eq(js_field(up, "body"), n);
        walk_expr(b, n, st, NULL);
    }
    /* `expect.assertions(n)` counts the assertions a catch block makes: they must run */
    bool counted = false;
    for (size_t i = 0; i < b->asserts.count && !counted; i++)
        counted = b->asserts.items[i].callee &&
                  (!strcmp(b->asserts.items[i].callee, "expect.assertions") ||
                   !strcmp(b->asserts.items[i].callee, "expect.hasAssertions"));
    for (size_t i = 0; counted && i < b->asserts.count; i++)
        b->asserts.items[i].flags &= ~SSOT_AF_IN_EXCEPT;
}
