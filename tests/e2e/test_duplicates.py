"""End-to-end tests of the DD rules over the fixture projects fixtures/projects/dd00N_*:
the `# expect: DDnnn` markers name every finding a run must report and nothing else; each
finding's JSON `related` array names every other member of its cluster, the likely
canonical one (the most imported, then the shortest module path) first."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, MarkedProjectTestCase, run  # noqa: E402

PROJECTS = os.path.join(SOURCE_DIR, "fixtures", "projects")


def check(project):
    r = run(["check", "--output-format", "json", "--select", "DD"], project)
    return r, json.loads(r.stdout or "[]")


def related(finding):
    return [(x["filename"], x["location"]["row"]) for x in finding.get("related", [])]


class Functions(MarkedProjectTestCase):
    project = os.path.join(PROJECTS, "dd002_functions")

    def test_exactly_the_marked_definitions_are_reported(self):
        r, findings = check(self.project)
        self.assert_exactly_marked(r, findings, self.project)
        self.assertEqual(len(findings), 7)

    def test_each_copy_names_the_cluster_canonical_first(self):
        _, findings = check(self.project)
        by_file = {f["filename"]: f for f in findings}
        # app/events.py is imported by app/api.py: the canonical one
        self.assertEqual(related(by_file["app/ws/handlers.py"]),
                         [("app/events.py", 4), ("app/legacy/events_v1.py", 4)])
        self.assertEqual(related(by_file["app/legacy/events_v1.py"]),
                         [("app/events.py", 4), ("app/ws/handlers.py", 4)])
        self.assertEqual(by_file["app/ws/handlers.py"]["related"][0]["message"],
                         "canonical: `app.events.normalize_event`")
        self.assertEqual(related(by_file["app/push.py"]), [("app/text.py", 4)])
        self.assertIn("`app.text.truncate_preview` (app/text.py:4, imported 1 time)",
                      by_file["app/push.py"]["message"])

    def test_sarif_carries_related_locations(self):
        r = run(["check", "--output-format", "sarif", "--select", "DD"], self.project)
        results = json.loads(r.stdout)["runs"][0]["results"]
        self.assertTrue(all(len(x.get("relatedLocations", [])) >= 1 for x in results))

    def test_thresholds_and_ignored_names_are_configurable(self):
        # min-lines only sizes bodies without logic: every fixture copy holds a branch or a
        # loop, so all 7 stay; at min-nodes = 50 the as_seconds copies (under 25 nodes, half
        # of it) drop out; at 200 everything does
        for extra, want in (("min-lines = 7", 7), ("min-nodes = 50", 6), ("min-nodes = 200", 0),
                            ('ignore-names = ["normalize_event"]', 5)):
            with tempfile.TemporaryDirectory() as tmp:
                copy = os.path.join(tmp, "p")
                shutil.copytree(self.project, copy)
                with open(os.path.join(copy, "pyproject.toml"), "a", encoding="utf-8") as f:
                    f.write("\n[tool.ssot.duplicates]\n" + extra + "\n")
                _, findings = check(copy)
                self.assertEqual(len(findings), want, (extra, findings))


class Classes(MarkedProjectTestCase):
    project = os.path.join(PROJECTS, "dd001_classes")

    def test_exactly_the_marked_definitions_are_reported(self):
        r, findings = check(self.project)
        self.assert_exactly_marked(r, findings, self.project)

    def test_message_gives_the_evidence_and_the_canonical_definition(self):
        _, findings = check(self.project)
        by_file = {(f["filename"], f["code"]): f for f in findings}
        ws = by_file[("app/websocket/legacy_manager.py", "DD001")]
        self.assertEqual(ws["message"],
                         "class `WebSocketManager` is defined in 2 modules (they share the "
                         "methods `connect`, `disconnect`); the likely canonical one is "
                         "`app.websocket.manager.WebSocketManager` (app/websocket/manager.py:1, "
                         "imported 2 times)")  # routes.py, through the package, and the package
        self.assertEqual(related(ws), [("app/websocket/manager.py", 1)])
        self.assertIn("the class bodies are the same",
                      by_file[("app/billing/invoice.py", "DD001")]["message"])


class NearCopies(MarkedProjectTestCase):
    """DD003 reports twins that are one piece of code written twice (the same method of two
    classes with its message changed, a copy calling its own class's twin helper, a knob
    changed) and leaves alone twins whose changed strings are what each one is."""
    project = os.path.join(PROJECTS, "dd003_near_copies")

    def test_exactly_the_marked_definitions_are_reported(self):
        r, findings = check(self.project)
        self.assert_exactly_marked(r, findings, self.project)

    def test_dd003_is_on_by_default(self):
        r = run(["check", "--output-format", "json"], self.project)
        self.assertEqual(sorted({f["code"] for f in json.loads(r.stdout)}), ["DD003"])


class Constants(MarkedProjectTestCase):
    project = os.path.join(PROJECTS, "dd004_constants")

    def test_exactly_the_marked_constants_are_reported(self):
        r, findings = check(self.project)
        self.assert_exactly_marked(r, findings, self.project)

    def test_different_values_are_an_error_naming_both(self):
        _, findings = check(self.project)
        by_symbol = {f["symbol"]: f for f in findings}
        conflict = by_symbol["MAX_MESSAGE_LENGTH"]
        self.assertEqual(conflict["severity"], "error")
        self.assertIn("`4000` in `app/config.py`, `2000` in `app/ws/limits.py`",
                      conflict["message"])
        self.assertEqual(by_symbol["HEARTBEAT_INTERVAL_SECONDS"]["severity"], "warning")
        self.assertEqual(related(conflict), [("app/config.py", 4)])


class Units(MarkedProjectTestCase):
    """Copies across deployment units (services with their own pyproject.toml, standalone
    example programs) are DD005 (opt-in), never DD001-DD004; a library module that nothing
    inside imports is not standalone, so copies there stay DD002."""
    project = os.path.join(PROJECTS, "dd005_units")

    def test_exactly_the_marked_definitions_are_reported(self):
        r = run(["check", "--output-format", "json"], self.project)  # selects DD and DD005
        self.assert_exactly_marked(r, json.loads(r.stdout), self.project)

    def test_dd005_is_off_by_default_and_names_the_units(self):
        _, findings = check(self.project)
        self.assertEqual(sorted(f["code"] for f in findings), ["DD002", "DD002"])
        r = run(["check", "--output-format", "json", "--select", "DD005"], self.project)
        by_symbol = {f["symbol"]: f for f in json.loads(r.stdout)}
        dto = by_symbol["InvoicePaid"]
        self.assertEqual(dto["severity"], "info")
        self.assertIn("across deployment units (`services/billing`, `services/orders`)",
                      dto["message"])
        self.assertEqual(related(dto), [("services/billing/billing/events.py", 6)])

    def workers(self, tmp, config):
        copy = os.path.join(tmp, "p")
        shutil.copytree(self.project, copy)
        body = ("def retry_delay(attempt, base=0.5, cap=30.0):\n"
                "    delay = base * (2 ** max(0, int(attempt) - 1))\n"
                "    if delay > cap:\n        delay = cap\n"
                "    jitter = (attempt * 7919) % 100 / 1000.0\n"
                "    return round(delay + jitter, 3)\n")
        files = {"workers/__init__.py": "", "workers/mail/__init__.py": "from . import jobs\n",
                 "workers/mail/jobs.py": body, "workers/sms/__init__.py": "from . import jobs\n",
                 "workers/sms/jobs.py": body,
                 "main.py": "import workers.mail\nimport workers.sms\n"}
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(copy, name)), exist_ok=True)
            with open(os.path.join(copy, name), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(copy, "pyproject.toml"), "a", encoding="utf-8") as f:
            f.write(config)
        r = run(["check", "--output-format", "json"], copy)
        return [(f["filename"], f["code"]) for f in json.loads(r.stdout)
                if f["filename"].startswith("workers/")]

    def test_configuration_declares_units(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(self.workers(tmp, ""), [("workers/mail/jobs.py", "DD002")])
        with tempfile.TemporaryDirectory() as tmp:
            got = self.workers(tmp, '\n[tool.ssot.duplicates]\nunits = ["workers/*"]\n')
            self.assertEqual(got, [("workers/mail/jobs.py", "DD005")])


class Demo(unittest.TestCase):
    """fixtures/demo/README.md: every intended DD example reported, no trap flagged."""

    def test_the_demo_examples_and_nothing_else(self):
        _, findings = check(os.path.join(SOURCE_DIR, "fixtures", "demo"))
        got = sorted((f["filename"], f["code"], f["symbol"]) for f in findings)
        self.assertEqual(got, [
            ("chat/agents/notifier.py", "DD003", "shorten_for_push"),
            ("chat/services/message_store.py", "DD004", "MAX_MESSAGE_LENGTH"),
            ("chat/websocket/legacy_manager.py", "DD001", "WebSocketManager"),
            ("chat/websocket/legacy_manager.py", "DD002", "normalize_event"),
            ("chat/websocket/legacy_manager.py", "DD004", "HEARTBEAT_INTERVAL_SECONDS"),
            # the TypeScript frontend: a type, a function and a constant kept twice
            ("web/src/components/Composer.tsx", "DD004", "MAX_MESSAGE_LENGTH"),
            ("web/src/components/MessageList.tsx", "DD001", "ChatMessage"),
            ("web/src/components/MessageList.tsx", "DD002", "formatTimestamp"),
        ])



class LargeNameGroup(unittest.TestCase):
    """A name group of more than 64 classes is compared too (it was skipped whole): only the
    pairs that share an evidence key are tried, with the clusters of trying every pair."""

    def test_every_copy_of_a_class_defined_70_times_is_reported(self):
        body = ("class TokenCache:\n"
                "    def fetch(self, key):\n"
                "        value = self.data.get(key)\n"
                "        if value is None:\n"
                "            value = self.loader(key)\n"
                "            self.data[key] = value\n"
                "        self.hits = self.hits + 1\n"
                "        return value\n")
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "app"))
            open(os.path.join(tmp, "app", "__init__.py"), "w").close()
            with open(os.path.join(tmp, "app", "main.py"), "w") as fh:
                # imported, the copies are one program's modules (not standalone programs)
                fh.write("".join(f"from app.part{i:02d}.cache import TokenCache as T{i}\n"
                                 for i in range(70)))
            for i in range(70):
                folder = os.path.join(tmp, "app", f"part{i:02d}")
                os.makedirs(folder)
                open(os.path.join(folder, "__init__.py"), "w").close()
                with open(os.path.join(folder, "cache.py"), "w") as fh:
                    fh.write(body)
            _, findings = check(tmp)
        classes = [f for f in findings if f["code"] == "DD001"]
        self.assertEqual(len(classes), 69)
        self.assertTrue(all(len(f["related"]) == 69 for f in classes))


if __name__ == "__main__":
    unittest.main()
