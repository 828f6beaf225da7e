/* tests/test_testid.c - test identification (analyzer/resolve/testid.c): the path predicates, and
 * which functions are collected tests and which calls assert, end to end through the
 * engine on small Python projects written to a temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "analyzer/engine/engine.h"
#include "analyzer/resolve/testid.h"
#include "tests/support.h"

/* ---- path predicates ---- */

static void is_pytest_file_matches_test_prefix_and_suffix(void **state)
{
    (void)state;
    assert_true(ssot_testid_is_pytest_file("test_a.py"));
    assert_true(ssot_testid_is_pytest_file("pkg/tests/test_models.py"));
    assert_true(ssot_testid_is_pytest_file("models_test.py"));
    assert_true(ssot_testid_is_pytest_file("/abs/path/x_test.py"));
    assert_false(ssot_testid_is_pytest_file("conftest.py"));
    assert_false(ssot_testid_is_pytest_file("tests/helpers.py"));
    assert_false(ssot_testid_is_pytest_file("testing.py"));
    assert_false(ssot_testid_is_pytest_file("test_a.pyc"));
    assert_false(ssot_testid_is_pytest_file("test_dir/models.py"));
    assert_false(ssot_testid_is_pytest_file("latest.py"));
}

static void is_test_path_accepts_test_folders_conftest_and_pytest_files(void **state)
{
    (void)state;
    assert_true(ssot_testid_is_test_path("tests/helpers.py"));
    assert_true(ssot_testid_is_test_path("test/helpers.py"));
    assert_true(ssot_testid_is_test_path("pkg/tests/unit/factories.py"));
    assert_true(ssot_testid_is_test_path("conftest.py"));
    assert_true(ssot_testid_is_test_path("pkg/conftest.py"));
    assert_true(ssot_testid_is_test_path("test_a.py"));
    assert_true(ssot_testid_is_test_path("app/models_test.py"));
}

static void is_test_path_rejects_service_paths_that_only_contain_test(void **state)
{
    (void)state;
    assert_false(ssot_testid_is_test_path("app/contest.py"));
    assert_false(ssot_testid_is_test_path("latest/x.py"));
    assert_false(ssot_testid_is_test_path("app/testing.py"));
    assert_false(ssot_testid_is_test_path("testsuite/x.py"));
    assert_false(ssot_testid_is_test_path("mytests/x.py"));
    assert_false(ssot_testid_is_test_path("app/models.py"));
    assert_false(ssot_testid_is_test_path("tests.py"));
}

static void is_testcase_root_knows_unittest_django_and_drf_roots(void **state)
{
    (void)state;
    assert_true(ssot_testid_is_testcase_root("TestCase"));
    assert_true(ssot_testid_is_testcase_root("IsolatedAsyncioTestCase"));
    assert_true(ssot_testid_is_testcase_root("TransactionTestCase"));
    assert_true(ssot_testid_is_testcase_root("SimpleTestCase"));
    assert_true(ssot_testid_is_testcase_root("APITestCase"));
    assert_false(ssot_testid_is_testcase_root("Base"));
    assert_false(ssot_testid_is_testcase_root("MyTestCase"));
    assert_false(ssot_testid_is_testcase_root("testcase"));
    assert_false(ssot_testid_is_testcase_root("unittest.TestCase")); /* last segment only */
}

/* ---- small projects run through the engine ---- */

/* The reported symbols, space-separated, sorted by position: the whole answer at once. */
static const char *symbols(const ssot_run *r, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->diag_count; i++)
        used +=
            (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "", r->diags[i]->symbol);
    assert_true(used < size);
    return buf;
}

/* Run only rule `code` (E rules always run) and compare the reported symbols with `want`;
 * an empty `want` means no finding at all. */
static void expect_symbols(const ssot_test_project *p, const char *code, const char *want)
{
    ssot_run r;
    ssot_test_project_run(p, code, 1, &r);
    char buf[256];
    assert_string_equal(symbols(&r, buf, sizeof(buf)), want);
    if (!want[0])
        assert_int_equal(r.diag_count, 0);
    ssot_run_fini(&r);
}

/* How many findings name `symbol`; fails on findings of any other rule than `code`. */
static size_t reported(const ssot_run *r, const char *code, const char *symbol)
{
    size_t c = 0;
    for (size_t i = 0; i < r->diag_count; i++) {
        const ssot_diag *d = r->diags[i];
        if (strcmp(d->rule->code, code) != 0)
            fail_msg("%s:%u: unexpected %s: %s", d->path, d->span.row, d->rule->code, d->message);
        c += !strcmp(d->symbol, symbol);
    }
    return c;
}

