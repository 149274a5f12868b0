/* report_kz.c - one page per key figure (definition, bar chart of the
 * report year, development, table, footnote) and the participant profiles. */
#include "report_int.h"

#include "fmt.h"
#include "out.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_YEARS   5
#define FS_TABLE      7.5
#define TABLE_LINE    9.0
#define PROFILE_ROW_H 12.0 /* chart row of the profile (chart.c) */

typedef struct {
    const dataset *ds;
    char *out;
    size_t size, o;
} spell_ctx;

static void spell_put(spell_ctx *c, const char *s, size_t n)
{
    text_append(c->out, c->size, &c->o, s, n);
}

/* Codes become their labels, '*' a multiplication sign, '.' a comma. */
static void spell_emit(void *ctx, const char *text, size_t len, const char *code)
{
    spell_ctx *c = ctx;
    if (code) {
        int k = dataset_code_index(c->ds, code);
        const char *label = k >= 0 ? c->ds->codes[k].label : "?";
        spell_put(c, label, strlen(label));
        return;
    }
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '*')
            spell_put(c, " \xC3\x97 ", 4);
        else if (ch == '/' || ch == '+' || ch == '-')
            spell_put(c, (char[]){' ', ch, ' '}, 3);
        else if (ch == '.')
            spell_put(c, ",", 1);
        else if (ch != ' ')
            spell_put(c, &ch, 1);
    }
}

void rpt_spell_formula(const dataset *ds, const char *src, char *out, size_t size)
{
    spell_ctx c = {ds, out, size, 0};
    out[0] = '\0';
    expr_walk(src, spell_emit, &c);
}

typedef struct {
    chart_ctx *ch;
    chart_kind kind;
    const void *data;
    double w, h;
} svg_ctx;

static int svg_to(const void *ctx, FILE *fp)
{
    const svg_ctx *s = ctx;
    return chart_svg(s->ch, s->kind, s->data, s->w, s->h, fp);
}

static void write_svg(report *r, const char *name, chart_kind kind, const void *data, double w,
                      double h)
{
    if (!r->chart_dir)
        return;
    char *path = out_path(r->chart_dir, name);
    svg_ctx s = {r->ch, kind, data, w, h};
    if ((!path || out_write(path, svg_to, &s) < 0) && !r->failed) {
        r->failed = 2; /* an output problem, not an internal one */
        snprintf(r->err, sizeof r->err, "Diagramm %s kann nicht geschrieben werden: %s",
                 path ? path : name, strerror(path ? errno : ENOMEM));
    }
    free(path);
}

void rpt_chart(report *r, chart_kind kind, const void *data, double height, const char *svg_name)
{
    pdfdoc *d = r->d;
    double w = pdfdoc_width(d);
    pdfdoc_need(d, height + 4);
    HPDF_Page p = pdfdoc_current(d);
    chart_image img = {0};
    if (r->pdf && (chart_render(r->ch, kind, data, w, height, &img) < 0 ||
                   pdfdoc_image(d, p, img.z, img.zlen, img.w, img.h, d->left + img.x, d->y,
                                img.width, height) < 0)) {
        if (!r->failed) {
            r->failed = 1;
            snprintf(r->err, sizeof r->err, "Diagramm kann nicht erzeugt werden");
        }
    }
    /* the chart's text, set over the raster in the document's fonts */
    for (size_t i = 0; i < img.ntexts; i++) {
        const chart_text *t = &img.texts[i];
        double x = d->left + t->x;
        if (t->align)
            x -= pdfdoc_text_width(d, t->font, t->size, t->s) / (t->align == 1 ? 2 : 1);
        pdfdoc_text(d, p, t->font, t->size, x, d->y + t->y, t->s, t->rgb);
    }
    chart_image_free(r->ch, &img);
    d->y += height + 4;
    write_svg(r, svg_name, kind, data, w, height);
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

static void participant_order(const report *r, size_t k, size_t *order)
{
    for (size_t i = 0; i < r->ds->ncities; i++)
        order[i] = i;
    if (r->lay->sort == LAY_SORT_NONE)
        return;
    order_ctx o = {r, k};
    qsort_r(order, r->ds->ncities, sizeof *order, by_value, &o);
}

static void value_text(const kz_cell *c, int decimals, char *buf, size_t size)
{
    if (!c->has_value) {
        snprintf(buf, size, "%s", flag_print_symbol((kv_flag)c->flag));
        return;
    }
    fmt_de(c->value, decimals, 0, buf, size);
    if (c->flag != FLAG_FINAL) {
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, " %s", flag_print_symbol((kv_flag)c->flag));
    }
}

