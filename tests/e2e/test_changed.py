"""End-to-end tests of the changed-files modes (--diff REV, --staged) in real git
repositories built in temporary folders, and of the progress line on a terminal (the
pre-commit hooks: test_precommit.py)."""
import glob
import os
import pty
import select
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (PLACEHOLDERS, SOURCE_DIR, SSOT, ProjectTestCase, git,  # noqa: E402
                      run)

BASE = "import unittest\n\n\nclass BaseCase(unittest.TestCase):\n    pass\n"
# A unittest class whose TestCase base lives in another file: only an index of the whole
# project knows that test_nothing is a test.
SUB = ("from tests.base import BaseCase\n\n\nclass FooTests(BaseCase):\n"
       "    def test_nothing(self):\n        pass\n")


class ChangedTestCase(ProjectTestCase):
    def repo(self):
        """A committed project: tests/base.py, tests/test_sub.py (PH001 through BaseCase),
        tests/test_old.py (PH001 and PH003)."""
        p = self.project({"tests/__init__.py": "", "tests/base.py": BASE,
                          "tests/test_sub.py": SUB, "tests/test_old.py": PLACEHOLDERS})
        git(p.root, "init", "-q", "-b", "main")
        git(p.root, "add", "-A")
        git(p.root, "commit", "-q", "-m", "first")
        return p

    def findings(self, project, *args, cwd=None):
        r, found = self.check_json(project, *args, cwd=cwd)
        return r, sorted((f["filename"], f["code"], f["symbol"]) for f in found)


class Diff(ChangedTestCase):
    def test_unchanged_tree_reports_nothing(self):
        p = self.repo()
        r, found = self.findings(p, "--diff", "HEAD")
        self.assertEqual((r.returncode, found), (0, []))
        text = run(["check", "--diff", "HEAD"], p.root).stdout.decode()
        self.assertIn("in 0 files checked", text)

    def test_staged_and_unstaged_changes_but_not_untracked_files(self):
        p = self.repo()
        p.write("tests/test_sub.py", SUB + "\n    def test_more(self):\n        pass\n")
        p.write("tests/test_new.py", PLACEHOLDERS)
        git(p.root, "add", "tests/test_new.py")
        p.write("tests/test_untracked.py", PLACEHOLDERS)
        r, found = self.findings(p, "--diff", "HEAD")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(found, [
            ("tests/test_new.py", "PH001", "test_empty"),
            ("tests/test_new.py", "PH003", "test_constant"),
            # a test only because BaseCase (tests/base.py, unchanged) reaches TestCase
            ("tests/test_sub.py", "PH001", "FooTests.test_more"),
            ("tests/test_sub.py", "PH001", "FooTests.test_nothing"),
        ])
        self.assertIn("in 2 files checked", run(["check", "--diff", "HEAD"], p.root)
                      .stdout.decode())

    def test_cross_file_resolution_sees_the_whole_project(self):
        p = self.repo()
        p.write("tests/test_sub.py", SUB + "\n")
        _, alone = self.findings(p, "--no-project-context", "tests/test_sub.py")
        self.assertEqual(alone, [])  # alone, FooTests is not known to be a TestCase
        _, named = self.findings(p, "tests/test_sub.py")  # read with its project
        self.assertEqual(named, [("tests/test_sub.py", "PH001", "FooTests.test_nothing")])
        _, changed = self.findings(p, "--diff", "HEAD")
        self.assertEqual(changed, [("tests/test_sub.py", "PH001", "FooTests.test_nothing")])

    def test_committed_changes_since_a_revision_and_merge_bases(self):
        p = self.repo()
        git(p.root, "checkout", "-q", "-b", "feature")
        p.write("tests/test_old.py", PLACEHOLDERS + "\n\ndef test_third():\n    pass\n")
        git(p.root, "commit", "-q", "-am", "second")
        git(p.root, "checkout", "-q", "main")
        p.write("tests/test_main_only.py", PLACEHOLDERS)
        git(p.root, "add", "-A")
        git(p.root, "commit", "-q", "-m", "on main")
        git(p.root, "checkout", "-q", "feature")
        _, since = self.findings(p, "--diff", "HEAD~1")
        self.assertEqual({f[0] for f in since}, {"tests/test_old.py"})
        self.assertEqual(self.findings(p, "--diff", "HEAD")[1], [])
        # against main itself, main's own new file shows up as a change; since the merge
        # base, only the branch's work does
        _, against_main = self.findings(p, "--diff", "main")
        self.assertEqual({f[0] for f in against_main}, {"tests/test_old.py"})
        _, merge_base = self.findings(p, "--diff", "main...HEAD")
        self.assertEqual({f[0] for f in merge_base}, {"tests/test_old.py"})

    def test_deleted_and_renamed_files(self):
        p = self.repo()
        git(p.root, "rm", "-q", "tests/test_old.py")
        git(p.root, "mv", "tests/test_sub.py", "tests/test_renamed.py")
        r, found = self.findings(p, "--diff", "HEAD")
        self.assertEqual(found, [("tests/test_renamed.py", "PH001", "FooTests.test_nothing")])

    def test_from_a_subfolder(self):
        p = self.repo()
        p.write("tests/test_old.py", PLACEHOLDERS + "\n")
        _, found = self.findings(p, "--diff", "HEAD", ".", cwd=os.path.join(p.root, "tests"))
        self.assertEqual({f[0] for f in found}, {"test_old.py"})

    def test_baseline_entries_of_unchanged_files_are_not_fixed(self):
        p = self.repo()
        self.assertEqual(run(["check", "--write-baseline"], p.root).returncode, 0)
        p.write("tests/test_sub.py", SUB + "\n")
        r = run(["check", "--diff", "HEAD", "--baseline", ".ssot-baseline.json",
                 "--strict-baseline"], p.root)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertIn("1 baselined)", r.stdout.decode())

    def test_errors_exit_two(self):
        p = self.repo()
        for args, why in ((["--diff", "no-such-branch"], "unknown revision `no-such-branch`"),
                          (["--diff", "HEAD", "--staged"], "cannot be used together"),
                          (["--staged", "--write-baseline"], "cannot be used with --staged")):
            with self.subTest(args=args):
                self.assert_exits_two(p, *args, says=why)
        outside = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.assert_exits_two(outside, "--staged", says="needs a git work tree",
                              env={"GIT_CEILING_DIRECTORIES": os.path.dirname(outside.root)})


