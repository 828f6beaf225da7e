/* rules/singleton/singleton.c - the SG family's allowlist of objects that are process-wide by
 * design (also through their subclasses), and the severity of a finding: a warning when the
 * shared state holds request-scoped data, info otherwise. */
#include "rules/singleton/singleton.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "analyzer/config/config.h"

/* Last name segments (globs) of objects made to be shared by a whole process; a glob with a
 * dot matches the whole qualified name (a library whose objects all are). */
static const char *const harmless[] = {
    /* logging */
    "getLogger", "get_logger", "getChild", "*Logger", "*LoggerAdapter", "logging.*",
    "structlog.*", "loguru.*",
    /* signal and event-bus hook points */
    "Signal", "signal", "blinker.*", "django.dispatch.*", "*EventEmitter",
    /* metric and telemetry registries */
    "prometheus_client.*", "opentelemetry.*", "statsd.*", "datadog.*", "sentry_sdk.*",
    /* settings and environment objects, lazy storage handles, context-local proxies */
    "Environment", "django.conf.*", "LazyObject", "SimpleLazyObject", "LazySettings",
    "DefaultStorage", "LocalProxy", "LocalStack", "Local",
    /* compiled patterns */
    "compile", "Pattern",
    /* synchronisation and context */
    "*Lock", "Event", "Condition", "*Semaphore", "Barrier", "local", "ContextVar",
    /* web frameworks' application and routing objects */
    "FastAPI", "APIRouter", "Flask", "Blueprint", "Celery", "Starlette", "Quart", "Sanic",
    "*Router", "Jinja2Templates",
    /* weak-reference interning caches */
    "Weak*",
    /* typing helpers */
    "TypeVar", "ParamSpec", "TypeVarTuple", "NewType", "namedtuple",
    /* JavaScript: request context storage, loggers, application objects */
    "AsyncLocalStorage", "pino", "pino.*", "winston.*", "bunyan.*", "log4js.*", "express",
    "Koa", "Hono", "Fastify", "fastify", NULL,
};

static const char *last(const char *dotted)
{
    const char *dot = strrchr(dotted, '.');
    return dot ? dot + 1 : dotted;
}

static bool builtin(const char *dotted)
{
    if (!dotted)
        return false;
    for (const char *const *h = harmless; *h; h++)
        if (fnmatch(*h, strchr(*h, '.') ? dotted : last(dotted), 0) == 0)
            return true;
    return false;
}

static bool configured(const ssot_facts *facts, const char *name)
{
    const ssot_matcher_list *allow = facts->config ? &facts->config->singleton_allow : NULL;
    return name && allow && allow->count && ssot_matcher_list_match(allow, name);
}

bool ssot_sg_allowed(const ssot_facts *facts, const char *name, const char *callee,
                     const char *cls)
{
    return builtin(callee) || builtin(cls) || configured(facts, name) ||
           configured(facts, callee) || configured(facts, cls);
}

bool ssot_sg_allowed_held(const ssot_facts *facts, const char *name, const char *callee,
                          const ssot_held *held)
{
    if (ssot_sg_allowed(facts, name, callee, held->cls))
        return true;
    for (size_t i = 0; i < held->external_count; i++)
        if (builtin(held->externals[i]) || configured(facts, held->externals[i]))
            return true;
    return false;
}

ssot_severity ssot_sg_severity(const char *request)
{
    return request ? SSOT_SEVERITY_WARNING : SSOT_SEVERITY_INFO;
}

bool ssot_sg_reported(const ssot_facts *facts, const char *request)
{
    return request || (facts->config && facts->config->singleton_report_all);
}

bool ssot_sg_import_filled(const ssot_binding *b, const char *request)
{
    return !request && (b->flags & SSOT_BF_IMPORT_FILLED) && !(b->flags & SSOT_BF_COMPUTED_WRITE);
}

const char *ssot_sg_danger(const char *request)
{
    return request ? request : "no request-scoped value is written to it";
}

bool ssot_sg_is_cache_name(const char *name)
{
    for (const char *p = name; p && *p; p++)
        if (!strncasecmp(p, "cache", 5))
            return true;
    return false;
}

const char *ssot_sg_binding(ssot_sink *sink, const ssot_facts *facts, const char *name,
                            bool module_level)
{
    if (facts->words.default_export && !strcmp(name, "default")) {
        const char *base = facts->path ? strrchr(facts->path, '/') : NULL;
        base = base ? base + 1 : (facts->path ? facts->path : "");
        return ssot_arena_printf(ssot_sink_arena(sink), "%s of `%s`", facts->words.default_export,
                                 base);
    }
    return ssot_arena_printf(ssot_sink_arena(sink), "%s`%s`", module_level ? "module-level " : "",
                             name);
}
