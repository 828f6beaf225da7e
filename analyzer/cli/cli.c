/* analyzer/cli/cli.c - main(): parse the command line, run the command, choose the exit code.
 * The only place that exits: 0 clean, 1 findings at or above the fail level, 2 the run
 * itself failed (bad arguments, a named path that is missing or unreadable, an internal
 * error), always with a one-line message on stderr. */
#include <git2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"
#include "analyzer/cli/add_noqa.h"
#include "analyzer/cli/watch.h"
#include "analyzer/base/atomic_file.h"
#include "analyzer/report/baseline.h"
#include "analyzer/discover/changed.h"
#include "analyzer/facts/prefetch.h"
#include "analyzer/cli/cli.h"
#include "analyzer/cli/completion.h"
#include "analyzer/config/config.h"
#include "analyzer/discover/discover.h"
#include "analyzer/engine/engine.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/usage.h"
#include "analyzer/base/pool.h"
#include "analyzer/cli/progress.h"
#include "analyzer/discover/project.h"
#include "analyzer/report/report.h"
#include "analyzer/report/rule_doc.h"
#include "analyzer/server/server.h"
#include "analyzer/config/selection.h"
#include "analyzer/shard/shard.h"
#include "rules/rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_RUN_FAILED = 2 };
enum { MAX_FILE_BYTES = 8 * 1024 * 1024 };
/* a run longer than this shows a progress line on a terminal */
static const double PROGRESS_DELAY = 2.0;

static int fail(const char *message)
{
    fprintf(stderr, "ssot: error: %s\n", message);
    return EXIT_RUN_FAILED;
}

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static bool use_color(void)
{
    if (env_set("FORCE_COLOR"))
        return true;
    if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
        return false;
    return isatty(STDOUT_FILENO) && getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0;
}

static int run_rule(const ssot_options *o)
{
    size_t n;
    const ssot_rule *const *all = ssot_rules(&n);
    const ssot_rule *one = o->rule ? ssot_rule_find(o->rule) : NULL;
    int rc = one ? ssot_rule_doc_write(stdout, &one, 1, o->format)
                 : ssot_rule_doc_write(stdout, all, n, o->format);
    if (rc != 0 || fflush(stdout) != 0)
        return fail("cannot write to standard output");
    return EXIT_CLEAN;
}

static int run_config(const ssot_options *o)
{
    char err[1024];
    ssot_config_set *set = ssot_cli_configs(o, err, sizeof(err));
    if (!set)
        return fail(err);
    const char *path = o->path_count ? o->paths[0] : ".";
    struct stat st;
    if (stat(path, &st) != 0) {
        ssot_config_set_free(set);
        snprintf(err, sizeof(err), "%s: no such file or directory", path);
        return fail(err);
    }
    char *abs = ssot_config_abspath(path);
    if (!S_ISDIR(st.st_mode)) {
        char *slash = strrchr(abs, '/');
        *(slash == abs ? slash + 1 : slash) = '\0';
    }
    const ssot_config *c = ssot_config_for_dir(set, abs, err, sizeof(err));
    free(abs);
    int rc = EXIT_CLEAN;
    if (!c)
        rc = fail(err);
    else if (ssot_config_write(stdout, c) != 0 || fflush(stdout) != 0)
        rc = fail("cannot write to standard output");
    ssot_config_set_free(set);
    return rc;
}

typedef int (*report_writer)(FILE *out, const ssot_report_input *in);

static int statistics_text(FILE *out, const ssot_report_input *in)
{
    ssot_report_statistics(out, in, false);
    return in->quiet ? (ferror(out) ? -1 : 0) : ssot_report_summary(out, in, false);
}

static int statistics_json(FILE *out, const ssot_report_input *in)
{
    return ssot_report_statistics(out, in, true);
}

