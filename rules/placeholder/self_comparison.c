/* rules/placeholder/self_comparison.c - PH004: an assertion comparing a value with itself. */
#include <ctype.h>
#include <string.h>

#include "rules/rule.h"

/* Reflexivity tests of __eq__/__hash__ compare a value with itself on purpose. The name is
 * matched word by word (snake_case and camelCase) against stems, so `test_hashes` and
 * `testEquality` are such tests and `test_request` is not. */
static bool tests_equality(const char *name)
{
    static const char *const stems[] = {"eq", "hash", "ident", "reflex", "compar", "cmp",
                                        "richcmp", "same", "order", "symmetr", NULL};
    const char *p = name;
    while (*p) {
        /* one word: an optional capital, then lower case letters */
        char word[64];
        size_t n = 0;
        if (isupper((unsigned char)*p))
            word[n++] = (char)tolower((unsigned char)*p++);
        while (islower((unsigned char)*p) && n + 1 < sizeof(word))
            word[n++] = *p++;
        word[n] = '\0';
        if (n == 0) {
            p++; /* `_`, digits and the rest separate words */
            continue;
        }
        for (const char *const *w = stems; *w; w++)
            if (!strncmp(word, *w, strlen(*w)))
                return true;
    }
    return false;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        if (tests_equality(t->name))
            continue;
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            /* `x != x` is the NaN check; a reflexive probe compares x with others too */
            if ((a->flags & SSOT_AF_SELF_COMPARE) &&
                !(a->flags & (SSOT_AF_NOT_EQUAL | SSOT_AF_REFLEXIVE)))
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
    .summary = "An assertion compares a name with itself.",
    .why = "`assert user_id == user_id` is true for any value, usually a typo for the "
           "expected value.",
    .bad = "def test_user_id():\n    user_id = create_user().id\n    assert user_id == user_id\n",
    .good = "def test_user_id():\n    user = create_user(id=7)\n    assert user.id == 7\n",
    .bad_js = "const user = await loadUser(1);\n"
           "expect(user).toEqual(user);\n",
    .good_js = "const user = await loadUser(1);\n"
           "expect(user).toEqual({ id: 1, name: 'ann' });\n",
    .not_flagged = "Attribute access, subscripts and calls on both sides (a property may "
                   "compute or cache: `assert r.selector is r.selector` tests the cache); "
                   "reflexivity tests of `__eq__`/`__hash__`: a word of the test name starts with "
                   "eq, hash, ident, compar, cmp, order or same, or the test also compares the "
                   "expression with another value (`assertNotEqual(ev, other)`); NaN checks "
                   "`x != x`.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
