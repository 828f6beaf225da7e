/* analyzer/testid.c - which classes and functions are tests, and which calls assert.
 * Names are resolved the way a reader would: the same file first, then the project. */
#include "analyzer/testid.h"

#include <fnmatch.h>
#include <string.h>

#include "analyzer/assertions.h"

enum { MEMO_UNKNOWN = 0, MEMO_NO = 1, MEMO_YES = 2, MEMO_BUSY = 3 };
enum { HELPER_DEPTH = 3 };

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool ssot_testid_is_pytest_file(const char *path)
{
    const char *b = base_name(path);
    return fnmatch("test_*.py", b, 0) == 0 || fnmatch("*_test.py", b, 0) == 0;
}

bool ssot_testid_is_test_path(const char *path)
{
    if (ssot_testid_is_pytest_file(path) || strcmp(base_name(path), "conftest.py") == 0)
        return true;
    /* any folder named test or tests on the way */
    const char *p = path;
    while (*p) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        size_t n = (size_t)(slash - p);
        if ((n == 4 && !strncmp(p, "test", 4)) || (n == 5 && !strncmp(p, "tests", 5)))
            return true;
        p = slash + 1;
    }
    return false;
}

bool ssot_testid_is_testcase_root(const char *name)
{
    static const char *const roots[] = {
        "TestCase", "IsolatedAsyncioTestCase", "SimpleTestCase", "TransactionTestCase",
        "LiveServerTestCase", "StaticLiveServerTestCase", "APITestCase", "APISimpleTestCase",
        "APITransactionTestCase", "APILiveServerTestCase", "AsyncTestCase", "AsyncHTTPTestCase",
        "AioHTTPTestCase", NULL,
    };
    for (const char *const *r = roots; *r; r++)
        if (!strcmp(name, *r))
            return true;
    return false;
}

/* ---- classes ---- */

static const uint32_t *candidates(const ssot_index *idx, const ssot_strmap *map,
                                  const char *name, size_t *count)
{
    return ssot_strmap_get(map, name, count);
}

static bool reaches_testcase(ssot_index *idx, uint32_t at, int depth);

/* The classes a base name refers to: those in the same file when there are any, else
 * every class of that name in the project. Calls `fn` on each; stops when it returns true. */
static bool any_base_class(ssot_index *idx, const ssot_facts *facts, const char *base,
                           bool (*fn)(ssot_index *, uint32_t, int), int depth)
{
    size_t n;
    const uint32_t *list = candidates(idx, idx->class_by_name, ssot_last_segment(base), &n);
    bool local = false;
    for (size_t i = 0; i < n; i++)
        if (idx->classes.items[list[i]].facts == facts)
            local = true;
    for (size_t i = 0; i < n; i++) {
        if (local && idx->classes.items[list[i]].facts != facts)
            continue;
        if (fn(idx, list[i], depth + 1))
            return true;
    }
    return false;
}

static bool reaches_testcase(ssot_index *idx, uint32_t at, int depth)
{
    ssot_index_class *e = &idx->classes.items[at];
    if (e->state == MEMO_YES)
        return true;
    if (e->state != MEMO_UNKNOWN || depth > 64)
        return false; /* no, or a cycle */
    e->state = MEMO_BUSY;
    bool yes = false;
    for (size_t b = 0; b < e->cls->base_count && !yes; b++) {
        const char *base = e->cls->bases[b];
        if (ssot_testid_is_testcase_root(ssot_last_segment(base)))
            yes = true;
        else
            yes = any_base_class(idx, e->facts, base, reaches_testcase, depth);
    }
    idx->classes.items[at].state = yes ? MEMO_YES : MEMO_NO;
    return yes;
}

static bool is_pytest_class(const ssot_facts *facts, const ssot_class *k)
{
    return facts->pytest_file && !strncmp(k->name, "Test", 4) && !(k->flags & SSOT_KF_HAS_INIT) &&
           !(k->flags & SSOT_KF_NESTED);
}

static bool mark_mixin(ssot_index *idx, uint32_t at, int depth)
{
    ssot_index_class *e = &idx->classes.items[at];
    if (e->cls->is_test_class || e->cls->is_mixin || depth > 64)
        return false;
    e->cls->is_mixin = true;
    for (size_t b = 0; b < e->cls->base_count; b++)
        any_base_class(idx, e->facts, e->cls->bases[b], mark_mixin, depth);
    return false; /* visit every candidate */
}

