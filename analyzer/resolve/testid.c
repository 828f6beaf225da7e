/* analyzer/resolve/testid.c - which classes and functions are tests, and which calls assert.
 * Names are resolved the way a reader would: the same file first, then the project. */
#include "analyzer/resolve/testid.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/keymap.h"
#include "analyzer/facts/assertions.h"
#include "analyzer/config/config.h"

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

/* Bases that define no tests and no helpers: TestCase roots and builtins. */
static bool is_plain_base(const char *base)
{
    static const char *const builtins[] = {"object", "ABC", "Generic", "Protocol", NULL};
    for (const char *const *w = builtins; *w; w++)
        if (!strcmp(base, *w))
            return true;
    return ssot_testid_is_testcase_root(base);
}

/* Ancestor walks follow bases by name, and a name may stand for many classes: each query
 * visits at most this many classes. */
enum { WALK_BUDGET = 64 };

/* Classes of service files (shallow facts), which the index does not hold: a test class
 * may inherit a TestCase base kept in the package. Built per resolution. */
typedef struct service_class {
    const ssot_facts *facts;
    const ssot_class *cls;
    uint8_t state; /* TestCase reachability memo */
} service_class;

/* The classes an ancestor walk from an index class visits (class_is_or_inherits without a
 * target), computed once per class: the walk is the same whatever it looks for, up to the
 * class it finds. */
typedef struct ancestry {
    const ssot_class **visited; /* NULL: not computed yet */
    size_t count;
} ancestry;

typedef struct resolver {
    ssot_index *idx;
    ssot_strmap *service_by_name; /* name -> services */
    SSOT_VEC(service_class) services;
    ssot_strmap *checking_by_name; /* name -> files: service functions whose body asserts */
    ssot_strmap *file_by_path;     /* path -> files */
    ssot_keymap *file_of;          /* facts pointer -> its range in fn_range */
    struct fn_range { uint32_t first, end; bool sorted; } *fn_range; /* per file: its fns in
                                      idx->fns, and whether by_name and by_class hold their
                                      orders (made when the file is first looked up) */
    uint32_t *by_name;             /* per file range: its fns by (name, index) */
    uint32_t *by_class;            /* per file range: its fns by (class, name, index) */
    ssot_keymap *class_id;         /* class pointer -> index class */
    ssot_keymap *checking_in_file; /* (file, name): a service test function that asserts */
    ancestry *ancestors;           /* per index class */
    ssot_keymap *memo;             /* answers that do not depend on the caller (call_memo) */
    unsigned long busy;            /* cycle cut-offs so far: an answer that met one is not
                                      remembered, as it may differ once the cycle is done */
} resolver;

/* One function of a file, in the order a lookup searches. */
typedef struct fn_order {
    const char *name;
    int32_t class_index;
    uint32_t at; /* in idx->fns */
} fn_order;

static int by_name_then_index(const void *pa, const void *pb)
{
    const fn_order *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->at > b->at) - (a->at < b->at);
}

static int by_class_then_name(const void *pa, const void *pb)
{
    const fn_order *a = pa, *b = pb;
    if (a->class_index != b->class_index)
        return a->class_index < b->class_index ? -1 : 1;
    return by_name_then_index(pa, pb);
}

/* The range of the file behind `facts` in fn_range, its two orders made on first use (a
 * changed-files run looks up the names its few tests call, not every file's); NULL when
 * the index holds no function of it. Sorted arrays of 4-byte indices, not hash maps: the
 * maps' 32-byte slots were 16 MB at 3.4M lines. */
static const struct fn_range *fns_of(resolver *r, const void *facts)
{
    uint32_t f = ssot_keymap_value(r->file_of, ssot_key_of(0, &facts, sizeof(facts)), UINT32_MAX);
    if (f == UINT32_MAX)
        return NULL;
    struct fn_range *range = &r->fn_range[f];
    if (!range->sorted) {
        range->sorted = true;
        uint32_t n = range->end - range->first;
        fn_order *order = ssot_malloc((n + 1) * sizeof(*order));
        for (uint32_t i = 0; i < n; i++) {
            const ssot_function *fn = r->idx->fns.items[range->first + i].fn;
            order[i] = (fn_order){fn->name, fn->class_index, range->first + i};
        }
        qsort(order, n, sizeof(*order), by_name_then_index);
        for (uint32_t i = 0; i < n; i++)
            r->by_name[range->first + i] = order[i].at;
        qsort(order, n, sizeof(*order), by_class_then_name);
        for (uint32_t i = 0; i < n; i++)
            r->by_class[range->first + i] = order[i].at;
        free(order);
    }
    return range;
}

/* The run of `order` (a file's range of by_name or by_class) whose functions are named
 * `name` and (class_index >= -1) defined in that class; ascending in index order. */
static const uint32_t *fns_named(const resolver *r, const struct fn_range *range,
                                 const uint32_t *order, int32_t class_index, const char *name,
                                 size_t *count)
{
    const ssot_index_fn *fns = r->idx->fns.items;
    size_t lo = range->first, hi = range->end;
    while (lo < hi) { /* the first not before (class_index, name) */
        size_t mid = lo + (hi - lo) / 2;
        const ssot_function *fn = fns[order[mid]].fn;
        int c = class_index < -1 || fn->class_index == class_index
                    ? strcmp(fn->name, name)
                    : (fn->class_index < class_index ? -1 : 1);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < range->end && !strcmp(fns[order[end]].fn->name, name) &&
           (class_index < -1 || fns[order[end]].fn->class_index == class_index))
        end++;
    *count = end - lo;
    return end > lo ? &order[lo] : NULL;
}

/* The functions of the file behind `facts` named `name`, ascending. */
static const uint32_t *file_fns(resolver *r, const ssot_facts *facts, const char *name,
                                size_t *count)
{
    const struct fn_range *range = fns_of(r, facts);
    *count = 0;
    return range ? fns_named(r, range, r->by_name, -2, name, count) : NULL;
}

/* The methods of class `k` of `facts` named `name`, ascending. */
static const uint32_t *class_fns(resolver *r, const ssot_facts *facts, const ssot_class *k,
                                 const char *name, size_t *count)
{
    const struct fn_range *range = fns_of(r, facts);
    *count = 0;
    return range ? fns_named(r, range, r->by_class, (int32_t)(k - facts->classes), name, count)
                 : NULL;
}

/* Answers remembered by a key that holds all they depend on. */
enum { ANSWER_UNKNOWN = 0, ANSWER_NO = 1, ANSWER_NO_RESOLVED = 2, ANSWER_YES = 3 };

