"""End-to-end tests of `ssot diff BASE [HEAD]` on a scripted git history
(fixtures/diff/history.py): every kind of change, every output format, the exit codes,
renamed files, the work tree as HEAD, the facts cache, and that the base side writes
nothing."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import GIT_ENV, SOURCE_DIR, git, run  # noqa: E402

HISTORY = os.path.join(SOURCE_DIR, "fixtures", "diff", "history.py")

# Each commit of the history, the one before it, and the changes `ssot diff` reports:
# (kind, rule code or None).
STEPS = [
    ("base", "weaken", [("assertion-weakened", None), ("assertion-weakened", None),
                        ("assertion-removed", None), ("always-true-added", "PH003")]),
    ("weaken", "skip", [("test-skipped", "PH005")]),
    ("skip", "empty", [("test-emptied", "PH001")]),
    ("empty", "stub", [("test-stubbed", "PH006")]),
    ("stub", "remove", [("test-removed", None)]),
    ("remove", "fix", [("assertion-added", None), ("placeholder-fixed", "PH001")]),
    ("fix", "contract", [("assertion-removed", None), ("contract-uncovered", "SS003")]),
    ("contract", "strengthen", [("assertion-strengthened", None)]),
    ("strengthen", "add", [("test-added", None), ("placeholder-added", "PH002")]),
    ("add", "rename", []),  # a moved file: its tests are followed, nothing changes
    ("rename", "double", [("service-double-added", "MO004")]),
    ("double", "singleton", [("singleton-added", "SG001")]),
    ("singleton", "duplicate", [("duplicate-added", "DD002")]),
]


WEAKER = {"test-removed", "assertion-removed", "assertion-weakened", "always-true-added",
          "test-skipped", "test-emptied", "test-stubbed", "placeholder-added",
          "service-double-added", "singleton-added", "duplicate-added", "contract-uncovered"}


def diff(root, *args, env=None):
    return run(["diff", *args], root, env=env)


def deltas(result):
    doc = json.loads(result.stdout)
    return doc, sorted((d["kind"], d["code"]) for d in doc["deltas"])


class HistoryCase(unittest.TestCase):
    """The scripted history, built once per class in a temporary folder."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ssot-diff-")
        cls.root = os.path.join(cls.tmp, "repo")
        subprocess.run([sys.executable, HISTORY, cls.root], check=True,
                       env={**os.environ, **GIT_ENV})

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def clone(self):
        """A private copy of the history whose work tree a test may change."""
        dest = tempfile.mkdtemp(prefix="ssot-diff-clone-")
        self.addCleanup(shutil.rmtree, dest, True)
        git(dest, "clone", "-q", self.root, "repo")
        return os.path.join(dest, "repo")


