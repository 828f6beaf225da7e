/* tests/test_toml.c - TOML documents to value trees (analyzer/config/toml.c): scalars, strings and
 * escapes, keys, tables, arrays of tables, inline tables, positions, and every error with
 * its exact `file:line:col: message`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/config/toml.h"
#include "tests/support.h"

/* Parse `text`, expecting success. */
static ssot_toml_value *parse(const char *text)
{
    ssot_toml_value *doc = NULL;
    char err[512];
    ssot_status st = ssot_toml_parse("t.toml", text, strlen(text), &doc, err, sizeof(err));
    if (st != SSOT_OK)
        fail_msg("unexpected error: %s", err);
    assert_non_null(doc);
    return doc;
}

/* Parse `text`, expecting `message` (exactly). */
static void expect_error(const char *text, const char *message)
{
    ssot_toml_value *doc = (ssot_toml_value *)1;
    char err[512] = "";
    ssot_status st = ssot_toml_parse("t.toml", text, strlen(text), &doc, err, sizeof(err));
    assert_int_equal(st, SSOT_ERR_INPUT);
    assert_null(doc);
    assert_string_equal(err, message);
}

/* The value at a dotted path of plain keys ("a.b.c"). */
static const ssot_toml_value *at(const ssot_toml_value *doc, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    const ssot_toml_value *v = doc;
    for (char *k = strtok(buf, "."); k && v; k = strtok(NULL, "."))
        v = ssot_toml_get(v, k);
    if (!v)
        fail_msg("no value at %s", path);
    return v;
}

static void toml_parses_scalars_with_positions(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("# comment\n"
                                 "i = 42\n"
                                 "f = 2.5\n"
                                 "t = true\n"
                                 "b = false\n"
                                 "s = \"text\"\n"
                                 "d = 1979-05-27T07:32:00Z\n"
                                 "  indented = 'x'\n");
    const ssot_toml_value *v = at(doc, "i");
    assert_int_equal(v->type, SSOT_TOML_INTEGER);
    assert_int_equal(v->integer, 42);
    assert_int_equal(v->line, 2);
    assert_int_equal(v->col, 5);
    assert_true(at(doc, "f")->type == SSOT_TOML_FLOAT && at(doc, "f")->real == 2.5);
    assert_true(at(doc, "t")->type == SSOT_TOML_BOOL && at(doc, "t")->boolean);
    assert_true(at(doc, "b")->type == SSOT_TOML_BOOL && !at(doc, "b")->boolean);
    assert_string_equal(at(doc, "s")->string, "text");
    assert_int_equal(at(doc, "d")->type, SSOT_TOML_DATETIME);
    assert_string_equal(at(doc, "d")->string, "1979-05-27T07:32:00Z");
    const ssot_toml_entry *e = ssot_toml_find(doc, "indented");
    assert_non_null(e);
    assert_int_equal(e->line, 8);
    assert_int_equal(e->col, 3);
    assert_int_equal(e->value->col, 14);
    /* keys keep the order they were written in */
    assert_int_equal(doc->table.count, 7);
    assert_string_equal(doc->table.items[0].key, "i");
    assert_string_equal(doc->table.items[6].key, "indented");
    ssot_toml_free(doc);
}

static void toml_decodes_basic_string_escapes(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("s = \"a\\nb\\tc\\\"d\\\\e\\u00e9\\U0001F600\\b\\f\\r\"\n");
    assert_string_equal(at(doc, "s")->string,
                        "a\nb\tc\"d\\e\xC3\xA9\xF0\x9F\x98\x80\b\f\r");
    ssot_toml_free(doc);
}

static void toml_literal_strings_keep_backslashes(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("re = 'time\\.sleep\\('\n"
                                 "ml = '''\nfirst\\n\n  second'''\n");
    assert_string_equal(at(doc, "re")->string, "time\\.sleep\\(");
    /* the newline right after ''' is dropped; the rest is kept as written */
    assert_string_equal(at(doc, "ml")->string, "first\\n\n  second");
    ssot_toml_free(doc);
}

