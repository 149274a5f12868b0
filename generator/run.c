/* run.c - the pipeline: one job through the steps read -> validate ->
 * compute -> stage -> render -> publish (the table `steps` at the end),
 * outputs named by outputs.h and published whole by gen.h. */
#include "run.h"

#include "dataset.h"
#include "annex.h"
#include "changes.h"
#include "diag.h"
#include "export.h"
#include "fmt.h"
#include "gen.h"
#include "kz.h"
#include "csv.h"
#include "layout.h"
#include "mail.h"
#include "mail_manifest.h"
#include "out.h"
#include "outputs.h"
#include "pdfdoc.h"
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef KV_DATADIR
#define KV_DATADIR "/usr/local/share/kvreport"
#endif

#define DIAG_CAP     20000
#define STDERR_LINES 50

/* Writes the output id (outputs.h; key and year name it) below dir, the
 * generation's staging directory, through fn. KV_OK, or the failure after
 * a message naming the path. */
static kv_status write_output(const char *dir, output_id id, const char *key, int year,
                              out_write_fn fn, const void *ctx)
{
    char *rel = outputs_path(id, key, year);
    kv_error e = {0};
    kv_status st =
        rel ? out_save(dir, rel, fn, ctx, &e) : kv_fail(&e, KV_ERR_NOMEM, "zu wenig Speicher");
    if (st != KV_OK)
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&e));
    kv_error_free(&e);
    free(rel);
    return st;
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

static int write_ringwerte(const void *ctx, FILE *fp)
{
    const kzw_ctx *c = ctx;
    return export_ringwerte(c->r, c->year, fp);
}

static int latest_year(const dataset *ds)
{
    return ds && ds->nyears ? ds->years[ds->nyears - 1] : 0;
}

/* Phase timings for make bench: printed to stderr when KVREPORT_TIMING
 * is set; the command line of the contract stays as it is. The PDF,
 * kennzahlwerte.csv, the SVGs and the workbooks are written at the same
 * time by different processes: "render" is their common wall time; "csv",
 * "svg", "workbooks" and "reports" (the participant reports, written
 * beside the workbooks) the CPU seconds spent on them in whichever
 * process; "pdf" and "charts" the main process's time for the document
 * and for drawing its charts; "mails" the manifest; "changes" reading the
 * previous generation's state, comparing with it and writing the new one
 * (changes.h). */
