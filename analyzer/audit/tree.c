/* analyzer/audit/tree.c - the module tree of an audit: a node per folder and per checked file,
 * the run's findings counted and weighted on their file and every folder above it, grades. */
#include "analyzer/audit/audit.h"
#include "analyzer/audit/audit_internal.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"
#include "rules/rule.h"

typedef struct builder {
    ssot_audit *a;
    size_t cap;
    ssot_strmap *by_path;
} builder;

static size_t add_node(builder *b, const char *path, bool is_file, size_t parent)
{
    ssot_audit *a = b->a;
    if (a->node_count == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        a->nodes = ssot_realloc(a->nodes, b->cap * sizeof(*a->nodes));
    }
    size_t i = a->node_count++;
    ssot_audit_node *n = &a->nodes[i];
    memset(n, 0, sizeof(*n));
    n->path = ssot_strdup(path);
    const char *slash = strrchr(n->path, '/');
    n->name = slash ? slash + 1 : n->path;
    n->is_file = is_file;
    n->parent = parent;
    ssot_strmap_add(b->by_path, n->path, (uint32_t)i);
    if (parent != SIZE_MAX) {
        ssot_audit_node *p = &a->nodes[parent];
        p->children = ssot_realloc(p->children, (p->child_count + 1) * sizeof(*p->children));
        p->children[p->child_count++] = i;
    }
    return i;
}

static size_t lookup(const builder *b, const char *path)
{
    size_t n;
    const uint32_t *v = ssot_strmap_get(b->by_path, path, &n);
    return n ? v[0] : SIZE_MAX;
}

/* The node of folder `path` (its length `len`), made with its parents when missing. */
static size_t folder(builder *b, const char *path, size_t len)
{
    char *p = ssot_strndup(path, len);
    size_t i = lookup(b, p);
    if (i == SIZE_MAX) {
        const char *slash = strrchr(p, '/');
        size_t parent = slash ? folder(b, p, (size_t)(slash - p)) : 0;
        i = add_node(b, p, false, parent);
    }
    free(p);
    return i;
}

static size_t file_node(builder *b, const char *path)
{
    size_t i = lookup(b, path);
    if (i != SIZE_MAX)
        return i;
    const char *slash = strrchr(path, '/');
    size_t parent = slash ? folder(b, path, (size_t)(slash - path)) : 0;
    return add_node(b, path, true, parent);
}

size_t ssot_audit_find(const ssot_audit *audit, const char *path)
{
    for (size_t i = 0; i < audit->node_count; i++)
        if (!strcmp(audit->nodes[i].path, path))
            return i;
    return SIZE_MAX;
}

/* Add a file's or a finding's counts to its node and every folder above it. */
static void add_up(ssot_audit *a, size_t node, const ssot_audit_counts *c)
{
    for (size_t i = node; i != SIZE_MAX; i = a->nodes[i].parent) {
        ssot_audit_counts *t = &a->nodes[i].counts;
        t->files += c->files;
        t->lines += c->lines;
        t->tests += c->tests;
        t->placeholder_tests += c->placeholder_tests;
        for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++) {
            t->findings[f] += c->findings[f];
            t->score[f] += c->score[f];
        }
    }
}

typedef struct child_key {
    size_t index;
    bool is_file;
    const char *name;
} child_key;

static int compare_children(const void *x, const void *y)
{
    const child_key *p = x, *q = y;
    if (p->is_file != q->is_file)
        return p->is_file ? 1 : -1;
    return strcmp(p->name, q->name);
}

/* Folders first, then files, each by name. */
static void sort_children(ssot_audit *a, ssot_audit_node *n)
{
    child_key *keys = ssot_calloc(n->child_count + 1, sizeof(*keys));
    for (size_t k = 0; k < n->child_count; k++) {
        const ssot_audit_node *c = &a->nodes[n->children[k]];
        keys[k] = (child_key){n->children[k], c->is_file, c->name};
    }
    qsort(keys, n->child_count, sizeof(*keys), compare_children);
    for (size_t k = 0; k < n->child_count; k++)
        n->children[k] = keys[k].index;
    free(keys);
}

/* Is the finding counted: shown or baselined (the baseline is the debt being tracked), not
 * suppressed, not one of the run's own problems? */
static bool counted(const ssot_diag *d)
{
    return !d->suppressed && ssot_audit_family_of(d->rule->code) >= 0;
}