static void toml_multiline_basic_strings_trim_and_join(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("a = \"\"\"\nline one\nline two\"\"\"\n"
                                 "b = \"\"\"\\\n    The quick \\\n    fox.\\\n    \"\"\"\n"
                                 "c = \"\"\"\r\nwindows\r\nlines\"\"\"\n");
    assert_string_equal(at(doc, "a")->string, "line one\nline two");
    assert_string_equal(at(doc, "b")->string, "The quick fox.");
    assert_string_equal(at(doc, "c")->string, "windows\nlines");
    ssot_toml_free(doc);
}

static void toml_integers_and_floats_in_every_form(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("a = 1_000\nb = -17\nc = +3\nd = 0xDEAD_beef\ne = 0o755\n"
                                 "f = 0b1101\ng = 9223372036854775807\nh = -9223372036854775808\n"
                                 "i = 6.02e23\nj = -1_0.5\nk = inf\nl = -inf\nm = nan\n");
    assert_int_equal(at(doc, "a")->integer, 1000);
    assert_int_equal(at(doc, "b")->integer, -17);
    assert_int_equal(at(doc, "c")->integer, 3);
    assert_int_equal(at(doc, "d")->integer, 0xDEADBEEF);
    assert_int_equal(at(doc, "e")->integer, 0755);
    assert_int_equal(at(doc, "f")->integer, 13);
    assert_true(at(doc, "g")->integer == 9223372036854775807LL);
    assert_true(at(doc, "h")->integer == -9223372036854775807LL - 1);
    assert_true(at(doc, "i")->real == 6.02e23);
    assert_true(at(doc, "j")->real == -10.5);
    assert_true(isinf(at(doc, "k")->real) && at(doc, "k")->real > 0);
    assert_true(isinf(at(doc, "l")->real) && at(doc, "l")->real < 0);
    assert_true(isnan(at(doc, "m")->real));
    ssot_toml_free(doc);
}

static void toml_dotted_and_quoted_keys(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("a.b.\"c d\" = 1\n"
                                 "a.b.e = 2\n"
                                 "\"x.y\" = 3\n"
                                 "'lit' = 4\n"
                                 "\"esc\\\"aped\" = 5\n"
                                 "site . \"google.com\" = true\n");
    const ssot_toml_value *b = at(doc, "a.b");
    assert_int_equal(b->type, SSOT_TOML_TABLE);
    assert_int_equal(b->origin, SSOT_TOML_DOTTED);
    assert_int_equal(ssot_toml_get(b, "c d")->integer, 1);
    assert_int_equal(ssot_toml_get(b, "e")->integer, 2);
    assert_int_equal(ssot_toml_get(doc, "x.y")->integer, 3);
    assert_int_equal(ssot_toml_get(doc, "lit")->integer, 4);
    assert_int_equal(ssot_toml_get(doc, "esc\"aped")->integer, 5);
    assert_true(ssot_toml_get(at(doc, "site"), "google.com")->boolean);
    /* each key segment has its own position */
    const ssot_toml_entry *e = ssot_toml_find(b, "c d");
    assert_int_equal(e->line, 1);
    assert_int_equal(e->col, 5);
    ssot_toml_free(doc);
}

static void toml_tables_and_subtables(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("top = 0\n"
                                 "[tool.ssot]\n"
                                 "select = [\"PH\"]\n"
                                 "[tool.ssot.duplicates]\n"
                                 "min-nodes = 50\n"
                                 "[tool.other]\n"
                                 "x = 1\n");
    const ssot_toml_value *ssot = at(doc, "tool.ssot");
    assert_int_equal(ssot->type, SSOT_TOML_TABLE);
    assert_int_equal(ssot->origin, SSOT_TOML_HEADER);
    assert_int_equal(ssot->line, 2);
    assert_int_equal(ssot->col, 1);
    assert_int_equal(at(doc, "tool")->origin, SSOT_TOML_IMPLICIT);
    assert_int_equal(at(doc, "tool.ssot.duplicates.min-nodes")->integer, 50);
    assert_int_equal(at(doc, "tool.other.x")->integer, 1);
    assert_string_equal(ssot_toml_get(ssot, "select")->array.items[0]->string, "PH");
    /* a table's entry points at its key in the header */
    const ssot_toml_entry *e = ssot_toml_find(at(doc, "tool"), "ssot");
    assert_int_equal(e->line, 2);
    assert_int_equal(e->col, 7);
    ssot_toml_free(doc);
}

