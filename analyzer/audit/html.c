/* analyzer/audit/html.c - the audit as one self-contained HTML page: the stylesheet and script
 * inline, the report's JSON document inline (the script draws the tables, the treemap, the
 * bars and the trend lines from it as inline SVG), and a Content-Security-Policy that lets
 * the page load nothing from anywhere. */
#include "analyzer/audit/audit_internal.h"

#include <string.h>

/* Text for an HTML element: &, <, > and quotes escaped. */
static void put_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

int ssot_audit_write_html(FILE *out, const ssot_audit *a)
{
    const char *slash = strrchr(a->root, '/');
    const char *project = slash && slash[1] ? slash + 1 : a->root;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          /* nothing but what is inline: no request leaves the page */
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"generator\" content=\"ssot " SSOT_VERSION "\">\n<title>ssot audit: ",
          out);
    put_text(out, project);
    fputs("</title>\n<style>\n", out);
    fputs((const char *)ssot_audit_report_css, out);
    fputs("</style>\n</head>\n<body>\n<div id=\"app\"><noscript>This report draws its tables "
          "and pictures with JavaScript. The same numbers: <code>ssot audit --output-format "
          "json</code>.</noscript></div>\n"
          "<script type=\"application/json\" id=\"audit-data\">",
          out);
    json_t *doc = ssot_audit__json(a);
    /* `\/` for every slash: the document cannot close its script element */
    int rc = json_dumpf(doc, out, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH |
                                      JSON_REAL_PRECISION(12));
    json_decref(doc);
    fputs("</script>\n<script>\n", out);
    fputs((const char *)ssot_audit_report_js, out);
    fputs("</script>\n</body>\n</html>\n", out);
    return (rc != 0 || ferror(out)) ? -1 : 0;
}
