/* analyzer/frontend/javascript/js_tests.c - the tests of a JavaScript/TypeScript test file:
 * suites (`describe`, `suite`, `context`, playwright's `test.describe`), tests (`it`, `test`,
 * `specify`, with `.each`, `.only`, `.skip`, `.todo`, `.concurrent`, `x`/`f` prefixes, vitest's
 * `test.extend`), hooks, module mocks and the file's own helper functions. Each test becomes a
 * declared function (SSOT_FF_DECLARED) named by its title, its symbol the suites' titles and
 * its own joined by ` > `; what hooks and the statements around tests set up, tests inherit. */
#include "analyzer/frontend/javascript/js_test_internal.h"

#include <stdio.h>

typedef SSOT_VEC(ssot_function) js_functions;

typedef enum api_kind { API_NONE = 0, API_TEST, API_SUITE, API_HOOK } api_kind;

/* A call of the test runner's API that registers something. */
typedef struct api {
    api_kind kind;
    bool skip, todo;
    bool only;        /* `.only`, `fit`, `fdescribe`: the runner runs only focused tests */
    js_node skip_at;   /* where the skip is written */
    const char *skip_reason; /* `{ skip: 'reason' }`: the reason, or NULL */
    js_node only_at;   /* where the focus is written */
    js_node args;      /* the registering call's arguments */
} api;

/* The scope tests are declared in: its suites and what it sets up. */
typedef struct scope {
    js_strings suites;
    ssot_skip skip;   /* a skipped suite around */
    js_node only_at;   /* a focused suite around (`describe.only`), or a null node */
    js_fn setup;
} scope;

typedef struct walker {
    js_file *f;
    js_functions functions;
    js_node only_at;             /* the first focus a running test has, or a null node */
    SSOT_VEC(size_t) unfocused; /* the tests that run only when nothing is focused */
} walker;

static const char *const test_globals[] = {"it", "test", "specify", "xit", "xtest", "xspecify",
                                           "fit", "ftest", NULL};
static const char *const suite_globals[] = {"describe", "suite", "context", "fdescribe",
                                            "xdescribe", "xcontext", "xsuite", "fcontext", NULL};
static const char *const hook_globals[] = {"beforeEach", "beforeAll", "afterEach", "afterAll",
                                           "before", "after", "setup", "teardown", "suiteSetup",
                                           "suiteTeardown", NULL};
