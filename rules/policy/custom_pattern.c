/* rules/policy/custom_pattern.c - SS900: the family of project rules defined in the
 * configuration as PCRE2 patterns ([[tool.ssot.custom]], codes SS910-SS999). The matching
 * lives in analyzer/engine/custom.c; this entry documents the mechanism. */
#include "rules/rule.h"

const ssot_rule ssot_rule_ss900 = {
    .code = "SS900",
    .name = "custom-pattern",
    .summary = "Project rules from the configuration: a PCRE2 pattern, scoped by globs, with "
               "its own code (SS910-SS999), name, message and severity.",
    .why = "Each team has its own single sources of truth (a clock helper instead of "
           "`time.sleep`, one HTTP client); a pattern rule states them where ssot enforces them.",
    .bad = "[[tool.ssot.custom]]\ncode = \"SS910\"\nname = \"no-sleep-in-tests\"\n"
           "pattern = \"time\\\\.sleep\\\\(\"\nfiles = [\"tests/**\"]\n"
           "message = \"tests must not sleep; wait on a condition\"\n",
    .good = "def test_reconnect(clock):\n    clock.advance(5)\n    assert client.connected\n",
    .not_flagged = "Files outside the rule's `files` globs. Each line is matched on its own "
                   "unless `multiline = true`; one finding per matching line.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_RUN,
};
