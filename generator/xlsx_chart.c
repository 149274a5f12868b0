/* xlsx_chart.c - the sheets with native charts: Zeitreihe (every key
 * figure over the years, the participant and the Gesamtwert) and
 * Vergleich (the participants of the report year, one bar chart per key
 * figure). A missing value is an empty cell, so the chart's cache has no
 * point there and the chart shows a gap (lxwpack.c adds
 * dispBlanksAs="gap", which libxlsxwriter 1.1.4 leaves out). Chart titles
 * start with the key figure's code, so no user text is ever taken for a
 * chart formula. */
#include "fmt.h"
#include "xlsx_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COL_OWN     0xC55A11
#define COL_GESAMT  0x1F4E79
#define CHART_W     480.0 /* libxlsxwriter's default chart size in pixels */
#define CHART_H     288.0
#define ROW_PX      20.0
#define PAGE_W_PX   XL_PAGE_W_PX
#define PAGE_H_PT   XL_PAGE_H_PT
#define PAGE_ROWS   30  /* rows of 15 pt that a landscape A4 page holds at 100 % */
#define CMP_X_SCALE 1.2 /* Vergleich's charts, of the default width */
#define MAX_PIECES  128 /* line pieces of one chart that the legend hides */

/* Alt text: at most XL_ATTR_MAX bytes, cut at a character with "…". */
static void alt_text(sbuf *s)
{
    if (s->len > XL_ATTR_MAX) {
        sbuf_truncate(s, sbuf_utf8_prefix(s->s, s->len, XL_ATTR_MAX - 3));
        sbuf_adds(s, "\xE2\x80\xA6");
    }
}

static void value_de(double v, int decimals, char *buf, size_t size)
{
    fmt_de(v, decimals, 1, buf, size);
}

/* "CODE: title (unit)": it starts with the code, never with "=", so
 * libxlsxwriter takes it as the literal text it is (a leading "=" would
 * make it a chart formula); at most TITLE_MAX bytes, cut with "…". */
#define TITLE_MAX 300
static void chart_title(book *b, lxw_chart *ch, size_t k)
{
    const ds_kennzahl *kz = &b->ds->kz[k];
    sbuf t;
    sbuf_init(&t);
    sbuf_addf(&t, "%s: %s (%s)", kz->code, kz->title, kz->unit);
    if (t.len > TITLE_MAX) {
        sbuf_truncate(&t, sbuf_utf8_prefix(t.s, t.len, TITLE_MAX - 3));
        sbuf_adds(&t, "\xE2\x80\xA6");
    }
    if (sbuf_failed(&t))
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        chart_title_set_name(ch, t.s);
    sbuf_free(&t);
    /* Excel's 14 pt would leave a long title little room for the plot */
    lxw_chart_font font = {.size = 10, .bold = LXW_TRUE};
    chart_title_set_name_font(ch, &font);
}

/* The value axis with thousands separated where key figure k reaches
 * 10,000 (under the General format the axis read "35000" beside tables
 * with "35.000"); below, its steps keep their own decimals. */
static void value_axis_format(const book *b, lxw_chart_axis *axis, size_t k)
{
    double most = 0;
    for (size_t y = 0; y <= b->yi; y++) {
        const kz_agg *a = kz_get_agg(b->kz, k, y);
        if (a->n)
            most = fmax(most, fmax(fabs(a->min), fabs(a->max)));
        if (a->has_gesamt)
            most = fmax(most, fabs(a->gesamt));
    }
    if (most >= 10000)
        chart_axis_set_num_format(axis, "#,##0");
}

/* ---- Zeitreihe ----------------------------------------------------------------------- */

/* One line through the years [from, to) of row; hidden in the legend
 * unless it is a series' first piece. */
