/* analyzer/report/rdjson.c - reviewdog's Diagnostic Format (rdjson): one DiagnosticResult
 * with a diagnostic per finding, its rule as `code` with the rule's page as `url`, for
 * `reviewdog -f=rdjson` to comment on a pull request. Paths are relative to the project root,
 * as reviewdog matches them against the diff. */
#include <jansson.h>
#include <stdlib.h>

#include "analyzer/report/report.h"
#include "rules/rule.h"

int ssot_report_rdjson(FILE *out, const ssot_report_input *in);

static const char *severity(ssot_severity s)
{
    return s == SSOT_SEVERITY_ERROR ? "ERROR" : s == SSOT_SEVERITY_WARNING ? "WARNING" : "INFO";
}

static json_t *position(unsigned line, unsigned column)
{
    return json_pack("{s:i, s:i}", "line", (json_int_t)line, "column", (json_int_t)column);
}

static json_t *diagnostic(const ssot_report_input *in, const ssot_diag *d)
{
    char *url = ssot_report_rule_url(in, d->rule);
    json_t *range = json_pack("{s:o, s:o}", "start", position(d->span.row, d->span.col), "end",
                              position(d->span.end_row, d->span.end_col));
    json_t *o = json_pack("{s:s, s:{s:s, s:o}, s:s, s:{s:s, s:s}}", "message", d->message,
                          "location", "path", d->root_path, "range", range, "severity",
                          severity(d->severity), "code", "value", d->rule->code, "url", url);
    free(url);
    return o;
}

int ssot_report_rdjson(FILE *out, const ssot_report_input *in)
{
    json_t *diags = json_array();
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            json_array_append_new(diags, diagnostic(in, in->diags[i]));
    json_t *doc = json_pack("{s:{s:s}, s:o}", "source", "name", "ssot", "diagnostics", diags);
    return ssot_report_json_write(out, doc);
}
