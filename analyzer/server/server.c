/* analyzer/server/server.c - the language server's loop: read a framed message, answer what
 * cannot be read with a JSON-RPC parse error, hand the rest to the handlers. */
#include "analyzer/server/server.h"

#include <signal.h>

#include "analyzer/server/jsonrpc.h"
#include "analyzer/server/lsp.h"

int ssot_server_run(FILE *in, FILE *out, FILE *log)
{
    /* a client that goes away must not kill the server in the middle of a write */
    signal(SIGPIPE, SIG_IGN);
    ssot_lsp *lsp = ssot_lsp_new(out, log);
    for (;;) {
        json_t *msg;
        char err[256];
        ssot_rpc_result r = ssot_rpc_read(in, &msg, err, sizeof(err));
        if (r == SSOT_RPC_EOF)
            break;
        if (r != SSOT_RPC_MESSAGE) {
            fprintf(log, "ssot server: %s\n", err);
            ssot_rpc_error(out, NULL, SSOT_RPC_PARSE_ERROR, err);
            continue;
        }
        bool go_on = ssot_lsp_handle(lsp, msg);
        json_decref(msg);
        if (!go_on)
            break;
    }
    int rc = ssot_lsp_exit_code(lsp);
    ssot_lsp_free(lsp);
    return rc;
}