class History(HistoryCase):
    def test_every_kind_of_change(self):
        seen = set()
        for base, head, expected in STEPS:
            with self.subTest(f"{base}..{head}"):
                r = diff(self.root, base, head, "--output-format", "json")
                doc, found = deltas(r)
                self.assertEqual(found, sorted(expected), r.stderr.decode())
                weaker = any(d["weakens"] for d in doc["deltas"])
                self.assertEqual(weaker, any(k in WEAKER for k, _ in expected))
                self.assertEqual(r.returncode, 1 if weaker else 0)
                self.assertEqual(doc["base"]["rev"], base)
                self.assertEqual(doc["head"]["rev"], head)
                seen.update(k for k, _ in expected)
        # the reverse of the whole history: what only a stronger change shows
        r = diff(self.root, "duplicate", "base", "--output-format", "json")
        doc, found = deltas(r)
        kinds = {k for k, _ in found}
        self.assertTrue({"test-unskipped", "test-added", "finding-fixed",
                         "assertion-strengthened", "placeholder-fixed"} <= kinds, kinds)
        seen |= kinds
        documented = json.loads(diff(self.root, "base", "weaken", "--output-format", "json")
                                .stdout)["counts"].keys()
        self.assertEqual(seen, set(documented))  # every kind is exercised

    def test_the_findings_a_test_delta_carries(self):
        r = diff(self.root, "skip", "empty", "--output-format", "json")
        (d,) = json.loads(r.stdout)["deltas"]
        self.assertEqual((d["kind"], d["code"], d["path"], d["symbol"]),
                         ("test-emptied", "PH001", "tests/test_core.py", "test_empty_me"))
        self.assertTrue(d["weakens"] and d["fails"])

    def test_weakened_assertion_says_what_it_was_and_became(self):
        r = diff(self.root, "base", "weaken", "--output-format", "json")
        weakened = {d["symbol"]: (d["before"], d["after"])
                    for d in json.loads(r.stdout)["deltas"] if d["kind"] == "assertion-weakened"}
        self.assertEqual(weakened, {
            "test_eq": ("assert compute() == 3", "assert compute()"),
            "test_raises": ("pytest.raises(ValueError)", "pytest.raises(Exception)"),
        })

    def test_text_summary_answers_stronger_or_weaker(self):
        r = diff(self.root, "base", "weaken")
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 1)
        self.assertIn("tests/test_core.py:7: assertion-weakened [fail-on] `assert compute() == 3` "
                      "became `assert compute()` in `test_eq`: a comparison became a truth check",
                      out)
        self.assertIn("Weaker (4): assertions removed 1, assertions weakened 2, always-true "
                      "assertions added 1\nStronger (0): none\n", out)
        self.assertRegex(out, r"base \([0-9a-f]{12}\) → weaken \([0-9a-f]{12}\): the suite got "
                              r"weaker \(11 → 11 tests\); 4 changes are forbidden by \[diff\] "
                              r"fail-on\n$")
        out = diff(self.root, "remove", "fix").stdout.decode()
        self.assertIn("the suite got stronger", out)
        out = diff(self.root, "add", "rename").stdout.decode()
        self.assertIn("the suite got neither stronger nor weaker (12 → 12 tests)", out)

    def test_markdown_for_a_pull_request_comment(self):
        r = diff(self.root, "base", "duplicate", "--output-format", "markdown")
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 1)
        self.assertTrue(out.startswith("### ssot diff: the suite got both **stronger** and "
                                       "**weaker**\n"), out)
        self.assertIn("| change | count |\n|---|---:|\n", out)
        self.assertIn("| weaker: assertions weakened | 1 |", out)
        self.assertIn("#### Weaker\n\n| where | change | what |\n|---|---|---|\n", out)
        self.assertIn("| `tests/test_core.py:21` | test-skipped PH005 **(fail-on)** |", out)
        self.assertIn("<details><summary>Stronger (3)</summary>", out)
        out = diff(self.root, "base", "weaken", "--output-format", "markdown").stdout.decode()
        self.assertTrue(out.startswith("### ssot diff: the suite got **weaker**\n"), out)
        self.assertNotIn("<details>", out)  # nothing got stronger
        out = diff(self.root, "duplicate", "base", "--output-format", "markdown").stdout.decode()
        self.assertIn("<details><summary>Stronger (", out)

    def test_sarif_lists_only_the_new_findings(self):
        r = diff(self.root, "base", "duplicate", "--output-format", "sarif")
        log = json.loads(r.stdout)
        self.assertEqual(log["version"], "2.1.0")
        schema = os.path.normpath(os.path.join(SOURCE_DIR, "..", "shared", "schemas",
                                               "sarif-schema-2.1.0.json"))
        if os.path.exists(schema):  # ../shared/schemas beside the source tree, as test_formats
            import jsonschema
            with open(schema, encoding="utf-8") as f:
                jsonschema.Draft4Validator(json.load(f)).validate(log)
        results = sorted((x["ruleId"], x["locations"][0]["physicalLocation"]["artifactLocation"]
                          ["uri"]) for x in log["runs"][0]["results"])
        self.assertEqual(results, [
            ("DD002", "app/records.py"), ("MO004", "tests/e2e/test_api.py"),
            ("PH001", "tests/test_core.py"), ("PH002", "tests/test_core.py"),
            ("PH003", "tests/test_core.py"),
            ("PH005", "tests/test_core.py"), ("PH006", "tests/test_core.py"),
            ("SG001", "app/registry.py"), ("SS003", "tests/__init__.py"),
        ])
        # findings the change fixed or left alone are not there
        log = json.loads(diff(self.root, "remove", "fix", "--output-format", "sarif").stdout)
        self.assertEqual(log["runs"][0]["results"], [])

    def test_output_file(self):
        out = os.path.join(self.tmp, "diff.md")
        r = diff(self.root, "base", "weaken", "--output-format", "markdown", "--output-file", out)
        self.assertEqual((r.returncode, r.stdout), (1, b""))
        with open(out, encoding="utf-8") as f:
            self.assertIn("### ssot diff", f.read())

    def test_fail_on_chooses_what_exits_1(self):
        self.assertEqual(diff(self.root, "base", "weaken", "--fail-on", "none").returncode, 0)
        self.assertEqual(diff(self.root, "base", "weaken", "--fail-on",
                              "test-skipped,test-removed").returncode, 0)
        self.assertEqual(diff(self.root, "base", "weaken", "--fail-on",
                              "assertion-weakened").returncode, 1)
        self.assertEqual(diff(self.root, "base", "weaken", "--exit-zero").returncode, 0)
        r = diff(self.root, "base", "weaken", "--fail-on", "assertion-weaken")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown change `assertion-weaken`", r.stderr.decode())

    def test_fail_on_from_the_configuration(self):
        root = self.clone()
        with open(os.path.join(root, "pyproject.toml"), "a", encoding="utf-8") as f:
            f.write('\n[tool.ssot.diff]\nfail-on = ["test-skipped"]\n')
        self.assertEqual(diff(root, "base", "weaken").returncode, 0)
        r = diff(root, "weaken", "skip", "--output-format", "json")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(json.loads(r.stdout)["fail_on"], ["test-skipped"])
        # --fail-on wins over the configuration
        self.assertEqual(diff(root, "weaken", "skip", "--fail-on", "none").returncode, 0)
        # `ssot config` shows it
        self.assertIn('[diff]\nfail-on = ["test-skipped"]',
                      run(["config"], root).stdout.decode())

    def test_fail_on_typo_in_the_configuration(self):
        root = self.clone()
        with open(os.path.join(root, "pyproject.toml"), "a", encoding="utf-8") as f:
            f.write('\n[tool.ssot.diff]\nfail-on = ["test-skiped"]\n')
        r = diff(root, "base", "weaken")
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr.decode(), r"pyproject.toml:\d+:\d+: unknown change "
                                            r"`test-skiped` in `diff.fail-on`; did you mean "
                                            r"`test-skipped`\?")
        with open(os.path.join(root, "pyproject.toml"), "a", encoding="utf-8") as f:
            f.write("fail-of = []\n")
        r = diff(root, "base", "weaken")
        self.assertEqual(r.returncode, 2)

    def test_bad_revisions_and_places(self):
        r = diff(self.root, "no-such-branch")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown revision `no-such-branch`", r.stderr.decode())
        r = diff(self.root, "base", "no-such-tag")
        self.assertEqual(r.returncode, 2)
        r = diff(self.root, "base..weaken")
        self.assertEqual(r.returncode, 2)
        self.assertIn("give BASE and HEAD as two arguments", r.stderr.decode())
        self.assertEqual(diff(self.root).returncode, 2)  # BASE is required
        self.assertEqual(diff(self.root, "a", "b", "c").returncode, 2)
        self.assertEqual(diff(self.root, "base", "--output-format", "junit").returncode, 2)
        outside = tempfile.mkdtemp(prefix="ssot-diff-nogit-")
        self.addCleanup(shutil.rmtree, outside, True)
        r = diff(outside, "HEAD")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not inside a git work tree", r.stderr.decode())

    def test_merge_base_of_a_branch(self):
        # `A...B` is where B left A, as for `ssot check --diff`: here `weaken` itself
        r = diff(self.root, "duplicate...weaken", "skip", "--output-format", "json")
        doc, found = deltas(r)
        self.assertEqual(found, [("test-skipped", "PH005")])
        self.assertEqual(doc["base"]["commit"],
                         git(self.root, "rev-parse", "--short=12", "weaken").strip())

    def test_help(self):
        r = run(["diff", "--help"], self.root)
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.decode().startswith("Usage: ssot diff [options] BASE [HEAD]"))
        self.assertIn("diff BASE [HEAD]", run(["--help"], self.root).stdout.decode())


