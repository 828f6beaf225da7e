/* analyzer/frontend/python/python.c - the Python front end: parse with tree-sitter, then turn the
 * module's classes, functions, comments and syntax errors into facts. Function bodies are
 * walked by python_body.c. The tree is deleted before returning. */
#include "analyzer/frontend/python/python_internal.h"
#include "analyzer/frontend/python/python.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyzer/facts/assertions.h"
#include "analyzer/frontend/python/python_defs.h"
#include "analyzer/frontend/python/python_scanner.h"
#include "analyzer/frontend/python/python_state.h"
#include "analyzer/frontend/ts_memory.h"
#include "analyzer/engine/suppress.h"

const TSLanguage *tree_sitter_python(void);

struct ssot_python_frontend {
    TSParser *parser;
    TSParser *corrected; /* the grammar with python_scanner.c's scanner: a second parse of
                            the files the first one rejects */
    ft_tree tree; /* the flat copy of the file being extracted */
};

ssot_python_frontend *ssot_python_frontend_new(char *err, size_t err_size)
{
    ssot_python_frontend *fe = ssot_calloc(1, sizeof(*fe));
    ssot_ts_memory_install(); /* before the parsers allocate */
    fe->parser = ts_parser_new();
    const TSLanguage *lang = tree_sitter_python();
    if (!ts_parser_set_language(fe->parser, lang)) {
        snprintf(err, err_size,
                 "the Python grammar has ABI %u but the tree-sitter runtime accepts %d-%d",
                 ts_language_abi_version(lang), TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                 TREE_SITTER_LANGUAGE_VERSION);
        ssot_python_frontend_free(fe);
        return NULL;
    }
    /* py_field's table must be this grammar's field ids */
    bool same = ts_language_field_count(lang) == PY_FIELD_COUNT;
    for (unsigned i = 0; same && i < PY_FIELD_COUNT; i++) {
        const char *name = ts_language_field_name_for_id(lang, (TSFieldId)(i + 1));
        same = name && !strcmp(name, py_field_names[i]);
    }
    if (!same) {
        snprintf(err, err_size, "the Python grammar's fields differ from py_field_names");
        ssot_python_frontend_free(fe);
        return NULL;
    }
    const TSLanguage *corrected = py_scanner_corrected_language(err, err_size);
    if (!corrected) {
        ssot_python_frontend_free(fe);
        return NULL;
    }
    fe->corrected = ts_parser_new();
    if (!ts_parser_set_language(fe->corrected, corrected)) {
        snprintf(err, err_size, "the corrected Python grammar was refused by the runtime");
        ssot_python_frontend_free(fe);
        return NULL;
    }
    ft_tree_init(&fe->tree, lang);
    return fe;
}

typedef SSOT_VEC(ssot_file_problem) py_problems;

/* A parse's budget: what tree-sitter holds on this thread when it started, and whether the
 * tree grew past SSOT_MAX_TREE_BYTES (then where the parser was). */
typedef struct py_budget {
    long long start;
    bool exceeded;
    uint32_t at; /* byte */
} py_budget;

static bool over_budget(TSParseState *state)
{
    py_budget *b = state->payload;
    if (ssot_ts_memory_live() - b->start <= (long long)SSOT_MAX_TREE_BYTES)
        return false;
    b->exceeded = true;
    b->at = state->current_byte_offset;
    return true;
}

static const char *read_source(void *payload, uint32_t byte, TSPoint point, uint32_t *read)
{
    (void)point;
    const ssot_source *src = payload;
    if (byte >= src->len) {
        *read = 0;
        return "";
    }
    *read = (uint32_t)(src->len - byte);
    return src->text + byte;
}

/* One parse under the budget; NULL when the parser gave up or the budget stopped it. */
static TSTree *parse_within(TSParser *parser, const ssot_source *src, py_budget *b)
{
    TSInput input = {(void *)src, read_source, TSInputEncodingUTF8, NULL};
    TSParseOptions options = {b, over_budget};
    b->start = ssot_ts_memory_live();
    TSTree *tree = ts_parser_parse_with_options(parser, NULL, input, options);
    if (!tree)
        ts_parser_reset(parser); /* the next file starts afresh, not where this one stopped */
    return tree;
}

/* Parse `src`; when the grammar rejects it, parse it again with the corrected scanner, and
 * keep that tree if it has no error (valid Python the grammar's scanner gets wrong). The
 * first parse decides otherwise: its error recovery is the grammar's own. */
static TSTree *parse(ssot_python_frontend *fe, const ssot_source *src, py_budget *b)
{
    TSTree *tree = parse_within(fe->parser, src, b);
    if (!tree || !ts_node_has_error(ts_tree_root_node(tree)))
        return tree;
    py_budget again_budget = {0};
    TSTree *again = parse_within(fe->corrected, src, &again_budget);
    if (again && !ts_node_has_error(ts_tree_root_node(again))) {
        ts_tree_delete(tree);
        return again;
    }
    if (again)
        ts_tree_delete(again);
    return tree;
}

/* The E006 finding of a file whose tree outgrew the budget, at the line the parser was on. */
static void too_large(const ssot_source *src, uint32_t at, py_problems *problems,
                      ssot_arena *arena)
{
    ssot_file_problem p = {0};
    unsigned row = 1, col = 1;
    for (uint32_t i = 0; i < at && i < src->len; i++) {
        if (src->text[i] == '\n') {
            row++;
            col = 1;
        } else {
            col++;
        }
    }
    p.code = "E006";
    p.loc.span = (ssot_span){row, col, row, col};
    p.loc.snippet = "";
    p.message = ssot_arena_printf(arena,
                                  "the syntax tree of this file outgrew %d MiB (the parser was "
                                  "at line %u, byte %u of %zu); the file was not analysed: "
                                  "exclude it if it is generated, or split it",
                                  SSOT_MAX_TREE_BYTES >> 20, row, (unsigned)at, src->len);
    SSOT_VEC_PUSH(problems, p);
}