/* "+2,1 %" or "–0,4 Pp." against the previous year; "" when undefined. */
static void change_text(const ds_kennzahl *k, const kz_cell *cur, const kz_cell *prev, char *buf,
                        size_t size)
{
    buf[0] = '\0';
    if (!cur->has_change)
        return;
    double v = is_percent(k) ? cur->value - prev->value : cur->change;
    char num[40];
    fmt_de(fabs(v), 1, 0, num, sizeof num);
    int zero = strspn(num, "0,") == strlen(num);
    snprintf(buf, size, "%s%s %s",
             zero    ? "\xC2\xB1"
             : v > 0 ? "+"
                     : "\xE2\x80\x93",
             num, is_percent(k) ? "Pp." : "%");
}

/* ---- bar charts, split when a circle is too large for one page ------------------- */

static void bar_charts(report *r, size_t k, const size_t *order, const char *base)
{
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    chart_item *items = malloc((ds->ncities + 1) * sizeof *items);
    if (!items)
        return;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < ds->ncities; i++) {
        const kz_cell *c = kz_get(r->kz, k, order[i], r->yi);
        items[i] = (chart_item){ds->cities[order[i]].name, c->value, c->has_value,
                                flag_print_symbol((kv_flag)c->flag)};
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
    double page_h = PDF_PAGE_H - d->top - d->bottom - 30;
    size_t cap = chart_bars_fit(page_h);
    size_t parts = (ds->ncities + cap - 1) / cap, per = (ds->ncities + parts - 1) / parts;
    for (size_t part = 0; part < parts; part++) {
        b.items = items + part * per;
        b.n = part + 1 < parts ? per : ds->ncities - part * per;
        double h = chart_height(CHART_BARS, &b, pdfdoc_width(d));
        char name[256], cap_text[120];
        if (parts > 1) {
            pdfdoc_need(d, h + 16);
            snprintf(cap_text, sizeof cap_text, "Teil %zu von %zu (Teilnehmende %zu bis %zu)",
                     part + 1, parts, part * per + 1, part * per + b.n);
            d->y += 10;
            pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_ITALIC, 8, d->left, d->y, cap_text,
                        COL_GREY);
            d->y += 4;
            snprintf(name, sizeof name, "%s_balken_%zu.svg", base, part + 1);
        } else {
            snprintf(name, sizeof name, "%s_balken.svg", base);
        }
        rpt_chart(r, CHART_BARS, &b, h, name);
    }
    free(items);
}

static void dev_chart(report *r, size_t k, const char *base)
{
    const dataset *ds = r->ds;
    size_t n = r->yi + 1;
    double *buf = malloc(4 * n * sizeof *buf);
    uint8_t *has = malloc(n);
    if (!buf || !has) {
        free(buf);
        free(has);
        return;
    }
    for (size_t y = 0; y < n; y++) {
        const kz_agg *a = kz_get_agg(r->kz, k, y);
        buf[y] = a->gesamt;
        buf[n + y] = a->mean;
        buf[2 * n + y] = a->min;
        buf[3 * n + y] = a->max;
        has[y] = a->n > 0 && a->has_gesamt;
    }
    chart_dev dv = {ds->years, n, buf, buf + n, buf + 2 * n, buf + 3 * n, has, ds->kz[k].decimals};
    char name[256];
    snprintf(name, sizeof name, "%s_entwicklung.svg", base);
    char title[96];
    snprintf(title, sizeof title, "Entwicklung %d bis %d", ds->years[0], r->o->year);
    pdfdoc_need(r->d, chart_height(CHART_DEV, &dv, 0) + 16);
    r->d->y += 12;
    pdfdoc_text(r->d, pdfdoc_current(r->d), LAY_FONT_BOLD, 9, r->d->left, r->d->y, title, COL_TEXT);
    r->d->y += 2;
    rpt_chart(r, CHART_DEV, &dv, chart_height(CHART_DEV, &dv, 0), name);
    free(buf);
    free(has);
}

