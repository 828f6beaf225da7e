/* analyzer/frontend/python/python_scanner.c - a copy of the tree-sitter-python language whose
 * external scanner drops a DEDENT the parse state cannot take (python_scanner.h says why).
 * The language struct's layout comes from the grammar's own tree_sitter/parser.h, so the
 * copy matches the grammar it copies. */
#include "analyzer/frontend/python/python_scanner.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "tree_sitter/parser.h" /* the grammar's: struct TSLanguage, TSLexer */

const TSLanguage *tree_sitter_python(void);

/* The grammar's external tokens, in its `externals` order; checked at start-up. */
enum { EXT_DEDENT = 2 };

static TSLanguage corrected;
static const char *corrected_error;
static pthread_once_t corrected_once = PTHREAD_ONCE_INIT;

static bool scan_without_stray_dedent(void *payload, TSLexer *lexer, const bool *valid)
{
    if (!tree_sitter_python()->external_scanner.scan(payload, lexer, valid))
        return false;
    /* refused: the parser resets the lexer and the scanner's state before lexing again */
    return lexer->result_symbol != EXT_DEDENT || valid[EXT_DEDENT];
}

static void build_corrected(void)
{
    const TSLanguage *lang = tree_sitter_python();
    if (lang->external_token_count <= EXT_DEDENT ||
        strcmp(ts_language_symbol_name(lang, lang->external_scanner.symbol_map[EXT_DEDENT]),
               "_dedent") != 0) {
        corrected_error = "the Python grammar's third external token is not `_dedent`";
        return;
    }
    memcpy(&corrected, lang, sizeof(corrected));
    corrected.external_scanner.scan = scan_without_stray_dedent;
}

const TSLanguage *py_scanner_corrected_language(char *err, size_t err_size)
{
    pthread_once(&corrected_once, build_corrected);
    if (corrected_error) {
        snprintf(err, err_size, "%s", corrected_error);
        return NULL;
    }
    return &corrected;
}