void ssot_python_frontend_free(ssot_python_frontend *fe)
{
    if (!fe)
        return;
    ts_parser_delete(fe->parser);
    if (fe->corrected)
        ts_parser_delete(fe->corrected);
    ft_tree_free(&fe->tree);
    free(fe);
}

typedef SSOT_VEC(ssot_function) py_functions;
typedef SSOT_VEC(ssot_class) py_classes;
typedef SSOT_VEC(ssot_comment) py_comments;

typedef struct py_range {
    uint32_t start, end; /* bytes */
} py_range;
typedef SSOT_VEC(py_range) py_ranges;

typedef struct py_file {
    py_ctx *c;
    bool shallow; /* a service file: classes only, no function bodies */
    py_functions functions;
    py_classes classes;
    py_ranges errors; /* the ERROR and MISSING nodes, in tree order */
} py_file;

/* ---- comments (listed when the tree was copied) and syntax errors ---- */

static bool is_error(ft_node n) { return ft_is_missing(n) || py_is(n, "ERROR"); }

static ft_node first_error_in(ft_node n)
{
    for (ft_node k = n, end = ft_skip(n); k < end; k = ft_next(k))
        if (is_error(k))
            return k;
    return NULL;
}

/* A statement or definition that parsed whole. */
static bool is_whole_statement(ft_node n)
{
    if (!ft_is_named(n) || first_error_in(n))
        return false;
    size_t len = n->type_len;
    const char *t = ft_type(n);
    return py_is(n, "comment") ||
           (len > 10 && !memcmp(t + len - 10, "_statement", 10)) ||
           (len > 11 && !memcmp(t + len - 11, "_definition", 11));
}

/* Where the parser got stuck inside an ERROR node. Error recovery wraps what it had read
 * and could not finish: often whole statements from far above (the imports at line 1, the
 * methods before the broken one), then the start of the statement it failed on. The point
 * is the first child that is not a whole statement, looked into while it is an error
 * itself. On mutated stdlib files (a bracket or colon deleted, a docstring mangled) this is
 * CPython's error line 86% of the time, the start of the ERROR node 66%. */
static ft_node error_point(ft_node e)
{
    for (int depth = 0; depth < SSOT_MAX_NESTING && py_is(e, "ERROR"); depth++) {
        ft_node next = NULL;
        for (uint32_t i = 0; i < ft_child_count(e) && !next; i++) {
            ft_node k = ft_child(e, i);
            if (!is_whole_statement(k))
                next = first_error_in(k) ? first_error_in(k) : k;
        }
        if (!next || next == e)
            return e;
        e = next;
    }
    return e;
}

static void scan_tree(py_ctx *c, ft_node root, py_comments *comments, py_problems *problems,
                      py_ranges *errors)
{
    const ft_tree *t = root->tree;
    for (size_t i = 0; i < t->comment_count; i++) {
        ft_node n = ft_at(t, t->comments[i]);
        ssot_comment k;
        TSPoint p = ft_start_point(n);
        k.row = p.row + 1;
        k.col = p.column + 1;
        k.text = py_text(c, n);
        SSOT_VEC_PUSH(comments, k);
    }
    ft_node first_error = NULL;
    unsigned error_count = 0;
    if (t->has_error) {
        for (ft_node n = root, end = ft_end(root); n < end; n = ft_next(n))
            if (is_error(n)) {
                if (error_count++ == 0)
                    first_error = n;
                py_range r = {ft_start_byte(n), ft_end_byte(n)};
                SSOT_VEC_PUSH(errors, r);
            }
    }
    if (error_count) {
        ft_node at = error_point(first_error);
        ssot_file_problem p = {0};
        p.code = "E003";
        p.loc = py_loc(c, at);
        /* from the point to the end of its line */
        uint32_t eol = ft_start_byte(at);
        while (eol < c->len && c->src[eol] != '\n')
            eol++;
        if (p.loc.span.end_row > p.loc.span.row) {
            p.loc.span.end_row = p.loc.span.row;
            p.loc.span.end_col = p.loc.span.col + (eol - ft_start_byte(at));
        }
        p.loc.snippet = py_snippet_at(c, ft_start_byte(at), eol);
        const char *more = error_count > 1 ? " (and more errors)" : "";
        if (ft_is_missing(at))
            p.message = ssot_arena_printf(c->arena, "syntax error: missing `%s`%s; "
                                          "functions that overlap an error are not checked",
                                          ft_type(at), more);
        else {
            /* at most 40 bytes of it, not cutting a UTF-8 sequence */
            int cut = (int)strlen(p.loc.snippet);
            if (cut > 40)
                for (cut = 40; cut > 0 && ((unsigned char)p.loc.snippet[cut] & 0xC0) == 0x80;)
                    cut--;
            p.message = ssot_arena_printf(c->arena, "syntax error: cannot parse `%.*s%s`%s; "
                                          "functions that overlap an error are not checked",
                                          cut, p.loc.snippet,
                                          p.loc.snippet[cut] ? "..." : "", more);
        }
        SSOT_VEC_PUSH(problems, p);
    }
}

/* ---- decorators ---- */

static bool name_is(const char *name, const char *last, const char *const *prefixes)
{
    if (!name)
        return false;
    const char *seg = ssot_last_segment(name);
    if (strcmp(seg, last) != 0)
        return false;
    if (seg == name)
        return true;
    for (; *prefixes; prefixes++) {
        size_t n = strlen(*prefixes);
        if ((size_t)(seg - name) == n + 1 && strncmp(name, *prefixes, n) == 0)
            return true;
    }
    return false;
}

static const char *const mark_prefixes[] = {"pytest.mark", "mark", NULL};

/* The pytest marks among a definition's decorators: `@pytest.mark.smoke` gives `smoke`. */
static const char **decorator_markers(py_ctx *c, ft_node decorated, size_t *count)
{
    const char **out = py_decorator_list(c, decorated, count);
    size_t kept = 0;
    for (size_t i = 0; i < *count; i++) {
        const char *name = out[i];
        for (const char *const *p = mark_prefixes; *p; p++) {
            size_t len = strlen(*p);
            if (!strncmp(name, *p, len) && name[len] == '.' && !strchr(name + len + 1, '.')) {
                out[kept++] = name + len + 1;
                break;
            }
        }
    }
    *count = kept;
    return out;
}
static const char *const unittest_prefixes[] = {"unittest", NULL};

