/* analyzer/resolve/duplicates.h - the DD rules' cross-file step: clusters of duplicated
 * definitions, found through hash tables over fingerprints and names (never by comparing
 * files pairwise), with the likely canonical member of each. */
#ifndef SSOT_ANALYZER_DUPLICATES_H
#define SSOT_ANALYZER_DUPLICATES_H

#include "analyzer/resolve/index.h"

/* Cluster every file's definitions and set `dup` on each extra member: DD002 (type-1
 * function clones), DD003 (type-2 clones that are not type-1), DD001 (same-named classes
 * with evidence), DD004 (same-named constants). What it attaches lives in the index's
 * arena. Run once, single-threaded, after every file is in the index. Cannot fail. */
void ssot_duplicates_resolve(ssot_index *index);

#endif /* SSOT_ANALYZER_DUPLICATES_H */
