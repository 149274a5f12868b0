/* run.c - the pipeline: read -> validate -> compute -> write atomically. */
#include "run.h"

#include "dataset.h"
#include "annex.h"
#include "chart.h"
#include "diag.h"
#include "export.h"
#include "kz.h"
#include "csv.h"
#include "layout.h"
#include "mail.h"
#include "out.h"
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef KV_DATADIR
#define KV_DATADIR "/usr/local/share/kvreport"
#endif

#define DIAG_CAP     20000
#define STDERR_LINES 50

/* Writes dir/name atomically through fn. 0, or EXIT_CANTCREAT after a
 * message naming the path. */
static int write_output(const char *dir, const char *name, out_write_fn fn, const void *ctx)
{
    return out_save(dir, name, fn, ctx) < 0 ? EXIT_CANTCREAT : EXIT_OK;
}

static int write_validation(const void *ctx, FILE *fp)
{
    return diag_write_csv(ctx, fp);
}

typedef struct {
    const kz_result *r;
    int year;
} kzw_ctx;

static int write_kennzahlwerte(const void *ctx, FILE *fp)
{
    const kzw_ctx *c = ctx;
    return export_kennzahlwerte(c->r, c->year, fp);
}

static int latest_year(const dataset *ds)
{
    return ds && ds->nyears ? ds->years[ds->nyears - 1] : 0;
}

/* Phase timings for make bench: printed to stderr when KVREPORT_TIMING
 * is set; the command line of the contract stays as it is. The PDF,
 * kennzahlwerte.csv, the SVGs and the workbooks are written at the same
 * time by different processes: "render" is their common wall time; "csv",
 * "svg" and "workbooks" the CPU seconds spent on them in whichever
 * process; "pdf" and "charts" the main process's time for the document
 * and for drawing its charts; "mails" the manifest. */
enum {
    PH_READ,
    PH_COMPUTE,
    PH_CSV,
    PH_PDF,
    PH_CHARTS,
    PH_SVG,
    PH_XLSX,
    PH_RENDER,
    PH_MAIL,
    PH_COUNT
};
static double phase[PH_COUNT];

static double clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_timing(void)
{
    static const char *const names[PH_COUNT] = {
        "read+validate", "compute", "csv", "pdf", "charts", "svg", "workbooks", "render", "mails"};
    if (!getenv("KVREPORT_TIMING"))
        return;
    /* the PDF time includes the charts drawn for it */
    phase[PH_CHARTS] = chart_seconds();
    phase[PH_PDF] -= phase[PH_CHARTS];
    fprintf(stderr, "kvreport-timing:");
    for (int i = 0; i < PH_COUNT; i++)
        fprintf(stderr, " %s=%.3f", names[i], phase[i]);
    fputc('\n', stderr);
}

/* The directory holding the running executable, or NULL. */
static char *exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    return strdup(buf);
}

static int readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* The default layout: in the source tree (build/kvreport or
 * build/asan/kvreport next to layouts/), then under an install prefix
 * (PREFIX/bin/kvreport, PREFIX/share/kvreport), then the configured one. */
static char *default_layout(void)
{
    char *dir = exe_dir(), path[PATH_MAX];
    const char *const rel[] = {"/../layouts/standard.layout", "/../../layouts/standard.layout",
                               "/../share/kvreport/layouts/standard.layout"};
    for (size_t i = 0; dir && i < sizeof rel / sizeof *rel; i++) {
        snprintf(path, sizeof path, "%s%s", dir, rel[i]);
        if (readable(path)) {
            free(dir);
            return strdup(path);
        }
    }
    free(dir);
    return strdup(KV_DATADIR "/layouts/standard.layout");
}

