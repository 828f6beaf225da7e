/* analyzer/resolve/duplicates.c - cluster duplicated definitions for the DD rules. Reads every
 * file's definitions and imports through the index; hash tables keyed by fingerprint or
 * name give the candidate groups in one pass, union-find joins them into clusters, and
 * each extra member gets a `dup` (in the index's arena) naming every site and the likely
 * canonical one: the most imported, then the shortest module path. O(n) in definitions,
 * plus pairs inside one same-named class group (capped). */
#include "analyzer/resolve/duplicates.h"

#include "analyzer/facts/assertions.h"
#include "analyzer/discover/units.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

enum { PAIR_DIRECT = 64, PLUGIN_SIBLINGS = 5, REEXPORT_HOPS = 3, EVIDENCE_NAMES = 3, IDIOM_COPIES = 5 };

/* ---- a hash map from 64-bit keys to 32-bit values (0 = empty) ---- */

typedef struct u64map {
    uint64_t *keys;
    uint32_t *vals;
    size_t mask;
} u64map;

static void map_init(u64map *m, size_t n)
{
    size_t cap = 64;
    while (cap < n + n / 2 + 16) /* at most two thirds full */
        cap <<= 1;
    m->keys = ssot_calloc(cap, sizeof(*m->keys));
    m->vals = ssot_calloc(cap, sizeof(*m->vals));
    m->mask = cap - 1;
}

static void map_fini(u64map *m)
{
    free(m->keys);
    free(m->vals);
}

/* The value slot of `key`, claimed (value 0) when absent. The map never fills: it is sized
 * for at most `n` keys. */
static uint32_t *map_slot(u64map *m, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & m->mask;
    while (m->vals[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    m->keys[i] = key;
    return &m->vals[i];
}

static uint32_t map_get(const u64map *m, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & m->mask;
    while (m->vals[i]) {
        if (m->keys[i] == key)
            return m->vals[i];
        i = (i + 1) & m->mask;
    }
    return 0;
}

static uint64_t name_key(uint32_t file, const char *name, size_t len)
{
    return XXH3_64bits_withSeed(name, len, (uint64_t)file + 1);
}

/* ---- union-find ---- */

static uint32_t uf_find(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a != b)
        parent[a < b ? b : a] = a < b ? a : b;
}

/* ---- the definitions of the project ---- */

/* 32 bytes: one per definition of every service file (78k on 3.4M lines) */
typedef struct dref {
    uint32_t file;        /* its module's name is the index's `modules[file]` */
    ssot_definition *d;
    uint32_t imported;
    uint32_t unit;        /* its deployment unit (units.h) */
    const char *evidence; /* DD001: why it joined its cluster */
} dref;

typedef SSOT_VEC(uint32_t) u32vec;

typedef struct dups {
    ssot_index *idx;
    SSOT_VEC(dref) refs;
    u32vec *importers; /* per file: the other service files that import it, ascending */
    u64map defined;  /* (file, module-level name) -> 1; only while collecting */
    u64map imports;  /* (file, module-level name) -> imports from other modules; likewise */
    uint32_t *parent;
    uint32_t *cross;   /* DD001: union-find over pairs in different units */
    u64map shapes;     /* fp3 -> how many functions and methods have that shape */
    ssot_units units;
} dups;

static bool defines(const dups *x, uint32_t file, const char *name)
{
    return map_get(&x->defined, name_key(file, name, strlen(name))) != 0;
}

/* Follow `from m import name` to the file that defines it, from `t`, the file module `m`
 * is (-1: none): through package re-exports (`from .manager import WebSocketManager` in
 * `__init__.py`), a few hops deep. */
static int32_t defining_file(const dups *x, int32_t t, const char *name)
{
    for (int hop = 0; t >= 0 && hop < REEXPORT_HOPS; hop++) {
        if (defines(x, (uint32_t)t, name))
            return t;
        const ssot_facts *f = x->idx->files.items[t];
        int32_t next = -1;
        for (size_t i = 0; i < f->import_count && next < 0; i++) {
            const ssot_import *im = &f->imports[i];
            if (im->name && im->local && !strcmp(im->local, name) && strcmp(im->name, name) == 0)
                next = ssot_index_module(x->idx, (size_t)t, im->module);
        }
        if (next == t)
            break;
        t = next;
    }
    return -1;
}

/* ---- which modules import which (DD001, DD004) ---- */

static void add_importer(dups *x, int32_t target, uint32_t from)
{
    if (target < 0 || (uint32_t)target == from)
        return;
    u32vec *v = &x->importers[target];
    if (v->count && v->items[v->count - 1] == from)
        return; /* files are walked in order: a repeat is always the last one */
    SSOT_VEC_PUSH(v, from);
}

/* Every service file's imports, resolved to files: the module itself, the file that
 * defines an imported name (whose imports of it are counted), and `from pkg import mod` as
 * the submodule. Test files' imports (kept for SS002) do not make a source live. */
static void link_modules(dups *x)
{
    size_t nf = x->idx->files.count, total = 0;
    for (size_t f = 0; f < nf; f++)
        total += x->idx->files.items[f]->import_count;
    map_init(&x->imports, total);
    x->importers = ssot_calloc(nf + 1, sizeof(*x->importers));
    char buf[512];
    for (size_t f = 0; f < nf; f++) {
        const ssot_facts *facts = x->idx->files.items[f];
        if (facts->role != SSOT_ROLE_SERVICE)
            continue;
        for (size_t i = 0; i < facts->import_count; i++) {
            const ssot_import *im = &facts->imports[i];
            if (!im->module)
                continue;
            int32_t module = ssot_index_module(x->idx, f, im->module);
            add_importer(x, module, (uint32_t)f);
            if (!im->name)
                continue;
            int32_t t = defining_file(x, module, im->name);
            if (t >= 0 && (size_t)t != f)
                (*map_slot(&x->imports, name_key((uint32_t)t, im->name, strlen(im->name))))++;
            add_importer(x, t, (uint32_t)f);
            size_t ml = strlen(im->module);
            int w = snprintf(buf, sizeof(buf), "%s%s%s", im->module,
                             im->module[ml - 1] == '.' ? "" : ".", im->name);
            if (w > 0 && (size_t)w < sizeof(buf))
                add_importer(x, ssot_index_module(x->idx, f, buf), (uint32_t)f);
        }
    }
}

static bool has_importer(const u32vec *v, uint32_t f)
{
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i] == f)
            return true;
    return false;
}

