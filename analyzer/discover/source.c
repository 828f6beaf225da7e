/* analyzer/discover/source.c - read a file once and make sure it is text the parsers can take.
 * UTF-8 validity is checked by PCRE2 (its UTF subject check); other encodings declared by
 * a PEP 263 cookie are converted with iconv; UTF-16 and UTF-32 (found by their byte order
 * mark) are reported as not supported, as CPython does not read them. */
#include "analyzer/discover/source.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned ssot_source_column(const char *line_start, const char *pos)
{
    unsigned col = 1;
    for (const unsigned char *p = (const unsigned char *)line_start;
         p < (const unsigned char *)pos; p++)
        if ((*p & 0xC0) != 0x80)
            col++;
    return col;
}

static void locate(const char *text, size_t offset, unsigned *row, unsigned *col)
{
    unsigned r = 1;
    const char *line = text;
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n') {
            r++;
            line = text + i + 1;
        }
    *row = r;
    *col = (unsigned)(text + offset - line) + 1; /* bytes: the text is not valid UTF-8 */
}

/* Most sources are ASCII: eight bytes at a time, no high bit, no need to ask PCRE2. */
static bool is_ascii(const char *text, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        if (w & 0x8080808080808080ull)
            return false;
    }
    for (; i < len; i++)
        if ((unsigned char)text[i] & 0x80)
            return false;
    return true;
}

size_t ssot_utf8_error_offset(const char *text, size_t len)
{
    if (is_ascii(text, len))
        return (size_t)-1;
    int errcode;
    PCRE2_SIZE erroff;
    static const PCRE2_UCHAR empty[] = "";
    pcre2_code *re = pcre2_compile(empty, 0, PCRE2_UTF, &errcode, &erroff, NULL);
    if (!re)
        return (size_t)-1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL);
    size_t bad = (size_t)-1;
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
        bad = pcre2_get_startchar(md);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return bad;
}

/* PEP 263: `coding[:=]\s*([-\w.]+)` in a comment on line 1 or 2. Writes the name. */
static int coding_cookie(const char *text, size_t len, char *name, size_t name_size)
{
    const char *p = text, *end = text + len;
    for (int line = 0; line < 2 && p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t' || *q == '\f'))
            q++;
        if (q < eol && *q == '#') {
            for (const char *c = q; c + 6 < eol; c++) {
                if (strncmp(c, "coding", 6) != 0 || (c[6] != ':' && c[6] != '='))
                    continue;
                const char *v = c + 7;
                while (v < eol && (*v == ' ' || *v == '\t'))
                    v++;
                size_t n = 0;
                while (v + n < eol && n + 1 < name_size &&
                       (v[n] == '-' || v[n] == '_' || v[n] == '.' ||
                        (v[n] >= '0' && v[n] <= '9') || ((v[n] | 32) >= 'a' && (v[n] | 32) <= 'z')))
                    n++;
                memcpy(name, v, n);
                name[n] = '\0';
                return n > 0;
            }
        } else if (q < eol) {
            return 0; /* a code line ends the search */
        }
        p = eol + 1;
    }
    return 0;
}

static int is_utf8_name(const char *name)
{
    return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0 ||
           strncasecmp(name, "utf-8-", 6) == 0 || strncasecmp(name, "utf_8", 5) == 0;
}

/* UTF-16 and UTF-32 announce themselves with a byte order mark; their NUL bytes would
 * otherwise make them "binary". UTF-32 LE's mark starts like UTF-16 LE's: test it first. */
