/* tests/test_flat_tree.c - the flat copy of a parse tree (analyzer/frontend/flat_tree.c)
 * against tree-sitter's own node API, node by node: type, named-ness, byte range, points,
 * children, named children, fields, parents, siblings and the pre-order subtree bounds;
 * on clean code, code with syntax errors, CRLF and non-ASCII text, and deep nesting, in
 * Python, JavaScript, TypeScript and TSX. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/frontend/flat_tree.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

static bool same_point(TSPoint a, TSPoint b) { return a.row == b.row && a.column == b.column; }

/* Compare `flat` with `ts` and their subtrees; returns the number of nodes compared. */
static size_t compare(ft_node flat, TSNode ts, const TSLanguage *lang)
{
    assert_string_equal(ft_type(flat), ts_node_type(ts));
    assert_int_equal(ft_symbol(flat), ts_node_symbol(ts));
    assert_int_equal(ft_is_named(flat), ts_node_is_named(ts));
    assert_int_equal(ft_is_missing(flat), ts_node_is_missing(ts)); /* none in clean trees */
    assert_int_equal(ft_has_error(flat), ts_node_has_error(ts));
    assert_int_equal(ft_is_error(flat), ts_node_is_error(ts));
    assert_int_equal(ft_start_byte(flat), ts_node_start_byte(ts));
    assert_int_equal(ft_end_byte(flat), ts_node_end_byte(ts));
    assert_true(same_point(ft_start_point(flat), ts_node_start_point(ts)));
    assert_true(same_point(ft_end_point(flat), ts_node_end_point(ts)));
    assert_int_equal(ft_child_count(flat), ts_node_child_count(ts));
    assert_int_equal(ft_named_child_count(flat), ts_node_named_child_count(ts));

    size_t nodes = 1;
    ft_node expect_next = ft_next(flat); /* children follow their parent in pre-order */
    for (uint32_t i = 0; i < ts_node_child_count(ts); i++) {
        ft_node k = ft_child(flat, i);
        assert_ptr_equal(k, expect_next);
        assert_ptr_equal(ft_parent(k), flat);
        nodes += compare(k, ts_node_child(ts, i), lang);
        expect_next = ft_skip(k);
    }
    assert_ptr_equal(expect_next, ft_skip(flat));
    /* siblings: the neighbours in the named children, as tree-sitter finds them */
    for (uint32_t i = 0; i < ts_node_named_child_count(ts); i++) {
        TSNode named = ts_node_named_child(ts, i);
        ft_node k = ft_named_child(flat, i);
        assert_int_equal(ft_start_byte(k), ts_node_start_byte(named));
        assert_string_equal(ft_type(k), ts_node_type(named));
        assert_ptr_equal(ft_prev_named_sibling(k), i ? ft_named_child(flat, i - 1) : NULL);
        assert_ptr_equal(ft_next_named_sibling(k), ft_named_child(flat, i + 1));
        TSNode next = ts_node_next_named_sibling(named), prev = ts_node_prev_named_sibling(named);
        /* tree-sitter 0.25 passes over a zero-width sibling that lies where the node ends
           (the empty `block` after a syntax error); the flat tree lists it, as the children
           do */
        ft_node after = ft_next_named_sibling(k);
        bool zero_width_after = after && ft_start_byte(after) == ft_end_byte(after) &&
                                ft_start_byte(after) == ft_end_byte(k);
        if (!(zero_width_after && ts_node_is_null(next)))
            assert_int_equal(after == NULL, ts_node_is_null(next));
        assert_int_equal(ft_prev_named_sibling(k) == NULL, ts_node_is_null(prev));
    }
    /* every field the grammar has: the same child, or none on both sides. tree-sitter also
       answers with a grandchild when the field sits in a hidden rule that the grammar
       aliases to a visible node (`match_statement` finds `alternative: case_clause` inside
       its `block`); the flat tree gives that field to the block's own child. */
    for (TSFieldId f = 1; f <= ts_language_field_count(lang); f++) {
        TSNode want = ts_node_child_by_field_id(ts, f);
        ft_node got = ft_child_by_field_id(flat, f);
        const char *name = ts_language_field_name_for_id(lang, f);
        assert_ptr_equal(ft_child_by_field_name(flat, name, strlen(name)), got);
        if (got) {
            assert_false(ts_node_is_null(want));
            assert_int_equal(ft_start_byte(got), ts_node_start_byte(want));
            assert_string_equal(ft_type(got), ts_node_type(want));
        } else if (!ts_node_is_null(want)) {
            for (uint32_t i = 0; i < ts_node_child_count(ts); i++)
                assert_false(ts_node_eq(ts_node_child(ts, i), want));
        }
    }
    return nodes;
}

