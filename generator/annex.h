/* annex.h - the parallel part of a run: every participant's workbook (and
 * mail draft), plus one more task (the report's SVGs), shared out to a
 * fixed number of processes (libxlsxwriter and libharu are not
 * thread-safe). The caller is one of them: it starts the others, writes
 * the PDF, then takes work from the same queue until it is empty. Each
 * process takes the next piece when it is done with the last, so the
 * cores stay busy to the end and never have more processes than cores. */
#ifndef KV_ANNEX_H
#define KV_ANNEX_H

#include "task.h"
#include "xlsx.h"

#include <stddef.h>
#include <stdint.h>

#define ANNEX_LEAD_MAX 3

/* A piece of work before the workbooks; returns its status like a task
 * (a failure said on stderr). name says what it writes, for the message
 * when its process dies. */
typedef struct {
    task_fn fn;
    void *arg;
    const char *name;
} annex_lead;

typedef struct {
    const render_ctx *xo;
    const char *dir;                 /* OUT/YEAR/annex, NULL: no workbooks */
    const char *mail_dir;            /* OUT/YEAR/mail, NULL: no mail drafts */
    const char *report_dir;          /* OUT/YEAR/berichte, NULL: no participant reports */
    const uint8_t *selected;         /* per participant: 1 = write its workbook */
    int jobs;                        /* processes at work, the caller's included; 0 = CPUs */
    int progress;                    /* show "Arbeitsmappen k/n" on stderr */
    annex_lead lead[ANNEX_LEAD_MAX]; /* taken first, in this order */
    size_t nlead;
} annex_opts;

typedef struct annex_run annex_run;

/* Starts jobs - 1 worker processes, which begin with the leading pieces,
 * and returns at once, so that the caller can write the PDF meanwhile;
 * with jobs = 1 it does the leading pieces itself before returning. NULL
 * when out of memory (said on stderr); a worker that cannot be started
 * leaves its share to the others. */
annex_run *annex_start(const annex_opts *o);

/* Takes work in the calling process until none is left (none at all when
 * cancel is set: the caller failed), showing the progress, then waits for
 * the workers and frees run. Returns KV_OK, or the first failure
 * (KV_ERR_OUTPUT when an output cannot be written; said on stderr, also
 * which piece a worker killed by a signal was doing); after a failure no process
 * starts another piece. Adds the CPU seconds of lead[i] to cpu[i], those of the workbooks and mails
 * to cpu[nlead] and those of the participant reports among them to
 * cpu[nlead + 1] (cpu has nlead + 2 entries). */
kv_status annex_finish(annex_run *run, int cancel, double *cpu);

#endif
