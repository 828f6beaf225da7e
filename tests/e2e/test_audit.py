"""End-to-end tests of `ssot audit`: exit codes, the JSON numbers on a small project, the HTML
page (self-contained, the same numbers as the JSON), hotspots from a scripted git history, the
history store (--record, a corrupt or newer history refused without losing it), the baseline
split and the [audit] configuration. The page in a real browser: test_audit_browser.py."""
import html
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import GIT_ENV, PLACEHOLDERS, SOURCE_DIR, ProjectTestCase, git, run  # noqa: E402

SERVICE = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"
# 3 tests, 2 of them placeholders (PH001 empty, PH003 constant): errors, weight 3 each
TESTS = PLACEHOLDERS


def audit(project, *args, cwd=None, env=None):
    return run(["audit", "--no-cache", *args], cwd or project.root, env=env)


def embedded_json(page):
    """The report document inside the page's <script type="application/json">."""
    m = re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def references(page):
    """Every http(s) URL in the page but the SVG namespace (a name, never fetched)."""
    urls = re.findall(r"https?://[^\s\"'<>)]*", page)
    return [u for u in urls if u != "http://www.w3.org/2000/svg"]


class AuditTestCase(ProjectTestCase):
    def sample(self):
        return self.project({"app/__init__.py": "", "app/calc.py": SERVICE,
                             "tests/__init__.py": "", "tests/test_calc.py": TESTS})

    def audit_json(self, project, *args, **kw):
        r = audit(project, "--output-format", "json", *args, **kw)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return json.loads(r.stdout)

    def repo(self, project):
        git(project.root, "init", "-q", "-b", "main")
        git(project.root, "add", "-A")
        git(project.root, "commit", "-q", "-m", "first")


