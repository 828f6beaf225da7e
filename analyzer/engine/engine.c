/* analyzer/engine/engine.c - drive the pipeline over the discovered files. Each file's facts live
 * in its arena from extraction until its file rules have run; then the arena is freed. */
#include "analyzer/engine/engine.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer/facts/cache.h"
#include "analyzer/engine/custom.h"
#include "analyzer/engine/run_cache.h"
#include "analyzer/resolve/aliases.h"
#include "analyzer/resolve/doubles.h"
#include "analyzer/resolve/duplicates.h"
#include "analyzer/facts/facts_io.h"
#include "analyzer/facts/prefetch.h"
#include "analyzer/frontend/frontend.h"
#include "analyzer/frontend/ts_memory.h"
#include "analyzer/resolve/index.h"
#include "analyzer/base/pool.h"
#include "analyzer/resolve/policy.h"
#include "analyzer/cli/progress.h"
#include "analyzer/resolve/shared_state.h"
#include "analyzer/discover/source.h"
#include "analyzer/engine/suppress.h"
#include "analyzer/resolve/testid.h"
#include "rules/rule.h"

typedef struct file_work {
    ssot_facts facts;
    ssot_arena *arena;
    const ssot_selection *selection; /* borrowed: the file's configuration's */
    bool *enabled;                   /* the selection minus per-file-ignores */
    bool *custom_enabled;
    bool own_switches;               /* enabled and custom_enabled are the file's own copies,
                                        else the selection's */
    uint64_t config_hash;            /* its configuration's */
    uint64_t key_hash;               /* config_hash and what its front end adds (C/C++:
                                        the compile flags): the facts cache key's */
    bool unreadable;                 /* named on the command line and could not be read */
    bool facts_unread;               /* its facts did not read back after the parse (E008):
                                        nothing of it cached, the run not kept whole */
    ssot_text_hash text;             /* the hash of its text, when `has_text` */
    ssot_cache_key key;              /* its facts' cache entry, when `keyed` */
    bool keyed;
    bool has_text;                   /* read (or known from the cache's metadata) without a
                                        problem: what the run's key is made of */
} file_work;

typedef struct engine_job {
    const ssot_engine_config *config;
    const ssot_file_list *files;
    file_work *work;
    ssot_sink *sinks;
    ssot_file_stats *stats;
    void **parsers;
    ssot_facts_reader **readers; /* per worker: facts read with one string table */                   /* [worker * frontend_count + front end]: each
                                         worker's parser state of each language in use */
    size_t frontend_count;
    char **parser_errors;             /* [front end]: why its parser could not be made (its
                                         files are E001), NULL when it could; owned */
    char *scratch_tmp;                /* --no-cache: the run's temporary folder handed to
                                         the front ends' `parser_scratch`, removed at the
                                         end; NULL: none */
    ssot_cache *cache;                /* NULL: no cache */
    size_t *order;                    /* files by size, largest first: the parse order */
    atomic_size_t explicit_failures;
    atomic_size_t bad_facts;          /* merge: 1 + the first file whose facts did not read */
} engine_job;

static void add_problem(ssot_facts *facts, ssot_arena *arena, const char *code, unsigned row,
                        unsigned col, const char *message)
{
    facts->problems = ssot_arena_alloc(arena, sizeof(*facts->problems));
    facts->problem_count = 1;
    ssot_file_problem *p = &facts->problems[0];
    p->code = code;
    p->loc.span = (ssot_span){row, col, row, col};
    p->loc.snippet = "";
    p->message = ssot_arena_strdup(arena, message);
}

/* Add a problem after those the front end found (E003 and the like stay). */
static void append_problem(ssot_facts *facts, ssot_arena *arena, const char *code,
                           unsigned row, unsigned col, const char *message)
{
    ssot_file_problem *kept = facts->problems;
    size_t n = facts->problem_count;
    add_problem(facts, arena, code, row, col, message);
    ssot_file_problem added = facts->problems[0];
    facts->problems = ssot_arena_alloc(arena, (n + 1) * sizeof(*facts->problems));
    if (n)
        memcpy(facts->problems, kept, n * sizeof(*kept));
    facts->problems[n] = added;
    facts->problem_count = n + 1;
}

static const ssot_frontend *frontend_of(const ssot_file_entry *entry);

/* The file's switches made its own before one is changed (they start as its selection's). */
static void own_switches(file_work *w, size_t nrules)
{
    if (w->own_switches)
        return;
    const ssot_selection *sel = w->selection;
    w->enabled = ssot_malloc((nrules + 1) * sizeof(bool));
    memcpy(w->enabled, sel->enabled, nrules * sizeof(bool));
    w->custom_enabled = ssot_malloc((sel->custom_count + 1) * sizeof(bool));
    if (sel->custom_count)
        memcpy(w->custom_enabled, sel->custom_enabled, sel->custom_count * sizeof(bool));
    w->own_switches = true;
}

static void switch_off(file_work *w, size_t nrules, bool *const *which, size_t r)
{
    if ((*which)[r]) {
        bool custom = which == &w->custom_enabled;
        own_switches(w, nrules);
        (custom ? w->custom_enabled : w->enabled)[r] = false;
    }
}

/* The file's rules: its selection minus its language's preview rules (unless asked for) and
 * the per-file-ignores that match its path. A file they leave as its selection shares the
 * selection's switches (most files: no per-file copy). */
static void file_rules(file_work *w, const ssot_file_entry *entry)
{
    size_t nrules;
    const ssot_rule *const *rules = ssot_rules(&nrules);
    const ssot_selection *sel = w->selection;
    w->enabled = (bool *)sel->enabled;
    w->custom_enabled = (bool *)sel->custom_enabled;
    w->own_switches = false;
    /* rules not yet measured good on this file's language run only when asked for */
    const ssot_frontend *fe = frontend_of(entry);
    for (const char *const *p = fe->preview_rules; p && *p; p++)
        for (size_t r = 0; r < nrules; r++)
            if (!strcmp(rules[r]->code, *p) && !ssot_selection_language_preview_on(sel, r))
                switch_off(w, nrules, &w->enabled, r);
    const ssot_config *c = sel->config;
    for (size_t i = 0; c && i < c->per_file_ignore_count; i++) {
        const ssot_per_file_ignore *p = &c->per_file_ignores[i];
        if (!ssot_glob_match(p->glob, entry->config_path))
            continue;
        for (size_t k = 0; k < p->codes.count; k++) {
            const char *code = p->codes.items[k];
            size_t n = strlen(code);
            for (size_t r = 0; r < nrules; r++)
                if (!strncmp(rules[r]->code, code, n) || !strcmp(rules[r]->name, code))
                    switch_off(w, nrules, &w->enabled, r);
            for (size_t r = 0; r < sel->custom_count; r++)
                if (!strncmp(sel->custom[r].code, code, n) || !strcmp(sel->custom[r].name, code))
                    switch_off(w, nrules, &w->custom_enabled, r);
        }
    }
}

