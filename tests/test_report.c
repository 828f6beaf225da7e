/* tests/test_report.c - the CI reporters (analyzer/report/) on hand-made findings: each
 * output parsed back (jansson for JSON, libxml2 for XML), JUnit validated against the schema
 * when ../shared/schemas is there, and the escaping rules of GitHub commands and URIs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/report/report.h"
#include "rules/rule.h"

/* A run with three findings: PH001 twice at the same place (two copies of a violation),
 * PH003 suppressed inline, PH005 (info) below the fail level and with related locations. */
typedef struct fixture {
    ssot_sink sink;
    const ssot_diag *diags[4];
    const ssot_rule *rules[4];
    ssot_report_input in;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    ssot_sink_init(&f->sink, "tests/test_a.py");
    ssot_sink_set_root(&f->sink, NULL);
    ssot_loc loc = {{4, 5, 4, 15}, "def test_empty():"};
    f->sink.rule = ssot_rule_find("PH001");
    ssot_sink_report(&f->sink, &loc, "TestA.test_empty", "test `%s` is empty", "test_empty");
    ssot_sink_report(&f->sink, &loc, "TestA.test_empty", "test `%s` is empty", "test_empty");
    ssot_loc constant = {{9, 5, 9, 16}, "assert True"};
    f->sink.rule = ssot_rule_find("PH003");
    ssot_sink_report(&f->sink, &constant, "test_constant", "a constant: `%s`", "assert 1, 'a,b'");
    ssot_loc skip = {{13, 5, 14, 3}, "def test_skipped():"};
    f->sink.rule = ssot_rule_find("PH005");
    ssot_sink_report_as(&f->sink, SSOT_SEVERITY_INFO, &skip, "test_skipped",
                        "skipped: 100%% <sure> & \"done\"\x01");
    ssot_loc other = {{20, 1, 22, 9}, "def test_other():"};
    ssot_sink_relate(&f->sink, "tests/test b.py", &other, "the same body: `%s`", "test_other");
    ssot_sink_relate(&f->sink, "tests/test_c.py", &other, NULL);
    for (size_t i = 0; i < 4; i++) {
        ssot_diag *d = &f->sink.items[i];
        d->at_fail_level = d->severity >= SSOT_SEVERITY_WARNING;
        f->diags[i] = d;
    }
    f->sink.items[2].suppressed = true;
    ssot_diags_finish(f->diags, 4);
    f->rules[0] = ssot_rule_find("PH001");
    f->rules[1] = ssot_rule_find("PH002");
    f->rules[2] = ssot_rule_find("PH003");
    f->rules[3] = ssot_rule_find("PH005");
    f->in.diags = f->diags;
    f->in.count = 4;
    f->in.suppressed = 1;
    f->in.files_checked = 1;
    f->in.rules = f->rules;
    f->in.rule_count = 4;
    f->in.root = "/work/project";
    f->in.docs_url = "https://example.org/docs/rules/";
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ssot_sink_fini(&f->sink);
    free(f);
    return 0;
}

/* The report in one string; the caller frees it. */
static char *render(const char *format, const ssot_report_input *in)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    assert_int_equal(ssot_reporter_find(format)->write(out, in), 0);
    assert_int_equal(fclose(out), 0);
    return text;
}

/* The report parsed back as JSON; the caller releases it. */
static json_t *render_json(const char *format, const ssot_report_input *in)
{
    char *text = render(format, in);
    json_error_t error;
    json_t *doc = json_loads(text, 0, &error);
    if (!doc)
        fail_msg("%s report is not JSON: %s", format, error.text);
    free(text);
    return doc;
}

/* Finding `i` matched the baseline file `path`, the only one of the run to do so. */
static void baseline_one(fixture *f, size_t i, const char *path)
{
    f->sink.items[i].baselined = true;
    f->in.baseline = path;
    f->in.baselined = 1;
}

static void github_escape_data_and_properties(void **state)
{
    (void)state;
    char *data = ssot_github_escape("50% a:b,c\r\nnext", false);
    assert_string_equal(data, "50%25 a:b,c%0D%0Anext");
    char *prop = ssot_github_escape("dir,1/a:b%.py\n", true);
    assert_string_equal(prop, "dir%2C1/a%3Ab%25.py%0A");
    free(data);
    free(prop);
}

