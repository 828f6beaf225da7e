/* analyzer/engine/suppress.c - apply inline suppression comments to one file's findings and report
 * the ones that suppressed nothing (SS901). */
#include "analyzer/engine/suppress.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"

enum { MAX_CODES = 16, FILE_LEVEL_LINES = 20 };

/* Our families: a `# noqa:` list also holds other tools' codes (E501, F401), which are
 * not ours to judge. E001-E009 are ssot's; pycodestyle starts at E101. */
static bool is_ours(const char *code)
{
    static const char *const families[] = {"PH", "MO", "SG", "DD", "SS", NULL};
    for (const char *const *f = families; *f; f++)
        if (!strncmp(code, *f, 2))
            return true;
    return code[0] == 'E' && code[1] == '0' && code[2] == '0';
}

static int read_codes(const char *p, const char *end, char codes[][16], int max, bool ours_only)
{
    int n = 0;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ',' || *p == '\t'))
            p++;
        const char *start = p;
        while (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            p++;
        size_t len = (size_t)(p - start);
        if (!len)
            break;
        if (len < 16 && n < max) {
            memcpy(codes[n], start, len);
            codes[n][len] = '\0';
            if (!ours_only || is_ours(codes[n]))
                n++;
        }
    }
    return n;
}

int ssot_suppress_parse(const char *comment, char codes[][16], int max, bool *file_level)
{
    *file_level = false;
    const char *s = strstr(comment, "ssot:");
    if (s) {
        s += 5;
        while (*s == ' ')
            s++;
        if (!strncmp(s, "ignore-file[", 12)) {
            *file_level = true;
            s += 12;
        } else if (!strncmp(s, "ignore[", 7)) {
            s += 7;
        } else {
            return -1;
        }
        const char *close = strchr(s, ']');
        if (!close)
            return -1;
        return read_codes(s, close, codes, max, false);
    }
    const char *q = strstr(comment, "noqa:");
    if (!q)
        q = strstr(comment, "NOQA:");
    if (!q)
        return -1;
    q += 5;
    /* the code list ends at the next comment marker */
    const char *end = strchr(q, '#');
    if (!end)
        end = q + strlen(q);
    int n = read_codes(q, end, codes, max, true);
    return n > 0 ? n : -1;
}

static bool code_matches(const char *listed, const char *code)
{
    return !strncmp(code, listed, strlen(listed)); /* a family prefix covers its codes */
}

/* The rows a suppression on `row` covers: the row itself, or the whole function or class
 * whose def/class line it is. */
static void covered_rows(const ssot_facts *facts, uint32_t row, uint32_t *first, uint32_t *last)
{
    *first = *last = row;
    int32_t cls = -1;
    for (size_t i = 0; i < facts->class_count && cls < 0; i++)
        if (facts->classes[i].loc.span.row == row)
            cls = (int32_t)i;
    for (size_t i = 0; i < facts->function_count; i++) {
        const ssot_function *fn = &facts->functions[i];
        bool in_class = false; /* a method of the class, or of a class nested in it */
        for (int32_t k = fn->class_index; cls >= 0 && k >= 0; k = facts->classes[k].outer_index)
            in_class |= k == cls;
        if ((fn->def.span.row == row || in_class) && fn->body.end_row > *last)
            *last = fn->body.end_row;
    }
}

void ssot_suppress_apply(const ssot_facts *facts, ssot_sink *sink, const ssot_selection *sel)
{
    size_t original = sink->count;
    const ssot_rule *ss901 = ssot_rule_find("SS901");
    for (size_t c = 0; c < facts->comment_count; c++) {
        const ssot_comment *k = &facts->comments[c];
        char codes[MAX_CODES][16];
        bool file_level;
        int n = ssot_suppress_parse(k->text, codes, MAX_CODES, &file_level);
        if (n <= 0)
            continue;
        if (file_level && k->row > FILE_LEVEL_LINES)
            continue; /* documented: ignore-file lives in the first 20 lines */
        uint32_t first, last;
        covered_rows(facts, k->row, &first, &last);
        for (int i = 0; i < n; i++) {
            bool used = false;
            for (size_t d = 0; d < original; d++) {
                ssot_diag *diag = &sink->items[d];
                if (!code_matches(codes[i], diag->rule->code))
                    continue;
                if (!file_level && (diag->span.row < first || diag->span.row > last))
                    continue;
                diag->suppressed = true;
                used = true;
            }
            if (used || !ss901 || !sel)
                continue;
            /* only codes of rules that ran can be judged unused */
            bool known;
            bool any_ran = ssot_selection_ran(sel, codes[i], &known);
            if (known && !any_ran)
                continue;
            ssot_loc loc = {{k->row, k->col, k->row, k->col + (uint32_t)strlen(k->text)},
                            k->text};
            const ssot_rule *saved = sink->rule;
            sink->rule = ss901;
            if (known)
                ssot_sink_report(sink, &loc, "",
                                 "suppression of `%s` suppresses nothing here; remove it",
                                 codes[i]);
            else
                ssot_sink_report(sink, &loc, "",
                                 "suppression names `%s`, which is not an ssot rule", codes[i]);
            sink->rule = saved;
        }
    }
}
