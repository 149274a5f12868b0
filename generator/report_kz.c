/* report_kz.c - one page per key figure (definition, bar chart of the
 * report year, development, table, footnote) and the participant profiles. */
#include "report_int.h"

#include "fmt.h"
#include "sbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_YEARS 5

typedef struct {
    const dataset *ds;
    sbuf *out;
} spell_ctx;

/* Codes become their labels, '*' a multiplication sign, '.' a comma. */
static void spell_emit(void *ctx, const char *text, size_t len, const char *code)
{
    spell_ctx *c = ctx;
    if (code) {
        int k = dataset_code_index(c->ds, code);
        sbuf_adds(c->out, k >= 0 ? c->ds->codes[k].label : "?");
        return;
    }
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '*')
            sbuf_adds(c->out, " \xC3\x97 ");
        else if (ch == '/' || ch == '+' || ch == '-')
            sbuf_add(c->out, (char[]){' ', ch, ' '}, 3);
        else if (ch == '.')
            sbuf_addc(c->out, ',');
        else if (ch != ' ')
            sbuf_addc(c->out, ch);
    }
}

char *rpt_spell_formula(const dataset *ds, const char *src)
{
    sbuf b;
    sbuf_init(&b);
    spell_ctx c = {ds, &b};
    expr_walk(src, spell_emit, &c);
    return sbuf_take(&b);
}

/* ---- helpers -------------------------------------------------------------------- */

static int is_percent(const ds_kennzahl *k)
{
    return strcmp(k->unit, "%") == 0;
}

/* Participant order for one key figure: as delivered, or by the report
 * year's value when the layout asks (missing values last, ties in
 * delivered order). */
typedef struct {
    const report *r;
    size_t k;
} order_ctx;

static int by_value(const void *a, const void *b, void *ctx)
{
    const order_ctx *o = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const kz_cell *x = kz_get(o->r->kz, o->k, i, o->r->yi);
    const kz_cell *y = kz_get(o->r->kz, o->k, j, o->r->yi);
    if (x->has_value != y->has_value)
        return x->has_value ? -1 : 1;
    if (!x->has_value || x->value == y->value)
        return (i > j) - (i < j);
    int asc = (x->value > y->value) - (x->value < y->value);
    return o->r->lay->sort == LAY_SORT_DESC ? -asc : asc;
}

/* With comparison rings, the circle's participants come ring by ring
 * (the rings' order, those without a ring last), each ring in the
 * layout's order. */
static int by_ring(const void *a, const void *b, void *ctx)
{
    const order_ctx *o = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int ri = rpt_ring_rank(o->r, i), rj = rpt_ring_rank(o->r, j);
    if (ri != rj)
        return (ri > rj) - (ri < rj);
    if (o->r->lay->sort == LAY_SORT_NONE)
        return (i > j) - (i < j);
    return by_value(a, b, ctx);
}

static void participant_order(const report *r, size_t k, size_t *order)
{
    for (size_t i = 0; i < r->nwho; i++)
        order[i] = r->who[i];
    order_ctx o = {r, k};
    if (r->ds->nrings) {
        qsort_r(order, r->nwho, sizeof *order, by_ring, &o);
        return;
    }
    if (r->lay->sort == LAY_SORT_NONE)
        return;
    qsort_r(order, r->nwho, sizeof *order, by_value, &o);
}

/* The value column of a cell: the number, "–" for exactly nothing, or
 * the missing value's own symbol; the flag goes into its own column. */
static void value_text(const kz_cell *c, int decimals, char *buf, size_t size)
{
    if (!c->has_value || c->flag == FLAG_DASH)
        snprintf(buf, size, "%s", flag_print_symbol((kv_flag)c->flag));
    else
        rpt_num(c->value, decimals, buf, size);
}

/* The small mark beside a number: p, r, s or |; "" otherwise. */
static const char *flag_mark(const kz_cell *c)
{
    return c->has_value && c->flag != FLAG_DASH ? flag_print_symbol((kv_flag)c->flag) : "";
}

/* Why a change is not shown: 0 shown, 1 a value missing, 2 not
 * meaningful (series break, base not positive, sign change). */
static int change_state(const ds_kennzahl *k, const kz_cell *cur, const kz_cell *prev)
{
    if (!cur->has_value || !prev->has_value)
        return 1;
    if (cur->brk)
        return 2;
    if (is_percent(k))
        return 0;                   /* percentage points: a difference, meaningful for any base */
    return cur->has_change ? 0 : 2; /* the engine's rule (kz.c) */
}

/* "+2,1 %" or "-0,4 Pp." against the previous year; the symbol when
 * there is no change to show. */
static void change_text(const ds_kennzahl *k, const kz_cell *cur, const kz_cell *prev, char *buf,
                        size_t size)
{
    int st = change_state(k, cur, prev);
    if (st) {
        const kz_cell *gone = cur->has_value ? prev : cur;
        snprintf(buf, size, "%s", st == 2 ? "x" : flag_print_symbol((kv_flag)gone->flag));
        return;
    }
    rpt_change(is_percent(k) ? cur->value - prev->value : cur->change, is_percent(k), buf, size);
}

/* ---- bar charts, split when a circle is too large for one page ------------------- */

/* A chart with its caption above and its source line below, on one page;
 * the chart goes to the report (rpt_chart). */
void rpt_captioned_chart(report *r, rpt_chart_t *c, double h, const char *name, const char *cap,
                         const char *alt)
{
    rpt_need(r, rpt_caption_h(r, cap) + h + 4 + RPT_SOURCE_H);
    rpt_caption(r, cap);
    rpt_chart(r, c, h, name, alt);
    rpt_source(r);
}

