/* tests/test_facts_io.c - the facts cache format (analyzer/facts_io.c): facts extracted
 * from real Python files read back to the same bytes, every struct covered; truncated,
 * corrupt, foreign and wrong-version bytes are rejected without a crash. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/alloc.h"
#include "analyzer/facts_io.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/source.h"
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
        c->doubles += fn->double_count;
        c->double_uses += fn->double_use_count;
        c->double_args += fn->double_arg_count;
        c->patches += fn->patch_count;
        c->settings += fn->setting_count;
        c->handoffs += fn->handoff_count;
        c->markers += fn->marker_count;
    }
    for (size_t i = 0; i < f->class_count; i++)
        c->writes += f->classes[i].state.write_count;
}

/* Fields only the resolution or a configuration fills, set by hand. */
static void add_resolved(ssot_test_facts *e)
{
    static ssot_contract_gap gap = {{{1, 1, 1, 1}, "x"}, "errors", "E42", "", "`test_x`"};
    static ssot_mention mention = {"E42", 3, -1, true};
    e->facts.contract_gaps = &gap;
    e->facts.contract_gap_count = 1;
    if (e->facts.function_count) {
        e->facts.functions[0].mentions = &mention;
        e->facts.functions[0].mention_count = 1;
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
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_facts e;
    ssot_test_extract(fe, &e, "tests/test_x.py", code, 1);
    size_t len;
    unsigned char *data = ssot_facts_write(&e.facts, &len);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts r = {0};
    assert_true(ssot_facts_read(data, len, &r, arena));
    assert_int_equal(r.param_write_count, 2);
    assert_string_equal(r.param_writes[0].function, "Pool.lend");
    assert_string_equal(r.param_writes[0].param, "conn");
    assert_int_equal(r.param_writes[0].position, 0);
    assert_string_equal(r.param_writes[0].attribute, "lent");
    assert_string_equal(r.param_writes[1].param, "tag");
    assert_int_equal(r.param_writes[1].position, -1);
    assert_string_equal(r.param_writes[1].attribute, "seen");
    const ssot_function *fn = &r.functions[r.function_count - 1];
    assert_int_equal(fn->double_arg_count, 2);
    assert_string_equal(fn->double_args[0].name, "m");
    assert_string_equal(fn->double_args[0].keyword, "tag");
    assert_int_equal(fn->double_args[0].position, -1);
    assert_null(fn->double_args[1].keyword);
    assert_int_equal(fn->double_args[1].position, 0);
    assert_string_equal(fn->calls[fn->double_args[1].call].name, "attach");
    free(data);
    ssot_arena_free(arena);
    ssot_arena_free(e.arena);
    ssot_python_frontend_free(fe);
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
    k.state.writes = writes;
    k.state.write_methods = methods;
    k.state.write_count = 2;
    k.state.replaces = replaces;
    k.state.replace_count = 2;
    k.state.init_attrs = init_attrs;
    k.state.init_attr_count = 1;
    k.state.request = "`feed()` stores `user_id` in `_buffer`";
    k.state.request_method = "feed";
    k.state.composed = composed;
    k.state.composed_callees = callees;
    k.state.composed_count = 1;
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
    ssot_import im = {.module = ".state", .name = "revoked", .writer = "revoke",
                      .request = "`revoke()` writes `user_id`"};
    ssot_facts f = {.path = "app/x.py", .role = SSOT_ROLE_SERVICE, .parsed = true,
                    .classes = &k, .class_count = 1, .bindings = &b, .binding_count = 1,
                    .module_fns = &fn, .module_fn_count = 1, .global_writes = &gw,
                    .global_write_count = 1, .imports = &im, .import_count = 1,
                    .main_guard = true, .tool = true, .serves = true, .no_requests = true};
    size_t len;
    unsigned char *data = ssot_facts_write(&f, &len);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts r = {.path = "app/x.py"};
    assert_true(ssot_facts_read(data, len, &r, arena));
    assert_true(r.main_guard && r.tool && r.serves && r.no_requests);
    const ssot_class_state *st = &r.classes[0].state;
    assert_int_equal(st->write_count, 2);
    assert_string_equal(st->writes[1], "_size");
    assert_string_equal(st->write_methods[0], "feed");
    assert_string_equal(st->write_methods[1], "unread");
    assert_int_equal(st->replace_count, 2);
    assert_string_equal(st->replaces[0], "__init__");
    assert_int_equal(st->init_attr_count, 1);
    assert_string_equal(st->init_attrs[0], "total");
    assert_string_equal(st->request, k.state.request);
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
    assert_string_equal(r.imports[0].writer, "revoke");
    assert_string_equal(r.imports[0].request, im.request);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snippets_and_fixtures_round_trip),
        cmocka_unit_test(bad_bytes_are_rejected),
        cmocka_unit_test(sg_fields_survive),
        cmocka_unit_test(ph011_fields_survive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
