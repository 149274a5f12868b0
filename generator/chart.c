/* chart.c - bar, development and profile charts, drawn through a canvas
 * (canvas.h): recorded as path operations for the PDF, drawn by cairo for
 * the SVG copies. */
#include "chart.h"

#include "canvas.h"
#include "flag.h"
#include "fmt.h"
#include "pdffont.h"
#include "sbuf.h"
#include "text.h"

#include <cairo-ft.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FS_LABEL    7.5
#define FS_TICK     7.0
#define ROW         11.0
#define LEGEND_H    16.0
#define AXIS_H      16.0
#define DEV_H       135.0
#define PROFILE_ROW 12.0
#define TREND_H     110.0
/* the other members' bars beside a participant's own: grey at 3.4:1 against white
 * (WCAG 1.4.11 asks 3:1), lighter than the standard layout's bar colour */
#define OTHER_BAR 0x8C8C8C

/* One FreeType library for all contexts of a process, done with the last
 * of them: cairo caches faces beyond their context's life, and destroys
 * them only when its static data is reset - which asserts while another
 * context's faces are in use. So the library lives until then. */
static FT_Library shared_ft;
static int live; /* contexts of this process not yet freed */

struct chart_ctx {
    FT_Library ft;
    cairo_font_face_t *face[LAY_FONT_COUNT];
    uint32_t color[LAY_COL_COUNT];
    /* cairo never draws text: it is collected here with its position,
     * font and colour, for the PDF and the SVG to set themselves */
    chart_text *texts;
    size_t ntexts, cap;
    int oom;
    lay_font cur_font;
    double cur_size;
    /* the PDF's fonts of the layout faces, for characters a face lacks
     * (see text_w); NULL: not readable, cairo's width stands */
    pdffont *pf[LAY_FONT_COUNT];
    /* the PDF's charts: a recorder, reused from chart to chart, that
     * measures text on a cairo context of a 1 x 1 image surface; made for
     * the first chart (a process writing only SVGs never makes it, and
     * its SVGs number cairo's surfaces as before) */
    cairo_surface_t *measure_surface;
    cairo_t *measure;
    canvas *rec;
    /* the fonts as SVG names them: family, bold, italic */
    char *family[LAY_FONT_COUNT];
    int bold[LAY_FONT_COUNT], italic[LAY_FONT_COUNT];
    int failed;  /* chart_new could not load what it needs */
    char *error; /* why (NULL when that message ran out of memory) */
};

static void drop_texts(chart_ctx *c)
{
    for (size_t i = 0; i < c->ntexts; i++)
        free(c->texts[i].s);
    c->ntexts = 0;
}

static const cairo_user_data_key_t ft_key;

static void done_face(void *face)
{
    FT_Done_Face(face);
}

/* Records why the context is unusable: the font that cannot be loaded,
 * FreeType (font NULL), or out of memory (oom). */
static void chart_fail(chart_ctx *c, const char *font, int oom)
{
    if (c->failed)
        return;
    c->failed = 1;
    if (oom)
        return;
    sbuf b;
    sbuf_init(&b);
    if (font)
        sbuf_addf(&b, "Schrift %s kann nicht geladen werden", font);
    else
        sbuf_adds(&b, "FreeType kann nicht initialisiert werden");
    c->error = sbuf_take(&b);
}

/* Unhinted metrics: the widths cairo measures are the font's own, the
 * same libharu uses for the text it sets in the PDF. */
static void unhinted(cairo_t *cr)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

chart_ctx *chart_new(const layout *lay)
{
    chart_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    live++;
    if (!shared_ft && FT_Init_FreeType(&shared_ft)) {
        shared_ft = NULL;
        chart_fail(c, NULL, 0);
        return c;
    }
    c->ft = shared_ft;
    for (int i = 0; i < LAY_FONT_COUNT; i++) {
        FT_Face face;
        if (FT_New_Face(c->ft, lay->font[i], 0, &face)) {
            chart_fail(c, lay->font[i], 0);
            return c;
        }
        c->family[i] = strdup(face->family_name ? face->family_name : "sans-serif");
        c->bold[i] = (face->style_flags & FT_STYLE_FLAG_BOLD) != 0;
        c->italic[i] = (face->style_flags & FT_STYLE_FLAG_ITALIC) != 0;
        c->face[i] = cairo_ft_font_face_create_for_ft_face(face, 0);
        c->pf[i] = pdffont_get(lay->font[i]);
        cairo_font_face_set_user_data(c->face[i], &ft_key, face, done_face);
        if (!c->family[i]) {
            chart_fail(c, NULL, 1);
            return c;
        }
    }
    memcpy(c->color, lay->color, sizeof c->color);
    return c;
}

const char *chart_error(const chart_ctx *c)
{
    return c->failed ? (c->error ? c->error : "zu wenig Speicher") : NULL;
}

void chart_free(chart_ctx *c)
{
    if (!c)
        return;
    cv_free(c->rec);
    if (c->measure)
        cairo_destroy(c->measure);
    if (c->measure_surface)
        cairo_surface_destroy(c->measure_surface);
    for (int i = 0; i < LAY_FONT_COUNT; i++) {
        if (c->face[i])
            cairo_font_face_destroy(c->face[i]);
        free(c->family[i]);
    }
    /* the faces are released with the last cairo reference; cairo keeps a
     * cache, so reset it before the library goes, with the last context */
    if (--live == 0) {
        cairo_debug_reset_static_data();
        if (shared_ft)
            FT_Done_FreeType(shared_ft);
        shared_ft = NULL;
    }
    free(c->error);
    drop_texts(c);
    free(c->texts);
    free(c);
}

/* ---- drawing helpers ------------------------------------------------------ */

static void set_color(canvas *cv, uint32_t rgb)
{
    cv_set_source_rgb(cv, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                      (rgb & 0xFF) / 255.0);
}

/* The font and size text_w measures in: the current chart's (charts are
 * drawn one at a time in a process). */
static pdffont *measure_font;
static double measure_size;

static void font(chart_ctx *c, canvas *cv, lay_font f, double size)
{
    cv_set_font_face(cv, c->face[f]);
    cv_set_font_size(cv, size);
    c->cur_font = f;
    c->cur_size = size;
    measure_font = c->pf[f];
    measure_size = size;
}

/* cairo's width, except for characters the layout face lacks (U+2212 in
 * Noto Sans): cairo measures its .notdef, the PDF sets the fallback
 * face's glyph (pdffont.h), so the difference is added. */
static double text_w(canvas *cv, const char *s)
{
    double w = cv_text_advance(cv, s);
    if (!measure_font)
        return w;
    const char *p = s, *end = s + strlen(s);
    long fix = 0;
    while (p < end) {
        if ((unsigned char)*p < 0x80) {
            p++;
            continue;
        }
        pdffont_glyph g = pdffont_glyph_of(measure_font, pdffont_next_cp(&p, end));
        if (g.face)
            fix += (long)g.w - (long)pdffont_notdef_units(measure_font);
    }
    return w + (double)fix * measure_size / 1000.0;
}

/* Text at x, y (the baseline), align 0 left, 1 centre, 2 right, in the
 * current font and colour: collected, not drawn. */
static void text_at(chart_ctx *c, canvas *cv, double x, double y, int align, const char *s)
{
    if (c->ntexts == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        chart_text *t = realloc(c->texts, cap * sizeof *t);
        if (!t) {
            c->oom = 1;
            return;
        }
        c->texts = t;
        c->cap = cap;
    }
    double r, g, b;
    cv_get_source_rgb(cv, &r, &g, &b);
    chart_text *t = &c->texts[c->ntexts];
    *t = (chart_text){x,
                      y,
                      align,
                      c->cur_font,
                      c->cur_size,
                      (uint32_t)lround(r * 255) << 16 | (uint32_t)lround(g * 255) << 8 |
                          (uint32_t)lround(b * 255),
                      strdup(s)};
    if (t->s)
        c->ntexts++;
    else
        c->oom = 1;
}

/* The width of s in the current font, for text_fit. */
static double canvas_width(void *cv, const char *s)
{
    return text_w(cv, s);
}

/* s shortened with "…" to max_w as a malloc'ed string (never longer than
 * s plus the ellipsis, so nothing else is cut), its width in *w; NULL when
 * out of memory. */
static char *fit_text(canvas *cv, const char *s, double max_w, double *w)
{
    size_t size = strlen(s) + 4;
    char *out = malloc(size);
    if (out)
        *w = text_fit(s, max_w, canvas_width, cv, out, size);
    return out;
}

/* The n texts fitted into max_w in the current font, kept apart where
 * cuts at their ends would make different ones read alike
 * (text_fit_apart); NULL (c->oom) when out of memory. */
static char **fit_all(chart_ctx *c, canvas *cv, const char *const *s, size_t n, double max_w)
{
    char **out = text_fit_apart(s, n, max_w, canvas_width, cv);
    if (!out)
        c->oom = 1;
    return out;
}

/* The bars' labels fitted apart like fit_all, in the current font. */
static char **fit_bar_labels(chart_ctx *c, canvas *cv, const chart_bars *b, double max_w)
{
    const char **names = malloc((b->n + 1) * sizeof *names);
    if (!names) {
        c->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < b->n; i++)
        names[i] = b->items[i].label;
    char **out = fit_all(c, cv, names, b->n, max_w);
    free(names);
    return out;
}

/* Round tick step for a range: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double range, int max_ticks)
{
    if (range <= 0)
        range = 1;
    double raw = range / max_ticks, mag = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 2.5, 5, 10};
    for (int i = 0; i < 5; i++)
        if (m[i] * mag >= raw)
            return m[i] * mag;
    return 10 * mag;
}

static int step_decimals(double step)
{
    int d = 0;
    while (d < 4 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
        d++;
    return d;
}

typedef struct {
    double lo, hi, step;
    int decimals;
} axis;

static axis make_axis(double lo, double hi, int max_ticks)
{
    axis a;
    if (hi - lo < 1e-12) {
        double pad = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    a.step = nice_step(hi - lo, max_ticks);
    a.lo = floor(lo / a.step + 1e-9) * a.step;
    a.hi = ceil(hi / a.step - 1e-9) * a.step;
    a.decimals = step_decimals(a.step);
    return a;
}

static void flagged_outline(const chart_ctx *c, canvas *cv, double x, double y, double w, double h);

static void legend_swatch(chart_ctx *c, canvas *cv, double *x, double y, int kind,
                          const char *label)
{
    cv_save(cv);
    if (kind == 0) {
        set_color(cv, c->color[LAY_COL_BAR]);
        cv_rectangle(cv, *x, y - 6, 12, 6);
        cv_fill(cv);
    } else if (kind == 8) { /* a flagged bar (draw_bars) */
        set_color(cv, c->color[LAY_COL_FLAGGED]);
        cv_rectangle(cv, *x, y - 6, 12, 6);
        cv_fill(cv);
        flagged_outline(c, cv, *x, y - 6, 12, 6);
    } else if (kind == 7) { /* the others' columns beside the own (chart_strip) */
        set_color(cv, OTHER_BAR);
        cv_rectangle(cv, *x, y - 6, 12, 6);
        cv_fill(cv);
    } else if (kind == 3) {
        set_color(cv, c->color[LAY_COL_BAND]);
        cv_rectangle(cv, *x, y - 7, 12, 8);
        cv_fill(cv);
        cv_set_source_rgb(cv, 0.46, 0.46, 0.46);
        cv_set_line_width(cv, 0.6);
        cv_move_to(cv, *x, y - 7);
        cv_line_to(cv, *x + 12, y - 7);
        cv_move_to(cv, *x, y + 1);
        cv_line_to(cv, *x + 12, y + 1);
        cv_stroke(cv);
    } else if (kind == 4) {
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        cv_set_line_width(cv, 0.8);
        double dash[] = {1.5, 1.5};
        cv_set_dash(cv, dash, 2, 0);
        cv_move_to(cv, *x + 6, y - 8);
        cv_line_to(cv, *x + 6, y + 2);
        cv_stroke(cv);
    } else if (kind == 6) {
        cv_set_source_rgb(cv, 0.0, 0.48, 0.37);
        cv_set_line_width(cv, 1.0);
        double dash[] = {1, 1.5};
        cv_set_dash(cv, dash, 2, 0);
        cv_move_to(cv, *x, y - 6);
        cv_line_to(cv, *x + 14, y - 6);
        cv_move_to(cv, *x, y);
        cv_line_to(cv, *x + 14, y);
        cv_stroke(cv);
    } else if (kind == 5) {
        set_color(cv, c->color[LAY_COL_RING]);
        cv_set_line_width(cv, 1.6);
        double dash[] = {4, 1.5, 1, 1.5};
        cv_set_dash(cv, dash, 4, 0);
        cv_move_to(cv, *x, y - 3);
        cv_line_to(cv, *x + 14, y - 3);
        cv_stroke(cv);
    } else {
        set_color(cv, c->color[kind == 1 ? LAY_COL_GESAMT : LAY_COL_MEAN]);
        cv_set_line_width(cv, kind == 1 ? 2.0 : 1.2);
        if (kind == 2) {
            double dash[] = {3, 2};
            cv_set_dash(cv, dash, 2, 0);
        }
        cv_move_to(cv, *x, y - 3);
        cv_line_to(cv, *x + 14, y - 3);
        cv_stroke(cv);
    }
    cv_restore(cv);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    cv_set_source_rgb(cv, 0.2, 0.2, 0.2);
    text_at(c, cv, *x + 17, y, 0, label);
    *x += 17 + text_w(cv, label) + 14;
}

