/* analyzer/resolve/aliases.c - path aliases of imports whose modules are named by path
 * (JavaScript/TypeScript): `compilerOptions.paths` and `baseUrl` of the closest tsconfig.json
 * or jsconfig.json above the importing file, following `extends` (to the project's files, and
 * to a package's configuration in a node_modules folder of the run), and vite's or vitest's
 * `resolve.alias`/`test.alias` (a string or a regular-expression `find`), read statically. An
 * import (or a whole-module patch, `jest.mock('@/lib/x')`) whose specifier an alias maps
 * onto one of the project's modules is rewritten to that module's name, as the front end
 * names a relative import; anything else (a package) stays as written. */
#include "analyzer/resolve/aliases.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);

typedef struct alias {
    char *prefix;  /* the key up to its `*` (the whole key without one) */
    char *suffix;  /* after the `*`; NULL: an exact key */
    SSOT_VEC(char *) targets; /* folder-relative to the run, `*` kept */
} alias;

/* vite's `{ find: /^@app\/(.*)/, replacement: path.resolve(__dirname, 'src/$1') }`: the
 * matched part of the specifier is replaced, `$1`... naming the regex's groups. */
typedef struct regex_alias {
    pcre2_code *find;
    char *replacement; /* folder-relative to the run, `$n` kept */
} regex_alias;

/* What one configuration file says, with what it extends applied. */
typedef struct aliases {
    SSOT_VEC(alias) list;
    SSOT_VEC(regex_alias) regexes; /* tried first, in the order written, as vite does */
    char *base;    /* baseUrl, relative to the run's folder; NULL when unset */
} aliases;

typedef struct state {
    ssot_strmap *modules;   /* the project's path-named modules */
    ssot_strmap *by_dir;    /* folder -> index into `found` + 1 (0: none above) */
    SSOT_VEC(aliases *) found;
    SSOT_VEC(char *) dirs;  /* keys of by_dir, owned */
} state;

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* tsconfig's JSON: comments and trailing commas allowed. */
static json_t *load_tsconfig(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *text = ssot_calloc(1, 1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, fp);
    fclose(fp);
    char *out = ssot_calloc(1, n + 1);
    size_t k = 0;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (quote) {
            out[k++] = c;
            if (c == '\\' && i + 1 < n)
                out[k++] = text[++i];
            else if (c == quote)
                quote = 0;
        } else if (c == '"') {
            quote = c;
            out[k++] = c;
        } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {
            while (i < n && text[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(text[i] == '*' && text[i + 1] == '/'))
                i++;
            i++;
        } else if (c == ',') {
            size_t j = i + 1;
            while (j < n && strchr(" \t\r\n", text[j]))
                j++;
            if (j < n && (text[j] == ']' || text[j] == '}'))
                continue; /* a trailing comma */
            out[k++] = c;
        } else {
            out[k++] = c;
        }
    }
    json_t *root = json_loadb(out, k, 0, NULL);
    free(text);
    free(out);
    return root;
}

/* `a/./b/../c` -> `a/c`, into a new string; NULL when it climbs above the run's folder. */
static char *normalize(const char *path)
{
    char *out = ssot_calloc(1, strlen(path) + 2);
    size_t k = 0;
    if (path[0] == '/') {
        out[k++] = '/';
        out[k] = '\0';
        path++;
    }
    for (const char *p = path; *p;) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 2 && !strncmp(p, "..", 2)) {
            if (!k || (k == 1 && out[0] == '/')) {
                free(out);
                return NULL;
            }
            while (k && out[k - 1] != '/')
                k--;
            if (k > 1 || (k == 1 && out[0] != '/'))
                k--;
        } else if (n && !(n == 1 && p[0] == '.')) {
            if (k && out[k - 1] != '/')
                out[k++] = '/';
            memcpy(out + k, p, n);
            k += n;
        }
        out[k] = '\0';
        p = end ? end + 1 : p + n;
    }
    return out;
}