/* ---- PH001: which functions are tests ---- */

static void empty_module_test_in_pytest_file_is_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "def test_x():\n"
                          "    pass\n"
                          "\n"
                          "\n"
                          "def helper():\n"
                          "    pass\n");
    ssot_run r;
    ssot_test_project_run(p, "PH001", 1, &r);
    char buf[256];
    assert_string_equal(symbols(&r, buf, sizeof(buf)), "test_x");
    assert_int_equal(reported(&r, "PH001", "test_x"), 1);
    assert_int_equal(r.diags[0]->span.row, 1);
    assert_int_equal(r.diags[0]->span.col, 5);
    ssot_run_fini(&r);
}

static void empty_module_test_outside_pytest_file_is_not_a_test(void **state)
{
    ssot_test_project *p = *state;
    /* tests/helpers.py is a test-role file, but pytest collects no functions there */
    ssot_test_project_put(p, "tests/helpers.py",
                          "def test_x():\n"
                          "    pass\n");
    ssot_test_project_put(p, "helpers.py",
                          "def test_x():\n"
                          "    pass\n");
    expect_symbols(p, "PH001", "");
}

static void empty_method_of_unittest_testcase_is_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_foo.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class FooTests(unittest.TestCase):\n"
                          "    def test_y(self):\n"
                          "        pass\n"
                          "\n"
                          "    def helper(self):\n"
                          "        pass\n"
                          "\n"
                          "\n"
                          "class FooHelpers:\n"
                          "    def test_z(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "FooTests.test_y");
}

static void empty_test_of_subclass_of_testcase_base_in_other_file_is_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "tests/base.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class Base(unittest.TestCase):\n"
                          "    def make(self):\n"
                          "        return 1\n");
    ssot_test_project_put(p, "tests/test_sub.py",
                          "from tests.base import Base\n"
                          "\n"
                          "\n"
                          "class Sub(Base):\n"
                          "    def test_y(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "Sub.test_y");
}

static void empty_test_of_subclass_of_plain_base_in_other_file_is_not_a_test(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "tests/base.py",
                          "class Base:\n"
                          "    def make(self):\n"
                          "        return 1\n");
    ssot_test_project_put(p, "tests/test_sub.py",
                          "from tests.base import Base\n"
                          "\n"
                          "\n"
                          "class Sub(Base):\n"
                          "    def test_y(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "");
}

static void empty_test_of_subclass_of_testcase_base_in_service_module_is_reported(void **state)
{
    ssot_test_project *p = *state;
    /* shared base test cases often live in the package itself (myapp/testing.py) */
    ssot_test_project_put(p, "app/testing.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class AppTestCase(unittest.TestCase):\n"
                          "    def make(self):\n"
                          "        return 1\n");
    ssot_test_project_put(p, "tests/test_views.py",
                          "from app.testing import AppTestCase\n"
                          "\n"
                          "\n"
                          "class ViewTests(AppTestCase):\n"
                          "    def test_index(self):\n"
                          "        pass\n");
    /* BUG: the index holds only classes of test-role files, so a base class in a service
     * module never reaches TestCase and ViewTests.test_index is not collected; RULES.md
     * says bases are followed "by name within the project". */
    expect_symbols(p, "PH001", "ViewTests.test_index");
}

static void pytest_class_without_init_is_collected(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "class TestThing:\n"
                          "    def test_a(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "TestThing.test_a");
}

static void pytest_class_with_init_is_not_collected(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "class TestThing:\n"
                          "    def __init__(self):\n"
                          "        self.x = 1\n"
                          "\n"
                          "    def test_a(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "");
}

static void class_without_test_prefix_or_testcase_base_is_not_collected(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "class ThingTests:\n"
                          "    def test_a(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "");
}

static void fixture_named_like_a_test_is_not_a_test(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "import pytest\n"
                          "from pytest import fixture\n"
                          "\n"
                          "\n"
                          "@pytest.fixture\n"
                          "def test_data():\n"
                          "    pass\n"
                          "\n"
                          "\n"
                          "@pytest.fixture(scope=\"module\")\n"
                          "def test_db():\n"
                          "    pass\n"
                          "\n"
                          "\n"
                          "@fixture\n"
                          "def test_user():\n"
                          "    pass\n"
                          "\n"
                          "\n"
                          "@pytest.mark.slow\n"
                          "def test_real():\n"
                          "    pass\n");
    expect_symbols(p, "PH001", "test_real");
}