/* No other first-party module imports it: a script, an entry point, an example app, or a
 * library module only its users import. */
static bool unimported(const dups *x, uint32_t file)
{
    return x->importers[file].count == 0 && !x->idx->files.items[file]->linked;
}

/* One imports the other, or a third module imports both (the lists ascend). */
static bool linked(const dups *x, uint32_t a, uint32_t b)
{
    const u32vec *ia = &x->importers[a], *ib = &x->importers[b];
    if (has_importer(ia, b) || has_importer(ib, a))
        return true;
    for (size_t i = 0, k = 0; i < ia->count && k < ib->count;) {
        if (ia->items[i] == ib->items[k])
            return true;
        if (ia->items[i] < ib->items[k])
            i++;
        else
            k++;
    }
    return false;
}

/* How many imports name the definition (a method: its class). */
static uint32_t imported(const dups *x, uint32_t file, const ssot_definition *d)
{
    const char *dot = strchr(d->qualname, '.');
    size_t n = dot ? (size_t)(dot - d->qualname) : strlen(d->qualname);
    return map_get(&x->imports, name_key(file, d->qualname, n));
}

static void collect(dups *x)
{
    size_t total = 0;
    for (size_t f = 0; f < x->idx->files.count; f++)
        total += x->idx->files.items[f]->definition_count;
    map_init(&x->defined, total);
    x->refs.items = ssot_malloc((total + 1) * sizeof(*x->refs.items)); /* no slack */
    x->refs.cap = total + 1;
    for (size_t f = 0; f < x->idx->files.count; f++) {
        ssot_facts *facts = x->idx->files.items[f];
        for (size_t i = 0; i < facts->definition_count; i++) {
            ssot_definition *d = &facts->definitions[i];
            if (d->parent < 0)
                *map_slot(&x->defined, name_key((uint32_t)f, d->name, strlen(d->name))) = 1;
            dref r = {(uint32_t)f, d, 0, 0, NULL};
            SSOT_VEC_PUSH(&x->refs, r);
        }
    }
    link_modules(x);
    size_t nf = x->idx->files.count;
    bool *used = ssot_calloc(nf + 1, sizeof(*used));
    for (size_t f = 0; f < nf; f++)
        used[f] = x->importers[f].count > 0 || x->idx->files.items[f]->linked;
    ssot_units_assign(x->idx, used, &x->units);
    free(used);
    for (size_t i = 0; i < x->refs.count; i++) {
        dref *r = &x->refs.items[i];
        r->imported = imported(x, r->file, r->d);
        r->unit = x->units.of[r->file];
    }
    /* what the two maps answer is in `refs` and `importers` now: freed before the clusters
       are made, which is when the pass is at its largest */
    map_fini(&x->defined);
    map_fini(&x->imports);
}

/* ---- clusters ---- */

static const char *module_of(const dups *x, const dref *r)
{
    return x->idx->modules.items[r->file];
}

/* Canonical first: most imported, then the shortest module path, then by name and row. */
static int canonical_order(const dups *x, const dref *a, const dref *b)
{
    if (a->imported != b->imported)
        return a->imported > b->imported ? -1 : 1;
    const char *ma = module_of(x, a), *mb = module_of(x, b);
    size_t la = strlen(ma), lb = strlen(mb);
    if (la != lb)
        return la < lb ? -1 : 1;
    int c = strcmp(ma, mb);
    if (c)
        return c;
    return a->d->loc.span.row < b->d->loc.span.row ? -1 : a->d->loc.span.row > b->d->loc.span.row;
}

static int site_order(const void *pa, const void *pb)
{
    const ssot_dup_site *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    return a->span.row < b->span.row ? -1 : a->span.row > b->span.row;
}

