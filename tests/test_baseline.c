/* tests/test_baseline.c - baseline files (analyzer/report/baseline.c): written sorted and without
 * line numbers, read back, matched by fingerprint so that moved code stays baselined and a
 * second copy does not, stale entries named only for files and rules this run saw, and
 * malformed files refused with a message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/report/baseline.h"

/* One file's findings, as the engine would hand them over. */
typedef struct findings {
    ssot_sink sink;
    const ssot_diag *diags[8];
    size_t count;
} findings;

/* A finding of `code` for `symbol` whose code is `snippet`, at `row`. */
static void add(findings *f, const char *code, const char *symbol, const char *snippet,
                unsigned row)
{
    ssot_loc loc = {{row, 5, row, 9}, snippet};
    f->sink.rule = ssot_rule_find(code);
    ssot_sink_report(&f->sink, &loc, symbol, "%s in `%s`", code, symbol);
}

static void finish(findings *f)
{
    for (size_t i = 0; i < f->sink.count; i++)
        f->diags[i] = &f->sink.items[i];
    f->count = f->sink.count;
    ssot_diags_finish(f->diags, f->count);
}

/* The legacy file: an empty test, a constant assertion, a test without assertions. */
static void legacy(findings *f, unsigned shift)
{
    ssot_sink_init(&f->sink, "tests/test_legacy.py");
    add(f, "PH001", "test_empty", "def test_empty():", 4 + shift);
    add(f, "PH003", "test_constant", "assert True", 9 + shift);
    add(f, "PH002", "TestOld.test_runs", "def test_runs(self):", 20 + shift);
}

/* Dump to a temporary file and load it back; the caller frees the baseline. */
static ssot_baseline *round_trip(const findings *f, char *text, size_t text_size)
{
    char path[] = "/tmp/ssot-baseline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w+");
    size_t written;
    assert_int_equal(ssot_baseline_dump(out, f->diags, f->count, &written), 0);
    rewind(out);
    size_t n = fread(text, 1, text_size - 1, out);
    text[n] = '\0';
    fclose(out);
    ssot_baseline *b;
    char err[256];
    assert_int_equal(ssot_baseline_load(path, &b, err, sizeof(err)), SSOT_OK);
    unlink(path);
    return b;
}

/* The legacy file's findings in `before`, and the baseline made of them (written and
 * read back); the caller frees the baseline. */
static ssot_baseline *legacy_baseline(findings *before)
{
    legacy(before, 0);
    finish(before);
    char text[4096];
    return round_trip(before, text, sizeof(text));
}

static size_t baselined(const findings *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += f->diags[i]->baselined;
    return n;
}

static void dump_is_sorted_stable_and_has_no_line_numbers(void **state)
{
    (void)state;
    findings a, b;
    legacy(&a, 0);
    legacy(&b, 30); /* the same findings thirty lines lower */
    finish(&a);
    finish(&b);
    char text_a[4096], text_b[4096];
    ssot_baseline_free(round_trip(&a, text_a, sizeof(text_a)));
    ssot_baseline_free(round_trip(&b, text_b, sizeof(text_b)));
    assert_string_equal(text_a, text_b);
    assert_null(strstr(text_a, "\"line"));
    assert_null(strstr(text_a, "\"row"));
    /* sorted by path, then code: PH001, PH002, PH003 */
    char *p1 = strstr(text_a, "PH001 in"), *p2 = strstr(text_a, "PH002 in"),
         *p3 = strstr(text_a, "PH003 in");
    assert_true(p1 && p2 && p3 && p1 < p2 && p2 < p3);
    assert_non_null(strstr(text_a, "\"version\": 1"));
    ssot_sink_fini(&a.sink);
    ssot_sink_fini(&b.sink);
}

static void moved_code_stays_baselined(void **state)
{
    (void)state;
    findings before, after;
    ssot_baseline *b = legacy_baseline(&before);
    legacy(&after, 12);
    finish(&after);
    assert_int_equal(ssot_baseline_apply(b, after.diags, after.count), 3);
    assert_int_equal(baselined(&after), 3);
    ssot_baseline_free(b);
    ssot_sink_fini(&before.sink);
    ssot_sink_fini(&after.sink);
}

static void a_second_copy_is_new(void **state)
{
    (void)state;
    findings before, after;
    ssot_baseline *b = legacy_baseline(&before);
    legacy(&after, 0);
    add(&after, "PH003", "test_constant", "assert True", 11); /* pasted again */
    finish(&after);
    assert_int_equal(ssot_baseline_apply(b, after.diags, after.count), 3);
    size_t fresh = 0;
    for (size_t i = 0; i < after.count; i++)
        if (!after.diags[i]->baselined) {
            fresh++;
            assert_string_equal(after.diags[i]->rule->code, "PH003");
        }
    assert_int_equal(fresh, 1);
    ssot_baseline_free(b);
    ssot_sink_fini(&before.sink);
    ssot_sink_fini(&after.sink);
}

