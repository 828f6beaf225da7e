/* analyzer/frontend/javascript/js_test_internal.h - what the test-file extraction shares between
 * the file walk (js_tests.c: suites, hooks, tests, module mocks) and the body walk (js_body.c:
 * assertions, calls, doubles). */
#ifndef SSOT_ANALYZER_FRONTEND_JAVASCRIPT_TEST_INTERNAL_H
#define SSOT_ANALYZER_FRONTEND_JAVASCRIPT_TEST_INTERNAL_H

#include "analyzer/frontend/javascript/js_internal.h"

/* A name the file imports: `local` bound to `name` (NULL: the default or namespace) of
 * module `module` as written, and its resolved form (a project module path, or `module`). */
typedef struct js_import {
    const char *local, *name, *module, *resolved;
    bool project; /* a relative specifier: the project's own code */
} js_import;

/* A whole module replaced for the file (`jest.mock('./cart')`). */
typedef struct js_module_mock {
    const char *resolved;
    ssot_loc loc;
    bool factory;          /* a factory gives the replacement */
    bool partial;          /* the factory spreads the real module: only `keys` are doubles */
    js_strings keys;       /* the factory's own keys */
} js_module_mock;

/* A name that stands for a double: a variable, an alias (`api.get` after spyOn), or a local
 * bound to what a double returns (`r = m.get()`: double m, path `get.return_value`). */
typedef struct js_alias {
    const char *name;
    int32_t dbl;
    const char *path; /* "" for the double itself */
} js_alias;

typedef SSOT_VEC(js_import) js_imports;
typedef SSOT_VEC(js_module_mock) js_module_mocks;
typedef SSOT_VEC(js_alias) js_aliases;
typedef SSOT_VEC(ssot_assertion) js_asserts;
typedef SSOT_VEC(ssot_call) js_calls;
typedef SSOT_VEC(ssot_discarded) js_discards;
typedef SSOT_VEC(ssot_double) js_doubles;
typedef SSOT_VEC(ssot_patch) js_patches;
typedef SSOT_VEC(ssot_setting) js_settings;
typedef SSOT_VEC(ssot_handoff) js_handoffs;

/* The file: what every walk needs to know. */
typedef struct js_file {
    js_ctx *c;
    js_imports imports;
    js_module_mocks mocks;
    js_strings module_names;  /* names module-level statements bind (functions, variables) */
    js_strings test_names;    /* extra names that declare tests (`const it2 = test.extend()`) */
    const char *dir;          /* the file's folder, for relative specifiers */
} js_file;

/* One function being built: a test, a helper, or the setup of a scope (hooks and the
 * statements around tests), whose doubles, settings and patches the tests inherit. */
typedef struct js_fn {
    js_file *f;
    js_asserts asserts;
    js_calls calls;
    js_discards discarded;
    js_doubles doubles;
    js_patches patches;
    js_settings settings;
    js_handoffs handoffs;
    js_aliases aliases;
    js_strings expectations; /* locals bound to an unfinished `expect(...)`/`expect.poll(...)` */
    const char *done;       /* the done-callback parameter, NULL */
    const char *context;    /* the first parameter of a test callback (`t`, `ctx`), NULL */
    bool setup;             /* walking a hook or a scope: what is bound is inherited */
    bool test_body;         /* walking a test's own body */
    bool has_code;          /* a statement other than comments */
    bool async_fn;
    int depth;
} js_fn;

/* Walk statement or expression `n` (a function body) into `b`. */
void js_body_walk(js_fn *b, js_node n);
/* Free a builder's vectors (not what they point to: the arena's). */
void js_fn_fini(js_fn *b);
/* A copy of `from` for a scope or a test inside it: its doubles, settings and patches marked
 * inherited, its assertions (hooks') kept as helpers' (A7). */
void js_fn_inherit(js_fn *to, const js_fn *from);
/* The double `name` stands for, -1; `*path` its path below the double. */
int32_t js_fn_double_of(const js_fn *b, const char *name, const char **path);

/* Import the file's own names: what `local` names when imported, NULL. */
const js_import *js_file_import(const js_file *f, const char *local);
/* The module mock that replaces what `local` was imported from, NULL. */
const js_module_mock *js_file_mock_of(const js_file *f, const char *local);
/* Resolve a specifier against the file's folder: `./cart` in `src/a.test.ts` -> `src/cart`;
 * a package stays as written. */
const char *js_resolve_specifier(js_file *f, const char *spec);
/* Compact text of a node: its source without whitespace outside string literals. */
const char *js_compact(js_ctx *c, js_node n);
/* Is `name` one of the test runner's globals or imported from a test-runner module? */
bool js_file_is_runner_name(const js_file *f, const char *name, const char *global);

#endif /* SSOT_ANALYZER_FRONTEND_JAVASCRIPT_TEST_INTERNAL_H */
