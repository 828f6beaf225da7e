/* analyzer/resolve/shared_state.c - resolve what module-level objects hold and who imports them.
 * Reads every file's SG facts through the index; writes the resolved fields (class state,
 * `held`, imported bindings). Names are followed the way Python imports them. */
#include "analyzer/resolve/shared_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RESOLVE_DEPTH = 4, STATE_DEPTH = 8, STATE_NAMES = 3 };

typedef struct client {
    const char *name;
    const char *state;
} client;

/* RULES.md "Stateful class": third-party clients known to keep per-user state. */
static const client clients[] = {
    {"requests.Session", "cookies, auth and pooled connections"},
    {"requests.sessions.Session", "cookies, auth and pooled connections"},
    {"httpx.Client", "cookies and pooled connections"},
    {"httpx.AsyncClient", "cookies and pooled connections"},
    {"aiohttp.ClientSession", "cookies and pooled connections"},
    {"redis.Redis", "a connection pool and its connections' state"},
    {"redis.StrictRedis", "a connection pool and its connections' state"},
    {"redis.asyncio.Redis", "a connection pool and its connections' state"},
    {"redis.client.Redis", "a connection pool and its connections' state"},
    {"sqlalchemy.orm.Session", "an identity map and an open transaction"},
    {"sqlalchemy.orm.session.Session", "an identity map and an open transaction"},
    {"sqlalchemy.ext.asyncio.AsyncSession", "an identity map and an open transaction"},
    {NULL, NULL},
};

const char *ssot_shared_state_client(const char *qualified)
{
    for (const client *c = clients; qualified && c->name; c++)
        if (!strcmp(c->name, qualified))
            return c->state;
    return NULL;
}

/* What a name refers to: a project class, or a name outside the project. */
typedef struct ref {
    int32_t file;              /* -1: not a project class */
    const ssot_class *cls;
    const char *external;      /* the qualified name when outside the project */
} ref;

typedef struct resolver {
    ssot_index *idx;
    size_t *class_base;        /* files[i]'s classes start here in `memo` */
    uint8_t *memo;             /* per class: 0 unknown, 1 done, 2 busy */
    size_t *base_first;        /* per class (as `memo`): its bases start here in `bases` */
    ref *bases;                /* each class's bases resolved (base_of), once */
    uint8_t *base_known;
    ssot_strmap *bindings;     /* binding name -> positions in the two vectors below */
    SSOT_VEC(uint32_t) binding_file;
    SSOT_VEC(uint32_t) binding_index;
} resolver;

static const char *last_segment(const char *dotted)
{
    const char *dot = strrchr(dotted, '.');
    return dot ? dot + 1 : dotted;
}

static const ssot_class *module_class(const ssot_facts *f, const char *name)
{
    for (size_t i = 0; i < f->class_count; i++) {
        const ssot_class *k = &f->classes[i];
        if (k->outer_index < 0 && !(k->flags & SSOT_KF_NESTED) && !strcmp(k->name, name))
            return k;
    }
    return NULL;
}

static ref resolve(resolver *r, int32_t file, const char *dotted, int depth);

/* `name` as module `module` (imported from `file`) defines or re-exports it. */
static ref resolve_in_module(resolver *r, int32_t file, const char *module, const char *name,
                             int depth)
{
    int32_t m = ssot_index_module(r->idx, (size_t)file, module);
    if (m < 0) {
        size_t ml = strlen(module);
        ref out = {-1, NULL,
                   ssot_arena_printf(r->idx->arena, "%s%s%s", module,
                                     ml && module[ml - 1] == '.' ? "" : ".", name)};
        return out;
    }
    return resolve(r, m, name, depth + 1);
}

static ref resolve(resolver *r, int32_t file, const char *dotted, int depth)
{
    ref none = {-1, NULL, dotted};
    if (depth > RESOLVE_DEPTH || !dotted)
        return none;
    const ssot_facts *f = r->idx->files.items[file];
    const char *dot = strrchr(dotted, '.');
    if (!dot) {
        const ssot_class *k = module_class(f, dotted);
        if (k) {
            ref out = {file, k, NULL};
            return out;
        }
        /* re-exported: `from .manager import WebSocketManager` in a package */
        for (size_t i = 0; i < f->import_count; i++) {
            const ssot_import *im = &f->imports[i];
            if (im->name && im->local && !strcmp(im->local, dotted))
                return resolve_in_module(r, file, im->module, im->name, depth);
        }
        return none;
    }
    /* `pkg.module.Name` or `.module.Name` (the front end applied the imports) */
    char *module = ssot_arena_strndup(r->idx->arena, dotted, (size_t)(dot - dotted));
    if (module[0] == '.' && strspn(module, ".") == strlen(module)) {
        /* `..Name`: the module part is only dots, keep one as the separator */
        module = ssot_arena_strndup(r->idx->arena, dotted, (size_t)(dot - dotted) + 1);
    }
    return resolve_in_module(r, file, module, dot + 1, depth);
}

