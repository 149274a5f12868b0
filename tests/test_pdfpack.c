/* Unit tests for pdfpack: the syntax helpers (references, numbers, text
 * strings in PDFDocEncoding or UTF-16BE), and a whole file end read back
 * independently: the cross-reference stream inflated with zlib, its PNG
 * predictor undone, every row checked against where the objects really
 * are, and the object stream's header and bodies. */
#include "testutil.h"

#include "pdfpack.h"

#include <errno.h>
#include <zlib.h>

static char *body(pdfpack *p, void (*fill)(sbuf *))
{
    sbuf *b = pack_begin(p);
    size_t at = b->len;
    fill(b);
    return b->s + at;
}

static void fill_text(sbuf *b)
{
    pack_text(b, "a(b)\\c");
}

static void test_ascii_text_is_escaped_pdfdocencoding(void **state)
{
    (void)state;
    pdfpack *p = pack_new(10, 1, stdout, 0);
    assert_string_equal(body(p, fill_text), "(a\\(b\\)\\\\c)");
    pack_free(p);
}

/* pack_text of in, into the emptied b, is the literal want. */
static void assert_text(sbuf *b, const char *in, const char *want, size_t n)
{
    sbuf_truncate(b, 0);
    pack_text(b, in);
    assert_int_equal(b->len, n);
    assert_memory_equal(b->s, want, n);
}
#define ASSERT_TEXT(b, in, want) assert_text((b), (in), (want), sizeof(want) - 1)

static void test_other_text_is_utf16_with_bom(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    /* Ä, €, a line feed, a carriage return, an emoji, a stray byte */
    ASSERT_TEXT(&b, "\xC3\x84\xE2\x82\xAC\n\r\xF0\x9F\x98\x80\xFF",
                "(\xFE\xFF"
                "\x00\xC4"
                "\x20\xAC"
                "\x00\\n"
                "\x00\\r"
                "\xD8\x3D\xDE\x00"
                "\xFF\xFD)");
    /* a "(" as the low byte of a character is escaped too: U+0128 */
    ASSERT_TEXT(&b, "\xC4\xA8", "(\xFE\xFF\x01\\()");
    /* U+0129 ")", a broken sequence, "(" */
    ASSERT_TEXT(&b, "\xC4\xA9\xC4\x28", "(\xFE\xFF\x01\\)\xFF\xFD\x00\\()");
    sbuf_free(&b);
}

/* German text, dashes, quotes, the minus, the euro sign and the letters of
 * Latin Extended-A that PDFDocEncoding has: one byte each (ISO 32000-1,
 * table D.2), where it differs from Latin-1 too; a line feed and a tab
 * are its own. */
static void test_text_in_pdfdocencoding_is_one_byte_each(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    /* "Mülheim – „Süd“ −5 € Łódz…\n\t" */
    ASSERT_TEXT(&b,
                "M\xC3\xBClheim \xE2\x80\x93 \xE2\x80\x9ES\xC3\xBC"
                "d\xE2\x80\x9C \xE2\x88\x92"
                "5 \xE2\x82\xAC \xC5\x81\xC3\xB3"
                "dz\xE2\x80\xA6\n\t",
                "(M\xFClheim \x85 \x8CS\xFC"
                "d\x8D \x8A"
                "5 \xA0 \x95\xF3"
                "dz\x83\\n\t)");
    /* the last of table D.2's bytes, and the first and last of Latin-1 it keeps */
    ASSERT_TEXT(&b, "\xC5\xBE\xC2\xA1\xC3\xBF", "(\x9E\xA1\xFF)");
    sbuf_free(&b);
}

/* What PDFDocEncoding lacks makes the whole text UTF-16, the text kept
 * exactly: the no-break space (0xA0 is the euro sign there), the soft
 * hyphen and U+007F / U+009F (undefined), other control characters, a
 * spacing accent (0x1B would start a language escape in pdf.js), a
 * character beyond it; and a text whose bytes would start like a byte
 * order mark. Also when the character comes after a chunk's worth. */
