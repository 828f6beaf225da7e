/* tests/test_js_checks.c - what each JavaScript/TypeScript assertion claims (analyzer/
 * frontend/javascript/js_body.c): the check form (comparison, truth, raises) and the
 * exception a raises check names, which `ssot diff` compares across revisions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/discover/source.h"
#include "analyzer/facts/facts.h"
#include "analyzer/frontend/frontend.h"

static const char *const source =
    "import assert from 'node:assert';\n"
    "import { expect as chaiExpect } from 'chai';\n"
    "\n"
    "test('forms', async () => {\n"
    "  expect(x).toBe(3);\n"
    "  expect(x).not.toEqual([1]);\n"
    "  expect(x).toBeGreaterThan(2);\n"
    "  expect(x).toBeTruthy();\n"
    "  expect(x).toBeDefined();\n"
    "  expect(x).toBeNull();\n"
    "  expect(() => f()).toThrow(TypeError);\n"
    "  expect(() => f()).toThrow();\n"
    "  expect(() => f()).toThrow('bad input');\n"
    "  expect(() => f()).not.toThrow();\n"
    "  await expect(p).rejects.toThrow(errors.Bad);\n"
    "  expect(fn).toHaveBeenCalled();\n"
    "  expect(x).toMatchSnapshot();\n"
    "  assert.equal(x, 3);\n"
    "  assert.strictEqual(x, 3);\n"
    "  assert.deepEqual(x, [1]);\n"
    "  assert.ok(x);\n"
    "  assert(x);\n"
    "  assert.throws(() => f(), RangeError);\n"
    "  assert.throws(() => f());\n"
    "  await assert.rejects(p, TypeError);\n"
    "});\n"
    "\n"
    "describe('chai', () => {\n"
    "  it('chains', () => {\n"
    "    chaiExpect(x).to.equal(3);\n"
    "    chaiExpect(x).to.be.ok;\n"
    "    chaiExpect(x).to.exist;\n"
    "    chaiExpect(() => f()).to.throw(TypeError);\n"
    "    chaiExpect(x).to.have.lengthOf(2);\n"
    "    x.should.eql({ a: 1 });\n"
    "    x.should.be.true;\n"
    "  });\n"
    "});\n";

/* "C", "T", "R(exc)", "O" per assertion of the function `symbol`, space-separated. */
static void forms(const ssot_facts *facts, const char *symbol, char *out, size_t size)
{
    const ssot_function *fn = NULL;
    for (size_t i = 0; i < facts->function_count; i++)
        if (!strcmp(facts->functions[i].symbol, symbol))
            fn = &facts->functions[i];
    if (!fn)
        fail_msg("no function `%s`", symbol);
    out[0] = '\0';
    for (size_t i = 0; i < fn->assert_count; i++) {
        const ssot_assertion *a = &fn->asserts[i];
        size_t n = strlen(out);
        const char *sep = i ? " " : "";
        switch (a->form) {
        case SSOT_CHECK_COMPARISON:
            snprintf(out + n, size - n, "%sC", sep);
            break;
        case SSOT_CHECK_TRUTH:
            snprintf(out + n, size - n, "%sT", sep);
            break;
        case SSOT_CHECK_RAISES:
            snprintf(out + n, size - n, "%sR(%s)", sep, a->exception ? a->exception : "-");
            break;
        default:
            snprintf(out + n, size - n, "%sO", sep);
        }
    }
}

static void extract(const char *path, ssot_facts *facts, ssot_arena *arena)
{
    const ssot_frontend *fe = ssot_frontend_for_path(path);
    assert_non_null(fe);
    char err[256];
    void *parser = fe->parser_new(fe, err, sizeof(err));
    assert_non_null(parser);
    memset(facts, 0, sizeof(*facts));
    facts->path = path;
    facts->module = "src/forms.test";
    facts->role = SSOT_ROLE_TEST;
    ssot_source src = {path, source, strlen(source)};
    fe->extract(parser, &src, facts, arena);
    fe->parser_free(parser);
}

static void jest_and_assert_say_what_they_claim(void **state)
{
    (void)state;
    static const char *const paths[] = {"src/forms.test.ts", "src/forms.test.js"};
    for (size_t k = 0; k < 2; k++) {
        ssot_arena *arena = ssot_arena_new();
        ssot_facts facts;
        extract(paths[k], &facts, arena);
        char got[512];
        forms(&facts, "forms", got, sizeof(got));
        assert_string_equal(got, "C C C T T T R(TypeError) R(-) R('bad input') O "
                                 "R(errors.Bad) O O C C C T T R(RangeError) R(-) "
                                 "R(TypeError)");
        forms(&facts, "chai > chains", got, sizeof(got));
        assert_string_equal(got, "C T T R(TypeError) C C T");
        ssot_arena_free(arena);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jest_and_assert_say_what_they_claim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