enum {
    PH_READ,
    PH_COMPUTE,
    PH_CSV,
    PH_PDF,
    PH_CHARTS,
    PH_SVG,
    PH_XLSX,
    PH_REPORTS,
    PH_RENDER,
    PH_MAIL,
    PH_CHANGES,
    PH_RINGS,
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
    static const char *const names[PH_COUNT] = {"read+validate", "compute", "csv",       "pdf",
                                                "charts",        "svg",     "workbooks", "reports",
                                                "render",        "mails",   "changes",   "rings"};
    if (!getenv("KVREPORT_TIMING"))
        return;
    /* the PDF time includes the charts drawn for it (taken when the PDF
     * was done: the participant reports draw charts in this process too) */
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

static layout *load_layout(const run_options *opt, diag_list *diag, kv_status *rc)
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
    struct stat st;
    if (!path || !readable(path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_add(diag, DIAG_ERROR, path ? path : "layout", 0, NULL, 0, NULL,
                 "Layoutdatei fehlt, ist nicht lesbar oder keine reguläre Datei");
        *rc = KV_ERR_INPUT;
    } else if (!(lay = layout_load(path, dirs, diag))) {
        *rc = KV_ERR_DATA;
    } else {
        tx_use((const char *const *)lay->tx); /* TX: the layout's [texte] */
    }
    free(path);
    return lay;
}

/* The run's time: SOURCE_DATE_EPOCH when set (reproducible builds; main.c
 * has checked it), else now. */
static time_t run_time(const run_options *opt, int *utc)
{
    *utc = opt->epoch_set;
    return opt->epoch_set ? (time_t)opt->epoch : time(NULL);
}

static int write_pdf(const void *ctx, FILE *fp)
{
    return report_write_pdf((report *)ctx, fp) == KV_OK ? 0 : -1;
}

/* The status of a report's failure, said on stderr. */
static kv_status report_exit(const report *plan, const char *what)
{
    if (report_status_of(plan) == KV_OK)
        return KV_OK;
    fprintf(stderr, "kvreport: %s: %s\n", what, report_error(plan));
    return report_status_of(plan) == KV_ERR_OUTPUT ? KV_ERR_OUTPUT : KV_ERR_INTERNAL;
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

/* What a run publishes and so may replace or remove (gen.h): the report
 * files when it writes the report, the workbooks, mails and (later)
 * participant reports of its participants, and the tables every run
 * writes; a --check run or one stopped by a data error only its
 * validation.csv. Participants that left cities.csv belong to every run
 * but a --city run. */
typedef struct {
    const run_options *opt;
    const dataset *ds; /* NULL when only validation.csv is published */
    const uint8_t *sel;
    int year;
} scope;

static gen_owner owns_output(void *ctx, const char *rel)
{
    const scope *sc = ctx;
    char id[33];
    output_id o = outputs_of(rel, id);
    if (o == OUT_NONE)
        return GEN_FOREIGN;
    if (!sc->ds) /* only validation.csv */
        return o == OUT_VALIDATION ? GEN_OWNED : GEN_KEEP;
    switch (outputs_owner(o)) {
    case OUTPUT_EVERY_RUN:
        return GEN_OWNED;
    case OUTPUT_REPORT_RUN:
        return writes_report(sc->opt) ? GEN_OWNED : GEN_KEEP;
    case OUTPUT_ANNEX_RUN:
        return writes_annexes(sc->opt) ? GEN_OWNED : GEN_KEEP;
    case OUTPUT_PARTICIPANT:
        break;
    }
    int c = dataset_city_index(sc->ds, id);
    if (c >= 0)
        return sc->sel[c] ? GEN_OWNED : GEN_KEEP;
    return sc->opt->ncities || !writes_annexes(sc->opt) ? GEN_KEEP : GEN_OWNED;
}

/* Creates yeardir/name; its path, or NULL after a message naming it. */
static char *make_subdir(const char *yeardir, const char *name)
{
    char *dir = out_path(yeardir, name);
    if (!dir || out_mkdirs(dir) < 0) {
        fprintf(stderr, "kvreport: %s/%s kann nicht angelegt werden: %s\n", yeardir, name,
                kv_errno_text(errno));
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
    for (size_t c = 0; opt->mail && c < ds->ncities; c++)
        if (sel[c] && mail_recipient_count(ds->cities[c].email) == 0)
            diag_add(diag, DIAG_WARNING, "cities.csv", ds->cities[c].line, ds->cities[c].id, 0,
                     NULL,
                     "keine gültige E-Mail-Adresse für %s; es wird kein Mail-Entwurf erstellt",
                     ds->cities[c].id);
    if (opt->mail && mail_office_clash(ds))
        diag_add(diag, DIAG_WARNING, "cities.csv", 0, "geschaeftsstelle", 0, NULL,
                 "ein Teilnehmer hat die id geschaeftsstelle: der Mail-Entwurf an die "
                 "Geschäftsstelle (mail/%s) entfällt",
                 MAIL_OFFICE_FILE);
}

/* A name with a character no font of the PDF has is not lost silently:
 * the reports show a missing-glyph box there, and the warning says so. */
static void check_glyphs(const layout *lay, const dataset *ds, diag_list *diag)
{
    for (size_t c = 0; c < ds->ncities; c++) {
        const ds_city *ct = &ds->cities[c];
        const char *texts[] = {ct->name, ct->shortname, ct->group};
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            uint32_t cp = pdfdoc_missing_char(lay, texts[i]);
            if (cp)
                diag_add(diag, DIAG_WARNING, "cities.csv", ct->line, ct->id, 0, NULL,
                         "das Zeichen U+%04X in „%s“ hat keine Schrift des Berichts; das PDF "
                         "zeigt dort ein Ersatzzeichen",
                         (unsigned)cp, texts[i]);
        }
    }
}

/* What the next run compares with (changes.h), and aenderungen.csv with
 * its summary line when there is a previous generation to compare to. */
typedef struct {
    const chg_state *prev;
    const render_ctx *rc;
    const uint8_t *sel; /* the participants compared and restated; NULL: all */
    const uint64_t *digests;
    chg_counts counts;
} changes_ctx;

static int write_changes(const void *ctx, FILE *fp)
{
    changes_ctx *c = (changes_ctx *)ctx;
    return chg_write_csv(c->prev, c->rc, c->sel, fp, &c->counts);
}

static int write_state(const void *ctx, FILE *fp)
{
    const changes_ctx *c = ctx;
    return chg_write_state(c->prev, c->rc, c->sel, c->digests, fp);
}

/* The report's PDF, rendered from the plan by the parent process. */
static kv_status render_pdf(report *plan, const render_ctx *rc, const char *yeardir)
{
    kv_status status = write_output(yeardir, OUT_REPORT, NULL, rc->year, write_pdf, plan);
    return report_status_of(plan) != KV_OK ? report_exit(plan, "PDF-Bericht") : status;
}

/* The leading pieces of the parallel work: kennzahlwerte.csv (and
 * ringwerte.csv when the circle has rings) and the SVG copies of the
 * charts (OUT/YEAR/charts/). */
typedef struct {
    const render_ctx *rc;
    const char *yeardir, *charts;
    report *plan;
} lead_ctx;

static kv_status write_values(void *arg)
{
    const lead_ctx *c = arg;
    kzw_ctx kc = {c->rc->kz, c->rc->year};
    kv_status st = write_output(c->yeardir, OUT_VALUES, NULL, 0, write_kennzahlwerte, &kc);
    if (st == KV_OK && c->rc->kz->ds->nrings > 0)
        st = write_output(c->yeardir, OUT_RINGS, NULL, 0, write_ringwerte, &kc);
    return st;
}

static kv_status write_svgs(void *arg)
{
    const lead_ctx *c = arg;
    report_write_svgs(c->plan, c->charts);
    return report_exit(c->plan, "Diagramme (SVG)");
}

/* One report per comparison ring (OUT/YEAR/ringe/), in a worker like the
 * SVGs: planned there, after the fork, from the same results. */
static kv_status write_rings(void *arg)
{
    const lead_ctx *c = arg;
    kv_error e = {0};
    kv_status st = report_write_rings(c->plan, c->yeardir, &e);
    if (st != KV_OK)
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&e));
    kv_error_free(&e);
    return st;
}

