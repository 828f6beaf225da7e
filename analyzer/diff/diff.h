/* analyzer/diff/diff.h - `ssot diff BASE [HEAD]`: what a change did to the tests. Each side
 * is analysed as a whole project (the base side from git's object database); tests are
 * matched by file and qualified name, renamed files followed; the deltas say per test what
 * got weaker or stronger, and the writers turn them into text, JSON, Markdown or SARIF. */
#ifndef SSOT_ANALYZER_DIFF_H
#define SSOT_ANALYZER_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analyzer/base/alloc.h"
#include "analyzer/diff/kinds.h"
#include "analyzer/engine/diag.h"
#include "analyzer/facts/facts.h"

/* One assertion of a test, as the diff compares it. Strings borrowed from the side. */
typedef struct ssot_diff_check {
    ssot_assert_kind kind;
    ssot_check_form form;
    uint32_t flags;          /* SSOT_AF_* */
    uint32_t row;
    const char *callee;      /* NULL for `assert` */
    const char *exception;   /* raises checks: the exception named, NULL when none */
    const char *text;        /* the normalised first line */
} ssot_diff_check;

/* One collected test of one side. */
typedef struct ssot_diff_test {
    const char *path;        /* as shown, relative to the current folder */
    const char *symbol;      /* `TestAuth.test_login` */
    uint32_t row;            /* the `def` line */
    bool never_runs;         /* skipped by itself, its class or its module */
    ssot_body_shape shape;
    bool todo;               /* a TODO/FIXME comment in an otherwise empty body */
    bool helper_asserts;     /* a call resolves to an asserting helper (A6-A8) */
    ssot_diff_check *checks; size_t check_count;
} ssot_diff_test;

/* One thing the change did. Strings live in the result's arena (or are static). */
typedef struct ssot_delta {
    ssot_delta_kind kind;
    const char *path;        /* the head side's file (the base side's for what is gone) */
    const char *symbol;      /* the test, or the finding's symbol; "" when none */
    uint32_t row;
    const char *code;        /* the rule of a finding delta, else NULL */
    const char *before;      /* the base side's text (an assertion), else NULL */
    const char *after;       /* the head side's text, else NULL */
    const char *message;     /* one sentence */
    const ssot_diag *diag;   /* a new finding (borrowed from the head run), else NULL */
} ssot_delta;

typedef struct ssot_delta_list {
    ssot_delta *items;       /* owned */
    size_t count, cap;
    ssot_arena *arena;       /* owned: the deltas' strings */
} ssot_delta_list;

/* Where a summary stands. */
typedef enum ssot_diff_verdict {
    SSOT_DIFF_UNCHANGED = 0, /* no delta */
    SSOT_DIFF_STRONGER,      /* only strengthening deltas */
    SSOT_DIFF_WEAKER,        /* only weakening deltas */
    SSOT_DIFF_MIXED,         /* both */
} ssot_diff_verdict;

typedef struct ssot_diff_summary {
    size_t counts[SSOT_DELTA_KIND_COUNT];
    size_t weaker, stronger;  /* deltas of each direction */
    size_t failing;           /* deltas of a kind `fail-on` forbids */
    size_t base_tests, head_tests;
    ssot_diff_verdict verdict;
} ssot_diff_summary;

/* What the writers are given. */
typedef struct ssot_diff_output {
    const char *base_rev;     /* as given: `origin/main` */
    const char *head_rev;     /* as given, or NULL for the work tree */
    char base_id[16];         /* abbreviated commit ids */
    char head_id[16];         /* "" for the work tree */
    const ssot_delta_list *deltas; /* sorted: weaker first, then by path, line */
    ssot_diff_summary summary;
    const bool *fail_on;      /* per kind */
    const char *root;         /* absolute project root, for SARIF */
    const char *docs_url;
    const struct ssot_rule *const *rules; /* the head run's rules (SARIF) */
    size_t rule_count;
    bool color;
} ssot_diff_output;

void ssot_delta_list_init(ssot_delta_list *list);
void ssot_delta_list_fini(ssot_delta_list *list);
/* Append a delta; strings are copied into the list's arena (NULL stays NULL). */
ssot_delta *ssot_delta_add(ssot_delta_list *list, ssot_delta_kind kind, const char *path,
                           const char *symbol, uint32_t row, const char *before,
                           const char *after, const char *message);
/* Sort: weakening kinds first, then by path, line, kind. */
void ssot_delta_list_sort(ssot_delta_list *list);

/* The deltas of one test: `base` or `head` may be NULL (added, removed). Pure. */
void ssot_diff_classify_test(const ssot_diff_test *base, const ssot_diff_test *head,
                             ssot_delta_list *out);
/* The summary of `deltas` under `fail_on` (per kind; NULL: nothing fails). */
void ssot_diff_summarize(const ssot_delta_list *deltas, const bool *fail_on,
                         ssot_diff_summary *out);
/* "stronger", "weaker", "mixed", "unchanged". */
const char *ssot_diff_verdict_name(ssot_diff_verdict verdict);

/* Writers: return 0, or -1 when writing failed. */
int ssot_diff_write_text(FILE *out, const ssot_diff_output *o);
int ssot_diff_write_json(FILE *out, const ssot_diff_output *o);
int ssot_diff_write_markdown(FILE *out, const ssot_diff_output *o);
int ssot_diff_write_sarif(FILE *out, const ssot_diff_output *o);
/* The writer of a format (text, json, markdown, sarif), or NULL. */
typedef int (*ssot_diff_writer)(FILE *out, const ssot_diff_output *o);
ssot_diff_writer ssot_diff_writer_find(const char *format);

#endif /* SSOT_ANALYZER_DIFF_H */
