/* tests/fuzz/fuzz_suppress.c - suppression comments: each line of the input is parsed as a
 * comment (`# ssot: ignore[...]`, `ignore-file[...]`, `# noqa: ...`), with room for one
 * code and for many. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/engine/suppress.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    char codes[32][16];
    bool file_level;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        ssot_suppress_parse(line, codes, 1, &file_level);
        ssot_suppress_parse(line, codes, 32, &file_level);
    }
    free(text);
    return 0;
}
