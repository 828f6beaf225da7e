/* analyzer/report/report.c - the list of reporters and what they share: which findings are
 * shown, fingerprints, rule links, writing JSON, the per-rule table and the summary line. */
#include "analyzer/report/report.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "rules/rule.h"

int ssot_report_text(FILE *out, const ssot_report_input *in);
int ssot_report_json(FILE *out, const ssot_report_input *in);
int ssot_report_concise(FILE *out, const ssot_report_input *in);
int ssot_report_full(FILE *out, const ssot_report_input *in);
int ssot_report_sarif(FILE *out, const ssot_report_input *in);
int ssot_report_junit(FILE *out, const ssot_report_input *in);
int ssot_report_github(FILE *out, const ssot_report_input *in);
int ssot_report_gitlab(FILE *out, const ssot_report_input *in);
int ssot_report_json_lines(FILE *out, const ssot_report_input *in);
int ssot_report_rdjson(FILE *out, const ssot_report_input *in);

/* In the order the help lists them. */
static const ssot_reporter reporters[] = {
    {"text", ssot_report_text, "default", true},
    {"concise", ssot_report_concise, NULL, true},
    {"full", ssot_report_full, NULL, true},
    {"json", ssot_report_json, NULL, true},
    {"json-lines", ssot_report_json_lines, NULL, true},
    {"sarif", ssot_report_sarif, NULL, false},
    {"junit", ssot_report_junit, NULL, false},
    {"github", ssot_report_github, NULL, false},
    {"gitlab", ssot_report_gitlab, NULL, false},
    {"rdjson", ssot_report_rdjson, "reviewdog", false},
};

const ssot_reporter *ssot_reporter_find(const char *name)
{
    for (size_t i = 0; i < sizeof(reporters) / sizeof(reporters[0]); i++)
        if (!strcmp(reporters[i].name, name))
            return &reporters[i];
    return NULL;
}

void ssot_reporter_names(char *buf, size_t n, unsigned how)
{
    const size_t count = sizeof(reporters) / sizeof(reporters[0]);
    bool prose = (how & SSOT_REPORTERS_PROSE) != 0;
    bool notes = prose && !(how & SSOT_REPORTERS_STATISTICS); /* "(default)" is check's */
    size_t total = 0, done = 0, len = 0;
    for (size_t i = 0; i < count; i++)
        total += !(how & SSOT_REPORTERS_STATISTICS) || reporters[i].statistics;
    buf[0] = '\0';
    for (size_t i = 0; i < count && len + 1 < n; i++) {
        const ssot_reporter *r = &reporters[i];
        if ((how & SSOT_REPORTERS_STATISTICS) && !r->statistics)
            continue;
        const char *sep = !done ? "" : prose && done == total - 1 ? " or " : ", ";
        int k = snprintf(buf + len, n - len, "%s%s%s%s%s", sep, r->name,
                         notes && r->note ? " (" : "", notes && r->note ? r->note : "",
                         notes && r->note ? ")" : "");
        len = k < 0 ? len : len + (size_t)k < n ? len + (size_t)k : n - 1;
        done++;
    }
}

bool ssot_report_shown(const ssot_diag *d)
{
    return !d->suppressed && !d->baselined;
}

bool ssot_report_run_rule(const ssot_rule *rule)
{
    return rule->scope == SSOT_SCOPE_RUN && rule->code[0] == 'E';
}

size_t ssot_report_shown_count(const ssot_report_input *in)
{
    size_t n = 0;
    for (size_t i = 0; i < in->count; i++)
        n += ssot_report_shown(in->diags[i]);
    return n;
}

void ssot_report_fingerprint_hex(const ssot_diag *d, char out[17])
{
    snprintf(out, 17, "%016" PRIx64, d->fingerprint);
}

int ssot_report_json_write(FILE *out, json_t *doc)
{
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(doc);
    return (rc != 0 || ferror(out)) ? -1 : 0;
}

int ssot_report_json_findings(FILE *out, const ssot_report_input *in,
                              json_t *(*item)(const ssot_diag *d, const char *fingerprint))
{
    json_t *array = json_array();
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
        char fp[17];
        ssot_report_fingerprint_hex(d, fp);
        json_array_append_new(array, item(d, fp));
    }
    return ssot_report_json_write(out, array);
}

char *ssot_report_rule_url(const ssot_report_input *in, const ssot_rule *rule)
{
    /* custom rules (SS910-SS999) are documented together under SS900 */
    bool custom = !ssot_rule_find(rule->code);
    const char *base = in->docs_url ? in->docs_url : "";
    size_t n = strlen(base);
    return ssot_asprintf("%s%s%s.md", base, n && base[n - 1] == '/' ? "" : "/",
                         custom ? "SS900" : rule->code);
}

