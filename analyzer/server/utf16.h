/* analyzer/server/utf16.h - LSP positions (0-based line, UTF-16 code units) against UTF-8
 * text, and ssot's spans (1-based rows, columns in characters). */
#ifndef SSOT_ANALYZER_SERVER_UTF16_H
#define SSOT_ANALYZER_SERVER_UTF16_H

#include <stddef.h>
#include <stdint.h>

/* The byte offset where line `line` (0-based) starts in `text`; `len` when the text has
 * fewer lines. Lines end at LF (a CR before it belongs to the line break). */
size_t ssot_utf16_line_start(const char *text, size_t len, uint32_t line);

/* The byte offset in `text` of the LSP position (line, character in UTF-16 code units).
 * A character past the end of its line means the line's end (before its break), a line past
 * the end of the text means the end of the text, as LSP asks. */
size_t ssot_utf16_offset(const char *text, size_t len, uint32_t line, uint32_t character);

/* The UTF-16 code units of the first `chars` characters of line `line` (0-based): an ssot
 * column (1-based characters) minus one, as an LSP character. Invalid UTF-8 bytes count as
 * one unit each; past the end of the line, the line's length. */
uint32_t ssot_utf16_character(const char *text, size_t len, uint32_t line, uint32_t chars);

#endif /* SSOT_ANALYZER_SERVER_UTF16_H */
