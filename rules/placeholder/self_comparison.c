/* rules/placeholder/self_comparison.c - PH004: an assertion comparing a value with itself. */
#include <ctype.h>
#include <string.h>

#include "rules/rule.h"

/* Reflexivity tests of __eq__/__hash__ compare a value with itself on purpose. */
static bool tests_equality(const char *name)
{
    static const char *const words[] = {"eq", "equal", "hash", "ident", "reflex", "compar",
                                        "cmp", "same", "order", NULL};
    char lower[256];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof(lower); n++)
        lower[n] = (char)tolower((unsigned char)name[n]);
    lower[n] = '\0';
    for (const char *const *w = words; *w; w++)
        if (strstr(lower, *w))
            return true;
    return false;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (tests_equality(t->name))
            continue;
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            /* `x != x` is the NaN check */
            if ((a->flags & SSOT_AF_SELF_COMPARE) && !(a->flags & SSOT_AF_NOT_EQUAL))
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "both sides of the comparison are the same expression, so it "
                                 "always passes: `%s`",
                                 a->loc.snippet);
        }
    }
}

const ssot_rule ssot_rule_ph004 = {
    .code = "PH004",
    .name = "self-comparison",
    .summary = "An assertion compares an expression with itself.",
    .why = "`assert user.id == user.id` is true for any value, usually a typo for the expected "
           "value.",
    .bad = "def test_user_id():\n    user = create_user()\n    assert user.id == user.id\n",
    .good = "def test_user_id():\n    user = create_user(id=7)\n    assert user.id == 7\n",
    .not_flagged = "Reflexivity tests of `__eq__`/`__hash__` (the test name mentions eq, equal, "
                   "hash, identity, compare, order or same) and NaN checks `x != x`.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
