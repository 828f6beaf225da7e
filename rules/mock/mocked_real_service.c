/* rules/mock/mocked_real_service.c - MO004: a test meant to run against real services
 * replaces one with a double or a patch. */
#include <string.h>

#include "analyzer/assertions.h"
#include "analyzer/config.h"
#include "analyzer/doubles.h"
#include "rules/rule.h"

static bool marked(const char *const *markers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(markers[i], "e2e") || !strcmp(markers[i], "integration") ||
            !strcmp(markers[i], "live"))
            return true;
    return false;
}

/* The built-in real-services folders, for files without a configuration. */
static bool default_scope(const char *path)
{
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (p[n] != '/')
            break; /* the file name itself */
        if ((n == 3 && !strncmp(p, "e2e", 3)) || (n == 11 && !strncmp(p, "integration", 11)) ||
            (n == 16 && !strncmp(p, "mission_critical", 16)))
            return true;
        for (size_t i = 0; i + 7 <= n; i++)
            if (!strncmp(p + i, "staging", 7))
                return true;
        p += n + 1;
    }
    return false;
}

static bool in_scope(const ssot_facts *facts, const ssot_function *t)
{
    if (marked(t->markers, t->marker_count))
        return true;
    for (const ssot_class *k = ssot_facts_class_of(facts, t); k;
         k = k->outer_index >= 0 ? &facts->classes[k->outer_index] : NULL)
        if (marked(k->markers, k->marker_count))
            return true;
    const ssot_config *c = facts->config;
    if (!c)
        return default_scope(facts->config_path ? facts->config_path : facts->path);
    for (size_t i = 0; i < c->real_service_count; i++)
        if (ssot_glob_match(c->real_services[i], facts->config_path))
            return true;
    return false;
}

/* Clock and randomness: patching them makes a real-services test deterministic, it does
 * not replace a service. */
static bool clock_or_randomness(const char *target)
{
    static const char *const names[] = {
        "time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
        "sleep", "datetime", "date", "now", "utcnow", "today", "timezone", "random", "randint",
        "randrange", "choice", "choices", "shuffle", "sample", "uniform", "getrandbits", "uuid",
        "uuid1", "uuid4", "token_hex", "token_bytes", "token_urlsafe", "urandom", "secrets",
        NULL,
    };
    static const char *const modules[] = {"time", "datetime", "random", "uuid", "secrets",
                                          "freezegun", NULL};
    const char *last = ssot_last_segment(target);
    size_t head = strcspn(target, ".");
    for (const char *const *n = names; *n; n++)
        if (!strcmp(last, *n))
            return true;
    for (const char *const *m = modules; *m; m++)
        if (strlen(*m) == head && !strncmp(target, *m, head))
            return true;
    return false;
}

/* `allowed-doubles` names a target as the patch writes it (`app.stripe.Charge.create`), or
 * the spec a double is made with as written (`stripe.Client`). */
static bool allowed(const ssot_facts *facts, const char *target)
{
    return target && facts->config &&
           ssot_matcher_list_match(&facts->config->allowed_doubles, target);
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if ((!t->patch_count && !t->double_count) || ssot_facts_never_runs(facts, t) ||
            !in_scope(facts, t))
            continue;
        const ssot_patch *patch = NULL;
        for (size_t i = 0; i < t->patch_count && !patch; i++) {
            const ssot_patch *p = &t->patches[i];
            if (p->target && !(p->flags & (SSOT_PF_WRAPS | SSOT_PF_DICT | SSOT_PF_NEW_LITERAL)) &&
                !clock_or_randomness(p->target) && !allowed(facts, p->target))
                patch = p;
        }
        if (patch) {
            if (patch->via)
                ssot_sink_report(sink, &t->def, t->symbol,
                                 "test `%s` runs against real services, but its fixture `%s` "
                                 "patches `%s`",
                                 t->name, patch->via, patch->target);
            else
                ssot_sink_report(sink, &t->def, t->symbol,
                                 "test `%s` runs against real services, but patches `%s`",
                                 t->name, patch->target);
            continue;
        }
        for (size_t i = 0; i < t->double_count; i++) {
            const ssot_double *d = &t->doubles[i];
            /* patches were judged above; a double inside another is part of it */
            if (!ssot_double_is_real(t, (int32_t)i) || (d->flags & (SSOT_DF_PATCH | SSOT_DF_WRAPS)) ||
                d->parent >= 0 || allowed(facts, d->target))
                continue;
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` runs against real services, but replaces a "
                             "collaborator with the double `%s`",
                             t->name, d->name[0] ? d->name : d->loc.snippet);
            break;
        }
    }
}

const ssot_rule ssot_rule_mo004 = {
    .code = "MO004",
    .name = "mocked-real-service",
    .summary = "A test in a real-services scope (`real-services` globs, or the markers `e2e`, "
               "`integration`, `live`) creates doubles or patches a service boundary.",
    .why = "Real-services suites exist to prove the system works end to end. A double there "
           "turns the proof into a simulation: the suite stays green while the real service "
           "is broken.",
    .bad = "# tests/mission_critical/test_delivery.py\n"
           "async def test_gateway_answer_reaches_the_user(self):\n"
           "    with patch.object(LLMClient, \"complete\", new=AsyncMock(return_value=\"sunny\")):\n"
           "        await agent.run(\"u1\", \"general\", \"weather?\")\n",
    .good = "# tests/mission_critical/test_delivery.py\n"
            "async def test_gateway_answer_reaches_the_user(self):\n"
            "    await agent.run(\"u1\", \"general\", \"weather?\")  # the real gateway\n",
    .not_flagged = "Doubles of services listed in `allowed-doubles`; clock and randomness "
                   "patches (`time`, `monotonic`, `datetime`, `random`, `uuid4`, ...); "
                   "`monkeypatch.setenv`; patches that set a constant; `wraps=` spies; "
                   "`tmp_path`; hand-written fakes.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