static const char *reason_of(py_ctx *c, ft_node call, unsigned positional)
{
    if (ft_is_null(call))
        return NULL;
    ft_node r = py_call_kwarg(c, call, "reason");
    if (ft_is_null(r))
        r = py_call_arg(call, positional);
    return ft_is_null(r) ? NULL : py_string_value(c, r);
}

/* Fill `skip` from one mark expression (a decorator's, or an element of `pytestmark`)
 * when it makes the test never run; `at` is where the finding points. */
static void skip_from_mark(py_ctx *c, ft_node mark, ft_node at, ssot_skip *skip)
{
    ft_node call = py_is(mark, "call") ? mark : NULL;
    const char *name = py_is(mark, "call") ? py_callee(c, mark) : py_dotted(c, mark);
    if (!name || skip->kind)
        return;
    ssot_skip s = {0};
    s.loc = py_loc(c, at);
    if (name_is(name, "skip", mark_prefixes) || name_is(name, "skip", unittest_prefixes)) {
        s.kind = SSOT_SKIP_DECORATOR;
        s.reason = reason_of(c, call, 0);
    } else if (name_is(name, "skipif", mark_prefixes) ||
               name_is(name, "skipIf", unittest_prefixes)) {
        ft_node cond = py_call_arg(call, 0);
        /* pytest evaluates string conditions at run time: not constant */
        if (!ft_is_null(cond) && !py_is(py_unparen(cond), "string") &&
            py_constant_truth(c, cond, 0) == 1) {
            s.kind = SSOT_SKIP_CONSTANT_IF;
            s.reason = reason_of(c, call, 1);
        }
    } else if (name_is(name, "skipUnless", unittest_prefixes)) {
        ft_node cond = py_call_arg(call, 0);
        if (!ft_is_null(cond) && py_constant_truth(c, cond, 0) == 0) {
            s.kind = SSOT_SKIP_CONSTANT_IF;
            s.reason = reason_of(c, call, 1);
        }
    } else if (name_is(name, "xfail", mark_prefixes) && !ft_is_null(call)) {
        ft_node run = py_call_kwarg(c, call, "run");
        if (!ft_is_null(run) && py_constant_truth(c, run, 0) == 0) {
            s.kind = SSOT_SKIP_XFAIL_NO_RUN;
            s.reason = reason_of(c, call, 99);
        }
    } else if (name_is(name, "parametrize", mark_prefixes) && !ft_is_null(call)) {
        ft_node values = py_call_kwarg(c, call, "argvalues");
        if (ft_is_null(values))
            values = py_call_arg(call, 1);
        values = py_unparen(values);
        if ((py_is(values, "list") || py_is(values, "tuple")) &&
            py_constant_truth(c, values, 0) == 0)
            s.kind = SSOT_SKIP_EMPTY_PARAMETRIZE;
    }
    if (s.kind)
        *skip = s;
}

static void skip_from_decorator(py_ctx *c, ft_node dec, ssot_skip *skip)
{
    skip_from_mark(c, ft_named_child(dec, 0), dec, skip);
}

/* `pytestmark = mark` or `pytestmark = [marks]` in a module or class body. */
static void skip_from_pytestmark(py_ctx *c, ft_node stmt, ssot_skip *skip)
{
    ft_node e = py_is(stmt, "expression_statement") ? ft_named_child(stmt, 0) : NULL;
    if (!py_is(e, "assignment") || skip->kind)
        return;
    ft_node left = py_field(e, PYF_left), right = py_unparen(py_field(e, PYF_right));
    if (!py_is(left, "identifier") || strcmp(py_text(c, left), "pytestmark") != 0 ||
        ft_is_null(right))
        return;
    if (!py_is(right, "list") && !py_is(right, "tuple")) {
        skip_from_mark(c, right, stmt, skip);
        return;
    }
    uint32_t n = ft_named_child_count(right);
    for (uint32_t i = 0; i < n && !skip->kind; i++)
        skip_from_mark(c, ft_named_child(right, i), stmt, skip);
}

static uint32_t decorator_flags(py_ctx *c, ft_node decorated)
{
    uint32_t flags = 0;
    size_t n;
    const char **names = py_decorator_list(c, decorated, &n);
    for (size_t i = 0; i < n; i++) {
        const char *last = ssot_last_segment(names[i]);
        if (!strcmp(last, "fixture") || !strcmp(last, "yield_fixture"))
            flags |= SSOT_FF_FIXTURE;
        else if (!strcmp(last, "abstractmethod"))
            flags |= SSOT_FF_ABSTRACT;
        else if (name_is(names[i], "parametrize", mark_prefixes))
            flags |= SSOT_FF_PARAMETRIZED;
    }
    return flags;
}

static void skip_from_decorators(py_ctx *c, ft_node decorated, ssot_skip *skip)
{
    if (ft_is_null(decorated))
        return;
    uint32_t n = ft_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = ft_named_child(decorated, i);
        if (py_is(d, "decorator"))
            skip_from_decorator(c, d, skip);
    }
}

/* ---- function bodies: shape, first-statement skip, TODO comments ---- */

static bool is_docstring(ft_node stmt)
{
    return py_is(stmt, "expression_statement") &&
           (py_is(ft_named_child(stmt, 0), "string") ||
            py_is(ft_named_child(stmt, 0), "concatenated_string")) &&
           ft_named_child_count(stmt) == 1;
}

static bool is_nothing(ft_node stmt)
{
    return py_is(stmt, "pass_statement") ||
           (py_is(stmt, "expression_statement") &&
            py_is(ft_named_child(stmt, 0), "ellipsis"));
}

/* A call's callee with pytest's bare helpers (`fail`, `skip`) kept only when imported from
 * pytest; NULL otherwise. */
