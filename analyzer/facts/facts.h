/* analyzer/facts/facts.h - the language-neutral model that every rule works on.
 * A front end fills a file's facts from its syntax tree; the engine then resolves what
 * needs the whole project (which tests are collected, which helpers assert). Rules read
 * facts and never see syntax. All pointers are borrowed from the file's arena. */
#ifndef SSOT_ANALYZER_FACTS_H
#define SSOT_ANALYZER_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ssot_arena ssot_arena; /* analyzer/base/alloc.h */

/* A source range: rows and columns are 1-based, columns count characters. */
typedef struct ssot_span {
    uint32_t row, col, end_row, end_col;
} ssot_span;

/* A place a finding can point at: its range and the normalised first line of its
 * text (whitespace collapsed), which fingerprints use instead of the line number. */
typedef struct ssot_loc {
    ssot_span span;
    const char *snippet;
} ssot_loc;

typedef enum ssot_role {
    SSOT_ROLE_SERVICE = 0, /* project code */
    SSOT_ROLE_TEST,        /* test files and test support (conftest.py, tests/ folders) */
} ssot_role;

typedef enum ssot_framework {
    SSOT_FRAMEWORK_NONE = 0,
    SSOT_FRAMEWORK_PYTEST,
    SSOT_FRAMEWORK_UNITTEST,
} ssot_framework;

/* The assertion vocabulary, RULES.md "What counts as an assertion". */
typedef enum ssot_assert_kind {
    SSOT_ASSERT_STATEMENT = 1,  /* A1 `assert` */
    SSOT_ASSERT_UNITTEST,       /* A2 self.assert*, self.fail*, raise AssertionError */
    SSOT_ASSERT_RAISES,         /* A3 pytest.raises/warns, assertRaises*, assertWarns*, assertLogs */
    SSOT_ASSERT_MOCK,           /* A4 assert_called*, ... on a double */
    SSOT_ASSERT_LIBRARY,        /* A5 numpy/pandas testing, hamcrest, assertpy, pytest_check */
    SSOT_ASSERT_CONFIGURED,     /* A6 assert-functions from the configuration */
    SSOT_ASSERT_HELPER,         /* A7 a project helper whose body asserts (resolved later) */
    SSOT_ASSERT_NAMED,          /* A8 an unresolved call named assert..., check..., verify... */
} ssot_assert_kind;

/* What the front end knows about one assertion. */
enum {
    SSOT_AF_CONSTANT = 1u << 0,        /* the condition is a constant that is always true */
    SSOT_AF_EXPLICIT_FAIL = 1u << 1,   /* assert False, pytest.fail(), self.fail() ... */
    SSOT_AF_SELF_COMPARE = 1u << 2,    /* both sides the same name */
    SSOT_AF_SWALLOWED = 1u << 3,       /* inside a try whose handler swallows AssertionError */
    SSOT_AF_IN_EXCEPT = 1u << 4,       /* inside an except handler of a try that never fails
                                          when nothing is raised */
    SSOT_AF_UNREACHABLE = 1u << 5,     /* after return/raise/fail/skip, or after the raising
                                          call of a raises block */
    SSOT_AF_IN_BRANCH = 1u << 6,       /* inside if/for/while/try/with, not at the top level */
    SSOT_AF_NOT_EQUAL = 1u << 7,       /* the comparison is `!=` / assertNotEqual (NaN checks) */
    SSOT_AF_REFLEXIVE = 1u << 8,       /* a self-comparison in a function that also compares
                                          the same expression with something else: it probes
                                          the type's `__eq__`, on purpose */
    SSOT_AF_MOCK_CHECK = 1u << 9,      /* verifies calls on a double: A4, or `called`,
                                          `call_count`, `call_args`... read in an A1/A2 */
    SSOT_AF_CONDITIONAL = 1u << 10,    /* in a branch of an if/elif/else or a match case */
    SSOT_AF_DEFERRED = 1u << 11,       /* in a nested def the function never calls nor hands
                                          to other code: it is only returned or yielded (a
                                          factory: it runs when the caller calls the result),
                                          or never used */
};

/* What an assertion checks about its value, from the strongest to the weakest claim (what
 * `ssot diff` calls a weakened assertion: `assert x == 3` that became `assert x`). */
typedef enum ssot_check_form {
    SSOT_CHECK_OTHER = 0,       /* a call form whose claim is not known (a helper, a library) */
    SSOT_CHECK_COMPARISON,      /* compares the value with another: `==`, `<`, `in`, `is`,
                                   assertEqual, assertIn, assertIsInstance, assertRegex ... */
    SSOT_CHECK_TRUTH,           /* only the value's truth: `assert x`, `assert not x`,
                                   assertTrue, assertFalse, assertIsNotNone */
    SSOT_CHECK_RAISES,          /* expects an exception (or a warning): `exception` says which */
} ssot_check_form;

typedef struct ssot_assertion {
    /* pointers first, then the narrow scalars: 64 bytes (322k of them on 3.4M lines) */
    ssot_loc loc;
    const char *callee;  /* dotted callee for call forms (`self.assertEqual`), else NULL */
    const char *subject_path; /* the path read, relative to that double: `get.return_value`,
                                 `send.call_count`; `x.side_effect` for a raises check of
                                 `m.x()`; "" for the double itself; NULL when unknown */
    const char *expected;     /* compact text it is compared with (`==`, `is`, assertEqual,
                                 the exception of a raises check), `True`/`False`/`None` for
                                 truth and None checks; NULL otherwise */
    const char *exception;    /* SSOT_CHECK_RAISES: the exception (or tuple of them) it
                                 expects, compact as written (`ValueError`,
                                 `(KeyError,IndexError)`); NULL when none is named */
    /* MO rules: the double the assertion reads (index into the function's doubles), -1 when
       it reads none; directly (`m.get()`), through its patched target (`mod.get()`), or
       through a local bound to such a read (`x = m.get()`) */
    int32_t subject;
    uint16_t flags;      /* SSOT_AF_* */
    uint8_t kind;        /* ssot_assert_kind */
    uint8_t form;        /* ssot_check_form */
} ssot_assertion;

/* A call made by a function body that may be an assertion helper (A6-A8). */
typedef enum ssot_receiver {
    SSOT_RECEIVER_NAME = 0, /* helper(...) */
    SSOT_RECEIVER_SELF,     /* self.helper(...), cls.helper(...) */
    SSOT_RECEIVER_OTHER,    /* module.helper(...), obj.method(...) */
} ssot_receiver;

