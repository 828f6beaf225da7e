/* analyzer/audit/history.c - the history store in SQLite: checked on open (application id,
 * schema version, quick_check) before anything is written; each run appended in one
 * IMMEDIATE transaction, rolled back on any error. */
#include "analyzer/audit/history.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/base/alloc.h"
#include "analyzer/base/vec.h"

struct ssot_history {
    sqlite3 *db;
    char *path; /* owned, for messages */
};

static const char schema[] =
    "CREATE TABLE run ("
    "  id INTEGER PRIMARY KEY,"
    "  commit_id TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL,"
    "  ssot_version TEXT NOT NULL,"
    "  files INTEGER NOT NULL, lines INTEGER NOT NULL,"
    "  tests INTEGER NOT NULL, placeholder_tests INTEGER NOT NULL,"
    "  findings INTEGER NOT NULL, score REAL NOT NULL, grade TEXT NOT NULL);"
    "CREATE TABLE module ("
    "  run_id INTEGER NOT NULL REFERENCES run(id),"
    "  path TEXT NOT NULL,"
    "  files INTEGER NOT NULL, lines INTEGER NOT NULL,"
    "  tests INTEGER NOT NULL, placeholder_tests INTEGER NOT NULL,"
    "  ph INTEGER NOT NULL, mo INTEGER NOT NULL, sg INTEGER NOT NULL,"
    "  dd INTEGER NOT NULL, ss INTEGER NOT NULL,"
    "  score REAL NOT NULL, grade TEXT NOT NULL,"
    "  PRIMARY KEY (run_id, path));"
    "CREATE TABLE rule ("
    "  run_id INTEGER NOT NULL REFERENCES run(id),"
    "  code TEXT NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, code));";

static void db_error(char *err, size_t n, const char *path, const char *what, sqlite3 *db)
{
    snprintf(err, n, "%s: %s (SQLite: %s)", path, what, db ? sqlite3_errmsg(db) : "out of memory");
}

/* One integer from a query (a pragma). */
static int query_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* What the file is: 0 an empty database (made now, or an empty file), 1 an ssot history of
 * a schema this ssot reads; -1 with `err` set otherwise. */
static int check_file(ssot_history *h, char *err, size_t n)
{
    long long app = 0, version = 0, tables = 0;
    if (query_int(h->db, "PRAGMA application_id", &app) != SQLITE_OK ||
        query_int(h->db, "PRAGMA user_version", &version) != SQLITE_OK ||
        query_int(h->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK) {
        db_error(err, n, h->path, "not an ssot history file", h->db);
        return -1;
    }
    if (app == 0 && version == 0 && tables == 0)
        return 0;
    if (app != SSOT_HISTORY_APPLICATION_ID) {
        snprintf(err, n, "%s: not an ssot history file (an SQLite database of another program)",
                 h->path);
        return -1;
    }
    if (version > SSOT_HISTORY_SCHEMA) {
        snprintf(err, n,
                 "%s: written by a newer ssot (history schema %lld; this ssot reads %d): "
                 "upgrade ssot, or use another --history file",
                 h->path, version, SSOT_HISTORY_SCHEMA);
        return -1;
    }
    if (version < 1) {
        snprintf(err, n, "%s: unknown history schema %lld", h->path, version);
        return -1;
    }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db, "PRAGMA quick_check", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *res = (const char *)sqlite3_column_text(st, 0);
        if (res && strcmp(res, "ok") != 0) {
            /* the first problem quick_check lists, on one line */
            snprintf(err, n, "%s: corrupt history file (SQLite quick_check: %.*s)", h->path,
                     (int)strcspn(res, "\r\n"), res);
            sqlite3_finalize(st);
            return -1;
        }
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        db_error(err, n, h->path, "corrupt history file", h->db);
        return -1;
    }
    return 1;
}