static bool memo_key(ssot_key *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool memo_key(ssot_key *key, const char *fmt, ...)
{
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return false;
    *key = ssot_key_of(0, buf, (size_t)n);
    return true;
}


/* A base as written in a class statement, and which classes of that name it may be. */
typedef struct base_ref {
    const ssot_facts *facts; /* where the base is written */
    const ssot_class *self;  /* the class that names it: never its own base */
    const char *module;      /* `seq_tests` in `seq_tests.CommonTest`, else NULL */
    size_t module_len;
    bool narrow;             /* some candidate is in that module (or, undotted, this file) */
    bool in_service;         /* only a service class is in that module: skip the others */
} base_ref;

/* Is the file the module `name`: `name.py` or `name/__init__.py`? */
static bool file_is_module(const ssot_facts *f, const char *name, size_t len)
{
    const char *p = f->path;
    const char *slash = strrchr(p, '/');
    const char *b = slash ? slash + 1 : p;
    if (!strncmp(b, name, len) && !strcmp(b + len, ".py"))
        return true;
    if (strcmp(b, "__init__.py") != 0 || !slash)
        return false;
    const char *dir = slash;
    while (dir > p && dir[-1] != '/')
        dir--;
    return (size_t)(slash - dir) == len && !strncmp(dir, name, len);
}

static bool base_in_scope(const base_ref *b, const ssot_facts *f, const ssot_class *k)
{
    if (k == b->self || b->in_service)
        return false;
    if (!b->narrow)
        return true;
    return b->module ? file_is_module(f, b->module, b->module_len) : f == b->facts;
}

/* A service class is in scope when the base names its module, or names none that holds a
 * test-role class. */
static bool service_in_scope(const base_ref *b, const ssot_facts *f, const ssot_class *k)
{
    return k != b->self && (!b->in_service || file_is_module(f, b->module, b->module_len));
}

/* Describe `written` (a base of `self` in `facts`) against its candidates: a dotted base
 * prefers its module, a bare one the same file, when such candidates exist; a module that
 * holds only a service class of that name (`seq_tests.CommonTest`) means that class.
 * `r` may be NULL: test-role classes only. */
static base_ref base_ref_of(const resolver *r, const ssot_index *idx, const ssot_facts *facts,
                            const ssot_class *self, const char *written, const uint32_t *list,
                            size_t n)
{
    base_ref b = {facts, self, NULL, 0, false, false};
    const char *last = ssot_last_segment(written);
    if (last != written) {
        const char *end = last - 1, *start = end;
        while (start > written && start[-1] != '.')
            start--;
        b.module = start;
        b.module_len = (size_t)(end - start);
    }
    for (size_t i = 0; i < n && !b.narrow; i++) {
        const ssot_index_class *e = &idx->classes.items[list[i]];
        if (e->cls == self)
            continue;
        b.narrow = b.module ? file_is_module(e->facts, b.module, b.module_len) : e->facts == facts;
    }
    if (r && b.module && !b.narrow) {
        size_t m;
        const uint32_t *svc = ssot_strmap_get(r->service_by_name, ssot_last_segment(written), &m);
        for (size_t i = 0; i < m && !b.in_service; i++) {
            const service_class *e = &r->services.items[svc[i]];
            b.in_service = e->cls != self && file_is_module(e->facts, b.module, b.module_len);
        }
    }
    return b;
}

static bool reaches_testcase(resolver *r, uint32_t at, int depth);

/* The classes a base of `self` refers to (see base_ref_of). Calls `fn` on each; stops when
 * it returns true. Sets *found when there is any. */
static bool any_base_class(resolver *r, const ssot_facts *facts, const ssot_class *self,
                           const char *base, bool (*fn)(resolver *, uint32_t, int), int depth,
                           bool *found)
{
    ssot_index *idx = r->idx;
    size_t n;
    const uint32_t *list = candidates(idx, idx->class_by_name, ssot_last_segment(base), &n);
    base_ref ref = base_ref_of(r, idx, facts, self, base, list, n);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const ssot_index_class *e = &idx->classes.items[list[i]];
        if (!base_in_scope(&ref, e->facts, e->cls))
            continue;
        any = true;
        if (fn(r, list[i], depth + 1))
            return true;
    }
    if (found)
        *found = any;
    return false;
}

/* A base that makes a class a unittest test class: the built-in TestCase roots, or a base
 * the project names in `required-test-base`. */
static bool is_root(const ssot_facts *facts, const char *name)
{
    if (ssot_testid_is_testcase_root(name))
        return true;
    const ssot_config *c = facts ? facts->config : NULL;
    for (size_t i = 0; c && i < c->required_test_base.count; i++)
        if (!strcmp(ssot_last_segment(c->required_test_base.items[i]), name))
            return true;
    return false;
}

/* pytest's python_classes / python_functions: each entry is a name prefix, or a glob when it
 * holds a glob character. */
static bool pytest_name(const ssot_strlist *patterns, const char *fallback, const char *name)
{
    if (!patterns || !patterns->count)
        return !strncmp(name, fallback, strlen(fallback));
    for (size_t i = 0; i < patterns->count; i++) {
        const char *p = patterns->items[i];
        if (strpbrk(p, "*?[") ? fnmatch(p, name, 0) == 0 : !strncmp(name, p, strlen(p)))
            return true;
    }
    return false;
}

/* Does a service class of that name reach a TestCase root? */
static bool service_reaches_testcase(resolver *r, const char *name, int depth)
{
    size_t n;
    const uint32_t *list = ssot_strmap_get(r->service_by_name, name, &n);
    for (size_t i = 0; i < n; i++) {
        service_class *e = &r->services.items[list[i]];
        if (e->state == MEMO_YES)
            return true;
        if (e->state != MEMO_UNKNOWN || depth > 64)
            continue; /* no, or a cycle */
        e->state = MEMO_BUSY;
        bool yes = false;
        for (size_t b = 0; b < e->cls->base_count && !yes; b++) {
            const char *base = ssot_last_segment(e->cls->bases[b]);
            yes = is_root(e->facts, base) || service_reaches_testcase(r, base, depth + 1);
        }
        r->services.items[list[i]].state = yes ? MEMO_YES : MEMO_NO;
        if (yes)
            return true;
    }
    return false;
}

static bool reaches_testcase(resolver *r, uint32_t at, int depth)
{
    ssot_index_class *e = &r->idx->classes.items[at];
    if (e->state == MEMO_YES)
        return true;
    if (e->state != MEMO_UNKNOWN || depth > 64)
        return false; /* no, or a cycle */
    e->state = MEMO_BUSY;
    bool yes = false;
    for (size_t b = 0; b < e->cls->base_count && !yes; b++) {
        const char *base = e->cls->bases[b];
        bool found = false;
        if (is_root(e->facts, ssot_last_segment(base)))
            yes = true;
        else
            yes = any_base_class(r, e->facts, e->cls, base, reaches_testcase, depth, &found);
        if (!yes && !found)
            yes = service_reaches_testcase(r, ssot_last_segment(base), depth + 1);
    }
    r->idx->classes.items[at].state = yes ? MEMO_YES : MEMO_NO;
    return yes;
}

static bool is_pytest_class(const ssot_facts *facts, const ssot_class *k)
{
    const ssot_strlist *names = facts->config ? &facts->config->pytest.python_classes : NULL;
    return facts->pytest_file && pytest_name(names, "Test", k->name) &&
           !(k->flags & SSOT_KF_HAS_INIT) && !(k->flags & SSOT_KF_NESTED);
}

static bool mark_mixin(resolver *r, uint32_t at, int depth)
{
    ssot_index_class *e = &r->idx->classes.items[at];
    if (e->cls->is_test_class || e->cls->is_mixin || depth > 64)
        return false;
    e->cls->is_mixin = true;
    for (size_t b = 0; b < e->cls->base_count; b++)
        any_base_class(r, e->facts, e->cls, e->cls->bases[b], mark_mixin, depth, NULL);
    return false; /* visit every candidate */
}

static void resolve_classes(resolver *r)
{
    ssot_index *idx = r->idx;
    for (uint32_t i = 0; i < idx->classes.count; i++) {
        ssot_index_class *e = &idx->classes.items[i];
        ssot_class *k = e->cls;
        bool unit = reaches_testcase(r, i, 0);
        bool py = is_pytest_class(e->facts, k);
        /* a nested class is collected only inside a collected class */
        if (k->outer_index >= 0 && !e->facts->classes[k->outer_index].is_test_class)
            unit = py = false;
        if ((unit || py) && !(k->flags & SSOT_KF_TEST_FALSE) && !e->facts->module_test_false &&
            !e->facts->uncollected) {
            k->is_test_class = true;
            k->framework = unit ? SSOT_FRAMEWORK_UNITTEST : SSOT_FRAMEWORK_PYTEST;
        }
    }
    for (uint32_t i = 0; i < idx->classes.count; i++) {
        ssot_index_class *e = &idx->classes.items[i];
        if (!e->cls->is_test_class)
            continue;
        for (size_t b = 0; b < e->cls->base_count; b++)
            any_base_class(r, e->facts, e->cls, e->cls->bases[b], mark_mixin, 0, NULL);
    }
}

