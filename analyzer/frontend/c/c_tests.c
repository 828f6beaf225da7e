/* analyzer/frontend/c/c_tests.c - tests of a C/C++ test file from its tokens: gtest/gmock
 * TEST*, Catch2 and doctest TEST_CASE/SCENARIO, Check START_TEST, and the plain functions
 * cmocka, Unity and Check register (a `test` function a registering file leaves out never
 * runs); their assertions, skips, shapes and discarded comparisons. Macros and functions of
 * the project that assert (found through libclang in the file and its project headers)
 * count as assertions (A7). A test in text the preprocessor skips never runs. */
#include "analyzer/frontend/c/c_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef SSOT_VEC(ssot_function) c_functions;
typedef SSOT_VEC(ssot_assertion) c_asserts;
typedef SSOT_VEC(ssot_discarded) c_discards;

/* A function definition found in the tokens: name, `(` of its parameters, `{` and `}`. */
typedef struct c_fndef {
    size_t name, paren, open, close;
} c_fndef;
typedef SSOT_VEC(c_fndef) c_fndefs;

static bool is(const c_tok *t, const char *s)
{
    return !strcmp(t->text, s);
}

static bool ident(const c_tok *t)
{
    return t->kind == CXToken_Identifier;
}

/* The index of the token that closes the bracket at `i`, or c->ntok. */
static size_t match(const c_ctx *c, size_t i)
{
    const char *open = c->toks[i].text;
    const char *close = is(&c->toks[i], "(") ? ")" : is(&c->toks[i], "{") ? "}" : "]";
    int depth = 0;
    for (size_t k = i; k < c->ntok; k++) {
        if (c->toks[k].directive)
            continue;
        if (!strcmp(c->toks[k].text, open))
            depth++;
        else if (!strcmp(c->toks[k].text, close) && --depth == 0)
            return k;
    }
    return c->ntok;
}

static const char *span_text(c_ctx *c, size_t a, size_t b)
{
    if (a >= b || b > c->ntok)
        return "";
    return ssot_arena_strndup(c->arena, c->src->text + c->toks[a].off,
                              c->toks[b - 1].end - c->toks[a].off);
}

/* The first line of the text from token a, whitespace collapsed. */
static const char *snippet(c_ctx *c, size_t a)
{
    const char *s = c->src->text + c->toks[a].off;
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n > 240)
        n = 240;
    char *out = ssot_arena_alloc(c->arena, n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = s[i];
    }
    out[k] = '\0';
    return out;
}

static ssot_loc loc_of(c_ctx *c, size_t a, size_t b)
{
    const c_tok *s = &c->toks[a], *e = &c->toks[b < c->ntok ? b : a];
    ssot_loc l = {{s->row, s->col, e->row, e->col + (uint32_t)strlen(e->text)}, snippet(c, a)};
    return l;
}

/* An assertion that is the one word at token k (a helper macro statement, a helper handed
   as a callback, an `assert*` method), after a `return` or inside a branch as told. */
static ssot_assertion word_assertion(c_ctx *c, size_t k, ssot_assert_kind kind, bool returned,
                                     int depth)
{
    ssot_assertion a = {0};
    a.loc = loc_of(c, k, k);
    a.callee = c->toks[k].text;
    a.subject = -1;
    a.kind = kind;
    a.flags = (returned ? SSOT_AF_UNREACHABLE : 0) | (depth > 0 ? SSOT_AF_IN_BRANCH : 0);
    return a;
}

/* ---- project macros and functions that assert (A7) ---- */

static int def_asserts(c_ctx *c, c_def *d, int depth);

static bool name_asserts(c_ctx *c, const char *name, int depth)
{
    if (depth > 3)
        return false;
    for (size_t i = c->macros.count; i-- > 0;)
        if (!strcmp(c->macros.items[i].name, name))
            return def_asserts(c, &c->macros.items[i], depth) > 0;
    for (size_t i = 0; i < c->functions.count; i++)
        if (!strcmp(c->functions.items[i].name, name) &&
            def_asserts(c, &c->functions.items[i], depth) > 0)
            return true;
    return false;
}

/* The `(` of a call at token i of a definition: `f(`, or `f<T, U>(` (a template's
 * arguments); n when none. */
static unsigned token_paren(c_ctx *c, CXToken *toks, unsigned n, unsigned i)
{
    int depth = 0;
    for (unsigned k = i + 1; k < n && k < i + 128; k++) {
        CXString s = clang_getTokenSpelling(c->tu, toks[k]);
        const char *t = clang_getCString(s);
        int verdict = -1; /* -1 go on, else the answer */
        if (k == i + 1 && !strcmp(t, "("))
            verdict = 1;
        else if (k == i + 1 && strcmp(t, "<"))
            verdict = 0;
        else if (!strcmp(t, "<"))
            depth++;
        else if (!strcmp(t, ">") && --depth == 0)
            depth = -100; /* closed: the next token decides */
        else if (depth == -100)
            verdict = !strcmp(t, "(");
        else if (!strcmp(t, ";") || !strcmp(t, "{") || !strcmp(t, ")"))
            verdict = 0;
        clang_disposeString(s);
        if (verdict >= 0)
            return verdict ? k : n;
    }
    return n;
}

/* A header of the test code: below a folder named test, tests, testing, unittest or
 * unittests, or in the test file's own folder or below it. */
