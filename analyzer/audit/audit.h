/* analyzer/audit/audit.h - `ssot audit`: a run's findings gathered per module (folder, down to
 * files), graded A-E from weighted findings per 1000 lines, with the worst items, hotspots
 * (churn x findings) and the trend from the history store; written as JSON or one HTML page. */
#ifndef SSOT_ANALYZER_AUDIT_AUDIT_H
#define SSOT_ANALYZER_AUDIT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>

#include "analyzer/base/status.h"
#include "analyzer/engine/engine.h"

/* The families findings are weighted in; E findings (the run's own problems) are not debt. */
typedef enum ssot_audit_family {
    SSOT_AUDIT_PH = 0,
    SSOT_AUDIT_MO,
    SSOT_AUDIT_SG,
    SSOT_AUDIT_DD,
    SSOT_AUDIT_SS,
    SSOT_AUDIT_FAMILIES,
} ssot_audit_family;

/* The family of a rule code ("PH003"), or -1 for E codes and unknown prefixes. */
int ssot_audit_family_of(const char *code);
/* "PH", "MO", ... Can't fail for a valid family. */
const char *ssot_audit_family_code(ssot_audit_family family);

/* How modules are graded: the [audit] table of the configuration. */
typedef struct ssot_audit_grading {
    double edges[4];      /* upper edges (inclusive) of A, B, C, D in weighted findings per
                             1000 lines; above the last: E. Default 5, 10, 20, 50 (Sonar's
                             maintainability bands, 5%/10%/20%/50%, read per mille) */
    double weights[3];    /* by ssot_severity (info, warning, error); default 0, 1, 3 */
    unsigned churn_months;/* the hotspots' window; default 12 */
} ssot_audit_grading;

/* The defaults above. Can't fail. */
void ssot_audit_grading_defaults(ssot_audit_grading *g);
/* The grade ('A'..'E') of `score` weighted findings in `lines` lines: by score per 1000
 * lines; a module without lines is 'A' when it has no findings, else 'E'. */
char ssot_audit_grade(const ssot_audit_grading *g, double score, uint32_t lines);

/* Counts of a file, or of everything below a folder. */
typedef struct ssot_audit_counts {
    uint32_t files;
    uint32_t lines;
    uint32_t tests;              /* collected tests */
    uint32_t placeholder_tests;  /* tests with a PH finding */
    uint32_t findings[SSOT_AUDIT_FAMILIES];
    double score[SSOT_AUDIT_FAMILIES]; /* findings weighted by severity */
} ssot_audit_counts;

/* A folder or a file. The root is node 0 (path ""). */
typedef struct ssot_audit_node {
    char *path;            /* owned: relative to the project root, '/'-separated */
    const char *name;      /* borrowed: the last segment of `path` ("" for the root) */
    bool is_file;
    size_t parent;         /* SIZE_MAX for the root */
    size_t *children;      /* owned: indexes, folders first, then by name */
    size_t child_count;
    ssot_audit_counts counts;
    double score;          /* the sum of counts.score */
    double density;        /* score per 1000 lines */
    char grade;
    uint32_t churn;        /* files: commits in the window; folders: the sum */
    size_t *worst;         /* owned: indexes into the audit's findings, worst first */
    size_t worst_count;
} ssot_audit_node;

typedef enum ssot_audit_status {
    SSOT_AUDIT_NO_BASELINE = 0,  /* no baseline to compare with */
    SSOT_AUDIT_NEW,              /* not in the baseline */
    SSOT_AUDIT_REMAINING,        /* in the baseline and still there */
} ssot_audit_status;

/* A finding the audit counts (not suppressed, not an E code). */
typedef struct ssot_audit_finding {
    const ssot_diag *diag;       /* borrowed: the run's */
    size_t node;                 /* its file's node */
    ssot_audit_family family;
    double weight;
    ssot_audit_status status;
    char *excerpt;               /* owned: the flagged lines for the worst items, else NULL */
    unsigned excerpt_line;       /* the first line of `excerpt` */
} ssot_audit_finding;

/* A file ranked by churn x weighted findings. */
typedef struct ssot_audit_hotspot {
    size_t node;
    uint32_t churn;
    double score;
    double rank;                 /* churn * score */
} ssot_audit_hotspot;

/* One point of a trend line: a recorded run (or this one). */
typedef struct ssot_audit_point {
    char *commit;                /* owned: hex id, "" outside git */
    char *date;                  /* owned: ISO 8601, UTC */
    uint32_t lines, tests, placeholder_tests;
    double score;
    char grade;
    uint32_t findings[SSOT_AUDIT_FAMILIES];
    bool recorded;               /* false for this run when it was not recorded */
} ssot_audit_point;

