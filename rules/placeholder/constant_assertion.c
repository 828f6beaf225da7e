/* rules/placeholder/constant_assertion.c - PH003: an assertion on a constant. */
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            if (a->flags & SSOT_AF_CONSTANT)
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "assertion on a constant always passes: `%s`", a->loc.snippet);
        }
    }
}

const ssot_rule ssot_rule_ph003 = {
    .code = "PH003",
    .name = "constant-assertion",
    .summary = "An assertion whose condition is a constant that is always true.",
    .why = "`assert True`, `assert (x, \"msg\")` or `assertEqual(1, 1)` can never fail; the "
           "test looks checked but checks nothing.",
    .bad = "def test_parse():\n    parse(\"1\")\n    assert (parse(\"1\") == 1, \"parses\")\n",
    .good = "def test_parse():\n    assert parse(\"1\") == 1, \"parses\"\n",
    .not_flagged = "Explicit failures (`assert False`, `assert 0`, `pytest.fail()`), list/set/"
                   "dict comprehensions (they may be empty), and asserts in production code.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