enum {
    SSOT_CF_IN_EXCEPT = 1u << 0,      /* inside an except handler (see SSOT_AF_IN_EXCEPT) */
    SSOT_CF_SWALLOWED = 1u << 1,      /* inside a try that swallows assertion errors */
    SSOT_CF_DECORATOR = 1u << 2,      /* a decorator of the function: it wraps the body, so a
                                         project decorator that asserts counts (A7); its name
                                         alone does not (no A8) */
    SSOT_CF_ON_DOUBLE = 1u << 3,      /* the callee hangs on a double (`m.send()`, `m()`):
                                         `double_index` says which */
    SSOT_CF_TARGET = 1u << 4,         /* the callee is a patched target reached by its own path
                                         (`llm.count_tokens()` under patch("app.llm.count_tokens")):
                                         `double_index` is the patch's double, or -1 */
    SSOT_CF_LIBRARY = 1u << 5,        /* not project code: builtins, unittest.mock, pytest, the
                                         test case's own API (addCleanup, subTest, ...) */
    SSOT_CF_CHAINED = 1u << 6,        /* the callee is no dotted name (`Sut().run()`): `callee`
                                         is its compact text; never an assertion helper */
    SSOT_CF_ASSERTS = 1u << 7,        /* resolved: the call asserts (A6-A8); computed only for
                                         calls that hold a contract value (SS003) */
    SSOT_CF_UNBOUND = 1u << 8,        /* a bare name the module neither defines nor imports
                                         (a local value, a nested def, a builtin): no project
                                         function of another file is meant */
    SSOT_CF_PARAM = 1u << 9,          /* a bare name that is a parameter of the function: it
                                         calls what a fixture of that name returns */
    SSOT_CF_DEFERRED = 1u << 10,      /* in a nested def that runs only when a caller calls
                                         what the function returns (see SSOT_AF_DEFERRED) */
    SSOT_CF_RESULT = 1u << 11,        /* `h(...)` with `h = f(...)` bound earlier: it calls what
                                         `f` returned; `via` is `f` */
    SSOT_CF_RETURNED = 1u << 12,      /* its value is what the function returns or yields
                                         (`return Runner(...)`): a caller that calls the
                                         function's result calls it (a class's `__call__`) */
    SSOT_CF_LAST = SSOT_CF_RETURNED,  /* the highest: ssot_call.flags is 16 bits */
};
_Static_assert(SSOT_CF_LAST <= UINT16_MAX, "a call's flags no longer fit ssot_call.flags");

typedef struct ssot_call {
    /* 24 bytes: 733k of them on 3.4M lines */
    const char *callee;   /* dotted text as written: `self.check_output` */
    uint32_t row;
    int32_t double_index; /* with SSOT_CF_ON_DOUBLE / SSOT_CF_TARGET, else -1 */
    uint32_t name_at;     /* where its last segment (`check_output`) starts in `callee`:
                             read it with ssot_call_name */
    uint16_t flags;       /* SSOT_CF_* */
    uint8_t receiver;     /* ssot_receiver */
    /* `x.m()` with `x = Checker(...)` bound earlier: its maker is in the function's side
       (ssot_call_via_of), as few calls have one */
} ssot_call;

/* The call's last segment: `check_output` of `self.check_output`. */
static inline const char *ssot_call_name(const ssot_call *c) { return c->callee + c->name_at; }

/* Set `c`'s name to `name`, the last segment of its callee (a suffix of `c->callee`). */
static inline void ssot_call_set_name(ssot_call *c, const char *name)
{
    c->name_at = (uint32_t)(name - c->callee);
}

/* `x.m()` with `x = Checker(...)` bound earlier in the body, or `h()` with `h = make(...)`
 * (SSOT_CF_RESULT): the callee that made the receiver, as written (`Checker`). */
typedef struct ssot_call_via {
    const char *via;
    uint32_t call;              /* index into the function's calls */
} ssot_call_via;

/* What a discarded check is. */
typedef enum ssot_discard_kind {
    SSOT_DISCARD_CHECK = 0,   /* a comparison or predicate call whose value is dropped, where
                                 the language has an `assert` statement to put before it */
    SSOT_DISCARD_EXPRESSION,  /* the same where it has none (`a === b;` in JavaScript) */
    SSOT_DISCARD_UNFINISHED,  /* an assertion begun and never completed: `expect(x)`,
                                 `expect(x).not`, a chain with no assertion at its end */
    SSOT_DISCARD_FLOATING,    /* an asynchronous assertion neither awaited nor returned
                                 (`expect(p).resolves.toBe(1)`): it settles after the test */
    SSOT_DISCARD_UNCALLED,    /* an assertion method referenced and never called
                                 (`expect(x).toBeTruthy`): PH011 reports it, not PH010 */
} ssot_discard_kind;

/* A statement whose result is thrown away although it looks like a check (PH010, PH011). */
typedef struct ssot_discarded {
    ssot_loc loc;
    bool is_return;       /* `return a == b` rather than a bare statement */
    ssot_discard_kind kind;
} ssot_discarded;

/* Test doubles (RULES.md "Test double"). */
enum {
    SSOT_DF_SPEC = 1u << 0,     /* spec=, spec_set=, autospec, create_autospec */
    SSOT_DF_WRAPS = 1u << 1,    /* wraps= spy */
    SSOT_DF_PATCH = 1u << 2,    /* made by patch()/patch.object()/mocker.patch, or the
                                   `new=` double a patch installs */
    SSOT_DF_INHERITED = 1u << 3, /* bound on self in setUp */
    SSOT_DF_PARAM = 1u << 4,    /* a parameter a fixture may provide: a double only when
                                   SSOT_DF_FIXTURE is set too (resolved) */
    SSOT_DF_FIXTURE = 1u << 5,  /* resolved: the fixture of that name returns a double */
    SSOT_DF_HANDED = 1u << 6,   /* handed to project code outside the test body: by setUp,
                                   or by a fixture (resolved) */
    SSOT_DF_ANONYMOUS = 1u << 7, /* bound to no name: `sut(Mock())`, `with patch(...):`;
                                   its name is "" */
};

typedef struct ssot_double {
    const char *name;       /* `m`, `mock_send`, `self.mailer`; "" when anonymous */
    ssot_loc loc;
    uint32_t flags;         /* SSOT_DF_* */
    const char *target;     /* what it stands in for: the patch target, else the spec as
                               written (`Mailer`), else NULL */
    int32_t parent;         /* the double whose configuration holds it
                               (`factory.return_value = m`), -1 */
    const char *boundary;   /* resolved (MO004, in a declared real-services scope): why its
                               target is a service boundary, for the message; else NULL */
} ssot_double;

/* A patch the function applies (MO rules): patch/patch.object/patch.dict as decorator,
 * context or started patcher, mocker.patch*, monkeypatch.setattr. */
