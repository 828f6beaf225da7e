/* analyzer/config/config_internal.h - shared by config.c, config_load.c, config_tables.c,
 * config_set.c, config_write.c and pytest_config.c: list helpers, paths, did-you-mean, the
 * defaults' tables, the value readers and the pytest settings lookup. Private. */
#ifndef SSOT_ANALYZER_CONFIG_INTERNAL_H
#define SSOT_ANALYZER_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "analyzer/config/config.h"
#include "analyzer/config/toml.h"

/* ---- defaults (config.c) ---- */

#define SSOT_CONFIG_DEFAULT_MAX_FILE_BYTES ((size_t)8 << 20)
#define SSOT_CONFIG_DEFAULT_DUP_MIN_NODES 40u
#define SSOT_CONFIG_DEFAULT_DUP_MIN_LINES 5u

/* NULL-terminated lists. Families are the rule-code prefixes a selector may name even
 * before any rule of the family exists; the default `select` is every family. */
extern const char *const ssot_config__families[];
extern const char *const ssot_config__default_exclude[];

/* ---- lists (config.c) ---- */

void ssot_config__strlist_push(ssot_strlist *list, const char *s);
void ssot_config__strlist_fini(ssot_strlist *list);
void ssot_config__strlist_copy(ssot_strlist *dst, const ssot_strlist *src);
void ssot_config__globs_free(ssot_glob **globs, size_t count);
/* Append a glob known to be valid (the defaults). */
void ssot_config__globs_push(ssot_glob ***globs, size_t *count, const char *pattern);
void ssot_config__matchers_fini(ssot_matcher_list *list);
/* The default `test-files`: every python_files pattern, conftest.py, and the folders
 * `test` and `tests` (what ssot_testid_is_test_path decides). Replaces the old list. */
void ssot_config__derive_test_files(ssot_config *config);

/* ---- paths (config.c) ---- */

/* `path` made absolute against the current directory and cleaned lexically (`.`, `..`,
 * repeated slashes; symlinks are not resolved). The caller frees it. */
char *ssot_config__abspath(const char *path);
/* The folder part of an absolute path ("/" for "/x"); the caller frees it. */
char *ssot_config__dirname(const char *abspath);
/* `abspath` relative to the current directory when it is below it, else unchanged: how
 * paths are shown in messages. The caller frees it. */
char *ssot_config__display_path(const char *abspath);
/* `dir/name`; the caller frees it. */
char *ssot_config__join(const char *dir, const char *name);
bool ssot_config__is_file(const char *path);
/* Whether the configuration file `path` (absolute) is there to read: a regular file, or a
 * symlink to one. Anything else by that name (a folder, a FIFO, a device) is skipped, as
 * pytest and Ruff skip it, never opened (a FIFO would block), with one warning line on
 * stderr per path and process (config_set.c). */
bool ssot_config__found(const char *path);

/* ---- did-you-mean (config.c) ---- */

/* The candidate closest to `word` by edit distance (insert, delete, substitute, swap),
 * if close enough to be a likely typo; else NULL. `candidates` is NULL-terminated unless
 * `count` is given (then exactly `count` strings). */
const char *ssot_config__suggest(const char *word, const char *const *candidates, size_t count);

/* ---- reading values (config_load.c) ---- */

/* One file being read. Every reader below returns false after writing the first problem
 * to err as `path:line:col: message`; on success it replaces *out (freeing the old). */
typedef struct ssot_config_loader {
    const char *path; /* as shown in messages */
    char *err;
    size_t err_size;
    bool pyproject;   /* the keys live under [tool.ssot] */
    const char *top;  /* how the key table is named in messages: "[tool.ssot]", "ssot.toml" */
    ssot_config *cfg; /* being built; rule codes may name its custom rules */
} ssot_config_loader;

bool ssot_config__fail(const ssot_config_loader *l, unsigned line, unsigned col, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));
bool ssot_config__in_list(const char *s, const char *const *list);
/* `prefix.key`, the key quoted when it is not bare. The caller frees it. */
char *ssot_config__key_path(const char *prefix, const char *key);
/* "[tool.ssot.SUB]" (or "[[...]]") in pyproject.toml, "[SUB]" in ssot.toml; caller frees. */
char *ssot_config__table_name(const ssot_config_loader *l, const char *sub, bool array);
/* Every key of table t must be in `known` (NULL-terminated); `where` names t. */
bool ssot_config__check_keys(const ssot_config_loader *l, const ssot_toml_value *t,
                             const char *const *known, const char *where);
