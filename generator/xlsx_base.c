/* xlsx_base.c - the Basiszahlen sheet: the participant's base figures and
 * every key figure as a live formula over them, with the engine's value
 * cached. A formula is never shortened: one that Excel cannot hold (over
 * 8,192 characters) is written as its value with a comment saying why. */
#include "text.h"
#include "xlsx_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const dataset *ds;
    int first, col;
    sbuf *out;
} cellref_ctx;

/* Codes become the cell of that base figure in the year's column. */
static void cellref_emit(void *ctx, const char *text, size_t len, const char *code)
{
    cellref_ctx *c = ctx;
    char cell[32];
    int k = code ? dataset_code_index(c->ds, code) : -1;
    if (k >= 0) {
        lxw_rowcol_to_cell(cell, (lxw_row_t)(c->first + k), (lxw_col_t)c->col);
        text = cell;
        len = strlen(cell);
    }
    sbuf_add(c->out, text, len);
}

int xl_formula(const dataset *ds, size_t k, int first, int col, sbuf *out)
{
    const ds_kennzahl *kz = &ds->kz[k];
    cellref_ctx c = {ds, first, col, out};
    sbuf_adds(out, "=(");
    expr_walk(kz->numerator, cellref_emit, &c);
    sbuf_adds(out, ")/(");
    expr_walk(kz->denominator[0] ? kz->denominator : "1", cellref_emit, &c);
    sbuf_addf(out, ")*%.17g", kz->factor);
    return sbuf_failed(out) ? -1 : 0;
}

/* Year headers from column col: the year as a number, then its "Kz."
 * (flag) column. */
static void year_heads(book *b, lxw_worksheet *ws, int row, int col)
{
    for (size_t y = 0; y <= b->yi; y++) {
        char head[32];
        int c = col + (int)y * 2;
        xl_num(b, ws, row, c, b->ds->years[y], b->head_num);
        snprintf(head, sizeof head, "Kz. %d", b->ds->years[y]);
        xl_str(b, ws, row, c + 1, head, b->head);
    }
}

static void kz_value(book *b, lxw_worksheet *ws, int row, int col, size_t k, double value)
{
    sbuf f;
    sbuf_init(&f);
    if (xl_formula(b->ds, k, XL_BASE_FIRST, col, &f) < 0) {
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else if (xl_width(f.s) - 1 <= XL_FORMULA_MAX) {
        xl_check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, f.s,
                                                xl_kzfmt(b, k, 0), value));
    } else {
        sbuf note; /* a layout text: any length */
        sbuf_init(&note);
        sbuf_addf(&note, TX(mappe_keine_formel), xl_width(f.s) - 1);
        xl_num(b, ws, row, col, value, xl_kzfmt(b, k, 0));
        xl_check(b, sbuf_failed(&note)
                        ? LXW_ERROR_MEMORY_MALLOC_FAILED
                        : worksheet_write_comment(ws, (lxw_row_t)row, (lxw_col_t)col, note.s));
        sbuf_free(&note);
    }
    sbuf_free(&f);
}

/* The year columns' width (at least min): the widest of the
 * participant's base figures (counts without decimals, amounts with two)
 * and key figures. */
static double value_width(const book *b, double min)
{
    const dataset *ds = b->ds;
    for (size_t y = 0; y <= b->yi; y++) {
        for (size_t k = 0; k < ds->ncodes; k++) {
            size_t cell = dataset_cell(ds, b->city, y, k);
            if (!flag_is_missing(ds->flag[cell]))
                min = fmax(min, xl_num_width(ds->value[cell], ds->codes[k].is_count ? 0 : 2));
        }
        for (size_t k = 0; k < ds->nkz; k++) {
            const kz_cell *c = kz_get(b->kz, k, b->city, y);
            if (c->has_value)
                min = fmax(min, xl_num_width(c->value, ds->kz[k].decimals));
        }
    }
    return min;
}