static void class_with_dunder_test_false_is_not_collected(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class TestFoo:\n"
                          "    __test__ = False\n"
                          "\n"
                          "    def test_a(self):\n"
                          "        pass\n"
                          "\n"
                          "\n"
                          "class BarTests(unittest.TestCase):\n"
                          "    __test__ = False\n"
                          "\n"
                          "    def test_b(self):\n"
                          "        pass\n"
                          "\n"
                          "\n"
                          "class TestBaz:\n"
                          "    def test_c(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "TestBaz.test_c");
}

static void module_with_dunder_test_false_has_no_tests(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "__test__ = False\n"
                          "\n"
                          "\n"
                          "def test_x():\n"
                          "    pass\n"
                          "\n"
                          "\n"
                          "class TestFoo:\n"
                          "    def test_y(self):\n"
                          "        pass\n");
    expect_symbols(p, "PH001", "");
}

static void empty_template_test_overridden_by_subclass_is_not_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_t.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class BaseCase(unittest.TestCase):\n"
                          "    def test_contract(self):\n"
                          "        pass\n"
                          "\n"
                          "    def test_unshared(self):\n"
                          "        pass\n"
                          "\n"
                          "\n"
                          "class Impl(BaseCase):\n"
                          "    def test_contract(self):\n"
                          "        self.assertTrue(run())\n");
    expect_symbols(p, "PH001", "BaseCase.test_unshared");
}

static void nested_function_named_test_is_not_a_test(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "def test_outer():\n"
                          "    def test_inner():\n"
                          "        pass\n"
                          "\n"
                          "    assert test_inner() is None\n");
    expect_symbols(p, "PH001", "");
}

static void async_empty_test_is_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "async def test_fetch():\n"
                          "    \"\"\"Fetches.\"\"\"\n");
    expect_symbols(p, "PH001", "test_fetch");
}

/* ---- PH002: which calls assert (A7, A8) ---- */

static void test_calling_asserting_self_helper_is_not_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_r.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class ResultTests(unittest.TestCase):\n"
                          "    def check_result(self, r):\n"
                          "        self.assertEqual(r, 2)\n"
                          "\n"
                          "    def test_sum(self):\n"
                          "        r = 1 + 1\n"
                          "        self.check_result(r)\n");
    expect_symbols(p, "PH002", "");
}

static void test_calling_non_asserting_self_helper_is_reported(void **state)
{
    ssot_test_project *p = *state;
    /* named like a check, but it resolves, and its body checks nothing: not A8 */
    ssot_test_project_put(p, "test_r.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class LooseTests(unittest.TestCase):\n"
                          "    def check_result(self, r):\n"
                          "        print(r)\n"
                          "\n"
                          "    def test_sum(self):\n"
                          "        self.check_result(1 + 1)\n");
    expect_symbols(p, "PH002", "LooseTests.test_sum");
}

static void self_helper_resolves_to_own_class_not_to_namesake_in_other_class(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_r.py",
                          "import unittest\n"
                          "\n"
                          "\n"
                          "class StrictTests(unittest.TestCase):\n"
                          "    def check_result(self, r):\n"
                          "        self.assertEqual(r, 2)\n"
                          "\n"
                          "    def test_strict(self):\n"
                          "        self.check_result(1 + 1)\n"
                          "\n"
                          "\n"
                          "class LooseTests(unittest.TestCase):\n"
                          "    def check_result(self, r):\n"
                          "        print(r)\n"
                          "\n"
                          "    def test_loose(self):\n"
                          "        self.check_result(1 + 1)\n");
    /* BUG: call_asserts matches `self.check_result` against every method of that name in
     * the file, whatever its class, so LooseTests.test_loose borrows StrictTests'
     * assertion and is not reported. */
    expect_symbols(p, "PH002", "LooseTests.test_loose");
}

static void test_calling_helper_two_levels_deep_that_asserts_is_not_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_chain.py",
                          "def level2(d):\n"
                          "    assert d[\"a\"] == 1\n"
                          "\n"
                          "\n"
                          "def level1(d):\n"
                          "    level2(d)\n"
                          "\n"
                          "\n"
                          "def test_chain():\n"
                          "    d = load()\n"
                          "    level1(d)\n");
    expect_symbols(p, "PH002", "");
}

/* test_chain.py: test_chain calls level1, level1 calls level2, and so on down to
 * level`depth`, the only function that asserts. */
