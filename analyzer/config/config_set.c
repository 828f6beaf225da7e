/* analyzer/config/config_set.c - which configuration applies to a folder: the closest
 * .ssot.toml, ssot.toml or pyproject.toml with [tool.ssot] at or above it (Ruff's model),
 * each file loaded once; folders answered before are looked up in a hash map. Also says,
 * once, when a configuration file's name is taken by something that is not a file. */
#include "analyzer/config/config_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

/* Marks a folder with no configuration file at or above it. */
#define NONE UINT32_MAX

struct ssot_config_set {
    ssot_config *override;         /* owned: --config / --isolated */
    SSOT_VEC(ssot_config *) owned; /* every configuration loaded or made */
    SSOT_VEC(char *) keys;         /* owned: the folder names the maps borrow */
    ssot_strmap *file_for;         /* folder -> owned index, or NONE: the file found upward */
    ssot_strmap *config_for;       /* asked folder -> owned index: the answer */
    ssot_config_memo *memo;        /* owned: every configuration file parsed once */
    char **exclude;                /* owned: --exclude, replacing each file's `exclude` */
    size_t exclude_count;
    bool replace_exclude;
    char **extend_exclude;         /* owned: --extend-exclude, added to each file's */
    size_t extend_exclude_count;
};

/* The command line's excludes on one configuration. */
static void apply_excludes(const ssot_config_set *set, ssot_config *c)
{
    if (set->replace_exclude) {
        ssot_config__globs_free(c->exclude, c->exclude_count);
        c->exclude = NULL;
        c->exclude_count = 0;
        c->has_exclude = true;
        for (size_t i = 0; i < set->exclude_count; i++)
            ssot_config__globs_push(&c->exclude, &c->exclude_count, set->exclude[i]);
    }
    for (size_t i = 0; i < set->extend_exclude_count; i++)
        ssot_config__globs_push(&c->extend_exclude, &c->extend_exclude_count,
                                set->extend_exclude[i]);
}

ssot_config_set *ssot_config_set_new(void)
{
    ssot_config_set *set = ssot_calloc(1, sizeof(*set));
    set->file_for = ssot_strmap_new();
    set->config_for = ssot_strmap_new();
    set->memo = ssot_config__memo_new();
    return set;
}

void ssot_config_set_free(ssot_config_set *set)
{
    if (!set)
        return;
    ssot_config_free(set->override);
    for (size_t i = 0; i < set->owned.count; i++)
        ssot_config_free(set->owned.items[i]);
    free(set->owned.items);
    ssot_strmap_free(set->file_for);
    ssot_strmap_free(set->config_for);
    for (size_t i = 0; i < set->keys.count; i++) /* after the maps that borrow them */
        free(set->keys.items[i]);
    free(set->keys.items);
    ssot_config__memo_free(set->memo);
    for (size_t i = 0; i < set->exclude_count; i++)
        free(set->exclude[i]);
    for (size_t i = 0; i < set->extend_exclude_count; i++)
        free(set->extend_exclude[i]);
    free(set->exclude);
    free(set->extend_exclude);
    free(set);
}

void ssot_config_set_override(ssot_config_set *set, ssot_config *config)
{
    if (set->override != config)
        ssot_config_free(set->override);
    set->override = config;
    if (config)
        apply_excludes(set, config);
}

static bool lookup(const ssot_strmap *map, const char *key, uint32_t *out)
{
    size_t n;
    const uint32_t *v = ssot_strmap_get(map, key, &n);
    if (!n)
        return false;
    *out = v[0];
    return true;
}

static void remember(ssot_config_set *set, ssot_strmap *map, const char *key, uint32_t value)
{
    char *owned = ssot_strdup(key);
    SSOT_VEC_PUSH(&set->keys, owned);
    ssot_strmap_add(map, owned, value);
}

static char **copy_strings(const char *const *items, size_t n)
{
    char **out = ssot_calloc(n + 1, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        out[i] = ssot_strdup(items[i]);
    return out;
}

ssot_status ssot_config_set_excludes(ssot_config_set *set, const char *const *exclude,
                                     size_t exclude_count, bool replace,
                                     const char *const *extend, size_t extend_count, char *err,
                                     size_t err_size)
{
    const char *const *lists[2] = {exclude, extend};
    size_t counts[2] = {exclude_count, extend_count};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++) {
            char why[256];
            ssot_glob *g = ssot_glob_new(lists[l][i], why, sizeof(why));
            if (!g) {
                snprintf(err, err_size, "%s: %s", l ? "--extend-exclude" : "--exclude", why);
                return SSOT_ERR_USAGE;
            }
            ssot_glob_free(g);
        }
    set->exclude = copy_strings(exclude, exclude_count);
    set->exclude_count = exclude_count;
    set->replace_exclude = replace;
    set->extend_exclude = copy_strings(extend, extend_count);
    set->extend_exclude_count = extend_count;
    if (set->override)
        apply_excludes(set, set->override);
    for (size_t i = 0; i < set->owned.count; i++)
        apply_excludes(set, set->owned.items[i]);
    return SSOT_OK;
}

