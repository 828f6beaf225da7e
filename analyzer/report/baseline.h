/* analyzer/report/baseline.h - the findings a project has accepted for now (legacy code), stored in
 * a JSON file: a run reports and fails only on findings the baseline does not list, and
 * names the entries that no longer occur. Entries are matched by fingerprint, which hashes
 * rule, path, symbol and normalised code plus an occurrence index, never the line number. */
#ifndef SSOT_ANALYZER_BASELINE_H
#define SSOT_ANALYZER_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analyzer/engine/diag.h"
#include "analyzer/report/report.h"
#include "analyzer/base/status.h"
#include "rules/rule.h"

#define SSOT_BASELINE_DEFAULT ".ssot-baseline.json"

typedef struct ssot_baseline ssot_baseline;

/* Read a baseline file. Returns SSOT_ERR_IO when it cannot be read and SSOT_ERR_INPUT when
 * it is not a baseline (bad JSON, a missing or mistyped field, an unknown version), with a
 * one-line message (`file:line:col: ...` where the JSON parser knows the place). */
ssot_status ssot_baseline_load(const char *path, ssot_baseline **out, char *err,
                               size_t err_size);
/* The same from `len` bytes at `data` (a baseline just written, which may have gone to a
 * FIFO or /dev/stdout and cannot be read back); `name` is the file named in messages. */
ssot_status ssot_baseline_parse(const char *data, size_t len, const char *name,
                                ssot_baseline **out, char *err, size_t err_size);
void ssot_baseline_free(ssot_baseline *baseline); /* NULL is a no-op */

/* Set `baselined` on each unsuppressed finding the baseline lists; returns how many. Each
 * entry covers one finding. */
size_t ssot_baseline_apply(ssot_baseline *baseline, const ssot_diag **diags, size_t count);

/* The entries no finding matched, among those this run could have seen again: the file was
 * checked (`checked` holds root paths, in any order) and the rule ran. The array and its strings
 * are borrowed from the baseline; the caller frees the array. */
ssot_report_fixed *ssot_baseline_fixed(const ssot_baseline *baseline, const char *const *checked,
                                       size_t checked_count, const ssot_rule *const *rules,
                                       size_t rule_count, size_t *fixed_count);

/* Write the unsuppressed findings as a baseline, sorted by path, code, symbol and
 * fingerprint, with no line numbers, so the file changes only when findings do. Returns 0,
 * or -1 when writing failed. */
int ssot_baseline_dump(FILE *out, const ssot_diag *const *diags, size_t count, size_t *written);

#endif /* SSOT_ANALYZER_BASELINE_H */