/* Are file `i`'s findings wanted (changed-files mode reports only some files)? */
static bool reported(const engine_job *job, size_t i)
{
    return !job->config->report || job->config->report[i];
}

/* File `i`'s facts from the cache entry `key`. A file that a changed-files run does not
 * report is read without its functions' bodies: resolution decodes the few that the
 * reported files' tests reach (helpers, fixtures), and no rule reads the rest. */
static bool load_cached(engine_job *job, size_t i, ssot_cache_key key, unsigned worker)
{
    file_work *w = &job->work[i];
    w->key = key;
    w->keyed = true;
    if (reported(job, i) || job->config->facts_out)
        return ssot_cache_load_with(job->cache, key, job->readers[worker], &w->facts, w->arena);
    ssot_facts got;
    ssot_arena *arena;
    if (ssot_prefetch_take(job->config->prefetch, key, &got, &arena)) {
        /* read while the files were found, as ssot_cache_load_lazy reads it here */
        ssot_facts_keep_engine_fields(&got, &w->facts);
        w->facts = got;
        ssot_arena_free(w->arena);
        w->arena = arena;
        return true;
    }
    return ssot_cache_load_lazy(job->cache, key, job->readers[worker], &w->facts, w->arena);
}

/* The file's front end: discovery's choice, else (hand-made file lists) by extension, else
 * Python. */
static const ssot_frontend *frontend_of(const ssot_file_entry *entry)
{
    if (entry->frontend)
        return entry->frontend;
    const ssot_frontend *fe = ssot_frontend_for_path(entry->path);
    return fe ? fe : ssot_frontend_default();
}

/* The facts from the cache when an entry for this text exists, else from the parse. A
 * parse extracts into a scratch arena and keeps the facts through their serialized form:
 * the file's arena then holds only what the facts keep (not the front end's temporaries),
 * the bytes are the cache entry, and a cold run sees exactly the facts a warm one loads. */
static void extract_or_load(engine_job *job, file_work *w, const ssot_source *src,
                            const char *key_path, unsigned worker)
{
    ssot_cache_key key = {0};
    w->text = ssot_cache_text_hash(src->text, src->len);
    w->has_text = true;
    if (job->cache) {
        /* keyed by the path from the project root: a cache restored on another machine,
           or in another checkout folder, still hits */
        key = ssot_cache_key_of(w->text, &w->facts, key_path, w->key_hash);
        if (load_cached(job, (size_t)(w - job->work), key, worker))
            return;
    }
    ssot_arena *scratch = ssot_arena_new();
    const ssot_frontend *fe = frontend_of(&job->files->items[w - job->work]);
    void *parser = job->parsers[worker * job->frontend_count + ssot_frontend_index(fe)];
    fe->extract(parser, src, &w->facts, scratch);
    size_t len;
    unsigned char *data = ssot_facts_write(&w->facts, &len);
    size_t index = (size_t)(w - job->work);
    if (job->config->facts_written)
        job->config->facts_written(job->config->hook_ctx, index, data, len);
    if (ssot_facts_read_with(job->readers[worker], data, len, &w->facts, w->arena)) {
        if (job->cache) {
            ssot_cache_store(job->cache, key, data, len);
            w->key = key;
            w->keyed = true;
        }
        ssot_arena_free(scratch);
    } else {
        /* the writer and the reader disagree (a bug in ssot: a value the reader rejects):
           the file is checked on the facts as extracted, never cached, and reported */
        ssot_arena_free(w->arena);
        w->arena = scratch;
        w->facts_unread = true;
        ssot_facts_sides_fill(&w->facts);
        char msg[256];
        snprintf(msg, sizeof(msg),
                 "internal error: the facts extracted from this file did not read back from "
                 "their serialized form (facts format %u); the file was checked on the facts "
                 "as extracted and is not cached: please report this with the file",
                 SSOT_FACTS_FORMAT);
        append_problem(&w->facts, w->arena, "E008", 1, 1, msg);
    }
    free(data);
}

/* File `i`'s text: from the file system, or from the caller's reader (a revision's blobs). */
static ssot_source_result read_source(engine_job *job, size_t i, size_t max_bytes,
                                      ssot_arena *arena, ssot_source *src, char *msg,
                                      size_t msg_size, unsigned *row, unsigned *col)
{
    const ssot_engine_config *config = job->config;
    const char *path = job->files->items[i].path;
    if (!config->read)
        return ssot_source_read(path, max_bytes, arena, src, msg, msg_size, row, col);
    *row = *col = 1;
    char *text;
    size_t len;
    if (!config->read(config->hook_ctx, i, arena, &text, &len, msg, msg_size))
        return SSOT_SOURCE_UNREADABLE;
    if (len > max_bytes) {
        snprintf(msg, msg_size, "file is %zu bytes, over the %zu-byte limit; not analysed", len,
                 max_bytes);
        return SSOT_SOURCE_TOO_LARGE;
    }
    return ssot_source_from_bytes(path, text, len, arena, src, msg, msg_size, row, col);
}

/* Merge: the file's facts from its shard's artifact, and the custom rules' matches the shard
 * made while the text was in memory, for the custom rules that are on here. */
