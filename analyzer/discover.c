/* analyzer/discover.c - walk the given paths; ignore rules come from libgit2 when a path is
 * inside a git work tree. Symlinked folders are followed once: a (device, inode) set
 * breaks loops. */
#include "analyzer/discover.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/alloc.h"
#include "analyzer/testid.h"
#include "analyzer/vec.h"

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walk {
    ssot_file_list *out;
    git_repository *repo;   /* NULL outside a work tree */
    const char *workdir;    /* absolute, ends with '/' */
    const char *root;       /* the argument as given (display prefix) */
    SSOT_VEC(dir_id) seen;
} walk;

bool ssot_discover_is_skipped_dir(const char *name)
{
    static const char *const skipped[] = {
        ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", "build",
        "dist", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ssot_cache",
        ".eggs", NULL,
    };
    for (const char *const *s = skipped; *s; s++)
        if (!strcmp(name, *s))
            return true;
    return false;
}

static char *display_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    char cwd[PATH_MAX];
    if (path[0] == '/' && getcwd(cwd, sizeof(cwd))) {
        size_t n = strlen(cwd);
        if (!strncmp(path, cwd, n) && path[n] == '/')
            return ssot_strdup(path + n + 1);
    }
    return ssot_strdup(path);
}

static void add_file(ssot_file_list *out, const char *path, const char *role_path, bool explicit)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->items = ssot_realloc(out->items, out->cap * sizeof(*out->items));
    }
    ssot_file_entry *e = &out->items[out->count++];
    e->path = display_path(path);
    /* the role must not depend on where the walk started: `ssot check tests` and
     * `ssot check .` agree on tests/helpers.py */
    e->role = ssot_testid_is_test_path(role_path) || ssot_testid_is_test_path(e->path)
                  ? SSOT_ROLE_TEST
                  : SSOT_ROLE_SERVICE;
    e->pytest_file = ssot_testid_is_pytest_file(path);
    e->explicit = explicit;
    e->problem = NULL;
}

static bool ignored(walk *w, const char *path)
{
    if (!w->repo)
        return false;
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return false;
    size_t n = strlen(w->workdir);
    if (strncmp(abs, w->workdir, n) != 0)
        return false;
    int ign = 0;
    if (git_ignore_path_is_ignored(&ign, w->repo, abs + n) != 0)
        return false;
    return ign != 0;
}

static bool is_python(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && !strcmp(name + n - 3, ".py");
}

/* `role_path` is the path relative to the argument, for test-folder decisions. */
static void walk_dir(walk *w, const char *dir, const char *role_dir, int depth)
{
    struct stat st;
    if (stat(dir, &st) != 0 || depth > 128)
        return;
    for (size_t i = 0; i < w->seen.count; i++)
        if (w->seen.items[i].dev == st.st_dev && w->seen.items[i].ino == st.st_ino)
            return; /* a symlink loop, or a folder reached twice */
    dir_id id = {st.st_dev, st.st_ino};
    SSOT_VEC_PUSH(&w->seen, id);

    DIR *d = opendir(dir);
    if (!d) {
        /* an unreadable folder: report it as one unreadable entry, never skip silently */
        int e = errno;
        add_file(w->out, dir, role_dir, false);
        w->out->items[w->out->count - 1].problem =
            ssot_asprintf("cannot read folder: %s", strerror(e));
        return;
    }
    struct dirent *ent;
    SSOT_VEC(char *) names = {0};
    while ((ent = readdir(d)) != NULL) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
            continue;
        SSOT_VEC_PUSH(&names, ssot_strdup(ent->d_name));
    }
    closedir(d);
    for (size_t i = 0; i < names.count; i++) {
        const char *name = names.items[i];
        char *path = ssot_asprintf("%s/%s", dir, name);
        char *role = role_dir[0] ? ssot_asprintf("%s/%s", role_dir, name) : ssot_strdup(name);
        struct stat es;
        bool is_dir = stat(path, &es) == 0 && S_ISDIR(es.st_mode);
        if (is_dir) {
            if (!ssot_discover_is_skipped_dir(name) && !ignored(w, path))
                walk_dir(w, path, role, depth + 1);
        } else if (is_python(name) && !ignored(w, path)) {
            add_file(w->out, path, role, false); /* unreadable ones become E001 later */
        }
        free(path);
        free(role);
        free(names.items[i]);
    }
    free(names.items);
}

static int compare_entries(const void *a, const void *b)
{
    const ssot_file_entry *x = a, *y = b;
    return strcmp(x->path, y->path);
}

static void open_repo(walk *w, const char *path)
{
    w->repo = NULL;
    w->workdir = NULL;
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return;
    if (git_repository_open_ext(&w->repo, abs, 0, NULL) != 0) {
        w->repo = NULL;
        return;
    }
    w->workdir = git_repository_workdir(w->repo);
    if (!w->workdir) {
        git_repository_free(w->repo);
        w->repo = NULL;
    }
}

static ssot_status discover_one(const char *path, ssot_file_list *out, char *err,
                                size_t err_size);
static void finish_list(ssot_file_list *out);

ssot_status ssot_discover(const char *const *paths, size_t n, ssot_file_list *out, char *err,
                          size_t err_size)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        /* `pkg/` and `pkg` are the same folder: no `pkg//a.py` paths */
        char *arg = ssot_strdup(paths[i]);
        for (size_t len = strlen(arg); len > 1 && arg[len - 1] == '/'; len--)
            arg[len - 1] = '\0';
        ssot_status st = discover_one(arg, out, err, err_size);
        free(arg);
        if (st != SSOT_OK) {
            ssot_file_list_fini(out);
            return st;
        }
    }
    finish_list(out);
    return SSOT_OK;
}

static ssot_status discover_one(const char *path, ssot_file_list *out, char *err,
                                size_t err_size)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, err_size, "%s: %s", path,
                 errno == ENOENT ? "no such file or directory" : strerror(errno));
        return SSOT_ERR_USAGE;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(out, path, path, true);
        return SSOT_OK;
    }
    walk w = {0};
    w.out = out;
    w.root = path;
    open_repo(&w, path);
    /* A folder named on the command line is checked even when an enclosing work tree
     * ignores it (a virtualenv, a vendored tree): its ignore rules then do not apply. */
    if (w.repo && ignored(&w, path)) {
        git_repository_free(w.repo);
        w.repo = NULL;
    }
    /* the argument itself is walked even when its own name is normally skipped */
    walk_dir(&w, path, "", 0);
    git_repository_free(w.repo);
    free(w.seen.items);
    return SSOT_OK;
}

/* Sort by path and drop duplicates (a file named twice, or inside two given folders). */
static void finish_list(ssot_file_list *out)
{
    if (out->count)
        qsort(out->items, out->count, sizeof(*out->items), compare_entries);
    size_t k = 0;
    for (size_t i = 0; i < out->count; i++) {
        if (k > 0 && !strcmp(out->items[k - 1].path, out->items[i].path)) {
            out->items[k - 1].explicit |= out->items[i].explicit;
            free(out->items[i].path);
            free(out->items[i].problem);
            continue;
        }
        out->items[k++] = out->items[i];
    }
    out->count = k;
}

void ssot_file_list_fini(ssot_file_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].problem);
    }
    free(list->items);
    memset(list, 0, sizeof(*list));
}
