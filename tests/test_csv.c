/* Unit tests for the CSV tokenizer and file slurping. */
#include "testutil.h"

#include "csv.h"

#include <sys/stat.h>
#include <zlib.h>

static csv_reader rd;
static char buf[4096];

static void start(const char *text)
{
    size_t n = strlen(text);
    memcpy(buf, text, n + 1);
    csv_reader_init(&rd, buf, n);
}

static void expect_record(long line, size_t nfields, ...)
{
    assert_int_equal(csv_next(&rd), CSV_RECORD);
    assert_int_equal(rd.rec_line, line);
    assert_int_equal(rd.nfields, nfields);
    va_list ap;
    va_start(ap, nfields);
    for (size_t i = 0; i < nfields; i++) {
        const char *want = va_arg(ap, const char *);
        assert_string_equal(rd.fields[i], want);
        assert_int_equal(rd.lens[i], strlen(want));
    }
    va_end(ap);
}

static void test_plain_records(void **state)
{
    (void)state;
    start("a;b;c\n1;22;333\n");
    expect_record(1, 3, "a", "b", "c");
    expect_record(2, 3, "1", "22", "333");
    assert_int_equal(csv_next(&rd), CSV_END);
    csv_reader_free(&rd);
}

static void test_quoting_rfc4180(void **state)
{
    (void)state;
    start("\"Halle (Saale); \"\"Händel\"\"\";x\n\"zwei\nZeilen\";y\nz;\"\"\n");
    expect_record(1, 2, "Halle (Saale); \"Händel\"", "x");
    expect_record(2, 2, "zwei\nZeilen", "y");
    expect_record(4, 2, "z", ""); /* the record after a two-line field is on line 4 */
    assert_int_equal(csv_next(&rd), CSV_END);
    csv_reader_free(&rd);
}

static void test_bom_crlf_empty_lines_no_final_newline(void **state)
{
    (void)state;
    start("\xEF\xBB\xBFid;name\r\n\r\n\nA;\"x\r\ny\"\r\nB;last");
    expect_record(1, 2, "id", "name");
    expect_record(4, 2, "A", "x\ny"); /* CRLF inside quotes becomes LF */
    expect_record(6, 2, "B", "last");
    assert_int_equal(csv_next(&rd), CSV_END);
    csv_reader_free(&rd);
}

static void test_empty_fields(void **state)
{
    (void)state;
    start(";\na;\n;b\n");
    expect_record(1, 2, "", "");
    expect_record(2, 2, "a", "");
    expect_record(3, 2, "", "b");
    csv_reader_free(&rd);
}

static void test_unclosed_quote_stops(void **state)
{
    (void)state;
    start("a;b\n1;\"open\n2;3\n");
    expect_record(1, 2, "a", "b");
    assert_int_equal(csv_next(&rd), CSV_ERR_UNCLOSED);
    assert_int_equal(rd.rec_line, 2);
    assert_int_equal(csv_next(&rd), CSV_END);
    csv_reader_free(&rd);
}

static void test_text_after_quote_skips_record(void **state)
{
    (void)state;
    start("\"a\"b;c\nok;1\n");
    assert_int_equal(csv_next(&rd), CSV_ERR_AFTER_QUOTE);
    assert_int_equal(rd.rec_line, 1);
    expect_record(2, 2, "ok", "1");
    csv_reader_free(&rd);
}

static void test_field_too_long(void **state)
{
    (void)state;
    size_t n = CSV_MAX_FIELD + 10;
    char *big = malloc(n + 8);
    assert_non_null(big);
    memset(big, '1', n);
    memcpy(big + n, "\nx;y\n", 6);
    csv_reader r;
    csv_reader_init(&r, big, n + 5);
    assert_int_equal(csv_next(&r), CSV_ERR_TOO_LONG);
    assert_int_equal(csv_next(&r), CSV_RECORD);
    assert_int_equal(r.rec_line, 2);
    assert_string_equal(r.fields[1], "y");
    csv_reader_free(&r);
    free(big);
}

static void test_many_fields_grow(void **state)
{
    (void)state;
    char line[2048] = "";
    for (int i = 0; i < 300; i++)
        strcat(line, i ? ";f" : "f");
    start(line);
    assert_int_equal(csv_next(&rd), CSV_RECORD);
    assert_int_equal(rd.nfields, 300);
    csv_reader_free(&rd);
}

static void test_write_field_quotes_when_needed(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    csv_write_field(f, "plain");
    fputc('|', f);
    csv_write_field(f, "a;b");
    fputc('|', f);
    csv_write_field(f, "say \"hi\"");
    fputc('|', f);
    csv_write_field(f, "two\nlines");
    fclose(f);
    assert_string_equal(out, "plain|\"a;b\"|\"say \"\"hi\"\"\"|\"two\nlines\"");
    free(out);
}