static const char *pytest_aware_callee(py_ctx *c, ft_node call)
{
    const char *callee = py_callee(c, call);
    if (!callee || strchr(callee, '.'))
        return callee;
    for (size_t i = 0; i < c->pytest_local.count; i++)
        if (!strcmp(c->pytest_local.items[i], callee))
            return ssot_arena_printf(c->arena, "pytest.%s", c->pytest_orig.items[i]);
    return (!strcmp(callee, "fail") || !strcmp(callee, "skip")) ? NULL : callee;
}

static bool is_stub_statement(py_ctx *c, ft_node stmt)
{
    if (py_is(stmt, "raise_statement")) {
        ft_node e = ft_named_child(stmt, 0);
        if (py_is(e, "call"))
            e = py_field(e, PYF_function);
        const char *d = ft_is_null(e) ? NULL : py_dotted(c, e);
        return d && !strcmp(ssot_last_segment(d), "NotImplementedError");
    }
    if (py_is(stmt, "assert_statement"))
        return py_constant_truth(c, ft_named_child(stmt, 0), 0) == 0;
    if (py_is(stmt, "expression_statement") && py_is(ft_named_child(stmt, 0), "call")) {
        const char *callee = pytest_aware_callee(c, ft_named_child(stmt, 0));
        return callee && ssot_assertion_is_fail_call(callee);
    }
    return false;
}

/* The first statement after the docstring, or a null node. */
static ft_node first_statement(ft_node body, bool *had_docstring)
{
    uint32_t n = ft_named_child_count(body);
    bool first = true;
    *had_docstring = false;
    for (uint32_t i = 0; i < n; i++) {
        ft_node s = ft_named_child(body, i);
        if (py_is(s, "comment"))
            continue;
        if (first && is_docstring(s)) {
            *had_docstring = true;
            first = false;
            continue;
        }
        return s;
    }
    return NULL;
}