/* One legend row at baseline y: the entries (kind as for legend_swatch)
 * from x on, or further left when they do not fit before w. Labels marked
 * in fit are names and are shortened ("…") until the row fits: first the
 * longest, down to an equal share of the room (their full form is the
 * report's own heading). c->oom on a failed allocation. */
static void legend_row(chart_ctx *c, canvas *cv, double x, double y, double w, size_t n,
                       const int *kind, const char *const *label, const int *fit)
{
    double lw[8], room = w, share, fixed = 0;
    size_t nfit = 0;
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (size_t i = 0; i < n && i < 8; i++) {
        lw[i] = text_w(cv, label[i]);
        room -= 31; /* swatch and gap (legend_swatch) */
        if (fit && fit[i])
            nfit++;
        else
            fixed += lw[i];
    }
    room -= fixed;
    /* water-filling: names shorter than an equal share keep their width */
    share = nfit ? room / (double)nfit : 0;
    for (int pass = 0; pass < 8 && nfit; pass++) {
        double left = room;
        size_t wide = 0;
        for (size_t i = 0; i < n && i < 8; i++)
            if (fit && fit[i]) {
                if (lw[i] <= share)
                    left -= lw[i];
                else
                    wide++;
            }
        if (!wide)
            break;
        share = left / (double)wide;
    }
    double total = n ? -14 : 0;
    char *shown[8] = {0};
    for (size_t i = 0; i < n && i < 8; i++) {
        if (fit && fit[i] && lw[i] > share) {
            shown[i] = fit_text(cv, label[i], fmax(share, 20), &lw[i]);
            if (!shown[i])
                c->oom = 1;
        }
        total += 31 + lw[i];
    }
    if (x + total > w)
        x = fmax(0, w - total);
    for (size_t i = 0; i < n && i < 8; i++) {
        legend_swatch(c, cv, &x, y, kind[i], shown[i] ? shown[i] : label[i]);
        free(shown[i]);
    }
}

/* German form with the typographic minus U+2212, like the report's
 * tables (RPT_MINUS in report_int.h). */
static void fmt_value(double v, int decimals, char *buf, size_t size)
{
    fmt_de(v, decimals, 1, buf, size);
}

/* The legend's words for the Gesamtwert and the Mittelwert lines, long or
 * brief (the abbreviations of the annex), into gl and ml (emptied first;
 * check sbuf_failed); merged: the lines lie on each other. */
static void line_labels(double g, int has_g, double m, int has_m, int decimals, int merged,
                        int brief, sbuf *gl, sbuf *ml)
{
    char buf[256];
    sbuf_truncate(gl, 0);
    sbuf_truncate(ml, 0);
    fmt_value(g, decimals, buf, sizeof buf);
    sbuf_addf(gl, brief ? TX(legende_gesamtwert_kurz) : TX(legende_gesamtwert), has_g ? buf : ".");
    fmt_value(m, decimals, buf, sizeof buf);
    sbuf_addf(ml, brief ? TX(legende_mittelwert_kurz) : TX(legende_mittelwert), has_m ? buf : ".",
              merged ? TX(legende_linien_decken) : "");
}

/* A reference line from (xa, ya) to (xb, yb) over a white casing, so that
 * it stays visible over dark bars (also in greyscale); ref_line: upright,
 * from (x, y0) to (x, y1). */
static void ref_seg(chart_ctx *c, canvas *cv, lay_color col, int dashed, double xa, double ya,
                    double xb, double yb)
{
    double width = dashed ? 1.2 : 2.0;
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_set_line_width(cv, width + 1.0); /* 0.5 pt each side: parts the line from dark bars
                                         * without cutting the bars visibly in two */
    cv_move_to(cv, xa, ya);
    cv_line_to(cv, xb, yb);
    cv_stroke(cv);
    set_color(cv, c->color[col]);
    cv_set_line_width(cv, width);
    if (dashed) {
        double dash[] = {3, 2};
        cv_set_dash(cv, dash, 2, 0);
    }
    cv_move_to(cv, xa, ya);
    cv_line_to(cv, xb, yb);
    cv_stroke(cv);
    cv_set_dash(cv, NULL, 0, 0);
}

static void ref_line(chart_ctx *c, canvas *cv, lay_color col, int dashed, double x, double y0,
                     double y1)
{
    ref_seg(c, cv, col, dashed, x, y0, x, y1);
}

/* A value label with its flag as a small raised mark behind it. */
static void value_label(chart_ctx *c, canvas *cv, double x, double y, int right, const char *num,
                        const char *flag)
{
    font(c, cv, LAY_FONT_REGULAR, 5.5);
    double fw = flag && flag[0] ? text_w(cv, flag) + 1.2 : 0;
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    double nw = text_w(cv, num);
    double left = right ? x : x - nw - fw;
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_rectangle(cv, left - 1.5, y - 6.6, nw + fw + 3, 8.6);
    cv_fill(cv);
    cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
    text_at(c, cv, left, y, 0, num);
    if (fw > 0) {
        font(c, cv, LAY_FONT_REGULAR, 5.5);
        text_at(c, cv, left + nw + 1.2, y - 2.5, 0, flag);
        font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    }
}

static int by_label(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* 1 when every bar has a short name. */
static int every_abbr(const chart_bars *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (!b->items[i].abbr)
            return 0;
    return 1;
}

/* 1 when two of the bars' fitted labels lab read alike although their
 * names differ; -1 when out of memory. */
static int labels_collide(const chart_bars *b, char **lab)
{
    char ***by = malloc((b->n + 1) * sizeof *by);
    if (!by)
        return -1;
    for (size_t i = 0; i < b->n; i++)
        by[i] = &lab[i];
    qsort(by, b->n, sizeof *by, by_label);
    int alike = 0;
    for (size_t i = 1; i < b->n && !alike; i++) {
        const char *x = b->items[by[i - 1] - lab].label, *y = b->items[by[i] - lab].label;
        alike = **by[i] && strcmp(*by[i - 1], *by[i]) == 0 && strcmp(x, y) != 0;
    }
    free(by);
    return alike;
}

static void free_labels(char **lab, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lab[i]);
    free(lab);
}

/* The bars' labels fitted into max_w (the short names when abbr) into
 * lab (freed first), the widest in *label_w; 1 when names fitted read
 * alike and every bar has a short name to use instead (labels_collide),
 * -1 when out of memory. Names that read alike without short names for
 * all are cut apart (text_fit_apart): the rings' bars, "Teilgruppe Nord"
 * and "Teilgruppe Süd" at the end of long names. */
static int fit_labels(chart_ctx *c, canvas *cv, const chart_bars *b, double max_w, int abbr,
                      char **lab, double *label_w)
{
    *label_w = 0;
    for (size_t i = 0; i < b->n; i++) {
        double lw = 0;
        free(lab[i]);
        font(c, cv, b->own == i + 1 ? LAY_FONT_BOLD : LAY_FONT_REGULAR, FS_LABEL);
        if (!(lab[i] = fit_text(cv, abbr ? b->items[i].abbr : b->items[i].label, max_w, &lw)))
            return -1;
        *label_w = fmax(*label_w, lw);
    }
    int alike = abbr ? 0 : labels_collide(b, lab);
    if (alike <= 0 || every_abbr(b))
        return alike;
    /* in bold when one of them is (the own bar's): then every one fits */
    font(c, cv, b->own ? LAY_FONT_BOLD : LAY_FONT_REGULAR, FS_LABEL);
    char **apart = fit_bar_labels(c, cv, b, max_w);
    if (!apart)
        return -1;
    *label_w = 0;
    for (size_t i = 0; i < b->n; i++) {
        free(lab[i]);
        lab[i] = apart[i];
        font(c, cv, b->own == i + 1 ? LAY_FONT_BOLD : LAY_FONT_REGULAR, FS_LABEL);
        *label_w = fmax(*label_w, text_w(cv, lab[i]));
    }
    free(apart);
    return 0;
}

/* ---- horizontal bars --------------------------------------------------------- */

/* Where each bar's row starts: one after another, with a label row above
 * each group's first bar. ys has n entries; returns the rows in all. */
static size_t bar_rows(const chart_bars *b, double top, double *ys)
{
    size_t row = 0;
    if (!b->ngroups) {
        for (size_t i = 0; i < b->n; i++)
            ys[i] = top + (double)row++ * ROW;
        return row;
    }
    for (size_t g = 0; g < b->ngroups; g++) {
        row++; /* the label */
        for (size_t i = b->groups[g].first; i < b->groups[g].first + b->groups[g].n && i < b->n;
             i++)
            ys[i] = top + (double)row++ * ROW;
    }
    return row;
}

/* A group's label row (tinted across the chart) and its Gesamtwert marked
 * across its bars: a dash-dotted line in the ring colour over a white casing. */
static void bar_group(chart_ctx *c, canvas *cv, const chart_group *g, double y, double yend,
                      double x, double w)
{
    set_color(cv, 0xEEF2F6);
    cv_rectangle(cv, 0, y, w, ROW);
    cv_fill(cv);
    font(c, cv, LAY_FONT_BOLD, FS_LABEL);
    cv_set_source_rgb(cv, 0.1, 0.1, 0.1);
    double lw;
    char *lab = fit_text(cv, g->label, w - 4, &lw);
    if (!lab) {
        c->oom = 1;
        return;
    }
    text_at(c, cv, 0, y + ROW - 3, 0, lab);
    free(lab);
    if (!g->has_value || yend <= y + ROW)
        return;
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_set_line_width(cv, 3.0);
    cv_move_to(cv, x, y + ROW);
    cv_line_to(cv, x, yend);
    cv_stroke(cv);
    set_color(cv, c->color[LAY_COL_RING]);
    cv_set_line_width(cv, 1.6);
    double dash[] = {4, 1.5, 1, 1.5};
    cv_set_dash(cv, dash, 4, 0);
    cv_move_to(cv, x, y + ROW);
    cv_line_to(cv, x, yend);
    cv_stroke(cv);
    cv_set_dash(cv, NULL, 0, 0);
}

/* The outline of a flagged bar (x, y, w, h its rectangle) in the bar
 * colour: the light fill alone has less than 3:1 against white (WCAG
 * 1.4.11), the outline carries the contrast. */
static void flagged_outline(const chart_ctx *c, canvas *cv, double x, double y, double w, double h)
{
    set_color(cv, c->color[LAY_COL_BAR]);
    cv_set_line_width(cv, 0.7);
    cv_rectangle(cv, x + 0.35, y + 0.35, fmax(w - 0.7, 0), h - 0.7);
    cv_stroke(cv);
}