typedef enum ssot_patch_kind {
    SSOT_PATCH_DECORATOR = 1, /* @patch(...) on the function or its class */
    SSOT_PATCH_CONTEXT,       /* with patch(...) */
    SSOT_PATCH_CALL,          /* patch(...).start(), a patcher, mocker.patch(...) */
    SSOT_PATCH_SETATTR,       /* monkeypatch.setattr(...) */
} ssot_patch_kind;

enum {
    SSOT_PF_NEW = 1u << 0,         /* replaced by a given object (new=, the positional new,
                                      monkeypatch's value), not by a fresh double */
    SSOT_PF_NEW_DOUBLE = 1u << 1,  /* ... and that object is a double (new=AsyncMock()) */
    SSOT_PF_NEW_LITERAL = 1u << 2, /* ... and that object is a literal (a setting) */
    SSOT_PF_WRAPS = 1u << 3,       /* wraps= or mocker.spy: the real code still runs */
    SSOT_PF_INHERITED = 1u << 4,   /* applied by setUp */
    SSOT_PF_FIXTURE = 1u << 5,     /* resolved: applied by a requested or autouse fixture */
    SSOT_PF_DICT = 1u << 6,        /* patch.dict, monkeypatch.setitem: entries of a mapping */
    SSOT_PF_MULTIPLE = 1u << 7,    /* patch.multiple: attributes of the target, not the target */
    SSOT_PF_MODULE = 1u << 8,      /* the target is a whole module, replaced for the file
                                      (`jest.mock('./cart')`): its name as the front end names
                                      modules (`src/cart`), or the package as written */
};

typedef struct ssot_patch {
    ssot_loc loc;
    ssot_patch_kind kind;
    uint32_t flags;         /* SSOT_PF_* */
    const char *target;     /* dotted: `app.llm.count_tokens`; patch.object and setattr:
                               the object as written and the attribute (`LLMClient.complete`) */
    int32_t double_index;   /* the double it installs, in the function's doubles, -1 */
    const char *via;        /* resolved: the fixture that applies it, else NULL */
    const char *boundary;   /* resolved (MO004, in a declared real-services scope): why the
                               target is a service boundary, for the message; else NULL */
} ssot_patch;

/* What the function configures a double with (MO001, MO005). */
typedef enum ssot_setting_kind {
    SSOT_SET_RETURN = 1,    /* `m.get.return_value = V`, Mock(return_value=V), patch(..., return_value=V) */
    SSOT_SET_SIDE_EFFECT,   /* `m.get.side_effect = V`, side_effect=V */
    SSOT_SET_ATTRIBUTE,     /* `m.name = V`, Mock(name_attr=V), configure_mock(x=V) */
} ssot_setting_kind;

enum {
    SSOT_SF_LITERAL = 1u << 0,   /* V is a literal (or a container of literals) */
    SSOT_SF_EXCEPTION = 1u << 1, /* V names or builds an exception */
    SSOT_SF_CALLABLE = 1u << 2,  /* V is a lambda or a function: side_effect runs real code */
    SSOT_SF_INHERITED = 1u << 3, /* set in setUp or by a fixture */
    SSOT_SF_OBJECT = 1u << 4,    /* V is an object a call that makes no double built
                                    (`m.hooks = Signal(m)`): calls through it run real code */
};

typedef struct ssot_setting {
    int32_t double_index;   /* into the function's doubles */
    const char *path;       /* relative to the double: `get.return_value`, `display_name` */
    const char *value;      /* compact text of V */
    ssot_setting_kind kind;
    uint32_t flags;         /* SSOT_SF_* */
    uint32_t row;
} ssot_setting;

/* A double handed to code that is not a double: an argument of a project call, a value
 * stored on a project object, a patch's replacement, a reference from a nested function. */
typedef struct ssot_handoff {
    int32_t double_index;   /* the double handed over (or the one it was derived from) */
    int32_t via_double;     /* the double the receiving call hangs on, -1: counts only when
                               that one turns out not to be a double (a fixture parameter) */
    uint32_t row;
} ssot_handoff;

/* A value of a configured contract written in a function (SS003). */
typedef struct ssot_mention {
    const char *value;      /* the contract value (borrowed from the configuration) */
    uint32_t row;
    int32_t call;           /* the innermost call in `calls` whose arguments hold it, -1 */
    bool asserted;          /* inside an assertion (A1-A6) */
} ssot_mention;

/* One use of an attribute of a double, as the statement or assertion around it uses it. */
typedef enum ssot_double_use_form {
    SSOT_USE_REFERENCED = 1, /* `m.assert_called_once` as a bare statement, never called */
    SSOT_USE_CALLED,         /* `m.called_once_with(1)` as a bare statement */
    SSOT_USE_ASSERTED,       /* `assert m.sent` / assertTrue(m.sent): the attribute is the check */
    SSOT_USE_ASSERTED_CALL,  /* `assert m.assert_called_with(1)` */
} ssot_double_use_form;

/* A double handed to a call as an argument: `attach(m)`, `conn.open(sock=m)`. */
typedef struct ssot_double_arg {
    int32_t call;            /* index into the function's calls */
    const char *name;        /* the double as written: `m`, `self.m` */
    int32_t position;        /* positional index, -1 for a keyword argument */
    const char *keyword;     /* the keyword, or NULL */
} ssot_double_arg;

typedef struct ssot_double_use {
    ssot_loc loc;
    ssot_double_use_form form;
    const char *double_name; /* the double the attribute hangs on */
    const char *attribute;   /* the last attribute segment */
    uint32_t double_flags;   /* copy of the double's SSOT_DF_* */
    bool configured;         /* the test (or setUp) gave this attribute a value; resolved:
                                or a project function the test handed the double to sets it
                                on that parameter (ssot_param_write) */
} ssot_double_use;

typedef enum ssot_body_shape {
    SSOT_BODY_CODE = 0,        /* does something */
    SSOT_BODY_EMPTY,           /* pass, `...`, comments only */
    SSOT_BODY_DOCSTRING_ONLY,  /* a docstring (and pass/...) only */
    SSOT_BODY_STUB,            /* only raise NotImplementedError / pytest.fail / self.fail /
                                  assert False */
} ssot_body_shape;

