/* analyzer/facts/facts_io.c - one walk over the facts serves both directions: each struct's
 * fields are listed once, in io_<struct>, and the io state either appends them (LEB128
 * numbers, length-prefixed strings) or reads them back into the arena with bounds checks.
 * Reading, equal strings of a file are one copy (snippets, callees and names repeat), and
 * the arena gets one block of exactly the bytes the writer counted for it. */
#include "analyzer/facts/facts_io.h"

#include "analyzer/base/vec.h"
#include "analyzer/facts/bytes.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* The reader's arrays are 8-byte aligned (ssot_arena_alloc8): no facts struct may need more. */
_Static_assert(_Alignof(ssot_function) <= 8 && _Alignof(ssot_class) <= 8 &&
                   _Alignof(ssot_definition) <= 8 && _Alignof(ssot_assertion) <= 8 &&
                   _Alignof(ssot_call) <= 8 && _Alignof(ssot_import) <= 8 &&
                   _Alignof(max_align_t) >= 8,
               "a facts struct needs more than 8-byte alignment");

/* A tripwire for facts.h edits (on 64-bit targets): when a struct gains or loses a field,
 * list it in its io_<struct> below, bump SSOT_FACTS_FORMAT, then update this total. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(ssot_facts) + sizeof(ssot_function) + sizeof(ssot_class) +
                       sizeof(ssot_assertion) + sizeof(ssot_call) + sizeof(ssot_discarded) +
                       sizeof(ssot_double) + sizeof(ssot_double_use) + sizeof(ssot_patch) +
                       sizeof(ssot_setting) + sizeof(ssot_handoff) + sizeof(ssot_mention) +
                       sizeof(ssot_skip) + sizeof(ssot_loc) + sizeof(ssot_comment) +
                       sizeof(ssot_file_problem) + sizeof(ssot_contract_gap) +
                       sizeof(ssot_binding) + sizeof(ssot_module_fn) +
                       sizeof(ssot_global_write) + sizeof(ssot_import) +
                       sizeof(ssot_definition) + sizeof(ssot_held) + sizeof(ssot_class_state) +
                       sizeof(ssot_double_arg) + sizeof(ssot_param_write) +
                       sizeof(ssot_words) + sizeof(ssot_fn_side) + sizeof(ssot_call_via) +
                       sizeof(ssot_import_write) ==
                   2468,
               "facts.h changed: update facts_io.c and bump SSOT_FACTS_FORMAT");
#endif

#define MAGIC "SSOTFACT"
/* magic, format (u32), decoded bytes (u32), length (u64), checksum (u64) */
#define HEADER_LEN 32
/* the most decoded bytes the header may declare per serialized byte (a real file declares
   under 4: arrays of wide structs and strings without their repeats): a forged header
   cannot make a large allocation */
#define MAX_DECODED_PER_BYTE 64

/* The strings of one file seen so far: equal ones share one copy. */
typedef struct intern_slot {
    const char *key;   /* the bytes compared (the input's, reading) */
    const char *value; /* reading: the copy in the arena */
    uint32_t len, hash;
    uint32_t gen;      /* the walk that filled it: a slot of another walk is empty */
} intern_slot;

/* A table of slots kept from one read to the next (ssot_facts_reader): each read is a new
 * generation, so the table is neither cleared nor grown again for every file. */
struct ssot_facts_reader {
    intern_slot *slots;
    size_t cap;
    uint32_t gen;
};

typedef struct io {
    bool reading;
    ssot_bytes_out out; /* writing */
    ssot_bytes_in in;   /* reading; its `ok` is the walk's, writing too */
    ssot_arena *arena;
    bool interning;        /* strings interned, and (writing) the decoded bytes counted */
    intern_slot *slots;    /* a power of two of them (a reader's, or owned) */
    size_t slot_cap, slot_count;
    uint32_t gen;          /* this walk's slots; never 0 (a zeroed slot is empty) */
    size_t decoded;        /* writing: where the reader's arena will be after each value */
    /* reading without the functions' bodies (ssot_facts_read_lazy): where each function's
       body length is, from `base` (the entry's first byte) */
    bool lazy;
    const unsigned char *base;
    SSOT_VEC(uint32_t) bodies;
} io;

/* Where the reader's arena puts the next array (8-byte aligned: ssot_arena_alloc8), and
 * after it. */
static void count_aligned(io *s, size_t size)
{
    s->decoded = ((s->decoded + 7) & ~(size_t)7) + size;
}

static void grow_slots(io *s)
{
    size_t cap = s->slot_cap ? s->slot_cap * 2 : 256;
    intern_slot *slots = ssot_calloc(cap, sizeof(*slots));
    for (size_t i = 0; i < s->slot_cap; i++) {
        if (s->slots[i].gen != s->gen)
            continue;
        size_t k = s->slots[i].hash & (cap - 1);
        while (slots[k].gen == s->gen)
            k = (k + 1) & (cap - 1);
        slots[k] = s->slots[i];
    }
    free(s->slots);
    s->slots = slots;
    s->slot_cap = cap;
}

/* The slot of the `n` bytes at `str`: the one holding them, else the empty one where they
 * go, claimed with a NULL key (the caller sets it). */
static intern_slot *intern_slot_of(io *s, const char *str, size_t n)
{
    if ((s->slot_count + 1) * 2 > s->slot_cap)
        grow_slots(s);
    uint32_t h = (uint32_t)XXH3_64bits(str, n);
    size_t k = h & (s->slot_cap - 1);
    for (; s->slots[k].gen == s->gen; k = (k + 1) & (s->slot_cap - 1))
        if (s->slots[k].hash == h && s->slots[k].len == n && !memcmp(s->slots[k].key, str, n))
            return &s->slots[k];
    s->slots[k] = (intern_slot){NULL, NULL, (uint32_t)n, h, s->gen};
    return &s->slots[k];
}

