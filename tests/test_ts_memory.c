/* tests/test_ts_memory.c - tree-sitter's allocator (analyzer/frontend/ts_memory.c): what a
 * parse holds is given back when its tree is deleted, and after a trim (the chunks' pages
 * returned, the range started over) parses on this thread and on a new one build the same
 * trees as before it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "analyzer/frontend/ts_memory.h"

const TSLanguage *tree_sitter_python(void);
extern void (*ts_current_free)(void *); /* the runtime's: ts_node_string allocates with it */

static const char source[] = "import os\n"
                             "class Cache:\n"
                             "    def put(self, key, value):\n"
                             "        self.items[key] = [value, os.getpid(), {1: (2, 3)}]\n"
                             "def test_put():\n"
                             "    assert Cache().put(1, 2) is None\n";

static TSTree *parse(void)
{
    TSParser *parser = ts_parser_new();
    assert_true(ts_parser_set_language(parser, tree_sitter_python()));
    TSTree *tree = ts_parser_parse_string(parser, NULL, source, (uint32_t)strlen(source));
    assert_non_null(tree);
    ts_parser_delete(parser);
    return tree;
}

/* The s-expression of `tree` (malloc'ed). */
static char *sexp_of(const TSTree *tree)
{
    char *s = ts_node_string(ts_tree_root_node(tree));
    char *copy = strdup(s);
    ts_current_free(s);
    return copy;
}

/* The s-expression of `source`'s tree, parsed by a new parser (malloc'ed). */
static char *parse_sexp(void)
{
    TSTree *tree = parse();
    char *s = sexp_of(tree);
    ts_tree_delete(tree);
    return s;
}

/* Parse on a new thread; its tree stays alive until the caller deletes it. */
static void *parse_on_thread(void *out)
{
    *(TSTree **)out = parse();
    return NULL;
}

static void deleting_a_tree_gives_its_blocks_back(void **state)
{
    (void)state;
    assert_true(ssot_ts_memory_install());
    long long before = ssot_ts_memory_live();
    char *s = parse_sexp();
    assert_int_equal(ssot_ts_memory_live(), before);
    assert_non_null(strstr(s, "(class_definition"));
    free(s);
}

static void parses_after_a_trim_build_the_same_tree(void **state)
{
    (void)state;
    assert_true(ssot_ts_memory_install());
    char *first = parse_sexp();
    char *again = parse_sexp(); /* from this thread's free lists */
    assert_string_equal(again, first);
    ssot_ts_memory_trim(); /* nothing is alive: the lists' blocks are zero pages now */
    /* (the next parses on this thread start from an empty cache) */
    char *after = parse_sexp();
    assert_string_equal(after, first);
    /* a tree of this thread and one of a new thread, both alive: no block of one is the
       other's (this thread's chunks from before the trim are not its own any more) */
    TSTree *mine = parse(), *theirs = NULL;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, parse_on_thread, &theirs), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    TSTree *mine_too = parse();
    char *other = sexp_of(theirs), *own = sexp_of(mine), *own_too = sexp_of(mine_too);
    assert_string_equal(other, first);
    assert_string_equal(own, first);
    assert_string_equal(own_too, first);
    ts_tree_delete(theirs);
    ts_tree_delete(mine);
    ts_tree_delete(mine_too);
    free(own);
    free(own_too);
    ssot_ts_memory_trim();
    ssot_ts_memory_trim(); /* twice in a row, and with no chunk in use */
    char *last = parse_sexp();
    assert_string_equal(last, first);
    free(first);
    free(again);
    free(after);
    free(other);
    free(last);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deleting_a_tree_gives_its_blocks_back),
        cmocka_unit_test(parses_after_a_trim_build_the_same_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
