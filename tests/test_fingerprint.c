/* tests/test_fingerprint.c - finding fingerprints (analyzer/engine/diag.c) end to end through the
 * engine: stable across moved lines, distinct for repeated violations, sensitive to the
 * flagged text, and independent of the number of threads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "analyzer/engine/engine.h"
#include "tests/support.h"

/* Write `text` to test_a.py, run rule `code`, and return the fingerprint of the only
 * finding (its row into `row` when not NULL). */
static uint64_t only_fingerprint(ssot_test_project *p, const char *code, const char *text,
                                 unsigned *row)
{
    ssot_test_project_put(p, "test_a.py", text);
    ssot_run r;
    ssot_test_project_run(p, code, 1, &r);
    assert_int_equal(r.diag_count, 1);
    if (row)
        *row = r.diags[0]->span.row;
    uint64_t fingerprint = r.diags[0]->fingerprint;
    ssot_run_fini(&r);
    return fingerprint;
}

static void fingerprint_survives_lines_inserted_above_the_finding(void **state)
{
    ssot_test_project *p = *state;
    unsigned row_before, row_after;
    uint64_t fp_before = only_fingerprint(p, "PH001",
                                          "def test_x():\n"
                                          "    pass\n",
                                          &row_before);
    uint64_t fp_after = only_fingerprint(p, "PH001",
                                         "import os\n"
                                         "\n"
                                         "\n"
                                         "CONSTANT = 3\n"
                                         "\n"
                                         "\n"
                                         "def helper():\n"
                                         "    return os.getcwd()\n"
                                         "\n"
                                         "\n"
                                         "def test_x():\n"
                                         "    pass\n",
                                         &row_after);
    assert_int_equal(row_before, 1);
    assert_int_equal(row_after, 11);
    assert_true(fp_before != 0);
    assert_true(fp_before == fp_after);
}

static void fingerprint_survives_whitespace_change_in_flagged_line(void **state)
{
    ssot_test_project *p = *state;
    uint64_t before = only_fingerprint(p, "PH003",
                                       "def test_x():\n"
                                       "    assert True\n",
                                       NULL);
    uint64_t after = only_fingerprint(p, "PH003",
                                      "def test_x():\n"
                                      "    assert    True\n",
                                      NULL);
    assert_true(before == after);
}

static void fingerprint_changes_when_flagged_line_text_changes(void **state)
{
    ssot_test_project *p = *state;
    uint64_t before = only_fingerprint(p, "PH003",
                                       "def test_x():\n"
                                       "    assert True\n",
                                       NULL);
    uint64_t after = only_fingerprint(p, "PH003",
                                      "def test_x():\n"
                                      "    assert \"yes\"\n",
                                      NULL);
    assert_true(before != after);
}

static void fingerprint_changes_when_empty_test_definition_line_changes(void **state)
{
    ssot_test_project *p = *state;
    uint64_t before = only_fingerprint(p, "PH001",
                                       "def test_x():\n"
                                       "    pass\n",
                                       NULL);
    uint64_t after = only_fingerprint(p, "PH001",
                                      "def test_x(tmp_path):\n"
                                      "    pass\n",
                                      NULL);
    assert_true(before != after);
}

static void identical_violations_in_one_file_get_distinct_stable_fingerprints(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "test_a.py",
                          "def test_x():\n"
                          "    assert True\n"
                          "    assert True\n");
    ssot_run before, after;
    ssot_test_project_run(p, "PH003", 1, &before);
    assert_int_equal(before.diag_count, 2);
    assert_string_equal(before.diags[0]->snippet, before.diags[1]->snippet);
    assert_string_equal(before.diags[0]->symbol, before.diags[1]->symbol);
    assert_true(before.diags[0]->fingerprint != before.diags[1]->fingerprint);
    /* both keep their own fingerprint when the file moves down */
    ssot_test_project_put(p, "test_a.py",
                          "import sys\n"
                          "\n"
                          "\n"
                          "def test_x():\n"
                          "    assert True\n"
                          "    assert True\n");
    ssot_test_project_run(p, "PH003", 1, &after);
    assert_int_equal(after.diag_count, 2);
    assert_int_equal(after.diags[0]->span.row, 5);
    assert_true(before.diags[0]->fingerprint == after.diags[0]->fingerprint);
    assert_true(before.diags[1]->fingerprint == after.diags[1]->fingerprint);
    ssot_run_fini(&before);
    ssot_run_fini(&after);
}

