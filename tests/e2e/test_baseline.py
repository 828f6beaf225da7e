"""End-to-end tests of baselines: --write-baseline records the findings, --baseline reports
and fails only on new ones, fixed entries are named, --strict-baseline fails on them, and a
malformed baseline stops the run with exit code 2."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, ProjectTestCase, git, run  # noqa: E402

LEGACY = '''\
import unittest


def test_empty():
    pass


def test_constant():
    assert True


class TestOld(unittest.TestCase):
    def test_runs(self):
        self.helper()
'''

DEFAULT = ".ssot-baseline.json"


class BaselineTestCase(ProjectTestCase):
    def legacy_project(self):
        p = self.project({"tests/test_legacy.py": LEGACY, "tests/test_new.py": PLACEHOLDERS})
        r = run(["check", "--write-baseline"], p.root)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertIn(b"ssot: wrote 5 findings to .ssot-baseline.json", r.stderr)
        return p

    def check(self, project, *args, baseline=DEFAULT):
        return self.check_json(project, "--baseline", baseline, *args)

    def read(self, project, name=DEFAULT):
        with open(os.path.join(project.root, name)) as f:
            return f.read()


class WriteBaseline(BaselineTestCase):
    def test_records_the_findings_and_the_run_passes(self):
        p = self.legacy_project()
        doc = json.loads(self.read(p))
        self.assertEqual(doc["version"], 1)
        entries = doc["findings"]
        self.assertEqual(len(entries), 5)
        keys = [(e["path"], e["code"], e["symbol"], e["fingerprint"]) for e in entries]
        self.assertEqual(keys, sorted(keys))
        for e in entries:
            self.assertEqual(set(e), {"fingerprint", "code", "path", "symbol", "message"})
        self.assertEqual(sorted(os.listdir(p.root)), [DEFAULT, ".ssot_cache", "tests"])  # no temp file

    def test_file_name_forms(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        for args, name in ((["--write-baseline", "legacy.json"], "legacy.json"),
                           (["--write-baseline=other.json"], "other.json"),
                           (["tests", "--write-baseline", "b.json", "--quiet"], "b.json")):
            with self.subTest(args=args):
                r = run(["check", *args], p.root)
                self.assertEqual(r.returncode, 0, r.stderr.decode())
                self.assertEqual(len(json.loads(self.read(p, name))["findings"]), 2)

    def test_rewriting_after_moving_code_changes_nothing(self):
        p = self.legacy_project()
        before = self.read(p)
        p.write("tests/test_legacy.py", "import os\nimport sys\n\n" + LEGACY)
        self.assertEqual(run(["check", "--write-baseline"], p.root).returncode, 0)
        self.assertEqual(self.read(p), before)

    def test_unwritable_baseline_exits_two(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.assert_exits_two(p, "--write-baseline", "no/such/dir/b.json",
                              says="no/such/dir/b.json")


class UseBaseline(BaselineTestCase):
    def test_everything_baselined_passes(self):
        p = self.legacy_project()
        r, findings = self.check(p)
        self.assertEqual((r.returncode, findings), (0, []))
        text = run(["check", "--baseline", DEFAULT], p.root).stdout.decode()
        self.assertIn("0 findings (0 errors, 0 warnings, 0 info, 5 baselined)", text)

    def test_lines_inserted_above_a_finding_keep_it_baselined(self):
        p = self.legacy_project()
        p.write("tests/test_legacy.py", '"""Legacy tests."""\nimport os\nimport sys\n\n\n'
                + LEGACY)
        r, findings = self.check(p)
        self.assertEqual((r.returncode, findings), (0, []))

    def test_a_duplicated_finding_is_new(self):
        p = self.legacy_project()
        p.write("tests/test_legacy.py",
                LEGACY + "\n\ndef test_constant_again():\n    assert True\n")
        r, findings = self.check(p)
        self.assertEqual(r.returncode, 1)
        self.assertEqual([(f["code"], f["symbol"]) for f in findings],
                         [("PH003", "test_constant_again")])
        # the very same violation pasted twice in one test: the second copy is new
        p.write("tests/test_legacy.py",
                LEGACY.replace("    assert True\n", "    assert True\n    assert True\n"))
        r, findings = self.check(p)
        self.assertEqual(r.returncode, 1)
        self.assertEqual([(f["code"], f["location"]["row"]) for f in findings], [("PH003", 10)])

    def test_a_fixed_finding_is_reported_as_fixed(self):
        p = self.legacy_project()
        p.write("tests/test_legacy.py", LEGACY.replace("    pass\n", "    assert f() == 1\n"))
        r = run(["check", "--baseline", DEFAULT], p.root)
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        out = r.stdout.decode()
        self.assertIn("1 baseline entry no longer occurs (fixed):\n"
                      "  tests/test_legacy.py: PH001 test_empty test `test_empty` has an empty "
                      "body: it always passes\n", out)
        self.assertIn("4 baselined, 1 fixed)", out)
        strict = run(["check", "--baseline", DEFAULT, "--strict-baseline"], p.root)
        self.assertEqual(strict.returncode, 1)
        self.assertIn(b"1 baseline entry no longer occurs and --strict-baseline is set",
                      strict.stderr)
        self.assertEqual(run(["check", "--baseline", DEFAULT, "--strict-baseline",
                              "--exit-zero"], p.root).returncode, 0)

    def test_entries_of_unchecked_files_or_rules_are_not_fixed(self):
        p = self.legacy_project()
        r = run(["check", "--baseline", DEFAULT, "--strict-baseline", "tests/test_new.py"],
                p.root)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        r = run(["check", "--baseline", DEFAULT, "--strict-baseline", "--select", "PH001"],
                p.root)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())

    def test_paths_are_relative_to_the_repository_root(self):
        p = self.legacy_project()
        git(p.root, "init", "-q")
        run(["check", "--write-baseline"], p.root)
        r = run(["check", "--output-format", "json", "--baseline", "../" + DEFAULT, "."],
                os.path.join(p.root, "tests"))
        self.assertEqual((r.returncode, json.loads(r.stdout)), (0, []), r.stderr.decode())

    def test_sarif_marks_new_and_unchanged_results(self):
        p = self.legacy_project()
        p.write("tests/test_legacy.py", LEGACY + "\n\ndef test_more():\n    pass\n")
        r = run(["check", "--output-format", "sarif", "--baseline", DEFAULT], p.root)
        results = json.loads(r.stdout)["runs"][0]["results"]
        self.assertEqual([x["baselineState"] for x in results], ["new"])  # the upload: new only
        r = run(["check", "--output-format", "sarif", "--baseline", DEFAULT, "--sarif-baselined"],
                p.root)
        results = json.loads(r.stdout)["runs"][0]["results"]
        states = sorted(x["baselineState"] for x in results)
        self.assertEqual(states, ["new"] + ["unchanged"] * 5)
        for x in results:
            if x["baselineState"] == "unchanged":
                self.assertEqual(x["suppressions"][0]["kind"], "external")

    def test_malformed_or_missing_baseline_exits_two(self):
        p = self.legacy_project()
        for text, why in (("{not json", "bad.json:1:"),
                          ('{"version": 1, "findings": {}}', "`findings` must be an array"),
                          ('{"version": 9, "findings": []}', "unsupported version 9")):
            with self.subTest(text=text):
                p.write("bad.json", text)
                r = self.assert_exits_two(p, "--baseline", "bad.json", says=why)
                err = r.stderr.decode()
                self.assertTrue(err.startswith("ssot: error: bad.json"), err)
                self.assertIn("not a valid baseline", err)
                self.assertEqual(len(err.strip().splitlines()), 1)
                self.assertEqual(r.stdout, b"")
        self.assert_exits_two(p, "--baseline", "missing.json",
                              says="missing.json: cannot read the baseline")


if __name__ == "__main__":
    unittest.main()
