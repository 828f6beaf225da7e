/* analyzer/frontend/c/c_internal.h - what the C/C++ front end's files share: the parser state
 * of one worker, the compile flags of one file, and the token view of one file. */
#ifndef SSOT_ANALYZER_FRONTEND_C_C_INTERNAL_H
#define SSOT_ANALYZER_FRONTEND_C_C_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/vec.h"
#include "analyzer/frontend/c/c_clang.h"
#include "analyzer/discover/source.h"
#include "analyzer/facts/facts.h"

/* A compilation database loaded once per worker, by the folder that holds it. */
typedef struct c_db {
    char *dir;                  /* owned: absolute */
    CXCompilationDatabase db;   /* NULL: the folder has none (or it did not load) */
} c_db;

/* A worker's verdict on one preamble key (c_preamble.c). */
typedef enum c_pch_state {
    C_PCH_ASK,                  /* not settled: look on disk (the key was only marked seen) */
    C_PCH_USE,                  /* `path` is a checked PCH */
    C_PCH_REBUILD,              /* libclang refused it: build it again */
    C_PCH_NONE,                 /* no PCH for this key in this run */
} c_pch_state;

typedef struct c_pch {
    uint64_t key;
    char *path;                 /* owned, when C_PCH_USE */
    c_pch_state state;
    unsigned refusals;
} c_pch;

typedef struct c_parser {
    CXIndex index;
    bool cpp;                   /* the C++ front end */
    SSOT_VEC(c_db) dbs;
    char *scratch;              /* owned: where precompiled headers go; NULL: none */
    SSOT_VEC(c_pch) pchs;
    size_t last_pch;            /* 1 + the verdict of the last c_preamble_find; 0: none */
    void *build;                /* the build files read so far (c_build.c), NULL */
} c_parser;

/* The arguments one file is parsed with. */
typedef struct c_flags {
    char **argv;                /* owned, each string owned */
    int argc;
    char *dir;                  /* owned: the database command's working directory, NULL
                                   for the defaults */
    bool guessed;               /* no database entry: a neighbour's or the defaults */
    const char *origin;         /* borrowed static text: "compile_commands.json",
                                   "a neighbour's entry", "default flags" */
} c_flags;

/* Fill `out` for the file at `path` (as discovered). `configured`: the configuration's
 * `compile-commands` path (a file or its folder), NULL when none. Cannot fail: defaults
 * are the last resort. Free with c_flags_fini. */
void c_flags_for(c_parser *p, const char *path, const char *configured, bool cpp, c_flags *out);
void c_flags_fini(c_flags *f);
/* The front end's cache_key (frontend.h): a hash of the flags (arguments and working
 * directory) the file at facts->path would be parsed with, paths under `root` written
 * relative to it, so that an edited compile_commands.json, or a change of the guessed
 * flags or include folders, is a new cache entry. */
uint64_t c_flags_cache_key(void *parser, const ssot_facts *facts, const char *root);
void c_parser_dbs_free(c_parser *p);

/* The precompiled framework headers for the C++ test file `src` (absolute name `abs`)
 * parsed with `flags`: a PCH's path (owned by the parser) to pass with -include-pch, or NULL
 * to parse without one (c_preamble.c). */
const char *c_preamble_find(c_parser *p, const ssot_source *src, const char *abs,
                            const c_flags *flags);
/* libclang refused `pch` (stale, corrupt, foreign): it is rebuilt once at the next look. */
void c_preamble_refused(c_parser *p, const char *pch);
/* The file of the last c_preamble_find was parsed without a PCH and had errors outside
 * itself: its framework does not compile with these flags, so no PCH is built for it in
 * this run (the errors would not be the file's). */
void c_preamble_failed(c_parser *p);
void c_preamble_free(c_parser *p);
/* Why the build decides the verdict of the program the file at `abs_path` is compiled into
 * other than by its assertions (CTest `WILL_FAIL`, `PASS_REGULAR_EXPRESSION`, a script that
 * runs it and reads its output), as text for messages; NULL when it does not (c_build.c). */
const char *c_build_judged(c_parser *p, const char *abs_path);
/* A CTest command of the project runs the file's program with doctest's `--no-skip`, so its
 * `doctest::skip()` test cases run (c_build.c). */
bool c_build_runs_skipped(c_parser *p, const char *abs_path);
void c_build_free(c_parser *p);

typedef struct c_tok {
    CXTokenKind kind;
    const char *text;           /* arena */
    uint32_t off, end;          /* byte offsets in the file */
    uint32_t row, col;          /* 1-based */
    bool directive;             /* on a preprocessor directive line */
} c_tok;

