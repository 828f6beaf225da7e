/* analyzer/frontend/c/c_build.c - what the build says about the program a C/C++ test file
 * is compiled into: whether the runner decides its verdict some other way than by the exit
 * status of its own assertions. That is a CTest registration expecting failure (`WILL_FAIL`)
 * or judging the output (`PASS_REGULAR_EXPRESSION`, `FAIL_REGULAR_EXPRESSION`), a test whose
 * command is a script that runs the program and reads what it prints (`add_test(... COMMAND
 * python check.py $<TARGET_FILE:prog>)`), or a script beside the test file that names the program (a driver
 * that compares its output with a golden file). Also whether a CTest command runs the program
 * with doctest's `--no-skip`, so that its `doctest::skip()` test cases run. Read from the
 * CMakeLists.txt of the file's folder and the folders above it up to the repository's top
 * (and, for `--no-skip`, the CMake modules they include), each parsed once per worker. */
#include "analyzer/frontend/c/c_internal.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Files larger than this are not build scripts worth reading. */
#define BUILD_FILE_MAX (4u << 20)

typedef struct cm_cmd {
    char *name;                 /* lower case */
    char **args;                size_t nargs;
} cm_cmd;

typedef struct cm_dir {
    char *dir;                  /* absolute */
    cm_cmd *cmds;               size_t ncmds;   /* its CMakeLists.txt, none when absent */
    cm_cmd *mods;               size_t nmods;   /* the CMake modules it `include()`s */
    bool mods_read;
    char *scripts;              /* the text of its Python, shell and Perl scripts, NUL-joined;
                                   NULL when none */
    size_t scripts_len;
    bool repo_top;              /* holds `.git` */
} cm_dir;

typedef struct c_build {
    SSOT_VEC(cm_dir *) dirs;    /* each allocated alone: callers keep pointers to them */
} c_build;

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > BUILD_FILE_MAX) {
        fclose(f);
        return NULL;
    }
    char *buf = ssot_calloc(1, (size_t)st.st_size + 1);
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* ---- a small CMake reader: commands and their arguments, `set()` lists expanded ---- */

typedef SSOT_VEC(char *) strvec;
typedef SSOT_VEC(cm_cmd) cmdvec;

static void push_arg(strvec *v, const char *s, size_t n)
{
    char *a = ssot_strndup(s, n);
    SSOT_VEC_PUSH(v, a);
}

/* The value of `${NAME}` from earlier `set(NAME ...)` commands, NULL when unknown. */
static const cm_cmd *variable(const cmdvec *cmds, const char *name, size_t n)
{
    for (size_t i = cmds->count; i-- > 0;)
        if (!strcmp(cmds->items[i].name, "set") && cmds->items[i].nargs &&
            strlen(cmds->items[i].args[0]) == n && !strncmp(cmds->items[i].args[0], name, n))
            return &cmds->items[i];
    return NULL;
}

/* One unquoted argument: a lone `${LIST}` of a known `set()` becomes its elements. */
static void push_word(strvec *v, const cmdvec *cmds, const char *s, size_t n)
{
    if (n > 3 && s[0] == '$' && s[1] == '{' && s[n - 1] == '}' && !memchr(s + 2, '$', n - 3)) {
        const cm_cmd *set = variable(cmds, s + 2, n - 3);
        if (set) {
            for (size_t i = 1; i < set->nargs && strcmp(set->args[i], "CACHE") &&
                               strcmp(set->args[i], "PARENT_SCOPE");
                 i++)
                push_arg(v, set->args[i], strlen(set->args[i]));
            return;
        }
    }
    push_arg(v, s, n);
}

