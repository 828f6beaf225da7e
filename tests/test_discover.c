/* tests/test_discover.c - expanding command-line paths into files (analyzer/discover/discover.c):
 * recursion, sorting, skipped folders, .gitignore (nested too), explicit files, errors,
 * symlink loops and roles. Every test works in its own temporary tree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/discover/discover.h"
#include "tests/support.h"

typedef struct tree {
    char root[64];
    ssot_file_list list;
    char err[512];
} tree;

static int group_setup(void **state)
{
    (void)state;
    return git_libgit2_init() > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    git_libgit2_shutdown();
    return 0;
}

static int setup(void **state)
{
    tree *t = calloc(1, sizeof(*t));
    if (!t || ssot_test_tempdir(t->root, sizeof(t->root), "discover") != 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tree *t = *state;
    ssot_file_list_fini(&t->list);
    int rc = ssot_test_remove_tree(t->root);
    free(t);
    return rc;
}

/* Create `rel` (and its folders) under the root with `text`. */
static void put(const tree *t, const char *rel, const char *text)
{
    ssot_test_write(t->root, rel, text);
}

static char *under(const tree *t, const char *rel, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", t->root, rel[0] ? "/" : "", rel);
    return buf;
}

static ssot_status discover1(tree *t, const char *rel)
{
    char path[512];
    const char *paths[] = {under(t, rel, path, sizeof(path))};
    t->err[0] = '\0';
    return ssot_discover(paths, 1, &t->list, t->err, sizeof(t->err));
}

/* The listed paths relative to the root, one per line, for whole-list comparisons. */
static const char *listing(const tree *t, char *buf, size_t size)
{
    size_t n = strlen(t->root), used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->list.count; i++) {
        const char *p = t->list.items[i].path;
        assert_true(strncmp(p, t->root, n) == 0 && p[n] == '/');
        used += (size_t)snprintf(buf + used, size - used, "%s\n", p + n + 1);
        assert_true(used < size);
    }
    return buf;
}

/* Discover `rel` (the root when empty) and compare the listing with `want`. */
static void expect_listing(tree *t, const char *rel, const char *want)
{
    assert_int_equal(discover1(t, rel), SSOT_OK);
    char buf[1024];
    assert_string_equal(listing(t, buf, sizeof(buf)), want);
}

static const ssot_file_entry *entry(const tree *t, const char *rel)
{
    char path[512];
    under(t, rel, path, sizeof(path));
    for (size_t i = 0; i < t->list.count; i++)
        if (!strcmp(t->list.items[i].path, path))
            return &t->list.items[i];
    return NULL;
}

static void init_repo(const tree *t)
{
    git_repository *repo = NULL;
    assert_int_equal(git_repository_init(&repo, t->root, 0), 0);
    git_repository_free(repo);
}

/* ---- walking ---- */

static void discover_walks_folders_recursively_in_sorted_order(void **state)
{
    tree *t = *state;
    put(t, "b.py", "");
    put(t, "a/z.py", "");
    put(t, "a/b.py", "");
    put(t, "a/deep/er/x.py", "");
    put(t, "c.py", "");
    expect_listing(t, "", "a/b.py\na/deep/er/x.py\na/z.py\nb.py\nc.py\n");
    for (size_t i = 0; i < t->list.count; i++) {
        assert_false(t->list.items[i].explicit);
        assert_null(t->list.items[i].problem);
    }
}

static void discover_lists_source_files_only(void **state)
{
    tree *t = *state;
    put(t, "m.py", "");
    put(t, "notes.txt", "");
    put(t, "m.pyc", "");
    put(t, "m.pyi", "");
    put(t, "py", "");
    put(t, ".py", "");
    put(t, "setup.cfg", "");
    put(t, "app.ts", "");
    put(t, "a.test.js", "");
    put(t, "run", "#!/usr/bin/env node\nmain()\n");
    put(t, "sh", "#!/bin/sh\n");
    expect_listing(t, "", "a.test.js\napp.ts\nm.py\nm.pyi\nrun\n");
    assert_string_equal(entry(t, "run")->frontend->name, "javascript");
    assert_string_equal(entry(t, "app.ts")->frontend->name, "typescript");
    assert_int_equal(entry(t, "a.test.js")->role, SSOT_ROLE_TEST);
    assert_int_equal(entry(t, "app.ts")->role, SSOT_ROLE_SERVICE);
}

