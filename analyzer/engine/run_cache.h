/* analyzer/engine/run_cache.h - a whole run's findings as bytes and back: what a warm run
 * with nothing changed reports without loading a fact. The engine stores them in the
 * facts cache (ssot_cache_store_run) under a key of everything they came from: the binary,
 * the project root, and per file its path, text hash, configuration, role, flags and rules. */
#ifndef SSOT_ANALYZER_ENGINE_RUN_CACHE_H
#define SSOT_ANALYZER_ENGINE_RUN_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/engine/diag.h"
#include "analyzer/engine/engine.h"
#include "rules/rule.h"

/* Bump when the layout changes. */
#define SSOT_RUN_CACHE_FORMAT 1u

/* Every file's stats and sink's findings, in file order, into a new heap buffer (the caller
 * frees it). Can't fail. */
unsigned char *ssot_run_cache_write(const ssot_sink *sinks, const ssot_file_stats *stats,
                                    size_t count, size_t *len);

/* The rule behind `code` for file `file`: a registry rule or one of its custom rules; NULL
 * when none (the bytes are then not this run's). */
typedef const ssot_rule *(*ssot_run_cache_rule_fn)(void *ctx, size_t file, const char *code);

/* Read `len` bytes back into `sinks` (`count` of them, initialised and empty) and `stats`.
 * False, with every sink emptied again and the stats zeroed, when the bytes are truncated, corrupt, of another format, for
 * another number of files, or name a rule `find` does not know: never trusted, never a
 * crash. */
bool ssot_run_cache_read(const unsigned char *data, size_t len, ssot_sink *sinks,
                         ssot_file_stats *stats, size_t count, ssot_run_cache_rule_fn find,
                         void *ctx);

#endif /* SSOT_ANALYZER_ENGINE_RUN_CACHE_H */