static void toml_implicit_table_may_be_defined_later(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("[a.b]\nx = 1\n[a]\ny = 2\n"
                                 "[fruit]\napple.color = \"red\"\n"
                                 "[fruit.apple.texture]\nsmooth = true\n");
    assert_int_equal(at(doc, "a.b.x")->integer, 1);
    assert_int_equal(at(doc, "a.y")->integer, 2);
    assert_int_equal(at(doc, "a")->origin, SSOT_TOML_HEADER);
    assert_true(at(doc, "fruit.apple.texture.smooth")->boolean);
    assert_string_equal(at(doc, "fruit.apple.color")->string, "red");
    ssot_toml_free(doc);
}

static void toml_arrays_of_tables(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("[[tool.ssot.custom]]\n"
                                 "code = \"SS910\"\n"
                                 "[[tool.ssot.custom]]\n"
                                 "code = \"SS911\"\n"
                                 "[tool.ssot.custom.extra]\n"
                                 "k = 1\n");
    const ssot_toml_value *custom = at(doc, "tool.ssot.custom");
    assert_int_equal(custom->type, SSOT_TOML_ARRAY);
    assert_int_equal(custom->origin, SSOT_TOML_ARRAY_OF_TABLES);
    assert_int_equal(custom->array.count, 2);
    assert_string_equal(ssot_toml_get(custom->array.items[0], "code")->string, "SS910");
    assert_string_equal(ssot_toml_get(custom->array.items[1], "code")->string, "SS911");
    assert_int_equal(custom->array.items[1]->line, 3);
    /* [a.b] after [[a]] goes into the last element */
    assert_int_equal(at(custom->array.items[1], "extra.k")->integer, 1);
    assert_null(ssot_toml_get(custom->array.items[0], "extra"));
    ssot_toml_free(doc);
}

static void toml_inline_tables_and_arrays(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("p = { x = 1, y.z = \"deep\" }\n"
                                 "arr = [\n  1, # one\n  [2, 3],\n  { k = 'v' },\n]\n"
                                 "empty = []\n"
                                 "custom = [{ code = \"SS910\" }]\n");
    assert_int_equal(at(doc, "p")->origin, SSOT_TOML_INLINE);
    assert_int_equal(at(doc, "p.x")->integer, 1);
    assert_string_equal(at(doc, "p.y.z")->string, "deep");
    const ssot_toml_value *arr = at(doc, "arr");
    assert_int_equal(arr->array.count, 3);
    assert_int_equal(arr->array.items[0]->integer, 1);
    assert_int_equal(arr->array.items[1]->array.items[1]->integer, 3);
    assert_string_equal(ssot_toml_get(arr->array.items[2], "k")->string, "v");
    assert_int_equal(arr->array.items[2]->line, 5);
    assert_int_equal(arr->array.items[2]->col, 3);
    assert_int_equal(at(doc, "empty")->array.count, 0);
    assert_int_equal(at(doc, "custom")->array.items[0]->type, SSOT_TOML_TABLE);
    ssot_toml_free(doc);
}

static void toml_skips_byte_order_mark_and_handles_empty_input(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("\xEF\xBB\xBF" "a = 1\n");
    assert_int_equal(at(doc, "a")->integer, 1);
    ssot_toml_free(doc);
    doc = parse("");
    assert_int_equal(doc->type, SSOT_TOML_TABLE);
    assert_int_equal(doc->table.count, 0);
    ssot_toml_free(doc);
}

