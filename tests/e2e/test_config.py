"""End-to-end tests of configuration and suppressions: the built binary on temporary
projects with pyproject.toml / ssot.toml / pytest settings, checked through exit codes and
JSON output."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SKIPPED, SOURCE_DIR, ProjectTestCase, run  # noqa: E402


def codes(findings):
    return sorted(f["code"] for f in findings)


def symbols(findings):
    return [f["symbol"] for f in findings]


class Files(ProjectTestCase):
    def before_and_after(self, files, name, text):
        """The findings on a project of `files`, then again once the file `name` holds
        `text`."""
        p = self.project(files)
        _, before = self.check_json(p)
        p.write(name, text)
        _, after = self.check_json(p)
        return before, after

    def test_pyproject_tool_ssot_changes_the_result(self):
        before, after = self.before_and_after(
            {"tests/test_a.py": PLACEHOLDERS},
            "pyproject.toml", "[project]\nname = 'x'\n\n[tool.ssot]\nignore = ['PH003']\n")
        self.assertEqual(codes(before), ["PH001", "PH003"])
        self.assertEqual(codes(after), ["PH001"])

    def test_ssot_toml_has_keys_at_top_level_and_wins_over_pyproject(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS,
                          "pyproject.toml": "[tool.ssot]\nignore = ['PH003']\n",
                          "ssot.toml": "ignore = ['PH001']\n"})
        _, findings = self.check_json(p)
        self.assertEqual(codes(findings), ["PH003"])

    def test_closest_configuration_upward_applies(self):
        p = self.project({"svc/tests/test_a.py": PLACEHOLDERS,
                          "other/tests/test_b.py": PLACEHOLDERS,
                          "pyproject.toml": "[tool.ssot]\nignore = ['PH003']\n",
                          "svc/.ssot.toml": "select = ['PH003']\n"})
        _, findings = self.check_json(p)
        by_file = {(f["filename"], f["code"]) for f in findings}
        self.assertEqual(by_file, {("svc/tests/test_a.py", "PH003"),
                                   ("other/tests/test_b.py", "PH001")})

    def test_config_option_and_isolated(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS,
                          "pyproject.toml": "[tool.ssot]\nignore = ['PH003']\n",
                          "strict.toml": "select = ['PH003']\n"})
        _, chosen = self.check_json(p, "--config", "strict.toml")
        self.assertEqual(codes(chosen), ["PH003"])
        _, isolated = self.check_json(p, "--isolated")
        self.assertEqual(codes(isolated), ["PH001", "PH003"])

    def test_fail_on_from_configuration_and_command_line(self):
        p = self.project({"tests/test_s.py": SKIPPED,
                          "pyproject.toml": "[tool.ssot]\nfail-on = 'error'\n"})
        self.assertEqual(run(["check"], p.root).returncode, 0)
        self.assertEqual(run(["check", "--fail-on", "warning"], p.root).returncode, 1)

    def test_extend_select_turns_on_an_opt_in_selection(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS,
                          "ssot.toml": "select = ['PH001']\nextend-select = ['PH003']\n"})
        _, findings = self.check_json(p)
        self.assertEqual(codes(findings), ["PH001", "PH003"])
        _, cli = self.check_json(p, "--select", "PH003")
        self.assertEqual(codes(cli), ["PH003"])

    def test_per_file_ignores(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "tests/legacy/test_b.py": PLACEHOLDERS,
                          "ssot.toml": "[per-file-ignores]\n\"tests/legacy/**\" = [\"PH\"]\n"})
        _, findings = self.check_json(p)
        self.assertEqual({f["filename"] for f in findings}, {"tests/test_a.py"})

    def test_exclude_extend_exclude_and_force_exclude(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "tests/gen/test_g.py": PLACEHOLDERS,
                          "migrations/test_m.py": PLACEHOLDERS,
                          "ssot.toml": "extend-exclude = ['tests/gen/**', 'migrations']\n"})
        _, walked = self.check_json(p)
        self.assertEqual({f["filename"] for f in walked}, {"tests/test_a.py"})
        _, named = self.check_json(p, "tests/gen/test_g.py")
        self.assertEqual({f["filename"] for f in named}, {"tests/gen/test_g.py"})
        _, forced = self.check_json(p, "--force-exclude", "tests/gen/test_g.py",
                                    "migrations/test_m.py", "tests/test_a.py")
        self.assertEqual({f["filename"] for f in forced}, {"tests/test_a.py"})

    def test_test_files_decide_the_role(self):
        body = "import unittest\n\nclass LoginCases(unittest.TestCase):\n" \
               "    def test_login(self):\n        pass\n"
        default, configured = self.before_and_after({"checks/login.py": body},
                                                    "ssot.toml", "test-files = ['checks/**']\n")
        self.assertEqual(default, [])  # checks/login.py is service code by default
        self.assertEqual(codes(configured), ["PH001"])

    def test_pytest_python_files_and_functions_from_pytest_ini(self):
        default, configured = self.before_and_after(
            {"tests/check_math.py": "def test_empty():\n    pass\n",
             "tests/test_math.py": "def test_empty():\n    pass\n"},
            "pytest.ini", "[pytest]\npython_files =\n    check_*.py\n")
        self.assertEqual({f["filename"] for f in default}, {"tests/test_math.py"})
        self.assertEqual({f["filename"] for f in configured}, {"tests/check_math.py"})

    def test_testpaths_do_not_decide_what_is_a_test(self):
        # `pytest integration/` collects there whatever testpaths says
        default, configured = self.before_and_after(
            {"tests/test_math.py": "def test_empty():\n    pass\n",
             "integration/test_api.py": "def test_empty():\n    pass\n"},
            "pytest.ini", "[pytest]\ntestpaths = tests\n")
        self.assertEqual({f["filename"] for f in configured}, {f["filename"] for f in default})
        self.assertEqual({f["filename"] for f in configured},
                         {"tests/test_math.py", "integration/test_api.py"})

    def test_pytest_9_native_toml_settings(self):
        body = "class DescribeLogin:\n    def it_logs_in(self):\n        pass\n"
        for name, text in (("pyproject.toml", "[tool.pytest]\npython_classes = ['Describe*']\n"
                                              "python_functions = ['it_']\n"),
                           ("pytest.toml", "[pytest]\npython_classes = ['Describe*']\n"
                                           "python_functions = ['it_']\n")):
            default, configured = self.before_and_after({"tests/test_login.py": body}, name, text)
            self.assertEqual(default, [])
            self.assertEqual(symbols(configured), ["DescribeLogin.it_logs_in"], name)

    def test_pytest_patterns_with_a_slash_match_the_path(self):
        # pytest's fnmatch_ex: `testing/python/*.py` names files by path, and a norecursedirs
        # entry with a slash names that one folder, not every folder with its last name
        empty = "def test_empty():\n    pass\n"
        default, configured = self.before_and_after(
            {"testing/python/collect.py": empty,
             "testing/example_scripts/test_input.py": empty,
             "testing/example_scripts/sub/test_deeper.py": empty,
             # an input project with its own settings: still below a folder pytest skips
             "testing/example_scripts/own/pytest.ini": "[pytest]\n",
             "testing/example_scripts/own/test_own.py": empty,
             "testing/example_scripts/test_unit.py":
                 "import unittest\n\nclass T(unittest.TestCase):\n    def test_x(self):\n        pass\n",
             "testing/other/example_scripts/test_kept.py": empty,
             "other/collect.py": empty},
            "pytest.ini", "[pytest]\npython_files = test_*.py testing/python/*.py\n"
                          "norecursedirs = testing/example_scripts .*\n")
        self.assertEqual({f["filename"] for f in default},
                         {"testing/example_scripts/test_input.py",
                          "testing/example_scripts/sub/test_deeper.py",
                          "testing/example_scripts/own/test_own.py",
                          "testing/example_scripts/test_unit.py",
                          "testing/other/example_scripts/test_kept.py"})
        self.assertEqual({f["filename"] for f in configured},
                         {"testing/python/collect.py", "testing/other/example_scripts/test_kept.py"})

    def test_assert_functions_count_as_assertions(self):
        body = ("from helpers import assert_ok, verify_json, record\n\n"
                "def test_a():\n    assert_ok(call())\n\n"
                "def test_b():\n    record(call())\n\n"
                "def test_c():\n    api.look_into(call())\n")
        default, configured = self.before_and_after(
            {"tests/test_api.py": body},
            "ssot.toml", "assert-functions = ['record', 're:^look_']\n")
        # assert_ok is an A8 name; record and look_into are not
        self.assertEqual(symbols(default), ["test_b", "test_c"])
        self.assertEqual(configured, [])

    def test_required_test_base_is_a_test_root(self):
        base = "class SSotBaseTestCase:\n    def setUp(self):\n        self.db = connect()\n"
        body = ("from tests.base import SSotBaseTestCase\n\n"
                "class LoginTests(SSotBaseTestCase):\n    def test_login(self):\n        pass\n")
        default, configured = self.before_and_after(
            {"tests/base.py": base, "tests/test_login.py": body},
            "ssot.toml", "required-test-base = ['SSotBaseTestCase']\n")
        self.assertEqual(default, [])  # a plain class: LoginTests is not collected
        self.assertEqual(symbols(configured), ["LoginTests.test_login"])

    def test_smoke_markers_silence_no_assertion(self):
        body = ("import pytest\n\n@pytest.mark.smoke\ndef test_boots():\n    boot()\n\n"
                "def test_runs():\n    run()\n")
        default, configured = self.before_and_after(
            {"tests/test_boot.py": body}, "ssot.toml", "[placeholder]\nsmoke-markers = ['smoke']\n")
        self.assertEqual(symbols(default), ["test_boots", "test_runs"])
        self.assertEqual(symbols(configured), ["test_runs"])

    def test_pytest_python_classes_and_functions(self):
        body = ("class DescribeLogin:\n    def it_logs_in(self):\n        pass\n\n"
                "class TestOther:\n    def test_x(self):\n        pass\n")
        default, configured = self.before_and_after(
            {"tests/test_login.py": body},
            "pyproject.toml", "[tool.pytest.ini_options]\npython_classes = ['Describe*']\n"
                              "python_functions = ['it_']\n")
        self.assertEqual(symbols(default), ["TestOther.test_x"])
        self.assertEqual(symbols(configured), ["DescribeLogin.it_logs_in"])

    def test_custom_pattern_rule(self):
        p = self.project({"tests/test_a.py": "import time\n\ndef test_x():\n    time.sleep(1)\n"
                                             "    assert f()\n",
                          "app/a.py": "import time\ntime.sleep(1)\n",
                          "ssot.toml": "[[custom]]\ncode = 'SS910'\nname = 'no-sleep-in-tests'\n"
                                       "pattern = 'time\\.sleep\\('\nfiles = ['tests/**']\n"
                                       "message = 'tests must not sleep'\nseverity = 'error'\n"})
        _, findings = self.check_json(p)
        self.assertEqual([(f["filename"], f["code"], f["name"], f["severity"],
                           f["location"]["row"], f["location"]["column"], f["message"])
                          for f in findings],
                         [("tests/test_a.py", "SS910", "no-sleep-in-tests", "error", 4, 5,
                           "tests must not sleep")])
        _, ignored = self.check_json(p, "--ignore", "SS910")
        self.assertEqual(ignored, [])

    def test_custom_rule_findings_can_be_suppressed(self):
        p = self.project({"tests/test_a.py": "import time\n\ndef test_x():\n"
                                             "    time.sleep(1)  # ssot: ignore[SS910] -- rate limit\n"
                                             "    assert f()\n",
                          "ssot.toml": "[[custom]]\ncode = 'SS910'\nname = 'no-sleep'\n"
                                       "pattern = 'time\\.sleep'\nmessage = 'no sleeping'\n"})
        _, findings = self.check_json(p)
        self.assertEqual(findings, [])

    def test_config_command_names_the_file(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS,
                          "pyproject.toml": "[tool.ssot]\nignore = ['PH003']\n"})
        r = run(["config", "tests"], p.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.decode()
        self.assertIn("pyproject.toml", out.splitlines()[0])
        self.assertIn('ignore = ["PH003"]', out)
        r = run(["config", "--isolated"], p.root)
        self.assertIn("built-in defaults", r.stdout.decode().splitlines()[0])


class AllKeysProject(unittest.TestCase):
    """fixtures/projects/config_all_keys: one pyproject.toml using every key."""

    ROOT = os.path.join("fixtures", "projects", "config_all_keys")

    def test_every_key_shapes_the_result(self):
        r = run(["check", "--output-format", "json", self.ROOT], SOURCE_DIR)
        self.assertEqual(r.returncode, 1, r.stderr)
        got = sorted((os.path.relpath(f["filename"], self.ROOT), f["location"]["row"], f["code"])
                     for f in json.loads(r.stdout))
        self.assertEqual(got, [
            ("tests/check_login.py", 1, "SS003"),    # [contracts.events]: `finished`
            ("tests/check_login.py", 8, "SS001"),    # required-test-base
            ("tests/check_login.py", 9, "PH001"),    # python_classes / python_functions
            ("tests/check_login.py", 17, "PH001"),   # required-test-base
            ("tests/check_login.py", 35, "SS910"),   # [[custom]]
            ("tests/legacy/test_old.py", 5, "PH002"),  # per-file-ignores drop PH001 only
        ])
        isolated = run(["check", "--isolated", "--output-format", "json", self.ROOT], SOURCE_DIR)
        self.assertNotEqual(sorted(f["code"] for f in json.loads(isolated.stdout)),
                            [c for _, _, c in got])

    def test_config_command_prints_every_key(self):
        r = run(["config", self.ROOT], SOURCE_DIR)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.decode()
        for key in ("select", "extend-select", "ignore", "fail-on", "exclude", "extend-exclude",
                    "test-files", "real-services", "real-service-markers", "assert-functions",
                    "allowed-doubles",
                    "required-test-base", "max-file-size", "[per-file-ignores]", "[canonical]",
                    "[contracts.events]", "[placeholder]", "[singletons]", "[duplicates]",
                    "[diff]", "[[custom]]", "python_classes = Test Describe"):
            self.assertIn(key, out)
        self.assertIn('"tests/legacy/**" = ["PH001"]', out)
        self.assertIn('units = ["services/*"]', out)
        self.assertIn('[diff]\nfail-on = ["assertion-removed", "assertion-weakened", '
                      '"test-skipped"]', out)


class Errors(ProjectTestCase):
    CASES = [
        ("[tool.ssot]\nselect = ['PH001'\n", "pyproject.toml:2:"),
        ("[tool.ssot]\nextend-selct = ['PH001']\n",
         "pyproject.toml:2:1: unknown key `extend-selct` in [tool.ssot]; did you mean "
         "`extend-select`?"),
        ("[tool.ssot]\nfail-on = 'fatal'\n", "pyproject.toml:2:11: `fail-on` must be one of"),
        ("[tool.ssot]\nselect = 'PH001'\n", "`select` must be a list of strings"),
        ("[tool.ssot]\nexclude = ['[abc']\n", "invalid glob `[abc` in `exclude`"),
        ("[tool.ssot]\nassert-functions = ['re:check_(']\n",
         "invalid regular expression `check_(` in `assert-functions`"),
        ("[tool.ssot]\nignore = ['PH999']\n", "unknown rule code"),
    ]

    def test_malformed_configuration_exits_two_before_checking(self):
        for text, expected in self.CASES:
            with self.subTest(config=text):
                p = self.project({"tests/test_a.py": PLACEHOLDERS, "pyproject.toml": text})
                r = self.assert_exits_two(p, says=expected)
                self.assertEqual(r.stdout, b"")  # nothing was checked
                err = r.stderr.decode()
                self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_config_option_with_a_missing_file(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.assert_exits_two(p, "--config", "nope.toml", says="nope.toml")

    def test_malformed_pytest_ini(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "pytest.ini": "[pytest\nx=1\n"})
        self.assert_exits_two(p, says="pytest.ini:1:")


class Suppressions(ProjectTestCase):
    def test_used_unused_wrong_code_and_file_level(self):
        p = self.project({"tests/test_a.py": (
            "def test_empty():  # ssot: ignore[PH001] -- template kept on purpose\n"
            "    pass\n"
            "\n"
            "def test_const():\n"
            "    assert True  # noqa: PH003, E501\n"
            "\n"
            "def test_real():  # ssot: ignore[PH002]\n"
            "    assert f() == 1\n"
            "\n"
            "def test_typo():  # ssot: ignore[PH999]\n"
            "    assert f() == 2\n"
            "\n"
            "def test_other():  # noqa: E501\n"
            "    pass\n"),
            "tests/test_b.py": "# ssot: ignore-file[PH001]\n" + PLACEHOLDERS})
        _, findings = self.check_json(p)
        got = sorted((f["filename"], f["location"]["row"], f["code"]) for f in findings)
        self.assertEqual(got, [
            ("tests/test_a.py", 7, "SS901"),    # PH002 suppressed nothing
            ("tests/test_a.py", 10, "SS901"),   # PH999 is not a rule
            ("tests/test_a.py", 13, "PH001"),   # E501 is another tool's code
            ("tests/test_b.py", 10, "PH003"),   # ignore-file covers only PH001
        ])
        unused = [f["message"] for f in findings if f["code"] == "SS901"]
        self.assertIn("suppression of `PH002` suppresses nothing here; remove it", unused)
        self.assertIn("suppression names `PH999`, which is not an ssot rule", unused)

    def test_suppression_on_a_class_line_covers_its_methods(self):
        p = self.project({"tests/test_a.py":
                          "import unittest\n\n"
                          "class AuthTests(unittest.TestCase):  # ssot: ignore[PH001]\n"
                          "    def test_a(self):\n        pass\n\n"
                          "    def test_b(self):\n        pass\n"})
        _, findings = self.check_json(p)
        self.assertEqual(findings, [])

    def test_unused_suppression_of_a_deselected_rule_is_not_reported(self):
        p = self.project({"tests/test_a.py":
                          "def test_real():  # ssot: ignore[PH002]\n    assert f()\n"})
        _, findings = self.check_json(p, "--select", "PH001")
        self.assertEqual(findings, [])

    def test_file_level_suppression_after_line_20_does_nothing(self):
        p = self.project({"tests/test_a.py": "\n" * 25 + "# ssot: ignore-file[PH001]\n"
                                             + PLACEHOLDERS})
        _, findings = self.check_json(p)
        self.assertEqual(codes(findings), ["PH001", "PH003"])


if __name__ == "__main__":
    unittest.main()