static void put(io *s, const void *data, size_t n)
{
    ssot_bytes_put(&s->out, data, n);
}

static void io_u64(io *s, uint64_t *v)
{
    if (!s->reading)
        ssot_bytes_put_u64(&s->out, *v);
    else
        *v = ssot_bytes_u64(&s->in);
}

static void io_u32(io *s, uint32_t *v)
{
    uint64_t x = *v;
    io_u64(s, &x);
    if (x > UINT32_MAX)
        s->in.ok = false;
    *v = (uint32_t)x;
}

static void io_i32(io *s, int32_t *v)
{
    uint32_t z = ((uint32_t)*v << 1) ^ (uint32_t)(*v < 0 ? -1 : 0); /* zigzag */
    io_u32(s, &z);
    *v = (int32_t)((z >> 1) ^ (uint32_t)-(int32_t)(z & 1));
}

#define IO_ENUM(s, lv)                                                                         \
    do {                                                                                       \
        uint32_t t_ = (uint32_t)(lv);                                                          \
        io_u32(s, &t_);                                                                        \
        (lv) = t_;                                                                             \
        if ((uint32_t)(lv) != t_) /* too wide for a narrow field */                            \
            (s)->in.ok = false;                                                                \
    } while (0)
#define IO_BOOL(s, lv)                                                                         \
    do {                                                                                       \
        uint32_t t_ = (lv) ? 1 : 0;                                                            \
        io_u32(s, &t_);                                                                        \
        if (t_ > 1)                                                                            \
            (s)->in.ok = false;                                                                   \
        (lv) = t_ != 0;                                                                        \
    } while (0)

/* NULL is 0, otherwise length + 1 and the bytes. */
static void io_str(io *s, const char **str)
{
    if (!s->reading) {
        size_t n = *str ? strlen(*str) : 0;
        ssot_bytes_put_u64(&s->out, *str ? n + 1 : 0);
        put(s, *str, n);
        if (*str && s->interning && n <= UINT32_MAX) {
            /* the reader copies a string the first time the file has it */
            intern_slot *slot = intern_slot_of(s, *str, n);
            if (!slot->key) {
                slot->key = *str;
                s->slot_count++;
                s->decoded += n + 1;
            }
        }
        return;
    }
    const char *bytes;
    size_t n;
    ssot_bytes_str(&s->in, &bytes, &n);
    if (!bytes) {
        *str = NULL;
        return;
    }
    if (!s->interning || n > UINT32_MAX) {
        *str = ssot_arena_strndup(s->arena, bytes, n);
        return;
    }
    intern_slot *slot = intern_slot_of(s, bytes, n);
    if (!slot->key) {
        slot->key = bytes;
        slot->value = ssot_arena_strndup(s->arena, bytes, n);
        s->slot_count++;
    }
    *str = slot->value;
}

/* An array's count; reading, no more items than the bytes left can hold (`min_item` is the
 * fewest bytes one item takes), so that a forged count cannot make a large allocation, and
 * the array allocated. */
static size_t io_count(io *s, size_t count, void **arr, size_t item_size, size_t min_item)
{
    if (!s->reading) {
        ssot_bytes_put_u64(&s->out, count);
        if (count && s->interning)
            count_aligned(s, count * item_size);
        return count;
    }
    size_t n = ssot_bytes_count(&s->in, min_item);
    *arr = n ? ssot_arena_alloc8(s->arena, n * item_size) : NULL;
    return n;
}

/* The fewest bytes an item of `fn` takes: a zeroed item written out (every number, string
 * and count one byte), measured once per call site. */
#define IO_MIN_ITEM(fn, arr, result)                                                           \
    do {                                                                                       \
        static _Atomic size_t known_;                                                          \
        (result) = atomic_load_explicit(&known_, memory_order_relaxed);                        \
        if (!(result)) {                                                                       \
            _Alignas(max_align_t) unsigned char z_[sizeof(*(arr))] = {0};                      \
            io w_ = {.in.ok = true};                                                           \
            fn(&w_, (void *)z_);                                                               \
            (result) = w_.out.len ? w_.out.len : 1;                                            \
            free(w_.out.data);                                                                 \
            atomic_store_explicit(&known_, (result), memory_order_relaxed);                    \
        }                                                                                      \
    } while (0)

#define IO_ARRAY(s, arr, count, fn)                                                            \
    do {                                                                                       \
        size_t min_ = 1;                                                                       \
        if ((s)->reading)                                                                      \
            IO_MIN_ITEM(fn, arr, min_);                                                        \
        void *a_ = (void *)(arr);                                                              \
        size_t n_ = io_count(s, count, &a_, sizeof(*(arr)), min_);                             \
        (arr) = a_;                                                                            \
        (count) = n_;                                                                          \
        for (size_t i_ = 0; i_ < n_ && (s)->in.ok; i_++)                                          \
            fn(s, &(arr)[i_]);                                                                 \
    } while (0)

static void io_strs(io *s, const char ***arr, size_t *count)
{
    void *a = (void *)*arr;
    size_t n = io_count(s, *count, &a, sizeof(const char *), 1);
    *arr = a;
    *count = n;
    for (size_t i = 0; i < n && s->in.ok; i++)
        io_str(s, &(*arr)[i]);
}

/* The same for the arrays whose length is 32-bit (the per-function and per-definition
 * ones); reading, a count over UINT32_MAX fails the read. */
static void io_strs32(io *s, const char ***arr, uint32_t *count)
{
    size_t n = *count;
    io_strs(s, arr, &n);
    if (n > UINT32_MAX)
        s->in.ok = false;
    *count = (uint32_t)n;
}

static void io_span(io *s, ssot_span *v)
{
    io_u32(s, &v->row);
    io_u32(s, &v->col);
    io_u32(s, &v->end_row);
    io_u32(s, &v->end_col);
}

