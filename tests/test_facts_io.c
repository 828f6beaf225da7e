/* tests/test_facts_io.c - the facts cache format (analyzer/facts/facts_io.c): facts extracted
 * from real Python files read back to the same bytes, every struct covered; truncated,
 * corrupt, foreign and wrong-version bytes are rejected without a crash, and so are entries
 * with a valid checksum whose indexes, enums or strings are poisoned (a cache miss: the
 * run is the same as a cold one, and the entry is rewritten). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts_io.h"
#include "analyzer/frontend/python/python.h"
#include "analyzer/discover/source.h"
#include "rules/rule.h"
#include "tests/support.h"

static const char *const snippets[] = {
    /* test file: doubles, patches, settings, hand-offs, assertions, skips, markers */
    "import pytest\n"
    "from unittest import mock, TestCase\n"
    "# TODO: more\n"
    "pytestmark = pytest.mark.slow  # ssot: ignore[PH010]\n"
    "class Base(TestCase):\n"
    "    eq = TestCase.assertEqual\n"
    "    def setUp(self):\n"
    "        self.mailer = mock.Mock(spec=Mailer)\n"
    "@pytest.mark.skip(reason='later')\n"
    "class TestX(Base):\n"
    "    @mock.patch('app.llm.count_tokens', return_value=3)\n"
    "    def test_a(self, count):\n"
    "        m = mock.Mock()\n"
    "        m.get.return_value = 5\n"
    "        m.send.side_effect = ValueError\n"
    "        sut(m)\n"
    "        a == b\n"
    "        m.assert_called_once\n"
    "        assert m.get() == 5\n"
    "        self.assertEqual(x, x)\n"
    "        with pytest.raises((KeyError, ValueError)):\n"
    "            f()\n"
    "        try:\n"
    "            assert f()\n"
    "        except AssertionError:\n"
    "            pass\n"
    "        return\n"
    "        assert True\n"
    "@pytest.fixture(autouse=True)\n"
    "def client(monkeypatch):\n"
    "    monkeypatch.setattr('app.x', 1)\n"
    "    yield mock.MagicMock()\n"
    "@pytest.mark.parametrize('a', [])\n"
    "def test_b(client, a):\n"
    "    '''>>> 1'''\n"
    "    check_it(a)\n"
    "    with mock.patch.object(Svc, 'run', new=mock.AsyncMock()) as p:\n"
    "        p.run.assert_called_with(1)\n"
    "def test_c(:\n",
    /* service file: bindings, module functions, global writes, imports, definitions */
    "import functools\n"
    "from httpx import AsyncClient\n"
    "from .store import Store\n"
    "LIMIT = 10\n"
    "_cache = {}\n"
    "client = AsyncClient()\n"
    "_store = None\n"
    "class Single:\n"
    "    _instance = None\n"
    "    def __new__(cls):\n"
    "        if cls._instance is None:\n"
    "            cls._instance = super().__new__(cls)\n"
    "        return cls._instance\n"
    "    def add(self, x):\n"
    "        self.items.append(x)\n"
    "@functools.lru_cache\n"
    "def get_store():\n"
    "    return Store()\n"
    "def put(k, v):\n"
    "    _cache[k] = v\n"
    "def store():\n"
    "    global _store\n"
    "    if _store is None:\n"
    "        _store = Store()\n"
    "    return _store\n"
    "@app.get('/x')\n"
    "def handler():\n"
    "    return _cache\n"
    "if __name__ == '__main__':\n"
    "    main()\n",
};

