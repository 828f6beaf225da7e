/* analyzer/config/config.c - the configuration's defaults, its destructor, name matchers, and the
 * helpers shared by the loader (config_load.c), the per-folder lookup (config_set.c), the
 * printer (config_write.c) and the pytest settings (pytest_config.c). */
#include "analyzer/config/config_internal.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "analyzer/base/alloc.h"

const char *const ssot_config__families[] = {"E", "PH", "MO", "SG", "DD", "SS", NULL};

/* The same folders ssot_discover_is_skipped_dir names; a glob without a slash matches a
 * path component at any depth. */
const char *const ssot_config__default_exclude[] = {
    ".git",          ".hg",         ".svn",        "node_modules", ".venv", "venv",
    "__pycache__",   "build",       "dist",        ".tox",         ".nox",  ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".ssot_cache", ".eggs",        NULL,
};

/* ---- lists ---- */

void ssot_config__strlist_push(ssot_strlist *list, const char *s)
{
    list->items = ssot_realloc(list->items, (list->count + 1) * sizeof(*list->items));
    list->items[list->count++] = ssot_strdup(s);
}

void ssot_config__strlist_fini(ssot_strlist *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

void ssot_config__strlist_copy(ssot_strlist *dst, const ssot_strlist *src)
{
    for (size_t i = 0; i < src->count; i++)
        ssot_config__strlist_push(dst, src->items[i]);
}

void ssot_config__globs_free(ssot_glob **globs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        ssot_glob_free(globs[i]);
    free(globs);
}

void ssot_config__globs_push(ssot_glob ***globs, size_t *count, const char *pattern)
{
    char err[256];
    ssot_glob *g = ssot_glob_new(pattern, err, sizeof(err));
    if (!g)
        return; /* built-in patterns are valid; nothing to report */
    *globs = ssot_realloc(*globs, (*count + 1) * sizeof(**globs));
    (*globs)[(*count)++] = g;
}

void ssot_config__matchers_fini(ssot_matcher_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].text);
        pcre2_code_free(list->items[i].regex);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

void ssot_config__derive_test_files(ssot_config *c)
{
    ssot_config__globs_free(c->test_files, c->test_file_count);
    c->test_files = NULL;
    c->test_file_count = 0;
    for (size_t i = 0; i < c->pytest.python_files.count; i++)
        ssot_config__globs_push(&c->test_files, &c->test_file_count,
                                c->pytest.python_files.items[i]);
    static const char *const extra[] = {"conftest.py", "test", "tests"};
    for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
        ssot_config__globs_push(&c->test_files, &c->test_file_count, extra[i]);
}

/* ---- the configuration ---- */

ssot_config *ssot_config_defaults(void)
{
    ssot_config *c = ssot_calloc(1, sizeof(*c));
    c->fail_on = SSOT_SEVERITY_WARNING;
    for (const char *const *p = ssot_config__default_exclude; *p; p++)
        ssot_config__globs_push(&c->exclude, &c->exclude_count, *p);
    /* no real-services scope: MO004 judges only the scopes a project declares (an `e2e/`
       folder or an `integration` marker says nothing about what its tests may replace) */
    c->max_file_bytes = SSOT_CONFIG_DEFAULT_MAX_FILE_BYTES;
    c->dup_min_nodes = SSOT_CONFIG_DEFAULT_DUP_MIN_NODES;
    c->dup_min_lines = SSOT_CONFIG_DEFAULT_DUP_MIN_LINES;
    static const double grades[4] = {5, 10, 20, 50};
    memcpy(c->audit_grades, grades, sizeof(grades));
    c->audit_weights[SSOT_SEVERITY_INFO] = 0;
    c->audit_weights[SSOT_SEVERITY_WARNING] = 1;
    c->audit_weights[SSOT_SEVERITY_ERROR] = 3;
    c->audit_churn_months = 12;
    ssot_pytest_config_defaults(&c->pytest);
    ssot_config__derive_test_files(c);
    return c;
}

void ssot_config_free(ssot_config *c)
{
    if (!c)
        return;
    free(c->path);
    free(c->root);
    free(c->compile_commands);
    ssot_config__strlist_fini(&c->select);
    ssot_config__strlist_fini(&c->extend_select);
    ssot_config__strlist_fini(&c->ignore);
    ssot_config__globs_free(c->exclude, c->exclude_count);
    ssot_config__globs_free(c->extend_exclude, c->extend_exclude_count);
    for (size_t i = 0; i < c->per_file_ignore_count; i++) {
        ssot_glob_free(c->per_file_ignores[i].glob);
        ssot_config__strlist_fini(&c->per_file_ignores[i].codes);
    }
    free(c->per_file_ignores);
    ssot_config__globs_free(c->test_files, c->test_file_count);
    ssot_config__globs_free(c->real_services, c->real_service_count);
    ssot_config__matchers_fini(&c->assert_functions);
    ssot_config__matchers_fini(&c->allowed_doubles);
    ssot_config__strlist_fini(&c->required_test_base);
    for (size_t i = 0; i < c->canonical_count; i++) {
        free(c->canonical[i].name);
        free(c->canonical[i].module);
    }
    free(c->canonical);
    for (size_t i = 0; i < c->contract_count; i++) {
        free(c->contracts[i].name);
        ssot_config__strlist_fini(&c->contracts[i].values);
        ssot_config__globs_free(c->contracts[i].scope, c->contracts[i].scope_count);
    }
    free(c->contracts);
    for (size_t i = 0; i < c->custom_count; i++) {
        ssot_custom_rule *r = &c->custom[i];
        free(r->code);
        free(r->name);
        free(r->message);
        free(r->pattern);
        pcre2_code_free(r->regex);
        ssot_config__globs_free(r->files, r->file_count);
    }
    free(c->custom);
    ssot_config__strlist_fini(&c->smoke_markers);
    ssot_config__strlist_fini(&c->real_service_markers);
    ssot_config__matchers_fini(&c->singleton_allow);
    ssot_config__strlist_fini(&c->dup_ignore_names);
    ssot_config__strlist_fini(&c->diff_fail_on);
    ssot_config__globs_free(c->dup_units, c->dup_unit_count);
    ssot_pytest_config_fini(&c->pytest);
    free(c);
}

