/* report_part.c - the participant report (Teilnehmerbericht, berichte/ID.pdf):
 * one participant's key figures against its ring and the circle, laid out
 * with the circle report's frame and helpers (report_int.h), so it is
 * tagged and archival like that one. Cover; "Auf einen Blick" (every key
 * figure of the report year with value, change, the ring's and the
 * circle's Gesamtwert, n and the index); per area and key figure the
 * participant's values over the years against both Gesamtwerte and its
 * position among its ring's members; its profile; definitions, symbols
 * and imprint. A participant without a ring is compared with the whole
 * circle, and the report says so. Never a rank. */
#include "report_int.h"

#include "fmt.h"
#include "sbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    report *r;
    size_t city;
    int ring;             /* index into ds->rings, -1: none */
    const uint8_t *shown; /* per key figure: in the published reports */
} part;

static const ds_city *me(const part *p)
{
    return &p->r->ds->cities[p->city];
}

/* The comparison group's aggregates: the ring's, or the circle's. */
static const kz_agg *group_agg(const part *p, size_t k, size_t y)
{
    return p->ring >= 0 ? kz_get_ring_agg(p->r->kz, k, (size_t)p->ring, y)
                        : kz_get_agg(p->r->kz, k, y);
}

static const char *ring_name(const part *p)
{
    return p->ring >= 0 ? p->r->ds->rings[p->ring].name : NULL;
}

/* The layout's [text teilnehmerbericht] with {teilnehmer}, {ring} and
 * {jahr} filled in (malloc'ed); NULL when the layout has none. A
 * paragraph naming {ring} is left out for a participant without one. */
static char *layout_words(const part *p)
{
    const char *t = layout_text(p->r->lay, "teilnehmerbericht", NULL);
    if (!t)
        return NULL;
    char year[16];
    snprintf(year, sizeof year, "%d", p->r->o->year);
    const char *const keys[] = {"{teilnehmer}", "{ring}", "{jahr}"};
    const char *const vals[] = {me(p)->name, ring_name(p), year};
    sbuf b;
    sbuf_init(&b);
    while (*t) {
        const char *end = strstr(t, "\n\n");
        size_t len = end ? (size_t)(end - t) : strlen(t), mark = b.len;
        int drop = 0;
        if (b.len)
            sbuf_adds(&b, "\n\n");
        for (const char *q = t; q < t + len;) {
            size_t i = 0;
            while (i < 3 && strncmp(q, keys[i], strlen(keys[i])) != 0)
                i++;
            if (i == 3) {
                sbuf_addc(&b, *q++);
                continue;
            }
            drop |= vals[i] == NULL;
            sbuf_adds(&b, vals[i] ? vals[i] : "");
            q += strlen(keys[i]);
        }
        if (drop)
            sbuf_truncate(&b, mark);
        t += len;
        while (*t == '\n')
            t++;
    }
    char *s = sbuf_take(&b);
    if (!s)
        rpt_fail(p->r, KV_ERR_NOMEM, "zu wenig Speicher");
    return s;
}

/* ---- cover ------------------------------------------------------------------------- */

