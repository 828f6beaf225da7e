/* analyzer/frontend/javascript/js_conventions.c - the JavaScript test-file conventions: the
 * defaults every runner shares (`__tests__/`, `*.test.*`, `*.spec.*`, a `test/` folder). */
#include "analyzer/frontend/javascript/js_conventions.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

typedef struct js_conventions {
    int unused;
} js_conventions;

void *ssot_js_conventions_new(void)
{
    return ssot_calloc(1, sizeof(js_conventions));
}

void ssot_js_conventions_free(void *conventions)
{
    free(conventions);
}

static bool default_test(const char *abs)
{
    const char *slash = strrchr(abs, '/');
    const char *base = slash ? slash + 1 : abs;
    if (strstr(base, ".test.") || strstr(base, ".spec.") || strstr(base, "_test.") ||
        strstr(base, "-test."))
        return true;
    for (const char *seg = abs; seg;) {
        const char *end = strchr(seg, '/');
        if (!end)
            break;
        size_t n = (size_t)(end - seg);
        if ((n == 9 && !strncmp(seg, "__tests__", 9)) || (n == 4 && !strncmp(seg, "test", 4)) ||
            (n == 5 && !strncmp(seg, "tests", 5)))
            return true;
        seg = end + 1;
    }
    return false;
}

bool ssot_js_conventions_is_test(void *conventions, const char *abs, const char *rel)
{
    (void)conventions;
    (void)abs;
    return default_test(rel);
}
