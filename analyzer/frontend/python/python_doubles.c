/* analyzer/frontend/python/python_doubles.c - follow test doubles through one function body:
 * the doubles it makes (Mock constructors, patch in every form, mocker, monkeypatch), what
 * it configures them with, which calls hang on them and which hand them to project code,
 * what its assertions read from them, and where it writes configured contract values.
 * Called by the body walker (python_body.c) as it meets each node; no walk of its own. */
#include "analyzer/frontend/python/python_body.h"

#include <stdlib.h>

#include "analyzer/facts/assertions.h"
#include "analyzer/config/config.h"

enum { MAX_SEGMENTS = 32 };

/* ---- what a call makes ---- */

typedef enum maker_form {
    FORM_NONE = 0,
    FORM_CTOR,         /* Mock(), MagicMock(), AsyncMock(), mock_open() ... */
    FORM_AUTOSPEC,     /* create_autospec(X) */
    FORM_PATCH,        /* patch("a.b") */
    FORM_PATCH_OBJECT, /* patch.object(obj, "attr") */
    FORM_PATCH_DICT,   /* patch.dict(mapping, ...) */
    FORM_PATCH_MULTIPLE,
    FORM_SPY,          /* mocker.spy(obj, "attr") */
    FORM_SETATTR,      /* monkeypatch.setattr(...) */
    FORM_SETITEM,      /* monkeypatch.setitem(...) */
} maker_form;

/* `callee` without one of the mock library's module prefixes, or NULL. */
static const char *mock_name(const char *callee)
{
    static const char *const prefixes[] = {"unittest.mock.", "mock.", "mocker.", NULL};
    for (const char *const *p = prefixes; *p; p++) {
        size_t n = strlen(*p);
        if (!strncmp(callee, *p, n))
            return callee + n;
    }
    return callee;
}

static maker_form form_of(const char *callee)
{
    static const char *const ctors[] = {
        "Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock",
        "PropertyMock", "ThreadingMock", "mock_open", "stub", "async_stub", NULL,
    };
    if (!callee)
        return FORM_NONE;
    if (!strcmp(callee, "monkeypatch.setattr"))
        return FORM_SETATTR;
    if (!strcmp(callee, "monkeypatch.setitem"))
        return FORM_SETITEM;
    if (!strcmp(callee, "mocker.spy") || !strcmp(callee, "mocker.async_spy"))
        return FORM_SPY;
    const char *n = mock_name(callee);
    bool mocker = !strncmp(callee, "mocker.", 7);
    if (py_str_in(n, ctors) && (mocker || (strcmp(n, "stub") && strcmp(n, "async_stub"))))
        return FORM_CTOR;
    if (!strcmp(n, "create_autospec"))
        return FORM_AUTOSPEC;
    if (!strcmp(n, "patch"))
        return FORM_PATCH;
    if (!strcmp(n, "patch.object"))
        return FORM_PATCH_OBJECT;
    if (!strcmp(n, "patch.dict"))
        return FORM_PATCH_DICT;
    if (!strcmp(n, "patch.multiple"))
        return FORM_PATCH_MULTIPLE;
    return FORM_NONE;
}

static bool is_patch_form(maker_form f)
{
    return f >= FORM_PATCH && f <= FORM_SETITEM;
}

/* Does the keyword argument hold something other than False/None? */
static bool kwarg_set(py_ctx *c, ft_node call, const char *name)
{
    ft_node v = py_call_kwarg(c, call, name);
    return !ft_is_null(v) && !py_is(v, "false") && !py_is(v, "none");
}

/* A literal, or a container of literals (a setting, not a double or a function). */
static bool literal_value(ft_node n, int depth)
{
    n = py_unparen(n);
    if (py_is_literal(n))
        return true;
    if (depth > 4 || !(py_is(n, "list") || py_is(n, "tuple") || py_is(n, "set") ||
                       py_is(n, "dictionary") || py_is(n, "pair")))
        return false;
    uint32_t k = ft_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        ft_node e = ft_named_child(n, i);
        if (!py_is(e, "comment") && !literal_value(e, depth + 1))
            return false;
    }
    return true;
}

static bool exception_name(const char *dotted)
{
    static const char *const suffixes[] = {"Error", "Exception", "Exit", "Interrupt", "Warning",
                                           "Timeout", NULL};
    const char *last = ssot_last_segment(dotted);
    size_t n = strlen(last);
    for (const char *const *s = suffixes; *s; s++) {
        size_t k = strlen(*s);
        if (n >= k && !strcmp(last + n - k, *s))
            return true;
    }
    return false;
}

/* ---- doubles and names ---- */

static int32_t add_double(fn_builder *b, const char *name, ssot_loc loc, uint32_t flags,
                          const char *target, const void *id)
{
    ssot_double d = {0};
    d.name = name;
    d.loc = loc;
    d.flags = flags | (name[0] ? 0 : SSOT_DF_ANONYMOUS);
    d.target = target;
    d.parent = -1;
    SSOT_VEC_PUSH(&b->doubles, d);
    SSOT_VEC_PUSH(&b->double_ids, id);
    b->tracking = true;
    return (int32_t)b->doubles.count - 1;
}

static int32_t double_made_at(const fn_builder *b, const void *id)
{
    for (size_t i = b->double_ids.count; i > 0; i--)
        if (b->double_ids.items[i - 1] == id)
            return (int32_t)i - 1;
    return -1;
}

static int32_t patch_made_at(const fn_builder *b, const void *id)
{
    for (size_t i = b->patch_ids.count; i > 0; i--)
        if (b->patch_ids.items[i - 1] == id)
            return (int32_t)i - 1;
    return -1;
}

/* Does a name (a double's, a local's, or a segment of a patch target) start with the
 * `len` bytes at `s`? Cheap: no allocation. Decides whether an expression is worth a read. */
static bool names_root(const fn_builder *b, const char *s, size_t len)
{
    for (size_t i = 0; i < b->doubles.count; i++) {
        const char *n = b->doubles.items[i].name;
        if (!strncmp(n, s, len) && (n[len] == '\0' || n[len] == '.'))
            return true;
    }
    for (size_t i = 0; i < b->locals.count; i++) {
        const char *n = b->locals.items[i].name;
        if (!strncmp(n, s, len) && (n[len] == '\0' || n[len] == '.'))
            return true;
    }
    for (size_t i = 0; i < b->patches.count; i++) {
        for (const char *t = b->patches.items[i].target; t && *t;) {
            size_t seg = strcspn(t, ".");
            if (seg == len && !strncmp(t, s, len))
                return true;
            t += seg + (t[seg] == '.');
        }
    }
    return false;
}

/* The binding whose name is the longest prefix of `dotted` at a dot boundary: a double
 * (`*base_path` "") or a local (its path; `*holds` when it only holds the double). A local
 * wins a tie with a double, and the latest local a tie with older ones: they bind later. */
