/* tests/test_config.c - the configuration (analyzer/config*.c, pytest_config.c): every key
 * into the struct, every error with its exact `file:line:col: message`, did-you-mean, the
 * closest file upward and its precedence, pytest settings from pytest.ini / pyproject.toml
 * / tox.ini / setup.cfg, matchers, and the TOML printout. Each test runs in its own
 * temporary folder, which is also the current directory (so messages show short paths). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "analyzer/config/config.h"
#include "tests/support.h"

typedef struct fixture {
    char root[64];
    char cwd[PATH_MAX]; /* the real path of root, as getcwd() shows it */
    char old[PATH_MAX];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f || !getcwd(f->old, sizeof(f->old)))
        return -1;
    if (ssot_test_tempdir(f->root, sizeof(f->root), "config") != 0 || chdir(f->root) != 0 ||
        !getcwd(f->cwd, sizeof(f->cwd)))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = chdir(f->old);
    rc |= ssot_test_remove_tree(f->root);
    free(f);
    return rc;
}

/* Write `text` to `rel` (relative to the test's folder), creating folders. */
static void put(const char *rel, const char *text)
{
    ssot_test_write(NULL, rel, text);
}

static ssot_config *load_ok(const char *rel, const char *text)
{
    char err[1024] = "";
    ssot_config *c = NULL;
    put(rel, text);
    ssot_status st = ssot_config_load(rel, &c, err, sizeof(err));
    if (st != SSOT_OK)
        fail_msg("unexpected error: %s", err);
    assert_non_null(c);
    return c;
}

static void expect_error(const char *rel, const char *text, const char *message)
{
    char err[1024] = "";
    ssot_config *c = (ssot_config *)1;
    put(rel, text);
    ssot_status st = ssot_config_load(rel, &c, err, sizeof(err));
    assert_int_equal(st, SSOT_ERR_USAGE);
    assert_null(c);
    assert_string_equal(err, message);
}

/* A pyproject.toml holding `body` under [tool.ssot] (line 1 is the header). */
static void expect_ssot_error(const char *body, const char *message)
{
    char text[4096];
    snprintf(text, sizeof(text), "[tool.ssot]\n%s", body);
    expect_error("pyproject.toml", text, message);
}

static void assert_strlist(const ssot_strlist *l, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++) {
        if (n >= l->count)
            fail_msg("list has %zu items, expected more (next: %s)", l->count, want[n]);
        assert_string_equal(l->items[n], want[n]);
    }
    assert_int_equal(l->count, n);
}

static void assert_globs(ssot_glob *const *globs, size_t count, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++) {
        if (n >= count)
            fail_msg("glob list has %zu items, expected more (next: %s)", count, want[n]);
        assert_string_equal(ssot_glob_pattern(globs[n]), want[n]);
    }
    assert_int_equal(count, n);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})
#define EMPTY ((const char *const[]){NULL})

/* ---- defaults ---- */

static void config_defaults_match_documentation(void **state)
{
    (void)state;
    ssot_config *c = ssot_config_defaults();
    assert_null(c->path);
    assert_null(c->root);
    assert_false(c->has_select);
    assert_int_equal(c->select.count, 0);
    assert_int_equal(c->fail_on, SSOT_SEVERITY_WARNING);
    assert_false(c->has_fail_on);
    assert_false(c->has_exclude);
    assert_globs(c->exclude, c->exclude_count,
                 LIST(".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                      "build", "dist", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
                      ".ruff_cache", ".ssot_cache", ".eggs"));
    assert_false(c->has_test_files);
    assert_globs(c->test_files, c->test_file_count,
                 LIST("test_*.py", "*_test.py", "conftest.py", "test", "tests"));
    /* no real-services scope unless the project declares one */
    assert_int_equal(c->real_service_count, 0);
    assert_int_equal(c->real_service_markers.count, 0);
    assert_int_equal(c->max_file_bytes, 8u << 20);
    assert_int_equal(c->dup_min_nodes, 40);
    assert_int_equal(c->dup_min_lines, 5);
    assert_int_equal(c->dup_unit_count, 0); /* units are found, not declared, by default */
    assert_int_equal(c->custom_count + c->contract_count + c->canonical_count, 0);
    assert_null(c->pytest.path);
    assert_strlist(&c->pytest.python_files, LIST("test_*.py", "*_test.py"));
    assert_strlist(&c->pytest.python_classes, LIST("Test"));
    assert_strlist(&c->pytest.python_functions, LIST("test"));
    assert_strlist(&c->pytest.testpaths, EMPTY);
    assert_strlist(&c->pytest.norecursedirs,
                   LIST("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv",
                        "{arch}"));
    ssot_config_free(c);
    ssot_config_free(NULL);
}

/* ---- every key ---- */

static const char full_pyproject[] =
    "[project]\n"
    "name = \"demo\"\n"
    "\n"
    "[tool.ssot]\n"
    "select = [\"PH\", \"MO\", \"SG\", \"DD\", \"SS\"]\n"
    "extend-select = [\"PH011\", \"SS910\"]\n"
    "ignore = [\"PH005\", \"empty-test\"]\n"
    "fail-on = \"error\"\n"
    "exclude = [\"migrations/**\"]\n"
    "extend-exclude = [\"generated/**\", \"*_pb2.py\"]\n"
    "test-files = [\"tests/**\", \"**/test_*.py\", \"**/*_test.py\"]\n"
    "real-services = [\"tests/e2e/**\", \"tests/mission_critical/**\"]\n"
    "real-service-markers = [\"e2e\", \"live\"]\n"
    "assert-functions = [\"check_*\", \"re:^(verify|expect)_\", \"must_hold\"]\n"
    "allowed-doubles = [\"stripe.*\"]\n"
    "required-test-base = [\"SSotBaseTestCase\", \"SSotAsyncTestCase\"]\n"
    "max-file-size = \"2MB\"\n"
    "\n"
    "[tool.ssot.per-file-ignores]\n"
    "\"scripts/**\" = [\"PH003\", \"PH\"]\n"
    "\"tests/legacy_*.py\" = [\"ALL\"]\n"
    "\n"
    "[tool.ssot.canonical]\n"
    "WebSocketManager = \"app.websocket.manager\"\n"
    "\n"
    "[tool.ssot.contracts.websocket-events]\n"
    "values = [\"agent_started\", \"agent_thinking\", \"tool_executing\"]\n"
    "scope = \"tests/mission_critical/**\"\n"
    "\n"
    "[tool.ssot.contracts.billing]\n"
    "values = [\"charged\"]\n"
    "scope = [\"tests/billing/**\", \"tests/e2e/**\"]\n"
    "\n"
    "[tool.ssot.placeholder]\n"
    "smoke-markers = [\"smoke\"]\n"
    "\n"
    "[tool.ssot.singletons]\n"
    "allow = [\"app.settings.*\", \"registry\"]\n"
    "report = \"all\"\n"
    "\n"
    "[tool.ssot.duplicates]\n"
    "min-nodes = 60\n"
    "min-lines = 8\n"
    "ignore-names = [\"Meta\", \"Config\"]\n"
    "units = [\"services/*\", \"tools/sync\"]\n"
    "\n"
    "[tool.ssot.diff]\n"
    "fail-on = [\"assertion-removed\", \"test-skipped\"]\n"
    "\n"
    "[[tool.ssot.custom]]\n"
    "code = \"SS910\"\n"
    "name = \"no-sleep-in-tests\"\n"
    "pattern = \"time\\\\.sleep\\\\(\"\n"
    "files = [\"tests/**\"]\n"
    "message = \"tests must not sleep; wait on a condition\"\n"
    "\n"
    "[[tool.ssot.custom]]\n"
    "code = \"SS911\"\n"
    "name = \"no-print\"\n"
    "pattern = '^print\\('\n"
    "message = \"no print\"\n"
    "severity = \"error\"\n"
    "multiline = true\n"
    "\n"
    "[tool.ruff]\n"
    "line-length = 100\n";

