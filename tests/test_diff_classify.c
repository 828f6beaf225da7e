/* tests/test_diff_classify.c - the deltas of one test between two revisions, the summary and
 * the kind names (analyzer/diff/classify.c, deltas.c, kinds.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analyzer/diff/diff.h"

static ssot_diff_check check(ssot_check_form form, const char *text)
{
    ssot_diff_check c = {0};
    c.kind = form == SSOT_CHECK_RAISES ? SSOT_ASSERT_RAISES : SSOT_ASSERT_STATEMENT;
    c.form = form;
    c.row = 2;
    c.text = text;
    return c;
}

static ssot_diff_check raises(const char *exception, const char *text)
{
    ssot_diff_check c = check(SSOT_CHECK_RAISES, text);
    c.exception = exception;
    return c;
}

static ssot_diff_test test(ssot_diff_check *checks, size_t n)
{
    ssot_diff_test t = {0};
    t.path = "tests/test_a.py";
    t.symbol = "test_a";
    t.row = 1;
    t.checks = checks;
    t.check_count = n;
    return t;
}

/* The kinds classify gives, in order, as one string: "assertion-weakened,test-added". */
static const char *kinds(const ssot_diff_test *base, const ssot_diff_test *head)
{
    static char out[512];
    ssot_delta_list list;
    ssot_delta_list_init(&list);
    ssot_diff_classify_test(base, head, &list);
    out[0] = '\0';
    for (size_t i = 0; i < list.count; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, ssot_delta_kind_name(list.items[i].kind));
    }
    ssot_delta_list_fini(&list);
    return out;
}

static void comparison_that_became_a_truth_check_is_weakened(void **state)
{
    (void)state;
    ssot_diff_check b[] = {check(SSOT_CHECK_COMPARISON, "assert x == 3")};
    ssot_diff_check h[] = {check(SSOT_CHECK_TRUTH, "assert x")};
    ssot_diff_test tb = test(b, 1), th = test(h, 1);
    assert_string_equal(kinds(&tb, &th), "assertion-weakened");
    assert_string_equal(kinds(&th, &tb), "assertion-strengthened");
}

static void specific_exception_that_became_broad_is_weakened(void **state)
{
    (void)state;
    ssot_diff_check b[] = {raises("ValueError", "pytest.raises(ValueError)")};
    ssot_diff_check h[] = {raises("Exception", "pytest.raises(Exception)")};
    ssot_diff_check t[] = {raises("(KeyError,Exception)", "pytest.raises((KeyError, Exception))")};
    ssot_diff_check n[] = {raises(NULL, "self.assertRaises()")};
    ssot_diff_check q[] = {raises("builtins.BaseException", "raises(builtins.BaseException)")};
    ssot_diff_test tb = test(b, 1), th = test(h, 1), tt = test(t, 1), tn = test(n, 1),
                   tq = test(q, 1);
    assert_string_equal(kinds(&tb, &th), "assertion-weakened");
    assert_string_equal(kinds(&tb, &tt), "assertion-weakened");
    assert_string_equal(kinds(&tb, &tn), "assertion-weakened");
    assert_string_equal(kinds(&tb, &tq), "assertion-weakened");
    assert_string_equal(kinds(&th, &tb), "assertion-strengthened");
    /* another specific exception claims as much */
    ssot_diff_check k[] = {raises("KeyError", "pytest.raises(KeyError)")};
    ssot_diff_check m[] = {raises("(KeyError,MyException)", "pytest.raises((KeyError, My...")};
    ssot_diff_test tk = test(k, 1), tm = test(m, 1);
    assert_string_equal(kinds(&tb, &tk), "");
    assert_string_equal(kinds(&tb, &tm), ""); /* a project's own `MyException` is specific */
}

static void rewrite_that_claims_as_much_is_no_delta(void **state)
{
    (void)state;
    ssot_diff_check b[] = {check(SSOT_CHECK_COMPARISON, "assert x == 3")};
    ssot_diff_check h[] = {check(SSOT_CHECK_COMPARISON, "assert y == 4")};
    ssot_diff_test tb = test(b, 1), th = test(h, 1);
    assert_string_equal(kinds(&tb, &th), "");
    assert_string_equal(kinds(&tb, &tb), "");
}

