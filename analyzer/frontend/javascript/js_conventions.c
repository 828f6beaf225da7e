/* analyzer/frontend/javascript/js_conventions.c - which JavaScript/TypeScript files are tests.
 * Every runner's defaults (`__tests__/`, `*.test.*`, `*.spec.*`, cypress's `*.cy.*`, a `test/`
 * or `tests/` folder, `__mocks__/`), test support by name (`test-utils.*`, `setupTests.*`),
 * and what the closest runner configuration above the file adds: jest's `testMatch`/`testRegex`
 * (jest.config.*, package.json#jest, and its inline `projects` below their `rootDir`),
 * vitest's `test.include` (vitest.config.* over vite.config.*, vitest.workspace.*, and inline
 * `test.projects` below their `root`), mocha's `spec` (.mocharc.*, package.json#mocha).
 * Configurations are read, never run: JSON through jansson, JS/TS files as object literals
 * through the grammar, YAML line by line. Cached per folder. */
#include "analyzer/frontend/javascript/js_conventions.h"

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

typedef SSOT_VEC(pcre2_code *) regex_list;
typedef SSOT_VEC(char *) text_list;

/* The runner configurations of one folder. */
typedef struct folder {
    char *dir;          /* absolute, no trailing slash */
    bool configured;    /* a runner is configured here: this folder decides */
    regex_list globs;   /* matched against the path below `dir` */
    regex_list regexes; /* jest's testRegex: matched against the absolute path */
    regex_list ignores; /* jest's testPathIgnorePatterns: matched against `/` + the path below
                           `dir` (`<rootDir>` is `dir`) */
    bool jest_patterns; /* jest's testMatch/testRegex are given: they replace the defaults */
    bool other_runner;  /* vitest or mocha is configured here too (their defaults stay) */
    bool playwright;    /* a playwright.config.* here: what jest ignores may be its tests */
} folder;

typedef struct js_conventions {
    SSOT_VEC(folder) folders;
    ssot_strmap *index; /* folder path -> its index in `folders` */
    TSParser *parser;
} js_conventions;

void *ssot_js_conventions_new(void)
{
    return ssot_calloc(1, sizeof(js_conventions));
}

static void regexes_free(regex_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        pcre2_code_free(l->items[i]);
    free(l->items);
}

void ssot_js_conventions_free(void *conventions)
{
    js_conventions *cv = conventions;
    if (!cv)
        return;
    for (size_t i = 0; i < cv->folders.count; i++) {
        free(cv->folders.items[i].dir);
        regexes_free(&cv->folders.items[i].globs);
        regexes_free(&cv->folders.items[i].regexes);
        regexes_free(&cv->folders.items[i].ignores);
    }
    free(cv->folders.items);
    ssot_strmap_free(cv->index);
    if (cv->parser)
        ts_parser_delete(cv->parser);
    free(cv);
}

/* ---- the defaults ---- */

