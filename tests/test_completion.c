/* tests/test_completion.c - `ssot completion SHELL`, the usage-text reader and the agreement
 * of the option table with the --help texts (analyzer/cli/completion.c, usage.c, options.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cli/completion.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/usage.h"
#include "analyzer/report/report.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define ARGV(...) ARGC(((char *[]){"ssot", __VA_ARGS__})), ((char *[]){"ssot", __VA_ARGS__})

/* The script for `shell`, as a malloc'd string. */
static char *script(const char *shell)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    assert_int_equal(ssot_completion_write(f, shell), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* Every option is documented in the --help of each command that takes it: the manual page
 * and the completions' descriptions come from there. */
static void every_option_has_a_help_line_in_each_command(void **state)
{
    (void)state;
    size_t nopt, ncmd;
    const ssot_option_info *opts = ssot_options_info(&nopt);
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    char help[SSOT_USAGE_TEXT_MAX];
    for (size_t i = 0; i < nopt; i++) {
        if (opts[i].commands & SSOT_IN_MAIN) {
            assert_int_equal(ssot_completion_option_help(ssot_usage_main, opts[i].name, help,
                                                         sizeof(help)), 0);
            assert_true(help[0]);
        }
        for (size_t c = 0; c < ncmd; c++) {
            if (!(opts[i].commands & cmds[c].bit))
                continue;
            if (ssot_completion_option_help(cmds[c].usage, opts[i].name, help, sizeof(help)))
                fail_msg("`ssot %s --help` does not document --%s", cmds[c].name, opts[i].name);
            assert_true(help[0]);
        }
    }
}

/* Whether the help text `help` lists exactly the formats `ssot_reporter_names(how)` gives,
 * each as a word of its own. */
static void assert_lists_formats(const char *help, unsigned how, const char *where)
{
    char all[256], wanted[256];
    ssot_reporter_names(all, sizeof(all), 0);
    ssot_reporter_names(wanted, sizeof(wanted), how);
    for (char *save = NULL, *name = strtok_r(all, ", ", &save); name;
         name = strtok_r(NULL, ", ", &save)) {
        bool listed = false;
        for (const char *p = strstr(help, name); p && !listed; p = strstr(p + 1, name))
            listed = (p == help || strchr(" (", p[-1])) && p[strlen(name)] &&
                     strchr(",) ", p[strlen(name)]);
        char word[64], padded[300];
        snprintf(word, sizeof(word), " %s,", name);
        snprintf(padded, sizeof(padded), " %s,", wanted);
        bool want = strstr(padded, word) != NULL;
        if (listed != want)
            fail_msg("%s %s `%s`", where, want ? "does not list" : "lists", name);
    }
}

/* The help of every command that takes --output-format and --statistics lists the reporter
 * table's formats (those --statistics prints for it), filled in from the table: a command's
 * help cannot drift from what its options accept. */
static void format_lists_in_the_help_come_from_the_reporter_table(void **state)
{
    (void)state;
    size_t nopt, ncmd;
    const ssot_option_info *opts = ssot_options_info(&nopt);
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    char help[SSOT_USAGE_TEXT_MAX];
    size_t checked = 0;
    for (size_t i = 0; i < nopt; i++) {
        bool formats = opts[i].value == SSOT_ARG_REPORT_FORMAT &&
                       !strcmp(opts[i].name, "output-format");
        bool statistics = !strcmp(opts[i].name, "statistics");
        for (size_t c = 0; c < ncmd && (formats || statistics); c++) {
            if (!(opts[i].commands & cmds[c].bit))
                continue;
            assert_int_equal(ssot_completion_option_help(cmds[c].usage, opts[i].name, help,
                                                         sizeof(help)), 0);
            char where[64];
            snprintf(where, sizeof(where), "`ssot %s --help` --%s", cmds[c].name, opts[i].name);
            assert_lists_formats(help, statistics ? SSOT_REPORTERS_STATISTICS : 0, where);
            checked++;
        }
    }
    assert_true(checked >= 4); /* check and merge, both options */
    for (size_t c = 0; c < ncmd; c++) {
        char *text = ssot_usage_render(cmds[c].usage);
        assert_null(strstr(text, "{FORMATS}"));
        assert_null(strstr(text, "{STATISTICS}"));
        for (const char *line = text; *line; line += strcspn(line, "\n") + !!line[strcspn(line, "\n")])
            assert_true(strcspn(line, "\n") <= 90);
        free(text);
    }
}

/* And every command is listed in the main --help. */
static void every_command_is_in_the_main_help(void **state)
{
    (void)state;
    size_t ncmd;
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    for (size_t c = 0; c < ncmd; c++) {
        char line[64];
        snprintf(line, sizeof(line), "\n  %s ", cmds[c].name);
        assert_non_null(strstr(ssot_usage_main, line));
        assert_ptr_equal(ssot_usage_for(cmds[c].name), cmds[c].usage);
    }
    assert_ptr_equal(ssot_usage_for(NULL), ssot_usage_main);
}

static void usage_item_joins_continuation_lines(void **state)
{
    (void)state;
    ssot_usage_item item;
    const char *text = "  --write-baseline [FILE] record the findings in FILE (default\n"
                       "                          .ssot-baseline.json); exits 0\n"
                       "  -q, --quiet             print findings only\n";
    const char *next = ssot_usage_item_parse(text, &item);
    assert_non_null(next);
    assert_string_equal(item.term, "--write-baseline [FILE]");
    assert_string_equal(item.text,
                        "record the findings in FILE (default .ssot-baseline.json); exits 0");
    assert_non_null(ssot_usage_item_parse(next, &item));
    assert_string_equal(item.term, "-q, --quiet");
    assert_string_equal(item.text, "print findings only");
    assert_true(ssot_usage_term_names(item.term, "quiet"));
    assert_false(ssot_usage_term_names(item.term, "qui"));
}

static void usage_item_rejects_other_lines(void **state)
{
    (void)state;
    ssot_usage_item item;
    assert_null(ssot_usage_item_parse("Options:\n", &item));
    assert_null(ssot_usage_item_parse("\n", &item));
    assert_null(ssot_usage_item_parse("      continued\n", &item));
}

/* Each script completes every long option of the table and the output formats. */
static void scripts_complete_every_long_option(void **state)
{
    (void)state;
    const char *shells[] = {"bash", "zsh", "fish"};
    size_t nopt;
    const ssot_option_info *opts = ssot_options_info(&nopt);
    for (size_t s = 0; s < 3; s++) {
        char *text = script(shells[s]);
        for (size_t i = 0; i < nopt; i++) {
            char word[64];
            snprintf(word, sizeof(word), s == 2 ? "-l %s " : "--%s", opts[i].name);
            if (!strstr(text, word))
                fail_msg("%s completion lacks %s", shells[s], word);
        }
        assert_non_null(strstr(text, "sarif"));
        assert_non_null(strstr(text, "PH001"));
        free(text);
    }
}

static void unknown_shell_writes_nothing(void **state)
{
    (void)state;
    assert_int_equal(ssot_completion_write(stdout, "tcsh"), -1);
}

static void completion_command_parses_its_shell(void **state)
{
    (void)state;
    ssot_options o;
    char err[256];
    assert_int_equal(ssot_options_parse(ARGV("completion", "zsh"), &o, err, sizeof(err)),
                     SSOT_OK);
    assert_int_equal(o.command, SSOT_CMD_COMPLETION);
    assert_string_equal(o.shell, "zsh");
    ssot_options_fini(&o);
    assert_int_equal(ssot_options_parse(ARGV("completion", "-h"), &o, err, sizeof(err)),
                     SSOT_OK);
    assert_int_equal(o.command, SSOT_CMD_HELP);
    assert_string_equal(o.help_topic, "completion");
    ssot_options_fini(&o);
}

static void completion_command_rejects_bad_shells(void **state)
{
    (void)state;
    ssot_options o;
    char err[256];
    assert_int_equal(ssot_options_parse(ARGV("completion"), &o, err, sizeof(err)),
                     SSOT_ERR_USAGE);
    assert_non_null(strstr(err, "takes one shell"));
    ssot_options_fini(&o);
    assert_int_equal(ssot_options_parse(ARGV("completion", "tcsh"), &o, err, sizeof(err)),
                     SSOT_ERR_USAGE);
    assert_non_null(strstr(err, "no completion for `tcsh`"));
    ssot_options_fini(&o);
    assert_int_equal(ssot_options_parse(ARGV("completion", "bash", "zsh"), &o, err,
                                        sizeof(err)),
                     SSOT_ERR_USAGE);
    ssot_options_fini(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_option_has_a_help_line_in_each_command),
        cmocka_unit_test(every_command_is_in_the_main_help),
        cmocka_unit_test(format_lists_in_the_help_come_from_the_reporter_table),
        cmocka_unit_test(usage_item_joins_continuation_lines),
        cmocka_unit_test(usage_item_rejects_other_lines),
        cmocka_unit_test(scripts_complete_every_long_option),
        cmocka_unit_test(unknown_shell_writes_nothing),
        cmocka_unit_test(completion_command_parses_its_shell),
        cmocka_unit_test(completion_command_rejects_bad_shells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
