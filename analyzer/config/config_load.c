/* analyzer/config/config_load.c - reading configuration values: messages with file:line:col,
 * unknown keys with a did-you-mean, typed values, globs, PCRE2 patterns and rule codes
 * checked against the registry. config_tables.c uses these for each key and table. */
#include "analyzer/config/config_internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/toml.h"
#include "rules/rule.h"

typedef const ssot_toml_value tval;

bool ssot_config__fail(const ssot_config_loader *l, unsigned line, unsigned col, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    ssot_toml_vmessage(l->err, l->err_size, l->path, line, col, fmt, ap);
    va_end(ap);
    return false;
}

/* ---- names for messages ---- */

/* `prefix.key`, quoting the key when it is not bare: per-file-ignores."a b". */
char *ssot_config__key_path(const char *prefix, const char *key)
{
    if (ssot_toml_is_bare_key(key))
        return ssot_asprintf("%s.%s", prefix, key);
    return ssot_asprintf("%s.\"%s\"", prefix, key);
}

/* "[tool.ssot.duplicates]" in pyproject.toml, "[duplicates]" in ssot.toml. */
char *ssot_config__table_name(const ssot_config_loader *l, const char *sub, bool array)
{
    return ssot_asprintf("%s%s%s%s", array ? "[[" : "[", l->pyproject ? "tool.ssot." : "", sub,
                         array ? "]]" : "]");
}

bool ssot_config__in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

bool ssot_config__check_keys(const ssot_config_loader *l, tval *t, const char *const *known,
                             const char *where)
{
    for (size_t i = 0; i < t->table.count; i++) {
        const ssot_toml_entry *e = &t->table.items[i];
        if (ssot_config__in_list(e->key, known))
            continue;
        if (!l->pyproject && !strcmp(e->key, "tool") && !strcmp(where, l->top))
            return ssot_config__fail(
                l, e->line, e->col,
                "unknown key `tool` in %s; it takes the keys of [tool.ssot] at its "
                "top level",
                where);
        const char *s = ssot_config__suggest(e->key, known, 0);
        if (s)
            return ssot_config__fail(
                l, e->line, e->col, "unknown key `%s` in %s; did you mean `%s`?", e->key, where, s);
        return ssot_config__fail(l, e->line, e->col, "unknown key `%s` in %s", e->key, where);
    }
    return true;
}

/* ---- plain values ---- */

bool ssot_config__string_list(const ssot_config_loader *l, const char *key, tval *v)
{
    if (v->type != SSOT_TOML_ARRAY)
        return ssot_config__fail(l, v->line, v->col, "`%s` must be a list of strings", key);
    for (size_t i = 0; i < v->array.count; i++)
        if (v->array.items[i]->type != SSOT_TOML_STRING)
            return ssot_config__fail(l, v->array.items[i]->line, v->array.items[i]->col,
                                     "`%s` must be a list of strings", key);
    return true;
}

bool ssot_config__get_strlist(const ssot_config_loader *l, const char *key, tval *v,
                              ssot_strlist *out)
{
    if (!ssot_config__string_list(l, key, v))
        return false;
    ssot_config__strlist_fini(out);
    for (size_t i = 0; i < v->array.count; i++)
        ssot_config__strlist_push(out, v->array.items[i]->string);
    return true;
}

bool ssot_config__get_string(const ssot_config_loader *l, const char *key, tval *v,
                             const char **out)
{
    if (v->type != SSOT_TOML_STRING)
        return ssot_config__fail(l, v->line, v->col, "`%s` must be a string", key);
    *out = v->string;
    return true;
}

bool ssot_config__get_severity(const ssot_config_loader *l, const char *key, tval *v,
                               ssot_severity *out)
{
    if (v->type != SSOT_TOML_STRING || !ssot_severity_parse(v->string, out))
        return ssot_config__fail(l, v->line, v->col,
                                 "`%s` must be one of \"error\", \"warning\", \"info\"", key);
    return true;
}

bool ssot_config__get_count(const ssot_config_loader *l, const char *key, tval *v, unsigned *out)
{
    if (v->type != SSOT_TOML_INTEGER || v->integer < 1 || v->integer > UINT_MAX)
        return ssot_config__fail(l, v->line, v->col, "`%s` must be a positive integer", key);
    *out = (unsigned)v->integer;
    return true;
}