static void load_packed(engine_job *job, file_work *w, size_t i)
{
    const ssot_pack_file *pf = job->config->facts_in[i];
    if (pf->decoded) {
        /* read by the merge: the facts stay in its arena; what the engine sets stays */
        ssot_facts own = w->facts;
        w->facts = *pf->decoded;
        w->facts.path = own.path;
        w->facts.config = own.config;
        w->facts.module = own.module;
        w->facts.config_path = own.config_path;
    } else if (!ssot_facts_read(pf->facts, pf->facts_len, &w->facts, w->arena)) {
        size_t none = 0;
        atomic_compare_exchange_strong(&job->bad_facts, &none, i + 1);
        return;
    }
    w->facts.uncollected = (pf->flags & SSOT_PACK_UNCOLLECTED) != 0;
    if (pf->flags & SSOT_PACK_UNREADABLE)
        atomic_fetch_add(&job->explicit_failures, 1);
    if (!reported(job, i))
        return;
    const ssot_selection *sel = w->selection;
    ssot_sink *sink = &job->sinks[i];
    for (size_t f = 0; f < pf->finding_count; f++) {
        const ssot_pack_finding *x = &pf->findings[f];
        for (size_t c = 0; c < sel->custom_count; c++) {
            if (strcmp(sel->custom[c].code, x->code) != 0)
                continue;
            if (w->custom_enabled[c]) {
                sink->rule = &sel->custom[c];
                ssot_sink_report(sink, &x->loc, "", "%s", x->message);
                sink->rule = NULL;
            }
            break;
        }
    }
}

/* The file's text from memory (config->overlay_*): true when `entry` is that file, with
 * `src` filled and *r set (as ssot_source_read would: too large, NUL bytes). The text is the
 * editor's, already UTF-8: no coding cookie applies; a byte order mark is dropped. */
static bool overlay(const ssot_engine_config *config, const ssot_file_entry *entry,
                    size_t max_bytes, ssot_arena *arena, ssot_source *src,
                    ssot_source_result *r, char *msg, size_t msg_size)
{
    if (!config->overlay_path || strcmp(config->overlay_path, entry->path) != 0)
        return false;
    const char *text = config->overlay_text;
    size_t len = config->overlay_len;
    *r = SSOT_SOURCE_OK;
    if (len > max_bytes) {
        snprintf(msg, msg_size, "file is %zu bytes, over the %zu-byte limit; not analysed", len,
                 max_bytes);
        *r = SSOT_SOURCE_TOO_LARGE;
        return true;
    }
    if (memchr(text, '\0', len)) {
        snprintf(msg, msg_size, "binary text (a NUL character); not analysed");
        *r = SSOT_SOURCE_NOT_TEXT;
        return true;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    char *copy = ssot_arena_alloc(arena, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    *src = (ssot_source){entry->path, copy, len};
    return true;
}

/* Lines as `wc -l` counts them, plus a last line without its newline. */
static uint32_t count_lines(const char *text, size_t len)
{
    uint32_t n = 0;
    for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p)));
         p++)
        n++;
    return n + (len && text[len - 1] != '\n');
}

/* What a file's work starts with, before anything is read: its sink, its rules and the
 * facts' fields the engine sets. */
static void prepare_file(engine_job *job, size_t i, const char *cwd)
{
    const ssot_file_entry *entry = &job->files->items[i];
    file_work *w = &job->work[i];
    ssot_sink_init(&job->sinks[i], entry->path);
    ssot_sink_set_root_in(&job->sinks[i], job->config->root, cwd);
    file_rules(w, entry);
    w->facts.path = entry->path;
    w->facts.role = entry->role;
    w->facts.pytest_file = entry->pytest_file;
    w->facts.config = w->selection->config;
    w->facts.module = entry->module;
    w->facts.config_path = entry->config_path ? entry->config_path : entry->path;
}

static size_t max_bytes_of(const engine_job *job, const file_work *w)
{
    const ssot_config *c = w->selection->config;
    return c ? c->max_file_bytes : job->config->max_file_bytes;
}

/* Does the file's text have to be read even when its facts are cached: a custom rule (a
 * pattern over the text) reports on it? */
static bool needs_text(const engine_job *job, size_t i)
{
    const file_work *w = &job->work[i];
    for (size_t c = 0; reported(job, i) && c < w->selection->custom_count; c++)
        if (w->custom_enabled[c])
            return true;
    return false;
}

/* The text hash of file `i` from the cache's metadata table, when its metadata (`st`) is
 * what was noted and it needs no reading for other reasons. */
static bool known_text(engine_job *job, size_t i, const struct stat *st, size_t max_bytes)
{
    file_work *w = &job->work[i];
    if (needs_text(job, i) || !S_ISREG(st->st_mode) || (size_t)st->st_size > max_bytes)
        return false;
    if (!ssot_cache_known_text(job->cache, job->sinks[i].root_file, st, &w->text,
                               &job->stats[i].lines))
        return false;
    w->has_text = true;
    return true;
}

/* What stands for the text of a file that does not read as text (E002): the problem itself,
 * which its bytes decide. */
static ssot_text_hash problem_hash(const char *code, unsigned row, unsigned col,
                                   const char *msg)
{
    char *text = ssot_asprintf("%s:%u:%u:%s", code, row, col, msg);
    ssot_text_hash h = ssot_cache_text_hash(text, strlen(text) + 1); /* with the NUL: no text */
    free(text);
    return h;
}

/* ... and for a file over the size limit (E004), which its size alone decides. */
static ssot_text_hash too_large_hash(off_t size, size_t max_bytes)
{
    char *text = ssot_asprintf("E004:%lld:%zu", (long long)size, max_bytes);
    ssot_text_hash h = ssot_cache_text_hash(text, strlen(text) + 1);
    free(text);
    return h;
}

/* The facts of file `i` without reading it: its text hash from the metadata table, its
 * facts from that hash's entry. False (nothing changed) when either is missing. */
static bool load_known(engine_job *job, size_t i, const struct stat *st, size_t max_bytes,
                       unsigned worker)
{
    file_work *w = &job->work[i];
    if (!known_text(job, i, st, max_bytes))
        return false;
    ssot_cache_key key =
        ssot_cache_key_of(w->text, &w->facts, job->sinks[i].root_file, w->key_hash);
    if (!load_cached(job, i, key, worker)) {
        w->has_text = false;
        return false;
    }
    w->facts.uncollected = job->files->items[i].uncollected;
    return true;
}

/* The file's metadata: discovery's stat when it made one (before anything read the file,
 * as the metadata table needs), else a stat now. */
static bool stat_entry(const ssot_file_entry *entry, struct stat *st)
{
    if (entry->stated) {
        ssot_file_stat_get(&entry->st, st);
        return true;
    }
    return stat(entry->path, st) == 0;
}

