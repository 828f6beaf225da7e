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

static json_t *issue(const ssot_diag *d, const char *fingerprint)
{
    unsigned end_row = d->span.end_row >= d->span.row ? d->span.end_row : d->span.row;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:{s:I, s:I}}}", "type", "issue",
                     "description", d->message, "check_name", d->rule->code, "fingerprint",
                     fingerprint, "severity", severity(d), "location", "path", d->root_path,
                     "lines", "begin", (json_int_t)d->span.row, "end", (json_int_t)end_row);
}

int ssot_report_gitlab(FILE *out, const ssot_report_input *in)
{
    return ssot_report_json_findings(out, in, issue);
}