static ssot_status create_schema(ssot_history *h, char *err, size_t n)
{
    char *sql = ssot_asprintf("BEGIN IMMEDIATE;%sPRAGMA application_id = %d;"
                              "PRAGMA user_version = %d;COMMIT;",
                              schema, SSOT_HISTORY_APPLICATION_ID, SSOT_HISTORY_SCHEMA);
    int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
    free(sql);
    if (rc == SQLITE_OK)
        return SSOT_OK;
    db_error(err, n, h->path, "cannot create the history", h->db);
    sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return SSOT_ERR_IO;
}

ssot_status ssot_history_open(const char *path, bool write, ssot_history **out, char *err,
                              size_t n)
{
    *out = NULL;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (!exists && !write)
        return SSOT_OK;
    if (exists && !S_ISREG(sb.st_mode)) {
        snprintf(err, n, "%s: not an ssot history file (not a regular file)", path);
        return SSOT_ERR_INPUT;
    }
    ssot_history *h = ssot_calloc(1, sizeof(*h));
    h->path = ssot_strdup(path);
    int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &h->db, flags, NULL) != SQLITE_OK) {
        db_error(err, n, path, "cannot open the history", h->db);
        ssot_history_close(h);
        return SSOT_ERR_IO;
    }
    sqlite3_busy_timeout(h->db, 10000);
    int kind = check_file(h, err, n);
    ssot_status st = kind < 0 ? SSOT_ERR_INPUT : SSOT_OK;
    if (kind == 0 && write)
        st = create_schema(h, err, n);
    if (kind == 0 && !write) { /* an empty file: no history yet */
        ssot_history_close(h);
        return SSOT_OK;
    }
    if (st != SSOT_OK) {
        ssot_history_close(h);
        return st;
    }
    *out = h;
    return SSOT_OK;
}

void ssot_history_close(ssot_history *h)
{
    if (!h)
        return;
    sqlite3_close(h->db);
    free(h->path);
    free(h);
}

static char *grade_text(char g, char buf[2])
{
    buf[0] = g;
    buf[1] = '\0';
    return buf;
}

static int insert_run(ssot_history *h, const ssot_audit *a)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db,
                                "INSERT INTO run (commit_id, recorded_at, ssot_version, files, "
                                "lines, tests, placeholder_tests, findings, score, grade) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    const ssot_audit_node *root = &a->nodes[0];
    char g[2];
    sqlite3_bind_text(st, 1, a->commit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, SSOT_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, root->counts.files);
    sqlite3_bind_int64(st, 5, root->counts.lines);
    sqlite3_bind_int64(st, 6, root->counts.tests);
    sqlite3_bind_int64(st, 7, root->counts.placeholder_tests);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)a->finding_count);
    sqlite3_bind_double(st, 9, root->score);
    sqlite3_bind_text(st, 10, grade_text(root->grade, g), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int insert_modules(ssot_history *h, const ssot_audit *a, sqlite3_int64 run)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db,
                                "INSERT INTO module (run_id, path, files, lines, tests, "
                                "placeholder_tests, ph, mo, sg, dd, ss, score, grade) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                -1, &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < a->node_count; i++) {
        const ssot_audit_node *n = &a->nodes[i];
        if (n->is_file)
            continue;
        char g[2];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, n->path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, n->counts.files);
        sqlite3_bind_int64(st, 4, n->counts.lines);
        sqlite3_bind_int64(st, 5, n->counts.tests);
        sqlite3_bind_int64(st, 6, n->counts.placeholder_tests);
        for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
            sqlite3_bind_int64(st, 7 + f, n->counts.findings[f]);
        sqlite3_bind_double(st, 12, n->score);
        sqlite3_bind_text(st, 13, grade_text(n->grade, g), -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

static int insert_rules(ssot_history *h, const ssot_audit *a, sqlite3_int64 run)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db, "INSERT INTO rule (run_id, code, count) VALUES (?, ?, ?)",
                                -1, &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < a->rule_count; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, a->rules[i].code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, a->rules[i].count);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

