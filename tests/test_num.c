/* Unit tests for the strict number parser. */
#include "testutil.h"

#include "num.h"

static void ok(const char *s, char dec, double want)
{
    double v = -12345;
    num_result st = num_parse(s, strlen(s), dec, &v);
    if (st != NUM_OK)
        fail_msg("\"%s\" rejected: %s", s, num_result_text(st));
    if (v != want)
        fail_msg("\"%s\" gave %.17g, want %.17g", s, v, want);
}

static void bad(const char *s, char dec, num_result want)
{
    double v;
    num_result st = num_parse(s, strlen(s), dec, &v);
    if (st != want)
        fail_msg("\"%s\": status %d, want %d", s, st, want);
}

static void test_german_numbers(void **state)
{
    (void)state;
    ok("0", ',', 0);
    ok("1234", ',', 1234);
    ok("1234,5", ',', 1234.5);
    ok("-0,25", ',', -0.25);
    ok("0,1", ',', 0.1);
    ok("007", ',', 7);
    ok("16500", ',', 16500);
    ok("123456789012345", ',', 123456789012345.0);
}

static void test_correct_rounding_beyond_fast_path(void **state)
{
    (void)state;
    /* more than 15 significant digits: must equal the correctly rounded value */
    ok("1234567890123456789,123", ',', 1234567890123456789.123);
    ok("0,30000000000000004", ',', 0.30000000000000004);
    ok("9007199254740993", ',', 9007199254740993.0);
    ok("0,0000000000000000000000001", ',', 1e-25);
}

static void test_rejected_forms(void **state)
{
    (void)state;
    const char *invalid[] = {"1.234", "12.5", "1e5", "1,2e3", "NaN", "nan",  "inf",
                             "-inf",  "+5",   " 1",  "1 ",    "1,",  ",5",   "1,2,3",
                             "0x1A",  "-",    "1_0", "1'000", "½",   "1,5-", "--1"};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
        bad(invalid[i], ',', NUM_INVALID);
    bad("", ',', NUM_EMPTY);
    char longnum[64];
    memset(longnum, '9', 41);
    longnum[41] = '\0';
    bad(longnum, ',', NUM_TOO_LONG);
}

static void test_decimal_point_switch(void **state)
{
    (void)state;
    ok("1234.5", '.', 1234.5);
    bad("1234,5", '.', NUM_INVALID);
    bad("1,234.5", '.', NUM_INVALID);
}

/* The longest accepted number is far inside a double's range, so none
 * can overflow; one character more is refused as too long. */
static void test_range(void **state)
{
    (void)state;
    char huge[42];
    memset(huge, '9', 41);
    huge[40] = '\0';
    ok(huge, ',', 9999999999999999999999999999999999999999.0);
    huge[0] = '-';
    ok(huge, ',', -999999999999999999999999999999999999999.0);
    huge[0] = '9';
    huge[40] = '9';
    huge[41] = '\0';
    bad(huge, ',', NUM_TOO_LONG);
    memcpy(huge, "0,", 2); /* the smallest positive: 1e-38, still normal */
    memset(huge + 2, '0', 37);
    huge[39] = '1';
    huge[40] = '\0';
    ok(huge, ',', 1e-38);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german_numbers),
        cmocka_unit_test(test_correct_rounding_beyond_fast_path),
        cmocka_unit_test(test_rejected_forms),
        cmocka_unit_test(test_decimal_point_switch),
        cmocka_unit_test(test_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
