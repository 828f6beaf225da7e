/* analyzer/discover/discover.c - walk the given paths and decide, per file, its configuration, role
 * and whether pytest collects it. Ignore rules come from libgit2 when a path is inside a
 * git work tree; excludes come from the configuration. Symlinked folders are followed once:
 * a (device, inode) set breaks loops. */
#include "analyzer/discover/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/resolve/testid.h"
#include "analyzer/base/vec.h"

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walk {
    ssot_file_list *out;
    const ssot_discover_options *options;
    git_repository *repo;   /* NULL outside a work tree */
    const char *workdir;    /* absolute, ends with '/' */
    SSOT_VEC(dir_id) seen;
    ssot_status status;     /* the first error, which stops the walk */
    char *err;
    size_t err_size;
    /* the folder being walked is below one that pytest's norecursedirs leaves out, so no
       file under it is collected, whatever configuration a nested folder holds (pytest's
       own example inputs carry their own pytest.ini) */
    bool uncollected;
    void *conventions[8]; /* each front end's test-file conventions, made on first use */
    char *cwd;            /* the current folder, asked once (walk_cwd) */
} walk;

static const char *walk_cwd(walk *w)
{
    if (!w->cwd)
        w->cwd = ssot_config_cwd();
    return w->cwd;
}

/* Is `path` ignored by the work tree's ignore files? `real`: its resolved absolute path
 * when the caller knows it (NULL: resolved here). */
static bool ignored(walk *w, const char *path, const char *real)
{
    if (!w->repo)
        return false;
    char buf[PATH_MAX];
    const char *abs = real;
    if (!abs && !(abs = realpath(path, buf)))
        return false;
    size_t n = strlen(w->workdir);
    if (strncmp(abs, w->workdir, n) != 0)
        return false;
    int ign = 0;
    if (git_ignore_path_is_ignored(&ign, w->repo, abs + n) != 0)
        return false;
    return ign != 0;
}

static const ssot_config *config_for(walk *w, const char *abs_dir)
{
    if (!w->options->configs || w->status != SSOT_OK)
        return NULL;
    const ssot_config *c = ssot_config_for_dir(w->options->configs, abs_dir, w->err,
                                               w->err_size);
    if (!c)
        w->status = SSOT_ERR_USAGE;
    return c;
}

/* The path as matched by the configuration's globs: relative to its folder. */
static char *config_relative(const ssot_config *c, const char *abs, const char *fallback)
{
    if (c && c->root) {
        size_t n = strlen(c->root);
        if (!strcmp(c->root, "/"))
            return ssot_strdup(abs + 1);
        if (!strncmp(abs, c->root, n) && abs[n] == '/')
            return ssot_strdup(abs + n + 1);
    }
    return ssot_strdup(fallback);
}

static bool any_glob_in(ssot_glob *const *globs, size_t count, const char *rel, bool folder)
{
    for (size_t i = 0; i < count; i++)
        if (folder ? ssot_glob_match_folder(globs[i], rel) : ssot_glob_match(globs[i], rel))
            return true;
    return false;
}

static bool any_glob(ssot_glob *const *globs, size_t count, const char *rel)
{
    return any_glob_in(globs, count, rel, false);
}

/* An entry met during a walk (a folder or a file): a glob without a slash is tested
 * against the entry's own name (so a folder named `build` that was named on the command
 * line is still walked), a glob with a slash against its path. */
static bool excluded_entry(const ssot_config *c, const char *rel, const char *name, bool folder)
{
    ssot_glob *const *lists[2] = {c->exclude, c->extend_exclude};
    size_t counts[2] = {c->exclude_count, c->extend_exclude_count};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++) {
            bool slash = strchr(ssot_glob_pattern(lists[l][i]), '/') != NULL;
            const char *subject = slash ? rel : name;
            if (folder ? ssot_glob_match_folder(lists[l][i], subject)
                       : ssot_glob_match(lists[l][i], subject))
                return true;
        }
    return false;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* pytest's fnmatch_ex: a pattern without a slash matches the base name; one with a slash
 * matches the whole path from any folder on (pytest prefixes `*` and a slash), and `*` crosses
 * folders. */
