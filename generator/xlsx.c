/* xlsx.c - the data annex workbook: Inhalt, Übersicht, Zeitreihe,
 * Vergleich, Basiszahlen (with live formulas), Daten (SPEC long format,
 * an Excel table), Definitionen. This file holds the book, the text
 * helpers and the sheets without charts; xlsx_chart.c and xlsx_base.c the
 * others. Every string goes through xl_str: text that looks like a formula
 * stays text, "_xHHHH_" stays literal, and what Excel cannot hold is
 * shortened visibly (xlsx_check warns in validation.csv beforehand). No
 * locale is ever set (see LIBNOTES). */
#include "xlsx.h"

#include "fmt.h"
#include "lxwpack.h"
#include "text.h"
#include "xlsx_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COL_ACCENT  0x1F4E79
#define COL_HEAD_BG 0xDCE6F0
#define COL_OWN_BG  0xFFF2CC

static const char ELLIPSIS[] = "\xE2\x80\xA6";

void xl_check(book *b, lxw_error rc)
{
    if (rc != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = rc;
}

lxw_worksheet *xl_sheet_new(book *b, const char *name)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    b->where = name;
    if (!ws)
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

/* ---- text within Excel's limits -------------------------------------------------- */

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* 1 when s starts a "_xHHHH_" escape that Excel would decode. */
static int is_escape(const char *s)
{
    return s[0] == '_' && s[1] == 'x' && is_hex(s[2]) && is_hex(s[3]) && is_hex(s[4]) &&
           is_hex(s[5]) && s[6] == '_';
}

/* Length in bytes of the UTF-8 sequence at s (1 for a stray byte). */
static size_t seq_len(const unsigned char *s)
{
    size_t n = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Appends s escaped, at most max units (0: unlimited); returns the units
 * appended, *rest set to the bytes left over. The escape "_x005F_" counts
 * against the limit too: libxlsxwriter checks the escaped text. */
static size_t fit_copy(const char *s, size_t max, sbuf *out, const char **rest)
{
    size_t units = 0;
    while (*s) {
        int esc = is_escape(s);
        size_t n = seq_len((const unsigned char *)s), u = (n == 4 ? 2 : 1) + (esc ? 7 : 0);
        if (max && units + u > max)
            break;
        if (esc)
            sbuf_adds(out, "_x005F");
        sbuf_add(out, s, n);
        units += u;
        s += n;
    }
    *rest = s;
    return units;
}

int xl_fit(const char *s, size_t max, sbuf *out)
{
    const char *rest;
    size_t start = out->len;
    fit_copy(s ? s : "", max, out, &rest);
    if (!*rest)
        return 0;
    sbuf_truncate(out, start);
    fit_copy(s, max - 1, out, &rest);
    sbuf_adds(out, ELLIPSIS);
    return 1;
}

/* 1 when s goes into a cell as it is: short enough to fit whatever it
 * holds (a byte is at most one UTF-16 unit, an escape adds six to seven
 * bytes), without "_x" and, in a cell that does not wrap, without a line
 * break. The common case, kept cheap. */
static int fits_as_is(const char *s, int wraps)
{
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if ((*p == '_' && p[1] == 'x') || n >= XL_CELL_MAX / 8 ||
            (!wraps && (*p == '\n' || *p == '\r')))
            return 0;
    return 1;
}

/* Every line break (CR, LF, CRLF) of s a space, in place: a cell that
 * does not wrap shows no break (Excel runs the lines together, LibreOffice
 * showed only the last line, so "Landkreis\nmit Zeilenumbruch" lost its
 * first word), and the report sets such a name in one line as well. */
static void one_line(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            p++;
        *w++ = *p;
        if (*p == '\r' || *p == '\n')
            w[-1] = ' ';
    }
    *w = '\0';
}

void xl_str(book *b, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    int wraps = f && f->text_wrap;
    if (!s || fits_as_is(s, wraps)) {
        xl_check(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", f));
        return;
    }
    sbuf t;
    sbuf_init(&t);
    xl_fit(s, XL_CELL_MAX, &t);
    if (sbuf_failed(&t)) {
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        if (!wraps)
            one_line(t.s);
        xl_check(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t.s, f));
    }
    sbuf_free(&t);
}

void xl_num(book *b, lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
    xl_check(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
}

void xl_head(book *b, lxw_worksheet *ws, int row, int col, const char *const *names,
             const int *nums, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xl_str(b, ws, row, col + (int)i, names[i],
               !nums || !nums[i] ? b->head
               : nums[i] == 2    ? b->head_center
                                 : b->head_num);
}

size_t xl_width(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

double xl_fit_width(const char *const *texts, size_t n, double min, double max)
{
    double w = min;
    for (size_t i = 0; i < n; i++) {
        double t = (double)xl_width(texts[i]) * 1.1 + 1;
        if (t > w)
            w = t;
    }
    return w > max ? max : w;
}

void xl_fit_column(book *b, lxw_worksheet *ws, int col, const char *const *texts, size_t n,
                   double min, double max)
{
    xl_check(b, worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col,
                                     xl_fit_width(texts, n, min, max), NULL));
}

double xl_num_width(double v, int decimals)
{
    /* the integer digits of v as rounded to its decimals */
    double t = fabs(v) + 0.5 * pow(10, -decimals);
    int digits = 1;
    for (; t >= 10 && digits < 400; t /= 10)
        digits++;
    int marks = (digits - 1) / 3 + (decimals > 0); /* separators and the point */
    return digits + decimals + 0.5 * marks + (v < 0) + 1;
}

static double kz_width_one(const book *b, size_t k, double w)
{
    int d = b->ds->kz[k].decimals;
    for (size_t y = 0; y <= b->yi; y++) {
        const kz_agg *a = kz_get_agg(b->kz, k, y);
        if (a->n)
            w = fmax(w, fmax(xl_num_width(a->min, d), xl_num_width(a->max, d)));
        if (a->has_gesamt)
            w = fmax(w, xl_num_width(a->gesamt, d));
    }
    return w;
}

double xl_kz_width(const book *b, size_t k, double min)
{
    if (k != XL_ALL_KZ)
        return kz_width_one(b, k, min);
    for (size_t i = 0; i < b->ds->nkz; i++)
        min = kz_width_one(b, i, min);
    return min;
}

double xl_row_height(const char *s, double width)
{
    /* lines of a greedy wrap, estimated by characters; Excel's row height
     * limit is 409 points */
    double lines = 0, line = 0, per = width > 2 ? width - 1 : 1;
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '\n') {
            lines += 1 + floor(line / per);
            line = 0;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            line++;
        }
    }
    lines += 1 + floor(line / per);
    double h = 15 * lines;
    return h > 409 ? 409 : h;
}