/* Test support by name: `test-utils.ts`, `testHelpers.js`, `setupTests.ts`, `jest.setup.js`. */
static bool support_name(const char *base)
{
    static const char *const stems[] = {"testutils", "testutil", "testhelpers", "testhelper",
                                        "testsetup", "setuptests", NULL};
    char stem[64];
    size_t k = 0;
    for (const char *p = base; *p && *p != '.' && k + 1 < sizeof(stem); p++)
        if (*p != '-' && *p != '_')
            stem[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    stem[k] = '\0';
    for (const char *const *s = stems; *s; s++)
        if (!strcmp(stem, *s))
            return true;
    return !strncmp(base, "jest.setup.", 11) || !strncmp(base, "vitest.setup.", 13);
}

/* Test support by name or place (`test-utils.ts`, `__mocks__/`): kept when a runner's
 * configuration replaces the defaults, as it is not a test file the runner picks. */
static bool support_file(const char *rel, const char *base)
{
    return support_name(base) || !strncmp(rel, "__mocks__/", 10) || strstr(rel, "/__mocks__/");
}

static bool default_test(const char *rel)
{
    const char *slash = strrchr(rel, '/');
    const char *base = slash ? slash + 1 : rel;
    if (support_name(base))
        return true;
    if (strstr(base, ".test.") || strstr(base, ".spec.") || strstr(base, ".cy.") ||
        strstr(base, "_test.") || strstr(base, "-test.") || strstr(base, ".e2e."))
        return true;
    for (const char *seg = rel; seg;) {
        const char *end = strchr(seg, '/');
        if (!end)
            break;
        size_t n = (size_t)(end - seg);
        if ((n == 9 && !strncmp(seg, "__tests__", 9)) || (n == 9 && !strncmp(seg, "__mocks__", 9)) ||
            (n == 4 && !strncmp(seg, "test", 4)) || (n == 5 && !strncmp(seg, "tests", 5)))
            return true;
        seg = end + 1;
    }
    return false;
}

/* ---- globs: micromatch's syntax as a PCRE2 regex ---- */

static void put(text_list *buf, const char *s)
{
    SSOT_VEC_PUSH(buf, ssot_strdup(s));
}

/* `**` any folders, `*` and `?` within one, `{a,b}`, `?(x)` `*(x)` `+(x)` `@(x)` `!(x)`,
 * `[...]`. Returns NULL when the pattern does not compile. */
static pcre2_code *glob_regex(const char *pattern)
{
    while (pattern[0] == '.' && pattern[1] == '/')
        pattern += 2;
    if (!strncmp(pattern, "<rootDir>/", 10))
        pattern += 10;
    text_list out = {0};
    put(&out, "^");
    char closers[32];
    int depth = 0;
    for (const char *p = pattern; *p; p++) {
        char ch = *p;
        if (ch == '*' && p[1] == '*') {
            p++;
            if (p[1] == '/') {
                p++;
                put(&out, "(?:.*/)?");
            } else {
                put(&out, ".*");
            }
        } else if ((ch == '?' || ch == '*' || ch == '+' || ch == '@' || ch == '!') &&
                   p[1] == '(' && depth < 31) {
            put(&out, ch == '!' ? "(?:(?!" : "(?:");
            closers[depth++] = ch;
            p++;
        } else if (ch == ')' && depth > 0) {
            char k = closers[--depth];
            put(&out, k == '?' ? ")?" : k == '*' ? ")*" : k == '+' ? ")+" : k == '!' ? ")[^/]*)"
                                                                                      : ")");
        } else if (ch == '{' && depth < 31) {
            put(&out, "(?:");
            closers[depth++] = '{';
        } else if (ch == '}' && depth > 0 && closers[depth - 1] == '{') {
            depth--;
            put(&out, ")");
        } else if (ch == ',' && depth > 0 && closers[depth - 1] == '{') {
            put(&out, "|");
        } else if (ch == '|' && depth > 0) {
            put(&out, "|");
        } else if (ch == '*') {
            put(&out, "[^/]*");
        } else if (ch == '?') {
            put(&out, "[^/]");
        } else if (ch == '[') {
            const char *end = strchr(p + 1, ']');
            if (!end) {
                put(&out, "\\[");
                continue;
            }
            char cls[128];
            size_t n = (size_t)(end - p - 1);
            if (n > sizeof(cls) - 4)
                n = sizeof(cls) - 4;
            snprintf(cls, sizeof(cls), "[%s%.*s]", p[1] == '!' ? "^" : "",
                     (int)(p[1] == '!' ? n - 1 : n), p[1] == '!' ? p + 2 : p + 1);
            put(&out, cls);
            p = end;
        } else if (strchr(".+()^$|\\", ch)) {
            char esc[3] = {'\\', ch, '\0'};
            put(&out, esc);
        } else {
            char one[2] = {ch, '\0'};
            put(&out, one);
        }
    }
    put(&out, "$");
    size_t len = 1;
    for (size_t i = 0; i < out.count; i++)
        len += strlen(out.items[i]);
    char *re = ssot_calloc(len, 1);
    for (size_t i = 0; i < out.count; i++) {
        strcat(re, out.items[i]);
        free(out.items[i]);
    }
    free(out.items);
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *code = depth ? NULL
                             : pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                                             &errcode, &erroff, NULL);
    free(re);
    return code;
}

