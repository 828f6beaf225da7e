/* tests/test_audit.c - the audit's grades (Sonar's band edges, configurable), its module tree
 * (counts and weighted findings added up every folder, placeholder tests, worst items),
 * hotspots and what counts as generated or vendored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/audit/audit.h"
#include "audit_support.h"
#include "support.h"

static void grades_follow_sonar_band_edges(void **state)
{
    (void)state;
    ssot_audit_grading g;
    ssot_audit_grading_defaults(&g);
    /* weighted findings per 1000 lines: A <= 5 < B <= 10 < C <= 20 < D <= 50 < E */
    assert_int_equal(ssot_audit_grade(&g, 0, 1000), 'A');
    assert_int_equal(ssot_audit_grade(&g, 5, 1000), 'A');
    assert_int_equal(ssot_audit_grade(&g, 5.5, 1000), 'B');
    assert_int_equal(ssot_audit_grade(&g, 10, 1000), 'B');
    assert_int_equal(ssot_audit_grade(&g, 2, 100), 'C');   /* 20 per 1000 */
    assert_int_equal(ssot_audit_grade(&g, 2.1, 100), 'D');
    assert_int_equal(ssot_audit_grade(&g, 50, 1000), 'D');
    assert_int_equal(ssot_audit_grade(&g, 51, 1000), 'E');
    /* no lines: clean is A, any debt is E */
    assert_int_equal(ssot_audit_grade(&g, 0, 0), 'A');
    assert_int_equal(ssot_audit_grade(&g, 1, 0), 'E');
}

static void grade_edges_and_weights_are_configurable(void **state)
{
    (void)state;
    ssot_audit_grading g;
    ssot_audit_grading_defaults(&g);
    assert_true(g.weights[SSOT_SEVERITY_ERROR] == 3 && g.weights[SSOT_SEVERITY_WARNING] == 1 &&
                g.weights[SSOT_SEVERITY_INFO] == 0);
    assert_int_equal(g.churn_months, 12);
    double strict[4] = {1, 2, 3, 4};
    memcpy(g.edges, strict, sizeof(strict));
    assert_int_equal(ssot_audit_grade(&g, 5, 1000), 'E');
    assert_int_equal(ssot_audit_grade(&g, 2.5, 1000), 'C');
}

static void families_come_from_the_code_prefix(void **state)
{
    (void)state;
    assert_int_equal(ssot_audit_family_of("PH003"), SSOT_AUDIT_PH);
    assert_int_equal(ssot_audit_family_of("MO001"), SSOT_AUDIT_MO);
    assert_int_equal(ssot_audit_family_of("SG005"), SSOT_AUDIT_SG);
    assert_int_equal(ssot_audit_family_of("DD004"), SSOT_AUDIT_DD);
    assert_int_equal(ssot_audit_family_of("SS910"), SSOT_AUDIT_SS); /* custom rules: SS */
    assert_int_equal(ssot_audit_family_of("E001"), -1);             /* the run's problems */
    assert_string_equal(ssot_audit_family_code(SSOT_AUDIT_DD), "DD");
}

/* pkg/a.py: 100 lines, 4 tests, PH001 on two tests, PH003 on one of them again, a suppressed
 * PH002; pkg/sub/b.py: 1000 lines, a DD002 warning; c.py: an E002 (not debt). */
static ssot_audit *sample(ssot_run *run)
{
    static const char *const paths[] = {"pkg/a.py", "pkg/sub/b.py", "c.py"};
    static const uint32_t lines[] = {100, 1000, 7}, tests[] = {4, 0, 0};
    audit_test_run(run, 3, paths, lines, tests);
    audit_test_finding(run, 0, "PH001", 3, "test_one");
    audit_test_finding(run, 0, "PH001", 9, "test_two");
    audit_test_finding(run, 0, "PH003", 10, "test_two");
    audit_test_finding(run, 0, "PH002", 20, "test_three")->suppressed = true;
    audit_test_finding(run, 1, "DD002", 40, "copy");
    audit_test_finding(run, 2, "E002", 1, "");
    audit_test_finish(run);
    ssot_audit_grading g;
    ssot_audit_grading_defaults(&g);
    return ssot_audit_build(run, "/nowhere", &g, NULL, 0);
}

