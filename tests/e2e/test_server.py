"""End-to-end tests of `ssot server`, the language server: a scripted LSP session over
stdio (initialize, initialized, didOpen, publishDiagnostics, didChange, didSave, a code
action, shutdown, exit), ranges in UTF-16 code units, cross-file findings with the edited
text in memory, configuration reloads, and malformed JSON-RPC input answered with errors.
"""
import json
import os
import select
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SSOT, ProjectTestCase  # noqa: E402



# PH001 and PH003 are preview on JavaScript/TypeScript (docs/eval.md): named in full, they run
JS_PH = {"pyproject.toml": '[tool.ssot]\nextend-select = ["PH001", "PH003"]\n'}

class Client:
    """A minimal LSP client over the server's stdin and stdout."""

    def __init__(self, test, cwd):
        self.proc = subprocess.Popen([SSOT, "server"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        test.addCleanup(self.close)
        self.buffer = b""
        self.next_id = 1

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()

    def write_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        message = {"jsonrpc": "2.0", **message}
        body = json.dumps(message).encode()
        self.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def read(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = None
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                assert length is not None, head
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise AssertionError("no message from the server")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError("the server closed its output")
            self.buffer += chunk

    def wait(self, predicate):
        while True:
            m = self.read()
            if predicate(m):
                return m

    def diagnostics(self, uri):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri)["params"]

    def initialize(self, root):
        r = self.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root,
                                        "capabilities": {}})
        self.notify("initialized", {})
        return r


EMPTY = "def test_empty():\n    pass\n"