static void io_loc(io *s, ssot_loc *v)
{
    io_span(s, &v->span);
    io_str(s, &v->snippet);
}

static void io_skip(io *s, ssot_skip *v)
{
    IO_ENUM(s, v->kind);
    io_loc(s, &v->loc);
    io_str(s, &v->reason);
}

static void io_held(io *s, ssot_held *v)
{
    io_str(s, &v->cls);
    io_str(s, &v->state);
    IO_BOOL(s, v->settings);
    IO_BOOL(s, v->container);
    io_str(s, &v->request);
    io_strs(s, &v->externals, &v->external_count);
}

static void io_assertion(io *s, ssot_assertion *v)
{
    io_loc(s, &v->loc);
    IO_ENUM(s, v->kind);
    IO_ENUM(s, v->form);
    uint32_t flags = v->flags;
    io_u32(s, &flags);
    if (flags > UINT16_MAX)
        s->in.ok = false;
    v->flags = (uint16_t)flags;
    io_str(s, &v->callee);
    io_i32(s, &v->subject);
    io_str(s, &v->subject_path);
    io_str(s, &v->expected);
    io_str(s, &v->exception);
}

static void io_call(io *s, ssot_call *v)
{
    io_str(s, &v->callee);
    io_u32(s, &v->name_at);
    IO_ENUM(s, v->receiver);
    IO_ENUM(s, v->flags);
    io_u32(s, &v->row);
    io_i32(s, &v->double_index);
}

static void io_call_via(io *s, ssot_call_via *v)
{
    io_str(s, &v->via);
    io_u32(s, &v->call);
}

static void io_discarded(io *s, ssot_discarded *v)
{
    io_loc(s, &v->loc);
    IO_BOOL(s, v->is_return);
    IO_ENUM(s, v->kind);
}

static void io_double(io *s, ssot_double *v)
{
    io_str(s, &v->name);
    io_loc(s, &v->loc);
    io_u32(s, &v->flags);
    io_str(s, &v->target);
    io_i32(s, &v->parent);
    io_str(s, &v->boundary);
}

static void io_double_use(io *s, ssot_double_use *v)
{
    io_loc(s, &v->loc);
    IO_ENUM(s, v->form);
    io_str(s, &v->double_name);
    io_str(s, &v->attribute);
    io_u32(s, &v->double_flags);
    IO_BOOL(s, v->configured);
}

static void io_double_arg(io *s, ssot_double_arg *v)
{
    io_i32(s, &v->call);
    io_str(s, &v->name);
    io_i32(s, &v->position);
    io_str(s, &v->keyword);
}

static void io_param_write(io *s, ssot_param_write *v)
{
    io_str(s, &v->function);
    io_str(s, &v->param);
    io_i32(s, &v->position);
    io_str(s, &v->attribute);
}

static void io_patch(io *s, ssot_patch *v)
{
    io_loc(s, &v->loc);
    IO_ENUM(s, v->kind);
    io_u32(s, &v->flags);
    io_str(s, &v->target);
    io_i32(s, &v->double_index);
    io_str(s, &v->via);
    io_str(s, &v->boundary);
}

static void io_setting(io *s, ssot_setting *v)
{
    io_i32(s, &v->double_index);
    io_str(s, &v->path);
    io_str(s, &v->value);
    IO_ENUM(s, v->kind);
    io_u32(s, &v->flags);
    io_u32(s, &v->row);
}

static void io_handoff(io *s, ssot_handoff *v)
{
    io_i32(s, &v->double_index);
    io_i32(s, &v->via_double);
    io_u32(s, &v->row);
}

static void io_mention(io *s, ssot_mention *v)
{
    io_str(s, &v->value);
    io_u32(s, &v->row);
    io_i32(s, &v->call);
    IO_BOOL(s, v->asserted);
}

/* The side arrays, in line with the function's own; reading, a side is made only for a
 * function that has some (the others share ssot_fn_side_none), after its arrays. */
static void io_fn_side(io *s, ssot_function *v)
{
    ssot_fn_side side = s->reading ? (ssot_fn_side){0} : *ssot_fn_side_of(v);
    IO_ARRAY(s, side.doubles, side.double_count, io_double);
    IO_ARRAY(s, side.double_uses, side.double_use_count, io_double_use);
    IO_ARRAY(s, side.double_args, side.double_arg_count, io_double_arg);
    IO_ARRAY(s, side.patches, side.patch_count, io_patch);
    IO_ARRAY(s, side.settings, side.setting_count, io_setting);
    IO_ARRAY(s, side.handoffs, side.handoff_count, io_handoff);
    IO_ARRAY(s, side.mentions, side.mention_count, io_mention);
    IO_ARRAY(s, side.vias, side.via_count, io_call_via);
    bool any = side.double_count || side.double_use_count || side.double_arg_count ||
               side.patch_count || side.setting_count || side.handoff_count ||
               side.mention_count || side.via_count;
    if (!s->reading) {
        if (any && s->interning)
            count_aligned(s, sizeof(side));
        return;
    }
    if (!any) {
        v->side = &ssot_fn_side_none;
        return;
    }
    ssot_fn_side *own = ssot_arena_alloc8(s->arena, sizeof(*own));
    *own = side;
    v->side = own;
}

/* A function's body: what only its own file's rules, and the resolution of the tests that
 * reach it (helpers, fixtures), read. */
static void io_fn_body(io *s, ssot_function *v)
{
    IO_ARRAY(s, v->asserts, v->assert_count, io_assertion);
    IO_ARRAY(s, v->calls, v->call_count, io_call);
    IO_ARRAY(s, v->discarded, v->discarded_count, io_discarded);
    io_fn_side(s, v);
}

