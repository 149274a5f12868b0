/* report.h - the monitoring report: composes the PDF from the dataset, the
 * key-figure results and the layout. Reads everything, changes nothing. */
#ifndef KV_REPORT_H
#define KV_REPORT_H

#include "render.h"

#include <stdio.h>
#include <time.h>

/* Writes the PDF to fp and the charts as SVG into chart_dir (NULL: none).
 * With fp NULL only the SVGs are written (the layout still runs, since it
 * decides how charts are split and named), so that a second process can
 * write them while the first writes the PDF. Returns 0; -1 for an
 * internal failure, -2 when an output cannot be written; a German reason
 * is in err. */
int report_write(const render_ctx *o, const char *chart_dir, FILE *fp, char *err, size_t errsz);

#endif