/* Bytes -> facts -> bytes gives the same bytes, and the engine-set fields stay. */
static void round_trip(const ssot_facts *facts)
{
    size_t len, len2;
    unsigned char *data = ssot_facts_write(facts, &len);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts back = {.path = "kept.py", .module = "kept"};
    assert_true(ssot_facts_read(data, len, &back, arena));
    assert_string_equal(back.path, "kept.py");
    assert_string_equal(back.module, "kept");
    back.path = facts->path;
    unsigned char *again = ssot_facts_write(&back, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(data, again, len);
    for (size_t i = 0; i < back.problem_count; i++)
        assert_true(back.problems[i].code[0] == 'E'); /* re-interned literal */
    free(again);
    free(data);
    ssot_arena_free(arena);
}

typedef struct coverage {
    size_t functions, classes, comments, problems, bindings, module_fns, global_writes,
        imports, definitions, asserts, calls, params, discarded, doubles, double_uses, patches,
        settings, handoffs, markers, writes, double_args, param_writes;
} coverage;

static void count(coverage *c, const ssot_facts *f)
{
    c->functions += f->function_count;
    c->classes += f->class_count;
    c->comments += f->comment_count;
    c->problems += f->problem_count;
    c->bindings += f->binding_count;
    c->module_fns += f->module_fn_count;
    c->global_writes += f->global_write_count;
    c->imports += f->import_count;
    c->definitions += f->definition_count;
    c->param_writes += f->param_write_count;
    for (size_t i = 0; i < f->function_count; i++) {
        const ssot_function *fn = &f->functions[i];
        c->asserts += fn->assert_count;
        c->calls += fn->call_count;
        c->params += fn->param_count;
        c->discarded += fn->discarded_count;
        const ssot_fn_side *side = ssot_fn_side_of(fn);
        c->doubles += side->double_count;
        c->double_uses += side->double_use_count;
        c->double_args += side->double_arg_count;
        c->patches += side->patch_count;
        c->settings += side->setting_count;
        c->handoffs += side->handoff_count;
        c->markers += fn->marker_count;
    }
    for (size_t i = 0; i < f->class_count; i++)
        c->writes += f->classes[i].state ? f->classes[i].state->write_count : 0;
}

/* Fields only the resolution or a configuration fills, set by hand. */
static void add_resolved(ssot_test_facts *e)
{
    static ssot_contract_gap gap = {{{1, 1, 1, 1}, "x"}, "errors", "E42", "", "`test_x`"};
    static ssot_mention mention = {"E42", 3, -1, true};
    e->facts.contract_gaps = &gap;
    e->facts.contract_gap_count = 1;
    static ssot_fn_side side;
    if (e->facts.function_count) {
        side = *ssot_fn_side_of(&e->facts.functions[0]);
        side.mentions = &mention;
        side.mention_count = 1;
        e->facts.functions[0].side = &side;
        e->facts.functions[0].collected = true;
    }
}

static void snippets_and_fixtures_round_trip(void **state)
{
    (void)state;
    ssot_python_frontend *fe = ssot_test_frontend();
    coverage c = {0};
    for (size_t i = 0; i < sizeof(snippets) / sizeof(*snippets); i++) {
        for (int role = 0; role < 2; role++) {
            ssot_test_facts e;
            ssot_test_extract(fe, &e, role ? "tests/test_x.py" : "app/x.py", snippets[i], role);
            add_resolved(&e);
            count(&c, &e.facts);
            round_trip(&e.facts);
            ssot_arena_free(e.arena);
        }
    }
    DIR *dir = opendir("fixtures/python");
    assert_non_null(dir);
    for (struct dirent *d; (d = readdir(dir));) {
        if (!strstr(d->d_name, ".py"))
            continue;
        char path[512], msg[256];
        snprintf(path, sizeof(path), "fixtures/python/%s", d->d_name);
        ssot_arena *text = ssot_arena_new();
        ssot_source src;
        unsigned row, col;
        if (ssot_source_read(path, 1u << 24, text, &src, msg, sizeof(msg), &row, &col) ==
            SSOT_SOURCE_OK) {
            for (int role = 0; role < 2; role++) {
                ssot_test_facts e;
                ssot_test_extract(fe, &e, path, src.text, role);
                count(&c, &e.facts);
                round_trip(&e.facts);
                ssot_arena_free(e.arena);
            }
        }
        ssot_arena_free(text);
    }
    closedir(dir);
    ssot_python_frontend_free(fe);
    /* every struct reachable from the facts took part */
    size_t *n = (size_t *)&c;
    for (size_t i = 0; i < sizeof(c) / sizeof(size_t); i++) {
        if (!n[i])
            fail_msg("coverage field %zu is empty", i);
    }
}

/* The PH011 facts come back with their values: what a function sets on its parameters,
 * and which doubles a test hands to which call. */
/* A JavaScript test file's facts: suites, a stub's statement, discarded kinds, a module mock. */
static void javascript_fields_survive(void **state)
{
    (void)state;
    static const char *const code = "import { total } from './cart';\n"
                                    "jest.mock('./cart');\n"
                                    "describe('Cart', () => {\n"
                                    "  it('stubs', () => { throw new Error('todo'); });\n"
                                    "  it('drops', () => { expect(total()).toBe; });\n"
                                    "});\n";
    const ssot_frontend *fe = ssot_frontend_for_path("src/cart.test.ts");
    char err[256];
    void *parser = fe->parser_new(fe, err, sizeof(err));
    assert_non_null(parser);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts facts = {.path = "src/cart.test.ts", .role = SSOT_ROLE_TEST};
    ssot_source src = {facts.path, code, strlen(code)};
    fe->extract(parser, &src, &facts, arena);
    round_trip(&facts);
    size_t len;
    unsigned char *data = ssot_facts_write(&facts, &len);
    ssot_arena *back_arena = ssot_arena_new();
    ssot_facts r = {0};
    assert_true(ssot_facts_read(data, len, &r, back_arena));
    assert_int_equal(r.function_count, 2);
    assert_int_equal(r.functions[0].suite_count, 1);
    assert_string_equal(r.functions[0].suites[0], "Cart");
    assert_string_equal(r.functions[0].symbol, "Cart > stubs");
    assert_true(r.functions[0].flags & SSOT_FF_DECLARED);
    assert_int_equal(r.functions[0].shape, SSOT_BODY_STUB);
    assert_string_equal(r.functions[0].stub, "throw new Error('todo');");
    assert_int_equal(r.functions[1].discarded_count, 1);
    assert_int_equal(r.functions[1].discarded[0].kind, SSOT_DISCARD_UNCALLED);
    assert_true(r.functions[1].side->patch_count >= 1);
    assert_true(r.functions[1].side->patches[0].flags & SSOT_PF_MODULE);
    assert_string_equal(r.functions[1].side->patches[0].target, "src/cart");
    free(data);
    ssot_arena_free(back_arena);
    ssot_arena_free(arena);
    fe->parser_free(parser);
}

/* Every skip kind a front end can set reads back (C's unregistered test is the last one);
 * one past it does not. */
static void every_skip_kind_reads_back(void **state)
{
    (void)state;
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_facts e;
    ssot_test_extract(fe, &e, "tests/test_x.py", "def test_x():\n    assert f()\n", 1);
    assert_true(e.facts.function_count >= 1);
    for (int kind = SSOT_SKIP_NONE; kind <= SSOT_SKIP_UNFOCUSED + 1; kind++) {
        e.facts.functions[0].skip.kind = (ssot_skip_kind)kind;
        size_t len;
        unsigned char *data = ssot_facts_write(&e.facts, &len);
        ssot_arena *arena = ssot_arena_new();
        ssot_facts r = {0};
        assert_int_equal(ssot_facts_read(data, len, &r, arena), kind <= SSOT_SKIP_UNFOCUSED);
        free(data);
        ssot_arena_free(arena);
    }
    ssot_arena_free(e.arena);
    ssot_python_frontend_free(fe);
}

/* A test file's facts, extracted, written and read back (read into `facts`, its strings in
 * `arena`). */
typedef struct read_back {
    ssot_python_frontend *fe;
    ssot_test_facts extracted;
    unsigned char *data;
    ssot_arena *arena;
    ssot_facts facts;
} read_back;

static void read_back_test_file(read_back *b, const char *code)
{
    b->fe = ssot_test_frontend();
    ssot_test_extract(b->fe, &b->extracted, "tests/test_x.py", code, SSOT_ROLE_TEST);
    size_t len;
    b->data = ssot_facts_write(&b->extracted.facts, &len);
    b->arena = ssot_arena_new();
    b->facts = (ssot_facts){0};
    assert_true(ssot_facts_read(b->data, len, &b->facts, b->arena));
}

static void read_back_free(read_back *b)
{
    free(b->data);
    ssot_arena_free(b->arena);
    ssot_arena_free(b->extracted.arena);
    ssot_python_frontend_free(b->fe);
}

/* The lazy reader's source in these tests: `lazy_bytes` again (NULL: gone). */
static const unsigned char *lazy_bytes;
static size_t lazy_len;
static int lazy_fetches;

static unsigned char *fetch_lazy_bytes(const char *where, size_t *len)
{
    assert_string_equal(where, "entry");
    lazy_fetches++;
    if (!lazy_bytes)
        return NULL;
    unsigned char *copy = malloc(lazy_len);
    memcpy(copy, lazy_bytes, lazy_len);
    *len = lazy_len;
    return copy;
}

static const char lazy_code[] = "from unittest.mock import Mock\n"
                                "import pytest\n"
                                "@pytest.fixture\n"
                                "def gateway():\n"
                                "    g = Mock()\n"
                                "    g.charge.return_value = 3\n"
                                "    return g\n"
                                "def check(v):\n"
                                "    assert v == 3\n"
                                "def test_x(gateway):\n"
                                "    check(gateway.charge())\n"
                                "    assert gateway.charge.called\n";

/* Read without bodies, then each body decoded: the facts are those of an eager read (both
 * written again give the same bytes), and a pending body has nothing in it. */
static void lazy_bodies_decode_to_the_eager_facts(void **state)
{
    (void)state;
    read_back b;
    read_back_test_file(&b, lazy_code);
    size_t len;
    unsigned char *eager = ssot_facts_write(&b.facts, &len);
    lazy_bytes = b.data;
    lazy_len = len;
    ssot_facts_reader *reader = ssot_facts_reader_new();
    ssot_arena *arena = ssot_arena_new();
    ssot_facts lazy = {0};
    ssot_body_source source = {fetch_lazy_bytes, "entry"};
    assert_true(ssot_facts_read_lazy(reader, b.data, len, &lazy, arena, &source));
    assert_non_null(lazy.pending);
    assert_int_equal(lazy.function_count, 3);
    for (size_t i = 0; i < lazy.function_count; i++) {
        assert_int_equal(lazy.functions[i].assert_count + lazy.functions[i].call_count, 0);
        assert_ptr_equal(lazy.functions[i].side, &ssot_fn_side_none);
    }
    assert_string_equal(lazy.functions[2].params[0], "gateway"); /* not part of the body */
    lazy_fetches = 0;
    for (size_t i = 0; i < lazy.function_count; i++) {
        assert_true(ssot_facts_body(&lazy, &lazy.functions[i]));
        assert_true(ssot_facts_body(&lazy, &lazy.functions[i])); /* once: then a no-op */
    }
    assert_int_equal(lazy_fetches, 1); /* the file's bytes read again once for its bodies */
    assert_int_equal(lazy.functions[0].side->setting_count, 1);
    assert_int_equal(lazy.functions[1].assert_count, 1);
    size_t again_len;
    lazy.pending = NULL; /* written like any facts */
    unsigned char *again = ssot_facts_write(&lazy, &again_len);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, eager, len);
    free(again);
    free(eager);
    ssot_arena_free(arena);
    ssot_facts_reader_free(reader);
    read_back_free(&b);
}

