/* mime.c - the MIME encodings of the mail drafts (see mime.h). */
#include "mime.h"

#include "sbuf.h"

#include <stdint.h>
#include <string.h>

#define EOL "\r\n"

/* Text that cannot stand in a header as it is: non-ASCII or control
 * characters, or "=?", which readers would take for an encoded word
 * (RFC 2047 6.1). */
int mime_needs_encoding(const char *s)
{
    if (strstr(s, "=?"))
        return 1;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
            return 1;
    return 0;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_chunk(const unsigned char *in, size_t n, char *out)
{
    uint32_t v = (uint32_t)in[0] << 16 | (n > 1 ? (uint32_t)in[1] << 8 : 0) | (n > 2 ? in[2] : 0);
    out[0] = b64[(v >> 18) & 63];
    out[1] = b64[(v >> 12) & 63];
    out[2] = '=';
    out[3] = '=';
    if (n > 1)
        out[2] = b64[(v >> 6) & 63];
    if (n > 2)
        out[3] = b64[v & 63];
}

/* A header being written: its line folds before it would pass 78. */
typedef struct {
    FILE *fp;
    size_t col;
} hline;

static hline header_start(FILE *fp, const char *name)
{
    fprintf(fp, "%s:", name);
    return (hline){fp, strlen(name) + 1};
}

/* " token", on a new (folded) line when it would not fit. */
static void put_token(hline *h, const char *tok, size_t n)
{
    if (h->col + 1 + n > 78 && h->col > 1) {
        fputs(EOL, h->fp);
        h->col = 0;
    }
    fputc(' ', h->fp);
    fwrite(tok, 1, n, h->fp);
    h->col += 1 + n;
}

/* s[0..n) as RFC 2047 B-encoded words of whole UTF-8 characters, at most
 * 42 bytes (56 base64 characters) each, so that a word fits a line even
 * after a 9-character header name. */
static void put_encoded(hline *h, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    while (n) {
        size_t take = n < 42 ? n : 42;
        while (take < n && take > 0 && (p[take] & 0xC0) == 0x80)
            take--;
        char word[80] = "=?UTF-8?B?";
        size_t o = strlen(word);
        for (size_t i = 0; i < take; i += 3, o += 4)
            base64_chunk(p + i, take - i < 3 ? take - i : 3, word + o);
        memcpy(word + o, "?=", 3); /* with its NUL */
        put_token(h, word, o + 2);
        p += take;
        n -= take;
    }
}

/* An unstructured header (Subject): the value as it is when it is plain
 * and short, else as encoded words. */
void mime_header_text(FILE *fp, const char *name, const char *value)
{
    hline h = header_start(fp, name);
    if (!mime_needs_encoding(value) && strlen(value) + strlen(name) < 76)
        put_token(&h, value, strlen(value));
    else
        put_encoded(&h, value, strlen(value));
    fputs(EOL, fp);
}

/* A word that can stand in a display name as it is (an RFC 5322 atom). */
static int plain_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] <= 0x20 || (unsigned char)w[i] >= 0x7F ||
            strchr("()<>[]:;@\\,.\"", w[i]) || (w[i] == '=' && i + 1 < n && w[i + 1] == '?'))
            return 0;
    return 1;
}

/* A display name as mail programs write it: plain words as they are, each
 * run of other words (with the spaces between them) as encoded words, so
 * that every reader puts the spaces back where they were. */
static void put_phrase(hline *h, const char *name)
{
    const char *p = name;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            return;
        size_t n = strcspn(p, " ");
        if (plain_word(p, n)) {
            put_token(h, p, n);
            p += n;
            continue;
        }
        const char *end = p + n, *q = end;
        for (;;) {
            while (*q == ' ')
                q++;
            size_t m = strcspn(q, " ");
            if (!*q || plain_word(q, m))
                break;
            end = q + m;
            q = end;
        }
        put_encoded(h, p, (size_t)(end - p));
        p = end;
    }
}

/* Quoted-printable, lines of at most 76 characters, hard breaks as CRLF. */
void mime_quoted_printable(FILE *fp, const char *text)
{
    int col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            fputs(EOL, fp);
            col = 0;
            continue;
        }
        int plain =
            (*p >= 33 && *p <= 126 && *p != '=') || (*p == ' ' && p[1] != '\n' && p[1] != '\0');
        int width = plain ? 1 : 3;
        if (col + width > 75) {
            fputs("=" EOL, fp);
            col = 0;
        }
        if (plain)
            fputc(*p, fp);
        else
            fprintf(fp, "=%02X", *p);
        col += width;
    }
    fputs(EOL, fp);
}

void mime_base64(FILE *fp, const unsigned char *data, size_t len)
{
    char line[80];
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        base64_chunk(data + i, len - i < 3 ? len - i : 3, line + o);
        o += 4;
        if (o == 76) {
            fwrite(line, 1, o, fp);
            fputs(EOL, fp);
            o = 0;
        }
    }
    if (o) {
        fwrite(line, 1, o, fp);
        fputs(EOL, fp);
    }
}

/* A mailbox header: the display name as a phrase (encoded where needed),
 * then the address, which the layout check has validated (addr.h). */
void mime_header_address(FILE *fp, const char *field, const char *name, const char *addr)
{
    hline h = header_start(fp, field);
    put_phrase(&h, name);
    if (name[0]) {
        sbuf b;
        sbuf_init(&b);
        sbuf_addf(&b, "<%s>", addr);
        put_token(&h, b.s, b.len);
        sbuf_free(&b);
    } else {
        put_token(&h, addr, strlen(addr));
    }
    fputs(EOL, fp);
}

/* A list of addresses, folded between them. */
void mime_header_list(FILE *fp, const char *field, const char *list)
{
    hline h = header_start(fp, field);
    for (const char *a = list; *a;) {
        size_t alen = strcspn(a, ",");
        int more = a[alen] == ',';
        put_token(&h, a, alen + (size_t)more); /* with its comma */
        a += alen;
        while (*a == ',' || *a == ' ')
            a++;
    }
    fputs(EOL, fp);
}
