/* tests/audit_support.h - a run made by hand for the audit's unit tests: files with their
 * lines and tests, findings of chosen rules on them. Header-only: test_audit.c and
 * test_history.c each include it once. */
#ifndef SSOT_TESTS_AUDIT_SUPPORT_H
#define SSOT_TESTS_AUDIT_SUPPORT_H

#include <stdlib.h>
#include <string.h>

#include "analyzer/engine/engine.h"
#include "rules/rule.h"

/* A run over `n` files (paths as shown, no root), each with its lines and tests. */
static inline void audit_test_run(ssot_run *run, size_t n, const char *const *paths,
                                  const uint32_t *lines, const uint32_t *tests)
{
    memset(run, 0, sizeof(*run));
    run->sinks = calloc(n + 1, sizeof(*run->sinks));
    run->stats = calloc(n + 1, sizeof(*run->stats));
    run->sink_count = n;
    for (size_t i = 0; i < n; i++) {
        ssot_sink_init(&run->sinks[i], paths[i]);
        run->stats[i] = (ssot_file_stats){lines[i], tests[i], true};
    }
}

/* A finding of rule `code` on file `file` at `row`, for `symbol`. */
static inline ssot_diag *audit_test_finding(ssot_run *run, size_t file, const char *code,
                                            unsigned row, const char *symbol)
{
    ssot_sink *sink = &run->sinks[file];
    sink->rule = ssot_rule_find(code);
    ssot_loc loc = {{row, 1, row, 10}, code};
    ssot_sink_report(sink, &loc, symbol, "finding of %s", code);
    sink->rule = NULL;
    return &sink->items[sink->count - 1];
}

/* Gather the findings, sorted and fingerprinted, as the engine does. */
static inline void audit_test_finish(ssot_run *run)
{
    size_t total = 0;
    for (size_t i = 0; i < run->sink_count; i++)
        total += run->sinks[i].count;
    run->diags = calloc(total + 1, sizeof(*run->diags));
    for (size_t i = 0; i < run->sink_count; i++)
        for (size_t k = 0; k < run->sinks[i].count; k++)
            run->diags[run->diag_count++] = &run->sinks[i].items[k];
    ssot_diags_finish(run->diags, run->diag_count);
}

#endif /* SSOT_TESTS_AUDIT_SUPPORT_H */