static lxw_chart_series *line_piece(book *b, lxw_chart *ch, int row, size_t from, size_t to,
                                    int gesamt)
{
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    if (!s) {
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_series_set_categories(s, "Zeitreihe", 0, (lxw_col_t)(4 + from), 0, (lxw_col_t)(3 + to));
    chart_series_set_values(s, "Zeitreihe", (lxw_row_t)row, (lxw_col_t)(4 + from), (lxw_row_t)row,
                            (lxw_col_t)(3 + to));
    chart_series_set_name_range(s, "Zeitreihe", (lxw_row_t)row, 3);
    lxw_chart_line line = {.color = gesamt ? COL_GESAMT : COL_OWN,
                           .width = gesamt ? 1.5F : 2.25F,
                           .dash_type = gesamt ? LXW_CHART_LINE_DASH_DASH : 0};
    chart_series_set_line(s, &line);
    chart_series_set_marker_type(s, gesamt ? LXW_CHART_MARKER_DIAMOND : LXW_CHART_MARKER_CIRCLE);
    lxw_chart_fill mfill = {.color = gesamt ? COL_GESAMT : COL_OWN};
    chart_series_set_marker_fill(s, &mfill);
    return s;
}

/* 1 when year y of key figure k starts a new piece of the line: a break
 * in the series ("|") of the participant, or for the Gesamtwert of any
 * participant. */
static int breaks_at(const book *b, size_t k, size_t y, int gesamt)
{
    return gesamt ? kz_get_agg(b->kz, k, y)->brk : kz_get(b->kz, k, b->city, y)->brk;
}

static void timeseries_chart(book *b, lxw_worksheet *ws, size_t k, int row, int at_row, int at_x,
                             double w, double h)
{
    const ds_kennzahl *kz = &b->ds->kz[k];
    size_t ny = b->yi + 1;
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    if (!ch) {
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    int16_t hidden[MAX_PIECES + 1];
    size_t nhidden = 0, nser = 0;
    for (int g = 0; g < 2; g++) {
        int r = g ? row + 2 : row;
        size_t from = 0;
        for (size_t y = 1; y <= ny; y++) {
            if (y < ny && !breaks_at(b, k, y, g))
                continue;
            line_piece(b, ch, r, from, y, g);
            if (from > 0 && nhidden < MAX_PIECES)
                hidden[nhidden++] = (int16_t)nser;
            nser++;
            from = y;
        }
    }
    hidden[nhidden] = -1;
    if (nhidden)
        xl_check(b, chart_legend_delete_series(ch, hidden));
    chart_title(b, ch, k);
    chart_axis_set_num_format(ch->x_axis, "0");
    chart_axis_set_min(ch->x_axis, b->ds->years[0]);
    chart_axis_set_max(ch->x_axis, b->ds->years[b->yi]);
    chart_axis_set_major_unit(ch->x_axis, ny > 12 ? 2 : 1);
    chart_axis_major_gridlines_set_visible(ch->x_axis, LXW_FALSE);
    value_axis_format(b, ch->y_axis, k);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);

    sbuf alt;
    sbuf_init(&alt);
    sbuf_addf(&alt, TX(mappe_alt_linien), kz->title, kz->unit, b->ds->years[0], b->ds->years[b->yi],
              b->ds->cities[b->city].name);
    for (size_t y = 0; y < ny; y++) {
        const kz_cell *c = kz_get(b->kz, k, b->city, y);
        char v[64];
        if (c->has_value)
            value_de(c->value, kz->decimals, v, sizeof v);
        sbuf_addf(&alt, "%s %d: %s%s%s", y ? ";" : "", b->ds->years[y],
                  c->has_value ? v : TX(mappe_alt_fehlt), c->flag != FLAG_FINAL ? " " : "",
                  flag_print_symbol((kv_flag)c->flag));
    }
    sbuf_adds(&alt, TX(mappe_alt_luecken));
    alt_text(&alt);
    lxw_chart_options opt = {
        .x_offset = at_x, .x_scale = w / CHART_W, .y_scale = h / CHART_H, .description = alt.s};
    xl_check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)at_row, 0, ch, &opt));
    sbuf_free(&alt);
}

