/* report.h - the monitoring report: composes the PDF from the dataset, the
 * key-figure results and the layout. Reads everything, changes nothing. */
#ifndef KV_REPORT_H
#define KV_REPORT_H

#include "dataset.h"
#include "diag.h"
#include "kz.h"
#include "layout.h"

#include <stdio.h>
#include <time.h>

typedef struct {
    const dataset *ds;
    const kz_result *kz;
    const layout *lay;
    const diag_list *diag; /* warnings become the annex's data remarks */
    int year;
    int draft;
    time_t when;           /* the run's time ("Stand"), SOURCE_DATE_EPOCH if set */
    int utc;               /* format `when` in UTC (reproducible runs) */
    const char *chart_dir; /* where the SVG charts go; NULL = none */
} report_opts;

/* Writes the PDF to fp and the charts as SVG into chart_dir. Returns 0;
 * -1 for an internal failure, -2 when an output cannot be written; a German
 * reason is in err. */
int report_write(const report_opts *o, FILE *fp, char *err, size_t errsz);

/* "22. November 2026" */
void report_date_de(time_t t, int utc, char *buf, size_t size);

#endif
