/* analyzer/report/github.c - GitHub Actions workflow commands, one annotation per finding:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message` (warning and notice
 * for the other severities), escaped as GitHub's toolkit escapes them. */
#include <stdlib.h>
#include <string.h>

#include "analyzer/alloc.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

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

int ssot_report_github(FILE *out, const ssot_report_input *in)
{
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
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
    return ferror(out) ? -1 : 0;
}
