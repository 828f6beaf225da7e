/* analyzer/server/documents.h - the documents an editor has open: their URI, path and current
 * text, kept up to date from didOpen/didChange/didClose. */
#ifndef SSOT_ANALYZER_SERVER_DOCUMENTS_H
#define SSOT_ANALYZER_SERVER_DOCUMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ssot_document {
    char *uri;      /* owned: as the client sent it (replies use it unchanged) */
    char *path;     /* owned: the file's absolute path; NULL when not a file:// URI */
    char *text;     /* owned: UTF-8, NUL-terminated */
    size_t len;
    long long version;
    bool stale;     /* changed since its diagnostics were last published */
} ssot_document;

typedef struct ssot_documents ssot_documents;

ssot_documents *ssot_documents_new(void);
void ssot_documents_free(ssot_documents *docs); /* NULL is a no-op */

/* Open (or replace) the document `uri` with `text` (copied). Returns it; can't fail. */
ssot_document *ssot_documents_open(ssot_documents *docs, const char *uri, const char *text,
                                   size_t len, long long version);
/* The open document `uri`, or NULL. */
ssot_document *ssot_documents_find(ssot_documents *docs, const char *uri);
void ssot_documents_close(ssot_documents *docs, const char *uri);
/* The number of open documents, and the i-th. */
size_t ssot_documents_count(const ssot_documents *docs);
ssot_document *ssot_documents_at(ssot_documents *docs, size_t i);

/* Apply didChange's `contentChanges` (an array of {text} or {range, text}, ranges in UTF-16
 * positions) in order. Returns false, leaving the text as far as it got, when an item is
 * malformed. */
bool ssot_document_apply(ssot_document *doc, json_t *changes, long long version);

#endif /* SSOT_ANALYZER_SERVER_DOCUMENTS_H */
