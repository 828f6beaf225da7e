/* analyzer/diff/classify.c - the deltas of one test between two revisions, from its facts on
 * both sides: removed, added, skipped, emptied, stubbed; assertions removed, added,
 * weakened, strengthened, and always-true ones added. Pure: no I/O, no global state. */
#include "analyzer/diff/diff.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

/* Assertions that never fail the test whatever they say: swallowed, unreachable, in a
 * function only returned. They are PH findings of their own; the diff leaves them out. */
enum { INERT = SSOT_AF_SWALLOWED | SSOT_AF_UNREACHABLE | SSOT_AF_DEFERRED };

static bool constant(const ssot_diff_check *c)
{
    return (c->flags & SSOT_AF_CONSTANT) && !(c->flags & SSOT_AF_EXPLICIT_FAIL);
}

/* One exception name, dotted or not: `Exception`, `builtins.BaseException`. */
static bool broad_name(const char *name, size_t n)
{
    const char *start = name;
    for (size_t i = 0; i < n; i++)
        if (name[i] == '.')
            start = name + i + 1;
    size_t k = n - (size_t)(start - name);
    return (k == 9 && !strncmp(start, "Exception", 9)) ||
           (k == 13 && !strncmp(start, "BaseException", 13));
}

/* `Exception`, `BaseException`, a tuple holding one, or no exception named: anything
 * raised passes. */
static bool broad_exception(const char *e)
{
    if (!e || !*e)
        return true;
    for (const char *p = e; *p;) {
        p += strspn(p, "(), ");
        size_t n = strcspn(p, "(), ");
        if (n && broad_name(p, n))
            return true;
        p += n;
    }
    return false;
}

/* How much an assertion claims: a comparison or a specific exception (3), a truth or an
 * unknown call (2), a broad exception (1). */
static int strength(const ssot_diff_check *c)
{
    switch (c->form) {
    case SSOT_CHECK_COMPARISON:
        return 3;
    case SSOT_CHECK_RAISES:
        return broad_exception(c->exception) ? 1 : 3;
    default:
        return 2;
    }
}

static const char *why_weaker(const ssot_diff_check *b, const ssot_diff_check *h)
{
    if (b->form == SSOT_CHECK_RAISES)
        return "a specific exception became a broad one";
    if (b->form == SSOT_CHECK_COMPARISON && h->form == SSOT_CHECK_TRUTH)
        return "a comparison became a truth check";
    return "it claims less";
}

static const char *why_stronger(const ssot_diff_check *b, const ssot_diff_check *h)
{
    if (b->form == SSOT_CHECK_RAISES)
        return "a broad exception became a specific one";
    if (b->form == SSOT_CHECK_TRUTH && h->form == SSOT_CHECK_COMPARISON)
        return "a truth check became a comparison";
    return "it claims more";
}

typedef struct side {
    const ssot_diff_check **items;
    bool *matched;
    size_t count;
} side;

/* The test's live, non-constant assertions (or, `constants`, its constant ones). */
static void collect(const ssot_diff_test *t, bool constants, side *out)
{
    out->items = ssot_calloc(t->check_count + 1, sizeof(*out->items));
    out->matched = ssot_calloc(t->check_count + 1, sizeof(*out->matched));
    out->count = 0;
    for (size_t i = 0; i < t->check_count; i++) {
        const ssot_diff_check *c = &t->checks[i];
        if (!(c->flags & INERT) && constant(c) == constants)
            out->items[out->count++] = c;
    }
}

static void release(side *s)
{
    free(s->items);
    free(s->matched);
}

/* The same assertion on both sides: its first line (the text facts keep), and what it
 * claims (a multi-line `assert (` can change below its first line). */
static bool same_check(const ssot_diff_check *x, const ssot_diff_check *y)
{
    const char *ex = x->exception ? x->exception : "", *ey = y->exception ? y->exception : "";
    return x->form == y->form && !strcmp(x->text, y->text) && !strcmp(ex, ey);
}

/* Mark the assertions both sides hold unchanged. */
static void match_same(side *b, side *h)
{
    for (size_t i = 0; i < b->count; i++)
        for (size_t k = 0; k < h->count; k++)
            if (!h->matched[k] && same_check(b->items[i], h->items[k])) {
                b->matched[i] = h->matched[k] = true;
                break;
            }
}

static bool raises(const ssot_diff_check *c)
{
    return c->form == SSOT_CHECK_RAISES;
}

/* The assertions that changed text, paired in order within their family (raises checks
 * with raises checks): weaker, stronger, or a rewrite that claims as much. */
