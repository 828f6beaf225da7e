/* tests/test_fingerprint.c - finding fingerprints (analyzer/diag.c) end to end through the
 * engine: stable across moved lines, distinct for repeated violations, sensitive to the
 * flagged text, and independent of the number of threads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/engine.h"
#include "analyzer/testid.h"
#include "rules/rule.h"
#include "tests/support.h"

typedef struct project {
    char root[64];
    ssot_file_entry entries[32];
    ssot_file_list files;
} project;

static int setup(void **state)
{
    project *p = calloc(1, sizeof(*p));
    if (!p)
        return -1;
    if (ssot_test_tempdir(p->root, sizeof(p->root), "fingerprint") != 0) {
        free(p);
        return -1;
    }
    p->files.items = p->entries;
    p->files.cap = sizeof(p->entries) / sizeof(p->entries[0]);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    project *p = *state;
    for (size_t i = 0; i < p->files.count; i++)
        free(p->entries[i].path);
    int rc = ssot_test_remove_tree(p->root);
    free(p);
    return rc;
}

/* Write (or rewrite) `rel`; a new file joins the file list, which stays sorted by path. */
static void put(project *p, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", p->root, rel);
    ssot_test_write(p->root, rel, text);
    for (size_t i = 0; i < p->files.count; i++)
        if (!strcmp(p->entries[i].path, path))
            return;
    assert_true(p->files.count < p->files.cap);
    size_t at = p->files.count;
    while (at > 0 && strcmp(p->entries[at - 1].path, path) > 0) {
        p->entries[at] = p->entries[at - 1];
        at--;
    }
    ssot_file_entry *e = &p->entries[at];
    memset(e, 0, sizeof(*e));
    e->path = strdup(path);
    assert_non_null(e->path);
    e->role = ssot_testid_is_test_path(rel) ? SSOT_ROLE_TEST : SSOT_ROLE_SERVICE;
    e->pytest_file = ssot_testid_is_pytest_file(rel);
    p->files.count++;
}

/* Run with the rules selected by `code` (a code, or NULL for every default rule). */
static void run(const project *p, const char *code, unsigned threads, ssot_run *out)
{
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    bool enabled[64] = {0};
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        enabled[i] = code ? !strcmp(rules[i]->code, code) : !rules[i]->opt_in;
    ssot_engine_config config = {.enabled = enabled, .threads = threads, .max_file_bytes = 1u << 20};
    char err[512];
    assert_int_equal(ssot_engine_run(&config, &p->files, out, err, sizeof(err)), SSOT_OK);
}

/* The fingerprint of the only finding of a run. */
static uint64_t only_fingerprint(const ssot_run *r, unsigned *row)
{
    assert_int_equal(r->diag_count, 1);
    if (row)
        *row = r->diags[0]->span.row;
    return r->diags[0]->fingerprint;
}

static void fingerprint_survives_lines_inserted_above_the_finding(void **state)
{
    project *p = *state;
    put(p, "test_a.py",
        "def test_x():\n"
        "    pass\n");
    ssot_run before, after;
    run(p, "PH001", 1, &before);
    unsigned row_before, row_after;
    uint64_t fp_before = only_fingerprint(&before, &row_before);
    put(p, "test_a.py",
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
        "    pass\n");
    run(p, "PH001", 1, &after);
    uint64_t fp_after = only_fingerprint(&after, &row_after);
    assert_int_equal(row_before, 1);
    assert_int_equal(row_after, 11);
    assert_true(fp_before != 0);
    assert_true(fp_before == fp_after);
    ssot_run_fini(&before);
    ssot_run_fini(&after);
}