static void test_text_beyond_pdfdocencoding_is_utf16(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    ASSERT_TEXT(&b, "1\xC2\xA0%",
                "(\xFE\xFF\x00"
                "1\x00\xA0\x00%)");
    ASSERT_TEXT(&b, "a\xC2\xAD",
                "(\xFE\xFF\x00"
                "a\x00\xAD)");
    ASSERT_TEXT(&b, "\x7F", "(\xFE\xFF\x00\x7F)");
    ASSERT_TEXT(&b, "\xC2\x9F", "(\xFE\xFF\x00\x9F)");
    ASSERT_TEXT(&b, "\x01", "(\xFE\xFF\x00\x01)");
    ASSERT_TEXT(&b, "\xCB\x99", "(\xFE\xFF\x02\xD9)");
    ASSERT_TEXT(&b, "\xC5\xBA", "(\xFE\xFF\x01\x7A)");
    ASSERT_TEXT(&b, "\xC3\xBE\xC3\xBF", "(\xFE\xFF\x00\xFE\x00\xFF)");
    ASSERT_TEXT(&b, "\xC3\xBF\xC3\xBE", "(\xFE\xFF\x00\xFF\x00\xFE)");
    ASSERT_TEXT(&b, "\xC3\xAF\xC2\xBB\xC2\xBF", "(\xFE\xFF\x00\xEF\x00\xBB\x00\xBF)");
    /* 2,000 umlauts (two chunks of PDFDocEncoding written) and then a
     * no-break space: none of the first attempt is left, nor what came
     * before the text */
    sbuf in;
    sbuf_init(&in);
    for (int i = 0; i < 2000; i++)
        sbuf_adds(&in, "\xC3\xA4");
    sbuf_adds(&in, "\xC2\xA0");
    sbuf_truncate(&b, 0);
    sbuf_adds(&b, "/Alt");
    pack_text(&b, in.s);
    assert_int_equal(b.len, 4 + 1 + 2 + 2001 * 2 + 1);
    assert_memory_equal(b.s, "/Alt(\xFE\xFF\x00\xE4", 9);
    assert_memory_equal(b.s + b.len - 5, "\x00\xE4\x00\xA0)", 5);
    sbuf_free(&in);
    sbuf_free(&b);
}

static void test_numbers_and_references_are_separated(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    sbuf_adds(&b, "[");
    pack_ref(&b, 12);
    pack_ref(&b, 3);
    pack_uint(&b, 0);
    pack_uint(&b, 4294967295u);
    pack_real(&b, 595.276);
    pack_real(&b, 2.0);
    pack_real(&b, -0.0001);
    pack_real(&b, -1.5);
    sbuf_adds(&b, "]/K");
    pack_uint(&b, 7);
    assert_string_equal(b.s, "[12 0 R 3 0 R 0 4294967295 595.276 2 0 -1.5]/K 7");
    /* the two-digit steps: every length from one digit to ten */
    sbuf_truncate(&b, 0);
    const uint32_t v[] = {9, 10, 99, 100, 101, 1000, 12345, 100000, 9999999, 10000001, 1234567890};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        pack_uint(&b, v[i]);
    assert_string_equal(b.s, "9 10 99 100 101 1000 12345 100000 9999999 10000001 1234567890");
    sbuf_free(&b);
}

/* ---- a whole file, read back ---------------------------------------------------------- */

static unsigned char *inflate_all(const unsigned char *z, size_t n, size_t *out)
{
    size_t cap = 1 << 20;
    unsigned char *s = malloc(cap);
    uLongf len = cap;
    assert_int_equal(uncompress(s, &len, z, n), Z_OK);
    *out = len;
    return s;
}

/* The stream of the object that starts at at: its dictionary and data. */
static unsigned char *stream_at(const char *file, size_t at, char *dict, size_t dsz, size_t *n)
{
    const char *d = strstr(file + at, "<<");
    const char *s = strstr(file + at, ">>\nstream\n");
    assert_non_null(d);
    assert_non_null(s);
    assert_true((size_t)(s - d) < dsz);
    memcpy(dict, d, (size_t)(s - d + 2));
    dict[s - d + 2] = '\0';
    const char *l = strstr(dict, "/Length ");
    assert_non_null(l);
    size_t len = strtoul(l + 8, NULL, 10);
    const unsigned char *data = (const unsigned char *)s + 10;
    assert_memory_equal(data + len, "\nendstream\nendobj\n", 18);
    return inflate_all(data, len, n);
}

