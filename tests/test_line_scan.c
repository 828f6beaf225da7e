/* tests/test_line_scan.c - where a suppression comment can go: strings followed across
 * lines, comments found outside them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/engine/line_scan.h"

/* Scan `line` from `scan`; return the comment's offset (-1: none) and whether a comment can
 * be appended. */
static int scan(ssot_line_scan *s, const char *line, bool *can)
{
    const char *end = line + strlen(line);
    const char *hash = ssot_line_scan_next(s, line, end);
    *can = ssot_line_scan_can_comment(s, line, end, hash);
    return hash ? (int)(hash - line) : -1;
}

static void hash_inside_a_string_is_not_a_comment(void **state)
{
    (void)state;
    ssot_line_scan s = {0, false};
    bool can;
    assert_int_equal(scan(&s, "x = '#' + \"#\"  # real", &can), 15);
    assert_true(can);
    assert_int_equal(scan(&s, "x = 'it\\'s #'", &can), -1);
    assert_true(can);
}

static void triple_quoted_strings_span_lines(void **state)
{
    (void)state;
    ssot_line_scan s = {0, false};
    bool can;
    assert_int_equal(scan(&s, "x = \"\"\"start # no", &can), -1);
    assert_false(can);
    assert_int_equal(scan(&s, "middle ' # still a string", &can), -1);
    assert_false(can);
    assert_int_equal(scan(&s, "end\"\"\"; y = 1  # yes", &can), 15);
    assert_true(can);
    assert_int_equal(scan(&s, "'''one line'''", &can), -1);
    assert_true(can);
}

static void backslash_continuations_take_no_comment(void **state)
{
    (void)state;
    ssot_line_scan s = {0, false};
    bool can;
    scan(&s, "assert x \\", &can);
    assert_false(can);
    scan(&s, "    and y", &can);
    assert_true(can);
    /* a one-quote string continued by a backslash stays open */
    scan(&s, "s = 'abc\\", &can);
    assert_false(can);
    assert_int_equal(scan(&s, "def' # c", &can), 5);
    assert_true(can);
    /* an unterminated one-quote string ends with its line (a syntax error, not our business) */
    scan(&s, "s = 'abc", &can);
    assert_int_equal(s.quote, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_inside_a_string_is_not_a_comment),
        cmocka_unit_test(triple_quoted_strings_span_lines),
        cmocka_unit_test(backslash_continuations_take_no_comment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
