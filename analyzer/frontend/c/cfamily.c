/* analyzer/frontend/c/cfamily.c - the C and C++ front ends: parse a test file with libclang
 * (one CXIndex per worker, flags from compile_commands.json or guessed), keep its tokens, the
 * ranges the preprocessor skipped and the project's macros and functions, and hand them to
 * the test extraction (c_tests.c). The translation unit is freed before returning. */
#include "analyzer/frontend/c/cfamily.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/config/config.h"
#include "analyzer/engine/suppress.h"
#include "analyzer/frontend/c/c_internal.h"
#include "analyzer/frontend/c/c_service.h"

static void *parser_new(const ssot_frontend *self, char *err, size_t err_size)
{
    /* libclang is loaded here, at the first C/C++ file's parser: Python and JavaScript runs
       never map it */
    if (!c_clang_load(err, err_size))
        return NULL;
    CXIndex index = clang_createIndex(0, 0);
    if (!index) {
        snprintf(err, err_size, "libclang could not create an index");
        return NULL;
    }
    c_parser *p = ssot_calloc(1, sizeof(*p));
    p->index = index;
    p->cpp = self->data != NULL;
    return p;
}

static void parser_free(void *parser)
{
    c_parser *p = parser;
    if (!p)
        return;
    c_parser_dbs_free(p);
    c_preamble_free(p);
    c_build_free(p);
    clang_disposeIndex(p->index);
    free(p);
}

static void parser_scratch(void *parser, const char *dir)
{
    c_parser *p = parser;
    /* SSOT_NO_PCH=1: no precompiled headers (to measure them, or rule them out) */
    const char *off = getenv("SSOT_NO_PCH");
    free(p->scratch);
    p->scratch = off && *off && strcmp(off, "0") ? NULL : ssot_strdup(dir);
}

static bool is_header(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (!strcmp(dot, ".h") || !strcmp(dot, ".hh") || !strcmp(dot, ".hpp") ||
                   !strcmp(dot, ".hxx") || !strcmp(dot, ".inl") || !strcmp(dot, ".ipp"));
}

static ssot_loc line_loc(c_ctx *c, uint32_t row, uint32_t col)
{
    ssot_loc l = {{row, col, row, col}, ""};
    return l;
}

typedef SSOT_VEC(ssot_file_problem) c_problems;

static void add_problem(c_ctx *c, c_problems *v, const char *code, ssot_loc loc, const char *msg)
{
    ssot_file_problem p = {code, loc, msg};
    (void)c;
    SSOT_VEC_PUSH(v, p);
}

/* The main file's tokens, every one (the preprocessor's skipped text too: libclang lexes
 * the raw text), with the lines of preprocessor directives marked. */
static void tokenize(c_ctx *c, CXFile file)
{
    CXSourceLocation a = clang_getLocationForOffset(c->tu, file, 0);
    CXSourceLocation b = clang_getLocationForOffset(c->tu, file, (unsigned)c->src->len);
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(c->tu, clang_getRange(a, b), &toks, &n);
    c->toks = ssot_arena_alloc(c->arena, (n + 1) * sizeof(*c->toks));
    uint32_t directive_row = 0;
    for (unsigned i = 0; i < n; i++) {
        c_tok *t = &c->toks[c->ntok];
        CXSourceRange r = clang_getTokenExtent(c->tu, toks[i]);
        unsigned line, col, off, end;
        clang_getSpellingLocation(clang_getRangeStart(r), NULL, &line, &col, &off);
        clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &end);
        t->kind = clang_getTokenKind(toks[i]);
        if (t->kind == CXToken_Comment)
            continue;
        CXString s = clang_getTokenSpelling(c->tu, toks[i]);
        t->text = ssot_arena_strdup(c->arena, clang_getCString(s));
        clang_disposeString(s);
        t->off = off;
        t->end = end;
        t->row = line;
        t->col = col;
        /* a `#` first on its line starts a directive, which runs to the end of the line
           (and the lines a backslash continues) */
        bool first = c->ntok == 0 || c->toks[c->ntok - 1].row != line;
        if (first && !strcmp(t->text, "#"))
            directive_row = line;
        else if (first && directive_row) {
            bool continued = false;
            for (uint32_t k = off; k > 0; k--) {
                char ch = c->src->text[k - 1];
                if (ch == '\n') {
                    uint32_t j = k - 1;
                    while (j > 0 && (c->src->text[j - 1] == ' ' || c->src->text[j - 1] == '\r'))
                        j--;
                    continued = j > 0 && c->src->text[j - 1] == '\\';
                    break;
                }
            }
            if (!continued)
                directive_row = 0;
        }
        t->directive = directive_row != 0;
        c->ntok++;
    }
    clang_disposeTokens(c->tu, toks, n);
}