static char *join(const char *dir, const char *rel)
{
    char *both = dir[0] ? ssot_asprintf("%s/%s", dir, rel) : ssot_strdup(rel);
    char *n = normalize(both);
    free(both);
    return n;
}

/* Free every alias of `a`'s list and empty it (its storage is kept). */
static void aliases_clear(aliases *a)
{
    for (size_t i = 0; i < a->list.count; i++) {
        alias *x = &a->list.items[i];
        free(x->prefix);
        free(x->suffix);
        for (size_t t = 0; t < x->targets.count; t++)
            free(x->targets.items[t]);
        free(x->targets.items);
    }
    a->list.count = 0;
}

static void aliases_free(aliases *a)
{
    if (!a)
        return;
    aliases_clear(a);
    free(a->list.items);
    for (size_t i = 0; i < a->regexes.count; i++) {
        pcre2_code_free(a->regexes.items[i].find);
        free(a->regexes.items[i].replacement);
    }
    free(a->regexes.items);
    free(a->base);
    free(a);
}

/* `"extends": "./base"` of a configuration in `dir`: the file, `.json` added when missing.
 * Owned, or NULL. */
static char *relative_extends(const char *dir, const char *e)
{
    char *target = join(dir, e);
    if (!target)
        return NULL;
    size_t n = strlen(target);
    char *file = n > 5 && !strcmp(target + n - 5, ".json") ? ssot_strdup(target)
                                                            : ssot_asprintf("%s.json", target);
    free(target);
    return file;
}

/* `"extends": "@tsconfig/node18/tsconfig.json"` (or `"@tsconfig/node18"`): the package's file
 * in the closest node_modules folder at or above `dir` within the run, as TypeScript looks
 * it up (`<spec>`, `<spec>.json`, `<spec>/tsconfig.json`; a package.json `tsconfig` field or
 * `exports` map is not read). Owned, or NULL when no such file is installed. */
static char *package_extends(const char *dir, const char *e)
{
    if (strstr(e, "..") || e[0] == '/')
        return NULL;
    char *d = ssot_strdup(dir);
    for (;;) {
        char *base = d[0] ? ssot_asprintf("%s/node_modules/%s", d, e)
                          : ssot_asprintf("node_modules/%s", e);
        size_t n = strlen(base);
        char *tries[3] = {
            n > 5 && !strcmp(base + n - 5, ".json") ? ssot_strdup(base) : NULL,
            ssot_asprintf("%s.json", base), ssot_asprintf("%s/tsconfig.json", base)};
        free(base);
        char *found = NULL;
        for (int i = 0; i < 3; i++) {
            if (!found && tries[i] && is_file(tries[i]))
                found = tries[i];
            else
                free(tries[i]);
        }
        if (found || !d[0]) {
            free(d);
            return found;
        }
        char *slash = strrchr(d, '/');
        if (slash)
            *slash = '\0';
        else
            d[0] = '\0';
    }
}

/* Read `path` (in folder `dir`) into `a`: what it extends first, then its own keys over it. */
static void read_config(aliases *a, const char *dir, const char *path, int depth)
{
    json_t *root = depth < 8 ? load_tsconfig(path) : NULL;
    if (!json_is_object(root)) {
        json_decref(root);
        return;
    }
    json_t *ext = json_object_get(root, "extends");
    size_t i;
    json_t *item;
    json_t *one = json_array();
    if (json_is_string(ext))
        json_array_append(one, ext);
    json_array_foreach(json_is_array(ext) ? ext : one, i, item)
    {
        const char *e = json_string_value(item);
        if (!e || !e[0])
            continue;
        char *file = e[0] == '.' ? relative_extends(dir, e) : package_extends(dir, e);
        if (file && is_file(file)) {
            char *slash = strrchr(file, '/');
            char *edir = slash ? ssot_strndup(file, (size_t)(slash - file)) : ssot_strdup("");
            read_config(a, edir, file, depth + 1);
            free(edir);
        }
        free(file);
    }
    json_decref(one);
    json_t *opts = json_object_get(root, "compilerOptions");
    const char *base = json_string_value(json_object_get(opts, "baseUrl"));
    if (base) {
        free(a->base);
        a->base = join(dir, base);
    }
    json_t *paths = json_object_get(opts, "paths");
    if (json_is_object(paths)) {
        /* `paths` replaces what an extended file set; its targets are relative to baseUrl,
           or to this file's folder without one */
        aliases_clear(a);
        const char *from = a->base ? a->base : dir;
        const char *key;
        json_t *targets;
        json_object_foreach(paths, key, targets)
        {
            alias x = {0};
            const char *star = strchr(key, '*');
            x.prefix = star ? ssot_strndup(key, (size_t)(star - key)) : ssot_strdup(key);
            x.suffix = star ? ssot_strdup(star + 1) : NULL;
            size_t t;
            json_t *target;
            json_array_foreach(targets, t, target)
            {
                const char *s = json_string_value(target);
                char *joined = s ? join(from, s) : NULL;
                if (joined)
                    SSOT_VEC_PUSH(&x.targets, joined);
            }
            SSOT_VEC_PUSH(&a->list, x);
        }
    }
    json_decref(root);
}

