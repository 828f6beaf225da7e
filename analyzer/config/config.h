/* analyzer/config/config.h - the effective configuration of a checked path: `[tool.ssot]` in
 * pyproject.toml, or ssot.toml / .ssot.toml (same keys at top level), the closest file
 * upward from the path (Ruff's model), plus the project's pytest settings. Loaded and
 * validated before any file is checked; every error carries file:line:col. */
#ifndef SSOT_ANALYZER_CONFIG_H
#define SSOT_ANALYZER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analyzer/engine/diag.h"
#include "analyzer/base/glob.h"
#include "analyzer/base/status.h"

/* A list of strings with the position each came from (for messages). */
typedef struct ssot_strlist {
    char **items;      /* owned */
    size_t count;
} ssot_strlist;

typedef struct ssot_per_file_ignore {
    ssot_glob *glob;   /* owned */
    ssot_strlist codes;
} ssot_per_file_ignore;

typedef enum ssot_matcher_kind {
    SSOT_MATCH_NAME = 0, /* exact name: the call's last segment or its dotted text */
    SSOT_MATCH_GLOB,     /* fnmatch-style pattern over the same */
    SSOT_MATCH_REGEX,    /* `re:` PCRE2 pattern, searched in the dotted text */
} ssot_matcher_kind;

/* A name matcher: `assert-functions`, `allowed-doubles`, singleton allow lists. */
typedef struct ssot_matcher {
    ssot_matcher_kind kind;
    char *text;          /* owned: the name, glob or regex source */
    void *regex;         /* owned pcre2_code*, JIT-compiled; NULL unless REGEX */
} ssot_matcher;

typedef struct ssot_matcher_list {
    ssot_matcher *items; /* owned */
    size_t count;
} ssot_matcher_list;

typedef struct ssot_contract {
    char *name;          /* owned: the NAME of [contracts.NAME] */
    ssot_strlist values;
    ssot_glob **scope;   /* owned: globs relative to the config's folder */
    size_t scope_count;
} ssot_contract;

typedef struct ssot_canonical {
    char *name;          /* owned: the concept, e.g. WebSocketManager */
    char *module;        /* owned: its one module, e.g. app.websocket.manager */
} ssot_canonical;

/* [[custom]]: a user rule over source text (SS900 family). */
typedef struct ssot_custom_rule {
    char *code;          /* owned: "SS910" (must start with SS9 and be SS910-SS999) */
    char *name;          /* owned: kebab-case */
    char *message;       /* owned */
    char *pattern;       /* owned: the regex source, as written */
    ssot_severity severity;
    bool multiline;      /* match over the whole file instead of line by line */
    void *regex;         /* owned pcre2_code*, compiled once, JIT where available */
    ssot_glob **files;   /* owned: scope; none means every file */
    size_t file_count;
} ssot_custom_rule;

/* pytest's own settings (pytest.ini, [tool.pytest.ini_options], tox.ini [pytest],
 * setup.cfg [tool:pytest]). Defaults are pytest's. */
typedef struct ssot_pytest_config {
    char *path;              /* owned: where they came from, NULL for defaults */
    ssot_strlist python_files;     /* default: test_*.py *_test.py */
    ssot_strlist python_classes;   /* default: Test (prefix or glob) */
    ssot_strlist python_functions; /* default: test (prefix or glob) */
    ssot_strlist testpaths;        /* default: none */
    ssot_strlist norecursedirs;    /* default: pytest's list */
} ssot_pytest_config;

/* Every field holds its effective value, defaults included (exclude, test_files and
 * real_services too); a has_X flag says that the file itself set X. */
