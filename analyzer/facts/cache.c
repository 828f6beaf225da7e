/* analyzer/facts/cache.c - entries are files `<dir>/v<version>-f<format>/<32 hex digits>`,
 * written through atomic_file (no fsync: a torn entry fails its checksum and is redone).
 * A hit refreshes an entry's mtime at most once a day; once a day a run removes entries
 * (of any version) unused for 30 days, so edits and upgrades do not grow it forever. A
 * folder that cannot hold the cache is one warning line on stderr, and the run goes cold. */
#define XXH_STATIC_LINKING_ONLY
#include "analyzer/facts/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer/base/atomic_file.h"
#include "analyzer/facts/bytes.h"
#include "analyzer/facts/facts_io.h"

struct ssot_cache {
    char *dir;             /* owned: the version's folder */
    ssot_cache_meta *meta; /* owned: the metadata shortcut to each file's text hash */
};

static bool make_dir(const char *path)
{
    return mkdir(path, 0777) == 0 || errno == EEXIST;
}

/* Like ruff and pytest: the cache folder tells git and backup tools to leave it alone. */
static void mark_folder(const char *dir)
{
    char *path = ssot_asprintf("%s/.gitignore", dir);
    if (access(path, F_OK) != 0) {
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("# Automatically created by ssot.\n*\n", f);
            fclose(f);
        }
    }
    free(path);
    path = ssot_asprintf("%s/CACHEDIR.TAG", dir);
    if (access(path, F_OK) != 0) {
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("Signature: 8a477f597d28d172789f06886806bc55\n"
                  "# This file is a cache directory tag created by ssot.\n", f);
            fclose(f);
        }
    }
    free(path);
}

enum { DAY = 24 * 60 * 60, KEEP_DAYS = 30 };

/* Remove the entries of `folder` unused for KEEP_DAYS, and the folder when that empties it
 * (an older version's). */
static void prune_folder(const char *folder, time_t now)
{
    DIR *d = opendir(folder);
    if (!d)
        return;
    size_t kept = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and temporary files being written */
        char *path = ssot_asprintf("%s/%s", folder, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < now - KEEP_DAYS * DAY)
            unlink(path);
        else
            kept++;
        free(path);
    }
    closedir(d);
    if (!kept)
        rmdir(folder);
}

/* At most once a day (the `.pruned` stamp's mtime says when): prune every version folder. */
static void prune(const char *dir)
{
    time_t now = time(NULL);
    char *stamp = ssot_asprintf("%s/.pruned", dir);
    struct stat st;
    bool due = stat(stamp, &st) != 0 || st.st_mtime < now - DAY;
    if (due) {
        int fd = open(stamp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0) {
            futimens(fd, NULL);
            close(fd);
        }
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));) {
            if (e->d_name[0] != 'v')
                continue;
            char *folder = ssot_asprintf("%s/%s", dir, e->d_name);
            if (lstat(folder, &st) == 0 && S_ISDIR(st.st_mode))
                prune_folder(folder, now);
            free(folder);
        }
        if (d)
            closedir(d);
    }
    free(stamp);
}

/* Why `dir` cannot hold the cache (after making it), or NULL when it can. */
static const char *unusable(const char *dir)
{
    struct stat st;
    if (!make_dir(dir) || stat(dir, &st) != 0)
        return strerror(errno);
    if (!S_ISDIR(st.st_mode))
        return "not a folder";
    return access(dir, W_OK | X_OK) != 0 ? strerror(errno) : NULL;
}

ssot_cache *ssot_cache_open(const char *dir)
{
    if (!dir)
        return NULL;
    const char *why = *dir ? unusable(dir) : "empty";
    char *sub = NULL;
    if (!why) {
        mark_folder(dir);
        prune(dir);
        sub = ssot_asprintf("%s/v%s-f%u", dir, SSOT_VERSION, SSOT_FACTS_FORMAT);
        why = unusable(sub);
    }
    if (why) {
        /* a warning, not an error: a cache only saves time */
        if (*dir)
            fprintf(stderr, "ssot: warning: cannot use the cache folder `%s`: %s; running "
                    "without a cache\n", dir, why);
        else
            fprintf(stderr, "ssot: warning: the cache folder name is empty; running without "
                    "a cache\n");
        free(sub);
        return NULL;
    }
    ssot_cache *cache = ssot_calloc(1, sizeof(*cache));
    cache->dir = sub;
    char *meta = ssot_asprintf("%s/files", sub);
    cache->meta = ssot_cache_meta_load(meta);
    free(meta);
    return cache;
}