/* Base `i` of class `k` (of file `file`) resolved, once: the walks up a hierarchy ask for the
 * same bases again from every class below them. */
static ref base_of(resolver *r, int32_t file, const ssot_class *k, size_t i)
{
    const ssot_facts *f = r->idx->files.items[file];
    size_t at = r->base_first[r->class_base[file] + (size_t)(k - f->classes)] + i;
    if (!r->base_known[at]) {
        r->bases[at] = resolve(r, file, k->bases[i], 0);
        r->base_known[at] = 1;
    }
    return r->bases[at];
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static bool settings_name(const char *name)
{
    return ends_with(name, "Settings") || ends_with(name, "Config") ||
           ends_with(name, "Configuration");
}

static bool settings_class(const ssot_class *k)
{
    if (settings_name(k->name) || (k->flags & SSOT_KF_FROZEN))
        return true;
    for (size_t i = 0; i < k->base_count; i++)
        if (!strcmp(last_segment(k->bases[i]), "BaseSettings"))
            return true;
    return false;
}

/* "`a`, `b`, `c` and more": the first names of a list, for messages. */
static const char *names_text(resolver *r, const char *const *names, size_t count)
{
    size_t shown = 0, len = 0;
    char buf[256] = "";
    for (size_t i = 0; i < count; i++) {
        const char *w = names[i];
        if (shown == STATE_NAMES) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, " and more");
            break;
        }
        if (len + strlen(w) + 8 >= sizeof(buf))
            break;
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s`%s`", shown ? ", " : "", w);
        shown++;
    }
    return shown ? ssot_arena_strdup(r->idx->arena, buf) : NULL;
}

/* "`cache` (a `TokenCache`: `_tokens`)": the first composed object that keeps state. */
static const char *class_state(resolver *r, int32_t file, const ssot_class *k, int depth);

static const char *composed_state(resolver *r, int32_t file, const ssot_class *k, int depth,
                                  const char **request)
{
    for (size_t i = 0; i < k->state->composed_count; i++) {
        ref c = resolve(r, file, k->state->composed_callees[i], 0);
        const char *inner = NULL, *cls = NULL;
        if (c.cls && c.cls != k) {
            inner = class_state(r, c.file, c.cls, depth + 1);
            cls = c.cls->name;
            if (inner && !*request && c.cls->request_state)
                *request = ssot_arena_printf(r->idx->arena, "its `%s` (a `%s`): %s",
                                             k->state->composed[i], cls, c.cls->request_state);
        } else if (!c.cls && (inner = ssot_shared_state_client(c.external)) != NULL) {
            cls = c.external;
        }
        if (inner)
            return ssot_arena_printf(r->idx->arena, "`%s` (a `%s` that stores %s)",
                                     k->state->composed[i], cls, inner);
    }
    return NULL;
}

typedef SSOT_VEC(const char *) name_vec;

static bool has_name(const char *const *names, size_t count, const char *name)
{
    for (size_t i = 0; name && i < count; i++)
        if (!strcmp(names[i], name))
            return true;
    return false;
}

/* The state an instance of one class keeps, computed for that class: walking up from it,
 * a base's write counts only when no class below replaces the writing method (`over`:
 * `EmptyStreamReader.feed_data` returning False leaves `StreamReader.feed_data`'s writes
 * out), and, above a class whose `__init__` never runs its bases' set-up, only for the
 * attributes that `__init__` sets up itself (`setup`: the base's methods presume
 * attributes the instance does not have). */
typedef struct state_walk {
    name_vec over;
    const ssot_class *setup;   /* the lowest class whose `__init__` replaces its bases' */
    const char *state, *request;
} state_walk;

