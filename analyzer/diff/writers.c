/* analyzer/diff/writers.c - the output formats of `ssot diff` by name. */
#include <string.h>

#include "analyzer/diff/diff.h"

ssot_diff_writer ssot_diff_writer_find(const char *format)
{
    static const struct {
        const char *name;
        ssot_diff_writer write;
    } writers[] = {
        {"text", ssot_diff_write_text},
        {"json", ssot_diff_write_json},
        {"markdown", ssot_diff_write_markdown},
        {"sarif", ssot_diff_write_sarif},
    };
    for (size_t i = 0; i < sizeof(writers) / sizeof(*writers); i++)
        if (!strcmp(writers[i].name, format))
            return writers[i].write;
    return NULL;
}
