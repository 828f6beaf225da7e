/* tests/fuzz/fuzz_cache.c - the facts cache reader and everything after it. The input is
 * an entry's payload: the target seals it with the header the writer would give it (magic,
 * format, length, checksum), so every input gets past the checksum, and puts it in a cache
 * folder under the key of a small test file. The engine then loads those facts instead of
 * parsing the file, and indexes, resolves and checks them like any others. Seeds are
 * payloads the real writer wrote (tools/fuzz makes them from fixtures/). The findings the
 * run keeps whole and the metadata table are removed first, so every input is loaded. The
 * same bytes are also read lazily (as a changed-files run reads the files it does not
 * report) and every function's body decoded afterwards. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer/facts/cache.h"
#include "analyzer/facts/facts_io.h"
#include "tests/fuzz/fuzz.h"

static const char source[] = "import pytest\n\n\ndef test_x():\n    assert 1\n";

static void put_le(unsigned char *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* The lazy reader's source: the sealed input again. */
static const unsigned char *again;
static size_t again_len;

static unsigned char *fetch_again(const char *where, size_t *len)
{
    (void)where;
    unsigned char *copy = malloc(again_len ? again_len : 1);
    if (!copy)
        abort();
    memcpy(copy, again, again_len);
    *len = again_len;
    return copy;
}

/* Read `sealed` without bodies, then decode each: never a crash, whatever the bytes. */
static void read_lazily(const unsigned char *sealed, size_t len)
{
    again = sealed;
    again_len = len;
    ssot_facts_reader *reader = ssot_facts_reader_new();
    ssot_arena *arena = ssot_arena_new();
    ssot_facts facts = {.path = "test_x.py"};
    ssot_body_source again_source = {fetch_again, "test_x.py"};
    if (ssot_facts_read_lazy(reader, sealed, len, &facts, arena, &again_source))
        for (size_t i = 0; i < facts.function_count; i++)
            ssot_facts_body(&facts, &facts.functions[i]);
    ssot_arena_free(arena);
    ssot_facts_reader_free(reader);
}

/* Remove the metadata table and every kept run from the cache folder. */
static void clear_runs(const char *folder)
{
    DIR *d = opendir(folder);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, "files") != 0 && strncmp(e->d_name, "run-", 4) != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", folder, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char file[512], cache[512], folder[600], entry[700];
    snprintf(file, sizeof(file), "%s", ssot_fuzz_put("test_x.py", (const uint8_t *)source,
                                                     sizeof(source) - 1));
    snprintf(cache, sizeof(cache), "%s", ssot_fuzz_path("cache"));
    snprintf(folder, sizeof(folder), "%s/v%s-f%u", cache, SSOT_VERSION, SSOT_FACTS_FORMAT);
    mkdir(cache, 0777);
    mkdir(folder, 0777);
    ssot_facts key_facts = {.path = file, .role = SSOT_ROLE_TEST, .pytest_file = true};
    ssot_cache_key key = ssot_cache_key_of(ssot_cache_text_hash(source, sizeof(source) - 1),
                                           &key_facts, file, 0);
    snprintf(entry, sizeof(entry), "%s/%016llx%016llx", folder, (unsigned long long)key.hi,
             (unsigned long long)key.lo);

    unsigned char *sealed = malloc(size + 32);
    if (!sealed)
        abort();
    memcpy(sealed, "SSOTFACT", 8);
    put_le(sealed + 8, SSOT_FACTS_FORMAT, 4);
    put_le(sealed + 12, 0, 4);
    put_le(sealed + 16, size, 8);
    if (size)
        memcpy(sealed + 32, data, size);
    put_le(sealed + 24, XXH3_64bits(sealed + 32, size), 8);
    read_lazily(sealed, size + 32);
    FILE *f = fopen(entry, "wb");
    if (!f || fwrite(sealed, 1, size + 32, f) != size + 32 || fclose(f) != 0) {
        perror(entry);
        abort();
    }
    free(sealed);
    /* no kept run (its findings would stand in for these facts) and no metadata row */
    clear_runs(folder);
    ssot_fuzz_check_file(file, SSOT_ROLE_TEST, cache);
    return 0;
}
