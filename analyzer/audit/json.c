/* analyzer/audit/json.c - the audit as one JSON document: summary, families, rules, the module
 * tree, findings, hotspots, trend and the new-code split. The HTML page embeds the same
 * document, so both formats show the same numbers. */
#include "analyzer/audit/audit_internal.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "rules/rule.h"

static const char *const family_names[SSOT_AUDIT_FAMILIES] = {
    "placeholder tests", "mock-only tests", "singleton misuse", "duplicated definitions",
    "policy",
};

/* `v` rounded to `scale` (100: two decimals), half away from zero. */
static double rounded(double v, double scale)
{
    return (double)(long long)(v * scale + (v >= 0 ? 0.5 : -0.5)) / scale;
}

/* Two decimals are what a report shows. */
static json_t *number(double v)
{
    return json_real(rounded(v, 100.0));
}

static json_t *string(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static json_t *grade(char g)
{
    char s[2] = {g, '\0'};
    return json_string(s);
}

/* 1 - placeholder tests / tests, or null without tests. */
static json_t *can_fail(const ssot_audit_counts *c)
{
    if (!c->tests)
        return json_null();
    return json_real(rounded(1.0 - (double)c->placeholder_tests / c->tests, 10000.0));
}

static json_t *per_family_counts(const uint32_t *counts)
{
    json_t *o = json_object();
    for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
        json_object_set_new(o, ssot_audit_family_code(f), json_integer(counts[f]));
    return o;
}

static json_t *per_family_scores(const double *scores)
{
    json_t *o = json_object();
    for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
        json_object_set_new(o, ssot_audit_family_code(f), number(scores[f]));
    return o;
}

static json_t *module(const ssot_audit *a, size_t i)
{
    const ssot_audit_node *n = &a->nodes[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)i));
    json_object_set_new(o, "path", string(n->path));
    json_object_set_new(o, "name", string(i ? n->name : "(project)"));
    json_object_set_new(o, "kind", json_string(n->is_file ? "file" : "folder"));
    json_object_set_new(o, "parent",
                        n->parent == SIZE_MAX ? json_null() : json_integer((json_int_t)n->parent));
    json_t *children = json_array();
    for (size_t k = 0; k < n->child_count; k++)
        json_array_append_new(children, json_integer((json_int_t)n->children[k]));
    json_object_set_new(o, "children", children);
    json_object_set_new(o, "files", json_integer(n->counts.files));
    json_object_set_new(o, "lines", json_integer(n->counts.lines));
    json_object_set_new(o, "tests", json_integer(n->counts.tests));
    json_object_set_new(o, "placeholder_tests", json_integer(n->counts.placeholder_tests));
    json_object_set_new(o, "can_fail", can_fail(&n->counts));
    json_object_set_new(o, "findings", per_family_counts(n->counts.findings));
    json_object_set_new(o, "weighted", per_family_scores(n->counts.score));
    json_object_set_new(o, "score", number(n->score));
    json_object_set_new(o, "density", number(n->density));
    json_object_set_new(o, "grade", grade(n->grade));
    json_object_set_new(o, "churn", json_integer(n->churn));
    json_t *worst = json_array();
    for (size_t k = 0; k < n->worst_count; k++)
        json_array_append_new(worst, json_integer((json_int_t)n->worst[k]));
    json_object_set_new(o, "worst", worst);
    return o;
}

static const char *status_name(ssot_audit_status s)
{
    return s == SSOT_AUDIT_NEW ? "new" : s == SSOT_AUDIT_REMAINING ? "remaining" : NULL;
}

