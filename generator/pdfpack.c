/* pdfpack.c - object streams and the cross-reference stream (see
 * pdfpack.h). */
#include "pdfpack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

/* Objects per object stream: qpdf writes 100; more deflate a little
 * better (400 structure elements are about 22 KB before deflating), and a
 * reader parses the whole stream for any one object of it, which stays
 * cheap at this size. Measured on the structure tree of 400 participants
 * (133,000 objects, 8.9 MB before deflating, in 334 streams): zlib 1.2.13
 * at level 1 took 0.047 s for 1.97 MB, at level 4 0.071 s for 1.81 MB, at
 * level 6 0.136 s for 1.72 MB (Z_HUFFMAN_ONLY and Z_RLE were slower and
 * 70 % larger); libdeflate 1.14 at level 1 0.023 s for 1.82 MB, at level
 * 6 0.090 s for 1.43 MB. 100 objects a stream instead of 400 cost 0.014 s
 * and 140 KB more with zlib, 1,000 gained nothing. */
#define PACK_PER_STREAM 400
#define PACK_LEVEL      1

/* The objects of the open object stream are collected in body; when the
 * stream is full (the next object is begun) or at pack_write, its header
 * and bodies are deflated and written out at once, so that only one
 * stream's text is held (about 25 KB, in the cache while it is deflated)
 * instead of the whole tree's (6.6 MB at 400 participants, grown by
 * doubling: 0.01 s of page faults and copies). */
struct pdfpack {
    uint32_t first;
    size_t count; /* objects to be packed: the streams are numbered after them */
    FILE *fp;
    uint64_t pos; /* bytes of the file written so far */
    kv_status st; /* the first failure, sticky; errno of an output failure in err */
    int err;
    sbuf body;                  /* the open stream's bodies, each followed by a line feed */
    size_t at[PACK_PER_STREAM]; /* where each starts in body */
    size_t n;                   /* objects begun */
    sbuf raw;                   /* a stream's header and bodies, to be deflated */
    unsigned char *z;           /* deflated, reused */
    size_t zcap;
    struct libdeflate_compressor *zc;
    uint64_t *soff; /* where each object stream starts in the file */
    size_t nstreams, scap;
};

pdfpack *pack_new(uint32_t first, size_t count, FILE *fp, uint64_t len)
{
    pdfpack *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->first = first;
    p->count = count;
    p->fp = fp;
    p->pos = len;
    sbuf_init(&p->body);
    sbuf_init(&p->raw);
    if (!(p->zc = libdeflate_alloc_compressor(PACK_LEVEL))) {
        free(p);
        return NULL;
    }
    return p;
}

void pack_free(pdfpack *p)
{
    if (!p)
        return;
    sbuf_free(&p->body);
    sbuf_free(&p->raw);
    free(p->z);
    free(p->soff);
    libdeflate_free_compressor(p->zc);
    free(p);
}

uint32_t pack_next(const pdfpack *p)
{
    return p->first + (uint32_t)p->n;
}

static void flush_stream(pdfpack *p);

sbuf *pack_begin(pdfpack *p)
{
    size_t i = p->n % PACK_PER_STREAM;
    if (p->n && i == 0)
        flush_stream(p);
    else if (p->n)
        pack_add(&p->body, "\n", 1);
    p->at[i] = p->body.len;
    p->n++;
    return &p->body;
}

/* ---- syntax ------------------------------------------------------------------------- */

/* 1 when the last byte would run into a number that follows (a regular
 * character: not a delimiter, not white space). */
static int needs_space(const sbuf *b)
{
    if (!b->len)
        return 0;
    switch (b->s[b->len - 1]) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '[':
    case ']':
    case '{':
    case '}':
    case '/':
    case '%':
    case ' ':
    case '\n':
        return 0;
    default:
        return 1;
    }
}

/* "00" .. "99": two digits a step (a structure element is mostly numbers,
 * some 600,000 of them in the tree of 400 participants) */
static const char two_digits[] = "00010203040506070809101112131415161718192021222324"
                                 "25262728293031323334353637383940414243444546474849"
                                 "50515253545556575859606162636465666768697071727374"
                                 "75767778798081828384858687888990919293949596979899";

/* The digits of v, preceded by a space where needed and followed by tail,
 * in one append. */
