/* analyzer/report/rule_doc.h - a rule's own documentation, printed by `ssot rule` and
 * generated into docs/rules/ (Ruff's headings: what it does, why, example, use instead). */
#ifndef SSOT_ANALYZER_REPORT_RULE_DOC_H
#define SSOT_ANALYZER_REPORT_RULE_DOC_H

#include <stdio.h>

#include "rules/rule.h"

/* format: "text", "json" or "markdown". Returns 0, or -1 when writing failed. */
int ssot_rule_doc_write(FILE *out, const ssot_rule *const *rules, size_t count,
                        const char *format);

#endif /* SSOT_ANALYZER_REPORT_RULE_DOC_H */
