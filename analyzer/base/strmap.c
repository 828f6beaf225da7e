/* analyzer/base/strmap.c - string -> integer-list hash map, linear probing, xxHash keys. */
#include "analyzer/base/strmap.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"

typedef struct slot {
    const char *key; /* NULL: empty */
    uint64_t hash;
    union {
        uint32_t first;   /* count 1: the one value, in the slot */
        uint32_t *values; /* count > 1: owned, room for the next power of two >= count */
    } v;
    uint32_t count;
} slot;

static uint32_t *values_of(slot *s)
{
    return s->count == 1 ? &s->v.first : s->v.values;
}

struct ssot_strmap {
    slot *slots;
    size_t cap, used;
};

ssot_strmap *ssot_strmap_new(void)
{
    ssot_strmap *m = ssot_calloc(1, sizeof(*m));
    m->cap = 64;
    m->slots = ssot_calloc(m->cap, sizeof(slot));
    return m;
}

void ssot_strmap_free(ssot_strmap *map)
{
    if (!map)
        return;
    for (size_t i = 0; i < map->cap; i++)
        if (map->slots[i].count > 1)
            free(map->slots[i].v.values);
    free(map->slots);
    free(map);
}

static slot *find(const ssot_strmap *m, const char *key, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
            return s;
    }
}

static void grow(ssot_strmap *m)
{
    slot *old = m->slots;
    size_t old_cap = m->cap;
    m->cap *= 2;
    m->slots = ssot_calloc(m->cap, sizeof(slot));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].hash) = old[i];
    free(old);
}

void ssot_strmap_add(ssot_strmap *map, const char *key, uint32_t value)
{
    if ((map->used + 1) * 4 > map->cap * 3)
        grow(map);
    uint64_t h = XXH3_64bits(key, strlen(key));
    slot *s = find(map, key, h);
    if (!s->key) {
        s->key = key;
        s->hash = h;
        map->used++;
    }
    if (s->count == 0) {
        s->v.first = value;
        s->count = 1;
        return;
    }
    if (s->count == 1) {
        uint32_t first = s->v.first;
        s->v.values = ssot_calloc(2, sizeof(uint32_t));
        s->v.values[0] = first;
    } else if ((s->count & (s->count - 1)) == 0) {
        /* full: the room is the next power of two >= count */
        s->v.values = ssot_realloc(s->v.values, (size_t)s->count * 2 * sizeof(uint32_t));
    }
    s->v.values[s->count++] = value;
}

const uint32_t *ssot_strmap_get(const ssot_strmap *map, const char *key, size_t *count)
{
    slot *s = find(map, key, XXH3_64bits(key, strlen(key)));
    *count = s->key ? s->count : 0;
    return s->key && s->count ? values_of(s) : NULL;
}
