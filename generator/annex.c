/* annex.c - worker processes for the workbooks. */
#include "annex.h"

#include "out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* One worker: the participants list[w], list[w + jobs], ... */
static int worker(const annex_opts *o, const size_t *list, size_t n, size_t w, size_t jobs,
                  int progress_fd)
{
    const dataset *ds = o->xo->ds;
    for (size_t i = w; i < n; i += jobs) {
        char name[64], err[512];
        snprintf(name, sizeof name, "%s.xlsx", ds->cities[list[i]].id);
        char *path = out_path(o->dir, name);
        out_file f;
        if (!path || out_reserve(&f, path) < 0) {
            fprintf(stderr, "kvreport: %s kann nicht geschrieben werden: %s\n", path ? path : name,
                    strerror(errno));
            free(path);
            return 73;
        }
        if (xlsx_write_annex(o->xo, list[i], f.tmp, err, sizeof err) < 0) {
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
        if (progress_fd >= 0 && write(progress_fd, "+", 1) < 0)
            progress_fd = -1;
    }
    return 0;
}

static size_t select_cities(const annex_opts *o, size_t *list)
{
    const dataset *ds = o->xo->ds;
    size_t n = 0;
    for (size_t c = 0; c < ds->ncities; c++)
        if (o->selected[c])
            list[n++] = c;
    return n;
}

int annex_write_all(const annex_opts *o)
{
    size_t *list = malloc((o->xo->ds->ncities + 1) * sizeof *list);
    if (!list)
        return 70;
    size_t n = select_cities(o, list);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t jobs = o->jobs > 0 ? (size_t)o->jobs : (cpus > 0 ? (size_t)cpus : 1);
    if (jobs > n)
        jobs = n ? n : 1;
    int fds[2] = {-1, -1};
    if (pipe(fds) < 0)
        fds[0] = fds[1] = -1;
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t *pids = calloc(jobs, sizeof *pids);
    int rc = 0;
    for (size_t w = 0; pids && w < jobs; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            /* a killed run takes its workers along (and releases the lock) */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() == 1)
                _exit(70);
            if (fds[0] >= 0)
                close(fds[0]);
            int code = worker(o, list, n, w, jobs, fds[1]);
            free(pids);
            free(list);
            _exit(code);
        }
        if (pids[w] < 0) {
            fprintf(stderr, "kvreport: kein Arbeitsprozess möglich: %s\n", strerror(errno));
            rc = 70;
            break;
        }
    }
    if (fds[1] >= 0)
        close(fds[1]);
    size_t done = 0;
    char buf[64];
    ssize_t got;
    while (fds[0] >= 0 && (got = read(fds[0], buf, sizeof buf)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        done += (size_t)got;
        if (o->progress)
            fprintf(stderr, "\rArbeitsmappen: %zu/%zu", done, n);
    }
    if (o->progress && n)
        fputc('\n', stderr);
    if (fds[0] >= 0)
        close(fds[0]);
    for (size_t w = 0; pids && w < jobs; w++) {
        int status;
        if (pids[w] <= 0)
            continue;
        while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
            ;
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 70;
        if (code && !rc)
            rc = code;
    }
    free(pids);
    free(list);
    return rc;
}
