/* rules/duplicates/duplicate_constant.c - DD004: an UPPER_CASE module-level constant
 * defined in several modules that use it as one value: the same literal, or different ones
 * in linked modules (an error: one of them is wrong). */
#include "rules/duplicates/duplicates.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    for (const ssot_definition *d = NULL; (d = ssot_dd_next(facts, "DD004", d));) {
        if (d->dup->conflict)
            ssot_sink_report_as(sink, SSOT_SEVERITY_ERROR, &d->loc, d->name,
                                "conflicting constant `%s`: %s; the likely canonical one is %s",
                                d->name, d->dup->evidence, ssot_dd_canonical(sink, d->dup));
        else
            ssot_sink_report(sink, &d->loc, d->name,
                             "constant `%s = %.60s` is defined in %u modules; import it from "
                             "%s",
                             d->name, d->literal, d->dup->site_count,
                             ssot_dd_canonical(sink, d->dup));
        ssot_dd_relate(sink, d);
    }
}

const ssot_rule ssot_rule_dd004 = {
    .code = "DD004",
    .name = "duplicate-constant",
    .summary = "An UPPER_CASE module-level constant is defined in several modules that use it "
               "as one value: the same literal where one definition is imported or the "
               "modules are linked (one imports the other, a third imports both, or they are "
               "sibling modules in use); different literals in linked modules where one "
               "definition is imported.",
    .why = "Two definitions of one setting are two sources of truth: change one and the "
           "modules reading the other keep the old value. Different values are already a bug.",
    .bad = "# app/config.py\nMAX_MESSAGE_LENGTH = 4096\n\n"
           "# app/ws/limits.py\nMAX_MESSAGE_LENGTH = 8192\n",
    .good = "# app/ws/limits.py\nfrom app.config import MAX_MESSAGE_LENGTH\n",
    .bad_js = "// src/config.ts\n"
           "export const MAX_UPLOAD_BYTES = 10_485_760;\n"
           "\n"
           "// src/upload/validate.ts imports config.ts and keeps its own\n"
           "import { API_URL } from \"../config\";\n"
           "const MAX_UPLOAD_BYTES = 5_242_880;\n",
    .good_js = "// src/upload/validate.ts\n"
           "import { API_URL, MAX_UPLOAD_BYTES } from \"../config\";\n",
    .bad_c = "/* include/net.h */\n"
             "#define MAX_PAYLOAD 4096\n\n"
             "/* include/storage.h */\n"
             "#define MAX_PAYLOAD 4096\n",
    .good_c = "/* include/limits.h, included by both */\n"
              "#define MAX_PAYLOAD 4096\n",
    .not_flagged = "`__all__` and dunders; enum members; trivial values (`0`, `1`, `-1`, `\"\"`, "
                   "`None`, `True`, `False`, empty containers, short separator strings such as "
                   "`\", \"`); values that are not literals; bindings under `if`/`try` "
                   "(platform and version branches); module-local values (imported by no one) "
                   "that share a name, per-project settings and standalone example apps; "
                   "different values in unrelated modules (a name clash); per-plugin values "
                   "(the same name in 5 or more sibling modules); names in `ignore-names`; copies "
                   "in another deployment unit (DD005, opt-in).",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
