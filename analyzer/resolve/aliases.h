/* analyzer/resolve/aliases.h - path aliases (`@/lib/x`) of the imports of languages whose
 * modules are named by path: tsconfig.json/jsconfig.json `compilerOptions.paths` and
 * `baseUrl`, following `extends`, read statically from the closest one above each file. */
#ifndef SSOT_ANALYZER_ALIASES_H
#define SSOT_ANALYZER_ALIASES_H

#include "analyzer/resolve/index.h"

/* Rewrites each import and whole-module patch whose specifier an alias maps onto one of the
 * project's modules to that module's name (in the index's arena), before anything resolves
 * imports. Single-threaded. */
void ssot_aliases_resolve(ssot_index *index);

#endif /* SSOT_ANALYZER_ALIASES_H */