/* the modules that export the runner's functions */
static const char *const runner_modules[] = {"vitest", "@jest/globals", "node:test", "test",
                                             "mocha", "@playwright/test", "bun:test",
                                             "@vitest/runner", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

/* The runner function an import names: its own name, or for a module whose default export
 * is `test` (node:test's `import test from 'node:test'`, `const test = require('node:test')`,
 * playwright's `import test from '@playwright/test'`) `test`; NULL when it names none. */
static const char *imported_runner_name(const js_import *imp)
{
    static const char *const test_default[] = {"node:test", "test", "@playwright/test", NULL};
    if (!in_list(runner_modules, imp->module))
        return NULL;
    if (imp->name)
        return imp->name;
    /* the default (or the namespace: `ns.describe(...)` reads as `test.describe`) */
    return in_list(test_default, imp->module) ? "test" : NULL;
}

bool js_file_is_runner_name(const js_file *f, const char *name, const char *global)
{
    const js_import *imp = js_file_import(f, name);
    if (imp) { /* imported: only from a runner, under its own or another name */
        const char *meant = imported_runner_name(imp);
        return meant && !strcmp(meant, global);
    }
    return !strcmp(name, global);
}

/* The runner's name `name` stands for (`it`, `describe`, `beforeEach`), or NULL. */
static const char *runner_global(const js_file *f, const char *name)
{
    const js_import *imp = js_file_import(f, name);
    if (imp) {
        name = imported_runner_name(imp);
        if (!name)
            return NULL;
    }
    for (size_t i = 0; i < f->test_names.count; i++)
        if (!strcmp(f->test_names.items[i], name))
            return "test";
    /* a function of that name the file defines itself is not the runner's */
    for (size_t i = 0; !imp && i < f->module_names.count; i++)
        if (!strcmp(f->module_names.items[i], name))
            return NULL;
    if (in_list(test_globals, name) || in_list(suite_globals, name) ||
        in_list(hook_globals, name))
        return name;
    return NULL;
}

static bool constant_truth(js_ctx *c, js_node n, bool *value)
{
    n = js_unwrap(n);
    if (js_is(n, "true") || js_is(n, "false")) {
        *value = js_is(n, "true");
        return true;
    }
    if (js_is(n, "number")) {
        *value = !js_text_is(c, n, "0");
        return true;
    }
    return false;
}

/* node:test's and vitest's options object (`test('x', { skip: true }, fn)`,
 * `describe('d', { only: true }, fn)`): a `skip` or `only` that is `true` or a non-empty string
 * (node's reason) skips or focuses as `.skip`/`.only` do. Any other value (`skip: isWindows`)
 * is decided when the test runs. */
static void read_options(js_ctx *c, api *a)
{
    uint32_t k = js_count(a->args);
    for (uint32_t i = 1; i < k; i++) {
        js_node o = js_child(a->args, i);
        if (!js_is(o, "object"))
            continue;
        for (uint32_t j = 0; j < js_count(o); j++) {
            js_node pair = js_child(o, j);
            if (!js_is(pair, "pair"))
                continue;
            js_node key = js_field(pair, "key"), value = js_unwrap(js_field(pair, "value"));
            const char *name = js_string(c, key) ? js_string(c, key) : js_text(c, key);
            const char *text = js_is(value, "string") ? js_string(c, value) : NULL;
            bool on = js_is(value, "true") || (text && text[0]);
            if (!on)
                continue;
            if (!strcmp(name, "skip") && !a->skip) {
                a->skip = true;
                a->skip_at = pair;
                a->skip_reason = text;
            } else if (!strcmp(name, "only") && !a->only) {
                a->only = true;
                a->only_at = pair;
            }
        }
    }
}

/* What `call` registers, if anything. */
static api classify(js_file *f, js_node call)
{
    api a = {0};
    js_ctx *c = f->c;
    js_node fn = js_field(call, "function");
    a.args = js_field(call, "arguments");
    if (!js_is(a.args, "arguments"))
        return a;
    /* `it.each(table)(...)`, it.each`table`(...), `it.skipIf(cond)(...)` */
    if (js_is(fn, "call_expression")) {
        js_node inner = js_field(fn, "function");
        if (!js_is(inner, "member_expression"))
            return a;
        js_node prop = js_field(inner, "property");
        bool value;
        if (js_text_is(c, prop, "each") || js_text_is(c, prop, "for")) {
            /* a table: one test per row */
        } else if (js_text_is(c, prop, "skipIf") || js_text_is(c, prop, "runIf")) {
            js_node cond = js_child(js_field(fn, "arguments"), 0);
            if (constant_truth(c, cond, &value) &&
                value == js_text_is(c, prop, "skipIf")) {
                a.skip = true;
                a.skip_at = inner;
            }
        } else {
            return a;
        }
        fn = js_field(inner, "object");
    }
    /* the member chain: base and modifiers */
    js_node segs[8];
    int n = 0;
    js_node at = fn;
    while (js_is(at, "member_expression") && n < 7) {
        segs[n++] = js_field(at, "property");
        at = js_field(at, "object");
    }
    if (!js_is(at, "identifier"))
        return (api){0};
    const char *base = runner_global(f, js_text(c, at));
    if (!base)
        return (api){0};
    if (in_list(test_globals, base))
        a.kind = API_TEST;
    else if (in_list(suite_globals, base))
        a.kind = API_SUITE;
    else
        a.kind = API_HOOK;
    if (base[0] == 'x') {
        a.skip = true;
        a.skip_at = at;
    } else if (base[0] == 'f') {
        a.only = true;
        a.only_at = at;
    }
    for (int i = n - 1; i >= 0; i--) {
        const char *m = js_text(c, segs[i]);
        if (!strcmp(m, "skip") || !strcmp(m, "fixme")) {
            a.skip = true;
            a.skip_at = fn;
        } else if (!strcmp(m, "todo")) {
            a.todo = true;
            a.skip_at = fn;
        } else if (!strcmp(m, "describe") && a.kind == API_TEST) {
            a.kind = API_SUITE;
        } else if (in_list(hook_globals, m) && a.kind == API_TEST) {
            a.kind = API_HOOK;
        } else if (!strcmp(m, "only")) {
            a.only = true;
            a.only_at = fn;
        } else if (!strcmp(m, "concurrent") ||
                   !strcmp(m, "sequential") || !strcmp(m, "serial") || !strcmp(m, "parallel") ||
                   !strcmp(m, "shuffle") || !strcmp(m, "failing") || !strcmp(m, "fails")) {
            /* runs (or runs alone) all the same */
        } else {
            return (api){0}; /* `test.step`, `test.use`, `describe.configure` ... */
        }
    }
    if (a.kind == API_TEST || a.kind == API_SUITE)
        read_options(c, &a);
    return a;
}

/* The last function among the arguments (the callback), or a null node. */
static js_node callback_of(js_node args)
{
    js_node found = {0};
    uint32_t k = js_count(args);
    for (uint32_t i = 0; i < k; i++) {
        js_node a = js_child(args, i);
        if (js_is(a, "arrow_function") || js_is(a, "function_expression") ||
            js_is(a, "function"))
            found = a;
    }
    return found;
}

static const char *title_of(js_ctx *c, js_node args)
{
    js_node t = js_child(args, 0);
    if (ft_is_null(t))
        return "";
    const char *s = js_string(c, t);
    return s ? s : js_snippet_at(c, ft_start_byte(t), ft_end_byte(t));
}

static const char *join_symbol(js_ctx *c, const js_strings *suites, const char *title)
{
    size_t n = strlen(title) + 1;
    for (size_t i = 0; i < suites->count; i++)
        n += strlen(suites->items[i]) + 3;
    char *out = ssot_arena_alloc(c->arena, n);
    out[0] = '\0';
    for (size_t i = 0; i < suites->count; i++) {
        strcat(out, suites->items[i]);
        strcat(out, " > ");
    }
    strcat(out, title);
    return out;
}

/* The place a whole-test finding points at: from the call to its title, with the call's first
 * line as its text. */
static ssot_loc def_loc(js_ctx *c, js_node call, js_node args)
{
    ssot_loc l = js_loc(c, call);
    js_node title = js_child(args, 0);
    js_node end = ft_is_null(title) ? js_field(call, "function") : title;
    ssot_span e = js_span(c, end);
    l.span.end_row = e.end_row;
    l.span.end_col = e.end_col;
    return l;
}

static bool has_todo_comment(js_ctx *c, js_node body)
{
    uint32_t s = ft_start_byte(body), e = ft_end_byte(body);
    for (uint32_t i = s; i + 4 <= e; i++) {
        if (c->src[i] != '/' || (c->src[i + 1] != '/' && c->src[i + 1] != '*'))
            continue;
        uint32_t j = i + 2;
        while (j < e && c->src[j] != '\n' && j < i + 200) {
            if (!strncmp(c->src + j, "TODO", 4) || !strncmp(c->src + j, "FIXME", 5) ||
                !strncmp(c->src + j, "XXX", 3))
                return true;
            j++;
        }
        i = j;
    }
    return false;
}

/* A message says the work is unfinished ("not implemented", "TODO", "write me"), as the
 * C/C++ front end reads a FAIL()'s message. */
static bool says_unfinished(js_ctx *c, js_node msg)
{
    static const char *const words[] = {"implement", "todo", "stub", "write", "fixme", "tbd",
                                        "finish", NULL};
    const char *t = js_text(c, msg);
    char lower[256];
    size_t n = 0;
    for (const char *p = t ? t : ""; *p && n + 1 < sizeof(lower); p++)
        lower[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    lower[n] = '\0';
    for (const char *const *w = words; *w; w++)
        if (strstr(lower, *w))
            return true;
    return false;
}

static bool is_message(js_node n)
{
    return js_is(n, "string") || js_is(n, "template_string");
}

/* A failure that marks unfinished work: no message, or a message that says so. A message
 * the file cannot read (a variable, an array of causes) is a failure on purpose. */
static bool unfinished_args(js_ctx *c, js_node args)
{
    js_node first = {0};
    for (uint32_t i = 0; i < js_count(args) && ft_is_null(first); i++)
        if (!js_is(js_child(args, i), "comment"))
            first = js_child(args, i);
    if (ft_is_null(first))
        return true;
    return is_message(first) && says_unfinished(c, first);
}

/* `throw new Error()`, `throw new Error('not implemented')`, `throw 'TODO'`; not a thrown
 * value (`throw false`, `throw obj`, `throw Promise.resolve(5)`) nor an error whose message
 * says nothing is unfinished (`throw new Error('expected failure')`): those fail on purpose,
 * a test the harness runs to see it fail. */
static bool unfinished_throw(js_ctx *c, js_node st)
{
    js_node v = {0};
    for (uint32_t i = 0; i < js_count(st) && ft_is_null(v); i++)
        if (!js_is(js_child(st, i), "comment"))
            v = js_child(st, i);
    v = js_unwrap(v);
    if (is_message(v))
        return says_unfinished(c, v);
    if (js_is(v, "new_expression")) {
        js_node args = js_field(v, "arguments");
        return ft_is_null(args) || unfinished_args(c, args);
    }
    return false;
}

/* A statement that only fails and says the work is unfinished: `throw ...`, jest's global
 * `fail(...)`, `assert.fail(...)`, `expect.fail()`. */
static bool failing_statement(js_file *f, js_node st)
{
    js_ctx *c = f->c;
    if (js_is(st, "throw_statement"))
        return unfinished_throw(c, st);
    if (!js_is(st, "expression_statement"))
        return false;
    js_node e = js_unwrap(js_child(st, 0));
    if (!js_is(e, "call_expression"))
        return false;
    const char *callee = js_dotted(c, js_field(e, "function"));
    bool own_fail = js_file_import(f, "fail") != NULL;
    for (size_t i = 0; i < f->module_names.count && !own_fail; i++)
        own_fail = !strcmp(f->module_names.items[i], "fail");
    bool fails = callee &&
                 ((!strcmp(callee, "fail") && !own_fail) || !strcmp(callee, "assert.fail") ||
                  !strcmp(callee, "expect.fail") || !strcmp(callee, "chai.assert.fail"));
    return fails && unfinished_args(c, js_field(e, "arguments"));
}

/* Shape of a callback's body. */
static ssot_body_shape shape_of(js_file *f, js_node fn, const char **stub, bool *declares_only)
{
    js_ctx *c = f->c;
    js_node body = js_field(fn, "body");
    if (!js_is(body, "statement_block"))
        return SSOT_BODY_CODE; /* an expression body does something */
    js_node only = {0};
    unsigned statements = 0;
    uint32_t k = js_count(body);
    for (uint32_t i = 0; i < k; i++) {
        js_node st = js_child(body, i);
        if (js_is(st, "comment") || js_is(st, "empty_statement"))
            continue;
        statements++;
        only = st;
    }
    if (!statements)
        return SSOT_BODY_EMPTY;
    *declares_only = true;
    for (uint32_t i = 0; i < k && *declares_only; i++) {
        js_node st = js_child(body, i);
        *declares_only = js_is(st, "comment") || js_is(st, "empty_statement") ||
                         js_is(st, "function_declaration") ||
                         js_is(st, "type_alias_declaration") ||
                         js_is(st, "interface_declaration");
    }
    if (statements == 1 && failing_statement(f, only)) {
        *stub = js_snippet_at(c, ft_start_byte(only), ft_end_byte(only));
        return SSOT_BODY_STUB;
    }
    return SSOT_BODY_CODE;
}

/* The first statement skips the test: `this.skip()`, playwright's `test.skip()` (no condition
 * or a constant true one), `ctx.skip()`, node:test's `t.skip()`. */
static bool skips_itself(js_file *f, js_node fn, const char *context, ssot_loc *loc)
{
    js_ctx *c = f->c;
    js_node body = js_field(fn, "body");
    if (!js_is(body, "statement_block"))
        return false;
    js_node first = {0};
    uint32_t k = js_count(body);
    for (uint32_t i = 0; i < k && ft_is_null(first); i++)
        if (!js_is(js_child(body, i), "comment"))
            first = js_child(body, i);
    if (!js_is(first, "expression_statement"))
        return false;
    js_node call = js_unwrap(js_child(first, 0));
    if (!js_is(call, "call_expression"))
        return false;
    const char *callee = js_dotted(c, js_field(call, "function"));
    if (!callee)
        return false;
    const char *dot = strrchr(callee, '.');
    if (!dot || strcmp(dot, ".skip") != 0)
        return false;
    size_t n = (size_t)(dot - callee);
    bool ok = (n == 4 && !strncmp(callee, "this", 4)) ||
              (context && strlen(context) == n && !strncmp(callee, context, n));
    if (!ok) {
        char *base = ssot_arena_strndup(c->arena, callee, n);
        ok = runner_global(f, base) && !strcmp(runner_global(f, base), "test");
    }
    if (!ok)
        return false;
    js_node args = js_field(call, "arguments");
    js_node cond = js_child(args, 0);
    bool value = true;
    if (!ft_is_null(cond) && !js_string(c, cond) && !(constant_truth(c, cond, &value) && value))
        return false; /* a runtime condition */
    *loc = js_loc(c, call);
    return true;
}

static const char *const done_names[] = {"done", "cb", "callback", "next", "finish", "end",
                                         NULL};

/* The callback's first parameter, by name. */
static const char *first_param(js_ctx *c, js_node fn)
{
    js_node params = js_field(fn, "parameters");
    js_node p = js_is(params, "formal_parameters") ? js_child(params, 0)
                                                   : js_field(fn, "parameter");
    if (js_is(p, "required_parameter") || js_is(p, "optional_parameter"))
        p = js_field(p, "pattern");
    return js_is(p, "identifier") ? js_text(c, p) : NULL;
}

static bool is_async(js_ctx *c, js_node fn)
{
    uint32_t k = js_all_count(fn);
    for (uint32_t i = 0; i < k; i++) {
        js_node ch = js_all_child(fn, i);
        if (!ft_is_named(ch) && js_text_is(c, ch, "async"))
            return true;
    }
    return false;
}

/* Move a builder's facts into `fn`. */
static void finish_function(js_ctx *c, js_fn *b, ssot_function *fn)
{
    ssot_arena *arena = c->arena;
    JS_MOVE_TO_ARENA(arena, b->asserts, fn->asserts, fn->assert_count);
    JS_MOVE_TO_ARENA(arena, b->calls, fn->calls, fn->call_count);
    JS_MOVE_TO_ARENA(arena, b->discarded, fn->discarded, fn->discarded_count);
    ssot_fn_side *side = ssot_fn_side_own(fn, arena);
    JS_MOVE_TO_ARENA(arena, b->doubles, side->doubles, side->double_count);
    JS_MOVE_TO_ARENA(arena, b->patches, side->patches, side->patch_count);
    JS_MOVE_TO_ARENA(arena, b->settings, side->settings, side->setting_count);
    JS_MOVE_TO_ARENA(arena, b->handoffs, side->handoffs, side->handoff_count);
    side->double_uses = ssot_arena_alloc(arena, sizeof(*side->double_uses));
    side->double_args = ssot_arena_alloc(arena, sizeof(*side->double_args));
    side->mentions = ssot_arena_alloc(arena, sizeof(*side->mentions));
    fn->params = ssot_arena_alloc(arena, sizeof(*fn->params));
    fn->markers = ssot_arena_alloc(arena, sizeof(*fn->markers));
    js_fn_fini(b);
}

/* `it.todo('title')`: one argument, a string (a template without `${...}` too). */
static bool well_formed_todo(js_node args)
{
    js_node only = {0};
    unsigned n = 0;
    for (uint32_t i = 0; i < js_count(args); i++)
        if (!js_is(js_child(args, i), "comment")) {
            only = js_child(args, i);
            n++;
        }
    if (n != 1)
        return false;
    if (js_is(only, "string"))
        return true;
    if (!js_is(only, "template_string"))
        return false;
    for (uint32_t i = 0; i < js_count(only); i++)
        if (js_is(js_child(only, i), "template_substitution"))
            return false;
    return true;
}

static void add_test(walker *w, scope *s, js_node call, const api *a)
{
    js_ctx *c = w->f->c;
    ssot_function fn = {0};
    fn.class_index = -1;
    fn.returns_double = -1;
    fn.name = title_of(c, a->args);
    fn.symbol = join_symbol(c, &s->suites, fn.name);
    fn.def = def_loc(c, call, a->args);
    fn.flags = SSOT_FF_DECLARED;
    js_node cb = callback_of(a->args);
    fn.body = js_span(c, ft_is_null(cb) ? call : cb);
    fn.suites = ssot_arena_alloc(c->arena, (s->suites.count + 1) * sizeof(*fn.suites));
    if (s->suites.count)
        memcpy(fn.suites, s->suites.items, s->suites.count * sizeof(*fn.suites));
    fn.suite_count = s->suites.count;
    if (a->todo) {
        fn.skip.kind = SSOT_SKIP_TODO;
        fn.skip.loc = js_loc(c, a->skip_at);
    } else if (a->skip) {
        fn.skip.kind = SSOT_SKIP_DECORATOR;
        fn.skip.loc = js_loc(c, a->skip_at);
        fn.skip.reason = a->skip_reason;
    } else if (s->skip.kind) {
        fn.skip = s->skip;
    }
    /* jest and vitest run only the focused tests of a file that focuses one (mocha: of the
       whole run); a focus inside a skipped suite focuses nothing */
    if (!fn.skip.kind) {
        js_node only_at = a->only ? a->only_at : s->only_at;
        if (ft_is_null(only_at))
            SSOT_VEC_PUSH(&w->unfocused, w->functions.count);
        else if (ft_is_null(w->only_at))
            w->only_at = only_at;
    }
    js_fn b = {0};
    js_fn_inherit(&b, &s->setup);
    b.f = w->f;
    if (ft_is_null(cb)) {
        /* `it('x', helper)`: the named function is the body; `it.todo('x')`: none */
        js_node ref = js_child(a->args, 1);
        fn.shape = a->todo || ft_is_null(ref) ? SSOT_BODY_EMPTY : SSOT_BODY_CODE;
        const char *callee = ft_is_null(ref) ? NULL : js_dotted(c, ref);
        if (!callee && !ft_is_null(ref)) {
            /* `it('x', withVersion('10.5', async (db) => {...}))`: a wrapper runs the body */
            b.test_body = true;
            js_body_walk(&b, ref);
        } else if (callee) {
            ssot_call k = {0};
            k.callee = callee;
            ssot_call_set_name(&k, strrchr(callee, '.') ? strrchr(callee, '.') + 1 : callee);
            k.receiver = strchr(callee, '.') ? SSOT_RECEIVER_OTHER : SSOT_RECEIVER_NAME;
            k.row = ft_start_point(ref).row + 1;
            k.double_index = -1;
            SSOT_VEC_PUSH(&b.calls, k);
        }
    } else {
        bool declares_only = false;
        fn.shape = shape_of(w->f, cb, &fn.stub, &declares_only);
        if (declares_only)
            fn.flags |= SSOT_FF_COMPILE_CHECK;
        if (is_async(c, cb))
            fn.flags |= SSOT_FF_ASYNC;
        if (fn.shape == SSOT_BODY_EMPTY && has_todo_comment(c, cb))
            fn.flags |= SSOT_FF_TODO;
        const char *p = first_param(c, cb);
        if (p && in_list(done_names, p) && !(fn.flags & SSOT_FF_ASYNC))
            b.done = p;
        else
            b.context = p;
        ssot_loc at;
        if (!fn.skip.kind && skips_itself(w->f, cb, b.context, &at)) {
            fn.skip.kind = SSOT_SKIP_FIRST_STATEMENT;
            fn.skip.loc = at;
        }
        b.async_fn = (fn.flags & SSOT_FF_ASYNC) != 0;
        b.test_body = true;
        bool limited = c->depth_limited;
        c->depth_limited = false;
        js_body_walk(&b, js_field(cb, "body"));
        if (c->depth_limited)
            fn.flags |= SSOT_FF_DEPTH_LIMITED;
        c->depth_limited |= limited;
    }
    if (ft_has_error(call))
        fn.flags |= SSOT_FF_SYNTAX_ERROR;
    finish_function(c, &b, &fn);
    SSOT_VEC_PUSH(&w->functions, fn);
}

static void walk_scope(walker *w, scope *s, js_node block, int depth);
static bool add_helper(walker *w, js_node st);
static void scope_pass(walker *w, scope *s, js_node block, bool tests, int depth);

static void enter_suite(walker *w, scope *outer, js_node call, const api *a, int depth)
{
    js_ctx *c = w->f->c;
    js_node cb = callback_of(a->args);
    if (ft_is_null(cb))
        return;
    scope s = {0};
    for (size_t i = 0; i < outer->suites.count; i++)
        SSOT_VEC_PUSH(&s.suites, outer->suites.items[i]);
    SSOT_VEC_PUSH(&s.suites, title_of(c, a->args));
    s.skip = outer->skip;
    s.only_at = a->only ? a->only_at : outer->only_at;
    if (!s.skip.kind && (a->skip || a->todo)) {
        s.skip.kind = SSOT_SKIP_CLASS;
        s.skip.loc = js_loc(c, a->skip_at);
        s.skip.reason = a->skip_reason;
    }
    (void)call;
    js_fn_inherit(&s.setup, &outer->setup);
    s.setup.f = w->f;
    s.setup.setup = true;
    walk_scope(w, &s, js_field(cb, "body"), depth + 1);
    free(s.suites.items);
    js_fn_fini(&s.setup);
}

/* A hook's body sets up (or checks) every test of the scope. */
static void add_hook(walker *w, scope *s, const api *a)
{
    js_node cb = callback_of(a->args);
    if (ft_is_null(cb))
        return;
    js_ctx *c = w->f->c;
    const char *p = first_param(c, cb);
    const char *saved_done = s->setup.done;
    s->setup.done = p && in_list(done_names, p) ? p : NULL;
    js_body_walk(&s->setup, js_field(cb, "body"));
    s->setup.done = saved_done;
}

/* Does the block register a test or suite among its statements (a loop of `it(...)`)? */
static bool contains_registration(walker *w, js_node block, int depth)
{
    uint32_t k = js_count(block);
    for (uint32_t i = 0; i < k && depth < 8; i++) {
        js_node st = js_child(block, i);
        if (js_is(st, "expression_statement")) {
            js_node e = js_unwrap(js_child(st, 0));
            if (!js_is(e, "call_expression"))
                continue;
            api a = classify(w->f, e);
            if (a.kind == API_TEST || a.kind == API_SUITE)
                return true;
            js_node cb = callback_of(js_field(e, "arguments"));
            if (!ft_is_null(cb) && contains_registration(w, js_field(cb, "body"), depth + 1))
                return true;
        } else if (js_is(st, "statement_block") || js_is(st, "if_statement") ||
                   js_is(st, "for_statement") || js_is(st, "for_in_statement") ||
                   js_is(st, "else_clause")) {
            if (contains_registration(w, st, depth + 1))
                return true;
        }
    }
    return false;
}

/* A statement of a scope: a registering call, or setup around the tests. `tests` says which
 * of the two passes runs: setup first, so that a hook written below a test still applies. */
static void scope_statement(walker *w, scope *s, js_node st, bool tests, int depth)
{
    js_ctx *c = w->f->c;
    if (depth > SSOT_MAX_NESTING) {
        c->depth_limited = true;
        c->depth_span = js_span(c, st);
        return;
    }
    if (js_is(st, "expression_statement")) {
        js_node e = js_unwrap(js_child(st, 0));
        if (js_is(e, "call_expression")) {
            api a = classify(w->f, e);
            /* a malformed `it.todo` (no title, a title that is no string, or a body) is a
               declaration error jest reports by failing the file: no to-do test */
            if (a.kind == API_TEST && a.todo && !well_formed_todo(a.args))
                return;
            if (a.kind == API_TEST && tests && (a.todo || !ft_is_null(callback_of(a.args)) ||
                                                js_count(a.args) >= 2)) {
                add_test(w, s, e, &a);
                return;
            }
            if (a.kind == API_TEST)
                return;
            if (a.kind == API_SUITE) {
                if (tests)
                    enter_suite(w, s, e, &a, depth);
                return;
            }
            if (a.kind == API_HOOK) {
                if (!tests)
                    add_hook(w, s, &a);
                return;
            }
            /* `cases.forEach((x) => { it(...) })`: tests declared in a callback */
            js_node args = js_field(e, "arguments");
            js_node cb = callback_of(args);
            if (!ft_is_null(cb) && js_is(js_field(cb, "body"), "statement_block") &&
                contains_registration(w, js_field(cb, "body"), 0)) {
                scope_pass(w, s, js_field(cb, "body"), tests, depth + 1);
                return;
            }
        }
        if (!tests)
            js_body_walk(&s->setup, st);
        return;
    }
    if (js_is(st, "statement_block") || js_is(st, "if_statement") ||
        js_is(st, "for_statement") || js_is(st, "for_in_statement") ||
        js_is(st, "else_clause")) {
        uint32_t k = js_count(st);
        for (uint32_t i = 0; i < k; i++) {
            js_node ch = js_child(st, i);
            if (js_is(ch, "statement_block") || js_is(ch, "else_clause") ||
                js_is(ch, "expression_statement") || js_is(ch, "if_statement") ||
                js_is(ch, "for_statement") || js_is(ch, "for_in_statement"))
                scope_statement(w, s, ch, tests, depth + 1);
        }
        return;
    }
    if (js_is(st, "export_statement") || js_is(st, "import_statement") ||
        js_is(st, "class_declaration") || js_is(st, "comment"))
        return;
    /* `const suiteFor = (fn) => { describe(...) }`: a suite factory registers its tests
       where it is called; they are read where it is declared */
    if (tests) {
        js_node body = {0};
        if (js_is(st, "function_declaration"))
            body = js_field(st, "body");
        else if (js_is(st, "lexical_declaration") || js_is(st, "variable_declaration")) {
            js_node v = js_unwrap(js_field(js_child(st, 0), "value"));
            if (js_is(v, "arrow_function") || js_is(v, "function_expression"))
                body = js_field(v, "body");
        }
        if (js_is(body, "statement_block") && contains_registration(w, body, 0)) {
            walk_scope(w, s, body, depth + 1);
            return;
        }
    }
    /* a function declared in a suite: a helper its tests may call */
    if (depth > 0 && !tests && add_helper(w, st)) {
        js_node name = js_is(st, "function_declaration")
                          ? js_field(st, "name")
                          : js_field(js_child(st, 0), "name");
        SSOT_VEC_PUSH(&w->f->module_names, js_text(c, name));
        return;
    }
    if (js_is(st, "function_declaration"))
        return;
    if (!tests)
        js_body_walk(&s->setup, st); /* declarations: `const m = jest.fn()`, `let sut` */
}

static void scope_pass(walker *w, scope *s, js_node block, bool tests, int depth)
{
    uint32_t k = js_count(block);
    for (uint32_t i = 0; i < k; i++)
        scope_statement(w, s, js_child(block, i), tests, depth);
}

static void walk_scope(walker *w, scope *s, js_node block, int depth)
{
    if (!js_is(block, "statement_block") && !js_is(block, "program"))
        return;
    scope_pass(w, s, block, false, depth);
    scope_pass(w, s, block, true, depth);
}

/* ---- the file's own names ---- */

const js_import *js_file_import(const js_file *f, const char *local)
{
    for (size_t i = 0; i < f->imports.count; i++)
        if (!strcmp(f->imports.items[i].local, local))
            return &f->imports.items[i];
    return NULL;
}

const js_module_mock *js_file_mock_of(const js_file *f, const char *local)
{
    const js_import *imp = js_file_import(f, local);
    if (!imp)
        return NULL;
    for (size_t i = 0; i < f->mocks.count; i++) {
        const js_module_mock *m = &f->mocks.items[i];
        if (strcmp(m->resolved, imp->resolved) != 0)
            continue;
        if (m->partial) {
            bool listed = false;
            for (size_t k = 0; k < m->keys.count && !listed; k++)
                listed = imp->name && !strcmp(m->keys.items[k], imp->name);
            if (!listed)
                return NULL;
        }
        return m;
    }
    return NULL;
}

const char *js_resolve_specifier(js_file *f, const char *spec)
{
    if (spec[0] != '.')
        return spec;
    char *out = ssot_arena_alloc(f->c->arena, strlen(f->dir) + strlen(spec) + 2);
    strcpy(out, f->dir);
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 2 && !strncmp(p, "..", 2)) {
            char *slash = strrchr(out, '/');
            if (slash)
                *slash = '\0';
            else if (out[0] && strcmp(out, ".."))
                out[0] = '\0';
            else
                strcat(out, out[0] ? "/.." : "..");
        } else if (!(n == 1 && p[0] == '.') && n) {
            if (out[0])
                strcat(out, "/");
            strncat(out, p, n);
        }
        p = end ? end + 1 : p + n;
    }
    /* no extension, no `/index`: the module name the front end gives the file */
    char *slash = strrchr(out, '/');
    char *base = slash ? slash + 1 : out;
    static const char *const exts[] = {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts",
                                       ".cts", NULL};
    char *dot = strrchr(base, '.');
    if (dot && in_list(exts, dot))
        *dot = '\0';
    if (slash && !strcmp(base, "index"))
        *slash = '\0';
    return out;
}