/* ---- vite's and vitest's `resolve.alias`, read as object literals ---- */

typedef struct vite_src {
    const char *text;
    const char *dir;
} vite_src;

static char *node_text(const vite_src *v, TSNode n)
{
    return ssot_strndup(v->text + ts_node_start_byte(n),
                        ts_node_end_byte(n) - ts_node_start_byte(n));
}

/* A string literal's value (no escapes read), or NULL. Owned. */
static char *string_value(const vite_src *v, TSNode n)
{
    if (ts_node_is_null(n) || strcmp(ts_node_type(n), "string"))
        return NULL;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return e - s >= 2 ? ssot_strndup(v->text + s + 1, e - s - 2) : NULL;
}

/* `__dirname`, `import.meta.dirname`, a `dirname` of the module's own URL. */
static bool is_config_dir(const vite_src *v, TSNode n)
{
    char *t = node_text(v, n);
    bool yes = !strcmp(t, "__dirname") || !strcmp(t, "import.meta.dirname") ||
               !strcmp(t, "dirname");
    free(t);
    return yes;
}

/* Where a replacement points below the run's folder when that is static: `'/src'` (the
 * configuration's folder), `path.resolve(__dirname, 'src')`, `path.join(import.meta.dirname,
 * 'src')`, `fileURLToPath(new URL('./src', import.meta.url))`. Owned, or NULL. */
static char *static_target(const vite_src *v, TSNode n, int depth)
{
    if (ts_node_is_null(n) || depth > 4)
        return NULL;
    const char *type = ts_node_type(n);
    if (!strcmp(type, "string")) {
        char *s = string_value(v, n);
        char *out = s && s[0] == '/' && s[1] ? join(v->dir, s + 1) : NULL;
        free(s);
        return out;
    }
    if (!strcmp(type, "new_expression")) {
        /* new URL('./src', import.meta.url) */
        TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
        if (ts_node_is_null(args) || ts_node_named_child_count(args) != 2)
            return NULL;
        char *base = node_text(v, ts_node_named_child(args, 1));
        char *rel = !strcmp(base, "import.meta.url")
                        ? string_value(v, ts_node_named_child(args, 0))
                        : NULL;
        free(base);
        char *out = rel ? join(v->dir, rel) : NULL;
        free(rel);
        return out;
    }
    if (strcmp(type, "call_expression"))
        return NULL;
    TSNode fn = ts_node_child_by_field_name(n, "function", 8);
    TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
    if (ts_node_is_null(fn) || ts_node_is_null(args))
        return NULL;
    char *name = node_text(v, fn);
    const char *last = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
    char *out = NULL;
    uint32_t k = ts_node_named_child_count(args);
    if (!strcmp(last, "fileURLToPath") && k == 1) {
        out = static_target(v, ts_node_named_child(args, 0), depth + 1);
    } else if ((!strcmp(last, "resolve") || !strcmp(last, "join")) && k >= 2 &&
               is_config_dir(v, ts_node_named_child(args, 0))) {
        out = ssot_strdup(v->dir);
        for (uint32_t i = 1; i < k && out; i++) {
            char *part = string_value(v, ts_node_named_child(args, i));
            char *next = part ? join(out, part) : NULL;
            free(part);
            free(out);
            out = next;
        }
    }
    free(name);
    return out;
}