/* Why a test never runs (PH005). */
typedef enum ssot_skip_kind {
    SSOT_SKIP_NONE = 0,
    SSOT_SKIP_DECORATOR,       /* @pytest.mark.skip, @unittest.skip */
    SSOT_SKIP_CONSTANT_IF,     /* skipif(<true constant>), skipUnless(<false constant>) */
    SSOT_SKIP_XFAIL_NO_RUN,    /* xfail(run=False) */
    SSOT_SKIP_FIRST_STATEMENT, /* first statement pytest.skip() / self.skipTest() */
    SSOT_SKIP_EMPTY_PARAMETRIZE, /* parametrize(..., []) */
    SSOT_SKIP_CLASS,           /* the class is skipped */
    SSOT_SKIP_MODULE,          /* the module is skipped */
    SSOT_SKIP_TODO,            /* declared as a to-do: `it.todo('...')`, no body runs */
    SSOT_SKIP_DISABLED,        /* disabled by its name or tags: gtest `DISABLED_`, a Catch2
                                  hidden tag `[.]`, `doctest::skip()` */
    SSOT_SKIP_PREPROCESSOR,    /* in text the C preprocessor skips (`#if 0`): never compiled */
    SSOT_SKIP_UNREGISTERED,    /* a C test function no registration of its file names
                                  (cmocka's CMUnitTest arrays, Unity's RUN_TEST, Check's
                                  tcase_add_test) */
    SSOT_SKIP_UNFOCUSED,       /* another test of the file is focused (`it.only`, `fit`): the
                                  runner runs only the focused ones; `reason` is the focus */
} ssot_skip_kind;

typedef struct ssot_skip {
    ssot_skip_kind kind;
    ssot_loc loc;          /* where the skip is written */
    const char *reason;    /* reason text when given, else NULL */
} ssot_skip;

/* Function flags. */
enum {
    SSOT_FF_ASYNC = 1u << 0,
    SSOT_FF_FIXTURE = 1u << 1,       /* @pytest.fixture */
    SSOT_FF_ABSTRACT = 1u << 2,      /* @abstractmethod */
    SSOT_FF_TODO = 1u << 3,          /* a TODO/FIXME/XXX comment in or right after the body */
    SSOT_FF_METHOD = 1u << 4,        /* defined directly in a class body */
    SSOT_FF_TEST_NAME = 1u << 5,     /* name starts with the test prefix */
    SSOT_FF_DEPTH_LIMITED = 1u << 6, /* the body nests deeper than the analyzer follows */
    SSOT_FF_PARAMETRIZED = 1u << 7,  /* @pytest.mark.parametrize */
    SSOT_FF_DOCTEST = 1u << 8,       /* the docstring holds doctest examples (`>>>`): the
                                        docstring is the test, run by doctest */
    SSOT_FF_WARNINGS_FAIL = 1u << 9, /* turns warnings into errors around its code:
                                        `@pytest.mark.filterwarnings("error")` on it or its
                                        class, `warnings.simplefilter("error")` or
                                        `warnings.filterwarnings("error", ...)` in its body:
                                        a warning fails it */
    SSOT_FF_DECLARED = 1u << 10,     /* registered as a test by a call of the test runner's
                                        API (`it('title', fn)`, `test(...)`): a test whatever
                                        its name; its suites are listed in `suites` */
    SSOT_FF_COMPILE_CHECK = 1u << 11, /* its body only declares (functions, types) and runs
                                        nothing: the compiler's type check is the test (a
                                        TypeScript type test) */
    SSOT_FF_OUTCOME_CHECKED = 1u << 12, /* the runner decides its verdict other than by its
                                        own assertions: its program is registered as
                                        expected to fail, or judged by its output (CTest
                                        `WILL_FAIL`, `PASS_REGULAR_EXPRESSION`, a script
                                        test that runs it and reads what it prints), or
                                        its file's own `main` checks what the tests did */
    SSOT_FF_SYNTAX_ERROR = 1u << 16, /* its text overlaps a syntax error (an ERROR or MISSING
                                        node inside it, or an ERROR beside it): its body is
                                        what error recovery made of broken text, so the
                                        rules over tests pass it over (E003 reports it) */
    SSOT_FF_AUTOUSE = 1u << 20,      /* @pytest.fixture(autouse=True) */
    SSOT_FF_ABOUT_DOUBLES = 1u << 21, /* resolved: tests the double library itself (the
                                         project defines the double classes, or the test
                                         exercises the double API: seal, attach_mock) */
};

/* A function's test doubles and what it does with them (MO rules, PH011), and the contract
 * values it mentions (SS003): empty in most functions, so kept beside them. A decoded
 * function's `side` is never NULL: one with none of these points at ssot_fn_side_none,
 * which is never written (ssot_fn_side_own gives a function a side of its own first). */
typedef struct ssot_fn_side {
    ssot_double *doubles;
    ssot_double_use *double_uses;
    ssot_double_arg *double_args;
    ssot_patch *patches;        /* own, setUp's, and (resolved) its fixtures' */
    ssot_setting *settings;
    ssot_handoff *handoffs;
    ssot_mention *mentions;
    ssot_call_via *vias;        /* ascending by call */
    /* the arrays' lengths, in the order above */
    uint32_t double_count, double_use_count, double_arg_count, patch_count, setting_count,
        handoff_count, mention_count, via_count;
} ssot_fn_side;

extern const ssot_fn_side ssot_fn_side_none;

struct ssot_function;
/* The side of `fn` that may be written: its own, or a new empty one from `arena` when it has
 * none or the shared empty one. */
ssot_fn_side *ssot_fn_side_own(struct ssot_function *fn, ssot_arena *arena);
/* Point every function of `f` that has no side yet, and every class without state, at the
 * empty one (facts used as a front end made them, without the reader). */
struct ssot_facts;
void ssot_facts_sides_fill(struct ssot_facts *f);
/* `fn`'s side, or the empty one while it has none (a function as a front end made it). */
static inline const ssot_fn_side *ssot_fn_side_of(const struct ssot_function *fn);

/* Every module-level function and method of a test file: candidate tests, helpers and
 * fixtures alike. `collected` and the resolved fields are set by the engine. */
