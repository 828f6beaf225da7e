/* analyzer/frontend/c/c_preamble.c - a precompiled header of the test framework a C++ test
 * file includes (googletest/gmock, Catch2, doctest), built once and shared by every file that
 * includes the same framework headers with the same flags: parsing the file then loads the
 * framework instead of parsing it again.
 *
 * The preamble is the framework `#include`s among the file's leading run of `#include` lines
 * (nothing but includes and comments before them), as written, in the file's order. Its key
 * is a hash of libclang's version, the flags, the file's folder (quoted includes are looked
 * up there first) and those lines. A key gets a PCH the second time it is seen (a `.seen`
 * mark: one file alone does not pay for a PCH), in `<dir>/v<version>-pch/<key>.pch`,
 * beside a manifest `<key>.deps` with the hash of the PCH and of every header it holds; a
 * PCH is used only while its manifest matches (checked once per worker and run), so an
 * edited header or a corrupt or foreign file makes it rebuilt, never read. Files are
 * written through atomic_file; a link, a device or a folder in an entry's place is left
 * alone and the file parsed without a PCH. */
#define XXH_STATIC_LINKING_ONLY
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer/base/atomic_file.h"
#include "analyzer/frontend/c/c_internal.h"

/* The framework headers worth precompiling: tens of thousands of lines each. cmocka, Unity
 * and Check headers are small (a C test file parses in a few milliseconds): none. */
static bool framework_header(const char *name, size_t n)
{
    static const char *const prefixes[] = {"gtest/", "gmock/", "catch2/", "doctest/", NULL};
    static const char *const names[] = {"catch.hpp", "catch_amalgamated.hpp", "doctest.h",
                                        NULL};
    for (const char *const *p = prefixes; *p; p++)
        if (n > strlen(*p) && !strncmp(name, *p, strlen(*p)))
            return true;
    for (const char *const *p = names; *p; p++)
        if (n == strlen(*p) && !strncmp(name, *p, n))
            return true;
    return false;
}

static const char *skip_space(const char *s, const char *end)
{
    for (;;) {
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\f' ||
                           *s == '\v'))
            s++;
        if (s + 1 < end && s[0] == '/' && s[1] == '/') {
            while (s < end && *s != '\n')
                s++;
        } else if (s + 1 < end && s[0] == '/' && s[1] == '*') {
            const char *close = NULL;
            for (const char *k = s + 2; k + 1 < end; k++)
                if (k[0] == '*' && k[1] == '/') {
                    close = k;
                    break;
                }
            s = close ? close + 2 : end;
        } else {
            return s;
        }
    }
}

static const char *skip_blank(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

/* A header's own include guard (`#ifndef X` then `#define X`, or `#pragma once`) at `s`:
 * what follows it, else `s`. */
static const char *skip_guard(const char *s, const char *end)
{
    const char *t = skip_space(s, end);
    if (t < end && *t == '#') {
        t = skip_blank(t + 1, end);
        if (end - t >= 11 && !strncmp(t, "pragma once", 11))
            return t + 11;
        if (end - t >= 6 && !strncmp(t, "ifndef", 6)) {
            while (t < end && *t != '\n')
                t++;
            t = skip_space(t, end);
            if (t < end && *t == '#') {
                t = skip_blank(t + 1, end);
                if (end - t >= 6 && !strncmp(t, "define", 6)) {
                    while (t < end && *t != '\n')
                        t++;
                    return t;
                }
            }
        }
    }
    return s;
}

typedef struct preamble_buf {
    char *text;
    size_t len;
} preamble_buf;

static void scan_includes(const char *text, size_t len, const char *dir, int depth,
                          preamble_buf *out);

/* A quoted include of a header in the test file's own folder (`"gtest-extra.h"`): the
 * framework headers it includes first count as the file's. */
static void follow(const char *dir, const char *name, size_t n, int depth, preamble_buf *out)
{
    if (depth >= 2 || memchr(name, '/', n))
        return;
    char *path = ssot_asprintf("%s/%.*s", dir, (int)n, name);
    struct stat st;
    FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20)
                  ? fopen(path, "rb")
                  : NULL;
    if (f) {
        char *text = ssot_malloc((size_t)st.st_size + 1);
        size_t got = fread(text, 1, (size_t)st.st_size, f);
        fclose(f);
        const char *body = skip_guard(text, text + got);
        scan_includes(body, got - (size_t)(body - text), dir, depth + 1, out);
        free(text);
    }
    free(path);
}

