/* analyzer/config/config_tables.c - one configuration file to an ssot_config: picks [tool.ssot]
 * or the top level, then reads every key and table ([per-file-ignores], [canonical],
 * [contracts.NAME], [[custom]], per-rule options) with config_load.c's readers. */
#include "analyzer/config/config_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/toml.h"
#include "analyzer/diff/kinds.h"
#include "rules/rule.h"

typedef const ssot_toml_value tval;

/* ---- tables ---- */

static bool load_per_file_ignores(const ssot_config_loader *l, tval *v)
{
    ssot_config *cfg = l->cfg;
    if (v->type != SSOT_TOML_TABLE)
        return ssot_config__fail(l, v->line, v->col,
                                 "`per-file-ignores` must be a table of \"glob\" = [rule codes]");
    cfg->per_file_ignores = ssot_calloc(v->table.count + 1, sizeof(*cfg->per_file_ignores));
    for (size_t i = 0; i < v->table.count; i++) {
        const ssot_toml_entry *e = &v->table.items[i];
        char *key = ssot_config__key_path("per-file-ignores", e->key);
        ssot_per_file_ignore pfi = {0};
        pfi.glob = ssot_config__new_glob(l, e->line, e->col, e->key, "per-file-ignores");
        bool ok = pfi.glob && ssot_config__get_codes(l, key, e->value, &pfi.codes);
        free(key);
        if (!ok) {
            ssot_glob_free(pfi.glob);
            return false;
        }
        cfg->per_file_ignores[cfg->per_file_ignore_count++] = pfi;
    }
    return true;
}

static bool is_module_path(const char *s)
{
    bool start = true;
    for (; *s; s++) {
        bool alpha = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
                     (unsigned char)*s >= 0x80;
        if (*s == '.' && !start)
            start = true;
        else if (alpha || (!start && *s >= '0' && *s <= '9'))
            start = false;
        else
            return false;
    }
    return !start;
}

/* A JavaScript/TypeScript module as the index names it: its path from the project root
 * without the extension (`src/lib/types`, `packages/api/src/index`), no `.`/`..` segments. */
static bool is_js_module_path(const char *s)
{
    if (!strchr(s, '/') || *s == '/')
        return false;
    for (const char *seg = s; *seg;) {
        size_t n = strcspn(seg, "/");
        if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return false;
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)seg[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  ch == '_' || ch == '-' || ch == '.' || ch == '@' || ch >= 0x80))
                return false;
        }
        seg += n;
        if (*seg == '/' && !*++seg)
            return false;
    }
    return true;
}

static bool load_canonical(const ssot_config_loader *l, tval *v)
{
    ssot_config *cfg = l->cfg;
    if (v->type != SSOT_TOML_TABLE)
        return ssot_config__fail(l, v->line, v->col,
                                 "`canonical` must be a table of Name = \"module\"");
    cfg->canonical = ssot_calloc(v->table.count + 1, sizeof(*cfg->canonical));
    for (size_t i = 0; i < v->table.count; i++) {
        const ssot_toml_entry *e = &v->table.items[i];
        tval *m = e->value;
        if (m->type != SSOT_TOML_STRING ||
            !(is_module_path(m->string) || is_js_module_path(m->string))) {
            char *key = ssot_config__key_path("canonical", e->key);
            ssot_config__fail(l, m->line, m->col,
                              "`%s` must be a dotted module path such as \"app.models\" (a "
                              "JavaScript module: its path, such as \"src/lib/types\")",
                              key);
            free(key);
            return false;
        }
        ssot_canonical *c = &cfg->canonical[cfg->canonical_count++];
        c->name = ssot_strdup(e->key);
        c->module = ssot_strdup(m->string);
    }
    return true;
}