static bool pytest_fnmatch(const char *pattern, const char *abs)
{
    if (!strchr(pattern, '/'))
        return fnmatch(pattern, base_name(abs), 0) == 0;
    if (pattern[0] == '/')
        return fnmatch(pattern, abs, 0) == 0;
    size_t n = strlen(pattern);
    char *anchored = ssot_malloc(n + 3);
    memcpy(anchored, "*/", 2);
    memcpy(anchored + 2, pattern, n + 1);
    bool hit = fnmatch(anchored, abs, 0) == 0;
    free(anchored);
    return hit;
}

/* A folder pytest does not recurse into, by the norecursedirs of configuration `pc`. */
static bool pytest_skips_folder(const ssot_pytest_config *pc, const char *abs_dir)
{
    for (size_t i = 0; i < pc->norecursedirs.count; i++)
        if (pytest_fnmatch(pc->norecursedirs.items[i], abs_dir))
            return true;
    return false;
}

/* pytest collects test functions from this file: python_files, and when pytest has a
 * configuration file, norecursedirs relative to its folder. */
static bool pytest_collects(walk *w, const ssot_pytest_config *pc, const char *abs)
{
    bool name = false;
    for (size_t i = 0; i < pc->python_files.count && !name; i++)
        name = pytest_fnmatch(pc->python_files.items[i], abs);
    if (!name || !pc->path)
        return name;
    char *dir = ssot_config_abspath_in(walk_cwd(w), pc->path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    size_t n = strlen(dir);
    bool inside = !strncmp(abs, dir, n) && (abs[n] == '/' || !strcmp(dir, "/"));
    const char *rel = inside ? abs + n + (abs[n] == '/') : NULL;
    /* `testpaths` is left out on purpose: it only sets the roots of a bare `pytest` run;
       `pytest integration/` still collects there, so it does not decide what is a test */
    bool ok = true;
    /* a folder pytest does not recurse into: each folder below the configuration's, as a
       whole path (`testing/example_scripts`) or by its name (`.*`, `build`) */
    char *folder = ssot_strdup(abs);
    for (const char *p = rel; ok && p && *p;) {
        const char *end = strchr(p, '/');
        if (!end)
            break;
        folder[end - abs] = '\0';
        ok = !pytest_skips_folder(pc, folder);
        folder[end - abs] = '/';
        p = end + 1;
    }
    free(folder);
    free(dir);
    return ok;
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

/* The package prefix of folder `abs_dir`: its name after the prefix of its parent when it
 * holds an `__init__.py`, climbing while the parents are packages too. */
static char *package_of(const char *abs_dir)
{
    char *prefix = ssot_strdup("");
    char *dir = ssot_strdup(abs_dir);
    for (int depth = 0; depth < 64; depth++) {
        char *init = ssot_asprintf("%s/__init__.py", dir);
        struct stat st;
        bool package = stat(init, &st) == 0 && S_ISREG(st.st_mode);
        free(init);
        char *slash = strrchr(dir, '/');
        if (!package || !slash || slash == dir)
            break;
        char *joined = prefix[0] ? ssot_asprintf("%s.%s", slash + 1, prefix)
                                 : ssot_strdup(slash + 1);
        free(prefix);
        prefix = joined;
        *slash = '\0';
    }
    free(dir);
    return prefix;
}

/* `role_path` is the path below the walked argument; `abs` the absolute path; `size` what
 * the walk's stat said. */
/* The front end's own test-file conventions decide the role of a file whose configuration
 * sets no `test-files`. */
static bool conventional_test(walk *w, const ssot_frontend *fe, const char *abs,
                              const char *rel)
{
    size_t k = ssot_frontend_index(fe);
    if (k >= sizeof(w->conventions) / sizeof(*w->conventions))
        return false;
    if (!w->conventions[k])
        w->conventions[k] = fe->conventions_new();
    return fe->is_test_file(w->conventions[k], abs, rel);
}

/* The conventions states the walk made, freed once it is over. */
static void free_conventions(walk *w)
{
    size_t nfe;
    const ssot_frontend *const *fes = ssot_frontends(&nfe);
    for (size_t i = 0; i < nfe && i < sizeof(w->conventions) / sizeof(*w->conventions); i++)
        if (w->conventions[i]) {
            fes[i]->conventions_free(w->conventions[i]);
            w->conventions[i] = NULL;
        }
}

static void add_file(walk *w, const char *path, const char *role_path, const char *abs,
                     const ssot_config *c, bool explicit, const char *package, off_t size,
                     const ssot_frontend *fe)
{
    ssot_file_list *out = w->out;
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->items = ssot_realloc(out->items, out->cap * sizeof(*out->items));
    }
    ssot_file_entry *e = &out->items[out->count++];
    memset(e, 0, sizeof(*e));
    e->path = display_path(path);
    e->size = size;
    e->explicit = explicit;
    e->config = c;
    e->config_path = config_relative(c, abs, e->path);
    e->frontend = fe;
    e->module = fe->module_name(package, e->path);
    if (fe->is_test_file && !(c && c->has_test_files)) {
        /* a language with its own conventions (jest, vitest, mocha), unless the
           configuration lists the test files itself */
        const char *rel = c && c->root ? e->config_path : role_path;
        e->role = conventional_test(w, fe, abs, rel) ? SSOT_ROLE_TEST : SSOT_ROLE_SERVICE;
        e->uncollected = w->uncollected;
    } else if (c && c->root) {
        e->role = any_glob(c->test_files, c->test_file_count, e->config_path) ? SSOT_ROLE_TEST
                                                                               : SSOT_ROLE_SERVICE;
        e->pytest_file = !w->uncollected && pytest_collects(w, &c->pytest, abs);
        e->uncollected = w->uncollected;
    } else if (c) {
        /* defaults: the role must not depend on where the walk started, nor on folders
         * above the project (an absolute path through /home/test/...) */
        bool test = any_glob(c->test_files, c->test_file_count, role_path) ||
                    (e->path[0] != '/' && any_glob(c->test_files, c->test_file_count, e->path));
        e->role = test ? SSOT_ROLE_TEST : SSOT_ROLE_SERVICE;
        e->pytest_file = !w->uncollected && pytest_collects(w, &c->pytest, abs);
        e->uncollected = w->uncollected;
    } else {
        e->role = ssot_testid_is_test_path(role_path) || ssot_testid_is_test_path(e->path)
                      ? SSOT_ROLE_TEST
                      : SSOT_ROLE_SERVICE;
        e->pytest_file = ssot_testid_is_pytest_file(path);
    }
}

static bool default_skipped(const char *name)
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

/* `parent_package` is the package prefix of the folder above (NULL for the walked argument,
 * whose prefix is found by climbing the filesystem). */
static void walk_dir(walk *w, const char *dir, const char *abs_dir, const char *role_dir,
                     const char *parent_package, int depth)
{
    struct stat st;
    if (w->status != SSOT_OK || stat(dir, &st) != 0 || depth > 128)
        return;
    for (size_t i = 0; i < w->seen.count; i++)
        if (w->seen.items[i].dev == st.st_dev && w->seen.items[i].ino == st.st_ino)
            return; /* a symlink loop, or a folder reached twice */
    dir_id id = {st.st_dev, st.st_ino};
    SSOT_VEC_PUSH(&w->seen, id);

    const ssot_config *c = config_for(w, abs_dir);
    if (w->status != SSOT_OK)
        return;
    DIR *d = opendir(dir);
    if (!d && depth == 0) {
        /* a folder named on the command line: like a missing path, the run cannot start */
        snprintf(w->err, w->err_size, "%s: cannot read folder: %s", dir, strerror(errno));
        w->status = SSOT_ERR_USAGE;
        return;
    }
    if (!d) {
        /* an unreadable folder below is one unreadable entry, never skipped silently */
        int e = errno;
        add_file(w, dir, role_dir, abs_dir, c, false, "", 0, ssot_frontend_default());
        w->out->items[w->out->count - 1].problem =
            ssot_asprintf("cannot read folder: %s", strerror(e));
        return;
    }
    struct dirent *ent;
    SSOT_VEC(char *) names = {0};
    SSOT_VEC(unsigned char) types = {0};
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, "..")) {
            SSOT_VEC_PUSH(&names, ssot_strdup(ent->d_name));
            SSOT_VEC_PUSH(&types, ent->d_type);
        }
    /* entries are stated relative to the open folder, and their resolved paths (for the
       ignore files) are the folder's joined with their names unless they are links: one
       path walk per folder instead of one per entry and per component */
    int dfd = dirfd(d);
    char real_dir[PATH_MAX];
    bool have_real = w->repo && realpath(dir, real_dir) != NULL;
    /* a folder with __init__.py is a package: its modules' names carry its name */
    bool is_package = false;
    for (size_t i = 0; i < names.count && !is_package; i++)
        is_package = !strcmp(names.items[i], "__init__.py");
    char *package;
    if (!parent_package)
        package = package_of(abs_dir);
    else if (!is_package)
        package = ssot_strdup("");
    else if (parent_package[0])
        package = ssot_asprintf("%s.%s", parent_package, base_name(abs_dir));
    else
        package = ssot_strdup(base_name(abs_dir));
    for (size_t i = 0; i < names.count; i++) {
        const char *name = names.items[i];
        char *path = ssot_asprintf("%s/%s", dir, name);
        char *abs = ssot_asprintf("%s/%s", strcmp(abs_dir, "/") ? abs_dir : "", name);
        char *role = role_dir[0] ? ssot_asprintf("%s/%s", role_dir, name) : ssot_strdup(name);
        char *rel = config_relative(c, abs, role);
        struct stat es;
        bool found = fstatat(dfd, name, &es, 0) == 0;
        char real[PATH_MAX];
        const char *real_path = NULL;
        unsigned char type = types.items[i];
        if (have_real && type != DT_LNK && type != DT_UNKNOWN &&
            snprintf(real, sizeof(real), "%s/%s", strcmp(real_dir, "/") ? real_dir : "",
                     name) < (int)sizeof(real))
            real_path = real;
        bool is_dir = found && S_ISDIR(es.st_mode);
        bool skip = c ? excluded_entry(c, rel, name, is_dir) : default_skipped(name);
        const ssot_frontend *fe = NULL;
        if (!skip && !is_dir && found)
            fe = ssot_frontend_for_file(path);
        else if (!skip && !is_dir)
            fe = ssot_frontend_for_path(name);
        if (!skip && (is_dir || fe) && !ignored(w, path, real_path)) {
            if (is_dir) {
                bool was = w->uncollected;
                w->uncollected = was || (c && pytest_skips_folder(&c->pytest, abs));
                walk_dir(w, path, abs, role, package, depth + 1);
                w->uncollected = was;
            } else {
                /* unreadable: E001 later */
                add_file(w, path, role, abs, c, false, package, found ? es.st_size : 0, fe);
                if (found) {
                    w->out->items[w->out->count - 1].stated = true;
                    ssot_file_stat_put(&w->out->items[w->out->count - 1].st, &es);
                }
            }
        }
        free(rel);
        free(path);
        free(abs);
        free(role);
        free(names.items[i]);
    }
    free(names.items);
    free(types.items);
    free(package);
    closedir(d);
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

