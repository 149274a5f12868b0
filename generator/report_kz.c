/* report_kz.c - one page per key figure (definition, bar chart of the
 * report year, development, table, footnote) and the participant profiles. */
#include "report_int.h"

#include "fmt.h"
#include "sbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_YEARS   5
#define PROFILE_ROW_H 12.0 /* chart row of the profile (chart.c) */

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

/* "Title 2024 in %": what a chart of key figure k shows, for its alternative text. */
static char *chart_head(report *r, const char *what, size_t k, const char *years)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    return rpt_printf(r, "%s%s %s%s%s", what, kz->title, years, kz->unit[0] ? " in " : "",
                      kz->unit);
}

static void bar_part(report *r, const chart_bars *b, const chart_item *items, size_t first,
                     size_t parts, size_t part, const char *base, const char *head)
{
    pdfdoc *d = r->d;
    rpt_chart_t *c = rpt_chart_new(r, CHART_BARS);
    chart_item *mine = c ? malloc((b->n + 1) * sizeof *mine) : NULL;
    if (!mine) {
        free(c);
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    memcpy(mine, items + first, b->n * sizeof *mine);
    c->mem[0] = mine;
    c->u.bars = *b;
    c->u.bars.items = mine;
    double h = chart_height(CHART_BARS, &c->u.bars, pdfdoc_width(d));
    char *name, *title;
    if (parts > 1) {
        pdfdoc_need(d, h + 16);
        char cap[120];
        snprintf(cap, sizeof cap, "Teil %zu von %zu (Teilnehmende %zu bis %zu)", part + 1, parts,
                 first + 1, first + b->n);
        const pdf_block caption = {
            PDF_ROLE_CAPTION, {LAY_FONT_ITALIC, 8, COL_GREY}, pdfdoc_left(d), 0, 10, 4, 0};
        pdfdoc_block(d, &caption, cap);
        name = rpt_printf(r, "%s_balken_%zu.svg", base, part + 1);
        title = rpt_printf(r, "%s, %s", head, cap);
    } else {
        name = rpt_printf(r, "%s_balken.svg", base);
        title = rpt_printf(r, "%s", head);
    }
    if (name && title)
        rpt_chart(r, c, h, name, title);
    else
        free(c), free(mine);
    free(name);
    free(title);
}

static void bar_charts(report *r, size_t k, const size_t *order, const char *base)
{
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    chart_item *items = malloc((ds->ncities + 1) * sizeof *items);
    if (!items) {
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
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
    double page_h = PDF_PAGE_H - pdfdoc_top(d) - pdfdoc_bottom(d) - 30;
    size_t cap = chart_bars_fit(page_h);
    size_t parts = (ds->ncities + cap - 1) / cap, per = (ds->ncities + parts - 1) / parts;
    char year[16];
    snprintf(year, sizeof year, "%d", r->o->year);
    char *head = chart_head(r, "", k, year);
    for (size_t part = 0; head && part < parts && !rpt_failed(r); part++) {
        b.n = part + 1 < parts ? per : ds->ncities - part * per;
        bar_part(r, &b, items, part * per, parts, part, base, head);
    }
    free(head);
    free(items);
}

static void dev_chart(report *r, size_t k, const char *base)
{
    const dataset *ds = r->ds;
    size_t n = r->yi + 1;
    rpt_chart_t *c = rpt_chart_new(r, CHART_DEV);
    double *buf = c ? malloc(4 * n * sizeof *buf) : NULL;
    uint8_t *has = c ? malloc(n) : NULL;
    char *name = c ? rpt_printf(r, "%s_entwicklung.svg", base) : NULL;
    if (!buf || !has || !name) {
        free(buf);
        free(has);
        free(name);
        free(c);
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
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
    }
    c->u.dev =
        (chart_dev){ds->years, n, buf, buf + n, buf + 2 * n, buf + 3 * n, has, ds->kz[k].decimals};
    char title[96];
    snprintf(title, sizeof title, "Entwicklung %d bis %d", ds->years[0], r->o->year);
    pdfdoc_need(r->d, chart_height(CHART_DEV, &c->u.dev, 0) + 16);
    const pdf_block caption = {
        PDF_ROLE_CAPTION, {LAY_FONT_BOLD, 9, COL_TEXT}, pdfdoc_left(r->d), 0, 12, 2, 0};
    pdfdoc_block(r->d, &caption, title);
    char *head = chart_head(r, "Entwicklung ", k, title + strlen("Entwicklung "));
    if (head)
        rpt_chart(r, c, chart_height(CHART_DEV, &c->u.dev, 0), name, head);
    else
        rpt_chart_free(c);
    free(head);
    free(name);
}

/* ---- tables: a wrapped first column, then cells; the header repeats on
 * every page the table runs onto ----------------------------------------- */

static const char CONTINUED[] = " (Fortsetzung)";

/* ---- table of values per year ------------------------------------------------------- */

static void value_rows(report *r, size_t k, const size_t *order, const pdf_table *t, size_t first,
                       size_t ny)
{
    const dataset *ds = r->ds;
    const ds_kennzahl *kz = &ds->kz[k];
    char cells[TABLE_YEARS + 1][64];
    const char *row[TABLE_YEARS + 2];
    for (size_t i = 0; i <= ny; i++)
        row[i + 1] = cells[i];
    for (size_t i = 0; i < ds->ncities && !rpt_failed(r); i++) {
        size_t c = order[i];
        for (size_t y = 0; y < ny; y++)
            value_text(kz_get(r->kz, k, c, first + y), kz->decimals, cells[y], sizeof cells[y]);
        const kz_cell *cur = kz_get(r->kz, k, c, r->yi);
        change_text(kz, cur, r->yi ? kz_get(r->kz, k, c, r->yi - 1) : cur, cells[ny],
                    sizeof cells[ny]);
        row[0] = ds->cities[c].name;
        pdfdoc_table_row(r->d, t, row, LAY_FONT_REGULAR, (int)(i % 2));
    }
    pdfdoc_rule(r->d, 1, 0.6, 0x888888, 2);
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
        pdfdoc_table_row(r->d, t, row, LAY_FONT_BOLD, 0);
    }
}

static void value_table(report *r, size_t k, const size_t *order)
{
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
    double wc =
        pdfdoc_text_width(d, LAY_FONT_BOLD, PDF_TABLE_FONT, strchr(change_head, '\n') + 1) + 10;
    w[0] = 170;
    head[0] = "Teilnehmende";
    for (size_t y = 0; y < ny; y++) {
        w[y + 1] = (pdfdoc_width(d) - 170 - wc) / (double)ny;
        snprintf(years[y], sizeof years[y], "%d", ds->years[first + y]);
        head[y + 1] = years[y];
    }
    w[ny + 1] = wc;
    head[ny + 1] = change_head;
    const pdf_table t = {ny + 2, w, head, 1, CONTINUED};
    pdfdoc_need(d, 6 * PDF_TABLE_LINE);
    pdfdoc_space(d, 8);
    pdfdoc_table_head(d, &t);
    value_rows(r, k, order, &t, first, ny);
}

/* ---- footnote: n and remarks from the data --------------------------------------- */

/* " Meaning (symbol): HB, DO u. a." for the participants with flag f in
 * the report year; nothing when there are none. */
static void flag_remark(report *r, size_t k, kv_flag f, sbuf *b)
{
    const dataset *ds = r->ds;
    size_t count = 0, start = b->len;
    for (size_t c = 0; c < ds->ncities; c++) {
        if (kz_get(r->kz, k, c, r->yi)->flag != f)
            continue;
        if (count == 0)
            sbuf_addf(b, " %s (%s): ", flag_meaning(f), flag_print_symbol(f));
        if (count < 12)
            sbuf_addf(b, "%s%s", count ? ", " : "", ds->cities[c].shortname);
        count++;
    }
    if (!count)
        return;
    sbuf_addf(b, "%s.", count > 12 ? " u. a." : "");
    char *first = b->s + start + 1;
    if (!b->failed && *first >= 'a' && *first <= 'z') /* a sentence of its own */
        *first = (char)(*first - 'a' + 'A');
}

static void footnote(report *r, size_t k)
{
    const dataset *ds = r->ds;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    sbuf b;
    sbuf_init(&b);
    sbuf_addf(&b, "n = %zu von %zu Teilnehmenden mit Wert für %d.", a->n, ds->ncities, r->o->year);
    static const kv_flag shown[] = {FLAG_X, FLAG_SLASH, FLAG_DOT,  FLAG_P,
                                    FLAG_R, FLAG_S,     FLAG_BREAK};
    for (size_t f = 0; f < sizeof shown / sizeof *shown; f++)
        flag_remark(r, k, shown[f], &b);
    /* series breaks within the years of the table */
    size_t first = r->yi + 1 > TABLE_YEARS ? r->yi + 1 - TABLE_YEARS : 0;
    for (size_t y = first; y <= r->yi; y++) {
        size_t breaks = 0;
        for (size_t c = 0; c < ds->ncities; c++)
            breaks += kz_get(r->kz, k, c, y)->brk;
        if (breaks)
            sbuf_addf(&b,
                      " Reihenbruch %d (|) bei %zu Teilnehmenden: der Vergleich mit %d entfällt "
                      "dort.",
                      ds->years[y], breaks, ds->years[y] - 1);
    }
    if (sbuf_failed(&b)) {
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
    } else {
        pdfdoc_space(r->d, 4);
        pdfdoc_paragraphs(r->d, PDF_ROLE_NOTE, (pdf_font){LAY_FONT_ITALIC, 7.5, COL_GREY}, 9.5,
                          pdfdoc_left(r->d), pdfdoc_width(r->d), b.s);
    }
    sbuf_free(&b);
}

/* The chapter's key figures at a glance: aggregates of the report year. */
static void area_overview(report *r, size_t area)
{
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    double w = pdfdoc_width(d);
    const double cols[] = {w - 62 - 5 * 48 - 28, 62, 48, 48, 48, 48, 48, 28};
    static const char *const head[] = {"Kennzahl", "Einheit", "GeMW",    "MW",
                                       "Median",   "Minimum", "Maximum", "n"};
    const pdf_table t = {8, cols, head, 2, CONTINUED};
    char buf[96];
    snprintf(buf, sizeof buf, "Überblick %d", r->o->year);
    pdfdoc_need(d, 60);
    const pdf_block caption = {
        PDF_ROLE_CAPTION, {LAY_FONT_BOLD, 9, COL_TEXT}, pdfdoc_left(d), 0, 10, 5, 0};
    pdfdoc_block(d, &caption, buf);
    pdfdoc_table_head(d, &t);
    int row = 0;
    for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++) {
        if (ds->kz[k].area_idx != area)
            continue;
        const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
        int dec = ds->kz[k].decimals;
        char v[5][48], n[24];
        const double vals[5] = {a->gesamt, a->mean, a->median, a->min, a->max};
        for (int i = 0; i < 5; i++) {
            if ((i == 0 ? a->has_gesamt : a->n > 0))
                fmt_de(vals[i], dec, 0, v[i], sizeof v[i]);
            else
                snprintf(v[i], sizeof v[i], ".");
        }
        snprintf(n, sizeof n, "%zu", a->n);
        const char *cells[] = {ds->kz[k].title, ds->kz[k].unit, v[0], v[1], v[2], v[3], v[4], n};
        pdfdoc_table_row(d, &t, cells, LAY_FONT_REGULAR, row++ % 2);
    }
}

