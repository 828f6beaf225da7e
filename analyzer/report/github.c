/* analyzer/report/github.c - GitHub Actions workflow commands, one annotation per finding:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message` (warning and notice
 * for the other severities), escaped as GitHub's toolkit escapes them. GitHub keeps at most
 * 10 annotations of each kind per step and drops the rest silently, so the most severe go
 * first, the rest are listed in a collapsed log group, a last `::notice` says how many were
 * not shown, and a summary goes to $GITHUB_STEP_SUMMARY when it is set. */
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

/* Annotations of one kind (error, warning, notice) that GitHub shows for one step. */
enum { STEP_LIMIT = 10 };

int ssot_report_github(FILE *out, const ssot_report_input *in);

char *ssot_github_escape(const char *s, bool property)
{
    char *out = ssot_malloc(strlen(s) * 3 + 1), *o = out;
    for (const char *p = s; *p; p++) {
        const char *esc = *p == '%'                ? "%25"
                          : *p == '\r'             ? "%0D"
                          : *p == '\n'             ? "%0A"
                          : property && *p == ':' ? "%3A"
                          : property && *p == ',' ? "%2C"
                                                   : NULL;
        if (esc) {
            memcpy(o, esc, 3);
            o += 3;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static const char *command(ssot_severity s)
{
    return s == SSOT_SEVERITY_ERROR ? "error" : s == SSOT_SEVERITY_WARNING ? "warning" : "notice";
}

static void annotation(FILE *out, const ssot_diag *d)
{
    char *file = ssot_github_escape(d->root_path, true);
    char *title = ssot_github_escape(d->rule->code, true);
    char *message = ssot_github_escape(d->message, false);
    unsigned end_row = d->span.end_row >= d->span.row ? d->span.end_row : d->span.row;
    fprintf(out, "::%s file=%s,line=%u", command(d->severity), file, d->span.row);
    /* GitHub takes columns only for an annotation on one line */
    if (end_row == d->span.row && d->span.col) {
        fprintf(out, ",col=%u,endLine=%u", d->span.col, end_row);
        if (d->span.end_col > d->span.col)
            fprintf(out, ",endColumn=%u", d->span.end_col);
    } else {
        fprintf(out, ",endLine=%u", end_row);
    }
    fprintf(out, ",title=%s::%s\n", title, message);
    free(file);
    free(title);
    free(message);
}

/* A finding past the limits: a plain log line, indented so it is never read as a command. */
static void log_line(FILE *out, const ssot_diag *d)
{
    char *message = ssot_github_escape(d->message, false);
    fprintf(out, "  %s:%u:%u: %s [%s] %s\n", d->root_path, d->span.row, d->span.col,
            d->rule->code, ssot_severity_name(d->severity), message);
    free(message);
}

/* A shown finding and its place in the run's order. */
typedef struct ranked {
    const ssot_diag *d;
    size_t index;
} ranked;

/* The most severe first; at the fail level before below it; then the findings' own order
 * (path and position). */
static int compare_severity(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->d->severity != y->d->severity)
        return x->d->severity > y->d->severity ? -1 : 1;
    if (x->d->at_fail_level != y->d->at_fail_level)
        return x->d->at_fail_level ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The shown findings, most severe first; the caller frees it. */
static const ssot_diag **by_severity(const ssot_report_input *in, size_t *n)
{
    ranked *order = ssot_malloc((in->count + 1) * sizeof(*order));
    *n = 0;
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            order[*n] = (ranked){in->diags[i], *n}, ++*n;
    qsort(order, *n, sizeof(*order), compare_severity);
    const ssot_diag **sorted = ssot_malloc((*n + 1) * sizeof(*sorted));
    for (size_t i = 0; i < *n; i++)
        sorted[i] = order[i].d;
    free(order);
    return sorted;
}

int ssot_report_github(FILE *out, const ssot_report_input *in)
{
    size_t n;
    const ssot_diag **items = by_severity(in, &n);
    size_t total[3] = {0}, shown[3] = {0}, hidden[3] = {0};
    for (size_t i = 0; i < n; i++)
        total[items[i]->severity]++;
    bool overflow = total[0] > STEP_LIMIT || total[1] > STEP_LIMIT || total[2] > STEP_LIMIT;
    /* the closing notice takes one of the step's notices */
    size_t limit[3] = {overflow ? STEP_LIMIT - 1 : STEP_LIMIT, STEP_LIMIT, STEP_LIMIT};
    for (size_t i = 0; i < n; i++) {
        ssot_severity s = items[i]->severity;
        if (shown[s] < limit[s]) {
            annotation(out, items[i]);
            shown[s]++;
        }
    }
    size_t left = n - shown[0] - shown[1] - shown[2];
    if (left) {
        fprintf(out, "::group::ssot: %zu more finding%s, not shown as annotations\n", left,
                left == 1 ? "" : "s");
        /* the first shown[s] findings of each severity were annotations */
        size_t seen[3] = {0};
        for (size_t i = 0; i < n; i++) {
            ssot_severity s = items[i]->severity;
            if (seen[s]++ >= shown[s]) {
                log_line(out, items[i]);
                hidden[s]++;
            }
        }
        fprintf(out, "::endgroup::\n");
        fprintf(out, "::notice title=ssot::%zu finding%s not shown as annotations (%zu error%s, "
                     "%zu warning%s, %zu info): GitHub shows at most %d error, %d warning and %d "
                     "notice annotations per step. They are listed in the log group above%s.\n",
                left, left == 1 ? "" : "s", hidden[2], hidden[2] == 1 ? "" : "s", hidden[1],
                hidden[1] == 1 ? "" : "s", hidden[0], STEP_LIMIT, STEP_LIMIT, STEP_LIMIT,
                getenv("GITHUB_STEP_SUMMARY") ? " and counted in the job summary" : "");
    }
    free(items);
    int rc = ssot_github_summary(in, left);
    return (rc != 0 || ferror(out)) ? -1 : 0;
}
