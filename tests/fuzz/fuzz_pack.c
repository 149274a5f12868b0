/* libFuzzer target: pdfpack's text strings (alternative texts, IDs). The
 * literal must be balanced with every delimiter escaped, and it must read
 * back: in PDFDocEncoding (ISO 32000-1, table D.2, its own table here)
 * exactly the input, which must then be well-formed UTF-8 of characters
 * that PDFDocEncoding has; else as UTF-16BE after a byte order mark whose
 * characters are the input's (U+FFFD for each malformed sequence;
 * well-formed UTF-8 comes back byte for byte). Printable ASCII is always
 * itself. */
#include "pdfpack.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The literal's bytes with its escapes undone; aborts on a bare delimiter. */
static size_t unescape(const char *s, size_t n, unsigned char *out)
{
    if (n < 2 || s[0] != '(' || s[n - 1] != ')')
        abort();
    size_t k = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        char c = s[i];
        if (c == '(' || c == ')' || c == '\r' || c == '\n')
            abort();
        if (c != '\\') {
            out[k++] = (unsigned char)c;
            continue;
        }
        c = s[++i];
        if (i + 1 >= n)
            abort(); /* the closing parenthesis escaped */
        out[k++] = c == 'r' ? '\r' : c == 'n' ? '\n' : (unsigned char)c;
        if (c == '\0' || !strchr("()\\rn", c))
            abort();
    }
    return k;
}

static size_t put_utf8(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | c >> 18);
    o[1] = (char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* PDFDocEncoding 0x80 .. 0x9E (table D.2). */
static const uint16_t doc80[] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                                 0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
                                 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
                                 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E};

/* The character of a PDFDocEncoding byte; aborts on a byte the writer
 * must not use (undefined, a control, or a spacing accent 0x18 .. 0x1F). */
static uint32_t doc_char(unsigned char c)
{
    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F) || (c >= 0xA1 && c != 0xAD))
        return c;
    if (c == 0xA0)
        return 0x20AC;
    if (c >= 0x80 && c < 0x9F)
        return doc80[c - 0x80];
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1);
    memcpy(in, data, size);
    in[size] = '\0';
    size_t n = strlen(in);
    sbuf b;
    sbuf_init(&b);
    pack_text(&b, in);
    if (sbuf_failed(&b))
        abort();
    unsigned char *raw = malloc(b.len);
    size_t k = unescape(b.s, b.len, raw);
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        ascii &= in[i] >= 0x20 && in[i] < 0x7F;
    if (ascii) {
        if (k != n || memcmp(raw, in, n) != 0)
            abort();
    } else if (k < 2 || raw[0] != 0xFE || raw[1] != 0xFF) {
        /* PDFDocEncoding: the input exactly, so well-formed */
        char *back = malloc(4 * k + 1);
        size_t m = 0;
        for (size_t i = 0; i < k; i++)
            m += put_utf8(doc_char(raw[i]), back + m);
        if (m != n || memcmp(back, in, n) != 0)
            abort();
        free(back);
    } else {
        if (k < 2 || k % 2 || raw[0] != 0xFE || raw[1] != 0xFF)
            abort();
        char *back = malloc(2 * k + 1);
        size_t m = 0;
        for (size_t i = 2; i < k; i += 2) {
            uint32_t u = (uint32_t)raw[i] << 8 | raw[i + 1];
            if (u >= 0xDC00 && u < 0xE000)
                abort(); /* a low surrogate alone */
            if (u >= 0xD800 && u < 0xDC00) {
                if (i + 3 >= k)
                    abort();
                uint32_t lo = (uint32_t)raw[i + 2] << 8 | raw[i + 3];
                if (lo < 0xDC00 || lo >= 0xE000)
                    abort();
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
            m += put_utf8(u, back + m);
        }
        /* well-formed input reads back unchanged; never more characters */
        if (text_utf8_invalid(in, n) == n && (m != n || memcmp(back, in, n) != 0))
            abort();
        if ((k - 2) / 2 > n)
            abort();
        free(back);
    }
    free(raw);
    sbuf_free(&b);
    free(in);
    return 0;
}