/* A run that writes the report writes the rings' reports too (a --city
 * run as well: its PDF is whole), unless the layout turns them off. */
static int writes_ring_reports(const run_options *opt, const render_ctx *rc)
{
    return writes_report(opt) && rc->ds->nrings > 0 && rc->lay->ring_reports;
}

/* Everything written from the results, in parallel (annex.h): the workers
 * start with kennzahlwerte.csv and the SVGs (from the report's plan, laid
 * out before they start), then the workbooks (OUT/YEAR/
 * annex/, all participants or those of --city and --shard) with their mail
 * drafts; the parent writes the PDF meanwhile and then joins them. The mail
 * manifest comes last. */
static kv_status render_all(const run_options *opt, const uint8_t *sel, const render_ctx *rc,
                            const char *yeardir, const chg_state *prev)
{
    int with_report = writes_report(opt), annexes = writes_annexes(opt);
    char *annex_dir = annexes ? make_subdir(yeardir, outputs_dir(OUT_WORKBOOK)) : NULL;
    char *mail_dir = annexes && opt->mail ? make_subdir(yeardir, outputs_dir(OUT_MAIL)) : NULL;
    /* the participant reports go with the workbooks, before their mails */
    int parts = annexes && rc->lay->participant_reports;
    char *part_dir = parts ? make_subdir(yeardir, outputs_dir(OUT_PARTICIPANT_REPORT)) : NULL;
    char *charts = with_report ? make_subdir(yeardir, outputs_dir(OUT_CHART)) : NULL;
    kv_status status = (!annexes || annex_dir) && (!annexes || !opt->mail || mail_dir) &&
                               (!with_report || charts) && (!parts || part_dir)
                           ? KV_OK
                           : KV_ERR_OUTPUT;
    double t = clock_now();
    report *plan = NULL;
    if (status == KV_OK && with_report && !(plan = report_plan(rc))) {
        fputs("kvreport: PDF-Bericht: zu wenig Speicher\n", stderr);
        status = KV_ERR_NOMEM;
    } else if (plan) {
        status = report_exit(plan, "PDF-Bericht");
    }
    lead_ctx lc = {rc, yeardir, charts, plan};
    annex_opts ao = {.xo = rc,
                     .dir = annex_dir,
                     .mail_dir = mail_dir,
                     .report_dir = part_dir,
                     .selected = sel,
                     .jobs = opt->jobs,
                     .progress = !opt->quiet && isatty(STDERR_FILENO),
                     .lead = {{write_values, &lc, "kennzahlwerte.csv"},
                              {write_svgs, &lc, "charts/ (SVG)"},
                              {write_rings, &lc, "ringe/ (Berichte der Vergleichsringe)"}},
                     .nlead = with_report ? 2 + writes_ring_reports(opt, rc) : 1};
    annex_run *ar = status == KV_OK ? annex_start(&ao) : NULL;
    if (status == KV_OK && !ar)
        status = KV_ERR_NOMEM;
    if (status == KV_OK && plan)
        status = render_pdf(plan, rc, yeardir);
    phase[PH_PDF] = clock_now() - t;
    phase[PH_CHARTS] = pdfdoc_figure_seconds();
    if (ar) {
        double cpu[ANNEX_LEAD_MAX + 2] = {0};
        status = kv_first(status, annex_finish(ar, status != KV_OK, cpu));
        phase[PH_CSV] = cpu[0];
        phase[PH_SVG] = with_report ? cpu[1] : 0;
        phase[PH_RINGS] = ao.nlead > 2 ? cpu[2] : 0;
        phase[PH_XLSX] = cpu[ao.nlead];
        phase[PH_REPORTS] = cpu[ao.nlead + 1];
    }
    t = clock_now();
    /* --city and --shard K>0 runs compare and restate only their participants */
    const uint8_t *scope_sel = opt->ncities || (opt->shard_n && opt->shard_k > 0) ? sel : NULL;
    double tc = clock_now();
    changes_ctx cc = {prev, rc, scope_sel, NULL, {0}};
    if (status == KV_OK && !(cc.digests = chg_digests(prev, rc, scope_sel)))
        status = KV_ERR_NOMEM;
    if (status == KV_OK && prev)
        status = write_output(yeardir, OUT_CHANGES, NULL, 0, write_changes, &cc);
    if (status == KV_OK)
        status = write_output(yeardir, OUT_STATE, NULL, 0, write_state, &cc);
    tc = clock_now() - tc;
    phase[PH_CHANGES] += tc;
    mail_run m = {rc, sel, prev, cc.digests};
    if (status == KV_OK && mail_dir)
        status = write_output(yeardir, OUT_MANIFEST, NULL, 0, mail_manifest_write, &m);
    kv_error e = {0};
    if (status == KV_OK && mail_dir &&
        (status = mail_office_save(&m, &cc.counts, yeardir, mail_dir, &e)) != KV_OK)
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&e));
    kv_error_free(&e);
    if (status == KV_OK && prev && !opt->quiet) {
        char *line = chg_summary(&cc.counts);
        int utc;
        char when[64];
        time_t at = chg_time(prev, &utc); /* sets utc: not in one expression */
        fmt_datetime_de(at, utc, when, sizeof when);
        fprintf(stderr, "kvreport: gegenüber dem Stand vom %s: %s\n", when, line ? line : "?");
        free(line);
    }
    free((void *)cc.digests);
    phase[PH_MAIL] = clock_now() - t - tc;
    report_free(plan);
    free(annex_dir);
    free(mail_dir);
    free(part_dir);
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

