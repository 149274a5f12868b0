/* xlsx.c - the data annex workbook: Übersicht, Zeitreihe, Vergleich,
 * Basiszahlen (with live formulas), Daten (SPEC long format), Definitionen.
 * Every string goes through worksheet_write_string, so text that looks
 * like a formula stays text. No locale is ever set (see LIBNOTES). */
#include "xlsx.h"

#include "fmt.h"
#include "lxwpack.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define COL_ACCENT  0x1F4E79
#define COL_HEAD_BG 0xDCE6F0
#define COL_OWN_BG  0xFFF2CC

typedef struct {
    const render_ctx *o;
    const dataset *ds;
    const kz_result *kz;
    size_t city, yi;
    lxw_workbook *wb;
    lxw_format *title, *bold, *head, *text, *wrap, *italic, *own, *own_num, *pct, *change, *draft;
    lxw_format *kzfmt[5], *kzown[5]; /* by decimals */
    lxw_format *count, *money;
    char stamp[96]; /* "ENTWURF – Stand: ..." or "" */
} book;

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
    static const char *const nums[5] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000"};
    b->title = fmt_new(b, NULL, 1, 0);
    format_set_font_size(b->title, 14);
    format_set_font_color(b->title, COL_ACCENT);
    b->bold = fmt_new(b, NULL, 1, 0);
    b->head = fmt_new(b, NULL, 1, COL_HEAD_BG);
    format_set_text_wrap(b->head);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->text = fmt_new(b, "@", 0, 0);
    b->wrap = fmt_new(b, NULL, 0, 0);
    format_set_text_wrap(b->wrap);
    b->italic = fmt_new(b, NULL, 0, 0);
    format_set_italic(b->italic);
    b->own = fmt_new(b, NULL, 1, COL_OWN_BG);
    b->own_num = fmt_new(b, "#,##0.00", 1, COL_OWN_BG);
    b->pct = fmt_new(b, "0%", 0, 0);
    b->change = fmt_new(b, "+#,##0.0;-#,##0.0;0.0", 0, 0);
    b->draft = fmt_new(b, NULL, 1, 0);
    format_set_font_color(b->draft, 0xB00000);
    for (int i = 0; i < 5; i++) {
        b->kzfmt[i] = fmt_new(b, nums[i], 0, 0);
        b->kzown[i] = fmt_new(b, nums[i], 1, COL_OWN_BG);
    }
    b->count = fmt_new(b, "#,##0", 0, 0);
    b->money = fmt_new(b, "#,##0.00", 0, 0);
}

static void str(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", f);
}

static void num(lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
}

/* Print setup and the draft marking every sheet gets. */
static void sheet_setup(book *b, lxw_worksheet *ws, int draft_row, int draft_col)
{
    const ds_city *c = &b->ds->cities[b->city];
    char buf[600];
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    /* & starts a header code: double it in data */
    char name[300];
    size_t o = 0;
    for (const char *p = c->name; *p && o + 2 < sizeof name; p++) {
        if (*p == '&')
            name[o++] = '&';
        name[o++] = (char)(*p == '\n' ? ' ' : *p);
    }
    name[o] = '\0';
    snprintf(buf, sizeof buf, "&L%s&C%s&R%d", b->stamp[0] ? b->stamp : "Datenanhang", name,
             b->o->year);
    worksheet_set_header(ws, buf);
    worksheet_set_footer(ws, "&L&A&RSeite &P von &N");
    if (b->stamp[0])
        str(ws, draft_row, draft_col, b->stamp, b->draft);
}

/* A header row: names[0..n) from column col on. */
static void head_row(book *b, lxw_worksheet *ws, int row, int col, const char *const *names,
                     size_t n)
{
    for (size_t i = 0; i < n; i++)
        str(ws, row, col + (int)i, names[i], b->head);
}

/* Year headers for the years up to the report year from column col; with
 * flag_cols each year is followed by its "Kz." (flag) column. */
static void year_heads(book *b, lxw_worksheet *ws, int row, int col, int flag_cols)
{
    for (size_t y = 0; y <= b->yi; y++) {
        char head[32];
        int c = col + (int)y * (flag_cols ? 2 : 1);
        snprintf(head, sizeof head, "%d", b->ds->years[y]);
        str(ws, row, c, head, b->head);
        if (flag_cols) {
            snprintf(head, sizeof head, "Kz. %d", b->ds->years[y]);
            str(ws, row, c + 1, head, b->head);
        }
    }
}

