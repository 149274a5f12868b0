/* report_summary.c - "Zentrale Ergebnisse", the page after the contents
 * (and after a draft's change page): one table with a row per area and
 * below it its published key figures with the Gesamtwert of the report
 * year, its change against the previous year (the contract's rule: a rate
 * only from a positive base to a value not negative, none across a series
 * break) and the direction over at most five years, in words; the layout's [text ergebnisse] above.
 * A ring's report shows its ring's Gesamtwerte. With one year of data
 * there is neither change nor direction, and the page says so. */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SUM_YEARS  5   /* the direction's window, the report year included */
#define SUM_STEADY 1.0 /* percent: a smaller difference is "gleichbleibend" */
#define SUM_CELL   64
#define SUM_HEAD_H (2 * PDF_TABLE_LINE + 4) /* a two-line table head */

static int is_pp(const ds_kennzahl *k)
{
    return strcmp(k->unit, "%") == 0;
}

/* The scope's aggregate: the ring's in a ring's report, else the circle's. */
static const kz_agg *scope_agg(const report *r, size_t k, size_t y)
{
    return r->ring >= 0 ? kz_get_ring_agg(r->kz, k, (size_t)r->ring, y) : kz_get_agg(r->kz, k, y);
}

/* 1 when a participant of the scope breaks key figure k's series in year y. */
static int scope_break(const report *r, size_t k, size_t y)
{
    for (size_t i = 0; i < r->nwho; i++)
        if (kz_get(r->kz, k, r->who[i], y)->brk)
            return 1;
    return 0;
}

/* The change of the Gesamtwert against the previous year: "+2,1 %",
 * "-0,4 Pp.", "x" (not meaningful: a series break, a base not positive or
 * a negative value) or "." (a Gesamtwert missing). */
static void change_cell(const report *r, size_t k, char *buf, size_t size)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    const kz_agg *cur = scope_agg(r, k, r->yi), *prev = scope_agg(r, k, r->yi - 1);
    int pp = is_pp(kz);
    if (!cur->has_gesamt || !prev->has_gesamt)
        snprintf(buf, size, ".");
    else if (scope_break(r, k, r->yi) || (!pp && (!(prev->gesamt > 0) || cur->gesamt < 0)))
        snprintf(buf, size, "x");
    else
        rpt_change(pp ? cur->gesamt - prev->gesamt
                      : (cur->gesamt - prev->gesamt) / prev->gesamt * 100,
                   pp, buf, size);
}

/* The first year of the direction's window: SUM_YEARS back, later after
 * a series break (the years before it are not comparable). */
static size_t window_first(const report *r, size_t k)
{
    size_t first = r->yi + 1 > SUM_YEARS ? r->yi + 1 - SUM_YEARS : 0;
    for (size_t y = r->yi; y > first; y--)
        if (scope_break(r, k, y))
            return y;
    return first;
}

/* The direction of the Gesamtwert from the window's first year with a
 * value to the report year, in a word ("steigend", "sinkend",
 * "gleichbleibend", with "seit YEAR" when the window is shorter than the
 * page's), "." without a value in the report year, "x" without an
 * earlier one; malloc'ed (the words are the layout's texts), NULL when
 * out of memory (recorded). */
static char *direction_cell(report *r, size_t k, size_t page_first)
{
    const kz_agg *cur = scope_agg(r, k, r->yi);
    if (!cur->has_gesamt)
        return rpt_printf(r, ".");
    size_t y = window_first(r, k);
    while (y < r->yi && !scope_agg(r, k, y)->has_gesamt)
        y++;
    if (y == r->yi)
        return rpt_printf(r, "x");
    double a = scope_agg(r, k, y)->gesamt, b = cur->gesamt;
    double scale = fmax(fabs(a), fabs(b));
    const char *word = fabs(b - a) <= scale * SUM_STEADY / 100 ? TX(richtung_gleichbleibend)
                       : b > a                                 ? TX(richtung_steigend)
                                                               : TX(richtung_sinkend);
    if (y > page_first)
        return rpt_printf(r, TX(richtung_seit), word, r->ds->years[y]);
    return rpt_printf(r, "%s", word);
}

/* One row's cells: the key figure with its unit, the Gesamtwert, and
 * with more than one year the change and the direction. */
typedef struct {
    char *name, *direction;                 /* malloc'ed */
    char value[SUM_CELL], change[SUM_CELL]; /* numbers, made here */
} sum_row;

