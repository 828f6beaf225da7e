/* rules/mock/asserts_own_setup.c - MO005 (opt-in): an assertion that an attribute of a
 * double equals the literal the test itself set on it. */
#include <string.h>

#include "analyzer/resolve/doubles.h"
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (ssot_facts_never_runs(facts, t) || ssot_test_about_doubles(facts, t))
            continue;
        for (size_t i = 0; i < t->assert_count; i++) {
            const ssot_assertion *a = &t->asserts[i];
            /* a double handed to project code: that code may write the attribute, or read it
               and leave it as set; either way the assertion is about more than the setup */
            if (a->subject < 0 || !a->subject_path || !a->expected ||
                !ssot_double_is_real(t, a->subject) || ssot_double_handed(t, a->subject))
                continue;
            for (size_t k = 0; k < t->side->setting_count; k++) {
                const ssot_setting *s = &t->side->settings[k];
                if (s->double_index != a->subject || s->kind != SSOT_SET_ATTRIBUTE ||
                    !(s->flags & SSOT_SF_LITERAL) || strcmp(s->path, a->subject_path) != 0 ||
                    strcmp(s->value, a->expected) != 0 ||
                    (!(s->flags & SSOT_SF_INHERITED) && s->row > a->loc.span.row))
                    continue;
                const ssot_double *d = &t->side->doubles[a->subject];
                ssot_sink_report(sink, &a->loc, t->symbol,
                                 "`%s.%s` is asserted to be `%s`, the value the test set on "
                                 "the double itself: this checks the setup, not the code",
                                 d->name[0] ? d->name : d->target, s->path, s->value);
                break;
            }
        }
    }
}

const ssot_rule ssot_rule_mo005 = {
    .code = "MO005",
    .name = "asserts-own-setup",
    .summary = "An assertion that an attribute of a double equals the literal the test itself "
               "set on it, on a double that never reaches project code.",
    .why = "Mock attributes keep what they are given: the assertion always passes and adds "
           "nothing. Often it stands in for the check the test meant to make.",
    .bad = "def test_post_keeps_the_author_name():\n"
           "    author = MagicMock()\n"
           "    author.display_name = \"Ada\"\n"
           "    post = Post.create(text=\"hello\", author_name=\"Ada\")\n"
           "    assert author.display_name == \"Ada\"\n",
    .good = "def test_post_keeps_the_author_name():\n"
            "    post = Post.create(text=\"hello\", author_name=\"Ada\")\n"
            "    assert post.author_name == \"Ada\"\n",
    .bad_js = "const user = jest.fn();\n"
           "user.name = 'ann';\n"
           "expect(user.name).toBe('ann');\n",
    .good_js = "const user = { name: 'ann' };\n"
           "expect(describeUser(user)).toBe('Ann');\n",
    .not_flagged = "A double handed to project code (an argument, stored on a project "
                   "object, installed by a patch while project code runs, reached through "
                   "another double's return value): that code may write the attribute or read "
                   "it, so asserting it is more than the setup; return values (MO001's "
                   "business); "
                   "tests of the double library itself, decided from the code (the project "
                   "defines `Mock`/`MagicMock` or jest-mock's `ModuleMocker`, or the test "
                   "exercises `seal`, `attach_mock`, "
                   "`mock_add_spec`), never from a word such as \"mock\" in a test, class or "
                   "file name.",
    .severity = SSOT_SEVERITY_INFO,
    .scope = SSOT_SCOPE_FILE,
    .preview = "Too few judged findings to leave preview: its 2 findings on the corpus were "
               "both wrong (attributes of doubles handed to project code, which may write or "
               "read them); with handed doubles excluded it reports none there (tools/eval).",
    .check_file = check,
};
