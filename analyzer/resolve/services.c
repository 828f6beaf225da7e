/* analyzer/resolve/services.c - service boundaries (MO004): is what a patch replaces, or what a
 * double is specced after, a client of something outside the process? Decided from facts:
 * the name is a known client library (HTTP, database, cache, queue, cloud SDK, LLM API),
 * or a project function or class whose module imports one, or whose bases are one. */
#include "analyzer/resolve/services.h"

#include <stdio.h>
#include <string.h>

typedef struct library {
    const char *module; /* dotted prefix */
    const char *kind;
} library;

/* Client libraries of things outside the process. In-process stores (sqlite3, shelve)
 * and local system calls (socket helpers, subprocess) are not in the list. */
static const library libraries[] = {
    {"requests", "an HTTP client"},        {"httpx", "an HTTP client"},
    {"aiohttp", "an HTTP client"},         {"urllib3", "an HTTP client"},
    {"urllib.request.urlopen", "an HTTP client"}, {"urllib.request.build_opener", "an HTTP client"},
    {"urllib.request.OpenerDirector", "an HTTP client"},
    {"http.client.HTTPConnection", "an HTTP client"},
    {"http.client.HTTPSConnection", "an HTTP client"},
    {"httplib2", "an HTTP client"},        {"pycurl", "an HTTP client"},
    {"treq", "an HTTP client"},            {"tornado.httpclient", "an HTTP client"},
    {"websockets", "a WebSocket client"},  {"websocket", "a WebSocket client"},
    {"grpc", "an RPC client"},             {"sqlalchemy", "a database client"},
    {"psycopg2", "a database client"},     {"psycopg", "a database client"},
    {"asyncpg", "a database client"},      {"pymysql", "a database client"},
    {"MySQLdb", "a database client"},      {"aiomysql", "a database client"},
    {"aiopg", "a database client"},        {"pymongo", "a database client"},
    {"motor", "a database client"},        {"cassandra", "a database client"},
    {"elasticsearch", "a search client"},  {"opensearchpy", "a search client"},
    {"neo4j", "a database client"},        {"clickhouse_driver", "a database client"},
    {"influxdb_client", "a database client"}, {"redis", "a cache client"},
    {"aioredis", "a cache client"},        {"pymemcache", "a cache client"},
    {"memcache", "a cache client"},        {"aiomcache", "a cache client"},
    {"kombu", "a queue client"},           {"celery", "a task queue"},
    {"pika", "a queue client"},            {"aio_pika", "a queue client"},
    {"aiokafka", "a queue client"},        {"kafka", "a queue client"},
    {"confluent_kafka", "a queue client"}, {"nats", "a queue client"},
    {"paho.mqtt", "a queue client"},       {"boto3", "a cloud SDK"},
    {"botocore", "a cloud SDK"},           {"aiobotocore", "a cloud SDK"},
    {"aioboto3", "a cloud SDK"},           {"google.cloud", "a cloud SDK"},
    {"googleapiclient", "a cloud SDK"},    {"azure", "a cloud SDK"},
    {"firebase_admin", "a cloud SDK"},     {"openai", "an LLM API client"},
    {"anthropic", "an LLM API client"},    {"cohere", "an LLM API client"},
    {"google.generativeai", "an LLM API client"}, {"google.genai", "an LLM API client"},
    {"mistralai", "an LLM API client"},    {"groq", "an LLM API client"},
    {"litellm", "an LLM API client"},      {"ollama", "an LLM API client"},
    {"smtplib", "a mail client"},          {"aiosmtplib", "a mail client"},
    {"stripe", "a payment API client"},    {"twilio", "a messaging API client"},
    {"sendgrid", "a mail API client"},     {"slack_sdk", "a messaging API client"},
    {"paramiko", "an SSH client"},         {"ftplib", "an FTP client"},
    /* JavaScript/TypeScript packages (module mocks name them as imported) */
    {"axios", "an HTTP client"},           {"node-fetch", "an HTTP client"},
    {"got", "an HTTP client"},             {"undici", "an HTTP client"},
    {"ky", "an HTTP client"},              {"cross-fetch", "an HTTP client"},
    {"pg", "a database client"},           {"mysql", "a database client"},
    {"mysql2", "a database client"},       {"mongodb", "a database client"},
    {"mongoose", "a database client"},     {"@prisma/client", "a database client"},
    {"knex", "a database client"},         {"ioredis", "a cache client"},
    {"kafkajs", "a queue client"},         {"amqplib", "a queue client"},
    {"bullmq", "a queue client"},          {"@aws-sdk", "a cloud SDK"},
    {"aws-sdk", "a cloud SDK"},            {"@google-cloud", "a cloud SDK"},
    {"@azure", "a cloud SDK"},             {"firebase-admin", "a cloud SDK"},
    {"@anthropic-ai/sdk", "an LLM API client"}, {"@google/generative-ai", "an LLM API client"},
    {"nodemailer", "a mail client"},       {"@sendgrid/mail", "a mail API client"},
    {"@slack/web-api", "a messaging API client"},
    {NULL, NULL},
};