static int32_t lookup(const fn_builder *b, const char *dotted, size_t *matched,
                      const char **base_path, bool *holds)
{
    int32_t best = -1;
    size_t best_len = 0;
    *base_path = "";
    *holds = false;
    for (size_t i = 0; i < b->doubles.count; i++) {
        const char *n = b->doubles.items[i].name;
        size_t len = strlen(n);
        if (len && len >= best_len && !strncmp(dotted, n, len) &&
            (dotted[len] == '\0' || dotted[len] == '.')) {
            best = (int32_t)i;
            best_len = len;
        }
    }
    const py_local *local = NULL;
    size_t local_len = 0;
    for (size_t i = b->locals.count; i > 0; i--) {
        const py_local *l = &b->locals.items[i - 1];
        size_t len = strlen(l->name);
        if (len > local_len && !strncmp(dotted, l->name, len) &&
            (dotted[len] == '\0' || dotted[len] == '.')) {
            local = l;
            local_len = len;
        }
    }
    if (local && local_len >= best_len) {
        *matched = local_len;
        *base_path = local->path;
        *holds = local->path == NULL;
        return local->dbl; /* -1: rebound to something that is no double */
    }
    *matched = best_len;
    return best;
}

/* Is the one-segment name `s` the file's own module-level name that a patch of
 * `<this module>.s` replaces? The test module is named like the file. */
static bool own_module_target(const fn_builder *b, const char *target, const char *name)
{
    const char *last = ssot_last_segment(target);
    if (last == target || strcmp(last, name) != 0)
        return false;
    const char *path = b->c->facts->path;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t stem = strcspn(base, ".");
    const char *mod_end = last - 1, *mod = mod_end;
    while (mod > target && mod[-1] != '.')
        mod--;
    return (size_t)(mod_end - mod) == stem && !strncmp(mod, base, stem);
}

/* The patch whose target the written prefix `dotted[0..len)` reaches, or -1. */
static int32_t target_of(const fn_builder *b, const char *dotted, size_t len)
{
    for (size_t i = b->patches.count; i > 0; i--) {
        const ssot_patch *p = &b->patches.items[i - 1];
        const char *t = p->target;
        size_t n = t ? strlen(t) : 0;
        if (!n || (p->flags & (SSOT_PF_DICT | SSOT_PF_MULTIPLE)) || n < len)
            continue;
        if (strncmp(t + n - len, dotted, len) != 0)
            continue;
        bool dotted_name = memchr(dotted, '.', len) != NULL;
        if (n == len) {
            if (dotted_name)
                return (int32_t)i - 1;
        } else if (t[n - len - 1] == '.') {
            if (dotted_name)
                return (int32_t)i - 1;
            char name[128];
            if (len < sizeof(name)) {
                memcpy(name, dotted, len);
                name[len] = '\0';
                if (own_module_target(b, t, name))
                    return (int32_t)i - 1;
            }
        }
    }
    return -1;
}

bool py_dbl_read(fn_builder *b, ft_node expr, py_read *out)
{
    if (!b->tracking || ft_is_null(expr))
        return false;
    ft_node n = py_unparen(expr);
    while (py_is(n, "await"))
        n = py_unparen(ft_named_child(n, 0));
    /* walk down the chain to its root name, remembering each step */
    ft_node steps[MAX_SEGMENTS];
    int count = 0;
    for (;;) {
        n = py_unparen(n);
        if (py_is(n, "identifier"))
            break;
        if (count == MAX_SEGMENTS)
            return false;
        if (py_is(n, "attribute")) {
            steps[count++] = n;
            n = py_field(n, PYF_object);
        } else if (py_is(n, "call")) {
            steps[count++] = n;
            n = py_field(n, PYF_function);
        } else if (py_is(n, "subscript")) {
            steps[count++] = n;
            n = py_field(n, PYF_value);
        } else {
            return false;
        }
    }
    const char *src = b->c->src;
    uint32_t rs = ft_start_byte(n), re = ft_end_byte(n);
    if (!names_root(b, src + rs, re - rs))
        return false;
    /* the dotted text, calls as `.return_value`, subscripts as `.[]`; `written` is the
       length of the leading attribute-only part */
    size_t cap = re - rs + 1;
    for (int i = 0; i < count; i++)
        cap += py_is(steps[i], "attribute")
                   ? ft_end_byte(py_field(steps[i], PYF_attribute)) -
                         ft_start_byte(py_field(steps[i], PYF_attribute)) + 1
                   : 13;
    char *text = ssot_arena_alloc(b->c->arena, cap + 1);
    size_t k = re - rs, written = 0;
    memcpy(text, src + rs, k);
    bool attrs_only = true;
    for (int i = count - 1; i >= 0; i--) {
        if (py_is(steps[i], "attribute")) {
            ft_node a = py_field(steps[i], PYF_attribute);
            uint32_t s = ft_start_byte(a), e = ft_end_byte(a);
            text[k++] = '.';
            memcpy(text + k, src + s, e - s);
            k += e - s;
        } else {
            if (attrs_only)
                written = k;
            attrs_only = false;
            const char *seg = py_is(steps[i], "call") ? ".return_value" : ".[]";
            memcpy(text + k, seg, strlen(seg));
            k += strlen(seg);
        }
    }
    text[k] = '\0';
    if (attrs_only)
        written = k;

    size_t matched;
    const char *base;
    bool holds;
    int32_t d = lookup(b, text, &matched, &base, &holds);
    if (matched && d < 0)
        return false; /* a local rebound to something else */
    if (d >= 0) {
        const char *rest = text + matched + (text[matched] == '.');
        out->dbl = d;
        out->target = false;
        if (holds)
            out->path = NULL;
        else if (!*base)
            out->path = rest;
        else
            out->path = *rest ? ssot_arena_printf(b->c->arena, "%s.%s", base, rest) : base;
        return true;
    }
    /* a patched target reached by its path: the longest written prefix that one names */
    for (size_t len = written; len > 0; len--) {
        if (len < written && text[len] != '.')
            continue;
        int32_t p = target_of(b, text, len);
        if (p < 0)
            continue;
        out->dbl = b->patches.items[p].double_index;
        out->target = true;
        out->path = text + len + (text[len] == '.');
        return true;
    }
    return false;
}

static void add_handoff(fn_builder *b, int32_t dbl, int32_t via, ft_node at)
{
    ssot_handoff h = {dbl, via, ft_start_point(at).row + 1};
    SSOT_VEC_PUSH(&b->handoffs, h);
}

/* Every double bound on self may be reached by a method of self. */
static void reach_self(fn_builder *b, int32_t via, ft_node at)
{
    b->reaches_self = true;
    for (size_t i = 0; i < b->doubles.count; i++)
        if (!strncmp(b->doubles.items[i].name, "self.", 5))
            add_handoff(b, (int32_t)i, via, at);
    for (size_t i = 0; i < b->locals.count; i++)
        if (b->locals.items[i].dbl >= 0 && !strncmp(b->locals.items[i].name, "self.", 5))
            add_handoff(b, b->locals.items[i].dbl, via, at);
}

/* The bag local `name[0..len)` names, or NULL. */
static const char *bag_named(const fn_builder *b, const char *name, size_t len)
{
    for (size_t i = b->bags.count; i > 0; i--) {
        const char *g = b->bags.items[i - 1];
        if (strlen(g) == len && !strncmp(g, name, len))
            return g;
    }
    return NULL;
}