static void add_import(js_file *f, const char *local, const char *name, const char *module)
{
    js_import imp = {local, name, module, js_resolve_specifier(f, module), module[0] == '.'};
    SSOT_VEC_PUSH(&f->imports, imp);
}

/* `import a, { b as c } from 'm'`, `import * as ns from 'm'`. */
static void collect_import(js_file *f, js_node st)
{
    js_ctx *c = f->c;
    const char *module = js_string(c, js_field(st, "source"));
    if (!module)
        return;
    uint32_t k = js_count(st);
    for (uint32_t i = 0; i < k; i++) {
        js_node clause = js_child(st, i);
        if (!js_is(clause, "import_clause"))
            continue;
        uint32_t m = js_count(clause);
        for (uint32_t j = 0; j < m; j++) {
            js_node part = js_child(clause, j);
            if (js_is(part, "identifier")) {
                add_import(f, js_text(c, part), NULL, module);
            } else if (js_is(part, "namespace_import")) {
                js_node id = js_child(part, 0);
                if (js_is(id, "identifier"))
                    add_import(f, js_text(c, id), NULL, module);
            } else if (js_is(part, "named_imports")) {
                uint32_t q = js_count(part);
                for (uint32_t x = 0; x < q; x++) {
                    js_node spec = js_child(part, x);
                    if (!js_is(spec, "import_specifier"))
                        continue;
                    js_node name = js_field(spec, "name"), alias = js_field(spec, "alias");
                    const char *nm = js_string(c, name) ? js_string(c, name) : js_text(c, name);
                    add_import(f, ft_is_null(alias) ? nm : js_text(c, alias), nm, module);
                }
            }
        }
    }
}

