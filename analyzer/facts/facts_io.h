/* analyzer/facts/facts_io.h - a file's extracted facts as compact bytes and back, for the
 * per-file cache: magic, format version, payload length, xxHash3 checksum, then every
 * field of every struct reachable from ssot_facts (strings as length + bytes, arrays as
 * count + items). The engine-set fields (path, config, module, config_path) and the
 * resolved `dup` pointer are not stored. */
#ifndef SSOT_ANALYZER_FACTS_IO_H
#define SSOT_ANALYZER_FACTS_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"

/* Bump whenever facts.h (or what the front end puts in it) changes. */
#define SSOT_FACTS_FORMAT 33u

/* Read facts take the fields the engine sets (path, config, module, config_path) from the
 * facts they replace: `read` gets `engine`'s. */
static inline void ssot_facts_keep_engine_fields(ssot_facts *read, const ssot_facts *engine)
{
    read->path = engine->path;
    read->config = engine->config;
    read->module = engine->module;
    read->config_path = engine->config_path;
}

/* Serialize `facts` into a new heap buffer (the caller frees it); `*len` gets its size.
 * Cannot fail. */
unsigned char *ssot_facts_write(const ssot_facts *facts, size_t *len);

/* Read `len` bytes back into `facts` (allocating in `arena`), leaving the engine-set fields
 * alone. Returns false, with `facts`' stored fields untouched, when the bytes are
 * truncated, corrupt, foreign or of another format version, or when what they hold could
 * not have come from a front end (an index outside its array, a class nested in itself,
 * an enum out of range, a missing name): never trusted, never a crash, and no allocation
 * larger than a small multiple of `len`. */
bool ssot_facts_read(const unsigned char *data, size_t len, ssot_facts *facts,
                     ssot_arena *arena);

/* The same with a reader that keeps its table of the strings seen from one read to the
 * next (not thread-safe: one per thread), for a run that reads many files' facts. */
typedef struct ssot_facts_reader ssot_facts_reader;
ssot_facts_reader *ssot_facts_reader_new(void);
void ssot_facts_reader_free(ssot_facts_reader *reader); /* NULL is a no-op */
bool ssot_facts_read_with(ssot_facts_reader *reader, const unsigned char *data, size_t len,
                          ssot_facts *facts, ssot_arena *arena);

/* The same without the functions' bodies (asserts, calls, discarded, side): a changed-files
 * run reads the files it does not report this way, and resolution decodes a body when it
 * reaches it (ssot_facts_body), reading the bytes again from `source` once (copied into the
 * facts' arena) for all of the file's bodies. Everything but the bodies is checked as
 * ssot_facts_read checks it; a body is checked when it is decoded. */
typedef struct ssot_body_source {
    /* the bytes again, in a new heap buffer, or NULL (gone) */
    unsigned char *(*fetch)(const char *where, size_t *len);
    const char *where;
} ssot_body_source;
bool ssot_facts_read_lazy(ssot_facts_reader *reader, const unsigned char *data, size_t len,
                          ssot_facts *facts, ssot_arena *arena, const ssot_body_source *source);

/* Decode `fn`'s body (`fn` is one of `facts`' functions) when a lazy read left it pending;
 * nothing when it is decoded. False when the bytes are gone or no longer the ones read, or
 * the body does not read back: the function is then left with an empty body. Not
 * thread-safe for one file. */
bool ssot_facts_body(ssot_facts *facts, ssot_function *fn);

#endif /* SSOT_ANALYZER_FACTS_IO_H */
