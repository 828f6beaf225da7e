/* analyzer/engine/diag.h - findings (diagnostics) and the per-file sink that rules report into.
 * The engine stamps the running rule on each finding; a rule never names itself. */
#ifndef SSOT_ANALYZER_DIAG_H
#define SSOT_ANALYZER_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"

typedef enum ssot_severity {
    SSOT_SEVERITY_INFO = 0,
    SSOT_SEVERITY_WARNING = 1,
    SSOT_SEVERITY_ERROR = 2,
} ssot_severity;

const char *ssot_severity_name(ssot_severity s);
/* Parses "error"/"warning"/"info"; returns false for anything else. */
bool ssot_severity_parse(const char *s, ssot_severity *out);

struct ssot_rule;

/* Another place that belongs to a finding: the other members of a duplicate cluster, the
 * definition a finding refers to. SARIF reports them as `relatedLocations`. */
typedef struct ssot_related {
    const char *path;              /* borrowed: the sink's arena; as shown in reports */
    const char *root_path;         /* borrowed: the sink's arena; see ssot_diag.root_path */
    const char *root_file;         /* borrowed: the sink's arena; see ssot_diag.root_file */
    ssot_span span;
    const char *message;           /* borrowed: the sink's arena; "" when none */
} ssot_related;

typedef struct ssot_diag {
    const struct ssot_rule *rule;  /* static registry entry */
    const char *path;              /* borrowed: the sink's arena; the file as reports show it
                                      (ssot_path_escape: `\n`, `\xff`, `\\` escaped) */
    const char *root_path;         /* borrowed: the sink's arena; `path` relative to the
                                      project root (absolute outside it, `path` without one),
                                      escaped the same way; fingerprints and CI formats use it */
    const char *file;              /* borrowed: the run's file list; the name's raw bytes,
                                      to open the file again */
    const char *root_file;         /* borrowed: the sink's arena; root_path's raw bytes (SARIF
                                      percent-encodes them into a URI) */
    ssot_span span;
    const char *symbol;            /* borrowed: the sink's arena; "" when none */
    const char *message;           /* borrowed: the sink's arena */
    const char *snippet;           /* borrowed: the sink's arena */
    ssot_severity severity;
    bool suppressed;               /* an inline suppression or a per-file ignore covers it */
    bool baselined;                /* the baseline file lists it (set by ssot_baseline_apply) */
    bool at_fail_level;            /* severity at or above its file's fail-on (set by the engine) */
    const ssot_related *related;   /* borrowed: the sink's arena; NULL when none */
    size_t related_count;
    uint64_t fingerprint;          /* set by ssot_diags_finish */
} ssot_diag;

/* Collects one file's findings. Strings are copied into the sink's own arena. */
typedef struct ssot_sink {
    const char *path;
    const char *root;              /* borrowed: absolute project root, or NULL */
    const char *root_path;         /* owned: `path` relative to `root`, escaped */
    const char *root_file;         /* owned: the same, raw bytes (may be root_path) */
    const struct ssot_rule *rule;  /* set by the engine before each check */
    ssot_arena *arena;             /* owned; NULL until ssot_sink_arena */
    ssot_diag *items;              /* owned */
    size_t count, cap;
} ssot_sink;

void ssot_sink_init(ssot_sink *sink, const char *path);
/* The arena the sink's findings live in, made on first use. */
ssot_arena *ssot_sink_arena(ssot_sink *sink);
/* Paths of findings are also kept relative to `root` (absolute, borrowed: it must outlive
 * the sink). Call before the first report. */
void ssot_sink_set_root(ssot_sink *sink, const char *root);
/* The same with the current folder given (ssot_config_cwd), for a loop over many sinks. */
void ssot_sink_set_root_in(ssot_sink *sink, const char *root, const char *cwd);
void ssot_sink_fini(ssot_sink *sink);

/* `path` (relative to the current directory, or absolute) relative to `root` (absolute,
 * lexically normalised); the absolute path when it is outside `root`, `path` itself when
 * `root` is NULL. The caller frees the result. */
char *ssot_path_from_root(const char *root, const char *path);
/* The same with the current folder given (NULL: asked of the system). */
char *ssot_path_from_root_in(const char *root, const char *cwd, const char *path);

/* A file name as every report shows it, so that a user can paste it back (inside a shell's
 * `$'...'`) and every format stays one line of valid UTF-8: a backslash is `\\`, newline,
 * tab and carriage return are `\n`, `\t`, `\r`, other control characters (C0, DEL, C1)
 * and each byte that is not part of valid UTF-8 are `\xNN`; everything else is kept.
 * The caller frees the result. */
char *ssot_path_escape(const char *path);

/* Report a finding of the running rule at `loc` with its default severity. */
void ssot_sink_report(ssot_sink *sink, const ssot_loc *loc, const char *symbol,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Same, with a severity chosen by the rule for this finding. */
void ssot_sink_report_as(ssot_sink *sink, ssot_severity severity, const ssot_loc *loc,
                         const char *symbol, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Attach a related location to the finding reported last (a no-op when there is none).
 * `path` is copied; `fmt` may be NULL for no message. */
void ssot_sink_relate(ssot_sink *sink, const char *path, const ssot_loc *loc, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));

/* Add a copy of `d` (a finding of this file kept from an earlier run: its rule, span, texts,
 * severity, suppression and related places; the path fields are the sink's) to the sink. */
void ssot_sink_restore(ssot_sink *sink, const ssot_diag *d);

/* Sort findings (path, row, column, code) and compute fingerprints: a hash of code, root
 * path, symbol, normalised snippet and the occurrence index among identical keys; never the
 * line number. */
void ssot_diags_finish(const ssot_diag **diags, size_t count);

#endif /* SSOT_ANALYZER_DIAG_H */
