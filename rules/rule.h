/* rules/rule.h - what a rule is: its metadata and one check over facts. */
#ifndef SSOT_RULES_RULE_H
#define SSOT_RULES_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/engine/diag.h"
#include "analyzer/facts/facts.h"

typedef enum ssot_scope {
    SSOT_SCOPE_FILE = 0, /* runs over one file's facts */
    SSOT_SCOPE_PROJECT,  /* runs over the cross-file index */
    SSOT_SCOPE_RUN,      /* reported by the engine about the run itself (E codes) */
} ssot_scope;

typedef struct ssot_rule {
    const char *code;      /* "PH001" */
    const char *name;      /* "empty-test" */
    const char *summary;   /* one line */
    const char *why;       /* why it matters */
    const char *bad;       /* an example it flags */
    const char *good;      /* what to write instead */
    /* the same in JavaScript/TypeScript, NULL when the rule has no JS/TS form */
    const char *bad_js;
    const char *good_js;
    const char *no_js;     /* why the rule has no JS/TS form, NULL when it has one */
    /* the same in C or C++, NULL when the rule has no C/C++ example */
    const char *bad_c;
    const char *good_c;
    const char *not_flagged; /* what it deliberately leaves alone, may be NULL */
    ssot_severity severity;
    ssot_scope scope;
    bool opt_in;           /* off unless selected by code */
    /* Non-NULL for a preview rule: measured below 0.90 precision on real code (tools/eval), so
     * off unless selected by code or `--preview`/`preview = true`; the text says why. */
    const char *preview;
    void (*check_file)(const ssot_facts *facts, ssot_sink *sink);
} ssot_rule;

/* A rule's precision measured on the labelled corpus (rules/precision.def, written by
 * tools/eval --write-precision). */
typedef struct ssot_rule_precision {
    const char *code;
    unsigned judged, right;     /* judged findings, and how many of them were right */
    unsigned positives, found;  /* labelled real problems, and how many the rule reported */
} ssot_rule_precision;

/* The measured figures of a rule, or NULL when the corpus holds no judged finding of it. */
const ssot_rule_precision *ssot_rule_precision_of(const char *code);
/* The projects and commits the figures were measured on (one line). */
const char *ssot_rule_precision_corpus(void);

/* Every rule, sorted by code. */
const ssot_rule *const *ssot_rules(size_t *count);
/* A rule by code ("PH001") or name ("empty-test"); NULL when there is none. */
const ssot_rule *ssot_rule_find(const char *code_or_name);
/* The registry position of a rule (for selection bitsets). */
size_t ssot_rule_index(const ssot_rule *rule);

/* Does the test never run: skipped by its own decorators or first statement, its class (or
 * an enclosing one), or its module (PH005)? The per-statement placeholder rules leave such
 * tests to PH005, which reports them once. */
bool ssot_rule_test_never_runs(const ssot_facts *facts, const ssot_function *test);

/* One past the file's last function; `functions` itself when there are none (it may be
 * NULL, and NULL + 0 is undefined in C). */
static inline const ssot_function *ssot_rule_functions_end(const ssot_facts *facts)
{
    return facts->function_count ? facts->functions + facts->function_count : facts->functions;
}

/* Test iteration helper for file rules: collected tests only, and none whose text
 * overlaps a syntax error (SSOT_FF_SYNTAX_ERROR: its statements are error recovery's, and
 * E003 already reports the file). */
#define SSOT_FOR_EACH_TEST(facts, fn)                                                              \
    for (const ssot_function *fn = (facts)->functions,                                             \
                             *fn##_end = ssot_rule_functions_end(facts);                           \
         fn != fn##_end; fn++)                                                                     \
        if (fn->collected && !(fn->flags & SSOT_FF_SYNTAX_ERROR))

/* The same over collected tests that run: what per-statement rules look at. */
#define SSOT_FOR_EACH_RUN_TEST(facts, fn)                                                          \
    SSOT_FOR_EACH_TEST(facts, fn)                                                                  \
    if (!ssot_rule_test_never_runs(facts, fn))

#endif /* SSOT_RULES_RULE_H */