static void bar_part(report *r, const chart_bars *b, const chart_item *items, size_t first,
                     size_t parts, size_t part, const char *base, const char *title)
{
    pdfdoc *d = r->d;
    rpt_chart_t *c = rpt_chart_new(r, CHART_BARS);
    chart_item *mine = c ? malloc((b->n + 1) * sizeof *mine) : NULL;
    if (!mine) {
        free(c);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    memcpy(mine, items + first, b->n * sizeof *mine);
    c->mem[0] = mine;
    c->u.bars = *b;
    c->u.bars.items = mine;
    double h = chart_height(CHART_BARS, &c->u.bars, pdfdoc_width(d));
    char *name, *cap;
    if (parts > 1) {
        cap = rpt_printf(r, TX(diagramm_teil), title, part + 1, parts, first + 1, first + b->n);
        name = rpt_printf(r, "%s_balken_%zu.svg", base, part + 1);
    } else {
        cap = rpt_printf(r, "%s", title);
        name = rpt_printf(r, "%s_balken.svg", base);
    }
    if (name && cap)
        rpt_captioned_chart(r, c, h, name, cap, cap); /* the caption heads the alt text */
    else
        free(c), free(mine); /* out of memory: rpt_printf failed the report */
    free(cap);
    free(name);
}

double rpt_bars_height(size_t n)
{
    chart_bars b = {.n = n};
    return RPT_CAPTION_H + chart_height(CHART_BARS, &b, 0) + 4 + RPT_SOURCE_H;
}

size_t rpt_bar_rows_per_page(const report *r)
{
    const pdfdoc *d = r->d;
    /* room for a caption of two lines: "..., Teil 1 von 2 (Teilnehmende 1 bis 52)" wraps */
    double page_h = PDF_PAGE_H - pdfdoc_top(d) - pdfdoc_bottom(d) - RPT_CONT_H - RPT_CAPTION_H -
                    11 - RPT_SOURCE_H - 12;
    return chart_bars_fit(page_h);
}

/* Participants per bar chart part and the number of parts. */
static size_t bar_parts(const report *r, size_t *per)
{
    size_t cap = rpt_bar_rows_per_page(r), n = r->nwho;
    size_t parts = (n + cap - 1) / cap;
    *per = (n + parts - 1) / parts;
    return parts;
}

static void bar_charts(report *r, size_t k, const size_t *order, const char *base)
{
    const dataset *ds = r->ds;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    chart_item *items = malloc((r->nwho + 1) * sizeof *items);
    char *title =
        rpt_printf(r, TX(balken_titel), ds->kz[k].title, r->o->year,
                   ds->nrings && r->ring < 0 ? TX(nach_vergleichsringen) : TX(nach_teilnehmenden),
                   ds->kz[k].unit);
    if (!items || !title) {
        free(items);
        free(title);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    double lo = 0, hi = 0;
    for (size_t i = 0; i < r->nwho; i++) {
        const kz_cell *c = kz_get(r->kz, k, order[i], r->yi);
        items[i] = (chart_item){ds->cities[order[i]].name, c->value, c->has_value,
                                c->has_value ? flag_mark(c) : flag_print_symbol((kv_flag)c->flag),
                                ds->cities[order[i]].shortname};
        if (c->has_value) {
            lo = fmin(lo, c->value);
            hi = fmax(hi, c->value);
        }
    }
    chart_bars b = {.gesamt = a->gesamt,
                    .mean = a->mean,
                    .has_gesamt = a->has_gesamt,
                    .has_mean = a->n > 0,
                    .lo = lo,
                    .hi = hi,
                    .decimals = ds->kz[k].decimals};
    if (ds->nrings) { /* by ring, on one scale with the rings' values */
        rpt_ring_bars(r, k, &b, items, order, base, title);
        free(items);
        free(title);
        return;
    }
    size_t per, parts = bar_parts(r, &per);
    for (size_t part = 0; part < parts && !rpt_failed(r); part++) {
        b.n = part + 1 < parts ? per : r->nwho - part * per;
        bar_part(r, &b, items, part * per, parts, part, base, title);
    }
    free(items);
    free(title);
}

/* 1 when any participant's value of key figure k carries a series break
 * in year y; in a ring's report only the ring's participants count. */
static int year_has_break(const report *r, size_t k, size_t y)
{
    for (size_t c = 0; c < r->ds->ncities; c++)
        if ((r->ring < 0 || r->ds->cities[c].ring == r->ring) && kz_get(r->kz, k, c, y)->brk)
            return 1;
    return 0;
}

static void dev_chart(report *r, size_t k, const char *base)
{
    const dataset *ds = r->ds;
    size_t n = r->yi + 1;
    rpt_chart_t *c = rpt_chart_new(r, CHART_DEV);
    double *buf = c ? malloc(4 * n * sizeof *buf) : NULL;
    uint8_t *has = c ? malloc(2 * n) : NULL;
    char *name = c ? rpt_printf(r, "%s_entwicklung.svg", base) : NULL;
    char *title =
        c ? rpt_printf(r, TX(entwicklung_titel), ds->years[0], r->o->year, ds->kz[k].unit) : NULL;
    if (!buf || !has || !name || !title) {
        free(buf);
        free(has);
        free(name);
        free(title);
        free(c);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    c->mem[0] = buf;
    c->mem[1] = has;
    for (size_t y = 0; y < n; y++) {
        const kz_agg *a = kz_get_agg(r->kz, k, y);
        buf[y] = a->gesamt;
        buf[n + y] = a->mean;
        buf[2 * n + y] = a->min;
        buf[3 * n + y] = a->max;
        has[y] = a->n > 0 && a->has_gesamt;
        has[n + y] = y > 0 && year_has_break(r, k, y);
    }
    c->u.dev = (chart_dev){.years = ds->years,
                           .n = n,
                           .gesamt = buf,
                           .mean = buf + n,
                           .min = buf + 2 * n,
                           .max = buf + 3 * n,
                           .has = has,
                           .decimals = ds->kz[k].decimals,
                           .brk = has + n,
                           .own = -1};
    if (ds->nrings)
        rpt_ring_dev(r, k, c);
    double h = chart_height(CHART_DEV, &c->u.dev, 0);
    rpt_captioned_chart(r, c, h, name, title, title);
    free(name);
    free(title);
}

/* ---- tables: column widths from their content --------------------------------------- */

#define CELL 48 /* bytes per table cell */

/* The widest of text's lines ('\n' separated) in font f at the table size. */
static double cell_width(const report *r, lay_font f, const char *text)
{
    double w = 0;
    const char *p = text;
    while (p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[CELL * 3];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        w = fmax(w, pdfdoc_text_width(r->d, f, PDF_TABLE_FONT, line));
        p = nl ? nl + 1 : NULL;
    }
    return w;
}

/* Height of a table row whose first cell is wrapped to width w0. */
double rpt_row_height(report *r, lay_font f, double w0, const char *first)
{
    char **lines;
    size_t n = pdfdoc_wrap(r->d, f, PDF_TABLE_FONT, w0 - 6, first, &lines);
    pdfdoc_free_lines(lines, n);
    return PDF_TABLE_LINE * (double)(n ? n : 1) + 2;
}

/* A row that keeps `keep` more points with it on its page; a page break
 * repeats the continued title and the table header. */
static void table_row(report *r, const pdf_table *t, const pdf_table *cont,
                      const char *const *cells, lay_font f, int shade, double keep)
{
    double h = pdfdoc_table_row_height(r->d, t, cells, f);
    if (pdfdoc_room(r->d) < h + keep) {
        rpt_need(r, PDF_PAGE_H);
        pdfdoc_table_continue(r->d, cont);
    }
    pdfdoc_table_row(r->d, t, cells, f, shade);
}

/* ---- table of values per year ------------------------------------------------------- */

typedef struct {
    size_t ny, first; /* years shown and the first of them */
    int change;       /* a change column */
    size_t cols, rows;
    char (*cell)[CELL]; /* rows x cols */
    lay_font *font;     /* per row */
} value_grid;

static char *grid_cell(value_grid *g, size_t row, size_t col)
{
    return g->cell[row * g->cols + col];
}

/* The aggregate rows below a table's participants: the circle's
 * Gesamtwert and Mittelwert, in a ring's report the ring's first. */
typedef struct {
    const char *label;
    int ring; /* -1: the circle */
    int mean; /* 0: Gesamtwert, 1: Mittelwert */
} agg_row;

static size_t agg_rows(const report *r, agg_row *out)
{
    if (r->ring < 0) {
        out[0] = (agg_row){TX(zeile_gesamtwert), -1, 0};
        out[1] = (agg_row){TX(zeile_mittelwert), -1, 1};
        return 2;
    }
    out[0] = (agg_row){TX(zeile_gesamtwert_ring), r->ring, 0};
    out[1] = (agg_row){TX(zeile_mittelwert_ring), r->ring, 1};
    out[2] = (agg_row){TX(zeile_gesamtwert_alle), -1, 0};
    out[3] = (agg_row){TX(zeile_mittelwert_alle), -1, 1};
    return 4;
}

static const kz_agg *row_agg(const report *r, const agg_row *a, size_t k, size_t y)
{
    return a->ring < 0 ? kz_get_agg(r->kz, k, y) : kz_get_ring_agg(r->kz, k, (size_t)a->ring, y);
}

/* Fills the grid: per participant its values, flags and the change, then
 * the Gesamtwert and Mittelwert rows. */
static void value_grid_fill(report *r, size_t k, const size_t *order, value_grid *g)
{
    const dataset *ds = r->ds;
    const ds_kennzahl *kz = &ds->kz[k];
    for (size_t i = 0; i < r->nwho; i++) {
        size_t c = order[i];
        g->font[i] = LAY_FONT_REGULAR;
        snprintf(grid_cell(g, i, 0), CELL, "%s", "");
        for (size_t y = 0; y < g->ny; y++) {
            const kz_cell *cell = kz_get(r->kz, k, c, g->first + y);
            value_text(cell, kz->decimals, grid_cell(g, i, 1 + 2 * y), CELL);
            snprintf(grid_cell(g, i, 2 + 2 * y), CELL, "%s", flag_mark(cell));
        }
        if (g->change)
            change_text(kz, kz_get(r->kz, k, c, r->yi), kz_get(r->kz, k, c, r->yi - 1),
                        grid_cell(g, i, g->cols - 1), CELL);
    }
    agg_row ar[4];
    size_t nagg = agg_rows(r, ar);
    for (size_t agg = 0; agg < nagg; agg++) {
        size_t row = r->nwho + agg;
        g->font[row] = LAY_FONT_BOLD;
        for (size_t col = 0; col < g->cols; col++)
            grid_cell(g, row, col)[0] = '\0';
        for (size_t y = 0; y < g->ny; y++) {
            const kz_agg *a = row_agg(r, &ar[agg], k, g->first + y);
            int mean = ar[agg].mean;
            if (!mean ? a->has_gesamt : a->n > 0)
                rpt_num(!mean ? a->gesamt : a->mean, kz->decimals, grid_cell(g, row, 1 + 2 * y),
                        CELL);
            else
                snprintf(grid_cell(g, row, 1 + 2 * y), CELL, ".");
        }
    }
}

/* Column widths: every column but the first as wide as its widest cell;
 * the first (names, wrapped) takes the rest. Fewer years when the names
 * would get too narrow. */
static void value_grid_widths(report *r, value_grid *g, const char *const *head, double *w)
{
    double total = 0;
    for (size_t col = 1; col < g->cols; col++) {
        double m = head[col] ? cell_width(r, LAY_FONT_BOLD, head[col]) : 0;
        for (size_t row = 0; row < g->rows; row++)
            m = fmax(m, cell_width(r, g->font[row], grid_cell(g, row, col)));
        int flag_col = col < g->cols - (size_t)g->change && col % 2 == 0;
        w[col] = flag_col ? (m > 0 ? m + 7 : 1) : m + (col == 1 ? 8 : 12);
        total += w[col];
    }
    w[0] = pdfdoc_width(r->d) - total;
}

#define CONTINUED TX(fortsetzung)

static void value_table(report *r, size_t k, const size_t *order, double keep)
{
    const dataset *ds = r->ds;
    const ds_kennzahl *kz = &ds->kz[k];
    pdfdoc *d = r->d;
    value_grid g = {0};
    g.ny = r->yi + 1 < TABLE_YEARS ? r->yi + 1 : TABLE_YEARS;
    g.change = r->yi > 0;
    agg_row ar[4];
    size_t nagg = agg_rows(r, ar), n = r->nwho;
    g.rows = n + nagg;
    double w[2 * TABLE_YEARS + 2];
    const char *head[2 * TABLE_YEARS + 2];
    char years[TABLE_YEARS][16], *change_head = NULL;
    for (;;) {
        g.first = r->yi + 1 - g.ny;
        g.cols = 1 + 2 * g.ny + (size_t)g.change;
        free(g.cell);
        free(g.font);
        g.cell = malloc(g.rows * g.cols * sizeof *g.cell);
        g.font = malloc(g.rows * sizeof *g.font);
        if (!g.cell || !g.font) {
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
            break;
        }
        value_grid_fill(r, k, order, &g);
        head[0] = TX(teilnehmende);
        for (size_t y = 0; y < g.ny; y++) {
            snprintf(years[y], sizeof years[y], "%d", ds->years[g.first + y]);
            head[1 + 2 * y] = years[y];
            head[2 + 2 * y] = "";
        }
        free(change_head); /* a layout text: any length */
        change_head = rpt_printf(r, TX(kopf_veraenderung), r->o->year, r->o->year - 1,
                                 is_percent(kz) ? "Pp." : "%");
        if (g.change)
            head[g.cols - 1] = change_head ? change_head : "";
        value_grid_widths(r, &g, head, w);
        if (w[0] >= 110 || g.ny <= 2)
            break;
        g.ny--;
    }
    if (rpt_failed(r)) {
        free(g.cell);
        free(g.font);
        free(change_head);
        return;
    }
    char *cont_head = rpt_printf(r, "%s%s", TX(teilnehmende), CONTINUED);
    const char *chead[2 * TABLE_YEARS + 2];
    memcpy(chead, head, g.cols * sizeof *chead);
    chead[0] = cont_head ? cont_head : head[0];
    const pdf_table t = {g.cols, w, head, 1, CONTINUED, 0};
    const pdf_table tc = {g.cols, w, chead, 1, NULL, 0};
    char *cap = g.ny > 1 ? rpt_printf(r, TX(werte_von_bis), ds->years[g.first], r->o->year,
                                      g.change ? TX(werte_und_veraenderung) : "")
                         : rpt_printf(r, TX(werte_jahr), r->o->year);
    double agg_h = (double)nagg * (PDF_TABLE_LINE + 2) + 2;
    /* a table too short to break with three participants on either side
     * (two participants) goes whole: its first row asks for all the rest,
     * and a head at a page's foot would be left alone */
    double first = 4 * (PDF_TABLE_LINE + 2), lead = 0;
    /* the first rows as tall as their names wrap: a head kept with four
     * one-line rows was left alone at a page's foot above a long name */
    for (size_t j = 0; j < n && j < 4; j++)
        lead += rpt_row_height(r, g.font[j], w[0], ds->cities[order[j]].name);
    first = fmax(first, lead);
    if (n < (size_t)2 * RPT_TABLE_KEEP) {
        first = agg_h + RPT_SOURCE_H + keep;
        for (size_t j = 0; j < n; j++)
            first += rpt_row_height(r, g.font[j], w[0], ds->cities[order[j]].name);
    }
    rpt_need(r, RPT_CAPTION_H + 2 * PDF_TABLE_LINE + 6 + first);
    pdfdoc_space(d, 4);
    if (cap)
        rpt_caption(r, cap);
    free(cap);
    pdfdoc_table_head(d, &t);
    const char *row[2 * TABLE_YEARS + 2];
    for (size_t i = 0; i < g.rows && !rpt_failed(r); i++) {
        for (size_t col = 1; col < g.cols; col++)
            row[col] = grid_cell(&g, i, col);
        row[0] = i < n ? ds->cities[order[i]].name : ar[i - n].label;
        if (i == n)
            pdfdoc_rule(d, 1, 0.6, 0x888888, 2);
        /* widows: the last three participants go with the aggregates, the
         * last row with the source line and the footnote */
        double tail = RPT_SOURCE_H + keep, with = 0;
        if (i < n && i + RPT_TABLE_KEEP >= n && i >= RPT_TABLE_KEEP) {
            with = agg_h + tail;
            for (size_t j = i + 1; j < n; j++)
                with += rpt_row_height(r, g.font[j], w[0], ds->cities[order[j]].name);
        } else if (i < n && i + 2 >= n) /* a short table: its last two rows */
            with = agg_h + tail;
        else if (i >= n)
            with = (double)(n + nagg - 1 - i) * (PDF_TABLE_LINE + 2) + tail;
        table_row(r, &t, &tc, row, g.font[i], i < n ? (int)(i % 2) : 0, with);
    }
    rpt_source(r);
    free(cont_head);
    free(change_head);
    free(g.cell);
    free(g.font);
}

/* ---- footnote: n and remarks from the data --------------------------------------- */

/* Participant names in a list, at most MAX_NAMES of them ("und 2
 * weitere"; never "und 1 weitere": that one is named), or "alle
 * Teilnehmenden" when the longer list holds every one of the report's;
 * total: how many pick holds. */
#define MAX_NAMES 12

static void name_list(const report *r, const uint8_t *pick, size_t total, sbuf *b)
{
    if (total > MAX_NAMES && total == r->nwho) { /* in a ring's report, its members */
        sbuf_adds(b, TX(namen_alle));
        if (r->ring >= 0)
            sbuf_adds(b, TX(fussnote_des_rings));
        return;
    }
    size_t shown = total == MAX_NAMES + 1 ? total : MAX_NAMES, count = 0;
    for (size_t c = 0; c < r->ds->ncities; c++) {
        if (!pick[c])
            continue;
        if (count < shown)
            sbuf_addf(b, "%s%s", count ? ", " : "", r->ds->cities[c].name);
        count++;
    }
    if (count > shown)
        sbuf_addf(b, TX(namen_weitere), count - shown);
}

/* " Meaning (symbol): Bremen, Dortmund." for the participants with flag f
 * in the report year; nothing when there are none. */
static void flag_remark(report *r, size_t k, kv_flag f, sbuf *b, uint8_t *pick)
{
    size_t count = 0;
    for (size_t i = 0; i < r->nwho; i++) {
        size_t c = r->who[i];
        pick[c] = kz_get(r->kz, k, c, r->yi)->flag == f;
        count += pick[c];
    }
    if (!count)
        return;
    size_t start = b->len;
    sbuf_addf(b, " %s (%s): ", flag_meaning(f), flag_print_symbol(f));
    name_list(r, pick, count, b);
    sbuf_adds(b, ".");
    char *first = b->s + start + 1;
    if (!b->failed && *first >= 'a' && *first <= 'z') /* a sentence of its own */
        *first = (char)(*first - 'a' + 'A');
}

/* The footnote of key figure k as a malloc'ed string (NULL: out of memory). */
static char *footnote_text(report *r, size_t k)
{
    const dataset *ds = r->ds;
    const ds_kennzahl *kz = &ds->kz[k];
    const kz_agg *a = r->ring < 0 ? kz_get_agg(r->kz, k, r->yi)
                                  : kz_get_ring_agg(r->kz, k, (size_t)r->ring, r->yi);
    uint8_t *pick = calloc(ds->ncities + 1, 1);
    sbuf b;
    sbuf_init(&b);
    sbuf_addf(&b, TX(fussnote_n), a->n, r->nwho, r->ring < 0 ? "" : TX(fussnote_des_rings),
              r->o->year);
    static const kv_flag shown[] = {FLAG_X, FLAG_SLASH, FLAG_DOT,  FLAG_P,
                                    FLAG_R, FLAG_S,     FLAG_BREAK};
    for (size_t f = 0; pick && f < sizeof shown / sizeof *shown; f++)
        flag_remark(r, k, shown[f], &b, pick);
    /* changes that are not meaningful */
    size_t nx = 0;
    for (size_t i = 0; pick && r->yi > 0 && i < r->nwho; i++) {
        size_t c = r->who[i];
        const kz_cell *cur = kz_get(r->kz, k, c, r->yi), *prev = kz_get(r->kz, k, c, r->yi - 1);
        pick[c] = !cur->brk && change_state(kz, cur, prev) == 2;
        nx += pick[c];
    }
    if (nx) {
        sbuf_addf(&b, TX(fussnote_keine_rate), r->o->year - 1);
        name_list(r, pick, nx, &b);
        sbuf_adds(&b, ".");
    }
    /* series breaks within the years of the table */
    size_t first = r->yi + 1 > TABLE_YEARS ? r->yi + 1 - TABLE_YEARS : 0;
    for (size_t y = first > 0 ? first : 1; y <= r->yi; y++) {
        size_t breaks = 0;
        for (size_t i = 0; i < r->nwho; i++)
            breaks += kz_get(r->kz, k, r->who[i], y)->brk;
        if (breaks)
            sbuf_addf(&b, TX(fussnote_reihenbruch), ds->years[y], breaks, ds->years[y] - 1);
    }
    free(pick);
    if (!pick || sbuf_failed(&b)) {
        sbuf_free(&b);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    return sbuf_take(&b);
}

#define NOTE_FS   7.5
#define NOTE_LEAD 9.5

static double note_height(report *r, const char *text)
{
    char **lines;
    size_t n = pdfdoc_wrap(r->d, LAY_FONT_ITALIC, NOTE_FS, pdfdoc_width(r->d), text, &lines);
    pdfdoc_free_lines(lines, n);
    return NOTE_LEAD * (double)n + 8;
}

static void footnote(report *r, const char *text)
{
    rpt_need(r, note_height(r, text));
    pdfdoc_space(r->d, 4);
    pdfdoc_paragraphs(r->d, PDF_ROLE_NOTE, (pdf_font){LAY_FONT_ITALIC, NOTE_FS, COL_GREY},
                      NOTE_LEAD, pdfdoc_left(r->d), pdfdoc_width(r->d), text);
}

/* The chapter's key figures at a glance: aggregates of the report year. */
static void area_overview(report *r, size_t area)
{
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    const char *const head[] = {TX(kopf_kennzahl), TX(kopf_einheit), TX(kopf_gemw),    TX(kopf_mw),
                                TX(kopf_median),   TX(kopf_minimum), TX(kopf_maximum), TX(kopf_n)};
    double cols[8];
    for (int i = 1; i < 8; i++)
        cols[i] = cell_width(r, LAY_FONT_BOLD, head[i]);
    /* the cells first: the columns are as wide as they need */
    size_t nk = 0, per = 1 + ds->nrings; /* with rings a row per ring below the circle's */
    for (size_t k = 0; k < ds->nkz; k++)
        nk += ds->kz[k].area_idx == area;
    char(*v)[8][CELL] = malloc((nk * per + 1) * sizeof *v);
    size_t *ks = malloc((nk * per + 1) * sizeof *ks);
    if (!v || !ks) {
        free(v);
        free(ks);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    size_t row = 0;
    for (size_t k = 0, ri = 0; k < ds->nkz; ri = (ri + 1) % per, k += ri == 0) {
        if (ds->kz[k].area_idx != area) {
            ri = per - 1;
            continue;
        }
        const kz_agg *a =
            ri ? kz_get_ring_agg(r->kz, k, ri - 1, r->yi) : kz_get_agg(r->kz, k, r->yi);
        int dec = ds->kz[k].decimals;
        const double vals[5] = {a->gesamt, a->mean, a->median, a->min, a->max};
        snprintf(v[row][1], CELL, "%s", "");
        for (int i = 0; i < 5; i++) {
            if ((i == 0 ? a->has_gesamt : a->n > 0))
                rpt_num(vals[i], dec, v[row][2 + i], CELL);
            else
                snprintf(v[row][2 + i], CELL, ".");
        }
        snprintf(v[row][7], CELL, "%zu", a->n);
        cols[1] = fmax(cols[1], cell_width(r, LAY_FONT_REGULAR, ds->kz[k].unit));
        for (int i = 2; i < 8; i++)
            cols[i] = fmax(cols[i], cell_width(r, LAY_FONT_REGULAR, v[row][i]));
        ks[row++] = k * per + ri;
    }
    double rest = pdfdoc_width(d);
    for (int i = 1; i < 8; i++)
        rest -= (cols[i] += i == 1 ? 10 : 9);
    /* a very long unit goes below the title rather than squeezing it */
    int unit_in_title = rest < 130;
    if (unit_in_title) {
        rest += cols[1] - 1;
        cols[1] = 1;
    }
    cols[0] = rest;
    const char *const head_nounit[] = {TX(kopf_kennzahl_einheit),
                                       "",
                                       TX(kopf_gemw),
                                       TX(kopf_mw),
                                       TX(kopf_median),
                                       TX(kopf_minimum),
                                       TX(kopf_maximum),
                                       TX(kopf_n)};
    const pdf_table t = {8, cols, unit_in_title ? head_nounit : head, 2, CONTINUED, 0};
    char *cap = rpt_printf(r, ds->nrings ? TX(ueberblick_ringe) : TX(ueberblick), r->o->year);
    rpt_need(r, 80);
    if (cap)
        rpt_caption(r, cap);
    free(cap);
    pdfdoc_table_head(d, &t);
    for (size_t i = 0; i < row && !rpt_failed(r); i++) {
        const ds_kennzahl *kz = &ds->kz[ks[i] / per];
        size_t ri = ks[i] % per;
        char *title = ri              ? rpt_printf(r, "\xE2\x80\x93 %s", ds->rings[ri - 1].name)
                      : unit_in_title ? rpt_printf(r, "%s (%s)", kz->title, kz->unit)
                                      : NULL;
        const char *cells[] = {title ? title : kz->title,
                               unit_in_title || ri ? "" : kz->unit,
                               v[i][2],
                               v[i][3],
                               v[i][4],
                               v[i][5],
                               v[i][6],
                               v[i][7]};
        /* a key figure keeps its first ring rows with it */
        double keep = i + 1 == row         ? RPT_SOURCE_H
                      : ri == 0 && per > 1 ? 2 * (PDF_TABLE_LINE + 2)
                                           : 0;
        if (i + 2 == row) /* the last row never alone on a page */
            keep += rpt_row_height(r, LAY_FONT_REGULAR, t.w[0], ds->kz[ks[i + 1] / per].title) +
                    RPT_SOURCE_H;
        table_row(r, &t, &t, cells, per > 1 && !ri ? LAY_FONT_BOLD : LAY_FONT_REGULAR,
                  (int)((per > 1 ? i / per : i) % 2), keep);
        free(title);
    }
    rpt_source(r);
    free(v);
    free(ks);
}

/* ---- one key figure ------------------------------------------------------------------ */

/* "Zähler: … · Nenner: … · Faktor: … · Einheit: …" (or "Wert: …"). */
static char *definition_text(report *r, const ds_kennzahl *kz)
{
    char fac[64];
    rpt_num(kz->factor, kz->factor == floor(kz->factor) ? 0 : 2, fac, sizeof fac);
    const char *fl = kz->factor != 1 ? TX(definition_faktor_kurz) : "",
               *fv = kz->factor != 1 ? fac : "";
    char *num = rpt_spell_formula(r->ds, kz->numerator), *den = NULL, *out = NULL;
    if (num && kz->denominator[0]) {
        den = rpt_spell_formula(r->ds, kz->denominator);
        if (den)
            out = rpt_printf(r, TX(definition_zaehler_nenner), num, den, fl, fv, kz->unit);
    } else if (num) {
        out = rpt_printf(r, TX(definition_wert), num, fl, fv, kz->unit);
    }
    if (!out)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    free(num);
    free(den);
    return out;
}

static void definition(report *r, const ds_kennzahl *kz)
{
    pdfdoc *d = r->d;
    char *text = definition_text(r, kz);
    if (!text)
        return;
    rpt_text(r, LAY_FONT_REGULAR, 8, 10.5, COL_GREY, text);
    free(text);
    if (kz->description[0])
        rpt_text(r, LAY_FONT_ITALIC, 8, 10.5, COL_GREY, kz->description);
    const char *comment = layout_text(r->lay, "kennzahl", kz->code);
    if (comment)
        pdfdoc_paragraphs(d, PDF_ROLE_P, (pdf_font){LAY_FONT_REGULAR, FS_BODY, COL_TEXT}, LEAD_BODY,
                          pdfdoc_left(d), pdfdoc_width(d), comment);
}

/* Lines of text wrapped to the content width, times leading. */
static double text_height(report *r, lay_font f, double size, double leading, const char *text)
{
    char **lines;
    size_t n = pdfdoc_wrap(r->d, f, size, pdfdoc_width(r->d), text, &lines);
    pdfdoc_free_lines(lines, n);
    return leading * (double)n + leading * 0.6;
}

/* What must follow a key figure's heading on its page: the definition and
 * the first chart (or the sentence that stands for it). */
static double kennzahl_start(report *r, size_t k, const char *title)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    double h = text_height(r, LAY_FONT_BOLD, 12.5, 12.5 * 1.3, title) + 10;
    char *def = definition_text(r, kz);
    if (def)
        h += text_height(r, LAY_FONT_REGULAR, 8, 10.5, def);
    free(def);
    if (kz->description[0])
        h += text_height(r, LAY_FONT_ITALIC, 8, 10.5, kz->description);
    const char *comment = layout_text(r->lay, "kennzahl", kz->code);
    if (comment)
        h += text_height(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, comment) + 12;
    size_t per;
    r->head_h = h;
    if (r->ds->nrings)
        return h + rpt_ring_bars_first(r);
    bar_parts(r, &per);
    return h + rpt_bars_height(per);
}

static void no_values(report *r, size_t k)
{
    char *s = rpt_printf(r, TX(keine_werte), r->o->year, r->ds->kz[k].title, r->nwho);
    if (s) {
        rpt_need(r, 30);
        pdfdoc_space(r->d, 4);
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, s);
    }
    free(s);
}

static void kennzahl_page(report *r, size_t k)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    ++r->kz_no;
    char *title = rpt_printf(r, TX(kennzahl_titel), r->kz_no, kz->title);
    char *base = rpt_printf(r, "%02d_%s", r->kz_no, kz->code);
    size_t *order = malloc((r->ds->ncities + 1) * sizeof *order);
    const kz_agg *shown = r->ring < 0 ? kz_get_agg(r->kz, k, r->yi)
                                      : kz_get_ring_agg(r->kz, k, (size_t)r->ring, r->yi);
    char *note = order ? footnote_text(r, k) : NULL;
    if (!order)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    if (title && base && order && note) {
        /* on the current page when the heading, the definition and the
         * first chart fit there; else on a new one */
        rpt_continue(r, NULL);
        double start = kennzahl_start(r, k, title);
        rpt_section(r, title, 12.5, pdfdoc_room(r->d) < start + 24);
        rpt_continue(r, title);
        definition(r, kz);
        participant_order(r, k, order);
        if (shown->n > 0)
            bar_charts(r, k, order, base);
        else
            no_values(r, k);
        if (r->ds->nrings)
            rpt_ring_overview(r, k, base);
        if (r->yi > 0)
            dev_chart(r, k, base);
        value_table(r, k, order, note_height(r, note));
        footnote(r, note);
        rpt_continue(r, NULL);
        pdfdoc_space(r->d, 14);
    }
    free(note);
    free(order);
    free(title);
    free(base);
}

void rpt_areas(report *r)
{
    const dataset *ds = r->ds;
    for (size_t a = 0; a < ds->nareas && !rpt_failed(r); a++) {
        rpt_continue(r, NULL);
        rpt_chapter(r, ds->areas[a]);
        const char *t = layout_text(r->lay, "bereich", ds->areas[a]);
        if (t)
            rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, t);
        area_overview(r, a);
        pdfdoc_space(r->d, 14);
        for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++)
            if (ds->kz[k].area_idx == a)
                kennzahl_page(r, k);
    }
}

