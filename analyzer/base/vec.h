/* analyzer/base/vec.h - a growable array of any element type, for builders.
 * SSOT_VEC(int) v = {0}; SSOT_VEC_PUSH(&v, 3); ... free(v.items);  */
#ifndef SSOT_ANALYZER_VEC_H
#define SSOT_ANALYZER_VEC_H

#include "analyzer/base/alloc.h"

#define SSOT_VEC(type)                                                                             \
    struct {                                                                                       \
        type *items;                                                                               \
        size_t count, cap;                                                                         \
    }

#define SSOT_VEC_GROW(v)                                                                           \
    do {                                                                                           \
        if ((v)->count == (v)->cap) {                                                              \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                                                \
            (v)->items = ssot_realloc((v)->items, (v)->cap * sizeof(*(v)->items));                 \
        }                                                                                          \
    } while (0)

#define SSOT_VEC_PUSH(v, value)                                                                    \
    do {                                                                                           \
        SSOT_VEC_GROW(v);                                                                          \
        (v)->items[(v)->count++] = (value);                                                        \
    } while (0)

#endif /* SSOT_ANALYZER_VEC_H */