static void discover_one(walk *w, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(w->err, w->err_size, "%s: %s", path,
                 errno == ENOENT ? "no such file or directory" : strerror(errno));
        w->status = SSOT_ERR_USAGE;
        return;
    }
    char *abs = ssot_config_abspath(path);
    if (!S_ISDIR(st.st_mode)) {
        char *dir = ssot_strdup(abs);
        char *slash = strrchr(dir, '/');
        *(slash == dir ? slash + 1 : slash) = '\0';
        const ssot_config *c = config_for(w, dir);
        char *rel = config_relative(c, abs, path);
        /* named files are checked unless --force-exclude (pre-commit passes names) */
        bool skip = c && w->options->force_exclude &&
                    (any_glob(c->exclude, c->exclude_count, rel) ||
                     any_glob(c->extend_exclude, c->extend_exclude_count, rel));
        if (w->status == SSOT_OK && !skip) {
            char *package = package_of(dir);
            /* a named file of no known language is read as Python, as before */
            const ssot_frontend *fe = ssot_frontend_for_file(path);
            add_file(w, path, path, abs, c, true, package, st.st_size,
                     fe ? fe : ssot_frontend_default());
            w->out->items[w->out->count - 1].stated = true;
            ssot_file_stat_put(&w->out->items[w->out->count - 1].st, &st);
            free(package);
        }
        free(rel);
        free(dir);
        free(abs);
        return;
    }
    open_repo(w, path);
    /* A folder named on the command line is checked even when an enclosing work tree
     * ignores it (a virtualenv, a vendored tree): its ignore rules then do not apply. */
    if (w->repo && ignored(w, path, NULL)) {
        git_repository_free(w->repo);
        w->repo = NULL;
    }
    bool skip = false;
    if (w->options->force_exclude) {
        char *parent = ssot_strdup(abs);
        char *slash = strrchr(parent, '/');
        *(slash == parent ? slash + 1 : slash) = '\0';
        const ssot_config *c = config_for(w, parent);
        char *rel = config_relative(c, abs, path);
        skip = c && (any_glob_in(c->exclude, c->exclude_count, rel, true) ||
                     any_glob_in(c->extend_exclude, c->extend_exclude_count, rel, true));
        free(rel);
        free(parent);
    }
    /* The argument itself is walked even when its own name is normally skipped. Roles are
     * decided on paths that start with the argument's own name: `ssot check /x/test` gives
     * test/support/helpers.py the test role, as `ssot check /x` does. */
    const char *own = strrchr(abs, '/');
    own = own && own[1] && strcmp(base_name(path), ".") != 0 ? own + 1 : "";
    if (!skip)
        walk_dir(w, path, abs, own, NULL, 0);
    git_repository_free(w->repo);
    w->repo = NULL;
    free(abs);
}