/* "Zeichenerklärung": the flags' symbols and meanings from row on;
 * returns the row after them. */
static int symbol_legend(book *b, lxw_worksheet *ws, int row)
{
    str(ws, row++, 0, "Zeichenerklärung", b->bold);
    for (int f = FLAG_BREAK; f < FLAG_COUNT; f++, row++) {
        str(ws, row, 0, flag_symbol((kv_flag)f), b->text);
        str(ws, row, 1, flag_meaning((kv_flag)f), NULL);
    }
    return row;
}

static const char *flag_text(const kz_cell *c)
{
    return flag_symbol((kv_flag)c->flag);
}

/* Value, flag, Gesamtwert, Mittelwert, Median, Minimum, Maximum, Anzahl
 * from column col on: the same cells in Übersicht and Daten. */
static void value_and_aggregates(lxw_worksheet *ws, int row, int col, const kz_cell *c,
                                 const kz_agg *a, lxw_format *f)
{
    if (c->has_value)
        num(ws, row, col, c->value, f);
    str(ws, row, col + 1, flag_text(c), NULL);
    if (a->has_gesamt)
        num(ws, row, col + 2, a->gesamt, f);
    if (a->n) {
        num(ws, row, col + 3, a->mean, f);
        num(ws, row, col + 4, a->median, f);
        num(ws, row, col + 5, a->min, f);
        num(ws, row, col + 6, a->max, f);
    }
    num(ws, row, col + 7, (double)a->n, NULL);
}

/* ---- Übersicht ------------------------------------------------------------------- */

static void sheet_overview(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Übersicht");
    char buf[512];
    snprintf(buf, sizeof buf, "Datenanhang %s", ds->cities[b->city].name);
    str(ws, 0, 0, buf, b->title);
    str(ws, 1, 0, "Vergleichsring", b->bold);
    str(ws, 1, 1, layout_or(b->o->lay->circle, ""), NULL);
    str(ws, 2, 0, "Berichtsjahr", b->bold);
    num(ws, 2, 1, b->o->year, NULL);
    str(ws, 3, 0, "Datenstand", b->bold);
    char date[64];
    fmt_date_de(b->o->when, b->o->utc, date, sizeof date);
    snprintf(buf, sizeof buf, "%s, %s", b->o->draft ? "Entwurf" : "endgültig", date);
    str(ws, 3, 1, buf, NULL);
    if (ds->synthetic)
        str(ws, 4, 0, "Beispieldaten: alle Zahlen sind synthetisch erzeugt.", b->draft);
    workbook_define_name(b->wb, "Berichtsjahr", "=Übersicht!$B$3");

    static const char *const head[] = {"Code",
                                       "Kennzahl",
                                       "Einheit",
                                       "Wert",
                                       "Kennzeichen",
                                       "Gesamtwert",
                                       "Mittelwert",
                                       "Median",
                                       "Minimum",
                                       "Maximum",
                                       "Anzahl",
                                       "Veränderung zum Vorjahr in %",
                                       "Lage in der Spanne (0 % = Minimum, 100 % = Maximum)"};
    const int top = 6;
    head_row(b, ws, top, 0, head, 13);
    int row = top + 1;
    for (size_t k = 0; k < ds->nkz; k++, row++) {
        const ds_kennzahl *kz = &ds->kz[k];
        const kz_cell *c = kz_get(b->kz, k, b->city, b->yi);
        const kz_agg *a = kz_get_agg(b->kz, k, b->yi);
        lxw_format *f = b->kzfmt[kz->decimals];
        str(ws, row, 0, kz->code, NULL);
        str(ws, row, 1, kz->title, NULL);
        str(ws, row, 2, kz->unit, NULL);
        value_and_aggregates(ws, row, 3, c, a, f);
        if (c->has_change)
            num(ws, row, 11, c->change, b->change);
        if (c->has_value && a->n > 1 && a->max > a->min)
            num(ws, row, 12, (c->value - a->min) / (a->max - a->min), b->pct);
    }
    lxw_conditional_format bars = {.type = LXW_CONDITIONAL_DATA_BAR,
                                   .bar_color = 0x8FAADC,
                                   .bar_solid = LXW_TRUE,
                                   .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
                                   .min_value = 0,
                                   .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
                                   .max_value = 1};
    worksheet_conditional_format_range(ws, (lxw_row_t)top + 1, 12, (lxw_row_t)row - 1, 12, &bars);
    worksheet_autofilter(ws, (lxw_row_t)top, 0, (lxw_row_t)row - 1, 12);
    worksheet_freeze_panes(ws, (lxw_row_t)top + 1, 2);
    row += 1;
    row = symbol_legend(b, ws, row);
    str(ws, row + 1, 0,
        "Kennzahlen werfen Fragen auf, sie bewerten nicht: Die Lage in der Spanne ist keine "
        "Rangfolge.",
        b->italic);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 52, NULL);
    worksheet_set_column(ws, 2, 2, 14, NULL);
    worksheet_set_column(ws, 3, 10, 12, NULL);
    worksheet_set_column(ws, 11, 12, 18, NULL);
    sheet_setup(b, ws, 0, 4);
    worksheet_repeat_rows(ws, (lxw_row_t)top, (lxw_row_t)top);
}