static void a_multiline_assertion_is_compared_by_what_it_claims(void **state)
{
    (void)state;
    /* `assert (\n    x == 3\n)` became `assert (\n    x\n)`: the same first line */
    ssot_diff_check b[] = {check(SSOT_CHECK_COMPARISON, "assert (")};
    ssot_diff_check h[] = {check(SSOT_CHECK_TRUTH, "assert (")};
    ssot_diff_test tb = test(b, 1), th = test(h, 1);
    assert_string_equal(kinds(&tb, &th), "assertion-weakened");
}

static void fewer_assertions_are_removed_ones(void **state)
{
    (void)state;
    ssot_diff_check b[] = {check(SSOT_CHECK_COMPARISON, "assert x == 3"),
                           check(SSOT_CHECK_COMPARISON, "assert y > 1")};
    ssot_diff_test tb = test(b, 2), th = test(b, 1);
    assert_string_equal(kinds(&tb, &th), "assertion-removed");
    assert_string_equal(kinds(&th, &tb), "assertion-added");
}

static void a_raises_check_is_not_paired_with_a_statement(void **state)
{
    (void)state;
    ssot_diff_check b[] = {raises("ValueError", "pytest.raises(ValueError)")};
    ssot_diff_check h[] = {check(SSOT_CHECK_TRUTH, "assert x")};
    ssot_diff_test tb = test(b, 1), th = test(h, 1);
    assert_string_equal(kinds(&tb, &th), "assertion-removed,assertion-added");
}

static void always_true_assertion_added_is_reported_once(void **state)
{
    (void)state;
    ssot_diff_check real = check(SSOT_CHECK_COMPARISON, "assert x == 3");
    ssot_diff_check constant = check(SSOT_CHECK_TRUTH, "assert True");
    constant.flags = SSOT_AF_CONSTANT;
    ssot_diff_check b[] = {real}, h[] = {real, constant};
    ssot_diff_test tb = test(b, 1), th = test(h, 2);
    assert_string_equal(kinds(&tb, &th), "always-true-added");
    assert_string_equal(kinds(&th, &th), ""); /* it was there already */
    /* `assert False` is an explicit failure, not an always-true assertion */
    ssot_diff_check fail = check(SSOT_CHECK_TRUTH, "assert False");
    fail.flags = SSOT_AF_CONSTANT | SSOT_AF_EXPLICIT_FAIL;
    ssot_diff_check f[] = {real, fail};
    ssot_diff_test tf = test(f, 2);
    assert_string_equal(kinds(&tb, &tf), "assertion-added");
}

static void assertions_that_cannot_fail_the_test_are_left_out(void **state)
{
    (void)state;
    ssot_diff_check swallowed = check(SSOT_CHECK_COMPARISON, "assert x == 3");
    swallowed.flags = SSOT_AF_SWALLOWED;
    ssot_diff_check b[] = {swallowed};
    ssot_diff_test tb = test(b, 1), th = test(NULL, 0);
    assert_string_equal(kinds(&tb, &th), "");
}

static void a_skip_says_it_all(void **state)
{
    (void)state;
    ssot_diff_check b[] = {check(SSOT_CHECK_COMPARISON, "assert x == 3")};
    ssot_diff_test tb = test(b, 1), th = test(NULL, 0);
    th.never_runs = true;
    assert_string_equal(kinds(&tb, &th), "test-skipped");
    assert_string_equal(kinds(&th, &tb), "test-unskipped");
    assert_string_equal(kinds(&th, &th), ""); /* skipped on both sides */
}

static void emptied_and_stubbed_tests(void **state)
{
    (void)state;
    ssot_diff_check b[] = {check(SSOT_CHECK_COMPARISON, "assert x == 3")};
    ssot_diff_test tb = test(b, 1), empty = test(NULL, 0), doc = test(NULL, 0),
                   stub = test(NULL, 0), todo = test(NULL, 0);
    empty.shape = SSOT_BODY_EMPTY;
    doc.shape = SSOT_BODY_DOCSTRING_ONLY;
    stub.shape = SSOT_BODY_STUB;
    todo.shape = SSOT_BODY_EMPTY;
    todo.todo = true;
    assert_string_equal(kinds(&tb, &empty), "test-emptied");
    assert_string_equal(kinds(&tb, &doc), "test-emptied");
    assert_string_equal(kinds(&tb, &stub), "test-stubbed");
    assert_string_equal(kinds(&tb, &todo), "test-stubbed");
    /* a placeholder that stays one is no news */
    assert_string_equal(kinds(&empty, &stub), "");
}

