/* lxwpack.c - libxlsxwriter's temporary parts in memory, its zip entries
 * deflated at level 1 (libdeflate), three corrections to the parts (see lxwpack.h). */
#include "lxwpack.h"

#include <dlfcn.h>
#include <errno.h>
#include <libdeflate.h>
#include <limits.h>
#include <minizip/zip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <xlsxwriter.h>
#include <zlib.h>

static int failed;

/* What a part needs before it is packed. */
typedef enum { FIX_NONE = 0, FIX_CHART, FIX_APP } part_fix;

int lxwpack_failed(void)
{
    int f = failed;
    failed = 0;
    return f;
}

typedef struct {
    char *buf;
    size_t len, cap, pos;
} part;

/* The part created last and its stream: the packager writes a part
 * completely, then opens its zip entry, then reads it back. */
static part *newest;
static FILE *newest_fp;

/* Replaces every `from` by `to` in p's text; leaves p as it was when
 * out of memory (and says so through lxwpack_failed). */
static void part_replace(part *p, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), n = 0;
    for (char *h = p->buf; (h = memmem(h, p->len - (size_t)(h - p->buf), from, fl)); h += fl) {
        if (tl == fl) /* in place */
            for (size_t i = 0; i < tl; i++)
                h[i] = to[i];
        n++;
    }
    if (tl == fl)
        return;
    if (n == 0)
        return;
    size_t len = p->len - n * fl + n * tl;
    char *out = malloc(len + 1), *o = out;
    if (!out) {
        failed = 1;
        return;
    }
    const char *at = p->buf, *end = p->buf + p->len, *h;
    while ((h = memmem(at, (size_t)(end - at), from, fl))) {
        memcpy(o, at, (size_t)(h - at)); /* a part is no C string */
        o += h - at;
        memcpy(o, to, tl);
        o += tl;
        at = h + fl;
    }
    memcpy(o, at, (size_t)(end - at));
    free(p->buf);
    p->buf = out;
    p->len = len;
    p->cap = len + 1;
}

/* Inserts text before the last `before` in p, unless `unless` occurs. */
static void part_insert(part *p, const char *before, const char *text, const char *unless)
{
    size_t bl = strlen(before), tl = strlen(text);
    if (memmem(p->buf, p->len, unless, strlen(unless)))
        return;
    char *hit = NULL, *h;
    for (size_t at = 0; (h = memmem(p->buf + at, p->len - at, before, bl));
         at = (size_t)(h - p->buf) + 1)
        hit = h;
    if (!hit)
        return;
    size_t i = (size_t)(hit - p->buf);
    if (p->len + tl > p->cap) {
        char *grown = realloc(p->buf, p->len + tl);
        if (!grown) {
            failed = 1;
            return;
        }
        p->buf = grown;
        p->cap = p->len + tl;
    }
    memmove(p->buf + i + tl, p->buf + i, p->len - i);
    memcpy(p->buf + i, text, tl);
    p->len += tl;
}

/* Charts: German as their language; missing values as gaps, which
 * libxlsxwriter 1.1.4 means by writing no dispBlanksAs at all although
 * the schema's default is "zero"; scatter lines straight, as they are
 * meant. The application: not "Microsoft Excel". */
static void part_fix_text(part *p, part_fix fix)
{
    if (fix == FIX_CHART) {
        part_replace(p, "lang val=\"en-US\"", "lang val=\"de-DE\"");
        part_replace(p, "lang=\"en-US\"", "lang=\"de-DE\"");
        part_insert(p, "</c:chart>", "<c:dispBlanksAs val=\"gap\"/>", "<c:dispBlanksAs");
        /* straight lines: without c:smooth LibreOffice draws curves */
        if (memmem(p->buf, p->len, "<c:scatterChart>", 16) &&
            !memmem(p->buf, p->len, "<c:smooth", 9))
            part_replace(p, "</c:ser>", "<c:smooth val=\"0\"/></c:ser>");
    } else if (fix == FIX_APP) {
        part_replace(p, "<Application>Microsoft Excel</Application>",
                     "<Application>kvreport</Application>");
    }
}

static ssize_t part_read(void *cookie, char *out, size_t n)
{
    part *p = cookie;
    if (p->pos >= p->len)
        return 0;
    if (n > p->len - p->pos)
        n = p->len - p->pos;
    memcpy(out, p->buf + p->pos, n);
    p->pos += n;
    return (ssize_t)n;
}