static void add_alias(aliases *a, const char *find, const char *target)
{
    /* vite matches `find` itself and `find/...` */
    alias exact = {0};
    exact.prefix = ssot_strdup(find);
    SSOT_VEC_PUSH(&exact.targets, ssot_strdup(target));
    SSOT_VEC_PUSH(&a->list, exact);
    alias below = {0};
    below.prefix = ssot_asprintf("%s/", find);
    below.suffix = ssot_strdup("");
    SSOT_VEC_PUSH(&below.targets, ssot_asprintf("%s/*", target));
    SSOT_VEC_PUSH(&a->list, below);
}

/* A regular-expression literal (`/^@app\/(.*)/i`) compiled, or NULL (not a regex, a flag
 * PCRE2 has no equivalent of, or a pattern it refuses). */
static pcre2_code *regex_literal(const vite_src *v, TSNode n)
{
    if (ts_node_is_null(n) || strcmp(ts_node_type(n), "regex"))
        return NULL;
    TSNode pat = ts_node_child_by_field_name(n, "pattern", 7);
    TSNode flags = ts_node_child_by_field_name(n, "flags", 5);
    if (ts_node_is_null(pat))
        return NULL;
    uint32_t options = PCRE2_UTF;
    if (!ts_node_is_null(flags)) {
        char *f = node_text(v, flags);
        for (const char *c = f; *c; c++) {
            if (*c == 'i')
                options |= PCRE2_CASELESS;
            else if (*c == 'm')
                options |= PCRE2_MULTILINE;
            else if (*c == 's')
                options |= PCRE2_DOTALL;
            else if (!strchr("gu", *c))
                options = 0; /* `y`, `d`, `v`: not read */
        }
        free(f);
        if (!options)
            return NULL;
    }
    char *text = node_text(v, pat);
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, options, &err, &off,
                                   NULL);
    free(text);
    return re;
}

static bool key_text(const vite_src *v, TSNode pair, char **out)
{
    TSNode key = ts_node_child_by_field_name(pair, "key", 3);
    if (ts_node_is_null(key))
        return false;
    const char *type = ts_node_type(key);
    if (!strcmp(type, "string"))
        *out = string_value(v, key);
    else if (!strcmp(type, "property_identifier"))
        *out = node_text(v, key);
    else
        return false;
    return *out != NULL;
}

