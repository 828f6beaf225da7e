"""End-to-end tests of the per-file facts cache (.ssot_cache): a warm run reports exactly
what a cold run does, an edit re-extracts only the edited file, corrupt entries are
rewritten, --no-cache writes nothing, a configuration change invalidates."""
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import CLEAN, PLACEHOLDERS, SOURCE_DIR, ProjectTestCase, git, run  # noqa: E402


def entry_paths(cache):
    """The facts entries: files named by 32 hex digits (not the metadata table `files`, not
    the kept runs `run-*`)."""
    return [p for p in glob.glob(os.path.join(cache, "v*", "*"))
            if re.fullmatch(r"[0-9a-f]{32}", os.path.basename(p))]


def entries(cache):
    """Entry name -> inode: a rewritten entry gets a new inode (atomic rename)."""
    return {os.path.basename(p): os.stat(p).st_ino for p in entry_paths(cache)}


def kept_runs(cache):
    return glob.glob(os.path.join(cache, "v*", "run-*"))


def forget_runs(cache):
    """Remove the kept runs, whose findings would otherwise stand in for the facts entries
    a test is about."""
    for path in kept_runs(cache):
        os.unlink(path)


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
        forget_runs(self.cache)
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
        for path in [stale] + used + kept_runs(self.cache):
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
        for path in entry_paths(self.cache) + kept_runs(self.cache):
            make_older(path, day)
        self.check_json(self.p)  # the kept run is used, and touched
        for path in kept_runs(self.cache):
            self.assertLess(time.time() - os.stat(path).st_mtime, 3600)
        forget_runs(self.cache)
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


    def test_unchanged_run_reports_the_kept_findings(self):
        r1, before = self.check_json(self.p)
        runs = kept_runs(self.cache)
        self.assertEqual(len(runs), 1)
        r2, after = self.check_json(self.p)
        self.assertEqual(r2.stdout, r1.stdout)
        self.assertEqual(kept_runs(self.cache), runs)
        # a kept run that does not read back is ignored and written again
        for damage in [b"", b"SSOTRUNS", open(runs[0], "rb").read()[:-3] + b"xyz"]:
            with open(runs[0], "wb") as f:
                f.write(damage)
            r3, _ = self.check_json(self.p)
            self.assertEqual(r3.stdout, r1.stdout)
            with open(runs[0], "rb") as f:
                self.assertEqual(f.read(8), b"SSOTRUNS")
        # another rule selection is another run
        r4, _ = self.check_json(self.p, "--select", "PH001")
        self.assertEqual(len(kept_runs(self.cache)), 2)
        self.assertNotEqual(r4.stdout, r1.stdout)

    def test_a_file_that_is_not_text_still_lets_the_run_be_kept(self):
        with open(os.path.join(self.p.root, "tests", "test_bad.py"), "wb") as f:
            f.write(b"def test_x():\n    assert '\xff\xfe'\n")
        r1, before = self.check_json(self.p)
        self.assertIn("E002", str(before))
        self.assertEqual(len(kept_runs(self.cache)), 1)
        r2, _ = self.check_json(self.p)
        self.assertEqual(r2.stdout, r1.stdout)
        self.assertEqual(len(kept_runs(self.cache)), 1)  # restored, not run again

    def test_touched_file_is_hashed_again_and_an_edit_is_seen(self):
        _, before = self.check_json(self.p)
        path = os.path.join(self.p.root, "tests", "test_b.py")
        os.utime(path, None)  # new mtime, same text: the same run
        _, same = self.check_json(self.p)
        self.assertEqual(same, before)
        self.assertEqual(len(kept_runs(self.cache)), 1)
        text = open(path).read()
        self.p.write("tests/test_b.py", text + "\n\ndef test_more():\n    pass\n")
        _, after = self.check_json(self.p)
        self.assertIn("test_more", str(after))
        self.assertEqual(len(kept_runs(self.cache)), 2)

    def test_metadata_table_is_only_a_shortcut(self):
        _, before = self.check_json(self.p)
        table = glob.glob(os.path.join(self.cache, "v*", "files"))
        self.assertEqual(len(table), 1)
        for damage in [b"", b"SSOTMETA" + b"\0" * 40, open(table[0], "rb").read()[:-1]]:
            with open(table[0], "wb") as f:
                f.write(damage)
            forget_runs(self.cache)
            _, after = self.check_json(self.p)
            self.assertEqual(after, before)

    def test_cache_moves_to_another_checkout(self):
        """CI restores .ssot_cache on another machine, in another folder: entries are keyed
        by text and the path relative to the project root, so they are all used there; the
        metadata rows (other inodes and mtimes) are not."""
        git(self.p.root, "init", "-q")
        r1, before = self.check_json(self.p)
        first = entries(self.cache)
        with tempfile.TemporaryDirectory() as other:
            copy = os.path.join(other, "checkout")
            shutil.copytree(self.p.root, copy)
            for dirpath, _, names in os.walk(copy):
                for n in names:
                    if n.endswith(".py"):
                        os.utime(os.path.join(dirpath, n), (1, 1))
            r2 = run(["check", "--output-format", "json", "--exit-zero", "."], copy)
            self.assertEqual(r2.stdout, r1.stdout)
            cache = os.path.join(copy, ".ssot_cache")
            self.assertEqual(set(entries(cache)), set(first))  # no new entry: no parse