/* ---- formats ------------------------------------------------------------------- */

static lxw_format *fmt_new(book *b, const char *num, int bold, uint32_t bg)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (num)
        format_set_num_format(f, num);
    if (bold)
        format_set_bold(f);
    if (bg)
        format_set_bg_color(f, bg);
    return f;
}

static void make_formats(book *b)
{
    /* negative with the minus sign U+2212, as the change formats and the
     * report print it (the hyphen of the built-in form beside "−2,8 %") */
    static const char *const nums[5] = {
        "#,##0;\xE2\x88\x92#,##0", "#,##0.0;\xE2\x88\x92#,##0.0", "#,##0.00;\xE2\x88\x92#,##0.00",
        "#,##0.000;\xE2\x88\x92#,##0.000", "#,##0.0000;\xE2\x88\x92#,##0.0000"};
    b->title = fmt_new(b, NULL, 1, 0);
    format_set_font_size(b->title, 14);
    format_set_font_color(b->title, COL_ACCENT);
    b->bold = fmt_new(b, NULL, 1, 0);
    b->head = fmt_new(b, NULL, 1, COL_HEAD_BG);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->head_num = fmt_new(b, "0", 1, COL_HEAD_BG);
    format_set_text_wrap(b->head_num);
    format_set_align(b->head_num, LXW_ALIGN_RIGHT);
    format_set_align(b->head_num, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(b->head_num, LXW_BORDER_THIN);
    b->head_center = fmt_new(b, NULL, 1, COL_HEAD_BG);
    format_set_text_wrap(b->head_center);
    format_set_align(b->head_center, LXW_ALIGN_CENTER);
    format_set_align(b->head_center, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(b->head_center, LXW_BORDER_THIN);
    b->year = fmt_new(b, "0", 0, 0);
    b->text = fmt_new(b, "@", 0, 0);
    b->wrap = fmt_new(b, NULL, 0, 0);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    /* the row heights are estimated generously: top-aligned, a title that
     * fits one line stood a line above the values beside it */
    b->wrap_low = fmt_new(b, NULL, 0, 0);
    format_set_text_wrap(b->wrap_low);
    b->italic = fmt_new(b, NULL, 0, 0);
    format_set_italic(b->italic);
    b->italic_wrap = fmt_new(b, NULL, 0, 0);
    format_set_italic(b->italic_wrap);
    format_set_text_wrap(b->italic_wrap);
    format_set_align(b->italic_wrap, LXW_ALIGN_VERTICAL_TOP);
    b->own = fmt_new(b, NULL, 1, COL_OWN_BG);
    b->own_text = fmt_new(b, "@", 1, COL_OWN_BG);
    b->pct = fmt_new(b, "0\\ %", 0, 0); /* "70 %", with the space German puts before % */
    b->center = fmt_new(b, NULL, 0, 0);
    format_set_align(b->center, LXW_ALIGN_CENTER);
    /* the minus as U+2212, as in the report */
    b->chg_pct = fmt_new(b, "+#,##0.0\" %\";\xE2\x88\x92#,##0.0\" %\";\xC2\xB1\\0.0\" %\"", 0, 0);
    b->chg_pp =
        fmt_new(b, "+#,##0.0\" Pp.\";\xE2\x88\x92#,##0.0\" Pp.\";\xC2\xB1\\0.0\" Pp.\"", 0, 0);
    b->draft = fmt_new(b, NULL, 1, 0);
    format_set_font_color(b->draft, 0xB00000);
    b->link = fmt_new(b, NULL, 0, 0);
    format_set_underline(b->link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(b->link, 0x0563C1);
    for (int i = 0; i < 5; i++) {
        b->kzfmt[i] = fmt_new(b, nums[i], 0, 0);
        b->kzown[i] = fmt_new(b, nums[i], 1, COL_OWN_BG);
    }
    b->count = fmt_new(b, "#,##0", 0, 0);
    b->money = fmt_new(b, "#,##0.00", 0, 0);
}

lxw_format *xl_kzfmt(const book *b, size_t k, int own)
{
    int d = b->ds->kz[k].decimals;
    return own ? b->kzown[d] : b->kzfmt[d];
}

int xl_is_percent(const ds_kennzahl *k)
{
    return strcmp(k->unit, "%") == 0;
}

lxw_format *xl_chgfmt(const book *b, size_t k)
{
    return xl_is_percent(&b->ds->kz[k]) ? b->chg_pp : b->chg_pct;
}

int xl_change(const book *b, size_t k, size_t city, size_t y, double *v)
{
    const kz_cell *c = kz_get(b->kz, k, city, y);
    if (!c->has_change || y == 0)
        return 0;
    *v = xl_is_percent(&b->ds->kz[k]) ? c->value - kz_get(b->kz, k, city, y - 1)->value : c->change;
    /* a change the formats show as 0.0 is written as 0, so that Excel
     * takes the formats' zero section, "±0,0" as the PDF prints it, and
     * not "+0,0" or "−0,0" for a value of 0.00006 */
    if (fmt_de_zero(*v, 1))
        *v = 0;
    return 1;
}

/* ---- page setup, header, notes ------------------------------------------------------- */

#define HEADER_NAME_MAX 60

/* The page header "&L<stamp>&C<name>&R<year>": the name shortened with
 * "…" so that the whole stays within Excel's 255 characters and the
 * ENTWURF marker is never lost, and to at most name_max characters.
 * Returns 1 when the name was shortened. */
static int page_header(const char *stamp, const char *name, int year, size_t name_max, sbuf *out)
{
    sbuf_addf(out, "&L%s&C", stamp);
    char right[24];
    snprintf(right, sizeof right, "&R%d", year);
    /* "&" starts a header code: doubled in data; a line break ends it */
    sbuf n;
    sbuf_init(&n);
    for (const char *p = name; *p; p++) {
        if (*p == '&')
            sbuf_addc(&n, '&');
        if (*p == '\n' || *p == '\r')
            sbuf_addc(&n, ' ');
        else
            sbuf_addc(&n, *p);
    }
    size_t used = xl_width(out->s) + strlen(right);
    size_t room = XL_HEADER_MAX > used ? XL_HEADER_MAX - used : 1;
    if (room > name_max)
        room = name_max;
    size_t at = out->len;
    int cut = xl_fit(n.s, room, out);
    /* a shortened name must not end in half a "&&" */
    if (cut) {
        size_t amps = 0;
        for (size_t i = out->len - strlen(ELLIPSIS); i > at && out->s[i - 1] == '&'; i--)
            amps++;
        if (amps % 2) {
            sbuf_truncate(out, out->len - strlen(ELLIPSIS) - 1);
            sbuf_adds(out, ELLIPSIS);
        }
    }
    sbuf_adds(out, right);
    if (sbuf_failed(&n))
        out->failed = 1;
    sbuf_free(&n);
    return cut;
}

/* The draft marker into out (initialised here): empty unless o->draft. */
static void draft_stamp(const render_ctx *o, sbuf *out)
{
    sbuf_init(out);
    if (o->draft) {
        char when[32]; /* a date and time, made here */
        fmt_datetime_de(o->when, o->utc, when, sizeof when);
        sbuf_addf(out, TX(entwurf_stand), when);
    }
}

void xl_sheet_setup(book *b, lxw_worksheet *ws, int draft_row, int draft_col)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    sbuf h;
    sbuf_init(&h);
    /* the printed header's centre: a longer name ran over the left and
     * right parts (seen in LibreOffice's PDF at 120 characters); the
     * sheets' titles carry it whole */
    page_header(b->stamp.len ? b->stamp.s : TX(datenanhang), b->ds->cities[b->city].name,
                b->o->year, HEADER_NAME_MAX, &h);
    xl_check(b, sbuf_failed(&h) ? LXW_ERROR_MEMORY_MALLOC_FAILED : worksheet_set_header(ws, h.s));
    sbuf_free(&h);
    xl_check(b, worksheet_set_footer(ws, "&L&A&RSeite &P von &N"));
    if (b->stamp.len)
        xl_str(b, ws, draft_row, draft_col, b->stamp.s, b->draft);
}

/* One line of the notes in row (see book.notes_last_col). */
static void note_line(book *b, lxw_worksheet *ws, int row, const char *s)
{
    if (!b->notes_last_col) {
        xl_str(b, ws, row, 0, s, b->italic);
        return;
    }
    xl_check(b, worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row,
                                      (lxw_col_t)b->notes_last_col, "", b->italic_wrap));
    xl_str(b, ws, row, 0, s, b->italic_wrap);
    double h = xl_row_height(s, b->notes_width);
    if (h > 15)
        xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, h, NULL));
}