#define REIHE_MAX 28 /* the widest column "Reihe" */

void xl_sheet_timeseries(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = xl_sheet_new(b, "Zeitreihe");
    if (!ws)
        return;
    size_t ny = b->yi + 1;
    const char *const head[] = {TX(mappe_code), TX(kopf_kennzahl), TX(kopf_einheit),
                                TX(mappe_reihe)};
    xl_head(b, ws, 0, 0, head, NULL, 4);
    for (size_t y = 0; y < ny; y++)
        xl_num(b, ws, 0, 4 + (int)y, ds->years[y], b->head_num);
    /* the participant's series under its name, or its short name where
     * the name would be cut by the column (and the charts' legends) */
    const char *own = ds->cities[b->city].name, *own_short = ds->cities[b->city].shortname;
    if ((double)xl_width(own) * 1.1 + 1 > REIHE_MAX && own_short && *own_short)
        own = own_short;
    /* titles wrap beyond 60 characters (40 at many years) */
    double wtitle = 20;
    for (size_t k = 0; k < ds->nkz; k++)
        wtitle = fmax(wtitle, (double)xl_width(ds->kz[k].title) + 1);
    wtitle = fmin(wtitle, ny > 10 ? 40 : 60);
    const char *widths[] = {own, TX(kopf_kennzeichen), TX(gesamtwert)};
    double wseries = xl_fit_width(widths, 3, 12, REIHE_MAX);
    double wyear = xl_kz_width(b, XL_ALL_KZ, ny > 10 ? 9 : 10);
    /* a key figure's rows never split by a page break (LibreOffice put
     * the Gesamtwert of one on the next page): the page's points at the
     * print scale that fitting the width takes (estimated from the
     * columns, 15 % to spare) */
    size_t across = ny > 10 ? (ny + 1) / 2 : ny;
    double px =
        (16 + wtitle + 14 + wseries + wyear * (double)across) * 7 + 5 * (4 + (double)across);
    double scale = fmin(1, PAGE_W_PX / px), room = PAGE_H_PT / scale * 0.85, used = 0;
    xl_breaks br = {.n = 0};
    int row = 1;
    for (size_t k = 0; k < ds->nkz; k++, row += 4) {
        const ds_kennzahl *kz = &ds->kz[k];
        lxw_format *f = xl_kzfmt(b, k, 0);
        const char *const series[] = {NULL, TX(kopf_kennzeichen), TX(gesamtwert)};
        xl_str(b, ws, row, 1, kz->title, b->wrap_low);
        double th = 15;
        if ((double)xl_width(kz->title) + 1 > wtitle) {
            th = xl_row_height(kz->title, wtitle);
            xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, th, NULL));
        }
        if (used + th + 30 > room) {
            xl_break_before(&br, row);
            used = 0;
        }
        used += th + 45;
        xl_str(b, ws, row, 2, kz->unit, NULL);
        for (int s = 0; s < 3; s++) {
            xl_str(b, ws, row + s, 0, kz->code, NULL);
            xl_str(b, ws, row + s, 3, s ? series[s] : own, s == 1 ? b->italic : NULL);
        }
        for (size_t y = 0; y < ny; y++) {
            const kz_cell *c = kz_get(b->kz, k, b->city, y);
            const kz_agg *a = kz_get_agg(b->kz, k, y);
            if (c->has_value)
                xl_num(b, ws, row, 4 + (int)y, c->value, f);
            if (c->flag != FLAG_FINAL)
                xl_str(b, ws, row + 1, 4 + (int)y, flag_print_symbol((kv_flag)c->flag), b->text);
            if (a->has_gesamt)
                xl_num(b, ws, row + 2, 4 + (int)y, a->gesamt, f);
        }
    }
    /* beyond ten years the first four columns repeat on the right-hand
     * pages: there the notes must fit into them, not run over their edge */
    if (ny > 10) {
        b->notes_last_col = 3;
        b->notes_width = 16 + wtitle + 14 + 12;
    }
    row = xl_notes(b, ws, row);
    b->notes_last_col = 0;
    /* the charts below the table in a grid that fills the printed page:
     * two across in the width of the page (of the first page's columns
     * when the sheet is wider than a page at 100 %), as many
     * grid rows as a page holds charts of half its width at most 1.9
     * times as wide as high (two in landscape); the page's rows at the
     * estimated print scale, 3 % to spare so that no chart is split */
    int page_rows = (int)floor(PAGE_H_PT / scale * 0.97 / 15);
    double cw = (PAGE_W_PX / scale * 0.98 - 16) / 2;
    int per_page = (int)fmax(1, floor((page_rows - 1) / (cw / 1.9 / ROW_PX + 1)));
    int chart_rows = (page_rows - 1) / per_page;
    double ch = (chart_rows - 1) * ROW_PX;
    int grid = row + 1;
    /* a single year is no development: no charts (as in the report; an
     * axis from the year to itself drew in LibreOffice as 2019 to 4000) */
    for (size_t k = 0; k < ds->nkz && ny > 1; k++) {
        size_t g = k / 2; /* the grid row */
        int r = grid + (int)g * chart_rows + (int)(g / (size_t)per_page);
        /* the break a row above the charts: at their own row LibreOffice
         * drew their frames' top edge and clipped text onto the page before */
        if (k % 2 == 0 && g % (size_t)per_page == 0)
            xl_break_before(&br, r - 1);
        timeseries_chart(b, ws, k, 1 + 4 * (int)k, r, (int)(k % 2) * (int)(cw + 16), cw, ch);
    }
    if (br.n)
        xl_check(b, worksheet_set_h_pagebreaks(ws, br.rows));
    worksheet_freeze_panes(ws, 1, 4);
    xl_check(b, worksheet_set_column(ws, 0, 0, 16, NULL));
    xl_check(b, worksheet_set_column(ws, 1, 1, wtitle, NULL));
    xl_check(b, worksheet_set_column(ws, 2, 2, 14, NULL));
    xl_check(b, worksheet_set_column(ws, 3, 3, wseries, NULL));
    xl_check(b, worksheet_set_column(ws, 4, (lxw_col_t)(3 + ny), wyear, NULL));
    /* one page wide up to ten years; beyond, two pages across (half the
     * years each, code, title, unit and series repeated, printed across
     * then down), since one page width shrank 20 years to under half
     * size; the charts stay on the left pages, the right ones beside
     * them hold no cell and are not printed */
    worksheet_fit_to_pages(ws, ny > 10 ? 2 : 1, 0);
    if (ny > 10) {
        lxw_col_t vb[] = {(lxw_col_t)(4 + (ny + 1) / 2), 0};
        xl_check(b, worksheet_set_v_pagebreaks(ws, vb));
        xl_check(b, worksheet_repeat_columns(ws, 0, 3));
        worksheet_print_across(ws);
    }
    xl_sheet_setup(b, ws, 0, 5 + (int)ny);
    xl_check(b, worksheet_repeat_rows(ws, 0, 0));
}