static void config_loads_every_key_from_pyproject(void **state)
{
    fixture *f = *state;
    ssot_config *c = load_ok("pyproject.toml", full_pyproject);
    assert_string_equal(c->path, "pyproject.toml");
    assert_string_equal(c->root, f->cwd);
    assert_true(c->has_select);
    assert_strlist(&c->select, LIST("PH", "MO", "SG", "DD", "SS"));
    assert_strlist(&c->extend_select, LIST("PH011", "SS910"));
    assert_strlist(&c->ignore, LIST("PH005", "empty-test"));
    assert_true(c->has_fail_on);
    assert_int_equal(c->fail_on, SSOT_SEVERITY_ERROR);
    assert_true(c->has_exclude);
    assert_globs(c->exclude, c->exclude_count, LIST("migrations/**"));
    assert_globs(c->extend_exclude, c->extend_exclude_count, LIST("generated/**", "*_pb2.py"));
    assert_true(c->has_test_files);
    assert_globs(c->test_files, c->test_file_count,
                 LIST("tests/**", "**/test_*.py", "**/*_test.py"));
    assert_true(c->has_real_services);
    assert_globs(c->real_services, c->real_service_count,
                 LIST("tests/e2e/**", "tests/mission_critical/**"));
    assert_strlist(&c->real_service_markers, LIST("e2e", "live"));
    assert_int_equal(c->assert_functions.count, 3);
    assert_int_equal(c->assert_functions.items[0].kind, SSOT_MATCH_GLOB);
    assert_string_equal(c->assert_functions.items[0].text, "check_*");
    assert_int_equal(c->assert_functions.items[1].kind, SSOT_MATCH_REGEX);
    assert_string_equal(c->assert_functions.items[1].text, "re:^(verify|expect)_");
    assert_non_null(c->assert_functions.items[1].regex);
    assert_int_equal(c->assert_functions.items[2].kind, SSOT_MATCH_NAME);
    assert_null(c->assert_functions.items[2].regex);
    assert_int_equal(c->allowed_doubles.count, 1);
    assert_string_equal(c->allowed_doubles.items[0].text, "stripe.*");
    assert_strlist(&c->required_test_base, LIST("SSotBaseTestCase", "SSotAsyncTestCase"));
    assert_int_equal(c->max_file_bytes, 2u << 20);

    assert_int_equal(c->per_file_ignore_count, 2);
    assert_string_equal(ssot_glob_pattern(c->per_file_ignores[0].glob), "scripts/**");
    assert_strlist(&c->per_file_ignores[0].codes, LIST("PH003", "PH"));
    assert_true(ssot_glob_match(c->per_file_ignores[1].glob, "tests/legacy_a.py"));
    assert_strlist(&c->per_file_ignores[1].codes, LIST("ALL"));

    assert_int_equal(c->canonical_count, 1);
    assert_string_equal(c->canonical[0].name, "WebSocketManager");
    assert_string_equal(c->canonical[0].module, "app.websocket.manager");

    assert_int_equal(c->contract_count, 2);
    assert_string_equal(c->contracts[0].name, "websocket-events");
    assert_strlist(&c->contracts[0].values,
                   LIST("agent_started", "agent_thinking", "tool_executing"));
    assert_globs(c->contracts[0].scope, c->contracts[0].scope_count,
                 LIST("tests/mission_critical/**"));
    assert_string_equal(c->contracts[1].name, "billing");
    assert_globs(c->contracts[1].scope, c->contracts[1].scope_count,
                 LIST("tests/billing/**", "tests/e2e/**"));

    assert_strlist(&c->smoke_markers, LIST("smoke"));
    assert_int_equal(c->singleton_allow.count, 2);
    assert_int_equal(c->singleton_allow.items[0].kind, SSOT_MATCH_GLOB);
    assert_true(c->singleton_report_all);
    assert_int_equal(c->dup_min_nodes, 60);
    assert_int_equal(c->dup_min_lines, 8);
    assert_strlist(&c->dup_ignore_names, LIST("Meta", "Config"));
    assert_globs(c->dup_units, c->dup_unit_count, LIST("services/*", "tools/sync"));

    assert_int_equal(c->custom_count, 2);
    const ssot_custom_rule *r = &c->custom[0];
    assert_string_equal(r->code, "SS910");
    assert_string_equal(r->name, "no-sleep-in-tests");
    assert_string_equal(r->pattern, "time\\.sleep\\(");
    assert_string_equal(r->message, "tests must not sleep; wait on a condition");
    assert_int_equal(r->severity, SSOT_SEVERITY_WARNING); /* the default */
    assert_false(r->multiline);
    assert_non_null(r->regex);
    assert_globs(r->files, r->file_count, LIST("tests/**"));
    r = &c->custom[1];
    assert_int_equal(r->severity, SSOT_SEVERITY_ERROR);
    assert_true(r->multiline);
    assert_int_equal(r->file_count, 0);
    ssot_config_free(c);
}

static void config_loads_top_level_keys_from_ssot_toml(void **state)
{
    (void)state;
    ssot_config *c = load_ok("ssot.toml", "ignore = [\"PH002\"]\n"
                                          "[duplicates]\nmin-lines = 3\n"
                                          "[[custom]]\ncode = \"SS999\"\nname = \"x\"\n"
                                          "pattern = \"x\"\nmessage = \"m\"\n");
    assert_string_equal(c->path, "ssot.toml");
    assert_strlist(&c->ignore, LIST("PH002"));
    assert_false(c->has_select);
    assert_int_equal(c->dup_min_lines, 3);
    assert_int_equal(c->dup_min_nodes, 40);
    assert_int_equal(c->custom_count, 1);
    ssot_config_free(c);
    /* an empty .ssot.toml is a configuration with every default */
    c = load_ok(".ssot.toml", "");
    assert_string_equal(c->path, ".ssot.toml");
    assert_int_equal(c->fail_on, SSOT_SEVERITY_WARNING);
    ssot_config_free(c);
}

static void config_accepts_inline_and_dotted_forms(void **state)
{
    (void)state;
    ssot_config *c = load_ok("pyproject.toml",
                             "tool.ssot.select = [\"PH\"]\n"
                             "tool.ssot.duplicates = { min-nodes = 12 }\n"
                             "tool.ssot.custom = [{ code = \"SS920\", name = \"a-b\", "
                             "pattern = \"a\", message = \"m\" }]\n"
                             "tool.ssot.contracts.events = { values = [\"x\"] }\n");
    assert_strlist(&c->select, LIST("PH"));
    assert_int_equal(c->dup_min_nodes, 12);
    assert_string_equal(c->custom[0].code, "SS920");
    assert_int_equal(c->contracts[0].scope_count, 0); /* no scope: every test */
    ssot_config_free(c);
}

