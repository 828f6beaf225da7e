/* analyzer/frontend/javascript/javascript.h - the JavaScript and TypeScript front ends
 * (tree-sitter-javascript 0.23, tree-sitter-typescript 0.23: typescript and tsx), one entry
 * per grammar in the front-end registry, sharing one extraction. */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JAVASCRIPT_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JAVASCRIPT_H

#include "analyzer/frontend/frontend.h"

extern const ssot_frontend ssot_frontend_javascript; /* .js .jsx .mjs .cjs, `node` */
extern const ssot_frontend ssot_frontend_typescript; /* .ts .mts .cts, `ts-node`, `tsx` */
extern const ssot_frontend ssot_frontend_tsx;        /* .tsx */

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_JAVASCRIPT_H */
