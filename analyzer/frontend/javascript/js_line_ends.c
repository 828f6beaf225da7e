/* analyzer/frontend/javascript/js_line_ends.c - which line ends of a JavaScript/TypeScript
 * file are code (a `//` comment can be appended there) and which `//` comment ends each line,
 * read from the file's syntax tree; the tree is freed before returning. */
#include "analyzer/frontend/javascript/js_line_ends.h"

#include <string.h>
#include <tree_sitter/api.h>

#include "analyzer/frontend/javascript/javascript.h"
#include "analyzer/frontend/ts_memory.h"

typedef const TSLanguage *(*js_grammar)(void);

bool ssot_js_is_frontend(const ssot_frontend *fe)
{
    return fe == &ssot_frontend_javascript || fe == &ssot_frontend_typescript ||
           fe == &ssot_frontend_tsx;
}

/* Nodes whose inside is not code: a comment appended there would be text, not a comment. */
static bool opaque(const char *type)
{
    static const char *const kinds[] = {
        "string", "template_string", "regex", "comment", "jsx_text", "jsx_element",
        "jsx_self_closing_element", "jsx_opening_element", "jsx_closing_element",
        "html_comment", NULL,
    };
    for (const char *const *k = kinds; *k; k++)
        if (!strcmp(type, *k))
            return true;
    return false;
}

/* Whether byte `at` (a line's end) is in code: the innermost node that strictly holds it
 * decides, code again inside `${...}` and JSX's `{...}`. */
static bool code_at(TSNode root, uint32_t at)
{
    for (TSNode n = ts_node_descendant_for_byte_range(root, at, at); !ts_node_is_null(n);
         n = ts_node_parent(n)) {
        if (!(ts_node_start_byte(n) < at && at < ts_node_end_byte(n)))
            continue;
        const char *type = ts_node_type(n);
        if (!strcmp(type, "template_substitution") || !strcmp(type, "jsx_expression"))
            return true;
        if (opaque(type))
            return false;
    }
    return true;
}

/* The `//` comments, by the row they start on. */
static void line_comments(TSNode root, const char *text, size_t rows, uint32_t *comment_at)
{
    TSTreeCursor cur = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        if (!strcmp(ts_node_type(n), "comment")) {
            uint32_t s = ts_node_start_byte(n);
            uint32_t row = ts_node_start_point(n).row;
            if (text[s] == '/' && text[s + 1] == '/' && row < rows)
                comment_at[row] = s;
        } else if (ts_tree_cursor_goto_first_child(&cur)) {
            continue;
        }
        while (!ts_tree_cursor_goto_next_sibling(&cur))
            if (!ts_tree_cursor_goto_parent(&cur)) {
                ts_tree_cursor_delete(&cur);
                return;
            }
    }
}

/* Does the tree under `root` hold a syntax error other than the TypeScript grammar's
 * type-only star export gap (`typed`: a TypeScript file; javascript.h)? An iterative walk
 * into the nodes that hold an error. */
static bool file_error(TSNode root, const char *text, size_t len, bool typed)
{
    if (!ts_node_has_error(root))
        return false;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    bool found = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        bool descend = false;
        if (ts_node_is_missing(n)) {
            found = true;
            break;
        }
        if (ts_node_is_error(n)) {
            TSNode parent = ts_node_parent(n);
            if (!typed || ts_node_is_null(parent) ||
                strcmp(ts_node_type(parent), "export_statement") ||
                !ssot_js_type_star_gap(text, len, ts_node_start_byte(n), ts_node_end_byte(n))) {
                found = true;
                break;
            }
        } else {
            descend = ts_node_has_error(n);
        }
        if (descend && ts_tree_cursor_goto_first_child(&cur))
            continue;
        bool more = true;
        while (more && !ts_tree_cursor_goto_next_sibling(&cur))
            more = ts_tree_cursor_goto_parent(&cur);
        if (!more)
            break;
    }
    ts_tree_cursor_delete(&cur);
    return found;
}

bool ssot_js_line_ends(const ssot_frontend *fe, const char *text, size_t len, size_t rows,
                       bool *can_comment, uint32_t *comment_at)
{
    for (size_t r = 0; r < rows; r++) {
        can_comment[r] = false;
        comment_at[r] = SSOT_JS_NO_COMMENT;
    }
    if (!ssot_js_is_frontend(fe) || len > UINT32_MAX)
        return false;
    ssot_ts_memory_install(); /* before the parser allocates */
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, ((js_grammar)fe->data)())) {
        ts_parser_delete(parser);
        return false;
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    ts_parser_delete(parser);
    if (!tree)
        return false;
    TSNode root = ts_tree_root_node(tree);
    if (!file_error(root, text, len, fe != &ssot_frontend_javascript)) {
        line_comments(root, text, rows, comment_at);
        size_t row = 0;
        for (const char *p = text, *end = text + len; p <= end && row < rows; row++) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *eol = nl ? nl : end;
            if (eol > p && eol[-1] == '\r')
                eol--;
            can_comment[row] = code_at(root, (uint32_t)(eol - text));
            if (!nl)
                break;
            p = nl + 1;
        }
        /* the interpreter line: a comment there would be the interpreter's argument */
        if (rows && len >= 2 && text[0] == '#' && text[1] == '!')
            can_comment[0] = false;
    }
    ts_tree_delete(tree);
    return true;
}
