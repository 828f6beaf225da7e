/* analyzer/server/server.c - the language server's loop: read a framed message, answer what
 * cannot be read with a JSON-RPC parse error, hand the rest to the handlers, and check the
 * changed documents whenever the client has nothing more queued. */
#include "analyzer/server/server.h"

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "analyzer/server/jsonrpc.h"
#include "analyzer/server/lsp.h"

/* Whether the client has sent more than what was read: then documents are checked after it.
 * `in` is unbuffered, so the file descriptor tells; a stream without one has nothing more
 * waiting that matters (a memory stream is read to its end either way). */
static bool input_waiting(FILE *in)
{
    int fd = fileno(in);
    struct stat st;
    /* a regular file always polls readable: there, every message is followed by the check */
    if (fd < 0 || (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)))
        return false;
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

int ssot_server_run(FILE *in, FILE *out, FILE *log)
{
    /* unbuffered: what is waiting is in the pipe, where poll sees it */
    setvbuf(in, NULL, _IONBF, 0);
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
        if (!input_waiting(in))
            ssot_lsp_flush(lsp);
    }
    int rc = ssot_lsp_exit_code(lsp);
    ssot_lsp_free(lsp);
    return rc;
}
