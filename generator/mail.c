/* mail.c - MIME messages with base64 attachment, RFC 2047 headers. */
#include "mail.h"

#include "addr.h"
#include "fmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EOL               "\r\n"
#define MAIL_DEFAULT_FROM "kennzahlen@vergleichsring.example"

size_t mail_recipients(const char *list, sbuf *out)
{
    size_t count = 0;
    const char *pos = list, *a;
    size_t n;
    while (addr_list_next(&pos, &a, &n)) {
        if (addr_problem(a, n))
            continue; /* the reader warned about it, naming it */
        if (count)
            sbuf_adds(out, ", ");
        sbuf_add(out, a, n);
        count++;
    }
    return count;
}

size_t mail_recipient_count(const char *list)
{
    size_t count = 0;
    const char *pos = list, *a;
    size_t n;
    while (addr_list_next(&pos, &a, &n))
        count += addr_problem(a, n) == NULL;
    return count;
}

/* s on one line: control characters (line breaks in a quoted name)
 * become spaces. */
static void one_line(const char *s, char *out, size_t size)
{
    snprintf(out, size, "%s", s);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

void mail_subject(const render_ctx *o, size_t city, char *out, size_t size)
{
    char name[300];
    one_line(o->ds->cities[city].name, name, sizeof name);
    snprintf(out, size, "%s%s %d: Datenanhang %s", o->draft ? "[ENTWURF] " : "",
             layout_or(o->lay->title, "Kennzahlenvergleich"), o->year, name);
}

/* ---- encodings ---------------------------------------------------------------- */

/* Text that cannot stand in a header as it is: non-ASCII or control
 * characters, or "=?", which readers would take for an encoded word
 * (RFC 2047 6.1). */
static int needs_encoding(const char *s)
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
static void header_encoded(FILE *fp, const char *name, const char *value)
{
    hline h = header_start(fp, name);
    if (!needs_encoding(value) && strlen(value) + strlen(name) < 76)
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
static void quoted_printable(FILE *fp, const char *text)
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

static void base64_body(FILE *fp, const unsigned char *data, size_t len)
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

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* A mailbox header: the display name as a phrase (encoded where needed),
 * then the address, which the layout check has validated (addr.h). */
static void header_address(FILE *fp, const char *field, const char *name, const char *addr)
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

/* To: the recipients, folded between addresses. */
static void header_to(FILE *fp, const char *to)
{
    hline h = header_start(fp, "To");
    for (const char *a = to; *a;) {
        size_t alen = strcspn(a, ",");
        int more = a[alen] == ',';
        put_token(&h, a, alen + (size_t)more); /* with its comma */
        a += alen;
        while (*a == ',' || *a == ' ')
            a++;
    }
    fputs(EOL, fp);
}

int mail_write(const render_ctx *o, size_t city, const unsigned char *att, size_t len, FILE *fp)
{
    const ds_city *c = &o->ds->cities[city];
    const layout *l = o->lay;
    char subject[600], date[64];
    sbuf to;
    sbuf_init(&to);
    mail_recipients(c->email, &to);
    mail_subject(o, city, subject, sizeof subject);
    const char *from_name = l->mail_from_addr ? l->mail_from_name : "Vergleichsring";
    const char *from_addr = l->mail_from_addr ? l->mail_from_addr : MAIL_DEFAULT_FROM;
    /* the domain of a validated address: nothing else reaches the header */
    const char *domain = strrchr(from_addr, '@') + 1;
    struct tm tm;
    gmtime_r(&o->when, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm); /* C locale: English */
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, c->id, strlen(c->id));
    h = fnv(h, &o->year, sizeof o->year);
    h = fnv(h, &o->when, sizeof o->when);
    h = fnv(h, &o->draft, sizeof o->draft);
    h = fnv(h, att, len);

    header_address(fp, "From", from_name, from_addr);
    if (l->mail_reply_addr)
        header_address(fp, "Reply-To", l->mail_reply_name, l->mail_reply_addr);
    header_to(fp, to.s);
    int failed = sbuf_failed(&to);
    sbuf_free(&to);
    header_encoded(fp, "Subject", subject);
    fprintf(fp, "Date: %s" EOL, date);
    /* a long domain moves the identifier to a folded line of its own */
    fprintf(fp, "Message-ID:%s<kvreport.%d.%s.%016llx@%s>" EOL,
            strlen(c->id) + strlen(domain) > 32 ? EOL " " : " ", o->year, c->id,
            (unsigned long long)h, domain);
    fprintf(fp, "MIME-Version: 1.0" EOL);
    fprintf(fp, "Content-Type: multipart/mixed; boundary=\"kvreport-%016llx\"" EOL EOL,
            (unsigned long long)h);
    fprintf(fp, "--kvreport-%016llx" EOL, (unsigned long long)h);
    fprintf(fp, "Content-Type: text/plain; charset=UTF-8" EOL
                "Content-Transfer-Encoding: quoted-printable" EOL EOL);
    char body[4096], name[300], stand[128];
    one_line(c->name, name, sizeof name);
    fmt_datetime_de(o->when, o->utc, stand, sizeof stand);
    snprintf(body, sizeof body,
             "Guten Tag,\n\n"
             "anbei erhalten Sie den Datenanhang des Kennzahlenvergleichs für das Berichtsjahr "
             "%d für %s: die Arbeitsmappe %s.xlsx mit Ihren Kennzahlen, den Werten des "
             "Vergleichsrings, Ihren Basiszahlen und den Definitionen.\n\n"
             "%s%s%s\n\n"
             "Bei Fragen wenden Sie sich bitte an: %s\n\n"
             "Mit freundlichen Grüßen\n%s\n",
             o->year, name, c->id,
             o->draft ? "Dies ist ein ENTWURF (Stand: "
                      : "Die Zahlen entsprechen dem abgestimmten Stand vom ",
             stand,
             o->draft
                 ? "). Die Zahlen sind noch nicht abgestimmt und nicht zur Weitergabe bestimmt."
                 : ".",
             layout_or(l->contact, layout_or(l->publisher, "die Geschäftsstelle")),
             layout_or(l->publisher, "Ihre Geschäftsstelle des Vergleichsrings"));
    quoted_printable(fp, body);
    fprintf(fp, EOL "--kvreport-%016llx" EOL, (unsigned long long)h);
    /* the media type alone is 65 characters: fold so no line passes 78 */
    fprintf(fp,
            "Content-Type:" EOL
            " application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;" EOL
            " name=\"%s.xlsx\"" EOL "Content-Disposition: attachment; filename=\"%s.xlsx\"" EOL
            "Content-Transfer-Encoding: base64" EOL EOL,
            c->id, c->id);
    base64_body(fp, att, len);
    fprintf(fp, EOL "--kvreport-%016llx--" EOL, (unsigned long long)h);
    return ferror(fp) || failed ? -1 : 0;
}