/* Append the framework includes of the leading run of `#include` lines of `text`. */
static void scan_includes(const char *text, size_t len, const char *dir, int depth,
                          preamble_buf *out)
{
    const char *s = text, *end = text + len;
    for (;;) {
        s = skip_space(s, end);
        if (s >= end || *s != '#')
            break;
        s = skip_blank(s + 1, end);
        if (end - s < 7 || strncmp(s, "include", 7))
            break; /* a #define, #if, #pragma ...: what follows may depend on it */
        s = skip_blank(s + 7, end);
        if (s >= end || (*s != '<' && *s != '"'))
            break; /* a macro names the header */
        char close = *s == '<' ? '>' : '"';
        const char *name = s + 1, *q = name;
        while (q < end && *q != close && *q != '\n')
            q++;
        if (q >= end || *q != close)
            break;
        size_t n = (size_t)(q - name);
        if (framework_header(name, n)) {
            out->text = ssot_realloc(out->text, out->len + n + 16);
            out->len += (size_t)sprintf(out->text + out->len, "#include %c%.*s%c\n", *s,
                                        (int)n, name, close);
        } else if (close == '"') {
            follow(dir, name, n, depth, out);
        }
        s = q + 1;
        while (s < end && *s != '\n' && *s != '/')
            s++;
    }
}

/* The preamble's text: one `#include` line per framework header of the file's leading
 * includes (and of the leading includes of its own folder's headers it includes first);
 * NULL when there is none. */
static char *preamble_text(const char *text, size_t len, const char *dir)
{
    preamble_buf out = {0};
    scan_includes(text, len, dir, 0, &out);
    return out.text;
}

static char *hex64(uint64_t v)
{
    return ssot_asprintf("%016llx", (unsigned long long)v);
}

static uint64_t preamble_key(const char *preamble, const char *dir, const c_flags *flags)
{
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    CXString v = clang_getClangVersion();
    const char *version = clang_getCString(v);
    XXH3_64bits_update(&st, version, strlen(version) + 1);
    clang_disposeString(v);
    XXH3_64bits_update(&st, SSOT_VERSION, sizeof(SSOT_VERSION));
    for (int i = 0; i < flags->argc; i++)
        XXH3_64bits_update(&st, flags->argv[i], strlen(flags->argv[i]) + 1);
    XXH3_64bits_update(&st, dir, strlen(dir) + 1);
    XXH3_64bits_update(&st, preamble, strlen(preamble) + 1);
    return XXH3_64bits_digest(&st);
}

/* A regular file's bytes (malloc'd), NULL when it is not one or cannot be read. */
static char *read_regular(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        buf = ssot_malloc((size_t)st.st_size + 1);
        size_t got = 0;
        while (got < (size_t)st.st_size) {
            ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got != (size_t)st.st_size) {
            free(buf);
            buf = NULL;
        } else {
            buf[got] = '\0';
            *len = got;
        }
    }
    close(fd);
    return buf;
}

/* Whether `path` is free for a new file or a regular file that may be replaced. */
static bool replaceable(const char *path)
{
    struct stat st;
    return lstat(path, &st) != 0 ? errno == ENOENT : S_ISREG(st.st_mode);
}

static uint64_t hash_file(const char *path, bool *ok)
{
    size_t len = 0;
    char *data = read_regular(path, &len);
    *ok = data != NULL;
    uint64_t h = data ? XXH3_64bits(data, len) : 0;
    free(data);
    return h;
}