class WholeProjectContext(ProjectTestCase):
    """A changed-files run reports its files exactly as a run over the whole tree does
    (every finding, message, fingerprint and related place, cross-file rules included),
    cold or warm (facts, metadata and kept runs from the run before the edit)."""

    def copy(self, project):
        p = self.project({})
        shutil.copytree(project, p.root, dirs_exist_ok=True)
        git(p.root, "init", "-q", "-b", "main")
        git(p.root, "add", "-A")
        git(p.root, "commit", "-q", "-m", "first")
        return p

    def edit(self, p, every):
        """Append a line to every `every`-th .py file; returns their paths."""
        out = []
        for k, rel in enumerate(sorted(git(p.root, "ls-files", "*.py").split())):
            if k % every == 0:
                with open(os.path.join(p.root, rel), "a") as f:
                    f.write("\nEDITED = 1\n")
                out.append(rel)
        return out

    def test_changed_files_as_the_whole_tree_reports_them(self):
        projects = sorted(glob.glob(os.path.join(SOURCE_DIR, "fixtures", "projects", "*")))
        self.assertGreater(len(projects), 5)
        families = set()
        for project in projects:
            for every in (2, 3):
                with self.subTest(project=os.path.basename(project), every=every):
                    p = self.copy(project)
                    self.check_json(p)  # primes .ssot_cache with the committed tree
                    changed = self.edit(p, every)
                    _, whole = self.check_json(p, "--no-cache")
                    want = [f for f in whole if f["filename"] in changed]
                    families |= {f["code"][:2] for f in want}
                    for args in (["--diff", "HEAD"], ["--diff", "HEAD", "--no-cache"]):
                        _, got = self.check_json(p, *args)
                        self.assertEqual(got, want, args)
                    git(p.root, "add", "-A")
                    _, got = self.check_json(p, "--staged")
                    self.assertEqual(got, want, "--staged")
        # the cross-file families are among what was compared
        self.assertLessEqual({"DD", "SG", "MO", "SS", "PH"}, families)


CHECKSUM = ("def split_parts(chunk, separator, strict, limit):\n"
            "    parts = []\n"
            "    for piece in chunk.split(separator):\n"
            "        if not piece:\n"
            "            continue\n"
            "        parts.append(piece.strip())\n"
            "    if strict and len(parts) > limit:\n"
            "        raise ValueError(len(parts))\n"
            "    return parts\n")
