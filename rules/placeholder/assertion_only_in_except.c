/* rules/placeholder/assertion_only_in_except.c - PH008: the test asserts only when
 * something raises. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        if (!t->assert_count || t->resolved_assertion_outside_except)
            continue;
        /* `except E: self.fail(...)` checks that nothing is raised: passing when nothing
         * is raised is the point */
        bool all_in_except = true, only_fails = true;
        for (size_t i = 0; i < t->assert_count && all_in_except; i++) {
            all_in_except = (t->asserts[i].flags & SSOT_AF_IN_EXCEPT) != 0;
            only_fails = only_fails && (t->asserts[i].flags & SSOT_AF_EXPLICIT_FAIL);
        }
        if (all_in_except && !only_fails)
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` asserts only inside `%s`: it passes when nothing "
                             "is %s",
                             t->name, facts->words.handler, facts->words.raised);
    }
}

const ssot_rule ssot_rule_ph008 = {
    .code = "PH008",
    .name = "assertion-only-in-except",
    .summary = "Every assertion of a test is inside an `except` handler, and nothing fails when "
               "the `try` body does not raise.",
    .why = "If the code stops raising, the handler never runs and the test passes without "
           "checking anything.",
    .bad = "def test_rejects_negative():\n    try:\n        withdraw(-1)\n"
           "    except ValueError as e:\n        assert \"negative\" in str(e)\n",
    .good = "def test_rejects_negative():\n"
            "    with pytest.raises(ValueError, match=\"negative\"):\n        withdraw(-1)\n",
    .bad_js = "it('rejects bad input', async () => {\n"
           "  try {\n"
           "    await parse('{');\n"
           "  } catch (e) {\n"
           "    expect(e).toBeInstanceOf(SyntaxError);\n"
           "  }\n"
           "});\n",
    .good_js = "it('rejects bad input', async () => {\n"
           "  await expect(parse('{')).rejects.toThrow(SyntaxError);\n"
           "});\n",
    .not_flagged = "A `try` whose body ends with `pytest.fail()`/`self.fail()`, whose `else:` "
                   "fails, or whose body always raises (`raise`, `1 / 0`, a call of a function "
                   "of the test or its module whose last statement always raises); handlers "
                   "that only fail (`except E: self.fail()` checks that nothing is raised); "
                   "tests that never run (PH005).",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
