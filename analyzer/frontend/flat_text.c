/* analyzer/frontend/flat_text.c - text, spans and snippets of flat-tree nodes, shared by the
 * Python and JavaScript/TypeScript front ends. */
#include "analyzer/frontend/flat_text.h"

#include <string.h>

#include "analyzer/discover/source.h"

const char *ft_text(ssot_arena *arena, const char *src, ft_node n)
{
    uint32_t s = ft_start_byte(n), e = ft_end_byte(n);
    return ssot_arena_strndup(arena, src + s, e - s);
}

bool ft_text_is(const char *src, ft_node n, const char *s)
{
    uint32_t a = ft_start_byte(n), b = ft_end_byte(n);
    size_t len = strlen(s);
    return b - a == len && memcmp(src + a, s, len) == 0;
}

ssot_span ft_span(const char *src, ft_node n)
{
    TSPoint a = ft_start_point(n), b = ft_end_point(n);
    uint32_t sb = ft_start_byte(n), eb = ft_end_byte(n);
    ssot_span sp;
    sp.row = a.row + 1;
    sp.end_row = b.row + 1;
    sp.col = ssot_source_column(src + sb - a.column, src + sb);
    sp.end_col = ssot_source_column(src + eb - b.column, src + eb);
    return sp;
}

const char *ft_snippet_at(ssot_arena *arena, const char *src, uint32_t s, uint32_t e)
{
    if (e - s > 240)
        e = s + 240;
    char *out = ssot_arena_alloc(arena, e - s + 1);
    size_t k = 0;
    bool space = false;
    for (uint32_t i = s; i < e && src[i] != '\n'; i++) {
        char ch = src[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = ch;
    }
    /* do not cut a UTF-8 sequence in half */
    while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80 && e - s == 240)
        k--;
    if (k > 0 && e - s == 240 && ((unsigned char)out[k - 1] & 0xC0) == 0xC0)
        k--;
    out[k] = '\0';
    return out;
}