ssot_cache *ssot_cache_open_entries(const char *dir)
{
    if (!dir || !*dir)
        return NULL;
    char *sub = ssot_asprintf("%s/v%s-f%u", dir, SSOT_VERSION, SSOT_FACTS_FORMAT);
    struct stat st;
    if (stat(sub, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free(sub);
        return NULL;
    }
    ssot_cache *cache = ssot_calloc(1, sizeof(*cache));
    cache->dir = sub;
    cache->meta = ssot_cache_meta_new(); /* never noted: never written */
    return cache;
}

static unsigned char *read_entry(const char *path, size_t *len, bool *touched);

/* A file's bytes (an entry's, read again for a body decoded later: ssot_body_source), or
 * NULL. */
static unsigned char *fetch_entry(const char *path, size_t *len)
{
    bool touched;
    return read_entry(path, len, &touched);
}

#define KEYS_MAGIC "SSOTKEYS"
enum { KEYS_HEADER = 24 }; /* magic, count (u64), checksum of the keys (u64) */

void ssot_cache_store_keys(const ssot_cache *cache, const ssot_cache_key *keys, size_t count)
{
    size_t len = KEYS_HEADER + count * 16;
    unsigned char *data = ssot_malloc(len);
    memcpy(data, KEYS_MAGIC, 8);
    ssot_bytes_put_le(data + 8, count, 8);
    for (size_t i = 0; i < count; i++) {
        ssot_bytes_put_le(data + KEYS_HEADER + 16 * i, keys[i].hi, 8);
        ssot_bytes_put_le(data + KEYS_HEADER + 16 * i + 8, keys[i].lo, 8);
    }
    ssot_bytes_put_le(data + 16, XXH3_64bits(data + KEYS_HEADER, len - KEYS_HEADER), 8);
    char err[512];
    char *path = ssot_asprintf("%s/last-keys", cache->dir);
    ssot_atomic_write_unsynced(path, data, len, err, sizeof(err));
    free(path);
    free(data);
}

ssot_cache_key *ssot_cache_load_keys(const ssot_cache *cache, size_t *count)
{
    *count = 0;
    char *path = ssot_asprintf("%s/last-keys", cache->dir);
    size_t len = 0;
    unsigned char *data = fetch_entry(path, &len);
    free(path);
    size_t n = data && len >= KEYS_HEADER ? (size_t)ssot_bytes_get_le(data + 8, 8) : 0;
    if (!data || len < KEYS_HEADER || memcmp(data, KEYS_MAGIC, 8) != 0 ||
        n != (len - KEYS_HEADER) / 16 || (len - KEYS_HEADER) % 16 != 0 ||
        ssot_bytes_get_le(data + 16, 8) != XXH3_64bits(data + KEYS_HEADER, len - KEYS_HEADER)) {
        free(data);
        return NULL;
    }
    ssot_cache_key *keys = ssot_malloc((n + 1) * sizeof(*keys));
    for (size_t i = 0; i < n; i++) {
        keys[i].hi = ssot_bytes_get_le(data + KEYS_HEADER + 16 * i, 8);
        keys[i].lo = ssot_bytes_get_le(data + KEYS_HEADER + 16 * i + 8, 8);
    }
    free(data);
    *count = n;
    return keys;
}

void ssot_cache_free(ssot_cache *cache)
{
    if (!cache)
        return;
    char *meta = ssot_asprintf("%s/files", cache->dir);
    ssot_cache_meta_save_free(cache->meta, meta);
    free(meta);
    free(cache->dir);
    free(cache);
}

bool ssot_cache_known_text(const ssot_cache *cache, const char *rel, const struct stat *st,
                           ssot_text_hash *out, uint32_t *lines)
{
    return ssot_cache_meta_find(cache->meta, rel, st, out, lines);
}

void ssot_cache_note_text(const ssot_cache *cache, const char *rel, const struct stat *st,
                          ssot_text_hash hash, uint32_t lines)
{
    ssot_cache_meta_note(cache->meta, rel, st, hash, lines);
}

ssot_text_hash ssot_cache_text_hash(const char *text, size_t len)
{
    XXH128_hash_t h = XXH3_128bits(text, len);
    return (ssot_text_hash){h.high64, h.low64};
}

/* `path` (absolute, or relative to the current folder as configurations show their files)
 * relative to `root`: `.` for the root itself; absolute outside it or without a root. */
static char *from_root(const char *path, const char *root)
{
    if (!path)
        return NULL;
    char *abs = ssot_config_abspath(path);
    size_t n = root ? strlen(root) : 0;
    char *out = NULL;
    if (n && !strcmp(abs, root))
        out = ssot_strdup(".");
    else if (n && !strncmp(abs, root, n) && abs[n] == '/')
        out = ssot_strdup(abs + n + 1);
    if (!out)
        return abs;
    free(abs);
    return out;
}

uint64_t ssot_cache_config_hash(const ssot_config *config, const char *root)
{
    if (!config)
        return 0;
    /* the same configuration with its own paths from the project root: the folder the
       project is checked out in and the folder ssot runs from change nothing */
    ssot_config rel = *config;
    rel.path = from_root(config->path, root);
    rel.root = from_root(config->root, root);
    rel.pytest.path = from_root(config->pytest.path, root);
    char *text = NULL;
    size_t len = 0;
    uint64_t h = 1; /* no stream */
    FILE *out = open_memstream(&text, &len);
    if (out) {
        fprintf(out, "%s\n%s\n%s\n", rel.path ? rel.path : "", rel.root ? rel.root : "",
                rel.pytest.path ? rel.pytest.path : "");
        ssot_config_write(out, &rel);
        fclose(out);
        h = XXH3_64bits(text, len) | 2; /* never 0 (defaults) or 1 (no stream) */
        free(text);
    }
    free(rel.path);
    free(rel.root);
    free(rel.pytest.path);
    return h;
}

ssot_cache_key ssot_cache_key_of(ssot_text_hash text, const ssot_facts *facts, const char *rel,
                                 uint64_t config_hash)
{
    XXH3_state_t st;
    XXH3_128bits_reset(&st);
    XXH3_128bits_update(&st, &text.hi, sizeof(text.hi));
    XXH3_128bits_update(&st, &text.lo, sizeof(text.lo));
    unsigned char tail[3 + 8] = {0xff, (unsigned char)facts->role,
                                 (unsigned char)facts->pytest_file};
    for (unsigned i = 0; i < 8; i++)
        tail[3 + i] = (unsigned char)(config_hash >> (8 * i));
    XXH3_128bits_update(&st, tail, sizeof(tail));
    XXH3_128bits_update(&st, rel, strlen(rel) + 1);
    XXH128_hash_t h = XXH3_128bits_digest(&st);
    return (ssot_cache_key){h.high64, h.low64};
}

static char *entry_path(const ssot_cache *cache, const char *prefix, ssot_cache_key key)
{
    return ssot_asprintf("%s/%s%016llx%016llx", cache->dir, prefix, (unsigned long long)key.hi,
                         (unsigned long long)key.lo);
}

/* The whole file `path` in a new buffer (the caller frees it), or NULL; a hit older than a
 * day is touched (and *touched set), so that pruning leaves entries in use alone. */
static unsigned char *read_entry(const char *path, size_t *len, bool *touched)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    unsigned char *data = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size < (off_t)1 << 30) {
        size_t size = (size_t)st.st_size, got = 0;
        data = ssot_malloc(size);
        while (got < size) {
            ssize_t n = read(fd, data + got, size - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (got != size) {
            free(data);
            data = NULL;
        }
        *len = size;
        if (data && st.st_mtime < time(NULL) - DAY) {
            futimens(fd, NULL); /* in use: not pruned */
            *touched = true;
        }
    }
    close(fd);
    return data;
}

bool ssot_cache_load(const ssot_cache *cache, ssot_cache_key key, ssot_facts *facts,
                     ssot_arena *arena)
{
    return ssot_cache_load_with(cache, key, NULL, facts, arena);
}

/* Entry `key` read into `facts`; `lazy`: without the functions' bodies, which are read
 * again from the entry when decoded. */
static bool load_entry(const ssot_cache *cache, ssot_cache_key key, ssot_facts_reader *reader,
                       ssot_facts *facts, ssot_arena *arena, bool lazy)
{
    char *path = entry_path(cache, "", key);
    size_t size = 0;
    unsigned char *data = fetch_entry(path, &size);
    ssot_body_source source = {fetch_entry, path};
    bool ok = data && (lazy      ? ssot_facts_read_lazy(reader, data, size, facts, arena, &source)
                       : reader ? ssot_facts_read_with(reader, data, size, facts, arena)
                                : ssot_facts_read(data, size, facts, arena));
    free(data);
    free(path);
    return ok;
}

bool ssot_cache_load_with(const ssot_cache *cache, ssot_cache_key key,
                          ssot_facts_reader *reader, ssot_facts *facts, ssot_arena *arena)
{
    return load_entry(cache, key, reader, facts, arena, false);
}

bool ssot_cache_load_lazy(const ssot_cache *cache, ssot_cache_key key,
                          ssot_facts_reader *reader, ssot_facts *facts, ssot_arena *arena)
{
    return load_entry(cache, key, reader, facts, arena, true);
}

unsigned char *ssot_cache_load_run(const ssot_cache *cache, ssot_cache_key key, size_t *len,
                                   bool *touched)
{
    char *path = entry_path(cache, "run-", key);
    *touched = false;
    unsigned char *data = read_entry(path, len, touched);
    free(path);
    return data;
}

void ssot_cache_touch(const ssot_cache *cache, ssot_cache_key key)
{
    char *path = entry_path(cache, "", key);
    utimensat(AT_FDCWD, path, NULL, 0);
    free(path);
}

void ssot_cache_store_run(const ssot_cache *cache, ssot_cache_key key, const unsigned char *data,
                          size_t len)
{
    char err[512];
    char *path = entry_path(cache, "run-", key);
    ssot_atomic_write_unsynced(path, data, len, err, sizeof(err));
    free(path);
}

void ssot_cache_store(const ssot_cache *cache, ssot_cache_key key, const unsigned char *data,
                      size_t len)
{
    char err[512];
    char *path = entry_path(cache, "", key);
    ssot_atomic_write_unsynced(path, data, len, err, sizeof(err));
    free(path);
}