static void path_escape_makes_names_pasteable(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"tests/test_a.py", "tests/test_a.py"},
        {"a\nb\tc\rd.py", "a\\nb\\tc\\rd.py"},
        {"a\\b.py", "a\\\\b.py"},
        {"caf\xc3\xa9.py", "caf\xc3\xa9.py"},        /* valid UTF-8 is kept */
        {"\xff\xfe.py", "\\xff\\xfe.py"},            /* not UTF-8 */
        {"\xc3.py", "\\xc3.py"},                       /* a cut sequence */
        {"\xe0\x80\x80.py", "\\xe0\\x80\\x80.py"}, /* overlong */
        {"\xed\xa0\x80.py", "\\xed\\xa0\\x80.py"}, /* a surrogate */
        {"\x1b[31m\x7f\xc2\x85.py", "\\x1b[31m\\x7f\\xc2\\x85.py"}, /* C0, DEL, C1 */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = ssot_path_escape(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
}

static void sink_escapes_paths_and_keeps_the_raw_name(void **state)
{
    (void)state;
    ssot_sink sink;
    ssot_sink_init(&sink, "tests/test_a\nb\xff.py");
    ssot_sink_set_root(&sink, NULL);
    sink.rule = ssot_rule_find("PH001");
    ssot_loc loc = {{1, 1, 1, 2}, "x"};
    ssot_sink_report(&sink, &loc, "", "see `%s`", "other\xff.py");
    ssot_sink_relate(&sink, "tests/other\n.py", &loc, NULL);
    const ssot_diag *d = &sink.items[0];
    assert_string_equal(d->path, "tests/test_a\\nb\\xff.py");
    assert_string_equal(d->root_path, "tests/test_a\\nb\\xff.py");
    assert_string_equal(d->file, "tests/test_a\nb\xff.py");
    assert_string_equal(d->root_file, "tests/test_a\nb\xff.py");
    assert_string_equal(d->message, "see `other\\xff.py`");
    assert_string_equal(d->related[0].path, "tests/other\\n.py");
    assert_string_equal(d->related[0].root_file, "tests/other\n.py");
    ssot_sink_fini(&sink);
}

static void uri_escape_keeps_path_characters(void **state)
{
    (void)state;
    char *uri = ssot_uri_escape("tests/my file#1/caf\xc3\xa9.py");
    assert_string_equal(uri, "tests/my%20file%231/caf%C3%A9.py");
    free(uri);
}

static void github_annotations_escape_and_map_severities(void **state)
{
    fixture *f = *state;
    char *out = render("github", &f->in);
    /* two PH001 lines, no line for the suppressed PH003, a notice for the info finding
     * whose span covers two lines (so no columns) */
    assert_non_null(strstr(out, "::error file=tests/test_a.py,line=4,col=5,endLine=4,"
                                "endColumn=15,title=PH001::test `test_empty` is empty\n"));
    assert_null(strstr(out, "PH003"));
    assert_non_null(strstr(out, "::notice file=tests/test_a.py,line=13,endLine=14,"
                                "title=PH005::skipped: 100%25 <sure> & \"done\"\x01\n"));
    free(out);
}