static bool load_contract(const ssot_config_loader *l, const ssot_toml_entry *e, ssot_contract *ct)
{
    static const char *const keys[] = {"values", "scope", NULL};
    tval *t = e->value;
    char *name = ssot_config__key_path("contracts", e->key); /* contracts.NAME */
    char *where = ssot_config__table_name(l, name, false);   /* [tool.ssot.contracts.NAME] */
    char *values_key = ssot_asprintf("%s.values", name);
    char *scope_key = ssot_asprintf("%s.scope", name);
    bool ok = false;
    ct->name = ssot_strdup(e->key);
    if (t->type != SSOT_TOML_TABLE) {
        ssot_config__fail(l, t->line, t->col, "`%s` must be a table with `values` and `scope`",
                          name);
        goto out_free;
    }
    if (!ssot_config__check_keys(l, t, keys, where))
        goto out_free;
    tval *values = ssot_toml_get(t, "values"), *scope = ssot_toml_get(t, "scope");
    if (!values) {
        ssot_config__fail(l, t->line, t->col, "%s is missing `values`", where);
        goto out_free;
    }
    if (!ssot_config__get_strlist(l, values_key, values, &ct->values))
        goto out_free;
    if (ct->values.count == 0) {
        ssot_config__fail(l, values->line, values->col, "`%s` must not be empty", values_key);
        goto out_free;
    }
    if (scope && !ssot_config__get_globs(l, scope_key, scope, true, &ct->scope, &ct->scope_count))
        goto out_free;
    ok = true;
out_free:
    free(name);
    free(where);
    free(values_key);
    free(scope_key);
    return ok;
}

static bool load_contracts(const ssot_config_loader *l, tval *v)
{
    ssot_config *cfg = l->cfg;
    if (v->type != SSOT_TOML_TABLE)
        return ssot_config__fail(l, v->line, v->col,
                                 "`contracts` must be a table of [contracts.NAME] tables");
    cfg->contracts = ssot_calloc(v->table.count + 1, sizeof(*cfg->contracts));
    for (size_t i = 0; i < v->table.count; i++) {
        /* counted first, so ssot_config_free releases a half-built contract too */
        ssot_contract *ct = &cfg->contracts[cfg->contract_count++];
        if (!load_contract(l, &v->table.items[i], ct))
            return false;
    }
    return true;
}

/* `SS9[1-9][0-9]`: SS910 to SS999. */
static bool is_custom_code(const char *s)
{
    return strlen(s) == 5 && !strncmp(s, "SS9", 3) && s[3] >= '1' && s[3] <= '9' && s[4] >= '0' &&
           s[4] <= '9';
}

static bool is_kebab(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return false;
    for (; *s; s++) {
        if (*s == '-' && (s[1] == '-' || s[1] == '\0'))
            return false;
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    }
    return true;
}

/* One [[custom]] table; `lines` holds the line of each earlier rule's code and name. */
static bool load_custom_rule(const ssot_config_loader *l, tval *t, ssot_custom_rule *r,
                             const unsigned *lines)
{
    static const char *const keys[] = {"code",  "name",     "pattern",   "message",
                                       "files", "severity", "multiline", NULL};
    static const char *const required[] = {"code", "name", "pattern", "message", NULL};
    const ssot_config *cfg = l->cfg;
    char *where = ssot_config__table_name(l, "custom", true);
    bool ok = false;
    const char *s;
    r->severity = SSOT_SEVERITY_WARNING;
    if (!ssot_config__check_keys(l, t, keys, where))
        goto out_free;
    for (const char *const *k = required; *k; k++) {
        if (!ssot_toml_get(t, *k)) {
            ssot_config__fail(l, t->line, t->col, "%s is missing `%s`", where, *k);
            goto out_free;
        }
    }
    tval *code = ssot_toml_get(t, "code"), *name = ssot_toml_get(t, "name");
    if (!ssot_config__get_string(l, "custom.code", code, &s))
        goto out_free;
    if (!is_custom_code(s)) {
        ssot_config__fail(l, code->line, code->col,
                          "custom rule code `%s` must match SS9[1-9][0-9] (SS910 to SS999)", s);
        goto out_free;
    }
    r->code = ssot_strdup(s);
    if (!ssot_config__get_string(l, "custom.name", name, &s))
        goto out_free;
    if (!is_kebab(s)) {
        ssot_config__fail(l, name->line, name->col,
                          "custom rule name `%s` must be kebab-case, like `no-sleep-in-tests`", s);
        goto out_free;
    }
    r->name = ssot_strdup(s);
    const ssot_rule *builtin = ssot_rule_find(s);
    if (builtin) {
        ssot_config__fail(l, name->line, name->col,
                          "custom rule name `%s` is already the name of %s", s, builtin->code);
        goto out_free;
    }
    for (size_t i = 0; i < cfg->custom_count; i++) {
        if (!strcmp(cfg->custom[i].code, r->code)) {
            ssot_config__fail(l, code->line, code->col,
                              "custom rule code `%s` is already used at line %u", r->code,
                              lines[i]);
            goto out_free;
        }
        if (!strcmp(cfg->custom[i].name, r->name)) {
            ssot_config__fail(l, name->line, name->col,
                              "custom rule name `%s` is already used at line %u", r->name,
                              lines[i]);
            goto out_free;
        }
    }
    tval *v;
    if ((v = ssot_toml_get(t, "message")) && !ssot_config__get_string(l, "custom.message", v, &s))
        goto out_free;
    if (!*s) {
        ssot_config__fail(l, v->line, v->col, "`custom.message` must not be empty");
        goto out_free;
    }
    r->message = ssot_strdup(s);
    if ((v = ssot_toml_get(t, "severity")) &&
        !ssot_config__get_severity(l, "custom.severity", v, &r->severity))
        goto out_free;
    if ((v = ssot_toml_get(t, "multiline"))) {
        if (v->type != SSOT_TOML_BOOL) {
            ssot_config__fail(l, v->line, v->col, "`custom.multiline` must be true or false");
            goto out_free;
        }
        r->multiline = v->boolean;
    }
    if ((v = ssot_toml_get(t, "files")) &&
        !ssot_config__get_globs(l, "custom.files", v, false, &r->files, &r->file_count))
        goto out_free;
    if (!ssot_config__get_string(l, "custom.pattern", (v = ssot_toml_get(t, "pattern")), &s))
        goto out_free;
    r->pattern = ssot_strdup(s);
    r->regex =
        ssot_config__compile_regex(l, v, s, "custom.pattern", r->multiline ? PCRE2_MULTILINE : 0);
    ok = r->regex != NULL;
out_free:
    free(where);
    return ok;
}

