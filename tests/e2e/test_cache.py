"""End-to-end tests of the per-file facts cache (.ssot_cache): a warm run reports exactly
what a cold run does, an edit re-extracts only the edited file, corrupt entries are
rewritten, --no-cache writes nothing, a configuration change invalidates."""
import glob
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import CLEAN, PLACEHOLDERS, SOURCE_DIR, ProjectTestCase, git, run  # noqa: E402


def entry_paths(cache):
    return glob.glob(os.path.join(cache, "v*", "*"))


def entries(cache):
    """Entry name -> inode: a rewritten entry gets a new inode (atomic rename)."""
    return {os.path.basename(p): os.stat(p).st_ino for p in entry_paths(cache)}


def make_older(path, seconds):
    """Move the access and modification times of path back by `seconds`."""
    st = os.stat(path)
    os.utime(path, (st.st_atime - seconds, st.st_mtime - seconds))


class ColdWarm(unittest.TestCase):
    def same_report(self, path):
        with tempfile.TemporaryDirectory() as cache:
            args = ["check", "--output-format", "json", "--exit-zero", path]
            nocache = run(args + ["--no-cache"], SOURCE_DIR)
            cold = run(args + ["--cache-dir", cache], SOURCE_DIR)
            self.assertTrue(entries(cache), path)
            warm = run(args + ["--cache-dir", cache], SOURCE_DIR)
            self.assertEqual(nocache.returncode, 0, nocache.stderr.decode())
            self.assertEqual(cold.stdout, nocache.stdout, path)
            self.assertEqual(warm.stdout, cold.stdout, path)

    def test_demo(self):
        self.same_report(os.path.join("fixtures", "demo"))

    def test_every_fixture_project(self):
        for project in sorted(glob.glob(os.path.join(SOURCE_DIR, "fixtures", "projects", "*"))):
            with self.subTest(project=project):
                self.same_report(os.path.relpath(project, SOURCE_DIR))

    def test_fixture_files(self):
        self.same_report(os.path.join("fixtures", "python"))


class Entries(ProjectTestCase):
    def setUp(self):
        self.p = self.project({"tests/test_a.py": PLACEHOLDERS, "tests/test_b.py": CLEAN,
                               "app/service.py": "X = {}\n\ndef put(k):\n    X[k] = 1\n"})
        self.cache = os.path.join(self.p.root, ".ssot_cache")

    def test_default_folder_is_the_project_root(self):
        git(self.p.root, "init", "-q")
        r = run(["check", "--exit-zero", "."], os.path.join(self.p.root, "tests"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(len(entries(self.cache)), 2)  # the two files under tests/

    def test_edit_re_extracts_only_that_file(self):
        _, before = self.check_json(self.p)
        first = entries(self.cache)
        self.assertEqual(len(first), 3)
        self.check_json(self.p)
        self.assertEqual(entries(self.cache), first)  # hits are not rewritten
        self.p.write("tests/test_b.py", CLEAN + "\n\ndef test_more():\n    pass\n")
        _, after = self.check_json(self.p)
        second = entries(self.cache)
        self.assertEqual(len(second), 4)
        self.assertEqual({k: v for k, v in second.items() if k in first}, first)
        self.assertIn("test_more", str(after))

    def test_corrupt_entries_are_ignored_and_rewritten(self):
        _, before = self.check_json(self.p)
        paths = entry_paths(self.cache)
        for i, path in enumerate(paths):
            with open(path, "r+b") as f:
                data = f.read()
                f.seek(0)
                f.truncate()
                f.write([b"", b"garbage", data[:len(data) // 2], data[:-1] + b"x"][i % 4])
        _, after = self.check_json(self.p)
        self.assertEqual(after, before)
        for path in paths:
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"SSOTFACT")

    def test_no_cache_writes_nothing(self):
        self.check_json(self.p, "--no-cache")
        self.assertFalse(os.path.exists(self.cache))

    def test_cache_dir_option(self):
        other = os.path.join(self.p.root, "elsewhere")
        self.check_json(self.p, "--cache-dir", other)
        self.assertFalse(os.path.exists(self.cache))
        self.assertEqual(len(entries(other)), 3)

    def test_cache_folder_is_not_checked(self):
        self.check_json(self.p)
        self.p.write(".ssot_cache/test_hidden.py", PLACEHOLDERS)
        _, findings = self.check_json(self.p)
        self.assertFalse([f for f in findings if ".ssot_cache" in f["filename"]])

    def test_configuration_change_invalidates(self):
        _, before = self.check_json(self.p)
        self.assertIn("PH003", str(before))
        self.p.write("pyproject.toml", "[tool.ssot]\nignore = ['PH003']\n")
        _, after = self.check_json(self.p)
        self.assertNotIn("PH003", str(after))
        self.assertEqual(len(entries(self.cache)), 6)  # every file extracted again

    def test_entries_unused_for_a_month_are_pruned(self):
        self.check_json(self.p)
        month = 31 * 24 * 3600
        used = entry_paths(self.cache)
        stale = self.p.write(".ssot_cache/v0.0.0-f0/" + "0" * 32, "old")
        unused = self.p.write(".ssot_cache/v0.0.0-f0/" + "1" * 32, "recent")
        for path in [stale] + used:
            make_older(path, month)
        self.check_json(self.p)  # pruned at most once a day: the stamp is fresh
        self.assertTrue(os.path.exists(stale))
        os.unlink(os.path.join(self.cache, ".pruned"))
        self.check_json(self.p)
        self.assertFalse(os.path.exists(stale))
        self.assertTrue(os.path.exists(unused))
        self.assertEqual(len(entries(self.cache)), 4)  # the 3 current ones rewritten + 1

    def test_hits_keep_entries_alive(self):
        self.check_json(self.p)
        day = 2 * 24 * 3600
        for path in entry_paths(self.cache):
            make_older(path, day)
        first = entries(self.cache)
        self.check_json(self.p)
        self.assertEqual(entries(self.cache), first)  # not rewritten ...
        for path in entry_paths(self.cache):
            self.assertLess(time.time() - os.stat(path).st_mtime, 3600)  # ... but touched

    def test_diff_parses_only_changed_files(self):
        git(self.p.root, "init", "-q")
        git(self.p.root, "add", "-A")
        git(self.p.root, "commit", "-qm", "init")
        self.check_json(self.p)
        first = entries(self.cache)
        self.p.write("tests/test_a.py", PLACEHOLDERS + "\n\ndef test_new():\n    pass\n")
        _, findings = self.check_json(self.p, "--diff", "HEAD")
        self.assertEqual({f["filename"] for f in findings}, {"tests/test_a.py"})
        second = entries(self.cache)
        self.assertEqual(len(second), 4)
        self.assertEqual({k: v for k, v in second.items() if k in first}, first)


if __name__ == "__main__":
    unittest.main()