static void cover(part *p)
{
    report *r = p->r;
    pdfdoc *d = r->d;
    const layout *l = r->lay;
    size_t pg = rpt_cover_page(r, layout_or(l->title, TX(titel_standard)));
    double x = pdfdoc_left(d), w = pdfdoc_width(d);
    pdfdoc_skip_to(d, 220);
    /* baselines at the cursor, the distance after each for the next line's ascent */
    const pdf_block kind = {PDF_ROLE_TITLE, {LAY_FONT_REGULAR, 14, COL_TEXT}, x, w, 0, 34, 0};
    pdfdoc_block(d, &kind, TX(teilnehmerbericht));
    const pdf_block name = {
        PDF_ROLE_TITLE, {LAY_FONT_BOLD, 26, l->color[LAY_COL_ACCENT]}, x, w, 0, 32, 0};
    pdfdoc_block(d, &name, me(p)->name);
    char *year = rpt_printf(r, TX(berichtsjahr), r->o->year);
    const pdf_block yb = {PDF_ROLE_TITLE, {LAY_FONT_BOLD, 16, COL_TEXT}, x, 0, 16, 24, 0};
    if (year)
        pdfdoc_block(d, &yb, year);
    free(year);
    char *ring = p->ring >= 0 ? rpt_printf(r, TX(teil_ring), ring_name(p),
                                           r->ds->rings[p->ring].nmembers, r->ds->ncities)
                              : rpt_printf(r, TX(teil_ohne_ring), r->ds->ncities);
    char date[64];
    fmt_date_de(r->o->when, r->o->utc, date, sizeof date);
    char *state = rpt_printf(r, TX(teil_stand), date, rpt_data_state(r));
    const pdf_font body = {LAY_FONT_REGULAR, 10, COL_TEXT};
    if (ring && state) {
        pdfdoc_paragraphs(d, PDF_ROLE_TITLE, body, 14, x, w, ring);
        pdfdoc_paragraphs(d, PDF_ROLE_TITLE, body, 14, x, w, state);
    }
    free(ring);
    free(state);
    pdfdoc_space(d, 16);
    if (r->ds->synthetic)
        rpt_sample_note(r);
    const pdf_font f9 = {LAY_FONT_REGULAR, 9, COL_TEXT};
    pdfdoc_line_at(d, pg, PDF_ROLE_ARTIFACT, x, PDF_PAGE_H - 95, x + w, PDF_PAGE_H - 95, 0.5,
                   0xBBBBBB);
    /* the publisher, then the contact; the contact alone when it begins
     * with the publisher's name (the standard layout's "Geschäftsstelle
     * ..., kennzahlen@..." would repeat it) */
    const char *publisher = layout_or(l->publisher, TX(herausgeber_standard));
    int named = l->contact && strncmp(l->contact, publisher, strlen(publisher)) == 0;
    if (!named)
        pdfdoc_text_at(d, pg, PDF_ROLE_TITLE, f9, x, PDF_PAGE_H - 80, publisher);
    if (l->contact)
        pdfdoc_text_at(d, pg, PDF_ROLE_TITLE, f9, x, PDF_PAGE_H - (named ? 80 : 67), l->contact);
}

/* ---- Auf einen Blick ---------------------------------------------------------------- */

/* The index against the circle's Gesamtwert (= 100), as the profiles form
 * it: only against a positive Gesamtwert and for a value not negative. */
static int circle_index(const part *p, size_t k, double *index)
{
    const kz_cell *c = kz_get(p->r->kz, k, p->city, p->r->yi);
    const kz_agg *a = kz_get_agg(p->r->kz, k, p->r->yi);
    if (!c->has_value || !a->has_gesamt || !(a->gesamt > 0) || c->value < 0)
        return 0;
    *index = c->value / a->gesamt * 100;
    return 1;
}

#define GLANCE_COLS   10
#define GLANCE_CHANGE 4
#define GCELL         48

static void agg_cells(const kz_agg *a, int decimals, char *value, char *n)
{
    if (a->has_gesamt)
        rpt_num(a->gesamt, decimals, value, GCELL);
    else
        snprintf(value, GCELL, ".");
    snprintf(n, GCELL, "%zu", a->n);
}

/* One row of the table: title, unit, value, flag, change (not for one
 * year of data), [ring GeMW, n], GeMW, n, index. */
static void glance_cells(const part *p, size_t k, char (*v)[GCELL])
{
    const report *r = p->r;
    const ds_kennzahl *kz = &r->ds->kz[k];
    const kz_cell *cur = kz_get(r->kz, k, p->city, r->yi);
    size_t col = 2;
    rpt_value_text(cur, kz->decimals, v[col++], GCELL);
    snprintf(v[col++], GCELL, "%s", rpt_flag_mark(cur));
    if (r->yi > 0) /* one year of data: no change column (glance_table) */
        rpt_change_text(kz, cur, kz_get(r->kz, k, p->city, r->yi - 1), v[col++], GCELL);
    if (p->ring >= 0) {
        agg_cells(group_agg(p, k, r->yi), kz->decimals, v[col], v[col + 1]);
        col += 2;
    }
    agg_cells(kz_get_agg(r->kz, k, r->yi), kz->decimals, v[col], v[col + 1]);
    col += 2;
    double idx;
    if (circle_index(p, k, &idx))
        rpt_num(idx, 0, v[col], GCELL);
    else
        snprintf(v[col], GCELL, "%s", cur->has_value ? "x" : flag_print_symbol((kv_flag)cur->flag));
}