/* Where the bars' scale runs, [*pa, *pb] (at first x0 .. w - 42): narrowed
 * so that every value label fits, a positive value's after its bar before
 * w, a negative one's before its bar clear of the names that end at x0.
 * Labels are as value_label draws them. */
static void bar_span(chart_ctx *c, canvas *cv, const chart_bars *b, double lo, double span,
                     double x0, double w, double *pa, double *pb)
{
    char buf[256];
    double *lw = malloc((b->n + 1) * sizeof *lw);
    if (!lw) {
        c->oom = 1;
        return;
    }
    /* each label's width once (a font switch per label is not free) */
    font(c, cv, LAY_FONT_REGULAR, 5.5);
    for (size_t i = 0; i < b->n; i++)
        lw[i] = 3 + 1.5 + (b->items[i].flag[0] ? text_w(cv, b->items[i].flag) + 1.2 : 0);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].has_value) {
            fmt_value(b->items[i].value, b->decimals, buf, sizeof buf);
            lw[i] += text_w(cv, buf);
        }
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = 0; i < b->n; i++) {
            const chart_item *it = &b->items[i];
            if (!it->has_value)
                continue;
            double f = (it->value - lo) / span;
            if (it->value >= 0 && f > 0 && *pa + f * (*pb - *pa) + lw[i] > w)
                *pb = *pa + (w - lw[i] - *pa) / f;
            else if (it->value < 0 && f < 1 && *pa + f * (*pb - *pa) - lw[i] < x0)
                *pa = (x0 + lw[i] - f * *pb) / (1 - f);
        }
    free(lw);
}

/* 1 when bar i is drawn in the lighter colour: a value with a flag, and
 * not one of the others' beside a participant's own. */
static int lighter_bar(const chart_bars *b, size_t i)
{
    const chart_item *it = &b->items[i];
    return it->has_value && it->flag[0] && !(b->own && i + 1 != b->own);
}

/* The symbols of the lighter bars into out, each once, in the order of
 * the key figures' footnotes ("p", "p, r", "p, r, s, |"; a value carries
 * no other flag); how many. */
static size_t flag_symbols(const chart_bars *b, char *out, size_t size)
{
    static const kv_flag order[] = {FLAG_P, FLAG_R, FLAG_S, FLAG_BREAK};
    size_t len = 0, n = 0;
    out[0] = '\0';
    for (size_t f = 0; f < sizeof order / sizeof *order; f++) {
        const char *sym = flag_print_symbol(order[f]);
        size_t i = 0;
        while (i < b->n && !(lighter_bar(b, i) && strcmp(b->items[i].flag, sym) == 0))
            i++;
        if (i == b->n)
            continue;
        int k = snprintf(out + len, size - len, "%s%s", n ? ", " : "", sym);
        if (k < 0 || (size_t)k >= size - len) {
            out[len] = '\0';
            break;
        }
        len += (size_t)k;
        n++;
    }
    return n;
}

static void draw_bars(chart_ctx *c, canvas *cv, const chart_bars *b, double w, double h)
{
    (void)h;
    char buf[256];
    /* the labels, shortened once: their widest decides where bars begin */
    char **lab = calloc(b->n + 1, sizeof *lab);
    double *ys = malloc((b->n + 1) * sizeof *ys);
    if (!lab || !ys) {
        free(lab);
        free(ys);
        c->oom = 1;
        return;
    }
    double label_w = 0;
    int alike = fit_labels(c, cv, b, w * 0.3, 0, lab, &label_w);
    if (alike == 1)
        alike = fit_labels(c, cv, b, w * 0.3, 1, lab, &label_w);
    if (alike < 0) {
        c->oom = 1;
        free_labels(lab, b->n);
        free(ys);
        return;
    }
    double x0 = label_w + 8, top = LEGEND_H + 4;
    axis a = make_axis(fmin(0, b->lo), fmax(0, b->hi), 6);
    double span = a.hi - a.lo, pa = x0, pb = w - 42;
    bar_span(c, cv, b, a.lo, span, x0, w, &pa, &pb);
#define XOF(v) (pa + ((v)-a.lo) / span * (pb - pa))
    double bottom = top + (double)bar_rows(b, top, ys) * ROW;

    /* lines closer than 3 pt look like one: the legend says so */
    int merged = b->has_gesamt && b->has_mean && fabs(XOF(b->gesamt) - XOF(b->mean)) < 3;
    /* legend: the long forms, or the abbreviations (Abkürzungen in the
     * annex) when the long ones do not fit one row */
    int kinds[5] = {0, 1, 2, 5, 8};
    const char *labels[5] = {TX(kopf_wert), NULL, NULL, NULL, NULL};
    size_t nl = b->ngroups ? 4 : 3;
    sbuf gl, ml, fl;
    sbuf_init(&gl);
    sbuf_init(&ml);
    sbuf_init(&fl);
    /* the lighter bars of flagged values are explained, with their symbols */
    char marks[64];
    int flagged = flag_symbols(b, marks, sizeof marks) > 0;
    if (flagged) {
        sbuf_addf(&fl, TX(legende_gekennzeichnet), marks);
        kinds[nl] = 8;
        labels[nl++] = fl.s;
    }
    /* the long forms, the short ones; then both without the flagged bars'
     * entry (the symbols stand at the bars, and the annex explains them) */
    for (int level = 0; level < 4; level++) {
        int brief = level % 2;
        line_labels(b->gesamt, b->has_gesamt, b->mean, b->has_mean, b->decimals, merged, brief, &gl,
                    &ml);
        labels[1] = gl.s;
        labels[2] = ml.s;
        if (b->ngroups)
            labels[3] = brief ? TX(gesamtwert_ring_kurz) : TX(gesamtwert_ring);
        if (level == 2 && flagged)
            nl--;
        font(c, cv, LAY_FONT_REGULAR, FS_TICK);
        double legend_w = -14;
        for (size_t i = 0; i < nl; i++)
            legend_w += 31 + text_w(cv, labels[i]);
        if (legend_w <= w)
            break;
    }
    if (!sbuf_failed(&gl) && !sbuf_failed(&ml) && !sbuf_failed(&fl))
        legend_row(c, cv, x0, 10, w, nl, kinds, labels, NULL);
    else
        c->oom = 1;
    sbuf_free(&gl);
    sbuf_free(&ml);
    sbuf_free(&fl);

    /* grid and tick labels */
    cv_set_line_width(cv, 0.4);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        double x = XOF(t);
        cv_set_source_rgb(cv, 0.85, 0.85, 0.85);
        cv_move_to(cv, x, top - 2);
        cv_line_to(cv, x, bottom + 2);
        cv_stroke(cv);
        fmt_value(t, a.decimals, buf, sizeof buf);
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        text_at(c, cv, x, bottom + 11, 1, buf);
    }
    /* bars */
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        double y = ys[i];
        font(c, cv, b->own == i + 1 ? LAY_FONT_BOLD : LAY_FONT_REGULAR, FS_LABEL);
        cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
        text_at(c, cv, x0 - 6, y + ROW - 3, 2, lab[i]);
        if (!it->has_value) {
            cv_set_source_rgb(cv, 0.45, 0.45, 0.45);
            font(c, cv, LAY_FONT_ITALIC, FS_LABEL);
            text_at(c, cv, XOF(0) + (XOF(0) > x0 + 1 ? -4 : 4), y + ROW - 3,
                    XOF(0) > x0 + 1 ? 2 : 0, it->flag[0] ? it->flag : ".");
            continue;
        }
        double xa = XOF(0), xb = XOF(it->value);
        int other = b->own && i + 1 != b->own; /* not the one to stand out */
        set_color(cv, other ? OTHER_BAR : c->color[it->flag[0] ? LAY_COL_FLAGGED : LAY_COL_BAR]);
        cv_rectangle(cv, fmin(xa, xb), y + 2, fabs(xb - xa), ROW - 4);
        cv_fill(cv);
        if (it->flag[0] && !other)
            flagged_outline(c, cv, fmin(xa, xb), y + 2, fabs(xb - xa), ROW - 4);
    }
    /* zero line, Gesamtwert, Mittelwert */
    cv_set_source_rgb(cv, 0.3, 0.3, 0.3);
    cv_set_line_width(cv, 0.8);
    cv_move_to(cv, XOF(0), top - 2);
    cv_line_to(cv, XOF(0), bottom + 2);
    cv_stroke(cv);
    if (b->has_gesamt)
        ref_line(c, cv, LAY_COL_GESAMT, 0, XOF(b->gesamt), top - 2, bottom + 2);
    if (b->has_mean)
        ref_line(c, cv, LAY_COL_MEAN, 1, XOF(b->mean), top - 2, bottom + 2);
    /* the groups' label rows and Gesamtwerte over the circle's lines */
    for (size_t g = 0; g < b->ngroups; g++) {
        const chart_group *gr = &b->groups[g];
        if (!gr->n || gr->first >= b->n)
            continue;
        size_t last = gr->first + gr->n - 1 < b->n ? gr->first + gr->n - 1 : b->n - 1;
        bar_group(c, cv, gr, ys[gr->first] - ROW, ys[last] + ROW, XOF(gr->value), w);
    }
    /* value labels last, on white, above the lines */
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        if (!it->has_value)
            continue;
        double y = ys[i], xa = XOF(0), xb = XOF(it->value);
        fmt_value(it->value, b->decimals, buf, sizeof buf);
        int right = xb >= xa;
        value_label(c, cv, xb + (right ? 3 : -3), y + ROW - 3.2, right, buf, it->flag);
    }
    free_labels(lab, b->n);
    free(ys);
#undef XOF
}

/* ---- development over the years -------------------------------------------- */

/* Colours and dashes of the ring lines: distinguishable in colour and,
 * by their dashes, in greyscale. */
static const uint32_t ring_rgb[CHART_RING_LINES] = {0x0072B2, 0x009E73, 0xCC79A7, 0xE69F00,
                                                    0x56B4E9, 0x7F3C8D, 0x8C6D31, 0x999999};
static const double ring_dash[4][2] = {{0, 0}, {4, 2}, {1.5, 1.5}, {6, 2}};
#define RING_LEGEND_ROW 11.0

/* Rows of the ring legend below the development chart (two per row). */
static size_t ring_legend_rows(const chart_dev *d)
{
    if (!d->nrings)
        return 0;
    return d->nrings <= CHART_RING_LINES ? (d->nrings + 1) / 2 : 1;
}

static void ring_pen(canvas *cv, size_t g, int own)
{
    set_color(cv, ring_rgb[g % CHART_RING_LINES]);
    cv_set_line_width(cv, own ? 1.8 : 1.0);
    const double *dash = ring_dash[g % 4];
    cv_set_dash(cv, dash, dash[0] > 0 ? 2 : 0, 0);
}

/* The ring legend: a swatch and the (shortened) name of each ring, or one
 * entry for their range. y is the first row's baseline. */
static void ring_legend(chart_ctx *c, canvas *cv, const chart_dev *d, double x, double y, double w)
{
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    if (d->nrings > CHART_RING_LINES) {
        double lx = x;
        legend_swatch(c, cv, &lx, y, 6, TX(legende_spanne_ringe));
        return;
    }
    double col = (w - x) / 2;
    char **names = fit_all(c, cv, d->ring_names, d->nrings, col - 24);
    for (size_t g = 0; names && g < d->nrings; g++) {
        size_t row = g / 2; /* two entries a row */
        double sx = x + (double)(g % 2) * col, sy = y + (double)row * RING_LEGEND_ROW;
        cv_save(cv);
        ring_pen(cv, g, (int)g == d->own);
        cv_move_to(cv, sx, sy - 3);
        cv_line_to(cv, sx + 14, sy - 3);
        cv_stroke(cv);
        cv_restore(cv);
        cv_set_source_rgb(cv, 0.2, 0.2, 0.2);
        text_at(c, cv, sx + 17, sy, 0, names[g]);
    }
    text_fit_free(names, d->nrings);
}

/* The rings' Gesamtwerte: a line each (cut where a ring has no value), or
 * the range between the lowest and highest of them as two thin lines. */
