/* analyzer/report/junit.c - JUnit XML (the Apache Ant schema CI systems read), written with
 * libxml2's xmlTextWriter: one testsuite per rule that ran, one testcase per finding (a
 * failure; an error for findings about the run itself; skipped below the fail-on level) and
 * one passing testcase for a rule without findings, so a CI test tab shows each check.
 * Testcase names hold no line number (`PH001 tests/test_a.py::TestA.test_x`, then ` #2` for
 * the second finding of that rule on that symbol), so moving code does not rename them; the
 * line is in the failure's message. */
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"
#include "rules/rule.h"

int ssot_report_junit(FILE *out, const ssot_report_input *in);

/* XML 1.0 has no place for most control characters, even escaped: they become U+FFFD. */
static char *clean(const char *s)
{
    char *out = ssot_malloc(strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}

static int attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *v = clean(value);
    int rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
    free(v);
    return rc;
}

static int attr_count(xmlTextWriterPtr w, const char *name, size_t value)
{
    return xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%zu", value);
}

static bool is_run_problem(const ssot_diag *d)
{
    return ssot_report_run_rule(d->rule);
}

static int property(xmlTextWriterPtr w, const char *name, const char *value)
{
    int rc = xmlTextWriterStartElement(w, BAD_CAST "property");
    rc |= attr(w, "name", name);
    rc |= attr(w, "value", value);
    return rc | xmlTextWriterEndElement(w);
}

/* One finding: its testcase name is unique in the suite and stable when lines move
 * (`CODE path::symbol`, then ` #2`, ` #3` for the next findings with the same name, in
 * file order). */
static int testcase(xmlTextWriterPtr w, const char *classname, const ssot_diag *d,
                    unsigned repeat)
{
    char *name = ssot_asprintf("%s %s%s%s", d->rule->code, d->path, d->symbol[0] ? "::" : "",
                               d->symbol);
    if (repeat > 1) {
        char *numbered = ssot_asprintf("%s #%u", name, repeat);
        free(name);
        name = numbered;
    }
    char *located = ssot_asprintf("%s:%u:%u: %s", d->path, d->span.row, d->span.col,
                                  d->message);
    char *body = ssot_asprintf("%s:%u:%u: %s [%s] %s", d->path, d->span.row, d->span.col,
                               d->rule->code, ssot_severity_name(d->severity), d->message);
    char *text = clean(body);
    int rc = xmlTextWriterStartElement(w, BAD_CAST "testcase");
    rc |= attr(w, "name", name);
    rc |= attr(w, "classname", classname);
    rc |= attr(w, "time", "0");
    if (!d->at_fail_level && !is_run_problem(d)) {
        rc |= xmlTextWriterStartElement(w, BAD_CAST "skipped");
        char *why = ssot_asprintf("%s finding below the fail-on level: %s",
                                  ssot_severity_name(d->severity), located);
        rc |= attr(w, "message", why);
        free(why);
        rc |= xmlTextWriterWriteString(w, BAD_CAST text);
    } else {
        rc |= xmlTextWriterStartElement(w, BAD_CAST(is_run_problem(d) ? "error" : "failure"));
        rc |= attr(w, "message", located);
        rc |= attr(w, "type", ssot_severity_name(d->severity));
        rc |= xmlTextWriterWriteString(w, BAD_CAST text);
    }
    rc |= xmlTextWriterEndElement(w);
    rc |= xmlTextWriterEndElement(w);
    free(text);
    free(body);
    free(located);
    free(name);
    return rc;
}

/* Is the finding a testcase of rule `r`'s suite? */
static bool in_suite(const ssot_diag *d, const ssot_rule *r)
{
    return ssot_report_shown(d) && !strcmp(d->rule->code, r->code);
}

static int suite(xmlTextWriterPtr w, const ssot_report_input *in, size_t id, const ssot_rule *r,
                 const char *stamp, const char *host)
{
    size_t failures = 0, errors = 0, skipped = 0, tests = 0;
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (!ssot_report_shown(d) || strcmp(d->rule->code, r->code) != 0)
            continue;
        tests++;
        if (is_run_problem(d))
            errors++;
        else if (d->at_fail_level)
            failures++;
        else
            skipped++;
    }
    char *name = ssot_asprintf("%s %s", r->code, r->name);
    char *classname = ssot_asprintf("ssot.%s", r->code);
    int rc = xmlTextWriterStartElement(w, BAD_CAST "testsuite");
    rc |= attr(w, "name", name);
    rc |= attr(w, "package", "ssot");
    rc |= attr_count(w, "id", id);
    rc |= attr(w, "timestamp", stamp);
    rc |= attr(w, "hostname", host);
    rc |= attr_count(w, "tests", tests ? tests : 1);
    rc |= attr_count(w, "failures", failures);
    rc |= attr_count(w, "errors", errors);
    rc |= attr_count(w, "skipped", skipped);
    rc |= attr(w, "time", "0");
    rc |= xmlTextWriterStartElement(w, BAD_CAST "properties");
    rc |= property(w, "code", r->code);
    rc |= property(w, "name", r->name);
    rc |= property(w, "severity", ssot_severity_name(r->severity));
    rc |= property(w, "summary", r->summary);
    rc |= xmlTextWriterEndElement(w);
    if (!tests) {
        rc |= xmlTextWriterStartElement(w, BAD_CAST "testcase");
        rc |= attr(w, "name", name);
        rc |= attr(w, "classname", classname);
        rc |= attr(w, "time", "0");
        rc |= xmlTextWriterEndElement(w);
    }
    size_t file_start = 0; /* the first finding of the current file */
    for (size_t i = 0; i < in->count; i++) {
        const ssot_diag *d = in->diags[i];
        if (strcmp(d->path, in->diags[file_start]->path) != 0)
            file_start = i;
        if (!in_suite(d, r))
            continue;
        /* findings are sorted by path: the earlier ones with this name are in this file */
        unsigned repeat = 1;
        for (size_t k = file_start; k < i; k++)
            repeat += in_suite(in->diags[k], r) && !strcmp(in->diags[k]->symbol, d->symbol);
        rc |= testcase(w, classname, d, repeat);
    }
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST "");
    rc |= xmlTextWriterWriteElement(w, BAD_CAST "system-err", BAD_CAST "");
    rc |= xmlTextWriterEndElement(w);
    free(classname);
    free(name);
    return rc;
}

int ssot_report_junit(FILE *out, const ssot_report_input *in)
{
    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
    if (!buf)
        return -1;
    xmlTextWriterPtr w = xmlNewTextWriter(buf); /* owns buf from here */
    if (!w) {
        xmlOutputBufferClose(buf);
        return -1;
    }
    char stamp[32] = "1970-01-01T00:00:00", host[256] = "localhost";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    if (gethostname(host, sizeof(host)) != 0 || !host[0])
        strcpy(host, "localhost");
    host[sizeof(host) - 1] = '\0';
    int rc = xmlTextWriterSetIndent(w, 1);
    rc |= xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    rc |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    rc |= xmlTextWriterStartElement(w, BAD_CAST "testsuites");
    for (size_t i = 0; i < in->rule_count && rc >= 0; i++)
        rc |= suite(w, in, i, in->rules[i], stamp, host);
    rc |= xmlTextWriterEndElement(w);
    rc |= xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    return (rc < 0 || ferror(out)) ? -1 : 0;
}
