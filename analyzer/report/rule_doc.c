/* analyzer/report/rule_doc.c - print rule metadata as text, JSON or Markdown. */
#include "analyzer/report/rule_doc.h"

#include <jansson.h>
#include <string.h>

#include "analyzer/frontend/frontend.h"

static const char *scope_name(ssot_scope s)
{
    return s == SSOT_SCOPE_FILE ? "file" : s == SSOT_SCOPE_PROJECT ? "project" : "run";
}

static void indent(FILE *out, const char *text, const char *prefix)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "%s%.*s\n", prefix, (int)n, p);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static const char *status_name(const ssot_rule *r)
{
    return r->preview ? ", preview" : r->opt_in ? ", opt-in" : "";
}

/* Is `r` on by default, but preview on `fe`'s files (its front end's `preview_rules`)? */
static bool preview_on(const ssot_frontend *fe, const ssot_rule *r)
{
    if (r->preview || r->opt_in)
        return false;
    for (const char *const *p = fe->preview_rules; p && *p; p++)
        if (!strcmp(*p, r->code))
            return true;
    return false;
}

/* The languages on whose files `r` is preview while it is on elsewhere, as "javascript,
 * typescript, tsx" into `buf`; false when there is none (or the rule is preview or opt-in
 * everywhere). */
static bool language_preview(const ssot_rule *r, char *buf, size_t size)
{
    size_t count, used = 0;
    const ssot_frontend *const *fes = ssot_frontends(&count);
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++)
        if (preview_on(fes[i], r) && used < size)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                                     fes[i]->name);
    return used > 0;
}

/* "0.95 (38 of 40 judged findings right); recall 0.90 (27 of 30 labelled problems)", or a
 * sentence saying it was not measured. */
static void measured_text(FILE *out, const ssot_rule *r)
{
    const ssot_rule_precision *p = ssot_rule_precision_of(r->code);
    if (!p || (!p->judged && !p->positives)) {
        fputs("not measured (the labelled corpus holds no judged finding or problem of this "
              "rule)",
              out);
        return;
    }
    if (p->judged)
        fprintf(out, "precision %.2f (%u of %u judged findings right)",
                (double)p->right / p->judged, p->right, p->judged);
    else
        fputs("no finding on the corpus", out);
    if (p->positives)
        fprintf(out, ", recall %.2f (%u of %u labelled problems found)",
                (double)p->found / p->positives, p->found, p->positives);
    fprintf(out, "; corpus: %s (tools/eval)", ssot_rule_precision_corpus());
    char langs[256];
    if (language_preview(r, langs, sizeof(langs)))
        fputs("; on the files of the languages it is on for", out);
}

static void write_text(FILE *out, const ssot_rule *r)
{
    fprintf(out, "%s (%s) [%s%s]\n\n", r->code, r->name, ssot_severity_name(r->severity),
            status_name(r));
    if (r->preview)
        fprintf(out, "Preview (off unless selected by code or --preview)\n  %s\n\n", r->preview);
    char langs[256];
    if (language_preview(r, langs, sizeof(langs)))
        fprintf(out, "Preview on %s files\n  Measured below 0.90 precision on these languages' "
                     "corpus (docs/eval.md): on their files it runs only when selected by code "
                     "or with --preview; it is on by default for the other languages.\n\n", langs);
    fputs("Precision on real code\n  ", out);
    measured_text(out, r);
    fputs("\n\n", out);
    fprintf(out, "What it does\n  %s\n\nWhy is this bad?\n  %s\n\n", r->summary, r->why);
    if (r->not_flagged)
        fprintf(out, "What it leaves alone\n  %s\n\n", r->not_flagged);
    fprintf(out, "Example\n");
    indent(out, r->bad, "    ");
    fprintf(out, "\nUse instead\n");
    indent(out, r->good, "    ");
    if (r->bad_js && r->good_js) {
        fprintf(out, "\nExample (JavaScript/TypeScript)\n");
        indent(out, r->bad_js, "    ");
        fprintf(out, "\nUse instead\n");
        indent(out, r->good_js, "    ");
    }
    else if (r->no_js)
        fprintf(out, "\nJavaScript/TypeScript\n  %s\n", r->no_js);
    if (r->bad_c && r->good_c) {
        fprintf(out, "\nExample (C/C++)\n");
        indent(out, r->bad_c, "    ");
        fprintf(out, "\nUse instead\n");
        indent(out, r->good_c, "    ");
    }
}

static void code_block(FILE *out, const char *lang, const char *text)
{
    fprintf(out, "```%s\n%s%s```\n\n", lang, text, text[strlen(text) - 1] == '\n' ? "" : "\n");
}