enum { BODY_LEN = 4 }; /* a body's byte length, little-endian, before it */

/* The body after its length, so that a lazy reader passes over it and keeps where it is. */
static void io_body_of(io *s, ssot_function *v)
{
    if (!s->reading) {
        size_t at = s->out.len;
        unsigned char len[BODY_LEN] = {0};
        put(s, len, sizeof(len));
        io_fn_body(s, v);
        ssot_bytes_put_le(s->out.data + at, s->out.len - at - BODY_LEN, BODY_LEN);
        return;
    }
    const unsigned char *at = s->in.p;
    size_t n = s->in.ok && s->in.end - at >= BODY_LEN ? ssot_bytes_get_le(at, BODY_LEN) : 0;
    if (!s->in.ok || s->in.end - at < BODY_LEN || n > (size_t)(s->in.end - at - BODY_LEN)) {
        s->in.ok = false;
        s->in.p = s->in.end;
        v->side = &ssot_fn_side_none;
        return;
    }
    s->in.p = at + BODY_LEN;
    if (s->lazy) {
        SSOT_VEC_PUSH(&s->bodies, (uint32_t)(at - s->base));
        s->in.p += n;
        v->side = &ssot_fn_side_none; /* its arrays stay empty until ssot_facts_body */
        return;
    }
    const unsigned char *end = s->in.p + n;
    io_fn_body(s, v);
    if (s->in.p != end)
        s->in.ok = false;
}

static void io_function(io *s, ssot_function *v)
{
    io_str(s, &v->name);
    io_str(s, &v->symbol);
    io_i32(s, &v->class_index);
    io_loc(s, &v->def);
    io_span(s, &v->body);
    io_u32(s, &v->flags);
    IO_ENUM(s, v->shape);
    io_skip(s, &v->skip);
    io_strs32(s, &v->markers, &v->marker_count);
    io_strs32(s, &v->suites, &v->suite_count);
    io_str(s, &v->stub);
    io_strs32(s, &v->params, &v->param_count);
    io_body_of(s, v);
    io_i32(s, &v->returns_double);
    /* resolved fields, as extraction left them (the resolution overwrites them) */
    IO_BOOL(s, v->collected);
    IO_BOOL(s, v->inherited);
    IO_BOOL(s, v->overridden);
    IO_BOOL(s, v->overrides);
    IO_ENUM(s, v->framework);
    IO_BOOL(s, v->resolved_assertion);
    IO_BOOL(s, v->resolved_assertion_outside_except);
}

static void io_class(io *s, ssot_class *v)
{
    io_str(s, &v->name);
    io_str(s, &v->qualname);
    io_loc(s, &v->loc);
    io_i32(s, &v->outer_index);
    io_strs(s, &v->bases, &v->base_count);
    io_strs(s, &v->methods, &v->method_count);
    size_t aliases = v->alias_count;
    io_strs(s, &v->alias_names, &v->alias_count);
    io_strs(s, &v->alias_targets, &aliases);
    if (aliases != v->alias_count)
        s->in.ok = false;
    io_u32(s, &v->flags);
    io_skip(s, &v->skip);
    io_strs(s, &v->markers, &v->marker_count);
    IO_BOOL(s, v->is_test_class);
    IO_BOOL(s, v->is_mixin);
    IO_ENUM(s, v->framework);
    ssot_class_state state = s->reading ? (ssot_class_state){0}
                             : v->state ? *v->state : ssot_class_state_none;
    ssot_class_state *st = &state;
    io_strs(s, &st->decorators, &st->decorator_count);
    io_str(s, &st->metaclass);
    size_t writes = st->write_count;
    io_strs(s, &st->writes, &st->write_count);
    io_strs(s, &st->write_methods, &writes);
    if (writes != st->write_count)
        s->in.ok = false;
    io_strs(s, &st->replaces, &st->replace_count);
    io_strs(s, &st->init_attrs, &st->init_attr_count);
    io_str(s, &st->instance_attr);
    io_str(s, &st->instance_method);
    io_loc(s, &st->instance_loc);
    io_str(s, &st->request);
    io_str(s, &st->request_method);
    size_t composed = st->composed_count;
    io_strs(s, &st->composed, &st->composed_count);
    io_strs(s, &st->composed_callees, &composed);
    if (composed != st->composed_count)
        s->in.ok = false;
    /* reading, a state is made only for a class that has some (after its arrays) */
    bool any = st->decorator_count || st->metaclass || st->write_count || st->replace_count ||
               st->init_attr_count || st->instance_attr || st->instance_method ||
               st->instance_loc.span.row || st->instance_loc.snippet || st->request ||
               st->request_method || st->composed_count;
    if (!s->reading) {
        if (any && s->interning)
            count_aligned(s, sizeof(state));
    } else if (!any) {
        v->state = &ssot_class_state_none;
    } else {
        ssot_class_state *own = ssot_arena_alloc8(s->arena, sizeof(*own));
        *own = state;
        v->state = own;
    }
    io_str(s, &v->shared_state);
    io_str(s, &v->caching_meta);
    io_str(s, &v->request_state);
    io_str(s, &v->inherited_singleton);
    IO_BOOL(s, v->misses_required_base);
    io_u32(s, &v->init_tests);
}

static void io_comment(io *s, ssot_comment *v)
{
    io_u32(s, &v->row);
    io_u32(s, &v->col);
    io_str(s, &v->text);
}

/* Problem codes are static strings: stored as text, read back as the same literal. */
static void io_problem(io *s, ssot_file_problem *v)
{
    static const char *const codes[] = {"E001", "E002", "E003", "E004", "E005",
                                         "E006", "E007", "E008"};
    const char *code = v->code;
    io_str(s, &code);
    if (s->reading) {
        v->code = NULL;
        for (size_t i = 0; code && i < sizeof(codes) / sizeof(*codes); i++)
            if (!strcmp(code, codes[i]))
                v->code = codes[i];
        if (!v->code)
            s->in.ok = false;
    }
    io_loc(s, &v->loc);
    io_str(s, &v->message);
}

