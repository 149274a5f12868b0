/* table.c - file lookup, UTF-8 check, header mapping, record checks. */
#include "table.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

int table_exists(const char *dir, const char *name)
{
    char *plain = join(dir, name, ""), *gz = join(dir, name, ".gz");
    int found = (plain && is_file(plain)) || (gz && is_file(gz));
    free(plain);
    free(gz);
    return found;
}

/* Reports every line holding invalid UTF-8 and replaces the bad bytes by
 * '?', so later messages quoting the text stay valid UTF-8. */
static void check_utf8(table *t)
{
    size_t off = 0;
    long line = 1;
    const char *lastnl = t->buf;
    while (off < t->len) {
        size_t bad = off + text_utf8_invalid(t->buf + off, t->len - off);
        if (bad >= t->len)
            break;
        for (const char *p = lastnl; p < t->buf + bad; p++)
            if (*p == '\n')
                line++;
        lastnl = t->buf + bad;
        if (t->buf[bad] == '\0')
            diag_add(t->diag, DIAG_ERROR, t->fname, line, NULL, 0, NULL,
                     "NUL-Byte in der Datei (keine Textdatei?)");
        else
            diag_add(t->diag, DIAG_ERROR, t->fname, line, NULL, 0, NULL,
                     "ungültige UTF-8-Bytefolge (Byte 0x%02X); die Datei muss UTF-8 sein",
                     (unsigned char)t->buf[bad]);
        /* replace the rest of the offending line's bad bytes quietly */
        size_t p = bad;
        while (p < t->len && t->buf[p] != '\n') {
            size_t ok = text_utf8_invalid(t->buf + p, t->len - p);
            p += ok;
            if (p < t->len && t->buf[p] != '\n')
                t->buf[p++] = '?';
        }
        off = p;
    }
}

/* Reports every line holding a character XML 1.0 forbids (no workbook or
 * SVG could hold it) and replaces it by '?', like invalid UTF-8. */
static void check_xml_chars(table *t)
{
    long line = 1;
    size_t counted = 0, off = 0;
    while (off < t->len) {
        unsigned cp;
        size_t bad = off + text_xml_forbidden(t->buf + off, t->len - off, &cp);
        if (bad >= t->len)
            break;
        for (; counted < bad; counted++)
            line += t->buf[counted] == '\n';
        diag_add(t->diag, DIAG_ERROR, t->fname, line, NULL, 0, NULL,
                 "%s U+%04X ist nicht erlaubt (XML verbietet es; es kann in keine Ausgabe "
                 "geschrieben werden)",
                 cp < 0x20 ? "Steuerzeichen" : "Zeichen", cp);
        /* one message per line: the rest of the line is cleaned quietly */
        size_t p = bad;
        while (p < t->len && t->buf[p] != '\n') {
            size_t k = p + text_xml_forbidden(t->buf + p, t->len - p, &cp);
            if (k >= t->len)
                break;
            if (memchr(t->buf + p, '\n', k - p))
                break;
            memset(t->buf + k, '?', cp < 0x20 ? 1 : 3);
            p = k + (cp < 0x20 ? 1 : 3);
        }
        off = bad + 1;
    }
}

static kv_status read_header(table *t)
{
    csv_result st = csv_next(&t->rd);
    if (st == CSV_END) {
        diag_add(t->diag, DIAG_ERROR, t->fname, 1, NULL, 0, NULL,
                 "Datei ist leer; erwartet wird eine Kopfzeile mit Spaltennamen");
        return KV_ERR_DATA;
    }
    if (st != CSV_RECORD) {
        diag_add(t->diag, DIAG_ERROR, t->fname, t->rd.rec_line, NULL, 0, NULL,
                 "Kopfzeile ist kein gültiger CSV-Datensatz");
        return KV_ERR_DATA;
    }
    kv_status rc = KV_OK;
    t->width = t->rd.nfields;
    for (size_t c = 0; c < t->ncols; c++)
        t->idx[c] = -1;
    for (size_t f = 0; f < t->rd.nfields; f++) {
        const char *h = t->rd.fields[f];
        char ex[120];
        text_excerpt(h, 40, ex, sizeof ex);
        size_t c;
        for (c = 0; c < t->ncols; c++)
            if (strcmp(h, t->cols[c].name) == 0)
                break;
        if (c == t->ncols) {
            diag_add(t->diag, DIAG_WARNING, t->fname, t->rd.rec_line, NULL, 0, NULL,
                     "unbekannte Spalte „%s“ wird ignoriert", ex);
        } else if (t->idx[c] >= 0) {
            diag_add(t->diag, DIAG_ERROR, t->fname, t->rd.rec_line, NULL, 0, NULL,
                     "Spalte „%s“ kommt mehrfach vor", ex);
            rc = KV_ERR_DATA;
        } else {
            t->idx[c] = (int)f;
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].required && t->idx[c] < 0) {
            diag_add(t->diag, DIAG_ERROR, t->fname, t->rd.rec_line, NULL, 0, NULL,
                     "Pflichtspalte „%s“ fehlt in der Kopfzeile", t->cols[c].name);
            rc = KV_ERR_DATA;
        }
    }
    return rc;
}