static pcre2_code *plain_regex(const char *re)
{
    int errcode;
    PCRE2_SIZE erroff;
    return pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode, &erroff,
                         NULL);
}

static bool regex_hit(pcre2_code *re, const char *subject)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* A project's root below the configuration's folder (`./packages/web`, `<rootDir>/web`), as
 * a glob prefix without `./` and trailing `/`; NULL for the folder itself or a root outside
 * it. Owned. */
static char *root_prefix(const char *root)
{
    if (!root)
        return NULL;
    for (;;) {
        if (root[0] == '.' && root[1] == '/')
            root += 2;
        else if (!strncmp(root, "<rootDir>/", 10))
            root += 10;
        else
            break;
    }
    size_t n = strlen(root);
    while (n && root[n - 1] == '/')
        n--;
    if (!n || (n == 1 && root[0] == '.') || root[0] == '/' || !strncmp(root, "..", 2) ||
        !strcmp(root, "<rootDir>"))
        return NULL;
    return ssot_strndup(root, n);
}

static void add_glob(folder *f, const char *pattern, bool folder_means_files);

/* A pattern of a project whose root is `prefix` below the configuration's folder. */
static void add_project_glob(folder *f, const char *prefix, const char *pattern)
{
    if (!prefix) {
        add_glob(f, pattern, false);
        return;
    }
    while (pattern[0] == '.' && pattern[1] == '/')
        pattern += 2;
    if (!strncmp(pattern, "<rootDir>/", 10))
        pattern += 10;
    char *joined = ssot_asprintf("%s/%s", prefix, pattern);
    add_glob(f, joined, false);
    free(joined);
}

/* A mocha `spec` may name a folder: its files are the specs. */
static void add_glob(folder *f, const char *pattern, bool folder_means_files)
{
    char *owned = NULL;
    const char *base = strrchr(pattern, '/');
    base = base ? base + 1 : pattern;
    if (folder_means_files && !strpbrk(pattern, "*?{[") && !strchr(base, '.')) {
        size_t n = strlen(pattern);
        owned = ssot_asprintf("%.*s/**", (int)(n && pattern[n - 1] == '/' ? n - 1 : n), pattern);
        pattern = owned;
    }
    pcre2_code *re = glob_regex(pattern);
    if (re)
        SSOT_VEC_PUSH(&f->globs, re);
    free(owned);
}

/* jest's testPathIgnorePatterns entry: a regex on the path, `<rootDir>` the config's folder.
 * It is matched against `/` + the path below that folder, so that where the project is checked
 * out (`/home/x/examples/app`) never decides. */
static void add_ignore(folder *f, const char *pattern)
{
    char *owned = NULL;
    const char *root = strstr(pattern, "<rootDir>");
    if (root)
        pattern = owned = ssot_asprintf("^%.*s%s", (int)(root - pattern), pattern, root + 9);
    pcre2_code *re = plain_regex(pattern);
    if (re)
        SSOT_VEC_PUSH(&f->ignores, re);
    free(owned);
}

/* ---- reading configurations ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > (1u << 22)) { /* a configuration is small */
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = ssot_realloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, 4096, fp);
        n += got;
        if (got < 4096)
            break;
    }
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* `// ...` and `/ * ... * /` outside strings, for .jsonc. */
static void strip_json_comments(char *s)
{
    char quote = 0;
    for (char *p = s; *p; p++) {
        if (quote) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == quote)
                quote = 0;
        } else if (*p == '"') {
            quote = '"';
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                *p++ = ' ';
            if (!*p)
                break;
        } else if (p[0] == '/' && p[1] == '*') {
            while (*p && !(p[0] == '*' && p[1] == '/'))
                *p++ = ' ';
            if (*p) {
                *p++ = ' ';
                *p = ' ';
            } else {
                break;
            }
        }
    }
}