/* The table's name and unit columns (rpt_fit_names): NULL while the
 * units have their column, else the names with their units and the head
 * says so. */
static char **glance_names(part *p, double *w, size_t ncol, const char **hd, size_t *wrap)
{
    report *r = p->r;
    const dataset *ds = r->ds;
    const char **names = calloc(ds->nkz + 1, sizeof *names);
    if (!names) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    for (size_t k = 0; k < ds->nkz; k++)
        names[k] = p->shown[k] ? ds->kz[k].title : NULL;
    const char *const heads[] = {hd[0], TX(fortsetzung)};
    const rpt_names in = {names, heads, 2, hd[1], 8};
    char **named = rpt_fit_names(r, w, ncol, &in, wrap);
    free(names);
    if (named) {
        hd[0] = TX(kopf_kennzahl_einheit);
        hd[1] = "";
    }
    return named;
}

static void glance_table(part *p)
{
    report *r = p->r;
    const dataset *ds = r->ds;
    int ringed = p->ring >= 0;
    const char *const with_ring[] = {
        TX(kopf_kennzahl), TX(kopf_einheit),   TX(kopf_wert),   "",
        TX(kopf_veraend),  TX(kopf_ring_gemw), TX(kopf_ring_n), TX(kopf_alle_gemw),
        TX(kopf_alle_n),   TX(kopf_index)};
    const char *const no_ring[] = {
        TX(kopf_kennzahl), TX(kopf_einheit),   TX(kopf_wert),   "",
        TX(kopf_veraend),  TX(kopf_alle_gemw), TX(kopf_alle_n), TX(kopf_index)};
    /* one year of data: no change column (as in the circle report's
     * summary), rather than a column of "." */
    const char *head[GLANCE_COLS];
    size_t ncol = 0;
    for (size_t i = 0; i < (ringed ? GLANCE_COLS : GLANCE_COLS - 2); i++)
        if (i != GLANCE_CHANGE || r->yi > 0)
            head[ncol++] = ringed ? with_ring[i] : no_ring[i];
    char(*v)[GLANCE_COLS][GCELL] = calloc(ds->nkz + 1, sizeof *v);
    if (!v) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    double w[GLANCE_COLS] = {0};
    for (size_t i = 2; i < ncol; i++)
        w[i] = rpt_cell_width(r, LAY_FONT_BOLD, head[i]);
    for (size_t k = 0; k < ds->nkz; k++) {
        if (!p->shown[k])
            continue;
        glance_cells(p, k, v[k]);
        for (size_t i = 2; i < ncol; i++)
            w[i] = fmax(w[i], rpt_cell_width(r, LAY_FONT_REGULAR, v[k][i]));
    }
    for (size_t i = 2; i < ncol; i++)
        w[i] += i == 3 ? (w[i] > 0 ? 7 : 1) : 8;
    size_t wrap = 0; /* a long unit wraps (profile_table) */
    const char *hd[GLANCE_COLS];
    memcpy(hd, head, ncol * sizeof *hd);
    char **named = glance_names(p, w, ncol, hd, &wrap);
    const pdf_table t = {ncol, w, hd, 2, TX(fortsetzung), wrap};
    char *cap = rpt_printf(r, TX(teil_tabelle), me(p)->name, r->o->year);
    if (cap) {
        rpt_need(r, RPT_CAPTION_H + 3 * PDF_TABLE_LINE + 3 * (PDF_TABLE_LINE + 2));
        rpt_caption(r, cap);
        pdfdoc_table_head(r->d, &t);
    }
    free(cap);
    size_t row = 0, n = 0;
    for (size_t k = 0; k < ds->nkz; k++)
        n += p->shown[k] != 0;
    for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++) {
        if (!p->shown[k])
            continue;
        const char *cells[GLANCE_COLS];
        cells[0] = named && named[k] ? named[k] : ds->kz[k].title;
        cells[1] = named ? "" : ds->kz[k].unit;
        for (size_t i = 2; i < ncol; i++)
            cells[i] = v[k][i];
        /* no widows: the last rows go together, the last with the source */
        double keep = row + 1 == n ? RPT_SOURCE_H : 0;
        if (row + RPT_TABLE_KEEP >= n && row >= RPT_TABLE_KEEP && row + 1 < n) {
            keep = RPT_SOURCE_H;
            for (size_t j = k + 1; j < ds->nkz; j++)
                if (p->shown[j])
                    keep += rpt_row_height(r, LAY_FONT_REGULAR, w[0],
                                           named && named[j] ? named[j] : ds->kz[j].title);
        }
        rpt_table_row(r, &t, &t, cells, LAY_FONT_REGULAR, (int)(row++ % 2), keep);
    }
    rpt_source(r);
    rpt_free_names(r, named);
    free(v);
}

