/* tests/test_options.c - command-line parsing and rule selection (analyzer/cli/options.c).
 * Every test parses at least once; parse must work again and again in one process. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "analyzer/cli/options.h"
#include "rules/rule.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef struct parsed {
    ssot_options o;
    ssot_status st;
    char err[512];
} parsed;

static void parse(parsed *p, int argc, char **argv)
{
    memset(p->err, 'x', sizeof(p->err) - 1); /* stale text must not survive */
    p->err[sizeof(p->err) - 1] = '\0';
    p->st = ssot_options_parse(argc, argv, &p->o, p->err, sizeof(p->err));
}

/* The argument count and vector of `ssot` followed by the arguments given. */
#define ARGV(...) ARGC(((char *[]){"ssot", __VA_ARGS__})), ((char *[]){"ssot", __VA_ARGS__})

static void parse_ok(parsed *p, int argc, char **argv)
{
    parse(p, argc, argv);
    assert_int_equal(p->st, SSOT_OK);
}

/* Parse, expecting a usage error whose message contains `needle`. */
static void expect_usage_error(const char *needle, int argc, char **argv)
{
    parsed p;
    parse(&p, argc, argv);
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, needle));
    ssot_options_fini(&p.o);
}

/* Parse, expecting the help command on `topic`. */
static void expect_help_on(const char *topic, int argc, char **argv)
{
    parsed p;
    parse_ok(&p, argc, argv);
    assert_int_equal(p.o.command, SSOT_CMD_HELP);
    assert_non_null(p.o.help_topic);
    assert_string_equal(p.o.help_topic, topic);
    ssot_options_fini(&p.o);
}

/* A command line parsed (successfully: parsing keeps unknown selectors, the selection
 * rejects them) and the rule selection made from it, as a table of enabled rules. */
typedef struct selection {
    parsed p;
    ssot_status st;
    char err[256];
    bool *enabled;
} selection;

static void select_rules(selection *s, int argc, char **argv)
{
    parse_ok(&s->p, argc, argv);
    size_t n;
    ssot_rules(&n);
    s->enabled = calloc(n, sizeof(*s->enabled));
    assert_non_null(s->enabled);
    s->err[0] = '\0';
    s->st = ssot_options_select(&s->p.o, s->enabled, s->err, sizeof(s->err));
}

static void selection_fini(selection *s)
{
    free(s->enabled);
    ssot_options_fini(&s->p.o);
}

static bool on(const bool *enabled, const char *code)
{
    const ssot_rule *r = ssot_rule_find(code);
    assert_non_null(r);
    return enabled[ssot_rule_index(r)];
}

static size_t count_on(const bool *enabled)
{
    size_t n, c = 0;
    ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        c += enabled[i];
    return c;
}

/* ---- commands ---- */

static void parse_without_command_is_help(void **state)
{
    (void)state;
    parsed p;
    char *argv[] = {"ssot"};
    parse(&p, 1, argv);
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_HELP);
    assert_null(p.o.help_topic);
    ssot_options_fini(&p.o);
}

static void parse_version_flag_is_version_command(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("--version"));
    assert_int_equal(p.o.command, SSOT_CMD_VERSION);
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("-V"));
    assert_int_equal(p.o.command, SSOT_CMD_VERSION);
    ssot_options_fini(&p.o);
}

static void parse_unknown_command_is_usage_error_naming_it(void **state)
{
    (void)state;
    expect_usage_error("chek", ARGV("chek", "."));
}

/* ---- check ---- */

static void parse_check_defaults(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check"));
    assert_int_equal(p.o.command, SSOT_CMD_CHECK);
    assert_int_equal(p.o.path_count, 0);
    assert_string_equal(p.o.format, "text");
    assert_int_equal(p.o.fail_on, SSOT_SEVERITY_WARNING);
    assert_false(p.o.exit_zero);
    assert_false(p.o.quiet);
    assert_int_equal(p.o.threads, 0);
    assert_int_equal(p.o.select_count, 0);
    assert_int_equal(p.o.ignore_count, 0);
    assert_string_equal(p.err, "");
    ssot_options_fini(&p.o);
}

