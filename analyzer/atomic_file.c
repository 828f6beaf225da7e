/* analyzer/atomic_file.c - temporary file beside the target (mkstemp), then fsync and
 * rename(2), which replaces the target in one step on POSIX file systems; for new cache
 * entries an unnamed O_TMPFILE file linked into place. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "analyzer/atomic_file.h"

#include <fcntl.h>

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

void ssot_atomic_abort(ssot_atomic_file *file)
{
    if (!file)
        return;
    fclose(file->stream);
    unlink(file->temp);
    release(file);
}

static bool write_all(int fd, const unsigned char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* A new file that appears complete in one directory operation: an unnamed file
 * (O_TMPFILE) linked under its name once written. */
static bool write_linked(const char *path, const unsigned char *data, size_t len)
{
#ifdef O_TMPFILE
    const char *slash = strrchr(path, '/');
    char *dir = slash ? ssot_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : ssot_strdup(".");
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    free(dir);
    if (fd < 0)
        return false;
    char proc[64];
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    bool ok = write_all(fd, data, len) &&
              linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0;
    close(fd);
    return ok;
#else
    (void)path;
    (void)data;
    (void)len;
    return false;
#endif
}

ssot_status ssot_atomic_write_unsynced(const char *path, const void *data, size_t len,
                                       char *err, size_t err_size)
{
    if (write_linked(path, data, len))
        return SSOT_OK;
    ssot_atomic_file *file = ssot_atomic_open(path, err, err_size);
    if (!file)
        return SSOT_ERR_IO;
    if (fwrite(data, 1, len, file->stream) != len) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno ? errno : EIO));
        ssot_atomic_abort(file);
        return SSOT_ERR_IO;
    }
    return commit(file, false, 0644, err, err_size);
}
