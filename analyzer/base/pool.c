/* analyzer/base/pool.c - a parallel for over items with an atomic work index. */
#include "analyzer/base/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"

typedef struct pool_run {
    ssot_pool_job job;
    void *ctx;
    size_t count;
    atomic_size_t next;
} pool_run;

typedef struct worker_arg {
    pool_run *run;
    unsigned worker;
} worker_arg;

static void *worker_main(void *p)
{
    worker_arg *a = p;
    for (;;) {
        size_t i = atomic_fetch_add(&a->run->next, 1);
        if (i >= a->run->count)
            break;
        a->run->job(a->run->ctx, i, a->worker);
    }
    return NULL;
}

unsigned ssot_pool_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (unsigned)n;
}

int ssot_pool_run(unsigned threads, size_t count, ssot_pool_job job, void *ctx)
{
    pool_run run = {job, ctx, count, 0};
    if (threads < 1)
        threads = 1;
    if (threads > count)
        threads = count ? (unsigned)count : 1;
    pthread_t *ids = ssot_calloc(threads, sizeof(*ids));
    worker_arg *args = ssot_calloc(threads, sizeof(*args));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8u << 20); /* the walkers recurse per statement */
    unsigned started = 0;
    int rc = 0;
    for (unsigned t = 1; t < threads; t++) {
        args[t].run = &run;
        args[t].worker = t;
        if (pthread_create(&ids[t], &attr, worker_main, &args[t]) != 0) {
            rc = -1;
            break;
        }
        started++;
    }
    pthread_attr_destroy(&attr);
    args[0].run = &run;
    args[0].worker = 0;
    worker_main(&args[0]);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(ids[t], NULL);
    free(ids);
    free(args);
    return rc;
}