static void ring_series(canvas *cv, const chart_dev *d, double x0, double x1, double bottom,
                        double top, double lo, double hi)
{
    double step_x = d->n > 1 ? (x1 - x0) / (double)(d->n - 1) : 0;
#define RX(i) (d->n > 1 ? x0 + step_x * (double)(i) : (x0 + x1) / 2)
#define RY(v) (bottom - ((v)-lo) / (hi - lo) * (bottom - top))
    if (d->nrings > CHART_RING_LINES) {
        for (int edge = 0; edge < 2; edge++) {
            cv_set_source_rgb(cv, 0.0, 0.48, 0.37);
            cv_set_line_width(cv, 1.0);
            double dash[] = {1, 1.5};
            cv_set_dash(cv, dash, 2, 0);
            int pen = 0;
            for (size_t i = 0; i < d->n; i++) {
                double v = edge ? -INFINITY : INFINITY;
                for (size_t g = 0; g < d->nrings; g++)
                    if (d->ring_has[g * d->n + i])
                        v = edge ? fmax(v, d->ring[g * d->n + i]) : fmin(v, d->ring[g * d->n + i]);
                if (!isfinite(v)) {
                    pen = 0;
                    continue;
                }
                if (d->brk && d->brk[i])
                    pen = 0;
                if (pen)
                    cv_line_to(cv, RX(i), RY(v));
                else
                    cv_move_to(cv, RX(i), RY(v));
                pen = 1;
            }
            cv_stroke(cv);
            cv_set_dash(cv, NULL, 0, 0);
        }
        return;
    }
    for (size_t g = 0; g < d->nrings; g++) {
        ring_pen(cv, g, (int)g == d->own);
        int pen = 0;
        for (size_t i = 0; i < d->n; i++) {
            if (!d->ring_has[g * d->n + i]) {
                pen = 0;
                continue;
            }
            if (d->brk && d->brk[i])
                pen = 0;
            double v = d->ring[g * d->n + i];
            if (pen)
                cv_line_to(cv, RX(i), RY(v));
            else
                cv_move_to(cv, RX(i), RY(v));
            pen = 1;
        }
        cv_stroke(cv);
        cv_set_dash(cv, NULL, 0, 0);
    }
#undef RX
#undef RY
}

/* Horizontal grid lines of a vertical value axis from x0 to x1 (values
 * from bottom up to top) with their labels left of x0. */
static void value_grid(chart_ctx *c, canvas *cv, const axis *a, double x0, double x1, double top,
                       double bottom)
{
    char buf[64];
    cv_set_line_width(cv, 0.4);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (double t = a->lo; t <= a->hi + a->step * 1e-6; t += a->step) {
        double y = bottom - (t - a->lo) / (a->hi - a->lo) * (bottom - top);
        cv_set_source_rgb(cv, 0.85, 0.85, 0.85);
        cv_move_to(cv, x0, y);
        cv_line_to(cv, x1, y);
        cv_stroke(cv);
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        fmt_value(t, a->decimals, buf, sizeof buf);
        text_at(c, cv, x0 - 4, y + 2.5, 2, buf);
    }
}

/* A series break between two years: a dotted line at x and the symbol "|"
 * (small: in a fact board's chart). */
static void break_mark(chart_ctx *c, canvas *cv, double x, double top, double bottom, int small)
{
    cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
    cv_set_line_width(cv, small ? 0.6 : 0.8);
    double dash[] = {small ? 1.2 : 1.5, small ? 1.2 : 1.5};
    cv_set_dash(cv, dash, 2, 0);
    cv_move_to(cv, x, top);
    cv_line_to(cv, x, bottom);
    cv_stroke(cv);
    cv_set_dash(cv, NULL, 0, 0);
    lay_font f = c->cur_font;
    double size = c->cur_size;
    font(c, cv, small ? f : LAY_FONT_BOLD, small ? size : FS_TICK);
    text_at(c, cv, x + (small ? 1.5 : 2), top + (small ? 5 : 7), 0, "|");
    font(c, cv, small ? f : LAY_FONT_REGULAR, small ? size : FS_TICK);
}

static void draw_dev(chart_ctx *c, canvas *cv, const chart_dev *d, double w, double h)
{
    char buf[64];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++) {
        if (!d->has[i])
            continue;
        lo = fmin(lo, d->min[i]);
        hi = fmax(hi, d->max[i]);
    }
    for (size_t i = 0; i < d->n * d->nrings; i++)
        if (d->ring_has[i]) {
            lo = fmin(lo, d->ring[i]);
            hi = fmax(hi, d->ring[i]);
        }
    h -= (double)ring_legend_rows(d) * RING_LEGEND_ROW + (d->nrings ? 4 : 0);
    if (!isfinite(lo)) {
        font(c, cv, LAY_FONT_ITALIC, FS_LABEL);
        cv_set_source_rgb(cv, 0.4, 0.4, 0.4);
        text_at(c, cv, w / 2, h / 2, 1, TX(keine_werte_vorhanden));
        return;
    }
    axis a = make_axis(lo, hi, 5);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    double label_w = 0;
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        fmt_value(t, a.decimals, buf, sizeof buf);
        label_w = fmax(label_w, text_w(cv, buf));
    }
    double x0 = label_w + 8, x1 = w - 10, top = LEGEND_H + 6, bottom = h - AXIS_H;
#define YOF(v) (bottom - ((v)-a.lo) / (a.hi - a.lo) * (bottom - top))
    double step_x = d->n > 1 ? (x1 - x0) / (double)(d->n - 1) : 0;
#define XOF(i) (d->n > 1 ? x0 + step_x * (double)(i) : (x0 + x1) / 2)

    int breaks = 0;
    for (size_t i = 1; d->brk && i < d->n; i++)
        breaks |= d->brk[i];
    double lx = x0;
    legend_swatch(c, cv, &lx, 10, 3, TX(legende_spanne));
    legend_swatch(c, cv, &lx, 10, 1, TX(zeile_gesamtwert));
    legend_swatch(c, cv, &lx, 10, 2, TX(zeile_mittelwert));
    if (breaks)
        legend_swatch(c, cv, &lx, 10, 4, TX(legende_reihenbruch));

    value_grid(c, cv, &a, x0, x1, top, bottom);
    size_t every = d->n > 12 ? (d->n + 11) / 12 : 1;
    for (size_t i = 0; i < d->n; i++) {
        if ((d->n - 1 - i) % every)
            continue;
        snprintf(buf, sizeof buf, "%d", d->years[i]);
        text_at(c, cv, XOF(i), bottom + 11, 1, buf);
    }
#define JOINED(i) (d->has[i] && !(d->brk && d->brk[i]))
    /* series breaks: a dotted line between the years and the symbol */
    for (size_t i = 1; d->brk && i < d->n; i++)
        if (d->brk[i])
            break_mark(c, cv, (XOF(i - 1) + XOF(i)) / 2, top, bottom, 0);
    /* band: contiguous runs of years with values, cut at series breaks;
     * its edges drawn darker for a contrast of at least 3:1 */
    for (size_t i = 0; i < d->n;) {
        if (!d->has[i]) {
            i++;
            continue;
        }
        size_t j = i;
        while (j + 1 < d->n && JOINED(j + 1))
            j++;
        set_color(cv, c->color[LAY_COL_BAND]);
        if (j == i) {
            cv_rectangle(cv, XOF(i) - 3, YOF(d->max[i]), 6, YOF(d->min[i]) - YOF(d->max[i]));
        } else {
            cv_move_to(cv, XOF(i), YOF(d->max[i]));
            for (size_t k = i + 1; k <= j; k++)
                cv_line_to(cv, XOF(k), YOF(d->max[k]));
            for (size_t k = j + 1; k-- > i;)
                cv_line_to(cv, XOF(k), YOF(d->min[k]));
            cv_close_path(cv);
        }
        cv_fill(cv);
        cv_set_source_rgb(cv, 0.46, 0.46, 0.46);
        cv_set_line_width(cv, 0.6);
        for (int edge = 0; edge < 2; edge++) {
            const double *v = edge ? d->min : d->max;
            cv_move_to(cv, XOF(i) - (j == i ? 3 : 0), YOF(v[i]));
            for (size_t k = i + 1; k <= j; k++)
                cv_line_to(cv, XOF(k), YOF(v[k]));
            if (j == i)
                cv_line_to(cv, XOF(i) + 3, YOF(v[i]));
            cv_stroke(cv);
        }
        i = j + 1;
    }
    if (d->nrings) {
        ring_series(cv, d, x0, x1, bottom, top, a.lo, a.hi);
        ring_legend(c, cv, d, x0, h + 4 + RING_LEGEND_ROW - 2, w);
    }
    for (int line = 0; line < 2; line++) {
        const double *v = line == 0 ? d->gesamt : d->mean;
        set_color(cv, c->color[line == 0 ? LAY_COL_GESAMT : LAY_COL_MEAN]);
        cv_set_line_width(cv, line == 0 ? 2.0 : 1.2);
        if (line == 1) {
            double dash[] = {3, 2};
            cv_set_dash(cv, dash, 2, 0);
        }
        int pen = 0;
        for (size_t i = 0; i < d->n; i++) {
            if (!d->has[i]) {
                pen = 0;
                continue;
            }
            if (d->brk && d->brk[i])
                pen = 0;
            if (pen)
                cv_line_to(cv, XOF(i), YOF(v[i]));
            else
                cv_move_to(cv, XOF(i), YOF(v[i]));
            pen = 1;
        }
        cv_stroke(cv);
        cv_set_dash(cv, NULL, 0, 0);
        if (line == 0)
            for (size_t i = 0; i < d->n; i++)
                if (d->has[i]) {
                    cv_arc(cv, XOF(i), YOF(v[i]), 1.8, 0, 2 * M_PI);
                    cv_fill(cv);
                }
    }
#undef JOINED
#undef XOF
#undef YOF
}

/* ---- series over the years ------------------------------------------------- */

/* 1 when one of t's series breaks before year i (marked there). */
static int trend_breaks(const chart_trend *t, size_t i)
{
    for (size_t s = 0; s < t->nseries && s < CHART_TREND_MAX; s++)
        if (t->brk[s] && t->brk[s][i])
            return 1;
    return 0;
}

static void draw_trend(chart_ctx *c, canvas *cv, const chart_trend *t, double w, double h)
{
    static const lay_color col[CHART_TREND_MAX] = {LAY_COL_BAR, LAY_COL_GESAMT, LAY_COL_MEAN};
    char buf[64];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t s = 0; s < t->nseries; s++)
        for (size_t i = 0; i < t->n; i++)
            if (t->has[s][i]) {
                lo = fmin(lo, t->v[s][i]);
                hi = fmax(hi, t->v[s][i]);
            }
    font(c, cv, LAY_FONT_ITALIC, FS_LABEL);
    cv_set_source_rgb(cv, 0.4, 0.4, 0.4);
    if (!isfinite(lo)) {
        text_at(c, cv, w / 2, h / 2, 1, TX(keine_werte_vorhanden));
        return;
    }
    axis a = make_axis(fmin(lo, fmax(0, lo - (hi - lo))), hi, 4);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    double label_w = 0;
    for (double v = a.lo; v <= a.hi + a.step * 1e-6; v += a.step) {
        fmt_value(v, a.decimals, buf, sizeof buf);
        label_w = fmax(label_w, text_w(cv, buf));
    }
    double x0 = label_w + 8, x1 = w - 10, top = LEGEND_H + 4, bottom = h - AXIS_H;
    double dx = t->n > 1 ? (x1 - x0) / (double)(t->n - 1) : 0;
