/* lxwfmt.c - __fprintf_chk and snprintf for libxlsxwriter's formats,
 * the same bytes as glibc's, without its printf engine (see lxwfmt.h). */
#include "lxwfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter/xmlwriter.h>

/* glibc's, declared by its headers only under _FORTIFY_SOURCE */
int __fprintf_chk(FILE *fp, int flag, const char *fmt, ...);
int __vfprintf_chk(FILE *fp, int flag, const char *fmt, va_list ap);

typedef unsigned __int128 u128;

static int libc_snprintf(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(s, n, fmt, ap); /* glibc's: vsnprintf is not replaced */
    va_end(ap);
    return r;
}

/* The decimal digits of u (u > 0) at the end of a 20-byte field ending at
 * end; returns where they start. */
static char *digits(uint64_t u, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    return p;
}

size_t lxwfmt_int(int n, char *out)
{
    char buf[24], *end = buf + sizeof buf;
    uint64_t u = n < 0 ? (uint64_t)(-(int64_t)n) : (uint64_t)n;
    char *p = digits(u, end);
    if (n < 0)
        *--p = '-';
    size_t len = (size_t)(end - p);
    memcpy(out, p, len);
    out[len] = '\0';
    return len;
}

/* 5^k for k <= 20 (5^20 < 2^47) */
static const uint64_t pow5[21] = {1ULL,
                                  5ULL,
                                  25ULL,
                                  125ULL,
                                  625ULL,
                                  3125ULL,
                                  15625ULL,
                                  78125ULL,
                                  390625ULL,
                                  1953125ULL,
                                  9765625ULL,
                                  48828125ULL,
                                  244140625ULL,
                                  1220703125ULL,
                                  6103515625ULL,
                                  30517578125ULL,
                                  152587890625ULL,
                                  762939453125ULL,
                                  3814697265625ULL,
                                  19073486328125ULL,
                                  95367431640625ULL};

/* %.16G of v > 0 into out, or 0 where glibc must decide. %.16G rounds v
 * to 16 significant digits, d.ddd...E^X; for -4 <= X < 16 it prints them
 * positionally, trailing zeros (and a bare point) dropped. v = M * 2^E
 * exactly, so v * 10^k = M * 5^k * 2^(k+E) is an exact integer in 128
 * bits (M < 2^53, k <= 20: 5^20 < 2^47) shifted by k+E bits; its
 * integer part and the bits shifted out give the rounding exactly. */
static size_t g16_positive(double v, char *out)
{
    if (!(v >= 1e-4 && v < 1e16))
        return 0; /* exponent form, or not finite */
    char buf[24], *end = buf + sizeof buf;
    if (v == floor(v)) { /* an integer of at most 16 digits */
        char *p = digits((uint64_t)v, end);
        memcpy(out, p, (size_t)(end - p));
        return (size_t)(end - p);
    }
    int e2;
    double f = frexp(v, &e2);
    uint64_t m = (uint64_t)ldexp(f, 53); /* exact: f has 53 bits */
    /* v is in [2^(e2-1), 2^e2): its decimal exponent is floor((e2-1) *
     * log10 2) or one more; 78913 / 2^18 is log10 2 to 6 digits */
    int t = (e2 - 1) * 78913, e = e2 - 53;
    int x = t >= 0 ? t >> 18 : -((-t + (1 << 18) - 1) >> 18);
    uint64_t q = 0;
    for (int tries = 0; tries < 3; tries++) {
        int k = 15 - x;
        if (k < 0 || k > 20)
            return 0;
        u128 p = (u128)m * pow5[k];
        int sh = k + e;
        u128 whole, rem = 0, half = 0;
        if (sh >= 0) {
            whole = p << sh; /* < 10^17: no overflow */
        } else {
            if (-sh >= 127)
                return 0;
            whole = p >> -sh;
            rem = p - (whole << -sh);
            half = (u128)1 << (-sh - 1);
        }
        if (whole < (u128)1000000000000000ULL) {
            x--;
            continue;
        }
        if (whole >= (u128)10000000000000000ULL) {
            x++;
            continue;
        }
        if (rem == half && sh < 0)
            return 0; /* an exact tie: glibc's rounding mode decides */
        q = (uint64_t)whole + (rem > half);
        if (q == 10000000000000000ULL) {
            q = 1000000000000000ULL;
            x++;
        }
        break;
    }
    if (q == 0 || x > 15 || x < -4)
        return 0;
    char *d = digits(q, end); /* 16 digits */
    size_t nd = 16;
    while (nd > 0 && d[nd - 1] == '0')
        nd--;
    char *o = out;
    if (x >= 0) {
        size_t ni = (size_t)x + 1;
        memcpy(o, d, ni);
        o += ni;
        if (nd > ni) {
            *o++ = '.';
            memcpy(o, d + ni, nd - ni);
            o += nd - ni;
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = -1; i > x; i--)
            *o++ = '0';
        memcpy(o, d, nd);
        o += nd;
    }
    return (size_t)(o - out);
}

