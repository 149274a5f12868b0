/* xlsx_print.c - the print layout of wide sheets: page breaks, and
 * columns printed across pages at a legible scale with the leading
 * columns repeated (fitting a wide sheet to one page width shrank the
 * Daten sheet to under half size). */
#include "xlsx_int.h"

#include <math.h>

void xl_break_before(xl_breaks *br, int row)
{
    if (br->n < XL_MAX_BREAKS && row > 0)
        br->rows[br->n++] = (lxw_row_t)row;
    br->rows[br->n] = 0;
}

double xl_col_px(double width)
{
    return width < 1 ? floor(width * 12 + 0.5) : floor(width * 7 + 0.5) + 5;
}

#define MAX_ACROSS 64

double xl_print_columns(book *b, lxw_worksheet *ws, const double *widths, int ncol, int nrep)
{
    const double max_px = XL_PAGE_W_PX / XL_LEGIBLE;
    double rep = 0, all = 0;
    for (int c = 0; c < ncol; c++) {
        all += xl_col_px(widths[c]);
        if (c < nrep)
            rep += xl_col_px(widths[c]);
    }
    if (all <= max_px) {
        worksheet_fit_to_pages(ws, 1, 0);
        return fmin(1, XL_PAGE_W_PX / all);
    }
    /* greedy groups after the repeated columns; the first page holds
     * them once, every further page again */
    lxw_col_t vb[MAX_ACROSS + 1];
    int n = 0;
    double page = rep, widest = 0;
    for (int c = nrep; c < ncol; c++) {
        double w = xl_col_px(widths[c]);
        if (page + w > max_px && page > rep && n < MAX_ACROSS) {
            vb[n++] = (lxw_col_t)c;
            widest = fmax(widest, page);
            page = rep;
        }
        page += w;
    }
    widest = fmax(widest, page);
    vb[n] = 0;
    if (n)
        xl_check(b, worksheet_set_v_pagebreaks(ws, vb));
    worksheet_fit_to_pages(ws, (uint16_t)(n + 1), 0);
    if (nrep)
        xl_check(b, worksheet_repeat_columns(ws, 0, (lxw_col_t)(nrep - 1)));
    worksheet_print_across(ws);
    return fmin(1, XL_PAGE_W_PX / widest);
}
