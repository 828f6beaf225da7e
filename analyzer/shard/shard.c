/* analyzer/shard/shard.c - a shard's share of the files: longest-processing-time-first
 * over the files ordered by (size, path from the project root), each file to the shard
 * with the least weight so far (a binary heap), so shares are balanced and reproducible. */
#include "analyzer/shard/shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/engine/diag.h"

/* What a file costs besides its bytes (open, read, cache lookup, facts): 100,000 tiny files
 * are not free. */
enum { FILE_WEIGHT = 2048 };

ssot_status ssot_shard_parse(const char *spec, unsigned *k, unsigned *n, char *err,
                             size_t err_size)
{
    char *end;
    errno = 0;
    unsigned long a = strtoul(spec, &end, 10), b = 0;
    bool ok = end != spec && *end == '/' && spec[0] >= '0' && spec[0] <= '9' && !errno;
    if (ok) {
        const char *p = end + 1;
        b = strtoul(p, &end, 10);
        ok = end != p && *end == '\0' && p[0] >= '0' && p[0] <= '9' && !errno;
    }
    if (!ok || a < 1 || b < a || b > SSOT_SHARD_MAX) {
        snprintf(err, err_size, "--shard takes K/N with 1 <= K <= N <= %d (like 2/8), not `%s`",
                 SSOT_SHARD_MAX, spec);
        return SSOT_ERR_USAGE;
    }
    *k = (unsigned)a;
    *n = (unsigned)b;
    return SSOT_OK;
}

typedef struct ranked {
    const char *rel; /* borrowed */
    uint64_t size;
    size_t index;
} ranked;

static int heaviest_first(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return strcmp(x->rel, y->rel);
}

typedef struct bin {
    uint64_t load;
    unsigned shard;
} bin;

static bool lighter(const bin *x, const bin *y)
{
    return x->load < y->load || (x->load == y->load && x->shard < y->shard);
}

static void sift_down(bin *heap, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && lighter(&heap[l], &heap[m]))
            m = l;
        if (r < n && lighter(&heap[r], &heap[m]))
            m = r;
        if (m == i)
            return;
        bin t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

static char **root_paths(const ssot_file_list *files, const char *root)
{
    char **rel = ssot_calloc(files->count + 1, sizeof(*rel));
    for (size_t i = 0; i < files->count; i++)
        rel[i] = ssot_path_from_root(root, files->items[i].path);
    return rel;
}

static void free_paths(char **rel, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(rel[i]);
    free(rel);
}

void ssot_shard_share(const ssot_file_list *files, const char *root, unsigned k, unsigned n,
                      ssot_file_list *share)
{
    char **rel = root_paths(files, root);
    ranked *order = ssot_calloc(files->count + 1, sizeof(*order));
    for (size_t i = 0; i < files->count; i++)
        order[i] = (ranked){rel[i], (uint64_t)files->items[i].size + FILE_WEIGHT, i};
    qsort(order, files->count, sizeof(*order), heaviest_first);
    /* the heap starts ordered: every load 0, shards ascending */
    bin *heap = ssot_calloc(n, sizeof(*heap));
    for (unsigned s = 0; s < n; s++)
        heap[s] = (bin){0, s + 1};
    bool *mine = ssot_calloc(files->count + 1, sizeof(*mine));
    for (size_t i = 0; i < files->count; i++) {
        mine[order[i].index] = heap[0].shard == k;
        heap[0].load += order[i].size;
        sift_down(heap, n, 0);
    }
    memset(share, 0, sizeof(*share));
    share->items = ssot_calloc(files->count + 1, sizeof(*share->items));
    for (size_t i = 0; i < files->count; i++)
        if (mine[i])
            share->items[share->count++] = files->items[i];
    share->cap = share->count;
    free(mine);
    free(heap);
    free(order);
    free_paths(rel, files->count);
}

uint64_t ssot_shard_list_hash(const ssot_file_list *files, const char *root)
{
    char **rel = root_paths(files, root);
    /* in the order of the paths from the root: the same from whichever folder a shard runs */
    ranked *order = ssot_calloc(files->count + 1, sizeof(*order));
    for (size_t i = 0; i < files->count; i++)
        order[i] = (ranked){rel[i], 0, i};
    qsort(order, files->count, sizeof(*order), heaviest_first);
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    for (size_t k = 0; k < files->count; k++) {
        size_t i = order[k].index;
        const ssot_file_entry *e = &files->items[i];
        unsigned char fixed[12];
        uint64_t size = (uint64_t)e->size;
        for (unsigned b = 0; b < 8; b++)
            fixed[b] = (unsigned char)(size >> (8 * b));
        fixed[8] = (unsigned char)e->role;
        fixed[9] = (unsigned char)(e->pytest_file | e->explicit << 1 | e->context << 2 |
                                   e->uncollected << 3);
        fixed[10] = fixed[11] = 0;
        XXH3_64bits_update(st, rel[i], strlen(rel[i]) + 1);
        XXH3_64bits_update(st, fixed, sizeof(fixed));
    }
    uint64_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    free(order);
    free_paths(rel, files->count);
    return h;
}