/* One cluster: `members` index `refs`. Every member but the canonical one gets a `dup`. */
static void emit(dups *x, const uint32_t *members, size_t n, const char *code, bool conflict,
                 const char *evidence)
{
    ssot_arena *arena = x->idx->arena;
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (canonical_order(x, &x->refs.items[members[i]], &x->refs.items[members[best]]) < 0)
            best = i;
    bool read = !x->idx->partial;
    for (size_t i = 0; i < n && !read; i++)
        read = x->idx->wanted.items[x->refs.items[members[i]].file];
    if (!read) {
        /* a changed-files run reports none of these files: their members are marked with
           the code alone (a later group reads it: DD003 leaves out DD002's copies), without
           the sites no rule will read */
        ssot_dup *mark = ssot_arena_alloc(arena, sizeof(*mark));
        mark->code = code;
        for (size_t i = 0; i < n; i++)
            if (i != best && !x->refs.items[members[i]].d->dup)
                x->refs.items[members[i]].d->dup = mark;
        return;
    }
    ssot_dup_site *sites = ssot_arena_alloc(arena, n * sizeof(*sites));
    const char *qualname = NULL; /* the last copy: copies of one definition share its name */
    for (size_t i = 0, k = 1; i < n; i++) {
        const dref *r = &x->refs.items[members[i]];
        ssot_dup_site *s = &sites[i == best ? 0 : k++];
        s->path = x->idx->files.items[r->file]->path;
        s->module = module_of(x, r);
        if (!qualname || strcmp(qualname, r->d->qualname))
            qualname = ssot_arena_strdup(arena, r->d->qualname); /* a file's facts may be
                                                                    freed once it is checked */
        s->qualname = qualname;
        s->span = r->d->loc.span;
        s->imported = r->imported;
        s->unit = x->units.label[r->unit];
        s->by_path = x->idx->files.items[r->file]->words.module_by_path;
    }
    qsort(sites + 1, n - 1, sizeof(*sites), site_order);
    ssot_dup *dup = NULL; /* members with the same evidence share one */
    for (size_t i = 0; i < n; i++) {
        if (i == best)
            continue;
        dref *r = &x->refs.items[members[i]];
        if (r->d->dup)
            continue;
        const char *why = r->evidence ? r->evidence : evidence;
        if (!dup || dup->evidence != why) {
            dup = ssot_arena_alloc(arena, sizeof(*dup));
            dup->code = code;
            dup->sites = sites;
            dup->site_count = (uint32_t)n;
            dup->evidence = why;
            dup->conflict = conflict;
        }
        r->d->dup = dup;
    }
}

/* Group the members of each union-find root (in `refs` order) and emit groups of >= 2. */
typedef bool (*group_fn)(dups *x, uint32_t *members, size_t *n);

/* A candidate group split by deployment unit: each unit's part of >= 2 members (kept by
 * `keep`, which may shrink it) is reported as `code`; when the group spans two or more units
 * it is reported whole as DD005 too (what `cross` keeps of it), saying `what` is copied.
 * A NULL `code` reports the group as DD005 only. */
typedef struct split {
    const char *code;
    group_fn keep;
    group_fn cross;
    const char *what;
} split;

static int by_unit(const dups *x, uint32_t a, uint32_t b)
{
    uint32_t ua = x->refs.items[a].unit, ub = x->refs.items[b].unit;
    return ua < ub ? -1 : ua > ub ? 1 : a < b ? -1 : a > b;
}

static void emit_split(dups *x, uint32_t *members, size_t m, const split *how)
{
    for (size_t i = 1; i < m; i++) /* insertion sort: groups are small */
        for (size_t k = i; k > 0 && by_unit(x, members[k - 1], members[k]) > 0; k--) {
            uint32_t t = members[k];
            members[k] = members[k - 1];
            members[k - 1] = t;
        }
    size_t units = 0;
    uint32_t *part = ssot_malloc((m + 1) * sizeof(*part));
    for (size_t i = 0, end; i < m; i = end) {
        for (end = i; end < m && x->refs.items[members[end]].unit ==
                                     x->refs.items[members[i]].unit;
             end++)
            ;
        units++;
        size_t n = end - i;
        if (!how->code || n < 2)
            continue;
        memcpy(part, members + i, n * sizeof(*part));
        bool conflict = how->keep ? how->keep(x, part, &n) : false;
        if (n >= 2)
            emit(x, part, n, how->code, conflict, NULL);
    }
    size_t n = m;
    if (units >= 2 && !(how->cross && !how->cross(x, members, &n)) && n >= 2)
        emit(x, members, n, "DD005", false, how->what);
    free(part);
}

static void emit_groups(dups *x, const bool *in, const split *how)
{
    size_t n = x->refs.count;
    uint32_t *next = ssot_malloc((n + 1) * sizeof(*next));
    uint32_t *head = ssot_malloc((n + 1) * sizeof(*head));
    uint32_t *tail = ssot_malloc((n + 1) * sizeof(*tail));
    uint32_t *size = ssot_calloc(n + 1, sizeof(*size));
    uint32_t *members = ssot_malloc((n + 1) * sizeof(*members));
    for (size_t i = 0; i < n; i++) {
        if (!in[i])
            continue;
        uint32_t r = uf_find(x->parent, (uint32_t)i);
        next[i] = UINT32_MAX;
        if (size[r]++ == 0)
            head[r] = (uint32_t)i;
        else
            next[tail[r]] = (uint32_t)i;
        tail[r] = (uint32_t)i;
    }
    for (size_t r = 0; r < n; r++) {
        if (!in[r] || uf_find(x->parent, (uint32_t)r) != r || size[r] < 2)
            continue;
        size_t m = 0;
        for (uint32_t i = head[r]; i != UINT32_MAX; i = next[i])
            members[m++] = i;
        emit_split(x, members, m, how);
    }
    free(next);
    free(head);
    free(tail);
    free(size);
    free(members);
}

static void uf_reset(dups *x)
{
    for (size_t i = 0; i < x->refs.count; i++)
        x->parent[i] = (uint32_t)i;
}

/* Union every eligible definition with the first one of the same key. */
static void union_by(dups *x, const bool *in, uint64_t (*key)(const dref *))
{
    u64map first;
    map_init(&first, x->refs.count);
    for (size_t i = 0; i < x->refs.count; i++) {
        if (!in[i])
            continue;
        uint32_t *slot = map_slot(&first, key(&x->refs.items[i]));
        if (*slot)
            uf_union(x->parent, *slot - 1, (uint32_t)i);
        else
            *slot = (uint32_t)i + 1;
    }
    map_fini(&first);
}

