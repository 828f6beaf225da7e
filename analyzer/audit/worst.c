/* analyzer/audit/worst.c - the worst items of each module: its heaviest findings (weight, then
 * report order), with the source lines they flag read back from their file. */
#include "analyzer/audit/audit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXCERPT_MAX_LINES = 12 };

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

static size_t indent_of(const char *line)
{
    return strspn(line, " \t");
}

static bool blank(const char *line)
{
    return line[strspn(line, " \t\r\n")] == '\0';
}

/* The flagged lines of the file at `path`: `first`..`last` (1-based), and after them the
 * rest of the block the first line opens (lines indented deeper, blank lines between), at
 * most EXCERPT_MAX_LINES lines of at most 240 bytes, without trailing blank lines or CRs.
 * NULL when it cannot be read. */
static char *read_lines(const char *path, unsigned first, unsigned last)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char lines[EXCERPT_MAX_LINES][240];
    size_t count = 0, keep = 0, first_indent = 0;
    char buf[240];
    for (unsigned row = 1; count < EXCERPT_MAX_LINES && fgets(buf, sizeof(buf), f); row++) {
        bool whole = strchr(buf, '\n') != NULL;
        if (!whole) { /* the rest of a long line is left out */
            int c;
            while ((c = getc(f)) != EOF && c != '\n')
                ;
        }
        if (row < first)
            continue;
        buf[strcspn(buf, "\r\n")] = '\0';
        if (row == first)
            first_indent = indent_of(buf);
        else if (row > last && !blank(buf) && indent_of(buf) <= first_indent)
            break; /* the block ended */
        memcpy(lines[count++], buf, sizeof(buf));
        if (!blank(buf) || row <= last)
            keep = count;
    }
    fclose(f);
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    for (size_t i = 0; i < keep; i++)
        fprintf(mem, "%s%s", i ? "\n" : "", lines[i]);
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
