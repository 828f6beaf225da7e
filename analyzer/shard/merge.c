/* analyzer/shard/merge.c - the shards' artifacts back into one run: each read and checked
 * (analyzer/facts/pack.c), the set checked (one run, every shard once), then one file entry
 * per stored file, with its configuration looked up again where the merge runs and checked
 * against the identity the shard recorded. */
#include "analyzer/shard/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/engine/diag.h"
#include "analyzer/facts/cache.h"
#include "analyzer/frontend/frontend.h"

/* `root/rel` as discovery shows it from the current folder `cwd`: relative below it,
 * absolute elsewhere. */
static char *shown_path(const char *cwd, const char *root, const char *rel)
{
    char *abs = strcmp(root, "/") ? ssot_asprintf("%s/%s", root, rel) : ssot_asprintf("/%s", rel);
    size_t n = strlen(cwd);
    const char *below = NULL;
    if (!strcmp(cwd, "/"))
        below = abs + 1;
    else if (!strncmp(abs, cwd, n) && abs[n] == '/')
        below = abs + n + 1;
    if (!below)
        return abs;
    char *out = ssot_strdup(below);
    free(abs);
    return out;
}

static char *folder_of(const char *path)
{
    char *dir = ssot_strdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    return dir;
}

/* The artifacts' set: one run (same shard count, file count and list), every shard once. */
static ssot_status check_set(const char *const *paths, ssot_merge *m, char *err,
                             size_t err_size)
{
    const ssot_pack_info *first = ssot_pack_info_of(m->packs[0]);
    unsigned n = first->shard_count;
    size_t *owner = ssot_calloc((size_t)n + 1, sizeof(*owner)); /* 1 + pack index */
    ssot_status st = SSOT_OK;
    uint64_t files = 0;
    for (size_t i = 0; i < m->pack_count && st == SSOT_OK; i++) {
        const ssot_pack_info *info = ssot_pack_info_of(m->packs[i]);
        if (info->shard_count != n || info->file_count != first->file_count ||
            info->list_hash != first->list_hash) {
            snprintf(err, err_size, "%s and %s come from different runs (another commit, "
                     "other paths or options): merge the shards of one run", paths[0],
                     paths[i]);
            st = SSOT_ERR_INPUT;
        } else if (owner[info->shard]) {
            snprintf(err, err_size, "shard %u/%u given twice: %s and %s", info->shard, n,
                     paths[owner[info->shard] - 1], paths[i]);
            st = SSOT_ERR_INPUT;
        } else {
            owner[info->shard] = i + 1;
            files += ssot_pack_count(m->packs[i]);
        }
    }
    for (unsigned k = 1; k <= n && st == SSOT_OK; k++)
        if (!owner[k]) {
            snprintf(err, err_size, "shard %u/%u is missing: merge needs all %u artifacts of "
                     "the run, got %zu", k, n, n, m->pack_count);
            st = SSOT_ERR_INPUT;
        }
    if (st == SSOT_OK && files != first->file_count) {
        snprintf(err, err_size, "the %u shards hold %llu files, their run had %llu: an "
                 "artifact is corrupt", n, (unsigned long long)files,
                 (unsigned long long)first->file_count);
        st = SSOT_ERR_INPUT;
    }
    free(owner);
    return st;
}

typedef struct slot {
    ssot_file_entry entry;
    const ssot_pack_file *pf;
    size_t pack;
} slot;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const slot *)a)->entry.path, ((const slot *)b)->entry.path);
}

/* One configuration's identity, remembered for the files that follow (sorted files share
 * their folders' configuration). */
typedef struct identity {
    const ssot_config *config;
    uint64_t id;
} identity;

