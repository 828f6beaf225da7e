"""End-to-end test of PH011's cross-file part: the fixture project
fixtures/projects/ph011_configured, whose `# expect: PH011` markers name every finding the run
must report. An attribute that a project function or method (resolved through the test's
imports and what it knows of the receiver) sets on the double handed to it is configured;
an attribute only a namesake or an unknown receiver's method might set is not."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, MarkedProjectTestCase, run  # noqa: E402

PROJECT = os.path.join(SOURCE_DIR, "fixtures", "projects", "ph011_configured")


class ConfiguredByProjectCode(MarkedProjectTestCase):
    def test_exactly_the_marked_attributes_are_reported(self):
        r = run(["check", "--no-cache", "--output-format", "json"], PROJECT)
        got = self.assert_exactly_marked(r, json.loads(r.stdout or "[]"), PROJECT)
        self.assertEqual(len(got), 4)

    def test_without_the_service_module_nothing_is_configured(self):
        r = run(["check", "--no-cache", "--output-format", "json", "--no-project-context",
                 "tests/test_conn.py"], PROJECT)
        found = {f["location"]["row"] for f in json.loads(r.stdout or "[]")}
        self.assertIn(11, found)  # `assert m.ready` after attach(m): app/conn.py not read


if __name__ == "__main__":
    unittest.main()
