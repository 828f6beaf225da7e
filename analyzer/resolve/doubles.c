/* analyzer/resolve/doubles.c - fixture-provided doubles and fixture patches, resolved across files;
 * the shared "is it handed to project code" questions of the MO rules. */
#include "analyzer/resolve/doubles.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "analyzer/base/keymap.h"
#include "analyzer/config/config.h"
#include "analyzer/resolve/services.h"

/* ---- resolution ---- */

static const char *keep(ssot_index *idx, const char *s)
{
    return s ? ssot_arena_strdup(idx->arena, s) : NULL;
}

static ssot_loc keep_loc(ssot_index *idx, ssot_loc loc)
{
    loc.snippet = keep(idx, loc.snippet);
    return loc;
}

static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* Fixtures by where they are visible from: the file that defines them, or the folder of the
 * conftest.py that does (its path up to and including the last `/`). Built once per run. */
typedef struct fixture_scopes {
    ssot_keymap *by_file;   /* (file, name) -> fixtures */
    ssot_keymap *by_folder; /* (conftest folder, name) -> fixtures */
    ssot_keymap *autouse;   /* file, or conftest folder -> autouse fixtures */
} fixture_scopes;

static bool is_conftest(const char *path)
{
    return !strcmp(path + dir_len(path), "conftest.py");
}

static ssot_key file_key(const ssot_facts *f, const char *name)
{
    return ssot_key_str((uint64_t)(uintptr_t)f, name);
}

static ssot_key folder_key(const char *path, size_t len, const char *name)
{
    return ssot_key_of(XXH3_64bits(name, strlen(name)), path, len);
}

static void scopes_init(fixture_scopes *s, const ssot_index *idx)
{
    s->by_file = ssot_keymap_new();
    s->by_folder = ssot_keymap_new();
    s->autouse = ssot_keymap_new();
    for (uint32_t i = 0; i < idx->fns.count; i++) {
        const ssot_index_fn *e = &idx->fns.items[i];
        if (!(e->fn->flags & SSOT_FF_FIXTURE) && !(e->fn->flags & SSOT_FF_AUTOUSE))
            continue;
        const char *p = e->facts->path;
        bool conftest = is_conftest(p);
        if (e->fn->flags & SSOT_FF_FIXTURE) {
            ssot_keymap_add(s->by_file, file_key(e->facts, e->fn->name), i);
            if (conftest)
                ssot_keymap_add(s->by_folder, folder_key(p, dir_len(p), e->fn->name), i);
        }
        if (e->fn->flags & SSOT_FF_AUTOUSE) {
            ssot_keymap_add(s->autouse, ssot_key_of(1, &e->facts, sizeof(e->facts)), i);
            if (conftest)
                ssot_keymap_add(s->autouse, ssot_key_of(2, p, dir_len(p)), i);
        }
    }
}

static void scopes_fini(fixture_scopes *s)
{
    ssot_keymap_free(s->by_file);
    ssot_keymap_free(s->by_folder);
    ssot_keymap_free(s->autouse);
}

/* The fixture a parameter named `name` gets: the closest visible definition (the file's own,
 * else the deepest conftest.py above it; the first defined among equals). */
static ssot_index_fn *find_fixture(ssot_index *idx, const fixture_scopes *s,
                                   const ssot_facts *facts, const char *name)
{
    size_t n;
    const uint32_t *list = ssot_keymap_get(s->by_file, file_key(facts, name), &n);
    for (size_t d = dir_len(facts->path) + 1; !n && d-- > 0;) {
        if (d && facts->path[d - 1] != '/')
            continue;
        list = ssot_keymap_get(s->by_folder, folder_key(facts->path, d, name), &n);
    }
    if (!n)
        return NULL;
    ssot_index_body(&idx->fns.items[list[0]]);
    return &idx->fns.items[list[0]];
}

typedef SSOT_VEC(uint32_t) id_vec;

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The autouse fixtures a test in `facts` sees, in index order. */
static void visible_autouse(const fixture_scopes *s, const ssot_facts *facts, id_vec *out)
{
    out->count = 0;
    size_t n;
    const uint32_t *list = ssot_keymap_get(s->autouse, ssot_key_of(1, &facts, sizeof(facts)), &n);
    for (size_t i = 0; i < n; i++)
        SSOT_VEC_PUSH(out, list[i]);
    for (size_t d = dir_len(facts->path) + 1; d-- > 0;) {
        if (d && facts->path[d - 1] != '/')
            continue;
        list = ssot_keymap_get(s->autouse, ssot_key_of(2, facts->path, d), &n);
        for (size_t i = 0; i < n; i++)
            SSOT_VEC_PUSH(out, list[i]);
    }
    if (out->count)
        qsort(out->items, out->count, sizeof(*out->items), by_id);
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++)
        if (!kept || out->items[i] != out->items[kept - 1])
            out->items[kept++] = out->items[i];
    out->count = kept;
}

typedef SSOT_VEC(ssot_setting) setting_vec;
typedef SSOT_VEC(ssot_patch) patch_vec;

