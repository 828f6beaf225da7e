/* rules/placeholder/constant_assertion.c - PH003: an assertion on a constant. */
#include "rules/rule.h"

/* Does the test check something real besides its constant assertions: an assertion that
 * can fail, or a helper that asserts? */
static bool has_real_check(const ssot_function *t)
{
    if (t->resolved_assertion)
        return true;
    for (size_t i = 0; i < t->assert_count; i++)
        if (!(t->asserts[i].flags & SSOT_AF_CONSTANT))
            return true;
    return false;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        bool real = has_real_check(t);
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            if (!(a->flags & SSOT_AF_CONSTANT))
                continue;
            /* `if a: assert True else: assert b == 2` marks a branch beside real checks */
            if ((a->flags & SSOT_AF_CONDITIONAL) && real)
                continue;
            if (a->kind == SSOT_ASSERT_RAISES)
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "this %s always passes: its body %s the expected "
                                 "exception itself: `%s`",
                                 facts->words.raises_check, facts->words.raises,
                                 a->loc.snippet);
            else
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "assertion on a constant always passes: `%s`", a->loc.snippet);
        }
    }
}

const ssot_rule ssot_rule_ph003 = {
    .code = "PH003",
    .name = "constant-assertion",
    .summary = "An assertion whose condition is a constant that is always true, or a "
               "raises-block whose body raises the expected exception itself.",
    .why = "`assert True`, `assert (x, \"msg\")` or `assertEqual(1, 1)` can never fail; the "
           "test looks checked but checks nothing.",
    .bad = "def test_parse():\n    parse(\"1\")\n    assert (parse(\"1\") == 1, \"parses\")\n",
    .good = "def test_parse():\n    assert parse(\"1\") == 1, \"parses\"\n",
    .bad_js = "it('sends the event', () => {\n"
           "  send(event);\n"
           "  expect(true).toBe(true);\n"
           "});\n",
    .good_js = "it('sends the event', () => {\n"
           "  send(event);\n"
           "  expect(bus.published).toContainEqual(event);\n"
           "});\n",
    .not_flagged = "Explicit failures (`assert False`, `assert 0`, `pytest.fail()`), list/set/"
                   "dict comprehensions (they may be empty), a name the test binds (a "
                   "parameter or local that hides a module function of that name), a "
                   "constant assertion marking a branch of an `if`/`match` in a test that "
                   "has real assertions (`if a: assert True else: assert b == 2`), a raises-"
                   "block that raises to capture the exception (`as info`) for later use, and "
                   "asserts in production code.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
