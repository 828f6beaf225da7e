/* analyzer/diff/write_sarif.c - `ssot diff --output-format sarif`: the findings the change
 * brought (new on the head side), as `ssot check` writes them, for code scanning. */
#include <stdlib.h>

#include "analyzer/diff/diff.h"
#include "analyzer/report/report.h"

int ssot_diff_write_sarif(FILE *out, const ssot_diff_output *o)
{
    const ssot_diag **diags = calloc(o->deltas->count + 1, sizeof(*diags));
    if (!diags)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < o->deltas->count; i++)
        if (o->deltas->items[i].diag)
            diags[n++] = o->deltas->items[i].diag;
    ssot_report_input in = {0};
    in.diags = diags;
    in.count = n;
    in.files_checked = n;
    in.rules = o->rules;
    in.rule_count = o->rule_count;
    in.root = o->root;
    in.docs_url = o->docs_url;
    int rc = ssot_reporter_find("sarif")->write(out, &in);
    free(diags);
    return rc;
}
