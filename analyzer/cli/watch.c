/* analyzer/cli/watch.c - --watch: run the check, then again whenever a Python or configuration
 * file under the checked paths changes (inotify), clearing the screen first as Ruff's watch
 * mode does. Ctrl-C while waiting ends the loop cleanly (exit 0). */
#define _GNU_SOURCE
#include "analyzer/cli/watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/base/alloc.h"

enum {
    EVENTS = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE,
    QUIET_MS = 50,   /* a burst of events (an editor's save) is one change */
    MAX_DELAY_MS = 300,
    MAX_DEPTH = 64,
};

/* Folders not worth watching: tool and build folders, as discovery skips them. */
static bool skipped(const char *name)
{
    return name[0] == '.' || !strcmp(name, "__pycache__") || !strcmp(name, "node_modules") ||
           !strcmp(name, "build") || !strcmp(name, "dist");
}

/* Watch `dir` and the folders below it. */
static void watch_tree(int fd, const char *dir, int depth)
{
    if (inotify_add_watch(fd, dir, EVENTS | IN_ONLYDIR) < 0 || depth >= MAX_DEPTH)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (skipped(e->d_name))
            continue;
        char *path = ssot_asprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            watch_tree(fd, path, depth + 1);
        free(path);
    }
    closedir(d);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* A change that can change the findings: Python sources, configuration, ignore files. */
static bool relevant(const struct inotify_event *ev)
{
    if (!ev->len)
        return false;
    if (ev->mask & IN_ISDIR)
        return !skipped(ev->name);
    return ends_with(ev->name, ".py") || ends_with(ev->name, ".pyi") ||
           ends_with(ev->name, ".toml") || ends_with(ev->name, ".cfg") ||
           ends_with(ev->name, ".ini") || !strcmp(ev->name, ".gitignore");
}

/* Read what is queued; true when one of the events is relevant. New folders are watched. */
static bool drain(int fd, bool *rescan)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool any = false;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            return any;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
                *rescan = true;
            if (ev->mask & IN_Q_OVERFLOW)
                any = true;
            any |= relevant(ev);
            p += sizeof(*ev) + ev->len;
        }
    }
}

static int elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int)((now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000);
}

/* A new inotify instance watching every folder of `paths` (a file: its folder) and the current
 * folder, where configuration usually lives. -1 when inotify is unavailable. */
static int watch_all(const char *const *paths, size_t count)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return -1;
    inotify_add_watch(fd, ".", EVENTS | IN_ONLYDIR);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            watch_tree(fd, paths[i], 0);
        } else {
            char *dir = ssot_strdup(paths[i]);
            char *slash = strrchr(dir, '/');
            if (slash)
                *(slash == dir ? slash + 1 : slash) = '\0';
            inotify_add_watch(fd, slash ? dir : ".", EVENTS | IN_ONLYDIR);
            free(dir);
        }
    }
    return fd;
}

/* The write end of the pipe the signal handler below writes to while the loop waits. A
 * signal may be delivered to any thread (the engine's workers too), so the handler, not a
 * signal mask, is what catches it. */
static volatile sig_atomic_t stop_pipe = -1;

static void on_stop(int sig)
{
    (void)sig;
    if (stop_pipe >= 0) {
        ssize_t ignored = write(stop_pipe, "x", 1);
        (void)ignored;
    }
}

/* Wait for a relevant change (true) or SIGINT/SIGTERM, written to `stopfd` (false). */
static bool wait_for_change(int *fd, int stopfd, const char *const *paths, size_t count)
{
    bool pending = false, rescan = false;
    struct timespec first = {0, 0};
    for (;;) {
        struct pollfd p[2] = {{*fd, POLLIN, 0}, {stopfd, POLLIN, 0}};
        int timeout = -1;
        if (pending) {
            int left = MAX_DELAY_MS - elapsed_ms(&first);
            timeout = left < QUIET_MS ? (left > 0 ? left : 0) : QUIET_MS;
        }
        int n = poll(p, 2, timeout);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (p[1].revents & POLLIN))
            return false;
        if (n == 0 && pending)
            break;
        if ((p[0].revents & POLLIN) && drain(*fd, &rescan) && !pending) {
            pending = true;
            clock_gettime(CLOCK_MONOTONIC, &first);
        }
    }
    if (rescan) { /* a new folder: watch it and what it holds */
        close(*fd);
        *fd = watch_all(paths, count);
    }
    return true;
}

ssot_status ssot_watch_run(const char *const *paths, size_t count, ssot_watch_fn *run,
                           void *ctx, FILE *screen, char *err, size_t err_size)
{
    int fd = watch_all(paths, count);
    if (fd < 0) {
        snprintf(err, err_size, "--watch: cannot watch files: %s", strerror(errno));
        return SSOT_ERR_IO;
    }
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, err_size, "--watch: %s", strerror(errno));
        close(fd);
        return SSOT_ERR_IO;
    }
    stop_pipe = pipefd[1];
    int sigfd = pipefd[0];
    bool tty = isatty(fileno(screen));
    fprintf(stderr, "ssot: starting in watch mode (Ctrl-C to stop)\n");
    run(ctx);
    for (;;) {
        fflush(stdout);
        fprintf(stderr, "ssot: watching for file changes\n");
        /* while waiting, Ctrl-C ends the loop; while checking, the caller's handler applies */
        struct sigaction sa = {0}, old_int, old_term;
        sa.sa_handler = on_stop;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        bool changed = fd >= 0 && wait_for_change(&fd, sigfd, paths, count);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        if (!changed)
            break;
        if (tty)
            fputs("\033[2J\033[3J\033[H", screen);
        fprintf(stderr, "ssot: file change detected; checking again\n");
        run(ctx);
    }
    stop_pipe = -1;
    close(pipefd[1]);
    if (sigfd >= 0)
        close(sigfd);
    if (fd >= 0)
        close(fd);
    return SSOT_OK;
}