static void parse_cmake(const char *text, cmdvec *cmds)
{
    const char *p = text;
    while (*p) {
        if (*p == '#') {
            if (p[1] == '[' && (p[2] == '[' || p[2] == '=')) {
                const char *e = strstr(p, "]]");
                if (!e)
                    e = strstr(p, "]=]");
                p = e ? e + 2 : p + strlen(p);
            } else {
                while (*p && *p != '\n')
                    p++;
            }
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_')) {
            p++;
            continue;
        }
        const char *name = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
               (*p >= '0' && *p <= '9'))
            p++;
        size_t name_len = (size_t)(p - name);
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '(')
            continue;
        p++;
        strvec args = {0};
        int depth = 1;
        while (*p && depth > 0) {
            if (*p == '#') {
                while (*p && *p != '\n')
                    p++;
            } else if (*p == '"') {
                const char *s = ++p;
                while (*p && *p != '"') {
                    if (*p == '\\' && p[1])
                        p++;
                    p++;
                }
                push_arg(&args, s, (size_t)(p - s));
                if (*p)
                    p++;
            } else if (*p == '(') {
                depth++;
                p++;
            } else if (*p == ')') {
                depth--;
                p++;
            } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
                p++;
            } else {
                const char *s = p;
                while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ')' &&
                       *p != '(' && *p != '"' && *p != '#')
                    p++;
                push_word(&args, cmds, s, (size_t)(p - s));
            }
        }
        cm_cmd c = {ssot_strndup(name, name_len), args.items, args.count};
        for (char *q = c.name; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q + 32);
        SSOT_VEC_PUSH(cmds, c);
    }
}

static bool is_script(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".py") || !strcmp(dot, ".sh") || !strcmp(dot, ".pl"));
}

/* The Python, shell and Perl scripts of `dir`, joined. */
static char *read_scripts(const char *dir, size_t *len)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    SSOT_VEC(char) out = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !is_script(e->d_name))
            continue;
        char *path = ssot_asprintf("%s/%s", dir, e->d_name);
        size_t n = 0;
        char *text = read_text(path, &n);
        free(path);
        if (!text)
            continue;
        for (size_t i = 0; i <= n; i++)
            SSOT_VEC_PUSH(&out, text[i]);
        free(text);
    }
    closedir(d);
    *len = out.count;
    return out.items;
}

static cm_dir *dir_of(c_parser *p, const char *dir)
{
    c_build *b = p->build;
    if (!b)
        b = p->build = ssot_calloc(1, sizeof(*b));
    for (size_t i = 0; i < b->dirs.count; i++)
        if (!strcmp(b->dirs.items[i]->dir, dir))
            return b->dirs.items[i];
    cm_dir d = {0};
    d.dir = ssot_strdup(dir);
    char *path = ssot_asprintf("%s/CMakeLists.txt", dir);
    char *text = read_text(path, NULL);
    free(path);
    if (text) {
        cmdvec cmds = {0};
        parse_cmake(text, &cmds);
        d.cmds = cmds.items;
        d.ncmds = cmds.count;
        free(text);
    }
    d.scripts = read_scripts(dir, &d.scripts_len);
    path = ssot_asprintf("%s/.git", dir);
    struct stat st;
    d.repo_top = stat(path, &st) == 0;
    free(path);
    cm_dir *kept = ssot_calloc(1, sizeof(*kept));
    *kept = d;
    SSOT_VEC_PUSH(&b->dirs, kept);
    return kept;
}

static void free_cmds(cm_cmd *cmds, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        for (size_t a = 0; a < cmds[k].nargs; a++)
            free(cmds[k].args[a]);
        free(cmds[k].args);
        free(cmds[k].name);
    }
    free(cmds);
}

void c_build_free(c_parser *p)
{
    c_build *b = p->build;
    if (!b)
        return;
    for (size_t i = 0; i < b->dirs.count; i++) {
        cm_dir *d = b->dirs.items[i];
        free_cmds(d->cmds, d->ncmds);
        free_cmds(d->mods, d->nmods);
        free(d->scripts);
        free(d->dir);
        free(d);
    }
    free(b->dirs.items);
    free(b);
    p->build = NULL;
}

/* ---- the programs of a file and the tests that judge them ---- */

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* `$<TARGET_FILE:prog>` is `prog`. */
static void target_name(const char *arg, char *out, size_t size)
{
    const char *t = strstr(arg, "$<TARGET_FILE:");
    if (t) {
        t += 14;
        size_t n = strcspn(t, ">");
        snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), t);
        return;
    }
    snprintf(out, size, "%s", arg);
}

