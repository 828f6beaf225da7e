"""End-to-end tests of what ssot does with hostile surroundings (docs/reliability.md): report
and baseline targets that are devices, FIFOs or links, signals during a write, a named folder
that cannot be read, configuration names taken by FIFOs or folders, an unusable cache; and
checked files that are wide text, huge, FIFOs, or deleted, truncated or grown while the run
reads them, and two runs sharing one cache folder.

Devices are made with mknod in a temporary folder (as root only, never in /dev); folders
that cannot be read are made unreadable for an unprivileged user the run switches to when
the tests run as root (root reads everything)."""
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
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


# An LD_PRELOAD shim that signals the process itself (SHIM_SIGNAL) at one moment of writing
# a report or baseline (SHIM_AT): right after mkstemp made the temporary file, at its fsync
# (written whole), or at the rename that would put it in place. kill(2) to oneself delivers the
# signal before it returns (or, while blocked, as soon as it is unblocked), so the signal
# lands while the temporary file exists every time, however loaded the machine.
SIGNAL_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int temp_fd = -1, fired;

static int at(const char *moment)
{
    const char *want = getenv("SHIM_AT");
    return !fired && want && strcmp(want, moment) == 0;
}

static void fire(void)
{
    fired = 1;
    kill(getpid(), atoi(getenv("SHIM_SIGNAL")));
}

static int made(int fd)
{
    if (fd >= 0)
        temp_fd = fd;
    if (fd >= 0 && at("mkstemp"))
        fire();
    return fd;
}

int mkstemp(char *template)
{
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    return made(real(template));
}

int mkstemp64(char *template)
{
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp64");
    return made(real(template));
}

int fsync(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (fd == temp_fd && at("fsync"))
        fire();
    return real(fd);
}

