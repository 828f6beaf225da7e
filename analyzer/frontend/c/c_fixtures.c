/* analyzer/frontend/c/c_fixtures.c - set-up and tear-down functions that assert, and the
 * tests they serve: Unity's setUp/tearDown (every test of the file) and TEST_SETUP/
 * TEST_TEAR_DOWN(group), cmocka's cmocka_unit_test_setup_teardown(test, setup, teardown)
 * and the group fixtures of cmocka_run_group_tests, Check's tcase_add_checked_fixture, and
 * a gtest fixture class's SetUp/TearDown for TEST_F(Fixture, ...). The framework runs them
 * around each test, so their assertions are the test's (as a pytest fixture asserting after
 * `yield`): the test gets a helper assertion naming the fixture. */
#include "analyzer/frontend/c/c_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct fixture_ref {
    const char *test;       /* the test it serves (`test_x`), a suite prefix (`Fixture.`)
                               with `prefix`, or NULL for every test of the file */
    bool prefix;
    const char *fixture;    /* as a message names it */
    size_t at;              /* its token */
} fixture_ref;

typedef SSOT_VEC(fixture_ref) fixture_refs;

static bool is(const c_tok *t, const char *s)
{
    return !strcmp(t->text, s);
}

static bool ident(const c_tok *t)
{
    return t->kind == CXToken_Identifier;
}

/* The token range [open, close] of a body asserts, directly or through project helpers. */
static bool body_asserts(c_ctx *c, size_t open, size_t close)
{
    for (size_t k = open + 1; k + 1 < close; k++) {
        const c_tok *t = &c->toks[k];
        if (!ident(t) || !is(&c->toks[k + 1], "("))
            continue;
        c_word w = c_vocab_word(t->text);
        bool one = k + 3 < close && is(&c->toks[k + 3], ")");
        if (w == C_WORD_ASSERT || w == C_WORD_FAIL || w == C_WORD_MOCK_CHECK ||
            c_vocab_exit_failure(t->text, one ? c->toks[k + 2].text : NULL) ||
            (w == C_WORD_NONE && c_name_asserts(c, t->text)))
            return true;
    }
    return false;
}

/* The definition `name(...) ... {` of a plain function of the file: its `{`, or 0. */
static size_t definition(const c_ctx *c, const char *name)
{
    for (size_t k = 1; k + 1 < c->ntok; k++) {
        if (c->toks[k].directive || !is(&c->toks[k], name) || !is(&c->toks[k + 1], "("))
            continue;
        const c_tok *prev = &c->toks[k - 1];
        if (is(prev, ".") || is(prev, "->") || is(prev, "::") || is(prev, ",") ||
            is(prev, "(") || is(prev, "="))
            continue;
        size_t close = c_match(c, k + 1);
        if (close + 1 < c->ntok && is(&c->toks[close + 1], "{"))
            return close + 1;
    }
    return 0;
}

static void add_ref(fixture_refs *refs, const char *test, bool prefix, const char *fixture,
                    size_t at)
{
    fixture_ref r = {test, prefix, fixture, at};
    SSOT_VEC_PUSH(refs, r);
}

/* A named fixture function (not NULL) of a registration, when its body asserts. */
static void named_fixture(c_ctx *c, fixture_refs *refs, const char *test, size_t at)
{
    const char *name = c->toks[at].text;
    if (!ident(&c->toks[at]) || !strcmp(name, "NULL") || !strcmp(name, "nullptr"))
        return;
    size_t open = definition(c, name);
    if (open ? body_asserts(c, open, c_match(c, open)) : c_name_asserts(c, name))
        add_ref(refs, test, false, name, open ? open : at);
}

/* cmocka's and Check's registrations that name fixtures. */
static void registrations(c_ctx *c, fixture_refs *refs)
{
    for (size_t k = 0; k + 1 < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive || !ident(t) || !is(&c->toks[k + 1], "("))
            continue;
        size_t st[5], en[5];
        size_t close = c_match(c, k + 1);
        size_t n = c_split_args(c, k + 1, close, st, en, 5);
        const char *name = t->text;
        size_t first = 0, last = 0; /* fixture arguments [first, last) */
        bool per_test = false;
        if (!strncmp(name, "cmocka_unit_test_", 17) || !strncmp(name, "unit_test_setup", 15) ||
            !strncmp(name, "unit_test_teardown", 18)) {
            per_test = true;
            first = 1;
            last = n < 3 ? n : 3;
        } else if (!strcmp(name, "cmocka_run_group_tests")) {
            first = 1;
            last = n < 3 ? n : 3;
        } else if (!strcmp(name, "cmocka_run_group_tests_name")) {
            first = 2;
            last = n < 4 ? n : 4;
        } else if (!strcmp(name, "tcase_add_checked_fixture") ||
                   !strcmp(name, "tcase_add_unchecked_fixture")) {
            first = 1;
            last = n < 3 ? n : 3;
        } else {
            continue;
        }
        const char *test = per_test && n && en[0] == st[0] + 1 ? c->toks[st[0]].text : NULL;
        if (per_test && !test)
            continue;
        for (size_t a = first; a < last; a++)
            if (en[a] == st[a] + 1)
                named_fixture(c, refs, test, st[a]);
    }
}

