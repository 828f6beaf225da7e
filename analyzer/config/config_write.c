/* analyzer/config/config_write.c - print the effective configuration as TOML (`ssot config`):
 * every key with its value, defaults included, in ssot.toml form (top-level keys), after
 * comments naming the configuration file and the pytest settings it uses. */
#include "analyzer/config/config_internal.h"
#include "analyzer/diff/kinds.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/engine/diag.h"
#include "analyzer/config/toml.h"

/* A TOML basic string: quotes, backslashes and control characters escaped. */
static void put_string(FILE *out, const char *s)
{
    static const char *const escapes[128] = {
        ['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\t'] = "\\t", ['\r'] = "\\r",
    };
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 128 && escapes[ch])
            fputs(escapes[ch], out);
        else if (ch < 0x20 || ch == 0x7F)
            fprintf(out, "\\u%04X", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void put_key(FILE *out, const char *key)
{
    if (ssot_toml_is_bare_key(key))
        fputs(key, out);
    else
        put_string(out, key);
}

static void put_strings(FILE *out, const char *key, const char *const *items, size_t n,
                        const char *comment)
{
    if (key)
        fprintf(out, "%s = ", key);
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        put_string(out, items[i]);
    }
    fputc(']', out);
    if (comment)
        fprintf(out, "  # %s", comment);
    if (key)
        fputc('\n', out);
}

static void put_strlist(FILE *out, const char *key, const ssot_strlist *list)
{
    put_strings(out, key, (const char *const *)list->items, list->count, NULL);
}

static void put_globs(FILE *out, const char *key, ssot_glob *const *globs, size_t n,
                      const char *comment)
{
    const char **items = ssot_calloc(n + 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = ssot_glob_pattern(globs[i]);
    put_strings(out, key, items, n, comment);
    free(items);
}

static void put_matchers(FILE *out, const char *key, const ssot_matcher_list *list)
{
    const char **items = ssot_calloc(list->count + 1, sizeof(*items));
    for (size_t i = 0; i < list->count; i++)
        items[i] = list->items[i].text;
    put_strings(out, key, items, list->count, NULL);
    free(items);
}

/* Where pytest keeps its settings in each kind of file. */
static const char *pytest_section(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!strcmp(base, "pyproject.toml"))
        return "[tool.pytest.ini_options]";
    if (!strcmp(base, "setup.cfg"))
        return "[tool:pytest]";
    return "[pytest]";
}

static void put_header(FILE *out, const ssot_config *c)
{
    if (c->path) {
        const char *slash = strrchr(c->path, '/');
        bool pyproject = !strcmp(slash ? slash + 1 : c->path, "pyproject.toml");
        fprintf(out, "# ssot configuration: %s%s (globs are relative to %s)\n", c->path,
                pyproject ? " [tool.ssot]" : "", c->root ? c->root : ".");
    } else {
        fputs("# ssot configuration: built-in defaults (no configuration file)\n", out);
    }
    const ssot_pytest_config *p = &c->pytest;
    if (p->path)
        fprintf(out, "# pytest settings: %s %s\n", p->path, pytest_section(p->path));
    else
        fputs("# pytest settings: pytest's defaults (no pytest configuration file)\n", out);
    const ssot_strlist *lists[] = {&p->python_files, &p->python_classes, &p->python_functions,
                                   &p->testpaths, &p->norecursedirs};
    static const char *const names[] = {"python_files", "python_classes", "python_functions",
                                        "testpaths", "norecursedirs"};
    for (size_t k = 0; k < 5; k++) {
        fprintf(out, "#   %s =", names[k]);
        for (size_t i = 0; i < lists[k]->count; i++)
            fprintf(out, " %s", lists[k]->items[i]);
        fputc('\n', out);
    }
    fputc('\n', out);
}

