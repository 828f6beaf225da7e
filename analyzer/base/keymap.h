/* analyzer/base/keymap.h - an open-addressing hash map from composite keys (a 64-bit number
 * and a byte string: a file or class and a name, a scope and a name) to lists of integers.
 * Keys are stored as their 128-bit xxHash only, so nothing is borrowed; the project-wide
 * passes use it for their lookups and memos. */
#ifndef SSOT_ANALYZER_KEYMAP_H
#define SSOT_ANALYZER_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ssot_keymap ssot_keymap;

typedef struct ssot_key {
    uint64_t low, high;
} ssot_key;

/* The key of (`number`, `bytes[0..len)`). */
ssot_key ssot_key_of(uint64_t number, const void *bytes, size_t len);
/* The key of (`number`, the string `s`). */
ssot_key ssot_key_str(uint64_t number, const char *s);

ssot_keymap *ssot_keymap_new(void);
void ssot_keymap_free(ssot_keymap *map); /* NULL is a no-op */
/* Append `value` to the list under `key`. */
void ssot_keymap_add(ssot_keymap *map, ssot_key key, uint32_t value);
/* The list under `key` (borrowed, valid until the next add), or NULL with *count 0. */
const uint32_t *ssot_keymap_get(const ssot_keymap *map, ssot_key key, size_t *count);
/* Single values: the first value under `key`, or `missing`. */
uint32_t ssot_keymap_value(const ssot_keymap *map, ssot_key key, uint32_t missing);

#endif /* SSOT_ANALYZER_KEYMAP_H */
