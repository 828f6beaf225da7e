/* tests/test_prefetch.c - the previous run's entries read ahead (analyzer/facts/prefetch.c):
 * what is taken is what a lazy read of the same entry gives, each key once, and a missing or
 * damaged list of keys reads nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/cache.h"
#include "analyzer/facts/facts_io.h"
#include "analyzer/facts/prefetch.h"
#include "tests/support.h"

static const char *const sources[] = {
    "import pytest\n@pytest.fixture\ndef db():\n    return 1\ndef test_a(db):\n    assert db\n",
    "def check(v):\n    assert v == 2\ndef test_b():\n    check(2)\n",
    "class Service:\n    def run(self):\n        return 3\n",
};
enum { FILES = 3 };

typedef struct fixture {
    char dir[64];
    ssot_cache_key keys[FILES];
    ssot_python_frontend *fe;
} fixture;

/* A cache with the three files' entries and their keys kept, as a run leaves it. */
static int setup(void **state)
{
    fixture *f = ssot_calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/ssot-prefetch-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    f->fe = ssot_test_frontend();
    ssot_cache *cache = ssot_cache_open(f->dir);
    assert_non_null(cache);
    for (size_t i = 0; i < FILES; i++) {
        char path[32];
        snprintf(path, sizeof(path), "tests/test_%zu.py", i);
        ssot_test_facts t;
        ssot_test_extract(f->fe, &t, path, sources[i], SSOT_ROLE_TEST);
        size_t len;
        unsigned char *data = ssot_facts_write(&t.facts, &len);
        f->keys[i] = ssot_cache_key_of(ssot_cache_text_hash(sources[i], strlen(sources[i])),
                                       &t.facts, path, 0);
        ssot_cache_store(cache, f->keys[i], data, len);
        free(data);
        ssot_arena_free(t.arena);
    }
    ssot_cache_store_keys(cache, f->keys, FILES);
    ssot_cache_free(cache);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    ssot_python_frontend_free(f->fe);
    free(f);
    return 0;
}

/* The facts written again: two reads give the same facts when these are equal. */
static unsigned char *written(ssot_facts *facts, size_t *len)
{
    for (size_t i = 0; i < facts->function_count; i++)
        assert_true(ssot_facts_body(facts, &facts->functions[i]));
    facts->pending = NULL;
    return ssot_facts_write(facts, len);
}

static void taken_facts_are_the_lazy_reads(void **state)
{
    fixture *f = *state;
    ssot_prefetch *p = ssot_prefetch_start(f->dir);
    assert_non_null(p);
    ssot_prefetch_wait(p);
    ssot_prefetch_stop(p); /* after it: a no-op */
    ssot_cache *cache = ssot_cache_open(f->dir);
    ssot_facts_reader *reader = ssot_facts_reader_new();
    for (size_t i = 0; i < FILES; i++) {
        ssot_facts got = {0}, want = {0};
        ssot_arena *arena = NULL, *own = ssot_arena_new();
        assert_true(ssot_prefetch_take(p, f->keys[i], &got, &arena));
        assert_null(got.path); /* the engine's to set */
        assert_false(ssot_prefetch_take(p, f->keys[i], &got, &arena)); /* once */
        assert_true(ssot_cache_load_lazy(cache, f->keys[i], reader, &want, own));
        assert_int_equal(got.function_count, want.function_count);
        size_t a, b;
        unsigned char *x = written(&got, &a), *y = written(&want, &b);
        assert_int_equal(a, b);
        assert_memory_equal(x, y, a);
        free(x);
        free(y);
        ssot_arena_free(arena);
        ssot_arena_free(own);
    }
    ssot_facts got;
    ssot_arena *arena;
    ssot_cache_key other = {1, 2};
    assert_false(ssot_prefetch_take(p, other, &got, &arena));
    ssot_facts_reader_free(reader);
    ssot_cache_free(cache);
    ssot_prefetch_free(p);
}

/* Freed with nothing taken: each arena goes with it (the sanitizer build checks). */
static void untaken_entries_are_freed(void **state)
{
    fixture *f = *state;
    ssot_prefetch_free(ssot_prefetch_start(f->dir));
    ssot_prefetch *p = ssot_prefetch_start(f->dir);
    ssot_prefetch_wait(p);
    ssot_prefetch_stop(p); /* twice: a no-op */
    ssot_prefetch_free(p);
}

static void no_keys_or_damaged_keys_read_nothing(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof(path), "%s/v%s-f%u/last-keys", f->dir, SSOT_VERSION, SSOT_FACTS_FORMAT);
    FILE *fh = fopen(path, "r+b");
    assert_non_null(fh);
    assert_int_equal(fseek(fh, 30, SEEK_SET), 0);
    assert_int_equal(fputc('!', fh), '!'); /* a key's byte: the checksum no longer holds */
    assert_int_equal(fclose(fh), 0);
    assert_null(ssot_prefetch_start(f->dir));
    assert_int_equal(unlink(path), 0);
    assert_null(ssot_prefetch_start(f->dir));
    assert_null(ssot_prefetch_start("/nonexistent/ssot-cache"));
    assert_null(ssot_prefetch_start(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(taken_facts_are_the_lazy_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(untaken_entries_are_freed, setup, teardown),
        cmocka_unit_test_setup_teardown(no_keys_or_damaged_keys_read_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
