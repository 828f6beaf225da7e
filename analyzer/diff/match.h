/* analyzer/diff/match.h - pair the two sides of a diff: tests by file and qualified name
 * (a renamed file followed), findings by rule, file, symbol and message; the deltas of
 * each pair. */
#ifndef SSOT_ANALYZER_DIFF_MATCH_H
#define SSOT_ANALYZER_DIFF_MATCH_H

#include "analyzer/diff/diff.h"
#include "analyzer/diff/revision.h"
#include "analyzer/diff/side.h"

/* Every delta between `base` and `head`, into `out` (sorted). Can't fail. */
void ssot_diff_match(const ssot_diff_side *base, const ssot_diff_side *head,
                     const ssot_renames *renames, ssot_delta_list *out);

#endif /* SSOT_ANALYZER_DIFF_MATCH_H */