static void io_gap(io *s, ssot_contract_gap *v)
{
    io_loc(s, &v->loc);
    io_str(s, &v->contract);
    io_str(s, &v->value);
    io_str(s, &v->scope);
    io_str(s, &v->mentioned_by);
}

static void io_binding(io *s, ssot_binding *v)
{
    io_str(s, &v->name);
    io_loc(s, &v->loc);
    IO_ENUM(s, v->kind);
    io_str(s, &v->callee);
    io_str(s, &v->as_written);
    io_u32(s, &v->flags);
    io_str(s, &v->writer);
    io_u32(s, &v->writer_count);
    io_str(s, &v->handler);
    io_str(s, &v->request);
    io_str(s, &v->importer);
    io_held(s, &v->held);
}

static void io_module_fn(io *s, ssot_module_fn *v)
{
    io_str(s, &v->name);
    io_loc(s, &v->loc);
    io_strs(s, &v->decorators, &v->decorator_count);
    IO_BOOL(s, v->cached);
    IO_BOOL(s, v->handler);
    IO_BOOL(s, v->only_defaulted);
    io_str(s, &v->returns);
    io_str(s, &v->returns_as_written);
    io_held(s, &v->held);
}

static void io_global_write(io *s, ssot_global_write *v)
{
    io_str(s, &v->function);
    io_str(s, &v->name);
    io_loc(s, &v->loc);
    IO_ENUM(s, v->kind);
    io_str(s, &v->callee);
    io_str(s, &v->as_written);
    IO_ENUM(s, v->guard);
    io_held(s, &v->held);
}

static void io_import(io *s, ssot_import *v)
{
    io_str(s, &v->module);
    io_str(s, &v->name);
    io_str(s, &v->local);
    io_loc(s, &v->loc);
}

static void io_import_write(io *s, ssot_import_write *v)
{
    io_str(s, &v->writer);
    io_str(s, &v->request);
    io_u32(s, &v->import);
}

static void io_definition(io *s, ssot_definition *v)
{
    IO_ENUM(s, v->kind);
    io_str(s, &v->name);
    io_str(s, &v->qualname);
    io_loc(s, &v->loc);
    io_strs32(s, &v->members, &v->member_count);
    io_strs32(s, &v->bases, &v->base_count);
    io_i32(s, &v->parent);
    io_u32(s, &v->nodes);
    io_u32(s, &v->lines);
    io_u64(s, &v->fp1);
    io_u64(s, &v->fp2);
    io_u64(s, &v->fp3);
    io_u64(s, &v->fpl);
    io_strs32(s, &v->strings, &v->string_count);
    io_str(s, &v->literal);
    io_u32(s, &v->flags);
    if (s->reading)
        v->dup = NULL; /* resolved */
}

static void io_facts(io *s, ssot_facts *v)
{
    IO_ENUM(s, v->role);
    IO_BOOL(s, v->pytest_file);
    IO_BOOL(s, v->parsed);
    io_u32(s, &v->line_count);
    IO_ARRAY(s, v->functions, v->function_count, io_function);
    IO_ARRAY(s, v->classes, v->class_count, io_class);
    IO_ARRAY(s, v->comments, v->comment_count, io_comment);
    IO_ARRAY(s, v->problems, v->problem_count, io_problem);
    io_skip(s, &v->module_skip);
    IO_BOOL(s, v->module_test_false);
    IO_ARRAY(s, v->contract_gaps, v->contract_gap_count, io_gap);
    IO_ARRAY(s, v->bindings, v->binding_count, io_binding);
    IO_ARRAY(s, v->module_fns, v->module_fn_count, io_module_fn);
    IO_ARRAY(s, v->global_writes, v->global_write_count, io_global_write);
    IO_ARRAY(s, v->imports, v->import_count, io_import);
    IO_ARRAY(s, v->import_writes, v->import_write_count, io_import_write);
    io_strs(s, &v->checking_fns, &v->checking_fn_count);
    IO_ARRAY(s, v->param_writes, v->param_write_count, io_param_write);
    IO_ARRAY(s, v->definitions, v->definition_count, io_definition);
    IO_BOOL(s, v->main_guard);
    IO_BOOL(s, v->tool);
    IO_BOOL(s, v->serves);
    IO_BOOL(s, v->no_requests);
    io_str(s, &v->words.handler);
    io_str(s, &v->words.raise);
    io_str(s, &v->words.raises);
    io_str(s, &v->words.raised);
    io_str(s, &v->words.reraises);
    io_str(s, &v->words.failure);
    io_str(s, &v->words.raises_check);
    io_str(s, &v->words.default_export);
    IO_BOOL(s, v->words.module_by_path);
    IO_BOOL(s, v->words.set_by_call);
    io_str(s, &v->words.module_variable);
    IO_BOOL(s, v->linked);
}

/* ---- validation: what the payload's own checks cannot see ----
 * A checksum only says the bytes are the ones written, not who wrote them: a cache folder
 * is shared between runs, branches and users. Every index must point into its array (and
 * class nesting must not loop), every enum must be one of its values, and every string
 * that facts.h does not document as nullable must be present; anything else is a miss. */

#define NAME(x) ((x) != NULL)
#define INDEX(i, n) ((i) >= -1 && (int64_t)(i) < (int64_t)(n))
#define ENUM(e, lo, hi) ((uint32_t)(e) >= (uint32_t)(lo) && (uint32_t)(e) <= (uint32_t)(hi))

static bool names(const char *const *arr, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!arr[i])
            return false;
    return true;
}

