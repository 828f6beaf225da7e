/* analyzer/server/server.h - `ssot server`: a language server on a pair of streams. */
#ifndef SSOT_ANALYZER_SERVER_SERVER_H
#define SSOT_ANALYZER_SERVER_SERVER_H

#include <stdio.h>

/* Serve LSP over `in`/`out` until `exit` or the end of `in`; problems are logged on `log`.
 * Malformed input is answered with JSON-RPC errors and skipped. Returns the exit code: 0
 * after shutdown and exit, 1 when the client went away without shutting down. */
int ssot_server_run(FILE *in, FILE *out, FILE *log);

#endif /* SSOT_ANALYZER_SERVER_SERVER_H */