/* A bag handed on hands over every double the test stored on it (`client.post = Mock()`). */
static void hand_over_bag(fn_builder *b, const char *bag, int32_t via, ft_node at)
{
    size_t n = strlen(bag);
    for (size_t i = 0; i < b->doubles.count; i++)
        if (!strncmp(b->doubles.items[i].name, bag, n) && b->doubles.items[i].name[n] == '.')
            add_handoff(b, (int32_t)i, via, at);
    for (size_t i = 0; i < b->locals.count; i++) {
        const py_local *l = &b->locals.items[i];
        if (l->dbl >= 0 && !strncmp(l->name, bag, n) && l->name[n] == '.')
            add_handoff(b, l->dbl, via, at);
    }
}

/* Hand over every double referenced inside `node` (skipping its first `skip` positional
 * arguments when `node` is an argument list). */
static void hand_over_refs(fn_builder *b, ft_node node, int32_t via, unsigned skip)
{
    if (ft_is_null(node) || !b->tracking)
        return;
    bool arguments = py_is(node, "argument_list");
    unsigned positional = 0;
    ft_node end = ft_end(node);
    for (ft_node n = node; n < end;) {
        /* the walk knows no parent of `node`, hence no field */
        TSFieldId field = n != node ? n->field : 0;
        bool descend = ft_is_named(n);
        if (descend && arguments && ft_parent(n) == node && !py_is(n, "keyword_argument") &&
            !py_is(n, "comment") && positional++ < skip)
            descend = false;
        if (descend && (field == PYF_attribute || field == PYF_name))
            descend = false;
        if (descend && (py_is(n, "attribute") || py_is(n, "identifier"))) {
            py_read r;
            const char *bag = py_is(n, "identifier")
                                  ? bag_named(b, b->c->src + ft_start_byte(n),
                                              ft_end_byte(n) - ft_start_byte(n))
                                  : NULL;
            if (bag) {
                hand_over_bag(b, bag, via, n);
                descend = false;
            } else if (py_dbl_read(b, n, &r)) {
                if (r.dbl >= 0)
                    add_handoff(b, r.dbl, via, n);
                descend = false;
            } else if (py_is(n, "identifier") && field != PYF_object &&
                       ft_end_byte(n) - ft_start_byte(n) == 4 &&
                       !strncmp(b->c->src + ft_start_byte(n), "self", 4)) {
                reach_self(b, via, n);
            }
        }
        n = descend ? ft_next(n) : ft_skip(n);
    }
}

/* The first double referenced inside `node`, or -1. */
static int32_t first_ref(fn_builder *b, ft_node node)
{
    if (ft_is_null(node) || !b->tracking)
        return -1;
    size_t before = b->handoffs.count;
    bool reached = b->reaches_self;
    hand_over_refs(b, node, -1, 0);
    int32_t d = b->handoffs.count > before ? b->handoffs.items[before].double_index : -1;
    b->handoffs.count = before; /* only looking */
    b->reaches_self = reached;
    return d;
}

/* ---- settings ---- */

static int32_t make(fn_builder *b, ft_node call, ssot_patch_kind kind);

static void add_setting(fn_builder *b, int32_t dbl, const char *path, ft_node value,
                        uint32_t extra)
{
    py_ctx *c = b->c;
    if (dbl < 0 || !path || !*path || strstr(path, "[]"))
        return;
    const char *last = ssot_last_segment(path);
    ssot_setting s = {0};
    s.double_index = dbl;
    s.path = path;
    s.value = py_compact(c, value);
    s.kind = !strcmp(last, "return_value")  ? SSOT_SET_RETURN
             : !strcmp(last, "side_effect") ? SSOT_SET_SIDE_EFFECT
                                            : SSOT_SET_ATTRIBUTE;
    s.flags = extra;
    s.row = ft_start_point(value).row + 1;
    ft_node v = py_unparen(value);
    if (literal_value(v, 0)) {
        s.flags |= SSOT_SF_LITERAL;
    } else if (py_is(v, "lambda")) {
        s.flags |= SSOT_SF_CALLABLE;
    } else {
        ft_node name = py_is(v, "call") ? py_field(v, PYF_function) : v;
        const char *d = py_dotted(c, name);
        py_read r;
        int32_t inner = py_is(v, "call") ? make(b, v, SSOT_PATCH_CALL) : -1;
        if (inner < 0 && py_dbl_read(b, v, &r) && r.dbl >= 0 && r.path && !*r.path)
            inner = r.dbl;
        if (inner >= 0) {
            if (inner != dbl && b->doubles.items[inner].parent < 0)
                b->doubles.items[inner].parent = dbl; /* a double inside a double */
        } else if (d && exception_name(d)) {
            s.flags |= SSOT_SF_EXCEPTION;
        } else if (d && !py_is(v, "call")) {
            s.flags |= SSOT_SF_CALLABLE;
        } else if (py_is(v, "call")) {
            s.flags |= SSOT_SF_OBJECT;
        }
    }
    SSOT_VEC_PUSH(&b->settings, s);
}

/* Keyword arguments of a constructor or patch configure the double they make (those in
 * `skip` are the call's own options); `m.configure_mock(k=v)` sets `k` below `prefix`, the
 * path of `m` within its double. */
static void kwarg_settings(fn_builder *b, int32_t dbl, ft_node call, const char *const *skip,
                           const char *prefix)
{
    ft_node args = py_field(call, PYF_arguments);
    uint32_t n = py_is(args, "argument_list") ? ft_named_child_count(args) : 0;
    for (uint32_t i = 0; i < n; i++) {
        ft_node a = ft_named_child(args, i);
        if (!py_is(a, "keyword_argument"))
            continue;
        const char *k = py_text(b->c, py_field(a, PYF_name));
        if (skip && py_str_in(k, skip))
            continue;
        const char *path = *prefix ? ssot_arena_printf(b->c->arena, "%s.%s", prefix, k) : k;
        add_setting(b, dbl, path, py_field(a, PYF_value), 0);
    }
}

static const char *const ctor_options[] = {
    "spec", "spec_set", "wraps", "name", "unsafe", "parent", "instance", "_name", "_parent",
    "_new_name", "_new_parent", "_spec_class", "_spec_as_instance", "_eat_self", "read_data",
    NULL,
};
static const char *const patch_options[] = {
    "new", "spec", "create", "spec_set", "autospec", "new_callable", "unsafe", "target",
    "attribute", "wraps", NULL,
};

/* ---- patches ---- */