/* ---- Zeitreihe -------------------------------------------------------------------- */

static void sheet_timeseries(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Zeitreihe");
    size_t ny = b->yi + 1;
    static const char *const head[] = {"Code", "Kennzahl", "Reihe"};
    head_row(b, ws, 0, 0, head, 3);
    year_heads(b, ws, 0, 3, 0);
    int row = 1, chart_row = 1;
    const int chart_col = 4 + (int)ny;
    for (size_t k = 0; k < ds->nkz; k++, row += 3) {
        const ds_kennzahl *kz = &ds->kz[k];
        lxw_format *f = b->kzfmt[kz->decimals];
        for (int s = 0; s < 2; s++) {
            str(ws, row + s, 0, kz->code, NULL);
            str(ws, row + s, 1, kz->title, NULL);
            str(ws, row + s, 2, s ? "Gesamtwert" : ds->cities[b->city].shortname, NULL);
            for (size_t y = 0; y < ny; y++) {
                const kz_cell *c = kz_get(b->kz, k, b->city, y);
                const kz_agg *a = kz_get_agg(b->kz, k, y);
                if (!s && c->has_value)
                    num(ws, row, 3 + (int)y, c->value, f);
                else if (!s)
                    str(ws, row, 3 + (int)y, flag_text(c), NULL);
                else if (a->has_gesamt)
                    num(ws, row + 1, 3 + (int)y, a->gesamt, f);
            }
        }
        lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_LINE);
        for (int s = 0; s < 2; s++) {
            lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(ser, "Zeitreihe", 0, 3, 0, (lxw_col_t)(2 + ny));
            chart_series_set_values(ser, "Zeitreihe", (lxw_row_t)(row + s), 3, (lxw_row_t)(row + s),
                                    (lxw_col_t)(2 + ny));
            chart_series_set_name_range(ser, "Zeitreihe", (lxw_row_t)(row + s), 2);
            chart_series_set_marker_type(ser, LXW_CHART_MARKER_CIRCLE);
        }
        char title[400];
        snprintf(title, sizeof title, "%s (%s)", kz->title, kz->unit);
        chart_title_set_name(ch, title);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options opt = {.x_scale = 1.2, .y_scale = 0.9};
        worksheet_insert_chart_opt(ws, (lxw_row_t)chart_row, (lxw_col_t)chart_col, ch, &opt);
        chart_row += 14;
    }
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 48, NULL);
    worksheet_set_column(ws, 2, 2, 12, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)(2 + ny), 10, NULL);
    sheet_setup(b, ws, 0, chart_col);
}

/* ---- Vergleich ------------------------------------------------------------------------ */