void xl_sheet_base(book *b)
{
    const dataset *ds = b->ds;
    lxw_worksheet *ws = xl_sheet_new(b, "Basiszahlen");
    if (!ws)
        return;
    size_t ny = b->yi + 1;
    const int first = XL_BASE_FIRST, col0 = XL_BASE_COL;
    xl_str(b, ws, 0, 0, TX(mappe_basiszahlen_titel), b->bold);
    const char *const base_head[] = {TX(mappe_code), TX(mappe_bezeichnung), TX(kopf_einheit)};
    xl_head(b, ws, first - 1, 0, base_head, NULL, 3);
    year_heads(b, ws, first - 1, col0);
    xl_check(b, worksheet_set_row(ws, (lxw_row_t)first - 1, 30, NULL));
    const char **codes = calloc(ds->ncodes + ds->nkz + 1, sizeof *codes);
    const char **units = calloc(ds->ncodes + ds->nkz + 1, sizeof *units);
    const char **labels = calloc(ds->ncodes + ds->nkz + 1, sizeof *labels);
    if (!codes || !units || !labels) {
        free(codes);
        free(units);
        free(labels);
        xl_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (size_t k = 0; k < ds->ncodes; k++) {
        int r = first + (int)k;
        codes[k] = ds->codes[k].code;
        units[k] = ds->codes[k].unit;
        labels[k] = ds->codes[k].label;
        xl_str(b, ws, r, 0, ds->codes[k].code, NULL);
        xl_str(b, ws, r, 1, ds->codes[k].label, NULL);
        xl_str(b, ws, r, 2, ds->codes[k].unit, NULL);
        for (size_t y = 0; y < ny; y++) {
            size_t cell = dataset_cell(ds, b->city, y, k);
            kv_flag f = ds->flag[cell];
            if (!flag_is_missing(f))
                xl_num(b, ws, r, col0 + 2 * (int)y, ds->value[cell],
                       ds->codes[k].is_count ? b->count : b->money);
            if (f != FLAG_FINAL)
                xl_str(b, ws, r, col0 + 1 + 2 * (int)y, flag_print_symbol(f), b->text);
        }
    }
    int row = first + (int)ds->ncodes + 1;
    xl_str(b, ws, row++, 0, TX(mappe_kennzahlen_titel), b->bold);
    const char *const kz_head[] = {TX(mappe_code), TX(kopf_kennzahl), TX(kopf_einheit)};
    xl_head(b, ws, row, 0, kz_head, NULL, 3);
    year_heads(b, ws, row, col0);
    xl_check(b, worksheet_set_row(ws, (lxw_row_t)row, 30, NULL));
    row++;
    for (size_t k = 0; k < ds->nkz; k++, row++) {
        const ds_kennzahl *kz = &ds->kz[k];
        codes[ds->ncodes + k] = kz->code;
        units[ds->ncodes + k] = kz->unit;
        labels[ds->ncodes + k] = kz->title;
        xl_str(b, ws, row, 0, kz->code, NULL);
        xl_str(b, ws, row, 1, kz->title, NULL);
        xl_str(b, ws, row, 2, kz->unit, NULL);
        for (size_t y = 0; y < ny; y++) {
            const kz_cell *c = kz_get(b->kz, k, b->city, y);
            int col = col0 + 2 * (int)y;
            if (c->has_value)
                kz_value(b, ws, row, col, k, c->value);
            if (c->flag != FLAG_FINAL)
                xl_str(b, ws, row, col + 1, flag_print_symbol((kv_flag)c->flag), b->text);
        }
    }
    /* the notes right below the table (italic): with info.csv's hinweis
     * the six-year sheet still fits one page */
    xl_notes(b, ws, row);
    worksheet_freeze_panes(ws, (lxw_row_t)first, (lxw_col_t)col0);
    xl_fit_column(b, ws, 0, codes, ds->ncodes + ds->nkz, 8, 34);
    xl_fit_column(b, ws, 1, labels, ds->ncodes + ds->nkz, 30, 70);
    xl_fit_column(b, ws, 2, units, ds->ncodes + ds->nkz, 8, 30);
    const double wvalue = value_width(b, 14);
    for (size_t y = 0; y < ny; y++) {
        lxw_col_t c = (lxw_col_t)(col0 + 2 * (int)y);
        xl_check(b, worksheet_set_column(ws, c, c, wvalue, NULL));
        xl_check(b, worksheet_set_column(ws, c + 1, c + 1, 5, NULL));
    }
    free(codes);
    free(units);
    free(labels);
    /* about seven years a page wide, the first columns and the header
     * repeated on each: at 20 years three pages across at a readable
     * size instead of everything shrunk to one page width */
    worksheet_fit_to_pages(ws, (uint16_t)(ny <= 8 ? 1 : (ny + 6) / 7), 0);
    xl_sheet_setup(b, ws, 0, col0);
    xl_check(b, worksheet_repeat_rows(ws, (lxw_row_t)first - 1, (lxw_row_t)first - 1));
    xl_check(b, worksheet_repeat_columns(ws, 0, 2));
}
