"""End-to-end tests of the C/C++ front end's test doubles (analyzer/frontend/c/c_doubles.c)
across files: a test that reads back what it told a cmocka mock to return is mock-only
(MO001), unless the project is the double library itself - it declares cmocka's `mock`
macro in its own code, outside test and vendored folders - whose tests test the library.

Run by ctest with SSOT_BIN pointing at the binary.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

SSOT = os.environ.get("SSOT_BIN", os.path.join(os.getcwd(), "build", "ssot"))
CMOCKA_H = "/usr/include/cmocka.h"

TEST = """#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static int next_id(void)
{
    return mock_type(int);
}

static void reads_its_own_value(void **state)
{
    (void)state;
    will_return(next_id, 7);
    assert_int_equal(next_id(), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(reads_its_own_value)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
"""


@unittest.skipUnless(os.path.exists(CMOCKA_H), "cmocka's header is not installed")
class DoubleLibrary(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, ".git"))
        os.makedirs(os.path.join(self.dir, "tests"))
        with open(os.path.join(self.dir, "tests", "test_ids.c"), "w", encoding="utf-8") as f:
            f.write(TEST)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def own_header(self, folder):
        os.makedirs(os.path.join(self.dir, folder))
        shutil.copy(CMOCKA_H, os.path.join(self.dir, folder, "cmocka.h"))
        with open(os.path.join(self.dir, "compile_commands.json"), "w", encoding="utf-8") as f:
            json.dump([{"directory": self.dir, "file": "tests/test_ids.c",
                        "arguments": ["cc", "-I" + folder, "-c", "tests/test_ids.c"]}], f)

    def mo001(self):
        p = subprocess.run([SSOT, "check", ".", "--no-cache", "--select", "MO001",
                            "--output-format", "json"], cwd=self.dir, capture_output=True,
                           text=True, timeout=300)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        return sorted(d["filename"] for d in json.loads(p.stdout) if d["code"] == "MO001")

    def test_installed_library_is_reported(self):
        self.assertEqual(self.mo001(), ["tests/test_ids.c"])

    def test_project_that_declares_mock_is_the_library(self):
        self.own_header("include")
        self.assertEqual(self.mo001(), [])

    def test_vendored_copy_is_not_the_library(self):
        self.own_header("third_party/cmocka/include")
        self.assertEqual(self.mo001(), ["tests/test_ids.c"])


if __name__ == "__main__":
    unittest.main()
