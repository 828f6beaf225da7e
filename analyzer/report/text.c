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

static int compare_codes(const void *a, const void *b)
{
    const ssot_diag *x = *(const ssot_diag *const *)a, *y = *(const ssot_diag *const *)b;
    int c = strcmp(x->rule->code, y->rule->code);
    return c ? c : (x->rule < y->rule ? -1 : x->rule > y->rule);
}

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
        /* counts per rule, in code order; custom rules are not in the registry */
        const ssot_diag **by_rule = malloc(in->count * sizeof(*by_rule));
        if (by_rule) {
            size_t n = 0;
            for (size_t i = 0; i < in->count; i++)
                if (!in->diags[i]->suppressed)
                    by_rule[n++] = in->diags[i];
            qsort(by_rule, n, sizeof(*by_rule), compare_codes);
            fputc('\n', out);
            for (size_t i = 0; i < n;) {
                size_t j = i;
                while (j < n && by_rule[j]->rule == by_rule[i]->rule)
                    j++;
                const ssot_rule *r = by_rule[i]->rule;
                fprintf(out, "%6zu  %-6s %-28s [%s]\n", j - i, r->code, r->name,
                        ssot_severity_name(r->severity));
                i = j;
            }
            free(by_rule);
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