static void fingerprint_survives_whitespace_change_in_flagged_line(void **state)
{
    project *p = *state;
    put(p, "test_a.py",
        "def test_x():\n"
        "    assert True\n");
    ssot_run before, after;
    run(p, "PH003", 1, &before);
    uint64_t fp_before = only_fingerprint(&before, NULL);
    put(p, "test_a.py",
        "def test_x():\n"
        "    assert    True\n");
    run(p, "PH003", 1, &after);
    assert_true(fp_before == only_fingerprint(&after, NULL));
    ssot_run_fini(&before);
    ssot_run_fini(&after);
}

static void fingerprint_changes_when_flagged_line_text_changes(void **state)
{
    project *p = *state;
    put(p, "test_a.py",
        "def test_x():\n"
        "    assert True\n");
    ssot_run before, after;
    run(p, "PH003", 1, &before);
    uint64_t fp_before = only_fingerprint(&before, NULL);
    put(p, "test_a.py",
        "def test_x():\n"
        "    assert \"yes\"\n");
    run(p, "PH003", 1, &after);
    assert_true(fp_before != only_fingerprint(&after, NULL));
    ssot_run_fini(&before);
    ssot_run_fini(&after);
}

static void fingerprint_changes_when_empty_test_definition_line_changes(void **state)
{
    project *p = *state;
    put(p, "test_a.py",
        "def test_x():\n"
        "    pass\n");
    ssot_run before, after;
    run(p, "PH001", 1, &before);
    uint64_t fp_before = only_fingerprint(&before, NULL);
    put(p, "test_a.py",
        "def test_x(tmp_path):\n"
        "    pass\n");
    run(p, "PH001", 1, &after);
    assert_true(fp_before != only_fingerprint(&after, NULL));
    ssot_run_fini(&before);
    ssot_run_fini(&after);
}

static void identical_violations_in_one_file_get_distinct_stable_fingerprints(void **state)
{
    project *p = *state;
    put(p, "test_a.py",
        "def test_x():\n"
        "    assert True\n"
        "    assert True\n");
    ssot_run before, after;
    run(p, "PH003", 1, &before);
    assert_int_equal(before.diag_count, 2);
    assert_string_equal(before.diags[0]->snippet, before.diags[1]->snippet);
    assert_string_equal(before.diags[0]->symbol, before.diags[1]->symbol);
    assert_true(before.diags[0]->fingerprint != before.diags[1]->fingerprint);
    /* both keep their own fingerprint when the file moves down */
    put(p, "test_a.py",
        "import sys\n"
        "\n"
        "\n"
        "def test_x():\n"
        "    assert True\n"
        "    assert True\n");
    run(p, "PH003", 1, &after);
    assert_int_equal(after.diag_count, 2);
    assert_int_equal(after.diags[0]->span.row, 5);
    assert_true(before.diags[0]->fingerprint == after.diags[0]->fingerprint);
    assert_true(before.diags[1]->fingerprint == after.diags[1]->fingerprint);
    ssot_run_fini(&before);
    ssot_run_fini(&after);
}

static void same_violation_in_two_files_gets_distinct_fingerprints(void **state)
{
    project *p = *state;
    static const char text[] = "def test_x():\n    pass\n";
    put(p, "test_a.py", text);
    put(p, "test_b.py", text);
    ssot_run r;
    run(p, "PH001", 1, &r);
    assert_int_equal(r.diag_count, 2);
    assert_true(r.diags[0]->fingerprint != r.diags[1]->fingerprint);
    ssot_run_fini(&r);
}

/* Twelve files with several findings each, across rules. */
static void put_dozen(project *p)
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
        put(p, rel, text);
    }
}

static void results_are_identical_with_one_and_four_threads(void **state)
{
    project *p = *state;
    put_dozen(p);
    ssot_run one;
    run(p, NULL, 1, &one);
    assert_true(one.diag_count >= 12 * 5);
    for (int round = 0; round < 3; round++) {
        ssot_run four;
        run(p, NULL, 4, &four);
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
    project *p = *state;
    put_dozen(p);
    ssot_run r;
    run(p, NULL, 4, &r);
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
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
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