/* ---- the pipeline ------------------------------------------------------------
 * One job passes through the steps of the table below in order. Each step
 * returns an exit code; after a data error (65, 66) only the steps marked
 * `always` run, so the validation report is still published; after any
 * other failure none. */
typedef struct {
    const run_options *opt;
    diag_list *diag;
    layout *lay;
    dataset *ds;
    kz_result *kz;
    uint8_t *sel; /* the participants whose workbooks and mails are written */
    int year;
    char ybuf[16];
    char *yeardir;   /* OUT/YEAR, or OUT without any year */
    int lockfd;      /* the lock on OUT */
    gen *g;          /* the generation being staged */
    chg_state *prev; /* the published generation's state, or NULL */
    kv_status rc;
} job;

/* read: the layout and the dataset with its rules, the report year, the
 * participants this run writes for. */
static kv_status step_read(job *j)
{
    const run_options *opt = j->opt;
    kv_status lay_rc = KV_OK;
    j->lay = load_layout(opt, j->diag, &lay_rc);
    ds_options dso = {.decimal = opt->decimal, .change_warn = opt->change_warn};
    kv_status st = dataset_load(opt->input, &dso, j->diag, &j->ds);
    j->year = opt->year ? opt->year : latest_year(j->ds);
    if (st == KV_ERR_INPUT || lay_rc == KV_ERR_INPUT)
        return KV_ERR_INPUT;
    if (st != KV_OK || lay_rc != KV_OK)
        return KV_ERR_DATA;
    if (dataset_year_index(j->ds, j->year) < 0) {
        diag_add(j->diag, DIAG_ERROR, j->ds->basedata_file, 0, NULL, j->year, NULL,
                 "Berichtsjahr %d kommt in den Basiszahlen nicht vor", j->year);
        return KV_ERR_DATA;
    }
    if (!check_cities(opt, j->ds, j->diag))
        return KV_ERR_DATA;
    return (j->sel = selection(opt, j->ds)) ? KV_OK : KV_ERR_NOMEM;
}