/* A body whose bytes are gone, or are no longer the ones read, decodes to an empty one. */
static void lazy_bodies_of_changed_bytes_are_empty(void **state)
{
    (void)state;
    read_back b;
    read_back_test_file(&b, lazy_code);
    size_t len;
    unsigned char *other = ssot_facts_write(&b.facts, &len);
    ssot_facts_reader *reader = ssot_facts_reader_new();
    ssot_body_source source = {fetch_lazy_bytes, "entry"};
    for (int gone = 0; gone < 2; gone++) {
        ssot_arena *arena = ssot_arena_new();
        ssot_facts lazy = {0};
        assert_true(ssot_facts_read_lazy(reader, b.data, len, &lazy, arena, &source));
        /* the same length, one byte of a string changed and the checksum made again: a
           valid entry, but not the one read */
        memcpy(other, b.data, len);
        other[len - 3] ^= 1;
        uint64_t seed = 0, sum;
        for (int i = 0; i < 4; i++)
            seed |= (uint64_t)other[12 + i] << (8 * i);
        sum = XXH3_64bits_withSeed(other + 32, len - 32, seed);
        for (int i = 0; i < 8; i++)
            other[24 + i] = (unsigned char)(sum >> (8 * i));
        if (!gone) { /* a valid entry on its own */
            ssot_facts check = {0};
            ssot_arena *scratch = ssot_arena_new();
            assert_true(ssot_facts_read(other, len, &check, scratch));
            ssot_arena_free(scratch);
        }
        lazy_bytes = gone ? NULL : other;
        lazy_len = len;
        lazy_fetches = 0;
        for (size_t k = 0; k < 2; k++) { /* the second body is not asked of the bytes again */
            ssot_function *fn = &lazy.functions[k];
            assert_false(ssot_facts_body(&lazy, fn));
            assert_int_equal(fn->assert_count + fn->call_count + fn->discarded_count, 0);
            assert_ptr_equal(fn->side, &ssot_fn_side_none);
            assert_int_equal(fn->returns_double, -1);
        }
        assert_int_equal(lazy_fetches, 1);
        ssot_arena_free(arena);
    }
    free(other);
    ssot_facts_reader_free(reader);
    read_back_free(&b);
}

static void ph011_fields_survive(void **state)
{
    (void)state;
    static const char *const code = "from unittest.mock import Mock\n"
                                    "class Pool:\n"
                                    "    def lend(self, conn, *, tag=None):\n"
                                    "        conn.lent = tag.seen = True\n"
                                    "def test_x():\n"
                                    "    m = Mock()\n"
                                    "    Pool().lend(1, tag=m)\n"
                                    "    attach(m)\n"
                                    "    assert m.lent\n";
    read_back b;
    read_back_test_file(&b, code);
    const ssot_facts r = b.facts;
    assert_int_equal(r.param_write_count, 2);
    assert_string_equal(r.param_writes[0].function, "Pool.lend");
    assert_string_equal(r.param_writes[0].param, "conn");
    assert_int_equal(r.param_writes[0].position, 0);
    assert_string_equal(r.param_writes[0].attribute, "lent");
    assert_string_equal(r.param_writes[1].param, "tag");
    assert_int_equal(r.param_writes[1].position, -1);
    assert_string_equal(r.param_writes[1].attribute, "seen");
    const ssot_function *fn = &r.functions[r.function_count - 1];
    assert_int_equal(fn->side->double_arg_count, 2);
    assert_string_equal(fn->side->double_args[0].name, "m");
    assert_string_equal(fn->side->double_args[0].keyword, "tag");
    assert_int_equal(fn->side->double_args[0].position, -1);
    assert_null(fn->side->double_args[1].keyword);
    assert_int_equal(fn->side->double_args[1].position, 0);
    assert_string_equal(ssot_call_name(&fn->calls[fn->side->double_args[1].call]), "attach");
    read_back_free(&b);
}

/* Every field the SG rules read comes back with its value: a serializer that skipped one
 * on both sides would still give the same bytes, so the values are compared. */
