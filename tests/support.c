/* tests/support.c - temporary folders and files for the unit tests. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "tests/support.h"

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

int ssot_test_tempdir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "/tmp/ssot-%s-XXXXXX", name);
    return mkdtemp(buf) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int ssot_test_remove_tree(const char *root)
{
    return nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void ssot_test_write(const char *root, const char *rel, const char *text)
{
    char path[1024];
    size_t skip = 0;
    if (root) {
        snprintf(path, sizeof(path), "%s/%s", root, rel);
        skip = strlen(root) + 1;
    } else {
        snprintf(path, sizeof(path), "%s", rel);
    }
    for (char *s = strchr(path + skip, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(path, 0755) != 0)
            assert_int_equal(errno, EEXIST);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}
