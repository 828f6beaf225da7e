/* tests/test_churn.c - churn from git history on a repository scripted in a temporary folder:
 * commits dated before and inside the window, a branch and a merge, a rename, attributes
 * marking generated files; and hotspots ranked from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <git2.h>

#include "analyzer/audit/audit.h"
#include "analyzer/audit/churn.h"
#include "audit_support.h"
#include "support.h"

typedef struct repo {
    char dir[128];
    time_t now;
} repo;

/* Run a git command in the repository, committed `days` days before now. */
static void git(const repo *r, int days, const char *args)
{
    char cmd[1024];
    long long when = (long long)r->now - (long long)days * 86400;
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && GIT_AUTHOR_DATE='@%lld +0000' GIT_COMMITTER_DATE='@%lld +0000' "
             "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t "
             "GIT_COMMITTER_EMAIL=t@example.org GIT_CONFIG_NOSYSTEM=1 HOME='%s' "
             "git -c init.defaultBranch=main -c commit.gpgsign=false %s >/dev/null 2>&1",
             r->dir, when, when, r->dir, args);
    assert_int_equal(system(cmd), 0);
}

/* 730 days ago: a.py, b.py, .gitattributes (gen/ is generated); 180: a.py; 30: a.py and a
 * new c.py; on a branch, 20: b.py; on main, 15: c.py renamed d.py; 10: the merge. */
static int setup(void **state)
{
    repo *r = calloc(1, sizeof(*r));
    r->now = time(NULL);
    if (ssot_test_tempdir(r->dir, sizeof(r->dir), "churn") != 0)
        return -1;
    git(r, 730, "init -q");
    ssot_test_write(r->dir, "a.py", "a = 1\n");
    ssot_test_write(r->dir, "b.py", "b = 1\n");
    ssot_test_write(r->dir, ".gitattributes", "gen/** linguist-generated\n");
    git(r, 730, "add -A");
    git(r, 730, "commit -q -m first");
    ssot_test_write(r->dir, "a.py", "a = 2\n");
    git(r, 180, "commit -q -am second");
    ssot_test_write(r->dir, "a.py", "a = 3\n");
    ssot_test_write(r->dir, "c.py", "c = 1\n");
    git(r, 30, "add -A");
    git(r, 30, "commit -q -m third");
    git(r, 30, "checkout -q -b feature");
    ssot_test_write(r->dir, "b.py", "b = 2\n");
    git(r, 20, "commit -q -am branch");
    git(r, 20, "checkout -q main");
    git(r, 15, "mv c.py d.py");
    git(r, 15, "commit -q -m rename");
    git(r, 10, "merge -q --no-ff -m merge feature");
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    repo *r = *state;
    ssot_test_remove_tree(r->dir);
    free(r);
    return 0;
}

static void counts_commits_in_the_window(void **state)
{
    repo *r = *state;
    char err[512];
    ssot_churn *c = ssot_churn_read(r->dir, 12, r->now, err, sizeof(err));
    assert_non_null(c);
    /* the first commit is 2 years old; the merge itself counts nothing */
    assert_int_equal(ssot_churn_count(c, "a.py"), 2);
    assert_int_equal(ssot_churn_count(c, "b.py"), 1);   /* on the merged branch */
    assert_int_equal(ssot_churn_count(c, "c.py"), 2);   /* added, then renamed away */
    assert_int_equal(ssot_churn_count(c, "d.py"), 1);
    assert_int_equal(ssot_churn_count(c, ".gitattributes"), 0);
    assert_int_equal(ssot_churn_count(c, "missing.py"), 0);
    assert_int_equal(ssot_churn_commits(c), 4);
    assert_int_equal(strlen(ssot_churn_head(c)), 40);
    ssot_churn_free(c);
}

static void a_shorter_window_counts_less(void **state)
{
    repo *r = *state;
    char err[512];
    ssot_churn *c = ssot_churn_read(r->dir, 3, r->now, err, sizeof(err));
    assert_non_null(c);
    assert_int_equal(ssot_churn_count(c, "a.py"), 1);   /* the one 30 days ago */
    assert_int_equal(ssot_churn_commits(c), 3);
    ssot_churn_free(c);
    c = ssot_churn_read(r->dir, 1, r->now + 365 * 86400, err, sizeof(err));
    assert_non_null(c);
    assert_int_equal(ssot_churn_commits(c), 0);        /* a year on, nothing is recent */
    ssot_churn_free(c);
}

