/* analyzer/diff/revision.h - one revision of the repository as `ssot diff` reads it: its
 * files straight from git's object database (no checkout, nothing written), and the
 * files git's rename detection says moved between two revisions. Through libgit2. */
#ifndef SSOT_ANALYZER_DIFF_REVISION_H
#define SSOT_ANALYZER_DIFF_REVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/status.h"

typedef struct ssot_revision ssot_revision;

/* Open the repository whose work tree holds `dir` and resolve `spec` (any revision git
 * understands: a branch, a tag, `HEAD~2`, `origin/main`, a commit id) to its commit.
 * Returns SSOT_ERR_USAGE with a one-line message when `dir` is in no work tree or `spec`
 * names no commit; *out is then NULL. The caller frees with ssot_revision_free. */
ssot_status ssot_revision_open(const char *dir, const char *spec, ssot_revision **out, char *err,
                               size_t err_size);
void ssot_revision_free(ssot_revision *rev); /* NULL is a no-op */

/* The work tree, absolute, without a trailing slash. Borrowed. */
const char *ssot_revision_workdir(const ssot_revision *rev);
/* The commit's id, abbreviated to 12 hex digits. Borrowed. */
const char *ssot_revision_id(const ssot_revision *rev);
/* Its files, relative to the work tree, sorted, but those the work tree's ignore rules
 * name (discovery then keeps those a front end reads). Borrowed. */
const char *const *ssot_revision_files(const ssot_revision *rev, size_t *count);
/* Does the revision hold the file `rel`? */
bool ssot_revision_has(const ssot_revision *rev, const char *rel);
/* File `rel`'s bytes, allocated in `arena` with one spare byte; safe from several threads.
 * False with a one-line message when the blob cannot be read. */
bool ssot_revision_read(ssot_revision *rev, const char *rel, ssot_arena *arena, char **text,
                        size_t *len, char *msg, size_t msg_size);

/* File `rel`'s size in bytes from its object's header (the parse order: largest first);
 * 0 when unknown. Call from one thread. */
off_t ssot_revision_size(ssot_revision *rev, const char *rel);

/* Renamed or moved files from `base` to `head` (NULL: the work tree, staged, unstaged and
 * untracked files included), by git's rename detection: `from[i]` became `to[i]`, paths
 * relative to the work tree. */
typedef struct ssot_renames {
    char **from, **to;  /* owned */
    size_t count;
} ssot_renames;
ssot_status ssot_revision_renames(ssot_revision *base, ssot_revision *head, ssot_renames *out,
                                  char *err, size_t err_size);
/* Where `rel` of the base side lives on the head side (itself when not renamed). */
const char *ssot_renames_to(const ssot_renames *r, const char *rel);
void ssot_renames_fini(ssot_renames *r);

#endif /* SSOT_ANALYZER_DIFF_REVISION_H */
