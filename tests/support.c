/* tests/support.c - helpers the unit tests share: temporary folders and files, facts
 * extracted from a source, temporary projects run through the engine. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "tests/support.h"

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "analyzer/resolve/testid.h"
#include "rules/rule.h"

int ssot_test_tempdir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "/tmp/ssot-%s-XXXXXX", name);
    return mkdtemp(buf) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int ssot_test_remove_tree(const char *root)
{
    return nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void ssot_test_write(const char *root, const char *rel, const char *text)
{
    char path[1024];
    size_t skip = 0;
    if (root) {
        snprintf(path, sizeof(path), "%s/%s", root, rel);
        skip = strlen(root) + 1;
    } else {
        snprintf(path, sizeof(path), "%s", rel);
    }
    for (char *s = strchr(path + skip, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(path, 0755) != 0)
            assert_int_equal(errno, EEXIST);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

ssot_python_frontend *ssot_test_frontend(void)
{
    char err[256];
    ssot_python_frontend *fe = ssot_python_frontend_new(err, sizeof(err));
    if (!fe)
        fail_msg("no Python frontend: %s", err);
    return fe;
}

void ssot_test_extract(ssot_python_frontend *fe, ssot_test_facts *out, const char *path,
                       const char *text, ssot_role role)
{
    memset(out, 0, sizeof(*out));
    out->arena = ssot_arena_new();
    out->facts.path = path;
    out->facts.role = role;
    out->facts.pytest_file = role == SSOT_ROLE_TEST;
    ssot_source src = {path, text, strlen(text)};
    ssot_python_extract(fe, &src, &out->facts, out->arena);
}

int ssot_test_project_setup(void **state)
{
    ssot_test_project *p = calloc(1, sizeof(*p));
    if (!p || ssot_test_tempdir(p->root, sizeof(p->root), "project") != 0) {
        free(p);
        return -1;
    }
    p->files.items = p->entries;
    p->files.cap = sizeof(p->entries) / sizeof(p->entries[0]);
    *state = p;
    return 0;
}

int ssot_test_project_teardown(void **state)
{
    ssot_test_project *p = *state;
    for (size_t i = 0; i < p->files.count; i++)
        free(p->entries[i].path);
    int rc = ssot_test_remove_tree(p->root);
    free(p);
    return rc;
}

void ssot_test_project_put(ssot_test_project *p, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", p->root, rel);
    ssot_test_write(p->root, rel, text);
    for (size_t i = 0; i < p->files.count; i++)
        if (!strcmp(p->entries[i].path, path))
            return;
    assert_true(p->files.count < p->files.cap);
    size_t at = p->files.count;
    while (at > 0 && strcmp(p->entries[at - 1].path, path) > 0) {
        p->entries[at] = p->entries[at - 1];
        at--;
    }
    ssot_file_entry *e = &p->entries[at];
    memset(e, 0, sizeof(*e));
    e->path = strdup(path);
    assert_non_null(e->path);
    e->role = ssot_testid_is_test_path(rel) ? SSOT_ROLE_TEST : SSOT_ROLE_SERVICE;
    e->pytest_file = ssot_testid_is_pytest_file(rel);
    p->files.count++;
}

void ssot_test_project_run(const ssot_test_project *p, const char *code, unsigned threads,
                           ssot_run *out)
{
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    bool enabled[64] = {0};
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        enabled[i] = code ? !strcmp(rules[i]->code, code)
                          : !rules[i]->opt_in && !rules[i]->preview;
    ssot_engine_config config = {
        .enabled = enabled, .threads = threads, .max_file_bytes = 1u << 20};
    char err[512];
    assert_int_equal(ssot_engine_run(&config, &p->files, out, err, sizeof(err)), SSOT_OK);
}