typedef struct ssot_function {
    /* pointers first, then the 32-bit counts and scalars, then the flags: no padding (the
       struct is per function of every test file: 135k of them on 3.4M lines) */
    const char *name;
    const char *symbol;         /* `Class.method` or `function` */
    ssot_loc def;               /* the `def` line: name range */
    ssot_span body;
    ssot_skip skip;             /* from its own decorators or first statement */
    const char **markers;       /* pytest marks: `smoke` for @pytest.mark.smoke */
    /* the titles of the suites that enclose a declared test, outermost first
       (`describe('Cart', ...)`); none for a test in a class */
    const char **suites;
    const char *stub;           /* SSOT_BODY_STUB: the one statement as written when it is
                                   not one of Python's (`throw new Error('todo')`), else NULL */

    ssot_assertion *asserts;
    ssot_call *calls;
    const char **params;        /* then the fixtures it or its class requests by
                                   `usefixtures` */
    ssot_discarded *discarded;
    const ssot_fn_side *side;   /* doubles, patches, settings ... (never NULL once decoded) */
    /* the arrays' lengths, in the order above */
    uint32_t marker_count, suite_count;
    uint32_t assert_count, call_count, param_count, discarded_count;
    int32_t class_index;        /* index into ssot_facts.classes, -1 at module level */
    uint32_t flags;             /* SSOT_FF_* */
    ssot_body_shape shape;
    int32_t returns_double;     /* a fixture's: the double it returns or yields, -1 */

    /* resolved by the engine once every file's facts exist */
    ssot_framework framework;
    bool collected;             /* pytest or unittest would run it */
    bool inherited;             /* defined in a mixin that test classes inherit */
    bool overridden;            /* a subclass defines the same name (a template) */
    bool overrides;             /* replaces a method a base class defines, or may define:
                                   a base outside the project (an empty override disables
                                   an inherited test on purpose) */
    bool resolved_assertion;    /* some call resolves to A6, A7 or A8 */
    bool resolved_assertion_outside_except;
} ssot_function;

static inline const ssot_fn_side *ssot_fn_side_of(const struct ssot_function *fn)
{
    return fn->side ? fn->side : &ssot_fn_side_none;
}

/* The maker of the receiver of `call` (see ssot_call_via), or NULL; NULL as well for a call
 * that is not one of `fn`'s (one made up to stand for another). */
static inline const char *ssot_call_via_of(const ssot_function *fn, const ssot_call *call)
{
    const ssot_fn_side *side = ssot_fn_side_of(fn);
    if (!side->via_count || call < fn->calls || call >= fn->calls + fn->call_count)
        return NULL;
    uint32_t at = (uint32_t)(call - fn->calls);
    for (uint32_t i = 0; i < side->via_count; i++)
        if (side->vias[i].call == at)
            return side->vias[i].via;
    return NULL;
}

enum {
    SSOT_KF_HAS_INIT = 1u << 0,    /* defines __init__ */
    SSOT_KF_TEST_FALSE = 1u << 1,  /* __test__ = False */
    SSOT_KF_ABSTRACT = 1u << 2,    /* ABC base, ABCMeta, or abstract methods */
    SSOT_KF_NESTED = 1u << 3,      /* defined inside a function */
    SSOT_KF_FROZEN = 1u << 4,      /* @dataclass(frozen=True), attrs frozen: instances are
                                      immutable */
    SSOT_KF_ENUM = 1u << 5,        /* an Enum/IntEnum/StrEnum/Flag/IntFlag base */
    SSOT_KF_NAMEDTUPLE = 1u << 6,  /* a NamedTuple or namedtuple(...) base */
    SSOT_KF_SINGLETON_DECORATOR = 1u << 7, /* decorated with `@singleton` */
    SSOT_KF_CACHING_META = 1u << 8, /* a metaclass whose `__call__` stores the instance it
                                       makes in a class attribute (one per class) */
};

/* The state-and-singleton facts of a class (SG rules): decorators, metaclass and flags for
 * every file; `writes` and the instance cache for service files. */
typedef struct ssot_class_state {
    const char **decorators;    size_t decorator_count; /* dotted, without arguments */
    const char *metaclass;      /* `metaclass=` as written, else NULL */
    /* instance attributes that methods other than `__init__` (and `__new__`,
       `__post_init__`, `__setstate__`, ...) assign or mutate: `self.x = `, `self.x[k] = `,
       `self.x.append(...)`; in order of first appearance, one entry per attribute and
       writing method, the method in `write_methods` (in step) */
    const char **writes;        size_t write_count;
    const char **write_methods;
    /* the methods this class defines that replace a base's method of the same name: they
       do not delegate to it (`super().NAME(...)`, `Base.NAME(self, ...)`); a subclass whose
       `__init__` is listed never runs its bases' set-up */
    const char **replaces;      size_t replace_count;
    /* the attributes `__init__` assigns on self (`self.x = ...`) */
    const char **init_attrs;    size_t init_attr_count;
    /* the class attribute that caches the one instance (`_instance`), assigned a new
       instance (`cls()`, `super().__new__(cls)`, `super().__call__(...)`) in `method` */
    const char *instance_attr;
    const char *instance_method;
    ssot_loc instance_loc;      /* that assignment */
    /* a write of a request-scoped value (a parameter of the method named for a user,
       session, connection, request or tenant, or typed as a request): "`connect()` stores
       `websocket` in `active_connections`"; NULL when none */
    const char *request;
    const char *request_method; /* the method of that write */
    /* composed objects: `self.NAME = Callee(...)` in `__init__` whose methods other methods
       call (`self.cache.put(k, v)`); names and callees (as written) in step */
    const char **composed;      const char **composed_callees; size_t composed_count;
} ssot_class_state;

extern const ssot_class_state ssot_class_state_none;
struct ssot_class;
/* The state of `k` that may be written: its own, or a new empty one from `arena`. */
ssot_class_state *ssot_class_state_own(struct ssot_class *k, struct ssot_arena *arena);

typedef struct ssot_class {
    const char *name;
    const char *qualname;       /* `Outer.Inner` */
    ssot_loc loc;
    int32_t outer_index;        /* enclosing class, -1 at module level */
    const char **bases;         size_t base_count;   /* dotted, as written */
    const char **methods;       size_t method_count;
    /* class attributes bound to a dotted name (`eq = unittest.TestCase.assertEqual`): the
       method `eq` is that callable; names and targets in step */
    const char **alias_names;   const char **alias_targets; size_t alias_count;
    uint32_t flags;             /* SSOT_KF_* */
    ssot_skip skip;
    const char **markers;       size_t marker_count; /* pytest marks on the class */
    /* resolved by the engine */
    bool is_test_class;         /* collected by pytest or unittest */
    bool is_mixin;              /* not itself a test class, but a base of one */
    ssot_framework framework;
    const ssot_class_state *state; /* SG facts: never NULL once decoded; a class without any
                                   shares ssot_class_state_none (ssot_class_state_own before
                                   writing) */
    /* resolved by the engine: the instance state of this class or of a project base, as
       text for messages ("`_connections`, `_rooms`", in the index's arena); NULL when
       stateless (or frozen, an enum, a NamedTuple) */
    const char *shared_state;
    const char *caching_meta;   /* the caching metaclass it uses (SSOT_KF_CACHING_META) */
    /* resolved: the request-scoped write of this class, a project base or a composed
       object (see `state.request`), in the index's arena; NULL when none */
    const char *request_state;
    /* resolved: a project base holds the one instance (`_instance` and `__new__` or
       `get_instance()`): "`Base.get_instance()`"; NULL when none */
    const char *inherited_singleton;
    bool misses_required_base;  /* resolved (SS001): a test class with tests of its own whose
                                   every ancestor is known and none is a `required-test-base` */
    uint32_t init_tests;        /* resolved (PH005): a class pytest would collect but for its
                                   `__init__` (pytest warns and skips it): how many test
                                   methods of its own never run; 0 otherwise */
} ssot_class;

