/* analyzer/server/jsonrpc.h - JSON-RPC 2.0 over a byte stream with LSP's base protocol:
 * `Content-Length: N` headers, a blank line, N bytes of JSON (jansson). */
#ifndef SSOT_ANALYZER_SERVER_JSONRPC_H
#define SSOT_ANALYZER_SERVER_JSONRPC_H

#include <jansson.h>
#include <stdio.h>

/* JSON-RPC and LSP error codes. */
enum {
    SSOT_RPC_PARSE_ERROR = -32700,
    SSOT_RPC_INVALID_REQUEST = -32600,
    SSOT_RPC_METHOD_NOT_FOUND = -32601,
    SSOT_RPC_INVALID_PARAMS = -32602,
    SSOT_RPC_INTERNAL_ERROR = -32603,
    SSOT_RPC_SERVER_NOT_INITIALIZED = -32002,
};

typedef enum ssot_rpc_result {
    SSOT_RPC_MESSAGE = 0, /* *msg holds the parsed JSON value (the caller decrefs it) */
    SSOT_RPC_EOF,         /* the stream ended (between messages or inside one) */
    SSOT_RPC_BAD_HEADER,  /* no usable Content-Length, or too large: skipped, `err` says why */
    SSOT_RPC_BAD_JSON,    /* the body is not JSON: skipped, `err` says why */
} ssot_rpc_result;

enum { SSOT_RPC_MAX_BODY = 64 * 1024 * 1024, SSOT_RPC_MAX_HEADER_LINE = 8192 };

/* Read the next message from `in`. After SSOT_RPC_BAD_HEADER or SSOT_RPC_BAD_JSON the stream
 * is positioned after what was skipped, so reading can go on. Can't fail otherwise. */
ssot_rpc_result ssot_rpc_read(FILE *in, json_t **msg, char *err, size_t err_size);

/* Write `msg` with its header and flush; steals the reference. Returns 0, or -1 when writing
 * failed. */
int ssot_rpc_write(FILE *out, json_t *msg);
/* A response with `result` (stolen; NULL means JSON null) to the request `id` (borrowed). */
int ssot_rpc_reply(FILE *out, json_t *id, json_t *result);
/* An error response to `id` (borrowed; NULL: null, for messages whose id is unknown). */
int ssot_rpc_error(FILE *out, json_t *id, int code, const char *message);
/* A notification (`params` stolen). */
int ssot_rpc_notify(FILE *out, const char *method, json_t *params);

#endif /* SSOT_ANALYZER_SERVER_JSONRPC_H */
