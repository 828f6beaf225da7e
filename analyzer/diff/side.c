/* analyzer/diff/side.c - run the pipeline over one side of a diff. The base side's files
 * come from the object database through the engine's reader hook; the facts cache is keyed
 * by content, so a file the change left alone is a cache hit. Each file's collected tests
 * are copied out through the engine's `checked` hook before its facts are freed. */
#include "analyzer/diff/side.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/vec.h"

typedef SSOT_VEC(ssot_diff_test) test_vec;

typedef struct side_job {
    ssot_diff_side *side;
    test_vec *per_file;            /* one slot per file: written by its worker only */
    atomic_size_t unread;          /* blobs that could not be read */
    bool *failed;                  /* per file: its blob could not be read */
} side_job;

/* A blob that cannot be read (a partial clone without it, a corrupt pack) would make its
 * tests look removed: the side notes it and the comparison fails (exit 2). */
static bool read_blob(void *ctx, size_t index, ssot_arena *arena, char **text, size_t *len,
                      char *msg, size_t msg_size)
{
    side_job *job = ctx;
    const char *path = job->side->files.items[index].path;
    bool ok = ssot_revision_read(job->side->rev, path, arena, text, len, msg, msg_size);
    if (!ok) {
        job->failed[index] = true;
        atomic_fetch_add(&job->unread, 1);
    }
    return ok;
}

static void copy_test(ssot_arena *a, const ssot_facts *f, const ssot_function *fn,
                      ssot_diff_test *t)
{
    memset(t, 0, sizeof(*t));
    t->path = ssot_arena_strdup(a, f->path);
    t->symbol = ssot_arena_strdup(a, fn->symbol);
    t->row = fn->def.span.row;
    t->never_runs = ssot_facts_never_runs(f, fn);
    t->shape = fn->shape;
    t->todo = (fn->flags & SSOT_FF_TODO) != 0;
    t->helper_asserts = fn->resolved_assertion;
    t->checks = ssot_arena_alloc(a, (fn->assert_count + 1) * sizeof(*t->checks));
    for (size_t i = 0; i < fn->assert_count; i++) {
        const ssot_assertion *s = &fn->asserts[i];
        ssot_diff_check *c = &t->checks[t->check_count++];
        c->kind = s->kind;
        c->form = s->form;
        c->flags = s->flags;
        c->row = s->loc.span.row;
        c->callee = s->callee ? ssot_arena_strdup(a, s->callee) : NULL;
        c->exception = s->exception ? ssot_arena_strdup(a, s->exception) : NULL;
        c->text = ssot_arena_strdup(a, s->loc.snippet ? s->loc.snippet : "");
    }
}

static void on_checked(void *ctx, size_t index, const ssot_facts *facts)
{
    side_job *job = ctx;
    ssot_arena *a = job->side->arenas[index] = ssot_arena_new();
    test_vec *v = &job->per_file[index];
    for (size_t i = 0; i < facts->function_count; i++) {
        const ssot_function *fn = &facts->functions[i];
        if (!fn->collected)
            continue;
        SSOT_VEC_GROW(v);
        copy_test(a, facts, fn, &v->items[v->count++]);
    }
}

static int by_test(const void *a, const void *b)
{
    const ssot_diff_test *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->symbol, y->symbol);
}

static bool has_file(void *ctx, const char *rel)
{
    return ssot_revision_has(ctx, rel);
}

static ssot_status list_files(ssot_diff_side *side, const ssot_diff_env *env, char *err,
                              size_t err_size)
{
    ssot_discover_options dopts = {env->configs, false};
    if (!side->rev) {
        static const char *const here[] = {"."};
        return ssot_discover_with(here, 1, &dopts, &side->files, err, err_size);
    }
    size_t n;
    const char *const *paths = ssot_revision_files(side->rev, &n);
    ssot_status st = ssot_discover_paths(".", paths, NULL, n, &dopts, has_file, side->rev,
                                         &side->files, err, err_size);
    /* the sizes of the files kept, for the engine's largest-first parse order */
    for (size_t i = 0; st == SSOT_OK && i < side->files.count; i++)
        side->files.items[i].size = ssot_revision_size(side->rev, side->files.items[i].path);
    return st;
}

ssot_status ssot_diff_side_run(ssot_diff_side *side, ssot_revision *rev,
                               const ssot_diff_env *env, char *err, size_t err_size)
{
    memset(side, 0, sizeof(*side));
    side->rev = rev;
    ssot_status st = list_files(side, env, err, err_size);
    if (st != SSOT_OK)
        return st;
    size_t n = side->files.count;
    side_job job = {side, ssot_calloc(n + 1, sizeof(*job.per_file)), 0,
                    ssot_calloc(n + 1, sizeof(bool))};
    side->arenas = ssot_calloc(n + 1, sizeof(*side->arenas));
    ssot_engine_config config = {0};
    config.selections = env->selections;
    config.threads = env->threads;
    config.max_file_bytes = env->max_file_bytes;
    config.root = env->root;
    config.cache_dir = env->cache_dir;
    config.progress = env->progress;
    config.read = rev ? read_blob : NULL;
    config.checked = on_checked;
    config.hook_ctx = &job;
    st = ssot_engine_run(&config, &side->files, &side->run, err, err_size);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += job.per_file[i].count;
    side->tests = ssot_calloc(total + 1, sizeof(*side->tests));
    for (size_t i = 0; i < n; i++) {
        if (job.per_file[i].count)
            memcpy(side->tests + side->test_count, job.per_file[i].items,
                   job.per_file[i].count * sizeof(*side->tests));
        side->test_count += job.per_file[i].count;
        free(job.per_file[i].items);
    }
    free(job.per_file);
    for (size_t i = 0; st == SSOT_OK && i < n; i++)
        if (job.failed[i]) {
            size_t unread = atomic_load(&job.unread);
            snprintf(err, err_size, "cannot read %s from revision %s (%zu file%s of it "
                                    "unreadable): nothing to compare with",
                     side->files.items[i].path, ssot_revision_id(rev), unread,
                     unread == 1 ? "" : "s");
            st = SSOT_ERR_INTERNAL;
        }
    free(job.failed);
    if (side->test_count > 1)
        qsort(side->tests, side->test_count, sizeof(*side->tests), by_test);
    return st;
}

const ssot_diff_test *ssot_diff_side_find(const ssot_diff_side *side, const char *path,
                                          const char *symbol)
{
    ssot_diff_test key = {0};
    key.path = path;
    key.symbol = symbol;
    return side->test_count ? bsearch(&key, side->tests, side->test_count,
                                      sizeof(*side->tests), by_test)
                            : NULL;
}

void ssot_diff_side_fini(ssot_diff_side *side)
{
    for (size_t i = 0; i < side->files.count; i++)
        ssot_arena_free(side->arenas ? side->arenas[i] : NULL);
    free(side->arenas);
    free(side->tests);
    ssot_run_fini(&side->run);
    ssot_file_list_fini(&side->files);
    memset(side, 0, sizeof(*side));
}