int xl_notes(book *b, lxw_worksheet *ws, int row)
{
    const layout *l = b->o->lay;
    char date[64];
    fmt_date_de(b->o->when, b->o->utc, date, sizeof date);
    sbuf s;
    sbuf_init(&s);
    sbuf_addf(&s, TX(mappe_quelle), layout_or(l->publisher, TX(herausgeber_standard)),
              layout_or(l->title, TX(titel_standard)), date);
    if (l->contact && *l->contact)
        sbuf_addf(&s, TX(mappe_kontakt), l->contact);
    /* short lines: a line running over the page's edge would be cut */
    note_line(b, ws, row++, s.s);
    sbuf_free(&s);
    /* the dataset's own source and note (info.csv), each on its line */
    if (b->ds->quelle) {
        sbuf_init(&s);
        sbuf_addf(&s, TX(mappe_datenquelle), b->ds->quelle);
        note_line(b, ws, row++, s.s);
        sbuf_free(&s);
    }
    if (b->ds->hinweis) {
        sbuf_init(&s);
        sbuf_addf(&s, TX(mappe_hinweis), b->ds->hinweis);
        note_line(b, ws, row++, s.s);
        sbuf_free(&s);
    }
    if (b->ds->synthetic)
        note_line(b, ws, row++, TX(mappe_beispieldaten));
    const char *const lines[] = {TX(hinweis_rundung), TX(mappe_zeichen_1), TX(mappe_zeichen_2),
                                 TX(mappe_zeichen_3)};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        note_line(b, ws, row++, lines[i]);
    return row;
}

/* "Zeichenerklärung": the flags' symbols and meanings from row on;
 * returns the row after them. */
static int symbol_legend(book *b, lxw_worksheet *ws, int row)
{
    xl_str(b, ws, row++, 0, TX(abschnitt_zeichen), b->bold);
    for (int f = FLAG_BREAK; f < FLAG_COUNT; f++, row++) {
        xl_str(b, ws, row, 0, flag_print_symbol((kv_flag)f), b->text);
        xl_str(b, ws, row, 1, flag_meaning((kv_flag)f), NULL);
    }
    return row;
}

/* Value, flag, Gesamtwert, Mittelwert, Median, Minimum, Maximum, Anzahl
 * from column col on: the same cells in Übersicht and Daten, but for the
 * flag "-": as printed ("–", as the sign legend explains it) where read
 * (printed), as delivered in Daten (as in kennzahlwerte.csv). A missing
 * value is an empty cell, never 0. */
static void value_and_aggregates(book *b, lxw_worksheet *ws, int row, int col, const kz_cell *c,
                                 const kz_agg *a, lxw_format *f, int printed)
{
    if (c->has_value)
        xl_num(b, ws, row, col, c->value, f);
    if (c->flag != FLAG_FINAL)
        xl_str(b, ws, row, col + 1, (printed ? flag_print_symbol : flag_symbol)((kv_flag)c->flag),
               b->text);
    if (a->has_gesamt)
        xl_num(b, ws, row, col + 2, a->gesamt, f);
    if (a->n) {
        xl_num(b, ws, row, col + 3, a->mean, f);
        xl_num(b, ws, row, col + 4, a->median, f);
        xl_num(b, ws, row, col + 5, a->min, f);
        xl_num(b, ws, row, col + 6, a->max, f);
    }
    xl_num(b, ws, row, col + 7, (double)a->n, NULL);
}