/* One report: to `path` (written atomically), or to stdout when `path` is NULL. */
static int write_report(report_writer writer, const char *path, ssot_report_input *in)
{
    char err[1024];
    if (!path) {
        in->color = use_color();
        if (writer(stdout, in) != 0 || fflush(stdout) != 0)
            return fail("cannot write the report to standard output");
        return EXIT_CLEAN;
    }
    in->color = false;
    ssot_atomic_file *file = ssot_atomic_open(path, err, sizeof(err));
    if (!file)
        return fail(err);
    if (writer(ssot_atomic_stream(file), in) != 0) {
        ssot_atomic_abort(file);
        snprintf(err, sizeof(err), "%s: cannot write the report", path);
        return fail(err);
    }
    if (ssot_atomic_commit(file, err, sizeof(err)) != SSOT_OK)
        return fail(err);
    return EXIT_CLEAN;
}

static int write_reports(const ssot_options *o, ssot_report_input *in)
{
    report_writer main = ssot_reporter_find(o->format)->write;
    if (o->statistics)
        main = !strcmp(o->format, "json")         ? statistics_json
               : !strcmp(o->format, "json-lines") ? ssot_report_statistics_lines
                                                  : statistics_text;
    int rc = write_report(main, o->output_file, in);
    for (size_t i = 0; i < o->report_count && rc == EXIT_CLEAN; i++)
        rc = write_report(ssot_reporter_find(o->reports[i].format)->write, o->reports[i].path,
                          in);
    return rc;
}

/* Changed-files mode: git is asked while discovery walks the project (NULL without
 * --diff/--staged). */
static ssot_changed_job *start_changed(const ssot_options *o, const char *const *paths)
{
    return o->diff || o->staged ? ssot_changed_start(paths[0], o->diff) : NULL;
}

/* Which of `files` git says changed (`job` from start_changed, finished here; NULL without
 * --diff/--staged gives NULL). NULL with a message in `err` when git could not say. */
static bool *changed_files(ssot_changed_job *job, const ssot_file_list *files, char *err,
                           size_t err_size)
{
    if (!job)
        return NULL;
    ssot_changed changed;
    if (ssot_changed_finish(job, &changed, err, err_size) != SSOT_OK)
        return NULL;
    bool *report = ssot_calloc(files->count + 1, sizeof(*report));
    for (size_t i = 0; i < files->count; i++)
        report[i] = ssot_changed_has(&changed, files->items[i].path);
    ssot_changed_fini(&changed);
    return report;
}

/* Files read only for the project around named files are never reported: `report` (from
 * changed_files, may be NULL) minus them, or `report` as it is when there are none. */
static bool *without_context(const ssot_file_list *files, bool *report)
{
    bool any = false;
    for (size_t i = 0; i < files->count && !any; i++)
        any = files->items[i].context;
    if (!any)
        return report;
    if (!report) {
        report = ssot_calloc(files->count + 1, sizeof(*report));
        memset(report, 1, files->count * sizeof(*report));
    }
    for (size_t i = 0; i < files->count; i++)
        report[i] = report[i] && !files->items[i].context;
    return report;
}

static ssot_progress *start_progress(void)
{
    const char *term = getenv("TERM");
    if (!isatty(STDERR_FILENO) || !term || !strcmp(term, "dumb"))
        return NULL;
    /* SSOT_PROGRESS_DELAY (seconds) lets the tests see the line without a slow run */
    const char *env = getenv("SSOT_PROGRESS_DELAY");
    return ssot_progress_new(stderr, env && *env ? atof(env) : PROGRESS_DELAY);
}

/* --write-baseline: record the unsuppressed findings, atomically, and read them back into
 * *out from memory (the file may be a FIFO or /dev/stdout). */