/* ---- one key figure ------------------------------------------------------------------ */

/* "Zähler: … · Nenner: … · Faktor: … · Einheit: …" (or "Wert: …"). */
static char *definition_text(report *r, const ds_kennzahl *kz)
{
    char fac[64];
    fmt_de(kz->factor, kz->factor == floor(kz->factor) ? 0 : 2, 0, fac, sizeof fac);
    const char *fl = kz->factor != 1 ? " \xC2\xB7 Faktor: " : "", *fv = kz->factor != 1 ? fac : "";
    char *num = rpt_spell_formula(r->ds, kz->numerator), *den = NULL, *out = NULL;
    if (num && kz->denominator[0]) {
        den = rpt_spell_formula(r->ds, kz->denominator);
        if (den)
            out = rpt_printf(r, "Zähler: %s \xC2\xB7 Nenner: %s%s%s \xC2\xB7 Einheit: %s", num, den,
                             fl, fv, kz->unit);
    } else if (num) {
        out = rpt_printf(r, "Wert: %s%s%s \xC2\xB7 Einheit: %s", num, fl, fv, kz->unit);
    }
    if (!out)
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
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

static void kennzahl_page(report *r, size_t k)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    ++r->kz_no;
    char *title = rpt_printf(r, "Kennzahl %d: %s", r->kz_no, kz->title);
    char *base = rpt_printf(r, "%02d_%s", r->kz_no, kz->code);
    size_t *order = malloc((r->ds->ncities + 1) * sizeof *order);
    if (!order)
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
    if (title && base && order) {
        rpt_section(r, title, 12.5, 1);
        definition(r, kz);
        participant_order(r, k, order);
        bar_charts(r, k, order, base);
        dev_chart(r, k, base);
        value_table(r, k, order);
        footnote(r, k);
    }
    free(order);
    free(title);
    free(base);
}