/* What a patch's target is: `a.b.c` for patch("a.b.c"), `Obj.attr` for patch.object. */
static const char *patch_target(py_ctx *c, ft_node call, maker_form form, ft_node *value)
{
    unsigned positional = py_call_positional_count(call);
    *value = NULL;
    if (form == FORM_PATCH || form == FORM_PATCH_DICT || form == FORM_PATCH_MULTIPLE) {
        ft_node t = py_call_arg(call, 0);
        if (ft_is_null(t))
            t = py_call_kwarg(c, call, form == FORM_PATCH_DICT ? "in_dict" : "target");
        if (form == FORM_PATCH) {
            *value = positional >= 2 ? py_call_arg(call, 1) : py_call_kwarg(c, call, "new");
        }
        if (ft_is_null(t))
            return NULL;
        const char *s = py_string_value(c, t);
        return s ? s : py_compact(c, t);
    }
    ft_node obj = py_call_arg(call, 0), attr = py_call_arg(call, 1);
    if (form == FORM_SETATTR && positional <= 2 && py_is(py_unparen(obj), "string")) {
        ft_node v = py_call_kwarg(c, call, "value");
        *value = ft_is_null(v) ? attr : v;
        return py_string_value(c, obj);
    }
    if (form == FORM_PATCH_OBJECT) {
        if (ft_is_null(attr))
            attr = py_call_kwarg(c, call, "attribute");
        *value = positional >= 3 ? py_call_arg(call, 2) : py_call_kwarg(c, call, "new");
    } else if (form == FORM_SETATTR || form == FORM_SETITEM) {
        ft_node v = py_call_kwarg(c, call, "value");
        *value = ft_is_null(v) ? py_call_arg(call, 2) : v;
    }
    if (ft_is_null(obj))
        return NULL;
    const char *o = py_dotted(c, obj);
    if (!o)
        o = py_compact(c, obj);
    const char *a = ft_is_null(attr) ? NULL : py_string_value(c, attr);
    if (form == FORM_SETITEM)
        return o;
    return a ? ssot_arena_printf(c->arena, "%s.%s", o, a) : o;
}

/* A patch's replacement object: a double, a literal setting, or something else. */
static uint32_t classify_new(fn_builder *b, ft_node value, ssot_patch_kind kind, int32_t *dbl)
{
    *dbl = -1;
    ft_node v = py_unparen(value);
    if (py_is(v, "call")) {
        int32_t d = make(b, v, kind);
        if (d >= 0) {
            *dbl = d;
            return SSOT_PF_NEW | SSOT_PF_NEW_DOUBLE;
        }
    }
    py_read r;
    if (py_dbl_read(b, v, &r) && r.dbl >= 0 && r.path && !*r.path) {
        *dbl = r.dbl;
        return SSOT_PF_NEW | SSOT_PF_NEW_DOUBLE;
    }
    if (literal_value(v, 0))
        return SSOT_PF_NEW | SSOT_PF_NEW_LITERAL;
    return SSOT_PF_NEW;
}

static void add_patch(fn_builder *b, ft_node call, ssot_patch_kind kind, uint32_t flags,
                      const char *target, int32_t dbl)
{
    ssot_patch p = {0};
    p.loc = py_loc(b->c, call);
    p.kind = kind;
    p.flags = flags;
    p.target = target;
    p.double_index = dbl;
    SSOT_VEC_PUSH(&b->patches, p);
    SSOT_VEC_PUSH(&b->patch_ids, call);
    b->tracking = true;
}

/* If `call` makes a double or applies a patch, record it (once per node) and return the
 * double it gives a binding (`as m`, `m = `, an injected parameter), else -1. */
static int32_t make(fn_builder *b, ft_node call, ssot_patch_kind kind)
{
    py_ctx *c = b->c;
    int32_t p = patch_made_at(b, call);
    if (p >= 0)
        return b->patches.items[p].double_index;
    int32_t d = double_made_at(b, call);
    if (d >= 0)
        return d;
    maker_form form = form_of(py_callee(c, call));
    if (!form)
        return -1;
    uint32_t flags = 0;
    if (form == FORM_CTOR || form == FORM_AUTOSPEC) {
        ft_node spec = py_call_kwarg(c, call, "spec");
        if (ft_is_null(spec))
            spec = py_call_kwarg(c, call, "spec_set");
        const char *callee = mock_name(py_callee(c, call));
        if (ft_is_null(spec) && strcmp(callee, "PropertyMock") && strcmp(callee, "mock_open"))
            spec = py_call_arg(call, 0);
        if (form == FORM_AUTOSPEC || (!ft_is_null(spec) && !py_is(spec, "none") &&
                                      !py_is(spec, "false")))
            flags |= SSOT_DF_SPEC;
        if (kwarg_set(c, call, "wraps"))
            flags |= SSOT_DF_WRAPS;
        const char *target = ft_is_null(spec) ? NULL : py_dotted(c, spec);
        d = add_double(b, "", py_loc(c, call), flags, target, call);
        kwarg_settings(b, d, call, ctor_options, "");
        return d;
    }
    ft_node value;
    const char *target = patch_target(c, call, form, &value);
    if (form == FORM_SETATTR) {
        uint32_t pf = classify_new(b, value, SSOT_PATCH_SETATTR, &d);
        if (d >= 0)
            b->doubles.items[d].flags |= SSOT_DF_PATCH;
        add_patch(b, call, SSOT_PATCH_SETATTR, pf, target, d);
        return -1;
    }
    if (form == FORM_PATCH_DICT || form == FORM_SETITEM) {
        add_patch(b, call, kind, SSOT_PF_DICT, target, -1);
        return -1;
    }
    if (form == FORM_PATCH_MULTIPLE) {
        /* attributes of the target are replaced, not the target */
        add_patch(b, call, kind, SSOT_PF_NEW | SSOT_PF_MULTIPLE, target, -1);
        return -1;
    }
    if (form == FORM_SPY) {
        d = add_double(b, "", py_loc(c, call), SSOT_DF_WRAPS | SSOT_DF_PATCH, target, call);
        add_patch(b, call, kind, SSOT_PF_WRAPS, target, d);
        return d;
    }
    /* patch, patch.object */
    if (!ft_is_null(value)) {
        uint32_t pf = classify_new(b, value, kind, &d);
        if (d >= 0) {
            b->doubles.items[d].flags |= SSOT_DF_PATCH;
            if (!b->doubles.items[d].target)
                b->doubles.items[d].target = target;
        }
        add_patch(b, call, kind, pf, target, d);
        return d;
    }
    flags = SSOT_DF_PATCH;
    if (kwarg_set(c, call, "spec") || kwarg_set(c, call, "spec_set") ||
        kwarg_set(c, call, "autospec"))
        flags |= SSOT_DF_SPEC;
    bool wraps = kwarg_set(c, call, "wraps");
    if (wraps)
        flags |= SSOT_DF_WRAPS;
    d = add_double(b, "", py_loc(c, call), flags, target, call);
    add_patch(b, call, kind, wraps ? SSOT_PF_WRAPS : 0, target, d);
    kwarg_settings(b, d, call, patch_options, "");
    return d;
}

/* ---- bindings ---- */

static void bind_local(fn_builder *b, const char *name, int32_t dbl, const char *path)
{
    py_local l = {name, dbl, path};
    SSOT_VEC_PUSH(&b->locals, l);
    b->tracking = true;
}

/* Give the double `d` the name `name` (an anonymous one takes it; a named one gets an
 * alias). */
static void bind_double(fn_builder *b, int32_t d, const char *name, ft_node at)
{
    ssot_double *dbl = &b->doubles.items[d];
    bool shadows = false; /* a local of that name: the new binding must win over it */
    for (size_t i = 0; i < b->locals.count && !shadows; i++)
        shadows = !strcmp(b->locals.items[i].name, name);
    if (dbl->name[0] || shadows)
        bind_local(b, name, d, "");
    if (dbl->name[0])
        return;
    dbl = &b->doubles.items[d];
    dbl->name = name;
    dbl->flags &= ~(uint32_t)SSOT_DF_ANONYMOUS;
    dbl->loc = py_loc(b->c, at);
    /* PH011: attributes the constructor configured */
    for (size_t i = 0; i < b->settings.count; i++) {
        const ssot_setting *s = &b->settings.items[i];
        if (s->double_index != d)
            continue;
        const char *t = ssot_arena_printf(b->c->arena, "%s.%s", name, s->path);
        SSOT_VEC_PUSH(&b->assigned, t);
        if (b->collect && !strncmp(name, "self.", 5))
            SSOT_VEC_PUSH(&b->collect->assigned, t);
    }
}