/* A JSON value of strings (one, or an array) as globs or regexes; globs below `prefix`. */
static void json_patterns(folder *f, json_t *v, bool regex, bool folder_means_files,
                          const char *prefix)
{
    if (json_is_string(v)) {
        if (regex) {
            pcre2_code *re = plain_regex(json_string_value(v));
            if (re)
                SSOT_VEC_PUSH(&f->regexes, re);
        } else if (prefix) {
            add_project_glob(f, prefix, json_string_value(v));
        } else {
            add_glob(f, json_string_value(v), folder_means_files);
        }
        return;
    }
    size_t i;
    json_t *item;
    if (json_is_array(v))
        json_array_foreach(v, i, item) json_patterns(f, item, regex, folder_means_files, prefix);
}

/* jest's configuration, and each of its inline `projects` (`{ rootDir, testMatch }`); a
 * project named by a path has a configuration of its own in its folder. */
static void jest_json_object(folder *f, json_t *cfg, int depth)
{
    if (!json_is_object(cfg) || depth > 4)
        return;
    char *prefix = root_prefix(json_string_value(json_object_get(cfg, "rootDir")));
    json_patterns(f, json_object_get(cfg, "testMatch"), false, false, prefix);
    json_patterns(f, json_object_get(cfg, "testRegex"), true, false, prefix);
    free(prefix);
    size_t i;
    json_t *project;
    json_t *projects = json_object_get(cfg, "projects");
    if (json_is_array(projects))
        json_array_foreach(projects, i, project) jest_json_object(f, project, depth + 1);
}

static void read_jest_json(folder *f, json_t *cfg)
{
    if (!json_is_object(cfg))
        return;
    f->configured = true;
    jest_json_object(f, cfg, 0);
    f->jest_patterns |= json_object_get(cfg, "testMatch") || json_object_get(cfg, "testRegex");
    json_t *ig = json_object_get(cfg, "testPathIgnorePatterns");
    size_t i;
    json_t *item;
    if (json_is_string(ig))
        add_ignore(f, json_string_value(ig));
    else if (json_is_array(ig))
        json_array_foreach(ig, i, item) if (json_is_string(item))
            add_ignore(f, json_string_value(item));
}

/* vitest's workspace file as JSON: an array of project folders, configuration files or
 * inline projects (`{ test: { include, root } }`). */
static void read_vitest_workspace_json(folder *f, json_t *ws)
{
    if (!json_is_array(ws))
        return;
    f->configured = true;
    f->other_runner = true;
    size_t i;
    json_t *project;
    json_array_foreach(ws, i, project)
    {
        json_t *test = json_object_get(project, "test");
        if (!json_is_object(test))
            continue;
        const char *root = json_string_value(json_object_get(test, "root"));
        char *prefix = root_prefix(root ? root : json_string_value(json_object_get(project, "root")));
        json_patterns(f, json_object_get(test, "include"), false, false, prefix);
        free(prefix);
    }
}

static void read_mocha_json(folder *f, json_t *cfg)
{
    if (!json_is_object(cfg))
        return;
    f->configured = true;
    f->other_runner = true;
    json_patterns(f, json_object_get(cfg, "spec"), false, true, NULL);
}

static json_t *load_json(const char *path, bool comments)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return NULL;
    if (comments)
        strip_json_comments(text);
    json_t *root = json_loadb(text, len, 0, NULL);
    free(text);
    return root;
}

