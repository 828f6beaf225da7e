/* analyzer/diff/revision.c - a revision's Python files from git's object database, and the
 * renames between two revisions, through libgit2. Blobs are read under a lock: the
 * engine's workers ask for them in parallel and one repository handle serves them all. */
#include "analyzer/diff/revision.h"

#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/vec.h"
#include "analyzer/config/config.h"

typedef struct rev_file {
    char *path;   /* owned: relative to the work tree */
    git_oid oid;
} rev_file;

struct ssot_revision {
    git_repository *repo;
    git_tree *tree;
    char *workdir;           /* owned: absolute, no trailing slash */
    char id[16];
    rev_file *files;         /* sorted by path */
    size_t count;
    const char **paths;      /* the files a walk of the work tree would not leave out */
    size_t listed;
    pthread_mutex_t lock;
};

static void git_message(char *err, size_t err_size, const char *what)
{
    const git_error *e = git_error_last();
    snprintf(err, err_size, "%s%s%s", what, e && e->message ? ": " : "",
             e && e->message ? e->message : "");
}

typedef struct walk_ctx {
    SSOT_VEC(rev_file) files;
} walk_ctx;

static int on_entry(const char *root, const git_tree_entry *entry, void *payload)
{
    walk_ctx *w = payload;
    /* a symlink's blob is the path it points at, not its text */
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
        git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK)
        return 0;
    const char *name = git_tree_entry_name(entry);
    rev_file f;
    f.path = ssot_asprintf("%s%s", root, name);
    git_oid_cpy(&f.oid, git_tree_entry_id(entry));
    SSOT_VEC_PUSH(&w->files, f);
    return 0;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const rev_file *)a)->path, ((const rev_file *)b)->path);
}

static ssot_status open_repo(const char *dir, git_repository **repo, char **workdir, char *err,
                             size_t err_size)
{
    char *abs = ssot_config_abspath(dir);
    int rc = git_repository_open_ext(repo, abs, 0, NULL);
    free(abs);
    if (rc != 0)
        *repo = NULL;
    /* libgit2 1.5 refuses another user's repository (unless safe.directory lists it) */
    const git_error *e = rc != 0 ? git_error_last() : NULL;
    if (e && e->message && strstr(e->message, "safe.directory")) {
        snprintf(err, err_size, "the git repository around `%s` belongs to another user; allow "
                                "it with `git config --global --add safe.directory PATH`", dir);
        *repo = NULL;
        return SSOT_ERR_USAGE;
    }
    if (rc != 0 || !git_repository_workdir(*repo)) {
        if (rc == 0)
            git_repository_free(*repo);
        *repo = NULL;
        char *shown = ssot_config_abspath(dir);
        snprintf(err, err_size, "%s: not inside a git work tree (`ssot diff` compares two "
                                "revisions of one)", shown);
        free(shown);
        return SSOT_ERR_USAGE;
    }
    *workdir = ssot_config_abspath(git_repository_workdir(*repo));
    return SSOT_OK;
}

/* The commit `spec` names; `A...B` is the merge base of A and B (what a pull request
 * branched from), as for `ssot check --diff`. */
