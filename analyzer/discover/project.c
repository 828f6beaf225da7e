/* analyzer/discover/project.c - the project around named files: find its root (git work tree, else
 * the configuration's folder), walk it, and merge what the walk found with the named files,
 * so that the named files are reported as one run over the whole project would report them. */
#include "analyzer/discover/project.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/config.h"
#include "analyzer/base/vec.h"

static char *parent_of(const char *abs)
{
    char *dir = ssot_strdup(abs);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    return dir;
}

/* The git work tree around `abs` (a file), unless it ignores the file: a work tree that
 * ignores it (a virtualenv, an installation under a tool's own clone) is not its project. */
static char *work_tree_of(const char *abs, const char *dir)
{
    char *root = NULL;
    git_repository *repo = NULL;
    char real[PATH_MAX];
    if (git_repository_open_ext(&repo, dir, 0, NULL) == 0 && git_repository_workdir(repo) &&
        realpath(abs, real)) {
        const char *workdir = git_repository_workdir(repo); /* ends with '/' */
        size_t n = strlen(workdir);
        int ignored = 0;
        if (!strncmp(real, workdir, n) &&
            git_ignore_path_is_ignored(&ignored, repo, real + n) == 0 && !ignored)
            root = ssot_config_abspath(workdir); /* no trailing slash */
    }
    git_repository_free(repo);
    return root;
}

char *ssot_project_root(const char *file, ssot_config_set *configs)
{
    char *abs = ssot_config_abspath(file);
    char *dir = parent_of(abs);
    char *root = work_tree_of(abs, dir);
    free(abs);
    if (!root && configs) {
        char err[256];
        const ssot_config *c = ssot_config_for_dir(configs, dir, err, sizeof(err));
        if (c && c->root)
            root = ssot_strdup(c->root);
    }
    free(dir);
    return root;
}

/* `root` as the user would name it from the current folder: `.`, `sub/dir`, else absolute
 * (then discovery shows the files below the current folder relative to it, and the rest,
 * met only in messages, absolute: never `../../pkg/mod.py`). */
static char *spelled(const char *root)
{
    char *cwd = ssot_config_abspath(".");
    size_t n = strlen(cwd);
    char *out;
    if (!strcmp(cwd, root))
        out = ssot_strdup(".");
    else if (strcmp(cwd, "/") && !strncmp(root, cwd, n) && root[n] == '/')
        out = ssot_strdup(root + n + 1);
    else
        out = ssot_strdup(root);
    free(cwd);
    return out;
}

typedef struct keyed {
    char *abs;    /* owned */
    size_t index; /* in the merged list */
} keyed;

static int by_abs(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->abs, y->abs);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const ssot_file_entry *)a)->path, ((const ssot_file_entry *)b)->path);
}

/* Move entry `e` to the end of `list`. */
static void push_entry(ssot_file_list *list, const ssot_file_entry *e)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 64;
        list->items = ssot_realloc(list->items, list->cap * sizeof(*list->items));
    }
    list->items[list->count++] = *e;
}

/* One entry per file: where the named list (`out`, first `named` entries) and the walks
 * (the rest) found the same file, the walk's entry stays, with the name and the reporting
 * of the named one; a file two walks found stays once. Then sorted by path. */
static void merge(ssot_file_list *out, size_t named)
{
    keyed *keys = ssot_calloc(out->count + 1, sizeof(*keys));
    for (size_t i = 0; i < out->count; i++)
        keys[i] = (keyed){ssot_config_abspath(out->items[i].path), i};
    qsort(keys, out->count, sizeof(*keys), by_abs);
    bool *dropped = ssot_calloc(out->count + 1, sizeof(*dropped));
    for (size_t i = 0; i < out->count;) {
        size_t end = i + 1;
        while (end < out->count && !strcmp(keys[end].abs, keys[i].abs))
            end++;
        /* the walk's entry: the first context one in the run; else the named one */
        size_t keep = keys[i].index;
        for (size_t k = i; k < end; k++)
            if (keys[k].index >= named) {
                keep = keys[k].index;
                break;
            }
        for (size_t k = i; k < end; k++) {
            size_t j = keys[k].index;
            if (j == keep)
                continue;
            dropped[j] = true;
            if (j < named) { /* named: its name and its reporting go to the kept entry */
                char *path = out->items[keep].path;
                out->items[keep].path = out->items[j].path;
                out->items[j].path = path;
                out->items[keep].explicit |= out->items[j].explicit;
                out->items[keep].context = false;
            }
        }
        i = end;
    }
    ssot_file_list kept = {0}, trash = {0};
    for (size_t i = 0; i < out->count; i++)
        push_entry(dropped[i] ? &trash : &kept, &out->items[i]);
    for (size_t i = 0; i < out->count; i++)
        free(keys[i].abs);
    free(keys);
    free(dropped);
    free(out->items);
    ssot_file_list_fini(&trash);
    if (kept.count)
        qsort(kept.items, kept.count, sizeof(*kept.items), by_path);
    *out = kept;
}

ssot_status ssot_project_discover(const char *const *paths, size_t n,
                                  const ssot_discover_options *options, bool context,
                                  ssot_file_list *out, char *err, size_t err_size)
{
    ssot_status st = ssot_discover_with(paths, n, options, out, err, err_size);
    if (st != SSOT_OK || !context)
        return st;
    /* the roots of the named files that are to be checked (not those --force-exclude left
       out: a run with nothing to report reads nothing) */
    SSOT_VEC(char *) roots = {0};
    for (size_t i = 0; i < out->count; i++) {
        if (!out->items[i].explicit)
            continue;
        char *root = ssot_project_root(out->items[i].path, options ? options->configs : NULL);
        for (size_t k = 0; root && k < roots.count; k++)
            if (!strcmp(roots.items[k], root)) {
                free(root);
                root = NULL;
            }
        if (root)
            SSOT_VEC_PUSH(&roots, root);
    }
    size_t named = out->count;
    for (size_t k = 0; k < roots.count && st == SSOT_OK; k++) {
        char *name = spelled(roots.items[k]);
        const char *walk[] = {name};
        ssot_file_list project;
        st = ssot_discover_with(walk, 1, options, &project, err, err_size);
        for (size_t i = 0; st == SSOT_OK && i < project.count; i++) {
            project.items[i].context = true;
            push_entry(out, &project.items[i]);
        }
        if (st == SSOT_OK) { /* the entries moved to `out` */
            free(project.items);
            memset(&project, 0, sizeof(project));
        }
        free(name);
    }
    for (size_t k = 0; k < roots.count; k++)
        free(roots.items[k]);
    free(roots.items);
    if (st != SSOT_OK) {
        ssot_file_list_fini(out);
        return st;
    }
    if (out->count > named)
        merge(out, named);
    return SSOT_OK;
}