#define XOF(i) (t->n > 1 ? x0 + dx * (double)(i) : (x0 + x1) / 2)
#define YOF(v) (bottom - ((v)-a.lo) / (a.hi - a.lo) * (bottom - top))
    /* the series are named after participants and rings: names that do
     * not fit are shortened, the participant's full name heads its report */
    int kinds[CHART_TREND_MAX + 1], fit[CHART_TREND_MAX + 1];
    const char *names[CHART_TREND_MAX + 1];
    size_t nl = 0;
    for (size_t s = 0; s < t->nseries && s < CHART_TREND_MAX; s++, nl++) {
        kinds[nl] = col[s] == LAY_COL_GESAMT ? 1 : col[s] == LAY_COL_MEAN ? 2 : 0;
        names[nl] = t->name[s];
        fit[nl] = 1;
    }
    int breaks = 0;
    for (size_t i = 1; i < t->n; i++)
        breaks |= trend_breaks(t, i);
    if (breaks) {
        kinds[nl] = 4;
        names[nl] = TX(legende_reihenbruch);
        fit[nl++] = 0;
    }
    legend_row(c, cv, x0, 10, w, nl, kinds, names, fit);
    value_grid(c, cv, &a, x0, x1, top, bottom);
    for (size_t i = 0, every = t->n > 10 ? (t->n + 9) / 10 : 1; i < t->n; i++) {
        snprintf(buf, sizeof buf, "%d", t->years[i]);
        if ((t->n - 1 - i) % every == 0)
            text_at(c, cv, XOF(i), bottom + 11, 1, buf);
        if (i == 0 || !trend_breaks(t, i))
            continue;
        double bx = (XOF(i - 1) + XOF(i)) / 2, dash[] = {1.5, 1.5};
        cv_set_line_width(cv, 0.8);
        cv_set_dash(cv, dash, 2, 0);
        cv_move_to(cv, bx, top);
        cv_line_to(cv, bx, bottom);
        cv_stroke(cv);
        cv_set_dash(cv, NULL, 0, 0);
        text_at(c, cv, bx + 2, top + 7, 0, "|");
    }
    /* the circle first, the participant last: its line stays on top */
    for (size_t s = t->nseries; s-- > 0;) {
        set_color(cv, c->color[col[s]]);
        cv_set_line_width(cv, s == 0 ? 2.2 : 1.4);
        double dash[] = {3, 2};
        cv_set_dash(cv, dash, col[s] == LAY_COL_MEAN ? 2 : 0, 0);
        for (size_t i = 0, pen = 0; i < t->n; i++) {
            if (!t->has[s][i] || (t->brk[s] && t->brk[s][i]))
                pen = 0;
            if (!t->has[s][i])
                continue;
            if (pen)
                cv_line_to(cv, XOF(i), YOF(t->v[s][i]));
            else
                cv_move_to(cv, XOF(i), YOF(t->v[s][i]));
            pen = 1;
        }
        cv_stroke(cv);
        cv_set_dash(cv, NULL, 0, 0);
        for (size_t i = 0; i < t->n; i++)
            if (t->has[s][i]) {
                cv_arc(cv, XOF(i), YOF(t->v[s][i]), s == 0 ? 2.4 : 1.6, 0, 2 * M_PI);
                cv_fill(cv);
            }
    }
#undef XOF
#undef YOF
}

/* ---- participant profile ----------------------------------------------------- */

static void draw_profile(chart_ctx *c, canvas *cv, const chart_profile *p, double w, double h)
{
    (void)h;
    char buf[64];
    double lo = 50, hi = 150;
    for (size_t i = 0; i < p->n; i++)
        if (p->has[i]) {
            lo = fmin(lo, fmax(p->index[i], 0));
            hi = fmax(hi, fmin(p->index[i], 400));
        }
    if (p->hi > p->lo) { /* a part of a longer profile: the whole one's scale */
        lo = fmax(p->lo, 0);
        hi = fmin(p->hi, 400);
    }
    axis a = make_axis(lo, hi, 6);
    double label_w = w * 0.48, x0 = label_w + 8, x1 = w - 30, top = 6;
    double bottom = top + (double)p->n * PROFILE_ROW;
#define XOF(v) (x0 + (fmin(fmax(v, a.lo), a.hi) - a.lo) / (a.hi - a.lo) * (x1 - x0))
    cv_set_line_width(cv, 0.4);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        cv_set_source_rgb(cv, 0.85, 0.85, 0.85);
        cv_move_to(cv, XOF(t), top);
        cv_line_to(cv, XOF(t), bottom);
        cv_stroke(cv);
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        fmt_value(t, a.decimals, buf, sizeof buf);
        text_at(c, cv, XOF(t), bottom + 10, 1, buf);
    }
    for (size_t i = 0; i < p->n; i++) {
        double y = top + (double)i * PROFILE_ROW;
        font(c, cv, LAY_FONT_REGULAR, FS_LABEL);
        cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
        double lw;
        char *lab = fit_text(cv, p->labels[i], label_w, &lw);
        if (!lab) {
            c->oom = 1;
            return;
        }
        text_at(c, cv, 0, y + PROFILE_ROW - 3.5, 0, lab);
        free(lab);
        if (!p->has[i]) {
            font(c, cv, LAY_FONT_ITALIC, FS_LABEL);
            cv_set_source_rgb(cv, 0.45, 0.45, 0.45);
            text_at(c, cv, XOF(100) + 4, y + PROFILE_ROW - 3.5, 0,
                    p->missing && p->missing[i] ? p->missing[i] : "x");
            continue;
        }
        double xa = XOF(100), xb = XOF(p->index[i]);
        set_color(cv, c->color[LAY_COL_BAR]);
        cv_rectangle(cv, fmin(xa, xb), y + 2.5, fabs(xb - xa), PROFILE_ROW - 5);
        cv_fill(cv);
        fmt_value(p->index[i], 0, buf, sizeof buf);
        font(c, cv, LAY_FONT_REGULAR, FS_TICK);
        int right = xb >= xa;
        value_label(c, cv, xb + (right ? 3 : -3), y + PROFILE_ROW - 3.5, right, buf, "");
    }
    ref_line(c, cv, LAY_COL_GESAMT, 0, XOF(100), top - 2, bottom + 2);
#undef XOF
}

/* ---- small charts of the fact boards (compact format) ------------------------- */

#define FS_MINI   6.0
#define MINI_ROW  7.0
#define MINI_TOP  11.0
#define MINI_AXIS 10.0

/* "GeMW value" and "MW value" above a small chart, each after its line. */
static void mini_legend(chart_ctx *c, canvas *cv, double x, int has_g, double g, int has_m,
                        double m, int decimals)
{
    char num[64];
    sbuf buf; /* a layout text and a number */
    sbuf_init(&buf);
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    for (int i = 0; i < 2; i++) {
        set_color(cv, c->color[i ? LAY_COL_MEAN : LAY_COL_GESAMT]);
        cv_set_line_width(cv, i ? 1.0 : 1.6);
        if (i) {
            double dash[] = {2.5, 1.5};
            cv_set_dash(cv, dash, 2, 0);
        }
        cv_move_to(cv, x, 5);
        cv_line_to(cv, x + 9, 5);
        cv_stroke(cv);
        cv_set_dash(cv, NULL, 0, 0);
        fmt_value(i ? m : g, decimals, num, sizeof num);
        sbuf_truncate(&buf, 0);
        sbuf_addf(&buf, "%s %s", i ? TX(kopf_mw) : TX(kopf_gemw), (i ? has_m : has_g) ? num : ".");
        cv_set_source_rgb(cv, 0.2, 0.2, 0.2);
        text_at(c, cv, x + 11, 7, 0, buf.s);
        x += 11 + text_w(cv, buf.s) + 8;
    }
    sbuf_free(&buf);
}

/* Tick lines and labels of a value axis from x0 to x1 between top and bottom. */
static void mini_ticks(chart_ctx *c, canvas *cv, axis a, double x0, double x1, double top,
                       double bottom)
{
    char buf[64];
    cv_set_line_width(cv, 0.3);
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        double x = x0 + (t - a.lo) / (a.hi - a.lo) * (x1 - x0);
        cv_set_source_rgb(cv, 0.85, 0.85, 0.85);
        cv_move_to(cv, x, top);
        cv_line_to(cv, x, bottom);
        cv_stroke(cv);
        fmt_value(t, a.decimals, buf, sizeof buf);
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        text_at(c, cv, x, bottom + 7, 1, buf);
    }
}

static void draw_minibars(chart_ctx *c, canvas *cv, const chart_bars *b, double w)
{
    char buf[64];
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    double label_w = 0, value_w = 0;
    for (size_t i = 0; i < b->n; i++) {
        label_w = fmax(label_w, fmin(text_w(cv, b->items[i].label), w * 0.25));
        fmt_value(b->items[i].value, b->decimals, buf, sizeof buf);
        if (b->items[i].has_value)
            value_w = fmax(value_w, text_w(cv, buf) + 6);
    }
    double x0 = label_w + 4, x1 = w - value_w - 4, top = MINI_TOP;
    double bottom = top + (double)b->n * MINI_ROW;
    mini_legend(c, cv, x0, b->has_gesamt, b->gesamt, b->has_mean, b->mean, b->decimals);
    axis a = make_axis(fmin(0, b->lo), fmax(0, b->hi), 3);
#define XOF(v) (x0 + ((v)-a.lo) / (a.hi - a.lo) * (x1 - x0))
    mini_ticks(c, cv, a, x0, x1, top - 1, bottom + 1);
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    char **labs = fit_bar_labels(c, cv, b, w * 0.25);
    for (size_t i = 0; labs && i < b->n; i++) {
        const chart_item *it = &b->items[i];
        double y = top + (double)i * MINI_ROW;
        font(c, cv, LAY_FONT_REGULAR, FS_MINI);
        cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
        text_at(c, cv, x0 - 3, y + MINI_ROW - 1.8, 2, labs[i]);
        if (!it->has_value) {
            font(c, cv, LAY_FONT_ITALIC, FS_MINI);
            cv_set_source_rgb(cv, 0.45, 0.45, 0.45);
            text_at(c, cv, w, y + MINI_ROW - 1.8, 2, it->flag[0] ? it->flag : ".");
            continue;
        }
        double xa = XOF(0), xb = XOF(it->value);
        set_color(cv, c->color[it->flag[0] ? LAY_COL_FLAGGED : LAY_COL_BAR]);
        cv_rectangle(cv, fmin(xa, xb), y + 1.2, fabs(xb - xa), MINI_ROW - 2.4);
        cv_fill(cv);
        if (it->flag[0])
            flagged_outline(c, cv, fmin(xa, xb), y + 1.2, fabs(xb - xa), MINI_ROW - 2.4);
        fmt_value(it->value, b->decimals, buf, sizeof buf);
        cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
        text_at(c, cv, w - (it->flag[0] ? 6 : 0), y + MINI_ROW - 1.8, 2, buf);
        if (it->flag[0])
            text_at(c, cv, w - 5, y + MINI_ROW - 1.8, 0, it->flag);
    }
    text_fit_free(labs, b->n);
    cv_set_source_rgb(cv, 0.3, 0.3, 0.3);
    cv_set_line_width(cv, 0.6);
    cv_move_to(cv, XOF(0), top - 1);
    cv_line_to(cv, XOF(0), bottom + 1);
    cv_stroke(cv);
    if (b->has_gesamt)
        ref_line(c, cv, LAY_COL_GESAMT, 0, XOF(b->gesamt), top - 1, bottom + 1);
    if (b->has_mean)
        ref_line(c, cv, LAY_COL_MEAN, 1, XOF(b->mean), top - 1, bottom + 1);
#undef XOF
}

static void draw_spark(chart_ctx *c, canvas *cv, const chart_dev *d, double w, double h)
{
    char buf[64];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++)
        if (d->has[i]) {
            lo = fmin(lo, d->gesamt[i]);
            hi = fmax(hi, d->gesamt[i]);
        }
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    cv_set_source_rgb(cv, 0.2, 0.2, 0.2);
    text_at(c, cv, 0, 7, 0, TX(legende_gesamtwert_zeitverlauf));
    if (!isfinite(lo)) {
        font(c, cv, LAY_FONT_ITALIC, FS_MINI);
        text_at(c, cv, w / 2, h / 2, 1, TX(keine_werte_vorhanden));
        return;
    }
    /* a scale of at least a tenth of the level, so that noise in the last
     * digits does not look like a trend */
    double level = fmax(fabs(lo), fabs(hi)), mid = (lo + hi) / 2;
    if (hi - lo < level * 0.1) {
        lo = mid - level * 0.05;
        hi = mid + level * 0.05;
    }
    axis a = make_axis(lo, hi, 3);
    double label_w = 0;
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        fmt_value(t, a.decimals, buf, sizeof buf);
        label_w = fmax(label_w, text_w(cv, buf));
    }
    double x0 = label_w + 5, x1 = w - 8, top = MINI_TOP + 2, bottom = h - MINI_AXIS;
