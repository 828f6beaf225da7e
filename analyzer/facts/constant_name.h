/* analyzer/facts/constant_name.h - what the DD004 facts call a module constant's name, in every
 * language: UPPER_CASE (letters, digits, underscores; at least two characters, starting with
 * a capital, holding one). */
#ifndef SSOT_ANALYZER_CONSTANT_NAME_H
#define SSOT_ANALYZER_CONSTANT_NAME_H

#include <ctype.h>
#include <stdbool.h>

static inline bool ssot_is_constant_name(const char *s)
{
    bool letter = false;
    if (!isupper((unsigned char)s[0]) || !s[1])
        return false;
    for (; *s; s++) {
        if (isupper((unsigned char)*s))
            letter = true;
        else if (!isdigit((unsigned char)*s) && *s != '_')
            return false;
    }
    return letter;
}

#endif /* SSOT_ANALYZER_CONSTANT_NAME_H */