static void add_number(sbuf *b, uint64_t v, const char *tail, size_t tn)
{
    char d[40];
    size_t i = 24;
    while (v >= 100) {
        i -= 2;
        memcpy(d + i, two_digits + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        i -= 2;
        memcpy(d + i, two_digits + 2 * v, 2);
    } else {
        d[--i] = (char)('0' + v);
    }
    if (needs_space(b))
        d[--i] = ' ';
    memcpy(d + 24, tail, tn);
    pack_add(b, d + i, 24 - i + tn);
}

void pack_uint(sbuf *b, uint32_t v)
{
    add_number(b, v, "", 0);
}

void pack_ref(sbuf *b, uint32_t obj)
{
    add_number(b, obj, " 0 R", 4);
}

void pack_real(sbuf *b, double v)
{
    char s[48];
    int n = snprintf(s, sizeof s, "%.3f", v);
    if (n <= 0 || (size_t)n >= sizeof s) {
        n = 1;
        s[0] = '0';
    }
    while (n > 1 && s[n - 1] == '0')
        n--;
    if (s[n - 1] == '.')
        n--;
    if (n == 2 && s[0] == '-' && s[1] == '0')
        s[0] = '0', n = 1;
    if (needs_space(b))
        sbuf_addc(b, ' ');
    sbuf_add(b, s, (size_t)n);
}

/* Escaped text goes into a chunk on the stack and to the buffer a chunk
 * at a time: the alt text of a large chart has some 10,000 characters.
 * Measured on the circle report of 400 participants (1.6 MB of alt text,
 * as UTF-16 then): the tree's serialization 0.046 -> 0.043 s CPU against
 * one append per byte. */
typedef struct {
    sbuf *b;
    size_t n;
    char s[512];
} chunk;

static void chunk_put(chunk *c, char ch)
{
    if (c->n == sizeof c->s) {
        sbuf_add(c->b, c->s, c->n);
        c->n = 0;
    }
    c->s[c->n++] = ch;
}

static void add_escaped(chunk *c, unsigned char ch)
{
    switch (ch) {
    case '(':
    case ')':
    case '\\':
        chunk_put(c, '\\');
        chunk_put(c, (char)ch);
        break;
    case '\r': /* a reader turns a bare CR or CR LF into LF */
        chunk_put(c, '\\');
        chunk_put(c, 'r');
        break;
    case '\n':
        chunk_put(c, '\\');
        chunk_put(c, 'n');
        break;
    default:
        chunk_put(c, (char)ch);
    }
}

/* The next code point of s (advanced), U+FFFD for a malformed sequence. */
static uint32_t next_utf8(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t c = p[0];
    int n = c < 0x80                ? 0
            : c >= 0xC2 && c < 0xE0 ? 1
            : c >= 0xE0 && c < 0xF0 ? 2
            : c >= 0xF0 && c < 0xF5 ? 3
                                    : -1;
    if (n < 0) {
        *s = p + 1;
        return 0xFFFD;
    }
    c = n ? c & (0x3Fu >> n) : c;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s = p + i;
            return 0xFFFD;
        }
        c = c << 6 | (p[i] & 0x3F);
    }
    *s = p + n + 1;
    static const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
        return 0xFFFD;
    return c;
}

static void add_unit(chunk *c, uint32_t u)
{
    add_escaped(c, (unsigned char)(u >> 8));
    add_escaped(c, (unsigned char)(u & 0xFF));
}

/* PDFDocEncoding's bytes 0x80 .. 0x9E (ISO 32000-1, Annex D, table D.2),
 * where it is not Latin-1: bullet, daggers, ellipsis, dashes, florin,
 * fraction, guillemets, minus, per mille, quotes, trade mark, ligatures
 * and eleven letters of Latin Extended-A. */
static const uint16_t pdfdoc_80[] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                                     0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
                                     0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
                                     0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E};

/* The PDFDocEncoding byte of code point u, -1 where it has none: 0x7F,
 * 0x9F and 0xAD are undefined, 0xA0 is the euro sign (so U+00A0, the
 * no-break space, has no byte), and the control characters but tab, line
 * feed and carriage return are undefined too. 0x18 .. 0x1F (the spacing
 * accents) are left out on purpose: pdf.js takes 0x1B for the start of a
 * language escape in any text string. */
static int pdfdoc_byte(uint32_t u)
{
    if ((u >= 0x20 && u < 0x7F) || u == '\t' || u == '\n' || u == '\r' ||
        (u >= 0xA1 && u <= 0xFF && u != 0xAD))
        return (int)u;
    if (u == 0x20AC)
        return 0xA0;
    for (size_t i = 0; i < sizeof pdfdoc_80 / sizeof *pdfdoc_80; i++)
        if (pdfdoc_80[i] == u)
            return (int)(0x80 + i);
    return -1;
}

