/* analyzer/cli/audit.c - `ssot audit`: run the checks over the project, gather the findings
 * per module, add churn from git and the trend from the history, write the HTML or JSON
 * report and then append this run to the history (--record). Returns the exit code: 0 once
 * the report is written, 1 when a grade is worse than --fail-under, 2 when the run failed
 * (with one line on stderr). */
#include "analyzer/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/audit/audit.h"
#include "analyzer/audit/churn.h"
#include "analyzer/audit/history.h"
#include "analyzer/base/alloc.h"
#include "analyzer/base/atomic_file.h"
#include "analyzer/base/pool.h"
#include "analyzer/config/selection.h"
#include "analyzer/discover/project.h"
#include "analyzer/engine/engine.h"
#include "analyzer/report/baseline.h"

enum { EXIT_CLEAN = SSOT_EXIT_CLEAN };
#define HISTORY_DEFAULT ".ssot-history.db"
#define HTML_DEFAULT "ssot-audit.html"
/* runs whose per-folder rows the page draws as the folders' own trend lines */
enum { MODULE_TREND_RUNS = 50 };

static int fail(const char *message)
{
    return ssot_cli_fail(message);
}

/* SOURCE_DATE_EPOCH when set to a number of seconds: true with *t set. */
static bool source_date_epoch(time_t *t)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env)
        return false;
    char *end;
    long long v = strtoll(env, &end, 10);
    if (*end || v < 0)
        return false;
    *t = (time_t)v;
    return true;
}

/* The run's date: SOURCE_DATE_EPOCH when set (reproducible reports), else now. */
static time_t run_time(void)
{
    time_t t;
    return source_date_epoch(&t) ? t : time(NULL);
}

static char *iso_date(time_t t)
{
    struct tm tm;
    char buf[32];
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return ssot_strdup(buf);
}

/* The grading of the configuration that applies at the project root. */
static void grading_of(ssot_config_set *configs, const char *root, ssot_audit_grading *g)
{
    char err[512];
    ssot_audit_grading_defaults(g);
    const ssot_config *c = ssot_config_for_dir(configs, root, err, sizeof(err));
    if (!c)
        return;
    memcpy(g->edges, c->audit_grades, sizeof(g->edges));
    memcpy(g->weights, c->audit_weights, sizeof(g->weights));
    g->churn_months = c->audit_churn_months;
}

/* --baseline FILE, or .ssot-baseline.json in the root when there is one; NULL: none. */
static char *baseline_path(const ssot_options *o, const char *root)
{
    if (o->baseline)
        return ssot_strdup(o->baseline);
    char *path = ssot_asprintf("%s/%s", root, SSOT_BASELINE_DEFAULT);
    if (access(path, F_OK) == 0)
        return path;
    free(path);
    return NULL;
}

/* The run over the project, baselined. */
static int run_engine(const ssot_options *o, ssot_config_set *configs,
                      ssot_selections *selections, const char *root, ssot_baseline *baseline,
                      ssot_file_list *files, ssot_run *run, size_t *fixed)
{
    char err[1024];
    static const char *const here[] = {"."};
    const char *const *paths = o->path_count ? o->paths : here;
    size_t path_count = o->path_count ? o->path_count : 1;
    ssot_discover_options dopts = {configs, o->force_exclude};
    if (ssot_project_discover(paths, path_count, &dopts, true, files, err, sizeof(err)) !=
        SSOT_OK)
        return fail(err);
    char *cache_dir = o->no_cache    ? NULL
                      : o->cache_dir ? ssot_strdup(o->cache_dir)
                                     : ssot_asprintf("%s/.ssot_cache", root);
    ssot_engine_config config = {
        .selections = selections,
        .threads = o->threads ? o->threads : ssot_pool_default_threads(),
        .max_file_bytes = SSOT_MAX_FILE_BYTES,
        .root = root,
        .cache_dir = cache_dir,
    };
    ssot_status st = ssot_engine_run(&config, files, run, err, sizeof(err));
    free(cache_dir);
    if (st != SSOT_OK)
        return fail(err);
    if (run->explicit_failures)
        return fail(run->first_failure);
    *fixed = 0;
    if (baseline) {
        ssot_baseline_apply(baseline, run->diags, run->diag_count);
        const char **checked = ssot_calloc(run->sink_count + 1, sizeof(*checked));
        for (size_t i = 0; i < run->sink_count; i++)
            checked[i] = run->sinks[i].root_path;
        ssot_report_fixed *gone = ssot_baseline_fixed(baseline, checked, run->sink_count,
                                                      run->rules, run->rule_count, fixed);
        free(gone);
        free(checked);
    }
    return EXIT_CLEAN;
}

