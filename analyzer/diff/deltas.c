/* analyzer/diff/deltas.c - the list of deltas: adding (strings copied into its arena),
 * sorting, and the summary that answers "stronger or weaker?". */
#include "analyzer/diff/diff.h"

#include <stdlib.h>
#include <string.h>

void ssot_delta_list_init(ssot_delta_list *list)
{
    memset(list, 0, sizeof(*list));
    list->arena = ssot_arena_new();
}

void ssot_delta_list_fini(ssot_delta_list *list)
{
    free(list->items);
    ssot_arena_free(list->arena);
    memset(list, 0, sizeof(*list));
}

static const char *copy(ssot_delta_list *list, const char *s)
{
    return s ? ssot_arena_strdup(list->arena, s) : NULL;
}

ssot_delta *ssot_delta_add(ssot_delta_list *list, ssot_delta_kind kind, const char *path,
                           const char *symbol, uint32_t row, const char *before,
                           const char *after, const char *message)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = ssot_realloc(list->items, list->cap * sizeof(*list->items));
    }
    ssot_delta *d = &list->items[list->count++];
    memset(d, 0, sizeof(*d));
    d->kind = kind;
    d->path = copy(list, path ? path : "");
    d->symbol = copy(list, symbol ? symbol : "");
    d->row = row;
    d->before = copy(list, before);
    d->after = copy(list, after);
    d->message = copy(list, message ? message : "");
    return d;
}

static int compare_deltas(const void *a, const void *b)
{
    const ssot_delta *x = a, *y = b;
    bool wx = ssot_delta_kind_weakens(x->kind), wy = ssot_delta_kind_weakens(y->kind);
    if (wx != wy)
        return wx ? -1 : 1;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    c = strcmp(x->symbol, y->symbol);
    return c ? c : strcmp(x->message, y->message);
}

void ssot_delta_list_sort(ssot_delta_list *list)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof(*list->items), compare_deltas);
}

void ssot_diff_summarize(const ssot_delta_list *deltas, const bool *fail_on,
                         ssot_diff_summary *out)
{
    size_t base_tests = out->base_tests, head_tests = out->head_tests;
    memset(out, 0, sizeof(*out));
    out->base_tests = base_tests;
    out->head_tests = head_tests;
    for (size_t i = 0; i < deltas->count; i++) {
        ssot_delta_kind k = deltas->items[i].kind;
        out->counts[k]++;
        if (ssot_delta_kind_weakens(k))
            out->weaker++;
        else
            out->stronger++;
        if (fail_on && fail_on[k])
            out->failing++;
    }
    out->verdict = out->weaker && out->stronger ? SSOT_DIFF_MIXED
                   : out->weaker                ? SSOT_DIFF_WEAKER
                   : out->stronger              ? SSOT_DIFF_STRONGER
                                                : SSOT_DIFF_UNCHANGED;
}

const char *ssot_diff_verdict_name(ssot_diff_verdict verdict)
{
    switch (verdict) {
    case SSOT_DIFF_STRONGER:
        return "stronger";
    case SSOT_DIFF_WEAKER:
        return "weaker";
    case SSOT_DIFF_MIXED:
        return "mixed";
    default:
        return "unchanged";
    }
}
