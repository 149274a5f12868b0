/* report_compact.c - the compact format ([bericht] format = kompakt): per
 * field of action one fact board instead of a page per key figure. A
 * board holds a tile per published key figure - a small bar chart of the
 * report year (participants in their fixed order; for a large circle the
 * distribution instead), the Gesamtwert's development, the Gesamtwert
 * with its change and the layout's comment ([text kennzahl CODE]) - one
 * page, two when the area has many key figures (more only when even two
 * cannot hold them: then the board continues). */
#include "report_int.h"

#include "fmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this many participants one bar each would be too small to read
 * at 6 pt: the board shows the distribution and the rings' Gesamtwerte. */
#define BOARD_MAX_BARS 30

#define HEAD_SIZE     9.5 /* the key figure's heading: rpt_section's line is 1.9 times it */
#define TILE_GAP      8.0
#define COMMENT_LINES 4
#define COMMENT_SIZE  7.5
#define COMMENT_LEAD  9.5
#define FACT_SIZE     7.0
#define FACT_LEAD     9.0
#define SPARK_MIN_H   62.0

typedef struct {
    size_t k;
    char **comment; /* wrapped comment lines (at most COMMENT_LINES) */
    size_t ncomment;
    double chart_h, row_h, height;
} tile;

static int large(const report *r)
{
    return r->ds->ncities > BOARD_MAX_BARS;
}

static double chart_w(const report *r)
{
    return floor(pdfdoc_width(r->d) * 0.43);
}

static double spark_w(const report *r)
{
    return floor(pdfdoc_width(r->d) * 0.29);
}

static double facts_x(const report *r)
{
    return pdfdoc_left(r->d) + chart_w(r) + spark_w(r) + 20;
}

static double facts_w(const report *r)
{
    return pdfdoc_left(r->d) + pdfdoc_width(r->d) - facts_x(r);
}

/* ---- the Gesamtwert's change ---------------------------------------------------- */

/* 1 when any participant's value of key figure k breaks in year y. */
static int any_break(const report *r, size_t k, size_t y)
{
    for (size_t c = 0; c < r->ds->ncities; c++)
        if (kz_get(r->kz, k, c, y)->brk)
            return 1;
    return 0;
}

/* The Gesamtwert's change against the previous year in the report's rule
 * (percent; for a unit of % percentage points; none across a series break,
 * from a base <= 0 or to a negative value) as "+2,1 % gegenüber 2023", or
 * in a word or two why there is none; malloc'ed (NULL: out of memory,
 * recorded). */
static char *gesamt_change(report *r, size_t k)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    const kz_agg *cur = kz_get_agg(r->kz, k, r->yi);
    const kz_agg *prev = r->yi ? kz_get_agg(r->kz, k, r->yi - 1) : NULL;
    int pp = strcmp(kz->unit, "%") == 0;
    if (!prev || !cur->has_gesamt || !prev->has_gesamt)
        return rpt_printf(r, TX(kompakt_vorjahr_kein_wert));
    if (any_break(r, k, r->yi) || (!pp && (!(prev->gesamt > 0) || cur->gesamt < 0)))
        return rpt_printf(r, TX(kompakt_veraenderung_x));
    double v = pp ? cur->gesamt - prev->gesamt : (cur->gesamt - prev->gesamt) / prev->gesamt * 100;
    char change[64]; /* a number and its unit, made here */
    rpt_change(v, pp, change, sizeof change);
    return rpt_printf(r, TX(kompakt_gegenueber), change, r->ds->years[r->yi - 1]);
}

/* ---- the small charts ----------------------------------------------------------------- */