static ssot_status resolve(git_repository *repo, const char *spec, git_commit **out, char *err,
                           size_t err_size)
{
    git_revspec rs;
    if (git_revparse(&rs, repo, spec) != 0) {
        const git_error *e = git_error_last();
        snprintf(err, err_size, "unknown revision `%s`%s%s", spec, e && e->message ? ": " : "",
                 e && e->message ? e->message : "");
        return SSOT_ERR_USAGE;
    }
    git_object *merge_base = NULL, *at = rs.from;
    int rc = 0;
    if (rs.flags & GIT_REVSPEC_MERGE_BASE) {
        git_oid oid;
        rc = git_merge_base(&oid, repo, git_object_id(rs.from), git_object_id(rs.to));
        if (rc == 0)
            rc = git_object_lookup(&merge_base, repo, &oid, GIT_OBJECT_COMMIT);
        at = merge_base;
    } else if (rs.flags & GIT_REVSPEC_RANGE) {
        rc = -1;
    }
    if (rc == 0)
        rc = git_object_peel((git_object **)out, at, GIT_OBJECT_COMMIT);
    git_object_free(merge_base);
    git_object_free(rs.from);
    git_object_free(rs.to);
    if (rc != 0) {
        snprintf(err, err_size, "`%s` does not name one commit%s", spec,
                 rs.flags & GIT_REVSPEC_RANGE ? " (give BASE and HEAD as two arguments)" : "");
        return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

ssot_status ssot_revision_open(const char *dir, const char *spec, ssot_revision **out, char *err,
                               size_t err_size)
{
    *out = NULL;
    ssot_revision *rev = ssot_calloc(1, sizeof(*rev));
    pthread_mutex_init(&rev->lock, NULL);
    ssot_status st = open_repo(dir, &rev->repo, &rev->workdir, err, err_size);
    if (st != SSOT_OK) {
        ssot_revision_free(rev);
        return st;
    }
    git_commit *commit = NULL;
    st = resolve(rev->repo, spec, &commit, err, err_size);
    if (st != SSOT_OK) {
        ssot_revision_free(rev);
        return st;
    }
    git_oid_tostr(rev->id, 13, git_commit_id(commit));
    int rc = git_commit_tree(&rev->tree, commit);
    git_commit_free(commit);
    walk_ctx w = {0};
    if (rc != 0 || git_tree_walk(rev->tree, GIT_TREEWALK_PRE, on_entry, &w) != 0) {
        git_message(err, err_size, "cannot read the tree of the revision");
        for (size_t i = 0; i < w.files.count; i++)
            free(w.files.items[i].path);
        free(w.files.items);
        ssot_revision_free(rev);
        return SSOT_ERR_INTERNAL;
    }
    if (w.files.count)
        qsort(w.files.items, w.files.count, sizeof(*w.files.items), by_path);
    rev->files = w.files.items;
    rev->count = w.files.count;
    /* what a walk of the work tree leaves out, the listing leaves out too (a tracked file
     * that .gitignore names): both sides of a diff are then the same kind of file list */
    rev->paths = ssot_calloc(rev->count + 1, sizeof(*rev->paths));
    for (size_t i = 0; i < rev->count; i++) {
        int ignored = 0;
        if (git_ignore_path_is_ignored(&ignored, rev->repo, rev->files[i].path) != 0 ||
            !ignored)
            rev->paths[rev->listed++] = rev->files[i].path;
    }
    *out = rev;
    return SSOT_OK;
}

void ssot_revision_free(ssot_revision *rev)
{
    if (!rev)
        return;
    for (size_t i = 0; i < rev->count; i++)
        free(rev->files[i].path);
    free(rev->files);
    free(rev->paths);
    free(rev->workdir);
    git_tree_free(rev->tree);
    git_repository_free(rev->repo);
    pthread_mutex_destroy(&rev->lock);
    free(rev);
}

const char *ssot_revision_workdir(const ssot_revision *rev)
{
    return rev->workdir;
}

const char *ssot_revision_id(const ssot_revision *rev)
{
    return rev->id;
}

const char *const *ssot_revision_files(const ssot_revision *rev, size_t *count)
{
    *count = rev->listed;
    return rev->paths;
}

static const rev_file *find(const ssot_revision *rev, const char *rel)
{
    rev_file key = {(char *)rel, {{0}}};
    return rev->count ? bsearch(&key, rev->files, rev->count, sizeof(*rev->files), by_path)
                      : NULL;
}

bool ssot_revision_has(const ssot_revision *rev, const char *rel)
{
    return find(rev, rel) != NULL;
}

bool ssot_revision_read(ssot_revision *rev, const char *rel, ssot_arena *arena, char **text,
                        size_t *len, char *msg, size_t msg_size)
{
    const rev_file *f = find(rev, rel);
    if (!f) {
        snprintf(msg, msg_size, "not in revision %s", rev->id);
        return false;
    }
    pthread_mutex_lock(&rev->lock);
    git_blob *blob = NULL;
    bool ok = git_blob_lookup(&blob, rev->repo, &f->oid) == 0;
    if (ok) {
        size_t n = (size_t)git_blob_rawsize(blob);
        *text = ssot_arena_alloc(arena, n + 1);
        memcpy(*text, git_blob_rawcontent(blob), n);
        *len = n;
        git_blob_free(blob);
    } else {
        git_message(msg, msg_size, "cannot read the blob");
    }
    pthread_mutex_unlock(&rev->lock);
    return ok;
}

off_t ssot_revision_size(ssot_revision *rev, const char *rel)
{
    const rev_file *f = find(rev, rel);
    git_odb *odb = NULL;
    size_t size = 0;
    git_object_t type;
    if (!f || git_repository_odb(&odb, rev->repo) != 0)
        return 0;
    if (git_odb_read_header(&size, &type, odb, &f->oid) != 0)
        size = 0;
    git_odb_free(odb);
    return (off_t)size;
}

static void push_rename(ssot_renames *out, const char *from, const char *to)
{
    out->from = ssot_realloc(out->from, (out->count + 1) * sizeof(*out->from));
    out->to = ssot_realloc(out->to, (out->count + 1) * sizeof(*out->to));
    out->from[out->count] = ssot_strdup(from);
    out->to[out->count++] = ssot_strdup(to);
}

ssot_status ssot_revision_renames(ssot_revision *base, ssot_revision *head, ssot_renames *out,
                                  char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    git_diff *diff = NULL;
    int rc;
    if (head) {
        rc = git_diff_tree_to_tree(&diff, base->repo, base->tree, head->tree, &opts);
    } else {
        opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
        rc = git_diff_tree_to_workdir_with_index(&diff, base->repo, base->tree, &opts);
    }
    git_diff_find_options find;
    git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
    find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
    if (rc != 0 || git_diff_find_similar(diff, &find) != 0) {
        git_message(err, err_size, "cannot compare the revisions");
        git_diff_free(diff);
        return SSOT_ERR_INTERNAL;
    }
    size_t n = git_diff_num_deltas(diff);
    for (size_t i = 0; i < n; i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        if (d->status == GIT_DELTA_RENAMED && strcmp(d->old_file.path, d->new_file.path))
            push_rename(out, d->old_file.path, d->new_file.path);
    }
    git_diff_free(diff);
    return SSOT_OK;
}

const char *ssot_renames_to(const ssot_renames *r, const char *rel)
{
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->from[i], rel))
            return r->to[i];
    return rel;
}

void ssot_renames_fini(ssot_renames *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->from[i]);
        free(r->to[i]);
    }
    free(r->from);
    free(r->to);
    memset(r, 0, sizeof(*r));
}
