/* analyzer/report/report.h - reporters turn a run's findings into one output format.
 * Reporters only read findings; they decide nothing (selection, the baseline and exit codes
 * are the CLI's). Adding a format is one file and one line in report.c. */
#ifndef SSOT_ANALYZER_REPORT_REPORT_H
#define SSOT_ANALYZER_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "analyzer/engine/diag.h"

struct ssot_rule;
struct json_t; /* jansson */

/* A baseline entry that no longer occurs: the finding was fixed (or moved to another
 * symbol). */
typedef struct ssot_report_fixed {
    const char *code;
    const char *path;     /* relative to the project root */
    const char *symbol;   /* "" when none */
    const char *message;
} ssot_report_fixed;

typedef struct ssot_report_input {
    const ssot_diag **diags;  /* every finding, suppressed and baselined ones included */
    size_t count;
    size_t suppressed;        /* how many of them are suppressed */
    size_t files_checked;
    double seconds;
    bool color;   /* ANSI colours (text formats only) */
    bool quiet;   /* findings only, no summary */

    const struct ssot_rule *const *rules; /* every rule that ran, sorted by code */
    size_t rule_count;
    const char *root;         /* absolute project root: diags' root_path are relative to it */
    const char *docs_url;     /* base of the rule reference: `<docs_url>/PH001.md` */

    const char *baseline;     /* the baseline file in use, or NULL */
    size_t baselined;         /* findings the baseline covers (not suppressed ones) */
    const ssot_report_fixed *fixed; /* baseline entries that no longer occur */
    size_t fixed_count;
    bool sarif_baselined;     /* SARIF lists baselined findings too (suppressed, external);
                                 by default they are left out of the upload */
} ssot_report_input;

typedef struct ssot_reporter {
    const char *name;  /* the --output-format value */
    /* Write the report; returns 0, or -1 when writing failed (errno set). */
    int (*write)(FILE *out, const ssot_report_input *in);
    const char *note;  /* a word the help puts after the name ("default"), or NULL */
    bool statistics;   /* --statistics prints its per-rule counts in this format */
} ssot_reporter;

enum {
    SSOT_REPORTERS_STATISTICS = 1u << 0, /* only the formats --statistics prints */
    SSOT_REPORTERS_PROSE = 1u << 1,      /* "a, b or c" for help texts, not "a, b, c"; with
                                            the notes ("a (default)") when listing every one */
};

/* A reporter by format name, or NULL. */
const ssot_reporter *ssot_reporter_find(const char *name);
/* The format names of the reporter table into `buf` (size `n`, cut when too small): every one
 * or (SSOT_REPORTERS_STATISTICS) those --statistics prints; comma-separated, or as prose
 * (SSOT_REPORTERS_PROSE). The one list that messages, help texts and completions show. */
void ssot_reporter_names(char *buf, size_t n, unsigned how);

/* Helpers shared by reporters. */

/* Is the finding reported: neither suppressed inline nor covered by the baseline? */
bool ssot_report_shown(const ssot_diag *d);
/* Is the rule one of the run's own problems (E001-E006, E008: a file could not be checked)? */
bool ssot_report_run_rule(const struct ssot_rule *rule);
/* How many findings are reported. */
size_t ssot_report_shown_count(const ssot_report_input *in);
void ssot_report_fingerprint_hex(const ssot_diag *d, char out[17]);
/* Write a JSON document indented by 2, ASCII only, then a newline, and free it. Returns 0,
 * or -1 when writing failed. */
int ssot_report_json_write(FILE *out, struct json_t *doc);
/* A JSON array with one item per shown finding, made by `item` (given the finding and its
 * fingerprint in hex), written with ssot_report_json_write. */
int ssot_report_json_findings(FILE *out, const ssot_report_input *in,
                              struct json_t *(*item)(const ssot_diag *d, const char *fingerprint));
/* One finding as the json format writes it (json-lines writes the same, one a line). */
struct json_t *ssot_report_json_finding(const ssot_diag *d, const char *fingerprint);
/* The --statistics rows as JSON lines: one compact object per rule and severity. */
int ssot_report_statistics_lines(FILE *out, const ssot_report_input *in);
/* The rule's page in the reference; the caller frees it. */
char *ssot_report_rule_url(const ssot_report_input *in, const struct ssot_rule *rule);
/* Counts per rule (code order), then the summary line; text-like formats end with it.
 * `table` false: the summary line only. Returns 0, or -1 when writing failed. */
int ssot_report_summary(FILE *out, const ssot_report_input *in, bool table);
/* The table of counts per rule alone (--statistics); JSON when `json`. */
int ssot_report_statistics(FILE *out, const ssot_report_input *in, bool json);

/* GitHub workflow commands: `%`, CR and LF escaped as %25, %0D, %0A; in a property value
 * (`property` true) also `:` and `,` as %3A and %2C. The caller frees the result. */
char *ssot_github_escape(const char *s, bool property);
/* Append a markdown summary of the run (counts per rule and per folder; `not_annotated`
 * findings were left out of the annotations) to the file $GITHUB_STEP_SUMMARY names; nothing
 * when it is unset or empty. Returns 0, or -1 when the file cannot be written (errno set). */
int ssot_github_summary(const ssot_report_input *in, size_t not_annotated);
/* A path as a URI reference: bytes other than letters, digits, `-._~/` percent-encoded.
 * The caller frees the result. */
char *ssot_uri_escape(const char *path);

#endif /* SSOT_ANALYZER_REPORT_REPORT_H */