/* "8MB", "512 KB", "100": bytes, with K/M/G (or KB/KiB ...) meaning powers of 1024. */
static bool parse_size(const char *s, size_t *out)
{
    while (*s == ' ')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long n = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (n > (ULLONG_MAX - 9) / 10)
            return false;
        n = n * 10 + (unsigned long long)(*s - '0');
    }
    while (*s == ' ')
        s++;
    static const struct {
        const char *unit;
        unsigned shift;
    } units[] = {
        {"", 0},    {"b", 0},    {"k", 10}, {"kb", 10}, {"kib", 10}, {"m", 20},
        {"mb", 20}, {"mib", 20}, {"g", 30}, {"gb", 30}, {"gib", 30},
    };
    char unit[8];
    size_t k = 0;
    for (; *s && *s != ' ' && k + 1 < sizeof(unit); s++)
        unit[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
    unit[k] = '\0';
    while (*s == ' ')
        s++;
    if (*s)
        return false;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcmp(unit, units[i].unit))
            continue;
        if (n == 0 || n > (SIZE_MAX >> units[i].shift))
            return false;
        *out = (size_t)(n << units[i].shift);
        return true;
    }
    return false;
}

bool ssot_config__get_size(const ssot_config_loader *l, tval *v, size_t *out)
{
    bool ok = false;
    if (v->type == SSOT_TOML_INTEGER && v->integer > 0) {
        *out = (size_t)v->integer;
        ok = true;
    } else if (v->type == SSOT_TOML_STRING) {
        ok = parse_size(v->string, out);
    }
    if (!ok)
        return ssot_config__fail(
            l, v->line, v->col,
            "`max-file-size` must be a positive number of bytes or a size such as "
            "\"8MB\" or \"512KB\"");
    return true;
}

/* ---- globs and patterns ---- */

ssot_glob *ssot_config__new_glob(const ssot_config_loader *l, unsigned line, unsigned col,
                                 const char *pattern, const char *key)
{
    char why[512];
    ssot_glob *g = ssot_glob_new(pattern, why, sizeof(why));
    if (g)
        return g;
    /* ssot_glob_new says "invalid glob `P`: WHY"; name the key between the two */
    size_t skip = strlen("invalid glob `") + strlen(pattern) + strlen("`: ");
    const char *tail = strlen(why) > skip ? why + skip : why;
    ssot_config__fail(l, line, col, "invalid glob `%s` in `%s`: %s", pattern, key, tail);
    return NULL;
}

/* A string or a list of strings (when `one_ok`), or only a list, to globs. */
bool ssot_config__get_globs(const ssot_config_loader *l, const char *key, tval *v, bool one_ok,
                            ssot_glob ***globs, size_t *count)
{
    tval *const *items = &v;
    size_t n = 1;
    if (!(one_ok && v->type == SSOT_TOML_STRING)) {
        if (v->type != SSOT_TOML_ARRAY || !ssot_config__string_list(l, key, v)) {
            if (one_ok)
                return ssot_config__fail(l, v->line, v->col,
                                         "`%s` must be a glob or a list of globs", key);
            return ssot_config__string_list(l, key, v);
        }
        items = (tval *const *)v->array.items;
        n = v->array.count;
    }
    ssot_glob **out = ssot_calloc(n ? n : 1, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        out[i] = ssot_config__new_glob(l, items[i]->line, items[i]->col, items[i]->string, key);
        if (!out[i]) {
            ssot_config__globs_free(out, i);
            return false;
        }
    }
    ssot_config__globs_free(*globs, *count);
    *globs = out;
    *count = n;
    return true;
}

pcre2_code *ssot_config__compile_regex(const ssot_config_loader *l, tval *at, const char *src,
                                       const char *key, uint32_t options)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_UTF | options,
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof(msg));
        ssot_config__fail(l, at->line, at->col,
                          "invalid regular expression `%s` in `%s`: %s at offset %zu", src, key,
                          (const char *)msg, (size_t)off);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* without JIT, pcre2_match interprets */
    return re;
}

