"""End-to-end tests of the pre-commit hooks with Debian's pre-commit: the hooks of
.pre-commit-hooks.yaml installed from a git repository as a user's configuration names them,
run on projects in temporary git repositories, with the built ssot on PATH.

pre-commit splits a long file list over several processes (at 128 KiB of arguments), even
with require_serial. The big project here is long enough to be split; the findings of the
pieces together must be those of one `ssot check` run of the project."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (GIT_ENV, PLACEHOLDERS, SOURCE_DIR, SSOT, ProjectTestCase,  # noqa: E402
                      git, run)

PRE_COMMIT = shutil.which("pre-commit") or "/usr/bin/pre-commit"
FINDING = re.compile(r"^[^\s:]+\.pyi?:\d+:\d+: [A-Z]+\d{3} .*$")

# Files whose findings need another file of the project (names sort first or last, so that
# pre-commit's split puts the two sides of each pair in different processes).
PROVIDERS = {
    "aaa/__init__.py": "",
    # a TestCase base: zzz/test_sub.py's FooTests is a test only through it
    "aaa/base.py": "import unittest\n\n\nclass BaseCase(unittest.TestCase):\n    pass\n",
    # a module-level instance that keeps state: shared only if another module imports it
    "aaa/state.py": ("class Tracker:\n    def __init__(self):\n        self.seen = set()\n\n"
                     "    def track(self, user):\n        self.seen.add(user)\n\n\n"
                     "tracker = Tracker()\n"),
    # a class duplicated in a sibling module (the padding sorts between the two)
    "app/__init__.py": "",
    "app/api/__init__.py": "",
    "app/api/cache.py": ("class Cache:\n    def fetch(self, key):\n"
                         "        value = self.data.get(key)\n        if value is None:\n"
                         "            value = self.loader(key)\n            self.data[key] = value\n"
                         "        self.hits = self.hits + 1\n        return value\n"),
}
USERS = {
    "zzz/__init__.py": "",
    "zzz/test_sub.py": ("from aaa.base import BaseCase\n\n\nclass FooTests(BaseCase):\n"
                        "    def test_nothing(self):\n        pass\n"),
    "zzz/api.py": "from aaa.state import tracker\n\n\ndef handle(user):\n    tracker.track(user)\n",
    "app/api/memo.py": PROVIDERS["app/api/cache.py"].replace("fetch", "lookup"),
    "app/api/routes.py": "from app.api.memo import Cache\n\n\ndef make():\n    return Cache()\n",
}
# long folder names: about 120 bytes a path, so 1,500 files are more than 128 KiB
PADDING_DIR = "app/api/m_padding/" + "/".join(["a_folder_name_long_enough_to_fill_the_command_line"] * 2)
PADDING_FILES = 1500


def hook_repo(root):
    """A git repository holding ssot's hook definitions and the script they run, as a user's
    `repo:` would; returns its commit."""
    for name in (".pre-commit-hooks.yaml", "tools/ssot-pre-commit"):
        os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
        shutil.copy2(os.path.join(SOURCE_DIR, name), os.path.join(root, name))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hooks")
    return git(root, "rev-parse", "HEAD").strip()


class ProjectContext(ProjectTestCase):
    """Which project a named file is read with: its git work tree, else its configuration's
    folder, else none."""

    def findings(self, project, *args, env=None):
        r = run(["check", "--output-format", "concise", *args], project.root, env=env)
        self.assertIn(r.returncode, (0, 1), r.stderr.decode())
        return findings(r.stdout.decode())

    def test_the_configuration_folder_outside_git(self):
        files = {"tests/__init__.py": "", "tests/base.py": PROVIDERS["aaa/base.py"],
                 "tests/test_sub.py": USERS["zzz/test_sub.py"].replace("aaa.", "tests.")}
        outside = {"GIT_CEILING_DIRECTORIES": tempfile.gettempdir()}
        p = self.project(files)
        self.assertEqual(self.findings(p, "tests/test_sub.py", env=outside), set())  # alone
        p.write("pyproject.toml", "[tool.ssot]\n")
        self.assertEqual(len(self.findings(p, "tests/test_sub.py", env=outside)), 1)

    def test_not_a_work_tree_that_ignores_the_file(self):
        # vendor/ is ignored: the work tree is not its project, and it has no configuration
        p = self.project({".gitignore": "vendor/\n", "tests/__init__.py": "",
                          "tests/base.py": PROVIDERS["aaa/base.py"],
                          "vendor/test_sub.py": USERS["zzz/test_sub.py"].replace("aaa.", "tests.")})
        git(p.root, "init", "-q")
        self.assertEqual(self.findings(p, "vendor/test_sub.py"), set())
        p.write("tests/test_sub.py", USERS["zzz/test_sub.py"].replace("aaa.", "tests."))
        self.assertEqual(len(self.findings(p, "tests/test_sub.py")), 1)  # not ignored


class PreCommitTestCase(ProjectTestCase):
    def setUp(self):
        if not os.path.exists(PRE_COMMIT):
            self.fail("pre-commit is not installed (tools/setup installs Debian's)")
        self.tmp = tempfile.mkdtemp(prefix="ssot-pre-commit-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.hooks = os.path.join(self.tmp, "hooks")
        self.rev = hook_repo(self.hooks)
        # `ssot` on PATH: the built binary, through a script that records each call
        self.bin = os.path.join(self.tmp, "bin")
        self.calls = os.path.join(self.tmp, "calls")
        os.makedirs(self.bin)
        os.makedirs(self.calls)
        with open(os.path.join(self.bin, "ssot"), "w") as f:
            f.write('#!/bin/sh\nn=$(ls "%s" | wc -l)\nprintf "%%s\\n" "$@" > "%s/$n"\n'
                    'exec "%s" "$@"\n' % (self.calls, self.calls, os.path.abspath(SSOT)))
        os.chmod(os.path.join(self.bin, "ssot"), 0o755)

    def repo(self, files, hook="ssot-system"):
        """A committed project with a .pre-commit-config.yaml naming `hook` from the hook
        repository."""
        p = self.project(files)
        p.write(".pre-commit-config.yaml",
                "repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n"
                "        args: [--output-format, concise]\n" % (self.hooks, self.rev, hook))
        git(p.root, "init", "-q", "-b", "main")
        git(p.root, "add", "-A")
        git(p.root, "commit", "-q", "-m", "first")
        return p

    def pre_commit(self, project, *args, path=None):
        env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": os.path.join(self.tmp, "cache"),
               "PATH": (path if path is not None else self.bin + os.pathsep) + "/usr/bin:/bin"}
        env.pop("PRE_COMMIT", None)
        return subprocess.run([PRE_COMMIT, "run", "--color", "never", *args], cwd=project.root,
                              env=env, capture_output=True, timeout=600)

    def recorded_calls(self):
        """The arguments of each ssot process the hook started, in order."""
        calls = []
        for name in sorted(os.listdir(self.calls), key=int):
            with open(os.path.join(self.calls, name)) as f:
                calls.append(f.read().splitlines())
        return calls


def findings(text):
    return {line for line in text.splitlines() if FINDING.match(line)}


class Split(PreCommitTestCase):
    def test_a_split_file_list_gives_the_findings_of_one_run(self):
        files = {**PROVIDERS, **USERS}
        for i in range(PADDING_FILES):
            files[f"{PADDING_DIR}/module_{i:04}.py"] = f'"""Padding module {i}."""\n'
        p = self.repo(files)
        r = self.pre_commit(p, "--all-files")
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 1, out + r.stderr.decode())
        calls = self.recorded_calls()
        self.assertGreaterEqual(len(calls), 2, "pre-commit did not split the file list")
        whole = subprocess.run([SSOT, "check", "--output-format", "concise"], cwd=p.root,
                               capture_output=True, timeout=120)
        self.assertEqual(whole.returncode, 1, whole.stderr.decode())
        one_run = findings(whole.stdout.decode())
        # each cross-file finding is there: a test through its base, a shared instance, a
        # duplicated class
        codes = {(line.split(":")[0], line.split()[1]) for line in one_run}
        for want in (("zzz/test_sub.py", "PH001"), ("aaa/state.py", "SG002"),
                     ("app/api/cache.py", "DD001")):
            self.assertIn(want, codes)
        self.assertEqual(findings(out), one_run)
        # the same pieces read alone lose them: the test above would catch a regression
        alone = set()
        for args in calls:
            r = subprocess.run([SSOT, args[0], "--no-project-context", *args[1:]], cwd=p.root,
                               capture_output=True, timeout=120)
            alone |= findings(r.stdout.decode())
        self.assertNotEqual(alone, one_run)


class Hooks(PreCommitTestCase):
    def test_a_committed_violation_fails_all_files_and_a_range_that_holds_it(self):
        # nothing is staged, as in CI: the hooks check the files pre-commit names
        for hook in ("ssot-system", "ssot-staged"):
            with self.subTest(hook=hook):
                shutil.rmtree(self.calls)
                os.makedirs(self.calls)
                p = self.repo({"tests/test_old.py": PLACEHOLDERS, "tests/test_ok.py":
                               "def test_add():\n    assert add(1, 2) == 3\n"}, hook)
                r = self.pre_commit(p, "--all-files")
                self.assertEqual(r.returncode, 1, r.stdout.decode())
                self.assertIn("tests/test_old.py:4:5: PH001", r.stdout.decode())
                # a range that changes only a clean file passes; one that holds the
                # violation fails
                p.write("tests/test_ok.py", "def test_add():\n    assert add(2, 2) == 4\n")
                git(p.root, "commit", "-q", "-am", "clean change")
                r = self.pre_commit(p, "--from-ref", "HEAD~1", "--to-ref", "HEAD")
                self.assertEqual(r.returncode, 0, r.stdout.decode())
                p.write("tests/test_old.py", PLACEHOLDERS + "\n")
                git(p.root, "commit", "-q", "-am", "touch the violation")
                r = self.pre_commit(p, "--from-ref", "HEAD~2", "--to-ref", "HEAD")
                self.assertEqual(r.returncode, 1, r.stdout.decode())
                self.assertIn("tests/test_old.py:4:5: PH001", r.stdout.decode())
                # a commit: the staged file is checked against the rest of the project
                p.write("tests/test_new.py", PLACEHOLDERS)
                git(p.root, "add", "tests/test_new.py")
                r = self.pre_commit(p)
                self.assertEqual(r.returncode, 1, r.stdout.decode())
                self.assertIn("tests/test_new.py:4:5: PH001", r.stdout.decode())
                self.assertNotIn("tests/test_old.py", r.stdout.decode())

    def test_the_excludes_apply_to_the_names(self):
        p = self.repo({"pyproject.toml": "[tool.ssot]\nextend-exclude = ['generated']\n",
                       "generated/test_gen.py": PLACEHOLDERS,
                       "tests/test_ok.py": "def test_add():\n    assert add(1, 2) == 3\n"})
        r = self.pre_commit(p, "--all-files")
        self.assertEqual(r.returncode, 0, r.stdout.decode())

    def test_a_missing_ssot_says_so_and_is_not_a_finding(self):
        p = self.repo({"tests/test_old.py": PLACEHOLDERS})
        r = self.pre_commit(p, "--all-files", path="")
        out = r.stdout.decode()
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("- exit code: 2", out)
        self.assertIn("no `ssot` executable on PATH", out)
        self.assertNotIn("PH001", out)

    def test_the_docker_hook_runs_the_same_command(self):
        # Docker is not on the CI machine: the definition is checked, not run
        with open(os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml")) as f:
            text = f.read()
        docker = text[text.index("- id: ssot\n"):text.index("- id: ssot-system")]
        self.assertIn("language: docker\n", docker)
        self.assertIn("entry: ssot check --force-exclude\n", docker)
        with open(os.path.join(SOURCE_DIR, "tools", "ssot-pre-commit")) as f:
            self.assertIn('exec ssot check --force-exclude "$@"', f.read())


if __name__ == "__main__":
    unittest.main()