static void sarif_has_rules_results_related_locations_and_suppressions(void **state)
{
    fixture *f = *state;
    json_t *log = render_json("sarif", &f->in);
    assert_string_equal(json_string_value(json_object_get(log, "version")), "2.1.0");
    json_t *run = json_array_get(json_object_get(log, "runs"), 0);
    json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"),
                                    "rules");
    assert_int_equal(json_array_size(rules), 4);
    json_t *ph003 = json_array_get(rules, 2);
    assert_string_equal(json_string_value(json_object_get(ph003, "id")), "PH003");
    assert_string_equal(json_string_value(json_object_get(ph003, "helpUri")),
                        "https://example.org/docs/rules/PH003.md");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(ph003, "defaultConfiguration"), "level")),
                        "error");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(run, "originalUriBaseIds"),
                                            "SRCROOT"),
                            "uri")),
                        "file:///work/project/");

    json_t *results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), 4); /* the suppressed one is listed too */
    const char *fingerprints[4];
    for (size_t i = 0; i < 4; i++) {
        json_t *r = json_array_get(results, i);
        const char *rule = json_string_value(json_object_get(r, "ruleId"));
        json_int_t index = json_integer_value(json_object_get(r, "ruleIndex"));
        assert_string_equal(
            json_string_value(json_object_get(json_array_get(rules, (size_t)index), "id")), rule);
        fingerprints[i] = json_string_value(
            json_object_get(json_object_get(r, "partialFingerprints"), "ssot/v1"));
        assert_non_null(fingerprints[i]);
        json_t *loc = json_object_get(
            json_object_get(json_array_get(json_object_get(r, "locations"), 0),
                            "physicalLocation"),
            "artifactLocation");
        assert_string_equal(json_string_value(json_object_get(loc, "uri")), "tests/test_a.py");
        assert_string_equal(json_string_value(json_object_get(loc, "uriBaseId")), "SRCROOT");
        assert_null(json_object_get(r, "baselineState")); /* no baseline in this run */
    }
    /* two copies of one violation: two fingerprints */
    assert_string_not_equal(fingerprints[0], fingerprints[1]);

    json_t *suppressed = json_array_get(results, 2);
    assert_string_equal(json_string_value(json_object_get(suppressed, "ruleId")), "PH003");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(suppressed, "suppressions"), 0),
                            "kind")),
                        "inSource");

    json_t *info = json_array_get(results, 3);
    assert_string_equal(json_string_value(json_object_get(info, "level")), "note");
    json_t *related = json_object_get(info, "relatedLocations");
    assert_int_equal(json_array_size(related), 2);
    json_t *first = json_array_get(related, 0);
    assert_int_equal(json_integer_value(json_object_get(first, "id")), 1);
    json_t *phys = json_object_get(first, "physicalLocation");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")),
        "tests/test%20b.py");
    json_t *region = json_object_get(phys, "region");
    assert_int_equal(json_integer_value(json_object_get(region, "startLine")), 20);
    assert_int_equal(json_integer_value(json_object_get(region, "endLine")), 22);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(first, "message"), "text")),
        "the same body: `test_other`");
    assert_null(json_object_get(json_array_get(related, 1), "message"));
    json_decref(log);
}

static void sarif_marks_baseline_states(void **state)
{
    fixture *f = *state;
    baseline_one(f, 0, ".ssot-baseline.json");
    /* by default the baselined finding is not uploaded */
    json_t *log = render_json("sarif", &f->in);
    json_t *uploaded = json_object_get(json_array_get(json_object_get(log, "runs"), 0),
                                       "results");
    assert_int_equal(json_array_size(uploaded), 3);
    json_decref(log);
    f->in.sarif_baselined = true;
    log = render_json("sarif", &f->in);
    json_t *results = json_object_get(json_array_get(json_object_get(log, "runs"), 0), "results");
    size_t unchanged = 0, fresh = 0;
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        const char *s = json_string_value(json_object_get(r, "baselineState"));
        if (!strcmp(s, "unchanged")) {
            unchanged++;
            json_t *sup = json_array_get(json_object_get(r, "suppressions"), 0);
            assert_string_equal(json_string_value(json_object_get(sup, "kind")), "external");
        } else {
            assert_string_equal(s, "new");
            fresh++;
        }
    }
    assert_int_equal(unchanged, 1);
    assert_int_equal(fresh, 3);
    json_decref(log);
}

static void gitlab_issues_parse_back(void **state)
{
    fixture *f = *state;
    json_t *issues = render_json("gitlab", &f->in);
    assert_int_equal(json_array_size(issues), 3); /* not the suppressed one */
    const char *severities[] = {"critical", "critical", "info"};
    for (size_t i = 0; i < 3; i++) {
        json_t *issue = json_array_get(issues, i);
        assert_string_equal(json_string_value(json_object_get(issue, "severity")),
                            severities[i]);
        json_t *location = json_object_get(issue, "location");
        assert_string_equal(json_string_value(json_object_get(location, "path")),
                            "tests/test_a.py");
        assert_true(json_integer_value(json_object_get(json_object_get(location, "lines"),
                                                       "begin")) >= 4);
        assert_int_equal(strlen(json_string_value(json_object_get(issue, "fingerprint"))), 16);
    }
    assert_string_not_equal(
        json_string_value(json_object_get(json_array_get(issues, 0), "fingerprint")),
        json_string_value(json_object_get(json_array_get(issues, 1), "fingerprint")));
    json_decref(issues);
}

static size_t count_nodes(xmlXPathContextPtr ctx, const char *xpath)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
    assert_non_null(r);
    size_t n = r->nodesetval ? (size_t)r->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(r);
    return n;
}

