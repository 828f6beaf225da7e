/* analyzer/server/analyze.c - run the engine over a document's project with the document's
 * text in memory (ssot_engine_config.overlay_*), and turn its findings into LSP diagnostics. */
#include "analyzer/server/analyze.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/pool.h"
#include "analyzer/config/config.h"
#include "analyzer/config/selection.h"
#include "analyzer/discover/project.h"
#include "analyzer/engine/engine.h"
#include "analyzer/report/report.h"
#include "analyzer/server/utf16.h"
#include "rules/rule.h"

enum { MAX_FILE_BYTES = 8 * 1024 * 1024 };

static json_t *position(const ssot_document *doc, uint32_t row, uint32_t col)
{
    uint32_t line = row ? row - 1 : 0;
    uint32_t ch = ssot_utf16_character(doc->text, doc->len, line, col ? col - 1 : 0);
    return json_pack("{s:I, s:I}", "line", (json_int_t)line, "character", (json_int_t)ch);
}

static json_t *diagnostic(const ssot_document *doc, const ssot_diag *d, const char *docs_url)
{
    ssot_report_input in = {0};
    in.docs_url = docs_url;
    char *href = ssot_report_rule_url(&in, d->rule);
    ssot_span s = d->span;
    if (s.end_row < s.row || (s.end_row == s.row && s.end_col < s.col)) {
        s.end_row = s.row;
        s.end_col = s.col;
    }
    static const int severities[] = {3, 2, 1}; /* info, warning, error */
    json_t *o = json_object();
    json_object_set_new(o, "range", json_pack("{s:o, s:o}", "start", position(doc, s.row, s.col),
                                              "end", position(doc, s.end_row, s.end_col)));
    json_object_set_new(o, "severity", json_integer(severities[d->severity]));
    json_object_set_new(o, "code", json_string(d->rule->code));
    json_object_set_new(o, "codeDescription", json_pack("{s:s}", "href", href));
    json_object_set_new(o, "source", json_string("ssot"));
    json_t *message = json_string(d->message);
    json_object_set_new(o, "message", message ? message : json_string("(message not UTF-8)"));
    json_object_set_new(o, "data", json_pack("{s:s, s:I}", "code", d->rule->code, "row",
                                             (json_int_t)s.row));
    free(href);
    return o;
}

/* The configurations, the document's project discovered around it, and the engine with the
 * document's text; its shown findings as diagnostics. */
/* Whether `path` is `folder` or below it. */
static bool inside(const char *path, const char *folder)
{
    size_t n = strlen(folder);
    while (n > 1 && folder[n - 1] == '/')
        n--;
    return !strncmp(path, folder, n) && (path[n] == '/' || (n == 1 && folder[0] == '/'));
}

json_t *ssot_server_analyze(const ssot_document *doc, const char *workspace,
                            const char *docs_url, char *err, size_t err_size)
{
    ssot_config_set *configs = ssot_config_set_new();
    ssot_selections *selections = ssot_selections_new(NULL);
    json_t *result = NULL;
    /* the project: the git work tree or configuration folder around the file, else the
     * editor's workspace folder when the file is in it */
    char *root = ssot_project_root(doc->path, configs);
    const char *paths[] = {doc->path, workspace};
    size_t npaths = 1;
    if (!root && workspace && inside(doc->path, workspace)) {
        root = ssot_strdup(workspace);
        npaths = 2;
    }
    if (!root) {
        root = ssot_strdup(doc->path);
        char *slash = strrchr(root, '/');
        *(slash == root ? slash + 1 : slash) = '\0';
    }
    ssot_discover_options dopts = {configs, false};
    ssot_file_list files;
    if (ssot_project_discover(paths, npaths, &dopts, true, &files, err, err_size) != SSOT_OK) {
        free(root);
        goto out_configs;
    }
    /* the document as discovery lists it (relative to the current folder when inside it) */
    bool *report = ssot_calloc(files.count + 1, sizeof(*report));
    const char *path = doc->path;
    for (size_t i = 0; i < files.count; i++) {
        char *abs = ssot_config_abspath(files.items[i].path);
        report[i] = !strcmp(abs, doc->path);
        if (report[i])
            path = files.items[i].path;
        free(abs);
    }
    char *cache_dir = ssot_asprintf("%s/.ssot_cache", root);
    ssot_engine_config config = {.selections = selections,
                                 .threads = ssot_pool_default_threads(),
                                 .max_file_bytes = MAX_FILE_BYTES,
                                 .root = root,
                                 .report = report,
                                 .cache_dir = cache_dir};
    ssot_run run;
    if (ssot_engine_run_with_text(&config, &files, path, doc->text, doc->len, &run, err,
                                  err_size) == SSOT_OK) {
        result = json_array();

        for (size_t i = 0; i < run.diag_count; i++) {
            const ssot_diag *d = run.diags[i];
            if (ssot_report_shown(d) && d->file && !strcmp(d->file, path))
                json_array_append_new(result, diagnostic(doc, d, docs_url));
        }
        ssot_run_fini(&run);
    }
    free(cache_dir);
    free(report);
    free(root);
    ssot_file_list_fini(&files);
out_configs:
    ssot_selections_free(selections);
    ssot_config_set_free(configs);
    return result;
}
