/* analyzer/discover/source.h - read one file once: size limit, binary and UTF-8 checks, and PEP 263
 * coding cookies (a latin-1 file is converted, not rejected). */
#ifndef SSOT_ANALYZER_SOURCE_H
#define SSOT_ANALYZER_SOURCE_H

#include <stddef.h>

#include "analyzer/base/alloc.h"

typedef struct ssot_source {
    const char *path;
    const char *text;   /* UTF-8, NUL-terminated; borrowed: file arena */
    size_t len;
} ssot_source;

typedef enum ssot_source_result {
    SSOT_SOURCE_OK = 0,
    SSOT_SOURCE_UNREADABLE, /* E001: open/read failed (message says why) */
    SSOT_SOURCE_NOT_TEXT,   /* E002: NUL bytes, invalid UTF-8, or an unknown encoding */
    SSOT_SOURCE_TOO_LARGE,  /* E004: over the size limit */
} ssot_source_result;

/* Read `path` into `out` (text allocated in `arena`). On failure returns the reason and
 * writes a one-line message (without the path) to `msg`; `row`/`col` locate an encoding
 * error when known (else 1). */
ssot_source_result ssot_source_read(const char *path, size_t max_bytes, ssot_arena *arena,
                                    ssot_source *out, char *msg, size_t msg_size,
                                    unsigned *row, unsigned *col);

/* The checks of ssot_source_read over text already in memory (a blob of another revision):
 * `text` holds `len` bytes and room for one more, in `arena`; it may be converted in place
 * or copied (a coding cookie). Fails as ssot_source_read does, never UNREADABLE. */
ssot_source_result ssot_source_from_bytes(const char *path, char *text, size_t len,
                                          ssot_arena *arena, ssot_source *out, char *msg,
                                          size_t msg_size, unsigned *row, unsigned *col);

/* The offset of the first invalid UTF-8 sequence in `text`, or (size_t)-1 when it is valid
 * (PCRE2's UTF check). */
size_t ssot_utf8_error_offset(const char *text, size_t len);

/* Characters (not bytes) between `line_start` and `pos`, plus one: a 1-based column. */
unsigned ssot_source_column(const char *line_start, const char *pos);

#endif /* SSOT_ANALYZER_SOURCE_H */