static bool support_file(c_ctx *c, CXFile f)
{
    CXString name = clang_getFileName(f), main = clang_getFileName(c->file);
    const char *h = clang_getCString(name), *m = clang_getCString(main);
    bool yes = false;
    const char *slash = m ? strrchr(m, '/') : NULL;
    if (h && slash && !strncmp(h, m, (size_t)(slash - m + 1)))
        yes = true;
    for (const char *seg = h; h && seg && !yes;) {
        const char *end = strchr(seg, '/');
        if (!end)
            break;
        size_t k = (size_t)(end - seg);
        yes = (k == 4 && !strncmp(seg, "test", 4)) || (k == 5 && !strncmp(seg, "tests", 5)) ||
              (k == 7 && !strncmp(seg, "testing", 7)) ||
              (k == 8 && !strncmp(seg, "unittest", 8)) ||
              (k == 9 && !strncmp(seg, "unittests", 9));
        seg = end + 1;
    }
    clang_disposeString(name);
    clang_disposeString(main);
    return yes;
}

/* The extent of a header's function with its body: the parser skipped the body
 * (CXTranslationUnit_SkipFunctionBodies), so the cursor's extent ends at the parameters; the
 * body is found in the header's text, from the next `{` (before any `;`) to its match. */
static CXSourceRange with_body(c_ctx *c, CXSourceRange r)
{
    CXFile f = NULL;
    unsigned off = 0;
    clang_getSpellingLocation(clang_getRangeEnd(r), &f, NULL, NULL, &off);
    size_t size = 0;
    const char *text = f ? clang_getFileContents(c->tu, f, &size) : NULL;
    if (!text || off >= size)
        return r;
    size_t k = off;
    if (k > 0 && text[k - 1] == '}')
        return r; /* the body is in the extent */
    while (k < size && text[k] != '{' && text[k] != ';' && text[k] != '}' && text[k] != '#')
        k++;
    if (k >= size || text[k] != '{')
        return r;
    int depth = 0;
    for (size_t j = k; j < size; j++) {
        char ch = text[j];
        if (ch == '"' || ch == '\'') {
            for (j++; j < size && text[j] != ch && text[j] != '\n'; j++)
                if (text[j] == '\\')
                    j++;
        } else if (ch == '/' && j + 1 < size && text[j + 1] == '/') {
            while (j < size && text[j] != '\n')
                j++;
        } else if (ch == '{') {
            depth++;
        } else if (ch == '}' && --depth == 0) {
            return clang_getRange(clang_getRangeStart(r),
                                  clang_getLocationForOffset(c->tu, f, (unsigned)j + 1));
        }
    }
    return r;
}

static int def_asserts(c_ctx *c, c_def *d, int depth)
{
    if (d->asserts >= 0)
        return d->asserts;
    d->asserts = 0; /* a recursive macro or function is not an assertion through itself */
    CXToken *toks = NULL;
    unsigned n = 0;
    bool macro = d >= c->macros.items && d < c->macros.items + c->macros.count;
    CXFile file = NULL;
    clang_getSpellingLocation(clang_getRangeStart(d->extent), &file, NULL, NULL, NULL);
    /* a function of the library's own headers asserts only its invariants: it counts when
       it ends the process (`inline void Abort() { abort(); }`), not for its checks */
    bool library = !macro && file && !clang_File_isEqual(file, c->file) && !support_file(c, file);
    clang_tokenize(c->tu, macro ? d->extent : with_body(c, d->extent), &toks, &n);
    int found = 0;
    unsigned from = 1;
    if (library) {
        while (from < n) {
            CXString s = clang_getTokenSpelling(c->tu, toks[from++]);
            bool open = !strcmp(clang_getCString(s), "{");
            clang_disposeString(s);
            if (open)
                break;
        }
        n = from + 1 < n ? from + 2 : n; /* its first call only: `abort (` */
    }
    for (unsigned i = from; i + 1 < n && !found; i++) {
        enum CXTokenKind kind = clang_getTokenKind(toks[i]);
        if (kind != CXToken_Identifier && kind != CXToken_Keyword)
            continue;
        CXString s = clang_getTokenSpelling(c->tu, toks[i]);
        const char *name = clang_getCString(s);
        unsigned paren = token_paren(c, toks, n, i);
        if (paren < n) {
            c_word w = c_vocab_word(name);
            CXString arg = clang_getTokenSpelling(c->tu, toks[paren + 1 < n ? paren + 1 : paren]);
            CXString after =
                clang_getTokenSpelling(c->tu, toks[paren + 2 < n ? paren + 2 : paren]);
            bool one = paren + 2 < n && !strcmp(clang_getCString(after), ")");
            if (w == C_WORD_ASSERT || w == C_WORD_FAIL || w == C_WORD_MOCK_CHECK ||
                c_vocab_exit_failure(name, one ? clang_getCString(arg) : NULL))
                found = 1;
            else if (w == C_WORD_NONE && strcmp(name, d->name) &&
                     name_asserts(c, name, depth + 1))
                found = 1;
            clang_disposeString(after);
            clang_disposeString(arg);
        }
        clang_disposeString(s);
    }
    clang_disposeTokens(c->tu, toks, n);
    d->asserts = found;
    return found;
}

/* A macro the main file or a project header defines (not a system header). */
static bool own_macro(const c_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->macros.count; i++)
        if (!strcmp(c->macros.items[i].name, name))
            return true;
    return false;
}

/* The project defines the assertion macro: this spelling, or its other one (Catch2 defines
 * `CATCH_REQUIRE` beside `REQUIRE` only when its build sets CATCH_CONFIG_PREFIX_ALL, which a
 * file parsed with other flags does not see). */
static bool own_assertion(const c_ctx *c, const char *name)
{
    return own_macro(c, name) || own_macro(c, c_vocab_unprefixed(name));
}

/* ---- the test frameworks' declarations ---- */