# A project whose tests depend on other files: an assertion helper, a conftest fixture, a
# TestCase base, service code with a near copy, and a contract in scope of the tests.
CROSS = {
    "pyproject.toml": "[tool.ssot]\nextend-select = [\"DD\"]\n",
    "tests/__init__.py": "",
    "tests/helpers.py": ("def check_total(value):\n    assert value == 3\n\n\n"
                         "def check_name(value):\n    assert value.startswith('a')\n"),
    "tests/base.py": "import unittest\n\n\nclass Base(unittest.TestCase):\n    pass\n",
    "tests/conftest.py": ("import pytest\n\nfrom shop.cart import Cart\n\n\n@pytest.fixture\n"
                          "def cart():\n    return Cart()\n"),
    "tests/test_cart.py": ("from shop.cart import total\nfrom tests.helpers import check_total\n\n\n"
                           "def test_total():\n    check_total(total([1, 2]))\n\n\n"
                           "def test_cart_total(cart):\n    check_total(cart.total())\n\n\n"
                           "def test_cart_echo(cart):\n    cart.total.return_value = 3\n"
                           "    assert cart.total() == 3\n"),
    "tests/test_names.py": ("from tests.base import Base\nfrom tests.helpers import check_name\n\n\n"
                            "class NameTests(Base):\n    def test_name(self):\n"
                            "        check_name('abc')\n\n    def test_empty(self):\n"
                            "        pass\n"),
    "shop/__init__.py": "from shop.cart import Cart\nfrom shop.orders import order_sum\n",
    "shop/cart.py": ("class Cart:\n    def __init__(self):\n        self.items = [1, 2]\n\n"
                     "    def total(self):\n        return total(self.items)\n\n\n"
                     "def total(items):\n    result = 0\n    for item in items:\n"
                     "        result += item\n    return result\n\n\n" + CHECKSUM),
    "shop/orders.py": ("def order_sum(lines):\n    count = len(lines)\n    return count\n"),
}


class CrossFileEdits(ProjectTestCase):
    """Edits whose effect on a reported file comes from another file: what a changed-files
    run reports on its files (warm from the run before, cold, and staged) must be what a
    whole-project `--no-cache` run reports on them."""

    def compare(self, files, edits, touch):
        p = self.project(files)
        git(p.root, "init", "-q", "-b", "main")
        git(p.root, "add", "-A")
        git(p.root, "commit", "-q", "-m", "first")
        self.check_json(p)  # primes .ssot_cache
        _, before = self.check_json(p, "--no-cache")
        for rel, text in edits.items():
            p.write(rel, text)
        changed = sorted(set(edits) | set(touch))
        for rel in touch:
            with open(os.path.join(p.root, rel), "a") as f:
                f.write("\nEDITED = 1\n")
        _, whole = self.check_json(p, "--no-cache")
        want = [f for f in whole if f["filename"] in changed]
        # the edit changes what the reported files get: otherwise the test proves nothing
        self.assertNotEqual(want, [f for f in before if f["filename"] in changed])
        for args in (["--diff", "HEAD"], ["--diff", "HEAD", "--no-cache"],
                     ["--diff", "HEAD", "--threads", "1"]):
            _, got = self.check_json(p, *args)
            self.assertEqual(got, want, args)
        git(p.root, "add", "-A")
        _, got = self.check_json(p, "--staged")
        self.assertEqual(got, want, "--staged")
        return want

    def test_helper_assertion_removed_in_another_file(self):
        helpers = "def check_total(value):\n    print(value)\n\n\ndef check_name(value):\n    pass\n"
        want = self.compare(CROSS, {"tests/helpers.py": helpers},
                            ["tests/test_cart.py", "tests/test_names.py"])
        self.assertIn(("tests/test_names.py", "NameTests.test_name"),
                      {(f["filename"], f["symbol"]) for f in want})

    def test_unchanged_helpers_and_fixtures_are_read_from_the_cache(self):
        # only the test file changes: the helper and the fixture it reaches come from
        # entries read without their bodies, decoded when resolution reaches them
        files = dict(CROSS)
        files["tests/conftest.py"] += ("\n\n@pytest.fixture\ndef gateway():\n"
                                       "    from unittest.mock import Mock\n"
                                       "    g = Mock()\n    g.charge.return_value = 3\n"
                                       "    return g\n")
        cart = files["tests/test_cart.py"] + (
            "\n\ndef test_more():\n    check_total(total([1, 2, 3]))\n\n\n"
            "def test_gateway(gateway):\n    assert gateway.charge() == 3\n")
        want = self.compare(files, {"tests/test_cart.py": cart}, [])
        got = {(f["code"], f["symbol"]) for f in want}
        self.assertIn(("MO001", "test_gateway"), got)  # the fixture's setting, inherited
        self.assertNotIn(("PH002", "test_more"), got)   # the helper asserts

    def test_duplicate_introduced(self):
        copy = ("def order_sum(lines):\n    count = len(lines)\n    return count\n\n\n" +
                CHECKSUM.replace("def split_parts", "def split_lines"))
        want = self.compare(CROSS, {"shop/orders.py": copy}, ["shop/cart.py"])
        self.assertIn("DD", {f["code"][:2] for f in want})

    def test_near_copy_of_a_group_no_reported_file_is_in(self):
        # two unedited files hold the same function (a DD002 group no reported file is in:
        # a changed-files run marks its copy without building the group); the edited file
        # gains a near copy, whose DD003 group leaves that marked copy out
        rows = CHECKSUM.replace("def split_parts", "def merge_rows")
        files = dict(CROSS)
        files["shop/rows_a.py"] = rows
        files["shop/rows_b.py"] = rows
        near = (files["shop/orders.py"] + "\n\n" +
                rows.replace("parts", "found").replace("piece", "item"))
        want = self.compare(files, {"shop/orders.py": near}, [])
        self.assertIn("DD003", {f["code"] for f in want})

    def test_fixture_changed_in_conftest(self):
        conftest = ("import pytest\nfrom unittest import mock\n\n\n@pytest.fixture\n"
                    "def cart():\n    return mock.Mock()\n")
        want = self.compare(CROSS, {"tests/conftest.py": conftest}, ["tests/test_cart.py"])
        self.assertIn("MO", {f["code"][:2] for f in want})

    def test_base_class_no_longer_a_testcase(self):
        base = "class Base:\n    pass\n"
        self.compare(CROSS, {"tests/base.py": base}, ["tests/test_names.py"])

    def test_contract_asserted_in_an_unchanged_file(self):
        # SS003 on the edited file depends on every test in the contract's scope: here the
        # value is asserted (through a helper) only by tests/test_names.py, not edited
        files = dict(CROSS)
        files["pyproject.toml"] += "[tool.ssot.contracts.names]\nvalues = [\"abc\"]\n"
        cart = files["tests/test_cart.py"] + "\n\ndef test_mentions():\n    print('abc')\n"
        want = self.compare(files, {"tests/test_cart.py": cart}, [])
        self.assertNotIn("SS003", {f["code"] for f in want})
        helpers = "def check_total(value):\n    print(value)\n\n\ndef check_name(value):\n    pass\n"
        want = self.compare(files, {"tests/test_cart.py": cart, "tests/helpers.py": helpers}, [])
        self.assertIn("SS003", {f["code"] for f in want})

