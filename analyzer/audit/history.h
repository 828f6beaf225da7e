/* analyzer/audit/history.h - the audit's history store: one SQLite file holding a summary of
 * each recorded run (commit, date, per-module and per-rule counts, grades), its schema
 * versioned (PRAGMA user_version) and marked as ssot's (PRAGMA application_id), each run
 * appended in one transaction. */
#ifndef SSOT_ANALYZER_AUDIT_HISTORY_H
#define SSOT_ANALYZER_AUDIT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/audit/audit.h"
#include "analyzer/base/status.h"

/* The schema this ssot writes and reads; a file with a higher one was written by a newer
 * ssot and is left alone. */
enum { SSOT_HISTORY_SCHEMA = 1 };
/* "SSOT" in the database header's application id. */
enum { SSOT_HISTORY_APPLICATION_ID = 0x53534f54 };

typedef struct ssot_history ssot_history;

/* Open the history at `path` to read it, and to append to it when `write` (a missing file
 * is then created with the schema). A missing file opened to read gives SSOT_OK with *out
 * NULL: there is no history yet. A file that is not an ssot history, is corrupt, or has a
 * newer schema gives SSOT_ERR_INPUT and one line in `err` naming the file and the problem;
 * the file is not changed. The caller closes *out with ssot_history_close. */
ssot_status ssot_history_open(const char *path, bool write, ssot_history **out, char *err,
                              size_t err_size);
void ssot_history_close(ssot_history *history); /* NULL is a no-op */

/* Append the audit's summary: the run (commit, date, totals, grade), one row per folder and
 * one per rule, in one transaction: on failure nothing is written (SSOT_ERR_IO, `err`). */
ssot_status ssot_history_record(ssot_history *history, const ssot_audit *audit, char *err,
                                size_t err_size);

/* Every recorded run, oldest first, as trend points (*points owned by the caller: free
 * each with ssot_audit_point_fini, then the array). SSOT_ERR_INPUT on a read error. */
ssot_status ssot_history_points(ssot_history *history, ssot_audit_point **points,
                                size_t *count, char *err, size_t err_size);

/* The folders' rows of the recorded runs as points (`point`: the run's index among
 * ssot_history_points, oldest first), for runs from index `first_run` on. *points owned by
 * the caller (ssot_audit_module_point_fini each, then the array). SSOT_ERR_INPUT on a read
 * error. */
ssot_status ssot_history_module_points(ssot_history *history, size_t first_run,
                                       ssot_audit_module_point **points, size_t *count,
                                       char *err, size_t err_size);

#endif /* SSOT_ANALYZER_AUDIT_HISTORY_H */
