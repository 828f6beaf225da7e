/* analyzer/frontend/python/python_body.c - walk one Python function body and record what it
 * asserts, what it calls, which doubles it makes and uses, and which checks it throws
 * away. Statement nesting recurses with a depth limit; expressions are scanned with a
 * tree cursor, so deep expressions cannot overflow the stack. */
#include "analyzer/frontend/python/python_body.h"

#include <stdlib.h>

#include "analyzer/facts/assertions.h"

static void walk_block(fn_builder *b, ft_node block, body_state st);

/* ---- calls and doubles ---- */

/* The double that `dotted` hangs on, by name: the longest double name that is a proper
 * prefix (fixture parameters and anonymous doubles are not known to be doubles yet). */
static const ssot_double *double_under(const fn_builder *b, const char *dotted)
{
    const ssot_double *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < b->doubles.count; i++) {
        const ssot_double *d = &b->doubles.items[i];
        size_t n = strlen(d->name);
        if (!n || (d->flags & SSOT_DF_PARAM))
            continue;
        if (n >= best_len && strncmp(dotted, d->name, n) == 0 && dotted[n] == '.') {
            best = d;
            best_len = n;
        }
    }
    return best;
}

/* Is `dotted` the name of a double the function binds (`m`, `self.m`)? */
static bool names_double(const fn_builder *b, const char *dotted)
{
    for (size_t i = 0; i < b->doubles.count; i++) {
        const ssot_double *d = &b->doubles.items[i];
        if (!(d->flags & SSOT_DF_PARAM) && !strcmp(d->name, dotted))
            return true;
    }
    return false;
}

/* The doubles handed to the call just recorded as `calls[at]`, by position or keyword:
 * a project function may configure them (PH011). */
static void note_double_args(fn_builder *b, ft_node call, int32_t at)
{
    if (!b->doubles.count)
        return;
    ft_node args = py_field(call, PYF_arguments);
    uint32_t n = py_is(args, "argument_list") ? ft_named_child_count(args) : 0;
    int32_t position = 0;
    for (uint32_t i = 0; i < n; i++) {
        ft_node a = ft_named_child(args, i);
        ssot_double_arg d = {at, NULL, -1, NULL};
        if (py_is(a, "keyword_argument")) {
            d.keyword = py_text(b->c, py_field(a, PYF_name));
            a = py_field(a, PYF_value);
        } else if (py_is(a, "list_splat") || py_is(a, "dictionary_splat")) {
            return; /* positions after a splat are unknown */
        } else if (!py_is(a, "comment")) {
            d.position = position++;
        }
        const char *dotted = py_is(a, "identifier") || py_is(a, "attribute")
                                 ? py_dotted(b->c, a)
                                 : NULL;
        if (dotted && names_double(b, dotted)) {
            d.name = dotted;
            SSOT_VEC_PUSH(&b->double_args, d);
        }
    }
}

static bool prefix_assigned(const py_strings *list, const char *dotted)
{
    if (!list)
        return false;
    size_t n = strlen(dotted);
    for (size_t i = 0; i < list->count; i++) {
        const char *a = list->items[i];
        if (strncmp(a, dotted, n) == 0 && (a[n] == '\0' || a[n] == '.'))
            return true;
    }
    return false;
}

/* Record a use of an attribute of a double; `expr` is the attribute node. */
static void note_double_use(fn_builder *b, ft_node expr, ssot_double_use_form form, ft_node at)
{
    const char *dotted = py_dotted(b->c, expr);
    if (!dotted)
        return;
    const ssot_double *d = double_under(b, dotted);
    if (!d)
        return;
    const char *last = ssot_last_segment(dotted);
    ssot_double_use u = {0};
    u.loc = py_loc(b->c, at);
    u.form = form;
    u.double_name = ssot_arena_strndup(b->c->arena, dotted, (size_t)(last - dotted) - 1);
    u.attribute = last;
    u.double_flags = d->flags;
    u.configured = prefix_assigned(&b->assigned, dotted) ||
                   (b->class_doubles && prefix_assigned(&b->class_doubles->assigned, dotted));
    SSOT_VEC_PUSH(&b->uses, u);
}

/* ---- assertions ---- */

/* Does the failure of this assertion get past the swallowing handlers around it? pytest's
 * outcomes (`pytest.fail`, a `pytest.raises` that saw nothing) are BaseExceptions that
 * `except Exception` lets through; a conditional `raise` of another exception is control
 * flow, not a check; an explicit failure (`assert False`, `raise AssertionError`) under a
 * handler that names AssertionError is raised to be caught. */
static bool escapes_handler(const char *callee, uint32_t flags, body_state st)
{
    static const char *const outcomes[] = {"pytest.fail", "pytest.raises", "pytest.warns",
                                           "pytest.deprecated_call", NULL};
    if (callee && py_str_in(callee, outcomes) && !st.swallow_outcomes)
        return true;
    if (callee && !strcmp(callee, "raise"))
        return true;
    return (flags & SSOT_AF_EXPLICIT_FAIL) && st.swallow_named;
}

static void add_assertion(fn_builder *b, ft_node at, ssot_assert_kind kind, uint32_t flags,
                          const char *callee, body_state st)
{
    ssot_assertion a = {0};
    a.loc = py_loc(b->c, at);
    a.kind = kind;
    a.callee = callee;
    a.flags = flags;
    a.subject = -1;
    if (st.in_branch)
        a.flags |= SSOT_AF_IN_BRANCH;
    if (st.conditional)
        a.flags |= SSOT_AF_CONDITIONAL;
    if (st.swallowing && !st.retry_guarded && !escapes_handler(callee, flags, st))
        a.flags |= SSOT_AF_SWALLOWED;
    if (st.in_except)
        a.flags |= SSOT_AF_IN_EXCEPT;
    if (st.unreachable)
        a.flags |= SSOT_AF_UNREACHABLE;
    SSOT_VEC_PUSH(&b->asserts, a);
}

/* Remember what the last assertion compared: `left op right`. */
static void note_pair(fn_builder *b, ft_node left, ft_node right)
{
    left = py_unparen(left);
    right = py_unparen(right);
    if (ft_is_null(left) || ft_is_null(right) || !b->asserts.count)
        return;
    py_pair p = {py_compact(b->c, left), py_compact(b->c, right), b->asserts.count - 1};
    SSOT_VEC_PUSH(&b->pairs, p);
}

/* A comparison condition `a op b` (assert, assertTrue, assertFalse): note its sides. */
static void note_condition_pair(fn_builder *b, ft_node cond)
{
    cond = py_unparen(cond);
    if (py_is(cond, "not_operator"))
        cond = py_unparen(py_field(cond, PYF_argument));
    if (py_is(cond, "comparison_operator") && ft_named_child_count(cond) == 2)
        note_pair(b, ft_named_child(cond, 0), ft_named_child(cond, 1));
}

/* Self-comparisons next to comparisons of the same expression with something else
 * (`assertEqual(ev, ev)`, `assertNotEqual(ev, other)`) probe `__eq__` on purpose. */
static void mark_reflexive(fn_builder *b)
{
    for (size_t i = 0; i < b->pairs.count; i++) {
        const py_pair *p = &b->pairs.items[i];
        ssot_assertion *a = &b->asserts.items[p->assertion];
        if (!(a->flags & SSOT_AF_SELF_COMPARE) || strcmp(p->left, p->right) != 0)
            continue;
        for (size_t j = 0; j < b->pairs.count; j++) {
            const py_pair *q = &b->pairs.items[j];
            bool left = !strcmp(q->left, p->left), right = !strcmp(q->right, p->left);
            if (left != right) {
                a->flags |= SSOT_AF_REFLEXIVE;
                break;
            }
        }
    }
}

/* Flags of a two-sided comparison `left op right`. */
static uint32_t compare_flags(py_ctx *c, ft_node left, ft_node right, bool equal, bool not_equal)
{
    left = py_unparen(left);
    right = py_unparen(right);
    if (ft_is_null(left) || ft_is_null(right))
        return 0;
    if (py_is_literal(left) && py_is_literal(right))
        return 0; /* handled as a constant */
    /* only a name is certainly the same value twice: an attribute may be a property that
     * computes or caches (`r.sel is r.sel` tests the cache), a subscript runs __getitem__ */
    if (!py_is(left, "identifier") || !py_is(right, "identifier") ||
        !py_same_text(c, left, right))
        return 0;
    if (not_equal)
        return SSOT_AF_SELF_COMPARE | SSOT_AF_NOT_EQUAL;
    return equal ? SSOT_AF_SELF_COMPARE : 0;
}

