"""End-to-end tests of a run split across CI jobs: `ssot check --shard K/N --facts-out FILE`
on each share, then `ssot merge FILES...`, reports byte for byte what one `ssot check` of the
whole tree reports, in every output format, for N = 1, 2, 3, 7; shares do not depend on the
thread count; missing, repeated, foreign, corrupt and other-version artifacts, and a
configuration that differs, are one-line errors with exit code 2."""
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SOURCE_DIR, ProjectTestCase, run  # noqa: E402

FORMATS = ["json", "sarif", "junit", "gitlab", "github", "concise", "full", "text"]
# the elapsed time and the clock are what two runs of the same check do not share
ELAPSED = re.compile(rb' in \d+\.\d+s\.|(?<= )(time|timestamp)="[^"]*"')

PROJECTS = [os.path.join("fixtures", "demo")] + [
    os.path.join("fixtures", "projects", name)
    for name in ("config_all_keys", "dd001_classes", "dd002_functions", "dd004_constants",
                 "dd005_units", "sg002_imported", "ss002_imports", "ss_policy",
                 "dd_typescript", "sg_typescript")] + [
    os.path.join("fixtures", "javascript"), os.path.join("fixtures", "typescript")]


def shard(cwd, out_dir, k, n, *args):
    path = os.path.join(out_dir, f"shard-{k}-of-{n}.facts")
    r = run(["check", "--no-cache", "--shard", f"{k}/{n}", "--facts-out", path, *args], cwd)
    return r, path


class SameAsOneCheck(unittest.TestCase):
    def shards(self, cwd, n, *args):
        out = tempfile.mkdtemp(prefix="ssot-shards-")
        self.addCleanup(shutil.rmtree, out)
        paths = []
        for k in range(1, n + 1):
            r, path = shard(cwd, out, k, n, *args)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            self.assertEqual(r.stdout, b"")
            paths.append(path)
        return paths

    def assert_same(self, cwd, *args, counts=(1, 2, 3, 7), formats=FORMATS):
        checks = {}
        for fmt in formats:
            c = run(["check", "--no-cache", "--output-format", fmt, *args], cwd)
            self.assertIn(c.returncode, (0, 1), c.stderr.decode())
            checks[fmt] = c
        for n in counts:
            paths = self.shards(cwd, n, *args)
            for fmt in formats:
                with self.subTest(cwd=cwd, n=n, fmt=fmt):
                    m = run(["merge", "--output-format", fmt, *paths], cwd)
                    self.assertEqual(m.returncode, checks[fmt].returncode, m.stderr.decode())
                    self.assertEqual(ELAPSED.sub(b"", m.stdout),
                                     ELAPSED.sub(b"", checks[fmt].stdout))
                    self.assertEqual(m.stderr, checks[fmt].stderr)

    def test_demo_every_format(self):
        self.assert_same(os.path.join(SOURCE_DIR, "fixtures", "demo"))

    def test_projects_with_cross_file_findings(self):
        for project in PROJECTS[1:]:
            self.assert_same(os.path.join(SOURCE_DIR, project), counts=(2, 3, 7),
                             formats=["json", "sarif"])

    def test_from_the_root_with_paths(self):
        self.assert_same(SOURCE_DIR, *PROJECTS, counts=(1, 3, 7), formats=["json", "sarif"])

    def test_outside_a_git_work_tree(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "demo")
            shutil.copytree(os.path.join(SOURCE_DIR, "fixtures", "demo"), copy)
            self.assert_same(copy, counts=(2, 7), formats=["json", "sarif", "text"])

    def test_report_options(self):
        cwd = os.path.join(SOURCE_DIR, "fixtures", "demo")
        paths = self.shards(cwd, 3)
        for args in (["--select", "DD,SG", "--output-format", "json"],
                     ["--statistics"], ["--fail-on", "error", "--output-format", "concise"],
                     ["--ignore", "SS", "--output-format", "sarif", "--exit-zero"]):
            with self.subTest(args=args):
                c = run(["check", "--no-cache", *args], cwd)
                m = run(["merge", *args, *paths], cwd)
                self.assertEqual(m.returncode, c.returncode, m.stderr.decode())
                self.assertEqual(ELAPSED.sub(b"", m.stdout), ELAPSED.sub(b"", c.stdout))

    def test_shares_do_not_depend_on_threads(self):
        cwd = os.path.join(SOURCE_DIR, "fixtures", "demo")
        out = tempfile.mkdtemp(prefix="ssot-shards-")
        self.addCleanup(shutil.rmtree, out)
        for k in (1, 2, 3):
            a = os.path.join(out, f"a{k}")
            b = os.path.join(out, f"b{k}")
            run(["check", "--no-cache", "--threads", "1", "--shard", f"{k}/3", "--facts-out", a],
                cwd)
            run(["check", "--no-cache", "--threads", "4", "--shard", f"{k}/3", "--facts-out", b],
                cwd)
            with open(a, "rb") as fa, open(b, "rb") as fb:
                self.assertEqual(fa.read(), fb.read())

    def test_every_file_in_exactly_one_share(self):
        cwd = os.path.join(SOURCE_DIR, "fixtures", "demo")
        out = tempfile.mkdtemp(prefix="ssot-shards-")
        self.addCleanup(shutil.rmtree, out)
        for n in (1, 2, 5, 30):
            counts, total = [], None
            for k in range(1, n + 1):
                r, _ = shard(cwd, out, k, n, ".")
                self.assertEqual(r.returncode, 0, r.stderr.decode())
                m = re.search(rb"shard \d+/\d+: (\d+) of (\d+) files", r.stderr)
                counts.append(int(m.group(1)))
                total = int(m.group(2))
            self.assertEqual(sum(counts), total, n)


