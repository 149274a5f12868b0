/* xlsx.h - the per-participant data annex as an Excel workbook
 * (libxlsxwriter). One call writes one participant's workbook; the
 * library is not thread-safe, so callers parallelise with processes. */
#ifndef KV_XLSX_H
#define KV_XLSX_H

#include "render.h"
#include "status.h"

#include <stddef.h>

/* Writes participant city's workbook to path. KV_OK, or the failure with
 * a German reason in err. */
kv_status xlsx_write_annex(const render_ctx *o, size_t city, const char *path, kv_error *err);

/* Warns in diag about every text that a workbook cannot hold whole and
 * therefore shows shortened with "…" (over 32,767 characters in a cell, a
 * name too long for the page header) and every key-figure formula over
 * Excel's 8,192 characters (written as its value with a comment). Called
 * before validation.csv is written; draft as for the run. */
void xlsx_check(const dataset *ds, int draft, diag_list *diag);

#endif