static void skipped_ranges(c_ctx *c, CXFile file)
{
    CXSourceRangeList *list = clang_getSkippedRanges(c->tu, file);
    if (!list)
        return;
    c->skipped = ssot_arena_alloc(c->arena, (list->count + 1) * sizeof(*c->skipped));
    for (unsigned i = 0; i < list->count; i++) {
        unsigned s, e;
        clang_getSpellingLocation(clang_getRangeStart(list->ranges[i]), NULL, NULL, NULL, &s);
        clang_getSpellingLocation(clang_getRangeEnd(list->ranges[i]), NULL, NULL, NULL, &e);
        c->skipped[c->nskipped++] = (c_range){s, e};
    }
    clang_disposeSourceRangeList(list);
}

/* Macros and function definitions of the main file and the project's headers (not system
 * headers: the frameworks installed in /usr/include are not the project). */
static enum CXChildVisitResult collect_defs(CXCursor cur, CXCursor parent, CXClientData data)
{
    (void)parent;
    c_ctx *c = data;
    CXSourceLocation loc = clang_getCursorLocation(cur);
    if (clang_Location_isInSystemHeader(loc))
        return CXChildVisit_Continue;
    enum CXCursorKind k = clang_getCursorKind(cur);
    CXFile in_file = NULL;
    clang_getSpellingLocation(loc, &in_file, NULL, NULL, NULL);
    if (!in_file) /* the compiler's own macros, which a precompiled header records */
        return CXChildVisit_Continue;
    if (k == CXCursor_FieldDecl || k == CXCursor_CXXMethod || k == CXCursor_MacroDefinition)
        c_doubles_cursor(c, cur); /* gmock's mock classes, cmocka's `mock` */
    /* functions of the main file are found in its tokens; a header's function whose body
       was skipped is no definition for libclang, but its extent still holds the body */
    if (k == CXCursor_MacroDefinition ||
        ((k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod ||
          k == CXCursor_FunctionTemplate) &&
         !clang_Location_isFromMainFile(loc))) {
        CXString s = clang_getCursorSpelling(cur);
        c_def d = {ssot_arena_strdup(c->arena, clang_getCString(s)), clang_getCursorExtent(cur),
                   -1};
        clang_disposeString(s);
        if (k == CXCursor_MacroDefinition)
            SSOT_VEC_PUSH(&c->macros, d);
        else
            SSOT_VEC_PUSH(&c->functions, d);
        return CXChildVisit_Continue;
    }
    if (k == CXCursor_Namespace || k == CXCursor_ClassDecl || k == CXCursor_StructDecl ||
        k == CXCursor_ClassTemplate || k == CXCursor_LinkageSpec)
        return CXChildVisit_Recurse;
    return CXChildVisit_Continue;
}

/* Errors of the parse: with guessed flags the finding says so (a missing include folder,
 * not a broken file, is the likely cause). */