class Errors(ProjectTestCase):
    def setUp(self):
        self.p = self.project({"tests/test_a.py": PLACEHOLDERS,
                               "app/a.py": "def f():\n    return 1\n",
                               "app/b.py": "def g():\n    return 2\n"})
        self.out = tempfile.mkdtemp(prefix="ssot-shards-")
        self.addCleanup(shutil.rmtree, self.out)

    def merge_fails(self, paths, says, *args):
        r = run(["merge", *args, *paths], self.p.root)
        self.assertEqual(r.returncode, 2, r.stdout.decode())
        self.assertIn(says.encode(), r.stderr)
        self.assertEqual(r.stderr.count(b"\n"), 1, r.stderr)
        self.assertEqual(r.stdout, b"")

    def test_missing_and_repeated_shards(self):
        _, one = shard(self.p.root, self.out, 1, 3)
        _, two = shard(self.p.root, self.out, 2, 3)
        self.merge_fails([one, two], "shard 3/3 is missing")
        self.merge_fails([one, two, two], "shard 2/3 given twice")

    def test_shards_of_different_runs(self):
        _, one = shard(self.p.root, self.out, 1, 2)
        with open(os.path.join(self.p.root, "app", "c.py"), "w") as f:
            f.write("X = 1\n")
        _, two = shard(self.p.root, self.out, 2, 2)
        self.merge_fails([one, two], "come from different runs")

    def test_corrupt_foreign_and_other_version_artifacts(self):
        _, path = shard(self.p.root, self.out, 1, 1)
        with open(path, "rb") as f:
            data = f.read()
        bad = os.path.join(self.out, "bad.facts")
        for content, says in ((data[:-3], "truncated or corrupt"),
                              (data[:40] + bytes([data[40] ^ 1]) + data[41:],
                               "truncated or corrupt"),
                              (b"", "not an ssot facts artifact"),
                              (b"{}\n", "not an ssot facts artifact"),
                              (data[:8] + bytes([data[8] + 1]) + data[9:],
                               "extract and merge with the same ssot version")):
            with self.subTest(says=says):
                with open(bad, "wb") as f:
                    f.write(content)
                self.merge_fails([bad], says)
        self.merge_fails([os.path.join(self.out, "none.facts")], "cannot read")

    def test_configuration_must_be_the_shards(self):
        with open(os.path.join(self.p.root, "pyproject.toml"), "w") as f:
            f.write('[tool.ssot]\nignore = ["PH002"]\n')
        _, path = shard(self.p.root, self.out, 1, 1)
        self.merge_fails([path], "differs from the one its shard extracted it with",
                         "--isolated")
        with open(os.path.join(self.p.root, "pyproject.toml"), "w") as f:
            f.write('[tool.ssot]\nignore = ["PH003"]\n')
        self.merge_fails([path], "differs from the one its shard extracted it with")

    def test_options_that_belong_elsewhere(self):
        facts = os.path.join(self.out, "x.facts")
        for args, says in ((["--shard", "1/2"], "--shard needs --facts-out"),
                           (["--shard", "3/2", "--facts-out", facts], "--shard takes K/N"),
                           (["--facts-out", facts, "--output-format", "json"],
                            "--output-format belongs to `ssot merge`"),
                           (["--facts-out", facts, "--select", "PH"], "--select belongs"),
                           (["--facts-out", facts, "--diff", "HEAD"], "--diff belongs")):
            with self.subTest(args=args):
                self.assert_exits_two(self.p, *args, says=says)
        r = run(["merge"], self.p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"needs the artifacts", r.stderr)
        r = run(["merge", "--diff", "HEAD", facts], self.p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"unknown option `--diff` for `ssot merge`", r.stderr)

    def test_a_shard_fails_where_the_check_fails(self):
        missing = os.path.join("app", "gone.py")
        os.symlink("nowhere.py", os.path.join(self.p.root, missing))
        c = run(["check", "--no-cache", ".", missing], self.p.root)
        r, path = shard(self.p.root, self.out, 1, 2, ".", missing)
        self.assertEqual(c.returncode, 2)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, c.stderr)
        self.assertFalse(os.path.exists(path))


if __name__ == "__main__":
    unittest.main()