static void sheet_compare(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Vergleich");
    char buf[400];
    /* a participant in a comparison ring compares with its ring: that is
     * what rings are for, and it keeps the sheet readable (and each
     * workbook's size independent of the circle's) in circles of hundreds */
    const char *ring = ds->cities[b->city].group;
    size_t *members = malloc((ds->ncities + 1) * sizeof *members), n = 0;
    if (!members)
        return;
    for (size_t c = 0; c < ds->ncities; c++)
        if (!ring || !*ring || (ds->cities[c].group && strcmp(ds->cities[c].group, ring) == 0))
            members[n++] = c;
    if (ring && *ring)
        snprintf(buf, sizeof buf,
                 "%s %d: alle Teilnehmenden des eigenen Vergleichsrings, die "
                 "eigene Zeile ist hervorgehoben; Gesamtwert über alle Teilnehmenden",
                 ring, b->o->year);
    else
        snprintf(buf, sizeof buf, "Alle Teilnehmenden %d, die eigene Zeile ist hervorgehoben",
                 b->o->year);
    str(ws, 0, 0, buf, b->bold);
    int row = 2;
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *kz = &ds->kz[k];
        snprintf(buf, sizeof buf, "%s: %s (%s)", kz->code, kz->title, kz->unit);
        str(ws, row, 0, buf, b->bold);
        static const char *const head[] = {"Teilnehmende", "Wert", "Kennzeichen"};
        head_row(b, ws, row + 1, 0, head, 3);
        int first = row + 2, anon = 0;
        for (size_t m = 0; m < n; m++) {
            size_t c = members[m];
            int r = first + (int)m, own = c == b->city;
            const kz_cell *cell = kz_get(b->kz, k, c, b->yi);
            char label[64];
            const char *name = ds->cities[c].name;
            if (b->o->lay->anonymous && !own) {
                snprintf(label, sizeof label, "Teilnehmer %d", ++anon);
                name = label;
            }
            str(ws, r, 0, name, own ? b->own : NULL);
            if (cell->has_value)
                num(ws, r, 1, cell->value, own ? b->kzown[kz->decimals] : b->kzfmt[kz->decimals]);
            else if (own)
                worksheet_write_blank(ws, (lxw_row_t)r, 1, b->own);
            str(ws, r, 2, flag_text(cell), own ? b->own : NULL);
        }
        int last = first + (int)n - 1;
        const kz_agg *a = kz_get_agg(b->kz, k, b->yi);
        str(ws, last + 1, 0, ring && *ring ? "Gesamtwert (alle Teilnehmenden)" : "Gesamtwert",
            b->bold);
        if (a->has_gesamt)
            num(ws, last + 1, 1, a->gesamt, b->kzfmt[kz->decimals]);
        lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_BAR);
        lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(ser, "Vergleich", (lxw_row_t)first, 0, (lxw_row_t)last, 0);
        chart_series_set_values(ser, "Vergleich", (lxw_row_t)first, 1, (lxw_row_t)last, 1);
        chart_title_set_name(ch, kz->title);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        double h = 0.4 + 0.05 * (double)n;
        lxw_chart_options opt = {.x_scale = 1.2, .y_scale = h < 1 ? 1 : h};
        worksheet_insert_chart_opt(ws, (lxw_row_t)row + 1, 4, ch, &opt);
        int chart_rows = (int)(15 * opt.y_scale) + 2;
        row = (last + 3 > row + chart_rows ? last + 3 : row + chart_rows);
    }
    worksheet_set_column(ws, 0, 0, 36, NULL);
    worksheet_set_column(ws, 1, 2, 12, NULL);
    sheet_setup(b, ws, 0, 4);
    free(members);
}

/* ---- Basiszahlen with live formulas ----------------------------------------------------- */

static int code_row(int first, size_t k)
{
    return first + (int)k;
}

typedef struct {
    const dataset *ds;
    int first, col;
    char *out;
    size_t size, o;
} cellref_ctx;

/* Codes become the cell of that base figure in the year's column. */
static void cellref_emit(void *ctx, const char *text, size_t len, const char *code)
{
    cellref_ctx *c = ctx;
    char cell[32];
    int k = code ? dataset_code_index(c->ds, code) : -1;
    if (k >= 0) {
        lxw_rowcol_to_cell(cell, (lxw_row_t)code_row(c->first, (size_t)k), (lxw_col_t)c->col);
        text = cell;
        len = strlen(cell);
    }
    text_append(c->out, c->size, &c->o, text, len);
}

/* Writes formula src with every code replaced by its cell in column col. */
static void excel_formula(const dataset *ds, const char *src, int first, int col, char *out,
                          size_t size)
{
    cellref_ctx c = {ds, first, col, out, size, 0};
    out[0] = '\0';
    expr_walk(src, cellref_emit, &c);
}

