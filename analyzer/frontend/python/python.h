/* analyzer/frontend/python/python.h - the Python front end (tree-sitter-python): its entry in
 * the front-end registry, and its direct API for the tests and tools that parse Python only. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_PYTHON_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_PYTHON_H

#include "analyzer/frontend/frontend.h"

extern const ssot_frontend ssot_frontend_python;

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

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_PYTHON_H */
