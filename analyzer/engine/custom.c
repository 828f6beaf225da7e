/* analyzer/engine/custom.c - user-defined pattern rules: one PCRE2 match loop per rule, the pattern
 * compiled (and JIT-compiled) once by the configuration. */
#include "analyzer/engine/custom.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

static bool in_scope(const ssot_custom_rule *c, const char *config_path)
{
    if (!c->file_count)
        return true;
    for (size_t i = 0; i < c->file_count; i++)
        if (ssot_glob_match(c->files[i], config_path))
            return true;
    return false;
}

/* Report one match at [start, end) of the text. */
static void report(ssot_sink *sink, const ssot_source *src, size_t start, size_t end,
                   const char *message)
{
    uint32_t row = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < start; i++)
        if (src->text[i] == '\n') {
            row++;
            line_start = i + 1;
        }
    size_t line_end = line_start;
    while (line_end < src->len && src->text[line_end] != '\n')
        line_end++;
    size_t stop = end < line_end ? end : line_end;
    ssot_loc loc;
    loc.span.row = loc.span.end_row = row;
    loc.span.col = ssot_source_column(src->text + line_start, src->text + start);
    loc.span.end_col = ssot_source_column(src->text + line_start, src->text + stop);
    char snippet[241];
    size_t n = line_end - line_start < 240 ? line_end - line_start : 240;
    memcpy(snippet, src->text + line_start, n);
    snippet[n] = '\0';
    loc.snippet = snippet;
    ssot_sink_report(sink, &loc, "", "%s", message);
}

void ssot_custom_run(const ssot_selection *sel, const bool *custom_enabled,
                     const ssot_source *src, const char *config_path, ssot_sink *sink)
{
    if (!sel || !sel->config)
        return;
    for (size_t i = 0; i < sel->custom_count; i++) {
        const ssot_custom_rule *c = &sel->config->custom[i];
        if (!custom_enabled[i] || !c->regex || !in_scope(c, config_path))
            continue;
        const pcre2_code *re = c->regex;
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        sink->rule = &sel->custom[i];
        size_t pos = 0;
        /* line by line: each line is its own subject, so `^`/`$` and `.` stay in the line */
        while (pos <= src->len) {
            size_t end = src->len;
            if (!c->multiline) {
                const char *nl = memchr(src->text + pos, '\n', src->len - pos);
                end = nl ? (size_t)(nl - src->text) : src->len;
            }
            size_t offset = pos;
            while (offset <= end) {
                int rc = pcre2_match(re, (PCRE2_SPTR)src->text + pos, end - pos, offset - pos, 0,
                                     md, NULL);
                if (rc < 0)
                    break;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                report(sink, src, pos + ov[0], pos + ov[1], c->message);
                offset = pos + (ov[1] > ov[0] ? ov[1] : ov[1] + 1);
                if (!c->multiline)
                    break; /* one finding per line */
            }
            if (c->multiline || end >= src->len)
                break;
            pos = end + 1;
        }
        pcre2_match_data_free(md);
        sink->rule = NULL;
    }
}
