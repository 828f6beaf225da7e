/* tests/fuzz/fuzz_config.c - the configuration loaders: the first byte picks the file
 * (ssot.toml, pyproject.toml, or one of pytest's INI files beside an empty ssot.toml),
 * the rest is its text. A loaded configuration is also written back out (`ssot config`)
 * and hashed for the cache key, the two other readers of every field. */
#include <stdio.h>
#include <stdlib.h>

#include "analyzer/facts/cache.h"
#include "analyzer/config/config.h"
#include "tests/fuzz/fuzz.h"

static const char *const names[] = {"ssot.toml", "pyproject.toml", "pytest.ini",
                                    ".pytest.ini", "tox.ini", "setup.cfg"};
enum { NAMES = sizeof(names) / sizeof(*names) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = names[data[0] % NAMES];
    ssot_fuzz_clear();
    ssot_fuzz_put(name, data + 1, size - 1);
    char path[512];
    snprintf(path, sizeof(path), "%s", ssot_fuzz_path(name));
    if (data[0] % NAMES >= 2) /* the INI files are read for a configuration beside them */
        snprintf(path, sizeof(path), "%s", ssot_fuzz_put("ssot.toml", data, 0));
    ssot_config *config = NULL;
    char err[512];
    if (ssot_config_load(path, &config, err, sizeof(err)) == SSOT_OK && config) {
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            ssot_config_write(out, config);
            fclose(out);
        }
        ssot_cache_config_hash(config, NULL);
    }
    ssot_config_free(config);
    return 0;
}