static void extract_file(void *ctx, size_t k, unsigned worker)
{
    engine_job *job = ctx;
    size_t i = job->order[k];
    const ssot_file_entry *entry = &job->files->items[i];
    file_work *w = &job->work[i];
    ssot_progress_tick(job->config->progress);
    w->arena = ssot_arena_new();
    if (job->config->facts_in) {
        load_packed(job, w, i);
        return;
    }
    if (job->config->facts_out && w->selection->custom_count) {
        /* a shard keeps every custom rule's matches: merge selects */
        size_t nrules;
        ssot_rules(&nrules);
        own_switches(w, nrules);
        for (size_t c = 0; c < w->selection->custom_count; c++)
            w->custom_enabled[c] = true;
    }
    if (entry->problem) {
        add_problem(&w->facts, w->arena, "E001", 1, 1, entry->problem);
        return;
    }
    const char *no_parser = job->parser_errors[ssot_frontend_index(frontend_of(entry))];
    if (no_parser) {
        /* the language cannot be parsed here: the file is not analysed, and says why */
        char *msg = ssot_asprintf("%s; not analysed", no_parser);
        add_problem(&w->facts, w->arena, "E001", 1, 1, msg);
        free(msg);
        if (entry->explicit) {
            w->unreadable = true;
            atomic_fetch_add(&job->explicit_failures, 1);
        }
        return;
    }
    size_t max_bytes = max_bytes_of(job, w);
    struct stat st;
    /* stated before the read: an edit after it changes the mtime the table keeps */
    bool in_memory = job->config->overlay_path && !strcmp(job->config->overlay_path, entry->path);
    bool stated = job->cache && !job->config->read && !in_memory && stat_entry(entry, &st);
    if (stated && load_known(job, i, &st, max_bytes, worker))
        return;
    char msg[256];
    unsigned row = 1, col = 1;
    ssot_source src;
    /* the text lives only while the file is parsed: facts copy what they keep */
    ssot_arena *text = ssot_arena_new();
    ssot_source_result r;
    if (!overlay(job->config, entry, max_bytes, text, &src, &r, msg, sizeof(msg)))
        r = read_source(job, i, max_bytes, text, &src, msg, sizeof(msg), &row, &col);
    if (r != SSOT_SOURCE_OK) {
        static const char *const codes[] = {"", "E001", "E002", "E004"};
        add_problem(&w->facts, w->arena, codes[r], row, col, msg);
        /* what the same bytes always give is as good as a text hash for the run's key (a
           file that cannot be opened is not: its permissions are not in the table) */
        if (stated && r == SSOT_SOURCE_TOO_LARGE) {
            w->text = too_large_hash(st.st_size, max_bytes);
            w->has_text = true;
        } else if (stated && r == SSOT_SOURCE_NOT_TEXT) {
            w->text = problem_hash(codes[r], row, col, msg);
            w->has_text = true;
            ssot_cache_note_text(job->cache, job->sinks[i].root_file, &st, w->text, 0);
        }
        if (entry->explicit && r == SSOT_SOURCE_UNREADABLE) {
            w->unreadable = true;
            atomic_fetch_add(&job->explicit_failures, 1);
        }
    } else {
        job->stats[i].lines = count_lines(src.text, src.len);
        if (reported(job, i))
            ssot_custom_run(w->selection, w->custom_enabled, &src, entry->config_path,
                            &job->sinks[i]);
        extract_or_load(job, w, &src, job->sinks[i].root_file, worker);
        w->facts.uncollected = entry->uncollected;
        if (stated)
            ssot_cache_note_text(job->cache, job->sinks[i].root_file, &st, w->text,
                                 job->stats[i].lines);
    }
    ssot_arena_free(text);
}

typedef struct sized_file {
    off_t size;
    size_t index;
} sized_file;

