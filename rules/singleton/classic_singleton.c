/* rules/singleton/classic_singleton.c - SG001: a class that hands out one process-wide
 * instance: `_instance` plus `__new__`/`get_instance()`, a caching metaclass (and the
 * classes that use it), or a `@singleton` decorator. */
#include <string.h>

#include "rules/rule.h"
#include "rules/singleton/singleton.h"

static const char *shares(const ssot_class *k)
{
    return k->shared_state ? k->shared_state : "state";
}

/* ", and `connect()` stores `ws` in `conns`" or " (no request-scoped value is stored)" */
static const char *danger(const ssot_class *k)
{
    return k->request_state ? ", and " : " (no request-scoped value is stored in it)";
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    /* a command-line or developer tool serves one user */
    if (facts->role != SSOT_ROLE_SERVICE || facts->tool)
        return;
    for (size_t i = 0; i < facts->class_count; i++) {
        const ssot_class *k = &facts->classes[i];
        /* enums and immutable records are meant to exist once */
        if (k->outer_index >= 0 || (k->flags & (SSOT_KF_ENUM | SSOT_KF_FROZEN |
                                                SSOT_KF_NAMEDTUPLE)))
            continue;
        if (ssot_sg_allowed(facts, k->name, NULL, k->name))
            continue;
        ssot_severity sev = ssot_sg_severity(k->request_state);
        const char *why = k->request_state ? k->request_state : "";
        if (k->flags & SSOT_KF_CACHING_META) {
            ssot_sink_report_as(sink, sev, &k->loc, k->qualname,
                             "metaclass `%s` keeps one instance per class in `%s`: every class "
                             "that uses it is a process-wide singleton",
                             k->name, k->state->instance_attr);
        } else if (k->caching_meta) {
            ssot_sink_report_as(sink, sev, &k->loc, k->qualname,
                                "`%s` is a singleton through its metaclass `%s`: every request "
                                "shares its %s%s%s",
                                k->name, k->caching_meta, shares(k), danger(k), why);
        } else if (k->flags & SSOT_KF_SINGLETON_DECORATOR) {
            ssot_sink_report_as(sink, sev, &k->loc, k->qualname,
                                "`%s` is a singleton (`@singleton`): every request shares its "
                                "%s%s%s",
                                k->name, shares(k), danger(k), why);
        } else if (k->state->instance_attr && k->shared_state) {
            /* a stateless singleton (a sentinel, a null object) shares nothing */
            bool is_new = !strcmp(k->state->instance_method, "__new__");
            ssot_sink_report_as(sink, sev, &k->loc, k->qualname,
                                "`%s%s%s()` always returns the one instance kept in `%s`: "
                                "every request shares its %s%s%s",
                                k->name, is_new ? "" : ".",
                                is_new ? "" : k->state->instance_method, k->state->instance_attr,
                                k->shared_state, danger(k), why);
        } else if (k->inherited_singleton && k->shared_state) {
            ssot_sink_report_as(sink, sev, &k->loc, k->qualname,
                                "`%s` inherits one-instance caching from `%s()`: every request "
                                "shares its %s%s%s",
                                k->name, k->inherited_singleton, k->shared_state, danger(k),
                                why);
        }
    }
}

const ssot_rule ssot_rule_sg001 = {
    .code = "SG001",
    .name = "classic-singleton",
    .summary = "A stateful class hands out one process-wide instance: a class attribute such "
               "as `_instance` returned by `__new__` or `get_instance()`, a metaclass whose "
               "`__call__` caches instances, or a `@singleton` decorator.",
    .why = "Every request, user and test gets the same object, so what one of them stores "
           "(connections, counters, caches) is seen and changed by all the others. Tests "
           "leak into each other and cannot run in parallel, and a per-user value ends up "
           "in another user's response.",
    .bad = "class MetricsCollector:\n"
           "    _instance = None\n\n"
           "    @classmethod\n"
           "    def get_instance(cls):\n"
           "        if cls._instance is None:\n"
           "            cls._instance = cls()\n"
           "        return cls._instance\n\n"
           "    def increment(self, name):\n"
           "        self._counts[name] += 1\n",
    .good = "class MetricsCollector:\n"
            "    def increment(self, name):\n"
            "        self._counts[name] += 1\n\n"
            "# one per application (or per request), created where the app is assembled and\n"
            "# passed in: app.state.metrics = MetricsCollector(); Depends(get_metrics)\n"
            "def get_metrics(request: Request) -> MetricsCollector:\n"
            "    return request.app.state.metrics\n",
    .bad_js = "export class MetricsCollector {\n"
           "  private static instance: MetricsCollector | null = null;\n"
           "  private counts = new Map<string, number>();\n"
           "\n"
           "  static getInstance() {\n"
           "    if (!MetricsCollector.instance) MetricsCollector.instance = new MetricsCollector();\n"
           "    return MetricsCollector.instance;\n"
           "  }\n"
           "\n"
           "  increment(userId: string) {\n"
           "    this.counts.set(userId, (this.counts.get(userId) ?? 0) + 1);\n"
           "  }\n"
           "}\n",
    .good_js = "export class MetricsCollector {\n"
           "  private counts = new Map<string, number>();\n"
           "  increment(userId: string) { /* ... */ }\n"
           "}\n"
           "\n"
           "// one per application, created where the app is assembled and handed to the handlers\n"
           "const metrics = new MetricsCollector();\n"
           "app.use((req, res, next) => { res.locals.metrics = metrics; next(); });\n",
    .bad_c = "class Metrics {\n"
             "public:\n"
             "    static Metrics& instance() { static Metrics m; return m; }\n"
             "    void record(const std::string& key) { counts_[key]++; }\n"
             "private:\n"
             "    Metrics() = default;\n"
             "    std::map<std::string, int> counts_;\n"
             "};\n",
    .good_c = "class Metrics {\n"
              "public:\n"
              "    void record(const std::string& key) { counts_[key]++; }\n"
              "private:\n"
              "    std::map<std::string, int> counts_;\n"
              "};\n\n"
              "// each server (or test) owns one and hands it to what needs it\n"
              "Server::Server(Metrics& metrics) : metrics_(metrics) {}\n",
    .not_flagged = "A warning when the shared state is keyed by or written from a request-scoped value "
                   "(a user, session, connection, request or tenant value; a parameter of a request "
                   "handler), which the message names; info otherwise (a one-instance class is a "
                   "structural pattern, reported whatever `[singletons] report` says). Not flagged: "
                   "enums, frozen dataclasses and NamedTuples; hook points (callbacks a method "
                   "runs); command-line and developer tools; singletons of stateless classes "
                   "(sentinels, null objects: no method outside `__init__` writes `self`, "
                   "memoised values such as a cached hash aside); "
                   "registries of immutable data; names in `[singletons] allow`.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
