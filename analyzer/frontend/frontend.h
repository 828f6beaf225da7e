/* analyzer/frontend/frontend.h - front ends turn one file's source into facts.
 * A front end keeps per-thread parser state; it never outlives its thread. */
#ifndef SSOT_ANALYZER_FRONTEND_FRONTEND_H
#define SSOT_ANALYZER_FRONTEND_FRONTEND_H

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"
#include "analyzer/discover/source.h"

/* Deeper syntax than this is not followed; the file gets an E005 finding instead of a
 * crash or a stack overflow. */
#define SSOT_MAX_NESTING 200

/* What tree-sitter may hold for one file's tree. Ordinary code needs 25-40 bytes of tree per
 * byte of source (8 MiB of it about 210 MiB); code that makes a node of every byte (`1+1+...`)
 * 140. A file whose tree grows past this is not analysed: E006, instead of gigabytes. */
#define SSOT_MAX_TREE_BYTES (256 << 20)

typedef struct ssot_python_frontend ssot_python_frontend;

/* A parser for one thread. Returns NULL when the grammar's ABI does not fit the
 * tree-sitter runtime (the message explains); the caller frees with _free. */
ssot_python_frontend *ssot_python_frontend_new(char *err, size_t err_size);
void ssot_python_frontend_free(ssot_python_frontend *fe);

/* Parse `src` (valid UTF-8) and fill `facts` (path, role already set) from the tree,
 * allocating in `arena`. The tree is freed before returning. Syntax errors become
 * E003 problems in the facts; analysis goes on over what parsed. A tree over
 * SSOT_MAX_TREE_BYTES stops the parse: an E006 problem, and no other facts. */
void ssot_python_extract(ssot_python_frontend *fe, const ssot_source *src, ssot_facts *facts,
                         ssot_arena *arena);

#endif /* SSOT_ANALYZER_FRONTEND_FRONTEND_H */