/* ---- assertion helpers (A7/A8) ---- */

static bool satisfies(resolver *r, uint32_t at, int depth);
static bool call_asserts(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                         const ssot_call *call, int depth);

/* A conditional `raise` of an error (not an assertion failure): in a test or helper it checks
 * a result; in a class's protocol method it guards the object's own setup (`if not ready:
 * raise RuntimeError(...)` in `__enter__`). */
static bool is_guard(const ssot_assertion *a)
{
    return a->kind == SSOT_ASSERT_UNITTEST && a->callee && !strcmp(a->callee, "raise") &&
           !(a->flags & SSOT_AF_EXPLICIT_FAIL);
}

/* Does a protocol method check something: an assertion other than a guard of its own setup,
 * or a call that asserts? */
static bool protocol_asserts(resolver *r, uint32_t at, int depth)
{
    const ssot_index_fn *e = &r->idx->fns.items[at];
    ssot_index_body(e);
    for (size_t i = 0; i < e->fn->assert_count; i++)
        if (!(e->fn->asserts[i].flags & SSOT_AF_DEFERRED) && !is_guard(&e->fn->asserts[i]))
            return true;
    for (size_t i = 0; i < e->fn->call_count; i++)
        if (call_asserts(r, e->facts, e->fn, &e->fn->calls[i], depth))
            return true;
    return false;
}

/* A call to a project class runs its `__init__`, and a `with` on it `__enter__` and
 * `__exit__`; a caller that calls the instance (`called`: `runner = Runner(); runner()`,
 * a fixture returning `Runner(...)`) runs its `__call__`: a class whose protocol methods
 * assert is a checking helper (A7). `*resolved` is set when the name is a project class. */
static bool class_asserts(resolver *r, const char *name, int depth, bool called,
                          bool *resolved)
{
    ssot_index *idx = r->idx;
    static const char *const with_call[] = {"__call__", "__init__", "__enter__", "__exit__",
                                            "__aenter__", "__aexit__", NULL};
    const char *const *protocol = called ? with_call : with_call + 1;
    size_t nk;
    const uint32_t *ks = candidates(idx, idx->class_by_name, name, &nk);
    if (!nk)
        return false;
    *resolved = true;
    if (depth >= HELPER_DEPTH)
        return false;
    ssot_key key;
    bool keyed = memo_key(&key, "class\x1f%d\x1f%d\x1f%s", depth, called, name);
    uint32_t known = keyed ? ssot_keymap_value(r->memo, key, ANSWER_UNKNOWN) : ANSWER_UNKNOWN;
    if (known != ANSWER_UNKNOWN)
        return known == ANSWER_YES;
    unsigned long busy = r->busy;
    bool yes = false;
    for (size_t i = 0; i < nk && !yes; i++) {
        const ssot_class *k = idx->classes.items[ks[i]].cls;
        const ssot_facts *kf = idx->classes.items[ks[i]].facts;
        for (const char *const *m = protocol; *m && !yes; m++) {
            size_t n;
            const uint32_t *list = class_fns(r, kf, k, *m, &n);
            for (size_t j = 0; j < n && !yes; j++)
                yes = protocol_asserts(r, list[j], depth + 1);
        }
    }
    if (keyed && r->busy == busy)
        ssot_keymap_add(r->memo, key, yes ? ANSWER_YES : ANSWER_NO);
    return yes;
}

/* The walk from `k` through its bases (followed by name, same file first), in the order
 * class_is_or_inherits visits them, until the budget runs out. */
typedef SSOT_VEC(const ssot_class *) class_vec;

static void walk_ancestors(ssot_index *idx, const ssot_facts *facts, const ssot_class *k,
                           int *budget, class_vec *out)
{
    SSOT_VEC_PUSH(out, k);
    if (--*budget <= 0)
        return;
    for (size_t b = 0; b < k->base_count; b++) {
        const char *base = ssot_last_segment(k->bases[b]);
        if (is_plain_base(base))
            continue;
        size_t n;
        const uint32_t *list = candidates(idx, idx->class_by_name, base, &n);
        base_ref ref = base_ref_of(NULL, idx, facts, k, k->bases[b], list, n);
        for (size_t i = 0; i < n && *budget > 0; i++) {
            const ssot_index_class *e = &idx->classes.items[list[i]];
            if (base_in_scope(&ref, e->facts, e->cls))
                walk_ancestors(idx, e->facts, e->cls, budget, out);
        }
    }
}

static uint32_t class_id(const resolver *r, const ssot_class *k)
{
    return ssot_keymap_value(r->class_id, ssot_key_of(0, &k, sizeof(k)), UINT32_MAX);
}

/* The classes `k` (an index class) is or inherits, as far as a walk goes (WALK_BUDGET). */
static const ancestry *ancestors_of(resolver *r, uint32_t at)
{
    ancestry *a = &r->ancestors[at];
    if (a->visited)
        return a;
    class_vec out = {0};
    int budget = WALK_BUDGET;
    const ssot_index_class *e = &r->idx->classes.items[at];
    walk_ancestors(r->idx, e->facts, e->cls, &budget, &out);
    a->visited = ssot_arena_alloc(r->idx->arena, out.count * sizeof(*a->visited));
    memcpy(a->visited, out.items, out.count * sizeof(*a->visited));
    a->count = out.count;
    free(out.items);
    return a;
}

/* Is `target` the class `k` or one of its bases (followed by name, same file first)? */
static bool class_is_or_inherits(resolver *r, const ssot_class *k, const ssot_class *target)
{
    uint32_t at = class_id(r, k);
    if (at == UINT32_MAX)
        return k == target;
    const ancestry *a = ancestors_of(r, at);
    for (size_t i = 0; i < a->count; i++)
        if (a->visited[i] == target)
            return true;
    return false;
}

/* `self.check()` in a method means the method of its own class or a base when one exists
 * (a namesake in another class is someone else's); else any method of that name, which a
 * subclass may provide. */
static bool own_method(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                       const ssot_index_fn *e)
{
    if (!caller || caller->class_index < 0 || e->fn->class_index < 0)
        return false;
    return class_is_or_inherits(r, &facts->classes[caller->class_index],
                                &e->facts->classes[e->fn->class_index]);
}

/* The target of a class attribute alias `name = a.b` in `k` or its bases, or NULL. */
static const char *class_alias(resolver *r, const ssot_facts *facts, const ssot_class *k,
                               const char *name, int *budget)
{
    if (--*budget <= 0)
        return NULL;
    for (size_t i = 0; i < k->alias_count; i++)
        if (!strcmp(k->alias_names[i], name))
            return k->alias_targets[i];
    for (size_t b = 0; b < k->base_count; b++) {
        const char *base = ssot_last_segment(k->bases[b]);
        if (is_plain_base(base))
            continue;
        size_t n;
        const uint32_t *list = candidates(r->idx, r->idx->class_by_name, base, &n);
        base_ref ref = base_ref_of(r, r->idx, facts, k, k->bases[b], list, n);
        const char *t = NULL;
        bool any = false;
        for (size_t i = 0; i < n && !t && *budget > 0; i++) {
            const ssot_index_class *e = &r->idx->classes.items[list[i]];
            if (base_in_scope(&ref, e->facts, e->cls)) {
                any = true;
                t = class_alias(r, e->facts, e->cls, name, budget);
            }
        }
        if (!any) {
            list = ssot_strmap_get(r->service_by_name, base, &n);
            for (size_t i = 0; i < n && !t && *budget > 0; i++) {
                const service_class *e = &r->services.items[list[i]];
                if (service_in_scope(&ref, e->facts, e->cls))
                    t = class_alias(r, e->facts, e->cls, name, budget);
            }
        }
        if (t)
            return t;
    }
    return NULL;
}

