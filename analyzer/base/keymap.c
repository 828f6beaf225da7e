/* analyzer/base/keymap.c - composite key -> integer-list hash map, linear probing over the
 * keys' 128-bit xxHash (XXH3). */
#include "analyzer/base/keymap.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"

typedef struct slot {
    ssot_key key;
    uint32_t *values; /* NULL: empty */
    uint32_t count, cap;
    uint32_t first; /* the values of a one-value list live here, not in `values` */
} slot;

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
        if (map->slots[i].values != &map->slots[i].first)
            free(map->slots[i].values);
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
        if (s->cap == 1)
            s->values = &s->first;
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
        s->first = value;
        s->values = &s->first;
        s->count = s->cap = 1;
        map->used++;
        return;
    }
    if (s->count == s->cap) {
        uint32_t cap = s->cap * 2;
        uint32_t *values = ssot_calloc(cap, sizeof(uint32_t));
        memcpy(values, s->values, s->count * sizeof(uint32_t));
        if (s->values != &s->first)
            free(s->values);
        s->values = values;
        s->cap = cap;
    }
    s->values[s->count++] = value;
}

const uint32_t *ssot_keymap_get(const ssot_keymap *map, ssot_key key, size_t *count)
{
    slot *s = find(map, key);
    *count = s->count;
    return s->count ? s->values : NULL;
}

uint32_t ssot_keymap_value(const ssot_keymap *map, ssot_key key, uint32_t missing)
{
    slot *s = find(map, key);
    return s->count ? s->values[0] : missing;
}
