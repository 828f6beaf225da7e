/* analyzer/resolve/index.h - the project index: the one structure shared across files. It holds
 * borrowed pointers to every file's facts and name tables over their classes and
 * functions; cross-file resolution (testid.c) and project rules read it. */
#ifndef SSOT_ANALYZER_INDEX_H
#define SSOT_ANALYZER_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"
#include "analyzer/facts/facts_io.h"
#include "analyzer/base/strmap.h"
#include "analyzer/base/vec.h"

typedef struct ssot_index_fn {
    ssot_facts *facts;
    ssot_function *fn;
    uint8_t memo[4];  /* assertion resolution per depth: 0 unknown, 1 no, 2 yes, 3 busy */
    bool wanted;      /* its file's resolved fields are read (see ssot_index_add_file) */
} ssot_index_fn;

typedef struct ssot_index_class {
    ssot_facts *facts;
    ssot_class *cls;
    uint8_t state;    /* TestCase reachability: 0 unknown, 1 no, 2 yes, 3 busy */
} ssot_index_class;

typedef struct ssot_index {
    SSOT_VEC(ssot_facts *) files;       /* borrowed */
    SSOT_VEC(ssot_index_fn) fns;        /* functions of test-role files */
    SSOT_VEC(ssot_index_class) classes; /* classes of test-role files */
    ssot_strmap *fn_by_name;            /* name -> fns */
    ssot_strmap *fixture_by_name;       /* name -> fns with @pytest.fixture */
    ssot_strmap *class_by_name;         /* name -> classes */
    ssot_strmap *subclasses;            /* last segment of a base -> classes listing it */
    SSOT_VEC(const char *) modules;     /* dotted module path of files[i]: `a/b/c.py` and
                                           `a/b/c/__init__.py` are `a.b.c` */
    ssot_strmap *module_by_last;        /* last segment of a module path -> files */
    ssot_arena *arena;                  /* keys made by the index; strings resolution adds */
    SSOT_VEC(bool) wanted;              /* per file: are its resolved fields read? */
    bool partial;                       /* some file's resolved fields are not read */
} ssot_index;

/* Entry `e`'s function with its body decoded: a changed-files run reads the files it does
 * not report without their functions' bodies, and resolution decodes those it reaches
 * (helpers, fixtures) through here before reading asserts, calls, discarded or side. */
static inline ssot_function *ssot_index_body(const ssot_index_fn *e)
{
    if (e->facts->pending)
        ssot_facts_body(e->facts, e->fn);
    return e->fn;
}

ssot_index *ssot_index_new(void);
void ssot_index_free(ssot_index *index); /* NULL is a no-op; the facts are not freed */

/* Add one file's facts (borrowed: they must outlive the index). Not thread-safe: the
 * engine adds files in order after the parallel phase. */
void ssot_index_add(ssot_index *index, ssot_facts *facts);
/* The same, saying whether anything will read the file's resolved fields (its findings are
 * reported). A changed-files run indexes every file for the others' sake but reports a few:
 * the passes whose per-function answers only their own file reads (testid's tests and
 * helpers, doubles' fixtures) then resolve only the wanted files' functions, the rest of
 * the index staying whole, so a wanted file's fields are those of a whole run. */
void ssot_index_add_file(ssot_index *index, ssot_facts *facts, bool wanted);
/* ssot_index_add_file in two steps, for passes that need only the first: the file and its
 * module (`files`, `modules`, `module_by_last`, `wanted`), then, for each file in the same
 * order, the classes and functions of a test file (`fns`, `classes` and their name tables,
 * which testid, doubles and policy read). */
void ssot_index_add_module(ssot_index *index, ssot_facts *facts, bool wanted);
void ssot_index_add_tests(ssot_index *index, size_t file);

/* The file (index into `files`) that is module `module` as the file `from` imports it:
 * absolute (`chat.websocket.manager`, matched against the end of the file's module path,
 * the closest file winning a tie) or relative (`.manager`, `..`). -1 when the module is
 * not one of the project's files. */
/* Does a test class that lists a base named `cls` define `method` again (a template in its
 * base)? */
bool ssot_index_overridden(const ssot_index *index, const char *cls, const char *method);
int32_t ssot_index_module(const ssot_index *index, size_t from, const char *module);

#endif /* SSOT_ANALYZER_INDEX_H */
