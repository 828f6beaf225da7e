/* analyzer/frontend/frontend.h - front ends turn one file's source into facts.
 * A front end keeps per-thread parser state; it never outlives its thread. */
#ifndef SSOT_ANALYZER_FRONTEND_FRONTEND_H
#define SSOT_ANALYZER_FRONTEND_FRONTEND_H

#include "analyzer/alloc.h"
#include "analyzer/facts.h"
#include "analyzer/source.h"

/* Deeper syntax than this is not followed; the file gets an E005 finding instead of a
 * crash or a stack overflow. */
#define SSOT_MAX_NESTING 200

typedef struct ssot_python_frontend ssot_python_frontend;

/* A parser for one thread. Returns NULL when the grammar's ABI does not fit the
 * tree-sitter runtime (the message explains); the caller frees with _free. */
ssot_python_frontend *ssot_python_frontend_new(char *err, size_t err_size);
void ssot_python_frontend_free(ssot_python_frontend *fe);

/* Parse `src` (valid UTF-8) and fill `facts` (path, role already set) from the tree,
 * allocating in `arena`. The tree is freed before returning. Syntax errors become
 * E003 problems in the facts; analysis goes on over what parsed. */
void ssot_python_extract(ssot_python_frontend *fe, const ssot_source *src, ssot_facts *facts,
                         ssot_arena *arena);

#endif /* SSOT_ANALYZER_FRONTEND_FRONTEND_H */