CMOCKA_TEST = (
    "#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n"
    "#include <cmocka.h>\n#include \"calc.h\"\n"
    "static void test_add(void **state) { (void)state; assert_int_equal(add(1, 2), 3); }\n"
    "int main(void) {\n"
    "    const struct CMUnitTest tests[] = {cmocka_unit_test(test_add)};\n"
    "    return cmocka_run_group_tests(tests, NULL, NULL);\n}\n")


class CompileFlags(ProjectTestCase):
    """A C/C++ file's entry is keyed by the flags it is parsed with: an edited
    compile_commands.json, or a guessed include folder that appears, is a miss, and going
    back to the old flags finds the old entry."""

    def codes(self, p):
        _, findings = self.check_json(p)
        return sorted(f["code"] for f in findings if f["filename"] == "tests/test_calc.c")

    def database(self, p, *flags):
        cmd = {"directory": p.root, "file": "tests/test_calc.c",
               "arguments": ["cc", *flags, "-c", "tests/test_calc.c"]}
        p.write("compile_commands.json", json.dumps([cmd]))

    def test_edited_compile_commands_is_a_miss(self):
        p = self.project({"tests/test_calc.c": CMOCKA_TEST, "lib/calc.h": "int add(int, int);\n"})
        cache = os.path.join(p.root, ".ssot_cache")
        self.database(p, "-Ilib")
        self.assertEqual(self.codes(p), [])
        first = entries(cache)
        self.database(p, "-Iother")  # the header's folder is gone from the flags
        self.assertEqual(self.codes(p), ["E003"])
        second = entries(cache)
        self.assertGreater(len(second), len(first))
        self.database(p, "-Ilib")
        self.assertEqual(self.codes(p), [])
        self.assertEqual(entries(cache), second)  # the first entries hit, nothing rewritten

    def test_guessed_include_folder_is_in_the_key(self):
        p = self.project({"tests/test_calc.c": CMOCKA_TEST, "headers/calc.h": "int add(int, int);\n"})
        git(p.root, "init", "-q")
        self.assertEqual(self.codes(p), ["E007"])  # guessed flags miss headers/
        p.write("include/calc.h", "int add(int, int);\n")  # include/ is guessed
        self.assertEqual(self.codes(p), [])

    def test_same_flags_in_another_checkout_hit(self):
        p = self.project({"tests/test_calc.c": CMOCKA_TEST, "lib/calc.h": "int add(int, int);\n"})
        git(p.root, "init", "-q")
        self.database(p, "-Ilib", "-I" + os.path.join(p.root, "lib"))
        self.assertEqual(self.codes(p), [])
        first = entries(os.path.join(p.root, ".ssot_cache"))
        with tempfile.TemporaryDirectory() as other:
            copy = os.path.join(other, "checkout")
            shutil.copytree(p.root, copy)
            cmd = {"directory": copy, "file": "tests/test_calc.c",
                   "arguments": ["cc", "-Ilib", "-I" + os.path.join(copy, "lib"), "-c",
                                 "tests/test_calc.c"]}
            with open(os.path.join(copy, "compile_commands.json"), "w") as f:
                json.dump([cmd], f)
            r = run(["check", "--output-format", "json", "--exit-zero", "."], copy)
            self.assertEqual(json.loads(r.stdout), [])
            self.assertEqual(set(entries(os.path.join(copy, ".ssot_cache"))), set(first))


if __name__ == "__main__":
    unittest.main()
