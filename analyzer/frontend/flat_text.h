/* analyzer/frontend/flat_text.h - the source text of flat-tree nodes (flat_tree.h), as every
 * tree-sitter front end reports it: a node's text, a span in 1-based rows and character
 * columns, and the one-line snippet a finding shows. */
#ifndef SSOT_ANALYZER_FRONTEND_FLAT_TEXT_H
#define SSOT_ANALYZER_FRONTEND_FLAT_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/base/alloc.h"
#include "analyzer/facts/facts.h"
#include "analyzer/frontend/flat_tree.h"

/* The node's text, copied into the arena (NULL: ""). */
const char *ft_text(ssot_arena *arena, const char *src, ft_node n);
/* Is the node's text exactly `s`? (No allocation; NULL has the empty text.) */
bool ft_text_is(const char *src, ft_node n, const char *s);
/* The node's span: 1-based rows, columns counted in characters from 1. */
ssot_span ft_span(const char *src, ft_node n);
/* The first line of bytes `s`..`e` (at most 240 of them) with whitespace runs collapsed to
 * one space, never cut inside a UTF-8 sequence; in the arena. */
const char *ft_snippet_at(ssot_arena *arena, const char *src, uint32_t s, uint32_t e);

#endif /* SSOT_ANALYZER_FRONTEND_FLAT_TEXT_H */
