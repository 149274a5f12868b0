/* Unit tests for the growable string. */
#include "testutil.h"

#include "sbuf.h"

static void test_empty_buffer_is_an_empty_string(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    assert_string_equal(b.s, "");
    char *s = sbuf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_appends_grow_without_limit(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    /* 300 two-byte characters and 200 addresses: nothing is cut */
    for (int i = 0; i < 300; i++)
        assert_int_equal(sbuf_adds(&b, "Ä"), 0);
    for (int i = 0; i < 200; i++)
        assert_int_equal(sbuf_addf(&b, ", a%d@stadt.example", i), 0);
    assert_int_equal(sbuf_addc(&b, '!'), 0);
    assert_false(sbuf_failed(&b));
    assert_int_equal(b.len, strlen(b.s));
    assert_int_equal(strncmp(b.s, "ÄÄ", 4), 0);
    assert_non_null(strstr(b.s, ", a199@stadt.example!"));
    size_t len = b.len;
    char *s = sbuf_take(&b);
    assert_int_equal(strlen(s), len);
    assert_int_equal(b.len, 0);
    free(s);
}

static void test_embedded_nul_and_truncate(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    assert_int_equal(sbuf_add(&b, "a\0b", 3), 0);
    assert_int_equal(b.len, 3);
    sbuf_truncate(&b, 1);
    assert_string_equal(b.s, "a");
    sbuf_truncate(&b, 5); /* longer than the text: nothing happens */
    assert_int_equal(b.len, 1);
    sbuf_free(&b);
    assert_string_equal(b.s, "");
}

static void test_overflowing_length_fails_and_sticks(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    assert_int_equal(sbuf_adds(&b, "Köln"), 0);
    /* a size no allocation can satisfy: the text stays, the flag sticks */
    assert_int_equal(sbuf_add(&b, "x", (size_t)-1 - 2), -1);
    assert_true(sbuf_failed(&b));
    assert_string_equal(b.s, "Köln");
    assert_int_equal(sbuf_adds(&b, "more"), -1);
    assert_string_equal(b.s, "Köln");
    assert_null(sbuf_take(&b));
    assert_false(sbuf_failed(&b));
}

static void test_utf8_prefix_never_splits_a_character(void **state)
{
    (void)state;
    const char *s = "xÄÄ"; /* x C3 84 C3 84 */
    assert_int_equal(sbuf_utf8_prefix(s, 5, 10), 5);
    assert_int_equal(sbuf_utf8_prefix(s, 5, 5), 5);
    assert_int_equal(sbuf_utf8_prefix(s, 5, 4), 3);
    assert_int_equal(sbuf_utf8_prefix(s, 5, 2), 1);
    assert_int_equal(sbuf_utf8_prefix(s, 5, 1), 1);
    assert_int_equal(sbuf_utf8_prefix(s, 5, 0), 0);
    const char *e = "\xF0\x9F\x98\x80"; /* one four-byte character */
    assert_int_equal(sbuf_utf8_prefix(e, 4, 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_buffer_is_an_empty_string),
        cmocka_unit_test(test_appends_grow_without_limit),
        cmocka_unit_test(test_embedded_nul_and_truncate),
        cmocka_unit_test(test_overflowing_length_fails_and_sticks),
        cmocka_unit_test(test_utf8_prefix_never_splits_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
