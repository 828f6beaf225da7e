/* tests/test_run_cache.c - the kept run's findings (analyzer/engine/run_cache.c) and the
 * facts cache's metadata table (analyzer/facts/cache_meta.c): what is written reads back
 * the same, and bytes cut short or changed anywhere are refused whole, leaving nothing
 * behind. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/engine/run_cache.h"
#include "analyzer/facts/cache_meta.h"

enum { FILES = 3 };

static const ssot_rule *registry_rule(void *ctx, size_t file, const char *code)
{
    (void)ctx;
    (void)file;
    const ssot_rule *rule = ssot_rule_find(code);
    return rule && !strcmp(rule->code, code) ? rule : NULL;
}

static void init_sinks(ssot_sink *sinks)
{
    static const char *const paths[FILES] = {"app/a.py", "tests/test_b.py", "odd\tname.py"};
    for (size_t i = 0; i < FILES; i++) {
        ssot_sink_init(&sinks[i], paths[i]);
        ssot_sink_set_root(&sinks[i], NULL);
    }
}

static void fini_sinks(ssot_sink *sinks)
{
    for (size_t i = 0; i < FILES; i++)
        ssot_sink_fini(&sinks[i]);
}

/* Findings in the first and last file, one with related places, one suppressed. */
static unsigned char *sample(size_t *len)
{
    ssot_sink sinks[FILES];
    init_sinks(sinks);
    ssot_loc loc = {{3, 5, 3, 9}, "def f():"};
    sinks[0].rule = ssot_rule_find("DD002");
    ssot_sink_report(&sinks[0], &loc, "f", "`f` has the same body as `g` (%s)", "b.py:1");
    ssot_sink_relate(&sinks[0], "b.py", &loc, "the likely canonical one");
    ssot_sink_relate(&sinks[0], "c.py", &loc, NULL);
    sinks[2].rule = ssot_rule_find("PH001");
    ssot_sink_report(&sinks[2], &loc, "test_x", "test `test_x` has an empty body");
    sinks[2].items[0].suppressed = true;
    ssot_file_stats stats[FILES] = {{120, 0, true}, {0, 0, false}, {7, 2, true}};
    unsigned char *data = ssot_run_cache_write(sinks, stats, FILES, len);
    fini_sinks(sinks);
    return data;
}

static void run_cache_round_trips(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = sample(&len);
    ssot_sink sinks[FILES];
    ssot_file_stats stats[FILES];
    init_sinks(sinks);
    assert_true(ssot_run_cache_read(data, len, sinks, stats, FILES, registry_rule, NULL));
    assert_int_equal(stats[0].lines, 120);
    assert_int_equal(stats[2].tests, 2);
    assert_true(stats[2].checked && !stats[1].checked);
    assert_int_equal(sinks[0].count, 1);
    assert_int_equal(sinks[1].count, 0);
    assert_int_equal(sinks[2].count, 1);
    const ssot_diag *d = &sinks[0].items[0];
    assert_string_equal(d->rule->code, "DD002");
    assert_string_equal(d->message, "`f` has the same body as `g` (b.py:1)");
    assert_string_equal(d->root_path, "app/a.py");
    assert_int_equal(d->span.col, 5);
    assert_int_equal(d->related_count, 2);
    assert_string_equal(d->related[0].message, "the likely canonical one");
    assert_string_equal(d->related[1].path, "c.py");
    assert_true(sinks[2].items[0].suppressed);
    assert_string_equal(sinks[2].items[0].path, "odd\\tname.py");
    size_t again_len;
    unsigned char *again = ssot_run_cache_write(sinks, stats, FILES, &again_len);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, data, len);
    free(again);
    fini_sinks(sinks);
    free(data);
}

static void run_cache_refuses_damaged_bytes(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = sample(&len);
    ssot_sink sinks[FILES];
    ssot_file_stats stats[FILES];
    for (size_t cut = 0; cut < len; cut++) {
        init_sinks(sinks);
        assert_false(
            ssot_run_cache_read(data, cut, sinks, stats, FILES, registry_rule, NULL));
        for (size_t i = 0; i < FILES; i++)
            assert_true(sinks[i].count == 0 && stats[i].lines == 0);
        fini_sinks(sinks);
    }
    for (size_t at = 0; at < len; at++) {
        data[at] ^= 0x41;
        init_sinks(sinks);
        assert_false(
            ssot_run_cache_read(data, len, sinks, stats, FILES, registry_rule, NULL));
        fini_sinks(sinks);
        data[at] ^= 0x41;
    }
    /* another file count: another run */
    ssot_sink more[FILES + 1];
    ssot_file_stats more_stats[FILES + 1];
    for (size_t i = 0; i <= FILES; i++)
        ssot_sink_init(&more[i], "x.py");
    assert_false(
        ssot_run_cache_read(data, len, more, more_stats, FILES + 1, registry_rule, NULL));
    for (size_t i = 0; i <= FILES; i++)
        ssot_sink_fini(&more[i]);
    free(data);
}

static void metadata_table_round_trips_and_refuses_damage(void **state)
{
    (void)state;
    char dir[] = "/tmp/ssot-meta-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/files", dir);
    struct stat st = {0};
    st.st_dev = 7;
    st.st_ino = 42;
    st.st_size = 100;
    st.st_mtim.tv_sec = 1700000000;
    st.st_mtim.tv_nsec = 5;
    ssot_cache_meta *m = ssot_cache_meta_load(path); /* none yet: empty */
    assert_int_equal(ssot_cache_meta_count(m), 0);
    ssot_cache_meta_note(m, "pkg/a.py", &st, (ssot_text_hash){1, 2}, 33);
    ssot_cache_meta_save_free(m, path);

    m = ssot_cache_meta_load(path);
    ssot_text_hash h;
    uint32_t lines = 0;
    assert_true(ssot_cache_meta_find(m, "pkg/a.py", &st, &h, &lines));
    assert_true(h.hi == 1 && h.lo == 2 && lines == 33);
    struct stat other = st;
    other.st_mtim.tv_nsec = 6; /* touched: hashed again */
    assert_false(ssot_cache_meta_find(m, "pkg/a.py", &other, &h, &lines));
    other = st;
    other.st_ino = 43; /* replaced by a rename */
    assert_false(ssot_cache_meta_find(m, "pkg/a.py", &other, &h, &lines));
    assert_false(ssot_cache_meta_find(m, "pkg/b.py", &st, &h, &lines));
    ssot_cache_meta_save_free(m, NULL);

    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char buf[512];
    size_t len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    for (size_t cut = 0; cut < len; cut++) {
        m = ssot_cache_meta_new();
        assert_false(ssot_cache_meta_parse(m, buf, cut));
        ssot_cache_meta_save_free(m, NULL);
    }
    for (size_t at = 0; at < len; at++) {
        buf[at] ^= 0x10;
        m = ssot_cache_meta_new();
        assert_false(ssot_cache_meta_parse(m, buf, len));
        ssot_cache_meta_save_free(m, NULL);
        buf[at] ^= 0x10;
    }
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_cache_round_trips),
        cmocka_unit_test(run_cache_refuses_damaged_bytes),
        cmocka_unit_test(metadata_table_round_trips_and_refuses_damage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