/* ---- participant profiles -------------------------------------------------------------- */

/* The profile index of participant c for key figure k, meaningful only
 * against a positive Gesamtwert and for a value that is not negative. */
static int profile_index(const report *r, size_t k, size_t c, double *index)
{
    const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    if (!cell->has_value || !a->has_gesamt || !(a->gesamt > 0) || cell->value < 0)
        return 0;
    *index = cell->value / a->gesamt * 100;
    return 1;
}

/* The symbol standing for a missing index: the value's own, else x. */
static const char *index_symbol(const report *r, size_t k, size_t c)
{
    const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
    return cell->has_value ? "x" : flag_print_symbol((kv_flag)cell->flag);
}

/* A key figure's name in the profile: its title, with the area when
 * another key figure has the same title. */
static char *profile_label(report *r, size_t k)
{
    const dataset *ds = r->ds;
    for (size_t j = 0; j < ds->nkz; j++)
        if (j != k && strcmp(ds->kz[j].title, ds->kz[k].title) == 0)
            return rpt_printf(r, "%s (%s)", ds->kz[k].title, ds->areas[ds->kz[k].area_idx]);
    return rpt_printf(r, "%s", ds->kz[k].title);
}

/* The index of participant c's value of key figure k against ring g's
 * Gesamtwert, under the same rule as against the circle's. */
