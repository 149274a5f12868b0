/* mail.c - MIME messages with base64 attachment, RFC 2047 headers. */
#include "mail.h"

#include "fmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EOL "\r\n"

int mail_address_ok(const char *a)
{
    const char *at = strchr(a, '@');
    size_t n = strlen(a);
    if (!n || n > 254 || !at || at == a || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        at[1] == '.' || a[n - 1] == '.' || at - a > 64)
        return 0;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p <= 0x20 || *p >= 0x7F || strchr("<>()[]\\,;:\"", *p))
            return 0;
    return 1;
}

size_t mail_recipients(const char *list, char *out, size_t size)
{
    size_t count = 0, o = 0;
    out[0] = '\0';
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        char addr[300];
        const char *s = p, *e = p + len;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if ((size_t)(e - s) < sizeof addr) {
            memcpy(addr, s, (size_t)(e - s));
            addr[e - s] = '\0';
            if (mail_address_ok(addr) && o + strlen(addr) + 3 < size) {
                o += (size_t)snprintf(out + o, size - o, "%s%s", count ? ", " : "", addr);
                count++;
            }
        }
        p += len;
        if (*p == ',')
            p++;
    }
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

static int needs_encoding(const char *s)
{
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
            strchr("()<>[]:;@\\,.\"", w[i]))
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

/* "Name <addr>" from the layout; the display name is encoded when needed. */
static void header_address(FILE *fp, const char *field, const char *spec)
{
    const char *lt = strchr(spec, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    char addr[300] = "", name[300] = "";
    if (lt && gt && gt > lt) {
        snprintf(addr, sizeof addr, "%.*s", (int)(gt - lt - 1), lt + 1);
        snprintf(name, sizeof name, "%.*s", (int)(lt - spec), spec);
        size_t n = strlen(name);
        while (n && name[n - 1] == ' ')
            name[--n] = '\0';
    } else {
        snprintf(addr, sizeof addr, "%s", spec);
    }
    if (!mail_address_ok(addr))
        snprintf(addr, sizeof addr, "kennzahlen@localhost.invalid");
    hline h = header_start(fp, field);
    char bracketed[310];
    put_phrase(&h, name);
    snprintf(bracketed, sizeof bracketed, name[0] ? "<%s>" : "%s", addr);
    put_token(&h, bracketed, strlen(bracketed));
    fputs(EOL, fp);
}

int mail_write(const render_ctx *o, size_t city, const unsigned char *att, size_t len, FILE *fp)
{
    const ds_city *c = &o->ds->cities[city];
    const layout *l = o->lay;
    char to[2048], subject[600], date[64], domain[256] = "localhost.invalid";
    mail_recipients(c->email, to, sizeof to);
    mail_subject(o, city, subject, sizeof subject);
    const char *from =
        layout_or(l->mail_from, "Vergleichsring <kennzahlen@vergleichsring.example>");
    const char *at = strrchr(from, '@');
    if (at)
        snprintf(domain, sizeof domain, "%.*s", (int)strcspn(at + 1, "> "), at + 1);
    struct tm tm;
    gmtime_r(&o->when, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm); /* C locale: English */
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, c->id, strlen(c->id));
    h = fnv(h, &o->year, sizeof o->year);
    h = fnv(h, &o->when, sizeof o->when);
    h = fnv(h, &o->draft, sizeof o->draft);
    h = fnv(h, att, len);

    header_address(fp, "From", from);
    if (l->mail_reply_to && *l->mail_reply_to)
        header_address(fp, "Reply-To", l->mail_reply_to);
    /* To: folded before an address that would pass column 78 */
    fputs("To:", fp);
    int col = 3;
    for (const char *a = to; *a;) {
        size_t alen = strcspn(a, ",");
        if (col + 1 + (int)alen + 1 > 78 && col > 3) {
            fputs(EOL, fp);
            col = 0;
        }
        fprintf(fp, " %.*s%s", (int)alen, a, a[alen] ? "," : "");
        col += 1 + (int)alen + 1;
        a += alen;
        while (*a == ',' || *a == ' ')
            a++;
    }
    fputs(EOL, fp);
    header_encoded(fp, "Subject", subject);
    fprintf(fp, "Date: %s" EOL, date);
    fprintf(fp, "Message-ID: <kvreport.%d.%s.%016llx@%s>" EOL, o->year, c->id,
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
    return ferror(fp) ? -1 : 0;
}