static void junit_has_a_suite_per_rule_and_unique_cases(void **state)
{
    fixture *f = *state;
    char *out = render("junit", &f->in);
    xmlDocPtr doc = xmlReadMemory(out, (int)strlen(out), "junit.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_int_equal(count_nodes(ctx, "/testsuites/testsuite"), 4);
    /* PH001: two failing cases with different names */
    assert_int_equal(count_nodes(ctx, "//testsuite[@name='PH001 empty-test']/testcase/failure"),
                     2);
    assert_int_equal(count_nodes(ctx, "//testsuite[@name='PH001 empty-test']/testcase"
                                      "[@name='PH001 tests/test_a.py::TestA.test_empty #2']"),
                     1);
    /* PH002 did not fire: one passing case; PH003's only finding is suppressed: passing */
    assert_int_equal(count_nodes(ctx, "//testsuite[@name='PH002 no-assertion']/testcase"), 1);
    assert_int_equal(count_nodes(ctx, "//testsuite[@name='PH002 no-assertion']//failure"), 0);
    assert_int_equal(count_nodes(ctx, "//testsuite[@name='PH003 constant-assertion' and "
                                      "@failures='0']/testcase"),
                     1);
    /* an info finding below the fail level is skipped, not failed */
    assert_int_equal(count_nodes(ctx, "//testsuite[@name='PH005 never-runs' and @skipped='1']"
                                      "/testcase/skipped"),
                     1);
    xmlXPathFreeContext(ctx);

    const char *xsd = "../shared/schemas/junit.xsd";
    if (access(xsd, R_OK) == 0) {
        xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(xsd);
        xmlSchemaPtr schema = xmlSchemaParse(pctx);
        assert_non_null(schema);
        xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(schema);
        assert_int_equal(xmlSchemaValidateDoc(vctx, doc), 0);
        xmlSchemaFreeValidCtxt(vctx);
        xmlSchemaFree(schema);
        xmlSchemaFreeParserCtxt(pctx);
    } else {
        print_message("junit.xsd not found at %s: schema validation skipped\n", xsd);
    }
    xmlFreeDoc(doc);
    free(out);
}

static void concise_and_json_leave_out_suppressed_and_baselined(void **state)
{
    fixture *f = *state;
    baseline_one(f, 1, "b.json");
    f->in.quiet = true;
    char *out = render("concise", &f->in);
    assert_string_equal(out, "tests/test_a.py:4:5: PH001 test `test_empty` is empty\n"
                             "tests/test_a.py:13:5: PH005 [info] skipped: 100% <sure> & "
                             "\"done\"\x01\n");
    free(out);
    json_t *findings = render_json("json", &f->in);
    assert_int_equal(json_array_size(findings), 2);
    json_decref(findings);
}

static void summary_counts_baselined_and_fixed(void **state)
{
    fixture *f = *state;
    baseline_one(f, 0, "b.json");
    ssot_report_fixed fixed = {"PH002", "tests/test_b.py", "test_b", "no assertion"};
    f->in.fixed = &fixed;
    f->in.fixed_count = 1;
    char *out = render("text", &f->in);
    assert_non_null(strstr(out, "1 baseline entry no longer occurs (fixed):\n"
                                "  tests/test_b.py: PH002 test_b no assertion\n"));
    assert_non_null(strstr(out, "\n2 findings (1 error, 0 warnings, 1 info, 1 suppressed, "
                                "1 baselined, 1 fixed) in 1 file checked in "));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(github_escape_data_and_properties),
        cmocka_unit_test(uri_escape_keeps_path_characters),
        cmocka_unit_test(path_escape_makes_names_pasteable),
        cmocka_unit_test(sink_escapes_paths_and_keeps_the_raw_name),
        cmocka_unit_test_setup_teardown(github_annotations_escape_and_map_severities, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            sarif_has_rules_results_related_locations_and_suppressions, setup, teardown),
        cmocka_unit_test_setup_teardown(sarif_marks_baseline_states, setup, teardown),
        cmocka_unit_test_setup_teardown(gitlab_issues_parse_back, setup, teardown),
        cmocka_unit_test_setup_teardown(junit_has_a_suite_per_rule_and_unique_cases, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(concise_and_json_leave_out_suppressed_and_baselined,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(summary_counts_baselined_and_fixed, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