static uint64_t key_fp1(const dref *r)
{
    return r->d->fp1;
}

static uint64_t key_fp2(const dref *r)
{
    return r->d->fp2;
}

static uint64_t key_name(const dref *r)
{
    return XXH3_64bits(r->d->name, strlen(r->d->name));
}

/* Constants: the name and the kind of literal (`"\r\n"` and `b"\r\n"`, `0x00` and `b"\0"`
 * are different things that share a name, not a conflict). */
static uint64_t key_constant(const dref *r)
{
    const char *v = r->d->literal;
    char kind = v[0] == 'b' ? 'b' : v[0] == '"' ? 's' : strchr("([{", v[0]) ? 'c' : 'n';
    return XXH3_64bits_withSeed(r->d->name, strlen(r->d->name), (uint64_t)(unsigned char)kind);
}

static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

/* A plugin convention: >= 5 of the definitions sit in sibling modules of one folder. Counted
 * per folder in a hash map: one pass over the group, whatever its size. */
static bool plugin_convention(dups *x, const uint32_t *members, size_t n)
{
    if (n < PLUGIN_SIBLINGS)
        return false;
    u64map folders;
    map_init(&folders, n);
    bool yes = false;
    for (size_t i = 0; i < n && !yes; i++) {
        const char *p = x->idx->files.items[x->refs.items[members[i]].file]->path;
        uint32_t *count = map_slot(&folders, XXH3_64bits(p, dir_len(p)));
        yes = ++*count >= PLUGIN_SIBLINGS;
    }
    map_fini(&folders);
    return yes;
}

static bool function_eligible(const ssot_definition *d)
{
    return (d->kind == SSOT_DEF_FUNCTION || d->kind == SSOT_DEF_METHOD) &&
           !(d->flags & (SSOT_DEFF_SMALL | SSOT_DEFF_GUARDED | SSOT_DEFF_IGNORED));
}

/* A short body (under the size bar, with logic) that five or more definitions repeat is an
 * idiom of the code base (a framework hook filled the same way in many classes), not a copy
 * to fold into one place; two to four copies of it are. */
/* The cluster is part of a family of five or more definitions with one shape (the same
 * code with other names and literals: a filter per field, a button per action, a search
 * hook per model): what differs between them, and what happens to coincide, is the content. */
static bool family_member(const dups *x, const uint32_t *members, size_t n)
{
    uint32_t family = map_get(&x->shapes, x->refs.items[members[0]].d->fp3);
    return family >= IDIOM_COPIES && family > n;
}

static bool idiom(const dups *x, const uint32_t *members, size_t n)
{
    if (!(x->refs.items[members[0]].d->flags & SSOT_DEFF_SHORT))
        return false;
    return n >= IDIOM_COPIES || family_member(x, members, n);
}

/* Does a word of `name` (split at `_` and camelCase humps, 3 letters or more) occur in the string `lit`? A
 * `bulk_edit_button` whose label says "Edit", a `virtualenvs_path` reading the setting
 * "virtualenvs.path": the name is the string's. */
static bool name_in_string(const char *name, const char *lit)
{
    for (const char *w = name; *w;) {
        while (*w == '_')
            w++;
        /* a word ends at `_` or where camelCase starts one (`createDatabase`) */
        size_t n = 0;
        while (w[n] && w[n] != '_' &&
               !(n && isupper((unsigned char)w[n]) && islower((unsigned char)w[n - 1])))
            n++;
        if (n >= 3) {
            for (const char *p = lit; *p; p++)
                if (!strncasecmp(p, w, n))
                    return true;
        }
        w += n;
    }
    return false;
}

/* Differently named twins whose strings differ: are the strings what each name stands
 * for? They are when they are most of the body's strings (a per-key accessor, a lookup
 * per query), when a name is spelled in its own string, or when the strings are all the
 * same and the twins call different methods of their own classes (a property per
 * helper). A changed marker or separator among strings the bodies share is a knob. */
static bool strings_are_content(const ssot_definition *a, const ssot_definition *b)
{
    size_t n = a->string_count < b->string_count ? a->string_count : b->string_count;
    size_t differ = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(a->strings[i], b->strings[i]))
            continue;
        differ++;
        if (name_in_string(a->name, a->strings[i]) || name_in_string(b->name, b->strings[i]))
            return true;
    }
    return differ == 0 || 2 * differ >= n;
}

/* Two type-2 twins are one piece of code written twice when they use the same strings and
 * call the same methods of their own classes, whatever their local names, numbers and
 * booleans (`sort_keys=True` for `False`, a limit of 80 for 120: knobs to pass in); when
 * they are the same method (one name) of two classes and decide something (branch, loop,
 * raise, catch): changed strings then become a class attribute or an argument of the one
 * shared body; or when differently named twins differ in a string that is a knob
 * (strings_are_content). Otherwise the strings are their content: one named operation per
 * key, lookup or label (the parents and the children queries, an edit and a delete
 * button, an accessor per settings key), whose parametrised form is a helper plus one
 * wrapper per name passing the string on; and same-named straight-line bodies that differ
 * in strings (a filter setting its defaults) are configuration. */
static bool near_pair(const ssot_definition *a, const ssot_definition *b)
{
    if (a->fpl == b->fpl)
        return true;
    if (!strcmp(a->name, b->name))
        return (a->flags & SSOT_DEFF_LOGIC) && (b->flags & SSOT_DEFF_LOGIC);
    return !strings_are_content(a, b);
}