typedef struct c_range {
    uint32_t start, end;
} c_range;

/* A named definition of the main file or a project header: a macro or a function. */
typedef struct c_def {
    const char *name;
    CXSourceRange extent;
    int asserts;                /* -1 unknown, 0 no, 1 yes */
} c_def;

typedef struct c_ctx {
    const ssot_source *src;
    ssot_facts *facts;
    ssot_arena *arena;
    CXTranslationUnit tu;       /* NULL when libclang could not parse the file */
    CXFile file;                /* the main file */
    c_tok *toks;                size_t ntok;
    c_range *skipped;           size_t nskipped;
    SSOT_VEC(c_def) macros;     /* project macros (main file and project headers) */
    SSOT_VEC(c_def) functions;  /* project function definitions */
    const char *judged;         /* c_build_judged() of the file, NULL */
    bool runs_skipped;          /* c_build_runs_skipped() of the file */
    void *mocks;                /* c_doubles.c's view of the file's mock classes, NULL */
} c_ctx;

/* Tests, assertions and skips of a test file, from its tokens (c_tests.c). */
void c_tests_extract(c_ctx *c);
/* What c_tests.c shares with the other readers of the tokens: the token that closes the
 * bracket at `i` (c->ntok when none); the arguments [starts, ends) of the call whose `(` is
 * at `open`; whether a project macro or function of that name asserts (A7, 3 levels); a
 * location spanning tokens a..b. */
size_t c_match(const c_ctx *c, size_t i);
size_t c_split_args(const c_ctx *c, size_t open, size_t close, size_t *starts, size_t *ends,
                    size_t max);
bool c_name_asserts(c_ctx *c, const char *name);
ssot_loc c_loc_of(c_ctx *c, size_t a, size_t b);

/* The per-test set-up and tear-down functions of the file that assert (Unity's
 * setUp/tearDown and TEST_SETUP/TEST_TEAR_DOWN, cmocka's per-test and group fixtures,
 * Check's fixtures, a gtest fixture's SetUp/TearDown): their assertions run with each test
 * they serve, which gets a helper assertion naming them (c_fixtures.c). */
void c_fixtures_apply(c_ctx *c, ssot_function *tests, size_t count, bool unity);
/* The file's own `main` checks what the tests did (it asserts, directly or through the
 * project's functions, or exits failed): the tests' verdict is the program's (c_fixtures.c). */
bool c_main_checks(c_ctx *c);

/* Test doubles (c_doubles.c): c_doubles_cursor sees each macro definition and field of the
 * main file and project headers (gmock's mock classes, where the mock machinery is
 * declared); c_doubles_extract fills a test's doubles, settings, handoffs and calls and the
 * doubles its assertions read, from its body's tokens [open, close]; c_doubles_free. */
void c_doubles_cursor(c_ctx *c, CXCursor cur);
void c_doubles_extract(c_ctx *c, ssot_function *fn, size_t open, size_t close);
void c_doubles_free(c_ctx *c);

/* The kind of a name as an assertion (c_vocab.c). */
typedef enum c_word {
    C_WORD_NONE = 0,
    C_WORD_ASSERT,      /* an assertion macro or function of a framework */
    C_WORD_FAIL,        /* an explicit failure: FAIL(), fail(), TEST_FAIL(), ck_abort() */
    C_WORD_MOCK_CHECK,  /* EXPECT_CALL, expect_*, check_expected*, will_return*: a mock
                           verification (A4) */
    C_WORD_CONFIG,      /* ON_CALL, will_return_maybe, ignore_function_calls: configuration */
    C_WORD_SKIP,        /* GTEST_SKIP(), skip(), SKIP(), TEST_IGNORE() */
} c_word;
c_word c_vocab_word(const char *name);
/* A framework macro's name without doctest's `DOCTEST_` or Catch2's `CATCH_` prefix (its
 * other spelling); the name itself when it has none. */
const char *c_vocab_unprefixed(const char *name);
/* Truth assertions: EXPECT_TRUE(x), assert_true(x), REQUIRE(x) ... (1), or their negated
 * forms EXPECT_FALSE(x) ... (-1); 0 for the others. */
int c_vocab_truth(const char *name);
/* Equality forms comparing their first two arguments: 1 equal, -1 not equal, 0 neither. */
int c_vocab_equality(const char *name);
/* `exit(1)`, `_Exit(EXIT_FAILURE)`: the process ends failed (`first_arg`: the text of the
 * call's first argument when it is one token, else NULL). */
bool c_vocab_exit_failure(const char *name, const char *first_arg);

#endif /* SSOT_ANALYZER_FRONTEND_C_C_INTERNAL_H */
