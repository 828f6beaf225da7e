/* analyzer/frontend/c/c_clang.c - load libclang with dlopen when the first C/C++ parser is
 * made, and fill the table of the functions the front end calls (c_clang.h). The table is
 * the process's one piece of shared state here, as the loaded library is: written once
 * under pthread_once, read-only afterwards. */
#define C_CLANG_LOADER
#include "analyzer/frontend/c/c_clang.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The library the build found (CMake): its soname, found on the loader's path, then the
 * file itself (an LLVM outside the loader's path, SSOT_LLVM_ROOT). */
#ifndef SSOT_LIBCLANG_SONAME
#define SSOT_LIBCLANG_SONAME "libclang.so.1"
#endif
#ifndef SSOT_LIBCLANG_PATH
#define SSOT_LIBCLANG_PATH SSOT_LIBCLANG_SONAME
#endif

static c_clang_api table;
static bool loaded;
static char failure[384];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *open_library(const char **name)
{
    const char *env = getenv("SSOT_LIBCLANG");
    if (env && *env) {
        *name = env;
        return dlopen(env, RTLD_NOW | RTLD_LOCAL);
    }
    *name = SSOT_LIBCLANG_SONAME;
    void *h = dlopen(SSOT_LIBCLANG_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h && strcmp(SSOT_LIBCLANG_PATH, SSOT_LIBCLANG_SONAME) != 0) {
        h = dlopen(SSOT_LIBCLANG_PATH, RTLD_NOW | RTLD_LOCAL);
        if (h)
            *name = SSOT_LIBCLANG_PATH;
    }
    return h;
}

static void load(void)
{
    const char *name;
    void *h = open_library(&name);
    if (!h) {
        const char *why = dlerror();
        snprintf(failure, sizeof(failure),
                 "libclang (%s) could not be loaded: %s; C and C++ files need it (Debian: "
                 "apt install libclang1-14)", name, why ? why : "not found");
        return;
    }
    void *sym;
#define C_CLANG_LOAD(fn)                                                                     \
    sym = dlsym(h, #fn);                                                                     \
    if (!sym) {                                                                              \
        snprintf(failure, sizeof(failure), "libclang (%s) has no function %s: it is not "    \
                 "the libclang 14 (or later) C and C++ files need", name, #fn);              \
        return;                                                                              \
    }                                                                                        \
    memcpy(&table.fn, &sym, sizeof(sym));
    C_CLANG_FUNCTIONS(C_CLANG_LOAD)
#undef C_CLANG_LOAD
    loaded = true;
}

bool c_clang_load(char *err, size_t err_size)
{
    pthread_once(&once, load);
    if (!loaded)
        snprintf(err, err_size, "%s", failure);
    return loaded;
}

const c_clang_api *c_clang(void)
{
    return &table;
}
