/* analyzer/report/json_lines.c - one JSON object per finding and line (Ruff's json-lines):
 * the objects of the json format, compact, so that a stream reader handles each as it comes. */
#include <jansson.h>

#include "analyzer/report/report.h"

int ssot_report_json_lines(FILE *out, const ssot_report_input *in);

int ssot_report_json_lines(FILE *out, const ssot_report_input *in)
{
    int rc = 0;
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
        char fp[17];
        ssot_report_fingerprint_hex(d, fp);
        json_t *o = ssot_report_json_finding(d, fp);
        rc |= json_dumpf(o, out, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(o);
        fputc('\n', out);
    }
    return (rc != 0 || ferror(out)) ? -1 : 0;
}