static void discover_skips_tool_and_build_folders(void **state)
{
    tree *t = *state;
    static const char *const skipped[] = {
        ".git", "node_modules", ".venv", "venv", "__pycache__", "build", "dist", ".tox",
        ".mypy_cache",
    };
    char rel[128];
    for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++) {
        snprintf(rel, sizeof(rel), "%s/inside.py", skipped[i]);
        put(t, rel, "");
        snprintf(rel, sizeof(rel), "pkg/%s/nested.py", skipped[i]);
        put(t, rel, "");
    }
    put(t, "pkg/kept.py", "");
    put(t, "builds/kept.py", ""); /* only exact names are skipped */
    expect_listing(t, "", "builds/kept.py\npkg/kept.py\n");
}

static void discover_walks_skipped_folder_when_named_as_argument(void **state)
{
    tree *t = *state;
    put(t, "build/gen.py", "");
    expect_listing(t, "build", "build/gen.py\n");
}

static void discover_lists_a_file_named_twice_once(void **state)
{
    tree *t = *state;
    put(t, "pkg/a.py", "");
    char dir[512], file[512];
    const char *paths[] = {under(t, "pkg", dir, sizeof(dir)),
                           under(t, "pkg/a.py", file, sizeof(file))};
    assert_int_equal(ssot_discover(paths, 2, &t->list, t->err, sizeof(t->err)), SSOT_OK);
    assert_int_equal(t->list.count, 1);
    assert_true(t->list.items[0].explicit); /* named, even though also found by the walk */
}

static void discover_folder_argument_with_trailing_slash_gives_clean_paths(void **state)
{
    tree *t = *state;
    put(t, "pkg/a.py", "");
    put(t, "pkg/sub/b.py", "");
    /* `pkg/` and `pkg` walk the same folder: no "pkg//a.py" in reports or fingerprints */
    expect_listing(t, "pkg/", "pkg/a.py\npkg/sub/b.py\n");
}

static void discover_lists_file_once_when_named_and_inside_folder_with_trailing_slash(
    void **state)
{
    tree *t = *state;
    put(t, "pkg/a.py", "");
    char dir[512], file[512];
    snprintf(dir, sizeof(dir), "%s/pkg/", t->root);
    const char *paths[] = {dir, under(t, "pkg/a.py", file, sizeof(file))};
    assert_int_equal(ssot_discover(paths, 2, &t->list, t->err, sizeof(t->err)), SSOT_OK);
    /* the walk's "pkg/a.py" and the named "pkg/a.py" are one file, checked once */
    assert_int_equal(t->list.count, 1);
}

/* ---- .gitignore ---- */

static void discover_honours_gitignore_in_work_tree(void **state)
{
    tree *t = *state;
    init_repo(t);
    put(t, ".gitignore", "generated_*.py\nout/\n");
    put(t, "generated_models.py", "");
    put(t, "out/result.py", "");
    put(t, "models.py", "");
    expect_listing(t, "", "models.py\n");
}

static void discover_honours_nested_gitignore_in_subfolder(void **state)
{
    tree *t = *state;
    init_repo(t);
    put(t, ".gitignore", "*.tmp.py\n");
    put(t, "sub/.gitignore", "secret.py\n");
    put(t, "sub/secret.py", "");
    put(t, "sub/public.py", "");
    put(t, "sub/x.tmp.py", "");
    put(t, "secret.py", ""); /* the nested file applies to its own folder only */
    expect_listing(t, "", "secret.py\nsub/public.py\n");
}