static void fixed_entries_only_for_checked_files_and_rules_that_ran(void **state)
{
    (void)state;
    findings before, after;
    ssot_baseline *b = legacy_baseline(&before);
    ssot_sink_init(&after.sink, "tests/test_legacy.py");
    add(&after, "PH001", "test_empty", "def test_empty():", 4); /* PH002, PH003 fixed */
    finish(&after);
    ssot_baseline_apply(b, after.diags, after.count);

    const char *checked[] = {"tests/test_legacy.py"};
    const ssot_rule *rules[] = {ssot_rule_find("PH001"), ssot_rule_find("PH002"),
                                ssot_rule_find("PH003")};
    size_t n;
    ssot_report_fixed *fixed = ssot_baseline_fixed(b, checked, 1, rules, 3, &n);
    assert_int_equal(n, 2);
    assert_string_equal(fixed[0].code, "PH002");
    assert_string_equal(fixed[0].symbol, "TestOld.test_runs");
    assert_string_equal(fixed[1].code, "PH003");
    assert_string_equal(fixed[1].path, "tests/test_legacy.py");
    free(fixed);
    /* PH003 did not run (--select PH001,PH002): its entry cannot be judged */
    fixed = ssot_baseline_fixed(b, checked, 1, rules, 2, &n);
    assert_int_equal(n, 1);
    free(fixed);
    /* another file was checked (changed-files mode): nothing is stale */
    const char *other[] = {"tests/test_new.py"};
    fixed = ssot_baseline_fixed(b, other, 1, rules, 3, &n);
    assert_int_equal(n, 0);
    free(fixed);
    ssot_baseline_free(b);
    ssot_sink_fini(&before.sink);
    ssot_sink_fini(&after.sink);
}

static void suppressed_findings_are_neither_written_nor_matched(void **state)
{
    (void)state;
    findings f;
    legacy(&f, 0);
    f.sink.items[1].suppressed = true;
    finish(&f);
    char text[4096];
    ssot_baseline *b = round_trip(&f, text, sizeof(text));
    assert_null(strstr(text, "PH003"));
    assert_int_equal(ssot_baseline_apply(b, f.diags, f.count), 2);
    assert_false(f.sink.items[1].baselined);
    ssot_baseline_free(b);
    ssot_sink_fini(&f.sink);
}

static ssot_status load_text(const char *text, char *err, size_t err_size)
{
    char path[] = "/tmp/ssot-baseline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ssot_baseline *b = NULL;
    ssot_status st = ssot_baseline_load(path, &b, err, err_size);
    unlink(path);
    if (st == SSOT_OK)
        ssot_baseline_free(b);
    else
        assert_null(b);
    return st;
}

static void malformed_files_are_refused_with_a_reason(void **state)
{
    (void)state;
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"{\"version\": 1, \"findings\": [", ":1:"},
        {"[]", "expected an object with `version` and `findings`"},
        {"{\"version\": 2, \"findings\": []}", "unsupported version 2"},
        {"{\"version\": 1}", "`findings` must be an array"},
        {"{\"version\": 1, \"findings\": [3]}", "findings[0] must be an object"},
        {"{\"version\": 1, \"findings\": [{\"code\": \"PH001\", \"path\": \"a.py\"}]}",
         "findings[0]: `fingerprint` is missing"},
        {"{\"version\": 1, \"findings\": [{\"fingerprint\": \"xyz\", \"code\": \"PH001\", "
         "\"path\": \"a.py\"}]}",
         "`fingerprint` must be 16 hex digits"},
        {"{\"version\": 1, \"findings\": [{\"fingerprint\": \"0123456789abcdef\", \"code\": 7, "
         "\"path\": \"a.py\"}]}",
         "findings[0]: `code` must be a string"},
        {"{\"version\": 1, \"version\": 1, \"findings\": []}", "duplicate"},
    };
    char err[512];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(load_text(cases[i].text, err, sizeof(err)), SSOT_ERR_INPUT);
        assert_non_null(strstr(err, "not a valid baseline"));
        if (!strstr(err, cases[i].why))
            fail_msg("case %zu: `%s` does not say `%s`", i, err, cases[i].why);
    }
    assert_int_equal(load_text("{\"version\": 1, \"findings\": []}", err, sizeof(err)), SSOT_OK);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    ssot_baseline *b;
    char err[256];
    assert_int_equal(ssot_baseline_load("/nonexistent/b.json", &b, err, sizeof(err)),
                     SSOT_ERR_IO);
    assert_string_equal(err, "/nonexistent/b.json: cannot read the baseline: No such file or "
                             "directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dump_is_sorted_stable_and_has_no_line_numbers),
        cmocka_unit_test(moved_code_stays_baselined),
        cmocka_unit_test(a_second_copy_is_new),
        cmocka_unit_test(fixed_entries_only_for_checked_files_and_rules_that_ran),
        cmocka_unit_test(suppressed_findings_are_neither_written_nor_matched),
        cmocka_unit_test(malformed_files_are_refused_with_a_reason),
        cmocka_unit_test(missing_file_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
