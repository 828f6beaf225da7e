/* analyzer/frontend/c/c_flags.c - the compile flags of one C/C++ file: its entry in the
 * closest compile_commands.json (searched upward from the file, in each folder and its
 * `build/`, or at the configured `compile-commands` path), else the entry of its closest neighbour in that database, else
 * defaults (-std=c11 / -std=c++17 and the include folders guessed from the tree). */
#include "analyzer/frontend/c/c_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/config/config.h"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

typedef SSOT_VEC(char *) argvec;

static void push(argvec *v, const char *s)
{
    char *copy = ssot_strdup(s);
    SSOT_VEC_PUSH(v, copy);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The database of folder `dir` (absolute), loaded once per worker; NULL when none. */
static CXCompilationDatabase db_of(c_parser *p, const char *dir)
{
    for (size_t i = 0; i < p->dbs.count; i++)
        if (!strcmp(p->dbs.items[i].dir, dir))
            return p->dbs.items[i].db;
    c_db d = {ssot_strdup(dir), NULL};
    char json[PATH_MAX];
    snprintf(json, sizeof(json), "%s/compile_commands.json", dir);
    if (is_file(json)) {
        CXCompilationDatabase_Error err;
        d.db = clang_CompilationDatabase_fromDirectory(dir, &err);
        if (err != CXCompilationDatabase_NoError)
            d.db = NULL;
    }
    SSOT_VEC_PUSH(&p->dbs, d);
    return d.db;
}

void c_parser_dbs_free(c_parser *p)
{
    for (size_t i = 0; i < p->dbs.count; i++) {
        if (p->dbs.items[i].db)
            clang_CompilationDatabase_dispose(p->dbs.items[i].db);
        free(p->dbs.items[i].dir);
    }
    free(p->dbs.items);
    p->dbs.items = NULL;
    p->dbs.count = p->dbs.cap = 0;
}

/* Path options whose relative value is relative to the command's directory: they are made
 * absolute here (libclang's -working-directory changes the process's directory, which the
 * other workers share). */
static const char *const path_options[] = {"-I", "-isystem", "-iquote", "-idirafter", "-include",
                                           "-imacros", "-isysroot", "--sysroot=", NULL};

static void push_path_arg(argvec *out, const char *opt, const char *value, const char *dir)
{
    char buf[PATH_MAX * 2];
    if (value[0] == '/' || !value[0])
        snprintf(buf, sizeof(buf), "%s%s", opt, value);
    else
        snprintf(buf, sizeof(buf), "%s%s/%s", opt, dir, value);
    push(out, buf);
}

/* A command's arguments without the compiler, the output, dependency files and the source
 * file itself; the file to parse is given to libclang separately. */
static void take_command(CXCompileCommand cmd, const char *self_name, argvec *out,
                         char **dir_out)
{
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    CXString wd = clang_CompileCommand_getDirectory(cmd);
    char *dir = ssot_strdup(clang_getCString(wd));
    clang_disposeString(wd);
    for (unsigned i = 1; i < n; i++) {
        CXString s = clang_CompileCommand_getArg(cmd, i);
        const char *a = clang_getCString(s);
        bool skip_next = !strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") ||
                         !strcmp(a, "-MQ");
        bool drop = skip_next || !strcmp(a, "-c") || !strcmp(a, "-MD") || !strcmp(a, "-MMD") ||
                    !strcmp(a, "--") || !strcmp(a, "-Werror") || (a[0] != '-' && i == n - 1) ||
                    (self_name && !strcmp(a, self_name)) || !strncmp(a, "-working-directory", 18);
        const char *const *opt = path_options;
        while (!drop && *opt && strncmp(a, *opt, strlen(*opt)))
            opt++;
        if (!drop && *opt && a[strlen(*opt)]) {
            push_path_arg(out, *opt, a + strlen(*opt), dir); /* -Ifoo */
        } else if (!drop && *opt && i + 1 < n) {
            CXString v = clang_CompileCommand_getArg(cmd, ++i); /* -I foo */
            push_path_arg(out, *opt, clang_getCString(v), dir);
            clang_disposeString(v);
        } else if (!drop) {
            push(out, a);
        }
        clang_disposeString(s);
        if (skip_next)
            i++;
    }
    free(*dir_out);
    *dir_out = dir;
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t k = 0;
    while (a[k] && a[k] == b[k])
        k++;
    return k;
}

/* The entry of `abs` in `db`, else the entry of the file that shares the longest path with
 * it (a header, a file the build does not compile). Returns false when the database is
 * empty. */
static bool from_db(CXCompilationDatabase db, const char *abs, argvec *out, char **dir,
                    bool *guessed)
{
    CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, abs);
    if (cmds && clang_CompileCommands_getSize(cmds) > 0) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
        CXString f = clang_CompileCommand_getFilename(cmd);
        char *name = ssot_strdup(clang_getCString(f));
        clang_disposeString(f);
        take_command(cmd, name, out, dir);
        free(name);
        clang_CompileCommands_dispose(cmds);
        *guessed = false;
        return true;
    }
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db);
    unsigned n = all ? clang_CompileCommands_getSize(all) : 0;
    size_t best_len = 0;
    unsigned best = n;
    for (unsigned i = 0; i < n; i++) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(all, i);
        CXString f = clang_CompileCommand_getFilename(cmd);
        CXString d = clang_CompileCommand_getDirectory(cmd);
        const char *fs = clang_getCString(f);
        char full[PATH_MAX * 2];
        if (fs[0] == '/')
            snprintf(full, sizeof(full), "%s", fs);
        else
            snprintf(full, sizeof(full), "%s/%s", clang_getCString(d), fs);
        size_t k = common_prefix(full, abs);
        if (best == n || k > best_len) {
            best = i;
            best_len = k;
        }
        clang_disposeString(f);
        clang_disposeString(d);
    }
    if (best < n) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(all, best);
        CXString f = clang_CompileCommand_getFilename(cmd);
        char *name = ssot_strdup(clang_getCString(f));
        clang_disposeString(f);
        take_command(cmd, name, out, dir);
        free(name);
    }
    if (all)
        clang_CompileCommands_dispose(all);
    *guessed = true;
    return best < n;
}

