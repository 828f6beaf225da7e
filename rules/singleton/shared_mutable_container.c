/* rules/singleton/shared_mutable_container.c - SG005: a module-level dict, list, set or
 * defaultdict that functions of service code write to. */
#include <string.h>

#include "rules/rule.h"
#include "rules/singleton/singleton.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    /* a `__main__` script runs once, for one user */
    /* a `__main__` script or a command-line or developer tool serves one user */
    if (facts->role != SSOT_ROLE_SERVICE || facts->main_guard || facts->tool)
        return;
    for (size_t i = 0; i < facts->binding_count; i++) {
        const ssot_binding *b = &facts->bindings[i];
        /* a project subclass of `dict`/`list`/`set` is written like one */
        bool container = b->kind == SSOT_VALUE_CONTAINER ||
                         (b->kind == SSOT_VALUE_CALL && b->held.container);
        if (!container || !b->writer_count ||
            (b->flags & (SSOT_BF_MAIN_GUARD | SSOT_BF_TYPE_CHECKING)))
            continue;
        /* a GC anchor: elements are only added, nothing reads them, and each one removes
           itself when it is done (`_TASKS.add(t); t.add_done_callback(_TASKS.discard)`) */
        if ((b->flags & SSOT_BF_CALLBACK_REMOVED) &&
            !(b->flags & (SSOT_BF_READ | SSOT_BF_IMPORTED)))
            continue;
        /* a memoisation cache by its name holds no one user's data unless a user's value
           is written to it */
        /* a table the module fills at import, and registration functions extend */
        if (!strncmp(b->name, "__", 2) || (ssot_sg_is_cache_name(b->name) && !b->request) ||
            ssot_sg_import_filled(b, b->request) ||
            ssot_sg_allowed(facts, b->name, NULL, NULL) || !ssot_sg_reported(facts, b->request))
            continue;
        const char *type = b->held.cls ? b->held.cls : b->callee;
        ssot_severity sev = ssot_sg_severity(b->request);
        /* a C/C++ `static` (or unnamed-namespace) variable: only its own file can reach it */
        const char *what = (b->flags & SSOT_BF_FILE_LOCAL)
                               ? ssot_arena_printf(ssot_sink_arena(sink), "file-local `%s`",
                                                   b->name)
                               : ssot_sg_binding(sink, facts, b->name, true);
        if (b->request)
            ssot_sink_report_as(sink, sev, &b->loc, b->name,
                                "%s is one `%s` shared by every request, and %s",
                                what, type, b->request);
        else if (b->writer_count == 1)
            ssot_sink_report_as(sink, sev, &b->loc, b->name,
                                "%s is one `%s` shared by every request; "
                                "`%s()` writes to it (no request-scoped value)",
                                what, type, b->writer);
        else
            ssot_sink_report_as(sink, sev, &b->loc, b->name,
                                "%s is one `%s` shared by every request; "
                                "`%s()` and %u other function%s write to it (no "
                                "request-scoped value)",
                                what, type, b->writer,
                                b->writer_count - 1, b->writer_count == 2 ? "" : "s");
    }
}

const ssot_rule ssot_rule_sg005 = {
    .code = "SG005",
    .name = "shared-mutable-container",
    .summary = "A module-level `{}`, `[]`, `set()`, `defaultdict()`, `WeakSet()` or `dict` "
               "subclass that functions of "
               "service code write to (subscript assignment, `del`, `.append`, `.update`, "
               "`.setdefault`, `.add`, `.pop`, `.clear`, ...) with request-scoped data.",
    .why = "Module state lives as long as the process and is shared by every request: "
           "entries written for one user are read for another, it grows without bound, "
           "concurrent requests race on it, and tests see what earlier tests left behind.",
    .bad = "_hits: dict[str, list[float]] = {}\n\n"
           "def register_message(user_id):\n"
           "    _hits.setdefault(user_id, []).append(time.monotonic())\n",
    .good = "class RateLimiter:\n"
            "    def __init__(self):\n"
            "        self._hits: dict[str, list[float]] = {}\n\n"
            "    def register_message(self, user_id):\n"
            "        self._hits.setdefault(user_id, []).append(time.monotonic())\n\n"
            "# one per application, created in the lifespan and injected: Depends(get_limiter)\n",
    .bad_js = "const hits = new Map<string, number[]>();\n"
           "\n"
           "app.post(\"/messages\", (req, res) => {\n"
           "  hits.set(req.body.userId, [...(hits.get(req.body.userId) ?? []), Date.now()]);\n"
           "  res.sendStatus(202);\n"
           "});\n",
    .good_js = "class RateLimiter {\n"
           "  private hits = new Map<string, number[]>();\n"
           "  register(userId: string) { /* ... */ }\n"
           "}\n"
           "\n"
           "// one per application, created at start-up and injected\n"
           "export function messageRoutes(limiter: RateLimiter) { /* ... */ }\n",
    .bad_c = "static int active_sessions;\n\n"
             "void session_open(void) { active_sessions++; }\n",
    .good_c = "struct server { int active_sessions; };\n\n"
              "void session_open(struct server *s) { s->active_sessions++; }\n",
    .not_flagged = "Reported by default only when the shared state is keyed by or written from "
                   "a request-scoped value (a user, session, connection, request or tenant "
                   "value; a parameter of a request handler), which the message names (a "
                   "warning); other shared state only with `[singletons] report = \"all\"`, "
                   "as info. Not flagged: "
                   "tables that are only read; containers filled at import time (at module "
                   "level, by a helper the module body calls, or by a decorator it applies; a literal "
                   "with entries that registration functions extend only with what their callers "
                   "hand them: `register(key, value)`); memo "
                   "cells (the function looks the key up before it stores a computed value, or "
                   "fills the table once under `if not TABLE:`); command-line and developer tools "
                   "(a module importing argparse, click, pytest ... with no request handler); memoisation caches (a name "
                   "containing `cache`, unless a request-scoped value is written to it) and "
                   "`WeakValueDictionary` interning caches (a `WeakSet` or `WeakKeyDictionary` "
                   "is state); modules that are scripts "
                   "(`if __name__ == \"__main__\":`); dunders such as `__all__`; names in "
                   "`[singletons] allow`.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
