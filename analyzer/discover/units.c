/* analyzer/discover/units.c - deployment units (see units.h). Folders are looked up once each in a
 * string map; the file system is asked only whether a recipe or `__init__.py` exists. */
#include "analyzer/discover/units.h"

#include "analyzer/config/config.h"
#include "analyzer/base/glob.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { F_RECIPE = 1, F_INIT = 2, F_USED = 4 };

typedef struct folders {
    ssot_strmap *ids;
    SSOT_VEC(uint8_t) flags;
    ssot_arena *arena;
} folders;

static bool exists(const char *dir, size_t len, const char *name)
{
    char buf[4096];
    int w = snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, dir, len ? "/" : "", name);
    struct stat st;
    return w > 0 && (size_t)w < sizeof(buf) && stat(buf, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder `path[0..len)` (len 0: the current folder), its flags filled on first sight. */
static uint8_t *folder(folders *fs, const char *path, size_t len)
{
    char *key = ssot_arena_strndup(fs->arena, path, len);
    size_t n;
    const uint32_t *id = ssot_strmap_get(fs->ids, key, &n);
    if (id)
        return &fs->flags.items[id[0]];
    static const char *const recipes[] = {"pyproject.toml", "setup.py", "setup.cfg",
                                          "package.json", "Dockerfile", NULL};
    uint8_t f = 0;
    for (const char *const *r = recipes; *r && !f; r++)
        f |= exists(path, len, *r) ? F_RECIPE : 0;
    f |= exists(path, len, "__init__.py") ? F_INIT : 0;
    ssot_strmap_add(fs->ids, key, (uint32_t)fs->flags.count);
    SSOT_VEC_PUSH(&fs->flags, f);
    return &fs->flags.items[fs->flags.count - 1];
}

static size_t dir_len(const char *path, size_t end)
{
    while (end > 0 && path[end - 1] != '/')
        end--;
    return end ? end - 1 : 0;
}

/* The length of the longest folder that holds both `a[0..la)` and `b[0..lb)`. */
static size_t common_dir(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if ((i == la && (i == lb || b[i] == '/')) || (i == lb && a[i] == '/'))
        return i;
    return dir_len(a, i);
}

/* A Python file: its folder is a package only with an `__init__.py`. Any folder of
 * JavaScript/TypeScript modules is importable by path. */
static bool python_file(const char *path)
{
    size_t n = strlen(path);
    return (n > 3 && !strcmp(path + n - 3, ".py")) || (n > 4 && !strcmp(path + n - 4, ".pyi"));
}

/* Not imported, and no package in use around it: a program of its own. */
static bool standalone(folders *fs, const ssot_facts *f, bool imported, size_t top)
{
    const char *base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    if (imported || !strcmp(base, "__init__.py"))
        return false;
    bool any_folder = !python_file(f->path);
    for (size_t d = dir_len(f->path, strlen(f->path));; d = dir_len(f->path, d)) {
        uint8_t fl = *folder(fs, f->path, d);
        if (fl & F_USED)
            return false;
        if (d <= top || !((fl & F_INIT) || any_folder))
            return true;
    }
}

/* The deepest folder below the top one with its own recipe: its length in f->path, or 0. */
static size_t recipe_folder(folders *fs, const ssot_facts *f, size_t top)
{
    for (size_t d = dir_len(f->path, strlen(f->path)); d > top; d = dir_len(f->path, d))
        if (*folder(fs, f->path, d) & F_RECIPE)
            return d;
    return 0;
}

/* The deepest folder the configuration declares a unit (each glob counts at the first
 * folder it matches: a glob matches everything below that folder too), or 0. */
static size_t configured_folder(const ssot_facts *f)
{
    const ssot_config *c = f->config;
    if (!c || !c->dup_unit_count || !f->config_path)
        return 0;
    size_t pl = strlen(f->path), cl = strlen(f->config_path);
    if (cl > pl || strcmp(f->path + pl - cl, f->config_path))
        return 0;
    size_t best = 0;
    char buf[4096];
    for (size_t g = 0; g < c->dup_unit_count; g++) {
        for (size_t i = 0; i < cl && i < sizeof(buf); i++) {
            if (f->config_path[i] != '/')
                continue;
            memcpy(buf, f->config_path, i);
            buf[i] = '\0';
            if (ssot_glob_match_folder(c->dup_units[g], buf)) {
                if (pl - cl + i > best)
                    best = pl - cl + i;
                break;
            }
        }
    }
    return best;
}

static uint32_t unit_of(ssot_units *u, ssot_strmap *ids, ssot_arena *arena, const char *path,
                        size_t len)
{
    while (len > 2 && path[0] == '.' && path[1] == '/') {
        path += 2;
        len -= 2;
    }
    char *label = ssot_arena_strndup(arena, path, len);
    size_t n;
    const uint32_t *id = ssot_strmap_get(ids, label, &n);
    if (id)
        return id[0];
    u->label[u->count] = label;
    ssot_strmap_add(ids, label, (uint32_t)u->count);
    return (uint32_t)u->count++;
}

void ssot_units_assign(const ssot_index *idx, const bool *imported, ssot_units *out)
{
    size_t nf = idx->files.count;
    out->of = ssot_calloc(nf + 1, sizeof(*out->of));
    out->label = ssot_calloc(nf + 2, sizeof(*out->label));
    out->label[0] = ".";
    out->count = 1;
    folders fs = {ssot_strmap_new(), {0}, idx->arena};
    size_t top = 0;
    for (size_t f = 0; f < nf; f++) {
        const char *p = idx->files.items[f]->path;
        size_t d = dir_len(p, strlen(p));
        top = f == 0 ? d : common_dir(idx->files.items[0]->path, top, p, d);
    }
    for (size_t f = 0; f < nf; f++) {
        const char *p = idx->files.items[f]->path;
        if (imported[f])
            *folder(&fs, p, dir_len(p, strlen(p))) |= F_USED;
    }
    ssot_strmap *ids = ssot_strmap_new();
    for (size_t f = 0; f < nf; f++) {
        const ssot_facts *facts = idx->files.items[f];
        if (facts->role != SSOT_ROLE_SERVICE)
            continue;
        size_t len = strlen(facts->path);
        if (!standalone(&fs, facts, imported[f], top)) {
            size_t r = recipe_folder(&fs, facts, top), c = configured_folder(facts);
            len = r > c ? r : c;
        }
        if (len)
            out->of[f] = unit_of(out, ids, idx->arena, facts->path, len);
    }
    ssot_strmap_free(ids);
    ssot_strmap_free(fs.ids);
    free(fs.flags.items);
}

void ssot_units_fini(ssot_units *units)
{
    free(units->of);
    free(units->label);
    units->of = NULL;
    units->label = NULL;
    units->count = 0;
}
