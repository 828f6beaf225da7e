/* rules/mock/mock_echo.c - MO001: the test configures a double, reads it back itself and
 * asserts what it configured; no project code runs in between. */
#include <stdio.h>
#include <string.h>

#include "analyzer/resolve/doubles.h"
#include "rules/rule.h"

static const char *double_label(const ssot_double *d)
{
    return d->name[0] ? d->name : (d->target ? d->target : "the double");
}

/* What the test configured, in its language's words: `m.get.return_value` was set to `V`, or
 * where doubles are configured by calls, `m.get` was set to return (or throw) `V`. */
static const char *configured(const ssot_facts *facts, const ssot_double *d,
                              const ssot_setting *s)
{
    static _Thread_local char buf[512];
    const char *label = double_label(d), *path = s->path;
    const char *tail = s->kind == SSOT_SET_RETURN ? "return_value" : "side_effect";
    size_t n = strlen(path), k = strlen(tail);
    bool by_call = facts->words.set_by_call && n >= k && !strcmp(path + n - k, tail) &&
                   (n == k || path[n - k - 1] == '.');
    if (!by_call)
        snprintf(buf, sizeof buf, "`%s.%s` was set to `%s`", label, path, s->value);
    else
        snprintf(buf, sizeof buf, "`%s%s%.*s` was set to %s `%s`", label, n > k ? "." : "",
                 n > k ? (int)(n - k - 1) : 0, path,
                 s->kind == SSOT_SET_RETURN ? "return" : facts->words.raise, s->value);
    return buf;
}

/* `get.return_value` -> `get.side_effect`: what decides the call's result instead. */
static bool overridden_by_side_effect(const ssot_function *t, const ssot_setting *ret)
{
    size_t n = strlen(ret->path), stem = n - strlen("return_value");
    for (size_t i = 0; i < t->side->setting_count; i++) {
        const ssot_setting *s = &t->side->settings[i];
        if (s->double_index != ret->double_index || s->kind != SSOT_SET_SIDE_EFFECT ||
            (s->flags & SSOT_SF_EXCEPTION) || !strcmp(s->value, "None"))
            continue;
        if (strlen(s->path) == stem + strlen("side_effect") && !strncmp(s->path, ret->path, stem))
            return true;
    }
    return false;
}

/* Did project code get hold of the double between the setting and the assertion? */
static bool project_code_between(const ssot_function *t, int32_t dbl, const ssot_setting *s,
                                 uint32_t row)
{
    uint32_t from = (s->flags & SSOT_SF_INHERITED) ? 0 : s->row;
    for (size_t h = 0; h < t->side->handoff_count; h++) {
        const ssot_handoff *o = &t->side->handoffs[h];
        if (o->double_index == dbl && o->row >= from && o->row <= row &&
            (o->via_double < 0 || !ssot_double_is_real(t, o->via_double)))
            return true;
    }
    const ssot_double *d = &t->side->doubles[dbl];
    if (!(d->flags & (SSOT_DF_PATCH | SSOT_DF_HANDED)) && d->parent < 0)
        return false;
    /* reachable by project code without being passed: any project call counts */
    for (size_t i = 0; i < t->call_count; i++)
        if (t->calls[i].row >= from && t->calls[i].row <= row &&
            ssot_call_runs_code(t, &t->calls[i]))
            return true;
    return false;
}