/* ---- matchers ---- */

static void out_of_memory(void)
{
    fprintf(stderr, "ssot: out of memory in PCRE2\n");
    abort();
}

static bool regex_search(const pcre2_code *re, const char *s)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        out_of_memory();
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

static bool matcher_match(const ssot_matcher *m, const char *name, const char *last)
{
    switch (m->kind) {
    case SSOT_MATCH_NAME:
        return !strcmp(m->text, name) || !strcmp(m->text, last);
    case SSOT_MATCH_GLOB:
        return !fnmatch(m->text, name, 0) || !fnmatch(m->text, last, 0);
    case SSOT_MATCH_REGEX:
        return m->regex &&
               (regex_search(m->regex, name) || (last != name && regex_search(m->regex, last)));
    }
    return false;
}

bool ssot_matcher_list_match(const ssot_matcher_list *list, const char *name)
{
    if (!list || !name)
        return false;
    const char *dot = strrchr(name, '.');
    const char *last = dot ? dot + 1 : name;
    for (size_t i = 0; i < list->count; i++)
        if (matcher_match(&list->items[i], name, last))
            return true;
    return false;
}

/* ---- paths ---- */

char *ssot_config_abspath(const char *path)
{
    return ssot_config__abspath(path);
}

char *ssot_config_cwd(void)
{
    char *cwd = NULL;
    size_t size = 256;
    for (;;) {
        cwd = ssot_realloc(cwd, size);
        if (getcwd(cwd, size))
            return cwd;
        if (size > ((size_t)1 << 20)) { /* give up: treat as relative to / */
            cwd[0] = '\0';
            return cwd;
        }
        size *= 2;
    }
}

char *ssot_config__abspath(const char *path)
{
    return ssot_config_abspath_in(NULL, path);
}

char *ssot_config_abspath_in(const char *cwd, const char *path)
{
    char *own = path[0] != '/' && !cwd ? ssot_config_cwd() : NULL;
    const char *base = own ? own : cwd;
    char *joined = path[0] != '/' ? ssot_asprintf("%s/%s", base, path) : ssot_strdup(path);
    free(own);
    /* copy component by component, dropping `.` and empty ones and undoing `..` */
    char *out = ssot_malloc(strlen(joined) + 2);
    size_t n = 0;
    for (const char *p = joined; *p;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t len = (size_t)(end - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--; /* the slash before it */
        } else {
            out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p = end;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = '\0';
    free(joined);
    return out;
}

char *ssot_config__dirname(const char *abspath)
{
    const char *slash = strrchr(abspath, '/');
    if (!slash || slash == abspath)
        return ssot_strdup("/");
    return ssot_strndup(abspath, (size_t)(slash - abspath));
}

char *ssot_config__display_path(const char *abspath)
{
    char *cwd = ssot_config__abspath(".");
    size_t n = strlen(cwd);
    char *out;
    if (!strcmp(cwd, "/") && abspath[0] == '/' && abspath[1])
        out = ssot_strdup(abspath + 1);
    else if (!strncmp(abspath, cwd, n) && abspath[n] == '/')
        out = ssot_strdup(abspath + n + 1);
    else
        out = ssot_strdup(abspath);
    free(cwd);
    return out;
}

char *ssot_config__join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return ssot_asprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

bool ssot_config__is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- did-you-mean ---- */

/* Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (size_t)-1;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

const char *ssot_config__suggest(const char *word, const char *const *candidates, size_t count)
{
    size_t len = strlen(word);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1, best_common = 0;
    for (size_t i = 0; count ? i < count : candidates[i] != NULL; i++) {
        size_t d = edit_distance(word, candidates[i]), common = 0;
        while (word[common] && word[common] == candidates[i][common])
            common++;
        /* on a tie, the candidate that starts like the word */
        if (d <= limit && (d < best_d || (d == best_d && common > best_common))) {
            best_d = d;
            best_common = common;
            best = candidates[i];
        }
    }
    return best;
}

const char *ssot_config_suggest(const char *word, const char *const *candidates, size_t count)
{
    return ssot_config__suggest(word, candidates, count);
}
