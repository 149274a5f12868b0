/* chart.c - bar, development and profile charts with cairo. */
#include "chart.h"

#include "fmt.h"
#include "sbuf.h"
#include "text.h"
#include "zpix.h"

#include <cairo-ft.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FS_LABEL    7.5
#define FS_TICK     7.0
#define ROW         11.0
#define LEGEND_H    16.0
#define AXIS_H      16.0
#define DEV_H       135.0
#define PROFILE_ROW 12.0

static double busy; /* seconds in chart_render */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double chart_seconds(void)
{
    return busy;
}

struct chart_ctx {
    FT_Library ft;
    cairo_font_face_t *face[LAY_FONT_COUNT];
    uint32_t color[LAY_COL_COUNT];
    int dpi;
    /* cairo never draws text: it is collected here with its position,
     * font and colour, for the PDF and the SVG to set themselves */
    chart_text *texts;
    size_t ntexts, cap;
    int oom;
    lay_font cur_font;
    double cur_size;
    /* left edge of the graphics: left of it a chart has only text, which
     * the PDF sets itself, so the raster starts here */
    double graph_x;
    unsigned char *pixels; /* raster memory, reused from chart to chart */
    size_t pixels_size;
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

chart_ctx *chart_new(const layout *lay)
{
    chart_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (FT_Init_FreeType(&c->ft)) {
        c->ft = NULL;
        chart_fail(c, NULL, 0);
        return c;
    }
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
        cairo_font_face_set_user_data(c->face[i], &ft_key, face, done_face);
        if (!c->family[i]) {
            chart_fail(c, NULL, 1);
            return c;
        }
    }
    memcpy(c->color, lay->color, sizeof c->color);
    c->dpi = lay->dpi;
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
    for (int i = 0; i < LAY_FONT_COUNT; i++) {
        if (c->face[i])
            cairo_font_face_destroy(c->face[i]);
        free(c->family[i]);
    }
    /* the faces are released with the last cairo reference; cairo keeps a
     * cache, so reset it before the library goes */
    cairo_debug_reset_static_data();
    if (c->ft)
        FT_Done_FreeType(c->ft);
    free(c->error);
    drop_texts(c);
    free(c->texts);
    free(c->pixels);
    free(c);
}

/* ---- drawing helpers ------------------------------------------------------ */

static void set_color(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

static void font(chart_ctx *c, cairo_t *cr, lay_font f, double size)
{
    cairo_set_font_face(cr, c->face[f]);
    cairo_set_font_size(cr, size);
    c->cur_font = f;
    c->cur_size = size;
}

static double text_w(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* Text at x, y (the baseline), align 0 left, 1 centre, 2 right, in the
 * current font and colour: collected, not drawn. */
static void text_at(chart_ctx *c, cairo_t *cr, double x, double y, int align, const char *s)
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
    double r, g, b, a;
    cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a);
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

/* Copies s into out, shortened with "…" so that it fits max_w. */
static double cairo_width(void *cr, const char *s)
{
    return text_w(cr, s);
}

/* s shortened with "…" to max_w as a malloc'ed string (never longer than
 * s plus the ellipsis, so nothing else is cut), its width in *w; NULL when
 * out of memory. */
static char *fit_text(cairo_t *cr, const char *s, double max_w, double *w)
{
    size_t size = strlen(s) + 4;
    char *out = malloc(size);
    if (out)
        *w = text_fit(s, max_w, cairo_width, cr, out, size);
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

static void legend_swatch(chart_ctx *c, cairo_t *cr, double *x, double y, int kind,
                          const char *label)
{
    cairo_save(cr);
    if (kind == 0) {
        set_color(cr, c->color[LAY_COL_BAR]);
        cairo_rectangle(cr, *x, y - 6, 12, 6);
        cairo_fill(cr);
    } else if (kind == 3) {
        set_color(cr, c->color[LAY_COL_BAND]);
        cairo_rectangle(cr, *x, y - 7, 12, 8);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.46, 0.46, 0.46);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, *x, y - 7);
        cairo_line_to(cr, *x + 12, y - 7);
        cairo_move_to(cr, *x, y + 1);
        cairo_line_to(cr, *x + 12, y + 1);
        cairo_stroke(cr);
    } else if (kind == 4) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 0.8);
        double dash[] = {1.5, 1.5};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, *x + 6, y - 8);
        cairo_line_to(cr, *x + 6, y + 2);
        cairo_stroke(cr);
    } else {
        set_color(cr, c->color[kind == 1 ? LAY_COL_GESAMT : LAY_COL_MEAN]);
        cairo_set_line_width(cr, kind == 1 ? 2.0 : 1.2);
        if (kind == 2) {
            double dash[] = {3, 2};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_move_to(cr, *x, y - 3);
        cairo_line_to(cr, *x + 14, y - 3);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    text_at(c, cr, *x + 17, y, 0, label);
    *x += 17 + text_w(cr, label) + 14;
}

/* German form; the minus is the hyphen-minus like the report's tables
 * (RPT_MINUS in report_int.h: the fonts have no U+2212). */
static void fmt_value(double v, int decimals, char *buf, size_t size)
{
    fmt_de(v, decimals, 0, buf, size);
}

/* A reference line from (x, y0) to (x, y1) over a white casing, so that it
 * stays visible over dark bars (also in greyscale). */
static void ref_line(chart_ctx *c, cairo_t *cr, lay_color col, int dashed, double x, double y0,
                     double y1)
{
    double width = dashed ? 1.2 : 2.0;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, width + 1.6);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    set_color(cr, c->color[col]);
    cairo_set_line_width(cr, width);
    if (dashed) {
        double dash[] = {3, 2};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* A value label with its flag as a small raised mark behind it. */
static void value_label(chart_ctx *c, cairo_t *cr, double x, double y, int right, const char *num,
                        const char *flag)
{
    font(c, cr, LAY_FONT_REGULAR, 5.5);
    double fw = flag && flag[0] ? text_w(cr, flag) + 1.2 : 0;
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    double nw = text_w(cr, num);
    double left = right ? x : x - nw - fw;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, left - 1.5, y - 6.6, nw + fw + 3, 8.6);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    text_at(c, cr, left, y, 0, num);
    if (fw > 0) {
        font(c, cr, LAY_FONT_REGULAR, 5.5);
        text_at(c, cr, left + nw + 1.2, y - 2.5, 0, flag);
        font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    }
}

static void free_labels(char **lab, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lab[i]);
    free(lab);
}

