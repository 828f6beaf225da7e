/* analyzer/diff/side.h - one side of `ssot diff`: a revision (or the work tree) analysed as
 * a whole project through the normal pipeline, keeping its collected tests and findings. */
#ifndef SSOT_ANALYZER_DIFF_SIDE_H
#define SSOT_ANALYZER_DIFF_SIDE_H

#include "analyzer/config/config.h"
#include "analyzer/config/selection.h"
#include "analyzer/diff/diff.h"
#include "analyzer/diff/revision.h"
#include "analyzer/discover/discover.h"
#include "analyzer/engine/engine.h"

/* What both sides share. */
typedef struct ssot_diff_env {
    ssot_config_set *configs;      /* the work tree's configuration, for both sides */
    ssot_selections *selections;
    unsigned threads;
    size_t max_file_bytes;
    const char *root;              /* absolute project root (the work tree) */
    const char *cache_dir;         /* NULL: no facts cache */
    ssot_progress *progress;       /* NULL: none */
} ssot_diff_env;

typedef struct ssot_diff_side {
    ssot_revision *rev;            /* borrowed; NULL: the work tree */
    ssot_file_list files;
    ssot_run run;
    ssot_diff_test *tests;         /* owned: collected tests, sorted by path and symbol */
    size_t test_count;
    ssot_arena **arenas;           /* owned: one per file, holding its tests' strings */
} ssot_diff_side;

/* Analyse `rev` (NULL: the files in the work tree, from the current folder, which is the
 * work tree's root). Returns what discovery or the engine returned, with a message. */
ssot_status ssot_diff_side_run(ssot_diff_side *side, ssot_revision *rev,
                               const ssot_diff_env *env, char *err, size_t err_size);
/* The collected test of `path` named `symbol`, or NULL. */
const ssot_diff_test *ssot_diff_side_find(const ssot_diff_side *side, const char *path,
                                          const char *symbol);
void ssot_diff_side_fini(ssot_diff_side *side);

#endif /* SSOT_ANALYZER_DIFF_SIDE_H */