typedef struct programs {
    char names[16][128];
    size_t count;
} programs;

static bool is_program(const programs *ps, const char *arg)
{
    char t[128];
    target_name(arg, t, sizeof(t));
    for (size_t i = 0; i < ps->count; i++)
        if (!strcmp(ps->names[i], t))
            return true;
    return false;
}

static void add_program(programs *ps, const char *name)
{
    if (ps->count < 16 && !is_program(ps, name) && strlen(name) < 128)
        snprintf(ps->names[ps->count++], 128, "%s", name);
}

/* Commands that name files without making a program of them. */
static bool lists_only(const char *cmd)
{
    static const char *const names[] = {"set", "list", "file", "source_group", "install",
                                        "configure_file", "string", "foreach", "if", "elseif",
                                        "message", "get_filename_component", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcmp(cmd, *n))
            return true;
    return false;
}

/* A program is made of the file: `add_executable(prog ... file.c)`, a project function
 * `add_cmocka_test(prog SOURCES file.c)`, `target_sources(prog PRIVATE file.c)`. */
static void programs_of(const cm_dir *d, const char *base, programs *ps)
{
    for (size_t i = 0; i < d->ncmds; i++) {
        const cm_cmd *c = &d->cmds[i];
        if (c->nargs < 2 || lists_only(c->name) || strchr(c->args[0], '$'))
            continue;
        for (size_t a = 1; a < c->nargs; a++)
            if (!strcmp(base_of(c->args[a]), base))
                add_program(ps, c->args[0]);
    }
}

static bool truthy(const char *v)
{
    return !strcasecmp(v, "1") || !strcasecmp(v, "on") || !strcasecmp(v, "true") ||
           !strcasecmp(v, "yes") || !strcasecmp(v, "y");
}

/* The command of `add_test` runs an interpreter or a script: it judges what it runs. */
static bool script_command(const char *cmd)
{
    char lower[256];
    size_t n = 0;
    for (const char *q = cmd; *q && n + 1 < sizeof(lower); q++)
        lower[n++] = (char)((*q >= 'A' && *q <= 'Z') ? *q + 32 : *q);
    lower[n] = '\0';
    return strstr(lower, "python") || strstr(lower, "perl") || is_script(lower) ||
           !strcmp(base_of(lower), "sh") || !strcmp(base_of(lower), "bash");
}

/* Whether test `name` of this CMakeLists runs one of the programs: by its command, or by
 * being named as the program (`add_cmocka_test(prog ...)`, `cxx_test(prog ...)`). */
static bool test_runs(const cm_dir *d, const char *name, const programs *ps)
{
    if (is_program(ps, name))
        return true;
    for (size_t i = 0; i < d->ncmds; i++) {
        const cm_cmd *c = &d->cmds[i];
        if (strcmp(c->name, "add_test") || !c->nargs)
            continue;
        size_t a = 0;
        bool named = !strcmp(c->args[0], "NAME");
        if (named && !(c->nargs > 1 && !strcmp(c->args[1], name)))
            continue;
        if (!named && strcmp(c->args[0], name))
            continue;
        for (a = named ? 2 : 1; a < c->nargs; a++)
            if (is_program(ps, c->args[a]))
                return true;
    }
    return false;
}

