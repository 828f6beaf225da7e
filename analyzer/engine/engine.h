/* analyzer/engine/engine.h - the pipeline: read, parse and extract facts on a thread pool, build the
 * index and resolve tests across files, run the file rules in parallel, gather findings. */
#ifndef SSOT_ANALYZER_ENGINE_H
#define SSOT_ANALYZER_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/engine/diag.h"
#include "analyzer/discover/discover.h"
#include "analyzer/facts/pack.h"
#include "analyzer/cli/progress.h"
#include "analyzer/config/selection.h"
#include "analyzer/base/status.h"
#include "rules/rule.h"

typedef struct ssot_engine_config {
    /* Which rules run on a file: its configuration's selection from `selections`; when
     * `selections` is NULL, `enabled` (per registry index) for every file. E rules and
     * SS901 always run. */
    ssot_selections *selections;
    const bool *enabled;
    unsigned threads;         /* >= 1 */
    size_t max_file_bytes;    /* E004 above this, for files without a configuration */
    const char *root;         /* absolute project root that fingerprints' paths are relative
                                 to (the git work tree, or the current folder); NULL: paths
                                 as shown */
    const bool *report;       /* per file: run its rules and report it; NULL: every file.
                                 Every file is still read and indexed, so cross-file
                                 resolution sees the whole project (changed-files mode) */
    ssot_progress *progress;  /* counts files per stage; NULL: none */
    const char *cache_dir;    /* the facts cache (`.ssot_cache`); NULL: none */
    /* Where file text comes from when not from the file system (another revision's blobs):
       file `index`'s bytes, allocated in `arena` with one spare byte after `*len`; false
       with a one-line message in `msg` when they cannot be had (E001). NULL: read the
       files. Called from the worker threads. */
    bool (*read)(void *ctx, size_t index, ssot_arena *arena, char **text, size_t *len,
                 char *msg, size_t msg_size);
    /* Called from a worker thread once file `index`'s rules have run, with its resolved
       facts, just before they are freed: a caller that keeps something copies it. NULL:
       none. */
    void (*checked)(void *ctx, size_t index, const ssot_facts *facts);
    void *hook_ctx;           /* handed to `read`, `checked` and `facts_written` */
    ssot_pack *facts_out;     /* a shard's run (--facts-out): extraction only; each file's
                                 facts, and the matches of every custom rule of its
                                 configuration, are added here, nothing is resolved or
                                 checked, and `run` only counts the files; NULL: a check */
    const ssot_pack_file *const *facts_in; /* merge: per file, the facts (and custom rule
                                 matches) to use instead of reading it; NULL: read */
    /* One file's text from memory instead of from disk (an editor's unsaved buffer, for the
     * language server; ssot_engine_run_with_text sets them): the entry whose path is
     * `overlay_path` (as in the file list) is read from `overlay_text` (UTF-8, `overlay_len`
     * bytes, borrowed); NULL: none. */
    const char *overlay_path;
    const char *overlay_text;
    size_t overlay_len;
    /* For tests (`hook_ctx` is its context): called from a worker thread with the serialized facts of file `index`
       just parsed, before they are read back (a test corrupts them to see E008). NULL:
       none. */
    void (*facts_written)(void *ctx, size_t index, unsigned char *data, size_t len);
    /* The previous run's entries, read while the files were found (prefetch.h; borrowed):
       a file not reported whose entry is among them takes its facts from there. NULL:
       none. */
    struct ssot_prefetch *prefetch;
} ssot_engine_config;

/* What the audit needs of a checked file once its facts are gone. */
typedef struct ssot_file_stats {
    uint32_t lines;           /* lines of text (0 when the file could not be read) */
    uint32_t tests;           /* tests pytest/unittest collect in it */
    bool checked;             /* its rules ran (a reported file) */
} ssot_file_stats;

/* Where a run's time went: CPU seconds of the whole process and wall seconds per stage, in
 * pipeline order (tools/bench prints them; `SSOT_TIMINGS=1` shows them on stderr). */
enum { SSOT_PHASE_MAX = 12 };
typedef struct ssot_phases {
    const char *name[SSOT_PHASE_MAX];
    double cpu[SSOT_PHASE_MAX];
    double wall[SSOT_PHASE_MAX];
    size_t count;
} ssot_phases;

typedef struct ssot_run {
    ssot_sink *sinks;         /* owned: one per file, holding its findings */
    size_t sink_count;
    ssot_file_stats *stats;   /* owned: one per file, parallel to `sinks` */
    const ssot_diag **diags;  /* owned array, borrowed items; sorted, fingerprinted; the
                                 suppressed ones included (reporters decide) */
    size_t diag_count;
    const ssot_rule **rules;  /* owned array, borrowed items (the registry, the selections'
                                 custom rules): every rule that ran on some file, by code */
    size_t rule_count;
    size_t suppressed_count;
    size_t failing_count;     /* unsuppressed findings at or above their file's fail-on */
    size_t files_checked;     /* files reported on (all of them without `report`) */
    size_t explicit_failures; /* files named on the command line that could not be read */
    char first_failure[512];  /* a one-line message about the first of them */
    double seconds;
    ssot_phases phases;
    size_t facts_bytes;       /* the files' facts when extraction ended: their structs and
                                 arenas (SSOT_TIMINGS prints it; tools/bench --tiny) */
} ssot_run;

/* Run every enabled rule over `files`. Returns SSOT_ERR_INTERNAL (with a message) when the
 * parser cannot be set up, SSOT_ERR_USAGE when a selector is unknown, SSOT_ERR_INPUT when a
 * file's facts from `facts_in` do not read back; otherwise SSOT_OK, with findings in `run`. */
ssot_status ssot_engine_run(const ssot_engine_config *config, const ssot_file_list *files,
                            ssot_run *run, char *err, size_t err_size);
/* The same with one file's text from memory (an editor's buffer): the entry of `files` whose
 * path is `path` is read from `text` (UTF-8, `len` bytes, borrowed) instead of from disk;
 * every other file as usual (disk, facts cache). Fails as ssot_engine_run does. */
ssot_status ssot_engine_run_with_text(const ssot_engine_config *config,
                                      const ssot_file_list *files, const char *path,
                                      const char *text, size_t len, ssot_run *run, char *err,
                                      size_t err_size);
void ssot_run_fini(ssot_run *run);

#endif /* SSOT_ANALYZER_ENGINE_H */
