/* rules/placeholder/no_op_mock_assertion.c - PH011: mock "assertions" that check nothing. */
#include <string.h>

#include "analyzer/facts/assertions.h"
#include "rules/rule.h"

/* Levenshtein distance, capped: small names only. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* Is `name` a typo of `target`? Two edits on a long name, one on a short one: `call` and
 * `failed` are two edits from `called`, and ordinary method names. */
static bool near(const char *name, const char *target)
{
    size_t len = strlen(target);
    size_t allowed = len >= 10 ? 2 : (len >= 6 ? 1 : 0);
    return edit_distance(name, target) <= allowed;
}

/* The real assertion method `name` was probably meant to be, or NULL. */
static const char *misspelling_of(const char *name)
{
    if (ssot_assertion_is_mock_attribute(name))
        return NULL;
    /* `called_once_with` is `assert_called_once_with` without its prefix */
    for (const char *const *m = ssot_mock_assert_methods; *m; m++)
        if (near(name, *m) || near(name, *m + 7))
            return *m;
    return NULL;
}

static bool raises_on_access(const char *name)
{
    /* unittest.mock raises AttributeError for these prefixes: the test fails loudly */
    return !strncmp(name, "assert", 6) || !strncmp(name, "assret", 6);
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_RUN_TEST(facts, t)
    {
        for (size_t i = 0; i < t->discarded_count; i++)
            if (t->discarded[i].kind == SSOT_DISCARD_UNCALLED)
                ssot_sink_report(sink, &t->discarded[i].loc, t->symbol,
                                 "the assertion method is never called, so it checks nothing: "
                                 "`%s`; add `()`",
                                 t->discarded[i].loc.snippet);
        for (size_t i = 0; i < t->side->double_use_count; i++) {
            const ssot_double_use *u = &t->side->double_uses[i];
            const char *attr = u->attribute;
            bool spec = (u->double_flags & SSOT_DF_SPEC) != 0;
            bool real = ssot_assertion_is_mock_method(attr);
            const char *meant = real ? NULL : misspelling_of(attr);
            switch (u->form) {
            case SSOT_USE_REFERENCED:
                if (real || (meant && !spec && !raises_on_access(attr) && !u->configured))
                    ssot_sink_report(sink, &u->loc, t->symbol,
                                     "`%s.%s` is never called, so it checks nothing; write "
                                     "`%s.%s(...)`",
                                     u->double_name, attr, u->double_name, real ? attr : meant);
                break;
            case SSOT_USE_CALLED:
                if (meant && !spec && !raises_on_access(attr) && !u->configured)
                    ssot_sink_report(sink, &u->loc, t->symbol,
                                     "`%s.%s` is not an assertion method: the call is recorded "
                                     "and checks nothing; did you mean `%s`?",
                                     u->double_name, attr, meant);
                break;
            case SSOT_USE_ASSERTED_CALL:
                if (real)
                    ssot_sink_report(sink, &u->loc, t->symbol,
                                     "`%s` returns None; call it without `assert`",
                                     attr);
                /* the misspelled call returns a child mock, which is always true */
                else if (meant && !spec && !raises_on_access(attr) && !u->configured)
                    ssot_sink_report(sink, &u->loc, t->symbol,
                                     "`%s.%s(...)` returns a child mock, so the assertion is "
                                     "always true; did you mean `%s.%s(...)`?",
                                     u->double_name, attr, u->double_name, meant);
                break;
            case SSOT_USE_ASSERTED:
                if (!spec && !u->configured && !ssot_assertion_is_mock_attribute(attr))
                    ssot_sink_report(sink, &u->loc, t->symbol,
                                     "`%s.%s` is a child mock created on access, so it is "
                                     "always true; assert on `.called` or a call instead",
                                     u->double_name, attr);
                break;
            }
        }
    }
}

const ssot_rule ssot_rule_ph011 = {
    .code = "PH011",
    .name = "no-op-mock-assertion",
    .summary = "A mock assertion that checks nothing: an assertion method referenced but not "
               "called, a misspelled one, `assert m.assert_called_with(...)`, or "
               "`assert m.<attribute never configured>`.",
    .why = "Mocks accept any attribute: `m.assert_called_once` without `()` and "
           "`m.called_once_with(1)` are silently recorded, and `assert m.sent` is always true.",
    .bad = "def test_notify(mailer):\n    mailer = Mock()\n    notify(mailer)\n"
           "    mailer.send.assert_called_once\n",
    .good = "def test_notify():\n    mailer = Mock()\n    notify(mailer)\n"
            "    mailer.send.assert_called_once()\n",
    .bad_js = "const send = jest.fn();\n"
           "notify(send);\n"
           "expect(send).toHaveBeenCalled;\n",
    .good_js = "const send = jest.fn();\n"
           "notify(send);\n"
           "expect(send).toHaveBeenCalled();\n",
    .not_flagged = "`assert m.called`, `m.call_count == n`, attributes the test, setUp or a "
                   "helper method of the test class configured (`self.m.x = V`), "
                   "attributes a project function or method the test hands the double to "
                   "sets on that parameter (`attach(m)` with `def attach(conn): conn.ready = "
                   "True`), "
                   "doubles with a spec (unknown attributes raise there), names starting with "
                   "`assert` (the mock raises), and short names one or two edits from a short "
                   "assertion name (`m.call()`, `m.failed()`).",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