/* Width of the widest key-figure title (or code), for the columns. */
static double kz_col_width(const dataset *ds, int titles, double min, double max)
{
    double w = min;
    for (size_t k = 0; k < ds->nkz; k++) {
        /* codes are capitals and underscores, wider than average text */
        double t = titles ? (double)xl_width(ds->kz[k].title) + 1
                          : (double)xl_width(ds->kz[k].code) * 1.2 + 1;
        w = t > w ? t : w;
    }
    return w > max ? max : w;
}

/* 1 when a value of the report year carries "p": the data are not final. */
static int provisional(const book *b)
{
    for (size_t k = 0; k < b->ds->nkz; k++)
        if (kz_get_agg(b->kz, k, b->yi)->provisional)
            return 1;
    return 0;
}

static const char *data_state(const book *b)
{
    return b->o->draft      ? TX(datenstand_entwurf)
           : provisional(b) ? TX(datenstand_vorlaeufig)
                            : TX(datenstand_endgueltig);
}

/* A sheet's title (14 pt) in row: in one cell where it fits the width
 * (characters) of columns 0..last_col, else wrapped in them, merged,
 * with the row's height (in one line it ran on beyond the table, and
 * fitting the sheet to the page's width printed everything smaller). */
static void sheet_title(book *b, lxw_worksheet *ws, int row, int last_col, double width,
                        const char *s)
{
    const double w = width * 11 / 14; /* characters of 14 pt a line */
    if ((double)xl_width(s) + 1 <= w) {
        xl_str(b, ws, row, 0, s, b->title);
        return;
    }
    if (!b->title_wrap) {
        b->title_wrap = fmt_new(b, NULL, 1, 0);
        format_set_font_size(b->title_wrap, 14);
        format_set_font_color(b->title_wrap, COL_ACCENT);
        format_set_text_wrap(b->title_wrap);
        format_set_align(b->title_wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    xl_check(b, worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, (lxw_col_t)last_col,
                                      "", b->title_wrap));
    xl_str(b, ws, row, 0, s, b->title_wrap);
    xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, xl_row_height(s, w) * 19 / 15, NULL));
}

/* ---- Inhalt ------------------------------------------------------------------------ */

/* the sheets' names stay fixed (formulas and links use them); what each
 * holds is a text of the layout */
static const struct {
    const char *name;
    tx_key what;
} SHEET_INFO[] = {
    {"Übersicht", TX_mappe_uebersicht}, {"Zeitreihe", TX_mappe_zeitreihe},
    {"Vergleich", TX_mappe_vergleich},  {"Basiszahlen", TX_mappe_basiszahlen},
    {"Daten", TX_mappe_daten},          {"Definitionen", TX_mappe_definitionen},
};

static void sheet_contents(book *b)
{
    lxw_worksheet *ws = xl_sheet_new(b, "Inhalt");
    if (!ws)
        return;
    sbuf t;
    sbuf_init(&t);
    sbuf_addf(&t, TX(mappe_titel), b->ds->cities[b->city].name, b->o->year);
    sheet_title(b, ws, 1, 1, 16 + 80, t.s);
    sbuf_free(&t);
    xl_str(b, ws, 2, 0, layout_or(b->o->lay->title, TX(titel_standard)), b->bold);
    const char *const head[] = {TX(mappe_kopf_blatt), TX(mappe_kopf_inhalt)};
    xl_head(b, ws, 4, 0, head, NULL, 2);
    int row = 5;
    for (size_t i = 0; i < sizeof SHEET_INFO / sizeof *SHEET_INFO; i++, row++) {
        char url[64];
        snprintf(url, sizeof url, "internal:'%s'!A1", SHEET_INFO[i].name);
        xl_check(b, worksheet_write_url_opt(ws, (lxw_row_t)row, 0, url, b->link, SHEET_INFO[i].name,
                                            NULL));
        xl_str(b, ws, row, 1, TX_AT(SHEET_INFO[i].what), NULL);
    }
    row++;
    xl_str(b, ws, row, 0, TX(impressum_datenstand_zeile), b->bold);
    char date[64];
    fmt_date_de(b->o->when, b->o->utc, date, sizeof date);
    sbuf_init(&t);
    sbuf_addf(&t, "%s, %s", data_state(b), date);
    xl_str(b, ws, row++, 1, t.s, NULL);
    sbuf_free(&t);
    xl_notes(b, ws, row + 1);
    xl_check(b, worksheet_set_column(ws, 0, 0, 16, NULL));
    xl_check(b, worksheet_set_column(ws, 1, 1, 80, NULL));
    worksheet_fit_to_pages(ws, 1, 0);
    xl_sheet_setup(b, ws, 0, 0);
}

/* One footnote row per key figure whose series breaks ("|") for this
 * participant up to the report year: code in column 0, the years in
 * column 1. Returns the next free row. */
static int series_break_notes(book *b, lxw_worksheet *ws, int row)
{
    const dataset *ds = b->ds;
    for (size_t k = 0; k < ds->nkz; k++) {
        sbuf t;
        sbuf_init(&t);
        int n = 0;
        for (size_t y = 0; y <= b->yi; y++)
            if (kz_get(b->kz, k, b->city, y)->brk)
                sbuf_addf(&t, "%s%d", n++ ? ", " : "", ds->years[y]);
        if (n) {
            sbuf m;
            sbuf_init(&m);
            sbuf_addf(&m, TX(mappe_bruch), n > 1 ? TX(mappe_in_den_jahren) : TX(mappe_im_jahr),
                      t.s);
            xl_str(b, ws, row, 0, ds->kz[k].code, b->italic);
            xl_str(b, ws, row++, 1, m.s, b->italic);
            sbuf_free(&m);
        }
        sbuf_free(&t);
    }
    return row;
}