/* A docstring with doctest examples: a `>>>` prompt at the start of one of its lines. */
static bool has_doctest(py_ctx *c, ft_node body)
{
    ft_node first = ft_named_child(body, 0);
    while (py_is(first, "comment"))
        first = ft_next_named_sibling(first);
    if (!is_docstring(first))
        return false;
    const char *text = py_text(c, ft_named_child(first, 0));
    for (const char *p = strstr(text, ">>>"); p; p = strstr(p + 3, ">>>")) {
        const char *q = p;
        while (q > text && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        if (q == text || q[-1] == '\n' || q[-1] == '"' || q[-1] == '\'')
            return true;
    }
    return false;
}

static ssot_body_shape body_shape(py_ctx *c, ft_node body)
{
    uint32_t n = ft_named_child_count(body);
    bool first = true, docstring = false;
    unsigned stub = 0, code = 0;
    for (uint32_t i = 0; i < n; i++) {
        ft_node s = ft_named_child(body, i);
        if (py_is(s, "comment"))
            continue;
        if (first && is_docstring(s)) {
            docstring = true;
            first = false;
            continue;
        }
        first = false;
        if (is_nothing(s))
            continue;
        if (is_stub_statement(c, s))
            stub++;
        else
            code++;
    }
    if (code)
        return SSOT_BODY_CODE;
    if (stub == 1)
        return SSOT_BODY_STUB;
    if (stub)
        return SSOT_BODY_CODE;
    return docstring ? SSOT_BODY_DOCSTRING_ONLY : SSOT_BODY_EMPTY;
}

static bool is_skip_statement(py_ctx *c, ft_node s)
{
    if (py_is(s, "raise_statement")) {
        ft_node e = ft_named_child(s, 0);
        if (py_is(e, "call"))
            e = py_field(e, PYF_function);
        const char *d = ft_is_null(e) ? NULL : py_dotted(c, e);
        return d && (!strcmp(ssot_last_segment(d), "SkipTest") ||
                     !strcmp(d, "pytest.skip.Exception"));
    }
    if (py_is(s, "expression_statement") && py_is(ft_named_child(s, 0), "call")) {
        const char *callee = pytest_aware_callee(c, ft_named_child(s, 0));
        return callee && ssot_assertion_is_skip_call(callee);
    }
    return false;
}

static void skip_from_first_statement(py_ctx *c, ft_node body, ssot_skip *skip)
{
    bool doc;
    ft_node s = first_statement(body, &doc);
    if (skip->kind || ft_is_null(s) || !is_skip_statement(c, s))
        return;
    skip->kind = SSOT_SKIP_FIRST_STATEMENT;
    skip->loc = py_loc(c, s);
    ft_node call = py_is(s, "raise_statement") ? ft_named_child(s, 0)
                                              : ft_named_child(s, 0);
    skip->reason = py_is(call, "call") ? reason_of(c, call, 0) : NULL;
}

static bool has_todo(const char *text)
{
    static const char *const words[] = {"TODO", "FIXME", "XXX", NULL};
    for (const char *const *w = words; *w; w++) {
        const char *p = strstr(text, *w);
        if (p) {
            size_t n = strlen(*w);
            char after = p[n];
            bool word_start = p == text || !((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z');
            bool word_end = !((after | 32) >= 'a' && (after | 32) <= 'z');
            if (word_start && word_end)
                return true;
        }
    }
    return false;
}

/* A TODO comment inside the function, or in the indented comment lines right after it. */
static bool todo_in(const py_comments *comments, uint32_t first_row, uint32_t last_row,
                    uint32_t def_col)
{
    uint32_t expect_row = last_row + 1;
    for (size_t i = 0; i < comments->count; i++) {
        const ssot_comment *k = &comments->items[i];
        if (k->row >= first_row && k->row <= last_row && has_todo(k->text))
            return true;
        if (k->row == expect_row && k->col > def_col) {
            if (has_todo(k->text))
                return true;
            expect_row++;
        }
    }
    return false;
}

static ft_node named_sibling_past_comments(ft_node n, bool next)
{
    do
        n = next ? ft_next_named_sibling(n) : ft_prev_named_sibling(n);
    while (py_is(n, "comment"));
    return n;
}

/* A definition whose text holds an ERROR or MISSING node, or that has an ERROR beside it
 * (error recovery cut it short, or took its decorators). */
static bool in_broken_code(const py_file *f, ft_node def)
{
    if (!f->errors.count)
        return false;
    uint32_t start = ft_start_byte(def), end = ft_end_byte(def);
    for (size_t i = 0; i < f->errors.count; i++)
        if (f->errors.items[i].start <= end && f->errors.items[i].end >= start)
            return true;
    return py_is(named_sibling_past_comments(def, false), "ERROR") ||
           py_is(named_sibling_past_comments(def, true), "ERROR");
}

typedef struct class_info {
    int32_t index;
    ft_node decorated;
    const char *qualname;
} class_info;

static void add_function(py_file *f, ft_node def, ft_node decorated, const class_info *cls,
                         const py_class_doubles *class_doubles, py_class_doubles *collect,
                         const py_comments *comments)
{
    py_ctx *c = f->c;
    ssot_function fn = {0};
    ft_node name = py_field(def, PYF_name);
    ft_node body = py_field(def, PYF_body);
    fn.name = py_text(c, name);
    fn.symbol = cls ? ssot_arena_printf(c->arena, "%s.%s", cls->qualname, fn.name) : fn.name;
    fn.class_index = cls ? cls->index : -1;
    fn.def = py_loc(c, def);
    fn.def.span = py_span(c, name);
    fn.body = py_span(c, body);
    fn.flags = decorator_flags(c, decorated);
    size_t markers;
    fn.markers = decorator_markers(c, decorated, &markers);
    fn.marker_count = (uint32_t)markers;
    if (cls)
        fn.flags |= SSOT_FF_METHOD;
    if (!strncmp(fn.name, "test", 4))
        fn.flags |= SSOT_FF_TEST_NAME;
    if (py_is(ft_child(def, 0), "async"))
        fn.flags |= SSOT_FF_ASYNC;
    if (in_broken_code(f, ft_is_null(decorated) ? def : decorated))
        fn.flags |= SSOT_FF_SYNTAX_ERROR;
    if (!ft_is_null(body)) {
        fn.shape = body_shape(c, body);
        if (has_doctest(c, body))
            fn.flags |= SSOT_FF_DOCTEST;
        TSPoint start = ft_start_point(ft_is_null(decorated) ? def : decorated);
        if (todo_in(comments, start.row + 1, ft_end_point(def).row + 1,
                    ft_start_point(def).column + 1))
            fn.flags |= SSOT_FF_TODO;
    }
    skip_from_decorators(c, decorated, &fn.skip);
    if (!ft_is_null(body))
        skip_from_first_statement(c, body, &fn.skip);
    py_walk_function(c, def, decorated, cls ? cls->decorated : NULL, &fn, class_doubles,
                     collect);
    SSOT_VEC_PUSH(&f->functions, fn);
}

/* ---- classes ---- */

/* `self.m.x = V` in a helper method of a test class: setUp (or the test) may call it to
 * configure the double it bound on self, so `x` counts as configured. */
static void collect_helper_assignments(py_ctx *c, ft_node def, py_strings *assigned)
{
    ft_node body = py_field(def, PYF_body);
    ft_node end = ft_is_null(body) ? body : ft_end(body);
    for (ft_node n = body; n && n < end; n = ft_next(n)) {
        if (!py_is(n, "assignment"))
            continue;
        const char *target = py_dotted(c, py_field(n, PYF_left));
        if (target && !strncmp(target, "self.", 5) && strchr(target + 5, '.'))
            SSOT_VEC_PUSH(assigned, target);
    }
}

static bool is_setup_name(const char *name)
{
    static const char *const names[] = {"setUp", "asyncSetUp", "setUpClass", "setup_method",
                                        "setup_class", "setup", "setUpTestData", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcmp(name, *n))
            return true;
    return false;
}

static void add_class(py_file *f, ft_node def, ft_node decorated, int32_t outer,
                      const py_comments *comments);

static void unwrap_definition(ft_node stmt, ft_node *def, ft_node *decorated)
{
    *decorated = NULL;
    *def = stmt;
    if (py_is(stmt, "decorated_definition")) {
        *decorated = stmt;
        *def = py_field(stmt, PYF_definition);
    }
}

static void add_class(py_file *f, ft_node def, ft_node decorated, int32_t outer,
                      const py_comments *comments)
{
    py_ctx *c = f->c;
    ssot_class k = {0};
    k.name = py_text(c, py_field(def, PYF_name));
    k.qualname = outer >= 0 ? ssot_arena_printf(c->arena, "%s.%s",
                                                f->classes.items[outer].qualname, k.name)
                            : k.name;
    k.loc = py_loc(c, def);
    k.loc.span = py_span(c, py_field(def, PYF_name));
    k.outer_index = outer;
    skip_from_decorators(c, decorated, &k.skip);
    k.markers = decorator_markers(c, decorated, &k.marker_count);

    py_strings bases = {0};
    ft_node supers = py_field(def, PYF_superclasses);
    uint32_t n = ft_is_null(supers) ? 0 : ft_named_child_count(supers);
    for (uint32_t i = 0; i < n; i++) {
        ft_node b = ft_named_child(supers, i);
        if (py_is(b, "keyword_argument")) {
            const char *v = py_dotted(c, py_field(b, PYF_value));
            if (v && !strcmp(ssot_last_segment(v), "ABCMeta"))
                k.flags |= SSOT_KF_ABSTRACT;
            continue;
        }
        if (py_is(b, "subscript"))
            b = py_field(b, PYF_value);
        const char *d = py_dotted(c, b);
        if (!d)
            continue;
        if (!strcmp(ssot_last_segment(d), "ABC"))
            k.flags |= SSOT_KF_ABSTRACT;
        SSOT_VEC_PUSH(&bases, d);
    }
    k.bases = ssot_arena_alloc(c->arena, bases.count * sizeof(char *));
    if (bases.count)
        memcpy(k.bases, bases.items, bases.count * sizeof(char *));
    k.base_count = bases.count;
    free(bases.items);
    py_class_state(c, def, decorated, &k);

    int32_t index = (int32_t)f->classes.count;
    SSOT_VEC_PUSH(&f->classes, k);
    class_info info = {index, decorated, k.qualname};

    ft_node body = py_field(def, PYF_body);
    uint32_t m = ft_is_null(body) ? 0 : ft_named_child_count(body);
    py_strings methods = {0}, alias_names = {0}, alias_targets = {0};
    py_class_doubles doubles = {0};
    uint32_t flags = 0;
    ssot_skip setup_skip = {0}, mark_skip = {0};
    /* setUp first, so that the doubles it binds on self are known to every test */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < m; i++) {
            ft_node stmt = ft_named_child(body, i), d, dec;
            unwrap_definition(stmt, &d, &dec);
            if (py_is(d, "function_definition")) {
                const char *name = py_text(c, py_field(d, PYF_name));
                bool setup = is_setup_name(name);
                if (pass == 0 && !setup && strncmp(name, "test", 4) != 0 && !f->shallow)
                    collect_helper_assignments(c, d, &doubles.assigned);
                if ((pass == 0) != setup)
                    continue;
                if (pass == 0) {
                    if (!f->shallow)
                        add_function(f, d, dec, &info, NULL, &doubles, comments);
                    skip_from_first_statement(c, py_field(d, PYF_body), &setup_skip);
                } else if (!f->shallow) {
                    add_function(f, d, dec, &info, &doubles, NULL, comments);
                }
                SSOT_VEC_PUSH(&methods, name);
                if (!strcmp(name, "__init__"))
                    flags |= SSOT_KF_HAS_INIT;
                if (decorator_flags(c, dec) & SSOT_FF_ABSTRACT)
                    flags |= SSOT_KF_ABSTRACT;
            } else if (pass == 1 && py_is(d, "class_definition") && !f->shallow) {
                add_class(f, d, dec, index, comments);
            } else if (pass == 1 && py_is(stmt, "expression_statement") &&
                       py_is(ft_named_child(stmt, 0), "assignment")) {
                ft_node a = ft_named_child(stmt, 0);
                skip_from_pytestmark(c, stmt, &mark_skip);
                ft_node left = py_field(a, PYF_left);
                if (py_is(left, "identifier") && !strcmp(py_text(c, left), "__test__") &&
                    py_constant_truth(c, py_field(a, PYF_right), 0) == 0)
                    flags |= SSOT_KF_TEST_FALSE;
                ft_node right = py_field(a, PYF_right);
                const char *target = py_is(right, "attribute") ? py_dotted(c, right) : NULL;
                if (py_is(left, "identifier") && target) {
                    SSOT_VEC_PUSH(&alias_names, py_text(c, left));
                    SSOT_VEC_PUSH(&alias_targets, target);
                }
            }
        }
    }
    ssot_class *self = &f->classes.items[index]; /* the vector may have moved */
    self->flags |= flags;
    /* a decorator first, then a class-level `pytestmark`, then a skip in setUp */
    if (!self->skip.kind)
        self->skip = mark_skip.kind ? mark_skip : setup_skip;
    self->methods = ssot_arena_alloc(c->arena, methods.count * sizeof(char *));
    if (methods.count)
        memcpy(self->methods, methods.items, methods.count * sizeof(char *));
    self->method_count = methods.count;
    free(methods.items);
    self->alias_names = ssot_arena_alloc(c->arena, alias_names.count * sizeof(char *));
    self->alias_targets = ssot_arena_alloc(c->arena, alias_names.count * sizeof(char *));
    if (alias_names.count) {
        memcpy(self->alias_names, alias_names.items, alias_names.count * sizeof(char *));
        memcpy(self->alias_targets, alias_targets.items, alias_names.count * sizeof(char *));
    }
    self->alias_count = alias_names.count;
    free(alias_names.items);
    free(alias_targets.items);
    free(doubles.doubles.items);
    free(doubles.assigned.items);
}

/* ---- the module ---- */

static void module_skip(py_ctx *c, ft_node stmt, ssot_skip *skip, bool *test_false)
{
    ft_node e = py_is(stmt, "expression_statement") ? ft_named_child(stmt, 0) : NULL;
    if (py_is(e, "assignment")) {
        ft_node left = py_field(e, PYF_left), right = py_unparen(py_field(e, PYF_right));
        const char *target = py_is(left, "identifier") ? py_text(c, left) : "";
        if (!strcmp(target, "__test__") && py_constant_truth(c, right, 0) == 0)
            *test_false = true;
        ssot_skip s = {0};
        skip_from_pytestmark(c, stmt, &s);
        /* an empty parametrize does not apply to a whole module */
        if (!skip->kind && s.kind && s.kind != SSOT_SKIP_EMPTY_PARAMETRIZE) {
            s.kind = SSOT_SKIP_MODULE;
            *skip = s;
        }
        return;
    }
    if (!skip->kind && is_skip_statement(c, stmt)) {
        ft_node call = py_is(e, "call") ? e : NULL;
        const char *callee = ft_is_null(call) ? NULL : py_callee(c, call);
        /* pytest.skip at module level needs allow_module_level=True */
        if (callee && !strcmp(callee, "pytest.skip") &&
            ft_is_null(py_call_kwarg(c, call, "allow_module_level")))
            return;
        skip->kind = SSOT_SKIP_MODULE;
        skip->loc = py_loc(c, stmt);
        skip->reason = ft_is_null(call) ? NULL : reason_of(c, call, 0);
    }
}

static void collect_module_defs(py_ctx *c, ft_node root)
{
    uint32_t n = ft_named_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d, dec;
        unwrap_definition(ft_named_child(root, i), &d, &dec);
        if (py_is(d, "function_definition") || py_is(d, "class_definition"))
            SSOT_VEC_PUSH(&c->module_defs, py_text(c, py_field(d, PYF_name)));
        if (py_is(d, "class_definition"))
            SSOT_VEC_PUSH(&c->module_classes, py_text(c, py_field(d, PYF_name)));
        /* `AllTests = type("AllTests", (object,), d)` makes a class too */
        ft_node e = py_is(d, "expression_statement") ? ft_named_child(d, 0) : NULL;
        if (!py_is(e, "assignment"))
            continue;
        ft_node left = py_field(e, PYF_left), right = py_field(e, PYF_right);
        if (py_is(left, "identifier") && py_is(right, "call") &&
            py_call_positional_count(right) == 3) {
            const char *callee = py_callee(c, right);
            if (callee && !strcmp(callee, "type"))
                SSOT_VEC_PUSH(&c->module_classes, py_text(c, left));
        }
    }
}