#define YOF(v) (bottom - ((v)-a.lo) / (a.hi - a.lo) * (bottom - top))
#define XOF(i)                                                                                     \
    (d->n > 1 ? x0 + 10 + (x1 - x0 - 10) * (double)(i) / (double)(d->n - 1) : (x0 + x1) / 2)
    cv_set_line_width(cv, 0.3);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        cv_set_source_rgb(cv, 0.85, 0.85, 0.85);
        cv_move_to(cv, x0, YOF(t));
        cv_line_to(cv, x1, YOF(t));
        cv_stroke(cv);
        fmt_value(t, a.decimals, buf, sizeof buf);
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        text_at(c, cv, x0 - 3, YOF(t) + 2, 2, buf);
    }
    /* first and last year, and between them as many as fit */
    size_t every = d->n > 4 ? (d->n + 3) / 4 : 1;
    for (size_t i = 0; i < d->n; i++) {
        if ((d->n - 1 - i) % every && i != 0)
            continue;
        if (i == 0 && d->n > 1 && (d->n - 1) % every && (d->n - 1) % every < every / 2 + 1)
            continue; /* too close to the next label */
        snprintf(buf, sizeof buf, "%d", d->years[i]);
        text_at(c, cv, XOF(i), bottom + 7, 1, buf);
    }
    for (size_t i = 1; d->brk && i < d->n; i++)
        if (d->brk[i])
            break_mark(c, cv, (XOF(i - 1) + XOF(i)) / 2, top, bottom, 1);
    set_color(cv, c->color[LAY_COL_GESAMT]);
    cv_set_line_width(cv, 1.4);
    int pen = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!d->has[i] || (d->brk && d->brk[i]))
            pen = 0;
        if (!d->has[i])
            continue;
        if (pen)
            cv_line_to(cv, XOF(i), YOF(d->gesamt[i]));
        else
            cv_move_to(cv, XOF(i), YOF(d->gesamt[i]));
        pen = 1;
    }
    cv_stroke(cv);
    for (size_t i = 0; i < d->n; i++)
        if (d->has[i]) {
            cv_arc(cv, XOF(i), YOF(d->gesamt[i]), 1.4, 0, 2 * M_PI);
            cv_fill(cv);
        }
#undef XOF
#undef YOF
}

/* Rings shown one per row up to this many; beyond, their Gesamtwerte as
 * marks in one row. */
#define DIST_RING_ROWS 12

static size_t dist_rows(const chart_dist *d)
{
    return 1 + (d->nrings > DIST_RING_ROWS ? 1 : d->nrings);
}

static void draw_dist(chart_ctx *c, canvas *cv, const chart_dist *d, double w)
{
    char buf[64];
    const char *all = TX(teilnehmende);
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    double label_w = text_w(cv, all), value_w = 0;
    size_t rows = dist_rows(d);
    for (size_t i = 0; i < d->nrings && rows > 2; i++) {
        label_w = fmax(label_w, fmin(text_w(cv, d->ring_labels[i]), w * 0.3));
        fmt_value(d->ring_gesamt[i], d->decimals, buf, sizeof buf);
        if (d->ring_has[i])
            value_w = fmax(value_w, text_w(cv, buf) + 4);
    }
    double x0 = label_w + 4, x1 = w - value_w - 4, top = MINI_TOP, row = MINI_ROW + 1.5;
    double bottom = top + (double)rows * row;
    mini_legend(c, cv, x0, d->has_gesamt, d->gesamt, d->n > 0, d->mean, d->decimals);
    if (!d->n)
        return;
    /* no bars: the scale need not start at zero, it spans the values */
    double lo = d->min, hi = d->max;
    for (size_t i = 0; i < d->nrings; i++)
        if (d->ring_has[i]) {
            lo = fmin(lo, d->ring_min[i]);
            hi = fmax(hi, d->ring_max[i]);
        }
    axis a = make_axis(lo, hi, 3);
#define XOF(v) (x0 + ((v)-a.lo) / (a.hi - a.lo) * (x1 - x0))
    mini_ticks(c, cv, a, x0, x1, top - 1, bottom + 1);
    /* the participants: range, middle half, median */
    double ym = top + row / 2;
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
    text_at(c, cv, x0 - 3, ym + 2, 2, all);
    cv_set_source_rgb(cv, 0.3, 0.3, 0.3);
    cv_set_line_width(cv, 0.8);
    cv_move_to(cv, XOF(d->min), ym);
    cv_line_to(cv, XOF(d->max), ym);
    cv_move_to(cv, XOF(d->min), ym - 2);
    cv_line_to(cv, XOF(d->min), ym + 2);
    cv_move_to(cv, XOF(d->max), ym - 2);
    cv_line_to(cv, XOF(d->max), ym + 2);
    cv_stroke(cv);
    set_color(cv, c->color[LAY_COL_BAND]);
    cv_rectangle(cv, XOF(d->q1), ym - 3, XOF(d->q3) - XOF(d->q1), 6);
    cv_fill_preserve(cv);
    set_color(cv, c->color[LAY_COL_BAR]);
    cv_set_line_width(cv, 0.6);
    cv_stroke(cv);
    cv_set_line_width(cv, 1.4);
    cv_move_to(cv, XOF(d->median), ym - 3);
    cv_line_to(cv, XOF(d->median), ym + 3);
    cv_stroke(cv);
    /* the rings: range and Gesamtwert */
    font(c, cv, LAY_FONT_REGULAR, FS_MINI);
    char **labs = rows > 2 ? fit_all(c, cv, d->ring_labels, d->nrings, w * 0.3) : NULL;
    if (rows > 2 && !labs)
        return;
    for (size_t i = 0; i < d->nrings; i++) {
        size_t r = rows > 2 ? i + 1 : 1;
        double y = top + (double)r * row + row / 2;
        if (rows > 2) {
            font(c, cv, LAY_FONT_REGULAR, FS_MINI);
            cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
            text_at(c, cv, x0 - 3, y + 2, 2, labs[i]);
        } else if (i == 0) {
            cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
            text_at(c, cv, x0 - 3, y + 2, 2, TX(achse_ringe));
        }
        if (!d->ring_has[i])
            continue;
        if (rows > 2) {
            cv_set_source_rgb(cv, 0.55, 0.55, 0.55);
            cv_set_line_width(cv, 0.6);
            cv_move_to(cv, XOF(d->ring_min[i]), y);
            cv_line_to(cv, XOF(d->ring_max[i]), y);
            cv_stroke(cv);
            fmt_value(d->ring_gesamt[i], d->decimals, buf, sizeof buf);
            cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
            text_at(c, cv, w, y + 2, 2, buf);
        }
        set_color(cv, c->color[LAY_COL_BAR]);
        cv_arc(cv, XOF(d->ring_gesamt[i]), y, 1.8, 0, 2 * M_PI);
        cv_fill(cv);
    }
    text_fit_free(labs, d->nrings);
    if (d->has_gesamt)
        ref_line(c, cv, LAY_COL_GESAMT, 0, XOF(d->gesamt), top - 1, bottom + 1);
    ref_line(c, cv, LAY_COL_MEAN, 1, XOF(d->mean), top - 1, bottom + 1);
#undef XOF
}

/* ---- one participant among many: the sorted values as a strip ------------------- */

#define STRIP_BAND 20.0 /* the own column's label, above the plot */
#define STRIP_PLOT 130.0
#define STRIP_FOOT 38.0 /* the quartiles' names and values, the axis words */
#define STRIP_H    (LEGEND_H + 4 + STRIP_BAND + STRIP_PLOT + STRIP_FOOT)

double chart_quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

/* The legend: the own column by its name (shortened to fit), the others,
 * the Gesamtwert and the Mittelwert with their values - the long forms,
 * or the short ones when the long do not fit one row. */
static void strip_legend(chart_ctx *c, canvas *cv, const chart_strip *s, double x0, double w,
                         int merged)
{
    int kinds[4] = {0, 7, 1, 2};
    const char *labels[4] = {s->own_label, TX(legende_uebrige), NULL, NULL};
    const int fit[4] = {1, 0, 0, 0};
    size_t first = s->own ? 0 : 1; /* no swatch for an own column not drawn */
    sbuf gl, ml;
    sbuf_init(&gl);
    sbuf_init(&ml);
    for (int brief = 0; brief < 2; brief++) {
        line_labels(s->gesamt, s->has_gesamt, s->mean, s->has_mean, s->decimals, merged, brief, &gl,
                    &ml);
        labels[2] = gl.s;
        labels[3] = ml.s;
        font(c, cv, LAY_FONT_REGULAR, FS_TICK);
        double legend_w = -14;
        for (size_t i = first; i < 4; i++)
            legend_w += 31 + text_w(cv, labels[i]);
        if (legend_w <= w - x0) /* the name shortened only when the short forms are too long */
            break;
    }
    if (!sbuf_failed(&gl) && !sbuf_failed(&ml))
        legend_row(c, cv, x0, 10, w, 4 - first, kinds + first, labels + first, fit + first);
    else
        c->oom = 1;
    sbuf_free(&gl);
    sbuf_free(&ml);
}

/* Above the plot: the own column's name and value, centred over it as far
 * as the width allows, with a leader down to the column's top (x, y); or,
 * without a value, "name: kein Wert (.)" at the left. */
static void strip_own_label(chart_ctx *c, canvas *cv, const chart_strip *s, double x, double y,
                            double w, double base)
{
    char num[256];
    double nw;
    font(c, cv, LAY_FONT_BOLD, FS_LABEL);
    sbuf lab;
    sbuf_init(&lab);
    sbuf_addf(&lab, "%s: ", s->own_label);
    if (!s->own)
        sbuf_addf(&lab, "%s (%s)", TX(alt_kein_wert), s->own_flag[0] ? s->own_flag : ".");
    char *name = sbuf_failed(&lab) ? NULL : fit_text(cv, lab.s, s->own ? w * 0.6 : w, &nw);
    sbuf_free(&lab);
    if (!name) {
        c->oom = 1;
        return;
    }
    cv_set_source_rgb(cv, 0.1, 0.1, 0.1);
    if (!s->own) {
        text_at(c, cv, 0, base, 0, name);
        free(name);
        return;
    }
    fmt_value(s->values[s->own - 1], s->decimals, num, sizeof num);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    double vw = text_w(cv, num) + (s->own_flag[0] ? 6 : 0);
    double lx = fmin(fmax(x - (nw + vw) / 2, 0), w - nw - vw);
    /* the leader, cased so that it shows over the grey columns */
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_set_line_width(cv, 2.0);
    cv_move_to(cv, x, base + 3);
    cv_line_to(cv, x, y - 1.5);
    cv_stroke(cv);
    cv_set_source_rgb(cv, 0.1, 0.1, 0.1);
    cv_set_line_width(cv, 0.8);
    cv_move_to(cv, x, base + 3);
    cv_line_to(cv, x, y - 1.5);
    cv_stroke(cv);
    font(c, cv, LAY_FONT_BOLD, FS_LABEL);
    text_at(c, cv, lx, base, 0, name);
    value_label(c, cv, lx + nw, base, 1, num, s->own_flag);
    free(name);
}

/* Below the plot: minimum, quartiles, median and maximum where they stand
 * in the order (names, values below them), and what the axis shows. */
