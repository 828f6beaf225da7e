/* tests/test_options.c - command-line parsing and rule selection (analyzer/options.c).
 * Every test parses at least once; parse must work again and again in one process. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "analyzer/options.h"
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

#define PARSE(p, ...)                                                                              \
    do {                                                                                           \
        char *argv_[] = {"ssot", __VA_ARGS__};                                                     \
        parse((p), ARGC(argv_), argv_);                                                            \
    } while (0)

/* Selection as a table of enabled rules; the caller frees it. */
static bool *select_rules(const parsed *p, ssot_status *st, char *err, size_t err_size)
{
    size_t n;
    ssot_rules(&n);
    bool *enabled = calloc(n, sizeof(*enabled));
    assert_non_null(enabled);
    *st = ssot_options_select(&p->o, enabled, err, err_size);
    return enabled;
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
    PARSE(&p, "--version");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_VERSION);
    ssot_options_fini(&p.o);
    PARSE(&p, "-V");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_VERSION);
    ssot_options_fini(&p.o);
}

static void parse_unknown_command_is_usage_error_naming_it(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "chek", ".");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "chek"));
    ssot_options_fini(&p.o);
}

/* ---- check ---- */

static void parse_check_defaults(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check");
    assert_int_equal(p.st, SSOT_OK);
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
    PARSE(&p, "check", "src", "tests/test_a.py", "lib");
    assert_int_equal(p.st, SSOT_OK);
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
    PARSE(&p, "check", "-q", "--exit-zero", "src");
    assert_int_equal(p.st, SSOT_OK);
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
    PARSE(&p, "check", "--output-format", "json", ".");
    assert_int_equal(p.st, SSOT_OK);
    assert_string_equal(p.o.format, "json");
    assert_int_equal(p.o.path_count, 1);
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "--output-format=json");
    assert_int_equal(p.st, SSOT_OK);
    assert_string_equal(p.o.format, "json");
    ssot_options_fini(&p.o);
}

static void parse_check_invalid_output_format_is_usage_error(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--output-format", "yaml", ".");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "yaml"));
    assert_non_null(strstr(p.err, "json"));
    ssot_options_fini(&p.o);
}

static void parse_check_option_without_value_is_usage_error(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "--select"));
    ssot_options_fini(&p.o);
}

static void parse_check_unknown_option_is_usage_error_naming_it(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--colour", ".");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "--colour"));
    ssot_options_fini(&p.o);
}

static void parse_check_select_splits_comma_list(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH001,PH002");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.select_count, 2);
    assert_string_equal(p.o.select[0], "PH001");
    assert_string_equal(p.o.select[1], "PH002");
    ssot_options_fini(&p.o);
}

static void parse_check_repeated_select_accumulates(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH001", "--select", "PH003, PH004,", "--select=PH005");
    assert_int_equal(p.st, SSOT_OK);
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
        PARSE(&p, "check", "--fail-on", (char *)cases[i].arg);
        assert_int_equal(p.st, SSOT_OK);
        assert_int_equal(p.o.fail_on, cases[i].want);
        ssot_options_fini(&p.o);
    }
}

static void parse_check_invalid_fail_on_is_usage_error(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--fail-on", "fatal");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "fatal"));
    ssot_options_fini(&p.o);
}

static void parse_check_exit_zero_and_quiet(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--exit-zero");
    assert_int_equal(p.st, SSOT_OK);
    assert_true(p.o.exit_zero);
    assert_false(p.o.quiet);
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "-q");
    assert_int_equal(p.st, SSOT_OK);
    assert_true(p.o.quiet);
    assert_false(p.o.exit_zero);
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "--quiet");
    assert_int_equal(p.st, SSOT_OK);
    assert_true(p.o.quiet);
    ssot_options_fini(&p.o);
}

static void parse_check_threads_number(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--threads", "4");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.threads, 4);
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "--threads=1024");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.threads, 1024);
    ssot_options_fini(&p.o);
}

static void parse_check_threads_zero_or_text_is_usage_error(void **state)
{
    (void)state;
    static const char *const bad[] = {"0", "abc", "4x", "-2", "", "1025"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        parsed p;
        PARSE(&p, "check", "--threads", (char *)bad[i]);
        assert_int_equal(p.st, SSOT_ERR_USAGE);
        assert_non_null(strstr(p.err, "--threads"));
        ssot_options_fini(&p.o);
    }
}

static void parse_check_help_is_help_on_check(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--help");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_HELP);
    assert_non_null(p.o.help_topic);
    assert_string_equal(p.o.help_topic, "check");
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "-h");
    assert_int_equal(p.o.command, SSOT_CMD_HELP);
    assert_string_equal(p.o.help_topic, "check");
    ssot_options_fini(&p.o);
}