/* `const x = require('m')`, `const { a, b: c } = require('m')`, and the names module-level
 * declarations bind; `const myTest = test.extend(...)` declares tests too. */
static void collect_declaration(js_file *f, js_node st)
{
    js_ctx *c = f->c;
    uint32_t k = js_count(st);
    for (uint32_t i = 0; i < k; i++) {
        js_node d = js_child(st, i);
        if (!js_is(d, "variable_declarator"))
            continue;
        js_node name = js_field(d, "name"), value = js_unwrap(js_field(d, "value"));
        if (js_is(name, "identifier"))
            SSOT_VEC_PUSH(&f->module_names, js_text(c, name));
        if (!js_is(value, "call_expression"))
            continue;
        const char *callee = js_dotted(c, js_field(value, "function"));
        if (callee && !strcmp(callee, "require")) {
            const char *module =
                js_string(c, js_child(js_field(value, "arguments"), 0));
            if (!module)
                continue;
            if (js_is(name, "identifier"))
                add_import(f, js_text(c, name), NULL, module);
            else if (js_is(name, "object_pattern"))
                for (uint32_t j = 0; j < js_count(name); j++) {
                    js_node p = js_child(name, j);
                    if (js_is(p, "shorthand_property_identifier_pattern"))
                        add_import(f, js_text(c, p), js_text(c, p), module);
                    else if (js_is(p, "pair_pattern") &&
                             js_is(js_field(p, "value"), "identifier"))
                        add_import(f, js_text(c, js_field(p, "value")),
                                   js_text(c, js_field(p, "key")), module);
                }
            continue;
        }
        /* `const it = test.extend({...})` (vitest, playwright) */
        const char *dot = callee ? strrchr(callee, '.') : NULL;
        if (dot && !strcmp(dot, ".extend") && js_is(name, "identifier")) {
            char *base = ssot_arena_strndup(c->arena, callee, (size_t)(dot - callee));
            const char *g = runner_global(f, base);
            if (g && !strcmp(g, "test"))
                SSOT_VEC_PUSH(&f->test_names, js_text(c, name));
        }
    }
}