static void check_source_in(const TSLanguage *lang, const char *text)
{
    TSParser *parser = ts_parser_new();
    assert_true(ts_parser_set_language(parser, lang));
    TSTree *ts = ts_parser_parse_string(parser, NULL, text, (uint32_t)strlen(text));
    assert_non_null(ts);
    ft_tree tree;
    ft_tree_init(&tree, lang);
    /* built twice: the second build reuses the first one's buffers */
    for (int round = 0; round < 2; round++) {
        ft_node root = ft_tree_build(&tree, ts, text, strlen(text));
        assert_null(ft_parent(root));
        assert_int_equal(tree.has_error, ts_node_has_error(ts_tree_root_node(ts)));
        /* the comment list: every extra comment node, in order */
        size_t comments = 0;
        for (ft_node n = root; n < ft_end(root); n = ft_next(n))
            if (!strcmp(ft_type(n), "comment")) {
                assert_true(comments < tree.comment_count);
                assert_ptr_equal(ft_at(&tree, tree.comments[comments++]), n);
            }
        assert_int_equal(comments, tree.comment_count);
        size_t nodes = compare(root, ts_tree_root_node(ts), lang);
        assert_int_equal(nodes, tree.count);
        assert_ptr_equal(ft_end(root), tree.nodes + tree.count);
    }
    ft_tree_free(&tree);
    ts_tree_delete(ts);
    ts_parser_delete(parser);
}

static void check_source(const char *text) { check_source_in(tree_sitter_python(), text); }

static void clean_module(void **state)
{
    (void)state;
    check_source("import os\n"
                 "from a.b import c as d, e  # two names\n"
                 "\n"
                 "@decorator(arg=1)\n"
                 "class Service(Base, metaclass=Meta):\n"
                 "    \"\"\"Doc.\"\"\"\n"
                 "    cache: dict = {}\n"
                 "\n"
                 "    async def fetch(self, key, *args, default=None, **kw) -> str:\n"
                 "        if key not in self.cache and not args:\n"
                 "            return [x for x in range(3) if x > 1]\n"
                 "        elif key is None:\n"
                 "            raise ValueError(f\"bad {key!r:>10}\")\n"
                 "        try:\n"
                 "            with open(key) as fh, lock:\n"
                 "                yield from fh\n"
                 "        except (OSError, KeyError) as e:\n"
                 "            pass\n"
                 "        return lambda y: y ** 2 if y else -y\n"
                 "\n"
                 "match command.split():\n"
                 "    case [action, *rest] if rest:\n"
                 "        print(action)\n"
                 "    case _:\n"
                 "        pass\n");
}

static void syntax_errors(void **state)
{
    (void)state;
    check_source("def broken(:\n    return 1 +\nclass X\n    x = (1, 2\nprint('ok')\n");
}

static void crlf_and_unicode(void **state)
{
    (void)state;
    /* rows end at '\n' only; columns are bytes, as tree-sitter counts them */
    check_source("name = 'h\xc3\xa9llo'  # caf\xc3\xa9\r\n"
                 "def f\xc3\xa9(x):\r\n"
                 "    return x\r"
                 "\n"
                 "\xe2\x82\xac = 1\n"
                 "s = '''one\n"
                 "two'''\n");
}

static void empty_and_comment_only(void **state)
{
    (void)state;
    check_source("");
    check_source("# only a comment");
    check_source("\n\n\n");
}

static void deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 400 };
    char *text = malloc(DEPTH * 2 + 16);
    size_t n = 0;
    n += (size_t)sprintf(text, "x = ");
    for (int i = 0; i < DEPTH; i++)
        text[n++] = '(';
    text[n++] = '1';
    for (int i = 0; i < DEPTH; i++)
        text[n++] = ')';
    text[n++] = '\n';
    text[n] = '\0';
    check_source(text);
    free(text);
}

/* The JavaScript/TypeScript front end walks the same copy. */
static void javascript_and_typescript(void **state)
{
    (void)state;
    const char *js = "import a, { b as c } from './m';\n"
                     "const { x, ...rest } = require('y'); // one\n"
                     "export default class S extends B { static #n = 1; get v() { return this.#n; } }\n"
                     "describe('s', () => { it.each([1])('t %d', async (n) => {\n"
                     "  expect(await f(n)).toBe(`v${n}`); new Map; }); });\n"
                     "label: for (const k of o) { if (k) continue label; else break; }\n"
                     "const el = <div a={1}>{x}</div>;\n";
    check_source_in(tree_sitter_javascript(), js);
    check_source_in(tree_sitter_javascript(), "function f( { return 1 +; }\nlet = ;\n");
    const char *ts = "interface I<T> { a?: T; m(x: number): void }\n"
                     "type U = keyof I<string> | `k${string}`;\n"
                     "enum E { A = 1, B }\n"
                     "export abstract class C<T> implements I<T> {\n"
                     "  private constructor(readonly p: T) { super(); }\n"
                     "  static instance?: C<any>;\n"
                     "  @dec() m(x: number): void { const y = x as unknown as string!; }\n"
                     "}\n"
                     "export type * from './t';\n"
                     "namespace N { export const v = <T,>(x: T) => x satisfies T; }\n";
    check_source_in(tree_sitter_typescript(), ts);
    check_source_in(tree_sitter_tsx(), "const A = <T,>(p: P<T>) => <B c={p.d!} />;\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_module),
        cmocka_unit_test(syntax_errors),
        cmocka_unit_test(crlf_and_unicode),
        cmocka_unit_test(empty_and_comment_only),
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(javascript_and_typescript),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