/* Columns first.. to widths[0..n), equal neighbours in one range. */
static void set_columns(book *b, lxw_worksheet *ws, int first, const double *widths, size_t n)
{
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && widths[j] == widths[i]; j++)
            ;
        xl_check(b, worksheet_set_column(ws, (lxw_col_t)(first + (int)i),
                                         (lxw_col_t)(first + (int)j - 1), widths[i], NULL));
    }
}

/* ---- Übersicht ------------------------------------------------------------------- */

static void sheet_overview(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = xl_sheet_new(b, "Übersicht");
    if (!ws)
        return;
    sbuf t;
    sbuf_init(&t);
    sbuf_addf(&t, TX(mappe_titel_kurz), ds->cities[b->city].name);
    /* the columns' widths, set at the end: code, title, unit, the rest */
    const int top = 6, ring = ds->cities[b->city].ring, ncol = ring >= 0 ? 17 : 14;
    const double wcode = kz_col_width(ds, 0, 12, 34), wtitle = kz_col_width(ds, 1, 20, 60);
    const double wv = xl_kz_width(b, XL_ALL_KZ, 12), wr = fmax(13, wv);
    const double widths[] = {wv, 12, wv, wv, wv, wv, wv, 12, 18, 18, 10, wr, wr, 13};
    double wall = wcode + wtitle + 14;
    for (int c = 3; c < ncol; c++)
        wall += widths[c - 3];
    sheet_title(b, ws, 0, ncol - 1, wall, t.s);
    sbuf_free(&t);
    xl_str(b, ws, 1, 0, TX(impressum_ring), b->bold);
    xl_str(b, ws, 1, 1, layout_or(b->o->lay->circle, ""), NULL);
    xl_str(b, ws, 2, 0, TX(mappe_berichtsjahr), b->bold);
    xl_num(b, ws, 2, 1, b->o->year, b->year);
    xl_str(b, ws, 3, 0, TX(impressum_datenstand_zeile), b->bold);
    char date[64];
    fmt_date_de(b->o->when, b->o->utc, date, sizeof date);
    sbuf_init(&t);
    sbuf_addf(&t, "%s, %s", data_state(b), date);
    xl_str(b, ws, 3, 1, t.s, NULL);
    sbuf_free(&t);
    if (ds->synthetic)
        xl_str(b, ws, 4, 0, TX(mappe_beispieldaten), b->draft);
    xl_check(b, workbook_define_name(b->wb, "Berichtsjahr", "=Übersicht!$B$3"));

    const char *const head[] = {TX(mappe_code),      TX(kopf_kennzahl),    TX(kopf_einheit),
                                TX(kopf_wert),       TX(kopf_kennzeichen), TX(gesamtwert),
                                TX(mittelwert),      TX(kopf_median),      TX(kopf_minimum),
                                TX(kopf_maximum),    TX(mappe_anzahl),     TX(mappe_veraenderung),
                                TX(mappe_lage),      TX(mappe_im_bericht), TX(gesamtwert_ring),
                                TX(mittelwert_ring), TX(mappe_anzahl_ring)};
    static const int nums[] = {0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1};
    if (ring >= 0) {
        xl_str(b, ws, 5, 0, TX(mappe_ring), b->bold);
        xl_str(b, ws, 5, 1, ds->rings[ring].name, NULL);
    }
    xl_head(b, ws, top, 0, head, nums, (size_t)ncol);
    xl_check(b, worksheet_set_row(ws, top, 60, NULL));
    int row = top + 1;
    for (size_t k = 0; k < ds->nkz; k++, row++) {
        const ds_kennzahl *kz = &ds->kz[k];
        const kz_cell *c = kz_get(b->kz, k, b->city, b->yi);
        const kz_agg *a = kz_get_agg(b->kz, k, b->yi);
        xl_str(b, ws, row, 0, kz->code, NULL);
        xl_str(b, ws, row, 1, kz->title, b->wrap_low);
        xl_str(b, ws, row, 2, kz->unit, NULL);
        value_and_aggregates(b, ws, row, 3, c, a, xl_kzfmt(b, k, 0), 1);
        double chg;
        if (xl_change(b, k, b->city, b->yi, &chg))
            xl_num(b, ws, row, 11, chg, xl_chgfmt(b, k));
        if (c->has_value && a->n > 1 && a->max > a->min)
            xl_num(b, ws, row, 12, (c->value - a->min) / (a->max - a->min), b->pct);
        xl_str(b, ws, row, 13, kz->monitoring ? TX(mappe_ja) : TX(mappe_nein), b->center);
        if (ring >= 0) {
            const kz_agg *ra = kz_get_ring_agg(b->kz, k, (size_t)ring, b->yi);
            if (ra->has_gesamt)
                xl_num(b, ws, row, 14, ra->gesamt, xl_kzfmt(b, k, 0));
            if (ra->n)
                xl_num(b, ws, row, 15, ra->mean, xl_kzfmt(b, k, 0));
            xl_num(b, ws, row, 16, (double)ra->n, NULL);
        }
        if ((double)xl_width(kz->title) + 1 > wtitle)
            xl_check(b,
                     worksheet_set_row(ws, (lxw_row_t)row, xl_row_height(kz->title, wtitle), NULL));
    }
    lxw_conditional_format bars = {.type = LXW_CONDITIONAL_DATA_BAR,
                                   .bar_color = 0x8FAADC,
                                   .bar_solid = LXW_TRUE,
                                   .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
                                   .min_value = 0,
                                   .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
                                   .max_value = 1};
    xl_check(b, worksheet_conditional_format_range(ws, (lxw_row_t)top + 1, 12, (lxw_row_t)row - 1,
                                                   12, &bars));
    xl_check(
        b, worksheet_autofilter(ws, (lxw_row_t)top, 0, (lxw_row_t)row - 1, (lxw_col_t)(ncol - 1)));
    worksheet_freeze_panes(ws, (lxw_row_t)top + 1, 2);
    row += 1;
    xl_str(b, ws, row++, 0, TX(mappe_hinweis_veraenderung), b->italic);
    xl_str(b, ws, row++, 0, TX(mappe_hinweis_fragen), b->italic);
    xl_str(b, ws, row++, 0, TX(mappe_hinweis_im_bericht), b->italic);
    if (ring >= 0)
        xl_str(b, ws, row++, 0, TX(mappe_hinweis_ring), b->italic);
    row = series_break_notes(b, ws, row);
    row = symbol_legend(b, ws, row + 1);
    xl_notes(b, ws, row + 1);
    xl_check(b, worksheet_set_column(ws, 0, 0, wcode, NULL));
    xl_check(b, worksheet_set_column(ws, 1, 1, wtitle, NULL));
    xl_check(b, worksheet_set_column(ws, 2, 2, 14, NULL));
    /* the values' columns (not the flag's and the counts') as wide as
     * their widest number needs (widths above) */
    set_columns(b, ws, 3, widths, sizeof widths / sizeof *widths);
    worksheet_fit_to_pages(ws, 1, 0);
    xl_sheet_setup(b, ws, 0, 4);
    xl_check(b, worksheet_repeat_rows(ws, (lxw_row_t)top, (lxw_row_t)top));
    xl_check(b, worksheet_repeat_columns(ws, 0, 1));
}

