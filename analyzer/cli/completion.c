/* analyzer/cli/completion.c - the bash, zsh and fish completion scripts, generated from the
 * option and command tables of analyzer/cli/options.c and the help lines of their usage texts,
 * so that a new option is completed as soon as it is parsed. */
#include "analyzer/cli/completion.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/cli/options.h"
#include "analyzer/report/report.h"
#include "analyzer/cli/usage.h"
#include "rules/rule.h"

int ssot_completion_option_help(const char *usage, const char *name, char *buf, size_t n)
{
    ssot_usage_item item;
    buf[0] = '\0';
    char *text = ssot_usage_render(usage);
    for (const char *line = text; line && *line;) {
        const char *next = ssot_usage_item_parse(line, &item);
        if (next && ssot_usage_term_names(item.term, name)) {
            snprintf(buf, n, "%s", item.text);
            free(text);
            return 0;
        }
        if (next) {
            line = next;
        } else {
            line = strchr(line, '\n');
            line = line ? line + 1 : NULL;
        }
    }
    free(text);
    return -1;
}

/* The help of an option: from the usage of the first command that takes it. */
static void option_help(const ssot_option_info *opt, char *buf, size_t n)
{
    size_t ncmd;
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    if (opt->commands & SSOT_IN_MAIN) {
        ssot_completion_option_help(ssot_usage_main, opt->name, buf, n);
        return;
    }
    for (size_t i = 0; i < ncmd; i++)
        if ((opt->commands & cmds[i].bit) &&
            ssot_completion_option_help(cmds[i].usage, opt->name, buf, n) == 0)
            return;
}

/* The help of a command: its line under "Commands:" in the main usage. */
static void command_help(const ssot_command_info *cmd, char *buf, size_t n)
{
    ssot_usage_item item;
    size_t len = strlen(cmd->name);
    buf[0] = '\0';
    for (const char *line = strstr(ssot_usage_main, "\n  "); line; line = strchr(line + 1, '\n'))
        if (ssot_usage_item_parse(line + 1, &item) && !strncmp(item.term, cmd->name, len) &&
            (item.term[len] == ' ' || !item.term[len])) {
            snprintf(buf, n, "%s", item.text);
            return;
        }
}

/* `list` ("a, b, c") as words separated by `sep`. */
static void write_list(FILE *out, const char *list, const char *sep)
{
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ",");
        fprintf(out, "%s%.*s", p == list ? "" : sep, (int)k, p);
        p += k;
        p += strspn(p, ", ");
    }
}

/* The words a value of `kind` can be, separated by `sep`; nothing for files and free text. */
static void write_values(FILE *out, ssot_arg_kind kind, const char *sep)
{
    size_t nrules;
    const ssot_rule *const *rules = ssot_rules(&nrules);
    switch (kind) {
    case SSOT_ARG_REPORT_FORMAT: {
        char names[256];
        ssot_reporter_names(names, sizeof(names), 0);
        write_list(out, names, sep);
        break;
    }
    case SSOT_ARG_DOC_FORMAT:
        write_list(out, SSOT_DOC_FORMATS, sep);
        break;
    case SSOT_ARG_DIFF_FORMAT:
        write_list(out, SSOT_DIFF_FORMATS, sep);
        break;
    case SSOT_ARG_LEVEL:
        write_list(out, SSOT_LEVELS, sep);
        break;
    case SSOT_ARG_SHELL:
        write_list(out, SSOT_SHELLS, sep);
        break;
    case SSOT_ARG_AUDIT_FORMAT:
        write_list(out, SSOT_AUDIT_FORMATS, sep);
        break;
    case SSOT_ARG_RULES:
    case SSOT_ARG_RULE:
        for (size_t i = 0; i < nrules; i++)
            fprintf(out, "%s%s", i ? sep : "", rules[i]->code);
        for (size_t i = 0; kind == SSOT_ARG_RULE && i < nrules; i++)
            fprintf(out, "%s%s", sep, rules[i]->name);
        break;
    default:
        break;
    }
}

