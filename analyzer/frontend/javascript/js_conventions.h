/* analyzer/frontend/javascript/js_conventions.h - which JavaScript/TypeScript files are tests
 * when the configuration does not say: jest's testMatch/testRegex, vitest's include/exclude,
 * mocha's spec, read statically from the nearest framework configuration; defaults otherwise. */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_CONVENTIONS_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_CONVENTIONS_H

#include <stdbool.h>

/* The state of one discovery: the configurations read, cached per folder. */
void *ssot_js_conventions_new(void);
void ssot_js_conventions_free(void *conventions);
/* Is the file at absolute path `abs` (`rel` below the walked folder) a test file or test
 * support? The closest runner configuration decides, relative to its folder; else the
 * defaults, on `rel`. */
bool ssot_js_conventions_is_test(void *conventions, const char *abs, const char *rel);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_CONVENTIONS_H */