typedef enum { MANIFEST_STALE, MANIFEST_PCH, MANIFEST_FAILED } manifest_state;

/* What the manifest at `deps` says, when it is key `key`'s (a file copied from another
 * key's is foreign) and still true: its PCH at `pch` and every header it names are as
 * hashed (MANIFEST_PCH), or the headers that did not compile alone are unchanged
 * (MANIFEST_FAILED: no PCH until one of them changes); else MANIFEST_STALE. */
static manifest_state manifest_check(const char *deps, const char *pch, uint64_t key)
{
    size_t len = 0;
    char *text = read_regular(deps, &len);
    if (!text)
        return MANIFEST_STALE;
    char head[40];
    snprintf(head, sizeof(head), "ssot-pch 1 %016llx\n", (unsigned long long)key);
    size_t head_len = strlen(head);
    bool ok = len >= head_len && !strncmp(text, head, head_len);
    char *line = text + (ok ? head_len : len);
    size_t lines = 0;
    bool failed = false;
    while (ok && *line) {
        char *nl = strchr(line, '\n');
        if (!nl) {
            ok = false; /* torn */
            break;
        }
        *nl = '\0';
        unsigned long long want;
        int at = 0;
        if (sscanf(line, "%16llx %n", &want, &at) != 1 || !at) {
            ok = false;
            break;
        }
        if (lines == 0) {
            failed = !strcmp(line + at, "failed");
            ok = failed || !strcmp(line + at, "pch");
        }
        if (ok && !(lines == 0 && failed)) {
            bool read_ok;
            uint64_t have = hash_file(lines == 0 ? pch : line + at, &read_ok);
            ok = read_ok && have == (uint64_t)want;
        }
        lines++;
        line = nl + 1;
    }
    free(text);
    if (!ok || lines < 2)
        return MANIFEST_STALE;
    return failed ? MANIFEST_FAILED : MANIFEST_PCH;
}

typedef SSOT_VEC(char *) c_names;

static void add_inclusion(CXFile included, CXSourceLocation *stack, unsigned depth,
                          CXClientData data)
{
    (void)stack;
    (void)depth;
    c_names *names = data;
    CXString s = clang_getFileName(included);
    const char *name = clang_getCString(s);
    if (name && *name) {
        char *copy = ssot_strdup(name);
        SSOT_VEC_PUSH(names, copy);
    }
    clang_disposeString(s);
}

/* Write `data` as `path` through atomic_file, unless something other than a regular file
 * is in its place. */
static bool put_file(const char *path, const void *data, size_t len)
{
    char err[256];
    return replaceable(path) && ssot_atomic_write_unsynced(path, data, len, err, sizeof(err)) ==
                                    SSOT_OK;
}

/* Build the PCH of `header` (already written) with the file's flags, then its manifest.
 * Returns false when the framework does not compile alone with these flags (no PCH then:
 * its errors would not be the file's); the manifest then says so until a header changes. */
