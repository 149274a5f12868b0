/* report_ring.c - comparison rings (Vergleichsringe) in the report: the
 * bar charts in blocks per ring split along ring boundaries, the chart of
 * the rings at a glance, the rings' lines in the development chart, the
 * rings in the preface and the annex, and one report per ring
 * (OUT/YEAR/ringe/), which is the same plan in the scope of one ring. */
#include "report_int.h"

#include "csv.h"
#include "fname.h"
#include "out.h"
#include "outputs.h"
#include "sbuf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int rpt_ring_rank(const report *r, size_t c)
{
    int g = r->ds->cities[c].ring;
    return g >= 0 ? g : (int)r->ds->nrings;
}

/* ---- bars in blocks per ring ------------------------------------------------------- */

/* A piece of a block on one chart part: bars [from, from + n) of group g;
 * cont when the block began on an earlier part. */
typedef struct {
    size_t g, from, n, part;
    int cont;
} slice;

/* Packs blocks of the given sizes into parts of at most cap rows (the
 * first part first rows; a block takes a label row and a row per bar): a
 * block goes whole onto the current part when it fits there, else it
 * starts the next one, and one larger than a part is split, its label
 * repeated. Returns the slices (out holds at least sum(size) + ng);
 * *parts their parts. */
static size_t pack(const size_t *size, size_t ng, size_t first, size_t cap, slice *out,
                   size_t *parts)
{
    size_t ns = 0, rows = 0, p = 0;
    cap = cap < 2 ? 2 : cap;
    first = first < 2 ? 2 : first;
    for (size_t g = 0; g < ng; g++) {
        for (size_t from = 0; from < size[g];) {
            size_t left = size[g] - from;
            if (rows > 0 && rows + 1 + left > (p ? cap : first)) {
                p++;
                rows = 0;
            }
            size_t room = p ? cap : first;
            size_t take = rows + 1 + left <= room ? left : room - 1 - rows;
            out[ns++] = (slice){g, from, take, p, from > 0};
            rows += 1 + take;
            from += take;
        }
    }
    *parts = ns ? p + 1 : 0;
    return ns;
}

/* The blocks of the scope's participants: their sizes in ring order
 * (rings without a participant in the scope left out) and the ring
 * (rank) of each. Returns their number; size and rank hold nrings + 1. */
static size_t blocks(const report *r, size_t *size, int *rank)
{
    size_t nr = r->ds->nrings, ng = 0;
    size_t *count = calloc(nr + 1, sizeof *count);
    if (!count)
        return 0;
    for (size_t i = 0; i < r->nwho; i++)
        count[rpt_ring_rank(r, r->who[i])]++;
    for (size_t g = 0; g <= nr; g++)
        if (count[g]) {
            size[ng] = count[g];
            rank[ng++] = (int)g;
        }
    free(count);
    return ng;
}

/* Rows of the first part and of the others: the first shares its page
 * with the key figure's heading and definition (head_h points); two rows
 * spare for a caption on two lines. */
static void part_rows(const report *r, size_t *first, size_t *cap)
{
    size_t fit = rpt_bar_rows_per_page(r);
    double row = rpt_bars_height(2) - rpt_bars_height(1);
    size_t head = (size_t)ceil((r->head_h + 24 - RPT_CONT_H) / row);
    *cap = fit > 4 ? fit - 2 : 2;
    *first = *cap > head + 2 ? *cap - head : 2;
}

double rpt_ring_bars_first(report *r)
{
    size_t nr = r->ds->nrings, *size = malloc((nr + 1) * sizeof *size);
    int *rank = malloc((nr + 1) * sizeof *rank);
    slice *sl = malloc((r->nwho + nr + 2) * sizeof *sl);
    double h = 0;
    if (size && rank && sl) {
        size_t parts, ng = blocks(r, size, rank), first, cap;
        part_rows(r, &first, &cap);
        size_t ns = pack(size, ng, first, cap, sl, &parts), rows = 0;
        for (size_t i = 0; i < ns && sl[i].part == 0; i++)
            rows += 1 + sl[i].n;
        h = rpt_bars_height(rows);
    } else {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    }
    free(size);
    free(rank);
    free(sl);
    return h;
}

/* A block's label: the ring, its Gesamtwert and n (appended to b, each
 * label ending in a NUL). */
