/* rules/policy/non_canonical_import.c - SS002: a concept of the `[canonical]` table imported
 * from another module than its one source (relative imports resolved against the file's own
 * module name). */
#include <stdio.h>
#include <string.h>

#include "analyzer/config/config.h"
#include "rules/rule.h"

/* `a.b` ends `x.a.b` at a dot boundary, or equals it: module names from package folders may
 * carry or miss a prefix (a `src` layout) compared with the configured one. JavaScript
 * modules are paths (`src/store`): `/` is their boundary. */
static bool same_module(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == lb)
        return !strcmp(a, b);
    const char *longer = la > lb ? a : b, *shorter = la > lb ? b : a;
    size_t d = la > lb ? la - lb : lb - la;
    return (longer[d - 1] == '.' || longer[d - 1] == '/') && !strcmp(longer + d, shorter);
}

static bool is_package(const char *path)
{
    const char *slash = strrchr(path, '/');
    return !strcmp(slash ? slash + 1 : path, "__init__.py");
}

/* The file's own dotted module name: from its package folders, else from its path. */
static const char *own_module(const ssot_facts *facts, char *buf, size_t size)
{
    if (facts->module)
        return facts->module;
    const char *p = facts->config_path ? facts->config_path : facts->path;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    size_t n = strlen(p);
    if (n > 3 && !strcmp(p + n - 3, ".py"))
        n -= 3;
    if (n >= 8 && !strncmp(p + n - 8, "__init__", 8) && (n == 8 || p[n - 9] == '/'))
        n = n > 8 ? n - 9 : 0;
    if (n >= size)
        return NULL;
    for (size_t i = 0; i < n; i++)
        buf[i] = p[i] == '/' ? '.' : p[i];
    buf[n] = '\0';
    return buf;
}

/* `.manager` in `app.websocket.agents` -> `app.websocket.manager`; NULL when it climbs above
 * the top package. Absolute names are returned as written. */
static const char *absolute(const ssot_facts *facts, const char *module, char *buf, size_t size)
{
    if (module[0] != '.')
        return module;
    char own[512];
    const char *self = own_module(facts, own, sizeof(own));
    if (!self)
        return NULL;
    size_t dots = strspn(module, "."), n = strlen(self);
    /* a module's package drops its last segment; a package is its own */
    size_t up = dots - (is_package(facts->path) ? 1 : 0);
    for (size_t i = 0; i < up; i++) {
        if (!n)
            return NULL;
        while (n && self[n - 1] != '.')
            n--;
        if (n)
            n--; /* the dot */
    }
    const char *rest = module + dots;
    int k = snprintf(buf, size, "%.*s%s%s", (int)n, self, n && rest[0] ? "." : "", rest);
    return k < 0 || (size_t)k >= size || !buf[0] ? NULL : buf;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    const ssot_config *c = facts->config;
    if (!c || !c->canonical_count)
        return;
    char own[512];
    const char *self = own_module(facts, own, sizeof(own));
    for (size_t i = 0; i < facts->import_count; i++) {
        const ssot_import *im = &facts->imports[i];
        if (!im->name || !im->module)
            continue;
        const ssot_canonical *hit = NULL;
        for (size_t k = 0; k < c->canonical_count && !hit; k++)
            if (!strcmp(c->canonical[k].name, im->name))
                hit = &c->canonical[k];
        if (!hit || (self && same_module(self, hit->module)))
            continue;
        char buf[512];
        const char *from = absolute(facts, im->module, buf, sizeof(buf));
        /* the canonical module, or the file itself (a JavaScript module naming its own
           default export) */
        if (from && (same_module(from, hit->module) || (self && !strcmp(from, self))))
            continue;
        ssot_sink_report(sink, &im->loc, im->name, "`%s` is imported from `%s`; its one source is `%s`",
                         im->name, im->module, hit->module);
    }
}

const ssot_rule ssot_rule_ss002 = {
    .code = "SS002",
    .name = "non-canonical-import",
    .summary = "Importing a concept named in the `[canonical]` table from any module other "
               "than its canonical one: `from x import Name`, `from x import Name as Alias`, "
               "`import x` then `x.Name`, and relative imports.",
    .why = "A concept with two import paths has two sources of truth: the copy drifts (a "
           "legacy manager that misses a new event, a fix applied to one of them) and code "
           "that imports the wrong one fails only in production.",
    .bad = "# [tool.ssot.canonical] WebSocketManager = \"app.websocket.manager\"\n"
           "from app.websocket.legacy_manager import WebSocketManager\n",
    .good = "from app.websocket.manager import WebSocketManager\n",
    .bad_js = "// .ssot.toml: [canonical] SessionStore = \"src/auth/session\"\n"
           "import { SessionStore } from \"../legacy/session-store\";\n",
    .good_js = "import { SessionStore } from \"../auth/session\";\n",
    .not_flagged = "Imports from the canonical module, absolute or relative; the canonical module "
                   "itself; a module that re-exports the name by importing it from the "
                   "canonical module; other names imported from the same module; everything "
                   "while `[canonical]` is empty. In test files only module-level imports (also "
                   "inside top-level `if`/`try`/`with`) are read.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
