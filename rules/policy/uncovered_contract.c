/* rules/policy/uncovered_contract.c - SS003: a value of a configured contract that no test
 * in the contract's scope asserts. The gaps are found across files by analyzer/resolve/policy.c
 * and attached to one file in scope; this rule reports them there. */
#include <string.h>

#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    for (size_t i = 0; i < facts->contract_gap_count; i++) {
        const ssot_contract_gap *g = &facts->contract_gaps[i];
        const char *scope = g->scope && *g->scope ? g->scope : "the test files";
        if (g->mentioned_by)
            ssot_sink_report(sink, &g->loc, g->contract,
                             "contract `%s`: no test in %s asserts `%s`; %s %s it without "
                             "asserting it",
                             g->contract, scope, g->value, g->mentioned_by,
                             strstr(g->mentioned_by, ", ") ? "mention" : "mentions");
        else
            ssot_sink_report(sink, &g->loc, g->contract,
                             "contract `%s`: no test in %s asserts `%s`", g->contract, scope,
                             g->value);
    }
}

const ssot_rule ssot_rule_ss003 = {
    .code = "SS003",
    .name = "uncovered-contract",
    .summary = "A value of a configured contract (`[contracts.NAME]`) that no test in the "
               "contract's `scope` asserts: inside an assertion or as an argument of an "
               "assertion helper. One finding per value.",
    .why = "A contract lists what must never silently break, such as the events a client "
           "relies on. A value no test asserts can disappear with every test still green.",
    .bad = "# values = [\"agent_started\", \"tool_completed\"], scope = \"tests/mission_critical/**\"\n"
           "def test_lifecycle(events):\n"
           "    assert events[0] == \"agent_started\"  # tool_completed is never asserted\n",
    .good = "def test_lifecycle(events):\n"
            "    assert events == [\"agent_started\", \"tool_completed\"]\n",
    .bad_js = "// values = [\"agent_started\", \"tool_completed\"], scope = \"tests/**\"\n"
              "it(\"streams the lifecycle\", async () => {\n"
              "  const events = await run(\"hi\", { until: \"tool_completed\" });\n"
              "  expect(events[0].type).toBe(\"agent_started\");\n"
              "});\n",
    .good_js = "it(\"streams the lifecycle\", async () => {\n"
               "  const events = await run(\"hi\");\n"
               "  expect(events.map((e) => e.type)).toEqual([\"agent_started\", \"tool_completed\"]);\n"
               "});\n",
    .not_flagged = "Values asserted by any test in scope, including as an argument of a helper "
                   "that asserts (A7, A8) or a `self.assert*` call; tests outside the scope do "
                   "not count for it.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