static void walk_state(resolver *r, int32_t file, const ssot_class *k, state_walk *w,
                       int depth)
{
    if (depth > STATE_DEPTH || (k->flags & (SSOT_KF_FROZEN | SSOT_KF_ENUM | SSOT_KF_NAMEDTUPLE)))
        return;
    const ssot_class_state *st = k->state;
    name_vec live = {0};
    for (size_t i = 0; i < st->write_count; i++) {
        const char *a = st->writes[i], *m = st->write_methods ? st->write_methods[i] : NULL;
        if ((st->instance_attr && !strcmp(a, st->instance_attr)) ||
            has_name(w->over.items, w->over.count, m) ||
            (w->setup && w->setup != k &&
             !has_name(w->setup->state->init_attrs, w->setup->state->init_attr_count, a)) ||
            has_name(live.items, live.count, a))
            continue;
        SSOT_VEC_PUSH(&live, a);
    }
    if (!w->state)
        w->state = names_text(r, live.items, live.count);
    free(live.items);
    if (!w->request && st->request &&
        !has_name(w->over.items, w->over.count, st->request_method))
        w->request = st->request;
    if (!w->state)
        w->state = composed_state(r, file, k, depth, &w->request);
    size_t mark = w->over.count;
    for (size_t i = 0; i < st->replace_count; i++)
        SSOT_VEC_PUSH(&w->over, st->replaces[i]);
    const ssot_class *setup = w->setup;
    if (!w->setup && has_name(st->replaces, st->replace_count, "__init__"))
        w->setup = k;
    for (size_t i = 0; i < k->base_count; i++) {
        ref b = base_of(r, file, k, i);
        if (b.cls && b.cls != k)
            walk_state(r, b.file, b.cls, w, depth + 1);
        else if (!b.cls && !w->state && !w->setup)
            w->state = ssot_shared_state_client(b.external);
    }
    w->setup = setup;
    w->over.count = mark;
}

static const char *class_state(resolver *r, int32_t file, const ssot_class *k, int depth)
{
    const ssot_facts *f = r->idx->files.items[file];
    size_t at = r->class_base[file] + (size_t)(k - f->classes);
    if (r->memo[at] == 1)
        return k->shared_state;
    if (r->memo[at] == 2 || depth > STATE_DEPTH)
        return NULL;
    r->memo[at] = 2;
    state_walk w = {0};
    walk_state(r, file, k, &w, depth);
    free(w.over.items);
    const char *state = w.state, *request = w.request;
    if (!(k->flags & (SSOT_KF_FROZEN | SSOT_KF_ENUM | SSOT_KF_NAMEDTUPLE))) {
        for (size_t i = 0; i < k->base_count; i++) {
            ref b = base_of(r, file, k, i);
            if (!b.cls || b.cls == k)
                continue;
            class_state(r, b.file, b.cls, depth + 1);
            if (!k->state->instance_attr && !k->inherited_singleton &&
                b.cls->state->instance_attr)
                ((ssot_class *)k)->inherited_singleton = ssot_arena_printf(
                    r->idx->arena, "%s%s%s", b.cls->name,
                    strcmp(b.cls->state->instance_method, "__new__") ? "." : "",
                    strcmp(b.cls->state->instance_method, "__new__")
                        ? b.cls->state->instance_method
                        : "");
            else if (!k->state->instance_attr && !k->inherited_singleton &&
                     b.cls->inherited_singleton)
                ((ssot_class *)k)->inherited_singleton = b.cls->inherited_singleton;
        }
    }
    ((ssot_class *)k)->shared_state = state;
    ((ssot_class *)k)->request_state =
        state && request ? ssot_arena_strdup(r->idx->arena, request) : NULL;
    r->memo[at] = 1;
    return state;
}

/* The classes outside the project that `k` derives from, and whether it is a settings
 * object or a container, through its project bases. */
typedef struct ancestry {
    SSOT_VEC(const char *) externals;
    bool settings, container;
} ancestry;