/* Why the build judges the program's outcome, NULL when it does not. */
static const char *judged_in(const cm_dir *d, const programs *ps)
{
    for (size_t i = 0; i < d->ncmds; i++) {
        const cm_cmd *c = &d->cmds[i];
        /* add_test(NAME t COMMAND python check.py $<TARGET_FILE:prog>) */
        if (!strcmp(c->name, "add_test") && c->nargs > 2) {
            size_t cmd = !strcmp(c->args[0], "NAME") ? 2 : 1;
            while (cmd < c->nargs && !strcmp(c->args[cmd], "COMMAND"))
                cmd++;
            if (cmd < c->nargs && script_command(c->args[cmd]))
                for (size_t a = cmd + 1; a < c->nargs; a++)
                    if (is_program(ps, c->args[a]))
                        return "a script test runs its program and reads its output";
        }
        /* set_tests_properties(t... PROPERTIES WILL_FAIL ON PASS_REGULAR_EXPRESSION re) */
        if (!strcmp(c->name, "set_tests_properties")) {
            size_t props = 0;
            while (props < c->nargs && strcmp(c->args[props], "PROPERTIES"))
                props++;
            const char *why = NULL;
            for (size_t a = props + 1; a + 1 < c->nargs; a += 2) {
                if (!strcmp(c->args[a], "WILL_FAIL") && truthy(c->args[a + 1]))
                    why = "CTest expects its program to fail (`WILL_FAIL`)";
                else if (!strcmp(c->args[a], "PASS_REGULAR_EXPRESSION"))
                    why = "CTest judges its program by its output (`PASS_REGULAR_EXPRESSION`)";
                else if (!strcmp(c->args[a], "FAIL_REGULAR_EXPRESSION"))
                    why = "CTest judges its program by its output (`FAIL_REGULAR_EXPRESSION`)";
            }
            for (size_t t = 0; why && t < props; t++)
                if (test_runs(d, c->args[t], ps))
                    return why;
        }
        /* set_property(TEST t... PROPERTY WILL_FAIL ON) */
        if (!strcmp(c->name, "set_property") && c->nargs > 3 && !strcmp(c->args[0], "TEST")) {
            size_t prop = 1;
            while (prop < c->nargs && strcmp(c->args[prop], "PROPERTY"))
                prop++;
            const char *why = NULL;
            if (prop + 2 < c->nargs && !strcmp(c->args[prop + 1], "WILL_FAIL") &&
                truthy(c->args[prop + 2]))
                why = "CTest expects its program to fail (`WILL_FAIL`)";
            else if (prop + 1 < c->nargs &&
                     (!strcmp(c->args[prop + 1], "PASS_REGULAR_EXPRESSION") ||
                      !strcmp(c->args[prop + 1], "FAIL_REGULAR_EXPRESSION")))
                why = "CTest judges its program by its output (`PASS_REGULAR_EXPRESSION`)";
            for (size_t t = 1; why && t < prop; t++)
                if (test_runs(d, c->args[t], ps))
                    return why;
        }
    }
    return NULL;
}

/* A script of the folder quotes a program's name: it runs the program and judges it. */
static bool quoted_by_script(const cm_dir *d, const programs *ps)
{
    for (size_t i = 0; i < ps->count; i++) {
        size_t n = strlen(ps->names[i]);
        for (const char *s = d->scripts; s && s < d->scripts + d->scripts_len;
             s += strlen(s) + 1) {
            for (const char *q = strstr(s, ps->names[i]); q; q = strstr(q + 1, ps->names[i]))
                if (q > s && (q[-1] == '\'' || q[-1] == '"') && (q[n] == '\'' || q[n] == '"'))
                    return true;
        }
    }
    return false;
}

/* The folders from the file's up to the repository's top (at most 16), and the programs
 * made of the file; returns how many folders. */
static size_t chain_of(c_parser *p, const char *abs_path, cm_dir **chain, programs *ps)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", abs_path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    const char *base = base_of(abs_path);
    const char *dot = strrchr(base, '.');
    char stem[128];
    snprintf(stem, sizeof(stem), "%.*s", (int)(dot ? (size_t)(dot - base) : strlen(base)), base);
    /* a test or program named as its source file (`foreach(t ...) add_test(${t} ...)`) */
    add_program(ps, stem);
    size_t depth = 0;
    for (int level = 0; level < 16 && dir[0]; level++) {
        cm_dir *d = dir_of(p, dir);
        chain[depth++] = d;
        programs_of(d, base, ps);
        if (d->repo_top)
            break;
        slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        *slash = '\0';
    }
    return depth;
}

const char *c_build_judged(c_parser *p, const char *abs_path)
{
    /* first the programs, then the tests that judge them */
    cm_dir *chain[16];
    programs ps = {0};
    size_t depth = chain_of(p, abs_path, chain, &ps);
    if (depth && quoted_by_script(chain[0], &ps))
        return "a script beside it runs its program and judges the output";
    for (size_t i = 0; i < depth; i++) {
        const char *why = judged_in(chain[i], &ps);
        if (why)
            return why;
    }
    return NULL;
}