/* Is the callable an alias names an assertion: `unittest.TestCase.assertEqual`,
 * `support.check_sizeof`? */
static bool alias_asserts(const char *target)
{
    const char *last = ssot_last_segment(target);
    return ssot_assertion_classify(target, NULL) || ssot_assertion_is_named_check(last) ||
           !strncmp(last, "fail", 4);
}

/* What `x.m()` may call, from what is known of `x`: an instance of a project class
 * (`x = Checker(...)` earlier in the body) or that class itself (`Checker.m()`) gives the
 * methods of the class and its bases; an imported module (`helpers.m()`) its functions.
 * When nothing is known of `x`, a method of some class is someone else's (never borrowed);
 * only a module-level function may be meant (`x` is then a module we cannot name). */
typedef struct receiver_scope {
    char cls[128];    /* the class, or "" */
    char module[128]; /* the module's last segment, or "" */
    bool known;       /* `x` is a local made by a call: its class, project or not */
} receiver_scope;

static bool copy_name(char *dst, size_t size, const char *src, size_t len)
{
    if (len == 0 || len >= size)
        return false;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return true;
}

/* The module an import binds to `local` (`import a.b as local`, `from a import local`,
 * `import local`), as its last segment; false when no import binds it. */
static bool imported_module(const ssot_facts *facts, const char *prefix, size_t len,
                            receiver_scope *s)
{
    for (size_t i = 0; i < facts->import_count; i++) {
        const ssot_import *imp = &facts->imports[i];
        if (imp->name && !imp->local)
            continue; /* an attribute use, not a binding */
        const char *bound = imp->local ? imp->local : imp->module;
        size_t bn = strlen(bound);
        const char *target = NULL;
        if (bn == len && !strncmp(bound, prefix, len)) {
            bool top = !strncmp(imp->module, bound, bn) &&
                       (imp->module[bn] == '\0' || imp->module[bn] == '.');
            target = imp->name ? imp->name : top ? bound : imp->module; /* `import a.b`: a */
        } else if (!imp->name && strlen(imp->module) == len &&
                   !strncmp(imp->module, prefix, len)) {
            target = imp->module; /* `import a.b` then `a.b.m()` */
        }
        if (!target)
            continue;
        const char *last = ssot_last_segment(target);
        return copy_name(s->module, sizeof(s->module), last, strlen(last));
    }
    return false;
}

static receiver_scope scope_of(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                               const ssot_call *call)
{
    receiver_scope s = {{0}, {0}, false};
    const char *via = caller ? ssot_call_via_of(caller, call) : NULL;
    if (via) {
        const char *last = ssot_last_segment(via);
        s.known = true;
        copy_name(s.cls, sizeof(s.cls), last, strlen(last));
        return s;
    }
    /* the receiver: what comes before the name (and its dot) */
    if (call->name_at < 2)
        return s;
    const char *prefix = call->callee;
    size_t len = call->name_at - 1;
    if (!memchr(prefix, '.', len) && copy_name(s.cls, sizeof(s.cls), prefix, len)) {
        size_t n;
        candidates(r->idx, r->idx->class_by_name, s.cls, &n);
        if (n)
            return s;
        s.cls[0] = '\0';
    }
    imported_module(facts, prefix, len, &s);
    return s;
}

typedef SSOT_VEC(uint32_t) id_vec;

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort and drop repeats: candidates are tried in index order, as the name table lists them. */
static void sort_ids(id_vec *v)
{
    if (v->count < 2)
        return;
    qsort(v->items, v->count, sizeof(*v->items), by_id);
    size_t n = 1;
    for (size_t i = 1; i < v->count; i++)
        if (v->items[i] != v->items[n - 1])
            v->items[n++] = v->items[i];
    v->count = n;
}

/* The functions named `name` defined in the classes an ancestor walk from `at` visits. */
static void methods_along(resolver *r, uint32_t at, const char *name, id_vec *out)
{
    const ancestry *a = ancestors_of(r, at);
    for (size_t i = 0; i < a->count; i++) {
        uint32_t id = class_id(r, a->visited[i]);
        if (id == UINT32_MAX)
            continue;
        size_t n;
        const uint32_t *list =
            class_fns(r, r->idx->classes.items[id].facts, a->visited[i], name, &n);
        for (size_t k = 0; k < n; k++)
            SSOT_VEC_PUSH(out, list[k]);
    }
}

/* May `x.m()` with `x` in scope `s` run the function `e`? (A class scope is decided by the
 * class walk, scope_candidates.) */
static bool in_receiver_scope(const receiver_scope *s, const ssot_index_fn *e)
{
    if (s->module[0])
        return !(e->fn->flags & SSOT_FF_METHOD) &&
               file_is_module(e->facts, s->module, strlen(s->module));
    if (!s->cls[0] && !s->known)
        return !(e->fn->flags & SSOT_FF_METHOD); /* an unnamed module: `mod.test_x()` */
    return false;
}

/* The functions `x.m()` in scope `s` may run, a superset in index order: the methods named
 * `name` along the walks from the classes named `s->cls`, or every function of that name. */
static void scope_candidates(resolver *r, const receiver_scope *s, const char *name,
                             id_vec *out)
{
    size_t n;
    if (!s->module[0] && s->cls[0]) {
        const uint32_t *list = candidates(r->idx, r->idx->class_by_name, s->cls, &n);
        for (size_t i = 0; i < n; i++)
            methods_along(r, list[i], name, out);
        sort_ids(out);
        return;
    }
    if (!s->module[0] && s->known)
        return;
    const uint32_t *list = candidates(r->idx, r->idx->fn_by_name, name, &n);
    for (size_t i = 0; i < n; i++)
        SSOT_VEC_PUSH(out, list[i]);
}

static bool returns_check(resolver *r, uint32_t at, int depth);

enum {
    REACH_RESULT = 1u << 0,   /* the caller calls what the target returns */
    REACH_DEFERRED = 1u << 1, /* a call in a nested def the function returns: judged too */
};

/* May the target run `e` (it is a target candidate), and does that check something? */
static bool target_checks(resolver *r, uint32_t at, int depth, unsigned mode)
{
    if (depth >= HELPER_DEPTH)
        return false;
    return (mode & REACH_RESULT) ? returns_check(r, at, depth + 1) : satisfies(r, at, depth + 1);
}

static size_t file_index(resolver *r, const ssot_facts *facts)
{
    size_t n;
    const uint32_t *list = ssot_strmap_get(r->file_by_path, facts->path, &n);
    for (size_t i = 0; i < n; i++)
        if (r->idx->files.items[list[i]] == facts)
            return list[i];
    return r->idx->files.count;
}

static bool checking_fn_of(const ssot_facts *f, const char *name)
{
    for (size_t i = 0; i < f->checking_fn_count; i++)
        if (!strcmp(f->checking_fns[i], name))
            return true;
    return false;
}

/* Is `name` a function of the service file `f` that asserts and is a test by its name (see
 * ssot_testid_resolve)? */
static bool service_test_checks(resolver *r, const ssot_facts *f, const char *name)
{
    size_t n;
    ssot_keymap_get(r->checking_in_file, ssot_key_str((uint64_t)(uintptr_t)f, name), &n);
    return n > 0;
}

