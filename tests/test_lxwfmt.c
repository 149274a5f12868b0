/* Unit tests for lxwfmt.c: the replacements of __fprintf_chk and snprintf
 * must print exactly what glibc prints. glibc's own engine is reached
 * through vsnprintf and vfprintf, which kvreport does not replace. */
#include "testutil.h"

#include "lxwfmt.h"

#include <dlfcn.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <xlsxwriter/xmlwriter.h>

int __fprintf_chk(FILE *fp, int flag, const char *fmt, ...);
void _fprint_escaped_attributes(FILE *xmlfile, struct xml_attribute_list *attributes);
void _fprint_escaped_data(FILE *xmlfile, const char *data);

static void glibc(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int mismatches;
static void check_g16(double v)
{
    char want[64], got[64];
    glibc(want, sizeof want, "%.16G", v);
    size_t n = lxwfmt_g16(v, got);
    if (strcmp(want, got) != 0 || n != strlen(want)) {
        if (mismatches++ < 10)
            fprintf(stderr, "%a: glibc %s, lxwfmt %s\n", v, want, got);
    }
}

/* Every kind of double: bit patterns, decimals as data hold them,
 * integers, the edges of the positional form (1e-4, 1e15, 1e16) and
 * exact ties at the 16th digit. */
static void test_g16_as_glibc(void **state)
{
    (void)state;
    mismatches = 0;
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = next();
        double v;
        memcpy(&v, &bits, sizeof v);
        check_g16(v);
    }
    for (int i = 0; i < 600000; i++) {
        int dec = (int)(next() % 12);
        double scale = pow(10, dec);
        double v = (double)(int64_t)(next() % 20000000000ULL - 10000000000LL) / scale;
        check_g16(v);
        check_g16(v / 3);
        check_g16(v * 1e5 / 7);
    }
    for (int e = -330; e <= 310; e++) {
        double p = pow(10, e);
        for (int u = -3; u <= 3; u++) {
            double v = p;
            for (int s = 0; s < (u < 0 ? -u : u); s++)
                v = nextafter(v, u < 0 ? 0 : INFINITY);
            check_g16(v);
            check_g16(-v);
            check_g16(v * 9.999999999999999);
            check_g16(v * 9.9999999999999995);
            check_g16(v * 0.5);
        }
    }
    static const double edge[] = {0.0,
                                  -0.0,
                                  1.0,
                                  0.1,
                                  0.0001,
                                  0.00009999999999999999,
                                  1e15 + 0.5,
                                  1e15 + 0.25,
                                  9999999999999998.0,
                                  9999999999999999.0,
                                  1e16,
                                  99999999999999.995,
                                  0.30000000000000004,
                                  123456789012345.67,
                                  2.5,
                                  DBL_MAX,
                                  DBL_MIN,
                                  DBL_TRUE_MIN,
                                  INFINITY,
                                  -INFINITY,
                                  NAN,
                                  9007199254740993.0,
                                  4503599627370495.5};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        check_g16(edge[i]);
        check_g16(-edge[i]);
    }
    for (int64_t i = 0; i < 200000; i++) {
        check_g16((double)i + 0.5);
        check_g16((double)(next() % 10000000000000000ULL));
    }
    assert_int_equal(mismatches, 0);
}

static void test_int_as_glibc(void **state)
{
    (void)state;
    static const int edge[] = {0, 1, -1, 9, 10, -10, INT_MAX, INT_MIN, 1048576, -65536};
    char want[32], got[32];
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        glibc(want, sizeof want, "%d", edge[i]);
        assert_int_equal(lxwfmt_int(edge[i], got), strlen(want));
        assert_string_equal(got, want);
    }
    for (int i = 0; i < 100000; i++) {
        int n = (int)(uint32_t)next();
        glibc(want, sizeof want, "%d", n);
        lxwfmt_int(n, got);
        assert_string_equal(got, want);
    }
}

/* snprintf: the two formats done here truncate and count as glibc's;
 * any other format is glibc's. */
static void test_snprintf(void **state)
{
    (void)state;
    /* through a pointer: gcc would otherwise print constants itself */
    int (*volatile sp)(char *, size_t, const char *, ...) = snprintf;
    char buf[64];
    assert_int_equal(sp(buf, 4, "%d", 123456), 6);
    assert_string_equal(buf, "123");
    assert_int_equal(sp(buf, 0, "%d", -5), 2);
    assert_int_equal(sp(buf, sizeof buf, "%d", -5), 2);
    assert_string_equal(buf, "-5");
    assert_int_equal(sp(buf, 5, "%.16G", 3.25), 4);
    assert_string_equal(buf, "3.25");
    assert_int_equal(sp(buf, 3, "%.16G", 0.1), 3);
    assert_string_equal(buf, "0.");
    assert_int_equal(sp(buf, sizeof buf, "%.16G", 1e300), 6);
    assert_string_equal(buf, "1E+300");
    assert_int_equal(sp(buf, sizeof buf, "%s-%05.1f", "a", 2.25), 7);
    assert_string_equal(buf, "a-002.2");
}