static void sg_fields_survive(void **state)
{
    (void)state;
    static const char *writes[] = {"_buffer", "_size"}, *methods[] = {"feed", "unread"};
    static const char *replaces[] = {"__init__", "feed"}, *init_attrs[] = {"total"};
    static const char *composed[] = {"cache"}, *callees[] = {"TokenCache"};
    static const char *externals[] = {"logging.Logger", "dict"};
    ssot_class k = {.name = "Reader", .qualname = "Reader", .outer_index = -1};
    ssot_class_state ks = {0};
    k.state = &ks;
    ks.writes = writes;
    ks.write_methods = methods;
    ks.write_count = 2;
    ks.replaces = replaces;
    ks.replace_count = 2;
    ks.init_attrs = init_attrs;
    ks.init_attr_count = 1;
    ks.request = "`feed()` stores `user_id` in `_buffer`";
    ks.request_method = "feed";
    ks.composed = composed;
    ks.composed_callees = callees;
    ks.composed_count = 1;
    k.request_state = "its `cache`";
    k.shared_state = "`_buffer`";
    ssot_held held = {.cls = "Reader", .state = "`_buffer`", .settings = true, .container = true,
                      .request = "`feed()` stores", .externals = externals, .external_count = 2};
    ssot_binding b = {.name = "READER", .kind = SSOT_VALUE_CALL, .callee = "app.Reader",
                      .writer = "fill", .writer_count = 2, .handler = "get_x",
                      .request = "`fill()` writes `user`", .importer = "app/b.py",
                      .held = held,
                      .flags = SSOT_BF_READ | SSOT_BF_CALLBACK_REMOVED | SSOT_BF_IMPORTED |
                               SSOT_BF_HANDLER_READ | SSOT_BF_IMPORT_FILLED |
                               SSOT_BF_COMPUTED_WRITE};
    ssot_module_fn fn = {.name = "get", .cached = true, .handler = true, .only_defaulted = true,
                         .returns = "app.Reader", .held = held};
    ssot_global_write gw = {.function = "get", .name = "_r", .kind = SSOT_VALUE_CALL,
                            .callee = "app.Reader", .guard = SSOT_GUARD_NOT, .held = held};
    ssot_import im = {.module = ".state", .name = "revoked"};
    ssot_import_write iw = {.writer = "revoke", .request = "`revoke()` writes `user_id`"};
    ssot_facts f = {.path = "app/x.py", .role = SSOT_ROLE_SERVICE, .parsed = true,
                    .classes = &k, .class_count = 1, .bindings = &b, .binding_count = 1,
                    .module_fns = &fn, .module_fn_count = 1, .global_writes = &gw,
                    .global_write_count = 1, .imports = &im, .import_count = 1,
                    .import_writes = &iw, .import_write_count = 1,
                    .main_guard = true, .tool = true, .serves = true, .no_requests = true,
                    .words = {"catch", "throw", "throws", "thrown", "rethrows",
                              "the assertion's error", "throw check", .module_variable =
                              "module-level"},
                    .linked = true};
    size_t len;
    unsigned char *data = ssot_facts_write(&f, &len);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts r = {.path = "app/x.py"};
    assert_true(ssot_facts_read(data, len, &r, arena));
    assert_true(r.main_guard && r.tool && r.serves && r.no_requests && r.linked);
    assert_string_equal(r.words.handler, "catch");
    assert_string_equal(r.words.raise, "throw");
    assert_string_equal(r.words.raises, "throws");
    assert_string_equal(r.words.raised, "thrown");
    assert_string_equal(r.words.raises_check, "throw check");
    assert_string_equal(r.words.reraises, "rethrows");
    assert_string_equal(r.words.failure, "the assertion's error");
    assert_string_equal(r.words.module_variable, "module-level");
    /* a parsed file without its words is a miss (the messages quote them) */
    ssot_facts mute = f;
    mute.words.failure = NULL;
    size_t mute_len;
    unsigned char *mute_data = ssot_facts_write(&mute, &mute_len);
    ssot_facts back = {.path = "app/x.py"};
    assert_false(ssot_facts_read(mute_data, mute_len, &back, arena));
    free(mute_data);
    const ssot_class_state *st = r.classes[0].state;
    assert_int_equal(st->write_count, 2);
    assert_string_equal(st->writes[1], "_size");
    assert_string_equal(st->write_methods[0], "feed");
    assert_string_equal(st->write_methods[1], "unread");
    assert_int_equal(st->replace_count, 2);
    assert_string_equal(st->replaces[0], "__init__");
    assert_int_equal(st->init_attr_count, 1);
    assert_string_equal(st->init_attrs[0], "total");
    assert_string_equal(st->request, ks.request);
    assert_string_equal(st->request_method, "feed");
    assert_int_equal(st->composed_count, 1);
    assert_string_equal(st->composed[0], "cache");
    assert_string_equal(st->composed_callees[0], "TokenCache");
    assert_string_equal(r.classes[0].request_state, "its `cache`");
    assert_string_equal(r.classes[0].shared_state, "`_buffer`");
    const ssot_binding *rb = &r.bindings[0];
    assert_int_equal(rb->flags, b.flags);
    assert_true(rb->flags & SSOT_BF_READ);
    assert_true(rb->flags & SSOT_BF_CALLBACK_REMOVED);
    assert_string_equal(rb->writer, "fill");
    assert_int_equal(rb->writer_count, 2);
    assert_string_equal(rb->handler, "get_x");
    assert_string_equal(rb->request, b.request);
    assert_string_equal(rb->importer, "app/b.py");
    const ssot_held *hs[] = {&rb->held, &r.module_fns[0].held, &r.global_writes[0].held};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(hs[i]->cls, "Reader");
        assert_string_equal(hs[i]->state, "`_buffer`");
        assert_string_equal(hs[i]->request, "`feed()` stores");
        assert_true(hs[i]->settings && hs[i]->container);
        assert_int_equal(hs[i]->external_count, 2);
        assert_string_equal(hs[i]->externals[1], "dict");
    }
    assert_true(r.module_fns[0].cached && r.module_fns[0].handler &&
                r.module_fns[0].only_defaulted);
    assert_int_equal(r.global_writes[0].guard, SSOT_GUARD_NOT);
    assert_int_equal(r.import_write_count, 1);
    assert_int_equal(r.import_writes[0].import, 0);
    assert_string_equal(r.import_writes[0].writer, "revoke");
    assert_string_equal(r.import_writes[0].request, iw.request);
    free(data);
    ssot_arena_free(arena);
}

static unsigned char *sample(size_t *len, ssot_python_frontend **fe_out)
{
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_facts e;
    ssot_test_extract(fe, &e, "tests/test_x.py", snippets[0], SSOT_ROLE_TEST);
    unsigned char *data = ssot_facts_write(&e.facts, len);
    ssot_arena_free(e.arena);
    *fe_out = fe;
    return data;
}

static bool reads(const unsigned char *data, size_t len)
{
    ssot_arena *arena = ssot_arena_new();
    ssot_facts f = {0};
    bool ok = ssot_facts_read(data, len, &f, arena);
    if (!ok)
        assert_int_equal(f.function_count, 0); /* untouched */
    ssot_arena_free(arena);
    return ok;
}

static void reseal(unsigned char *data, size_t len)
{
    uint64_t h = XXH3_64bits(data + 32, len - 32);
    for (unsigned i = 0; i < 8; i++)
        data[24 + i] = (unsigned char)(h >> (8 * i));
}

/* A header for `len` bytes whose payload is already in place: magic, format, length and a
 * matching checksum. */
static void put_le_header(unsigned char *data, size_t len)
{
    memcpy(data, "SSOTFACT", 8);
    for (unsigned i = 0; i < 4; i++)
        data[8 + i] = (unsigned char)(SSOT_FACTS_FORMAT >> (8 * i));
    memset(data + 12, 0, 4);
    for (unsigned i = 0; i < 8; i++)
        data[16 + i] = (unsigned char)((uint64_t)(len - 32) >> (8 * i));
    reseal(data, len);
}