/* Keep the members that are near-copies of another member (near_pair). */
static void keep_near_pairs(const dups *x, uint32_t *members, size_t *n)
{
    size_t m = 0;
    for (size_t i = 0; i < *n; i++) {
        const ssot_definition *a = x->refs.items[members[i]].d;
        bool pair = false;
        for (size_t k = 0; k < *n && !pair; k++)
            pair = k != i && near_pair(a, x->refs.items[members[k]].d);
        if (pair)
            members[m++] = members[i];
    }
    *n = m;
}

static bool drop_family(dups *x, uint32_t *members, size_t *n)
{
    if (family_member(x, members, *n))
        *n = 0;
    else
        keep_near_pairs(x, members, n);
    return false;
}

static bool near_copies_not_family(dups *x, uint32_t *members, size_t *n)
{
    return !family_member(x, members, *n) && !plugin_convention(x, members, *n);
}

static bool drop_idiom(dups *x, uint32_t *members, size_t *n)
{
    if (idiom(x, members, *n))
        *n = 0;
    return false; /* never a conflict */
}

/* Across units, five or more copies in sibling modules of one folder are a convention too:
 * a lesson repeated in every tutorial of a chapter, one handler per example program. */
static bool copies_not_idiom(dups *x, uint32_t *members, size_t *n)
{
    return !idiom(x, members, *n) && !plugin_convention(x, members, *n);
}

/* DD002 by fp1, then DD003 by fp2 over what DD002 left: one representative per type-1
 * cluster, so a type-2 cluster always holds bodies that really differ. */
static void functions(dups *x, bool *in)
{
    size_t n = x->refs.count;
    for (size_t i = 0; i < n; i++)
        in[i] = function_eligible(x->refs.items[i].d);
    map_init(&x->shapes, n);
    for (size_t i = 0; i < n; i++) {
        const ssot_definition *d = x->refs.items[i].d;
        if ((d->kind == SSOT_DEF_FUNCTION || d->kind == SSOT_DEF_METHOD) &&
            !(d->flags & SSOT_DEFF_GUARDED))
            (*map_slot(&x->shapes, d->fp3))++;
    }
    uf_reset(x);
    union_by(x, in, key_fp1);
    static const split dd002 = {"DD002", drop_idiom, copies_not_idiom, "the same body"};
    emit_groups(x, in, &dd002);
    for (size_t i = 0; i < n; i++) /* a cross-unit copy still stands for its unit */
        in[i] = in[i] && !(x->refs.items[i].d->dup &&
                           !strcmp(x->refs.items[i].d->dup->code, "DD002"));
    for (size_t i = 0; i < n; i++)
        in[i] = in[i] && !(x->refs.items[i].d->flags & SSOT_DEFF_LITERALS);
    uf_reset(x);
    union_by(x, in, key_fp2);
    static const split dd003 = {"DD003", drop_family, near_copies_not_family,
                                "the same body up to renamed variables and changed literals"};
    emit_groups(x, in, &dd003);
}

/* ---- DD004: constants ---- */

static bool trivial_literal(const char *v)
{
    static const char *const trivial[] = {
        "0", "1", "-1", "\"\"", "b\"\"", "None", "True", "False", "()", "[]", "{}", "0.0",
        "1.0", NULL,
    };
    for (const char *const *t = trivial; *t; t++)
        if (!strcmp(v, *t))
            return true;
    /* a short string of separators (`"\r\n"`, `", "`): a spelled character, not a setting */
    if (v[0] == 'b')
        v++;
    size_t n = strlen(v);
    if (v[0] != '"' || n > 10)
        return false;
    for (size_t i = 1; i + 1 < n; i++) {
        if (v[i] == '\\')
            i++;
        else if (isalnum((unsigned char)v[i]))
            return false;
    }
    return true;
}

/* Sibling modules of one package folder, both imported. */
static bool siblings(const dups *x, uint32_t a, uint32_t b)
{
    const char *p = x->idx->files.items[a]->path, *q = x->idx->files.items[b]->path;
    size_t l = dir_len(p);
    return l == dir_len(q) && !strncmp(p, q, l) && !unimported(x, a) && !unimported(x, b);
}

/* Is the value at home in these modules? The same value counts when one definition is
 * imported by other modules, or two of the modules are linked or siblings in use; different
 * values only when
 * two linked modules disagree and one of the two definitions is imported (else they are
 * module-local values that share a name, or unrelated modules: a name clash). */
static bool constants_in_use(const dups *x, const uint32_t *members, size_t m, bool conflict)
{
    for (size_t i = 0; i < m; i++) {
        const dref *a = &x->refs.items[members[i]];
        if (!conflict && a->imported)
            return true;
        for (size_t k = i + 1; k < m; k++) {
            const dref *b = &x->refs.items[members[k]];
            if (!conflict && siblings(x, a->file, b->file))
                return true;
            if (!linked(x, a->file, b->file))
                continue;
            if (!conflict)
                return true;
            if (strcmp(a->d->literal, b->d->literal) && (a->imported || b->imported))
                return true;
        }
    }
    return false;
}

/* Keep the first definition of each module among `members`; returns how many are left. */
static size_t first_per_module(const dups *x, uint32_t *members, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < m && !seen; k++)
            seen = x->refs.items[members[k]].file == x->refs.items[members[i]].file;
        if (!seen)
            members[m++] = members[i];
    }
    return m;
}

/* One definition per module (the first binding); conflict when the values differ. Per-plugin
 * values (the same name in 5 or more sibling modules) are a convention, not copies. */
