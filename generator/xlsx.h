/* xlsx.h - the per-participant data annex as an Excel workbook
 * (libxlsxwriter). One call writes one participant's workbook; the
 * library is not thread-safe, so callers parallelise with processes. */
#ifndef KV_XLSX_H
#define KV_XLSX_H

#include "render.h"

#include <stddef.h>

/* Writes participant city's workbook to path. 0, or -1 with a German
 * reason in err. */
int xlsx_write_annex(const render_ctx *o, size_t city, const char *path, char *err, size_t errsz);

#endif
