/* rules/duplicates/duplicates.c - helpers shared by the DD rules (see duplicates.h). */
#include "rules/duplicates/duplicates.h"

#include <string.h>

const ssot_definition *ssot_dd_next(const ssot_facts *facts, const char *code,
                                    const ssot_definition *after)
{
    const ssot_definition *d = after ? after + 1 : facts->definitions;
    for (; d && d < facts->definitions + facts->definition_count; d++)
        if (d->dup && !strcmp(d->dup->code, code))
            return d;
    return NULL;
}

static bool is_self(const ssot_dup_site *s, const ssot_definition *d, const char *path)
{
    return !strcmp(s->path, path) && s->span.row == d->loc.span.row &&
           s->span.col == d->loc.span.col;
}

/* A site as its language names it: `pkg.mod.Name`, or `Name` in `src/mod.ts`. */
static const char *site_name(ssot_sink *sink, const ssot_dup_site *s)
{
    if (s->by_path)
        return ssot_arena_printf(ssot_sink_arena(sink), "`%s` in `%s`", s->qualname, s->path);
    return ssot_arena_printf(ssot_sink_arena(sink), "`%s.%s`", s->module, s->qualname);
}

void ssot_dd_relate(ssot_sink *sink, const ssot_definition *d)
{
    const ssot_dup *dup = d->dup;
    for (size_t i = 0; i < dup->site_count; i++) {
        const ssot_dup_site *s = &dup->sites[i];
        if (is_self(s, d, sink->path))
            continue;
        ssot_loc at = {s->span, ""};
        ssot_sink_relate(sink, s->path, &at, "%s%s", i == 0 ? "canonical: " : "",
                         site_name(sink, s));
    }
}

const char *ssot_dd_canonical(ssot_sink *sink, const ssot_dup *dup)
{
    const ssot_dup_site *c = &dup->sites[0]; /* the likely canonical one */
    if (c->by_path && c->imported)
        return ssot_arena_printf(ssot_sink_arena(sink), "%s (line %u, imported %u time%s)",
                                 site_name(sink, c), c->span.row, c->imported,
                                 c->imported == 1 ? "" : "s");
    if (c->by_path)
        return ssot_arena_printf(ssot_sink_arena(sink), "%s (line %u)", site_name(sink, c),
                                 c->span.row);
    if (c->imported)
        return ssot_arena_printf(ssot_sink_arena(sink), "`%s.%s` (%s:%u, imported %u time%s)",
                                 c->module, c->qualname, c->path, c->span.row, c->imported,
                                 c->imported == 1 ? "" : "s");
    return ssot_arena_printf(ssot_sink_arena(sink), "`%s.%s` (%s:%u)", c->module, c->qualname,
                             c->path, c->span.row);
}