static uint32_t condition_flags(py_ctx *c, ft_node cond)
{
    cond = py_unparen(cond);
    int truth = py_constant_truth(c, cond, 0);
    if (truth == 1)
        return SSOT_AF_CONSTANT;
    if (truth == 0)
        return SSOT_AF_EXPLICIT_FAIL;
    if (py_is(cond, "comparison_operator") && ft_named_child_count(cond) == 2) {
        const char *op = ft_type(ft_child(cond, 1));
        bool eq = !strcmp(op, "==") || !strcmp(op, "is") || !strcmp(op, ">=") || !strcmp(op, "<=");
        bool ne = !strcmp(op, "!=") || !strcmp(op, "is not");
        return compare_flags(c, ft_named_child(cond, 0), ft_named_child(cond, 1), eq, ne);
    }
    return 0;
}

/* Flags of a unittest assertion call from its method name and arguments. */
static uint32_t unittest_flags(py_ctx *c, ft_node call, const char *method)
{
    static const char *const truthy[] = {"assertTrue", "assert_", "failUnless", NULL};
    static const char *const falsy[] = {"assertFalse", "failIf", NULL};
    static const char *const equal[] = {
        "assertEqual", "assertEquals", "assertIs", "assertDictEqual", "assertListEqual",
        "assertTupleEqual", "assertSetEqual", "assertSequenceEqual", "assertCountEqual",
        "assertMultiLineEqual", "assertAlmostEqual", "assertAlmostEquals", "assertGreaterEqual",
        "assertLessEqual", "failUnlessEqual", "assertItemsEqual", NULL,
    };
    static const char *const not_equal[] = {"assertNotEqual", "assertNotEquals", "assertIsNot",
                                            "failIfEqual", NULL};
    ft_node a0 = py_call_arg(call, 0), a1 = py_call_arg(call, 1);
    if (strcmp(method, "fail") == 0)
        return SSOT_AF_EXPLICIT_FAIL;
    if (py_str_in(method, truthy)) {
        int t = py_constant_truth(c, a0, 0);
        return t == 1 ? SSOT_AF_CONSTANT : (t == 0 ? SSOT_AF_EXPLICIT_FAIL : 0);
    }
    if (py_str_in(method, falsy)) {
        int t = py_constant_truth(c, a0, 0);
        return t == 0 ? SSOT_AF_CONSTANT : (t == 1 ? SSOT_AF_EXPLICIT_FAIL : 0);
    }
    if (strcmp(method, "assertIsNone") == 0 && py_is(py_unparen(a0), "none"))
        return SSOT_AF_CONSTANT;
    if (strcmp(method, "assertIsNotNone") == 0 && py_is_literal(a0) &&
        !py_is(py_unparen(a0), "none"))
        return SSOT_AF_CONSTANT;
    if (strcmp(method, "assertIsInstance") == 0 && py_is(a1, "identifier") &&
        strcmp(py_text(c, a1), "object") == 0)
        return SSOT_AF_CONSTANT;
    if (ft_is_null(a0) || ft_is_null(a1))
        return 0;
    if (py_str_in(method, equal)) {
        if (py_is_literal(a0) && py_is_literal(a1) && py_same_text(c, a0, a1) &&
            !py_is(py_unparen(a0), "float"))
            return SSOT_AF_CONSTANT;
        return compare_flags(c, a0, a1, true, false);
    }
    if (py_str_in(method, not_equal))
        return compare_flags(c, a0, a1, false, true);
    return 0;
}

/* A dotted name as the test means it: a local alias (`eq = self.assertEqual`) replaced by
 * what it names, and the method's receiver spelled `self` whatever its parameter name. */
static const char *resolve_dotted(fn_builder *b, const char *dotted)
{
    if (!dotted)
        return NULL;
    size_t head = strcspn(dotted, ".");
    for (size_t i = b->aliases.count; i > 0; i--) {
        const py_alias *a = &b->aliases.items[i - 1];
        if (strlen(a->name) != head || strncmp(a->name, dotted, head) != 0)
            continue;
        if (!a->target)
            return dotted;
        return ssot_arena_printf(b->c->arena, "%s%s", a->target, dotted + head);
    }
    if (b->receiver && strlen(b->receiver) == head && !strncmp(b->receiver, dotted, head))
        return ssot_arena_printf(b->c->arena, "self%s", dotted + head);
    const py_strings *local = &b->c->pytest_local;
    for (size_t i = 0; i < local->count; i++)
        if (strlen(local->items[i]) == head && !strncmp(local->items[i], dotted, head))
            return ssot_arena_printf(b->c->arena, "pytest.%s%s", b->c->pytest_orig.items[i],
                                     dotted + head);
    return dotted;
}

/* pytest's helpers used by bare name; they are pytest's only when imported from it (see
 * resolve_dotted), otherwise a local `def fail(...)` or someone else's. */
static bool bare_pytest_name(const char *callee)
{
    static const char *const names[] = {"raises", "warns", "deprecated_call", "fail", "skip",
                                        NULL};
    return !strchr(callee, '.') && py_str_in(callee, names);
}

static const char *body_callee(fn_builder *b, ft_node call)
{
    return resolve_dotted(b, py_callee(b->c, call));
}

/* `name = a.b` binds an alias; any other binding of an aliased name ends it. */
static void note_alias(fn_builder *b, ft_node left, ft_node right)
{
    if (!py_is(left, "identifier"))
        return;
    const char *name = py_text(b->c, left);
    const char *target = py_is(right, "attribute") ? py_dotted(b->c, right) : NULL;
    if (target) {
        py_alias a = {name, resolve_dotted(b, target)};
        SSOT_VEC_PUSH(&b->aliases, a);
        return;
    }
    for (size_t i = 0; i < b->aliases.count; i++) {
        if (!strcmp(b->aliases.items[i].name, name)) {
            py_alias a = {name, NULL};
            SSOT_VEC_PUSH(&b->aliases, a);
            return;
        }
    }
}

/* `warnings.simplefilter("error")`, `warnings.filterwarnings("error", ...)`: from here on
 * a warning is an exception, which fails the test. */
static bool turns_warnings_into_errors(py_ctx *c, ft_node call, const char *callee)
{
    const char *last = ssot_last_segment(callee);
    if (strcmp(last, "simplefilter") != 0 && strcmp(last, "filterwarnings") != 0)
        return false;
    if (last != callee && strcmp(callee, "warnings.simplefilter") != 0 &&
        strcmp(callee, "warnings.filterwarnings") != 0)
        return false;
    ft_node action = py_call_kwarg(c, call, "action");
    if (ft_is_null(action))
        action = py_call_arg(call, 0);
    const char *v = ft_is_null(action) ? NULL : py_string_value(c, action);
    return v && !strcmp(v, "error");
}

/* `name = Callee(...)` binds an instance of what Callee makes; any other binding ends it. */
static void note_instance(fn_builder *b, ft_node left, ft_node right)
{
    if (!py_is(left, "identifier"))
        return;
    const char *name = py_text(b->c, left);
    right = py_unparen(right);
    const char *callee = py_is(right, "call") ? body_callee(b, right) : NULL;
    if (!callee) {
        size_t i = 0;
        while (i < b->instances.count && strcmp(b->instances.items[i].name, name) != 0)
            i++;
        if (i == b->instances.count)
            return;
    }
    py_alias a = {name, callee};
    SSOT_VEC_PUSH(&b->instances, a);
}

/* The callee that made the receiver of `x.m` (a single-dot callee), or NULL. */
static const char *instance_of(const fn_builder *b, const char *callee)
{
    const char *dot = callee ? strchr(callee, '.') : NULL;
    if (!dot || strchr(dot + 1, '.'))
        return NULL;
    size_t head = (size_t)(dot - callee);
    for (size_t i = b->instances.count; i > 0; i--) {
        const py_alias *a = &b->instances.items[i - 1];
        if (strlen(a->name) == head && !strncmp(a->name, callee, head))
            return a->target;
    }
    return NULL;
}

