"""End-to-end tests of how the C/C++ front end gets libclang: loaded with dlopen at the first
C/C++ file of a run (a Python or JavaScript run never maps it), and a missing library makes
each C/C++ file one E001 naming the library while the other files are checked as usual."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import ProjectTestCase, run  # noqa: E402

C_TEST = ("#include <assert.h>\n"
          "static int add(int a, int b) { return a + b; }\n"
          "void test_add(void) { assert(add(1, 2) == 3); }\n"
          "int main(void) { test_add(); return 0; }\n")
PY_TEST = "def test_nothing():\n    pass\n"
MISSING = "/nonexistent/libclang-missing.so"


def loaded_libraries(r):
    """The libraries the dynamic loader reported opening (LD_DEBUG=files, on stderr)."""
    return [line for line in r.stderr.decode(errors="replace").splitlines()
            if "file=" in line and "[0];" in line]


class Loading(ProjectTestCase):
    def test_a_python_run_never_loads_libclang(self):
        p = self.project({"tests/test_a.py": PY_TEST})
        r = run(["check", "--no-cache", "--no-project-context", "tests/test_a.py"], p.root,
                env={"LD_DEBUG": "files"})
        self.assertEqual(r.returncode, 1, r.stderr.decode(errors="replace")[-2000:])
        libs = loaded_libraries(r)
        self.assertTrue(libs, "LD_DEBUG=files printed nothing")
        self.assertFalse([x for x in libs if "libclang" in x], libs)

    def test_a_c_file_loads_it_when_it_is_parsed(self):
        p = self.project({"tests/test_add.c": C_TEST})
        r = run(["check", "--no-cache", "--no-project-context", "tests/test_add.c"], p.root,
                env={"LD_DEBUG": "files"})
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace")[-2000:])
        self.assertTrue([x for x in loaded_libraries(r) if "libclang" in x])

    def test_missing_libclang_is_e001_on_each_c_file_and_the_rest_is_checked(self):
        p = self.project({"tests/test_add.c": C_TEST, "tests/test_more.c": C_TEST,
                          "tests/test_a.py": PY_TEST})
        r = run(["check", "--no-cache", "--output-format", "json", "--no-project-context", "."],
                p.root, env={"SSOT_LIBCLANG": MISSING})
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        got = sorted((f["filename"], f["code"]) for f in json.loads(r.stdout))
        self.assertEqual(got, [("tests/test_a.py", "PH001"), ("tests/test_add.c", "E001"),
                               ("tests/test_more.c", "E001")])
        for f in json.loads(r.stdout):
            if f["code"] == "E001":
                self.assertIn(f"libclang ({MISSING}) could not be loaded", f["message"])
                self.assertTrue(f["message"].endswith("; not analysed"), f["message"])
                self.assertNotIn("\n", f["message"])

    def test_missing_libclang_for_a_named_c_file_exits_two(self):
        p = self.project({"tests/test_add.c": C_TEST})
        self.assert_exits_two(p, "--no-cache", "--no-project-context", "tests/test_add.c",
                              says=f"libclang ({MISSING}) could not be loaded",
                              env={"SSOT_LIBCLANG": MISSING})

    def test_a_library_without_libclang_functions_is_named(self):
        p = self.project({"tests/test_add.c": C_TEST})
        r = run(["check", "--no-cache", "--output-format", "json", "--no-project-context", "."],
                p.root, env={"SSOT_LIBCLANG": "libc.so.6"})
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        [f] = json.loads(r.stdout)
        self.assertEqual(f["code"], "E001")
        self.assertIn("libclang (libc.so.6) has no function clang_", f["message"])


if __name__ == "__main__":
    unittest.main()