static void parse_check_collects_paths_in_order(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "src", "tests/test_a.py", "lib"));
    assert_int_equal(p.o.command, SSOT_CMD_CHECK);
    assert_int_equal(p.o.path_count, 3);
    assert_string_equal(p.o.paths[0], "src");
    assert_string_equal(p.o.paths[1], "tests/test_a.py");
    assert_string_equal(p.o.paths[2], "lib");
    ssot_options_fini(&p.o);
}

static void parse_check_paths_after_options(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "-q", "--exit-zero", "src"));
    assert_true(p.o.quiet);
    assert_true(p.o.exit_zero);
    assert_int_equal(p.o.path_count, 1);
    assert_string_equal(p.o.paths[0], "src");
    ssot_options_fini(&p.o);
}

static void parse_check_output_format_json(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "--output-format", "json", "."));
    assert_string_equal(p.o.format, "json");
    assert_int_equal(p.o.path_count, 1);
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("check", "--output-format=json"));
    assert_string_equal(p.o.format, "json");
    ssot_options_fini(&p.o);
}

static void parse_check_invalid_output_format_is_usage_error(void **state)
{
    (void)state;
    parsed p;
    parse(&p, ARGV("check", "--output-format", "yaml", "."));
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "yaml"));
    assert_non_null(strstr(p.err, "json"));
    ssot_options_fini(&p.o);
}

static void parse_check_option_without_value_is_usage_error(void **state)
{
    (void)state;
    expect_usage_error("--select", ARGV("check", "--select"));
}

static void parse_check_unknown_option_is_usage_error_naming_it(void **state)
{
    (void)state;
    expect_usage_error("--colour", ARGV("check", "--colour", "."));
}

static void parse_check_select_splits_comma_list(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "--select", "PH001,PH002"));
    assert_int_equal(p.o.select_count, 2);
    assert_string_equal(p.o.select[0], "PH001");
    assert_string_equal(p.o.select[1], "PH002");
    ssot_options_fini(&p.o);
}

static void parse_check_repeated_select_accumulates(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "--select", "PH001", "--select", "PH003, PH004,", "--select=PH005"));
    assert_int_equal(p.o.select_count, 4);
    assert_string_equal(p.o.select[0], "PH001");
    assert_string_equal(p.o.select[1], "PH003");
    assert_string_equal(p.o.select[2], "PH004");
    assert_string_equal(p.o.select[3], "PH005");
    ssot_options_fini(&p.o);
}

static void parse_check_fail_on_levels(void **state)
{
    (void)state;
    static const struct {
        const char *arg;
        ssot_severity want;
    } cases[] = {
        {"info", SSOT_SEVERITY_INFO},
        {"warning", SSOT_SEVERITY_WARNING},
        {"error", SSOT_SEVERITY_ERROR},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        parsed p;
        parse(&p, ARGV("check", "--fail-on", (char *)cases[i].arg));
        assert_int_equal(p.st, SSOT_OK);
        assert_int_equal(p.o.fail_on, cases[i].want);
        ssot_options_fini(&p.o);
    }
}

static void parse_check_invalid_fail_on_is_usage_error(void **state)
{
    (void)state;
    expect_usage_error("fatal", ARGV("check", "--fail-on", "fatal"));
}

static void parse_check_exit_zero_and_quiet(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "--exit-zero"));
    assert_true(p.o.exit_zero);
    assert_false(p.o.quiet);
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("check", "-q"));
    assert_true(p.o.quiet);
    assert_false(p.o.exit_zero);
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("check", "--quiet"));
    assert_true(p.o.quiet);
    ssot_options_fini(&p.o);
}

static void parse_check_threads_number(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("check", "--threads", "4"));
    assert_int_equal(p.o.threads, 4);
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("check", "--threads=1024"));
    assert_int_equal(p.o.threads, 1024);
    ssot_options_fini(&p.o);
}

static void parse_check_threads_zero_or_text_is_usage_error(void **state)
{
    (void)state;
    static const char *const bad[] = {"0", "abc", "4x", "-2", "", "1025"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        expect_usage_error("--threads", ARGV("check", "--threads", (char *)bad[i]));
    }
}

static void parse_check_help_is_help_on_check(void **state)
{
    (void)state;
    expect_help_on("check", ARGV("check", "--help"));
    expect_help_on("check", ARGV("check", "-h"));
}

