/* analyzer/report/report.h - reporters turn a run's findings into one output format.
 * Reporters only read findings; they decide nothing (selection and exit codes are the
 * CLI's). Adding a format is one file and one line in report.c. */
#ifndef SSOT_ANALYZER_REPORT_REPORT_H
#define SSOT_ANALYZER_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "analyzer/diag.h"

typedef struct ssot_report_input {
    const ssot_diag **diags;  /* every finding, suppressed ones included */
    size_t count;
    size_t suppressed;        /* how many of them are suppressed */
    size_t files_checked;
    double seconds;
    bool color;   /* ANSI colours (text formats only) */
    bool quiet;   /* findings only, no summary */
} ssot_report_input;

typedef struct ssot_reporter {
    const char *name;  /* the --output-format value */
    /* Write the report; returns 0, or -1 when writing failed (errno set). */
    int (*write)(FILE *out, const ssot_report_input *in);
} ssot_reporter;

/* A reporter by format name, or NULL. */
const ssot_reporter *ssot_reporter_find(const char *name);
/* Format names, comma-separated, for messages. */
const char *ssot_reporter_names(void);

/* Finding code, lowercased rule name etc. helpers shared by reporters. */
void ssot_report_fingerprint_hex(const ssot_diag *d, char out[17]);

#endif /* SSOT_ANALYZER_REPORT_REPORT_H */
