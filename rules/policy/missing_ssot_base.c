/* rules/policy/missing_ssot_base.c - SS001: a test class that inherits none of the
 * configured `required-test-base` classes (resolved across files by analyzer/resolve/policy.c). */
#include <string.h>

#include "analyzer/config/config.h"
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    const ssot_config *c = facts->config;
    if (!c || !c->required_test_base.count)
        return;
    char bases[512];
    size_t k = 0;
    bases[0] = '\0';
    for (size_t i = 0; i < c->required_test_base.count && k < sizeof(bases) - 64; i++)
        k += (size_t)snprintf(bases + k, sizeof(bases) - k, "%s`%s`", i ? ", " : "",
                              c->required_test_base.items[i]);
    for (size_t i = 0; i < facts->class_count; i++) {
        const ssot_class *cls = &facts->classes[i];
        if (cls->misses_required_base)
            ssot_sink_report(sink, &cls->loc, cls->qualname,
                             "test class `%s` does not inherit a required test base (%s)",
                             cls->qualname, bases);
    }
}

const ssot_rule ssot_rule_ss001 = {
    .code = "SS001",
    .name = "missing-ssot-base",
    .summary = "A test class that does not inherit one of `required-test-base`, directly or "
               "through the project's own classes (only when configured).",
    .why = "The project's base test classes are its single source of truth for isolation and "
           "shared fixtures; a class that bypasses them leaks state into other tests or misses "
           "the checks every test is meant to get.",
    .bad = "# required-test-base = [\"SSotBaseTestCase\"]\n"
           "class LegacyChatTestCase(unittest.TestCase): ...\n\n"
           "class HistoryExportTests(LegacyChatTestCase):\n"
           "    def test_export_of_unknown_room_is_empty(self): ...\n",
    .good = "class HistoryExportTests(SSotBaseTestCase):\n"
            "    def test_export_of_unknown_room_is_empty(self): ...\n",
    .no_js = "jest, vitest, mocha and node:test suites are functions (`describe`), not "
             "classes, so there is no base class to require (docs/javascript.md).",
    .not_flagged = "Classes that reach a required base through any number of project classes; "
                   "classes with a base that is not in the project (it may derive from a "
                   "required one); base classes without tests of their own; everything while "
                   "`required-test-base` is empty.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