/* ---- horizontal bars --------------------------------------------------------- */

static void draw_bars(chart_ctx *c, cairo_t *cr, const chart_bars *b, double w, double h)
{
    (void)h;
    char buf[256];
    /* the labels, shortened once: their widest decides where bars begin */
    char **lab = calloc(b->n + 1, sizeof *lab);
    if (!lab) {
        c->oom = 1;
        return;
    }
    font(c, cr, LAY_FONT_REGULAR, FS_LABEL);
    double label_w = 0;
    for (size_t i = 0; i < b->n; i++) {
        double lw = 0;
        lab[i] = fit_text(cr, b->items[i].label, w * 0.3, &lw);
        if (!lab[i]) {
            c->oom = 1;
            free_labels(lab, i);
            return;
        }
        label_w = fmax(label_w, lw);
    }
    double x0 = label_w + 8, x1 = w - 42, top = LEGEND_H + 4;
    c->graph_x = x0 - 1;
    axis a = make_axis(fmin(0, b->lo), fmax(0, b->hi), 6);
    double span = a.hi - a.lo;
#define XOF(v) (x0 + ((v)-a.lo) / span * (x1 - x0))
    double bottom = top + (double)b->n * ROW;

    /* legend */
    double lx = x0;
    char gl[320], ml[320];
    fmt_value(b->gesamt, b->decimals, buf, sizeof buf);
    snprintf(gl, sizeof gl, "Gesamtwert (GeMW): %s", b->has_gesamt ? buf : ".");
    fmt_value(b->mean, b->decimals, buf, sizeof buf);
    /* lines closer than 3 pt look like one: the legend says so */
    int merged = b->has_gesamt && b->has_mean && fabs(XOF(b->gesamt) - XOF(b->mean)) < 3;
    snprintf(ml, sizeof ml, "Mittelwert (MW): %s%s", b->has_mean ? buf : ".",
             merged ? " (Linien decken sich)" : "");
    /* the legend starts above the bars unless it is too wide for that */
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    double legend_w = 3 * 31 + text_w(cr, "Wert") + text_w(cr, gl) + text_w(cr, ml);
    if (lx + legend_w > w)
        lx = fmax(0, w - legend_w);
    legend_swatch(c, cr, &lx, 10, 0, "Wert");
    legend_swatch(c, cr, &lx, 10, 1, gl);
    legend_swatch(c, cr, &lx, 10, 2, ml);

    /* grid and tick labels */
    cairo_set_line_width(cr, 0.4);
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        double x = XOF(t);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, x, top - 2);
        cairo_line_to(cr, x, bottom + 2);
        cairo_stroke(cr);
        fmt_value(t, a.decimals, buf, sizeof buf);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        text_at(c, cr, x, bottom + 11, 1, buf);
    }
    /* bars */
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        double y = top + (double)i * ROW;
        font(c, cr, LAY_FONT_REGULAR, FS_LABEL);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        text_at(c, cr, x0 - 6, y + ROW - 3, 2, lab[i]);
        if (!it->has_value) {
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            font(c, cr, LAY_FONT_ITALIC, FS_LABEL);
            text_at(c, cr, XOF(0) + (XOF(0) > x0 + 1 ? -4 : 4), y + ROW - 3,
                    XOF(0) > x0 + 1 ? 2 : 0, it->flag[0] ? it->flag : ".");
            continue;
        }
        double xa = XOF(0), xb = XOF(it->value);
        set_color(cr, c->color[it->flag[0] ? LAY_COL_FLAGGED : LAY_COL_BAR]);
        cairo_rectangle(cr, fmin(xa, xb), y + 2, fabs(xb - xa), ROW - 4);
        cairo_fill(cr);
        if (it->flag[0]) { /* the light bar's outline carries the contrast */
            set_color(cr, c->color[LAY_COL_BAR]);
            cairo_set_line_width(cr, 0.7);
            cairo_rectangle(cr, fmin(xa, xb) + 0.35, y + 2.35, fmax(fabs(xb - xa) - 0.7, 0),
                            ROW - 4.7);
            cairo_stroke(cr);
        }
    }
    /* zero line, Gesamtwert, Mittelwert */
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, XOF(0), top - 2);
    cairo_line_to(cr, XOF(0), bottom + 2);
    cairo_stroke(cr);
    if (b->has_gesamt)
        ref_line(c, cr, LAY_COL_GESAMT, 0, XOF(b->gesamt), top - 2, bottom + 2);
    if (b->has_mean)
        ref_line(c, cr, LAY_COL_MEAN, 1, XOF(b->mean), top - 2, bottom + 2);
    /* value labels last, on white, above the lines */
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        if (!it->has_value)
            continue;
        double y = top + (double)i * ROW, xa = XOF(0), xb = XOF(it->value);
        fmt_value(it->value, b->decimals, buf, sizeof buf);
        int right = xb >= xa;
        value_label(c, cr, xb + (right ? 3 : -3), y + ROW - 3.2, right, buf, it->flag);
    }
    free_labels(lab, b->n);
