/* pdfpack.c - object streams and the cross-reference stream (see
 * pdfpack.h). */
#include "pdfpack.h"

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

struct pdfpack {
    uint32_t first;
    sbuf body;  /* the bodies, each followed by a line feed */
    size_t *at; /* where object i's body starts in body */
    size_t n, cap;
};

pdfpack *pack_new(uint32_t first)
{
    pdfpack *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->first = first;
    sbuf_init(&p->body);
    return p;
}

void pack_free(pdfpack *p)
{
    if (!p)
        return;
    sbuf_free(&p->body);
    free(p->at);
    free(p);
}

uint32_t pack_next(const pdfpack *p)
{
    return p->first + (uint32_t)p->n;
}

sbuf *pack_begin(pdfpack *p)
{
    if (p->n == p->cap) {
        size_t c = p->cap ? p->cap * 2 : 1024;
        size_t *at = realloc(p->at, c * sizeof *at);
        if (!at) {
            p->body.failed = 1;
            return &p->body;
        }
        p->at = at;
        p->cap = c;
    }
    if (p->n)
        pack_add(&p->body, "\n", 1);
    p->at[p->n++] = p->body.len;
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

/* The digits of v, preceded by a space where needed and followed by tail,
 * in one append: a structure element is mostly references. */
static void add_number(sbuf *b, uint64_t v, const char *tail, size_t tn)
{
    char d[40];
    size_t i = 24;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
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
 * at a time: the alt text of a large chart has some 10,000 characters,
 * mostly as UTF-16 (a number's no-break space). Measured on the circle
 * report of 400 participants (1.6 MB of alt text): the tree's
 * serialization 0.046 -> 0.043 s CPU against one append per byte. */
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

void pack_text(sbuf *b, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    int ascii = 1;
    for (const unsigned char *p = s; *p && ascii; p++)
        ascii = *p >= 0x20 && *p < 0x7F;
    chunk c;
    c.b = b;
    c.n = 0;
    chunk_put(&c, '(');
    if (ascii) {
        for (; *s; s++)
            add_escaped(&c, *s);
    } else {
        chunk_put(&c, '\xFE');
        chunk_put(&c, '\xFF');
        while (*s) {
            uint32_t u = next_utf8(&s);
            if (u < 0x10000) {
                add_unit(&c, u);
            } else {
                u -= 0x10000;
                add_unit(&c, 0xD800 | u >> 10);
                add_unit(&c, 0xDC00 | (u & 0x3FF));
            }
        }
    }
    chunk_put(&c, ')');
    sbuf_add(b, c.s, c.n);
}

/* ---- writing ------------------------------------------------------------------------ */

typedef struct {
    FILE *fp;
    uint64_t pos; /* bytes of the file written so far */
    int bad;
} out;

static void put(out *o, const void *s, size_t n)
{
    if (!o->bad && n && fwrite(s, 1, n, o->fp) != n)
        o->bad = 1;
    o->pos += n;
}

/* A growable byte buffer for deflated data, reused from stream to stream. */
typedef struct {
    unsigned char *s;
    size_t len, cap;
} zbuf;

/* Deflates n bytes of in into z (zlib format, which FlateDecode reads).
 * 0, -1 when the compressor fails, -2 when out of memory. */
static int deflate_all(struct libdeflate_compressor *c, const void *in, size_t n, zbuf *z)
{
    size_t bound = libdeflate_zlib_compress_bound(c, n);
    if (bound > z->cap) {
        unsigned char *s = realloc(z->s, bound);
        if (!s)
            return -2;
        z->s = s;
        z->cap = bound;
    }
    z->len = libdeflate_zlib_compress(c, in, n, z->s, bound);
    return z->len ? 0 : -1;
}

/* A stream object: "N 0 obj <<dict /Length L>> stream ... endstream endobj". */
static void put_stream(out *o, uint32_t num, const char *dict, const zbuf *z)
{
    char head[400];
    int n = snprintf(head, sizeof head, "%u 0 obj\n<<%s/Length %zu>>\nstream\n", num, dict, z->len);
    put(o, head, (size_t)n);
    put(o, z->s, z->len);
    put(o, "\nendstream\nendobj\n", 18);
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

/* The object streams; their offsets into soff. */
static kv_status put_objstms(pdfpack *p, out *o, struct libdeflate_compressor *zc, uint64_t *soff)
{
    sbuf raw;
    sbuf_init(&raw);
    zbuf z = {NULL, 0, 0};
    kv_status st = KV_OK;
    uint32_t num = p->first + (uint32_t)p->n;
    for (size_t g0 = 0; g0 < p->n && st == KV_OK; g0 += PACK_PER_STREAM, num++) {
        size_t g1 = g0 + PACK_PER_STREAM < p->n ? g0 + PACK_PER_STREAM : p->n;
        size_t end = g1 < p->n ? p->at[g1] : p->body.len;
        sbuf_truncate(&raw, 0);
        for (size_t i = g0; i < g1; i++) {
            pack_uint(&raw, p->first + (uint32_t)i);
            pack_uint(&raw, (uint32_t)(p->at[i] - p->at[g0]));
        }
        sbuf_addc(&raw, '\n');
        size_t first = raw.len;
        sbuf_add(&raw, p->body.s + p->at[g0], end - p->at[g0]);
        if (sbuf_failed(&raw)) {
            st = KV_ERR_NOMEM;
            break;
        }
        int rc = deflate_all(zc, raw.s, raw.len, &z);
        if (rc < 0) {
            st = rc == -2 ? KV_ERR_NOMEM : KV_ERR_INTERNAL;
            break;
        }
        char dict[96];
        snprintf(dict, sizeof dict, "/Type/ObjStm/N %zu/First %zu/Filter/FlateDecode", g1 - g0,
                 first);
        soff[num - p->first - p->n] = o->pos;
        put_stream(o, num, dict, &z);
    }
    sbuf_free(&raw);
    free(z.s);
    return st;
}

/* The cross-reference stream (rows with the PNG Up predictor, which
 * deflates rising offsets well), startxref and %%EOF. */
static kv_status put_xref(pdfpack *p, out *o, struct libdeflate_compressor *zc,
                          const uint64_t *offset, const uint64_t *soff, size_t nstreams,
                          const char *trailer)
{
    uint32_t xnum = p->first + (uint32_t)(p->n + nstreams), size = xnum + 1;
    uint64_t xpos = o->pos, most = xpos > size ? xpos : size;
    int w = 1;
    while (w < 8 && (most >> (8 * w)) != 0)
        w++;
    size_t cols = (size_t)w + 3;
    unsigned char *rows = calloc((size_t)size, cols + 1), prev[16] = {0}, cur[16];
    if (!rows)
        return KV_ERR_NOMEM;
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
            row(cur, 1, soff[i - p->first - p->n], w, 0);
        else
            row(cur, 1, xpos, w, 0);
        unsigned char *r = rows + (size_t)i * (cols + 1);
        r[0] = 2; /* Up */
        for (size_t c = 0; c < cols; c++)
            r[c + 1] = (unsigned char)(cur[c] - prev[c]);
        memcpy(prev, cur, cols);
    }
    zbuf z = {NULL, 0, 0};
    kv_status st = KV_OK;
    int rc = deflate_all(zc, rows, (size_t)size * (cols + 1), &z);
    if (rc < 0) {
        st = rc == -2 ? KV_ERR_NOMEM : KV_ERR_INTERNAL;
    } else {
        sbuf dict;
        sbuf_init(&dict);
        sbuf_addf(&dict,
                  "/Type/XRef/Size %u/W[1 %d 2]%s/Filter/FlateDecode"
                  "/DecodeParms<</Columns %zu/Predictor 12>>",
                  size, w, trailer, cols);
        if (sbuf_failed(&dict)) {
            st = KV_ERR_NOMEM;
        } else {
            put_stream(o, xnum, dict.s, &z);
            char tail[64];
            int n =
                snprintf(tail, sizeof tail, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)xpos);
            put(o, tail, (size_t)n);
        }
        sbuf_free(&dict);
    }
    free(z.s);
    free(rows);
    return st;
}

kv_status pack_write(pdfpack *p, FILE *fp, uint64_t len, const uint64_t *offset,
                     const char *trailer)
{
    if (sbuf_failed(&p->body))
        return KV_ERR_NOMEM;
    size_t nstreams = (p->n + PACK_PER_STREAM - 1) / PACK_PER_STREAM;
    uint64_t *soff = calloc(nstreams + 1, sizeof *soff);
    struct libdeflate_compressor *zc = libdeflate_alloc_compressor(PACK_LEVEL);
    if (!soff || !zc) {
        if (zc)
            libdeflate_free_compressor(zc);
        free(soff);
        return KV_ERR_NOMEM;
    }
    out o = {fp, len, 0};
    kv_status st = put_objstms(p, &o, zc, soff);
    if (st == KV_OK)
        st = put_xref(p, &o, zc, offset, soff, nstreams, trailer);
    libdeflate_free_compressor(zc);
    free(soff);
    if (st == KV_OK && (o.bad || fflush(fp) != 0 || ferror(fp)))
        st = KV_ERR_OUTPUT;
    return st;
}