/* Placeholder tests of a file: distinct symbols of its PH findings (`seen` sorted). */
static uint32_t placeholder_tests(const ssot_audit *a, size_t first, size_t end)
{
    uint32_t n = 0;
    for (size_t i = first; i < end; i++) {
        const ssot_audit_finding *f = &a->findings[i];
        if (f->family != SSOT_AUDIT_PH)
            continue;
        bool dup = false;
        for (size_t k = first; k < i && !dup; k++)
            dup = a->findings[k].family == SSOT_AUDIT_PH && *f->diag->symbol &&
                  !strcmp(a->findings[k].diag->symbol, f->diag->symbol);
        n += !dup;
    }
    return n;
}

static void count_file(ssot_audit *a, size_t node, const ssot_file_stats *st, size_t first,
                       size_t end)
{
    ssot_audit_counts c = {0};
    c.files = 1;
    c.lines = st->lines;
    c.tests = st->tests;
    for (size_t i = first; i < end; i++) {
        const ssot_audit_finding *f = &a->findings[i];
        c.findings[f->family]++;
        c.score[f->family] += f->weight;
    }
    c.placeholder_tests = placeholder_tests(a, first, end);
    if (c.placeholder_tests > c.tests)
        c.placeholder_tests = c.tests;
    add_up(a, node, &c);
}

static void grade_nodes(ssot_audit *a)
{
    for (size_t i = 0; i < a->node_count; i++) {
        ssot_audit_node *n = &a->nodes[i];
        n->score = 0;
        for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
            n->score += n->counts.score[f];
        n->density = n->counts.lines ? n->score * 1000.0 / n->counts.lines : 0;
        n->grade = ssot_audit_grade(&a->grading, n->score, n->counts.lines);
        sort_children(a, n);
    }
}

static void count_rules(ssot_audit *a)
{
    SSOT_VEC(ssot_audit_rule_count) rules = {0};
    for (size_t i = 0; i < a->finding_count; i++) {
        const char *code = a->findings[i].diag->rule->code;
        size_t k = 0;
        while (k < rules.count && strcmp(rules.items[k].code, code))
            k++;
        if (k == rules.count)
            SSOT_VEC_PUSH(&rules, ((ssot_audit_rule_count){code, 0}));
        rules.items[k].count++;
    }
    for (size_t i = 1; i < rules.count; i++) /* insertion sort by code: few rules */
        for (size_t k = i; k && strcmp(rules.items[k - 1].code, rules.items[k].code) > 0; k--) {
            ssot_audit_rule_count t = rules.items[k];
            rules.items[k] = rules.items[k - 1];
            rules.items[k - 1] = t;
        }
    a->rules = rules.items;
    a->rule_count = rules.count;
}

ssot_audit *ssot_audit_build(const ssot_run *run, const char *root,
                             const ssot_audit_grading *grading, const char *baseline,
                             size_t fixed)
{
    ssot_audit *a = ssot_calloc(1, sizeof(*a));
    a->grading = *grading;
    a->root = ssot_strdup(root ? root : "");
    a->commit = ssot_strdup("");
    a->date = ssot_strdup("");
    a->has_baseline = baseline != NULL;
    a->baseline = baseline;
    a->fixed = fixed;
    builder b = {a, 0, ssot_strmap_new()};
    add_node(&b, "", false, SIZE_MAX);

    /* findings come sorted by path: each file's are one stretch */
    a->findings = ssot_calloc(run->diag_count + 1, sizeof(*a->findings));
    size_t *file_of = ssot_calloc(run->sink_count + 1, sizeof(*file_of));
    for (size_t s = 0; s < run->sink_count; s++) {
        const ssot_sink *sink = &run->sinks[s];
        file_of[s] = SIZE_MAX;
        if (!run->stats[s].checked)
            continue;
        /* the findings' root_path: relative to the root, or the path as shown without one */
        char *shown = sink->root_path ? NULL : ssot_path_escape(sink->path);
        file_of[s] = file_node(&b, shown ? shown : sink->root_path);
        free(shown);
    }
    for (size_t i = 0; i < run->diag_count; i++) {
        const ssot_diag *d = run->diags[i];
        if (!counted(d)) {
            a->suppressed += d->suppressed;
            continue;
        }
        size_t node = lookup(&b, d->root_path);
        if (node == SIZE_MAX)
            continue;
        ssot_audit_finding *f = &a->findings[a->finding_count++];
        f->diag = d;
        f->node = node;
        f->family = (ssot_audit_family)ssot_audit_family_of(d->rule->code);
        f->weight = grading->weights[d->severity];
        f->status = !baseline ? SSOT_AUDIT_NO_BASELINE
                    : d->baselined ? SSOT_AUDIT_REMAINING
                                   : SSOT_AUDIT_NEW;
    }
    /* the findings of one file are one stretch (sorted by path) */
    size_t *first = ssot_calloc(a->node_count + 1, sizeof(*first));
    size_t *end = ssot_calloc(a->node_count + 1, sizeof(*end));
    for (size_t i = a->finding_count; i-- > 0;) {
        size_t node = a->findings[i].node;
        if (!end[node])
            end[node] = i + 1;
        first[node] = i;
    }
    for (size_t s = 0; s < run->sink_count; s++)
        if (file_of[s] != SIZE_MAX)
            count_file(a, file_of[s], &run->stats[s], first[file_of[s]], end[file_of[s]]);
    free(first);
    free(end);
    free(file_of);
    ssot_strmap_free(b.by_path);
    grade_nodes(a);
    count_rules(a);
    ssot_audit__pick_worst(a);
    return a;
}

