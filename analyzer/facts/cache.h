/* analyzer/facts/cache.h - the per-file facts cache: `.ssot_cache/` in the project root, one
 * folder per tool version and facts format, one entry per file named by an xxHash3-128 of
 * its text, path, role, pytest flag and configuration. A hit saves the parse; an entry that
 * does not read back is ignored (and the caller rewrites it). */
#ifndef SSOT_ANALYZER_CACHE_H
#define SSOT_ANALYZER_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/config.h"
#include "analyzer/facts/facts.h"

typedef struct ssot_cache ssot_cache;

typedef struct ssot_cache_key {
    uint64_t hi, lo;
} ssot_cache_key;

/* Open (creating it) the cache under `dir`. Returns NULL (NULL `dir`: --no-cache) when
 * the folder cannot be made or written, after one warning line on stderr: the run goes on
 * without a cache. */
ssot_cache *ssot_cache_open(const char *dir);
void ssot_cache_free(ssot_cache *cache); /* NULL is a no-op */

/* A hash of everything in `config` that extraction may read; NULL: the built-in defaults.
 * The configuration's own paths count relative to `root` (the absolute project root; NULL:
 * as they are), so that a checkout in another folder, or on another machine, hashes the
 * same: the cache can be shared between CI machines, and a facts artifact's files can be
 * matched with their configuration where they are merged. */
uint64_t ssot_cache_config_hash(const ssot_config *config, const char *root);

ssot_cache_key ssot_cache_key_of(const char *text, size_t len, const ssot_facts *facts,
                                 uint64_t config_hash);

/* Load the entry into `facts` (in `arena`). False on a miss or an entry that is corrupt,
 * truncated, foreign or of another version. Thread-safe. */
bool ssot_cache_load(const ssot_cache *cache, ssot_cache_key key, ssot_facts *facts,
                     ssot_arena *arena);
/* Write the entry (ssot_facts_write's bytes) atomically; a failure only costs the next
 * run a parse. Thread-safe. */
void ssot_cache_store(const ssot_cache *cache, ssot_cache_key key, const unsigned char *data,
                      size_t len);

#endif /* SSOT_ANALYZER_CACHE_H */
