/* analyzer/facts/side.c - what most functions, classes and imports leave empty, kept beside
 * them: a function's doubles, patches ... (ssot_fn_side), a class's SG state
 * (ssot_class_state), the functions that write to imported containers (ssot_import_write).
 * The shared empty ones, and one of its own for a function or class that gets some. */
#include "analyzer/base/alloc.h"
#include "analyzer/base/vec.h"
#include "analyzer/facts/facts.h"

#include <stdlib.h>
#include <string.h>

const ssot_fn_side ssot_fn_side_none;

void ssot_facts_sides_fill(ssot_facts *f)
{
    for (size_t i = 0; i < f->function_count; i++)
        if (!f->functions[i].side)
            f->functions[i].side = &ssot_fn_side_none;
    for (size_t i = 0; i < f->class_count; i++)
        if (!f->classes[i].state)
            f->classes[i].state = &ssot_class_state_none;
}

ssot_fn_side *ssot_fn_side_own(ssot_function *fn, ssot_arena *arena)
{
    if (fn->side && fn->side != &ssot_fn_side_none)
        return (ssot_fn_side *)fn->side; /* made here, by this function: not the shared one */
    ssot_fn_side *side = ssot_arena_alloc8(arena, sizeof(*side));
    fn->side = side;
    return side;
}

const ssot_class_state ssot_class_state_none;

ssot_class_state *ssot_class_state_own(ssot_class *k, ssot_arena *arena)
{
    if (k->state && k->state != &ssot_class_state_none)
        return (ssot_class_state *)k->state; /* made here, for this class: not the shared one */
    ssot_class_state *state = ssot_arena_alloc8(arena, sizeof(*state));
    k->state = state;
    return state;
}

void ssot_import_writes_note(ssot_import_writes *w, uint32_t import, const char *writer,
                             const char *request)
{
    ssot_import_write note = {writer, request, import};
    for (size_t i = 0; i < w->count; i++) {
        if (w->items[i].import != import)
            continue;
        if (!w->items[i].request && request)
            w->items[i] = note;
        return;
    }
    SSOT_VEC_PUSH(w, note);
}

static int by_import(const void *pa, const void *pb)
{
    const ssot_import_write *a = pa, *b = pb;
    return a->import < b->import ? -1 : a->import > b->import;
}

void ssot_import_writes_store(ssot_import_writes *w, ssot_facts *f, ssot_arena *arena)
{
    f->import_writes = ssot_arena_alloc8(arena, (w->count + 1) * sizeof(*f->import_writes));
    if (w->count) {
        qsort(w->items, w->count, sizeof(*w->items), by_import);
        memcpy(f->import_writes, w->items, w->count * sizeof(*w->items));
    }
    f->import_write_count = w->count;
    free(w->items);
    *w = (ssot_import_writes){0};
}