#undef XOF
}

/* ---- development over the years -------------------------------------------- */

/* A series break between two years: a dotted line at x and the symbol "|"
 * (small: in a fact board's chart). */
static void break_mark(chart_ctx *c, cairo_t *cr, double x, double top, double bottom, int small)
{
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, small ? 0.6 : 0.8);
    double dash[] = {small ? 1.2 : 1.5, small ? 1.2 : 1.5};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, top);
    cairo_line_to(cr, x, bottom);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    lay_font f = c->cur_font;
    double size = c->cur_size;
    font(c, cr, small ? f : LAY_FONT_BOLD, small ? size : FS_TICK);
    text_at(c, cr, x + (small ? 1.5 : 2), top + (small ? 5 : 7), 0, "|");
    font(c, cr, small ? f : LAY_FONT_REGULAR, small ? size : FS_TICK);
}

static void draw_dev(chart_ctx *c, cairo_t *cr, const chart_dev *d, double w, double h)
{
    char buf[64];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++) {
        if (!d->has[i])
            continue;
        lo = fmin(lo, d->min[i]);
        hi = fmax(hi, d->max[i]);
    }
    if (!isfinite(lo)) {
        font(c, cr, LAY_FONT_ITALIC, FS_LABEL);
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        text_at(c, cr, w / 2, h / 2, 1, "keine Werte vorhanden");
        return;
    }
    axis a = make_axis(lo, hi, 5);
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    double label_w = 0;
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        fmt_value(t, a.decimals, buf, sizeof buf);
        label_w = fmax(label_w, text_w(cr, buf));
    }
    double x0 = label_w + 8, x1 = w - 10, top = LEGEND_H + 6, bottom = h - AXIS_H;
    c->graph_x = x0 - 3; /* the year markers reach left of the axis */
#define YOF(v) (bottom - ((v)-a.lo) / (a.hi - a.lo) * (bottom - top))
    double step_x = d->n > 1 ? (x1 - x0) / (double)(d->n - 1) : 0;
#define XOF(i) (d->n > 1 ? x0 + step_x * (double)(i) : (x0 + x1) / 2)

    int breaks = 0;
    for (size_t i = 1; d->brk && i < d->n; i++)
        breaks |= d->brk[i];
    double lx = x0;
    legend_swatch(c, cr, &lx, 10, 3, "Spanne Minimum bis Maximum");
    legend_swatch(c, cr, &lx, 10, 1, "Gesamtwert (GeMW)");
    legend_swatch(c, cr, &lx, 10, 2, "Mittelwert (MW)");
    if (breaks)
        legend_swatch(c, cr, &lx, 10, 4, "Reihenbruch (|)");

    cairo_set_line_width(cr, 0.4);
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, x0, YOF(t));
        cairo_line_to(cr, x1, YOF(t));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        fmt_value(t, a.decimals, buf, sizeof buf);
        text_at(c, cr, x0 - 4, YOF(t) + 2.5, 2, buf);
    }
    size_t every = d->n > 12 ? (d->n + 11) / 12 : 1;
    for (size_t i = 0; i < d->n; i++) {
        if ((d->n - 1 - i) % every)
            continue;
        snprintf(buf, sizeof buf, "%d", d->years[i]);
        text_at(c, cr, XOF(i), bottom + 11, 1, buf);
    }
