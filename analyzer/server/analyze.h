/* analyzer/server/analyze.h - findings for one open document, from the same engine as
 * `ssot check`: the document's text from the editor, the rest of its project from disk and
 * the facts cache, so that cross-file rules see the whole project. */
#ifndef SSOT_ANALYZER_SERVER_ANALYZE_H
#define SSOT_ANALYZER_SERVER_ANALYZE_H

#include <jansson.h>
#include <stddef.h>

#include "analyzer/base/status.h"
#include "analyzer/server/documents.h"

/* LSP diagnostics (a new JSON array) for `doc`: its unsuppressed findings, ranges in UTF-16
 * units of the document's text, the rule as `code` with its page as `codeDescription.href`
 * (under `docs_url`) and `data` {code, row} for code actions. The project is the git work
 * tree or configuration folder around the file, else `workspace` (the editor's folder, an
 * absolute path; may be NULL) when the file is in it. Configuration is read afresh
 * on each call. On failure (the file's project cannot be read: a malformed configuration)
 * returns NULL with a one-line message in `err`. */
json_t *ssot_server_analyze(const ssot_document *doc, const char *workspace,
                            const char *docs_url, char *err, size_t err_size);

#endif /* SSOT_ANALYZER_SERVER_ANALYZE_H */
