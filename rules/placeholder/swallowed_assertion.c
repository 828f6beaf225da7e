/* rules/placeholder/swallowed_assertion.c - PH007: assertions whose failure is caught. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            if (a->flags & SSOT_AF_SWALLOWED)
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "this assertion's failure is swallowed: a handler around it "
                                 "catches %s and neither %s nor fails",
                                 facts->words.failure, facts->words.reraises);
        }
    }
}

const ssot_rule ssot_rule_ph007 = {
    .code = "PH007",
    .name = "swallowed-assertion",
    .summary = "An assertion sits in a `try` whose handler catches `AssertionError` (or "
               "`Exception`, `BaseException`, everything) and neither re-raises nor fails; or "
               "in `contextlib.suppress(AssertionError)`.",
    .why = "The assertion fails, the handler eats the `AssertionError`, and the test passes.",
    .bad = "def test_sync():\n    try:\n        assert sync() == 3\n    except Exception:\n"
           "        pass\n",
    .good = "def test_sync():\n    assert sync() == 3\n",
    .bad_js = "try {\n"
           "  expect(await save(doc)).toEqual({ ok: true });\n"
           "} catch (e) {\n"
           "  console.log(e);\n"
           "}\n",
    .good_js = "expect(await save(doc)).toEqual({ ok: true });\n",
    .not_flagged = "Handlers of specific exceptions; handlers that re-raise, fail, assert or keep "
                   "the exception, or record the failure in a flag or counter that a later "
                   "assertion reads; retry loops whose `else:` raises or fails; a `try` whose "
                   "`else:` fails (`try: m.assert_any_call(x) except AssertionError: pass else: "
                   "raise AssertionError` checks that a call was not made); `pytest.raises`/"
                   "`pytest.fail` under `except Exception` (pytest's outcomes are "
                   "BaseExceptions); a deliberate `raise` (a conditional raise of another "
                   "exception, or an explicit failure under a handler that names "
                   "AssertionError); tests that never run (PH005).",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