static void collect_names(js_file *f, js_node root)
{
    js_ctx *c = f->c;
    uint32_t k = js_count(root);
    for (uint32_t i = 0; i < k; i++) {
        js_node st = js_child(root, i);
        if (js_is(st, "export_statement")) {
            js_node d = js_field(st, "declaration");
            if (!ft_is_null(d))
                st = d;
        }
        if (js_is(st, "import_statement"))
            collect_import(f, st);
        else if (js_is(st, "lexical_declaration") || js_is(st, "variable_declaration"))
            collect_declaration(f, st);
        else if ((js_is(st, "function_declaration") || js_is(st, "generator_function_declaration") ||
                  js_is(st, "class_declaration")) &&
                 !ft_is_null(js_field(st, "name")))
            SSOT_VEC_PUSH(&f->module_names, js_text(c, js_field(st, "name")));
    }
}

/* `const { total } = await import('./cart')`, `const cart = await import('./cart')` anywhere in
 * the file: names the module binds as a static import does (after `vi.doMock('./cart', ...)`,
 * which is not hoisted, this is how a test reaches the mocked module). A name the file
 * imports at module level keeps that meaning. */
static void collect_dynamic_import(js_file *f, js_node d)
{
    js_ctx *c = f->c;
    /* js_unwrap passes the `await` */
    js_node name = js_field(d, "name"), call = js_unwrap(js_field(d, "value"));
    if (!js_is(call, "call_expression") || !js_is(js_field(call, "function"), "import") ||
        !js_is(ft_parent(call), "await_expression"))
        return;
    const char *module = js_string(c, js_child(js_field(call, "arguments"), 0));
    if (!module)
        return;
    if (js_is(name, "identifier")) {
        add_import(f, js_text(c, name), NULL, module);
        return;
    }
    if (!js_is(name, "object_pattern"))
        return;
    for (uint32_t j = 0; j < js_count(name); j++) {
        js_node p = js_child(name, j);
        if (js_is(p, "shorthand_property_identifier_pattern"))
            add_import(f, js_text(c, p), js_text(c, p), module);
        else if (js_is(p, "pair_pattern") && js_is(js_field(p, "value"), "identifier"))
            add_import(f, js_text(c, js_field(p, "value")), js_text(c, js_field(p, "key")),
                       module);
    }
}

