/* analyzer/report/text.c - `path:line:col: CODE [severity] message`, then counts per rule and
 * a summary. */
#include "analyzer/report/report.h"
#include "rules/rule.h"

#define BOLD "\033[1m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define RESET "\033[0m"

int ssot_report_text(FILE *out, const ssot_report_input *in);
/* One finding's line, shared with the full format. */
void ssot_report_text_line(FILE *out, const ssot_report_input *in, const ssot_diag *d);

static const char *severity_colour(ssot_severity s)
{
    return s == SSOT_SEVERITY_ERROR ? RED : s == SSOT_SEVERITY_WARNING ? YELLOW : CYAN;
}

void ssot_report_text_line(FILE *out, const ssot_report_input *in, const ssot_diag *d)
{
    if (in->color)
        fprintf(out, BOLD "%s" RESET ":%u:%u: %s%s" RESET " [%s] %s\n", d->path, d->span.row,
                d->span.col, severity_colour(d->severity), d->rule->code,
                ssot_severity_name(d->severity), d->message);
    else
        fprintf(out, "%s:%u:%u: %s [%s] %s\n", d->path, d->span.row, d->span.col, d->rule->code,
                ssot_severity_name(d->severity), d->message);
}

int ssot_report_text(FILE *out, const ssot_report_input *in)
{
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            ssot_report_text_line(out, in, in->diags[i]);
    if (!in->quiet)
        ssot_report_summary(out, in, true);
    return ferror(out) ? -1 : 0;
}
