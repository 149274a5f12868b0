/* xlsx.h - the per-participant data annex as an Excel workbook
 * (libxlsxwriter). One call writes one participant's workbook; the
 * library is not thread-safe, so callers parallelise with processes. */
#ifndef KV_XLSX_H
#define KV_XLSX_H

#include "dataset.h"
#include "kz.h"
#include "layout.h"

#include <stddef.h>
#include <time.h>

typedef struct {
    const dataset *ds;
    const kz_result *kz;
    const layout *lay;
    int year;
    int draft;
    time_t when; /* the run's time; also the workbook's creation date */
    int utc;
} xlsx_opts;

/* Writes participant city's workbook to path. 0, or -1 with a German
 * reason in err. */
int xlsx_write_annex(const xlsx_opts *o, size_t city, const char *path, char *err, size_t errsz);

#endif
