/* analyzer/report/gitlab.c - GitLab Code Quality (a Code Climate subset): a JSON array of
 * issues with description, check_name, fingerprint, severity and location (path relative to
 * the project root, first and last line). Severities: findings about the run itself (E
 * codes: a file that could not be checked) are `blocker`, errors `critical`, warnings
 * `major`, info `info`; `minor` is not used. */
#include <jansson.h>
#include <string.h>

#include "analyzer/report/report.h"
#include "rules/rule.h"

int ssot_report_gitlab(FILE *out, const ssot_report_input *in);

static const char *severity(const ssot_diag *d)
{
    if (d->rule->scope == SSOT_SCOPE_RUN && d->rule->code[0] == 'E')
        return "blocker";
    return d->severity == SSOT_SEVERITY_ERROR     ? "critical"
           : d->severity == SSOT_SEVERITY_WARNING ? "major"
                                                  : "info";
}

int ssot_report_gitlab(FILE *out, const ssot_report_input *in)
{
    json_t *array = json_array();
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
        char fp[17];
        ssot_report_fingerprint_hex(d, fp);
        unsigned end_row = d->span.end_row >= d->span.row ? d->span.end_row : d->span.row;
        json_t *issue = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:{s:I, s:I}}}", "type", "issue", "description",
            d->message, "check_name", d->rule->code, "fingerprint", fp, "severity", severity(d),
            "location", "path", d->root_path, "lines", "begin", (json_int_t)d->span.row, "end",
            (json_int_t)end_row);
        json_array_append_new(array, issue);
    }
    int rc = json_dumpf(array, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(array);
    return (rc != 0 || ferror(out)) ? -1 : 0;
}
