/* rules/placeholder/stub_test.c - PH006: a test that is only a stub. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (t->overridden || (t->flags & (SSOT_FF_ABSTRACT | SSOT_FF_DOCTEST)))
            continue;
        /* a skipped stub is PH005's: it never runs; in a program whose outcome the build
           judges (expected to fail, or by its output) a lone failure is what is checked */
        if (ssot_facts_never_runs(facts, t) || (t->flags & SSOT_FF_OUTCOME_CHECKED))
            continue;
        if (t->shape == SSOT_BODY_STUB && t->stub)
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` is a stub: its only statement fails: `%s`", t->name,
                             t->stub);
        else if (t->shape == SSOT_BODY_STUB)
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` is a stub: its only statement fails or raises "
                             "`NotImplementedError`",
                             t->name);
        else if ((t->shape == SSOT_BODY_EMPTY || t->shape == SSOT_BODY_DOCSTRING_ONLY) &&
                 (t->flags & SSOT_FF_TODO))
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` is a stub: it is empty apart from a TODO", t->name);
    }
}

const ssot_rule ssot_rule_ph006 = {
    .code = "PH006",
    .name = "stub-test",
    .summary = "A test is a stub: only `raise NotImplementedError`, `pytest.fail()`, "
               "`self.fail()`, `assert False`, or empty with a TODO.",
    .why = "A stub is a promise of a test. It is either always red (and gets skipped) or empty "
           "(and always green); either way the behaviour is untested.",
    .bad = "def test_refund():\n    # TODO: write once refunds exist\n    pass\n",
    .good = "def test_refund():\n    assert refund(order).status == \"refunded\"\n",
    .bad_js = "test('retries on timeout', () => {\n"
           "  throw new Error('not implemented');\n"
           "});\n",
    .good_js = "test('retries on timeout', async () => {\n"
           "  expect(await fetchWithRetry(flakyServer)).toBe('ok');\n"
           "});\n",
    .not_flagged = "`assert False` or `pytest.fail()` inside a branch of a real test; "
                   "templates a subclass overrides; tests that never run (PH005).",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