static void bad_bytes_are_rejected(void **state)
{
    (void)state;
    ssot_python_frontend *fe;
    size_t len;
    unsigned char *data = sample(&len, &fe);
    assert_true(reads(data, len));
    assert_false(reads(NULL, 0));
    for (size_t n = 0; n < len; n++) /* truncated anywhere */
        assert_false(reads(data, n));
    unsigned char *copy = ssot_malloc(len + 1);
    for (size_t i = 0; i < len; i++) { /* any flipped byte: magic, version, length, checksum */
        memcpy(copy, data, len);
        copy[i] ^= 0x5a;
        assert_false(reads(copy, len));
    }
    memcpy(copy, data, len);
    copy[len] = 0; /* trailing garbage */
    assert_false(reads(copy, len + 1));
    memcpy(copy, data, len);
    copy[8] = (unsigned char)(SSOT_FACTS_FORMAT + 1); /* another version */
    assert_false(reads(copy, len));
    memcpy(copy, "#!python", 8); /* foreign */
    assert_false(reads(copy, len));
    /* a checksum that matches garbage: the payload's own checks hold, without a crash */
    for (size_t i = 32; i < len; i++) {
        memcpy(copy, data, len);
        copy[i] = (unsigned char)(copy[i] * 31 + 0x80);
        reseal(copy, len);
        reads(copy, len);
    }
    free(copy);
    free(data);
    ssot_python_frontend_free(fe);
}

/* ---- poisoned entries: a valid checksum over facts no front end would write ---- */

static const char ph011_code[] = "from unittest.mock import Mock\n"
                                 "class Pool:\n"
                                 "    def lend(self, conn, *, tag=None):\n"
                                 "        conn.lent = tag.seen = True\n"
                                 "def test_x():\n"
                                 "    m = Mock()\n"
                                 "    Pool().lend(1, tag=m)\n"
                                 "    attach(m)\n"
                                 "    assert m.lent\n";

/* Each poison breaks one thing in `f` and returns true, or returns false when `f` has
 * nothing of that kind. */
typedef bool (*poison_fn)(ssot_facts *f);

static ssot_function *fn_with(ssot_facts *f, size_t offset_of_count)
{
    for (size_t i = 0; i < f->function_count; i++)
        if (*(uint32_t *)((char *)&f->functions[i] + offset_of_count))
            return &f->functions[i];
    return NULL;
}
#define FN_WITH(f, field) fn_with(f, offsetof(ssot_function, field))

/* The same for a count of the function's side (ssot_fn_side). */
static ssot_function *fn_with_side(ssot_facts *f, size_t offset_of_count)
{
    for (size_t i = 0; i < f->function_count; i++)
        if (*(const uint32_t *)((const char *)ssot_fn_side_of(&f->functions[i]) + offset_of_count))
            return &f->functions[i];
    return NULL;
}
#define FN_WITH_SIDE(f, field) fn_with_side(f, offsetof(ssot_fn_side, field))

static bool class_index_past_end(ssot_facts *f)
{
    for (size_t i = 0; i < f->function_count; i++)
        if (f->functions[i].class_index >= 0) {
            f->functions[i].class_index = (int32_t)f->class_count;
            return true;
        }
    return false;
}
static bool class_index_negative(ssot_facts *f)
{
    if (!f->function_count)
        return false;
    f->functions[0].class_index = -7;
    return true;
}
static bool call_double_index(ssot_facts *f)
{
    ssot_function *fn = FN_WITH(f, call_count);
    return fn && (fn->calls[0].double_index = (int32_t)ssot_fn_side_of(fn)->double_count + 3, true);
}
static bool assertion_subject(ssot_facts *f)
{
    ssot_function *fn = FN_WITH(f, assert_count);
    return fn && (fn->asserts[0].subject = 1000, true);
}
static bool assertion_kind(ssot_facts *f)
{
    ssot_function *fn = FN_WITH(f, assert_count);
    return fn && (fn->asserts[0].kind = (ssot_assert_kind)99, true);
}
static bool assertion_form(ssot_facts *f)
{
    ssot_function *fn = FN_WITH(f, assert_count);
    return fn && (fn->asserts[0].form = (ssot_check_form)99, true);
}
static bool double_parent(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, double_count);
    return fn && (fn->side->doubles[0].parent = (int32_t)fn->side->double_count, true);
}
static bool double_name(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, double_count);
    return fn && (fn->side->doubles[0].name = NULL, true);
}
static bool double_arg_call(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, double_arg_count);
    return fn && (fn->side->double_args[0].call = (int32_t)fn->call_count, true);
}
static bool patch_double(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, patch_count);
    return fn && (fn->side->patches[0].double_index = 99, true);
}
static bool setting_double(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, setting_count);
    return fn && (fn->side->settings[0].double_index = -1, true);
}
static bool handoff_double(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, handoff_count);
    return fn && (fn->side->handoffs[0].via_double = (int32_t)fn->side->double_count, true);
}
static bool returns_double(ssot_facts *f)
{
    ssot_function *fn = FN_WITH_SIDE(f, double_count);
    return fn && (fn->returns_double = (int32_t)fn->side->double_count, true);
}
static bool call_name(ssot_facts *f)
{
    ssot_function *fn = FN_WITH(f, call_count);
    return fn && (fn->calls[0].name_at = (uint32_t)strlen(fn->calls[0].callee) + 1, true);
}
static bool function_symbol(ssot_facts *f)
{
    return f->function_count && (f->functions[0].symbol = NULL, true);
}
static bool skip_kind(ssot_facts *f)
{
    return f->function_count && (f->functions[0].skip.kind = (ssot_skip_kind)42, true);
}
static bool param_null(ssot_facts *f)
{
    ssot_function *fn = FN_WITH(f, param_count);
    return fn && (fn->params[0] = NULL, true);
}
static bool outer_index_loop(ssot_facts *f)
{
    return f->class_count && (f->classes[0].outer_index = 0, true);
}
static bool outer_index_forward(ssot_facts *f)
{
    return f->class_count > 1 && (f->classes[0].outer_index = 1, true);
}
static bool instance_method_null(ssot_facts *f)
{
    for (size_t i = 0; i < f->class_count; i++)
        if (f->classes[i].state && f->classes[i].state->instance_attr) /* its own state */
            return (((ssot_class_state *)f->classes[i].state)->instance_method = NULL, true);
    return false;
}
static bool caching_meta_without_cache(ssot_facts *f)
{
    for (size_t i = 0; i < f->class_count; i++)
        if (!f->classes[i].state || !f->classes[i].state->instance_attr) {
            f->classes[i].flags |= SSOT_KF_CACHING_META;
            return true;
        }
    return false;
}
static bool class_base_null(ssot_facts *f)
{
    for (size_t i = 0; i < f->class_count; i++)
        if (f->classes[i].base_count)
            return (f->classes[i].bases[0] = NULL, true);
    return false;
}
static bool class_name_null(ssot_facts *f)
{
    return f->class_count && (f->classes[0].name = NULL, true);
}
static bool import_module_null(ssot_facts *f)
{
    return f->import_count && (f->imports[0].module = NULL, true);
}
static bool import_module_empty(ssot_facts *f)
{
    return f->import_count && (f->imports[0].module = "", true);
}
static bool import_write_past_end(ssot_facts *f)
{
    return f->import_write_count &&
           (f->import_writes[0].import = (uint32_t)f->import_count, true);
}
static bool definition_name_null(ssot_facts *f)
{
    return f->definition_count && (f->definitions[0].name = NULL, true);
}
static bool definition_parent(ssot_facts *f)
{
    return f->definition_count &&
           (f->definitions[0].parent = (int32_t)f->definition_count, true);
}
static bool definition_kind(ssot_facts *f)
{
    return f->definition_count && (f->definitions[0].kind = (ssot_def_kind)0, true);
}
static bool comment_text_null(ssot_facts *f)
{
    return f->comment_count && (f->comments[0].text = NULL, true);
}
static bool binding_name_null(ssot_facts *f)
{
    return f->binding_count && (f->bindings[0].name = NULL, true);
}
static bool module_fn_name_null(ssot_facts *f)
{
    return f->module_fn_count && (f->module_fns[0].name = NULL, true);
}
static bool global_write_function_null(ssot_facts *f)
{
    return f->global_write_count && (f->global_writes[0].function = NULL, true);
}
static bool param_write_function_null(ssot_facts *f)
{
    return f->param_write_count && (f->param_writes[0].function = NULL, true);
}
static bool role(ssot_facts *f)
{
    f->role = (ssot_role)5;
    return true;
}