static int write_baseline(const char *path, const ssot_run *run, ssot_baseline **out)
{
    char err[1024];
    char *text = NULL;
    size_t len = 0, written;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return fail("out of memory writing the baseline");
    int dumped = ssot_baseline_dump(mem, run->diags, run->diag_count, &written);
    if (fclose(mem) != 0 || dumped != 0) {
        free(text);
        return fail("out of memory writing the baseline");
    }
    ssot_atomic_file *file = ssot_atomic_open(path, err, sizeof(err));
    int rc = EXIT_CLEAN;
    if (!file) {
        rc = fail(err);
    } else if (fwrite(text, 1, len, ssot_atomic_stream(file)) != len) {
        ssot_atomic_abort(file);
        snprintf(err, sizeof(err), "%s: cannot write the baseline", path);
        rc = fail(err);
    } else if (ssot_atomic_commit(file, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
    } else if (ssot_baseline_parse(text, len, path, out, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
    } else {
        fprintf(stderr, "ssot: wrote %zu finding%s to %s\n", written, written == 1 ? "" : "s",
                path);
    }
    free(text);
    return rc;
}

/* Baselined findings, and the entries that no longer occur in the files this run checked. */
static void apply_baseline(ssot_baseline *baseline, const ssot_run *run, const bool *report,
                           ssot_report_input *in, ssot_report_fixed **fixed)
{
    in->baselined = ssot_baseline_apply(baseline, run->diags, run->diag_count);
    const char **checked = ssot_calloc(run->sink_count + 1, sizeof(*checked));
    size_t n = 0;
    for (size_t i = 0; i < run->sink_count; i++)
        if (!report || report[i])
            checked[n++] = run->sinks[i].root_path;
    *fixed = ssot_baseline_fixed(baseline, checked, n, run->rules, run->rule_count,
                                 &in->fixed_count);
    in->fixed = *fixed;
    free(checked);
}

/* SSOT_TIMINGS=1: each engine stage's CPU and wall seconds on stderr (tools/bench reads
 * them for its per-phase scale table). */
static void print_timings(const ssot_run *run)
{
    const char *v = getenv("SSOT_TIMINGS");
    if (!v || !*v || !strcmp(v, "0"))
        return;
    for (size_t i = 0; i < run->phases.count; i++)
        fprintf(stderr, "ssot-timing %s cpu=%.4f wall=%.4f\n", run->phases.name[i],
                run->phases.cpu[i], run->phases.wall[i]);
    fprintf(stderr, "ssot-memory facts=%zu files=%zu\n", run->facts_bytes, run->sink_count);
}

static ssot_report_input report_input(const ssot_run *run, const ssot_options *o,
                                      const char *root)
{
    ssot_report_input in = {0};
    in.diags = run->diags;
    in.count = run->diag_count;
    in.suppressed = run->suppressed_count;
    in.files_checked = run->files_checked;
    in.seconds = run->seconds;
    in.quiet = o->quiet;
    in.rules = run->rules;
    in.rule_count = run->rule_count;
    in.root = root;
    in.docs_url = SSOT_DOCS_URL;
    in.sarif_baselined = o->sarif_baselined;
    return in;
}

/* After the reports: 2 when a named file could not be read, 1 for findings that are neither
 * suppressed nor baselined at their file's fail level, or (--strict-baseline) for baseline
 * entries that no longer occur, else 0. */
static int exit_code(const ssot_options *o, const ssot_run *run, const ssot_report_input *in)
{
    if (run->explicit_failures)
        return fail(run->first_failure);
    if (o->exit_zero)
        return EXIT_CLEAN;
    size_t failing = 0;
    for (size_t i = 0; i < run->diag_count; i++)
        failing += ssot_report_shown(run->diags[i]) && run->diags[i]->at_fail_level;
    if (o->strict_baseline && in->fixed_count)
        fprintf(stderr,
                "ssot: %zu baseline entr%s no longer occur%s and --strict-baseline is set: "
                "update %s with --write-baseline\n",
                in->fixed_count, in->fixed_count == 1 ? "y" : "ies",
                in->fixed_count == 1 ? "s" : "", in->baseline);
    return failing || (o->strict_baseline && in->fixed_count) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* `check --shard K/N --facts-out FILE`: extract this shard's share of `files` and write the
 * artifact; no rule runs. Unreadable named files are recorded for merge's exit code. */
static int run_shard(const ssot_options *o, const ssot_file_list *files,
                     ssot_selections *selections, const char *root, const char *cache_dir)
{
    char err[1024];
    unsigned k = o->shard_count ? o->shard : 1, n = o->shard_count ? o->shard_count : 1;
    ssot_file_list share;
    ssot_shard_share(files, root, k, n, &share);
    ssot_pack_info info = {NULL, k, n, files->count, ssot_shard_list_hash(files, root)};
    ssot_pack *pack = ssot_pack_new(&info);
    bool *report = without_context(&share, NULL);
    ssot_engine_config config = {selections, NULL,
                                 o->threads ? o->threads : ssot_pool_default_threads(),
                                 MAX_FILE_BYTES, root, report, start_progress(), cache_dir,
                                 NULL, NULL, NULL, pack, NULL, NULL, NULL, 0, NULL, NULL};
    ssot_run run;
    ssot_status st = ssot_engine_run(&config, &share, &run, err, sizeof(err));
    ssot_progress_free(config.progress);
    int rc = EXIT_CLEAN;
    if (st == SSOT_OK)
        st = ssot_pack_save(pack, o->facts_out, err, sizeof(err));
    if (st != SSOT_OK) {
        rc = fail(err);
    } else if (!o->quiet) {
        uint64_t bytes = 0;
        for (size_t i = 0; i < share.count; i++)
            bytes += (uint64_t)share.items[i].size;
        fprintf(stderr, "ssot: shard %u/%u: %zu of %zu files (%.1f MB) extracted to %s in "
                "%.2fs\n", k, n, share.count, files->count, (double)bytes / 1e6, o->facts_out,
                run.seconds);
    }
    ssot_run_fini(&run);
    free(report);
    free(share.items);
    ssot_pack_free(pack);
    return rc;
}

/* --show-files: each file that would be checked, with its role, one a line. */
static int show_files(const ssot_file_list *files, const bool *report)
{
    for (size_t i = 0; i < files->count; i++) {
        if (report && !report[i])
            continue;
        char *shown = ssot_path_escape(files->items[i].path);
        printf("%-7s  %s\n", files->items[i].role == SSOT_ROLE_TEST ? "test" : "service",
               shown);
        free(shown);
    }
    if (fflush(stdout) != 0)
        return fail("cannot write to standard output");
    return EXIT_CLEAN;
}

/* --add-noqa: suppressions for the shown findings, written into the files; exit 0 unless a
 * file with findings could not be rewritten. */
static int add_noqa(const ssot_run *run)
{
    char err[1024];
    size_t added, changed, skipped, other;
    ssot_status st = ssot_add_noqa(run->diags, run->diag_count, stderr, &added, &changed,
                                   &skipped, &other, err, sizeof(err));
    fprintf(stderr, "ssot: added %zu suppression%s in %zu file%s\n", added,
            added == 1 ? "" : "s", changed, changed == 1 ? "" : "s");
    if (skipped)
        fprintf(stderr, "ssot: %zu line%s with findings left as %s: a line that ends inside a "
                "string (a template literal, a regular expression, a block comment or JSX in "
                "JavaScript/TypeScript; a syntax error there) or is continued by a backslash "
                "cannot take a comment\n",
                skipped, skipped == 1 ? "" : "s", skipped == 1 ? "it was" : "they were");
    if (other)
        fprintf(stderr, "ssot: %zu finding%s in files of other languages left as %s: "
                "--add-noqa writes Python and JavaScript/TypeScript comments only\n",
                other, other == 1 ? "" : "s", other == 1 ? "it was" : "they were");
    if (st != SSOT_OK)
        return fail(err);
    if (run->explicit_failures)
        return fail(run->first_failure);
    return EXIT_CLEAN;
}

/* The facts cache folder of the run, or NULL without one (--no-cache, a merge). */
static char *cache_dir_of(const ssot_options *o, const char *root, bool merging)
{
    return o->no_cache || merging ? NULL
           : o->cache_dir         ? ssot_strdup(o->cache_dir)
                                  : ssot_asprintf("%s/.ssot_cache", root ? root : ".");
}

/* Does the run report some files and read the others for their context (--diff, --staged,
 * files named inside a project)? Then the previous run's facts are read while the files
 * are found (prefetch.h). */
static bool reads_context(const ssot_options *o)
{
    if (o->facts_out || o->command == SSOT_CMD_MERGE)
        return false;
    if (o->diff || o->staged)
        return true;
    struct stat st;
    for (size_t i = 0; !o->no_project_context && i < o->path_count; i++)
        if (stat(o->paths[i], &st) == 0 && S_ISREG(st.st_mode))
            return true;
    return false;
}

static int run_check(const ssot_options *o)
{
    char err[1024];
    ssot_baseline *baseline = NULL;
    /* a bad baseline stops the run before any work */
    if (o->baseline && !o->write_baseline &&
        ssot_baseline_load(o->baseline, &baseline, err, sizeof(err)) != SSOT_OK)
        return fail(err);
    ssot_config_set *configs = ssot_cli_configs(o, err, sizeof(err));
    if (!configs) {
        ssot_baseline_free(baseline);
        return fail(err);
    }
    ssot_selections *selections = ssot_selections_new(o);
    /* an unknown selector is an error even when no file is found */
    if (!ssot_selections_for(selections, NULL, err, sizeof(err))) {
        ssot_selections_free(selections);
        ssot_config_set_free(configs);
        ssot_baseline_free(baseline);
        return fail(err);
    }
    static const char *const here[] = {"."};
    const char *const *paths = o->path_count ? o->paths : here;
    size_t path_count = o->path_count ? o->path_count : 1;

    ssot_discover_options dopts = {configs, o->force_exclude};
    ssot_file_list files;
    int rc = EXIT_CLEAN;
    char *root = ssot_cli_project_root();
    ssot_report_fixed *fixed = NULL;
    bool *report = NULL;
    ssot_prefetch *prefetch = NULL;
    ssot_merge merge = {0};
    /* git is asked, and the previous run's facts are read, while the files are found */
    ssot_changed_job *changed = start_changed(o, paths);
    if (reads_context(o)) {
        char *dir = cache_dir_of(o, root, false);
        prefetch = ssot_prefetch_start(dir);
        free(dir);
    }
    ssot_status st;
    if (o->command == SSOT_CMD_MERGE) {
        /* the run's files as the shards' discovery listed them, their facts from the shards */
        st = ssot_merge_load(o->paths, o->path_count, configs, root, &merge, err, sizeof(err));
        if (st == SSOT_OK) {
            files = merge.files; /* owned here from now on */
            memset(&merge.files, 0, sizeof(merge.files));
        }
    } else {
        st = ssot_project_discover(paths, path_count, &dopts, !o->no_project_context, &files,
                                   err, sizeof(err));
    }
    if (st != SSOT_OK) {
        if (changed) /* its answer is not needed: the run stops */
            ssot_changed_finish(changed, NULL, NULL, 0);
        rc = fail(err);
        goto out_configs;
    }
    report = changed_files(changed, &files, err, sizeof(err));
    if (changed && !report) {
        rc = fail(err);
        goto out_files;
    }
    report = without_context(&files, report);
    if (o->show_files) {
        rc = show_files(&files, report);
        goto out_files;
    }
    char *cache_dir = cache_dir_of(o, root, merge.facts_in != NULL);
    if (o->facts_out) {
        rc = run_shard(o, &files, selections, root, cache_dir);
        free(cache_dir);
        goto out_files;
    }
    ssot_engine_config config = {selections, NULL,
                                 o->threads ? o->threads : ssot_pool_default_threads(),
                                 MAX_FILE_BYTES, root, report, start_progress(), cache_dir,
                                 NULL, NULL, NULL, NULL, merge.facts_in, NULL, NULL, 0, NULL,
                                 prefetch};
    ssot_run run;
    st = ssot_engine_run(&config, &files, &run, err, sizeof(err));
    ssot_progress_free(config.progress);
    free(cache_dir);
    if (st != SSOT_OK) {
        rc = fail(err);
        goto out_files;
    }
    print_timings(&run);
    ssot_report_input in = report_input(&run, o, root);
    if (o->add_noqa) {
        if (baseline)
            apply_baseline(baseline, &run, report, &in, &fixed);
        rc = add_noqa(&run);
        ssot_run_fini(&run);
        goto out_files;
    }
    if (o->write_baseline) {
        /* the new baseline is read back like any other: everything in it is baselined */
        rc = write_baseline(o->write_baseline, &run, &baseline);
    }
    if (rc == EXIT_CLEAN && baseline) {
        in.baseline = o->write_baseline ? o->write_baseline : o->baseline;
        apply_baseline(baseline, &run, report, &in, &fixed);
    }
    if (rc == EXIT_CLEAN)
        rc = write_reports(o, &in);
    if (rc == EXIT_CLEAN)
        rc = exit_code(o, &run, &in);
    ssot_run_fini(&run);
out_files:
    ssot_file_list_fini(&files);
    ssot_merge_fini(&merge);
out_configs:
    ssot_prefetch_free(prefetch);
    free(report);
    free(fixed);
    free(root);
    ssot_baseline_free(baseline);
    ssot_selections_free(selections);
    ssot_config_set_free(configs);
    return rc;
}

int ssot_cli_fail(const char *message)
{
    return fail(message);
}

bool ssot_cli_use_color(void)
{
    return use_color();
}

ssot_progress *ssot_cli_progress(void)
{
    return start_progress();
}

static void check_again(void *ctx)
{
    run_check(ctx);
}

/* --watch: check now and after every change, until Ctrl-C. */
static int run_watch(const ssot_options *o)
{
    static const char *const here[] = {"."};
    char err[1024];
    if (ssot_watch_run(o->path_count ? o->paths : here, o->path_count ? o->path_count : 1,
                       check_again, (void *)o, stdout, err, sizeof(err)) != SSOT_OK)
        return fail(err);
    return EXIT_CLEAN;
}

/* SIGINT/SIGTERM: remove the temporary files of reports and baselines being written, then
 * exit 130/143 as a shell reports a process ended by that signal. */
static void on_signal(int sig)
{
    ssot_atomic_remove_temps();
    _exit(128 + sig);
}

static void handle_signals(void)
{
    static const int signals[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction old, sa = {0};
        /* a signal the caller ignores (`nohup`, a background job) stays ignored */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[i], &sa, NULL);
    }
}

int main(int argc, char **argv)
{
    char err[1024];
    ssot_options o;
    int rc;
    handle_signals();
    git_libgit2_init();
    if (ssot_options_parse(argc, argv, &o, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
        goto out;
    }
    switch (o.command) {
    case SSOT_CMD_HELP: {
        char *usage = ssot_usage_render(ssot_usage_for(o.help_topic));
        fputs(usage, stdout);
        free(usage);
        rc = EXIT_CLEAN;
        break;
    }
    case SSOT_CMD_VERSION:
        printf("ssot %s\n", SSOT_VERSION);
        rc = EXIT_CLEAN;
        break;
    case SSOT_CMD_RULE:
        rc = run_rule(&o);
        break;
    case SSOT_CMD_CONFIG:
        rc = run_config(&o);
        break;
    case SSOT_CMD_DIFF:
        rc = ssot_cli_diff(&o);
        break;
    case SSOT_CMD_COMPLETION:
        rc = ssot_completion_write(stdout, o.shell) == 0 && fflush(stdout) == 0
                 ? EXIT_CLEAN
                 : fail("cannot write to standard output");
        break;
    case SSOT_CMD_SERVER:
        rc = ssot_server_run(stdin, stdout, stderr);
        break;
    case SSOT_CMD_AUDIT:
        rc = ssot_cli_audit(&o);
        break;
    default:
        rc = o.watch ? run_watch(&o) : run_check(&o);
        break;
    }
out:
    ssot_options_fini(&o);
    git_libgit2_shutdown();
    return rc;
}