static bool load_custom(const ssot_config_loader *l, tval *v)
{
    ssot_config *cfg = l->cfg;
    bool tables = v->type == SSOT_TOML_ARRAY;
    for (size_t i = 0; tables && i < v->array.count; i++)
        tables = v->array.items[i]->type == SSOT_TOML_TABLE;
    if (!tables)
        return ssot_config__fail(l, v->line, v->col,
                                 "`custom` must be an array of tables ([[custom]])");
    cfg->custom = ssot_calloc(v->array.count + 1, sizeof(*cfg->custom));
    unsigned *lines = ssot_calloc(v->array.count + 1, sizeof(*lines));
    bool ok = true;
    for (size_t i = 0; ok && i < v->array.count; i++) {
        tval *t = v->array.items[i];
        ssot_custom_rule r = {0};
        ok = load_custom_rule(l, t, &r, lines);
        if (!ok) { /* release the half-built rule */
            free(r.code);
            free(r.name);
            free(r.message);
            free(r.pattern);
            pcre2_code_free(r.regex);
            ssot_config__globs_free(r.files, r.file_count);
            break;
        }
        lines[cfg->custom_count] = ssot_toml_get(t, "code")->line;
        cfg->custom[cfg->custom_count++] = r;
    }
    free(lines);
    return ok;
}

/* [singletons] report: "request-scoped" (the default: SG002-SG005 report only shared state
 * holding request-scoped data) or "all" (other shared state too, as info). */
static bool get_report(const ssot_config_loader *l, const char *key, tval *v, ssot_config *cfg)
{
    if (v->type != SSOT_TOML_STRING ||
        (strcmp(v->string, "request-scoped") && strcmp(v->string, "all")))
        return ssot_config__fail(l, v->line, v->col,
                                 "`%s` must be one of \"request-scoped\", \"all\"", key);
    cfg->singleton_report_all = !strcmp(v->string, "all");
    cfg->has_singleton_report = true;
    return true;
}

/* [diff] fail-on: names of `ssot diff` changes, each checked (did-you-mean). */
static bool get_diff_kinds(const ssot_config_loader *l, const char *key, tval *v,
                           ssot_config *cfg)
{
    if (!ssot_config__get_strlist(l, key, v, &cfg->diff_fail_on))
        return false;
    cfg->has_diff_fail_on = true;
    for (size_t i = 0; i < cfg->diff_fail_on.count; i++) {
        const char *name = cfg->diff_fail_on.items[i];
        ssot_delta_kind kind;
        if (ssot_delta_kind_parse(name, &kind))
            continue;
        const tval *at = v->type == SSOT_TOML_ARRAY && i < v->array.count ? v->array.items[i] : v;
        const char *s = ssot_config__suggest(name, ssot_delta_kind_names(), 0);
        if (s)
            return ssot_config__fail(l, at->line, at->col,
                                     "unknown change `%s` in `%s`; did you mean `%s`?", name,
                                     key, s);
        return ssot_config__fail(l, at->line, at->col,
                                 "unknown change `%s` in `%s` (see docs/audit.md for the "
                                 "kinds `ssot diff` reports)",
                                 name, key);
    }
    return true;
}