static layout *load_layout(const run_options *opt, diag_list *diag, int *rc)
{
    char *path = opt->layout ? strdup(opt->layout) : default_layout();
    char fontdir[PATH_MAX] = ".";
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (slash)
        snprintf(fontdir, sizeof fontdir, "%.*s/../fonts", (int)(slash - path), path);
    static const char installed_fonts[] = KV_DATADIR "/fonts";
    const char *const dirs[] = {fontdir, installed_fonts, "/usr/share/fonts/truetype/noto",
                                "/usr/share/fonts/truetype/dejavu", NULL};
    layout *lay = NULL;
    if (!path || !readable(path)) {
        diag_add(diag, DIAG_ERROR, path ? path : "layout", 0, NULL, 0, NULL,
                 "Layoutdatei fehlt oder ist nicht lesbar");
        *rc = EXIT_NOINPUT;
    } else if (!(lay = layout_load(path, dirs, diag))) {
        *rc = EXIT_DATAERR;
    }
    free(path);
    return lay;
}

/* The run's time: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
static time_t run_time(int *utc)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e && strspn(e, "0123456789") == strlen(e) && strlen(e) < 19) {
        *utc = 1;
        return (time_t)strtoll(e, NULL, 10);
    }
    *utc = 0;
    return time(NULL);
}

typedef struct {
    const render_ctx *rc;
    char err[300];
    int status;
} pdf_ctx;

static int write_pdf(const void *ctx, FILE *fp)
{
    pdf_ctx *c = (pdf_ctx *)ctx;
    c->status = report_write(c->rc, NULL, fp, c->err, sizeof c->err);
    return c->status == 0 ? 0 : -1;
}

/* What a run writes under --shard K/N: shard 0 the report, the others
 * the workbooks and mails; without --shard both. */
static int writes_report(const run_options *opt)
{
    return !opt->shard_n || opt->shard_k == 0;
}

static int writes_annexes(const run_options *opt)
{
    return !opt->shard_n || opt->shard_k > 0;
}

/* The participants whose workbooks and mails this run writes: all, or
 * those named with --city, and of those only the run's --shard. A
 * malloc'ed mask, one byte per participant. */
static uint8_t *selection(const run_options *opt, const dataset *ds)
{
    uint8_t *sel = calloc(ds->ncities + 1, 1);
    for (size_t c = 0; sel && c < ds->ncities; c++) {
        sel[c] = opt->ncities == 0;
        for (size_t i = 0; i < opt->ncities && !sel[c]; i++)
            sel[c] = strcmp(opt->cities[i], ds->cities[c].id) == 0;
        if (opt->shard_n)
            sel[c] &= writes_annexes(opt) && c % (size_t)opt->shard_n == (size_t)opt->shard_k - 1;
    }
    return sel;
}

/* Creates yeardir/name; its path, or NULL after a message naming it. */
static char *make_subdir(const char *yeardir, const char *name)
{
    char *dir = out_path(yeardir, name);
    if (!dir || out_mkdirs(dir) < 0) {
        fprintf(stderr, "kvreport: %s/%s kann nicht angelegt werden: %s\n", yeardir, name,
                strerror(errno));
        free(dir);
        return NULL;
    }
    return dir;
}

/* With --mail, participants without a usable address are worth a warning
 * in the validation report: they will get no message. */
static void check_mail_recipients(const run_options *opt, const uint8_t *sel, const dataset *ds,
                                  diag_list *diag)
{
    char to[2048];
    for (size_t c = 0; opt->mail && c < ds->ncities; c++)
        if (sel[c] && mail_recipients(ds->cities[c].email, to, sizeof to) == 0)
            diag_add(diag, DIAG_WARNING, "cities.csv", ds->cities[c].line, ds->cities[c].id, 0,
                     NULL,
                     "keine gültige E-Mail-Adresse für %s; es wird kein Mail-Entwurf erstellt",
                     ds->cities[c].id);
}

typedef struct {
    const uint8_t *sel;
    const render_ctx *mo;
} manifest_ctx;

