"""End-to-end tests of the CI output formats: SARIF (validated against the SARIF 2.1.0
schema), JUnit XML (validated with `xmllint --schema`), GitHub annotations, GitLab Code
Quality, concise and full text; --output-file and --report.

The schemas live in ../shared/schemas next to the source folder (SSOT_SOURCE_DIR); the
schema checks are skipped, saying so, when that folder is missing.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SOURCE_DIR, ProjectTestCase, git, run  # noqa: E402

SCHEMAS = os.path.normpath(os.path.join(SOURCE_DIR, "..", "shared", "schemas"))
SARIF_SCHEMA = os.path.join(SCHEMAS, "sarif-schema-2.1.0.json")
JUNIT_SCHEMA = os.path.join(SCHEMAS, "junit.xsd")

MIXED = '''\
import pytest


def test_empty():
    pass


def test_constant():
    assert True


def test_suppressed():
    assert 1  # ssot: ignore[PH003] -- kept on purpose


@pytest.mark.skip(reason="https://example.org/issues/7")
def test_later():
    assert f()
'''


class FormatTestCase(ProjectTestCase):
    def output(self, project, fmt, *args, cwd=None):
        return self.check_output(project, fmt, *args, cwd=cwd).stdout.decode()

    def require_schema(self, path):
        if not os.path.exists(path):
            self.skipTest(f"schema {path} not found: the ../shared/schemas folder next to the "
                          f"source tree is missing, so the output is not validated")


class Sarif(FormatTestCase):
    def sarif(self, project, *args, cwd=None):
        return json.loads(self.output(project, "sarif", *args, cwd=cwd))

    def uris(self, log):
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in log["runs"][0]["results"]}

    def test_validates_against_the_schema(self):
        self.require_schema(SARIF_SCHEMA)
        import jsonschema
        p = self.project({"tests/test_a.py": MIXED, "tests/test_b.py": PLACEHOLDERS})
        log = self.sarif(p)
        with open(SARIF_SCHEMA) as f:
            schema = json.load(f)
        jsonschema.Draft4Validator(schema).validate(log)
        self.assertEqual(log["version"], "2.1.0")

    def test_every_rule_that_ran_and_what_github_reads(self):
        p = self.project({"tests/test_a.py": MIXED})
        log = self.sarif(p)
        run_ = log["runs"][0]
        rules = run_["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        self.assertEqual(ids, sorted(ids))
        ran = json.loads(run(["rule", "--all", "--output-format", "json"], p.root).stdout)
        default = {r["code"] for r in ran
                   if not r["opt_in"] and not r["preview"] and r["code"] != "SS900"}
        # files that cannot be checked (E001-E005) are notifications, not rules
        notifications = [n["id"] for n in run_["tool"]["driver"]["notifications"]]
        self.assertEqual(notifications, sorted(c for c in default if c.startswith("E")))
        self.assertEqual(set(ids), default - set(notifications))
        for r in rules:
            for key in ("id", "name", "shortDescription", "fullDescription", "help", "helpUri",
                        "defaultConfiguration"):
                self.assertIn(key, r)
            self.assertRegex(r["helpUri"], r"/%s\.md$" % r["id"])
            self.assertIn(r["defaultConfiguration"]["level"], ("error", "warning", "note"))
        results = run_["results"]
        self.assertEqual([r["ruleId"] for r in results], ["PH001", "PH003", "PH003", "PH005"])
        for r in results:
            self.assertEqual(rules[r["ruleIndex"]]["id"], r["ruleId"])
            loc = r["locations"][0]["physicalLocation"]
            self.assertEqual(loc["artifactLocation"], {"uri": "tests/test_a.py",
                                                       "uriBaseId": "SRCROOT"})
            self.assertGreaterEqual(loc["region"]["startLine"], 1)
            self.assertRegex(r["partialFingerprints"]["ssot/v1"], r"^[0-9a-f]{16}$")
        self.assertEqual(results[0]["level"], "error")
        self.assertEqual(results[3]["level"], "note")
        suppressed = [r for r in results if "suppressions" in r]
        self.assertEqual(len(suppressed), 1)
        self.assertEqual(suppressed[0]["suppressions"], [{"kind": "inSource"}])
        root = run_["originalUriBaseIds"]["SRCROOT"]["uri"]
        self.assertTrue(root.startswith("file:///") and root.endswith("/"), root)

    def test_paths_are_relative_to_the_repository_root(self):
        p = self.project({"pkg/tests/test_a.py": PLACEHOLDERS})
        git(p.root, "init", "-q")
        log = self.sarif(p, ".", cwd=os.path.join(p.root, "pkg"))
        self.assertEqual(self.uris(log), {"pkg/tests/test_a.py"})
        base = log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
        self.assertTrue(base.endswith(os.path.realpath(p.root) + "/"), base)

    def test_fingerprints_survive_inserted_lines_and_not_the_line_number(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        before = self.sarif(p)["runs"][0]["results"]
        p.write("tests/test_a.py", "import os\n" * 7 + PLACEHOLDERS)
        after = self.sarif(p)["runs"][0]["results"]
        self.assertEqual([r["partialFingerprints"] for r in before],
                         [r["partialFingerprints"] for r in after])
        self.assertNotEqual([r["locations"] for r in before], [r["locations"] for r in after])

    def test_special_characters_in_paths_are_percent_encoded(self):
        p = self.project({"tests/test_a b#1.py": PLACEHOLDERS})
        self.assertEqual(self.uris(self.sarif(p)), {"tests/test_a%20b%231.py"})


class JUnit(FormatTestCase):
    def junit(self, project, *args):
        text = self.output(project, "junit", *args)
        return text, ET.fromstring(text.encode())

    def test_validates_with_xmllint(self):
        self.require_schema(JUNIT_SCHEMA)
        if not shutil.which("xmllint"):
            self.skipTest("xmllint is not installed (Debian: libxml2-utils)")
        p = self.project({"tests/test_a.py": MIXED, "tests/test_b.py": PLACEHOLDERS})
        path = os.path.join(p.root, "junit.xml")
        r = run(["check", "--output-format", "junit", "--output-file", path], p.root)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        v = subprocess.run(["xmllint", "--noout", "--schema", JUNIT_SCHEMA, path],
                           capture_output=True)
        self.assertEqual(v.returncode, 0, v.stderr.decode())

    def test_a_suite_per_rule_a_case_per_finding_and_passing_rules(self):
        p = self.project({"tests/test_a.py": MIXED, "tests/test_b.py": PLACEHOLDERS})
        _, root = self.junit(p)
        suites = {s.get("name").split()[0]: s for s in root.findall("testsuite")}
        self.assertIn("PH002", suites)  # ran, found nothing: one passing case
        passing = suites["PH002"].findall("testcase")
        self.assertEqual(len(passing), 1)
        self.assertEqual(list(passing[0]), [])
        ph003 = suites["PH003"]
        cases = ph003.findall("testcase")
        self.assertEqual(len(cases), 2)  # test_a's and test_b's; the suppressed one is not
        self.assertEqual(len({c.get("name") for c in cases}), 2)
        self.assertEqual(ph003.get("failures"), "2")
        self.assertTrue(all(c.find("failure") is not None for c in cases))
        # the info finding is below fail-on: skipped, so the tab does not show it as failed
        ph005 = suites["PH005"]
        self.assertEqual((ph005.get("failures"), ph005.get("skipped")), ("0", "1"))
        names = [c.get("name") for s in root for c in s.findall("testcase")]
        self.assertEqual(len(names), len(set(names)))

    def test_clean_project_is_all_passing(self):
        p = self.project({"tests/test_a.py": "def test_x():\n    assert f() == 1\n"})
        r = run(["check", "--output-format", "junit"], p.root)
        self.assertEqual(r.returncode, 0)
        root = ET.fromstring(r.stdout)
        self.assertTrue(len(root.findall("testsuite")) > 5)
        self.assertEqual(root.findall(".//failure") + root.findall(".//error"), [])


class GitHub(FormatTestCase):
    LINE = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+)(,col=\d+)?,"
                      r"endLine=\d+(,endColumn=\d+)?,title=([A-Z]+\d+)::(.+)$")

    def test_one_annotation_per_finding(self):
        p = self.project({"tests/test_a.py": MIXED})
        lines = self.output(p, "github").splitlines()
        matches = [self.LINE.match(line) for line in lines]
        self.assertTrue(all(matches), lines)
        self.assertEqual([(m[1], m[2], m[6]) for m in matches],
                         [("error", "tests/test_a.py", "PH001"),
                          ("error", "tests/test_a.py", "PH003"),
                          ("notice", "tests/test_a.py", "PH005")])
        self.assertIn(",line=4,col=5,endLine=4,endColumn=15,title=PH001::", lines[0])

    def test_properties_and_message_are_escaped(self):
        p = self.project({"tests/test_a,b%c.py": "def test_x():\n    assert '50%'\n"})
        lines = self.output(p, "github").splitlines()
        self.assertEqual(len(lines), 1)
        self.assertIn("file=tests/test_a%2Cb%25c.py,", lines[0])
        self.assertTrue(lines[0].endswith("`assert '50%25'`"), lines[0])


class GitLab(FormatTestCase):
    def test_code_quality_fields(self):
        p = self.project({"tests/test_a.py": MIXED})
        issues = json.loads(self.output(p, "gitlab"))
        self.assertEqual(len(issues), 3)
        for issue in issues:
            for key in ("description", "check_name", "fingerprint", "severity", "location"):
                self.assertIn(key, issue)
            self.assertEqual(issue["location"]["path"], "tests/test_a.py")
            self.assertIsInstance(issue["location"]["lines"]["begin"], int)
        self.assertEqual([i["severity"] for i in issues], ["critical", "critical", "info"])
        self.assertEqual(len({i["fingerprint"] for i in issues}), 3)

    def test_unreadable_file_is_a_blocker(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        p.write("tests/test_bin.py", b"\x00\x01binary")
        issues = json.loads(self.output(p, "gitlab"))
        self.assertEqual([i["severity"] for i in issues if i["check_name"] == "E002"],
                         ["blocker"])


class TextFormats(FormatTestCase):
    def test_concise_is_one_line_per_finding(self):
        p = self.project({"tests/test_a.py": MIXED})
        out = self.output(p, "concise", "-q").splitlines()
        self.assertEqual(out, [
            "tests/test_a.py:4:5: PH001 test `test_empty` has an empty body: it always passes",
            "tests/test_a.py:9:5: PH003 assertion on a constant always passes: `assert True`",
            out[2],
        ])
        self.assertTrue(out[2].startswith("tests/test_a.py:17:5: PH005 "))

    def test_full_shows_the_source_with_a_caret(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        out = self.output(p, "full")
        self.assertIn("tests/test_a.py:4:5: PH001 [error] test `test_empty` has an empty body",
                      out)
        self.assertIn("4 | def test_empty():\n  |     ^^^^^^^^^^ PH001\n5 |     pass\n", out)
        self.assertIn("9 |     assert True\n", out)
        self.assertRegex(out, r"\n2 findings \(2 errors, 0 warnings, 0 info\) in 1 file ")


class EscapedFileNames(FormatTestCase):
    """A file name with a newline, a byte that is not UTF-8, or a backslash is shown escaped
    (`\\n`, `\\xff`, `\\\\`) in every format, so that one finding stays one line and the
    name can be pasted back (in `$'...'`); SARIF percent-encodes the raw bytes in its URIs."""

    BROKEN = "def f(:\n    pass\n"  # E003 whatever the file's role or name
    NAMES = {"mod_a\nb.py": "mod_a\\nb.py", "mod_\udcff.py": "mod_\\xff.py",
             "mod_c\\d.py": "mod_c\\\\d.py", "mod_caf\u00e9.py": "mod_caf\u00e9.py"}

    def names_project(self):
        return self.project({name: self.BROKEN for name in self.NAMES})

    def test_text_and_concise_keep_one_line_per_finding(self):
        p = self.names_project()
        for fmt in ("text", "concise", "full"):
            out = self.output(p, fmt)
            paths = sorted(line.split(":1:7: ")[0] for line in out.splitlines()
                           if ": E003 " in line)
            self.assertEqual(paths, sorted(self.NAMES.values()), fmt)

    def test_json_and_gitlab_hold_the_escaped_name(self):
        p = self.names_project()
        found = json.loads(self.output(p, "json"))
        self.assertEqual(sorted(f["filename"] for f in found), sorted(self.NAMES.values()))
        issues = json.loads(self.output(p, "gitlab"))
        self.assertEqual(sorted(i["location"]["path"] for i in issues),
                         sorted(self.NAMES.values()))

    def test_sarif_uris_percent_encode_the_raw_bytes(self):
        p = self.names_project()
        log = json.loads(self.output(p, "sarif"))
        # the files do not parse: E003 notifications, not results
        notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in notes}
        self.assertEqual(uris, {"mod_a%0Ab.py", "mod_%FF.py", "mod_c%5Cd.py",
                                "mod_caf%C3%A9.py"})

    def test_junit_and_github_name_the_escaped_file(self):
        p = self.names_project()
        names = sorted(c.get("name") for c in
                       ET.fromstring(self.output(p, "junit").encode()).iter("testcase")
                       if c.get("classname", "").endswith("E003"))
        self.assertEqual(names, sorted("E003 " + n for n in self.NAMES.values()))
        lines = self.output(p, "github").splitlines()
        self.assertEqual(len(lines), 4)
        files = sorted(re.search(r"file=([^,]*),", line).group(1) for line in lines)
        self.assertEqual(files, sorted(self.NAMES.values()))

    def test_a_pasted_name_selects_the_file(self):
        p = self.names_project()
        out = self.output(p, "concise", "-q")
        for line in out.splitlines():
            shown = line.split(":1:7: ")[0]
            raw = shown.encode().decode("unicode_escape").encode("latin-1")
            if "\u00e9" in shown:
                raw = shown.encode()
            self.assertTrue(os.path.exists(os.path.join(p.root.encode(), raw)), shown)


class Statistics(FormatTestCase):
    def test_counts_per_rule_instead_of_findings(self):
        p = self.project({"tests/test_a.py": MIXED, "tests/test_b.py": PLACEHOLDERS})
        r = run(["check", "--statistics"], p.root)
        self.assertEqual(r.returncode, 1)
        lines = r.stdout.decode().splitlines()
        self.assertEqual([line.split()[:2] for line in lines[:3]],
                         [["2", "PH001"], ["2", "PH003"], ["1", "PH005"]])
        self.assertRegex(lines[0], r"^\s+2\s+PH001\s+empty-test\s+\[error\]$")
        self.assertFalse(any(line.startswith("tests/") for line in lines))
        self.assertRegex(lines[-1], r"^5 findings \(4 errors, 0 warnings, 1 info, 1 suppressed\)")
        quiet = run(["check", "--statistics", "-q"], p.root).stdout.decode().splitlines()
        self.assertEqual(quiet, lines[:3])

    def test_json_statistics(self):
        p = self.project({"tests/test_a.py": MIXED})
        stats = json.loads(self.output(p, "json", "--statistics"))
        self.assertEqual(stats, [
            {"code": "PH001", "name": "empty-test", "severity": "error", "count": 1},
            {"code": "PH003", "name": "constant-assertion", "severity": "error", "count": 1},
            # the finding's own severity: a skip whose reason links an issue is info
            {"code": "PH005", "name": "never-runs", "severity": "info", "count": 1},
        ])

    def test_statistics_with_a_machine_format_is_an_error(self):
        p = self.project({"tests/test_a.py": MIXED})
        self.assert_exits_two(p, "--statistics", "--output-format", "sarif",
                              says="--statistics prints text, concise, full, json or json-lines, not sarif")


class OutputFiles(FormatTestCase):
    def test_output_file_and_several_reports_in_one_run(self):
        p = self.project({"tests/test_a.py": MIXED})
        out = os.path.join(p.root, "reports")
        os.mkdir(out)
        r = run(["check", "--output-format", "json", "--output-file", "reports/ssot.json",
                 "--report", "sarif:reports/ssot.sarif", "--report", "junit:reports/junit.xml",
                 "--report", "gitlab:reports/gl-code-quality.json"], p.root)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertEqual(r.stdout, b"")
        self.assertEqual(sorted(os.listdir(out)),  # no temporary files left behind
                         ["gl-code-quality.json", "junit.xml", "ssot.json", "ssot.sarif"])
        with open(os.path.join(out, "ssot.json")) as f:
            self.assertEqual(len(json.load(f)), 3)
        with open(os.path.join(out, "ssot.sarif")) as f:
            self.assertEqual(len(json.load(f)["runs"][0]["results"]), 4)
        ET.parse(os.path.join(out, "junit.xml"))

    def test_report_with_stdout_still_prints_the_main_format(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        r = run(["check", "--report", "github:gh.txt"], p.root)
        self.assertIn(b"2 findings", r.stdout)
        with open(os.path.join(p.root, "gh.txt")) as f:
            self.assertEqual(len(f.read().splitlines()), 2)

    def test_bad_report_arguments_and_unwritable_files_exit_two(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        for args in (["--report", "sarif"], ["--report", "xml:out.xml"], ["--report", ":x"],
                     ["--output-file", "no/such/folder/out.txt"],
                     ["--report", "sarif:no/such/folder/out.sarif"]):
            with self.subTest(args=args):
                r = run(["check", *args], p.root)
                self.assertEqual(r.returncode, 2, r.stdout.decode())
                self.assertTrue(r.stderr.startswith(b"ssot: error: "), r.stderr)

    def test_replaced_report_keeps_its_mode(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        path = p.write("out.sarif", "old")
        os.chmod(path, 0o640)
        run(["check", "--output-format", "sarif", "--output-file", "out.sarif"], p.root)
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o640)
        with open(path) as f:
            self.assertEqual(json.load(f)["version"], "2.1.0")


if __name__ == "__main__":
    unittest.main()
