/* analyzer/cli/completion.h - shell completion scripts generated from the option table. */
#ifndef SSOT_ANALYZER_COMPLETION_H
#define SSOT_ANALYZER_COMPLETION_H

#include <stddef.h>
#include <stdio.h>

/* Write the completion script for `shell` ("bash", "zsh" or "fish") to `out`: the commands,
 * every long option of ssot_options_info() with its help line from the usage texts, and the
 * values they take (output formats, levels, rule codes). Returns 0, or -1 for an unknown shell
 * or a write error. */
int ssot_completion_write(FILE *out, const char *shell);

/* The help line of option `name` (without dashes) in a usage text: the words after its
 * name, continuation lines joined by one space, into `buf`. Returns 0, or -1 when the usage
 * text does not list the option (buf is then empty). */
int ssot_completion_option_help(const char *usage, const char *name, char *buf, size_t n);

#endif /* SSOT_ANALYZER_COMPLETION_H */
