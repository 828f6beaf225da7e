/* analyzer/options.h - the parsed command line. */
#ifndef SSOT_ANALYZER_OPTIONS_H
#define SSOT_ANALYZER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/diag.h"
#include "analyzer/status.h"

typedef enum ssot_command {
    SSOT_CMD_HELP = 0,   /* ssot --help, ssot <command> -h */
    SSOT_CMD_VERSION,
    SSOT_CMD_CHECK,
    SSOT_CMD_RULE,
    SSOT_CMD_CONFIG,
} ssot_command;

/* --report FORMAT:FILE */
typedef struct ssot_report_target {
    const char *format;  /* borrowed: the reporter's name */
    char *path;          /* owned */
} ssot_report_target;

typedef struct ssot_options {
    ssot_command command;
    const char *help_topic;       /* the command whose -h was asked for, or NULL */

    const char **paths;           /* owned array of borrowed argv strings */
    size_t path_count;
    const char *format;           /* --output-format (validated) */
    const char *output_file;      /* --output-file FILE: the report goes there, not stdout */
    ssot_report_target *reports;  /* owned: --report FORMAT:FILE, in order */
    size_t report_count;
    char **select;                /* owned: --select items, comma lists split */
    size_t select_count;
    char **ignore;                /* owned: --ignore items */
    size_t ignore_count;
    char **extend_select;         /* owned: --extend-select items */
    size_t extend_select_count;
    bool has_fail_on;             /* --fail-on was given */
    ssot_severity fail_on;
    const char *config_path;      /* --config FILE */
    bool isolated;                /* --isolated: no configuration files */
    bool force_exclude;           /* --force-exclude: excludes apply to named files too */
    const char *cache_dir;        /* --cache-dir DIR; NULL: .ssot_cache in the project root */
    bool no_cache;                /* --no-cache */
    bool exit_zero;
    bool preview;        /* --preview: preview rules run too */
    bool quiet;
    const char *baseline;         /* --baseline FILE: report only findings it does not list */
    const char *write_baseline;   /* --write-baseline [FILE]: record the findings there */
    bool strict_baseline;         /* --strict-baseline: entries that no longer occur fail */
    const char *diff;             /* --diff REV: report only files changed since REV */
    bool staged;                  /* --staged: report only staged files */
    bool statistics;              /* --statistics: counts per rule instead of findings */
    unsigned threads;             /* 0: all cores */

    const char *rule;             /* ssot rule CODE|NAME */
    bool rule_all;
} ssot_options;

/* Parse argv. On failure returns SSOT_ERR_USAGE with a one-line message in `err`.
 * The caller calls ssot_options_fini either way. */
ssot_status ssot_options_parse(int argc, char **argv, ssot_options *opts, char *err,
                               size_t err_size);
void ssot_options_fini(ssot_options *opts);

/* Turn --select/--ignore into a per-rule table (registry order), as for a project without
 * configuration files. Selectors are codes,
 * code prefixes (`PH`, `PH00`) or rule names. Opt-in rules are on only when selected by
 * their full code or name. Returns SSOT_ERR_USAGE for an unknown selector. */
ssot_status ssot_options_select(const ssot_options *opts, bool *enabled, char *err,
                                size_t err_size);

extern const char ssot_usage_main[];
extern const char ssot_usage_check[];
extern const char ssot_usage_rule[];
extern const char ssot_usage_config[];

#endif /* SSOT_ANALYZER_OPTIONS_H */