static bool valid_skip(const ssot_skip *k)
{
    return ENUM(k->kind, SSOT_SKIP_NONE, SSOT_SKIP_UNFOCUSED);
}

static bool valid_held(const ssot_held *h)
{
    return names(h->externals, h->external_count);
}

static bool valid_function_parts(const ssot_function *fn)
{
    size_t nd = fn->side->double_count, nc = fn->call_count;
    for (size_t i = 0; i < fn->assert_count; i++) {
        const ssot_assertion *a = &fn->asserts[i];
        if (!ENUM(a->kind, SSOT_ASSERT_STATEMENT, SSOT_ASSERT_NAMED) ||
            !ENUM(a->form, SSOT_CHECK_OTHER, SSOT_CHECK_RAISES) || !INDEX(a->subject, nd))
            return false;
    }
    for (size_t i = 0; i < nc; i++) {
        const ssot_call *c = &fn->calls[i];
        if (!NAME(c->callee) || c->name_at > strlen(c->callee) ||
            !ENUM(c->receiver, SSOT_RECEIVER_NAME, SSOT_RECEIVER_OTHER) ||
            !INDEX(c->double_index, nd))
            return false;
    }
    for (size_t i = 0; i < nd; i++)
        if (!NAME(fn->side->doubles[i].name) || !INDEX(fn->side->doubles[i].parent, nd))
            return false;
    for (size_t i = 0; i < fn->side->double_use_count; i++) {
        const ssot_double_use *u = &fn->side->double_uses[i];
        if (!ENUM(u->form, SSOT_USE_REFERENCED, SSOT_USE_ASSERTED_CALL) ||
            !NAME(u->double_name) || !NAME(u->attribute))
            return false;
    }
    for (size_t i = 0; i < fn->side->double_arg_count; i++) {
        const ssot_double_arg *a = &fn->side->double_args[i];
        if (a->call < 0 || !INDEX(a->call, nc) || !NAME(a->name))
            return false;
    }
    for (size_t i = 0; i < fn->side->patch_count; i++) {
        const ssot_patch *p = &fn->side->patches[i];
        if (!ENUM(p->kind, SSOT_PATCH_DECORATOR, SSOT_PATCH_SETATTR) || !NAME(p->target) ||
            !INDEX(p->double_index, nd))
            return false;
    }
    for (size_t i = 0; i < fn->side->setting_count; i++) {
        const ssot_setting *t = &fn->side->settings[i];
        if (!ENUM(t->kind, SSOT_SET_RETURN, SSOT_SET_ATTRIBUTE) || t->double_index < 0 ||
            !INDEX(t->double_index, nd) || !NAME(t->path) || !NAME(t->value))
            return false;
    }
    for (size_t i = 0; i < fn->side->handoff_count; i++) {
        const ssot_handoff *h = &fn->side->handoffs[i];
        if (h->double_index < 0 || !INDEX(h->double_index, nd) || !INDEX(h->via_double, nd))
            return false;
    }
    for (size_t i = 0; i < fn->side->mention_count; i++)
        if (!NAME(fn->side->mentions[i].value) || !INDEX(fn->side->mentions[i].call, nc))
            return false;
    for (size_t i = 0; i < fn->side->via_count; i++)
        if (!NAME(fn->side->vias[i].via) || fn->side->vias[i].call >= nc ||
            (i && fn->side->vias[i].call <= fn->side->vias[i - 1].call))
            return false;
    return INDEX(fn->returns_double, nd);
}

/* `body`: its body was read (a pending one is checked when ssot_facts_body decodes it). */
static bool valid_function(const ssot_function *fn, size_t class_count, bool body)
{
    return NAME(fn->name) && NAME(fn->symbol) && INDEX(fn->class_index, class_count) &&
           ENUM(fn->shape, SSOT_BODY_CODE, SSOT_BODY_STUB) && valid_skip(&fn->skip) &&
           ENUM(fn->framework, SSOT_FRAMEWORK_NONE, SSOT_FRAMEWORK_UNITTEST) &&
           names(fn->markers, fn->marker_count) && names(fn->params, fn->param_count) &&
           (!body || valid_function_parts(fn));
}

/* A class nests only in one before it (the front end adds the outer class first), so
 * walks up `outer_index` end. */
static bool valid_class(const ssot_class *k, size_t index)
{
    const ssot_class_state *st = k->state;
    return NAME(k->name) && NAME(k->qualname) && k->outer_index < (int64_t)index &&
           k->outer_index >= -1 && names(k->bases, k->base_count) &&
           names(k->methods, k->method_count) && names(k->alias_names, k->alias_count) &&
           names(k->alias_targets, k->alias_count) && valid_skip(&k->skip) &&
           names(k->markers, k->marker_count) &&
           ENUM(k->framework, SSOT_FRAMEWORK_NONE, SSOT_FRAMEWORK_UNITTEST) &&
           names(st->decorators, st->decorator_count) && names(st->writes, st->write_count) &&
           names(st->write_methods, st->write_count) &&
           names(st->replaces, st->replace_count) &&
           names(st->init_attrs, st->init_attr_count) &&
           names(st->composed, st->composed_count) &&
           names(st->composed_callees, st->composed_count) &&
           /* set in pairs: the instance cache and its method, a request write and its
              method; a caching metaclass names its cache */
           !st->instance_attr == !st->instance_method && !st->request == !st->request_method &&
           (!(k->flags & SSOT_KF_CACHING_META) || st->instance_attr);
}