static json_t *finding(const ssot_audit *a, size_t i)
{
    const ssot_audit_finding *f = &a->findings[i];
    const ssot_diag *d = f->diag;
    char fp[17];
    snprintf(fp, sizeof(fp), "%016" PRIx64, d->fingerprint);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)i));
    json_object_set_new(o, "path", string(a->nodes[f->node].path));
    json_object_set_new(o, "line", json_integer(d->span.row));
    json_object_set_new(o, "column", json_integer(d->span.col));
    json_object_set_new(o, "code", string(d->rule->code));
    json_object_set_new(o, "family", json_string(ssot_audit_family_code(f->family)));
    json_object_set_new(o, "severity", json_string(ssot_severity_name(d->severity)));
    json_object_set_new(o, "weight", number(f->weight));
    json_object_set_new(o, "message", string(d->message));
    json_object_set_new(o, "symbol", string(d->symbol));
    json_object_set_new(o, "module", json_integer((json_int_t)f->node));
    json_object_set_new(o, "status", string(status_name(f->status)));
    json_object_set_new(o, "fingerprint", json_string(fp));
    if (f->excerpt) {
        json_t *text = json_string(f->excerpt);
        if (text) {
            json_t *ex = json_object();
            json_object_set_new(ex, "line", json_integer(f->excerpt_line));
            json_object_set_new(ex, "text", text);
            json_object_set_new(o, "excerpt", ex);
        }
    }
    return o;
}