/* A contract value no test in the contract's scope asserts (SS003), attached by the
 * resolution to one file in that scope. Strings live in the index's arena. */
typedef struct ssot_contract_gap {
    ssot_loc loc;               /* the first mention by a test, else line 1 */
    const char *contract;       /* the NAME of [contracts.NAME] */
    const char *value;
    const char *scope;          /* the scope globs as text, "" for every test file */
    const char *mentioned_by;   /* "`A.test_x`, `test_y`": tests that mention it without
                                   asserting it; NULL when none */
} ssot_contract_gap;

typedef struct ssot_comment {
    uint32_t row, col;
    const char *text;           /* including the '#' */
} ssot_comment;

/* Problems with the file itself (E001-E004 and the nesting limit). */
typedef struct ssot_file_problem {
    const char *code;           /* "E003" */
    ssot_loc loc;
    const char *message;
} ssot_file_problem;

/* ---- module-level state (SG rules) ---- */

/* What an expression makes, as far as the front end can tell without other files. */
typedef enum ssot_value_kind {
    SSOT_VALUE_OTHER = 0,   /* a name, an attribute, an operation, a lambda ... */
    SSOT_VALUE_CALL,        /* `Callee(...)`: `callee` says which */
    SSOT_VALUE_LITERAL,     /* numbers, strings, True/False/None, tuples of literals */
    SSOT_VALUE_CONTAINER,   /* a mutable container: `{}`, `[]`, `set()`, `dict()`, `list()`,
                               `defaultdict(...)`, `OrderedDict()`, `Counter()`, `deque()` */
} ssot_value_kind;

/* What a call creates, resolved once every file is in: the class and the state its
 * instances keep. Strings live in the index's arena. */
typedef struct ssot_held {
    const char *cls;        /* `WebSocketManager`, `httpx.AsyncClient`; NULL: not a class
                               the project defines or a known stateful client */
    const char *state;      /* "`_connections`, `_rooms`"; NULL when the class is stateless,
                               frozen, an enum or a NamedTuple */
    bool settings;          /* a settings object: a pydantic `BaseSettings`, a name ending in
                               `Settings`/`Config`, a frozen dataclass (or a subclass) */
    bool container;         /* a subclass of `dict`, `list`, `set`, `deque`, `UserDict` ...:
                               written through subscripts and mutators like one */
    const char *request;    /* the class's request-scoped write (`request_state`) */
    /* the classes outside the project that the class derives from (qualified), for the
       allowlist of process-wide objects: a `Logger` subclass is a logger */
    const char **externals; size_t external_count;
} ssot_held;

enum {
    SSOT_BF_MAIN_GUARD = 1u << 0,   /* bound under `if __name__ == "__main__":` */
    SSOT_BF_TYPE_CHECKING = 1u << 1, /* bound under `if TYPE_CHECKING:` */
    SSOT_BF_IMPORTED = 1u << 2,     /* resolved: another service module imports it
                                       (`from m import NAME`, `m.NAME`) */
    SSOT_BF_HANDLER_READ = 1u << 3, /* a request handler of this file reads it */
    SSOT_BF_READ = 1u << 4,         /* a function of this file uses it other than by adding
                                       (`.add`/`.append`) or removing (`.discard`/`.remove`)
                                       elements: it is read */
    SSOT_BF_CALLBACK_REMOVED = 1u << 5, /* its `.discard`/`.remove` is passed as a callback
                                       (`fut.add_done_callback(X.discard)`): elements leave
                                       it when they are done */
    SSOT_BF_IMPORT_FILLED = 1u << 6, /* the module body fills it: calls its methods or
                                       assigns its items at module level, or binds it to a
                                       container literal with entries */
    SSOT_BF_COMPUTED_WRITE = 1u << 7, /* a function writes to it (or calls its methods with)
                                       something other than its own parameters and
                                       literals; resolved: also any function of another
                                       module that writes to it */
    SSOT_BF_FILE_LOCAL = 1u << 8,   /* no other file can name it: a C/C++ `static` or an
                                       unnamed namespace's variable (reported lower than an
                                       `extern` one) */
};

/* A module-level `NAME = value` (the first binding of each name). */
typedef struct ssot_binding {
    const char *name;
    ssot_loc loc;               /* the name */
    ssot_value_kind kind;
    const char *callee;         /* CALL/CONTAINER made by a call: dotted, with the file's
                                   imports applied (`httpx.AsyncClient` for `AsyncClient`
                                   from `from httpx import AsyncClient`) */
    const char *as_written;     /* the callee as written */
    uint32_t flags;             /* SSOT_BF_* */
    const char *writer;         /* the first function that mutates it (subscript assignment,
                                   `del x[k]`, `.append/.update/.setdefault/.add/...`);
                                   helpers the module body calls at import time to fill it
                                   do not count */
    uint32_t writer_count;      /* how many functions mutate it */
    const char *handler;        /* a request handler that reads it (SSOT_BF_HANDLER_READ) */
    /* a write of a request-scoped value: "request handler `update_item()` writes its
       parameter `item_id` to it", "`register()` writes `user_id` to it"; NULL when none */
    const char *request;
    /* resolved */
    const char *importer;       /* a service module that imports it (SSOT_BF_IMPORTED) */
    ssot_held held;             /* what the call creates */
} ssot_binding;

/* A module-level function: enough to tell cached factories apart. */
typedef struct ssot_module_fn {
    const char *name;
    ssot_loc loc;               /* the name */
    const char **decorators;    size_t decorator_count; /* dotted, without arguments */
    bool cached;                /* @lru_cache/@cache (functools, any spelling) */
    bool handler;               /* a request handler: `@app.get(...)`, `@router.post`,
                                   `@app.websocket`, `@bp.route` ... */
    bool only_defaulted;        /* every parameter has a default (or there are none);
                                   `*args`/`**kwargs` count as parameters */
    const char *returns;        /* callee (imports applied) of a returned call: `return
                                   Foo(...)` or `x = Foo(...) ... return x`; else NULL */
    const char *returns_as_written;
    ssot_held held;             /* resolved: what `returns` creates */
} ssot_module_fn;