/* Unity: setUp()/tearDown() of the file run around every test; unity_fixture's
 * TEST_SETUP(group)/TEST_TEAR_DOWN(group) around the group's TEST(group, name). */
static void unity_fixtures(c_ctx *c, fixture_refs *refs)
{
    static const char *const plain[] = {"setUp", "tearDown", NULL};
    for (const char *const *p = plain; *p; p++) {
        size_t open = definition(c, *p);
        if (open && body_asserts(c, open, c_match(c, open)))
            add_ref(refs, NULL, false, *p, open);
    }
    for (size_t k = 0; k + 4 < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive || !(is(t, "TEST_SETUP") || is(t, "TEST_TEAR_DOWN")) ||
            !is(&c->toks[k + 1], "(") || !ident(&c->toks[k + 2]) || !is(&c->toks[k + 3], ")") ||
            !is(&c->toks[k + 4], "{"))
            continue;
        if (body_asserts(c, k + 4, c_match(c, k + 4)))
            add_ref(refs, ssot_arena_printf(c->arena, "%s.", c->toks[k + 2].text), true,
                    ssot_arena_printf(c->arena, "%s(%s)", t->text, c->toks[k + 2].text), k);
    }
}

/* The class or struct whose body [open, close] holds token k: its name token, or 0. */
static size_t enclosing_class(const c_ctx *c, size_t k)
{
    size_t best = 0, best_open = 0;
    for (size_t i = 0; i + 1 < k; i++) {
        if (!(is(&c->toks[i], "class") || is(&c->toks[i], "struct")) || !ident(&c->toks[i + 1]))
            continue;
        size_t b = i + 2;
        while (b < k && !is(&c->toks[b], "{") && !is(&c->toks[b], ";") && !is(&c->toks[b], ")"))
            b++;
        if (b >= k || !is(&c->toks[b], "{"))
            continue;
        size_t close = c_match(c, b);
        if (close > k && b > best_open) {
            best = i + 1;
            best_open = b;
        }
    }
    return best;
}

/* gtest: a fixture class's SetUp()/TearDown() (defined in the class or as `F::TearDown()`)
 * run around each TEST_F(F, ...). */
static void gtest_fixtures(c_ctx *c, fixture_refs *refs)
{
    for (size_t k = 1; k + 3 < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive || !(is(t, "SetUp") || is(t, "TearDown")) ||
            !is(&c->toks[k + 1], "(") || !is(&c->toks[k + 2], ")"))
            continue;
        size_t b = k + 3;
        while (b < c->ntok && (is(&c->toks[b], "override") || is(&c->toks[b], "final") ||
                               is(&c->toks[b], "noexcept") || is(&c->toks[b], "const")))
            b++;
        if (b >= c->ntok || !is(&c->toks[b], "{"))
            continue;
        size_t cls = k >= 2 && is(&c->toks[k - 1], "::") && ident(&c->toks[k - 2])
                         ? k - 2
                         : enclosing_class(c, k);
        if (!cls || !body_asserts(c, b, c_match(c, b)))
            continue;
        const char *fixture = c->toks[cls].text;
        add_ref(refs, ssot_arena_printf(c->arena, "%s.", fixture), true,
                ssot_arena_printf(c->arena, "%s::%s", fixture, t->text), k);
    }
}

static void add_assertion(c_ctx *c, ssot_function *t, const fixture_ref *r)
{
    ssot_assertion *v = ssot_arena_alloc(c->arena, (t->assert_count + 2) * sizeof(*v));
    if (t->assert_count)
        memcpy(v, t->asserts, t->assert_count * sizeof(*v));
    ssot_assertion *a = &v[t->assert_count];
    memset(a, 0, sizeof(*a));
    a->loc = c_loc_of(c, r->at, r->at);
    a->kind = SSOT_ASSERT_HELPER;
    a->callee = r->fixture;
    a->subject = -1;
    t->asserts = v;
    t->assert_count++;
}

bool c_main_checks(c_ctx *c)
{
    size_t open = c->tu ? definition(c, "main") : 0;
    return open && body_asserts(c, open, c_match(c, open));
}

static bool serves(const fixture_ref *r, const ssot_function *t)
{
    if (!r->test)
        return true;
    if (r->prefix)
        return !strncmp(t->name, r->test, strlen(r->test));
    return !strcmp(t->name, r->test);
}

void c_fixtures_apply(c_ctx *c, ssot_function *tests, size_t count, bool unity)
{
    if (!c->tu || !count)
        return;
    fixture_refs refs = {0};
    registrations(c, &refs);
    if (unity)
        unity_fixtures(c, &refs);
    if (c->facts && c->src && strchr(c->src->path, '.') &&
        strcmp(strrchr(c->src->path, '.'), ".c") != 0)
        gtest_fixtures(c, &refs);
    for (size_t i = 0; i < count; i++)
        for (size_t r = 0; r < refs.count; r++)
            if (serves(&refs.items[r], &tests[i])) {
                add_assertion(c, &tests[i], &refs.items[r]);
                break;
            }
    free(refs.items);
}