static void window_is_calendar_months(void **state)
{
    (void)state;
    /* 2026-03-31 minus one month: 2026-03-03 (February has 28 days: timegm normalises) */
    struct tm tm = {.tm_year = 126, .tm_mon = 2, .tm_mday = 31};
    time_t t = timegm(&tm);
    time_t since = ssot_churn_since(t, 1);
    struct tm out;
    gmtime_r(&since, &out);
    assert_int_equal(out.tm_year, 126);
    assert_int_equal(out.tm_mon, 2);
    assert_int_equal(out.tm_mday, 3);
    since = ssot_churn_since(t, 12);
    gmtime_r(&since, &out);
    assert_int_equal(out.tm_year, 125);
    assert_int_equal(out.tm_mon, 2);
    assert_int_equal(out.tm_mday, 31);
}

static void attributes_mark_generated_files(void **state)
{
    repo *r = *state;
    char err[512];
    ssot_churn *c = ssot_churn_read(r->dir, 12, r->now, err, sizeof(err));
    assert_non_null(c);
    assert_true(ssot_churn_marked_generated(c, "gen/api_pb2.py"));
    assert_false(ssot_churn_marked_generated(c, "a.py"));
    assert_true(ssot_audit_generated(c, "gen/api_pb2.py", NULL));
    ssot_churn_free(c);
}

static void not_a_repository_is_an_error(void **state)
{
    (void)state;
    char dir[128], err[512];
    assert_int_equal(ssot_test_tempdir(dir, sizeof(dir), "nogit"), 0);
    assert_null(ssot_churn_read(dir, 12, time(NULL), err, sizeof(err)));
    assert_non_null(strstr(err, dir));
    ssot_test_remove_tree(dir);
}

static void hotspots_rank_churn_times_findings(void **state)
{
    repo *r = *state;
    char err[512];
    /* a.py: 2 commits x one error (3); b.py: 1 commit x three errors (9); d.py: no finding;
     * gen/x.py: generated, left out */
    static const char *const paths[] = {"a.py", "b.py", "d.py", "gen/x.py"};
    static const uint32_t lines[] = {10, 10, 10, 10}, tests[] = {1, 1, 0, 0};
    ssot_run run;
    audit_test_run(&run, 4, paths, lines, tests);
    audit_test_finding(&run, 0, "PH001", 1, "test_a");
    audit_test_finding(&run, 1, "PH001", 1, "test_b");
    audit_test_finding(&run, 1, "PH003", 2, "test_b");
    audit_test_finding(&run, 1, "PH003", 3, "test_b");
    audit_test_finding(&run, 3, "PH001", 1, "test_gen");
    audit_test_finish(&run);
    ssot_audit_grading g;
    ssot_audit_grading_defaults(&g);
    ssot_audit *a = ssot_audit_build(&run, r->dir, &g, NULL, 0);
    ssot_churn *c = ssot_churn_read(r->dir, 12, r->now, err, sizeof(err));
    ssot_audit_set_churn(a, c);
    assert_true(a->has_churn);
    assert_int_equal(a->hotspot_count, 2);
    assert_string_equal(a->nodes[a->hotspots[0].node].path, "b.py");
    assert_true(a->hotspots[0].rank == 9);
    assert_string_equal(a->nodes[a->hotspots[1].node].path, "a.py");
    assert_true(a->hotspots[1].rank == 6);
    assert_int_equal(a->nodes[0].churn, 4);    /* the root: the sum of its files' */
    ssot_churn_free(c);
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

int main(void)
{
    git_libgit2_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_commits_in_the_window),
        cmocka_unit_test(a_shorter_window_counts_less),
        cmocka_unit_test(window_is_calendar_months),
        cmocka_unit_test(attributes_mark_generated_files),
        cmocka_unit_test(not_a_repository_is_an_error),
        cmocka_unit_test(hotspots_rank_churn_times_findings),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    git_libgit2_shutdown();
    return rc;
}
