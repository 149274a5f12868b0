/* report_changes.c - the draft's page "Änderungen gegenüber dem Stand vom
 * …" right after the contents (issue 18): per participant the base figures
 * it changed since the published generation (label, year, old -> new,
 * flag) and the key figures of the report whose printed value changed with
 * them; participants added or removed and key-figure definitions changed.
 * Only in --draft runs that have a previous generation (render_ctx.prev);
 * the data come from changes.c (chg_items), the same comparison as
 * aenderungen.csv. */
#include "report_int.h"

#include "changes.h"
#include "fmt.h"
#include "sbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows of the page at most; the rest is counted and left to
 * aenderungen.csv, which holds every change. */
#define MAX_ROWS 400

#define VAL 64

/* The digits a base figure is shown with: none for whole numbers, else 2. */
static int base_decimals(const chg_item *it)
{
    int whole = (!it->has_old || it->old_v == floor(it->old_v)) &&
                (!it->has_new || it->new_v == floor(it->new_v));
    return whole ? 0 : 2;
}

/* A value as the report prints it: the number, or the missing value's
 * symbol ("–" for exactly nothing). */
static void value_of(int has, double v, kv_flag f, int decimals, char *buf)
{
    if (!has || f == FLAG_DASH)
        snprintf(buf, VAL, "%s", flag_print_symbol(f));
    else
        rpt_num(v, decimals, buf, VAL);
}

/* The flag column: "p → ohne" when the flag changed, else "". */
static void flag_change(kv_flag a, kv_flag b, char *buf)
{
    if (a == b) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, VAL, "%s \xE2\x86\x92 %s",
             a == FLAG_FINAL ? TX(kennzeichen_ohne) : flag_print_symbol(a),
             b == FLAG_FINAL ? TX(kennzeichen_ohne) : flag_print_symbol(b));
}

/* Per item of the whole list: 1 when the page shows it - a base figure,
 * or a value of a published key figure whose printed form changed. */
static uint8_t *shown_items(const report *r, const chg_item *items, size_t n)
{
    const dataset *all = r->o->ds;
    uint8_t *show = calloc(n + 1, 1), *pub = calloc(all->nkz + 1, 1);
    for (size_t k = 0; show && pub && k < all->nkz; k++)
        for (size_t i = 0; i < r->ds->nkz && !pub[k]; i++)
            pub[k] = strcmp(r->ds->kz[i].code, all->kz[k].code) == 0;
    for (size_t i = 0; show && pub && i < n; i++) {
        const chg_item *it = &items[i];
        if (it->kind == CHG_BASE) {
            show[i] = 1;
        } else if (it->kind == CHG_KZ && pub[it->code]) {
            int dec = all->kz[it->code].decimals;
            char a[VAL], b[VAL];
            value_of(it->has_old, it->old_v, it->old_flag, dec, a);
            value_of(it->has_new, it->new_v, it->new_flag, dec, b);
            show[i] = strcmp(a, b) != 0 || it->old_flag != it->new_flag;
        }
    }
    if (!pub) {
        free(show);
        show = NULL;
    }
    free(pub);
    return show;
}

static const double COLS[5] = {0, 30, 62, 62, 62};
/* the table's head (a macro: the texts are the layout's, known at run time) */
#define HEAD                                                                                       \
    ((const char *const[5]){TX(aenderung_kopf_zahl), TX(kopf_jahr), TX(aenderung_kopf_bisher),     \
                            TX(aenderung_kopf_neu), TX(kopf_kennzeichen)})

static void item_row(report *r, const pdf_table *t, const chg_item *it, int shade)
{
    const dataset *all = r->o->ds;
    int base = it->kind == CHG_BASE;
    int dec = base ? base_decimals(it) : all->kz[it->code].decimals;
    char year[16], old_v[VAL], new_v[VAL], flags[VAL];
    snprintf(year, sizeof year, "%d", it->year);
    value_of(it->has_old, it->old_v, it->old_flag, dec, old_v);
    value_of(it->has_new, it->new_v, it->new_flag, dec, new_v);
    flag_change(it->old_flag, it->new_flag, flags);
    char *label =
        base ? rpt_printf(r, "%s (%s)", all->codes[it->code].label, all->codes[it->code].unit)
             : rpt_printf(r, TX(aenderung_kennzahl), all->kz[it->code].title,
                          all->kz[it->code].unit);
    const char *cells[5] = {label ? label : "", year, old_v, new_v, flags};
    if (label)
        pdfdoc_table_row(r->d, t, cells, LAY_FONT_REGULAR, shade);
    free(label);
}

/* The rows of participant c - its base figures, then its key figures
 * whose printed value changed - from the list's run at *at (the list is in
 * the order of aenderungen.csv: by kind, participant, code, year); *rows
 * counts what was shown, *left what not. */