static void sheet_base(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Basiszahlen");
    size_t ny = b->yi + 1;
    str(ws, 0, 0, "Basiszahlen und daraus berechnete Kennzahlen (Formeln)", b->bold);
    static const char *const base_head[] = {"Code", "Bezeichnung", "Einheit"};
    head_row(b, ws, 2, 0, base_head, 3);
    year_heads(b, ws, 2, 3, 1);
    const int first = 3;
    for (size_t k = 0; k < ds->ncodes; k++) {
        int r = code_row(first, k);
        str(ws, r, 0, ds->codes[k].code, NULL);
        str(ws, r, 1, ds->codes[k].label, NULL);
        str(ws, r, 2, ds->codes[k].unit, NULL);
        for (size_t y = 0; y < ny; y++) {
            size_t cell = dataset_cell(ds, b->city, y, k);
            kv_flag f = ds->flag[cell];
            if (!flag_is_missing(f))
                num(ws, r, 3 + 2 * (int)y, ds->value[cell],
                    ds->codes[k].is_count ? b->count : b->money);
            str(ws, r, 4 + 2 * (int)y, flag_symbol(f), b->text);
        }
    }
    int row = first + (int)ds->ncodes + 1;
    str(ws, row++, 0, "Kennzahlen, berechnet aus den Basiszahlen oben", b->bold);
    static const char *const kz_head[] = {"Code", "Kennzahl", "Einheit"};
    head_row(b, ws, row, 0, kz_head, 3);
    year_heads(b, ws, row, 3, 1);
    row++;
    for (size_t k = 0; k < ds->nkz; k++, row++) {
        const ds_kennzahl *kz = &ds->kz[k];
        str(ws, row, 0, kz->code, NULL);
        str(ws, row, 1, kz->title, NULL);
        str(ws, row, 2, kz->unit, NULL);
        for (size_t y = 0; y < ny; y++) {
            const kz_cell *c = kz_get(b->kz, k, b->city, y);
            int col = 3 + 2 * (int)y;
            if (c->has_value) {
                char numf[2048], denf[2048], formula[4200];
                excel_formula(ds, kz->numerator, first, col, numf, sizeof numf);
                excel_formula(ds, kz->denominator[0] ? kz->denominator : "1", first, col, denf,
                              sizeof denf);
                snprintf(formula, sizeof formula, "=(%s)/(%s)*%.17g", numf, denf, kz->factor);
                worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, formula,
                                            b->kzfmt[kz->decimals], c->value);
            }
            str(ws, row, col + 1, flag_text(c), b->text);
        }
    }
    worksheet_freeze_panes(ws, 3, 3);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 50, NULL);
    worksheet_set_column(ws, 2, 2, 12, NULL);
    for (size_t y = 0; y < ny; y++) {
        worksheet_set_column(ws, (lxw_col_t)(3 + 2 * y), (lxw_col_t)(3 + 2 * y), 14, NULL);
        worksheet_set_column(ws, (lxw_col_t)(4 + 2 * y), (lxw_col_t)(4 + 2 * y), 4, NULL);
    }
    sheet_setup(b, ws, 0, 3);
}

/* ---- Daten (SPEC section 4, exactly) ------------------------------------------------------ */

static void sheet_data(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Daten");
    static const char *const head[] = {"Code",        "Kennzahl",   "Jahr",       "Wert",
                                       "Kennzeichen", "Gesamtwert", "Mittelwert", "Median",
                                       "Minimum",     "Maximum",    "Anzahl"};
    head_row(b, ws, 0, 0, head, 11);
    int row = 1;
    for (size_t k = 0; k < ds->nkz; k++) {
        lxw_format *f = b->kzfmt[ds->kz[k].decimals];
        for (size_t y = 0; y <= b->yi; y++, row++) {
            const kz_cell *c = kz_get(b->kz, k, b->city, y);
            const kz_agg *a = kz_get_agg(b->kz, k, y);
            str(ws, row, 0, ds->kz[k].code, NULL);
            str(ws, row, 1, ds->kz[k].title, NULL);
            num(ws, row, 2, ds->years[y], NULL);
            value_and_aggregates(ws, row, 3, c, a, f);
        }
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row - 1), 10);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 52, NULL);
    worksheet_set_column(ws, 2, 2, 8, NULL);
    worksheet_set_column(ws, 3, 10, 12, NULL);
    sheet_setup(b, ws, 0, 12);
    char ref[64];
    snprintf(ref, sizeof ref, "=Daten!$A$1:$K$%d", row);
    workbook_define_name(b->wb, "Kennzahldaten", ref);
}

/* ---- Definitionen ------------------------------------------------------------------------ */

