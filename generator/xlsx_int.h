/* xlsx_int.h - what the workbook modules share (xlsx.c: the book, its
 * formats, text within Excel's limits, Inhalt, Übersicht, Daten,
 * Definitionen; xlsx_chart.c: Zeitreihe and Vergleich with their charts;
 * xlsx_base.c: Basiszahlen with live formulas). Not for other modules. */
#ifndef KV_XLSX_INT_H
#define KV_XLSX_INT_H

#include "render.h"
#include "sbuf.h"

#include <stddef.h>
#include <xlsxwriter.h>

/* Excel's limits (Excel specifications and limits): characters (UTF-16
 * units) per cell, per header or footer, per formula. */
#define XL_CELL_MAX    32767
#define XL_HEADER_MAX  255
#define XL_FORMULA_MAX 8192
/* Basiszahlen: the first base figure's row, the first year's column */
#define XL_BASE_FIRST 3
#define XL_BASE_COL   3
/* libxlsxwriter 1.1.4 keeps XML attributes (alt text) in 2,080 bytes */
#define XL_ATTR_MAX 1000

typedef struct {
    const render_ctx *o;
    const dataset *ds;
    const kz_result *kz;
    size_t city, yi;
    lxw_workbook *wb;
    lxw_error err;     /* the first failed library call, LXW_NO_ERROR if none */
    const char *where; /* the sheet being written, for the message */
    lxw_format *title, *bold, *head, *head_num, *text, *wrap, *italic, *own, *own_text, *pct,
        *draft, *link, *year;
    lxw_format *kzfmt[5], *kzown[5]; /* by decimals */
    lxw_format *chg_pct, *chg_pp;    /* change in percent, in percentage points */
    lxw_format *count, *money;
    sbuf stamp; /* "ENTWURF – Stand: ..." or "" (the layout's text) */
    /* xl_notes: 0, each line in one cell running over those beside it;
     * else each line wrapped in the cells of columns 0..notes_last_col,
     * merged, notes_width characters wide */
    int notes_last_col;
    double notes_width;
    lxw_format *italic_wrap;
    /* wrapped, bottom-aligned: a title in a row of code, unit and values */
    lxw_format *wrap_low;
    /* a sheet's title wrapped, made when a title first needs it */
    lxw_format *title_wrap;
    /* centred: Übersicht's ja/nein beside the right-aligned range position
     * (left-aligned, "86 %" and "ja" read as one) */
    lxw_format *center, *head_center;
} book;

/* A new sheet; b->where names it for messages. NULL (and the failure
 * recorded) when the library refuses. */
lxw_worksheet *xl_sheet_new(book *b, const char *name);

/* Records the first failure of a library call. */
void xl_check(book *b, lxw_error rc);

/* Text as it goes into a workbook: a literal "_xHHHH_" escaped as
 * "_x005F_xHHHH_" (Excel would decode it), shortened with "…" to at most
 * max characters (UTF-16 units, as Excel counts). Appends to out; returns
 * 1 when the text had to be shortened. */
int xl_fit(const char *s, size_t max, sbuf *out);

/* Cells; text through xl_fit within XL_CELL_MAX, NULL as "". */
void xl_str(book *b, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f);
void xl_num(book *b, lxw_worksheet *ws, int row, int col, double v, lxw_format *f);

/* Header cells names[0..n) from column col on; nums[i] 1 marks a column of
 * numbers (its header right-aligned), 2 a centred column. nums may be NULL. */
void xl_head(book *b, lxw_worksheet *ws, int row, int col, const char *const *names,
             const int *nums, size_t n);

/* Display width in characters of s (code points), for column widths. */
size_t xl_width(const char *s);

/* The width that fits the widest of n texts (at least min, at most max
 * characters); xl_fit_column sets column col to it. */
double xl_fit_width(const char *const *texts, size_t n, double min, double max);
void xl_fit_column(book *b, lxw_worksheet *ws, int col, const char *const *texts, size_t n,
                   double min, double max);

/* Width in characters that v takes in a "#,##0.0…" format with decimals
 * digits and a character to spare: a digit is a character of the column
 * width, a separator or the decimal point about half of one. A column
 * narrower than its number shows "###" in Excel and LibreOffice. */
double xl_num_width(double v, int decimals);

/* The width (at least min) of a column holding key figure k's values and
 * aggregates, every participant and year up to the report year (the
 * ring's aggregates lie within the circle's minimum and maximum); k ==
 * (size_t)-1: of a column holding every key figure's. */
#define XL_ALL_KZ ((size_t)-1)
double xl_kz_width(const book *b, size_t k, double min);

/* Height in points for a row whose wrapped text s sits in a column of
 * width characters; at least one line. */
double xl_row_height(const char *s, double width);

/* Print setup, page header and footer, draft marking: every sheet. */
void xl_sheet_setup(book *b, lxw_worksheet *ws, int draft_row, int draft_col);

/* The notes every sheet closes with from row on (source, symbols, breaks,
 * rounding); returns the row after them. */
int xl_notes(book *b, lxw_worksheet *ws, int row);

/* Formats of a key figure's values and of its change (percent or Pp.). */
lxw_format *xl_kzfmt(const book *b, size_t k, int own);
lxw_format *xl_chgfmt(const book *b, size_t k);
/* 1 for key figures whose change is given in percentage points. */
int xl_is_percent(const ds_kennzahl *k);
/* The change of city's key figure k in year y by the one rule of the
 * report: percentage points for % units, else percent; 0 when undefined. */
int xl_change(const book *b, size_t k, size_t city, size_t y, double *v);

/* ---- print layout (xlsx_print.c) ---- */

/* A4 landscape within libxlsxwriter's default margins (0.7 and 0.75
 * inch): the width in pixels at 100 %, the height in points below a
 * repeated header row */
#define XL_PAGE_W_PX  987.0
#define XL_PAGE_H_PT  472.0
#define XL_MAX_BREAKS 1000

/* Horizontal page breaks, collected per sheet (0-terminated for the
 * library, at most Excel's 1,023). */
typedef struct {
    lxw_row_t rows[XL_MAX_BREAKS + 1];
    size_t n;
} xl_breaks;

void xl_break_before(xl_breaks *br, int row);

/* Pixels of a column width characters wide (as libxlsxwriter and Excel
 * count with the default font). */
double xl_col_px(double width);

/* Prints the sheet's ncol columns (widths in characters) one page wide
 * when that keeps the print scale at least XL_LEGIBLE; else in groups
 * of columns printed across, each page with the first nrep columns
 * repeated, none wider than a page at that scale. Returns the
 * estimated print scale. */
#define XL_LEGIBLE 0.89
double xl_print_columns(book *b, lxw_worksheet *ws, const double *widths, int ncol, int nrep);

void xl_sheet_timeseries(book *b);
void xl_sheet_compare(book *b);
void xl_sheet_base(book *b);

/* Builds key figure k's Basiszahlen formula for the year column col
 * (base figures from row first on); 0, or -1 when out of memory. */
int xl_formula(const dataset *ds, size_t k, int first, int col, sbuf *out);

#endif
