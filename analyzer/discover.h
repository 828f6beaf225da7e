/* analyzer/discover.h - expand the paths given on the command line into the files to
 * check: recursive, .gitignore-aware (through libgit2, nested ignore files included),
 * skipping tool and build folders, with each file's role decided. */
#ifndef SSOT_ANALYZER_DISCOVER_H
#define SSOT_ANALYZER_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/facts.h"
#include "analyzer/status.h"

typedef struct ssot_file_entry {
    char *path;      /* owned: as shown in reports, relative to the current directory */
    ssot_role role;
    bool pytest_file; /* pytest collects test functions here (python_files) */
    bool explicit;   /* named on the command line */
    char *problem;   /* owned, NULL when fine: why a folder could not be walked (E001) */
} ssot_file_entry;

typedef struct ssot_file_list {
    ssot_file_entry *items; /* owned, sorted by path, no duplicates */
    size_t count, cap;
} ssot_file_list;

/* Expand `paths` (NULL-terminated count `n`). On failure (a path that does not exist)
 * returns SSOT_ERR_USAGE and writes a one-line message to `err`. */
ssot_status ssot_discover(const char *const *paths, size_t n, ssot_file_list *out, char *err,
                          size_t err_size);
void ssot_file_list_fini(ssot_file_list *list);

/* Folder names never descended into unless named: .git, node_modules, .venv, ... */
bool ssot_discover_is_skipped_dir(const char *name);

#endif /* SSOT_ANALYZER_DISCOVER_H */
