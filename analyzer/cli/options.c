/* analyzer/cli/options.c - command-line parsing (getopt_long) and rule selection. */
#include "analyzer/cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/baseline.h"
#include "analyzer/report/report.h"
#include "analyzer/config/config.h"
#include "analyzer/config/selection.h"
#include "analyzer/shard/shard.h"
#include "rules/rule.h"

const char ssot_usage_main[] =
    "ssot - keep a code base honest about its single sources of truth\n"
    "\n"
    "Usage: ssot <command> [options]\n"
    "\n"
    "Commands:\n"
    "  check [PATHS...]   check files and folders (default: .)\n"
    "  rule CODE|NAME     explain a rule; `ssot rule --all` lists every rule\n"
    "  config [PATH]      print the configuration that applies to PATH and where it comes from\n"
    "  diff BASE [HEAD]   what a change did to the tests: stronger or weaker, per test\n"
    "  merge FILES...     report on the facts that `check --shard K/N --facts-out FILE` wrote\n"
    "  completion SHELL   print the completion script for bash, zsh or fish\n"
    "  server             run the language server on stdin/stdout (docs/editors.md)\n"
    "  help [COMMAND]     this help, or a command's\n"
    "  audit [PATHS...]   write a per-module report of the debt: grades, hotspots, trends\n"
    "\n"
    "Options:\n"
    "  -h, --help         this help; `ssot <command> -h` for a command's options\n"
    "  -V, --version      print the version\n"
    "\n"
    "Exit codes: 0 nothing at or above the fail level, 1 findings, 2 the run failed.\n";

const char ssot_usage_check[] =
    "Usage: ssot check [options] [PATHS...]\n"
    "\n"
    "Check Python files and folders (default: the current folder). Folders are walked\n"
    "recursively, honouring .gitignore; files named explicitly are always checked, and the\n"
    "project around them (its git work tree, else its configuration's folder) is read too,\n"
    "so that they are reported as a run over the whole project reports them.\n"
    "\n"
    "Options:\n"
    "  --output-format FORMAT  {FORMATS}\n"
    "  --output-file FILE      write the report to FILE (atomically) instead of stdout\n"
    "  --report FORMAT:FILE    also write a report in FORMAT to FILE; repeatable\n"
    "  --baseline FILE         report and fail only on findings that FILE does not list\n"
    "  --write-baseline [FILE] record the current findings in FILE (default\n"
    "                          .ssot-baseline.json); the run then exits 0\n"
    "  --strict-baseline       baseline entries that no longer occur fail the run\n"
    "  --sarif-baselined       keep baselined findings in SARIF, as suppressed results\n"
    "                          (by default they are left out of the upload)\n"
    "  --diff REV              report only files changed since REV (committed, staged and\n"
    "                          unstaged; `A...B`: since their merge base); the rest of the\n"
    "                          project is still read for cross-file resolution\n"
    "  --staged                report only staged files (the same, against the index)\n"
    "  --statistics            counts per rule instead of the findings ({STATISTICS})\n"
    "  --select CODES          only these rules: codes, prefixes (PH) or names; repeatable,\n"
    "                          comma-separated; replaces the configuration's selection\n"
    "  --extend-select CODES   add these rules to the selection\n"
    "  --preview               also run the preview rules (below 0.90 precision on real code)\n"
    "  --ignore CODES          leave these rules out (same forms as --select)\n"
    "  --fail-on LEVEL         error, warning (default) or info: the lowest severity that\n"
    "                          makes the exit code 1\n"
    "  -e, --exit-zero         exit 0 even when there are findings\n"
    "  --add-noqa              write `# ssot: ignore[CODE]` on the line of every finding\n"
    "                          (merged into a suppression already there); exit 0\n"
    "  --show-files            list the files that would be checked, with their role\n"
    "  -w, --watch             check again whenever a file changes (until Ctrl-C)\n"
    "  --exclude GLOBS         exclude these files and folders instead of the configured\n"
    "                          `exclude`; repeatable, comma-separated\n"
    "  --extend-exclude GLOBS  exclude these as well as the configured ones\n"
    "  -q, --quiet             print findings only, no summary\n"
    "  --threads N             worker threads (default: all cores)\n"
    "  --config FILE           use this configuration file for every path\n"
    "  --isolated              ignore every configuration file (built-in defaults)\n"
    "  --force-exclude         apply the excludes to files named on the command line too\n"
    "                          (for pre-commit, which passes file names)\n"
    "  --no-project-context    read only the files named, not the project around them:\n"
    "                          tests, doubles and duplicates are resolved among them alone\n"
    "  --cache-dir DIR         keep the per-file facts cache in DIR (default: .ssot_cache in\n"
    "                          the project root)\n"
    "  --no-cache              neither read nor write the facts cache\n"
    "  --shard K/N             with --facts-out: only the K-th of N size-balanced shares of\n"
    "                          the files (every file in exactly one share)\n"
    "  --facts-out FILE        extract the facts into FILE for `ssot merge`, and stop there:\n"
    "                          no rule runs and no report is written\n"
    "  -h, --help              this help\n"
    "\n"
    "Configuration: the closest .ssot.toml, ssot.toml or pyproject.toml with [tool.ssot]\n"
    "above each checked file (see docs/configuration.md).\n"
    "Colour is used on a terminal; NO_COLOR turns it off, FORCE_COLOR forces it on.\n";

const char ssot_usage_config[] =
    "Usage: ssot config [options] [PATH]\n"
    "\n"
    "Print the effective configuration for PATH (default: .) as TOML, with the file it comes\n"
    "from and where the pytest settings come from.\n"
    "\n"
    "Options:\n"
    "  --config FILE           use this configuration file\n"
    "  --isolated              ignore every configuration file\n"
    "  -h, --help              this help\n";

