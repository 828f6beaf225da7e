/* analyzer/report/json.c - one JSON array of findings; field names follow Ruff's JSON
 * output where they overlap (code, message, filename, location, end_location, noqa_row). */
#include <jansson.h>

#include "analyzer/report/report.h"
#include "rules/rule.h"

int ssot_report_json(FILE *out, const ssot_report_input *in);

static json_t *position(unsigned row, unsigned col)
{
    return json_pack("{s:i, s:i}", "row", (json_int_t)row, "column", (json_int_t)col);
}

json_t *ssot_report_json_finding(const ssot_diag *d, const char *fingerprint)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(d->rule->code));
    json_object_set_new(o, "name", json_string(d->rule->name));
    json_object_set_new(o, "message", json_string(d->message));
    json_object_set_new(o, "severity", json_string(ssot_severity_name(d->severity)));
    json_object_set_new(o, "filename", json_string(d->path));
    json_object_set_new(o, "location", position(d->span.row, d->span.col));
    json_object_set_new(o, "end_location", position(d->span.end_row, d->span.end_col));
    json_object_set_new(o, "symbol", d->symbol[0] ? json_string(d->symbol) : json_null());
    json_object_set_new(o, "fingerprint", json_string(fingerprint));
    json_object_set_new(o, "noqa_row", json_integer((json_int_t)d->span.row));
    json_object_set_new(o, "fix", json_null());
    if (d->related_count) {
        json_t *related = json_array();
        for (size_t k = 0; k < d->related_count; k++) {
            const ssot_related *r = &d->related[k];
            json_t *ro = json_object();
            json_object_set_new(ro, "filename", json_string(r->path));
            json_object_set_new(ro, "location", position(r->span.row, r->span.col));
            json_object_set_new(ro, "message", json_string(r->message));
            json_array_append_new(related, ro);
        }
        json_object_set_new(o, "related", related);
    }
    return o;
}

int ssot_report_json(FILE *out, const ssot_report_input *in)
{
    return ssot_report_json_findings(out, in, ssot_report_json_finding);
}
