/* tests/test_history.c - the audit's SQLite history store: runs appended and read back as
 * trend points; a missing file is no history; a file that is not a history, a corrupt one,
 * one of a newer schema: one clear error, and the file is left as it was; a run that fails
 * half-way is not recorded at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "analyzer/audit/history.h"
#include "audit_support.h"
#include "support.h"

typedef struct fixture {
    char dir[128];
    char *path;          /* dir/history.db */
    ssot_run run;
    ssot_audit *audit;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (ssot_test_tempdir(f->dir, sizeof(f->dir), "history") != 0)
        return -1;
    f->path = ssot_asprintf("%s/history.db", f->dir);
    static const char *const paths[] = {"pkg/a.py", "pkg/b.py"};
    static const uint32_t lines[] = {100, 300}, tests[] = {4, 2};
    audit_test_run(&f->run, 2, paths, lines, tests);
    audit_test_finding(&f->run, 0, "PH001", 3, "test_one");
    audit_test_finding(&f->run, 1, "DD002", 7, "copy");
    audit_test_finish(&f->run);
    ssot_audit_grading g;
    ssot_audit_grading_defaults(&g);
    f->audit = ssot_audit_build(&f->run, "/nowhere", &g, NULL, 0);
    free(f->audit->commit);
    f->audit->commit = ssot_strdup("0123456789abcdef0123456789abcdef01234567");
    free(f->audit->date);
    f->audit->date = ssot_strdup("2026-12-01T10:00:00Z");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ssot_audit_free(f->audit);
    ssot_run_fini(&f->run);
    ssot_test_remove_tree(f->dir);
    free(f->path);
    free(f);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, in);
    fclose(in);
    return buf;
}

/* Opening `path` to read and to write both fail with a message naming it and holding
 * `words`, and the file's bytes do not change. */