/* Prints fmt with its arguments through the replacement and through
 * glibc's vfprintf, each onto a memory stream; both must match. */
static void both(const char *fmt, ...)
{
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    FILE *fa = open_memstream(&a, &alen), *fb = open_memstream(&b, &blen);
    assert_non_null(fa);
    assert_non_null(fb);
    va_list ap;
    va_start(ap, fmt);
    int rb = vfprintf(fb, fmt, ap);
    va_end(ap);
    /* the replacement takes the same arguments: print them again */
    va_start(ap, fmt);
    const char *s = va_arg(ap, const char *);
    int d = va_arg(ap, int);
    double g = va_arg(ap, double);
    va_end(ap);
    int ra = __fprintf_chk(fa, 1, fmt, s, d, g);
    fclose(fa);
    fclose(fb);
    assert_int_equal(ra, rb);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    free(a);
    free(b);
}

static void test_fprintf_as_glibc(void **state)
{
    (void)state;
    both("<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", "AB12", 17, 1234.5678);
    both("<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", "A1", -3, 0.1 + 0.2);
    both("%s%d%.16G 100%% sure", (const char *)NULL, INT_MIN, -1e-7);
    both("no conversion: %s=%d %.16G", "k", 0, NAN);
    both("other conversions (glibc's): %s %x %.3f", "v", 255, 2.5);
    char *longtext = malloc(5001);
    assert_non_null(longtext);
    memset(longtext, 'x', 5000);
    longtext[5000] = '\0';
    both("<t>%s</t><n>%d</n>%.16G", longtext, 42, 1e20);
    free(longtext);
    /* a stream that cannot be written: -1, as glibc's */
    FILE *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    assert_int_equal(fprintf(ro, "<%s>", "x"), -1);
    assert_int_equal(__fprintf_chk(ro, 1, "<%s>", "x"), -1);
    fclose(ro);
}

/* The attribute constructors give the strings libxlsxwriter's own give
 * (reached past kvreport's definitions with RTLD_NEXT). */
typedef struct xml_attribute *(*attr_str_fn)(const char *, const char *);
typedef struct xml_attribute *(*attr_int_fn)(const char *, uint32_t);
typedef struct xml_attribute *(*attr_dbl_fn)(const char *, double);

static void same_attr(struct xml_attribute *a, struct xml_attribute *b)
{
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->key, b->key);
    assert_string_equal(a->value, b->value);
    free(a);
    free(b);
}

static void test_attributes_as_library(void **state)
{
    (void)state;
    attr_str_fn lib_str;
    attr_int_fn lib_int;
    attr_dbl_fn lib_dbl;
    *(void **)&lib_str = dlsym(RTLD_NEXT, "lxw_new_attribute_str");
    *(void **)&lib_int = dlsym(RTLD_NEXT, "lxw_new_attribute_int");
    *(void **)&lib_dbl = dlsym(RTLD_NEXT, "lxw_new_attribute_dbl");
    assert_non_null(lib_str);
    assert_non_null(lib_int);
    assert_non_null(lib_dbl);
    char *longtext = malloc(3001);
    assert_non_null(longtext);
    memset(longtext, 'y', 3000);
    longtext[3000] = '\0';
    same_attr(lxw_new_attribute_str("val", "de-DE"), lib_str("val", "de-DE"));
    same_attr(lxw_new_attribute_str(longtext, longtext), lib_str(longtext, longtext));
    struct xml_attribute *cut = lxw_new_attribute_str("k", longtext);
    assert_non_null(cut);
    assert_int_equal(strlen(cut->value), LXW_MAX_ATTRIBUTE_LENGTH - 1);
    free(cut);
    same_attr(lxw_new_attribute_int("idx", 0), lib_int("idx", 0));
    same_attr(lxw_new_attribute_int("idx", 4294967295U), lib_int("idx", 4294967295U));
    same_attr(lxw_new_attribute_int("idx", 50010001), lib_int("idx", 50010001));
    same_attr(lxw_new_attribute_dbl("val", 0.1), lib_dbl("val", 0.1));
    same_attr(lxw_new_attribute_dbl("val", -1e-300), lib_dbl("val", -1e-300));
    same_attr(lxw_new_attribute_dbl("val", 1234.5), lib_dbl("val", 1234.5));
    free(longtext);
}

