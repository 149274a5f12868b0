/* Unit tests for the UTF-8 helpers. */
#include "testutil.h"

#include "text.h"

/* One unit per code point, so widths are easy to reason about. */
static double count_width(void *ctx, const char *s)
{
    (void)ctx;
    return (double)text_utf8_len(s);
}

static void test_fit_keeps_short_text(void **state)
{
    (void)state;
    char out[64];
    text_fit("Köln\nMitte", 20, count_width, NULL, out, sizeof out);
    assert_string_equal(out, "Köln Mitte");
}

static void test_fit_shortens_at_characters_with_ellipsis(void **state)
{
    (void)state;
    char out[64];
    text_fit("Mülheim an der Ruhr", 8, count_width, NULL, out, sizeof out);
    assert_string_equal(out, "Mülheim\xE2\x80\xA6");
    assert_true(text_utf8_invalid(out, strlen(out)) == strlen(out));
}

/* A cut inside a word moves back to the space before it, unless that
 * would drop more than a third of what fits. */
static void test_fit_cuts_between_words(void **state)
{
    (void)state;
    char out[64];
    text_fit("Kosten je Leistungsberechtigten und Monat", 38, count_width, NULL, out, sizeof out);
    assert_string_equal(out, "Kosten je Leistungsberechtigten und \xE2\x80\xA6");
    text_fit("Kosten je Leistungsberechtigten", 20, count_width, NULL, out, sizeof out);
    assert_string_equal(out, "Kosten je Leistungs\xE2\x80\xA6");
    text_fit("Leistungsberechtigtenzahl ab", 10, count_width, NULL, out, sizeof out);
    assert_string_equal(out, "Leistungs\xE2\x80\xA6");
}

/* Texts that would read alike when cut at the end are cut in the middle,
 * before the words where they differ; the others as text_fit cuts them. */
static void test_fit_apart_keeps_names_apart(void **state)
{
    (void)state;
    const char *in[] = {"Ring der großen Städte Nord", "Ring der großen Städte Süd",
                        "Anderer Ring mit langem Namen", "Kurz", "Ring der großen Städte Nord"};
    char **out = text_fit_apart(in, 5, 20, count_width, NULL);
    assert_non_null(out);
    assert_string_equal(out[0], "Ring der \xE2\x80\xA6 Nord");
    assert_string_equal(out[1], "Ring der \xE2\x80\xA6 Süd");
    char one[64];
    text_fit(in[2], 20, count_width, NULL, one, sizeof one);
    assert_string_equal(out[2], one);
    assert_string_equal(out[3], "Kurz");
    assert_string_equal(out[4], out[0]); /* the same name: the same cut */
    for (size_t i = 0; i < 5; i++)
        assert_true(count_width(NULL, out[i]) <= 20);
    text_fit_free(out, 5);
}

/* No room for the differing word whole: the ellipsis and as much of it
 * as fits, still apart. */
static void test_fit_apart_keeps_the_ends_when_narrow(void **state)
{
    (void)state;
    const char *in[] = {"Ring A Teilgruppe Nordwest", "Ring A Teilgruppe Nordost"};
    char **out = text_fit_apart(in, 2, 8, count_width, NULL);
    assert_non_null(out);
    assert_string_not_equal(out[0], out[1]);
    for (size_t i = 0; i < 2; i++) {
        assert_true(count_width(NULL, out[i]) <= 8);
        assert_true(strncmp(out[i], "\xE2\x80\xA6", 3) == 0);
    }
    assert_non_null(strstr(out[0], "Nordw"));
    assert_non_null(strstr(out[1], "Nordo"));
    text_fit_free(out, 2);
    /* a long differing part: the beginning, the differing word, its rest cut */
    const char *mid[] = {"Auszahlungen je Leistungsberechtigten a.v.E. in der Hilfe zur Pflege",
                         "Auszahlungen je Leistungsberechtigten i.E. in der Hilfe zur Pflege"};
    out = text_fit_apart(mid, 2, 30, count_width, NULL);
    assert_non_null(out);
    assert_string_equal(out[0], "\xE2\x80\xA6 a.v.E. in der Hilfe zur \xE2\x80\xA6");
    assert_string_equal(out[1], "\xE2\x80\xA6 i.E. in der Hilfe zur Pflege");
    text_fit_free(out, 2);
    out = text_fit_apart(in, 0, 8, count_width, NULL);
    assert_non_null(out);
    text_fit_free(out, 0);
}