static void fill_row(report *r, size_t k, size_t page_first, sum_row *row)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    const kz_agg *cur = scope_agg(r, k, r->yi);
    row->name = rpt_printf(r, "%s (%s)", kz->title, kz->unit);
    if (cur->has_gesamt)
        rpt_num(cur->gesamt, kz->decimals, row->value, sizeof row->value);
    else
        snprintf(row->value, sizeof row->value, ".");
    row->change[0] = '\0';
    row->direction = NULL;
    if (r->yi > 0) {
        change_cell(r, k, row->change, sizeof row->change);
        row->direction = direction_cell(r, k, page_first);
    }
}

static double row_h(report *r, double w0, const char *name)
{
    char **lines;
    size_t n = pdfdoc_wrap(r->d, LAY_FONT_REGULAR, PDF_TABLE_FONT, w0 - 6, name, &lines);
    pdfdoc_free_lines(lines, n);
    return PDF_TABLE_LINE * (double)(n ? n : 1) + 2;
}

/* Column widths from every row of the table: the numbers' columns as wide as their widest cell, the
 * key figure's the rest. */
static void widths(report *r, const sum_row *rows, size_t n, const char *const *head, size_t cols,
                   double *w)
{
    double total = 0;
    for (size_t c = 1; c < cols; c++) {
        double m = rpt_cell_width(r, LAY_FONT_BOLD, head[c]);
        for (size_t i = 0; i < n; i++) {
            const char *cell = c == 1   ? rows[i].value
                               : c == 2 ? rows[i].change
                                        : (rows[i].direction ? rows[i].direction : "");
            m = fmax(m, rpt_cell_width(r, LAY_FONT_REGULAR, cell));
        }
        w[c] = m + 14;
        total += w[c];
    }
    w[0] = pdfdoc_width(r->d) - total;
}

/* A row naming the area (bold, the other cells empty); on a page the
 * table runs onto, "(Fortsetzung)" after it. */
static void area_row(report *r, const pdf_table *t, size_t area, int continued)
{
    char *name = rpt_printf(r, "%s%s", r->ds->areas[area], continued ? TX(fortsetzung) : "");
    const char *cells[4] = {name ? name : "", "", "", ""};
    if (name)
        pdfdoc_table_row(r->d, t, cells, LAY_FONT_BOLD, 0);
    free(name);
}

/* A page break before a row that does not fit with keep more points:
 * the page's title, the table's head and the area repeated. */
static void need_row(report *r, const pdf_table *t, size_t area, double h)
{
    if (pdfdoc_room(r->d) >= h)
        return;
    rpt_need(r, PDF_PAGE_H);
    pdfdoc_table_head(r->d, t);
    area_row(r, t, area, 1);
}

/* One area's rows: its name kept with its first two key figures, no key
 * figure alone on a page (the last two go together), tail points (what
 * follows the table) kept with the area's last row. */
static void area_rows(report *r, const pdf_table *t, size_t area, const sum_row *rows, size_t n,
                      double tail, int *head_done)
{
    double first = row_h(r, t->w[0], r->ds->areas[area]) + (*head_done ? 0 : SUM_HEAD_H);
    for (size_t i = 0; i < n && i < 2; i++)
        first += row_h(r, t->w[0], rows[i].name);
    if (pdfdoc_room(r->d) < first + (n <= 2 ? tail : 0)) {
        rpt_need(r, PDF_PAGE_H);
        pdfdoc_table_head(r->d, t);
    } else if (!*head_done) {
        pdfdoc_table_head(r->d, t);
    }
    *head_done = 1;
    area_row(r, t, area, 0);
    for (size_t i = 0; i < n && !rpt_failed(r); i++) {
        double h = row_h(r, t->w[0], rows[i].name);
        if (i + 2 == n || (i == 0 && n > 1))
            h += row_h(r, t->w[0], rows[i + 1].name);
        if (i + 2 >= n)
            h += tail;
        if (i > 0) /* the first row went with the area's name */
            need_row(r, t, area, h);
        const char *cells[4] = {rows[i].name, rows[i].value, rows[i].change,
                                rows[i].direction ? rows[i].direction : ""};
        pdfdoc_table_row(r->d, t, cells, LAY_FONT_REGULAR, (int)(i % 2));
    }
}