static void strip_foot(chart_ctx *c, canvas *cv, const chart_strip *s, double x0, double x1,
                       double bottom)
{
    char val[5][64];
    const char *const name[] = {TX(kopf_minimum), TX(alt_unteres_quartil), TX(kopf_median),
                                TX(alt_oberes_quartil), TX(kopf_maximum)};
    static const double share[] = {0, 0.25, 0.5, 0.75, 1};
    static const int order[] = {0, 4, 2, 1, 3}; /* the ends and the median first */
    double cw = (x1 - x0) / (double)s->n, from[5], to[5];
    int shown[5] = {0};
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    for (int k = 0; k < 5; k++) {
        int i = order[k];
        double x = x0 + ((double)(s->n - 1) * share[i] + 0.5) * cw;
        fmt_value(chart_quantile(s->values, s->n, share[i]), s->decimals, val[i], sizeof val[i]);
        double lw = fmax(text_w(cv, name[i]), text_w(cv, val[i]));
        from[i] = i == 0 ? x0 : i == 4 ? x1 - lw : x - lw / 2;
        to[i] = from[i] + lw;
        /* few values put the quartiles close together: a mark whose words
         * would run into another's is left out (its value is in the alt
         * text) */
        shown[i] = 1;
        for (int j = 0; j < 5; j++)
            if (j != i && shown[j] && from[i] < to[j] + 6 && from[j] < to[i] + 6)
                shown[i] = 0;
        if (!shown[i])
            continue;
        if (i > 0 && i < 4) { /* a dotted guide through the plot */
            cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
            cv_set_line_width(cv, 0.6);
            double dash[] = {1, 1.5};
            cv_set_dash(cv, dash, 2, 0);
            cv_move_to(cv, x, bottom - STRIP_PLOT);
            cv_line_to(cv, x, bottom + 3);
            cv_stroke(cv);
            cv_set_dash(cv, NULL, 0, 0);
        }
        int align = i == 0 ? 0 : i == 4 ? 2 : 1;
        double at = i == 0 ? x0 : i == 4 ? x1 : x;
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        text_at(c, cv, at, bottom + 10, align, name[i]);
        cv_set_source_rgb(cv, 0.15, 0.15, 0.15);
        text_at(c, cv, at, bottom + 19, align, val[i]);
    }
    sbuf more, ax;
    sbuf_init(&more);
    sbuf_init(&ax);
    if (s->missing)
        sbuf_addf(&more, TX(achse_ohne_wert), s->missing);
    sbuf_addf(&ax, TX(achse_geordnet), s->n, more.s);
    font(c, cv, LAY_FONT_ITALIC, FS_TICK);
    cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
    if (!sbuf_failed(&ax) && !sbuf_failed(&more))
        text_at(c, cv, (x0 + x1) / 2, bottom + 31, 1, ax.s);
    else
        c->oom = 1;
    sbuf_free(&more);
    sbuf_free(&ax);
}

static void draw_strip(chart_ctx *c, canvas *cv, const chart_strip *s, double w)
{
    char buf[256];
    double lo = 0, hi = 0;
    if (s->n) {
        lo = fmin(0, s->values[0]);
        hi = fmax(0, s->values[s->n - 1]);
    }
    axis a = make_axis(lo, hi, 5);
    font(c, cv, LAY_FONT_REGULAR, FS_TICK);
    double tick_w = 0;
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        fmt_value(t, a.decimals, buf, sizeof buf);
        tick_w = fmax(tick_w, text_w(cv, buf));
    }
    double x0 = tick_w + 6, x1 = w - 2, top = LEGEND_H + 4 + STRIP_BAND;
    double bottom = top + STRIP_PLOT;
#define YOF(v) (bottom - ((v)-a.lo) / (a.hi - a.lo) * STRIP_PLOT)
    int merged = s->has_gesamt && s->has_mean && fabs(YOF(s->gesamt) - YOF(s->mean)) < 3;
    strip_legend(c, cv, s, x0, w, merged);
    /* grid and value ticks */
    cv_set_line_width(cv, 0.4);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        cv_set_source_rgb(cv, 0.85, 0.85, 0.85);
        cv_move_to(cv, x0, YOF(t));
        cv_line_to(cv, x1, YOF(t));
        cv_stroke(cv);
        fmt_value(t, a.decimals, buf, sizeof buf);
        font(c, cv, LAY_FONT_REGULAR, FS_TICK);
        cv_set_source_rgb(cv, 0.35, 0.35, 0.35);
        text_at(c, cv, x0 - 4, YOF(t) + 2.5, 2, buf);
    }
    if (!s->n) {
        strip_own_label(c, cv, s, 0, 0, w, top - 8);
        return;
    }
    /* the others' columns, as one shape; gaps only where there is room */
    double cw = (x1 - x0) / (double)s->n, gap = cw > 3 ? cw * 0.2 : 0;
    set_color(cv, OTHER_BAR);
    for (size_t i = 0; i < s->n; i++) {
        if (i + 1 == s->own)
            continue;
        double ya = YOF(0), yb = YOF(s->values[i]);
        cv_rectangle(cv, x0 + (double)i * cw + gap / 2, fmin(ya, yb), cw - gap, fabs(yb - ya));
    }
    cv_fill(cv);
    cv_set_source_rgb(cv, 0.3, 0.3, 0.3);
    cv_set_line_width(cv, 0.8);
    cv_move_to(cv, x0, YOF(0));
    cv_line_to(cv, x1, YOF(0));
    cv_stroke(cv);
    strip_foot(c, cv, s, x0, x1, bottom);
    if (s->has_gesamt)
        ref_seg(c, cv, LAY_COL_GESAMT, 0, x0, YOF(s->gesamt), x1, YOF(s->gesamt));
    if (s->has_mean)
        ref_seg(c, cv, LAY_COL_MEAN, 1, x0, YOF(s->mean), x1, YOF(s->mean));
    /* the own column over the lines, at least 2.4 pt wide, parted from its
     * neighbours by white */
    double xc = 0, yc = 0;
    if (s->own) {
        double v = s->values[s->own - 1], ya = YOF(0), yb = YOF(v);
        double ow = fmax(cw - gap, 2.4);
        xc = x0 + ((double)s->own - 0.5) * cw;
        yc = fmin(ya, yb);
        cv_set_source_rgb(cv, 1, 1, 1);
        cv_rectangle(cv, xc - ow / 2 - 0.8, yc - 0.8, ow + 1.6, fabs(yb - ya) + 1.6);
        cv_fill(cv);
        set_color(cv, c->color[s->own_flag[0] ? LAY_COL_FLAGGED : LAY_COL_BAR]);
        cv_rectangle(cv, xc - ow / 2, yc, ow, fabs(yb - ya));
        cv_fill(cv);
        if (s->own_flag[0]) { /* outlined on its edges: a narrow column keeps its width */
            set_color(cv, c->color[LAY_COL_BAR]);
            cv_set_line_width(cv, 0.7);
            cv_rectangle(cv, xc - ow / 2, yc, ow, fabs(yb - ya));
            cv_stroke(cv);
        }
    }
    strip_own_label(c, cv, s, xc, yc, w, top - 8);
#undef YOF
}

/* ---- entry points ------------------------------------------------------------- */

double chart_height(chart_kind kind, const void *data, double width)
{
    (void)width;
    switch (kind) {
    case CHART_BARS:
        return LEGEND_H + 4 +
               (double)(((const chart_bars *)data)->n + ((const chart_bars *)data)->ngroups) * ROW +
               AXIS_H + 2;
    case CHART_DEV: {
        const chart_dev *d = data;
        return DEV_H + (double)ring_legend_rows(d) * RING_LEGEND_ROW + (d->nrings ? 4 : 0);
    }
    case CHART_PROFILE:
        return 6 + (double)((const chart_profile *)data)->n * PROFILE_ROW + 14;
    case CHART_TREND:
        return TREND_H;
    case CHART_MINIBARS:
        return MINI_TOP + (double)((const chart_bars *)data)->n * MINI_ROW + MINI_AXIS;
    case CHART_SPARK:
        return 70;
    case CHART_DIST:
        return MINI_TOP + (double)dist_rows(data) * (MINI_ROW + 1.5) + MINI_AXIS;
    case CHART_STRIP:
        return STRIP_H;
    }
    return 0;
}

size_t chart_bars_fit(double height)
{
    double rows = (height - LEGEND_H - 4 - AXIS_H - 2) / ROW;
    return rows < 1 ? 1 : (size_t)rows;
}

/* Draws the chart's graphics on cv and collects its text (c->texts);
 * c->oom tells whether memory ran out on the way. */
static void draw(chart_ctx *c, canvas *cv, chart_kind kind, const void *data, double w, double h)
{
    drop_texts(c);
    c->oom = 0;
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_paint(cv);
    switch (kind) {
    case CHART_BARS:
        draw_bars(c, cv, data, w, h);
        break;
    case CHART_DEV:
        draw_dev(c, cv, data, w, h);
        break;
    case CHART_PROFILE:
        draw_profile(c, cv, data, w, h);
        break;
    case CHART_TREND:
        draw_trend(c, cv, data, w, h);
        break;
    case CHART_MINIBARS:
        draw_minibars(c, cv, data, w);
        break;
    case CHART_SPARK:
        draw_spark(c, cv, data, w, h);
        break;
    case CHART_DIST:
        draw_dist(c, cv, data, w);
        break;
    case CHART_STRIP:
        draw_strip(c, cv, data, w);
        break;
    }
}

int chart_render(chart_ctx *c, chart_kind kind, const void *data, double width, double height,
                 chart_image *img)
{
    memset(img, 0, sizeof *img);
    int rc = -1;
    if (!c->failed && !c->rec) {
        c->measure_surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
        c->measure = cairo_create(c->measure_surface);
        unhinted(c->measure);
        if (cairo_status(c->measure) == CAIRO_STATUS_SUCCESS)
            c->rec = cv_recorder_new(c->measure);
    }
    if (c->rec) {
        cv_reset(c->rec, width, height);
        draw(c, c->rec, kind, data, width, height);
        if (!c->oom && !cv_failed(c->rec)) {
            img->ops = cv_ops(c->rec, &img->nops);
            img->texts = c->texts;
            img->ntexts = c->ntexts;
            rc = 0;
        }
    }
    return rc;
}

void chart_image_free(chart_ctx *c, chart_image *img)
{
    if (img->texts == c->texts)
        drop_texts(c);
    memset(img, 0, sizeof *img);
}

/* cairo's SVG, collected in memory so that the text can go before its end */
typedef struct {
    char *p;
    size_t len, cap;
} membuf;

static cairo_status_t to_membuf(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *m = closure;
    if (m->len + len > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < m->len + len)
            cap *= 2;
        char *p = realloc(m->p, cap);
        if (!p)
            return CAIRO_STATUS_NO_MEMORY;
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->len, data, len);
    m->len += len;
    return CAIRO_STATUS_SUCCESS;
}

static void xml_escaped(FILE *fp, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '&'   ? "&amp;"
                        : *s == '<' ? "&lt;"
                        : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;"
                                    : NULL;
        if (e)
            fputs(e, fp);
        else
            fputc(*s, fp);
    }
}

/* The collected text as SVG text elements in the chart's fonts (by name:
 * a viewer without them uses its sans-serif), anchored as drawn. */
static void svg_texts(const chart_ctx *c, FILE *fp)
{
    static const char *const anchor[] = {"", " text-anchor=\"middle\"", " text-anchor=\"end\""};
    for (size_t i = 0; i < c->ntexts; i++) {
        const chart_text *t = &c->texts[i];
        fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"", t->x, t->y);
        xml_escaped(fp, c->family[t->font]);
        fprintf(fp, ", sans-serif\" font-size=\"%.2f\"%s%s fill=\"#%06X\"%s>", t->size,
                c->bold[t->font] ? " font-weight=\"bold\"" : "",
                c->italic[t->font] ? " font-style=\"italic\"" : "", (unsigned)t->rgb,
                anchor[t->align >= 0 && t->align <= 2 ? t->align : 0]);
        xml_escaped(fp, t->s);
        fputs("</text>\n", fp);
    }
}

/* cairo draws the graphics; the text goes in as SVG text elements rather
 * than as cairo's glyph outlines: editable and searchable where the SVG is
 * reused, and a tenth of the size (a participant profile: 130 -> 13 KB,
 * most of it was outlines and one <use> per glyph). */
/* ---- in words ------------------------------------------------------------------ */

static void say_number(sbuf *out, double v, int decimals)
{
    char num[64];
    fmt_de(v, decimals, 0, num, sizeof num);
    sbuf_adds(out, num);
}