/* The element writers write what the library's own write (reached with
 * RTLD_NEXT; they print through fprintf, which is tested above, and call
 * the escaping writers through the dynamic linker, so those are compared
 * with the library's own separately). */
typedef void (*tag_fn)(FILE *, const char *, struct xml_attribute_list *);
typedef void (*data_fn)(FILE *, const char *, const char *, struct xml_attribute_list *);
typedef void (*end_fn)(FILE *, const char *);

static void write_all(FILE *fp, tag_fn start, tag_fn empty, tag_fn start_raw, tag_fn empty_raw,
                      data_fn data, end_fn end, struct xml_attribute_list *attrs)
{
    start(fp, "c:chart", attrs);
    start(fp, "c:plain", NULL);
    empty(fp, "c:idx", attrs);
    start_raw(fp, "row", attrs);
    empty_raw(fp, "col", attrs);
    data(fp, "a:t", "Kosten & \"Nutzen\" <je EW> \n", attrs);
    data(fp, "a:t", "ohne Sonderzeichen", NULL);
    end(fp, "c:chart");
}

static void test_elements_as_library(void **state)
{
    (void)state;
    tag_fn start, empty, start_raw, empty_raw;
    data_fn data;
    end_fn end;
    *(void **)&start = dlsym(RTLD_NEXT, "lxw_xml_start_tag");
    *(void **)&empty = dlsym(RTLD_NEXT, "lxw_xml_empty_tag");
    *(void **)&start_raw = dlsym(RTLD_NEXT, "lxw_xml_start_tag_unencoded");
    *(void **)&empty_raw = dlsym(RTLD_NEXT, "lxw_xml_empty_tag_unencoded");
    *(void **)&data = dlsym(RTLD_NEXT, "lxw_xml_data_element");
    *(void **)&end = dlsym(RTLD_NEXT, "lxw_xml_end_tag");
    assert_true(start && empty && start_raw && empty_raw && data && end);
    struct xml_attribute_list attrs;
    STAILQ_INIT(&attrs);
    struct xml_attribute *a = lxw_new_attribute_str("val", "a&b<c>d\"e\nf");
    struct xml_attribute *b = lxw_new_attribute_int("idx", 7);
    assert_non_null(a);
    assert_non_null(b);
    STAILQ_INSERT_TAIL(&attrs, a, list_entries);
    STAILQ_INSERT_TAIL(&attrs, b, list_entries);
    char *x = NULL, *y = NULL;
    size_t xl = 0, yl = 0;
    FILE *fx = open_memstream(&x, &xl), *fy = open_memstream(&y, &yl);
    assert_non_null(fx);
    assert_non_null(fy);
    write_all(fx, lxw_xml_start_tag, lxw_xml_empty_tag, lxw_xml_start_tag_unencoded,
              lxw_xml_empty_tag_unencoded, lxw_xml_data_element, lxw_xml_end_tag, &attrs);
    write_all(fy, start, empty, start_raw, empty_raw, data, end, &attrs);
    fclose(fx);
    fclose(fy);
    assert_string_equal(x, y);
    assert_non_null(strstr(x, "val=\"a&amp;b&lt;c&gt;d&quot;e&#xA;f\""));
    free(x);
    free(y);
    typedef void (*attrs_fn)(FILE *, struct xml_attribute_list *);
    typedef void (*esc_fn)(FILE *, const char *);
    attrs_fn lib_attrs;
    esc_fn lib_data;
    *(void **)&lib_attrs = dlsym(RTLD_NEXT, "_fprint_escaped_attributes");
    *(void **)&lib_data = dlsym(RTLD_NEXT, "_fprint_escaped_data");
    assert_true(lib_attrs && lib_data);
    static const char *const texts[] = {"", "plain", "&&<<>>\"\"\n\n", "x > 0 & y < 1",
                                        "\"zitat\"\n"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct xml_attribute *t = lxw_new_attribute_str("k", texts[i]);
        assert_non_null(t);
        struct xml_attribute_list one;
        STAILQ_INIT(&one);
        STAILQ_INSERT_TAIL(&one, t, list_entries);
        fx = open_memstream(&x, &xl);
        fy = open_memstream(&y, &yl);
        assert_true(fx && fy);
        _fprint_escaped_attributes(fx, &one);
        _fprint_escaped_data(fx, texts[i]);
        lib_attrs(fy, &one);
        lib_data(fy, texts[i]);
        fclose(fx);
        fclose(fy);
        assert_string_equal(x, y);
        free(x);
        free(y);
        free(t);
    }
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_g16_as_glibc),
        cmocka_unit_test(test_int_as_glibc),
        cmocka_unit_test(test_snprintf),
        cmocka_unit_test(test_fprintf_as_glibc),
        cmocka_unit_test(test_attributes_as_library),
        cmocka_unit_test(test_elements_as_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