/* ---- Daten (SPEC section 4, exactly; then Einheit, Bereich, Veränderung,
 * Teilnehmer) as the Excel table "Kennzahldaten" ------------------------------------ */

#define DATA_TITLE_W 38
#define DATA_AREA_W  31
/* characters of text a column holds per character of its width: the
 * width counts digits, text is narrower (seen in LibreOffice's PDF with
 * Carlito and Noto Sans: a 41-character title took 80-85 % of a column
 * 38 wide); the rows' heights by the plain count were twice the text's */
#define DATA_TEXT_FIT 1.12
#define DATA_UNIT_W   17

static void sheet_data(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = xl_sheet_new(b, "Daten");
    if (!ws)
        return;
    static const char *head[] = {"Code",        "Kennzahl",    "Jahr",       "Wert",
                                 "Kennzeichen", "Gesamtwert",  "Mittelwert", "Median",
                                 "Minimum",     "Maximum",     "Anzahl",     "Einheit",
                                 "Bereich",     "Veränderung", "Teilnehmer"};
    enum { NCOL = sizeof head / sizeof *head };
    int row = 1;
    const char *name = ds->cities[b->city].name;
    /* printed legibly, two pages across as a rule: titles, units and
     * areas wrap in columns of at most DATA_TITLE_W, DATA_UNIT_W and
     * DATA_AREA_W characters (code, title and year repeat on every page
     * across); the pages break between rows */
    const char **areas = calloc(2 * ds->nkz + 1, sizeof *areas);
    if (!areas) {
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    const char **units = areas + ds->nkz;
    for (size_t k = 0; k < ds->nkz; k++) {
        areas[k] = ds->kz[k].area;
        units[k] = ds->kz[k].unit;
    }
    /* the unit indented: beside the count right-aligned before it, "14"
     * and "%" read as "14 %" */
    double widths[NCOL] = {kz_col_width(ds, 0, 12, 34), kz_col_width(ds, 1, 20, DATA_TITLE_W), 8};
    const double wnum = xl_kz_width(b, XL_ALL_KZ, 13);
    for (int c = 3; c < 11; c++)
        widths[c] = c == 4 || c == 10 ? 13 : wnum; /* the flag and the count: narrow */
    widths[11] = xl_fit_width(units, ds->nkz, 8, DATA_UNIT_W) + 1;
    widths[12] = xl_fit_width(areas, ds->nkz, 10, DATA_AREA_W);
    widths[13] = 13;
    widths[14] = xl_fit_width(&name, 1, 12, 60);
    free(areas);
    lxw_format *unit = workbook_add_format(b->wb), *unit_wrap = workbook_add_format(b->wb);
    if (unit && unit_wrap) {
        format_set_indent(unit, 1);
        format_set_indent(unit_wrap, 1);
        format_set_text_wrap(unit_wrap);
        format_set_align(unit_wrap, LXW_ALIGN_VERTICAL_BOTTOM);
    }
    /* the participant, the same in every row, is printed in the page
     * header: the print leaves its column out */
    xl_print_columns(b, ws, widths, NCOL - 1, 3);
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *kz = &ds->kz[k];
        double h = 15;
        double wt = widths[1] * DATA_TEXT_FIT, wa = widths[12] * DATA_TEXT_FIT;
        if ((double)xl_width(kz->title) + 1 > wt)
            h = xl_row_height(kz->title, wt);
        if ((double)xl_width(kz->area) + 1 > wa)
            h = fmax(h, xl_row_height(kz->area, wa));
        int wrap_unit = (double)xl_width(kz->unit) + 2 > widths[11];
        if (wrap_unit)
            h = fmax(h, xl_row_height(kz->unit, widths[11] - 1));
        for (size_t y = 0; y <= b->yi; y++, row++) {
            const kz_cell *c = kz_get(b->kz, k, b->city, y);
            const kz_agg *a = kz_get_agg(b->kz, k, y);
            xl_str(b, ws, row, 0, kz->code, NULL);
            xl_str(b, ws, row, 1, kz->title, h > 15 ? b->wrap_low : NULL);
            if (h > 15)
                xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, h, NULL));
            xl_num(b, ws, row, 2, ds->years[y], b->year);
            value_and_aggregates(b, ws, row, 3, c, a, xl_kzfmt(b, k, 0), 0);
            xl_str(b, ws, row, 11, kz->unit, wrap_unit ? unit_wrap : unit);
            xl_str(b, ws, row, 12, kz->area, h > 15 ? b->wrap_low : NULL);
            double chg;
            if (xl_change(b, k, b->city, y, &chg))
                xl_num(b, ws, row, 13, chg, xl_chgfmt(b, k));
            xl_str(b, ws, row, 14, name, NULL);
        }
    }
    lxw_table_column cols[NCOL], *colp[NCOL + 1];
    for (int i = 0; i < NCOL; i++) {
        cols[i] = (lxw_table_column){.header = (char *)head[i]};
        colp[i] = &cols[i];
    }
    colp[NCOL] = NULL;
    lxw_table_options topt = {.name = "Kennzahldaten",
                              .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
                              .style_type_number = 9,
                              .columns = colp};
    /* no notes below the table: the sheet is the contract's long format,
     * read to its last row by scripts */
    xl_check(b, worksheet_add_table(ws, 0, 0, (lxw_row_t)(row - 1), NCOL - 1, &topt));
    xl_check(b, worksheet_print_area(ws, 0, 0, (lxw_row_t)(row - 1), NCOL - 2));
    worksheet_freeze_panes(ws, 1, 0);
    for (int c = 0; c < NCOL; c++)
        xl_check(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
    xl_sheet_setup(b, ws, 0, NCOL + 1);
    xl_check(b, worksheet_repeat_rows(ws, 0, 0));
}

