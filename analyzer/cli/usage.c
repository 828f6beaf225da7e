/* analyzer/cli/usage.c - read the items of a --help text: two spaces, a term (an option or a
 * command with its metavariables), the help, and help lines indented further. */
#include "analyzer/cli/usage.h"

#include <ctype.h>
#include <string.h>

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