static void at_a_glance(part *p)
{
    report *r = p->r;
    rpt_chapter(r, TX(kapitel_auf_einen_blick));
    char *words = layout_words(p);
    if (words)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, words);
    free(words);
    char *how = p->ring >= 0 ? rpt_printf(r, TX(teil_wie_ring), me(p)->name, ring_name(p),
                                          r->o->year, r->ds->ncities)
                             : rpt_printf(r, TX(teil_wie_ohne_ring), me(p)->name, r->ds->ncities,
                                          r->o->year);
    if (how)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, how);
    free(how);
    rpt_text(r, LAY_FONT_ITALIC, FS_BODY, LEAD_BODY, COL_TEXT, TX(teil_fragen));
    glance_table(p);
}

/* ---- per key figure: development and position --------------------------------------- */

/* A chart with its caption above and the source line below, on one page. */
static void place(report *r, rpt_chart_t *c, const char *svg, const char *cap)
{
    double h = chart_height(c->kind, &c->u, pdfdoc_width(r->d));
    rpt_need(r, rpt_caption_h(r, cap) + h + 4 + RPT_SOURCE_H);
    rpt_caption(r, cap);
    rpt_chart(r, c, h, svg, cap); /* the caption heads the alt text */
    rpt_source(r);
}

static void trend_chart(part *p, size_t k)
{
    report *r = p->r;
    const dataset *ds = r->ds;
    size_t n = r->yi + 1, ns = p->ring >= 0 ? 3 : 2;
    rpt_chart_t *c = rpt_chart_new(r, CHART_TREND);
    double *v = c ? calloc(3 * n, sizeof *v) : NULL;
    uint8_t *has = c ? calloc(6 * n, 1) : NULL; /* has[3n..6n): the series' breaks */
    char *ring = p->ring >= 0 ? rpt_printf(r, TX(teil_gemw_ring), ring_name(p)) : NULL;
    char *cap = rpt_printf(r, TX(teil_entwicklung), ds->kz[k].title, ds->years[0], r->o->year,
                           ds->kz[k].unit);
    char *svg = rpt_printf(r, "%s_entwicklung.svg", ds->kz[k].code);
    if (!v || !has || !cap || !svg || (p->ring >= 0 && !ring)) {
        free(v), free(has), free(c);
        free(ring), free(cap), free(svg);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    c->mem[0] = v;
    c->mem[1] = has;
    c->mem[2] = ring; /* the legend's text, drawn when the PDF is saved */
    chart_trend *t = &c->u.trend;
    *t = (chart_trend){.years = ds->years, .n = n, .nseries = ns, .decimals = ds->kz[k].decimals};
    for (size_t s = 0; s < ns; s++) {
        t->v[s] = v + s * n;
        t->has[s] = has + s * n;
    }
    for (size_t s = 0; s < ns; s++)
        t->brk[s] = has + (3 + s) * n;
    t->name[0] = me(p)->name;
    t->name[ns - 1] = TX(teil_gemw_alle);
    if (ring)
        t->name[1] = ring;
    for (size_t y = 0; y < n; y++) {
        const kz_cell *cell = kz_get(r->kz, k, p->city, y);
        v[y] = cell->value;
        has[y] = cell->has_value;
        has[3 * n + y] = y > 0 && cell->brk;
        /* a Gesamtwert breaks where one of the participants it aggregates
         * does (kz_agg.brk), as in the circle report's development chart */
        const kz_agg *all = kz_get_agg(r->kz, k, y);
        v[(ns - 1) * n + y] = all->gesamt;
        has[(ns - 1) * n + y] = all->has_gesamt;
        has[(3 + ns - 1) * n + y] = y > 0 && all->brk;
        if (ring) {
            const kz_agg *a = group_agg(p, k, y);
            v[n + y] = a->gesamt;
            has[n + y] = a->has_gesamt;
            has[4 * n + y] = y > 0 && a->brk;
        }
    }
    place(r, c, svg, cap);
    free(cap);
    free(svg);
}

/* Order of the comparison group's members in the bar chart: named, as
 * delivered; unnamed, by value (highest first, missing last), so that
 * the order tells nothing about who is who. */
typedef struct {
    const part *p;
    size_t k;
} by_ctx;

static int by_value(const void *a, const void *b, void *ctx)
{
    const by_ctx *o = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const kz_cell *x = kz_get(o->p->r->kz, o->k, i, o->p->r->yi);
    const kz_cell *y = kz_get(o->p->r->kz, o->k, j, o->p->r->yi);
    if (x->has_value != y->has_value)
        return x->has_value ? -1 : 1;
    if (!x->has_value || x->value == y->value)
        return (i > j) - (i < j);
    return x->value < y->value ? 1 : -1;
}

/* The members of the comparison group (malloc'ed, n of them). */
static size_t *members(const part *p, size_t *n)
{
    const dataset *ds = p->r->ds;
    *n = p->ring >= 0 ? ds->rings[p->ring].nmembers : ds->ncities;
    size_t *m = malloc((*n + 1) * sizeof *m);
    for (size_t i = 0; m && i < *n; i++)
        m[i] = p->ring >= 0 ? ds->rings[p->ring].members[i] : i;
    return m;
}

/* The least bars a part of a split bar chart holds. */
#define PART_MIN_BARS ((size_t)8)

/* A bar chart c of at most a page's bars that does not fit below the
 * cursor: its first first_n bars here, the rest on the next page, on one
 * scale, with "Teil 1 von 2" and "Teil 2 von 2" in the captions; rather
 * than moving whole and leaving the page below the development chart
 * empty. c is consumed. */
static void position_parts(report *r, rpt_chart_t *c, size_t first_n, const char *svg,
                           const char *cap)
{
    const chart_bars *all = &c->u.bars;
    size_t parts = 2;
    for (size_t i = 0; i < parts && !rpt_failed(r); i++) {
        size_t first = i ? first_n : 0, n = i ? all->n - first_n : first_n;
        rpt_chart_t *pc = rpt_chart_new(r, CHART_BARS);
        chart_item *items = pc ? malloc((n + 1) * sizeof *items) : NULL;
        char *pcap = rpt_printf(r, TX(titel_teil), cap, i + 1, parts);
        char *name = rpt_printf(r, "%.*s_%zu.svg", (int)(strlen(svg) - 4), svg, i + 1);
        if (!items || !pcap || !name) {
            free(pc), free(items), free(pcap), free(name);
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
            break;
        }
        memcpy(items, all->items + first, n * sizeof *items);
        pc->mem[0] = items;
        pc->u.bars = *all;
        pc->u.bars.items = items;
        pc->u.bars.n = n;
        /* the parts without the participant: all bars grey (own beyond n) */
        pc->u.bars.own = all->own > first && all->own <= first + n ? all->own - first : n + 1;
        place(r, pc, name, pcap);
        free(pcap);
        free(name);
    }
    free(c->mem[0]);
    free(c);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A comparison group too large to list on one page (a circle of 500
 * without rings, a ring of 60): where the participant stands among the
 * values of all of them, sorted, on one page (chart_strip); nobody else
 * is named, whatever the layout says. */
static void position_strip(part *p, size_t k, const size_t *m, size_t n, const char *cap,
                           const char *svg)
{
    report *r = p->r;
    const kz_agg *a = group_agg(p, k, r->yi);
    const kz_cell *mine = kz_get(r->kz, k, p->city, r->yi);
    rpt_chart_t *c = rpt_chart_new(r, CHART_STRIP);
    double *v = c ? malloc((n + 1) * sizeof *v) : NULL;
    if (!v) {
        free(c);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    size_t nv = 0, below = 0;
    for (size_t i = 0; i < n; i++) {
        const kz_cell *cell = kz_get(r->kz, k, m[i], r->yi);
        if (!cell->has_value)
            continue;
        v[nv++] = cell->value;
        below += m[i] != p->city && mine->has_value && cell->value < mine->value;
    }
    qsort(v, nv, sizeof *v, cmp_double);
    c->mem[0] = v;
    /* the own column: the first of the values equal to its own */
    c->u.strip = (chart_strip){.values = v,
                               .n = nv,
                               .missing = n - nv,
                               .own = mine->has_value ? below + 1 : 0,
                               .own_label = me(p)->name,
                               .own_flag = mine->has_value ? rpt_flag_mark(mine)
                                                           : flag_print_symbol((kv_flag)mine->flag),
                               .gesamt = a->gesamt,
                               .mean = a->mean,
                               .has_gesamt = a->has_gesamt,
                               .has_mean = a->n > 0,
                               .decimals = r->ds->kz[k].decimals};
    place(r, c, svg, cap);
}

static void position_chart(part *p, size_t k)
{
    report *r = p->r;
    const dataset *ds = r->ds;
    const kz_agg *a = group_agg(p, k, r->yi);
    size_t n;
    size_t *m = members(p, &n);
    rpt_chart_t *c = m ? rpt_chart_new(r, CHART_BARS) : NULL;
    chart_item *items = c ? calloc(n + 1, sizeof *items) : NULL;
    /* "im Vergleichsring 1" for rings named so, else "im Vergleichsring „Nord“" */
    const char *rn = ring_name(p);
    int named = rn && strncmp(rn, "Vergleichsring", 14) == 0;
    char *cap =
        p->ring >= 0
            ? rpt_printf(r, named ? TX(teil_vergleich_ring_nummer) : TX(teil_vergleich_ring),
                         ds->kz[k].title, r->o->year, rn, ds->kz[k].unit)
            : rpt_printf(r, TX(teil_vergleich_alle), ds->kz[k].title, r->o->year, ds->kz[k].unit);
    char *svg = rpt_printf(r, "%s_vergleich.svg", ds->kz[k].code);
    if (!items || !cap || !svg) {
        free(m), free(c), free(items), free(cap), free(svg);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    if (n > rpt_bar_rows_per_page(r)) {
        free(items);
        free(c);
        position_strip(p, k, m, n, cap, svg);
        free(m), free(cap), free(svg);
        return;
    }
    if (!r->lay->part_named) {
        by_ctx o = {p, k};
        qsort_r(m, n, sizeof *m, by_value, &o);
    }
    chart_bars b = {.gesamt = a->gesamt,
                    .mean = a->mean,
                    .has_gesamt = a->has_gesamt,
                    .has_mean = a->n > 0,
                    .decimals = ds->kz[k].decimals};
    for (size_t i = 0; i < n; i++) {
        const kz_cell *cell = kz_get(r->kz, k, m[i], r->yi);
        int mine = m[i] == p->city;
        int shown = mine || r->lay->part_named;
        items[i] = (chart_item){shown ? ds->cities[m[i]].name : "", cell->value, cell->has_value,
                                cell->has_value ? rpt_flag_mark(cell)
                                                : flag_print_symbol((kv_flag)cell->flag),
                                shown ? ds->cities[m[i]].shortname : ""};
        if (mine)
            b.own = i + 1;
        if (cell->has_value) {
            b.lo = fmin(b.lo, cell->value);
            b.hi = fmax(b.hi, cell->value);
        }
    }
    b.items = items;
    b.n = n;
    c->mem[0] = items;
    c->u.bars = b;
    /* what fits below the cursor with a caption of "Teil 1 von 2" */
    double h = chart_height(CHART_BARS, &b, pdfdoc_width(r->d));
    char *pcap = rpt_printf(r, TX(titel_teil), cap, (size_t)1, (size_t)2);
    size_t here =
        pcap ? chart_bars_fit(pdfdoc_room(r->d) - rpt_caption_h(r, pcap) - 4 - RPT_SOURCE_H) : 0;
    free(pcap);
    if (pdfdoc_room(r->d) >= rpt_caption_h(r, cap) + h + 4 + RPT_SOURCE_H || here < PART_MIN_BARS ||
        n < 2 * PART_MIN_BARS)
        place(r, c, svg, cap);
    else /* the second part keeps at least PART_MIN_BARS */
        position_parts(r, c, here < n - PART_MIN_BARS ? here : n - PART_MIN_BARS, svg, cap);
    free(m);
    free(cap);
    free(svg);
}

static void key_figure(part *p, size_t k)
{
    report *r = p->r;
    const ds_kennzahl *kz = &r->ds->kz[k];
    chart_trend none = {0};
    rpt_need(r, 5 * 11 + RPT_CAPTION_H + chart_height(CHART_TREND, &none, 0) + RPT_SOURCE_H);
    rpt_section(r, kz->title, 11, 0);
    if (kz->description[0])
        rpt_text(r, LAY_FONT_ITALIC, 8, 10.5, COL_GREY, kz->description);
    if (r->yi > 0)
        trend_chart(p, k);
    if (group_agg(p, k, r->yi)->n > 0) {
        position_chart(p, k);
    } else {
        char *s = rpt_printf(r, TX(teil_kein_vergleich), r->o->year);
        if (s)
            rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, s);
        free(s);
    }
    pdfdoc_space(r->d, 10);
}

static void areas(part *p)
{
    report *r = p->r;
    const dataset *ds = r->ds;
    for (size_t a = 0; a < ds->nareas && !rpt_failed(r); a++) {
        size_t any = 0;
        for (size_t k = 0; k < ds->nkz; k++)
            any += ds->kz[k].area_idx == a && p->shown[k];
        if (!any)
            continue;
        rpt_chapter(r, ds->areas[a]);
        for (size_t k = 0; k < ds->nkz && !rpt_failed(r); k++)
            if (ds->kz[k].area_idx == a && p->shown[k])
                key_figure(p, k);
    }
}

/* ---- the plan -------------------------------------------------------------------------- */

static void lay_out(part *p)
{
    report *r = p->r;
    cover(p);
    at_a_glance(p);
    if (!rpt_failed(r))
        areas(p);
    if (!rpt_failed(r)) {
        rpt_chapter(r, rpt_profile_term(r)); /* "Stadtprofil", as the layout says */
        rpt_profile(r, p->city);
    }
    if (!rpt_failed(r)) {
        rpt_chapter(r, TX(kapitel_erlaeuterungen));
        rpt_definitions(r, p->shown);
        rpt_symbols(r);
        rpt_abbreviations(r); /* the report goes alone to committees */
    }
    char *title = rpt_printf(r, TX(teil_titel), me(p)->name, r->o->year);
    if (!rpt_failed(r) && title)
        rpt_imprint(r, title);
    char *long_head = rpt_printf(r, TX(teil_kopf), r->o->year, me(p)->name);
    char *head = long_head
                     ? pdfdoc_fit(r->d, LAY_FONT_REGULAR, 7.5, pdfdoc_width(r->d) * 0.4, long_head)
                     : NULL;
    free(long_head);
    char *subject = rpt_printf(r, TX(teil_betreff), layout_or(r->lay->title, TX(titel_standard)),
                               me(p)->name, r->o->year, r->o->draft ? TX(entwurf_klammer) : "");
    rpt_finish(r, head, title, subject);
    free(head);
    free(title);
    free(subject);
}

/* One chart context for every participant report of a process: cairo
 * caches its FreeType faces by address, and a face freed with one
 * report's context and a new one loaded at the same address for the next
 * made cairo draw with the freed one (a crash in fontconfig). */
static chart_ctx *shared_ch;

void report_participant_end(void)
{
    chart_free(shared_ch);
    shared_ch = NULL;
}

report *report_plan_participant(const render_ctx *o, size_t city)
{
    if (!shared_ch && !(shared_ch = chart_new(o->lay)))
        return NULL;
    report *r = rpt_open(o, shared_ch);
    if (!r || r->status)
        return r;
    /* r->ds is the published view (kzview.h): all of its key figures are shown */
    uint8_t *shown = malloc(r->ds->nkz + 1);
    if (!shown) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return r;
    }
    for (size_t k = 0; k < r->ds->nkz; k++)
        shown[k] = (uint8_t)(r->ds->kz[k].monitoring != 0);
    part p = {r, city, o->ds->cities[city].ring, shown};
    if (p.ring >= (int)o->ds->nrings)
        p.ring = -1;
    lay_out(&p);
    free(shown);
    return r;
}
