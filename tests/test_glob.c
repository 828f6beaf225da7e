/* tests/test_glob.c - path globs (analyzer/base/glob.c): component globs without a slash, path
 * globs with one, `*` inside one folder, `**` across any number (none included), folder
 * patterns covering what is below them, and invalid globs with their offset. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "analyzer/base/glob.h"

static ssot_glob *compile(const char *pattern)
{
    char err[256];
    ssot_glob *g = ssot_glob_new(pattern, err, sizeof(err));
    if (!g)
        fail_msg("`%s` did not compile: %s", pattern, err);
    return g;
}

/* Every path in the NULL-terminated `yes` matches `pattern`, none in `no` does. */
static void check(const char *pattern, const char *const *yes, const char *const *no)
{
    ssot_glob *g = compile(pattern);
    for (; *yes; yes++)
        if (!ssot_glob_match(g, *yes))
            fail_msg("`%s` should match `%s`", pattern, *yes);
    for (; *no; no++)
        if (ssot_glob_match(g, *no))
            fail_msg("`%s` should not match `%s`", pattern, *no);
    ssot_glob_free(g);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

static void glob_without_slash_matches_any_component(void **state)
{
    (void)state;
    check("migrations",
          LIST("migrations", "migrations/0001_init.py", "app/migrations/x.py", "a/b/migrations"),
          LIST("app/migrations_old/x.py", "app/old_migrations/x.py", "migrations.py"));
    check("*_pb2.py", LIST("x_pb2.py", "a/b/x_pb2.py", "proto/api_pb2.py"),
          LIST("a/x_pb2.pyc", "a/x_pb2.py.bak", "x_pb2_py"));
}

static void glob_leading_double_star_matches_top_level_and_deep(void **state)
{
    (void)state;
    check("**/test_*.py", LIST("test_a.py", "a/test_b.py", "a/b/c/test_c.py"),
          LIST("a/xtest_d.py", "test_a.pyc", "tests/conftest.py"));
}

static void glob_trailing_double_star_matches_folder_and_contents(void **state)
{
    (void)state;
    check("tests/**", LIST("tests/a.py", "tests/a/b.py", "tests/a/b/c/d.py"),
          LIST("a/tests/b.py", "testsx/a.py", "xtests/a.py", "test/a.py"));
    ssot_glob *g = compile("tests/**");
    assert_true(ssot_glob_match_folder(g, "tests"));
    assert_true(ssot_glob_match_folder(g, "tests/a"));
    assert_false(ssot_glob_match_folder(g, "testsx"));
    ssot_glob_free(g);
}

static void glob_trailing_double_star_never_matches_a_file_by_name(void **state)
{
    (void)state;
    /* a trailing slash and `**` needs a folder: a file named like it is not inside one */
    check("**/*staging*/**", LIST("tests/staging/a.py", "staging_eu/x/b.py", "a/pre_staging/c.py"),
          LIST("tests/test_staging.py", "staging.py", "tests/staging"));
    check("tests/**", LIST("tests/a.py"), LIST("tests"));
    ssot_glob *g = compile("**/*staging*/**");
    assert_true(ssot_glob_match_folder(g, "tests/staging_eu"));
    assert_false(ssot_glob_match_folder(g, "tests/stage"));
    ssot_glob_free(g);
    /* without the trailing `**` a glob still names files and folders alike */
    check("**/*staging*", LIST("tests/test_staging.py", "staging/a.py"), LIST("tests/a.py"));
}

static void glob_star_stays_inside_one_folder(void **state)
{
    (void)state;
    check("src/*.py", LIST("src/a.py", "src/b_c.py"),
          LIST("src/b/a.py", "a/src/x.py", "src/a.pyc", "src.py"));
    check("*/conftest.py", LIST("tests/conftest.py"),
          LIST("conftest.py", "a/b/conftest.py"));
}

static void glob_double_star_between_folders_matches_none_or_more(void **state)
{
    (void)state;
    check("src/**/x.py", LIST("src/x.py", "src/a/x.py", "src/a/b/x.py"),
          LIST("x.py", "src/a/y.py", "lib/src/x.py"));
    check("**/e2e/**", LIST("e2e/x.py", "tests/e2e/a/b.py"), LIST("e2ex/a.py", "tests/xe2e/a.py"));
}

static void glob_folder_pattern_matches_everything_below(void **state)
{
    (void)state;
    check("src/gen", LIST("src/gen", "src/gen/x.py", "src/gen/a/b.py"),
          LIST("a/src/gen/x.py", "src/generated/x.py"));
    /* a trailing slash names a folder; a leading `/` or `./` anchors at the root */
    check("build/", LIST("build/x.py", "a/build/y.py"), LIST("builds/x.py"));
    check("/scripts", LIST("scripts/a.py"), LIST("app/scripts/a.py"));
    check("./scripts/*.py", LIST("scripts/a.py"), LIST("app/scripts/a.py", "scripts/a/b.py"));
}

static void glob_classes_question_mark_and_escapes(void **state)
{
    (void)state;
    check("test_?.py", LIST("test_a.py", "x/test_1.py"), LIST("test_ab.py", "test_.py"));
    check("[!a]b.py", LIST("bb.py", "x/cb.py"), LIST("ab.py"));
    check("[ab]*.py", LIST("a.py", "bcd.py"), LIST("c.py"));
    check("a\\*", LIST("a*"), LIST("ab"));
}

static void glob_relative_path_may_start_with_dot_slash(void **state)
{
    (void)state;
    check("tests/**", LIST("./tests/a.py"), LIST("./src/a.py"));
}

static void expect_invalid(const char *pattern, const char *message)
{
    char err[256] = "";
    ssot_glob *g = ssot_glob_new(pattern, err, sizeof(err));
    assert_null(g);
    assert_string_equal(err, message);
}

static void glob_invalid_reports_pattern_and_offset(void **state)
{
    (void)state;
    expect_invalid("[a", "invalid glob `[a`: missing terminating ] for character class at offset 2");
    expect_invalid("src/[a",
                   "invalid glob `src/[a`: missing terminating ] for character class at offset 6");
    expect_invalid("./[a",
                   "invalid glob `./[a`: missing terminating ] for character class at offset 4");
    expect_invalid("a\\", "invalid glob `a\\`: invalid syntax at offset 2");
    expect_invalid("", "invalid glob ``: empty pattern at offset 0");
    expect_invalid("/", "invalid glob `/`: empty pattern at offset 0");
}

static void glob_keeps_pattern_as_written(void **state)
{
    (void)state;
    ssot_glob *g = compile("./tests/**");
    assert_string_equal(ssot_glob_pattern(g), "./tests/**");
    ssot_glob_free(g);
    ssot_glob_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(glob_without_slash_matches_any_component),
        cmocka_unit_test(glob_leading_double_star_matches_top_level_and_deep),
        cmocka_unit_test(glob_trailing_double_star_matches_folder_and_contents),
        cmocka_unit_test(glob_trailing_double_star_never_matches_a_file_by_name),
        cmocka_unit_test(glob_star_stays_inside_one_folder),
        cmocka_unit_test(glob_double_star_between_folders_matches_none_or_more),
        cmocka_unit_test(glob_folder_pattern_matches_everything_below),
        cmocka_unit_test(glob_classes_question_mark_and_escapes),
        cmocka_unit_test(glob_relative_path_may_start_with_dot_slash),
        cmocka_unit_test(glob_invalid_reports_pattern_and_offset),
        cmocka_unit_test(glob_keeps_pattern_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
