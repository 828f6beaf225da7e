/* analyzer/cli/watch.h - --watch: run again on every change of the checked files. */
#ifndef SSOT_ANALYZER_CLI_WATCH_H
#define SSOT_ANALYZER_CLI_WATCH_H

#include <stddef.h>
#include <stdio.h>

#include "analyzer/base/status.h"

typedef void ssot_watch_fn(void *ctx);

/* Call `run(ctx)` now, then after each change to a Python, configuration or ignore file in
 * the folders of `paths` (walked, tool folders skipped; new folders are watched as they
 * appear), within a second of it; on a terminal `screen` is cleared before each re-run.
 * Returns SSOT_OK when SIGINT or SIGTERM arrives while waiting, SSOT_ERR_IO with a message
 * when inotify cannot be set up. */
ssot_status ssot_watch_run(const char *const *paths, size_t count, ssot_watch_fn *run,
                           void *ctx, FILE *screen, char *err, size_t err_size);

#endif /* SSOT_ANALYZER_CLI_WATCH_H */
