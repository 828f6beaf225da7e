/* tests/fuzz/fuzz.c - the fuzz targets' temporary folder and one-file engine run. */
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/discover/discover.h"
#include "analyzer/engine/engine.h"
#include "rules/rule.h"

static char dir[256];
static char path_buf[512];

static void remove_tree(const char *root);

/* Remove everything inside folder `root`, keeping the folder. */
static void remove_entries(const char *root)
{
    DIR *d = opendir(root);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[1024];
        snprintf(sub, sizeof(sub), "%s/%s", root, e->d_name);
        struct stat st;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(sub);
        else
            unlink(sub);
    }
    if (d)
        closedir(d);
}

static void remove_tree(const char *root)
{
    remove_entries(root);
    rmdir(root);
}

static void remove_dir(void)
{
    if (dir[0])
        remove_tree(dir);
}

const char *ssot_fuzz_dir(void)
{
    if (dir[0])
        return dir;
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof(dir), "%s/ssot-fuzz-XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror("ssot-fuzz: mkdtemp");
        abort();
    }
    atexit(remove_dir);
    return dir;
}

const char *ssot_fuzz_path(const char *name)
{
    snprintf(path_buf, sizeof(path_buf), "%s/%s", ssot_fuzz_dir(), name);
    return path_buf;
}

const char *ssot_fuzz_put(const char *name, const uint8_t *data, size_t size)
{
    const char *path = ssot_fuzz_path(name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        perror(path);
        abort();
    }
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            perror(path);
            abort();
        }
        done += (size_t)n;
    }
    close(fd);
    return path;
}

void ssot_fuzz_clear(void)
{
    remove_entries(ssot_fuzz_dir());
}

void ssot_fuzz_check_file(const char *path, ssot_role role, const char *cache_dir)
{
    size_t nrules;
    ssot_rules(&nrules);
    bool *enabled = calloc(nrules + 1, sizeof(*enabled));
    for (size_t i = 0; i < nrules; i++)
        enabled[i] = true;
    ssot_file_entry entry = {.path = (char *)path, .role = role,
                             .pytest_file = role == SSOT_ROLE_TEST, .explicit = true};
    struct stat st;
    entry.size = stat(path, &st) == 0 ? st.st_size : 0;
    ssot_file_list files = {.items = &entry, .count = 1, .cap = 1};
    ssot_engine_config config = {.enabled = enabled, .threads = 1,
                                 .max_file_bytes = 8u << 20, .cache_dir = cache_dir};
    ssot_run run;
    char err[512];
    if (ssot_engine_run(&config, &files, &run, err, sizeof(err)) != SSOT_OK) {
        fprintf(stderr, "ssot-fuzz: %s\n", err);
        abort();
    }
    ssot_run_fini(&run);
    free(enabled);
}