/* What a unittest assertion method claims, from its name. */
static ssot_check_form unittest_form(const char *method)
{
    static const char *const truth[] = {
        "assertTrue", "assertFalse", "assertIsNone", "assertIsNotNone", "assert_",
        "failUnless", "failIf", NULL,
    };
    if (py_str_in(method, truth))
        return SSOT_CHECK_TRUTH;
    if (strstr(method, "Raises") || strstr(method, "Warns"))
        return SSOT_CHECK_RAISES;
    /* fail(): an explicit failure; assertLogs: a context whose claim is the records */
    if (!strcmp(method, "fail") || strstr(method, "Logs"))
        return SSOT_CHECK_OTHER;
    return !strncmp(method, "assert", 6) || !strncmp(method, "fail", 4) ? SSOT_CHECK_COMPARISON
                                                                      : SSOT_CHECK_OTHER;
}

/* pytest.raises/warns/deprecated_call, assertRaises*, assertWarns*: expects an exception. */
static bool expects_exception(const char *callee)
{
    const char *m = ssot_last_segment(callee);
    return strstr(m, "raises") || strstr(m, "Raises") || strstr(m, "warns") ||
           strstr(m, "Warns") || !strcmp(m, "deprecated_call");
}

/* The exception a raises check names (its first positional argument), compact. */
static const char *raised_exception(py_ctx *c, ft_node call)
{
    ft_node a0 = py_call_arg(call, 0);
    if (ft_is_null(a0) || py_is(a0, "keyword_argument"))
        return NULL;
    return py_compact(c, py_unparen(a0));
}

/* The subject of a unittest assertion: `assertEqual(m.get(), 5)` reads `get.return_value`
 * and expects `5`. */
static void unittest_subject(fn_builder *b, ft_node call, ssot_assertion *a, const char *method)
{
    static const char *const equal[] = {
        "assertEqual", "assertEquals", "assertIs", "assertDictEqual", "assertListEqual",
        "assertTupleEqual", "assertSetEqual", "assertSequenceEqual", "assertMultiLineEqual",
        "failUnlessEqual", NULL,
    };
    ft_node a0 = py_call_arg(call, 0), a1 = py_call_arg(call, 1);
    if (py_str_in(method, equal))
        py_dbl_subject(b, a, a0, a1, NULL);
    else if (!strcmp(method, "assertTrue") || !strcmp(method, "assert_") ||
             !strcmp(method, "failUnless"))
        py_dbl_subject(b, a, a0, NULL, "True");
    else if (!strcmp(method, "assertFalse") || !strcmp(method, "failIf"))
        py_dbl_subject(b, a, a0, NULL, "False");
    else if (!strcmp(method, "assertIsNone"))
        py_dbl_subject(b, a, a0, NULL, "None");
    else if (strstr(method, "Raises"))
        py_dbl_raises_subject(b, a, a0, NULL, a1);
    else if (!ft_is_null(a0)) {
        py_dbl_subject(b, a, a0, NULL, NULL);
        if (a->subject < 0 && !ft_is_null(a1))
            py_dbl_subject(b, a, a1, NULL, NULL);
    }
}

static bool str_in_list(const py_strings *list, const char *name)
{
    for (size_t i = 0; list && i < list->count; i++)
        if (!strcmp(list->items[i], name))
            return true;
    return false;
}

typedef struct import_probe {
    py_ctx *c;
    const char *name;
} import_probe;

/* py_import_names: stops (false) at a wildcard or at the name looked for. */
static bool other_import(void *ctx, ft_node bound)
{
    const import_probe *p = ctx;
    return !ft_is_null(bound) && !py_text_is(p->c, bound, p->name);
}

/* Does an import statement inside the function bind `name`? */
static bool imported_here(fn_builder *b, const char *name)
{
    import_probe probe = {b->c, name};
    ft_node end = ft_end(b->def);
    for (ft_node n = b->def; n < end; n = ft_next(n))
        if ((py_is(n, "import_statement") || py_is(n, "import_from_statement")) &&
            !py_import_names(n, other_import, &probe))
            return true;
    return false;
}

/* What a bare-name call `name(...)` may reach (A7): a parameter holds what a fixture gives
 * (SSOT_CF_PARAM); a local holds a value, perhaps what an earlier call returned
 * (SSOT_CF_RESULT, `via` its maker); a name the module neither defines nor imports is no
 * other file's function (SSOT_CF_UNBOUND). Names the module or function import stay open. */
static void bare_name_binding(fn_builder *b, ssot_call *k, const char **via)
{
    const char *name = k->callee;
    for (size_t i = 0; i < b->fn->param_count; i++)
        if (!strcmp(b->fn->params[i], name)) {
            k->flags |= SSOT_CF_PARAM;
            return;
        }
    if (str_in_list(b->c->local_names, name)) {
        if (imported_here(b, name))
            return;
        k->flags |= SSOT_CF_UNBOUND;
        for (size_t i = b->instances.count; i > 0; i--) {
            const py_alias *a = &b->instances.items[i - 1];
            if (!strcmp(a->name, name)) {
                if (a->target) {
                    k->flags |= SSOT_CF_RESULT;
                    *via = a->target;
                }
                return;
            }
        }
        return;
    }
    if (b->c->module_star || str_in_list(&b->c->module_defs, name) ||
        str_in_list(&b->c->module_bound, name))
        return;
    k->flags |= SSOT_CF_UNBOUND;
}

/* Classify one call; record it as an assertion or as a call to resolve later.
 * Returns the assertion kind (0 when it is not one by name). */
static ssot_assert_kind note_call(fn_builder *b, ft_node call, body_state st)
{
    py_ctx *c = b->c;
    const char *callee = body_callee(b, call);
    ssot_assert_kind kind = !callee || bare_pytest_name(callee)
                                ? 0
                                : ssot_assertion_classify(callee, NULL);
    const char *via = instance_of(b, callee);
    if (callee && turns_warnings_into_errors(c, call, callee))
        b->fn->flags |= SSOT_FF_WARNINGS_FAIL;
    /* pytest's `LineMatcher(lines).fnmatch_lines(...)` through a local */
    if (!kind && via && !strcmp(ssot_last_segment(via), "LineMatcher") &&
        ssot_assertion_is_line_matcher(ssot_last_segment(callee)))
        kind = SSOT_ASSERT_LIBRARY;
    /* pexpect: `child = pexpect.spawn(...)` then `child.expect(...)` */
    if (!kind && via && ssot_assertion_is_spawn_expect(via, ssot_last_segment(callee)))
        kind = SSOT_ASSERT_LIBRARY;
    if (kind) {
        uint32_t flags = 0;
        if (kind == SSOT_ASSERT_UNITTEST)
            flags = unittest_flags(c, call, ssot_last_segment(callee));
        else if (ssot_assertion_is_fail_call(callee))
            flags = SSOT_AF_EXPLICIT_FAIL;
        add_assertion(b, call, kind, flags, callee, st);
        ssot_assertion *a = &b->asserts.items[b->asserts.count - 1];
        if (kind == SSOT_ASSERT_UNITTEST) {
            const char *m = ssot_last_segment(callee);
            ft_node a1 = py_call_arg(call, 1);
            a->form = unittest_form(m);
            if (a->form == SSOT_CHECK_RAISES)
                a->exception = raised_exception(c, call);
            if (!strcmp(m, "assertTrue") || !strcmp(m, "assertFalse"))
                note_condition_pair(b, py_call_arg(call, 0));
            else if (!ft_is_null(a1) && !strstr(m, "Raises") && !strstr(m, "Warns"))
                note_pair(b, py_call_arg(call, 0), a1);
            a = &b->asserts.items[b->asserts.count - 1];
            unittest_subject(b, call, a, m);
        } else if (kind == SSOT_ASSERT_MOCK) {
            /* `m.send.assert_called_once()` verifies `m.send` */
            ft_node f = py_field(call, PYF_function);
            a->flags |= SSOT_AF_MOCK_CHECK;
            if (py_is(f, "attribute"))
                py_dbl_subject(b, a, py_field(f, PYF_object), NULL, NULL);
        } else if (kind == SSOT_ASSERT_RAISES && expects_exception(callee)) {
            a->form = SSOT_CHECK_RAISES;
            a->exception = raised_exception(c, call);
        }
        if (kind == SSOT_ASSERT_RAISES && ssot_assertion_is_raises(callee)) {
            py_dbl_raises_subject(b, a, py_call_arg(call, 0), NULL, py_call_arg(call, 1));
        }
        py_dbl_call(b, call, callee, NULL, st);
        return kind;
    }
    ssot_call k = {0};
    k.callee = callee;
    if (!callee) {
        /* `Sut().run()`: project code all the same, named by its text */
        ft_node f = py_field(call, PYF_function);
        k.callee = py_compact(c, f);
        k.flags |= SSOT_CF_CHAINED;
        k.receiver = SSOT_RECEIVER_OTHER;
    } else if (strncmp(callee, "self.", 5) == 0 || strncmp(callee, "cls.", 4) == 0) {
        k.receiver = strchr(strchr(callee, '.') + 1, '.') ? SSOT_RECEIVER_OTHER
                                                           : SSOT_RECEIVER_SELF;
    } else {
        k.receiver = strchr(callee, '.') ? SSOT_RECEIVER_OTHER : SSOT_RECEIVER_NAME;
    }
    ssot_call_set_name(&k, ssot_last_segment(k.callee));
    const char *maker = via;
    if (k.receiver == SSOT_RECEIVER_NAME)
        bare_name_binding(b, &k, &maker);
    k.row = ft_start_point(call).row + 1;
    if (st.in_except)
        k.flags |= SSOT_CF_IN_EXCEPT;
    if (st.swallowing && !st.retry_guarded && !escapes_handler(callee, 0, st))
        k.flags |= SSOT_CF_SWALLOWED;
    py_dbl_call(b, call, callee, &k, st);
    if (maker)
        SSOT_VEC_PUSH(&b->vias, ((ssot_call_via){maker, (uint32_t)b->calls.count}));
    SSOT_VEC_PUSH(&b->calls, k);
    SSOT_VEC_PUSH(&b->call_ids, call);
    note_double_args(b, call, (int32_t)b->calls.count - 1);
    return 0;
}