static bool test_macro(const char *name)
{
    static const char *const names[] = {
        "TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P", "GTEST_TEST", "TEST_CASE",
        "TEST_CASE_METHOD", "SCENARIO", "TEMPLATE_TEST_CASE", "TEMPLATE_TEST_CASE_SIG",
        "TEMPLATE_PRODUCT_TEST_CASE", "TEMPLATE_LIST_TEST_CASE", "TEMPLATE_TEST_CASE_METHOD",
        "TEST_CASE_FIXTURE", "TEST_CASE_TEMPLATE", "SCENARIO_TEMPLATE", "START_TEST",
        "CATCH_TEST_CASE", "CATCH_TEST_CASE_METHOD", "CATCH_SCENARIO", "DOCTEST_TEST_CASE",
        "DOCTEST_TEST_CASE_FIXTURE", "DOCTEST_SCENARIO", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcmp(name, *n))
            return true;
    return false;
}

/* A registration naming a test function: cmocka_unit_test*(f), unit_test*(f), RUN_TEST(f),
 * tcase_add_*test*(tc, f): the argument that names it, or 0. */
static int registration_arg(const char *name)
{
    if (!strncmp(name, "cmocka_unit_test", 16) || !strncmp(name, "unit_test", 9) ||
        !strcmp(name, "RUN_TEST"))
        return 1;
    if (!strncmp(name, "tcase_add_", 10) && strstr(name, "test"))
        return 2;
    return 0;
}

static bool keyword(const char *s)
{
    static const char *const kw[] = {"if", "for", "while", "switch", "catch", "return", "sizeof",
                                     "do", "else", "alignof", "decltype", "case", "throw", NULL};
    for (const char *const *k = kw; *k; k++)
        if (!strcmp(s, *k))
            return true;
    return false;
}

typedef struct c_scan {
    c_ctx *c;
    c_functions tests;
    c_fndefs fns;
    const char **registered; size_t nregistered, capregistered;
    bool registers;         /* the file registers test functions itself */
    bool unity;             /* includes unity.h: its runner is generated from `test*` functions */
} c_scan;

static void add_registered(c_scan *s, const char *name)
{
    if (s->nregistered == s->capregistered) {
        s->capregistered = s->capregistered ? s->capregistered * 2 : 16;
        s->registered = realloc(s->registered, s->capregistered * sizeof(*s->registered));
    }
    s->registered[s->nregistered++] = name;
}

static bool registered(const c_scan *s, const char *name)
{
    for (size_t i = 0; i < s->nregistered; i++)
        if (!strcmp(s->registered[i], name))
            return true;
    return false;
}

/* The argument tokens [start, end) of the call whose `(` is at `open`. */
static size_t split_args(const c_ctx *c, size_t open, size_t close, size_t *starts,
                         size_t *ends, size_t max)
{
    size_t n = 0, from = open + 1;
    int depth = 0;
    for (size_t k = open + 1; k <= close && n < max; k++) {
        const c_tok *t = &c->toks[k];
        if (is(t, "(") || is(t, "[") || is(t, "{"))
            depth++;
        else if ((is(t, ")") || is(t, "]") || is(t, "}")) && k != close)
            depth--;
        if ((k == close || (depth == 0 && is(t, ","))) && k > from) {
            starts[n] = from;
            ends[n] = k;
            n++;
            from = k + 1;
        } else if (depth == 0 && is(t, ",")) {
            from = k + 1;
        }
    }
    return n;
}

static bool same_tokens(const c_ctx *c, size_t a, size_t ae, size_t b, size_t be)
{
    if (ae - a != be - b || ae == a)
        return false;
    for (size_t k = 0; k < ae - a; k++)
        if (strcmp(c->toks[a + k].text, c->toks[b + k].text))
            return false;
    return true;
}

/* Names and member accesses only (`x`, `a.b`, `p->v[0]`): a call could differ each time. */
static bool plain_operand(const c_ctx *c, size_t a, size_t e)
{
    for (size_t k = a; k < e; k++)
        if (is(&c->toks[k], "("))
            return false;
    return e > a;
}

static bool literal(const c_ctx *c, size_t a, size_t e)
{
    if (e - a == 2 && is(&c->toks[a], "-"))
        a++;
    return e - a == 1 && c->toks[a].kind == CXToken_Literal;
}

static bool true_constant(const c_ctx *c, size_t a, size_t e, int truth)
{
    if (e - a != 1)
        return false;
    const char *t = c->toks[a].text;
    if (truth > 0)
        return !strcmp(t, "true") || !strcmp(t, "TRUE") || !strcmp(t, "1") || !strcmp(t, "1u");
    return !strcmp(t, "false") || !strcmp(t, "FALSE") || !strcmp(t, "0");
}

/* The two sides an assertion compares, as token spans [l, le) and [r, re). */
typedef struct c_pair {
    size_t l, le, r, re;
    size_t assertion;           /* its index among the body's assertions */
} c_pair;
typedef SSOT_VEC(c_pair) c_pairs;

/* A side of a comparison without a negation or a bracket that belongs to the whole
 * comparison: `it1` and `it2` in `!(it1 == it2)`. */
static void trim_side(const c_ctx *c, size_t *a, size_t *e)
{
    int balance = 0;
    for (size_t k = *a; k < *e; k++)
        balance += is(&c->toks[k], "(") ? 1 : is(&c->toks[k], ")") ? -1 : 0;
    while (*a < *e && (is(&c->toks[*a], "!") || (is(&c->toks[*a], "(") && balance > 0))) {
        if (is(&c->toks[*a], "("))
            balance--;
        (*a)++;
    }
    while (*e > *a && is(&c->toks[*e - 1], ")") && balance < 0) {
        balance++;
        (*e)--;
    }
}

/* Flags of one assertion from its arguments; `pair` gets the sides it compares (its `l` and
 * `le` equal when it compares nothing). */
