/* analyzer/cli/options.h - the parsed command line. */
#ifndef SSOT_ANALYZER_OPTIONS_H
#define SSOT_ANALYZER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/engine/diag.h"
#include "analyzer/base/status.h"

typedef enum ssot_command {
    SSOT_CMD_HELP = 0,   /* ssot --help, ssot <command> -h */
    SSOT_CMD_VERSION,
    SSOT_CMD_CHECK,
    SSOT_CMD_RULE,
    SSOT_CMD_CONFIG,
    SSOT_CMD_COMPLETION, /* ssot completion SHELL */
    SSOT_CMD_DIFF,       /* ssot diff BASE [HEAD] */
    SSOT_CMD_MERGE,      /* ssot merge FILES...: the shards' artifacts into one report */
    SSOT_CMD_SERVER,     /* ssot server: the language server on stdio */
    SSOT_CMD_AUDIT,      /* ssot audit [PATHS...] */
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
    bool no_project_context;      /* --no-project-context: named files are read alone, not
                                     with the project around them */
    const char *cache_dir;        /* --cache-dir DIR; NULL: .ssot_cache in the project root */
    bool no_cache;                /* --no-cache */
    bool exit_zero;
    bool preview;        /* --preview: preview rules run too */
    bool quiet;
    const char *baseline;         /* --baseline FILE: report only findings it does not list */
    const char *write_baseline;   /* --write-baseline [FILE]: record the findings there */
    bool strict_baseline;         /* --strict-baseline: entries that no longer occur fail */
    bool sarif_baselined;         /* --sarif-baselined: SARIF keeps baselined findings */
    const char *diff;             /* --diff REV: report only files changed since REV */
    bool staged;                  /* --staged: report only staged files */
    bool statistics;              /* --statistics: counts per rule instead of findings */
    unsigned shard, shard_count;  /* --shard K/N (0/0 without it: the whole run) */
    const char *facts_out;        /* --facts-out FILE: extract this shard's facts there */
    unsigned threads;             /* 0: all cores */
    bool add_noqa;                /* --add-noqa: write suppressions for the findings */
    bool show_files;              /* --show-files: list the files and their roles */
    bool watch;                   /* -w, --watch: re-run on every change */
    char **exclude;               /* owned: --exclude globs (replace the configuration's) */
    size_t exclude_count;
    bool has_exclude;             /* --exclude was given (possibly empty) */
    char **extend_exclude;        /* owned: --extend-exclude globs */
    size_t extend_exclude_count;

    const char *rule;             /* ssot rule CODE|NAME */
    bool rule_all;

    const char *shell;            /* ssot completion SHELL: bash, zsh or fish */

    const char *base;             /* ssot diff BASE [HEAD]: revisions as given */
    const char *head;             /* NULL: the work tree */
    const char *fail_on_kinds;    /* --fail-on KINDS (ssot diff): overrides [diff] fail-on */
    bool record;                  /* ssot audit --record: append the run to the history */
    const char *history;          /* ssot audit --history FILE; NULL: .ssot-history.db in
                                     the project root */
    char fail_under;              /* ssot audit --fail-under GRADE ('A'-'E'); 0: none */
    bool fail_under_module;       /* --fail-under-module: every folder's grade too */
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

/* What the command line accepts, for the generated completions and manual page: each
 * command, and each long option once per group of commands that share its meaning. */
enum {
    SSOT_IN_MAIN = 1,       /* before any command: ssot --version */
    SSOT_IN_CHECK = 2,
    SSOT_IN_RULE = 4,
    SSOT_IN_CONFIG = 8,
    SSOT_IN_COMPLETION = 16,
    SSOT_IN_DIFF = 32,
    SSOT_IN_MERGE = 64,
    SSOT_IN_SERVER = 128,
    SSOT_IN_AUDIT = 256,
};

/* What an option's value or a command's operand is, for completion. */
typedef enum ssot_arg_kind {
    SSOT_ARG_NONE = 0,    /* a flag */
    SSOT_ARG_TEXT,        /* free text: nothing to complete */
    SSOT_ARG_FILE,
    SSOT_ARG_DIR,
    SSOT_ARG_PATHS,       /* files and folders, any number */
    SSOT_ARG_REPORT_FORMAT, /* a reporter: ssot_reporter_names() */
    SSOT_ARG_DOC_FORMAT,  /* ssot rule --output-format: SSOT_DOC_FORMATS */
    SSOT_ARG_LEVEL,       /* error, warning or info */
    SSOT_ARG_RULES,       /* rule codes or names, comma-separated */
    SSOT_ARG_RULE,        /* one rule code or name */
    SSOT_ARG_DIFF_FORMAT, /* ssot diff --output-format: SSOT_DIFF_FORMATS */
    SSOT_ARG_AUDIT_FORMAT, /* ssot audit --output-format: SSOT_AUDIT_FORMATS */
    SSOT_ARG_SHELL,       /* SSOT_SHELLS (last: completion walks the kinds up to it) */
} ssot_arg_kind;

#define SSOT_DOC_FORMATS "text, json, markdown"
#define SSOT_DIFF_FORMATS "text, json, markdown, sarif"
#define SSOT_SHELLS "bash, zsh, fish"
#define SSOT_AUDIT_FORMATS "html, json"
#define SSOT_LEVELS "error, warning, info"

typedef struct ssot_option_info {
    const char *name;       /* "output-format" */
    int code;               /* getopt_long's value: the short letter ('q') when below 256 */
    ssot_arg_kind value;
    bool optional;          /* the value may be left out (--write-baseline) */
    unsigned commands;      /* SSOT_IN_* */
} ssot_option_info;

typedef struct ssot_command_info {
    const char *name;       /* "check" */
    unsigned bit;           /* SSOT_IN_* */
    const char *usage;      /* its --help text */
    ssot_arg_kind operand;
} ssot_command_info;

/* The option table getopt_long is built from, in order. Can't fail. */
const ssot_option_info *ssot_options_info(size_t *count);
/* The commands, in the order of the main help. Can't fail. */
const ssot_command_info *ssot_commands_info(size_t *count);
/* The --help text for `ssot TOPIC -h` (NULL: the main help). */
const char *ssot_usage_for(const char *topic);

extern const char ssot_usage_main[];
extern const char ssot_usage_check[];
extern const char ssot_usage_rule[];
extern const char ssot_usage_config[];
extern const char ssot_usage_completion[];
extern const char ssot_usage_diff[];
extern const char ssot_usage_merge[];
extern const char ssot_usage_server[];
extern const char ssot_usage_audit[];

#endif /* SSOT_ANALYZER_OPTIONS_H */
