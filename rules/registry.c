/* rules/registry.c - the list of every rule, built from registry.def. */
#include <string.h>

#include "rules/rule.h"

#define RULE(id) extern const ssot_rule ssot_rule_##id;
#include "rules/registry.def"
#undef RULE

static const ssot_rule *const all_rules[] = {
#define RULE(id) &ssot_rule_##id,
#include "rules/registry.def"
#undef RULE
};

const ssot_rule *const *ssot_rules(size_t *count)
{
    *count = sizeof(all_rules) / sizeof(all_rules[0]);
    return all_rules;
}

const ssot_rule *ssot_rule_find(const char *code_or_name)
{
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i]->code, code_or_name) == 0 || strcmp(rules[i]->name, code_or_name) == 0)
            return rules[i];
    return NULL;
}

size_t ssot_rule_index(const ssot_rule *rule)
{
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (rules[i] == rule)
            return i;
    return n;
}