static uint32_t assertion_flags(c_ctx *c, const char *name, size_t open, size_t close,
                                ssot_check_form *form, c_pair *pair)
{
    size_t st[4], en[4];
    size_t n = split_args(c, open, close, st, en, 4);
    int truth = c_vocab_truth(name), eq = c_vocab_equality(name);
    uint32_t flags = 0;
    *form = SSOT_CHECK_OTHER;
    pair->l = pair->le = 0;
    if (strstr(name, "THROW") || strstr(name, "DEATH") || strstr(name, "EXIT"))
        *form = SSOT_CHECK_RAISES;
    if (truth && n >= 1) {
        *form = SSOT_CHECK_TRUTH;
        if (true_constant(c, st[0], en[0], truth))
            flags |= SSOT_AF_CONSTANT;
        /* REQUIRE(a == a), assert(1 == 1) */
        for (size_t k = st[0]; k < en[0]; k++) {
            const c_tok *t = &c->toks[k];
            if (!is(t, "==") && !is(t, "!="))
                continue;
            *form = SSOT_CHECK_COMPARISON;
            *pair = (c_pair){st[0], k, k + 1, en[0], 0};
            trim_side(c, &pair->l, &pair->le);
            trim_side(c, &pair->r, &pair->re);
            /* `1 == 1` is a constant (PH003), `v == v` a self-comparison */
            if (truth > 0 && literal(c, st[0], k) && same_tokens(c, st[0], k, k + 1, en[0]))
                flags |= is(t, "==") ? SSOT_AF_CONSTANT : 0;
            else if (truth > 0 && same_tokens(c, st[0], k, k + 1, en[0]) &&
                     plain_operand(c, st[0], k))
                flags |= SSOT_AF_SELF_COMPARE | (is(t, "!=") ? SSOT_AF_NOT_EQUAL : 0);
            break;
        }
    } else if (eq && n >= 2) {
        *form = SSOT_CHECK_COMPARISON;
        *pair = (c_pair){st[0], en[0], st[1], en[1], 0};
        if (same_tokens(c, st[0], en[0], st[1], en[1])) {
            if (literal(c, st[0], en[0]))
                flags |= eq > 0 ? SSOT_AF_CONSTANT : 0;
            else if (plain_operand(c, st[0], en[0]))
                flags |= SSOT_AF_SELF_COMPARE | (eq < 0 ? SSOT_AF_NOT_EQUAL : 0);
        }
    }
    return flags;
}

/* The statement [a, e) is a comparison whose value is thrown away: `x == 3;`. */
static bool discarded(const c_ctx *c, size_t a, size_t e)
{
    if (e <= a || !(ident(&c->toks[a]) || c->toks[a].kind == CXToken_Literal ||
                    is(&c->toks[a], "(") || is(&c->toks[a], "*")))
        return false;
    if (keyword(c->toks[a].text) || c_vocab_word(c->toks[a].text) != C_WORD_NONE)
        return false;
    bool compares = false;
    int depth = 0;
    for (size_t k = a; k < e; k++) {
        const c_tok *t = &c->toks[k];
        if (is(t, "(") || is(t, "["))
            depth++;
        else if (is(t, ")") || is(t, "]"))
            depth--;
        else if (depth == 0 && (is(t, "==") || is(t, "!=") || is(t, "<=") || is(t, ">=")))
            compares = true;
        else if (depth == 0 && (is(t, "=") || is(t, "<<") || is(t, ">>") || is(t, "+=") ||
                                is(t, "-=") || is(t, "?") || is(t, "&&") || is(t, "||") ||
                                is(t, ",") || is(t, "{")))
            return false;
    }
    return compares;
}

/* Whether the branch opened by the directive whose keyword is token d can never be compiled:
 * `#if 0`, `#if false`, or a macro whose name says so (`#ifdef NEVER_DEFINED`, `#if
 * defined(DISABLED_TESTS)`, `BROKEN`, `TODO`, `FIXME`, `SKIP`). A branch of a platform or
 * feature macro (`#ifdef _WIN32`) is compiled elsewhere. */
static bool never_branch(const c_ctx *c, size_t d)
{
    static const char *const words[] = {"NEVER", "DISABLE", "BROKEN", "TODO", "FIXME", "SKIP",
                                        NULL};
    size_t k = d + 1;
    if (k >= c->ntok || !c->toks[k].directive)
        return false;
    if (is(&c->toks[d], "if") && (is(&c->toks[k], "0") || is(&c->toks[k], "false")))
        return true;
    if (is(&c->toks[k], "defined") || is(&c->toks[k], "("))
        k++;
    if (k < c->ntok && is(&c->toks[k], "("))
        k++;
    if (k >= c->ntok || !ident(&c->toks[k]) || is(&c->toks[d], "ifndef") || is(&c->toks[d], "else"))
        return false;
    char upper[128];
    size_t n = 0;
    for (const char *p = c->toks[k].text; *p && n + 1 < sizeof(upper); p++)
        upper[n++] = (char)((*p >= 'a' && *p <= 'z') ? *p - 32 : *p);
    upper[n] = '\0';
    for (const char *const *w = words; *w; w++)
        if (strstr(upper, *w))
            return true;
    return false;
}

/* The directive line of the preprocessor branch that skips token `at`: NULL when the token
 * is compiled; "" when the branch is one the build's configuration decides (the test is left
 * out: it is not this configuration's), else the directive's text. */
