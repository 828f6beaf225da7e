/* analyzer/cli/diff_cmd.c - `ssot diff BASE [HEAD]`: open the revisions, analyse both sides,
 * pair them, write the report and choose the exit code (0 nothing forbidden, 1 a change
 * `[diff] fail-on` forbids, 2 a bad revision or a run that could not compare). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/atomic_file.h"
#include "analyzer/base/pool.h"
#include "analyzer/cli/cli.h"
#include "analyzer/config/selection.h"
#include "analyzer/diff/diff.h"
#include "analyzer/diff/match.h"
#include "analyzer/diff/revision.h"
#include "analyzer/diff/side.h"

/* --fail-on KINDS: comma-separated kind names, or `none`. */
static bool parse_kinds(const char *list, bool *fail_on, char *err, size_t err_size)
{
    memset(fail_on, 0, SSOT_DELTA_KIND_COUNT * sizeof(*fail_on));
    char *copy = ssot_strdup(list);
    bool ok = true;
    for (char *save = NULL, *w = strtok_r(copy, ", ", &save); w && ok;
         w = strtok_r(NULL, ", ", &save)) {
        ssot_delta_kind kind;
        if (!strcmp(w, "none"))
            continue;
        if (ssot_delta_kind_parse(w, &kind)) {
            fail_on[kind] = true;
            continue;
        }
        const char *const *names = ssot_delta_kind_names();
        snprintf(err, err_size, "--fail-on: unknown change `%s` (expected none or one of: %s, ...)",
                 w, names[0]);
        ok = false;
    }
    free(copy);
    return ok;
}

/* The kinds that fail the run: --fail-on, else the work tree's `[diff] fail-on`, else every
 * weakening kind. */
static bool fail_kinds(const ssot_options *o, ssot_config_set *configs, const char *root,
                       bool *fail_on, char *err, size_t err_size)
{
    if (o->fail_on_kinds)
        return parse_kinds(o->fail_on_kinds, fail_on, err, err_size);
    const ssot_config *c = ssot_config_for_dir(configs, root, err, err_size);
    if (!c)
        return false;
    for (int k = 0; k < SSOT_DELTA_KIND_COUNT; k++)
        fail_on[k] = !c->has_diff_fail_on && ssot_delta_kind_weakens((ssot_delta_kind)k);
    for (size_t i = 0; c->has_diff_fail_on && i < c->diff_fail_on.count; i++) {
        ssot_delta_kind kind;
        if (ssot_delta_kind_parse(c->diff_fail_on.items[i], &kind))
            fail_on[kind] = true;
    }
    return true;
}

static int write_output(const ssot_options *o, const char *path, ssot_diff_output *out)
{
    char err[1024];
    ssot_diff_writer writer = ssot_diff_writer_find(o->format);
    if (!path) {
        out->color = !strcmp(o->format, "text") && ssot_cli_use_color();
        if (writer(stdout, out) != 0 || fflush(stdout) != 0)
            return ssot_cli_fail("cannot write the report to standard output");
        return SSOT_EXIT_CLEAN;
    }
    ssot_atomic_file *file = ssot_atomic_open(path, err, sizeof(err));
    if (!file)
        return ssot_cli_fail(err);
    if (writer(ssot_atomic_stream(file), out) != 0) {
        ssot_atomic_abort(file);
        snprintf(err, sizeof(err), "%s: cannot write the report", path);
        return ssot_cli_fail(err);
    }
    if (ssot_atomic_commit(file, err, sizeof(err)) != SSOT_OK)
        return ssot_cli_fail(err);
    return SSOT_EXIT_CLEAN;
}

typedef struct diff_run {
    ssot_revision *base, *head;
    ssot_renames renames;
    ssot_diff_side sides[2];
    ssot_delta_list deltas;
    char *output;      /* --output-file, absolute */
    char *cache_dir;
} diff_run;

