/* analyzer/diff/match.c - pair tests and findings across the two sides. Tests pair by path
 * (the base side's mapped through git's renames) and qualified name. Findings pair as
 * multisets: first by rule, path, symbol and message, then by rule, path and symbol (a
 * message that changed with the code); what is left is new or fixed. */
#include "analyzer/diff/match.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"

/* A test that cannot fail on that side (skipped, empty, a stub, nothing that asserts):
 * adding or removing it changes nothing a run can catch; its PH finding coming or going
 * says so instead. */
static bool placeholder(const ssot_diff_test *t)
{
    if (t->never_runs || t->shape != SSOT_BODY_CODE)
        return true;
    if (t->helper_asserts)
        return false;
    for (size_t i = 0; i < t->check_count; i++) {
        uint32_t f = t->checks[i].flags;
        if (!(f & (SSOT_AF_SWALLOWED | SSOT_AF_UNREACHABLE | SSOT_AF_DEFERRED)) &&
            (!(f & SSOT_AF_CONSTANT) || (f & SSOT_AF_EXPLICIT_FAIL)))
            return false;
    }
    return true;
}

/* The one unmatched test of `side` named `symbol`, or -1 (none, or several). */
static ptrdiff_t only_unmatched(const ssot_diff_side *side, const bool *matched,
                                const char *symbol)
{
    ptrdiff_t found = -1;
    for (size_t i = 0; i < side->test_count; i++) {
        if (matched[i] || strcmp(side->tests[i].symbol, symbol))
            continue;
        if (found >= 0)
            return -1;
        found = (ptrdiff_t)i;
    }
    return found;
}

static void match_tests(const ssot_diff_side *base, const ssot_diff_side *head,
                        const ssot_renames *renames, ssot_delta_list *out)
{
    bool *in_base = ssot_calloc(base->test_count + 1, sizeof(*in_base));
    bool *in_head = ssot_calloc(head->test_count + 1, sizeof(*in_head));
    const ssot_diff_test **pair = ssot_calloc(base->test_count + 1, sizeof(*pair));
    /* the same file (followed through git's renames) and qualified name */
    for (size_t i = 0; i < base->test_count; i++) {
        const ssot_diff_test *b = &base->tests[i];
        const ssot_diff_test *h =
            ssot_diff_side_find(head, ssot_renames_to(renames, b->path), b->symbol);
        if (h && !in_head[h - head->tests]) {
            in_base[i] = in_head[h - head->tests] = true;
            pair[i] = h;
        }
    }
    /* a test moved to another file on its own: the one test of that qualified name left on
       each side (`test_login` from tests/test_a.py to tests/auth/test_login.py) */
    for (size_t i = 0; i < base->test_count; i++) {
        if (in_base[i])
            continue;
        ptrdiff_t k = only_unmatched(head, in_head, base->tests[i].symbol);
        if (k < 0 || only_unmatched(base, in_base, base->tests[i].symbol) != (ptrdiff_t)i)
            continue;
        in_base[i] = in_head[k] = true;
        pair[i] = &head->tests[k];
    }
    for (size_t i = 0; i < base->test_count; i++)
        if (pair[i] || !placeholder(&base->tests[i]))
            ssot_diff_classify_test(&base->tests[i], pair[i], out);
    for (size_t k = 0; k < head->test_count; k++)
        if (!in_head[k] && !placeholder(&head->tests[k]))
            ssot_diff_classify_test(NULL, &head->tests[k], out);
    free(pair);
    free(in_base);
    free(in_head);
}

/* What a new finding of this rule means, or false when the diff does not follow it. */
static bool added_kind(const char *code, ssot_delta_kind *kind)
{
    if (!strncmp(code, "PH", 2))
        *kind = SSOT_DELTA_PLACEHOLDER_ADDED;
    else if (!strcmp(code, "MO004"))
        *kind = SSOT_DELTA_SERVICE_DOUBLE_ADDED;
    else if (!strncmp(code, "SG", 2))
        *kind = SSOT_DELTA_SINGLETON_ADDED;
    else if (!strncmp(code, "DD", 2))
        *kind = SSOT_DELTA_DUPLICATE_ADDED;
    else if (!strcmp(code, "SS003"))
        *kind = SSOT_DELTA_CONTRACT_UNCOVERED;
    else
        return false;
    return true;
}

