/* analyzer/server/utf16.c - map between byte offsets in UTF-8 text, ssot's character
 * columns and LSP's UTF-16 code units (a character above U+FFFF is two units). */
#include "analyzer/server/utf16.h"

#include <string.h>

size_t ssot_utf16_line_start(const char *text, size_t len, uint32_t line)
{
    size_t at = 0;
    for (uint32_t l = 0; l < line; l++) {
        const char *nl = memchr(text + at, '\n', len - at);
        if (!nl)
            return len;
        at = (size_t)(nl - text) + 1;
    }
    return at;
}

/* The end of the line that starts at `at`, before its CR LF or LF. */
static size_t line_end(const char *text, size_t len, size_t at)
{
    const char *nl = memchr(text + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - text) : len;
    if (end > at && text[end - 1] == '\r')
        end--;
    return end;
}

/* The length in bytes of the UTF-8 sequence at `p` (1 for an invalid byte), and its UTF-16
 * units in *units. */
static size_t sequence(const unsigned char *p, size_t left, uint32_t *units)
{
    size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
                             : (*p & 0xF8) == 0xF0 ? 4 : 1;
    if (n > left)
        n = 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) {
            n = 1;
            break;
        }
    *units = n == 4 ? 2 : 1;
    return n;
}

size_t ssot_utf16_offset(const char *text, size_t len, uint32_t line, uint32_t character)
{
    size_t at = ssot_utf16_line_start(text, len, line);
    size_t end = line_end(text, len, at);
    uint32_t units = 0;
    while (at < end && units < character) {
        uint32_t u;
        size_t n = sequence((const unsigned char *)text + at, end - at, &u);
        if (units + u > character)
            break; /* inside a surrogate pair: the character's start */
        units += u;
        at += n;
    }
    return at;
}

uint32_t ssot_utf16_character(const char *text, size_t len, uint32_t line, uint32_t chars)
{
    size_t at = ssot_utf16_line_start(text, len, line);
    size_t end = line_end(text, len, at);
    uint32_t units = 0;
    for (uint32_t c = 0; c < chars && at < end; c++) {
        uint32_t u;
        at += sequence((const unsigned char *)text + at, end - at, &u);
        units += u;
    }
    return units;
}
