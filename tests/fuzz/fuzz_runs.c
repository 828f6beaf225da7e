/* tests/fuzz/fuzz_runs.c - the two other readers of the facts cache folder: a kept run's
 * findings (analyzer/engine/run_cache.c) and the metadata table (analyzer/facts/
 * cache_meta.c). The first byte chooses ('M': the table, anything else: a kept run); the
 * rest is a payload, which the target seals with the header the writer would give it, so
 * that every input gets past the checksum. A kept run is read into as many sinks as its
 * file count says (up to 64), with the registry's rules; what reads back is written again and must read back the same. Seeds
 * are payloads the real writers wrote (tools/fuzz). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/engine/run_cache.h"
#include "analyzer/facts/cache_meta.h"
#include "tests/fuzz/fuzz.h"

enum { MAX_FILES = 64 };

static void put_le(unsigned char *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static unsigned char *seal(const char *magic, uint32_t format, const uint8_t *data, size_t size)
{
    unsigned char *sealed = malloc(size + 32);
    if (!sealed)
        abort();
    memcpy(sealed, magic, 8);
    put_le(sealed + 8, format, 4);
    put_le(sealed + 12, 0, 4);
    put_le(sealed + 16, size, 8);
    if (size)
        memcpy(sealed + 32, data, size);
    put_le(sealed + 24, XXH3_64bits(sealed + 32, size), 8);
    return sealed;
}

static const ssot_rule *registry_rule(void *ctx, size_t file, const char *code)
{
    (void)ctx;
    (void)file;
    const ssot_rule *rule = ssot_rule_find(code);
    return rule && !strcmp(rule->code, code) ? rule : NULL;
}

static void kept_run(const uint8_t *data, size_t size)
{
    unsigned char *sealed = seal("SSOTRUNS", SSOT_RUN_CACHE_FORMAT, data, size);
    size_t files = size >= 4 ? (size_t)(data[0] | data[1] << 8) % MAX_FILES : 1;
    if (size >= 4 && (data[2] || data[3]))
        files = 1; /* a count the reader must refuse */
    ssot_sink sinks[MAX_FILES];
    ssot_file_stats stats[MAX_FILES];
    for (size_t i = 0; i < files; i++) {
        ssot_sink_init(&sinks[i], i ? "tests/test_b.py" : "app/a.py");
        ssot_sink_set_root(&sinks[i], "/project");
    }
    if (ssot_run_cache_read(sealed, size + 32, sinks, stats, files, registry_rule, NULL)) {
        size_t len;
        unsigned char *again = ssot_run_cache_write(sinks, stats, files, &len);
        if (len != size + 32 || memcmp(again, sealed, len) != 0)
            abort(); /* what reads back writes back the same */
        free(again);
    } else {
        for (size_t i = 0; i < files; i++)
            if (sinks[i].count)
                abort(); /* a failed read leaves no finding behind */
    }
    for (size_t i = 0; i < files; i++)
        ssot_sink_fini(&sinks[i]);
    free(sealed);
}

static void metadata_table(const uint8_t *data, size_t size)
{
    unsigned char *sealed = seal("SSOTMETA", 1, data, size);
    ssot_cache_meta *meta = ssot_cache_meta_new();
    ssot_cache_meta_parse(meta, sealed, size + 32);
    ssot_cache_meta_save_free(meta, NULL);
    free(sealed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size && data[0] == 'M')
        metadata_table(data + 1, size - 1);
    else
        kept_run(size ? data + 1 : data, size ? size - 1 : 0);
    return 0;
}
