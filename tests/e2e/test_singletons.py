"""End-to-end tests of the SG rules' cross-file parts and severities: the fixture project
fixtures/projects/sg002_imported, whose `# expect: SG002` markers name every finding the
run must report (module-level instances that other service modules import, directly,
through a package re-export, or as `module.name`), and nothing else; the project
fixtures/projects/sg005_shared (containers changed in place by other modules, a CLI tool);
the severity of each SG fixture's findings (a warning only with request-scoped data); and the
`[singletons] report` key: by default SG002-SG005 report only request-scoped shared state,
`report = "all"` adds the rest as info. Both projects configure `report = "all"`."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, MarkedProjectTestCase, run  # noqa: E402

PROJECT = os.path.join(SOURCE_DIR, "fixtures", "projects", "sg002_imported")
SHARED = os.path.join(SOURCE_DIR, "fixtures", "projects", "sg005_shared")
FIXTURES = os.path.join(SOURCE_DIR, "fixtures", "python")


class ImportedInstances(MarkedProjectTestCase):
    def test_exactly_the_marked_instances_are_reported(self):
        r = run(["check", "--output-format", "json"], PROJECT)
        got = self.assert_exactly_marked(r, json.loads(r.stdout or "[]"), PROJECT)
        self.assertEqual(len(got), 3)

    def test_message_names_the_class_the_importer_and_the_state(self):
        r = run(["check", "--output-format", "json"], PROJECT)
        messages = {f["symbol"]: f["message"] for f in json.loads(r.stdout)}
        self.assertEqual(messages["tracker"],
                         "`tracker` is one `Tracker` shared by every request (imported by "
                         "`app/api.py`); it stores `seen`, and `track()` stores `user` in "
                         "`seen`")

    def test_without_the_importers_nothing_is_shared(self):
        # the named files alone: the project around them would hold the importers
        r = run(["check", "--output-format", "json", "--no-project-context",
                 "app/state/manager.py", "app/models.py"], PROJECT)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(json.loads(r.stdout), [])


class ChangedElsewhere(MarkedProjectTestCase):
    def test_containers_changed_by_other_modules_are_reported_tools_are_not(self):
        r = run(["check", "--output-format", "json"], SHARED)
        got = self.assert_exactly_marked(r, json.loads(r.stdout or "[]"), SHARED)
        self.assertEqual(len(got), 2)

    def test_a_session_id_written_from_another_module_is_a_warning(self):
        r = run(["check", "--output-format", "json"], SHARED)
        found = {f["symbol"]: f for f in json.loads(r.stdout)}
        self.assertEqual(found["revoked"]["severity"], "warning")
        self.assertIn("`revoke()` writes `session_id` to it", found["revoked"]["message"])
        self.assertEqual(found["blocked"]["severity"], "info")
        self.assertIn("`app.api.block()` writes to it", found["blocked"]["message"])

    def test_by_default_only_request_scoped_state_is_reported(self):
        r = run(["check", "--output-format", "json", "--isolated", "--select", "SG"], SHARED)
        found = {f["symbol"]: f["severity"] for f in json.loads(r.stdout or "[]")}
        self.assertEqual(found, {"revoked": "warning"})


ALL = os.path.join(FIXTURES, "SG005_shared_mutable_container.toml")  # report = "all"


# Per fixture: the symbols whose findings hold request-scoped data (warnings); every other
# finding of the fixture is info.
WARNINGS = {
    "SG001_classic_singleton.py": {"ConnectionPool", "SessionRegistry", "Notifier",
                                   "AuthService", "SessionStore"},
    "SG002_global_instance.py": {"websocket_manager"},
    "SG003_lazy_global_init.py": {"_set_sessions"},
    "SG005_shared_mutable_container.py": {"_hits", "_by_room", "_sessions", "_by_request",
                                          "_user_cache"},
}


def check_fixture(test, name, *args):
    """Run the SG rules on one fixture file on its own (`--no-project-context`: the project
    around it would be this whole repository, the other languages' fixtures of the same name
    and ssot's own C sources included); the run must succeed with findings or none."""
    r = run(["check", "--select", "SG", "--no-cache", "--no-project-context", *args, name],
            FIXTURES)
    test.assertIn(r.returncode, (0, 1), r.stderr.decode())
    test.assertEqual(r.stderr, b"")
    return r


class Severities(unittest.TestCase):
    def test_only_request_scoped_state_is_a_warning(self):
        for name, warnings in WARNINGS.items():
            with self.subTest(fixture=name):
                r = check_fixture(self, name, "--output-format", "json", "--config", ALL)
                found = json.loads(r.stdout)
                got = {f["symbol"] for f in found if f["severity"] == "warning"}
                self.assertEqual(got, warnings)
                self.assertTrue(all(f["severity"] in ("warning", "info") for f in found))

    def test_by_default_only_the_warnings_are_reported(self):
        # SG001 (a one-instance class is a structural pattern) keeps its info findings
        for name, warnings in WARNINGS.items():
            if name.startswith("SG001"):
                continue
            with self.subTest(fixture=name):
                r = check_fixture(self, name, "--output-format", "json", "--isolated")
                found = json.loads(r.stdout)
                self.assertEqual({f["symbol"] for f in found}, warnings)
                self.assertTrue(all(f["severity"] == "warning" for f in found))

    def test_concise_and_statistics_show_a_lowered_severity(self):
        name = "SG005_shared_mutable_container.py"
        out = check_fixture(self, name, "--output-format", "concise", "--config", ALL).stdout
        self.assertIn(b"SG005 [info] module-level `_seen`", out)
        self.assertIn(b"SG005 module-level `_hits`", out)
        out = check_fixture(self, name, "--statistics", "--config", ALL).stdout
        self.assertIn(b"shared-mutable-container     [warning]", out)
        self.assertIn(b"shared-mutable-container     [info]", out)


class ReportKey(unittest.TestCase):
    def test_config_prints_the_mode_and_its_default(self):
        r = run(["config", "--isolated"], FIXTURES)
        self.assertIn('report = "request-scoped"  # default', r.stdout.decode())
        r = run(["config"], SHARED)
        self.assertIn('report = "all"\n', r.stdout.decode())

    def test_an_unknown_mode_is_an_error_with_its_position(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "pyproject.toml"), "w") as f:
                f.write('[tool.ssot.singletons]\nreport = "some"\n')
            r = run(["check", "."], d)
        self.assertEqual(r.returncode, 2)
        self.assertIn('pyproject.toml:2:10: `singletons.report` must be one of '
                      '"request-scoped", "all"', r.stderr.decode())


if __name__ == "__main__":
    unittest.main()
