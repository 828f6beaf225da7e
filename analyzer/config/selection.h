/* analyzer/config/selection.h - which rules run on a file and what fails the run: the file's
 * configuration (select, extend-select, ignore, fail-on, custom rules) overlaid with the
 * command line (--select replaces, --extend-select adds, --ignore removes, --fail-on wins). */
#ifndef SSOT_ANALYZER_SELECTION_H
#define SSOT_ANALYZER_SELECTION_H

#include <stdbool.h>

#include "analyzer/config/config.h"
#include "analyzer/cli/options.h"
#include "rules/rule.h"

typedef struct ssot_selection {
    const ssot_config *config;  /* borrowed; NULL: built-in defaults */
    bool *enabled;              /* owned: per registry index */
    ssot_rule *custom;          /* owned: one per config->custom entry (SS9xx) */
    bool *custom_enabled;       /* owned */
    size_t custom_count;
    ssot_severity fail_on;
    bool *named;                /* owned: per registry index, switched on by its full code
                                   or name (not by a prefix, ALL or the defaults) */
    bool preview;               /* --preview or `preview = true` */
} ssot_selection;

/* Does rule `r` (registry index) run on a file of a language that lists it among its
   preview rules? Only in preview mode or when named. */
bool ssot_selection_language_preview_on(const ssot_selection *sel, size_t r);

typedef struct ssot_selections ssot_selections;

/* `cli` is borrowed and must outlive the set. */
ssot_selections *ssot_selections_new(const ssot_options *cli);
void ssot_selections_free(ssot_selections *set);

/* The selection for files under `config` (made once per configuration). NULL with a one-line
 * message when a selector on the command line is unknown. */
const ssot_selection *ssot_selections_for(ssot_selections *set, const ssot_config *config,
                                          char *err, size_t err_size);

/* A rule by code among the registry and the selection's custom rules, or NULL. */
const ssot_rule *ssot_selection_find(const ssot_selection *sel, const char *code);
/* Did a rule that `code` (a code or a prefix) names run on this selection? *known is set
 * when some rule matches at all. */
bool ssot_selection_ran(const ssot_selection *sel, const char *code, bool *known);

#endif /* SSOT_ANALYZER_SELECTION_H */