static bool is_list(ssot_arg_kind kind)
{
    return kind == SSOT_ARG_REPORT_FORMAT || kind == SSOT_ARG_DOC_FORMAT ||
           kind == SSOT_ARG_DIFF_FORMAT ||
           kind == SSOT_ARG_LEVEL || kind == SSOT_ARG_SHELL || kind == SSOT_ARG_RULE ||
           kind == SSOT_ARG_RULES || kind == SSOT_ARG_AUDIT_FORMAT;
}

/* `text` inside single quotes for sh (bash, zsh): ' becomes '\''; zsh brackets escaped too. */
static void write_quoted(FILE *out, const char *text, bool zsh_brackets)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", out);
        else if (zsh_brackets && strchr("[]:\\", *p))
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
}

/* ---- bash ---- */

/* A `case` branch per value kind: what follows each option of `cmd` that takes a value. */
static void bash_values(FILE *out, const ssot_command_info *cmd)
{
    size_t nopt;
    const ssot_option_info *opts = ssot_options_info(&nopt);
    for (int kind = SSOT_ARG_TEXT; kind <= SSOT_ARG_SHELL; kind++) {
        int seen = 0;
        for (size_t i = 0; i < nopt; i++)
            if ((opts[i].commands & cmd->bit) && (int)opts[i].value == kind)
                fprintf(out, "%s--%s", seen++ ? "|" : "        ", opts[i].name);
        if (!seen)
            continue;
        fputs(")\n            ", out);
        if (kind == SSOT_ARG_TEXT)
            fputs("COMPREPLY=()", out);
        else if (kind == SSOT_ARG_FILE)
            fputs("_ssot_files -f", out);
        else if (kind == SSOT_ARG_DIR)
            fputs("_ssot_files -d", out);
        else if (kind == SSOT_ARG_RULES) {
            fputs("_ssot_words \"", out);
            write_values(out, (ssot_arg_kind)kind, " ");
            fputs("\" ,", out);
        } else if (is_list((ssot_arg_kind)kind)) {
            fputs("_ssot_words \"", out);
            write_values(out, (ssot_arg_kind)kind, " ");
            fputs("\"", out);
        }
        fputs("\n            return ;;\n", out);
    }
}

static void bash_operand(FILE *out, ssot_arg_kind kind)
{
    if (kind == SSOT_ARG_FILE || kind == SSOT_ARG_PATHS) {
        fputs("_ssot_files -f", out);
    } else {
        fputs("_ssot_words \"", out);
        write_values(out, kind, " ");
        fputs("\"", out);
    }
}

/* Every option of the commands in `bits`, long and short forms. */
static void write_option_words(FILE *out, unsigned bits, bool *first)
{
    size_t nopt;
    const ssot_option_info *opts = ssot_options_info(&nopt);
    for (size_t i = 0; i < nopt; i++) {
        if (!(opts[i].commands & bits))
            continue;
        fprintf(out, "%s--%s", *first ? "" : " ", opts[i].name);
        *first = false;
        if (opts[i].code < 256)
            fprintf(out, " -%c", opts[i].code);
    }
}

