/* analyzer/base/glob.c - path globs as PCRE2 patterns (pcre2_pattern_convert, '/' separator,
 * JIT-compiled). Each glob becomes two patterns: the path itself, and everything below it,
 * so a folder pattern also covers the files inside. */
#include "analyzer/base/glob.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"

struct ssot_glob {
    char *pattern;     /* owned: as written */
    pcre2_code *whole; /* owned: matches the path itself */
    pcre2_code *below; /* owned: matches anything inside it (folder semantics) */
    bool folder_only;  /* a trailing slash and `**`: `whole` names a folder, never a file */
};

static void out_of_memory(void)
{
    fprintf(stderr, "ssot: out of memory in PCRE2\n");
    abort();
}

/* Convert one glob to a compiled pattern. On failure returns NULL and, when `why` is not
 * NULL, PCRE2's message and the offset into `glob`. */
static pcre2_code *compile_glob(const char *glob, char *why, size_t why_size, size_t *offset)
{
    pcre2_convert_context *cc = pcre2_convert_context_create(NULL);
    if (!cc)
        out_of_memory();
    pcre2_set_glob_separator(cc, '/');
    PCRE2_UCHAR *re = NULL;
    PCRE2_SIZE len = 0;
    int rc =
        pcre2_pattern_convert((PCRE2_SPTR)glob, strlen(glob), PCRE2_CONVERT_GLOB, &re, &len, cc);
    pcre2_convert_context_free(cc);
    if (rc != 0) {
        pcre2_get_error_message(rc, (PCRE2_UCHAR *)why, why_size);
        *offset = len;
        return NULL;
    }
    int code;
    PCRE2_SIZE at;
    pcre2_code *compiled =
        pcre2_compile(re, len, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
    pcre2_converted_pattern_free(re);
    if (!compiled) {
        pcre2_get_error_message(code, (PCRE2_UCHAR *)why, why_size);
        *offset = 0;
        return NULL;
    }
    pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    return compiled;
}

ssot_glob *ssot_glob_new(const char *pattern, char *err, size_t err_size)
{
    /* `./x` and `/x` both mean x at the configuration's folder only (a path glob);
     * `build/` means any component named build */
    const char *p = pattern;
    size_t skipped = 0;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    while (p[0] == '/')
        p++;
    skipped = (size_t)(p - pattern);
    char *norm = ssot_strdup(p);
    size_t n = strlen(norm);
    while (n > 0 && norm[n - 1] == '/')
        norm[--n] = '\0';
    if (n == 0) {
        snprintf(err, err_size, "invalid glob `%s`: empty pattern at offset 0", pattern);
        free(norm);
        return NULL;
    }

    char why[256];
    size_t offset = 0;
    pcre2_code *check = compile_glob(norm, why, sizeof(why), &offset);
    if (!check) {
        snprintf(err, err_size, "invalid glob `%s`: %s at offset %zu", pattern, why,
                 offset + skipped);
        free(norm);
        return NULL;
    }

    char *whole, *below;
    bool folder_only = false;
    if (!skipped && !strchr(norm, '/')) {
        /* no slash: any one path component, so `migrations` or `*_pb2.py` at any depth */
        whole = ssot_asprintf("**/%s", norm);
        below = ssot_asprintf("**/%s/**", norm);
    } else if (n >= 3 && !strcmp(norm + n - 3, "/**")) {
        // a trailing slash and `**`: everything below the folder, and the folder itself
        whole = ssot_strndup(norm, n - 3);
        below = ssot_strdup(norm);
        folder_only = true;
    } else {
        whole = ssot_strdup(norm);
        below = ssot_asprintf("%s/**", norm);
    }
    ssot_glob *g = ssot_calloc(1, sizeof(*g));
    g->pattern = ssot_strdup(pattern);
    g->folder_only = folder_only;
    g->whole = compile_glob(whole, why, sizeof(why), &offset);
    g->below = compile_glob(below, why, sizeof(why), &offset);
    pcre2_code_free(check);
    free(whole);
    free(below);
    free(norm);
    if (!g->whole || !g->below) { /* cannot happen once `norm` converted */
        snprintf(err, err_size, "invalid glob `%s`: %s", pattern, why);
        ssot_glob_free(g);
        return NULL;
    }
    return g;
}

void ssot_glob_free(ssot_glob *glob)
{
    if (!glob)
        return;
    pcre2_code_free(glob->whole);
    pcre2_code_free(glob->below);
    free(glob->pattern);
    free(glob);
}

const char *ssot_glob_pattern(const ssot_glob *glob)
{
    return glob->pattern;
}

static bool matches(const pcre2_code *code, const char *subject, size_t len, pcre2_match_data *md)
{
    return pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, md, NULL) >= 0;
}

static bool match(const ssot_glob *glob, const char *relpath, bool folder)
{
    while (relpath[0] == '.' && relpath[1] == '/')
        relpath += 2;
    size_t len = strlen(relpath);
    /* one match data per call keeps matching thread-safe */
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        out_of_memory();
    bool hit = ((folder || !glob->folder_only) && matches(glob->whole, relpath, len, md)) ||
               matches(glob->below, relpath, len, md);
    pcre2_match_data_free(md);
    return hit;
}

bool ssot_glob_match(const ssot_glob *glob, const char *relpath)
{
    return match(glob, relpath, false);
}

bool ssot_glob_match_folder(const ssot_glob *glob, const char *relpath)
{
    return match(glob, relpath, true);
}
