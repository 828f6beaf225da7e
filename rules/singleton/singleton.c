/* rules/singleton/singleton.c - the SG family's allowlist of harmless shared objects. */
#include "rules/singleton/singleton.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "analyzer/config.h"

/* Last name segments (globs) of objects made to be shared by a whole process. */
static const char *const harmless[] = {
    /* logging */
    "getLogger", "get_logger", "getChild", "*Logger", "*LoggerAdapter",
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
    "TypeVar", "ParamSpec", "TypeVarTuple", "NewType", "namedtuple", NULL,
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
        if (fnmatch(*h, last(dotted), 0) == 0)
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

bool ssot_sg_is_cache_name(const char *name)
{
    for (const char *p = name; p && *p; p++)
        if (!strncasecmp(p, "cache", 5))
            return true;
    return false;
}
