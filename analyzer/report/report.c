/* analyzer/report/report.c - the list of reporters. */
#include "analyzer/report/report.h"

#include <inttypes.h>
#include <string.h>

int ssot_report_text(FILE *out, const ssot_report_input *in);
int ssot_report_json(FILE *out, const ssot_report_input *in);

static const ssot_reporter reporters[] = {
    {"text", ssot_report_text},
    {"json", ssot_report_json},
};

const ssot_reporter *ssot_reporter_find(const char *name)
{
    for (size_t i = 0; i < sizeof(reporters) / sizeof(reporters[0]); i++)
        if (!strcmp(reporters[i].name, name))
            return &reporters[i];
    return NULL;
}

const char *ssot_reporter_names(void)
{
    return "text, json";
}

void ssot_report_fingerprint_hex(const ssot_diag *d, char out[17])
{
    snprintf(out, 17, "%016" PRIx64, d->fingerprint);
}