/* Over many widths: never wider than the room, and two texts whose plain
 * cuts differ never read alike after the middle cuts (names that differ
 * in two places, one group's middle cut meeting another's). */
static void test_fit_apart_never_makes_texts_alike(void **state)
{
    (void)state;
    const char *in[] = {
        "Nettoauszahlungen je Leistungsberechtigten a.v.E. (Hilfe zur Pflege (7. Kap. SGB XII))",
        "Nettoauszahlungen je Leistungsberechtigten i.E. (Hilfe zur Pflege (7. Kap. SGB XII))",
        "Nettoauszahlungen je Leistungsberechtigten a.v.E. (Hilfe zur Gesundheit, Teil A)",
        "Nettoauszahlungen je Leistungsberechtigten i.E. (Hilfe zur Gesundheit, Teil A)",
        "Vergleichsring Nord mit Umlandgemeinden und Kreisen, Teil A",
        "Vergleichsring Nord mit Umlandgemeinden und Kreisen, Teil B",
        "Vergleichsring Süd mit Umlandgemeinden und Kreisen, Teil A"};
    const size_t n = sizeof in / sizeof *in;
    for (int max = 6; max <= 90; max++) {
        char **out = text_fit_apart(in, n, max, count_width, NULL);
        assert_non_null(out);
        for (size_t i = 0; i < n; i++) {
            assert_true(count_width(NULL, out[i]) <= max);
            char a[128], b[128];
            text_fit(in[i], max, count_width, NULL, a, sizeof a);
            for (size_t j = 0; j < i; j++) {
                text_fit(in[j], max, count_width, NULL, b, sizeof b);
                if (strcmp(a, b) != 0 && strcmp(out[i], out[j]) == 0)
                    fail_msg("max %d: \"%s\" and \"%s\" read alike", max, in[i], in[j]);
            }
        }
        text_fit_free(out, n);
    }
}

static void test_fit_never_writes_past_a_small_buffer(void **state)
{
    (void)state;
    char buf[16 + 8];
    memset(buf, 'Z', sizeof buf);
    /* a long text into 16 bytes: the ellipsis must still fit inside */
    text_fit("ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ", 5, count_width, NULL, buf, 16);
    assert_true(strlen(buf) < 16);
    for (size_t i = 16; i < sizeof buf; i++)
        assert_int_equal(buf[i], 'Z');
    assert_true(text_utf8_invalid(buf, strlen(buf)) == strlen(buf));
    assert_true(count_width(NULL, buf) <= 5);
}

static void test_append_cuts_at_characters(void **state)
{
    (void)state;
    char out[8];
    size_t len = 0;
    out[0] = '\0';
    text_append(out, sizeof out, &len, "ab", 2);
    text_append(out, sizeof out, &len, "c\xC3\xA4", 3); /* "cä" fits: 5 bytes */
    assert_string_equal(out, "abc\xC3\xA4");
    text_append(out, sizeof out, &len, "\xC3\xB6\xC3\xBC", 4); /* room for "ö" only */
    assert_string_equal(out, "abc\xC3\xA4\xC3\xB6");
    assert_int_equal(len, 7);
    text_append(out, sizeof out, &len, "x", 1); /* full: unchanged */
    assert_string_equal(out, "abc\xC3\xA4\xC3\xB6");
}

static void test_utf8_validation(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_invalid("a\xC3\xA4", 3), 3);
    assert_int_equal(text_utf8_invalid("a\xC3", 2), 1);        /* truncated */
    assert_int_equal(text_utf8_invalid("\xC0\xAF", 2), 0);     /* overlong */
    assert_int_equal(text_utf8_invalid("\xED\xA0\x80", 3), 0); /* surrogate */
    assert_int_equal(text_utf8_invalid("ab\0c", 4), 2);        /* NUL */
    char ex[32];
    text_excerpt("eins\tzwei drei", 9, ex, sizeof ex);
    assert_string_equal(ex, "eins zwei\xE2\x80\xA6");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_keeps_short_text),
        cmocka_unit_test(test_fit_shortens_at_characters_with_ellipsis),
        cmocka_unit_test(test_fit_cuts_between_words),
        cmocka_unit_test(test_fit_apart_keeps_names_apart),
        cmocka_unit_test(test_fit_apart_keeps_the_ends_when_narrow),
        cmocka_unit_test(test_fit_apart_never_makes_texts_alike),
        cmocka_unit_test(test_fit_never_writes_past_a_small_buffer),
        cmocka_unit_test(test_append_cuts_at_characters),
        cmocka_unit_test(test_utf8_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
