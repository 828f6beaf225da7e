/* analyzer/report/concise.c - one line per finding, `path:line:col: CODE message` (Ruff's
 * concise shape; `CODE [severity] message` when a finding's severity is not its rule's
 * default), then the summary line alone. For pre-commit hooks and editors. */
#include "analyzer/report/report.h"
#include "rules/rule.h"

int ssot_report_concise(FILE *out, const ssot_report_input *in);

int ssot_report_concise(FILE *out, const ssot_report_input *in)
{
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
        if (d->severity != d->rule->severity)
            fprintf(out, "%s:%u:%u: %s [%s] %s\n", d->path, d->span.row, d->span.col,
                    d->rule->code, ssot_severity_name(d->severity), d->message);
        else
            fprintf(out, "%s:%u:%u: %s %s\n", d->path, d->span.row, d->span.col,
                    d->rule->code, d->message);
    }
    if (!in->quiet)
        ssot_report_summary(out, in, false);
    return ferror(out) ? -1 : 0;
}
