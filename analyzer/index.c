/* analyzer/index.c - build the project index's name tables from every file's facts. */
#include "analyzer/index.h"

#include <stdlib.h>
#include <string.h>

ssot_index *ssot_index_new(void)
{
    ssot_index *idx = ssot_calloc(1, sizeof(*idx));
    idx->fn_by_name = ssot_strmap_new();
    idx->fixture_by_name = ssot_strmap_new();
    idx->class_by_name = ssot_strmap_new();
    idx->overridden = ssot_strmap_new();
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
    ssot_strmap_free(idx->overridden);
    ssot_arena_free(idx->arena);
    free(idx->files.items);
    free(idx->fns.items);
    free(idx->classes.items);
    free(idx);
}

void ssot_index_add(ssot_index *idx, ssot_facts *facts)
{
    SSOT_VEC_PUSH(&idx->files, facts);
    if (facts->role != SSOT_ROLE_TEST)
        return;
    for (size_t i = 0; i < facts->class_count; i++) {
        ssot_class *k = &facts->classes[i];
        ssot_index_class e = {facts, k, 0};
        ssot_strmap_add(idx->class_by_name, k->name, (uint32_t)idx->classes.count);
        SSOT_VEC_PUSH(&idx->classes, e);
        /* a method a subclass defines again is a template in its base */
        for (size_t b = 0; b < k->base_count; b++) {
            const char *base = k->bases[b];
            const char *dot = strrchr(base, '.');
            base = dot ? dot + 1 : base;
            for (size_t m = 0; m < k->method_count; m++) {
                char *key = ssot_arena_printf(idx->arena, "%s.%s", base, k->methods[m]);
                ssot_strmap_add(idx->overridden, key, (uint32_t)idx->classes.count - 1);
            }
        }
    }
    for (size_t i = 0; i < facts->function_count; i++) {
        ssot_function *fn = &facts->functions[i];
        ssot_index_fn e = {facts, fn, {0}};
        uint32_t at = (uint32_t)idx->fns.count;
        SSOT_VEC_PUSH(&idx->fns, e);
        ssot_strmap_add(idx->fn_by_name, fn->name, at);
        if (fn->flags & SSOT_FF_FIXTURE)
            ssot_strmap_add(idx->fixture_by_name, fn->name, at);
    }
}
