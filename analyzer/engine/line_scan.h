/* analyzer/engine/line_scan.h - where a comment can go on a line of Python: strings and
 * comments followed line by line, for the writers of suppression comments (--add-noqa, the
 * language server's quick fixes). */
#ifndef SSOT_ANALYZER_ENGINE_LINE_SCAN_H
#define SSOT_ANALYZER_ENGINE_LINE_SCAN_H

#include <stdbool.h>

/* The state between lines: inside a string or not. Start with {0, false}. */
typedef struct ssot_line_scan {
    char quote;  /* the open string's quote character; 0: code */
    bool triple; /* it is triple-quoted */
} ssot_line_scan;

/* Scan one line [p, end) (without its line break) from the state in `scan`, leaving there the
 * state at its end. Returns where a comment starts on it, or NULL. A comment can be appended
 * to the line when, afterwards, scan->quote is 0 and the line does not end with a backslash
 * outside a comment. Can't fail. */
const char *ssot_line_scan_next(ssot_line_scan *scan, const char *p, const char *end);

/* Whether a comment can be appended to a line whose scan returned `hash` and left `scan`. */
bool ssot_line_scan_can_comment(const ssot_line_scan *scan, const char *p, const char *end,
                                const char *hash);

#endif /* SSOT_ANALYZER_ENGINE_LINE_SCAN_H */
