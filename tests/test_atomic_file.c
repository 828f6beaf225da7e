/* tests/test_atomic_file.c - all-or-nothing writes (analyzer/atomic_file.c): the target
 * appears only on commit, an abort leaves the old content, no temporary file stays behind. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/atomic_file.h"
#include "tests/support.h"

typedef struct folder {
    char root[64];
    char path[128];
} folder;

static int setup(void **state)
{
    folder *f = calloc(1, sizeof(*f));
    if (!f || ssot_test_tempdir(f->root, sizeof(f->root), "atomic") != 0) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof(f->path), "%s/report.json", f->root);
    *state = f;
    return 0;
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static int teardown(void **state)
{
    folder *f = *state;
    unlink(f->path);
    int rc = rmdir(f->root);
    free(f);
    return rc;
}

/* The file's first bytes in `buf` (256 bytes), or NULL when it does not exist. */
static char *slurp(const char *path, char *buf)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return NULL;
    size_t n = fread(buf, 1, 255, in);
    buf[n] = '\0';
    fclose(in);
    return buf;
}

static void commit_replaces_the_target_at_once(void **state)
{
    folder *f = *state;
    char err[256], buf[256];
    FILE *old = fopen(f->path, "w");
    fputs("old", old);
    fclose(old);
    chmod(f->path, 0640);
    ssot_atomic_file *file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    fputs("new content", ssot_atomic_stream(file));
    assert_string_equal(slurp(f->path, buf), "old"); /* nothing visible before the commit */
    assert_int_equal(entries(f->root), 2);
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    assert_string_equal(slurp(f->path, buf), "new content");
    assert_int_equal(entries(f->root), 1);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* the replaced file's mode is kept */
}

static void new_file_gets_the_umask_mode(void **state)
{
    folder *f = *state;
    char err[256];
    mode_t mask = umask(027);
    ssot_atomic_file *file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    fputs("x", ssot_atomic_stream(file));
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    umask(mask);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

static void abort_leaves_the_target_alone(void **state)
{
    folder *f = *state;
    char err[256], buf[256];
    ssot_atomic_file *file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    fputs("half a rep", ssot_atomic_stream(file));
    ssot_atomic_abort(file);
    assert_null(slurp(f->path, buf));
    assert_int_equal(entries(f->root), 0);
    ssot_atomic_abort(NULL);
}

static void missing_folder_is_an_error_with_the_path(void **state)
{
    folder *f = *state;
    char err[256], path[192];
    snprintf(path, sizeof(path), "%s/no/such/dir/out.xml", f->root);
    assert_null(ssot_atomic_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, "out.xml: cannot write: No such file or directory"));
}

static void write_unsynced_creates_and_replaces(void **state)
{
    folder *f = *state;
    char err[256], buf[256];
    /* new: linked into place (or renamed), no temporary file left behind */
    assert_int_equal(ssot_atomic_write_unsynced(f->path, "first", 5, err, sizeof(err)),
                     SSOT_OK);
    assert_string_equal(slurp(f->path, buf), "first");
    assert_int_equal(entries(f->root), 1);
    /* existing (a corrupt cache entry): replaced through a temporary file and rename */
    assert_int_equal(ssot_atomic_write_unsynced(f->path, "second", 6, err, sizeof(err)),
                     SSOT_OK);
    assert_string_equal(slurp(f->path, buf), "second");
    assert_int_equal(entries(f->root), 1);
    char path[192];
    snprintf(path, sizeof(path), "%s/no/such/dir/entry", f->root);
    assert_int_equal(ssot_atomic_write_unsynced(path, "x", 1, err, sizeof(err)), SSOT_ERR_IO);
    assert_non_null(strstr(err, "entry: cannot write: No such file or directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(commit_replaces_the_target_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(new_file_gets_the_umask_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_leaves_the_target_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(write_unsynced_creates_and_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_folder_is_an_error_with_the_path, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
