/* rules/singleton/lazy_global_init.c - SG003: a function that creates a stateful object
 * into a global on first use (`global _client; if _client is None: _client = Client()`). */
#include "rules/rule.h"
#include "rules/singleton/singleton.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    /* a command-line or developer tool serves one user */
    if (facts->role != SSOT_ROLE_SERVICE || facts->tool)
        return;
    for (size_t i = 0; i < facts->global_write_count; i++) {
        const ssot_global_write *w = &facts->global_writes[i];
        /* flags and counters are not objects; settings are meant to be read once */
        if (w->guard == SSOT_GUARD_NONE || w->kind != SSOT_VALUE_CALL || !w->held.cls ||
            !w->held.state || w->held.settings)
            continue;
        if (ssot_sg_allowed_held(facts, w->name, w->callee, &w->held) ||
            !ssot_sg_reported(facts, w->held.request) ||
            /* no request handler anywhere: the process serves one user */
            (facts->no_requests && !w->held.request))
            continue;
        ssot_sink_report_as(sink, ssot_sg_severity(w->held.request), &w->loc, w->function,
                            "`%s()` creates one `%s` on first use and keeps it in the %s "
                            "`%s` for every later caller; it holds %s%s%s",
                            w->function, w->held.cls, facts->words.module_variable, w->name,
                            w->held.state,
                            w->held.request ? ", and " : " (no request-scoped value is stored)",
                            w->held.request ? w->held.request : "");
    }
}

const ssot_rule ssot_rule_sg003 = {
    .code = "SG003",
    .name = "lazy-global-init",
    .summary = "A function declares `global NAME` and assigns `NAME = StatefulClass(...)` "
               "under `if NAME is None` or `if not NAME`: a lazily created process-wide "
               "instance that holds request-scoped data.",
    .why = "The first caller creates the object and every later caller, whatever user or "
           "request it serves, gets the same one with whatever state the earlier ones left "
           "in it. Tests cannot replace it without patching a private global, and two "
           "threads can both see `None` and create two.",
    .bad = "_client = None\n\n"
           "def get_http_client():\n"
           "    global _client\n"
           "    if _client is None:\n"
           "        _client = httpx.AsyncClient(base_url=URL)\n"
           "    return _client\n",
    .good = "# owned by the application's lifespan, handed to handlers by dependency injection\n"
            "@asynccontextmanager\n"
            "async def lifespan(app):\n"
            "    async with httpx.AsyncClient(base_url=URL) as client:\n"
            "        app.state.http = client\n"
            "        yield\n\n"
            "def get_http_client(request: Request) -> httpx.AsyncClient:\n"
            "    return request.app.state.http\n",
    .bad_js = "let client: SessionClient | undefined;\n"
           "\n"
           "export function getClient() {\n"
           "  if (!client) {\n"
           "    client = new SessionClient(BASE_URL);\n"
           "  }\n"
           "  return client;\n"
           "}\n",
    .good_js = "// one per application: made at start-up and handed to whoever needs it\n"
           "export function createApp(client = new SessionClient(BASE_URL)) {\n"
           "  const app = express();\n"
           "  app.locals.client = client;\n"
           "  return app;\n"
           "}\n",
    .not_flagged = "Reported by default only when the shared state is keyed by or written from "
                   "a request-scoped value (a user, session, connection, request or tenant "
                   "value; a parameter of a request handler), which the message names (a "
                   "warning); other shared state only with `[singletons] report = \"all\"`, "
                   "as info. A setter called under "
                   "such a guard counts too. Not flagged: command-line and developer tools; "
                   "projects with no request handler and no web framework anywhere (a library or a command-line program: one user per process), unless the object holds request-scoped data; "
                   "`global` writes of flags, counters and other literals; objects of "
                   "stateless classes, settings objects, loggers, compiled patterns and locks; "
                   "assignments that no `is None`/`not` guard protects (start-up "
                   "initialisation); names in `[singletons] allow`.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
