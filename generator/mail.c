/* mail.c - MIME messages with base64 attachment, RFC 2047 headers. */
#include "mail.h"

#include "addr.h"
#include "changes.h"
#include "csv.h"
#include "fmt.h"
#include "mime.h"

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

/* s on one line, appended to out: control characters (line breaks in a
 * quoted name) become spaces. */
static void add_one_line(sbuf *out, const char *s)
{
    size_t from = out->len;
    sbuf_adds(out, s);
    for (char *p = out->s + from; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

/* The report's title, the layout's or the program's. */
static const char *title_of(const layout *l)
{
    return layout_or(l->title, TX(titel_standard));
}

void mail_subject(const render_ctx *o, size_t city, sbuf *out)
{
    sbuf_addf(out, TX(mail_betreff), o->draft ? TX(mail_entwurf) : "", title_of(o->lay), o->year);
    add_one_line(out, o->ds->cities[city].name);
}

/* Message ids and boundaries are derived from what a message carries. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* ---- texts ------------------------------------------------------------------- */

/* The [text mail NAME] of the layout, else the program's (texts.h). */
static const char *mail_text(const layout *l, const char *name)
{
    const char *t = layout_text(l, "mail", name);
    return t ? t : *name ? TX(mail_geschaeftsstelle) : TX(mail_teilnehmer);
}

/* A placeholder's value; NULL leaves out the paragraph that uses it. */
typedef struct {
    const char *key, *value;
} mail_var;

/* The paragraph at p: its length up to the blank line that ends it. */
static size_t paragraph_len(const char *p)
{
    const char *end = strstr(p, "\n\n");
    return end ? (size_t)(end - p) : strlen(p);
}

/* Appends tmpl to out, each {key} of vars replaced by its value (one pass:
 * values are never expanded again). A paragraph with a placeholder that
 * has no value is left out, so that a text can say things only where they
 * apply (a ring, a draft). Unknown {words} stay as written. */
static void expand(sbuf *out, const char *tmpl, const mail_var *vars, size_t nvars)
{
    for (const char *p = tmpl; *p;) {
        size_t plen = paragraph_len(p), mark = out->len;
        int missing = 0;
        if (out->len)
            sbuf_adds(out, "\n\n");
        for (const char *q = p; q < p + plen;) {
            const char *close = *q == '{' ? memchr(q, '}', (size_t)(p + plen - q)) : NULL;
            size_t i = 0;
            while (close && i < nvars &&
                   (strlen(vars[i].key) != (size_t)(close - q - 1) ||
                    strncmp(vars[i].key, q + 1, (size_t)(close - q - 1)) != 0))
                i++;
            if (close && i < nvars) {
                if (vars[i].value)
                    sbuf_adds(out, vars[i].value);
                else
                    missing = 1;
                q = close + 1;
            } else {
                sbuf_addc(out, *q++);
            }
        }
        if (missing)
            sbuf_truncate(out, mark);
        for (p += plen; *p == '\n'; p++)
            ;
    }
    sbuf_addc(out, '\n');
}

/* The values every mail text may use. */
enum {
    V_JAHR,
    V_TITEL,
    V_KONTAKT,
    V_HERAUSGEBER,
    V_STAND,
    V_ENTWURF,
    V_ABGESTIMMT,
    V_VORLAEUFIGE_WERTE,
    V_COMMON
};

/* The text the common values point into. */
typedef struct {
    char year[16], stand[128], provisional[48];
} common_text;

/* {vorlaeufige_werte}: the report-year values of the circle flagged p, in
 * the dative ("einem Wert", "12 Werten"), NULL in a draft or when there is
 * none. Any one makes the data status of the workbooks and reports
 * "vorläufig" (xlsx.c, report_imprint.c), so a final run's mail says so
 * beside "abgestimmt". */
static const char *provisional_values(const render_ctx *o, char *buf, size_t size)
{
    int yi = dataset_year_index(o->ds, o->year);
    size_t n = 0;
    for (size_t k = 0; yi >= 0 && k < o->ds->nkz; k++)
        for (size_t c = 0; c < o->ds->ncities; c++)
            n += kz_get(o->kz, k, c, (size_t)yi)->flag == FLAG_P;
    if (o->draft || n == 0)
        return NULL;
    if (n == 1) {
        snprintf(buf, size, "%s", TX(mail_ein_wert));
    } else {
        char num[32];
        fmt_de((double)n, 0, 0, num, sizeof num);
        snprintf(buf, size, TX(mail_werte), num);
    }
    return buf;
}

static void common_vars(const render_ctx *o, mail_var *v, common_text *t)
{
    const layout *l = o->lay;
    snprintf(t->year, sizeof t->year, "%d", o->year);
    fmt_datetime_de(o->when, o->utc, t->stand, sizeof t->stand);
    v[V_JAHR] = (mail_var){"jahr", t->year};
    v[V_TITEL] = (mail_var){"titel", title_of(l)};
    v[V_KONTAKT] = (mail_var){
        "kontakt", layout_or(l->contact, layout_or(l->publisher, TX(herausgeber_standard)))};
    v[V_HERAUSGEBER] = (mail_var){"herausgeber", layout_or(l->publisher, TX(herausgeber_standard))};
    v[V_STAND] = (mail_var){"stand", t->stand};
    v[V_ENTWURF] = (mail_var){"entwurf", o->draft ? t->stand : NULL};
    v[V_ABGESTIMMT] = (mail_var){"abgestimmt", o->draft ? NULL : t->stand};
    v[V_VORLAEUFIGE_WERTE] = (mail_var){
        "vorlaeufige_werte", provisional_values(o, t->provisional, sizeof t->provisional)};
}

/* ---- messages ------------------------------------------------------------------ */

/* The sender: the layout's [mail] absender, else the program's. */
static void sender(const layout *l, const char **name, const char **addr)
{
    *name = l->mail_from_addr ? l->mail_from_name : TX(ring_standard);
    *addr = l->mail_from_addr ? l->mail_from_addr : MAIL_DEFAULT_FROM;
}

/* Date, Message-ID (from tag and the message's hash h), the MIME headers
 * and the text part with body; the attachment follows (attachment). */
static void message_start(const render_ctx *o, const char *tag, uint64_t h, const char *body,
                          FILE *fp)
{
    const char *from_name, *from_addr;
    sender(o->lay, &from_name, &from_addr);
    /* the domain of a validated address: nothing else reaches the header */
    const char *domain = strrchr(from_addr, '@') + 1;
    char date[64];
    struct tm tm;
    gmtime_r(&o->when, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm); /* C locale: English */
    fprintf(fp, "Date: %s" EOL, date);
    /* a long domain moves the identifier to a folded line of its own */
    fprintf(fp, "Message-ID:%s<kvreport.%d.%s.%016llx@%s>" EOL,
            strlen(tag) + strlen(domain) > 32 ? EOL " " : " ", o->year, tag, (unsigned long long)h,
            domain);
    fprintf(fp, "MIME-Version: 1.0" EOL);
    fprintf(fp, "Content-Type: multipart/mixed; boundary=\"kvreport-%016llx\"" EOL EOL,
            (unsigned long long)h);
    fprintf(fp, "--kvreport-%016llx" EOL, (unsigned long long)h);
    fprintf(fp, "Content-Type: text/plain; charset=UTF-8" EOL
                "Content-Transfer-Encoding: quoted-printable" EOL EOL);
    mime_quoted_printable(fp, body);
    fprintf(fp, EOL "--kvreport-%016llx" EOL, (unsigned long long)h);
}

/* The attachment's bytes after its part headers, and the boundary after
 * them: the next part's, or the closing one when last is set. */
static void message_end(uint64_t h, const unsigned char *att, size_t len, int last, FILE *fp)
{
    fputs("Content-Transfer-Encoding: base64" EOL EOL, fp);
    mime_base64(fp, att, len);
    fprintf(fp, EOL "--kvreport-%016llx%s" EOL, (unsigned long long)h, last ? "--" : "");
}

/* The titles of the participant's key figures whose value of the report
 * year is provisional (flag p), in the order of kennzahlen.csv, one "- "
 * line each (titles hold "und" and commas: a list in a sentence would not
 * read); empty when there is none. Every key figure counts, not only the
 * report's: the workbook holds them all. */
static void provisional_list(const render_ctx *o, size_t city, sbuf *out)
{
    int yi = dataset_year_index(o->ds, o->year);
    for (size_t k = 0; yi >= 0 && k < o->ds->nkz; k++) {
        if (kz_get(o->kz, k, city, (size_t)yi)->flag != FLAG_P)
            continue;
        if (out->len)
            sbuf_addc(out, '\n');
        sbuf_adds(out, "- ");
        add_one_line(out, o->ds->kz[k].title);
    }
}

int mail_write(const render_ctx *o, size_t city, const mail_files *f, FILE *fp)
{
    const ds_city *c = &o->ds->cities[city];
    const layout *l = o->lay;
    const unsigned char *att = f->xlsx;
    size_t len = f->xlsx_len;
    sbuf to, subject, name, workbook, pdf, body, prov;
    sbuf_init(&to);
    sbuf_init(&prov);
    sbuf_init(&subject);
    sbuf_init(&name);
    sbuf_init(&workbook);
    sbuf_init(&pdf);
    sbuf_init(&body);
    mail_recipients(c->email, &to);
    mail_subject(o, city, &subject);
    add_one_line(&name, c->name);
    sbuf_addf(&workbook, "%s.xlsx", c->id);
    sbuf_addf(&pdf, "%s.pdf", c->id);
    const char *from_name, *from_addr;
    sender(l, &from_name, &from_addr);
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, c->id, strlen(c->id));
    h = fnv(h, &o->year, sizeof o->year);
    h = fnv(h, &o->when, sizeof o->when);
    h = fnv(h, &o->draft, sizeof o->draft);
    h = fnv(h, att, len);
    if (f->pdf)
        h = fnv(h, f->pdf, f->pdf_len);

    common_text ct = {{0}, {0}, {0}};
    mail_var v[V_COMMON + 6];
    common_vars(o, v, &ct);
    v[V_COMMON] = (mail_var){"teilnehmer", name.s};
    v[V_COMMON + 1] = (mail_var){"arbeitsmappe", workbook.s};
    const char *ring =
        c->ring >= 0 && (size_t)c->ring < o->ds->nrings ? o->ds->rings[c->ring].name : NULL;
    v[V_COMMON + 2] = (mail_var){"ring", ring};
    v[V_COMMON + 3] = (mail_var){"bericht", f->pdf ? pdf.s : NULL};
    provisional_list(o, city, &prov);
    v[V_COMMON + 4] = (mail_var){"vorlaeufig", prov.len ? prov.s : NULL};
    /* the report's development needs a year before the report year */
    const char *contents = dataset_year_index(o->ds, o->year) > 0
                               ? TX(mail_bericht_inhalt)
                               : TX(mail_bericht_inhalt_ein_jahr);
    v[V_COMMON + 5] = (mail_var){"bericht_inhalt", f->pdf ? contents : NULL};
    expand(&body, mail_text(l, ""), v, sizeof v / sizeof *v);
    int failed = sbuf_failed(&to) || sbuf_failed(&subject) || sbuf_failed(&name) ||
                 sbuf_failed(&workbook) || sbuf_failed(&pdf) || sbuf_failed(&body) ||
                 sbuf_failed(&prov);
    if (!failed) {
        mime_header_address(fp, "From", from_name, from_addr);
        if (l->mail_reply_addr)
            mime_header_address(fp, "Reply-To", l->mail_reply_name, l->mail_reply_addr);
        mime_header_list(fp, "To", to.s);
        mime_header_text(fp, "Subject", subject.s);
        message_start(o, c->id, h, body.s, fp);
        /* the media type alone is 65 characters: fold so no line passes 78 */
        fprintf(fp,
                "Content-Type:" EOL
                " application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;" EOL
                " name=\"%s\"" EOL "Content-Disposition: attachment; filename=\"%s\"" EOL,
                workbook.s, workbook.s);
        message_end(h, att, len, !f->pdf, fp);
        if (f->pdf) {
            fprintf(fp,
                    "Content-Type: application/pdf; name=\"%s\"" EOL
                    "Content-Disposition: attachment; filename=\"%s\"" EOL,
                    pdf.s, pdf.s);
            message_end(h, f->pdf, f->pdf_len, 1, fp);
        }
    }
    sbuf_free(&to);
    sbuf_free(&subject);
    sbuf_free(&name);
    sbuf_free(&workbook);
    sbuf_free(&pdf);
    sbuf_free(&body);
    sbuf_free(&prov);
    return ferror(fp) || failed ? -1 : 0;
}

/* Per participant the number of basiszahl rows of aenderungen.csv (its
 * bytes): calloc'ed, one count per participant of ds; NULL when out of
 * memory. A row for an id not in ds (a participant that left) counts for
 * no one. */
static size_t *base_changes(const dataset *ds, const char *csv, size_t len)
{
    size_t *n = calloc(ds->ncities + 1, sizeof *n);
    char *copy = malloc(len + 1);
    if (!n || !copy) {
        free(n);
        free(copy);
        return NULL;
    }
    memcpy(copy, csv, len);
    copy[len] = '\0';
    csv_reader r;
    csv_reader_init(&r, copy, len);
    size_t art = SIZE_MAX, city = SIZE_MAX;
    csv_result st;
    for (int header = 1; (st = csv_next(&r)) == CSV_RECORD; header = 0) {
        for (size_t i = 0; header && i < r.nfields; i++) {
            art = strcmp(r.fields[i], "art") ? art : i;
            city = strcmp(r.fields[i], "city") ? city : i;
        }
        if (header || art >= r.nfields || city >= r.nfields ||
            strcmp(r.fields[art], "basiszahl") != 0)
            continue;
        int c = dataset_city_index(ds, r.fields[city]);
        if (c >= 0)
            n[c]++;
    }
    csv_reader_free(&r);
    free(copy);
    if (st == CSV_ERR_NOMEM) {
        free(n);
        return NULL;
    }
    return n;
}

/* The office's list: one line per participant of the run. */
static void participant_list(const mail_office *m, const size_t *nbase, sbuf *out)
{
    const dataset *ds = m->rc->ds;
    for (size_t c = 0; c < ds->ncities; c++) {
        if (m->sel && !m->sel[c])
            continue;
        if (out->len)
            sbuf_addc(out, '\n');
        sbuf_adds(out, "- ");
        add_one_line(out, ds->cities[c].name);
        sbuf_addf(out, TX(mail_liste_zeile), ds->cities[c].id, nbase[c],
                  nbase[c] == 1 ? TX(basiszahl) : TX(basiszahlen),
                  chg_participant_changed(m->prev, ds->cities[c].id, m->digests[c])
                      ? TX(arbeitsmappe_geaendert)
                      : TX(arbeitsmappe_unveraendert));
    }
}

int mail_write_office(const mail_office *m, FILE *fp)
{
    const render_ctx *o = m->rc;
    const layout *l = o->lay;
    sbuf subject, list, body;
    sbuf_init(&subject);
    sbuf_init(&list);
    sbuf_init(&body);
    size_t *nbase = base_changes(o->ds, m->changes, m->changes_len);
    char *summary = chg_summary(m->counts);
    common_text ct = {{0}, {0}, {0}};
    char before[128];
    int utc;
    time_t then = chg_time(m->prev, &utc); /* sets utc: not in the same call */
    fmt_datetime_de(then, utc, before, sizeof before);
    sbuf_addf(&subject, TX(mail_betreff_aenderungen), o->draft ? TX(mail_entwurf) : "", title_of(l),
              o->year, before);
    if (nbase)
        participant_list(m, nbase, &list);
    mail_var v[V_COMMON + 3];
    common_vars(o, v, &ct);
    v[V_COMMON] = (mail_var){"stand_vorher", before};
    v[V_COMMON + 1] = (mail_var){"zusammenfassung", summary};
    v[V_COMMON + 2] = (mail_var){"teilnehmerliste", list.len ? list.s : NULL};
    expand(&body, mail_text(l, "geschaeftsstelle"), v, sizeof v / sizeof *v);
    int failed =
        !nbase || !summary || sbuf_failed(&subject) || sbuf_failed(&list) || sbuf_failed(&body);
    const char *from_name, *from_addr;
    sender(l, &from_name, &from_addr);
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, "geschaeftsstelle", 16);
    h = fnv(h, &o->year, sizeof o->year);
    h = fnv(h, &o->when, sizeof o->when);
    h = fnv(h, &o->draft, sizeof o->draft);
    h = fnv(h, m->changes, m->changes_len);
    if (!failed) {
        mime_header_address(fp, "From", from_name, from_addr);
        mime_header_address(fp, "To", from_name, from_addr);
        mime_header_text(fp, "Subject", subject.s);
        message_start(o, "geschaeftsstelle", h, body.s, fp);
        fputs("Content-Type: text/csv; charset=utf-8; name=\"aenderungen.csv\"" EOL
              "Content-Disposition: attachment; filename=\"aenderungen.csv\"" EOL,
              fp);
        message_end(h, (const unsigned char *)m->changes, m->changes_len, 1, fp);
    }
    free(nbase);
    free(summary);
    sbuf_free(&subject);
    sbuf_free(&list);
    sbuf_free(&body);
    return ferror(fp) || failed ? -1 : 0;
}