/* py_import_names: a name the module imports, or a wildcard (NULL). */
static bool bind_imported(void *ctx, ft_node name)
{
    py_ctx *c = ctx;
    if (ft_is_null(name))
        c->module_star = true;
    else
        SSOT_VEC_PUSH(&c->module_bound, py_text(c, name));
    return true;
}

/* The names the module binds by import or assignment, in its top-level blocks (platform
 * branches included): a bare-name call of one of them may reach another file's function. */
static void collect_module_bindings(py_ctx *c, ft_node block, int depth)
{
    uint32_t n = depth > 8 ? 0 : ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        ft_node s = ft_named_child(block, i), d, dec;
        unwrap_definition(s, &d, &dec);
        if (py_is(d, "function_definition") || py_is(d, "class_definition")) {
            SSOT_VEC_PUSH(&c->module_bound, py_text(c, py_field(d, PYF_name)));
        } else if (py_is(s, "import_statement") || py_is(s, "import_from_statement")) {
            py_import_names(s, bind_imported, c);
        } else if (py_is(s, "expression_statement")) {
            ft_node e = ft_named_child(s, 0);
            ft_node left = py_is(e, "assignment") ? py_field(e, PYF_left) : NULL;
            if (py_is(left, "identifier"))
                SSOT_VEC_PUSH(&c->module_bound, py_text(c, left));
        } else if (py_is(s, "if_statement") || py_is(s, "try_statement") ||
                   py_is(s, "with_statement") || py_is(s, "elif_clause") ||
                   py_is(s, "else_clause") || py_is(s, "except_clause") ||
                   py_is(s, "finally_clause") || py_is(s, "block")) {
            collect_module_bindings(c, s, depth + 1);
        }
    }
}