#define JOINED(i) (d->has[i] && !(d->brk && d->brk[i]))
    /* series breaks: a dotted line between the years and the symbol */
    for (size_t i = 1; d->brk && i < d->n; i++)
        if (d->brk[i])
            break_mark(c, cr, (XOF(i - 1) + XOF(i)) / 2, top, bottom, 0);
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
        set_color(cr, c->color[LAY_COL_BAND]);
        if (j == i) {
            cairo_rectangle(cr, XOF(i) - 3, YOF(d->max[i]), 6, YOF(d->min[i]) - YOF(d->max[i]));
        } else {
            cairo_move_to(cr, XOF(i), YOF(d->max[i]));
            for (size_t k = i + 1; k <= j; k++)
                cairo_line_to(cr, XOF(k), YOF(d->max[k]));
            for (size_t k = j + 1; k-- > i;)
                cairo_line_to(cr, XOF(k), YOF(d->min[k]));
            cairo_close_path(cr);
        }
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.46, 0.46, 0.46);
        cairo_set_line_width(cr, 0.6);
        for (int edge = 0; edge < 2; edge++) {
            const double *v = edge ? d->min : d->max;
            cairo_move_to(cr, XOF(i) - (j == i ? 3 : 0), YOF(v[i]));
            for (size_t k = i + 1; k <= j; k++)
                cairo_line_to(cr, XOF(k), YOF(v[k]));
            if (j == i)
                cairo_line_to(cr, XOF(i) + 3, YOF(v[i]));
            cairo_stroke(cr);
        }
        i = j + 1;
    }
    for (int line = 0; line < 2; line++) {
        const double *v = line == 0 ? d->gesamt : d->mean;
        set_color(cr, c->color[line == 0 ? LAY_COL_GESAMT : LAY_COL_MEAN]);
        cairo_set_line_width(cr, line == 0 ? 2.0 : 1.2);
        if (line == 1) {
            double dash[] = {3, 2};
            cairo_set_dash(cr, dash, 2, 0);
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
                cairo_line_to(cr, XOF(i), YOF(v[i]));
            else
                cairo_move_to(cr, XOF(i), YOF(v[i]));
            pen = 1;
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        if (line == 0)
            for (size_t i = 0; i < d->n; i++)
                if (d->has[i]) {
                    cairo_arc(cr, XOF(i), YOF(v[i]), 1.8, 0, 2 * M_PI);
                    cairo_fill(cr);
                }
    }
#undef JOINED
#undef XOF
#undef YOF
}

/* ---- participant profile ----------------------------------------------------- */

static void draw_profile(chart_ctx *c, cairo_t *cr, const chart_profile *p, double w, double h)
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
    c->graph_x = x0 - 1;
    double bottom = top + (double)p->n * PROFILE_ROW;
#define XOF(v) (x0 + (fmin(fmax(v, a.lo), a.hi) - a.lo) / (a.hi - a.lo) * (x1 - x0))
    cairo_set_line_width(cr, 0.4);
    font(c, cr, LAY_FONT_REGULAR, FS_TICK);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, XOF(t), top);
        cairo_line_to(cr, XOF(t), bottom);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        fmt_value(t, a.decimals, buf, sizeof buf);
        text_at(c, cr, XOF(t), bottom + 10, 1, buf);
    }
    for (size_t i = 0; i < p->n; i++) {
        double y = top + (double)i * PROFILE_ROW;
        font(c, cr, LAY_FONT_REGULAR, FS_LABEL);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        double lw;
        char *lab = fit_text(cr, p->labels[i], label_w, &lw);
        if (!lab) {
            c->oom = 1;
            return;
        }
        text_at(c, cr, 0, y + PROFILE_ROW - 3.5, 0, lab);
        free(lab);
        if (!p->has[i]) {
            font(c, cr, LAY_FONT_ITALIC, FS_LABEL);
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            text_at(c, cr, XOF(100) + 4, y + PROFILE_ROW - 3.5, 0,
                    p->missing && p->missing[i] ? p->missing[i] : "x");
            continue;
        }
        double xa = XOF(100), xb = XOF(p->index[i]);
        set_color(cr, c->color[LAY_COL_BAR]);
        cairo_rectangle(cr, fmin(xa, xb), y + 2.5, fabs(xb - xa), PROFILE_ROW - 5);
        cairo_fill(cr);
        fmt_value(p->index[i], 0, buf, sizeof buf);
        font(c, cr, LAY_FONT_REGULAR, FS_TICK);
        int right = xb >= xa;
        value_label(c, cr, xb + (right ? 3 : -3), y + PROFILE_ROW - 3.5, right, buf, "");
    }
    ref_line(c, cr, LAY_COL_GESAMT, 0, XOF(100), top - 2, bottom + 2);
#undef XOF
}

/* ---- small charts of the fact boards (compact format) ------------------------- */

#define FS_MINI   6.0
#define MINI_ROW  7.0
#define MINI_TOP  11.0
#define MINI_AXIS 10.0

