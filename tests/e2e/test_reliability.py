"""End-to-end tests of what ssot does with hostile surroundings (docs/reliability.md): report
and baseline targets that are devices, FIFOs or links, signals during a write, a named folder
that cannot be read, configuration names taken by FIFOs or folders, an unusable cache.

Devices are made with mknod in a temporary folder (as root only, never in /dev); folders
that cannot be read are made unreadable for an unprivileged user the run switches to when
the tests run as root (root reads everything)."""
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SSOT, ProjectTestCase, run  # noqa: E402

ROOT = os.geteuid() == 0
NOBODY = 65534


def temporaries(folder):
    """Names ssot's temporary files take: `.NAME.XXXXXX`."""
    return [n for n in os.listdir(folder) if n.startswith(".") and len(n.rsplit(".", 1)[-1]) == 6]


def make_device(path, minor):
    """A character device like /dev/null (1,3) or /dev/full (1,7) at `path`, or skip."""
    if not ROOT:
        raise unittest.SkipTest("making a device needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError as e:  # a file system mounted nodev
        raise unittest.SkipTest(f"devices do not open here: {e}")


def unprivileged():
    """Arguments for subprocess that make the run unable to read a mode-000 folder."""
    return {"user": NOBODY, "group": NOBODY, "extra_groups": []} if ROOT else {}


class Writers(ProjectTestCase):
    """--output-file, --report and --write-baseline never replace what is not a regular file."""

    def setUp(self):
        self.p = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.out = os.path.join(self.p.root, "out")
        os.mkdir(self.out)

    def test_a_character_device_is_written_through(self):
        null = os.path.join(self.out, "null")
        make_device(null, 3)
        for args in (["--output-file", null], ["--report", f"json:{null}"],
                     [f"--write-baseline={null}"]):
            with self.subTest(args=args):
                r = run(["check", ".", *args], self.p.root)
                self.assertIn(r.returncode, (0, 1), r.stderr.decode())
                self.assertTrue(stat.S_ISCHR(os.lstat(null).st_mode))
                self.assertEqual(os.listdir(self.out), ["null"])

    def test_a_full_device_is_a_failed_write_exit_two(self):
        full = os.path.join(self.out, "full")
        make_device(full, 7)
        for args in (["--output-file", full], ["--report", f"sarif:{full}"],
                     [f"--write-baseline={full}"]):
            with self.subTest(args=args):
                r = run(["check", ".", *args], self.p.root)
                self.assertEqual(r.returncode, 2, r.stderr.decode())
                self.assertIn(b"full: cannot write", r.stderr)
                self.assertTrue(stat.S_ISCHR(os.lstat(full).st_mode))
                self.assertEqual(os.listdir(self.out), ["full"])

    def test_a_fifo_is_written_through(self):
        fifo = os.path.join(self.out, "fifo")
        os.mkfifo(fifo)
        for args in (["--output-format", "json", "--output-file", fifo],
                     [f"--write-baseline={fifo}"]):
            with self.subTest(args=args):
                got = []

                def read():
                    with open(fifo, "rb") as f:
                        got.append(f.read())
                reader = threading.Thread(target=read, daemon=True)
                reader.start()
                r = run(["check", ".", *args], self.p.root)
                reader.join(timeout=60)
                self.assertIn(r.returncode, (0, 1), r.stderr.decode())
                self.assertIn(b'"PH001"', got[0])
                self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
                self.assertEqual(os.listdir(self.out), ["fifo"])

    def test_a_symlink_is_followed_and_its_target_replaced(self):
        kept = os.path.join(self.p.root, "kept")
        os.mkdir(kept)
        target = os.path.join(kept, "report.json")
        with open(target, "w") as f:
            f.write("old")
        link = os.path.join(self.out, "report.json")
        os.symlink(os.path.join("..", "kept", "report.json"), link)
        r = run(["check", ".", "--output-format", "json", "--output-file", link], self.p.root)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertTrue(os.path.islink(link))
        with open(target) as f:
            self.assertIn('"PH001"', f.read())
        self.assertEqual(os.listdir(self.out), ["report.json"])
        self.assertEqual(os.listdir(kept), ["report.json"])
        # a dangling link: the target is created where the link points
        os.unlink(target)
        r = run(["check", ".", "--write-baseline=out/report.json"], self.p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertTrue(os.path.islink(link))
        self.assertTrue(os.path.isfile(target))

    def test_standard_output_by_name(self):
        r = run(["check", ".", "--output-format", "json", "--output-file", "/dev/stdout"],
                self.p.root)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(b'"PH001"', r.stdout)
        # the baseline goes to stdout and is applied without being read back
        r = run(["check", ".", "--quiet", "--write-baseline=/dev/stdout"], self.p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b'"fingerprint"', r.stdout)
        self.assertIn(b"wrote 2 findings to /dev/stdout", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.p.root, ".ssot-baseline.json")))

    def test_a_folder_is_an_error(self):
        r = run(["check", ".", "--output-file", "out"], self.p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"out: cannot write: is a folder", r.stderr)
        self.assertEqual(os.listdir(self.out), [])


