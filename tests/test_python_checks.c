/* tests/test_python_checks.c - what each assertion claims (analyzer/frontend/python/
 * python_body.c): the check form (comparison, truth, raises) and the exception a raises
 * check names, which `ssot diff` compares across revisions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/frontend/python/python.h"
#include "tests/support.h"

static const char *const source =
    "import unittest\n"
    "import pytest\n"
    "\n"
    "def test_forms():\n"
    "    assert x == 3\n"
    "    assert x\n"
    "    assert not x\n"
    "    assert x is not None\n"
    "    assert a < b < c\n"
    "    assert isinstance(x, int)\n"
    "    assert 'a' in x\n"
    "    with pytest.raises(ValueError, match='bad'):\n"
    "        f()\n"
    "    with pytest.raises((KeyError, IndexError)):\n"
    "        f()\n"
    "    pytest.raises(Exception, f)\n"
    "    with pytest.raises(match='x'):\n"
    "        f()\n"
    "    with pytest.warns(DeprecationWarning):\n"
    "        f()\n"
    "\n"
    "class T(unittest.TestCase):\n"
    "    def test_unittest(self):\n"
    "        self.assertEqual(x, 3)\n"
    "        self.assertTrue(x)\n"
    "        self.assertIsNotNone(x)\n"
    "        self.assertIn(1, x)\n"
    "        self.assertRaises(ValueError, f)\n"
    "        with self.assertRaisesRegex(errors.Bad, 'x'):\n"
    "            f()\n"
    "        with self.assertLogs('app'):\n"
    "            f()\n"
    "        self.fail('no')\n";

static const ssot_function *function(const ssot_test_facts *p, const char *symbol)
{
    for (size_t i = 0; i < p->facts.function_count; i++)
        if (!strcmp(p->facts.functions[i].symbol, symbol))
            return &p->facts.functions[i];
    fail_msg("no function `%s`", symbol);
    return NULL;
}

/* "C", "T", "R(exc)", "O" per assertion, space-separated. */
static void forms(const ssot_function *fn, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < fn->assert_count; i++) {
        const ssot_assertion *a = &fn->asserts[i];
        size_t n = strlen(out);
        switch (a->form) {
        case SSOT_CHECK_COMPARISON:
            snprintf(out + n, size - n, "%sC", i ? " " : "");
            break;
        case SSOT_CHECK_TRUTH:
            snprintf(out + n, size - n, "%sT", i ? " " : "");
            break;
        case SSOT_CHECK_RAISES:
            snprintf(out + n, size - n, "%sR(%s)", i ? " " : "",
                     a->exception ? a->exception : "-");
            break;
        default:
            snprintf(out + n, size - n, "%sO", i ? " " : "");
        }
    }
}

static void pytest_assertions_say_what_they_claim(void **state)
{
    (void)state;
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_facts p;
    ssot_test_extract(fe, &p, "tests/test_forms.py", source, SSOT_ROLE_TEST);
    char got[512];
    forms(function(&p, "test_forms"), got, sizeof(got));
    assert_string_equal(got, "C T T T C C C R(ValueError) R((KeyError,IndexError)) "
                             "R(Exception) R(-) R(DeprecationWarning)");
    ssot_arena_free(p.arena);
    ssot_python_frontend_free(fe);
}

static void unittest_assertions_say_what_they_claim(void **state)
{
    (void)state;
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_facts p;
    ssot_test_extract(fe, &p, "tests/test_forms.py", source, SSOT_ROLE_TEST);
    char got[512];
    forms(function(&p, "T.test_unittest"), got, sizeof(got));
    assert_string_equal(got, "C T T C R(ValueError) R(errors.Bad) O O");
    ssot_arena_free(p.arena);
    ssot_python_frontend_free(fe);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pytest_assertions_say_what_they_claim),
        cmocka_unit_test(unittest_assertions_say_what_they_claim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
