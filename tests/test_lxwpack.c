/* Unit tests for the in-memory temporary parts handed to libxlsxwriter:
 * the stdio calls the library makes on them (fprintf, fputs, fwrite,
 * fflush, rewind, fseek, ftell, fread, feof, fclose) must behave as on a
 * file. ASan and valgrind catch a part that is not freed. */
#include "testutil.h"

#include "lxwpack.h"

#include <minizip/zip.h>
#include <string.h>
#include <xlsxwriter.h>

/* Writes text into a part, opens its zip entry under name (no zip file:
 * minizip refuses, the part is marked all the same) and reads it back. */
static char *through_zip(const char *name, const char *text)
{
    FILE *fp = lxw_tmpfile(NULL);
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_not_equal(zipOpenNewFileInZip4_64(NULL, name, NULL, NULL, 0, NULL, 0, NULL,
                                                 Z_DEFLATED, 6, 0, -MAX_WBITS, 8, 0, NULL, 0, 0, 0,
                                                 0),
                         ZIP_OK);
    fflush(fp);
    rewind(fp);
    char *got = calloc(1, 4096);
    assert_non_null(got);
    size_t n = fread(got, 1, 4095, fp);
    got[n] = '\0';
    fclose(fp);
    return got;
}

static void test_chart_parts_corrected(void **state)
{
    (void)state;
    static const char chart[] =
        "<c:chartSpace><c:lang val=\"en-US\"/><c:chart><c:plotArea><c:scatterChart>"
        "<c:ser><c:idx val=\"0\"/></c:ser><c:ser><c:idx val=\"1\"/></c:ser>"
        "</c:scatterChart></c:plotArea><c:plotVisOnly val=\"1\"/></c:chart>"
        "<c:txPr><a:endParaRPr lang=\"en-US\"/></c:txPr></c:chartSpace>";
    char *got = through_zip("xl/charts/chart7.xml", chart);
    assert_string_equal(got,
                        "<c:chartSpace><c:lang val=\"de-DE\"/><c:chart><c:plotArea><c:scatterChart>"
                        "<c:ser><c:idx val=\"0\"/><c:smooth val=\"0\"/></c:ser><c:ser><c:idx "
                        "val=\"1\"/><c:smooth val=\"0\"/></c:ser></c:scatterChart></c:plotArea>"
                        "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
                        "<c:txPr><a:endParaRPr lang=\"de-DE\"/></c:txPr></c:chartSpace>");
    free(got);
    /* other parts pass unchanged, user text included */
    got = through_zip("xl/sharedStrings.xml", "<t>lang val=\"en-US\" </c:chart></t>");
    assert_string_equal(got, "<t>lang val=\"en-US\" </c:chart></t>");
    free(got);
    got = through_zip("docProps/app.xml", "<Application>Microsoft Excel</Application>");
    assert_string_equal(got, "<Application>kvreport</Application>");
    free(got);
    assert_false(lxwpack_failed());
}

static void test_write_rewind_read(void **state)
{
    (void)state;
    FILE *fp = lxw_tmpfile(NULL);
    assert_non_null(fp);
    assert_int_equal(fileno(fp), -1); /* ours, in memory: no file behind it */
    /* more than the first buffer and stdio's own, in odd pieces */
    char *expect = malloc(200000);
    assert_non_null(expect);
    size_t n = 0;
    for (int i = 0; n < 190000; i++) {
        int w = snprintf(expect + n, 200000 - n, "<c r=\"A%d\"><v>%.16G</v></c>", i, i / 7.0);
        assert_int_equal(fprintf(fp, "<c r=\"A%d\"><v>%.16G</v></c>", i, i / 7.0), w);
        n += (size_t)w;
    }
    assert_int_equal(fflush(fp), 0);
    assert_int_equal(ftell(fp), (long)n);
    rewind(fp);
    char *got = malloc(n + 100);
    assert_non_null(got);
    size_t r = 0, k;
    while ((k = fread(got + r, 1, 4096, fp)) > 0)
        r += k;
    assert_true(feof(fp));
    assert_int_equal(r, n);
    assert_memory_equal(got, expect, n);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    assert_int_equal(ftell(fp), (long)n);
    assert_int_equal(fclose(fp), 0);
    assert_false(lxwpack_failed());
    free(got);
    free(expect);
}

static void test_seek_overwrite_and_gap(void **state)
{
    (void)state;
    FILE *fp = lxw_tmpfile(NULL);
    assert_non_null(fp);
    fputs("abcdef", fp);
    assert_int_equal(fseek(fp, 2, SEEK_SET), 0);
    fputs("XY", fp);
    assert_int_equal(fseek(fp, 3, SEEK_END), 0); /* beyond the end: a gap of zeros */
    fputc('z', fp);
    rewind(fp);
    char buf[16];
    assert_int_equal(fread(buf, 1, sizeof buf, fp), 10);
    assert_memory_equal(buf, "abXYef\0\0\0z", 10);
    assert_int_not_equal(fseek(fp, -1, SEEK_SET), 0);
    fclose(fp);
}

/* A small workbook at path; returns its bytes (size in *n). */
static char *small_book(const char *path, size_t *n)
{
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_doc_properties props = {.title = "t", .created = 1700000000};
    assert_int_equal(workbook_set_properties(wb, &props), LXW_NO_ERROR);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Blatt");
    assert_non_null(ws);
    worksheet_write_string(ws, 0, 0, "Wert", NULL);
    worksheet_write_number(ws, 1, 0, 1.5, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *n = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

/* The parts equal between workbooks (theme, styles, content types, ...)
 * are deflated once and reused; the second workbook is byte-identical. */
static void test_equal_parts_deflated_once(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), path[4096];
    snprintf(path, sizeof path, "%s/a.xlsx", dir);
    size_t before = lxwpack_reused(), n1, n2;
    char *first = small_book(path, &n1);
    size_t mid = lxwpack_reused();
    char *second = small_book(path, &n2);
    assert_true(lxwpack_reused() >= mid + 5); /* theme, styles, rels, content types, app */
    assert_true(mid - before <= 1);           /* nothing to reuse in a first book */
    assert_true(n1 > 1000);
    assert_int_equal(n1, n2);
    assert_memory_equal(first, second, n1);
    assert_memory_equal(first, "PK\x03\x04", 4);
    assert_false(lxwpack_failed());
    free(first);
    free(second);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_rewind_read),
        cmocka_unit_test(test_seek_overwrite_and_gap),
        cmocka_unit_test(test_chart_parts_corrected),
        cmocka_unit_test(test_equal_parts_deflated_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
