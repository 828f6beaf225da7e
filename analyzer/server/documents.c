/* analyzer/server/documents.c - the open documents, a small list (an editor has a handful
 * open), and full or incremental text changes applied to them. */
#include "analyzer/server/documents.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/server/uri.h"
#include "analyzer/server/utf16.h"

struct ssot_documents {
    ssot_document **items; /* owned */
    size_t count;
};

ssot_documents *ssot_documents_new(void)
{
    return ssot_calloc(1, sizeof(ssot_documents));
}

static void document_free(ssot_document *doc)
{
    free(doc->uri);
    free(doc->path);
    free(doc->text);
    free(doc);
}

void ssot_documents_free(ssot_documents *docs)
{
    if (!docs)
        return;
    for (size_t i = 0; i < docs->count; i++)
        document_free(docs->items[i]);
    free(docs->items);
    free(docs);
}

ssot_document *ssot_documents_find(ssot_documents *docs, const char *uri)
{
    for (size_t i = 0; i < docs->count; i++)
        if (!strcmp(docs->items[i]->uri, uri))
            return docs->items[i];
    return NULL;
}

static void set_text(ssot_document *doc, const char *text, size_t len)
{
    free(doc->text);
    doc->text = ssot_malloc(len + 1);
    memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;
}

ssot_document *ssot_documents_open(ssot_documents *docs, const char *uri, const char *text,
                                   size_t len, long long version)
{
    ssot_document *doc = ssot_documents_find(docs, uri);
    if (!doc) {
        doc = ssot_calloc(1, sizeof(*doc));
        doc->uri = ssot_strdup(uri);
        doc->path = ssot_uri_to_path(uri);
        docs->items = ssot_realloc(docs->items, (docs->count + 1) * sizeof(*docs->items));
        docs->items[docs->count++] = doc;
    }
    set_text(doc, text, len);
    doc->version = version;
    return doc;
}

void ssot_documents_close(ssot_documents *docs, const char *uri)
{
    for (size_t i = 0; i < docs->count; i++)
        if (!strcmp(docs->items[i]->uri, uri)) {
            document_free(docs->items[i]);
            docs->items[i] = docs->items[--docs->count];
            return;
        }
}

size_t ssot_documents_count(const ssot_documents *docs)
{
    return docs->count;
}

ssot_document *ssot_documents_at(ssot_documents *docs, size_t i)
{
    return docs->items[i];
}

/* {line, character} -> a byte offset in the document; false when malformed. */
static bool offset_of(const ssot_document *doc, json_t *pos, size_t *out)
{
    json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
    if (!json_is_integer(line) || !json_is_integer(ch) || json_integer_value(line) < 0 ||
        json_integer_value(ch) < 0 || json_integer_value(line) > UINT32_MAX ||
        json_integer_value(ch) > UINT32_MAX)
        return false;
    *out = ssot_utf16_offset(doc->text, doc->len, (uint32_t)json_integer_value(line),
                             (uint32_t)json_integer_value(ch));
    return true;
}

/* One change: a new whole text, or a range replaced. */
static bool apply_one(ssot_document *doc, json_t *change)
{
    json_t *text = json_object_get(change, "text");
    if (!json_is_string(text))
        return false;
    const char *t = json_string_value(text);
    size_t tlen = json_string_length(text);
    json_t *range = json_object_get(change, "range");
    if (!range) {
        set_text(doc, t, tlen);
        return true;
    }
    size_t start, end;
    if (!offset_of(doc, json_object_get(range, "start"), &start) ||
        !offset_of(doc, json_object_get(range, "end"), &end))
        return false;
    if (end < start) {
        size_t swap = start;
        start = end;
        end = swap;
    }
    size_t len = doc->len - (end - start) + tlen;
    char *next = ssot_malloc(len + 1);
    memcpy(next, doc->text, start);
    memcpy(next + start, t, tlen);
    memcpy(next + start + tlen, doc->text + end, doc->len - end);
    next[len] = '\0';
    free(doc->text);
    doc->text = next;
    doc->len = len;
    return true;
}

bool ssot_document_apply(ssot_document *doc, json_t *changes, long long version)
{
    if (!json_is_array(changes))
        return false;
    size_t i;
    json_t *change;
    json_array_foreach(changes, i, change) {
        if (!json_is_object(change) || !apply_one(doc, change))
            return false;
    }
    doc->version = version;
    return true;
}