static void walk_ancestry(resolver *r, int32_t file, const ssot_class *k, ancestry *a, int depth)
{
    static const char *const containers[] = {
        "dict", "list", "set", "deque", "OrderedDict", "defaultdict", "UserDict", "UserList",
        "Counter", "WeakSet", "WeakKeyDictionary", NULL,
    };
    if (depth > STATE_DEPTH)
        return;
    if (settings_class(k))
        a->settings = true;
    for (size_t i = 0; i < k->base_count; i++) {
        ref b = base_of(r, file, k, i);
        if (b.cls && b.cls != k) {
            walk_ancestry(r, b.file, b.cls, a, depth + 1);
        } else if (!b.cls && b.external) {
            const char *last = last_segment(b.external);
            SSOT_VEC_PUSH(&a->externals, ssot_arena_strdup(r->idx->arena, b.external));
            if (settings_name(last))
                a->settings = true;
            for (const char *const *c = containers; *c; c++)
                if (!strcmp(*c, last))
                    a->container = true;
        }
    }
}

static ssot_held held_by(resolver *r, int32_t file, const char *callee)
{
    ssot_held h = {0};
    if (!callee)
        return h;
    /* names are copied: another file's arena is freed when its rules have run */
    ref t = resolve(r, file, callee, 0);
    if (t.cls) {
        h.cls = ssot_arena_strdup(r->idx->arena, t.cls->name);
        h.state = class_state(r, t.file, t.cls, 0);
        h.request = t.cls->request_state;
        ancestry a = {0};
        walk_ancestry(r, t.file, t.cls, &a, 0);
        h.settings = a.settings;
        h.container = a.container;
        h.external_count = a.externals.count;
        h.externals = ssot_arena_alloc(r->idx->arena, (a.externals.count + 1) * sizeof(char *));
        if (a.externals.count)
            memcpy(h.externals, a.externals.items, a.externals.count * sizeof(char *));
        free(a.externals.items);
    } else if ((h.state = ssot_shared_state_client(t.external)) != NULL) {
        h.cls = ssot_arena_strdup(r->idx->arena, t.external);
    } else {
        h.settings = t.external && settings_name(last_segment(t.external));
    }
    return h;
}

/* The service binding `name` of `file`, or re-exported by it (up to 3 levels); NULL. */
static ssot_binding *binding_in(resolver *r, int32_t file, const char *name, int depth)
{
    if (depth > 3)
        return NULL;
    size_t n;
    const uint32_t *v = ssot_strmap_get(r->bindings, name, &n);
    for (size_t i = 0; i < n; i++)
        if (r->binding_file.items[v[i]] == (uint32_t)file)
            return &r->idx->files.items[file]->bindings[r->binding_index.items[v[i]]];
    const ssot_facts *f = r->idx->files.items[file];
    for (size_t i = 0; i < f->import_count; i++) {
        const ssot_import *im = &f->imports[i];
        if (!im->name || !im->local || strcmp(im->local, name) != 0)
            continue;
        int32_t m = ssot_index_module(r->idx, (size_t)file, im->module);
        return m >= 0 && m != file ? binding_in(r, m, im->name, depth + 1) : NULL;
    }
    return NULL;
}

/* `m.revoked.add(x)` in `file`: the container of module `m` gains a writer. */
static void link_remote_writes(resolver *r, int32_t file)
{
    const ssot_facts *f = r->idx->files.items[file];
    for (size_t i = 0; i < f->import_write_count; i++) {
        const ssot_import_write *w = &f->import_writes[i];
        const ssot_import *im = &f->imports[w->import];
        if (!im->name)
            continue;
        int32_t m = ssot_index_module(r->idx, (size_t)file, im->module);
        if (m < 0 || m == file || r->idx->files.items[m]->role != SSOT_ROLE_SERVICE)
            continue;
        ssot_binding *b = binding_in(r, m, im->name, 0);
        if (!b || (b->kind != SSOT_VALUE_CONTAINER && !b->held.container))
            continue;
        const char *module = r->idx->modules.items[file];
        const char *writer = ssot_arena_printf(r->idx->arena, "%s%s%s", module ? module : "",
                                               module ? "." : "", w->writer);
        if (!b->writer)
            b->writer = writer;
        b->writer_count++;
        /* what another module's function writes is not known to be its caller's data */
        b->flags |= SSOT_BF_COMPUTED_WRITE;
        if (w->request && !b->request)
            b->request = ssot_arena_printf(r->idx->arena, "%s (in `%s`)", w->request, f->path);
    }
}

/* The binding of `file` named `name`, or re-exported under that name, is imported. */
static void mark_imported(resolver *r, int32_t file, const char *name, const char *importer)
{
    ssot_binding *b = binding_in(r, file, name, 0);
    if (b && !(b->flags & SSOT_BF_IMPORTED)) {
        b->flags |= SSOT_BF_IMPORTED;
        b->importer = importer;
    }
}