/* Churn from the history of the git work tree at `root`, when it is one: the commits of
 * the churn window that ends at HEAD's commit time (the same hotspots for a given commit,
 * whenever the audit runs), or at SOURCE_DATE_EPOCH when that is set. */
static void add_churn(ssot_audit *audit, const char *root)
{
    char err[512];
    time_t end;
    bool fixed = source_date_epoch(&end);
    ssot_churn *churn = ssot_churn_read(root, audit->grading.churn_months,
                                        fixed ? end : SSOT_CHURN_AT_HEAD, err, sizeof(err));
    if (!churn)
        return; /* not a git work tree, or no commit yet: no hotspots */
    free(audit->commit);
    audit->commit = ssot_strdup(ssot_churn_head(churn));
    ssot_audit_set_churn(audit, churn);
    ssot_churn_free(churn);
}

/* Read the trend from the history (created empty with --record); this run is its last
 * point, marked recorded when it is about to be. The history stays open in *out for the
 * record, which comes after the report is written. */
static int read_history(const ssot_options *o, ssot_audit *audit, const char *path,
                        ssot_history **out)
{
    char err[1024];
    ssot_history *history = NULL;
    ssot_audit_point *points = NULL;
    ssot_audit_module_point *modules = NULL;
    size_t count = 0, module_count = 0;
    int rc = EXIT_CLEAN;
    if (ssot_history_open(path, o->record, &history, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
        goto out;
    }
    if (history && ssot_history_points(history, &points, &count, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
        goto out;
    }
    /* the folders' own trend lines: the last MODULE_TREND_RUNS runs, this one included */
    size_t first = count + 1 > MODULE_TREND_RUNS ? count + 1 - MODULE_TREND_RUNS : 0;
    if (history && ssot_history_module_points(history, first, &modules, &module_count, err,
                                              sizeof(err)) != SSOT_OK) {
        rc = fail(err);
        goto out;
    }
    points = ssot_realloc(points, (count + 1) * sizeof(*points));
    ssot_audit_point_of(audit, &points[count]);
    points[count++].recorded = o->record;
    ssot_audit_set_trend(audit, points, count);
    ssot_audit_set_module_trend(audit, modules, module_count, true);
    points = NULL;
    modules = NULL;
    module_count = 0;
    *out = history;
    history = NULL;
out:
    for (size_t i = 0; points && i < count; i++)
        ssot_audit_point_fini(&points[i]);
    free(points);
    for (size_t i = 0; i < module_count; i++)
        ssot_audit_module_point_fini(&modules[i]);
    free(modules);
    ssot_history_close(history);
    return rc;
}

/* --record: append the run to the history, in one transaction. */
static int record(ssot_history *history, const ssot_audit *audit, const char *path)
{
    char err[1024];
    if (ssot_history_record(history, audit, err, sizeof(err)) != SSOT_OK)
        return fail(err);
    fprintf(stderr, "ssot: recorded this run in %s\n", path);
    return EXIT_CLEAN;
}

/* Write the report, and with --record record the run once the report's bytes are written
 * whole (and synced) but before it is renamed into place: a report that cannot be written
 * records nothing, and a record that fails leaves no report claiming it. */
static int write_report(const ssot_options *o, const ssot_audit *audit,
                        ssot_history *history, const char *history_path)
{
    char err[1024];
    bool json = !strcmp(o->format, "json");
    const char *path = o->output_file ? o->output_file : json ? "-" : HTML_DEFAULT;
    int (*writer)(FILE *, const ssot_audit *) = json ? ssot_audit_write_json
                                                     : ssot_audit_write_html;
    if (!strcmp(path, "-")) {
        if (writer(stdout, audit) != 0 || fflush(stdout) != 0)
            return fail("cannot write the report to standard output");
        return o->record ? record(history, audit, history_path) : EXIT_CLEAN;
    }
    ssot_atomic_file *file = ssot_atomic_open(path, err, sizeof(err));
    if (!file)
        return fail(err);
    if (writer(ssot_atomic_stream(file), audit) != 0 ||
        ssot_atomic_sync(file, err, sizeof(err)) != SSOT_OK) {
        ssot_atomic_abort(file);
        snprintf(err, sizeof(err), "%s: cannot write the report%s", path,
                 o->record ? "; this run was not recorded" : "");
        return fail(err);
    }
    if (o->record && record(history, audit, history_path) != EXIT_CLEAN) {
        ssot_atomic_abort(file);
        return SSOT_EXIT_RUN_FAILED;
    }
    if (ssot_atomic_commit(file, err, sizeof(err)) != SSOT_OK)
        return fail(err);
    const ssot_audit_node *root = &audit->nodes[0];
    fprintf(stderr, "ssot: wrote %s: grade %c, %zu finding%s in %u file%s\n", path, root->grade,
            audit->finding_count, audit->finding_count == 1 ? "" : "s", root->counts.files,
            root->counts.files == 1 ? "" : "s");
    return EXIT_CLEAN;
}

/* --fail-under: one line per grade worse than the bar (the project's, and with
 * --fail-under-module each folder's), and exit 1 when there is one; else 0. */
static int fail_under(const ssot_options *o, const ssot_audit *audit)
{
    if (!o->fail_under)
        return EXIT_CLEAN;
    size_t worse = 0;
    for (size_t i = 0; i < audit->node_count; i++) {
        const ssot_audit_node *n = &audit->nodes[i];
        if (n->is_file || (i > 0 && !o->fail_under_module) || n->grade <= o->fail_under)
            continue;
        worse++;
        fprintf(stderr, "ssot: %s%s%s grade %c is worse than --fail-under %c\n",
                i ? "folder `" : "the project's", i ? n->path : "", i ? "`" : "", n->grade,
                o->fail_under);
    }
    return worse ? SSOT_EXIT_FINDINGS : EXIT_CLEAN;
}

int ssot_cli_audit(const ssot_options *o)
{
    char err[1024];
    ssot_config_set *configs = ssot_cli_configs(o, err, sizeof(err));
    if (!configs)
        return fail(err);
    char *root = ssot_cli_project_root();
    char *baseline_file = baseline_path(o, root);
    ssot_baseline *baseline = NULL;
    ssot_file_list files = {0};
    ssot_run run = {0};
    ssot_audit *audit = NULL;
    ssot_selections *selections = NULL;
    ssot_history *history = NULL;
    char *history_path = NULL;
    size_t fixed = 0;
    int rc = EXIT_CLEAN;
    if (baseline_file &&
        ssot_baseline_load(baseline_file, &baseline, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
        goto out;
    }
    ssot_audit_grading grading;
    grading_of(configs, root, &grading);
    /* the selections own the custom rules the findings point at */
    selections = ssot_selections_new(o);
    rc = run_engine(o, configs, selections, root, baseline, &files, &run, &fixed);
    if (rc != EXIT_CLEAN)
        goto out;
    audit = ssot_audit_build(&run, root, &grading, baseline_file, fixed);
    audit->paths = o->paths;
    audit->path_count = o->path_count;
    time_t now = run_time();
    free(audit->date);
    audit->date = iso_date(now);
    add_churn(audit, root);
    history_path = o->history ? ssot_strdup(o->history)
                              : ssot_asprintf("%s/%s", root, HISTORY_DEFAULT);
    rc = read_history(o, audit, history_path, &history);
    if (rc == EXIT_CLEAN)
        rc = write_report(o, audit, history, history_path);
    if (rc == EXIT_CLEAN)
        rc = fail_under(o, audit);
out:
    ssot_history_close(history);
    free(history_path);
    ssot_audit_free(audit);
    ssot_run_fini(&run);
    ssot_selections_free(selections);
    ssot_file_list_fini(&files);
    ssot_baseline_free(baseline);
    free(baseline_file);
    free(root);
    ssot_config_set_free(configs);
    return rc;
}