/* mocha's YAML: `spec: pattern`, or `spec:` then `- pattern` lines. */
static void read_mocha_yaml(folder *f, const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return;
    f->configured = true;
    f->other_runner = true;
    bool in_spec = false;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncmp(p, "spec:", 5)) {
            p += 5;
            while (*p == ' ')
                p++;
            in_spec = !*p || *p == '#';
            if (*p == '[' || *p == '\'' || *p == '"' || (*p && *p != '#')) {
                /* `spec: 'a'` or `spec: ['a', 'b']` */
                char *q = p;
                while (*q) {
                    while (*q && strchr("[], '\"", *q))
                        q++;
                    char *start = q;
                    while (*q && !strchr("],'\"", *q))
                        q++;
                    if (q > start) {
                        char *item = ssot_strndup(start, (size_t)(q - start));
                        size_t n = strlen(item);
                        while (n && item[n - 1] == ' ')
                            item[--n] = '\0';
                        if (n)
                            add_glob(f, item, true);
                        free(item);
                    }
                }
            }
            continue;
        }
        if (in_spec && p[0] == '-') {
            p++;
            while (*p == ' ' || *p == '\'' || *p == '"')
                p++;
            size_t n = strcspn(p, "'\"#\r");
            while (n && p[n - 1] == ' ')
                n--;
            char *item = ssot_strndup(p, n);
            if (n)
                add_glob(f, item, true);
            free(item);
            continue;
        }
        in_spec = false;
    }
    free(text);
}

/* ---- JS/TS configuration files as object literals ---- */

typedef struct lit_ctx {
    const char *src;
    const char *prefix; /* the root of the project being read, below the folder; or NULL */
} lit_ctx;

static bool key_is(const lit_ctx *l, TSNode pair, const char *name)
{
    TSNode key = ts_node_child_by_field_name(pair, "key", 3);
    if (ts_node_is_null(key))
        return false;
    uint32_t s = ts_node_start_byte(key), e = ts_node_end_byte(key);
    const char *t = l->src + s;
    size_t n = e - s;
    if (n >= 2 && (t[0] == '"' || t[0] == '\'')) {
        t++;
        n -= 2;
    }
    return n == strlen(name) && !strncmp(t, name, n);
}

/* The first `name: value` pair anywhere under `n` (inside `test: {...}` when `within` is set). */
static TSNode find_pair(const lit_ctx *l, TSNode n, const char *name, int depth)
{
    if (depth > 64 || ts_node_is_null(n))
        return (TSNode){0};
    if (!strcmp(ts_node_type(n), "pair") && key_is(l, n, name))
        return n;
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode hit = find_pair(l, ts_node_named_child(n, i), name, depth + 1);
        if (!ts_node_is_null(hit))
            return hit;
    }
    return (TSNode){0};
}

/* A string literal's value (`\\` is one backslash, `\'` a quote), NULL for a template with
 * `${...}` (computed). Caller frees. */
static char *string_value(const lit_ctx *l, TSNode v)
{
    if (!strcmp(ts_node_type(v), "template_string") && ts_node_named_child_count(v))
        return NULL;
    uint32_t s = ts_node_start_byte(v), e = ts_node_end_byte(v);
    if (e - s < 2)
        return NULL;
    char *text = ssot_strndup(l->src + s + 1, e - s - 2);
    char *w = text;
    for (const char *r = text; *r; r++) {
        if (*r == '\\' && r[1] && strchr("\\'\"/`", r[1]))
            r++;
        *w++ = *r;
    }
    *w = '\0';
    return text;
}

/* The strings of a literal: a string, or an array of strings (others are skipped). */
static void literal_patterns(const lit_ctx *l, folder *f, TSNode v, bool regex,
                             bool folder_means_files)
{
    const char *type = ts_node_type(v);
    if (!strcmp(type, "string") || !strcmp(type, "template_string")) {
        char *text = string_value(l, v);
        if (!text)
            return;
        if (regex) {
            pcre2_code *re = plain_regex(text);
            if (re)
                SSOT_VEC_PUSH(&f->regexes, re);
        } else if (l->prefix) {
            add_project_glob(f, l->prefix, text);
        } else {
            add_glob(f, text, folder_means_files);
        }
        free(text);
    } else if (!strcmp(type, "regex")) {
        TSNode pat = ts_node_child_by_field_name(v, "pattern", 7);
        if (!ts_node_is_null(pat)) {
            char *text = ssot_strndup(l->src + ts_node_start_byte(pat),
                                      ts_node_end_byte(pat) - ts_node_start_byte(pat));
            pcre2_code *re = plain_regex(text);
            if (re)
                SSOT_VEC_PUSH(&f->regexes, re);
            free(text);
        }
    } else if (!strcmp(type, "array")) {
        uint32_t k = ts_node_named_child_count(v);
        for (uint32_t i = 0; i < k; i++)
            literal_patterns(l, f, ts_node_named_child(v, i), regex, folder_means_files);
    }
}