static const char *skipping_branch(c_ctx *c, size_t at)
{
    uint32_t off = c->toks[at].off;
    bool inside = false;
    for (size_t i = 0; i < c->nskipped && !inside; i++)
        inside = c->skipped[i].start <= off && off < c->skipped[i].end;
    if (!inside)
        return NULL;
    int nesting = 0;
    for (size_t k = at; k-- > 1;) {
        const c_tok *t = &c->toks[k];
        if (!t->directive || !is(&c->toks[k - 1], "#") ||
            (k >= 2 && c->toks[k - 2].row == c->toks[k - 1].row))
            continue;
        if (is(t, "endif"))
            nesting++;
        else if ((is(t, "if") || is(t, "ifdef") || is(t, "ifndef")) && nesting)
            nesting--;
        else if (is(t, "if") || is(t, "ifdef") || is(t, "ifndef") || is(t, "elif") ||
                 is(t, "else"))
            return never_branch(c, k) ? snippet(c, k - 1) : "";
    }
    return "";
}

/* The `(` of a call at name k: `f(`, or `f<T>(` (a template's arguments); `close` when none. */
static size_t call_paren(const c_ctx *c, size_t k, size_t close)
{
    if (k + 1 >= close)
        return close;
    if (is(&c->toks[k + 1], "("))
        return k + 1;
    if (!is(&c->toks[k + 1], "<"))
        return close;
    int depth = 0;
    for (size_t i = k + 1; i < close && i < k + 128; i++) {
        if (is(&c->toks[i], "<"))
            depth++;
        else if (is(&c->toks[i], ">") && --depth == 0)
            return i + 1 < close && is(&c->toks[i + 1], "(") ? i + 1 : close;
        else if (is(&c->toks[i], ";") || is(&c->toks[i], "{"))
            break;
    }
    return close;
}

/* Token k is inside an `#if`/`#ifdef` block opened after `open`: the build's configuration
 * decides whether it runs (`#ifdef UNITY_EXCLUDE_DOUBLE TEST_IGNORE(); #else ...`). */
static bool pp_branch(const c_ctx *c, size_t open, size_t k)
{
    int depth = 0;
    for (size_t i = open + 1; i < k; i++) {
        if (!c->toks[i].directive || !is(&c->toks[i - 1], "#"))
            continue;
        if (is(&c->toks[i], "if") || is(&c->toks[i], "ifdef") || is(&c->toks[i], "ifndef"))
            depth++;
        else if (is(&c->toks[i], "endif") && depth > 0)
            depth--;
    }
    return depth > 0;
}

static bool in_skipped(const c_ctx *c, size_t k)
{
    for (size_t i = 0; i < c->nskipped; i++)
        if (c->skipped[i].start <= c->toks[k].off && c->toks[k].off < c->skipped[i].end)
            return true;
    return false;
}

/* An argument that is a bare name: `run(vectors, check_bit)`. */
static bool handed(const c_ctx *c, size_t k)
{
    if (k == 0 || k + 1 >= c->ntok)
        return false;
    size_t before = k - 1;
    if (before > 0 && is(&c->toks[before], "&"))
        before--; /* `&check_bit`, `{&routine_a, &routine_b}` */
    const c_tok *prev = &c->toks[before], *next = &c->toks[k + 1];
    return (is(prev, "(") || is(prev, ",") || is(prev, "{")) &&
           (is(next, ")") || is(next, ",") || is(next, "}")) && !keyword(c->toks[k].text);
}

/* A failure that marks unfinished work: no message, or one that says so ("not implemented",
 * "TODO", "write me"); `FAIL() << "should fail"` on purpose is not a stub. */
static bool unfinished(const c_ctx *c, size_t open, size_t close)
{
    static const char *const words[] = {"implement", "todo", "stub", "write", "fixme", "tbd",
                                        "finish", NULL};
    bool message = false;
    size_t end = close;
    if (end + 2 < c->ntok && is(&c->toks[end + 1], "<<"))
        end = end + 2; /* gtest: FAIL() << "..." */
    for (size_t k = open; k <= end && k < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->kind != CXToken_Literal || t->text[0] != '"')
            continue;
        message = true;
        char lower[256];
        size_t n = 0;
        for (const char *p = t->text; *p && n + 1 < sizeof(lower); p++)
            lower[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
        lower[n] = '\0';
        for (const char *const *w = words; *w; w++)
            if (strstr(lower, *w))
                return true;
    }
    return !message;
}

/* Self-comparisons next to comparisons of the same expression with something else
 * (`CHECK(it1 == it1)`, `CHECK(!(it1 == it2))`) probe the type's `operator==` on purpose: its
 * reflexivity is what they test. */
static void mark_reflexive(const c_ctx *c, ssot_assertion *asserts, const c_pairs *pairs)
{
    for (size_t i = 0; i < pairs->count; i++) {
        const c_pair *p = &pairs->items[i];
        ssot_assertion *a = &asserts[p->assertion];
        if (!(a->flags & SSOT_AF_SELF_COMPARE))
            continue;
        for (size_t j = 0; j < pairs->count; j++) {
            const c_pair *q = &pairs->items[j];
            bool left = same_tokens(c, q->l, q->le, p->l, p->le);
            bool right = same_tokens(c, q->r, q->re, p->l, p->le);
            if (left != right) {
                a->flags |= SSOT_AF_REFLEXIVE;
                break;
            }
        }
    }
}

