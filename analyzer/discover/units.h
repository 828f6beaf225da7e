/* analyzer/discover/units.h - deployment units for the DD rules: the parts of a checked tree that are
 * built, shipped or run apart, so that a copy between two of them is not a second source of
 * truth inside one program. */
#ifndef SSOT_ANALYZER_UNITS_H
#define SSOT_ANALYZER_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/resolve/index.h"

typedef struct ssot_units {
    uint32_t *of;       /* per file of the index: its unit; 0 is the tree's own unit */
    const char **label; /* per unit: its folder or program file (in the index's arena) */
    size_t count;
} ssot_units;

/* Assign every file of `index` to a unit. A unit is:
 * - a folder below the checked tree's top folder with its own packaging or container recipe
 *   (pyproject.toml, setup.py, setup.cfg, Dockerfile), or a folder that the file's
 *   configuration declares in `[duplicates] units` (the deepest such folder wins);
 * - a standalone program: a module (not `__init__.py`) that no first-party module imports,
 *   in a folder chain that is not a package in use: no module in its folder, nor in the
 *   package folders above it (while they hold `__init__.py`), is imported by a first-party
 *   module. A library's modules that nothing inside imports stay in the library's unit.
 * `imported[f]` says whether a first-party (service) module imports file f. Reads the file
 * system for recipes and `__init__.py`. Free with ssot_units_fini. Cannot fail. */
void ssot_units_assign(const ssot_index *index, const bool *imported, ssot_units *out);
void ssot_units_fini(ssot_units *units);

#endif /* SSOT_ANALYZER_UNITS_H */