/* The pair `name` directly in the object `obj`, or a null node. */
static TSNode direct_pair(const lit_ctx *l, TSNode obj, const char *name)
{
    if (ts_node_is_null(obj) || strcmp(ts_node_type(obj), "object"))
        return (TSNode){0};
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode p = ts_node_named_child(obj, i);
        if (!strcmp(ts_node_type(p), "pair") && key_is(l, p, name))
            return p;
    }
    return (TSNode){0};
}

/* The string literal of the pair `name` directly in `obj`, as a project root prefix (owned,
 * NULL when absent, computed or the folder itself). */
static char *direct_root(const lit_ctx *l, TSNode obj, const char *name)
{
    TSNode pair = direct_pair(l, obj, name);
    if (ts_node_is_null(pair))
        return NULL;
    TSNode v = ts_node_child_by_field_name(pair, "value", 5);
    if (ts_node_is_null(v) || strcmp(ts_node_type(v), "string"))
        return NULL;
    uint32_t s = ts_node_start_byte(v), e = ts_node_end_byte(v);
    if (e - s < 2)
        return NULL;
    char *text = ssot_strndup(l->src + s + 1, e - s - 2);
    char *prefix = root_prefix(text);
    free(text);
    return prefix;
}

/* Every `test: {...}` object under `n`: the configuration's own and each inline project's
 * (`test.projects`, a workspace file's array), its `include` below the project's `root`
 * (`test.root`, or `root` beside `test`). A `coverage.include` is not a test pattern. Returns
 * whether one was found. */
