/* analyzer/facts/side.c - what most functions and classes leave empty, kept beside them: a
 * function's doubles, patches ... (ssot_fn_side) and a class's SG state (ssot_class_state).
 * The shared empty ones, and one of its own for a function or class that gets some. */
#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"

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