static int ring_index(const report *r, size_t k, size_t c, size_t g, double *index)
{
    const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
    const kz_agg *a = kz_get_ring_agg(r->kz, k, g, r->yi);
    if (!cell->has_value || !a->has_gesamt || !(a->gesamt > 0) || cell->value < 0)
        return 0;
    *index = cell->value / a->gesamt * 100;
    return 1;
}

/* A Gesamtwert and the index against it into two cells. */
static void index_cells(const report *r, size_t k, size_t c, const kz_agg *a, int has, double idx,
                        char *gesamt, char *index)
{
    if (a->has_gesamt)
        rpt_num(a->gesamt, r->ds->kz[k].decimals, gesamt, CELL);
    else
        snprintf(gesamt, CELL, ".");
    if (has)
        rpt_num(idx, 0, index, CELL);
    else
        snprintf(index, CELL, "%s", index_symbol(r, k, c));
}

/* The profile table's name and unit columns (rpt_fit_names). With the
 * units in the names, the returned "label (unit)" texts (rpt_free_names)
 * and the heads hd and chead say so; the continued head chead[0] goes
 * onto two lines where one is too wide for the names. */
static char **profile_names(report *r, double *cols, size_t nc, char **labels, const char **hd,
                            const char **chead, size_t *wrap)
{
    const char *const heads[] = {TX(kopf_kennzahl), TX(kopf_kennzahl_fortsetzung_umbruch)};
    const rpt_names in = {(const char *const *)labels, heads, 2, TX(kopf_einheit), 10};
    char **named = rpt_fit_names(r, cols, nc, &in, wrap);
    if (named) {
        hd[0] = TX(kopf_kennzahl_einheit);
        hd[1] = chead[1] = "";
        chead[0] = TX(kopf_kennzahl_einheit_fortsetzung);
    } else if (cell_width(r, LAY_FONT_BOLD, chead[0]) > cols[0] - 6) {
        /* wide numbers leave the names little room: the continued head
         * then says so on its second line (3 pt padding each side) */
        chead[0] = TX(kopf_kennzahl_fortsetzung_umbruch);
    }
    return named;
}

