/* annex.c - kennzahlwerte.csv, the SVGs, the workbooks and their mail
 * drafts, shared out to processes through a queue in shared memory. */
#include "annex.h"

#include "csv.h"
#include "mail.h"
#include "out.h"
#include "outputs.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* Piece i < nlead is lead[i], piece i >= nlead the workbook of
 * list[i - nlead]. */
typedef struct {
    atomic_size_t next;                       /* the next piece nobody has taken */
    atomic_int stop;                          /* a piece failed: take no more */
    atomic_ullong cpu_ns[ANNEX_LEAD_MAX + 1]; /* per leading piece, then the workbooks */
    atomic_ullong report_ns;                  /* of those, the participant reports */
} queue;

struct annex_run {
    annex_opts o;
    size_t *list; /* the selected participants */
    size_t n;
    size_t nworkers; /* forked processes */
    pid_t *pids;
    queue *q;             /* shared with the workers */
    atomic_size_t *doing; /* per worker, shared: 1 + the piece it is at, or 0 */
    size_t ndoing;        /* its length */
    int progress_fd;      /* read end; workers write one byte per workbook */
    size_t done;          /* workbooks shown in the progress line */
    kv_status lead_st;    /* of the leading pieces done in annex_start */
};

static unsigned long long cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

typedef struct {
    const render_ctx *o;
    size_t city;
    mail_files f;
} eml_ctx;

static int write_eml(const void *ctx, FILE *fp)
{
    const eml_ctx *e = ctx;
    return mail_write(e->o, e->city, &e->f, fp);
}

/* A participant report's bytes (see write_report). */
typedef struct {
    char *p;
    size_t len;
} bytes;

/* The mail draft (MAILDIR/ID.eml) with the workbook at xlsx and the
 * participant report (pdf, NULL: none) attached, for a participant with
 * a usable address. */
static kv_status write_mail(const annex_run *run, size_t city, const char *xlsx, const bytes *pdf,
                            kv_error *err)
{
    const dataset *ds = run->o.xo->ds;
    if (mail_recipient_count(ds->cities[city].email) == 0)
        return KV_OK;
    char *att = NULL;
    eml_ctx e = {run->o.xo, city, {NULL, 0, NULL, 0}};
    kv_error why = {0};
    if (csv_slurp(xlsx, &att, &e.f.xlsx_len, &why) != KV_OK) {
        kv_fail(err, KV_ERR_INTERNAL, "Anhang %s: %s", xlsx, kv_error_text(&why));
        kv_error_free(&why);
        return KV_ERR_INTERNAL;
    }
    e.f.xlsx = (const unsigned char *)att;
    if (pdf) {
        e.f.pdf = (const unsigned char *)pdf->p;
        e.f.pdf_len = pdf->len;
    }
    char *name = outputs_name(OUT_MAIL, ds->cities[city].id, 0);
    kv_status st = name ? out_save(run->o.mail_dir, name, write_eml, &e, err)
                        : kv_fail(err, KV_ERR_NOMEM, "Mailentwurf: zu wenig Speicher");
    free(name);
    free(att);
    return st;
}

static int put_bytes(const void *ctx, FILE *fp)
{
    const bytes *b = ctx;
    return fwrite(b->p, 1, b->len, fp) == b->len ? 0 : -1;
}

/* The participant report REPORTDIR/ID.pdf, rendered into memory (kept in
 * out for the mail) and saved from there. */
static kv_status write_report(const annex_run *run, size_t city, bytes *out, kv_error *err)
{
    const char *id = run->o.xo->ds->cities[city].id;
    unsigned long long t = cpu_ns();
    report *plan = report_plan_participant(run->o.xo, city);
    kv_status st = plan ? report_status_of(plan) : KV_ERR_NOMEM;
    FILE *mem = st == KV_OK ? open_memstream(&out->p, &out->len) : NULL;
    if (st == KV_OK && !mem)
        st = KV_ERR_NOMEM;
    if (mem) {
        st = report_write_pdf(plan, mem);
        if (fclose(mem) != 0 && st == KV_OK)
            st = KV_ERR_NOMEM;
    }
    kv_status rc = KV_OK;
    if (st != KV_OK) {
        const char *why = plan ? report_error(plan) : NULL;
        rc = kv_fail(err, st == KV_ERR_OUTPUT ? KV_ERR_OUTPUT : KV_ERR_INTERNAL,
                     "Teilnehmerbericht berichte/%s.pdf: %s", id, why ? why : "zu wenig Speicher");
    }
    report_free(plan);
    atomic_fetch_add(&run->q->report_ns, cpu_ns() - t);
    char *name = rc == KV_OK ? outputs_name(OUT_PARTICIPANT_REPORT, id, 0) : NULL;
    if (rc == KV_OK)
        rc = name ? out_save(run->o.report_dir, name, put_bytes, out, err)
                  : kv_fail(err, KV_ERR_NOMEM, "Teilnehmerbericht: zu wenig Speicher");
    free(name);
    return rc;
}

