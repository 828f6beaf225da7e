/* analyzer/cli/setup.h - what every command that reads a project sets up first: the
 * configuration set of the run and the project root. */
#ifndef SSOT_ANALYZER_CLI_SETUP_H
#define SSOT_ANALYZER_CLI_SETUP_H

#include <stddef.h>

#include "analyzer/cli/options.h"
#include "analyzer/config/config.h"

/* The configuration set for this run: closest files upward, or --config, or --isolated.
 * NULL with a one-line message in `err` when --config cannot be loaded. */
ssot_config_set *ssot_cli_configs(const ssot_options *o, char *err, size_t err_size);

/* The project root that reports' paths and fingerprints are relative to: the git work tree
 * around the current folder, or the current folder. The caller frees it. */
char *ssot_cli_project_root(void);

#endif /* SSOT_ANALYZER_CLI_SETUP_H */
