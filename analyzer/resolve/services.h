/* analyzer/resolve/services.h - service boundaries for MO004: a client of something outside the
 * process (HTTP, database, cache, queue, cloud SDK, LLM API), or a project function or class
 * that wraps one, decided from imports and bases. */
#ifndef SSOT_ANALYZER_SERVICES_H
#define SSOT_ANALYZER_SERVICES_H

#include "analyzer/facts/facts.h"
#include "analyzer/resolve/index.h"

/* What kind of client the dotted name's library is ("an HTTP client"), or NULL; the
 * library's own dotted name into *library_name when that is not NULL. */
const char *ssot_service_library(const char *dotted, const char **library_name);

/* Why `target` (a patch target or a spec, as written in `facts`, whose imports apply) is a
 * service boundary, as message text in the index's arena ("`app.llm` imports `httpx` (an
 * HTTP client)"), or NULL when nothing says it is. */
const char *ssot_service_boundary(ssot_index *index, const ssot_facts *facts, const char *target);

#endif /* SSOT_ANALYZER_SERVICES_H */