class Staged(ChangedTestCase):
    def test_only_staged_files(self):
        p = self.repo()
        p.write("tests/test_sub.py", SUB + "\n")  # changed, not staged
        p.write("tests/test_new.py", PLACEHOLDERS)
        git(p.root, "add", "tests/test_new.py")
        _, found = self.findings(p, "--staged")
        self.assertEqual({f[0] for f in found}, {"tests/test_new.py"})

    def test_before_the_first_commit(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "tests/test_b.py": PLACEHOLDERS})
        git(p.root, "init", "-q")
        git(p.root, "add", "tests/test_a.py")
        _, found = self.findings(p, "--staged")
        self.assertEqual({f[0] for f in found}, {"tests/test_a.py"})


class Progress(ProjectTestCase):
    def run_on_terminal(self, project, env):
        """Run ssot with stderr on a pseudo-terminal; returns what the terminal showed."""
        master, slave = pty.openpty()
        full_env = {**os.environ, "TERM": "xterm", **env}
        proc = subprocess.Popen([SSOT, "check", "--threads", "1", "-q"], cwd=project.root,
                                stdout=subprocess.DEVNULL, stderr=slave, env=full_env)
        os.close(slave)
        shown = b""
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        proc.wait(timeout=60)
        os.close(master)
        return shown.decode()

    def test_progress_line_on_a_terminal_is_erased_at_the_end(self):
        # long enough (a few tenths of a second) for the progress thread to draw a stage
        body = "".join(PLACEHOLDERS.replace("def test_", f"def test_{k}_") for k in range(20))
        p = self.project({f"tests/test_{i:03}.py": body for i in range(300)})
        shown = self.run_on_terminal(p, {"SSOT_PROGRESS_DELAY": "0"})
        self.assertRegex(shown, r"ssot: (parsing|checking) \d+/300 files")
        self.assertTrue(shown.endswith("\r\x1b[K"), repr(shown[-40:]))

    def test_no_progress_line_for_a_short_run_or_off_a_terminal(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.assertEqual(self.run_on_terminal(p, {}), "")
        r = run(["check"], p.root, env={"SSOT_PROGRESS_DELAY": "0"})
        self.assertEqual(r.stderr, b"")


if __name__ == "__main__":
    unittest.main()
