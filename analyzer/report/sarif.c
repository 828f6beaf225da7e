/* analyzer/report/sarif.c - SARIF 2.1.0, the subset GitHub code scanning reads: every rule
 * that ran under tool.driver.rules, results with paths relative to the project root
 * (uriBaseId SRCROOT), partialFingerprints that never depend on the line number, related
 * locations, and inline-suppressed findings listed with `suppressions`. Baselined findings
 * are left out unless asked for (then listed with an external suppression); files that could
 * not be checked (E001-E006, E008) are tool execution notifications, not results. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

static const char base_id[] = "SRCROOT";

int ssot_report_sarif(FILE *out, const ssot_report_input *in);

static const char *level(ssot_severity s)
{
    return s == SSOT_SEVERITY_ERROR ? "error" : s == SSOT_SEVERITY_WARNING ? "warning" : "note";
}

static json_t *text(const char *s)
{
    return json_pack("{s:s}", "text", s);
}

static json_t *artifact(const char *root_path)
{
    char *uri;
    json_t *a;
    if (root_path[0] == '/') {
        /* outside the project root: an absolute file URI */
        char *esc = ssot_uri_escape(root_path);
        uri = ssot_asprintf("file://%s", esc);
        free(esc);
        a = json_pack("{s:s}", "uri", uri);
    } else {
        uri = ssot_uri_escape(root_path);
        a = json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", base_id);
    }
    free(uri);
    return a;
}

static json_t *region(ssot_span span)
{
    json_t *r = json_object();
    json_object_set_new(r, "startLine", json_integer(span.row ? span.row : 1));
    if (span.col)
        json_object_set_new(r, "startColumn", json_integer(span.col));
    if (span.end_row >= span.row && span.end_row) {
        json_object_set_new(r, "endLine", json_integer(span.end_row));
        /* SARIF's endColumn is the column after the region, as ours is */
        if (span.end_col && (span.end_row > span.row || span.end_col > span.col))
            json_object_set_new(r, "endColumn", json_integer(span.end_col));
    }
    return r;
}

static json_t *physical(const char *root_path, ssot_span span)
{
    return json_pack("{s:o, s:o}", "artifactLocation", artifact(root_path), "region",
                     region(span));
}

static const char *family(const ssot_rule *r, char buf[8])
{
    size_t n = 0;
    while (n < 7 && r->code[n] >= 'A' && r->code[n] <= 'Z')
        buf[n] = r->code[n], n++;
    buf[n] = '\0';
    return buf;
}

static json_t *rule_json(const ssot_report_input *in, const ssot_rule *r)
{
    char *url = ssot_report_rule_url(in, r);
    bool bad_nl = r->bad[0] && r->bad[strlen(r->bad) - 1] == '\n';
    bool good_nl = r->good[0] && r->good[strlen(r->good) - 1] == '\n';
    char *help = ssot_asprintf("%s\n\n%s\n\nExample:\n%s%sUse instead:\n%s", r->summary, r->why,
                               r->bad, bad_nl ? "" : "\n", r->good);
    char *markdown = ssot_asprintf("%s\n\n%s\n\n## Example\n\n```python\n%s%s```\n\nUse "
                                   "instead:\n\n```python\n%s%s```\n\n[%s reference](%s)",
                                   r->summary, r->why, r->bad, bad_nl ? "" : "\n", r->good,
                                   good_nl ? "" : "\n", r->code, url);
    char fam[8];
    json_t *o = json_pack(
        "{s:s, s:s, s:o, s:o, s:{s:s, s:s}, s:s, s:{s:s}, s:{s:[s, s], s:s, s:s}}", "id",
        r->code, "name", r->name, "shortDescription", text(r->summary), "fullDescription",
        text(r->why), "help", "text", help, "markdown", markdown, "helpUri", url,
        "defaultConfiguration", "level", level(r->severity), "properties", "tags", "ssot",
        family(r, fam), "precision", "high", "problem.severity",
        r->severity == SSOT_SEVERITY_ERROR     ? "error"
        : r->severity == SSOT_SEVERITY_WARNING ? "warning"
                                               : "recommendation");
    free(url);
    free(help);
    free(markdown);
    return o;
}

/* The index of `r` among the rules that ran of one kind (results' rules, or the run's own
 * problems, which are notifications), or in->rule_count when it is not there. */
static size_t descriptor_index(const ssot_report_input *in, const ssot_rule *r)
{
    size_t index = 0;
    bool run_rule = ssot_report_run_rule(r);
    for (size_t i = 0; i < in->rule_count; i++) {
        if (ssot_report_run_rule(in->rules[i]) != run_rule)
            continue;
        if (in->rules[i] == r || !strcmp(in->rules[i]->code, r->code))
            return index;
        index++;
    }
    return in->rule_count;
}

/* Is the finding in the upload: shown ones, inline-suppressed ones (viewers show them as
 * dismissed), and baselined ones only when asked for. */
static bool uploaded(const ssot_report_input *in, const ssot_diag *d)
{
    if (d->baselined && !d->suppressed)
        return in->sarif_baselined;
    return true;
}

