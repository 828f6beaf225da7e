/* analyzer/resolve/policy.h - the project-wide facts of the SS policy rules, resolved once every
 * file's facts are in the index: which test classes miss a `required-test-base` (SS001)
 * and which contract values no test in scope asserts (SS003). */
#ifndef SSOT_ANALYZER_POLICY_H
#define SSOT_ANALYZER_POLICY_H

#include "analyzer/resolve/index.h"

/* Sets ssot_class.misses_required_base and fills each file's contract_gaps (in the
 * index's arena). Single-threaded; run after ssot_testid_resolve, which marks the calls
 * that hold contract values and assert (SSOT_CF_ASSERTS). */
void ssot_policy_resolve(ssot_index *index);

#endif /* SSOT_ANALYZER_POLICY_H */
