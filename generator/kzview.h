/* kzview.h - the published view of the key figures: the dataset and the
 * engine's results restricted to the key figures the reports show
 * (kennzahlen.csv `monitoring` = ja), with the fields of action that keep
 * at least one of them. Reports read the view; workbooks and the CSV
 * outputs read the whole set.
 *
 * When every key figure is published the view borrows the originals (no
 * copy, the reports stay byte-identical); otherwise it owns shallow copies:
 * the key-figure definitions (strings and formulas still borrowed from the
 * dataset), the area list, and the cells and aggregates of the published
 * key figures. Everything else (participants, rings, base figures, years)
 * is borrowed, so the dataset and results must outlive the view. */
#ifndef KV_KZVIEW_H
#define KV_KZVIEW_H

#include "kz.h"

typedef struct {
    const dataset *ds;   /* the view's dataset: ds->kz are the published key figures */
    const kz_result *kz; /* their results, indexed like ds->kz */
    size_t nall;         /* key figures in the whole set */
    /* owned when a key figure is left out */
    dataset own_ds;
    kz_result own_kz;
    int owned;
} kz_view;

/* Fills v; 0, or -1 when out of memory (then v borrows nothing and
 * kzview_free is still safe). */
int kzview_init(kz_view *v, const dataset *ds, const kz_result *kz);
void kzview_free(kz_view *v);

#endif
