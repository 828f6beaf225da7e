"""End-to-end test of SG002's cross-file part: the fixture project
fixtures/projects/sg002_imported, whose `# expect: SG002` markers name every finding the
run must report (module-level instances that other service modules import, directly,
through a package re-export, or as `module.name`), and nothing else."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, MarkedProjectTestCase, run  # noqa: E402

PROJECT = os.path.join(SOURCE_DIR, "fixtures", "projects", "sg002_imported")


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
                         "`app/api.py`); it stores `seen`")

    def test_without_the_importers_nothing_is_shared(self):
        r = run(["check", "--output-format", "json", "app/state/manager.py", "app/models.py"],
                PROJECT)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(json.loads(r.stdout), [])


if __name__ == "__main__":
    unittest.main()
