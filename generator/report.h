/* report.h - the monitoring report: lays out the PDF from the dataset, the
 * key-figure results and the layout once (the plan: pages, page breaks,
 * charts split over pages and named), then renders the PDF and the SVG
 * copies of the charts from that plan. Reads everything, changes nothing. */
#ifndef KV_REPORT_H
#define KV_REPORT_H

#include "render.h"
#include "status.h"

#include <stddef.h>
#include <stdio.h>

typedef struct report report;

/* Failures are statuses of status.h: KV_ERR_NOMEM (out of memory),
 * KV_ERR_INTERNAL (libharu, cairo, a page that cannot be laid out),
 * KV_ERR_OUTPUT (an output cannot be written). */

/* Lays the report out (measuring text, breaking pages, splitting and
 * naming charts); nothing is drawn yet. o and everything it points to
 * must outlive the plan. NULL only when out of memory; otherwise check
 * kv_status. Since the plan is plain memory, a process forked after
 * it can render from it too (the SVGs are written that way). */
report *report_plan(const render_ctx *o);

/* The same for a scope: REPORT_CIRCLE (the circle's report, as
 * report_plan) or a comparison ring's index (its report: the ring's
 * participants in full, the other rings and the circle as aggregates). */
#define REPORT_CIRCLE (-1)
report *report_plan_scope(const render_ctx *o, int ring);

/* Every comparison ring's report into OUT/YEAR/ringe/ below yeardir (a
 * generation's staging directory), FILE.pdf named by fname.h from the
 * ring's name, and ringe/index.csv (ring;file), laid out from the circle's
 * plan's inputs (and drawn with its chart context). KV_OK, or the failure
 * in e (KV_ERR_OUTPUT when a file cannot be written). */
kv_status report_write_rings(const report *circle, const char *yeardir, kv_error *e);
void report_free(report *r);

/* The plan of participant city's own report (Teilnehmerbericht,
 * report_part.c): its key figures against its ring and the circle, its
 * profile, definitions and imprint, in the report's typography, tagged
 * like it. Rendered with report_write_pdf; NULL only when out of memory,
 * otherwise check report_status_of. */
report *report_plan_participant(const render_ctx *o, size_t city);

/* Frees what the participant reports of this process share (their chart
 * context, kept from one report to the next); call it when the process
 * writes no more of them. This function can't fail. */
void report_participant_end(void);

/* The plan's first failure (KV_OK: none) and a German message. */
kv_status report_status_of(const report *r);
const char *report_error(const report *r);

/* Renders the PDF to fp; once per plan. The status. */
kv_status report_write_pdf(report *r, FILE *fp);

/* Writes every chart as SVG into chart_dir under the name the plan gave
 * it. The status (KV_ERR_OUTPUT when a file cannot be written). */
kv_status report_write_svgs(report *r, const char *chart_dir);

/* The plan's charts: how many, each one's SVG file name and the index of
 * the PDF page it is on. */
size_t report_chart_count(const report *r);
const char *report_chart_name(const report *r, size_t i);
size_t report_chart_page(const report *r, size_t i);
size_t report_page_count(const report *r);

#endif