static void discover_honours_gitignore_when_walking_a_subfolder(void **state)
{
    tree *t = *state;
    init_repo(t);
    put(t, ".gitignore", "legacy/\n");
    put(t, "src/legacy/old.py", "");
    put(t, "src/new.py", "");
    expect_listing(t, "src", "src/new.py\n");
}

/* A link is judged by where it leads (the ignore check resolves it), a plain file by its
 * folder's resolved path and its name. */
static void discover_judges_a_linked_file_by_its_target(void **state)
{
    tree *t = *state;
    init_repo(t);
    put(t, ".gitignore", "vendor/\n");
    put(t, "vendor/real.py", "");
    put(t, "kept.py", "");
    char target[256], link[256];
    under(t, "vendor/real.py", target, sizeof(target));
    under(t, "alias.py", link, sizeof(link));
    assert_int_equal(symlink(target, link), 0);
    expect_listing(t, "", "kept.py\n");
}

/* Each listed file carries the stat discovery made (the engine does not stat it again). */
static void discover_notes_each_file_metadata(void **state)
{
    tree *t = *state;
    put(t, "a.py", "x = 1\n");
    assert_int_equal(discover1(t, ""), SSOT_OK);
    assert_int_equal(t->list.count, 1);
    const ssot_file_entry *e = &t->list.items[0];
    assert_true(e->stated);
    struct stat want, got;
    char path[256];
    assert_int_equal(stat(under(t, "a.py", path, sizeof(path)), &want), 0);
    ssot_file_stat_get(&e->st, &got);
    assert_int_equal(got.st_size, 6);
    assert_true(got.st_ino == want.st_ino && got.st_dev == want.st_dev);
    assert_true(got.st_mtim.tv_sec == want.st_mtim.tv_sec &&
                got.st_mtim.tv_nsec == want.st_mtim.tv_nsec);
    assert_true(S_ISREG(got.st_mode));
}

static void discover_ignores_gitignore_outside_a_work_tree(void **state)
{
    tree *t = *state;
    put(t, ".gitignore", "skip.py\n");
    put(t, "skip.py", "");
    expect_listing(t, "", "skip.py\n");
}

static void discover_lists_ignored_file_named_explicitly(void **state)
{
    tree *t = *state;
    init_repo(t);
    put(t, ".gitignore", "ignored.py\n");
    put(t, "ignored.py", "");
    assert_int_equal(discover1(t, "ignored.py"), SSOT_OK);
    assert_int_equal(t->list.count, 1);
    const ssot_file_entry *e = entry(t, "ignored.py");
    assert_non_null(e);
    assert_true(e->explicit);
    assert_null(e->problem);
}

/* ---- errors and loops ---- */

static void discover_missing_path_is_usage_error_naming_it(void **state)
{
    tree *t = *state;
    put(t, "real.py", "");
    char missing[512], real[512];
    const char *paths[] = {under(t, "real.py", real, sizeof(real)),
                           under(t, "no/such/place.py", missing, sizeof(missing))};
    assert_int_equal(ssot_discover(paths, 2, &t->list, t->err, sizeof(t->err)), SSOT_ERR_USAGE);
    assert_non_null(strstr(t->err, missing));
    assert_null(strchr(t->err, '\n'));
    assert_int_equal(t->list.count, 0); /* nothing half-built is left */
}

static void discover_symlink_loop_terminates_and_lists_each_file_once(void **state)
{
    tree *t = *state;
    put(t, "top.py", "");
    put(t, "pkg/m.py", "");
    char link[512];
    under(t, "pkg/loop", link, sizeof(link));
    assert_int_equal(symlink("..", link), 0);
    expect_listing(t, "", "pkg/m.py\ntop.py\n");
}

/* ---- roles ---- */