static void write_bash(FILE *out)
{
    size_t ncmd;
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    fputs("# bash completion for ssot: generated by `ssot completion bash` from ssot's option\n"
          "# table; do not edit.\n"
          "_ssot_words()\n{\n"
          "    # words, after the last $2 of a comma-separated list when $2 is given\n"
          "    local pre=\n"
          "    if [[ -n ${2-} && $cur == *\"$2\"* ]]; then pre=${cur%\"$2\"*}$2; fi\n"
          "    mapfile -t COMPREPLY < <(compgen -P \"$pre\" -W \"$1\" -- \"${cur#\"$pre\"}\")\n"
          "}\n\n"
          "_ssot_files()\n{\n"
          "    compopt -o filenames 2>/dev/null\n"
          "    mapfile -t COMPREPLY < <(compgen \"$1\" -- \"$cur\")\n"
          "}\n\n"
          "_ssot()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} cmd= i\n"
          "    # --option=value: bash splits at the `=`\n"
          "    if [[ $cur == = ]]; then\n"
          "        cur=\n"
          "    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then\n"
          "        prev=${COMP_WORDS[COMP_CWORD - 2]}\n"
          "    fi\n"
          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "        case ${COMP_WORDS[i]} in\n"
          "        ",
          out);
    for (size_t i = 0; i < ncmd; i++)
        fprintf(out, "%s%s", i ? "|" : "", cmds[i].name);
    fputs(")\n            cmd=${COMP_WORDS[i]}\n            break ;;\n        esac\n    done\n"
          "    case $cmd in\n    \"\")\n        _ssot_words \"",
          out);
    for (size_t i = 0; i < ncmd; i++)
        fprintf(out, "%s ", cmds[i].name);
    bool first = true;
    write_option_words(out, SSOT_IN_MAIN, &first);
    fputs("\"\n        return ;;\n    esac\n", out);
    for (size_t c = 0; c < ncmd; c++) {
        fprintf(out, "    if [[ $cmd == %s ]]; then\n        case $prev in\n", cmds[c].name);
        bash_values(out, &cmds[c]);
        fputs("        esac\n        if [[ $cur == -* ]]; then\n            _ssot_words \"",
              out);
        first = true;
        write_option_words(out, cmds[c].bit, &first);
        fputs("\"\n        else\n            ", out);
        bash_operand(out, cmds[c].operand);
        fputs("\n        fi\n        return\n    fi\n", out);
    }
    fputs("}\n\ncomplete -F _ssot ssot\n", out);
}

/* ---- zsh ---- */

/* The _arguments spec of one option: '(-q --quiet)'{-q,--quiet}'[help]' or
 * '--select=[help]:value:action'. */
static void zsh_option(FILE *out, const ssot_option_info *opt)
{
    char help[SSOT_USAGE_TEXT_MAX];
    option_help(opt, help, sizeof(help));
    fputs("        ", out);
    if (opt->code < 256)
        fprintf(out, "'(-%c --%s)'{-%c,--%s}'", opt->code, opt->name, opt->code, opt->name);
    else
        fprintf(out, "'--%s%s", opt->name,
                opt->value == SSOT_ARG_NONE ? "" : opt->optional ? "=-" : "=");
    fputc('[', out);
    write_quoted(out, help, true);
    fputc(']', out);
    if (opt->value != SSOT_ARG_NONE) {
        fprintf(out, ":%s%s:", opt->optional ? ":" : "",
                opt->value == SSOT_ARG_RULES ? "rules" : "value");
        if (opt->value == SSOT_ARG_FILE)
            fputs("_files", out);
        else if (opt->value == SSOT_ARG_DIR)
            fputs("_files -/", out);
        else if (opt->value == SSOT_ARG_RULES) {
            fputs("_sequence compadd - ", out);
            write_values(out, opt->value, " ");
        } else if (is_list(opt->value)) {
            fputc('(', out);
            write_values(out, opt->value, " ");
            fputc(')', out);
        } else {
            fputc(' ', out);
        }
    }
    fputs("' \\\n", out);
}

static void write_zsh(FILE *out)
{
    size_t ncmd, nopt;
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    const ssot_option_info *opts = ssot_options_info(&nopt);
    char help[SSOT_USAGE_TEXT_MAX];
    fputs("#compdef ssot\n"
          "# zsh completion for ssot: generated by `ssot completion zsh` from ssot's option\n"
          "# table; do not edit.\n"
          "_ssot()\n{\n"
          "    local curcontext=$curcontext state line ret=1\n"
          "    local -a commands\n"
          "    _arguments -C \\\n",
          out);
    for (size_t i = 0; i < nopt; i++)
        if (opts[i].commands & SSOT_IN_MAIN)
            zsh_option(out, &opts[i]);
    fputs("        '1:command:->command' \\\n"
          "        '*::argument:->argument' && ret=0\n"
          "    case $state in\n"
          "    command)\n"
          "        commands=(\n",
          out);
    for (size_t i = 0; i < ncmd; i++) {
        command_help(&cmds[i], help, sizeof(help));
        fprintf(out, "            '%s:", cmds[i].name);
        write_quoted(out, help, true);
        fputs("'\n", out);
    }
    fputs("        )\n"
          "        _describe -t commands command commands && ret=0 ;;\n"
          "    argument)\n"
          "        case $words[1] in\n",
          out);
    for (size_t c = 0; c < ncmd; c++) {
        fprintf(out, "        %s)\n        _arguments -s \\\n", cmds[c].name);
        for (size_t i = 0; i < nopt; i++)
            if (opts[i].commands & cmds[c].bit)
                zsh_option(out, &opts[i]);
        if (cmds[c].operand == SSOT_ARG_PATHS)
            fputs("        '*:path:_files'", out);
        else if (cmds[c].operand == SSOT_ARG_FILE)
            fputs("        '1:path:_files'", out);
        else {
            fputs("        '1:value:(", out);
            write_values(out, cmds[c].operand, " ");
            fputs(")'", out);
        }
        fputs(" && ret=0 ;;\n", out);
    }
    fputs("        esac ;;\n"
          "    esac\n"
          "    return ret\n"
          "}\n\n"
          "if [[ $funcstack[1] == _ssot ]]; then\n"
          "    _ssot \"$@\"\n"
          "else\n"
          "    compdef _ssot ssot\n"
          "fi\n",
          out);
}

