/* tests/test_shard.c - a shard's share of the files (analyzer/shard/shard.c): every file in
 * exactly one share for any N, shares balanced by size, and neither the shares nor the run's
 * list hash depend on the order the files were listed in. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/shard/shard.h"

static void make_list(ssot_file_list *list, size_t count, bool reversed)
{
    memset(list, 0, sizeof(*list));
    list->items = ssot_calloc(count, sizeof(*list->items));
    for (size_t i = 0; i < count; i++) {
        size_t k = reversed ? count - 1 - i : i;
        ssot_file_entry *e = &list->items[i];
        e->path = ssot_asprintf("pkg/m%04zu.py", k);
        e->size = (off_t)((k * 7919) % 5000 + (k % 50 == 0 ? 200000 : 0));
    }
    list->count = list->cap = count;
}

static void shards_cover_every_file_once_balanced(void **state)
{
    (void)state;
    enum { COUNT = 1000 };
    ssot_file_list list, rev;
    make_list(&list, COUNT, false);
    make_list(&rev, COUNT, true);
    for (unsigned n = 1; n <= 9; n++) {
        unsigned *owner = calloc(COUNT, sizeof(*owner));
        uint64_t most = 0, least = UINT64_MAX;
        for (unsigned k = 1; k <= n; k++) {
            ssot_file_list share, share_rev;
            ssot_shard_share(&list, "/r", k, n, &share);
            ssot_shard_share(&rev, "/r", k, n, &share_rev);
            assert_int_equal(share.count, share_rev.count); /* the list's order changes nothing */
            uint64_t bytes = 0;
            for (size_t i = 0; i < share.count; i++) {
                unsigned idx = (unsigned)atoi(share.items[i].path + 5);
                assert_int_equal(owner[idx], 0);
                owner[idx] = k;
                bytes += (uint64_t)share.items[i].size;
            }
            for (size_t i = 0; i < share_rev.count; i++)
                assert_int_equal(owner[atoi(share_rev.items[i].path + 5)], k);
            most = bytes > most ? bytes : most;
            least = bytes < least ? bytes : least;
            free(share.items);
            free(share_rev.items);
        }
        for (size_t i = 0; i < COUNT; i++)
            assert_int_not_equal(owner[i], 0);
        assert_true(most - least <= 210000); /* within about one large file */
        free(owner);
    }
    assert_int_equal(ssot_shard_list_hash(&list, "/r"), ssot_shard_list_hash(&rev, "/r"));
    ssot_file_list_fini(&list);
    ssot_file_list_fini(&rev);
}

static void shard_specs_parse(void **state)
{
    (void)state;
    unsigned k, n;
    char err[256];
    assert_int_equal(ssot_shard_parse("2/8", &k, &n, err, sizeof(err)), SSOT_OK);
    assert_int_equal(k, 2);
    assert_int_equal(n, 8);
    const char *bad[] = {"0/3", "4/3", "1/0", "1", "1/", "/3", "a/b", "1/3x", "-1/3", "1/5000",
                         " 1/3"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        assert_int_equal(ssot_shard_parse(bad[i], &k, &n, err, sizeof(err)), SSOT_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shards_cover_every_file_once_balanced),
        cmocka_unit_test(shard_specs_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
