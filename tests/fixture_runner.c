/* tests/fixture_runner.c - run one rule over its fixture and compare, line by line, with
 * the `# expect: CODE[, CODE]` markers (`// expect:` in JavaScript and TypeScript). Every
 * unmarked line must stay silent. A first line
 * with `role: service` runs the fixture as service code; a `FIXTURE.toml` beside it is its
 * configuration (top-level keys, as in ssot.toml).
 * Usage: fixture_runner FIXTURE...  (the rule is the file name's prefix: PH001_...) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/config/config.h"
#include "analyzer/engine/engine.h"
#include "analyzer/config/selection.h"
#include "rules/rule.h"

typedef struct expectation {
    unsigned row;
    char code[16];
    int matched;
} expectation;

/* Read `# expect: A, B` markers; returns how many were stored. */
static size_t read_expectations(const char *path, expectation **out)
{
    FILE *f = fopen(path, "r");
    size_t count = 0, cap = 0;
    *out = NULL;
    if (!f)
        return 0;
    char line[4096];
    unsigned row = 0;
    while (fgets(line, sizeof(line), f)) {
        row++;
        const char *m = strstr(line, "# expect:");
        if (!m)
            m = strstr(line, "#expect:");
        if (!m)
            m = strstr(line, "// expect:"); /* JavaScript, TypeScript, C */
        if (!m)
            continue;
        m = strchr(m, ':') + 1;
        for (;;) {
            while (*m == ' ' || *m == ',')
                m++;
            size_t n = 0;
            while ((m[n] >= 'A' && m[n] <= 'Z') || (m[n] >= '0' && m[n] <= '9'))
                n++;
            if (!n || n >= 16)
                break;
            if (count == cap) {
                cap = cap ? cap * 2 : 16;
                *out = realloc(*out, cap * sizeof(**out));
            }
            expectation *e = &(*out)[count++];
            e->row = row;
            memcpy(e->code, m, n);
            e->code[n] = '\0';
            e->matched = 0;
            m += n;
        }
    }
    fclose(f);
    return count;
}

/* A fixture whose first line says `role: service` is service code (the SG rules'); every
 * other fixture is a test file whatever its name. */
static ssot_role fixture_role(const char *path)
{
    char line[512] = "";
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(line, sizeof(line), f))
            line[0] = '\0';
        fclose(f);
    }
    return strstr(line, "role: service") ? SSOT_ROLE_SERVICE : SSOT_ROLE_TEST;
}

static int run_fixture(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char code[16] = {0};
    size_t n = strcspn(base, "_");
    if (n == 0 || n >= sizeof(code)) {
        fprintf(stderr, "%s: fixture names start with the rule code (PH001_...)\n", path);
        return 1;
    }
    memcpy(code, base, n);
    const ssot_rule *rule = ssot_rule_find(code);
    if (!rule) {
        fprintf(stderr, "%s: no rule `%s`\n", path, code);
        return 1;
    }
    size_t nrules;
    const ssot_rule *const *rules = ssot_rules(&nrules);
    bool *enabled = calloc(nrules, sizeof(*enabled));
    for (size_t r = 0; r < nrules; r++)
        enabled[r] = rules[r] == rule;

    char err[512];
    ssot_file_entry entry = {0};
    entry.path = (char *)path;
    entry.role = fixture_role(path);
    entry.pytest_file = entry.role == SSOT_ROLE_TEST;
    entry.explicit = true;
    /* FIXTURE.toml: the fixture's configuration, its globs relative to the fixture's folder */
    char toml[512];
    /* without its extensions: PH001_x.py and PH001_x.test.ts both give PH001_x.toml */
    const char *ext = strchr(base, '.');
    size_t stem = ext ? (size_t)(ext - path) : strlen(path);
    snprintf(toml, sizeof(toml), "%.*s.toml", (int)stem, path);
    ssot_config *own = NULL;
    FILE *probe = fopen(toml, "r");
    if (probe) {
        fclose(probe);
        char why[512];
        if (ssot_config_load(toml, &own, why, sizeof(why)) != SSOT_OK) {
            fprintf(stderr, "%s\n", why);
            free(enabled);
            return 1;
        }
        entry.config = own;
        entry.config_path = (char *)base;
    }
    ssot_file_list files = {&entry, 1, 1};
    ssot_engine_config config = {.enabled = enabled, .threads = 1, .max_file_bytes = 8u << 20};
    ssot_selections *selections = NULL;
    if (own) {
        /* the configuration's selection, narrowed to the fixture's rule */
        selections = ssot_selections_new(NULL);
        ssot_selection *sel = (ssot_selection *)ssot_selections_for(selections, own, err,
                                                                    sizeof(err));
        if (sel) {
            memcpy(sel->enabled, enabled, nrules * sizeof(*enabled));
            memcpy(sel->named, enabled, nrules * sizeof(*enabled));
        }
        config.selections = selections;
    }
    ssot_run run;
    if (ssot_engine_run(&config, &files, &run, err, sizeof(err)) != SSOT_OK) {
        fprintf(stderr, "%s: %s\n", path, err);
        ssot_selections_free(selections);
        ssot_config_free(own);
        free(enabled);
        return 1;
    }
    expectation *want;
    size_t nwant = read_expectations(path, &want);
    int failures = 0;
    for (size_t i = 0; i < run.diag_count; i++) {
        const ssot_diag *d = run.diags[i];
        bool found = false;
        for (size_t k = 0; k < nwant && !found; k++) {
            if (!want[k].matched && want[k].row == d->span.row &&
                !strcmp(want[k].code, d->rule->code)) {
                want[k].matched = 1;
                found = true;
            }
        }
        if (!found) {
            fprintf(stderr, "%s:%u: unexpected %s: %s\n", path, d->span.row, d->rule->code,
                    d->message);
            failures++;
        }
    }
    for (size_t k = 0; k < nwant; k++)
        if (!want[k].matched) {
            fprintf(stderr, "%s:%u: expected %s, got none\n", path, want[k].row, want[k].code);
            failures++;
        }
    printf("%s: %zu expected, %zu reported, %d mismatch%s\n", path, nwant, run.diag_count,
           failures, failures == 1 ? "" : "es");
    free(want);
    ssot_run_fini(&run);
    ssot_selections_free(selections);
    ssot_config_free(own);
    free(enabled);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fixture_runner FIXTURE...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= run_fixture(argv[i]);
    return rc;
}
