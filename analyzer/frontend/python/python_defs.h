/* analyzer/frontend/python/python_defs.h - definitions of service files for the DD rules. */
#ifndef SSOT_ANALYZER_FRONTEND_PYTHON_DEFS_H
#define SSOT_ANALYZER_FRONTEND_PYTHON_DEFS_H

#include "analyzer/frontend/python/python_internal.h"

/* Fill `facts->definitions`: module-level classes, functions and UPPER_CASE literal
 * constants, and the methods of classes, each with its size and two body fingerprints.
 * Nothing for generated, vendored, migration and `.pyi` files. Everything lives in the
 * file's arena; the walk allocates nothing per node. */
void py_definitions(py_ctx *c, ft_node root);

/* The file is not first-party source for the DD rules: generated (a "generated" or "do not
 * edit" comment in its first lines), vendored, a migration or a `.pyi` stub. */
bool py_defs_skip_file(const char *path, const char *src, size_t len);

#endif /* SSOT_ANALYZER_FRONTEND_PYTHON_DEFS_H */
