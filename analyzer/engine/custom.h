/* analyzer/engine/custom.h - run the configuration's [[custom]] PCRE2 rules (SS910-SS999) over one
 * file's source text, line by line or over the whole file. */
#ifndef SSOT_ANALYZER_CUSTOM_H
#define SSOT_ANALYZER_CUSTOM_H

#include "analyzer/engine/diag.h"
#include "analyzer/config/selection.h"
#include "analyzer/discover/source.h"

/* Report every match of every enabled custom rule whose `files` scope matches `config_path`
 * (the file's path relative to its configuration's folder). */
void ssot_custom_run(const ssot_selection *sel, const bool *custom_enabled,
                     const ssot_source *src, const char *config_path, ssot_sink *sink);

#endif /* SSOT_ANALYZER_CUSTOM_H */