/* A number (integer or float), at least 0. */
static bool get_number(const ssot_config_loader *l, const char *key, tval *v, double *out)
{
    if (v->type == SSOT_TOML_INTEGER)
        *out = (double)v->integer;
    else if (v->type == SSOT_TOML_FLOAT)
        *out = v->real;
    else
        return ssot_config__fail(l, v->line, v->col, "`%s` must be a number", key);
    if (!(*out >= 0) || *out > 1e9)
        return ssot_config__fail(l, v->line, v->col, "`%s` must be a number from 0 to 1e9", key);
    return true;
}

/* [audit] grades: the upper edges of A, B, C and D, increasing. */
static bool get_grades(const ssot_config_loader *l, const char *key, tval *v, double *edges)
{
    if (v->type != SSOT_TOML_ARRAY || v->array.count != 4)
        return ssot_config__fail(l, v->line, v->col,
                                 "`%s` must be 4 increasing numbers: the upper edges of grades "
                                 "A, B, C and D in weighted findings per 1000 lines, like "
                                 "[5, 10, 20, 50]", key);
    double e[4];
    for (size_t i = 0; i < 4; i++) {
        if (!get_number(l, key, v->array.items[i], &e[i]))
            return false;
        if (i && e[i] <= e[i - 1])
            return ssot_config__fail(l, v->array.items[i]->line, v->array.items[i]->col,
                                     "`%s` must increase: %g comes after %g", key, e[i],
                                     e[i - 1]);
    }
    memcpy(edges, e, sizeof(e));
    return true;
}

/* [audit] weights = { error = 3, warning = 1, info = 0 } */
static bool get_weights(const ssot_config_loader *l, const char *key, tval *v, double *weights)
{
    static const char *const levels[] = {"error", "warning", "info", NULL};
    if (v->type != SSOT_TOML_TABLE)
        return ssot_config__fail(l, v->line, v->col,
                                 "`%s` must be a table like { error = 3, warning = 1, info = 0 }",
                                 key);
    if (!ssot_config__check_keys(l, v, levels, key))
        return false;
    for (size_t i = 0; i < v->table.count; i++) {
        const ssot_toml_entry *e = &v->table.items[i];
        ssot_severity s;
        char *sub = ssot_asprintf("%s.%s", key, e->key);
        bool ok = ssot_severity_parse(e->key, &s) && get_number(l, sub, e->value, &weights[s]);
        free(sub);
        if (!ok)
            return false;
    }
    return true;
}

/* [audit] churn-months: 1 to 240. */
static bool get_months(const ssot_config_loader *l, const char *key, tval *v, unsigned *out)
{
    if (v->type != SSOT_TOML_INTEGER || v->integer < 1 || v->integer > 240)
        return ssot_config__fail(l, v->line, v->col,
                                 "`%s` must be a number of months from 1 to 240", key);
    *out = (unsigned)v->integer;
    return true;
}

/* [placeholder], [singletons], [duplicates], [diff], [audit]: the per-rule and per-command
 * option tables. */
