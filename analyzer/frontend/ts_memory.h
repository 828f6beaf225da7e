/* analyzer/frontend/ts_memory.h - what tree-sitter holds, counted per thread, so that a parse
 * can be stopped when its tree grows past a budget (a file of `1+1+...` makes a node of every
 * byte: 8 MiB of it is a tree of over a gigabyte). */
#ifndef SSOT_ANALYZER_FRONTEND_TS_MEMORY_H
#define SSOT_ANALYZER_FRONTEND_TS_MEMORY_H

#include <stdbool.h>

/* Route tree-sitter's allocations through the counting allocator. Safe to call from any
 * thread, any number of times: the first call installs it. Memory tree-sitter took before
 * is freed as usual. Returns false where allocations cannot be measured (no
 * malloc_usable_size): then no budget applies. */
bool ssot_ts_memory_install(void);

/* Give the pages of the range's chunks back to the system (they stay resident after the
 * trees in them are deleted: 15 MB after the largest file of the CPython standard library)
 * and start the range over; each thread's free lists are emptied at its next allocation.
 * Only when no tree-sitter object allocated since the last trim is alive on any thread:
 * every parser, tree and cursor deleted (the engine calls it once extraction's parsers are
 * freed and its workers joined). Can't fail; without a range it does nothing. */
void ssot_ts_memory_trim(void);

/* Bytes tree-sitter allocated on this thread minus the bytes it freed on this thread: the
 * difference of two readings is what a parse between them kept. */
long long ssot_ts_memory_live(void);

#endif /* SSOT_ANALYZER_FRONTEND_TS_MEMORY_H */