/* Every call inside `node` (not `node` itself when skip_root), without recursion. Nested
 * function bodies are walked as blocks of their own. */
static void scan_calls(fn_builder *b, ft_node node, body_state st, bool skip_root)
{
    if (ft_is_null(node))
        return;
    ft_node end = ft_end(node);
    for (ft_node n = node; n < end; n = ft_next(n)) {
        if (!ft_is_named(n))
            continue;
        if (py_is(n, "call") && !(n == node && skip_root))
            note_call(b, n, st);
        else if (b->contracts && py_is(n, "string"))
            py_dbl_string(b, n);
    }
}

/* ---- statements ---- */

static bool is_predicate_call(py_ctx *c, ft_node n)
{
    static const char *const preds[] = {"isinstance", "issubclass", "hasattr", "callable", NULL};
    if (!py_is(n, "call"))
        return false;
    const char *callee = py_callee(c, n);
    return callee && py_str_in(callee, preds);
}

static ft_node statement_call(ft_node stmt)
{
    if (!py_is(stmt, "expression_statement"))
        return NULL;
    ft_node e = ft_named_child(stmt, 0);
    return py_is(e, "call") ? e : NULL;
}

/* return, raise, or a call that fails/skips/exits the test unconditionally. */
static bool is_terminator(fn_builder *b, ft_node stmt)
{
    if (py_is(stmt, "return_statement") || py_is(stmt, "raise_statement"))
        return true;
    ft_node call = statement_call(stmt);
    if (ft_is_null(call))
        return false;
    const char *callee = body_callee(b, call);
    if (!callee || bare_pytest_name(callee))
        return false;
    return ssot_assertion_is_fail_call(callee) || ssot_assertion_is_skip_call(callee) ||
           strcmp(callee, "pytest.exit") == 0;
}

/* A statement that makes the test fail: raise, a fail call, assert False. */
static bool is_failing(py_ctx *c, ft_node stmt)
{
    if (py_is(stmt, "raise_statement"))
        return true;
    if (py_is(stmt, "assert_statement"))
        return py_constant_truth(c, ft_named_child(stmt, 0), 0) == 0;
    ft_node call = statement_call(stmt);
    if (ft_is_null(call))
        return false;
    const char *callee = py_callee(c, call);
    if (!callee)
        return false;
    if (ssot_assertion_is_fail_call(callee))
        return true;
    const char *m = ssot_last_segment(callee);
    return strncmp(callee, "self.", 5) == 0 &&
           (!strcmp(m, "assertTrue") || !strcmp(m, "assertFalse")) &&
           (condition_flags(c, py_call_arg(call, 0)) &
            (!strcmp(m, "assertTrue") ? SSOT_AF_EXPLICIT_FAIL : SSOT_AF_CONSTANT));
}

/* Does any top-level statement of the block fail the test? */
static bool block_fails(py_ctx *c, ft_node block)
{
    uint32_t n = ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++)
        if (is_failing(c, ft_named_child(block, i)))
            return true;
    return false;
}

/* Does some top-level statement of the try body always raise? */
static bool body_always_raises(fn_builder *b, ft_node body)
{
    uint32_t n = ft_is_null(body) ? 0 : ft_named_child_count(body);
    for (uint32_t i = 0; i < n; i++)
        if (py_try_always_raises(b->c, b->def, ft_named_child(body, i), 0))
            return true;
    return false;
}

static void walk_try(fn_builder *b, ft_node stmt, body_state st)
{
    py_ctx *c = b->c;
    bool has_handlers = false, else_fails = false;
    uint32_t swallows = 0;
    uint32_t n = ft_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++) {
        ft_node k = ft_named_child(stmt, i);
        if (py_is(k, "except_clause") || py_is(k, "except_group_clause")) {
            has_handlers = true;
            uint32_t what = py_try_handler_catches(c, k);
            if (what && !py_try_handler_deals(c, k, stmt, b->def))
                swallows |= what;
        } else if (py_is(k, "else_clause")) {
            else_fails = block_fails(c, py_clause_body(k));
        }
    }
    /* `try: m.assert_any_call(x) except AssertionError: pass else: raise AssertionError`
     * checks that the call was not made: it fails when it should */
    if (else_fails)
        swallows = 0;
    ft_node body = py_field(stmt, PYF_body);
    ft_node last = py_last_statement(body);
    bool guarded = else_fails || (!ft_is_null(last) && is_failing(c, last)) ||
                   body_always_raises(b, body);

    body_state inner = st;
    inner.swallowing = st.swallowing || swallows;
    inner.swallow_named = st.swallow_named || (swallows & PY_CATCH_NAMED);
    inner.swallow_outcomes = st.swallow_outcomes || (swallows & PY_CATCH_OUTCOMES);
    inner.expecting = st.expecting || has_handlers;
    walk_block(b, body, inner);
    for (uint32_t i = 0; i < n; i++) {
        ft_node k = ft_named_child(stmt, i);
        body_state h = st;
        if (py_is(k, "except_clause") || py_is(k, "except_group_clause")) {
            h.in_branch = true;
            h.in_except = !guarded;
            walk_block(b, py_clause_body(k), h);
        } else if (py_is(k, "else_clause")) {
            h.in_branch = true;
            walk_block(b, py_clause_body(k), h);
        } else if (py_is(k, "finally_clause")) {
            walk_block(b, py_clause_body(k), h);
        }
    }
}

static bool is_raises_exception(const char *callee)
{
    const char *m = ssot_last_segment(callee);
    return ssot_assertion_is_raises(callee) &&
           (!strcmp(m, "raises") || !strncmp(m, "assertRaises", 12) ||
            !strcmp(m, "failUnlessRaises"));
}

/* A context manager that expects, catches or records exceptions or warnings. */
static bool is_expecting_context(const char *callee)
{
    static const char *const words[] = {"raises", "Raises", "warns", "Warns", "warning",
                                        "Warning", "error", "Error", "catch", "assert", NULL};
    if (ssot_assertion_is_raises(callee))
        return true;
    const char *m = ssot_last_segment(callee);
    for (const char *const *w = words; *w; w++)
        if (strstr(m, *w))
            return true;
    return false;
}

static bool suppresses_assertions(py_ctx *c, ft_node call, const char *callee)
{
    if (strcmp(ssot_last_segment(callee), "suppress") != 0)
        return false;
    static const char *const broad[] = {"AssertionError", "Exception", "BaseException", NULL};
    for (unsigned i = 0;; i++) {
        ft_node a = py_call_arg(call, i);
        if (ft_is_null(a))
            return false;
        const char *d = py_dotted(c, a);
        if (d && py_str_in(ssot_last_segment(d), broad))
            return true;
    }
}