/* What the body [open, close] asserts, how it is shaped and whether it skips itself first. */
static void analyse_body(c_scan *s, ssot_function *fn, size_t open, size_t close)
{
    c_ctx *c = s->c;
    c_asserts asserts = {0};
    c_discards discards = {0};
    c_pairs pairs = {0};
    int depth = 0, paren = 0;
    size_t stmt = open + 1, statements = 0, voids = 0;
    bool returned = false, pending_return = false;
    size_t first_fail = 0, fail_statements = 0;
    size_t first = open + 1;
    while (first < close && (c->toks[first].directive ||
                             (in_skipped(c, first) && skipping_branch(c, first)[0])))
        first++;
    for (size_t k = open + 1; k < close; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive)
            continue;
        /* text the preprocessor always skips (`#if 0`) never runs; a branch the build's
           configuration decides (`#ifdef __cpp_lib_expected`) runs in some builds */
        if (in_skipped(c, k) && skipping_branch(c, k)[0])
            continue;
        if (is(t, "(")) {
            paren++;
        } else if (is(t, ")")) {
            paren--;
        } else if (is(t, "{") || is(t, "}")) {
            depth += is(t, "{") ? 1 : -1;
            stmt = k + 1;
        } else if (is(t, ";") && paren == 0) {
            if (discarded(c, stmt, k)) {
                ssot_discarded d = {loc_of(c, stmt, k - 1), false, SSOT_DISCARD_EXPRESSION};
                SSOT_VEC_PUSH(&discards, d);
            }
            /* `(void)state;` */
            if (k - stmt == 4 && is(&c->toks[stmt], "(") && is(&c->toks[stmt + 1], "void") &&
                is(&c->toks[stmt + 2], ")") && ident(&c->toks[stmt + 3]))
                voids++;
            statements++;
            if (pending_return)
                returned = true;
            stmt = k + 1;
        } else if (is(t, "return") && depth == 0 && paren == 0 && k == stmt) {
            const c_tok *prev = &c->toks[k - 1];
            if (is(prev, ";") || is(prev, "{") || is(prev, "}"))
                pending_return = true;
        } else if (ident(t) && c->tu &&
                   ((k == stmt && k + 1 < close && is(&c->toks[k + 1], ";") &&
                     own_macro(c, t->text)) ||
                    handed(c, k)) &&
                   name_asserts(c, t->text, 0)) {
            /* a project macro used as a statement without arguments (`VERIFY_LOCATION;`), or a
               project function that asserts, handed to the code under test as a callback */
            SSOT_VEC_PUSH(&asserts, word_assertion(c, k, SSOT_ASSERT_HELPER, returned, depth));
        } else if ((ident(t) || is(t, "static_assert") || is(t, "_Static_assert")) &&
                   call_paren(c, k, close) < close) {
            const c_tok *prev = &c->toks[k - 1];
            if (is(prev, ".") || is(prev, "->")) {
                /* A8: a method whose name starts with `assert` (`m.AssertHeld()`) */
                if (strncasecmp(t->text, "assert", 6))
                    continue;
                SSOT_VEC_PUSH(&asserts, word_assertion(c, k, SSOT_ASSERT_NAMED, returned, depth));
                continue;
            }
            c_word w = c_vocab_word(t->text);
            size_t end = match(c, call_paren(c, k, close));
            if (w == C_WORD_SKIP && k == first && !fn->skip.kind && !pp_branch(c, open, k)) {
                fn->skip.kind = SSOT_SKIP_FIRST_STATEMENT;
                fn->skip.loc = loc_of(c, k, end);
                continue;
            }
            if (w == C_WORD_CONFIG || w == C_WORD_SKIP)
                continue;
            bool helper = w == C_WORD_NONE && c->tu && !keyword(t->text) &&
                          name_asserts(c, t->text, 0);
            if (w == C_WORD_NONE && !helper)
                continue;
            ssot_assertion a = {0};
            a.loc = loc_of(c, k, end < close ? end : k);
            a.callee = t->text;
            a.subject = -1;
            if (helper) {
                a.kind = SSOT_ASSERT_HELPER;
            } else {
                a.kind = !strcmp(t->text, "assert") ? SSOT_ASSERT_STATEMENT
                         : w == C_WORD_MOCK_CHECK ? SSOT_ASSERT_MOCK
                                                  : SSOT_ASSERT_UNITTEST;
                ssot_check_form form;
                c_pair pair;
                a.flags = (uint16_t)assertion_flags(c, t->text, call_paren(c, k, close), end,
                                                    &form, &pair);
                a.form = (uint8_t)form;
                /* the project defines the assertion itself (it is the framework, or vendors
                   it): `EXPECT_EQ(1, 1)` there tests the macro, not the code */
                if (own_assertion(c, t->text))
                    a.flags &= ~(SSOT_AF_CONSTANT | SSOT_AF_SELF_COMPARE);
                pair.assertion = asserts.count;
                if (pair.le > pair.l && pair.re > pair.r)
                    SSOT_VEC_PUSH(&pairs, pair);
            }
            if (w == C_WORD_FAIL) {
                a.flags |= SSOT_AF_EXPLICIT_FAIL;
                if (k == stmt && depth == 0 && unfinished(c, k + 1, end)) {
                    fail_statements++;
                    first_fail = k;
                }
            }
            if (w == C_WORD_MOCK_CHECK)
                a.flags |= SSOT_AF_MOCK_CHECK;
            if (returned)
                a.flags |= SSOT_AF_UNREACHABLE;
            if (depth > 0)
                a.flags |= SSOT_AF_IN_BRANCH;
            SSOT_VEC_PUSH(&asserts, a);
            if (end < close)
                k = end; /* its arguments are part of it */
        }
    }
    mark_reflexive(c, asserts.items, &pairs);
    free(pairs.items);
    if (close == open + 1 || (statements && voids == statements && !asserts.count))
        fn->shape = SSOT_BODY_EMPTY;
    else if (statements == 1 && fail_statements == 1 && asserts.count == 1) {
        fn->shape = SSOT_BODY_STUB;
        fn->stub = snippet(c, first_fail);
    }
    fn->asserts = ssot_arena_alloc(c->arena, (asserts.count + 1) * sizeof(*asserts.items));
    if (asserts.count)
        memcpy(fn->asserts, asserts.items, asserts.count * sizeof(*asserts.items));
    fn->assert_count = asserts.count;
    fn->discarded = ssot_arena_alloc(c->arena, (discards.count + 1) * sizeof(*discards.items));
    if (discards.count)
        memcpy(fn->discarded, discards.items, discards.count * sizeof(*discards.items));
    fn->discarded_count = discards.count;
    free(asserts.items);
    free(discards.items);
}

