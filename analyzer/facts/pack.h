/* analyzer/facts/pack.h - many files' facts in one portable, versioned file: a shard's
 * artifact (`ssot check --shard K/N --facts-out FILE`), read back by `ssot merge`. Each file
 * is stored with its path relative to the project root, what discovery decided about it,
 * its configuration's identity, its facts as analyzer/facts/facts_io.c writes them, and the
 * findings made while its text was in memory (custom pattern rules). A pack records the
 * tool version that wrote it; a reader accepts only its own version and format, and
 * distrusts everything else in the bytes exactly as the cache reader does. */
#ifndef SSOT_ANALYZER_FACTS_PACK_H
#define SSOT_ANALYZER_FACTS_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/base/status.h"
#include "analyzer/facts/facts.h"

/* Bump whenever the layout below (not the facts: they carry SSOT_FACTS_FORMAT) changes. */
#define SSOT_PACK_FORMAT 2u

/* A finding made while the file's text was read (a custom rule's match). */
typedef struct ssot_pack_finding {
    const char *code;    /* the rule's code, never NULL */
    ssot_loc loc;        /* snippet never NULL */
    const char *message; /* never NULL */
} ssot_pack_finding;

enum {
    SSOT_PACK_PYTEST = 1,      /* pytest collects test functions here */
    SSOT_PACK_UNCOLLECTED = 2, /* below a norecursedirs folder */
    SSOT_PACK_EXPLICIT = 4,    /* named on the command line */
    SSOT_PACK_CONTEXT = 8,     /* read for cross-file resolution only, never reported */
    SSOT_PACK_UNREADABLE = 16, /* named on the command line and could not be read (exit 2) */
    SSOT_PACK_FLAGS = 31,
};

typedef struct ssot_pack_file {
    const char *path;        /* relative to the project root: never empty, never absolute,
                                no `.` or `..` component, no empty component */
    uint64_t size;           /* bytes, as discovery found it */
    ssot_role role;
    const char *language;    /* its front end's name (`python`); NULL: by its extension */
    uint32_t flags;          /* SSOT_PACK_* */
    const char *module;      /* the dotted module name; NULL: none */
    const char *config_path; /* relative to its configuration's folder; NULL: `path` */
    uint64_t config_id;      /* its configuration's identity (0: built-in defaults) */
    const unsigned char *facts; /* ssot_facts_write's bytes (read them with ssot_facts_read,
                                   which checks them again) */
    size_t facts_len;
    const ssot_pack_finding *findings;
    size_t finding_count;
    const ssot_facts *decoded; /* in memory only (merge): the facts already read from
                                  `facts`, which is then NULL; never written */
} ssot_pack_file;

/* What a pack says about the run it belongs to. */
typedef struct ssot_pack_info {
    const char *version;  /* the tool version that wrote it (SSOT_VERSION when writing) */
    uint32_t shard;       /* K, 1-based */
    uint32_t shard_count; /* N >= K */
    uint64_t file_count;  /* files of the whole run, every shard together */
    uint64_t list_hash;   /* a hash of the whole run's file list: shards of one run agree */
} ssot_pack_info;

typedef struct ssot_pack ssot_pack;

/* An empty pack to add files to; `info->version` is ignored (SSOT_VERSION is written). Can't
 * fail. */
ssot_pack *ssot_pack_new(const ssot_pack_info *info);
/* Copy `file` (its strings, facts bytes and findings) into the pack. Can't fail. */
void ssot_pack_add(ssot_pack *pack, const ssot_pack_file *file);
/* Write the pack to `path` atomically (analyzer/base/atomic_file.c). On failure returns
 * SSOT_ERR_IO with a one-line message naming the file in `err`. */
ssot_status ssot_pack_save(const ssot_pack *pack, const char *path, char *err,
                           size_t err_size);

/* Read the pack at `path` into `*out` (the caller frees it with ssot_pack_free). Returns
 * SSOT_ERR_IO when it cannot be read, SSOT_ERR_INPUT when it is not a pack, was written by
 * another version or format, or is truncated or corrupt; `err` then gets one line naming
 * the file and the problem, and `*out` is NULL. */
ssot_status ssot_pack_load(const char *path, ssot_pack **out, char *err, size_t err_size);
/* The same from `len` bytes in memory; `name` names them in messages. Every count is
 * bounded by the bytes left, so a forged one cannot make a large allocation. */
ssot_status ssot_pack_parse(const unsigned char *data, size_t len, const char *name,
                            ssot_pack **out, char *err, size_t err_size);

const ssot_pack_info *ssot_pack_info_of(const ssot_pack *pack);
size_t ssot_pack_count(const ssot_pack *pack);
const ssot_pack_file *ssot_pack_file_at(const ssot_pack *pack, size_t i); /* i < count */
void ssot_pack_free(ssot_pack *pack); /* NULL is a no-op */

/* Is `path` a pack file path as described above (relative, normalised)? */
bool ssot_pack_path_ok(const char *path);

#endif /* SSOT_ANALYZER_FACTS_PACK_H */