const char ssot_usage_rule[] =
    "Usage: ssot rule [options] CODE|NAME\n"
    "       ssot rule --all\n"
    "\n"
    "Explain a rule: what it flags, why, an example and what to write instead.\n"
    "\n"
    "Options:\n"
    "  --all                   every rule\n"
    "  --output-format FORMAT  text (default), json or markdown\n"
    "  -h, --help              this help\n";

const char ssot_usage_diff[] =
    "Usage: ssot diff [options] BASE [HEAD]\n"
    "\n"
    "Compare the tests of two revisions (HEAD: the work tree when left out; BASE and HEAD:\n"
    "any revision git understands; `A...B`: their merge base) and say whether the change\n"
    "made the suite stronger or weaker: tests removed, skipped, emptied or stubbed;\n"
    "assertions removed, weakened or always true; placeholder findings added and fixed;\n"
    "doubles added in real-service scopes; new singletons and duplicates; contract values\n"
    "left unasserted. Each side is analysed as a whole project, the base side read from git\n"
    "(nothing is checked out).\n"
    "\n"
    "Options:\n"
    "  --output-format FORMAT  text (default), json, markdown (a PR comment) or sarif (the\n"
    "                          new findings only)\n"
    "  --output-file FILE      write the report to FILE (atomically) instead of stdout\n"
    "  --fail-on KINDS         the changes that make the exit code 1, comma-separated\n"
    "                          (default: [diff] fail-on, else every weakening kind); `none`\n"
    "  --exit-zero             exit 0 even when a forbidden change is found\n"
    "  --select CODES          only these rules: codes, prefixes (PH) or names\n"
    "  --ignore CODES          leave these rules out (same forms as --select)\n"
    "  --threads N             worker threads (default: all cores)\n"
    "  --config FILE           use this configuration file for both revisions\n"
    "  --isolated              ignore every configuration file (built-in defaults)\n"
    "  --cache-dir DIR         keep the per-file facts cache in DIR (default: .ssot_cache in\n"
    "                          the project root)\n"
    "  --no-cache              neither read nor write the facts cache\n"
    "  -h, --help              this help\n"
    "\n"
    "Both revisions are analysed under the work tree's configuration. Exit codes: 0 no\n"
    "forbidden change, 1 a change `[diff] fail-on` forbids, 2 a bad revision or a run that\n"
    "could not compare.\n";

const char ssot_usage_merge[] =
    "Usage: ssot merge [options] FILES...\n"
    "\n"
    "Resolve and check the facts of a run split across CI jobs: FILES are the artifacts of\n"
    "`ssot check --shard K/N --facts-out FILE` for K = 1..N (every shard once, one ssot\n"
    "version). The findings and reports are those of one `ssot check` of the whole tree.\n"
    "Run it from the folder the shards ran in, in a checkout of the same commit: it reads\n"
    "the configuration files there (not the sources), and checks that they are the ones\n"
    "the shards used.\n"
    "\n"
    "Options:\n"
    "  --output-format FORMAT  {FORMATS}\n"
    "  --output-file FILE      write the report to FILE (atomically) instead of stdout\n"
    "  --report FORMAT:FILE    also write a report in FORMAT to FILE; repeatable\n"
    "  --baseline FILE         report and fail only on findings that FILE does not list\n"
    "  --write-baseline [FILE] record the current findings in FILE (default\n"
    "                          .ssot-baseline.json); the run then exits 0\n"
    "  --strict-baseline       baseline entries that no longer occur fail the run\n"
    "  --sarif-baselined       keep baselined findings in SARIF, as suppressed results\n"
    "  --statistics            counts per rule instead of the findings ({STATISTICS})\n"
    "  --select CODES          only these rules (as for `ssot check`)\n"
    "  --extend-select CODES   add these rules to the selection\n"
    "  --preview               also run the preview rules\n"
    "  --ignore CODES          leave these rules out\n"
    "  --fail-on LEVEL         error, warning (default) or info\n"
    "  --exit-zero             exit 0 even when there are findings\n"
    "  -q, --quiet             print findings only, no summary\n"
    "  --threads N             worker threads (default: all cores)\n"
    "  --config FILE           the --config the shards were given\n"
    "  --isolated              the shards ran with --isolated\n"
    "  -h, --help              this help\n";

const char ssot_usage_server[] =
    "Usage: ssot server\n"
    "\n"
    "Run the language server (LSP) on standard input and output, for editors: findings of\n"
    "the files being edited as you type, with quick fixes to suppress them (see\n"
    "docs/editors.md).\n"
    "\n"
    "Options:\n"
    "  -h, --help              this help\n";

const char ssot_usage_completion[] =
    "Usage: ssot completion SHELL\n"
    "\n"
    "Print the completion script for SHELL (bash, zsh or fish) on standard output. The\n"
    "packages install all three; docs/install.md says where to put one by hand.\n"
    "\n"
    "Options:\n"
    "  -h, --help              this help\n";

