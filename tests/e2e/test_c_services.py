"""End-to-end tests of the SG and DD rules on C and C++ service code: the fixture project
fixtures/projects/dd_c (a function copied token for token into a C++ file, a near-copy with
renamed variables, a struct and a macro constant copied between headers; a one-line helper
copied, a macro default under `#ifndef`, a generated single-file build and a vendored copy
stay silent), whose `// expect: CODE` markers name
every finding a run must report and nothing else; and singletons and file-scope state."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, MarkedProjectTestCase, ProjectTestCase, run  # noqa: E402

PROJECTS = os.path.join(SOURCE_DIR, "fixtures", "projects")


def check(project, *args):
    r = run(["check", "--output-format", "json", *args], project)
    return r, json.loads(r.stdout or "[]")


class Duplicates(MarkedProjectTestCase):
    project = os.path.join(PROJECTS, "dd_c")

    def test_exactly_the_marked_copies_are_reported(self):
        r, findings = check(self.project, "--select", "DD")
        got = self.assert_exactly_marked(r, findings, self.project)
        self.assertEqual(len(got), 4)

    def test_a_copy_names_the_canonical_definition(self):
        _, findings = check(self.project, "--select", "DD")
        by_file = {(f["filename"], f["code"]): f for f in findings}
        near = by_file[("src/legacy_checksum.c", "DD003")]
        self.assertEqual(near["related"][0]["filename"], "src/checksum.c")
        self.assertIn("`include/geo.point`", by_file[("include/shapes.h", "DD001")]["message"])


class Singletons(ProjectTestCase):
    def test_meyers_singleton_and_globals(self):
        p = self.project({
            "ssot.toml": '[singletons]\nreport = "all"\n',
            "src/registry.cpp": (
                "#include <map>\n"
                "class Registry {\n"
                "public:\n"
                "    static Registry& instance() { static Registry r; return r; }\n"
                "    void add(int k, int v) { items_[k] = v; }\n"
                "private:\n"
                "    Registry() = default;\n"
                "    std::map<int, int> items_;\n"
                "};\n"),
            "src/state.c": (
                "static int calls;\n"
                "int total;\n"
                "const int limit = 3;\n"
                "void hit(int n) { calls++; total += n; }\n"),
        })
        r, findings = check(p.root)
        got = sorted((f["filename"], f["location"]["row"], f["code"]) for f in findings)
        self.assertEqual(got, [("src/registry.cpp", 2, "SG001"), ("src/state.c", 1, "SG005"),
                               ("src/state.c", 2, "SG005")])
        msgs = {f["location"]["row"]: f["message"] for f in findings
                if f["filename"] == "src/state.c"}
        self.assertIn("file-local `calls`", msgs[1])
        self.assertIn("module-level `total`", msgs[2])

    def test_test_files_and_macros_make_no_state(self):
        p = self.project({
            "ssot.toml": '[singletons]\nreport = "all"\n',
            "src/macro.c": (
                "#define COUNTER(n) static int n##_count; void n##_hit(void) { n##_count++; }\n"
                "COUNTER(requests)\n"),
        })
        _, findings = check(p.root, "--select", "SG")
        self.assertEqual(findings, [])


if __name__ == "__main__":
    unittest.main()