static void toml_reports_syntax_errors(void **state)
{
    (void)state;
    expect_error("a = \n", "t.toml:1:1: TOML syntax error: cannot parse `a =`");
    expect_error("[tool.ssot]\nselect = [\"PH\"\n",
                 "t.toml:2:1: TOML syntax error: cannot parse `select = [\"PH\"`");
    expect_error("a = [1 2]\n", "t.toml:1:8: TOML syntax error: cannot parse `2`");
    expect_error("a = {x = 1,}\n", "t.toml:1:11: TOML syntax error: cannot parse `,`");
    expect_error("a.=1\n", "t.toml:1:3: TOML syntax error: missing key");
    expect_error("x = 0x_1\n", "t.toml:1:1: TOML syntax error: cannot parse `x = 0x_1`");
    expect_error("s = \"\\q\"\n", "t.toml:1:1: TOML syntax error: cannot parse `s = \"\\q\"`");
    expect_error("a = 1\n[b\n", "t.toml:2:1: TOML syntax error: cannot parse `[b`");
    /* recovery opens the error at the end of line 1: the position is where it goes wrong */
    expect_error("[tool.ssot]\n\n= \n", "t.toml:3:1: TOML syntax error: cannot parse `=`");
    expect_error("[tool.ssot]\nx =\n= \n", "t.toml:2:1: TOML syntax error: cannot parse `x =`");
    expect_error("[tool.ssot]\nx\n]\n", "t.toml:2:1: TOML syntax error: cannot parse `x`");
    /* a line that ends too early is reported at its end */
    expect_error("a = {x = 1\n}\n", "t.toml:1:11: TOML syntax error: unexpected end of line");
}

static void toml_reports_duplicate_keys(void **state)
{
    (void)state;
    expect_error("a = 1\nb = 2\na = 3\n", "t.toml:3:1: duplicate key `a` (first defined at line 1)");
    expect_error("[t]\nx.y = 1\nx.y = 2\n",
                 "t.toml:3:3: duplicate key `t.x.y` (first defined at line 2)");
    expect_error("p = { a = 1, a = 2 }\n",
                 "t.toml:1:14: duplicate key `p.a` (first defined at line 1)");
    expect_error("a = []\n[[a]]\n", "t.toml:2:3: duplicate key `a` (first defined at line 1)");
    expect_error("\"q k\".x = 1\n\"q k\".x = 2\n",
                 "t.toml:2:7: duplicate key `\"q k\".x` (first defined at line 1)");
}

static void toml_reports_tables_defined_twice(void **state)
{
    (void)state;
    expect_error("[a]\nx = 1\n[b]\n[a]\n", "t.toml:4:2: table `[a]` is defined twice (first at line 1)");
    expect_error("a.b = 1\n[a]\n", "t.toml:2:2: table `[a]` is defined twice (first at line 1)");
    expect_error("[a]\nb.c = 1\n[a.b]\n",
                 "t.toml:3:4: table `[a.b]` is defined twice (first at line 2)");
    expect_error("[[a]]\n[a]\n", "t.toml:2:2: table `[a]` is defined twice (first at line 1)");
}

static void toml_reports_closed_and_scalar_tables(void **state)
{
    (void)state;
    expect_error("a = { x = 1 }\na.y = 2\n",
                 "t.toml:2:1: cannot add to inline table `a` (defined at line 1)");
    expect_error("a = { x = 1 }\n[a.b]\n",
                 "t.toml:2:2: cannot add to inline table `a` (defined at line 1)");
    expect_error("a = 1\n[a.b]\n",
                 "t.toml:2:2: cannot add to `a`: it is not a table (defined at line 1)");
    expect_error("a = 1\na.b = 2\n",
                 "t.toml:2:1: cannot add to `a`: it is not a table (defined at line 1)");
    expect_error("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n",
                 "t.toml:4:3: cannot add to table `a.b.c` with a dotted key: it is defined at "
                 "line 1");
}