static void parse_can_run_again_after_an_error(void **state)
{
    (void)state;
    parsed p;
    parse(&p, ARGV("check", "--threads", "0", "a"));
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("check", "--threads", "2", "b", "c"));
    assert_int_equal(p.o.threads, 2);
    assert_int_equal(p.o.path_count, 2);
    assert_string_equal(p.o.paths[0], "b");
    ssot_options_fini(&p.o);
    parse_ok(&p, ARGV("check", "z"));
    assert_int_equal(p.o.threads, 0);
    assert_int_equal(p.o.path_count, 1);
    assert_string_equal(p.o.paths[0], "z");
    ssot_options_fini(&p.o);
}

/* ---- rule ---- */

static void parse_rule_by_code(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("rule", "PH001"));
    assert_int_equal(p.o.command, SSOT_CMD_RULE);
    assert_string_equal(p.o.rule, "PH001");
    assert_false(p.o.rule_all);
    ssot_options_fini(&p.o);
}

static void parse_rule_by_name(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("rule", "empty-test"));
    assert_int_equal(p.o.command, SSOT_CMD_RULE);
    assert_string_equal(p.o.rule, "empty-test");
    ssot_options_fini(&p.o);
}

static void parse_rule_all(void **state)
{
    (void)state;
    parsed p;
    parse_ok(&p, ARGV("rule", "--all"));
    assert_int_equal(p.o.command, SSOT_CMD_RULE);
    assert_true(p.o.rule_all);
    assert_null(p.o.rule);
    ssot_options_fini(&p.o);
}

static void parse_rule_unknown_is_usage_error_naming_it(void **state)
{
    (void)state;
    expect_usage_error("PH999", ARGV("rule", "PH999"));
}

static void parse_rule_without_argument_is_usage_error(void **state)
{
    (void)state;
    expect_usage_error("--all", ARGV("rule")); /* says what is missing */
}

static void parse_rule_help_is_help_on_rule(void **state)
{
    (void)state;
    expect_help_on("rule", ARGV("rule", "--help"));
}

/* ---- selection ---- */

static bool by_default(const ssot_rule *r)
{
    return !r->opt_in && !r->preview;
}

static void select_default_enables_every_rule_that_is_not_opt_in(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check"));
    assert_int_equal(s.st, SSOT_OK);
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(s.enabled[i], by_default(rules[i]));
    assert_true(on(s.enabled, "PH001"));
    assert_true(on(s.enabled, "PH011"));
    selection_fini(&s);
}

static void select_codes_enables_exactly_those(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "PH001,PH002"));
    assert_int_equal(s.st, SSOT_OK);
    assert_true(on(s.enabled, "PH001"));
    assert_true(on(s.enabled, "PH002"));
    assert_false(on(s.enabled, "PH003"));
    assert_int_equal(count_on(s.enabled), 2);
    selection_fini(&s);
}

static void select_repeated_option_unites_selections(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "PH001", "--select", "PH009"));
    assert_int_equal(s.st, SSOT_OK);
    assert_true(on(s.enabled, "PH001"));
    assert_true(on(s.enabled, "PH009"));
    assert_int_equal(count_on(s.enabled), 2);
    selection_fini(&s);
}

static void select_ignore_removes_rule_from_default(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--ignore", "PH005"));
    assert_int_equal(s.st, SSOT_OK);
    assert_false(on(s.enabled, "PH005"));
    assert_true(on(s.enabled, "PH004"));
    assert_true(on(s.enabled, "PH006"));
    size_t n, opt_out = 0;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        opt_out += by_default(rules[i]);
    assert_int_equal(count_on(s.enabled), opt_out - 1);
    selection_fini(&s);
}

static void select_ignore_wins_over_select(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "PH", "--ignore", "PH005"));
    assert_int_equal(s.st, SSOT_OK);
    assert_false(on(s.enabled, "PH005"));
    assert_true(on(s.enabled, "PH001"));
    selection_fini(&s);
}

