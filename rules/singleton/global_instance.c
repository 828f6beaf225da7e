/* rules/singleton/global_instance.c - SG002: a module-level instance of a stateful class
 * that other modules import or request handlers read. */
#include "rules/rule.h"
#include "rules/singleton/singleton.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    /* a command-line or developer tool serves one user */
    if (facts->role != SSOT_ROLE_SERVICE || facts->tool)
        return;
    for (size_t i = 0; i < facts->binding_count; i++) {
        const ssot_binding *b = &facts->bindings[i];
        if (b->kind != SSOT_VALUE_CALL || !b->held.cls || !b->held.state || b->held.settings)
            continue;
        if (!(b->flags & (SSOT_BF_IMPORTED | SSOT_BF_HANDLER_READ)) ||
            (b->flags & (SSOT_BF_MAIN_GUARD | SSOT_BF_TYPE_CHECKING)))
            continue;
        /* a registry the module fills at import (`REG.register(...)` in its body) */
        if (ssot_sg_is_cache_name(b->name) || ssot_sg_import_filled(b, b->held.request) ||
            ssot_sg_allowed_held(facts, b->name, b->callee, &b->held) ||
            !ssot_sg_reported(facts, b->held.request))
            continue;
        ssot_severity sev = ssot_sg_severity(b->held.request);
        const char *sep = b->held.request ? ", and " : " (no request-scoped value is stored)";
        const char *why = b->held.request ? b->held.request : "";
        if (b->flags & SSOT_BF_IMPORTED)
            ssot_sink_report_as(sink, sev, &b->loc, b->name,
                                "%s is one `%s` shared by every request (imported by `%s`); "
                                "it stores %s%s%s",
                                ssot_sg_binding(sink, facts, b->name, false), b->held.cls,
                                b->importer, b->held.state, sep, why);
        else
            ssot_sink_report_as(sink, sev, &b->loc, b->name,
                                "%s is one `%s` shared by every request (read by handler "
                                "`%s`); it stores %s%s%s",
                                ssot_sg_binding(sink, facts, b->name, false), b->held.cls,
                                b->handler, b->held.state, sep, why);
    }
}

const ssot_rule ssot_rule_sg002 = {
    .code = "SG002",
    .name = "global-instance",
    .summary = "A module-level instance of a stateful class (`manager = WebSocketManager()`) "
               "that other modules import or request handlers read, and that holds request-scoped "
               "data.",
    .why = "A module is imported once per process, so its instance is shared by every "
           "request and every user: one user's connections, counters or cached data are "
           "visible to the next request, and tests that import it leak state into each "
           "other.",
    .bad = "# app/websocket/manager.py\n"
           "websocket_manager = WebSocketManager()\n\n"
           "# app/main.py\n"
           "from app.websocket.manager import websocket_manager\n",
    .good = "# create it where the application is assembled, hand it out per request\n"
            "@asynccontextmanager\n"
            "async def lifespan(app):\n"
            "    app.state.websocket_manager = WebSocketManager()\n"
            "    yield\n\n"
            "def get_websocket_manager(request: Request) -> WebSocketManager:\n"
            "    return request.app.state.websocket_manager\n",
    .bad_js = "// src/ws/manager.ts\n"
           "class WebSocketManager {\n"
           "  private sockets = new Map<string, WebSocket>();\n"
           "  connect(userId: string, ws: WebSocket) { this.sockets.set(userId, ws); }\n"
           "}\n"
           "export default new WebSocketManager();\n"
           "\n"
           "// src/routes/chat.ts\n"
           "import manager from \"../ws/manager\";\n",
    .good_js = "// create it where the application is assembled and pass it in\n"
           "export function chatRoutes(manager: WebSocketManager) {\n"
           "  const router = Router();\n"
           "  router.post(\"/join\", (req, res) => manager.connect(req.body.userId, req.ws));\n"
           "  return router;\n"
           "}\n",
    .not_flagged = "Reported by default only when the shared state is keyed by or written from "
                   "a request-scoped value (a user, session, connection, request or tenant "
                   "value; a parameter of a request handler), which the message names (a "
                   "warning); other shared state only with `[singletons] report = \"all\"`, "
                   "as info. Not flagged: "
                   "loggers, signals, metric registries, settings and lazy storage handles, also "
                   "through project subclasses of them; command-line and developer tools; "
                   "registries the module body fills at import time (`REG.register(...)` at module level) that functions extend only with what their callers hand them; objects whose class keeps no state of its own once the base methods it replaces (or whose set-up it never runs) are left out, such as null objects; "
                   "`re.compile`, locks, `ContextVar`, framework objects (`FastAPI()`, "
                   "`APIRouter()`, `Flask(__name__)`, `Blueprint`, `Celery`; in JavaScript `express()`, "
                   "`Router()`, Koa, Hono, Fastify), `AsyncLocalStorage`, `Object.freeze(...)` "
                   "values, loggers (pino, winston), constants, "
                   "instances of stateless classes (a value a method computes once and "
                   "memoises, such as a cached hash or a lazily computed property, is not "
                   "state), frozen dataclasses, NamedTuples and enums, settings objects, "
                   "memoisation caches (a name containing `cache`), instances nobody else "
                   "imports or reads, and names in `[singletons] allow`.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