/* ---- tables: a wrapped first column, then cells; the header repeats on
 * every page the table runs onto ----------------------------------------- */

typedef struct {
    size_t n;
    const double *w;         /* column widths; they add up to the content width */
    const char *const *head; /* "\n" splits a header cell into two lines */
    size_t left;             /* leading columns aligned left; the others right */
} grid;

static double cell_x(const report *r, const grid *g, size_t col, const char *text, lay_font f)
{
    double x = r->d->left;
    for (size_t i = 0; i < col; i++)
        x += g->w[i];
    if (col < g->left)
        return x + 3;
    return x + g->w[col] - 4 - pdfdoc_text_width(r->d, f, FS_TABLE, text);
}

static void grid_header(report *r, const grid *g, int continued)
{
    pdfdoc *d = r->d;
    size_t lines = 1;
    for (size_t i = 0; i < g->n; i++)
        if (strchr(g->head[i], '\n'))
            lines = 2;
    double h = TABLE_LINE * (double)lines + 4;
    pdfdoc_rect(d, pdfdoc_current(d), d->left, d->y, pdfdoc_width(d), h, 0xE8EEF4);
    for (size_t i = 0; i < g->n; i++) {
        char text[200];
        snprintf(text, sizeof text, "%s%s", g->head[i],
                 i == 0 && continued ? " (Fortsetzung)" : "");
        char *second = strchr(text, '\n');
        if (second)
            *second++ = '\0';
        /* a one-line header cell sits on the last line */
        double y = d->y + TABLE_LINE * (double)(second ? 1 : lines);
        pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_BOLD, FS_TABLE,
                    cell_x(r, g, i, text, LAY_FONT_BOLD), y, text, COL_TEXT);
        if (second)
            pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_BOLD, FS_TABLE,
                        cell_x(r, g, i, second, LAY_FONT_BOLD), y + TABLE_LINE, second, COL_TEXT);
    }
    d->y += h + 2;
}

static void grid_row(report *r, const grid *g, const char *const *cells, lay_font f, int shade)
{
    pdfdoc *d = r->d;
    char **lines;
    size_t nl = pdfdoc_wrap(d, f, FS_TABLE, g->w[0] - 6, cells[0], &lines);
    double h = TABLE_LINE * (double)nl + 2;
    if (pdfdoc_room(d) < h) {
        pdfdoc_add_page(d);
        grid_header(r, g, 1);
    }
    HPDF_Page p = pdfdoc_current(d);
    if (shade)
        pdfdoc_rect(d, p, d->left, d->y, pdfdoc_width(d), h, 0xF5F7FA);
    for (size_t i = 0; i < nl; i++)
        pdfdoc_text(d, p, f, FS_TABLE, d->left + 3, d->y + TABLE_LINE * (double)(i + 1) - 1,
                    lines[i], COL_TEXT);
    pdfdoc_free_lines(lines, nl);
    for (size_t i = 1; i < g->n; i++) {
        char cell[256];
        pdfdoc_fit(d, f, FS_TABLE, g->w[i] - 6, cells[i], cell, sizeof cell);
        pdfdoc_text(d, p, f, FS_TABLE, cell_x(r, g, i, cell, f), d->y + TABLE_LINE - 1, cell,
                    COL_TEXT);
    }
    d->y += h;
}

/* ---- table of values per year ------------------------------------------------------- */