void ssot_file_stat_put(ssot_file_stat *dst, const struct stat *st)
{
    *dst = (ssot_file_stat){(uint64_t)st->st_dev,         (uint64_t)st->st_ino,
                            (int64_t)st->st_size,         (int64_t)st->st_mtim.tv_sec,
                            (int64_t)st->st_mtim.tv_nsec, (uint32_t)st->st_mode};
}

void ssot_file_stat_get(const ssot_file_stat *src, struct stat *out)
{
    memset(out, 0, sizeof(*out));
    out->st_dev = (dev_t)src->dev;
    out->st_ino = (ino_t)src->ino;
    out->st_size = (off_t)src->size;
    out->st_mtim.tv_sec = (time_t)src->mtime_sec;
    out->st_mtim.tv_nsec = (long)src->mtime_nsec;
    out->st_mode = (mode_t)src->mode;
}

static int compare_entries(const void *a, const void *b)
{
    const ssot_file_entry *x = a, *y = b;
    return strcmp(x->path, y->path);
}

static void free_entry(ssot_file_entry *e)
{
    free(e->module);
    free(e->path);
    free(e->problem);
    free(e->config_path);
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
            free_entry(&out->items[i]);
            continue;
        }
        out->items[k++] = out->items[i];
    }
    out->count = k;
}

