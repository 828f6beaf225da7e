/* analyzer/audit/grade.c - families, severity weights and the A-E grade of a module from its
 * weighted findings per 1000 lines. */
#include "analyzer/audit/audit.h"

#include <string.h>

static const char *const family_codes[SSOT_AUDIT_FAMILIES] = {"PH", "MO", "SG", "DD", "SS"};

int ssot_audit_family_of(const char *code)
{
    for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
        if (!strncmp(code, family_codes[f], 2))
            return f;
    return -1;
}

const char *ssot_audit_family_code(ssot_audit_family family)
{
    return family_codes[family];
}

void ssot_audit_grading_defaults(ssot_audit_grading *g)
{
    static const double edges[4] = {5, 10, 20, 50};
    memcpy(g->edges, edges, sizeof(edges));
    g->weights[SSOT_SEVERITY_INFO] = 0;
    g->weights[SSOT_SEVERITY_WARNING] = 1;
    g->weights[SSOT_SEVERITY_ERROR] = 3;
    g->churn_months = 12;
}

char ssot_audit_grade(const ssot_audit_grading *g, double score, uint32_t lines)
{
    if (!lines)
        return score > 0 ? 'E' : 'A';
    double density = score * 1000.0 / lines;
    for (int band = 0; band < 4; band++)
        if (density <= g->edges[band])
            return (char)('A' + band);
    return 'E';
}