static bool defines_function(const ssot_facts *f, const char *name)
{
    for (size_t i = 0; i < f->function_count; i++)
        if (f->functions[i].class_index < 0 && !strcmp(f->functions[i].name, name))
            return true;
    for (size_t i = 0; i < f->class_count; i++)
        if (!strcmp(f->classes[i].name, name))
            return true;
    return checking_fn_of(f, name);
}

/* The file an import names: as written, else with leading packages dropped (a project
 * imported from a folder above its package root: `docs_src.app.mod` for `app/mod.py`
 * when `docs_src` holds no `__init__.py`). -1 when no project file is that module. */
static int32_t imported_file(resolver *r, size_t from, const char *module)
{
    for (const char *m = module; m && *m;) {
        int32_t at = ssot_index_module(r->idx, from, m);
        if (at >= 0 || m[0] == '.')
            return at;
        const char *dot = strchr(m, '.');
        m = dot && strchr(dot + 1, '.') ? dot + 1 : NULL; /* keep two segments at least */
    }
    return -1;
}

/* A bare name the module imports (`from helpers import check [as c]`): the project file it
 * comes from when that file defines the name; `*name` is the name there. NULL when no
 * import binds it, or the module is not found (a library, a path the index cannot place)
 * or does not define it (a re-export): then the name is followed as written. */
static const ssot_facts *import_source(resolver *r, const ssot_facts *facts, const char *local,
                                       const char **name)
{
    for (size_t i = 0; i < facts->import_count; i++) {
        const ssot_import *imp = &facts->imports[i];
        if (!imp->name || !imp->local || strcmp(imp->local, local) != 0)
            continue;
        size_t from = file_index(r, facts);
        int32_t at = from < r->idx->files.count ? imported_file(r, from, imp->module) : -1;
        if (at < 0)
            return NULL;
        const ssot_facts *f = r->idx->files.items[at];
        *name = imp->name;
        return defines_function(f, imp->name) ? f : NULL;
    }
    return NULL;
}

/* A service module-level function that asserts, which `x.m()` in scope `s` may run. */
static bool service_checks(resolver *r, const receiver_scope *s, const char *name)
{
    if (s->cls[0] || (s->known && !s->module[0]))
        return false;
    size_t n;
    const uint32_t *list = ssot_strmap_get(r->checking_by_name, name, &n);
    for (size_t i = 0; i < n; i++) {
        const ssot_facts *f = r->idx->files.items[list[i]];
        if (!s->module[0] || file_is_module(f, s->module, strlen(s->module)))
            return true;
    }
    return false;
}

static bool call_reaches(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                         const ssot_call *call, int depth, unsigned mode);

/* `h(...)` with `h = make(...)`: what `make` returned runs. */
static bool result_checks(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                          const ssot_call *call, int depth)
{
    const char *via = caller ? ssot_call_via_of(caller, call) : NULL;
    if (!via)
        return false;
    ssot_call maker = {0};
    maker.callee = via;
    ssot_call_set_name(&maker, ssot_last_segment(via));
    maker.double_index = -1;
    if (!strncmp(via, "self.", 5) && !strchr(via + 5, '.'))
        maker.receiver = SSOT_RECEIVER_SELF;
    else
        maker.receiver = strchr(via, '.') ? SSOT_RECEIVER_OTHER : SSOT_RECEIVER_NAME;
    return call_reaches(r, facts, caller, &maker, depth, REACH_RESULT);
}

/* `check(...)` with `check` a parameter: it calls what the fixture of that name gives. */
static bool param_checks(resolver *r, const ssot_call *call, int depth, bool *resolved)
{
    size_t n;
    const uint32_t *list = candidates(r->idx, r->idx->fixture_by_name, ssot_call_name(call), &n);
    for (size_t i = 0; i < n; i++) {
        *resolved = true;
        if (target_checks(r, list[i], depth, REACH_RESULT))
            return true;
    }
    return false;
}

/* A chained call's name as a dotted path with its arguments and subscripts left out
 * (`request(app).get('/').expect` -> `request.get.expect`), the way eslint-plugin-jest names a
 * call for its assertFunctionNames, so that A6 matches it as it matches a plain dotted name.
 * Empty when the text has nothing but a call (`(await f()).x` gives `x`). */
static const char *chain_path(char *out, size_t size, const char *text)
{
    size_t n = 0;
    int depth = 0;
    char quote = 0;
    for (const char *p = text; *p && n + 1 < size; p++) {
        if (quote) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == quote)
                quote = 0;
        } else if (depth && (*p == '\'' || *p == '"' || *p == '`')) {
            quote = *p;
        } else if (*p == '(' || *p == '[' || *p == '{') {
            depth++;
        } else if (*p == ')' || *p == ']' || *p == '}') {
            depth -= depth > 0;
        } else if (!depth && (*p == '.' ? n && out[n - 1] != '.'
                                        : (*p == '_' || *p == '$' || (*p >= 'a' && *p <= 'z') ||
                                           (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                                           (unsigned char)*p >= 0x80))) {
            out[n++] = *p;
        }
    }
    while (n && out[n - 1] == '.')
        n--;
    out[n] = '\0';
    return out;
}

/* Does the call assert, through a project helper (A7) or by its name (A8)? `caller` is the
 * function that makes it. */
static bool call_asserts(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                         const ssot_call *call, int depth)
{
    return call_reaches(r, facts, caller, call, depth, 0);
}