/* s in PDFDocEncoding, escaped; 0 at the first character it cannot
 * encode (what was put is then to be dropped). */
static int put_pdfdoc(chunk *c, const unsigned char *s)
{
    while (*s) {
        int ch = *s < 0x80 ? pdfdoc_byte(*s++) : pdfdoc_byte(next_utf8(&s));
        if (ch < 0)
            return 0;
        add_escaped(c, (unsigned char)ch);
    }
    return 1;
}

/* s in UTF-16BE with its byte order mark, escaped. */
static void put_utf16(chunk *c, const unsigned char *s)
{
    chunk_put(c, '\xFE');
    chunk_put(c, '\xFF');
    while (*s) {
        uint32_t u = next_utf8(&s);
        if (u < 0x10000) {
            add_unit(c, u);
        } else {
            u -= 0x10000;
            add_unit(c, 0xD800 | u >> 10);
            add_unit(c, 0xDC00 | (u & 0x3FF));
        }
    }
}

/* 1 when s starts with what a reader takes for a byte order mark in
 * PDFDocEncoding: "þÿ" or "ÿþ" (UTF-16, pdf.js reads both) or "ï»¿"
 * (UTF-8, PDF 2.0). */
static int starts_like_bom(const char *s)
{
    return strncmp(s, "\xC3\xBE\xC3\xBF", 4) == 0 || strncmp(s, "\xC3\xBF\xC3\xBE", 4) == 0 ||
           strncmp(s, "\xC3\xAF\xC2\xBB\xC2\xBF", 6) == 0;
}

/* PDFDocEncoding is tried first and dropped at the first character it
 * lacks (the alt texts of the report's charts are German: one pass for
 * nearly all of them); half the bytes of UTF-16 for the same text. */
void pack_text(sbuf *b, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t start = b->len;
    chunk c;
    c.b = b;
    c.n = 0;
    chunk_put(&c, '(');
    if (starts_like_bom(utf8) || !put_pdfdoc(&c, s)) {
        sbuf_truncate(b, start);
        c.n = 0;
        chunk_put(&c, '(');
        put_utf16(&c, s);
    }
    chunk_put(&c, ')');
    sbuf_add(b, c.s, c.n);
}

/* ---- writing ------------------------------------------------------------------------ */

static void put(pdfpack *p, const void *s, size_t n)
{
    if (p->st == KV_OK && n && fwrite(s, 1, n, p->fp) != n) {
        p->st = KV_ERR_OUTPUT;
        p->err = errno;
    }
    p->pos += n;
}

/* Deflates n bytes of in into p->z (zlib format, which FlateDecode reads);
 * its length, 0 after a failure (in p->st). */
static size_t deflate_all(pdfpack *p, const void *in, size_t n)
{
    size_t bound = libdeflate_zlib_compress_bound(p->zc, n);
    if (bound > p->zcap) {
        unsigned char *z = realloc(p->z, bound);
        if (!z) {
            p->st = KV_ERR_NOMEM;
            return 0;
        }
        p->z = z;
        p->zcap = bound;
    }
    size_t len = libdeflate_zlib_compress(p->zc, in, n, p->z, bound);
    if (!len)
        p->st = KV_ERR_INTERNAL;
    return len;
}

/* A stream object: "N 0 obj <<dict /Length L>> stream ... endstream endobj". */
static void put_stream(pdfpack *p, uint32_t num, const char *dict, size_t zlen)
{
    char head[400];
    int n = snprintf(head, sizeof head, "%u 0 obj\n<<%s/Length %zu>>\nstream\n", num, dict, zlen);
    put(p, head, (size_t)n);
    put(p, p->z, zlen);
    put(p, "\nendstream\nendobj\n", 18);
}

/* The open object stream, written and emptied: its number is the next
 * after the packed objects' and the streams' before it. */