static int by_size_descending(const void *a, const void *b)
{
    const sized_file *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Parse the largest files first, so that no thread is left with a big one at the end
 * while the others wait. Each file's results go to its own slot: the order changes no
 * output. */
static size_t *largest_first(const ssot_file_list *files)
{
    sized_file *sized = ssot_calloc(files->count, sizeof(*sized));
    for (size_t i = 0; i < files->count; i++)
        sized[i] = (sized_file){files->items[i].size, i};
    qsort(sized, files->count, sizeof(*sized), by_size_descending);
    size_t *order = ssot_calloc(files->count, sizeof(*order));
    for (size_t i = 0; i < files->count; i++)
        order[i] = sized[i].index;
    free(sized);
    return order;
}

static void check_file(void *ctx, size_t i, unsigned worker)
{
    (void)worker;
    engine_job *job = ctx;
    file_work *w = &job->work[i];
    ssot_sink *sink = &job->sinks[i];
    ssot_progress_tick(job->config->progress);
    if (!reported(job, i)) {
        /* indexed for the others' sake; nothing to report */
        ssot_arena_free(w->arena);
        w->arena = NULL;
        return;
    }
    for (size_t p = 0; p < w->facts.problem_count; p++) {
        const ssot_file_problem *pr = &w->facts.problems[p];
        sink->rule = ssot_rule_find(pr->code);
        if (sink->rule)
            ssot_sink_report(sink, &pr->loc, "", "%s", pr->message);
    }
    size_t n;
    const ssot_rule *const *rules = ssot_rules(&n);
    for (size_t r = 0; r < n; r++) {
        if (!w->enabled[r] || rules[r]->scope != SSOT_SCOPE_FILE || !rules[r]->check_file)
            continue;
        sink->rule = rules[r];
        rules[r]->check_file(&w->facts, sink);
    }
    sink->rule = NULL;
    ssot_file_stats *stats = &job->stats[i];
    stats->checked = true;
    SSOT_FOR_EACH_TEST(&w->facts, fn)
        stats->tests++;
    ssot_selection file_sel = *w->selection;
    file_sel.enabled = w->enabled;
    file_sel.custom_enabled = w->custom_enabled;
    ssot_suppress_apply(&w->facts, sink, &file_sel);
    if (job->config->checked)
        job->config->checked(job->config->hook_ctx, i, &w->facts);
    ssot_arena_free(w->arena);
    w->arena = NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A stage ends: its CPU and wall seconds since the previous one ended. */
typedef struct phase_clock {
    ssot_phases *out;
    double cpu, wall;
} phase_clock;

static void phase_start(phase_clock *c, ssot_phases *out)
{
    c->out = out;
    c->cpu = cpu_seconds();
    c->wall = now_seconds();
}

static void phase_end(phase_clock *c, const char *name)
{
    double cpu = cpu_seconds(), wall = now_seconds();
    ssot_phases *p = c->out;
    if (p->count < SSOT_PHASE_MAX) {
        p->name[p->count] = name;
        p->cpu[p->count] = cpu - c->cpu;
        p->wall[p->count++] = wall - c->wall;
    }
    c->cpu = cpu;
    c->wall = wall;
}

/* Every file's selection, looked up once per configuration before the threads start. */
static ssot_status select_files(const ssot_engine_config *config, const ssot_file_list *files,
                                file_work *work, ssot_selections **own, char *err,
                                size_t err_size)
{
    ssot_selections *set = config->selections;
    const ssot_selection *fixed = NULL;
    *own = NULL;
    if (!set) {
        /* one selection from the `enabled` table for every file */
        *own = set = ssot_selections_new(NULL);
        fixed = ssot_selections_for(set, NULL, err, err_size);
        size_t nrules;
        ssot_rules(&nrules);
        if (config->enabled) {
            /* the caller chose each rule: every one it switched on is named */
            memcpy(((ssot_selection *)fixed)->enabled, config->enabled, nrules * sizeof(bool));
            memcpy(((ssot_selection *)fixed)->named, config->enabled, nrules * sizeof(bool));
        }
    }
    for (size_t i = 0; i < files->count; i++) {
        work[i].selection = fixed ? fixed
                                  : ssot_selections_for(set, files->items[i].config, err,
                                                        err_size);
        if (!work[i].selection)
            return SSOT_ERR_USAGE;
    }
    return SSOT_OK;
}

static int compare_rules(const void *a, const void *b)
{
    const ssot_rule *x = *(const ssot_rule *const *)a, *y = *(const ssot_rule *const *)b;
    return strcmp(x->code, y->code);
}

/* Every rule enabled on some file, one per code, sorted by code: reporters list them
 * (SARIF's rules, JUnit's suites). */
static void rules_that_ran(const engine_job *job, ssot_run *run)
{
    size_t nrules;
    const ssot_rule *const *registry = ssot_rules(&nrules);
    bool *on = ssot_calloc(nrules + 1, sizeof(bool));
    size_t custom_total = 0;
    for (size_t i = 0; i < job->files->count; i++) {
        const file_work *w = &job->work[i];
        for (size_t r = 0; r < nrules; r++)
            on[r] |= w->enabled[r];
        custom_total += w->selection->custom_count;
    }
    /* run rules (E codes, SS901) always run; SS900 only documents the custom rules, which
     * are listed under their own codes */
    for (size_t r = 0; r < nrules; r++)
        if (registry[r]->scope == SSOT_SCOPE_RUN)
            on[r] = strcmp(registry[r]->code, "SS900") != 0;
    run->rules = ssot_calloc(nrules + custom_total + 1, sizeof(*run->rules));
    for (size_t r = 0; r < nrules; r++)
        if (on[r])
            run->rules[run->rule_count++] = registry[r];
    for (size_t i = 0; i < job->files->count; i++) {
        const file_work *w = &job->work[i];
        for (size_t c = 0; c < w->selection->custom_count; c++) {
            const ssot_rule *rule = &w->selection->custom[c];
            bool seen = false;
            for (size_t k = 0; k < run->rule_count && !seen; k++)
                seen = !strcmp(run->rules[k]->code, rule->code);
            if (w->custom_enabled[c] && !seen)
                run->rules[run->rule_count++] = rule;
        }
    }
    qsort(run->rules, run->rule_count, sizeof(*run->rules), compare_rules);
    free(on);
}

/* Each distinct configuration's hash, computed once before the threads start. */
static void hash_configs(engine_job *job)
{
    const ssot_config *seen[16];
    uint64_t hashes[16];
    size_t n = 0;
    for (size_t i = 0; (job->cache || job->config->facts_out) && i < job->files->count; i++) {
        file_work *w = &job->work[i];
        const ssot_config *c = w->selection->config;
        size_t k = 0;
        while (k < n && seen[k] != c)
            k++;
        if (k < n) {
            w->config_hash = hashes[k];
            continue;
        }
        w->config_hash = ssot_cache_config_hash(c, job->config->root);
        if (n < sizeof(seen) / sizeof(*seen)) {
            seen[n] = c;
            hashes[n++] = w->config_hash;
        }
    }
}

/* Remove a folder this run made and everything in it (links are removed, not followed). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *path = ssot_asprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* File `i`'s key_hash: its configuration's hash, with what its front end's cache_key adds
 * (on this worker's parser). */
static void key_file(void *ctx, size_t i, unsigned worker)
{
    engine_job *job = ctx;
    file_work *w = &job->work[i];
    const ssot_frontend *fe = frontend_of(&job->files->items[i]);
    w->key_hash = w->config_hash;
    if (!fe->cache_key || job->parser_errors[ssot_frontend_index(fe)])
        return;
    uint64_t extra =
        fe->cache_key(job->parsers[worker * job->frontend_count + ssot_frontend_index(fe)],
                      &w->facts, job->config->root);
    uint64_t both[2] = {w->config_hash, extra};
    w->key_hash = XXH3_64bits(both, sizeof(both));
}

static void free_parsers(engine_job *job, unsigned threads)
{
    size_t n;
    const ssot_frontend *const *fes = ssot_frontends(&n);
    for (size_t i = 0; job->parsers && i < (size_t)threads * n; i++)
        if (job->parsers[i])
            fes[i % n]->parser_free(job->parsers[i]);
    free(job->parsers);
    job->parsers = NULL;
    for (unsigned t = 0; job->readers && t < threads; t++)
        ssot_facts_reader_free(job->readers[t]);
    free(job->readers);
    job->readers = NULL;
    for (size_t f = 0; job->parser_errors && f < n; f++)
        free(job->parser_errors[f]);
    free(job->parser_errors);
    job->parser_errors = NULL;
    if (job->scratch_tmp) {
        remove_tree(job->scratch_tmp);
        free(job->scratch_tmp);
        job->scratch_tmp = NULL;
    }
}

/* The folder handed to `parser_scratch`: the cache folder, else a temporary one of this run
 * (NULL when it cannot be made: the front ends then keep nothing). */
static const char *scratch_dir(engine_job *job)
{
    if (job->config->cache_dir)
        return job->config->cache_dir;
    if (!job->scratch_tmp) {
        const char *tmp = getenv("TMPDIR");
        char *tmpl = ssot_asprintf("%s/ssot-run-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (mkdtemp(tmpl))
            job->scratch_tmp = tmpl;
        else
            free(tmpl);
    }
    return job->scratch_tmp;
}

/* A parser per worker for each language some file is in. A language whose parser cannot be
 * made here (a grammar the runtime refuses, libclang missing) keeps the reason: its files
 * are reported as not analysed (E001) and the rest of the run goes on. */
static void make_parsers(engine_job *job, unsigned threads)
{
    size_t n;
    const ssot_frontend *const *fes = ssot_frontends(&n);
    job->frontend_count = n;
    job->parsers = ssot_calloc((size_t)threads * n + 1, sizeof(*job->parsers));
    job->readers = ssot_calloc((size_t)threads + 1, sizeof(*job->readers));
    for (unsigned t = 0; t < threads; t++)
        job->readers[t] = ssot_facts_reader_new();
    job->parser_errors = ssot_calloc(n + 1, sizeof(*job->parser_errors));
    bool *used = ssot_calloc(n + 1, sizeof(*used));
    for (size_t i = 0; i < job->files->count; i++)
        used[ssot_frontend_index(frontend_of(&job->files->items[i]))] = true;
    for (size_t f = 0; f < n; f++)
        for (unsigned t = 0; used[f] && t < threads; t++) {
            char err[512] = "";
            job->parsers[t * n + f] = fes[f]->parser_new(fes[f], err, sizeof(err));
            if (!job->parsers[t * n + f]) {
                job->parser_errors[f] = ssot_strdup(*err ? err : "no parser for this language");
                break;
            }
            const char *dir = fes[f]->parser_scratch ? scratch_dir(job) : NULL;
            if (dir)
                fes[f]->parser_scratch(job->parsers[t * n + f], dir);
        }
    free(used);
}

/* A shard's run: every file's facts and custom rule matches into the artifact. A file
 * outside the project root cannot be named portably: SSOT_ERR_USAGE. */
static ssot_status pack_files(engine_job *job, char *err, size_t err_size)
{
    for (size_t i = 0; i < job->files->count; i++) {
        const ssot_file_entry *entry = &job->files->items[i];
        const file_work *w = &job->work[i];
        const ssot_sink *sink = &job->sinks[i];
        if (!ssot_pack_path_ok(sink->root_file)) {
            snprintf(err, err_size, "%s: outside the project root %s: a facts artifact names "
                     "files relative to it", entry->path, job->config->root ? job->config->root
                                                                         : "(none)");
            return SSOT_ERR_USAGE;
        }
        ssot_pack_finding *found = ssot_calloc(sink->count + 1, sizeof(*found));
        for (size_t k = 0; k < sink->count; k++) {
            const ssot_diag *d = &sink->items[k];
            found[k] = (ssot_pack_finding){d->rule->code, {d->span, d->snippet}, d->message};
        }
        ssot_pack_file pf = {0};
        pf.path = sink->root_file;
        pf.size = (uint64_t)entry->size;
        pf.role = entry->role;
        pf.language = frontend_of(entry) ? frontend_of(entry)->name : NULL;
        pf.flags = (entry->pytest_file ? SSOT_PACK_PYTEST : 0) |
                   (w->facts.uncollected ? SSOT_PACK_UNCOLLECTED : 0) |
                   (entry->explicit ? SSOT_PACK_EXPLICIT : 0) |
                   (entry->context ? SSOT_PACK_CONTEXT : 0);
        if (w->unreadable)
            pf.flags |= SSOT_PACK_UNREADABLE;
        pf.module = entry->module;
        pf.config_path = entry->config_path;
        pf.config_id = w->config_hash;
        unsigned char *facts = ssot_facts_write(&w->facts, &pf.facts_len);
        pf.facts = facts;
        pf.findings = found;
        pf.finding_count = sink->count;
        ssot_pack_add(job->config->facts_out, &pf);
        free(facts);
        free(found);
    }
    return SSOT_OK;
}

/* ---- the run's findings kept whole: a warm run with nothing changed ---- */

/* A hash of the running binary, so that findings kept by one build are never shown by
 * another (a rule changed without a version bump); 0 when it cannot be read. */
static uint64_t binary_identity(void)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    char buf[1 << 16];
    ssize_t n;
    bool ok = true;
    while ((n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0) {
            ok = false;
            break;
        }
        XXH3_64bits_update(st, buf, (size_t)n);
    }
    close(fd);
    uint64_t h = ok ? XXH3_64bits_digest(st) | 1 : 0;
    XXH3_freeState(st);
    return h;
}

static void hash_str(XXH3_state_t *st, const char *s)
{
    XXH3_128bits_update(st, s ? s : "", s ? strlen(s) + 1 : 1);
    XXH3_128bits_update(st, s ? "+" : "-", 1); /* NULL differs from "" */
}

static void hash_u64(XXH3_state_t *st, uint64_t v)
{
    XXH3_128bits_update(st, &v, sizeof(v));
}

/* The key of everything a run's findings come from: the binary, the project root, the
 * default size limit, and per file its path, text hash, configuration, role, flags, whether
 * it is reported and which rules run on it. False when a file has no text hash (it could
 * not be read) or its facts did not read back (E008): the run is not kept. */
static bool run_key(const engine_job *job, uint64_t binary, ssot_cache_key *out)
{
    if (!binary)
        return false;
    size_t nrules;
    ssot_rules(&nrules);
    XXH3_state_t *st = XXH3_createState();
    XXH3_128bits_reset(st);
    hash_u64(st, binary);
    hash_u64(st, SSOT_RUN_CACHE_FORMAT);
    hash_str(st, job->config->root);
    hash_u64(st, job->config->max_file_bytes);
    hash_u64(st, job->files->count);
    bool ok = true;
    for (size_t i = 0; i < job->files->count && ok; i++) {
        const ssot_file_entry *e = &job->files->items[i];
        const file_work *w = &job->work[i];
        ok = w->has_text && !e->problem && !w->facts_unread;
        hash_str(st, e->path);
        hash_u64(st, w->text.hi);
        hash_u64(st, w->text.lo);
        hash_u64(st, w->key_hash);
        hash_str(st, e->module);
        hash_str(st, e->config_path);
        uint64_t flags = (uint64_t)e->role | (uint64_t)e->pytest_file << 8 |
                         (uint64_t)e->uncollected << 9 | (uint64_t)e->explicit << 10 |
                         (uint64_t)e->context << 11 | (uint64_t)reported(job, i) << 12;
        hash_u64(st, flags);
        hash_str(st, frontend_of(e)->name);
        XXH3_128bits_update(st, w->enabled, nrules * sizeof(bool));
        hash_u64(st, w->selection->custom_count);
        XXH3_128bits_update(st, w->custom_enabled, w->selection->custom_count * sizeof(bool));
    }
    XXH128_hash_t h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    *out = (ssot_cache_key){h.high64, h.low64};
    return ok;
}

/* A kept finding's rule: one of the file's custom rules, else the registry's. */
static const ssot_rule *kept_rule(void *ctx, size_t file, const char *code)
{
    const engine_job *job = ctx;
    const ssot_selection *sel = job->work[file].selection;
    for (size_t c = 0; c < sel->custom_count; c++)
        if (!strcmp(sel->custom[c].code, code))
            return &sel->custom[c];
    const ssot_rule *rule = ssot_rule_find(code);
    return rule && !strcmp(rule->code, code) ? rule : NULL;
}

/* Every file's findings from the run kept under this run's key, when every file's text hash
 * is known from the metadata table (nothing read, nothing loaded). */
static bool restore_run(engine_job *job, uint64_t binary, ssot_cache_key *key)
{
    for (size_t i = 0; i < job->files->count; i++) {
        const ssot_file_entry *e = &job->files->items[i];
        file_work *w = &job->work[i];
        size_t max_bytes = max_bytes_of(job, w);
        struct stat st;
        if (e->problem || !stat_entry(e, &st))
            return false;
        if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
            w->text = too_large_hash(st.st_size, max_bytes);
            w->has_text = true;
        } else if (!known_text(job, i, &st, max_bytes)) {
            return false;
        }
    }
    if (!run_key(job, binary, key))
        return false;
    size_t len = 0;
    bool touched;
    unsigned char *data = ssot_cache_load_run(job->cache, *key, &len, &touched);
    bool ok = data && ssot_run_cache_read(data, len, job->sinks, job->stats, job->files->count,
                                          kept_rule, job);
    free(data);
    /* once a day at most: the facts entries behind the kept run stay as long as it does */
    for (size_t i = 0; ok && touched && i < job->files->count; i++) {
        const file_work *w = &job->work[i];
        ssot_cache_touch(job->cache, ssot_cache_key_of(w->text, &w->facts,
                                                       job->sinks[i].root_file, w->key_hash));
    }
    return ok;
}

static void keep_run(const engine_job *job, uint64_t binary)
{
    ssot_cache_key key;
    if (!run_key(job, binary, &key))
        return;
    size_t len;
    unsigned char *data = ssot_run_cache_write(job->sinks, job->stats, job->files->count, &len);
    ssot_cache_store_run(job->cache, key, data, len);
    free(data);
}

/* The entries this run's files used, for the next run's prefetch. */
static void keep_keys(const engine_job *job)
{
    ssot_cache_key *keys = ssot_malloc((job->files->count + 1) * sizeof(*keys));
    size_t n = 0;
    for (size_t i = 0; i < job->files->count; i++)
        if (job->work[i].keyed)
            keys[n++] = job->work[i].key;
    ssot_cache_store_keys(job->cache, keys, n);
    free(keys);
}

static void free_work(file_work *work, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        ssot_arena_free(work[i].arena);
        if (work[i].own_switches) {
            free(work[i].enabled);
            free(work[i].custom_enabled);
        }
    }
    free(work);
}