/* `alias: { '@': ... }` or `alias: [{ find: '@', replacement: ... }]` under `resolve`. */
static void vite_aliases(const vite_src *v, aliases *a, TSNode n, int depth)
{
    if (ts_node_is_null(n) || depth > 64)
        return;
    if (!strcmp(ts_node_type(n), "pair")) {
        char *key = NULL;
        TSNode outer = ts_node_parent(ts_node_parent(n));
        char *outer_key = NULL;
        bool hit = key_text(v, n, &key) && !strcmp(key, "alias") && !ts_node_is_null(outer) &&
                   !strcmp(ts_node_type(outer), "pair") && key_text(v, outer, &outer_key) &&
                   (!strcmp(outer_key, "resolve") || !strcmp(outer_key, "test"));
        free(key);
        free(outer_key);
        if (hit) {
            TSNode value = ts_node_child_by_field_name(n, "value", 5);
            uint32_t k = ts_node_named_child_count(value);
            bool array = !strcmp(ts_node_type(value), "array");
            for (uint32_t i = 0; i < k; i++) {
                TSNode e = ts_node_named_child(value, i);
                char *find = NULL, *target = NULL;
                pcre2_code *find_re = NULL;
                if (!array && !strcmp(ts_node_type(e), "pair") && key_text(v, e, &find)) {
                    target = static_target(v, ts_node_child_by_field_name(e, "value", 5), 0);
                } else if (array && !strcmp(ts_node_type(e), "object")) {
                    for (uint32_t j = 0; j < ts_node_named_child_count(e); j++) {
                        TSNode p = ts_node_named_child(e, j);
                        char *name = NULL;
                        if (strcmp(ts_node_type(p), "pair") || !key_text(v, p, &name))
                            continue;
                        TSNode pv = ts_node_child_by_field_name(p, "value", 5);
                        if (!strcmp(name, "find") && !find && !find_re) {
                            find = string_value(v, pv);
                            if (!find)
                                find_re = regex_literal(v, pv);
                        } else if (!strcmp(name, "replacement") && !target)
                            target = static_target(v, pv, 0);
                        free(name);
                    }
                }
                if (find && target && find[0])
                    add_alias(a, find, target);
                if (find_re && target) {
                    regex_alias r = {find_re, target};
                    SSOT_VEC_PUSH(&a->regexes, r);
                    find_re = NULL;
                    target = NULL;
                }
                if (find_re)
                    pcre2_code_free(find_re);
                free(find);
                free(target);
            }
            return;
        }
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        vite_aliases(v, a, ts_node_named_child(n, i), depth + 1);
}

static const char *const vite_configs[] = {"vitest.config", "vite.config", NULL};
static const char *const script_exts[] = {".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", NULL};

/* The vite or vitest configuration file of `dir` (vitest's first), into `out`. */
static bool find_vite_config(const char *dir, char *out, size_t size)
{
    for (const char *const *c = vite_configs; *c; c++)
        for (const char *const *e = script_exts; *e; e++) {
            snprintf(out, size, "%s%s%s%s", dir, dir[0] ? "/" : "", *c, *e);
            if (is_file(out))
                return true;
        }
    return false;
}

static void read_vite(aliases *a, const char *dir, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return;
    char *text = ssot_calloc(1, 1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, fp);
    fclose(fp);
    const char *dot = strrchr(path, '.');
    bool ts = dot && (!strcmp(dot, ".ts") || !strcmp(dot, ".mts") || !strcmp(dot, ".cts"));
    TSParser *parser = ts_parser_new();
    TSTree *tree = ts_parser_set_language(parser, ts ? tree_sitter_typescript()
                                                     : tree_sitter_javascript())
                       ? ts_parser_parse_string(parser, NULL, text, (uint32_t)n)
                       : NULL;
    if (tree) {
        vite_src v = {text, dir};
        vite_aliases(&v, a, ts_tree_root_node(tree), 0);
        ts_tree_delete(tree);
    }
    ts_parser_delete(parser);
    free(text);
}

/* The aliases of the closest tsconfig.json/jsconfig.json at or above `dir`, cached per
 * folder; NULL when there is none. */
static aliases *aliases_for(state *s, const char *dir, int depth)
{
    size_t count;
    const uint32_t *hit = ssot_strmap_get(s->by_dir, dir, &count);
    if (hit)
        return hit[0] ? s->found.items[hit[0] - 1] : NULL;
    /* the folder's tsconfig.json (or jsconfig.json) and its vite configuration's aliases */
    aliases *a = ssot_calloc(1, sizeof(*a));
    bool configured_here = false;
    static const char *const names[] = {"tsconfig.json", "jsconfig.json", NULL};
    for (const char *const *n = names; *n && !configured_here; n++) {
        char *path = dir[0] ? ssot_asprintf("%s/%s", dir, *n) : ssot_strdup(*n);
        if (is_file(path)) {
            configured_here = true;
            read_config(a, dir, path, 0);
        }
        free(path);
    }
    char vite[4096];
    if (find_vite_config(dir, vite, sizeof(vite))) {
        size_t before = a->list.count + a->regexes.count;
        read_vite(a, dir, vite);
        configured_here |= a->list.count + a->regexes.count > before;
    }
    if (!a->list.count && !a->regexes.count && !a->base) {
        aliases_free(a); /* the closest configuration sets no alias: none apply */
        a = NULL;
    } else {
        SSOT_VEC_PUSH(&s->found, a);
    }
    uint32_t value = 0;
    if (a) {
        value = (uint32_t)s->found.count;
    } else if (dir[0] && depth < 64) {
        /* nothing here: the folder above decides */
        if (!configured_here) {
            const char *slash = strrchr(dir, '/');
            char *up = slash ? ssot_strndup(dir, (size_t)(slash - dir)) : ssot_strdup("");
            aliases *above = aliases_for(s, up, depth + 1);
            free(up);
            for (size_t i = 0; above && i < s->found.count; i++)
                if (s->found.items[i] == above)
                    value = (uint32_t)i + 1;
        }
    }
    char *key = ssot_strdup(dir);
    SSOT_VEC_PUSH(&s->dirs, key);
    ssot_strmap_add(s->by_dir, key, value);
    return a ? a : (value ? s->found.items[value - 1] : NULL);
}

/* `src/ui/index.tsx`, `src/ui/index`, `src/cart.ts` -> the module name (`src/ui`, `src/cart`),
 * when it is one of the project's. Owned, or NULL. */
static char *project_module(const state *s, const char *path)
{
    char *m = ssot_strdup(path);
    static const char *const exts[] = {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts",
                                       ".cts", ".d.ts", NULL};
    char *slash = strrchr(m, '/');
    char *base = slash ? slash + 1 : m;
    char *dot = strrchr(base, '.');
    for (const char *const *e = exts; dot && *e; e++)
        if (!strcmp(dot, *e))
            *dot = '\0';
    size_t count;
    if (ssot_strmap_get(s->modules, m, &count))
        return m;
    /* `src/ui/index` names the folder's module */
    slash = strrchr(m, '/');
    if (slash && !strcmp(slash + 1, "index")) {
        *slash = '\0';
        if (ssot_strmap_get(s->modules, m, &count))
            return m;
    }
    free(m);
    return NULL;
}

/* `spec` through a regex alias: its match (from the start) replaced by the replacement with
 * `$1`... filled from the groups, the rest kept, as vite's `String.replace`. Owned, or NULL
 * when it does not match. */
static char *regex_rewrite(const regex_alias *r, const char *spec)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->find, NULL);
    int rc = pcre2_match(r->find, (PCRE2_SPTR)spec, strlen(spec), 0, 0, md, NULL);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (rc < 0 || ov[0] != 0) {
        pcre2_match_data_free(md);
        return NULL;
    }
    size_t cap = strlen(r->replacement) + strlen(spec) + 1;
    char *out = ssot_calloc(1, cap);
    size_t k = 0;
    for (const char *p = r->replacement; *p; p++) {
        if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
            int g = p[1] - '0';
            p++;
            if (g < rc && ov[2 * g] != PCRE2_UNSET) {
                size_t n = ov[2 * g + 1] - ov[2 * g];
                if (k + n + 1 > cap) {
                    cap = (k + n + 1) * 2;
                    out = ssot_realloc(out, cap);
                }
                memcpy(out + k, spec + ov[2 * g], n);
                k += n;
            }
            continue;
        }
        if (k + 2 > cap) {
            cap *= 2;
            out = ssot_realloc(out, cap);
        }
        out[k++] = *p;
    }
    size_t rest = strlen(spec + ov[1]);
    if (k + rest + 1 > cap)
        out = ssot_realloc(out, k + rest + 1);
    memcpy(out + k, spec + ov[1], rest + 1);
    pcre2_match_data_free(md);
    char *norm = normalize(out);
    free(out);
    return norm;
}

