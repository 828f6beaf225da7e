/* rules/duplicates/near_duplicate_function.c - DD003: a function or method body copied
 * with its parameters and locals renamed and its literals changed (type-2). */
#include "rules/duplicates/duplicates.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    for (const ssot_definition *d = NULL; (d = ssot_dd_next(facts, "DD003", d));) {
        ssot_sink_report(sink, &d->loc, d->qualname,
                         "`%s` is %s with renamed variables or changed literals (%u "
                         "near-copies); keep the canonical one and parametrise it",
                         d->qualname, ssot_dd_canonical(sink, d->dup), d->dup->site_count);
        ssot_dd_relate(sink, d);
    }
}

const ssot_rule ssot_rule_dd003 = {
    .code = "DD003",
    .name = "near-duplicate-function",
    .summary = "A function or method body is a copy of another one up to renamed parameters "
               "and locals (its own class's twin helpers too) and changed literals (`True` for "
               "`False` too).",
    .why = "A renamed copy is still a copy: the two drift apart, and a fix made to one is "
           "missing from the other.",
    .bad = "def truncate_preview(text, limit=80):\n    ...\n\n"
           "def shorten_for_push(body, size=120):\n    ...  # the same code, renamed\n",
    .good = "def shorten_for_push(body):\n    return truncate_preview(body, limit=120)\n",
    .bad_js = "// src/money.ts\n"
           "export function formatPrice(cents: number, currency: string) { /* ... */ }\n"
           "\n"
           "// src/legacy/price.js: the same code with its locals renamed\n"
           "export function formatAmount(amount, cur) { /* the same lines, other names */ }\n",
    .good_js = "// src/legacy/price.js\n"
           "export { formatPrice as formatAmount } from \"../money\";\n",
    .not_flagged = "Verbatim copies (DD002 reports those); bodies under the DD002 size "
                   "thresholds; bodies whose literals are the content: tables (a fifth of the "
                   "nodes are literals, per-environment settings) and one-statement wrappers "
                   "that pass a literal on (HTTP-verb wrappers); differently named twins whose "
                   "changed strings are what each name stands for (half or more of the body's "
                   "strings differ, or a name is spelled in its string: an accessor per "
                   "settings key, a button per action, a query per lookup), or that call "
                   "different methods of their own class (a property per helper); same-named "
                   "bodies without a branch, loop, raise or try that differ in strings "
                   "(defaults a filter sets); members of a family of five or more same-shaped "
                   "definitions (a reader per width, a filter per field); generated code; test "
                   "files (parametrize tables); near-copies in another deployment unit (DD005, "
                   "opt-in).",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
