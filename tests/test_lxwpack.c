/* Unit tests for the in-memory temporary parts handed to libxlsxwriter:
 * the stdio calls the library makes on them (fprintf, fputs, fwrite,
 * fflush, rewind, fseek, ftell, fread, feof, fclose) must behave as on a
 * file. ASan and valgrind catch a part that is not freed. */
#include "testutil.h"

#include "lxwpack.h"

#include <xlsxwriter.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_rewind_read),
        cmocka_unit_test(test_seek_overwrite_and_gap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
