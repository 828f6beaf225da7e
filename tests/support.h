/* tests/support.h - helpers the unit tests share: temporary folders and files in them, the
 * facts the Python frontend extracts from a source, and small temporary projects run
 * through the engine. */
#ifndef SSOT_TESTS_SUPPORT_H
#define SSOT_TESTS_SUPPORT_H

#include <stddef.h>

#include "analyzer/base/alloc.h"
#include "analyzer/engine/engine.h"
#include "analyzer/frontend/python/python.h"

/* Make a new folder /tmp/ssot-<name>-XXXXXX into `buf`; returns 0, or -1 on failure. */
int ssot_test_tempdir(char *buf, size_t size, const char *name);

/* Remove a folder and everything below it; symlinks are removed, never followed.
 * Returns 0, or nonzero when something could not be removed. */
int ssot_test_remove_tree(const char *root);

/* Write `text` to `root`/`rel` (or `rel` alone when `root` is NULL), creating the folders
 * on the way; a failure fails the running cmocka test. */
void ssot_test_write(const char *root, const char *rel, const char *text);

/* ---- facts of one source ---- */

/* The facts of one source and the arena they live in (free with ssot_arena_free). */
typedef struct ssot_test_facts {
    ssot_arena *arena;
    ssot_facts facts;
} ssot_test_facts;

/* A new Python frontend; a failure fails the running cmocka test. */
ssot_python_frontend *ssot_test_frontend(void);

/* Extract `text` as the file `path` with `role` into `out` (a test-role file counts as a
 * pytest file too). */
void ssot_test_extract(ssot_python_frontend *fe, ssot_test_facts *out, const char *path,
                       const char *text, ssot_role role);

/* ---- a temporary project run through the engine ---- */

/* A folder under /tmp and the files written into it, listed sorted by path with the role
 * and pytest flag discovery would give them. */
typedef struct ssot_test_project {
    char root[64];
    ssot_file_entry entries[32];
    ssot_file_list files;
} ssot_test_project;

/* cmocka setup and teardown: *state is a new empty project in its own folder; teardown
 * frees it and removes the folder with everything in it. */
int ssot_test_project_setup(void **state);
int ssot_test_project_teardown(void **state);

/* Write (or rewrite) `rel` under the project's root; a new file joins the file list. */
void ssot_test_project_put(ssot_test_project *p, const char *rel, const char *text);

/* Run the engine over the project with `threads` threads and only rule `code` enabled (E
 * rules always run), or with every rule that is not opt-in when `code` is NULL; the
 * caller finis `out`. */
void ssot_test_project_run(const ssot_test_project *p, const char *code, unsigned threads,
                           ssot_run *out);

#endif /* SSOT_TESTS_SUPPORT_H */