static void diagnostics(c_ctx *c, const c_flags *flags, c_problems *problems)
{
    unsigned n = clang_getNumDiagnostics(c->tu), errors = 0;
    char first[200] = "";
    unsigned row = 1, col = 1;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(c->tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error) {
            if (!errors++) {
                CXString s = clang_getDiagnosticSpelling(d);
                snprintf(first, sizeof(first), "%s", clang_getCString(s));
                clang_disposeString(s);
                CXFile f;
                clang_getSpellingLocation(clang_getDiagnosticLocation(d), &f, &row, &col, NULL);
                if (!f || !clang_Location_isFromMainFile(clang_getDiagnosticLocation(d)))
                    row = col = 1;
            }
        }
        clang_disposeDiagnostic(d);
    }
    if (!errors)
        return;
    const char *msg =
        flags->guessed
            ? ssot_arena_printf(c->arena,
                                "analysed with guessed compile flags (%s, no compile_commands.json "
                                "entry): %u error%s, first: %s; tests are still checked; "
                                "configure `compile-commands` for an exact parse",
                                flags->origin, errors, errors == 1 ? "" : "s", first)
            : ssot_arena_printf(c->arena,
                                "%u compile error%s with the flags of compile_commands.json, "
                                "first: %s; tests are still checked",
                                errors, errors == 1 ? "" : "s", first);
    add_problem(c, problems, flags->guessed ? "E007" : "E003",
                line_loc(c, row ? row : 1, col ? col : 1), msg);
}

typedef SSOT_VEC(ssot_comment) c_comments;

/* Suppression comments (`// ssot: ignore[PH002]`), found in the raw text. */
static void comments(c_ctx *c)
{
    c_comments v = {0};
    const char *t = c->src->text;
    uint32_t row = 1;
    const char *line = t;
    for (size_t i = 0; i + 1 < c->src->len; i++) {
        if (t[i] == '\n') {
            row++;
            line = t + i + 1;
            continue;
        }
        if (t[i] == '/' && (t[i + 1] == '/' || t[i + 1] == '*')) {
            const char *end = strchr(t + i, '\n');
            size_t n = end ? (size_t)(end - (t + i)) : strlen(t + i);
            char *text = ssot_arena_strndup(c->arena, t + i, n);
            char codes[4][16];
            bool file_level;
            if (ssot_suppress_parse(text, codes, 4, &file_level) > 0) {
                ssot_comment k = {row, (uint32_t)(t + i - line) + 1, text};
                SSOT_VEC_PUSH(&v, k);
            }
            i += n ? n - 1 : 0;
        }
    }
    c->facts->comments = ssot_arena_alloc(c->arena, (v.count + 1) * sizeof(*v.items));
    if (v.count)
        memcpy(c->facts->comments, v.items, v.count * sizeof(*v.items));
    c->facts->comment_count = v.count;
    free(v.items);
}

/* Parse the file, with the framework's precompiled header `pch` when not NULL. Function
 * bodies are skipped: the test file's own are read from its tokens. */
static enum CXErrorCode parse(c_parser *p, const char *abs, const c_flags *flags,
                              const char *pch, struct CXUnsavedFile *unsaved,
                              CXTranslationUnit *tu)
{
    unsigned options = CXTranslationUnit_DetailedPreprocessingRecord |
                       CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_KeepGoing;
    const char **argv = ssot_calloc((size_t)flags->argc + 3, sizeof(*argv));
    int argc = 0;
    for (int i = 0; i < flags->argc; i++)
        argv[argc++] = flags->argv[i];
    if (pch) {
        argv[argc++] = "-include-pch";
        argv[argc++] = pch;
    }
    enum CXErrorCode rc =
        clang_parseTranslationUnit2(p->index, abs, argv, argc, unsaved, 1, options, tu);
    free(argv);
    return rc;
}

/* libclang's words when it will not load a PCH (modified headers, other flags, a corrupt
 * or foreign file); it may also refuse with no translation unit at all (CXError_ASTReadError:
 * a macro of the PCH differs from the command line's). */
static bool pch_refused(CXTranslationUnit tu)
{
    unsigned n = tu ? clang_getNumDiagnostics(tu) : 0;
    bool refused = false;
    for (unsigned i = 0; i < n && !refused; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        CXString s = clang_getDiagnosticSpelling(d);
        const char *text = clang_getCString(s);
        refused = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error && text &&
                  (strstr(text, "precompiled header") || strstr(text, "PCH") ||
                   strstr(text, "AST file"));
        clang_disposeString(s);
        clang_disposeDiagnostic(d);
    }
    return refused;
}

/* Whether a parse with a PCH must be done again without: it failed, or it has an error
 * outside the main file (where the PCH could make a difference). */
