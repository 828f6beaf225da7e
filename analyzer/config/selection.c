/* analyzer/config/selection.c - rule selection per configuration, cached by configuration. */
#include "analyzer/config/selection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/vec.h"

struct ssot_selections {
    const ssot_options *cli;
    SSOT_VEC(ssot_selection *) items;
};

ssot_selections *ssot_selections_new(const ssot_options *cli)
{
    ssot_selections *set = ssot_calloc(1, sizeof(*set));
    set->cli = cli;
    return set;
}

void ssot_selections_free(ssot_selections *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->items.count; i++) {
        ssot_selection *s = set->items.items[i];
        free(s->enabled);
        free(s->named);
        free(s->custom);
        free(s->custom_enabled);
        free(s);
    }
    free(set->items.items);
    free(set);
}

/* Does selector `sel` name the rule? `exact` when by full code or name. "ALL" names all. */
static bool names(const char *sel, const ssot_rule *rule, bool *exact)
{
    *exact = !strcmp(sel, rule->code) || !strcmp(sel, rule->name);
    if (*exact || !strcmp(sel, "ALL"))
        return true;
    size_t n = strlen(sel);
    return n < strlen(rule->code) && !strncmp(sel, rule->code, n);
}

typedef struct rule_table {
    const ssot_rule **rules; /* registry then custom */
    bool *on;
    bool *named; /* switched on by full code or name */
    size_t count;
    bool preview; /* --preview or `preview = true`: preview rules run like the others */
} rule_table;

/* Off unless named by its full code or name: opt-in rules, and preview rules outside
 * preview mode. */
static bool off_by_default(const rule_table *t, size_t r)
{
    return t->rules[r]->opt_in || (t->rules[r]->preview && !t->preview);
}

/* Apply selectors; an opt-in or preview rule is switched on only by its full code or name.
 * Returns the first unknown selector, or NULL. Family prefixes with no rule yet are fine:
 * the configuration layer already validated them. */
/* A code of a project rule ([[custom]]): SS910-SS999. Which ones exist depends on the
 * configuration, so such codes on the command line are never unknown. */
static bool custom_code(const char *s)
{
    return strlen(s) == 5 && !strncmp(s, "SS9", 3) && s[3] >= '1' && s[3] <= '9' &&
           s[4] >= '0' && s[4] <= '9';
}

