/* analyzer/server/uri.c - file URIs (RFC 8089) to paths and back. */
#include "analyzer/server/uri.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

char *ssot_uri_to_path(const char *uri)
{
    if (strncasecmp(uri, "file://", 7))
        return NULL;
    const char *p = uri + 7;
    if (!strncasecmp(p, "localhost/", 10))
        p += 9;
    if (*p != '/')
        return NULL; /* file://host/...: not this machine's */
    char *out = ssot_malloc(strlen(p) + 1), *o = out;
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            *o = (char)(hex(p[1]) * 16 + hex(p[2]));
            if (!*o) {
                free(out);
                return NULL;
            }
            o++;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

char *ssot_uri_from_path(const char *path)
{
    char *escaped = ssot_uri_escape(path);
    char *uri = ssot_asprintf("file://%s", escaped);
    free(escaped);
    return uri;
}