static bool valid_module_state(const ssot_facts *f)
{
    for (size_t i = 0; i < f->binding_count; i++) {
        const ssot_binding *b = &f->bindings[i];
        if (!NAME(b->name) || !ENUM(b->kind, SSOT_VALUE_OTHER, SSOT_VALUE_CONTAINER) ||
            !valid_held(&b->held))
            return false;
    }
    for (size_t i = 0; i < f->module_fn_count; i++) {
        const ssot_module_fn *m = &f->module_fns[i];
        if (!NAME(m->name) || !names(m->decorators, m->decorator_count) ||
            !valid_held(&m->held))
            return false;
    }
    for (size_t i = 0; i < f->global_write_count; i++) {
        const ssot_global_write *g = &f->global_writes[i];
        if (!NAME(g->function) || !NAME(g->name) ||
            !ENUM(g->kind, SSOT_VALUE_OTHER, SSOT_VALUE_CONTAINER) ||
            !ENUM(g->guard, SSOT_GUARD_NONE, SSOT_GUARD_NOT) || !valid_held(&g->held))
            return false;
    }
    for (size_t i = 0; i < f->import_count; i++) /* a module is never "" (`.` at least) */
        if (!NAME(f->imports[i].module) || !f->imports[i].module[0])
            return false;
    for (size_t i = 0; i < f->import_write_count; i++)
        if (!NAME(f->import_writes[i].writer) || f->import_writes[i].import >= f->import_count)
            return false;
    return names(f->checking_fns, f->checking_fn_count);
}

static bool valid_definitions(const ssot_facts *f)
{
    for (size_t i = 0; i < f->definition_count; i++) {
        const ssot_definition *d = &f->definitions[i];
        if (!ENUM(d->kind, SSOT_DEF_CLASS, SSOT_DEF_CONSTANT) || !NAME(d->name) ||
            !NAME(d->qualname) || !names(d->members, d->member_count) ||
            !names(d->bases, d->base_count) || !names(d->strings, d->string_count) ||
            !INDEX(d->parent, f->definition_count))
            return false;
    }
    return true;
}

static bool valid_facts(const ssot_facts *f, bool bodies)
{
    if (!ENUM(f->role, SSOT_ROLE_SERVICE, SSOT_ROLE_TEST) || !valid_skip(&f->module_skip))
        return false;
    if (f->parsed && (!f->words.handler || !f->words.raise || !f->words.raises ||
                      !f->words.raised || !f->words.reraises || !f->words.failure ||
                      !f->words.raises_check || !f->words.module_variable))
        return false;
    for (size_t i = 0; i < f->function_count; i++)
        if (!valid_function(&f->functions[i], f->class_count, bodies))
            return false;
    for (size_t i = 0; i < f->class_count; i++)
        if (!valid_class(&f->classes[i], i))
            return false;
    for (size_t i = 0; i < f->comment_count; i++)
        if (!NAME(f->comments[i].text))
            return false;
    for (size_t i = 0; i < f->problem_count; i++)
        if (!NAME(f->problems[i].message))
            return false;
    for (size_t i = 0; i < f->contract_gap_count; i++) {
        const ssot_contract_gap *g = &f->contract_gaps[i];
        if (!NAME(g->contract) || !NAME(g->value) || !NAME(g->scope))
            return false;
    }
    for (size_t i = 0; i < f->param_write_count; i++) {
        const ssot_param_write *w = &f->param_writes[i];
        if (!NAME(w->function) || !NAME(w->param) || !NAME(w->attribute))
            return false;
    }
    return valid_module_state(f) && valid_definitions(f);
}

unsigned char *ssot_facts_write(const ssot_facts *facts, size_t *len)
{
    io s = {.in.ok = true, .gen = 1};
    unsigned char header[HEADER_LEN] = {0};
    put(&s, header, sizeof(header));
    s.interning = true;
    ssot_facts copy = *facts; /* io functions take mutable pointers; writing changes nothing */
    io_facts(&s, &copy);
    free(s.slots);
    unsigned char *buf = s.out.data;
    size_t payload = s.out.len - HEADER_LEN;
    memcpy(buf, MAGIC, 8);
    ssot_bytes_put_le(buf + 8, SSOT_FACTS_FORMAT, 4);
    /* the reader's arena, sized exactly (0: more than the header holds, or than the bytes
       may declare: no hint) */
    size_t decoded = s.decoded <= UINT32_MAX && s.decoded <= MAX_DECODED_PER_BYTE * s.out.len
                         ? s.decoded
                         : 0;
    ssot_bytes_put_le(buf + 12, decoded, 4);
    ssot_bytes_put_le(buf + 16, payload, 8);
    /* seeded with the decoded bytes: the checksum covers them too (seed 0 is plain XXH3) */
    ssot_bytes_put_le(buf + 24, XXH3_64bits_withSeed(buf + HEADER_LEN, payload, decoded), 8);
    *len = s.out.len;
    return buf;
}

ssot_facts_reader *ssot_facts_reader_new(void)
{
    return ssot_calloc(1, sizeof(ssot_facts_reader));
}

void ssot_facts_reader_free(ssot_facts_reader *reader)
{
    if (reader)
        free(reader->slots);
    free(reader);
}

bool ssot_facts_read(const unsigned char *data, size_t len, ssot_facts *facts,
                     ssot_arena *arena)
{
    ssot_facts_reader own = {0};
    bool ok = ssot_facts_read_with(&own, data, len, facts, arena);
    free(own.slots);
    return ok;
}

/* Magic, version, lengths and checksum: the bytes are what a writer of this format wrote. */
static bool header_holds(const unsigned char *data, size_t len)
{
    return data && len >= HEADER_LEN && !memcmp(data, MAGIC, 8) &&
           ssot_bytes_get_le(data + 8, 4) == SSOT_FACTS_FORMAT &&
           ssot_bytes_get_le(data + 12, 4) <= MAX_DECODED_PER_BYTE * len &&
           ssot_bytes_get_le(data + 16, 8) == len - HEADER_LEN &&
           ssot_bytes_get_le(data + 24, 8) == XXH3_64bits_withSeed(data + HEADER_LEN,
                                                                   len - HEADER_LEN,
                                                                   ssot_bytes_get_le(data + 12, 4));
}

