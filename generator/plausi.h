/* plausi.h - plausibility warnings over a complete, error-free dataset:
 * what a statistician would question before publishing. */
#ifndef KV_PLAUSI_H
#define KV_PLAUSI_H

#include "dataset.h"
#include "diag.h"

/* Warns about participants without any data in a year, base codes never
 * delivered, and base figures changing by more than change_share (e.g.
 * 0.3) against the previous year (0 disables that check). */
void plausi_check(const dataset *ds, double change_share, diag_list *diag);

#endif