/* ---- Vergleich --------------------------------------------------------------------------- */

typedef struct {
    const book *b;
    size_t k;
    int desc;
} order_ctx;

/* By the report year's value (missing last, grouped by symbol); equal
 * rows look the same, so their order reveals nothing. */
static int by_value(const void *x, const void *y, void *ctx)
{
    const order_ctx *o = ctx;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const kz_cell *p = kz_get(o->b->kz, o->k, i, o->b->yi);
    const kz_cell *q = kz_get(o->b->kz, o->k, j, o->b->yi);
    if (p->has_value != q->has_value)
        return p->has_value ? -1 : 1;
    if (!p->has_value)
        return (p->flag > q->flag) - (p->flag < q->flag);
    int asc = (p->value > q->value) - (p->value < q->value);
    return o->desc ? -asc : asc;
}

/* The rows of one block: the participant's ring (or the circle) in the
 * dataset's order, by value when the layout sorts or the comparison is
 * anonymous (an order by value tells nothing about who is who). */
static void block_order(const book *b, size_t k, const size_t *members, size_t n, size_t *out)
{
    memcpy(out, members, n * sizeof *out);
    const layout *l = b->o->lay;
    if (l->sort == LAY_SORT_NONE && !l->anonymous)
        return;
    order_ctx o = {b, k, l->sort != LAY_SORT_ASC};
    qsort_r(out, n, sizeof *out, by_value, &o);
}

