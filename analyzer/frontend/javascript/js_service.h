/* analyzer/frontend/javascript/js_service.h - the service-file facts of the JavaScript and
 * TypeScript front end: module state for the SG rules (js_module.c, js_class.c) and
 * definitions for the DD rules (js_defs.c), in the same language-neutral model Python fills. */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_SERVICE_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_SERVICE_H

#include "analyzer/frontend/javascript/js_internal.h"

/* Service files: imports (ESM, re-exports, CommonJS `require`), module bindings and what
 * they hold, containers written by functions (and by request handlers), module functions,
 * module `let`s assigned lazily under a guard, and classes with their instance state and
 * static instance accessors. Fills facts->imports, bindings, module_fns, global_writes,
 * classes, serves and tool. */
void js_module_state(js_ctx *c);

/* Any other file: its imports only (SS002 judges every file's imports). */
void js_module_imports(js_ctx *c);

/* Service files: functions, classes, methods, UPPER_CASE constants and type-only
 * declarations (interfaces, type aliases, enums) with sizes and body fingerprints. Skips
 * declaration files (`.d.ts`), minified, generated and vendored files. */
void js_definitions(js_ctx *c);

/* Test files: the values of the configuration's contracts each test writes, and whether
 * inside one of its assertions (SS003). Runs after the test-file walk; nothing without
 * contracts. */
void js_contract_mentions(js_ctx *c);

/* Does `path` name a file whose definitions are not first-party source (a `.d.ts`
 * declaration file, a `.min.js` bundle, a vendored folder), or does `src` say it is
 * generated or minified (a line of over 1,000 bytes)? */
bool js_defs_skip_file(const char *path, const char *src, size_t len);

/* ---- shared by js_module.c and js_class.c ---- */

/* Each node of `n`'s subtree in pre-order (`n` itself first); `fn` returns false to skip a
 * node's children. Iterative: deep trees cost no stack. */
typedef bool (*js_visit_fn)(void *ctx, js_node n);
void js_each_node(js_node n, js_visit_fn fn, void *ctx);

/* A function node: declaration, expression, arrow, method, generator. */
bool js_is_function(js_node n);

/* The node kinds the service walks look at, by grammar symbol: a table made once per file
 * (js_kinds_new) so that the walks over every node compare a byte, not type names. */
typedef enum js_kind {
    JK_OTHER = 0,
    JK_FUNCTION,        /* js_is_function */
    JK_CLASS,           /* class_declaration, class */
    JK_ASSIGN,          /* assignment_expression */
    JK_AUG_ASSIGN,      /* augmented_assignment_expression */
    JK_CALL,            /* call_expression */
    JK_UNARY,           /* unary_expression */
    JK_UPDATE,          /* update_expression */
    JK_IDENTIFIER,      /* identifier */
} js_kind;

typedef struct js_kinds {
    uint8_t *of;        /* symbol -> js_kind */
    uint32_t count;
} js_kinds;

void js_kinds_init(js_kinds *k, const TSLanguage *lang);
void js_kinds_fini(js_kinds *k);
static inline js_kind js_kind_of(const js_kinds *k, js_node n)
{
    TSSymbol s = ft_symbol(n);
    return s < k->count ? (js_kind)k->of[s] : JK_OTHER;
}

/* The module path an import specifier names, as the index names modules: `./cart` from
 * `src/ui/button.ts` is `src/ui/cart` (extensions dropped, `..` applied); a package name
 * stays as written (`express`, `@prisma/client`). In the arena. */
const char *js_module_path(js_ctx *c, const char *spec);

/* Is this identifier a request-scoped name (user, session, connection, request, tenant)? */
bool js_request_word(const char *name);

/* Mutating methods of JS containers (`set`, `push`, `add`, `delete` ...). */
bool js_is_mutator(const char *name, size_t len);

/* Fill facts->classes of a service file: names, bases, methods and state. */
void js_classes(js_ctx *c, const js_kinds *kinds);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_SERVICE_H */