static void toml_reports_bad_values(void **state)
{
    (void)state;
    expect_error("n = 9223372036854775808\n",
                 "t.toml:1:5: integer `9223372036854775808` is out of range (64-bit)");
    expect_error("n = 0xFFFFFFFFFFFFFFFF\n",
                 "t.toml:1:5: integer `0xFFFFFFFFFFFFFFFF` is out of range (64-bit)");
    expect_error("x = 1e999\n", "t.toml:1:5: float `1e999` is out of range");
    expect_error("s = \"ok\\uD800\"\n",
                 "t.toml:1:8: invalid escape `\\uD800`: not a Unicode scalar value");
    expect_error("s = \"\"\"\nline\n  \\U00110000\"\"\"\n",
                 "t.toml:3:3: invalid escape `\\U00110000`: not a Unicode scalar value");
    expect_error("a = 1\ns = \"b\xFF\"\n",
                 "t.toml:2:7: TOML files must be UTF-8: invalid byte 0xFF");
}

static void toml_limits_nesting(void **state)
{
    (void)state;
    char text[512] = "a = ";
    for (int i = 0; i < 120; i++)
        strcat(text, "[");
    for (int i = 0; i < 120; i++)
        strcat(text, "]");
    strcat(text, "\n");
    expect_error(text, "t.toml:1:106: TOML value nested more than 100 levels deep");
}

static void toml_parse_file_reads_and_reports_io_errors(void **state)
{
    (void)state;
    char dir[64];
    assert_int_equal(ssot_test_tempdir(dir, sizeof(dir), "toml"), 0);
    ssot_test_write(dir, "x.toml", "[t]\nk = \"v\"\n");
    char path[128];
    snprintf(path, sizeof(path), "%s/x.toml", dir);
    ssot_toml_value *doc;
    char err[512];
    assert_int_equal(ssot_toml_parse_file(path, &doc, err, sizeof(err)), SSOT_OK);
    assert_string_equal(at(doc, "t.k")->string, "v");
    ssot_toml_free(doc);
    unlink(path);
    assert_int_equal(ssot_toml_parse_file(path, &doc, err, sizeof(err)), SSOT_ERR_IO);
    assert_null(doc);
    char want[256];
    snprintf(want, sizeof(want), "%s: cannot read: No such file or directory", path);
    assert_string_equal(err, want);
    rmdir(dir);
}

static void toml_lookup_helpers(void **state)
{
    (void)state;
    ssot_toml_value *doc = parse("n = 1\n");
    assert_null(ssot_toml_get(NULL, "n"));
    assert_null(ssot_toml_get(doc, "missing"));
    assert_null(ssot_toml_get(ssot_toml_get(doc, "n"), "x")); /* not a table */
    assert_null(ssot_toml_find(ssot_toml_get(doc, "n"), "x"));
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_TABLE), "table");
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_ARRAY), "array");
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_STRING), "string");
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_INTEGER), "integer");
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_FLOAT), "float");
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_BOOL), "boolean");
    assert_string_equal(ssot_toml_type_name(SSOT_TOML_DATETIME), "datetime");
    ssot_toml_free(doc);
    ssot_toml_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(toml_parses_scalars_with_positions),
        cmocka_unit_test(toml_decodes_basic_string_escapes),
        cmocka_unit_test(toml_literal_strings_keep_backslashes),
        cmocka_unit_test(toml_multiline_basic_strings_trim_and_join),
        cmocka_unit_test(toml_integers_and_floats_in_every_form),
        cmocka_unit_test(toml_dotted_and_quoted_keys),
        cmocka_unit_test(toml_tables_and_subtables),
        cmocka_unit_test(toml_implicit_table_may_be_defined_later),
        cmocka_unit_test(toml_arrays_of_tables),
        cmocka_unit_test(toml_inline_tables_and_arrays),
        cmocka_unit_test(toml_skips_byte_order_mark_and_handles_empty_input),
        cmocka_unit_test(toml_reports_syntax_errors),
        cmocka_unit_test(toml_reports_duplicate_keys),
        cmocka_unit_test(toml_reports_tables_defined_twice),
        cmocka_unit_test(toml_reports_closed_and_scalar_tables),
        cmocka_unit_test(toml_reports_bad_values),
        cmocka_unit_test(toml_limits_nesting),
        cmocka_unit_test(toml_parse_file_reads_and_reports_io_errors),
        cmocka_unit_test(toml_lookup_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
