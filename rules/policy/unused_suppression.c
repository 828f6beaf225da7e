/* rules/policy/unused_suppression.c - SS901: a suppression comment that suppressed nothing.
 * Reported by the engine after the file's rules ran (analyzer/engine/suppress.c). */
#include "rules/rule.h"

const ssot_rule ssot_rule_ss901 = {
    .code = "SS901",
    .name = "unused-suppression",
    .summary = "A `# ssot: ignore[...]` or `# noqa: ...` comment names a code that reports "
               "nothing where the comment applies.",
    .why = "Stale suppressions hide the next real finding on that line and make the baseline "
           "of accepted debt look larger than it is.",
    .bad = "def test_login():  # ssot: ignore[PH002] -- fixed long ago\n"
           "    assert login(\"ann\", \"pw\").ok\n",
    .good = "def test_login():\n    assert login(\"ann\", \"pw\").ok\n",
    .not_flagged = "Codes of rules that did not run (deselected), and other tools' codes in a "
                   "`# noqa:` list (E501, F401, ...).",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_RUN,
};
