/* analyzer/frontend/c/c_service.h - what the C/C++ service-code extraction shares: the token
 * helpers over a parsed file, the state facts (c_state.c: SG) and the definitions
 * (c_defs.c: DD) of a service file or header. */
#ifndef SSOT_ANALYZER_FRONTEND_C_C_SERVICE_H
#define SSOT_ANALYZER_FRONTEND_C_C_SERVICE_H

#include "analyzer/frontend/c/c_internal.h"

typedef SSOT_VEC(const char *) c_strings;

/* Copy a vector into the arena (an empty array, never NULL) and free it. */
const char **c_strings_to_arena(ssot_arena *a, c_strings *v, size_t *count);

/* The token span [*a, *b) of a cursor of the main file written there (not made by a macro
 * expansion); false for anything else. */
bool c_cursor_tokens(c_ctx *c, CXCursor cur, size_t *a, size_t *b);
/* The body `{ ... }` of a definition whose tokens start at a (its extent ends at b, maybe
 * before a skipped body): the indexes of its braces; false for a declaration. */
bool c_body_of(const c_ctx *c, size_t a, size_t b, size_t *open, size_t *close);
bool c_tok_is(const c_ctx *c, size_t i, const char *text);
ssot_loc c_tok_loc(c_ctx *c, size_t i);
/* The spelling of a cursor, in the arena. */
const char *c_cursor_name(c_ctx *c, CXCursor cur);

/* A header holds C++ (`namespace`, `template`, `class` lines); the flags of a header parsed
 * on its own (the language option a header needs; c_header.c). */
bool c_looks_cpp(const ssot_source *src);
void c_flags_header(c_flags *f, bool cpp);

/* SG facts: mutable globals written from functions (bindings), singleton classes. */
void c_state_extract(c_ctx *c);
/* DD facts: functions, methods, structs/classes and macro constants with fingerprints. */
void c_defs_extract(c_ctx *c);

#endif /* SSOT_ANALYZER_FRONTEND_C_C_SERVICE_H */