ssot_status ssot_discover_with(const char *const *paths, size_t n,
                               const ssot_discover_options *options, ssot_file_list *out,
                               char *err, size_t err_size)
{
    static const ssot_discover_options defaults = {NULL, false};
    memset(out, 0, sizeof(*out));
    walk w = {0};
    w.out = out;
    w.options = options ? options : &defaults;
    w.err = err;
    w.err_size = err_size;
    for (size_t i = 0; i < n && w.status == SSOT_OK; i++) {
        /* `pkg/` and `pkg` are the same folder: no `pkg//a.py` paths */
        char *arg = ssot_strdup(paths[i]);
        for (size_t len = strlen(arg); len > 1 && arg[len - 1] == '/'; len--)
            arg[len - 1] = '\0';
        discover_one(&w, arg);
        free(arg);
    }
    free(w.seen.items);
    free_conventions(&w);
    free(w.cwd);
    if (w.status != SSOT_OK) {
        ssot_file_list_fini(out);
        return w.status;
    }
    finish_list(out);
    return SSOT_OK;
}

/* The package prefix of folder `rel_dir` (relative to the revision's root, "" for the root)
 * on a revision that is not on disk: as package_of, asking `has_file` for `__init__.py`. */
static char *virtual_package(const char *rel_dir, bool (*has_file)(void *, const char *),
                             void *ctx)
{
    char *prefix = ssot_strdup("");
    char *dir = ssot_strdup(rel_dir);
    while (dir[0]) {
        char *init = ssot_asprintf("%s/__init__.py", dir);
        bool package = has_file(ctx, init);
        free(init);
        if (!package)
            break;
        char *slash = strrchr(dir, '/');
        const char *name = slash ? slash + 1 : dir;
        char *joined = prefix[0] ? ssot_asprintf("%s.%s", name, prefix) : ssot_strdup(name);
        free(prefix);
        prefix = joined;
        if (!slash)
            break;
        *slash = '\0';
    }
    free(dir);
    return prefix;
}

