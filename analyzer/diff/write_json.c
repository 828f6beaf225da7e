/* analyzer/diff/write_json.c - `ssot diff --output-format json`: the revisions, the verdict,
 * counts per kind and every delta, for dashboards and bots. */
#include <jansson.h>

#include "analyzer/diff/diff.h"
#include "analyzer/report/report.h"

static json_t *nullable(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *side(const char *rev, const char *id)
{
    return json_pack("{s:o, s:o}", "rev", nullable(rev), "commit", nullable(id[0] ? id : NULL));
}

static json_t *delta(const ssot_diff_output *o, const ssot_delta *d)
{
    json_t *j = json_object();
    json_object_set_new(j, "kind", json_string(ssot_delta_kind_name(d->kind)));
    json_object_set_new(j, "weakens", json_boolean(ssot_delta_kind_weakens(d->kind)));
    json_object_set_new(j, "fails", json_boolean(o->fail_on && o->fail_on[d->kind]));
    json_object_set_new(j, "path", json_string(d->path));
    json_object_set_new(j, "line", json_integer(d->row));
    json_object_set_new(j, "symbol", json_string(d->symbol));
    json_object_set_new(j, "code", nullable(d->code));
    json_object_set_new(j, "before", nullable(d->before));
    json_object_set_new(j, "after", nullable(d->after));
    json_object_set_new(j, "message", json_string(d->message));
    return j;
}

int ssot_diff_write_json(FILE *out, const ssot_diff_output *o)
{
    const ssot_diff_summary *s = &o->summary;
    json_t *doc = json_object();
    json_object_set_new(doc, "base", side(o->base_rev, o->base_id));
    json_object_set_new(doc, "head", side(o->head_rev, o->head_id));
    json_object_set_new(doc, "verdict", json_string(ssot_diff_verdict_name(s->verdict)));
    json_object_set_new(doc, "tests", json_pack("{s:I, s:I}", "base", (json_int_t)s->base_tests,
                                                "head", (json_int_t)s->head_tests));
    json_object_set_new(doc, "weaker", json_integer((json_int_t)s->weaker));
    json_object_set_new(doc, "stronger", json_integer((json_int_t)s->stronger));
    json_object_set_new(doc, "failing", json_integer((json_int_t)s->failing));
    json_t *counts = json_object(), *fail_on = json_array(), *items = json_array();
    for (int k = 0; k < SSOT_DELTA_KIND_COUNT; k++) {
        const char *name = ssot_delta_kind_name((ssot_delta_kind)k);
        json_object_set_new(counts, name, json_integer((json_int_t)s->counts[k]));
        if (o->fail_on && o->fail_on[k])
            json_array_append_new(fail_on, json_string(name));
    }
    json_object_set_new(doc, "counts", counts);
    json_object_set_new(doc, "fail_on", fail_on);
    for (size_t i = 0; i < o->deltas->count; i++)
        json_array_append_new(items, delta(o, &o->deltas->items[i]));
    json_object_set_new(doc, "deltas", items);
    return ssot_report_json_write(out, doc);
}
