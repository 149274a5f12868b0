/* Unit tests for the PDF module's fonts: widths against libharu's own
 * measuring (the oracle the layout was made with), the fallback face, the
 * UTF-8 reader, and a document's fonts as pikepdf-free checks of the
 * bytes libharu writes. */
#include "testutil.h"

#include "pdffont.h"

#include <hpdf.h>

#define NOTO "/usr/share/fonts/truetype/noto/"

static const char *const faces[] = {NOTO "NotoSans-Regular.ttf", NOTO "NotoSans-Bold.ttf",
                                    NOTO "NotoSans-Italic.ttf"};

/* Texts as the report has them: umlauts, ß, €, dashes, quotes, digits. */
static const char *const texts[] = {
    "Düsseldorf",
    "Mülheim an der Ruhr – „Stadt am Fluss“ €",
    "Leistungsberechtigte HLU a.v.E. je 1.000 EW ab 18",
    "12.346,7 ±0,0 % +2,1 Pp. ÄÖÜäöüß … · × ½",
    "Ærøskøbing Œuvre Šibenik",
    " ",
};

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)e, (void)d, (void)u;
}

static void test_widths_as_libharu_measures(void **state)
{
    (void)state;
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    assert_non_null(doc);
    HPDF_UseUTFEncodings(doc);
    HPDF_SetCurrentEncoder(doc, "UTF-8");
    for (size_t i = 0; i < sizeof faces / sizeof *faces; i++) {
        const char *name = HPDF_LoadTTFontFromFile(doc, faces[i], HPDF_TRUE);
        HPDF_Font hf = HPDF_GetFont(doc, name, "UTF-8");
        pdffont *f = pdffont_get(faces[i]);
        assert_non_null(hf);
        assert_non_null(f);
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            HPDF_TextWidth tw =
                HPDF_Font_TextWidth(hf, (const HPDF_BYTE *)texts[k], (HPDF_UINT)strlen(texts[k]));
            assert_int_equal(pdffont_units(f, texts[k], strlen(texts[k])), (long)tw.width);
        }
    }
    HPDF_Free(doc);
}

static void test_minus_sign_from_the_fallback(void **state)
{
    (void)state;
    pdffont *f = pdffont_get(faces[0]);
    assert_non_null(f);
    pdffont_glyph minus = pdffont_glyph_of(f, 0x2212), plus = pdffont_glyph_of(f, '+');
    assert_int_equal(minus.face, 1);
    assert_int_equal(minus.missing, 0);
    assert_true(minus.gid != 0);
    /* Noto Sans Math's minus is as wide as the plus: numbers stay aligned */
    assert_int_equal(minus.w, plus.w);
    assert_int_equal(plus.face, 0);
    /* bold: the minus of a bold face (Noto Sans Tamil Bold), not Math's
     * regular one, as wide as the bold plus; ∑ from Math after it */
    pdffont *b = pdffont_get(faces[1]);
    assert_non_null(b);
    pdffont_glyph bm = pdffont_glyph_of(b, 0x2212), bs = pdffont_glyph_of(b, 0x2211);
    assert_int_equal(bm.face, 1);
    assert_int_equal(bm.w, pdffont_glyph_of(b, '+').w);
    assert_int_equal(bs.face, 2);
    assert_int_equal(bs.missing, 0);
    assert_int_equal(pdffont_lacks(f, "−45,3"), 0);
    /* a CJK character no face has */
    assert_int_equal(pdffont_lacks(f, "Tokio 東京"), 0x6771);
    pdffont_glyph none = pdffont_glyph_of(f, 0x6771);
    assert_int_equal(none.missing, 1);
    assert_int_equal(none.gid, 0);
    assert_int_equal(none.w, pdffont_notdef_units(f));
}

