/* tests/test_python_defs.c - definitions and body fingerprints for the DD rules
 * (analyzer/frontend/python/python_defs.c): equal for renamed clones, different for real changes,
 * unchanged when a definition moves; constants, classes and file exclusions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/frontend/python/python.h"
#include "analyzer/frontend/python/python_defs.h"
#include "tests/support.h"

/* The facts of `text` as the service file `path`, by a frontend of its own. */
static void parse(ssot_test_facts *p, const char *path, const char *text)
{
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_extract(fe, p, path, text, SSOT_ROLE_SERVICE);
    ssot_python_frontend_free(fe);
}

static const ssot_definition *def(const ssot_test_facts *p, const char *qualname)
{
    for (size_t i = 0; i < p->facts.definition_count; i++)
        if (!strcmp(p->facts.definitions[i].qualname, qualname))
            return &p->facts.definitions[i];
    fail_msg("no definition `%s`", qualname);
    return NULL;
}

static const char *const normalize =
    "def normalize_event(event, default_kind=\"message\"):\n"
    "    \"\"\"Normalise an event.\"\"\"\n"
    "    kind = event.get(\"type\") or default_kind  # the kind\n"
    "    payload = dict(event.get(\"payload\") or {})\n"
    "    for key, value in list(payload.items()):\n"
    "        if value is None:\n"
    "            del payload[key]\n"
    "    return {\"type\": kind.lower(), \"payload\": payload, \"n\": len(payload)}\n";

static void type1_ignores_whitespace_comments_and_docstrings(void **state)
{
    (void)state;
    ssot_test_facts a, b;
    parse(&a, "a.py", normalize);
    parse(&b, "b.py",
          "def normalize_event(event, default_kind = \"message\"):\n"
          "    # no docstring here\n"
          "    kind = event.get( \"type\" ) or default_kind\n"
          "    payload = dict(event.get(\"payload\") or {})\n"
          "\n"
          "    for key, value in list(payload.items()):\n"
          "        if value is None:\n"
          "            del payload[key]\n"
          "    return {\"type\": kind.lower(), \"payload\": payload,\n"
          "            \"n\": len(payload)}\n");
    const ssot_definition *x = def(&a, "normalize_event"), *y = def(&b, "normalize_event");
    assert_int_equal(x->kind, SSOT_DEF_FUNCTION);
    assert_true(x->fp1 == y->fp1);
    assert_true(x->fp2 == y->fp2);
    assert_int_equal(x->nodes, y->nodes);
    assert_int_equal(x->lines, y->lines);
    assert_true(x->lines >= 4);
    ssot_arena_free(a.arena);
    ssot_arena_free(b.arena);
}

static void type2_is_equal_for_renamed_locals_and_other_literals(void **state)
{
    (void)state;
    ssot_test_facts a, b;
    parse(&a, "a.py", normalize);
    parse(&b, "b.py",
          "def clean(evt, fallback=\"msg\"):\n"
          "    k = evt.get(\"kind\") or fallback\n"
          "    body = dict(evt.get(\"body\") or {})\n"
          "    for name, item in list(body.items()):\n"
          "        if item is None:\n"
          "            del body[name]\n"
          "    return {\"kind\": k.lower(), \"body\": body, \"size\": len(body)}\n");
    const ssot_definition *x = def(&a, "normalize_event"), *y = def(&b, "clean");
    assert_true(x->fp1 != y->fp1);
    assert_true(x->fp2 == y->fp2);
    ssot_arena_free(a.arena);
    ssot_arena_free(b.arena);
}

/* normalize_event without its docstring and comment, its `if` testing `condition` and
 * `method` called on `kind`, written into `buf`. */
