"""End-to-end tests of the command-line habits Ruff users bring: --add-noqa (round trip,
line endings and encodings kept, files without findings untouched), --show-files, --exclude
and --extend-exclude, -e, --watch, did-you-mean for options and commands, `ssot help
COMMAND`, and the json-lines and rdjson formats (with --statistics where it applies).
"""
import json
import os
import select
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import PLACEHOLDERS, SSOT, ProjectTestCase, run  # noqa: E402

CLEAN = "def test_add():\n    assert add(1, 2) == 3\n"



# PH001 and PH003 are preview on JavaScript/TypeScript (docs/eval.md): named in full, they run
JS_PH = {"pyproject.toml": '[tool.ssot]\nextend-select = ["PH001", "PH003"]\n'}

class AddNoqa(ProjectTestCase):
    def test_round_trip_suppresses_every_finding_and_the_next_run_is_clean(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS, "tests/test_clean.py": CLEAN,
                          "app/service.py": "def f():\n    return 1\n"})
        first = run(["check"], p.root)
        self.assertEqual(first.returncode, 1)
        clean = os.path.join(p.root, "tests/test_clean.py")
        service = os.path.join(p.root, "app/service.py")
        old = {f: (os.stat(f).st_mtime_ns, open(f, "rb").read()) for f in (clean, service)}
        time.sleep(0.02)
        r = run(["check", "--add-noqa"], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b"added 2 suppressions in 1 file", r.stderr)
        with open(os.path.join(p.root, "tests/test_a.py")) as f:
            text = f.read()
        self.assertIn("def test_empty():  # ssot: ignore[PH001]\n", text)
        self.assertIn("assert True  # ssot: ignore[PH003]\n", text)
        for f, (mtime, content) in old.items():
            self.assertEqual(os.stat(f).st_mtime_ns, mtime, f)
            self.assertEqual(open(f, "rb").read(), content)
        second = run(["check"], p.root)
        self.assertEqual(second.returncode, 0, second.stdout.decode())
        self.assertIn(b"2 suppressed", second.stdout)
        again = run(["check", "--add-noqa"], p.root)
        self.assertIn(b"added 0 suppressions in 0 files", again.stderr)

    def test_keeps_crlf_and_latin1_and_merges_with_existing_comments(self):
        latin1 = ("# -*- coding: latin-1 -*-\r\n"
                  "def test_caf\u00e9():\r\n"
                  "    pass  # ssot: ignore[MO001]\r\n"
                  "\r\n"
                  "def test_b():  # noqa: E501\r\n"
                  "    assert True\r\n").encode("latin-1")
        p = self.project({"tests/test_l.py": latin1})
        r = run(["check", "--add-noqa"], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(os.path.join(p.root, "tests/test_l.py"), "rb") as f:
            data = f.read()
        want = ("# -*- coding: latin-1 -*-\r\n"
                "def test_caf\u00e9():  # ssot: ignore[PH001]\r\n"
                "    pass  # ssot: ignore[MO001]\r\n"
                "\r\n"
                "def test_b():  # noqa: E501\r\n"
                "    assert True  # ssot: ignore[PH003]\r\n").encode("latin-1")
        self.assertEqual(data, want)
        # a finding on a line that already has an ssot comment joins its list
        p2 = self.project({"tests/test_m.py": "def test_x():\n    assert True  # ssot: ignore[MO001]\n"})
        run(["check", "--add-noqa"], p2.root)
        with open(os.path.join(p2.root, "tests/test_m.py")) as f:
            self.assertIn("# ssot: ignore[MO001, PH003]", f.read())

    def test_never_writes_inside_a_string_or_after_a_backslash(self):
        text = ('def test_doc():\n'
                '    """A docstring\n'
                '    over two lines"""; assert True\n'
                '\n\n'
                'def test_in_string():\n'
                '    x = """# not a comment\n'
                '    """\n'
                '    assert True\n'
                '\n\n'
                'def test_hash_in_string():\n'
                '    assert "#" == "#"\n'
                '\n\n'
                'def test_continued():\n'
                '    assert True \\\n'
                '        and True\n')
        p = self.project({"tests/test_s.py": text})
        r = run(["check", "--add-noqa"], p.root)
        self.assertIn(b"added 3 suppressions in 1 file", r.stderr)
        self.assertIn(b"1 line with findings left as it was", r.stderr)
        with open(os.path.join(p.root, "tests/test_s.py")) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[2], '    over two lines"""; assert True  # ssot: ignore[PH003]')
        self.assertEqual(lines[6], '    x = """# not a comment')
        self.assertEqual(lines[8], "    assert True  # ssot: ignore[PH003]")
        self.assertEqual(lines[12], '    assert "#" == "#"  # ssot: ignore[PH003]')
        self.assertEqual(lines[16], "    assert True \\")
        compile("\n".join(lines), "test_s.py", "exec")

    def test_javascript_round_trip_writes_line_comments(self):
        ts = ("test('does nothing', () => {});\n"
              "\n"
              "test('constant', () => {\n"
              "  expect(true).toBe(true); // eslint-disable-line\r\n"
              "  expect(1).toBe(1);\n"
              "});\n")
        p = self.project({"src/a.test.ts": ts, "tests/test_p.py": "def test_a():\n    pass\n",
                          **JS_PH})
        r = run(["check", "--add-noqa"], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b"added 4 suppressions in 2 files", r.stderr)
        with open(os.path.join(p.root, "src/a.test.ts"), newline="") as f:
            self.assertEqual(f.read(), (
                "test('does nothing', () => {});  // ssot: ignore[PH001]\n"
                "\n"
                "test('constant', () => {\n"
                "  expect(true).toBe(true); // eslint-disable-line  // ssot: ignore[PH003]\r\n"
                "  expect(1).toBe(1);  // ssot: ignore[PH003]\n"
                "});\n"))
        second = run(["check"], p.root)
        self.assertEqual(second.returncode, 0, second.stdout.decode())
        again = run(["check", "--add-noqa"], p.root)
        self.assertIn(b"added 0 suppressions in 0 files", again.stderr)

    def test_javascript_merges_and_never_writes_inside_a_literal(self):
        js = ("test('merge', () => {\n"
              "  expect(1).toBe(1); // ssot: ignore[MO001]\n"
              "});\n"
              "\n"
              "test(`empty, titled\n"
              "  over two lines`, () => {});\n"
              "\n"
              "test('regex', () => { expect(/x/).toBe(/x/); });\n")
        p = self.project({"tests/a.test.js": js, **JS_PH})
        r = run(["check", "--add-noqa"], p.root)
        self.assertIn(b"1 line with findings left as it was", r.stderr, r.stderr.decode())
        with open(os.path.join(p.root, "tests/a.test.js")) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[1], "  expect(1).toBe(1); // ssot: ignore[MO001, PH003]")
        self.assertEqual(lines[4], "test(`empty, titled")
        self.assertEqual(lines[5], "  over two lines`, () => {});")

    def test_typescript_type_only_star_export_is_no_syntax_error_here_either(self):
        # tree-sitter-typescript 0.23.2 reads `export type *` with an ERROR node, which the
        # front end knows for the grammar's gap: --add-noqa must too, in a .ts file (a .js
        # file keeps its syntax error and its lines)
        ts = ("export type * from './types';\n"
              "\n"
              "test('does nothing', () => {});\n")
        p = self.project({"src/a.test.ts": ts, "src/b.test.js": ts, "src/types.ts":
                          "export type T = number;\n", **JS_PH})
        r = run(["check", "--add-noqa"], p.root)
        self.assertIn(b"added 1 suppression in 1 file", r.stderr, r.stderr.decode())
        self.assertIn(b"1 line with findings left as it was", r.stderr)
        with open(os.path.join(p.root, "src/a.test.ts")) as f:
            self.assertEqual(f.read().splitlines()[2],
                             "test('does nothing', () => {});  // ssot: ignore[PH001]")
        with open(os.path.join(p.root, "src/b.test.js")) as f:
            self.assertEqual(f.read(), ts)

    def test_a_symlink_stays_a_link_and_its_target_is_written(self):
        p = self.project({"shared/checks.py": PLACEHOLDERS})
        os.makedirs(os.path.join(p.root, "tests"))
        link = os.path.join(p.root, "tests/test_link.py")
        os.symlink("../shared/checks.py", link)
        r = run(["check", "--add-noqa", "tests/test_link.py"], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertTrue(os.path.islink(link))
        with open(os.path.join(p.root, "shared/checks.py")) as f:
            self.assertIn("# ssot: ignore[PH001]", f.read())

    def test_a_hard_linked_file_is_left_alone_with_a_warning(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        os.link(os.path.join(p.root, "tests/test_a.py"), os.path.join(p.root, "copy.txt"))
        r = run(["check", "--add-noqa"], p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"hard links", r.stderr)
        with open(os.path.join(p.root, "tests/test_a.py")) as f:
            self.assertEqual(f.read(), PLACEHOLDERS)

    def test_cannot_go_with_watch_or_write_baseline(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        for other in ("--watch", "--write-baseline", "--statistics"):
            r = run(["check", "--add-noqa", other], p.root)
            self.assertEqual(r.returncode, 2, other)


class ShowFilesAndExcludes(ProjectTestCase):
    FILES = {"tests/test_a.py": PLACEHOLDERS, "app/service.py": "X = 1\n",
             "legacy/test_old.py": PLACEHOLDERS}

    def show(self, p, *args):
        r = run(["check", "--show-files", *args], p.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return [line.split() for line in r.stdout.decode().splitlines()]

    def test_show_files_lists_each_file_with_its_role(self):
        p = self.project(self.FILES)
        self.assertEqual(self.show(p), [["service", "app/service.py"],
                                        ["test", "legacy/test_old.py"],
                                        ["test", "tests/test_a.py"]])

    def test_extend_exclude_adds_and_exclude_replaces(self):
        p = self.project({**self.FILES, "pyproject.toml": '[tool.ssot]\nexclude = ["app"]\n'})
        self.assertEqual([f for _, f in self.show(p)], ["legacy/test_old.py", "tests/test_a.py"])
        self.assertEqual([f for _, f in self.show(p, "--extend-exclude", "legacy")],
                         ["tests/test_a.py"])
        self.assertEqual([f for _, f in self.show(p, "--exclude", "tests,legacy")],
                         ["app/service.py"])
        r = run(["check", "--extend-exclude", "legacy", "-q"], p.root)
        self.assertNotIn(b"legacy", r.stdout)
        r = run(["check", "--exclude", "[", "-q"], p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--exclude", r.stderr)

    def test_e_is_exit_zero(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        self.assertEqual(run(["check", "-e"], p.root).returncode, 0)
        self.assertEqual(run(["check"], p.root).returncode, 1)


class DidYouMean(ProjectTestCase):
    def test_mistyped_option_and_command(self):
        p = self.project({"tests/test_a.py": CLEAN})
        r = run(["check", "--selct", "PH"], p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"did you mean `--select`?", r.stderr)
        r = run(["check", "--exit-zeor"], p.root)
        self.assertIn(b"did you mean `--exit-zero`?", r.stderr)
        r = run(["chekc"], p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"did you mean `check`?", r.stderr)
        r = run(["check", "--completely-different"], p.root)
        self.assertEqual(r.returncode, 2)
        self.assertNotIn(b"did you mean", r.stderr)

    def test_help_for_a_command_and_an_unknown_one(self):
        p = self.project({})
        r = run(["help", "check"], p.root)
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith(b"Usage: ssot check"))
        self.assertEqual(run(["help"], p.root).stdout, run(["--help"], p.root).stdout)
        r = run(["help", "nonsense"], p.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"unknown command `nonsense`", r.stderr)
        r = run(["help", "rulle"], p.root)
        self.assertIn(b"did you mean `rule`?", r.stderr)


class Formats(ProjectTestCase):
    def test_json_lines_is_one_json_finding_per_line(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        lines = self.check_output(p, "json-lines").stdout.decode().splitlines()
        as_json = json.loads(self.check_output(p, "json").stdout)
        self.assertEqual([json.loads(line) for line in lines], as_json)
        stats = self.check_output(p, "json-lines", "--statistics").stdout.decode().splitlines()
        rows = [json.loads(line) for line in stats]
        self.assertEqual([(r["code"], r["count"]) for r in rows], [("PH001", 1), ("PH003", 1)])

    def test_rdjson_has_reviewdogs_shape(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        doc = json.loads(self.check_output(p, "rdjson").stdout)
        self.assertEqual(doc["source"]["name"], "ssot")
        self.assertEqual(len(doc["diagnostics"]), 2)
        for d in doc["diagnostics"]:
            self.assertEqual(set(d), {"message", "location", "severity", "code"})
            self.assertIn(d["severity"], ("ERROR", "WARNING", "INFO"))
            self.assertEqual(d["location"]["path"], "tests/test_a.py")
            rng = d["location"]["range"]
            for end in ("start", "end"):
                self.assertEqual(set(rng[end]), {"line", "column"})
                self.assertGreaterEqual(rng[end]["line"], 1)
                self.assertGreaterEqual(rng[end]["column"], 1)
            self.assertRegex(d["code"]["value"], r"^PH00\d$")
            self.assertTrue(d["code"]["url"].endswith(d["code"]["value"] + ".md"))

    def test_rdjson_columns_count_utf8_bytes(self):
        p = self.project({"tests/test_u.py": 'def test_x():\n    s = "\u00e9\U0001F600"; assert True\n'})
        [d] = json.loads(self.check_output(p, "rdjson").stdout)["diagnostics"]
        line = '    s = "\u00e9\U0001F600"; assert True'
        start = len(line[:line.index("assert")].encode("utf-8")) + 1
        self.assertEqual(d["location"]["range"]["start"], {"line": 2, "column": start})
        self.assertEqual(d["location"]["range"]["end"],
                         {"line": 2, "column": start + len("assert True")})
        [j] = json.loads(self.check_output(p, "json").stdout)
        self.assertEqual(j["location"]["column"], line.index("assert") + 1)

    def test_statistics_refuses_formats_without_a_table(self):
        p = self.project({"tests/test_a.py": PLACEHOLDERS})
        r = run(["check", "--statistics", "--output-format", "rdjson"], p.root)
        self.assertEqual(r.returncode, 2)


class Watch(ProjectTestCase):
    def test_reruns_within_a_second_of_a_change_and_ctrl_c_exits_cleanly(self):
        p = self.project({"tests/test_a.py": CLEAN})
        proc = subprocess.Popen([SSOT, "check", "--watch", "-q", "--no-cache"], cwd=p.root,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        err = b""
        deadline = time.monotonic() + 10
        while b"watching for file changes" not in err and time.monotonic() < deadline:
            if select.select([proc.stderr], [], [], 0.5)[0]:
                err += os.read(proc.stderr.fileno(), 4096)
        self.assertIn(b"watching for file changes", err)
        changed = time.monotonic()
        p.write("tests/test_b.py", "def test_new():\n    pass\n")
        out = b""
        while b"test_new" not in out and time.monotonic() < changed + 5:
            if select.select([proc.stdout], [], [], 0.1)[0]:
                out += os.read(proc.stdout.fileno(), 4096)
        self.assertIn(b"test_new", out)
        self.assertLess(time.monotonic() - changed, 1.0)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=5), 0)


if __name__ == "__main__":
    unittest.main()
