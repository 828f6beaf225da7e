/* analyzer/server/actions.h - code actions for ssot's diagnostics: suppress the finding on its
 * line, or in the whole file. */
#ifndef SSOT_ANALYZER_SERVER_ACTIONS_H
#define SSOT_ANALYZER_SERVER_ACTIONS_H

#include <jansson.h>

#include "analyzer/server/documents.h"

/* The CodeAction[] (a new array) for textDocument/codeAction's `params` on `doc`: for each of
 * ssot's diagnostics in params.context.diagnostics, "Suppress CODE on this line" (merged into
 * an `ssot: ignore[...]` comment already there; `//` in JavaScript and TypeScript; never on
 * a line that ends inside a string, or in JavaScript/TypeScript inside a template literal,
 * regular expression, block comment or JSX) and "Suppress CODE in this file" (an `ssot: ignore-file[...]` line after
 * any shebang and coding line; `//` in JavaScript and TypeScript). NULL when `params` is
 * malformed. */
json_t *ssot_server_code_actions(const ssot_document *doc, json_t *params);

#endif /* SSOT_ANALYZER_SERVER_ACTIONS_H */
