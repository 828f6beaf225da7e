/* analyzer/diff/write_text.c - `ssot diff` as text: one line per delta (`path:line: kind
 * message`), weaker first, then the counts and the verdict. */
#include "analyzer/diff/diff.h"

#define BOLD "\033[1m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define RESET "\033[0m"

static void delta_line(FILE *out, const ssot_diff_output *o, const ssot_delta *d)
{
    bool weak = ssot_delta_kind_weakens(d->kind);
    const char *colour = !o->color ? "" : weak ? RED : GREEN;
    const char *bold = o->color ? BOLD : "", *reset = o->color ? RESET : "";
    fprintf(out, "%s%s%s:%u: %s%s%s%s%s%s %s\n", bold, d->path, reset, d->row, colour,
            ssot_delta_kind_name(d->kind), reset, d->code ? " " : "", d->code ? d->code : "",
            o->fail_on && o->fail_on[d->kind] ? " [fail-on]" : "", d->message);
}

static void counts_line(FILE *out, const ssot_diff_output *o, bool weaker)
{
    const ssot_diff_summary *s = &o->summary;
    fprintf(out, "%s (%zu):", weaker ? "Weaker" : "Stronger", weaker ? s->weaker : s->stronger);
    bool first = true;
    for (int k = 0; k < SSOT_DELTA_KIND_COUNT; k++) {
        if (ssot_delta_kind_weakens((ssot_delta_kind)k) != weaker || !s->counts[k])
            continue;
        fprintf(out, "%s %s %zu", first ? "" : ",", ssot_delta_kind_label((ssot_delta_kind)k),
                s->counts[k]);
        first = false;
    }
    fprintf(out, "%s\n", first ? " none" : "");
}

int ssot_diff_write_text(FILE *out, const ssot_diff_output *o)
{
    for (size_t i = 0; i < o->deltas->count; i++)
        delta_line(out, o, &o->deltas->items[i]);
    if (o->deltas->count)
        fputc('\n', out);
    counts_line(out, o, true);
    counts_line(out, o, false);
    const ssot_diff_summary *s = &o->summary;
    const char *verdict = s->verdict == SSOT_DIFF_WEAKER     ? "weaker"
                          : s->verdict == SSOT_DIFF_STRONGER ? "stronger"
                          : s->verdict == SSOT_DIFF_MIXED    ? "both stronger and weaker"
                                                             : "neither stronger nor weaker";
    fprintf(out, "%s%s (%s) → ", o->color ? BOLD : "", o->base_rev, o->base_id);
    if (o->head_rev)
        fprintf(out, "%s (%s)", o->head_rev, o->head_id);
    else
        fputs("the work tree", out);
    fprintf(out, "%s: the suite got %s (%zu → %zu tests)", o->color ? RESET : "", verdict,
            s->base_tests, s->head_tests);
    if (s->failing)
        fprintf(out, "; %zu change%s forbidden by [diff] fail-on", s->failing,
                s->failing == 1 ? " is" : "s are");
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
