/* analyzer/frontend/javascript/js_line_ends.h - where a `//` comment can go on the lines of a
 * JavaScript/TypeScript file, from its syntax tree: for the writers of suppression comments
 * (--add-noqa, the language server's quick fix). */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JS_LINE_ENDS_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JS_LINE_ENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/frontend/frontend.h"

#define SSOT_JS_NO_COMMENT UINT32_MAX

/* Whether `fe` is one of the JavaScript/TypeScript front ends. */
bool ssot_js_is_frontend(const ssot_frontend *fe);

/* Parse `text` (len bytes) with `fe`'s grammar and fill, for each of the first `rows` lines
 * (0-based rows, lines end at '\n', a '\r' before it is the line break's): can_comment[r],
 * whether the line's end is code, so that `// ...` appended there is a comment (not inside
 * a string, template literal, regular expression, block comment, JSX text or tag, or the
 * `#!` line); comment_at[r], the byte offset of the `//` comment that ends the line, or
 * SSOT_JS_NO_COMMENT. A file with a syntax error gets no line (every can_comment false):
 * its tree does not say where code is. Returns false only when the grammar cannot be used
 * (then nothing is filled but can_comment, all false). */
bool ssot_js_line_ends(const ssot_frontend *fe, const char *text, size_t len, size_t rows,
                       bool *can_comment, uint32_t *comment_at);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JS_LINE_ENDS_H */
