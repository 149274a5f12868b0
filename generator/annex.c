/* annex.c - worker processes for the workbooks. */
#include "annex.h"

#include "out.h"
#include "task.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

struct annex_run {
    annex_opts o;
    size_t *list; /* the selected participants */
    size_t n, jobs;
    pid_t *pids;
    int progress_fd; /* read end; workers write one byte per workbook */
};

typedef struct {
    const annex_run *run;
    size_t w;     /* this worker writes list[w], list[w + jobs], ... */
    int write_fd; /* progress, or -1 */
} worker_arg;

static int worker(void *arg)
{
    const worker_arg *a = arg;
    const annex_run *run = a->run;
    const dataset *ds = run->o.xo->ds;
    int progress_fd = a->write_fd;
    if (run->progress_fd >= 0)
        close(run->progress_fd);
    for (size_t i = a->w; i < run->n; i += run->jobs) {
        char name[64], err[512];
        size_t city = run->list[i];
        snprintf(name, sizeof name, "%s.xlsx", ds->cities[city].id);
        char *path = out_path(run->o.dir, name);
        out_file f;
        if (!path || out_reserve(&f, path) < 0) {
            fprintf(stderr, "kvreport: %s kann nicht geschrieben werden: %s\n", path ? path : name,
                    strerror(errno));
            free(path);
            return 73;
        }
        if (xlsx_write_annex(run->o.xo, city, f.tmp, err, sizeof err) < 0) {
            out_abort(&f);
            fprintf(stderr, "kvreport: %s\n", err);
            free(path);
            return 73;
        }
        if (out_commit(&f) < 0) {
            fprintf(stderr, "kvreport: %s kann nicht geschrieben werden: %s\n", path,
                    strerror(errno));
            free(path);
            return 73;
        }
        free(path);
        /* non-blocking: a full pipe only costs progress output */
        if (progress_fd >= 0 && write(progress_fd, "+", 1) < 0)
            progress_fd = -1;
    }
    return 0;
}

static void free_run(annex_run *run)
{
    if (run->progress_fd >= 0)
        close(run->progress_fd);
    free(run->pids);
    free(run->list);
    free(run);
}

annex_run *annex_start(const annex_opts *o)
{
    const dataset *ds = o->xo->ds;
    annex_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->o = *o;
    run->progress_fd = -1;
    run->list = malloc((ds->ncities + 1) * sizeof *run->list);
    for (size_t c = 0; run->list && c < ds->ncities; c++)
        if (o->selected[c])
            run->list[run->n++] = c;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    run->jobs = o->jobs > 0 ? (size_t)o->jobs : (cpus > 0 ? (size_t)cpus : 1);
    if (run->jobs > run->n)
        run->jobs = run->n ? run->n : 1;
    run->pids = calloc(run->jobs, sizeof *run->pids);
    if (!run->list || !run->pids) {
        free_run(run);
        return NULL;
    }
    int fds[2];
    if (pipe(fds) == 0) {
        fcntl(fds[1], F_SETFL, O_NONBLOCK);
        run->progress_fd = fds[0];
    } else {
        fds[1] = -1;
    }
    for (size_t w = 0; w < run->jobs && run->n; w++) {
        worker_arg a = {run, w, fds[1]};
        run->pids[w] = task_start(worker, &a);
        if (run->pids[w] < 0) {
            fprintf(stderr, "kvreport: kein Arbeitsprozess möglich: %s\n", strerror(errno));
            break;
        }
    }
    if (fds[1] >= 0)
        close(fds[1]);
    if (run->n && run->pids[0] <= 0) {
        free_run(run);
        return NULL;
    }
    return run;
}

int annex_finish(annex_run *run, double *cpu)
{
    size_t done = 0;
    char buf[64];
    ssize_t got;
    while (run->progress_fd >= 0 && (got = read(run->progress_fd, buf, sizeof buf)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        done += (size_t)got;
        if (run->o.progress)
            fprintf(stderr, "\rArbeitsmappen: %zu/%zu", done, run->n);
    }
    if (run->o.progress && run->n)
        fputc('\n', stderr);
    int rc = 0;
    for (size_t w = 0; w < run->jobs; w++) {
        if (run->pids[w] == 0)
            continue;
        int code = run->pids[w] < 0 ? 70 : task_wait(run->pids[w], cpu);
        if (code && !rc)
            rc = code;
    }
    free_run(run);
    return rc;
}