static bool same_import(const js_import *a, const js_import *b)
{
    return !strcmp(a->resolved, b->resolved) &&
           (a->name ? b->name && !strcmp(a->name, b->name) : !b->name);
}

/* A dynamic import binds its names in its own function, the file's imports are file-wide: a
 * name the module level imports keeps that meaning, and a name two dynamic imports bind to
 * different things is left out (which one a use means is not read). `statics`: how many of
 * the file's imports are module-level ones. */
static void keep_unambiguous_imports(js_file *f, size_t statics)
{
    size_t n = f->imports.count;
    if (n == statics)
        return;
    bool *drop = calloc(n, sizeof *drop);
    if (!drop)
        return;
    for (size_t i = statics; i < n; i++) {
        const js_import *imp = &f->imports.items[i];
        for (size_t j = 0; j < n && !drop[i]; j++) {
            const js_import *other = &f->imports.items[j];
            if (j == i || strcmp(other->local, imp->local) != 0)
                continue;
            /* a module-level import wins; a second binding of one import is a repeat */
            drop[i] = j < statics || !same_import(imp, other) || j < i;
        }
    }
    size_t out = statics;
    for (size_t i = statics; i < n; i++)
        if (!drop[i])
            f->imports.items[out++] = f->imports.items[i];
    f->imports.count = out;
    free(drop);
}