/* `X.start()` on a patch call or a patcher name: the patch's double, or -2 when it is
 * not such a call. */
static int32_t started(fn_builder *b, ft_node value)
{
    if (!py_is(value, "call"))
        return -2;
    ft_node f = py_field(value, PYF_function);
    if (!py_is(f, "attribute"))
        return -2;
    ft_node attr = py_field(f, PYF_attribute), obj = py_unparen(py_field(f, PYF_object));
    uint32_t s = ft_start_byte(attr), e = ft_end_byte(attr);
    if (e - s != 5 || strncmp(b->c->src + s, "start", 5) != 0)
        return -2;
    if (py_is(obj, "call")) {
        int32_t p = patch_made_at(b, obj);
        return p >= 0 ? b->patches.items[p].double_index : -2;
    }
    const char *name = py_dotted(b->c, obj);
    for (size_t i = b->patchers.count; name && i > 0; i--)
        if (!strcmp(b->patchers.items[i - 1].name, name))
            return b->patches.items[b->patchers.items[i - 1].patch].double_index;
    return -2;
}

/* `self.enterContext(patch(...))`, `stack.enter_context(patch(...))`: the inner call. */
static ft_node unwrap_enter(py_ctx *c, ft_node value)
{
    if (!py_is(value, "call"))
        return value;
    const char *callee = py_callee(c, value);
    const char *m = callee ? ssot_last_segment(callee) : "";
    if (strcmp(m, "enterContext") && strcmp(m, "enter_context") &&
        strcmp(m, "enter_async_context") && strcmp(m, "enterAsyncContext"))
        return value;
    ft_node inner = py_unparen(py_call_arg(value, 0));
    return py_is(inner, "call") ? inner : value;
}

/* Is `value` a plain attribute bag: `object()`, `SimpleNamespace(k=...)`? Its attributes
 * are the test's own: a double stored there reaches no project code until the bag does. */
static bool is_bag(py_ctx *c, ft_node value)
{
    static const char *const makers[] = {"object", "SimpleNamespace", "types.SimpleNamespace",
                                         NULL};
    if (!py_is(value, "call"))
        return false;
    const char *callee = py_callee(c, value);
    if (!callee || !py_str_in(callee, makers))
        return false;
    ft_node args = py_field(value, PYF_arguments);
    for (uint32_t i = 0; !ft_is_null(args) && i < ft_named_child_count(args); i++) {
        ft_node a = ft_named_child(args, i);
        if (!py_is(a, "keyword_argument") && !py_is(a, "comment"))
            return false;
    }
    return true;
}

/* A bag stored in another (`SimpleNamespace(mac=inner)`): the inner bag's doubles are
 * reachable as `attr.*` too. */
static void nest_bag(fn_builder *b, const char *inner, const char *attr)
{
    size_t n = strlen(inner), doubles = b->doubles.count, locals = b->locals.count;
    for (size_t i = 0; i < doubles; i++) {
        const char *dn = b->doubles.items[i].name;
        if (!strncmp(dn, inner, n) && dn[n] == '.')
            bind_local(b, ssot_arena_printf(b->c->arena, "%s%s", attr, dn + n), (int32_t)i, "");
    }
    for (size_t i = 0; i < locals; i++) {
        py_local l = b->locals.items[i];
        if (l.dbl >= 0 && !strncmp(l.name, inner, n) && l.name[n] == '.')
            bind_local(b, ssot_arena_printf(b->c->arena, "%s%s", attr, l.name + n), l.dbl,
                       l.path);
    }
}

/* `name = SimpleNamespace(post=AsyncMock(), store=m)`: the bag, and its doubles named
 * through it (`name.post`). */
static void bind_bag(fn_builder *b, const char *name, ft_node value)
{
    py_ctx *c = b->c;
    SSOT_VEC_PUSH(&b->bags, name);
    b->tracking = true;
    ft_node args = py_field(value, PYF_arguments);
    for (uint32_t i = 0; !ft_is_null(args) && i < ft_named_child_count(args); i++) {
        ft_node a = ft_named_child(args, i);
        if (!py_is(a, "keyword_argument"))
            continue;
        const char *key = py_dotted(c, py_field(a, PYF_name));
        ft_node v = py_unparen(py_field(a, PYF_value));
        if (!key)
            continue;
        const char *attr = ssot_arena_printf(c->arena, "%s.%s", name, key);
        int32_t d = py_is(v, "call") ? double_made_at(b, v) : -1;
        const char *inner = py_is(v, "identifier")
                                ? bag_named(b, c->src + ft_start_byte(v),
                                            ft_end_byte(v) - ft_start_byte(v))
                                : NULL;
        py_read r;
        if (d >= 0)
            bind_double(b, d, attr, a);
        else if (inner)
            nest_bag(b, inner, attr);
        else if (py_dbl_read(b, v, &r) && r.dbl >= 0)
            bind_local(b, attr, r.dbl, r.path);
        else if ((d = first_ref(b, v)) >= 0)
            bind_local(b, attr, d, NULL); /* `[m]`: holds the double */
    }
}

/* `name` is bound anew: it no longer names a bag. */
static void unbind_bag(fn_builder *b, const char *name)
{
    for (size_t i = b->bags.count; i > 0; i--)
        if (!strcmp(b->bags.items[i - 1], name))
            b->bags.items[i - 1] = b->bags.items[--b->bags.count];
}

