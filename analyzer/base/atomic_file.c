/* analyzer/base/atomic_file.c - temporary file beside the target (mkstemp), then fsync and
 * rename(2), which replaces the target in one step on POSIX file systems; for new cache
 * entries an unnamed O_TMPFILE file linked into place. Symlinks are resolved first, so the
 * file replaced is the link's target; devices and FIFOs are written through. Temporary
 * files being written are listed where a signal handler can remove them. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "analyzer/base/atomic_file.h"

#include <fcntl.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"

struct ssot_atomic_file {
    char *path;   /* owned: the file written: the target with its symlinks followed */
    char *temp;   /* owned: the temporary file beside it; NULL when writing through */
    FILE *stream; /* owned */
    int slot;     /* the temporary file's place in `temps`, or -1 */
};

/* ---- temporary files a signal handler removes ---- */

enum { TEMP_SLOTS = 64, SLOT_FREE = 0, SLOT_FILLING = 1, SLOT_LIVE = 2 };

/* Fixed storage, so the handler reads no memory that free() could take away. */
static struct {
    atomic_int state;
    char path[PATH_MAX];
} temps[TEMP_SLOTS];

static int temp_register(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < TEMP_SLOTS; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&temps[i].state, &expected, SLOT_FILLING)) {
            strcpy(temps[i].path, path);
            atomic_store(&temps[i].state, SLOT_LIVE);
            return i;
        }
    }
    return -1; /* more than TEMP_SLOTS at once: written, but not removed on a signal */
}

static void temp_unregister(int slot)
{
    if (slot >= 0)
        atomic_store(&temps[slot].state, SLOT_FREE);
}

void ssot_atomic_remove_temps(void)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (atomic_load(&temps[i].state) == SLOT_LIVE)
            unlink(temps[i].path);
}

/* ---- where the bytes go ---- */

/* `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` name a descriptor this
 * process already has: its number, or -1. */
static int own_descriptor(const char *path)
{
    if (!strcmp(path, "/dev/stdout"))
        return 1;
    if (!strcmp(path, "/dev/stderr"))
        return 2;
    const char *digits = !strncmp(path, "/dev/fd/", 8)        ? path + 8
                         : !strncmp(path, "/proc/self/fd/", 14) ? path + 14
                                                                : NULL;
    if (!digits || !*digits || strspn(digits, "0123456789") != strlen(digits) ||
        strlen(digits) > 6)
        return -1;
    return atoi(digits);
}

/* `target` read from the symlink `link`, as a path from where `link`'s folder is. */
static char *link_target(const char *link, const char *target)
{
    const char *slash = strrchr(link, '/');
    if (target[0] == '/' || !slash)
        return ssot_strdup(target);
    return ssot_asprintf("%.*s/%s", (int)(slash - link), link, target);
}

typedef enum { WHERE_REPLACE, WHERE_THROUGH, WHERE_ERROR } where_kind;

/* Decide where `path`'s bytes go: *resolved gets the regular file (or new name) to replace,
 * with symlinks followed, or *fd an open descriptor to write through. */
static where_kind resolve(const char *path, char **resolved, int *fd, char *err,
                          size_t err_size)
{
    char *p = ssot_strdup(path);
    for (int hops = 0;; hops++) {
        int own = own_descriptor(p);
        if (own >= 0) {
            *fd = fcntl(own, F_DUPFD_CLOEXEC, 3);
            if (*fd < 0)
                snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
            free(p);
            return *fd < 0 ? WHERE_ERROR : WHERE_THROUGH;
        }
        struct stat st;
        if (lstat(p, &st) != 0 || S_ISREG(st.st_mode)) {
            *resolved = p; /* a new file (or a missing folder, reported on creation) */
            return WHERE_REPLACE;
        }
        if (S_ISLNK(st.st_mode) && hops < 40 && strncmp(p, "/proc/", 6) != 0) {
            char target[PATH_MAX];
            ssize_t n = readlink(p, target, sizeof(target) - 1);
            if (n > 0) {
                target[n] = '\0';
                char *next = link_target(p, target);
                free(p);
                p = next;
                continue;
            }
        }
        const char *why = NULL;
        if (S_ISLNK(st.st_mode) && hops >= 40)
            why = strerror(ELOOP);
        else if (S_ISDIR(st.st_mode))
            why = "is a folder";
        else if (S_ISBLK(st.st_mode))
            why = "is a block device (reports go to files, character devices and FIFOs)";
        else if (S_ISSOCK(st.st_mode))
            why = "is a socket";
        if (!why) {
            /* a character device, a FIFO (waits for a reader), or a /proc link */
            *fd = open(p, O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (*fd < 0)
                why = strerror(errno);
            else if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode) && ftruncate(*fd, 0) != 0)
                why = strerror(errno); /* a regular file through /proc: from the start */
            if (why && *fd >= 0)
                close(*fd);
        }
        if (why)
            snprintf(err, err_size, "%s: cannot write: %s", path, why);
        free(p);
        return why ? WHERE_ERROR : WHERE_THROUGH;
    }
}

