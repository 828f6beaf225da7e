/* analyzer/frontend/javascript/js_conventions.c - which JavaScript/TypeScript files are tests.
 * Every runner's defaults (`__tests__/`, `*.test.*`, `*.spec.*`, cypress's `*.cy.*`, a `test/`
 * or `tests/` folder, `__mocks__/`), test support by name (`test-utils.*`, `setupTests.*`),
 * and what the closest runner configuration above the file adds: jest's `testMatch`/`testRegex`
 * (jest.config.*, package.json#jest, and its inline `projects` below their `rootDir`),
 * vitest's `test.include` (vitest.config.* over vite.config.*, vitest.workspace.*, and inline
 * `test.projects` below their `root`), mocha's `spec` (.mocharc.*, package.json#mocha); and
 * what a runner configured alone in that folder would not collect: jest's
 * `testPathIgnorePatterns`, vitest's `test.exclude` (every vitest configuration of the folder,
 * `vitest.config.e2e.ts` too, and each inline project), mocha's `ignore`.
 * Configurations are read, never run: JSON through jansson, JS/TS files as object literals
 * through the grammar, YAML line by line. Cached per folder. */
#include "analyzer/frontend/javascript/js_conventions.h"

#include <dirent.h>
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

/* One vitest configuration or inline project: the files below its root that its `include`
 * names (when read) and its `exclude` does not are the ones it collects. */
typedef struct vitest_set {
    char *prefix;        /* its root below the folder; NULL: the folder itself */
    bool has_include;    /* `include` was read whole: only what it names is collected */
    regex_list includes; /* matched against the path below the folder */
    regex_list excludes; /* matched against the path below the folder */
} vitest_set;

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
    bool jest_here;     /* jest is configured here */
    bool mocha_here;    /* mocha is configured here */
    bool vitest_here;   /* vitest is configured here */
    bool vitest_open;   /* a vitest project was not read (a path, a computed entry): which
                           files vitest collects here is not known, so it removes none */
    SSOT_VEC(vitest_set) vitest; /* every vitest configuration and inline project here */
    regex_list mocha_ignores;    /* mocha's `ignore`, on the path below `dir` */
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
        regexes_free(&cv->folders.items[i].mocha_ignores);
        for (size_t k = 0; k < cv->folders.items[i].vitest.count; k++) {
            free(cv->folders.items[i].vitest.items[k].prefix);
            regexes_free(&cv->folders.items[i].vitest.items[k].excludes);
            regexes_free(&cv->folders.items[i].vitest.items[k].includes);
        }
        free(cv->folders.items[i].vitest.items);
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

/* A runner's test by its name: `cart.test.ts`, `cart.spec.js`, `login.cy.ts`. */
static bool test_name(const char *base)
{
    return strstr(base, ".test.") || strstr(base, ".spec.") || strstr(base, ".cy.") ||
           strstr(base, "_test.") || strstr(base, "-test.") || strstr(base, ".e2e.");
}