void py_dbl_assign(fn_builder *b, ft_node left, ft_node right, body_state st)
{
    py_ctx *c = b->c;
    if (st.nested_def || ft_is_null(right))
        return;
    ft_node value = py_unparen(right);
    while (py_is(value, "await"))
        value = py_unparen(ft_named_child(value, 0));
    value = unwrap_enter(c, value);
    const char *name = py_dotted(c, left);
    bool plain = name && (!strchr(name, '.') ||
                          (!strncmp(name, "self.", 5) && !strchr(name + 5, '.')) ||
                          (!strncmp(name, "cls.", 4) && !strchr(name + 4, '.')));
    if (plain) {
        unbind_bag(b, name);
        if (!strchr(name, '.') && is_bag(c, value)) {
            bind_bag(b, name, value);
            return;
        }
    }
    if (name && py_is(value, "call")) {
        int32_t d = started(b, value);
        const char *callee = py_callee(c, value);
        bool returns_mock = callee && !strncmp(callee, "mocker.", 7);
        if (d == -2 && !returns_mock && patch_made_at(b, value) >= 0) {
            /* a patcher, started later */
            py_patcher p = {name, (size_t)patch_made_at(b, value)};
            SSOT_VEC_PUSH(&b->patchers, p);
            return;
        }
        if (d == -2)
            d = double_made_at(b, value);
        if (d >= 0) {
            bind_double(b, d, name, left);
            if (plain)
                return;
            /* `m.child = Mock()` belongs to `m`; `obj.hook = Mock()` is handed to `obj`;
               `bag.hook = Mock()` stays the test's until the bag is handed on */
            py_read r;
            ft_node obj = py_unparen(py_field(left, PYF_object));
            if (py_is(obj, "identifier") &&
                bag_named(b, c->src + ft_start_byte(obj), ft_end_byte(obj) - ft_start_byte(obj)))
                return;
            if (py_dbl_read(b, obj, &r) && r.dbl >= 0) {
                if (r.dbl != d && b->doubles.items[d].parent < 0)
                    b->doubles.items[d].parent = r.dbl;
            } else {
                add_handoff(b, d, -1, left);
            }
            return;
        }
    }
    py_read r;
    if (!plain && py_dbl_read(b, left, &r) && r.dbl >= 0 && r.path && *r.path) {
        /* `m.get.return_value = V` configures the double; stored on a fixture's value
           (`signals["INT"] = handler`), V reaches that value's code if it is no double */
        add_setting(b, r.dbl, r.path, right, 0);
        if (b->doubles.items[r.dbl].flags & SSOT_DF_PARAM)
            hand_over_refs(b, right, r.dbl, 0);
        return;
    }
    if (plain) {
        if (py_dbl_read(b, value, &r) && r.dbl >= 0) {
            bind_local(b, name, r.dbl, r.path);
            return;
        }
        int32_t held = py_is(value, "call") ? -1 : first_ref(b, value);
        if (held >= 0) {
            bind_local(b, name, held, NULL);
            return;
        }
        for (size_t i = 0; i < b->locals.count; i++)
            if (!strcmp(b->locals.items[i].name, name)) {
                bind_local(b, name, -1, NULL);
                break;
            }
        return;
    }
    /* stored on a project object or in a mapping: handed over */
    if (!(py_dbl_read(b, left, &r) && r.dbl >= 0))
        hand_over_refs(b, right, -1, 0);
}

void py_dbl_with(fn_builder *b, ft_node value, ft_node alias)
{
    py_ctx *c = b->c;
    value = unwrap_enter(c, py_unparen(value));
    int32_t d = -1;
    if (py_is(value, "call")) {
        int32_t p = patch_made_at(b, value);
        if (p >= 0) {
            b->patches.items[p].kind = SSOT_PATCH_CONTEXT;
            d = b->patches.items[p].double_index;
        } else {
            d = double_made_at(b, value);
        }
    } else {
        const char *name = py_dotted(c, value);
        for (size_t i = b->patchers.count; name && i > 0; i--)
            if (!strcmp(b->patchers.items[i - 1].name, name)) {
                size_t p = b->patchers.items[i - 1].patch;
                b->patches.items[p].kind = SSOT_PATCH_CONTEXT;
                d = b->patches.items[p].double_index;
                break;
            }
    }
    const char *name = ft_is_null(alias) ? NULL : py_dotted(c, alias);
    if (name && d >= 0)
        bind_double(b, d, name, alias);
}

void py_dbl_configure(fn_builder *b, ft_node call)
{
    ft_node f = py_field(call, PYF_function);
    py_read r;
    if (!py_is(f, "attribute") || !py_dbl_read(b, py_field(f, PYF_object), &r) || r.dbl < 0 ||
        !r.path)
        return;
    kwarg_settings(b, r.dbl, call, NULL, r.path);
}

/* ---- calls ---- */

/* Calls that are not project code, and whether they install what they are given. */
static bool is_library(py_ctx *c, ft_node call, const char *callee, maker_form form,
                       bool *install)
{
    static const char *const builtins[] = {
        "print", "len", "repr", "str", "bytes", "list", "tuple", "dict", "set", "frozenset",
        "sorted", "reversed", "iter", "next", "id", "type", "isinstance", "issubclass",
        "hasattr", "getattr", "vars", "dir", "callable", "bool", "int", "float", "complex",
        "hash", "format", "enumerate", "zip", "range", "min", "max", "sum", "any", "all", "abs",
        "round", "ord", "chr", "super", "object", "call", "ANY", "DEFAULT", "seal",
        "SimpleNamespace", NULL,
    };
    static const char *const heads[] = {"mock", "unittest", "mocker", "monkeypatch", "pytest",
                                        "call", "sentinel", NULL};
    static const char *const test_api[] = {
        "addCleanup", "addClassCleanup", "addTypeEqualityFunc", "subTest", "skipTest",
        "enterContext", "enterClassContext", "enterAsyncContext", "doCleanups", "id",
        "shortDescription", "countTestCases", "defaultTestResult", NULL,
    };
    *install = false;
    if (form) {
        *install = is_patch_form(form);
        return true;
    }
    if (!callee) {
        /* patch(...).start(), patcher chains */
        ft_node f = py_field(call, PYF_function);
        return py_is(f, "attribute") && py_is(py_field(f, PYF_object), "call") &&
               form_of(py_callee(c, py_field(f, PYF_object))) != FORM_NONE;
    }
    if (!strcmp(callee, "setattr") || !strcmp(callee, "delattr")) {
        *install = true;
        return true;
    }
    if (!strchr(callee, '.'))
        return py_str_in(callee, builtins);
    if (!strcmp(callee, "types.SimpleNamespace"))
        return true;
    size_t head = strcspn(callee, ".");
    for (const char *const *h = heads; *h; h++)
        if (strlen(*h) == head && !strncmp(callee, *h, head))
            return true;
    if (!strncmp(callee, "self.", 5) && !strchr(callee + 5, '.')) {
        const char *m = callee + 5;
        if (!strncmp(m, "assert", 6) || !strncmp(m, "fail", 4) || py_str_in(m, test_api)) {
            *install = !strcmp(m, "enterContext") || !strcmp(m, "addCleanup");
            return true;
        }
    }
    return false;
}

/* Does `path` on double `dbl` pass through an attribute or a return value the test set to
 * a real object (`m.hooks = Signal(m)` then `m.hooks.append(x)`; `req.return_value =
 * loop.create_future()` then `req.return_value.set_result(resp)`)? */
static bool through_object(const fn_builder *b, int32_t dbl, const char *path)
{
    for (size_t i = 0; path && i < b->settings.count; i++) {
        const ssot_setting *s = &b->settings.items[i];
        size_t n = strlen(s->path);
        if (s->double_index == dbl && (s->flags & SSOT_SF_OBJECT) &&
            (s->kind == SSOT_SET_ATTRIBUTE || s->kind == SSOT_SET_RETURN) &&
            !strncmp(path, s->path, n) && path[n] == '.')
            return true;
    }
    return false;
}

