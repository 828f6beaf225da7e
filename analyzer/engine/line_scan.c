/* analyzer/engine/line_scan.c - Python strings (one-quote, triple-quoted, with backslash
 * escapes) and comments followed across lines, without a parser: enough to never write a
 * comment inside a string. String prefixes (r, b, f) change nothing here: a backslash keeps
 * a quote from closing even in a raw string. */
#include "analyzer/engine/line_scan.h"

#include <stddef.h>

const char *ssot_line_scan_next(ssot_line_scan *lx, const char *p, const char *end)
{
    const char *start = p, *hash = NULL;
    for (; p < end && !hash; p++) {
        if (lx->quote) {
            if (*p == '\\') {
                p++;
            } else if (*p == lx->quote &&
                       (!lx->triple || (end - p >= 3 && p[1] == *p && p[2] == *p))) {
                p += lx->triple ? 2 : 0;
                lx->quote = 0;
            }
        } else if (*p == '\'' || *p == '"') {
            lx->quote = *p;
            lx->triple = end - p >= 3 && p[1] == *p && p[2] == *p;
            p += lx->triple ? 2 : 0;
        } else if (*p == '#') {
            hash = p;
        }
    }
    /* a one-quote string ends with its line unless a backslash continues it */
    if (lx->quote && !lx->triple && !(end > start && end[-1] == '\\'))
        lx->quote = 0;
    return hash;
}

bool ssot_line_scan_can_comment(const ssot_line_scan *lx, const char *p, const char *end,
                                const char *hash)
{
    return !lx->quote && (hash || end == p || end[-1] != '\\');
}
