/* analyzer/frontend/python/python_expr.c - small questions about Python expressions: their text,
 * dotted names, call arguments, constant truth, side-effect freedom. */
#include "analyzer/frontend/python/python_internal.h"

#include "analyzer/frontend/flat_text.h"

/* tree-sitter-python's field names, sorted: the field id is the index + 1, the order of
 * py_field_id (checked against the grammar by ssot_python_frontend_new). */
const char *const py_field_names[PY_FIELD_COUNT] = {
    "alias",      "alternative",  "argument",         "arguments",   "attribute",
    "body",       "cause",        "code",             "condition",   "consequence",
    "definition", "expression",   "format_specifier", "function",    "guard",
    "key",        "left",         "module_name",      "name",        "object",
    "operator",   "operators",    "parameters",       "return_type", "right",
    "subject",    "subscript",    "superclasses",     "type",        "type_conversion",
    "type_parameters", "value",
};

const char *py_text(py_ctx *c, ft_node n) { return ft_text(c->arena, c->src, n); }

/* Copy without whitespace, backslash line continuations or comments. */
static const char *squeeze(py_ctx *c, ft_node n)
{
    uint32_t s = ft_start_byte(n), e = ft_end_byte(n);
    char *out = ssot_arena_alloc(c->arena, e - s + 1);
    size_t k = 0;
    for (uint32_t i = s; i < e; i++) {
        char ch = c->src[i];
        if (ch == '#') {
            while (i < e && c->src[i] != '\n')
                i++;
            continue;
        }
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\\' && ch != '\f')
            out[k++] = ch;
    }
    out[k] = '\0';
    return out;
}

static bool dotted_shape(ft_node n, int depth)
{
    if (depth > SSOT_MAX_NESTING)
        return false;
    if (py_is(n, "identifier"))
        return true;
    if (py_is(n, "attribute"))
        return dotted_shape(py_field(n, PYF_object), depth + 1);
    return false;
}

const char *py_dotted(py_ctx *c, ft_node n)
{
    return dotted_shape(n, 0) ? squeeze(c, n) : NULL;
}

const char *py_callee(py_ctx *c, ft_node call)
{
    return py_dotted(c, py_field(call, PYF_function));
}

ssot_span py_span(py_ctx *c, ft_node n) { return ft_span(c->src, n); }

const char *py_snippet(py_ctx *c, ft_node n)
{
    return py_snippet_at(c, ft_start_byte(n), ft_end_byte(n));
}

const char *py_snippet_at(py_ctx *c, uint32_t s, uint32_t e)
{
    return ft_snippet_at(c->arena, c->src, s, e);
}

ssot_loc py_loc(py_ctx *c, ft_node n)
{
    ssot_loc l = {py_span(c, n), py_snippet(c, n)};
    return l;
}

ft_node py_param_name(ft_node p)
{
    if (py_is(p, "default_parameter") || py_is(p, "typed_default_parameter"))
        p = py_field(p, PYF_name);
    else if (py_is(p, "typed_parameter"))
        p = ft_named_child(p, 0);
    if (py_is(p, "list_splat_pattern") || py_is(p, "dictionary_splat_pattern"))
        p = ft_named_child(p, 0);
    return py_is(p, "identifier") ? p : NULL;
}

bool py_import_names(ft_node stmt, bool (*fn)(void *ctx, ft_node name), void *ctx)
{
    ft_node module = py_field(stmt, PYF_module_name);
    uint32_t k = ft_named_child_count(stmt);
    for (uint32_t j = 0; j < k; j++) {
        ft_node x = ft_named_child(stmt, j);
        if (!ft_is_null(module) && ft_eq(x, module))
            continue;
        ft_node name = NULL;
        if (py_is(x, "aliased_import"))
            name = py_field(x, PYF_alias);
        else if (py_is(x, "dotted_name"))
            name = ft_is_null(ft_named_child(x, 0)) ? x : ft_named_child(x, 0);
        else if (!py_is(x, "wildcard_import"))
            continue;
        if (!fn(ctx, name))
            return false;
    }
    return true;
}

ft_node py_unparen(ft_node n)
{
    for (int i = 0; i < SSOT_MAX_NESTING && py_is(n, "parenthesized_expression"); i++) {
        /* comments are named children too: `(  # why\n  a == b)` */
        ft_node inner = NULL;
        uint32_t count = ft_named_child_count(n);
        for (uint32_t k = 0; k < count && ft_is_null(inner); k++)
            if (!py_is(ft_named_child(n, k), "comment"))
                inner = ft_named_child(n, k);
        if (ft_is_null(inner))
            break;
        n = inner;
    }
    return n;
}