static const char *wide_encoding(const char *text, size_t len, const char **order)
{
    const unsigned char *b = (const unsigned char *)text;
    *order = b[0] == 0xFF ? "little-endian" : "big-endian";
    if (len >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        return "UTF-32";
    if (len >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        return "UTF-32";
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return "UTF-16";
    return NULL;
}

/* Convert `in` from `encoding` to UTF-8 in the arena; NULL when iconv cannot. */
static char *convert(const char *encoding, const char *in, size_t len, ssot_arena *arena,
                     size_t *out_len)
{
    char from[64];
    snprintf(from, sizeof(from), "%s", encoding);
    for (char *c = from; *c; c++)
        if (*c == '_')
            *c = '-';
    /* Python's names for latin-1 that iconv does not know */
    static const char *const latin1[] = {"latin-1", "latin1", "l1", "iso-latin-1", "8859", NULL};
    for (const char *const *l = latin1; *l; l++)
        if (!strcasecmp(from, *l))
            snprintf(from, sizeof(from), "ISO-8859-1");
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 4 + 1;
    char *out = ssot_arena_alloc(arena, cap);
    char *inp = (char *)in, *outp = out;
    size_t inleft = len, outleft = cap - 1;
    size_t rc = iconv(cd, &inp, &inleft, &outp, &outleft);
    iconv_close(cd);
    if (rc == (size_t)-1)
        return NULL;
    *outp = '\0';
    *out_len = (size_t)(outp - out);
    return out;
}

ssot_source_result ssot_source_read(const char *path, size_t max_bytes, ssot_arena *arena,
                                    ssot_source *out, char *msg, size_t msg_size,
                                    unsigned *row, unsigned *col)
{
    *row = *col = 1;
    /* O_NONBLOCK: a FIFO named like a source file must not hang the run */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(msg, msg_size, "cannot read file: %s", strerror(errno));
        return SSOT_SOURCE_UNREADABLE;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(msg, msg_size, "cannot read file: %s", strerror(errno));
        close(fd);
        return SSOT_SOURCE_UNREADABLE;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(msg, msg_size, "cannot read file: %s",
                 S_ISDIR(st.st_mode)    ? "is a directory"
                 : S_ISFIFO(st.st_mode) ? "is a FIFO, not a regular file"
                 : S_ISSOCK(st.st_mode) ? "is a socket, not a regular file"
                                        : "is a device, not a regular file");
        close(fd);
        return SSOT_SOURCE_UNREADABLE;
    }
    if ((size_t)st.st_size > max_bytes) {
        snprintf(msg, msg_size, "file is %lld bytes, over the %zu-byte limit; not analysed",
                 (long long)st.st_size, max_bytes);
        close(fd);
        return SSOT_SOURCE_TOO_LARGE;
    }
    size_t len = (size_t)st.st_size;
    char *text = ssot_arena_alloc(arena, len + 1);
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, text + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(msg, msg_size, "cannot read file: %s", strerror(errno));
            close(fd);
            return SSOT_SOURCE_UNREADABLE;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    return ssot_source_from_bytes(path, text, got, arena, out, msg, msg_size, row, col);
}

ssot_source_result ssot_source_from_bytes(const char *path, char *text, size_t len,
                                          ssot_arena *arena, ssot_source *out, char *msg,
                                          size_t msg_size, unsigned *row, unsigned *col)
{
    *row = *col = 1;
    text[len] = '\0';

    const char *order;
    const char *wide = wide_encoding(text, len, &order);
    if (wide) {
        snprintf(msg, msg_size,
                 "%s is not supported (the file starts with a %s %s byte order mark): "
                 "save it as UTF-8; not analysed", wide, order, wide);
        return SSOT_SOURCE_NOT_TEXT;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        locate(text, (size_t)(nul - text), row, col);
        snprintf(msg, msg_size, "binary file (NUL byte at line %u, column %u); not analysed",
                 *row, *col);
        return SSOT_SOURCE_NOT_TEXT;
    }
    /* A UTF-8 byte order mark is dropped: the parsers do not expect it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    char encoding[64];
    if (coding_cookie(text, len, encoding, sizeof(encoding)) && !is_utf8_name(encoding)) {
        size_t conv_len;
        char *conv = convert(encoding, text, len, arena, &conv_len);
        if (!conv) {
            snprintf(msg, msg_size, "cannot decode the file as its declared encoding `%s`",
                     encoding);
            return SSOT_SOURCE_NOT_TEXT;
        }
        text = conv;
        len = conv_len;
    }
    size_t bad = ssot_utf8_error_offset(text, len);
    if (bad != (size_t)-1) {
        locate(text, bad, row, col);
        snprintf(msg, msg_size, "invalid UTF-8 at line %u, byte %u; not analysed", *row, *col);
        return SSOT_SOURCE_NOT_TEXT;
    }
    out->path = path;
    out->text = text;
    out->len = len;
    return SSOT_SOURCE_OK;
}