static void tree_adds_counts_up_every_folder(void **state)
{
    (void)state;
    ssot_run run;
    ssot_audit *a = sample(&run);
    size_t root = ssot_audit_find(a, ""), pkg = ssot_audit_find(a, "pkg"),
           sub = ssot_audit_find(a, "pkg/sub"), fa = ssot_audit_find(a, "pkg/a.py"),
           fb = ssot_audit_find(a, "pkg/sub/b.py");
    assert_int_equal(root, 0);
    assert_true(pkg != SIZE_MAX && sub != SIZE_MAX && fa != SIZE_MAX && fb != SIZE_MAX);
    assert_int_equal(a->nodes[sub].parent, pkg);
    assert_int_equal(a->nodes[fa].parent, pkg);
    /* lines and files of everything below */
    assert_int_equal(a->nodes[root].counts.lines, 1107);
    assert_int_equal(a->nodes[root].counts.files, 3);
    assert_int_equal(a->nodes[pkg].counts.lines, 1100);
    /* 3 counted findings in a.py (the suppressed one and E002 are not debt), errors weigh 3 */
    assert_int_equal(a->nodes[fa].counts.findings[SSOT_AUDIT_PH], 3);
    assert_true(a->nodes[fa].score == 9);
    assert_int_equal(a->nodes[fa].grade, 'E');        /* 90 per 1000 lines */
    assert_true(a->nodes[fb].score == 1);
    assert_int_equal(a->nodes[fb].grade, 'A');        /* 1 per 1000 lines */
    assert_true(a->nodes[pkg].score == 10);
    assert_int_equal(a->nodes[pkg].grade, 'B');       /* 10 / 1100 lines: 9.09 per 1000 */
    assert_int_equal(a->nodes[root].counts.findings[SSOT_AUDIT_DD], 1);
    assert_int_equal(a->finding_count, 4);
    assert_int_equal(a->suppressed, 1);
    /* children: folders first, then files */
    assert_string_equal(a->nodes[a->nodes[pkg].children[0]].path, "pkg/sub");
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

static void placeholder_tests_count_each_test_once(void **state)
{
    (void)state;
    ssot_run run;
    ssot_audit *a = sample(&run);
    size_t fa = ssot_audit_find(a, "pkg/a.py");
    /* test_one and test_two (twice): 2 of 4 tests cannot fail */
    assert_int_equal(a->nodes[fa].counts.placeholder_tests, 2);
    assert_int_equal(a->nodes[fa].counts.tests, 4);
    assert_int_equal(a->nodes[0].counts.placeholder_tests, 2);
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

static void worst_items_are_the_heaviest_first(void **state)
{
    (void)state;
    ssot_run run;
    ssot_audit *a = sample(&run);
    const ssot_audit_node *root = &a->nodes[0];
    assert_int_equal(root->worst_count, 4);
    /* errors (weight 3) before the warning, report order among equals */
    assert_string_equal(a->findings[root->worst[0]].diag->rule->code, "PH001");
    assert_string_equal(a->findings[root->worst[3]].diag->rule->code, "DD002");
    size_t fb = ssot_audit_find(a, "pkg/sub/b.py");
    assert_int_equal(a->nodes[fb].worst_count, 1);
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

static void json_has_the_same_numbers(void **state)
{
    (void)state;
    ssot_run run;
    ssot_audit *a = sample(&run);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(ssot_audit_write_json(f, a), 0);
    fclose(f);
    assert_non_null(strstr(text, "\"lines\": 1107"));
    assert_non_null(strstr(text, "\"can_fail\": 0.5"));
    assert_non_null(strstr(text, "\"grade\": \"B\""));
    free(text);
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

static void html_is_self_contained(void **state)
{
    (void)state;
    ssot_run run;
    ssot_audit *a = sample(&run);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(ssot_audit_write_html(f, a), 0);
    fclose(f);
    assert_non_null(strstr(text, "<style>"));
    assert_non_null(strstr(text, "id=\"audit-data\""));
    /* no reference to anything outside: the only URL is the SVG namespace, a name */
    for (const char *p = strstr(text, "http"); p; p = strstr(p + 1, "http"))
        assert_true((strncmp(p, "http://", 7) && strncmp(p, "https://", 8)) ||
                    !strncmp(p, "http://www.w3.org/2000/svg", 26));
    assert_non_null(strstr(text, "Content-Security-Policy\" content=\"default-src 'none'"));
    /* the embedded document cannot end its script element early */
    const char *data = strstr(text, "id=\"audit-data\">");
    assert_true(strstr(data, "</script>") > data);
    assert_null(strstr(data + 17, "pkg/a.py"));     /* slashes are escaped inside it */
    free(text);
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

static void hotspots_rank_churn_times_findings(void **state)
{
    (void)state;
    ssot_run run;
    ssot_audit *a = sample(&run);
    /* no churn read: no hotspots */
    ssot_audit_set_churn(a, NULL);
    assert_false(a->has_churn);
    assert_int_equal(a->hotspot_count, 0);
    ssot_audit_free(a);
    ssot_run_fini(&run);
}

static void generated_and_vendored_paths_are_no_hotspots(void **state)
{
    (void)state;
    assert_true(ssot_audit_generated(NULL, "vendor/lib.py", NULL));
    assert_true(ssot_audit_generated(NULL, "src/_vendor/x/lib.py", NULL));
    assert_true(ssot_audit_generated(NULL, "third_party/y.py", NULL));
    assert_false(ssot_audit_generated(NULL, "src/vendors.py", NULL));
    assert_false(ssot_audit_generated(NULL, "src/app.py", NULL));
    char dir[128];
    assert_int_equal(ssot_test_tempdir(dir, sizeof(dir), "audit"), 0);
    ssot_test_write(dir, "gen_pb2.py", "# -*- coding: utf-8 -*-\n# Generated by the protocol "
                                       "buffer compiler.  DO NOT EDIT!\nx = 1\n");
    ssot_test_write(dir, "app.py", "import os\n\n\ndef f():\n    return 1\n");
    char *gen = ssot_asprintf("%s/gen_pb2.py", dir), *app = ssot_asprintf("%s/app.py", dir);
    assert_true(ssot_audit_generated(NULL, "gen_pb2.py", gen));
    assert_false(ssot_audit_generated(NULL, "app.py", app));
    free(gen);
    free(app);
    ssot_test_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grades_follow_sonar_band_edges),
        cmocka_unit_test(grade_edges_and_weights_are_configurable),
        cmocka_unit_test(families_come_from_the_code_prefix),
        cmocka_unit_test(tree_adds_counts_up_every_folder),
        cmocka_unit_test(placeholder_tests_count_each_test_once),
        cmocka_unit_test(worst_items_are_the_heaviest_first),
        cmocka_unit_test(json_has_the_same_numbers),
        cmocka_unit_test(html_is_self_contained),
        cmocka_unit_test(hotspots_rank_churn_times_findings),
        cmocka_unit_test(generated_and_vendored_paths_are_no_hotspots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
