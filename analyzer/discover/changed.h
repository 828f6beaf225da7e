/* analyzer/discover/changed.h - the files git says changed, for the changed-files modes: since a
 * revision (committed, staged and unstaged changes: `--diff REV`) or in the index only
 * (`--staged`, what a commit would record). Through libgit2; deleted files are left out. */
#ifndef SSOT_ANALYZER_CHANGED_H
#define SSOT_ANALYZER_CHANGED_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/base/status.h"

typedef struct ssot_changed {
    char *workdir;   /* owned: the work tree, absolute, without a trailing slash */
    char *cwd;       /* owned: the current folder, which relative paths start from */
    char **paths;    /* owned: relative to `workdir`, sorted */
    size_t count;
} ssot_changed;

/* The files changed in the work tree around `dir`: against `rev` (any revision git
 * understands, and `A...B` for the merge base of A and B) with staged and unstaged changes,
 * or, when `rev` is NULL, the staged changes against HEAD (every staged file before the
 * first commit). Returns SSOT_ERR_USAGE with a message when `dir` is not in a work tree or
 * `rev` is unknown, SSOT_ERR_INTERNAL when libgit2 fails. */
ssot_status ssot_changed_files(const char *dir, const char *rev, ssot_changed *out, char *err,
                               size_t err_size);
/* The same beside other work (a pre-commit run asks git while it walks the project):
 * ssot_changed_start begins it on a thread of its own (on the caller's when none can be
 * started) and ssot_changed_finish waits for it and returns what ssot_changed_files would
 * (NULL `out`: the answer is dropped, and `err` not written). Every start is finished. */
typedef struct ssot_changed_job ssot_changed_job;
ssot_changed_job *ssot_changed_start(const char *dir, const char *rev);
ssot_status ssot_changed_finish(ssot_changed_job *job, ssot_changed *out, char *err,
                                size_t err_size);

/* Is `path` (relative to the current folder, or absolute) one of the changed files? */
bool ssot_changed_has(const ssot_changed *changed, const char *path);
void ssot_changed_fini(ssot_changed *changed);

#endif /* SSOT_ANALYZER_CHANGED_H */