void rpt_areas(report *r)
{
    const dataset *ds = r->ds;
    for (size_t a = 0; a < ds->nareas && !rpt_failed(r); a++) {
        rpt_chapter(r, ds->areas[a]);
        const char *t = layout_text(r->lay, "bereich", ds->areas[a]);
        if (t)
            rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, t);
        area_overview(r, a);
        for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++)
            if (ds->kz[k].area_idx == a)
                kennzahl_page(r, k);
    }
}

/* ---- participant profiles -------------------------------------------------------------- */

static void profile_table(report *r, size_t c)
{
    const dataset *ds = r->ds;
    pdfdoc *d = r->d;
    double w = pdfdoc_width(d);
    const double cols[] = {w - 265, 80, 60, 65, 60};
    static const char *const head[] = {"Kennzahl", "Einheit", "Wert", "Gesamtwert", "Index"};
    const pdf_table t = {5, cols, head, 2, CONTINUED};
    pdfdoc_need(d, 40);
    pdfdoc_space(d, 6);
    pdfdoc_table_head(d, &t);
    for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++) {
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
        pdfdoc_table_row(d, &t, cells, LAY_FONT_REGULAR, (int)(k % 2));
    }
}

/* The profile chart of participant c: its own labels and indices. */
static rpt_chart_t *profile_chart(report *r, size_t c)
{
    const dataset *ds = r->ds;
    rpt_chart_t *ch = rpt_chart_new(r, CHART_PROFILE);
    const char **labels = ch ? malloc((ds->nkz + 1) * sizeof *labels) : NULL;
    double *index = ch ? malloc((ds->nkz + 1) * sizeof *index) : NULL;
    uint8_t *has = ch ? malloc(ds->nkz + 1) : NULL;
    if (!labels || !index || !has) {
        free(labels);
        free(index);
        free(has);
        free(ch);
        rpt_fail(r, REPORT_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    for (size_t k = 0; k < ds->nkz; k++) {
        const kz_cell *cell = kz_get(r->kz, k, c, r->yi);
        const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
        labels[k] = ds->kz[k].title;
        has[k] = cell->has_value && a->has_gesamt && a->gesamt != 0;
        index[k] = has[k] ? cell->value / a->gesamt * 100 : 0;
    }
    ch->mem[0] = labels;
    ch->mem[1] = index;
    ch->mem[2] = has;
    ch->u.profile = (chart_profile){labels, index, has, ds->nkz};
    return ch;
}

static void profile(report *r, size_t c)
{
    const dataset *ds = r->ds;
    char *title = rpt_printf(r, "Stadtprofil %s", ds->cities[c].name);
    char *name = rpt_printf(r, "profil_%s.svg", ds->cities[c].id);
    rpt_chart_t *ch = title && name ? profile_chart(r, c) : NULL;
    if (ch) {
        /* a profile is chart plus table: keep it on one page when it can be */
        double need = 40 + (double)ds->nkz * (PROFILE_ROW_H + PDF_TABLE_LINE + 2) + 60;
        rpt_section(r, title, 12.5, c > 0 || pdfdoc_room(r->d) < need);
        char *head =
            rpt_printf(r, "%s %d, Index der Kennzahlen (Gesamtwert = 100)", title, r->o->year);
        if (head)
            rpt_chart(r, ch, chart_height(CHART_PROFILE, &ch->u.profile, 0), name, head);
        else
            rpt_chart_free(ch);
        free(head);
        profile_table(r, c);
    }
    free(title);
    free(name);
}

void rpt_profiles(report *r)
{
    rpt_chapter(r, "Stadtprofile");
    rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT,
             "Die Profile zeigen für jede teilnehmende Stadt alle Kennzahlen des "
             "Berichtsjahres als Index: Der Gesamtwert des Vergleichsrings ist 100. "
             "Ein Index über 100 bedeutet einen höheren Wert als im Vergleichsring, "
             "keine bessere oder schlechtere Leistung.");
    for (size_t c = 0; c < r->ds->ncities && !rpt_failed(r); c++)
        profile(r, c);
}
