/* analyzer/audit/churn.c - commits touching each file within a window, from the repository's
 * history through libgit2: a time-sorted walk from HEAD, each non-merge commit diffed
 * against its parent (tree to tree: names only, no file contents are read). */
#include "analyzer/audit/churn.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

struct ssot_churn {
    git_repository *repo;
    time_t until; /* the window's end */
    ssot_strmap *index;          /* path -> slot in paths/counts */
    SSOT_VEC(char *) paths;      /* owned strings: the map's keys */
    SSOT_VEC(uint32_t) counts;
    size_t commits;
    char head[GIT_OID_HEXSZ + 1];
};

time_t ssot_churn_since(time_t now, unsigned months)
{
    struct tm tm;
    gmtime_r(&now, &tm);
    tm.tm_mon -= (int)months; /* timegm normalises a negative month */
    return timegm(&tm);
}

static void touch(ssot_churn *c, const char *path)
{
    size_t n;
    const uint32_t *slot = ssot_strmap_get(c->index, path, &n);
    if (n) {
        c->counts.items[slot[0]]++;
        return;
    }
    char *key = ssot_strdup(path);
    SSOT_VEC_PUSH(&c->paths, key);
    SSOT_VEC_PUSH(&c->counts, 1u);
    ssot_strmap_add(c->index, key, (uint32_t)(c->paths.count - 1));
}

/* The paths one commit touched, each once. Returns 0, or a libgit2 error. */
static int count_commit(ssot_churn *c, git_commit *commit)
{
    git_tree *tree = NULL, *parent_tree = NULL;
    git_commit *parent = NULL;
    git_diff *diff = NULL;
    int rc = git_commit_tree(&tree, commit);
    if (!rc && git_commit_parentcount(commit) == 1) {
        rc = git_commit_parent(&parent, commit, 0);
        if (!rc)
            rc = git_commit_tree(&parent_tree, parent);
    }
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
    if (!rc)
        rc = git_diff_tree_to_tree(&diff, c->repo, parent_tree, tree, &opts);
    for (size_t i = 0; !rc && i < git_diff_num_deltas(diff); i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        if (d->new_file.path)
            touch(c, d->new_file.path);
        if (d->old_file.path && (!d->new_file.path || strcmp(d->old_file.path, d->new_file.path)))
            touch(c, d->old_file.path);
    }
    git_diff_free(diff);
    git_tree_free(parent_tree);
    git_commit_free(parent);
    git_tree_free(tree);
    return rc;
}

static void git_message(char *err, size_t n, const char *workdir, const char *what)
{
    const git_error *e = git_error_last();
    snprintf(err, n, "%s: %s: %s", workdir, what, e && e->message ? e->message : "unknown error");
}

ssot_churn *ssot_churn_read(const char *workdir, unsigned months, time_t now, char *err,
                            size_t err_size)
{
    ssot_churn *c = ssot_calloc(1, sizeof(*c));
    c->index = ssot_strmap_new();
    git_revwalk *walk = NULL;
    git_oid oid;
    if (git_repository_open_ext(&c->repo, workdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
        git_message(err, err_size, workdir, "not a git work tree");
        goto out_fail;
    }
    if (git_reference_name_to_id(&oid, c->repo, "HEAD") != 0) {
        git_message(err, err_size, workdir, "no commit at HEAD");
        goto out_fail;
    }
    git_oid_tostr(c->head, sizeof(c->head), &oid);
    if (git_revwalk_new(&walk, c->repo) != 0 || git_revwalk_push(walk, &oid) != 0) {
        git_message(err, err_size, workdir, "cannot walk the history");
        goto out_fail;
    }
    git_revwalk_sorting(walk, GIT_SORT_TIME);
    if (now == SSOT_CHURN_AT_HEAD) {
        git_commit *head;
        if (git_commit_lookup(&head, c->repo, &oid) != 0) {
            git_message(err, err_size, workdir, "cannot read the commit at HEAD");
            goto out_fail;
        }
        now = (time_t)git_commit_time(head);
        git_commit_free(head);
    }
    c->until = now;
    time_t since = ssot_churn_since(now, months);
    /* time order: the first commit before the window ends it; a missing parent (a shallow
     * clone) ends the walk where the history ends */
    while (git_revwalk_next(&oid, walk) == 0) {
        git_commit *commit;
        if (git_commit_lookup(&commit, c->repo, &oid) != 0)
            break;
        bool in_window = git_commit_time(commit) >= since;
        bool counted = in_window && git_commit_parentcount(commit) <= 1;
        int rc = counted ? count_commit(c, commit) : 0;
        git_commit_free(commit);
        if (!in_window || rc != 0)
            break;
        c->commits += counted;
    }
    git_revwalk_free(walk);
    return c;
out_fail:
    git_revwalk_free(walk);
    ssot_churn_free(c);
    return NULL;
}

time_t ssot_churn_until(const ssot_churn *c)
{
    return c->until;
}

void ssot_churn_free(ssot_churn *c)
{
    if (!c)
        return;
    git_repository_free(c->repo);
    ssot_strmap_free(c->index);
    for (size_t i = 0; i < c->paths.count; i++)
        free(c->paths.items[i]);
    free(c->paths.items);
    free(c->counts.items);
    free(c);
}

uint32_t ssot_churn_count(const ssot_churn *c, const char *path)
{
    size_t n;
    const uint32_t *slot = ssot_strmap_get(c->index, path, &n);
    return n ? c->counts.items[slot[0]] : 0;
}

size_t ssot_churn_commits(const ssot_churn *c)
{
    return c->commits;
}

const char *ssot_churn_head(const ssot_churn *c)
{
    return c->head;
}

bool ssot_churn_marked_generated(const ssot_churn *c, const char *path)
{
    static const char *const names[] = {"linguist-generated", "linguist-vendored"};
    for (size_t i = 0; i < 2; i++) {
        const char *value = NULL;
        if (git_attr_get(&value, c->repo, GIT_ATTR_CHECK_FILE_THEN_INDEX, path, names[i]) == 0 &&
            (GIT_ATTR_IS_TRUE(value) ||
             (git_attr_value(value) == GIT_ATTR_VALUE_STRING && strcmp(value, "false") != 0)))
            return true;
    }
    return false;
}
