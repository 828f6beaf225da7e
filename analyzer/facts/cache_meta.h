/* analyzer/facts/cache_meta.h - the facts cache's shortcut from a file's metadata to the hash
 * of its text (Ruff's model): one table per cache folder, rows of (path relative to the
 * project root, device, inode, size, mtime in ns, text hash, line count). A row only says "this file,
 * unchanged since, had this text": the text hash then names the facts entry as before, so
 * entries stay keyed by content, and a row whose metadata differs (another machine,
 * another checkout, an edit) is ignored and the text read and hashed again. */
#ifndef SSOT_ANALYZER_FACTS_CACHE_META_H
#define SSOT_ANALYZER_FACTS_CACHE_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

typedef struct ssot_cache_meta ssot_cache_meta;

typedef struct ssot_text_hash {
    uint64_t hi, lo; /* xxHash3-128 of the text as read (after any encoding conversion) */
} ssot_text_hash;

/* Read the table at `path`; a missing, truncated, corrupt or foreign one is an empty table
 * (its bytes are never trusted: bounds and a checksum are checked). Can't fail. */
ssot_cache_meta *ssot_cache_meta_load(const char *path);
/* Write the table back (atomically, unsynced) when this run noted anything new; rows of
 * files not seen this run are kept. Then free it. NULL is a no-op. */
void ssot_cache_meta_save_free(ssot_cache_meta *meta, const char *path);

/* The text hash (and line count) of `rel` when its row's metadata equals `st`'s.
 * Thread-safe against other lookups and notes. */
bool ssot_cache_meta_find(ssot_cache_meta *meta, const char *rel, const struct stat *st,
                          ssot_text_hash *out, uint32_t *lines);
/* Record what `rel` (with metadata `st`) hashed to, and its lines. Thread-safe. */
void ssot_cache_meta_note(ssot_cache_meta *meta, const char *rel, const struct stat *st,
                          ssot_text_hash hash, uint32_t lines);

/* Parse `len` bytes of a table into rows; false when they are not one (for the fuzz
 * target and the tests). */
bool ssot_cache_meta_parse(ssot_cache_meta *meta, const unsigned char *data, size_t len);
ssot_cache_meta *ssot_cache_meta_new(void);
size_t ssot_cache_meta_count(const ssot_cache_meta *meta);

#endif /* SSOT_ANALYZER_FACTS_CACHE_META_H */
