/* rules/placeholder/never_runs.c - PH005: a test that is skipped unconditionally. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "rules/rule.h"

/* A reason that links a tracked issue is a known, owned debt: info, not warning. */
static bool links_issue(const char *reason)
{
    static const char pattern[] =
        "https?://|(?:^|\\W)(?:#|gh-|GH-|bpo-|issue\\s*#?)\\d+|\\b[A-Z][A-Z0-9]+-\\d+\\b";
    if (!reason)
        return false;
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                                   &errcode, &erroff, NULL);
    if (!re)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)reason, strlen(reason), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc > 0;
}

static const char *how(ssot_skip_kind kind)
{
    switch (kind) {
    case SSOT_SKIP_CONSTANT_IF:
        return "is skipped by a condition that is always true";
    case SSOT_SKIP_XFAIL_NO_RUN:
        return "is marked `xfail(run=False)`";
    case SSOT_SKIP_FIRST_STATEMENT:
        return "skips itself in its first statement";
    case SSOT_SKIP_EMPTY_PARAMETRIZE:
        return "is parametrized with an empty list";
    case SSOT_SKIP_TODO:
        return "is declared as a to-do, with no body to run";
    case SSOT_SKIP_DISABLED:
        return "is disabled";
    case SSOT_SKIP_PREPROCESSOR:
        return "is in code the preprocessor skips, so it is never compiled";
    case SSOT_SKIP_UNREGISTERED:
        return "is never registered with the test runner";
    default:
        return "is skipped unconditionally";
    }
}

static void report(ssot_sink *sink, const ssot_skip *skip, const ssot_loc *at, const char *symbol,
                   const char *what, const char *name)
{
    ssot_severity sev = links_issue(skip->reason) ? SSOT_SEVERITY_INFO : sink->rule->severity;
    if (skip->reason && skip->reason[0])
        ssot_sink_report_as(sink, sev, at, symbol, "%s `%s` never runs: it %s (reason: \"%.80s\")",
                            what, name, how(skip->kind), skip->reason);
    else
        ssot_sink_report_as(sink, sev, at, symbol, "%s `%s` never runs: it %s", what, name,
                            how(skip->kind));
}

bool ssot_rule_test_never_runs(const ssot_facts *facts, const ssot_function *test)
{
    if (facts->module_skip.kind || test->skip.kind)
        return true;
    for (int32_t k = test->class_index; k >= 0 && (size_t)k < facts->class_count;
         k = facts->classes[k].outer_index)
        if (facts->classes[k].skip.kind)
            return true;
    return false;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    if (facts->module_skip.kind) {
        size_t tests = 0;
        SSOT_FOR_EACH_TEST(facts, t)
        tests++;
        if (tests) {
            ssot_sink_report_as(sink,
                                links_issue(facts->module_skip.reason) ? SSOT_SEVERITY_INFO
                                                                       : sink->rule->severity,
                                &facts->module_skip.loc, "",
                                "all %zu tests of this module never run: the module is skipped "
                                "unconditionally",
                                tests);
            return;
        }
    }
    for (size_t i = 0; i < facts->class_count; i++) {
        const ssot_class *k = &facts->classes[i];
        if (k->skip.kind && (k->is_test_class || k->is_mixin))
            report(sink, &k->skip, &k->loc, k->qualname, "test class", k->qualname);
        /* one finding per class: its `__init__` is the one cause */
        if (k->init_tests)
            ssot_sink_report(sink, &k->loc, k->qualname,
                             "test class `%s` never runs: pytest does not collect a class with "
                             "`__init__` (it warns), so its %u test%s never run%s",
                             k->qualname, k->init_tests, k->init_tests == 1 ? "" : "s",
                             k->init_tests == 1 ? "s" : "");
    }
    /* a focused file: one finding at the focus, the one cause of all its unfocused tests */
    const ssot_function *focus = NULL;
    size_t unfocused = 0;
    SSOT_FOR_EACH_TEST(facts, t)
    if (t->skip.kind == SSOT_SKIP_UNFOCUSED) {
        focus = focus ? focus : t;
        unfocused++;
    }
    if (focus)
        ssot_sink_report(sink, &focus->skip.loc, "",
                         "%zu other test%s of this file never run%s: `%s` focuses the file "
                         "(jest and vitest run only a file's focused tests, mocha and playwright "
                         "only the run's)",
                         unfocused, unfocused == 1 ? "" : "s", unfocused == 1 ? "s" : "",
                         focus->skip.reason ? focus->skip.reason : "only");
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (t->skip.kind == SSOT_SKIP_UNFOCUSED)
            continue;
        /* an override that only skips (or is empty and skipped) turns an inherited test
         * off for one subclass; the test still runs in the others */
        bool empty = t->shape == SSOT_BODY_EMPTY || t->shape == SSOT_BODY_DOCSTRING_ONLY;
        if (t->overrides && (t->skip.kind == SSOT_SKIP_FIRST_STATEMENT || empty))
            continue;
        /* a test disabled by its name or tags, or skipping itself, in a program the build
           runs by a script or judges by its output: that run may select it
           (`--gtest_also_run_disabled_tests`, a name wildcard), or the skip is what the
           output shows */
        if ((t->skip.kind == SSOT_SKIP_DISABLED || t->skip.kind == SSOT_SKIP_FIRST_STATEMENT) &&
            (t->flags & SSOT_FF_OUTCOME_CHECKED))
            continue;
        if (t->skip.kind)
            report(sink, &t->skip, &t->def, t->symbol, "test", t->name);
    }
}

const ssot_rule ssot_rule_ph005 = {
    .code = "PH005",
    .name = "never-runs",
    .summary = "A test, class or module is skipped unconditionally, a test class has "
               "`__init__` (pytest cannot collect it), or another test of its file is focused "
               "(`it.only`), so its tests never run.",
    .why = "A skipped test is reported as 'skipped', not failed, and is forgotten: the "
           "behaviour it covers is untested. A skip whose reason links an issue is reported "
           "as info: a tracked debt.",
    .bad = "@pytest.mark.skip(reason=\"flaky\")\ndef test_refund():\n    assert refund(order).ok\n",
    .good = "@pytest.mark.skipif(sys.platform == \"win32\", reason=\"POSIX only\")\n"
            "def test_refund():\n    assert refund(order).ok\n",
    .bad_js = "it.skip('refunds the order', () => { /* ... */ });\n"
           "it.todo('refunds twice');\n",
    .good_js = "it('refunds the order', async () => {\n"
           "  expect((await refund(order)).status).toBe('refunded');\n"
           "});\n",
    .not_flagged = "`skipif` with a condition evaluated at run time, `importorskip`, skips "
                   "inside a conditional branch, and overrides that only skip or are empty and "
                   "skipped (they turn an inherited test off for one subclass); a unittest "
                   "`TestCase` with `__init__` (unittest still collects it). A class with "
                   "`__init__` is reported once, at the class, not once per test; so is a focus "
                   "(`it.only`, `fit`, `describe.only`), at the focus.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
