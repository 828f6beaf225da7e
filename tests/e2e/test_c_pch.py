"""End-to-end tests of the C++ front end's precompiled framework headers
(analyzer/frontend/c/c_preamble.c): the second test file that includes the same framework
headers with the same flags builds a PCH in the cache folder, later files and runs load it,
and the findings are the same as without it; a corrupt, foreign or stale PCH is refused and
rebuilt, a link in a PCH's place is never written through, and --no-cache leaves no folder.

The framework here is a small stand-in for googletest in the project's own include folder
(so the test needs no installed framework, and its header can be touched).

Run by ctest with SSOT_BIN pointing at the binary.
"""
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

SSOT = os.environ.get("SSOT_BIN", os.path.join(os.getcwd(), "build", "ssot"))

GTEST = """#ifndef FAKE_GTEST_H
#define FAKE_GTEST_H
#include <stddef.h>
namespace testing { struct Test { virtual ~Test() {} }; }
#define TEST(s, n) void s##_##n##_test()
#define EXPECT_EQ(a, b) ((void)((a) == (b)))
#define EXPECT_TRUE(a) ((void)(a))
#endif
"""

def source_of(name):
    return """#include "gtest/gtest.h"
#include <stdint.h>

static int twice(int v) { return 2 * v; }

TEST(%s, Empty) {
}

TEST(%s, Same) {
    int x = twice(2);
    EXPECT_EQ(x, x);
}

TEST(%s, Good) {
    EXPECT_EQ(twice(2), 4);
}
""" % (name, name, name)


def run(args, env_extra=None, cwd=None):
    env = dict(os.environ)
    env.pop("SSOT_NO_PCH", None)
    env.update(env_extra or {})
    return subprocess.run([SSOT] + args, capture_output=True, text=True, env=env, cwd=cwd)


