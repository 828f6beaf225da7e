"""The audit report in a real browser: headless Chromium (Debian's `chromium`; `tools/setup
--browser` installs it, tools/test passes that) renders the demo's report from file:// with a
history of three recorded runs, and the DOM it dumps is checked: the page finished drawing
(data-rendered), no script error (data-errors, and no uncaught error in Chromium's console
log), the tables, the treemap's cells, the family bars and the trend points; `#selftest` makes
the page drive its own filter and a sort and write the verdict into data-selftest. Skips, saying
why, when Chromium is not installed or cannot start."""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, run  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Dom(html.parser.HTMLParser):
    """Counts elements by tag and class, and keeps <body>'s attributes."""

    def __init__(self):
        super().__init__()
        self.body = {}
        self.count = {}
        self.by_id = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.body = attrs
        if attrs.get("id"):
            self.by_id[attrs["id"]] = attrs
        for cls in (attrs.get("class") or "").split():
            key = tag + "." + cls
            self.count[key] = self.count.get(key, 0) + 1


def chromium(args, tmp):
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--user-data-dir=" + os.path.join(tmp, "profile"), "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=10000", *args],
        capture_output=True, timeout=180)


@unittest.skipUnless(CHROMIUM, "chromium is not installed: `tools/setup --browser` installs "
                               "it (Debian 12's chromium package)")
class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ssot-browser-")
        cls.page = os.path.join(cls.tmp, "demo.html")
        history = os.path.join(cls.tmp, "history.db")
        for day in range(3):
            env = {"SOURCE_DATE_EPOCH": str(1764000000 + day * 86400)}
            r = run(["audit", "--no-cache", "fixtures/demo", "--record", "--history", history,
                     "-o", cls.page], SOURCE_DIR, env=env)
            assert r.returncode == 0, r.stderr.decode()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def render(self, fragment=""):
        r = chromium(["--dump-dom", "file://" + self.page + fragment], self.tmp)
        if r.returncode != 0 and not r.stdout:
            last = (r.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
            self.skipTest("chromium cannot run here: " + last)
        dom = Dom()
        dom.feed(r.stdout.decode())
        console = [line for line in r.stderr.decode(errors="replace").splitlines()
                   if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)]
        return dom, console

    def test_page_renders_without_script_errors(self):
        dom, console = self.render()
        with open(self.page, encoding="utf-8") as f:
            doc = json.loads(re.search(r'id="audit-data">(.*?)</script>', f.read(), re.S)
                             .group(1))
        self.assertEqual(console, [])
        self.assertNotIn("data-errors", dom.body)
        self.assertEqual(dom.body.get("data-rendered"), "ok")
        self.assertEqual(dom.body.get("data-grade"), doc["summary"]["grade"])
        # the treemap opens on fixtures/demo (the first folder with more than one child): a
        # cell for each of its children that has lines
        mods = doc["modules"]
        zoom = 0
        while len(mods[zoom]["children"]) == 1 and mods[mods[zoom]["children"][0]]["kind"] == "folder":
            zoom = mods[zoom]["children"][0]
        self.assertEqual(mods[zoom]["path"], "fixtures/demo")
        cells = [c for c in mods[zoom]["children"] if mods[c]["lines"]]
        self.assertGreaterEqual(len(cells), 3)
        self.assertEqual(dom.count.get("rect.tm-cell"), len(cells))
        self.assertEqual(dom.count.get("rect.fam-bar"), 5)
        # 3 recorded runs x (the weighted total and 5 families), of the selected folder
        self.assertEqual(len(doc["trend"]), 3)
        self.assertEqual(dom.by_id["trend"].get("data-module"), "fixtures/demo")
        self.assertEqual(dom.count.get("circle.trend-point"), 18)
        self.assertEqual(dom.count.get("path.trend-line"), 6)
        self.assertEqual(dom.count.get("tr.finding-row"), len(doc["findings"]))
        self.assertEqual(dom.count.get("tr.hotspot-row", 0), len(doc["hotspots"]))
        self.assertGreaterEqual(len(doc["hotspots"]), 1)
        self.assertGreaterEqual(dom.count.get("tr.module-row", 0), len(cells) + 3)
        self.assertEqual(dom.count.get("tr.rule-row"), len(doc["rules"]))
        self.assertEqual(dom.count.get("div.item"), 5)  # the worst items of fixtures/demo

    def test_filter_and_sort_work_in_the_page(self):
        dom, console = self.render("#selftest")
        self.assertEqual(console, [])
        self.assertNotIn("data-errors", dom.body)
        self.assertEqual(dom.body.get("data-selftest"), "ok")


if __name__ == "__main__":
    unittest.main()
