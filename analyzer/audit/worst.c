/* analyzer/audit/worst.c - the worst items of each module: its heaviest findings (weight, then
 * report order), with the source lines they flag read back from their file. */
#include "analyzer/audit/audit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXCERPT_MAX_LINES = 12, EXCERPT_MAX_BYTES = 2000 };

/* Does finding `x` come before `y` among the worst? */
static bool worse(const ssot_audit *a, size_t x, size_t y)
{
    const ssot_audit_finding *p = &a->findings[x], *q = &a->findings[y];
    if (p->weight != q->weight)
        return p->weight > q->weight;
    return x < y;
}

static void offer(ssot_audit *a, ssot_audit_node *n, size_t finding)
{
    if (!n->worst)
        n->worst = ssot_calloc(SSOT_AUDIT_WORST, sizeof(*n->worst));
    size_t k = n->worst_count;
    if (k == SSOT_AUDIT_WORST) {
        if (!worse(a, finding, n->worst[k - 1]))
            return;
        k--;
    } else {
        n->worst_count++;
    }
    for (; k > 0 && worse(a, finding, n->worst[k - 1]); k--)
        n->worst[k] = n->worst[k - 1];
    n->worst[k] = finding;
}

/* Lines `first`..`last` (1-based) of the file at `path`, at most EXCERPT_MAX_LINES and
 * EXCERPT_MAX_BYTES; NULL when it cannot be read. */
static char *read_lines(const char *path, unsigned first, unsigned last)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    if (last < first)
        last = first;
    if (last - first >= EXCERPT_MAX_LINES)
        last = first + EXCERPT_MAX_LINES - 1;
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    unsigned row = 1;
    int c;
    while ((c = getc(f)) != EOF && row <= last && len < EXCERPT_MAX_BYTES) {
        /* the lines from `first`, without the last newline; CRLF kept as LF */
        if (row >= first && c != '\r' && (c != '\n' || row < last))
            fputc(c, mem);
        if (c == '\n') {
            row++;
            fflush(mem);
        }
    }
    fclose(f);
    fclose(mem);
    return out;
}

void ssot_audit__pick_worst(ssot_audit *a)
{
    for (size_t i = 0; i < a->finding_count; i++)
        for (size_t n = a->findings[i].node; n != SIZE_MAX; n = a->nodes[n].parent)
            offer(a, &a->nodes[n], i);
    for (size_t n = 0; n < a->node_count; n++)
        for (size_t k = 0; k < a->nodes[n].worst_count; k++) {
            ssot_audit_finding *f = &a->findings[a->nodes[n].worst[k]];
            if (f->excerpt || !f->diag->file)
                continue;
            f->excerpt_line = f->diag->span.row;
            f->excerpt = read_lines(f->diag->file, f->excerpt_line, f->diag->span.end_row);
        }
}
