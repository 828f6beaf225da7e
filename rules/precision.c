/* rules/precision.c - each rule's precision measured on the labelled corpus, from the table
 * tools/eval writes (rules/precision.def); read by `ssot rule` and the generated docs. */
#include <string.h>

#include "rules/rule.h"

#define CORPUS(text)
#define PRECISION(code, judged, right, positives, found) {code, judged, right, positives, found},
static const ssot_rule_precision measured[] = {
#include "rules/precision.def"
    {NULL, 0, 0, 0, 0},
};
#undef PRECISION
#undef CORPUS

#define CORPUS(text) text,
#define PRECISION(code, judged, right, positives, found)
static const char *const corpus[] = {
#include "rules/precision.def"
    "",
};
#undef PRECISION
#undef CORPUS

const ssot_rule_precision *ssot_rule_precision_of(const char *code)
{
    for (const ssot_rule_precision *p = measured; p->code; p++)
        if (!strcmp(p->code, code))
            return p;
    return NULL;
}

const char *ssot_rule_precision_corpus(void)
{
    return corpus[0];
}