/* DIR/ID.xlsx and REPORTDIR/ID.pdf, then the mail draft with both. A
 * failure is said on stderr: this runs in a worker process. */
static kv_status write_workbook(const annex_run *run, size_t city)
{
    kv_error err = {0};
    char *name = outputs_name(OUT_WORKBOOK, run->o.xo->ds->cities[city].id, 0);
    char *path = name ? out_path(run->o.dir, name) : NULL;
    free(name);
    kv_status rc = path ? KV_OK : kv_fail(&err, KV_ERR_NOMEM, "Arbeitsmappe: zu wenig Speicher");
    out_file f;
    int reserved = rc == KV_OK && out_reserve(&f, path) == 0;
    if (reserved && (rc = xlsx_write_annex(run->o.xo, city, f.tmp, &err)) != KV_OK) {
        out_abort(&f);
    } else if (rc == KV_OK && (!reserved || out_commit(&f) < 0)) {
        rc = out_failed(&err, path);
    }
    bytes pdf = {NULL, 0};
    if (rc == KV_OK && run->o.report_dir)
        rc = write_report(run, city, &pdf, &err);
    if (rc == KV_OK && run->o.mail_dir)
        rc = write_mail(run, city, path, run->o.report_dir ? &pdf : NULL, &err);
    if (rc != KV_OK)
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&err));
    kv_error_free(&err);
    free(pdf.p);
    free(path);
    return rc;
}

/* Takes one piece and does it: 1 when done with it, 0 when there is none
 * left or it failed (then *st is its failure and the queue is stopped).
 * *workbook is set when the piece was a workbook. */
static int take(const annex_run *run, size_t slot, int *workbook, kv_status *st)
{
    queue *q = run->q;
    *workbook = 0;
    if (atomic_load(&q->stop))
        return 0;
    size_t i = atomic_fetch_add(&q->next, 1), nlead = run->o.nlead;
    if (i >= nlead + run->n)
        return 0;
    if (slot < run->nworkers)
        atomic_store(&run->doing[slot], i + 1);
    unsigned long long t = cpu_ns();
    kv_status rc = i < nlead ? run->o.lead[i].fn(run->o.lead[i].arg)
                             : write_workbook(run, run->list[i - nlead]);
    atomic_fetch_add(&q->cpu_ns[i < nlead ? i : nlead], cpu_ns() - t);
    if (slot < run->nworkers)
        atomic_store(&run->doing[slot], 0);
    if (rc != KV_OK) {
        atomic_store(&q->stop, 1);
        *st = rc;
        return 0;
    }
    *workbook = i >= nlead;
    return 1;
}

typedef struct {
    const annex_run *run;
    size_t slot;  /* index of the worker */
    int write_fd; /* progress, or -1 */
} worker_arg;

static kv_status worker(void *arg)
{
    const worker_arg *a = arg;
    int progress_fd = a->write_fd, workbook;
    kv_status st = KV_OK;
    if (a->run->progress_fd >= 0)
        close(a->run->progress_fd);
    while (take(a->run, a->slot, &workbook, &st)) {
        /* non-blocking: a full pipe only costs progress output */
        if (workbook && progress_fd >= 0 && write(progress_fd, "+", 1) < 0)
            progress_fd = -1;
    }
    report_participant_end();
    return st;
}

