/* analyzer/report/github_summary.c - the job summary of a GitHub Actions step: a markdown
 * section appended to the file $GITHUB_STEP_SUMMARY names, with the run's counts, a table per
 * rule and a table per folder, so a legacy project's findings are seen at a glance even when
 * most of them cannot be annotations. */
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

/* Folders listed in the summary; the rest are counted in one line. */
enum { FOLDER_ROWS = 30 };

typedef struct folder {
    char *path;        /* owned: the finding's folder from the project root, "." for the root */
    size_t count[3];   /* per severity */
    size_t total;
} folder;

/* Text for a table cell: `|`, backslash and markdown's inline marks escaped, line breaks as
 * spaces. The caller frees it. */
static char *cell(const char *s)
{
    char *out = ssot_malloc(strlen(s) * 2 + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *o++ = ' ';
            continue;
        }
        if (strchr("\\|`*_[]<>#~", *p))
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static char *folder_of(const char *root_path)
{
    const char *slash = strrchr(root_path, '/');
    if (!slash)
        return ssot_strdup(".");
    if (slash == root_path)
        return ssot_strdup("/");
    return ssot_strndup(root_path, (size_t)(slash - root_path));
}

static int compare_folders(const void *a, const void *b)
{
    const folder *x = a, *y = b;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* The shown findings per folder, most findings first; the caller frees it. */
static folder *by_folder(const ssot_report_input *in, size_t *n)
{
    folder *items = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d))
            continue;
        char *path = folder_of(d->root_path);
        /* findings are sorted by path: a folder's files are mostly neighbours */
        size_t k = *n;
        while (k > 0 && strcmp(items[k - 1].path, path) != 0)
            k--;
        if (k == 0) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                items = ssot_realloc(items, cap * sizeof(*items));
            }
            items[*n] = (folder){path, {0}, 0};
            k = ++*n;
        } else {
            free(path);
        }
        items[k - 1].count[d->severity]++;
        items[k - 1].total++;
    }
    if (*n)
        qsort(items, *n, sizeof(*items), compare_folders);
    return items;
}

static void rule_rows(FILE *f, const ssot_report_input *in)
{
    fprintf(f, "\n### By rule\n\n| rule | name | severity | findings |\n|---|---|---|---:|\n");
    for (size_t r = 0; r < in->rule_count; r++) {
        const ssot_rule *rule = in->rules[r];
        size_t count[3] = {0};
        for (size_t i = 0; i < in->count; i++)
            if (ssot_report_shown(in->diags[i]) && in->diags[i]->rule == rule)
                count[in->diags[i]->severity]++;
        char *url = ssot_report_rule_url(in, rule);
        /* one row per severity: a rule may lower a finding below its default */
        for (int s = SSOT_SEVERITY_ERROR; s >= SSOT_SEVERITY_INFO; s--)
            if (count[s])
                fprintf(f, "| [%s](%s) | %s | %s | %zu |\n", rule->code, url, rule->name,
                        ssot_severity_name((ssot_severity)s), count[s]);
        free(url);
    }
}

static void folder_rows(FILE *f, const ssot_report_input *in)
{
    size_t n;
    folder *items = by_folder(in, &n);
    fprintf(f, "\n### By folder\n\n| folder | errors | warnings | info | findings |\n"
               "|---|---:|---:|---:|---:|\n");
    size_t rest = 0, rest_findings = 0;
    for (size_t i = 0; i < n; i++) {
        if (i < FOLDER_ROWS) {
            char *name = cell(items[i].path);
            fprintf(f, "| %s | %zu | %zu | %zu | %zu |\n", name, items[i].count[2],
                    items[i].count[1], items[i].count[0], items[i].total);
            free(name);
        } else {
            rest++;
            rest_findings += items[i].total;
        }
        free(items[i].path);
    }
    if (rest)
        fprintf(f, "| %zu more folder%s | | | | %zu |\n", rest, rest == 1 ? "" : "s",
                rest_findings);
    free(items);
}

int ssot_github_summary(const ssot_report_input *in, size_t not_annotated)
{
    const char *path = getenv("GITHUB_STEP_SUMMARY");
    if (!path || !*path)
        return 0;
    FILE *f = fopen(path, "a");
    if (!f)
        return -1;
    size_t counts[3] = {0};
    for (size_t i = 0; i < in->count; i++)
        if (ssot_report_shown(in->diags[i]))
            counts[in->diags[i]->severity]++;
    size_t shown = counts[0] + counts[1] + counts[2];
    fprintf(f, "## ssot\n\n**%zu finding%s** (%zu error%s, %zu warning%s, %zu info) in %zu "
               "file%s checked",
            shown, shown == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s", counts[1],
            counts[1] == 1 ? "" : "s", counts[0], in->files_checked,
            in->files_checked == 1 ? "" : "s");
    if (in->baseline)
        fprintf(f, "; %zu baselined", in->baselined);
    if (in->suppressed)
        fprintf(f, "; %zu suppressed", in->suppressed);
    if (in->fixed_count)
        fprintf(f, "; %zu baseline entr%s fixed", in->fixed_count,
                in->fixed_count == 1 ? "y" : "ies");
    fprintf(f, ".\n");
    if (not_annotated)
        fprintf(f, "\n%zu of them %s not shown as annotations: GitHub shows at most 10 error, "
                   "10 warning and 10 notice annotations per step. The step's log lists "
                   "every finding.\n",
                not_annotated, not_annotated == 1 ? "is" : "are");
    if (shown) {
        rule_rows(f, in);
        folder_rows(f, in);
    }
    fputc('\n', f);
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0)
        failed = true;
    return failed ? -1 : 0;
}