class PrecompiledHeaders(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, "include", "gtest"))
        os.makedirs(os.path.join(self.dir, "tests"))
        self.header = os.path.join(self.dir, "include", "gtest", "gtest.h")
        with open(self.header, "w") as f:
            f.write(GTEST)
        self.write_db("")
        self.files = []
        for name in ("a", "b", "c"):
            path = os.path.join(self.dir, "tests", "%s_test.cc" % name)
            with open(path, "w") as f:
                f.write(source_of(name.upper()))
            self.files.append(path)
        self.cache = os.path.join(self.dir, "cache")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write_db(self, extra):
        db = [{"directory": self.dir,
               "command": "c++ -std=c++17 %s -I%s/include -c tests/%s_test.cc" % (extra, self.dir, n),
               "file": "tests/%s_test.cc" % n} for n in ("a", "b", "c")]
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump(db, f)

    def check(self, args, env_extra=None):
        r = run(["check", "--output-format", "json", "--threads", "1", "--exit-zero",
                 "--select", "PH001,PH004,E"] + args + ["tests"], env_extra, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("rror", r.stderr)
        return json.loads(r.stdout)

    def baseline(self):
        found = self.check(["--no-cache"], {"SSOT_NO_PCH": "1"})
        # EXPECT_EQ(x, x) is not reported: the project defines the assertion macro (its
        # header, in the PCH, is seen)
        self.assertEqual(sorted(d["code"] for d in found), ["PH001"] * 3)
        return found

    def pch_files(self, ext):
        return glob.glob(os.path.join(self.cache, "v*-pch", "*." + ext))

    def cold_facts(self):
        # the facts cache forgets the files; the PCHs stay
        for d in glob.glob(os.path.join(self.cache, "v*-f*")) + glob.glob(
                os.path.join(self.cache, "runs*")):
            shutil.rmtree(d, ignore_errors=True) if os.path.isdir(d) else os.unlink(d)

    def test_built_once_and_same_findings(self):
        want = self.baseline()
        self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        self.assertEqual(len(self.pch_files("pch")), 1)
        self.assertEqual(len(self.pch_files("deps")), 1)
        with open(self.pch_files("deps")[0]) as f:
            deps = f.read()
        self.assertTrue(deps.startswith("ssot-pch 1 "))
        self.assertIn(self.header, deps)
        # every file loads it now
        self.cold_facts()
        self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        self.assertEqual(len(self.pch_files("pch")), 1)

    def test_corrupt_pch_is_rebuilt(self):
        want = self.baseline()
        self.check(["--cache-dir", self.cache])
        pch = self.pch_files("pch")[0]
        size = os.path.getsize(pch)
        with open(pch, "r+b") as f:
            f.seek(size // 2)
            f.write(b"\xff" * 4096)
        self.cold_facts()
        self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        with open(pch, "rb") as f:
            f.seek(size // 2)
            self.assertTrue(f.read(4096) != b"\xff" * 4096, "the corrupt PCH was kept")

    def test_edited_header_rebuilds(self):
        want = self.baseline()
        self.check(["--cache-dir", self.cache])
        pch = self.pch_files("pch")[0]
        before = os.stat(pch).st_mtime_ns
        with open(self.header, "a") as f:
            f.write("// edited\n")
        self.cold_facts()
        self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        self.assertNotEqual(os.stat(pch).st_mtime_ns, before)

    def plant_foreign(self, same_key):
        # a valid PCH of other flags (MODE=2 where the files are built with MODE=1), with
        # its own manifest, put under this key's name
        self.write_db("-DMODE=1")
        want = self.baseline()
        self.check(["--cache-dir", self.cache])
        pch = self.pch_files("pch")[0]
        deps = self.pch_files("deps")[0]
        with open(deps) as f:
            own_head = f.readline()
        other = os.path.join(self.dir, "other")
        self.write_db("-DMODE=2")
        self.check(["--cache-dir", other])
        self.write_db("-DMODE=1")
        (opch,) = glob.glob(os.path.join(other, "v*-pch", "*.pch"))
        (odeps,) = glob.glob(os.path.join(other, "v*-pch", "*.deps"))
        with open(odeps) as f:
            head = f.readline()
            rest = f.read()
        shutil.copyfile(opch, pch)
        with open(deps, "w") as f:
            f.write((own_head if same_key else head) + rest)
        self.cold_facts()
        self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        with open(pch, "rb") as a, open(opch, "rb") as b:
            self.assertTrue(a.read() != b.read(), "the foreign PCH was kept")

    def test_foreign_manifest_refused(self):
        self.plant_foreign(same_key=False)

    def test_pch_libclang_refuses_is_rebuilt(self):
        # the manifest is made to match: libclang itself refuses the PCH (a macro differs)
        self.plant_foreign(same_key=True)

    def test_link_in_place_is_left_alone(self):
        want = self.baseline()
        self.check(["--cache-dir", self.cache])
        pch = self.pch_files("pch")[0]
        os.unlink(self.pch_files("deps")[0])  # forces a rebuild
        victim = os.path.join(self.dir, "victim")
        with open(victim, "w") as f:
            f.write("keep me")
        os.unlink(pch)
        os.symlink(victim, pch)
        self.cold_facts()
        self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        self.assertTrue(os.path.islink(pch))
        with open(victim) as f:
            self.assertEqual(f.read(), "keep me")

    def test_framework_that_does_not_compile_alone(self):
        # errors in the framework's header: no PCH (its errors would not be the file's),
        # the manifest says so, and later runs do not try again
        with open(self.header, "a") as f:
            f.write("int broken = not_declared;\n")
        want = self.check(["--no-cache"], {"SSOT_NO_PCH": "1"})
        self.assertIn("E003", [d["code"] for d in want])
        for _ in range(3):
            self.cold_facts()
            self.assertEqual(self.check(["--cache-dir", self.cache]), want)
        self.assertEqual(self.pch_files("pch"), [])
        (deps,) = self.pch_files("deps")
        with open(deps) as f:
            self.assertIn(" failed\n", f.read())
        before = os.stat(deps).st_mtime_ns
        self.cold_facts()
        self.check(["--cache-dir", self.cache])
        self.assertEqual(os.stat(deps).st_mtime_ns, before)

    def test_no_cache_leaves_no_folder(self):
        want = self.baseline()
        tmp = os.path.join(self.dir, "tmp")
        os.makedirs(tmp)
        self.assertEqual(self.check(["--no-cache"], {"TMPDIR": tmp}), want)
        self.assertEqual(os.listdir(tmp), [])


if __name__ == "__main__":
    unittest.main()
