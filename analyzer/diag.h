/* analyzer/diag.h - findings (diagnostics) and the per-file sink that rules report into.
 * The engine stamps the running rule on each finding; a rule never names itself. */
#ifndef SSOT_ANALYZER_DIAG_H
#define SSOT_ANALYZER_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/alloc.h"
#include "analyzer/facts.h"

typedef enum ssot_severity {
    SSOT_SEVERITY_INFO = 0,
    SSOT_SEVERITY_WARNING = 1,
    SSOT_SEVERITY_ERROR = 2,
} ssot_severity;

const char *ssot_severity_name(ssot_severity s);
/* Parses "error"/"warning"/"info"; returns false for anything else. */
bool ssot_severity_parse(const char *s, ssot_severity *out);

struct ssot_rule;

typedef struct ssot_diag {
    const struct ssot_rule *rule;  /* static registry entry */
    const char *path;              /* borrowed: the run's file list */
    ssot_span span;
    const char *symbol;            /* borrowed: the sink's arena; "" when none */
    const char *message;           /* borrowed: the sink's arena */
    const char *snippet;           /* borrowed: the sink's arena */
    ssot_severity severity;
    bool suppressed;               /* an inline suppression or a per-file ignore covers it */
    uint64_t fingerprint;          /* set by ssot_diags_finish */
} ssot_diag;

/* Collects one file's findings. Strings are copied into the sink's own arena. */
typedef struct ssot_sink {
    const char *path;
    const struct ssot_rule *rule;  /* set by the engine before each check */
    ssot_arena *arena;             /* owned */
    ssot_diag *items;              /* owned */
    size_t count, cap;
} ssot_sink;

void ssot_sink_init(ssot_sink *sink, const char *path);
void ssot_sink_fini(ssot_sink *sink);

/* Report a finding of the running rule at `loc` with its default severity. */
void ssot_sink_report(ssot_sink *sink, const ssot_loc *loc, const char *symbol,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Same, with a severity chosen by the rule for this finding. */
void ssot_sink_report_as(ssot_sink *sink, ssot_severity severity, const ssot_loc *loc,
                         const char *symbol, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sort findings (path, row, column, code) and compute fingerprints: a hash of code, path,
 * symbol, normalised snippet and the occurrence index among identical keys; never the
 * line number. */
void ssot_diags_finish(const ssot_diag **diags, size_t count);

#endif /* SSOT_ANALYZER_DIAG_H */
