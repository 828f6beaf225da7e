/* analyzer/report/text.c - `path:line:col: CODE [severity] message`, then a summary. */
#include <stdlib.h>
#include <string.h>

#include "analyzer/report/report.h"
#include "rules/rule.h"

#define BOLD "\033[1m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define RESET "\033[0m"

static const char *severity_colour(ssot_severity s)
{
    return s == SSOT_SEVERITY_ERROR ? RED : s == SSOT_SEVERITY_WARNING ? YELLOW : CYAN;
}

int ssot_report_text(FILE *out, const ssot_report_input *in);

int ssot_report_text(FILE *out, const ssot_report_input *in)
{
    size_t counts[3] = {0};
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (d->suppressed)
            continue;
        counts[d->severity]++;
        if (in->color)
            fprintf(out, BOLD "%s" RESET ":%u:%u: %s%s" RESET " [%s] %s\n", d->path, d->span.row,
                    d->span.col, severity_colour(d->severity), d->rule->code,
                    ssot_severity_name(d->severity), d->message);
        else
            fprintf(out, "%s:%u:%u: %s [%s] %s\n", d->path, d->span.row, d->span.col,
                    d->rule->code, ssot_severity_name(d->severity), d->message);
    }
    if (in->quiet)
        return ferror(out) ? -1 : 0;

    size_t shown = in->count - in->suppressed;
    if (shown) {
        /* counts per rule, in code order */
        size_t nrules;
        const ssot_rule *const *rules = ssot_rules(&nrules);
        size_t *per_rule = calloc(nrules, sizeof(*per_rule));
        if (per_rule) {
            for (size_t i = 0; i < in->count; i++)
                if (!in->diags[i]->suppressed)
                    per_rule[ssot_rule_index(in->diags[i]->rule)]++;
            fputc('\n', out);
            for (size_t r = 0; r < nrules; r++)
                if (per_rule[r])
                    fprintf(out, "%6zu  %-6s %-28s [%s]\n", per_rule[r], rules[r]->code,
                            rules[r]->name, ssot_severity_name(rules[r]->severity));
            free(per_rule);
        }
    }
    char suppressed[64] = "";
    if (in->suppressed)
        snprintf(suppressed, sizeof(suppressed), ", %zu suppressed", in->suppressed);
    fprintf(out, "\n%s%zu finding%s%s (%zu error%s, %zu warning%s, %zu info%s) in %zu file%s "
                 "checked in %.2fs.\n",
            in->color && shown ? BOLD : "", shown, shown == 1 ? "" : "s",
            in->color && shown ? RESET : "", counts[2], counts[2] == 1 ? "" : "s", counts[1],
            counts[1] == 1 ? "" : "s", counts[0], suppressed, in->files_checked,
            in->files_checked == 1 ? "" : "s", in->seconds);
    return ferror(out) ? -1 : 0;
}