static void config_pyproject_without_tool_ssot_is_not_a_config(void **state)
{
    (void)state;
    char err[256] = "";
    ssot_config *c = (ssot_config *)1;
    put("pyproject.toml", "[project]\nname = \"x\"\n[tool.ruff]\nline-length = 100\n");
    assert_int_equal(ssot_config_load("pyproject.toml", &c, err, sizeof(err)), SSOT_OK);
    assert_null(c);
    /* ssot.toml/.ssot.toml are configurations whatever they hold */
    put("pyproject.toml", "tool = 3\n");
    assert_int_equal(ssot_config_load("pyproject.toml", &c, err, sizeof(err)), SSOT_OK);
    assert_null(c);
}

static void config_broken_pyproject_is_an_error_even_without_tool_ssot(void **state)
{
    (void)state;
    expect_error("pyproject.toml", "[project]\nname = \"x\n",
                 "pyproject.toml:2:1: TOML syntax error: cannot parse `name = \"x`");
    expect_error("pyproject.toml", "[project]\nname = 1\nname = 2\n",
                 "pyproject.toml:3:1: duplicate key `project.name` (first defined at line 2)");
    expect_error("pyproject.toml", "[tool]\nssot = 1\n",
                 "pyproject.toml:2:1: `tool.ssot` must be a table");
}

static void config_unreadable_file_is_an_io_error(void **state)
{
    (void)state;
    char err[256] = "";
    ssot_config *c = (ssot_config *)1;
    assert_int_equal(ssot_config_load("missing/ssot.toml", &c, err, sizeof(err)), SSOT_ERR_IO);
    assert_null(c);
    assert_string_equal(err, "missing/ssot.toml: cannot read: No such file or directory");
}

/* ---- unknown keys ---- */

static void config_unknown_key_suggests_the_closest(void **state)
{
    (void)state;
    expect_ssot_error("select = [\"PH\"]\nextend-selct = [\"PH011\"]\n",
                      "pyproject.toml:3:1: unknown key `extend-selct` in [tool.ssot]; did you "
                      "mean `extend-select`?");
    expect_ssot_error("fail_on = \"error\"\n",
                      "pyproject.toml:2:1: unknown key `fail_on` in [tool.ssot]; did you mean "
                      "`fail-on`?");
    expect_ssot_error("frobnicate = 1\n", "pyproject.toml:2:1: unknown key `frobnicate` in "
                                          "[tool.ssot]");
    expect_error("pyproject.toml", "[tool.ssot.duplicates]\nmin-node = 3\n",
                 "pyproject.toml:2:1: unknown key `min-node` in [tool.ssot.duplicates]; did you "
                 "mean `min-nodes`?");
    expect_error("pyproject.toml", "[tool.ssot.diff]\nfail-on = [\"test-skiped\"]\n",
                 "pyproject.toml:2:12: unknown change `test-skiped` in `diff.fail-on`; did you "
                 "mean `test-skipped`?");
    expect_error("pyproject.toml", "[tool.ssot.diff]\nfail-on = [\"everything\"]\n",
                 "pyproject.toml:2:12: unknown change `everything` in `diff.fail-on` (see "
                 "docs/audit.md for the kinds `ssot diff` reports)");
    expect_error("pyproject.toml", "[tool.ssot.diff]\nfail_on = []\n",
                 "pyproject.toml:2:1: unknown key `fail_on` in [tool.ssot.diff]; did you "
                 "mean `fail-on`?");
    expect_error("pyproject.toml", "[tool.ssot.contracts.events]\nvalue = [\"a\"]\n",
                 "pyproject.toml:2:1: unknown key `value` in [tool.ssot.contracts.events]; did "
                 "you mean `values`?");
    expect_error("pyproject.toml",
                 "[[tool.ssot.custom]]\ncode = \"SS910\"\nname = \"x\"\npatern = \"x\"\n",
                 "pyproject.toml:4:1: unknown key `patern` in [[tool.ssot.custom]]; did you "
                 "mean `pattern`?");
    expect_error("pyproject.toml", "[tool.ssot.singeltons]\nallow = []\n",
                 "pyproject.toml:1:12: unknown key `singeltons` in [tool.ssot]; did you mean "
                 "`singletons`?");
    expect_error(".ssot.toml", "  exclde = []\n",
                 ".ssot.toml:1:3: unknown key `exclde` in .ssot.toml; did you mean `exclude`?");
    expect_error("ssot.toml", "[tool.ssot]\nselect = []\n",
                 "ssot.toml:1:2: unknown key `tool` in ssot.toml; it takes the keys of "
                 "[tool.ssot] at its top level");
    expect_error("ssot.toml", "[placeholder]\nsmoke = []\n",
                 "ssot.toml:2:1: unknown key `smoke` in [placeholder]");
}

/* ---- types ---- */