static json_t *rules(const ssot_audit *a)
{
    json_t *list = json_array();
    for (size_t i = 0; i < a->rule_count; i++) {
        const ssot_rule *r = NULL;
        for (size_t k = 0; k < a->finding_count && !r; k++)
            if (!strcmp(a->findings[k].diag->rule->code, a->rules[i].code))
                r = a->findings[k].diag->rule;
        json_t *o = json_object();
        json_object_set_new(o, "code", string(r->code));
        json_object_set_new(o, "name", string(r->name));
        json_object_set_new(o, "family",
                            json_string(ssot_audit_family_code(ssot_audit_family_of(r->code))));
        json_object_set_new(o, "severity", json_string(ssot_severity_name(r->severity)));
        json_object_set_new(o, "summary", string(r->summary));
        json_object_set_new(o, "why", string(r->why));
        json_object_set_new(o, "count", json_integer(a->rules[i].count));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *families(const ssot_audit *a)
{
    json_t *list = json_array();
    const ssot_audit_counts *c = &a->nodes[0].counts;
    for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++) {
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(ssot_audit_family_code(f)));
        json_object_set_new(o, "name", json_string(family_names[f]));
        json_object_set_new(o, "findings", json_integer(c->findings[f]));
        json_object_set_new(o, "weighted", number(c->score[f]));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *grading(const ssot_audit_grading *g)
{
    json_t *o = json_object(), *edges = json_array(), *weights = json_object();
    for (int i = 0; i < 4; i++)
        json_array_append_new(edges, json_real(g->edges[i]));
    json_object_set_new(o, "edges", edges);
    for (int s = SSOT_SEVERITY_ERROR; s >= SSOT_SEVERITY_INFO; s--)
        json_object_set_new(weights, ssot_severity_name(s), json_real(g->weights[s]));
    json_object_set_new(o, "weights", weights);
    json_object_set_new(o, "churn_months", json_integer(g->churn_months));
    return o;
}

static json_t *summary(const ssot_audit *a)
{
    const ssot_audit_node *n = &a->nodes[0];
    json_t *o = json_object();
    json_object_set_new(o, "files", json_integer(n->counts.files));
    json_object_set_new(o, "lines", json_integer(n->counts.lines));
    json_object_set_new(o, "tests", json_integer(n->counts.tests));
    json_object_set_new(o, "placeholder_tests", json_integer(n->counts.placeholder_tests));
    json_object_set_new(o, "can_fail", can_fail(&n->counts));
    json_object_set_new(o, "findings", json_integer((json_int_t)a->finding_count));
    json_object_set_new(o, "score", number(n->score));
    json_object_set_new(o, "density", number(n->density));
    json_object_set_new(o, "grade", grade(n->grade));
    json_object_set_new(o, "suppressed", json_integer((json_int_t)a->suppressed));
    return o;
}

static json_t *hotspots(const ssot_audit *a)
{
    json_t *list = json_array();
    for (size_t i = 0; i < a->hotspot_count; i++) {
        const ssot_audit_hotspot *h = &a->hotspots[i];
        json_t *o = json_object();
        json_object_set_new(o, "path", string(a->nodes[h->node].path));
        json_object_set_new(o, "module", json_integer((json_int_t)h->node));
        json_object_set_new(o, "churn", json_integer(h->churn));
        json_object_set_new(o, "score", number(h->score));
        json_object_set_new(o, "rank", number(h->rank));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *trend(const ssot_audit *a)
{
    json_t *list = json_array();
    for (size_t i = 0; i < a->trend_count; i++) {
        const ssot_audit_point *p = &a->trend[i];
        json_t *o = json_object();
        json_object_set_new(o, "commit", string(p->commit));
        json_object_set_new(o, "date", string(p->date));
        json_object_set_new(o, "lines", json_integer(p->lines));
        json_object_set_new(o, "tests", json_integer(p->tests));
        json_object_set_new(o, "placeholder_tests", json_integer(p->placeholder_tests));
        json_object_set_new(o, "score", number(p->score));
        json_object_set_new(o, "grade", grade(p->grade));
        json_object_set_new(o, "findings", per_family_counts(p->findings));
        json_object_set_new(o, "recorded", json_boolean(p->recorded));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *module_trend(const ssot_audit *a)
{
    json_t *list = json_array();
    for (size_t i = 0; i < a->module_trend_count; i++) {
        const ssot_audit_module_point *p = &a->module_trend[i];
        json_t *o = json_object();
        json_object_set_new(o, "path", string(p->path));
        json_object_set_new(o, "point", json_integer((json_int_t)p->point));
        json_object_set_new(o, "lines", json_integer(p->lines));
        json_object_set_new(o, "score", number(p->score));
        json_object_set_new(o, "grade", grade(p->grade));
        json_object_set_new(o, "findings", per_family_counts(p->findings));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *new_code(const ssot_audit *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "baseline", string(a->baseline));
    if (!a->has_baseline)
        return o;
    size_t added = 0, remaining = 0;
    for (size_t i = 0; i < a->finding_count; i++) {
        added += a->findings[i].status == SSOT_AUDIT_NEW;
        remaining += a->findings[i].status == SSOT_AUDIT_REMAINING;
    }
    json_object_set_new(o, "new", json_integer((json_int_t)added));
    json_object_set_new(o, "remaining", json_integer((json_int_t)remaining));
    json_object_set_new(o, "fixed", json_integer((json_int_t)a->fixed));
    return o;
}

json_t *ssot_audit__json(const ssot_audit *a)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "tool", json_string("ssot"));
    json_object_set_new(doc, "version", json_string(SSOT_VERSION));
    json_object_set_new(doc, "root", string(a->root));
    json_t *paths = json_array();
    for (size_t i = 0; i < a->path_count; i++)
        json_array_append_new(paths, string(a->paths[i]));
    json_object_set_new(doc, "paths", paths);
    json_object_set_new(doc, "commit", string(a->commit));
    json_object_set_new(doc, "date", string(a->date));
    json_object_set_new(doc, "grading", grading(&a->grading));
    json_object_set_new(doc, "summary", summary(a));
    json_object_set_new(doc, "families", families(a));
    json_object_set_new(doc, "rules", rules(a));
    json_t *modules = json_array();
    for (size_t i = 0; i < a->node_count; i++)
        json_array_append_new(modules, module(a, i));
    json_object_set_new(doc, "modules", modules);
    json_t *findings = json_array();
    for (size_t i = 0; i < a->finding_count; i++)
        json_array_append_new(findings, finding(a, i));
    json_object_set_new(doc, "findings", findings);
    json_t *churn = json_object();
    json_object_set_new(churn, "available", json_boolean(a->has_churn));
    json_object_set_new(churn, "months", json_integer(a->grading.churn_months));
    if (a->has_churn) {
        /* the window ends at HEAD's commit time (or SOURCE_DATE_EPOCH) */
        struct tm tm;
        char until[32];
        gmtime_r(&a->churn_until, &tm);
        strftime(until, sizeof(until), "%Y-%m-%dT%H:%M:%SZ", &tm);
        json_object_set_new(churn, "until", json_string(until));
    }
    json_object_set_new(doc, "churn", churn);
    json_object_set_new(doc, "hotspots", hotspots(a));
    json_object_set_new(doc, "trend", trend(a));
    json_object_set_new(doc, "module_trend", module_trend(a));
    json_object_set_new(doc, "new_code", new_code(a));
    return doc;
}

int ssot_audit_write_json(FILE *out, const ssot_audit *a)
{
    json_t *doc = ssot_audit__json(a);
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(12));
    fputc('\n', out);
    json_decref(doc);
    return (rc != 0 || ferror(out)) ? -1 : 0;
}