static void refused(const char *path, const char *words)
{
    size_t before_len, after_len;
    char *before = slurp(path, &before_len);
    for (int write = 0; write < 2; write++) {
        char err[1024] = "";
        ssot_history *h = (ssot_history *)1;
        assert_int_equal(ssot_history_open(path, write, &h, err, sizeof(err)), SSOT_ERR_INPUT);
        assert_null(h);
        assert_non_null(strstr(err, path));
        if (!strstr(err, words))
            fail_msg("`%s` does not say `%s`", err, words);
        assert_null(strchr(err, '\n'));
    }
    char *after = slurp(path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
}

static size_t points(const char *path)
{
    char err[1024];
    ssot_history *h;
    ssot_audit_point *pts = NULL;
    size_t n = 0;
    assert_int_equal(ssot_history_open(path, false, &h, err, sizeof(err)), SSOT_OK);
    if (!h)
        return 0;
    assert_int_equal(ssot_history_points(h, &pts, &n, err, sizeof(err)), SSOT_OK);
    for (size_t i = 0; i < n; i++)
        ssot_audit_point_fini(&pts[i]);
    free(pts);
    ssot_history_close(h);
    return n;
}

static void record(fixture *f)
{
    char err[1024];
    ssot_history *h;
    assert_int_equal(ssot_history_open(f->path, true, &h, err, sizeof(err)), SSOT_OK);
    assert_non_null(h);
    assert_int_equal(ssot_history_record(h, f->audit, err, sizeof(err)), SSOT_OK);
    ssot_history_close(h);
}

static void missing_file_is_no_history(void **state)
{
    fixture *f = *state;
    char err[1024];
    ssot_history *h = (ssot_history *)1;
    assert_int_equal(ssot_history_open(f->path, false, &h, err, sizeof(err)), SSOT_OK);
    assert_null(h);
    struct stat st;
    assert_int_not_equal(stat(f->path, &st), 0); /* reading creates nothing */
}

static void runs_are_appended_and_read_back(void **state)
{
    fixture *f = *state;
    record(f);
    record(f);
    char err[1024];
    ssot_history *h;
    ssot_audit_point *pts;
    size_t n;
    assert_int_equal(ssot_history_open(f->path, false, &h, err, sizeof(err)), SSOT_OK);
    assert_int_equal(ssot_history_points(h, &pts, &n, err, sizeof(err)), SSOT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(pts[1].commit, "0123456789abcdef0123456789abcdef01234567");
    assert_string_equal(pts[1].date, "2026-12-01T10:00:00Z");
    assert_int_equal(pts[1].lines, 400);
    assert_int_equal(pts[1].tests, 6);
    assert_int_equal(pts[1].placeholder_tests, 1);
    assert_int_equal(pts[1].findings[SSOT_AUDIT_PH], 1);
    assert_int_equal(pts[1].findings[SSOT_AUDIT_DD], 1);
    assert_true(pts[1].score == 4);
    assert_int_equal(pts[1].grade, f->audit->nodes[0].grade);
    assert_true(pts[1].recorded);
    for (size_t i = 0; i < n; i++)
        ssot_audit_point_fini(&pts[i]);
    free(pts);
    ssot_history_close(h);
    /* per-module and per-rule rows, and the schema's marks */
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM module), "
                                            "(SELECT count(*) FROM rule), "
                                            "(SELECT grade FROM module WHERE path = 'pkg'), "
                                            "(SELECT count FROM rule WHERE code = 'PH001')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 4); /* "" and "pkg", twice */
    assert_int_equal(sqlite3_column_int(st, 1), 4); /* PH001 and DD002, twice */
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "B");
    assert_int_equal(sqlite3_column_int(st, 3), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void module_rows_are_read_back_as_points(void **state)
{
    fixture *f = *state;
    record(f);
    record(f);
    record(f);
    char err[1024];
    ssot_history *h;
    ssot_audit_module_point *pts;
    size_t n;
    assert_int_equal(ssot_history_open(f->path, false, &h, err, sizeof(err)), SSOT_OK);
    assert_int_equal(ssot_history_module_points(h, 0, &pts, &n, err, sizeof(err)), SSOT_OK);
    assert_int_equal(n, 6); /* "" and "pkg" of 3 runs, by run then path */
    assert_string_equal(pts[0].path, "");
    assert_string_equal(pts[1].path, "pkg");
    assert_int_equal(pts[1].point, 0);
    assert_int_equal(pts[5].point, 2);
    assert_int_equal(pts[5].lines, 400);
    assert_int_equal(pts[5].findings[SSOT_AUDIT_PH], 1);
    assert_true(pts[5].score == 4);
    for (size_t i = 0; i < n; i++)
        ssot_audit_module_point_fini(&pts[i]);
    free(pts);
    /* only the last runs */
    assert_int_equal(ssot_history_module_points(h, 2, &pts, &n, err, sizeof(err)), SSOT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(pts[0].point, 2);
    for (size_t i = 0; i < n; i++)
        ssot_audit_module_point_fini(&pts[i]);
    free(pts);
    ssot_history_close(h);
}

static void not_a_database_is_refused(void **state)
{
    fixture *f = *state;
    char *text = calloc(1, 8192);
    for (size_t i = 0; i + 1 < 8192; i++)
        text[i] = "not a database\n"[i % 15];
    ssot_test_write(f->dir, "history.db", text);
    free(text);
    refused(f->path, "not an ssot history file");
}

static void another_programs_database_is_refused(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    refused(f->path, "another program");
}

static void newer_schema_is_refused(void **state)
{
    fixture *f = *state;
    record(f);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    refused(f->path, "newer ssot (history schema 2; this ssot reads 1)");
}

static void corrupt_file_is_refused(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 20; i++)
        record(f);
    /* overwrite the second page (the first table's root) with noise */
    FILE *io = fopen(f->path, "r+b");
    assert_non_null(io);
    char noise[4096];
    for (size_t i = 0; i < sizeof(noise); i++)
        noise[i] = (char)(i * 7 + 13);
    assert_int_equal(fseek(io, 4096, SEEK_SET), 0);
    assert_int_equal(fwrite(noise, 1, sizeof(noise), io), sizeof(noise));
    fclose(io);
    refused(f->path, "corrupt");
}

static void truncated_file_is_refused(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 20; i++)
        record(f);
    size_t len;
    char *bytes = slurp(f->path, &len);
    FILE *out = fopen(f->path, "wb");
    fwrite(bytes, 1, len / 2 + 100, out); /* a file cut in the middle of a page */
    fclose(out);
    free(bytes);
    refused(f->path, "history");
}

static void failed_run_is_not_recorded(void **state)
{
    fixture *f = *state;
    record(f);
    /* a trigger makes the per-rule rows fail: the run and module rows written before them
     * must go too */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON rule "
                                      "BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    char err[1024];
    ssot_history *h;
    assert_int_equal(ssot_history_open(f->path, true, &h, err, sizeof(err)), SSOT_OK);
    assert_int_equal(ssot_history_record(h, f->audit, err, sizeof(err)), SSOT_ERR_IO);
    assert_non_null(strstr(err, "the history is unchanged"));
    assert_non_null(strstr(err, "disk full"));
    ssot_history_close(h);
    assert_int_equal(points(f->path), 1);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM module", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void empty_file_becomes_a_history(void **state)
{
    fixture *f = *state;
    ssot_test_write(f->dir, "history.db", "");
    assert_int_equal(points(f->path), 0); /* read: no history yet */
    record(f);
    assert_int_equal(points(f->path), 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(missing_file_is_no_history),
        T(runs_are_appended_and_read_back),
        T(module_rows_are_read_back_as_points),
        T(not_a_database_is_refused),
        T(another_programs_database_is_refused),
        T(newer_schema_is_refused),
        T(corrupt_file_is_refused),
        T(truncated_file_is_refused),
        T(failed_run_is_not_recorded),
        T(empty_file_becomes_a_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