/* Lines of a Vergleich chart's title in LibreOffice 7.4 (10 pt bold in
 * a chart 1.2 times the default width): about 66 characters a line,
 * counted short so that a title is never given fewer lines than it
 * takes (seen in the PDF export: 70 characters one line, 77 two). */
#define TITLE_LINE_CHARS 66
#define TITLE_LINE_PX    20.0
static double title_lines(const book *b, size_t k)
{
    const ds_kennzahl *kz = &b->ds->kz[k];
    size_t len = xl_width(kz->code) + xl_width(kz->title) + xl_width(kz->unit) + 5;
    if (len > TITLE_MAX)
        len = TITLE_MAX;
    return ceil((double)len / TITLE_LINE_CHARS);
}

static void compare_chart(book *b, lxw_worksheet *ws, size_t k, int title_row, int first,
                          int cat_first, size_t n, size_t own_pos, int *rows_used)
{
    const ds_kennzahl *kz = &b->ds->kz[k];
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_BAR);
    lxw_chart_series *s = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    lxw_chart_point *pts = calloc(n + 2, sizeof *pts);
    lxw_chart_point **pp = calloc(n + 3, sizeof(lxw_chart_point *));
    if (!s || !pts || !pp) {
        free(pts);
        free(pp);
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    int last = first + (int)n; /* the Gesamtwert row */
    chart_series_set_categories(s, "Vergleich", (lxw_row_t)cat_first, 1,
                                (lxw_row_t)(cat_first + (int)n), 1);
    chart_series_set_values(s, "Vergleich", (lxw_row_t)first, 2, (lxw_row_t)last, 2);
    lxw_chart_fill mine = {.color = COL_OWN}, gesamt = {.color = COL_GESAMT};
    lxw_chart_pattern hatch = {.type = LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL,
                               .fg_color = COL_GESAMT,
                               .bg_color = 0xFFFFFF};
    lxw_chart_line edge = {.color = COL_GESAMT};
    for (size_t i = 0; i <= n; i++)
        pp[i] = &pts[i];
    if (own_pos < n)
        pts[own_pos] = (lxw_chart_point){.fill = &mine};
    pts[n] = (lxw_chart_point){.fill = &gesamt, .pattern = &hatch, .line = &edge};
    xl_check(b, chart_series_set_points(s, pp));
    chart_set_series_gap(ch, 40);
    chart_title(b, ch, k);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    /* in bar charts x is the value axis; categories top to bottom in the
     * table's order */
    chart_axis_set_reverse(ch->y_axis);
    int nonneg = 1;
    for (size_t c = 0; c < b->ds->ncities; c++) {
        const kz_cell *cell = kz_get(b->kz, k, c, b->yi);
        nonneg &= !cell->has_value || cell->value >= 0;
    }
    if (nonneg)
        chart_axis_set_min(ch->x_axis, 0);
    value_axis_format(b, ch->x_axis, k);
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);

    /* a title over one line takes its lines from the plot: LibreOffice
     * then left out every other bar's label (and the Gesamtwert's at a
     * three-line title), so each further line makes the chart taller */
    double extra = TITLE_LINE_PX * (title_lines(b, k) - 1);
    double h = 70 + extra + 16 * (double)(n + 1);
    h = fmax(180, fmin(h, (PAGE_ROWS - 3) * ROW_PX));
    /* a short name at every bar: at the default 10 pt LibreOffice 7.4
     * leaves out every other label from about 15 bars on, and even 8 pt
     * at 16 bars, so the bars could not be told apart; 7 pt shows them
     * all up to the 30 that a chart of the largest height holds at 15
     * pixels a bar (seen in its PDF export); where the bars have 11
     * pixels every label is asked for (tickLblSkip) */
    lxw_chart_font small = {.size = 7};
    chart_axis_set_num_font(ch->y_axis, &small);
    if ((h - 70 - extra) / (double)(n + 1) >= 11)
        chart_axis_set_interval_unit(ch->y_axis, 1);
    sbuf alt;
    sbuf_init(&alt);
    sbuf_addf(&alt, TX(mappe_alt_balken), kz->title, kz->unit, b->o->year,
              nonneg ? "0" : TX(mappe_alt_kleinster));
    alt_text(&alt);
    lxw_chart_options opt = {.x_scale = CMP_X_SCALE, .y_scale = h / CHART_H, .description = alt.s};
    xl_check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)title_row, 5, ch, &opt));
    sbuf_free(&alt);
    free(pts);
    free(pp);
    *rows_used = (int)ceil(h / ROW_PX) + 1;
}