static bool load_options(const ssot_config_loader *l, const char *section, tval *v)
{
    static const char *const placeholder[] = {"smoke-markers", NULL};
    static const char *const singletons[] = {"allow", "report", NULL};
    static const char *const duplicates[] = {"min-nodes", "min-lines", "ignore-names", "units",
                                                  NULL};
    static const char *const diff[] = {"fail-on", NULL};
    static const char *const audit[] = {"grades", "weights", "churn-months", NULL};
    ssot_config *cfg = l->cfg;
    const char *const *keys = !strcmp(section, "placeholder")  ? placeholder
                              : !strcmp(section, "singletons") ? singletons
                              : !strcmp(section, "diff")       ? diff
                              : !strcmp(section, "audit")      ? audit
                                                               : duplicates;
    if (v->type != SSOT_TOML_TABLE)
        return ssot_config__fail(l, v->line, v->col, "`%s` must be a table", section);
    char *where = ssot_config__table_name(l, section, false);
    bool ok = ssot_config__check_keys(l, v, keys, where);
    free(where);
    for (size_t i = 0; ok && i < v->table.count; i++) {
        const ssot_toml_entry *e = &v->table.items[i];
        char *key = ssot_asprintf("%s.%s", section, e->key);
        if (!strcmp(e->key, "smoke-markers"))
            ok = ssot_config__get_strlist(l, key, e->value, &cfg->smoke_markers);
        else if (!strcmp(e->key, "allow"))
            ok = ssot_config__get_matchers(l, key, e->value, &cfg->singleton_allow);
        else if (!strcmp(e->key, "report"))
            ok = get_report(l, key, e->value, cfg);
        else if (!strcmp(e->key, "min-nodes"))
            ok = ssot_config__get_count(l, key, e->value, &cfg->dup_min_nodes);
        else if (!strcmp(e->key, "min-lines"))
            ok = ssot_config__get_count(l, key, e->value, &cfg->dup_min_lines);
        else if (!strcmp(e->key, "ignore-names"))
            ok = ssot_config__get_strlist(l, key, e->value, &cfg->dup_ignore_names);
        else if (!strcmp(section, "diff") && !strcmp(e->key, "fail-on"))
            ok = get_diff_kinds(l, key, e->value, cfg);
        else if (!strcmp(e->key, "grades"))
            ok = get_grades(l, key, e->value, cfg->audit_grades);
        else if (!strcmp(e->key, "weights"))
            ok = get_weights(l, key, e->value, cfg->audit_weights);
        else if (!strcmp(e->key, "churn-months"))
            ok = get_months(l, key, e->value, &cfg->audit_churn_months);
        else if (!strcmp(e->key, "units"))
            ok = ssot_config__get_globs(l, key, e->value, false, &cfg->dup_units,
                                        &cfg->dup_unit_count);
        free(key);
    }
    return ok;
}

static const char *const top_keys[] = {
    "select",          "extend-select",      "ignore",        "fail-on",       "exclude",
    "extend-exclude",  "per-file-ignores",   "test-files",    "real-services", "assert-functions",
    "allowed-doubles", "required-test-base", "max-file-size", "canonical",     "contracts",
    "custom",          "placeholder",        "singletons",    "duplicates",    "preview",
    "real-service-markers", "diff", "audit", "compile-commands", NULL,
};

/* `compile-commands = "build"`: the folder of the C/C++ compile_commands.json (or the file
 * itself), relative to the configuration's folder; it must exist. */
static bool load_compile_commands(const ssot_config_loader *l, tval *v)
{
    ssot_config *c = l->cfg;
    if (v->type != SSOT_TOML_STRING || !v->string[0])
        return ssot_config__fail(l, v->line, v->col,
                                 "`compile-commands` must be a path: the folder of "
                                 "compile_commands.json, or the file");
    char *path = v->string[0] == '/' || !c->root
                     ? ssot_strdup(v->string)
                     : ssot_asprintf("%s/%s", c->root, v->string);
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    if (n >= 22 && !strcmp(path + n - 22, "/compile_commands.json"))
        path[n - 22] = '\0';
    else if (!strcmp(path, "compile_commands.json"))
        strcpy(path, ".");
    char *json = ssot_asprintf("%s/compile_commands.json", path[0] ? path : ".");
    struct stat st;
    bool ok = stat(json, &st) == 0 && S_ISREG(st.st_mode);
    free(json);
    if (!ok) {
        free(path);
        return ssot_config__fail(l, v->line, v->col,
                                 "`compile-commands`: no compile_commands.json at `%s` (generate "
                                 "it with `cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON`)",
                                 v->string);
    }
    free(c->compile_commands);
    c->compile_commands = path;
    return true;
}

