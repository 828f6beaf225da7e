/* tests/test_server.c - the language server's pieces: UTF-16 positions, file URIs, JSON-RPC
 * framing, incremental document changes. (A whole LSP session: tests/e2e/test_server.py.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/server/documents.h"
#include "analyzer/server/jsonrpc.h"
#include "analyzer/server/uri.h"
#include "analyzer/server/utf16.h"

/* "é" is one UTF-16 unit in two bytes, "😀" two units in four bytes. */
static const char TEXT[] = "ab\r\n\xC3\xA9x\xF0\x9F\x98\x80y\nlast";

static void utf16_characters_count_surrogate_pairs(void **state)
{
    (void)state;
    size_t len = strlen(TEXT);
    assert_int_equal(ssot_utf16_character(TEXT, len, 1, 0), 0);
    assert_int_equal(ssot_utf16_character(TEXT, len, 1, 1), 1); /* after é */
    assert_int_equal(ssot_utf16_character(TEXT, len, 1, 3), 4); /* after the emoji */
    assert_int_equal(ssot_utf16_character(TEXT, len, 1, 4), 5);
    assert_int_equal(ssot_utf16_character(TEXT, len, 1, 99), 5); /* past the end: the end */
    /* the CR of a CRLF belongs to the line break */
    assert_int_equal(ssot_utf16_character(TEXT, len, 0, 99), 2);
}

static void utf16_offsets_map_back_to_bytes(void **state)
{
    (void)state;
    size_t len = strlen(TEXT);
    size_t line1 = 4;
    assert_int_equal(ssot_utf16_offset(TEXT, len, 1, 0), line1);
    assert_int_equal(ssot_utf16_offset(TEXT, len, 1, 1), line1 + 2);
    assert_int_equal(ssot_utf16_offset(TEXT, len, 1, 2), line1 + 3);
    assert_int_equal(ssot_utf16_offset(TEXT, len, 1, 3), line1 + 3); /* inside the pair */
    assert_int_equal(ssot_utf16_offset(TEXT, len, 1, 4), line1 + 7);
    assert_int_equal(ssot_utf16_offset(TEXT, len, 0, 50), 2);      /* before the CR LF */
    assert_int_equal(ssot_utf16_offset(TEXT, len, 2, 4), len);
    assert_int_equal(ssot_utf16_offset(TEXT, len, 9, 0), len);      /* past the last line */
}

static void uris_decode_and_encode(void **state)
{
    (void)state;
    char *p = ssot_uri_to_path("file:///home/ann/my%20app/test_%C3%A9.py");
    assert_string_equal(p, "/home/ann/my app/test_\xC3\xA9.py");
    free(p);
    p = ssot_uri_to_path("file://localhost/x.py");
    assert_string_equal(p, "/x.py");
    free(p);
    assert_null(ssot_uri_to_path("untitled:Untitled-1"));
    assert_null(ssot_uri_to_path("file://server/share/x.py"));
    assert_null(ssot_uri_to_path("file:///a%00b.py"));
    char *u = ssot_uri_from_path("/home/ann/my app/x.py");
    assert_string_equal(u, "file:///home/ann/my%20app/x.py");
    free(u);
}

static ssot_rpc_result read_one(const char *bytes, json_t **msg)
{
    FILE *in = fmemopen((void *)bytes, strlen(bytes), "rb");
    char err[256];
    ssot_rpc_result r = ssot_rpc_read(in, msg, err, sizeof(err));
    fclose(in);
    return r;
}

static void rpc_reads_framed_messages_and_rejects_bad_ones(void **state)
{
    (void)state;
    json_t *msg;
    assert_int_equal(read_one("Content-Length: 2\r\nContent-Type: x\r\n\r\n{}", &msg),
                     SSOT_RPC_MESSAGE);
    assert_true(json_is_object(msg));
    json_decref(msg);
    assert_int_equal(read_one("content-length:2\n\n[]", &msg), SSOT_RPC_MESSAGE);
    json_decref(msg);
    assert_int_equal(read_one("Content-Type: x\r\n\r\n{}", &msg), SSOT_RPC_BAD_HEADER);
    assert_int_equal(read_one("Content-Length: -1\r\n\r\n", &msg), SSOT_RPC_BAD_HEADER);
    assert_int_equal(read_one("Content-Length: 2\r\n\r\n{x", &msg), SSOT_RPC_BAD_JSON);
    assert_int_equal(read_one("Content-Length: 10\r\n\r\n{}", &msg), SSOT_RPC_EOF);
    assert_int_equal(read_one("\r\n", &msg), SSOT_RPC_EOF);
    assert_null(msg);
}

static void rpc_writes_a_content_length_header(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(ssot_rpc_error(out, NULL, SSOT_RPC_PARSE_ERROR, "bad"), 0);
    fclose(out);
    const char *body = strstr(buf, "\r\n\r\n") + 4;
    char header[64];
    snprintf(header, sizeof(header), "Content-Length: %zu\r\n\r\n", strlen(body));
    assert_int_equal(strncmp(buf, header, strlen(header)), 0);
    json_t *msg = json_loads(body, 0, NULL);
    assert_true(json_is_null(json_object_get(msg, "id")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(msg, "error"), "code")),
                     -32700);
    json_decref(msg);
    free(buf);
}

static void documents_apply_incremental_changes(void **state)
{
    (void)state;
    ssot_documents *docs = ssot_documents_new();
    ssot_document *doc = ssot_documents_open(docs, "file:///t.py", TEXT, strlen(TEXT), 1);
    assert_string_equal(doc->path, "/t.py");
    /* replace the emoji (UTF-16 characters 2..4 of line 1) */
    json_t *changes = json_loads("[{\"range\": {\"start\": {\"line\": 1, \"character\": 2},"
                                 " \"end\": {\"line\": 1, \"character\": 4}}, \"text\": \"Z\"}]",
                                 0, NULL);
    assert_true(ssot_document_apply(doc, changes, 2));
    assert_string_equal(doc->text, "ab\r\n\xC3\xA9xZy\nlast");
    assert_int_equal(doc->version, 2);
    json_decref(changes);
    changes = json_loads("[{\"text\": \"new\"}, {\"range\": {}, \"text\": \"\"}]", 0, NULL);
    assert_false(ssot_document_apply(doc, changes, 3));
    assert_string_equal(doc->text, "new");
    json_decref(changes);
    ssot_documents_close(docs, "file:///t.py");
    assert_null(ssot_documents_find(docs, "file:///t.py"));
    ssot_documents_free(docs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf16_characters_count_surrogate_pairs),
        cmocka_unit_test(utf16_offsets_map_back_to_bytes),
        cmocka_unit_test(uris_decode_and_encode),
        cmocka_unit_test(rpc_reads_framed_messages_and_rejects_bad_ones),
        cmocka_unit_test(rpc_writes_a_content_length_header),
        cmocka_unit_test(documents_apply_incremental_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
