/* Unit tests for the mail drafts' encodings: each output is decoded here
 * again by a decoder of the test's own and checked against the limits of
 * RFC 5322 (lines of at most 78 characters), RFC 2047 (encoded words of at
 * most 75 characters, whole characters each) and RFC 2045 (quoted-printable
 * and base64 lines of at most 76). */
#include "testutil.h"

#include "mime.h"

#include <stdint.h>

/* What fn wrote to a memory stream, NUL-terminated; free it. */
#define CAPTURE(out, call)                                                                         \
    do {                                                                                           \
        size_t len_;                                                                               \
        FILE *fp = open_memstream(&(out), &len_);                                                  \
        assert_non_null(fp);                                                                       \
        call;                                                                                      \
        assert_int_equal(fclose(fp), 0);                                                           \
    } while (0)

static int b64_value(char c)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(a, c) : NULL;
    return p ? (int)(p - a) : -1;
}

/* Decodes base64 text (n a multiple of 4) onto the end of out. */
static size_t b64_decode(const char *s, size_t n, unsigned char *out)
{
    size_t o = 0;
    assert_int_equal(n % 4, 0);
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++)
            v[k] = s[i + k] == '=' ? 0 : b64_value(s[i + k]);
        for (int k = 0; k < 4; k++)
            assert_true(v[k] >= 0);
        uint32_t w =
            (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        out[o++] = (unsigned char)(w >> 16);
        if (s[i + 2] != '=')
            out[o++] = (unsigned char)(w >> 8);
        if (s[i + 3] != '=')
            out[o++] = (unsigned char)w;
    }
    return o;
}

/* Every line of text ends with CRLF and is at most max characters long. */
static void assert_lines(const char *text, size_t max)
{
    const char *p = text;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        assert_true((size_t)(eol - p) <= max);
        assert_null(memchr(p, '\n', (size_t)(eol - p)));
        p = eol + 2;
    }
}