static ssot_function *new_test(c_scan *s, const char *name, size_t at, size_t decl_end,
                               size_t open, size_t close)
{
    c_ctx *c = s->c;
    ssot_function fn = {0};
    fn.name = name;
    fn.symbol = name;
    fn.class_index = -1;
    fn.returns_double = -1;
    fn.def = loc_of(c, at, decl_end);
    fn.body.row = c->toks[open].row;
    fn.body.col = c->toks[open].col;
    fn.body.end_row = c->toks[close < c->ntok ? close : open].row;
    fn.body.end_col = c->toks[close < c->ntok ? close : open].col + 1;
    fn.flags = SSOT_FF_DECLARED | SSOT_FF_TEST_NAME;
    const char *branch = skipping_branch(c, at);
    if (branch && !branch[0])
        return NULL; /* compiled in another configuration, not this one */
    SSOT_VEC_PUSH(&s->tests, fn);
    ssot_function *t = &s->tests.items[s->tests.count - 1];
    if (branch) {
        t->skip.kind = SSOT_SKIP_PREPROCESSOR;
        t->skip.loc = t->def;
        t->skip.reason = branch;
    }
    if (close < c->ntok) {
        analyse_body(s, t, open, close);
        c_doubles_extract(c, t, open, close);
    }
    return t;
}

static const char *unquote(c_ctx *c, const c_tok *t)
{
    size_t n = strlen(t->text);
    if (n >= 2 && t->text[0] == '"')
        return ssot_arena_strndup(c->arena, t->text + 1, n - 2);
    return t->text;
}

/* TEST(Suite, Name) { ... }, TEST_CASE("title", "[tag]") { ... } ... */
static void macro_test(c_scan *s, size_t at, size_t open_paren, size_t close_paren, size_t open,
                       size_t close)
{
    c_ctx *c = s->c;
    size_t st[6], en[6];
    size_t n = split_args(c, open_paren, close_paren, st, en, 6);
    const char *macro = c->toks[at].text;
    const char *name = NULL;
    const char *tags = NULL;
    bool doctest_skip = false;
    for (size_t k = open_paren + 1; k < close_paren; k++) {
        const c_tok *t = &c->toks[k];
        if (t->kind == CXToken_Literal && t->text[0] == '"') {
            if (!name)
                name = unquote(c, t);
            else if (!tags)
                tags = unquote(c, t);
        }
        if (is(t, "skip") && k >= 2 && is(&c->toks[k - 1], "::") &&
            is(&c->toks[k - 2], "doctest") && k + 2 < close_paren &&
            !is(&c->toks[k + 2], "false"))
            doctest_skip = true;
    }
    bool gtest = !strncmp(macro, "TEST", 4) && strstr(macro, "CASE") == NULL;
    gtest = gtest || !strcmp(macro, "TYPED_TEST") || !strcmp(macro, "TYPED_TEST_P") ||
            !strcmp(macro, "GTEST_TEST");
    if (!strcmp(macro, "START_TEST") && n >= 1)
        name = span_text(c, st[0], en[0]);
    else if (gtest && n >= 2)
        name = ssot_arena_printf(c->arena, "%s.%s", span_text(c, st[0], en[0]),
                                 span_text(c, st[1], en[1]));
    if (!name)
        name = span_text(c, open_paren + 1, close_paren);
    if (strstr(macro, "SCENARIO"))
        name = ssot_arena_printf(c->arena, "Scenario: %s", name);
    ssot_function *t = new_test(s, name, at, close_paren, open, close);
    if (!t)
        return;
    if (!strcmp(macro, "START_TEST") && s->registers && !registered(s, name) && !t->skip.kind) {
        t->skip.kind = SSOT_SKIP_UNREGISTERED;
        t->skip.loc = t->def;
        t->skip.reason = "no tcase_add_test() of this file adds it";
    }
    if (t->skip.kind)
        return;
    if (gtest && n >= 2 &&
        (!strncmp(c->toks[st[0]].text, "DISABLED_", 9) ||
         !strncmp(c->toks[st[1]].text, "DISABLED_", 9))) {
        t->skip.kind = SSOT_SKIP_DISABLED;
        t->skip.loc = t->def;
        t->skip.reason = "its name starts with `DISABLED_`";
    } else if (tags && (strstr(tags, "[.") || strstr(tags, "[!hide]") || strstr(tags, "[hide]"))) {
        t->skip.kind = SSOT_SKIP_DISABLED;
        t->skip.loc = t->def;
        t->skip.reason = "a hidden tag `[.]`: Catch2 runs it only when named";
    } else if (doctest_skip && !c->runs_skipped) {
        /* `doctest::skip()` only sets the default: the project's CTest command may run the
           program with `--no-skip` */
        t->skip.kind = SSOT_SKIP_DISABLED;
        t->skip.loc = t->def;
        t->skip.reason = "`doctest::skip()`";
    }
}

/* How often `name` appears as an identifier outside [from, to]. */
static size_t uses_outside(const c_ctx *c, const char *name, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t k = 0; k < c->ntok; k++)
        if ((k < from || k > to) && ident(&c->toks[k]) && !strcmp(c->toks[k].text, name))
            n++;
    return n;
}

/* A plain function is a test when the file registers it; a `test` function of a file that
 * registers others but not it (and names it nowhere else) never runs; with Unity's generated
 * runner every `void test*(void)` is one. */
