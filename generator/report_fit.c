/* report_fit.c - the first two columns of a key-figure table, the names
 * and their units. The number columns take what their cells measure; the
 * names get the rest. Wide numbers (many columns, twelve orders of
 * magnitude) and a long unit can leave the names a column narrower than
 * their longest word, and the table then breaks words inside ("Nettoaus /
 * zahlunge / n"): a narrower unit column (wrapping at its own longest
 * word) or the units moved into the names give the names their room. */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL_PAD 6.0  /* a cell's padding, 3 points each side (pdfdoc) */
#define SLACK    0.01 /* what a narrowed unit column leaves the names beyond their need */

double rpt_word_width(const report *r, lay_font f, const char *text)
{
    char *word = malloc(strlen(text) + 1);
    if (!word)
        return 0;
    double w = 0;
    for (const char *p = text + strspn(text, " \n"); *p; p += strspn(p, " \n")) {
        size_t len = strcspn(p, " \n");
        memcpy(word, p, len);
        word[len] = '\0';
        w = fmax(w, pdfdoc_text_width(r->d, f, PDF_TABLE_FONT, word));
        p += len;
    }
    free(word);
    return w;
}

/* The widest word of the rows' texts (NULL rows skipped) in the regular
 * font and of the heads in bold. */
static double widest_word(const report *r, const char *const *texts, size_t rows,
                          const char *const *heads, size_t nheads)
{
    double w = 0;
    for (size_t i = 0; i < rows; i++)
        if (texts[i])
            w = fmax(w, rpt_word_width(r, LAY_FONT_REGULAR, texts[i]));
    for (size_t i = 0; i < nheads; i++)
        w = fmax(w, rpt_word_width(r, LAY_FONT_BOLD, heads[i]));
    return w;
}

/* What the content width leaves for the names beside a unit column of the
 * given width and the columns from 2 on (subtracted in the order the
 * tables always did, so that the widths stay the same to the last bit). */
static double names_room(const report *r, const double *w, size_t n, double unit)
{
    double rest = pdfdoc_width(r->d) - unit;
    for (size_t i = 2; i < n; i++)
        rest -= w[i];
    return rest;
}

/* Where the units go (see rpt_fit_names): 1 into the names, else 0. */
static int fit_columns(const report *r, double *w, size_t n, const rpt_names *c,
                       const char *const *units, size_t *wrap)
{
    size_t rows = r->ds->nkz;
    const char *const unit_head[] = {c->unit_head};
    double full = rpt_cell_width(r, LAY_FONT_BOLD, c->unit_head);
    for (size_t i = 0; i < rows; i++)
        if (units[i])
            full = fmax(full, rpt_cell_width(r, LAY_FONT_REGULAR, units[i]));
    double need = widest_word(r, c->names, rows, c->heads, c->nheads) + CELL_PAD;
    double unit0 = fmin(full, RPT_UNIT_W) + c->unit_pad, unit = unit0;
    double room = names_room(r, w, n, unit);
    if (room < need) { /* the unit column gives what it can */
        double least = widest_word(r, units, rows, unit_head, 1) + c->unit_pad;
        unit = fmin(unit0, fmax(least, unit0 - (need - room) - SLACK));
        room = names_room(r, w, n, unit);
    }
    if (room >= need) {
        w[0] = room;
        w[1] = unit;
        *wrap = unit < unit0 || full > RPT_UNIT_W ? 1 : 0;
        return 0;
    }
    /* still too narrow: the units go into the names, their column 1 point
     * wide (an empty head: pdfdoc joins it to the names' cell) */
    w[1] = 1;
    w[0] = names_room(r, w, n, 1);
    *wrap = 0;
    return 1;
}

char **rpt_fit_names(report *r, double *w, size_t n, const rpt_names *c, size_t *wrap)
{
    const dataset *ds = r->ds;
    const char **units = calloc(ds->nkz + 1, sizeof *units);
    if (!units) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    for (size_t k = 0; k < ds->nkz; k++)
        units[k] = c->names[k] ? ds->kz[k].unit : NULL;
    int in_names = fit_columns(r, w, n, c, units, wrap);
    free(units);
    char **named = in_names ? calloc(ds->nkz + 1, sizeof *named) : NULL;
    if (in_names && !named)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    for (size_t k = 0; named && k < ds->nkz; k++)
        if (c->names[k])
            named[k] = rpt_printf(r, "%s (%s)", c->names[k], ds->kz[k].unit);
    return named;
}

void rpt_free_names(const report *r, char **named)
{
    for (size_t k = 0; named && k < r->ds->nkz; k++)
        free(named[k]);
    free(named);
}