void py_dbl_call(fn_builder *b, ft_node call, const char *callee, ssot_call *k, body_state st)
{
    py_ctx *c = b->c;
    maker_form form = form_of(py_callee(c, call));
    if (form && !st.nested_def)
        make(b, call, form == FORM_SETATTR ? SSOT_PATCH_SETATTR : SSOT_PATCH_CALL);
    if (k)
        k->double_index = -1;
    bool install;
    bool library = is_library(c, call, callee, form, &install);
    py_read r;
    bool on = !form && py_dbl_read(b, py_field(call, PYF_function), &r);
    if (on && !r.target && r.dbl >= 0 && through_object(b, r.dbl, r.path))
        on = false; /* a method of a real object the test stored on the double */
    bool param = on && r.dbl >= 0 && (b->doubles.items[r.dbl].flags & SSOT_DF_PARAM);
    if (k && on) {
        k->flags |= r.target ? SSOT_CF_TARGET : SSOT_CF_ON_DOUBLE;
        k->double_index = r.dbl;
    } else if (k && library) {
        k->flags |= SSOT_CF_LIBRARY;
    }
    bool on_double = on && (r.target || (r.dbl >= 0 && !param));
    if (!on_double && !library)
        b->runs_code = true;
    if (on && st.nested_def && r.dbl >= 0)
        add_handoff(b, r.dbl, -1, call); /* a nested function may run from project code */
    if ((on_double && !param) || (library && !install) || !b->tracking)
        return;
    int32_t via = param ? r.dbl : -1;
    ft_node args = py_field(call, PYF_arguments);
    unsigned skip = install && !(callee && (!strcmp(callee, "self.addCleanup") ||
                                            !strcmp(callee, "self.enterContext")))
                        ? 1
                        : 0;
    if (form == FORM_SETATTR)
        skip = py_is(py_unparen(py_call_arg(call, 0)), "string") ? 1 : 2;
    hand_over_refs(b, args, via, skip);
    if (!on && !library && callee && !strncmp(callee, "self.", 5))
        reach_self(b, -1, call);
}

/* ---- assertions ---- */

static bool mock_check_path(const char *path)
{
    static const char *const attrs[] = {
        "called", "call_count", "call_args", "call_args_list", "mock_calls", "method_calls",
        "await_count", "await_args", "await_args_list", "awaited", NULL,
    };
    for (const char *p = path; p && *p;) {
        size_t n = strcspn(p, ".");
        for (const char *const *a = attrs; *a; a++)
            if (strlen(*a) == n && !strncmp(p, *a, n))
                return true;
        p += n + (p[n] == '.');
    }
    return false;
}

void py_dbl_subject(fn_builder *b, ssot_assertion *a, ft_node subject, ft_node other,
                    const char *truth)
{
    py_read r;
    const char *expected;
    if (py_dbl_read(b, subject, &r) && r.dbl >= 0) {
        expected = ft_is_null(other) ? truth : py_compact(b->c, py_unparen(other));
    } else if (!ft_is_null(other) && py_dbl_read(b, other, &r) && r.dbl >= 0) {
        expected = py_compact(b->c, py_unparen(subject));
    } else {
        return;
    }
    a->subject = r.dbl;
    a->subject_path = r.path;
    a->expected = expected;
    if (mock_check_path(r.path))
        a->flags |= SSOT_AF_MOCK_CHECK;
}

/* `x.return_value` read by a call becomes `x.side_effect`: what makes the call raise. */
static const char *raising_path(fn_builder *b, const char *path)
{
    if (!path)
        return NULL;
    size_t n = strlen(path);
    if (!strcmp(path, "return_value"))
        return "side_effect";
    if (n > 13 && !strcmp(path + n - 13, ".return_value"))
        return ssot_arena_printf(b->c->arena, "%.*s.side_effect", (int)(n - 13), path);
    return NULL;
}

void py_dbl_raises_subject(fn_builder *b, ssot_assertion *a, ft_node exc, ft_node body,
                           ft_node callable)
{
    py_read r;
    const char *path = NULL;
    if (!ft_is_null(callable)) {
        if (!py_dbl_read(b, callable, &r) || r.dbl < 0 || !r.path)
            return;
        path = *r.path ? ssot_arena_printf(b->c->arena, "%s.side_effect", r.path)
                       : "side_effect";
    } else {
        ft_node only = NULL;
        uint32_t n = ft_is_null(body) ? 0 : ft_named_child_count(body);
        for (uint32_t i = 0; i < n; i++) {
            ft_node s = ft_named_child(body, i);
            if (py_is(s, "comment"))
                continue;
            if (!ft_is_null(only))
                return;
            only = s;
        }
        if (!py_is(only, "expression_statement"))
            return;
        ft_node e = py_unparen(ft_named_child(only, 0));
        while (py_is(e, "await"))
            e = py_unparen(ft_named_child(e, 0));
        if (!py_is(e, "call") || !py_dbl_read(b, e, &r) || r.dbl < 0)
            return;
        path = raising_path(b, r.path);
    }
    if (!path || ft_is_null(exc))
        return;
    a->subject = r.dbl;
    a->subject_path = path;
    a->expected = py_compact(b->c, py_unparen(exc));
}

void py_dbl_return(fn_builder *b, ft_node value, body_state st)
{
    if (st.nested_def || ft_is_null(value))
        return;
    ft_node v = unwrap_enter(b->c, py_unparen(value));
    int32_t d = started(b, v);
    if (d < 0 && py_is(v, "call"))
        d = make(b, v, SSOT_PATCH_CALL);
    py_read r;
    if (d < 0 && py_dbl_read(b, v, &r) && r.dbl >= 0 && r.path && !*r.path)
        d = r.dbl;
    if (d >= 0)
        b->returns_double = d;
}

/* ---- contract values (SS003) ---- */

static bool string_is(py_ctx *c, ft_node string, const char *value)
{
    uint32_t n = ft_named_child_count(string);
    ft_node content = NULL;
    for (uint32_t i = 0; i < n; i++) {
        ft_node k = ft_named_child(string, i);
        if (py_is(k, "string_content")) {
            if (!ft_is_null(content))
                return false;
            content = k;
        } else if (!py_is(k, "string_start") && !py_is(k, "string_end")) {
            return false; /* interpolation, escapes */
        }
    }
    if (ft_is_null(content))
        return false;
    uint32_t s = ft_start_byte(content), e = ft_end_byte(content);
    return strlen(value) == e - s && !strncmp(c->src + s, value, e - s);
}

void py_dbl_string(fn_builder *b, ft_node string)
{
    const ssot_config *cfg = b->contracts;
    py_ctx *c = b->c;
    if (!cfg)
        return;
    const char *value = NULL;
    for (size_t i = 0; i < cfg->contract_count && !value; i++)
        for (size_t v = 0; v < cfg->contracts[i].values.count && !value; v++)
            if (string_is(c, string, cfg->contracts[i].values.items[v]))
                value = cfg->contracts[i].values.items[v];
    if (!value)
        return;
    ssot_mention m = {value, ft_start_point(string).row + 1, -1, false};
    for (ft_node n = ft_parent(string); !ft_is_null(n); n = ft_parent(n)) {
        if (py_is(n, "block") || py_is(n, "module") || py_is(n, "function_definition") ||
            py_is(n, "lambda"))
            break;
        if (py_is(n, "assert_statement")) {
            m.asserted = true;
            break;
        }
        if (!py_is(n, "call"))
            continue;
        for (size_t i = b->call_ids.count; i > 0 && m.call < 0; i--)
            if (b->call_ids.items[i - 1] == n)
                m.call = (int32_t)i - 1;
        const char *callee = py_callee(c, n);
        if (callee && m.call < 0 && ssot_assertion_classify(callee, NULL)) {
            m.asserted = true;
            break;
        }
    }
    SSOT_VEC_PUSH(&b->mentions, m);
}

