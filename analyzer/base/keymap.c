/* analyzer/base/keymap.c - composite key -> integer-list hash map, linear probing over the
 * keys' 128-bit xxHash (XXH3). */
#include "analyzer/base/keymap.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"

typedef struct slot {
    ssot_key key;
    union {
        uint32_t first;   /* count 1: the one value, in the slot */
        uint32_t *values; /* count > 1: owned, room for the next power of two >= count */
    } v;
    uint32_t count;       /* 0: empty */
} slot;

static uint32_t *values_of(slot *s)
{
    return s->count == 1 ? &s->v.first : s->v.values;
}

struct ssot_keymap {
    slot *slots;
    size_t cap, used;
};

ssot_key ssot_key_of(uint64_t number, const void *bytes, size_t len)
{
    XXH128_hash_t h = XXH3_128bits_withSeed(bytes, len, number);
    return (ssot_key){h.low64, h.high64};
}

ssot_key ssot_key_str(uint64_t number, const char *s)
{
    return ssot_key_of(number, s, strlen(s));
}

ssot_keymap *ssot_keymap_new(void)
{
    ssot_keymap *m = ssot_calloc(1, sizeof(*m));
    m->cap = 64;
    m->slots = ssot_calloc(m->cap, sizeof(slot));
    return m;
}

void ssot_keymap_free(ssot_keymap *map)
{
    if (!map)
        return;
    for (size_t i = 0; i < map->cap; i++)
        if (map->slots[i].count > 1)
            free(map->slots[i].v.values);
    free(map->slots);
    free(map);
}

static slot *find(const ssot_keymap *m, ssot_key key)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)key.low & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->count || (s->key.low == key.low && s->key.high == key.high))
            return s;
    }
}

static void grow(ssot_keymap *m)
{
    slot *old = m->slots;
    size_t old_cap = m->cap;
    m->cap *= 2;
    m->slots = ssot_calloc(m->cap, sizeof(slot));
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].count)
            continue;
        slot *s = find(m, old[i].key);
        *s = old[i];
    }
    free(old);
}

void ssot_keymap_add(ssot_keymap *map, ssot_key key, uint32_t value)
{
    if ((map->used + 1) * 4 > map->cap * 3)
        grow(map);
    slot *s = find(map, key);
    if (!s->count) {
        s->key = key;
        s->v.first = value;
        s->count = 1;
        map->used++;
        return;
    }
    if (s->count == 1) {
        uint32_t first = s->v.first;
        s->v.values = ssot_calloc(2, sizeof(uint32_t));
        s->v.values[0] = first;
    } else if ((s->count & (s->count - 1)) == 0) {
        /* full: the room is the next power of two >= count */
        uint32_t *values = ssot_calloc((size_t)s->count * 2, sizeof(uint32_t));
        memcpy(values, s->v.values, s->count * sizeof(uint32_t));
        free(s->v.values);
        s->v.values = values;
    }
    s->v.values[s->count++] = value;
}

const uint32_t *ssot_keymap_get(const ssot_keymap *map, ssot_key key, size_t *count)
{
    slot *s = find(map, key);
    *count = s->count;
    return s->count ? values_of(s) : NULL;
}

uint32_t ssot_keymap_value(const ssot_keymap *map, ssot_key key, uint32_t missing)
{
    slot *s = find(map, key);
    return s->count ? values_of(s)[0] : missing;
}
