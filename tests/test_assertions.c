/* tests/test_assertions.c - the assertion vocabulary A1-A8 (analyzer/facts/assertions.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analyzer/facts/assertions.h"

static ssot_assert_kind classify(const char *callee)
{
    return ssot_assertion_classify(callee, NULL);
}

/* ---- A2: unittest methods ---- */

static void classify_self_assert_is_unittest_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("self.assertEqual"), SSOT_ASSERT_UNITTEST);
    assert_int_equal(classify("self.assertTrue"), SSOT_ASSERT_UNITTEST);
    assert_int_equal(classify("self.assertIn"), SSOT_ASSERT_UNITTEST);
    assert_int_equal(classify("cls.assertEqual"), SSOT_ASSERT_UNITTEST);
}

static void classify_self_fail_is_unittest_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("self.fail"), SSOT_ASSERT_UNITTEST);
    assert_int_equal(classify("self.failUnless"), SSOT_ASSERT_UNITTEST);
}

static void classify_assert_method_on_other_receiver_is_not_unittest(void **state)
{
    (void)state;
    /* `self.client.assertEqual` is not a TestCase method; `other.assertEqual` neither */
    assert_int_not_equal(classify("self.client.assertEqual"), SSOT_ASSERT_UNITTEST);
    assert_int_not_equal(classify("other.assertEqual"), SSOT_ASSERT_UNITTEST);
}

/* ---- A3: raises, warns, fail ---- */

static void classify_pytest_raises_is_raises_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("pytest.raises"), SSOT_ASSERT_RAISES);
    assert_int_equal(classify("pytest.warns"), SSOT_ASSERT_RAISES);
    assert_int_equal(classify("pytest.deprecated_call"), SSOT_ASSERT_RAISES);
}

static void classify_self_assert_raises_regex_is_raises_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("self.assertRaisesRegex"), SSOT_ASSERT_RAISES);
    assert_int_equal(classify("self.assertRaises"), SSOT_ASSERT_RAISES);
    assert_int_equal(classify("self.assertWarns"), SSOT_ASSERT_RAISES);
    assert_int_equal(classify("self.assertLogs"), SSOT_ASSERT_RAISES);
}

static void classify_pytest_fail_is_raises_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("pytest.fail"), SSOT_ASSERT_RAISES);
}

static void is_raises_accepts_raising_context_managers_only(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_raises("pytest.raises"));
    assert_true(ssot_assertion_is_raises("pytest.warns"));
    assert_true(ssot_assertion_is_raises("raises"));
    assert_true(ssot_assertion_is_raises("self.assertRaisesRegex"));
    assert_true(ssot_assertion_is_raises("self.assertWarnsRegex"));
    assert_true(ssot_assertion_is_raises("self.assertLogs"));
    assert_false(ssot_assertion_is_raises("self.assertEqual"));
    assert_false(ssot_assertion_is_raises("pytest.fail"));
    assert_false(ssot_assertion_is_raises("self.client.assertRaises"));
    assert_false(ssot_assertion_is_raises("print"));
}

static void is_fail_call_accepts_pytest_fail_and_self_fail(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_fail_call("pytest.fail"));
    assert_true(ssot_assertion_is_fail_call("self.fail"));
    assert_true(ssot_assertion_is_fail_call("fail"));
    assert_false(ssot_assertion_is_fail_call("self.failUnless"));
    assert_false(ssot_assertion_is_fail_call("pytest.skip"));
    assert_false(ssot_assertion_is_fail_call("job.fail_fast"));
}

static void is_skip_call_accepts_pytest_skip_and_skip_test(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_skip_call("pytest.skip"));
    assert_true(ssot_assertion_is_skip_call("self.skipTest"));
    assert_false(ssot_assertion_is_skip_call("pytest.fail"));
    assert_false(ssot_assertion_is_skip_call("pytest.mark.skip"));
    assert_false(ssot_assertion_is_skip_call("self.skip_if_slow"));
}

/* ---- A4: mock verification ---- */

static void classify_mock_assert_called_once_with_is_mock_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("m.assert_called_once_with"), SSOT_ASSERT_MOCK);
    assert_int_equal(classify("mock_send.assert_called_once"), SSOT_ASSERT_MOCK);
    assert_int_equal(classify("self.mailer.send.assert_not_called"), SSOT_ASSERT_MOCK);
    assert_int_equal(classify("m.assert_has_calls"), SSOT_ASSERT_MOCK);
    assert_int_equal(classify("m.assert_awaited_once"), SSOT_ASSERT_MOCK);
}

static void classify_bare_mock_method_name_without_receiver_is_not_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("assert_called_once"), 0);
    assert_int_equal(classify("assert_called_once_with"), 0);
}