static bool is_assertion_statement(fn_builder *b, ft_node s)
{
    if (py_is(s, "assert_statement"))
        return true;
    ft_node call = statement_call(s);
    if (ft_is_null(call))
        return false;
    const char *callee = body_callee(b, call);
    return callee && ssot_assertion_classify(callee, NULL) && !ssot_assertion_is_raises(callee);
}

/* Does the raises block expect an assertion failure (`pytest.raises(AssertionError)`,
 * `assertRaises(self.failureException)`, a tuple holding one)? Then its assertions are the
 * raising statements. */
static bool expects_assertion_error(py_ctx *c, ft_node exc)
{
    exc = py_unparen(exc);
    if (py_is(exc, "tuple")) {
        uint32_t n = ft_named_child_count(exc);
        for (uint32_t i = 0; i < n; i++)
            if (expects_assertion_error(c, ft_named_child(exc, i)))
                return true;
        return false;
    }
    const char *d = ft_is_null(exc) ? NULL : py_dotted(c, exc);
    const char *last = d ? ssot_last_segment(d) : NULL;
    return last && (!strcmp(last, "AssertionError") || !strcmp(last, "failureException"));
}

/* Inside a raises block, assertions after the last statement that can raise never run
 * when it raises as expected; when it expects an assertion failure, they are what raises. */
static void walk_raises_body(fn_builder *b, ft_node block, body_state st, bool asserts_raise)
{
    uint32_t n = ft_named_child_count(block);
    size_t *starts = ssot_calloc(n + 1, sizeof(*starts));
    int last_raiser = -1;
    for (uint32_t i = 0; i < n; i++) {
        ft_node s = ft_named_child(block, i);
        starts[i] = b->asserts.count;
        if (!py_is(s, "comment") && !py_is(s, "pass_statement") &&
            (asserts_raise || !is_assertion_statement(b, s)))
            last_raiser = (int)i;
        walk_block(b, s, st); /* a single statement: walk_block accepts it */
    }
    starts[n] = b->asserts.count;
    if (last_raiser >= 0)
        for (uint32_t i = (uint32_t)last_raiser + 1; i < n; i++)
            if (is_assertion_statement(b, ft_named_child(block, i)))
                for (size_t k = starts[i]; k < starts[i + 1]; k++)
                    b->asserts.items[k].flags |= SSOT_AF_UNREACHABLE;
    free(starts);
}

/* The dotted name of the exception a `raise` statement raises (`raise E`, `raise E(...)`),
 * or NULL. */
static const char *raised_name(py_ctx *c, ft_node stmt)
{
    ft_node exc = ft_named_child(stmt, 0);
    if (py_is(exc, "call"))
        exc = py_field(exc, PYF_function);
    return ft_is_null(exc) ? NULL : py_dotted(c, exc);
}

/* Does the raises block's first statement raise the very exception it expects (`with
 * pytest.raises(E): raise E("x")`)? Then the block checks nothing but `raise`. */
static bool raises_itself(py_ctx *c, ft_node body, ft_node expected)
{
    ft_node first = NULL;
    uint32_t n = ft_is_null(body) ? 0 : ft_named_child_count(body);
    for (uint32_t i = 0; i < n && !first; i++) {
        ft_node s = ft_named_child(body, i);
        if (!py_is(s, "comment"))
            first = s;
    }
    if (!py_is(first, "raise_statement"))
        return false;
    const char *raised = raised_name(c, first);
    expected = py_unparen(expected);
    uint32_t k = py_is(expected, "tuple") ? ft_named_child_count(expected) : 1;
    for (uint32_t i = 0; raised && i < k; i++) {
        ft_node e = py_is(expected, "tuple") ? ft_named_child(expected, i) : expected;
        const char *d = ft_is_null(e) ? NULL : py_dotted(c, e);
        if (d && !strcmp(d, raised))
            return true;
    }
    return false;
}

static void walk_with(fn_builder *b, ft_node stmt, body_state st)
{
    py_ctx *c = b->c;
    body_state inner = st;
    bool raises = false, captures = false;
    size_t raises_at = 0;
    ft_node raises_exc = NULL;
    uint32_t n = ft_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++) {
        ft_node clause = ft_named_child(stmt, i);
        if (!py_is(clause, "with_clause"))
            continue;
        uint32_t m = ft_named_child_count(clause);
        for (uint32_t j = 0; j < m; j++) {
            ft_node item = ft_named_child(clause, j);
            if (!py_is(item, "with_item"))
                continue;
            ft_node value = py_field(item, PYF_value);
            ft_node alias = NULL;
            if (py_is(value, "as_pattern")) {
                alias = py_field(value, PYF_alias);
                if (!ft_is_null(alias) && ft_named_child_count(alias) > 0)
                    alias = ft_named_child(alias, 0);
                value = ft_named_child(value, 0);
            }
            value = py_unparen(value);
            const char *callee = py_is(value, "call") ? body_callee(b, value) : NULL;
            if (callee && is_expecting_context(callee))
                inner.expecting = true;
            if (callee && is_raises_exception(callee) && !raises) {
                raises = true;
                raises_at = b->asserts.count;
                raises_exc = py_call_arg(value, 0);
                /* `as info` keeps the exception to use; `match=` checks its message */
                captures = !ft_is_null(alias) || !ft_is_null(py_call_kwarg(c, value, "match"));
            }
            if (callee && suppresses_assertions(c, value, callee))
                inner.swallowing = true;
            scan_calls(b, value, st, false);
            py_dbl_with(b, value, alias);
        }
    }
    ft_node body = py_field(stmt, PYF_body);
    if (raises)
        walk_raises_body(b, body, inner, expects_assertion_error(c, raises_exc));
    if (raises && !captures && raises_at < b->asserts.count && raises_itself(c, body, raises_exc))
        b->asserts.items[raises_at].flags |= SSOT_AF_CONSTANT;
    else
        walk_block(b, body, inner);
    /* `with pytest.raises(E): m.x()`: what makes the double raise */
    if (raises && raises_at < b->asserts.count && b->asserts.items[raises_at].subject < 0)
        py_dbl_raises_subject(b, &b->asserts.items[raises_at], raises_exc, body, NULL);
}

static bool is_own_class(const fn_builder *b, const char *name)
{
    const py_strings *lists[2] = {&b->local_classes, &b->c->module_classes};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->count; i++)
            if (!strcmp(lists[l]->items[i], name))
                return true;
    return false;
}

/* Does the expression build or use an instance of a class the test file defines? Such
 * classes log or misbehave in their dunders: `testme == 1` then checks the log. With
 * `operands_only`, what a call is given is not looked at: `f(probe) == 1` compares f's
 * result, whose dunders are not the probe's. */
static bool probe_in(fn_builder *b, ft_node node, bool operands_only)
{
    bool classes = b->local_classes.count || b->c->module_classes.count;
    if (ft_is_null(node) || (!classes && !b->probes.count))
        return false; /* `x: int` has no value; a file without classes has no probes */
    ft_node end = ft_end(node);
    for (ft_node n = node; n < end; n = ft_next(n)) {
        if (operands_only && py_is(n, "argument_list")) {
            n = ft_end(n) - 1; /* the loop steps past the argument list */
            continue;
        }
        if (classes && py_is(n, "call")) {
            ft_node f = py_field(n, PYF_function);
            if (py_is(f, "identifier") && is_own_class(b, py_text(b->c, f)))
                return true;
        }
        if (b->probes.count && py_is(n, "identifier"))
            for (size_t i = 0; i < b->probes.count; i++)
                if (py_text_is(b->c, n, b->probes.items[i]))
                    return true;
    }
    return false;
}

static bool mentions_probe(fn_builder *b, ft_node node) { return probe_in(b, node, false); }

/* Did the walker record a double made by this very call (`m = Mock()`)? */
static bool is_double_call(const fn_builder *b, ft_node right)
{
    right = py_unparen(right);
    if (!py_is(right, "call"))
        return false;
    const char *callee = py_callee(b->c, right);
    if (!callee)
        return py_is(py_field(right, PYF_function), "attribute"); /* patch(...).start() */
    const char *last = ssot_last_segment(callee);
    return !strcmp(last, "Mock") || !strcmp(last, "MagicMock") || !strcmp(last, "AsyncMock") ||
           !strcmp(last, "NonCallableMock") || !strcmp(last, "NonCallableMagicMock") ||
           !strcmp(last, "PropertyMock") || !strcmp(last, "create_autospec") ||
           !strcmp(last, "patch") || !strcmp(last, "object") || !strcmp(last, "spy");
}