/* Both sides analysed and paired; SSOT_OK or an error in `err`. */
static ssot_status compare(const ssot_options *o, diff_run *r, ssot_config_set *configs,
                           ssot_selections *selections, char *err, size_t err_size)
{
    ssot_status st = ssot_revision_open(".", o->base, &r->base, err, err_size);
    if (st == SSOT_OK && o->head)
        st = ssot_revision_open(".", o->head, &r->head, err, err_size);
    if (st != SSOT_OK)
        return st;
    const char *root = ssot_revision_workdir(r->base);
    r->output = o->output_file ? ssot_config_abspath(o->output_file) : NULL;
    r->cache_dir = o->no_cache    ? NULL
                   : o->cache_dir ? ssot_config_abspath(o->cache_dir)
                                  : ssot_asprintf("%s/.ssot_cache", root);
    /* paths as git names them: relative to the work tree's root (the command's last use of
     * the current folder: what was relative to it is absolute by now) */
    if (chdir(root) != 0) {
        snprintf(err, err_size, "%s: cannot enter the work tree", root);
        return SSOT_ERR_USAGE;
    }
    st = ssot_revision_renames(r->base, r->head, &r->renames, err, err_size);
    if (st != SSOT_OK)
        return st;
    ssot_diff_env env = {configs, selections,
                         o->threads ? o->threads : ssot_pool_default_threads(),
                         SSOT_MAX_FILE_BYTES, root, r->cache_dir, ssot_cli_progress()};
    st = ssot_diff_side_run(&r->sides[0], r->base, &env, err, err_size);
    if (st == SSOT_OK)
        st = ssot_diff_side_run(&r->sides[1], r->head, &env, err, err_size);
    ssot_progress_free(env.progress);
    if (st != SSOT_OK)
        return st;
    ssot_delta_list_init(&r->deltas);
    ssot_diff_match(&r->sides[0], &r->sides[1], &r->renames, &r->deltas);
    return SSOT_OK;
}

static void diff_run_fini(diff_run *r)
{
    ssot_delta_list_fini(&r->deltas);
    ssot_diff_side_fini(&r->sides[0]);
    ssot_diff_side_fini(&r->sides[1]);
    ssot_renames_fini(&r->renames);
    ssot_revision_free(r->head);
    ssot_revision_free(r->base);
    free(r->output);
    free(r->cache_dir);
}

int ssot_cli_diff(const ssot_options *o)
{
    char err[1024];
    ssot_config_set *configs = ssot_cli_configs(o, err, sizeof(err));
    if (!configs)
        return ssot_cli_fail(err);
    ssot_selections *selections = ssot_selections_new(o);
    diff_run r = {0};
    int rc = SSOT_EXIT_CLEAN;
    bool fail_on[SSOT_DELTA_KIND_COUNT];
    if (!ssot_selections_for(selections, NULL, err, sizeof(err)) ||
        compare(o, &r, configs, selections, err, sizeof(err)) != SSOT_OK ||
        !fail_kinds(o, configs, ssot_revision_workdir(r.base), fail_on, err, sizeof(err))) {
        rc = ssot_cli_fail(err);
        goto out;
    }
    ssot_diff_output out = {0};
    out.base_rev = o->base;
    out.head_rev = o->head;
    snprintf(out.base_id, sizeof(out.base_id), "%s", ssot_revision_id(r.base));
    if (r.head)
        snprintf(out.head_id, sizeof(out.head_id), "%s", ssot_revision_id(r.head));
    out.deltas = &r.deltas;
    out.summary.base_tests = r.sides[0].test_count;
    out.summary.head_tests = r.sides[1].test_count;
    ssot_diff_summarize(&r.deltas, fail_on, &out.summary);
    out.fail_on = fail_on;
    out.root = ssot_revision_workdir(r.base);
    out.docs_url = SSOT_DOCS_URL;
    out.rules = r.sides[1].run.rules;
    out.rule_count = r.sides[1].run.rule_count;
    rc = write_output(o, r.output, &out);
    if (rc == SSOT_EXIT_CLEAN && out.summary.failing && !o->exit_zero)
        rc = SSOT_EXIT_FINDINGS;
out:
    diff_run_fini(&r);
    ssot_selections_free(selections);
    ssot_config_set_free(configs);
    return rc;
}
