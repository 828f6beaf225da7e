/* analyzer/frontend/javascript/js_tests.c - the tests of a JavaScript/TypeScript test file. */
#include "analyzer/frontend/javascript/js_internal.h"

void js_test_file(js_ctx *c)
{
    (void)c;
}