/* validate: the checks that need more than one input (the layout against
 * the dataset, addresses against --mail). */
static kv_status step_validate(job *j)
{
    check_mail_recipients(j->opt, j->sel, j->ds, j->diag);
    check_glyphs(j->lay, j->ds, j->diag);
    layout_check_refs(j->lay, j->ds, j->diag);
    return KV_OK;
}

/* compute: the key figures (also for --check: zero denominators belong to
 * the validation), and what a workbook would have to shorten. */
static kv_status step_compute(job *j)
{
    if (!(j->kz = kz_compute(j->ds, j->diag))) {
        fprintf(stderr, "kvreport: zu wenig Speicher für die Kennzahlen\n");
        return KV_ERR_NOMEM;
    }
    xlsx_check(j->ds, j->opt->draft, j->diag);
    return KV_OK;
}

/* stage: say what was found, lock OUT, finish what a killed run left,
 * start a generation of OUT/YEAR (gen.h) and read the published one's
 * state. Without any year (basedata unreadable, no --year) the
 * validation report still gets written, to OUT itself. */
static kv_status step_stage(job *j)
{
    const run_options *opt = j->opt;
    diag_print(j->diag, stderr, !opt->quiet, STDERR_LINES);
    snprintf(j->ybuf, sizeof j->ybuf, "%d", j->year);
    j->yeardir = j->year ? out_path(opt->output, j->ybuf) : strdup(opt->output);
    if (!j->yeardir || out_mkdirs(opt->output) < 0) {
        fprintf(stderr, "kvreport: Ausgabeverzeichnis %s kann nicht angelegt werden: %s\n",
                opt->output, kv_errno_text(errno));
        return KV_ERR_OUTPUT;
    }
    kv_error le = {0};
    kv_status ls = out_lock(opt->output, &j->lockfd, &le);
    if (ls != KV_OK) {
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&le));
        kv_error_free(&le);
        return ls;
    }
    kv_error err = {0};
    kv_status rc = gen_recover(opt->output, &err);
    if (rc == KV_OK && !(j->g = gen_begin(opt->output, j->year ? j->ybuf : NULL, &err)))
        rc = err.status;
    if (rc != KV_OK) {
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&err));
        kv_error_free(&err);
        return rc;
    }
    double t = clock_now();
    if (j->rc == KV_OK && !opt->check)
        j->prev = chg_load(j->yeardir, &err);
    phase[PH_CHANGES] = clock_now() - t;
    if (err.status != KV_OK && !opt->quiet)
        fprintf(stderr, "kvreport: Hinweis: %s\n", kv_error_text(&err));
    kv_error_free(&err);
    return KV_OK;
}

/* render: validation.csv, then (unless --check or a data error) every
 * output into the staging directory. */