static void is_mock_method_knows_assertion_methods_only(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_mock_method("assert_called_once_with"));
    assert_true(ssot_assertion_is_mock_method("assert_not_called"));
    assert_true(ssot_assertion_is_mock_method("assert_any_call"));
    assert_true(ssot_assertion_is_mock_method("assert_awaited"));
    assert_false(ssot_assertion_is_mock_method("called_once_with"));
    assert_false(ssot_assertion_is_mock_method("assert_called_twice"));
    assert_false(ssot_assertion_is_mock_method("call_count"));
}

static void mock_assert_methods_list_is_null_terminated_and_consistent(void **state)
{
    (void)state;
    size_t n = 0;
    for (const char *const *m = ssot_mock_assert_methods; *m; m++, n++) {
        assert_true(strncmp(*m, "assert_", 7) == 0);
        assert_true(ssot_assertion_is_mock_method(*m));
    }
    assert_true(n >= 10);
}

static void is_mock_attribute_knows_real_attributes_not_child_mocks(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_mock_attribute("called"));
    assert_true(ssot_assertion_is_mock_attribute("call_count"));
    assert_true(ssot_assertion_is_mock_attribute("call_args_list"));
    assert_true(ssot_assertion_is_mock_attribute("return_value"));
    assert_true(ssot_assertion_is_mock_attribute("side_effect"));
    assert_true(ssot_assertion_is_mock_attribute("_mock_children"));
    assert_true(ssot_assertion_is_mock_attribute("assert_called_once"));
    assert_false(ssot_assertion_is_mock_attribute("sent"));
    assert_false(ssot_assertion_is_mock_attribute("called_once_with"));
    assert_false(ssot_assertion_is_mock_attribute("send"));
}

/* ---- A5: assertion libraries ---- */

static void classify_numpy_testing_is_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("np.testing.assert_allclose"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("numpy.testing.assert_array_equal"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("npt.assert_equal"), SSOT_ASSERT_LIBRARY);
}

static void classify_pandas_testing_is_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("pd.testing.assert_frame_equal"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("tm.assert_series_equal"), SSOT_ASSERT_LIBRARY);
}

static void classify_testing_module_function_not_named_assert_is_not_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("np.testing.suppress_warnings"), 0);
}

static void classify_assert_that_is_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("assert_that"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("hamcrest.assert_that"), SSOT_ASSERT_LIBRARY);
}

static void classify_pytest_check_is_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("check.equal"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("check.is_true"), SSOT_ASSERT_LIBRARY);
}

static void classify_regression_fixture_check_is_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("data_regression.check"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("file_regression.check"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("snapshot.assert_match"), SSOT_ASSERT_LIBRARY);
}

static void classify_check_on_other_receiver_is_not_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("health.check"), 0);
    assert_int_equal(classify("regression.check"), 0);
}

/* ---- not assertions ---- */

static void classify_plain_calls_are_not_assertions(void **state)
{
    (void)state;
    assert_int_equal(classify("print"), 0);
    assert_int_equal(classify("self.helper"), 0);
    assert_int_equal(classify("client.patch"), 0);
    assert_int_equal(classify("compute"), 0);
    assert_int_equal(classify("self.setUp"), 0);
    assert_int_equal(classify("json.loads"), 0);
}

/* ---- A8: named checks ---- */

static void is_named_check_accepts_assert_names_only(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_named_check("_assert_ok"));
    assert_true(ssot_assertion_is_named_check("assert_valid"));
    assert_true(ssot_assertion_is_named_check("assertoutcome"));
    assert_true(ssot_assertion_is_named_check("assert_outcomes"));
}

static void is_named_check_rejects_other_verbs(void **state)
{
    (void)state;
    /* a verb in a name is weak evidence: `validator.validate_python({...})` checks nothing
     * the test looks at unless a body or the configuration says so */
    assert_false(ssot_assertion_is_named_check("check_output"));
    assert_false(ssot_assertion_is_named_check("verify_x"));
    assert_false(ssot_assertion_is_named_check("expect_error"));
    assert_false(ssot_assertion_is_named_check("ensure_saved"));
    assert_false(ssot_assertion_is_named_check("validate_python"));
    assert_false(ssot_assertion_is_named_check("should_fail"));
    assert_false(ssot_assertion_is_named_check("must_match"));
    assert_false(ssot_assertion_is_named_check("setup"));
    assert_false(ssot_assertion_is_named_check("run"));
    assert_false(ssot_assertion_is_named_check("reassert"));
    assert_false(ssot_assertion_is_named_check("_"));
    assert_false(ssot_assertion_is_named_check(""));
}