class WorkTree(HistoryCase):
    """HEAD left out: the work tree, with staged, unstaged and untracked changes."""

    def test_work_tree_is_the_default_head(self):
        root = self.clone()
        self.assertEqual(diff(root, "HEAD").returncode, 0)  # nothing changed
        path = os.path.join(root, "tests", "test_core.py")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("assert \"started\" in got", "assert got"))
        r = diff(root, "HEAD", "--output-format", "json")
        doc, found = deltas(r)
        self.assertEqual(found, [("assertion-weakened", None), ("contract-uncovered", "SS003")])
        self.assertIsNone(doc["head"]["rev"])
        self.assertEqual(r.returncode, 1)

    def test_renamed_file_in_the_work_tree_is_followed(self):
        root = self.clone()
        git(root, "mv", "tests/test_new_name.py", "tests/test_moved_again.py")
        os.makedirs(os.path.join(root, "tests", "more"))
        os.rename(os.path.join(root, "tests", "test_moved_again.py"),
                  os.path.join(root, "tests", "more", "test_untracked_move.py"))
        r = diff(root, "HEAD", "--output-format", "json")
        self.assertEqual(deltas(r)[1], [])
        self.assertEqual(r.returncode, 0)

    def test_a_test_moved_to_another_file_is_followed(self):
        root = self.clone()
        os.remove(os.path.join(root, "tests", "test_new_name.py"))
        with open(os.path.join(root, "tests", "test_core.py"), "a", encoding="utf-8") as f:
            f.write("\n\ndef test_moved():\n    assert compute()\n")
        r = diff(root, "HEAD", "--output-format", "json")
        doc, found = deltas(r)
        # followed: its weakening is reported where it lives now, not a removal
        self.assertEqual(found, [("assertion-weakened", None)])
        self.assertEqual(doc["deltas"][0]["path"], "tests/test_core.py")

    def test_ignored_files_are_left_out_of_both_sides(self):
        # a tracked file that .gitignore names: `ssot check` does not read it, nor does
        # either side of the diff
        root = self.clone()
        with open(os.path.join(root, ".gitignore"), "w", encoding="utf-8") as f:
            f.write("tests/test_new_name.py\n")
        r = diff(root, "HEAD", "--output-format", "json")
        self.assertEqual((r.returncode, deltas(r)[1]), (0, []))
        self.assertEqual(json.loads(r.stdout)["tests"], {"base": 11, "head": 11})

    def test_a_blob_the_repository_lacks_stops_the_comparison(self):
        # loose objects, one of them gone (a broken partial clone): its tests must not
        # look removed
        root = self.clone()
        packs = os.path.join(root, ".git", "objects", "pack")
        for name in os.listdir(packs):
            path = os.path.join(packs, name)
            if name.endswith(".pack"):
                with open(path, "rb") as f:
                    data = f.read()
                os.remove(path)
                subprocess.run(["git", "unpack-objects", "-q"], cwd=root, input=data,
                               check=True, env={**os.environ, **GIT_ENV})
            elif name.endswith(".idx"):
                os.remove(path)
        blob = git(root, "rev-parse", "base:tests/test_core.py").strip()
        os.remove(os.path.join(root, ".git", "objects", blob[:2], blob[2:]))
        r = diff(root, "base", "weaken")
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr.decode(), r"cannot read tests/test_core.py from revision "
                                            r"[0-9a-f]{12} \(1 file of it unreadable\)")

    def test_from_a_subfolder(self):
        root = self.clone()
        r = diff(os.path.join(root, "app"), "base", "weaken", "--output-format", "json")
        self.assertEqual(len(deltas(r)[1]), 4)
        self.assertEqual({d["path"] for d in json.loads(r.stdout)["deltas"]},
                         {"tests/test_core.py"})

    def test_base_side_writes_nothing_to_the_work_tree(self):
        root = self.clone()
        before = git(root, "status", "--porcelain", "--ignored")
        r = diff(root, "base", "--no-cache")
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertEqual(git(root, "status", "--porcelain", "--ignored"), before)

    def test_facts_cache_serves_the_files_a_change_left_alone(self):
        root = self.clone()
        cache = os.path.join(tempfile.mkdtemp(prefix="ssot-diff-cache-"))
        self.addCleanup(shutil.rmtree, cache, True)

        def entries():
            """Facts entries (32 hex digits), not the metadata table or kept runs of a check."""
            return sum(len([f for f in files if re.fullmatch(r"[0-9a-f]{32}", f)])
                       for _, _, files in os.walk(cache))

        self.assertEqual(diff(root, "base", "weaken", "--cache-dir", cache).returncode, 1)
        first = entries()
        # the weaken side is all cache hits; the skip side changed one file
        self.assertEqual(diff(root, "weaken", "skip", "--cache-dir", cache).returncode, 1)
        self.assertEqual(entries(), first + 1)
        # the same comparison again parses nothing
        self.assertEqual(diff(root, "weaken", "skip", "--cache-dir", cache).returncode, 1)
        self.assertEqual(entries(), first + 1)
        # and `ssot check` of the same text shares the entries
        git(root, "checkout", "-q", "skip")
        run(["check", "--cache-dir", cache], root)
        self.assertEqual(entries(), first + 1)


