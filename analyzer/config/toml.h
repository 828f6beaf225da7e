/* analyzer/config/toml.h - TOML documents as a small value tree. tree-sitter-toml parses; toml.c
 * only walks the tree, decodes keys, strings and numbers, and enforces TOML's table rules
 * (no duplicate keys, no table defined twice). Every key and value knows its 1-based line
 * and column (bytes), so configuration errors can point at them. */
#ifndef SSOT_ANALYZER_TOML_H
#define SSOT_ANALYZER_TOML_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "analyzer/base/status.h"

typedef enum ssot_toml_type {
    SSOT_TOML_TABLE = 0,
    SSOT_TOML_ARRAY,
    SSOT_TOML_STRING,
    SSOT_TOML_INTEGER,
    SSOT_TOML_FLOAT,
    SSOT_TOML_BOOL,
    SSOT_TOML_DATETIME, /* offset/local date-time, date or time, kept as its text */
} ssot_toml_type;

/* How a table or array came to be (TOML's rules on extending it depend on this). */
typedef enum ssot_toml_origin {
    SSOT_TOML_INLINE = 0,      /* written as a value: scalars, `[...]`, `{...}` */
    SSOT_TOML_HEADER,          /* a table opened by `[header]`, or the document itself */
    SSOT_TOML_IMPLICIT,        /* a header's parent: `a` in `[a.b]` */
    SSOT_TOML_DOTTED,          /* made by a dotted key: `a` in `a.b = 1` */
    SSOT_TOML_ARRAY_OF_TABLES, /* an array made by `[[header]]` */
} ssot_toml_origin;

typedef struct ssot_toml_value ssot_toml_value;

typedef struct ssot_toml_entry {
    char *key;              /* owned, decoded (quotes and escapes removed) */
    unsigned line, col;     /* where the key was written; for tables, the defining header */
    ssot_toml_value *value; /* owned */
} ssot_toml_entry;

struct ssot_toml_value {
    ssot_toml_type type;
    ssot_toml_origin origin;
    unsigned line, col; /* 1-based: the value's first byte; a table: its header or key */
    unsigned section;   /* internal: the `[header]` section a dotted table was made in */
    union {
        struct {
            ssot_toml_entry *items; /* owned, in the order written */
            size_t count, cap;
        } table;
        struct {
            ssot_toml_value **items; /* owned */
            size_t count, cap;
        } array;
        char *string; /* owned: STRING (decoded) and DATETIME (as written) */
        long long integer;
        double real;
        bool boolean;
    };
};

/* Parse `len` bytes of TOML. `path` only names the file in messages. On success returns
 * SSOT_OK and the document (a table) in *out; the caller frees it with ssot_toml_free.
 * A syntax error, invalid UTF-8, a duplicate key, a table defined twice or an integer out
 * of range returns SSOT_ERR_INPUT with `path:line:col: message` in err and *out NULL. A
 * grammar/runtime ABI mismatch returns SSOT_ERR_INTERNAL. */
ssot_status ssot_toml_parse(const char *path, const char *text, size_t len, ssot_toml_value **out,
                            char *err, size_t err_size);

/* Read and parse a file. An unreadable file returns SSOT_ERR_IO with `path: cannot read:
 * reason`; otherwise as ssot_toml_parse. */
ssot_status ssot_toml_parse_file(const char *path, ssot_toml_value **out, char *err,
                                 size_t err_size);

void ssot_toml_free(ssot_toml_value *value); /* NULL is a no-op */

/* The entry (or its value) under `key` in `table`; NULL when `table` is NULL, not a table,
 * or has no such key. */
const ssot_toml_entry *ssot_toml_find(const ssot_toml_value *table, const char *key);
const ssot_toml_value *ssot_toml_get(const ssot_toml_value *table, const char *key);

/* `path:line:col: ` and the printf-style message into err (nothing when err is NULL or
 * err_size 0): how errors about a place in a TOML file read, here and in the configuration. */
void ssot_toml_vmessage(char *err, size_t err_size, const char *path, unsigned line,
                        unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Can `key` be written bare (A-Z a-z 0-9 _ -, not empty), or must it be quoted? */
bool ssot_toml_is_bare_key(const char *key);

/* "table", "array", "string", "integer", "float", "boolean", "datetime". */
const char *ssot_toml_type_name(ssot_toml_type type);

#endif /* SSOT_ANALYZER_TOML_H */
