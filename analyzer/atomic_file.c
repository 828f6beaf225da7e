/* analyzer/atomic_file.c - temporary file beside the target (mkstemp), then fsync and
 * rename(2), which replaces the target in one step on POSIX file systems. */
#include "analyzer/atomic_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/alloc.h"

struct ssot_atomic_file {
    char *path;     /* owned: the target */
    char *temp;     /* owned: the temporary file beside it */
    FILE *stream;   /* owned */
};

ssot_atomic_file *ssot_atomic_open(const char *path, char *err, size_t err_size)
{
    const char *slash = strrchr(path, '/');
    char *temp = slash ? ssot_asprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                       : ssot_asprintf(".%s.XXXXXX", path);
    int fd = mkstemp(temp);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        free(temp);
        return NULL;
    }
    FILE *stream = fdopen(fd, "w");
    if (!stream) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(temp);
        free(temp);
        return NULL;
    }
    ssot_atomic_file *file = ssot_calloc(1, sizeof(*file));
    file->path = ssot_strdup(path);
    file->temp = temp;
    file->stream = stream;
    return file;
}

FILE *ssot_atomic_stream(ssot_atomic_file *file)
{
    return file->stream;
}

static void release(ssot_atomic_file *file)
{
    free(file->path);
    free(file->temp);
    free(file);
}

/* The mode a new file would get (0666 minus the umask), or the replaced file's. */
static mode_t target_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 07777;
    mode_t mask = umask(022); /* reading the umask means setting it: put it back at once */
    umask(mask);
    return 0666 & ~mask;
}

static ssot_status commit(ssot_atomic_file *file, bool sync, mode_t mode, char *err,
                          size_t err_size)
{
    int fd = fileno(file->stream);
    bool ok = fflush(file->stream) == 0 && !ferror(file->stream) && (!sync || fsync(fd) == 0) &&
              fchmod(fd, mode) == 0;
    int e = ok ? 0 : errno;
    if (fclose(file->stream) != 0 && ok) {
        e = errno;
        ok = false;
    }
    if (ok && rename(file->temp, file->path) != 0) {
        e = errno;
        ok = false;
    }
    if (!ok) {
        snprintf(err, err_size, "%s: cannot write: %s", file->path, strerror(e ? e : EIO));
        unlink(file->temp);
        release(file);
        return SSOT_ERR_IO;
    }
    release(file);
    return SSOT_OK;
}

ssot_status ssot_atomic_commit(ssot_atomic_file *file, char *err, size_t err_size)
{
    return commit(file, true, target_mode(file->path), err, err_size);
}

ssot_status ssot_atomic_commit_unsynced(ssot_atomic_file *file, char *err, size_t err_size)
{
    return commit(file, false, 0644, err, err_size);
}

void ssot_atomic_abort(ssot_atomic_file *file)
{
    if (!file)
        return;
    fclose(file->stream);
    unlink(file->temp);
    release(file);
}
