"""End-to-end tests of the configuration-driven MO and SS rules: the built binary on the
fixture projects under fixtures/projects/ (mo004_real_services, ss_policy, ss002_imports) and
on the demo,
compared by the exact (file, line, code) of every finding."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, ProjectTestCase, run  # noqa: E402

PROJECTS = os.path.join(SOURCE_DIR, "fixtures", "projects")


def report(root, *args):
    """The JSON findings of `ssot check ARGS root`, run from the source folder."""
    r = run(["check", "--output-format", "json", *args, root], SOURCE_DIR)
    if r.returncode not in (0, 1):
        raise AssertionError(r.stderr.decode())
    return json.loads(r.stdout)


def findings(root, *args):
    return sorted((os.path.relpath(f["filename"], root), f["location"]["row"], f["code"])
                  for f in report(root, *args))


class RealServices(unittest.TestCase):
    ROOT = os.path.join(PROJECTS, "mo004_real_services")

    def test_real_service_scopes_and_allowed_doubles(self):
        # silent: allowed doubles, a project class that wraps no client, fault injection,
        # `app.state`, a registry of hand-written fakes, a double with no spec, and the file
        # tests/test_staging_rollout.py (`**/*staging*/**` needs a folder)
        self.assertEqual(findings(self.ROOT), [
            ("tests/e2e/audited/test_refunds.py", 4, "MO004"),  # an autouse fixture patches
            ("tests/e2e/test_checkout.py", 12, "MO004"),   # patch() of a function using requests
            ("tests/e2e/test_checkout.py", 27, "MO004"),   # Mock(spec=Inventory), sqlalchemy
            ("tests/e2e/test_checkout.py", 37, "MO004"),   # a requested fixture patches
            ("tests/e2e/test_checkout.py", 47, "MO004"),   # setUp started a patcher
            ("tests/e2e/test_checkout.py", 52, "MO004"),   # a subclass of httpx.AsyncClient
            ("tests/staging_eu/test_smoke.py", 7, "MO004"),  # `**/*staging*/**`
        ])

    def test_message_names_the_scope_and_the_evidence(self):
        got = {(f["location"]["row"], f["filename"].rsplit("/", 1)[-1]): f["message"]
               for f in report(self.ROOT)}
        message = got[(12, "test_checkout.py")]
        for part in ("`tests/e2e/**`", "`app.payments.charge`", "`app.payments` imports `requests`"):
            self.assertIn(part, message)
        self.assertIn("`LLMClient` subclasses `httpx.AsyncClient`", got[(52, "test_checkout.py")])

    def test_no_scope_without_configuration(self):
        # an `e2e/` or `staging` folder alone declares nothing
        self.assertEqual(findings(self.ROOT, "--isolated", "--select", "MO004"), [])


class Policy(unittest.TestCase):
    ROOT = os.path.join(PROJECTS, "ss_policy")

    def test_required_bases_and_contracts(self):
        self.assertEqual(findings(self.ROOT), [
            ("app/agents.py", 1, "SS002"),  # the legacy module, not the canonical one
            # `tool_completed` is only mentioned in scope, at its first mention
            ("tests/mission_critical/test_agent_events.py", 25, "SS003"),
            ("tests/test_rooms.py", 11, "SS001"),  # two levels down to unittest.TestCase
            ("tests/test_rooms.py", 21, "SS001"),  # a pytest class inherits nothing
        ])

    def test_message_names_the_contract_the_value_and_the_tests(self):
        ss003 = [f for f in report(self.ROOT) if f["code"] == "SS003"]
        self.assertEqual(len(ss003), 1)
        message = ss003[0]["message"]
        for part in ("`websocket-events`", "`tool_completed`", "`tests/mission_critical/**`",
                     "`AgentEventTests.test_tool_completes`"):
            self.assertIn(part, message)

    def test_nothing_without_configuration(self):
        self.assertEqual(findings(self.ROOT, "--isolated", "--select", "SS001,SS002,SS003"), [])


class CanonicalImports(unittest.TestCase):
    ROOT = os.path.join(PROJECTS, "ss002_imports")

    def test_every_non_canonical_import_and_no_trap(self):
        # silent: imports from the canonical module (absolute and relative `..websocket.manager`,
        # `.manager`), the canonical module itself, the re-exporting package, another name from
        # the wrong module, a name that is not in the table, a test file's canonical import
        self.assertEqual(findings(self.ROOT), [
            ("app/agents/runner.py", 1, "SS002"),   # from x import Name
            ("app/agents/runner.py", 3, "SS002"),   # from x import Name as Alias
            ("app/agents/runner.py", 8, "SS002"),   # the re-exporting package is not the source
            ("app/agents/runner.py", 12, "SS002"),  # import x as legacy; legacy.Name
            ("app/websocket/rooms.py", 3, "SS002"),  # from .legacy import Name as Old
            ("tests/test_runner.py", 5, "SS002"),   # a test file, inside a module-level try
        ])

    def test_message_names_both_modules(self):
        first = report(self.ROOT)[0]["message"]
        self.assertEqual(first, "`WebSocketManager` is imported from `app.websocket.legacy`; "
                                "its one source is `app.websocket.manager`")

    def test_nothing_without_the_table(self):
        self.assertEqual(findings(self.ROOT, "--isolated", "--select", "SS002"), [])


class Preview(ProjectTestCase):
    """MO005 is a preview rule: off by default and with its family, on when selected by its
    code, with --preview, or with `preview = true`."""
    ECHO = ("from unittest.mock import Mock\n\n\n"
            "def test_name_is_kept():\n"
            "    user = Mock()\n"
            "    user.name = 'ada'\n"
            "    assert greet('ada') == 'hi ada'\n"
            "    assert user.name == 'ada'\n")

    def codes(self, p, *args):
        _, found = self.check_json(p, *args)
        return [(f["code"], f["location"]["row"], f["severity"]) for f in found]

    def test_mo005_is_preview_and_documented_as_such(self):
        rule = json.loads(run(["rule", "MO005", "--output-format", "json"], ".").stdout)
        self.assertTrue(rule["preview"])
        self.assertFalse(rule["opt_in"])
        self.assertIn("Preview", run(["rule", "MO005"], ".").stdout.decode())

    def test_off_by_default_and_with_its_family(self):
        p = self.project({"tests/test_user.py": self.ECHO})
        self.assertEqual(self.codes(p), [])
        self.assertEqual(self.codes(p, "--select", "MO"), [])

    def test_on_by_code_by_flag_and_by_configuration(self):
        p = self.project({"tests/test_user.py": self.ECHO})
        want = [("MO005", 8, "info")]
        self.assertEqual(self.codes(p, "--select", "MO005"), want)
        p.write("ssot.toml", "select = ['MO']\nextend-select = ['MO005']\n")
        self.assertEqual(self.codes(p), want)
        p.write("ssot.toml", "")
        self.assertEqual(self.codes(p, "--preview"), want)
        self.assertEqual(self.codes(p, "--preview", "--select", "MO"), want)
        p.write("ssot.toml", "preview = true\n")
        self.assertEqual(self.codes(p), want)
        p.write("ssot.toml", "preview = true\nignore = ['MO005']\n")
        self.assertEqual(self.codes(p), [])


class FixtureDoubles(ProjectTestCase):
    CONFTEST = ("import pytest\nfrom unittest.mock import Mock, patch\n\n\n"
                "@pytest.fixture\ndef mailer():\n    m = Mock()\n"
                "    m.send.return_value = 'queued'\n    return m\n\n\n"
                "@pytest.fixture\ndef service(mailer):\n    return Service(mailer)\n\n\n"
                "@pytest.fixture\ndef smtp():\n    with patch('app.smtp.send') as send:\n"
                "        yield send\n")
    TESTS = ("def test_self_driven(mailer):\n"             # 1
             "    mailer.send('a')\n"
             "    mailer.send.assert_called_once_with('a')\n"
             "\n\n"
             "def test_echo(mailer):\n"                    # 6
             "    assert mailer.send('a') == 'queued'\n"
             "\n\n"
             "def test_handed_over(mailer):\n"             # 10
             "    notify(mailer)\n"
             "    mailer.send.assert_called_once()\n"
             "\n\n"
             "def test_built_into_a_fixture(mailer, service):\n"  # 15
             "    service.run()\n"
             "    mailer.send.assert_called_once()\n"
             "\n\n"
             "def test_patch_from_a_fixture(smtp):\n"      # 20
             "    notify(None)\n"
             "    smtp.assert_called_once()\n"
             "\n\n"
             "def test_not_a_fixture(client):\n"           # 25
             "    client.send('a')\n"
             "    client.send.assert_called_once_with('a')\n")

    def test_doubles_from_conftest_fixtures(self):
        p = self.project({"tests/conftest.py": self.CONFTEST,
                          "tests/unit/test_mail.py": self.TESTS,
                          "ssot.toml": "select = ['MO']\n"})
        _, got = self.check_json(p)
        self.assertEqual(sorted((f["location"]["row"], f["code"]) for f in got),
                         [(1, "MO003"), (6, "MO001")])


class DoubleLibrary(ProjectTestCase):
    """Tests of a double library are left alone by what the code is, not by names."""
    TESTS = ("from mocklib import Mock\n\n\n"
             "def test_records_calls():\n"
             "    m = Mock()\n"
             "    m(1)\n"
             "    m.assert_called_once_with(1)\n")

    def test_a_project_that_defines_its_doubles_tests_them(self):
        p = self.project({"mocklib/__init__.py": "class NonCallableMock:\n    pass\n\n\n"
                                                 "class Mock(NonCallableMock):\n    pass\n",
                          "tests/test_calls.py": self.TESTS,
                          "ssot.toml": "select = ['MO']\n"})
        _, got = self.check_json(p)
        self.assertEqual(got, [])

    def test_the_same_test_elsewhere_is_self_driven(self):
        # a file named after the mock library (`test_mocks.py`) is no exemption
        p = self.project({"app/__init__.py": "",
                          "tests/test_mocks.py": self.TESTS.replace("mocklib", "unittest.mock"),
                          "ssot.toml": "select = ['MO']\n"})
        _, got = self.check_json(p)
        self.assertEqual([(f["location"]["row"], f["code"]) for f in got], [(4, "MO003")])


class Demo(unittest.TestCase):
    ROOT = os.path.join(SOURCE_DIR, "fixtures", "demo")

    def test_every_mo_and_ss_example_and_no_trap(self):
        got = [f for f in findings(self.ROOT) if f[2][:2] in ("MO", "SS") and f[2] < "SS9"]
        self.assertEqual(got, [
            ("chat/agents/notifier.py", 11, "SS002"),  # the legacy manager module
            ("tests/mission_critical/test_agent_event_delivery.py", 1, "SS003"),
            ("tests/mission_critical/test_agent_event_delivery.py", 45, "MO004"),
            # tests/test_agents.py:66 is no MO005: `author` is handed to build_push_body
            ("tests/test_llm_client.py", 72, "MO001"),
            ("tests/test_llm_client.py", 72, "MO002"),
            ("tests/test_message_store.py", 85, "MO001"),
            ("tests/test_message_store.py", 102, "SS001"),
            ("tests/test_websocket_manager.py", 100, "MO003"),
            ("web/src/components/RoomView.tsx", 5, "SS002"),  # ChatMessage from the copy
            ("web/src/lib/__tests__/format.test.ts", 28, "MO001"),  # a spy's own return value
            ("web/src/lib/__tests__/format.test.ts", 28, "MO002"),
        ])


if __name__ == "__main__":
    unittest.main()