static void block_label(report *r, size_t k, int rank, int cont, sbuf *b)
{
    const char *more = cont ? TX(fortsetzung) : "";
    if (rank >= (int)r->ds->nrings) {
        sbuf_addf(b, TX(ring_ohne_block), more);
    } else {
        const kz_agg *a = kz_get_ring_agg(r->kz, k, (size_t)rank, r->yi);
        char num[64] = ".";
        if (a->has_gesamt)
            rpt_num(a->gesamt, r->ds->kz[k].decimals, num, sizeof num);
        /* a long name is shortened, never the value after it, and names
         * that differ only at their ends stay apart */
        if (!r->ring_block) {
            const char **names = malloc((r->ds->nrings + 1) * sizeof *names);
            for (size_t g = 0; names && g < r->ds->nrings; g++)
                names[g] = r->ds->rings[g].name;
            r->ring_block = names
                                ? pdfdoc_fit_apart(r->d, LAY_FONT_BOLD, 7.5,
                                                   pdfdoc_width(r->d) * 0.55, names, r->ds->nrings)
                                : NULL;
            free(names);
            if (!r->ring_block)
                rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
            r->nring_block = r->ring_block ? r->ds->nrings : 0;
        }
        const char *name = r->ring_block ? r->ring_block[rank] : r->ds->rings[rank].name;
        sbuf_addf(b, TX(ring_block), name, more, num, a->n);
    }
    sbuf_addc(b, '\0');
}

/* The caption of part p of parts (the blocks name their rings). */
static char *part_caption(report *r, const char *title, size_t p, size_t parts)
{
    if (parts == 1)
        return rpt_printf(r, "%s", title);
    return rpt_printf(r, TX(titel_teil), title, p + 1, parts);
}

