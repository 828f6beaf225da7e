"""End-to-end tests of tools/eval: labels are matched to the findings of the built binary on a
small made-up corpus, and the table counts true, false, unjudged and missed findings.
"""
import os
import subprocess
import sys
import unittest

from test_cli import SOURCE_DIR, SSOT, Project

EVAL = os.path.join(SOURCE_DIR, "tools", "eval")
HEADER = "# corpus: demo github:example/demo 0123456789abcdef0123456789abcdef01234567\n"

TESTS = """\
import pytest


def test_empty():
    pass


def test_no_check():
    compute()


def test_smoke():
    compute()


def test_real():
    assert compute() == 2
"""


def row(table, code):
    for line in table.splitlines():
        cols = line.split()
        if cols and cols[0] == code:
            return cols
    raise AssertionError(f"no row for {code} in:\n{table}")


class Eval(unittest.TestCase):
    def setUp(self):
        self.corpus = Project({"demo/tests/test_a.py": TESTS})
        self.addCleanup(self.corpus.close)
        self.labels = Project({})
        self.addCleanup(self.labels.close)

    def eval(self, labels, *args):
        self.labels.write("demo.tsv", HEADER + "# path\tline\tsymbol\tlabel\treason\n" + labels)
        return subprocess.run([sys.executable, EVAL, "--ssot", SSOT, "--corpus", self.corpus.root,
                               "--labels", self.labels.root, *args],
                              capture_output=True, text=True)

    def test_counts_true_false_unjudged_and_missed(self):
        r = self.eval("tests/test_a.py\t8\ttest_no_check\tPH002\tcalls and checks nothing\n"
                      "tests/test_a.py\t12\ttest_smoke\tclean:PH002\tan import smoke test\n"
                      "tests/test_a.py\t16\ttest_real\tPH003\tmade-up positive ssot misses\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        # rule status findings judged true false precision positives found recall
        self.assertEqual(row(r.stdout, "PH002")[2:], ["2", "2", "1", "1", "0.50", "1", "1", "1.00"])
        self.assertEqual(row(r.stdout, "PH003")[2:], ["0", "0", "0", "0", "-", "1", "0", "0.00"])
        self.assertEqual(row(r.stdout, "PH001")[2:], ["1", "0", "0", "0", "-", "0", "0", "-"])
        self.assertIn("1 findings unjudged", r.stdout)

    def test_symbol_matches_when_the_line_moved(self):
        r = self.eval("tests/test_a.py\t99\ttest_empty\tPH001\tempty body\n")
        self.assertEqual(row(r.stdout, "PH001")[2:6], ["1", "1", "1", "0"])

    def test_list_unjudged_prints_rows_ready_to_label(self):
        r = self.eval("", "--list", "unjudged")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [line.split("\t") for line in r.stdout.splitlines()]
        self.assertIn(["demo", "tests/test_a.py", "4", "test_empty", "PH001"], [x[:5] for x in rows])

    def test_bad_label_line_is_an_error_naming_file_and_line(self):
        r = self.eval("tests/test_a.py\tfour\ttest_empty\tPH001\tempty\n")
        self.assertEqual(r.returncode, 2)
        self.assertIn("demo.tsv:3: line `four` is not a positive number", r.stderr)

    def test_missing_project_prints_the_git_commands(self):
        self.corpus.close()
        r = self.eval("tests/test_a.py\t4\ttest_empty\tPH001\tempty\n")
        self.assertEqual(r.returncode, 2)
        self.assertIn("git clone https://github.com/example/demo", r.stderr)
        self.assertIn("checkout 0123456789abcdef0123456789abcdef01234567", r.stderr)


JS_TESTS = """\
test('runs', () => {
  compute();
});
"""


def table_of(out, language):
    """The --by-language table printed under `language: NAME`."""
    part = out.split(f"language: {language}\n", 1)
    if len(part) != 2:
        raise AssertionError(f"no {language} table in:\n{out}")
    return part[1].split("\nlanguage: ", 1)[0]


class ByLanguage(unittest.TestCase):
    """--by-language counts each language's findings and positives apart, and a rule that is
    preview on one language's files (PH002 on JavaScript/TypeScript) is `preview` in that
    language's table and stays out of its family's default row."""

    def test_tables_per_language(self):
        corpus = Project({"demo/tests/test_a.py": TESTS, "demo/tests/a.test.js": JS_TESTS})
        self.addCleanup(corpus.close)
        labels = Project({"demo.tsv": HEADER + "# path\tline\tsymbol\tlabel\treason\n"
                          "tests/test_a.py\t8\ttest_no_check\tPH002\tchecks nothing\n"
                          "tests/test_a.py\t12\ttest_smoke\tclean:PH002\tsmoke\n"
                          "tests/a.test.js\t1\truns\tPH002\tchecks nothing\n"})
        self.addCleanup(labels.close)
        r = subprocess.run([sys.executable, EVAL, "--ssot", SSOT, "--corpus", corpus.root,
                            "--labels", labels.root, "--by-language"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        # rule status findings judged true false precision positives found recall
        self.assertEqual(row(r.stdout, "PH002")[1:], ["on", "3", "3", "2", "1", "0.67", "2", "2",
                                                      "1.00"])
        py, js = table_of(r.stdout, "python"), table_of(r.stdout, "javascript/typescript")
        self.assertEqual(row(py, "PH002")[1:], ["on", "2", "2", "1", "1", "0.50", "1", "1", "1.00"])
        self.assertEqual(row(js, "PH002")[1:], ["preview", "1", "1", "1", "0", "1.00", "1", "1",
                                                "1.00"])
        default = [line.split() for line in js.splitlines() if line.startswith("PH*     default")]
        self.assertEqual(default[0][2:6], ["0", "0", "0", "0"])
        self.assertNotIn("language: c/c++", r.stdout)


class PublishedFigures(unittest.TestCase):
    """--write-precision publishes, for a rule on by default but preview on some languages,
    the figures of the languages it is on for; any other rule's figures are all its findings."""

    def test_preview_languages_are_left_out(self):
        import collections
        import importlib.machinery
        import types
        loader = importlib.machinery.SourceFileLoader("ssot_eval", EVAL)
        ev = types.ModuleType(loader.name)
        ev.__file__ = EVAL
        loader.exec_module(ev)
        by_language = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
        by_language["python"]["PH002"].update(true=9, false=1, positives=9, found=9)
        by_language["c/c++"]["PH002"].update(true=1, false=3)
        by_language["python"]["MO005"].update(true=1, false=1)
        by_language["c/c++"]["MO005"].update(true=0, false=2)
        stats = collections.defaultdict(collections.Counter)
        for lang in by_language.values():
            for code, c in lang.items():
                stats[code].update(c)
        catalogue = [{"code": "PH002", "preview_languages": ["c", "cpp"]},
                     {"code": "MO005", "preview": "below the bar", "preview_languages": []}]
        ph002 = ev.published("PH002", stats, by_language, catalogue)
        self.assertEqual((ph002["true"], ph002["false"], ph002["positives"]), (9, 1, 9))
        mo005 = ev.published("MO005", stats, by_language, catalogue)
        self.assertEqual((mo005["true"], mo005["false"]), (1, 3))


if __name__ == "__main__":
    unittest.main()