/* Writes the rows of one block from row first: name, short label, value,
 * flag; the participant's own row highlighted (bold, coloured) and named,
 * the others named or, in anonymous mode, numbered in the block's order. */
static void compare_rows(book *b, lxw_worksheet *ws, size_t k, const size_t *order, size_t n,
                         int first, int shorts, size_t *own_pos)
{
    const dataset *ds = b->ds;
    int anon = 0;
    *own_pos = n;
    for (size_t m = 0; m < n; m++) {
        size_t c = order[m];
        int r = first + (int)m, own = c == b->city;
        const kz_cell *cell = kz_get(b->kz, k, c, b->yi);
        char shortl[16];
        const char *name = ds->cities[c].name, *shortname = ds->cities[c].shortname;
        sbuf label; /* a layout text: any length */
        sbuf_init(&label);
        if (own)
            *own_pos = m;
        if (b->o->lay->anonymous && !own) {
            sbuf_addf(&label, TX(mappe_anonym), ++anon);
            snprintf(shortl, sizeof shortl, "T%d", anon);
            name = label.s;
            shortname = shortl;
        }
        xl_str(b, ws, r, 0, name, own ? b->own : NULL);
        sbuf_free(&label);
        if (shorts || own)
            xl_str(b, ws, r, 1, shorts ? shortname : "", own ? b->own_text : NULL);
        if (cell->has_value)
            xl_num(b, ws, r, 2, cell->value, xl_kzfmt(b, k, own));
        if (cell->flag != FLAG_FINAL || own)
            xl_str(b, ws, r, 3, flag_print_symbol((kv_flag)cell->flag),
                   own ? b->own_text : b->text);
    }
}

/* One row of a block's summary: label, and the number when has. */
static void summary_row(book *b, lxw_worksheet *ws, int row, const char *label, lxw_format *lf,
                        int has, double v, lxw_format *f)
{
    xl_str(b, ws, row, 0, label, lf);
    if (has)
        xl_num(b, ws, row, 2, v, f);
}

/* Below the Gesamtwert of a block, from row on: for a participant in a
 * ring the ring's Gesamtwert, Mittelwert and n beside the circle's
 * Mittelwert and n, else the circle's Mittelwert and n; returns the last
 * row written. */
