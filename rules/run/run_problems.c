/* rules/run/run_problems.c - E001-E006: problems with the input itself; E008: ssot's own
 * failure on a file. The engine reports
 * them from the file's problems; they have no check of their own and cannot be deselected. */
#include "rules/rule.h"

const ssot_rule ssot_rule_e001 = {
    .code = "E001",
    .name = "unreadable-file",
    .summary = "A file could not be read.",
    .why = "A file that is not read is not checked; the run must not look clean because of it.",
    .bad = "tests/test_auth.py with mode 000",
    .good = "a file ssot can read",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e002 = {
    .code = "E002",
    .name = "not-text",
    .summary = "A file is binary, not valid UTF-8, in UTF-16 or UTF-32 (not supported), or in "
               "an encoding that cannot be decoded.",
    .why = "Its contents cannot be analysed, so nothing in it is checked.",
    .bad = "a .py file holding NUL bytes or latin-1 text without a coding cookie",
    .good = "UTF-8 source, or a PEP 263 `# -*- coding: latin-1 -*-` cookie",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e003 = {
    .code = "E003",
    .name = "syntax-error",
    .summary = "A file does not parse; rules still ran on the functions clear of the error.",
    .why = "A test file that does not parse does not run: its tests are silently lost. The "
           "finding points at the statement the parser failed on. A function whose text "
           "overlaps the error is not checked by the rules over tests: its body is what the "
           "parser's error recovery made of broken text (a mangled docstring read as an "
           "empty body or a discarded comparison).",
    .bad = "def test_login(:\n    assert login()\n",
    .good = "def test_login():\n    assert login()\n",
    .not_flagged = "Valid Python the grammar misreads: a continuation line inside brackets "
                   "indented less than its block, a column-0 comment between a decorator and "
                   "its `def` (the file is parsed again with a corrected scanner). A few "
                   "constructs remain (`return x, *await f()`): see docs/parser-parity.md.",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e004 = {
    .code = "E004",
    .name = "file-too-large",
    .summary = "A file is over the size limit and was not analysed.",
    .why = "Huge files are almost always generated; they are reported so that nothing is "
           "skipped silently.",
    .bad = "a 20 MB generated fixtures.py",
    .good = "exclude generated files in the configuration",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e005 = {
    .code = "E005",
    .name = "nesting-too-deep",
    .summary = "Code nests deeper than the analyzer follows; the part below was not analysed.",
    .why = "The analyzer stops at a fixed depth instead of overflowing its stack; what lies "
           "deeper is not checked and the report says so.",
    .bad = "200 nested `if` blocks",
    .good = "flatter code",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e006 = {
    .code = "E006",
    .name = "syntax-tree-too-large",
    .summary = "A file's syntax tree outgrew the parser's memory budget; the file was not "
               "analysed.",
    .why = "The size limit (E004) counts bytes, but some text makes a node of nearly every "
           "byte: 8 MiB of `1+1+...` is a tree of over a gigabyte. The parser stops at 256 MiB "
           "of tree for one file, so memory stays bounded however many such files a run "
           "meets, and the report says which file was skipped and where the parser was. "
           "Ordinary code needs 25 to 40 bytes of tree per byte: files of several MiB pass.",
    .bad = "a generated module holding one expression of millions of terms",
    .good = "exclude generated files in the configuration, or split the expression",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e007 = {
    .code = "E007",
    .name = "guessed-compile-flags",
    .summary = "A C/C++ file was analysed with guessed compile flags (no compile_commands.json "
               "entry) and had compile errors.",
    .why = "Tests and assertions are read from the file's tokens, so they are still checked; "
           "but the project's own macros and helper functions come from its headers, and a "
           "header the guessed include folders miss makes an assertion helper look like an "
           "ordinary call. The finding names the first error; the likely cause is a missing "
           "include folder or definition, not a broken file.",
    .bad = "tests/parser_test.cc built by CMake, checked without its compile_commands.json",
    .good = "cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, and `compile-commands = \"build\"`",
    .severity = SSOT_SEVERITY_INFO,
    .scope = SSOT_SCOPE_RUN,
};

const ssot_rule ssot_rule_e008 = {
    .code = "E008",
    .name = "internal-error",
    .summary = "ssot failed on a file through a bug of its own: the facts it extracted did "
               "not read back from their serialized form.",
    .why = "Every parse goes through the facts' serialized form (the cache's), and a file "
           "whose facts do not read back would silently never be cached, or be checked on "
           "facts a warm run cannot load. The file is still checked on the facts as "
           "extracted, but the report says so, so that the bug is seen and reported rather "
           "than hidden.",
    .bad = "a front end that writes a value the facts reader rejects (an enum value added "
           "to one and not the other)",
    .good = "no such file: report the finding with the file that caused it",
    .severity = SSOT_SEVERITY_ERROR,
    .scope = SSOT_SCOPE_RUN,
};
