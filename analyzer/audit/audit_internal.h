/* analyzer/audit/audit_internal.h - shared by the audit's files: worst items, the JSON
 * document the JSON and HTML writers both write. Private. */
#ifndef SSOT_ANALYZER_AUDIT_AUDIT_INTERNAL_H
#define SSOT_ANALYZER_AUDIT_AUDIT_INTERNAL_H

#include <jansson.h>

#include "analyzer/audit/audit.h"

/* Each node's SSOT_AUDIT_WORST heaviest findings, and their source lines. */
void ssot_audit__pick_worst(ssot_audit *audit);

/* The whole report as a JSON document (new reference), or NULL when a string is not valid
 * UTF-8 (cannot happen: paths and messages are escaped). */
json_t *ssot_audit__json(const ssot_audit *audit);

/* The report page's stylesheet and script (analyzer/audit/report.css, report.js), compiled
 * in by cmake/embed.cmake; NUL-terminated. */
extern const unsigned char ssot_audit_report_css[];
extern const unsigned char ssot_audit_report_js[];

#endif /* SSOT_ANALYZER_AUDIT_AUDIT_INTERNAL_H */