/* Whether s[0..n) is whole UTF-8 characters. */
static int whole_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len = s[i] < 0x80 ? 1 : s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC0 ? 2 : 0;
        if (!len || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* A header's value unfolded and its encoded words decoded as a reader
 * does (RFC 2047 6.2: white space between adjacent encoded words is
 * dropped). Each encoded word must be at most 75 characters and hold
 * whole characters. The caller frees the result. */
static char *header_value(const char *header, const char *name)
{
    size_t nl = strlen(name);
    assert_memory_equal(header, name, nl);
    assert_int_equal(header[nl], ':');
    char *out = calloc(1, strlen(header) + 1);
    assert_non_null(out);
    size_t o = 0;
    int last_encoded = 0;
    const char *p = header + nl + 1;
    for (;;) {
        if (p[0] == '\r' && p[1] == '\n') {
            p += 2;
            if (*p != ' ' && *p != '\t')
                break; /* the end of the header */
            continue;
        }
        size_t spaces = strspn(p, " \t");
        const char *w = p + spaces;
        size_t wl = strcspn(w, " \t\r");
        int encoded =
            wl > 12 && strncmp(w, "=?UTF-8?B?", 10) == 0 && strncmp(w + wl - 2, "?=", 2) == 0;
        if (spaces && !(encoded && last_encoded) && o)
            out[o++] = ' ';
        if (encoded) {
            assert_true(wl <= 75);
            unsigned char buf[80];
            size_t n = b64_decode(w + 10, wl - 12, buf);
            assert_true(whole_utf8(buf, n));
            memcpy(out + o, buf, n);
            o += n;
        } else {
            memcpy(out + o, w, wl);
            o += wl;
        }
        last_encoded = encoded;
        p = w + wl;
    }
    assert_int_equal(*p, '\0');
    out[o] = '\0';
    return out;
}

static void test_plain_subject_stays_as_it_is(void **state)
{
    (void)state;
    char *h;
    CAPTURE(h, mime_header_text(fp, "Subject", "Datenanhang 2024"));
    assert_string_equal(h, "Subject: Datenanhang 2024\r\n");
    free(h);
    assert_false(mime_needs_encoding("Datenanhang 2024"));
    assert_true(mime_needs_encoding("Düsseldorf"));
    assert_true(mime_needs_encoding("a=?b"));
    assert_true(mime_needs_encoding("Zeile\r\nBcc: x@y.example"));
}

static void test_long_subject_of_umlauts_is_encoded_in_whole_characters(void **state)
{
    (void)state;
    /* 300 two-byte and 100 three-byte characters after some ASCII */
    char subject[1200] = "Kennzahlen für ";
    for (int i = 0; i < 300; i++)
        strcat(subject, "Ä");
    for (int i = 0; i < 100; i++)
        strcat(subject, "€");
    char *h;
    CAPTURE(h, mime_header_text(fp, "Subject", subject));
    assert_lines(h, 78);
    assert_null(strstr(h, "Ä")); /* nothing raw */
    char *v = header_value(h, "Subject");
    assert_string_equal(v, subject);
    free(v);
    free(h);
}

static void test_header_injection_is_encoded(void **state)
{
    (void)state;
    const char *evil = "Hallo\r\nBcc: alle@stadt.example";
    char *h;
    CAPTURE(h, mime_header_text(fp, "Subject", evil));
    assert_null(strstr(h, "Bcc:"));
    assert_lines(h, 78);
    char *v = header_value(h, "Subject");
    assert_string_equal(v, evil);
    free(v);
    free(h);
}

static void test_display_name_keeps_plain_words_and_spaces(void **state)
{
    (void)state;
    char *h;
    CAPTURE(h, mime_header_address(fp, "From", "Stadt Köln Sozialamt", "amt@koeln.example"));
    assert_lines(h, 78);
    assert_non_null(strstr(h, " Stadt "));     /* a plain word as it is */
    assert_non_null(strstr(h, " Sozialamt ")); /* also after an encoded one */
    assert_non_null(strstr(h, "<amt@koeln.example>\r\n"));
    char *v = header_value(h, "From");
    assert_string_equal(v, "Stadt Köln Sozialamt <amt@koeln.example>");
    free(v);
    free(h);

    /* specials (RFC 5322) are never bare in a phrase */
    CAPTURE(h, mime_header_address(fp, "Reply-To", "Amt, \"Soziales\" <x>", "a@b.example"));
    assert_null(strstr(h, "\"Soziales\""));
    v = header_value(h, "Reply-To");
    assert_string_equal(v, "Amt, \"Soziales\" <x> <a@b.example>");
    free(v);
    free(h);

    CAPTURE(h, mime_header_address(fp, "From", "", "a@b.example"));
    assert_string_equal(h, "From: a@b.example\r\n");
    free(h);
}

static void test_address_list_folds_between_addresses(void **state)
{
    (void)state;
    char list[200 * 40] = "";
    for (int i = 0; i < 200; i++)
        sprintf(list + strlen(list), "%sleitung.sozialamt%d@stadt.example", i ? ", " : "", i);
    char *h;
    CAPTURE(h, mime_header_list(fp, "To", list));
    assert_lines(h, 78);
    char *v = header_value(h, "To");
    assert_string_equal(v, list); /* every address, none cut */
    free(v);
    free(h);
}

/* Decodes a quoted-printable body: soft breaks removed, =XX decoded, CRLF
 * as '\n'. Every line is at most 76 characters; no line ends in a space. */
static char *qp_decode(const char *body)
{
    assert_lines(body, 76);
    char *out = calloc(1, strlen(body) + 1);
    assert_non_null(out);
    size_t o = 0;
    for (const char *p = body; *p;) {
        if (p[0] == '\r' && p[1] == '\n') {
            assert_true(p == body || (p[-1] != ' ' && p[-1] != '\t'));
            out[o++] = '\n';
            p += 2;
        } else if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
            p += 3;
        } else if (p[0] == '=') {
            assert_non_null(strchr("0123456789ABCDEF", p[1]));
            assert_non_null(strchr("0123456789ABCDEF", p[2]));
            char hex[3] = {p[1], p[2], 0};
            out[o++] = (char)strtol(hex, NULL, 16);
            p += 3;
        } else {
            assert_true((unsigned char)*p >= 32 && (unsigned char)*p < 127);
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return out;
}

static void test_quoted_printable_round_trip(void **state)
{
    (void)state;
    char text[4000] = "Guten Tag,\n\nanbei der Datenanhang für 2024 = 100 % der Zahlen.  \n";
    for (int i = 0; i < 40; i++)
        strcat(text, "Lange Zeile mit Umlauten äöüß und Zeichen =?= ohne Umbruch ");
    strcat(text, "\nEnde mit Leerzeichen \n\tTab");
    char *body;
    CAPTURE(body, mime_quoted_printable(fp, text));
    assert_non_null(strstr(body, "=3D")); /* '=' is never bare */
    char *back = qp_decode(body);
    size_t n = strlen(text);
    assert_int_equal(strlen(back), n + 1); /* the body ends with a line break */
    assert_memory_equal(back, text, n);
    assert_int_equal(back[n], '\n');
    free(back);
    free(body);
}

static void test_base64_round_trip_for_every_length(void **state)
{
    (void)state;
    unsigned char data[400], back[400];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 37 + 11);
    for (size_t len = 0; len <= sizeof data; len += len < 10 ? 1 : 29) {
        char *body;
        CAPTURE(body, mime_base64(fp, data, len));
        assert_lines(body, 76);
        size_t o = 0;
        for (const char *p = body; *p;) {
            size_t n = strcspn(p, "\r");
            if (p[n])
                assert_true(n == 76 || p[n + 2] == '\0'); /* only the last line is short */
            o += b64_decode(p, n, back + o);
            p += n + 2;
        }
        assert_int_equal(o, len);
        assert_memory_equal(back, data, len);
        free(body);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_subject_stays_as_it_is),
        cmocka_unit_test(test_long_subject_of_umlauts_is_encoded_in_whole_characters),
        cmocka_unit_test(test_header_injection_is_encoded),
        cmocka_unit_test(test_display_name_keeps_plain_words_and_spaces),
        cmocka_unit_test(test_address_list_folds_between_addresses),
        cmocka_unit_test(test_quoted_printable_round_trip),
        cmocka_unit_test(test_base64_round_trip_for_every_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
