/* analyzer/resolve/policy.c - SS001 and SS003 over the whole project: test classes that miss every
 * required base (following bases by name through test and service classes), and contract
 * values that no test in the contract's scope asserts. */
#include "analyzer/resolve/policy.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/facts/assertions.h"
#include "analyzer/config/config.h"
#include "analyzer/resolve/testid.h"

/* ---- SS001: required test bases ---- */

enum { NO = 0, YES = 1, UNKNOWN = 2, BUSY = 3, UNSEEN = 4 };

typedef struct pclass {
    const ssot_facts *facts;
    ssot_class *cls;
    uint8_t memo; /* per required-base list: the lists of one run are compared by pointer */
    const ssot_strlist *memo_for;
} pclass;

typedef struct classes {
    SSOT_VEC(pclass) items;
    ssot_strmap *by_name;
} classes;

static bool required(const ssot_strlist *bases, const char *name)
{
    for (size_t i = 0; i < bases->count; i++)
        if (!strcmp(ssot_last_segment(bases->items[i]), name))
            return true;
    return false;
}

/* Bases that end a walk: unittest's and the frameworks' roots, builtins. */
static bool terminal(const char *name)
{
    static const char *const builtins[] = {"object", "ABC", "Generic", "Protocol", "Exception",
                                           NULL};
    for (const char *const *b = builtins; *b; b++)
        if (!strcmp(name, *b))
            return true;
    return ssot_testid_is_testcase_root(name);
}

static int reaches(classes *all, uint32_t at, const ssot_strlist *bases, int depth);

/* Does the base `written` of a class in `facts` lead to a required base? */
static int base_reaches(classes *all, const ssot_facts *facts, const ssot_class *self,
                        const char *written, const ssot_strlist *bases, int depth)
{
    const char *name = ssot_last_segment(written);
    if (required(bases, name))
        return YES;
    if (terminal(name))
        return NO;
    size_t n;
    const uint32_t *list = ssot_strmap_get(all->by_name, name, &n);
    bool same_file = false;
    for (size_t i = 0; i < n; i++)
        same_file |= all->items.items[list[i]].facts == facts &&
                     all->items.items[list[i]].cls != self;
    int result = NO;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const pclass *c = &all->items.items[list[i]];
        if (c->cls == self || (same_file && c->facts != facts))
            continue;
        any = true;
        int r = reaches(all, list[i], bases, depth + 1);
        if (r == YES)
            return YES;
        if (r != NO)
            result = UNKNOWN;
    }
    return any ? result : UNKNOWN; /* a base outside the project may derive from one */
}

static int reaches(classes *all, uint32_t at, const ssot_strlist *bases, int depth)
{
    pclass *c = &all->items.items[at];
    if (c->memo_for == bases && c->memo != UNSEEN)
        return c->memo == BUSY ? UNKNOWN : c->memo;
    if (depth > 32)
        return UNKNOWN;
    c->memo_for = bases;
    c->memo = BUSY;
    int result = NO;
    for (size_t b = 0; b < c->cls->base_count && result != YES; b++) {
        int r = base_reaches(all, c->facts, c->cls, c->cls->bases[b], bases, depth);
        if (r == YES || r == UNKNOWN)
            result = r;
    }
    all->items.items[at].memo = (uint8_t)result;
    return result;
}

/* A test class with collected tests of its own (a base that only holds setUp is not one). */
static bool has_own_tests(const ssot_facts *facts, const ssot_class *k)
{
    int32_t index = (int32_t)(k - facts->classes);
    for (size_t i = 0; i < facts->function_count; i++)
        if (facts->functions[i].class_index == index && facts->functions[i].collected)
            return true;
    return false;
}

static void resolve_bases(ssot_index *idx)
{
    classes all = {{0}, ssot_strmap_new()};
    for (size_t f = 0; f < idx->files.count; f++) {
        ssot_facts *facts = idx->files.items[f];
        for (size_t i = 0; i < facts->class_count; i++) {
            pclass c = {facts, &facts->classes[i], UNSEEN, NULL};
            ssot_strmap_add(all.by_name, c.cls->name, (uint32_t)all.items.count);
            SSOT_VEC_PUSH(&all.items, c);
        }
    }
    for (uint32_t i = 0; i < all.items.count; i++) {
        const ssot_facts *facts = all.items.items[i].facts;
        ssot_class *k = all.items.items[i].cls;
        const ssot_config *cfg = facts->config;
        if (!cfg || !cfg->required_test_base.count || facts->role != SSOT_ROLE_TEST ||
            !k->is_test_class || !has_own_tests(facts, k))
            continue;
        k->misses_required_base = reaches(&all, i, &cfg->required_test_base, 0) == NO;
    }
    ssot_strmap_free(all.by_name);
    free(all.items.items);
}

/* ---- SS003: contracts ---- */

typedef struct gap_at {
    size_t file;
    ssot_contract_gap gap;
} gap_at;

typedef SSOT_VEC(gap_at) gap_vec;

static bool in_scope(const ssot_contract *c, const ssot_facts *facts)
{
    if (facts->role != SSOT_ROLE_TEST)
        return false;
    if (!c->scope_count)
        return true;
    for (size_t i = 0; i < c->scope_count; i++)
        if (ssot_glob_match(c->scope[i], facts->config_path))
            return true;
    return false;
}

