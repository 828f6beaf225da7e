/* analyzer/cli.c - main(): parse the command line, run the command, choose the exit code.
 * The only place that exits: 0 clean, 1 findings at or above the fail level, 2 the run
 * itself failed (bad arguments, a named path that is missing or unreadable, an internal
 * error), always with a one-line message on stderr. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/discover.h"
#include "analyzer/engine.h"
#include "analyzer/options.h"
#include "analyzer/pool.h"
#include "analyzer/report/report.h"
#include "analyzer/report/rule_doc.h"
#include "rules/rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_RUN_FAILED = 2 };
enum { MAX_FILE_BYTES = 8 * 1024 * 1024 };

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

static int run_check(const ssot_options *o)
{
    char err[1024];
    size_t nrules;
    ssot_rules(&nrules);
    bool *enabled = calloc(nrules, sizeof(*enabled));
    if (!enabled)
        return fail("out of memory");
    if (ssot_options_select(o, enabled, err, sizeof(err)) != SSOT_OK) {
        free(enabled);
        return fail(err);
    }
    static const char *const here[] = {"."};
    const char *const *paths = o->path_count ? o->paths : here;
    size_t path_count = o->path_count ? o->path_count : 1;

    ssot_file_list files;
    if (ssot_discover(paths, path_count, &files, err, sizeof(err)) != SSOT_OK) {
        free(enabled);
        return fail(err);
    }
    ssot_engine_config config = {enabled, o->threads ? o->threads : ssot_pool_default_threads(),
                                 MAX_FILE_BYTES};
    ssot_run run;
    if (ssot_engine_run(&config, &files, &run, err, sizeof(err)) != SSOT_OK) {
        ssot_file_list_fini(&files);
        free(enabled);
        return fail(err);
    }
    ssot_report_input in = {run.diags,        run.diag_count, run.suppressed_count,
                            run.files_checked, run.seconds,    use_color(),
                            o->quiet};
    int rc = EXIT_CLEAN;
    if (ssot_reporter_find(o->format)->write(stdout, &in) != 0 || fflush(stdout) != 0) {
        rc = fail("cannot write the report to standard output");
    } else if (run.explicit_failures) {
        rc = fail(run.first_failure);
    } else if (!o->exit_zero) {
        for (size_t i = 0; i < run.diag_count; i++)
            if (!run.diags[i]->suppressed && run.diags[i]->severity >= o->fail_on)
                rc = EXIT_FINDINGS;
    }
    ssot_run_fini(&run);
    ssot_file_list_fini(&files);
    free(enabled);
    return rc;
}

int main(int argc, char **argv)
{
    char err[1024];
    ssot_options o;
    int rc;
    git_libgit2_init();
    if (ssot_options_parse(argc, argv, &o, err, sizeof(err)) != SSOT_OK) {
        rc = fail(err);
        goto out;
    }
    switch (o.command) {
    case SSOT_CMD_HELP:
        fputs(!o.help_topic                  ? ssot_usage_main
              : !strcmp(o.help_topic, "rule") ? ssot_usage_rule
                                              : ssot_usage_check,
              stdout);
        rc = EXIT_CLEAN;
        break;
    case SSOT_CMD_VERSION:
        printf("ssot %s\n", SSOT_VERSION);
        rc = EXIT_CLEAN;
        break;
    case SSOT_CMD_RULE:
        rc = run_rule(&o);
        break;
    default:
        rc = run_check(&o);
        break;
    }
out:
    ssot_options_fini(&o);
    git_libgit2_shutdown();
    return rc;
}