/* A folder's point of a trend line (the history's per-module rows). */
typedef struct ssot_audit_module_point {
    char *path;                  /* owned: the folder, relative to the root ("" the root) */
    size_t point;                /* index into the audit's trend */
    uint32_t lines;
    double score;
    char grade;
    uint32_t findings[SSOT_AUDIT_FAMILIES];
} ssot_audit_module_point;

/* A per-rule count of the run (for the history and the filter). */
typedef struct ssot_audit_rule_count {
    const char *code;            /* borrowed: the rule's */
    uint32_t count;
} ssot_audit_rule_count;

typedef struct ssot_audit {
    ssot_audit_grading grading;
    char *root;                  /* owned: the project root, absolute */
    const char *const *paths;    /* borrowed: the paths audited as given (may be none) */
    size_t path_count;
    char *commit;                /* owned: HEAD's id, "" outside git */
    char *date;                  /* owned: the run's date, ISO 8601 UTC */
    ssot_audit_node *nodes;      /* owned */
    size_t node_count;
    ssot_audit_finding *findings;/* owned: by path, line, column, code */
    size_t finding_count;
    ssot_audit_rule_count *rules;/* owned: rules with findings, by code */
    size_t rule_count;
    ssot_audit_hotspot *hotspots;/* owned: best first; files with churn and findings */
    size_t hotspot_count;
    bool has_churn;              /* git history was read */
    time_t churn_until;          /* the churn window's end (HEAD's commit time, or
                                    SOURCE_DATE_EPOCH) */
    ssot_audit_point *trend;     /* owned: oldest first */
    size_t trend_count;
    ssot_audit_module_point *module_trend; /* owned: folders' points, by point */
    size_t module_trend_count;
    bool has_baseline;
    const char *baseline;        /* borrowed: the baseline file, or NULL */
    size_t fixed;                /* baseline entries no longer found */
    size_t suppressed;           /* findings left out: suppressed inline */
} ssot_audit;

/* How many worst items each folder keeps. */
enum { SSOT_AUDIT_WORST = 5, SSOT_AUDIT_HOTSPOTS = 20 };

/* Gather `run` (already baselined when a baseline is in use: `fixed` entries no longer
 * occur) into a new audit: the module tree, counts, grades, worst items with their source
 * lines. `root` is the project root. Can't fail (out of memory aborts); the caller frees
 * with ssot_audit_free. */
ssot_audit *ssot_audit_build(const ssot_run *run, const char *root,
                             const ssot_audit_grading *grading, const char *baseline,
                             size_t fixed);
void ssot_audit_free(ssot_audit *audit); /* NULL is a no-op */

/* The node of a path relative to the root, or SIZE_MAX. */
size_t ssot_audit_find(const ssot_audit *audit, const char *path);

struct ssot_churn;
/* Churn per file from the history: each file node's commits in the window (folders: the
 * sum), then the hotspots, churn x weighted findings, best first, without generated and
 * vendored files (ssot_audit_generated). */
void ssot_audit_set_churn(ssot_audit *audit, const struct ssot_churn *churn);
/* Is the file generated or vendored: a folder named vendor, vendored, _vendor, third_party,
 * site-packages or node_modules on its `path`, a comment in the first 5 lines of `file`
 * (NULL: not read) saying "generated" or "do not edit", or .gitattributes marking it
 * `linguist-generated` or `linguist-vendored` (`churn` NULL: not asked)? */
bool ssot_audit_generated(const struct ssot_churn *churn, const char *path, const char *file);

/* This run as a trend point (commit, date, totals). The caller frees with
 * ssot_audit_point_fini. */
void ssot_audit_point_of(const ssot_audit *audit, ssot_audit_point *point);
void ssot_audit_point_fini(ssot_audit_point *point);
/* Take ownership of `points` (oldest first) as the trend. */
void ssot_audit_set_trend(ssot_audit *audit, ssot_audit_point *points, size_t count);
/* Take ownership of `points` (the folders' points of the recorded runs); with `current`, add
 * this run's folders as points of the last trend point. */
void ssot_audit_set_module_trend(ssot_audit *audit, ssot_audit_module_point *points,
                                 size_t count, bool current);
void ssot_audit_module_point_fini(ssot_audit_module_point *point);

/* The report as JSON (2-space indent, ASCII). Returns 0, or -1 when writing failed. */
int ssot_audit_write_json(FILE *out, const ssot_audit *audit);
/* The report as one self-contained HTML page (inline CSS, script and SVG; no network).
 * Returns 0, or -1 when writing failed. */
int ssot_audit_write_html(FILE *out, const ssot_audit *audit);

#endif /* SSOT_ANALYZER_AUDIT_AUDIT_H */