/* A temporary file beside `path`, listed for the signal handler before a signal can come. */
static int make_temp(const char *path, char **temp, int *slot)
{
    const char *slash = strrchr(path, '/');
    *temp = slash ? ssot_asprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                  : ssot_asprintf(".%s.XXXXXX", path);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(*temp);
    int e = errno;
    *slot = fd >= 0 ? temp_register(*temp) : -1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return fd;
}

ssot_atomic_file *ssot_atomic_open(const char *path, char *err, size_t err_size)
{
    char *resolved = NULL, *temp = NULL;
    int fd = -1, slot = -1;
    where_kind where = resolve(path, &resolved, &fd, err, err_size);
    if (where == WHERE_ERROR)
        return NULL;
    if (where == WHERE_REPLACE) {
        fd = make_temp(resolved, &temp, &slot);
        if (fd < 0) {
            snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
            free(temp);
            free(resolved);
            return NULL;
        }
    }
    FILE *stream = fdopen(fd, "w");
    if (!stream) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        if (temp)
            unlink(temp);
        temp_unregister(slot);
        free(temp);
        free(resolved);
        return NULL;
    }
    ssot_atomic_file *file = ssot_calloc(1, sizeof(*file));
    file->path = resolved ? resolved : ssot_strdup(path);
    file->temp = temp;
    file->stream = stream;
    file->slot = slot;
    return file;
}

FILE *ssot_atomic_stream(ssot_atomic_file *file)
{
    return file->stream;
}

/* `remove`: the temporary file is still there (not renamed into place). */
static void release(ssot_atomic_file *file, bool remove)
{
    if (remove && file->temp)
        unlink(file->temp);
    temp_unregister(file->slot);
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
    bool through = !file->temp;
    bool ok = fflush(file->stream) == 0 && !ferror(file->stream) &&
              (through || ((!sync || fsync(fd) == 0) && fchmod(fd, mode) == 0));
    int e = ok ? 0 : errno;
    if (fclose(file->stream) != 0 && ok) {
        e = errno;
        ok = false;
    }
    /* never replace what became a special file or a folder in the meantime */
    struct stat st;
    if (ok && !through && lstat(file->path, &st) == 0 && !S_ISREG(st.st_mode) &&
        !S_ISLNK(st.st_mode)) {
        e = EEXIST;
        ok = false;
    }
    if (ok && !through && rename(file->temp, file->path) != 0) {
        e = errno;
        ok = false;
    }
    if (!ok)
        snprintf(err, err_size, "%s: cannot write: %s", file->path, strerror(e ? e : EIO));
    release(file, !ok);
    return ok ? SSOT_OK : SSOT_ERR_IO;
}

ssot_status ssot_atomic_sync(ssot_atomic_file *file, char *err, size_t err_size)
{
    int fd = fileno(file->stream);
    if (fflush(file->stream) == 0 && !ferror(file->stream) && (!file->temp || fsync(fd) == 0))
        return SSOT_OK;
    snprintf(err, err_size, "%s: cannot write: %s", file->path, strerror(errno ? errno : EIO));
    return SSOT_ERR_IO;
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
    release(file, true);
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
