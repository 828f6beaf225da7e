/* rules/placeholder/empty_test.c - PH001: a test whose body does nothing. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (t->shape != SSOT_BODY_EMPTY && t->shape != SSOT_BODY_DOCSTRING_ONLY)
            continue;
        /* a TODO makes it a stub (PH006); templates are meant to be overridden; an empty
         * override disables an inherited test; a doctest docstring is the test */
        if ((t->flags & (SSOT_FF_TODO | SSOT_FF_ABSTRACT | SSOT_FF_DOCTEST)) || t->overridden ||
            t->overrides)
            continue;
        /* in a program whose outcome the build judges (expected to fail, or by its output),
           an empty test is a fixture of that check: a name to list, a duplicate to reject */
        if (t->flags & SSOT_FF_OUTCOME_CHECKED)
            continue;
        /* a test that never runs never passes either: PH005 reports it */
        if (ssot_facts_never_runs(facts, t))
            continue;
        ssot_sink_report(sink, &t->def, t->symbol, "test `%s` has an empty body: it always passes",
                         t->name);
    }
}

const ssot_rule ssot_rule_ph001 = {
    .code = "PH001",
    .name = "empty-test",
    .summary = "Test body is empty: `pass`, `...`, a docstring or comments only.",
    .why = "An empty test always passes, so it claims coverage that is not there and keeps the "
           "dashboard green while the feature it names is untested.",
    .bad = "def test_login():\n    pass\n",
    .good = "def test_login():\n    assert login(\"ann\", \"pw\").ok\n",
    .bad_js = "it('logs the user in', () => {});\n",
    .good_js = "it('logs the user in', async () => {\n"
           "  expect((await login('ann', 'pw')).ok).toBe(true);\n"
           "});\n",
    .not_flagged = "Template methods that a subclass overrides, `@abstractmethod` tests, empty "
                   "overrides that disable an inherited test, docstrings with doctest "
                   "examples, and tests that never run (PH005).",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
