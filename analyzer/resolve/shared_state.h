/* analyzer/resolve/shared_state.h - what module-level objects hold and who shares them (RULES.md
 * "SG"), once every file's facts are in the index: which classes are stateful, which
 * calls create their instances, which module bindings other modules import. */
#ifndef SSOT_ANALYZER_SHARED_STATE_H
#define SSOT_ANALYZER_SHARED_STATE_H

#include "analyzer/resolve/index.h"

/* Resolve, for every file: each class's `shared_state` (its own `self.*` writes or a
 * project base's) and `caching_meta`; what the calls behind module bindings, cached
 * factories and `global` writes create (`held`); and which bindings of service modules
 * other service modules import (`SSOT_BF_IMPORTED`, `importer`). Names are resolved
 * through each file's imports and the index's module table. Single-threaded; writes only
 * the facts' resolved fields; strings go to the index's arena. Cannot fail. */
void ssot_shared_state_resolve(ssot_index *index);

/* A known stateful third-party class (`requests.Session`, `httpx.AsyncClient`, ...): what
 * its instances keep, for messages; NULL for other names. */
const char *ssot_shared_state_client(const char *qualified);

#endif /* SSOT_ANALYZER_SHARED_STATE_H */