class Signals(ProjectTestCase):
    """SIGINT/SIGTERM while a report or baseline is written: exit 130/143, no temporary
    file left behind. The report is large (thousands of findings) so that the signal can be
    sent while its temporary file exists; the test retries when the run was faster."""

    def setUp(self):
        tests = "".join(f"def test_{i}():\n    pass\n\n\n" for i in range(20000))
        self.p = self.project({"tests/test_many.py": tests})

    def interrupt(self, args, sig, folder):
        for _ in range(20):
            proc = subprocess.Popen([SSOT, "check", ".", "--no-cache", *args], cwd=self.p.root,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            seen = False
            while proc.poll() is None and not seen:
                seen = bool(temporaries(folder))
            if seen:
                proc.send_signal(sig)
            proc.communicate(timeout=120)
            self.assertEqual(temporaries(folder), [])
            if seen and proc.returncode == 128 + sig:
                return
            self.assertIn(proc.returncode, (1, 128 + sig))  # finished before the signal
        self.skipTest("the temporary file never lived long enough to be signalled")

    def test_sigint_during_the_report(self):
        self.interrupt(["--output-format", "json", "--output-file", "report.json",
                        "--report", "sarif:report.sarif"], signal.SIGINT, self.p.root)

    def test_sigterm_during_the_baseline(self):
        self.interrupt(["--write-baseline=base.json"], signal.SIGTERM, self.p.root)


class UnreadableFolder(ProjectTestCase):
    def test_a_named_folder_that_cannot_be_read_exits_two(self):
        p = self.project({"ok/test_a.py": PLACEHOLDERS, "locked/test_b.py": PLACEHOLDERS})
        os.chmod(p.root, 0o755)
        os.chmod(os.path.join(p.root, "locked"), 0)
        self.addCleanup(os.chmod, os.path.join(p.root, "locked"), 0o755)
        r = subprocess.run([SSOT, "check", "--no-cache", "ok", "locked"], cwd=p.root,
                           capture_output=True, timeout=120, **unprivileged())
        self.assertEqual(r.returncode, 2, r.stdout.decode())
        self.assertIn(b"ssot: error: locked: cannot read folder: Permission denied", r.stderr)
        # below a named folder it stays one E001 finding
        r = subprocess.run([SSOT, "check", "--no-cache", "."], cwd=p.root,
                           capture_output=True, timeout=120, **unprivileged())
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(b"locked:1:1: E001", r.stdout)


class ConfigurationNames(ProjectTestCase):
    """A configuration file's name taken by a FIFO or a folder: skipped as pytest and Ruff
    skip it, with one warning line each, and never opened (a FIFO would block)."""

    def test_fifos_and_folders_are_skipped_with_a_warning(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS,
                          "tox.ini": "[pytest]\npython_files = check_*.py\n"})
        for name in ("pyproject.toml", ".ssot.toml", "pytest.ini"):
            os.mkfifo(os.path.join(p.root, name))
        for name in ("ssot.toml", "setup.cfg"):
            os.mkdir(os.path.join(p.root, name))
        r = run(["check", ".", "--no-cache", "--output-format", "concise"], p.root)
        self.assertIn(r.returncode, (0, 1), r.stderr.decode())
        err = r.stderr.decode()
        for name in ("pyproject.toml", ".ssot.toml", "pytest.ini"):
            self.assertIn(f"ssot: warning: {name} is a FIFO, not a configuration file: "
                          "skipped\n", err)
            self.assertEqual(err.count(f" {name} "), 1, err)
        self.assertIn("ssot: warning: ssot.toml is a folder, not a configuration file", err)
        # the lookup goes on as pytest's does: tox.ini, after the skipped names, is read
        r = run(["config", "."], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b"# pytest settings: tox.ini [pytest]", r.stdout)


class Cache(ProjectTestCase):
    """An unusable cache folder: one warning line, and the run goes on cold."""

    def setUp(self):
        self.p = self.project({"tests/test_a.py": PLACEHOLDERS})

    def assert_cold_with_warning(self, cache, says, **kwargs):
        r = subprocess.run([SSOT, "check", ".", "--cache-dir", cache], cwd=self.p.root,
                           capture_output=True, timeout=120, **kwargs)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(b"tests/test_a.py:4:5: PH001", r.stdout)
        lines = r.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(says, lines[0])
        self.assertTrue(lines[0].startswith("ssot: warning: "), lines[0])

    def test_a_file(self):
        with open(os.path.join(self.p.root, "afile"), "w"):
            pass
        self.assert_cold_with_warning("afile", "cannot use the cache folder `afile`: not a "
                                      "folder; running without a cache")

    def test_dev_null(self):
        self.assert_cold_with_warning(os.devnull, "`/dev/null`: not a folder")

    def test_empty_name(self):
        self.assert_cold_with_warning("", "the cache folder name is empty")

    def test_read_only(self):
        ro = os.path.join(self.p.root, "ro")
        os.mkdir(ro, 0o555)
        os.chmod(self.p.root, 0o755)
        self.assert_cold_with_warning("ro", "`ro`: Permission denied", **unprivileged())
        self.assertEqual(os.listdir(ro), [])


if __name__ == "__main__":
    unittest.main()
