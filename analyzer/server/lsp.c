/* analyzer/server/lsp.c - LSP handlers: initialize/shutdown/exit, text synchronisation
 * (didOpen, didChange, didSave, didClose) publishing diagnostics, code actions, and a
 * re-check of every open document when configuration or other files change. */
#include "analyzer/server/lsp.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/server/actions.h"
#include "analyzer/server/analyze.h"
#include "analyzer/server/documents.h"
#include "analyzer/server/jsonrpc.h"
#include "analyzer/server/uri.h"

struct ssot_lsp {
    FILE *out, *log;         /* borrowed */
    ssot_documents *docs;    /* owned */
    bool initialized;        /* `initialize` answered */
    bool shutdown;           /* `shutdown` answered: only `exit` is left */
    bool watch_files;        /* the client can register file watchers for us */
    char *workspace;         /* owned: the workspace folder's path, or NULL */
};

ssot_lsp *ssot_lsp_new(FILE *out, FILE *log)
{
    ssot_lsp *lsp = ssot_calloc(1, sizeof(*lsp));
    lsp->out = out;
    lsp->log = log;
    lsp->docs = ssot_documents_new();
    return lsp;
}

void ssot_lsp_free(ssot_lsp *lsp)
{
    if (!lsp)
        return;
    ssot_documents_free(lsp->docs);
    free(lsp->workspace);
    free(lsp);
}

int ssot_lsp_exit_code(const ssot_lsp *lsp)
{
    return lsp->shutdown ? 0 : 1;
}

/* ---- helpers ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* Files whose change can change every open document's findings. */
static bool is_config(const char *path)
{
    static const char *const names[] = {"/.ssot.toml", "/ssot.toml", "/pyproject.toml",
                                        "/setup.cfg",  "/tox.ini",   "/pytest.ini",
                                        "/.gitignore", NULL};
    for (const char *const *n = names; *n; n++)
        if (ends_with(path, *n))
            return true;
    return false;
}

/* A file ssot checks: Python, JavaScript, TypeScript (by extension, else by shebang). */
static bool is_checked(const ssot_document *doc)
{
    return doc->path && (ssot_frontend_for_path(doc->path) ||
                         ssot_frontend_for_shebang(doc->text, doc->len));
}

static void log_message(ssot_lsp *lsp, int type, const char *text)
{
    fprintf(lsp->log, "ssot server: %s\n", text);
    ssot_rpc_notify(lsp->out, "window/logMessage",
                    json_pack("{s:i, s:s}", "type", type, "message", text));
}

/* Check `doc` and publish its diagnostics (an empty list clears them). */
static void publish_now(ssot_lsp *lsp, ssot_document *doc)
{
    json_t *diags = NULL;
    doc->stale = false;
    if (is_checked(doc)) {
        char err[1024];
        diags = ssot_server_analyze(doc, lsp->workspace, SSOT_DOCS_URL, err, sizeof(err));
        if (!diags)
            log_message(lsp, 1, err);
    }
    if (!diags)
        diags = json_array();
    ssot_rpc_notify(lsp->out, "textDocument/publishDiagnostics",
                    json_pack("{s:s, s:I, s:o}", "uri", doc->uri, "version",
                              (json_int_t)doc->version, "diagnostics", diags));
}

/* Mark `doc` for checking: ssot_lsp_flush publishes it once the client's queued messages are
 * handled, so a burst of changes is checked once, at its last version. */
static void publish(ssot_lsp *lsp, ssot_document *doc)
{
    (void)lsp;
    doc->stale = true;
}

static void publish_all(ssot_lsp *lsp)
{
    for (size_t i = 0; i < ssot_documents_count(lsp->docs); i++)
        publish(lsp, ssot_documents_at(lsp->docs, i));
}

void ssot_lsp_flush(ssot_lsp *lsp)
{
    for (size_t i = 0; i < ssot_documents_count(lsp->docs); i++) {
        ssot_document *doc = ssot_documents_at(lsp->docs, i);
        if (doc->stale)
            publish_now(lsp, doc);
    }
}