typedef struct ssot_config {
    char *path;          /* owned: the file it came from; NULL: built-in defaults */
    char *root;          /* owned: the folder globs are relative to (the file's folder);
                          * NULL for built-in defaults, whose globs match at any depth */

    ssot_strlist select;         bool has_select;
    ssot_strlist extend_select;
    ssot_strlist ignore;
    ssot_severity fail_on;       bool has_fail_on;
    bool preview;                /* `preview = true`: preview rules run too */
    ssot_glob **exclude;         size_t exclude_count;  bool has_exclude;
    ssot_glob **extend_exclude;  size_t extend_exclude_count;
    ssot_per_file_ignore *per_file_ignores; size_t per_file_ignore_count;
    ssot_glob **test_files;      size_t test_file_count; bool has_test_files;
    ssot_glob **real_services;   size_t real_service_count; bool has_real_services;
    ssot_strlist real_service_markers; /* pytest marks that put a test in a real-services
                                          scope (MO004); default: none */
    ssot_matcher_list assert_functions;
    ssot_matcher_list allowed_doubles;
    ssot_strlist required_test_base;
    ssot_canonical *canonical;   size_t canonical_count;
    ssot_contract *contracts;    size_t contract_count;
    ssot_custom_rule *custom;    size_t custom_count;
    size_t max_file_bytes;       /* `max-file-size` in bytes; default 8 MiB */
    char *compile_commands;      /* owned: `compile-commands`, the folder holding the C/C++
                                    compile_commands.json (absolute); NULL: searched upward
                                    from each file */

    /* per-rule option tables */
    ssot_strlist smoke_markers;      /* [placeholder] smoke-markers: PH002 leaves these alone */
    ssot_matcher_list singleton_allow; /* [singletons] allow */
    bool singleton_report_all;       /* [singletons] report = "all": SG002-SG005 also report
                                        shared state with no request-scoped value (info);
                                        default "request-scoped" */
    bool has_singleton_report;
    unsigned dup_min_nodes, dup_min_lines; /* [duplicates] min-nodes (40), min-lines (5) */
    ssot_strlist dup_ignore_names;   /* [duplicates] ignore-names */
    ssot_glob **dup_units;       size_t dup_unit_count; /* [duplicates] units: folders that
                                    are deployment units of their own (DD005) */
    ssot_strlist diff_fail_on;       /* [diff] fail-on: the `ssot diff` changes that fail
                                        the run (delta kind names, validated) */
    bool has_diff_fail_on;           /* unset: every weakening kind fails */

    /* [audit]: how `ssot audit` grades modules and reads churn */
    double audit_grades[4];          /* grades: upper edges of A-D in weighted findings per
                                        1000 lines (5, 10, 20, 50) */
    double audit_weights[3];         /* weights, by severity: info 0, warning 1, error 3 */
    unsigned audit_churn_months;     /* churn-months: the hotspots' window (12) */

    ssot_pytest_config pytest;
} ssot_config;

/* Built-in defaults (no file). The caller frees with ssot_config_free. */
ssot_config *ssot_config_defaults(void);

/* Load one file: `pyproject.toml` reads `[tool.ssot]` (and returns SSOT_OK with *out NULL
 * when the file has no such table), any other name reads its top level. The pytest
 * settings are looked up from the file's folder upward. On failure returns
 * SSOT_ERR_USAGE and writes `file:line:col: message` (one line) to err; a file that
 * cannot be read gives SSOT_ERR_IO and `file: cannot read: reason`. */
ssot_status ssot_config_load(const char *path, ssot_config **out, char *err, size_t err_size);

void ssot_config_free(ssot_config *config); /* NULL is a no-op */

/* The configuration that applies to files in `dir`: the closest of .ssot.toml, ssot.toml,
 * pyproject.toml-with-[tool.ssot] in `dir` or above (in that order of preference within a
 * folder), loaded once and cached. `--config FILE` and `--isolated` are handled by the
 * caller through ssot_config_set_override. Returns the borrowed config (defaults when
 * none), or NULL with err set when a file is malformed. Thread-safe after all lookups
 * happened on one thread: lookups are done during discovery. */
typedef struct ssot_config_set ssot_config_set;
ssot_config_set *ssot_config_set_new(void);
void ssot_config_set_free(ssot_config_set *set);
/* Use this one configuration for every path (`--config FILE`; `--isolated` passes the
 * defaults). Takes ownership. */
void ssot_config_set_override(ssot_config_set *set, ssot_config *config);
const ssot_config *ssot_config_for_dir(ssot_config_set *set, const char *dir, char *err,
                                       size_t err_size);
/* How many TOML files the set has parsed so far: each file once per run, whatever the
 * number of folders below it (each is read again only when its device, inode, mtime or
 * size changed). */
size_t ssot_config_set_parses(const ssot_config_set *set);
/* The command line's --exclude (replacing each configuration's `exclude` when `replace`) and
 * --extend-exclude (added to each one's), applied to every configuration the set gives.
 * Patterns are copied. Returns SSOT_ERR_USAGE with a message for an invalid glob. */
ssot_status ssot_config_set_excludes(ssot_config_set *set, const char *const *exclude,
                                     size_t exclude_count, bool replace,
                                     const char *const *extend, size_t extend_count, char *err,
                                     size_t err_size);

/* The candidate closest to `word` by edit distance, if close enough to be a likely typo (the
 * configuration loader's did-you-mean, for the command line too); else NULL. `candidates` is
 * NULL-terminated unless `count` is given. */
const char *ssot_config_suggest(const char *word, const char *const *candidates, size_t count);

/* Print the effective configuration as TOML, with where it came from (`ssot config`).
 * Returns 0, or -1 when `out` reports a write error. */
int ssot_config_write(FILE *out, const ssot_config *config);

/* `path` made absolute without resolving symlinks (`.` and `..` folded); the caller frees.
 * Configuration roots are made the same way, so the two can be compared as strings. */
char *ssot_config_abspath(const char *path);
/* The same against `cwd` (from ssot_config_cwd; NULL: the current folder asked again): a
 * loop over many paths asks the system once. */
char *ssot_config_abspath_in(const char *cwd, const char *path);
/* The current folder (the caller frees it); "" when it cannot be named. */
char *ssot_config_cwd(void);

/* Does `name` (a dotted callee or a plain name) match one of the matchers? */
bool ssot_matcher_list_match(const ssot_matcher_list *list, const char *name);

#endif /* SSOT_ANALYZER_CONFIG_H */
