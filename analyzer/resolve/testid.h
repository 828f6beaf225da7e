/* analyzer/resolve/testid.h - test identification (RULES.md "What is a test") and the resolution
 * of assertion helpers (A6-A8), once every file's facts are in the index. */
#ifndef SSOT_ANALYZER_TESTID_H
#define SSOT_ANALYZER_TESTID_H

#include <stdbool.h>

#include "analyzer/resolve/index.h"

/* Which file names pytest collects from (python_files): `test_*.py` and `*_test.py`. */
bool ssot_testid_is_pytest_file(const char *path);
/* The default test-role decision: pytest files, conftest.py, and files under a `test`/
 * `tests` folder. */
bool ssot_testid_is_test_path(const char *path);
/* A base class name (last segment) that is a TestCase root: unittest, Django, DRF, ... */
bool ssot_testid_is_testcase_root(const char *name);

/* Resolve every file in the index: which classes are test classes or mixins of them, which
 * functions are collected tests, which are templates, and which calls and requested
 * fixtures resolve to assertions (A7, following helpers up to 3 levels, and A8).
 * Single-threaded; writes only the facts' resolved fields. */
void ssot_testid_resolve(ssot_index *index);

#endif /* SSOT_ANALYZER_TESTID_H */