static ssot_status entry_of(slot *s, ssot_config_set *configs, const char *root,
                            const char *cwd, identity *last, char *err, size_t err_size)
{
    const ssot_pack_file *pf = s->pf;
    ssot_file_entry *e = &s->entry;
    e->path = shown_path(cwd, root, pf->path);
    e->size = (off_t)pf->size;
    e->role = pf->role;
    if (pf->language) {
        size_t n;
        const ssot_frontend *const *fes = ssot_frontends(&n);
        for (size_t i = 0; i < n && !e->frontend; i++)
            if (!strcmp(fes[i]->name, pf->language))
                e->frontend = fes[i];
        if (!e->frontend) {
            char *shown = ssot_path_escape(e->path), *language = ssot_path_escape(pf->language);
            snprintf(err, err_size, "%s: its language `%.32s` is not one this ssot reads",
                     shown, language);
            free(shown);
            free(language);
            return SSOT_ERR_INPUT;
        }
    }
    e->pytest_file = pf->flags & SSOT_PACK_PYTEST;
    e->uncollected = pf->flags & SSOT_PACK_UNCOLLECTED;
    e->explicit = pf->flags & SSOT_PACK_EXPLICIT;
    e->context = pf->flags & SSOT_PACK_CONTEXT;
    e->config_path = pf->config_path ? ssot_strdup(pf->config_path) : NULL;
    e->module = pf->module ? ssot_strdup(pf->module) : NULL;
    if (configs) {
        char *full = strcmp(root, "/") ? ssot_asprintf("%s/%s", root, pf->path)
                                       : ssot_asprintf("/%s", pf->path);
        char *dir = folder_of(full);
        e->config = ssot_config_for_dir(configs, dir, err, err_size);
        free(dir);
        free(full);
        if (!e->config)
            return SSOT_ERR_USAGE;
    }
    if (!last->config || last->config != e->config) {
        last->config = e->config;
        last->id = ssot_cache_config_hash(e->config, root);
    }
    if (last->id != pf->config_id) {
        char *shown = ssot_path_escape(e->path);
        snprintf(err, err_size, "%s: its configuration%s%s differs from the one its shard "
                 "extracted it with: merge in a checkout of the same commit, with the same "
                 "--config or --isolated", shown, e->config && e->config->path ? " " : "",
                 e->config && e->config->path ? e->config->path : "");
        free(shown);
        return SSOT_ERR_INPUT;
    }
    return SSOT_OK;
}

static void free_slots(slot *slots, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(slots[i].entry.path);
        free(slots[i].entry.config_path);
        free(slots[i].entry.module);
    }
    free(slots);
}

static ssot_status rebuild(const char *const *paths, ssot_config_set *configs,
                           const char *root, ssot_merge *m, char *err, size_t err_size)
{
    size_t count = (size_t)ssot_pack_info_of(m->packs[0])->file_count;
    slot *slots = ssot_calloc(count + 1, sizeof(*slots));
    char *cwd = ssot_config_abspath(".");
    identity last = {0};
    size_t n = 0;
    ssot_status st = SSOT_OK;
    for (size_t p = 0; p < m->pack_count && st == SSOT_OK; p++)
        for (size_t i = 0; i < ssot_pack_count(m->packs[p]) && st == SSOT_OK; i++) {
            slot *s = &slots[n++];
            s->pf = ssot_pack_file_at(m->packs[p], i);
            s->pack = p;
            st = entry_of(s, configs, root, cwd, &last, err, err_size);
        }
    free(cwd);
    if (st == SSOT_OK) {
        qsort(slots, n, sizeof(*slots), by_path);
        for (size_t i = 1; i < n && st == SSOT_OK; i++)
            if (!strcmp(slots[i - 1].entry.path, slots[i].entry.path)) {
                char *shown = ssot_path_escape(slots[i].entry.path);
                snprintf(err, err_size, "%s is in two artifacts (%s and %s): an artifact is "
                         "corrupt", shown, paths[slots[i - 1].pack], paths[slots[i].pack]);
                free(shown);
                st = SSOT_ERR_INPUT;
            }
    }
    if (st != SSOT_OK) {
        free_slots(slots, n);
        return st;
    }
    m->files.items = ssot_calloc(n + 1, sizeof(*m->files.items));
    m->facts_in = ssot_calloc(n + 1, sizeof(*m->facts_in));
    for (size_t i = 0; i < n; i++) {
        m->files.items[i] = slots[i].entry;
        m->facts_in[i] = slots[i].pf;
    }
    m->files.count = m->files.cap = n;
    free(slots);
    return SSOT_OK;
}

ssot_status ssot_merge_load(const char *const *paths, size_t n, ssot_config_set *configs,
                            const char *root, ssot_merge *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    if (!n) {
        snprintf(err, err_size, "`ssot merge` needs the artifacts of `ssot check --shard K/N "
                 "--facts-out FILE`");
        return SSOT_ERR_USAGE;
    }
    out->packs = ssot_calloc(n, sizeof(*out->packs));
    ssot_status st = SSOT_OK;
    for (size_t i = 0; i < n && st == SSOT_OK; i++) {
        st = ssot_pack_load(paths[i], &out->packs[i], err, err_size);
        out->pack_count += st == SSOT_OK;
    }
    if (st == SSOT_OK)
        st = check_set(paths, out, err, err_size);
    if (st == SSOT_OK)
        st = rebuild(paths, configs, root ? root : "/", out, err, err_size);
    if (st != SSOT_OK)
        ssot_merge_fini(out);
    return st;
}

void ssot_merge_fini(ssot_merge *m)
{
    for (size_t i = 0; i < m->files.count; i++) {
        free(m->files.items[i].path);
        free(m->files.items[i].config_path);
        free(m->files.items[i].module);
    }
    free(m->files.items);
    free(m->facts_in);
    for (size_t i = 0; i < m->pack_count; i++)
        ssot_pack_free(m->packs[i]);
    free(m->packs);
    memset(m, 0, sizeof(*m));
}
