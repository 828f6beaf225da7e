/* tests/test_pack.c - the facts artifact (analyzer/facts/pack.c): a pack reads back to what
 * was added; every truncation, a flipped byte, another version or format, a forged count and
 * a bad path are one clear error, never a crash. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts_io.h"
#include "analyzer/facts/pack.h"
#include "tests/support.h"

static const char source[] = "import pytest\n\ndef test_x():\n    assert 1\n";

/* A pack of two files, one with a custom finding, serialized through a temporary file. */
static unsigned char *sample(size_t *len)
{
    ssot_python_frontend *fe = ssot_test_frontend();
    ssot_test_facts e;
    ssot_test_extract(fe, &e, "tests/test_x.py", source, SSOT_ROLE_TEST);
    size_t facts_len;
    unsigned char *facts = ssot_facts_write(&e.facts, &facts_len);
    ssot_pack_info info = {NULL, 2, 3, 5, 0x1234};
    ssot_pack *pack = ssot_pack_new(&info);
    ssot_pack_finding found = {"SS910", {{3, 5, 3, 9}, "time.sleep(1)"}, "no sleeping"};
    ssot_pack_file a = {"tests/test_x.py", sizeof(source) - 1, SSOT_ROLE_TEST, "python",
                        SSOT_PACK_PYTEST | SSOT_PACK_EXPLICIT, "tests.test_x", NULL, 42,
                        facts, facts_len, &found, 1, NULL};
    ssot_pack_file b = {"app/m.py", 7, SSOT_ROLE_SERVICE, NULL, 0, NULL, "m.py", 0, facts, facts_len,
                        NULL, 0, NULL};
    ssot_pack_add(pack, &a);
    ssot_pack_add(pack, &b);
    char dir[256], path[300], err[512];
    assert_int_equal(ssot_test_tempdir(dir, sizeof(dir), "pack"), 0);
    snprintf(path, sizeof(path), "%s/shard.pack", dir);
    assert_int_equal(ssot_pack_save(pack, path, err, sizeof(err)), SSOT_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *data = malloc(1 << 20);
    *len = fread(data, 1, 1 << 20, f);
    fclose(f);
    ssot_test_remove_tree(dir);
    ssot_pack_free(pack);
    free(facts);
    ssot_arena_free(e.arena);
    ssot_python_frontend_free(fe);
    return data;
}

static void reseal(unsigned char *data, size_t len)
{
    uint64_t h = XXH3_64bits(data + 32, len - 32);
    for (unsigned i = 0; i < 8; i++)
        data[24 + i] = (unsigned char)(h >> (8 * i));
}

static void pack_reads_back(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = sample(&len);
    ssot_pack *pack;
    char err[512];
    assert_int_equal(ssot_pack_parse(data, len, "a.pack", &pack, err, sizeof(err)), SSOT_OK);
    const ssot_pack_info *info = ssot_pack_info_of(pack);
    assert_string_equal(info->version, SSOT_VERSION);
    assert_int_equal(info->shard, 2);
    assert_int_equal(info->shard_count, 3);
    assert_int_equal(info->file_count, 5);
    assert_int_equal(info->list_hash, 0x1234);
    assert_int_equal(ssot_pack_count(pack), 2);
    const ssot_pack_file *a = ssot_pack_file_at(pack, 0), *b = ssot_pack_file_at(pack, 1);
    assert_string_equal(a->path, "tests/test_x.py");
    assert_string_equal(a->language, "python");
    assert_null(b->language);
    assert_int_equal(a->flags, SSOT_PACK_PYTEST | SSOT_PACK_EXPLICIT);
    assert_string_equal(a->module, "tests.test_x");
    assert_null(a->config_path);
    assert_int_equal(a->config_id, 42);
    assert_int_equal(a->finding_count, 1);
    assert_string_equal(a->findings[0].code, "SS910");
    assert_string_equal(a->findings[0].loc.snippet, "time.sleep(1)");
    assert_int_equal(a->findings[0].loc.span.end_col, 9);
    assert_string_equal(b->config_path, "m.py");
    assert_null(b->module);
    ssot_arena *arena = ssot_arena_new();
    ssot_facts facts = {0};
    assert_true(ssot_facts_read(a->facts, a->facts_len, &facts, arena));
    assert_int_equal(facts.function_count, 1);
    assert_string_equal(facts.functions[0].name, "test_x");
    ssot_arena_free(arena);
    ssot_pack_free(pack);
    free(data);
}

static void bad_packs_are_one_error(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = sample(&len);
    ssot_pack *pack;
    char err[512];
    /* every truncation */
    for (size_t n = 0; n < len; n++) {
        assert_int_not_equal(ssot_pack_parse(data, n, "a.pack", &pack, err, sizeof(err)),
                             SSOT_OK);
        assert_null(pack);
        assert_non_null(strstr(err, "a.pack: "));
        assert_null(strchr(err, '\n'));
    }
    /* every flipped byte: the header's checks or the checksum */
    for (size_t i = 0; i < len; i++) {
        data[i] ^= 0x20;
        assert_int_not_equal(ssot_pack_parse(data, len, "a.pack", &pack, err, sizeof(err)),
                             SSOT_OK);
        data[i] ^= 0x20;
    }
    /* another pack format */
    data[8] ^= 1;
    assert_int_equal(ssot_pack_parse(data, len, "a.pack", &pack, err, sizeof(err)),
                     SSOT_ERR_INPUT);
    assert_non_null(strstr(err, "format"));
    data[8] ^= 1;
    /* another version, resealed: the payload starts with the version string */
    unsigned char saved = data[33];
    data[33] = 'x';
    reseal(data, len);
    assert_int_equal(ssot_pack_parse(data, len, "a.pack", &pack, err, sizeof(err)),
                     SSOT_ERR_INPUT);
    assert_non_null(strstr(err, "written by ssot x"));
    data[33] = saved;
    /* resealed flips anywhere in the payload: rejected or read, never a crash */
    for (size_t i = 32; i < len; i++) {
        for (unsigned bit = 0; bit < 8; bit += 3) {
            data[i] ^= (unsigned char)(1u << bit);
            reseal(data, len);
            if (ssot_pack_parse(data, len, "a.pack", &pack, err, sizeof(err)) == SSOT_OK) {
                for (size_t k = 0; k < ssot_pack_count(pack); k++)
                    assert_true(ssot_pack_path_ok(ssot_pack_file_at(pack, k)->path));
                ssot_pack_free(pack);
            }
            data[i] ^= (unsigned char)(1u << bit);
        }
    }
    reseal(data, len);
    assert_int_equal(ssot_pack_parse(data, len, "a.pack", &pack, err, sizeof(err)), SSOT_OK);
    ssot_pack_free(pack);
    free(data);
    assert_int_equal(ssot_pack_load("/nonexistent/a.pack", &pack, err, sizeof(err)),
                     SSOT_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/a.pack: "));
}

static void pack_paths_are_relative_and_normal(void **state)
{
    (void)state;
    assert_true(ssot_pack_path_ok("a.py"));
    assert_true(ssot_pack_path_ok("pkg/sub/a.py"));
    assert_true(ssot_pack_path_ok(".hidden/a.py"));
    assert_false(ssot_pack_path_ok(""));
    assert_false(ssot_pack_path_ok("/abs/a.py"));
    assert_false(ssot_pack_path_ok("../a.py"));
    assert_false(ssot_pack_path_ok("pkg/../a.py"));
    assert_false(ssot_pack_path_ok("./a.py"));
    assert_false(ssot_pack_path_ok("pkg//a.py"));
    assert_false(ssot_pack_path_ok("pkg/"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pack_reads_back),
        cmocka_unit_test(bad_packs_are_one_error),
        cmocka_unit_test(pack_paths_are_relative_and_normal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
