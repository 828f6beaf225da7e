"""End-to-end tests of what CI shows: GitHub annotations within GitHub's per-step limits and
the job summary ($GITHUB_STEP_SUMMARY), SARIF for code scanning (baselined findings left out,
unparsable files as tool notifications, code point columns), JUnit testcase names that survive
moved lines, and the CI files themselves: action.yml and the GitLab template parse, have the
keys their runners require, and their shell steps run against the built binary.

Needs python3-yaml and python3-jsonschema (tools/setup installs them) and xmllint
(libxml2-utils); the schema checks are skipped, saying so, without ../shared/schemas.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SOURCE_DIR, SSOT, ProjectTestCase, run  # noqa: E402

SCHEMAS = os.path.normpath(os.path.join(SOURCE_DIR, "..", "shared", "schemas"))
SARIF_SCHEMA = os.path.join(SCHEMAS, "sarif-schema-2.1.0.json")
JUNIT_SCHEMA = os.path.join(SCHEMAS, "junit.xsd")
ACTION = os.path.join(SOURCE_DIR, "action.yml")
GITLAB = os.path.join(SOURCE_DIR, "ci", "gitlab", "ssot.gitlab-ci.yml")


def empty_tests(n, prefix="test_empty"):
    """n tests with an empty body (PH001, errors)."""
    return "".join(f"def {prefix}{i}():\n    pass\n\n\n" for i in range(n))


def skipped_tests(n, link):
    """n tests skipped without condition: PH005, a warning, or info with an issue link."""
    reason = "https://example.org/issues/7" if link else "later"
    return "import pytest\n\n\n" + "".join(
        f"@pytest.mark.skip(reason={reason!r})\ndef test_skip{i}():\n    assert f()\n\n\n"
        for i in range(n))


class CiTestCase(ProjectTestCase):
    def require_schema(self, path):
        if not os.path.exists(path):
            self.skipTest(f"schema {path} not found: ../shared/schemas next to the source "
                          f"tree is missing, so the output is not validated")

    def validate_sarif(self, log):
        self.require_schema(SARIF_SCHEMA)
        import jsonschema
        with open(SARIF_SCHEMA) as f:
            jsonschema.Draft4Validator(json.load(f)).validate(log)

    def sarif(self, project, *args):
        r = self.check_output(project, "sarif", *args)
        return json.loads(r.stdout)

    def findings(self, project, *args):
        """(path, row, code) of every reported finding, from the JSON format."""
        _, items = self.check_json(project, *args)
        return sorted((f["filename"], f["location"]["row"], f["code"]) for f in items)


# `::error file=…,line=…,…,title=CODE::message`, and a plain line of the overflow group
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),.*title=([A-Z]+\d+)::")
LOG_LINE = re.compile(r"^  ([^:]+):(\d+):\d+: ([A-Z]+\d+) \[(error|warning|info)\] ")


class GitHubAnnotations(CiTestCase):
    """GitHub keeps 10 error, 10 warning and 10 notice annotations per step and drops the
    rest without a word."""

    def legacy(self):
        return self.project({"tests/test_errors.py": empty_tests(14),
                             "tests/unit/test_warnings.py": skipped_tests(12, link=False),
                             "pkg/test_info.py": skipped_tests(12, link=True)})

    def test_most_severe_first_within_the_limits_and_the_rest_in_the_log(self):
        p = self.legacy()
        r = run(["check", "--output-format", "github"], p.root, env={"GITHUB_STEP_SUMMARY": ""})
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        lines = r.stdout.decode().splitlines()
        annotations = [m for m in map(ANNOTATION.match, lines) if m]
        kinds = [m[1] for m in annotations]
        # 10 errors, then 10 warnings, then 9 notices: the closing notice takes the tenth
        self.assertEqual(kinds, ["error"] * 10 + ["warning"] * 10 + ["notice"] * 9)
        start, end = lines.index("::group::ssot: 9 more findings, not shown as annotations"), \
            lines.index("::endgroup::")
        logged = [m for m in map(LOG_LINE.match, lines[start + 1:end]) if m]
        self.assertEqual(len(logged), end - start - 1)
        self.assertEqual([m[4] for m in logged], ["error"] * 4 + ["warning"] * 2 + ["info"] * 3)
        self.assertRegex(lines[-1], r"^::notice title=ssot::9 findings not shown as annotations "
                                    r"\(4 errors, 2 warnings, 3 info\): GitHub shows at most 10 "
                                    r"error, 10 warning and 10 notice annotations per step\.")
        # every finding once: as an annotation or in the log group
        shown = sorted([(m[2], int(m[3]), m[4]) for m in annotations] +
                       [(m[1], int(m[2]), m[3]) for m in logged])
        self.assertEqual(shown, self.findings(p))

    def test_within_the_limits_every_finding_is_an_annotation(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS + skipped_tests(2, link=True)})
        lines = self.check_output(p, "github").stdout.decode().splitlines()
        self.assertTrue(all(ANNOTATION.match(line) for line in lines), lines)
        self.assertEqual([ANNOTATION.match(line)[1] for line in lines],
                         ["error", "error", "notice", "notice"])

    def test_step_summary_is_appended_with_tables_per_rule_and_folder(self):
        p = self.legacy()
        summary = p.write("summary.md", "# earlier step\n")
        r = run(["check", "--output-format", "github"], p.root,
                env={"GITHUB_STEP_SUMMARY": summary})
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        with open(summary) as f:
            text = f.read()
        self.assertTrue(text.startswith("# earlier step\n## ssot\n"), text)
        self.assertIn("**38 findings** (14 errors, 12 warnings, 12 info) in 3 files checked.",
                      text)
        self.assertIn("9 of them are not shown as annotations", text)
        self.assertRegex(text, r"\| \[PH001\]\([^)]*/PH001\.md\) \| empty-test \| error \| 14 \|")
        self.assertRegex(text, r"\| \[PH005\]\([^)]*\) \| never-runs \| warning \| 12 \|")
        self.assertRegex(text, r"\| \[PH005\]\([^)]*\) \| never-runs \| info \| 12 \|")
        self.assertIn("| folder | errors | warnings | info | findings |", text)
        self.assertIn("| tests | 14 | 0 | 0 | 14 |", text)
        self.assertIn("| tests/unit | 0 | 12 | 0 | 12 |", text)
        self.assertIn("| pkg | 0 | 0 | 12 | 12 |", text)
        # a second step appends again
        run(["check", "--output-format", "github"], p.root, env={"GITHUB_STEP_SUMMARY": summary})
        with open(summary) as f:
            self.assertEqual(f.read().count("## ssot\n"), 2)

    def test_no_summary_without_the_variable_and_a_short_one_when_clean(self):
        p = self.project({"tests/test_a.py": "def test_x():\n    assert f() == 1\n"})
        env = dict(os.environ)
        env.pop("GITHUB_STEP_SUMMARY", None)
        r = subprocess.run([SSOT, "check", "--output-format", "github"], cwd=p.root, env=env,
                           capture_output=True)
        self.assertEqual((r.returncode, r.stdout), (0, b""))
        self.assertEqual(sorted(os.listdir(p.root)), [".ssot_cache", "tests"])
        summary = os.path.join(p.root, "summary.md")
        run(["check", "--output-format", "github"], p.root, env={"GITHUB_STEP_SUMMARY": summary})
        with open(summary) as f:
            text = f.read()
        self.assertIn("**0 findings**", text)
        self.assertNotIn("| rule |", text)


class SarifUpload(CiTestCase):
    def test_baselined_findings_are_left_out_unless_asked_for(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.assertEqual(run(["check", "--write-baseline"], p.root).returncode, 0)
        p.write("tests/test_b.py", "def test_new():\n    pass\n")
        log = self.sarif(p, "--baseline", ".ssot-baseline.json")
        self.validate_sarif(log)
        results = log["runs"][0]["results"]
        self.assertEqual([(r["ruleId"], r["baselineState"]) for r in results], [("PH001", "new")])
        self.assertNotIn("suppressions", results[0])

        log = self.sarif(p, "--baseline", ".ssot-baseline.json", "--sarif-baselined")
        self.validate_sarif(log)
        results = log["runs"][0]["results"]
        self.assertEqual(sorted(r["baselineState"] for r in results),
                         ["new", "unchanged", "unchanged"])
        for r in results:
            if r["baselineState"] == "unchanged":
                self.assertEqual(r["suppressions"][0]["kind"], "external")
                self.assertIn(".ssot-baseline.json", r["suppressions"][0]["justification"])

    def test_unparsable_files_are_tool_notifications_not_results(self):
        p = self.project({"tests/test_a.py": "def test_x():\n    pass\n",
                          "tests/test_broken.py": "def test_y(:\n    pass\n",
                          "tests/test_binary.py": b"\x00\x01\x02"})
        log = self.sarif(p)
        self.validate_sarif(log)
        run_ = log["runs"][0]
        self.assertEqual([r["ruleId"] for r in run_["results"]], ["PH001"])
        driver = run_["tool"]["driver"]
        self.assertFalse([r for r in driver["rules"] if r["id"].startswith("E")])
        descriptors = [n["id"] for n in driver["notifications"]]
        self.assertEqual(descriptors[:5], ["E001", "E002", "E003", "E004", "E005"])
        self.assertTrue(all(re.match(r"^E\d{3}$", d) for d in descriptors), descriptors)
        notes = run_["invocations"][0]["toolExecutionNotifications"]
        got = {(n["descriptor"]["id"],
                n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for n in notes}
        self.assertEqual(got, {("E002", "tests/test_binary.py"),
                               ("E003", "tests/test_broken.py")})
        for n in notes:
            self.assertEqual(n["level"], "error")
            self.assertEqual(descriptors[n["descriptor"]["index"]], n["descriptor"]["id"])
            self.assertTrue(n["message"]["text"])
        self.assertTrue(run_["invocations"][0]["executionSuccessful"])

    def test_columns_are_code_points_and_the_tool_links_its_docs(self):
        line = '    s = "ééé"; assert True'
        p = self.project({"tests/test_a.py": "def test_x():\n" + line + "\n"})
        log = self.sarif(p)
        self.validate_sarif(log)
        run_ = log["runs"][0]
        self.assertEqual(run_["columnKind"], "unicodeCodePoints")
        (result,) = [r for r in run_["results"] if r["ruleId"] == "PH003"]
        region = result["locations"][0]["physicalLocation"]["region"]
        self.assertEqual(region["startColumn"], line.index("assert") + 1)  # not the byte offset
        info = run_["tool"]["driver"]["informationUri"]
        self.assertRegex(info, r"^https?://")
        for rule in run_["tool"]["driver"]["rules"]:
            self.assertTrue(rule["helpUri"].startswith(info + "/"), (rule["helpUri"], info))


class JUnitNames(CiTestCase):
    def cases(self, project):
        root = ET.fromstring(self.check_output(project, "junit").stdout)
        return [(c.get("name"), (c.find("failure") if c.find("failure") is not None
                                 else c.find("skipped")))
                for s in root for c in s.findall("testcase") if len(c)]

    SOURCE = PLACEHOLDERS + '''

class TestGroup:
    def test_twice(self):
        assert True
        assert True
'''

    def test_names_survive_an_inserted_line_and_the_message_keeps_it(self):
        p = self.project({"tests/test_a.py": self.SOURCE})
        before = self.cases(p)
        p.write("tests/test_a.py", "import os\n" + self.SOURCE)
        after = self.cases(p)
        self.assertEqual([n for n, _ in before], [n for n, _ in after])
        self.assertEqual(sorted(n for n, _ in before), sorted([
            "PH001 tests/test_a.py::test_empty",
            "PH003 tests/test_a.py::test_constant",
            "PH003 tests/test_a.py::TestGroup.test_twice",
            "PH003 tests/test_a.py::TestGroup.test_twice #2"]))
        for (name, b), (_, a) in zip(before, after):
            self.assertNotRegex(name, r":\d+")
            row = int(re.match(r"tests/test_a\.py:(\d+):\d+: ", b.get("message"))[1])
            self.assertTrue(a.get("message").startswith(f"tests/test_a.py:{row + 1}:"),
                            a.get("message"))
            self.assertIn(f":{row + 1}:", a.text)

    def test_validates_with_xmllint(self):
        self.require_schema(JUNIT_SCHEMA)
        if not shutil.which("xmllint"):
            self.skipTest("xmllint is not installed (Debian: libxml2-utils)")
        p = self.project({"tests/test_a.py": self.SOURCE + skipped_tests(1, link=True),
                          "tests/test_broken.py": "def test_y(:\n"})
        path = os.path.join(p.root, "junit.xml")
        self.assertEqual(run(["check", "--output-format", "junit", "--output-file", path],
                             p.root).returncode, 1)
        v = subprocess.run(["xmllint", "--noout", "--schema", JUNIT_SCHEMA, path],
                           capture_output=True)
        self.assertEqual(v.returncode, 0, v.stderr.decode())


EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def read(path):
    with open(path) as f:
        return f.read()


def bash_syntax(test, script, shell="bash"):
    r = subprocess.run([shell, "-n"], input=script.encode(), capture_output=True)
    test.assertEqual(r.returncode, 0, r.stderr.decode() + script)


class GitHubAction(CiTestCase):
    """action.yml: the keys GitHub requires of a composite action, and its shell steps run
    here with ssot on PATH (the install step then builds nothing)."""

    def action(self):
        with open(ACTION) as f:
            return yaml.safe_load(f)

    def test_composite_action_has_what_github_requires(self):
        a = self.action()
        for key in ("name", "description", "runs"):
            self.assertTrue(a.get(key), key)
        self.assertEqual(a["runs"]["using"], "composite")
        inputs = a["inputs"]
        for name, spec in inputs.items():
            self.assertIn("description", spec, name)
            self.assertIsInstance(spec.get("default", ""), str, name)
        for name, spec in a["outputs"].items():
            self.assertIn("value", spec, name)
        text = read(ACTION)
        for expr in EXPRESSION.findall(text):
            for ref in re.findall(r"inputs\.([\w-]+)", expr):
                self.assertIn(ref, inputs, expr)
        ids = {s["id"] for s in a["runs"]["steps"] if "id" in s}
        for ref in re.findall(r"steps\.([\w-]+)\.outputs", text):
            self.assertIn(ref, ids)
        uploads = []
        for step in a["runs"]["steps"]:
            self.assertIn("name", step)
            self.assertEqual(("run" in step) + ("uses" in step), 1, step)
            if "run" in step:
                self.assertEqual(step["shell"], "bash", step["name"])  # composite: required
                bash_syntax(self, EXPRESSION.sub("x", step["run"]))
            else:
                self.assertRegex(step["uses"], r"^[\w-]+/[\w./-]+@v\d+$")
                uploads.append(step)
        self.assertEqual([s["uses"] for s in uploads], ["github/codeql-action/upload-sarif@v3"])
        self.assertIn("sarif_file", uploads[0]["with"])
        self.assertIn("always()", uploads[0]["if"])
        bash_syntax(self, read(os.path.join(SOURCE_DIR, "ci", "install.sh")))

    def run_step(self, step, cwd, inputs, github):
        """A composite step as the runner runs it: bash -e, env from the step with the
        expressions this test knows about replaced."""
        values = {f"inputs.{k}": v.get("default", "") for k, v in self.action()["inputs"].items()}
        values.update({f"inputs.{k}": v for k, v in inputs.items()})
        values.update({"github.action_path": SOURCE_DIR, "runner.temp": github["RUNNER_TEMP"]})
        env = dict(os.environ)
        env.update(github)
        for key, value in step.get("env", {}).items():
            env[key] = EXPRESSION.sub(lambda m: values[m[1]], str(value))
        workdir = EXPRESSION.sub(lambda m: values[m[1]], step.get("working-directory", "."))
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                               step["run"]], cwd=os.path.join(cwd, workdir), env=env,
                              capture_output=True, timeout=120)

    def github_env(self, p):
        bindir = os.path.join(p.root, ".bin")
        os.makedirs(bindir)
        os.symlink(os.path.abspath(SSOT), os.path.join(bindir, "ssot"))
        files = {}
        for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"):
            files[name] = os.path.join(p.root, ".gh", name.lower())
        os.makedirs(os.path.join(p.root, ".gh"))
        temp = tempfile.mkdtemp(prefix="ssot-runner-")
        self.addCleanup(shutil.rmtree, temp, True)
        return {**files, "RUNNER_TEMP": temp, "HOME": temp,
                "PATH": bindir + os.pathsep + os.environ["PATH"]}

    def outputs(self, github):
        with open(github["GITHUB_OUTPUT"]) as f:
            return dict(line.rstrip("\n").split("=", 1) for line in f)

    def test_install_and_check_steps_run(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, ".gitignore": ".bin/\n.gh/\n"})
        github = self.github_env(p)
        install, check, upload, fail = self.action()["runs"]["steps"]
        r = self.run_step(install, p.root, {}, github)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b"ssot: using ", r.stdout)  # on PATH: nothing built
        r = self.run_step(check, p.root, {}, github)
        self.assertEqual(r.returncode, 0, r.stderr.decode())  # findings fail the last step
        out = self.outputs(github)
        self.assertEqual(out["exit-code"], "1")
        self.assertEqual(out["sarif-file"], os.path.join(os.path.realpath(p.root), "ssot.sarif"))
        with open(out["sarif-file"]) as f:
            self.validate_sarif(json.load(f))
        self.assertEqual(len(re.findall(rb"^::error file=tests/test_a.py", r.stdout, re.M)), 2)
        with open(github["GITHUB_STEP_SUMMARY"]) as f:
            self.assertIn("## ssot", f.read())
        r = self.run_step(fail, p.root, {}, github)
        self.assertEqual(r.returncode, 1)

        # with a baseline (found by `auto`), nothing is new: exit 0, no annotation
        self.assertEqual(run(["check", "--write-baseline"], p.root).returncode, 0)
        os.remove(github["GITHUB_OUTPUT"])
        r = self.run_step(check, p.root, {"args": "--fail-on error tests"}, github)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(self.outputs(github)["exit-code"], "0")
        self.assertNotIn(b"::error", r.stdout)

    def test_a_failed_run_fails_the_step_and_uploads_nothing(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "ssot.sarif": "old"})
        github = self.github_env(p)
        check = self.action()["runs"]["steps"][1]
        r = self.run_step(check, p.root, {"baseline": "missing.json"}, github)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(self.outputs(github), {"exit-code": "2"})
        self.assertFalse(os.path.exists(os.path.join(p.root, "ssot.sarif")))


class GitLabTemplate(CiTestCase):
    """ci/gitlab/ssot.gitlab-ci.yml: the keys GitLab requires, and the job's scripts run here
    with ssot on PATH."""

    KEYWORDS = {"after_script", "allow_failure", "artifacts", "before_script", "cache",
                "extends", "image", "needs", "rules", "script", "stage", "tags", "variables",
                "when", "interruptible", "timeout"}

    def template(self):
        with open(GITLAB) as f:
            return yaml.safe_load(f)

    def test_jobs_have_what_gitlab_requires(self):
        t = self.template()
        self.assertEqual(set(t), {".ssot", "ssot"})
        base, job = t[".ssot"], t["ssot"]
        self.assertEqual(job["extends"], ".ssot")
        for j in (base, job):
            self.assertLessEqual(set(j), self.KEYWORDS)
        self.assertEqual(base["image"], "debian:12")
        self.assertEqual(base["artifacts"]["when"], "always")
        self.assertEqual(base["artifacts"]["reports"], {
            "codequality": "gl-code-quality-report.json", "junit": "ssot-junit.xml"})
        for key in ("SSOT_GIT", "SSOT_REF", "SSOT_ARGS", "SSOT_BASELINE"):
            self.assertIsInstance(base["variables"][key], str)
        for part in ("before_script", "script"):
            self.assertIsInstance(base[part], list)
            bash_syntax(self, "\n".join(base[part]), shell="sh")

    def test_the_job_writes_both_reports(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        bindir = os.path.join(p.root, ".bin")
        os.makedirs(bindir)
        os.symlink(os.path.abspath(SSOT), os.path.join(bindir, "ssot"))
        p.write(".gitignore", ".bin/\n")
        base = self.template()[".ssot"]
        env = {**os.environ, **base["variables"], "PATH": bindir + os.pathsep + os.environ["PATH"]}
        script = "\n".join(base["before_script"] + base["script"])
        r = subprocess.run(["sh", "-e", "-c", script], cwd=p.root, env=env, capture_output=True,
                           timeout=120)
        self.assertEqual(r.returncode, 1, r.stderr.decode())  # the job fails on findings
        with open(os.path.join(p.root, "gl-code-quality-report.json")) as f:
            issues = json.load(f)
        self.assertEqual(sorted(i["check_name"] for i in issues), ["PH001", "PH003"])
        ET.parse(os.path.join(p.root, "ssot-junit.xml"))
        self.assertIn(b"tests/test_a.py:", r.stdout)


if __name__ == "__main__":
    unittest.main()
