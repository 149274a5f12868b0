/* Unit tests for the formula compiler and evaluator. */
#include "testutil.h"

#include "expr.h"

/* Variables: A=0, B=1, C=2, LONG_NAME_2=3. */
static int lookup(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    static const char *const names[] = {"A", "B", "C", "LONG_NAME_2"};
    for (int i = 0; i < 4; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return i;
    return -1;
}

static const double vars[] = {2, 3, 4, 10};

static double eval(const char *src)
{
    kv_error err = {0};
    expr *e = expr_compile(src, lookup, NULL, &err);
    if (!e)
        fail_msg("\"%s\" rejected: %s", src, kv_error_text(&err));
    double v;
    assert_int_equal(expr_eval(e, vars, &v), EXPR_OK);
    expr_free(e);
    return v;
}

static void rejects(const char *src, const char *fragment)
{
    kv_error err = {0};
    expr *e = expr_compile(src, lookup, NULL, &err);
    if (e)
        fail_msg("\"%s\" accepted", src);
    if (!strstr(kv_error_text(&err), fragment))
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", src, kv_error_text(&err), fragment);
    assert_int_equal(err.status, KV_ERR_DATA);
    kv_error_free(&err);
}

static void test_arithmetic_and_precedence(void **state)
{
    (void)state;
    assert_true(eval("A") == 2);
    assert_true(eval("A + B * C") == 14);
    assert_true(eval("(A + B) * C") == 20);
    assert_true(eval("LONG_NAME_2 - A - B") == 5); /* left associative */
    assert_true(eval("LONG_NAME_2 / A / 5") == 1); /* left associative */
    assert_true(eval("-A + B") == 1);
    assert_true(eval("A * -B") == -6);
    assert_true(eval("- (A - C)") == 2);
    assert_true(eval("+A") == 2);
    assert_true(eval("B * 12") == 36);
    assert_true(eval("A * 0.5") == 1);
    assert_true(eval("  A\t*  2  ") == 4);
    assert_true(eval("((((A))))") == 2);
}

static void test_variables_are_listed_once(void **state)
{
    (void)state;
    kv_error err = {0};
    expr *e = expr_compile("A + B * A / (C - B)", lookup, NULL, &err);
    assert_non_null(e);
    const int *v;
    size_t n = expr_vars(e, &v);
    assert_int_equal(n, 3);
    assert_int_equal(v[0], 0);
    assert_int_equal(v[1], 1);
    assert_int_equal(v[2], 2);
    expr_free(e);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    rejects("", "leere Formel");
    rejects("   ", "leere Formel");
    rejects("A +", "Formelende");
    rejects("(A + B", "schließende Klammer");
    rejects("A + B)", "öffnende Klammer");
    rejects("A B", "Operator erwartet");
    rejects("A * 1,5", "Dezimalpunkt");
    rejects("A # B", "Zeichen „#“");
    rejects("UNKNOWN + A", "„UNKNOWN“");
    rejects("a", "„a“"); /* codes are case-sensitive */
    rejects("1.2.3", "ungültige Zahl");
    rejects("12A", "ungültige Zahl");
    rejects("A * * B", "Zeichen „*“");
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char deep[EXPR_MAX_DEPTH * 2 + 8];
    size_t n = 0;
    for (int i = 0; i <= EXPR_MAX_DEPTH; i++)
        deep[n++] = '(';
    deep[n++] = 'A';
    for (int i = 0; i <= EXPR_MAX_DEPTH; i++)
        deep[n++] = ')';
    deep[n] = '\0';
    rejects(deep, "verschachtelt");
    char minus[EXPR_MAX_DEPTH + 8];
    memset(minus, '-', EXPR_MAX_DEPTH + 2);
    strcpy(minus + EXPR_MAX_DEPTH + 2, "A");
    rejects(minus, "verschachtelt");
}

static void test_division_by_zero_is_reported(void **state)
{
    (void)state;
    kv_error err = {0};
    const double zeros[] = {0, 0, 0, 0};
    expr *e = expr_compile("A / (B - C)", lookup, NULL, &err);
    double v;
    assert_int_equal(expr_eval(e, zeros, &v), EXPR_DIV_ZERO);
    expr_free(e);
    e = expr_compile("A * A * A", lookup, NULL, &err);
    assert_non_null(e);
    const double big[] = {1e300, 0, 0, 0};
    assert_int_equal(expr_eval(e, big, &v), EXPR_NOT_FINITE);
    expr_free(e);
}

static void test_long_chain_needs_no_recursion(void **state)
{
    (void)state;
    /* 1000 terms: the evaluator's stack must not depend on the chain length */
    size_t n = 1000 * 4 + 1;
    char *src = malloc(n);
    assert_non_null(src);
    src[0] = '\0';
    for (int i = 0; i < 1000; i++)
        strcat(src, i ? " + A" : "A");
    kv_error err = {0};
    expr *e = expr_compile(src, lookup, NULL, &err);
    assert_non_null(e);
    double v;
    assert_int_equal(expr_eval(e, vars, &v), EXPR_OK);
    assert_true(v == 2000);
    expr_free(e);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic_and_precedence),
        cmocka_unit_test(test_variables_are_listed_once),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_division_by_zero_is_reported),
        cmocka_unit_test(test_long_chain_needs_no_recursion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