static const struct {
    const char *name;
    poison_fn apply;
} poisons[] = {
#define POISON(fn) {#fn, fn}
    POISON(class_index_past_end), POISON(class_index_negative), POISON(call_double_index),
    POISON(assertion_subject), POISON(assertion_kind), POISON(assertion_form),
    POISON(double_parent),
    POISON(double_name), POISON(double_arg_call), POISON(patch_double),
    POISON(setting_double), POISON(handoff_double), POISON(returns_double),
    POISON(call_name), POISON(function_symbol), POISON(skip_kind), POISON(param_null),
    POISON(outer_index_loop), POISON(outer_index_forward), POISON(instance_method_null),
    POISON(caching_meta_without_cache), POISON(class_base_null),
    POISON(class_name_null), POISON(import_module_null), POISON(import_module_empty),
    POISON(import_write_past_end),
    POISON(definition_name_null),
    POISON(definition_parent), POISON(definition_kind), POISON(comment_text_null),
    POISON(binding_name_null), POISON(module_fn_name_null),
    POISON(global_write_function_null), POISON(param_write_function_null), POISON(role),
#undef POISON
};
enum { POISON_COUNT = sizeof(poisons) / sizeof(*poisons) };

static const struct {
    const char *path;
    const char *text;
} poison_sources[] = {
    {"tests/test_a.py", NULL}, /* snippets[0] */
    {"app/b.py", NULL},        /* snippets[1] */
    {"tests/test_c.py", ph011_code},
    {"app/d.py", "class Outer:\n    class Inner(Outer):\n        pass\n"},
    {"app/e.py", "from .state import revoked\n\ndef revoke(user_id):\n    revoked.add(user_id)\n"},
};

static const char *poison_text(size_t i)
{
    return poison_sources[i].text ? poison_sources[i].text : snippets[i];
}

/* The real writer seals the poisoned facts with a valid checksum; the reader refuses. */
static void poisoned_facts_are_rejected(void **state)
{
    (void)state;
    ssot_python_frontend *fe = ssot_test_frontend();
    for (size_t p = 0; p < POISON_COUNT; p++) {
        size_t applied = 0;
        for (size_t i = 0; i < sizeof(poison_sources) / sizeof(*poison_sources); i++) {
            const char *path = poison_sources[i].path;
            ssot_test_facts e;
            ssot_test_extract(fe, &e, path, poison_text(i),
                              path[0] == 't' ? SSOT_ROLE_TEST : SSOT_ROLE_SERVICE);
            size_t len;
            unsigned char *data = ssot_facts_write(&e.facts, &len);
            assert_true(reads(data, len));
            free(data);
            if (poisons[p].apply(&e.facts)) {
                applied++;
                data = ssot_facts_write(&e.facts, &len);
                if (reads(data, len))
                    fail_msg("poison %s in %s was read back", poisons[p].name, path);
                free(data);
            }
            ssot_arena_free(e.arena);
        }
        if (!applied)
            fail_msg("poison %s found nothing to poison", poisons[p].name);
    }
    ssot_python_frontend_free(fe);
}

/* A count larger than the bytes left could hold is refused before anything is allocated
 * for it (a forged count must not cost memory). */
static void forged_counts_are_rejected(void **state)
{
    (void)state;
    ssot_facts f = {.path = "x.py", .parsed = true};
    size_t len;
    unsigned char *data = ssot_facts_write(&f, &len);
    /* the payload: role, pytest_file, parsed, line_count, then the function count (0) */
    assert_int_equal(data[32 + 4], 0);
    enum { PAD = 4000 };
    unsigned char *big = ssot_malloc(32 + 4 + 2 + PAD);
    memcpy(big, data, 32 + 4);
    size_t n = 32 + 4;
    big[n++] = 0x80 | (PAD & 0x7f); /* PAD functions: one per byte left */
    big[n++] = PAD >> 7;
    memset(big + n, 0, PAD); /* far fewer bytes than that many functions take */
    n += PAD;
    put_le_header(big, n);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts back = {0};
    assert_false(ssot_facts_read(big, n, &back, arena));
    assert_true(ssot_arena_bytes(arena) < 16 * n); /* not PAD functions' worth */
    ssot_arena_free(arena);
    free(big);
    free(data);
}

/* The reader's arena is one block of exactly the bytes the header declares, and a file's
 * equal strings are one copy. */
static void decoded_facts_take_the_declared_bytes(void **state)
{
    (void)state;
    ssot_python_frontend *fe;
    size_t len;
    unsigned char *data = sample(&len, &fe);
    size_t declared = 0;
    for (unsigned i = 0; i < 4; i++)
        declared |= (size_t)data[12 + i] << (8 * i);
    assert_true(declared > 0 && declared < 4 * len);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts f = {0};
    assert_true(ssot_facts_read(data, len, &f, arena));
    assert_int_equal(ssot_arena_bytes(arena), declared);
    const char *snippets_seen[256];
    size_t n = 0;
    for (size_t i = 0; i < f.function_count; i++)
        for (size_t k = 0; k < f.functions[i].assert_count && n < 256; k++)
            snippets_seen[n++] = f.functions[i].asserts[k].loc.snippet;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            if (!strcmp(snippets_seen[i], snippets_seen[k]))
                assert_ptr_equal(snippets_seen[i], snippets_seen[k]);
    ssot_arena_free(arena);
    free(data);
    ssot_python_frontend_free(fe);
}

/* ---- through the engine: a poisoned cache entry is a miss, and is rewritten ---- */

static char *finding_lines(const ssot_run *run)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    for (size_t i = 0; i < run->diag_count; i++) {
        const ssot_diag *d = run->diags[i];
        const char *base = strrchr(d->path, '/');
        fprintf(f, "%s:%u:%u %s %s %s\n", base ? base + 1 : d->path, d->span.row, d->span.col,
                d->rule->code, d->symbol, d->message);
    }
    fclose(f);
    return out;
}

