/* tests/fuzz/fuzz_javascript.c - one JavaScript/TypeScript file through the whole per-file
 * pipeline: read, the front end of its dialect (suites, tests, assertions, doubles, module
 * state), the facts and their serialized form, the index and resolution, every file rule and
 * the suppression comments. The first byte picks the role (bit 0: 0 a test file, 1 project
 * code) and the dialect (bits 1-2: JavaScript, TypeScript, TSX); the rest is the file. */
#include <string.h>

#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const tests[] = {"fuzz.test.js", "fuzz.test.ts", "fuzz.test.tsx"};
    static const char *const services[] = {"fuzz.js", "fuzz.ts", "fuzz.tsx"};
    ssot_role role = data[0] & 1 ? SSOT_ROLE_SERVICE : SSOT_ROLE_TEST;
    unsigned dialect = ((unsigned)data[0] >> 1) % 3;
    char path[512];
    strcpy(path, ssot_fuzz_put(role == SSOT_ROLE_TEST ? tests[dialect] : services[dialect],
                               data + 1, size - 1));
    ssot_fuzz_check_file(path, role, NULL);
    return 0;
}