static ssize_t part_write(void *cookie, const char *in, size_t n)
{
    part *p = cookie;
    if (n > SIZE_MAX / 2 - p->pos) {
        failed = 1;
        errno = EFBIG;
        return -1;
    }
    if (p->pos + n > p->cap) {
        size_t cap = p->cap ? p->cap : 16384;
        while (cap < p->pos + n)
            cap *= 2;
        char *grown = realloc(p->buf, cap);
        if (!grown) {
            failed = 1;
            errno = ENOMEM;
            return -1;
        }
        p->buf = grown;
        p->cap = cap;
    }
    if (p->pos > p->len) /* after a seek beyond the end: zeros, as in a file */
        memset(p->buf + p->len, 0, p->pos - p->len);
    memcpy(p->buf + p->pos, in, n);
    p->pos += n;
    if (p->pos > p->len)
        p->len = p->pos;
    return (ssize_t)n;
}

static int part_seek(void *cookie, off64_t *offset, int whence)
{
    part *p = cookie;
    off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)p->pos : (off64_t)p->len;
    if (*offset < -base || *offset > (off64_t)(SIZE_MAX / 2) - base) {
        errno = EINVAL;
        return -1;
    }
    p->pos = (size_t)(base + *offset);
    *offset = (off64_t)p->pos;
    return 0;
}

static int part_close(void *cookie)
{
    part *p = cookie;
    if (p == newest) {
        newest = NULL;
        newest_fp = NULL;
    }
    free(p->buf);
    free(p);
    return 0;
}

FILE *lxw_tmpfile(char *tmpdir)
{
    (void)tmpdir;
    part *p = calloc(1, sizeof *p);
    cookie_io_functions_t io = {part_read, part_write, part_seek, part_close};
    FILE *fp = p ? fopencookie(p, "w+", io) : NULL;
    if (!fp) {
        free(p);
        failed = 1;
        return NULL;
    }
    newest = p;
    newest_fp = fp;
    return fp;
}

/* ---- packing: each part deflated here and handed to minizip raw ---- */

/* libdeflate at level 1: about 40 % less time than zlib's level 1 on a
 * workbook's parts (5.5 against 9.2 ms for the 790 KB of one workbook of
 * 400 x 10, measured) for 7 % fewer bytes. It compresses a buffer whole,
 * which a part is by the time it is packed. One compressor per process,
 * reused. */
static struct libdeflate_compressor *compressor;

/* The compressor lives as long as the process (a worker ends with
 * _exit). libdeflate keeps only an aligned pointer into its block, which
 * a leak checker counts as possibly lost; the block's start is kept here
 * so that it stays reachable. */
static void *compressor_block;

static void *compressor_malloc(size_t n)
{
    void *p = malloc(n);
    if (p)
        compressor_block = p;
    return p;
}

static void compressor_free(void *p)
{
    if (p == compressor_block)
        compressor_block = NULL;
    free(p);
}

/* Deflated parts kept for the next workbook: a part whose name and bytes
 * equal the last one packed under that name reuses its deflated bytes. */
typedef struct {
    char *name;
    char *text, *packed;
    size_t len, plen;
    uLong crc;
} packed_part;
enum { CACHE_SLOTS = 48, CACHE_MAX_PART = 65536 };
static packed_part cache[CACHE_SLOTS];
static size_t reused;

/* The entry being written: its deflated bytes are already in the zip,
 * the packager's own writes are then dropped. */
static struct {
    int active;
    size_t len;
    uLong crc;
} entry;

size_t lxwpack_reused(void)
{
    return reused;
}

/* Parts that differ from participant to participant are not kept. */
static int cacheable(const char *name, size_t len)
{
    return len <= CACHE_MAX_PART && strncmp(name, "xl/charts/", 10) != 0 &&
           strncmp(name, "xl/worksheets/sheet", 19) != 0 &&
           strcmp(name, "xl/sharedStrings.xml") != 0 && strcmp(name, "docProps/core.xml") != 0;
}

static packed_part *cache_find(const char *name)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].name && strcmp(cache[i].name, name) == 0)
            return &cache[i];
    return NULL;
}

/* Deflates len bytes at text into a new buffer (raw deflate, level 1). */
static char *deflate_part(const char *text, size_t len, size_t *plen)
{
    if (!compressor) {
        libdeflate_set_memory_allocator(compressor_malloc, compressor_free);
        if (!(compressor = libdeflate_alloc_compressor(1)))
            return NULL;
    }
    size_t cap = libdeflate_deflate_compress_bound(compressor, len);
    char *out = malloc(cap ? cap : 1);
    if (!out)
        return NULL;
    *plen = libdeflate_deflate_compress(compressor, text, len, out, cap);
    if (*plen == 0 && len > 0) { /* cannot happen within the bound */
        free(out);
        return NULL;
    }
    return out;
}