static void profile_table(report *r, size_t c, char **labels)
{
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    /* a participant in a ring: indexed against its ring and the circle */
    int g = ds->cities[c].ring;
    size_t nc = g >= 0 ? 8 : 6;
    const char *const head6[] = {TX(kopf_kennzahl),   TX(kopf_einheit), TX(kopf_wert), "",
                                 TX(kopf_gesamtwert), TX(kopf_index)};
    const char *const head8[] = {TX(kopf_kennzahl),
                                 TX(kopf_einheit),
                                 TX(kopf_wert),
                                 "",
                                 TX(kopf_gesamtwert_ring),
                                 TX(kopf_index_ring),
                                 TX(kopf_gesamtwert_alle),
                                 TX(kopf_index_alle)};
    /* the head, and a continued table's head: the same with its first
     * cell saying so */
    const char *hd[8], *chead[8];
    memcpy(hd, g >= 0 ? head8 : head6, nc * sizeof *hd);
    memcpy(chead, hd, nc * sizeof *chead);
    chead[0] = TX(kopf_kennzahl_fortsetzung);
    char(*v)[8][CELL] = malloc((ds->nkz + 1) * sizeof *v);
    if (!v) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    double cols[8] = {0};
    for (size_t i = 2; i < nc; i++)
        cols[i] = cell_width(r, LAY_FONT_BOLD, hd[i]);
    for (size_t k = 0; k < ds->nkz; k++) {
        const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
        double idx = 0;
        value_text(cell, ds->kz[k].decimals, v[k][2], CELL);
        snprintf(v[k][3], CELL, "%s", flag_mark(cell));
        if (g >= 0) {
            int has = ring_index(r, k, c, (size_t)g, &idx);
            index_cells(r, k, c, kz_get_ring_agg(r->kz, k, (size_t)g, r->yi), has, idx, v[k][4],
                        v[k][5]);
        }
        int has = profile_index(r, k, c, &idx);
        index_cells(r, k, c, kz_get_agg(r->kz, k, r->yi), has, idx, v[k][nc - 2], v[k][nc - 1]);
        for (size_t i = 2; i < nc; i++)
            cols[i] = fmax(cols[i], cell_width(r, LAY_FONT_REGULAR, v[k][i]));
    }
    for (size_t i = 2; i < nc; i++)
        cols[i] += i == 3 ? (cols[i] > 0 ? 7 : 1) : i == 2 ? 8 : 10;
    /* a long unit (40 characters) wraps rather than leave the names a
     * narrow column */
    size_t wrap = 0;
    char **named = profile_names(r, cols, nc, labels, hd, chead, &wrap);
    const pdf_table t = {nc, cols, hd, 2, NULL, wrap};
    const pdf_table tc = {nc, cols, chead, 2, NULL, wrap};
    char *cap = g >= 0 ? rpt_printf(r, TX(profil_titel_ring), r->o->year, ds->rings[g].name)
                       : rpt_printf(r, TX(profil_titel), r->o->year);
    double first = 0; /* the first three rows, as tall as their names wrap */
    for (size_t k = 0; k < ds->nkz && k < 3; k++)
        first +=
            rpt_row_height(r, LAY_FONT_REGULAR, t.w[0], named && named[k] ? named[k] : labels[k]);
    rpt_need(r, RPT_CAPTION_H + 2 * PDF_TABLE_LINE + 6 + fmax(3 * (PDF_TABLE_LINE + 2), first));
    pdfdoc_space(d, 6);
    if (cap)
        rpt_caption(r, cap);
    free(cap);
    pdfdoc_table_head(d, &t);
    for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++) {
        const char *name = named && named[k] ? named[k] : labels[k];
        const char *cells[8] = {
            name,   named ? "" : ds->kz[k].unit, v[k][2], v[k][3], v[k][4], v[k][5], v[k][6],
            v[k][7]};
        double with = k + RPT_TABLE_KEEP >= ds->nkz ? RPT_SOURCE_H : 0; /* no widows */
        for (size_t j = k + 1; with > 0 && j < ds->nkz; j++)
            with += rpt_row_height(r, LAY_FONT_REGULAR, t.w[0],
                                   named && named[j] ? named[j] : labels[j]);
        table_row(r, &t, &tc, cells, LAY_FONT_REGULAR, (int)(k % 2), with);
    }
    rpt_source(r);
    rpt_free_names(r, named);
    free(v);
}

