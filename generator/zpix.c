/* zpix.c - deflate with fixed Huffman codes for PNG-filtered chart rows.
 *
 * Only two kinds of match are ever emitted: distance 1 (a run of zero
 * bytes: pixels equal to the ones above, after the Up filter) and
 * distance 3 (a run of equal filtered pixels). Everything else is a literal. That is
 * all the redundancy a chart has that is cheap to find. */
#include "zpix.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define ADLER_BASE 65521u
#define MAX_SIDE   65535

typedef struct {
    unsigned char *o; /* next output byte */
    uint64_t bits;    /* pending bits, LSB first */
    int nbits;
} bitw;

/* Fixed Huffman code of each literal/length symbol, bit-reversed for the
 * LSB-first bit order of deflate (RFC 1951, 3.2.6). */
static uint16_t lit_code[288];
static uint8_t lit_bits[288];
/* per match length 3..258: symbol, extra bit count, extra value */
static uint16_t len_sym[259];
static uint8_t len_xbits[259];
static uint8_t len_xval[259];
static int ready;

static uint32_t reverse(uint32_t code, int n)
{
    uint32_t r = 0;
    for (int i = 0; i < n; i++, code >>= 1)
        r = (r << 1) | (code & 1);
    return r;
}

static void init_tables(void)
{
    for (int s = 0; s < 288; s++) {
        uint32_t code;
        int n;
        if (s < 144)
            code = 0x30 + (uint32_t)s, n = 8;
        else if (s < 256)
            code = 0x190 + (uint32_t)(s - 144), n = 9;
        else if (s < 280)
            code = (uint32_t)(s - 256), n = 7;
        else
            code = 0xC0 + (uint32_t)(s - 280), n = 8;
        lit_code[s] = (uint16_t)reverse(code, n);
        lit_bits[s] = (uint8_t)n;
    }
    static const uint16_t base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const uint8_t xbits[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    for (int len = 3, s = 0; len <= 258; len++) {
        while (s < 28 && base[s + 1] <= len)
            s++;
        len_sym[len] = (uint16_t)(257 + s);
        len_xbits[len] = xbits[s];
        len_xval[len] = (uint8_t)(len - base[s]);
    }
    ready = 1;
}

static inline void put(bitw *b, uint32_t v, int n)
{
    b->bits |= (uint64_t)v << b->nbits;
    b->nbits += n;
    if (b->nbits >= 32) {
        for (int i = 0; i < 4; i++)
            *b->o++ = (unsigned char)(b->bits >> (8 * i));
        b->bits >>= 32;
        b->nbits -= 32;
    }
}

static inline void literal(bitw *b, unsigned c)
{
    put(b, lit_code[c], lit_bits[c]);
}

/* n bytes that repeat the byte dist (1 or 3) back; n >= 3 */
static void copy(bitw *b, size_t n, int dist)
{
    /* distance codes 0 (distance 1) and 2 (distance 3), 5 bits, no extra */
    uint32_t dcode = dist == 1 ? 0 : reverse(2, 5);
    while (n > 0) {
        size_t l = n > 258 ? 258 : n;
        if (n - l > 0 && n - l < 3)
            l = n - 3; /* leave a legal remainder */
        unsigned s = len_sym[l];
        put(b, lit_code[s], lit_bits[s]);
        if (len_xbits[l])
            put(b, len_xval[l], len_xbits[l]);
        put(b, dcode, 5);
        n -= l;
    }
}

/* The Adler-32 sum after one more byte c, and after n more zero bytes
 * (they leave s1 as it is and add n * s1 to s2). */
static uint32_t adler_byte(uint32_t adler, unsigned c)
{
    uint64_t s1 = adler & 0xFFFF, s2 = adler >> 16;
    s1 = (s1 + c) % ADLER_BASE;
    s2 = (s2 + s1) % ADLER_BASE;
    return (uint32_t)(s2 << 16 | s1);
}

static uint32_t adler_zeros(uint32_t adler, size_t n)
{
    uint64_t s1 = adler & 0xFFFF, s2 = adler >> 16;
    s2 = (s2 + (n % ADLER_BASE) * s1) % ADLER_BASE;
    return (uint32_t)(s2 << 16 | s1);
}

/* n zero bytes: one literal, then a copy of the byte before. */
static void zero_run(bitw *b, size_t n)
{
    if (n == 0)
        return;
    literal(b, 0);
    if (n - 1 >= 3)
        copy(b, n - 1, 1);
    else
        for (size_t i = 1; i < n; i++)
            literal(b, 0);
}

/* Filtered pixels f[0..n): literal pixels and runs of equal ones. */
static void pixel_run(bitw *b, const unsigned char *f, size_t n)
{
    for (size_t i = 0; i < n;) {
        literal(b, f[i]);
        literal(b, f[i + 1]);
        literal(b, f[i + 2]);
        size_t j = i + 3;
        while (j < n && f[j] == f[i] && f[j + 1] == f[i + 1] && f[j + 2] == f[i + 2])
            j += 3;
        if (j > i + 3)
            copy(b, j - i - 3, 3);
        i = j;
    }
}

/* One row: filter Up below the first row (None on it). Under the Up
 * filter the pixels equal to the ones above are zero bytes; only the span
 * between the first and the last changed pixel is filtered into f and
 * looked at, the zeros around it are runs. A row equal to the one above
 * is a single run. */
static uint32_t encode_row(bitw *b, const uint32_t *row, const uint32_t *up, int w,
                           unsigned char *f, uint32_t adler)
{
    int lo = 0, hi = w;
    if (up) {
        while (lo < w && row[lo] == up[lo])
            lo++;
        while (hi > lo && row[hi - 1] == up[hi - 1])
            hi--;
    }
    unsigned type = up ? 2 : 0;
    literal(b, type);
    adler = adler_byte(adler, type);
    zero_run(b, 3 * (size_t)lo);
    adler = adler_zeros(adler, 3 * (size_t)lo);
    size_t n = 0;
    for (int x = lo; x < hi; x++, n += 3) {
        uint32_t p = row[x], u = up ? up[x] : 0;
        f[n] = (unsigned char)((p >> 16) - (u >> 16));
        f[n + 1] = (unsigned char)((p >> 8) - (u >> 8));
        f[n + 2] = (unsigned char)(p - u);
    }
    pixel_run(b, f, n);
    adler = (uint32_t)adler32(adler, f, (uInt)n);
    zero_run(b, 3 * (size_t)(w - hi));
    return adler_zeros(adler, 3 * (size_t)(w - hi));
}

int zpix_encode(const uint32_t *px, size_t stride, int w, int h, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || stride < (size_t)w * 4)
        return -1;
    if (!ready)
        init_tables();
    size_t rowbytes = 3 * (size_t)w;
    /* a literal costs at most 9 bits, a match less per byte it covers */
    size_t cap = 2 + (size_t)h * (rowbytes + 1) / 8 * 9 + (size_t)h * 2 + 64;
    unsigned char *z = malloc(cap), *f = malloc(rowbytes + 1);
    if (!z || !f) {
        free(z);
        free(f);
        return -1;
    }
    z[0] = 0x78; /* deflate, 32 KB window */
    z[1] = 0x01; /* no dictionary, check bits */
    bitw b = {z + 2, 0, 0};
    put(&b, 1, 1); /* final block */
    put(&b, 1, 2); /* fixed Huffman codes */
    uint32_t adler = 1;
    const uint32_t *up = NULL;
    for (int y = 0; y < h; y++) {
        const uint32_t *row =
            (const uint32_t *)(const void *)((const char *)px + (size_t)y * stride);
        if (up && memcmp(row, up, (size_t)w * 4) == 0) {
            literal(&b, 2); /* a row equal to the one above: filter Up, zeros */
            adler = adler_zeros(adler_byte(adler, 2), rowbytes);
            zero_run(&b, rowbytes);
        } else {
            adler = encode_row(&b, row, up, w, f, adler);
        }
        up = row;
    }
    literal(&b, 256); /* end of block */
    while (b.nbits > 0) {
        *b.o++ = (unsigned char)b.bits;
        b.bits >>= 8;
        b.nbits -= 8;
    }
    for (int i = 3; i >= 0; i--)
        *b.o++ = (unsigned char)(adler >> (8 * i));
    free(f);
    *len = (size_t)(b.o - z);
    unsigned char *shrunk = realloc(z, *len);
    *out = shrunk ? shrunk : z;
    return 0;
}