/* The fixture's patches join the test's; the one installing the double it returns is the
 * test parameter's (`as_double`, else -1). */
static void add_fixture_patches(ssot_index *idx, const ssot_index_fn *fixture, int32_t as_double,
                                bool boundaries, patch_vec *out)
{
    const ssot_function *fx = ssot_index_body(fixture);
    const char *via = keep(idx, fx->name);
    for (size_t p = 0; p < fx->side->patch_count; p++) {
        ssot_patch q = fx->side->patches[p];
        q.loc = keep_loc(idx, q.loc);
        q.target = keep(idx, q.target);
        /* the fixture's imports name the target */
        q.boundary = boundaries ? ssot_service_boundary(idx, fixture->facts, q.target) : NULL;
        q.flags |= SSOT_PF_FIXTURE;
        q.via = via;
        q.double_index = q.double_index >= 0 && q.double_index == fx->returns_double
                             ? as_double
                             : -1;
        SSOT_VEC_PUSH(out, q);
    }
}

/* Does another fixture the test requests take `name` (the double's fixture) as its own
 * parameter? Then that fixture hands the double to what it builds. */
static bool used_by_other_fixture(ssot_index *idx, const fixture_scopes *scopes,
                                  const ssot_facts *facts, const ssot_function *fn,
                                  const char *name)
{
    for (size_t p = 0; p < fn->param_count; p++) {
        if (!strcmp(fn->params[p], name))
            continue;
        const ssot_index_fn *e = find_fixture(idx, scopes, facts, fn->params[p]);
        for (size_t k = 0; e && k < e->fn->param_count; k++)
            if (!strcmp(e->fn->params[k], name))
                return true;
    }
    return false;
}

/* Does the file's configuration declare a real-services scope (MO004 runs there)? */
static bool declares_real_services(const ssot_facts *facts)
{
    const ssot_config *c = facts->config;
    return c && (c->real_service_count || c->real_service_markers.count);
}

/* `have_count` items of `size` bytes at `have`, then `count` at `more`: one array in `arena`
 * (what a test already holds, then what its fixtures add). */
static void *joined(ssot_arena *arena, const void *have, size_t have_count, const void *more,
                    size_t count, size_t size)
{
    char *all = ssot_arena_alloc(arena, (have_count + count) * size);
    if (have_count)
        memcpy(all, have, have_count * size);
    memcpy(all + have_count * size, more, count * size);
    return all;
}

static void resolve_test(ssot_index *idx, const fixture_scopes *scopes, ssot_facts *facts,
                         ssot_function *fn, id_vec *autouse)
{
    bool boundaries = declares_real_services(facts);
    if (boundaries) {
        for (size_t p = 0; p < fn->side->patch_count; p++)
            fn->side->patches[p].boundary = ssot_service_boundary(idx, facts, fn->side->patches[p].target);
        for (size_t i = 0; i < fn->side->double_count; i++)
            if (!(fn->side->doubles[i].flags & SSOT_DF_PARAM))
                fn->side->doubles[i].boundary = ssot_service_boundary(idx, facts, fn->side->doubles[i].target);
    }
    setting_vec settings = {0};
    patch_vec patches = {0};
    for (size_t i = 0; i < fn->side->double_count; i++) {
        ssot_double *d = &fn->side->doubles[i];
        if (!(d->flags & SSOT_DF_PARAM))
            continue;
        const ssot_index_fn *e = find_fixture(idx, scopes, facts, d->name);
        if (!e)
            continue;
        const ssot_function *fx = e->fn;
        int32_t r = fx->returns_double;
        if (r >= 0 && !(fx->side->doubles[r].flags & SSOT_DF_PARAM)) {
            const ssot_double *src = &fx->side->doubles[r];
            d->flags |= SSOT_DF_FIXTURE |
                        (src->flags & (SSOT_DF_SPEC | SSOT_DF_WRAPS | SSOT_DF_PATCH));
            d->target = keep(idx, src->target);
            d->boundary = boundaries ? ssot_service_boundary(idx, e->facts, d->target) : NULL;
            if (ssot_double_handed(fx, r) || used_by_other_fixture(idx, scopes, facts, fn, d->name))
                d->flags |= SSOT_DF_HANDED;
            for (size_t s = 0; s < fx->side->setting_count; s++) {
                ssot_setting t = fx->side->settings[s];
                if (t.double_index != r)
                    continue;
                t.double_index = (int32_t)i;
                t.path = keep(idx, t.path);
                t.value = keep(idx, t.value);
                t.flags |= SSOT_SF_INHERITED;
                SSOT_VEC_PUSH(&settings, t);
            }
        }
        add_fixture_patches(idx, e, r >= 0 ? (int32_t)i : -1, boundaries, &patches);
    }
    visible_autouse(scopes, facts, autouse);
    for (size_t a = 0; a < autouse->count; a++)
        add_fixture_patches(idx, &idx->fns.items[autouse->items[a]], -1, boundaries, &patches);
    if (settings.count) {
        ssot_fn_side *side = ssot_fn_side_own(fn, idx->arena);
        side->settings = joined(idx->arena, side->settings, side->setting_count,
                                settings.items, settings.count, sizeof(ssot_setting));
        side->setting_count += (uint32_t)settings.count;
    }
    if (patches.count) {
        ssot_fn_side *side = ssot_fn_side_own(fn, idx->arena);
        side->patches = joined(idx->arena, side->patches, side->patch_count, patches.items,
                               patches.count, sizeof(ssot_patch));
        side->patch_count += (uint32_t)patches.count;
    }
    free(settings.items);
    free(patches.items);
}