/* A finding as the pairing sees it. */
typedef struct finding {
    const ssot_diag *diag;
    const char *path;   /* the head side's path (the base side's mapped through renames);
                           "" for SS003, whose file is only where the gap is attached */
    bool matched;
} finding;

static size_t collect(const ssot_diff_side *side, const ssot_renames *renames, finding **out)
{
    const ssot_run *run = &side->run;
    *out = ssot_calloc(run->diag_count + 1, sizeof(**out));
    size_t n = 0;
    ssot_delta_kind kind;
    for (size_t i = 0; i < run->diag_count; i++) {
        const ssot_diag *d = run->diags[i];
        if (d->suppressed || !added_kind(d->rule->code, &kind))
            continue;
        const char *path = renames ? ssot_renames_to(renames, d->file) : d->file;
        (*out)[n++] = (finding){d, strcmp(d->rule->code, "SS003") ? path : "", false};
    }
    return n;
}

static bool same(const finding *a, const finding *b, bool message)
{
    return !strcmp(a->diag->rule->code, b->diag->rule->code) && !strcmp(a->path, b->path) &&
           !strcmp(a->diag->symbol, b->diag->symbol) &&
           (!message || !strcmp(a->diag->message, b->diag->message));
}

static void pair(finding *b, size_t nb, finding *h, size_t nh, bool message)
{
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k < nh && !b[i].matched; k++)
            if (!h[k].matched && same(&b[i], &h[k], message))
                b[i].matched = h[k].matched = true;
}

/* The test delta that already says what this finding says (PH001 of an emptied test), or
 * NULL. */
static ssot_delta *told(ssot_delta_list *out, size_t tests, const ssot_diag *d)
{
    static const struct {
        const char *code;
        ssot_delta_kind kind;
    } same_news[] = {
        {"PH001", SSOT_DELTA_TEST_EMPTIED},
        {"PH003", SSOT_DELTA_ALWAYS_TRUE_ADDED},
        {"PH005", SSOT_DELTA_TEST_SKIPPED},
        {"PH006", SSOT_DELTA_TEST_STUBBED},
    };
    for (size_t s = 0; s < sizeof(same_news) / sizeof(*same_news); s++) {
        if (strcmp(d->rule->code, same_news[s].code))
            continue;
        for (size_t i = 0; i < tests; i++) {
            ssot_delta *t = &out->items[i];
            if (t->kind == same_news[s].kind && !strcmp(t->path, d->file) &&
                !strcmp(t->symbol, d->symbol))
                return t;
        }
    }
    return NULL;
}

static void match_findings(const ssot_diff_side *base, const ssot_diff_side *head,
                           const ssot_renames *renames, ssot_delta_list *out)
{
    finding *b, *h;
    size_t nb = collect(base, renames, &b), nh = collect(head, NULL, &h);
    pair(b, nb, h, nh, true);
    pair(b, nb, h, nh, false);
    size_t tests = out->count;
    for (size_t k = 0; k < nh; k++) {
        const ssot_diag *d = h[k].diag;
        ssot_delta_kind kind;
        if (h[k].matched || !added_kind(d->rule->code, &kind))
            continue;
        ssot_delta *same_news = told(out, tests, d);
        if (same_news) { /* one delta, which carries the finding (SARIF lists it) */
            same_news->code = d->rule->code;
            same_news->diag = d;
            continue;
        }
        ssot_delta *x = ssot_delta_add(out, kind, d->file, d->symbol, d->span.row, NULL,
                                       d->snippet, d->message);
        x->code = d->rule->code;
        x->diag = d;
    }
    for (size_t i = 0; i < nb; i++) {
        const ssot_diag *d = b[i].diag;
        if (b[i].matched)
            continue;
        bool ph = !strncmp(d->rule->code, "PH", 2);
        ssot_delta *x = ssot_delta_add(out, ph ? SSOT_DELTA_PLACEHOLDER_FIXED
                                               : SSOT_DELTA_FINDING_FIXED,
                                       ssot_renames_to(renames, d->file), d->symbol,
                                       d->span.row, d->snippet, NULL, d->message);
        x->code = d->rule->code;
    }
    free(b);
    free(h);
}

void ssot_diff_match(const ssot_diff_side *base, const ssot_diff_side *head,
                     const ssot_renames *renames, ssot_delta_list *out)
{
    match_tests(base, head, renames, out);
    match_findings(base, head, renames, out);
    ssot_delta_list_sort(out);
}