static bool vitest_tests(lit_ctx *l, folder *f, TSNode n, int depth)
{
    if (depth > 64 || ts_node_is_null(n))
        return false;
    bool found = false;
    if (!strcmp(ts_node_type(n), "pair") && key_is(l, n, "test")) {
        TSNode test = ts_node_child_by_field_name(n, "value", 5);
        found = true;
        if (!ts_node_is_null(test) && !strcmp(ts_node_type(test), "object")) {
            char *prefix = direct_root(l, test, "root");
            if (!prefix)
                prefix = direct_root(l, ts_node_parent(n), "root");
            const char *saved = l->prefix;
            l->prefix = prefix;
            TSNode inc = direct_pair(l, test, "include");
            if (!ts_node_is_null(inc))
                literal_patterns(l, f, ts_node_child_by_field_name(inc, "value", 5), false,
                                 false);
            l->prefix = saved;
            free(prefix);
        }
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        found |= vitest_tests(l, f, ts_node_named_child(n, i), depth + 1);
    return found;
}

/* Every object under `n` with a `testMatch` or `testRegex` of its own: jest's configuration
 * and its inline `projects`, each below its `rootDir`. */
static void jest_objects(lit_ctx *l, folder *f, TSNode n, int depth)
{
    if (depth > 64 || ts_node_is_null(n))
        return;
    if (!strcmp(ts_node_type(n), "object")) {
        TSNode m = direct_pair(l, n, "testMatch");
        TSNode r = direct_pair(l, n, "testRegex");
        if (!ts_node_is_null(m) || !ts_node_is_null(r)) {
            char *prefix = direct_root(l, n, "rootDir");
            const char *saved = l->prefix;
            l->prefix = prefix;
            if (!ts_node_is_null(m))
                literal_patterns(l, f, ts_node_child_by_field_name(m, "value", 5), false, false);
            if (!ts_node_is_null(r))
                literal_patterns(l, f, ts_node_child_by_field_name(r, "value", 5), true, false);
            l->prefix = saved;
            free(prefix);
        }
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        jest_objects(l, f, ts_node_named_child(n, i), depth + 1);
}

/* jest's testPathIgnorePatterns as written: strings of an array literal (a computed list,
 * `patterns.map(...)`, is not read: what it holds depends on the run). */
static void literal_ignores(const lit_ctx *l, folder *f, TSNode v)
{
    if (strcmp(ts_node_type(v), "array") != 0)
        return;
    uint32_t k = ts_node_named_child_count(v);
    for (uint32_t i = 0; i < k; i++) {
        TSNode s = ts_node_named_child(v, i);
        if (strcmp(ts_node_type(s), "string") != 0 &&
            strcmp(ts_node_type(s), "template_string") != 0)
            continue;
        char *text = string_value(l, s);
        if (text) {
            add_ignore(f, text);
            free(text);
        }
    }
}

typedef enum runner { RUN_VITEST, RUN_VITEST_WORKSPACE, RUN_JEST, RUN_MOCHA } runner;

/* Read `path` with the grammar its extension names; what it configures goes into `f`. Returns
 * false when the file does not configure the runner (a vite.config without `test`). */
static bool read_script(js_conventions *cv, folder *f, const char *path, runner which)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return false;
    const char *dot = strrchr(path, '.');
    bool ts = dot && (!strcmp(dot, ".ts") || !strcmp(dot, ".mts") || !strcmp(dot, ".cts"));
    if (!cv->parser)
        cv->parser = ts_parser_new();
    bool ok = ts_parser_set_language(cv->parser, ts ? tree_sitter_typescript()
                                                     : tree_sitter_javascript());
    TSTree *tree = ok ? ts_parser_parse_string(cv->parser, NULL, text, (uint32_t)len) : NULL;
    bool configured = false;
    if (tree) {
        lit_ctx l = {text, NULL};
        TSNode root = ts_tree_root_node(tree);
        if (which == RUN_VITEST) {
            configured = vitest_tests(&l, f, root, 0);
            f->other_runner |= configured;
        } else if (which == RUN_VITEST_WORKSPACE) {
            vitest_tests(&l, f, root, 0);
            configured = true; /* a workspace file makes its folder vitest's root */
            f->other_runner = true;
        } else if (which == RUN_JEST) {
            configured = true;
            jest_objects(&l, f, root, 0);
            f->jest_patterns |= !ts_node_is_null(find_pair(&l, root, "testMatch", 0)) ||
                                !ts_node_is_null(find_pair(&l, root, "testRegex", 0));
            TSNode ig = find_pair(&l, root, "testPathIgnorePatterns", 0);
            if (!ts_node_is_null(ig))
                literal_ignores(&l, f, ts_node_child_by_field_name(ig, "value", 5));
        } else {
            f->other_runner = true;
            configured = true;
            TSNode s = find_pair(&l, root, "spec", 0);
            if (!ts_node_is_null(s))
                literal_patterns(&l, f, ts_node_child_by_field_name(s, "value", 5), false, true);
        }
        ts_tree_delete(tree);
    }
    free(text);
    f->configured |= configured;
    return configured;
}

static const char *const script_exts[] = {".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", NULL};

/* The first `<stem><ext>` that exists in `dir`, into `out`. */
static bool find_config(const char *dir, const char *stem, const char *const *exts, char *out,
                        size_t size)
{
    for (const char *const *e = exts; *e; e++) {
        snprintf(out, size, "%s/%s%s", dir, stem, *e);
        if (exists(out))
            return true;
    }
    return false;
}

static void read_folder(js_conventions *cv, folder *f)
{
    char path[4096];
    /* vitest: vitest.config.* over vite.config.* */
    if (find_config(f->dir, "vitest.config", script_exts, path, sizeof(path)))
        read_script(cv, f, path, RUN_VITEST);
    else if (find_config(f->dir, "vite.config", script_exts, path, sizeof(path)))
        read_script(cv, f, path, RUN_VITEST);
    /* vitest's workspace file (before `test.projects`): its inline projects */
    static const char *const json_only[] = {".json", NULL};
    if (find_config(f->dir, "vitest.workspace", script_exts, path, sizeof(path))) {
        read_script(cv, f, path, RUN_VITEST_WORKSPACE);
    } else if (find_config(f->dir, "vitest.workspace", json_only, path, sizeof(path))) {
        json_t *ws = load_json(path, false);
        read_vitest_workspace_json(f, ws);
        json_decref(ws);
    }
    /* jest */
    static const char *const json_ext[] = {".json", NULL};
    if (find_config(f->dir, "jest.config", script_exts, path, sizeof(path))) {
        read_script(cv, f, path, RUN_JEST);
    } else if (find_config(f->dir, "jest.config", json_ext, path, sizeof(path))) {
        json_t *cfg = load_json(path, false);
        read_jest_json(f, cfg);
        json_decref(cfg);
    }
    f->playwright = find_config(f->dir, "playwright.config", script_exts, path, sizeof(path));
    /* mocha */
    static const char *const rc_json[] = {".json", ".jsonc", NULL};
    static const char *const rc_yaml[] = {".yml", ".yaml", NULL};
    static const char *const rc_js[] = {".js", ".cjs", NULL};
    if (find_config(f->dir, ".mocharc", rc_json, path, sizeof(path))) {
        json_t *cfg = load_json(path, true);
        read_mocha_json(f, cfg);
        json_decref(cfg);
    } else if (find_config(f->dir, ".mocharc", rc_yaml, path, sizeof(path))) {
        read_mocha_yaml(f, path);
    } else if (find_config(f->dir, ".mocharc", rc_js, path, sizeof(path))) {
        read_script(cv, f, path, RUN_MOCHA);
    }
    /* package.json's `jest` and `mocha` keys */
    snprintf(path, sizeof(path), "%s/package.json", f->dir);
    if (exists(path)) {
        json_t *pkg = load_json(path, false);
        if (json_is_object(pkg)) {
            read_jest_json(f, json_object_get(pkg, "jest"));
            read_mocha_json(f, json_object_get(pkg, "mocha"));
        }
        json_decref(pkg);
    }
}

static folder *folder_of(js_conventions *cv, const char *dir)
{
    if (!cv->index)
        cv->index = ssot_strmap_new();
    size_t n = 0;
    const uint32_t *at = ssot_strmap_get(cv->index, dir, &n);
    if (at && n)
        return &cv->folders.items[at[0]];
    folder f = {0};
    f.dir = ssot_strdup(dir);
    read_folder(cv, &f);
    SSOT_VEC_PUSH(&cv->folders, f);
    ssot_strmap_add(cv->index, cv->folders.items[cv->folders.count - 1].dir,
                    (uint32_t)(cv->folders.count - 1));
    return &cv->folders.items[cv->folders.count - 1];
}

bool ssot_js_conventions_is_test(void *conventions, const char *abs, const char *rel)
{
    js_conventions *cv = conventions;
    bool by_default = default_test(rel);
    if (!cv || abs[0] != '/')
        return by_default;
    /* the closest folder above the file that configures a runner decides, as the runner does
       when it runs there: a jest `testMatch` or `testRegex` replaces the defaults (bar test
       support by name), its testPathIgnorePatterns removes the file */
    char *dir = ssot_strdup(abs);
    bool hit = by_default;
    for (char *slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
        *slash = '\0';
        const folder *f = folder_of(cv, dir[0] ? dir : "/");
        if (!f->configured) {
            if (!dir[0])
                break;
            continue;
        }
        const char *below = abs + strlen(dir); /* starts at the `/` */
        bool match = false;
        for (size_t i = 0; i < f->globs.count && !match; i++)
            match = regex_hit(f->globs.items[i], below + 1);
        for (size_t i = 0; i < f->regexes.count && !match; i++)
            match = regex_hit(f->regexes.items[i], abs);
        bool replaced = f->jest_patterns && !f->other_runner;
        const char *base = strrchr(rel, '/');
        hit = match || (replaced ? support_file(rel, base ? base + 1 : rel) : by_default);
        for (size_t i = 0; i < f->ignores.count && hit && !f->playwright; i++)
            hit = !regex_hit(f->ignores.items[i], below);
        break;
    }
    free(dir);
    return hit;
}
