/* analyzer/frontend/c/c_vocab.c - the assertion vocabulary of the C/C++ test frameworks:
 * gtest/gmock, cmocka, Unity, Check, Catch2, doctest (and the C library's assert). */
#include "analyzer/frontend/c/c_internal.h"

#include <string.h>

static bool prefix(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

static bool one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

/* doctest spells every macro also as DOCTEST_X, Catch2 as CATCH_X. */
const char *c_vocab_unprefixed(const char *name)
{
    if (prefix(name, "DOCTEST_"))
        return name + 8;
    if (prefix(name, "CATCH_"))
        return name + 6;
    return name;
}

c_word c_vocab_word(const char *name)
{
    static const char *const fails[] = {"FAIL", "ADD_FAILURE", "ADD_FAILURE_AT", "GTEST_FAIL",
                                        "GTEST_FAIL_AT", "fail", "fail_msg", "TEST_FAIL",
                                        "TEST_FAIL_MESSAGE", "FAIL_CHECK", "TEST_MESSAGE_FAIL",
                                        /* the process fails: C's `if (bad) abort();` is
                                           Python's `if bad: raise AssertionError` */
                                        "abort", "__builtin_trap", NULL};
    static const char *const skips[] = {"GTEST_SKIP", "skip", "SKIP", "TEST_IGNORE",
                                        "TEST_IGNORE_MESSAGE", NULL};
    static const char *const asserts[] = {
        "assert", "static_assert", "_Static_assert", "REQUIRE", "CHECK", "REQUIRE_FALSE",
        "CHECK_FALSE", "STATIC_REQUIRE", "STATIC_CHECK", "STATIC_REQUIRE_FALSE",
        "STATIC_CHECK_FALSE", "CHECKED_IF", "CHECKED_ELSE", "fail_unless", "fail_if",
        /* gtest's compile-time type check, as static_assert */
        "StaticAssertTypeEq", NULL};
    name = c_vocab_unprefixed(name);
    if (one_of(name, fails) || prefix(name, "ck_abort"))
        return C_WORD_FAIL;
    if (one_of(name, skips))
        return C_WORD_SKIP;
    /* cmocka fails a test whose will_return values are left unconsumed (all but
       will_return_maybe): like expect_*, they verify that the double was called */
    if (!strcmp(name, "ON_CALL") || !strcmp(name, "will_return_maybe") ||
        prefix(name, "ignore_function_calls"))
        return C_WORD_CONFIG;
    if (!strcmp(name, "EXPECT_CALL") || prefix(name, "expect_") ||
        prefix(name, "check_expected") || prefix(name, "will_return"))
        return C_WORD_MOCK_CHECK;
    if (prefix(name, "UnityFail"))
        return C_WORD_FAIL;
    if (prefix(name, "UnityAssert") || prefix(name, "UNITY_TEST_ASSERT"))
        return C_WORD_ASSERT;
    if (one_of(name, asserts))
        return C_WORD_ASSERT;
    if (prefix(name, "EXPECT_") || prefix(name, "ASSERT_") || prefix(name, "assert_") ||
        prefix(name, "TEST_ASSERT") || prefix(name, "ck_assert") || prefix(name, "REQUIRE_") ||
        prefix(name, "CHECK_") || prefix(name, "BOOST_CHECK") || prefix(name, "BOOST_REQUIRE") ||
        prefix(name, "GTEST_ASSERT_") || prefix(name, "GTEST_EXPECT_"))
        return C_WORD_ASSERT;
    return C_WORD_NONE;
}

int c_vocab_truth(const char *name)
{
    static const char *const yes[] = {"EXPECT_TRUE", "ASSERT_TRUE", "assert_true", "assert",
                                      "TEST_ASSERT", "TEST_ASSERT_TRUE", "TEST_ASSERT_TRUE_MESSAGE",
                                      "TEST_ASSERT_MESSAGE", "ck_assert", "ck_assert_msg",
                                      "REQUIRE", "CHECK", "STATIC_REQUIRE", "STATIC_CHECK",
                                      "fail_unless", "BOOST_CHECK", "BOOST_REQUIRE",
                                      "GTEST_ASSERT_TRUE", "GTEST_EXPECT_TRUE", NULL};
    static const char *const no[] = {"EXPECT_FALSE", "ASSERT_FALSE", "assert_false",
                                     "TEST_ASSERT_FALSE", "TEST_ASSERT_FALSE_MESSAGE",
                                     "TEST_ASSERT_UNLESS", "REQUIRE_FALSE", "CHECK_FALSE",
                                     "fail_if", "GTEST_ASSERT_FALSE", "GTEST_EXPECT_FALSE", NULL};
    name = c_vocab_unprefixed(name);
    return one_of(name, yes) ? 1 : one_of(name, no) ? -1 : 0;
}

static bool ends(const char *s, const char *e)
{
    size_t n = strlen(s), k = strlen(e);
    return n >= k && !strcmp(s + n - k, e);
}

int c_vocab_equality(const char *name)
{
    name = c_vocab_unprefixed(name);
    if (strstr(name, "NOT_EQUAL") || strstr(name, "not_equal") || ends(name, "_NE") ||
        ends(name, "_ne") || ends(name, "STRNE") || ends(name, "CASENE"))
        return -1;
    if (strstr(name, "EQUAL") || strstr(name, "equal") || ends(name, "_EQ") ||
        ends(name, "_eq") || ends(name, "STREQ") || ends(name, "CASEEQ"))
        return 1;
    return 0;
}

bool c_vocab_exit_failure(const char *name, const char *first_arg)
{
    if (strcmp(name, "exit") && strcmp(name, "_exit") && strcmp(name, "_Exit"))
        return false;
    return first_arg && (!strcmp(first_arg, "EXIT_FAILURE") ||
                         (first_arg[0] >= '1' && first_arg[0] <= '9'));
}
