/* analyzer/frontend/c/c_header.c - a service header parsed on its own: whether a `.h` holds
 * C++ (many C++ projects use `.h`), and the language option its flags then need (a
 * neighbour's flags name a `.c`/`.cc` file's language, not a header's). */
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/frontend/c/c_service.h"

/* A line starting with `namespace`, `template`, `class X` or `#include <vector>`-like C++
 * headers. */
bool c_looks_cpp(const ssot_source *src)
{
    static const char *const starts[] = {"namespace ", "template <", "template<", "class ",
                                         "using namespace", "extern \"C++\"", NULL};
    const char *t = src->text, *end = src->text + src->len;
    while (t < end) {
        while (t < end && (*t == ' ' || *t == '\t'))
            t++;
        for (const char *const *s = starts; *s; s++)
            if ((size_t)(end - t) > strlen(*s) && !strncmp(t, *s, strlen(*s)))
                return true;
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        t = nl ? nl + 1 : end;
    }
    return false;
}

void c_flags_header(c_flags *f, bool cpp)
{
    /* drop a language option already there, then name the header's */
    int k = 0;
    for (int i = 0; i < f->argc; i++) {
        if (!strcmp(f->argv[i], "-x") && i + 1 < f->argc) {
            free(f->argv[i]);
            free(f->argv[++i]);
            continue;
        }
        if (!strncmp(f->argv[i], "-x", 2) && f->argv[i][2]) {
            free(f->argv[i]);
            continue;
        }
        /* a standard of the other language (a C++ header given a C neighbour's -std=c11):
           libclang refuses the whole command, and libclang 14 then leaks its copy of the
           file's text */
        if (!strncmp(f->argv[i], "-std=", 5) && cpp != (strstr(f->argv[i], "++") != NULL)) {
            free(f->argv[i]);
            continue;
        }
        f->argv[k++] = f->argv[i];
    }
    f->argv = ssot_realloc(f->argv, (size_t)(k + 2) * sizeof(*f->argv));
    /* a header parsed as a source file: `-x c++-header` would ask for a precompiled
       header, which libclang refuses as an AST read error */
    f->argv[k++] = ssot_strdup(cpp ? "-xc++" : "-xc");
    f->argc = k;
    f->argv[k] = NULL;
}
