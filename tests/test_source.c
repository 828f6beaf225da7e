/* tests/test_source.c - reading a source file once (analyzer/discover/source.c): size limit, binary
 * and UTF-8 checks, BOM, PEP 263 coding cookies, character columns. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"
#include "analyzer/discover/source.h"
#include "tests/support.h"

#define LIMIT (1u << 20)

typedef struct fixture {
    char dir[64];
    char path[128];
    ssot_arena *arena;
    ssot_source src;
    char msg[256];
    unsigned row, col;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f || ssot_test_tempdir(f->dir, sizeof(f->dir), "source") != 0) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof(f->path), "%s/m.py", f->dir);
    f->arena = ssot_arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    ssot_arena_free(f->arena);
    free(f);
    return 0;
}

static void write_bytes(const fixture *f, const char *bytes, size_t len)
{
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

#define WRITE(f, lit) write_bytes((f), (lit), sizeof(lit) - 1)

static ssot_source_result read_file(fixture *f, size_t limit)
{
    f->msg[0] = '\0';
    f->row = f->col = 0;
    return ssot_source_read(f->path, limit, f->arena, &f->src, f->msg, sizeof(f->msg), &f->row,
                            &f->col);
}

static void source_read_returns_utf8_text_unchanged(void **state)
{
    fixture *f = *state;
    static const char text[] = "def test_caf\xc3\xa9():\n    assert 1\n";
    WRITE(f, text);
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_OK);
    assert_int_equal(f->src.len, sizeof(text) - 1);
    assert_memory_equal(f->src.text, text, sizeof(text)); /* with its terminating NUL */
    assert_string_equal(f->src.path, f->path);
}

static void source_read_accepts_empty_file(void **state)
{
    fixture *f = *state;
    write_bytes(f, "", 0);
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_OK);
    assert_int_equal(f->src.len, 0);
    assert_string_equal(f->src.text, "");
}

