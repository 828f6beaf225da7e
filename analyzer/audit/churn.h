/* analyzer/audit/churn.h - churn from git history (libgit2): how many commits touched each
 * file within a window, and which files git attributes mark as generated or vendored. */
#ifndef SSOT_ANALYZER_AUDIT_CHURN_H
#define SSOT_ANALYZER_AUDIT_CHURN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "analyzer/base/status.h"

typedef struct ssot_churn ssot_churn;

/* Read the history of the repository whose work tree is `workdir`: every non-merge commit
 * reachable from HEAD whose commit time is within `months` calendar months before `now` (SSOT_CHURN_AT_HEAD: HEAD's
 * commit time),
 * diffed against its parent (a root commit against the empty tree), counts once for each
 * path it adds, modifies, deletes or renames (both names). History that ends early (a
 * shallow clone) counts what is there. Returns NULL with a one-line message in `err` when
 * `workdir` is not a work tree with a HEAD commit; the caller frees with ssot_churn_free. */
ssot_churn *ssot_churn_read(const char *workdir, unsigned months, time_t now, char *err,
                            size_t err_size);
/* `now` for a window that ends at HEAD's commit time: the same counts for a given commit
 * whenever they are read. */
#define SSOT_CHURN_AT_HEAD ((time_t)-1)
/* The end of the window read (`now`, or HEAD's commit time). */
time_t ssot_churn_until(const ssot_churn *churn);
void ssot_churn_free(ssot_churn *churn); /* NULL is a no-op */

/* Commits that touched `path` (relative to the work tree, '/'-separated). */
uint32_t ssot_churn_count(const ssot_churn *churn, const char *path);
/* Commits read in the window. */
size_t ssot_churn_commits(const ssot_churn *churn);
/* HEAD's id in hex ("" when unknown); borrowed. */
const char *ssot_churn_head(const ssot_churn *churn);

/* Does .gitattributes mark `path` generated or vendored (`linguist-generated`,
 * `linguist-vendored` set, the attributes GitHub's Linguist reads)? */
bool ssot_churn_marked_generated(const ssot_churn *churn, const char *path);

/* The start of the window: `months` calendar months before `now` (UTC). */
time_t ssot_churn_since(time_t now, unsigned months);

#endif /* SSOT_ANALYZER_AUDIT_CHURN_H */