static void discover_decides_test_or_service_role_per_file(void **state)
{
    tree *t = *state;
    put(t, "test_a.py", "");
    put(t, "b_test.py", "");
    put(t, "conftest.py", "");
    put(t, "tests/helpers.py", "");
    put(t, "test/support.py", "");
    put(t, "app/contest.py", "");
    put(t, "latest/x.py", "");
    put(t, "app/service.py", "");
    assert_int_equal(discover1(t, ""), SSOT_OK);
    assert_int_equal(t->list.count, 8);
    static const struct {
        const char *rel;
        ssot_role role;
        bool pytest_file;
    } want[] = {
        {"test_a.py", SSOT_ROLE_TEST, true},       {"b_test.py", SSOT_ROLE_TEST, true},
        {"conftest.py", SSOT_ROLE_TEST, false},    {"tests/helpers.py", SSOT_ROLE_TEST, false},
        {"test/support.py", SSOT_ROLE_TEST, false}, {"app/contest.py", SSOT_ROLE_SERVICE, false},
        {"latest/x.py", SSOT_ROLE_SERVICE, false}, {"app/service.py", SSOT_ROLE_SERVICE, false},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const ssot_file_entry *e = entry(t, want[i].rel);
        assert_non_null(e);
        if (e->role != want[i].role || e->pytest_file != want[i].pytest_file)
            fail_msg("%s: role %d pytest_file %d, want %d %d", want[i].rel, e->role,
                     e->pytest_file, want[i].role, want[i].pytest_file);
    }
}

static void discover_gives_test_role_to_helpers_when_tests_folder_is_the_argument(void **state)
{
    tree *t = *state;
    /* `ssot check tests`: tests/helpers.py is under a tests folder whichever way it is
     * reached, exactly as with `ssot check .` or `ssot check tests/helpers.py` */
    put(t, "tests/helpers.py", "");
    put(t, "tests/test_a.py", "");
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(t->root), 0);
    const char *paths[] = {"tests"};
    ssot_status st = ssot_discover(paths, 1, &t->list, t->err, sizeof(t->err));
    ssot_file_list named = {0};
    const char *file[] = {"tests/helpers.py"};
    ssot_status st2 = ssot_discover(file, 1, &named, t->err, sizeof(t->err));
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, SSOT_OK);
    assert_int_equal(st2, SSOT_OK);
    assert_int_equal(t->list.count, 2);
    assert_string_equal(t->list.items[0].path, "tests/helpers.py");
    assert_string_equal(t->list.items[1].path, "tests/test_a.py");
    assert_int_equal(t->list.items[1].role, SSOT_ROLE_TEST);
    assert_int_equal(named.count, 1);
    ssot_role named_role = named.items[0].role;
    ssot_file_list_fini(&named);
    assert_int_equal(named_role, SSOT_ROLE_TEST);
    /* the role does not depend on where the walk starts: `ssot check tests`, `ssot check .`
     * and `ssot check tests/helpers.py` all give tests/helpers.py the test role */
    assert_int_equal(t->list.items[0].role, SSOT_ROLE_TEST);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(discover_walks_folders_recursively_in_sorted_order),
        T(discover_lists_source_files_only),
        T(discover_skips_tool_and_build_folders),
        T(discover_walks_skipped_folder_when_named_as_argument),
        T(discover_lists_a_file_named_twice_once),
        T(discover_folder_argument_with_trailing_slash_gives_clean_paths),
        T(discover_lists_file_once_when_named_and_inside_folder_with_trailing_slash),
        T(discover_honours_gitignore_in_work_tree),
        T(discover_honours_nested_gitignore_in_subfolder),
        T(discover_honours_gitignore_when_walking_a_subfolder),
        T(discover_ignores_gitignore_outside_a_work_tree),
        T(discover_judges_a_linked_file_by_its_target),
        T(discover_notes_each_file_metadata),
        T(discover_lists_ignored_file_named_explicitly),
        T(discover_missing_path_is_usage_error_naming_it),
        T(discover_symlink_loop_terminates_and_lists_each_file_once),
        T(discover_decides_test_or_service_role_per_file),
        T(discover_gives_test_role_to_helpers_when_tests_folder_is_the_argument),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