/* csv_slurp with a fresh error each time (the first failure would stick). */
static kv_status slurp(const char *path, char **data, size_t *len, kv_error *e)
{
    kv_error_free(e);
    return csv_slurp(path, data, len, e);
}

static void test_slurp_plain_and_gzip(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), path[512], *data;
    kv_error err = {0};
    size_t len;
    tu_write(dir, "a.csv", "x;y\n1;2\n");
    snprintf(path, sizeof path, "%s/a.csv", dir);
    assert_int_equal(slurp(path, &data, &len, &err), 0);
    assert_int_equal(len, 8);
    assert_string_equal(data, "x;y\n1;2\n");
    free(data);

    snprintf(path, sizeof path, "%s/b.csv.gz", dir);
    gzFile g = gzopen(path, "wb");
    gzputs(g, "x;y\n3;4\n");
    gzclose(g);
    assert_int_equal(slurp(path, &data, &len, &err), 0);
    assert_string_equal(data, "x;y\n3;4\n");
    free(data);

    /* a .gz that is not gzip, a truncated one, a missing file */
    tu_write(dir, "c.csv.gz", "x;y\n");
    snprintf(path, sizeof path, "%s/c.csv.gz", dir);
    assert_int_equal(slurp(path, &data, &len, &err), KV_ERR_DATA);
    snprintf(path, sizeof path, "%s/b.csv.gz", dir);
    assert_int_equal(truncate(path, 20), 0);
    assert_int_equal(slurp(path, &data, &len, &err), KV_ERR_DATA);
    snprintf(path, sizeof path, "%s/none.csv", dir);
    assert_int_equal(slurp(path, &data, &len, &err), KV_ERR_INPUT);
    kv_error_free(&err);
    tu_rmrf(dir);
    free(dir);
}

/* Appends one complete gzip member holding text to path. */
static void gz_append(const char *path, const char *text)
{
    gzFile g = gzopen(path, "ab");
    assert_non_null(g);
    gzputs(g, text);
    gzclose(g);
}

static void test_slurp_gzip_members_and_trailing_garbage(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), path[512], *data;
    kv_error err = {0};
    size_t len;
    snprintf(path, sizeof path, "%s/m.csv.gz", dir);
    gz_append(path, "x;y\n");
    gz_append(path, "5;6\n"); /* as `cat a.gz b.gz` makes: allowed */
    assert_int_equal(slurp(path, &data, &len, &err), 0);
    assert_string_equal(data, "x;y\n5;6\n");
    free(data);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs("garbage", f);
    fclose(f);
    assert_int_equal(slurp(path, &data, &len, &err), KV_ERR_DATA);
    assert_non_null(strstr(kv_error_text(&err), "beschädigte gzip-Daten"));
    assert_non_null(strstr(kv_error_text(&err), "7 Bytes"));
    kv_error_free(&err);
    tu_rmrf(dir);
    free(dir);
}

static void test_slurp_reads_only_regular_files(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), path[512], *data = NULL;
    kv_error err = {0};
    size_t len;
    snprintf(path, sizeof path, "%s/fifo.csv", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    /* returns at once, without waiting for a writer */
    assert_int_equal(slurp(path, &data, &len, &err), KV_ERR_INPUT);
    assert_non_null(strstr(kv_error_text(&err), "keine reguläre Datei"));
    assert_int_equal(slurp("/dev/zero", &data, &len, &err), KV_ERR_INPUT);
    assert_non_null(strstr(kv_error_text(&err), "Zeichengerät"));
    assert_int_equal(slurp(dir, &data, &len, &err), KV_ERR_INPUT);
    assert_non_null(strstr(kv_error_text(&err), "Verzeichnis"));
    assert_null(data);
    kv_error_free(&err);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_records),
        cmocka_unit_test(test_quoting_rfc4180),
        cmocka_unit_test(test_bom_crlf_empty_lines_no_final_newline),
        cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_unclosed_quote_stops),
        cmocka_unit_test(test_text_after_quote_skips_record),
        cmocka_unit_test(test_field_too_long),
        cmocka_unit_test(test_many_fields_grow),
        cmocka_unit_test(test_write_field_quotes_when_needed),
        cmocka_unit_test(test_slurp_plain_and_gzip),
        cmocka_unit_test(test_slurp_gzip_members_and_trailing_garbage),
        cmocka_unit_test(test_slurp_reads_only_regular_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