static bool load_key(const ssot_config_loader *l, const ssot_toml_entry *e)
{
    ssot_config *c = l->cfg;
    const char *k = e->key;
    tval *v = e->value;
    if (!strcmp(k, "select"))
        return (c->has_select = true) && ssot_config__get_codes(l, k, v, &c->select);
    if (!strcmp(k, "extend-select"))
        return ssot_config__get_codes(l, k, v, &c->extend_select);
    if (!strcmp(k, "ignore"))
        return ssot_config__get_codes(l, k, v, &c->ignore);
    if (!strcmp(k, "fail-on"))
        return (c->has_fail_on = true) && ssot_config__get_severity(l, k, v, &c->fail_on);
    if (!strcmp(k, "preview")) {
        if (v->type != SSOT_TOML_BOOL)
            return ssot_config__fail(l, v->line, v->col, "`preview` must be true or false");
        c->preview = v->boolean;
        return true;
    }
    if (!strcmp(k, "exclude"))
        return (c->has_exclude = true) &&
               ssot_config__get_globs(l, k, v, false, &c->exclude, &c->exclude_count);
    if (!strcmp(k, "extend-exclude"))
        return ssot_config__get_globs(l, k, v, false, &c->extend_exclude, &c->extend_exclude_count);
    if (!strcmp(k, "per-file-ignores"))
        return load_per_file_ignores(l, v);
    if (!strcmp(k, "test-files"))
        return (c->has_test_files = true) &&
               ssot_config__get_globs(l, k, v, false, &c->test_files, &c->test_file_count);
    if (!strcmp(k, "real-services"))
        return (c->has_real_services = true) &&
               ssot_config__get_globs(l, k, v, false, &c->real_services, &c->real_service_count);
    if (!strcmp(k, "real-service-markers"))
        return ssot_config__get_strlist(l, k, v, &c->real_service_markers);
    if (!strcmp(k, "assert-functions"))
        return ssot_config__get_matchers(l, k, v, &c->assert_functions);
    if (!strcmp(k, "allowed-doubles"))
        return ssot_config__get_matchers(l, k, v, &c->allowed_doubles);
    if (!strcmp(k, "required-test-base"))
        return ssot_config__get_strlist(l, k, v, &c->required_test_base);
    if (!strcmp(k, "max-file-size"))
        return ssot_config__get_size(l, v, &c->max_file_bytes);
    if (!strcmp(k, "compile-commands"))
        return load_compile_commands(l, v);
    if (!strcmp(k, "canonical"))
        return load_canonical(l, v);
    if (!strcmp(k, "contracts"))
        return load_contracts(l, v);
    if (!strcmp(k, "custom"))
        return true; /* loaded first: rule codes may name custom rules */
    return load_options(l, k, v);
}

static bool load_table(const ssot_config_loader *l, tval *t)
{
    if (!ssot_config__check_keys(l, t, top_keys, l->top))
        return false;
    tval *custom = ssot_toml_get(t, "custom");
    if (custom && !load_custom(l, custom))
        return false;
    for (size_t i = 0; i < t->table.count; i++)
        if (!load_key(l, &t->table.items[i]))
            return false;
    return true;
}

/* The file `path` through the run's memo: its document is parsed once however many folders
 * ask. */
static ssot_status load_with(ssot_config_memo *memo, const char *path, ssot_config **out,
                             char *err, size_t err_size)
{
    const ssot_toml_value *doc;
    *out = NULL;
    ssot_status st = ssot_config__memo_toml(memo, path, &doc, err, err_size);
    if (st != SSOT_OK)
        return st == SSOT_ERR_INPUT ? SSOT_ERR_USAGE : st;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    ssot_config_loader l = {.path = path, .err = err, .err_size = err_size, .top = base};
    tval *table = doc;
    if (!strcmp(base, "pyproject.toml")) {
        const ssot_toml_entry *ssot = ssot_toml_find(ssot_toml_get(doc, "tool"), "ssot");
        if (!ssot) /* not an ssot configuration */
            return SSOT_OK;
        if (ssot->value->type != SSOT_TOML_TABLE) {
            ssot_config__fail(&l, ssot->line, ssot->col, "`tool.ssot` must be a table");
            return SSOT_ERR_USAGE;
        }
        l.pyproject = true;
        l.top = "[tool.ssot]";
        table = ssot->value;
    }
    ssot_config *cfg = ssot_config_defaults();
    char *abs = ssot_config__abspath(path);
    cfg->path = ssot_strdup(path);
    cfg->root = ssot_config__dirname(abs);
    free(abs);
    l.cfg = cfg;
    st = load_table(&l, table) ? SSOT_OK : SSOT_ERR_USAGE;
    if (st == SSOT_OK) {
        ssot_pytest_config_fini(&cfg->pytest);
        st = ssot_pytest_config_find(memo, cfg->root, &cfg->pytest, err, err_size);
    }
    if (st != SSOT_OK) {
        ssot_config_free(cfg);
        return st;
    }
    if (!cfg->has_test_files)
        ssot_config__derive_test_files(cfg);
    *out = cfg;
    return SSOT_OK;
}

ssot_status ssot_config_load(const char *path, ssot_config **out, char *err, size_t err_size)
{
    return ssot_config__load(NULL, path, out, err, err_size);
}

ssot_status ssot_config__load(ssot_config_memo *memo, const char *path, ssot_config **out,
                              char *err, size_t err_size)
{
    ssot_config_memo *own = memo ? NULL : ssot_config__memo_new();
    ssot_status st = load_with(memo ? memo : own, path, out, err, err_size);
    ssot_config__memo_free(own);
    return st;
}