static bool constant_group(dups *x, uint32_t *members, size_t *n)
{
    size_t m = *n = first_per_module(x, members, *n);
    bool conflict = false;
    for (size_t i = 1; i < m; i++)
        conflict |= strcmp(x->refs.items[members[i]].d->literal,
                           x->refs.items[members[0]].d->literal) != 0;
    if (m < 2 || plugin_convention(x, members, m) || !constants_in_use(x, members, m, conflict)) {
        *n = 0;
        return false;
    }
    if (!conflict)
        return false;
    /* the values, for the message: "`4096` in `app/config.py`, `8192` in `app/ws.py`" */
    const char *values = "";
    for (size_t i = 0; i < m; i++) {
        const dref *r = &x->refs.items[members[i]];
        values = ssot_arena_printf(x->idx->arena, "%s%s`%.60s` in `%s`", values, i ? ", " : "",
                                   r->d->literal, x->idx->files.items[r->file]->path);
    }
    for (size_t i = 0; i < m; i++)
        x->refs.items[members[i]].evidence = values;
    return conflict;
}

/* Across units: the same value (in one module each), not a per-plugin convention. */
static bool constant_copies(dups *x, uint32_t *members, size_t *n)
{
    size_t m = *n = first_per_module(x, members, *n);
    for (size_t i = 1; i < m; i++)
        if (strcmp(x->refs.items[members[i]].d->literal, x->refs.items[members[0]].d->literal))
            return false;
    return m >= 2 && !plugin_convention(x, members, m);
}

static void constants(dups *x, bool *in)
{
    for (size_t i = 0; i < x->refs.count; i++) {
        const ssot_definition *d = x->refs.items[i].d;
        in[i] = d->kind == SSOT_DEF_CONSTANT && d->literal && !trivial_literal(d->literal) &&
                !(d->flags & (SSOT_DEFF_GUARDED | SSOT_DEFF_DUNDER | SSOT_DEFF_IGNORED));
    }
    uf_reset(x);
    union_by(x, in, key_constant);
    static const split dd004 = {"DD004", constant_group, constant_copies, "the same value"};
    emit_groups(x, in, &dd004);
}

/* ---- DD001: classes ---- */

