/* csv.c - in-place RFC 4180 tokenizer and file slurping. */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
static csv_status read_quoted(csv_reader *r, char **start, size_t *flen)
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

csv_status csv_next(csv_reader *r)
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
                csv_status st = read_quoted(r, &start, &flen);
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

int csv_slurp(const char *path, char **out, size_t *outlen, char *err, size_t errsz)
{
    size_t plen = strlen(path);
    int gz = plen > 3 && strcmp(path + plen - 3, ".gz") == 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        snprintf(err, errsz, "kann nicht geöffnet werden: %s", strerror(errno ? errno : ENOMEM));
        return CSV_SLURP_IO;
    }
    gzbuffer(f, 1 << 17);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    int rc = CSV_SLURP_IO;
    if (!buf) {
        snprintf(err, errsz, "zu wenig Speicher");
        goto done;
    }
    for (;;) {
        if (cap - len < (1 << 15)) {
            if (cap >= CSV_MAX_FILE) {
                snprintf(err, errsz, "Datei größer als %zu MiB", CSV_MAX_FILE >> 20);
                rc = CSV_SLURP_DATA;
                goto done;
            }
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                snprintf(err, errsz, "zu wenig Speicher");
                goto done;
            }
            buf = nb;
            cap *= 2;
        }
        unsigned want = (unsigned)(cap - len > (1u << 30) ? (1u << 30) : cap - len);
        int got = gzread(f, buf + len, want);
        if (got < 0) {
            int zerr;
            const char *msg = gzerror(f, &zerr);
            snprintf(err, errsz, "%s: %s", gz ? "gzip-Daten fehlerhaft" : "Lesefehler",
                     zerr == Z_ERRNO ? strerror(errno) : msg);
            rc = zerr == Z_ERRNO ? CSV_SLURP_IO : CSV_SLURP_DATA;
            goto done;
        }
        if (got == 0) {
            int zerr;
            gzerror(f, &zerr);
            if (zerr == Z_BUF_ERROR) { /* input ended inside a gzip stream */
                snprintf(err, errsz, "gzip-Daten fehlerhaft: Datei endet mitten im Datenstrom");
                rc = CSV_SLURP_DATA;
                goto done;
            }
            break;
        }
        len += (size_t)got;
    }
    if (gz && gzdirect(f) && len > 0) {
        snprintf(err, errsz, "Endung .gz, aber keine gzip-Daten");
        rc = CSV_SLURP_DATA;
        goto done;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    gzclose(f);
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