/* The setting an assertion echoes, or NULL. */
static const ssot_setting *echoed(const ssot_function *t, const ssot_assertion *a)
{
    if (a->subject < 0 || !a->subject_path || !a->expected || !ssot_double_is_real(t, a->subject))
        return NULL;
    if (t->side->doubles[a->subject].flags & SSOT_DF_WRAPS)
        return NULL;
    for (size_t i = 0; i < t->side->setting_count; i++) {
        const ssot_setting *s = &t->side->settings[i];
        if (s->double_index != a->subject || strcmp(s->path, a->subject_path) != 0 ||
            strcmp(s->value, a->expected) != 0)
            continue;
        if (s->kind == SSOT_SET_RETURN && overridden_by_side_effect(t, s))
            continue;
        if (s->kind == SSOT_SET_ATTRIBUTE ||
            (s->kind == SSOT_SET_SIDE_EFFECT && !(s->flags & SSOT_SF_EXCEPTION)))
            continue;
        if (project_code_between(t, a->subject, s, a->loc.span.row))
            continue;
        return s;
    }
    return NULL;
}

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (ssot_facts_never_runs(facts, t) || !t->assert_count || t->resolved_assertion ||
            ssot_test_about_doubles(facts, t))
            continue;
        const ssot_setting *echo = NULL;
        const ssot_assertion *at = NULL;
        bool mock_only = true;
        for (size_t i = 0; i < t->assert_count && mock_only; i++) {
            const ssot_assertion *a = &t->asserts[i];
            /* every assertion reads a double: nothing else is checked */
            mock_only = a->subject >= 0 && ssot_double_is_real(t, a->subject);
            const ssot_setting *s = mock_only ? echoed(t, a) : NULL;
            if (s && !echo) {
                echo = s;
                at = a;
            }
        }
        if (!mock_only || !echo)
            continue;
        const ssot_double *d = &t->side->doubles[echo->double_index];
        ssot_sink_report(sink, &t->def, t->symbol,
                         "test `%s` asserts what it configured: %s, and the assertion on line "
                         "%u reads it back with no project code in between",
                         t->name, configured(facts, d, echo), at->loc.span.row);
    }
}

const ssot_rule ssot_rule_mo001 = {
    .code = "MO001",
    .name = "mock-echo",
    .summary = "The test configures a double (`return_value`, `side_effect`, "
               "`patch(..., return_value=V)`), reads that double itself and asserts what it "
               "configured, with no project code in between.",
    .why = "Such a test checks that `unittest.mock` works: the double returns what it was told "
           "to return. No project code runs, so the test passes whatever the code does.",
    .bad = "def test_history_returns_stored_messages():\n"
           "    store = MagicMock(spec=MessageStore)\n"
           "    store.history.return_value = [\"hi\"]\n"
           "    assert store.history(\"general\") == [\"hi\"]\n",
    .good = "def test_history_returns_stored_messages():\n"
            "    store = MessageStore()\n"
            "    store.append(\"general\", \"ada\", \"hi\")\n"
            "    assert [m.text for m in store.history(\"general\")] == [\"hi\"]\n",
    .bad_js = "const price = jest.fn().mockReturnValue(3);\n"
           "expect(price()).toBe(3);\n",
    .good_js = "const price = jest.fn().mockReturnValue(3);\n"
           "expect(checkout(['apple'], price)).toBe(3);\n",
    .bad_c = "TEST(Store, GetReturnsStoredValue) {\n"
             "    MockStore store;  // MOCK_METHOD(int, Get, (int), (const, override));\n"
             "    EXPECT_CALL(store, Get(1)).WillOnce(Return(7));\n"
             "    EXPECT_EQ(store.Get(1), 7);\n"
             "}\n",
    .good_c = "TEST(Cache, LookupReadsTheStore) {\n"
              "    MockStore store;\n"
              "    EXPECT_CALL(store, Get(1)).WillOnce(Return(7));\n"
              "    Cache cache(store);\n"
              "    EXPECT_EQ(cache.Lookup(1), 7);\n"
              "}\n",
    .not_flagged = "A double passed through project code before the assertion "
                   "(`assert sut(m) == 5`); `wraps=` spies; `side_effect` with a real "
                   "function; hand-written fakes (not doubles); tests with any assertion that "
                   "does not read a double; "
                   "tests of the double library itself, decided from the code (the project "
                   "defines `Mock`/`MagicMock` or jest-mock's `ModuleMocker`, or the test "
                   "exercises `seal`, `attach_mock`, "
                   "`mock_add_spec`), never from a word such as \"mock\" in a test, class or "
                   "file name. C/C++: a gmock mock (a local of a class whose members "
                   "`MOCK_METHOD` made) read back after `EXPECT_CALL`/`ON_CALL` "
                   "`Return(V)`, or a cmocka mock function (its body calls `mock()`) read back "
                   "after `will_return(f, V)`; a mock passed to a constructor or function, "
                   "or a project function called in between (cmocka), is not flagged; nor "
                   "are the tests of a project that declares gmock's or cmocka's machinery "
                   "itself.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
