/* rules/placeholder/discarded_check.c - PH010: a check whose result is thrown away. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        for (size_t i = 0; i < t->discarded_count; i++) {
            const ssot_discarded *d = &t->discarded[i];
            if (d->kind == SSOT_DISCARD_UNCALLED)
                continue; /* an assertion method never called: PH011's */
            if (d->kind == SSOT_DISCARD_UNFINISHED)
                ssot_sink_report(sink, &d->loc, t->symbol,
                                 "this assertion is never completed, so it checks nothing: "
                                 "`%s`",
                                 d->loc.snippet);
            else if (d->kind == SSOT_DISCARD_FLOATING)
                ssot_sink_report(sink, &d->loc, t->symbol,
                                 "this asynchronous assertion is neither awaited nor returned: "
                                 "it settles after the test has passed: `%s`",
                                 d->loc.snippet);
            else if (d->kind == SSOT_DISCARD_EXPRESSION && !d->is_return)
                ssot_sink_report(sink, &d->loc, t->symbol,
                                 "the result of this check is thrown away; it never fails the "
                                 "test: `%s`",
                                 d->loc.snippet);
            else if (d->is_return)
                ssot_sink_report(sink, &d->loc, t->symbol,
                                 "the test returns a comparison instead of asserting it; the "
                                 "runner ignores the value: `%s`",
                                 d->loc.snippet);
            else
                ssot_sink_report(sink, &d->loc, t->symbol,
                                 "the result of this check is thrown away; did you mean "
                                 "`assert %s`?",
                                 d->loc.snippet);
        }
    }
}

const ssot_rule ssot_rule_ph010 = {
    .code = "PH010",
    .name = "discarded-check",
    .summary = "A comparison or a predicate call (`isinstance`, `hasattr`, `callable`) used as "
               "a bare statement, or returned from a test.",
    .why = "`result == 3` on its own line computes a boolean and drops it; the author meant "
           "`assert result == 3`. pytest also ignores a test's return value.",
    .bad = "def test_total():\n    result = total([1, 2])\n    result == 3\n",
    .good = "def test_total():\n    result = total([1, 2])\n    assert result == 3\n",
    .bad_js = "expect(total(cart));\n"
           "expect(fetchUser(1)).resolves.toEqual({ id: 1 });\n"
           "expect(page).toHaveURL(/dashboard/); // @playwright/test\n",
    .good_js = "expect(total(cart)).toBe(3);\n"
           "await expect(fetchUser(1)).resolves.toEqual({ id: 1 });\n"
           "await expect(page).toHaveURL(/dashboard/);\n",
    .not_flagged = "Comparisons inside `pytest.raises`/`assertRaises`/warning blocks or inside a "
                   "`try` that expects an exception (there the comparison is the call under "
                   "test); comparisons in nested helper functions; comparisons of instances of "
                   "classes the test file defines (run for their dunders, whose effect is "
                   "checked next).",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