const char ssot_usage_audit[] =
    "Usage: ssot audit [options] [PATHS...]\n"
    "\n"
    "Audit files and folders (default: the current folder) as `ssot check` reads them, and\n"
    "write one self-contained HTML page (or JSON with the same numbers): per module (folder,\n"
    "collapsible to any depth) its lines, tests, findings per family weighted by severity, a\n"
    "grade A-E from weighted findings per 1000 lines, the share of tests that can fail and\n"
    "the worst items; hotspots (commits touching each file in the last months, from git,\n"
    "times its findings); trend lines from the history of recorded runs. Exits 0 once the\n"
    "report is written, whatever the grades (1 with --fail-under when a grade is worse); 2\n"
    "when the run failed.\n"
    "\n"
    "Options:\n"
    "  -o, --output-file FILE  write the report to FILE (default: ssot-audit.html for html,\n"
    "                          standard output for json; `-` is standard output)\n"
    "  --output-format FORMAT  html (default) or json\n"
    "  --record                append this run's summary (commit, date, per-module and\n"
    "                          per-rule counts, grades) to the history\n"
    "  --history FILE          the SQLite history file (default: .ssot-history.db in the\n"
    "                          project root); read for the trend lines\n"
    "  --baseline FILE         split the findings into new, remaining and fixed against\n"
    "                          FILE (default: .ssot-baseline.json in the project root when\n"
    "                          it exists)\n"
    "  --fail-under GRADE      exit 1 when the project's grade is worse than GRADE (A-E);\n"
    "                          the report is written (and the run recorded) all the same\n"
    "  --fail-under-module     with --fail-under: any folder's grade worse than GRADE too\n"
    "  --select RULES          audit only these rules or families (comma-separated,\n"
    "                          repeatable), as for `ssot check`\n"
    "  --extend-select RULES   add these to the configured selection\n"
    "  --ignore RULES          leave these rules or families out\n"
    "  --exclude GLOBS         exclude these files and folders instead of the configured\n"
    "                          `exclude`; repeatable, comma-separated\n"
    "  --extend-exclude GLOBS  exclude these as well as the configured ones\n"
    "  --force-exclude         apply the excludes to files named on the command line too\n"
    "  --threads N             worker threads (default: all cores)\n"
    "  --config FILE           use this configuration file for every path\n"
    "  --isolated              ignore every configuration file (built-in defaults)\n"
    "  --cache-dir DIR         keep the per-file facts cache in DIR\n"
    "  --no-cache              neither read nor write the facts cache\n"
    "  -h, --help              this help\n"
    "\n"
    "Grades, severity weights and the churn window: the [audit] table of the configuration\n"
    "(see docs/audit.md).\n";

static void push(char ***list, size_t *count, const char *item)
{
    *list = ssot_realloc(*list, (*count + 1) * sizeof(**list));
    (*list)[(*count)++] = ssot_strdup(item);
}

/* Split "A,B" into items; empty items are ignored. */
static void push_split(char ***list, size_t *count, const char *value)
{
    const char *p = value;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        while (n && (*p == ' '))
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n) {
            char *item = ssot_strndup(p, n);
            push(list, count, item);
            free(item);
        }
        if (!comma)
            break;
        p = comma + 1;
    }
}

