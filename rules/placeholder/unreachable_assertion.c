/* rules/placeholder/unreachable_assertion.c - PH009: assertions that can never run. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            /* an explicit failure that is never reached is the point: `self.fail("did not
             * raise")` after the raising call */
            if ((a->flags & SSOT_AF_UNREACHABLE) && !(a->flags & SSOT_AF_EXPLICIT_FAIL))
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "this assertion never runs: the statement before it always "
                                 "leaves the block (return, %s, fail, skip, or the call "
                                 "expected to %s)",
                                 facts->words.raise, facts->words.raise);
        }
    }
}

const ssot_rule ssot_rule_ph009 = {
    .code = "PH009",
    .name = "unreachable-assertion",
    .summary = "An assertion after an unconditional `return`/`raise`/`pytest.fail`/"
               "`pytest.skip`, or after the raising call inside `pytest.raises`/`assertRaises`.",
    .why = "Code after the raising call of a `pytest.raises` block never runs when the call "
           "raises as expected, so the assertion there checks nothing.",
    .bad = "def test_rejects():\n    with pytest.raises(ValueError) as exc:\n"
           "        parse(\"x\")\n        assert \"bad\" in str(exc.value)\n",
    .good = "def test_rejects():\n    with pytest.raises(ValueError) as exc:\n"
            "        parse(\"x\")\n    assert \"bad\" in str(exc.value)\n",
    .bad_js = "const r = load();\n"
           "return;\n"
           "expect(r).toBe(1);\n",
    .good_js = "const r = load();\n"
           "expect(r).toBe(1);\n",
    .not_flagged = "Raises blocks with several statements whose last statement is the raising "
                   "one; assertions inside the raising expression itself; assertions inside "
                   "`pytest.raises(AssertionError)` (they are the raising statements); "
                   "explicit failures (`self.fail(...)`, `assert False`) that are meant never "
                   "to run; tests that never run (PH005 reports them once).",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
