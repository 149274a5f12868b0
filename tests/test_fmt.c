/* Unit tests for exact and German number formatting. */
#include "testutil.h"

#include "fmt.h"
#include "num.h"

#include <math.h>

static void exact(double v, const char *want)
{
    char buf[FMT_EXACT_SIZE];
    fmt_exact(v, ',', buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void de(double v, int decimals, const char *want)
{
    char buf[64];
    fmt_de(v, decimals, 0, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_exact_is_shortest_and_positional(void **state)
{
    (void)state;
    exact(0, "0");
    exact(-0.0, "0");
    exact(0.1, "0,1");
    exact(1234.5, "1234,5");
    exact(-2.5, "-2,5");
    exact(1e-7, "0,0000001");
    exact(1e20, "100000000000000000000");
    exact(1.0 / 3, "0,3333333333333333");
    exact(0.1 + 0.2, "0,30000000000000004");
    exact(123456789012345680.0, "123456789012345680");
}

/* Every formatted value reads back exactly through the strict parser. */
static void test_exact_round_trips(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        double mant = (double)(seed >> 8) / (double)(1u << 24);
        int e = (int)(seed % 40) - 20;
        double v = (i % 2 ? -1 : 1) * mant * pow(10, e);
        char buf[FMT_EXACT_SIZE];
        fmt_exact(v, ',', buf, sizeof buf);
        double back;
        size_t n = strlen(buf);
        if (n <= NUM_MAX_LEN) {
            assert_int_equal(num_parse(buf, n, ',', &back), NUM_OK);
            assert_true(back == v);
        }
        assert_null(strchr(buf, 'e'));
    }
}

static void test_german_display(void **state)
{
    (void)state;
    de(1234.5, 1, "1.234,5");
    de(16500, 0, "16.500");
    de(1234567.891, 2, "1.234.567,89");
    de(999.95, 1, "1.000,0");
    de(-0.04, 1, "0,0");
    de(-1234, 0, "-1.234");
    de(1.8, 1, "1,8");
    de(0, 2, "0,00");
    char buf[64];
    fmt_de(-3.25, 2, 1, buf, sizeof buf);
    assert_string_equal(buf, "\xE2\x88\x92"
                             "3,25");
}

static void test_shows_as_zero(void **state)
{
    (void)state;
    assert_true(fmt_de_zero(0, 1));
    assert_true(fmt_de_zero(0.04, 1));
    assert_true(fmt_de_zero(-0.049, 1));
    assert_true(fmt_de_zero(-0.0, 0));
    assert_false(fmt_de_zero(0.05, 1)); /* "0,1" */
    assert_false(fmt_de_zero(-0.06, 1));
    assert_true(fmt_de_zero(0.4, 0));
    assert_false(fmt_de_zero(0.6, 0));
    assert_false(fmt_de_zero(1000, 1));
    assert_true(fmt_de_zero(0.004, 2));
    assert_false(fmt_de_zero(0.006, 2));
}

static void test_german_dates(void **state)
{
    (void)state;
    char buf[64];
    fmt_date_de(1764000000, 1, buf, sizeof buf); /* 2025-11-24 16:00:00 UTC */
    assert_string_equal(buf, "24. November 2025");
    fmt_datetime_de(1764000000, 1, buf, sizeof buf);
    assert_string_equal(buf, "24.11.2025, 16:00 Uhr");
    fmt_date_de(1709251199, 1, buf, sizeof buf); /* 2024-02-29 23:59:59 UTC */
    assert_string_equal(buf, "29. Februar 2024");
    fmt_datetime_de(1709251199, 1, buf, sizeof buf);
    assert_string_equal(buf, "29.02.2024, 23:59 Uhr");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_is_shortest_and_positional),
        cmocka_unit_test(test_exact_round_trips),
        cmocka_unit_test(test_german_display),
        cmocka_unit_test(test_shows_as_zero),
        cmocka_unit_test(test_german_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
