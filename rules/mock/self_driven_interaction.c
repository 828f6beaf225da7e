/* rules/mock/self_driven_interaction.c - MO003: every assertion verifies calls on doubles
 * that never reach project code, so the test only checks the calls it made itself. */
#include "analyzer/resolve/doubles.h"
#include "rules/rule.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    SSOT_FOR_EACH_TEST(facts, t)
    {
        if (!t->assert_count || t->resolved_assertion || ssot_facts_never_runs(facts, t) ||
            ssot_test_about_doubles(facts, t))
            continue;
        const ssot_double *verified = NULL;
        bool self_driven = true;
        for (size_t i = 0; i < t->assert_count && self_driven; i++) {
            const ssot_assertion *a = &t->asserts[i];
            /* a mock verification of a double the test knows */
            self_driven = (a->flags & SSOT_AF_MOCK_CHECK) && a->subject >= 0 &&
                          ssot_double_is_real(t, a->subject) &&
                          !(t->side->doubles[a->subject].flags & SSOT_DF_WRAPS) &&
                          !ssot_double_handed(t, a->subject);
            if (self_driven && !verified)
                verified = &t->side->doubles[a->subject];
        }
        if (!self_driven || !verified)
            continue;
        ssot_sink_report(sink, &t->def, t->symbol,
                         "test `%s` only verifies calls on `%s`, which never reaches project "
                         "code: the calls it checks are the ones the test made itself",
                         t->name, verified->name[0] ? verified->name : verified->target);
    }
}

const ssot_rule ssot_rule_mo003 = {
    .code = "MO003",
    .name = "self-driven-interaction",
    .summary = "All assertions are mock verifications (A4) of doubles that are never handed to "
               "project code: every call they verify is one the test made itself.",
    .why = "The test calls the double and then checks that the double was called. It passes "
           "whatever the project code does, because no project code ever sees the double.",
    .bad = "async def test_heartbeat_sends_ping():\n"
           "    ws = AsyncMock()\n"
           "    await ws.send_json({\"type\": \"ping\"})\n"
           "    ws.send_json.assert_awaited_once_with({\"type\": \"ping\"})\n",
    .good = "async def test_heartbeat_sends_ping(manager):\n"
            "    ws = AsyncMock()\n"
            "    await manager.connect(\"u1\", ws)\n"
            "    await manager.heartbeat()\n"
            "    ws.send_json.assert_awaited_once_with({\"type\": \"ping\"})\n",
    .bad_js = "const send = jest.fn();\n"
           "send('hi');\n"
           "expect(send).toHaveBeenCalledWith('hi');\n",
    .good_js = "const send = jest.fn();\n"
           "notify('ann', send);\n"
           "expect(send).toHaveBeenCalledWith('ann');\n",
    .bad_c = "TEST(Mailer, SendsToAnn) {\n"
             "    MockMailer mailer;  // MOCK_METHOD(void, Send, (const char *), (override));\n"
             "    EXPECT_CALL(mailer, Send(StrEq(\"ann\")));\n"
             "    mailer.Send(\"ann\");\n"
             "}\n",
    .good_c = "TEST(Notifier, SendsToAnn) {\n"
              "    MockMailer mailer;\n"
              "    EXPECT_CALL(mailer, Send(StrEq(\"ann\")));\n"
              "    Notify(mailer, \"ann\");\n"
              "}\n",
    .not_flagged = "A double handed to the code under test (`notify(mailer); "
                   "mailer.send.assert_called_once()`), stored on a project object, installed "
                   "by a patch while project code runs, or handed over in `setUp` or a fixture; "
                   "assigned onto a fixture's object under test before its methods run; "
                   "passed to a real object the test stored on a double (`m.hooks = "
                   "Hooks(m); m.hooks.append(handler)`); "
                   "`wraps=` spies; tests with any other assertion; "
                   "tests of the double library itself, decided from the code (the project "
                   "defines `Mock`/`MagicMock` or jest-mock's `ModuleMocker`, or the test "
                   "exercises `seal`, `attach_mock`, "
                   "`mock_add_spec`), never from a word such as \"mock\" in a test, class or "
                   "file name. C/C++: `EXPECT_CALL` on a gmock mock the test only calls "
                   "itself, `expect_*`/`will_return` on a cmocka mock function only the test "
                   "calls; a mock whose address, reference or pointer goes to other code, or "
                   "a test that calls a project function (which may reach a cmocka mock), is "
                   "not flagged.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
