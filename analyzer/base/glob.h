/* analyzer/base/glob.h - path globs for configuration keys, converted to PCRE2 patterns by
 * pcre2_pattern_convert ('/' separates folders). A glob without a slash matches any one
 * path component, like .gitignore: `migrations`, `*_pb2.py`. With a slash it matches the
 * path relative to the configuration's folder; `*` stays inside one folder and `**`
 * matches any number of folders, none included. A glob that matches a folder also
 * matches everything below it. docs/configuration.md has examples (a slash followed by a
 * star cannot be written inside a C comment). */
#ifndef SSOT_ANALYZER_GLOB_H
#define SSOT_ANALYZER_GLOB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ssot_glob ssot_glob;

/* Compile `pattern`; NULL with a message (naming the offset) when it is invalid. */
ssot_glob *ssot_glob_new(const char *pattern, char *err, size_t err_size);
void ssot_glob_free(ssot_glob *glob); /* NULL is a no-op */
const char *ssot_glob_pattern(const ssot_glob *glob);
/* Does the glob match the file at `relpath` (relative to the configuration's folder,
 * '/'-separated, no leading "./")? A glob ending in a slash and `**` matches only what is
 * inside a folder it names, never a file whose name it would match (a folder glob
 * `staging` with stars around it leaves the file tests/test_staging.py alone).
 * Thread-safe. */
bool ssot_glob_match(const ssot_glob *glob, const char *relpath);
/* The same for the folder at `relpath`: a trailing slash and `**` also match the folder
 * itself. */
bool ssot_glob_match_folder(const ssot_glob *glob, const char *relpath);

#endif /* SSOT_ANALYZER_GLOB_H */