class Numbers(AuditTestCase):
    def test_json_counts_grades_and_tests_that_can_fail(self):
        p = self.sample()
        doc = self.audit_json(p)
        s = doc["summary"]
        self.assertEqual((s["files"], s["tests"], s["placeholder_tests"]), (4, 3, 2))
        self.assertEqual(s["lines"], 6 + 13)  # wc -l of the two non-empty files
        self.assertAlmostEqual(s["can_fail"], 1 - 2 / 3, places=4)
        fam = {f["code"]: (f["findings"], f["weighted"]) for f in doc["families"]}
        self.assertEqual(fam["PH"], (2, 6.0))
        mods = {m["path"]: m for m in doc["modules"]}
        self.assertEqual(set(mods), {"", "app", "app/__init__.py", "app/calc.py", "tests",
                                     "tests/__init__.py", "tests/test_calc.py"})
        t = mods["tests/test_calc.py"]
        # 6 weighted findings in 13 lines: 461.54 per 1000 lines, grade E; app is clean: A
        self.assertEqual((t["kind"], t["score"], t["density"], t["grade"]),
                         ("file", 6.0, 461.54, "E"))
        self.assertEqual(mods["app"]["grade"], "A")
        self.assertEqual(mods[""]["grade"], "E")
        self.assertEqual(mods["tests"]["children"], [mods["tests/__init__.py"]["id"],
                                                     mods["tests/test_calc.py"]["id"]])
        worst = [doc["findings"][i] for i in t["worst"]]
        self.assertEqual([f["code"] for f in worst], ["PH001", "PH003"])
        self.assertEqual(worst[0]["excerpt"], {"line": 4, "text": "def test_empty():\n    pass"})
        rules = {r["code"]: r for r in doc["rules"]}
        self.assertIn("always passes", rules["PH001"]["why"] + rules["PH001"]["summary"])
        # outside git: no churn, no hotspots; no history: this run is the only point
        self.assertEqual((doc["churn"]["available"], doc["hotspots"]), (False, []))
        self.assertEqual(len(doc["trend"]), 1)
        self.assertFalse(doc["trend"][0]["recorded"])
        self.assertEqual(doc["new_code"], {"baseline": None})

    def test_audit_exits_zero_whatever_the_grades(self):
        p = self.sample()
        r = audit(p)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertTrue(os.path.exists(os.path.join(p.root, "ssot-audit.html")))
        self.assertIn(b"ssot: wrote ssot-audit.html: grade E, 2 findings in 4 files", r.stderr)

    def test_html_is_self_contained_with_the_json_numbers(self):
        p = self.sample()
        out = os.path.join(p.root, "report.html")
        r = audit(p, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(out, encoding="utf-8") as f:
            page = f.read()
        self.assertEqual(references(page), [])
        self.assertNotRegex(page, r"<(link|img|iframe|object|embed)\b")
        self.assertNotRegex(page, r"<script[^>]*\bsrc=")
        self.assertIn("default-src 'none'", page)
        self.assertIn("createElementNS", page)  # the pictures are inline SVG
        doc = self.audit_json(p)
        inline = embedded_json(page)
        for key in ("summary", "families", "modules", "findings", "rules", "hotspots"):
            self.assertEqual(inline[key], doc[key], key)

    def test_output_to_stdout_and_unknown_format(self):
        p = self.sample()
        r = audit(p, "-o", "-")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith(b"<!DOCTYPE html>"))
        r = audit(p, "--output-format", "sarif")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"unknown output format `sarif` for `ssot audit` (expected one of: html, "
                      b"json)", r.stderr)

    def test_help_and_bad_arguments(self):
        p = self.sample()
        r = run(["audit", "--help"], p.root)
        self.assertEqual(r.returncode, 0)
        for word in (b"--record", b"--history FILE", b"-o, --output-file FILE", b"[audit]"):
            self.assertIn(word, r.stdout)
        r = audit(p, "--write-baseline")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"unknown option `--write-baseline` for `ssot audit`", r.stderr)
        r = audit(p, "missing_folder")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.count(b"\n"), 1)

    def test_report_file_that_cannot_be_written(self):
        p = self.sample()
        r = audit(p, "-o", os.path.join(p.root, "no", "such", "folder", "r.html"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.count(b"\n"), 1, r.stderr)


class Configuration(AuditTestCase):
    def test_grades_and_weights_come_from_the_audit_table(self):
        p = self.sample()
        p.write("pyproject.toml", "[tool.ssot.audit]\ngrades = [100, 200, 300, 400]\n"
                                  "weights = { error = 1, warning = 1, info = 0 }\n"
                                  "churn-months = 6\n")
        doc = self.audit_json(p)
        self.assertEqual(doc["grading"], {"edges": [100.0, 200.0, 300.0, 400.0],
                                          "weights": {"error": 1.0, "warning": 1.0,
                                                      "info": 0.0},
                                          "churn_months": 6})
        mods = {m["path"]: m for m in doc["modules"]}
        # 2 weighted findings in 13 lines: 153.85 per 1000 lines, B under these edges
        self.assertEqual(mods["tests/test_calc.py"]["grade"], "B")
        r = run(["config"], p.root)
        self.assertIn(b"[audit]\ngrades = [100, 200, 300, 400]\n", r.stdout)

    def test_invalid_audit_keys_are_errors_with_a_position(self):
        p = self.sample()
        for table, says in (
                ("grades = [5, 4, 20, 50]", "`audit.grades` must increase: 4 comes after 5"),
                ("grades = [5, 10]", "`audit.grades` must be 4 increasing numbers"),
                ("weights = { fatal = 3 }", "fatal"),
                ("churn-months = 0", "`audit.churn-months` must be a number of months"),
                ("history = 'x'", "history")):
            p.write("pyproject.toml", "[tool.ssot.audit]\n" + table + "\n")
            r = audit(p)
            self.assertEqual(r.returncode, 2, table)
            self.assertIn(says.encode(), r.stderr, table)
            self.assertIn(b"pyproject.toml:2:", r.stderr, table)


class History(AuditTestCase):
    def test_record_appends_runs_that_draw_the_trend(self):
        p = self.sample()
        self.repo(p)
        head = git(p.root, "rev-parse", "HEAD").strip()
        env = {"SOURCE_DATE_EPOCH": "1764000000"}
        r = audit(p, "--record", "-o", os.path.join(p.root, "r.html"), env=env)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b"recorded this run in", r.stderr)
        p.write("tests/test_more.py", "def test_more():\n    pass\n")
        doc = self.audit_json(p, "--record", env={"SOURCE_DATE_EPOCH": "1764086400"})
        trend = doc["trend"]
        self.assertEqual([t["recorded"] for t in trend], [True, True])
        self.assertEqual([t["date"] for t in trend], ["2025-11-24T16:00:00Z",
                                                      "2025-11-25T16:00:00Z"])
        self.assertEqual(trend[0]["commit"], head)
        self.assertEqual([t["findings"]["PH"] for t in trend], [2, 3])
        db = sqlite3.connect(os.path.join(p.root, ".ssot-history.db"))
        self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], 1)
        self.assertEqual(db.execute("SELECT count(*) FROM run").fetchone()[0], 2)
        self.assertEqual(db.execute("SELECT count FROM rule WHERE code = 'PH001' ORDER BY "
                                    "run_id").fetchall(), [(1,), (2,)])
        self.assertEqual(db.execute("SELECT grade FROM module WHERE path = 'app'").fetchall(),
                         [("A",), ("A",)])
        db.close()
        # each folder's own points: the recorded runs
        self.assertEqual([(m["point"], m["findings"]["PH"]) for m in doc["module_trend"]
                          if m["path"] == "tests"], [(0, 2), (1, 3)])
        # without --record the history is read, and this run is the last point, unrecorded
        doc = self.audit_json(p)
        self.assertEqual([t["recorded"] for t in doc["trend"]], [True, True, False])
        self.assertEqual([m["point"] for m in doc["module_trend"] if m["path"] == "app"],
                         [0, 1, 2])

    def test_corrupt_or_newer_history_is_one_line_and_left_alone(self):
        p = self.sample()
        path = os.path.join(p.root, "h.db")
        with open(path, "wb") as f:
            f.write(b"garbage, not SQLite\n" * 400)
        for args in ((), ("--record",)):
            r = audit(p, "--history", path, *args)
            self.assertEqual(r.returncode, 2)
            self.assertEqual(r.stderr.count(b"\n"), 1, r.stderr)
            self.assertIn(path.encode() + b": not an ssot history file", r.stderr)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"garbage, not SQLite\n" * 400)
        os.remove(path)
        self.assertEqual(audit(p, "--history", path, "--record", "-o", "-").returncode, 0)
        db = sqlite3.connect(path)
        db.execute("PRAGMA user_version = 7")
        db.commit()
        db.close()
        with open(path, "rb") as f:
            before = f.read()
        r = audit(p, "--history", path, "--record")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"written by a newer ssot (history schema 7; this ssot reads 1)",
                      r.stderr)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), before)


