/* analyzer/cli/audit.h - the `ssot audit` command. */
#ifndef SSOT_ANALYZER_CLI_AUDIT_H
#define SSOT_ANALYZER_CLI_AUDIT_H

#include "analyzer/cli/options.h"

/* Run `ssot audit` as `o` asks; returns the exit code (0 the report was written, 2 the run
 * failed, with one line on stderr). */
int ssot_cli_audit(const ssot_options *o);

#endif /* SSOT_ANALYZER_CLI_AUDIT_H */
