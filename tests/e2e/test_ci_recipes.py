"""End-to-end tests of the sharded CI recipes and of a facts cache shared between CI machines.

ci/github/ssot-sharded.yml (a `strategy.matrix` of extract jobs, artifacts, a `needs:` merge
job) and ci/gitlab/ssot-sharded.gitlab-ci.yml (`parallel:` with CI_NODE_INDEX/CI_NODE_TOTAL)
cannot run here, so they are parsed, their structure checked (the matrix covers shards 1..N,
the merge job needs the extract jobs and reads every artifact they keep), every ssot option
they pass is checked against the built binary's own help, and their shell steps are run here
job by job, as the runners would, on a project: the merged reports must equal one `ssot
check`'s. The cache: entries are named by content, a path from the project root and the
configuration, never by an absolute path, so a cache restored into a checkout in another
folder (another runner) hits for every file.

Needs python3-yaml (tools/setup installs it)."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SOURCE_DIR, SSOT, ProjectTestCase, git, run  # noqa: E402

GITHUB = os.path.join(SOURCE_DIR, "ci", "github", "ssot-sharded.yml")
GITLAB = os.path.join(SOURCE_DIR, "ci", "gitlab", "ssot-sharded.gitlab-ci.yml")

TOTAL = ("    s = 0\n    for i in items:\n        if i.qty <= 0:\n            continue\n"
         "        s += i.price * i.qty - i.discount\n    s = s * (1 + tax)\n"
         "    return round(s, 2)\n")

FILES = {
    "pyproject.toml": '[tool.ssot]\nextend-select = ["SS910"]\n\n[[tool.ssot.custom]]\n'
                      'code = "SS910"\nname = "no-sleep"\npattern = "time\\\\.sleep\\\\("\n'
                      'message = "tests must not sleep"\n',
    "tests/test_a.py": PLACEHOLDERS + "\nimport time\n\ndef test_sleep():\n    time.sleep(1)\n"
                       "    assert True\n",
    "tests/base.py": "import unittest\n\nclass Base(unittest.TestCase):\n    pass\n",
    "tests/test_b.py": "from tests.base import Base\n\nclass TestB(Base):\n"
                       "    def test_x(self):\n        pass\n",
    "app/a.py": "def total(items, tax):\n" + TOTAL,
    "app/b.py": "def total(items, tax):\n" + TOTAL,
    "app/__init__.py": "",
    "app/main.py": "from app.a import total\nfrom app.b import total as gross\n",
    "app/state.py": "_seen = {}\n\ndef remember(user_id, v):\n    _seen[user_id] = v\n",
}


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def ssot_commands(script):
    """(command, options) for each ssot command line of a shell script: `ssot CMD ...` and
    `set -- CMD ...` lines, with the options of the `set -- "$@" ...` lines that follow."""
    found = []
    for line in script.splitlines():
        line = line.strip()
        m = re.match(r'(?:ssot|set --) (check|merge)\b(.*)', line)
        if m:
            found.append((m.group(1), re.findall(r"(?<![\w-])--[a-z][a-z-]*", m.group(2))))
        elif line.startswith('set -- "$@"') and found:
            found[-1][1].extend(re.findall(r"(?<![\w-])--[a-z][a-z-]*", line))
    return found


class RecipeTestCase(ProjectTestCase):
    def assert_real_options(self, script):
        commands = ssot_commands(script)
        self.assertTrue(commands, script)
        for command, options in commands:
            helped = run([command, "--help"], SOURCE_DIR).stdout.decode()
            for option in options:
                self.assertRegex(helped, rf"(?m)^  (-\w, )?{re.escape(option)}\b",
                                 f"`ssot {command} {option}` is not an option of ssot")

    def with_ssot_on_path(self, p):
        bindir = tempfile.mkdtemp(prefix="ssot-bin-")
        self.addCleanup(shutil.rmtree, bindir)
        os.symlink(os.path.abspath(SSOT), os.path.join(bindir, "ssot"))
        home = tempfile.mkdtemp(prefix="ssot-home-")  # `git config --global` writes here
        self.addCleanup(shutil.rmtree, home)
        return {**os.environ, "PATH": bindir + os.pathsep + os.environ["PATH"], "HOME": home}

    def sh(self, script, cwd, env, shell="bash"):
        r = subprocess.run([shell, "-e", "-c", script], cwd=cwd, env=env, capture_output=True,
                           timeout=120)
        return r

    def project_in_git(self):
        p = self.project(FILES)
        git(p.root, "init", "-q")
        git(p.root, "add", "-A")
        git(p.root, "commit", "-qm", "x")
        return p


class GitHubMatrix(RecipeTestCase):
    def workflow(self):
        return load(GITHUB)

    def test_matrix_artifacts_and_merge_job(self):
        w = self.workflow()
        self.assertIn("pull_request", w.get("on", w.get(True)))  # YAML 1.1 reads `on` as true
        extract, merge = w["jobs"]["extract"], w["jobs"]["merge"]
        n = int(w["env"]["SSOT_SHARDS"])
        self.assertGreater(n, 1)
        self.assertEqual(extract["strategy"]["matrix"]["shard"], list(range(1, n + 1)))
        self.assertIs(extract["strategy"]["fail-fast"], False)
        self.assertIn(merge["needs"], ("extract", ["extract"]))
        uses = {s["uses"].split("@")[0]: s for s in extract["steps"] if "uses" in s}
        self.assertEqual(uses["actions/cache"]["with"]["path"], ".ssot_cache")
        self.assertIn("${{ github.sha }}", uses["actions/cache"]["with"]["key"])
        upload = uses["actions/upload-artifact"]["with"]
        self.assertIn("${{ matrix.shard }}", upload["name"])
        down = {s["uses"].split("@")[0]: s for s in merge["steps"] if "uses" in s}
        got = down["actions/download-artifact"]["with"]
        self.assertTrue(re.fullmatch(got["pattern"].replace("*", ".*"),
                                     upload["name"].replace("${{ matrix.shard }}", "3")))
        self.assertIs(got["merge-multiple"], True)
        self.assertIn("github/codeql-action/upload-sarif", down)
        for job in (extract, merge):
            self.assertEqual(job["container"], "debian:12")
            for step in job["steps"]:
                if "run" in step:
                    r = subprocess.run(["bash", "-n"], input=step["run"].encode(),
                                       capture_output=True)
                    self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_commands_are_real_ssot_options(self):
        for job in self.workflow()["jobs"].values():
            script = "\n".join(s["run"] for s in job["steps"] if "run" in s)
            self.assert_real_options(script)

    def run_step(self, step, p, env, shard=None):
        script = step["run"]
        if shard is not None:
            script = script.replace("${{ matrix.shard }}", str(shard))
        self.assertNotIn("${{", script)
        return self.sh(script, p.root, env)

    def test_the_jobs_run_here_and_merge_what_one_check_reports(self):
        w = self.workflow()
        p = self.project_in_git()
        env = {**self.with_ssot_on_path(p), **{k: str(v) for k, v in w["env"].items()}}
        env["GITHUB_OUTPUT"] = os.path.join(p.root, ".github-output")
        facts = os.path.join(p.root, "ssot-facts")
        os.makedirs(facts)
        extract = [s for s in w["jobs"]["extract"]["steps"]
                   if s.get("name", "").startswith(("Install ssot", "Extract"))]
        for shard in w["jobs"]["extract"]["strategy"]["matrix"]["shard"]:
            for step in extract:
                r = self.run_step(step, p, env, shard)
                self.assertEqual(r.returncode, 0, r.stderr.decode())
            # upload-artifact, then download-artifact with merge-multiple: one folder
            os.rename(os.path.join(p.root, f"ssot-shard-{shard}.facts"),
                      os.path.join(facts, f"ssot-shard-{shard}.facts"))
        merge = {s.get("id"): s for s in w["jobs"]["merge"]["steps"]}["merge"]
        r = self.run_step(merge, p, env)
        self.assertEqual(r.returncode, 0, r.stderr.decode())  # findings: exit 1, recorded
        with open(env["GITHUB_OUTPUT"]) as f:
            self.assertEqual(f.read(), "exit-code=1\n")
        one = run(["check", "--no-cache", "--output-format", "github", "--report",
                   "sarif:one.sarif"], p.root)
        self.assertEqual(r.stdout, one.stdout)
        with open(os.path.join(p.root, "ssot.sarif")) as a, \
                open(os.path.join(p.root, "one.sarif")) as b:
            merged, single = json.load(a), json.load(b)
        self.assertEqual(merged, single)
        codes = sorted(x["ruleId"] for x in merged["runs"][0]["results"])
        for code in ("DD002", "PH001", "SS910"):  # cross-file and custom findings survive
            self.assertIn(code, codes)


class GitLabParallel(RecipeTestCase):
    KEYWORDS = {"after_script", "allow_failure", "artifacts", "before_script", "cache",
                "extends", "image", "needs", "parallel", "rules", "script", "stage", "tags",
                "variables", "when", "interruptible", "timeout"}

    def template(self):
        return load(GITLAB)

    def test_parallel_jobs_and_merge_job(self):
        t = self.template()
        self.assertEqual(set(t), {".ssot-install", "ssot-extract", "ssot-merge"})
        extract, merge = t["ssot-extract"], t["ssot-merge"]
        for job in t.values():
            self.assertLessEqual(set(job), self.KEYWORDS)
        self.assertIsInstance(extract["parallel"], int)
        self.assertGreater(extract["parallel"], 1)
        self.assertEqual(merge["needs"], ["ssot-extract"])
        self.assertEqual(extract["cache"]["paths"], [".ssot_cache/"])
        self.assertIn("$CI_NODE_INDEX", extract["cache"]["key"])
        self.assertEqual(extract["artifacts"]["paths"], ["ssot-shard-*.facts"])
        self.assertEqual(merge["artifacts"]["reports"], {
            "codequality": "gl-code-quality-report.json", "junit": "ssot-junit.xml"})
        script = "\n".join(extract["script"])
        self.assertIn('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"', script)
        for job in t.values():
            for part in ("before_script", "script"):
                if part in job:
                    r = subprocess.run(["sh", "-n"], input="\n".join(job[part]).encode(),
                                       capture_output=True)
                    self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_commands_are_real_ssot_options(self):
        t = self.template()
        for name in ("ssot-extract", "ssot-merge"):
            self.assert_real_options("\n".join(t[name]["script"]))

    def test_the_jobs_run_here_and_merge_what_one_check_reports(self):
        t = self.template()
        p = self.project_in_git()
        env = self.with_ssot_on_path(p)
        base = t[".ssot-install"]
        env.update({k: str(v) for k, v in base["variables"].items()})
        total = t["ssot-extract"]["parallel"]
        for index in range(1, total + 1):
            script = "\n".join(base["before_script"] + t["ssot-extract"]["script"])
            r = self.sh(script, p.root, {**env, "CI_NODE_INDEX": str(index),
                                         "CI_NODE_TOTAL": str(total)}, shell="sh")
            self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(len(glob.glob(os.path.join(p.root, "ssot-shard-*.facts"))), total)
        merge = t["ssot-merge"]
        script = "\n".join(base["before_script"] + merge["script"])
        r = self.sh(script, p.root, {**env, **{k: str(v) for k, v in merge["variables"].items()}},
                    shell="sh")
        self.assertEqual(r.returncode, 1, r.stderr.decode())  # the job fails on findings
        one = run(["check", "--no-cache", "--report", "gitlab:one.json"], p.root)
        self.assertEqual(one.returncode, 1)
        with open(os.path.join(p.root, "gl-code-quality-report.json")) as a, \
                open(os.path.join(p.root, "one.json")) as b:
            self.assertEqual(json.load(a), json.load(b))


class SharedCache(ProjectTestCase):
    """A `.ssot_cache` restored on another machine: the same commit checked out in another
    folder finds every entry, and no entry holds or is named by an absolute path."""

    def entries(self, cache):
        """The facts entries (32 hex digits; not the metadata table or the kept runs, which
        are per checkout)."""
        return {os.path.basename(p): os.stat(p).st_ino
                for p in glob.glob(os.path.join(cache, "v*", "*"))
                if re.fullmatch(r"[0-9a-f]{32}", os.path.basename(p))}

    def checkouts(self, in_git):
        first = self.project(FILES)
        second = self.project(FILES)  # another absolute path, same content
        for p in (first, second):
            if in_git:
                git(p.root, "init", "-q")
        self.assertNotEqual(first.root, second.root)
        return first, second

    def assert_cache_moves(self, in_git):
        first, second = self.checkouts(in_git)
        cache = tempfile.mkdtemp(prefix="ssot-shared-cache-")
        self.addCleanup(shutil.rmtree, cache)
        args = ["check", "--output-format", "json", "--cache-dir", cache]
        a = run(args, first.root)
        filled = self.entries(cache)
        self.assertEqual(len(filled), len([f for f in FILES if f.endswith(".py")]))
        b = run(args, second.root)
        self.assertEqual(self.entries(cache), filled)  # every file a hit: nothing rewritten
        self.assertEqual(b.returncode, a.returncode)
        self.assertEqual(b.stdout, a.stdout)
        if in_git:  # from a subfolder of the work tree too (outside git it is the root)
            sub = run(args + ["."], os.path.join(second.root, "tests"))
            self.assertEqual(self.entries(cache), filled)
            self.assertIn(sub.returncode, (0, 1))
        for path in glob.glob(os.path.join(cache, "v*", "*")):
            with open(path, "rb") as f:
                data = f.read()
            for root in (first.root, second.root, os.path.realpath(first.root)):
                self.assertNotIn(root.encode(), data, path)

    def test_another_folder_in_git(self):
        self.assert_cache_moves(in_git=True)

    def test_another_folder_without_git(self):
        self.assert_cache_moves(in_git=False)

    def test_shards_share_the_cache(self):
        first, second = self.checkouts(in_git=True)
        cache = tempfile.mkdtemp(prefix="ssot-shared-cache-")
        self.addCleanup(shutil.rmtree, cache)
        out = tempfile.mkdtemp(prefix="ssot-shards-")
        self.addCleanup(shutil.rmtree, out)
        run(["check", "--cache-dir", cache], first.root)
        filled = self.entries(cache)
        for k in (1, 2):
            r = run(["check", "--cache-dir", cache, "--shard", f"{k}/2", "--facts-out",
                     os.path.join(out, f"{k}.facts")], second.root)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(self.entries(cache), filled)


if __name__ == "__main__":
    unittest.main()