static void note_assignment(fn_builder *b, ft_node assign, body_state st)
{
    py_ctx *c = b->c;
    ft_node left = py_field(assign, PYF_left);
    ft_node right = py_field(assign, PYF_right);
    const char *target = py_dotted(c, left);
    if (target && strchr(target, '.') && !is_double_call(b, right)) {
        SSOT_VEC_PUSH(&b->assigned, target);
        if (b->collect && strncmp(target, "self.", 5) == 0)
            SSOT_VEC_PUSH(&b->collect->assigned, target);
    }
    if (py_is(left, "identifier") && mentions_probe(b, right))
        SSOT_VEC_PUSH(&b->probes, py_text(c, left));
    if (py_is(right, "assignment")) {
        note_assignment(b, right, st);
    } else {
        note_alias(b, left, right);
        scan_calls(b, right, st, false);
        note_instance(b, left, right);
        py_dbl_assign(b, left, right, st);
    }
    /* calls inside subscripts of the target: d[key()] = 1 */
    if (!target)
        scan_calls(b, left, st, false);
}

/* `return Runner(...)` / `yield Runner(...)`: the call recorded first from the statement
 * (at `first`) is the returned value itself; a caller of the result calls it. */
static void note_returned(fn_builder *b, ft_node value, size_t first, body_state st)
{
    if (st.nested_def || !py_is(value, "call") || first >= b->calls.count ||
        b->call_ids.items[first] != value)
        return;
    b->calls.items[first].flags |= SSOT_CF_RETURNED;
}

static void note_discarded(fn_builder *b, ft_node at, bool is_return, body_state st)
{
    if (st.expecting || st.nested_def)
        return;
    ssot_discarded d = {py_loc(b->c, at), is_return, SSOT_DISCARD_CHECK};
    SSOT_VEC_PUSH(&b->discarded, d);
}

static void walk_expression_statement(fn_builder *b, ft_node stmt, body_state st)
{
    py_ctx *c = b->c;
    ft_node e = ft_named_child(stmt, 0);
    if (py_is(e, "assignment") || py_is(e, "augmented_assignment")) {
        if (py_is(e, "assignment"))
            note_assignment(b, e, st);
        else
            scan_calls(b, e, st, false);
        return;
    }
    ft_node bare = py_unparen(e);
    if (py_is(bare, "comparison_operator") || is_predicate_call(c, bare)) {
        /* run for the dunders of the test's own classes, not for the result */
        bool compared = py_is(bare, "comparison_operator");
        if (!probe_in(b, bare, compared))
            note_discarded(b, stmt, false, st);
        scan_calls(b, e, st, false);
        return;
    }
    if (py_is(e, "attribute")) {
        note_double_use(b, e, SSOT_USE_REFERENCED, stmt);
        return;
    }
    if (py_is(e, "yield")) {
        py_dbl_return(b, ft_named_child(e, 0), st);
        size_t first = b->calls.count;
        scan_calls(b, e, st, false);
        note_returned(b, py_unparen(ft_named_child(e, 0)), first, st);
        return;
    }
    if (py_is(e, "call")) {
        ft_node f = py_field(e, PYF_function);
        const char *callee = body_callee(b, e);
        ssot_assert_kind kind = note_call(b, e, st);
        if (!kind && py_is(f, "attribute"))
            note_double_use(b, f, SSOT_USE_CALLED, stmt);
        /* m.configure_mock(x=1) configures x */
        if (callee && !strcmp(ssot_last_segment(callee), "configure_mock")) {
            py_dbl_configure(b, e);
            const char *dbl = py_dotted(c, py_field(f, PYF_object));
            ft_node args = py_field(e, PYF_arguments);
            uint32_t n = dbl ? ft_named_child_count(args) : 0;
            for (uint32_t i = 0; i < n; i++) {
                ft_node a = ft_named_child(args, i);
                if (py_is(a, "keyword_argument"))
                    SSOT_VEC_PUSH(&b->assigned,
                                  ssot_arena_printf(c->arena, "%s.%s", dbl,
                                                    py_text(c, py_field(a, PYF_name))));
            }
        }
        /* unittest form of an asserted attribute: assertTrue(m.sent) */
        if (kind == SSOT_ASSERT_UNITTEST && callee &&
            (!strcmp(ssot_last_segment(callee), "assertTrue") ||
             !strcmp(ssot_last_segment(callee), "assert_"))) {
            ft_node a0 = py_unparen(py_call_arg(e, 0));
            if (py_is(a0, "attribute"))
                note_double_use(b, a0, SSOT_USE_ASSERTED, stmt);
        }
        scan_calls(b, e, st, true);
        return;
    }
    scan_calls(b, e, st, false);
}

/* What `assert cond` claims: a comparison (`==`, `<`, `in`, isinstance()), or only a truth
 * (`assert x`, `assert not x`, `assert x is not None`). */
static ssot_check_form condition_form(py_ctx *c, ft_node cond)
{
    cond = py_unparen(cond);
    while (py_is(cond, "not_operator"))
        cond = py_unparen(py_field(cond, PYF_argument));
    if (py_is(cond, "comparison_operator")) {
        /* a comparison with None says only whether there is a value */
        uint32_t n = ft_named_child_count(cond);
        for (uint32_t i = 0; i < n; i++)
            if (py_is(ft_named_child(cond, i), "none"))
                return n == 2 ? SSOT_CHECK_TRUTH : SSOT_CHECK_COMPARISON;
        return SSOT_CHECK_COMPARISON;
    }
    if (py_is(cond, "call")) {
        ft_node f = py_field(cond, PYF_function);
        if (py_text_is(c, f, "isinstance") || py_text_is(c, f, "issubclass"))
            return SSOT_CHECK_COMPARISON;
    }
    return SSOT_CHECK_TRUTH;
}

/* What `assert cond` reads from a double and compares it with. */
static void assert_subject(fn_builder *b, ssot_assertion *a, ft_node cond)
{
    cond = py_unparen(cond);
    if (py_is(cond, "not_operator")) {
        py_dbl_subject(b, a, py_field(cond, PYF_argument), NULL, "False");
        return;
    }
    if (!py_is(cond, "comparison_operator") || ft_named_child_count(cond) != 2) {
        py_dbl_subject(b, a, cond, NULL, "True");
        return;
    }
    const char *op = ft_type(ft_child(cond, 1));
    ft_node left = ft_named_child(cond, 0), right = ft_named_child(cond, 1);
    if (!strcmp(op, "==") || !strcmp(op, "is")) {
        py_dbl_subject(b, a, left, right, NULL);
        return;
    }
    py_dbl_subject(b, a, left, NULL, NULL);
    if (a->subject < 0)
        py_dbl_subject(b, a, right, NULL, NULL);
}

static void walk_assert(fn_builder *b, ft_node stmt, body_state st)
{
    py_ctx *c = b->c;
    ft_node cond = ft_named_child(stmt, 0);
    add_assertion(b, stmt, SSOT_ASSERT_STATEMENT, condition_flags(c, cond), NULL, st);
    b->asserts.items[b->asserts.count - 1].form = condition_form(c, cond);
    assert_subject(b, &b->asserts.items[b->asserts.count - 1], cond);
    note_condition_pair(b, cond);
    ft_node inner = py_unparen(cond);
    if (py_is(inner, "attribute"))
        note_double_use(b, inner, SSOT_USE_ASSERTED, stmt);
    else if (py_is(inner, "call") && py_is(py_field(inner, PYF_function), "attribute"))
        note_double_use(b, py_field(inner, PYF_function), SSOT_USE_ASSERTED_CALL, stmt);
    uint32_t n = ft_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++)
        scan_calls(b, ft_named_child(stmt, i), st, false);
}