/* One part: its bars copied from items, a group per slice. */
static void ring_part(report *r, size_t k, const chart_bars *b, const chart_item *items,
                      const size_t *start, const int *rank, const slice *sl, size_t ns, size_t p,
                      size_t parts, const char *base, const char *title)
{
    size_t n = 0, ng = 0;
    for (size_t i = 0; i < ns; i++)
        if (sl[i].part == p) {
            n += sl[i].n;
            ng++;
        }
    rpt_chart_t *c = rpt_chart_new(r, CHART_BARS);
    chart_item *mine = c ? malloc((n + 1) * sizeof *mine) : NULL;
    chart_group *groups = mine ? malloc((ng + 1) * sizeof *groups) : NULL;
    sbuf labels;
    sbuf_init(&labels);
    size_t *at = groups ? malloc((ng + 1) * sizeof *at) : NULL;
    if (!at) {
        free(mine), free(groups), free(c);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    size_t j = 0, gi = 0;
    for (size_t i = 0; i < ns; i++) {
        if (sl[i].part != p)
            continue;
        memcpy(mine + j, items + start[sl[i].g] + sl[i].from, sl[i].n * sizeof *mine);
        int rk = rank[sl[i].g];
        const kz_agg *a =
            rk < (int)r->ds->nrings ? kz_get_ring_agg(r->kz, k, (size_t)rk, r->yi) : NULL;
        at[gi] = labels.len;
        block_label(r, k, rk, sl[i].cont, &labels);
        groups[gi++] = (chart_group){NULL, j, sl[i].n, a ? a->gesamt : 0, a && a->has_gesamt};
        j += sl[i].n;
    }
    char *text = sbuf_failed(&labels) ? NULL : sbuf_take(&labels);
    char *cap = text ? part_caption(r, title, p, parts) : NULL;
    char *name = parts > 1 ? rpt_printf(r, "%s_balken_%zu.svg", base, p + 1)
                           : rpt_printf(r, "%s_balken.svg", base);
    if (!text || !cap || !name) {
        sbuf_free(&labels);
        free(text), free(cap), free(name), free(mine), free(groups), free(at), free(c);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    for (size_t i = 0; i < ng; i++)
        groups[i].label = text + at[i];
    free(at);
    c->mem[0] = mine;
    c->mem[1] = groups;
    c->mem[2] = text;
    c->u.bars = *b;
    c->u.bars.items = mine;
    c->u.bars.n = n;
    c->u.bars.groups = groups;
    c->u.bars.ngroups = ng;
    double h = chart_height(CHART_BARS, &c->u.bars, pdfdoc_width(r->d));
    rpt_captioned_chart(r, c, h, name, cap, cap);
    free(cap);
    free(name);
}

void rpt_ring_bars(report *r, size_t k, const chart_bars *b, const chart_item *items,
                   const size_t *order, const char *base, const char *title)
{
    (void)order; /* in ring order (report_kz.c), so the blocks follow it */
    size_t nr = r->ds->nrings, *size = malloc((nr + 1) * sizeof *size);
    size_t *start = malloc((nr + 1) * sizeof *start);
    int *rank = malloc((nr + 1) * sizeof *rank);
    slice *sl = malloc((r->nwho + nr + 2) * sizeof *sl);
    if (size && start && rank && sl) {
        size_t parts, ng = blocks(r, size, rank);
        for (size_t g = 0, at = 0; g < ng; at += size[g++])
            start[g] = at;
        size_t first, cap;
        part_rows(r, &first, &cap);
        size_t ns = pack(size, ng, first, cap, sl, &parts);
        for (size_t p = 0; p < parts && !rpt_failed(r); p++)
            ring_part(r, k, b, items, start, rank, sl, ns, p, parts, base, title);
    } else {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    }
    free(size);
    free(start);
    free(rank);
    free(sl);
}

/* ---- the rings at a glance ----------------------------------------------------------- */

void rpt_ring_overview(report *r, size_t k, const char *base)
{
    const dataset *ds = r->ds;
    const ds_kennzahl *kz = &ds->kz[k];
    const kz_agg *all = kz_get_agg(r->kz, k, r->yi);
    size_t n = ds->nrings + 1, fit = rpt_bar_rows_per_page(r);
    size_t parts = (n + fit - 1) / fit, per = (n + parts - 1) / parts;
    char *title = rpt_printf(r, TX(ringe_ueberblick_titel), kz->title, r->o->year, kz->unit);
    for (size_t p = 0; title && p < parts && !rpt_failed(r); p++) {
        size_t from = p * per, m = p + 1 < parts ? per : n - from;
        rpt_chart_t *c = rpt_chart_new(r, CHART_BARS);
        chart_item *items = c ? malloc((m + 1) * sizeof *items) : NULL;
        size_t *at = items ? malloc((m + 1) * sizeof *at) : NULL;
        sbuf lab;
        sbuf_init(&lab);
        double lo = 0, hi = 0;
        for (size_t i = 0; at && i < m; i++) {
            size_t g = from + i;
            const kz_agg *a = g < ds->nrings ? kz_get_ring_agg(r->kz, k, g, r->yi) : all;
            at[i] = lab.len;
            if (g < ds->nrings)
                sbuf_addf(&lab, TX(ring_balken), ds->rings[g].name, a->n,
                          (int)g == r->ring ? TX(ring_dieser_bericht) : "");
            else
                sbuf_addf(&lab, TX(ring_alle_balken), a->n);
            sbuf_addc(&lab, '\0');
            items[i] = (chart_item){NULL, a->gesamt, a->has_gesamt, a->has_gesamt ? "" : ".", NULL};
            if (a->has_gesamt) {
                lo = fmin(lo, a->gesamt);
                hi = fmax(hi, a->gesamt);
            }
        }
        char *text = at && !sbuf_failed(&lab) ? sbuf_take(&lab) : NULL;
        char *cap = text ? (parts > 1 ? rpt_printf(r, TX(titel_teil), title, p + 1, parts)
                                      : rpt_printf(r, "%s", title))
                         : NULL;
        char *name = cap ? (parts > 1 ? rpt_printf(r, "%s_ringe_%zu.svg", base, p + 1)
                                      : rpt_printf(r, "%s_ringe.svg", base))
                         : NULL;
        if (!name) {
            sbuf_free(&lab);
            free(text), free(cap), free(items), free(at), free(c);
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
            break;
        }
        for (size_t i = 0; i < m; i++)
            items[i].label = text + at[i];
        free(at);
        c->mem[0] = items;
        c->mem[1] = text;
        c->u.bars = (chart_bars){.items = items,
                                 .n = m,
                                 .gesamt = all->gesamt,
                                 .mean = all->mean,
                                 .has_gesamt = all->has_gesamt,
                                 .has_mean = all->n > 0,
                                 .lo = lo,
                                 .hi = hi,
                                 .decimals = kz->decimals};
        double h = chart_height(CHART_BARS, &c->u.bars, pdfdoc_width(r->d));
        rpt_captioned_chart(r, c, h, name, cap, cap);
        free(cap);
        free(name);
    }
    free(title);
}

/* ---- development: the rings' lines ---------------------------------------------------- */

void rpt_ring_dev(report *r, size_t k, rpt_chart_t *c)
{
    const dataset *ds = r->ds;
    size_t n = c->u.dev.n, nr = ds->nrings;
    /* the values, then the has bytes, in one block */
    double *val = malloc(nr * n * (sizeof *val + 1) + 1);
    const char **names = malloc((nr + 1) * sizeof *names);
    if (!val || !names) {
        free(val);
        free(names);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    uint8_t *has = (uint8_t *)(val + nr * n);
    for (size_t g = 0; g < nr; g++) {
        names[g] = ds->rings[g].name;
        for (size_t y = 0; y < n; y++) {
            const kz_agg *a = kz_get_ring_agg(r->kz, k, g, y);
            val[g * n + y] = a->gesamt;
            has[g * n + y] = a->n > 0 && a->has_gesamt;
        }
    }
    c->mem[2] = val;
    c->mem[3] = (void *)names;
    c->u.dev.nrings = nr;
    c->u.dev.ring = val;
    c->u.dev.ring_has = has;
    c->u.dev.ring_names = names;
    c->u.dev.own = r->ring;
}

/* ---- preface and annex -------------------------------------------------------------- */

static size_t unringed(const dataset *ds)
{
    size_t n = 0;
    for (size_t c = 0; c < ds->ncities; c++)
        n += ds->cities[c].ring < 0;
    return n;
}

/* "A (12 Teilnehmende), B (7 Teilnehmende)" for every ring but skip. */
static void ring_list(const dataset *ds, int skip, sbuf *b)
{
    size_t count = 0;
    for (size_t g = 0; g < ds->nrings; g++) {
        if ((int)g == skip)
            continue;
        sbuf_addf(b, "%s„%s“ (n\xC2\xA0=\xC2\xA0%zu)", count++ ? ", " : "", ds->rings[g].name,
                  ds->rings[g].nmembers);
    }
}

void rpt_ring_preface(report *r)
{
    const dataset *ds = r->ds;
    sbuf b;
    sbuf_init(&b);
    if (r->ring < 0) {
        if (ds->nrings == 1)
            sbuf_adds(&b, TX(ringe_vorbemerkung_ein));
        else
            sbuf_addf(&b, TX(ringe_vorbemerkung), ds->nrings);
        ring_list(ds, -1, &b);
        sbuf_adds(&b, ".");
        size_t none = unringed(ds);
        if (none == 1)
            sbuf_adds(&b, TX(ringe_ohne_ring_ein));
        else if (none)
            sbuf_addf(&b, TX(ringe_ohne_ring), none);
        sbuf_adds(&b, ds->nrings == 1 ? TX(ringe_diagramme_ein) : TX(ringe_diagramme));
        sbuf_addf(&b, TX(kapitel_profile), rpt_profile_term(r));
        sbuf_adds(&b, ds->nrings == 1 ? TX(ringe_index_ein) : TX(ringe_index));
    } else {
        const ds_ring *g = &ds->rings[r->ring];
        sbuf_addf(&b, TX(ring_dieser), g->name, g->nmembers, ds->ncities);
        if (ds->nrings > 1) {
            sbuf_adds(&b, ds->nrings == 2 ? TX(ring_der_andere) : TX(ring_die_anderen));
            ring_list(ds, r->ring, &b);
        }
        sbuf_adds(&b, ".");
    }
    if (sbuf_failed(&b))
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    else
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, b.s);
    sbuf_free(&b);
    /* the layout's words on each ring ([text ring NAME]) */
    for (size_t g = 0; g < ds->nrings && !rpt_failed(r); g++) {
        const char *t = layout_text(r->lay, "ring", ds->rings[g].name);
        if (!t || (r->ring >= 0 && (int)g != r->ring))
            continue;
        char *head = rpt_printf(r, TX(ring_kopf), ds->rings[g].name);
        if (head) {
            pdfdoc_need(r->d, 40);
            rpt_text(r, LAY_FONT_BOLD, FS_BODY, LEAD_BODY, COL_TEXT, head);
            rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, t);
        }
        free(head);
    }
}

/* The ring's name and n in bold, then its members (or those without a ring). */
static void members_item(report *r, int g)
{
    const dataset *ds = r->ds;
    sbuf b;
    sbuf_init(&b);
    size_t count = 0;
    for (size_t c = 0; c < ds->ncities; c++)
        if (ds->cities[c].ring == g)
            sbuf_addf(&b, "%s%s", count++ ? ", " : "", ds->cities[c].name);
    sbuf_adds(&b, ".");
    char *term = g >= 0 ? rpt_printf(r, "%s (n\xC2\xA0=\xC2\xA0%zu)", ds->rings[g].name, count)
                        : rpt_printf(r, TX(ring_ohne_n), count);
    if (sbuf_failed(&b)) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    } else if (term && count) {
        pdfdoc_need(r->d, 34);
        rpt_text(r, LAY_FONT_BOLD, 8.5, 11, COL_TEXT, term);
        pdfdoc_space(r->d, -5);
        rpt_text(r, LAY_FONT_REGULAR, 8, 10.5, COL_TEXT, b.s);
    }
    free(term);
    sbuf_free(&b);
}