static void intro(report *r, size_t first_year)
{
    const char *t = layout_text(r->lay, "ergebnisse", NULL);
    if (t)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, t);
    char *who = r->ring >= 0
                    ? rpt_printf(r, TX(ergebnisse_ring), r->ds->rings[r->ring].name, r->nwho)
                    : rpt_printf(r, TX(ergebnisse_alle), r->nwho);
    char *s = NULL;
    if (who && r->yi == 0)
        s = rpt_printf(r, TX(ergebnisse_ein_jahr), who, r->o->year);
    else if (who)
        s = rpt_printf(r, TX(ergebnisse_einleitung), who, r->o->year, r->ds->years[r->yi - 1],
                       r->ds->years[first_year], r->o->year);
    if (s)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, s);
    free(who);
    free(s);
}

#define NOTE TX(ergebnisse_hinweis)

#define NOTE_SIZE 7.5
#define NOTE_LEAD 9.5

static double note_h(report *r)
{
    if (r->yi == 0)
        return 0;
    char **lines;
    size_t n = pdfdoc_wrap(r->d, LAY_FONT_REGULAR, NOTE_SIZE, pdfdoc_width(r->d), NOTE, &lines);
    pdfdoc_free_lines(lines, n);
    return 6 + NOTE_LEAD * (double)n;
}

void rpt_summary(report *r)
{
    const dataset *ds = r->ds;
    size_t first_year = r->yi + 1 > SUM_YEARS ? r->yi + 1 - SUM_YEARS : 0;
    sum_row *rows = calloc(ds->nkz + 1, sizeof *rows);
    size_t *ks = malloc((ds->nkz + 1) * sizeof *ks);
    if (!rows || !ks) {
        free(rows);
        free(ks);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    /* the rows in area order */
    size_t n = 0;
    for (size_t a = 0; a < ds->nareas; a++)
        for (size_t k = 0; k < ds->nkz; k++)
            if (ds->kz[k].area_idx == a) {
                ks[n] = k;
                fill_row(r, k, first_year, &rows[n++]);
            }
    char *year = NULL, *change = NULL, *dir = NULL; /* layout texts: any length */
    if (rpt_failed(r))                              /* a name could not be made */
        goto done;
    year = rpt_printf(r, TX(ergebnisse_kopf_gesamtwert), r->o->year);
    if (r->yi > 0) {
        change = rpt_printf(r, TX(ergebnisse_kopf_veraenderung), ds->years[r->yi - 1]);
        dir = rpt_printf(r, TX(ergebnisse_kopf_entwicklung), ds->years[first_year], r->o->year);
    }
    if (rpt_failed(r))
        goto done;
    const char *head[4] = {TX(ergebnisse_kopf_bereich), year, change ? change : "", dir ? dir : ""};
    size_t cols = r->yi > 0 ? 4 : 2;
    double w[4];
    widths(r, rows, n, head, cols, w);
    const pdf_table t = {cols, w, head, 1, NULL, 0};
    rpt_continue(r, NULL);
    rpt_chapter(r, TX(kapitel_ergebnisse));
    rpt_continue(r, TX(kapitel_ergebnisse));
    intro(r, first_year);
    pdfdoc_space(r->d, 4);
    int head_done = 0;
    size_t at = 0, last_area = ds->nareas;
    for (size_t i = 0; i < n; i++)
        last_area = ds->kz[ks[i]].area_idx;
    for (size_t a = 0; a < ds->nareas && !rpt_failed(r); a++) {
        size_t m = 0;
        while (at + m < n && ds->kz[ks[at + m]].area_idx == a)
            m++;
        if (!m)
            continue;
        double tail = a == last_area ? RPT_SOURCE_H + note_h(r) : 0;
        area_rows(r, &t, a, rows + at, m, tail, &head_done);
        at += m;
    }
    rpt_source(r);
    rpt_continue(r, NULL);
    if (r->yi > 0 && !rpt_failed(r)) {
        pdfdoc_space(r->d, 6);
        rpt_text(r, LAY_FONT_REGULAR, NOTE_SIZE, NOTE_LEAD, COL_GREY, NOTE);
    }
done:
    free(year);
    free(change);
    free(dir);
    for (size_t i = 0; i < n; i++) {
        free(rows[i].name);
        free(rows[i].direction);
    }
    free(rows);
    free(ks);
}