static ft_node call_args(ft_node call)
{
    ft_node args = py_field(call, PYF_arguments);
    return py_is(args, "argument_list") ? args : NULL;
}

ft_node py_call_arg(ft_node call, unsigned index)
{
    ft_node args = call_args(call);
    if (ft_is_null(args))
        return args;
    unsigned k = 0;
    uint32_t n = ft_named_child_count(args);
    for (uint32_t i = 0; i < n; i++) {
        ft_node a = ft_named_child(args, i);
        if (py_is(a, "keyword_argument") || py_is(a, "comment") ||
            py_is(a, "list_splat") || py_is(a, "dictionary_splat"))
            continue;
        if (k++ == index)
            return a;
    }
    return NULL;
}

unsigned py_call_positional_count(ft_node call)
{
    ft_node args = call_args(call);
    if (ft_is_null(args))
        return 0;
    unsigned k = 0;
    uint32_t n = ft_named_child_count(args);
    for (uint32_t i = 0; i < n; i++) {
        ft_node a = ft_named_child(args, i);
        if (!py_is(a, "keyword_argument") && !py_is(a, "comment") &&
            !py_is(a, "dictionary_splat"))
            k++;
    }
    return k;
}

ft_node py_call_kwarg(py_ctx *c, ft_node call, const char *name)
{
    ft_node args = call_args(call);
    if (ft_is_null(args))
        return args;
    size_t len = strlen(name);
    uint32_t n = ft_named_child_count(args);
    for (uint32_t i = 0; i < n; i++) {
        ft_node a = ft_named_child(args, i);
        if (!py_is(a, "keyword_argument"))
            continue;
        ft_node k = py_field(a, PYF_name);
        uint32_t s = ft_start_byte(k), e = ft_end_byte(k);
        if (e - s == len && memcmp(c->src + s, name, len) == 0)
            return py_field(a, PYF_value);
    }
    return NULL;
}

bool py_same_text(py_ctx *c, ft_node a, ft_node b)
{
    return strcmp(squeeze(c, a), squeeze(c, b)) == 0;
}

const char *py_compact(py_ctx *c, ft_node n)
{
    return squeeze(c, n);
}

const char *py_string_value(py_ctx *c, ft_node n)
{
    if (py_is(n, "concatenated_string"))
        n = ft_named_child(n, 0);
    if (!py_is(n, "string"))
        return NULL;
    uint32_t count = ft_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        ft_node part = ft_named_child(n, i);
        if (py_is(part, "string_content"))
            return py_text(c, part);
    }
    return "";
}

/* A string's truth: non-empty content (or any interpolation next to literal text). */
static int string_truth(ft_node n)
{
    uint32_t count = ft_named_child_count(n);
    bool content = false, interp = false;
    for (uint32_t i = 0; i < count; i++) {
        ft_node part = ft_named_child(n, i);
        if (py_is(part, "string_content") && ft_end_byte(part) > ft_start_byte(part))
            content = true;
        else if (py_is(part, "interpolation"))
            interp = true;
    }
    if (content)
        return 1;
    return interp ? -1 : 0;
}

static int number_truth(py_ctx *c, ft_node n)
{
    const char *t = py_text(c, n);
    for (const char *p = t; *p; p++) {
        char ch = *p;
        if (ch >= '1' && ch <= '9')
            return 1;
        if (ch == 'x' || ch == 'X' || ch == 'o' || ch == 'O' || ch == 'b' || ch == 'B') {
            for (const char *q = p + 1; *q; q++)
                if (*q != '0' && *q != '_')
                    return 1;
            return 0;
        }
        if (ch == 'e' || ch == 'E' || ch == 'j' || ch == 'J')
            break;
    }
    return 0;
}

bool py_is_literal(ft_node n)
{
    n = py_unparen(n);
    if (py_is(n, "unary_operator"))
        n = py_field(n, PYF_argument);
    return py_is(n, "integer") || py_is(n, "float") || py_is(n, "true") || py_is(n, "false") ||
           py_is(n, "none") || (py_is(n, "string") && string_truth(n) >= 0) ||
           py_is(n, "concatenated_string");
}

