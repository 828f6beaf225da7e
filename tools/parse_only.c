/* tools/parse_only.c - the benchmark's floor: discover every source file under the given
 * paths (Python, JavaScript, TypeScript, TSX: what ssot checks), read it and parse it with
 * its tree-sitter grammar on ssot's pool, nothing else.
 * Usage: parse_only [--threads N] PATH... ; prints files, bytes and syntax errors. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "analyzer/base/alloc.h"
#include "analyzer/discover/discover.h"
#include "analyzer/base/pool.h"
#include "analyzer/discover/source.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

enum { LANG_PYTHON, LANG_JAVASCRIPT, LANG_TYPESCRIPT, LANG_TSX, LANG_COUNT };

typedef struct job {
    const ssot_file_list *files;
    TSParser **parsers; /* LANG_COUNT per worker */
    atomic_size_t bytes, errors;
} job;

/* The grammar of a path, by its extension (ssot's discovery found it, so it is one of these). */
static int language_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return LANG_PYTHON;
    if (!strcmp(dot, ".tsx"))
        return LANG_TSX;
    if (!strcmp(dot, ".ts") || !strcmp(dot, ".mts") || !strcmp(dot, ".cts"))
        return LANG_TYPESCRIPT;
    if (!strcmp(dot, ".js") || !strcmp(dot, ".jsx") || !strcmp(dot, ".mjs") ||
        !strcmp(dot, ".cjs"))
        return LANG_JAVASCRIPT;
    return LANG_PYTHON;
}

static void parse_file(void *ctx, size_t i, unsigned worker)
{
    job *j = ctx;
    char msg[256];
    unsigned row, col;
    ssot_source src;
    ssot_arena *arena = ssot_arena_new();
    if (ssot_source_read(j->files->items[i].path, 8u << 20, arena, &src, msg, sizeof(msg), &row,
                         &col) == SSOT_SOURCE_OK) {
        TSParser *parser = j->parsers[worker * LANG_COUNT + language_of(j->files->items[i].path)];
        TSTree *tree = ts_parser_parse_string(parser, NULL, src.text, (uint32_t)src.len);
        atomic_fetch_add(&j->bytes, src.len);
        atomic_fetch_add(&j->errors, ts_node_has_error(ts_tree_root_node(tree)));
        ts_tree_delete(tree);
    }
    ssot_arena_free(arena);
}

int main(int argc, char **argv)
{
    unsigned threads = ssot_pool_default_threads();
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "--threads")) {
        threads = (unsigned)atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || threads < 1) {
        fprintf(stderr, "usage: parse_only [--threads N] PATH...\n");
        return 2;
    }
    char err[1024];
    ssot_file_list files;
    if (ssot_discover((const char *const *)argv + first, (size_t)(argc - first), &files, err,
                      sizeof(err)) != 0) {
        fprintf(stderr, "parse_only: %s\n", err);
        return 2;
    }
    job j = {.files = &files};
    const TSLanguage *langs[LANG_COUNT] = {tree_sitter_python(), tree_sitter_javascript(),
                                           tree_sitter_typescript(), tree_sitter_tsx()};
    j.parsers = ssot_calloc((size_t)threads * LANG_COUNT, sizeof(*j.parsers));
    for (unsigned t = 0; t < threads * LANG_COUNT; t++) {
        j.parsers[t] = ts_parser_new();
        ts_parser_set_language(j.parsers[t], langs[t % LANG_COUNT]);
    }
    ssot_pool_run(threads, files.count, parse_file, &j);
    printf("%zu files, %zu bytes, %zu with syntax errors, %u threads\n", files.count,
           atomic_load(&j.bytes), atomic_load(&j.errors), threads);
    for (unsigned t = 0; t < threads * LANG_COUNT; t++)
        ts_parser_delete(j.parsers[t]);
    free(j.parsers);
    ssot_file_list_fini(&files);
    return 0;
}