/* "GeMW value" and "MW value" above a small chart, each after its line. */
static void mini_legend(chart_ctx *c, cairo_t *cr, double x, int has_g, double g, int has_m,
                        double m, int decimals)
{
    char num[64], buf[96];
    font(c, cr, LAY_FONT_REGULAR, FS_MINI);
    for (int i = 0; i < 2; i++) {
        set_color(cr, c->color[i ? LAY_COL_MEAN : LAY_COL_GESAMT]);
        cairo_set_line_width(cr, i ? 1.0 : 1.6);
        if (i) {
            double dash[] = {2.5, 1.5};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_move_to(cr, x, 5);
        cairo_line_to(cr, x + 9, 5);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        fmt_value(i ? m : g, decimals, num, sizeof num);
        snprintf(buf, sizeof buf, "%s %s", i ? "MW" : "GeMW", (i ? has_m : has_g) ? num : ".");
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        text_at(c, cr, x + 11, 7, 0, buf);
        x += 11 + text_w(cr, buf) + 8;
    }
}

/* Tick lines and labels of a value axis from x0 to x1 between top and bottom. */
static void mini_ticks(chart_ctx *c, cairo_t *cr, axis a, double x0, double x1, double top,
                       double bottom)
{
    char buf[64];
    cairo_set_line_width(cr, 0.3);
    font(c, cr, LAY_FONT_REGULAR, FS_MINI);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        double x = x0 + (t - a.lo) / (a.hi - a.lo) * (x1 - x0);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, x, top);
        cairo_line_to(cr, x, bottom);
        cairo_stroke(cr);
        fmt_value(t, a.decimals, buf, sizeof buf);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        text_at(c, cr, x, bottom + 7, 1, buf);
    }
}

static void draw_minibars(chart_ctx *c, cairo_t *cr, const chart_bars *b, double w)
{
    char buf[64];
    font(c, cr, LAY_FONT_REGULAR, FS_MINI);
    double label_w = 0, value_w = 0;
    for (size_t i = 0; i < b->n; i++) {
        label_w = fmax(label_w, fmin(text_w(cr, b->items[i].label), w * 0.25));
        fmt_value(b->items[i].value, b->decimals, buf, sizeof buf);
        if (b->items[i].has_value)
            value_w = fmax(value_w, text_w(cr, buf) + 6);
    }
    double x0 = label_w + 4, x1 = w - value_w - 4, top = MINI_TOP;
    double bottom = top + (double)b->n * MINI_ROW;
    c->graph_x = x0 - 1;
    mini_legend(c, cr, x0, b->has_gesamt, b->gesamt, b->has_mean, b->mean, b->decimals);
    axis a = make_axis(fmin(0, b->lo), fmax(0, b->hi), 3);
#define XOF(v) (x0 + ((v)-a.lo) / (a.hi - a.lo) * (x1 - x0))
    mini_ticks(c, cr, a, x0, x1, top - 1, bottom + 1);
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        double y = top + (double)i * MINI_ROW, lw;
        char *lab = fit_text(cr, it->label, w * 0.25, &lw);
        if (!lab) {
            c->oom = 1;
            return;
        }
        font(c, cr, LAY_FONT_REGULAR, FS_MINI);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        text_at(c, cr, x0 - 3, y + MINI_ROW - 1.8, 2, lab);
        free(lab);
        if (!it->has_value) {
            font(c, cr, LAY_FONT_ITALIC, FS_MINI);
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            text_at(c, cr, w, y + MINI_ROW - 1.8, 2, it->flag[0] ? it->flag : ".");
            continue;
        }
        double xa = XOF(0), xb = XOF(it->value);
        set_color(cr, c->color[it->flag[0] ? LAY_COL_FLAGGED : LAY_COL_BAR]);
        cairo_rectangle(cr, fmin(xa, xb), y + 1.2, fabs(xb - xa), MINI_ROW - 2.4);
        cairo_fill(cr);
        fmt_value(it->value, b->decimals, buf, sizeof buf);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        text_at(c, cr, w - (it->flag[0] ? 6 : 0), y + MINI_ROW - 1.8, 2, buf);
        if (it->flag[0])
            text_at(c, cr, w - 5, y + MINI_ROW - 1.8, 0, it->flag);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, XOF(0), top - 1);
    cairo_line_to(cr, XOF(0), bottom + 1);
    cairo_stroke(cr);
    if (b->has_gesamt)
        ref_line(c, cr, LAY_COL_GESAMT, 0, XOF(b->gesamt), top - 1, bottom + 1);
    if (b->has_mean)
        ref_line(c, cr, LAY_COL_MEAN, 1, XOF(b->mean), top - 1, bottom + 1);
#undef XOF
}

static void draw_spark(chart_ctx *c, cairo_t *cr, const chart_dev *d, double w, double h)
{
    char buf[64];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++)
        if (d->has[i]) {
            lo = fmin(lo, d->gesamt[i]);
            hi = fmax(hi, d->gesamt[i]);
        }
    font(c, cr, LAY_FONT_REGULAR, FS_MINI);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    text_at(c, cr, 0, 7, 0, "Gesamtwert (GeMW) im Zeitverlauf");
    if (!isfinite(lo)) {
        font(c, cr, LAY_FONT_ITALIC, FS_MINI);
        text_at(c, cr, w / 2, h / 2, 1, "keine Werte vorhanden");
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
        label_w = fmax(label_w, text_w(cr, buf));
    }
    double x0 = label_w + 5, x1 = w - 8, top = MINI_TOP + 2, bottom = h - MINI_AXIS;
    c->graph_x = x0 - 1;