/* The passes after the modules are indexed, in three independent parts: duplicates (the
 * files' definitions and imports), shared state (classes' states, module-level bindings and
 * imports), and the test passes (the test files' classes and functions indexed, then testid,
 * doubles and policy). None reads what another writes: duplicates writes only the
 * definitions' `dup`, shared state the classes' and bindings' resolved state, the test passes
 * the test functions and classes and their own tables; the path aliases, which rename
 * imports, are done before. Duplicates and shared state each get a view of the index with an
 * arena of their own, the one thing the parts would otherwise share. */
typedef struct resolve_job {
    ssot_index *index;
    ssot_index dup_view, state_view;
} resolve_job;

enum { RESOLVE_TESTS, RESOLVE_DUPLICATES, RESOLVE_SHARED_STATE, RESOLVE_PARTS };

static void resolve_part(void *ctx, size_t item, unsigned worker)
{
    (void)worker;
    resolve_job *r = ctx;
    switch (item) { /* the longest first: the thread with duplicates then takes shared state */
    case RESOLVE_TESTS:
        for (size_t i = 0; i < r->index->files.count; i++)
            ssot_index_add_tests(r->index, i);
        ssot_testid_resolve(r->index);
        ssot_doubles_resolve(r->index);
        ssot_policy_resolve(r->index);
        break;
    case RESOLVE_DUPLICATES:
        ssot_duplicates_resolve(&r->dup_view); /* DD: clusters of duplicated definitions */
        break;
    default:
        ssot_shared_state_resolve(&r->state_view); /* SG: what module-level objects hold */
        break;
    }
}