static void walk_raise(fn_builder *b, ft_node stmt, body_state st)
{
    py_ctx *c = b->c;
    ft_node exc = ft_named_child(stmt, 0);
    ft_node name = py_is(exc, "call") ? py_field(exc, PYF_function) : exc;
    const char *d = ft_is_null(name) ? NULL : py_dotted(c, name);
    const char *last = d ? ssot_last_segment(d) : NULL;
    /* unittest raises its failureException; AssertionError by default */
    if (last && (!strcmp(last, "AssertionError") || !strcmp(last, "failureException"))) {
        add_assertion(b, stmt, SSOT_ASSERT_UNITTEST, SSOT_AF_EXPLICIT_FAIL, last, st);
        if (py_is(exc, "call"))
            scan_calls(b, exc, st, true);
        return;
    }
    /* `if got != want: raise TestFailed(...)` fails the test on a condition: a check. A
     * conditional skip is not. */
    bool skip = last && (!strcmp(last, "SkipTest") || !strcmp(d, "pytest.skip.Exception"));
    /* `raise` and `raise exc` pass a caught exception on: they let errors through rather
     * than check anything */
    bool propagates = ft_is_null(exc) ||
                      (py_is(exc, "identifier") && !(d[0] >= 'A' && d[0] <= 'Z'));
    if (st.conditional && !skip && !propagates)
        add_assertion(b, stmt, SSOT_ASSERT_UNITTEST, 0, "raise", st);
    scan_calls(b, stmt, st, false);
}

static void walk_nested_def(fn_builder *b, ft_node def, body_state st)
{
    body_state inner = st;
    inner.depth++;
    inner.in_branch = true;
    inner.nested_def = true;
    inner.conditional = false;
    inner.unreachable = false;
    inner.in_except = false;
    inner.swallowing = false;
    inner.swallow_named = false;
    inner.swallow_outcomes = false;
    inner.expecting = false;
    py_nested rec = {def, b->asserts.count, 0, b->calls.count, 0};
    walk_block(b, py_field(def, PYF_body), inner);
    rec.asserts_to = b->asserts.count;
    rec.calls_to = b->calls.count;
    SSOT_VEC_PUSH(&b->nested, rec);
}

/* Is the identifier a reference to a value: not a keyword argument's name, not an
 * attribute's name? */
static bool is_reference(ft_node id)
{
    ft_node p = ft_parent(id);
    if (py_is(p, "keyword_argument"))
        return py_field(p, PYF_name) != id;
    if (py_is(p, "attribute"))
        return py_field(p, PYF_attribute) != id;
    return true;
}

/* Is the node part of what a return or yield hands back? */
static bool in_return(ft_node n, ft_node def)
{
    for (ft_node p = ft_parent(n); !ft_is_null(p) && p != def; p = ft_parent(p))
        if (py_is(p, "return_statement") || py_is(p, "yield"))
            return true;
    return false;
}

/* A nested def counts for the function when it runs while the function runs or may run
 * later through code it was handed to: it is called, passed to a call, decorated (a
 * decorator registers it), stored or bound elsewhere. A def that is only returned or yielded
 * (a factory's product) or never used runs only when a caller calls the result: its
 * assertions and calls are marked deferred. Defs in a nested class body are the class's
 * methods: they go with the class, whatever runs it. */
static void mark_deferred_defs(fn_builder *b)
{
    for (size_t i = 0; i < b->nested.count; i++) {
        const py_nested *d = &b->nested.items[i];
        ft_node owner = ft_parent(d->def);
        if (py_is(owner, "decorated_definition"))
            continue;
        while (!ft_is_null(owner) && !py_is(owner, "function_definition") &&
               !py_is(owner, "class_definition"))
            owner = ft_parent(owner);
        if (py_is(owner, "class_definition"))
            continue;
        ft_node name = py_field(d->def, PYF_name);
        if (ft_is_null(name))
            continue;
        bool used = false;
        ft_node end = ft_end(b->def);
        for (ft_node n = b->def; n < end && !used; n = ft_next(n)) {
            if (n == d->def) {
                n = ft_skip(n) - 1;
                continue;
            }
            if (py_is(n, "identifier") && py_same_text(b->c, n, name) && is_reference(n) &&
                !in_return(n, b->def))
                used = true;
        }
        if (used)
            continue;
        for (size_t k = d->asserts_from; k < d->asserts_to; k++)
            b->asserts.items[k].flags |= SSOT_AF_DEFERRED;
        for (size_t k = d->calls_from; k < d->calls_to; k++)
            b->calls.items[k].flags |= SSOT_CF_DEFERRED;
    }
}

static void walk_loop(fn_builder *b, ft_node stmt, body_state st, TSFieldId header)
{
    scan_calls(b, py_field(stmt, header), st, false);
    ft_node alt = py_field(stmt, PYF_alternative);
    body_state inner = st;
    inner.in_branch = true;
    if (!ft_is_null(alt) && block_fails(b->c, py_clause_body(alt)))
        inner.retry_guarded = true;
    walk_block(b, py_field(stmt, PYF_body), inner);
    if (!ft_is_null(alt)) {
        body_state e = st;
        e.in_branch = true;
        walk_block(b, py_clause_body(alt), e);
    }
}

static void walk_statement(fn_builder *b, ft_node s, body_state st)
{
    if (py_is(s, "comment") || py_is(s, "pass_statement"))
        return;
    if (py_is(s, "expression_statement")) {
        walk_expression_statement(b, s, st);
    } else if (py_is(s, "assert_statement")) {
        walk_assert(b, s, st);
    } else if (py_is(s, "return_statement")) {
        ft_node v = py_unparen(ft_named_child(s, 0));
        if (py_is(v, "comparison_operator") || is_predicate_call(b->c, v))
            note_discarded(b, s, true, st);
        size_t first = b->calls.count;
        scan_calls(b, s, st, false);
        note_returned(b, v, first, st);
        py_dbl_return(b, ft_named_child(s, 0), st);
    } else if (py_is(s, "raise_statement")) {
        walk_raise(b, s, st);
    } else if (py_is(s, "try_statement")) {
        walk_try(b, s, st);
    } else if (py_is(s, "with_statement")) {
        walk_with(b, s, st);
    } else if (py_is(s, "for_statement")) {
        walk_loop(b, s, st, PYF_right);
    } else if (py_is(s, "while_statement")) {
        walk_loop(b, s, st, PYF_condition);
    } else if (py_is(s, "if_statement")) {
        scan_calls(b, py_field(s, PYF_condition), st, false);
        body_state inner = st;
        inner.in_branch = true;
        inner.conditional = true;
        walk_block(b, py_field(s, PYF_consequence), inner);
        uint32_t n = ft_named_child_count(s);
        for (uint32_t i = 0; i < n; i++) {
            ft_node k = ft_named_child(s, i);
            if (py_is(k, "elif_clause")) {
                scan_calls(b, py_field(k, PYF_condition), st, false);
                walk_block(b, py_field(k, PYF_consequence), inner);
            } else if (py_is(k, "else_clause")) {
                walk_block(b, py_clause_body(k), inner);
            }
        }
    } else if (py_is(s, "function_definition")) {
        walk_nested_def(b, s, st);
    } else if (py_is(s, "decorated_definition")) {
        uint32_t n = ft_named_child_count(s);
        for (uint32_t i = 0; i < n; i++) {
            ft_node k = ft_named_child(s, i);
            if (py_is(k, "decorator"))
                scan_calls(b, k, st, false);
        }
        walk_statement(b, py_field(s, PYF_definition), st);
    } else if (py_is(s, "class_definition")) {
        SSOT_VEC_PUSH(&b->local_classes, py_text(b->c, py_field(s, PYF_name)));
        body_state inner = st;
        inner.nested_def = true;
        inner.conditional = false;
        inner.in_branch = true;
        walk_block(b, py_field(s, PYF_body), inner);
    } else {
        /* match, global, import, del ...: walk inner blocks as branches, scan the rest */
        uint32_t n = ft_named_child_count(s);
        body_state inner = st;
        inner.in_branch = true;
        if (py_is(s, "match_statement") || py_is(s, "case_clause"))
            inner.conditional = true;
        for (uint32_t i = 0; i < n; i++) {
            ft_node k = ft_named_child(s, i);
            if (py_is(k, "block") || py_is(k, "case_clause"))
                walk_block(b, k, inner);
            else
                scan_calls(b, k, st, false);
        }
    }
}