static kv_status step_render(job *j)
{
    const run_options *opt = j->opt;
    const char *stage = gen_dir(j->g);
    kv_status rc = write_output(stage, OUT_VALIDATION, NULL, 0, write_validation, j->diag);
    if (rc != KV_OK || j->rc != KV_OK || opt->check)
        return rc;
    /* one context for all renderers: they all carry the same run time */
    render_ctx rctx = {.ds = j->ds,
                       .kz = j->kz,
                       .lay = j->lay,
                       .diag = j->diag,
                       .year = j->year,
                       .draft = opt->draft,
                       .prev = j->prev};
    rctx.when = run_time(opt, &rctx.utc);
    return render_all(opt, j->sel, &rctx, stage, j->prev);
}

/* publish: the staged generation goes public whole, or (after a failure)
 * is dropped; a run that rendered nothing publishes only its validation
 * report. */
static kv_status step_publish(job *j)
{
    const run_options *opt = j->opt;
    scope sc = {opt, j->rc == KV_OK && !opt->check ? j->ds : NULL, j->sel, j->year};
    kv_error err = {0};
    gen *g = j->g;
    j->g = NULL;
    kv_status rc = gen_commit(g, owns_output, &sc, &err);
    if (rc != KV_OK) {
        fprintf(stderr, "kvreport: %s\n", kv_error_text(&err));
        kv_error_free(&err);
        return rc;
    }
    if (j->rc != KV_OK || opt->quiet)
        return KV_OK;
    if (opt->check) {
        fprintf(stderr,
                "kvreport: Prüfung ohne Fehler (%zu Warnungen); %s/validation.csv "
                "geschrieben\n",
                diag_count(j->diag, DIAG_WARNING), j->yeardir);
        return KV_OK;
    }
    size_t nsel = 0;
    char pdf[64] = "";
    for (size_t c = 0; c < j->ds->ncities; c++)
        nsel += j->sel[c];
    if (writes_report(opt))
        snprintf(pdf, sizeof pdf, "monitoring-%d.pdf, ", j->year);
    fprintf(stderr,
            "kvreport: %zu Teilnehmer, %zu Kennzahlen, Berichtsjahr %d: %s%zu Arbeitsmappen%s, "
            "kennzahlwerte.csv und validation.csv in %s geschrieben (%zu Warnungen)\n",
            j->ds->ncities, j->ds->nkz, j->year, pdf, nsel,
            opt->mail && nsel ? ", Mail-Entwürfe" : "", j->yeardir,
            diag_count(j->diag, DIAG_WARNING));
    return KV_OK;
}

static const struct {
    kv_status (*fn)(job *);
    int always; /* runs after a data error too */
    int phase;  /* where its time goes (PH_COUNT: nowhere) */
} steps[] = {
    {step_read, 0, PH_READ},   {step_validate, 0, PH_READ}, {step_compute, 0, PH_COMPUTE},
    {step_stage, 1, PH_COUNT}, {step_render, 1, PH_RENDER}, {step_publish, 1, PH_COUNT},
};

static int is_data_error(kv_status rc)
{
    return rc == KV_ERR_DATA || rc == KV_ERR_INPUT;
}

kv_status run_job(const run_options *opt)
{
    job j = {.opt = opt, .lockfd = -1, .rc = KV_OK};
    if (!(j.diag = diag_new(DIAG_CAP)))
        return KV_ERR_NOMEM;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (j.rc != KV_OK && !is_data_error(j.rc))
            break;
        if (j.rc != KV_OK && !steps[i].always)
            continue;
        double t = clock_now();
        kv_status rc = steps[i].fn(&j);
        if (steps[i].phase < PH_COUNT)
            phase[steps[i].phase] += clock_now() - t;
        if (rc != KV_OK)
            j.rc = j.rc == KV_OK || !is_data_error(rc) ? rc : j.rc;
    }
    if (j.rc == KV_OK)
        print_timing();
    if (j.rc == KV_ERR_DATA && !opt->quiet)
        fprintf(stderr,
                "kvreport: %zu Fehler in den Eingabedaten; es wurden keine Ergebnisse "
                "geschrieben\n",
                diag_count(j.diag, DIAG_ERROR));
    gen_abort(j.g); /* nothing visible changes */
    chg_free(j.prev);
    out_unlock(j.lockfd);
    free(j.sel);
    tx_use(NULL);
    layout_free(j.lay);
    free(j.yeardir);
    kz_free(j.kz);
    dataset_free(j.ds);
    diag_free(j.diag);
    return j.rc;
}
