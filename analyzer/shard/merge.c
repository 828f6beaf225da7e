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
#include "analyzer/facts/facts_io.h"
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

/* The artifacts' set, checked as each is read: one run (same shard count, file count and
 * list), every shard once. `owner[k]` is 1 + the artifact that is shard k. */
typedef struct shard_set {
    ssot_pack_info first;
    size_t *owner;
    uint64_t files;
} shard_set;

static ssot_status check_pack(const char *const *paths, size_t i, const ssot_pack *pack,
                              shard_set *set, char *err, size_t err_size)
{
    const ssot_pack_info *info = ssot_pack_info_of(pack);
    if (i == 0) {
        set->first = *info;
        set->first.version = NULL; /* the artifact's string goes with it */
        set->owner = ssot_calloc((size_t)info->shard_count + 1, sizeof(*set->owner));
    }
    if (info->shard_count != set->first.shard_count ||
        info->file_count != set->first.file_count || info->list_hash != set->first.list_hash) {
        snprintf(err, err_size, "%s and %s come from different runs (another commit, "
                 "other paths or options): merge the shards of one run", paths[0], paths[i]);
        return SSOT_ERR_INPUT;
    }
    if (set->owner[info->shard]) {
        snprintf(err, err_size, "shard %u/%u given twice: %s and %s", info->shard,
                 info->shard_count, paths[set->owner[info->shard] - 1], paths[i]);
        return SSOT_ERR_INPUT;
    }
    set->owner[info->shard] = i + 1;
    set->files += ssot_pack_count(pack);
    if (set->files > set->first.file_count) {
        snprintf(err, err_size, "the %u shards hold more files than their run had (%llu): an "
                 "artifact is corrupt", info->shard_count,
                 (unsigned long long)set->first.file_count);
        return SSOT_ERR_INPUT;
    }
    return SSOT_OK;
}

/* Once every artifact is read: no shard missing, every file there. */
static ssot_status check_complete(const shard_set *set, size_t pack_count, char *err,
                                  size_t err_size)
{
    unsigned n = set->first.shard_count;
    for (unsigned k = 1; k <= n; k++)
        if (!set->owner[k]) {
            snprintf(err, err_size, "shard %u/%u is missing: merge needs all %u artifacts of "
                     "the run, got %zu", k, n, n, pack_count);
            return SSOT_ERR_INPUT;
        }
    if (set->files != set->first.file_count) {
        snprintf(err, err_size, "the %u shards hold %llu files, their run had %llu: an "
                 "artifact is corrupt", n, (unsigned long long)set->files,
                 (unsigned long long)set->first.file_count);
        return SSOT_ERR_INPUT;
    }
    return SSOT_OK;
}

typedef struct slot {
    ssot_file_entry entry;
    ssot_pack_file *pf; /* in the merge's arena: no facts bytes, the facts decoded */
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

static ssot_status entry_of(slot *s, const ssot_pack_file *pf, ssot_config_set *configs,
                            const char *root, const char *cwd, identity *last, char *err,
                            size_t err_size)
{
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

/* What the engine needs of a stored file once its artifact is gone: the flags, the
 * findings (copied) and the facts, decoded into the merge's arena. False when the facts do
 * not read back. */
static bool keep_file(ssot_arena *arena, const ssot_pack_file *pf, ssot_pack_file **out)
{
    ssot_pack_file *kept = ssot_arena_alloc(arena, sizeof(*kept));
    kept->flags = pf->flags;
    ssot_facts *facts = ssot_arena_alloc(arena, sizeof(*facts));
    if (!ssot_facts_read(pf->facts, pf->facts_len, facts, arena))
        return false;
    kept->decoded = facts;
    ssot_pack_finding *found =
        ssot_arena_alloc(arena, (pf->finding_count + 1) * sizeof(*found));
    for (size_t i = 0; i < pf->finding_count; i++) {
        const ssot_pack_finding *x = &pf->findings[i];
        found[i].code = ssot_arena_strdup(arena, x->code);
        found[i].loc.span = x->loc.span;
        found[i].loc.snippet = ssot_arena_strdup(arena, x->loc.snippet);
        found[i].message = ssot_arena_strdup(arena, x->message);
    }
    kept->findings = found;
    kept->finding_count = pf->finding_count;
    *out = kept;
    return true;
}

/* Artifact `p`'s files added to `*slots` (`*n` of them, room for `*cap`). */
static ssot_status add_files(const ssot_pack *pack, size_t p, ssot_config_set *configs,
                             const char *root, const char *cwd, identity *last, ssot_merge *m,
                             slot **slots, size_t *n, size_t *cap, char *err, size_t err_size)
{
    for (size_t i = 0; i < ssot_pack_count(pack); i++) {
        const ssot_pack_file *pf = ssot_pack_file_at(pack, i);
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *slots = ssot_realloc(*slots, *cap * sizeof(**slots));
        }
        slot *s = &(*slots)[(*n)++];
        memset(s, 0, sizeof(*s));
        s->pack = p;
        ssot_status st = entry_of(s, pf, configs, root, cwd, last, err, err_size);
        if (st != SSOT_OK)
            return st;
        if (!keep_file(m->arena, pf, &s->pf)) {
            char *shown = ssot_path_escape(s->entry.path);
            snprintf(err, err_size, "%s: its facts in the artifact do not read back (corrupt)",
                     shown);
            free(shown);
            return SSOT_ERR_INPUT;
        }
    }
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
    root = root ? root : "/";
    out->arena = ssot_arena_new();
    shard_set set = {0};
    slot *slots = NULL;
    size_t count = 0, cap = 0;
    char *cwd = ssot_config_abspath(".");
    identity last = {0};
    ssot_status st = SSOT_OK;
    for (size_t p = 0; p < n && st == SSOT_OK; p++) {
        ssot_pack *pack;
        st = ssot_pack_load(paths[p], &pack, err, err_size);
        if (st != SSOT_OK)
            break;
        st = check_pack(paths, p, pack, &set, err, err_size);
        if (st == SSOT_OK)
            st = add_files(pack, p, configs, root, cwd, &last, out, &slots, &count, &cap, err,
                           err_size);
        ssot_pack_free(pack); /* its facts are decoded: the next artifact takes its place */
    }
    free(cwd);
    if (st == SSOT_OK)
        st = check_complete(&set, n, err, err_size);
    free(set.owner);
    if (st == SSOT_OK) {
        qsort(slots, count, sizeof(*slots), by_path);
        for (size_t i = 1; i < count && st == SSOT_OK; i++)
            if (!strcmp(slots[i - 1].entry.path, slots[i].entry.path)) {
                char *shown = ssot_path_escape(slots[i].entry.path);
                snprintf(err, err_size, "%s is in two artifacts (%s and %s): an artifact is "
                         "corrupt", shown, paths[slots[i - 1].pack], paths[slots[i].pack]);
                free(shown);
                st = SSOT_ERR_INPUT;
            }
    }
    if (st != SSOT_OK) {
        free_slots(slots, count);
        ssot_merge_fini(out);
        return st;
    }
    out->files.items = ssot_calloc(count + 1, sizeof(*out->files.items));
    out->facts_in = ssot_calloc(count + 1, sizeof(*out->facts_in));
    for (size_t i = 0; i < count; i++) {
        out->files.items[i] = slots[i].entry;
        out->facts_in[i] = slots[i].pf;
    }
    out->files.count = out->files.cap = count;
    free(slots);
    return SSOT_OK;
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
    ssot_arena_free(m->arena);
    memset(m, 0, sizeof(*m));
}