static void put_helper_chain(ssot_test_project *p, int depth)
{
    char text[1024];
    size_t used = 0;
    for (int i = depth; i >= 1; i--) {
        if (i == depth)
            used += (size_t)snprintf(text + used, sizeof(text) - used,
                                     "def level%d(d):\n    assert d\n\n\n", i);
        else
            used += (size_t)snprintf(text + used, sizeof(text) - used,
                                     "def level%d(d):\n    level%d(d)\n\n\n", i, i + 1);
        assert_true(used < sizeof(text));
    }
    used += (size_t)snprintf(text + used, sizeof(text) - used,
                             "def test_chain():\n    level1(load())\n");
    assert_true(used < sizeof(text));
    ssot_test_project_put(p, "test_chain.py", text);
}

static void test_calling_helper_three_levels_deep_that_asserts_is_not_reported(void **state)
{
    ssot_test_project *p = *state;
    put_helper_chain(p, 3);
    expect_symbols(p, "PH002", "");
}

static void helper_four_levels_deep_is_beyond_the_limit_and_reported(void **state)
{
    ssot_test_project *p = *state;
    put_helper_chain(p, 4);
    expect_symbols(p, "PH002", "test_chain");
}

static void recursive_helpers_terminate_without_assertion(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_rec.py",
                          "def ping(n):\n"
                          "    pong(n - 1)\n"
                          "\n"
                          "\n"
                          "def pong(n):\n"
                          "    ping(n - 1)\n"
                          "\n"
                          "\n"
                          "def test_loop():\n"
                          "    ping(3)\n");
    expect_symbols(p, "PH002", "test_loop");
}

/* A bare name reaches another file's helper only through an import (aliases followed). */
static void helper_in_support_module_that_asserts_counts(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "tests/support.py",
                          "def compare_lists(a, b):\n"
                          "    assert sorted(a) == sorted(b)\n");
    ssot_test_project_put(p, "tests/test_lists.py",
                          "from tests import support\n"
                          "from tests.support import compare_lists as same\n"
                          "\n"
                          "\n"
                          "def test_module_attribute():\n"
                          "    support.compare_lists([2, 1], [1, 2])\n"
                          "\n"
                          "\n"
                          "def test_imported_name():\n"
                          "    same([2, 1], [1, 2])\n"
                          "\n"
                          "\n"
                          "def test_unbound_name():\n"
                          "    compare_lists([2, 1], [1, 2])  # not imported: not support's\n"
                          "\n"
                          "\n"
                          "def test_nothing():\n"
                          "    sorted([2, 1])\n");
    expect_symbols(p, "PH002", "test_unbound_name test_nothing");
}

/* A test function kept in a service file (a runnable docs example) asserts for the test that
 * runs it, by import or through a module it imported; a production function's own assert
 * is an invariant, not a check of the test that calls it. */
static void test_function_in_a_service_file_counts(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "docs/example.py",
                          "def total(items):\n"
                          "    assert items is not None\n"
                          "    return sum(items)\n"
                          "\n"
                          "\n"
                          "def test_total():\n"
                          "    assert total([1, 2]) == 3\n");
    ssot_test_project_put(p, "tests/test_docs.py",
                          "import importlib\n"
                          "\n"
                          "from docs.example import test_total, total\n"
                          "\n"
                          "\n"
                          "def test_runs_the_example():\n"
                          "    test_total()\n"
                          "\n"
                          "\n"
                          "def test_runs_it_through_the_module(example_module):\n"
                          "    run = example_module.test_total  # a module a fixture imports\n"
                          "    run()\n"
                          "\n"
                          "\n"
                          "def test_calls_production_code():\n"
                          "    total([1])\n");
    expect_symbols(p, "PH002", "test_calls_production_code");
}

static void method_call_resolves_through_its_receiver_only(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "tests/support.py",
                          "def check_lists(a, b):\n"
                          "    assert sorted(a) == sorted(b)\n"
                          "\n"
                          "\n"
                          "class Checker:\n"
                          "    def verify(self, x):\n"
                          "        assert x\n");
    ssot_test_project_put(p, "tests/other.py",
                          "def check_lists(a, b):\n"
                          "    return sorted(a) == sorted(b)\n");
    ssot_test_project_put(p, "tests/test_lists.py",
                          "import tests.support as s\n"
                          "from tests import other\n"
                          "from tests.support import Checker\n"
                          "\n"
                          "\n"
                          "def test_alias():\n"
                          "    s.check_lists([2, 1], [1, 2])\n"
                          "\n"
                          "\n"
                          "def test_other_module():\n"
                          "    other.check_lists([2, 1], [1, 2])\n"
                          "\n"
                          "\n"
                          "def test_instance():\n"
                          "    c = Checker()\n"
                          "    c.verify(1)\n"
                          "\n"
                          "\n"
                          "def test_unknown(client):\n"
                          "    client.verify(1)\n");
    expect_symbols(p, "PH002", "test_other_module test_unknown");
}

