/* analyzer/config/config_memo.c - the configuration files one run has read, each parsed once:
 * TOML documents by path and identity (device, inode, mtime, size; a file replaced during
 * the run is read again), and pytest's settings per folder, so that a large pyproject.toml
 * at the top of a tree is parsed once, not once per folder below it. */
#include "analyzer/config/config_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

typedef struct toml_entry {
    char *path;            /* owned: the key, as shown */
    struct stat id;        /* what the file was when it was read */
    ssot_status status;    /* SSOT_OK: doc; otherwise the parse's error, in `err` */
    ssot_toml_value *doc;  /* owned */
    char *err;             /* owned */
} toml_entry;

typedef struct pytest_entry {
    char *dir;             /* owned: the absolute folder the lookup started from */
    ssot_status status;
    ssot_pytest_config pc; /* owned */
    char *err;             /* owned */
} pytest_entry;

struct ssot_config_memo {
    SSOT_VEC(toml_entry) tomls;
    ssot_strmap *toml_by_path;
    SSOT_VEC(pytest_entry) pytests;
    ssot_strmap *pytest_by_dir;
    size_t parses;
};

ssot_config_memo *ssot_config__memo_new(void)
{
    ssot_config_memo *m = ssot_calloc(1, sizeof(*m));
    m->toml_by_path = ssot_strmap_new();
    m->pytest_by_dir = ssot_strmap_new();
    return m;
}

void ssot_config__memo_free(ssot_config_memo *m)
{
    if (!m)
        return;
    ssot_strmap_free(m->toml_by_path);
    ssot_strmap_free(m->pytest_by_dir);
    for (size_t i = 0; i < m->tomls.count; i++) {
        free(m->tomls.items[i].path);
        ssot_toml_free(m->tomls.items[i].doc);
        free(m->tomls.items[i].err);
    }
    free(m->tomls.items);
    for (size_t i = 0; i < m->pytests.count; i++) {
        free(m->pytests.items[i].dir);
        ssot_pytest_config_fini(&m->pytests.items[i].pc);
        free(m->pytests.items[i].err);
    }
    free(m->pytests.items);
    free(m);
}

size_t ssot_config__memo_parses(const ssot_config_memo *m)
{
    return m ? m->parses : 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The latest entry for `key` in `map`, or NULL. */
static const uint32_t *latest(const ssot_strmap *map, const char *key)
{
    size_t n;
    const uint32_t *v = ssot_strmap_get(map, key, &n);
    return n ? &v[n - 1] : NULL;
}

ssot_status ssot_config__memo_toml(ssot_config_memo *m, const char *path,
                                   const ssot_toml_value **doc, char *err, size_t err_size)
{
    *doc = NULL;
    struct stat id;
    if (stat(path, &id) != 0)
        memset(&id, 0, sizeof(id)); /* the read below says why */
    const uint32_t *at = latest(m->toml_by_path, path);
    if (at && same_file(&m->tomls.items[*at].id, &id)) {
        const toml_entry *e = &m->tomls.items[*at];
        if (e->status != SSOT_OK)
            snprintf(err, err_size, "%s", e->err);
        *doc = e->doc;
        return e->status;
    }
    toml_entry e = {.path = ssot_strdup(path), .id = id};
    e.status = ssot_toml_parse_file(path, &e.doc, err, err_size);
    m->parses++;
    if (e.status != SSOT_OK)
        e.err = ssot_strdup(err);
    SSOT_VEC_PUSH(&m->tomls, e);
    /* the key is the entry's own copy of the path: it lives as long as the map */
    ssot_strmap_add(m->toml_by_path, m->tomls.items[m->tomls.count - 1].path,
                    (uint32_t)(m->tomls.count - 1));
    *doc = e.doc;
    return e.status;
}

static void pytest_copy(ssot_pytest_config *dst, const ssot_pytest_config *src)
{
    memset(dst, 0, sizeof(*dst));
    dst->path = src->path ? ssot_strdup(src->path) : NULL;
    ssot_config__strlist_copy(&dst->python_files, &src->python_files);
    ssot_config__strlist_copy(&dst->python_classes, &src->python_classes);
    ssot_config__strlist_copy(&dst->python_functions, &src->python_functions);
    ssot_config__strlist_copy(&dst->testpaths, &src->testpaths);
    ssot_config__strlist_copy(&dst->norecursedirs, &src->norecursedirs);
}

bool ssot_config__memo_pytest_get(const ssot_config_memo *m, const char *dir,
                                  ssot_pytest_config *pc, ssot_status *status, char *err,
                                  size_t err_size)
{
    const uint32_t *at = latest(m->pytest_by_dir, dir);
    if (!at)
        return false;
    const pytest_entry *e = &m->pytests.items[*at];
    pytest_copy(pc, &e->pc);
    *status = e->status;
    if (e->status != SSOT_OK)
        snprintf(err, err_size, "%s", e->err);
    return true;
}

void ssot_config__memo_pytest_put(ssot_config_memo *m, const char *dir,
                                  const ssot_pytest_config *pc, ssot_status status,
                                  const char *err)
{
    pytest_entry e = {.dir = ssot_strdup(dir), .status = status};
    pytest_copy(&e.pc, pc);
    e.err = status != SSOT_OK ? ssot_strdup(err) : NULL;
    SSOT_VEC_PUSH(&m->pytests, e);
    ssot_strmap_add(m->pytest_by_dir, m->pytests.items[m->pytests.count - 1].dir,
                    (uint32_t)(m->pytests.count - 1));
}