void rpt_ring_annex(report *r)
{
    rpt_section(r, TX(abschnitt_ringe), 12, 0);
    rpt_text(r, LAY_FONT_REGULAR, 8.5, 11, COL_TEXT, TX(ringe_anhang));
    for (size_t g = 0; g < r->ds->nrings && !rpt_failed(r); g++)
        members_item(r, (int)g);
    if (unringed(r->ds) && !rpt_failed(r))
        members_item(r, -1);
    pdfdoc_space(r->d, 6);
}

/* ---- one report per ring -------------------------------------------------------------- */

static int write_plan(const void *ctx, FILE *fp)
{
    return report_write_pdf((report *)ctx, fp) == KV_OK ? 0 : -1;
}

typedef struct {
    const dataset *ds;
    char **files;
} index_ctx;

static int write_index(const void *ctx, FILE *fp)
{
    const index_ctx *x = ctx;
    fputs("ring;file\n", fp);
    for (size_t g = 0; g < x->ds->nrings; g++) {
        csv_write_field(fp, x->ds->rings[g].name);
        fprintf(fp, ";%s.pdf\n", x->files[g]);
    }
    return ferror(fp) ? -1 : 0;
}

/* A ring report's failure in e. */
static kv_status ring_failed(const report *r, const char *ring, kv_error *e)
{
    return kv_fail(e, r && report_status_of(r) == KV_ERR_OUTPUT ? KV_ERR_OUTPUT : KV_ERR_INTERNAL,
                   "Bericht des Vergleichsrings %s: %s", ring,
                   r ? report_error(r) : "zu wenig Speicher");
}

