/* analyzer/server/jsonrpc.c - LSP base protocol framing: header lines up to a blank line,
 * Content-Length bytes of body parsed by jansson; writing the same way. Malformed input is
 * skipped with a reason, never trusted: lengths are bounded, header lines too. */
#include "analyzer/server/jsonrpc.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyzer/base/alloc.h"

typedef enum line_result { LINE_OK, LINE_EOF, LINE_TOO_LONG } line_result;

/* One header line without its CR LF (a bare LF is accepted). An over-long line is consumed
 * to its end. */
static line_result read_line(FILE *in, char *buf, size_t size)
{
    size_t n = 0;
    bool too_long = false;
    int c;
    while ((c = getc(in)) != EOF && c != '\n') {
        if (n + 1 < size)
            buf[n++] = (char)c;
        else
            too_long = true;
    }
    if (c == EOF && n == 0 && !too_long)
        return LINE_EOF;
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    if (c == EOF)
        return LINE_EOF; /* a message cut short */
    return too_long ? LINE_TOO_LONG : LINE_OK;
}

/* `Content-Length: 123` -> 123; -1 when the value is not a number. */
static long long parse_length(const char *value)
{
    while (*value == ' ' || *value == '\t')
        value++;
    if (!isdigit((unsigned char)*value))
        return -1;
    char *end;
    errno = 0;
    long long n = strtoll(value, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    return errno || *end ? -1 : n;
}

/* Read and drop `n` bytes; false at the end of the stream. */
static bool skip(FILE *in, long long n)
{
    char buf[4096];
    while (n > 0) {
        size_t want = n < (long long)sizeof(buf) ? (size_t)n : sizeof(buf);
        size_t got = fread(buf, 1, want, in);
        if (got == 0)
            return false;
        n -= (long long)got;
    }
    return true;
}

ssot_rpc_result ssot_rpc_read(FILE *in, json_t **msg, char *err, size_t err_size)
{
    *msg = NULL;
    char line[SSOT_RPC_MAX_HEADER_LINE];
    long long length = -2; /* -2: no Content-Length header, -1: a bad one */
    const char *problem = NULL;
    bool any = false;
    for (;;) {
        line_result r = read_line(in, line, sizeof(line));
        if (r == LINE_EOF)
            return SSOT_RPC_EOF;
        if (r == LINE_TOO_LONG) {
            problem = "header line too long";
            any = true;
            continue;
        }
        if (!line[0]) {
            if (any)
                break;
            continue; /* blank lines between messages are tolerated */
        }
        any = true;
        char *colon = strchr(line, ':');
        if (!colon) {
            problem = "header line without `:`";
            continue;
        }
        *colon = '\0';
        if (!strcasecmp(line, "Content-Length"))
            length = parse_length(colon + 1);
    }
    if (!problem && length == -2)
        problem = "no Content-Length header";
    if (!problem && length < 0)
        problem = "Content-Length is not a number";
    if (problem) {
        snprintf(err, err_size, "%s", problem);
        return SSOT_RPC_BAD_HEADER;
    }
    if (length > SSOT_RPC_MAX_BODY) {
        snprintf(err, err_size, "message of %lld bytes, over the %d-byte limit", length,
                 SSOT_RPC_MAX_BODY);
        return skip(in, length) ? SSOT_RPC_BAD_HEADER : SSOT_RPC_EOF;
    }
    char *body = ssot_malloc((size_t)length + 1);
    size_t got = length ? fread(body, 1, (size_t)length, in) : 0;
    if (got != (size_t)length) {
        free(body);
        return SSOT_RPC_EOF;
    }
    json_error_t jerr;
    *msg = json_loadb(body, (size_t)length, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    free(body);
    if (!*msg) {
        snprintf(err, err_size, "invalid JSON at byte %d: %s", jerr.position, jerr.text);
        return SSOT_RPC_BAD_JSON;
    }
    return SSOT_RPC_MESSAGE;
}

int ssot_rpc_write(FILE *out, json_t *msg)
{
    if (!json_object_get(msg, "jsonrpc"))
        json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *text = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!text)
        return -1;
    size_t n = strlen(text);
    int rc = fprintf(out, "Content-Length: %zu\r\n\r\n", n) < 0 || fwrite(text, 1, n, out) != n ||
                     fflush(out) != 0
                 ? -1
                 : 0;
    free(text);
    return rc;
}

int ssot_rpc_reply(FILE *out, json_t *id, json_t *result)
{
    json_t *msg = json_object();
    json_object_set(msg, "id", id ? id : json_null());
    json_object_set_new(msg, "result", result ? result : json_null());
    return ssot_rpc_write(out, msg);
}

int ssot_rpc_error(FILE *out, json_t *id, int code, const char *message)
{
    json_t *msg = json_object();
    json_object_set(msg, "id", id ? id : json_null());
    json_object_set_new(msg, "error",
                        json_pack("{s:i, s:s}", "code", code, "message", message));
    return ssot_rpc_write(out, msg);
}

int ssot_rpc_notify(FILE *out, const char *method, json_t *params)
{
    json_t *msg = json_object();
    json_object_set_new(msg, "method", json_string(method));
    json_object_set_new(msg, "params", params ? params : json_object());
    return ssot_rpc_write(out, msg);
}