/* The project module `spec` names through `a`, in `arena`; NULL when none. */
static const char *resolve(const state *s, const aliases *a, const char *spec, ssot_arena *arena)
{
    for (size_t i = 0; i < a->regexes.count; i++) {
        char *path = regex_rewrite(&a->regexes.items[i], spec);
        char *m = path ? project_module(s, path) : NULL;
        free(path);
        if (m) {
            const char *out = ssot_arena_strdup(arena, m);
            free(m);
            return out;
        }
    }
    const alias *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < a->list.count; i++) {
        const alias *x = &a->list.items[i];
        size_t pl = strlen(x->prefix);
        if (x->suffix ? strncmp(spec, x->prefix, pl) != 0 ||
                            strlen(spec) < pl + strlen(x->suffix) ||
                            strcmp(spec + strlen(spec) - strlen(x->suffix), x->suffix) != 0
                      : strcmp(spec, x->prefix) != 0)
            continue;
        /* the longest prefix wins, as TypeScript's */
        if (!best || pl > best_len) {
            best = &a->list.items[i];
            best_len = pl;
        }
    }
    for (size_t t = 0; best && t < best->targets.count; t++) {
        const char *target = best->targets.items[t];
        const char *star = strchr(target, '*');
        char *path;
        if (best->suffix && star) {
            size_t pl = strlen(best->prefix), sl = strlen(best->suffix);
            path = ssot_asprintf("%.*s%.*s%s", (int)(star - target), target,
                                 (int)(strlen(spec) - pl - sl), spec + pl, star + 1);
        } else {
            path = ssot_strdup(target);
        }
        char *m = project_module(s, path);
        free(path);
        if (m) {
            const char *out = ssot_arena_strdup(arena, m);
            free(m);
            return out;
        }
    }
    if (a->base) {
        /* `baseUrl` alone: a bare specifier below it that is a project module */
        char *path = a->base[0] ? ssot_asprintf("%s/%s", a->base, spec) : ssot_strdup(spec);
        char *m = project_module(s, path);
        free(path);
        if (m) {
            const char *out = ssot_arena_strdup(arena, m);
            free(m);
            return out;
        }
    }
    return NULL;
}