/* The pending bodies of a lazily read file: where each function's body is in its bytes,
 * which are read again (whole, and checked to be the same) for the first body decoded and
 * kept for the next ones. */
struct ssot_pending_bodies {
    ssot_body_source source;
    uint64_t checksum;         /* the bytes' (their header's) */
    ssot_arena *arena;         /* the file's: decoded bodies go there */
    uint32_t *at;              /* per function: its body's length in the bytes, or DECODED */
    size_t count;
    const unsigned char *bytes; /* read again (in `arena`), once a body was asked for */
    size_t len;
    bool gone;                 /* the bytes were gone or others: every body is empty */
};

enum { DECODED = UINT32_MAX };

/* Read `data` into `facts`; `lazy`: without the functions' bodies (their places in `*bodies`,
 * one per function). */
static bool read_facts(ssot_facts_reader *reader, const unsigned char *data, size_t len,
                       ssot_facts *facts, ssot_arena *arena, bool lazy, uint32_t **bodies)
{
    if (!header_holds(data, len))
        return false;
    if (++reader->gen == 0) { /* the generations wrapped: every slot is emptied once */
        memset(reader->slots, 0, reader->cap * sizeof(*reader->slots));
        reader->gen = 1;
    }
    io s = {.reading = true, .in = {data + HEADER_LEN, data + len, true}, .arena = arena,
            .interning = true, .slots = reader->slots, .slot_cap = reader->cap,
            .gen = reader->gen, .lazy = lazy, .base = data};
    ssot_facts out = {0};
    /* one block of the bytes the writer counted: no chain of growing blocks, no slack (a
       lazy read needs a part of it: blocks as they are needed) */
    size_t decoded = (size_t)ssot_bytes_get_le(data + 12, 4);
    if (decoded && !lazy)
        ssot_arena_reserve(arena, decoded);
    else
        ssot_arena_expect(arena, lazy ? len : 3 * len);
    io_facts(&s, &out);
    reader->slots = s.slots; /* grown, perhaps: kept for the next read */
    reader->cap = s.slot_cap;
    if (!s.in.ok || s.in.p != s.in.end || !valid_facts(&out, !lazy) ||
        (lazy && s.bodies.count != out.function_count)) {
        free(s.bodies.items);
        return false;
    }
    ssot_facts_keep_engine_fields(&out, facts);
    *facts = out;
    if (bodies)
        *bodies = s.bodies.items;
    else
        free(s.bodies.items);
    return true;
}

bool ssot_facts_read_with(ssot_facts_reader *reader, const unsigned char *data, size_t len,
                          ssot_facts *facts, ssot_arena *arena)
{
    return read_facts(reader, data, len, facts, arena, false, NULL);
}

bool ssot_facts_read_lazy(ssot_facts_reader *reader, const unsigned char *data, size_t len,
                          ssot_facts *facts, ssot_arena *arena, const ssot_body_source *source)
{
    uint32_t *bodies = NULL;
    if (!read_facts(reader, data, len, facts, arena, true, &bodies))
        return false;
    if (facts->function_count) {
        struct ssot_pending_bodies *p = ssot_arena_alloc8(arena, sizeof(*p));
        p->source.fetch = source->fetch;
        p->source.where = ssot_arena_strdup(arena, source->where);
        p->checksum = ssot_bytes_get_le(data + 24, 8);
        p->arena = arena;
        p->count = facts->function_count;
        p->at = ssot_arena_alloc8(arena, p->count * sizeof(*p->at));
        memcpy(p->at, bodies, p->count * sizeof(*p->at));
        facts->pending = p;
    }
    free(bodies);
    return true;
}

/* An empty body in place of one that cannot be read back. */
static bool no_body(ssot_function *fn)
{
    fn->asserts = NULL;
    fn->calls = NULL;
    fn->discarded = NULL;
    fn->assert_count = fn->call_count = fn->discarded_count = 0;
    fn->side = &ssot_fn_side_none;
    fn->returns_double = -1;
    return false;
}

/* The bytes the file was read from, read again and checked to be the same the first time
 * (NULL when they are gone or others). */
static const unsigned char *pending_bytes(struct ssot_pending_bodies *p)
{
    if (p->bytes || p->gone)
        return p->bytes;
    size_t len = 0;
    unsigned char *data = p->source.fetch(p->source.where, &len);
    /* an entry is never rewritten with other bytes; gone, or replaced by hand, it fails here */
    if (header_holds(data, len) && ssot_bytes_get_le(data + 24, 8) == p->checksum) {
        unsigned char *kept = ssot_arena_alloc(p->arena, len);
        memcpy(kept, data, len);
        p->bytes = kept;
        p->len = len;
    }
    p->gone = !p->bytes;
    free(data);
    return p->bytes;
}

bool ssot_facts_body(ssot_facts *facts, ssot_function *fn)
{
    struct ssot_pending_bodies *p = facts->pending;
    size_t k = (size_t)(fn - facts->functions);
    if (!p || k >= p->count || p->at[k] == DECODED)
        return true;
    size_t at = p->at[k];
    p->at[k] = DECODED;
    const unsigned char *data = pending_bytes(p);
    size_t len = p->len;
    if (!data || at + BODY_LEN > len)
        return no_body(fn);
    size_t n = (size_t)ssot_bytes_get_le(data + at, BODY_LEN);
    if (n > len - at - BODY_LEN) /* a length the first read checked: only a forged entry */
        return no_body(fn);
    const unsigned char *body = data + at + BODY_LEN;
    io s = {.reading = true, .in = {body, body + n, true}, .arena = p->arena};
    io_fn_body(&s, fn);
    return (s.in.ok && s.in.p == s.in.end && valid_function_parts(fn)) || no_body(fn);
}
