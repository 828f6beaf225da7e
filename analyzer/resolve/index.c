/* analyzer/resolve/index.c - build the project index's name tables from every file's facts, and
 * find the file behind an imported module name. */
#include "analyzer/resolve/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ssot_index *ssot_index_new(void)
{
    ssot_index *idx = ssot_calloc(1, sizeof(*idx));
    idx->fn_by_name = ssot_strmap_new();
    idx->fixture_by_name = ssot_strmap_new();
    idx->class_by_name = ssot_strmap_new();
    idx->subclasses = ssot_strmap_new();
    idx->module_by_last = ssot_strmap_new();
    idx->arena = ssot_arena_new();
    return idx;
}

void ssot_index_free(ssot_index *idx)
{
    if (!idx)
        return;
    ssot_strmap_free(idx->fn_by_name);
    ssot_strmap_free(idx->fixture_by_name);
    ssot_strmap_free(idx->class_by_name);
    ssot_strmap_free(idx->subclasses);
    ssot_strmap_free(idx->module_by_last);
    ssot_arena_free(idx->arena);
    free(idx->files.items);
    free(idx->modules.items);
    free(idx->wanted.items);
    free(idx->fns.items);
    free(idx->classes.items);
    free(idx);
}

/* `./a/b/c.py` -> `a.b.c`; `a/b/__init__.py` -> `a.b`. */
static const char *module_path(ssot_arena *arena, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    while (path[0] == '/')
        path++;
    size_t n = strlen(path);
    if (n > 3 && !strcmp(path + n - 3, ".py"))
        n -= 3;
    if (n >= 8 && !strncmp(path + n - 8, "__init__", 8) && (n == 8 || path[n - 9] == '/'))
        n = n > 8 ? n - 9 : 0;
    char *m = ssot_arena_strndup(arena, path, n);
    for (char *p = m; *p; p++)
        if (*p == '/')
            *p = '.';
    return m;
}

static const char *last_segment(const char *dotted)
{
    const char *dot = strrchr(dotted, '.');
    return dot ? dot + 1 : dotted;
}

void ssot_index_add(ssot_index *idx, ssot_facts *facts)
{
    ssot_index_add_file(idx, facts, true);
}

void ssot_index_add_file(ssot_index *idx, ssot_facts *facts, bool wanted)
{
    ssot_index_add_module(idx, facts, wanted);
    ssot_index_add_tests(idx, idx->files.count - 1);
}

void ssot_index_add_module(ssot_index *idx, ssot_facts *facts, bool wanted)
{
    SSOT_VEC_PUSH(&idx->wanted, wanted);
    idx->partial |= !wanted;
    const char *module = facts->module ? ssot_arena_strdup(idx->arena, facts->module)
                                       : module_path(idx->arena, facts->path);
    ssot_strmap_add(idx->module_by_last, last_segment(module), (uint32_t)idx->files.count);
    SSOT_VEC_PUSH(&idx->modules, module);
    SSOT_VEC_PUSH(&idx->files, facts);
}

void ssot_index_add_tests(ssot_index *idx, size_t file)
{
    ssot_facts *facts = idx->files.items[file];
    bool wanted = idx->wanted.items[file];
    if (facts->role != SSOT_ROLE_TEST)
        return;
    for (size_t i = 0; i < facts->class_count; i++) {
        ssot_class *k = &facts->classes[i];
        ssot_index_class e = {facts, k, 0};
        ssot_strmap_add(idx->class_by_name, k->name, (uint32_t)idx->classes.count);
        SSOT_VEC_PUSH(&idx->classes, e);
        /* a method a subclass defines again is a template in its base */
        for (size_t b = 0; b < k->base_count; b++)
            ssot_strmap_add(idx->subclasses, last_segment(k->bases[b]),
                            (uint32_t)idx->classes.count - 1);
    }
    for (size_t i = 0; i < facts->function_count; i++) {
        ssot_function *fn = &facts->functions[i];
        ssot_index_fn e = {facts, fn, {0}, wanted};
        uint32_t at = (uint32_t)idx->fns.count;
        SSOT_VEC_PUSH(&idx->fns, e);
        ssot_strmap_add(idx->fn_by_name, fn->name, at);
        if (fn->flags & SSOT_FF_FIXTURE)
            ssot_strmap_add(idx->fixture_by_name, fn->name, at);
    }
}

bool ssot_index_overridden(const ssot_index *idx, const char *cls, const char *method)
{
    size_t n;
    const uint32_t *list = ssot_strmap_get(idx->subclasses, cls, &n);
    for (size_t i = 0; i < n; i++) {
        const ssot_class *k = idx->classes.items[list[i]].cls;
        for (size_t m = 0; m < k->method_count; m++)
            if (!strcmp(k->methods[m], method))
                return true;
    }
    return false;
}

static bool is_package(const ssot_facts *f)
{
    const char *slash = strrchr(f->path, '/');
    return !strcmp(slash ? slash + 1 : f->path, "__init__.py");
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    return n;
}

int32_t ssot_index_module(const ssot_index *idx, size_t from, const char *module)
{
    char buf[512];
    const char *want = module;
    if (module[0] == '.') {
        /* the importing file's package, then one level up per extra dot */
        snprintf(buf, sizeof(buf), "%s", idx->modules.items[from]);
        size_t len = strlen(buf);
        int ups = is_package(idx->files.items[from]) ? 0 : 1;
        const char *rest = module;
        while (*rest == '.') {
            rest++;
            ups++;
        }
        for (int i = 1; i < ups; i++) {
            char *dot = strrchr(buf, '.');
            if (!dot && len == 0)
                return -1;
            len = dot ? (size_t)(dot - buf) : 0;
            buf[len] = '\0';
        }
        if (*rest) {
            if (len + 1 + strlen(rest) + 1 > sizeof(buf))
                return -1;
            snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "." : "", rest);
        }
        want = buf;
    }
    size_t count;
    const uint32_t *files = ssot_strmap_get(idx->module_by_last, last_segment(want), &count);
    size_t wl = strlen(want), best_prefix = 0;
    int32_t best = -1;
    for (size_t i = 0; i < count; i++) {
        const char *m = idx->modules.items[files[i]];
        size_t ml = strlen(m);
        bool match = module[0] == '.' ? !strcmp(m, want)
                                      : ml >= wl && !strcmp(m + ml - wl, want) &&
                                            (ml == wl || m[ml - wl - 1] == '.');
        if (!match)
            continue;
        size_t p = common_prefix(m, idx->modules.items[from]);
        if (best < 0 || p > best_prefix) {
            best = (int32_t)files[i];
            best_prefix = p;
        }
    }
    return best;
}
