/* analyzer/server/uri.h - `file://` URIs and file paths, as LSP clients send and expect them. */
#ifndef SSOT_ANALYZER_SERVER_URI_H
#define SSOT_ANALYZER_SERVER_URI_H

/* The absolute path of a `file://` URI (percent-decoding done; `file://localhost/` accepted).
 * NULL for another scheme, a remote host, or a path with a NUL byte. The caller frees it. */
char *ssot_uri_to_path(const char *uri);
/* `file://` and the absolute path, percent-encoded. The caller frees it. */
char *ssot_uri_from_path(const char *path);

#endif /* SSOT_ANALYZER_SERVER_URI_H */