static void value_table(report *r, size_t k, const size_t *order)
{
    if (!r->pdf)
        return; /* tables have no SVG copy */
    const dataset *ds = r->ds;
    const ds_kennzahl *kz = &ds->kz[k];
    pdfdoc *d = r->d;
    size_t ny = r->yi + 1 < TABLE_YEARS ? r->yi + 1 : TABLE_YEARS, first = r->yi + 1 - ny;
    double w[TABLE_YEARS + 2];
    const char *head[TABLE_YEARS + 2];
    char years[TABLE_YEARS][16], change_head[96];
    snprintf(change_head, sizeof change_head, "Veränderung\n%d zu %d in %s", r->o->year,
             r->o->year - 1, is_percent(kz) ? "Pp." : "%");
    /* the change column as wide as its header's longer line needs */
    double wc = pdfdoc_text_width(d, LAY_FONT_BOLD, FS_TABLE, strchr(change_head, '\n') + 1) + 10;
    w[0] = 170;
    head[0] = "Teilnehmende";
    for (size_t y = 0; y < ny; y++) {
        w[y + 1] = (pdfdoc_width(d) - 170 - wc) / (double)ny;
        snprintf(years[y], sizeof years[y], "%d", ds->years[first + y]);
        head[y + 1] = years[y];
    }
    w[ny + 1] = wc;
    head[ny + 1] = change_head;
    grid g = {ny + 2, w, head, 1};

    char cells[TABLE_YEARS + 1][64];
    const char *row[TABLE_YEARS + 2];
    for (size_t i = 0; i <= ny; i++)
        row[i + 1] = cells[i];
    pdfdoc_need(d, 6 * TABLE_LINE);
    d->y += 8;
    grid_header(r, &g, 0);
    for (size_t i = 0; i < ds->ncities; i++) {
        size_t c = order[i];
        for (size_t y = 0; y < ny; y++)
            value_text(kz_get(r->kz, k, c, first + y), kz->decimals, cells[y], sizeof cells[y]);
        const kz_cell *cur = kz_get(r->kz, k, c, r->yi);
        change_text(kz, cur, r->yi ? kz_get(r->kz, k, c, r->yi - 1) : cur, cells[ny],
                    sizeof cells[ny]);
        row[0] = ds->cities[c].name;
        grid_row(r, &g, row, LAY_FONT_REGULAR, (int)(i % 2));
    }
    pdfdoc_line(d, pdfdoc_current(d), d->left, d->y + 1, d->left + pdfdoc_width(d), d->y + 1, 0.6,
                0x888888);
    d->y += 2;
    cells[ny][0] = '\0';
    for (int agg = 0; agg < 2; agg++) {
        for (size_t y = 0; y < ny; y++) {
            const kz_agg *a = kz_get_agg(r->kz, k, first + y);
            if (agg == 0 ? a->has_gesamt : a->n > 0)
                fmt_de(agg == 0 ? a->gesamt : a->mean, kz->decimals, 0, cells[y], sizeof cells[y]);
            else
                snprintf(cells[y], sizeof cells[y], ".");
        }
        row[0] = agg == 0 ? "Gesamtwert (GeMW)" : "Mittelwert (MW)";
        grid_row(r, &g, row, LAY_FONT_BOLD, 0);
    }
}

/* ---- footnote: n and remarks from the data --------------------------------------- */

static void append(char *buf, size_t size, const char *s)
{
    size_t l = strlen(buf);
    snprintf(buf + l, size - l, "%s", s);
}

static void footnote(report *r, size_t k)
{
    const dataset *ds = r->ds;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    char buf[4096];
    snprintf(buf, sizeof buf, "n = %zu von %zu Teilnehmenden mit Wert für %d.", a->n, ds->ncities,
             r->o->year);
    static const kv_flag shown[] = {FLAG_X, FLAG_SLASH, FLAG_DOT,  FLAG_P,
                                    FLAG_R, FLAG_S,     FLAG_BREAK};
    for (size_t f = 0; f < sizeof shown / sizeof *shown; f++) {
        size_t count = 0;
        char names[1500] = "";
        for (size_t c = 0; c < ds->ncities; c++) {
            const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
            if (cell->flag != shown[f])
                continue;
            if (count < 12) {
                append(names, sizeof names, count ? ", " : "");
                append(names, sizeof names, ds->cities[c].shortname);
            }
            count++;
        }
        if (!count)
            continue;
        char part[1700];
        snprintf(part, sizeof part, " %s (%s): %s%s.", flag_meaning(shown[f]),
                 flag_print_symbol(shown[f]), names, count > 12 ? " u. a." : "");
        if (part[1] >= 'a' && part[1] <= 'z') /* a sentence of its own */
            part[1] = (char)(part[1] - 'a' + 'A');
        append(buf, sizeof buf, part);
    }
    /* series breaks within the years of the table */
    size_t first = r->yi + 1 > TABLE_YEARS ? r->yi + 1 - TABLE_YEARS : 0;
    for (size_t y = first; y <= r->yi; y++) {
        size_t breaks = 0;
        for (size_t c = 0; c < ds->ncities; c++)
            breaks += kz_get(r->kz, k, c, y)->brk;
        if (!breaks)
            continue;
        char part[200];
        snprintf(part, sizeof part,
                 " Reihenbruch %d (|) bei %zu Teilnehmenden: der Vergleich mit %d entfällt dort.",
                 ds->years[y], breaks, ds->years[y] - 1);
        append(buf, sizeof buf, part);
    }
    r->d->y += 4;
    pdfdoc_paragraphs(r->d, LAY_FONT_ITALIC, 7.5, 9.5, r->d->left, pdfdoc_width(r->d), buf,
                      COL_GREY);
}