static void fill_dict(sbuf *b)
{
    sbuf_adds(b, "<</S/P/P");
    pack_ref(b, 1);
    sbuf_adds(b, ">>");
}

static void fill_array(sbuf *b)
{
    sbuf_adds(b, "[");
    pack_ref(b, 2);
    pack_ref(b, 3);
    sbuf_adds(b, "]");
}

static void fill_number(sbuf *b)
{
    pack_uint(b, 42);
}

static void test_file_end_reads_back(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    const char head[] = "%PDF-1.7\n%\xB7\xBE\xAD\xAA\n1 0 obj\n<</Type/Catalog>>\nendobj\n";
    fwrite(head, 1, sizeof head - 1, fp);
    /* objects 1 and 2 of the first part; 2 is free */
    const uint64_t offset[] = {0, 15, UINT64_MAX};
    pdfpack *p = pack_new(3, 3, fp, sizeof head - 1);
    assert_int_equal(pack_next(p), 3);
    body(p, fill_dict);
    body(p, fill_array);
    body(p, fill_number);
    assert_int_equal(pack_next(p), 6);
    int err = 0;
    assert_int_equal(pack_write(p, offset, "/Root 1 0 R", &err), KV_OK);
    pack_free(p);
    fclose(fp);
    assert_memory_equal(buf, head, sizeof head - 1);
    assert_memory_equal(buf + 15, "1 0 obj", 7);

    /* the end: startxref, the offset of object 7 (the xref stream), %%EOF */
    const char *sx = memmem(buf, len, "startxref\n", 10);
    assert_non_null(sx);
    size_t xpos = strtoul(sx + 10, NULL, 10);
    assert_string_equal(buf + len - 6, "%%EOF\n");
    assert_memory_equal(buf + xpos, "7 0 obj\n", 8);
    char dict[400];
    size_t n;
    unsigned char *rows = stream_at(buf, xpos, dict, sizeof dict, &n);
    assert_non_null(strstr(dict, "/Type/XRef/Size 8/W[1 1 2]/Root 1 0 R/Filter/FlateDecode"));
    assert_non_null(strstr(dict, "/DecodeParms<</Columns 4/Predictor 12>>"));
    assert_null(strstr(dict, "/Prev"));
    assert_int_equal(n, 8 * 5);
    /* undo the predictor (Up): each row is added to the one before */
    unsigned char prev[4] = {0}, r[8][4];
    for (int i = 0; i < 8; i++) {
        assert_int_equal(rows[i * 5], 2);
        for (int c = 0; c < 4; c++)
            r[i][c] = prev[c] = (unsigned char)(prev[c] + rows[i * 5 + 1 + c]);
    }
    free(rows);
    const char *os = memmem(buf, len, "6 0 obj\n", 8);
    assert_non_null(os);
    /* the free list's head, the catalog, a free entry, three objects in
     * object stream 6, the object stream, this stream */
    const unsigned char want[8][4] = {
        {0, 0, 0xFF, 0xFF},
        {1, 15, 0, 0},
        {0, 0, 0, 0},
        {2, 6, 0, 0},
        {2, 6, 0, 1},
        {2, 6, 0, 2},
        {1, (unsigned char)(os - buf), 0, 0},
        {1, (unsigned char)xpos, 0, 0},
    };
    assert_true(xpos < 256);
    assert_memory_equal(r, want, sizeof want);

    /* the object stream: "3 0 4 n 5 m" and the bodies at those offsets */
    unsigned char *objs = stream_at(buf, (size_t)(os - buf), dict, sizeof dict, &n);
    assert_non_null(strstr(dict, "/Type/ObjStm/N 3/First "));
    size_t first = strtoul(strstr(dict, "/First ") + 7, NULL, 10);
    unsigned o[6];
    assert_int_equal(
        sscanf((char *)objs, "%u %u %u %u %u %u", o, o + 1, o + 2, o + 3, o + 4, o + 5), 6);
    assert_int_equal(o[0], 3);
    assert_int_equal(o[2], 4);
    assert_int_equal(o[4], 5);
    const char *data = (const char *)objs + first;
    assert_memory_equal(data + o[1], "<</S/P/P 1 0 R>>", 16);
    assert_memory_equal(data + o[3], "[2 0 R 3 0 R]", 13);
    assert_memory_equal(data + o[5], "42", 2);
    assert_int_equal(first + o[5] + 2, n);
    free(objs);
    free(buf);
}