static void free_run(annex_run *run)
{
    if (run->progress_fd >= 0)
        close(run->progress_fd);
    if (run->q)
        munmap(run->q, sizeof *run->q);
    if (run->doing)
        munmap(run->doing, run->ndoing * sizeof *run->doing);
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
    for (size_t c = 0; run->list && o->dir && c < ds->ncities; c++)
        if (o->selected[c])
            run->list[run->n++] = c;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t jobs = o->jobs > 0 ? (size_t)o->jobs : (cpus > 0 ? (size_t)cpus : 1);
    /* the caller is busy with the PDF: the other pieces are for the
     * workers, as many as there are pieces */
    size_t pieces = o->nlead + run->n;
    run->nworkers = jobs - 1 < pieces ? jobs - 1 : pieces;
    run->pids = calloc(run->nworkers + 1, sizeof *run->pids);
    void *q = mmap(NULL, sizeof *run->q, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    run->q = q == MAP_FAILED ? NULL : q;
    run->ndoing = run->nworkers + 1;
    void *doing = mmap(NULL, run->ndoing * sizeof *run->doing, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    run->doing = doing == MAP_FAILED ? NULL : doing;
    if (!run->list || !run->pids || !run->q || !run->doing) {
        fprintf(stderr, "kvreport: zu wenig Speicher für die Arbeitsprozesse\n");
        free_run(run);
        return NULL;
    }
    atomic_init(&run->q->next, 0);
    atomic_init(&run->q->stop, 0);
    for (size_t i = 0; i <= ANNEX_LEAD_MAX; i++)
        atomic_init(&run->q->cpu_ns[i], 0);
    atomic_init(&run->q->report_ns, 0);
    for (size_t w = 0; w <= run->nworkers; w++)
        atomic_init(&run->doing[w], 0);
    int fds[2] = {-1, -1};
    if (run->nworkers && pipe(fds) == 0) {
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        fcntl(fds[1], F_SETFL, O_NONBLOCK);
        run->progress_fd = fds[0];
    }
    for (size_t w = 0; w < run->nworkers; w++) {
        worker_arg a = {run, w, fds[1]};
        run->pids[w] = task_start(worker, &a);
        if (run->pids[w] < 0) {
            fprintf(stderr, "kvreport: Hinweis: weniger Arbeitsprozesse als gewünscht: %s\n",
                    kv_errno_text(errno));
            run->nworkers = w;
            break;
        }
    }
    if (fds[1] >= 0)
        close(fds[1]);
    /* Without workers the caller does the leading pieces now, before the
     * PDF: cairo numbers its surfaces per process, and the SVGs come out
     * the same only if no chart was drawn in the process before them (as
     * in a worker, forked before the PDF). */
    int workbook;
    for (size_t i = 0; run->nworkers == 0 && i < o->nlead && run->lead_st == KV_OK; i++)
        take(run, run->nworkers, &workbook, &run->lead_st);
    return run;
}

static void show_progress(annex_run *run, size_t more)
{
    run->done += more;
    if (run->o.progress)
        fprintf(stderr, "\rArbeitsmappen: %zu/%zu", run->done, run->n);
}

/* Counts the workers' progress bytes; blocks until they are all gone when
 * wait is set. */
static void drain_progress(annex_run *run, int wait)
{
    char buf[64];
    struct pollfd p = {run->progress_fd, POLLIN, 0};
    while (run->progress_fd >= 0 && (wait || poll(&p, 1, 0) > 0)) {
        ssize_t got = read(run->progress_fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        show_progress(run, (size_t)got);
    }
}

/* A worker died by a signal: say what it was writing. */
static void say_killed(const annex_run *run, size_t w, int signo)
{
    size_t i = atomic_load(&run->doing[w]), nlead = run->o.nlead;
    const dataset *ds = run->o.xo->ds;
    if (i == 0)
        fprintf(stderr, "kvreport: ein Arbeitsprozess wurde durch Signal %d (%s) beendet\n", signo,
                strsignal(signo));
    else if (i - 1 < nlead)
        fprintf(stderr,
                "kvreport: der Arbeitsprozess für %s wurde durch Signal %d (%s) beendet; es wurde "
                "nichts veröffentlicht\n",
                run->o.lead[i - 1].name, signo, strsignal(signo));
    else
        fprintf(stderr,
                "kvreport: der Arbeitsprozess für annex/%s.xlsx wurde durch Signal %d (%s) "
                "beendet; es wurde nichts veröffentlicht\n",
                ds->cities[run->list[i - 1 - nlead]].id, signo, strsignal(signo));
}

kv_status annex_finish(annex_run *run, int cancel, double *cpu)
{
    kv_status rc = KV_OK;
    int workbook;
    if (cancel)
        atomic_store(&run->q->stop, 1);
    while (take(run, run->nworkers, &workbook, &rc)) {
        drain_progress(run, 0);
        if (workbook)
            show_progress(run, 1);
    }
    rc = kv_first(run->lead_st, rc);
    report_participant_end();
    drain_progress(run, 1);
    if (run->o.progress && run->n)
        fputc('\n', stderr);
    for (size_t w = 0; w < run->nworkers; w++) {
        int signo;
        kv_status st = task_wait(run->pids[w], &signo);
        if (signo)
            say_killed(run, w, signo);
        rc = kv_first(rc, st);
    }
    double reports = (double)atomic_load(&run->q->report_ns) / 1e9;
    for (size_t i = 0; i <= run->o.nlead; i++)
        cpu[i] += (double)atomic_load(&run->q->cpu_ns[i]) / 1e9;
    cpu[run->o.nlead] -= reports;
    cpu[run->o.nlead + 1] += reports;
    free_run(run);
    return rc;
}