static void defaults(const char *abs, bool cpp, argvec *out)
{
    push(out, cpp ? "-std=gnu++17" : "-std=gnu11");
    push(out, cpp ? "-xc++" : "-xc");
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", abs);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    /* the file's folder and its ancestors (up to the repository's top), each with its
       `include` folder: where a project keeps the headers its tests include */
    char buf[PATH_MAX + 16];
    for (int depth = 0; depth < 8 && dir[0]; depth++) {
        snprintf(buf, sizeof(buf), "-I%s", dir);
        push(out, buf);
        static const char *const subs[] = {"include", "src", NULL};
        for (const char *const *s = subs; *s; s++) {
            snprintf(buf, sizeof(buf), "%s/%s", dir, *s);
            if (is_dir(buf)) {
                char flag[PATH_MAX + 24];
                snprintf(flag, sizeof(flag), "-I%s", buf);
                push(out, flag);
            }
        }
        snprintf(buf, sizeof(buf), "%s/.git", dir);
        if (access(buf, F_OK) == 0)
            break;
        slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        *slash = '\0';
    }
}

void c_flags_for(c_parser *p, const char *path, const char *configured, bool cpp, c_flags *out)
{
    argvec v = {0};
    char *abs = ssot_config_abspath(path);
    char *dir_out = NULL;
    bool guessed = true, found = false;
    if (configured) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof(dir), "%s", configured);
        size_t n = strlen(dir);
        if (n > 22 && !strcmp(dir + n - 22, "/compile_commands.json"))
            dir[n - 22] = '\0';
        CXCompilationDatabase db = db_of(p, dir);
        found = db && from_db(db, abs, &v, &dir_out, &guessed);
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", abs);
    while (!found) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        *slash = '\0';
        /* as clangd does: the folder itself, then its `build/` */
        CXCompilationDatabase db = db_of(p, dir[0] ? dir : "/");
        if (!db) {
            char build[PATH_MAX + 8];
            snprintf(build, sizeof(build), "%s/build", dir);
            db = db_of(p, build);
        }
        if (db)
            found = from_db(db, abs, &v, &dir_out, &guessed);
        if (!dir[0])
            break;
    }
    out->origin = !found ? "default flags" : guessed ? "a neighbour's entry" : "compile_commands.json";
    if (!found)
        defaults(abs, cpp, &v);
    free(abs);
    out->argv = v.items;
    out->argc = (int)v.count;
    out->dir = dir_out;
    out->guessed = guessed;
}

void c_flags_fini(c_flags *f)
{
    for (int i = 0; i < f->argc; i++)
        free(f->argv[i]);
    free(f->argv);
    free(f->dir);
    f->argv = NULL;
    f->dir = NULL;
    f->argc = 0;
}

/* ---- the flags in the facts cache's key ---- */

/* `s` into the hash with each occurrence of the project root (a whole folder name) written
 * as one byte: a checkout in another folder, or on another machine, hashes the same. */
static void put_portable(XXH3_state_t *st, const char *s, const char *root)
{
    size_t rn = root ? strlen(root) : 0;
    while (rn > 1 && root[rn - 1] == '/')
        rn--;
    const char *at;
    while (rn && (at = strstr(s, root)) && (at[rn] == '/' || at[rn] == '\0')) {
        XXH3_64bits_update(st, s, (size_t)(at - s));
        XXH3_64bits_update(st, "\x01", 1);
        s = at + rn;
    }
    XXH3_64bits_update(st, s, strlen(s) + 1);
}

uint64_t c_flags_cache_key(void *parser, const ssot_facts *facts, const char *root)
{
    c_parser *p = parser;
    c_flags f = {0};
    c_flags_for(p, facts->path, facts->config ? facts->config->compile_commands : NULL, p->cpp,
                &f);
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, &f.argc, sizeof(f.argc));
    for (int i = 0; i < f.argc; i++)
        put_portable(&st, f.argv[i], root);
    put_portable(&st, f.dir ? f.dir : "", root);
    XXH3_64bits_update(&st, &f.guessed, sizeof(f.guessed));
    c_flags_fini(&f);
    return XXH3_64bits_digest(&st) | 1;
}