static void fill_big(sbuf *b)
{
    static uint32_t i;
    sbuf_adds(b, "[");
    pack_uint(b, i++);
    sbuf_adds(b, "]");
}

/* 1,001 objects: three streams of 400, 400 and 201, each written when it is
 * full, numbered after the objects, every body where its header says. */
static void test_objects_span_streams(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    const uint64_t offset[] = {0, 0};
    pdfpack *p = pack_new(2, 1001, fp, 0);
    for (int i = 0; i < 1001; i++)
        body(p, fill_big);
    int err = 0;
    assert_int_equal(pack_write(p, offset, "/Root 1 0 R", &err), KV_OK);
    pack_free(p);
    fclose(fp);
    const char *at = buf;
    uint32_t next = 0;
    for (int k = 0; k < 3; k++) {
        char head[32];
        snprintf(head, sizeof head, "%d 0 obj\n", 2 + 1001 + k);
        const char *os = memmem(at, len - (size_t)(at - buf), head, strlen(head));
        assert_non_null(os);
        char dict[400];
        size_t n;
        unsigned char *objs = stream_at(buf, (size_t)(os - buf), dict, sizeof dict, &n);
        unsigned count = 0, first = 0;
        assert_int_equal(sscanf(strstr(dict, "/N "), "/N %u/First %u", &count, &first), 2);
        assert_int_equal(count, k < 2 ? 400 : 201);
        const char *h = (const char *)objs;
        for (unsigned i = 0; i < count; i++, next++) {
            unsigned num, off;
            int used;
            assert_int_equal(sscanf(h, "%u %u%n", &num, &off, &used), 2);
            h += used;
            assert_int_equal(num, 2 + next);
            char want[16];
            snprintf(want, sizeof want, "[%u]", next);
            assert_memory_equal(objs + first + off, want, strlen(want));
        }
        free(objs);
        at = os + 1;
    }
    assert_int_equal(next, 1001);
    free(buf);
}

/* A tree that packs fewer objects than it announced is an internal error,
 * not a file with dangling references. */
static void test_count_mismatch_is_internal(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/null", "wb");
    pdfpack *p = pack_new(2, 2, fp, 0);
    body(p, fill_number);
    const uint64_t offset[] = {0, 0};
    int err = 0;
    assert_int_equal(pack_write(p, offset, "/Root 1 0 R", &err), KV_ERR_INTERNAL);
    pack_free(p);
    fclose(fp);
}

static void test_write_failure_is_reported(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/full", "wb");
    assert_non_null(fp);
    setvbuf(fp, NULL, _IONBF, 0);
    pdfpack *p = pack_new(2, 1, fp, 40);
    body(p, fill_number);
    const uint64_t offset[] = {0, 9};
    int err = 0;
    assert_int_equal(pack_write(p, offset, "/Root 1 0 R", &err), KV_ERR_OUTPUT);
    assert_int_equal(err, ENOSPC);
    pack_free(p);
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_text_is_escaped_pdfdocencoding),
        cmocka_unit_test(test_other_text_is_utf16_with_bom),
        cmocka_unit_test(test_text_in_pdfdocencoding_is_one_byte_each),
        cmocka_unit_test(test_text_beyond_pdfdocencoding_is_utf16),
        cmocka_unit_test(test_numbers_and_references_are_separated),
        cmocka_unit_test(test_file_end_reads_back),
        cmocka_unit_test(test_objects_span_streams),
        cmocka_unit_test(test_count_mismatch_is_internal),
        cmocka_unit_test(test_write_failure_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