static bool call_reaches(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                         const ssot_call *call, int depth, unsigned mode)
{
    ssot_index *idx = r->idx;
    if (call->flags & SSOT_CF_DECORATOR)
        mode |= REACH_RESULT; /* the decorator's result replaces the function and runs */
    if ((call->flags & SSOT_CF_DEFERRED) && !(mode & REACH_DEFERRED))
        return false; /* in a nested def that runs only when the caller calls the result */
    if (call->flags & SSOT_CF_CHAINED) { /* `Sut().run()`: no helper to resolve, A6 and A8 */
        char path[256];
        if (facts->config && facts->config->assert_functions.count &&
            ssot_matcher_list_match(&facts->config->assert_functions,
                                    chain_path(path, sizeof path, call->callee)))
            return true;
        return !(call->flags & SSOT_CF_DECORATOR) &&
               ssot_assertion_is_named_check(ssot_call_name(call));
    }
    /* `m.send_json()` on a Mock runs no project code, whatever project method shares the name */
    if ((call->flags & SSOT_CF_ON_DOUBLE) && caller && call->double_index >= 0 &&
        !(caller->side->doubles[call->double_index].flags & SSOT_DF_PARAM))
        return false;
    /* A6: the project's own assertion functions */
    if (facts->config && ssot_matcher_list_match(&facts->config->assert_functions, call->callee))
        return true;
    if (call->flags & SSOT_CF_RESULT)
        return result_checks(r, facts, caller, call, depth);
    if (call->flags & SSOT_CF_PARAM) {
        bool known = false;
        if (param_checks(r, call, depth, &known))
            return true;
        return !known && ssot_assertion_is_named_check(ssot_call_name(call));
    }
    /* a name the module neither defines nor imports: no other file's function (A8 only) */
    if (call->flags & SSOT_CF_UNBOUND)
        return ssot_assertion_is_named_check(ssot_call_name(call));
    const char *lookup = ssot_call_name(call);
    const ssot_facts *source = NULL;
    if (call->receiver == SSOT_RECEIVER_NAME) {
        source = import_source(r, facts, ssot_call_name(call), &lookup);
        if (source && source->role != SSOT_ROLE_TEST)
            return service_test_checks(r, source, lookup) ||
                   (!(call->flags & SSOT_CF_DECORATOR) && ssot_assertion_is_named_check(lookup));
        if (!source)
            lookup = ssot_call_name(call);
    }
    bool local = false, resolved = false, own = false;
    bool decorator = (call->flags & SSOT_CF_DECORATOR) != 0;
    /* a decorator in a class body may name a function of that body */
    bool other = call->receiver == SSOT_RECEIVER_OTHER && !decorator;
    receiver_scope scope = {{0}, {0}, false};
    if (other)
        scope = scope_of(r, facts, caller, call);
    /* The functions to try, in index order: a superset of those that pass the filters below,
     * found through the hash tables (the caller's class walk, one file) rather than by
     * scanning every function of that name in the project. */
    id_vec tried = {0};
    if (call->receiver == SSOT_RECEIVER_SELF && caller && caller->class_index >= 0) {
        uint32_t at = class_id(r, &facts->classes[caller->class_index]);
        if (at != UINT32_MAX) {
            methods_along(r, at, lookup, &tried);
            sort_ids(&tried);
            own = tried.count > 0;
        }
    }
    size_t n;
    const uint32_t *list;
    if (!other) {
        list = file_fns(r, facts, lookup, &n);
        for (size_t i = 0; i < n && !local; i++) {
            bool is_method = (idx->fns.items[list[i]].fn->flags & SSOT_FF_METHOD) != 0;
            local = is_method == (call->receiver == SSOT_RECEIVER_SELF);
        }
    }
    /* Without a file or class to narrow it, the answer depends on the name, the receiver's
     * scope, the depth and the mode only: it is remembered under them. */
    ssot_key key;
    bool keyed = false;
    if (own) {
        list = tried.items;
        n = tried.count;
    } else if (local || source) {
        list = file_fns(r, local ? facts : source, lookup, &n);
    } else if (other) {
        keyed = memo_key(&key, "other\x1f%d\x1f%u\x1f%s\x1f%s\x1f%d\x1f%s", depth, mode,
                         scope.cls, scope.module, scope.known, lookup);
        scope_candidates(r, &scope, lookup, &tried);
        list = tried.items;
        n = tried.count;
    } else {
        keyed = memo_key(&key, "call\x1f%d\x1f%u\x1f%d\x1f%d\x1f%s", depth, mode,
                         (int)call->receiver, decorator, lookup);
        list = candidates(idx, idx->fn_by_name, lookup, &n);
    }
    uint32_t known = keyed ? ssot_keymap_value(r->memo, key, ANSWER_UNKNOWN) : ANSWER_UNKNOWN;
    if (known == ANSWER_YES) {
        free(tried.items);
        return true;
    }
    if (known != ANSWER_UNKNOWN)
        n = 0;
    resolved = known == ANSWER_NO_RESOLVED;
    unsigned long busy = r->busy;
    for (size_t i = 0; i < n; i++) {
        const ssot_index_fn *e = &idx->fns.items[list[i]];
        bool is_method = (e->fn->flags & SSOT_FF_METHOD) != 0;
        /* the class walk found exactly the methods a class-scoped receiver may run */
        if (other && (scope.cls[0] && !scope.module[0] ? !is_method
                                                        : !in_receiver_scope(&scope, e)))
            continue;
        if (call->receiver == SSOT_RECEIVER_NAME && is_method && !decorator)
            continue;
        if (call->receiver == SSOT_RECEIVER_SELF && !is_method)
            continue;
        if (own && !own_method(r, facts, caller, e))
            continue;
        if (local && e->facts != facts)
            continue;
        if (source && e->facts != source)
            continue;
        resolved = true;
        if (target_checks(r, list[i], depth, mode)) {
            if (keyed && r->busy == busy)
                ssot_keymap_add(r->memo, key, ANSWER_YES);
            free(tried.items);
            return true;
        }
    }
    free(tried.items);
    if (keyed && known == ANSWER_UNKNOWN && r->busy == busy)
        ssot_keymap_add(r->memo, key, resolved ? ANSWER_NO_RESOLVED : ANSWER_NO);
    /* `mod.check()`, `fixture_module.check()`: a service module's function that asserts */
    if (!resolved && other && service_checks(r, &scope, ssot_call_name(call)))
        return true;
    /* `self.eq(...)` with `eq = unittest.TestCase.assertEqual` in the class or a base */
    if (!resolved && call->receiver == SSOT_RECEIVER_SELF && caller && caller->class_index >= 0) {
        int budget = WALK_BUDGET;
        const char *target = class_alias(r, facts, &facts->classes[caller->class_index],
                                         ssot_call_name(call), &budget);
        if (target)
            return alias_asserts(target);
    }
    if (decorator)
        return false; /* a decorator counts only through its body */
    /* a project class called by name, or through the module that holds it */
    if (!resolved && (call->receiver == SSOT_RECEIVER_NAME || scope.module[0]) &&
        class_asserts(r, ssot_call_name(call), depth, (mode & REACH_RESULT) != 0, &resolved))
        return true;
    /* A8: an unresolved call named `assert*`; `obj.assert_x()` may be any object's method,
     * so a same-named project method that does not assert leaves its name counting */
    return (!resolved || call->receiver == SSOT_RECEIVER_OTHER) &&
           ssot_assertion_is_named_check(ssot_call_name(call));
}

static bool satisfies(resolver *r, uint32_t at, int depth)
{
    ssot_index *idx = r->idx;
    ssot_index_fn *e = &idx->fns.items[at];
    uint8_t *memo = &e->memo[depth];
    if (*memo == MEMO_YES)
        return true;
    if (*memo == MEMO_BUSY)
        r->busy++; /* a cycle: "no" for now */
    if (*memo != MEMO_UNKNOWN)
        return false;
    *memo = MEMO_BUSY;
    ssot_index_body(e);
    bool yes = false;
    for (size_t i = 0; !yes && i < e->fn->assert_count; i++)
        yes = !(e->fn->asserts[i].flags & SSOT_AF_DEFERRED);
    for (size_t i = 0; !yes && i < e->fn->call_count; i++)
        yes = call_asserts(r, e->facts, e->fn, &e->fn->calls[i], depth);
    idx->fns.items[at].memo[depth] = yes ? MEMO_YES : MEMO_NO;
    return yes;
}

/* Does what the function returns check something when called: the function's own checks,
 * those of a nested def it returns, or those of what the call it returns gives (a class's
 * `__call__`, another factory's result)? */
static bool returns_check(resolver *r, uint32_t at, int depth)
{
    if (satisfies(r, at, depth))
        return true;
    const ssot_index_fn *e = &r->idx->fns.items[at];
    ssot_index_body(e); /* satisfies decoded it; said again for the reader */
    for (size_t i = 0; i < e->fn->assert_count; i++)
        if (e->fn->asserts[i].flags & SSOT_AF_DEFERRED)
            return true;
    for (size_t i = 0; i < e->fn->call_count; i++) {
        const ssot_call *k = &e->fn->calls[i];
        if ((k->flags & SSOT_CF_DEFERRED) &&
            call_reaches(r, e->facts, e->fn, k, depth, REACH_DEFERRED))
            return true;
        /* `return Runner(...)`: calling the result runs Runner's `__call__` */
        if ((k->flags & SSOT_CF_RETURNED) && depth < HELPER_DEPTH &&
            call_reaches(r, e->facts, e->fn, k, depth + 1, REACH_RESULT))
            return true;
    }
    return false;
}

static bool fixture_asserts(resolver *r, const char *param)
{
    ssot_index *idx = r->idx;
    size_t n;
    const uint32_t *list = candidates(idx, idx->fixture_by_name, param, &n);
    for (size_t i = 0; i < n; i++)
        if (satisfies(r, list[i], 1))
            return true;
    return false;
}

static bool has_method(const ssot_class *k, const char *name)
{
    for (size_t i = 0; i < k->method_count; i++)
        if (!strcmp(k->methods[i], name))
            return true;
    return false;
}