static bool default_test(const char *rel)
{
    const char *slash = strrchr(rel, '/');
    const char *base = slash ? slash + 1 : rel;
    if (support_name(base))
        return true;
    if (test_name(base))
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

static void add_glob(folder *f, const char *pattern);
static void add_glob_to(regex_list *list, const char *pattern);

/* A pattern of a project whose root is `prefix` below the configuration's folder, into
 * `list`. */
static void add_project_glob_to(regex_list *list, const char *prefix, const char *pattern)
{
    if (!prefix) {
        add_glob_to(list, pattern);
        return;
    }
    while (pattern[0] == '.' && pattern[1] == '/')
        pattern += 2;
    char *joined = ssot_asprintf("%s/%s", prefix, pattern);
    add_glob_to(list, joined);
    free(joined);
}

/* A pattern of a project whose root is `prefix` below the configuration's folder. */
static void add_project_glob(folder *f, const char *prefix, const char *pattern)
{
    if (!prefix) {
        add_glob(f, pattern);
        return;
    }
    while (pattern[0] == '.' && pattern[1] == '/')
        pattern += 2;
    if (!strncmp(pattern, "<rootDir>/", 10))
        pattern += 10;
    char *joined = ssot_asprintf("%s/%s", prefix, pattern);
    add_glob(f, joined);
    free(joined);
}

static void add_glob_to(regex_list *list, const char *pattern)
{
    pcre2_code *re = glob_regex(pattern);
    if (re)
        SSOT_VEC_PUSH(list, re);
}

/* vitest's default `exclude` (`configDefaults.exclude`, `defaultExclude`), as its
 * documentation gives it. */
static void add_vitest_default_excludes(regex_list *list, const char *prefix)
{
    add_project_glob_to(list, prefix, "**/node_modules/**");
    add_project_glob_to(list, prefix, "**/.git/**");
}

/* A runner's test-file pattern of the folder. */
static void add_glob(folder *f, const char *pattern)
{
    add_glob_to(&f->globs, pattern);
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

/* mocha's options that decide which files it loads. */
typedef struct mocha_opts {
    text_list spec, ignore, extension;
    bool recursive;
} mocha_opts;

static void texts_free(text_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

/* mocha configured in `f`: its specs, a folder meaning the files in it with one of the
 * `extension`s (`js`, `cjs`, `mjs` unless given), in its subfolders too with `recursive`; its
 * `ignore` globs. Frees `m`'s lists. */
static void mocha_apply(folder *f, mocha_opts *m)
{
    f->configured = true;
    f->other_runner = true;
    f->mocha_here = true;
    char exts[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < m->extension.count; i++) {
        const char *e = m->extension.items[i];
        while (*e == '.')
            e++;
        if (!*e || strpbrk(e, "{},*?[]/"))
            continue;
        int w = snprintf(exts + used, sizeof(exts) - used, "%s%s", used ? "," : "", e);
        if (w < 0 || (size_t)w >= sizeof(exts) - used)
            break;
        used += (size_t)w;
    }
    if (!used)
        snprintf(exts, sizeof(exts), "js,cjs,mjs");
    for (size_t i = 0; i < m->spec.count; i++) {
        const char *pattern = m->spec.items[i];
        const char *base = strrchr(pattern, '/');
        base = base ? base + 1 : pattern;
        if (strpbrk(pattern, "*?{[") || strchr(base, '.')) {
            add_glob(f, pattern);
            continue;
        }
        size_t n = strlen(pattern);
        while (n && pattern[n - 1] == '/')
            n--;
        char *glob = ssot_asprintf("%.*s/%s*.{%s}", (int)n, pattern,
                                   m->recursive ? "**/" : "", exts);
        add_glob(f, glob);
        free(glob);
    }
    for (size_t i = 0; i < m->ignore.count; i++)
        add_glob_to(&f->mocha_ignores, m->ignore.items[i]);
    texts_free(&m->spec);
    texts_free(&m->ignore);
    texts_free(&m->extension);
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
static void json_patterns(folder *f, json_t *v, bool regex, const char *prefix)
{
    if (json_is_string(v)) {
        if (regex) {
            pcre2_code *re = plain_regex(json_string_value(v));
            if (re)
                SSOT_VEC_PUSH(&f->regexes, re);
        } else if (prefix) {
            add_project_glob(f, prefix, json_string_value(v));
        } else {
            add_glob(f, json_string_value(v));
        }
        return;
    }
    size_t i;
    json_t *item;
    if (json_is_array(v))
        json_array_foreach(v, i, item) json_patterns(f, item, regex, prefix);
}

/* jest's configuration, and each of its inline `projects` (`{ rootDir, testMatch }`); a
 * project named by a path has a configuration of its own in its folder. */
static void jest_json_object(folder *f, json_t *cfg, int depth)
{
    if (!json_is_object(cfg) || depth > 4)
        return;
    char *prefix = root_prefix(json_string_value(json_object_get(cfg, "rootDir")));
    json_patterns(f, json_object_get(cfg, "testMatch"), false, prefix);
    json_patterns(f, json_object_get(cfg, "testRegex"), true, prefix);
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
    f->jest_here = true;
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

/* A JSON string, or the strings of an array, into `out`. */
static void json_strings(json_t *v, text_list *out)
{
    if (json_is_string(v)) {
        put(out, json_string_value(v));
        return;
    }
    size_t i;
    json_t *item;
    if (json_is_array(v))
        json_array_foreach(v, i, item) if (json_is_string(item)) put(out, json_string_value(item));
}

/* vitest's workspace file as JSON: an array of project folders, configuration files or
 * inline projects (`{ test: { include, root } }`). */
static void read_vitest_workspace_json(folder *f, json_t *ws)
{
    if (!json_is_array(ws))
        return;
    f->configured = true;
    f->other_runner = true;
    f->vitest_here = true;
    size_t i;
    json_t *project;
    json_array_foreach(ws, i, project)
    {
        json_t *test = json_object_get(project, "test");
        if (!json_is_object(test) || json_object_get(project, "extends") ||
            json_object_get(test, "extends")) {
            f->vitest_open = true; /* a project folder, a configuration file, or inherited */
            if (!json_is_object(test))
                continue;
        }
        const char *root = json_string_value(json_object_get(test, "root"));
        char *prefix = root_prefix(root ? root : json_string_value(json_object_get(project, "root")));
        json_patterns(f, json_object_get(test, "include"), false, prefix);
        vitest_set set = {0};
        json_t *inc = json_object_get(test, "include");
        if (json_is_string(inc) || json_is_array(inc)) {
            text_list pats = {0};
            json_strings(inc, &pats);
            for (size_t k = 0; k < pats.count; k++)
                add_project_glob_to(&set.includes, prefix, pats.items[k]);
            texts_free(&pats);
            set.has_include = true;
        }
        json_t *ex = json_object_get(test, "exclude");
        if (!ex) {
            add_vitest_default_excludes(&set.excludes, prefix);
        } else {
            text_list pats = {0};
            json_strings(ex, &pats);
            for (size_t k = 0; k < pats.count; k++)
                add_project_glob_to(&set.excludes, prefix, pats.items[k]);
            texts_free(&pats);
        }
        set.prefix = prefix;
        SSOT_VEC_PUSH(&f->vitest, set);
    }
}

static void read_mocha_json(folder *f, json_t *cfg)
{
    if (!json_is_object(cfg))
        return;
    mocha_opts m = {0};
    json_strings(json_object_get(cfg, "spec"), &m.spec);
    json_strings(json_object_get(cfg, "ignore"), &m.ignore);
    json_strings(json_object_get(cfg, "extension"), &m.extension);
    m.recursive = json_is_true(json_object_get(cfg, "recursive"));
    mocha_apply(f, &m);
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

/* The items of a YAML flow value (`'a'`, `[a, 'b']`) into `out`. */
static void yaml_flow_items(char *p, text_list *out)
{
    char *q = p;
    while (*q && *q != '#') {
        while (*q && strchr("[], '\"", *q))
            q++;
        char *start = q;
        while (*q && !strchr("],'\"#", *q))
            q++;
        size_t n = (size_t)(q - start);
        while (n && (start[n - 1] == ' ' || start[n - 1] == '\r'))
            n--;
        if (n) {
            char *item = ssot_strndup(start, n);
            put(out, item);
            free(item);
        }
    }
}

/* mocha's YAML: `key: value`, `key: [a, b]`, or `key:` then `- value` lines, for `spec`,
 * `ignore` and `extension`; `recursive: true`. */
static void read_mocha_yaml(folder *f, const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return;
    mocha_opts m = {0};
    text_list *in_list = NULL;
    static const char *const keys[] = {"spec", "ignore", "extension", NULL};
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (in_list && p[0] == '-') {
            p++;
            while (*p == ' ' || *p == '\'' || *p == '"')
                p++;
            size_t n = strcspn(p, "'\"#\r");
            while (n && p[n - 1] == ' ')
                n--;
            if (n) {
                char *item = ssot_strndup(p, n);
                put(in_list, item);
                free(item);
            }
            continue;
        }
        in_list = NULL;
        if (!strncmp(p, "recursive:", 10)) {
            p += 10;
            while (*p == ' ')
                p++;
            m.recursive = !strncmp(p, "true", 4);
            continue;
        }
        for (size_t k = 0; keys[k]; k++) {
            size_t kl = strlen(keys[k]);
            if (strncmp(p, keys[k], kl) || p[kl] != ':')
                continue;
            text_list *list = k == 0 ? &m.spec : k == 1 ? &m.ignore : &m.extension;
            p += kl + 1;
            while (*p == ' ')
                p++;
            if (!*p || *p == '#' || *p == '\r')
                in_list = list;
            else
                yaml_flow_items(p, list);
            break;
        }
    }
    free(text);
    mocha_apply(f, &m);
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
static void literal_patterns(const lit_ctx *l, folder *f, TSNode v, bool regex)
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
            add_glob(f, text);
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
            literal_patterns(l, f, ts_node_named_child(v, i), regex);
    }
}

/* The strings of a literal (a string, or an array's strings) into `out`. */
static void literal_strings(const lit_ctx *l, TSNode v, text_list *out)
{
    if (ts_node_is_null(v))
        return;
    const char *type = ts_node_type(v);
    if (!strcmp(type, "string") || !strcmp(type, "template_string")) {
        char *text = string_value(l, v);
        if (text)
            SSOT_VEC_PUSH(out, text);
    } else if (!strcmp(type, "array")) {
        uint32_t k = ts_node_named_child_count(v);
        for (uint32_t i = 0; i < k; i++) {
            TSNode e = ts_node_named_child(v, i);
            if (strcmp(ts_node_type(e), "array") != 0)
                literal_strings(l, e, out);
        }
    }
}

/* `configDefaults.exclude`, `defaultExclude` (vitest/config's exports): vitest's default. */
static bool names_default_exclude(const lit_ctx *l, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    const char *t = l->src + s;
    size_t len = e - s;
    static const char *const names[] = {"defaultExclude", "configDefaults.exclude", NULL};
    for (const char *const *x = names; *x; x++) {
        size_t xl = strlen(*x);
        if (len >= xl && !strncmp(t + len - xl, *x, xl) &&
            (len == xl || t[len - xl - 1] == '.'))
            return true;
    }
    return false;
}

/* A vitest `exclude` as written, into `list` below `l->prefix`: the strings of an array
 * literal and a spread of vitest's default (`...configDefaults.exclude`); a computed entry
 * (`...(isCI ? a : [])`, a variable) is not read, as what it holds depends on the run, and
 * a computed list excludes nothing that ssot knows of. */
static void literal_excludes(const lit_ctx *l, regex_list *list, TSNode v)
{
    if (names_default_exclude(l, v)) {
        add_vitest_default_excludes(list, l->prefix);
        return;
    }
    if (strcmp(ts_node_type(v), "array") != 0)
        return;
    uint32_t k = ts_node_named_child_count(v);
    for (uint32_t i = 0; i < k; i++) {
        TSNode e = ts_node_named_child(v, i);
        const char *type = ts_node_type(e);
        if (!strcmp(type, "spread_element")) {
            TSNode arg = ts_node_named_child(e, 0);
            if (!ts_node_is_null(arg) && names_default_exclude(l, arg))
                add_vitest_default_excludes(list, l->prefix);
        } else if (!strcmp(type, "string") || !strcmp(type, "template_string")) {
            char *text = string_value(l, e);
            if (text)
                add_project_glob_to(list, l->prefix, text);
            free(text);
        }
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

/* An inline project ssot reads whole: `{ test: {...} }` that extends nothing. */
static bool read_whole(const lit_ctx *l, TSNode obj)
{
    TSNode test = direct_pair(l, obj, "test");
    TSNode v = ts_node_is_null(test) ? test : ts_node_child_by_field_name(test, "value", 5);
    return !ts_node_is_null(v) && !strcmp(ts_node_type(v), "object") &&
           ts_node_is_null(direct_pair(l, obj, "extends")) &&
           ts_node_is_null(direct_pair(l, v, "extends"));
}

/* A vitest `projects` (or workspace) array: an entry that is not an inline object (a folder,
 * a configuration file, a computed one), or one that inherits (`extends`), is a project ssot
 * does not read whole here. */
static void vitest_projects(const lit_ctx *l, folder *f, TSNode arr)
{
    if (ts_node_is_null(arr) || strcmp(ts_node_type(arr), "array") != 0) {
        f->vitest_open = true;
        return;
    }
    uint32_t k = ts_node_named_child_count(arr);
    for (uint32_t i = 0; i < k; i++) {
        TSNode e = ts_node_named_child(arr, i);
        const char *type = ts_node_type(e);
        if (!strcmp(type, "comment"))
            continue;
        if (!strcmp(type, "call_expression")) {
            /* `defineProject({...})` is read as its object */
            TSNode args = ts_node_child_by_field_name(e, "arguments", 9);
            if (!ts_node_is_null(args) && ts_node_named_child_count(args) == 1)
                e = ts_node_named_child(args, 0);
        }
        if (strcmp(ts_node_type(e), "object") != 0 || !read_whole(l, e))
            f->vitest_open = true;
    }
}

/* Every `test: {...}` object under `n`: the configuration's own and each inline project's
 * (`test.projects`, a workspace file's array), its `include` below the project's `root`
 * (`test.root`, or `root` beside `test`), and each one but a container of `projects` as one
 * vitest set with its `exclude` (vitest's default without one). A `test` that is not an
 * object literal leaves the folder open. A `coverage.include` is not a test pattern. Returns
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
                literal_patterns(l, f, ts_node_child_by_field_name(inc, "value", 5), false);
            TSNode projects = direct_pair(l, test, "projects");
            if (ts_node_is_null(projects))
                projects = direct_pair(l, test, "workspace");
            if (!ts_node_is_null(projects)) {
                vitest_projects(l, f, ts_node_child_by_field_name(projects, "value", 5));
            } else {
                vitest_set set = {0};
                if (!ts_node_is_null(inc)) {
                    /* an include read whole: strings only (a spread or a variable is not) */
                    TSNode v = ts_node_child_by_field_name(inc, "value", 5);
                    bool whole = !ts_node_is_null(v);
                    uint32_t cnt = whole && !strcmp(ts_node_type(v), "array")
                                     ? ts_node_named_child_count(v)
                                     : 0;
                    for (uint32_t i = 0; i < cnt && whole; i++)
                        whole = !strcmp(ts_node_type(ts_node_named_child(v, i)), "string");
                    const char *vt = whole ? ts_node_type(v) : "";
                    whole &= !strcmp(vt, "array") || !strcmp(vt, "string");
                    if (whole) {
                        text_list pats = {0};
                        literal_strings(l, v, &pats);
                        for (size_t i = 0; i < pats.count; i++)
                            add_project_glob_to(&set.includes, prefix, pats.items[i]);
                        texts_free(&pats);
                        set.has_include = true;
                    }
                }
                TSNode ex = direct_pair(l, test, "exclude");
                if (ts_node_is_null(ex))
                    add_vitest_default_excludes(&set.excludes, prefix);
                else
                    literal_excludes(l, &set.excludes, ts_node_child_by_field_name(ex, "value", 5));
                set.prefix = prefix ? ssot_strdup(prefix) : NULL;
                SSOT_VEC_PUSH(&f->vitest, set);
            }
            l->prefix = saved;
            free(prefix);
        } else {
            f->vitest_open = true;
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
                literal_patterns(l, f, ts_node_child_by_field_name(m, "value", 5), false);
            if (!ts_node_is_null(r))
                literal_patterns(l, f, ts_node_child_by_field_name(r, "value", 5), true);
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

/* A workspace file's array: the default export's (`export default [...]`,
 * `defineWorkspace([...])`, `module.exports = [...]`), or a null node. */
static TSNode workspace_array(TSNode n)
{
    const char *type = ts_node_type(n);
    if (!strcmp(type, "array"))
        return n;
    if (!strcmp(type, "program") || !strcmp(type, "export_statement") ||
        !strcmp(type, "expression_statement") || !strcmp(type, "assignment_expression") ||
        !strcmp(type, "call_expression") || !strcmp(type, "arguments") ||
        !strcmp(type, "satisfies_expression") || !strcmp(type, "as_expression")) {
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(n, i);
            if (!strcmp(type, "program") && strcmp(ts_node_type(c), "export_statement") &&
                strcmp(ts_node_type(c), "expression_statement"))
                continue;
            TSNode hit = workspace_array(c);
            if (!ts_node_is_null(hit))
                return hit;
        }
    }
    return (TSNode){0};
}

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
            f->vitest_here |= configured;
        } else if (which == RUN_VITEST_WORKSPACE) {
            vitest_tests(&l, f, root, 0);
            vitest_projects(&l, f, workspace_array(root));
            configured = true; /* a workspace file makes its folder vitest's root */
            f->other_runner = true;
            f->vitest_here = true;
        } else if (which == RUN_JEST) {
            configured = true;
            f->jest_here = true;
            jest_objects(&l, f, root, 0);
            f->jest_patterns |= !ts_node_is_null(find_pair(&l, root, "testMatch", 0)) ||
                                !ts_node_is_null(find_pair(&l, root, "testRegex", 0));
            TSNode ig = find_pair(&l, root, "testPathIgnorePatterns", 0);
            if (!ts_node_is_null(ig))
                literal_ignores(&l, f, ts_node_child_by_field_name(ig, "value", 5));
        } else {
            configured = true;
            mocha_opts m = {0};
            static const char *const keys[] = {"spec", "ignore", "extension", NULL};
            text_list *lists[] = {&m.spec, &m.ignore, &m.extension};
            for (size_t k = 0; keys[k]; k++) {
                TSNode p = find_pair(&l, root, keys[k], 0);
                if (!ts_node_is_null(p))
                    literal_strings(&l, ts_node_child_by_field_name(p, "value", 5), lists[k]);
            }
            TSNode r = find_pair(&l, root, "recursive", 0);
            if (!ts_node_is_null(r)) {
                TSNode v = ts_node_child_by_field_name(r, "value", 5);
                m.recursive = !ts_node_is_null(v) && !strcmp(ts_node_type(v), "true");
            }
            mocha_apply(f, &m);
        }
        ts_tree_delete(tree);
    }
    free(text);
    f->configured |= configured;
    return configured;
}