static int summary_rows(book *b, lxw_worksheet *ws, size_t k, int ring, const kz_agg *a, int row)
{
    lxw_format *f = xl_kzfmt(b, k, 0);
    const kz_agg *ra = ring >= 0 ? kz_get_ring_agg(b->kz, k, (size_t)ring, b->yi) : NULL;
    if (ra) {
        summary_row(b, ws, row++, TX(gesamtwert_ring), b->bold, ra->has_gesamt, ra->gesamt, f);
        summary_row(b, ws, row++, TX(mittelwert_ring), NULL, ra->n > 0, ra->mean, f);
    }
    summary_row(b, ws, row++, TX(mappe_mittelwert_alle), NULL, a->n > 0, a->mean, f);
    if (ra)
        summary_row(b, ws, row++, TX(mappe_anzahl_ring_wert), NULL, 1, (double)ra->n, NULL);
    summary_row(b, ws, row, TX(mappe_anzahl_alle), NULL, 1, (double)a->n, NULL);
    return row;
}

void xl_sheet_compare(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = xl_sheet_new(b, "Vergleich");
    if (!ws)
        return;
    /* a participant in a comparison ring compares with its ring: that is
     * what rings are for, and it keeps the sheet readable (and each
     * workbook's size independent of the circle's) in circles of hundreds */
    const int ri = ds->cities[b->city].ring, in_ring = ri >= 0;
    const char *ring = in_ring ? ds->rings[ri].name : NULL;
    size_t *members = malloc((ds->ncities + 1) * sizeof *members), n = 0;
    size_t *order = malloc((ds->ncities + 1) * sizeof *order);
    const char **names = calloc(ds->ncities + 2, sizeof *names);
    if (!members || !order || !names) {
        free(members);
        free(order);
        free(names);
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    if (in_ring) {
        n = ds->rings[ri].nmembers;
        memcpy(members, ds->rings[ri].members, n * sizeof *members);
    } else {
        for (size_t c = 0; c < ds->ncities; c++)
            members[n++] = c;
    }
    sbuf t;
    sbuf_init(&t);
    if (in_ring)
        sbuf_addf(&t, TX(mappe_vergleich_ring), ring, b->o->year);
    else
        sbuf_addf(&t, TX(mappe_vergleich_alle), b->o->year);
    sbuf_adds(&t, b->o->lay->anonymous ? TX(mappe_vergleich_anonym) : "");
    sbuf_adds(&t, TX(mappe_vergleich_eigene));
    if (in_ring)
        sbuf_adds(&t, TX(mappe_vergleich_gesamtwert));
    xl_str(b, ws, 0, 0, t.s, b->bold);
    sbuf_free(&t);
    xl_breaks br = {.n = 0};
    int row = 2, page_top = 0, cat_first = 0; /* page_top: the page's first row */
    /* in the delivered order every block lists the same participants in
     * the same order: the short names are written once, in the first
     * block, and every chart takes its labels from there (a fifth of the
     * sheet less to write) */
    int ordered = b->o->lay->sort != LAY_SORT_NONE || b->o->lay->anonymous;
    for (size_t m = 0; m < n; m++)
        names[m] = b->o->lay->anonymous ? "Teilnehmer 000" : ds->cities[members[m]].name;
    names[n] = names[n + 1] = TX(mappe_mittelwert_alle);
    double wname = xl_fit_width(names, n + 1, 20, 40);
    /* names cut by the column (LibreOffice showed fifteen times the same
     * 40 characters): the short names in every block tell them apart */
    if (xl_fit_width(names, n, 0, 1e9) > wname)
        ordered = 1;
    /* the block's title wraps in the table's four columns: in one cell it
     * ran on behind the chart */
    lxw_format *title = workbook_add_format(b->wb);
    format_set_bold(title);
    format_set_text_wrap(title);
    format_set_align(title, LXW_ALIGN_VERTICAL_BOTTOM);
    const double wvalue = xl_kz_width(b, XL_ALL_KZ, 13), wtable = wname + 9 + wvalue + 12;
    /* blocks packed on a page as far as it holds them: its rows at the
     * print scale that fitting the table and the chart beside it to the
     * page's width takes (the sheet has no repeated header row; 2 % to
     * spare) */
    const double sheet_px = xl_col_px(wname) + xl_col_px(9) + xl_col_px(wvalue) + xl_col_px(12) +
                            xl_col_px(2) + CHART_W * CMP_X_SCALE;
    const int page_rows = (int)floor((PAGE_H_PT + 15) / fmin(1, PAGE_W_PX / sheet_px) * 0.98 / 15);
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *kz = &ds->kz[k];
        block_order(b, k, members, n, order);
        sbuf_init(&t);
        sbuf_addf(&t, "%s: %s (%s)", kz->code, kz->title, kz->unit);
        double th = xl_row_height(t.s, wtable);
        if (th > 15) {
            xl_check(b, worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 3, "", title));
            xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, th, NULL));
        }
        xl_str(b, ws, row, 0, t.s, th > 15 ? title : b->bold);
        sbuf_free(&t);
        int shorts = ordered || k == 0;
        const char *const head[] = {TX(teilnehmende), shorts ? TX(mappe_kuerzel) : "",
                                    TX(kopf_wert), TX(kopf_kennzeichen)};
        static const int nums[] = {0, 0, 1, 0};
        xl_head(b, ws, row + 1, 0, head, nums, 4);
        int first = row + 2;
        if (shorts)
            cat_first = first;
        size_t own_pos;
        compare_rows(b, ws, k, order, n, first, shorts, &own_pos);
        int last = first + (int)n;
        const kz_agg *a = kz_get_agg(b->kz, k, b->yi);
        xl_str(b, ws, last, 0, in_ring ? TX(mappe_gesamtwert_alle) : TX(gesamtwert), b->bold);
        if (shorts)
            xl_str(b, ws, last, 1, TX(kopf_gemw), NULL);
        if (a->has_gesamt)
            xl_num(b, ws, last, 2, a->gesamt, xl_kzfmt(b, k, 0));
        int end = summary_rows(b, ws, k, ri, a, last + 1); /* the block's last row */
        int chart_rows = 0, any = 0;
        for (size_t i = 0; i < n && !any; i++)
            any = kz_get(b->kz, k, order[i], b->yi)->has_value;
        if (any) {
            compare_chart(b, ws, k, row, first, cat_first, n, own_pos, &chart_rows);
        } else { /* no bar to draw: a chart on an arbitrary axis said nothing */
            sbuf none;
            sbuf_init(&none);
            sbuf_addf(&none, TX(teil_kein_vergleich), b->o->year);
            xl_str(b, ws, row + 1, 5, none.s, b->italic);
            sbuf_free(&none);
        }
        int block = (end + 2 - row) > chart_rows ? (end + 2 - row) : chart_rows;
        block += (int)(th / 15) - 1; /* a title of more lines */
        /* a block starts a new page when it would not fit on this one; the
         * break at the empty row above it (at the chart's row LibreOffice
         * drew the frame's top edge onto the page before) */
        if (row > page_top + 2 && row + block - page_top > page_rows) {
            xl_break_before(&br, row - 1);
            page_top = row - 1;
        }
        row += block;
    }
    if (br.n)
        xl_check(b, worksheet_set_h_pagebreaks(ws, br.rows));
    xl_notes(b, ws, row);
    xl_check(b, worksheet_set_column(ws, 0, 0, wname, NULL));
    xl_check(b, worksheet_set_column(ws, 1, 1, 9, NULL));
    xl_check(b, worksheet_set_column(ws, 2, 2, wvalue, NULL));
    xl_check(b, worksheet_set_column(ws, 3, 3, 12, NULL));
    xl_check(b, worksheet_set_column(ws, 4, 4, 2, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_fit_to_pages(ws, 1, 0);
    xl_sheet_setup(b, ws, 0, 5);
    free(members);
    free(order);
    free(names);
}