static bool kebab_name(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

static const char *apply(rule_table *t, char *const *sels, size_t count, bool value,
                         bool strict, bool names_pending)
{
    for (size_t s = 0; s < count; s++) {
        bool any = false;
        for (size_t r = 0; r < t->count; r++) {
            bool exact;
            if (!names(sels[s], t->rules[r], &exact))
                continue;
            any = true;
            if (value && off_by_default(t, r) && !exact)
                continue;
            t->on[r] = value;
            t->named[r] = value && exact;
        }
        static const char *const families[] = {"PH", "MO", "SG", "DD", "SS", "E", NULL};
        bool family = false;
        for (const char *const *f = families; *f; f++)
            family |= !strncmp(sels[s], *f, strlen(*f)) && strlen(sels[s]) <= 5;
        /* names of project rules are only known per configuration */
        bool deferred = custom_code(sels[s]) || (names_pending && kebab_name(sels[s]));
        if (!any && !deferred && (strict || !family))
            return sels[s];
    }
    return NULL;
}

static ssot_selection *make(const ssot_options *cli, const ssot_config *config, char *err,
                            size_t err_size)
{
    size_t nrules;
    const ssot_rule *const *registry = ssot_rules(&nrules);
    ssot_selection *sel = ssot_calloc(1, sizeof(*sel));
    sel->config = config;
    sel->custom_count = config ? config->custom_count : 0;
    sel->custom = ssot_calloc(sel->custom_count + 1, sizeof(*sel->custom));
    for (size_t i = 0; i < sel->custom_count; i++) {
        const ssot_custom_rule *c = &config->custom[i];
        ssot_rule *r = &sel->custom[i];
        r->code = c->code;
        r->name = c->name;
        r->summary = c->message;
        r->why = "A project rule from the configuration ([[tool.ssot.custom]]).";
        r->bad = c->pattern;
        r->good = "";
        r->severity = c->severity;
        r->scope = SSOT_SCOPE_FILE;
    }
    rule_table t;
    t.count = nrules + sel->custom_count;
    t.rules = ssot_calloc(t.count, sizeof(*t.rules));
    t.on = ssot_calloc(t.count, sizeof(*t.on));
    t.named = ssot_calloc(t.count, sizeof(*t.named));
    t.preview = (cli && cli->preview) || (config && config->preview);
    for (size_t r = 0; r < nrules; r++)
        t.rules[r] = registry[r];
    for (size_t i = 0; i < sel->custom_count; i++)
        t.rules[nrules + i] = &sel->custom[i];

    /* configuration layer */
    bool has_select = config && config->has_select;
    for (size_t r = 0; r < t.count; r++)
        t.on[r] = has_select ? false : !off_by_default(&t, r);
    if (config) {
        apply(&t, config->select.items, config->select.count, true, false, false);
        apply(&t, config->extend_select.items, config->extend_select.count, true, false, false);
        apply(&t, config->ignore.items, config->ignore.count, false, false, false);
    }
    /* command line: --select starts over */
    const char *bad = NULL;
    if (cli && cli->select_count) {
        for (size_t r = 0; r < t.count; r++)
            t.on[r] = false;
        bad = apply(&t, cli->select, cli->select_count, true, true, !config);
    }
    if (cli && !bad)
        bad = apply(&t, cli->extend_select, cli->extend_select_count, true, true, !config);
    if (cli && !bad)
        bad = apply(&t, cli->ignore, cli->ignore_count, false, true, !config);
    if (bad) {
        snprintf(err, err_size,
                 "unknown rule selector `%s` (a code such as PH001, a prefix such as PH, or a "
                 "rule name)",
                 bad);
        free(t.rules);
        free(t.on);
        free(t.named);
        free(sel->custom);
        free(sel);
        return NULL;
    }
    sel->enabled = ssot_calloc(nrules + 1, sizeof(bool));
    memcpy(sel->enabled, t.on, nrules * sizeof(bool));
    sel->named = ssot_calloc(nrules + 1, sizeof(bool));
    memcpy(sel->named, t.named, nrules * sizeof(bool));
    sel->preview = t.preview;
    sel->custom_enabled = ssot_calloc(sel->custom_count + 1, sizeof(bool));
    if (sel->custom_count)
        memcpy(sel->custom_enabled, t.on + nrules, sel->custom_count * sizeof(bool));
    free(t.rules);
    free(t.on);
    free(t.named);

    sel->fail_on = SSOT_SEVERITY_WARNING;
    if (config && config->has_fail_on)
        sel->fail_on = config->fail_on;
    if (cli && cli->has_fail_on)
        sel->fail_on = cli->fail_on;
    return sel;
}

const ssot_selection *ssot_selections_for(ssot_selections *set, const ssot_config *config,
                                          char *err, size_t err_size)
{
    for (size_t i = 0; i < set->items.count; i++)
        if (set->items.items[i]->config == config)
            return set->items.items[i];
    ssot_selection *sel = make(set->cli, config, err, err_size);
    if (sel)
        SSOT_VEC_PUSH(&set->items, sel);
    return sel;
}

const ssot_rule *ssot_selection_find(const ssot_selection *sel, const char *code)
{
    const ssot_rule *r = ssot_rule_find(code);
    for (size_t i = 0; !r && sel && i < sel->custom_count; i++)
        if (!strcmp(sel->custom[i].code, code) || !strcmp(sel->custom[i].name, code))
            r = &sel->custom[i];
    return r;
}

bool ssot_selection_ran(const ssot_selection *sel, const char *code, bool *known)
{
    size_t nrules;
    const ssot_rule *const *registry = ssot_rules(&nrules);
    bool ran = false;
    *known = false;
    size_t n = strlen(code);
    for (size_t r = 0; r < nrules; r++)
        if (!strncmp(registry[r]->code, code, n)) {
            *known = true;
            ran |= sel->enabled[r] || registry[r]->scope == SSOT_SCOPE_RUN;
        }
    for (size_t i = 0; i < sel->custom_count; i++)
        if (!strncmp(sel->custom[i].code, code, n)) {
            *known = true;
            ran |= sel->custom_enabled[i];
        }
    return ran;
}

bool ssot_selection_language_preview_on(const ssot_selection *sel, size_t r)
{
    return sel->preview || sel->named[r];
}