/* The part's deflated bytes: from the cache or deflated now (and kept
 * when cacheable). *own says the caller frees them. */
static const char *packed_bytes(const char *name, const part *p, size_t *plen, uLong *crc,
                                char **own)
{
    *own = NULL;
    packed_part *c = cache_find(name);
    if (c && c->len == p->len && memcmp(c->text, p->buf, p->len) == 0) {
        reused++;
        *plen = c->plen;
        *crc = c->crc;
        return c->packed;
    }
    char *out = deflate_part(p->buf, p->len, plen);
    if (!out)
        return NULL;
    *crc = libdeflate_crc32(0, p->buf, p->len); /* several times zlib's speed here */
    if (!cacheable(name, p->len)) {
        *own = out;
        return out;
    }
    if (!c)
        for (size_t i = 0; i < CACHE_SLOTS && !c; i++)
            if (!cache[i].name)
                c = &cache[i];
    char *text = c ? malloc(p->len ? p->len : 1) : NULL;
    char *nm = text ? strdup(name) : NULL;
    if (!nm) { /* no room: packed all the same, kept not */
        free(text);
        *own = out;
        return out;
    }
    free(c->name);
    free(c->text);
    free(c->packed);
    memcpy(text, p->buf, p->len);
    *c = (packed_part){nm, text, out, p->len, *plen, *crc};
    return out;
}

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                       const void *, uInt, const char *, int, int, int, int, int, int, const char *,
                       uLong, uLong, uLong, int);
typedef int (*write_fn)(zipFile, const void *, unsigned);
typedef int (*close_fn)(zipFile);
typedef int (*close_raw_fn)(zipFile, ZPOS64_T, uLong);

static void *next_symbol(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64)
{
    static open_fn minizip;
    static write_fn minizip_write;
    if (!minizip) {
        *(void **)&minizip = next_symbol("zipOpenNewFileInZip4_64");
        *(void **)&minizip_write = next_symbol("zipWriteInFileInZip");
    }
    if (!minizip || !minizip_write)
        return ZIP_INTERNALERROR;
    entry.active = 0;
    part *p = NULL;
    if (newest && newest_fp && fflush(newest_fp) == 0)
        p = newest; /* the part about to be read into this entry, complete */
    part_fix fix = strncmp(filename, "xl/charts/chart", 15) == 0 ? FIX_CHART
                   : strcmp(filename, "docProps/app.xml") == 0   ? FIX_APP
                                                                 : FIX_NONE;
    if (p && fix != FIX_NONE)
        part_fix_text(p, fix);
    if (!p || method != Z_DEFLATED || raw || password || !file) {
        if (method == Z_DEFLATED && !raw)
            level = Z_BEST_SPEED;
        return minizip(file, filename, zipfi, extrafield_local, size_extrafield_local,
                       extrafield_global, size_extrafield_global, comment, method, level, raw,
                       windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                       flagBase, zip64);
    }
    size_t plen = 0;
    uLong crc = 0;
    char *own;
    const char *packed = packed_bytes(filename, p, &plen, &crc, &own);
    if (!packed || plen > UINT_MAX) {
        free(own);
        failed = 1;
        return ZIP_INTERNALERROR;
    }
    int rc = minizip(file, filename, zipfi, extrafield_local, size_extrafield_local,
                     extrafield_global, size_extrafield_global, comment, method, Z_BEST_SPEED, 1,
                     windowBits, memLevel, strategy, NULL, 0, versionMadeBy, flagBase, zip64);
    if (rc == ZIP_OK && plen > 0)
        rc = minizip_write(file, packed, (unsigned)plen);
    free(own);
    if (rc == ZIP_OK) {
        entry.active = 1;
        entry.len = p->len;
        entry.crc = crc;
    }
    return rc;
}

int zipWriteInFileInZip(zipFile file, const void *buf, unsigned len)
{
    static write_fn minizip;
    if (entry.active)
        return ZIP_OK; /* already in the zip, deflated */
    if (!minizip)
        *(void **)&minizip = next_symbol("zipWriteInFileInZip");
    return minizip ? minizip(file, buf, len) : ZIP_INTERNALERROR;
}

int zipCloseFileInZip(zipFile file)
{
    static close_fn minizip;
    static close_raw_fn minizip_raw;
    if (!minizip) {
        *(void **)&minizip = next_symbol("zipCloseFileInZip");
        *(void **)&minizip_raw = next_symbol("zipCloseFileInZipRaw64");
    }
    if (!minizip || !minizip_raw)
        return ZIP_INTERNALERROR;
    if (!entry.active)
        return minizip(file);
    entry.active = 0;
    return minizip_raw(file, (ZPOS64_T)entry.len, entry.crc);
}
