"""End-to-end tests of JavaScript/TypeScript test files: which files are tests (the runners'
defaults, jest's testMatch, vitest's include with vitest.config over vite.config, mocha's spec
from .mocharc.yml and package.json, all read without running them), and `// ssot:` suppressions
in JavaScript, on small temporary projects."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import ProjectTestCase  # noqa: E402

# A test with no assertion: PH002 wherever the file is a test file, nothing in a service file.
SILENT = "it('runs', () => { run(); });\n"


def ph002_files(findings):
    return sorted(f["filename"] for f in findings if f["code"] == "PH002")


class TestFileConventions(ProjectTestCase):
    def test_runner_defaults_without_configuration(self):
        p = self.project({
            "src/cart.test.js": SILENT,
            "src/cart.spec.ts": SILENT,
            "src/__tests__/cart.ts": SILENT,
            "test/cart.js": SILENT,
            "e2e/checkout.cy.js": SILENT,
            "src/cart.js": SILENT,  # a service file: its `it` is not a test
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), [
            "e2e/checkout.cy.js", "src/__tests__/cart.ts", "src/cart.spec.ts",
            "src/cart.test.js", "test/cart.js"])

    def test_vitest_include_over_vite_config(self):
        p = self.project({
            "vitest.config.ts": "import { defineConfig } from 'vitest/config';\n"
                                "export default defineConfig({ test: { include: "
                                "['src/**/test.ts'] } });\n",
            "vite.config.ts": "export default { test: { include: ['lib/**/*.ts'] } };\n",
            "src/addDays/test.ts": SILENT,
            "src/addDays/index.ts": SILENT,
            "lib/x.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["src/addDays/test.ts"])

    def test_jest_test_match_and_regex(self):
        p = self.project({
            "jest.config.js": "module.exports = { testMatch: ['<rootDir>/checks/**/*.check.js'],"
                              " testRegex: '/specs/.*\\\\.js$' };\n",
            "checks/a.check.js": SILENT,
            "specs/b.js": SILENT,
            "lib/c.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["checks/a.check.js", "specs/b.js"])

    def test_jest_in_package_json(self):
        p = self.project({
            "package.json": '{"name": "x", "jest": {"testMatch": ["**/*.unit.js"]}}',
            "lib/a.unit.js": SILENT,
            "lib/a.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["lib/a.unit.js"])

    def test_vitest_projects_each_below_its_root(self):
        p = self.project({
            "vitest.config.ts": "import { defineConfig } from 'vitest/config';\n"
                                "export default defineConfig({ test: {\n"
                                "  coverage: { include: ['lib/**'] },\n"
                                "  projects: [\n"
                                "    'packages/*',\n"
                                "    { test: { name: 'api', root: './api', include: ['checks/**/*.ts'] } },\n"
                                "    { root: 'web', test: { name: 'web', include: ['ui/*.check.tsx'] } },\n"
                                "  ],\n"
                                "} });\n",
            "api/checks/users.ts": SILENT,
            "api/lib/users.ts": SILENT,
            "web/ui/page.check.tsx": SILENT,
            "checks/top.ts": SILENT,  # `checks/` is the api project's, below `api/`
            "lib/util.ts": SILENT,  # coverage's include is no test pattern
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["api/checks/users.ts", "web/ui/page.check.tsx"])

    def test_vitest_workspace_file(self):
        p = self.project({
            "vitest.workspace.ts": "import { defineWorkspace } from 'vitest/config';\n"
                                   "export default defineWorkspace([\n"
                                   "  'packages/*',\n"
                                   "  { test: { name: 'node', root: 'server', include: ['**/*.check.ts'] } },\n"
                                   "]);\n",
            "server/src/a.check.ts": SILENT,
            "server/src/a.ts": SILENT,
            "other/b.check.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["server/src/a.check.ts"])

    def test_vitest_workspace_json(self):
        p = self.project({
            "vitest.workspace.json": '["packages/*", {"test": {"root": "./e2e", '
                                     '"include": ["flows/*.ts"]}}]',
            "e2e/flows/login.ts": SILENT,
            "e2e/lib/login.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["e2e/flows/login.ts"])

    def test_jest_inline_projects_each_below_its_root_dir(self):
        p = self.project({
            "jest.config.js": "module.exports = { projects: [\n"
                              "  { displayName: 'client', rootDir: '<rootDir>/client',\n"
                              "    testMatch: ['<rootDir>/checks/**/*.js'] },\n"
                              "  { displayName: 'server', testMatch: ['<rootDir>/server/**/*.check.js'] },\n"
                              "] };\n",
            "client/checks/a.js": SILENT,
            "client/lib/a.js": SILENT,
            "server/b.check.js": SILENT,
            "server/b.js": SILENT,
            "checks/c.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["client/checks/a.js", "server/b.check.js"])

    def test_jest_projects_in_package_json(self):
        p = self.project({
            "package.json": '{"name": "x", "jest": {"projects": ['
                            '{"rootDir": "<rootDir>/app", "testMatch": ["<rootDir>/**/*.unit.js"]},'
                            ' "<rootDir>/tools"]}}',
            "app/src/a.unit.js": SILENT,
            "app/src/a.js": SILENT,
            "tools/package.json": '{"name": "tools", "jest": {"testMatch": ["**/*.check.js"]}}',
            "tools/b.check.js": SILENT,
            "tools/b.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["app/src/a.unit.js", "tools/b.check.js"])

    def test_jest_test_match_replaces_the_defaults(self):
        # jest runs only what testMatch names: formatter inputs under tests/ and a *.test.js
        # outside it are not tests; test support by name or place stays test code
        p = self.project({
            "jest.config.js": "module.exports = { testMatch: "
                              "['<rootDir>/tests/format/**/format.test.js'] };\n",
            "tests/format/js/format.test.js": SILENT,
            "tests/format/js/input.js": SILENT,
            "src/a.test.js": SILENT,
            "tests/__mocks__/fs.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings),
                         ["tests/__mocks__/fs.js", "tests/format/js/format.test.js"])

    def test_jest_test_path_ignore_patterns_remove_files(self):
        # the closest configuration decides, as jest run there does: a nested project's own
        # `"jest"` (an e2e suite a harness runs) is not ruled by the root's ignore patterns;
        # a computed list is not read; beside a playwright config the ignored specs are its
        p = self.project({
            "jest.config.mjs": "export default { testPathIgnorePatterns: "
                               "['/node_modules/', '/e2e/.*/__tests__', "
                               "'<rootDir>/scripts/'] };\n",
            "e2e/__tests__/runs.test.js": SILENT,
            "e2e/plain/__tests__/ignored.test.js": SILENT,
            "e2e/failures/package.json": '{"jest": {"testEnvironment": "node"}}',
            "e2e/failures/__tests__/fails.test.js": SILENT,
            "scripts/x.test.js": SILENT,
            "lib/scripts/y.test.js": SILENT,
            "other/jest.config.js": "const ignore = ['/b/'];\n"
                                    "module.exports = { testPathIgnorePatterns: ignore };\n",
            "other/b/z.test.js": SILENT,
            "web/jest.config.js": "module.exports = { testPathIgnorePatterns: ['/e2e/'] };\n",
            "web/playwright.config.ts": "export default { testDir: './e2e' };\n",
            "web/e2e/login.spec.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), [
            "e2e/__tests__/runs.test.js", "e2e/failures/__tests__/fails.test.js",
            "lib/scripts/y.test.js", "other/b/z.test.js", "web/e2e/login.spec.ts"])

    def test_mocha_spec_from_mocharc_yaml_and_package_json(self):
        p = self.project({
            "api/.mocharc.yml": "spec:\n  - 'suites/**/*.js'\nrecursive: true\n",
            "api/suites/users.js": SILENT,
            "api/lib/users.js": SILENT,
            "web/package.json": '{"mocha": {"spec": "checks"}}',
            "web/checks/page.js": SILENT,
            "web/lib/page.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["api/suites/users.js", "web/checks/page.js"])

    def test_vitest_exclude_removes_files(self):
        # what vitest would not collect is not a test file: its `exclude` (a spread of
        # configDefaults.exclude is its default; a conditional spread depends on the run and is
        # not read); another vitest configuration of the folder (vitest.config.e2e.ts) may
        # collect what the main one excludes; test support by name stays test code
        p = self.project({
            "vitest.config.ts": "import { configDefaults, defineConfig } from 'vitest/config';\n"
                                "const slow = ['src/slow/**'];\n"
                                "export default defineConfig({ test: { exclude: [\n"
                                "  ...configDefaults.exclude, './e2e/**', 'fixtures/**/*.*',\n"
                                "  ...(process.env.CI ? slow : []),\n] } });\n",
            "vitest.config.e2e.ts": "export default { test: { include: ['e2e/**/*.e2e.ts'], "
                                    "exclude: ['e2e/legacy/**'] } };\n",
            "src/cart.test.ts": SILENT,
            "src/slow/big.test.ts": SILENT,
            "fixtures/app/sample.test.ts": SILENT,
            "fixtures/test-utils.ts": SILENT,
            "e2e/checkout.e2e.ts": SILENT,
            "e2e/legacy/old.e2e.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), [
            "e2e/checkout.e2e.ts", "fixtures/test-utils.ts", "src/cart.test.ts",
            "src/slow/big.test.ts"])

    def test_vitest_exclude_of_each_inline_project(self):
        # each inline project excludes below its own root; a project given as a folder is not
        # read here, so beside one nothing is removed
        p = self.project({
            "vitest.config.mts": "export default { test: { projects: [\n"
                                 "  { root: './web', test: { exclude: ['**/visual/**'] } },\n"
                                 "  { test: { root: 'api', exclude: ['**/*.slow.test.ts'] } },\n"
                                 "] } };\n",
            "web/visual/button.test.ts": SILENT,
            "web/form.test.ts": SILENT,
            "api/users.slow.test.ts": SILENT,
            "api/users.test.ts": SILENT,
            "tools/x.test.ts": SILENT,  # below no project's root: vitest never runs it
            "open/vite.config.ts": "export default { test: { projects: ['packages/*', "
                                   "{ test: { exclude: ['**/a/**'] } }] } };\n",
            "open/a/kept.test.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), [
            "api/users.test.ts", "open/a/kept.test.ts", "web/form.test.ts"])

    def test_vitest_exclude_beside_another_runner(self):
        # beside jest's configuration (or a playwright one) a file vitest excludes may be the
        # other runner's test
        p = self.project({
            "vite.config.ts": "export default { test: { exclude: ['legacy/**'] } };\n",
            "jest.config.js": "module.exports = { testEnvironment: 'node' };\n",
            "legacy/old.test.js": SILENT,
            "web/vitest.config.ts": "export default { test: { exclude: ['e2e/**'] } };\n",
            "web/playwright.config.ts": "export default { testDir: './e2e' };\n",
            "web/e2e/login.spec.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["legacy/old.test.js", "web/e2e/login.spec.ts"])

    def test_vitest_workspace_exclude(self):
        p = self.project({
            "vitest.workspace.json": '[{"test": {"root": "app", "exclude": ["**/wip/**"]}}]',
            "app/wip/a.test.ts": SILENT,
            "app/b.test.ts": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["app/b.test.ts"])

    def test_mocha_ignore_extension_and_recursive(self):
        # mocha's `ignore` removes files; a `spec` folder loads the files with one of the
        # `extension`s (js, cjs, mjs by default), in subfolders only with `recursive`
        p = self.project({
            "api/.mocharc.json": '{"spec": ["specs"], "extension": ["ts"], '
                                 '"ignore": ["specs/**/*.skip.ts"]}',
            "api/specs/users.ts": SILENT,
            "api/specs/users.js": SILENT,
            "api/specs/old.skip.ts": SILENT,
            "api/specs/deep/nested.ts": SILENT,
            "web/.mocharc.yml": "spec: checks\nrecursive: true\nignore:\n  - 'checks/wip/**'\n",
            "web/checks/deep/page.js": SILENT,
            "web/checks/wip/draft.test.js": SILENT,
            "cli/.mocharc.js": "module.exports = { spec: 'specs', ignore: ['**/*.off.js'] };\n",
            "cli/specs/run.js": SILENT,
            "cli/specs/run.off.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), [
            "api/specs/users.ts", "cli/specs/run.js", "web/checks/deep/page.js"])

    def test_configured_test_files_win(self):
        p = self.project({
            "ssot.toml": 'test-files = ["qa/**"]\n',
            "qa/a.js": SILENT,
            "src/a.test.js": SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002")
        self.assertEqual(ph002_files(findings), ["qa/a.js"])


class Suppressions(ProjectTestCase):
    def test_inline_and_test_line_and_file_suppressions(self):
        p = self.project({
            "a.test.js": "it('one', () => { run(); }); // ssot: ignore[PH002] -- smoke test\n"
                         "it('two', () => { // ssot: ignore[PH002]\n"
                         "  run();\n"
                         "});\n"
                         "it('three', () => { run(); });\n"
                         "it('four', () => { expect(1).toBe(1); }); // ssot: ignore[PH004]\n",
            "b.test.ts": "// ssot: ignore-file[PH002] -- generated smoke tests\n" + SILENT,
        })
        _, findings = self.check_json(p, "--select", "PH002,PH003,PH004,SS901")
        got = sorted((f["filename"], f["location"]["row"], f["code"]) for f in findings)
        self.assertEqual(got, [("a.test.js", 5, "PH002"), ("a.test.js", 6, "PH003"),
                               ("a.test.js", 6, "SS901")])


class Wording(ProjectTestCase):
    """Findings quote the language's own words for exceptions (the front end's ssot_words):
    `catch`, throw and rethrow in JavaScript, where the same rules say `except`, raise and
    `AssertionError` on Python."""

    def test_handler_messages_read_as_javascript(self):
        p = self.project({
            "a.test.js": "it('saves', async () => {\n"
                         "  try {\n"
                         "    expect(await save(doc)).toEqual({ ok: true });\n"
                         "  } catch (e) {\n"
                         "    console.log(e);\n"
                         "  }\n"
                         "});\n"
                         "it('rejects bad input', async () => {\n"
                         "  try {\n"
                         "    await parse('{');\n"
                         "  } catch (e) {\n"
                         "    expect(e).toBeInstanceOf(SyntaxError);\n"
                         "  }\n"
                         "});\n"
                         "it('throws', () => {\n"
                         "  expect(() => { throw new Error('x'); }).toThrow();\n"
                         "});\n",
            "test_a.py": "def test_sync():\n"
                         "    try:\n"
                         "        assert sync() == 3\n"
                         "    except Exception:\n"
                         "        pass\n",
        })
        _, findings = self.check_json(p, "--select", "PH003,PH007,PH008")
        got = sorted((f["filename"], f["code"], f["message"]) for f in findings)
        self.assertEqual(got, [
            ("a.test.js", "PH003", "this throw check always passes: its body throws the "
                                   "expected exception itself: "
                                   "`expect(() => { throw new Error('x'); }).toThrow()`"),
            ("a.test.js", "PH007", "this assertion's failure is swallowed: a handler around it "
                                   "catches the assertion's error and neither rethrows nor fails"),
            ("a.test.js", "PH008", "test `rejects bad input` asserts only inside `catch`: it "
                                   "passes when nothing is thrown"),
            ("test_a.py", "PH007", "this assertion's failure is swallowed: a handler around it "
                                   "catches `AssertionError` and neither re-raises nor fails"),
        ])

    def test_mock_echo_says_what_a_call_configured(self):
        """Doubles configured by calls (`mockReturnValue(V)`, `mockRejectedValue(E)`) are
        quoted as such; Python's attribute settings keep their `m.return_value` form."""
        p = self.project({
            "a.test.js": "it('echoes', () => {\n"
                         "  const fn = jest.fn().mockReturnValue(3);\n"
                         "  expect(fn()).toBe(3);\n"
                         "});\n"
                         "it('echoes a member', () => {\n"
                         "  const store = { get: jest.fn() };\n"
                         "  store.get.mockReturnValue('x');\n"
                         "  expect(store.get()).toBe('x');\n"
                         "});\n",
            "test_a.py": "from unittest.mock import Mock\n"
                         "def test_echo():\n"
                         "    m = Mock()\n"
                         "    m.get.return_value = 3\n"
                         "    assert m.get() == 3\n",
        })
        _, findings = self.check_json(p, "--select", "MO001")
        got = sorted((f["filename"], f["message"].split(": ", 1)[1].split(", and")[0])
                     for f in findings)
        self.assertEqual(got, [
            ("a.test.js", "`fn` was set to return `3`"),
            ("a.test.js", "`store.get` was set to return `'x'`"),
            ("test_a.py", "`m.get.return_value` was set to `3`"),
        ])


if __name__ == "__main__":
    unittest.main()