ssot_status ssot_history_record(ssot_history *h, const ssot_audit *a, char *err, size_t n)
{
    int rc = sqlite3_exec(h->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = insert_run(h, a);
    sqlite3_int64 run = sqlite3_last_insert_rowid(h->db);
    if (rc == SQLITE_OK)
        rc = insert_modules(h, a, run);
    if (rc == SQLITE_OK)
        rc = insert_rules(h, a, run);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return SSOT_OK;
    db_error(err, n, h->path, "cannot record the run; the history is unchanged", h->db);
    sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return SSOT_ERR_IO;
}

static char *column_text(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return ssot_strdup(s ? (const char *)s : "");
}

ssot_status ssot_history_points(ssot_history *h, ssot_audit_point **points, size_t *count,
                                char *err, size_t n)
{
    SSOT_VEC(ssot_audit_point) out = {0};
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db,
                                "SELECT r.commit_id, r.recorded_at, r.lines, r.tests, "
                                "r.placeholder_tests, r.score, r.grade, "
                                "m.ph, m.mo, m.sg, m.dd, m.ss "
                                "FROM run r JOIN module m ON m.run_id = r.id AND m.path = '' "
                                "ORDER BY r.id",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ssot_audit_point p = {0};
        p.commit = column_text(st, 0);
        p.date = column_text(st, 1);
        p.lines = (uint32_t)sqlite3_column_int64(st, 2);
        p.tests = (uint32_t)sqlite3_column_int64(st, 3);
        p.placeholder_tests = (uint32_t)sqlite3_column_int64(st, 4);
        p.score = sqlite3_column_double(st, 5);
        const unsigned char *g = sqlite3_column_text(st, 6);
        p.grade = g && *g ? (char)g[0] : '?';
        for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
            p.findings[f] = (uint32_t)sqlite3_column_int64(st, 7 + f);
        p.recorded = true;
        SSOT_VEC_PUSH(&out, p);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        db_error(err, n, h->path, "cannot read the history", h->db);
        for (size_t i = 0; i < out.count; i++)
            ssot_audit_point_fini(&out.items[i]);
        free(out.items);
        return SSOT_ERR_INPUT;
    }
    *points = out.items;
    *count = out.count;
    return SSOT_OK;
}

ssot_status ssot_history_module_points(ssot_history *h, size_t first_run,
                                       ssot_audit_module_point **points, size_t *count,
                                       char *err, size_t n)
{
    SSOT_VEC(ssot_audit_module_point) out = {0};
    sqlite3_stmt *st;
    /* a run's index among the runs that have a root row, as ssot_history_points lists them */
    int rc = sqlite3_prepare_v2(h->db,
                                "WITH runs AS (SELECT r.id, row_number() OVER (ORDER BY r.id) - 1 "
                                "AS point FROM run r JOIN module m ON m.run_id = r.id AND "
                                "m.path = '') "
                                "SELECT runs.point, m.path, m.lines, m.score, m.grade, "
                                "m.ph, m.mo, m.sg, m.dd, m.ss "
                                "FROM module m JOIN runs ON runs.id = m.run_id "
                                "WHERE runs.point >= ? ORDER BY runs.point, m.path",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_int64(st, 1, (sqlite3_int64)first_run);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ssot_audit_module_point p = {0};
        p.point = (size_t)sqlite3_column_int64(st, 0);
        p.path = column_text(st, 1);
        p.lines = (uint32_t)sqlite3_column_int64(st, 2);
        p.score = sqlite3_column_double(st, 3);
        const unsigned char *g = sqlite3_column_text(st, 4);
        p.grade = g && *g ? (char)g[0] : '?';
        for (int f = 0; f < SSOT_AUDIT_FAMILIES; f++)
            p.findings[f] = (uint32_t)sqlite3_column_int64(st, 5 + f);
        SSOT_VEC_PUSH(&out, p);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        db_error(err, n, h->path, "cannot read the history", h->db);
        for (size_t i = 0; i < out.count; i++)
            ssot_audit_module_point_fini(&out.items[i]);
        free(out.items);
        return SSOT_ERR_INPUT;
    }
    *points = out.items;
    *count = out.count;
    return SSOT_OK;
}