size_t lxwfmt_g16(double v, char *out)
{
    size_t n = 0;
    if (v == 0) {
        n = signbit(v) ? 2 : 1;
        memcpy(out, signbit(v) ? "-0" : "0", n);
    } else if (v > 0) {
        n = g16_positive(v, out);
    } else if (v < 0) {
        out[0] = '-';
        n = g16_positive(-v, out + 1);
        n = n ? n + 1 : 0;
    }
    if (n == 0) {
        int r = libc_snprintf(out, 32, "%.16G", v);
        n = r > 0 ? (size_t)r : 0;
    }
    out[n] = '\0';
    return n;
}

/* 1 when fmt holds no conversion but %s, %d, %.16G and %%. */
static int simple_format(const char *fmt)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == 's' || p[1] == 'd' || p[1] == '%')
            p++;
        else if (p[1] == '.' && p[2] == '1' && p[3] == '6' && p[4] == 'G')
            p += 4;
        else
            return 0;
    }
    return 1;
}

/* n bytes onto fp: into its buffer while they fit, as putc_unlocked
 * puts one byte (glibc's public FILE fields), else by fwrite_unlocked.
 * 0, or -1 on a write error. */
static int put(FILE *fp, const char *s, size_t n)
{
    if (fp->_IO_write_ptr && (size_t)(fp->_IO_write_end - fp->_IO_write_ptr) >= n) {
        memcpy(fp->_IO_write_ptr, s, n);
        fp->_IO_write_ptr += n;
        return 0;
    }
    return fwrite_unlocked(s, 1, n, fp) == n ? 0 : -1;
}

/* The expansion of a simple format (see simple_format) onto fp; the
 * number of bytes, or -1 on a write error. */
static int print_simple(FILE *fp, const char *fmt, va_list ap)
{
    size_t total = 0;
    int failed = 0;
    flockfile(fp);
    for (const char *p = fmt; *p;) {
        const char *q = p;
        while (*q && *q != '%')
            q++;
        if (q > p) {
            failed |= put(fp, p, (size_t)(q - p));
            total += (size_t)(q - p);
        }
        if (!*q)
            break;
        char num[40];
        const char *s = num;
        size_t n;
        if (q[1] == 's') {
            s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            n = strlen(s);
            p = q + 2;
        } else if (q[1] == 'd') {
            n = lxwfmt_int(va_arg(ap, int), num);
            p = q + 2;
        } else if (q[1] == '%') {
            s = "%";
            n = 1;
            p = q + 2;
        } else { /* %.16G */
            n = lxwfmt_g16(va_arg(ap, double), num);
            p = q + 5;
        }
        failed |= put(fp, s, n);
        total += n;
    }
    funlockfile(fp);
    if (failed || total > INT32_MAX)
        return -1;
    return (int)total;
}

int __fprintf_chk(FILE *fp, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = simple_format(fmt) ? print_simple(fp, fmt, ap) : __vfprintf_chk(fp, flag, fmt, ap);
    va_end(ap);
    return r;
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r;
    int is_int = fmt[0] == '%' && fmt[1] == 'd' && fmt[2] == '\0';
    if (is_int || strcmp(fmt, "%.16G") == 0) {
        char num[40];
        size_t len =
            is_int ? lxwfmt_int(va_arg(ap, int), num) : lxwfmt_g16(va_arg(ap, double), num);
        if (n > 0) {
            size_t c = len < n - 1 ? len : n - 1;
            memcpy(s, num, c);
            s[c] = '\0';
        }
        r = (int)len;
    } else {
        r = vsnprintf(s, n, fmt, ap);
    }
    va_end(ap);
    return r;
}

/* ---- XML attributes -------------------------------------------------------------------- */

/* libxlsxwriter copies each attribute's key and value with strncpy into
 * fields of 2,080 bytes, which pads both with zeros to the end; a copy up
 * to the NUL is the same string. At most LXW_MAX_ATTRIBUTE_LENGTH - 1
 * bytes, as there. */