class Session(ProjectTestCase):
    def start(self, files):
        p = self.project(files)
        c = Client(self, p.root)
        return p, c

    def test_scripted_session(self):
        p, c = self.start({"tests/test_a.py": EMPTY})
        uri = "file://" + os.path.join(p.root, "tests/test_a.py")
        init = c.initialize(p.root)
        caps = init["result"]["capabilities"]
        self.assertEqual(caps["textDocumentSync"]["change"], 2)
        self.assertEqual(caps["positionEncoding"], "utf-16")
        self.assertTrue(caps["codeActionProvider"])
        self.assertEqual(init["result"]["serverInfo"]["name"], "ssot")

        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": EMPTY}})
        d = c.diagnostics(uri)
        self.assertEqual(d["version"], 1)
        [diag] = d["diagnostics"]
        self.assertEqual(diag["code"], "PH001")
        self.assertEqual(diag["source"], "ssot")
        self.assertEqual(diag["severity"], 1)
        self.assertEqual(diag["range"], {"start": {"line": 0, "character": 4},
                                         "end": {"line": 0, "character": 14}})
        self.assertTrue(diag["codeDescription"]["href"].endswith("/PH001.md"))

        # an incremental change: the editor's text, not the file on disk, is checked
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 1, "character": 4},
                                          "end": {"line": 1, "character": 8}},
                                "text": "assert True"}]})
        d = c.diagnostics(uri)
        self.assertEqual(d["version"], 2)
        self.assertEqual([x["code"] for x in d["diagnostics"]], ["PH003"])
        with open(os.path.join(p.root, "tests/test_a.py")) as f:
            self.assertEqual(f.read(), EMPTY)

        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        d = c.diagnostics(uri)
        [diag] = d["diagnostics"]

        r = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diag["range"],
            "context": {"diagnostics": [diag]}})
        actions = r["result"]
        titles = [a["title"] for a in actions]
        self.assertEqual(titles, ["Suppress PH003 on this line", "Suppress PH003 in this file"])
        [line_edit] = actions[0]["edit"]["changes"][uri]
        self.assertEqual(line_edit["newText"], "  # ssot: ignore[PH003]")
        self.assertEqual(line_edit["range"]["start"], {"line": 1, "character": 15})
        [file_edit] = actions[1]["edit"]["changes"][uri]
        self.assertEqual(file_edit["newText"], "# ssot: ignore-file[PH003]\n")
        self.assertEqual(file_edit["range"]["start"], {"line": 0, "character": 0})

        # applying the line edit makes the finding go away
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": line_edit["range"], "text": line_edit["newText"]}]})
        self.assertEqual(c.diagnostics(uri)["diagnostics"], [])

        r = c.request("shutdown", None)
        self.assertIsNone(r["result"])
        c.notify("exit", None)
        self.assertEqual(c.proc.wait(timeout=10), 0)

    def test_a_burst_of_changes_is_checked_once_at_its_last_version(self):
        p, c = self.start({"tests/test_a.py": EMPTY})
        uri = "file://" + os.path.join(p.root, "tests/test_a.py")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": EMPTY}})
        self.assertEqual(c.diagnostics(uri)["version"], 1)
        burst = b""
        for v in range(2, 7):
            text = EMPTY + "".join(f"\n\ndef test_{k}():\n    pass\n" for k in range(2, v + 1))
            body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"text": text}]}}).encode()
            burst += b"Content-Length: %d\r\n\r\n" % len(body) + body
        c.write_raw(burst)  # one write: all five are queued before the first is read
        d = c.diagnostics(uri)
        self.assertEqual(d["version"], 6)
        self.assertEqual(len(d["diagnostics"]), 6)
        c.send({"id": 99, "method": "shutdown", "params": None})
        self.assertEqual(c.read().get("id"), 99)  # no other publication came before it

    def test_no_line_fix_where_a_comment_would_land_in_a_string(self):
        text = 'def test_x():\n    assert True; s = """\n    """\n'
        p, c = self.start({"tests/test_s.py": text})
        uri = "file://" + os.path.join(p.root, "tests/test_s.py")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}})
        [diag] = c.diagnostics(uri)["diagnostics"]
        r = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diag["range"],
            "context": {"diagnostics": [diag]}})
        self.assertEqual([a["title"] for a in r["result"]], ["Suppress PH003 in this file"])

    def test_javascript_gets_diagnostics_and_both_fixes(self):
        js = "#!/usr/bin/env node\ntest('does nothing', () => {});\n"
        p, c = self.start({**{"tests/a.test.js": js}, **JS_PH})
        uri = "file://" + os.path.join(p.root, "tests/a.test.js")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "javascript", "version": 1, "text": js}})
        [diag] = c.diagnostics(uri)["diagnostics"]
        self.assertEqual(diag["code"], "PH001")
        r = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diag["range"],
            "context": {"diagnostics": [diag]}})
        self.assertEqual([a["title"] for a in r["result"]],
                         ["Suppress PH001 on this line", "Suppress PH001 in this file"])
        [line_edit] = r["result"][0]["edit"]["changes"][uri]
        self.assertEqual(line_edit["newText"], "  // ssot: ignore[PH001]")
        self.assertEqual(line_edit["range"]["start"], {"line": 1, "character": 31})
        [edit] = r["result"][1]["edit"]["changes"][uri]
        self.assertEqual(edit["newText"], "// ssot: ignore-file[PH001]\n")
        self.assertEqual(edit["range"]["start"], {"line": 1, "character": 0})
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]})
        self.assertEqual(c.diagnostics(uri)["diagnostics"], [])
        # the line fix, applied instead, silences the finding too
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": js}]})
        self.assertEqual(len(c.diagnostics(uri)["diagnostics"]), 1)
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 4},
            "contentChanges": [{"range": line_edit["range"], "text": line_edit["newText"]}]})
        self.assertEqual(c.diagnostics(uri)["diagnostics"], [])

    def test_no_javascript_line_fix_inside_a_template_literal(self):
        js = "test(`empty\n  two lines`, () => {});\n"
        p, c = self.start({**{"tests/t.test.js": js}, **JS_PH})
        uri = "file://" + os.path.join(p.root, "tests/t.test.js")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "javascript", "version": 1, "text": js}})
        [diag] = c.diagnostics(uri)["diagnostics"]
        r = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diag["range"],
            "context": {"diagnostics": [diag]}})
        self.assertEqual([a["title"] for a in r["result"]], ["Suppress PH001 in this file"])

    def test_ranges_count_utf16_code_units(self):
        # an astral character is two UTF-16 units, é is one
        text = 's = "\u00e9\U0001F600"; t = 1\n\n\ndef test_x():  # \U0001F600\n    s = "\U0001F600"; assert True\n'
        p, c = self.start({"tests/test_u.py": text})
        uri = "file://" + os.path.join(p.root, "tests/test_u.py")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}})
        [diag] = c.diagnostics(uri)["diagnostics"]
        self.assertEqual(diag["code"], "PH003")
        line = text.splitlines()[4]
        start = line.index("assert")
        units = len(line[:start].encode("utf-16-le")) // 2
        self.assertEqual(units, start + 1)
        self.assertEqual(diag["range"]["start"], {"line": 4, "character": units})
        self.assertEqual(diag["range"]["end"], {"line": 4, "character": units + len("assert True")})
        # a change addressed in UTF-16 units lands where the client meant
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 4, "character": units + 7},
                                          "end": {"line": 4, "character": units + 11}},
                                "text": "s == '\U0001F600'"}]})
        self.assertEqual(c.diagnostics(uri)["diagnostics"], [])

    def test_cross_file_rules_see_the_project_on_disk(self):
        helper = "def check_ok(x):\n    assert x.ok\n"
        test = ("from tests.helpers import check_ok\n\n\ndef test_uses_helper():\n"
                "    check_ok(run())\n")
        p, c = self.start({"tests/__init__.py": "", "tests/helpers.py": helper,
                           "tests/test_h.py": test})
        uri = "file://" + os.path.join(p.root, "tests/test_h.py")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": test}})
        # the helper on disk asserts: the test is not assertion-free (no git, no
        # configuration: the project is the editor's workspace folder)
        self.assertEqual(c.diagnostics(uri)["diagnostics"], [])

    def test_configuration_reloads_when_it_changes(self):
        p, c = self.start({"tests/test_a.py": EMPTY})
        uri = "file://" + os.path.join(p.root, "tests/test_a.py")
        c.initialize(p.root)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": EMPTY}})
        self.assertEqual(len(c.diagnostics(uri)["diagnostics"]), 1)
        config = p.write("pyproject.toml", '[tool.ssot]\nignore = ["PH001"]\n')
        c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": "file://" + config, "type": 1}]})
        self.assertEqual(c.diagnostics(uri)["diagnostics"], [])
        # saving the configuration in the editor reloads it too
        curi = "file://" + config
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": curi, "languageId": "toml", "version": 1, "text": "[tool.ssot]\n"}})
        self.assertEqual(c.diagnostics(curi)["diagnostics"], [])
        p.write("pyproject.toml", "[tool.ssot]\n")
        c.notify("textDocument/didSave", {"textDocument": {"uri": curi}})
        seen = {}
        while uri not in seen:
            m = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            seen[m["params"]["uri"]] = m["params"]["diagnostics"]
        self.assertEqual(len(seen[uri]), 1)