static void flush_stream(pdfpack *p)
{
    size_t g1 = p->n, g0 = (g1 - 1) / PACK_PER_STREAM * PACK_PER_STREAM;
    if (p->st != KV_OK || g1 == 0)
        return;
    if (sbuf_failed(&p->body)) {
        p->st = KV_ERR_NOMEM;
        return;
    }
    if (p->nstreams == p->scap) {
        size_t c = p->scap ? p->scap * 2 : 64;
        uint64_t *o = realloc(p->soff, c * sizeof *o);
        if (!o) {
            p->st = KV_ERR_NOMEM;
            return;
        }
        p->soff = o;
        p->scap = c;
    }
    sbuf *raw = &p->raw;
    sbuf_truncate(raw, 0);
    for (size_t i = g0; i < g1; i++) {
        pack_uint(raw, p->first + (uint32_t)i);
        pack_uint(raw, (uint32_t)p->at[i - g0]);
    }
    sbuf_addc(raw, '\n');
    size_t first = raw->len;
    sbuf_add(raw, p->body.s, p->body.len);
    if (sbuf_failed(raw)) {
        p->st = KV_ERR_NOMEM;
        return;
    }
    size_t zlen = deflate_all(p, raw->s, raw->len);
    if (!zlen)
        return;
    char dict[96];
    snprintf(dict, sizeof dict, "/Type/ObjStm/N %zu/First %zu/Filter/FlateDecode", g1 - g0, first);
    p->soff[p->nstreams] = p->pos;
    put_stream(p, p->first + (uint32_t)(p->count + p->nstreams), dict, zlen);
    p->nstreams++;
    sbuf_truncate(&p->body, 0);
}

/* One cross-reference row: type, field 2 in w bytes, field 3 in two. */
static void row(unsigned char *r, int type, uint64_t f2, int w, unsigned f3)
{
    r[0] = (unsigned char)type;
    for (int i = w; i >= 1; i--, f2 >>= 8)
        r[i] = (unsigned char)(f2 & 0xFF);
    r[w + 1] = (unsigned char)(f3 >> 8);
    r[w + 2] = (unsigned char)(f3 & 0xFF);
}

/* The cross-reference stream (rows with the PNG Up predictor, which
 * deflates rising offsets well), startxref and %%EOF. */
static void put_xref(pdfpack *p, const uint64_t *offset, const char *trailer)
{
    uint32_t xnum = p->first + (uint32_t)(p->n + p->nstreams), size = xnum + 1;
    uint64_t xpos = p->pos, most = xpos > size ? xpos : size;
    int w = 1;
    while (w < 8 && (most >> (8 * w)) != 0)
        w++;
    size_t cols = (size_t)w + 3;
    unsigned char *rows = calloc((size_t)size, cols + 1), prev[16] = {0}, cur[16];
    if (!rows) {
        p->st = KV_ERR_NOMEM;
        return;
    }
    for (uint32_t i = 0; i < size; i++) {
        if (i == 0)
            row(cur, 0, 0, w, 65535);
        else if (i < p->first)
            row(cur, offset[i] == UINT64_MAX ? 0 : 1, offset[i] == UINT64_MAX ? 0 : offset[i], w,
                0);
        else if (i < p->first + p->n)
            row(cur, 2, p->first + p->n + (i - p->first) / PACK_PER_STREAM, w,
                (unsigned)((i - p->first) % PACK_PER_STREAM));
        else if (i < xnum)
            row(cur, 1, p->soff[i - p->first - p->n], w, 0);
        else
            row(cur, 1, xpos, w, 0);
        unsigned char *r = rows + (size_t)i * (cols + 1);
        r[0] = 2; /* Up */
        for (size_t c = 0; c < cols; c++)
            r[c + 1] = (unsigned char)(cur[c] - prev[c]);
        memcpy(prev, cur, cols);
    }
    size_t zlen = deflate_all(p, rows, (size_t)size * (cols + 1));
    free(rows);
    if (!zlen)
        return;
    sbuf dict;
    sbuf_init(&dict);
    sbuf_addf(&dict,
              "/Type/XRef/Size %u/W[1 %d 2]%s/Filter/FlateDecode"
              "/DecodeParms<</Columns %zu/Predictor 12>>",
              size, w, trailer, cols);
    if (sbuf_failed(&dict)) {
        p->st = KV_ERR_NOMEM;
    } else {
        put_stream(p, xnum, dict.s, zlen);
        char tail[64];
        int n = snprintf(tail, sizeof tail, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)xpos);
        put(p, tail, (size_t)n);
    }
    sbuf_free(&dict);
}

kv_status pack_write(pdfpack *p, const uint64_t *offset, const char *trailer, int *err)
{
    if (p->n != p->count && p->st == KV_OK)
        p->st = KV_ERR_INTERNAL;
    flush_stream(p);
    if (p->st == KV_OK)
        put_xref(p, offset, trailer);
    if (p->st == KV_OK && (fflush(p->fp) != 0 || ferror(p->fp))) {
        p->st = KV_ERR_OUTPUT;
        p->err = errno;
    }
    *err = p->err;
    return p->st;
}
