/* csv.c - in-place RFC 4180 tokenizer and file slurping. */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Decompressed input above this size is refused (a zip bomb or a mistake). */
#define CSV_MAX_FILE ((size_t)2 << 30)

void csv_reader_init(csv_reader *r, char *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->len = len;
    r->line = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
}

void csv_reader_free(csv_reader *r)
{
    free(r->fields);
    free(r->lens);
    r->fields = NULL;
    r->lens = NULL;
}

static int push_field(csv_reader *r, char *start, size_t len)
{
    if (r->nfields == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (!f)
            return -1;
        r->fields = f;
        size_t *l = realloc(r->lens, cap * sizeof *l);
        if (!l)
            return -1;
        r->lens = l;
        r->cap = cap;
    }
    r->fields[r->nfields] = start;
    r->lens[r->nfields] = len;
    r->nfields++;
    return 0;
}

/* Consumes a line end at pos (LF, CRLF or a lone CR). */
static int eat_eol(csv_reader *r)
{
    char c = r->buf[r->pos];
    if (c == '\n') {
        r->pos++;
    } else if (c == '\r') {
        r->pos++;
        if (r->pos < r->len && r->buf[r->pos] == '\n')
            r->pos++;
    } else {
        return 0;
    }
    r->line++;
    return 1;
}

static void skip_rest_of_line(csv_reader *r)
{
    while (r->pos < r->len && !eat_eol(r))
        r->pos++;
}

/* Quoted field starting after the opening quote. Unescapes in place. */
static csv_result read_quoted(csv_reader *r, char **start, size_t *flen)
{
    char *b = r->buf;
    size_t w = r->pos;
    *start = b + w;
    for (;;) {
        if (r->pos >= r->len)
            return CSV_ERR_UNCLOSED;
        char c = b[r->pos];
        if (c == '"') {
            if (r->pos + 1 < r->len && b[r->pos + 1] == '"') {
                b[w++] = '"';
                r->pos += 2;
                continue;
            }
            r->pos++;
            break;
        }
        if (c == '\r' || c == '\n') {
            eat_eol(r);
            b[w++] = '\n';
            continue;
        }
        b[w++] = c;
        r->pos++;
    }
    *flen = (size_t)(b + w - *start);
    if (*flen > CSV_MAX_FIELD)
        return CSV_ERR_TOO_LONG;
    /* the terminator is written by the caller after checking the next char;
     * w < pos always holds here because the closing quote was consumed */
    char next = '\0';
    if (r->pos < r->len)
        next = b[r->pos];
    if (next != ';' && next != '\r' && next != '\n' && next != '\0')
        return CSV_ERR_AFTER_QUOTE;
    b[w] = '\0';
    return CSV_RECORD;
}

csv_result csv_next(csv_reader *r)
{
    char *b = r->buf;
    for (;;) {
        r->nfields = 0;
        /* empty lines are skipped */
        while (r->pos < r->len && eat_eol(r))
            ;
        if (r->pos >= r->len)
            return CSV_END;
        r->rec_line = r->line;
        for (;;) {
            char *start;
            size_t flen;
            int quoted = b[r->pos] == '"';
            if (quoted) {
                r->pos++;
                csv_result st = read_quoted(r, &start, &flen);
                if (st == CSV_ERR_UNCLOSED) {
                    r->pos = r->len;
                    return st;
                }
                if (st != CSV_RECORD) {
                    skip_rest_of_line(r);
                    return st;
                }
            } else {
                start = b + r->pos;
                while (r->pos < r->len && b[r->pos] != ';' && b[r->pos] != '\n' &&
                       b[r->pos] != '\r')
                    r->pos++;
                flen = (size_t)(b + r->pos - start);
                if (flen > CSV_MAX_FIELD) {
                    skip_rest_of_line(r);
                    return CSV_ERR_TOO_LONG;
                }
            }
            size_t end = r->pos;
            char c = '\0';
            if (end < r->len)
                c = b[end];
            if (push_field(r, start, flen) < 0)
                return CSV_ERR_NOMEM;
            if (c == ';')
                r->pos++;
            else if (end < r->len)
                eat_eol(r);
            if (!quoted)
                b[end] = '\0'; /* quoted fields were terminated while unescaping */
            if (c == ';')
                continue;
            return CSV_RECORD;
        }
    }
}

/* Reads the whole of fd (a regular file of size bytes) into a new buffer
 * with room for a NUL. 0 or -1 with errno set. */