bool ssot_config__string_list(const ssot_config_loader *l, const char *key,
                              const ssot_toml_value *v);
bool ssot_config__get_strlist(const ssot_config_loader *l, const char *key,
                              const ssot_toml_value *v, ssot_strlist *out);
bool ssot_config__get_string(const ssot_config_loader *l, const char *key, const ssot_toml_value *v,
                             const char **out);
bool ssot_config__get_severity(const ssot_config_loader *l, const char *key,
                               const ssot_toml_value *v, ssot_severity *out);
bool ssot_config__get_count(const ssot_config_loader *l, const char *key, const ssot_toml_value *v,
                            unsigned *out);
bool ssot_config__get_size(const ssot_config_loader *l, const ssot_toml_value *v, size_t *out);
ssot_glob *ssot_config__new_glob(const ssot_config_loader *l, unsigned line, unsigned col,
                                 const char *pattern, const char *key);
/* A list of globs; a single string too when `one_ok`. */
bool ssot_config__get_globs(const ssot_config_loader *l, const char *key, const ssot_toml_value *v,
                            bool one_ok, ssot_glob ***globs, size_t *count);
/* Compiled with PCRE2_UTF | options, then JIT-compiled where available. */
pcre2_code *ssot_config__compile_regex(const ssot_config_loader *l, const ssot_toml_value *at,
                                       const char *src, const char *key, uint32_t options);
bool ssot_config__get_matchers(const ssot_config_loader *l, const char *key,
                               const ssot_toml_value *v, ssot_matcher_list *out);
/* A list of rule selectors: codes, prefixes, families, names, ALL, custom codes. */
bool ssot_config__get_codes(const ssot_config_loader *l, const char *key, const ssot_toml_value *v,
                            ssot_strlist *out);

/* ---- the files one run has read (config_memo.c) ---- */

/* Each configuration file parsed once per run: TOML documents by path and identity (device,
 * inode, mtime, size: a file changed during the run is read again), pytest's settings by
 * the folder a lookup started from. Single-threaded, like the lookups. */
typedef struct ssot_config_memo ssot_config_memo;
ssot_config_memo *ssot_config__memo_new(void);
void ssot_config__memo_free(ssot_config_memo *memo); /* NULL is a no-op */
/* How many TOML files it has parsed (tests show that each is parsed once). */
size_t ssot_config__memo_parses(const ssot_config_memo *memo);
/* The document of the TOML file `path` (borrowed: the memo owns it), parsed now or before;
 * on failure the parse's status and message, the same each time it is asked. */
ssot_status ssot_config__memo_toml(ssot_config_memo *memo, const char *path,
                                   const ssot_toml_value **doc, char *err, size_t err_size);
/* pytest's settings already looked up from the absolute folder `dir`: true, with a copy in
 * *pc (the caller finis it) and the lookup's status (and message); false when not yet. */
bool ssot_config__memo_pytest_get(const ssot_config_memo *memo, const char *dir,
                                  ssot_pytest_config *pc, ssot_status *status, char *err,
                                  size_t err_size);
void ssot_config__memo_pytest_put(ssot_config_memo *memo, const char *dir,
                                  const ssot_pytest_config *pc, ssot_status status,
                                  const char *err);
/* ssot_config_load through `memo` (NULL: a memo of its own). */
ssot_status ssot_config__load(ssot_config_memo *memo, const char *path, ssot_config **out,
                              char *err, size_t err_size);

/* ---- pytest settings (pytest_config.c) ---- */

/* pytest's defaults: python_files test_*.py *_test.py, python_classes Test,
 * python_functions test, no testpaths, pytest's norecursedirs. */
void ssot_pytest_config_defaults(ssot_pytest_config *pc);
void ssot_pytest_config_fini(ssot_pytest_config *pc);
/* Look for pytest settings from the absolute folder `start` upward: in each folder the
 * first of pytest.ini ([pytest], even when empty), .pytest.ini, pyproject.toml
 * ([tool.pytest.ini_options]), tox.ini ([pytest]), setup.cfg ([tool:pytest]). Fills `pc`
 * (defaults when none is found). Through `memo` (NULL: one of its own), each folder is
 * looked at once per run and each file parsed once. On a malformed file returns SSOT_ERR_USAGE (SSOT_ERR_IO
 * when unreadable) with `file:line:col: message` in err; `pc` then holds the defaults. */
ssot_status ssot_pytest_config_find(ssot_config_memo *memo, const char *start,
                                    ssot_pytest_config *pc, char *err, size_t err_size);

#endif /* SSOT_ANALYZER_CONFIG_INTERNAL_H */
