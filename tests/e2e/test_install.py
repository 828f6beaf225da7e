"""End-to-end tests of `cmake --install` and `ssot completion`: the installed tree has the
binary, the manual page, the bash, zsh and fish completions and the docs; the manual page and
each completion name every long option of the table in analyzer/cli/options.c; the binary carries
no build-tree path (no RPATH/RUNPATH, no source or build folder in its bytes).

Run by ctest with SSOT_BIN pointing at the build's binary (its folder is the build tree).
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

SSOT = os.environ.get("SSOT_BIN", os.path.join(os.getcwd(), "build", "ssot"))
SOURCE_DIR = os.environ.get("SSOT_SOURCE_DIR", os.getcwd())
BUILD_DIR = os.path.dirname(os.path.abspath(SSOT))
SHELLS = {
    "bash": "share/bash-completion/completions/ssot",
    "zsh": "share/zsh/site-functions/_ssot",
    "fish": "share/fish/vendor_completions.d/ssot.fish",
}


def long_options():
    """The long options of the table in analyzer/cli/options.c, read from the source."""
    with open(os.path.join(SOURCE_DIR, "analyzer", "cli", "options.c"), encoding="utf-8") as f:
        text = f.read()
    table = text[text.index("long_options[] = {"):]
    table = table[:table.index("};")]
    names = set(re.findall(r'^\s*\{"([a-z-]+)",', table, re.M))
    assert len(names) > 20, names
    return names


def run(args, **kw):
    # a hang guard, not a speed check: cpack and a whole build take minutes on a loaded
    # 2-core machine
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ssot-install-")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        cls.install = run(["cmake", "--install", BUILD_DIR, "--prefix", cls.prefix])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, rel):
        return os.path.join(self.prefix, rel)

    def read(self, rel):
        with open(self.path(rel), encoding="utf-8") as f:
            return f.read()

    def test_install_succeeds_and_puts_each_file_in_place(self):
        self.assertEqual(self.install.returncode, 0, self.install.stderr)
        for rel in ["bin/ssot", "share/man/man1/ssot.1", "share/doc/ssot/README.md",
                    "share/doc/ssot/docs/configuration.md", "share/doc/ssot/docs/ci.md",
                    "share/doc/ssot/docs/rules/PH001.md", *SHELLS.values()]:
            self.assertTrue(os.path.isfile(self.path(rel)), rel)
        self.assertTrue(os.access(self.path("bin/ssot"), os.X_OK))

    def test_installed_binary_runs_from_the_prefix(self):
        r = run([self.path("bin/ssot"), "--version"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^ssot \d+\.\d+\.\d+\n$")

    def test_manual_page_names_every_long_option_and_command(self):
        page = self.read("share/man/man1/ssot.1")
        for name in sorted(long_options()):
            roff = "\\-\\-" + name.replace("-", "\\-")
            self.assertIn(roff, page, f"the manual page lacks --{name}")
        for command in ["check", "rule", "config", "completion"]:
            self.assertIn(f'.SS "ssot {command}', page)
        self.assertIn("PH001", page)  # the rule list

    def test_manual_page_formats_without_warnings(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed")
        r = run(["groff", "-man", "-ww", "-z", self.path("share/man/man1/ssot.1")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")

    def test_completions_name_every_long_option(self):
        for shell, rel in SHELLS.items():
            text = self.read(rel)
            for name in sorted(long_options()):
                word = f"-l {name} " if shell == "fish" else f"--{name}"
                self.assertIn(word, text, f"the {shell} completion lacks --{name}")

    def test_installed_completions_are_what_ssot_completion_prints(self):
        for shell, rel in SHELLS.items():
            r = run([SSOT, "completion", shell])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, self.read(rel), shell)

    def test_completions_are_valid_scripts(self):
        for shell, rel in SHELLS.items():
            if not shutil.which(shell):
                continue  # zsh and fish are optional; bash is always there
            r = run([shell, "-n", self.path(rel)])
            self.assertEqual(r.returncode, 0, f"{shell}: {r.stderr}")

    def test_bash_completion_completes_commands_options_and_values(self):
        script = self.path(SHELLS["bash"])
        cases = [
            (["ssot", "ch"], "check"),
            (["ssot", "check", "--output-f"], "--output-format"),
            (["ssot", "check", "--output-format", "sa"], "sarif"),
            (["ssot", "check", "--output-format", "=", "ju"], "junit"),
            (["ssot", "check", "--select", "PH001,PH00"], "PH001,PH002"),
            (["ssot", "check", "--fail-on", ""], "warning"),
            (["ssot", "rule", "empty-"], "empty-test"),
            (["ssot", "completion", "f"], "fish"),
        ]
        for words, expected in cases:
            quoted = " ".join("'" + w + "'" for w in words)
            program = (f"source '{script}'; COMP_WORDS=({quoted}); "
                       f"COMP_CWORD={len(words) - 1}; _ssot; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
            r = run(["bash", "-c", program])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(expected, r.stdout.split("\n"), f"{words}: {r.stdout!r}")

    def test_binary_has_no_build_tree_path(self):
        with open(self.path("bin/ssot"), "rb") as f:
            data = f.read()
        if shutil.which("readelf"):
            r = run(["readelf", "-d", self.path("bin/ssot")])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotRegex(r.stdout, r"RPATH|RUNPATH")
        if b"__asan_init" in data:
            self.skipTest("sanitizer build: ASan's descriptors of globals keep header paths "
                          "(packages are built without sanitizers)")
        for folder in {os.path.realpath(SOURCE_DIR), os.path.realpath(BUILD_DIR)}:
            self.assertFalse(folder.encode() in data, f"the binary names {folder}")


class DebianPackageTest(unittest.TestCase):
    """CPack's .deb from this build tree (tools/package makes the release one; its install in
    a clean Debian 12 root is `tools/package --test-install`, too slow for this suite)."""

    def test_deb_has_the_files_and_computed_depends(self):
        if not all(shutil.which(tool) for tool in ("cpack", "dpkg-shlibdeps", "file")):
            self.skipTest("cpack, dpkg-shlibdeps or file is not installed (tools/setup)")
        with tempfile.TemporaryDirectory(prefix="ssot-deb-") as out:
            r = run(["cpack", "-G", "DEB", "-B", out], cwd=BUILD_DIR)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            debs = [f for f in os.listdir(out) if f.endswith(".deb")]
            self.assertEqual(len(debs), 1, os.listdir(out))
            deb = os.path.join(out, debs[0])
            depends = run(["dpkg-deb", "--field", deb, "Depends"]).stdout
            # libclang is loaded with dlopen (dpkg-shlibdeps cannot see it): the build names
            # the package that holds it
            for library in ("libc6", "libgit2", "libpcre2-8", "libjansson", "libxml2",
                            "libsqlite3", "libclang"):
                self.assertIn(library, depends)
            listing = run(["dpkg-deb", "--contents", deb]).stdout
            for rel in ("./usr/bin/ssot", "./usr/share/man/man1/ssot.1",
                        "./usr/share/bash-completion/completions/ssot",
                        "./usr/share/fish/vendor_completions.d/ssot.fish",
                        "./usr/share/doc/ssot/README.md"):
                self.assertIn(rel, listing)


class CompletionCommandTest(unittest.TestCase):
    def test_each_shell_prints_a_script(self):
        starts = {"bash": "# bash completion", "zsh": "#compdef ssot", "fish": "# fish completion"}
        for shell, start in starts.items():
            r = run([SSOT, "completion", shell])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(r.stdout.startswith(start), r.stdout[:80])

    def test_unknown_or_missing_shell_is_a_usage_error(self):
        for args in (["completion"], ["completion", "tcsh"], ["completion", "bash", "zsh"]):
            r = run([SSOT, *args])
            self.assertEqual(r.returncode, 2, args)
            self.assertEqual(r.stdout, "")
            self.assertIn("ssot: error:", r.stderr)

    def test_help_lists_the_command(self):
        r = run([SSOT, "--help"])
        self.assertIn("completion SHELL", r.stdout)
        r = run([SSOT, "completion", "--help"])
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("Usage: ssot completion SHELL"))


if __name__ == "__main__":
    unittest.main()
