/* analyzer/discover/changed.c - changed files from libgit2 diffs: tree to work tree through the
 * index for `--diff REV`, tree to index for `--staged`. Only the file list is read, never
 * the contents. */
#include "analyzer/discover/changed.h"

#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/config.h"
#include "analyzer/engine/diag.h"

static ssot_status git_fail(const char *what, char *err, size_t err_size)
{
    const git_error *e = git_error_last();
    snprintf(err, err_size, "%s: %s", what, e && e->message ? e->message : "libgit2 failed");
    return SSOT_ERR_INTERNAL;
}

/* The tree `rev` names; `A...B` is the merge base of A and B. */
static ssot_status rev_tree(git_repository *repo, const char *rev, git_tree **tree, char *err,
                            size_t err_size)
{
    git_revspec spec;
    if (git_revparse(&spec, repo, rev) != 0) {
        const git_error *e = git_error_last();
        snprintf(err, err_size, "--diff: unknown revision `%s`: %s", rev,
                 e && e->message ? e->message : "not found");
        return SSOT_ERR_USAGE;
    }
    git_object *base = spec.from;
    git_object *merge_base = NULL;
    int rc = 0;
    if ((spec.flags & GIT_REVSPEC_MERGE_BASE) && spec.to) {
        git_oid oid;
        rc = git_merge_base(&oid, repo, git_object_id(spec.from), git_object_id(spec.to));
        if (rc == 0)
            rc = git_object_lookup(&merge_base, repo, &oid, GIT_OBJECT_COMMIT);
        base = merge_base;
    }
    if (rc == 0)
        rc = git_object_peel((git_object **)tree, base, GIT_OBJECT_TREE);
    git_object_free(merge_base);
    git_object_free(spec.from);
    git_object_free(spec.to);
    if (rc != 0) {
        char what[256];
        snprintf(what, sizeof(what), "--diff: `%s` does not name a commit", rev);
        git_fail(what, err, err_size);
        return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

/* HEAD's tree, or NULL before the first commit. */
static ssot_status head_tree(git_repository *repo, git_tree **tree, char *err, size_t err_size)
{
    *tree = NULL;
    git_object *head = NULL;
    int rc = git_revparse_single(&head, repo, "HEAD^{tree}");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
        return SSOT_OK;
    if (rc != 0)
        return git_fail("--staged: cannot read HEAD", err, err_size);
    *tree = (git_tree *)head;
    return SSOT_OK;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(git_diff *diff, ssot_changed *out)
{
    size_t n = git_diff_num_deltas(diff);
    out->paths = ssot_calloc(n + 1, sizeof(*out->paths));
    for (size_t i = 0; i < n; i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        if (d->status == GIT_DELTA_DELETED || !d->new_file.path)
            continue;
        out->paths[out->count++] = ssot_strdup(d->new_file.path);
    }
    qsort(out->paths, out->count, sizeof(*out->paths), compare_paths);
}

ssot_status ssot_changed_files(const char *dir, const char *rev, ssot_changed *out, char *err,
                               size_t err_size)
{
    memset(out, 0, sizeof(*out));
    git_repository *repo = NULL;
    char *abs = ssot_config_abspath(dir);
    struct stat st_dir;
    if (stat(abs, &st_dir) == 0 && !S_ISDIR(st_dir.st_mode)) {
        char *slash = strrchr(abs, '/'); /* a file: its folder */
        *(slash == abs ? slash + 1 : slash) = '\0';
    }
    int rc = git_repository_open_ext(&repo, abs, 0, NULL);
    free(abs);
    /* libgit2 1.5 refuses another user's repository (unless safe.directory lists it) and
     * then reports it as not found, naming the setting it looked for */
    const git_error *e = rc != 0 ? git_error_last() : NULL;
    if (e && e->message && strstr(e->message, "safe.directory")) {
        snprintf(err, err_size, "%s: the git repository around `%s` belongs to another user; "
                 "allow it with `git config --global --add safe.directory PATH`",
                 rev ? "--diff" : "--staged", dir);
        return SSOT_ERR_USAGE;
    }
    if (rc != 0 || !git_repository_workdir(repo)) {
        git_repository_free(repo);
        snprintf(err, err_size, "%s needs a git work tree, and `%s` is not in one",
                 rev ? "--diff" : "--staged", dir);
        return SSOT_ERR_USAGE;
    }
    git_tree *tree = NULL;
    ssot_status st = rev ? rev_tree(repo, rev, &tree, err, err_size)
                         : head_tree(repo, &tree, err, err_size);
    git_diff *diff = NULL;
    if (st == SSOT_OK) {
        git_diff_options opts;
        git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
        opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
        rc = rev ? git_diff_tree_to_workdir_with_index(&diff, repo, tree, &opts)
                 : git_diff_tree_to_index(&diff, repo, tree, NULL, &opts);
        if (rc != 0)
            st = git_fail(rev ? "--diff: cannot compare with the work tree"
                              : "--staged: cannot read the index",
                          err, err_size);
    }
    if (st == SSOT_OK) {
        collect(diff, out);
        out->workdir = ssot_strdup(git_repository_workdir(repo));
        out->cwd = ssot_config_cwd();
        size_t n = strlen(out->workdir);
        if (n > 1 && out->workdir[n - 1] == '/')
            out->workdir[n - 1] = '\0';
    }
    git_diff_free(diff);
    git_tree_free(tree);
    git_repository_free(repo);
    return st;
}

struct ssot_changed_job {
    char *dir, *rev;
    pthread_t thread;
    bool threaded;
    ssot_changed out;
    ssot_status st;
    char err[1024];
};

static void *changed_main(void *arg)
{
    ssot_changed_job *j = arg;
    j->st = ssot_changed_files(j->dir, j->rev, &j->out, j->err, sizeof(j->err));
    return NULL;
}

ssot_changed_job *ssot_changed_start(const char *dir, const char *rev)
{
    ssot_changed_job *j = ssot_calloc(1, sizeof(*j));
    j->dir = ssot_strdup(dir);
    j->rev = rev ? ssot_strdup(rev) : NULL;
    j->threaded = pthread_create(&j->thread, NULL, changed_main, j) == 0;
    if (!j->threaded)
        changed_main(j);
    return j;
}

ssot_status ssot_changed_finish(ssot_changed_job *j, ssot_changed *out, char *err,
                                size_t err_size)
{
    if (j->threaded)
        pthread_join(j->thread, NULL);
    ssot_status st = j->st;
    if (!out) {
        if (st == SSOT_OK)
            ssot_changed_fini(&j->out);
    } else {
        *out = j->out;
        if (st != SSOT_OK)
            snprintf(err, err_size, "%s", j->err);
    }
    free(j->dir);
    free(j->rev);
    free(j);
    return st;
}

bool ssot_changed_has(const ssot_changed *c, const char *path)
{
    char *rel = ssot_path_from_root_in(c->workdir, c->cwd, path);
    const char *key = rel;
    bool found = rel[0] != '/' &&
                 bsearch(&key, c->paths, c->count, sizeof(*c->paths), compare_paths) != NULL;
    free(rel);
    return found;
}

void ssot_changed_fini(ssot_changed *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->paths[i]);
    free(c->paths);
    free(c->workdir);
    free(c->cwd);
    memset(c, 0, sizeof(*c));
}