class RecordWithTheReport(AuditTestCase):
    """--record records a run only once its report is written: a report that cannot be
    written leaves the history as it was."""

    def runs(self, path):
        db = sqlite3.connect(path)
        try:
            return db.execute("SELECT count(*) FROM run").fetchone()[0]
        finally:
            db.close()

    def test_a_report_that_fails_records_nothing(self):
        p = self.sample()
        history = os.path.join(p.root, "h.db")
        # a full device fails at the write itself; a missing folder before anything is written
        targets = [os.path.join(p.root, "no", "such", "folder", "r.html")]
        if os.path.exists("/dev/full"):
            targets.append("/dev/full")
        for target in targets:
            with self.subTest(target=target):
                r = audit(p, "--record", "--history", history, "-o", target)
                self.assertEqual(r.returncode, 2, r.stderr.decode())
                self.assertEqual(r.stderr.count(b"\n"), 1, r.stderr)
                self.assertNotIn(b"recorded this run", r.stderr)
                self.assertEqual(self.runs(history), 0)
        r = audit(p, "--record", "--history", history, "-o", os.path.join(p.root, "r.html"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(self.runs(history), 1)
        with open(os.path.join(p.root, "r.html"), encoding="utf-8") as f:
            trend = embedded_json(f.read())["trend"]
        self.assertEqual([t["recorded"] for t in trend], [True])


class Selection(AuditTestCase):
    """--select/--ignore/--extend-select and --exclude/--extend-exclude/--force-exclude:
    parsed and applied as `ssot check` applies them."""

    def codes(self, doc):
        return sorted(f["code"] for f in doc["findings"])

    def test_select_and_ignore(self):
        p = self.sample()
        self.assertEqual(self.codes(self.audit_json(p)), ["PH001", "PH003"])
        self.assertEqual(self.codes(self.audit_json(p, "--select", "PH001")), ["PH001"])
        self.assertEqual(self.codes(self.audit_json(p, "--ignore", "PH003")), ["PH001"])
        self.assertEqual(self.codes(self.audit_json(p, "--select", "MO", "--extend-select",
                                                    "PH003")), ["PH003"])
        doc = self.audit_json(p, "--ignore", "PH")
        self.assertEqual((self.codes(doc), doc["summary"]["grade"]), ([], "A"))
        r = audit(p, "--select", "PH999")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"PH999", r.stderr)

    def test_exclude_and_extend_exclude(self):
        p = self.sample()
        paths = lambda doc: sorted(m["path"] for m in doc["modules"]  # noqa: E731
                                   if m["kind"] == "file")
        self.assertEqual(paths(self.audit_json(p, "--extend-exclude", "tests")),
                         ["app/__init__.py", "app/calc.py"])
        self.assertEqual(paths(self.audit_json(p, "--exclude", "app/**")),
                         ["tests/__init__.py", "tests/test_calc.py"])
        # a file named on the command line is audited unless --force-exclude
        named = ("tests/test_calc.py", "--extend-exclude", "tests")
        self.assertEqual(paths(self.audit_json(p, *named)), ["tests/test_calc.py"])
        self.assertEqual(paths(self.audit_json(p, *named, "--force-exclude")), [])


class FailUnder(AuditTestCase):
    def test_the_project_grade_and_with_modules_every_folders(self):
        p = self.sample()
        # 2,000 clean lines dilute the project to grade A; tests/ stays E
        p.write("app/big.py", "".join(f"X_{i} = {i}\n" for i in range(2000)))
        doc = self.audit_json(p)
        grades = {m["path"]: m["grade"] for m in doc["modules"]}
        self.assertEqual((grades[""], grades["app"], grades["tests"]), ("A", "A", "E"))
        out = os.path.join(p.root, "r.html")
        r = audit(p, "--fail-under", "B", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        os.remove(out)
        r = audit(p, "--fail-under", "b", "--fail-under-module", "-o", out)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(b"ssot: folder `tests` grade E is worse than --fail-under B\n", r.stderr)
        self.assertNotIn(b"`app`", r.stderr)
        self.assertTrue(os.path.exists(out))  # the report is written all the same
        r = audit(p, "--fail-under", "E", "--fail-under-module", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        os.remove(os.path.join(p.root, "app", "big.py"))
        r = audit(p, "--fail-under", "D", "-o", out)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(b"ssot: the project's grade E is worse than --fail-under D\n", r.stderr)

    def test_bad_arguments(self):
        p = self.sample()
        for args, says in ((("--fail-under", "F"), b"--fail-under takes a grade from A to E"),
                           (("--fail-under", "AB"), b"not `AB`"),
                           (("--fail-under-module",), b"--fail-under-module needs")):
            r = audit(p, *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(says, r.stderr)


class Hotspots(AuditTestCase):
    def test_churn_times_findings_ranks_files_changed_often(self):
        p = self.project({"tests/test_old.py": PLACEHOLDERS + "\n\ndef test_z():\n    pass\n",
                          "tests/test_hot.py": "def test_a():\n    pass\n",
                          "vendor/test_lib.py": "def test_v():\n    pass\n"})
        self.repo(p)
        for i in range(3):  # the hot file changes three more times, and so does vendor/
            p.write("tests/test_hot.py", "def test_a():\n    pass\n" + "\n# %d\n" % i)
            p.write("vendor/test_lib.py", "def test_v():\n    pass\n" + "\n# %d\n" % i)
            git(p.root, "commit", "-q", "-am", "change %d" % i)
        doc = self.audit_json(p)
        self.assertTrue(doc["churn"]["available"])
        self.assertEqual(doc["churn"]["months"], 12)
        hot = [(h["path"], h["churn"], h["score"], h["rank"]) for h in doc["hotspots"]]
        # test_hot.py: 4 commits x 3; test_old.py: 1 commit x 9; vendor/ is left out
        self.assertEqual(hot, [("tests/test_hot.py", 4, 3.0, 12.0),
                               ("tests/test_old.py", 1, 9.0, 9.0)])
        mods = {m["path"]: m for m in doc["modules"]}
        self.assertEqual(mods["tests"]["churn"], 5)


class ChurnWindow(AuditTestCase):
    def test_the_window_ends_at_heads_commit_time(self):
        """Commits from 2020: the window ends at HEAD's commit time, so they count whenever
        the audit runs (the wall clock would leave none); SOURCE_DATE_EPOCH moves it."""
        p = self.project({"tests/test_hot.py": "def test_a():\n    pass\n"})
        git(p.root, "init", "-q", "-b", "main")
        for i, date in enumerate(("2020-01-10T12:00:00Z", "2020-03-01T12:00:00Z")):
            p.write("tests/test_hot.py", "def test_a():\n    pass\n" + "# %d\n" % i)
            git(p.root, "add", "-A")
            subprocess.run(["git", "commit", "-q", "-m", str(i)], cwd=p.root, check=True,
                           env={**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date,
                                "GIT_COMMITTER_DATE": date})
        doc = self.audit_json(p)
        self.assertEqual(doc["churn"]["until"], "2020-03-01T12:00:00Z")
        self.assertEqual([(h["path"], h["churn"]) for h in doc["hotspots"]],
                         [("tests/test_hot.py", 2)])
        # 2022-01-01: more than 12 months after both commits
        doc = self.audit_json(p, env={"SOURCE_DATE_EPOCH": "1640995200"})
        self.assertEqual(doc["churn"]["until"], "2022-01-01T00:00:00Z")
        self.assertEqual(doc["hotspots"], [])


class Baseline(AuditTestCase):
    def test_new_remaining_and_fixed_against_the_baseline(self):
        p = self.sample()
        r = run(["check", "--no-cache", "--write-baseline"], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        # fix one (the constant assertion), add one
        p.write("tests/test_calc.py", TESTS.replace("assert True", "assert add(2, 2) == 4"))
        p.write("tests/test_new.py", "def test_new():\n    pass\n")
        doc = self.audit_json(p)
        self.assertEqual(doc["new_code"], {"baseline": os.path.join(p.root,
                                                                    ".ssot-baseline.json"),
                                           "new": 1, "remaining": 1, "fixed": 1})
        status = sorted((f["path"], f["status"]) for f in doc["findings"])
        self.assertEqual(status, [("tests/test_calc.py", "remaining"),
                                  ("tests/test_new.py", "new")])
        r = audit(p, "--baseline", os.path.join(p.root, "missing.json"))
        self.assertEqual(r.returncode, 2)


class Demo(unittest.TestCase):
    def test_demo_report(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "demo.html")
            r = run(["audit", "--no-cache", "fixtures/demo", "-o", out], SOURCE_DIR)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            with open(out, encoding="utf-8") as f:
                page = f.read()
            self.assertEqual(references(page), [])
            doc = embedded_json(page)
            # the same files and findings as `ssot check` (less E findings and suppressed ones)
            r = run(["check", "--no-cache", "--output-format", "json", "fixtures/demo"],
                    SOURCE_DIR)
            found = [f for f in json.loads(r.stdout) if not f["code"].startswith("E")]
            self.assertEqual(doc["summary"]["findings"], len(found))
            self.assertEqual(len(doc["findings"]), len(found))
            text = run(["check", "--no-cache", "fixtures/demo"], SOURCE_DIR).stdout.decode()
            self.assertIn(" in %d files checked" % doc["summary"]["files"], text)
            self.assertIn(doc["summary"]["grade"], "ABCDE")
            self.assertIn(html.escape("ssot audit"), page)


if __name__ == "__main__":
    unittest.main()
