/* lxwpack.c - libxlsxwriter's temporary parts in memory, its zip entries
 * at zlib level 1, three corrections to the parts (see lxwpack.h). */
#include "lxwpack.h"

#include <dlfcn.h>
#include <errno.h>
#include <minizip/zip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <xlsxwriter.h>

static int failed;

/* What the part the packager reads next needs (set when its zip entry is
 * opened, done at its first read). */
typedef enum { FIX_NONE = 0, FIX_CHART, FIX_APP } part_fix;
static part_fix pending;

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
    if (p->pos == 0 && pending != FIX_NONE) {
        part_fix_text(p, pending);
        pending = FIX_NONE;
    }
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
    }
    return fp;
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64)
{
    typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                           const void *, uInt, const char *, int, int, int, int, int, int,
                           const char *, uLong, uLong, uLong, int);
    static open_fn minizip;
    if (!minizip)
        minizip = (open_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (!minizip)
        return ZIP_INTERNALERROR;
    if (method == Z_DEFLATED && !raw)
        level = Z_BEST_SPEED;
    pending = strncmp(filename, "xl/charts/chart", 15) == 0 ? FIX_CHART
              : strcmp(filename, "docProps/app.xml") == 0   ? FIX_APP
                                                            : FIX_NONE;
    return minizip(file, filename, zipfi, extrafield_local, size_extrafield_local,
                   extrafield_global, size_extrafield_global, comment, method, level, raw,
                   windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                   flagBase, zip64);
}
