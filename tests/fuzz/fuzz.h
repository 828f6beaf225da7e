/* tests/fuzz/fuzz.h - what the fuzz targets share: a private temporary folder for the
 * files the loaders read (removed at exit), and the engine run over one file. Each
 * target defines LLVMFuzzerTestOneInput; libFuzzer or replay.c provides main. */
#ifndef SSOT_TESTS_FUZZ_FUZZ_H
#define SSOT_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer/facts/facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's folder, made on the first call (under $TMPDIR, else /dev/shm or /tmp) and
 * removed with what it holds when the process exits. Aborts when it cannot be made. */
const char *ssot_fuzz_dir(void);

/* `<dir>/<name>` in a static buffer. */
const char *ssot_fuzz_path(const char *name);

/* Write `size` bytes to `<dir>/<name>`, replacing it, and return its path (a static
 * buffer). Aborts on a write error: a fuzz run that cannot write tests nothing. */
const char *ssot_fuzz_put(const char *name, const uint8_t *data, size_t size);

/* Remove every file of the folder (not the folder). */
void ssot_fuzz_clear(void);

/* Run the engine, every rule on (opt-in and preview too), on the one file `path` with
 * `role`, with the facts cache in `cache_dir` (NULL: none). Aborts when the engine
 * cannot run. */
void ssot_fuzz_check_file(const char *path, ssot_role role, const char *cache_dir);

#endif /* SSOT_TESTS_FUZZ_FUZZ_H */