const char *ssot_service_library(const char *dotted, const char **library_name)
{
    if (!dotted)
        return NULL;
    for (const library *l = libraries; l->module; l++) {
        size_t n = strlen(l->module);
        if (!strncmp(dotted, l->module, n) &&
            (dotted[n] == '\0' || dotted[n] == '.' || dotted[n] == '/')) {
            if (library_name)
                *library_name = l->module;
            return l->kind;
        }
    }
    return NULL;
}

/* The import of `facts` bound to the local name `name[0..len)`, or NULL. */
static const ssot_import *import_of(const ssot_facts *facts, const char *name, size_t len)
{
    for (size_t i = 0; i < facts->import_count; i++) {
        const ssot_import *m = &facts->imports[i];
        if (m->local && strlen(m->local) == len && !strncmp(m->local, name, len))
            return m;
    }
    return NULL;
}

/* `dotted` with its first name replaced by what the file imported under that name:
 * `LLMClient.complete` -> `app.llm.LLMClient.complete`. */
static const char *expand(ssot_arena *arena, const ssot_facts *facts, const char *dotted)
{
    size_t head = strcspn(dotted, ".");
    const ssot_import *m = import_of(facts, dotted, head);
    if (!m)
        return dotted;
    const char *rest = dotted + head;
    if (m->name) {
        const char *sep = m->module[strlen(m->module) - 1] == '.' ? "" : ".";
        return ssot_arena_printf(arena, "%s%s%s%s", m->module, sep, m->name, rest);
    }
    return ssot_arena_printf(arena, "%s%s", m->module, rest);
}

static int32_t file_position(const ssot_index *idx, const ssot_facts *facts)
{
    for (size_t i = 0; i < idx->files.count; i++)
        if (idx->files.items[i] == facts)
            return (int32_t)i;
    return -1;
}

/* Is the head of `dotted` exactly one of the project's modules (the project that is
 * itself `aiohttp` patches its own code, not a client library)? */
static bool project_head(const ssot_index *idx, const char *dotted)
{
    size_t head = strcspn(dotted, ".");
    for (size_t i = 0; i < idx->modules.count; i++) {
        const char *m = idx->modules.items[i];
        if (m && strlen(m) == head && !strncmp(m, dotted, head))
            return true;
    }
    return false;
}

static const char *evidence(ssot_index *idx, const ssot_facts *facts, const char *dotted,
                            int depth);

/* The class of `mf` named `rest[0..seg)`, or NULL. */
static const ssot_class *class_named(const ssot_facts *mf, const char *rest, size_t seg)
{
    for (size_t k = 0; k < mf->class_count; k++) {
        const ssot_class *c = &mf->classes[k];
        if (c->outer_index < 0 && strlen(c->name) == seg && !strncmp(c->name, rest, seg))
            return c;
    }
    return NULL;
}