static const char *normalize_changed(char *buf, size_t size, const char *condition,
                                     const char *method)
{
    int n =
        snprintf(buf, size,
                 "def normalize_event(event, default_kind=\"message\"):\n"
                 "    kind = event.get(\"type\") or default_kind\n"
                 "    payload = dict(event.get(\"payload\") or {})\n"
                 "    for key, value in list(payload.items()):\n"
                 "        if %s:\n"
                 "            del payload[key]\n"
                 "    return {\"type\": kind.%s(), \"payload\": payload, \"n\": len(payload)}\n",
                 condition, method);
    assert_true(n > 0 && (size_t)n < size);
    return buf;
}

static void fingerprints_differ_for_real_changes(void **state)
{
    (void)state;
    ssot_test_facts a, b, c;
    char text_b[1024], text_c[1024];
    parse(&a, "a.py", normalize);
    /* `is not None` instead of `is None`: a changed behaviour */
    parse(&b, "b.py", normalize_changed(text_b, sizeof(text_b), "value is not None", "lower"));
    /* a different global called: `upper` for `lower` is not a renaming of a local */
    parse(&c, "c.py", normalize_changed(text_c, sizeof(text_c), "value is None", "upper"));
    const ssot_definition *x = def(&a, "normalize_event"), *y = def(&b, "normalize_event"),
                          *z = def(&c, "normalize_event");
    assert_true(x->fp1 != y->fp1);
    assert_true(x->fp2 != y->fp2);
    assert_true(x->fp1 != z->fp1);
    assert_true(x->fp2 != z->fp2);
    ssot_arena_free(a.arena);
    ssot_arena_free(b.arena);
    ssot_arena_free(c.arena);
}

static void renaming_must_be_consistent(void **state)
{
    (void)state;
    ssot_test_facts a, b;
    parse(&a, "a.py", "def f(a, b):\n    x = a + b\n    return x - a\n");
    /* `a` and `b` swapped in one place only: not a renaming */
    parse(&b, "b.py", "def f(a, b):\n    x = a + b\n    return x - b\n");
    assert_true(def(&a, "f")->fp2 != def(&b, "f")->fp2);
    ssot_arena_free(a.arena);
    ssot_arena_free(b.arena);
}

static void moving_a_function_keeps_its_fingerprints(void **state)
{
    (void)state;
    char moved[2048];
    snprintf(moved, sizeof(moved),
             "import os\n\nLIMIT = 3\n\n\nclass Other:\n    pass\n\n\n%s", normalize);
    ssot_test_facts a, b;
    parse(&a, "a.py", normalize);
    parse(&b, "a.py", moved);
    const ssot_definition *x = def(&a, "normalize_event"), *y = def(&b, "normalize_event");
    assert_int_not_equal(x->loc.span.row, y->loc.span.row);
    assert_true(x->fp1 == y->fp1);
    assert_true(x->fp2 == y->fp2);
    ssot_arena_free(a.arena);
    ssot_arena_free(b.arena);
}

static void classes_methods_and_constants_are_definitions(void **state)
{
    (void)state;
    ssot_test_facts a;
    parse(&a, "app/ws.py",
          "import sys\n"
          "MAX_MESSAGE_LENGTH = 4096\n"
          "NAME = 'x'\n"
          "lower = 3\n"
          "COMPUTED = compute()\n"
          "if sys.platform == 'win32':\n"
          "    SEP = '\\\\'\n"
          "class WebSocketManager(Base):\n"
          "    retries = 3\n"
          "    def connect(self, ws):\n"
          "        pass\n"
          "    class Meta:\n"
          "        pass\n"
          "class ConnectionError_(RuntimeError):\n"
          "    pass\n");
    assert_string_equal(def(&a, "MAX_MESSAGE_LENGTH")->literal, "4096");
    assert_string_equal(def(&a, "NAME")->literal, "\"x\"");
    assert_true(def(&a, "SEP")->flags & SSOT_DEFF_GUARDED);
    const ssot_definition *k = def(&a, "WebSocketManager");
    assert_int_equal(k->kind, SSOT_DEF_CLASS);
    assert_int_equal(k->member_count, 3); /* retries, connect, Meta */
    assert_int_equal(k->base_count, 1);
    assert_int_equal(def(&a, "WebSocketManager.connect")->kind, SSOT_DEF_METHOD);
    assert_true(def(&a, "WebSocketManager.connect")->flags & SSOT_DEFF_SMALL);
    assert_true(def(&a, "WebSocketManager.Meta")->flags & SSOT_DEFF_META);
    assert_true(def(&a, "ConnectionError_")->flags & SSOT_DEFF_EXCEPTION);
    for (size_t i = 0; i < a.facts.definition_count; i++) {
        assert_string_not_equal(a.facts.definitions[i].name, "lower");
        assert_string_not_equal(a.facts.definitions[i].name, "COMPUTED");
    }
    ssot_arena_free(a.arena);
}