typedef enum ssot_guard {
    SSOT_GUARD_NONE = 0,
    SSOT_GUARD_IS_NONE,         /* inside `if NAME is None:` (or `== None`) */
    SSOT_GUARD_NOT,             /* inside `if not NAME:` */
} ssot_guard;

/* `NAME = value` in a function that declares `global NAME`. */
typedef struct ssot_global_write {
    const char *function;       /* symbol of the writing function */
    const char *name;
    ssot_loc loc;               /* the assignment */
    ssot_value_kind kind;
    const char *callee;         /* imports applied */
    const char *as_written;
    ssot_guard guard;
    ssot_held held;             /* resolved */
} ssot_global_write;

/* An import, or a use of a module's attribute through an imported name: 48 bytes (121k
 * of them on 3.4M lines). */
typedef struct ssot_import {
    const char *module;         /* as written, relative dots kept: `chat.websocket.manager`,
                                   `.manager`, `..` */
    const char *name;           /* the imported name (`from m import name`) or the attribute
                                   used (`m.name`); NULL for `import m` itself */
    const char *local;          /* the name it is bound to; NULL for attribute uses */
    ssot_loc loc;               /* the import statement, or the `m.name` attribute */
} ssot_import;

/* A function of the file that mutates an imported container (`m.name.add(x)`,
 * `name[k] = v`): few imports have one, so they are listed beside the imports. */
typedef struct ssot_import_write {
    const char *writer;         /* the function's symbol */
    const char *request;        /* its request-scoped write, as for bindings; NULL */
    uint32_t import;            /* index into the file's imports */
} ssot_import_write;


/* ---- definitions (DD rules) ---- */

typedef enum ssot_def_kind {
    SSOT_DEF_CLASS = 1,
    SSOT_DEF_FUNCTION,          /* module-level def */
    SSOT_DEF_METHOD,            /* def in a class body (any depth of classes) */
    SSOT_DEF_CONSTANT,          /* module-level UPPER_CASE = literal */
} ssot_def_kind;

enum {
    SSOT_DEFF_GUARDED = 1u << 0,   /* under `if TYPE_CHECKING:`, a `try` with an ImportError
                                      handler, a platform/version test, or any other
                                      module-level `if`/`try`: an alternative, not a copy */
    SSOT_DEFF_DUNDER = 1u << 1,    /* `__name__` */
    SSOT_DEFF_PRIVATE = 1u << 2,   /* `_name` */
    SSOT_DEFF_EXCEPTION = 1u << 3, /* a class whose bases (or name) make it an exception */
    SSOT_DEFF_META = 1u << 4,      /* a nested `Meta`/`Config` class */
    SSOT_DEFF_NESTED = 1u << 5,    /* a class inside a class */
    SSOT_DEFF_IGNORED = 1u << 6,   /* listed in `[duplicates] ignore-names` */
    SSOT_DEFF_SMALL = 1u << 7,     /* under `min-nodes`, or under `min-lines` and twice
                                      `min-nodes` */
    SSOT_DEFF_LITERALS = 1u << 8,  /* a function whose literals are a fifth of its nodes or
                                      more (a table), or whose one statement passes literals
                                      on (a wrapper): its values are the content (DD003) */
    SSOT_DEFF_SHORT = 1u << 9,     /* under the size bar but over half `min-nodes`, with
                                      logic (a branch, loop, raise, assert or several
                                      calls): a copy counts unless it is an idiom */
    SSOT_DEFF_LOGIC = 1u << 10,    /* a function whose body branches, loops, raises, asserts
                                      or catches: it decides something, beyond passing values */
    SSOT_DEFF_TYPE = 1u << 11,     /* a type-only declaration (a TypeScript interface, type
                                      alias or enum): a class-like definition, named a type */
};

/* One member of a duplicate cluster, in the index's arena: 56 bytes. */
typedef struct ssot_dup_site {
    const char *path;           /* borrowed: the run's file list */
    const char *module;         /* dotted module path */
    const char *qualname;       /* copied into the index's arena (one copy for the copies
                                   of one definition that follow each other) */
    const char *unit;           /* its deployment unit: a folder, a program file, or "." */
    ssot_span span;             /* its name (a site is shown by path and span, no snippet) */
    uint32_t imported;          /* how many imports of other modules name it */
    bool by_path;               /* its language names modules by path (ssot_words) */
} ssot_dup_site;

/* What a duplicate definition's finding needs, resolved once every file is in; the
 * members of a cluster with the same evidence share one. */
typedef struct ssot_dup {
    const char *code;           /* the rule that reports it: "DD001" ... "DD005" */
    const ssot_dup_site *sites; /* every member, the likely canonical one first */
    const char *evidence;       /* DD001: why they are one concept; DD004: the values;
                                   DD005: what is copied (a body, a near-copy, a class) */
    uint32_t site_count;
    bool conflict;              /* DD004: bound to different literals */
} ssot_dup;

/* A class, function, method or module-level constant of a service file (DD rules). */
typedef struct ssot_definition {
    ssot_def_kind kind;
    int32_t parent;             /* the enclosing class's definition, -1 */
    const char *name;
    const char *qualname;       /* `Outer.method` */
    ssot_loc loc;               /* the name */
    const char **members;       /* classes: methods and class attributes */
    const char **bases;         /* classes: dotted, as written */
    uint32_t member_count, base_count;
    uint32_t nodes;             /* named AST nodes of the body (about its tokens), without
                                   docstrings and comments */
    uint32_t lines;             /* logical lines: statements of the body */
    uint64_t fp1;               /* type-1 fingerprint of the body: node types and token
                                   text (the signature left out); classes: the whole body */
    uint64_t fp2;               /* type-2: parameters and locals numbered by first
                                   occurrence in the body, literals by kind */
    uint64_t fp3;               /* the body's shape: node types only, every name and literal
                                   abstracted (a family of same-shaped definitions) */
    uint64_t fpl;               /* the body's string literals and the methods of its own
                                   class it uses (`self.m`), in order: type-2 copies with the
                                   same `fpl` differ in local names, numbers or booleans only
                                   (DD003) */
    const char **strings;       /* functions: the body's string literals as written, in
                                   order (the first 32; DD003) */
    const char *literal;        /* constants: the value, normalised; NULL when not a literal */
    uint32_t string_count;
    uint32_t flags;             /* SSOT_DEFF_* */
    const ssot_dup *dup;        /* resolved: its duplicate finding, NULL when none */
} ssot_definition;

/* Test-role files get every fact; service files only their module-level classes (name,
 * bases, method names, aliases, flags, state: no functions), so that test classes can reach
 * a TestCase base kept in the package (`app/testing.py`), plus their module-level state. */