static bool build(c_parser *p, const char *header, const char *dir, const c_flags *flags,
                  const char *pch, const char *deps, uint64_t key)
{
    const char **argv = ssot_calloc((size_t)flags->argc + 6, sizeof(*argv));
    int argc = 0;
    argv[argc++] = "-iquote"; /* quoted includes as the test file's folder sees them */
    argv[argc++] = dir;
    for (int i = 0; i < flags->argc; i++)
        argv[argc++] = flags->argv[i];
    argv[argc++] = "-x";
    argv[argc++] = "c++-header";
    unsigned options = CXTranslationUnit_DetailedPreprocessingRecord |
                       CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_Incomplete |
                       CXTranslationUnit_ForSerialization;
    CXTranslationUnit tu = NULL;
    enum CXErrorCode rc =
        clang_parseTranslationUnit2(p->index, header, argv, argc, NULL, 0, options, &tu);
    free(argv);
    if (rc != CXError_Success || !tu)
        return false;
    bool ok = true;
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n && ok; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        ok = clang_getDiagnosticSeverity(d) < CXDiagnostic_Error;
        clang_disposeDiagnostic(d);
    }
    /* libclang writes the PCH itself: to a private name, then copied in through
       atomic_file (which never replaces a link or a device) */
    char *folder = ssot_strndup(pch, (size_t)(strrchr(pch, '/') - pch));
    char *tmp = ssot_asprintf("%s/.build.%ld.%p.pch", folder, (long)getpid(), (void *)p);
    free(folder);
    ok = ok && clang_saveTranslationUnit(tu, tmp, clang_defaultSaveOptions(tu)) ==
                   CXSaveError_None;
    c_names names = {0};
    clang_getInclusions(tu, add_inclusion, &names);
    clang_disposeTranslationUnit(tu);
    size_t len = 0;
    char *bytes = ok ? read_regular(tmp, &len) : NULL;
    unlink(tmp);
    free(tmp);
    ok = bytes && put_file(pch, bytes, len);
    /* the manifest: the PCH's hash, or that these headers do not compile alone */
    char *manifest = ok ? ssot_asprintf("ssot-pch 1 %016llx\n%016llx pch\n",
                                        (unsigned long long)key,
                                        (unsigned long long)XXH3_64bits(bytes, len))
                        : ssot_asprintf("ssot-pch 1 %016llx\n%016llx failed\n",
                                        (unsigned long long)key, 0ULL);
    bool listed = true;
    for (size_t i = 0; i < names.count && listed; i++) {
        bool read_ok;
        uint64_t h = hash_file(names.items[i], &read_ok);
        char *next = ssot_asprintf("%s%016llx %s\n", manifest, (unsigned long long)h,
                                   names.items[i]);
        free(manifest);
        manifest = next;
        listed = read_ok && !strchr(names.items[i], '\n');
    }
    if (listed && names.count)
        put_file(deps, manifest, strlen(manifest));
    else
        ok = false;
    free(manifest);
    free(bytes);
    for (size_t i = 0; i < names.count; i++)
        free(names.items[i]);
    free(names.items);
    return ok;
}

static bool make_folder(const char *path)
{
    struct stat st;
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return false;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Refresh an entry's mtime at most once a day: the cache's pruning removes what a month of
 * runs did not use. */
static void touch(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < time(NULL) - 24 * 3600)
        utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
}

/* This worker's verdict on key `key`: a usable PCH, or none. */
static c_pch *verdict(c_parser *p, uint64_t key)
{
    for (size_t i = 0; i < p->pchs.count; i++)
        if (p->pchs.items[i].key == key)
            return &p->pchs.items[i];
    return NULL;
}

typedef enum { PCH_READY, PCH_FIRST_SIGHT, PCH_NONE } pch_outcome;

/* Find or make the PCH of key `key` (`rebuild`: the one on disk was refused); its path in
 * `*out` when PCH_READY. */