/* Does the function's own body (nested defs left out) assert: an `assert` statement, `raise
 * AssertionError`, or a call that is an assertion by its name (A2-A5)? */
static bool body_asserts(py_ctx *c, ft_node def)
{
    ft_node body = py_field(def, PYF_body);
    if (ft_is_null(body))
        return false;
    ft_node end = ft_end(body);
    for (ft_node n = body; n < end; n = ft_next(n)) {
        if (py_is(n, "function_definition") || py_is(n, "class_definition") ||
            py_is(n, "lambda")) {
            n = ft_skip(n) - 1; /* its own scope: run only when called */
            continue;
        }
        if (py_is(n, "assert_statement"))
            return true;
        if (py_is(n, "call")) {
            const char *callee = py_callee(c, n);
            ssot_assert_kind k = callee ? ssot_assertion_classify(callee, NULL) : 0;
            if (k && k != SSOT_ASSERT_MOCK)
                return true;
        }
    }
    return false;
}

/* Service code: its module-level functions whose body asserts (A7 through a service file). */
static void collect_checking_functions(py_ctx *c, ft_node root)
{
    py_strings found = {0};
    uint32_t n = ft_named_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d, dec;
        unwrap_definition(ft_named_child(root, i), &d, &dec);
        if (py_is(d, "function_definition") && body_asserts(c, d))
            SSOT_VEC_PUSH(&found, py_text(c, py_field(d, PYF_name)));
    }
    PY_MOVE_TO_ARENA(c->arena, found, c->facts->checking_fns, c->facts->checking_fn_count);
}

/* `from pytest import raises, fail as pfail`: a bare `fail(...)` is pytest's only then. */
static void collect_pytest_imports(py_ctx *c, ft_node root)
{
    static const char *const star[] = {"raises", "warns", "deprecated_call", "fail", "skip",
                                       "importorskip", "mark", NULL};
    uint32_t n = ft_named_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        ft_node stmt = ft_named_child(root, i);
        ft_node module = py_field(stmt, PYF_module_name);
        if (!py_is(stmt, "import_from_statement") || !py_is(module, "dotted_name"))
            continue;
        const char *m = py_text(c, module);
        if (strcmp(m, "pytest") != 0 && strncmp(m, "_pytest", 7) != 0)
            continue;
        uint32_t k = ft_named_child_count(stmt);
        for (uint32_t j = 0; j < k; j++) {
            ft_node name = ft_named_child(stmt, j);
            if (ft_eq(name, module))
                continue;
            if (py_is(name, "wildcard_import")) {
                for (const char *const *w = star; *w; w++) {
                    SSOT_VEC_PUSH(&c->pytest_local, *w);
                    SSOT_VEC_PUSH(&c->pytest_orig, *w);
                }
            } else if (py_is(name, "aliased_import")) {
                SSOT_VEC_PUSH(&c->pytest_local, py_text(c, py_field(name, PYF_alias)));
                SSOT_VEC_PUSH(&c->pytest_orig, py_text(c, py_field(name, PYF_name)));
            } else if (py_is(name, "dotted_name")) {
                SSOT_VEC_PUSH(&c->pytest_local, py_text(c, name));
                SSOT_VEC_PUSH(&c->pytest_orig, py_text(c, name));
            }
        }
    }
}

/* Module level, and inside top-level if/try/with blocks (platform branches). */
static void walk_module_block(py_file *f, ft_node block, const py_comments *comments, int depth)
{
    if (depth > 8)
        return;
    uint32_t n = ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        ft_node stmt = ft_named_child(block, i), d, dec;
        unwrap_definition(stmt, &d, &dec);
        if (py_is(d, "function_definition")) {
            if (!f->shallow)
                add_function(f, d, dec, NULL, NULL, NULL, comments);
        } else if (py_is(d, "class_definition")) {
            add_class(f, d, dec, -1, comments);
        } else if (py_is(stmt, "if_statement") || py_is(stmt, "try_statement") ||
                   py_is(stmt, "with_statement") || py_is(stmt, "elif_clause") ||
                   py_is(stmt, "else_clause") || py_is(stmt, "except_clause") ||
                   py_is(stmt, "finally_clause") || py_is(stmt, "block")) {
            walk_module_block(f, stmt, comments, depth + 1);
        }
    }
}

