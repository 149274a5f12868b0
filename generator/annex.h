/* annex.h - writing every participant's workbook, in parallel worker
 * processes (libxlsxwriter is not thread-safe), with a progress line. */
#ifndef KV_ANNEX_H
#define KV_ANNEX_H

#include "xlsx.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const render_ctx *xo;
    const char *dir;         /* OUT/YEAR/annex */
    const uint8_t *selected; /* per participant: 1 = write its workbook */
    int jobs;                /* 0 = number of CPUs */
    int progress;            /* show "Arbeitsmappen k/n" on stderr */
} annex_opts;

/* Returns 0, or the exit code of the first failing worker (73 when an
 * output cannot be written, 70 otherwise); workers report on stderr. */
int annex_write_all(const annex_opts *o);

#endif