static const char *const script_exts[] = {".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", NULL};

/* Does one of the folder's vitest sets collect the file at `below` (the path below the
 * folder): is it below the set's root, named by its `include` (when read) and outside its
 * `exclude`? */
static bool vitest_collects(const folder *f, const char *below)
{
    for (size_t i = 0; i < f->vitest.count; i++) {
        const vitest_set *s = &f->vitest.items[i];
        if (s->prefix) {
            size_t n = strlen(s->prefix);
            if (strncmp(below, s->prefix, n) != 0 || below[n] != '/')
                continue;
        }
        bool included = !s->has_include;
        for (size_t k = 0; k < s->includes.count && !included; k++)
            included = regex_hit(s->includes.items[k], below);
        if (!included)
            continue;
        bool excluded = false;
        for (size_t k = 0; k < s->excludes.count && !excluded; k++)
            excluded = regex_hit(s->excludes.items[k], below);
        if (!excluded)
            return true;
    }
    return false;
}

/* Is the file at `below` (the path below the folder) one vitest does not collect, by what its
 * configuration says: below no set's root, or excluded by a set it is below, and collected by
 * none? A file no set excludes stays what its name says: an include adds test files and
 * never removes one (a fixture in `__tests__/` that no include names is test support). */
static bool vitest_removes(const folder *f, const char *below)
{
    bool under_one = false, excluded = false;
    for (size_t i = 0; i < f->vitest.count; i++) {
        const vitest_set *s = &f->vitest.items[i];
        if (s->prefix && (strncmp(below, s->prefix, strlen(s->prefix)) != 0 ||
                          below[strlen(s->prefix)] != '/'))
            continue;
        under_one = true;
        for (size_t k = 0; k < s->excludes.count && !excluded; k++)
            excluded = regex_hit(s->excludes.items[k], below);
    }
    return (!under_one || excluded) && !vitest_collects(f, below);
}

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