void ssot_audit_point_fini(ssot_audit_point *p)
{
    if (!p)
        return;
    free(p->commit);
    free(p->date);
    memset(p, 0, sizeof(*p));
}

void ssot_audit_point_of(const ssot_audit *a, ssot_audit_point *p)
{
    memset(p, 0, sizeof(*p));
    const ssot_audit_node *root = &a->nodes[0];
    p->commit = ssot_strdup(a->commit);
    p->date = ssot_strdup(a->date);
    p->lines = root->counts.lines;
    p->tests = root->counts.tests;
    p->placeholder_tests = root->counts.placeholder_tests;
    p->score = root->score;
    p->grade = root->grade;
    memcpy(p->findings, root->counts.findings, sizeof(p->findings));
}

void ssot_audit_set_trend(ssot_audit *a, ssot_audit_point *points, size_t count)
{
    for (size_t i = 0; i < a->trend_count; i++)
        ssot_audit_point_fini(&a->trend[i]);
    free(a->trend);
    a->trend = points;
    a->trend_count = count;
}

void ssot_audit_module_point_fini(ssot_audit_module_point *p)
{
    if (!p)
        return;
    free(p->path);
    memset(p, 0, sizeof(*p));
}

void ssot_audit_set_module_trend(ssot_audit *a, ssot_audit_module_point *points, size_t count,
                                 bool current)
{
    for (size_t i = 0; i < a->module_trend_count; i++)
        ssot_audit_module_point_fini(&a->module_trend[i]);
    free(a->module_trend);
    a->module_trend = points;
    a->module_trend_count = count;
    if (!current || !a->trend_count)
        return;
    size_t folders = 0;
    for (size_t i = 0; i < a->node_count; i++)
        folders += !a->nodes[i].is_file;
    a->module_trend = ssot_realloc(a->module_trend, (count + folders + 1) * sizeof(*points));
    for (size_t i = 0; i < a->node_count; i++) {
        const ssot_audit_node *n = &a->nodes[i];
        if (n->is_file)
            continue;
        ssot_audit_module_point *p = &a->module_trend[a->module_trend_count++];
        memset(p, 0, sizeof(*p));
        p->path = ssot_strdup(n->path);
        p->point = a->trend_count - 1;
        p->lines = n->counts.lines;
        p->score = n->score;
        p->grade = n->grade;
        memcpy(p->findings, n->counts.findings, sizeof(p->findings));
    }
}

void ssot_audit_free(ssot_audit *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->node_count; i++) {
        free(a->nodes[i].path);
        free(a->nodes[i].children);
        free(a->nodes[i].worst);
    }
    free(a->nodes);
    for (size_t i = 0; i < a->finding_count; i++)
        free(a->findings[i].excerpt);
    free(a->findings);
    free(a->rules);
    free(a->hotspots);
    ssot_audit_set_module_trend(a, NULL, 0, false);
    ssot_audit_set_trend(a, NULL, 0);
    free(a->root);
    free(a->commit);
    free(a->date);
    free(a);
}