static char *run_findings(const ssot_test_project *p, const char *cache_dir)
{
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    bool enabled[64] = {0};
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        enabled[i] = !rules[i]->opt_in && !rules[i]->preview;
    ssot_engine_config config = {.enabled = enabled, .threads = 1,
                                 .max_file_bytes = 1u << 20, .cache_dir = cache_dir};
    ssot_run run;
    char err[512];
    assert_int_equal(ssot_engine_run(&config, &p->files, &run, err, sizeof(err)), SSOT_OK);
    char *lines = finding_lines(&run);
    ssot_run_fini(&run);
    return lines;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap)
            buf = ssot_realloc(buf, cap = cap * 2 + 4096);
        size_t got = fread(buf + *len, 1, cap - *len, f);
        if (!got)
            break;
        *len += got;
    }
    fclose(f);
    return buf;
}

/* Apply poison `p` to every entry under the cache's version folder (each must read back
 * first); returns how many entries it poisoned. CHECK_ONLY only reads them. */
enum { CHECK_ONLY = -1 };
static size_t poison_entries(const char *cache_dir, int p)
{
    size_t poisoned = 0;
    DIR *top = opendir(cache_dir);
    assert_non_null(top);
    for (struct dirent *v; (v = readdir(top));) {
        if (v->d_name[0] != 'v')
            continue;
        char folder[PATH_MAX];
        if (snprintf(folder, sizeof(folder), "%s/%s", cache_dir, v->d_name) >= (int)sizeof(folder))
            fail_msg("cache folder path too long: %s", cache_dir);
        DIR *d = opendir(folder);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d));) {
            char path[sizeof(folder) + sizeof(e->d_name) + 1];
            snprintf(path, sizeof(path), "%s/%s", folder, e->d_name);
            /* a kept run's findings would stand in for the poisoned facts: gone with them */
            if (p != CHECK_ONLY && !strncmp(e->d_name, "run-", 4))
                unlink(path);
            if (strlen(e->d_name) != 32)
                continue;
            size_t len;
            unsigned char *data = slurp(path, &len);
            ssot_arena *arena = ssot_arena_new();
            ssot_facts f = {.path = "x.py"};
            assert_true(ssot_facts_read(data, len, &f, arena));
            free(data);
            if (p != CHECK_ONLY && poisons[p].apply(&f)) {
                data = ssot_facts_write(&f, &len);
                FILE *out = fopen(path, "wb");
                assert_non_null(out);
                assert_int_equal(fwrite(data, 1, len, out), len);
                assert_int_equal(fclose(out), 0);
                free(data);
                poisoned++;
            }
            ssot_arena_free(arena);
        }
        closedir(d);
    }
    closedir(top);
    return poisoned;
}

static void poisoned_cache_entries_are_misses(void **state)
{
    ssot_test_project *p = *state;
    for (size_t i = 0; i < sizeof(poison_sources) / sizeof(*poison_sources); i++)
        ssot_test_project_put(p, poison_sources[i].path, poison_text(i));
    char cache_dir[600];
    snprintf(cache_dir, sizeof(cache_dir), "%s/.ssot_cache", p->root);
    char *cold = run_findings(p, NULL);
    assert_true(strlen(cold) > 0);
    char *warm = run_findings(p, cache_dir);
    assert_string_equal(warm, cold);
    free(warm);
    for (size_t k = 0; k < POISON_COUNT; k++) {
        if (!poison_entries(cache_dir, (int)k))
            continue;
        char *again = run_findings(p, cache_dir);
        if (strcmp(again, cold) != 0)
            fail_msg("poison %s changed the findings:\n%s\nvs cold:\n%s", poisons[k].name,
                     again, cold);
        free(again);
        /* rewritten: every entry reads back and no poison is left */
        poison_entries(cache_dir, CHECK_ONLY);
        again = run_findings(p, cache_dir);
        assert_string_equal(again, cold);
        free(again);
    }
    free(cold);
}

/* The round trip every parse goes through: bytes that do not read back (here corrupted
 * by the engine's test hook, as a reader rejecting a value the writer wrote would leave
 * them) are an E008 finding on that file, the file is still checked on its facts as
 * extracted (its other findings, E003 included, stay), and nothing is cached for it. */
typedef struct corrupt_ctx {
    const ssot_test_project *p;
    const char *suffix; /* the file whose bytes get corrupted */
    size_t calls;
} corrupt_ctx;

static void corrupt_facts(void *ctx, size_t index, unsigned char *data, size_t len)
{
    corrupt_ctx *c = ctx;
    const char *path = c->p->files.items[index].path;
    size_t n = strlen(path), m = strlen(c->suffix);
    c->calls++;
    if (n >= m && !strcmp(path + n - m, c->suffix))
        data[len - 1] ^= 0x5a; /* the last payload byte: the checksum no longer matches */
}

static size_t cache_entries(const char *cache_dir)
{
    size_t count = 0;
    DIR *top = opendir(cache_dir);
    assert_non_null(top);
    for (struct dirent *v; (v = readdir(top));) {
        if (v->d_name[0] != 'v')
            continue;
        char folder[PATH_MAX];
        if (snprintf(folder, sizeof(folder), "%s/%s", cache_dir, v->d_name) >= (int)sizeof(folder))
            fail_msg("cache folder path too long: %s", cache_dir);
        DIR *d = opendir(folder);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d));)
            count += strlen(e->d_name) == 32;
        closedir(d);
    }
    closedir(top);
    return count;
}

static void a_round_trip_failure_is_e008(void **state)
{
    ssot_test_project *p = *state;
    ssot_test_project_put(p, "tests/test_a.py",
                          "def test_empty():\n    pass\n\ndef test_broken(:\n    pass\n");
    ssot_test_project_put(p, "tests/test_b.py", "def test_also_empty():\n    pass\n");
    char cache_dir[600];
    snprintf(cache_dir, sizeof(cache_dir), "%s/.ssot_cache", p->root);
    char *cold = run_findings(p, NULL);
    assert_non_null(strstr(cold, "test_a.py:1:5 PH001"));
    assert_non_null(strstr(cold, "test_a.py:4:17 E003"));

    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    bool enabled[64] = {0};
    for (size_t i = 0; i < n; i++)
        enabled[i] = !rules[i]->opt_in && !rules[i]->preview;
    corrupt_ctx ctx = {p, "/tests/test_a.py", 0};
    ssot_engine_config config = {.enabled = enabled, .threads = 2,
                                 .max_file_bytes = 1u << 20, .cache_dir = cache_dir,
                                 .facts_written = corrupt_facts, .hook_ctx = &ctx};
    ssot_run run;
    char err[512];
    assert_int_equal(ssot_engine_run(&config, &p->files, &run, err, sizeof(err)), SSOT_OK);
    char *got = finding_lines(&run);
    ssot_run_fini(&run);
    assert_int_equal(ctx.calls, 2);
    /* the cold findings, plus one E008 on test_a.py naming what happened */
    char *e008 = strstr(got, "test_a.py:1:1 E008  internal error: the facts extracted from "
                             "this file did not read back");
    if (!e008)
        fail_msg("no E008 on test_a.py:\n%s", got);
    char *line_end = strchr(e008, '\n');
    char *without = ssot_asprintf("%.*s%s", (int)(e008 - got), got, line_end + 1);
    assert_string_equal(without, cold);
    assert_int_equal(cache_entries(cache_dir), 1); /* test_b.py's only */

    /* a run without the fault reads test_b.py from the cache, parses test_a.py again and
       caches it: the cold findings, no E008 (the faulty run was not kept whole either) */
    char *warm = run_findings(p, cache_dir);
    assert_string_equal(warm, cold);
    assert_int_equal(cache_entries(cache_dir), 2);
    free(warm);
    free(without);
    free(got);
    free(cold);
}