static int write_manifest(const void *ctx, FILE *fp)
{
    const manifest_ctx *m = ctx;
    const dataset *ds = m->mo->ds;
    fputs("city;to;subject;attachment;eml\n", fp);
    for (size_t c = 0; c < ds->ncities; c++) {
        char to[2048], subject[600], att[128], eml[128];
        if (!m->sel[c] || mail_recipients(ds->cities[c].email, to, sizeof to) == 0)
            continue;
        mail_subject(m->mo, c, subject, sizeof subject);
        snprintf(att, sizeof att, "annex/%s.xlsx", ds->cities[c].id);
        snprintf(eml, sizeof eml, "mail/%s.eml", ds->cities[c].id);
        const char *fields[] = {ds->cities[c].id, to, subject, att, eml};
        for (int i = 0; i < 5; i++) {
            csv_write_field(fp, fields[i]);
            fputc(i < 4 ? ';' : '\n', fp);
        }
    }
    return ferror(fp) ? -1 : 0;
}

/* The report's PDF, written by the parent process. */
static int render_pdf(const render_ctx *rc, const char *yeardir)
{
    char name[64];
    pdf_ctx c = {.rc = rc};
    snprintf(name, sizeof name, "monitoring-%d.pdf", rc->year);
    int status = write_output(yeardir, name, write_pdf, &c);
    if (c.status != 0) {
        fprintf(stderr, "kvreport: PDF-Bericht: %s\n", c.err);
        status = c.status == -2 ? EXIT_CANTCREAT : EXIT_SOFTWARE;
    }
    return status;
}

/* The leading pieces of the parallel work: kennzahlwerte.csv and the SVG
 * copies of the charts (OUT/YEAR/charts/). */
typedef struct {
    const render_ctx *rc;
    const char *yeardir, *charts;
} lead_ctx;

static int write_values(void *arg)
{
    const lead_ctx *c = arg;
    kzw_ctx kc = {c->rc->kz, c->rc->year};
    return write_output(c->yeardir, "kennzahlwerte.csv", write_kennzahlwerte, &kc);
}

static int write_svgs(void *arg)
{
    const lead_ctx *c = arg;
    char err[300];
    int st = report_write(c->rc, c->charts, NULL, err, sizeof err);
    if (st == 0)
        return EXIT_OK;
    fprintf(stderr, "kvreport: Diagramme (SVG): %s\n", err);
    return st == -2 ? EXIT_CANTCREAT : EXIT_SOFTWARE;
}

static int first_error(int a, int b)
{
    return a != EXIT_OK ? a : b;
}

/* Everything written from the results, in parallel (annex.h): the workers
 * start with kennzahlwerte.csv and the SVGs, then the workbooks (OUT/YEAR/
 * annex/, all participants or those of --city and --shard) with their mail
 * drafts; the parent writes the PDF meanwhile and then joins them. The mail
 * manifest comes last. */
static int render_all(const run_options *opt, const uint8_t *sel, const render_ctx *rc,
                      const char *yeardir)
{
    int report = writes_report(opt), annexes = writes_annexes(opt);
    char *annex_dir = annexes ? make_subdir(yeardir, "annex") : NULL;
    char *mail_dir = annexes && opt->mail ? make_subdir(yeardir, "mail") : NULL;
    char *charts = report ? make_subdir(yeardir, "charts") : NULL;
    int status =
        (!annexes || annex_dir) && (!annexes || !opt->mail || mail_dir) && (!report || charts)
            ? EXIT_OK
            : EXIT_CANTCREAT;
    lead_ctx lc = {rc, yeardir, charts};
    annex_opts ao = {.xo = rc,
                     .dir = annex_dir,
                     .mail_dir = mail_dir,
                     .selected = sel,
                     .jobs = opt->jobs,
                     .progress = !opt->quiet && isatty(STDERR_FILENO),
                     .lead = {{write_values, &lc}, {write_svgs, &lc}},
                     .nlead = report ? 2 : 1};
    annex_run *ar = status == EXIT_OK ? annex_start(&ao) : NULL;
    if (status == EXIT_OK && !ar)
        status = EXIT_SOFTWARE;
    double t = clock_now();
    if (status == EXIT_OK && report)
        status = render_pdf(rc, yeardir);
    phase[PH_PDF] = clock_now() - t;
    if (ar) {
        double cpu[ANNEX_LEAD_MAX + 1] = {0};
        status = first_error(status, annex_finish(ar, status != EXIT_OK, cpu));
        phase[PH_CSV] = cpu[0];
        phase[PH_SVG] = report ? cpu[1] : 0;
        phase[PH_XLSX] = cpu[ao.nlead];
    }
    t = clock_now();
    manifest_ctx m = {sel, rc};
    if (status == EXIT_OK && mail_dir)
        status = write_output(mail_dir, "manifest.csv", write_manifest, &m);
    phase[PH_MAIL] = clock_now() - t;
    free(annex_dir);
    free(mail_dir);
    free(charts);
    return status;
}

