/* analyzer/facts/cache.h - the per-file facts cache: `.ssot_cache/` in the project root, one
 * folder per tool version and facts format, one entry per file named by an xxHash3-128 of
 * its text's hash, its path relative to the project root, role, pytest flag and
 * configuration (never an absolute path: CI machines share the folder). A hit saves the
 * parse; an entry that does not read back is ignored (and the caller rewrites it). A table
 * of file metadata (cache_meta.h) gives a file's text hash without reading it, and a run's
 * findings can be kept whole under a key of everything they came from. */
#ifndef SSOT_ANALYZER_CACHE_H
#define SSOT_ANALYZER_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/stat.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/config.h"
#include "analyzer/facts/cache_meta.h"
#include "analyzer/facts/facts.h"
#include "analyzer/facts/facts_io.h"

typedef struct ssot_cache ssot_cache;

typedef struct ssot_cache_key {
    uint64_t hi, lo;
} ssot_cache_key;

/* Open (creating it) the cache under `dir`. Returns NULL (NULL `dir`: --no-cache) when
 * the folder cannot be made or written, after one warning line on stderr: the run goes on
 * without a cache. */
ssot_cache *ssot_cache_open(const char *dir);
void ssot_cache_free(ssot_cache *cache); /* NULL is a no-op */
/* The cache under `dir` for reading entries by key only, beside a run that opens it
 * (prefetch.h): nothing made, pruned or warned about, no metadata table; NULL when its
 * version folder does not exist. */
ssot_cache *ssot_cache_open_entries(const char *dir);

/* The keys of the entries a run used (the next run's prefetch reads them first), kept in
 * one small file beside them, written atomically; loading checks its bounds and checksum
 * and returns NULL (with *count 0) for a missing or damaged one. The caller frees it. */
void ssot_cache_store_keys(const ssot_cache *cache, const ssot_cache_key *keys, size_t count);
ssot_cache_key *ssot_cache_load_keys(const ssot_cache *cache, size_t *count);

/* A hash of everything in `config` that extraction may read; NULL: the built-in defaults.
 * The configuration's own paths count relative to `root` (the absolute project root; NULL:
 * as they are), so that a checkout in another folder, or on another machine, hashes the
 * same: the cache can be shared between CI machines, and a facts artifact's files can be
 * matched with their configuration where they are merged. */
uint64_t ssot_cache_config_hash(const ssot_config *config, const char *root);

ssot_text_hash ssot_cache_text_hash(const char *text, size_t len);
/* The entry of a file whose text hashed to `text`, at `rel` (its path relative to the
 * project root, or as shown outside one) with the role and pytest flag in `facts`;
 * `config_hash`: its configuration's, with what its front end adds (frontend.h's
 * cache_key: C/C++ compile flags). */
ssot_cache_key ssot_cache_key_of(ssot_text_hash text, const ssot_facts *facts, const char *rel,
                                 uint64_t config_hash);

/* The text hash (and line count) noted for `rel` when its metadata (`st`: device, inode,
 * size, mtime) has not changed since; false otherwise (the caller reads and hashes the
 * file, then notes it). Thread-safe. */
bool ssot_cache_known_text(const ssot_cache *cache, const char *rel, const struct stat *st,
                           ssot_text_hash *out, uint32_t *lines);
void ssot_cache_note_text(const ssot_cache *cache, const char *rel, const struct stat *st,
                          ssot_text_hash hash, uint32_t lines);

/* A run's findings as the engine wrote them (analyzer/engine/run_cache.h), or NULL; the
 * caller frees the bytes and distrusts them. *touched says that the kept run was unused for
 * a day and has been marked as used: the caller then marks the facts entries it came from
 * (ssot_cache_touch), which a run restored whole does not read. */
unsigned char *ssot_cache_load_run(const ssot_cache *cache, ssot_cache_key key, size_t *len,
                                   bool *touched);
/* Mark the facts entry `key` as used (pruning leaves it alone for 30 more days). */
void ssot_cache_touch(const ssot_cache *cache, ssot_cache_key key);
void ssot_cache_store_run(const ssot_cache *cache, ssot_cache_key key, const unsigned char *data,
                          size_t len);

/* Load the entry into `facts` (in `arena`). False on a miss or an entry that is corrupt,
 * truncated, foreign or of another version. Thread-safe. */
bool ssot_cache_load(const ssot_cache *cache, ssot_cache_key key, ssot_facts *facts,
                     ssot_arena *arena);
/* The same through `reader` (facts_io.h: one per thread), which keeps its string table
 * from one entry to the next; NULL: a table of its own. */
bool ssot_cache_load_with(const ssot_cache *cache, ssot_cache_key key,
                          ssot_facts_reader *reader, ssot_facts *facts, ssot_arena *arena);
/* The same without the functions' bodies, decoded when resolution reaches them
 * (ssot_facts_read_lazy, ssot_facts_body): `reader` may not be NULL. */
bool ssot_cache_load_lazy(const ssot_cache *cache, ssot_cache_key key,
                          ssot_facts_reader *reader, ssot_facts *facts, ssot_arena *arena);
/* Write the entry (ssot_facts_write's bytes) atomically; a failure only costs the next
 * run a parse. Thread-safe. */
void ssot_cache_store(const ssot_cache *cache, ssot_cache_key key, const unsigned char *data,
                      size_t len);

#endif /* SSOT_ANALYZER_CACHE_H */
