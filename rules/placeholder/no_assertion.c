/* rules/placeholder/no_assertion.c - PH002: a collected test that asserts nothing. */
#include <string.h>

#include "analyzer/config/config.h"
#include "rules/rule.h"

/* A smoke test marked with one of the configured markers ([placeholder] smoke-markers):
 * "it does not crash" is all it claims. */
static bool marked_smoke(const ssot_facts *facts, const ssot_function *t)
{
    const ssot_strlist *smoke = facts->config ? &facts->config->smoke_markers : NULL;
    if (!smoke || !smoke->count)
        return false;
    for (size_t m = 0; m < smoke->count; m++) {
        for (size_t i = 0; i < t->marker_count; i++)
            if (!strcmp(t->markers[i], smoke->items[m]))
                return true;
        for (const ssot_class *k = ssot_facts_class_of(facts, t); k;
             k = k->outer_index >= 0 ? &facts->classes[k->outer_index] : NULL)
            for (size_t i = 0; i < k->marker_count; i++)
                if (!strcmp(k->markers[i], smoke->items[m]))
                    return true;
    }
    return false;
}

static bool has_marker(const ssot_facts *facts, const ssot_function *t, const char *name)
{
    for (size_t i = 0; i < t->marker_count; i++)
        if (!strcmp(t->markers[i], name))
            return true;
    for (const ssot_class *k = ssot_facts_class_of(facts, t); k;
         k = k->outer_index >= 0 ? &facts->classes[k->outer_index] : NULL)
        for (size_t i = 0; i < k->marker_count; i++)
            if (!strcmp(k->markers[i], name))
                return true;
    return false;
}

/* A benchmark measures, it does not check: pytest-benchmark's (and pytest-codspeed's)
 * `benchmark` fixture or mark. */
static bool is_benchmark(const ssot_facts *facts, const ssot_function *t)
{
    for (size_t i = 0; i < t->param_count; i++)
        if (!strcmp(t->params[i], "benchmark"))
            return true;
    return has_marker(facts, t, "benchmark");
}

/* What fails the test without an assertion statement: a warning turned into an error around
 * its code, a runner that judges its program's outcome (expected to fail, or by its output),
 * or a memory bound that pytest-memray enforces (`limit_memory`, `limit_leaks`). */
static bool fails_otherwise(const ssot_facts *facts, const ssot_function *t)
{
    return (t->flags & (SSOT_FF_WARNINGS_FAIL | SSOT_FF_OUTCOME_CHECKED)) || has_marker(facts, t, "limit_memory") ||
           has_marker(facts, t, "limit_leaks");
}

/* An assertion that runs when the test runs: not one in a nested def the test never calls
 * nor hands to other code. */
static bool asserts_itself(const ssot_function *t)
{
    for (size_t i = 0; i < t->assert_count; i++)
        if (!(t->asserts[i].flags & SSOT_AF_DEFERRED))
            return true;
    return false;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (t->shape != SSOT_BODY_CODE || asserts_itself(t) || t->resolved_assertion)
            continue;
        /* doctest examples in the docstring are checked by doctest; a body that only
           declares is checked by the compiler */
        if (t->flags & (SSOT_FF_DOCTEST | SSOT_FF_COMPILE_CHECK))
            continue;
        /* a discarded comparison is the more precise diagnosis (PH010) */
        if (t->discarded_count || marked_smoke(facts, t))
            continue;
        if (is_benchmark(facts, t) || fails_otherwise(facts, t))
            continue;
        /* never-run tests are PH005's; a body too deep to follow is E005's */
        if (ssot_facts_never_runs(facts, t) || (t->flags & SSOT_FF_DEPTH_LIMITED))
            continue;
        ssot_sink_report(sink, &t->def, t->symbol,
                         "test `%s` has no assertion: it passes whatever the code does",
                         t->name);
    }
}

const ssot_rule ssot_rule_ph002 = {
    .code = "PH002",
    .name = "no-assertion",
    .summary = "A collected test contains no assertion, directly or through its helpers.",
    .why = "A test without an assertion only proves that the code did not crash; it cannot "
           "catch a wrong result.",
    .bad = "def test_total():\n    cart = Cart([3, 4])\n    cart.total()\n",
    .good = "def test_total():\n    cart = Cart([3, 4])\n    assert cart.total() == 7\n",
    .bad_js = "test('creates an order', async () => {\n"
           "  await createOrder({ sku: 'A1', qty: 2 });\n"
           "});\n",
    .good_js = "test('creates an order', async () => {\n"
           "  const order = await createOrder({ sku: 'A1', qty: 2 });\n"
           "  expect(order.status).toBe('created');\n"
           "});\n",
    .not_flagged = "Tests that call a project helper, decorator, class (`__init__`, "
                   "`__enter__`, `__exit__`) or request a fixture whose body asserts (followed "
                   "up to 3 levels; `x.m()` is resolved through what `x` is: `self`, a local "
                   "made by a project class, the class itself, an imported module; a method of "
                   "an unrelated class is never borrowed; a bare name `f()` through the "
                   "module's own definitions and imports, never to a namesake in a file it "
                   "does not import; a parameter `f()` calls what the fixture `f` returns; "
                   "`h = make(); h()` what `make` returns). An assertion in a nested def counts "
                   "when the test or helper calls the def or hands it on (a call argument, a "
                   "decorator, a stored value: a handler registered on an app the test then "
                   "requests); a def only returned counts for whoever calls the result, and an "
                   "unused one for nobody. A class's `__init__`/`__enter__`/`__exit__` count "
                   "when they assert, not when they only raise an error guarding their own "
                   "setup. A test function kept outside the test files (`test_*` in a docs "
                   "example) counts for the test that runs it; production code's own asserts "
                   "are invariants and do not. Tests that call an assertion through an alias "
                   "(`eq = self.assertEqual`), raise on a condition (`if got != want: raise "
                   "...`), or call an unresolved function whose name starts with `assert` "
                   "(other verbs such as `check`, `verify`, `validate` count only through a "
                   "body that asserts or the `assert-functions` setting); pytester's line "
                   "matchers (`fnmatch_lines`, `re_match_lines`, `no_fnmatch_line`, "
                   "`no_re_match_line` on a run result's `stdout`/`stderr` or a "
                   "`LineMatcher`), pexpect's `expect`/`expect_exact` on a child made by "
                   "`spawn`/`spawn_pytest`, `subprocess.check_call` (each fails the test by "
                   "raising); tests that turn warnings into errors (`@pytest.mark."
                   "filterwarnings(\"error\")` on the test or its class, `warnings."
                   "simplefilter(\"error\")` or `warnings.filterwarnings(\"error\", ...)` in "
                   "the body); tests with a memory bound (pytest-memray's `limit_memory`, "
                   "`limit_leaks` marks); fixtures requested by `usefixtures` count like "
                   "parameters; benchmarks (pytest-benchmark's `benchmark` fixture or mark: "
                   "they measure, they do not check); doctest docstrings; tests that never run "
                   "(PH005); tests marked with one of `[placeholder] smoke-markers` (off by "
                   "default). A `timeout` mark is not a check: it guards against hangs.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