static void test_requesting_asserting_fixture_is_not_reported(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "tests/conftest.py",
                          "import pytest\n"
                          "\n"
                          "\n"
                          "@pytest.fixture\n"
                          "def checked_config():\n"
                          "    cfg = {\"debug\": False}\n"
                          "    yield cfg\n"
                          "    assert cfg[\"debug\"] is False\n"
                          "\n"
                          "\n"
                          "@pytest.fixture\n"
                          "def plain_config():\n"
                          "    return {\"debug\": False}\n");
    ssot_test_project_put(p, "tests/test_cfg.py",
                          "def test_uses_checked(checked_config):\n"
                          "    checked_config.update(x=1)\n"
                          "\n"
                          "\n"
                          "def test_uses_plain(plain_config):\n"
                          "    plain_config.update(x=1)\n");
    expect_symbols(p, "PH002", "test_uses_plain");
}

static void unresolvable_assert_name_counts_and_other_verbs_do_not(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_v.py",
                          "def test_verified():\n"
                          "    x = compute(1)\n"
                          "    verify_output(x)\n"
                          "\n"
                          "\n"
                          "def test_unchecked():\n"
                          "    x = compute(1)\n"
                          "\n"
                          "\n"
                          "def test_method_check():\n"
                          "    client.ensure_ok(compute(1))\n"
                          "\n"
                          "\n"
                          "def test_asserted():\n"
                          "    client.assert_ok(compute(1))\n"
                          "\n"
                          "\n"
                          "def test_chained_assert():\n"
                          "    run(1).assert_outcomes(passed=1)\n");
    expect_symbols(p, "PH002", "test_verified test_unchecked test_method_check");
}

static void test_calling_only_compute_is_reported_once_with_its_position(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_c.py",
                          "import app\n"
                          "\n"
                          "\n"
                          "def test_compute():\n"
                          "    app.compute(2)\n");
    ssot_run r;
    ssot_test_project_run(p, "PH002", 1, &r);
    assert_int_equal(reported(&r, "PH002", "test_compute"), 1);
    assert_int_equal(r.diag_count, 1);
    assert_int_equal(r.diags[0]->span.row, 4);
    assert_non_null(strstr(r.diags[0]->message, "test_compute"));
    ssot_run_fini(&r);
}

int main(void)
{
#define T(name)                                                                                    \
    cmocka_unit_test_setup_teardown(name, ssot_test_project_setup, ssot_test_project_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(is_pytest_file_matches_test_prefix_and_suffix),
        cmocka_unit_test(is_test_path_accepts_test_folders_conftest_and_pytest_files),
        cmocka_unit_test(is_test_path_rejects_service_paths_that_only_contain_test),
        cmocka_unit_test(is_testcase_root_knows_unittest_django_and_drf_roots),
        T(empty_module_test_in_pytest_file_is_reported),
        T(empty_module_test_outside_pytest_file_is_not_a_test),
        T(empty_method_of_unittest_testcase_is_reported),
        T(empty_test_of_subclass_of_testcase_base_in_other_file_is_reported),
        T(empty_test_of_subclass_of_plain_base_in_other_file_is_not_a_test),
        T(empty_test_of_subclass_of_testcase_base_in_service_module_is_reported),
        T(pytest_class_without_init_is_collected),
        T(pytest_class_with_init_is_not_collected),
        T(class_without_test_prefix_or_testcase_base_is_not_collected),
        T(fixture_named_like_a_test_is_not_a_test),
        T(class_with_dunder_test_false_is_not_collected),
        T(module_with_dunder_test_false_has_no_tests),
        T(empty_template_test_overridden_by_subclass_is_not_reported),
        T(nested_function_named_test_is_not_a_test),
        T(async_empty_test_is_reported),
        T(test_calling_asserting_self_helper_is_not_reported),
        T(test_calling_non_asserting_self_helper_is_reported),
        T(self_helper_resolves_to_own_class_not_to_namesake_in_other_class),
        T(test_calling_helper_two_levels_deep_that_asserts_is_not_reported),
        T(test_calling_helper_three_levels_deep_that_asserts_is_not_reported),
        T(helper_four_levels_deep_is_beyond_the_limit_and_reported),
        T(recursive_helpers_terminate_without_assertion),
        T(helper_in_support_module_that_asserts_counts),
        T(test_function_in_a_service_file_counts),
        T(method_call_resolves_through_its_receiver_only),
        T(test_requesting_asserting_fixture_is_not_reported),
        T(unresolvable_assert_name_counts_and_other_verbs_do_not),
        T(test_calling_only_compute_is_reported_once_with_its_position),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