/* Does a non-test file of the project define a double class at module level (`class
 * NonCallableMock`, `class MagicMock(...)`)? Then the project is a double library and a
 * `Mock()` in its tests is its own code under test. */
static bool project_defines_doubles(const ssot_index *idx)
{
    /* unittest.mock's classes; jest-mock's ModuleMocker, which makes `jest.fn`/`jest.spyOn`
       (a project that defines it is jest itself) */
    static const char *const names[] = {"Mock", "MagicMock", "AsyncMock", "NonCallableMock",
                                        "NonCallableMagicMock", "ModuleMocker", NULL};
    for (size_t i = 0; i < idx->files.count; i++) {
        const ssot_facts *f = idx->files.items[i];
        if (f->role == SSOT_ROLE_TEST)
            continue;
        for (size_t k = 0; k < f->class_count; k++)
            for (const char *const *n = names; *n && f->classes[k].outer_index < 0; n++)
                if (!strcmp(f->classes[k].name, *n))
                    return true;
    }
    return false;
}

/* Does the test exercise the double API itself: sealing a double, attaching one double to
 * another, adding a spec afterwards? No ordinary test of project code needs these. */
static bool exercises_double_api(const ssot_function *fn)
{
    static const char *const api[] = {"seal", "attach_mock", "mock_add_spec", NULL};
    for (size_t i = 0; i < fn->call_count; i++) {
        const char *callee = fn->calls[i].callee;
        if (!callee)
            continue;
        const char *last = strrchr(callee, '.');
        last = last ? last + 1 : callee;
        for (const char *const *a = api; *a; a++)
            if (!strcmp(last, *a))
                return true;
    }
    return false;
}

void ssot_doubles_resolve(ssot_index *idx)
{
    bool double_library = project_defines_doubles(idx);
    fixture_scopes scopes;
    scopes_init(&scopes, idx);
    id_vec autouse = {0};
    for (size_t i = 0; i < idx->fns.count; i++) {
        ssot_index_fn *e = &idx->fns.items[i];
        if (!e->fn->collected || !e->wanted) /* a test's doubles are read by its file only */
            continue;
        resolve_test(idx, &scopes, e->facts, e->fn, &autouse);
        if (double_library || exercises_double_api(e->fn))
            e->fn->flags |= SSOT_FF_ABOUT_DOUBLES;
    }
    free(autouse.items);
    scopes_fini(&scopes);
}

/* ---- shared questions ---- */

bool ssot_double_is_real(const ssot_function *fn, int32_t i)
{
    if (i < 0 || (size_t)i >= fn->side->double_count)
        return false;
    uint32_t f = fn->side->doubles[i].flags;
    return !(f & SSOT_DF_PARAM) || (f & SSOT_DF_FIXTURE);
}

bool ssot_call_runs_code(const ssot_function *fn, const ssot_call *k)
{
    if (k->flags & (SSOT_CF_LIBRARY | SSOT_CF_DECORATOR | SSOT_CF_TARGET))
        return false;
    if (k->flags & SSOT_CF_ON_DOUBLE)
        return !ssot_double_is_real(fn, k->double_index);
    return true;
}

bool ssot_runs_code(const ssot_function *fn)
{
    for (size_t i = 0; i < fn->call_count; i++)
        if (ssot_call_runs_code(fn, &fn->calls[i]))
            return true;
    return false;
}

static bool handed(const ssot_function *fn, int32_t i, int depth)
{
    if (i < 0 || (size_t)i >= fn->side->double_count || depth > 8)
        return false;
    const ssot_double *d = &fn->side->doubles[i];
    if (d->flags & SSOT_DF_HANDED)
        return true;
    for (size_t h = 0; h < fn->side->handoff_count; h++) {
        const ssot_handoff *o = &fn->side->handoffs[h];
        if (o->double_index == i && (o->via_double < 0 || !ssot_double_is_real(fn, o->via_double)))
            return true;
    }
    if ((d->flags & SSOT_DF_PATCH) && ssot_runs_code(fn))
        return true;
    /* assigned onto a fixture's object that is no double (`worker.loop = Mock()`): the
       object under test, whose methods the test then runs */
    if (d->parent >= 0 && !ssot_double_is_real(fn, d->parent) && ssot_runs_code(fn))
        return true;
    return handed(fn, d->parent, depth + 1);
}

bool ssot_double_handed(const ssot_function *fn, int32_t i)
{
    return handed(fn, i, 0);
}

bool ssot_test_about_doubles(const ssot_facts *facts, const ssot_function *fn)
{
    (void)facts;
    return (fn->flags & SSOT_FF_ABOUT_DOUBLES) != 0;
}