/* params.textDocument.uri, or NULL. */
static const char *document_uri(json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

/* ---- lifecycle ---- */

static json_t *initialize(ssot_lsp *lsp, json_t *params)
{
    json_t *watched = json_object_get(
        json_object_get(json_object_get(params, "capabilities"), "workspace"),
        "didChangeWatchedFiles");
    lsp->watch_files = json_is_true(json_object_get(watched, "dynamicRegistration"));
    /* the workspace: the first workspace folder, else rootUri, else the deprecated rootPath */
    json_t *folder = json_array_get(json_object_get(params, "workspaceFolders"), 0);
    const char *uri = json_string_value(json_object_get(folder, "uri"));
    if (!uri)
        uri = json_string_value(json_object_get(params, "rootUri"));
    lsp->workspace = uri ? ssot_uri_to_path(uri) : NULL;
    const char *path = json_string_value(json_object_get(params, "rootPath"));
    if (!lsp->workspace && path && path[0] == '/')
        lsp->workspace = ssot_strdup(path);
    lsp->initialized = true;
    /* positions are UTF-16 code units, LSP's default and the one every client supports */
    return json_pack("{s:{s:s, s:{s:b, s:i, s:{s:b}}, s:{s:[s]}}, s:{s:s, s:s}}",
                     "capabilities", "positionEncoding", "utf-16",
                     "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
                     "codeActionProvider", "codeActionKinds", "quickfix",
                     "serverInfo", "name", "ssot", "version", SSOT_VERSION);
}

/* Ask the client to tell us about configuration and Python files changing on disk. */
static void register_watchers(ssot_lsp *lsp)
{
    if (!lsp->watch_files)
        return;
    json_t *watchers = json_pack(
        "[{s:s}, {s:s}]", "globPattern",
        "**/{.ssot.toml,ssot.toml,pyproject.toml,setup.cfg,tox.ini,pytest.ini,.gitignore}",
        "globPattern", "**/*.py");
    json_t *msg = json_pack("{s:s, s:s, s:{s:[{s:s, s:s, s:{s:o}}]}}", "id", "ssot-watch",
                            "method", "client/registerCapability", "params", "registrations",
                            "id", "ssot-watch", "method", "workspace/didChangeWatchedFiles",
                            "registerOptions", "watchers", watchers);
    ssot_rpc_write(lsp->out, msg);
}

/* ---- text synchronisation ---- */

/* didOpen: false when params are malformed. */
static bool did_open(ssot_lsp *lsp, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    json_t *uri = json_object_get(td, "uri"), *text = json_object_get(td, "text");
    json_t *version = json_object_get(td, "version");
    if (!json_is_string(uri) || !json_is_string(text))
        return false;
    ssot_document *doc = ssot_documents_open(
        lsp->docs, json_string_value(uri), json_string_value(text), json_string_length(text),
        json_is_integer(version) ? json_integer_value(version) : 0);
    publish(lsp, doc);
    return true;
}

static bool did_change(ssot_lsp *lsp, json_t *params)
{
    const char *uri = document_uri(params);
    ssot_document *doc = uri ? ssot_documents_find(lsp->docs, uri) : NULL;
    if (!doc)
        return false;
    json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
    bool ok = ssot_document_apply(doc, json_object_get(params, "contentChanges"),
                                  json_is_integer(version) ? json_integer_value(version)
                                                           : doc->version + 1);
    publish(lsp, doc);
    return ok;
}

static bool did_save(ssot_lsp *lsp, json_t *params)
{
    const char *uri = document_uri(params);
    if (!uri)
        return false;
    ssot_document *doc = ssot_documents_find(lsp->docs, uri);
    json_t *text = json_object_get(params, "text");
    if (doc && json_is_string(text))
        ssot_documents_open(lsp->docs, uri, json_string_value(text), json_string_length(text),
                            doc->version);
    /* a saved configuration file changes what applies to every document */
    if (doc && doc->path && is_config(doc->path))
        publish_all(lsp);
    else if (doc)
        publish(lsp, doc);
    return true;
}

static bool did_close(ssot_lsp *lsp, json_t *params)
{
    const char *uri = document_uri(params);
    if (!uri)
        return false;
    ssot_rpc_notify(lsp->out, "textDocument/publishDiagnostics",
                    json_pack("{s:s, s:[]}", "uri", uri, "diagnostics"));
    ssot_documents_close(lsp->docs, uri);
    return true;
}

/* Files changed on disk: configuration, or other files of the project (cross-file rules). */
static bool did_change_watched(ssot_lsp *lsp, json_t *params)
{
    if (!json_is_array(json_object_get(params, "changes")))
        return false;
    publish_all(lsp);
    return true;
}

/* ---- dispatch ---- */

typedef bool notification_fn(ssot_lsp *lsp, json_t *params);

static const struct {
    const char *method;
    notification_fn *handle;
} notifications[] = {
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didSave", did_save},
    {"textDocument/didClose", did_close},
    {"workspace/didChangeWatchedFiles", did_change_watched},
};

static void notification(ssot_lsp *lsp, const char *method, json_t *params)
{
    if (!strcmp(method, "initialized")) {
        register_watchers(lsp);
        return;
    }
    if (!lsp->initialized || lsp->shutdown)
        return; /* dropped, as the specification asks */
    if (!strcmp(method, "workspace/didChangeConfiguration")) {
        publish_all(lsp);
        return;
    }
    for (size_t i = 0; i < sizeof(notifications) / sizeof(notifications[0]); i++)
        if (!strcmp(method, notifications[i].method)) {
            if (!json_is_object(params) || !notifications[i].handle(lsp, params)) {
                char text[256];
                snprintf(text, sizeof(text), "%s: invalid params, ignored", method);
                log_message(lsp, 2, text);
            }
            return;
        }
    /* other notifications ($/cancelRequest, $/setTrace ...) need no action */
}

static void request(ssot_lsp *lsp, json_t *id, const char *method, json_t *params)
{
    if (!strcmp(method, "initialize")) {
        if (lsp->initialized) {
            ssot_rpc_error(lsp->out, id, SSOT_RPC_INVALID_REQUEST, "already initialized");
        } else if (!json_is_object(params)) {
            ssot_rpc_error(lsp->out, id, SSOT_RPC_INVALID_PARAMS,
                           "initialize: params must be an object");
        } else {
            ssot_rpc_reply(lsp->out, id, initialize(lsp, params));
        }
        return;
    }
    if (!lsp->initialized) {
        ssot_rpc_error(lsp->out, id, SSOT_RPC_SERVER_NOT_INITIALIZED, "server not initialized");
        return;
    }
    if (lsp->shutdown) {
        ssot_rpc_error(lsp->out, id, SSOT_RPC_INVALID_REQUEST, "server is shutting down");
        return;
    }
    if (!strcmp(method, "shutdown")) {
        lsp->shutdown = true;
        ssot_rpc_reply(lsp->out, id, NULL);
        return;
    }
    if (!strcmp(method, "textDocument/codeAction")) {
        const char *uri = json_is_object(params) ? document_uri(params) : NULL;
        ssot_document *doc = uri ? ssot_documents_find(lsp->docs, uri) : NULL;
        json_t *actions = !uri ? NULL : doc ? ssot_server_code_actions(doc, params) : json_array();
        if (actions)
            ssot_rpc_reply(lsp->out, id, actions);
        else
            ssot_rpc_error(lsp->out, id, SSOT_RPC_INVALID_PARAMS,
                           "textDocument/codeAction: params need textDocument.uri and "
                           "context.diagnostics");
        return;
    }
    char text[256];
    snprintf(text, sizeof(text), "method not found: %.200s", method);
    ssot_rpc_error(lsp->out, id, SSOT_RPC_METHOD_NOT_FOUND, text);
}

bool ssot_lsp_handle(ssot_lsp *lsp, json_t *msg)
{
    if (!json_is_object(msg)) {
        ssot_rpc_error(lsp->out, NULL, SSOT_RPC_INVALID_REQUEST,
                       "a message must be a JSON object (batches are not supported)");
        return true;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    if (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id)) {
        ssot_rpc_error(lsp->out, NULL, SSOT_RPC_INVALID_REQUEST,
                       "id must be a number or a string");
        return true;
    }
    if (!method) {
        /* a response to one of our requests (registerCapability): nothing to do */
        if (id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
            return true;
        ssot_rpc_error(lsp->out, id, SSOT_RPC_INVALID_REQUEST, "a message needs a method");
        return true;
    }
    if (!json_is_string(method)) {
        ssot_rpc_error(lsp->out, id, SSOT_RPC_INVALID_REQUEST, "method must be a string");
        return true;
    }
    const char *name = json_string_value(method);
    json_t *params = json_object_get(msg, "params");
    if (!strcmp(name, "exit"))
        return false;
    if (id)
        request(lsp, id, name, params);
    else
        notification(lsp, name, params);
    return true;
}