static int check_cities(const run_options *opt, const dataset *ds, diag_list *diag)
{
    int ok = 1;
    for (size_t i = 0; i < opt->ncities; i++) {
        if (dataset_city_index(ds, opt->cities[i]) < 0) {
            diag_add(diag, DIAG_ERROR, NULL, 0, opt->cities[i], 0, NULL,
                     "--city %s: kein Teilnehmer mit dieser id in cities.csv", opt->cities[i]);
            ok = 0;
        }
    }
    return ok;
}

int run_job(const run_options *opt)
{
    diag_list *diag = diag_new(DIAG_CAP);
    dataset *ds = NULL;
    kz_result *kz = NULL;
    char *yeardir = NULL;
    uint8_t *sel = NULL;
    int lockfd = -1, rc = EXIT_OK;
    if (!diag)
        return EXIT_SOFTWARE;
    int lay_rc = EXIT_OK;
    layout *lay = load_layout(opt, diag, &lay_rc);

    ds_options dso = {.decimal = opt->decimal, .change_warn = opt->change_warn};
    double t = clock_now();
    ds_status st = dataset_load(opt->input, &dso, diag, &ds);
    phase[PH_READ] = clock_now() - t;
    int year = opt->year ? opt->year : latest_year(ds);
    if (st == DS_MISSING || lay_rc == EXIT_NOINPUT)
        rc = EXIT_NOINPUT;
    else if (st != DS_OK || lay_rc != EXIT_OK)
        rc = EXIT_DATAERR;
    if (rc == EXIT_OK && dataset_year_index(ds, year) < 0) {
        diag_add(diag, DIAG_ERROR, ds->basedata_file, 0, NULL, year, NULL,
                 "Berichtsjahr %d kommt in den Basiszahlen nicht vor", year);
        rc = EXIT_DATAERR;
    }
    if (rc == EXIT_OK && !check_cities(opt, ds, diag))
        rc = EXIT_DATAERR;
    if (rc == EXIT_OK && !(sel = selection(opt, ds)))
        rc = EXIT_SOFTWARE;
    if (rc == EXIT_OK)
        check_mail_recipients(opt, sel, ds, diag);
    if (rc == EXIT_OK) {
        /* also for --check: zero denominators belong to the validation */
        t = clock_now();
        kz = kz_compute(ds, diag);
        phase[PH_COMPUTE] = clock_now() - t;
        if (!kz) {
            fprintf(stderr, "kvreport: zu wenig Speicher für die Kennzahlen\n");
            rc = EXIT_SOFTWARE;
        } else
            xlsx_check(ds, opt->draft, diag); /* what a workbook must shorten */
    }
    diag_print(diag, stderr, !opt->quiet, STDERR_LINES);

    /* outputs: lock the output root, then write into OUT/YEAR. Without any
     * year (basedata unreadable, no --year) the validation report still
     * gets written, to OUT itself. */
    char ybuf[16];
    snprintf(ybuf, sizeof ybuf, "%d", year);
    yeardir = year ? out_path(opt->output, ybuf) : strdup(opt->output);
    if (!yeardir || out_mkdirs(opt->output) < 0) {
        fprintf(stderr, "kvreport: Ausgabeverzeichnis %s kann nicht angelegt werden: %s\n",
                opt->output, strerror(errno));
        rc = EXIT_CANTCREAT;
        goto done;
    }
    out_lock_status ls = out_lock(opt->output, &lockfd);
    if (ls == OUT_BUSY) {
        fprintf(stderr,
                "kvreport: ein anderer Lauf schreibt gerade nach %s; bitte später erneut "
                "versuchen\n",
                opt->output);
        rc = EXIT_TEMPFAIL;
        goto done;
    }
    if (ls != OUT_LOCKED) {
        fprintf(stderr, "kvreport: Sperrdatei in %s kann nicht angelegt werden: %s\n", opt->output,
                strerror(errno));
        rc = EXIT_CANTCREAT;
        goto done;
    }
    /* leftovers of a run that was killed while writing */
    static const char *const subdirs[] = {"", "annex", "charts", "mail"};
    for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
        char *d = subdirs[i][0] ? out_path(yeardir, subdirs[i]) : strdup(yeardir);
        if (d)
            out_sweep(d);
        free(d);
    }
    if (out_mkdirs(yeardir) < 0) {
        fprintf(stderr, "kvreport: Ausgabeverzeichnis %s kann nicht angelegt werden: %s\n", yeardir,
                strerror(errno));
        rc = EXIT_CANTCREAT;
        goto done;
    }
    int wrc = write_output(yeardir, "validation.csv", write_validation, diag);
    if (wrc) {
        rc = rc == EXIT_OK ? wrc : rc;
        goto done;
    }
    if (rc == EXIT_OK && opt->check && !opt->quiet)
        fprintf(stderr,
                "kvreport: Prüfung ohne Fehler (%zu Warnungen); %s/validation.csv "
                "geschrieben\n",
                diag_count(diag, DIAG_WARNING), yeardir);
    if (rc != EXIT_OK || opt->check)
        goto done;
    /* one context for all renderers: they all carry the same run time */
    render_ctx rctx = {
        .ds = ds, .kz = kz, .lay = lay, .diag = diag, .year = year, .draft = opt->draft};
    rctx.when = run_time(&rctx.utc);
    t = clock_now();
    if (rc == EXIT_OK)
        rc = render_all(opt, sel, &rctx, yeardir);
    phase[PH_RENDER] = clock_now() - t;
    if (rc == EXIT_OK && !opt->quiet) {
        size_t nsel = 0;
        char pdf[64] = "";
        for (size_t c = 0; c < ds->ncities; c++)
            nsel += sel[c];
        if (writes_report(opt))
            snprintf(pdf, sizeof pdf, "monitoring-%d.pdf, ", year);
        fprintf(stderr,
                "kvreport: %zu Teilnehmer, %zu Kennzahlen, Berichtsjahr %d: %s%zu Arbeitsmappen%s, "
                "kennzahlwerte.csv und validation.csv in %s geschrieben (%zu Warnungen)\n",
                ds->ncities, ds->nkz, year, pdf, nsel, opt->mail && nsel ? ", Mail-Entwürfe" : "",
                yeardir, diag_count(diag, DIAG_WARNING));
    }
done:
    if (rc == EXIT_OK)
        print_timing();
    if (rc == EXIT_DATAERR && !opt->quiet)
        fprintf(stderr,
                "kvreport: %zu Fehler in den Eingabedaten; es wurden keine Ergebnisse "
                "geschrieben\n",
                diag_count(diag, DIAG_ERROR));
    out_unlock(lockfd);
    free(sel);
    layout_free(lay);
    free(yeardir);
    kz_free(kz);
    dataset_free(ds);
    diag_free(diag);
    return rc;
}