/* The chapter's key figures at a glance: aggregates of the report year. */
static void area_overview(report *r, size_t area)
{
    if (!r->pdf)
        return;
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    double w = pdfdoc_width(d);
    const double cols[] = {w - 62 - 5 * 48 - 28, 62, 48, 48, 48, 48, 48, 28};
    static const char *const head[] = {"Kennzahl", "Einheit", "GeMW",    "MW",
                                       "Median",   "Minimum", "Maximum", "n"};
    grid g = {8, cols, head, 2};
    char buf[96];
    snprintf(buf, sizeof buf, "Überblick %d", r->o->year);
    pdfdoc_need(d, 60);
    d->y += 10;
    pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_BOLD, 9, d->left, d->y, buf, COL_TEXT);
    d->y += 5;
    grid_header(r, &g, 0);
    int row = 0;
    for (size_t k = 0; k < ds->nkz; k++) {
        if (ds->kz[k].area_idx != area)
            continue;
        const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
        int dec = ds->kz[k].decimals;
        char v[5][48], n[16];
        const double vals[5] = {a->gesamt, a->mean, a->median, a->min, a->max};
        for (int i = 0; i < 5; i++) {
            if ((i == 0 ? a->has_gesamt : a->n > 0))
                fmt_de(vals[i], dec, 0, v[i], sizeof v[i]);
            else
                snprintf(v[i], sizeof v[i], ".");
        }
        snprintf(n, sizeof n, "%zu", a->n);
        const char *cells[] = {ds->kz[k].title, ds->kz[k].unit, v[0], v[1], v[2], v[3], v[4], n};
        grid_row(r, &g, cells, LAY_FONT_REGULAR, row++ % 2);
    }
}

/* ---- one key figure ------------------------------------------------------------------ */

static void definition(report *r, const ds_kennzahl *kz)
{
    pdfdoc *d = r->d;
    char num[1024], den[1024], fac[64], buf[2600];
    rpt_spell_formula(r->ds, kz->numerator, num, sizeof num);
    fmt_de(kz->factor, kz->factor == floor(kz->factor) ? 0 : 2, 0, fac, sizeof fac);
    if (kz->denominator[0]) {
        rpt_spell_formula(r->ds, kz->denominator, den, sizeof den);
        snprintf(buf, sizeof buf, "Zähler: %s \xC2\xB7 Nenner: %s%s%s \xC2\xB7 Einheit: %s", num,
                 den, kz->factor != 1 ? " \xC2\xB7 Faktor: " : "", kz->factor != 1 ? fac : "",
                 kz->unit);
    } else {
        snprintf(buf, sizeof buf, "Wert: %s%s%s \xC2\xB7 Einheit: %s", num,
                 kz->factor != 1 ? " \xC2\xB7 Faktor: " : "", kz->factor != 1 ? fac : "", kz->unit);
    }
    pdfdoc_paragraphs(d, LAY_FONT_REGULAR, 8, 10.5, d->left, pdfdoc_width(d), buf, COL_GREY);
    if (kz->description[0])
        pdfdoc_paragraphs(d, LAY_FONT_ITALIC, 8, 10.5, d->left, pdfdoc_width(d), kz->description,
                          COL_GREY);
    const char *comment = layout_text(r->lay, "kennzahl", kz->code);
    if (comment)
        pdfdoc_paragraphs(d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, d->left, pdfdoc_width(d),
                          comment, COL_TEXT);
}