/* ---- start and finish ---- */

/* Patch decorators inject, bottom-up, one double per parameter (those given `new` inject
 * nothing). */
static void inject_from(fn_builder *b, ft_node decorated, const py_strings *params, size_t *next)
{
    if (ft_is_null(decorated))
        return;
    uint32_t n = ft_named_child_count(decorated);
    for (uint32_t i = n; i > 0; i--) {
        ft_node d = ft_named_child(decorated, i - 1);
        if (!py_is(d, "decorator"))
            continue;
        ft_node e = ft_named_child(d, 0);
        maker_form form = py_is(e, "call") ? form_of(py_callee(b->c, e)) : FORM_NONE;
        if (form != FORM_PATCH && form != FORM_PATCH_OBJECT && form != FORM_PATCH_DICT &&
            form != FORM_PATCH_MULTIPLE)
            continue;
        int32_t dbl = make(b, e, SSOT_PATCH_DECORATOR);
        int32_t p = patch_made_at(b, e);
        if (dbl < 0 || (p >= 0 && (b->patches.items[p].flags & SSOT_PF_NEW)))
            continue;
        if (*next >= params->count)
            continue;
        const char *name = params->items[(*next)++];
        bind_double(b, dbl, name, d);
        b->doubles.items[dbl].loc = py_loc(b->c, d);
    }
}

void py_dbl_start(fn_builder *b, ft_node decorated, ft_node class_decorated,
                  const py_strings *params)
{
    const ssot_config *cfg = b->c->facts->config;
    b->returns_double = -1;
    b->contracts = cfg && cfg->contract_count ? cfg : NULL;
    const py_class_doubles *cd = b->class_doubles;
    if (cd) {
        /* setUp's doubles come first, so that their indexes stay the same */
        for (size_t i = 0; i < cd->doubles.count; i++) {
            SSOT_VEC_PUSH(&b->doubles, cd->doubles.items[i]);
            SSOT_VEC_PUSH(&b->double_ids, NULL);
        }
        for (size_t i = 0; i < cd->setting_count; i++) {
            ssot_setting s = cd->settings[i];
            s.flags |= SSOT_SF_INHERITED;
            SSOT_VEC_PUSH(&b->settings, s);
        }
        for (size_t i = 0; i < cd->patch_count; i++) {
            ssot_patch p = cd->patches[i];
            p.flags |= SSOT_PF_INHERITED;
            SSOT_VEC_PUSH(&b->patches, p);
            SSOT_VEC_PUSH(&b->patch_ids, NULL);
        }
        b->tracking = b->doubles.count || b->patches.count;
    }
    size_t next = 0;
    inject_from(b, decorated, params, &next);
    inject_from(b, class_decorated, params, &next);
    /* the rest may come from fixtures: candidates until the resolution says so */
    for (size_t i = next; i < params->count; i++) {
        const char *p = params->items[i];
        if (strcmp(p, "mocker") && strcmp(p, "monkeypatch"))
            add_double(b, p, b->fn->def, SSOT_DF_PARAM, NULL, NULL);
    }
}

/* Was setUp's double `i` handed to project code by setUp itself? */
static bool setup_handed(const fn_builder *b, int32_t i, int depth)
{
    const ssot_double *d = &b->doubles.items[i];
    if (depth > 8)
        return false;
    if ((d->flags & SSOT_DF_PATCH) && b->runs_code)
        return true;
    if (b->reaches_self && !strncmp(d->name, "self.", 5))
        return true;
    for (size_t h = 0; h < b->handoffs.count; h++)
        if (b->handoffs.items[h].double_index == i)
            return true;
    return d->parent >= 0 && setup_handed(b, d->parent, depth + 1);
}

/* setUp: the doubles it binds on self, with what it configured and patched, become every
 * test's (python.c walks setUp first). */
static void export_setup(fn_builder *b)
{
    py_class_doubles *cd = b->collect;
    ssot_arena *arena = b->c->arena;
    size_t n = b->doubles.count, first = cd->doubles.count;
    int32_t *map = ssot_malloc((n + 1) * sizeof(*map));
    for (size_t i = 0; i < n; i++) {
        map[i] = -1;
        ssot_double d = b->doubles.items[i];
        if (strncmp(d.name, "self.", 5) != 0)
            continue;
        d.flags |= SSOT_DF_INHERITED;
        if (setup_handed(b, (int32_t)i, 0))
            d.flags |= SSOT_DF_HANDED;
        map[i] = (int32_t)cd->doubles.count;
        SSOT_VEC_PUSH(&cd->doubles, d);
    }
    for (size_t i = first; i < cd->doubles.count; i++) {
        int32_t parent = cd->doubles.items[i].parent;
        cd->doubles.items[i].parent = parent >= 0 ? map[parent] : -1;
    }
    size_t ns = 0;
    for (size_t i = 0; i < b->settings.count; i++)
        ns += map[b->settings.items[i].double_index] >= 0;
    ssot_setting *settings = ssot_arena_alloc(arena, (cd->setting_count + ns + 1) *
                                                         sizeof(*settings));
    if (cd->setting_count)
        memcpy(settings, cd->settings, cd->setting_count * sizeof(*settings));
    size_t k = cd->setting_count;
    for (size_t i = 0; i < b->settings.count; i++) {
        ssot_setting s = b->settings.items[i];
        if ((s.double_index = map[s.double_index]) >= 0)
            settings[k++] = s;
    }
    cd->settings = settings;
    cd->setting_count = k;
    ssot_patch *patches = ssot_arena_alloc(arena, (cd->patch_count + b->patches.count + 1) *
                                                      sizeof(*patches));
    if (cd->patch_count)
        memcpy(patches, cd->patches, cd->patch_count * sizeof(*patches));
    k = cd->patch_count;
    for (size_t i = 0; i < b->patches.count; i++) {
        ssot_patch p = b->patches.items[i];
        p.double_index = p.double_index >= 0 ? map[p.double_index] : -1;
        patches[k++] = p;
    }
    cd->patches = patches;
    cd->patch_count = k;
    free(map);
}


void py_dbl_finish(fn_builder *b)
{
    ssot_function *fn = b->fn;
    ssot_arena *arena = b->c->arena;
    fn->returns_double = b->returns_double;
    if (b->collect)
        export_setup(b);
    ssot_fn_side *side = ssot_fn_side_own(fn, arena);
    PY_MOVE_TO_ARENA(arena, b->doubles, side->doubles, side->double_count);
    PY_MOVE_TO_ARENA(arena, b->patches, side->patches, side->patch_count);
    PY_MOVE_TO_ARENA(arena, b->settings, side->settings, side->setting_count);
    PY_MOVE_TO_ARENA(arena, b->handoffs, side->handoffs, side->handoff_count);
    PY_MOVE_TO_ARENA(arena, b->mentions, side->mentions, side->mention_count);
    free(b->locals.items);
    free(b->bags.items);
    free(b->patchers.items);
    free(b->patch_ids.items);
    free(b->double_ids.items);
}