static pch_outcome settle(c_parser *p, uint64_t key, const char *preamble, const char *dir,
                          const c_flags *flags, bool rebuild, char **out)
{
    char *folder = ssot_asprintf("%s/v%s-pch", p->scratch, SSOT_VERSION);
    char *hex = hex64(key);
    char *base = ssot_asprintf("%s/%s", folder, hex);
    char *pch = ssot_asprintf("%s.pch", base), *deps = ssot_asprintf("%s.deps", base);
    char *header = ssot_asprintf("%s.h", base), *seen = ssot_asprintf("%s.seen", base);
    char *lock = ssot_asprintf("%s.lock", base);
    pch_outcome outcome = PCH_NONE;
    manifest_state m = rebuild ? MANIFEST_STALE : manifest_check(deps, pch, key);
    if (m != MANIFEST_STALE) {
        outcome = m == MANIFEST_PCH ? PCH_READY : PCH_NONE;
    } else if (make_folder(p->scratch) && make_folder(folder)) {
        /* one worker builds, the others wait for it and take its result */
        int fd = replaceable(lock) ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644)
                                   : -1;
        if (fd >= 0 && flock(fd, LOCK_EX) == 0) {
            struct stat st;
            m = rebuild ? MANIFEST_STALE : manifest_check(deps, pch, key);
            if (m != MANIFEST_STALE) {
                outcome = m == MANIFEST_PCH ? PCH_READY : PCH_NONE;
            } else if (!rebuild && lstat(seen, &st) != 0) {
                /* first sight: mark it and parse this file without; the next builds */
                outcome = put_file(seen, "", 0) ? PCH_FIRST_SIGHT : PCH_NONE;
            } else if (put_file(header, preamble, strlen(preamble))) {
                if (replaceable(deps))
                    unlink(deps); /* a PCH without its manifest is never used */
                outcome = build(p, header, dir, flags, pch, deps, key) ? PCH_READY : PCH_NONE;
            }
        }
        if (fd >= 0)
            close(fd); /* releases the lock */
    }
    if (outcome == PCH_READY) {
        touch(pch);
        touch(deps);
        touch(header);
    }
    free(folder);
    free(hex);
    free(base);
    free(deps);
    free(header);
    free(seen);
    free(lock);
    if (outcome == PCH_READY)
        *out = pch;
    else
        free(pch);
    return outcome;
}

const char *c_preamble_find(c_parser *p, const ssot_source *src, const char *abs,
                            const c_flags *flags)
{
    p->last_pch = 0;
    if (!p->scratch || !p->cpp)
        return NULL;
    const char *slash = strrchr(abs, '/');
    char *dir = ssot_strndup(abs, slash && slash != abs ? (size_t)(slash - abs) : 1);
    char *preamble = preamble_text(src->text, src->len, dir);
    if (!preamble) {
        free(dir);
        return NULL;
    }
    uint64_t key = preamble_key(preamble, dir, flags);
    c_pch *v = verdict(p, key);
    if (!v) {
        c_pch fresh = {key, NULL, C_PCH_ASK, 0};
        SSOT_VEC_PUSH(&p->pchs, fresh);
        v = &p->pchs.items[p->pchs.count - 1];
    }
    if (v->state == C_PCH_ASK || v->state == C_PCH_REBUILD) {
        char *path = NULL;
        pch_outcome o = settle(p, key, preamble, dir, flags, v->state == C_PCH_REBUILD, &path);
        v->path = path;
        v->state = o == PCH_READY ? C_PCH_USE : o == PCH_FIRST_SIGHT ? C_PCH_ASK : C_PCH_NONE;
    }
    free(preamble);
    free(dir);
    p->last_pch = (size_t)(v - p->pchs.items) + 1;
    return v->state == C_PCH_USE ? v->path : NULL;
}

void c_preamble_failed(c_parser *p)
{
    if (p->last_pch && p->pchs.items[p->last_pch - 1].state == C_PCH_ASK)
        p->pchs.items[p->last_pch - 1].state = C_PCH_NONE;
}

void c_preamble_refused(c_parser *p, const char *pch)
{
    for (size_t i = 0; i < p->pchs.count; i++) {
        c_pch *v = &p->pchs.items[i];
        if (v->state == C_PCH_USE && !strcmp(v->path, pch)) {
            free(v->path);
            v->path = NULL;
            /* rebuild it once; refused again, the key goes without */
            v->state = v->refusals++ ? C_PCH_NONE : C_PCH_REBUILD;
            return;
        }
    }
}

void c_preamble_free(c_parser *p)
{
    for (size_t i = 0; i < p->pchs.count; i++)
        free(p->pchs.items[i].path);
    free(p->pchs.items);
    free(p->scratch);
    p->pchs.items = NULL;
    p->scratch = NULL;
}
