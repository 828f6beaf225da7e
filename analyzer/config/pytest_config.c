/* analyzer/config/pytest_config.c - pytest's own settings (python_files, python_classes,
 * python_functions, testpaths, norecursedirs), found the way pytest finds its inifile:
 * pytest.toml, .pytest.toml, pytest.ini, .pytest.ini, pyproject.toml, tox.ini, setup.cfg,
 * from a folder upward. INI files are read by libinih, TOML files by analyzer/config/toml.c. */
#include "analyzer/config/config_internal.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "analyzer/base/alloc.h"
#include "analyzer/config/toml.h"
#include "analyzer/base/vec.h"

enum { KEY_FILES, KEY_CLASSES, KEY_FUNCTIONS, KEY_TESTPATHS, KEY_NORECURSE, KEY_COUNT };

static const char *const key_names[KEY_COUNT] = {
    "python_files", "python_classes", "python_functions", "testpaths", "norecursedirs",
};

static ssot_strlist *key_list(ssot_pytest_config *pc, int k)
{
    switch (k) {
    case KEY_FILES:
        return &pc->python_files;
    case KEY_CLASSES:
        return &pc->python_classes;
    case KEY_FUNCTIONS:
        return &pc->python_functions;
    case KEY_TESTPATHS:
        return &pc->testpaths;
    default:
        return &pc->norecursedirs;
    }
}

static int key_index(const char *name)
{
    for (int k = 0; k < KEY_COUNT; k++)
        if (!strcmp(name, key_names[k]))
            return k;
    return -1;
}

void ssot_pytest_config_defaults(ssot_pytest_config *pc)
{
    static const char *const files[] = {"test_*.py", "*_test.py", NULL};
    static const char *const norecurse[] = {"*.egg", ".*",           "_darcs", "build",  "CVS",
                                            "dist",  "node_modules", "venv",   "{arch}", NULL};
    memset(pc, 0, sizeof(*pc));
    for (const char *const *s = files; *s; s++)
        ssot_config__strlist_push(&pc->python_files, *s);
    ssot_config__strlist_push(&pc->python_classes, "Test");
    ssot_config__strlist_push(&pc->python_functions, "test");
    for (const char *const *s = norecurse; *s; s++)
        ssot_config__strlist_push(&pc->norecursedirs, *s);
}

void ssot_pytest_config_fini(ssot_pytest_config *pc)
{
    free(pc->path);
    for (int k = 0; k < KEY_COUNT; k++)
        ssot_config__strlist_fini(key_list(pc, k));
    memset(pc, 0, sizeof(*pc));
}

/* pytest reads these values with shlex.split: whitespace separates, quotes group, a
 * backslash outside single quotes escapes the next character. */
static void split_args(const char *s, ssot_strlist *out)
{
    SSOT_VEC(char) tok = {0};
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (!*s)
            break;
        tok.count = 0;
        char quote = 0;
        for (; *s; s++) {
            if (!quote && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
                break;
            if (!quote && (*s == '\'' || *s == '"')) {
                quote = *s;
            } else if (quote && *s == quote) {
                quote = 0;
            } else if (*s == '\\' && quote != '\'' && s[1]) {
                s++;
                SSOT_VEC_PUSH(&tok, *s);
            } else {
                SSOT_VEC_PUSH(&tok, *s);
            }
        }
        SSOT_VEC_PUSH(&tok, '\0');
        ssot_config__strlist_push(out, tok.items);
    }
    free(tok.items);
}

/* ---- INI files (libinih) ---- */

/* inih hands us lines through read_line so that we know the real line of each call (for
 * messages), whether it continues the previous value, and whether a wanted section exists
 * even when empty. Lines longer than inih's buffer are cut at a blank and passed on as
 * continuation lines, which leaves whitespace-separated values unchanged. */
typedef struct ini_state {
    FILE *file;
    char *buf; /* owned: getline's buffer */
    size_t cap;
    const char *rest; /* the part of the current line still to hand out */
    size_t rest_len;
    bool first_chunk;
    unsigned line;            /* the real line last handed out */
    bool continuation;        /* ...and it continues the previous value */
    SSOT_VEC(unsigned) lines; /* inih's line number -> real line */
    char section[128];        /* the section the reader is in */
    const char *want;         /* "pytest" or "tool:pytest" */
    bool found;               /* a [want] header was seen */
    SSOT_VEC(char) values[KEY_COUNT];
    unsigned seen[KEY_COUNT]; /* line where each key was first set, 0 if not */
    unsigned dup_line;        /* first key set twice */
    int dup_key;
} ini_state;

