/* analyzer/cli/usage.h - read the items of a --help text (a command or an option and its help),
 * so that completions and the manual page are generated from the text users see. */
#ifndef SSOT_ANALYZER_USAGE_H
#define SSOT_ANALYZER_USAGE_H

#include <stdbool.h>

enum { SSOT_USAGE_TERM_MAX = 128, SSOT_USAGE_TEXT_MAX = 1024 };

/* "  -q, --quiet             print findings only, no summary" and its continuation lines */
typedef struct ssot_usage_item {
    char term[SSOT_USAGE_TERM_MAX]; /* "-q, --quiet", "--report FORMAT:FILE", "check [PATHS...]" */
    char text[SSOT_USAGE_TEXT_MAX]; /* the help, continuation lines joined by one space */
} ssot_usage_item;

/* If `line` (the start of a line of a usage text) is an item, fill `item` and return the start
 * of the line after its last continuation line; otherwise return NULL. Over-long terms and
 * texts are cut. Can't fail otherwise. */
const char *ssot_usage_item_parse(const char *line, ssot_usage_item *item);

/* `usage` with its lists filled in from the tables they name, so that no help text can drift
 * from what the options accept: {FORMATS} the output formats of the reporter table, as prose
 * with their notes, {STATISTICS} those --statistics prints. A line that grows too long is
 * wrapped at a word, continued at the help column. The caller frees the result. */
char *ssot_usage_render(const char *usage);

/* Whether `term` names the long option `name` (without dashes): "-q, --quiet" names "quiet". */
bool ssot_usage_term_names(const char *term, const char *name);

#endif /* SSOT_ANALYZER_USAGE_H */