/* ---- pytester's LineMatcher ---- */

static void classify_run_result_output_matcher_is_library_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("result.stdout.fnmatch_lines"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("result.stderr.no_fnmatch_line"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("res.stdout.re_match_lines"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("result.stdout.no_re_match_line"), SSOT_ASSERT_LIBRARY);
}

static void classify_line_matcher_name_elsewhere_is_not_assertion(void **state)
{
    (void)state;
    assert_int_equal(classify("fnmatch_lines"), 0);
    assert_int_equal(classify("matcher.fnmatch_lines"), 0); /* the front end decides */
    assert_int_equal(classify("result.stdout.str"), 0);
    assert_int_equal(classify("result.outlines.fnmatch_lines"), 0);
    assert_true(ssot_assertion_is_line_matcher("fnmatch_lines"));
    assert_false(ssot_assertion_is_line_matcher("str"));
}

static void spawn_expect_and_check_call_fail_the_test(void **state)
{
    (void)state;
    assert_true(ssot_assertion_is_spawn_expect("pexpect.spawn", "expect"));
    assert_true(ssot_assertion_is_spawn_expect("pytester.spawn_pytest", "expect_exact"));
    assert_false(ssot_assertion_is_spawn_expect("pytester.spawn_pytest", "sendline"));
    assert_false(ssot_assertion_is_spawn_expect("Session", "expect"));
    assert_int_equal(classify("subprocess.check_call"), SSOT_ASSERT_LIBRARY);
    assert_int_equal(classify("subprocess.run"), 0);
    assert_int_equal(classify("subprocess.check_output"), 0); /* its output is the point */
}

/* ---- ssot_last_segment ---- */

static void last_segment_returns_text_after_last_dot(void **state)
{
    (void)state;
    const char *dotted = "np.testing.assert_allclose";
    const char *last = ssot_last_segment(dotted);
    assert_string_equal(last, "assert_allclose");
    assert_ptr_equal(last, dotted + strlen("np.testing."));
}

static void last_segment_of_undotted_name_is_the_name(void **state)
{
    (void)state;
    const char *name = "compute";
    assert_ptr_equal(ssot_last_segment(name), name);
    assert_string_equal(ssot_last_segment(""), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classify_self_assert_is_unittest_assertion),
        cmocka_unit_test(classify_self_fail_is_unittest_assertion),
        cmocka_unit_test(classify_assert_method_on_other_receiver_is_not_unittest),
        cmocka_unit_test(classify_pytest_raises_is_raises_assertion),
        cmocka_unit_test(classify_self_assert_raises_regex_is_raises_assertion),
        cmocka_unit_test(classify_pytest_fail_is_raises_assertion),
        cmocka_unit_test(is_raises_accepts_raising_context_managers_only),
        cmocka_unit_test(is_fail_call_accepts_pytest_fail_and_self_fail),
        cmocka_unit_test(is_skip_call_accepts_pytest_skip_and_skip_test),
        cmocka_unit_test(classify_mock_assert_called_once_with_is_mock_assertion),
        cmocka_unit_test(classify_bare_mock_method_name_without_receiver_is_not_assertion),
        cmocka_unit_test(is_mock_method_knows_assertion_methods_only),
        cmocka_unit_test(mock_assert_methods_list_is_null_terminated_and_consistent),
        cmocka_unit_test(is_mock_attribute_knows_real_attributes_not_child_mocks),
        cmocka_unit_test(classify_numpy_testing_is_library_assertion),
        cmocka_unit_test(classify_pandas_testing_is_library_assertion),
        cmocka_unit_test(classify_testing_module_function_not_named_assert_is_not_assertion),
        cmocka_unit_test(classify_assert_that_is_library_assertion),
        cmocka_unit_test(classify_pytest_check_is_library_assertion),
        cmocka_unit_test(classify_regression_fixture_check_is_library_assertion),
        cmocka_unit_test(classify_check_on_other_receiver_is_not_library_assertion),
        cmocka_unit_test(classify_plain_calls_are_not_assertions),
        cmocka_unit_test(is_named_check_accepts_assert_names_only),
        cmocka_unit_test(is_named_check_rejects_other_verbs),
        cmocka_unit_test(classify_run_result_output_matcher_is_library_assertion),
        cmocka_unit_test(classify_line_matcher_name_elsewhere_is_not_assertion),
        cmocka_unit_test(spawn_expect_and_check_call_fail_the_test),
        cmocka_unit_test(last_segment_returns_text_after_last_dot),
        cmocka_unit_test(last_segment_of_undotted_name_is_the_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