static void config_wrong_types_are_errors(void **state)
{
    (void)state;
    expect_ssot_error("fail-on = \"fatal\"\n",
                      "pyproject.toml:2:11: `fail-on` must be one of \"error\", \"warning\", "
                      "\"info\"");
    expect_ssot_error("preview = \"yes\"\n",
                      "pyproject.toml:2:11: `preview` must be true or false");
    expect_ssot_error("fail-on = 2\n",
                      "pyproject.toml:2:11: `fail-on` must be one of \"error\", \"warning\", "
                      "\"info\"");
    expect_ssot_error("select = \"PH\"\n",
                      "pyproject.toml:2:10: `select` must be a list of strings");
    expect_ssot_error("select = [\"PH\",\n  3]\n",
                      "pyproject.toml:3:3: `select` must be a list of strings");
    expect_ssot_error("exclude = \"build\"\n",
                      "pyproject.toml:2:11: `exclude` must be a list of strings");
    expect_ssot_error("required-test-base = [true]\n",
                      "pyproject.toml:2:23: `required-test-base` must be a list of strings");
    expect_ssot_error("assert-functions = [\"\"]\n",
                      "pyproject.toml:2:21: `assert-functions` must not contain an empty name");
    expect_ssot_error("per-file-ignores = [\"a\"]\n",
                      "pyproject.toml:2:20: `per-file-ignores` must be a table of \"glob\" = "
                      "[rule codes]");
    expect_ssot_error("per-file-ignores = { \"scripts/*\" = \"SG003\" }\n",
                      "pyproject.toml:2:36: `per-file-ignores.\"scripts/*\"` must be a list of "
                      "strings");
    expect_ssot_error("canonical = [\"a\"]\n",
                      "pyproject.toml:2:13: `canonical` must be a table of Name = \"module\"");
    expect_ssot_error("canonical.Manager = 3\n",
                      "pyproject.toml:2:21: `canonical.Manager` must be a dotted module path "
                      "such as \"app.models\" (a JavaScript module: its path, such as "
                      "\"src/lib/types\")");
    expect_ssot_error("canonical.Manager = \"app..x\"\n",
                      "pyproject.toml:2:21: `canonical.Manager` must be a dotted module path "
                      "such as \"app.models\" (a JavaScript module: its path, such as "
                      "\"src/lib/types\")");
    expect_ssot_error("canonical.Store = \"src/../store\"\n",
                      "pyproject.toml:2:19: `canonical.Store` must be a dotted module path "
                      "such as \"app.models\" (a JavaScript module: its path, such as "
                      "\"src/lib/types\")");
    expect_ssot_error("contracts = 1\n",
                      "pyproject.toml:2:13: `contracts` must be a table of [contracts.NAME] "
                      "tables");
    expect_ssot_error("contracts.events = [\"a\"]\n",
                      "pyproject.toml:2:20: `contracts.events` must be a table with `values` and "
                      "`scope`");
    expect_ssot_error("contracts.events = { values = [\"a\"], scope = 3 }\n",
                      "pyproject.toml:2:46: `contracts.events.scope` must be a glob or a list of "
                      "globs");
    expect_ssot_error("contracts.events = { scope = \"tests/**\" }\n",
                      "pyproject.toml:2:20: [tool.ssot.contracts.events] is missing `values`");
    expect_ssot_error("contracts.events = { values = [] }\n",
                      "pyproject.toml:2:31: `contracts.events.values` must not be empty");
    expect_ssot_error("custom = 1\n",
                      "pyproject.toml:2:10: `custom` must be an array of tables ([[custom]])");
    expect_ssot_error("custom = [1]\n",
                      "pyproject.toml:2:10: `custom` must be an array of tables ([[custom]])");
    expect_ssot_error("placeholder = 1\n", "pyproject.toml:2:15: `placeholder` must be a table");
    expect_ssot_error("duplicates.min-nodes = 0\n",
                      "pyproject.toml:2:24: `duplicates.min-nodes` must be a positive integer");
    expect_ssot_error("duplicates.min-lines = \"5\"\n",
                      "pyproject.toml:2:24: `duplicates.min-lines` must be a positive integer");
    expect_ssot_error("duplicates.ignore-names = \"Meta\"\n",
                      "pyproject.toml:2:27: `duplicates.ignore-names` must be a list of strings");
    expect_ssot_error("duplicates.units = \"services/*\"\n",
                      "pyproject.toml:2:20: `duplicates.units` must be a list of strings");
    expect_ssot_error("singletons.allow = [\"re:(\"]\n",
                      "pyproject.toml:2:21: invalid regular expression `(` in `singletons.allow`: "
                      "missing closing parenthesis at offset 1");
    expect_ssot_error("singletons.report = \"everything\"\n",
                      "pyproject.toml:2:21: `singletons.report` must be one of "
                      "\"request-scoped\", \"all\"");
    expect_ssot_error("singletons.report = true\n",
                      "pyproject.toml:2:21: `singletons.report` must be one of "
                      "\"request-scoped\", \"all\"");
}

static void config_max_file_size_takes_bytes_or_units(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        size_t bytes;
    } ok[] = {
        {"1024", 1024},          {"\"100\"", 100},         {"\"100B\"", 100},
        {"\"512KB\"", 512 << 10}, {"\"512 kb\"", 512 << 10}, {"\"8MB\"", 8 << 20},
        {"\"8MiB\"", 8 << 20},   {"\"1G\"", 1u << 30},      {"\"2gib\"", 2u << 30},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char text[128];
        snprintf(text, sizeof(text), "max-file-size = %s\n", ok[i].value);
        ssot_config *c = load_ok(".ssot.toml", text);
        assert_int_equal(c->max_file_bytes, ok[i].bytes);
        ssot_config_free(c);
    }
    static const char *const bad[] = {"0", "-5", "1.5", "\"0MB\"", "\"8 parsecs\"", "\"MB\"",
                                      "\"8MB extra\"", "true"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char text[128];
        snprintf(text, sizeof(text), "max-file-size = %s\n", bad[i]);
        expect_error(".ssot.toml", text,
                     ".ssot.toml:1:17: `max-file-size` must be a positive number of bytes or a "
                     "size such as \"8MB\" or \"512KB\"");
    }
}

/* ---- globs, patterns, rule codes ---- */

static void config_invalid_glob_names_key_and_offset(void **state)
{
    (void)state;
    expect_ssot_error("exclude = [\"ok/**\", \"[a\"]\n",
                      "pyproject.toml:2:21: invalid glob `[a` in `exclude`: missing terminating "
                      "] for character class at offset 2");
    expect_error("pyproject.toml", "[tool.ssot.per-file-ignores]\n\"src/[x\" = [\"PH\"]\n",
                 "pyproject.toml:2:1: invalid glob `src/[x` in `per-file-ignores`: missing "
                 "terminating ] for character class at offset 6");
    expect_ssot_error("test-files = [\"\"]\n",
                      "pyproject.toml:2:15: invalid glob `` in `test-files`: empty pattern at "
                      "offset 0");
    expect_ssot_error("contracts.e = { values = [\"v\"], scope = \"t/[\" }\n",
                      "pyproject.toml:2:41: invalid glob `t/[` in `contracts.e.scope`: missing "
                      "terminating ] for character class at offset 3");
}

static void config_invalid_regex_names_pcre2_message_and_offset(void **state)
{
    (void)state;
    expect_ssot_error("assert-functions = [\"check_*\", \"re:(verify\"]\n",
                      "pyproject.toml:2:32: invalid regular expression `(verify` in "
                      "`assert-functions`: missing closing parenthesis at offset 7");
    expect_ssot_error("allowed-doubles = [\"re:a{2,1}\"]\n",
                      "pyproject.toml:2:20: invalid regular expression `a{2,1}` in "
                      "`allowed-doubles`: numbers out of order in {} quantifier at offset 5");
    expect_error("pyproject.toml",
                 "[[tool.ssot.custom]]\ncode = \"SS910\"\nname = \"x\"\nmessage = \"m\"\n"
                 "pattern = \"time\\\\.sleep(\"\n",
                 "pyproject.toml:5:11: invalid regular expression `time\\.sleep(` in "
                 "`custom.pattern`: missing closing parenthesis at offset 12");
}

static void config_rule_codes_are_checked_against_the_registry(void **state)
{
    (void)state;
    /* families (even without rules yet), prefixes, codes, names, ALL */
    ssot_config *c = load_ok(".ssot.toml", "select = [\"ALL\", \"PH\", \"PH00\", \"PH0\", \"MO\", "
                                           "\"SG\", \"DD\", \"SS\", \"E\", \"E00\", \"PH001\", "
                                           "\"empty-test\"]\n");
    assert_int_equal(c->select.count, 12);
    ssot_config_free(c);
    expect_ssot_error("select = [\"PH\", \"PH999\"]\n",
                      "pyproject.toml:2:17: unknown rule code `PH999` in `select`; did you mean "
                      "`PH009`?");
    expect_ssot_error("ignore = [\"emtpy-test\"]\n",
                      "pyproject.toml:2:11: unknown rule name `emtpy-test` in `ignore`; did you "
                      "mean `empty-test`?");
    expect_ssot_error("extend-select = [\"XY123\"]\n",
                      "pyproject.toml:2:18: unknown rule code `XY123` in `extend-select`");
    expect_ssot_error("select = [\"P\"]\n",
                      "pyproject.toml:2:11: unknown rule code `P` in `select`; did you mean "
                      "`PH`?");
    expect_ssot_error("select = [\"MO999\"]\n",
                      "pyproject.toml:2:11: unknown rule code `MO999` in `select`");
    expect_ssot_error("select = [\"ph001\"]\n",
                      "pyproject.toml:2:11: unknown rule code `ph001` in `select`; did you mean "
                      "`PH001`?");
    expect_error("pyproject.toml", "[tool.ssot.per-file-ignores]\n\"scripts/**\" = [\"SG9\"]\n",
                 "pyproject.toml:2:17: unknown rule code `SG9` in "
                 "`per-file-ignores.\"scripts/**\"`; did you mean `SG`?");
}

