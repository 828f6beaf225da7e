/* analyzer/diff/kinds.c - the names and directions of `ssot diff`'s delta kinds. */
#include "analyzer/diff/kinds.h"

#include <string.h>

static const char *const names[SSOT_DELTA_KIND_COUNT + 1] = {
    [SSOT_DELTA_TEST_REMOVED] = "test-removed",
    [SSOT_DELTA_ASSERTION_REMOVED] = "assertion-removed",
    [SSOT_DELTA_ASSERTION_WEAKENED] = "assertion-weakened",
    [SSOT_DELTA_ALWAYS_TRUE_ADDED] = "always-true-added",
    [SSOT_DELTA_TEST_SKIPPED] = "test-skipped",
    [SSOT_DELTA_TEST_EMPTIED] = "test-emptied",
    [SSOT_DELTA_TEST_STUBBED] = "test-stubbed",
    [SSOT_DELTA_PLACEHOLDER_ADDED] = "placeholder-added",
    [SSOT_DELTA_SERVICE_DOUBLE_ADDED] = "service-double-added",
    [SSOT_DELTA_SINGLETON_ADDED] = "singleton-added",
    [SSOT_DELTA_DUPLICATE_ADDED] = "duplicate-added",
    [SSOT_DELTA_CONTRACT_UNCOVERED] = "contract-uncovered",
    [SSOT_DELTA_TEST_ADDED] = "test-added",
    [SSOT_DELTA_ASSERTION_ADDED] = "assertion-added",
    [SSOT_DELTA_ASSERTION_STRENGTHENED] = "assertion-strengthened",
    [SSOT_DELTA_TEST_UNSKIPPED] = "test-unskipped",
    [SSOT_DELTA_PLACEHOLDER_FIXED] = "placeholder-fixed",
    [SSOT_DELTA_FINDING_FIXED] = "finding-fixed",
    [SSOT_DELTA_KIND_COUNT] = NULL,
};

static const char *const labels[SSOT_DELTA_KIND_COUNT] = {
    [SSOT_DELTA_TEST_REMOVED] = "tests removed",
    [SSOT_DELTA_ASSERTION_REMOVED] = "assertions removed",
    [SSOT_DELTA_ASSERTION_WEAKENED] = "assertions weakened",
    [SSOT_DELTA_ALWAYS_TRUE_ADDED] = "always-true assertions added",
    [SSOT_DELTA_TEST_SKIPPED] = "tests newly skipped",
    [SSOT_DELTA_TEST_EMPTIED] = "tests emptied",
    [SSOT_DELTA_TEST_STUBBED] = "tests stubbed",
    [SSOT_DELTA_PLACEHOLDER_ADDED] = "placeholder findings added",
    [SSOT_DELTA_SERVICE_DOUBLE_ADDED] = "doubles added in real-service scopes",
    [SSOT_DELTA_SINGLETON_ADDED] = "singletons added",
    [SSOT_DELTA_DUPLICATE_ADDED] = "duplicate definitions added",
    [SSOT_DELTA_CONTRACT_UNCOVERED] = "contract values left unasserted",
    [SSOT_DELTA_TEST_ADDED] = "tests added",
    [SSOT_DELTA_ASSERTION_ADDED] = "assertions added",
    [SSOT_DELTA_ASSERTION_STRENGTHENED] = "assertions strengthened",
    [SSOT_DELTA_TEST_UNSKIPPED] = "tests no longer skipped",
    [SSOT_DELTA_PLACEHOLDER_FIXED] = "placeholder findings fixed",
    [SSOT_DELTA_FINDING_FIXED] = "other findings fixed",
};

const char *ssot_delta_kind_name(ssot_delta_kind kind)
{
    return kind < SSOT_DELTA_KIND_COUNT ? names[kind] : "?";
}

const char *ssot_delta_kind_label(ssot_delta_kind kind)
{
    return kind < SSOT_DELTA_KIND_COUNT ? labels[kind] : "?";
}

bool ssot_delta_kind_weakens(ssot_delta_kind kind)
{
    return kind < SSOT_DELTA_TEST_ADDED;
}

bool ssot_delta_kind_parse(const char *name, ssot_delta_kind *out)
{
    for (int k = 0; k < SSOT_DELTA_KIND_COUNT; k++)
        if (!strcmp(names[k], name)) {
            *out = (ssot_delta_kind)k;
            return true;
        }
    return false;
}

const char *const *ssot_delta_kind_names(void)
{
    return names;
}
