/* analyzer/cli/usage.c - read the items of a --help text: two spaces, a term (an option or a
 * command with its metavariables), the help, and help lines indented further. */
#include "analyzer/cli/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/base/alloc.h"
#include "analyzer/report/report.h"

/* The column where help texts start ("  --output-format FORMAT  ") and the widest line. */
enum { HELP_COLUMN = 26, LINE_MAX_WIDTH = 86 };

/* A metavariable: FILE, [FILE], FORMAT:FILE, CODE|NAME, [PATHS...]. */
static bool is_metavar(const char *word, size_t n)
{
    bool upper = false;
    for (size_t i = 0; i < n; i++) {
        if (isupper((unsigned char)word[i]))
            upper = true;
        else if (!strchr("[].|:_", word[i]))
            return false;
    }
    return upper;
}

static size_t word_length(const char *p)
{
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\n')
        n++;
    return n;
}

/* Append `n` bytes of `s` to the string in `buf` (size `size`), cutting what does not fit. */
static void append(char *buf, size_t size, const char *s, size_t n)
{
    size_t len = strlen(buf);
    if (n > size - 1 - len)
        n = size - 1 - len;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

const char *ssot_usage_item_parse(const char *line, ssot_usage_item *item)
{
    if (strncmp(line, "  ", 2) || line[2] == ' ' || line[2] == '\n' || !line[2])
        return NULL;
    item->term[0] = item->text[0] = '\0';
    const char *p = line + 2;
    /* the term: its first word, words after a comma ("-q, --quiet"), metavariables */
    size_t n = word_length(p);
    append(item->term, sizeof(item->term), p, n);
    p += n;
    while (*p == ' ') {
        const char *next = p + 1;
        size_t k = word_length(next);
        if (!k || !(p[-1] == ',' || is_metavar(next, k)))
            break;
        append(item->term, sizeof(item->term), " ", 1);
        append(item->term, sizeof(item->term), next, k);
        p = next + k;
    }
    for (;;) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len && item->text[0])
            append(item->text, sizeof(item->text), " ", 1);
        append(item->text, sizeof(item->text), p, len);
        if (!end)
            return p + len;
        p = end + 1;
        if (strncmp(p, "   ", 3) || p[strspn(p, " ")] == '\n' || !p[strspn(p, " ")])
            return p; /* not a continuation line */
    }
}

bool ssot_usage_term_names(const char *term, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(term, "--"); p; p = strstr(p + 2, "--")) {
        if ((p == term || p[-1] == ' ') && !strncmp(p + 2, name, n) &&
            strchr(" ,=[", p[2 + n]))
            return true;
    }
    return false;
}

/* Append `n` bytes of `s` to the growing string `*out` of length `*len`. */
static void grow(char **out, size_t *len, const char *s, size_t n)
{
    *out = ssot_realloc(*out, *len + n + 1);
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
}

/* Append the words of `text` (one line) to the line begun at `line_start`, wrapping. */
static void grow_wrapped(char **out, size_t *len, size_t line_start, const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        while (i + k < n && text[i + k] != ' ')
            k++;
        if (k && *len - line_start + k > LINE_MAX_WIDTH && *len > line_start + HELP_COLUMN) {
            while (*len > line_start && (*out)[*len - 1] == ' ')
                (*out)[--*len] = '\0';
            grow(out, len, "\n", 1);
            line_start = *len;
            for (int c = 0; c < HELP_COLUMN; c++)
                grow(out, len, " ", 1);
        }
        grow(out, len, text + i, k);
        i += k;
        if (i < n) {
            grow(out, len, " ", 1);
            i++;
        }
    }
}

char *ssot_usage_render(const char *usage)
{
    static const struct {
        const char *name;
        unsigned how;
    } lists[] = {
        {"{FORMATS}", SSOT_REPORTERS_PROSE},
        {"{STATISTICS}", SSOT_REPORTERS_PROSE | SSOT_REPORTERS_STATISTICS},
    };
    char *out = ssot_strdup("");
    size_t len = 0;
    for (const char *line = usage; *line;) {
        size_t n = strcspn(line, "\n");
        const char *brace = memchr(line, '{', n);
        size_t which = sizeof(lists) / sizeof(lists[0]);
        for (size_t i = 0; brace && i < sizeof(lists) / sizeof(lists[0]); i++)
            if (!strncmp(brace, lists[i].name, strlen(lists[i].name)))
                which = i;
        if (which < sizeof(lists) / sizeof(lists[0])) {
            /* the line up to the list, then the list and the rest of the line, wrapped */
            char names[256];
            ssot_reporter_names(names, sizeof(names), lists[which].how);
            size_t line_start = len, skip = strlen(lists[which].name);
            grow(&out, &len, line, (size_t)(brace - line));
            char *rest = ssot_asprintf("%s%.*s", names, (int)(n - (size_t)(brace - line) - skip),
                                       brace + skip);
            grow_wrapped(&out, &len, line_start, rest, strlen(rest));
            free(rest);
        } else {
            grow(&out, &len, line, n);
        }
        line += n;
        if (*line) {
            grow(&out, &len, "\n", 1);
            line++;
        }
    }
    return out;
}
