/* tests/fuzz/fuzz_pack.c - the facts artifact reader (analyzer/facts/pack.c) that `ssot
 * merge` runs on files from other CI jobs. The input is a pack's payload: the target seals
 * it with the header the writer would give it (magic, formats, length, checksum), so every
 * input gets past the checksum; each file's facts are then read back as merge reads them.
 * Seeds are payloads the real writer wrote (tools/fuzz makes them from fixtures/demo). */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts_io.h"
#include "analyzer/facts/pack.h"
#include "tests/fuzz/fuzz.h"

static void put_le(unsigned char *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *sealed = malloc(size + 32);
    if (!sealed)
        abort();
    memcpy(sealed, "SSOTPACK", 8);
    put_le(sealed + 8, SSOT_PACK_FORMAT, 4);
    put_le(sealed + 12, SSOT_FACTS_FORMAT, 4);
    put_le(sealed + 16, size, 8);
    if (size)
        memcpy(sealed + 32, data, size);
    put_le(sealed + 24, XXH3_64bits(sealed + 32, size), 8);
    ssot_pack *pack;
    char err[512];
    if (ssot_pack_parse(sealed, size + 32, "fuzz.pack", &pack, err, sizeof(err)) == SSOT_OK) {
        for (size_t i = 0; i < ssot_pack_count(pack); i++) {
            const ssot_pack_file *f = ssot_pack_file_at(pack, i);
            if (!ssot_pack_path_ok(f->path))
                abort();
            for (size_t k = 0; k < f->finding_count; k++)
                if (!f->findings[k].code || !f->findings[k].loc.snippet ||
                    !f->findings[k].message)
                    abort();
            ssot_arena *arena = ssot_arena_new();
            ssot_facts facts = {0};
            ssot_facts_read(f->facts, f->facts_len, &facts, arena);
            ssot_arena_free(arena);
        }
        ssot_pack_free(pack);
    } else if (!err[0] || strchr(err, '\n')) {
        abort(); /* a rejection is one line */
    }
    free(sealed);
    return 0;
}