#define YOF(v) (bottom - ((v)-a.lo) / (a.hi - a.lo) * (bottom - top))
#define XOF(i)                                                                                     \
    (d->n > 1 ? x0 + 10 + (x1 - x0 - 10) * (double)(i) / (double)(d->n - 1) : (x0 + x1) / 2)
    cairo_set_line_width(cr, 0.3);
    for (double t = a.lo; t <= a.hi + a.step * 1e-6; t += a.step) {
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, x0, YOF(t));
        cairo_line_to(cr, x1, YOF(t));
        cairo_stroke(cr);
        fmt_value(t, a.decimals, buf, sizeof buf);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        text_at(c, cr, x0 - 3, YOF(t) + 2, 2, buf);
    }
    /* first and last year, and between them as many as fit */
    size_t every = d->n > 4 ? (d->n + 3) / 4 : 1;
    for (size_t i = 0; i < d->n; i++) {
        if ((d->n - 1 - i) % every && i != 0)
            continue;
        if (i == 0 && d->n > 1 && (d->n - 1) % every && (d->n - 1) % every < every / 2 + 1)
            continue; /* too close to the next label */
        snprintf(buf, sizeof buf, "%d", d->years[i]);
        text_at(c, cr, XOF(i), bottom + 7, 1, buf);
    }
    for (size_t i = 1; d->brk && i < d->n; i++)
        if (d->brk[i])
            break_mark(c, cr, (XOF(i - 1) + XOF(i)) / 2, top, bottom, 1);
    set_color(cr, c->color[LAY_COL_GESAMT]);
    cairo_set_line_width(cr, 1.4);
    int pen = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!d->has[i] || (d->brk && d->brk[i]))
            pen = 0;
        if (!d->has[i])
            continue;
        if (pen)
            cairo_line_to(cr, XOF(i), YOF(d->gesamt[i]));
        else
            cairo_move_to(cr, XOF(i), YOF(d->gesamt[i]));
        pen = 1;
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < d->n; i++)
        if (d->has[i]) {
            cairo_arc(cr, XOF(i), YOF(d->gesamt[i]), 1.4, 0, 2 * M_PI);
            cairo_fill(cr);
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

static void draw_dist(chart_ctx *c, cairo_t *cr, const chart_dist *d, double w)
{
    char buf[64];
    const char *all = "Teilnehmende";
    font(c, cr, LAY_FONT_REGULAR, FS_MINI);
    double label_w = text_w(cr, all), value_w = 0;
    size_t rows = dist_rows(d);
    for (size_t i = 0; i < d->nrings && rows > 2; i++) {
        label_w = fmax(label_w, fmin(text_w(cr, d->ring_labels[i]), w * 0.3));
        fmt_value(d->ring_gesamt[i], d->decimals, buf, sizeof buf);
        if (d->ring_has[i])
            value_w = fmax(value_w, text_w(cr, buf) + 4);
    }
    double x0 = label_w + 4, x1 = w - value_w - 4, top = MINI_TOP, row = MINI_ROW + 1.5;
    double bottom = top + (double)rows * row;
    c->graph_x = x0 - 1;
    mini_legend(c, cr, x0, d->has_gesamt, d->gesamt, d->n > 0, d->mean, d->decimals);
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
    mini_ticks(c, cr, a, x0, x1, top - 1, bottom + 1);
    /* the participants: range, middle half, median */
    double ym = top + row / 2;
    font(c, cr, LAY_FONT_REGULAR, FS_MINI);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    text_at(c, cr, x0 - 3, ym + 2, 2, all);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, XOF(d->min), ym);
    cairo_line_to(cr, XOF(d->max), ym);
    cairo_move_to(cr, XOF(d->min), ym - 2);
    cairo_line_to(cr, XOF(d->min), ym + 2);
    cairo_move_to(cr, XOF(d->max), ym - 2);
    cairo_line_to(cr, XOF(d->max), ym + 2);
    cairo_stroke(cr);
    set_color(cr, c->color[LAY_COL_BAND]);
    cairo_rectangle(cr, XOF(d->q1), ym - 3, XOF(d->q3) - XOF(d->q1), 6);
    cairo_fill_preserve(cr);
    set_color(cr, c->color[LAY_COL_BAR]);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 1.4);
    cairo_move_to(cr, XOF(d->median), ym - 3);
    cairo_line_to(cr, XOF(d->median), ym + 3);
    cairo_stroke(cr);
    /* the rings: range and Gesamtwert */
    for (size_t i = 0; i < d->nrings; i++) {
        size_t r = rows > 2 ? i + 1 : 1;
        double y = top + (double)r * row + row / 2;
        if (rows > 2) {
            double lw;
            char *lab = fit_text(cr, d->ring_labels[i], w * 0.3, &lw);
            if (!lab) {
                c->oom = 1;
                return;
            }
            font(c, cr, LAY_FONT_REGULAR, FS_MINI);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
            text_at(c, cr, x0 - 3, y + 2, 2, lab);
            free(lab);
        } else if (i == 0) {
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
            text_at(c, cr, x0 - 3, y + 2, 2, "Ringe");
        }
        if (!d->ring_has[i])
            continue;
        if (rows > 2) {
            cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
            cairo_set_line_width(cr, 0.6);
            cairo_move_to(cr, XOF(d->ring_min[i]), y);
            cairo_line_to(cr, XOF(d->ring_max[i]), y);
            cairo_stroke(cr);
            fmt_value(d->ring_gesamt[i], d->decimals, buf, sizeof buf);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
            text_at(c, cr, w, y + 2, 2, buf);
        }
        set_color(cr, c->color[LAY_COL_BAR]);
        cairo_arc(cr, XOF(d->ring_gesamt[i]), y, 1.8, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    if (d->has_gesamt)
        ref_line(c, cr, LAY_COL_GESAMT, 0, XOF(d->gesamt), top - 1, bottom + 1);
    ref_line(c, cr, LAY_COL_MEAN, 1, XOF(d->mean), top - 1, bottom + 1);
#undef XOF
}

/* ---- entry points ------------------------------------------------------------- */

double chart_height(chart_kind kind, const void *data, double width)
{
    (void)width;
    switch (kind) {
    case CHART_BARS:
        return LEGEND_H + 4 + (double)((const chart_bars *)data)->n * ROW + AXIS_H + 2;
    case CHART_DEV:
        return DEV_H;
    case CHART_PROFILE:
        return 6 + (double)((const chart_profile *)data)->n * PROFILE_ROW + 14;
    case CHART_MINIBARS:
        return MINI_TOP + (double)((const chart_bars *)data)->n * MINI_ROW + MINI_AXIS;
    case CHART_SPARK:
        return 70;
    case CHART_DIST:
        return MINI_TOP + (double)dist_rows(data) * (MINI_ROW + 1.5) + MINI_AXIS;
    }
    return 0;
}

size_t chart_bars_fit(double height)
{
    double rows = (height - LEGEND_H - 4 - AXIS_H - 2) / ROW;
    return rows < 1 ? 1 : (size_t)rows;
}

/* Draws the chart's graphics on cr and collects its text (c->texts);
 * c->oom tells whether memory ran out on the way. */
static void draw(chart_ctx *c, cairo_t *cr, chart_kind kind, const void *data, double w, double h)
{
    drop_texts(c);
    c->oom = 0;
    c->graph_x = 0;
    /* unhinted metrics: the widths cairo measures are the font's own, the
     * same libharu uses for the text it sets over a raster */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    switch (kind) {
    case CHART_BARS:
        draw_bars(c, cr, data, w, h);
        break;
    case CHART_DEV:
        draw_dev(c, cr, data, w, h);
        break;
    case CHART_PROFILE:
        draw_profile(c, cr, data, w, h);
        break;
    case CHART_MINIBARS:
        draw_minibars(c, cr, data, w);
        break;
    case CHART_SPARK:
        draw_spark(c, cr, data, w, h);
        break;
    case CHART_DIST:
        draw_dist(c, cr, data, w);
        break;
    }
}

/* A white-cleared RGB24 surface of w x h pixels on memory kept in c:
 * fresh memory for every chart would be page-faulted and zeroed by the
 * kernel first. */
static cairo_surface_t *raster_surface(chart_ctx *c, int w, int h)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    if (stride <= 0 || h <= 0)
        return NULL;
    size_t need = (size_t)stride * (size_t)h;
    if (need > c->pixels_size) {
        free(c->pixels);
        c->pixels = malloc(need);
        c->pixels_size = c->pixels ? need : 0;
        if (!c->pixels)
            return NULL;
    }
    cairo_surface_t *s =
        cairo_image_surface_create_for_data(c->pixels, CAIRO_FORMAT_RGB24, w, h, stride);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}