static void generated_vendored_and_stub_files_are_skipped(void **state)
{
    (void)state;
    assert_true(py_defs_skip_file("app/api_pb2.py", "# Generated by the protocol buffer "
                                                    "compiler.  DO NOT EDIT!\n", 50));
    assert_true(py_defs_skip_file("app/_vendor/six.py", "", 0));
    assert_true(py_defs_skip_file("third_party/x/y.py", "", 0));
    assert_true(py_defs_skip_file("app/migrations/0001_initial.py", "", 0));
    assert_true(py_defs_skip_file("app/models.pyi", "", 0));
    assert_false(py_defs_skip_file("app/vendors.py", "", 0));
    assert_false(py_defs_skip_file("app/models.py", "import os\n\n\n\n\n\n# generated\n", 25));
}

/* `self.m` for a method the class defines is numbered like a local (a copy calling its own
 * class's twin helper); the helper's name and the strings go to `fpl`, numbers do not. */
static void own_helpers_are_renamed_and_strings_kept_apart(void **state)
{
    (void)state;
    ssot_test_facts a;
    parse(&a, "a.py",
          "class Units:\n"
          "    def _get_unit(self, k):\n        return k\n"
          "    def merge(self, a, b):\n"
          "        x = self._get_unit(a)\n        self.log(\"merge\", 1)\n        return x\n"
          "class Foods:\n"
          "    def _get_food(self, k):\n        return k\n"
          "    def merge(self, c, d):\n"
          "        y = self._get_food(c)\n        self.log(\"merge\", 2)\n        return y\n"
          "    def fold(self, c, d):\n"
          "        y = self._get_food(c)\n        self.log(\"fold\", 2)\n        return y\n"
          "    def fuse(self, c, d):\n"
          "        y = self._get_food(c)\n        self.log(\"merge\", 2)\n        return y\n");
    const ssot_definition *u = def(&a, "Units.merge"), *f = def(&a, "Foods.merge");
    const ssot_definition *g = def(&a, "Foods.fold"), *h = def(&a, "Foods.fuse");
    assert_true(u->fp2 == f->fp2);
    assert_true(u->fpl != f->fpl);   /* another helper */
    assert_true(f->fpl == h->fpl);   /* only a number differs */
    assert_true(f->fpl != g->fpl);   /* another string */
    assert_int_equal(g->string_count, 1);
    assert_string_equal(g->strings[0], "\"fold\"");
    assert_false(u->flags & SSOT_DEFF_LOGIC);
    ssot_arena_free(a.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(type1_ignores_whitespace_comments_and_docstrings),
        cmocka_unit_test(type2_is_equal_for_renamed_locals_and_other_literals),
        cmocka_unit_test(fingerprints_differ_for_real_changes),
        cmocka_unit_test(renaming_must_be_consistent),
        cmocka_unit_test(moving_a_function_keeps_its_fingerprints),
        cmocka_unit_test(classes_methods_and_constants_are_definitions),
        cmocka_unit_test(generated_vendored_and_stub_files_are_skipped),
        cmocka_unit_test(own_helpers_are_renamed_and_strings_kept_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
