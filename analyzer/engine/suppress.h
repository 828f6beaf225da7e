/* analyzer/engine/suppress.h - inline suppressions: `# ssot: ignore[CODE,...] -- reason` on the
 * flagged line or on the def/class line of the code that holds it, `# ssot: ignore-file[CODE]`
 * in a file's first 20 lines, and `# noqa: CODE` for ssot's own codes. A suppression that
 * suppressed nothing is reported as SS901. */
#ifndef SSOT_ANALYZER_SUPPRESS_H
#define SSOT_ANALYZER_SUPPRESS_H

#include <stdbool.h>

#include "analyzer/engine/diag.h"
#include "analyzer/facts/facts.h"
#include "analyzer/config/selection.h"

/* Mark the findings in `sink` that the file's comments suppress (ssot_diag.suppressed),
 * then report every listed code that suppressed nothing as SS901 into the same sink.
 * `sel` says which rules ran on this file (custom rules included): an unused suppression
 * of a rule that did not run is not reported. */
void ssot_suppress_apply(const ssot_facts *facts, ssot_sink *sink, const ssot_selection *sel);

/* Parse one comment. Writes up to `max` codes (each up to 15 chars) and returns how many;
 * *file_level is set for ignore-file. Returns -1 when the comment is not a suppression. */
int ssot_suppress_parse(const char *comment, char codes[][16], int max, bool *file_level);

#endif /* SSOT_ANALYZER_SUPPRESS_H */