static void select_prefix_enables_family_only(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "PH"));
    assert_int_equal(s.st, SSOT_OK);
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    size_t ph = 0;
    for (size_t i = 0; i < n; i++) {
        bool is_ph = strncmp(rules[i]->code, "PH", 2) == 0;
        assert_int_equal(s.enabled[i], is_ph && by_default(rules[i]));
        ph += is_ph;
    }
    assert_true(ph >= 11);
    selection_fini(&s);
}

static void select_longer_prefix_narrows_family(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "PH01"));
    assert_int_equal(s.st, SSOT_OK);
    assert_true(on(s.enabled, "PH010"));
    assert_true(on(s.enabled, "PH011"));
    assert_false(on(s.enabled, "PH001"));
    assert_int_equal(count_on(s.enabled), 2);
    selection_fini(&s);
}

static void select_rule_name_enables_that_rule(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "empty-test"));
    assert_int_equal(s.st, SSOT_OK);
    assert_true(on(s.enabled, "PH001"));
    assert_int_equal(count_on(s.enabled), 1);
    selection_fini(&s);
}

static void select_unknown_selector_is_usage_error_naming_it(void **state)
{
    (void)state;
    selection s;
    /* parsing keeps it; selection rejects it */
    select_rules(&s, ARGV("check", "--select", "PH001,XY123"));
    assert_int_equal(s.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(s.err, "XY123"));
    selection_fini(&s);
}

static void select_unknown_ignore_selector_is_usage_error(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--ignore", "no-such-rule"));
    assert_int_equal(s.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(s.err, "no-such-rule"));
    selection_fini(&s);
}

static void select_full_code_is_not_a_prefix_of_longer_code(void **state)
{
    (void)state;
    selection s;
    select_rules(&s, ARGV("check", "--select", "PH001"));
    assert_int_equal(s.st, SSOT_OK);
    assert_int_equal(count_on(s.enabled), 1);
    selection_fini(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_without_command_is_help),
        cmocka_unit_test(parse_version_flag_is_version_command),
        cmocka_unit_test(parse_unknown_command_is_usage_error_naming_it),
        cmocka_unit_test(parse_check_defaults),
        cmocka_unit_test(parse_check_collects_paths_in_order),
        cmocka_unit_test(parse_check_paths_after_options),
        cmocka_unit_test(parse_check_output_format_json),
        cmocka_unit_test(parse_check_invalid_output_format_is_usage_error),
        cmocka_unit_test(parse_check_option_without_value_is_usage_error),
        cmocka_unit_test(parse_check_unknown_option_is_usage_error_naming_it),
        cmocka_unit_test(parse_check_select_splits_comma_list),
        cmocka_unit_test(parse_check_repeated_select_accumulates),
        cmocka_unit_test(parse_check_fail_on_levels),
        cmocka_unit_test(parse_check_invalid_fail_on_is_usage_error),
        cmocka_unit_test(parse_check_exit_zero_and_quiet),
        cmocka_unit_test(parse_check_threads_number),
        cmocka_unit_test(parse_check_threads_zero_or_text_is_usage_error),
        cmocka_unit_test(parse_check_help_is_help_on_check),
        cmocka_unit_test(parse_can_run_again_after_an_error),
        cmocka_unit_test(parse_rule_by_code),
        cmocka_unit_test(parse_rule_by_name),
        cmocka_unit_test(parse_rule_all),
        cmocka_unit_test(parse_rule_unknown_is_usage_error_naming_it),
        cmocka_unit_test(parse_rule_without_argument_is_usage_error),
        cmocka_unit_test(parse_rule_help_is_help_on_rule),
        cmocka_unit_test(select_default_enables_every_rule_that_is_not_opt_in),
        cmocka_unit_test(select_codes_enables_exactly_those),
        cmocka_unit_test(select_repeated_option_unites_selections),
        cmocka_unit_test(select_ignore_removes_rule_from_default),
        cmocka_unit_test(select_ignore_wins_over_select),
        cmocka_unit_test(select_prefix_enables_family_only),
        cmocka_unit_test(select_longer_prefix_narrows_family),
        cmocka_unit_test(select_rule_name_enables_that_rule),
        cmocka_unit_test(select_unknown_selector_is_usage_error_naming_it),
        cmocka_unit_test(select_unknown_ignore_selector_is_usage_error),
        cmocka_unit_test(select_full_code_is_not_a_prefix_of_longer_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