static void config_custom_codes_may_be_selected(void **state)
{
    (void)state;
    ssot_config *c = load_ok(".ssot.toml", "select = [\"SS910\", \"SS91\"]\n"
                                           "ignore = [\"no-sleep\"]\n"
                                           "[[custom]]\ncode = \"SS910\"\nname = \"no-sleep\"\n"
                                           "pattern = \"sleep\"\nmessage = \"m\"\n");
    assert_strlist(&c->select, LIST("SS910", "SS91"));
    ssot_config_free(c);
    expect_error(".ssot.toml", "select = [\"SS911\"]\n[[custom]]\ncode = \"SS910\"\n"
                               "name = \"no-sleep\"\npattern = \"sleep\"\nmessage = \"m\"\n",
                 ".ssot.toml:1:11: unknown rule code `SS911` in `select`; did you mean `SS910`?");
}

static void config_custom_rules_are_validated(void **state)
{
    (void)state;
    static const char head[] = "[[tool.ssot.custom]]\n";
    char text[512];
#define CUSTOM(body) (snprintf(text, sizeof(text), "%s%s", head, body), text)
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS900\"\nname = \"x\"\npattern = \"x\"\nmessage = \"m\"\n"),
                 "pyproject.toml:2:8: custom rule code `SS900` must match SS9[1-9][0-9] (SS910 to "
                 "SS999)");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS9100\"\nname = \"x\"\npattern = \"x\"\nmessage = \"m\"\n"),
                 "pyproject.toml:2:8: custom rule code `SS9100` must match SS9[1-9][0-9] (SS910 "
                 "to SS999)");
    expect_error("pyproject.toml",
                 CUSTOM("code = 910\nname = \"x\"\npattern = \"x\"\nmessage = \"m\"\n"),
                 "pyproject.toml:2:8: `custom.code` must be a string");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"NoSleep\"\npattern = \"x\"\nmessage = \"m\"\n"),
                 "pyproject.toml:3:8: custom rule name `NoSleep` must be kebab-case, like "
                 "`no-sleep-in-tests`");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"no--sleep\"\npattern = \"x\"\nmessage = "
                        "\"m\"\n"),
                 "pyproject.toml:3:8: custom rule name `no--sleep` must be kebab-case, like "
                 "`no-sleep-in-tests`");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"empty-test\"\npattern = \"x\"\nmessage = "
                        "\"m\"\n"),
                 "pyproject.toml:3:8: custom rule name `empty-test` is already the name of PH001");
    expect_error("pyproject.toml", CUSTOM("code = \"SS910\"\nname = \"x\"\nmessage = \"m\"\n"),
                 "pyproject.toml:1:1: [[tool.ssot.custom]] is missing `pattern`");
    expect_error("pyproject.toml", CUSTOM("code = \"SS910\"\nname = \"x\"\npattern = \"p\"\n"),
                 "pyproject.toml:1:1: [[tool.ssot.custom]] is missing `message`");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"x\"\npattern = \"x\"\nmessage = \"\"\n"),
                 "pyproject.toml:5:11: `custom.message` must not be empty");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"x\"\npattern = \"x\"\nmessage = \"m\"\n"
                        "severity = \"fatal\"\n"),
                 "pyproject.toml:6:12: `custom.severity` must be one of \"error\", \"warning\", "
                 "\"info\"");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"x\"\npattern = \"x\"\nmessage = \"m\"\n"
                        "multiline = \"yes\"\n"),
                 "pyproject.toml:6:13: `custom.multiline` must be true or false");
    expect_error("pyproject.toml",
                 CUSTOM("code = \"SS910\"\nname = \"x\"\npattern = \"x\"\nmessage = \"m\"\n"
                        "files = \"tests/**\"\n"),
                 "pyproject.toml:6:9: `custom.files` must be a list of strings");
#undef CUSTOM
    expect_error("pyproject.toml",
                 "[[tool.ssot.custom]]\ncode = \"SS910\"\nname = \"a\"\npattern = \"x\"\n"
                 "message = \"m\"\n"
                 "[[tool.ssot.custom]]\ncode = \"SS910\"\nname = \"b\"\npattern = \"x\"\n"
                 "message = \"m\"\n",
                 "pyproject.toml:7:8: custom rule code `SS910` is already used at line 2");
    expect_error("pyproject.toml",
                 "[[tool.ssot.custom]]\ncode = \"SS910\"\nname = \"a\"\npattern = \"x\"\n"
                 "message = \"m\"\n"
                 "[[tool.ssot.custom]]\ncode = \"SS911\"\nname = \"a\"\npattern = \"x\"\n"
                 "message = \"m\"\n",
                 "pyproject.toml:8:8: custom rule name `a` is already used at line 2");
}

/* ---- matchers ---- */

static void config_matchers_take_names_globs_and_regexes(void **state)
{
    (void)state;
    ssot_config *c = load_ok(".ssot.toml",
                             "assert-functions = [\"check_response\", \"verify_*\", "
                             "\"re:^(expect|ensure)_\", \"helpers.assert_ok\"]\n"
                             "allowed-doubles = [\"stripe.*\"]\n");
    const ssot_matcher_list *a = &c->assert_functions;
    assert_true(ssot_matcher_list_match(a, "check_response"));
    assert_true(ssot_matcher_list_match(a, "self.check_response")); /* last segment */
    assert_false(ssot_matcher_list_match(a, "check_responses"));
    assert_true(ssot_matcher_list_match(a, "verify_user"));
    assert_true(ssot_matcher_list_match(a, "client.verify_user"));
    assert_false(ssot_matcher_list_match(a, "do_verify_user"));
    assert_true(ssot_matcher_list_match(a, "expect_ok"));
    assert_true(ssot_matcher_list_match(a, "pkg.ensure_ready")); /* ^ on the last segment */
    assert_false(ssot_matcher_list_match(a, "pkg.reexpect_ok"));
    assert_true(ssot_matcher_list_match(a, "helpers.assert_ok"));
    assert_false(ssot_matcher_list_match(a, "other.assert_ok"));
    assert_false(ssot_matcher_list_match(a, "assert_ok"));
    const ssot_matcher_list *d = &c->allowed_doubles;
    assert_true(ssot_matcher_list_match(d, "stripe.Customer"));
    assert_true(ssot_matcher_list_match(d, "stripe.Customer.create"));
    assert_false(ssot_matcher_list_match(d, "stripe"));
    assert_false(ssot_matcher_list_match(d, "boto3.client"));
    assert_false(ssot_matcher_list_match(NULL, "x"));
    assert_false(ssot_matcher_list_match(a, NULL));
    ssot_config_free(c);
}

