/* analyzer/frontend/registry.c - the front ends ssot knows, and which one reads a file: by its
 * extension, else by the program its shebang line names. */
#include "analyzer/frontend/frontend.h"

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/frontend/c/cfamily.h"
#include "analyzer/frontend/javascript/javascript.h"
#include "analyzer/frontend/python/python.h"

static const ssot_frontend *const registry[] = {
    &ssot_frontend_python,
    &ssot_frontend_javascript,
    &ssot_frontend_typescript,
    &ssot_frontend_tsx,
    &ssot_frontend_c,
    &ssot_frontend_cpp,
};

const ssot_frontend *const *ssot_frontends(size_t *count)
{
    *count = sizeof(registry) / sizeof(*registry);
    return registry;
}

size_t ssot_frontend_index(const ssot_frontend *fe)
{
    for (size_t i = 0; i < sizeof(registry) / sizeof(*registry); i++)
        if (registry[i] == fe)
            return i;
    return SIZE_MAX;
}

const ssot_frontend *ssot_frontend_default(void)
{
    return &ssot_frontend_python;
}

const ssot_frontend *ssot_frontend_for_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (!dot || dot == (slash ? slash + 1 : path))
        return NULL; /* no extension (a dot file is a name, not an extension) */
    for (size_t i = 0; i < sizeof(registry) / sizeof(*registry); i++)
        for (const char *const *e = registry[i]->extensions; *e; e++)
            if (!strcmp(dot, *e))
                return registry[i];
    return NULL;
}

/* The program of a shebang line: `#!/usr/bin/env -S node --flag` gives `node`,
 * `#!/usr/local/bin/python3.11` gives `python3.11`. */
static size_t shebang_program(const char *text, size_t len, const char **out)
{
    if (len < 3 || text[0] != '#' || text[1] != '!')
        return 0;
    const char *end = memchr(text, '\n', len);
    if (!end)
        end = text + len;
    const char *p = text + 2;
    for (int word = 0; word < 4; word++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *start = p;
        while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
        if (p == start)
            return 0;
        const char *base = start;
        for (const char *q = start; q < p; q++)
            if (*q == '/')
                base = q + 1;
        size_t n = (size_t)(p - base);
        bool env = n == 3 && !strncmp(base, "env", 3);
        if (env || (base[0] == '-' && word > 0))
            continue; /* `env`, and env's options (`-S`) */
        *out = base;
        return n;
    }
    return 0;
}

const ssot_frontend *ssot_frontend_for_shebang(const char *text, size_t len)
{
    const char *prog;
    size_t n = shebang_program(text, len, &prog);
    for (size_t i = 0; n && i < sizeof(registry) / sizeof(*registry); i++)
        for (const char *const *p = registry[i]->interpreters; p && *p; p++) {
            size_t k = strlen(*p);
            /* `python3.11` is `python`; `nodejs` is not `node`'s prefix match but listed */
            if (n >= k && !strncmp(prog, *p, k) &&
                (n == k || prog[k] == '.' || (prog[k] >= '0' && prog[k] <= '9')))
                return registry[i];
        }
    return NULL;
}

const ssot_frontend *ssot_frontend_for_file(const char *path)
{
    const ssot_frontend *fe = ssot_frontend_for_path(path);
    const char *slash = strrchr(path, '/');
    if (fe || strchr(slash ? slash + 1 : path, '.'))
        return fe; /* a file with an unknown extension is no source file */
    char head[256];
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    ssize_t n = read(fd, head, sizeof(head));
    close(fd);
    return n > 0 ? ssot_frontend_for_shebang(head, (size_t)n) : NULL;
}