static void sheet_definitions(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Definitionen");
    static const char *const head[] = {"Code",    "Kennzahl",         "Leistungsbereich",
                                       "Zähler",  "Nenner",           "Faktor",
                                       "Einheit", "Nachkommastellen", "Beschreibung"};
    head_row(b, ws, 0, 0, head, 9);
    int row = 1;
    for (size_t k = 0; k < ds->nkz; k++, row++) {
        const ds_kennzahl *kz = &ds->kz[k];
        str(ws, row, 0, kz->code, b->wrap);
        str(ws, row, 1, kz->title, b->wrap);
        str(ws, row, 2, kz->area, b->wrap);
        str(ws, row, 3, kz->numerator, b->wrap);
        str(ws, row, 4, kz->denominator[0] ? kz->denominator : "1", b->wrap);
        num(ws, row, 5, kz->factor, NULL);
        str(ws, row, 6, kz->unit, b->wrap);
        num(ws, row, 7, kz->decimals, NULL);
        str(ws, row, 8, kz->description, b->wrap);
    }
    row++;
    str(ws, row++, 0, "Basiszahlen", b->bold);
    for (size_t k = 0; k < ds->ncodes; k++, row++) {
        str(ws, row, 0, ds->codes[k].code, NULL);
        str(ws, row, 1, ds->codes[k].label, NULL);
        str(ws, row, 6, ds->codes[k].unit, NULL);
    }
    row++;
    symbol_legend(b, ws, row);
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 44, NULL);
    worksheet_set_column(ws, 2, 2, 30, NULL);
    worksheet_set_column(ws, 3, 4, 34, NULL);
    worksheet_set_column(ws, 5, 7, 10, NULL);
    worksheet_set_column(ws, 8, 8, 60, NULL);
    sheet_setup(b, ws, 0, 10);
}

/* One workbook; 0, or -1 with the reason in err. */
static int write_book(const render_ctx *o, size_t city, size_t yi, const char *path, char *err,
                      size_t errsz)
{
    book b = {.o = o, .ds = o->ds, .kz = o->kz, .city = city, .yi = yi};
    if (o->draft) {
        char when[32];
        fmt_datetime_de(o->when, o->utc, when, sizeof when);
        snprintf(b.stamp, sizeof b.stamp, "ENTWURF \xE2\x80\x93 Stand: %s", when);
    }
    lxw_workbook_options wopt = {.constant_memory = LXW_FALSE};
    b.wb = workbook_new_opt(path, &wopt);
    if (!b.wb) {
        snprintf(err, errsz, "Arbeitsmappe %s kann nicht angelegt werden", path);
        return -1;
    }
    char title[512], subject[512];
    snprintf(title, sizeof title, "Datenanhang %s %d", o->ds->cities[city].name, o->year);
    snprintf(subject, sizeof subject, "%s, Berichtsjahr %d%s",
             layout_or(o->lay->title, "Kennzahlenvergleich"), o->year,
             o->draft ? " (Entwurf)" : "");
    lxw_doc_properties props = {.title = title,
                                .subject = subject,
                                .author = (char *)layout_or(o->lay->publisher, "Vergleichsring"),
                                .company = (char *)layout_or(o->lay->circle, "Vergleichsring"),
                                .keywords = (char *)layout_or(o->lay->keywords, "Kennzahlen"),
                                .comments = "erzeugt von kvreport " KV_VERSION,
                                .created = o->when};
    workbook_set_properties(b.wb, &props);
    workbook_set_custom_property_string(b.wb, "Datenstand", o->draft ? "Entwurf" : "endgültig");
    make_formats(&b);
    sheet_overview(&b);
    sheet_timeseries(&b);
    sheet_compare(&b);
    sheet_base(&b);
    sheet_data(&b);
    sheet_definitions(&b);
    lxw_error rc = workbook_close(b.wb);
    if (rc != LXW_NO_ERROR) {
        snprintf(err, errsz, "Arbeitsmappe %s: %s", path, lxw_strerror(rc));
        return -1;
    }
    return 0;
}

int xlsx_write_annex(const render_ctx *o, size_t city, const char *path, char *err, size_t errsz)
{
    int yi = dataset_year_index(o->ds, o->year);
    if (yi < 0) {
        snprintf(err, errsz, "Berichtsjahr %d fehlt", o->year);
        return -1;
    }
    lxwpack_failed();
    int rc = write_book(o, city, (size_t)yi, path, err, errsz);
    if (rc == 0 && lxwpack_failed()) {
        snprintf(err, errsz, "Arbeitsmappe %s: zu wenig Speicher für ihre Teile", path);
        rc = -1;
    }
    return rc;
}
