/* analyzer/discover/project.h - the files of a run when files are named on the command line: the
 * named files, reported, and the rest of the project each belongs to, read for cross-file
 * resolution only. Any split of a file list (pre-commit's) then gives the findings of one
 * run over the whole project. */
#ifndef SSOT_ANALYZER_PROJECT_H
#define SSOT_ANALYZER_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/discover/discover.h"
#include "analyzer/base/status.h"

/* The folder a named file's project lives in: the git work tree around it (unless it
 * ignores the file), else the folder of the configuration file that applies to it, else
 * NULL (no project: the file is read alone). Absolute, without a trailing slash; the caller frees it. Returns NULL too when
 * the configuration cannot be read (ssot_discover_with reports that). */
char *ssot_project_root(const char *file, ssot_config_set *configs);

/* ssot_discover_with over `paths`; when `context` is set, each project root of a named file
 * is walked as well, and the files found only there are listed with `context` set (every
 * file of the project once, with the attributes the walk from the root gives it; a named
 * file keeps the path it was named by). Fails as ssot_discover_with does. */
ssot_status ssot_project_discover(const char *const *paths, size_t n,
                                  const ssot_discover_options *options, bool context,
                                  ssot_file_list *out, char *err, size_t err_size);

#endif /* SSOT_ANALYZER_PROJECT_H */
