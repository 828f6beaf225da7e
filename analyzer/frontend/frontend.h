/* analyzer/frontend/frontend.h - the front-end interface: one front end per language turns one
 * file's source into language-neutral facts. Discovery picks a file's front end (extension,
 * shebang), the front end says which files are tests when the configuration does not, and the
 * engine calls it through this table only. A front end need not be built on tree-sitter (the
 * C/C++ one parses with libclang): parser state is an opaque pointer it makes and frees. */
#ifndef SSOT_ANALYZER_FRONTEND_FRONTEND_H
#define SSOT_ANALYZER_FRONTEND_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

typedef struct ssot_frontend ssot_frontend;

/* One language. Every field but `cache_key`, `conventions_*`/`is_test_file` and
 * `preview_rules` is required. */
struct ssot_frontend {
    const char *name;                 /* "python", "javascript", "typescript", "tsx" */
    const char *const *extensions;    /* NULL-terminated, with the dot: ".py", ".pyi" */
    const char *const *interpreters;  /* NULL-terminated: a shebang's program (`python3`,
                                         `node`), matched by prefix after `env` */
    const void *data;                 /* the front end's own: which grammar, ... */

    /* Parser state for one worker thread; it is used by that thread only and freed before
       the run ends. Returns NULL when the language cannot be parsed here (a grammar whose
       ABI the runtime refuses, libclang missing), with a one-line reason in `err`. */
    void *(*parser_new)(const ssot_frontend *self, char *err, size_t err_size);
    void (*parser_free)(void *parser); /* NULL is a no-op */
    /* Optional (NULL: none): the folder where this worker's parser may keep files derived
       from the sources, shared by the run's workers (the C/C++ front end's precompiled
       headers). It is the cache folder when the run has one (kept across runs: the front
       end names its entries by a content hash and checks them before use), else a
       temporary folder the engine removes when the run ends. Called once after
       `parser_new`; `dir` outlives the parser and may not exist yet. */
    void (*parser_scratch)(void *parser, const char *dir);

    /* Parse `src` (valid UTF-8) and fill `facts` (path, role, module already set),
       allocating in `arena`. The syntax tree is freed before returning; nothing it holds
       outlives the call. Syntax errors become E003 problems and the rest is still analysed;
       a tree over SSOT_MAX_TREE_BYTES stops the parse (E006). Cannot fail otherwise. */
    void (*extract)(void *parser, const ssot_source *src, ssot_facts *facts,
                    ssot_arena *arena);

    /* What a file's facts depend on besides its text, path, role and configuration, as a
       hash folded into its facts cache key (the C/C++ front end: the compile flags it is
       parsed with, from compile_commands.json or guessed from the tree, so that an edited
       database is a miss); NULL when nothing. `root`: the absolute project root, which the
       hash must leave out (the cache is shared between checkouts and machines). Called
       before the parse, on a worker's own parser. */
    uint64_t (*cache_key)(void *parser, const ssot_facts *facts, const char *root);

    /* The language's own test-file conventions, used when the file's configuration sets no
       `test-files` (NULL: the configuration's derived `test-files` decide, as for Python).
       `conventions_new` makes the state of one discovery (the framework configurations it
       read, cached per folder; discovery is single-threaded); `is_test_file` gets the
       file's absolute path and its path below the walked folder or the configuration's
       (folders above the project must not decide: `/home/test/app/x.js`), and returns
       whether the language's test runner collects it or it is test support. */
    void *(*conventions_new)(void);
    void (*conventions_free)(void *conventions); /* NULL is a no-op */
    bool (*is_test_file)(void *conventions, const char *abs_path, const char *rel_path);

    /* The module name of the file at `path` (as discovery shows it), given the dotted
       package prefix of its folder (Python's `__init__.py` packages, "" when none). Python:
       `pkg.mod`; JavaScript: the path without its extension (`src/cart`, `src/ui` for
       `src/ui/index.ts`). The caller frees. */
    char *(*module_name)(const char *package, const char *path);

    /* Rules measured below 0.90 precision on this language's corpus (tools/eval) while they
       meet it on others: on this language's files they run only in preview mode or when
       selected by their full code or name, as a preview rule does everywhere. NULL-terminated;
       NULL when every default rule is measured good here. */
    const char *const *preview_rules;
};

/* The registered front ends, in a fixed order; *count is set. */
const ssot_frontend *const *ssot_frontends(size_t *count);

/* The front end that reads files named like `path` (its extension), NULL when none. */
const ssot_frontend *ssot_frontend_for_path(const char *path);

/* The front end named by a shebang line (`#!/usr/bin/env node`, `#!/usr/bin/python3`):
 * `text` is the file's start (`len` bytes), NULL when it names none. */
const ssot_frontend *ssot_frontend_for_shebang(const char *text, size_t len);

/* The front end of a file discovery found by walking a folder: by extension, else by the
 * shebang of a file without one (its first bytes are read); NULL: not a source file of a
 * known language (then it is not checked). */
const ssot_frontend *ssot_frontend_for_file(const char *path);

/* Python: what a named file of no known language is read as (the 0.2 behaviour). */
const ssot_frontend *ssot_frontend_default(void);

/* Where the registry's index of `fe` is, for per-front-end tables; SIZE_MAX when unknown. */
size_t ssot_frontend_index(const ssot_frontend *fe);

#endif /* SSOT_ANALYZER_FRONTEND_FRONTEND_H */