static void resolve_classes(ssot_index *idx)
{
    for (uint32_t i = 0; i < idx->classes.count; i++) {
        ssot_index_class *e = &idx->classes.items[i];
        ssot_class *k = e->cls;
        bool unit = reaches_testcase(idx, i, 0);
        bool py = is_pytest_class(e->facts, k);
        /* a nested class is collected only inside a collected class */
        if (k->outer_index >= 0 && !e->facts->classes[k->outer_index].is_test_class)
            unit = py = false;
        if ((unit || py) && !(k->flags & SSOT_KF_TEST_FALSE) && !e->facts->module_test_false) {
            k->is_test_class = true;
            k->framework = unit ? SSOT_FRAMEWORK_UNITTEST : SSOT_FRAMEWORK_PYTEST;
        }
    }
    for (uint32_t i = 0; i < idx->classes.count; i++) {
        ssot_index_class *e = &idx->classes.items[i];
        if (!e->cls->is_test_class)
            continue;
        for (size_t b = 0; b < e->cls->base_count; b++)
            any_base_class(idx, e->facts, e->cls->bases[b], mark_mixin, 0);
    }
}

/* ---- assertion helpers (A7/A8) ---- */

static bool satisfies(ssot_index *idx, uint32_t at, int depth);

/* Does the call assert, through a project helper (A7) or by its name (A8)? */
static bool call_asserts(ssot_index *idx, const ssot_facts *facts, const ssot_call *call,
                         int depth)
{
    size_t n;
    const uint32_t *list = candidates(idx, idx->fn_by_name, call->name, &n);
    bool local = false, resolved = false;
    for (size_t i = 0; i < n; i++) {
        const ssot_index_fn *e = &idx->fns.items[list[i]];
        bool is_method = (e->fn->flags & SSOT_FF_METHOD) != 0;
        if (e->facts == facts && is_method == (call->receiver == SSOT_RECEIVER_SELF))
            local = true;
    }
    for (size_t i = 0; i < n; i++) {
        const ssot_index_fn *e = &idx->fns.items[list[i]];
        bool is_method = (e->fn->flags & SSOT_FF_METHOD) != 0;
        if (call->receiver == SSOT_RECEIVER_NAME && is_method)
            continue;
        if (call->receiver == SSOT_RECEIVER_SELF && !is_method)
            continue;
        if (local && e->facts != facts)
            continue;
        resolved = true;
        if (depth < HELPER_DEPTH && satisfies(idx, list[i], depth + 1))
            return true;
    }
    return !resolved && ssot_assertion_is_named_check(call->name);
}

static bool satisfies(ssot_index *idx, uint32_t at, int depth)
{
    ssot_index_fn *e = &idx->fns.items[at];
    uint8_t *memo = &e->memo[depth];
    if (*memo == MEMO_YES)
        return true;
    if (*memo != MEMO_UNKNOWN)
        return false;
    *memo = MEMO_BUSY;
    bool yes = e->fn->assert_count > 0;
    for (size_t i = 0; !yes && i < e->fn->call_count; i++)
        yes = call_asserts(idx, e->facts, &e->fn->calls[i], depth);
    idx->fns.items[at].memo[depth] = yes ? MEMO_YES : MEMO_NO;
    return yes;
}

static bool fixture_asserts(ssot_index *idx, const char *param)
{
    size_t n;
    const uint32_t *list = candidates(idx, idx->fixture_by_name, param, &n);
    for (size_t i = 0; i < n; i++)
        if (satisfies(idx, list[i], 1))
            return true;
    return false;
}

static void resolve_function(ssot_index *idx, ssot_facts *facts, ssot_function *fn)
{
    const ssot_class *k = ssot_facts_class_of(facts, fn);
    bool candidate = (fn->flags & SSOT_FF_TEST_NAME) && !(fn->flags & SSOT_FF_FIXTURE);
    if (!candidate || facts->module_test_false)
        return;
    if (k) {
        if (!k->is_test_class && !k->is_mixin)
            return;
        fn->collected = true;
        fn->inherited = k->is_mixin;
        fn->framework = k->is_test_class ? k->framework : SSOT_FRAMEWORK_UNITTEST;
        char *key = ssot_arena_printf(idx->arena, "%s.%s", k->name, fn->name);
        size_t n;
        ssot_strmap_get(idx->overridden, key, &n);
        fn->overridden = n > 0;
    } else {
        if (!facts->pytest_file)
            return;
        fn->collected = true;
        fn->framework = SSOT_FRAMEWORK_PYTEST;
    }
    for (size_t i = 0; i < fn->call_count; i++) {
        if (call_asserts(idx, facts, &fn->calls[i], 0)) {
            fn->resolved_assertion = true;
            if (!(fn->calls[i].flags & SSOT_CF_IN_EXCEPT)) {
                fn->resolved_assertion_outside_except = true;
                break;
            }
        }
    }
    for (size_t i = 0; i < fn->param_count && !fn->resolved_assertion_outside_except; i++) {
        if (fixture_asserts(idx, fn->params[i]))
            fn->resolved_assertion = fn->resolved_assertion_outside_except = true;
    }
}

void ssot_testid_resolve(ssot_index *idx)
{
    resolve_classes(idx);
    for (size_t i = 0; i < idx->fns.count; i++)
        resolve_function(idx, idx->fns.items[i].facts, idx->fns.items[i].fn);
}