static void link_imports(resolver *r, int32_t file)
{
    const ssot_facts *f = r->idx->files.items[file];
    for (size_t i = 0; i < f->import_count; i++) {
        const ssot_import *im = &f->imports[i];
        if (!im->name)
            continue;
        int32_t m = ssot_index_module(r->idx, (size_t)file, im->module);
        if (m >= 0 && m != file && r->idx->files.items[m]->role == SSOT_ROLE_SERVICE)
            mark_imported(r, m, im->name, f->path);
    }
}

void ssot_shared_state_resolve(ssot_index *idx)
{
    size_t nfiles = idx->files.count, nclasses = 0;
    resolver r = {0};
    r.idx = idx;
    r.class_base = ssot_calloc(nfiles + 1, sizeof(size_t));
    for (size_t i = 0; i < nfiles; i++) {
        r.class_base[i] = nclasses;
        nclasses += idx->files.items[i]->class_count;
    }
    r.memo = ssot_calloc(nclasses + 1, 1);
    r.base_first = ssot_calloc(nclasses + 1, sizeof(size_t));
    size_t nbases = 0;
    for (size_t i = 0, c = 0; i < nfiles; i++)
        for (size_t k = 0; k < idx->files.items[i]->class_count; k++, c++) {
            r.base_first[c] = nbases;
            nbases += idx->files.items[i]->classes[k].base_count;
        }
    r.bases = ssot_calloc(nbases + 1, sizeof(ref));
    r.base_known = ssot_calloc(nbases + 1, 1);
    r.bindings = ssot_strmap_new();
    for (size_t i = 0; i < nfiles; i++) {
        const ssot_facts *f = idx->files.items[i];
        if (f->role != SSOT_ROLE_SERVICE)
            continue;
        for (size_t k = 0; k < f->binding_count; k++) {
            ssot_strmap_add(r.bindings, f->bindings[k].name, (uint32_t)r.binding_file.count);
            SSOT_VEC_PUSH(&r.binding_file, (uint32_t)i);
            SSOT_VEC_PUSH(&r.binding_index, (uint32_t)k);
        }
    }

    for (size_t i = 0; i < nfiles; i++) {
        ssot_facts *f = idx->files.items[i];
        int32_t file = (int32_t)i;
        for (size_t k = 0; k < f->class_count; k++) {
            ssot_class *cls = &f->classes[k];
            if (cls->outer_index >= 0)
                continue;
            class_state(&r, file, cls, 0);
            if (cls->state->metaclass) {
                ref m = resolve(&r, file, cls->state->metaclass, 0);
                if (m.cls && (m.cls->flags & SSOT_KF_CACHING_META))
                    cls->caching_meta = ssot_arena_strdup(idx->arena, m.cls->name);
            }
        }
        if (f->role != SSOT_ROLE_SERVICE)
            continue;
        for (size_t k = 0; k < f->binding_count; k++)
            if (f->bindings[k].kind == SSOT_VALUE_CALL)
                f->bindings[k].held = held_by(&r, file, f->bindings[k].callee);
        for (size_t k = 0; k < f->module_fn_count; k++)
            if (f->module_fns[k].returns)
                f->module_fns[k].held = held_by(&r, file, f->module_fns[k].returns);
        for (size_t k = 0; k < f->global_write_count; k++)
            if (f->global_writes[k].kind == SSOT_VALUE_CALL)
                f->global_writes[k].held = held_by(&r, file, f->global_writes[k].callee);
        link_imports(&r, file);
    }
    for (size_t i = 0; i < nfiles; i++)
        if (idx->files.items[i]->role == SSOT_ROLE_SERVICE)
            link_remote_writes(&r, (int32_t)i);
    /* a project with no request handler and no web framework has no request-scoped user */
    bool serves = false;
    for (size_t i = 0; i < nfiles && !serves; i++)
        serves = idx->files.items[i]->role == SSOT_ROLE_SERVICE && idx->files.items[i]->serves;
    for (size_t i = 0; i < nfiles; i++)
        idx->files.items[i]->no_requests = !serves;

    free(r.class_base);
    free(r.memo);
    free(r.base_first);
    free(r.bases);
    free(r.base_known);
    free(r.binding_file.items);
    free(r.binding_index.items);
    ssot_strmap_free(r.bindings);
}