static char *read_line(char *str, int num, void *stream)
{
    ini_state *s = stream;
    size_t room = num > 3 ? (size_t)num - 2 : 1; /* leave room for '\n' and NUL */
    if (!s->rest) {
        ssize_t n = getline(&s->buf, &s->cap, s->file);
        if (n < 0)
            return NULL;
        while (n > 0 && (s->buf[n - 1] == '\n' || s->buf[n - 1] == '\r'))
            n--;
        s->buf[n] = '\0';
        s->line++;
        s->rest = s->buf;
        s->rest_len = (size_t)n;
        s->first_chunk = true;
        const char *p = s->buf;
        if (s->line == 1 && !strncmp(p, "\xEF\xBB\xBF", 3)) /* inih skips a BOM too */
            p += 3;
        const char *text = p;
        while (*p == ' ' || *p == '\t')
            p++;
        s->continuation = p != text;
        if (*p == '[' && strchr(p, ']')) { /* the same section name inih will report */
            size_t len = (size_t)(strchr(p, ']') - p - 1);
            if (len >= sizeof(s->section))
                len = sizeof(s->section) - 1;
            memcpy(s->section, p + 1, len);
            s->section[len] = '\0';
            if (!strcmp(s->section, s->want))
                s->found = true;
        }
        if ((*p == '#' || *p == ';') && s->rest_len > room)
            s->rest_len = room; /* a long comment is only shortened */
    } else {
        s->continuation = true;
    }
    size_t avail = s->first_chunk ? room : room - 1, take = s->rest_len;
    if (take > avail) {
        take = avail;
        while (take > 0 && s->rest[take] != ' ' && s->rest[take] != '\t')
            take--;
        if (take == 0) { /* no blank: cut anyway, outside a UTF-8 sequence */
            take = avail;
            while (take > 1 && ((unsigned char)s->rest[take] & 0xC0) == 0x80)
                take--;
        }
    }
    size_t k = 0;
    if (!s->first_chunk)
        str[k++] = ' ';
    memcpy(str + k, s->rest, take);
    k += take;
    str[k++] = '\n';
    str[k] = '\0';
    s->rest += take;
    s->rest_len -= take;
    s->first_chunk = false;
    if (s->rest_len == 0)
        s->rest = NULL;
    SSOT_VEC_PUSH(&s->lines, s->line);
    return str;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    ini_state *s = user;
    int k = key_index(name);
    if (strcmp(section, s->want))
        return 1;
    s->found = true;
    if (k < 0)
        return 1;
    /* an indented line right after a section header is a new key, not a continuation */
    if (!s->continuation || !s->seen[k]) {
        if (s->seen[k]) {
            if (!s->dup_line) {
                s->dup_line = s->line;
                s->dup_key = k;
            }
            return 1;
        }
        s->seen[k] = s->line;
        s->values[k].count = 0;
    } else if (s->values[k].count) {
        SSOT_VEC_PUSH(&s->values[k], '\n');
    }
    for (const char *p = value; *p; p++)
        SSOT_VEC_PUSH(&s->values[k], *p);
    return 1;
}

/* Parse `path` looking for section `want`. *found tells whether it has one; when it does
 * (or when `always`), pc receives its values over pytest's defaults. */
static ssot_status read_ini(const char *path, const char *want, bool always, ssot_pytest_config *pc,
                            bool *found, char *err, size_t err_size)
{
    ini_state s = {.want = want};
    char *shown = ssot_config__display_path(path);
    ssot_status st = SSOT_OK;
    *found = false;
    s.file = fopen(path, "r");
    if (!s.file) {
        snprintf(err, err_size, "%s: cannot read: %s", shown, strerror(errno));
        free(shown);
        return SSOT_ERR_IO;
    }
    int rc = ini_parse_stream(read_line, &s, on_value, &s);
    if (rc > 0) {
        unsigned line = (size_t)rc <= s.lines.count ? s.lines.items[rc - 1] : (unsigned)rc;
        snprintf(err, err_size,
                 "%s:%u:1: INI syntax error: expected `[section]`, `name = value` or a comment",
                 shown, line);
        st = SSOT_ERR_USAGE;
    } else if (rc < 0 || ferror(s.file)) {
        snprintf(err, err_size, "%s: cannot read: %s", shown,
                 rc == -2 ? "out of memory" : strerror(errno));
        st = SSOT_ERR_IO;
    } else if (s.dup_line) {
        snprintf(err, err_size, "%s:%u:1: duplicate key `%s` in [%s]", shown, s.dup_line,
                 key_names[s.dup_key], want);
        st = SSOT_ERR_USAGE;
    } else if (s.found || always) {
        *found = true;
        pc->path = ssot_strdup(shown);
        for (int k = 0; k < KEY_COUNT; k++) {
            if (!s.seen[k])
                continue;
            SSOT_VEC_PUSH(&s.values[k], '\0');
            ssot_config__strlist_fini(key_list(pc, k));
            split_args(s.values[k].items, key_list(pc, k));
        }
    }
    fclose(s.file);
    free(s.buf);
    free(s.lines.items);
    for (int k = 0; k < KEY_COUNT; k++)
        free(s.values[k].items);
    free(shown);
    return st;
}

/* ---- pyproject.toml ---- */

/* pytest's settings in a TOML file: `[tool.pytest.ini_options]` (INI-style values) or, since
 * pytest 9, the native `[tool.pytest]` table in pyproject.toml and `[pytest]` in pytest.toml;
 * `in_pyproject` says which file this is. */