static void attr_copy(char *dst, const char *src)
{
    size_t n = strnlen(src, LXW_MAX_ATTRIBUTE_LENGTH - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

struct xml_attribute *lxw_new_attribute_str(const char *key, const char *value)
{
    struct xml_attribute *a = malloc(sizeof *a);
    if (a) {
        attr_copy(a->key, key);
        attr_copy(a->value, value);
    }
    return a;
}

struct xml_attribute *lxw_new_attribute_int(const char *key, uint32_t value)
{
    struct xml_attribute *a = malloc(sizeof *a);
    if (a) {
        attr_copy(a->key, key);
        lxwfmt_int((int)value, a->value); /* "%d", as the library prints it */
    }
    return a;
}

struct xml_attribute *lxw_new_attribute_dbl(const char *key, double value)
{
    struct xml_attribute *a = malloc(sizeof *a);
    if (a) {
        attr_copy(a->key, key);
        lxwfmt_g16(value, a->value);
    }
    return a;
}

/* ---- XML elements ------------------------------------------------------------------------ */

/* libxlsxwriter's element writers (xmlwriter.c) print each piece with its
 * own fprintf; here the same bytes go into the stream's buffer. The
 * escaping is the library's: in attribute values & < > " and newline,
 * in element data & < > (Excel does not escape quotes there). */
void _fprint_escaped_attributes(FILE *xmlfile, struct xml_attribute_list *attributes);
void _fprint_escaped_data(FILE *xmlfile, const char *data);

static void put_str(FILE *fp, const char *s)
{
    put(fp, s, strlen(s));
}

/* s with the characters of `special` replaced by their entities. */
static void put_escaped(FILE *fp, const char *s, const char *special)
{
    for (;;) {
        size_t run = strcspn(s, special);
        put(fp, s, run);
        s += run;
        switch (*s) {
        case '\0':
            return;
        case '&':
            put(fp, "&amp;", 5);
            break;
        case '<':
            put(fp, "&lt;", 4);
            break;
        case '>':
            put(fp, "&gt;", 4);
            break;
        case '"':
            put(fp, "&quot;", 6);
            break;
        default: /* '\n' */
            put(fp, "&#xA;", 5);
            break;
        }
        s++;
    }
}

static void put_attributes(FILE *fp, struct xml_attribute_list *attributes, int escape)
{
    if (!attributes)
        return;
    struct xml_attribute *a;
    STAILQ_FOREACH(a, attributes, list_entries)
    {
        put(fp, " ", 1);
        put_str(fp, a->key);
        put(fp, "=\"", 2);
        if (escape)
            put_escaped(fp, a->value, "&<>\"\n");
        else
            put_str(fp, a->value);
        put(fp, "\"", 1);
    }
}

/* <tag attributes> then `close` (">" or "/>"). */
static void put_tag(FILE *fp, const char *tag, struct xml_attribute_list *attributes, int escape,
                    const char *close)
{
    flockfile(fp);
    put(fp, "<", 1);
    put_str(fp, tag);
    put_attributes(fp, attributes, escape);
    put_str(fp, close);
    funlockfile(fp);
}

void _fprint_escaped_attributes(FILE *xmlfile, struct xml_attribute_list *attributes)
{
    flockfile(xmlfile);
    put_attributes(xmlfile, attributes, 1);
    funlockfile(xmlfile);
}

void _fprint_escaped_data(FILE *xmlfile, const char *data)
{
    flockfile(xmlfile);
    put_escaped(xmlfile, data, "&<>");
    funlockfile(xmlfile);
}

void lxw_xml_start_tag(FILE *xmlfile, const char *tag, struct xml_attribute_list *attributes)
{
    put_tag(xmlfile, tag, attributes, 1, ">");
}

void lxw_xml_start_tag_unencoded(FILE *xmlfile, const char *tag,
                                 struct xml_attribute_list *attributes)
{
    put_tag(xmlfile, tag, attributes, 0, ">");
}

void lxw_xml_empty_tag(FILE *xmlfile, const char *tag, struct xml_attribute_list *attributes)
{
    put_tag(xmlfile, tag, attributes, 1, "/>");
}

void lxw_xml_empty_tag_unencoded(FILE *xmlfile, const char *tag,
                                 struct xml_attribute_list *attributes)
{
    put_tag(xmlfile, tag, attributes, 0, "/>");
}

void lxw_xml_end_tag(FILE *xmlfile, const char *tag)
{
    flockfile(xmlfile);
    put(xmlfile, "</", 2);
    put_str(xmlfile, tag);
    put(xmlfile, ">", 1);
    funlockfile(xmlfile);
}

void lxw_xml_data_element(FILE *xmlfile, const char *tag, const char *data,
                          struct xml_attribute_list *attributes)
{
    flockfile(xmlfile);
    put(xmlfile, "<", 1);
    put_str(xmlfile, tag);
    put_attributes(xmlfile, attributes, 1);
    put(xmlfile, ">", 1);
    put_escaped(xmlfile, data, "&<>");
    put(xmlfile, "</", 2);
    put_str(xmlfile, tag);
    put(xmlfile, ">", 1);
    funlockfile(xmlfile);
}