static const char *scope_text(ssot_index *idx, const ssot_contract *c)
{
    size_t len = 1;
    for (size_t i = 0; i < c->scope_count; i++)
        len += strlen(ssot_glob_pattern(c->scope[i])) + 4;
    char *out = ssot_arena_alloc(idx->arena, len);
    for (size_t i = 0; i < c->scope_count; i++) {
        if (i)
            strcat(out, ", ");
        strcat(out, "`");
        strcat(out, ssot_glob_pattern(c->scope[i]));
        strcat(out, "`");
    }
    return out;
}

/* One contract value over the files of its configuration: a gap when no test asserts it. */
static void check_value(ssot_index *idx, const ssot_config *cfg, const ssot_contract *c,
                        const char *value, const char *scope, gap_vec *gaps)
{
    SSOT_VEC(const char *) mentioned = {0};
    size_t first_file = (size_t)-1, mention_file = (size_t)-1;
    uint32_t mention_row = 0;
    bool asserted = false;
    for (size_t f = 0; f < idx->files.count && !asserted; f++) {
        ssot_facts *facts = idx->files.items[f];
        if (facts->config != cfg || !in_scope(c, facts))
            continue;
        if (first_file == (size_t)-1)
            first_file = f;
        for (size_t i = 0; i < facts->function_count && !asserted; i++) {
            const ssot_function *fn = &facts->functions[i];
            if (!fn->collected)
                continue;
            ssot_facts_body(facts, &facts->functions[i]);
            bool listed = false;
            for (size_t m = 0; m < fn->side->mention_count && !asserted; m++) {
                const ssot_mention *k = &fn->side->mentions[m];
                if (strcmp(k->value, value) != 0)
                    continue;
                if (k->asserted ||
                    (k->call >= 0 && (fn->calls[k->call].flags & SSOT_CF_ASSERTS))) {
                    asserted = true;
                } else if (!listed) {
                    listed = true;
                    SSOT_VEC_PUSH(&mentioned, fn->symbol);
                    if (mention_file == (size_t)-1) {
                        mention_file = f;
                        mention_row = k->row;
                    }
                }
            }
        }
    }
    if (!asserted && first_file != (size_t)-1) {
        gap_at g = {0};
        g.file = mention_file != (size_t)-1 ? mention_file : first_file;
        g.gap.loc.span = (ssot_span){mention_row ? mention_row : 1, 1, mention_row ? mention_row : 1,
                                     1};
        g.gap.loc.snippet = ssot_arena_strdup(idx->arena, value);
        g.gap.contract = ssot_arena_strdup(idx->arena, c->name);
        g.gap.value = g.gap.loc.snippet;
        g.gap.scope = scope;
        if (mentioned.count) {
            size_t len = 1;
            for (size_t i = 0; i < mentioned.count; i++)
                len += strlen(mentioned.items[i]) + 4;
            char *text = ssot_arena_alloc(idx->arena, len);
            for (size_t i = 0; i < mentioned.count; i++) {
                if (i)
                    strcat(text, ", ");
                strcat(text, "`");
                strcat(text, mentioned.items[i]);
                strcat(text, "`");
            }
            g.gap.mentioned_by = text;
        }
        SSOT_VEC_PUSH(gaps, g);
    }
    free(mentioned.items);
}

static void resolve_contracts(ssot_index *idx)
{
    SSOT_VEC(const ssot_config *) seen = {0};
    gap_vec gaps = {0};
    for (size_t f = 0; f < idx->files.count; f++) {
        const ssot_config *cfg = idx->files.items[f]->config;
        if (!cfg || !cfg->contract_count)
            continue;
        bool done = false;
        for (size_t i = 0; i < seen.count && !done; i++)
            done = seen.items[i] == cfg;
        if (done)
            continue;
        SSOT_VEC_PUSH(&seen, cfg);
        for (size_t k = 0; k < cfg->contract_count; k++) {
            const ssot_contract *c = &cfg->contracts[k];
            const char *scope = scope_text(idx, c);
            for (size_t v = 0; v < c->values.count; v++)
                check_value(idx, cfg, c, c->values.items[v], scope, &gaps);
        }
    }
    /* hand each file its gaps, in the order found */
    for (size_t i = 0; i < gaps.count; i++) {
        ssot_facts *facts = idx->files.items[gaps.items[i].file];
        if (facts->contract_gaps)
            continue; /* filled already */
        size_t n = 0;
        for (size_t j = i; j < gaps.count; j++)
            n += gaps.items[j].file == gaps.items[i].file;
        facts->contract_gaps = ssot_arena_alloc(idx->arena, n * sizeof(ssot_contract_gap));
        for (size_t j = i; j < gaps.count; j++)
            if (gaps.items[j].file == gaps.items[i].file)
                facts->contract_gaps[facts->contract_gap_count++] = gaps.items[j].gap;
    }
    free(gaps.items);
    free(seen.items);
}

void ssot_policy_resolve(ssot_index *idx)
{
    resolve_bases(idx);
    resolve_contracts(idx);
}