static bool is_dunder(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

/* The methods of class ref `r` (definitions whose parent it is), in `out`. */
typedef SSOT_VEC(const ssot_definition *) defvec;

static void methods_of(const dups *x, const dref *r, defvec *out)
{
    const ssot_facts *f = x->idx->files.items[r->file];
    int32_t k = (int32_t)(r->d - f->definitions);
    out->count = 0;
    for (size_t i = 0; i < f->definition_count; i++) {
        const ssot_definition *m = &f->definitions[i];
        if (m->parent == k && m->kind == SSOT_DEF_METHOD && !is_dunder(m->name))
            SSOT_VEC_PUSH(out, m);
    }
}

static const ssot_definition *find_method(const defvec *v, const char *name)
{
    for (size_t i = 0; i < v->count; i++)
        if (!strcmp(v->items[i]->name, name))
            return v->items[i];
    return NULL;
}

static bool plain_base(const char *b)
{
    const char *last = ssot_last_segment(b);
    return !strcmp(last, "object") || !strcmp(last, "Generic");
}

/* A base both classes name (by its last segment): what they share may be its interface. */
static bool common_base(const ssot_definition *a, const ssot_definition *b)
{
    for (size_t i = 0; i < a->base_count; i++)
        for (size_t k = 0; k < b->base_count; k++)
            if (!plain_base(a->bases[i]) &&
                !strcmp(ssot_last_segment(a->bases[i]), ssot_last_segment(b->bases[k])))
                return true;
    return false;
}

/* The same bases, in order, by last segment (`models.Model` and `Model` alike). */
static bool same_bases(const ssot_definition *a, const ssot_definition *b)
{
    if (a->base_count != b->base_count)
        return false;
    for (size_t i = 0; i < a->base_count; i++)
        if (strcmp(ssot_last_segment(a->bases[i]), ssot_last_segment(b->bases[i])))
            return false;
    return true;
}

/* "`a`, `b`, `c` and more" */
static const char *name_list(dups *x, const char *const *names, size_t n)
{
    const char *out = "";
    for (size_t i = 0; i < n && i < EVIDENCE_NAMES; i++)
        out = ssot_arena_printf(x->idx->arena, "%s%s`%s`", out, i ? ", " : "", names[i]);
    return n > EVIDENCE_NAMES ? ssot_arena_printf(x->idx->arena, "%s and more", out) : out;
}

/* A method of `a` whose body (type-2, of real size) is also a method of `b`. */
static const char *method_clone(dups *x, const defvec *ma, const defvec *mb)
{
    for (size_t i = 0; i < ma->count; i++) {
        const ssot_definition *m = ma->items[i];
        if (m->flags & SSOT_DEFF_SMALL)
            continue;
        for (size_t k = 0; k < mb->count; k++) {
            const ssot_definition *o = mb->items[k];
            if (!(o->flags & SSOT_DEFF_SMALL) && o->fp2 == m->fp2)
                return ssot_arena_printf(x->idx->arena, "method `%s` has the same body", m->name);
        }
    }
    return NULL;
}

/* Methods both define with the same body (type-2, small ones too; dunders aside):
 * evidence when they are at least 2 and no common base
 * explains them (small overrides of an interface both implement are boilerplate). Methods
 * that share a name but not a body are two implementations of one interface: no evidence. */
static const char *shared_methods(dups *x, const dref *a, const dref *b, const defvec *ma,
                                  const defvec *mb)
{
    if (common_base(a->d, b->d))
        return NULL;
    const char *names[EVIDENCE_NAMES + 1];
    size_t shared = 0;
    for (size_t i = 0; i < ma->count; i++) {
        const ssot_definition *m = ma->items[i], *o = find_method(mb, m->name);
        if (!o || m->fp2 != o->fp2)
            continue;
        if (shared < EVIDENCE_NAMES + 1)
            names[shared] = m->name;
        shared++;
    }
    if (shared < 2)
        return NULL;
    return ssot_arena_printf(x->idx->arena, "they share the methods %s",
                             name_list(x, names, shared > EVIDENCE_NAMES ? EVIDENCE_NAMES + 1
                                                                         : shared));
}

/* The class bodies are verbatim copies (type-1) with at least 2 members: a data class
 * declared twice. An ORM row and the schema exposing it, a serializer or GraphQL type
 * mirroring a model, per-app subclasses setting their own values: the bodies differ. */
static const char *same_body(const dref *a, const dref *b)
{
    size_t members = 0;
    for (size_t i = 0; i < a->d->member_count; i++)
        members += !is_dunder(a->d->members[i]);
    if (members < 2 || a->d->fp1 != b->d->fp1 || !same_bases(a->d, b->d))
        return NULL;
    return a->d->flags & SSOT_DEFF_TYPE ? "the declarations are the same"
                                        : "the class bodies are the same";
}

/* The class bodies are the same up to changed literals (type-2), with at least 3 members,
 * and a method is a verbatim copy (of any size): a class cloned with one value changed (a
 * template path). Per-app subclasses that set their own values share no method body. */
static const char *near_body(const dref *a, const dref *b, const defvec *ma, const defvec *mb)
{
    size_t members = 0;
    for (size_t i = 0; i < a->d->member_count; i++)
        members += !is_dunder(a->d->members[i]);
    if (members < 3 || a->d->fp2 != b->d->fp2 || !same_bases(a->d, b->d))
        return NULL;
    for (size_t i = 0; i < ma->count; i++) {
        const ssot_definition *o = find_method(mb, ma->items[i]->name);
        if (o && o->fp1 == ma->items[i]->fp1)
            return "the class bodies are the same up to changed literals";
    }
    return NULL;
}

/* `class Foo(other.Foo)`, or `class Foo(Base)` after `from other import Foo as Base`:
 * it extends the other definition. */
static bool extends_same_name(const ssot_facts *f, const ssot_definition *d)
{
    for (size_t i = 0; i < d->base_count; i++) {
        if (!strcmp(ssot_last_segment(d->bases[i]), d->name))
            return true;
        for (size_t k = 0; k < f->import_count; k++) {
            const ssot_import *im = &f->imports[k];
            if (im->name && im->local && !strcmp(im->local, d->bases[i]) &&
                !strcmp(im->name, d->name))
                return true;
        }
    }
    return false;
}

/* Does the pair of class refs have evidence of one concept (see the four tests below)? */
static const char *class_evidence(dups *x, const dref *a, const dref *b, const defvec *ma,
                                  const defvec *mb)
{
    const char *why = method_clone(x, ma, mb);
    if (!why)
        why = shared_methods(x, a, b, ma, mb);
    if (!why)
        why = same_body(a, b);
    if (!why)
        why = near_body(a, b, ma, mb);
    return why;
}

static void join_classes(dups *x, const uint32_t *members, size_t i, size_t k, const char *why)
{
    dref *a = &x->refs.items[members[i]], *b = &x->refs.items[members[k]];
    if (!a->evidence)
        a->evidence = why;
    if (!b->evidence)
        b->evidence = why;
    uf_union(a->unit == b->unit ? x->parent : x->cross, members[i], members[k]);
}

typedef struct keyed {
    uint64_t key;
    uint32_t member; /* position in the group */
} keyed;

typedef SSOT_VEC(keyed) keyed_vec;

static int by_key(const void *p, const void *q)
{
    const keyed *a = p, *b = q;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->member < b->member ? -1 : a->member > b->member;
}

static int by_pair(const void *p, const void *q)
{
    const uint64_t a = *(const uint64_t *)p, b = *(const uint64_t *)q;
    return a < b ? -1 : a > b;
}

/* The keys a pair with evidence must share: each method body (type-2) for a cloned method,
 * each method's name with its body for shared methods, the class body (type-1 and type-2)
 * for the same or nearly the same body. */
static void evidence_keys(const dref *r, const defvec *methods, uint32_t member,
                          keyed_vec *out)
{
    for (size_t i = 0; i < methods->count; i++) {
        const ssot_definition *m = methods->items[i];
        if (!(m->flags & SSOT_DEFF_SMALL))
            SSOT_VEC_PUSH(out, ((keyed){XXH3_64bits_withSeed(&m->fp2, sizeof(m->fp2), 1), member}));
        SSOT_VEC_PUSH(out, ((keyed){XXH3_64bits_withSeed(m->name, strlen(m->name), m->fp2 ^ 2),
                                    member}));
    }
    SSOT_VEC_PUSH(out, ((keyed){XXH3_64bits_withSeed(&r->d->fp1, sizeof(r->d->fp1), 3), member}));
    SSOT_VEC_PUSH(out, ((keyed){XXH3_64bits_withSeed(&r->d->fp2, sizeof(r->d->fp2), 4), member}));
}

/* A large name group: only the pairs that share an evidence key can have evidence. They are
 * found by sorting the keys, then tried in the order the pair-by-pair loop tries them (the
 * first evidence of a class is the one its finding names), so the clusters and messages are
 * those of comparing every pair, at the cost of the pairs that share something. */
static void class_group_keyed(dups *x, const uint32_t *members, size_t n)
{
    defvec *methods = ssot_calloc(n, sizeof(*methods));
    keyed_vec keys = {0};
    for (size_t i = 0; i < n; i++) {
        methods_of(x, &x->refs.items[members[i]], &methods[i]);
        evidence_keys(&x->refs.items[members[i]], &methods[i], (uint32_t)i, &keys);
    }
    qsort(keys.items, keys.count, sizeof(*keys.items), by_key);
    SSOT_VEC(uint64_t) pairs = {0};
    for (size_t s = 0, e; s < keys.count; s = e) {
        for (e = s + 1; e < keys.count && keys.items[e].key == keys.items[s].key; e++)
            ;
        for (size_t i = s; i < e; i++)
            for (size_t k = i + 1; k < e; k++) {
                uint32_t a = keys.items[i].member, b = keys.items[k].member;
                if (a != b &&
                    x->refs.items[members[a]].file != x->refs.items[members[b]].file)
                    SSOT_VEC_PUSH(&pairs, ((uint64_t)a << 32) | b);
            }
    }
    if (pairs.count) /* no pair shares a key: nothing to sort (qsort of NULL is undefined) */
        qsort(pairs.items, pairs.count, sizeof(*pairs.items), by_pair);
    for (size_t p = 0; p < pairs.count; p++) {
        if (p && pairs.items[p] == pairs.items[p - 1])
            continue;
        size_t i = (size_t)(pairs.items[p] >> 32), k = (size_t)(pairs.items[p] & 0xffffffffu);
        const char *why = class_evidence(x, &x->refs.items[members[i]],
                                         &x->refs.items[members[k]], &methods[i], &methods[k]);
        if (why)
            join_classes(x, members, i, k, why);
    }
    for (size_t i = 0; i < n; i++)
        free(methods[i].items);
    free(methods);
    free(keys.items);
    free(pairs.items);
}

/* Same-named classes (one name group) joined by evidence, pair by pair: in one deployment
 * unit for DD001, across units (separate programs or services) for DD005. A group of more
 * than PAIR_DIRECT classes compares only the pairs that share an evidence key. */
static void class_group(dups *x, const uint32_t *members, size_t n)
{
    if (plugin_convention(x, members, n))
        return;
    if (n > PAIR_DIRECT) {
        class_group_keyed(x, members, n);
        return;
    }
    defvec ma = {0}, mb = {0};
    for (size_t i = 0; i < n; i++) {
        for (size_t k = i + 1; k < n; k++) {
            dref *a = &x->refs.items[members[i]], *b = &x->refs.items[members[k]];
            if (a->file == b->file)
                continue;
            methods_of(x, a, &ma);
            methods_of(x, b, &mb);
            const char *why = class_evidence(x, a, b, &ma, &mb);
            if (why)
                join_classes(x, members, i, k, why);
        }
    }
    free(ma.items);
    free(mb.items);
}

static bool class_eligible(const ssot_facts *f, const ssot_definition *d)
{
    return d->kind == SSOT_DEF_CLASS && d->parent < 0 && !extends_same_name(f, d) &&
           !(d->flags & (SSOT_DEFF_GUARDED | SSOT_DEFF_PRIVATE | SSOT_DEFF_DUNDER |
                         SSOT_DEFF_EXCEPTION | SSOT_DEFF_IGNORED | SSOT_DEFF_META));
}

static void classes(dups *x, bool *in)
{
    size_t n = x->refs.count;
    for (size_t i = 0; i < n; i++)
        in[i] = class_eligible(x->idx->files.items[x->refs.items[i].file], x->refs.items[i].d);
    /* name groups first (a union-find over names), then evidence inside each group */
    uf_reset(x);
    union_by(x, in, key_name);
    uint32_t *next = ssot_malloc((n + 1) * sizeof(*next));
    uint32_t *head = ssot_malloc((n + 1) * sizeof(*head));
    uint32_t *members = ssot_malloc((n + 1) * sizeof(*members));
    for (size_t i = 0; i < n; i++)
        head[i] = next[i] = UINT32_MAX;
    for (size_t i = n; i-- > 0;) {
        if (!in[i])
            continue;
        uint32_t r = uf_find(x->parent, (uint32_t)i);
        next[i] = head[r];
        head[r] = (uint32_t)i;
    }
    uf_reset(x);
    for (size_t i = 0; i < n; i++)
        x->cross[i] = (uint32_t)i;
    for (size_t r = 0; r < n; r++) {
        size_t m = 0;
        for (uint32_t i = head[r]; i != UINT32_MAX; i = next[i])
            members[m++] = i;
        if (m >= 2)
            class_group(x, members, m);
    }
    free(next);
    free(head);
    free(members);
    static const split dd001 = {"DD001", NULL, NULL, NULL};
    emit_groups(x, in, &dd001);
    uint32_t *same = x->parent;
    x->parent = x->cross;
    static const split dd005 = {NULL, NULL, NULL, NULL};
    emit_groups(x, in, &dd005);
    x->parent = same;
}

void ssot_duplicates_resolve(ssot_index *idx)
{
    dups x = {0};
    x.idx = idx;
    collect(&x);
    size_t n = x.refs.count;
    x.parent = ssot_malloc((n + 1) * sizeof(*x.parent));
    x.cross = ssot_malloc((n + 1) * sizeof(*x.cross));
    bool *in = ssot_calloc(n + 1, sizeof(*in));
    functions(&x, in);
    classes(&x, in);
    constants(&x, in);
    free(in);
    free(x.parent);
    free(x.cross);
    ssot_units_fini(&x.units);
    map_fini(&x.shapes);
    for (size_t f = 0; f < idx->files.count; f++)
        free(x.importers[f].items);
    free(x.importers);
    free(x.refs.items);
}
