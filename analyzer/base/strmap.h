/* analyzer/base/strmap.h - an open-addressing hash map from strings to lists of integers (the
 * index's name tables). Keys are borrowed and must outlive the map; hashing is xxHash. */
#ifndef SSOT_ANALYZER_STRMAP_H
#define SSOT_ANALYZER_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ssot_strmap ssot_strmap;

ssot_strmap *ssot_strmap_new(void);
void ssot_strmap_free(ssot_strmap *map); /* NULL is a no-op */
/* Append `value` to the list under `key`. */
void ssot_strmap_add(ssot_strmap *map, const char *key, uint32_t value);
/* The list under `key` (borrowed, valid until the next add), or NULL with *count 0. */
const uint32_t *ssot_strmap_get(const ssot_strmap *map, const char *key, size_t *count);

#endif /* SSOT_ANALYZER_STRMAP_H */