static int read_all(int fd, size_t size, char **out, size_t *outlen)
{
    char *buf = malloc(size + 1);
    size_t len = 0;
    if (!buf)
        return -1;
    for (;;) {
        if (len == size) { /* the file may have grown since fstat */
            char probe;
            ssize_t more = read(fd, &probe, 1);
            if (more <= 0) {
                if (more == 0)
                    break;
                if (errno == EINTR)
                    continue;
                free(buf);
                return -1;
            }
            errno = EFBIG;
            free(buf);
            return -1;
        }
        ssize_t got = read(fd, buf + len, size - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(buf);
            return -1;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    *out = buf;
    *outlen = len;
    return 0;
}

/* Inflates in[0..n), one or more complete gzip members and nothing else,
 * into a NUL-terminated malloc'ed buffer. KV_OK or the failure, with a
 * German reason, in e. */
static kv_status gunzip(unsigned char *in, size_t n, char **out, size_t *outlen, kv_error *e)
{
    static const char bad[] = "beschädigte gzip-Daten";
    if (n < 2 || in[0] != 0x1F || in[1] != 0x8B)
        return kv_fail(e, KV_ERR_DATA, "%s: Endung .gz, aber keine gzip-Daten", bad);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return kv_fail(e, KV_ERR_NOMEM, "zu wenig Speicher");
    size_t cap = n * 4 < (1 << 16) ? (1 << 16) : n * 4, len = 0, pos = 0;
    char *buf = cap <= CSV_MAX_FILE ? malloc(cap + 1) : NULL;
    kv_status rc = KV_ERR_DATA;
    if (!buf) {
        cap = 1 << 16;
        buf = malloc(cap + 1);
    }
    if (!buf) {
        rc = kv_fail(e, KV_ERR_NOMEM, "zu wenig Speicher");
        goto done;
    }
    for (;;) {
        if (len == cap) {
            if (cap >= CSV_MAX_FILE) {
                rc = kv_fail(e, KV_ERR_DATA, "Datei größer als %zu MiB", CSV_MAX_FILE >> 20);
                goto done;
            }
            size_t nc = cap * 2 > CSV_MAX_FILE ? CSV_MAX_FILE : cap * 2;
            char *nb = realloc(buf, nc + 1);
            if (!nb) {
                rc = kv_fail(e, KV_ERR_NOMEM, "zu wenig Speicher");
                goto done;
            }
            buf = nb;
            cap = nc;
        }
        size_t in_left = n - pos, out_left = cap - len;
        z.next_in = in + pos;
        z.avail_in = in_left > UINT_MAX ? UINT_MAX : (unsigned)in_left;
        z.next_out = (unsigned char *)buf + len;
        z.avail_out = out_left > UINT_MAX ? UINT_MAX : (unsigned)out_left;
        unsigned had_in = z.avail_in, had_out = z.avail_out;
        int zr = inflate(&z, Z_NO_FLUSH);
        pos += had_in - z.avail_in;
        len += had_out - z.avail_out;
        if (zr == Z_STREAM_END) {
            if (pos == n)
                break;
            /* another member may follow (as `cat a.gz b.gz` makes), nothing else */
            if (n - pos < 2 || in[pos] != 0x1F || in[pos + 1] != 0x8B) {
                rc = kv_fail(e, KV_ERR_DATA, "%s: %zu Bytes nach dem Ende des gzip-Datenstroms",
                             bad, n - pos);
                goto done;
            }
            inflateReset(&z);
            continue;
        }
        if (zr == Z_MEM_ERROR) {
            rc = kv_fail(e, KV_ERR_NOMEM, "zu wenig Speicher");
            goto done;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            rc = kv_fail(e, KV_ERR_DATA, "%s: %s", bad, z.msg ? z.msg : "ungültiger Datenstrom");
            goto done;
        }
        if (pos == n && len < cap) {
            rc = kv_fail(e, KV_ERR_DATA, "%s: Datei endet mitten im Datenstrom", bad);
            goto done;
        }
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    buf = NULL;
    rc = KV_OK;
done:
    free(buf);
    inflateEnd(&z);
    return rc;
}

kv_status csv_slurp(const char *path, char **out, size_t *outlen, kv_error *e)
{
    size_t plen = strlen(path);
    int gz = plen > 3 && strcmp(path + plen - 3, ".gz") == 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular
     * files are read, a device or a FIFO is refused before any read */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0)
        return kv_fail(e, KV_ERR_INPUT, "kann nicht geöffnet werden: %s", kv_errno_text(errno));
    kv_status rc = KV_ERR_INPUT;
    char *raw = NULL;
    size_t rawlen = 0;
    if (fstat(fd, &st) != 0) {
        kv_fail(e, KV_ERR_INPUT, "kann nicht gelesen werden: %s", kv_errno_text(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        kv_fail(e, KV_ERR_INPUT,
                "ist keine reguläre Datei (%s); gelesen werden nur normale Dateien",
                S_ISDIR(st.st_mode)    ? "ein Verzeichnis"
                : S_ISFIFO(st.st_mode) ? "eine FIFO"
                : S_ISCHR(st.st_mode)  ? "ein Zeichengerät"
                : S_ISBLK(st.st_mode)  ? "ein Blockgerät"
                : S_ISSOCK(st.st_mode) ? "ein Socket"
                                       : "unbekannter Typ");
        goto done;
    }
    if ((uintmax_t)st.st_size > CSV_MAX_FILE) {
        rc = kv_fail(e, KV_ERR_DATA, "Datei größer als %zu MiB", CSV_MAX_FILE >> 20);
        goto done;
    }
    if (read_all(fd, (size_t)st.st_size, &raw, &rawlen) < 0) {
        rc = errno == ENOMEM ? kv_fail(e, KV_ERR_NOMEM, "zu wenig Speicher")
                             : kv_fail(e, KV_ERR_INPUT, "%s", kv_errno_text(errno));
        goto done;
    }
    if (gz) {
        rc = gunzip((unsigned char *)raw, rawlen, out, outlen, e);
        goto done;
    }
    raw[rawlen] = '\0';
    *out = raw;
    *outlen = rawlen;
    raw = NULL;
    rc = KV_OK;
done:
    free(raw);
    close(fd);
    return rc;
}

void csv_write_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ";\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}