/* ---- doctest's `--no-skip` ---- */

/* The commands of `path`, appended to `cmds`; false when it cannot be read. */
static bool read_module(const char *path, cmdvec *cmds)
{
    char *text = read_text(path, NULL);
    if (!text)
        return false;
    parse_cmake(text, cmds);
    free(text);
    return true;
}

/* The CMake modules the CMakeLists.txt of chain[at] includes: `include(path/x.cmake)` from
 * its folder, `include(name)` as `name.cmake` in its folder or in a `cmake/` folder of it or
 * of a folder above (where projects keep their CMAKE_MODULE_PATH). */
static void read_modules(cm_dir *const *chain, size_t depth, size_t at)
{
    cm_dir *d = chain[at];
    if (d->mods_read)
        return;
    d->mods_read = true;
    cmdvec mods = {0};
    static const char *const here[] = {"${CMAKE_CURRENT_SOURCE_DIR}/",
                                       "${CMAKE_CURRENT_LIST_DIR}/", NULL};
    for (size_t i = 0; i < d->ncmds; i++) {
        if (strcmp(d->cmds[i].name, "include") || !d->cmds[i].nargs)
            continue;
        const char *arg = d->cmds[i].args[0];
        for (const char *const *h = here; *h; h++)
            if (!strncmp(arg, *h, strlen(*h)))
                arg += strlen(*h);
        if (strchr(arg, '$') || strstr(arg, ".."))
            continue;
        bool done = false;
        char *path = ssot_asprintf("%s/%s%s", d->dir, arg, strstr(arg, ".cmake") ? "" : ".cmake");
        done = read_module(path, &mods);
        free(path);
        for (size_t j = at; !done && !strchr(arg, '/') && j < depth; j++) {
            path = ssot_asprintf("%s/cmake/%s.cmake", chain[j]->dir, arg);
            done = read_module(path, &mods);
            free(path);
        }
    }
    d->mods = mods.items;
    d->nmods = mods.count;
}

/* doctest's option to run the test cases `doctest::skip()` marks: `--no-skip`, `-ns`, with
 * its optional `dt-` prefix, alone or `=true`. */
static bool no_skip_option(const char *arg)
{
    if (arg[0] != '-')
        return false;
    arg += arg[1] == '-' ? 2 : 1;
    if (!strncmp(arg, "dt-", 3))
        arg += 3;
    size_t n = strcspn(arg, "=");
    if (!((n == 7 && !strncmp(arg, "no-skip", 7)) || (n == 2 && !strncmp(arg, "ns", 2))))
        return false;
    return !arg[n] || truthy(arg + n + 1);
}

/* An `add_test` of these commands runs one of the programs (or the program a variable names:
 * a project function or loop that registers each test program) with `--no-skip`. */
static bool runs_no_skip(const cm_cmd *cmds, size_t n, const programs *ps)
{
    for (size_t i = 0; i < n; i++) {
        const cm_cmd *c = &cmds[i];
        if (strcmp(c->name, "add_test") || c->nargs < 2)
            continue;
        size_t prog = 1;
        if (!strcmp(c->args[0], "NAME")) {
            prog = 2;
            while (prog < c->nargs && strcmp(c->args[prog], "COMMAND"))
                prog++;
            prog++;
        }
        if (prog >= c->nargs || !(is_program(ps, c->args[prog]) || strstr(c->args[prog], "${")))
            continue;
        for (size_t a = prog + 1; a < c->nargs; a++)
            if (no_skip_option(c->args[a]))
                return true;
    }
    return false;
}

bool c_build_runs_skipped(c_parser *p, const char *abs_path)
{
    cm_dir *chain[16];
    programs ps = {0};
    size_t depth = chain_of(p, abs_path, chain, &ps);
    for (size_t i = 0; i < depth; i++) {
        if (runs_no_skip(chain[i]->cmds, chain[i]->ncmds, &ps))
            return true;
        read_modules(chain, depth, i);
        if (runs_no_skip(chain[i]->mods, chain[i]->nmods, &ps))
            return true;
    }
    return false;
}
