/* tests/fuzz/fuzz_baseline.c - the baseline reader (JSON, version, fields, fingerprints)
 * on any bytes; a baseline that loads is applied to no findings and asked for its fixed
 * entries, which walk every entry. */
#include <stdlib.h>

#include "analyzer/report/baseline.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = ssot_fuzz_put("baseline.json", data, size);
    ssot_baseline *baseline = NULL;
    char err[512];
    if (ssot_baseline_load(path, &baseline, err, sizeof(err)) == SSOT_OK && baseline) {
        ssot_baseline_apply(baseline, NULL, 0);
        size_t rules_count, fixed_count;
        const ssot_rule *const *rules = ssot_rules(&rules_count);
        const char *checked[] = {"app/x.py", "tests/test_x.py", ""};
        free(ssot_baseline_fixed(baseline, checked, 3, rules, rules_count, &fixed_count));
    }
    ssot_baseline_free(baseline);
    return 0;
}
