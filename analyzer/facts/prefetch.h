/* analyzer/facts/prefetch.h - a changed-files run reads the facts the previous run used while
 * it is still finding the files: a thread of its own reads the cache entries whose keys that
 * run kept (ssot_cache_store_keys), without their functions' bodies, as a file the run does
 * not report is read; the engine then takes an entry's facts when the key it computes for a
 * file is one of them, instead of reading the entry itself. Nothing is trusted more than
 * an entry read by the engine: the same reader, the same checks. */
#ifndef SSOT_ANALYZER_FACTS_PREFETCH_H
#define SSOT_ANALYZER_FACTS_PREFETCH_H

#include <stdbool.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/cache.h"
#include "analyzer/facts/facts.h"

typedef struct ssot_prefetch ssot_prefetch;

/* Start reading the entries the last run of the cache under `dir` used; NULL when there is
 * nothing to read (no cache, no kept keys) or no thread could be started. */
ssot_prefetch *ssot_prefetch_start(const char *dir);
/* Stop reading and wait for the thread (what is read stays). Before ssot_prefetch_take. */
void ssot_prefetch_stop(ssot_prefetch *p);
/* The same once every entry is read. */
void ssot_prefetch_wait(ssot_prefetch *p);
/* The facts read for `key`, moved to the caller with the arena that holds them (the fields
 * the engine sets, path, config, module and config_path, are NULL); false when they were not
 * read. Each key is given once. Thread-safe after ssot_prefetch_stop. */
bool ssot_prefetch_take(ssot_prefetch *p, ssot_cache_key key, ssot_facts *facts,
                        ssot_arena **arena);
/* Stop, and free what was not taken. NULL is a no-op. */
void ssot_prefetch_free(ssot_prefetch *p);

#endif /* SSOT_ANALYZER_FACTS_PREFETCH_H */
