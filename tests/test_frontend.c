/* tests/test_frontend.c - the front-end registry: which language reads a file, by extension
 * and by shebang, and each front end's module names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "analyzer/frontend/frontend.h"

static const char *lang_of(const char *path)
{
    const ssot_frontend *fe = ssot_frontend_for_path(path);
    return fe ? fe->name : "none";
}

static void frontend_is_chosen_by_extension(void **state)
{
    (void)state;
    assert_string_equal(lang_of("a/b.py"), "python");
    assert_string_equal(lang_of("b.pyi"), "python");
    assert_string_equal(lang_of("b.js"), "javascript");
    assert_string_equal(lang_of("b.jsx"), "javascript");
    assert_string_equal(lang_of("b.mjs"), "javascript");
    assert_string_equal(lang_of("b.cjs"), "javascript");
    assert_string_equal(lang_of("b.ts"), "typescript");
    assert_string_equal(lang_of("b.mts"), "typescript");
    assert_string_equal(lang_of("b.cts"), "typescript");
    assert_string_equal(lang_of("b.tsx"), "tsx");
    assert_string_equal(lang_of("b.pyc"), "none");
    assert_string_equal(lang_of(".py"), "none"); /* a dot file's name, no extension */
    assert_string_equal(lang_of("dir.js/readme"), "none");
}

static const char *shebang(const char *text)
{
    const ssot_frontend *fe = ssot_frontend_for_shebang(text, strlen(text));
    return fe ? fe->name : "none";
}

static void frontend_is_chosen_by_shebang(void **state)
{
    (void)state;
    assert_string_equal(shebang("#!/usr/bin/env node\n"), "javascript");
    assert_string_equal(shebang("#!/usr/bin/env -S node --no-warnings\n"), "javascript");
    assert_string_equal(shebang("#!/usr/local/bin/python3.11\nimport os\n"), "python");
    assert_string_equal(shebang("#!/usr/bin/python\n"), "python");
    assert_string_equal(shebang("#!/usr/bin/env ts-node\n"), "typescript");
    assert_string_equal(shebang("#!/bin/sh\n"), "none");
    assert_string_equal(shebang("#!/usr/bin/env nodemon\n"), "none");
    assert_string_equal(shebang("print(1)\n"), "none");
}

static void frontend_names_modules_per_language(void **state)
{
    (void)state;
    const ssot_frontend *py = ssot_frontend_for_path("x.py");
    const ssot_frontend *ts = ssot_frontend_for_path("x.ts");
    char *a = py->module_name("chat.ws", "src/chat/ws/manager.py");
    char *b = ts->module_name("", "./src/cart.ts");
    char *c = ts->module_name("", "src/ui/index.ts");
    char *d = ts->module_name("", "src/cart.test.ts");
    assert_string_equal(a, "chat.ws.manager");
    assert_string_equal(b, "src/cart");
    assert_string_equal(c, "src/ui");
    assert_string_equal(d, "src/cart.test");
    free(a);
    free(b);
    free(c);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frontend_is_chosen_by_extension),
        cmocka_unit_test(frontend_is_chosen_by_shebang),
        cmocka_unit_test(frontend_names_modules_per_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
