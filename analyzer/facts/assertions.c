/* analyzer/facts/assertions.c - the assertion vocabulary A1-A8 by callee name. */
#include "analyzer/facts/assertions.h"

#include <string.h>

const char *const ssot_mock_assert_methods[] = {
    "assert_called", "assert_called_once", "assert_called_with", "assert_called_once_with",
    "assert_any_call", "assert_has_calls", "assert_not_called", "assert_awaited",
    "assert_awaited_once", "assert_awaited_with", "assert_awaited_once_with", "assert_any_await",
    "assert_has_awaits", "assert_not_awaited", NULL,
};

static const char *const mock_attributes[] = {
    "called", "call_count", "call_args", "call_args_list", "mock_calls", "method_calls",
    "return_value", "side_effect", "await_count", "await_args", "await_args_list",
    "reset_mock", "configure_mock", "attach_mock", "mock_add_spec", NULL,
};

/* Both run for every call of every test: the first byte settles most comparisons. */
static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if ((*list)[0] == s[0] && strcmp(*list, s) == 0)
            return true;
    return false;
}

static bool starts_with(const char *s, const char *prefix)
{
    return s[0] == prefix[0] && strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *ssot_last_segment(const char *dotted)
{
    const char *dot = strrchr(dotted, '.'), *slash = strrchr(dotted, '/');
    if (slash && (!dot || slash > dot))
        dot = slash; /* a module path (`src/cart`): its file's name */
    return dot ? dot + 1 : dotted;
}

bool ssot_assertion_is_mock_method(const char *name)
{
    return in_list(ssot_mock_assert_methods, name);
}

bool ssot_assertion_is_mock_attribute(const char *name)
{
    return in_list(mock_attributes, name) || starts_with(name, "_mock_") ||
           ssot_assertion_is_mock_method(name);
}

/* `self.x`/`cls.x` with x a single segment. */
static bool on_self(const char *callee, const char **method)
{
    const char *rest = NULL;
    if (starts_with(callee, "self."))
        rest = callee + 5;
    else if (starts_with(callee, "cls."))
        rest = callee + 4;
    if (!rest || strchr(rest, '.'))
        return false;
    *method = rest;
    return true;
}

bool ssot_assertion_is_raises(const char *callee)
{
    static const char *const pytest_forms[] = {
        "pytest.raises", "pytest.warns", "pytest.deprecated_call", "raises", "warns",
        "deprecated_call", NULL,
    };
    if (in_list(pytest_forms, callee))
        return true;
    const char *m;
    if (on_self(callee, &m))
        return starts_with(m, "assertRaises") || starts_with(m, "assertWarns") ||
               strcmp(m, "assertLogs") == 0 || strcmp(m, "assertNoLogs") == 0 ||
               strcmp(m, "failUnlessRaises") == 0;
    return false;
}

bool ssot_assertion_is_fail_call(const char *callee)
{
    return strcmp(callee, "pytest.fail") == 0 || strcmp(callee, "self.fail") == 0 ||
           strcmp(callee, "fail") == 0;
}

bool ssot_assertion_is_skip_call(const char *callee)
{
    return strcmp(callee, "pytest.skip") == 0 || strcmp(callee, "self.skipTest") == 0 ||
           strcmp(callee, "skip") == 0;
}

bool ssot_assertion_is_named_check(const char *name)
{
    while (*name == '_')
        name++;
    return starts_with(name, "assert");
}

bool ssot_assertion_is_line_matcher(const char *method)
{
    static const char *const methods[] = {
        "fnmatch_lines", "fnmatch_lines_random", "re_match_lines", "re_match_lines_random",
        "no_fnmatch_line", "no_re_match_line", NULL,
    };
    return in_list(methods, method);
}

bool ssot_assertion_is_spawn_expect(const char *maker, const char *method)
{
    static const char *const makers[] = {"spawn", "spawnu", "spawn_pytest", NULL};
    return in_list(makers, ssot_last_segment(maker)) &&
           (!strcmp(method, "expect") || !strcmp(method, "expect_exact"));
}

/* pytester's `result.stdout.fnmatch_lines([...])`: the method of a LineMatcher reached as
 * the `stdout`/`stderr` of a run result. */
static bool is_output_matcher(const char *callee, const char *last)
{
    if (last == callee || !ssot_assertion_is_line_matcher(last))
        return false;
    const char *end = last - 1, *start = end;
    while (start > callee && start[-1] != '.')
        start--;
    size_t n = (size_t)(end - start);
    return start > callee && ((n == 6 && !strncmp(start, "stdout", 6)) ||
                              (n == 6 && !strncmp(start, "stderr", 6)));
}

/* A5: assertion libraries. */
static bool is_library_assertion(const char *callee, const char *last)
{
    if (strstr(callee, "testing.") && starts_with(last, "assert_"))
        return true; /* numpy.testing, pandas.testing, torch.testing, np.testing */
    if (starts_with(callee, "tm.assert_") || starts_with(callee, "npt.assert_"))
        return true; /* pandas._testing as tm, numpy.testing as npt */
    if (strcmp(last, "assert_that") == 0)
        return true; /* hamcrest, assertpy */
    if (starts_with(callee, "check.") && !strchr(callee + 6, '.'))
        return true; /* pytest_check */
    if (strcmp(last, "check") == 0 && strchr(callee, '.')) {
        size_t n = (size_t)(last - callee) - 1;
        static const char suffix[] = "_regression";
        if (n >= sizeof(suffix) - 1 &&
            strncmp(last - 1 - (sizeof(suffix) - 1), suffix, sizeof(suffix) - 1) == 0)
            return true; /* pytest-regressions fixtures */
    }
    if (strcmp(last, "assert_match") == 0 && starts_with(callee, "snapshot"))
        return true; /* snapshottest, syrupy */
    if (is_output_matcher(callee, last))
        return true; /* pytester: fails the test when the output does not match */
    if (!strcmp(callee, "subprocess.check_call"))
        return true; /* raises CalledProcessError on a non-zero exit: its only result */
    return false;
}

ssot_assert_kind ssot_assertion_classify(const char *callee, const ssot_assert_config *config)
{
    (void)config; /* A6 is matched by the engine, which owns the configuration */
    const char *last = ssot_last_segment(callee);
    const char *m;

    if (ssot_assertion_is_raises(callee) || strcmp(callee, "pytest.fail") == 0 ||
        strcmp(callee, "fail") == 0)
        return SSOT_ASSERT_RAISES;
    if (on_self(callee, &m) && (starts_with(m, "assert") || starts_with(m, "fail")))
        return SSOT_ASSERT_UNITTEST;
    if (strchr(callee, '.') && ssot_assertion_is_mock_method(last))
        return SSOT_ASSERT_MOCK;
    if (is_library_assertion(callee, last))
        return SSOT_ASSERT_LIBRARY;
    return 0;
}