static ssot_status read_toml(ssot_config_memo *memo, const char *path, bool in_pyproject,
                             ssot_pytest_config *pc, bool *found, char *err, size_t err_size)
{
    char *shown = ssot_config__display_path(path);
    const ssot_toml_value *doc;
    ssot_status st = ssot_config__memo_toml(memo, shown, &doc, err, err_size);
    *found = false;
    if (st != SSOT_OK) {
        free(shown);
        return st == SSOT_ERR_INPUT ? SSOT_ERR_USAGE : st;
    }
    const ssot_toml_value *table = in_pyproject
                                       ? ssot_toml_get(ssot_toml_get(doc, "tool"), "pytest")
                                       : ssot_toml_get(doc, "pytest");
    const ssot_toml_value *opts = ssot_toml_get(table, "ini_options");
    const char *where = in_pyproject ? "tool.pytest.ini_options" : "pytest.ini_options";
    if (!opts || opts->type != SSOT_TOML_TABLE) {
        opts = table;
        where = in_pyproject ? "tool.pytest" : "pytest";
    }
    if (opts && opts->type == SSOT_TOML_TABLE) {
        for (int k = 0; st == SSOT_OK && k < KEY_COUNT; k++) {
            const ssot_toml_value *v = ssot_toml_get(opts, key_names[k]);
            if (!v)
                continue;
            bool ok = v->type == SSOT_TOML_STRING || v->type == SSOT_TOML_ARRAY;
            for (size_t i = 0; ok && v->type == SSOT_TOML_ARRAY && i < v->array.count; i++) {
                ok = v->array.items[i]->type == SSOT_TOML_STRING;
                if (!ok)
                    v = v->array.items[i];
            }
            if (!ok) {
                snprintf(err, err_size,
                         "%s:%u:%u: `%s.%s` must be a string or a list of strings", shown,
                         v->line, v->col, where, key_names[k]);
                st = SSOT_ERR_USAGE;
                break;
            }
            ssot_strlist *list = key_list(pc, k);
            ssot_config__strlist_fini(list);
            if (v->type == SSOT_TOML_STRING)
                split_args(v->string, list);
            else
                for (size_t i = 0; i < v->array.count; i++)
                    ssot_config__strlist_push(list, v->array.items[i]->string);
        }
        if (st == SSOT_OK) {
            *found = true;
            pc->path = ssot_strdup(shown);
        }
    }
    free(shown);
    return st;
}

/* ---- the lookup ---- */

/* The settings found in `dir` itself: *found false when none of pytest's files there has
 * them. */
static ssot_status find_in(ssot_config_memo *memo, const char *dir, ssot_pytest_config *pc,
                           bool *found, char *err, size_t err_size)
{
    /* pytest's order: pytest.toml and .pytest.toml (pytest 9), pytest.ini, .pytest.ini,
       pyproject.toml, tox.ini, setup.cfg */
    static const char *const names[] = {"pytest.toml", ".pytest.toml",  "pytest.ini",
                                        ".pytest.ini", "pyproject.toml", "tox.ini",
                                        "setup.cfg"};
    ssot_status st = SSOT_OK;
    *found = false;
    for (size_t i = 0; !*found && st == SSOT_OK && i < 7; i++) {
        char *path = ssot_config__join(dir, names[i]);
        if (ssot_config__found(path)) {
            if (i < 2 || i == 4)
                st = read_toml(memo, path, i == 4, pc, found, err, err_size);
            else if (i < 4)
                st = read_ini(path, "pytest", true, pc, found, err, err_size);
            else
                st = read_ini(path, i == 5 ? "pytest" : "tool:pytest", false, pc, found, err,
                              err_size);
        }
        free(path);
    }
    return st;
}

ssot_status ssot_pytest_config_find(ssot_config_memo *memo, const char *start,
                                    ssot_pytest_config *pc, char *err, size_t err_size)
{
    ssot_config_memo *own = memo ? NULL : ssot_config__memo_new();
    if (own)
        memo = own;
    ssot_pytest_config_defaults(pc);
    char *dir = ssot_config__abspath(start);
    SSOT_VEC(char *) visited = {0};
    ssot_status st = SSOT_OK;
    for (;;) {
        ssot_pytest_config known;
        if (ssot_config__memo_pytest_get(memo, dir, &known, &st, err, err_size)) {
            /* this folder was answered before: so is every folder below it */
            ssot_pytest_config_fini(pc);
            *pc = known;
            break;
        }
        SSOT_VEC_PUSH(&visited, ssot_strdup(dir));
        bool found = false;
        st = find_in(memo, dir, pc, &found, err, err_size);
        if (found || st != SSOT_OK || !strcmp(dir, "/"))
            break;
        char *up = ssot_config__dirname(dir);
        free(dir);
        dir = up;
    }
    free(dir);
    if (st != SSOT_OK) {
        ssot_pytest_config_fini(pc);
        ssot_pytest_config_defaults(pc);
    }
    for (size_t i = 0; i < visited.count; i++) {
        ssot_config__memo_pytest_put(memo, visited.items[i], pc, st, err);
        free(visited.items[i]);
    }
    free(visited.items);
    ssot_config__memo_free(own);
    return st;
}