int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *) =
        (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    if (at("rename"))
        fire();
    return real(from, to);
}
"""


def build_shim(source):
    """Compile an LD_PRELOAD shim; (folder to remove, path of the .so), or skip."""
    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc") \
        or shutil.which("clang")
    if not cc:
        raise unittest.SkipTest("no C compiler for the LD_PRELOAD shim")
    folder = tempfile.mkdtemp()
    src = os.path.join(folder, "shim.c")
    with open(src, "w") as f:
        f.write(source)
    so = os.path.join(folder, "shim.so")
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", so, src, "-ldl"],
                   check=True, capture_output=True)
    return folder, so


def shim_env(so, **values):
    return {**os.environ, "LD_PRELOAD": so, **values,
            "ASAN_OPTIONS": "verify_asan_link_order=0:" + os.environ.get("ASAN_OPTIONS", "")}


class Signals(ProjectTestCase):
    """SIGINT/SIGTERM while a report or baseline is written: exit 130/143, no temporary
    file left behind. The run signals itself through a shim at each moment the temporary
    file exists (just made, written whole, about to be renamed), so no timing decides where the
    signal lands."""

    @classmethod
    def setUpClass(cls):
        cls.shim_dir, cls.shim = build_shim(SIGNAL_SHIM)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shim_dir)

    def setUp(self):
        self.p = self.project({"tests/test_a.py": PLACEHOLDERS})

    def interrupt(self, args, sig, written):
        for moment in ("mkstemp", "fsync", "rename"):
            with self.subTest(at=moment):
                for name in written:
                    if os.path.exists(os.path.join(self.p.root, name)):
                        os.unlink(os.path.join(self.p.root, name))
                r = subprocess.run([SSOT, "check", ".", "--no-cache", *args], cwd=self.p.root,
                                   env=shim_env(self.shim, SHIM_AT=moment,
                                                SHIM_SIGNAL=str(int(sig))),
                                   capture_output=True, timeout=120)
                self.assertEqual(r.returncode, 128 + sig, r.stderr.decode())
                self.assertEqual(temporaries(self.p.root), [])
                # the first file was never put in place
                self.assertFalse(os.path.exists(os.path.join(self.p.root, written[0])))

    def test_sigint_during_the_report(self):
        self.interrupt(["--output-format", "json", "--output-file", "report.json",
                        "--report", "sarif:report.sarif"], signal.SIGINT,
                       ["report.json", "report.sarif"])

    def test_sigterm_during_the_baseline(self):
        self.interrupt(["--write-baseline=base.json"], signal.SIGTERM, ["base.json"])


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


class WideText(ProjectTestCase):
    """UTF-16 and UTF-32 with a byte order mark: E002 saying the encoding is not supported
    (CPython does not read them either), not "binary"."""

    def test_utf16_and_utf32_are_not_supported(self):
        body = "def test_x():\n    pass\n"
        files = {"tests/test_le.py": ("utf-16-le", "UTF-16", "little-endian"),
                 "tests/test_be.py": ("utf-16-be", "UTF-16", "big-endian"),
                 "tests/test_u32.py": ("utf-32-le", "UTF-32", "little-endian"),
                 "tests/test_u32be.py": ("utf-32-be", "UTF-32", "big-endian")}
        p = self.project({name: ("\ufeff" + body).encode(codec)
                          for name, (codec, _, _) in files.items()})
        _, findings = self.check_json(p)
        got = {f["filename"]: (f["code"], f["message"]) for f in findings}
        for name, (_, wide, order) in files.items():
            with self.subTest(name=name):
                self.assertEqual(got[name], ("E002", f"{wide} is not supported (the file "
                                 f"starts with a {order} {wide} byte order mark): save it as "
                                 "UTF-8; not analysed"))


def rusage_run(args, cwd):
    """Run ssot; its exit code and its own peak resident set in KiB (wait4's rusage)."""
    proc = subprocess.Popen([SSOT] + args, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    return proc.returncode, out, usage.ru_maxrss


class CheckedFiles(ProjectTestCase):
    def test_a_100_mb_file_is_e004_without_being_read(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        with open(os.path.join(p.root, "tests", "test_huge.py"), "wb") as f:
            f.truncate(100 * 1024 * 1024)  # sparse: costs no disk, but reading it would
        _, small, base_kib = rusage_run(["check", "--no-cache", "tests/test_a.py"], p.root)
        start = time.monotonic()
        code, out, kib = rusage_run(["check", "--no-cache", "--output-format", "concise"],
                                    p.root)
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(code, 1)
        self.assertIn(b"tests/test_huge.py:1:1: E004 file is 104857600 bytes, over the "
                      b"8388608-byte limit; not analysed", out)
        self.assertLess(kib - base_kib, 16 * 1024)  # reading it would add 100 MiB

    def test_a_fifo_among_the_checked_files_is_e001_and_does_not_block(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        os.mkfifo(os.path.join(p.root, "tests", "test_pipe.py"))
        r = subprocess.run([SSOT, "check", "--no-cache", "--output-format", "concise"],
                           cwd=p.root, capture_output=True, timeout=20)
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(b"tests/test_pipe.py:1:1: E001 cannot read file: is a FIFO, not a "
                      b"regular file", r.stdout)
        self.assertIn(b"tests/test_a.py:4:5: PH001", r.stdout)


# An LD_PRELOAD shim that changes one file (SHIM_PATH, matched as a suffix) between the
# walk and the read: SHIM_ACTION=vanish unlinks it just before ssot opens it; shrink
# truncates it to SHIM_KEEP bytes and grow appends SHIM_KEEP bytes of code, both after ssot
# took its size (fstat) and before its first read. Deterministic, unlike racing the run.
SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int target_fd = -1, done;
static char target_path[4096];

static int matches(const char *path)
{
    const char *t = getenv("SHIM_PATH");
    if (!t || !path || done)
        return 0;
    size_t n = strlen(path), m = strlen(t);
    return n >= m && strcmp(path + n - m, t) == 0;
}

static int wrap(const char *name, const char *path, int flags, va_list ap)
{
    int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, name);
    int mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
    const char *action = getenv("SHIM_ACTION");
    int hit = matches(path);
    if (hit && action && strcmp(action, "vanish") == 0) {
        done = 1;
        unlink(path);
    }
    int fd = real(path, flags, mode);
    if (hit && fd >= 0 && !done) {
        strncpy(target_path, path, sizeof(target_path) - 1);
        target_fd = fd;
    }
    return fd;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = wrap("open", path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = wrap("open64", path, flags, ap);
    va_end(ap);
    return fd;
}

ssize_t read(int fd, void *buf, size_t n)
{
    ssize_t (*real)(int, void *, size_t) = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    if (fd == target_fd && !done) {
        done = 1;
        long keep = atol(getenv("SHIM_KEEP"));
        if (strcmp(getenv("SHIM_ACTION"), "shrink") == 0) {
            if (truncate(target_path, keep) != 0)
                abort();
        } else {
            int (*real_open)(const char *, int, ...) =
                (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
            int a = real_open(target_path, O_WRONLY | O_APPEND);
            for (long i = 0; i < keep; i++)
                if (a < 0 || write(a, "\n", 1) != 1)
                    abort();
            close(a);
        }
    }
    return real(fd, buf, n);
}
"""


class ChangedDuringTheRun(ProjectTestCase):
    """A checked file deleted, truncated or grown after the walk found it."""

    @classmethod
    def setUpClass(cls):
        cls.shim_dir, cls.shim = build_shim(SHIM)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shim_dir)

    def shimmed(self, p, action, path, keep=0):
        env = shim_env(self.shim, SHIM_ACTION=action, SHIM_PATH=path, SHIM_KEEP=str(keep))
        r = subprocess.run([SSOT, "check", "--no-cache", "--threads", "2", "--output-format",
                            "json"], cwd=p.root, env=env, capture_output=True, timeout=120)
        self.assertIn(r.returncode, (0, 1), r.stderr.decode())
        self.assertEqual(r.stderr, b"")
        return r, json.loads(r.stdout)

    def findings(self, files):
        """(file, code, line) of a cold, undisturbed run on `files`."""
        _, found = self.check_json(self.project(files), "--no-cache")
        return sorted((f["filename"], f["code"], f["location"]["row"]) for f in found)

    def test_a_file_deleted_before_it_is_read_is_e001_and_the_run_goes_on(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "tests/test_gone.py": PLACEHOLDERS})
        r, found = self.shimmed(p, "vanish", "tests/test_gone.py")
        self.assertFalse(os.path.exists(os.path.join(p.root, "tests", "test_gone.py")))
        self.assertEqual(r.returncode, 1)
        gone = [(f["code"], f["message"]) for f in found if f["filename"] == "tests/test_gone.py"]
        self.assertEqual(gone, [("E001", "cannot read file: No such file or directory")])
        self.assertEqual(sorted((f["filename"], f["code"], f["location"]["row"]) for f in found
                                if f["filename"] == "tests/test_a.py"),
                         self.findings({"tests/test_a.py": PLACEHOLDERS}))

    def test_a_file_truncated_while_read_is_read_as_it_now_is(self):
        text = PLACEHOLDERS + "\n\ndef test_later():\n    assert add(2, 2) == 4\n"
        for keep in (0, len(PLACEHOLDERS) + 20, len(text) - 3):
            with self.subTest(keep=keep):
                p = self.project({"tests/test_a.py": text})
                _, found = self.shimmed(p, "shrink", "tests/test_a.py", keep)
                self.assertEqual(
                    sorted((f["filename"], f["code"], f["location"]["row"]) for f in found),
                    self.findings({"tests/test_a.py": text[:keep]}))

    def test_a_file_grown_while_read_is_read_as_it_was_when_measured(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        _, found = self.shimmed(p, "grow", "tests/test_a.py", 4096)
        self.assertGreater(os.path.getsize(os.path.join(p.root, "tests", "test_a.py")),
                           len(PLACEHOLDERS) + 4000)
        self.assertEqual(sorted((f["filename"], f["code"], f["location"]["row"]) for f in found),
                         self.findings({"tests/test_a.py": PLACEHOLDERS}))


class SharedCache(ProjectTestCase):
    """Two runs at once on one project and one cache folder: each reports what a cold run
    does, and the cache they leave is whole (a third run is all hits: nothing rewritten)."""

    def test_two_runs_at_once(self):
        files = {f"tests/test_{i}.py": PLACEHOLDERS.replace("test_", f"test_{i}_")
                 for i in range(300)}
        files.update({f"app/mod_{i}.py": f"X = {{}}\n\ndef put_{i}(k):\n    X[k] = 1\n"
                      for i in range(300)})
        p = self.project(files)
        args = ["check", ".", "--output-format", "json", "--exit-zero"]
        cold = run(args + ["--no-cache"], p.root)
        self.assertEqual(cold.returncode, 0, cold.stderr.decode())
        cache = os.path.join(p.root, "shared_cache")
        for attempt in range(3):
            shutil.rmtree(cache, ignore_errors=True)
            procs = [subprocess.Popen([SSOT, *args, "--cache-dir", cache], cwd=p.root,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                     for _ in range(2)]
            outs = [proc.communicate(timeout=120) for proc in procs]
            for proc, (out, err) in zip(procs, outs):
                self.assertEqual(proc.returncode, 0, err.decode())
                self.assertEqual(err, b"")
                self.assertEqual(out, cold.stdout)
        folder = [d for d in os.listdir(cache) if d.startswith("v")]
        self.assertEqual(len(folder), 1, os.listdir(cache))
        entries = lambda: {n: os.stat(os.path.join(cache, folder[0], n)).st_ino  # noqa: E731
                           for n in os.listdir(os.path.join(cache, folder[0]))}
        before = entries()
        self.assertFalse([n for n in before if n.startswith(".")], "temporary files left")
        self.assertGreaterEqual(len(before), 600)
        warm = run(args + ["--cache-dir", cache], p.root)
        self.assertEqual(warm.stdout, cold.stdout)
        self.assertEqual(entries(), before)  # every entry was a hit: none rewritten


if __name__ == "__main__":
    unittest.main()