static void participant(report *r, const chg_item *items, const uint8_t *show, size_t n, size_t c,
                        size_t *bi, size_t *ki, size_t *rows, size_t *left)
{
    size_t b0 = *bi, k0 = *ki, count = 0;
    while (*bi < n && items[*bi].kind == CHG_BASE && items[*bi].city == c)
        count += show[(*bi)++];
    while (*ki < n && items[*ki].kind == CHG_KZ && items[*ki].city == c)
        count += show[(*ki)++];
    if (!count)
        return;
    if (*rows >= MAX_ROWS) {
        *left += count;
        return;
    }
    double w[5];
    memcpy(w, COLS, sizeof w);
    w[0] = pdfdoc_width(r->d) - (COLS[1] + COLS[2] + COLS[3] + COLS[4]);
    const pdf_table t = {5, w, HEAD, 2, TX(fortsetzung), 0};
    rpt_need(r, 60);
    const pdf_block head = {PDF_ROLE_H2,
                            {LAY_FONT_BOLD, 10, r->lay->color[LAY_COL_ACCENT]},
                            pdfdoc_left(r->d),
                            pdfdoc_width(r->d),
                            14,
                            0,
                            5};
    pdfdoc_block(r->d, &head, r->o->ds->cities[c].name);
    pdfdoc_table_head(r->d, &t);
    size_t shade = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = pass ? k0 : b0; i < (pass ? *ki : *bi); i++) {
            if (!show[i])
                continue;
            if (*rows >= MAX_ROWS) {
                (*left)++;
                continue;
            }
            item_row(r, &t, &items[i], (int)(shade++ % 2));
            (*rows)++;
        }
    }
    pdfdoc_space(r->d, 8);
}

/* Added and removed participants and changed definitions, as sentences. */
static void others(report *r, const chg_item *items, size_t n)
{
    const dataset *all = r->o->ds;
    const pdf_list l = {LAY_FONT_REGULAR, LAY_FONT_REGULAR, 8.5, 11, 9, 2, 10, COL_TEXT};
    for (size_t i = 0; i < n && !rpt_failed(r); i++) {
        const chg_item *it = &items[i];
        char *s = NULL;
        if (it->kind == CHG_ADDED)
            s = rpt_printf(r, TX(aenderung_neu), all->cities[it->city].name);
        else if (it->kind == CHG_REMOVED)
            s = rpt_printf(r, TX(aenderung_nicht_mehr), it->name ? it->name : "?");
        else if (it->kind == CHG_DEFINITION && it->code != (size_t)-1)
            s = rpt_printf(r, TX(aenderung_definition), all->kz[it->code].title);
        else if (it->kind == CHG_DEFINITION)
            s = rpt_printf(r, TX(aenderung_entfallen), it->name ? it->name : "?");
        if (s)
            pdfdoc_list_item(r->d, &l, "\xE2\x80\x93", s);
        free(s);
    }
}

static void intro(report *r, const chg_item *items, const uint8_t *show, size_t n, const char *when)
{
    size_t base = 0, cities = 0, kz = 0, last = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (items[i].kind == CHG_BASE) {
            base++;
            cities += items[i].city != last;
            last = items[i].city;
        }
        kz += items[i].kind == CHG_KZ && show[i];
    }
    char *s = n ? rpt_printf(r, TX(aenderungen_entwurf), when, base,
                             base == 1 ? TX(basiszahl) : TX(basiszahlen), cities, kz)
                : rpt_printf(r, TX(aenderungen_keine), when);
    if (s)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, s);
    free(s);
}

void rpt_changes(report *r)
{
    int utc;
    time_t at = chg_time(r->o->prev, &utc);
    char when[64];
    fmt_datetime_de(at, utc, when, sizeof when);
    size_t n;
    chg_item *items = chg_items(r->o->prev, r->o, &n);
    if (n == (size_t)-1) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    uint8_t *show = shown_items(r, items, n);
    char *title = show ? rpt_printf(r, TX(aenderungen_titel), when) : NULL;
    if (!show)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    if (title) {
        rpt_continue(r, NULL);
        rpt_chapter(r, title);
        rpt_continue(r, title);
        intro(r, items, show, n, when);
        others(r, items, n);
        pdfdoc_space(r->d, 6);
        size_t rows = 0, left = 0, bi = 0, ki = 0;
        while (ki < n && items[ki].kind == CHG_BASE)
            ki++; /* the key figures follow the base figures */
        for (size_t c = 0; c < r->o->ds->ncities && !rpt_failed(r); c++)
            participant(r, items, show, n, c, &bi, &ki, &rows, &left);
        if (left) {
            char *s = rpt_printf(
                r, left == 1 ? TX(aenderungen_weitere_ein) : TX(aenderungen_weitere), left);
            if (s)
                rpt_text(r, LAY_FONT_ITALIC, 8, 10.5, COL_GREY, s);
            free(s);
        }
        rpt_continue(r, NULL);
    }
    free(title);
    free(show);
    free(items);
}