/* Walk a block (or a single statement) in order, marking what follows a terminator. */
static void walk_block(fn_builder *b, ft_node block, body_state st)
{
    if (ft_is_null(block))
        return;
    if (st.depth >= SSOT_MAX_NESTING) {
        b->fn->flags |= SSOT_FF_DEPTH_LIMITED;
        if (!b->c->depth_limited) {
            b->c->depth_limited = true;
            b->c->depth_span = py_span(b->c, block);
        }
        return;
    }
    st.depth++;
    if (!py_is(block, "block") && !py_is(block, "case_clause")) {
        walk_statement(b, block, st);
        return;
    }
    uint32_t n = ft_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        ft_node s = ft_named_child(block, i);
        walk_statement(b, s, st);
        if (is_terminator(b, s))
            st.unreachable = true;
    }
}

/* ---- decorators that inject doubles ---- */

/* The parameters a caller passes, without the receiver: `self`/`cls` by name, and the
 * first parameter of a method whatever its name (`def test_x(test_self)`), returned in
 * `receiver`. */
static void collect_params(py_ctx *c, ft_node def, bool method, py_strings *out,
                           const char **receiver)
{
    ft_node params = py_field(def, PYF_parameters);
    uint32_t n = ft_named_child_count(params);
    *receiver = NULL;
    for (uint32_t i = 0; i < n; i++) {
        ft_node p = ft_named_child(params, i);
        ft_node name = NULL;
        if (py_is(p, "identifier"))
            name = p;
        else if (py_is(p, "default_parameter") || py_is(p, "typed_default_parameter"))
            name = py_field(p, PYF_name);
        else if (py_is(p, "typed_parameter") && py_is(ft_named_child(p, 0), "identifier"))
            name = ft_named_child(p, 0);
        if (ft_is_null(name) || !py_is(name, "identifier"))
            continue;
        const char *s = py_text(c, name);
        if (method && i == 0) {
            if (strcmp(s, "self") != 0 && strcmp(s, "cls") != 0)
                *receiver = s;
            continue;
        }
        if (strcmp(s, "self") != 0 && strcmp(s, "cls") != 0)
            SSOT_VEC_PUSH(out, s);
    }
}

static bool has_decorator(py_ctx *c, ft_node decorated, const char *last)
{
    uint32_t n = ft_is_null(decorated) ? 0 : ft_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = ft_named_child(decorated, i);
        const char *name = py_is(d, "decorator") ? py_dotted(c, ft_named_child(d, 0)) : NULL;
        if (name && !strcmp(ssot_last_segment(name), last))
            return true;
    }
    return false;
}

/* `@pytest.fixture(autouse=True)` */
static bool autouse_fixture(py_ctx *c, ft_node decorated)
{
    uint32_t n = ft_is_null(decorated) ? 0 : ft_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        ft_node e = ft_named_child(ft_named_child(decorated, i), 0);
        const char *name = py_is(e, "call") ? py_callee(c, e) : NULL;
        if (name && !strcmp(ssot_last_segment(name), "fixture")) {
            ft_node v = py_call_kwarg(c, e, "autouse");
            return !ft_is_null(v) && py_constant_truth(c, v, 0) == 1;
        }
    }
    return false;
}

/* A pytest mark among the decorators: `@pytest.mark.NAME(...)`/`@mark.NAME(...)`. */
static ft_node mark_call(py_ctx *c, ft_node decorator, const char *name)
{
    ft_node e = ft_named_child(decorator, 0);
    const char *callee = py_is(e, "call") ? py_callee(c, e) : NULL;
    if (!callee || strcmp(ssot_last_segment(callee), name) != 0)
        return NULL;
    size_t n = (size_t)(ssot_last_segment(callee) - callee);
    if ((n == 12 && !strncmp(callee, "pytest.mark.", n)) || (n == 5 && !strncmp(callee, "mark.", n)))
        return e;
    return NULL;
}

/* The marks that change what runs around the body: `usefixtures("a", "b")` requests
 * fixtures (added to `params`), `filterwarnings("error...")` makes a warning fail the test. */
static void note_marks(py_ctx *c, ft_node decorated, ssot_function *fn, py_strings *params)
{
    uint32_t n = ft_is_null(decorated) ? 0 : ft_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = ft_named_child(decorated, i);
        if (!py_is(d, "decorator"))
            continue;
        ft_node call = mark_call(c, d, "usefixtures");
        for (unsigned a = 0; !ft_is_null(call) && !ft_is_null(py_call_arg(call, a)); a++) {
            const char *v = py_string_value(c, py_call_arg(call, a));
            if (v && v[0])
                SSOT_VEC_PUSH(params, v);
        }
        call = mark_call(c, d, "filterwarnings");
        const char *v = ft_is_null(call) ? NULL : py_string_value(c, py_call_arg(call, 0));
        if (v && !strncmp(v, "error", 5) && (v[5] == '\0' || v[5] == ':'))
            fn->flags |= SSOT_FF_WARNINGS_FAIL;
    }
}

/* Decorators wrap the body: record them as calls for A7 (`@jump_test(1, 3)` whose wrapper
 * asserts). */
static void note_decorators(fn_builder *b, ft_node decorated)
{
    uint32_t n = ft_is_null(decorated) ? 0 : ft_named_child_count(decorated);
    for (uint32_t i = 0; i < n; i++) {
        ft_node d = ft_named_child(decorated, i);
        if (!py_is(d, "decorator"))
            continue;
        ft_node e = ft_named_child(d, 0);
        const char *name = py_is(e, "call") ? py_callee(b->c, e) : py_dotted(b->c, e);
        if (!name)
            continue;
        ssot_call k = {0};
        k.callee = name;
        ssot_call_set_name(&k, ssot_last_segment(name));
        k.receiver = strchr(name, '.') ? SSOT_RECEIVER_OTHER : SSOT_RECEIVER_NAME;
        k.flags = SSOT_CF_DECORATOR;
        k.row = ft_start_point(d).row + 1;
        k.double_index = -1;
        SSOT_VEC_PUSH(&b->calls, k);
        SSOT_VEC_PUSH(&b->call_ids, NULL);
    }
}

void py_walk_function(py_ctx *c, ft_node def, ft_node decorated, ft_node class_decorated,
                      ssot_function *fn, const py_class_doubles *class_doubles,
                      py_class_doubles *collect)
{
    fn_builder b = {0};
    b.c = c;
    b.def = def;
    b.fn = fn;
    b.class_doubles = class_doubles;
    b.collect = collect;

    py_strings params = {0};
    bool method = (fn->flags & SSOT_FF_METHOD) && !has_decorator(c, decorated, "staticmethod");
    collect_params(c, def, method, &params, &b.receiver);
    py_dbl_start(&b, decorated, class_decorated, &params);
    note_marks(c, decorated, fn, &params);
    note_marks(c, class_decorated, fn, &params);
    if ((fn->flags & SSOT_FF_FIXTURE) && autouse_fixture(c, decorated))
        fn->flags |= SSOT_FF_AUTOUSE;
    fn->params = ssot_arena_alloc(c->arena, params.count * sizeof(*fn->params));
    if (params.count)
        memcpy(fn->params, params.items, params.count * sizeof(*fn->params));
    fn->param_count = params.count;
    free(params.items);

    note_decorators(&b, decorated);
    py_strings locals = {0};
    py_scope_bound_names(c, def, &locals);
    const py_strings *outer_locals = c->local_names;
    c->local_names = &locals;
    body_state st = {0};
    walk_block(&b, py_field(def, PYF_body), st);
    mark_deferred_defs(&b);
    c->local_names = outer_locals;
    free(locals.items);
    mark_reflexive(&b);

    PY_MOVE_TO_ARENA(c->arena, b.asserts, fn->asserts, fn->assert_count);
    PY_MOVE_TO_ARENA(c->arena, b.calls, fn->calls, fn->call_count);
    PY_MOVE_TO_ARENA(c->arena, b.discarded, fn->discarded, fn->discarded_count);
    ssot_fn_side *side = ssot_fn_side_own(fn, c->arena);
    PY_MOVE_TO_ARENA(c->arena, b.uses, side->double_uses, side->double_use_count);
    PY_MOVE_TO_ARENA(c->arena, b.double_args, side->double_args, side->double_arg_count);
    PY_MOVE_TO_ARENA(c->arena, b.vias, side->vias, side->via_count);
    py_dbl_finish(&b);
    free(b.call_ids.items);
    free(b.assigned.items);
    free(b.aliases.items);
    free(b.instances.items);
    free(b.pairs.items);
    free(b.nested.items);
    free(b.local_classes.items);
    free(b.probes.items);
}