/* Rows of the profile chart that fit on an empty page. */
static size_t profile_rows_per_page(const report *r)
{
    double page_h = PDF_PAGE_H - pdfdoc_top(r->d) - pdfdoc_bottom(r->d) - RPT_CONT_H -
                    RPT_CAPTION_H - RPT_SOURCE_H - 12;
    chart_profile one = {.n = 1}, none = {.n = 0};
    double row = chart_height(CHART_PROFILE, &one, 0) - chart_height(CHART_PROFILE, &none, 0);
    size_t n = (size_t)((page_h - chart_height(CHART_PROFILE, &none, 0)) / row);
    return n ? n : 1;
}

/* Part [first, first + n) of participant c's profile chart, all parts on
 * one scale. */
static void profile_part(report *r, size_t c, char **labels, size_t first, size_t n, size_t part,
                         size_t parts, double lo, double hi)
{
    const dataset *ds = r->ds;
    rpt_chart_t *ch = rpt_chart_new(r, CHART_PROFILE);
    /* the labels are drawn when the document is saved: the chart owns
     * copies of them, after their pointers in one block */
    size_t text = 0;
    for (size_t i = 0; i < n; i++)
        text += strlen(labels[first + i]) + 1;
    char **lab = ch ? malloc((n + 1) * sizeof *lab + text) : NULL;
    double *index = ch ? malloc((n + 1) * sizeof *index) : NULL;
    uint8_t *has = ch ? malloc(n + 1) : NULL;
    const char **sym = ch ? malloc((n + 1) * sizeof *sym) : NULL;
    char *name = ch ? (parts > 1 ? rpt_printf(r, "profil_%s_%zu.svg", ds->cities[c].id, part + 1)
                                 : rpt_printf(r, "profil_%s.svg", ds->cities[c].id))
                    : NULL;
    char *cap =
        ch ? (parts > 1 ? rpt_printf(r, TX(profil_diagramm_teil), r->o->year, part + 1, parts)
                        : rpt_printf(r, TX(profil_diagramm), r->o->year))
           : NULL;
    char *alt = cap ? rpt_printf(r, "%s, %s", ds->cities[c].name, cap) : NULL;
    if (!lab || !index || !has || !sym || !name || !cap || !alt) {
        free(lab), free(index), free(has), free(sym), free(name), free(cap), free(alt), free(ch);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    char *copy = (char *)(lab + n + 1);
    for (size_t i = 0; i < n; i++) {
        size_t k = first + i, len = strlen(labels[k]) + 1;
        memcpy(copy, labels[k], len);
        lab[i] = copy;
        copy += len;
        has[i] = (uint8_t)profile_index(r, k, c, &index[i]);
        if (!has[i])
            index[i] = 0;
        sym[i] = index_symbol(r, k, c);
    }
    ch->mem[0] = lab;
    ch->mem[1] = index;
    ch->mem[2] = has;
    ch->mem[3] = sym;
    ch->u.profile = (chart_profile){(const char *const *)lab, index, has, n, sym, lo, hi};
    double h = chart_height(CHART_PROFILE, &ch->u.profile, 0);
    rpt_captioned_chart(r, ch, h, name, cap, alt);
    free(name);
    free(cap);
    free(alt);
}

/* The profile's legend. */
#define PROFILE_LEGEND TX(profil_legende)

const char *rpt_profile_term(const report *r)
{
    return layout_or(r->lay->profile, TX(profil_standard));
}

static void profile(report *r, size_t c)
{
    const dataset *ds = r->ds;
    char *title = rpt_printf(r, "%s %s", rpt_profile_term(r), ds->cities[c].name);
    char **labels = calloc(ds->nkz + 1, sizeof *labels);
    if (!title || !labels) {
        free(title);
        free(labels);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    double lo = 50, hi = 150;
    for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++) {
        double idx;
        labels[k] = profile_label(r, k);
        if (profile_index(r, k, c, &idx)) {
            lo = fmin(lo, idx);
            hi = fmax(hi, fmin(idx, 400));
        }
    }
    size_t per = profile_rows_per_page(r), parts = (ds->nkz + per - 1) / per;
    if (parts > 1)
        per = (ds->nkz + parts - 1) / parts;
    /* on the current page when the heading and the (first part of the)
     * chart fit there: no page stays three-quarters empty */
    chart_profile first = {.n = parts > 1 ? per : ds->nkz};
    double need = text_height(r, LAY_FONT_BOLD, 12.5, 12.5 * 1.3, title) + 24 + RPT_CAPTION_H +
                  chart_height(CHART_PROFILE, &first, 0) + RPT_SOURCE_H +
                  text_height(r, LAY_FONT_REGULAR, NOTE_FS, NOTE_LEAD, PROFILE_LEGEND);
    if (!rpt_failed(r)) {
        rpt_continue(r, NULL);
        rpt_section(r, title, 12.5, pdfdoc_room(r->d) < need);
        rpt_continue(r, title);
        /* the legend on every profile, not only in the chapter's opening */
        rpt_text(r, LAY_FONT_REGULAR, NOTE_FS, NOTE_LEAD, COL_GREY, PROFILE_LEGEND);
        for (size_t part = 0; part < parts && !rpt_failed(r); part++) {
            size_t from = part * per, n = part + 1 < parts ? per : ds->nkz - from;
            profile_part(r, c, labels, from, n, part, parts, lo, hi);
        }
        profile_table(r, c, labels);
        rpt_continue(r, NULL);
        pdfdoc_space(r->d, 14);
    }
    for (size_t k = 0; k < ds->nkz; k++)
        free(labels[k]);
    free(labels);
    free(title);
}

int rpt_profiles_inline(const report *r)
{
    const layout *l = r->lay;
    return !l->participant_reports || r->nwho <= (size_t)l->profiles_upto;
}

void rpt_profile(report *r, size_t city)
{
    profile(r, city);
}

/* Instead of the profiles: where they are. */
static void profiles_elsewhere(report *r)
{
    char *s = rpt_printf(r, TX(profile_anderswo), r->nwho, rpt_profile_term(r));
    if (s)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, s);
    free(s);
}