enum {
    OPT_FORMAT = 1000,
    OPT_SELECT,
    OPT_IGNORE,
    OPT_FAIL_ON,
    OPT_EXIT_ZERO,
    OPT_PREVIEW,
    OPT_THREADS,
    OPT_ALL,
    OPT_EXTEND_SELECT,
    OPT_CONFIG,
    OPT_ISOLATED,
    OPT_FORCE_EXCLUDE,
    OPT_NO_PROJECT_CONTEXT,
    OPT_OUTPUT_FILE,
    OPT_REPORT,
    OPT_BASELINE,
    OPT_WRITE_BASELINE,
    OPT_STRICT_BASELINE,
    OPT_DIFF,
    OPT_STAGED,
    OPT_CACHE_DIR,
    OPT_NO_CACHE,
    OPT_STATISTICS,
    OPT_SARIF_BASELINED,
    OPT_FAIL_ON_KINDS,
    OPT_SHARD,
    OPT_FACTS_OUT,
    OPT_ADD_NOQA,
    OPT_SHOW_FILES,
    OPT_EXCLUDE,
    OPT_EXTEND_EXCLUDE,
    OPT_RECORD,
    OPT_HISTORY,
    OPT_FAIL_UNDER,
    OPT_FAIL_UNDER_MODULE,
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

/* --report FORMAT:FILE */
static ssot_status add_report(ssot_options *o, const char *value, char *err, size_t n)
{
    const char *colon = strchr(value, ':');
    if (!colon || colon == value || !colon[1]) {
        snprintf(err, n, "--report takes FORMAT:FILE (like sarif:ssot.sarif), not `%s`", value);
        return SSOT_ERR_USAGE;
    }
    char *format = ssot_strndup(value, (size_t)(colon - value));
    const ssot_reporter *r = ssot_reporter_find(format);
    if (!r) {
        char names[256];
        ssot_reporter_names(names, sizeof(names), 0);
        snprintf(err, n, "unknown output format `%s` in --report (expected one of: %s)", format,
                 names);
        free(format);
        return SSOT_ERR_USAGE;
    }
    free(format);
    o->reports = ssot_realloc(o->reports, (o->report_count + 1) * sizeof(*o->reports));
    o->reports[o->report_count].format = r->name;
    o->reports[o->report_count++].path = ssot_strdup(colon + 1);
    return SSOT_OK;
}

/* Options that cannot go together. */
static ssot_status check_combinations(const ssot_options *o, char *err, size_t n)
{
    const char *writes = o->add_noqa ? "--add-noqa" : o->show_files ? "--show-files" : NULL;
    const char *other = o->watch             ? "--watch"
                        : o->write_baseline  ? "--write-baseline"
                        : o->statistics      ? "--statistics"
                        : o->add_noqa && o->show_files ? "--show-files"
                                                       : NULL;
    if (writes && other) {
        snprintf(err, n, "%s cannot be used with %s", writes, other);
        return SSOT_ERR_USAGE;
    }
    if (o->diff && o->staged) {
        snprintf(err, n, "--diff and --staged cannot be used together");
        return SSOT_ERR_USAGE;
    }
    if (o->write_baseline && (o->diff || o->staged)) {
        snprintf(err, n, "--write-baseline records every finding of the project: it cannot be "
                         "used with %s", o->diff ? "--diff" : "--staged");
        return SSOT_ERR_USAGE;
    }
    if (o->facts_out || o->shard_count) {
        const char *report = o->output_file            ? "--output-file"
                             : o->report_count         ? "--report"
                             : o->baseline             ? "--baseline"
                             : o->write_baseline       ? "--write-baseline"
                             : o->strict_baseline      ? "--strict-baseline"
                             : o->statistics           ? "--statistics"
                             : o->diff                 ? "--diff"
                             : o->staged               ? "--staged"
                             : o->select_count         ? "--select"
                             : o->ignore_count         ? "--ignore"
                             : o->extend_select_count  ? "--extend-select"
                             : o->preview              ? "--preview"
                             : o->has_fail_on          ? "--fail-on"
                             : strcmp(o->format, "text") ? "--output-format"
                                                         : NULL;
        if (!o->facts_out) {
            snprintf(err, n, "--shard needs --facts-out FILE: a shard's facts go to `ssot "
                             "merge`");
            return SSOT_ERR_USAGE;
        }
        if (report) {
            snprintf(err, n, "%s belongs to `ssot merge`: `ssot check --facts-out` only "
                             "extracts facts", report);
            return SSOT_ERR_USAGE;
        }
    }
    const ssot_reporter *format = ssot_reporter_find(o->format);
    if (o->statistics && format && !format->statistics) {
        char names[256];
        ssot_reporter_names(names, sizeof(names), SSOT_REPORTERS_STATISTICS | SSOT_REPORTERS_PROSE);
        snprintf(err, n, "--statistics prints %s, not %s", names, o->format);
        return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

/* Every long option once per meaning, with the commands that take it: getopt_long sees only
 * those of the command being parsed. The completions and the manual page are generated from
 * this table and the usage texts above (tests check that they agree). */
enum { IN_CHECK = SSOT_IN_CHECK, IN_RULE = SSOT_IN_RULE, IN_CONFIG = SSOT_IN_CONFIG };
enum { IN_MAIN = SSOT_IN_MAIN, IN_COMPLETION = SSOT_IN_COMPLETION, IN_DIFF = SSOT_IN_DIFF };
enum { IN_MERGE = SSOT_IN_MERGE };
/* what `ssot merge` shares with `ssot check`: rule selection and reports */
#define IN_REPORT (IN_CHECK | IN_MERGE)
enum { IN_SERVER = SSOT_IN_SERVER, IN_AUDIT = SSOT_IN_AUDIT };

static const ssot_option_info long_options[] = {
    {"output-format", OPT_FORMAT, SSOT_ARG_REPORT_FORMAT, false, IN_REPORT},
    {"output-format", OPT_FORMAT, SSOT_ARG_DOC_FORMAT, false, IN_RULE},
    {"output-format", OPT_FORMAT, SSOT_ARG_DIFF_FORMAT, false, IN_DIFF},
    {"output-format", OPT_FORMAT, SSOT_ARG_AUDIT_FORMAT, false, IN_AUDIT},
    {"select", OPT_SELECT, SSOT_ARG_RULES, false, IN_REPORT | IN_DIFF | IN_AUDIT},
    {"ignore", OPT_IGNORE, SSOT_ARG_RULES, false, IN_REPORT | IN_DIFF | IN_AUDIT},
    {"fail-on", OPT_FAIL_ON_KINDS, SSOT_ARG_TEXT, false, IN_DIFF},
    {"fail-on", OPT_FAIL_ON, SSOT_ARG_LEVEL, false, IN_REPORT},
    {"exit-zero", 'e', SSOT_ARG_NONE, false, IN_CHECK},
    {"exit-zero", OPT_EXIT_ZERO, SSOT_ARG_NONE, false, IN_MERGE | IN_DIFF},
    {"preview", OPT_PREVIEW, SSOT_ARG_NONE, false, IN_REPORT},
    {"quiet", 'q', SSOT_ARG_NONE, false, IN_REPORT},
    {"threads", OPT_THREADS, SSOT_ARG_TEXT, false, IN_REPORT | IN_DIFF | IN_AUDIT},
    {"extend-select", OPT_EXTEND_SELECT, SSOT_ARG_RULES, false, IN_REPORT | IN_AUDIT},
    {"config", OPT_CONFIG, SSOT_ARG_FILE, false, IN_REPORT | IN_CONFIG | IN_DIFF | IN_AUDIT},
    {"isolated", OPT_ISOLATED, SSOT_ARG_NONE, false,
     IN_REPORT | IN_CONFIG | IN_DIFF | IN_AUDIT},
    {"force-exclude", OPT_FORCE_EXCLUDE, SSOT_ARG_NONE, false, IN_CHECK | IN_AUDIT},
    {"no-project-context", OPT_NO_PROJECT_CONTEXT, SSOT_ARG_NONE, false, IN_CHECK},
    {"cache-dir", OPT_CACHE_DIR, SSOT_ARG_DIR, false, IN_CHECK | IN_DIFF | IN_AUDIT},
    {"no-cache", OPT_NO_CACHE, SSOT_ARG_NONE, false, IN_CHECK | IN_DIFF | IN_AUDIT},
    {"output-file", OPT_OUTPUT_FILE, SSOT_ARG_FILE, false, IN_REPORT | IN_DIFF},
    {"output-file", 'o', SSOT_ARG_FILE, false, IN_AUDIT},
    {"report", OPT_REPORT, SSOT_ARG_TEXT, false, IN_REPORT},
    {"baseline", OPT_BASELINE, SSOT_ARG_FILE, false, IN_REPORT | IN_AUDIT},
    {"write-baseline", OPT_WRITE_BASELINE, SSOT_ARG_FILE, true, IN_REPORT},
    {"strict-baseline", OPT_STRICT_BASELINE, SSOT_ARG_NONE, false, IN_REPORT},
    {"sarif-baselined", OPT_SARIF_BASELINED, SSOT_ARG_NONE, false, IN_REPORT},
    {"diff", OPT_DIFF, SSOT_ARG_TEXT, false, IN_CHECK},
    {"staged", OPT_STAGED, SSOT_ARG_NONE, false, IN_CHECK},
    {"statistics", OPT_STATISTICS, SSOT_ARG_NONE, false, IN_REPORT},
    {"shard", OPT_SHARD, SSOT_ARG_TEXT, false, IN_CHECK},
    {"facts-out", OPT_FACTS_OUT, SSOT_ARG_FILE, false, IN_CHECK},
    {"add-noqa", OPT_ADD_NOQA, SSOT_ARG_NONE, false, IN_CHECK},
    {"show-files", OPT_SHOW_FILES, SSOT_ARG_NONE, false, IN_CHECK},
    {"watch", 'w', SSOT_ARG_NONE, false, IN_CHECK},
    {"exclude", OPT_EXCLUDE, SSOT_ARG_TEXT, false, IN_CHECK | IN_AUDIT},
    {"extend-exclude", OPT_EXTEND_EXCLUDE, SSOT_ARG_TEXT, false, IN_CHECK | IN_AUDIT},
    {"all", OPT_ALL, SSOT_ARG_NONE, false, IN_RULE},
    {"record", OPT_RECORD, SSOT_ARG_NONE, false, IN_AUDIT},
    {"history", OPT_HISTORY, SSOT_ARG_FILE, false, IN_AUDIT},
    {"fail-under", OPT_FAIL_UNDER, SSOT_ARG_TEXT, false, IN_AUDIT},
    {"fail-under-module", OPT_FAIL_UNDER_MODULE, SSOT_ARG_NONE, false, IN_AUDIT},
    {"help", 'h', SSOT_ARG_NONE, false,
     IN_MAIN | IN_CHECK | IN_RULE | IN_CONFIG | IN_COMPLETION | IN_DIFF | IN_MERGE | IN_SERVER |
         IN_AUDIT},
    /* read by ssot_options_parse itself, before any command */
    {"version", 'V', SSOT_ARG_NONE, false, IN_MAIN},
};

static const ssot_command_info commands[] = {
    {"check", IN_CHECK, ssot_usage_check, SSOT_ARG_PATHS},
    {"rule", IN_RULE, ssot_usage_rule, SSOT_ARG_RULE},
    {"config", IN_CONFIG, ssot_usage_config, SSOT_ARG_FILE},
    {"diff", IN_DIFF, ssot_usage_diff, SSOT_ARG_TEXT},
    {"completion", IN_COMPLETION, ssot_usage_completion, SSOT_ARG_SHELL},
    {"merge", IN_MERGE, ssot_usage_merge, SSOT_ARG_PATHS},
    {"server", IN_SERVER, ssot_usage_server, SSOT_ARG_NONE},
    {"audit", IN_AUDIT, ssot_usage_audit, SSOT_ARG_PATHS},
};

#define LONG_OPTION_COUNT (sizeof(long_options) / sizeof(long_options[0]))

/* "unknown option `--selct` for `ssot check`; did you mean `--select`?" */
static void unknown_option(const char *arg, const char *command, char *err, size_t n)
{
    unsigned bit = 0;
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(commands[i].name, command))
            bit = commands[i].bit;
    const char *names[LONG_OPTION_COUNT + 1];
    size_t count = 0;
    for (size_t i = 0; i < LONG_OPTION_COUNT; i++)
        if (long_options[i].commands & bit)
            names[count++] = long_options[i].name;
    const char *word = arg;
    while (*word == '-')
        word++;
    char typed[64];
    snprintf(typed, sizeof(typed), "%.*s", (int)strcspn(word, "="), word);
    const char *guess = arg[0] == '-' && arg[1] == '-' && typed[0]
                            ? ssot_config_suggest(typed, names, count) : NULL;
    if (guess)
        snprintf(err, n, "unknown option `%s` for `ssot %s`; did you mean `--%s`?", arg, command,
                 guess);
    else
        snprintf(err, n, "unknown option `%s` for `ssot %s` (see `ssot %s --help`)", arg,
                 command, command);
}

/* What every command that takes them treats alike: --config, --isolated, -h/--help, a
 * missing value, an unknown option. */
static ssot_status shared_option(int c, char **argv, const char *command, ssot_options *o,
                                 char *err, size_t n)
{
    switch (c) {
    case OPT_CONFIG:
        o->config_path = optarg;
        return SSOT_OK;
    case OPT_ISOLATED:
        o->isolated = true;
        return SSOT_OK;
    case 'h':
        o->command = SSOT_CMD_HELP;
        o->help_topic = command;
        return SSOT_OK;
    case ':':
        snprintf(err, n, "option `%s` needs a value", argv[optind - 1]);
        return SSOT_ERR_USAGE;
    default:
        unknown_option(argv[optind - 1], command, err, n);
        return SSOT_ERR_USAGE;
    }
}

/* One option of one command: its own ones, the rest through shared_option. */
typedef ssot_status option_fn(int c, int argc, char **argv, ssot_options *o, char *err,
                              size_t n);

/* getopt_long over the options of `command` (IN_*), each given to `handle`. Stops at the
 * first error and at -h/--help (o->command is then SSOT_CMD_HELP). */
static ssot_status parse_options(int argc, char **argv, unsigned command, option_fn *handle,
                                 ssot_options *o, char *err, size_t n)
{
    struct option longs[LONG_OPTION_COUNT + 1];
    char shorts[2 * LONG_OPTION_COUNT + 2] = ":"; /* ':' first: a missing value is reported as such */
    size_t nlong = 0, nshort = 1;
    for (size_t i = 0; i < LONG_OPTION_COUNT; i++) {
        const ssot_option_info *info = &long_options[i];
        if (!(info->commands & command))
            continue;
        int has_arg = info->value == SSOT_ARG_NONE ? no_argument
                      : info->optional               ? optional_argument
                                                     : required_argument;
        longs[nlong++] = (struct option){info->name, has_arg, NULL, info->code};
        if (info->code < OPT_FORMAT) {
            shorts[nshort++] = (char)info->code;
            if (has_arg != no_argument)
                shorts[nshort++] = ':';
        }
    }
    longs[nlong] = (struct option){NULL, 0, NULL, 0};
    shorts[nshort] = '\0';
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        ssot_status st = handle(c, argc, argv, o, err, n);
        if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
            return st;
    }
    return SSOT_OK;
}

static void add_path(ssot_options *o, const char *path)
{
    o->paths = ssot_realloc(o->paths, (o->path_count + 1) * sizeof(*o->paths));
    o->paths[o->path_count++] = path;
}

static ssot_status check_option(int c, int argc, char **argv, ssot_options *o, char *err,
                                size_t n)
{
    switch (c) {
    case OPT_OUTPUT_FILE:
        o->output_file = optarg;
        break;
    case OPT_REPORT:
        return add_report(o, optarg, err, n);
    case OPT_BASELINE:
        o->baseline = optarg;
        break;
    case OPT_WRITE_BASELINE:
        /* `--write-baseline=FILE`, or a following argument that names a .json file
         * (never a path to check) */
        o->write_baseline = optarg ? optarg : SSOT_BASELINE_DEFAULT;
        if (!optarg && optind < argc && argv[optind][0] != '-' &&
            ends_with(argv[optind], ".json"))
            o->write_baseline = argv[optind++];
        break;
    case OPT_STRICT_BASELINE:
        o->strict_baseline = true;
        break;
    case OPT_SARIF_BASELINED:
        o->sarif_baselined = true;
        break;
    case OPT_DIFF:
        o->diff = optarg;
        break;
    case OPT_STAGED:
        o->staged = true;
        break;
    case OPT_STATISTICS:
        o->statistics = true;
        break;
    case OPT_SHARD:
        return ssot_shard_parse(optarg, &o->shard, &o->shard_count, err, n);
    case OPT_FACTS_OUT:
        o->facts_out = optarg;
        break;
    case OPT_ADD_NOQA:
        o->add_noqa = true;
        break;
    case OPT_SHOW_FILES:
        o->show_files = true;
        break;
    case 'w':
        o->watch = true;
        break;
    case OPT_EXCLUDE:
        o->has_exclude = true;
        push_split(&o->exclude, &o->exclude_count, optarg);
        break;
    case OPT_EXTEND_EXCLUDE:
        push_split(&o->extend_exclude, &o->extend_exclude_count, optarg);
        break;
    case OPT_FORMAT:
        if (!ssot_reporter_find(optarg)) {
            char names[256];
            ssot_reporter_names(names, sizeof(names), 0);
            snprintf(err, n, "unknown output format `%s` (expected one of: %s)", optarg, names);
            return SSOT_ERR_USAGE;
        }
        o->format = optarg;
        break;
    case OPT_SELECT:
        push_split(&o->select, &o->select_count, optarg);
        break;
    case OPT_IGNORE:
        push_split(&o->ignore, &o->ignore_count, optarg);
        break;
    case OPT_EXTEND_SELECT:
        push_split(&o->extend_select, &o->extend_select_count, optarg);
        break;
    case OPT_FORCE_EXCLUDE:
        o->force_exclude = true;
        break;
    case OPT_NO_PROJECT_CONTEXT:
        o->no_project_context = true;
        break;
    case OPT_CACHE_DIR:
        o->cache_dir = optarg;
        break;
    case OPT_NO_CACHE:
        o->no_cache = true;
        break;
    case OPT_FAIL_ON:
        if (!ssot_severity_parse(optarg, &o->fail_on)) {
            snprintf(err, n, "--fail-on takes " SSOT_LEVELS ", not `%s`", optarg);
            return SSOT_ERR_USAGE;
        }
        o->has_fail_on = true;
        break;
    case 'e':
    case OPT_EXIT_ZERO: /* ssot diff's */
        o->exit_zero = true;
        break;
    case OPT_PREVIEW:
        o->preview = true;
        break;
    case 'q':
        o->quiet = true;
        break;
    case OPT_THREADS: {
        char *end;
        errno = 0;
        long v = strtol(optarg, &end, 10);
        if (errno || *end || v < 1 || v > 1024) {
            snprintf(err, n, "--threads takes a number from 1 to 1024, not `%s`", optarg);
            return SSOT_ERR_USAGE;
        }
        o->threads = (unsigned)v;
        break;
    }
    default:
        return shared_option(c, argv, o->command == SSOT_CMD_MERGE ? "merge" : "check", o,
                             err, n);
    }
    return SSOT_OK;
}

static ssot_status parse_check(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_CHECK, check_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    for (int i = optind; i < argc; i++)
        add_path(o, argv[i]);
    return check_combinations(o, err, n);
}

/* `ssot merge`: check's report and selection options (the table keeps the others out). */
static ssot_status parse_merge(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_MERGE, check_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    for (int i = optind; i < argc; i++)
        add_path(o, argv[i]);
    if (!o->path_count) {
        snprintf(err, n, "`ssot merge` needs the artifacts of `ssot check --shard K/N "
                         "--facts-out FILE`");
        return SSOT_ERR_USAGE;
    }
    return check_combinations(o, err, n);
}

static ssot_status rule_option(int c, int argc, char **argv, ssot_options *o, char *err,
                               size_t n)
{
    (void)argc;
    switch (c) {
    case OPT_ALL:
        o->rule_all = true;
        return SSOT_OK;
    case OPT_FORMAT:
        if (strcmp(optarg, "text") && strcmp(optarg, "json") && strcmp(optarg, "markdown")) {
            snprintf(err, n, "unknown output format `%s` for `ssot rule` (expected one of: "
                             SSOT_DOC_FORMATS ")", optarg);
            return SSOT_ERR_USAGE;
        }
        o->format = optarg;
        return SSOT_OK;
    default:
        return shared_option(c, argv, "rule", o, err, n);
    }
}

static ssot_status parse_rule(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_RULE, rule_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    if (optind < argc)
        o->rule = argv[optind++];
    if (optind < argc) {
        snprintf(err, n, "`ssot rule` takes one rule, got also `%s`", argv[optind]);
        return SSOT_ERR_USAGE;
    }
    if (!o->rule && !o->rule_all) {
        snprintf(err, n, "`ssot rule` needs a rule code or name, or --all");
        return SSOT_ERR_USAGE;
    }
    if (o->rule && !ssot_rule_find(o->rule)) {
        snprintf(err, n, "unknown rule `%s` (see `ssot rule --all`)", o->rule);
        return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

/* `ssot config` has no options of its own. */
static ssot_status config_option(int c, int argc, char **argv, ssot_options *o, char *err,
                                 size_t n)
{
    (void)argc;
    return shared_option(c, argv, "config", o, err, n);
}

static ssot_status parse_config(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_CONFIG, config_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    for (int i = optind; i < argc; i++) {
        if (o->path_count) {
            snprintf(err, n, "`ssot config` takes one path, got also `%s`", argv[i]);
            return SSOT_ERR_USAGE;
        }
        add_path(o, argv[i]);
    }
    return SSOT_OK;
}

/* `ssot diff`: its own options; the ones it shares with `check` mean the same there. */
static ssot_status diff_option(int c, int argc, char **argv, ssot_options *o, char *err,
                               size_t n)
{
    switch (c) {
    case OPT_FORMAT:
        if (strcmp(optarg, "text") && strcmp(optarg, "json") && strcmp(optarg, "markdown") &&
            strcmp(optarg, "sarif")) {
            snprintf(err, n, "unknown output format `%s` for `ssot diff` (expected one of: "
                             SSOT_DIFF_FORMATS ")", optarg);
            return SSOT_ERR_USAGE;
        }
        o->format = optarg;
        return SSOT_OK;
    case OPT_FAIL_ON_KINDS:
        o->fail_on_kinds = optarg;
        return SSOT_OK;
    case OPT_OUTPUT_FILE:
    case OPT_SELECT:
    case OPT_IGNORE:
    case OPT_EXIT_ZERO:
    case OPT_THREADS:
    case OPT_CACHE_DIR:
    case OPT_NO_CACHE:
        return check_option(c, argc, argv, o, err, n);
    default:
        return shared_option(c, argv, "diff", o, err, n);
    }
}

static ssot_status parse_diff(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_DIFF, diff_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    if (optind < argc)
        o->base = argv[optind++];
    if (optind < argc)
        o->head = argv[optind++];
    if (optind < argc) {
        snprintf(err, n, "`ssot diff` takes BASE and at most one HEAD, got also `%s`",
                 argv[optind]);
        return SSOT_ERR_USAGE;
    }
    if (!o->base) {
        snprintf(err, n, "`ssot diff` needs a base revision (like `ssot diff origin/main`)");
        return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

/* `ssot completion` has no options of its own. */
static ssot_status completion_option(int c, int argc, char **argv, ssot_options *o, char *err,
                                     size_t n)
{
    (void)argc;
    return shared_option(c, argv, "completion", o, err, n);
}

static ssot_status parse_completion(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_COMPLETION, completion_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    if (optind + 1 != argc) {
        snprintf(err, n, "`ssot completion` takes one shell: " SSOT_SHELLS);
        return SSOT_ERR_USAGE;
    }
    o->shell = argv[optind];
    if (strcmp(o->shell, "bash") && strcmp(o->shell, "zsh") && strcmp(o->shell, "fish")) {
        snprintf(err, n, "no completion for `%s` (expected one of: " SSOT_SHELLS ")", o->shell);
        return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

/* `ssot server` has no options of its own and no operands. */
static ssot_status server_option(int c, int argc, char **argv, ssot_options *o, char *err,
                                 size_t n)
{
    (void)argc;
    return shared_option(c, argv, "server", o, err, n);
}

static ssot_status parse_server(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    ssot_status st = parse_options(argc, argv, IN_SERVER, server_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    /* editors' clients add --stdio; it is the only transport anyway */
    for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "--stdio")) {
            snprintf(err, n, "`ssot server` takes no arguments, got `%s`", argv[i]);
            return SSOT_ERR_USAGE;
        }
    return SSOT_OK;
}

/* "unknown command `chek`; did you mean `check`?" (`context`: "" or " for `ssot help`") */
static ssot_status unknown_command(const char *cmd, const char *context, char *err, size_t n)
{
    enum { COUNT = sizeof(commands) / sizeof(commands[0]) };
    const char *names[COUNT + 2];
    for (size_t i = 0; i < COUNT; i++)
        names[i] = commands[i].name;
    names[COUNT] = "help";
    names[COUNT + 1] = "version";
    const char *guess = ssot_config_suggest(cmd, names, COUNT + 2);
    if (guess)
        snprintf(err, n, "unknown command `%s`%s; did you mean `%s`?", cmd, context, guess);
    else
        snprintf(err, n, "unknown command `%s`%s (see `ssot --help`)", cmd, context);
    return SSOT_ERR_USAGE;
}

/* `ssot help [COMMAND]` */
static ssot_status parse_help(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    o->command = SSOT_CMD_HELP;
    if (argc < 3)
        return SSOT_OK;
    if (argc > 3) {
        snprintf(err, n, "`ssot help` takes one command, got also `%s`", argv[3]);
        return SSOT_ERR_USAGE;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(commands[i].name, argv[2])) {
            o->help_topic = commands[i].name;
            return SSOT_OK;
        }
    if (!strcmp(argv[2], "help") || !strcmp(argv[2], "version"))
        return SSOT_OK;
    return unknown_command(argv[2], " for `ssot help`", err, n);
}

static ssot_status audit_option(int c, int argc, char **argv, ssot_options *o, char *err,
                                size_t n)
{
    switch (c) {
    case 'o':
        o->output_file = optarg;
        return SSOT_OK;
    case OPT_FORMAT:
        if (strcmp(optarg, "html") && strcmp(optarg, "json")) {
            snprintf(err, n, "unknown output format `%s` for `ssot audit` (expected one of: "
                             SSOT_AUDIT_FORMATS ")", optarg);
            return SSOT_ERR_USAGE;
        }
        o->format = optarg;
        return SSOT_OK;
    case OPT_RECORD:
        o->record = true;
        return SSOT_OK;
    case OPT_HISTORY:
        o->history = optarg;
        return SSOT_OK;
    case OPT_FAIL_UNDER:
        if (strlen(optarg) != 1 || !strchr("ABCDEabcde", optarg[0])) {
            snprintf(err, n, "--fail-under takes a grade from A to E, not `%s`", optarg);
            return SSOT_ERR_USAGE;
        }
        o->fail_under = (char)(optarg[0] & ~0x20);
        return SSOT_OK;
    case OPT_FAIL_UNDER_MODULE:
        o->fail_under_module = true;
        return SSOT_OK;
    case OPT_BASELINE:
    case OPT_THREADS:
    case OPT_CACHE_DIR:
    case OPT_NO_CACHE:
    case OPT_SELECT: /* rule selection and excludes: parsed as `ssot check` parses them */
    case OPT_IGNORE:
    case OPT_EXTEND_SELECT:
    case OPT_EXCLUDE:
    case OPT_EXTEND_EXCLUDE:
    case OPT_FORCE_EXCLUDE:
        return check_option(c, argc, argv, o, err, n);
    default:
        return shared_option(c, argv, "audit", o, err, n);
    }
}

static ssot_status parse_audit(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    o->format = "html";
    ssot_status st = parse_options(argc, argv, IN_AUDIT, audit_option, o, err, n);
    if (st != SSOT_OK || o->command == SSOT_CMD_HELP)
        return st;
    if (o->fail_under_module && !o->fail_under) {
        snprintf(err, n, "--fail-under-module needs --fail-under GRADE");
        return SSOT_ERR_USAGE;
    }
    for (int i = optind; i < argc; i++)
        add_path(o, argv[i]);
    return SSOT_OK;
}

ssot_status ssot_options_parse(int argc, char **argv, ssot_options *o, char *err, size_t n)
{
    memset(o, 0, sizeof(*o));
    o->format = "text";
    o->fail_on = SSOT_SEVERITY_WARNING;
    err[0] = '\0';
    if (argc < 2) {
        o->command = SSOT_CMD_HELP;
        return SSOT_OK;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        o->command = SSOT_CMD_HELP;
        return SSOT_OK;
    }
    if (!strcmp(cmd, "help"))
        return parse_help(argc, argv, o, err, n);
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        o->command = SSOT_CMD_VERSION;
        return SSOT_OK;
    }
    optind = 0; /* glibc: full re-initialisation, so parsing can run more than once */
    opterr = 0;
    if (!strcmp(cmd, "check")) {
        o->command = SSOT_CMD_CHECK;
        return parse_check(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "rule")) {
        o->command = SSOT_CMD_RULE;
        return parse_rule(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "config")) {
        o->command = SSOT_CMD_CONFIG;
        return parse_config(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "merge")) {
        o->command = SSOT_CMD_MERGE;
        return parse_merge(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "completion")) {
        o->command = SSOT_CMD_COMPLETION;
        return parse_completion(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "diff")) {
        o->command = SSOT_CMD_DIFF;
        return parse_diff(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "audit")) {
        o->command = SSOT_CMD_AUDIT;
        return parse_audit(argc - 1, argv + 1, o, err, n);
    }
    if (!strcmp(cmd, "server")) {
        o->command = SSOT_CMD_SERVER;
        return parse_server(argc - 1, argv + 1, o, err, n);
    }
    return unknown_command(cmd, "", err, n);
}

const ssot_option_info *ssot_options_info(size_t *count)
{
    *count = LONG_OPTION_COUNT;
    return long_options;
}

const ssot_command_info *ssot_commands_info(size_t *count)
{
    *count = sizeof(commands) / sizeof(commands[0]);
    return commands;
}

const char *ssot_usage_for(const char *topic)
{
    for (size_t i = 0; topic && i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(commands[i].name, topic))
            return commands[i].usage;
    return ssot_usage_main;
}

void ssot_options_fini(ssot_options *o)
{
    for (size_t i = 0; i < o->select_count; i++)
        free(o->select[i]);
    for (size_t i = 0; i < o->ignore_count; i++)
        free(o->ignore[i]);
    for (size_t i = 0; i < o->extend_select_count; i++)
        free(o->extend_select[i]);
    free(o->select);
    free(o->ignore);
    free(o->extend_select);
    for (size_t i = 0; i < o->exclude_count; i++)
        free(o->exclude[i]);
    for (size_t i = 0; i < o->extend_exclude_count; i++)
        free(o->extend_exclude[i]);
    free(o->exclude);
    free(o->extend_exclude);
    for (size_t i = 0; i < o->report_count; i++)
        free(o->reports[i].path);
    free(o->reports);
    free(o->paths);
    memset(o, 0, sizeof(*o));
}

ssot_status ssot_options_select(const ssot_options *o, bool *enabled, char *err, size_t n)
{
    size_t nrules;
    ssot_rules(&nrules);
    /* no configuration files: built-in defaults, which define no project rules */
    ssot_config *defaults = ssot_config_defaults();
    ssot_selections *set = ssot_selections_new(o);
    const ssot_selection *sel = ssot_selections_for(set, defaults, err, n);
    if (sel)
        memcpy(enabled, sel->enabled, nrules * sizeof(bool));
    ssot_selections_free(set);
    ssot_config_free(defaults);
    return sel ? SSOT_OK : SSOT_ERR_USAGE;
}
