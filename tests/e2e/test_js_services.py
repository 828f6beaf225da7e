"""End-to-end tests of the SG and DD rules on JavaScript and TypeScript service code: the
fixture projects fixtures/projects/sg_typescript (a default-exported instance imported by a
router, a module `Map` another module's request handler writes, a CommonJS `module.exports`
instance required by an Express router) and fixtures/projects/dd_typescript (a function, an
interface and a constant copied between modules, a JavaScript near-copy), whose
`// expect: CODE` markers name every finding a run must report and nothing else; and a
mixed Python + TypeScript project checked in one run with one exit code."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import SOURCE_DIR, MarkedProjectTestCase, ProjectTestCase, run  # noqa: E402

PROJECTS = os.path.join(SOURCE_DIR, "fixtures", "projects")


def check(project, select):
    r = run(["check", "--output-format", "json", "--select", select], project)
    return r, json.loads(r.stdout or "[]")


class SharedState(MarkedProjectTestCase):
    project = os.path.join(PROJECTS, "sg_typescript")

    def test_exactly_the_marked_instances_and_containers_are_reported(self):
        r, findings = check(self.project, "SG")
        got = self.assert_exactly_marked(r, findings, self.project)
        self.assertEqual(len(got), 3)

    def test_messages_name_the_importer_and_the_request_write(self):
        _, findings = check(self.project, "SG")
        by_file = {(f["filename"], f["code"]): f["message"] for f in findings}
        self.assertIn("imported by `src/routes/users.ts`",
                      by_file[("src/presence.ts", "SG002")])
        self.assertIn("request handler `users.post()` writes `req` to it (in "
                      "`src/routes/users.ts`)", by_file[("src/presence.ts", "SG005")])
        self.assertIn("imported by `src/legacy/login.js`",
                      by_file[("src/legacy/tokens.js", "SG002")])

    def test_messages_name_a_default_export_in_the_languages_words(self):
        _, findings = check(self.project, "SG")
        by_file = {(f["filename"], f["code"]): f["message"] for f in findings}
        self.assertTrue(by_file[("src/presence.ts", "SG002")].startswith(
            "the default export of `presence.ts` is one `PresenceStore`"))
        self.assertTrue(by_file[("src/legacy/tokens.js", "SG002")].startswith(
            "the default export of `tokens.js` is one `TokenStore`"))
        self.assertTrue(by_file[("src/presence.ts", "SG005")].startswith(
            "module-level `lastSeen` is one `Map`"))

    def test_a_lazily_made_module_variable_is_named_in_each_languages_words(self):
        # SG003: JavaScript has no `global` statement; its variable is module-level
        fixtures = os.path.join(SOURCE_DIR, "fixtures")
        said = {}
        for lang, name in (("javascript", "SG003_lazy_global_init.js"),
                           ("python", "SG003_lazy_global_init.py")):
            r = run(["check", "--output-format", "json", "--select", "SG003",
                     "--no-project-context", name], os.path.join(fixtures, lang))
            self.assertIn(r.returncode, (0, 1), r.stderr.decode())
            said[lang] = [f["message"] for f in json.loads(r.stdout)]
        self.assertIn("keeps it in the module-level `cache` for every later caller",
                      said["javascript"][0])
        self.assertIn("keeps it in the global `_sessions` for every later caller",
                      said["python"][0])

    def test_without_the_importers_nothing_is_shared(self):
        r = run(["check", "--output-format", "json", "--select", "SG", "--no-project-context",
                 "src/presence.ts"], self.project)
        self.assertEqual(json.loads(r.stdout or "[]"), [])


class Duplicates(MarkedProjectTestCase):
    project = os.path.join(PROJECTS, "dd_typescript")

    def test_exactly_the_marked_copies_are_reported(self):
        r, findings = check(self.project, "DD")
        got = self.assert_exactly_marked(r, findings, self.project)
        self.assertEqual(len(got), 4)

    def test_a_copy_names_the_canonical_definition(self):
        _, findings = check(self.project, "DD")
        by_file = {(f["filename"], f["code"]): f for f in findings}
        near = by_file[("src/legacy/price.js", "DD003")]
        self.assertEqual(near["related"][0]["filename"], "src/money.ts")
        self.assertIn("`formatPrice` in `src/money.ts` (line ", near["message"])
        self.assertNotIn("src/money.formatPrice", near["message"])
        self.assertEqual(near["related"][0]["message"], "canonical: `formatPrice` in `src/money.ts`")

    def test_a_type_only_copy_is_named_a_type(self):
        _, findings = check(self.project, "DD")
        by_file = {(f["filename"], f["code"]): f for f in findings}
        self.assertTrue(by_file[("src/checkout.ts", "DD001")]["message"].startswith(
            "type `CartLine` is declared in 2 modules (the declarations are the same); "))


class MixedProject(ProjectTestCase):
    def test_python_and_typescript_in_one_run(self):
        p = self.project({
            "backend/app/store.py": (
                "class Rooms:\n"
                "    def __init__(self):\n"
                "        self.members = {}\n\n"
                "    def join(self, room, user_id):\n"
                "        self.members[room] = user_id\n\n"
                "rooms = Rooms()\n"),
            "backend/app/api.py": (
                "from fastapi import FastAPI\n"
                "from app.store import rooms\n\n"
                "app = FastAPI()\n\n"
                "@app.post('/rooms/{room}')\n"
                "def join(room: str, user_id: str):\n"
                "    rooms.join(room, user_id)\n"),
            "backend/app/__init__.py": "",
            "frontend/src/drafts.ts": (
                "const drafts = new Map<string, string>();\n"
                "export function saveDraft(userId: string, text: string) {\n"
                "  drafts.set(userId, text);\n"
                "}\n"
                "export const app = require('express')();\n"),
        })
        r = run(["check", "--output-format", "json", "--select", "SG"], p.root)
        findings = json.loads(r.stdout or "[]")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(sorted((f["filename"], f["code"]) for f in findings),
                         [("backend/app/store.py", "SG002"),
                          ("frontend/src/drafts.ts", "SG005")])


class RootIndexModule(ProjectTestCase):
    def test_requiring_the_project_root_folder_reads_back(self):
        # `require('..')` names the root folder, whose module is its index file (`index`),
        # never the empty module the facts reader refuses (E008 on valid input)
        p = self.project({
            "package.json": '{"name": "app"}\n',
            "index.js": "const express = require('express');\nmodule.exports = express;\n",
            "examples/web/index.js": ("var express = require('../../');\n"
                                      "var app = module.exports = express();\n"),
            "sub/a.js": "const f = require('..');\nmodule.exports = f();\n",
            "b.js": "const g = require('.');\nconst h = require('./index');\n"
                    "module.exports = [g(), h()];\n",
        })
        r = run(["check", "--output-format", "json"], p.root)
        findings = json.loads(r.stdout or "[]")
        self.assertEqual([(f["filename"], f["code"]) for f in findings], [], r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)


TSCONFIG_BASE = (
    "{\n  // shared options\n"
    "  \"compilerOptions\": {\n"
    "    \"baseUrl\": \".\",\n"
    "    \"paths\": { \"@/*\": [\"./src/*\"], \"~store\": [\"./src/lib/store/index.ts\"], },\n"
    "  },\n}\n")


class PathAliases(ProjectTestCase):
    """tsconfig `paths` and `baseUrl` (through `extends`, with comments and trailing commas)
    name the project's modules: `@/lib/presence` is src/lib/presence.ts."""

    def files(self, tsconfig="{ \"extends\": \"./tsconfig.base.json\" }\n"):
        return {
            "web/tsconfig.base.json": TSCONFIG_BASE,
            "web/tsconfig.json": tsconfig,
            "web/src/lib/presence.ts": (
                "export class PresenceStore {\n"
                "  private online = new Map<string, number>();\n"
                "  markOnline(userId: string) { this.online.set(userId, Date.now()); }\n"
                "}\n"
                "export default new PresenceStore();\n"),
            "web/src/routes/users.ts": (
                "import express from 'express';\n"
                "import presence from '@/lib/presence';\n"
                "const users = express.Router();\n"
                "users.post('/online', (req, res) => { presence.markOnline(req.body.id); });\n"
                "export default users;\n"),
            "web/src/lib/cart.ts": (
                "export function total(items: number[]) {\n"
                "  return items.reduce((a, b) => a + b, 0);\n}\n"),
            "web/src/__tests__/cart.test.ts": (
                "import { total } from '@/lib/cart';\n"
                "jest.mock('@/lib/cart');\n"
                "it('totals', () => {\n"
                "  (total as jest.Mock).mockReturnValue(3);\n"
                "  expect(total([1, 2])).toBe(3);\n"
                "});\n"),
        }

    def test_an_aliased_import_reaches_the_module(self):
        p = self.project(self.files())
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertIn("imported by `web/src/routes/users.ts`", by_code["SG002"])
        self.assertIn("patches `web/src/lib/cart`", by_code["MO002"])

    def test_without_paths_the_specifier_is_a_package(self):
        p = self.project(self.files(tsconfig="{ \"compilerOptions\": { \"strict\": true } }\n"))
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertNotIn("SG002", by_code)
        self.assertIn("patches `@/lib/cart`", by_code["MO002"])

    def test_vite_resolve_alias_object_and_array(self):
        files = self.files(tsconfig="{ \"compilerOptions\": { \"strict\": true } }\n")
        files["web/vite.config.ts"] = (
            "import path from 'node:path';\n"
            "import { fileURLToPath } from 'node:url';\n"
            "import { defineConfig } from 'vite';\n"
            "export default defineConfig({\n"
            "  resolve: { alias: [\n"
            "    { find: '@', replacement: path.resolve(__dirname, './src') },\n"
            "    { find: /^#(.*)/, replacement: '$1' },\n"
            "    { find: 'vue', replacement: 'vue/dist/vue.esm-bundler.js' },\n"
            "  ] },\n"
            "  test: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },\n"
            "});\n")
        p = self.project(files)
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertIn("imported by `web/src/routes/users.ts`", by_code["SG002"])
        self.assertIn("patches `web/src/lib/cart`", by_code["MO002"])

    def aliased_as(self, prefix, tsconfig="{ \"compilerOptions\": { \"strict\": true } }\n"):
        files = self.files(tsconfig=tsconfig)
        for name in ("web/src/routes/users.ts", "web/src/__tests__/cart.test.ts"):
            files[name] = files[name].replace("'@/lib/", "'" + prefix)
        return files

    def test_vite_regex_find(self):
        # `find` as a regular expression: the matched part is replaced, `$1` from its group
        files = self.aliased_as("@app/lib/")
        files["web/vite.config.ts"] = (
            "import path from 'node:path';\n"
            "export default {\n"
            "  resolve: { alias: [\n"
            "    { find: /^@app$/, replacement: path.resolve(__dirname, './src/index.ts') },\n"
            "    { find: /^@app\\/(.*?)/, replacement: path.resolve(__dirname, './src/$1') },\n"
            "  ] },\n"
            "};\n")
        p = self.project(files)
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertIn("imported by `web/src/routes/users.ts`", by_code["SG002"])
        self.assertIn("patches `web/src/lib/cart`", by_code["MO002"])

    def test_vitest_test_alias(self):
        files = self.aliased_as("~/lib/")
        files["web/vitest.config.ts"] = (
            "import path from 'node:path';\n"
            "export default { test: { alias: { '~': path.resolve(__dirname, 'src') } } };\n")
        p = self.project(files)
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertIn("imported by `web/src/routes/users.ts`", by_code["SG002"])
        self.assertIn("patches `web/src/lib/cart`", by_code["MO002"])

    def test_tsconfig_extends_an_installed_package(self):
        # `extends` of a package is read from the closest node_modules when it is installed;
        # a package that is not installed is not followed (its specifier stays a package)
        files = self.files(tsconfig="{ \"extends\": \"@acme/tsconfig/web.json\" }\n")
        files["web/node_modules/@acme/tsconfig/web.json"] = (
            "{ \"compilerOptions\": { \"paths\": { \"@/*\": [\"../../../src/*\"] } } }\n")
        p = self.project(files)
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertIn("imported by `web/src/routes/users.ts`", by_code["SG002"])
        self.assertIn("patches `web/src/lib/cart`", by_code["MO002"])
        files = self.files(tsconfig="{ \"extends\": \"@acme/missing/web.json\" }\n")
        p = self.project(files)
        _, findings = self.check_json(p, "--select", "SG002,MO002")
        by_code = {f["code"]: f["message"] for f in findings}
        self.assertIn("patches `@/lib/cart`", by_code["MO002"])

    def test_aliased_imports_count_for_the_canonical_copy(self):
        files = self.files()
        body = ("export function slug(title: string, max: number) {\n"
                "  const words = title.trim().toLowerCase().split(/\\s+/);\n"
                "  const kept = words.filter((w) => w.length > 0 && w !== 'the');\n"
                "  let out = kept.join('-').replace(/[^a-z0-9-]/g, '');\n"
                "  if (out.length > max) {\n"
                "    out = out.slice(0, max).replace(/-+$/, '');\n"
                "  }\n"
                "  return out || 'untitled';\n"
                "}\n")
        files["web/src/lib/slug.ts"] = body
        files["web/src/lib/text.ts"] = body
        files["web/src/routes/posts.ts"] = "import { slug } from '@/lib/slug';\nexport const s = slug('A');\n"
        p = self.project(files)
        _, findings = self.check_json(p, "--select", "DD002")
        self.assertEqual([f["filename"] for f in findings], ["web/src/lib/text.ts"])
        self.assertIn("`slug` in `web/src/lib/slug.ts` (line 1, imported 1 time)",
                      findings[0]["message"])


if __name__ == "__main__":
    unittest.main()
