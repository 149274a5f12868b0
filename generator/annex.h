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

typedef struct annex_run annex_run;

/* Starts the worker processes and returns at once, so that the caller can
 * render the PDF meanwhile. NULL when out of memory or no worker could be
 * started (said on stderr). */
annex_run *annex_start(const annex_opts *o);

/* Shows the progress, waits for every worker and frees run. Returns 0, or
 * the exit code of the first failing worker (73 when an output cannot be
 * written, 70 otherwise); workers report on stderr. Adds the workers' CPU
 * seconds to *cpu. */
int annex_finish(annex_run *run, double *cpu);

#endif