static void test_utf8_reader(void **state)
{
    (void)state;
    const char s[] = "a\xC3\xA4\xE2\x88\x92\xF0\x9F\x98\x80\xFF\xC3";
    const char *p = s, *end = s + sizeof s - 1;
    assert_int_equal(pdffont_next_cp(&p, end), 'a');
    assert_int_equal(pdffont_next_cp(&p, end), 0xE4);
    assert_int_equal(pdffont_next_cp(&p, end), 0x2212);
    assert_int_equal(pdffont_next_cp(&p, end), 0x1F600);
    assert_int_equal(pdffont_next_cp(&p, end), 0xFFFD); /* 0xFF: never UTF-8 */
    assert_int_equal(pdffont_next_cp(&p, end), 0xFFFD); /* cut short */
    assert_ptr_equal(p, end);
    /* beyond U+10FFFF, a surrogate, an overlong slash: one byte each */
    const char bad[] = "\xF4\x9F\x98\x80\xED\xA0\x80\xE0\x80\xAF";
    p = bad, end = bad + sizeof bad - 1;
    assert_int_equal(pdffont_next_cp(&p, end), 0xFFFD);
    assert_ptr_equal(p, bad + 1);
}

static void test_unreadable_face(void **state)
{
    (void)state;
    assert_null(pdffont_get("/nonexistent/font.ttf"));
    assert_null(pdffont_get("/etc/hostname"));
}

/* A document with text in two faces: its bytes name Type0 fonts with
 * Identity ordering and a bfchar ToUnicode, the same for the same text. */
static char *doc_bytes(size_t *len, size_t *missing)
{
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    assert_non_null(doc);
    HPDF_Page page = HPDF_AddPage(doc);
    pdffont_doc *fd = pdffont_doc_new(doc);
    assert_non_null(fd);
    char *out = NULL;
    size_t n = 0, cap = 0;
    int cur = -1;
    double size = 0;
    assert_int_equal(pdffont_doc_show(fd, page, pdffont_get(faces[0]), 9, "−12,5 Köln 東", &out, &n,
                                      &cap, &cur, &size),
                     0);
    assert_int_equal(pdffont_doc_finish(fd), 0);
    *missing = pdffont_doc_missing(fd, NULL);
    /* the switch to the fallback and back, each with its font */
    assert_non_null(memmem(out, n, "/F1 9 Tf", 8));
    assert_non_null(memmem(out, n, "/F2 9 Tf", 8));
    free(out);
    HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
    assert_int_equal(HPDF_SaveToStream(doc), HPDF_OK);
    HPDF_UINT32 size_out = HPDF_GetStreamSize(doc);
    char *bytes = malloc(size_out + 1);
    assert_non_null(bytes);
    HPDF_UINT32 got = size_out;
    HPDF_ResetStream(doc);
    HPDF_ReadFromStream(doc, (HPDF_BYTE *)bytes, &got);
    assert_int_equal(got, size_out);
    bytes[got] = '\0';
    *len = got;
    pdffont_doc_free(fd);
    HPDF_Free(doc);
    return bytes;
}

static void test_document_fonts(void **state)
{
    (void)state;
    size_t len, missing, len2, missing2;
    char *a = doc_bytes(&len, &missing);
    char *b = doc_bytes(&len2, &missing2);
    assert_int_equal(missing, 1);
    assert_non_null(memmem(a, len, "/Subtype /CIDFontType2", 22));
    assert_non_null(memmem(a, len, "(Identity)", 10));
    assert_non_null(memmem(a, len, "/CIDToGIDMap /Identity", 22));
    assert_non_null(memmem(a, len, "/Filter /FlateDecode", 20));
    assert_non_null(memmem(a, len, "+NotoSansMath-Regular", 21));
    assert_null(memmem(a, len, "Identity-H)", 11));
    /* made from cached subsets the second time: the same bytes */
    assert_int_equal(len, len2);
    assert_memory_equal(a, b, len);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_as_libharu_measures),
        cmocka_unit_test(test_minus_sign_from_the_fallback),
        cmocka_unit_test(test_utf8_reader),
        cmocka_unit_test(test_unreadable_face),
        cmocka_unit_test(test_document_fonts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