static bool function_named(const ssot_facts *mf, const char *rest, size_t seg)
{
    for (size_t k = 0; k < mf->module_fn_count; k++) {
        const char *n = mf->module_fns[k].name;
        if (n && strlen(n) == seg && !strncmp(n, rest, seg))
            return true;
    }
    return false;
}

/* `rest` (the module itself when empty, a function or class of it, or a name it imported)
 * of the project module `module` in `mf`. Module-level objects (`app.state`, a registry)
 * are in-process values, not wrappers. */
static const char *in_module(ssot_index *idx, const ssot_facts *mf, const char *module,
                             const char *rest, int depth)
{
    size_t seg = strcspn(rest, ".");
    if (seg) {
        /* a name the module imported: `app.payments.requests.post` */
        if (import_of(mf, rest, seg))
            return evidence(idx, mf, rest, depth + 1);
        const ssot_class *c = class_named(mf, rest, seg);
        for (size_t b = 0; c && b < c->base_count; b++) {
            const char *base = expand(idx->arena, mf, c->bases[b]);
            const char *kind = ssot_service_library(base, NULL);
            if (kind)
                return ssot_arena_printf(idx->arena, "`%.*s` subclasses `%s` (%s)", (int)seg,
                                         rest, base, kind);
        }
        if (!c && !function_named(mf, rest, seg))
            return NULL;
    }
    /* the module uses a client library */
    for (size_t i = 0; i < mf->import_count; i++) {
        const ssot_import *m = &mf->imports[i];
        if (m->module[0] == '.' || project_head(idx, m->module))
            continue; /* the project's own modules (the project may be a client library) */
        const char *lib = NULL;
        const char *kind = ssot_service_library(m->module, &lib);
        if (!kind && m->name) {
            const char *full = ssot_arena_printf(idx->arena, "%s.%s", m->module, m->name);
            kind = ssot_service_library(full, &lib);
        }
        if (kind)
            return ssot_arena_printf(idx->arena, "`%s` imports `%s` (%s)", module, lib, kind);
    }
    return NULL;
}

/* Why the absolute dotted name `full` is a boundary, or NULL. */
static const char *absolute(ssot_index *idx, const ssot_facts *facts, const char *full,
                            int depth)
{
    if (!project_head(idx, full)) {
        const char *lib = NULL;
        const char *kind = ssot_service_library(full, &lib);
        if (kind)
            return ssot_arena_printf(idx->arena, "`%s` is %s", lib, kind);
    }
    int32_t from = file_position(idx, facts);
    if (from < 0)
        return NULL;
    /* the longest prefix that is a project module */
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", full);
    for (char *end = buf + strlen(buf); end > buf;) {
        *end = '\0';
        int32_t f = ssot_index_module(idx, (size_t)from, buf);
        if (f >= 0 && idx->files.items[f] != facts) {
            const char *rest = full + (end - buf);
            rest += *rest == '.';
            return in_module(idx, idx->files.items[f], idx->modules.items[f], rest, depth);
        }
        char *dot = strrchr(buf, '.');
        if (!dot)
            break;
        end = dot;
    }
    return NULL;
}

/* A patch string (`"app.payments.charge"`) is absolute; an object as written
 * (`LLMClient.complete`, a spec) goes through the file's imports. Both are tried. */
static const char *evidence(ssot_index *idx, const ssot_facts *facts, const char *dotted,
                            int depth)
{
    if (!dotted || !*dotted || depth > 4)
        return NULL;
    const char *e = absolute(idx, facts, dotted, depth);
    const char *full = e ? dotted : expand(idx->arena, facts, dotted);
    return e ? e : full != dotted ? absolute(idx, facts, full, depth) : NULL;
}

const char *ssot_service_boundary(ssot_index *idx, const ssot_facts *facts, const char *target)
{
    return evidence(idx, facts, target, 0);
}