/* Would a walk from the root skip `rel` (a folder on its way: a tool folder, an exclude)? */
static bool virtual_skipped(walk *w, const char *root_abs, const char *own, const char *rel)
{
    char *copy = ssot_strdup(rel);
    bool skip = false;
    for (char *p = copy; !skip && p;) {
        char *slash = strchr(p, '/');
        if (slash)
            *slash = '\0';
        const char *name = p;
        char *abs_parent = ssot_strdup(root_abs);
        if (name != copy)
            abs_parent = (free(abs_parent), ssot_asprintf("%s/%.*s", root_abs,
                                                          (int)(name - copy - 1), copy));
        const ssot_config *c = config_for(w, abs_parent);
        char *abs = ssot_asprintf("%s/%s", root_abs, copy);
        char *role = own[0] ? ssot_asprintf("%s/%s", own, copy) : ssot_strdup(copy);
        char *crel = config_relative(c, abs, role);
        skip = c ? excluded_entry(c, crel, name, slash != NULL) : default_skipped(name);
        free(crel);
        free(role);
        free(abs);
        free(abs_parent);
        if (slash)
            *slash = '/';
        p = slash ? slash + 1 : NULL;
    }
    free(copy);
    return skip;
}

ssot_status ssot_discover_paths(const char *root, const char *const *paths, const off_t *sizes,
                                size_t n, const ssot_discover_options *options,
                                bool (*has_file)(void *ctx, const char *rel), void *ctx,
                                ssot_file_list *out, char *err, size_t err_size)
{
    static const ssot_discover_options defaults = {NULL, false};
    memset(out, 0, sizeof(*out));
    walk w = {0};
    w.out = out;
    w.options = options ? options : &defaults;
    w.err = err;
    w.err_size = err_size;
    char *root_abs = ssot_config_abspath(root);
    const char *own = strrchr(root_abs, '/');
    own = own && own[1] && strcmp(base_name(root), ".") != 0 ? own + 1 : "";
    for (size_t i = 0; i < n && w.status == SSOT_OK; i++) {
        const char *rel = paths[i];
        const ssot_frontend *fe = ssot_frontend_for_path(base_name(rel));
        if (!fe || virtual_skipped(&w, root_abs, own, rel))
            continue;
        char *abs = ssot_asprintf("%s/%s", strcmp(root_abs, "/") ? root_abs : "", rel);
        char *abs_dir = ssot_strdup(abs);
        *strrchr(abs_dir, '/') = '\0';
        const ssot_config *c = config_for(&w, abs_dir);
        /* a folder below one pytest does not recurse into */
        w.uncollected = false;
        char *folder = ssot_strdup(abs);
        for (char *p = folder + strlen(root_abs) + 1; c && !w.uncollected;) {
            char *slash = strchr(p, '/');
            if (!slash)
                break;
            *slash = '\0';
            w.uncollected = pytest_skips_folder(&c->pytest, folder);
            *slash = '/';
            p = slash + 1;
        }
        free(folder);
        char *rel_dir = ssot_strdup(rel);
        char *slash = strrchr(rel_dir, '/');
        *(slash ? slash : rel_dir) = '\0';
        char *package = virtual_package(rel_dir, has_file, ctx);
        char *role = own[0] ? ssot_asprintf("%s/%s", own, rel) : ssot_strdup(rel);
        char *shown = strcmp(root, ".") ? ssot_asprintf("%s/%s", root, rel) : ssot_strdup(rel);
        if (w.status == SSOT_OK)
            add_file(&w, shown, role, abs, c, false, package, sizes ? sizes[i] : 0, fe);
        free(shown);
        free(role);
        free(package);
        free(rel_dir);
        free(abs_dir);
        free(abs);
    }
    free(root_abs);
    free_conventions(&w);
    free(w.cwd);
    if (w.status != SSOT_OK) {
        ssot_file_list_fini(out);
        return w.status;
    }
    finish_list(out);
    return SSOT_OK;
}

ssot_status ssot_discover(const char *const *paths, size_t n, ssot_file_list *out, char *err,
                          size_t err_size)
{
    return ssot_discover_with(paths, n, NULL, out, err, err_size);
}

void ssot_file_list_fini(ssot_file_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free_entry(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}
