/* analyzer/cli/progress.h - a progress line on a terminal for long runs: `ssot: parsing
 * 812/1790 files`, redrawn in place by a thread of its own once the run has taken longer
 * than a delay, and erased when the run ends. The engine only counts. */
#ifndef SSOT_ANALYZER_PROGRESS_H
#define SSOT_ANALYZER_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct ssot_progress ssot_progress;

/* Start a reporter that writes to `out` (a terminal) after `delay` seconds. Returns NULL
 * when its thread cannot start; every function here accepts NULL and then does nothing. */
ssot_progress *ssot_progress_new(FILE *out, double delay);
/* A new stage (`parsing`, `checking`) of `total` files; called between stages. */
void ssot_progress_stage(ssot_progress *p, const char *stage, size_t total);
/* One more file done in the current stage; safe from any thread. */
void ssot_progress_tick(ssot_progress *p);
/* Stop the thread, erase the line if one was drawn, and free. */
void ssot_progress_free(ssot_progress *p);

#endif /* SSOT_ANALYZER_PROGRESS_H */
