/* tests/fuzz/fuzz_python.c - one Python file through the whole per-file pipeline: read
 * (size, binary and encoding checks), the front end, the facts and their serialized form,
 * the index and resolution, every file rule, and the suppression comments. The first
 * byte's low bit picks the file's role (0: a test file, 1: project code); the rest is the
 * file. */
#include <string.h>

#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ssot_role role = data[0] & 1 ? SSOT_ROLE_SERVICE : SSOT_ROLE_TEST;
    char path[512];
    strcpy(path, ssot_fuzz_put(role == SSOT_ROLE_TEST ? "test_fuzz.py" : "fuzz.py", data + 1,
                               size - 1));
    ssot_fuzz_check_file(path, role, NULL);
    return 0;
}