void rpt_profiles(report *r)
{
    rpt_continue(r, NULL);
    char *chapter = rpt_printf(r, TX(kapitel_profile), rpt_profile_term(r));
    if (!chapter)
        return;
    rpt_chapter(r, chapter);
    free(chapter);
    if (!rpt_profiles_inline(r)) {
        profiles_elsewhere(r);
        return;
    }
    rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, TX(profile_einleitung));
    if (r->ds->nrings) /* "Vergleichsring" above is the whole circle */
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, TX(profile_einleitung_ringe));
    for (size_t i = 0; i < r->nwho && !rpt_failed(r); i++)
        profile(r, r->who[i]);
}

/* ---- for the participant reports (report_part.c) ------------------------------------- */

void rpt_value_text(const kz_cell *c, int decimals, char *buf, size_t size)
{
    value_text(c, decimals, buf, size);
}

const char *rpt_flag_mark(const kz_cell *c)
{
    return flag_mark(c);
}

void rpt_change_text(const ds_kennzahl *k, const kz_cell *cur, const kz_cell *prev, char *buf,
                     size_t size)
{
    change_text(k, cur, prev, buf, size);
}

double rpt_cell_width(const report *r, lay_font f, const char *text)
{
    return cell_width(r, f, text);
}

void rpt_table_row(report *r, const pdf_table *t, const pdf_table *cont, const char *const *cells,
                   lay_font f, int shade, double keep)
{
    table_row(r, t, cont, cells, f, shade, keep);
}