static bool pch_failed(enum CXErrorCode rc, CXTranslationUnit tu, const char *abs)
{
    (void)abs;
    if (rc != CXError_Success || !tu)
        return true;
    unsigned n = clang_getNumDiagnostics(tu);
    bool failed = false;
    for (unsigned i = 0; i < n && !failed; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        failed = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error &&
                 !clang_Location_isFromMainFile(clang_getDiagnosticLocation(d));
        clang_disposeDiagnostic(d);
    }
    return failed;
}

static const char *configured(const ssot_facts *facts)
{
    return facts->config ? facts->config->compile_commands : NULL;
}

static void extract(void *parser, const ssot_source *src, ssot_facts *facts, ssot_arena *arena)
{
    c_parser *p = parser;
    c_ctx c = {0};
    c.src = src;
    c.facts = facts;
    c.arena = arena;
    facts->parsed = true;
    facts->words = (ssot_words){"catch", "throw", "throws", "thrown", "rethrows",
                                "the failed assertion", "throw check (`EXPECT_THROW`)", NULL,
                                false, true, "file-scope"};
    facts->line_count = 1;
    for (size_t i = 0; i < src->len; i++)
        facts->line_count += src->text[i] == '\n';
    comments(&c);
    /* a test header is parsed as part of the test files that include it; service files
       and headers are parsed on their own for their state (SG) and definitions (DD) */
    bool service = facts->role != SSOT_ROLE_TEST;
    if (!service && is_header(src->path))
        return;
    c_problems problems = {0};
    c_flags flags = {0};
    bool cpp = p->cpp || (is_header(src->path) && c_looks_cpp(src));
    c_flags_for(p, src->path, configured(facts), cpp, &flags);
    if (is_header(src->path))
        c_flags_header(&flags, cpp);
    /* an absolute name: relative names would depend on the process's directory */
    char *abs = ssot_config_abspath(src->path);
    struct CXUnsavedFile unsaved = {abs, src->text, (unsigned long)src->len};
    const char *pch = c_preamble_find(p, src, abs, &flags);
    enum CXErrorCode rc = parse(p, abs, &flags, pch, &unsaved, &c.tu);
    if (pch && pch_failed(rc, c.tu, abs)) {
        /* a refused PCH, or errors outside the file: parse as if there were none, so the
           findings never depend on it */
        if (rc == CXError_ASTReadError || pch_refused(c.tu))
            c_preamble_refused(p, pch);
        if (c.tu)
            clang_disposeTranslationUnit(c.tu);
        c.tu = NULL;
        rc = parse(p, abs, &flags, NULL, &unsaved, &c.tu);
    }
    if (rc == CXError_Success && c.tu && pch_failed(rc, c.tu, abs))
        c_preamble_failed(p);
    if (rc != CXError_Success || !c.tu) {
        /* a service file's parse problems are not reported: SG and DD read what they can */
        if (!service)
            add_problem(&c, &problems, "E003", line_loc(&c, 1, 1),
                        ssot_arena_printf(arena, "libclang could not parse this file (error %d)",
                                          (int)rc));
        c.tu = NULL;
    } else {
        CXFile file = clang_getFile(c.tu, abs);
        c.file = file;
        tokenize(&c, file);
        skipped_ranges(&c, file);
        clang_visitChildren(clang_getTranslationUnitCursor(c.tu), collect_defs, &c);
        if (service) {
            c_state_extract(&c);
            c_defs_extract(&c);
        } else {
            diagnostics(&c, &flags, &problems);
            c.judged = c_build_judged(p, abs);
            c.runs_skipped = c_build_runs_skipped(p, abs);
            c_tests_extract(&c);
        }
        clang_disposeTranslationUnit(c.tu);
    }
    c_flags_fini(&flags);
    free(abs);
    free(c.macros.items);
    free(c.functions.items);
    c_doubles_free(&c);
    facts->problems = ssot_arena_alloc(arena, (problems.count + 1) * sizeof(*problems.items));
    if (problems.count)
        memcpy(facts->problems, problems.items, problems.count * sizeof(*problems.items));
    facts->problem_count = problems.count;
    free(problems.items);
}

