/* analyzer/facts/assertions.h - the assertion vocabulary (RULES.md A1-A8), implemented once.
 * Front ends classify calls by their dotted callee text; the engine resolves A7/A8. */
#ifndef SSOT_ANALYZER_ASSERTIONS_H
#define SSOT_ANALYZER_ASSERTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/facts/facts.h"

/* Configured assertion functions (A6): names, globs, or `re:` PCRE2 patterns. Owned by the
 * configuration; NULL means none. */
typedef struct ssot_assert_config ssot_assert_config;

/* Classify a call by its dotted callee as written (`self.assertEqual`, `pytest.raises`,
 * `np.testing.assert_allclose`, `mock_send.assert_called_once`). Returns 0 when the call
 * is not an assertion by its name alone (A7 and A8 need the project, see below). */
ssot_assert_kind ssot_assertion_classify(const char *callee, const ssot_assert_config *config);

/* True for context managers and calls that expect an exception or warning (A3):
 * pytest.raises/warns/deprecated_call, assertRaises*, assertWarns*, assertLogs. */
bool ssot_assertion_is_raises(const char *callee);

/* True for calls that fail the test unconditionally: pytest.fail, self.fail, fail. */
bool ssot_assertion_is_fail_call(const char *callee);

/* True for calls that skip the test: pytest.skip, self.skipTest. */
bool ssot_assertion_is_skip_call(const char *callee);

/* A8: the name (a call's last segment) starts with `assert`, leading underscores aside.
 * Other verbs (check, verify, validate, ...) say nothing by themselves: they count only
 * when configured (A6) or when a project body that asserts is behind them (A7). */
bool ssot_assertion_is_named_check(const char *name);

/* pytest's LineMatcher methods that fail the test when the lines do not match
 * (`fnmatch_lines`, `re_match_lines`, `no_fnmatch_line`, `no_re_match_line`, ...). A call
 * of one on `<x>.stdout`/`<x>.stderr` (a pytester run result) is a library assertion (A5);
 * on a name bound to `LineMatcher(...)` the front end decides. */
bool ssot_assertion_is_line_matcher(const char *method);

/* pexpect's `child.expect(pattern)`/`expect_exact` on a child made by `pexpect.spawn`,
 * `spawnu` or pytester's `spawn`/`spawn_pytest` (`maker`, the callee that made it): it
 * raises (TIMEOUT, EOF) when the pattern never comes, which fails the test. */
bool ssot_assertion_is_spawn_expect(const char *maker, const char *method);

/* The assertion methods of unittest.mock doubles (A4), NULL-terminated. */
extern const char *const ssot_mock_assert_methods[];
bool ssot_assertion_is_mock_method(const char *name);

/* Attributes a double really has (called, call_count, return_value, ...), which are not
 * auto-created child mocks. */
bool ssot_assertion_is_mock_attribute(const char *name);

/* The last dotted segment of a callee (`a.b.c` -> `c`), or the file of a module path
 * (`src/cart` -> `cart`); points into the argument. */
const char *ssot_last_segment(const char *dotted);

#endif /* SSOT_ANALYZER_ASSERTIONS_H */