int chart_render(chart_ctx *c, chart_kind kind, const void *data, double width, double height,
                 chart_image *img)
{
    double t0 = now(), scale = c->dpi / 72.0;
    memset(img, 0, sizeof *img);
    int w = (int)ceil(width * scale), h = (int)ceil(height * scale);
    cairo_surface_t *s = raster_surface(c, w, h);
    int rc = -1;
    if (s) {
        cairo_t *cr = cairo_create(s);
        cairo_scale(cr, scale, scale);
        draw(c, cr, kind, data, width, height);
        cairo_destroy(cr);
        cairo_surface_flush(s);
        const uint32_t *px = (const uint32_t *)(const void *)cairo_image_surface_get_data(s);
        size_t stride = (size_t)cairo_image_surface_get_stride(s);
        /* only the graphics go into the raster, on whole pixels */
        int skip = c->graph_x > 0 ? (int)floor(c->graph_x * scale) : 0;
        if (skip >= w)
            skip = 0;
        img->w = w - skip;
        img->h = h;
        img->x = skip / scale;
        img->width = img->w / scale;
        if (!c->oom && zpix_encode(px + skip, stride, img->w, h, &img->z, &img->zlen) == 0)
            rc = 0;
        cairo_surface_destroy(s);
    }
    if (rc == 0) {
        img->texts = c->texts;
        img->ntexts = c->ntexts;
    }
    busy += now() - t0;
    return rc;
}

