/* analyzer/cli/cli.h - what the commands share with main() in cli.c: the exit codes, the
 * one-line error, colour on a terminal, the configuration set and the project root of a run
 * (those two in setup.c). Only main() exits. */
#ifndef SSOT_ANALYZER_CLI_CLI_H
#define SSOT_ANALYZER_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/cli/options.h"
#include "analyzer/cli/progress.h"
#include "analyzer/config/config.h"

enum { SSOT_EXIT_CLEAN = 0, SSOT_EXIT_FINDINGS = 1, SSOT_EXIT_RUN_FAILED = 2 };
enum { SSOT_MAX_FILE_BYTES = 8 * 1024 * 1024 };

/* Print `ssot: error: MESSAGE` on stderr; returns SSOT_EXIT_RUN_FAILED. */
int ssot_cli_fail(const char *message);
/* Colour on stdout: a terminal, FORCE_COLOR, unless NO_COLOR. */
bool ssot_cli_use_color(void);
/* The configuration set of a run: closest files upward, or --config, or --isolated. NULL
 * with a message when --config cannot be read. The caller frees it. */
ssot_config_set *ssot_cli_configs(const ssot_options *o, char *err, size_t err_size);

/* The project root that reports' paths and fingerprints are relative to: the git work tree
 * around the current folder, or the current folder. The caller frees it. */
char *ssot_cli_project_root(void);

/* The progress line on stderr when it is a terminal, else NULL; free it with
 * ssot_progress_free. */
ssot_progress *ssot_cli_progress(void);

/* `ssot diff BASE [HEAD]` (analyzer/cli/diff_cmd.c): returns the exit code. */
int ssot_cli_diff(const ssot_options *o);
/* `ssot audit [PATHS...]` (analyzer/cli/audit.c): 0 once the report is written, 1 when a
 * grade is worse than --fail-under, 2 when the run failed (one line on stderr). */
int ssot_cli_audit(const ssot_options *o);

#endif /* SSOT_ANALYZER_CLI_CLI_H */
