"""End-to-end tests of the bounds on work and memory: a file under the size limit whose
syntax tree would take gigabytes (8 MiB of `1+1+...`) is reported as E006 and the run stays
inside a measured memory ceiling, set in the child's own process limits; many tiny files cost
little memory each.

Run by ctest with SSOT_BIN pointing at the binary.
"""
import os
import resource
import shutil
import subprocess
import tempfile
import unittest

SSOT = os.environ.get("SSOT_BIN", os.path.join(os.getcwd(), "build", "ssot"))

# Two such files on two threads peak at about 650 MiB of address space (threads' stacks and
# malloc arenas included); without the budget one of them took 2.2 GB.
CEILING = 1 << 30


def sanitized():
    """AddressSanitizer reserves terabytes of address space: no RLIMIT_AS under it."""
    with open(SSOT, "rb") as f:
        return b"__asan_init" in f.read()


def run(args, cwd, ceiling=None):
    def limit():
        if ceiling:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    return subprocess.run([SSOT] + args, cwd=cwd, capture_output=True, text=True, timeout=120,
                          preexec_fn=limit)


class TreeBudget(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def test_a_tree_over_the_budget_is_e006_within_the_ceiling(self):
        # just under the default max-file-size (8 MiB): E004 does not stop it
        terms = (8 * 1024 * 1024 - 16) // 2
        text = "x = " + "1+" * terms + "1\n"
        self.assertLess(len(text), 8 * 1024 * 1024)
        self.write("gen_a.py", text)
        self.write("gen_b.py", text)
        self.write("test_ok.py", "def test_add():\n    assert add(1, 2) == 3\n")
        r = run(["check", ".", "--no-cache", "--threads", "2", "--output-format", "concise"],
                self.dir, None if sanitized() else CEILING)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        lines = [l for l in r.stdout.splitlines() if " E006 " in l]
        self.assertEqual(sorted(l.split(":")[0] for l in lines), ["gen_a.py", "gen_b.py"])
        self.assertIn("outgrew 256 MiB", lines[0])
        self.assertIn("the file was not analysed", lines[0])
        self.assertIn("3 files checked", r.stdout)

    def test_a_long_expression_under_the_budget_is_analysed(self):
        self.write("test_sum.py", "def test_sum():\n    x = " + "1+" * 20000 + "1\n")
        r = run(["check", ".", "--no-cache", "--output-format", "concise"], self.dir)
        self.assertNotIn("E006", r.stdout)
        self.assertIn("PH002", r.stdout)


class EmptyFiles(unittest.TestCase):
    def test_an_empty_test_file_is_clean(self):
        # no functions: the rules' loops start from a NULL array (UBSan under clang caught
        # `NULL + 0` in SSOT_FOR_EACH_TEST when the sanitizer build ran this)
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root)
        os.mkdir(os.path.join(root, "tests"))
        for name in ("tests/__init__.py", "tests/test_empty.py", "tests/conftest.py"):
            open(os.path.join(root, name), "w").close()
        r = run(["check", ".", "--no-cache", "--output-format", "concise"], root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("0 findings", r.stdout)


class PerFileMemory(unittest.TestCase):
    FILES = 20000
    # measured: about 1.9 KB per tiny file and 12 MB for the run itself (9.2 KB per file
    # before: a 4 KiB arena block per file for its facts and another for its findings)
    CEILING_PER_FILE = 4096
    BASE = 32 << 20

    def test_tiny_files_keep_little_each(self):
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root)
        for d in range(self.FILES // 100):
            pkg = os.path.join(root, f"pkg{d}")
            os.mkdir(pkg)
            for i in range(100):
                with open(os.path.join(pkg, f"mod_{i}.py"), "w") as f:
                    f.write("X = 1\n" if i % 2 else "def test_x():\n    assert f() == 1\n")
        # the peak resident size of this child alone: a fresh interpreter runs it
        probe = ("import resource, subprocess, sys; "
                 "r = subprocess.run(sys.argv[1:], capture_output=True); "
                 "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        r = subprocess.run(["python3", "-c", probe, SSOT, "check", ".", "--no-cache",
                            "--exit-zero", "--threads", "2", "--statistics"],
                           cwd=root, capture_output=True, text=True, timeout=300)
        code, kib = r.stdout.split()
        self.assertEqual(code, "0", r.stderr)
        peak = int(kib) * 1024
        ceiling = self.BASE + self.FILES * self.CEILING_PER_FILE
        if not sanitized():
            self.assertLess(peak, ceiling, f"{peak / self.FILES:.0f} bytes per file")


if __name__ == "__main__":
    unittest.main()
