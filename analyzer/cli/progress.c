/* analyzer/cli/progress.c - the progress line: a pthread wakes every 100 ms (or at a new stage,
 * or when told to stop), and past the delay redraws `\r...\033[K` with the current stage and count. Counts
 * are atomics; the stage name is guarded by the mutex. */
#include "analyzer/cli/progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "analyzer/base/alloc.h"

struct ssot_progress {
    FILE *out;
    double delay;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;          /* guarded by lock */
    const char *stage;  /* guarded by lock; static strings */
    size_t total;       /* guarded by lock */
    atomic_size_t done;
    bool drawn;         /* the thread's own */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run(void *arg)
{
    ssot_progress *p = arg;
    double start = now();
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        if (p->stage && now() - start >= p->delay) {
            size_t done = atomic_load(&p->done);
            fprintf(p->out, "\rssot: %s %zu/%zu files\033[K", p->stage,
                    done < p->total ? done : p->total, p->total);
            fflush(p->out);
            p->drawn = true;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&p->wake, &p->lock, &until);
    }
    if (p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

ssot_progress *ssot_progress_new(FILE *out, double delay)
{
    ssot_progress *p = ssot_calloc(1, sizeof(*p));
    p->out = out;
    p->delay = delay;
    atomic_init(&p->done, 0);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        pthread_cond_destroy(&p->wake);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

void ssot_progress_stage(ssot_progress *p, const char *stage, size_t total)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stage = stage;
    p->total = total;
    atomic_store(&p->done, 0);
    pthread_cond_signal(&p->wake); /* a new stage is drawn at once (past the delay) */
    pthread_mutex_unlock(&p->lock);
}

void ssot_progress_tick(ssot_progress *p)
{
    if (p)
        atomic_fetch_add_explicit(&p->done, 1, memory_order_relaxed);
}

void ssot_progress_free(ssot_progress *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
