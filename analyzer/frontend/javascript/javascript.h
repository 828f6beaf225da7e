/* analyzer/frontend/javascript/javascript.h - the JavaScript and TypeScript front ends
 * (tree-sitter-javascript 0.23, tree-sitter-typescript 0.23: typescript and tsx), one entry
 * per grammar in the front-end registry, sharing one extraction. */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JAVASCRIPT_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JAVASCRIPT_H

#include "analyzer/frontend/frontend.h"

extern const ssot_frontend ssot_frontend_javascript; /* .js .jsx .mjs .cjs, `node` */
extern const ssot_frontend ssot_frontend_typescript; /* .ts .mts .cts, `ts-node`, `tsx` */
extern const ssot_frontend ssot_frontend_tsx;        /* .tsx */

/* tree-sitter-typescript 0.23.2 predates TypeScript 5.0's type-only star export
 * (`export type * from './m'`, `export type * as ns from './m'`): it reads the statement as
 * `export * from` with the `type` keyword alone in an ERROR node. Is the ERROR node at
 * [start, end) of `src`, a child of an export_statement, that gap? Such an error is the
 * grammar's, not the file's (in TypeScript files). */
bool ssot_js_type_star_gap(const char *src, size_t len, uint32_t start, uint32_t end);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JAVASCRIPT_H */