kv_status report_write_rings(const report *circle, const char *yeardir, kv_error *e)
{
    const render_ctx *o = circle->o;
    const dataset *ds = o->ds;
    const char **names = malloc((ds->nrings + 1) * sizeof *names);
    for (size_t g = 0; names && g < ds->nrings; g++)
        names[g] = ds->rings[g].name;
    char **files = names ? fname_unique(names, ds->nrings, "ring") : NULL;
    char *dir = out_path(yeardir, outputs_dir(OUT_RING_FILE));
    kv_status rc = KV_OK;
    if (!files || !dir)
        rc = kv_fail(e, KV_ERR_NOMEM, "Berichte der Vergleichsringe: zu wenig Speicher");
    else if (out_mkdirs(dir) < 0)
        rc = kv_fail(e, KV_ERR_OUTPUT, "%s kann nicht angelegt werden: %s", dir,
                     kv_errno_text(errno));
    for (size_t g = 0; rc == KV_OK && g < ds->nrings; g++) {
        report *r = rpt_plan_with(o, (int)g, circle->ch);
        char *file = r ? rpt_printf(r, "%s.pdf", files[g]) : NULL;
        char *rel = file ? outputs_path(OUT_RING_FILE, file, o->year) : NULL;
        if (!r || report_status_of(r) != KV_OK || !rel) {
            rc = ring_failed(r, ds->rings[g].name, e);
        } else {
            /* a failure of the report itself says more than the file's */
            kv_error w = {0};
            rc = out_save(yeardir, rel, write_plan, r, &w);
            if (rc != KV_OK && report_status_of(r) != KV_OK)
                rc = ring_failed(r, ds->rings[g].name, e);
            else if (rc != KV_OK)
                kv_fail(e, rc, "%s", kv_error_text(&w));
            kv_error_free(&w);
        }
        free(rel);
        free(file);
        report_free(r);
    }
    index_ctx x = {ds, files};
    char *rel = rc == KV_OK ? outputs_path(OUT_RING_FILE, "index.csv", o->year) : NULL;
    if (rc == KV_OK)
        rc = rel ? out_save(yeardir, rel, write_index, &x, e)
                 : kv_fail(e, KV_ERR_NOMEM, "ringe/index.csv: zu wenig Speicher");
    free(rel);
    free(dir);
    if (files)
        fname_list_free(files, ds->nrings);
    free(names);
    return rc;
}
