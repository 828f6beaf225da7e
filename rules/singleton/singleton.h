/* rules/singleton/singleton.h - what the SG rules share: the objects that are fine to share
 * across requests (built in, plus `[singletons] allow` from the configuration). */
#ifndef SSOT_RULES_SINGLETON_SINGLETON_H
#define SSOT_RULES_SINGLETON_SINGLETON_H

#include <stdbool.h>

#include "analyzer/engine/diag.h"
#include "analyzer/facts/facts.h"

/* Is a shared object harmless: its binding or function `name`, the `callee` that makes it
 * (imports applied) or its class `cls` is a logger, a compiled pattern, a lock, a
 * ContextVar, a web framework's app or router, a typing helper, or matches the file's
 * `[singletons] allow` list? Any argument may be NULL. */
bool ssot_sg_allowed(const ssot_facts *facts, const char *name, const char *callee,
                     const char *cls);

/* `ssot_sg_allowed` for a held object: also true when a class outside the project that its
 * class derives from is harmless (a `Logger` or `Signal` subclass is one) or allowed. */
bool ssot_sg_allowed_held(const ssot_facts *facts, const char *name, const char *callee,
                          const ssot_held *held);

/* RULES.md "SG": shared state keyed by or written from a request-scoped value (`request`, the
 * evidence; NULL when none) is a warning, other shared state info. */
ssot_severity ssot_sg_severity(const char *request);
/* Is a finding with this evidence (`request`, NULL when none) reported at all? Shared state
 * holding request-scoped data always is; other shared state only when the configuration
 * says `[singletons] report = "all"` (the gate answers "can one user's data reach another
 * user?"; the rest is an inventory a team asks for). */
bool ssot_sg_reported(const ssot_facts *facts, const char *request);
/* Filled at import time (RULES.md "SG"): the module body fills the binding (module-level
 * calls of its methods, item assignments, a literal with entries) and every function that
 * writes to it stores only what its caller hands it (a registration API such as
 * `register(key, value)`), with no request-scoped value. */
bool ssot_sg_import_filled(const ssot_binding *b, const char *request);
/* The evidence for the message, or a clause saying there is none. */
const char *ssot_sg_danger(const char *request);

/* A module binding as a message names it: "`name`", or the language's name of a `default`
 * binding ("the default export of `store.ts`"). `module_level` writes "module-level `name`". */
const char *ssot_sg_binding(ssot_sink *sink, const ssot_facts *facts, const char *name,
                            bool module_level);

/* A memoisation cache by its name (`_cache`, `_lexer_cache`, `CHAR_CACHE`): it maps an input
 * to what is computed from that input alone, so it holds no one user's state. */
bool ssot_sg_is_cache_name(const char *name);

#endif /* SSOT_RULES_SINGLETON_SINGLETON_H */