/* The facts keep the comments that suppress findings; the rest (TODOs) served the
 * extraction. Fewer to store, cache and read back. */
static void keep_suppressions(py_comments *comments)
{
    size_t kept = 0;
    for (size_t i = 0; i < comments->count; i++) {
        char codes[4][16];
        bool file_level;
        if (ssot_suppress_parse(comments->items[i].text, codes, 4, &file_level) > 0)
            comments->items[kept++] = comments->items[i];
    }
    comments->count = kept;
}


void ssot_python_extract(ssot_python_frontend *fe, const ssot_source *src, ssot_facts *facts,
                         ssot_arena *arena)
{
    py_ctx c = {0};
    c.src = src->text;
    c.len = src->len;
    c.arena = arena;
    c.facts = facts;
    py_comments comments = {0};
    py_problems problems = {0};
    py_file f = {0};
    f.c = &c;

    py_budget budget = {0};
    TSTree *tree = parse(fe, src, &budget);
    if (!tree && budget.exceeded) {
        too_large(src, budget.at, &problems, arena);
        PY_MOVE_TO_ARENA(arena, problems, facts->problems, facts->problem_count);
        return;
    }
    if (!tree) {
        ssot_file_problem p = {0};
        p.code = "E003";
        p.loc.span = (ssot_span){1, 1, 1, 1};
        p.loc.snippet = "";
        p.message = "the parser gave up on this file";
        SSOT_VEC_PUSH(&problems, p);
        PY_MOVE_TO_ARENA(arena, problems, facts->problems, facts->problem_count);
        ts_parser_reset(fe->parser);
        return;
    }
    /* one cursor pass copies the tree; the TSTree goes before any rule looks at it */
    ft_node root = ft_tree_build(&fe->tree, tree, src->text, src->len);
    ts_tree_delete(tree);
    facts->parsed = true;
    facts->words = (ssot_words){"except", "raise", "raises", "raised", "re-raises",
                                "`AssertionError`", "raises-block", NULL, false, false,
                                "global"};
    facts->line_count = ft_end_point(root).row + 1;
    scan_tree(&c, root, &comments, &problems, &f.errors);

    c.module = root;
    /* a `.pyi` stub declares and runs nothing: no tests, whatever its role */
    size_t plen = facts->path ? strlen(facts->path) : 0;
    bool stub = plen > 4 && !strcmp(facts->path + plen - 4, ".pyi");
    if (facts->role == SSOT_ROLE_TEST && !stub) {
        collect_module_defs(&c, root);
        collect_module_bindings(&c, root, 0);
        collect_pytest_imports(&c, root);
        uint32_t n = ft_named_child_count(root);
        for (uint32_t i = 0; i < n; i++)
            module_skip(&c, ft_named_child(root, i), &facts->module_skip,
                        &facts->module_test_false);
        walk_module_block(&f, root, &comments, 0);
    } else {
        /* service code: its classes, for test classes whose bases live there */
        f.shallow = true;
        walk_module_block(&f, root, &comments, 0);
    }
    if (facts->role == SSOT_ROLE_SERVICE)
        py_module_state(&c, root); /* the SG rules judge service code only */
    else
        py_module_imports(&c, root); /* SS002 judges every file's imports */
    if (facts->role == SSOT_ROLE_SERVICE)
        py_definitions(&c, root); /* DD rules: first-party service code only */
    if (facts->role == SSOT_ROLE_SERVICE)
        collect_checking_functions(&c, root);
    py_param_writes_collect(&c, root);
    if (c.depth_limited) {
        ssot_file_problem p = {0};
        p.code = "E005";
        p.loc.span = c.depth_span;
        p.loc.snippet = "";
        p.message = ssot_arena_printf(arena,
                                      "nesting deeper than %d levels; the analysis of the code "
                                      "below this point stopped here",
                                      SSOT_MAX_NESTING);
        SSOT_VEC_PUSH(&problems, p);
    }

    PY_MOVE_TO_ARENA(arena, f.functions, facts->functions, facts->function_count);
    PY_MOVE_TO_ARENA(arena, f.classes, facts->classes, facts->class_count);
    keep_suppressions(&comments);
    PY_MOVE_TO_ARENA(arena, comments, facts->comments, facts->comment_count);
    PY_MOVE_TO_ARENA(arena, problems, facts->problems, facts->problem_count);
    free(f.errors.items);
    free(c.module_defs.items);
    free(c.module_bound.items);
    free(c.module_classes.items);
    free(c.pytest_local.items);
    free(c.pytest_orig.items);
}

/* ---- the registry's entry ---- */

static void *parser_new(const ssot_frontend *self, char *err, size_t err_size)
{
    (void)self;
    return ssot_python_frontend_new(err, err_size);
}

static void parser_free(void *parser)
{
    ssot_python_frontend_free(parser);
}

static void extract(void *parser, const ssot_source *src, ssot_facts *facts, ssot_arena *arena)
{
    ssot_python_extract(parser, src, facts, arena);
}

/* `pkg.mod` from the package prefix of the file's folder and its name. */
static char *module_name(const char *package, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *file_name = slash ? slash + 1 : path;
    size_t n = strlen(file_name);
    if (n > 3 && !strcmp(file_name + n - 3, ".py"))
        n -= 3;
    if (n == 8 && !strncmp(file_name, "__init__", 8))
        return ssot_strdup(package);
    if (!package[0])
        return ssot_strndup(file_name, n);
    return ssot_asprintf("%s.%.*s", package, (int)n, file_name);
}

static const char *const extensions[] = {".py", ".pyi", NULL};
static const char *const interpreters[] = {"python", "pypy", NULL};

const ssot_frontend ssot_frontend_python = {
    .name = "python",
    .extensions = extensions,
    .interpreters = interpreters,
    .parser_new = parser_new,
    .parser_free = parser_free,
    .extract = extract,
    .module_name = module_name,
};
