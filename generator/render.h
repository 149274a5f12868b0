/* render.h - what every renderer (PDF, workbooks, mails) reads: the model,
 * the results, the layout and the run's settings. Built once per run, so
 * all outputs carry the same time. Everything is borrowed. */
#ifndef KV_RENDER_H
#define KV_RENDER_H

#include "dataset.h"
#include "diag.h"
#include "kz.h"
#include "layout.h"

#include <time.h>

typedef struct {
    const dataset *ds;
    const kz_result *kz;
    const layout *lay;
    const diag_list *diag; /* warnings become the report's data remarks */
    int year;
    int draft;
    time_t when; /* the run's time ("Stand"), SOURCE_DATE_EPOCH if set */
    int utc;     /* format `when` in UTC (reproducible runs) */
    /* the published generation's state (changes.h), NULL when there is
     * none: the draft report's change page */
    const struct chg_state *prev;
} render_ctx;

#endif
