/* analyzer/diff/write_markdown.c - `ssot diff --output-format markdown`: a PR comment. The
 * verdict in the heading, a table of counts, the weaker changes in a table, the stronger
 * ones folded away. */
#include <string.h>

#include "analyzer/diff/diff.h"

/* Text in a table cell: `|` escaped, line breaks made spaces. */
static void cell(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
}

static void table(FILE *out, const ssot_diff_output *o, bool weaker)
{
    fputs("| where | change | what |\n|---|---|---|\n", out);
    for (size_t i = 0; i < o->deltas->count; i++) {
        const ssot_delta *d = &o->deltas->items[i];
        if (ssot_delta_kind_weakens(d->kind) != weaker)
            continue;
        fputs("| `", out);
        cell(out, d->path);
        fprintf(out, ":%u` | %s%s%s%s | ", d->row, ssot_delta_kind_name(d->kind),
                d->code ? " " : "", d->code ? d->code : "",
                o->fail_on && o->fail_on[d->kind] ? " **(fail-on)**" : "");
        cell(out, d->message);
        fputs(" |\n", out);
    }
}

int ssot_diff_write_markdown(FILE *out, const ssot_diff_output *o)
{
    const ssot_diff_summary *s = &o->summary;
    const char *verdict = s->verdict == SSOT_DIFF_WEAKER     ? "**weaker**"
                          : s->verdict == SSOT_DIFF_STRONGER ? "**stronger**"
                          : s->verdict == SSOT_DIFF_MIXED    ? "both **stronger** and **weaker**"
                                                             : "neither stronger nor weaker";
    fprintf(out, "### ssot diff: the suite got %s\n\n", verdict);
    fprintf(out, "`%s` (`%s`) → ", o->base_rev, o->base_id);
    if (o->head_rev)
        fprintf(out, "`%s` (`%s`)", o->head_rev, o->head_id);
    else
        fputs("the work tree", out);
    fprintf(out, " · tests: %zu → %zu · %zu weaker, %zu stronger", s->base_tests, s->head_tests,
            s->weaker, s->stronger);
    if (s->failing)
        fprintf(out, " · **%zu forbidden by `[diff] fail-on`**", s->failing);
    fputs("\n\n", out);
    if (s->weaker || s->stronger) {
        fputs("| change | count |\n|---|---:|\n", out);
        for (int k = 0; k < SSOT_DELTA_KIND_COUNT; k++)
            if (s->counts[k])
                fprintf(out, "| %s %s | %zu |\n",
                        ssot_delta_kind_weakens((ssot_delta_kind)k) ? "weaker:" : "stronger:",
                        ssot_delta_kind_label((ssot_delta_kind)k), s->counts[k]);
        fputc('\n', out);
    }
    if (s->weaker) {
        fputs("#### Weaker\n\n", out);
        table(out, o, true);
        fputc('\n', out);
    }
    if (s->stronger) {
        fprintf(out, "<details><summary>Stronger (%zu)</summary>\n\n", s->stronger);
        table(out, o, false);
        fputs("\n</details>\n", out);
    }
    return ferror(out) ? -1 : 0;
}
