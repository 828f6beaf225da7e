/* tools/parse_only.c - the benchmark's floor: discover every .py file under the given
 * paths, read it and parse it with tree-sitter-python on ssot's pool, nothing else.
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

typedef struct job {
    const ssot_file_list *files;
    TSParser **parsers; /* one per worker */
    atomic_size_t bytes, errors;
} job;

static void parse_file(void *ctx, size_t i, unsigned worker)
{
    job *j = ctx;
    char msg[256];
    unsigned row, col;
    ssot_source src;
    ssot_arena *arena = ssot_arena_new();
    if (ssot_source_read(j->files->items[i].path, 8u << 20, arena, &src, msg, sizeof(msg), &row,
                         &col) == SSOT_SOURCE_OK) {
        TSTree *tree =
            ts_parser_parse_string(j->parsers[worker], NULL, src.text, (uint32_t)src.len);
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
    j.parsers = ssot_calloc(threads, sizeof(*j.parsers));
    for (unsigned t = 0; t < threads; t++) {
        j.parsers[t] = ts_parser_new();
        ts_parser_set_language(j.parsers[t], tree_sitter_python());
    }
    ssot_pool_run(threads, files.count, parse_file, &j);
    printf("%zu files, %zu bytes, %zu with syntax errors, %u threads\n", files.count,
           atomic_load(&j.bytes), atomic_load(&j.errors), threads);
    for (unsigned t = 0; t < threads; t++)
        ts_parser_delete(j.parsers[t]);
    free(j.parsers);
    ssot_file_list_fini(&files);
    return 0;
}