static uint32_t own(ssot_config_set *set, ssot_config *config)
{
    apply_excludes(set, config);
    SSOT_VEC_PUSH(&set->owned, config);
    return (uint32_t)(set->owned.count - 1);
}

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode)    ? "a folder"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

bool ssot_config__found(const char *path)
{
    struct stat st; /* one stat: most probes find nothing */
    if (stat(path, &st) != 0)
        return false; /* none here (a dangling link reads as none too, as in pytest) */
    if (S_ISREG(st.st_mode))
        return true;
    /* a warning, not an error: pytest and Ruff skip the name and read the next file, so
       ssot must, to see the settings they see; saying so once keeps it from being silent */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static SSOT_VEC(char *) warned;
    pthread_mutex_lock(&lock);
    bool seen = false;
    for (size_t i = 0; i < warned.count && !seen; i++)
        seen = !strcmp(warned.items[i], path);
    if (!seen) {
        SSOT_VEC_PUSH(&warned, ssot_strdup(path));
        char *shown = ssot_config__display_path(path);
        fprintf(stderr, "ssot: warning: %s is %s, not a configuration file: skipped\n", shown,
                kind_of(st.st_mode));
        free(shown);
    }
    pthread_mutex_unlock(&lock);
    return false;
}

/* The configuration file in one folder, if any: *out NULL when there is none. */
static ssot_status load_in(ssot_config_set *set, const char *dir, ssot_config **out, char *err,
                           size_t err_size)
{
    static const char *const names[] = {".ssot.toml", "ssot.toml", "pyproject.toml"};
    *out = NULL;
    for (size_t i = 0; i < 3; i++) {
        char *path = ssot_config__join(dir, names[i]);
        ssot_status st = SSOT_OK;
        if (ssot_config__found(path)) {
            char *shown = ssot_config__display_path(path);
            st = ssot_config__load(set->memo, shown, out, err, err_size);
            free(shown);
        }
        free(path);
        if (st != SSOT_OK || *out)
            return st;
    }
    return SSOT_OK;
}

/* The index of the configuration file at or above `dir` (absolute), or NONE. */
static ssot_status find_file(ssot_config_set *set, const char *dir, uint32_t *out, char *err,
                             size_t err_size)
{
    SSOT_VEC(char *) visited = {0};
    char *d = ssot_strdup(dir);
    uint32_t found = NONE;
    ssot_status st = SSOT_OK;
    for (;;) {
        if (lookup(set->file_for, d, &found))
            break;
        ssot_config *config;
        st = load_in(set, d, &config, err, err_size);
        if (st != SSOT_OK)
            break;
        SSOT_VEC_PUSH(&visited, d);
        if (config) {
            found = own(set, config);
            d = NULL;
            break;
        }
        if (!strcmp(d, "/")) {
            d = NULL;
            break;
        }
        d = ssot_config__dirname(d);
    }
    free(d);
    for (size_t i = 0; i < visited.count; i++) {
        if (st == SSOT_OK)
            remember(set, set->file_for, visited.items[i], found);
        free(visited.items[i]);
    }
    free(visited.items);
    *out = found;
    return st;
}

/* Built-in defaults with the pytest settings found from `dir` upward; one per pytest
 * settings file, built (globs compiled) only the first time that file is seen. */
static ssot_status defaults_for(ssot_config_set *set, const char *dir, uint32_t *out, char *err,
                                size_t err_size)
{
    ssot_pytest_config pytest;
    ssot_status st = ssot_pytest_config_find(set->memo, dir, &pytest, err, err_size);
    if (st != SSOT_OK) {
        ssot_pytest_config_fini(&pytest);
        return st;
    }
    for (size_t i = 0; i < set->owned.count; i++) {
        const ssot_config *c = set->owned.items[i];
        const char *a = c->pytest.path, *b = pytest.path;
        if (!c->path && ((!a && !b) || (a && b && !strcmp(a, b)))) {
            ssot_pytest_config_fini(&pytest);
            *out = (uint32_t)i;
            return SSOT_OK;
        }
    }
    ssot_config *config = ssot_config_defaults();
    ssot_pytest_config_fini(&config->pytest);
    config->pytest = pytest;
    ssot_config__derive_test_files(config);
    *out = own(set, config);
    return SSOT_OK;
}

size_t ssot_config_set_parses(const ssot_config_set *set)
{
    return ssot_config__memo_parses(set->memo);
}

const ssot_config *ssot_config_for_dir(ssot_config_set *set, const char *dir, char *err,
                                       size_t err_size)
{
    if (set->override)
        return set->override;
    char *abs = ssot_config__abspath(dir);
    uint32_t index;
    ssot_status st = SSOT_OK;
    if (!lookup(set->config_for, abs, &index)) {
        st = find_file(set, abs, &index, err, err_size);
        if (st == SSOT_OK && index == NONE)
            st = defaults_for(set, abs, &index, err, err_size);
        if (st == SSOT_OK)
            remember(set, set->config_for, abs, index);
    }
    free(abs);
    return st == SSOT_OK ? set->owned.items[index] : NULL;
}