static void helper_that_asserts_counts_as_an_assertion(void **state)
{
    (void)state;
    ssot_diff_test tb = test(NULL, 0), th = test(NULL, 0);
    tb.helper_asserts = true;
    assert_string_equal(kinds(&tb, &th), "assertion-removed");
    assert_string_equal(kinds(&th, &tb), "assertion-added");
}

static void tests_removed_and_added(void **state)
{
    (void)state;
    ssot_diff_test t = test(NULL, 0);
    assert_string_equal(kinds(&t, NULL), "test-removed");
    assert_string_equal(kinds(NULL, &t), "test-added");
    assert_string_equal(kinds(NULL, NULL), "");
}

static void summary_says_which_way_and_what_fails(void **state)
{
    (void)state;
    ssot_delta_list list;
    ssot_delta_list_init(&list);
    ssot_diff_summary s = {0};
    bool fail_on[SSOT_DELTA_KIND_COUNT] = {0};
    fail_on[SSOT_DELTA_TEST_SKIPPED] = true;
    ssot_diff_summarize(&list, fail_on, &s);
    assert_int_equal(s.verdict, SSOT_DIFF_UNCHANGED);
    ssot_delta_add(&list, SSOT_DELTA_TEST_ADDED, "a.py", "t", 1, NULL, NULL, "m");
    ssot_diff_summarize(&list, fail_on, &s);
    assert_int_equal(s.verdict, SSOT_DIFF_STRONGER);
    ssot_delta_add(&list, SSOT_DELTA_ASSERTION_REMOVED, "a.py", "t", 2, "assert x", NULL, "m");
    ssot_diff_summarize(&list, fail_on, &s);
    assert_int_equal(s.verdict, SSOT_DIFF_MIXED);
    assert_int_equal(s.failing, 0);
    ssot_delta_add(&list, SSOT_DELTA_TEST_SKIPPED, "a.py", "u", 3, NULL, NULL, "m");
    ssot_diff_summarize(&list, fail_on, &s);
    assert_int_equal(s.failing, 1);
    assert_int_equal(s.weaker, 2);
    assert_int_equal(s.stronger, 1);
    assert_int_equal(s.counts[SSOT_DELTA_ASSERTION_REMOVED], 1);
    ssot_delta_list_sort(&list);
    assert_int_equal(list.items[0].kind, SSOT_DELTA_ASSERTION_REMOVED); /* weaker first */
    assert_int_equal(list.items[2].kind, SSOT_DELTA_TEST_ADDED);
    assert_string_equal(ssot_diff_verdict_name(SSOT_DIFF_WEAKER), "weaker");
    ssot_delta_list_fini(&list);
}

static void kind_names_round_trip(void **state)
{
    (void)state;
    const char *const *names = ssot_delta_kind_names();
    size_t n = 0;
    for (; names[n]; n++) {
        ssot_delta_kind k;
        assert_true(ssot_delta_kind_parse(names[n], &k));
        assert_int_equal(k, n);
        assert_string_equal(ssot_delta_kind_name(k), names[n]);
    }
    assert_int_equal(n, SSOT_DELTA_KIND_COUNT);
    ssot_delta_kind k;
    assert_false(ssot_delta_kind_parse("assertion-remove", &k));
    assert_true(ssot_delta_kind_weakens(SSOT_DELTA_CONTRACT_UNCOVERED));
    assert_false(ssot_delta_kind_weakens(SSOT_DELTA_PLACEHOLDER_FIXED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comparison_that_became_a_truth_check_is_weakened),
        cmocka_unit_test(specific_exception_that_became_broad_is_weakened),
        cmocka_unit_test(rewrite_that_claims_as_much_is_no_delta),
        cmocka_unit_test(a_multiline_assertion_is_compared_by_what_it_claims),
        cmocka_unit_test(fewer_assertions_are_removed_ones),
        cmocka_unit_test(a_raises_check_is_not_paired_with_a_statement),
        cmocka_unit_test(always_true_assertion_added_is_reported_once),
        cmocka_unit_test(assertions_that_cannot_fail_the_test_are_left_out),
        cmocka_unit_test(a_skip_says_it_all),
        cmocka_unit_test(emptied_and_stubbed_tests),
        cmocka_unit_test(helper_that_asserts_counts_as_an_assertion),
        cmocka_unit_test(tests_removed_and_added),
        cmocka_unit_test(summary_says_which_way_and_what_fails),
        cmocka_unit_test(kind_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