/* `jest.mock('./cart')`, `vi.mock('./cart', factory)`, `vi.doMock(...)`: anywhere in the file
 * (jest and vitest hoist them); and the file's dynamic imports. */
static void collect_mocks(js_file *f, js_node n, int depth)
{
    js_ctx *c = f->c;
    if (depth > SSOT_MAX_NESTING)
        return;
    if (js_is(n, "variable_declarator"))
        collect_dynamic_import(f, n);
    if (js_is(n, "call_expression")) {
        const char *callee = js_dotted(c, js_field(n, "function"));
        if (callee && (!strcmp(callee, "jest.mock") || !strcmp(callee, "vi.mock") ||
                       !strcmp(callee, "jest.doMock") || !strcmp(callee, "vi.doMock") ||
                       !strcmp(callee, "jest.unstable_mockModule"))) {
            js_node args = js_field(n, "arguments");
            const char *spec = js_string(c, js_child(args, 0));
            if (spec) {
                js_module_mock m = {0};
                m.resolved = js_resolve_specifier(f, spec);
                m.loc = js_loc(c, n);
                js_node factory = js_child(args, 1);
                if (js_is(factory, "arrow_function") || js_is(factory, "function_expression")) {
                    m.factory = true;
                    js_node body = js_unwrap(js_field(factory, "body"));
                    if (js_is(body, "statement_block")) {
                        /* `{ return {...} }` */
                        for (uint32_t i = 0; i < js_count(body); i++) {
                            js_node st = js_child(body, i);
                            if (js_is(st, "return_statement"))
                                body = js_unwrap(js_child(st, 0));
                        }
                    }
                    if (js_is(body, "object")) {
                        for (uint32_t i = 0; i < js_count(body); i++) {
                            js_node p = js_child(body, i);
                            if (js_is(p, "spread_element"))
                                m.partial = true;
                            else if (js_is(p, "pair"))
                                SSOT_VEC_PUSH(&m.keys, js_text(c, js_field(p, "key")));
                            else if (js_is(p, "shorthand_property_identifier") ||
                                     js_is(p, "method_definition"))
                                SSOT_VEC_PUSH(&m.keys,
                                              js_is(p, "method_definition")
                                                  ? js_text(c, js_field(p, "name"))
                                                  : js_text(c, p));
                        }
                    }
                }
                SSOT_VEC_PUSH(&f->mocks, m);
            }
        }
    }
    uint32_t k = js_count(n);
    for (uint32_t i = 0; i < k; i++)
        collect_mocks(f, js_child(n, i), depth + 1);
}