static void source_read_drops_utf8_bom(void **state)
{
    fixture *f = *state;
    WRITE(f, "\xEF\xBB\xBFx = 1\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_OK);
    assert_int_equal(f->src.len, 6);
    assert_string_equal(f->src.text, "x = 1\n");
}

static void source_read_rejects_nul_byte_as_binary_with_location(void **state)
{
    fixture *f = *state;
    WRITE(f, "a = 1\nbb\0c\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_NOT_TEXT);
    assert_int_equal(f->row, 2);
    assert_int_equal(f->col, 3);
    assert_non_null(strstr(f->msg, "binary"));
    assert_non_null(strstr(f->msg, "line 2"));
    assert_null(strstr(f->msg, f->path)); /* the message is without the path */
}

static void source_read_rejects_invalid_utf8_with_its_line(void **state)
{
    fixture *f = *state;
    WRITE(f, "ok = 1\nbad = '\xff'\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_NOT_TEXT);
    assert_int_equal(f->row, 2);
    assert_int_equal(f->col, 8); /* `bad = '` is 7 bytes */
    assert_non_null(strstr(f->msg, "UTF-8"));
    assert_non_null(strstr(f->msg, "line 2"));
}

static void source_read_rejects_truncated_utf8_sequence_at_end(void **state)
{
    fixture *f = *state;
    WRITE(f, "x = 1\n\xc3");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_NOT_TEXT);
    assert_int_equal(f->row, 2);
    assert_int_equal(f->col, 1);
}

static void source_read_converts_latin1_file_with_coding_cookie(void **state)
{
    fixture *f = *state;
    WRITE(f, "# -*- coding: latin-1 -*-\ns = '\xe9t\xe9'\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_OK);
    static const char want[] = "# -*- coding: latin-1 -*-\ns = '\xc3\xa9t\xc3\xa9'\n";
    assert_int_equal(f->src.len, sizeof(want) - 1);
    assert_memory_equal(f->src.text, want, sizeof(want));
}

static void source_read_finds_coding_cookie_on_second_line_after_shebang(void **state)
{
    fixture *f = *state;
    WRITE(f, "#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nn = '\xfc'\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_OK);
    assert_non_null(strstr(f->src.text, "n = '\xc3\xbc'\n"));
}

static void source_read_ignores_coding_cookie_after_code_line(void **state)
{
    fixture *f = *state;
    /* PEP 263: the cookie counts on lines 1-2 only when no code precedes it */
    WRITE(f, "x = 1\n# coding: latin-1\ns = '\xe9'\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_NOT_TEXT);
    assert_int_equal(f->row, 3);
}

static void source_read_keeps_utf8_file_with_utf8_cookie(void **state)
{
    fixture *f = *state;
    static const char text[] = "# coding: utf-8\ns = '\xc3\xa9'\n";
    WRITE(f, text);
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_OK);
    assert_memory_equal(f->src.text, text, sizeof(text));
}

static void source_read_rejects_unknown_encoding_name(void **state)
{
    fixture *f = *state;
    WRITE(f, "# -*- coding: klingon-9 -*-\nx = 1\n");
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_NOT_TEXT);
    assert_non_null(strstr(f->msg, "klingon-9"));
}

static void source_read_rejects_file_over_size_limit(void **state)
{
    fixture *f = *state;
    WRITE(f, "x = 1234567890\n"); /* 15 bytes */
    assert_int_equal(read_file(f, 14), SSOT_SOURCE_TOO_LARGE);
    assert_non_null(strstr(f->msg, "15"));
    assert_non_null(strstr(f->msg, "14"));
}

static void source_read_accepts_file_exactly_at_size_limit(void **state)
{
    fixture *f = *state;
    WRITE(f, "x = 1234567890\n");
    assert_int_equal(read_file(f, 15), SSOT_SOURCE_OK);
    assert_int_equal(f->src.len, 15);
}

static void source_read_reports_missing_file_as_unreadable(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    assert_int_equal(read_file(f, LIMIT), SSOT_SOURCE_UNREADABLE);
    assert_non_null(strstr(f->msg, "No such file"));
}

static void source_read_reports_directory_as_unreadable(void **state)
{
    fixture *f = *state;
    f->msg[0] = '\0';
    assert_int_equal(ssot_source_read(f->dir, LIMIT, f->arena, &f->src, f->msg, sizeof(f->msg),
                                      &f->row, &f->col),
                     SSOT_SOURCE_UNREADABLE);
    assert_non_null(strstr(f->msg, "directory"));
}

static void source_column_counts_characters_not_bytes(void **state)
{
    (void)state;
    static const char line[] = "s = 'h\xc3\xa9llo' + '\xf0\x9f\x98\x80' + x";
    assert_int_equal(ssot_source_column(line, line), 1);
    /* `s = 'h` is 6 ASCII characters */
    assert_int_equal(ssot_source_column(line, line + 6), 7);
    /* after `é` (2 bytes): 7 characters */
    assert_int_equal(ssot_source_column(line, line + 8), 8);
    const char *x = strrchr(line, 'x');
    /* `é` has 1 continuation byte and the emoji 3 before x */
    assert_int_equal(ssot_source_column(line, x), (unsigned)(x - line) - 4 + 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(source_read_returns_utf8_text_unchanged),
        T(source_read_accepts_empty_file),
        T(source_read_drops_utf8_bom),
        T(source_read_rejects_nul_byte_as_binary_with_location),
        T(source_read_rejects_invalid_utf8_with_its_line),
        T(source_read_rejects_truncated_utf8_sequence_at_end),
        T(source_read_converts_latin1_file_with_coding_cookie),
        T(source_read_finds_coding_cookie_on_second_line_after_shebang),
        T(source_read_ignores_coding_cookie_after_code_line),
        T(source_read_keeps_utf8_file_with_utf8_cookie),
        T(source_read_rejects_unknown_encoding_name),
        T(source_read_rejects_file_over_size_limit),
        T(source_read_accepts_file_exactly_at_size_limit),
        T(source_read_reports_missing_file_as_unreadable),
        T(source_read_reports_directory_as_unreadable),
        cmocka_unit_test(source_column_counts_characters_not_bytes),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
