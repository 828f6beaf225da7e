/* analyzer/base/pool.h - run a job over N items on a fixed number of threads (pthreads).
 * Workers take the next item from an atomic counter; each has its own state. */
#ifndef SSOT_ANALYZER_POOL_H
#define SSOT_ANALYZER_POOL_H

#include <stddef.h>

/* Called once per item on some worker; `worker` is 0..threads-1 and indexes per-thread
 * state the caller keeps. */
typedef void (*ssot_pool_job)(void *ctx, size_t item, unsigned worker);

/* Run `job` over items 0..count-1 on `threads` threads (1 runs on the caller's thread)
 * and return when all are done. Returns 0, or -1 when no thread could be started (the
 * items then run on the caller's thread). */
int ssot_pool_run(unsigned threads, size_t count, ssot_pool_job job, void *ctx);

/* The number of online processors, at least 1. */
unsigned ssot_pool_default_threads(void);

#endif /* SSOT_ANALYZER_POOL_H */
