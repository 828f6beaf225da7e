/* rules/duplicates/duplicate_class.c - DD001: a public class defined in several modules
 * with evidence that the definitions are one concept. */
#include "rules/duplicates/duplicates.h"

static void check(const ssot_facts *facts, ssot_sink *sink)
{
    for (const ssot_definition *d = NULL; (d = ssot_dd_next(facts, "DD001", d));) {
        ssot_sink_report(sink, &d->loc, d->qualname,
                         "%s `%s` is %s in %u modules (%s); the likely canonical one is %s",
                         d->flags & SSOT_DEFF_TYPE ? "type" : "class", d->name,
                         d->flags & SSOT_DEFF_TYPE ? "declared" : "defined", d->dup->site_count,
                         d->dup->evidence,
                         ssot_dd_canonical(sink, d->dup));
        ssot_dd_relate(sink, d);
    }
}

const ssot_rule ssot_rule_dd001 = {
    .code = "DD001",
    .name = "duplicate-class",
    .summary = "A public class name is defined in several modules, and the definitions are "
               "one concept: a method body of real size is the same, two or more methods "
               "share name and body, or the class bodies are verbatim copies.",
    .why = "Two `WebSocketManager`s are two sources of truth: each caller gets one of them, "
           "and a fix made to one is missing from the other.",
    .bad = "# app/websocket/manager.py\nclass WebSocketManager:\n    def connect(self, ws): ...\n"
           "    def broadcast(self, msg): ...\n\n# app/websocket/legacy_manager.py\n"
           "class WebSocketManager:\n    def connect(self, ws): ...\n"
           "    def broadcast(self, msg): ...\n",
    .good = "# app/websocket/legacy_manager.py\nfrom app.websocket.manager import "
            "WebSocketManager\n",
    .bad_js = "// packages/api/src/types.ts\n"
           "export interface ChatMessage {\n"
           "  id: string;\n"
           "  author: string;\n"
           "  body: string;\n"
           "}\n"
           "\n"
           "// packages/web/src/chat/types.ts\n"
           "export interface ChatMessage {\n"
           "  id: string;\n"
           "  author: string;\n"
           "  body: string;\n"
           "}\n",
    .good_js = "// packages/contracts/src/chat.ts: the one definition both packages import\n"
           "export interface ChatMessage {\n"
           "  id: string;\n"
           "  author: string;\n"
           "  body: string;\n"
           "}\n",
    .bad_c = "/* include/net/packet.h */\n"
             "struct header { uint16_t type; uint16_t len; uint32_t seq; };\n\n"
             "/* include/storage/record.h: the same struct again */\n"
             "struct header { uint16_t type; uint16_t len; uint32_t seq; };\n",
    .good_c = "/* include/proto/header.h: the one definition both include */\n"
              "struct header { uint16_t type; uint16_t len; uint32_t seq; };\n",
    .not_flagged = "The name alone, or both being imported; one class extending the other "
                   "(`class Foo(base.Foo)`, or through an import alias); methods that share a "
                   "name but not a body (polymorphic implementations of one interface), or "
                   "small ones a common base explains (`start`, `stop`, `render`); API, "
                   "GraphQL and serializer types mirroring a model, ORM rows vs. schemas (their "
                   "bodies differ); classes in different deployment units (services with "
                   "their own packaging, standalone programs such as scripts and docs-example "
                   "apps: DD005 reports those, opt-in); plugin conventions (the same name in 5 or "
                   "more sibling modules); exception classes; nested `Meta`/`Config`; private "
                   "names; test, generated and vendored files.",
    .severity = SSOT_SEVERITY_WARNING,
    .scope = SSOT_SCOPE_FILE,
    .check_file = check,
};
