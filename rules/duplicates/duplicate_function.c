/* rules/duplicates/duplicate_function.c - DD002: a function or method body copied
 * verbatim (type-1: equal after dropping whitespace, comments and docstrings). */
#include "rules/duplicates/duplicates.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    for (const ssot_definition *d = NULL; (d = ssot_dd_next(facts, "DD002", d));) {
        ssot_sink_report(sink, &d->loc, d->qualname,
                         "`%s` has the same body as %s, the likely canonical one of %u copies",
                         d->qualname, ssot_dd_canonical(sink, d->dup), d->dup->site_count);
        ssot_dd_relate(sink, d);
    }
}

const ssot_rule ssot_rule_dd002 = {
    .code = "DD002",
    .name = "duplicate-function",
    .summary = "A function or method body is a verbatim copy of another one, whatever the "
               "signature (`decode(self, c: bytes)` and `decode(self, c: str)`, an added "
               "parameter or another default, with one body are copies).",
    .why = "Copies drift apart: a bug fixed in one stays in the others. Keep one definition "
           "and import it.",
    .bad = "# app/events.py\ndef normalize_event(event):\n    ...  # 8 lines\n\n"
           "# app/ws/handlers.py\ndef normalize_event(event):\n    ...  # the same 8 lines\n",
    .good = "# app/ws/handlers.py\nfrom app.events import normalize_event\n",
    .bad_js = "// src/money.ts\n"
           "export function formatPrice(cents: number, currency: string) {\n"
           "  if (cents < 0) throw new RangeError(\"negative price\");\n"
           "  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, \"0\")} ${currency}`;\n"
           "}\n"
           "\n"
           "// src/checkout/summary.ts: the same body again\n"
           "function formatPrice(cents: number, currency: string) { /* the same lines */ }\n",
    .good_js = "// src/checkout/summary.ts\n"
           "import { formatPrice } from \"../money\";\n",
    .bad_c = "/* src/net/crc.c */\n"
             "uint32_t crc(const uint8_t *p, size_t n) { /* 20 lines */ }\n\n"
             "/* src/storage/blocks.c: the same body, token for token */\n"
             "uint32_t crc(const uint8_t *p, size_t n) { /* 20 lines */ }\n",
    .good_c = "/* src/util/crc.h declares it, src/util/crc.c defines it once */\n"
              "#include \"util/crc.h\"\n",
    .not_flagged = "Bodies under `[duplicates] min-nodes` (40) AST nodes (about the tokens), "
                   "or under `min-lines` (5) logical lines unless they hold twice `min-nodes`; "
                   "a short copy that holds logic (a branch, a loop or comprehension, a raise, "
                   "an assert or a try) counts from half `min-nodes`, unless five or more "
                   "definitions repeat it (an idiom) or it is one of a family of five or more "
                   "same-shaped definitions with other names and literals (a search hook per "
                   "model). Never: one-statement delegations without logic, protocol dunders "
                   "(`__eq__`, `__repr__`); names in `ignore-names`; test files, generated, "
                   "vendored files and schema migrations, `.pyi` stubs; definitions under "
                   "`if TYPE_CHECKING:`, `try/except ImportError` or platform branches; copies "
                   "in another deployment unit (a folder with its own packaging or Dockerfile, "
                   "a configured unit, a standalone program such as an example script): DD005 "
                   "reports those, opt-in.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