struct ssot_config;

/* `param.attr = V` in a function's own body: the function sets `attr` on what it is handed
 * (PH011: a double a test hands it has `attr` configured). */
typedef struct ssot_param_write {
    const char *function;   /* `attach`, or `Conn.attach` for a method */
    const char *param;      /* the parameter's name */
    int32_t position;       /* as a caller passes it (a method's receiver not counted); -1:
                               keyword-only */
    const char *attribute;  /* `ready` */
} ssot_param_write;

/* How the file's language words exceptions, set by its front end from the grammar: the
 * messages of findings quote these, so that a finding reads as the source is written. NULL
 * in a file that was not parsed. */
typedef struct ssot_words {
    const char *handler;  /* the keyword of a handler: `except`, `catch` */
    const char *raise;    /* the verb that raises: raise, throw */
    const char *raises;   /* its third person: raises, throws */
    const char *raised;   /* its participle: raised, thrown */
    const char *reraises; /* a handler passing it on: re-raises, rethrows */
    const char *failure;  /* what a failed assertion raises, as a message names it:
                             "`AssertionError`", "the assertion's error" */
    const char *raises_check; /* a check that expects an exception: raises-block
                                 (`with pytest.raises`), throw check (`expect(f).toThrow()`) */
    /* How findings name the module's things. NULL/false: Python's way (`pkg.mod.Name`). */
    const char *default_export; /* the name of a module's `default` binding in a message:
                                   "the default export" (JavaScript/TypeScript) */
    bool module_by_path;  /* modules are files named by path: a definition is "`Name` in
                             `src/file.ts`", not "`src/file.Name`" */
    bool set_by_call;     /* doubles are configured by calls (`fn.mockReturnValue(V)`, gmock's
                             `Return(V)`), not attributes (`m.return_value = V`): a finding says
                             "`fn` was set to return `V`" */
    const char *module_variable; /* a variable of the module, as a message names it: "global"
                                    (Python), "module-level" (JavaScript/TypeScript),
                                    "file-scope" (C/C++) */
} ssot_words;

typedef struct ssot_facts {
    const char *path;           /* as discovered, relative to the current directory */
    const struct ssot_config *config; /* borrowed: the file's configuration; NULL: defaults */
    const char *module;         /* borrowed: dotted module name from the package folders, or
                                   NULL (the index then derives one from the path) */
    const char *config_path;    /* borrowed: the path relative to the configuration's folder
                                   (scopes, real-services); `path` when there is none */
    ssot_role role;
    bool pytest_file;           /* basename matches python_files (pytest collects here) */
    bool parsed;                /* a tree was built (false for unreadable/binary files) */
    ssot_words words;           /* the language's words for exceptions (when parsed) */
    bool uncollected;           /* below a folder pytest's norecursedirs leaves out, so no
                                   test here is collected (from discovery, not cached) */
    uint32_t line_count;

    ssot_function *functions;   size_t function_count;
    ssot_class *classes;        size_t class_count;
    ssot_comment *comments;     size_t comment_count; /* the suppression comments */
    ssot_file_problem *problems; size_t problem_count;
    ssot_skip module_skip;
    bool module_test_false;     /* module-level __test__ = False */
    /* resolved (SS003): uncovered contract values reported in this file */
    ssot_contract_gap *contract_gaps; size_t contract_gap_count;

    /* module-level state of service files (SG rules) */
    ssot_binding *bindings;     size_t binding_count;
    ssot_module_fn *module_fns; size_t module_fn_count;
    ssot_global_write *global_writes; size_t global_write_count;
    ssot_import *imports;       size_t import_count;
    ssot_import_write *import_writes; size_t import_write_count; /* ascending by import */
    /* module-level functions of a service file whose own body asserts (A1-A5): a test may
       run them (docs examples, shared checks kept outside the test folders) */
    const char **checking_fns;  size_t checking_fn_count;
    /* attributes module-level functions and methods set on their parameters, every file */
    ssot_param_write *param_writes; size_t param_write_count;
    /* definitions of service files (DD rules); none for generated, vendored, migration and
       `.pyi` files */
    ssot_definition *definitions; size_t definition_count;
    bool main_guard;            /* has a top-level `if __name__ == "__main__":` (a script) */
    bool tool;                  /* a command-line or developer tool that serves no requests:
                                   it imports a CLI (argparse, click, typer ...) or test
                                   framework (pytest, unittest) and has no request handler */
    bool serves;                /* it serves requests: it has a request handler or imports a
                                   web framework (FastAPI, Flask, Django, Starlette ...) */
    bool linked;                /* a compiled file linked into a library or program (C/C++
                                   without `main`): in use, as an imported module is */
    bool no_requests;           /* resolved: no service file of the run serves requests (a
                                   library or command-line project: no request-scoped user) */
    /* Function bodies read later: a changed-files run reads the files it does not report
       without them, and resolution decodes the ones it reaches (ssot_facts_body in
       facts_io.h). NULL: every body is decoded. */
    struct ssot_pending_bodies *pending;
} ssot_facts;

/* A front end's import writes while it walks a file (grown with SSOT_VEC_PUSH). */
typedef struct ssot_import_writes {
    ssot_import_write *items;
    size_t count, cap;
} ssot_import_writes;

/* Function `writer` mutates import `import` (a request-scoped write when `request` is not
 * NULL): an import keeps its first writer, unless a later one writes a request-scoped value
 * and the first did not. Can't fail (out of memory aborts). */
void ssot_import_writes_note(ssot_import_writes *w, uint32_t import, const char *writer,
                             const char *request);
/* Move `w` into `f`'s import_writes (in `arena`, ascending by import) and empty it. */
void ssot_import_writes_store(ssot_import_writes *w, ssot_facts *f, ssot_arena *arena);

/* The function's class, or NULL for a module-level function. */
static inline const ssot_class *ssot_facts_class_of(const ssot_facts *f, const ssot_function *fn)
{
    return fn->class_index >= 0 ? &f->classes[fn->class_index] : NULL;
}

/* The test never runs: skipped by its own decorators or first statement, by a class
 * around it, or by its module (PH005 reports those; other rules leave them alone). */
static inline bool ssot_facts_never_runs(const ssot_facts *f, const ssot_function *fn)
{
    if (fn->skip.kind || f->module_skip.kind)
        return true;
    for (const ssot_class *k = ssot_facts_class_of(f, fn); k;
         k = k->outer_index >= 0 ? &f->classes[k->outer_index] : NULL)
        if (k->skip.kind)
            return true;
    return false;
}

#endif /* SSOT_ANALYZER_FACTS_H */