/* ---- Definitionen ------------------------------------------------------------------------ */

static void sheet_definitions(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = xl_sheet_new(b, "Definitionen");
    if (!ws)
        return;
    const char *const head[] = {
        TX(mappe_code),         TX(kopf_kennzahl),   TX(mappe_bereich), TX(mappe_zaehler),
        TX(mappe_nenner),       TX(mappe_faktor),    TX(kopf_einheit),  TX(mappe_nachkommastellen),
        TX(mappe_beschreibung), TX(mappe_im_bericht)};
    static const int nums[] = {0, 0, 0, 0, 0, 1, 0, 1, 0, 0};
    /* Nachkommastellen whole (at 10 LibreOffice broke it "Nachkomm-astellen") */
    static const double width[] = {0, 44, 30, 34, 34, 10, 14, 18, 60, 10};
    xl_head(b, ws, 0, 0, head, nums, 10);
    /* Faktor and Nachkommastellen centred: right-aligned, a factor ran
     * into the unit beside it ("1000 je 1.000 EW") and the decimals into
     * the description */
    lxw_format *chead = fmt_new(b, NULL, 1, COL_HEAD_BG), *cnum = fmt_new(b, NULL, 0, 0);
    format_set_text_wrap(chead);
    format_set_align(chead, LXW_ALIGN_CENTER);
    format_set_align(chead, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(chead, LXW_BORDER_THIN);
    format_set_align(cnum, LXW_ALIGN_CENTER);
    format_set_align(cnum, LXW_ALIGN_VERTICAL_TOP);
    xl_str(b, ws, 0, 5, head[5], chead);
    xl_str(b, ws, 0, 7, head[7], chead);
    xl_check(b, worksheet_set_row(ws, 0, 30, NULL));
    double wcode = kz_col_width(ds, 0, 12, 34);
    int row = 1;
    for (size_t k = 0; k < ds->nkz; k++, row++) {
        const ds_kennzahl *kz = &ds->kz[k];
        const char *den = kz->denominator[0] ? kz->denominator : "1";
        const char *cells[9] = {kz->code, kz->title, kz->area, kz->numerator,  den,
                                NULL,     kz->unit,  NULL,     kz->description};
        double h = 15;
        for (int i = 0; i < 9; i++) {
            if (!cells[i])
                continue;
            xl_str(b, ws, row, i, cells[i], b->wrap);
            double hi = xl_row_height(cells[i], i ? width[i] : wcode);
            h = hi > h ? hi : h;
        }
        xl_num(b, ws, row, 5, kz->factor, cnum);
        xl_num(b, ws, row, 7, kz->decimals, cnum);
        xl_str(b, ws, row, 9, kz->monitoring ? TX(mappe_ja) : TX(mappe_nein), b->wrap);
        xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, h, NULL));
    }
    row++;
    xl_str(b, ws, row++, 0, TX(abschnitt_basiszahlen), b->bold);
    for (size_t k = 0; k < ds->ncodes; k++, row++) {
        /* top-aligned as the label: in a row of a wrapped label the code
         * and unit stood on its last line */
        xl_str(b, ws, row, 0, ds->codes[k].code, b->wrap);
        xl_str(b, ws, row, 1, ds->codes[k].label, b->wrap);
        xl_str(b, ws, row, 6, ds->codes[k].unit, b->wrap);
        double h = xl_row_height(ds->codes[k].label, width[1]);
        if (h > 15)
            xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, h, NULL));
    }
    row = symbol_legend(b, ws, row + 1);
    xl_notes(b, ws, row + 1);
    worksheet_freeze_panes(ws, 1, 1);
    xl_check(b, worksheet_set_column(ws, 0, 0, wcode, NULL));
    for (int i = 1; i < 10; i++)
        xl_check(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i], NULL));
    worksheet_fit_to_pages(ws, 1, 0);
    xl_sheet_setup(b, ws, 0, 11);
    xl_check(b, worksheet_repeat_rows(ws, 0, 0));
}

/* One workbook; KV_OK, or the failure in err. */
/* libxlsxwriter's failure in German: its file and zip errors with the
 * system's reason (errno, still set by the failed write: "kein Platz mehr
 * auf dem Datenträger"), not "Zip generic error ZIP_ERRNO". */
static const char *error_text(lxw_error rc)
{
    int e = errno;
    switch (rc) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return kv_strerror(KV_ERR_NOMEM);
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return e ? kv_errno_text(e) : "Schreibfehler";
    default:
        return lxw_strerror(rc);
    }
}