static void write_markdown(FILE *out, const ssot_rule *r)
{
    fprintf(out, "# %s: %s\n\n", r->code, r->name);
    fprintf(out, "Default severity: **%s**%s. Scope: %s.\n\n", ssot_severity_name(r->severity),
            r->preview   ? " (preview: select it by code or run with `--preview`)"
            : r->opt_in ? " (opt-in: select it by code)"
                        : "",
            scope_name(r->scope));
    if (r->preview)
        fprintf(out, "**Preview**: %s\n\n", r->preview);
    char langs[256];
    if (language_preview(r, langs, sizeof(langs)))
        fprintf(out, "**Preview on %s files**: measured below 0.90 precision on these "
                     "languages' corpus ([eval](../eval.md)), so on their files it runs only "
                     "when selected by code or with `--preview`; it is on by default for the "
                     "other languages.\n\n", langs);
    fputs("Precision on real code: ", out);
    measured_text(out, r);
    fputs(".\n\n", out);
    fprintf(out, "## What it does\n\n%s\n\n## Why is this bad?\n\n%s\n\n", r->summary, r->why);
    if (r->not_flagged)
        fprintf(out, "## What it leaves alone\n\n%s\n\n", r->not_flagged);
    fputs("## Example\n\n", out);
    code_block(out, "python", r->bad);
    fputs("Use instead:\n\n", out);
    code_block(out, "python", r->good);
    if (r->bad_js && r->good_js) {
        fputs("### JavaScript/TypeScript\n\n", out);
        code_block(out, "ts", r->bad_js);
        fputs("Use instead:\n\n", out);
        code_block(out, "ts", r->good_js);
    }
    else if (r->no_js)
        fprintf(out, "### JavaScript/TypeScript\n\n%s\n\n", r->no_js);
    if (r->bad_c && r->good_c) {
        fputs("### C/C++\n\n", out);
        code_block(out, "cpp", r->bad_c);
        fputs("Use instead:\n\n", out);
        code_block(out, "cpp", r->good_c);
    }
    fprintf(out,
            "Suppress one finding with `# ssot: ignore[%s]` on its line (`// ssot: ignore[%s]` "
            "in JavaScript, TypeScript, C and C++; [placement](../configuration.md#suppression-"
            "comments)).\n",
            r->code, r->code);
}

static json_t *to_json(const ssot_rule *r)
{
    const ssot_rule_precision *p = ssot_rule_precision_of(r->code);
    size_t count;
    const ssot_frontend *const *fes = ssot_frontends(&count);
    json_t *langs = json_array();
    for (size_t i = 0; i < count; i++)
        if (preview_on(fes[i], r))
            json_array_append_new(langs, json_string(fes[i]->name));
    json_t *measured = p ? json_pack("{s:i, s:i, s:i, s:i, s:s}", "judged", (json_int_t)p->judged,
                                     "right", (json_int_t)p->right, "positives",
                                     (json_int_t)p->positives, "found", (json_int_t)p->found,
                                     "corpus", ssot_rule_precision_corpus())
                         : json_null();
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:b, s:s?, s:o, s:o}",
                     "code", r->code, "name", r->name, "summary", r->summary, "why", r->why,
                     "bad", r->bad, "good", r->good, "bad_js", r->bad_js, "good_js", r->good_js,
                     "bad_c", r->bad_c, "good_c", r->good_c,
                     "not_flagged", r->not_flagged, "severity",
                     ssot_severity_name(r->severity), "scope", scope_name(r->scope), "opt_in",
                     r->opt_in, "preview", r->preview, "preview_languages", langs, "measured", measured);
}

int ssot_rule_doc_write(FILE *out, const ssot_rule *const *rules, size_t count,
                        const char *format)
{
    if (!strcmp(format, "json")) {
        json_t *doc = count == 1 ? to_json(rules[0]) : json_array();
        if (count != 1)
            for (size_t i = 0; i < count; i++)
                json_array_append_new(doc, to_json(rules[i]));
        json_dumpf(doc, out, JSON_INDENT(2));
        fputc('\n', out);
        json_decref(doc);
    } else if (!strcmp(format, "markdown")) {
        for (size_t i = 0; i < count; i++) {
            if (i)
                fputs("\n---\n\n", out);
            write_markdown(out, rules[i]);
        }
    } else if (count == 1) {
        write_text(out, rules[0]);
    } else {
        for (size_t i = 0; i < count; i++)
            fprintf(out, "%-6s %-28s %-8s %s%s\n", rules[i]->code, rules[i]->name,
                    ssot_severity_name(rules[i]->severity), rules[i]->summary,
                    rules[i]->preview ? " (preview)" : rules[i]->opt_in ? " (opt-in)" : "");
    }
    return ferror(out) ? -1 : 0;
}