/* `vitest.config.e2e.ts`, `vitest.e2e.config.mts`: another vitest configuration of the folder,
 * run with `--config`. */
static bool vitest_variant(const char *name)
{
    if (strncmp(name, "vitest.", 7) != 0)
        return false;
    const char *dot = strrchr(name, '.');
    bool script = false;
    for (const char *const *e = script_exts; *e && !script; e++)
        script = !strcmp(dot, *e);
    if (!script || dot - name <= 14)
        return false; /* `vitest.config.ts` itself */
    /* `config` as a dot-separated word before the extension */
    for (const char *p = name + 6; p < dot; p = strchr(p + 1, '.'))
        if (!strncmp(p, ".config.", 8))
            return true;
    return false;
}

/* Every vitest configuration variant of the folder, in name order. */
static void read_vitest_variants(js_conventions *cv, folder *f)
{
    DIR *d = opendir(f->dir);
    if (!d)
        return;
    text_list names = {0};
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        if (vitest_variant(e->d_name))
            put(&names, e->d_name);
    closedir(d);
    for (size_t i = 1; i < names.count; i++)
        for (size_t j = i; j > 0 && strcmp(names.items[j - 1], names.items[j]) > 0; j--) {
            char *t = names.items[j];
            names.items[j] = names.items[j - 1];
            names.items[j - 1] = t;
        }
    for (size_t i = 0; i < names.count; i++) {
        char *path = ssot_asprintf("%s/%s", f->dir, names.items[i]);
        read_script(cv, f, path, RUN_VITEST);
        free(path);
    }
    texts_free(&names);
}

