/* analyzer/facts/prefetch.c - the previous run's entries read on a thread beside discovery (see
 * prefetch.h): in the order their keys were kept, each into an arena of its own, until the
 * engine asks for them. */
#include "analyzer/facts/prefetch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "analyzer/base/keymap.h"

typedef struct fetched {
    ssot_facts facts;
    ssot_arena *arena; /* NULL: not read, or taken */
    atomic_bool taken;
} fetched;

struct ssot_prefetch {
    ssot_cache *cache;
    ssot_cache_key *keys;
    size_t count;
    fetched *items;     /* per key */
    size_t read;        /* items[0..read) were tried (written by the thread, read after join) */
    ssot_keymap *by_key;
    atomic_bool stop;
    bool joined;
    pthread_t thread;
};

static ssot_key key_of(ssot_cache_key k)
{
    return (ssot_key){k.lo, k.hi};
}

static void *prefetch_main(void *arg)
{
    ssot_prefetch *p = arg;
    ssot_facts_reader *reader = ssot_facts_reader_new();
    size_t i = 0;
    for (; i < p->count && !atomic_load_explicit(&p->stop, memory_order_relaxed); i++) {
        fetched *f = &p->items[i];
        f->arena = ssot_arena_new();
        if (!ssot_cache_load_lazy(p->cache, p->keys[i], reader, &f->facts, f->arena)) {
            ssot_arena_free(f->arena);
            f->arena = NULL;
        }
    }
    p->read = i;
    ssot_facts_reader_free(reader);
    return NULL;
}

ssot_prefetch *ssot_prefetch_start(const char *dir)
{
    ssot_cache *cache = ssot_cache_open_entries(dir);
    size_t count = 0;
    ssot_cache_key *keys = cache ? ssot_cache_load_keys(cache, &count) : NULL;
    if (!count) {
        free(keys);
        ssot_cache_free(cache);
        return NULL;
    }
    ssot_prefetch *p = ssot_calloc(1, sizeof(*p));
    p->cache = cache;
    p->keys = keys;
    p->count = count;
    p->items = ssot_calloc(count, sizeof(*p->items));
    atomic_init(&p->stop, false);
    /* no thread: nothing is read, and every take misses */
    p->joined = pthread_create(&p->thread, NULL, prefetch_main, p) != 0;
    return p;
}

/* Join the thread (after it read everything, or stopped) and index what it read. */
static void join(ssot_prefetch *p)
{
    if (p->joined)
        return;
    pthread_join(p->thread, NULL);
    p->joined = true;
    p->by_key = ssot_keymap_new();
    for (size_t i = 0; i < p->read; i++)
        if (p->items[i].arena)
            ssot_keymap_add(p->by_key, key_of(p->keys[i]), (uint32_t)i);
}

void ssot_prefetch_stop(ssot_prefetch *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, true);
    join(p);
}

void ssot_prefetch_wait(ssot_prefetch *p)
{
    if (p)
        join(p);
}

bool ssot_prefetch_take(ssot_prefetch *p, ssot_cache_key key, ssot_facts *facts,
                        ssot_arena **arena)
{
    if (!p || !p->by_key)
        return false;
    uint32_t i = ssot_keymap_value(p->by_key, key_of(key), UINT32_MAX);
    if (i == UINT32_MAX || atomic_exchange(&p->items[i].taken, true))
        return false;
    *facts = p->items[i].facts;
    *arena = p->items[i].arena;
    p->items[i].arena = NULL;
    return true;
}

void ssot_prefetch_free(ssot_prefetch *p)
{
    if (!p)
        return;
    ssot_prefetch_stop(p);
    for (size_t i = 0; i < p->count; i++)
        ssot_arena_free(p->items[i].arena);
    free(p->items);
    free(p->keys);
    ssot_keymap_free(p->by_key);
    ssot_cache_free(p->cache);
    free(p);
}