/* One reader for many entries (the engine's, per thread): each read gives what a read of
 * its own gives, whatever came before it: other files' strings, a rejected entry, the same
 * entry again, and more strings than its table held. */
static void a_reader_kept_across_entries_reads_each_as_alone(void **state)
{
    (void)state;
    ssot_python_frontend *fe = ssot_test_frontend();
    size_t n = sizeof(snippets) / sizeof(*snippets);
    unsigned char *data[8];
    size_t len[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        ssot_test_facts e;
        ssot_test_extract(fe, &e, i ? "pkg/mod.py" : "tests/test_x.py", snippets[i],
                          i ? SSOT_ROLE_SERVICE : SSOT_ROLE_TEST);
        data[i] = ssot_facts_write(&e.facts, &len[i]);
        ssot_arena_free(e.arena);
    }
    unsigned char *bad = malloc(len[0]);
    memcpy(bad, data[0], len[0]);
    bad[len[0] - 1] ^= 0x5a; /* a changed last byte, resealed: the walk fails at the end */
    reseal(bad, len[0]);
    ssot_facts_reader *reader = ssot_facts_reader_new();
    size_t order[] = {0, 1, 0, 99, 0, n - 1, 1, 0};
    for (size_t k = 0; k < sizeof(order) / sizeof(*order); k++) {
        ssot_arena *arena = ssot_arena_new();
        ssot_facts got = {.path = "x.py"};
        if (order[k] == 99) {
            assert_false(ssot_facts_read_with(reader, bad, len[0], &got, arena));
            assert_false(ssot_facts_read(bad, len[0], &got, arena));
            ssot_arena_free(arena);
            continue;
        }
        size_t i = order[k] < n ? order[k] : 0;
        assert_true(ssot_facts_read_with(reader, data[i], len[i], &got, arena));
        size_t again_len;
        unsigned char *again = ssot_facts_write(&got, &again_len);
        assert_int_equal(again_len, len[i]);
        assert_memory_equal(again, data[i], len[i]);
        free(again);
        ssot_arena_free(arena);
    }
    ssot_facts_reader_free(reader);
    ssot_facts_reader_free(NULL);
    free(bad);
    for (size_t i = 0; i < n; i++)
        free(data[i]);
    ssot_python_frontend_free(fe);
}

/* A function's doubles, patches, settings ... are in its side (ssot_fn_side): decoded, a
 * function without any shares the empty one, and a function given some gets its own,
 * leaving the shared one empty; likewise a class's SG state. */
static void functions_without_doubles_share_the_empty_side(void **state)
{
    (void)state;
    static const char code[] = "from unittest.mock import Mock\n"
                               "def test_plain():\n"
                               "    assert compute() == 2\n"
                               "def test_double():\n"
                               "    m = Mock()\n"
                               "    m.get.return_value = 3\n"
                               "    assert run(m) == 3\n"
                               "class Plain:\n"
                               "    pass\n";
    read_back b;
    read_back_test_file(&b, code);
    ssot_facts r = b.facts;
    ssot_arena *arena = b.arena;
    assert_int_equal(r.function_count, 2);
    assert_ptr_equal(r.functions[0].side, &ssot_fn_side_none);
    assert_ptr_not_equal(r.functions[1].side, &ssot_fn_side_none);
    assert_int_equal(r.functions[1].side->double_count, 1);
    assert_int_equal(r.functions[1].side->setting_count, 1);
    ssot_fn_side *own = ssot_fn_side_own(&r.functions[0], arena);
    own->mention_count = 1;
    assert_ptr_equal(r.functions[0].side, own);
    assert_ptr_equal(ssot_fn_side_own(&r.functions[0], arena), own);
    assert_int_equal(ssot_fn_side_none.mention_count, 0);
    /* a class without decorators, metaclass or writes shares the empty state */
    assert_int_equal(r.class_count, 1);
    assert_ptr_equal(r.classes[0].state, &ssot_class_state_none);
    read_back_free(&b);
}

/* The structs every test function, call, assertion and definition fills are laid out
 * without padding, with 32-bit array lengths and 8- or 16-bit kinds and flags where those
 * fit (an assertion's): they are most of a run's memory (135k
 * functions, 733k calls, 322k assertions, 78k definitions on the 3.4M-line bench tree). A
 * field added in the wrong place, or a count widened again, shows here. */
static void per_item_structs_stay_narrow(void **state)
{
    (void)state;
#if UINTPTR_MAX == UINT64_MAX
    assert_true(sizeof(ssot_function) <= 216); /* the doubles, patches ... in ssot_fn_side */
    assert_true(sizeof(ssot_class) <= 224); /* its SG state beside it (ssot_class_state) */
    assert_true(sizeof(ssot_assertion) <= 64);
    assert_true(sizeof(ssot_call) <= 24); /* name an offset into callee, via in ssot_fn_side */
    assert_true(sizeof(ssot_definition) <= 144);
    /* one per member of a duplicate cluster (every definition of copies 2-4 on the tree) */
    assert_true(sizeof(ssot_dup_site) <= 56);
    assert_true(sizeof(ssot_dup) <= 32);
#endif
    ssot_function fn = {0};
    fn.call_count = UINT32_MAX;
    assert_int_equal(fn.call_count, UINT32_MAX); /* the lengths hold any array a file has */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snippets_and_fixtures_round_trip),
        cmocka_unit_test(bad_bytes_are_rejected),
        cmocka_unit_test(sg_fields_survive),
        cmocka_unit_test(ph011_fields_survive),
        cmocka_unit_test(lazy_bodies_decode_to_the_eager_facts),
        cmocka_unit_test(lazy_bodies_of_changed_bytes_are_empty),
        cmocka_unit_test(every_skip_kind_reads_back),
        cmocka_unit_test(javascript_fields_survive),
        cmocka_unit_test(poisoned_facts_are_rejected),
        cmocka_unit_test(forged_counts_are_rejected),
        cmocka_unit_test(decoded_facts_take_the_declared_bytes),
        cmocka_unit_test(a_reader_kept_across_entries_reads_each_as_alone),
        cmocka_unit_test(per_item_structs_stay_narrow),
        cmocka_unit_test(functions_without_doubles_share_the_empty_side),
        cmocka_unit_test_setup_teardown(a_round_trip_failure_is_e008, ssot_test_project_setup,
                                        ssot_test_project_teardown),
        cmocka_unit_test_setup_teardown(poisoned_cache_entries_are_misses,
                                        ssot_test_project_setup, ssot_test_project_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