kv_status table_open(table *t, const char *dir, const char *name, const table_col *cols,
                     size_t ncols, diag_list *diag)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols < TABLE_MAX_COLS ? ncols : TABLE_MAX_COLS;
    t->diag = diag;
    char *plain = join(dir, name, ""), *gz = join(dir, name, ".gz");
    kv_status rc = KV_OK;
    if (!plain || !gz) {
        diag_add(diag, DIAG_ERROR, name, 0, NULL, 0, NULL, "zu wenig Speicher");
        rc = KV_ERR_NOMEM;
        goto done;
    }
    int has_plain = is_file(plain), has_gz = is_file(gz);
    if (has_plain && has_gz) {
        diag_add(diag, DIAG_ERROR, name, 0, NULL, 0, NULL,
                 "%s und %s.gz liegen beide vor; es darf nur eine Form geben", name, name);
        rc = KV_ERR_DATA;
        goto done;
    }
    if (!has_plain && !has_gz) {
        diag_add(diag, DIAG_ERROR, name, 0, NULL, 0, NULL, "Datei fehlt im Eingabeverzeichnis %s",
                 dir);
        rc = KV_ERR_INPUT;
        goto done;
    }
    const char *path = has_gz ? gz : plain;
    const char *base = strrchr(path, '/') + 1;
    t->fname = strdup(base);
    kv_error e = {0};
    kv_status got = t->fname ? csv_slurp(path, &t->buf, &t->len, &e)
                             : kv_fail(&e, KV_ERR_NOMEM, "zu wenig Speicher");
    if (got != KV_OK) {
        diag_add(diag, DIAG_ERROR, base, 0, NULL, 0, NULL, "%s", kv_error_text(&e));
        kv_error_free(&e);
        /* broken gzip data is a data error, an unreadable file an input
         * error, and out of memory is out of memory */
        rc = got == KV_ERR_DATA || got == KV_ERR_NOMEM ? got : KV_ERR_INPUT;
        goto done;
    }
    check_utf8(t);
    check_xml_chars(t);
    csv_reader_init(&t->rd, t->buf, t->len);
    rc = read_header(t);
done:
    free(plain);
    free(gz);
    if (rc != KV_OK)
        table_close(t);
    return rc;
}

void table_close(table *t)
{
    csv_reader_free(&t->rd);
    free(t->buf);
    free(t->fname);
    t->buf = NULL;
    t->fname = NULL;
}

static int all_empty(const csv_reader *r)
{
    for (size_t f = 0; f < r->nfields; f++)
        if (r->lens[f])
            return 0;
    return 1;
}

int table_next(table *t)
{
    for (;;) {
        csv_result st = csv_next(&t->rd);
        t->line = t->rd.rec_line;
        switch (st) {
        case CSV_END:
            return 0;
        case CSV_ERR_UNCLOSED:
            diag_add(t->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL,
                     "Anführungszeichen wird bis zum Dateiende nicht geschlossen");
            return 0;
        case CSV_ERR_AFTER_QUOTE:
            diag_add(t->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL,
                     "Text nach schließendem Anführungszeichen (\" im Feld muss als \"\" "
                     "verdoppelt werden)");
            continue;
        case CSV_ERR_TOO_LONG:
            diag_add(t->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL,
                     "Feld länger als %u Bytes", CSV_MAX_FIELD);
            continue;
        case CSV_ERR_NOMEM:
            diag_add(t->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL, "zu wenig Speicher");
            return 0;
        case CSV_RECORD:
            break;
        }
        if (all_empty(&t->rd))
            continue; /* a line of separators only, as spreadsheets export */
        if (t->rd.nfields != t->width) {
            diag_add(t->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL,
                     "%zu Felder statt %zu wie in der Kopfzeile", t->rd.nfields, t->width);
            continue;
        }
        return 1;
    }
}

const char *table_get(const table *t, size_t c, size_t *len)
{
    int f = t->idx[c];
    if (f < 0) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = t->rd.lens[f];
    return t->rd.fields[f];
}