static void function_tests(c_scan *s)
{
    c_ctx *c = s->c;
    for (size_t i = 0; i < s->fns.count; i++) {
        const c_fndef *f = &s->fns.items[i];
        const char *name = c->toks[f->name].text;
        size_t close_paren = match(c, f->paren);
        if (registered(s, name)) {
            new_test(s, name, f->name, close_paren, f->open, f->close);
            continue;
        }
        if (strncmp(name, "test", 4))
            continue;
        bool void_params = close_paren == f->paren + 2 && is(&c->toks[f->paren + 1], "void");
        if (s->registers && !uses_outside(c, name, f->name, f->name) &&
            (f->name == 0 || !is(&c->toks[f->name - 1], "::"))) {
            ssot_function *t = new_test(s, name, f->name, close_paren, f->open, f->close);
            if (t && !t->skip.kind) {
                t->skip.kind = SSOT_SKIP_UNREGISTERED;
                t->skip.loc = t->def;
                t->skip.reason = "no registration of this file (a `CMUnitTest` array, "
                                 "`RUN_TEST`, `tcase_add_test`) names it";
            }
        } else if (s->unity && !s->registers && void_params) {
            new_test(s, name, f->name, close_paren, f->open, f->close);
        }
    }
}

size_t c_match(const c_ctx *c, size_t i)
{
    return match(c, i);
}

size_t c_split_args(const c_ctx *c, size_t open, size_t close, size_t *starts, size_t *ends,
                    size_t max)
{
    return split_args(c, open, close, starts, ends, max);
}

bool c_name_asserts(c_ctx *c, const char *name)
{
    return c->tu && name_asserts(c, name, 0);
}

ssot_loc c_loc_of(c_ctx *c, size_t a, size_t b)
{
    return loc_of(c, a, b);
}

void c_tests_extract(c_ctx *c)
{
    c_scan s = {0};
    s.c = c;
    /* registrations and includes first: they decide which plain functions are tests */
    for (size_t k = 0; k + 2 < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive) {
            if (t->kind == CXToken_Literal || ident(t))
                if (strstr(t->text, "unity.h") || (is(t, "unity") && is(&c->toks[k + 1], ".")))
                    s.unity = true;
            continue;
        }
        int arg = ident(t) && is(&c->toks[k + 1], "(") ? registration_arg(t->text) : 0;
        if (!arg)
            continue;
        size_t close = match(c, k + 1), st[3], en[3];
        size_t n = split_args(c, k + 1, close, st, en, 3);
        if (n >= (size_t)arg && en[arg - 1] == st[arg - 1] + 1) {
            add_registered(&s, c->toks[st[arg - 1]].text);
            s.registers = true;
        }
    }
    typedef struct { size_t at, close_paren, open, close; } pending;
    SSOT_VEC(pending) macros = {0};
    for (size_t k = 0; k + 1 < c->ntok; k++) {
        const c_tok *t = &c->toks[k];
        if (t->directive || !ident(t) || keyword(t->text))
            continue;
        /* `f(`, or an explicit specialization `template <> void f<true>() {` */
        size_t paren = call_paren(c, k, c->ntok);
        if (paren >= c->ntok)
            continue;
        size_t close_paren = match(c, paren);
        size_t b = close_paren + 1;
        while (b < c->ntok && (is(&c->toks[b], "const") || is(&c->toks[b], "override") ||
                               is(&c->toks[b], "noexcept") || is(&c->toks[b], "final")))
            b++;
        /* a trailing return type: `auto f() -> bool {` */
        if (b < c->ntok && is(&c->toks[b], "->"))
            for (size_t e = b + 1; e < c->ntok && e < b + 32; e++)
                if (is(&c->toks[e], "{") || is(&c->toks[e], ";") || is(&c->toks[e], "=") ||
                    is(&c->toks[e], ")")) {
                    b = e;
                    break;
                }
        if (b >= c->ntok || !is(&c->toks[b], "{"))
            continue;
        size_t close = match(c, b);
        if (test_macro(t->text) && paren == k + 1) {
            pending m = {k, close_paren, b, close};
            SSOT_VEC_PUSH(&macros, m);
        } else {
            c_fndef f = {k, paren, b, close};
            SSOT_VEC_PUSH(&s.fns, f);
            if (c->tu && close < c->ntok) {
                CXSourceLocation from = clang_getLocationForOffset(c->tu, c->file, t->off);
                CXSourceLocation to =
                    clang_getLocationForOffset(c->tu, c->file, c->toks[close].end);
                c_def d = {t->text, clang_getRange(from, to), -1};
                SSOT_VEC_PUSH(&c->functions, d);
            }
        }
        if (close < c->ntok)
            k = close;
    }
    for (size_t i = 0; i < macros.count; i++)
        macro_test(&s, macros.items[i].at, macros.items[i].at + 1, macros.items[i].close_paren,
                   macros.items[i].open, macros.items[i].close);
    free(macros.items);
    function_tests(&s);
    c_fixtures_apply(c, s.tests.items, s.tests.count, s.unity);
    /* the build judges the program's outcome, or the file's main checks what the tests
       did: every test of the file */
    bool judged = s.tests.count && (c->judged || c_main_checks(c));
    for (size_t i = 0; judged && i < s.tests.count; i++)
        s.tests.items[i].flags |= SSOT_FF_OUTCOME_CHECKED;
    c->facts->functions =
        ssot_arena_alloc(c->arena, (s.tests.count + 1) * sizeof(*s.tests.items));
    if (s.tests.count)
        memcpy(c->facts->functions, s.tests.items, s.tests.count * sizeof(*s.tests.items));
    c->facts->function_count = s.tests.count;
    free(s.tests.items);
    free(s.fns.items);
    free(s.registered);
}
