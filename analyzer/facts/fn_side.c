/* analyzer/facts/fn_side.c - a function's rarely filled arrays (ssot_fn_side): the shared
 * empty one, and a side of its own for a function that gets some. */
#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"

const ssot_fn_side ssot_fn_side_none;

void ssot_fn_sides_fill(ssot_facts *f)
{
    for (size_t i = 0; i < f->function_count; i++)
        if (!f->functions[i].side)
            f->functions[i].side = &ssot_fn_side_none;
}

ssot_fn_side *ssot_fn_side_own(ssot_function *fn, ssot_arena *arena)
{
    if (fn->side && fn->side != &ssot_fn_side_none)
        return (ssot_fn_side *)fn->side; /* made here, by this function: not the shared one */
    ssot_fn_side *side = ssot_arena_alloc8(arena, sizeof(*side));
    fn->side = side;
    return side;
}