/* ---- fish ---- */

static void fish_quoted(FILE *out, const char *text)
{
    fputc('\'', out);
    for (const char *p = text; *p; p++) {
        if (*p == '\'' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('\'', out);
}

/* The fish condition for the commands in `bits`. */
static void fish_condition(FILE *out, unsigned bits)
{
    size_t ncmd;
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    if (bits & SSOT_IN_MAIN) {
        fputs(" -n __fish_use_subcommand", out);
        return;
    }
    fputs(" -n '__fish_seen_subcommand_from", out);
    for (size_t i = 0; i < ncmd; i++)
        if (bits & cmds[i].bit)
            fprintf(out, " %s", cmds[i].name);
    fputc('\'', out);
}

static void fish_value(FILE *out, ssot_arg_kind kind)
{
    if (kind == SSOT_ARG_FILE || kind == SSOT_ARG_PATHS) {
        fputs(" -F", out);
    } else if (kind == SSOT_ARG_DIR) {
        fputs(" -x -a '(__fish_complete_directories)'", out);
    } else if (is_list(kind)) {
        fputs(" -x -a '", out);
        write_values(out, kind, " ");
        fputc('\'', out);
    }
}

static void write_fish(FILE *out)
{
    size_t ncmd, nopt;
    const ssot_command_info *cmds = ssot_commands_info(&ncmd);
    const ssot_option_info *opts = ssot_options_info(&nopt);
    char help[SSOT_USAGE_TEXT_MAX];
    fputs("# fish completion for ssot: generated by `ssot completion fish` from ssot's option\n"
          "# table; do not edit.\n"
          "complete -c ssot -f\n",
          out);
    for (size_t i = 0; i < ncmd; i++) {
        command_help(&cmds[i], help, sizeof(help));
        fprintf(out, "complete -c ssot -n __fish_use_subcommand -a %s -d ", cmds[i].name);
        fish_quoted(out, help);
        fputc('\n', out);
    }
    for (size_t i = 0; i < ncmd; i++) {
        fputs("complete -c ssot", out);
        fish_condition(out, cmds[i].bit);
        fish_value(out, cmds[i].operand);
        fputc('\n', out);
    }
    for (size_t i = 0; i < nopt; i++) {
        option_help(&opts[i], help, sizeof(help));
        fputs("complete -c ssot", out);
        fish_condition(out, opts[i].commands);
        if (opts[i].code < 256)
            fprintf(out, " -s %c", opts[i].code);
        fprintf(out, " -l %s", opts[i].name);
        if (opts[i].value == SSOT_ARG_FILE)
            fputs(" -r -F", out);
        else if (opts[i].value == SSOT_ARG_TEXT)
            fputs(" -x", out);
        else
            fish_value(out, opts[i].value);
        fputs(" -d ", out);
        fish_quoted(out, help);
        fputc('\n', out);
    }
}

int ssot_completion_write(FILE *out, const char *shell)
{
    if (!strcmp(shell, "bash"))
        write_bash(out);
    else if (!strcmp(shell, "zsh"))
        write_zsh(out);
    else if (!strcmp(shell, "fish"))
        write_fish(out);
    else
        return -1;
    return ferror(out) ? -1 : 0;
}