static void read_folder(js_conventions *cv, folder *f)
{
    char path[4096];
    /* vitest: vitest.config.* over vite.config.*, and the folder's other vitest configurations */
    if (find_config(f->dir, "vitest.config", script_exts, path, sizeof(path)))
        read_script(cv, f, path, RUN_VITEST);
    else if (find_config(f->dir, "vite.config", script_exts, path, sizeof(path)))
        read_script(cv, f, path, RUN_VITEST);
    read_vitest_variants(cv, f);
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
        bool support = support_file(rel, base ? base + 1 : rel);
        hit = match || (replaced ? support : by_default);
        for (size_t i = 0; i < f->ignores.count && hit && !f->playwright; i++)
            hit = !regex_hit(f->ignores.items[i], below);
        /* a test file that vitest or mocha, configured alone here, would not collect is not a
           test file; only a test by its name or by a runner's pattern can be one, as test
           support (`test-utils.ts`, `__mocks__/`, a helper in `__tests__/`) is never
           collected: its name or place decides */
        bool candidate = !support && (match || test_name(base ? base + 1 : rel));
        bool alone_vitest = f->vitest_here && !f->jest_here && !f->mocha_here;
        bool alone_mocha = f->mocha_here && !f->jest_here && !f->vitest_here;
        if (hit && candidate && !f->playwright && alone_vitest && !f->vitest_open &&
            f->vitest.count && vitest_removes(f, below + 1))
            hit = false;
        for (size_t i = 0; i < f->mocha_ignores.count && hit && candidate && !f->playwright &&
                           alone_mocha;
             i++)
            hit = !regex_hit(f->mocha_ignores.items[i], below + 1);
        break;
    }
    free(dir);
    return hit;
}
