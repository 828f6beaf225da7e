/* rules/duplicates/cross_unit_duplicate.c - DD005: a definition copied between separately
 * deployed units (services with their own packaging, standalone programs). Opt-in: such
 * copies are often deliberate (each example is a complete program; each service ships its
 * own copy of a wire DTO), but a team may want to see them. */
#include "rules/duplicates/duplicates.h"

#include <string.h>

/* "`services/billing` and `services/orders`": the units of the cluster, first seen first. */
static const char *unit_list(ssot_sink *sink, const ssot_dup *dup)
{
    const char *out = "";
    size_t shown = 0;
    for (size_t i = 0; i < dup->site_count; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(dup->sites[k].unit, dup->sites[i].unit);
        if (seen)
            continue;
        if (shown++ == 3) {
            out = ssot_arena_printf(ssot_sink_arena(sink), "%s and more", out);
            break;
        }
        out = ssot_arena_printf(ssot_sink_arena(sink), "%s%s`%s`", out, shown > 1 ? ", " : "",
                                dup->sites[i].unit);
    }
    return out;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    for (const ssot_definition *d = NULL; (d = ssot_dd_next(facts, "DD005", d));) {
        ssot_sink_report(sink, &d->loc, d->qualname,
                         "`%s` is copied across deployment units (%s): %s as %s",
                         d->qualname, unit_list(sink, d->dup),
                         d->dup->evidence ? d->dup->evidence : "the same definition",
                         ssot_dd_canonical(sink, d->dup));
        ssot_dd_relate(sink, d);
    }
}

const ssot_rule ssot_rule_dd005 = {
    .code = "DD005",
    .name = "cross-unit-duplicate",
    .summary = "A function, class or constant is copied between separately deployed units: "
               "folders with their own packaging or container recipe (`pyproject.toml`, "
               "`setup.py`, `setup.cfg`, `Dockerfile`, a JavaScript package's "
               "`package.json`), folders declared in `[duplicates] "
               "units`, or standalone programs (modules nothing first-party imports, outside "
               "any package in use). The evidence is that of DD001-DD004.",
    .why = "Services that each keep their own copy of a wire DTO or a helper drift apart: one "
           "service changes the field, the other still sends the old shape. Turn this on to "
           "find such copies and move them to a shared package.",
    .bad = "# services/billing/app/events.py   (services/billing/pyproject.toml)\n"
           "class InvoicePaid:\n    def to_wire(self): ...\n    def from_wire(cls, d): ...\n\n"
           "# services/orders/app/events.py    (services/orders/pyproject.toml)\n"
           "class InvoicePaid:\n    def to_wire(self): ...\n    def from_wire(cls, d): ...\n",
    .good = "# shared/contracts/events.py, a package both services depend on\n"
            "class InvoicePaid:\n    def to_wire(self): ...\n    def from_wire(cls, d): ...\n",
    .bad_js = "// packages/billing/src/events.ts   (packages/billing/package.json)\n"
              "export class InvoicePaid {\n  toWire() { ... }\n  static fromWire(text) { ... }\n}\n\n"
              "// packages/orders/src/events.ts    (packages/orders/package.json)\n"
              "export class InvoicePaid {\n  toWire() { ... }\n  static fromWire(text) { ... }\n}\n",
    .good_js = "// packages/contracts/src/events.ts, a package both depend on\n"
               "export class InvoicePaid {\n  toWire() { ... }\n  static fromWire(text) { ... }\n}\n\n"
               "// packages/orders/src/pay.ts\n"
               "import { InvoicePaid } from '@acme/contracts';\n",
    .not_flagged = "Copies inside one unit (DD001-DD004 report those, and only those); "
                   "everything DD001-DD004 leave out; five or more copies in sibling "
                   "modules of one folder (a lesson repeated in every tutorial of a chapter, "
                   "one handler per example program): a convention. A library module that "
                   "nothing inside "
                   "the library imports is not standalone: its package is in use. Off by "
                   "default: copies between example programs (docs tutorials, `examples/`) "
                   "are usually deliberate, each example being complete.",
    .severity = SSOT_SEVERITY_INFO,
    .scope = SSOT_SCOPE_FILE,
    .opt_in = true,
    .check_file = check,
};
