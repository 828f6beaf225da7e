/* analyzer/server/lsp.h - the language server's state and its handler for one JSON-RPC
 * message (LSP's lifecycle, text synchronisation, diagnostics, code actions). */
#ifndef SSOT_ANALYZER_SERVER_LSP_H
#define SSOT_ANALYZER_SERVER_LSP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct ssot_lsp ssot_lsp;

/* A server writing to `out` (messages) and `log` (one line per problem); both borrowed. */
ssot_lsp *ssot_lsp_new(FILE *out, FILE *log);
void ssot_lsp_free(ssot_lsp *lsp); /* NULL is a no-op */

/* Handle one message (borrowed): answer requests (results, or JSON-RPC errors for an
 * invalid request, an unknown method or wrong params), act on notifications. Returns false
 * once `exit` arrived: the caller stops reading. */
bool ssot_lsp_handle(ssot_lsp *lsp, json_t *msg);

/* Check and publish the documents that changed since their last diagnostics; the caller
 * calls it when no message is waiting, so that a burst of changes is checked once. */
void ssot_lsp_flush(ssot_lsp *lsp);

/* The process's exit code as LSP asks: 0 when `shutdown` came before `exit`, else 1. */
int ssot_lsp_exit_code(const ssot_lsp *lsp);

#endif /* SSOT_ANALYZER_SERVER_LSP_H */
