/* analyzer/frontend/javascript/js_contracts.c - SS003 in JavaScript/TypeScript test files: the
 * values of configured contracts that a test writes, and whether it writes them inside one
 * of its assertions (`expect(events).toContain("agent_started")`, `assert.equal(type,
 * "agent_started")`). Reads the tests js_test_file made; runs only when the file's
 * configuration has contracts. */
#include "analyzer/frontend/javascript/js_service.h"

#include "analyzer/config/config.h"

static bool before(uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    return r1 < r2 || (r1 == r2 && c1 <= c2);
}

/* Does the span hold the position (row, col)? */
static bool holds(const ssot_span *s, uint32_t row, uint32_t col)
{
    return before(s->row, s->col, row, col) && before(row, col, s->end_row, s->end_col);
}

static const char *contract_value(const ssot_config *cfg, const char *text)
{
    for (size_t i = 0; i < cfg->contract_count; i++)
        for (size_t v = 0; v < cfg->contracts[i].values.count; v++)
            if (!strcmp(text, cfg->contracts[i].values.items[v]))
                return cfg->contracts[i].values.items[v];
    return NULL;
}

typedef SSOT_VEC(ssot_mention) mention_vec;

typedef struct scan {
    js_ctx *c;
    const ssot_config *cfg;
    mention_vec *per_fn; /* one vector per function of the facts */
} scan;

static bool string_node(void *ctx, js_node n)
{
    scan *s = ctx;
    if (!js_is(n, "string") && !js_is(n, "template_string"))
        return true;
    const char *text = js_string(s->c, n);
    const char *value = text ? contract_value(s->cfg, text) : NULL;
    if (!value)
        return false;
    ssot_span at = js_span(s->c, n);
    ssot_facts *f = s->c->facts;
    /* the innermost test or helper whose body holds it: the one that starts last */
    int32_t best = -1;
    for (size_t i = 0; i < f->function_count; i++) {
        const ssot_span *b = &f->functions[i].body;
        if (!holds(b, at.row, at.col))
            continue;
        if (best < 0 || before(f->functions[best].body.row, f->functions[best].body.col, b->row,
                               b->col))
            best = (int32_t)i;
    }
    if (best < 0)
        return false;
    const ssot_function *fn = &f->functions[best];
    ssot_mention m = {value, at.row, -1, false};
    for (size_t a = 0; a < fn->assert_count && !m.asserted; a++)
        m.asserted = holds(&fn->asserts[a].loc.span, at.row, at.col);
    SSOT_VEC_PUSH(&s->per_fn[best], m);
    return false;
}

void js_contract_mentions(js_ctx *c)
{
    const ssot_config *cfg = c->facts->config;
    ssot_facts *f = c->facts;
    if (!cfg || !cfg->contract_count || !f->function_count)
        return;
    scan s = {c, cfg, ssot_calloc(f->function_count, sizeof(mention_vec))};
    js_each_node(c->root, string_node, &s);
    for (size_t i = 0; i < f->function_count; i++) {
        ssot_function *fn = &f->functions[i];
        if (!s.per_fn[i].count)
            continue;
        /* after what the test-file walk found (it finds none today) */
        mention_vec all = {0};
        ssot_fn_side *side = ssot_fn_side_own(fn, c->arena);
        for (size_t k = 0; k < side->mention_count; k++)
            SSOT_VEC_PUSH(&all, side->mentions[k]);
        for (size_t k = 0; k < s.per_fn[i].count; k++)
            SSOT_VEC_PUSH(&all, s.per_fn[i].items[k]);
        free(s.per_fn[i].items);
        JS_MOVE_TO_ARENA(c->arena, all, side->mentions, side->mention_count);
    }
    free(s.per_fn);
}