void chart_image_free(chart_ctx *c, chart_image *img)
{
    free(img->z);
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
    for (size_t i = 0; i < b->n; i++) {
        const chart_item *it = &b->items[i];
        sbuf_addf(out, "%s%s ", i ? "; " : " ", b->spoken ? b->spoken[i] : it->label);
        if (it->has_value)
            say_number(out, it->value, b->decimals);
        else
            sbuf_adds(out, "kein Wert");
        if (it->flag && *it->flag)
            sbuf_addf(out, " %s", it->flag);
    }
    sbuf_adds(out, b->n ? "." : "");
    if (b->has_gesamt) {
        sbuf_adds(out, " Gesamtwert ");
        say_number(out, b->gesamt, b->decimals);
        sbuf_adds(out, ";");
    }
    if (b->has_mean) {
        sbuf_adds(out, " Mittelwert ");
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
            sbuf_adds(out, "kein Wert");
    }
    sbuf_adds(out, ".");
}

static void describe_dev(const chart_dev *v, sbuf *out)
{
    describe_series(v, "Gesamtwert", v->gesamt, out);
    describe_series(v, "Mittelwert", v->mean, out);
    sbuf_adds(out, " Spanne von Minimum bis Maximum:");
    for (size_t y = 0; y < v->n; y++) {
        sbuf_addf(out, "%s %d ", y ? ";" : "", v->years[y]);
        if (!v->has[y]) {
            sbuf_adds(out, "kein Wert");
            continue;
        }
        say_number(out, v->min[y], v->decimals);
        sbuf_adds(out, " bis ");
        say_number(out, v->max[y], v->decimals);
    }
    sbuf_adds(out, ".");
}

static void describe_dist(const chart_dist *d, sbuf *out)
{
    static const char *const name[] = {"Minimum",        "unteres Quartil", "Median",
                                       "oberes Quartil", "Maximum",         "Mittelwert"};
    const double v[] = {d->min, d->q1, d->median, d->q3, d->max, d->mean};
    sbuf_addf(out, " %zu Teilnehmende mit Wert", d->n);
    for (size_t i = 0; d->n && i < sizeof v / sizeof *v; i++) {
        sbuf_addf(out, "; %s ", name[i]);
        say_number(out, v[i], d->decimals);
    }
    if (d->has_gesamt) {
        sbuf_adds(out, "; Gesamtwert ");
        say_number(out, d->gesamt, d->decimals);
    }
    sbuf_adds(out, ".");
    for (size_t i = 0; i < d->nrings; i++) {
        sbuf_addf(out, "%s%s ", i ? "; " : " Gesamtwerte der Vergleichsringe: ", d->ring_labels[i]);
        if (!d->ring_has[i]) {
            sbuf_adds(out, "kein Wert");
            continue;
        }
        say_number(out, d->ring_gesamt[i], d->decimals);
        sbuf_adds(out, " (Spanne ");
        say_number(out, d->ring_min[i], d->decimals);
        sbuf_adds(out, " bis ");
        say_number(out, d->ring_max[i], d->decimals);
        sbuf_adds(out, ")");
    }
    sbuf_adds(out, d->nrings ? "." : "");
}

static void describe_profile(const chart_profile *p, sbuf *out)
{
    for (size_t k = 0; k < p->n; k++) {
        sbuf_addf(out, "%s%s ", k ? "; " : " ", p->labels[k]);
        if (p->has[k])
            say_number(out, p->index[k], 0);
        else
            sbuf_adds(out, "kein Wert");
    }
    sbuf_adds(out, p->n ? "." : "");
}

void chart_describe(chart_kind kind, const void *data, const char *head, sbuf *out)
{
    static const char *const what[] = {"Balkendiagramm", "Liniendiagramm", "Profildiagramm",
                                       "Balkendiagramm", "Liniendiagramm", "Verteilungsdiagramm"};
    sbuf_addf(out, "%s: %s.", what[kind], head);
    if (kind == CHART_BARS || kind == CHART_MINIBARS)
        describe_bars(data, out);
    else if (kind == CHART_DEV)
        describe_dev(data, out);
    else if (kind == CHART_SPARK)
        describe_series(data, "Gesamtwert", ((const chart_dev *)data)->gesamt, out);
    else if (kind == CHART_DIST)
        describe_dist(data, out);
    else
        describe_profile(data, out);
}

int chart_svg(chart_ctx *c, chart_kind kind, const void *data, double width, double height,
              const char *title, const char *desc, FILE *fp)
{
    membuf m = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_membuf, &m, width, height);
    cairo_t *cr = cairo_create(s);
    draw(c, cr, kind, data, width, height);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int rc = !c->oom && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_surface_destroy(s);
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
