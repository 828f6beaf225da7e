/* tests/fuzz/fuzz_server.c - the language server on any bytes as its input: framing
 * (headers, lengths), JSON, every handler with whatever params arrive, text changes with
 * any UTF-16 positions, code actions. Replies go to /dev/null. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyzer/server/server.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) /* fmemopen refuses an empty buffer on some libcs */
        return 0;
    FILE *out = fopen("/dev/null", "wb");
    if (!out)
        abort();
    git_libgit2_init(); /* counted: cheap after the first call; main() does it in ssot */
    ssot_server_run(in, out, out);
    git_libgit2_shutdown();
    fclose(in);
    fclose(out);
    return 0;
}