static json_t *result_json(const ssot_report_input *in, const ssot_diag *d, size_t index)
{
    char fp[17];
    ssot_report_fingerprint_hex(d, fp);
    json_t *loc = json_pack("{s:o}", "physicalLocation", physical(d->root_file, d->span));
    if (d->symbol[0])
        json_object_set_new(loc, "logicalLocations",
                            json_pack("[{s:s}]", "fullyQualifiedName", d->symbol));
    json_t *o = json_pack("{s:s, s:I, s:s, s:o, s:[o], s:{s:s}}", "ruleId", d->rule->code,
                          "ruleIndex", (json_int_t)index, "level", level(d->severity),
                          "message", text(d->message), "locations", loc, "partialFingerprints",
                          "ssot/v1", fp);
    if (d->related_count) {
        json_t *related = json_array();
        for (size_t k = 0; k < d->related_count; k++) {
            const ssot_related *r = &d->related[k];
            json_t *rl = json_pack("{s:I, s:o}", "id", (json_int_t)k + 1, "physicalLocation",
                                   physical(r->root_file, r->span));
            if (r->message[0])
                json_object_set_new(rl, "message", text(r->message));
            json_array_append_new(related, rl);
        }
        json_object_set_new(o, "relatedLocations", related);
    }
    json_t *suppressions = json_array();
    if (d->suppressed)
        json_array_append_new(suppressions, json_pack("{s:s}", "kind", "inSource"));
    if (d->baselined) {
        char *why = ssot_asprintf("listed in the baseline %s", in->baseline);
        json_array_append_new(suppressions,
                              json_pack("{s:s, s:s}", "kind", "external", "justification", why));
        free(why);
    }
    if (json_array_size(suppressions))
        json_object_set_new(o, "suppressions", suppressions);
    else
        json_decref(suppressions);
    if (in->baseline)
        json_object_set_new(o, "baselineState", json_string(d->baselined ? "unchanged" : "new"));
    return o;
}

/* A file that could not be checked: a notification about the run, with its location. */
static json_t *notification_json(const ssot_diag *d, size_t index)
{
    return json_pack("{s:s, s:o, s:[{s:o}], s:{s:s, s:I}}", "level", "error", "message",
                     text(d->message), "locations", "physicalLocation",
                     physical(d->root_file, d->span), "descriptor", "id", d->rule->code,
                     "index", (json_int_t)index);
}

/* informationUri: the documentation the rule pages belong to (`…/docs` for `…/docs/rules`),
 * or NULL when there is no absolute documentation URL. The caller frees it. */
static char *information_uri(const char *docs_url)
{
    if (!docs_url || !strstr(docs_url, "://"))
        return NULL;
    size_t n = strlen(docs_url);
    while (n && docs_url[n - 1] == '/')
        n--;
    if (n > 6 && !strncmp(docs_url + n - 6, "/rules", 6))
        n -= 6;
    return ssot_strndup(docs_url, n);
}

static json_t *driver_json(const ssot_report_input *in)
{
    json_t *rules = json_array(), *notifications = json_array();
    for (size_t i = 0; i < in->rule_count; i++)
        json_array_append_new(ssot_report_run_rule(in->rules[i]) ? notifications : rules,
                              rule_json(in, in->rules[i]));
    json_t *driver = json_pack("{s:s, s:s, s:s}", "name", "ssot", "version", SSOT_VERSION,
                               "semanticVersion", SSOT_VERSION);
    char *info = information_uri(in->docs_url);
    if (info)
        json_object_set_new(driver, "informationUri", json_string(info));
    free(info);
    json_object_set_new(driver, "rules", rules);
    if (json_array_size(notifications))
        json_object_set_new(driver, "notifications", notifications);
    else
        json_decref(notifications);
    return driver;
}

int ssot_report_sarif(FILE *out, const ssot_report_input *in)
{
    json_t *results = json_array(), *notifications = json_array();
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        size_t index = descriptor_index(in, d->rule);
        if (index == in->rule_count)
            continue; /* cannot happen: every reported rule ran */
        if (ssot_report_run_rule(d->rule)) {
            if (ssot_report_shown(d))
                json_array_append_new(notifications, notification_json(d, index));
        } else if (uploaded(in, d)) {
            json_array_append_new(results, result_json(in, d, index));
        }
    }
    char *root = ssot_uri_escape(in->root ? in->root : "/");
    size_t n = strlen(root);
    char *root_uri = ssot_asprintf("file://%s%s", root, n && root[n - 1] == '/' ? "" : "/");
    free(root);
    json_t *invocation = json_pack("{s:b}", "executionSuccessful", 1);
    if (json_array_size(notifications))
        json_object_set_new(invocation, "toolExecutionNotifications", notifications);
    else
        json_decref(notifications);
    /* columns count characters (code points), as in every ssot format */
    json_t *run = json_pack("{s:{s:o}, s:{s:{s:s}}, s:[o], s:s, s:o}", "tool", "driver",
                            driver_json(in), "originalUriBaseIds", base_id, "uri", root_uri,
                            "invocations", invocation, "columnKind", "unicodeCodePoints",
                            "results", results);
    free(root_uri);
    json_t *log = json_pack("{s:s, s:s, s:[o]}", "$schema",
                            "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                            "runs", run);
    return ssot_report_json_write(out, log);
}
