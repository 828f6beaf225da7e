/* rules/mock/mocked_real_service.c - MO004: a test meant to run against real services
 * replaces one with a double or a patch. */
#include <string.h>

#include "analyzer/facts/assertions.h"
#include "analyzer/config/config.h"
#include "analyzer/resolve/doubles.h"
#include "rules/rule.h"

static bool marked(const ssot_config *c, const char *const *markers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c->real_service_markers.count; k++)
            if (!strcmp(markers[i], c->real_service_markers.items[k]))
                return true;
    return false;
}

/* The scope the project declares that puts the test there (for the message), or NULL:
 * a `real-services` glob over its path, or a `real-service-markers` mark on it or its
 * class. No declaration, no scope. */
static const char *scope_of(const ssot_facts *facts, const ssot_function *t)
{
    const ssot_config *c = facts->config;
    if (!c)
        return NULL;
    if (marked(c, t->markers, t->marker_count))
        return "marked as a real-services test";
    for (const ssot_class *k = ssot_facts_class_of(facts, t); k;
         k = k->outer_index >= 0 ? &facts->classes[k->outer_index] : NULL)
        if (marked(c, k->markers, k->marker_count))
            return "its class is marked as real-services tests";
    for (size_t i = 0; i < c->real_service_count; i++)
        if (ssot_glob_match(c->real_services[i], facts->config_path))
            return ssot_glob_pattern(c->real_services[i]);
    return NULL;
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

/* Fault injection: the double only raises (`side_effect=ConnectionError`), so the test
 * proves how the code copes with a failing service, which a real service cannot be made
 * to do on demand. */
static bool injects_fault(const ssot_function *t, int32_t dbl)
{
    if (dbl < 0)
        return false;
    bool raises = false;
    for (size_t i = 0; i < t->side->setting_count; i++) {
        const ssot_setting *s = &t->side->settings[i];
        if (s->double_index != dbl)
            continue;
        if (s->kind == SSOT_SET_SIDE_EFFECT && (s->flags & SSOT_SF_EXCEPTION))
            raises = true;
        else if (s->kind == SSOT_SET_RETURN)
            return false;
    }
    return raises;
}

/* The patch that replaces a service boundary with a double, or NULL. A replacement that is
 * no double (a literal, a hand-written fake, a function) is the test's own stand-in. */
static const ssot_patch *replaced_service(const ssot_facts *facts, const ssot_function *t)
{
    for (size_t i = 0; i < t->side->patch_count; i++) {
        const ssot_patch *p = &t->side->patches[i];
        if (!p->target || !p->boundary ||
            (p->flags & (SSOT_PF_WRAPS | SSOT_PF_DICT | SSOT_PF_MULTIPLE)) ||
            ((p->flags & SSOT_PF_NEW) && !(p->flags & SSOT_PF_NEW_DOUBLE)) ||
            clock_or_randomness(p->target) || allowed(facts, p->target) ||
            injects_fault(t, p->double_index))
            continue;
        return p;
    }
    return NULL;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if ((!t->side->patch_count && !t->side->double_count) || ssot_facts_never_runs(facts, t))
            continue;
        const char *scope = scope_of(facts, t);
        if (!scope)
            continue;
        const ssot_patch *patch = replaced_service(facts, t);
        if (patch) {
            if (patch->via)
                ssot_sink_report(sink, &t->def, t->symbol,
                                 "test `%s` runs against real services (`%s`), but its fixture "
                                 "`%s` patches `%s`, a service boundary: %s",
                                 t->name, scope, patch->via, patch->target, patch->boundary);
            else
                ssot_sink_report(sink, &t->def, t->symbol,
                                 "test `%s` runs against real services (`%s`), but patches "
                                 "`%s`, a service boundary: %s",
                                 t->name, scope, patch->target, patch->boundary);
            continue;
        }
        for (size_t i = 0; i < t->side->double_count; i++) {
            const ssot_double *d = &t->side->doubles[i];
            /* patches were judged above; a double inside another is part of it */
            if (!ssot_double_is_real(t, (int32_t)i) || (d->flags & (SSOT_DF_PATCH | SSOT_DF_WRAPS)) ||
                d->parent >= 0 || !d->boundary || allowed(facts, d->target) ||
                injects_fault(t, (int32_t)i))
                continue;
            ssot_sink_report(sink, &t->def, t->symbol,
                             "test `%s` runs against real services (`%s`), but replaces `%s`, a "
                             "service boundary, with the double `%s`: %s",
                             t->name, scope, d->target, d->name[0] ? d->name : d->loc.snippet,
                             d->boundary);
            break;
        }
    }
}

const ssot_rule ssot_rule_mo004 = {
    .code = "MO004",
    .name = "mocked-real-service",
    .summary = "A test in a real-services scope the project declares (`real-services` globs, "
               "`real-service-markers`) replaces a service boundary with a double: a client of "
               "something outside the process (HTTP, database, cache, queue, cloud SDK, LLM API) "
               "or a project function or class whose module imports one or whose bases are one; "
               "the message names the evidence.",
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
    .bad_js = "// tests/e2e/billing.test.ts, in a declared real-services scope\n"
           "jest.mock('axios');\n"
           "test('charges a card', async () => {\n"
           "  axios.post.mockResolvedValue({ data: { ok: true } });\n"
           "  expect(await chargeCard('4242', 10)).toEqual({ ok: true });\n"
           "});\n",
    .good_js = "// tests/e2e/billing.test.ts: against the payment sandbox\n"
           "test('charges a card', async () => {\n"
           "  expect(await chargeCard('4242', 10)).toEqual({ ok: true });\n"
           "});\n",
    .not_flagged = "Projects that declare no scope (an `e2e/` folder or an `integration` marker "
                   "alone says nothing about what a test may replace); doubles of services "
                   "listed in `allowed-doubles`; in-process values (ASGI `receive`/`send` "
                   "callables, `app.state`, registries, doubles without a service spec); "
                   "replacements that are no double (constants, hand-written fakes, "
                   "functions); fault injection (a double that only raises); clock and "
                   "randomness patches (`time`, `monotonic`, `datetime`, `random`, `uuid4`, "
                   "...); `monkeypatch.setenv`; `wraps=` spies; `tmp_path`. A warning, not an "
                   "error: the boundary is inferred from imports and bases, and a team may "
                   "stub one service on purpose.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