/* Resolve across files, then run the file rules. */
static void resolve_and_check(engine_job *job, unsigned threads, phase_clock *clock)
{
    size_t count = job->files->count;
    ssot_index *index = ssot_index_new();
    for (size_t i = 0; i < count; i++)
        ssot_index_add_module(index, &job->work[i].facts, reported(job, i));
    ssot_aliases_resolve(index); /* `@/lib/x` imports named as the project's modules */
    resolve_job r = {index, *index, *index};
    r.dup_view.arena = ssot_arena_new();
    r.state_view.arena = ssot_arena_new();
    if (threads > 1) {
        phase_end(clock, "index");
        /* one stage on two threads: the per-pass figures are the one-thread run's */
        ssot_pool_run(2, RESOLVE_PARTS, resolve_part, &r);
        phase_end(clock, "resolve");
    } else {
        for (size_t i = 0; i < count; i++)
            ssot_index_add_tests(index, i);
        phase_end(clock, "index");
        ssot_testid_resolve(index);
        phase_end(clock, "testid");
        ssot_doubles_resolve(index);
        phase_end(clock, "doubles");
        ssot_policy_resolve(index);
        phase_end(clock, "policy");
        resolve_part(&r, RESOLVE_SHARED_STATE, 0);
        phase_end(clock, "shared_state");
        resolve_part(&r, RESOLVE_DUPLICATES, 0);
        phase_end(clock, "duplicates");
    }

    ssot_progress_stage(job->config->progress, "checking", count);
    ssot_pool_run(threads, count, check_file, job);
    ssot_index_free(index);
    ssot_arena_free(r.dup_view.arena);
    ssot_arena_free(r.state_view.arena);
    phase_end(clock, "check");
}

