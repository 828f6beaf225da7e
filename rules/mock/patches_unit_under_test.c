/* rules/mock/patches_unit_under_test.c - MO002: the test patches the very thing it claims
 * to test, so the real code never runs. */
#include <ctype.h>
#include <string.h>

#include "analyzer/facts/assertions.h"
#include "analyzer/resolve/doubles.h"
#include "rules/rule.h"

/* Compare names ignoring case and underscores: `count_tokens` and `CountTokens`. */
static bool same_word(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < alen && a[i] == '_')
            i++;
        while (j < blen && b[j] == '_')
            j++;
        if (i == alen || j == blen)
            return i == alen && j == blen;
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
            return false;
        i++;
        j++;
    }
}

/* Is `name` `<prefix><unit>`, or `<prefix><unit>_<more>` when the unit has several words?
 * A one-word unit followed by more words is too weak a sign: `test_get_data` is named after
 * `get_data`, not after `requests.get`. */
static bool named_after(const char *name, const char *prefix, const char *unit)
{
    size_t p = strlen(prefix), u = strlen(unit);
    if (strncmp(name, prefix, p) != 0)
        return false;
    name += p;
    const char *inner = unit;
    while (*inner == '_')
        inner++;
    bool several = strchr(inner, '_') != NULL;
    for (size_t end = 0;; end++) {
        if (name[end] == '\0' || name[end] == '_') {
            if ((name[end] == '\0' || several) && same_word(name, end, unit, u))
                return true;
            if (name[end] == '\0')
                return false;
        }
    }
}

/* Is the test named after `unit`: `test_<unit>...`, class `Test<Unit>`/`<Unit>Test(s)`, a
 * suite titled `<Unit>`, or module `test_<unit>.py` / `<unit>.test.*` / `<unit>.spec.*`? */
static bool test_named_after(const ssot_facts *facts, const ssot_function *t, const char *unit)
{
    if (named_after(t->name, "test_", unit) || named_after(t->name, "test", unit))
        return true;
    const ssot_class *k = ssot_facts_class_of(facts, t);
    if (k) {
        size_t n = strlen(k->name), u = strlen(unit);
        if (!strncmp(k->name, "Test", 4) && same_word(k->name + 4, n - 4, unit, u))
            return true;
        if (n > 5 && !strcmp(k->name + n - 5, "Tests") && same_word(k->name, n - 5, unit, u))
            return true;
        if (n > 4 && !strcmp(k->name + n - 4, "Test") && same_word(k->name, n - 4, unit, u))
            return true;
    }
    /* a suite titled after it: `describe('Cart', ...)`, `describe('total()', ...)` */
    for (size_t i = 0; i < t->suite_count; i++) {
        const char *title = t->suites[i];
        size_t n = strcspn(title, " (<.:");
        if (same_word(title, n, unit, strlen(unit)))
            return true;
    }
    const char *base = strrchr(facts->path, '/');
    base = base ? base + 1 : facts->path;
    /* `<unit>.test.ts`, `<unit>.spec.js` */
    size_t stem = strcspn(base, ".");
    if ((!strncmp(base + stem, ".test.", 6) || !strncmp(base + stem, ".spec.", 6)) &&
        same_word(base, stem, unit, strlen(unit)))
        return true;
    return !strncmp(base, "test_", 5) && same_word(base + 5, strcspn(base + 5, "."), unit,
                                                   strlen(unit));
}

/* Does an assertion check what the patch's double returns? */
static bool result_asserted(const ssot_function *t, int32_t dbl)
{
    for (size_t i = 0; i < t->assert_count; i++) {
        const ssot_assertion *a = &t->asserts[i];
        if (a->subject == dbl && a->subject_path &&
            !strncmp(a->subject_path, "return_value", 12) &&
            (a->subject_path[12] == '\0' || a->subject_path[12] == '.'))
            return true;
    }
    return false;
}

