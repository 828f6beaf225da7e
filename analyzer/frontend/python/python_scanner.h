/* analyzer/frontend/python/python_scanner.h - tree-sitter-python with a corrected external scanner,
 * for a second parse of a file the grammar rejected. Private to the Python front end. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_SCANNER_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_SCANNER_H

#include <stddef.h>
#include <tree_sitter/api.h>

/* The Python grammar whose scanner never produces a block end (DEDENT) where the parser
 * cannot take one. The grammar's scanner ends a block on any line indented less than the
 * block, unless it guesses that the line is inside brackets; it guesses from whether a
 * closing bracket may come next, which is false after `+`, `in`, `for` ..., and a comment
 * at column 0 ends a block too. CPython ignores indentation inside brackets and on comment
 * lines; so does this scanner, by passing over such a DEDENT (the parser would only turn it
 * into an error). Only a DEDENT the parse state cannot take is dropped: a file the grammar
 * parses gives the same tree. Returns NULL and a message when the grammar's external
 * tokens are not the ones expected. The language is static: never delete it. */
const TSLanguage *py_scanner_corrected_language(char *err, size_t err_size);

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_SCANNER_H */
