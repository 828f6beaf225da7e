/* analyzer/shard/shard.h - one run split across CI jobs: which files a shard extracts
 * (`ssot check --shard K/N --facts-out FILE`), and the whole run's file list rebuilt from
 * the shards' artifacts (`ssot merge FILES...`), so that resolution and every rule run once
 * over the merged facts and report exactly what one `ssot check` of the tree reports. */
#ifndef SSOT_ANALYZER_SHARD_H
#define SSOT_ANALYZER_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/status.h"
#include "analyzer/config/config.h"
#include "analyzer/discover/discover.h"
#include "analyzer/facts/pack.h"

enum { SSOT_SHARD_MAX = 4096 };

/* Parse `K/N` (1 <= K <= N <= SSOT_SHARD_MAX). SSOT_ERR_USAGE with a message otherwise. */
ssot_status ssot_shard_parse(const char *spec, unsigned *k, unsigned *n, char *err,
                             size_t err_size);

/* Shard `k` of `n`'s share of `files` in `*share`: a view (the caller frees only
 * share->items; the entries stay `files`'), in `files`' order. The shares are balanced by
 * size (largest first, each to the lightest shard so far, a fixed cost per file counted)
 * and depend only on each file's path from `root` and size: not on the thread count, the
 * file system's order or the folder the run starts in. Every file is in exactly one share.
 * Can't fail. */
void ssot_shard_share(const ssot_file_list *files, const char *root, unsigned k, unsigned n,
                      ssot_file_list *share);

/* A hash of the whole run's file list (paths from `root`, sizes, roles, flags): every shard
 * of one run computes the same. */
uint64_t ssot_shard_list_hash(const ssot_file_list *files, const char *root);

/* The run rebuilt from its shards' artifacts. */
typedef struct ssot_merge {
    ssot_file_list files;               /* owned: as discovery listed them, sorted by path */
    const ssot_pack_file **facts_in;    /* owned array, items in `arena`: per file, its flags,
                                           findings and decoded facts (no facts bytes) */
    ssot_arena *arena;                  /* owned: every file's facts and findings */
} ssot_merge;

/* Read the artifacts `paths` (count `n`) one at a time, decoding each file's facts and
 * dropping the artifact before the next is read, check that they are the N shards of one run, each
 * exactly once, and rebuild its file list: paths shown relative to the current folder (as
 * discovery shows them), each file's configuration found in `configs` from its folder under
 * `root` and checked against the identity its shard recorded. On failure (an unreadable,
 * foreign, corrupt or other-version artifact, a missing or repeated shard, artifacts of
 * different runs, a configuration that differs) returns SSOT_ERR_INPUT or SSOT_ERR_IO with
 * a one-line message; `out` is then empty. */
ssot_status ssot_merge_load(const char *const *paths, size_t n, ssot_config_set *configs,
                            const char *root, ssot_merge *out, char *err, size_t err_size);
void ssot_merge_fini(ssot_merge *merge);

#endif /* SSOT_ANALYZER_SHARD_H */
