/* analyzer/base/atomic_file.h - write a file all at once or not at all: the text goes to a
 * temporary file in the same folder, which is renamed over the target when complete. A
 * reader never sees half a report or half a baseline. Only regular files are replaced: a
 * symlink is followed (its target is replaced in the target's folder), and character
 * devices, FIFOs and /dev/stdout-style names are written through, never turned into files. */
#ifndef SSOT_ANALYZER_ATOMIC_FILE_H
#define SSOT_ANALYZER_ATOMIC_FILE_H

#include <stdio.h>

#include "analyzer/base/status.h"

typedef struct ssot_atomic_file ssot_atomic_file;

/* Start writing `path`. Returns NULL with a one-line message in `err` when the temporary
 * file cannot be created (a missing folder, no permission) or `path` is something a report
 * cannot go to (a folder, a block device, a socket, a symlink loop). May block on a FIFO
 * until a reader opens it, as a shell redirection does. */
ssot_atomic_file *ssot_atomic_open(const char *path, char *err, size_t err_size);
/* The stream to write to; owned by the atomic file. */
FILE *ssot_atomic_stream(ssot_atomic_file *file);
/* Flush and sync what was written, leaving the target alone until ssot_atomic_commit: a
 * caller that must do something else only once the file is written whole (record a run
 * beside its report) calls this first, so that a failed write (a full disk, `/dev/full`)
 * shows before it. Returns SSOT_ERR_IO with a message when the bytes cannot be written;
 * `file` stays open either way (commit or abort it). */
ssot_status ssot_atomic_sync(ssot_atomic_file *file, char *err, size_t err_size);
/* Flush, sync and rename over the target (mode 0666 minus the umask, or the mode of the
 * file it replaces), then free `file`. On failure the target is untouched, the temporary
 * file removed, and SSOT_ERR_IO returned with a message. A written-through file is only
 * flushed; a failed write (`/dev/full`) is SSOT_ERR_IO too. */
ssot_status ssot_atomic_commit(ssot_atomic_file *file, char *err, size_t err_size);
/* Write `data` as `path` without fsync and with mode 0644, for files worth nothing when
 * torn (cache entries carry a checksum); leaves the process umask alone, so it is
 * thread-safe. Where the file system has O_TMPFILE and `path` does not exist yet, the data
 * goes to an unnamed file linked under `path` when complete: one directory operation
 * instead of a create and a rename. Otherwise (and to replace a file) a temporary file and
 * rename, as above. */
ssot_status ssot_atomic_write_unsynced(const char *path, const void *data, size_t len,
                                       char *err, size_t err_size);
/* Give up: remove the temporary file and free `file`. NULL is a no-op. */
void ssot_atomic_abort(ssot_atomic_file *file);
/* Remove every temporary file still being written, for a SIGINT/SIGTERM handler: uses
 * only async-signal-safe calls, and leaves the bookkeeping alone (the process must end). */
void ssot_atomic_remove_temps(void);

#endif /* SSOT_ANALYZER_ATOMIC_FILE_H */