static bool class_may_define(resolver *r, const ssot_facts *facts, const ssot_class *k,
                             const char *name, int *budget);

/* Does a class of that (base) name define `name`, or may it? Test-role classes first (same
 * file first), then service classes; a name found nowhere is outside the project. */
static bool base_may_define(resolver *r, const ssot_facts *facts, const ssot_class *self,
                            const char *written, const char *name, int *budget)
{
    ssot_index *idx = r->idx;
    const char *base = ssot_last_segment(written);
    size_t n;
    const uint32_t *list = candidates(idx, idx->class_by_name, base, &n);
    base_ref ref = base_ref_of(r, idx, facts, self, written, list, n);
    bool any = false;
    for (size_t i = 0; i < n && *budget > 0; i++) {
        const ssot_index_class *e = &idx->classes.items[list[i]];
        if (!base_in_scope(&ref, e->facts, e->cls))
            continue;
        any = true;
        if (has_method(e->cls, name) || class_may_define(r, e->facts, e->cls, name, budget))
            return true;
    }
    if (any)
        return false;
    list = ssot_strmap_get(r->service_by_name, base, &n);
    for (size_t i = 0; i < n && *budget > 0; i++) {
        const service_class *e = &r->services.items[list[i]];
        if (!service_in_scope(&ref, e->facts, e->cls))
            continue;
        any = true;
        if (has_method(e->cls, name) || class_may_define(r, e->facts, e->cls, name, budget))
            return true;
    }
    return !any; /* outside the project: it may */
}

/* Does a base of `k` define `name`, or may it: a base outside the project? */
static bool class_may_define(resolver *r, const ssot_facts *facts, const ssot_class *k,
                             const char *name, int *budget)
{
    if (--*budget <= 0)
        return false;
    for (size_t b = 0; b < k->base_count; b++) {
        const char *base = ssot_last_segment(k->bases[b]);
        if (!is_plain_base(base) && base_may_define(r, facts, k, k->bases[b], name, budget))
            return true;
    }
    return false;
}

/* ---- doubles that project code configures (PH011) ---- */

/* Does `function` of `f` set `attribute` on the parameter `arg` fills? */
static bool writes_param(const ssot_facts *f, const char *function, const ssot_double_arg *arg,
                         const char *attribute)
{
    for (size_t i = 0; i < f->param_write_count; i++) {
        const ssot_param_write *w = &f->param_writes[i];
        if (strcmp(w->function, function) != 0 || strcmp(w->attribute, attribute) != 0)
            continue;
        if (arg->keyword ? !strcmp(w->param, arg->keyword)
                         : arg->position >= 0 && w->position == arg->position)
            return true;
    }
    return false;
}

/* `Name` or `Name.__init__` of `f` (a class called by name runs its `__init__`). */
static bool name_writes(const ssot_facts *f, const char *name, const ssot_double_arg *arg,
                        const char *attribute)
{
    char init[256];
    if (writes_param(f, name, arg, attribute))
        return true;
    return snprintf(init, sizeof(init), "%s.__init__", name) < (int)sizeof(init) &&
           writes_param(f, init, arg, attribute);
}

/* Does the call that `arg` is handed to run a project function that sets `attribute` on it?
 * The call resolves as A7 resolves it: a bare name through the module's definitions and
 * imports, `self.m()` in the caller's class, `x.m()` through what is known of `x`. */
static bool call_configures(resolver *r, const ssot_facts *facts, const ssot_function *caller,
                            const ssot_double_arg *arg, const char *attribute)
{
    const ssot_call *call = &caller->calls[arg->call];
    if (call->flags & (SSOT_CF_PARAM | SSOT_CF_RESULT | SSOT_CF_UNBOUND | SSOT_CF_CHAINED |
                       SSOT_CF_ON_DOUBLE | SSOT_CF_LIBRARY))
        return false;
    char qualified[256];
    if (call->receiver == SSOT_RECEIVER_NAME) {
        for (size_t i = 0; i < facts->import_count; i++) {
            const ssot_import *imp = &facts->imports[i];
            if (!imp->name || !imp->local || strcmp(imp->local, ssot_call_name(call)) != 0)
                continue;
            size_t from = file_index(r, facts);
            int32_t at = from < r->idx->files.count ? imported_file(r, from, imp->module) : -1;
            return at >= 0 && name_writes(r->idx->files.items[at], imp->name, arg, attribute);
        }
        return name_writes(facts, ssot_call_name(call), arg, attribute);
    }
    if (call->receiver == SSOT_RECEIVER_SELF) {
        if (caller->class_index < 0)
            return false;
        snprintf(qualified, sizeof(qualified), "%s.%s",
                 facts->classes[caller->class_index].name, ssot_call_name(call));
        return writes_param(facts, qualified, arg, attribute);
    }
    receiver_scope scope = scope_of(r, facts, caller, call);
    if (!scope.module[0] && !scope.cls[0])
        return false; /* nothing known of the receiver: no one else's function is borrowed */
    if (scope.cls[0])
        snprintf(qualified, sizeof(qualified), "%s.%s", scope.cls, ssot_call_name(call));
    for (size_t i = 0; i < r->idx->files.count; i++) {
        const ssot_facts *f = r->idx->files.items[i];
        if (scope.module[0] ? file_is_module(f, scope.module, strlen(scope.module)) &&
                                  writes_param(f, ssot_call_name(call), arg, attribute)
                            : writes_param(f, qualified, arg, attribute))
            return true;
    }
    return false;
}

/* `assert m.ready` after `attach(m)` where `attach` sets `conn.ready`: configured. */
static void configured_by_callees(resolver *r, const ssot_facts *facts, ssot_function *fn)
{
    for (size_t i = 0; i < fn->side->double_use_count; i++) {
        ssot_double_use *u = &fn->side->double_uses[i];
        for (size_t k = 0; k < fn->side->double_arg_count && !u->configured; k++) {
            const ssot_double_arg *a = &fn->side->double_args[k];
            if (!strcmp(a->name, u->double_name) &&
                a->call >= 0 && (size_t)a->call < fn->call_count &&
                call_configures(r, facts, fn, a, u->attribute))
                u->configured = true;
        }
    }
}

/* A class pytest would collect but for its `__init__`: pytest warns ("cannot collect test
 * class because it has a __init__ constructor") and runs none of its tests. A unittest
 * TestCase with `__init__` is still collected (by unittest), so it is not one. */
static bool init_blocks_collection(const ssot_facts *facts, const ssot_class *k)
{
    if (!(k->flags & SSOT_KF_HAS_INIT) || k->is_test_class || k->is_mixin)
        return false;
    if ((k->flags & (SSOT_KF_NESTED | SSOT_KF_TEST_FALSE)) || facts->module_test_false)
        return false;
    if (k->outer_index >= 0 && !facts->classes[k->outer_index].is_test_class)
        return false;
    const ssot_strlist *names = facts->config ? &facts->config->pytest.python_classes : NULL;
    return facts->pytest_file && pytest_name(names, "Test", k->name);
}

/* A raises-block whose body raises what it expects always passes, unless the raises helper is
 * the project's own code (`pytest.raises` in pytest's own tests): then the block is the
 * subject under test, not a check. */
static void own_raises_helper(resolver *r, const ssot_facts *facts, ssot_function *fn)
{
    for (size_t i = 0; i < fn->assert_count; i++) {
        ssot_assertion *a = &fn->asserts[i];
        if (a->kind != SSOT_ASSERT_RAISES || !(a->flags & SSOT_AF_CONSTANT) || !a->callee)
            continue;
        const char *dot = strchr(a->callee, '.');
        if (!dot)
            continue;
        size_t from = 0;
        while (from < r->idx->files.count && r->idx->files.items[from] != facts)
            from++;
        char *module = ssot_arena_printf(r->idx->arena, "%.*s", (int)(dot - a->callee), a->callee);
        int32_t at = from < r->idx->files.count ? ssot_index_module(r->idx, from, module) : -1;
        if (at >= 0 && r->idx->files.items[at]->role != SSOT_ROLE_TEST)
            a->flags &= ~SSOT_AF_CONSTANT;
    }
}

