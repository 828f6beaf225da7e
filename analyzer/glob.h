/* analyzer/glob.h - path globs for configuration keys (`tests/**`, `**/test_*.py`,
 * `migrations`), converted to PCRE2 patterns by pcre2_pattern_convert. A glob without
 * a slash matches any path component (like .gitignore); with a slash it matches the path
 * relative to the configuration's folder. `**` matches any number of folders. */
#ifndef SSOT_ANALYZER_GLOB_H
#define SSOT_ANALYZER_GLOB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ssot_glob ssot_glob;

/* Compile `pattern`; NULL with a message (naming the offset) when it is invalid. */
ssot_glob *ssot_glob_new(const char *pattern, char *err, size_t err_size);
void ssot_glob_free(ssot_glob *glob); /* NULL is a no-op */
const char *ssot_glob_pattern(const ssot_glob *glob);
/* `relpath` is relative to the configuration's folder, '/'-separated, no leading "./".
 * Thread-safe. */
bool ssot_glob_match(const ssot_glob *glob, const char *relpath);

#endif /* SSOT_ANALYZER_GLOB_H */
