/* analyzer/cli/add_noqa.h - --add-noqa: turn the findings of a run into inline suppressions. */
#ifndef SSOT_ANALYZER_CLI_ADD_NOQA_H
#define SSOT_ANALYZER_CLI_ADD_NOQA_H

#include <stddef.h>
#include <stdio.h>

#include "analyzer/base/status.h"
#include "analyzer/engine/diag.h"

/* Write `# ssot: ignore[CODE, ...]` on the line of each shown finding of a Python file in
 * `diags` (`// ssot: ignore[...]` in a JavaScript/TypeScript file), merged into an
 * `ssot: ignore[...]` or `noqa:` list already on that line, one atomic rewrite per file
 * with findings; other files are never opened for writing. The bytes of the file are kept
 * (encoding, line endings). Files that are not
 * regular files with a single link are not rewritten: each is a warning line on `warnings`,
 * the rest are still annotated, and SSOT_ERR_IO is returned with the first message in `err`.
 * `added` counts codes written, `files` the files changed, `skipped` the lines that cannot
 * take a comment (they end inside a string, or a backslash continues them; in JavaScript/
 * TypeScript inside a string, template literal, regular expression, block comment or JSX,
 * or the file has a syntax error), `other_language` the findings in files of a language
 * with no comment writer, which are left alone. */
ssot_status ssot_add_noqa(const ssot_diag *const *diags, size_t count, FILE *warnings,
                          size_t *added, size_t *files, size_t *skipped,
                          size_t *other_language, char *err, size_t err_size);

#endif /* SSOT_ANALYZER_CLI_ADD_NOQA_H */