static bool bare(const char *spec)
{
    return spec && spec[0] && spec[0] != '.' && spec[0] != '/';
}

void ssot_aliases_resolve(ssot_index *index)
{
    state s = {0};
    s.modules = ssot_strmap_new();
    s.by_dir = ssot_strmap_new();
    bool any = false;
    for (size_t i = 0; i < index->files.count; i++)
        if (index->files.items[i]->words.module_by_path) {
            ssot_strmap_add(s.modules, index->modules.items[i], (uint32_t)i);
            any = true;
        }
    for (size_t i = 0; any && i < index->files.count; i++) {
        ssot_facts *f = index->files.items[i];
        if (!f->words.module_by_path || !f->path)
            continue;
        const char *path = f->path;
        while (path[0] == '.' && path[1] == '/')
            path += 2;
        const char *slash = strrchr(path, '/');
        char *dir = slash ? ssot_strndup(path, (size_t)(slash - path)) : ssot_strdup("");
        const aliases *a = aliases_for(&s, dir, 0);
        free(dir);
        if (!a)
            continue;
        for (size_t k = 0; k < f->import_count; k++) {
            ssot_import *im = &f->imports[k];
            const char *m = bare(im->module) ? resolve(&s, a, im->module, index->arena) : NULL;
            if (m)
                im->module = m;
        }
        for (size_t fn = 0; fn < f->function_count; fn++) {
            ssot_facts_body(f, &f->functions[fn]); /* a lazily read file: its patches too */
            const ssot_fn_side *side = f->functions[fn].side;
            for (size_t p = 0; p < side->patch_count; p++) {
                ssot_patch *pt = &side->patches[p];
                if (!(pt->flags & SSOT_PF_MODULE) || !bare(pt->target))
                    continue;
                const char *m = resolve(&s, a, pt->target, index->arena);
                if (m)
                    pt->target = m;
            }
        }
    }
    for (size_t i = 0; i < s.found.count; i++)
        aliases_free(s.found.items[i]);
    free(s.found.items);
    for (size_t i = 0; i < s.dirs.count; i++)
        free(s.dirs.items[i]);
    free(s.dirs.items);
    ssot_strmap_free(s.by_dir);
    ssot_strmap_free(s.modules);
}