static rpt_chart_t *bars_chart(report *r, size_t k)
{
    const dataset *ds = r->ds;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    rpt_chart_t *c = rpt_chart_new(r, CHART_MINIBARS);
    chart_item *items = c ? malloc((ds->ncities + 1) * sizeof *items) : NULL;
    const char **names = items ? malloc((ds->ncities + 1) * sizeof *names) : NULL;
    if (!names) {
        free(c);
        free(items);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    double lo = 0, hi = 0;
    for (size_t i = 0; i < ds->ncities; i++) {
        const kz_cell *cell = kz_get(r->kz, k, i, r->yi);
        int mark = cell->has_value && cell->flag != FLAG_DASH;
        items[i] = (chart_item){
            ds->cities[i].shortname, cell->value, cell->has_value,
            mark || !cell->has_value ? flag_print_symbol((kv_flag)cell->flag) : "", NULL};
        names[i] = ds->cities[i].name; /* short names on the bars, full ones in the alt text */
        if (cell->has_value) {
            lo = fmin(lo, cell->value);
            hi = fmax(hi, cell->value);
        }
    }
    c->mem[0] = items;
    c->mem[1] = names;
    c->u.bars = (chart_bars){.items = items,
                             .n = ds->ncities,
                             .gesamt = a->gesamt,
                             .mean = a->mean,
                             .has_gesamt = a->has_gesamt,
                             .has_mean = a->n > 0,
                             .lo = lo,
                             .hi = hi,
                             .decimals = ds->kz[k].decimals,
                             .spoken = names};
    return c;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-quantile of sorted v[0..n) by linear interpolation between order
 * statistics (Hyndman and Fan type 7, the default of R and numpy). */
static double quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

static rpt_chart_t *dist_chart(report *r, size_t k)
{
    const dataset *ds = r->ds;
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    size_t nr = ds->nrings;
    rpt_chart_t *c = rpt_chart_new(r, CHART_DIST);
    double *v = c ? malloc((ds->ncities + 3 * nr + 1) * sizeof *v) : NULL;
    uint8_t *has = c ? malloc(nr + 1) : NULL;
    const char **labels = c ? malloc((nr + 1) * sizeof *labels) : NULL;
    if (!v || !has || !labels) {
        free(c), free(v), free(has), free(labels);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < ds->ncities; i++) {
        const kz_cell *cell = kz_get(r->kz, k, i, r->yi);
        if (cell->has_value)
            v[n++] = cell->value;
    }
    qsort(v, n, sizeof *v, cmp_double);
    double *rg = v + ds->ncities, *rmin = rg + nr, *rmax = rmin + nr;
    for (size_t i = 0; i < nr; i++) {
        const kz_agg *ra = kz_get_ring_agg(r->kz, k, i, r->yi);
        labels[i] = ds->rings[i].name;
        rg[i] = ra->gesamt;
        rmin[i] = ra->min;
        rmax[i] = ra->max;
        has[i] = ra->has_gesamt && ra->n > 0;
    }
    c->mem[0] = v;
    c->mem[1] = has;
    c->mem[2] = labels;
    c->u.dist = (chart_dist){.min = a->min,
                             .q1 = n ? quantile(v, n, 0.25) : 0,
                             .median = a->median,
                             .q3 = n ? quantile(v, n, 0.75) : 0,
                             .max = a->max,
                             .gesamt = a->gesamt,
                             .mean = a->mean,
                             .n = n,
                             .has_gesamt = a->has_gesamt,
                             .ring_labels = labels,
                             .ring_gesamt = rg,
                             .ring_min = rmin,
                             .ring_max = rmax,
                             .ring_has = has,
                             .nrings = nr,
                             .decimals = ds->kz[k].decimals};
    return c;
}

static rpt_chart_t *spark_chart(report *r, size_t k)
{
    const dataset *ds = r->ds;
    size_t n = r->yi + 1;
    rpt_chart_t *c = rpt_chart_new(r, CHART_SPARK);
    double *g = c ? malloc((n + 1) * sizeof *g) : NULL;
    uint8_t *has = c ? malloc(2 * n + 1) : NULL;
    if (!g || !has) {
        free(c), free(g), free(has);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    for (size_t y = 0; y < n; y++) {
        const kz_agg *a = kz_get_agg(r->kz, k, y);
        g[y] = a->gesamt;
        has[y] = a->n > 0 && a->has_gesamt;
        has[n + y] = y > 0 && any_break(r, k, y);
    }
    c->mem[0] = g;
    c->mem[1] = has;
    c->u.dev = (chart_dev){.years = ds->years,
                           .n = n,
                           .gesamt = g,
                           .has = has,
                           .decimals = ds->kz[k].decimals,
                           .brk = has + n,
                           .own = -1};
    return c;
}

/* ---- tiles ------------------------------------------------------------------------------- */

/* The fact column's lines. The texts come from the layout and the data:
 * malloc'ed, freed by facts_free. */
typedef struct {
    pdf_font font;
    char *text; /* NULL: out of memory (recorded) */
} fact_line;

#define MAX_FACTS 12

static void facts_free(fact_line *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i].text);
}

static size_t fact_lines(report *r, size_t k, fact_line *out)
{
    const ds_kennzahl *kz = &r->ds->kz[k];
    const kz_agg *a = kz_get_agg(r->kz, k, r->yi);
    const pdf_font small = {LAY_FONT_REGULAR, FACT_SIZE, COL_TEXT};
    size_t n = 0;
    char num[64], num2[64]; /* numbers, made here */
    out[n++] = (fact_line){{LAY_FONT_REGULAR, FACT_SIZE, COL_GREY},
                           rpt_printf(r, TX(kompakt_gesamtwert), r->o->year)};
    if (a->has_gesamt)
        rpt_num(a->gesamt, kz->decimals, num, sizeof num);
    out[n++] = (fact_line){{LAY_FONT_BOLD, 13, r->lay->color[LAY_COL_ACCENT]},
                           rpt_printf(r, "%s", a->has_gesamt ? num : ".")};
    /* the unit, wrapped to the column */
    char **lines;
    size_t nl = pdfdoc_wrap(r->d, small.font, small.size, facts_w(r), kz->unit, &lines);
    for (size_t i = 0; i < nl && i < 3; i++)
        out[n++] = (fact_line){small, rpt_printf(r, "%s", lines[i])};
    pdfdoc_free_lines(lines, nl);
    out[n++] = (fact_line){small, gesamt_change(r, k)};
    if (a->n > 0)
        rpt_num(a->mean, kz->decimals, num, sizeof num);
    out[n++] = (fact_line){small, rpt_printf(r, TX(kompakt_mw_n), a->n > 0 ? num : ".", a->n)};
    if (large(r) && a->n > 0) {
        rpt_num(a->median, kz->decimals, num, sizeof num);
        out[n++] = (fact_line){small, rpt_printf(r, TX(kompakt_median), num)};
        rpt_num(a->min, kz->decimals, num, sizeof num);
        rpt_num(a->max, kz->decimals, num2, sizeof num2);
        out[n++] = (fact_line){small, rpt_printf(r, TX(kompakt_spanne), num, num2)};
    }
    return n;
}

static double facts_height(size_t n)
{
    return 8 + 16 + 4 + FACT_LEAD * (double)(n - 2);
}

/* The comment wrapped to the content width, at most COMMENT_LINES lines:
 * a longer one ends its last line with "…". */
static void tile_comment(report *r, tile *t)
{
    const char *text = layout_text(r->lay, "kennzahl", r->ds->kz[t->k].code);
    t->comment = NULL;
    t->ncomment = 0;
    if (!text)
        return;
    double w = pdfdoc_width(r->d);
    char **lines;
    size_t n = pdfdoc_wrap(r->d, LAY_FONT_REGULAR, COMMENT_SIZE, w, text, &lines);
    if (!n)
        return;
    if (n > COMMENT_LINES) {
        char *joined = rpt_printf(r, "%s %s", lines[COMMENT_LINES - 1], lines[COMMENT_LINES]);
        char *fit = joined ? pdfdoc_fit(r->d, LAY_FONT_REGULAR, COMMENT_SIZE, w, joined) : NULL;
        free(joined);
        for (size_t i = COMMENT_LINES - 1; i < n; i++)
            free(lines[i]);
        lines[COMMENT_LINES - 1] = fit;
        n = fit ? COMMENT_LINES : COMMENT_LINES - 1;
    }
    t->comment = lines;
    t->ncomment = n;
}

static void tile_measure(report *r, tile *t)
{
    fact_line facts[MAX_FACTS];
    if (large(r)) {
        chart_dist d = {.nrings = r->ds->nrings};
        t->chart_h = chart_height(CHART_DIST, &d, 0);
    } else {
        chart_bars b = {.n = r->ds->ncities};
        t->chart_h = chart_height(CHART_MINIBARS, &b, 0);
    }
    size_t nf = fact_lines(r, t->k, facts);
    facts_free(facts, nf);
    t->row_h = fmax(fmax(t->chart_h, SPARK_MIN_H), facts_height(nf));
    tile_comment(r, t);
    const ds_kennzahl *kz = &r->ds->kz[t->k];
    char *head = rpt_printf(r, "%s (%s)", kz->title, kz->unit);
    char **lines;
    size_t nh =
        head ? pdfdoc_wrap(r->d, LAY_FONT_BOLD, HEAD_SIZE, pdfdoc_width(r->d), head, &lines) : 1;
    if (head)
        pdfdoc_free_lines(lines, nh);
    free(head);
    t->height = HEAD_SIZE * (1.3 * (double)nh + 0.6) + t->row_h + 4 +
                COMMENT_LEAD * (double)t->ncomment + TILE_GAP;
}

static void tile_draw(report *r, const tile *t, const char *area_base, size_t no)
{
    pdfdoc *d = r->d;
    const ds_kennzahl *kz = &r->ds->kz[t->k];
    rpt_need(r, t->height);
    char *head = rpt_printf(r, "%s (%s)", kz->title, kz->unit);
    if (!head)
        return;
    rpt_section(r, head, HEAD_SIZE, 0);
    pdf_anchor at = pdfdoc_here(d);
    /* bars (or the distribution) | development | facts */
    rpt_chart_t *c = large(r) ? dist_chart(r, t->k) : bars_chart(r, t->k);
    char *name = rpt_printf(r, "%s_%02zu_%s_%s.svg", area_base, no, kz->code,
                            large(r) ? "verteilung" : "balken");
    char *title =
        rpt_printf(r, TX(kompakt_diagramm), kz->title, r->o->year,
                   large(r) ? TX(kompakt_verteilung) : TX(kompakt_nach_teilnehmenden), kz->unit);
    if (c && name && title)
        rpt_chart_at(r, c, pdfdoc_left(d), chart_w(r), t->chart_h, name, title);
    else
        rpt_chart_free(c);
    free(name);
    free(title);
    rpt_chart_t *s = spark_chart(r, t->k);
    name = rpt_printf(r, "%s_%02zu_%s_entwicklung.svg", area_base, no, kz->code);
    title =
        rpt_printf(r, TX(kompakt_entwicklung), kz->title, r->ds->years[0], r->o->year, kz->unit);
    if (s && name && title)
        rpt_chart_at(r, s, pdfdoc_left(d) + chart_w(r) + 10, spark_w(r), t->row_h, name, title);
    else
        rpt_chart_free(s);
    free(name);
    free(title);
    fact_line facts[MAX_FACTS];
    size_t nf = fact_lines(r, t->k, facts);
    double y = at.y + 8;
    for (size_t i = 0; i < nf; i++) {
        if (i == 1)
            y += 16 - FACT_LEAD; /* the Gesamtwert is large */
        if (i == 2)
            y += 4;
        if (facts[i].text)
            pdfdoc_text_at(d, at.page, PDF_ROLE_P, facts[i].font, facts_x(r), y, facts[i].text);
        y += FACT_LEAD;
    }
    facts_free(facts, nf);
    pdfdoc_space(d, t->row_h + 4);
    if (t->ncomment) {
        sbuf b;
        sbuf_init(&b);
        for (size_t i = 0; i < t->ncomment; i++)
            sbuf_addf(&b, "%s%s", i ? "\n" : "", t->comment[i]);
        const pdf_block blk = {PDF_ROLE_P,
                               {LAY_FONT_REGULAR, COMMENT_SIZE, COL_TEXT},
                               pdfdoc_left(d),
                               pdfdoc_width(d),
                               COMMENT_LEAD - 2,
                               2,
                               0};
        if (!sbuf_failed(&b))
            pdfdoc_block(d, &blk, b.s);
        else
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        sbuf_free(&b);
    }
    pdfdoc_space(d, TILE_GAP);
    free(head);
}

/* ---- boards --------------------------------------------------------------------------------- */

static void board_intro(report *r, size_t area)
{
    const char *t = layout_text(r->lay, "bereich", r->ds->areas[area]);
    if (t)
        rpt_text(r, LAY_FONT_REGULAR, 8, 10.5, COL_TEXT, t);
    char *note = NULL;
    if (large(r))
        note = rpt_printf(r, TX(kompakt_hinweis_verteilung), r->o->year, r->ds->ncities,
                          r->ds->nrings ? TX(kompakt_hinweis_ringe) : "");
    else
        note = rpt_printf(r, TX(kompakt_hinweis_balken), r->o->year);
    if (note)
        rpt_text(r, LAY_FONT_ITALIC, 7.5, 9.5, COL_GREY, note);
    free(note);
    pdfdoc_space(r->d, 4);
}

static void board(report *r, size_t area, size_t no)
{
    const dataset *ds = r->ds;
    tile *tiles = malloc((ds->nkz + 1) * sizeof *tiles);
    char *base = rpt_printf(r, "board_%02zu", no);
    if (!tiles || !base) {
        free(tiles);
        free(base);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    size_t n = 0;
    for (size_t k = 0; k < ds->nkz; k++)
        if (ds->kz[k].area_idx == area) {
            tiles[n] = (tile){.k = k};
            tile_measure(r, &tiles[n++]);
        }
    rpt_continue(r, NULL);
    rpt_chapter(r, ds->areas[area]);
    board_intro(r, area);
    rpt_continue(r, ds->areas[area]);
    /* a board of two pages shares its tiles out evenly: never one alone on
     * the second page beside a full first one */
    double room = pdfdoc_room(r->d), used = 0;
    size_t fit = 0;
    while (fit < n && used + tiles[fit].height <= room)
        used += tiles[fit++].height;
    size_t split = fit < n && n - fit < fit ? (n + 1) / 2 : n;
    for (size_t i = 0; i < n && !rpt_failed(r); i++) {
        if (i == split)
            rpt_need(r, pdfdoc_room(r->d) + 1); /* the next page, with the area's title */
        tile_draw(r, &tiles[i], base, i + 1);
    }
    rpt_continue(r, NULL);
    for (size_t i = 0; i < n; i++)
        pdfdoc_free_lines(tiles[i].comment, tiles[i].ncomment);
    free(tiles);
    free(base);
}

void rpt_boards(report *r)
{
    for (size_t a = 0; a < r->ds->nareas && !rpt_failed(r); a++)
        board(r, a, a + 1);
}