static bool regex_finds(void *regex, const char *subject)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc = pcre2_match(regex, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

static void config_custom_multiline_matches_at_line_starts(void **state)
{
    (void)state;
    ssot_config *c = load_ok(".ssot.toml", "[[custom]]\ncode = \"SS950\"\nname = \"m\"\n"
                                           "pattern = \"^x\"\nmessage = \"m\"\nmultiline = true\n"
                                           "[[custom]]\ncode = \"SS951\"\nname = \"s\"\n"
                                           "pattern = \"^x\"\nmessage = \"m\"\n"
                                           "[[custom]]\ncode = \"SS952\"\nname = \"u\"\n"
                                           "pattern = \"caf\u00e9.\"\nmessage = \"m\"\n");
    assert_true(regex_finds(c->custom[0].regex, "a = 1\nx = 2\n"));
    assert_false(regex_finds(c->custom[1].regex, "a = 1\nx = 2\n"));
    assert_true(regex_finds(c->custom[1].regex, "x = 2"));
    /* UTF mode: `.` is one character, not one byte */
    assert_true(regex_finds(c->custom[2].regex, "caf\xC3\xA9\xC3\xA9"));
    assert_int_equal(c->custom[0].file_count, 0);
    ssot_config_free(c);
}

/* ---- pytest settings ---- */

static void config_pytest_ini_with_continuation_lines(void **state)
{
    (void)state;
    put("pytest.ini", "# pytest settings\n"
                      "[pytest]\n"
                      "python_files =\n"
                      "    test_*.py\n"
                      "    check_*.py\n"
                      "python_classes = Test Suite\n"
                      "python_functions = test_* it_*\n"
                      "testpaths = tests\n"
                      "    integration\n"
                      "norecursedirs = .git build \"my dir\"\n"
                      "addopts = -ra\n"
                      "[other]\n"
                      "python_files = nope.py\n");
    ssot_config *c = load_ok(".ssot.toml", "");
    assert_string_equal(c->pytest.path, "pytest.ini");
    assert_strlist(&c->pytest.python_files, LIST("test_*.py", "check_*.py"));
    assert_strlist(&c->pytest.python_classes, LIST("Test", "Suite"));
    assert_strlist(&c->pytest.python_functions, LIST("test_*", "it_*"));
    assert_strlist(&c->pytest.testpaths, LIST("tests", "integration"));
    assert_strlist(&c->pytest.norecursedirs, LIST(".git", "build", "my dir"));
    /* the default test-files follow python_files */
    assert_false(c->has_test_files);
    assert_globs(c->test_files, c->test_file_count,
                 LIST("test_*.py", "check_*.py", "conftest.py", "test", "tests"));
    ssot_config_free(c);
}

static void config_pytest_ini_colon_crlf_bom_and_indented_keys(void **state)
{
    (void)state;
    put("pytest.ini", "\xEF\xBB\xBF[pytest]\r\n"
                      "  python_files: a_*.py\r\n"
                      "      b_*.py\r\n"
                      "python_classes = Spec  ; an inline comment\r\n");
    ssot_config *c = load_ok(".ssot.toml", "");
    assert_strlist(&c->pytest.python_files, LIST("a_*.py", "b_*.py"));
    assert_strlist(&c->pytest.python_classes, LIST("Spec"));
    ssot_config_free(c);
}

static void config_pytest_ini_wins_even_when_empty(void **state)
{
    (void)state;
    put("pytest.ini", "");
    put("pyproject.toml", "[tool.pytest.ini_options]\npython_files = [\"x_*.py\"]\n");
    put("tox.ini", "[pytest]\npython_files = y_*.py\n");
    ssot_config *c = load_ok(".ssot.toml", "");
    assert_string_equal(c->pytest.path, "pytest.ini");
    assert_strlist(&c->pytest.python_files, LIST("test_*.py", "*_test.py"));
    ssot_config_free(c);
}

static void config_pytest_pyproject_ini_options_string_or_list(void **state)
{
    (void)state;
    put("tox.ini", "[pytest]\npython_files = y_*.py\n");
    ssot_config *c = load_ok("pyproject.toml", "[tool.pytest.ini_options]\n"
                                               "python_files = \"check_*.py  test_*.py\"\n"
                                               "python_classes = [\"Test\", \"Describe\"]\n"
                                               "minversion = \"6.0\"\n"
                                               "[tool.ssot]\n");
    assert_string_equal(c->pytest.path, "pyproject.toml");
    assert_strlist(&c->pytest.python_files, LIST("check_*.py", "test_*.py"));
    assert_strlist(&c->pytest.python_classes, LIST("Test", "Describe"));
    assert_strlist(&c->pytest.python_functions, LIST("test"));
    ssot_config_free(c);
    expect_error("pyproject.toml", "[tool.pytest.ini_options]\npython_files = 3\n[tool.ssot]\n",
                 "pyproject.toml:2:16: `tool.pytest.ini_options.python_files` must be a string or "
                 "a list of strings");
    expect_error("pyproject.toml",
                 "[tool.pytest.ini_options]\ntestpaths = [\"a\", 1]\n[tool.ssot]\n",
                 "pyproject.toml:2:19: `tool.pytest.ini_options.testpaths` must be a string or a "
                 "list of strings");
}

static void config_pytest_tox_ini_and_setup_cfg_need_their_section(void **state)
{
    (void)state;
    put("tox.ini", "[tox]\nenvlist = py311\n[testenv]\ncommands =\n    pytest\n\n    coverage\n");
    put("setup.cfg", "[metadata]\nname = demo\n[tool:pytest]\npython_functions = should_*\n");
    ssot_config *c = load_ok(".ssot.toml", "");
    assert_string_equal(c->pytest.path, "setup.cfg");
    assert_strlist(&c->pytest.python_functions, LIST("should_*"));
    ssot_config_free(c);
    /* an empty [pytest] section in tox.ini still counts */
    put("tox.ini", "[tox]\nenvlist = py311\n[pytest]\n");
    c = load_ok(".ssot.toml", "");
    assert_string_equal(c->pytest.path, "tox.ini");
    assert_strlist(&c->pytest.python_functions, LIST("test"));
    ssot_config_free(c);
}

static void config_pytest_settings_are_found_upward(void **state)
{
    (void)state;
    put("setup.cfg", "[tool:pytest]\npython_files = spec_*.py\n");
    put("proj/sub/.ssot.toml", "");
    ssot_config *c = load_ok("proj/sub/.ssot.toml", "");
    assert_string_equal(c->pytest.path, "setup.cfg");
    assert_strlist(&c->pytest.python_files, LIST("spec_*.py"));
    ssot_config_free(c);
    /* the closest folder wins over the order of file names */
    put("proj/tox.ini", "[pytest]\npython_files = near_*.py\n");
    c = load_ok("proj/sub/.ssot.toml", "");
    assert_string_equal(c->pytest.path, "proj/tox.ini");
    ssot_config_free(c);
}

static void config_pytest_ini_errors_are_reported(void **state)
{
    (void)state;
    put("pytest.ini", "[pytest]\npython_files = a.py\nthis line has no equals sign\n");
    expect_error(".ssot.toml", "",
                 "pytest.ini:3:1: INI syntax error: expected `[section]`, `name = value` or a "
                 "comment");
    put("pytest.ini", "[pytest]\npython_files = a.py\n\n  \npython_files = b.py\n");
    expect_error(".ssot.toml", "", "pytest.ini:5:1: duplicate key `python_files` in [pytest]");
    put("pytest.ini", "[pytest]\n");
    put("pyproject.toml", "[tool.ssot\n");
    expect_error("pyproject.toml", "[tool.ssot\n",
                 "pyproject.toml:1:1: TOML syntax error: cannot parse `[tool.ssot`");
}

static void config_pytest_long_ini_lines_are_read_whole(void **state)
{
    (void)state;
    char text[2048] = "[pytest]\npython_files =";
    for (int i = 0; i < 40; i++) {
        char item[32];
        snprintf(item, sizeof(item), " check%02d_*.py", i);
        strcat(text, item);
    }
    strcat(text, "\n# a comment that is also much longer than two hundred bytes: ");
    for (int i = 0; i < 30; i++)
        strcat(text, "blah blah ");
    strcat(text, "\npython_classes = Long\n");
    put("pytest.ini", text);
    ssot_config *c = load_ok(".ssot.toml", "");
    assert_int_equal(c->pytest.python_files.count, 40);
    assert_string_equal(c->pytest.python_files.items[0], "check00_*.py");
    assert_string_equal(c->pytest.python_files.items[39], "check39_*.py");
    assert_strlist(&c->pytest.python_classes, LIST("Long"));
    ssot_config_free(c);
}

/* ---- the closest configuration upward ---- */

static const ssot_config *for_dir(ssot_config_set *set, const char *dir)
{
    char err[1024] = "";
    const ssot_config *c = ssot_config_for_dir(set, dir, err, sizeof(err));
    if (!c)
        fail_msg("no configuration for %s: %s", dir, err);
    return c;
}

static void config_set_finds_the_closest_file_upward(void **state)
{
    (void)state;
    put("pyproject.toml", "[tool.ssot]\nselect = [\"PH\"]\n");
    put("a/x/y/keep", "");
    put("b/ssot.toml", "fail-on = \"error\"\n");
    put("b/.ssot.toml", "fail-on = \"info\"\n");
    put("b/pyproject.toml", "[tool.ssot]\nfail-on = \"warning\"\n");
    put("c/pyproject.toml", "[project]\nname = \"c\"\n");
    put("d/ssot.toml", "fail-on = \"error\"\n");
    put("d/pyproject.toml", "[tool.ssot]\nfail-on = \"info\"\n");
    ssot_config_set *set = ssot_config_set_new();

    const ssot_config *top = for_dir(set, ".");
    assert_string_equal(top->path, "pyproject.toml");
    assert_true(top->has_select);
    /* folders below without a file share it, loaded once */
    assert_ptr_equal(for_dir(set, "a/x/y"), top);
    assert_ptr_equal(for_dir(set, "a"), top);
    assert_ptr_equal(for_dir(set, "./a/x/../x"), top);
    /* a pyproject.toml without [tool.ssot] is skipped */
    assert_ptr_equal(for_dir(set, "c"), top);
    /* within a folder: .ssot.toml, then ssot.toml, then pyproject.toml */
    const ssot_config *b = for_dir(set, "b");
    assert_string_equal(b->path, "b/.ssot.toml");
    assert_int_equal(b->fail_on, SSOT_SEVERITY_INFO);
    const ssot_config *d = for_dir(set, "d");
    assert_string_equal(d->path, "d/ssot.toml");
    assert_int_equal(d->fail_on, SSOT_SEVERITY_ERROR);
    /* the same folder, asked by an absolute path */
    char abs[PATH_MAX];
    assert_non_null(getcwd(abs, sizeof(abs)));
    strcat(abs, "/b");
    assert_ptr_equal(for_dir(set, abs), b);
    ssot_config_set_free(set);
}

static void config_set_defaults_when_no_file_up_to_the_root(void **state)
{
    (void)state;
    put("src/keep", "");
    put("tests/pytest.ini", "[pytest]\npython_files = t_*.py\n");
    ssot_config_set *set = ssot_config_set_new();
    const ssot_config *c = for_dir(set, "src");
    assert_null(c->path);
    assert_null(c->root);
    assert_null(c->pytest.path);
    assert_int_equal(c->fail_on, SSOT_SEVERITY_WARNING);
    assert_ptr_equal(for_dir(set, "."), c);
    /* the defaults still use the pytest settings found from the folder upward */
    const ssot_config *t = for_dir(set, "tests");
    assert_null(t->path);
    assert_string_equal(t->pytest.path, "tests/pytest.ini");
    assert_strlist(&t->pytest.python_files, LIST("t_*.py"));
    assert_globs(t->test_files, t->test_file_count,
                 LIST("t_*.py", "conftest.py", "test", "tests"));
    assert_ptr_not_equal(t, c);
    /* the filesystem root itself: nothing there, so the defaults */
    const ssot_config *r = for_dir(set, "/");
    assert_null(r->path);
    ssot_config_set_free(set);
}

static void config_set_reports_malformed_files(void **state)
{
    (void)state;
    put("ok/keep", "");
    put("bad/.ssot.toml", "select = [\"PH\"\n");
    put("badpy/pyproject.toml", "[project\n");
    ssot_config_set *set = ssot_config_set_new();
    char err[1024] = "";
    assert_null(ssot_config_for_dir(set, "bad", err, sizeof(err)));
    assert_string_equal(err, "bad/.ssot.toml:1:1: TOML syntax error: cannot parse `select = "
                             "[\"PH\"`");
    /* Ruff's rule: a pyproject.toml that does not parse is an error, [tool.ssot] or not */
    assert_null(ssot_config_for_dir(set, "badpy", err, sizeof(err)));
    assert_string_equal(err, "badpy/pyproject.toml:1:1: TOML syntax error: cannot parse "
                             "`[project`");
    assert_non_null(ssot_config_for_dir(set, "ok", err, sizeof(err)));
    ssot_config_set_free(set);
}

/* A monorepo's 37 KB pyproject.toml with no [tool.ssot] but pytest settings, above many
 * folders: parsed once for the whole run, not once per folder (it was the largest cost of
 * a warm run on such a tree). */
static void config_set_parses_a_large_pyproject_once(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    fputs("[project]\nname = \"mono\"\ndependencies = [\n", out);
    for (int i = 0; i < 1150; i++)
        fprintf(out, "    \"package-%04d >= %d.%d, < %d.0\",\n", i, i % 7, i % 13, i % 7 + 1);
    fputs("]\n[tool.pytest.ini_options]\npython_files = [\"check_*.py\"]\n", out);
    fclose(out);
    assert_true(len > 36000);
    put("pyproject.toml", text);
    free(text);
    ssot_config_set *set = ssot_config_set_new();
    char dir[64];
    for (int i = 0; i < 20; i++) {
        char keep[96];
        snprintf(keep, sizeof(keep), "pkg%d/sub/deeper/keep", i);
        put(keep, "");
        snprintf(dir, sizeof(dir), "pkg%d/sub/deeper", i);
        const ssot_config *c = for_dir(set, dir);
        assert_string_equal(c->pytest.path, "pyproject.toml");
        assert_strlist(&c->pytest.python_files, LIST("check_*.py"));
        snprintf(dir, sizeof(dir), "pkg%d", i);
        assert_ptr_equal(for_dir(set, dir), c);
    }
    assert_int_equal(ssot_config_set_parses(set), 1);
    /* a folder with a configuration of its own: its file serves both the [tool.ssot] table
       and the pytest settings, parsed once too */
    put("svc/pyproject.toml", "[tool.ssot]\nfail-on = \"info\"\n"
                              "[tool.pytest.ini_options]\npython_files = \"t_*.py\"\n");
    const ssot_config *svc = for_dir(set, "svc");
    assert_string_equal(svc->path, "svc/pyproject.toml");
    assert_strlist(&svc->pytest.python_files, LIST("t_*.py"));
    assert_int_equal(ssot_config_set_parses(set), 2);
    ssot_config_set_free(set);
}

static void config_set_override_applies_everywhere(void **state)
{
    (void)state;
    put("pyproject.toml", "[tool.ssot]\nfail-on = \"info\"\n");
    ssot_config_set *set = ssot_config_set_new();
    ssot_config *isolated = ssot_config_defaults();
    ssot_config_set_override(set, isolated);
    assert_ptr_equal(for_dir(set, "."), isolated);
    assert_ptr_equal(for_dir(set, "/"), isolated);
    ssot_config_set_override(set, ssot_config_defaults()); /* replaces and frees the old one */
    assert_ptr_not_equal(for_dir(set, "."), NULL);
    ssot_config_set_free(set);
    ssot_config_set_free(NULL);
}

/* ---- printing ---- */

static char *write_config(const ssot_config *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    assert_int_equal(ssot_config_write(out, c), 0);
    fclose(out);
    return buf;
}

static void config_write_prints_every_key_with_defaults(void **state)
{
    (void)state;
    ssot_config *c = ssot_config_defaults();
    char *text = write_config(c);
    static const char *const expected[] = {
        "# ssot configuration: built-in defaults (no configuration file)\n",
        "# pytest settings: pytest's defaults (no pytest configuration file)\n",
        "#   python_files = test_*.py *_test.py\n",
        "#   norecursedirs = *.egg .* _darcs build CVS dist node_modules venv {arch}\n",
        "\nselect = [\"E\", \"PH\", \"MO\", \"SG\", \"DD\", \"SS\"]  # default: every rule that "
        "is neither opt-in nor preview\n",
        "extend-select = []\nignore = []\npreview = false\nfail-on = \"warning\"  # default\n",
        "exclude = [\".git\", \".hg\",",
        "test-files = [\"test_*.py\", \"*_test.py\", \"conftest.py\", \"test\", \"tests\"]  # "
        "default: pytest's python_files, conftest.py, test/, tests/\n",
        "real-services = []  # default: none\nreal-service-markers = []\n",
        "assert-functions = []\nallowed-doubles = []\nrequired-test-base = []\n"
        "max-file-size = 8388608\n",
        "\n[per-file-ignores]\n\n[canonical]\n\n[placeholder]\nsmoke-markers = []\n",
        "\n[singletons]\nallow = []\nreport = \"request-scoped\"  # default\n",
        "\n[duplicates]\nmin-nodes = 40\nmin-lines = 5\nignore-names = []\n",
    };
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        if (!strstr(text, expected[i]))
            fail_msg("missing from the printout: %s\n---\n%s", expected[i], text);
    free(text);
    ssot_config_free(c);
}

static void config_write_round_trips_through_the_loader(void **state)
{
    (void)state;
    ssot_config *c = load_ok("pyproject.toml", full_pyproject);
    char *text = write_config(c);
    assert_non_null(strstr(text, "# ssot configuration: pyproject.toml [tool.ssot] (globs are "
                                 "relative to "));
    assert_non_null(strstr(text, "[[custom]]\ncode = \"SS910\"\nname = \"no-sleep-in-tests\"\n"
                                 "pattern = \"time\\\\.sleep\\\\(\"\nfiles = [\"tests/**\"]\n"
                                 "message = \"tests must not sleep; wait on a condition\"\n"
                                 "severity = \"warning\"\nmultiline = false\n"));
    assert_non_null(strstr(text, "[per-file-ignores]\n\"scripts/**\" = [\"PH003\", \"PH\"]\n"));
    assert_non_null(strstr(text, "[contracts.websocket-events]\nvalues = [\"agent_started\", "
                                 "\"agent_thinking\", \"tool_executing\"]\n"
                                 "scope = [\"tests/mission_critical/**\"]\n"));
    put("copy/.ssot.toml", text);
    ssot_config *d = load_ok("copy/.ssot.toml", text);
    assert_strlist(&d->select, LIST("PH", "MO", "SG", "DD", "SS"));
    assert_int_equal(d->fail_on, SSOT_SEVERITY_ERROR);
    assert_int_equal(d->max_file_bytes, 2u << 20);
    assert_int_equal(d->custom_count, 2);
    assert_string_equal(d->custom[0].pattern, "time\\.sleep\\(");
    assert_string_equal(d->custom[1].pattern, "^print\\(");
    assert_true(d->custom[1].multiline);
    assert_int_equal(d->contract_count, 2);
    assert_int_equal(d->per_file_ignore_count, 2);
    assert_int_equal(d->dup_min_nodes, 60);
    assert_int_equal(d->assert_functions.count, 3);
    assert_strlist(&d->diff_fail_on, LIST("assertion-removed", "test-skipped"));
    char *again = write_config(d);
    /* identical apart from the first comment line (the file name) */
    assert_string_equal(strchr(again, '\n'), strchr(text, '\n'));
    free(again);
    free(text);
    ssot_config_free(d);
    ssot_config_free(c);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(config_defaults_match_documentation),
        T(config_loads_every_key_from_pyproject),
        T(config_loads_top_level_keys_from_ssot_toml),
        T(config_accepts_inline_and_dotted_forms),
        T(config_pyproject_without_tool_ssot_is_not_a_config),
        T(config_broken_pyproject_is_an_error_even_without_tool_ssot),
        T(config_unreadable_file_is_an_io_error),
        T(config_unknown_key_suggests_the_closest),
        T(config_wrong_types_are_errors),
        T(config_max_file_size_takes_bytes_or_units),
        T(config_invalid_glob_names_key_and_offset),
        T(config_invalid_regex_names_pcre2_message_and_offset),
        T(config_rule_codes_are_checked_against_the_registry),
        T(config_custom_codes_may_be_selected),
        T(config_custom_rules_are_validated),
        T(config_matchers_take_names_globs_and_regexes),
        T(config_custom_multiline_matches_at_line_starts),
        T(config_pytest_ini_with_continuation_lines),
        T(config_pytest_ini_colon_crlf_bom_and_indented_keys),
        T(config_pytest_ini_wins_even_when_empty),
        T(config_pytest_pyproject_ini_options_string_or_list),
        T(config_pytest_tox_ini_and_setup_cfg_need_their_section),
        T(config_pytest_settings_are_found_upward),
        T(config_pytest_ini_errors_are_reported),
        T(config_pytest_long_ini_lines_are_read_whole),
        T(config_set_finds_the_closest_file_upward),
        T(config_set_defaults_when_no_file_up_to_the_root),
        T(config_set_reports_malformed_files),
        T(config_set_parses_a_large_pyproject_once),
        T(config_set_override_applies_everywhere),
        T(config_write_prints_every_key_with_defaults),
        T(config_write_round_trips_through_the_loader),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