static bool patch_counts(const ssot_patch *p)
{
    return p->target && !(p->flags & (SSOT_PF_WRAPS | SSOT_PF_DICT | SSOT_PF_MULTIPLE |
                                        SSOT_PF_NEW_LITERAL));
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (!t->side->patch_count || ssot_facts_never_runs(facts, t) ||
            ssot_test_about_doubles(facts, t))
            continue;
        /* every call into the code is a call of a patched target */
        const ssot_call *target_call = NULL;
        bool other_code = false;
        for (size_t i = 0; i < t->call_count && !other_code; i++) {
            const ssot_call *k = &t->calls[i];
            if (k->flags & SSOT_CF_TARGET)
                target_call = target_call ? target_call : k;
            else
                other_code = ssot_call_runs_code(t, k);
        }
        const ssot_patch *hit = NULL;
        bool only_target = false;
        for (size_t i = 0; i < t->side->patch_count && !hit; i++) {
            const ssot_patch *p = &t->side->patches[i];
            if (!patch_counts(p))
                continue;
            if (target_call && !other_code &&
                (p->double_index < 0 || p->double_index == target_call->double_index) &&
                !(p->double_index >= 0 && (t->side->doubles[p->double_index].flags & SSOT_DF_WRAPS))) {
                hit = p;
                only_target = true;
            } else if (p->double_index >= 0 &&
                       !(t->side->doubles[p->double_index].flags & SSOT_DF_WRAPS) &&
                       test_named_after(facts, t, ssot_last_segment(p->target)) &&
                       result_asserted(t, p->double_index)) {
                hit = p;
            }
        }
        if (!hit)
            continue;
        if (only_target)
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` patches `%s` and calls nothing but the patched target: "
                             "the code under test never runs",
                             t->name, hit->target);
        else
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` patches `%s`, the unit it is named after, and asserts "
                             "what the patch returns: the real `%s` never runs",
                             t->name, hit->target, ssot_last_segment(hit->target));
    }
}

const ssot_rule ssot_rule_mo002 = {
    .code = "MO002",
    .name = "patches-unit-under-test",
    .summary = "The test patches T and either calls nothing but T, or T is the unit the test "
               "is named after (`test_<T>...`, `Test<T>`, `test_<T>.py`) and the test "
               "asserts T's result.",
    .why = "Patching the unit under test replaces the code the test exists to check with a "
           "double: the test exercises the patch and passes whatever T does.",
    .bad = "@patch(\"app.llm.count_tokens\", return_value=3)\n"
           "def test_count_tokens_for_a_short_prompt(mock_count_tokens):\n"
           "    assert llm.count_tokens(\"hello there\") == 3\n",
    .good = "def test_count_tokens_for_a_short_prompt():\n"
            "    assert llm.count_tokens(\"hello there\") == 3  # the real function\n",
    .bad_js = "// cart.test.ts\n"
           "jest.mock('./cart');\n"
           "import { total } from './cart';\n"
           "test('total', () => {\n"
           "  jest.mocked(total).mockReturnValue(3);\n"
           "  expect(total([1, 2])).toBe(3);\n"
           "});\n",
    .good_js = "// cart.test.ts: the real cart, its collaborators replaced\n"
           "jest.mock('./prices');\n"
           "import { total } from './cart';\n"
           "test('total', () => {\n"
           "  expect(total([1, 2])).toBe(3);\n"
           "});\n",
    .not_flagged = "Patching one function to isolate another (`patch(\"app.llm.sleep\")` in a "
                   "test of `complete`); a one-word unit that only starts the test's name "
                   "(`requests.get` in `test_get_profile`); `wraps=` spies, through which the "
                   "real code runs; "
                   "patches that set a constant (`new=5`); "
                   "tests of the double library itself, decided from the code (the project "
                   "defines `Mock`/`MagicMock` or jest-mock's `ModuleMocker`, or the test "
                   "exercises `seal`, `attach_mock`, "
                   "`mock_add_spec`), never from a word such as \"mock\" in a test, class or "
                   "file name.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
