/* tests/test_strmap.c - the string -> integer-list hash map (analyzer/base/strmap.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/strmap.h"

/* `key` holds exactly one value, `want`. */
static void assert_only_value(const ssot_strmap *m, const char *key, uint32_t want)
{
    size_t n = 99;
    const uint32_t *v = ssot_strmap_get(m, key, &n);
    assert_non_null(v);
    assert_int_equal(n, 1);
    assert_int_equal(v[0], want);
}

/* `key` is not in the map: no values, and a count of zero. */
static void assert_missing(const ssot_strmap *m, const char *key)
{
    size_t n = 42;
    assert_null(ssot_strmap_get(m, key, &n));
    assert_int_equal(n, 0);
}

static void strmap_get_returns_value_added_under_key(void **state)
{
    (void)state;
    ssot_strmap *m = ssot_strmap_new();
    ssot_strmap_add(m, "alpha", 7);
    ssot_strmap_add(m, "beta", 9);
    assert_only_value(m, "alpha", 7);
    assert_only_value(m, "beta", 9);
    ssot_strmap_free(m);
}

static void strmap_get_compares_key_text_not_pointer(void **state)
{
    (void)state;
    ssot_strmap *m = ssot_strmap_new();
    char stored[] = "test_login";
    char probe[] = "test_login";
    ssot_strmap_add(m, stored, 3);
    assert_only_value(m, probe, 3);
    ssot_strmap_free(m);
}

static void strmap_missing_key_gives_null_and_zero_count(void **state)
{
    (void)state;
    ssot_strmap *m = ssot_strmap_new();
    assert_missing(m, "nothing");
    ssot_strmap_add(m, "present", 1);
    assert_missing(m, "absent");
    assert_missing(m, "presen"); /* a prefix is another key */
    ssot_strmap_free(m);
}

static void strmap_list_keeps_insertion_order(void **state)
{
    (void)state;
    ssot_strmap *m = ssot_strmap_new();
    static const uint32_t values[] = {5, 3, 8, 3, 0, 100, 42, 7, 1, 2};
    size_t nv = sizeof(values) / sizeof(values[0]);
    for (size_t i = 0; i < nv; i++) {
        ssot_strmap_add(m, "k", values[i]);
        ssot_strmap_add(m, "other", (uint32_t)i);
    }
    size_t n;
    const uint32_t *v = ssot_strmap_get(m, "k", &n);
    assert_int_equal(n, nv);
    for (size_t i = 0; i < nv; i++)
        assert_int_equal(v[i], values[i]);
    v = ssot_strmap_get(m, "other", &n);
    assert_int_equal(n, nv);
    for (size_t i = 0; i < nv; i++)
        assert_int_equal(v[i], i);
    ssot_strmap_free(m);
}

static void strmap_keeps_every_key_through_growth(void **state)
{
    (void)state;
    enum { KEYS = 5000 };
    char **keys = calloc(KEYS, sizeof(*keys));
    assert_non_null(keys);
    ssot_strmap *m = ssot_strmap_new();
    for (size_t i = 0; i < KEYS; i++) {
        keys[i] = malloc(32);
        assert_non_null(keys[i]);
        snprintf(keys[i], 32, "name_%zu", i);
        ssot_strmap_add(m, keys[i], (uint32_t)i);
        if (i % 3 == 0)
            ssot_strmap_add(m, keys[i], (uint32_t)(i + 1000000));
    }
    for (size_t i = 0; i < KEYS; i++) {
        char probe[32];
        snprintf(probe, sizeof(probe), "name_%zu", i);
        size_t n;
        const uint32_t *v = ssot_strmap_get(m, probe, &n);
        assert_non_null(v);
        assert_int_equal(n, i % 3 == 0 ? 2 : 1);
        assert_int_equal(v[0], i);
        if (i % 3 == 0)
            assert_int_equal(v[1], i + 1000000);
    }
    assert_missing(m, "name_5000");
    ssot_strmap_free(m);
    for (size_t i = 0; i < KEYS; i++)
        free(keys[i]);
    free(keys);
}

static void strmap_empty_string_is_a_valid_key(void **state)
{
    (void)state;
    ssot_strmap *m = ssot_strmap_new();
    ssot_strmap_add(m, "", 11);
    assert_only_value(m, "", 11);
    ssot_strmap_free(m);
}

static void strmap_free_accepts_null(void **state) // ssot: ignore[PH002] -- not crashing is the check
{
    (void)state;
    ssot_strmap_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strmap_get_returns_value_added_under_key),
        cmocka_unit_test(strmap_get_compares_key_text_not_pointer),
        cmocka_unit_test(strmap_missing_key_gives_null_and_zero_count),
        cmocka_unit_test(strmap_list_keeps_insertion_order),
        cmocka_unit_test(strmap_keeps_every_key_through_growth),
        cmocka_unit_test(strmap_empty_string_is_a_valid_key),
        cmocka_unit_test(strmap_free_accepts_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