static void parse_can_run_again_after_an_error(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--threads", "0", "a");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "--threads", "2", "b", "c");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.threads, 2);
    assert_int_equal(p.o.path_count, 2);
    assert_string_equal(p.o.paths[0], "b");
    ssot_options_fini(&p.o);
    PARSE(&p, "check", "z");
    assert_int_equal(p.st, SSOT_OK);
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
    PARSE(&p, "rule", "PH001");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_RULE);
    assert_string_equal(p.o.rule, "PH001");
    assert_false(p.o.rule_all);
    ssot_options_fini(&p.o);
}

static void parse_rule_by_name(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "rule", "empty-test");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_RULE);
    assert_string_equal(p.o.rule, "empty-test");
    ssot_options_fini(&p.o);
}

static void parse_rule_all(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "rule", "--all");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_RULE);
    assert_true(p.o.rule_all);
    assert_null(p.o.rule);
    ssot_options_fini(&p.o);
}

static void parse_rule_unknown_is_usage_error_naming_it(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "rule", "PH999");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "PH999"));
    ssot_options_fini(&p.o);
}

static void parse_rule_without_argument_is_usage_error(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "rule");
    assert_int_equal(p.st, SSOT_ERR_USAGE);
    assert_non_null(strstr(p.err, "--all")); /* says what is missing */
    ssot_options_fini(&p.o);
}

static void parse_rule_help_is_help_on_rule(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "rule", "--help");
    assert_int_equal(p.st, SSOT_OK);
    assert_int_equal(p.o.command, SSOT_CMD_HELP);
    assert_non_null(p.o.help_topic);
    assert_string_equal(p.o.help_topic, "rule");
    ssot_options_fini(&p.o);
}

/* ---- selection ---- */

static void select_default_enables_every_rule_that_is_not_opt_in(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(en[i], !rules[i]->opt_in);
    assert_true(on(en, "PH001"));
    assert_true(on(en, "PH011"));
    free(en);
    ssot_options_fini(&p.o);
}

static void select_codes_enables_exactly_those(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH001,PH002");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_true(on(en, "PH001"));
    assert_true(on(en, "PH002"));
    assert_false(on(en, "PH003"));
    assert_int_equal(count_on(en), 2);
    free(en);
    ssot_options_fini(&p.o);
}

static void select_repeated_option_unites_selections(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH001", "--select", "PH009");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_true(on(en, "PH001"));
    assert_true(on(en, "PH009"));
    assert_int_equal(count_on(en), 2);
    free(en);
    ssot_options_fini(&p.o);
}

static void select_ignore_removes_rule_from_default(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--ignore", "PH005");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_false(on(en, "PH005"));
    assert_true(on(en, "PH004"));
    assert_true(on(en, "PH006"));
    size_t n, opt_out = 0;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t i = 0; i < n; i++)
        opt_out += !rules[i]->opt_in;
    assert_int_equal(count_on(en), opt_out - 1);
    free(en);
    ssot_options_fini(&p.o);
}

static void select_ignore_wins_over_select(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH", "--ignore", "PH005");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_false(on(en, "PH005"));
    assert_true(on(en, "PH001"));
    free(en);
    ssot_options_fini(&p.o);
}

static void select_prefix_enables_family_only(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    size_t ph = 0;
    for (size_t i = 0; i < n; i++) {
        bool is_ph = strncmp(rules[i]->code, "PH", 2) == 0;
        assert_int_equal(en[i], is_ph && !rules[i]->opt_in);
        ph += is_ph;
    }
    assert_true(ph >= 11);
    free(en);
    ssot_options_fini(&p.o);
}

static void select_longer_prefix_narrows_family(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH01");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_true(on(en, "PH010"));
    assert_true(on(en, "PH011"));
    assert_false(on(en, "PH001"));
    assert_int_equal(count_on(en), 2);
    free(en);
    ssot_options_fini(&p.o);
}

static void select_rule_name_enables_that_rule(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "empty-test");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_true(on(en, "PH001"));
    assert_int_equal(count_on(en), 1);
    free(en);
    ssot_options_fini(&p.o);
}

static void select_unknown_selector_is_usage_error_naming_it(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH001,XY123");
    assert_int_equal(p.st, SSOT_OK); /* parsing keeps it; selection rejects it */
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_ERR_USAGE);
    assert_non_null(strstr(err, "XY123"));
    free(en);
    ssot_options_fini(&p.o);
}

static void select_unknown_ignore_selector_is_usage_error(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--ignore", "no-such-rule");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_ERR_USAGE);
    assert_non_null(strstr(err, "no-such-rule"));
    free(en);
    ssot_options_fini(&p.o);
}

static void select_full_code_is_not_a_prefix_of_longer_code(void **state)
{
    (void)state;
    parsed p;
    PARSE(&p, "check", "--select", "PH001");
    char err[256] = "";
    ssot_status st;
    bool *en = select_rules(&p, &st, err, sizeof(err));
    assert_int_equal(st, SSOT_OK);
    assert_int_equal(count_on(en), 1);
    free(en);
    ssot_options_fini(&p.o);
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
