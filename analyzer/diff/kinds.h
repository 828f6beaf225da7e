/* analyzer/diff/kinds.h - what `ssot diff` can find a change did to the tests: the kinds of
 * delta, their names (the `[diff] fail-on` vocabulary) and which way each moves the suite. */
#ifndef SSOT_ANALYZER_DIFF_KINDS_H
#define SSOT_ANALYZER_DIFF_KINDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum ssot_delta_kind {
    /* the suite got weaker */
    SSOT_DELTA_TEST_REMOVED = 0,     /* a collected test is gone (or no longer collected) */
    SSOT_DELTA_ASSERTION_REMOVED,    /* a test checks less: an assertion (or the asserting
                                        helper it called) is gone */
    SSOT_DELTA_ASSERTION_WEAKENED,   /* `assert x == 3` became `assert x`; a specific
                                        exception became `Exception` */
    SSOT_DELTA_ALWAYS_TRUE_ADDED,    /* an assertion that cannot fail appeared */
    SSOT_DELTA_TEST_SKIPPED,         /* a test that ran no longer runs */
    SSOT_DELTA_TEST_EMPTIED,         /* a test body became `pass`, `...` or a docstring */
    SSOT_DELTA_TEST_STUBBED,         /* a test body became `raise NotImplementedError`, a TODO */
    SSOT_DELTA_PLACEHOLDER_ADDED,    /* a new PH finding */
    SSOT_DELTA_SERVICE_DOUBLE_ADDED, /* a new double of a service boundary in a real-services
                                        scope (MO004) */
    SSOT_DELTA_SINGLETON_ADDED,      /* a new SG finding */
    SSOT_DELTA_DUPLICATE_ADDED,      /* a new DD finding */
    SSOT_DELTA_CONTRACT_UNCOVERED,   /* a contract value lost its last assertion (SS003) */
    /* the suite got stronger */
    SSOT_DELTA_TEST_ADDED,
    SSOT_DELTA_ASSERTION_ADDED,
    SSOT_DELTA_ASSERTION_STRENGTHENED,
    SSOT_DELTA_TEST_UNSKIPPED,
    SSOT_DELTA_PLACEHOLDER_FIXED,
    SSOT_DELTA_FINDING_FIXED,        /* an SG, DD, MO004 or SS003 finding is gone */
    SSOT_DELTA_KIND_COUNT
} ssot_delta_kind;

/* The kind's name: `assertion-removed`. Can't fail for a valid kind. */
const char *ssot_delta_kind_name(ssot_delta_kind kind);
/* A short plural label for summaries: "assertions removed". */
const char *ssot_delta_kind_label(ssot_delta_kind kind);
/* Does this kind make the suite weaker? */
bool ssot_delta_kind_weakens(ssot_delta_kind kind);
/* The kind named `name`; false when none is. */
bool ssot_delta_kind_parse(const char *name, ssot_delta_kind *out);
/* Every name, NULL-terminated, for did-you-mean and documentation. */
const char *const *ssot_delta_kind_names(void);

#endif /* SSOT_ANALYZER_DIFF_KINDS_H */