static bool is_module_def(py_ctx *c, ft_node n)
{
    uint32_t s = ft_start_byte(n), e = ft_end_byte(n);
    /* a parameter or local of that name hides it: `def test_x(app): assert app` */
    for (size_t i = 0; c->local_names && i < c->local_names->count; i++) {
        const char *d = c->local_names->items[i];
        if (strlen(d) == e - s && memcmp(d, c->src + s, e - s) == 0)
            return false;
    }
    for (size_t i = 0; i < c->module_defs.count; i++) {
        const char *d = c->module_defs.items[i];
        if (strlen(d) == e - s && memcmp(d, c->src + s, e - s) == 0)
            return true;
    }
    return false;
}

/* `len(x) >= 0`, `len(x) > -1`, `isinstance(x, object)`, `lit == lit` */
static int comparison_truth(py_ctx *c, ft_node n)
{
    if (ft_named_child_count(n) != 2)
        return -1;
    ft_node left = py_unparen(ft_named_child(n, 0));
    ft_node right = py_unparen(ft_named_child(n, 1));
    ft_node op = ft_child(n, 1);
    const char *o = ft_type(op);
    if (py_is(left, "call") && strcmp(py_text(c, py_field(left, PYF_function)), "len") == 0 &&
        py_is(right, "integer") && (strcmp(o, ">=") == 0 && number_truth(c, right) == 0))
        return 1;
    if (py_is_literal(left) && py_is_literal(right) && py_same_text(c, left, right) &&
        !py_is(left, "float")) {
        if (strcmp(o, "==") == 0 || strcmp(o, "is") == 0 || strcmp(o, ">=") == 0 ||
            strcmp(o, "<=") == 0)
            return 1;
        if (strcmp(o, "!=") == 0 || strcmp(o, "is not") == 0)
            return 0;
    }
    return -1;
}

int py_constant_truth(py_ctx *c, ft_node n, int depth)
{
    if (depth > SSOT_MAX_NESTING || ft_is_null(n))
        return -1;
    n = py_unparen(n);
    if (py_is(n, "true"))
        return 1;
    if (py_is(n, "false") || py_is(n, "none"))
        return 0;
    if (py_is(n, "integer") || py_is(n, "float"))
        return number_truth(c, n);
    if (py_is(n, "string"))
        return string_truth(n);
    if (py_is(n, "concatenated_string")) {
        uint32_t k = ft_named_child_count(n);
        int any = 0;
        for (uint32_t i = 0; i < k; i++) {
            int v = string_truth(ft_named_child(n, i));
            if (v == 1)
                return 1;
            if (v < 0)
                any = -1;
        }
        return any;
    }
    if (py_is(n, "tuple") || py_is(n, "list") || py_is(n, "dictionary") ||
        py_is(n, "set")) {
        uint32_t k = ft_named_child_count(n);
        for (uint32_t i = 0; i < k; i++)
            if (!py_is(ft_named_child(n, i), "comment"))
                return 1;
        return py_is(n, "set") ? -1 : 0;
    }
    /* a generator object is always true; a list/set/dict comprehension may be empty */
    if (py_is(n, "lambda") || py_is(n, "generator_expression"))
        return 1;
    if (py_is(n, "unary_operator")) {
        ft_node arg = py_field(n, PYF_argument);
        if (py_is(arg, "integer") || py_is(arg, "float"))
            return number_truth(c, arg);
        return -1;
    }
    if (py_is(n, "not_operator")) {
        int v = py_constant_truth(c, py_field(n, PYF_argument), depth + 1);
        return v < 0 ? -1 : !v;
    }
    if (py_is(n, "boolean_operator")) {
        int l = py_constant_truth(c, py_field(n, PYF_left), depth + 1);
        int r = py_constant_truth(c, py_field(n, PYF_right), depth + 1);
        /* constant only when every operand is: `True or explode` is written to exercise
           short-circuit evaluation, not as a placeholder */
        if (l < 0 || r < 0)
            return -1;
        const char *op = ft_type(py_field(n, PYF_operator));
        if (strcmp(op, "or") == 0)
            return l || r;
        return l && r;
    }
    if (py_is(n, "comparison_operator"))
        return comparison_truth(c, n);
    if (py_is(n, "call")) {
        const char *f = py_callee(c, n);
        if (f && strcmp(f, "isinstance") == 0 && py_call_positional_count(n) == 2) {
            ft_node cls = py_call_arg(n, 1);
            if (py_is(cls, "identifier") && strcmp(py_text(c, cls), "object") == 0)
                return 1;
        }
        return -1;
    }
    if (py_is(n, "identifier"))
        return is_module_def(c, n) ? 1 : -1;
    return -1;
}