static void kennzahl_page(report *r, size_t k)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    char title[600], base[96];
    snprintf(title, sizeof title, "Kennzahl %d: %s", ++r->kz_no, kz->title);
    rpt_section(r, title, 12.5, 1);
    definition(r, kz);
    size_t *order = malloc((r->ds->ncities + 1) * sizeof *order);
    if (!order)
        return;
    participant_order(r, k, order);
    snprintf(base, sizeof base, "%02d_%s", r->kz_no, kz->code);
    bar_charts(r, k, order, base);
    dev_chart(r, k, base);
    value_table(r, k, order);
    footnote(r, k);
    free(order);
}

void rpt_areas(report *r)
{
    const dataset *ds = r->ds;
    for (size_t a = 0; a < ds->nareas; a++) {
        rpt_chapter(r, ds->areas[a]);
        const char *t = layout_text(r->lay, "bereich", ds->areas[a]);
        if (t)
            pdfdoc_paragraphs(r->d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, r->d->left,
                              pdfdoc_width(r->d), t, COL_TEXT);
        area_overview(r, a);
        for (size_t k = 0; k < ds->nkz; k++)
            if (ds->kz[k].area_idx == a)
                kennzahl_page(r, k);
    }
}

/* ---- participant profiles -------------------------------------------------------------- */

static void profile_table(report *r, size_t c)
{
    if (!r->pdf)
        return;
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    double w = pdfdoc_width(d);
    const double cols[] = {w - 265, 80, 60, 65, 60};
    static const char *const head[] = {"Kennzahl", "Einheit", "Wert", "Gesamtwert", "Index"};
    grid g = {5, cols, head, 2};
    pdfdoc_need(d, 40);
    d->y += 6;
    grid_header(r, &g, 0);
    for (size_t k = 0; k < ds->nkz; k++) {
        const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
        const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
        char v[64], gw[64], idx[64];
        value_text(cell, ds->kz[k].decimals, v, sizeof v);
        if (a->has_gesamt)
            fmt_de(a->gesamt, ds->kz[k].decimals, 0, gw, sizeof gw);
        else
            snprintf(gw, sizeof gw, ".");
        if (cell->has_value && a->has_gesamt && a->gesamt != 0)
            fmt_de(cell->value / a->gesamt * 100, 0, 0, idx, sizeof idx);
        else
            snprintf(idx, sizeof idx, "\xE2\x80\x93");
        const char *cells[] = {ds->kz[k].title, ds->kz[k].unit, v, gw, idx};
        grid_row(r, &g, cells, LAY_FONT_REGULAR, (int)(k % 2));
    }
}

void rpt_profiles(report *r)
{
    const dataset *ds = r->ds;
    rpt_chapter(r, "Stadtprofile");
    pdfdoc_paragraphs(r->d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, r->d->left, pdfdoc_width(r->d),
                      "Die Profile zeigen für jede teilnehmende Stadt alle Kennzahlen des "
                      "Berichtsjahres als Index: Der Gesamtwert des Vergleichsrings ist 100. "
                      "Ein Index über 100 bedeutet einen höheren Wert als im Vergleichsring, "
                      "keine bessere oder schlechtere Leistung.",
                      COL_TEXT);
    const char **labels = malloc((ds->nkz + 1) * sizeof *labels);
    double *index = malloc((ds->nkz + 1) * sizeof *index);
    uint8_t *has = malloc(ds->nkz + 1);
    if (!labels || !index || !has)
        goto done;
    for (size_t c = 0; c < ds->ncities; c++) {
        char title[400], name[160];
        snprintf(title, sizeof title, "Stadtprofil %s", ds->cities[c].name);
        /* a profile is chart plus table: keep it on one page when it can be */
        double need = 40 + (double)ds->nkz * (PROFILE_ROW_H + TABLE_LINE + 2) + 60;
        rpt_section(r, title, 12.5, c > 0 || pdfdoc_room(r->d) < need);
        for (size_t k = 0; k < ds->nkz; k++) {
            const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
            const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
            labels[k] = ds->kz[k].title;
            has[k] = cell->has_value && a->has_gesamt && a->gesamt != 0;
            index[k] = has[k] ? cell->value / a->gesamt * 100 : 0;
        }
        chart_profile pr = {labels, index, has, ds->nkz};
        snprintf(name, sizeof name, "profil_%s.svg", ds->cities[c].id);
        rpt_chart(r, CHART_PROFILE, &pr, chart_height(CHART_PROFILE, &pr, 0), name);
        profile_table(r, c);
    }
done:
    free(labels);
    free(index);
    free(has);
}