/* A function declared by statement `st` (`function f() {}`, `const f = () => {}`): a helper
 * a test may call (A7). Returns false when `st` declares none. */
static bool add_helper(walker *w, js_node st)
{
    js_ctx *c = w->f->c;
    if (js_is(st, "export_statement") && !ft_is_null(js_field(st, "declaration")))
        st = js_field(st, "declaration");
    js_node name = {0}, fn = {0};
    if (js_is(st, "function_declaration")) {
        name = js_field(st, "name");
        fn = st;
    } else if (js_is(st, "lexical_declaration") || js_is(st, "variable_declaration")) {
        js_node d = js_child(st, 0);
        js_node v = js_unwrap(js_field(d, "value"));
        if (js_is(d, "variable_declarator") && (js_is(v, "arrow_function") ||
                                                js_is(v, "function_expression"))) {
            name = js_field(d, "name");
            fn = v;
        }
    }
    if (!js_is(name, "identifier") || ft_is_null(fn))
        return false;
    {
        ssot_function h = {0};
        h.class_index = -1;
        h.returns_double = -1;
        h.name = js_text(c, name);
        h.symbol = h.name;
        h.def = js_loc(c, name);
        h.body = js_span(c, fn);
        h.shape = SSOT_BODY_CODE;
        h.suites = ssot_arena_alloc(c->arena, sizeof(*h.suites));
        if (is_async(c, fn))
            h.flags |= SSOT_FF_ASYNC;
        js_fn b = {0};
        b.f = w->f;
        js_body_walk(&b, js_field(fn, "body"));
        finish_function(c, &b, &h);
        SSOT_VEC_PUSH(&w->functions, h);
    }
    return true;
}

/* A file that focuses a test: its other tests never run (PH005 reports them once, at the
 * focus, whose text is the skip's reason). */
static void mark_unfocused(walker *w)
{
    if (!ft_is_null(w->only_at)) {
        js_ctx *c = w->f->c;
        ssot_skip skip = {0};
        skip.kind = SSOT_SKIP_UNFOCUSED;
        skip.loc = js_loc(c, w->only_at);
        skip.reason = js_text(c, w->only_at);
        for (size_t i = 0; i < w->unfocused.count; i++)
            w->functions.items[w->unfocused.items[i]].skip = skip;
    }
    free(w->unfocused.items);
}

/* The file's module-level functions. */
static void add_helpers(walker *w, js_node root)
{
    uint32_t k = js_count(root);
    for (uint32_t i = 0; i < k; i++)
        add_helper(w, js_child(root, i));
}

void js_test_file(js_ctx *c)
{
    js_file f = {0};
    f.c = c;
    const char *path = c->facts->path ? c->facts->path : "";
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    const char *slash = strrchr(path, '/');
    f.dir = slash ? ssot_arena_strndup(c->arena, path, (size_t)(slash - path)) : "";
    collect_names(&f, c->root);
    size_t statics = f.imports.count;
    collect_mocks(&f, c->root, 0);
    keep_unambiguous_imports(&f, statics);

    walker w = {0};
    w.f = &f;
    add_helpers(&w, c->root);
    scope top = {0};
    top.setup.f = &f;
    top.setup.setup = true;
    for (size_t i = 0; i < f.mocks.count; i++) {
        const js_module_mock *m = &f.mocks.items[i];
        ssot_patch p = {0};
        p.loc = m->loc;
        p.kind = SSOT_PATCH_CALL;
        p.flags = SSOT_PF_MODULE | (m->factory ? SSOT_PF_NEW | SSOT_PF_NEW_DOUBLE : 0);
        p.target = m->resolved;
        p.double_index = -1;
        SSOT_VEC_PUSH(&top.setup.patches, p);
    }
    walk_scope(&w, &top, c->root, 0);
    js_fn_fini(&top.setup);
    free(top.suites.items);
    mark_unfocused(&w);

    JS_MOVE_TO_ARENA(c->arena, w.functions, c->facts->functions, c->facts->function_count);
    c->facts->classes = ssot_arena_alloc(c->arena, sizeof(*c->facts->classes));
    free(f.imports.items);
    for (size_t i = 0; i < f.mocks.count; i++)
        free(f.mocks.items[i].keys.items);
    free(f.mocks.items);
    free(f.module_names.items);
    free(f.test_names.items);
}
