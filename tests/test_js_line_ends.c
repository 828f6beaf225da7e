/* tests/test_js_line_ends.c - where a `//` comment can go on a JavaScript/TypeScript line
 * (analyzer/frontend/javascript/js_line_ends.c): strings, template literals and their
 * `${...}`, regular expressions, block comments, JSX text and tags, the `#!` line, and the
 * `//` comment already ending a line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analyzer/frontend/javascript/javascript.h"
#include "analyzer/frontend/javascript/js_line_ends.h"

/* "1" for a line that can take a comment, "0" for one that cannot, one per line. */
static void lines(const ssot_frontend *fe, const char *text, char *out, uint32_t *comments)
{
    bool can[32];
    uint32_t at[32];
    size_t rows = 1;
    for (const char *p = text; *p; p++)
        rows += *p == '\n';
    assert_true(rows < 32);
    assert_true(ssot_js_line_ends(fe, text, strlen(text), rows, can, at));
    for (size_t r = 0; r < rows; r++)
        out[r] = can[r] ? '1' : '0';
    out[rows] = '\0';
    if (comments)
        memcpy(comments, at, rows * sizeof(*at));
}

static void literals_and_comments(void **state)
{
    (void)state;
    const char *text = "#!/usr/bin/env node\n"            /* 0: the interpreter line */
                       "const a = 'x'; // note\n"        /* 1 */
                       "const b = `one\n"                /* 0: in a template literal */
                       "two ${f(\n"                       /* 1: in its substitution */
                       "  1)} three`;\n"                  /* 1 */
                       "/* a block\n"                     /* 0 */
                       "   comment */ g();\r\n"           /* 1 */
                       "const r = /x/;\n";                /* 1 */
    char got[32];
    uint32_t at[32];
    lines(&ssot_frontend_javascript, text, got, at);
    assert_string_equal(got, "010110111");
    assert_int_equal(at[1], (uint32_t)strlen("#!/usr/bin/env node\nconst a = 'x'; "));
    assert_int_equal(at[2], SSOT_JS_NO_COMMENT);
}

static void jsx_text_and_tags(void **state)
{
    (void)state;
    const char *text = "const x = (\n"           /* 1 */
                       "  <div\n"                /* 0: in a tag */
                       "    id=\"a\">\n"         /* 0: in the element */
                       "    text {f(\n"          /* 1: in an expression */
                       "    )}\n"                /* 0 */
                       "  </div>\n"              /* 1 */
                       ");\n";
    char got[32];
    lines(&ssot_frontend_tsx, text, got, NULL);
    assert_string_equal(got, "1001011" "1");
}

static void a_syntax_error_gives_no_line(void **state)
{
    (void)state;
    char got[32];
    lines(&ssot_frontend_typescript, "const a = ;\nf();\n", got, NULL);
    assert_string_equal(got, "000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literals_and_comments),
        cmocka_unit_test(jsx_text_and_tags),
        cmocka_unit_test(a_syntax_error_gives_no_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
