/* analyzer/discover/discover.h - expand the paths given on the command line into the files to
 * check: recursive, .gitignore-aware (through libgit2, nested ignore files included),
 * skipping tool and build folders, with each file's role decided. */
#ifndef SSOT_ANALYZER_DISCOVER_H
#define SSOT_ANALYZER_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "analyzer/config/config.h"
#include "analyzer/facts/facts.h"
#include "analyzer/base/status.h"

/* A file's metadata as discovery's stat found it, before anything read the file: what the
 * facts cache's metadata table compares (analyzer/facts/cache_meta.h), so that the engine
 * does not stat every file a second time. */
typedef struct ssot_file_stat {
    uint64_t dev, ino;
    int64_t size, mtime_sec, mtime_nsec;
    uint32_t mode;
} ssot_file_stat;

typedef struct ssot_file_entry {
    char *path;      /* owned: as shown in reports, relative to the current directory */
    off_t size;      /* bytes, as discovery found it (the parse order: largest first) */
    ssot_role role;
    bool pytest_file; /* pytest collects test functions here (python_files) */
    bool uncollected; /* below a folder pytest's norecursedirs leaves out: no test here runs */
    bool explicit;   /* named on the command line */
    bool context;    /* read for cross-file resolution only, never reported: found by
                        walking the project around a named file (analyzer/discover/project.h) */
    char *problem;   /* owned, NULL when fine: why a folder could not be walked (E001) */
    const ssot_config *config; /* borrowed from the configuration set; NULL: defaults */
    char *config_path; /* owned: the path relative to the configuration's folder (for
                          per-file-ignores and scopes); the shown path when it has none */
    const struct ssot_frontend *frontend; /* its language; NULL in hand-made lists: the
                          engine then picks by extension (analyzer/frontend/frontend.h) */
    bool stated;       /* `st` holds discovery's stat of the file (false: the engine stats
                          it; hand-made lists, a file that could not be stated) */
    ssot_file_stat st;
    char *module;      /* owned: the module name its front end gives the file: Python's
                          dotted name from the package folders (`__init__.py`) above it,
                          `chat.websocket.manager`; JavaScript's path without extension */
} ssot_file_entry;

/* `st` as discovery noted it; `ssot_file_stat_put` fills the fields `ssot_file_stat_get`
 * gives back (device, inode, size, mtime, mode: the rest of `*out` zeroed). */
void ssot_file_stat_put(ssot_file_stat *dst, const struct stat *st);
void ssot_file_stat_get(const ssot_file_stat *src, struct stat *out);

typedef struct ssot_file_list {
    ssot_file_entry *items; /* owned, sorted by path, no duplicates */
    size_t count, cap;
} ssot_file_list;

typedef struct ssot_discover_options {
    ssot_config_set *configs; /* NULL: built-in defaults everywhere, no configuration files */
    bool force_exclude;       /* excludes apply to files named on the command line too */
} ssot_discover_options;

/* Expand `paths` (count `n`). Each file gets the configuration that applies to it (its
 * excludes, test-files globs and pytest settings decide what is walked and each file's
 * role). On failure (a path that does not exist, a named folder that cannot be read, a
 * malformed configuration file) returns SSOT_ERR_USAGE and writes a one-line message to
 * `err`; nothing is listed then. */
ssot_status ssot_discover_with(const char *const *paths, size_t n,
                               const ssot_discover_options *options, ssot_file_list *out,
                               char *err, size_t err_size);
/* The same with built-in defaults and no configuration files. */
ssot_status ssot_discover(const char *const *paths, size_t n, ssot_file_list *out, char *err,
                          size_t err_size);
/* The files of a revision that is not on disk (a commit's tree): `paths` (count `n`, sizes
 * in step, or NULL) relative to the work tree `root` (as given: "." or a path), listed as a
 * walk of `root` would list them there: the configuration on disk that applies to that
 * folder, its excludes and the built-in folder skips, the role, pytest's flags, and the
 * module, whose packages `has_file(ctx, REL)` (an `__init__.py` of that revision) decides.
 * Nothing is read from the files themselves. Fails as ssot_discover_with does for a
 * malformed configuration file. */
ssot_status ssot_discover_paths(const char *root, const char *const *paths, const off_t *sizes,
                                size_t n, const ssot_discover_options *options,
                                bool (*has_file)(void *ctx, const char *rel), void *ctx,
                                ssot_file_list *out, char *err, size_t err_size);
void ssot_file_list_fini(ssot_file_list *list);


#endif /* SSOT_ANALYZER_DISCOVER_H */