class FromAFile(ProjectTestCase):
    def test_a_session_read_from_a_regular_file_publishes(self):
        p = self.project({"tests/test_a.py": EMPTY})
        uri = "file://" + os.path.join(p.root, "tests/test_a.py")
        messages = [
            {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "python", "version": 1, "text": EMPTY}}},
            {"id": 2, "method": "shutdown"}, {"method": "exit"}]
        session = os.path.join(p.root, "session.bin")
        with open(session, "wb") as f:
            for m in messages:
                body = json.dumps({"jsonrpc": "2.0", **m}).encode()
                f.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        with open(session, "rb") as f:
            r = subprocess.run([SSOT, "server"], stdin=f, capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b'"method":"textDocument/publishDiagnostics"', r.stdout)
        self.assertIn(b'"code":"PH001"', r.stdout)


class MalformedInput(ProjectTestCase):
    def test_errors_never_a_crash(self):
        p = self.project({"tests/test_a.py": EMPTY})
        c = Client(self, p.root)
        # a request before initialize
        c.send({"id": 1, "method": "textDocument/codeAction", "params": {}})
        self.assertEqual(c.read()["error"]["code"], -32002)
        c.initialize(p.root)
        # bad JSON
        c.write_raw(b"Content-Length: 9\r\n\r\n{bad json")
        m = c.read()
        self.assertEqual(m["error"]["code"], -32700)
        self.assertIsNone(m["id"])
        # a header block without Content-Length, and one with a bad length
        c.write_raw(b"Content-Type: application/json\r\n\r\n")
        self.assertEqual(c.read()["error"]["code"], -32700)
        c.write_raw(b"Content-Length: twelve\r\n\r\n")
        self.assertEqual(c.read()["error"]["code"], -32700)
        # valid JSON that is not a request
        for body in (b"[1, 2]", b'"text"', b'{"jsonrpc": "2.0", "id": 5}',
                     b'{"jsonrpc": "2.0", "id": {}, "method": "x"}',
                     b'{"jsonrpc": "2.0", "id": 6, "method": 7}'):
            c.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.assertEqual(c.read()["error"]["code"], -32600, body)
        # an unknown method, wrong params
        r = c.request("textDocument/hover", {})
        self.assertEqual(r["error"]["code"], -32601)
        r = c.request("textDocument/codeAction", {"textDocument": 3})
        self.assertEqual(r["error"]["code"], -32602)
        r = c.request("initialize", {"capabilities": {}})
        self.assertEqual(r["error"]["code"], -32600)
        # malformed notifications are logged, never answered; the server goes on
        c.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
        c.notify("textDocument/didChange", "nonsense")
        c.notify("$/cancelRequest", {"id": 1})
        r = c.request("shutdown", None)
        self.assertIn("result", r)
        r = c.request("textDocument/codeAction", {})
        self.assertEqual(r["error"]["code"], -32600)
        c.notify("exit", None)
        self.assertEqual(c.proc.wait(timeout=10), 0)

    def test_exit_without_shutdown_and_end_of_input(self):
        p = self.project({})
        c = Client(self, p.root)
        c.initialize(p.root)
        c.notify("exit", None)
        self.assertEqual(c.proc.wait(timeout=10), 1)
        c2 = Client(self, p.root)
        c2.write_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
        c2.proc.stdin.close()
        self.assertEqual(c2.proc.wait(timeout=10), 1)


if __name__ == "__main__":
    unittest.main()