class TypeScriptHistory(unittest.TestCase):
    """A .test.ts whose assertions weaken: the JavaScript/TypeScript front end fills the
    same check forms as Python's, so `ssot diff` reports them alike."""

    BASE = """import { parse } from './calc';

describe('parse', () => {
  it('reads a number', () => {
    expect(parse('3')).toBe(3);
  });
  it('refuses text', () => {
    expect(() => parse('x')).toThrow(TypeError);
  });
  it('keeps its claim', () => {
    assert.equal(parse('4'), 4);
  });
});
"""

    def test_weakened_matchers(self):
        tmp = tempfile.mkdtemp(prefix="ssot-diff-ts-")
        self.addCleanup(shutil.rmtree, tmp, True)
        root = os.path.join(tmp, "repo")
        os.makedirs(os.path.join(root, "src"))
        with open(os.path.join(root, "package.json"), "w", encoding="utf-8") as f:
            f.write('{"name": "calc"}\n')
        with open(os.path.join(root, "src", "calc.ts"), "w", encoding="utf-8") as f:
            f.write("export function parse(s: string): number {\n"
                    "  const n = Number(s);\n"
                    "  if (Number.isNaN(n)) throw new TypeError(s);\n"
                    "  return n;\n}\n")
        test = os.path.join(root, "src", "calc.test.ts")
        with open(test, "w", encoding="utf-8") as f:
            f.write(self.BASE)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", "base")
        git(root, "tag", "base")
        with open(test, "w", encoding="utf-8") as f:
            f.write(self.BASE.replace("toBe(3)", "toBeTruthy()")
                    .replace("toThrow(TypeError)", "toThrow()"))
        git(root, "commit", "-q", "-am", "weaken")
        r = diff(root, "base", "HEAD", "--output-format", "json")
        weakened = {d["symbol"]: (d["before"], d["after"])
                    for d in json.loads(r.stdout)["deltas"] if d["kind"] == "assertion-weakened"}
        self.assertEqual(weakened, {
            "parse > reads a number": ("expect(parse('3')).toBe(3)",
                                       "expect(parse('3')).toBeTruthy()"),
            "parse > refuses text": ("expect(() => parse('x')).toThrow(TypeError)",
                                     "expect(() => parse('x')).toThrow()"),
        })
        self.assertEqual(r.returncode, 1)
        # and back: the same assertions, strengthened
        r = diff(root, "HEAD", "base", "--output-format", "json")
        kinds = sorted(d["kind"] for d in json.loads(r.stdout)["deltas"])
        self.assertEqual(kinds, ["assertion-strengthened", "assertion-strengthened"])


if __name__ == "__main__":
    unittest.main()