static void same_violation_in_two_files_gets_distinct_fingerprints(void **state)
{
    ssot_test_project *p = *state;
    static const char text[] = "def test_x():\n    pass\n";
    ssot_test_project_put(p, "test_a.py", text);
    ssot_test_project_put(p, "test_b.py", text);
    ssot_run r;
    ssot_test_project_run(p, "PH001", 1, &r);
    assert_int_equal(r.diag_count, 2);
    assert_true(r.diags[0]->fingerprint != r.diags[1]->fingerprint);
    ssot_run_fini(&r);
}

/* Twelve files with several findings each, across rules. */
static void put_dozen(ssot_test_project *p)
{
    for (int i = 0; i < 12; i++) {
        char rel[64], text[2048];
        snprintf(rel, sizeof(rel), "test_mod%02d.py", i);
        snprintf(text, sizeof(text),
                 "import unittest\n"
                 "\n"
                 "\n"
                 "def test_empty_%d():\n"
                 "    pass\n"
                 "\n"
                 "\n"
                 "def test_constant_%d():\n"
                 "    assert True\n"
                 "    assert True\n"
                 "\n"
                 "\n"
                 "def test_no_assert_%d():\n"
                 "    compute(%d)\n"
                 "\n"
                 "\n"
                 "def test_same_%d():\n"
                 "    x = compute(%d)\n"
                 "    assert x == x\n"
                 "\n"
                 "\n"
                 "class Case%d(unittest.TestCase):\n"
                 "    def test_a(self):\n"
                 "        pass\n"
                 "\n"
                 "    def test_b(self):\n"
                 "        self.assertEqual(compute(%d), %d)\n",
                 i, i, i, i, i, i, i, i, i);
        ssot_test_project_put(p, rel, text);
    }
}

static void results_are_identical_with_one_and_four_threads(void **state)
{
    ssot_test_project *p = *state;
    put_dozen(p);
    ssot_run one;
    ssot_test_project_run(p, NULL, 1, &one);
    assert_true(one.diag_count >= 12 * 5);
    for (int round = 0; round < 3; round++) {
        ssot_run four;
        ssot_test_project_run(p, NULL, 4, &four);
        assert_int_equal(four.diag_count, one.diag_count);
        assert_int_equal(four.files_checked, 12);
        for (size_t i = 0; i < one.diag_count; i++) {
            const ssot_diag *a = one.diags[i], *b = four.diags[i];
            assert_string_equal(a->path, b->path);
            assert_string_equal(a->rule->code, b->rule->code);
            assert_int_equal(a->span.row, b->span.row);
            assert_int_equal(a->span.col, b->span.col);
            assert_string_equal(a->symbol, b->symbol);
            assert_string_equal(a->message, b->message);
            assert_true(a->fingerprint == b->fingerprint);
        }
        ssot_run_fini(&four);
    }
    /* and every fingerprint of the run is unique */
    for (size_t i = 0; i < one.diag_count; i++)
        for (size_t j = i + 1; j < one.diag_count; j++)
            assert_true(one.diags[i]->fingerprint != one.diags[j]->fingerprint);
    ssot_run_fini(&one);
}

static void findings_are_sorted_by_path_then_position(void **state)
{
    ssot_test_project *p = *state;
    put_dozen(p);
    ssot_run r;
    ssot_test_project_run(p, NULL, 4, &r);
    for (size_t i = 1; i < r.diag_count; i++) {
        const ssot_diag *a = r.diags[i - 1], *b = r.diags[i];
        int c = strcmp(a->path, b->path);
        assert_true(c <= 0);
        if (c == 0) {
            assert_true(a->span.row <= b->span.row);
            if (a->span.row == b->span.row)
                assert_true(a->span.col <= b->span.col);
        }
    }
    ssot_run_fini(&r);
}

int main(void)
{
#define T(name)                                                                                    \
    cmocka_unit_test_setup_teardown(name, ssot_test_project_setup, ssot_test_project_teardown)
    const struct CMUnitTest tests[] = {
        T(fingerprint_survives_lines_inserted_above_the_finding),
        T(fingerprint_survives_whitespace_change_in_flagged_line),
        T(fingerprint_changes_when_flagged_line_text_changes),
        T(fingerprint_changes_when_empty_test_definition_line_changes),
        T(identical_violations_in_one_file_get_distinct_stable_fingerprints),
        T(same_violation_in_two_files_gets_distinct_fingerprints),
        T(results_are_identical_with_one_and_four_threads),
        T(findings_are_sorted_by_path_then_position),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