static void describe_bars(const chart_bars *b, sbuf *out)
{
    size_t g = 0;
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        if (g < b->ngroups && b->groups[g].first == i) { /* a block begins */
            sbuf_addf(out, "%s%s", i ? ". " : " ", b->groups[g].label);
            if (b->groups[g].has_value) {
                sbuf_adds(out, TX(alt_gesamtwert_ring_block));
                say_number(out, b->groups[g].value, b->decimals);
            }
            sbuf_adds(out, ":");
            g++;
            sbuf_addf(out, " %s ", b->spoken ? b->spoken[i] : it->label);
        } else {
            sbuf_addf(out, "%s%s ", i ? "; " : " ", b->spoken ? b->spoken[i] : it->label);
        }
        if (it->has_value)
            say_number(out, it->value, b->decimals);
        else
            sbuf_adds(out, TX(alt_kein_wert));
        if (it->flag && *it->flag)
            sbuf_addf(out, " %s", it->flag);
    }
    sbuf_adds(out, b->n ? "." : "");
    if (b->has_gesamt) {
        sbuf_adds(out, TX(alt_gesamtwert));
        say_number(out, b->gesamt, b->decimals);
        sbuf_adds(out, ";");
    }
    if (b->has_mean) {
        sbuf_adds(out, TX(alt_mittelwert));
        say_number(out, b->mean, b->decimals);
        sbuf_adds(out, ".");
    }
}

static void describe_series(const chart_dev *v, const char *name, const double *val, sbuf *out)
{
    sbuf_addf(out, " %s:", name);
    for (size_t y = 0; y < v->n; y++) {
        sbuf_addf(out, "%s %d ", y ? ";" : "", v->years[y]);
        if (v->has[y])
            say_number(out, val[y], v->decimals);
        else
            sbuf_adds(out, TX(alt_kein_wert));
    }
    sbuf_adds(out, ".");
}

static void describe_dev(const chart_dev *v, sbuf *out)
{
    describe_series(v, TX(gesamtwert), v->gesamt, out);
    describe_series(v, TX(mittelwert), v->mean, out);
    sbuf_adds(out, TX(alt_spanne));
    for (size_t y = 0; y < v->n; y++) {
        sbuf_addf(out, "%s %d ", y ? ";" : "", v->years[y]);
        if (!v->has[y]) {
            sbuf_adds(out, TX(alt_kein_wert));
            continue;
        }
        say_number(out, v->min[y], v->decimals);
        sbuf_adds(out, TX(alt_bis));
        say_number(out, v->max[y], v->decimals);
    }
    sbuf_adds(out, ".");
    for (size_t g = 0; g < v->nrings; g++) {
        sbuf_addf(out, TX(alt_gesamtwert_ring), v->ring_names[g]);
        for (size_t y = 0; y < v->n; y++) {
            sbuf_addf(out, "%s %d ", y ? ";" : "", v->years[y]);
            if (v->ring_has[g * v->n + y])
                say_number(out, v->ring[g * v->n + y], v->decimals);
            else
                sbuf_adds(out, TX(alt_kein_wert));
        }
        sbuf_adds(out, ".");
    }
}

static void describe_dist(const chart_dist *d, sbuf *out)
{
    const char *const name[] = {TX(kopf_minimum),       TX(alt_unteres_quartil), TX(kopf_median),
                                TX(alt_oberes_quartil), TX(kopf_maximum),        TX(mittelwert)};
    const double v[] = {d->min, d->q1, d->median, d->q3, d->max, d->mean};
    sbuf_addf(out, TX(alt_teilnehmende_mit_wert), d->n);
    for (size_t i = 0; d->n && i < sizeof v / sizeof *v; i++) {
        sbuf_addf(out, "; %s ", name[i]);
        say_number(out, v[i], d->decimals);
    }
    if (d->has_gesamt) {
        sbuf_adds(out, TX(alt_gesamtwert_liste));
        say_number(out, d->gesamt, d->decimals);
    }
    sbuf_adds(out, ".");
    for (size_t i = 0; i < d->nrings; i++) {
        sbuf_addf(out, "%s%s ", i ? "; " : TX(alt_gesamtwerte_ringe), d->ring_labels[i]);
        if (!d->ring_has[i]) {
            sbuf_adds(out, TX(alt_kein_wert));
            continue;
        }
        say_number(out, d->ring_gesamt[i], d->decimals);
        sbuf_adds(out, TX(alt_spanne_klammer));
        say_number(out, d->ring_min[i], d->decimals);
        sbuf_adds(out, TX(alt_bis));
        say_number(out, d->ring_max[i], d->decimals);
        sbuf_adds(out, ")");
    }
    sbuf_adds(out, d->nrings ? "." : "");
}

/* Whether a and b print alike at the chart's decimals. */
static int same_printed(double a, double b, int decimals)
{
    double f = pow(10, decimals);
    return llround(a * f) == llround(b * f);
}

static void describe_strip(const chart_strip *s, sbuf *out)
{
    sbuf_addf(out, TX(alt_werte_geordnet), s->n);
    if (s->missing)
        sbuf_addf(out, TX(alt_ohne_wert), s->missing);
    const char *const name[] = {TX(kopf_minimum), TX(alt_unteres_quartil), TX(kopf_median),
                                TX(alt_oberes_quartil), TX(kopf_maximum)};
    double q[5] = {0};
    for (int i = 0; s->n && i < 5; i++) {
        q[i] = chart_quantile(s->values, s->n, i / 4.0);
        sbuf_addf(out, "; %s ", name[i]);
        say_number(out, q[i], s->decimals);
    }
    sbuf_adds(out, ".");
    if (s->own) {
        double v = s->values[s->own - 1];
        sbuf_addf(out, TX(alt_hervorgehoben), s->own_label);
        say_number(out, v, s->decimals);
        if (s->own_flag[0])
            sbuf_addf(out, " %s", s->own_flag);
        /* where a sighted reader sees it: between which quartiles, and
         * against the two lines - never a rank */
        sbuf_addf(out, ", %s",
                  v < q[1]    ? TX(alt_lage_1)
                  : v < q[2]  ? TX(alt_lage_2)
                  : v <= q[3] ? TX(alt_lage_3)
                              : TX(alt_lage_4));
        const double ref[] = {s->gesamt, s->mean};
        const int has[] = {s->has_gesamt, s->has_mean};
        const char *const what[] = {TX(gesamtwert), TX(mittelwert)};
        for (int i = 0; i < 2; i++)
            if (has[i])
                sbuf_addf(out,
                          same_printed(v, ref[i], s->decimals) ? TX(alt_gleich)
                          : v > ref[i]                         ? TX(alt_ueber)
                                                               : TX(alt_unter),
                          what[i]);
        sbuf_adds(out, ".");
    } else {
        sbuf_addf(out, TX(alt_eigen_kein_wert), s->own_label, s->own_flag[0] ? s->own_flag : ".");
    }
    if (s->has_gesamt) {
        sbuf_adds(out, TX(alt_gesamtwert));
        say_number(out, s->gesamt, s->decimals);
        sbuf_adds(out, s->has_mean ? ";" : ".");
    }
    if (s->has_mean) {
        sbuf_adds(out, TX(alt_mittelwert));
        say_number(out, s->mean, s->decimals);
        sbuf_adds(out, ".");
    }
}

static void describe_profile(const chart_profile *p, sbuf *out)
{
    for (size_t k = 0; k < p->n; k++) {
        sbuf_addf(out, "%s%s ", k ? "; " : " ", p->labels[k]);
        if (p->has[k])
            say_number(out, p->index[k], 0);
        else
            sbuf_adds(out, TX(alt_kein_wert));
    }
    sbuf_adds(out, p->n ? "." : "");
}

static void describe_trend(const chart_trend *t, sbuf *out)
{
    for (size_t s = 0; s < t->nseries; s++) {
        sbuf_addf(out, " %s:", t->name[s]);
        for (size_t y = 0; y < t->n; y++) {
            sbuf_addf(out, "%s %d ", y ? ";" : "", t->years[y]);
            if (t->has[s][y])
                say_number(out, t->v[s][y], t->decimals);
            else
                sbuf_adds(out, TX(alt_kein_wert));
            if (y > 0 && t->brk[s] && t->brk[s][y])
                sbuf_adds(out, TX(alt_reihenbruch));
        }
        sbuf_adds(out, ".");
    }
}

void chart_describe(chart_kind kind, const void *data, const char *head, sbuf *out)
{
    const char *const what[] = {TX(alt_balkendiagramm), TX(alt_liniendiagramm),
                                TX(alt_profildiagramm), TX(alt_balkendiagramm),
                                TX(alt_liniendiagramm), TX(alt_verteilungsdiagramm),
                                TX(alt_liniendiagramm), TX(alt_verteilungsdiagramm)};
    sbuf_addf(out, "%s: %s.", what[kind], head);
    if (kind == CHART_BARS || kind == CHART_MINIBARS)
        describe_bars(data, out);
    else if (kind == CHART_DEV)
        describe_dev(data, out);
    else if (kind == CHART_TREND)
        describe_trend(data, out);
    else if (kind == CHART_SPARK)
        describe_series(data, TX(gesamtwert), ((const chart_dev *)data)->gesamt, out);
    else if (kind == CHART_DIST)
        describe_dist(data, out);
    else if (kind == CHART_STRIP)
        describe_strip(data, out);
    else
        describe_profile(data, out);
}

/* cairo numbers its surfaces process-wide ("surface221"), so the same
 * chart's SVG would depend on what the process drew before it (a worker
 * of a sharded run wrote other bytes than a single run). Its one surface
 * id becomes "surface1" in place; returns the new length. */
static size_t first_surface_id(char *p, size_t len)
{
    static const char key[] = "id=\"surface";
    char *at = memmem(p, len, key, sizeof key - 1);
    if (!at)
        return len;
    char *digits = at + sizeof key - 1, *end = digits;
    while (end < p + len && *end >= '0' && *end <= '9')
        end++;
    if (end == digits)
        return len;
    *digits = '1';
    memmove(digits + 1, end, (size_t)(p + len - end));
    return len - (size_t)(end - digits - 1);
}

int chart_svg(chart_ctx *c, chart_kind kind, const void *data, double width, double height,
              const char *title, const char *desc, FILE *fp)
{
    membuf m = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_membuf, &m, width, height);
    cairo_t *cr = cairo_create(s);
    unhinted(cr);
    canvas *cv = cv_cairo_new(cr);
    if (cv)
        draw(c, cv, kind, data, width, height);
    else
        c->oom = 1;
    cv_free(cv);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int rc = !c->oom && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_surface_destroy(s);
    if (rc == 0)
        m.len = first_surface_id(m.p, m.len);
    /* cairo ends with "</svg>" and a newline */
    size_t end = m.len;
    while (end > 0 && (m.p[end - 1] == '\n' || m.p[end - 1] == ' '))
        end--;
    if (rc == 0 && (end < 6 || memcmp(m.p + end - 6, "</svg>", 6) != 0))
        rc = -1;
    /* the root element's start tag, to add what the chart is */
    const char *root = rc == 0 ? strstr(m.p, "<svg") : NULL;
    const char *gt = root ? strchr(root, '>') : NULL;
    if (rc == 0 && (!gt || (size_t)(gt - m.p) >= end - 6))
        rc = -1;
    if (rc == 0) {
        size_t at = (size_t)(root - m.p) + 4, after = (size_t)(gt - m.p) + 1;
        fwrite(m.p, 1, at, fp);
        fputs(" role=\"img\" lang=\"de\" xml:lang=\"de\"", fp);
        fwrite(m.p + at, 1, after - at, fp);
        fputs("\n<title>", fp);
        xml_escaped(fp, title ? title : "");
        fputs("</title>\n<desc>", fp);
        xml_escaped(fp, desc ? desc : "");
        fputs("</desc>", fp);
        fwrite(m.p + after, 1, end - 6 - after, fp);
        svg_texts(c, fp);
        fputs("</svg>\n", fp);
        rc = ferror(fp) ? -1 : 0;
    }
    drop_texts(c);
    free(m.p);
    return rc;
}