ssot_status ssot_engine_run(const ssot_engine_config *config, const ssot_file_list *files,
                            ssot_run *run, char *err, size_t err_size)
{
    memset(run, 0, sizeof(*run));
    double start = now_seconds();
    phase_clock clock;
    phase_start(&clock, &run->phases);
    unsigned threads = config->threads ? config->threads : 1;
    engine_job job = {0};
    job.config = config;
    job.files = files;
    job.work = ssot_calloc(files->count + 1, sizeof(*job.work));
    ssot_selections *own_selections;
    if (select_files(config, files, job.work, &own_selections, err, err_size) != SSOT_OK) {
        ssot_selections_free(own_selections);
        free_work(job.work, files->count);
        return SSOT_ERR_USAGE;
    }
    job.sinks = ssot_calloc(files->count + 1, sizeof(*job.sinks));
    job.stats = ssot_calloc(files->count + 1, sizeof(*job.stats));
    atomic_init(&job.explicit_failures, 0);
    atomic_init(&job.bad_facts, 0);
    make_parsers(&job, threads);

    char *cwd = ssot_config_cwd();
    for (size_t i = 0; i < files->count; i++)
        prepare_file(&job, i, cwd);
    free(cwd);
    if (config->cache_dir)
        job.cache = ssot_cache_open(config->cache_dir);
    hash_configs(&job); /* for the cache's keys, and a shard's record of each configuration */
    if (job.cache)
        ssot_pool_run(threads, files->count, key_file, &job);
    /* a run over the files on disk, checked here, can be kept whole and restored */
    bool keepable = job.cache && !config->read && !config->checked && !config->facts_in &&
                    !config->facts_out && !config->overlay_path;
    uint64_t binary = keepable ? binary_identity() : 0;
    ssot_cache_key key;
    bool restored = keepable && restore_run(&job, binary, &key);
    /* what was read while the files were found is all there will be */
    ssot_prefetch_stop(config->prefetch);
    if (!restored) {
        ssot_progress_stage(config->progress, "parsing", files->count);
        job.order = largest_first(files);
        ssot_pool_run(threads, files->count, extract_file, &job);
        free(job.order);
    }
    free_parsers(&job, threads);
    ssot_ts_memory_trim(); /* no tree is left: the parse trees' pages go back */
    if (!keepable) {
        ssot_cache_free(job.cache);
        job.cache = NULL;
    }

    if (config->facts_out) {
        ssot_status st = pack_files(&job, err, err_size);
        run->sinks = job.sinks;
        run->stats = job.stats;
        run->sink_count = files->count;
        run->explicit_failures = atomic_load(&job.explicit_failures);
        free_work(job.work, files->count);
        ssot_selections_free(own_selections);
        run->seconds = now_seconds() - start;
        if (st != SSOT_OK)
            ssot_run_fini(run);
        return st;
    }
    size_t bad = atomic_load(&job.bad_facts);
    if (bad) {
        snprintf(err, err_size, "%s: its facts in the artifact do not read back (corrupt)",
                 files->items[bad - 1].path);
        run->sinks = job.sinks;
        run->stats = job.stats;
        run->sink_count = files->count;
        free_work(job.work, files->count);
        ssot_selections_free(own_selections);
        ssot_run_fini(run);
        return SSOT_ERR_INPUT;
    }
    phase_end(&clock, "extract");
    for (size_t i = 0; i < files->count; i++)
        run->facts_bytes += sizeof(ssot_facts) + ssot_arena_bytes(job.work[i].arena);

    if (!restored) {
        resolve_and_check(&job, threads, &clock);
        if (keepable) {
            keep_run(&job, binary);
            keep_keys(&job);
        }
    }
    ssot_cache_free(job.cache);

    size_t total = 0;
    for (size_t i = 0; i < files->count; i++)
        total += job.sinks[i].count;
    run->diags = ssot_calloc(total + 1, sizeof(*run->diags));
    for (size_t i = 0; i < files->count; i++) {
        ssot_severity fail_on = job.work[i].selection->fail_on;
        for (size_t k = 0; k < job.sinks[i].count; k++) {
            const ssot_diag *d = &job.sinks[i].items[k];
            run->diags[run->diag_count++] = d;
            ((ssot_diag *)d)->at_fail_level = d->severity >= fail_on;
            run->suppressed_count += d->suppressed;
            run->failing_count += !d->suppressed && d->severity >= fail_on;
        }
    }
    ssot_diags_finish(run->diags, run->diag_count);

    run->explicit_failures = atomic_load(&job.explicit_failures);
    if (run->explicit_failures) {
        for (size_t i = 0; i < run->diag_count; i++)
            if (!strcmp(run->diags[i]->rule->code, "E001")) {
                snprintf(run->first_failure, sizeof(run->first_failure), "%s: %s",
                         run->diags[i]->path, run->diags[i]->message);
                break;
            }
    }
    rules_that_ran(&job, run);
    run->sinks = job.sinks;
    run->stats = job.stats;
    run->sink_count = files->count;
    for (size_t i = 0; i < files->count; i++)
        run->files_checked += reported(&job, i);
    free_work(job.work, files->count);
    ssot_selections_free(own_selections);
    phase_end(&clock, "gather");
    run->seconds = now_seconds() - start;
    return SSOT_OK;
}

ssot_status ssot_engine_run_with_text(const ssot_engine_config *config,
                                      const ssot_file_list *files, const char *path,
                                      const char *text, size_t len, ssot_run *run, char *err,
                                      size_t err_size)
{
    ssot_engine_config with_text = *config;
    with_text.overlay_path = path;
    with_text.overlay_text = text;
    with_text.overlay_len = len;
    return ssot_engine_run(&with_text, files, run, err, err_size);
}

void ssot_run_fini(ssot_run *run)
{
    for (size_t i = 0; i < run->sink_count; i++)
        ssot_sink_fini(&run->sinks[i]);
    free(run->sinks);
    free(run->stats);
    free(run->diags);
    free(run->rules);
    memset(run, 0, sizeof(*run));
}
