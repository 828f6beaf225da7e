/* tests/test_atomic_file.c - all-or-nothing writes (analyzer/base/atomic_file.c): the target
 * appears only on commit, an abort leaves the old content, no temporary file stays behind;
 * symlinks are followed, FIFOs and character devices written through and never replaced
 * (devices made with mknod in the temporary folder, as root only). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "analyzer/base/atomic_file.h"
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
    int rc = ssot_test_remove_tree(f->root);
    free(f);
    return rc;
}

static void write_file(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
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


static void a_symlink_is_followed_and_its_target_replaced(void **state)
{
    folder *f = *state;
    char err[256], buf[256], elsewhere[160], target[192], link[160];
    snprintf(elsewhere, sizeof(elsewhere), "%s/kept", f->root);
    snprintf(target, sizeof(target), "%s/report.txt", elsewhere);
    snprintf(link, sizeof(link), "%s/link", f->root);
    assert_int_equal(mkdir(elsewhere, 0755), 0);
    write_file(target, "old");
    assert_int_equal(symlink("kept/report.txt", link), 0); /* relative to the link's folder */
    ssot_atomic_file *file = ssot_atomic_open(link, err, sizeof(err));
    assert_non_null(file);
    fputs("new", ssot_atomic_stream(file));
    assert_int_equal(entries(elsewhere), 2); /* the temporary file is in the target's folder */
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* still a link */
    assert_string_equal(slurp(target, buf), "new");
    assert_int_equal(entries(elsewhere), 1);
    assert_int_equal(entries(f->root), 2); /* kept/, link */
    /* a dangling link: its target is created */
    unlink(target);
    file = ssot_atomic_open(link, err, sizeof(err));
    assert_non_null(file);
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    assert_int_equal(lstat(target, &st), 0);
    assert_true(S_ISREG(st.st_mode));
}

static void a_link_loop_and_a_folder_are_errors(void **state)
{
    folder *f = *state;
    char err[256], a[160], b[160];
    snprintf(a, sizeof(a), "%s/a", f->root);
    snprintf(b, sizeof(b), "%s/b", f->root);
    assert_int_equal(symlink("b", a), 0);
    assert_int_equal(symlink("a", b), 0);
    assert_null(ssot_atomic_open(a, err, sizeof(err)));
    assert_non_null(strstr(err, "/a: cannot write: Too many levels of symbolic links"));
    assert_null(ssot_atomic_open(f->root, err, sizeof(err)));
    assert_non_null(strstr(err, ": cannot write: is a folder"));
    assert_int_equal(entries(f->root), 2);
}

static void a_fifo_is_written_through(void **state)
{
    folder *f = *state;
    char err[256], buf[64];
    assert_int_equal(mkfifo(f->path, 0644), 0);
    int reader = open(f->path, O_RDONLY | O_NONBLOCK); /* so the writer's open does not wait */
    assert_true(reader >= 0);
    ssot_atomic_file *file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    fputs("through", ssot_atomic_stream(file));
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    ssize_t n = read(reader, buf, sizeof(buf) - 1);
    close(reader);
    assert_int_equal(n, 7);
    buf[n] = '\0';
    assert_string_equal(buf, "through");
    struct stat st;
    assert_int_equal(lstat(f->path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode)); /* never turned into a regular file */
    assert_int_equal(entries(f->root), 1);
}

/* A character device like /dev/null (1,3) or /dev/full (1,7) in the temporary folder. */
static bool make_device(const char *path, unsigned minor)
{
    if (geteuid() != 0 || mknod(path, S_IFCHR | 0666, makedev(1, minor)) != 0)
        return false;
    int fd = open(path, O_WRONLY); /* a file system mounted nodev refuses to open it */
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

static void a_device_is_written_through_and_a_full_one_fails(void **state)
{
    folder *f = *state;
    char err[256], full[160];
    if (!make_device(f->path, 3)) {
        skip(); /* not root, or no devices on this file system */
        return;
    }
    ssot_atomic_file *file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    fputs("gone", ssot_atomic_stream(file));
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    struct stat st;
    assert_int_equal(lstat(f->path, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    snprintf(full, sizeof(full), "%s/full", f->root);
    assert_true(make_device(full, 7));
    file = ssot_atomic_open(full, err, sizeof(err));
    assert_non_null(file);
    fputs("no room", ssot_atomic_stream(file));
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_ERR_IO);
    assert_non_null(strstr(err, "full: cannot write: No space left on device"));
    assert_int_equal(lstat(full, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(entries(f->root), 2);
}

static void standard_output_by_name_is_the_descriptor(void **state)
{
    folder *f = *state;
    char err[256], buf[256];
    /* /dev/stdout when stdout goes to a file: written through descriptor 1, not replaced */
    int saved = dup(STDOUT_FILENO);
    int fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    fflush(stdout);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    struct stat before, after;
    assert_int_equal(stat(f->path, &before), 0);
    ssot_atomic_file *file = ssot_atomic_open("/dev/stdout", err, sizeof(err));
    assert_non_null(file);
    fputs("to stdout", ssot_atomic_stream(file));
    ssot_status st = ssot_atomic_commit(file, err, sizeof(err));
    dup2(saved, STDOUT_FILENO);
    close(saved);
    assert_int_equal(st, SSOT_OK);
    assert_int_equal(stat(f->path, &after), 0);
    assert_true(before.st_ino == after.st_ino); /* the same file */
    assert_string_equal(slurp(f->path, buf), "to stdout");
    assert_int_equal(entries(f->root), 1);
}

static void a_signal_handler_removes_temporary_files(void **state)
{
    folder *f = *state;
    char err[256];
    ssot_atomic_file *file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    fputs("half", ssot_atomic_stream(file));
    assert_int_equal(entries(f->root), 1);
    ssot_atomic_remove_temps();
    assert_int_equal(entries(f->root), 0);
    ssot_atomic_abort(file); /* the process would have ended; here it tidies up */
    /* a committed file is no longer listed */
    file = ssot_atomic_open(f->path, err, sizeof(err));
    assert_non_null(file);
    assert_int_equal(ssot_atomic_commit(file, err, sizeof(err)), SSOT_OK);
    ssot_atomic_remove_temps();
    assert_int_equal(entries(f->root), 1);
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
        cmocka_unit_test_setup_teardown(a_symlink_is_followed_and_its_target_replaced, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_link_loop_and_a_folder_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(a_fifo_is_written_through, setup, teardown),
        cmocka_unit_test_setup_teardown(a_device_is_written_through_and_a_full_one_fails,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(standard_output_by_name_is_the_descriptor, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_signal_handler_removes_temporary_files, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