static kv_status write_book(const render_ctx *o, size_t city, size_t yi, const char *path,
                            kv_error *err)
{
    book b = {.o = o, .ds = o->ds, .kz = o->kz, .city = city, .yi = yi, .where = "Mappe"};
    lxw_workbook_options wopt = {.constant_memory = LXW_FALSE};
    b.wb = workbook_new_opt(path, &wopt);
    if (!b.wb)
        return kv_fail(err, KV_ERR_OUTPUT, "Arbeitsmappe %s kann nicht angelegt werden", path);
    draft_stamp(o, &b.stamp);
    /* document properties are plain XML text, not cells: shortened only
     * to keep them readable */
    sbuf title, subject;
    sbuf_init(&title);
    sbuf_init(&subject);
    sbuf_addf(&title, TX(mappe_titel), o->ds->cities[city].name, o->year);
    sbuf_addf(&subject, TX(betreff_metadaten), layout_or(o->lay->title, TX(titel_standard)),
              o->year, o->draft ? TX(entwurf_klammer) : "");
    lxw_doc_properties props = {
        .title = title.s,
        .subject = subject.s,
        .author = (char *)layout_or(o->lay->publisher, TX(herausgeber_standard)),
        .company = (char *)layout_or(o->lay->circle, TX(ring_standard)),
        .keywords = (char *)layout_or(o->lay->keywords, TX(schlagworte_standard)),
        .comments = "erzeugt von kvreport " KV_VERSION,
        .created = o->when};
    xl_check(&b, workbook_set_properties(b.wb, &props));
    make_formats(&b);
    xl_check(&b, workbook_set_custom_property_string(b.wb, "Datenstand", (char *)data_state(&b)));
    sheet_contents(&b);
    sheet_overview(&b);
    xl_sheet_timeseries(&b);
    xl_sheet_compare(&b);
    xl_sheet_base(&b);
    sheet_data(&b);
    sheet_definitions(&b);
    if (b.err != LXW_NO_ERROR) {
        kv_fail(err, b.err == LXW_ERROR_MEMORY_MALLOC_FAILED ? KV_ERR_NOMEM : KV_ERR_OUTPUT,
                "Arbeitsmappe annex/%s.xlsx, Blatt %s: %s", o->ds->cities[city].id, b.where,
                error_text(b.err));
        workbook_close(b.wb);
        sbuf_free(&title);
        sbuf_free(&subject);
        sbuf_free(&b.stamp);
        return err->status;
    }
    lxw_error rc = workbook_close(b.wb);
    sbuf_free(&title);
    sbuf_free(&subject);
    sbuf_free(&b.stamp);
    if (rc != LXW_NO_ERROR)
        return kv_fail(err, rc == LXW_ERROR_MEMORY_MALLOC_FAILED ? KV_ERR_NOMEM : KV_ERR_OUTPUT,
                       "Arbeitsmappe annex/%s.xlsx kann nicht geschrieben werden: %s",
                       o->ds->cities[city].id, error_text(rc));
    return KV_OK;
}

kv_status xlsx_write_annex(const render_ctx *o, size_t city, const char *path, kv_error *err)
{
    int yi = dataset_year_index(o->ds, o->year);
    if (yi < 0)
        return kv_fail(err, KV_ERR_INTERNAL, "Berichtsjahr %d fehlt", o->year);
    lxwpack_failed();
    kv_status rc = write_book(o, city, (size_t)yi, path, err);
    if (rc == KV_OK && lxwpack_failed())
        rc = kv_fail(err, KV_ERR_NOMEM,
                     "Arbeitsmappe annex/%s.xlsx: zu wenig Speicher für ihre Teile",
                     o->ds->cities[city].id);
    return rc;
}

/* ---- warnings before the workbooks are written ---------------------------------------- */

static void check_text(diag_list *diag, const char *file, long line, const char *city,
                       const char *code, const char *what, const char *s)
{
    sbuf t;
    sbuf_init(&t);
    if (xl_fit(s, XL_CELL_MAX, &t))
        diag_add(diag, DIAG_WARNING, file, line, city, 0, code,
                 "%s ist länger als die 32.767 Zeichen, die eine Excel-Zelle fasst: in den "
                 "Arbeitsmappen mit \xE2\x80\x9E\xE2\x80\xA6\xE2\x80\x9C gekürzt",
                 what);
    sbuf_free(&t);
}

void xlsx_check(const dataset *ds, int draft, diag_list *diag)
{
    render_ctx o = {.draft = draft};
    sbuf stamp;
    draft_stamp(&o, &stamp);
    for (size_t c = 0; c < ds->ncities; c++) {
        const ds_city *p = &ds->cities[c];
        check_text(diag, "cities.csv", p->line, p->id, NULL, "Der Name", p->name);
        sbuf h;
        sbuf_init(&h);
        if (page_header(draft ? stamp.s : TX(datenanhang), p->name, 9999, XL_HEADER_MAX, &h))
            diag_add(diag, DIAG_WARNING, "cities.csv", p->line, p->id, 0, NULL,
                     "Der Name ist zu lang für die Kopfzeile einer Excel-Seite (255 Zeichen "
                     "insgesamt): dort mit \xE2\x80\x9E\xE2\x80\xA6\xE2\x80\x9C gekürzt");
        sbuf_free(&h);
    }
    for (size_t k = 0; k < ds->ncodes; k++) {
        const ds_code *p = &ds->codes[k];
        check_text(diag, "codes.csv", p->line, NULL, p->code, "Die Bezeichnung", p->label);
        check_text(diag, "codes.csv", p->line, NULL, p->code, "Die Einheit", p->unit);
    }
    /* the longest formula of a key figure is the one in the last year's
     * column (its column letters are the longest) */
    int first = XL_BASE_FIRST, col = XL_BASE_COL + 2 * (int)(ds->nyears ? ds->nyears - 1 : 0);
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *p = &ds->kz[k];
        static const char *const what[] = {"Der Titel",   "Der Leistungsbereich",
                                           "Die Einheit", "Die Beschreibung",
                                           "Der Zähler",  "Der Nenner"};
        const char *texts[] = {p->title,       p->area,      p->unit,
                               p->description, p->numerator, p->denominator};
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            check_text(diag, "kennzahlen.csv", p->line, NULL, p->code, what[i], texts[i]);
        sbuf f;
        sbuf_init(&f);
        if (xl_formula(ds, k, first, col, &f) == 0 && xl_width(f.s) - 1 > XL_FORMULA_MAX)
            diag_add(diag, DIAG_WARNING, "kennzahlen.csv", p->line, NULL, 0, p->code,
                     "Die Formel wird in Excel %zu Zeichen lang, Excel erlaubt 8.192: im Blatt "
                     "Basiszahlen steht der berechnete Wert mit einem Kommentar statt der Formel",
                     xl_width(f.s) - 1);
        sbuf_free(&f);
    }
    sbuf_free(&stamp);
}