/* `src/list` for src/list.c. */
static char *module_name(const char *package, const char *path)
{
    (void)package;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return ssot_strndup(path, dot && dot != base ? (size_t)(dot - path) : strlen(path));
}

static void *conventions_new(void)
{
    return ssot_calloc(1, 1);
}

static void conventions_free(void *conventions)
{
    free(conventions);
}

/* The C/C++ conventions: `test_x.c`, `x_test.cc`, `x_unittest.cc`, `x_tests.cpp`,
 * `x-test.c`, `xTest.cpp`, and anything below a `test`, `tests`, `unittest(s)` or
 * `testing` folder. */
static bool is_test_file(void *conventions, const char *abs, const char *rel)
{
    (void)conventions;
    (void)abs;
    const char *slash = strrchr(rel, '/');
    const char *base = slash ? slash + 1 : rel;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    if (!strncmp(base, "test_", 5) || !strncmp(base, "test-", 5) ||
        (n > 5 && (!strncmp(base + n - 5, "_test", 5) || !strncmp(base + n - 5, "-test", 5) ||
                   !strncmp(base + n - 4, "Test", 4))) ||
        (n > 6 && (!strncmp(base + n - 6, "_tests", 6) || !strncmp(base + n - 5, "Tests", 5))) ||
        (n > 9 && !strncmp(base + n - 9, "_unittest", 9)))
        return true;
    for (const char *seg = rel; seg;) {
        const char *end = strchr(seg, '/');
        if (!end)
            break;
        size_t k = (size_t)(end - seg);
        if ((k == 4 && !strncmp(seg, "test", 4)) || (k == 5 && !strncmp(seg, "tests", 5)) ||
            (k == 8 && !strncmp(seg, "unittest", 8)) || (k == 9 && !strncmp(seg, "unittests", 9)) ||
            (k == 7 && !strncmp(seg, "testing", 7)))
            return true;
        seg = end + 1;
    }
    return false;
}

static const char *const c_extensions[] = {".c", ".h", NULL};
static const char *const cpp_extensions[] = {".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp",
                                             ".hxx", NULL};
static const char *const no_interpreters[] = {NULL};
/* PH002 measured 0.64 on cmocka, Unity and fmt (tools/eval, fixtures/real): most of its wrong
 * findings are a framework's own tests that are meant to fail, checked at run time. */
/* MO001 and MO003 read C/C++ mocks (c_doubles.c), but the C/C++ corpus holds too few mock-only
 * candidates to measure them: googletest's and cmocka's tests are the double libraries' own. */
/* PH004 measured 0 right of 10 on Catch2, Unity, cmocka, fmt, googletest and nlohmann/json
 * (tools/eval --corpus /work/corpus-c); with reflexivity checks and a framework's own macros left
 * alone it reports nothing there, so its 0.90 cannot be shown on C/C++ code yet. */
static const char *const c_preview_rules[] = {"PH002", "PH004", "MO001", "MO003", NULL};

const ssot_frontend ssot_frontend_c = {
    .name = "c",
    .extensions = c_extensions,
    .interpreters = no_interpreters,
    .data = NULL,
    .parser_new = parser_new,
    .parser_free = parser_free,
    .extract = extract,
    .cache_key = c_flags_cache_key,
    .conventions_new = conventions_new,
    .conventions_free = conventions_free,
    .is_test_file = is_test_file,
    .module_name = module_name,
    .preview_rules = c_preview_rules,
};

const ssot_frontend ssot_frontend_cpp = {
    .name = "cpp",
    .extensions = cpp_extensions,
    .interpreters = no_interpreters,
    .data = "c++",
    .parser_new = parser_new,
    .parser_free = parser_free,
    .parser_scratch = parser_scratch, /* C headers are small: no precompiled ones */
    .extract = extract,
    .cache_key = c_flags_cache_key,
    .conventions_new = conventions_new,
    .conventions_free = conventions_free,
    .is_test_file = is_test_file,
    .module_name = module_name,
    .preview_rules = c_preview_rules,
};
