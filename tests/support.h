/* tests/support.h - helpers the unit tests share: temporary folders and files in them. */
#ifndef SSOT_TESTS_SUPPORT_H
#define SSOT_TESTS_SUPPORT_H

#include <stddef.h>

/* Make a new folder /tmp/ssot-<name>-XXXXXX into `buf`; returns 0, or -1 on failure. */
int ssot_test_tempdir(char *buf, size_t size, const char *name);

/* Remove a folder and everything below it; symlinks are removed, never followed.
 * Returns 0, or nonzero when something could not be removed. */
int ssot_test_remove_tree(const char *root);

/* Write `text` to `root`/`rel` (or `rel` alone when `root` is NULL), creating the folders
 * on the way; a failure fails the running cmocka test. */
void ssot_test_write(const char *root, const char *rel, const char *text);

#endif /* SSOT_TESTS_SUPPORT_H */
