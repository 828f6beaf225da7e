"""End-to-end tests of the C/C++ front end's build facts (analyzer/frontend/c/c_build.c): a
test whose program the build judges other than by its own assertions - CTest `WILL_FAIL`,
`PASS_REGULAR_EXPRESSION`, a script test that runs it, a script beside it that names it, or
its file's own main checking what the tests did - is not reported as asserting nothing
(PH002) or empty (PH001); the same test in a plain program is. A `doctest::skip()` test case
whose program a CTest command runs with `--no-skip` runs (no PH005); without one it never does.

Run by ctest with SSOT_BIN pointing at the binary.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

SSOT = os.environ.get("SSOT_BIN", os.path.join(os.getcwd(), "build", "ssot"))

TEST = """#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

extern void leak(void);

static void leaks(void **state)
{
    (void)state;
    leak();
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(leaks)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
"""

MAIN_CHECKS = """#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

static int runs;

static void counts(void **state)
{
    (void)state;
    runs++;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(counts)};
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (runs != 1)
        abort();
    return failed;
}
"""


class CProject(unittest.TestCase):
    """A temporary git work tree the test writes its files into, checked for one rule."""

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, ".git"))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def reported(self, code):
        """The files `code` reports, sorted."""
        p = subprocess.run([SSOT, "check", ".", "--no-cache", "--select", code,
                            "--output-format", "json"], cwd=self.dir, capture_output=True,
                           text=True, timeout=300)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        return sorted(d["filename"] for d in json.loads(p.stdout) if d["code"] == code)


class BuildVerdict(CProject):
    def ph002(self):
        return self.reported("PH002")

    def test_plain_program_is_reported(self):
        self.write("tests/test_leak.c", TEST)
        self.write("tests/CMakeLists.txt",
                   "add_executable(test_leak test_leak.c)\nadd_test(NAME test_leak COMMAND test_leak)\n")
        self.assertEqual(self.ph002(), ["tests/test_leak.c"])

    def test_will_fail_program_is_not(self):
        self.write("tests/test_leak.c", TEST)
        self.write("tests/CMakeLists.txt",
                   "add_executable(leaker test_leak.c)\n"
                   "add_test(NAME leak_is_caught COMMAND leaker)\n"
                   "set_tests_properties(leak_is_caught PROPERTIES WILL_FAIL ON)\n")
        self.assertEqual(self.ph002(), [])

    def test_pass_expression_on_a_parent_list_counts(self):
        self.write("tests/test_leak.c", TEST)
        self.write("CMakeLists.txt",
                   "set(SOURCES tests/test_leak.c)\n"
                   "add_executable(leaker ${SOURCES})\n"
                   "add_test(NAME leak_output COMMAND $<TARGET_FILE:leaker>)\n"
                   "set_tests_properties(leak_output PROPERTIES PASS_REGULAR_EXPRESSION \"FAILED\")\n")
        self.assertEqual(self.ph002(), [])

    def test_a_script_test_that_runs_the_program_counts(self):
        self.write("tests/test_leak.c", TEST)
        self.write("tests/CMakeLists.txt",
                   "add_executable(leaker test_leak.c)\n"
                   "add_test(NAME leak_script COMMAND ${PYTHON_EXECUTABLE} check.py $<TARGET_FILE:leaker>)\n")
        self.assertEqual(self.ph002(), [])

    def test_a_script_beside_it_that_names_the_program_counts(self):
        self.write("tests/test_leak.c", TEST)
        self.write("tests/test_leak_output.py", "PROGRAM = 'test_leak'\n")
        self.assertEqual(self.ph002(), [])

    def test_a_property_of_another_test_does_not(self):
        self.write("tests/test_leak.c", TEST)
        self.write("tests/CMakeLists.txt",
                   "add_executable(test_leak test_leak.c)\nadd_test(NAME test_leak COMMAND test_leak)\n"
                   "add_test(NAME other COMMAND other)\n"
                   "set_tests_properties(other PROPERTIES WILL_FAIL ON)\n")
        self.assertEqual(self.ph002(), ["tests/test_leak.c"])

    def test_main_that_checks_the_tests_counts(self):
        self.write("tests/test_counts.c", MAIN_CHECKS)
        self.assertEqual(self.ph002(), [])


DOCTEST = """#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

static int f() { return 1; }

TEST_CASE("slow" * doctest::skip()) {
    CHECK(f() == 1);
}
"""

# a project module that registers every test program, as nlohmann/json's cmake/test.cmake
REGISTER = """function(register_test file)
    get_filename_component(name ${file} NAME_WE)
    set(target ${name}_cpp11)
    add_executable(${target} ${file})
    add_test(NAME ${target} COMMAND ${target} %s)
endfunction()
"""


class DoctestNoSkip(CProject):
    def setUp(self):
        super().setUp()
        self.write("tests/src/unit-slow.cpp", DOCTEST)

    def ph005(self):
        return self.reported("PH005")

    def test_a_module_registering_with_no_skip_runs_it(self):
        self.write("cmake/tests.cmake", REGISTER % "--no-skip")
        self.write("tests/CMakeLists.txt",
                   "include(tests)\nfile(GLOB files src/unit-*.cpp)\n"
                   "foreach(file ${files})\n  register_test(${file})\nendforeach()\n")
        self.assertEqual(self.ph005(), [])

    def test_the_short_option_on_its_own_program_runs_it(self):
        self.write("tests/CMakeLists.txt",
                   "add_executable(slow src/unit-slow.cpp)\n"
                   "add_test(NAME slow COMMAND slow -ns)\n")
        self.assertEqual(self.ph005(), [])

    def test_a_registration_without_it_does_not(self):
        self.write("cmake/tests.cmake", REGISTER % "--success")
        self.write("tests/CMakeLists.txt",
                   "include(tests)\nfile(GLOB files src/unit-*.cpp)\n"
                   "foreach(file ${files})\n  register_test(${file})\nendforeach()\n")
        self.assertEqual(self.ph005(), ["tests/src/unit-slow.cpp"])

    def test_no_skip_for_another_program_does_not(self):
        self.write("tests/CMakeLists.txt",
                   "add_executable(slow src/unit-slow.cpp)\n"
                   "add_test(NAME slow COMMAND slow)\n"
                   "add_test(NAME other COMMAND other --no-skip)\n")
        self.assertEqual(self.ph005(), ["tests/src/unit-slow.cpp"])

    def test_no_skip_false_does_not(self):
        self.write("tests/CMakeLists.txt",
                   "add_executable(slow src/unit-slow.cpp)\n"
                   "add_test(NAME slow COMMAND slow --no-skip=false)\n")
        self.assertEqual(self.ph005(), ["tests/src/unit-slow.cpp"])


if __name__ == "__main__":
    unittest.main()