static void resolve_function(resolver *r, ssot_facts *facts, ssot_function *fn)
{
    ssot_index *idx = r->idx;
    ssot_facts_body(facts, fn); /* a file read without bodies: contracts resolve it all */
    const ssot_class *k = ssot_facts_class_of(facts, fn);
    if (k && init_blocks_collection(facts, k) && !(fn->flags & SSOT_FF_FIXTURE)) {
        const ssot_strlist *fnames =
            facts->config ? &facts->config->pytest.python_functions : NULL;
        if (pytest_name(fnames, "test", fn->name))
            facts->classes[fn->class_index].init_tests++;
        return;
    }
    /* unittest collects `test*` methods; pytest uses python_functions */
    bool unit = k && (k->framework == SSOT_FRAMEWORK_UNITTEST || k->is_mixin);
    const ssot_strlist *names = facts->config ? &facts->config->pytest.python_functions : NULL;
    bool named = unit ? (fn->flags & SSOT_FF_TEST_NAME) != 0 : pytest_name(names, "test", fn->name);
    bool candidate = named && !(fn->flags & SSOT_FF_FIXTURE);
    /* a test registered by a call of the runner's API is a test whatever its name */
    bool declared = (fn->flags & SSOT_FF_DECLARED) != 0;
    if ((!candidate && !declared) || facts->module_test_false || facts->uncollected)
        return;
    if (declared) {
        fn->collected = true;
    } else if (k) {
        if (!k->is_test_class && !k->is_mixin)
            return;
        fn->collected = true;
        fn->inherited = k->is_mixin;
        fn->framework = k->is_test_class ? k->framework : SSOT_FRAMEWORK_UNITTEST;
        fn->overridden = ssot_index_overridden(idx, k->name, fn->name);
        int budget = WALK_BUDGET;
        fn->overrides = class_may_define(r, facts, k, fn->name, &budget);
    } else {
        if (!facts->pytest_file)
            return;
        fn->collected = true;
        fn->framework = SSOT_FRAMEWORK_PYTEST;
    }
    /* SS003: which calls holding a contract value assert (a helper's argument counts) */
    for (size_t i = 0; i < fn->side->mention_count; i++) {
        int32_t at = fn->side->mentions[i].call;
        if (at >= 0 && !(fn->calls[at].flags & SSOT_CF_ASSERTS) &&
            call_asserts(r, facts, fn, &fn->calls[at], 0))
            fn->calls[at].flags |= SSOT_CF_ASSERTS;
    }
    for (size_t i = 0; i < fn->call_count; i++) {
        if (call_asserts(r, facts, fn, &fn->calls[i], 0)) {
            fn->resolved_assertion = true;
            if (!(fn->calls[i].flags & SSOT_CF_IN_EXCEPT)) {
                fn->resolved_assertion_outside_except = true;
                break;
            }
        }
    }
    for (size_t i = 0; i < fn->param_count && !fn->resolved_assertion_outside_except; i++) {
        if (fixture_asserts(r, fn->params[i]))
            fn->resolved_assertion = fn->resolved_assertion_outside_except = true;
    }
    own_raises_helper(r, facts, fn);
    configured_by_callees(r, facts, fn);
}

/* Does any file's configuration declare SS003 contracts? */
static bool contracts_configured(const ssot_index *idx)
{
    for (size_t f = 0; f < idx->files.count; f++) {
        const ssot_config *cfg = idx->files.items[f]->config;
        if (cfg && cfg->contract_count)
            return true;
    }
    return false;
}

void ssot_testid_resolve(ssot_index *idx)
{
    resolver r = {0};
    r.idx = idx;
    r.service_by_name = ssot_strmap_new();
    r.checking_by_name = ssot_strmap_new();
    r.file_by_path = ssot_strmap_new();
    r.class_id = ssot_keymap_new();
    r.checking_in_file = ssot_keymap_new();
    r.memo = ssot_keymap_new();
    r.ancestors = ssot_calloc(idx->classes.count + 1, sizeof(*r.ancestors));
    for (uint32_t i = 0; i < idx->classes.count; i++)
        ssot_keymap_add(r.class_id, ssot_key_of(0, &idx->classes.items[i].cls, sizeof(void *)), i);
    r.file_of = ssot_keymap_new();
    r.fn_range = ssot_calloc(idx->files.count + 1, sizeof(*r.fn_range));
    r.by_name = ssot_malloc((idx->fns.count + 1) * sizeof(*r.by_name));
    r.by_class = ssot_malloc((idx->fns.count + 1) * sizeof(*r.by_class));
    for (uint32_t i = 0, f = UINT32_MAX; i < idx->fns.count; i++) {
        const ssot_facts *owner = idx->fns.items[i].facts;
        if (f == UINT32_MAX || idx->fns.items[r.fn_range[f].first].facts != owner) {
            f = f == UINT32_MAX ? 0 : f + 1; /* the index adds a file's functions together */
            ssot_keymap_add(r.file_of, ssot_key_of(0, &owner, sizeof(owner)), f);
            r.fn_range[f].first = i;
        }
        r.fn_range[f].end = i + 1;
    }
    for (size_t f = 0; f < idx->files.count; f++) {
        const ssot_facts *facts = idx->files.items[f];
        ssot_strmap_add(r.file_by_path, facts->path, (uint32_t)f);
        /* a test function kept outside the test files (a runnable docs example): production
           code's own asserts are invariants, not what a test that calls it checks */
        const ssot_strlist *names = facts->config ? &facts->config->pytest.python_functions : NULL;
        for (size_t i = 0; i < facts->checking_fn_count; i++)
            if (pytest_name(names, "test", facts->checking_fns[i])) {
                ssot_strmap_add(r.checking_by_name, facts->checking_fns[i], (uint32_t)f);
                ssot_keymap_add(r.checking_in_file,
                                ssot_key_str((uint64_t)(uintptr_t)facts, facts->checking_fns[i]),
                                (uint32_t)f);
            }
        if (facts->role == SSOT_ROLE_TEST)
            continue;
        for (size_t i = 0; i < facts->class_count; i++) {
            service_class e = {facts, &facts->classes[i], MEMO_UNKNOWN};
            ssot_strmap_add(r.service_by_name, e.cls->name, (uint32_t)r.services.count);
            SSOT_VEC_PUSH(&r.services, e);
        }
    }
    resolve_classes(&r);
    /* a function's answers are its own (the memo keeps only caller-independent ones), so a
       changed-files run resolves only the reported files' functions; SS003 reads every
       test in a contract's scope, so contracts need them all */
    bool all = !idx->partial || contracts_configured(idx);
    for (size_t i = 0; i < idx->fns.count; i++)
        if (all || idx->fns.items[i].wanted)
            resolve_function(&r, idx->fns.items[i].facts, idx->fns.items[i].fn);
    ssot_strmap_free(r.service_by_name);
    ssot_strmap_free(r.checking_by_name);
    ssot_strmap_free(r.file_by_path);
    free(r.by_name);
    free(r.by_class);
    ssot_keymap_free(r.file_of);
    free(r.fn_range);
    ssot_keymap_free(r.class_id);
    ssot_keymap_free(r.checking_in_file);
    ssot_keymap_free(r.memo);
    free(r.ancestors);
    free(r.services.items);
}