char *ssot_uri_escape(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = ssot_malloc(strlen(path) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

static int compare_codes(const void *a, const void *b)
{
    const ssot_diag *x = *(const ssot_diag *const *)a, *y = *(const ssot_diag *const *)b;
    int c = strcmp(x->rule->code, y->rule->code);
    if (c)
        return c;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    /* the more severe row first */
    return (int)y->severity - (int)x->severity;
}

/* The shown findings grouped by rule and severity, in code order; the caller frees it. */
static const ssot_diag **by_rule(const ssot_report_input *in, size_t *n)
{
    const ssot_diag **items = ssot_malloc((in->count + 1) * sizeof(*items));
    *n = 0;
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            items[(*n)++] = in->diags[i];
    qsort(items, *n, sizeof(*items), compare_codes);
    return items;
}

/* The --statistics rows: one per rule and severity (a rule may lower a finding below its
 * default), in code order; written as text to `out` when `array` is NULL. */
static void statistics_rows(FILE *out, const ssot_report_input *in, json_t *array)
{
    size_t n;
    const ssot_diag **items = by_rule(in, &n);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && items[j]->rule == items[i]->rule &&
               items[j]->severity == items[i]->severity)
            j++;
        const ssot_rule *r = items[i]->rule;
        const char *sev = ssot_severity_name(items[i]->severity);
        if (array)
            json_array_append_new(array, json_pack("{s:s, s:s, s:s, s:I}", "code", r->code,
                                                   "name", r->name, "severity", sev, "count",
                                                   (json_int_t)(j - i)));
        else
            fprintf(out, "%6zu  %-6s %-28s [%s]\n", j - i, r->code, r->name, sev);
        i = j;
    }
    free(items);
}

int ssot_report_statistics(FILE *out, const ssot_report_input *in, bool json)
{
    json_t *array = json ? json_array() : NULL;
    statistics_rows(out, in, array);
    if (json)
        return ssot_report_json_write(out, array);
    return ferror(out) ? -1 : 0;
}

int ssot_report_statistics_lines(FILE *out, const ssot_report_input *in)
{
    json_t *array = json_array();
    statistics_rows(out, in, array);
    size_t i;
    json_t *row;
    int rc = 0;
    json_array_foreach(array, i, row) {
        rc |= json_dumpf(row, out, JSON_COMPACT | JSON_ENSURE_ASCII);
        fputc('\n', out);
    }
    json_decref(array);
    return (rc != 0 || ferror(out)) ? -1 : 0;
}

static void write_fixed(FILE *out, const ssot_report_input *in)
{
    if (!in->fixed_count)
        return;
    size_t n = in->fixed_count;
    fprintf(out, "\n%zu baseline entr%s no longer occur%s (fixed):\n", n, n == 1 ? "y" : "ies",
            n == 1 ? "s" : "");
    for (size_t i = 0; i < in->fixed_count; i++) {
        const ssot_report_fixed *f = &in->fixed[i];
        fprintf(out, "  %s: %s%s%s %s\n", f->path, f->code, f->symbol[0] ? " " : "", f->symbol,
                f->message);
    }
}

int ssot_report_summary(FILE *out, const ssot_report_input *in, bool table)
{
    size_t counts[3] = {0};
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            counts[in->diags[i]->severity]++;
    size_t shown = counts[0] + counts[1] + counts[2];
    if (table && shown) {
        fputc('\n', out);
        ssot_report_statistics(out, in, false);
    }
    write_fixed(out, in);
    char extra[160] = "";
    size_t used = 0;
    if (in->suppressed)
        used += (size_t)snprintf(extra + used, sizeof(extra) - used, ", %zu suppressed",
                                 in->suppressed);
    if (in->baseline)
        used += (size_t)snprintf(extra + used, sizeof(extra) - used, ", %zu baselined",
                                 in->baselined);
    if (in->fixed_count)
        snprintf(extra + used, sizeof(extra) - used, ", %zu fixed", in->fixed_count);
    bool bold = in->color && shown;
    fprintf(out, "\n%s%zu finding%s%s (%zu error%s, %zu warning%s, %zu info%s) in %zu file%s "
                 "checked in %.2fs.\n",
            bold ? "\033[1m" : "", shown, shown == 1 ? "" : "s", bold ? "\033[0m" : "",
            counts[2], counts[2] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s",
            counts[0], extra, in->files_checked, in->files_checked == 1 ? "" : "s",
            in->seconds);
    return ferror(out) ? -1 : 0;
}
