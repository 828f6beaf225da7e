/* analyzer/audit/hotspots.c - hotspots: files ranked by churn (commits in the window) times
 * their weighted findings, so that debt in code that changes every week ranks above old
 * debt nobody touches; generated and vendored files are left out. */
#include "analyzer/audit/audit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/audit/churn.h"

static bool has_component(const char *path, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = path; (p = strstr(p, name)); p += n)
        if ((p == path || p[-1] == '/') && (p[n] == '/' || p[n] == '\0'))
            return true;
    return false;
}

/* A comment in the first 5 lines saying the file is generated. */
static bool generated_header(const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return false;
    char line[256];
    bool found = false;
    for (int row = 0; row < 5 && !found && fgets(line, sizeof(line), f); row++) {
        const char *p = line + strspn(line, " \t");
        if (*p != '#' && strncmp(p, "//", 2))
            continue;
        for (char *q = line; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        found = strstr(p, "generated") || strstr(p, "do not edit");
        /* a line longer than the buffer: skip the rest of it */
        while (!strchr(line, '\n') && fgets(line, sizeof(line), f))
            ;
    }
    fclose(f);
    return found;
}

bool ssot_audit_generated(const ssot_churn *churn, const char *path, const char *file)
{
    static const char *const vendored[] = {
        "vendor", "vendored", "_vendor", "third_party", "site-packages", "node_modules", NULL,
    };
    for (const char *const *v = vendored; *v; v++)
        if (has_component(path, *v))
            return true;
    if (file && generated_header(file))
        return true;
    return churn && ssot_churn_marked_generated(churn, path);
}

static int by_rank(const void *x, const void *y)
{
    const ssot_audit_hotspot *p = x, *q = y;
    if (p->rank != q->rank)
        return p->rank < q->rank ? 1 : -1;
    return p->node < q->node ? -1 : p->node > q->node;
}

/* The name to open a file node's file with: the raw name of one of its findings, else the
 * path under the root. The caller frees it. */
static char *file_name(const ssot_audit *a, size_t node)
{
    for (size_t i = 0; i < a->finding_count; i++)
        if (a->findings[i].node == node && a->findings[i].diag->file)
            return ssot_strdup(a->findings[i].diag->file);
    return ssot_asprintf("%s/%s", a->root, a->nodes[node].path);
}

void ssot_audit_set_churn(ssot_audit *a, const ssot_churn *churn)
{
    a->has_churn = churn != NULL;
    if (!churn)
        return;
    a->churn_until = ssot_churn_until(churn);
    for (size_t i = 0; i < a->node_count; i++) {
        ssot_audit_node *n = &a->nodes[i];
        if (!n->is_file)
            continue;
        n->churn = ssot_churn_count(churn, n->path);
        for (size_t p = n->parent; p != SIZE_MAX; p = a->nodes[p].parent)
            a->nodes[p].churn += n->churn;
    }
    free(a->hotspots);
    a->hotspots = ssot_calloc(a->node_count + 1, sizeof(*a->hotspots));
    a->hotspot_count = 0;
    for (size_t i = 0; i < a->node_count; i++) {
        const ssot_audit_node *n = &a->nodes[i];
        if (!n->is_file || !n->churn || n->score <= 0)
            continue;
        char *file = file_name(a, i);
        bool skip = ssot_audit_generated(churn, n->path, file);
        free(file);
        if (!skip)
            a->hotspots[a->hotspot_count++] =
                (ssot_audit_hotspot){i, n->churn, n->score, n->churn * n->score};
    }
    qsort(a->hotspots, a->hotspot_count, sizeof(*a->hotspots), by_rank);
    if (a->hotspot_count > SSOT_AUDIT_HOTSPOTS)
        a->hotspot_count = SSOT_AUDIT_HOTSPOTS;
}
