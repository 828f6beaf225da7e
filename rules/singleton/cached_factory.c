/* rules/singleton/cached_factory.c - SG004: `@lru_cache`/`@cache` on a factory without
 * required parameters that returns a new instance of a stateful class. */
#include <string.h>

#include "rules/rule.h"
#include "rules/singleton/singleton.h"

static const char *cache_decorator(const ssot_module_fn *fn)
{
    for (size_t i = 0; i < fn->decorator_count; i++) {
        const char *d = fn->decorators[i], *dot = strrchr(d, '.');
        const char *last = dot ? dot + 1 : d;
        if (!strcmp(last, "lru_cache") || !strcmp(last, "cache"))
            return d;
    }
    return "lru_cache";
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    /* a command-line or developer tool serves one user */
    if (facts->role != SSOT_ROLE_SERVICE || facts->tool)
        return;
    for (size_t i = 0; i < facts->module_fn_count; i++) {
        const ssot_module_fn *fn = &facts->module_fns[i];
        /* a factory with required parameters caches one object per argument tuple */
        if (!fn->cached || !fn->only_defaulted || !fn->held.cls || !fn->held.state)
            continue;
        /* FastAPI's documented `get_settings()` idiom: settings are read-only */
        if (fn->held.settings || ssot_sg_allowed_held(facts, fn->name, fn->returns, &fn->held) ||
            !ssot_sg_reported(facts, fn->held.request) ||
            /* no request handler anywhere: the process serves one user */
            (facts->no_requests && !fn->held.request))
            continue;
        ssot_sink_report_as(sink, ssot_sg_severity(fn->held.request), &fn->loc, fn->name,
                            "`%s()` is cached with `@%s`, so every request gets the same `%s`; "
                            "it stores %s%s%s",
                            fn->name, cache_decorator(fn), fn->held.cls, fn->held.state,
                            fn->held.request ? ", and " : " (no request-scoped value is stored)",
                            fn->held.request ? fn->held.request : "");
    }
}

const ssot_rule ssot_rule_sg004 = {
    .code = "SG004",
    .name = "cached-factory",
    .summary = "`@lru_cache`/`@cache` on a function without required parameters that returns "
               "a new instance of a stateful class that holds request-scoped data: a singleton in "
               "disguise.",
    .why = "The cache makes the factory return its first result forever, so the \"new\" "
           "object is one process-wide instance: every request, user and test shares what "
           "it stores. Used as a FastAPI dependency it looks injectable, but "
           "`Depends(get_store)` hands every request the same store.",
    .bad = "@lru_cache\n"
           "def get_message_store() -> MessageStore:\n"
           "    return MessageStore()\n",
    .good = "def get_message_store(request: Request) -> MessageStore:\n"
            "    # one store per application, created in the lifespan (or one per request:\n"
            "    # `return MessageStore(session)` without the cache)\n"
            "    return request.app.state.message_store\n",
    .no_js = "JavaScript has no cached-factory decorator: a module-level `let` that a function "
             "assigns a new instance to on first use is SG003, an instance created at module "
             "level is SG002 (docs/javascript.md).",
    .not_flagged = "Reported by default only when the shared state is keyed by or written from "
                   "a request-scoped value (a user, session, connection, request or tenant "
                   "value; a parameter of a request handler), which the message names (a "
                   "warning); other shared state only with `[singletons] report = \"all\"`, "
                   "as info. Not flagged: "
                   "command-line and developer tools; "
                   "projects with no request handler and no web framework anywhere (a library or a command-line program: one user per process), unless the object holds request-scoped data; "
                   "settings objects (pydantic `BaseSettings`, frozen dataclasses, class names "
                   "ending in `Settings`/`Config`): FastAPI's documented `@lru_cache def "
                   "get_settings()` idiom; factories with required parameters; factories of "
                   "stateless classes; names in `[singletons] allow`.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