int ssot_config_write(FILE *out, const ssot_config *c)
{
    put_header(out, c);
    size_t families = 0;
    while (ssot_config__families[families])
        families++;
    if (c->has_select)
        put_strlist(out, "select", &c->select);
    else
        put_strings(out, "select", ssot_config__families, families,
                    "default: every rule that is neither opt-in nor preview");
    put_strlist(out, "extend-select", &c->extend_select);
    put_strlist(out, "ignore", &c->ignore);
    fprintf(out, "preview = %s\n", c->preview ? "true" : "false");
    fprintf(out, "fail-on = \"%s\"%s\n", ssot_severity_name(c->fail_on),
            c->has_fail_on ? "" : "  # default");
    put_globs(out, "exclude", c->exclude, c->exclude_count, c->has_exclude ? NULL : "default");
    put_globs(out, "extend-exclude", c->extend_exclude, c->extend_exclude_count, NULL);
    put_globs(out, "test-files", c->test_files, c->test_file_count,
              c->has_test_files ? NULL
                                : "default: pytest's python_files, conftest.py, test/, tests/");
    put_globs(out, "real-services", c->real_services, c->real_service_count,
              c->has_real_services ? NULL : "default: none");
    put_strlist(out, "real-service-markers", &c->real_service_markers);
    put_matchers(out, "assert-functions", &c->assert_functions);
    put_matchers(out, "allowed-doubles", &c->allowed_doubles);
    put_strlist(out, "required-test-base", &c->required_test_base);
    fprintf(out, "max-file-size = %zu\n", c->max_file_bytes);
    if (c->compile_commands) {
        fputs("compile-commands = ", out);
        put_string(out, c->compile_commands);
        fputc('\n', out);
    }

    fputs("\n[per-file-ignores]\n", out);
    for (size_t i = 0; i < c->per_file_ignore_count; i++) {
        put_key(out, ssot_glob_pattern(c->per_file_ignores[i].glob));
        fputs(" = ", out);
        put_strings(out, NULL, (const char *const *)c->per_file_ignores[i].codes.items,
                    c->per_file_ignores[i].codes.count, NULL);
        fputc('\n', out);
    }
    fputs("\n[canonical]\n", out);
    for (size_t i = 0; i < c->canonical_count; i++) {
        put_key(out, c->canonical[i].name);
        fputs(" = ", out);
        put_string(out, c->canonical[i].module);
        fputc('\n', out);
    }
    fputs("\n[placeholder]\n", out);
    put_strlist(out, "smoke-markers", &c->smoke_markers);
    fputs("\n[singletons]\n", out);
    put_matchers(out, "allow", &c->singleton_allow);
    fprintf(out, "report = \"%s\"%s\n", c->singleton_report_all ? "all" : "request-scoped",
            c->has_singleton_report ? "" : "  # default");
    fprintf(out, "\n[duplicates]\nmin-nodes = %u\nmin-lines = %u\n", c->dup_min_nodes,
            c->dup_min_lines);
    put_strlist(out, "ignore-names", &c->dup_ignore_names);
    put_globs(out, "units", c->dup_units, c->dup_unit_count,
              "also: folders with their own packaging or Dockerfile, standalone programs");
    fputs("\n[diff]\n", out);
    if (c->has_diff_fail_on) {
        put_strlist(out, "fail-on", &c->diff_fail_on);
    } else {
        fputs("# fail-on = [", out);
        const char *const *kinds = ssot_delta_kind_names();
        bool first = true;
        for (int k = 0; kinds[k]; k++)
            if (ssot_delta_kind_weakens((ssot_delta_kind)k)) {
                fprintf(out, "%s\"%s\"", first ? "" : ", ", kinds[k]);
                first = false;
            }
        fputs("]  (default: every change that weakens the suite)\n", out);
    }

    fprintf(out, "\n[audit]\ngrades = [%g, %g, %g, %g]\n", c->audit_grades[0], c->audit_grades[1],
            c->audit_grades[2], c->audit_grades[3]);
    fprintf(out, "weights = { error = %g, warning = %g, info = %g }\nchurn-months = %u\n",
            c->audit_weights[SSOT_SEVERITY_ERROR], c->audit_weights[SSOT_SEVERITY_WARNING],
            c->audit_weights[SSOT_SEVERITY_INFO], c->audit_churn_months);

    for (size_t i = 0; i < c->contract_count; i++) {
        const ssot_contract *ct = &c->contracts[i];
        fputs("\n[contracts.", out);
        put_key(out, ct->name);
        fputs("]\n", out);
        put_strlist(out, "values", &ct->values);
        put_globs(out, "scope", ct->scope, ct->scope_count, NULL);
    }
    for (size_t i = 0; i < c->custom_count; i++) {
        const ssot_custom_rule *r = &c->custom[i];
        fputs("\n[[custom]]\ncode = ", out);
        put_string(out, r->code);
        fputs("\nname = ", out);
        put_string(out, r->name);
        fputs("\npattern = ", out);
        put_string(out, r->pattern);
        fputc('\n', out);
        put_globs(out, "files", r->files, r->file_count, NULL);
        fputs("message = ", out);
        put_string(out, r->message);
        fprintf(out, "\nseverity = \"%s\"\nmultiline = %s\n", ssot_severity_name(r->severity),
                r->multiline ? "true" : "false");
    }
    return ferror(out) ? -1 : 0;
}
