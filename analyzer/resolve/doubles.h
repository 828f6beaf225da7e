/* analyzer/resolve/doubles.h - test doubles across files and the questions the MO rules share:
 * which fixture parameters are doubles and what fixtures patch (resolved once every file's
 * facts are in the index), whether a double reaches project code, whether a test runs any. */
#ifndef SSOT_ANALYZER_DOUBLES_H
#define SSOT_ANALYZER_DOUBLES_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/facts/facts.h"
#include "analyzer/resolve/index.h"

/* Resolve fixture-provided doubles: a test parameter whose fixture (same file or a
 * conftest.py above it) returns or yields a double becomes that double (SSOT_DF_FIXTURE),
 * with the fixture's settings; the patches of requested and autouse fixtures join the
 * test's patches (SSOT_PF_FIXTURE). What is copied lives in the index's arena.
 * Single-threaded; run after ssot_testid_resolve. */
void ssot_doubles_resolve(ssot_index *index);

/* Is the function's double `i` known to be a double (not a fixture parameter that turned
 * out to be something else)? */
bool ssot_double_is_real(const ssot_function *fn, int32_t i);

/* Does the call run project code: not on a double, not a patched target, not a builtin,
 * the mock library, pytest or the test case's own API, and not a decorator? */
bool ssot_call_runs_code(const ssot_function *fn, const ssot_call *call);

/* Does the function call any project code? */
bool ssot_runs_code(const ssot_function *fn);

/* Is the double `i` handed to project code: an argument of a project call, stored on a
 * project object, installed by a patch whose target project code reaches (any project
 * call), handed over by setUp or a fixture, or held by a double that is? */
bool ssot_double_handed(const ssot_function *fn, int32_t i);

/* Is the test about doubles themselves, by what the code is (never by a word in a name):
 * the project defines the double classes (it is a double library), or the test exercises
 * the double API (`seal`, `attach_mock`, `mock_add_spec`). Resolved by
 * ssot_doubles_resolve. */
bool ssot_test_about_doubles(const ssot_facts *facts, const ssot_function *fn);

#endif /* SSOT_ANALYZER_DOUBLES_H */