bool ssot_config__get_matchers(const ssot_config_loader *l, const char *key, tval *v,
                               ssot_matcher_list *out)
{
    if (!ssot_config__string_list(l, key, v))
        return false;
    ssot_matcher_list list = {ssot_calloc(v->array.count + 1, sizeof(ssot_matcher)), 0};
    for (size_t i = 0; i < v->array.count; i++) {
        tval *item = v->array.items[i];
        const char *s = item->string;
        ssot_matcher *m = &list.items[list.count];
        if (!strncmp(s, "re:", 3)) {
            m->kind = SSOT_MATCH_REGEX;
            m->regex = ssot_config__compile_regex(l, item, s + 3, key, 0);
            if (!m->regex)
                goto out_fail;
        } else if (!*s) {
            ssot_config__fail(l, item->line, item->col, "`%s` must not contain an empty name", key);
            goto out_fail;
        } else {
            m->kind = strpbrk(s, "*?[") ? SSOT_MATCH_GLOB : SSOT_MATCH_NAME;
        }
        m->text = ssot_strdup(s);
        list.count++;
    }
    ssot_config__matchers_fini(out);
    *out = list;
    return true;
out_fail:
    ssot_config__matchers_fini(&list);
    return false;
}

/* ---- rule codes ---- */

/* The family a selector names: its letters are a family and the rest are digits. */
static bool has_family(const char *s)
{
    for (const char *const *f = ssot_config__families; *f; f++) {
        size_t n = strlen(*f);
        if (strncmp(s, *f, n))
            continue;
        const char *d = s + n;
        while (*d >= '0' && *d <= '9')
            d++;
        if (!*d)
            return true;
    }
    return false;
}

static bool is_prefix_of(const char *s, const char *code)
{
    size_t n = strlen(s);
    return n < strlen(code) && !strncmp(s, code, n);
}

static bool valid_selector(const ssot_config *cfg, const char *s)
{
    if (!strcmp(s, "ALL") || ssot_config__in_list(s, ssot_config__families) || ssot_rule_find(s))
        return true;
    for (size_t i = 0; i < cfg->custom_count; i++)
        if (!strcmp(s, cfg->custom[i].code) || !strcmp(s, cfg->custom[i].name) ||
            (has_family(s) && is_prefix_of(s, cfg->custom[i].code)))
            return true;
    if (!has_family(s))
        return false;
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (is_prefix_of(s, rules[i]->code))
            return true;
    return false;
}

static bool unknown_selector(const ssot_config_loader *l, tval *at, const char *s, const char *key)
{
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    const ssot_config *cfg = l->cfg;
    const char **cands = ssot_calloc(2 * n + 2 * cfg->custom_count + 8, sizeof(*cands));
    size_t k = 0;
    cands[k++] = "ALL";
    for (const char *const *f = ssot_config__families; *f; f++)
        cands[k++] = *f;
    for (size_t i = 0; i < n; i++) {
        cands[k++] = rules[i]->code;
        cands[k++] = rules[i]->name;
    }
    for (size_t i = 0; i < cfg->custom_count; i++) {
        cands[k++] = cfg->custom[i].code;
        cands[k++] = cfg->custom[i].name;
    }
    /* a code is only likely a typo of a code in the same family: same first letter */
    if (s[0] >= 'A' && s[0] <= 'Z') {
        size_t kept = 0;
        for (size_t i = 0; i < k; i++)
            if (cands[i][0] == s[0])
                cands[kept++] = cands[i];
        k = kept;
    }
    bool digits = strpbrk(s, "0123456789") != NULL;
    const char *what =
        strchr(s, '-') || (!digits && strpbrk(s, "abcdefghijklmnopqrstuvwxyz")) ? "name" : "code";
    /* codes are upper case: `ph001` is most likely PH001 */
    char upper[16];
    size_t n_up = 0;
    for (; s[n_up] && n_up + 1 < sizeof(upper); n_up++)
        upper[n_up] = (char)(s[n_up] >= 'a' && s[n_up] <= 'z' ? s[n_up] - 'a' + 'A' : s[n_up]);
    upper[n_up] = '\0';
    const char *hint = ssot_config__suggest(s, cands, k);
    if (digits && !s[n_up] && strcmp(upper, s) && valid_selector(cfg, upper))
        hint = upper;
    if (hint)
        ssot_config__fail(l, at->line, at->col, "unknown rule %s `%s` in `%s`; did you mean `%s`?",
                          what, s, key, hint);
    else
        ssot_config__fail(l, at->line, at->col, "unknown rule %s `%s` in `%s`", what, s, key);
    free(cands);
    return false;
}

bool ssot_config__get_codes(const ssot_config_loader *l, const char *key, tval *v,
                            ssot_strlist *out)
{
    if (!ssot_config__string_list(l, key, v))
        return false;
    for (size_t i = 0; i < v->array.count; i++)
        if (!valid_selector(l->cfg, v->array.items[i]->string))
            return unknown_selector(l, v->array.items[i], v->array.items[i]->string, key);
    return ssot_config__get_strlist(l, key, v, out);
}