static void pair_changed(side *b, side *h, const ssot_diff_test *head, ssot_delta_list *out)
{
    for (size_t i = 0; i < b->count; i++) {
        if (b->matched[i])
            continue;
        for (size_t k = 0; k < h->count; k++) {
            if (h->matched[k] || raises(b->items[i]) != raises(h->items[k]))
                continue;
            const ssot_diff_check *x = b->items[i], *y = h->items[k];
            b->matched[i] = h->matched[k] = true;
            int sx = strength(x), sy = strength(y);
            if (sx == sy)
                break;
            bool weaker = sy < sx;
            char *msg = ssot_asprintf("`%s` became `%s` in `%s`: %s", x->text, y->text,
                                      head->symbol, weaker ? why_weaker(x, y) : why_stronger(x, y));
            ssot_delta_add(out, weaker ? SSOT_DELTA_ASSERTION_WEAKENED
                                       : SSOT_DELTA_ASSERTION_STRENGTHENED,
                           head->path, head->symbol, y->row, x->text, y->text, msg);
            free(msg);
            break;
        }
    }
}

static void assertion_deltas(const ssot_diff_test *base, const ssot_diff_test *head,
                             ssot_delta_list *out)
{
    side b, h;
    collect(base, false, &b);
    collect(head, false, &h);
    match_same(&b, &h);
    pair_changed(&b, &h, head, out);
    for (size_t i = 0; i < b.count; i++)
        if (!b.matched[i]) {
            char *msg = ssot_asprintf("`%s` was removed from `%s`", b.items[i]->text,
                                      head->symbol);
            ssot_delta_add(out, SSOT_DELTA_ASSERTION_REMOVED, head->path, head->symbol,
                           head->row, b.items[i]->text, NULL, msg);
            free(msg);
        }
    for (size_t k = 0; k < h.count; k++)
        if (!h.matched[k]) {
            char *msg = ssot_asprintf("`%s` was added to `%s`", h.items[k]->text, head->symbol);
            ssot_delta_add(out, SSOT_DELTA_ASSERTION_ADDED, head->path, head->symbol,
                           h.items[k]->row, NULL, h.items[k]->text, msg);
            free(msg);
        }
    release(&b);
    release(&h);
    /* always-true assertions the base side did not have */
    collect(base, true, &b);
    collect(head, true, &h);
    match_same(&b, &h);
    for (size_t k = 0; k < h.count; k++)
        if (!h.matched[k]) {
            char *msg = ssot_asprintf("`%s` was added to `%s` and cannot fail",
                                      h.items[k]->text, head->symbol);
            ssot_delta_add(out, SSOT_DELTA_ALWAYS_TRUE_ADDED, head->path, head->symbol,
                           h.items[k]->row, NULL, h.items[k]->text, msg);
            free(msg);
        }
    release(&b);
    release(&h);
    if (base->helper_asserts != head->helper_asserts) {
        char *msg = ssot_asprintf(base->helper_asserts
                                      ? "`%s` no longer calls a helper that asserts"
                                      : "`%s` now calls a helper that asserts",
                                  head->symbol);
        ssot_delta_add(out, base->helper_asserts ? SSOT_DELTA_ASSERTION_REMOVED
                                                 : SSOT_DELTA_ASSERTION_ADDED,
                       head->path, head->symbol, head->row, NULL, NULL, msg);
        free(msg);
    }
}

static bool emptied(const ssot_diff_test *t)
{
    return (t->shape == SSOT_BODY_EMPTY || t->shape == SSOT_BODY_DOCSTRING_ONLY) && !t->todo;
}

static bool stubbed(const ssot_diff_test *t)
{
    return t->shape == SSOT_BODY_STUB ||
           ((t->shape == SSOT_BODY_EMPTY || t->shape == SSOT_BODY_DOCSTRING_ONLY) && t->todo);
}

static void test_delta(ssot_delta_list *out, ssot_delta_kind kind, const ssot_diff_test *t,
                       const char *fmt)
{
    char *msg = ssot_asprintf(fmt, t->symbol);
    ssot_delta_add(out, kind, t->path, t->symbol, t->row, NULL, NULL, msg);
    free(msg);
}

void ssot_diff_classify_test(const ssot_diff_test *base, const ssot_diff_test *head,
                             ssot_delta_list *out)
{
    if (!base && !head)
        return;
    if (!head) {
        test_delta(out, SSOT_DELTA_TEST_REMOVED, base, "test `%s` was removed");
        return;
    }
    if (!base) {
        test_delta(out, SSOT_DELTA_TEST_ADDED, head, "test `%s` was added");
        return;
    }
    if (!base->never_runs && head->never_runs) {
        test_delta(out, SSOT_DELTA_TEST_SKIPPED, head, "test `%s` no longer runs: it is skipped");
        return;
    }
    if (base->never_runs && !head->never_runs) {
        test_delta(out, SSOT_DELTA_TEST_UNSKIPPED, head, "test `%s` runs again");
        return;
    }
    if (head->never_runs)
        return; /* skipped on both sides: what it says does not run */
    if (base->shape == SSOT_BODY_CODE && stubbed(head)) {
        test_delta(out, SSOT_DELTA_TEST_STUBBED, head,
                   "test `%s` became a stub (NotImplementedError, a failure or a TODO)");
        return;
    }
    if (base->shape == SSOT_BODY_CODE && emptied(head)) {
        test_delta(out, SSOT_DELTA_TEST_EMPTIED, head, "the body of test `%s` is now empty");
        return;
    }
    assertion_deltas(base, head, out);
}
