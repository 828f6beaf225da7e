/* rules/duplicates/duplicates.h - what the DD rules share: walking the resolved duplicate
 * findings of a file and attaching every other member of the cluster to a finding. */
#ifndef SSOT_RULES_DUPLICATES_DUPLICATES_H
#define SSOT_RULES_DUPLICATES_DUPLICATES_H

#include "rules/rule.h"

/* The definitions of `facts` that rule `code` reports (resolved `dup`), one at a time:
 * `for (const ssot_definition *d = NULL; (d = ssot_dd_next(facts, "DD002", d));)`. */
const ssot_definition *ssot_dd_next(const ssot_facts *facts, const char *code,
                                    const ssot_definition *after);

/* Attach the cluster's other sites to the finding reported last: the canonical one first. */
void ssot_dd_relate(ssot_sink *sink, const ssot_definition *d);

/* "the canonical `app.events.normalize_event` (app/events.py:12, imported 2 times)" */
const char *ssot_dd_canonical(ssot_sink *sink, const ssot_dup *dup);

#endif /* SSOT_RULES_DUPLICATES_DUPLICATES_H */
