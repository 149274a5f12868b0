/* canvas.c - cairo's drawing calls, forwarded to cairo or recorded as
 * path operations for the PDF (see canvas.h). */
#include "canvas.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STACK_MAX 16

/* What cairo keeps in its graphics state and a chart uses. */
typedef struct {
    double rgb[3];
    double width;
    double dash[CV_DASH_MAX], offset;
    int ndash;
    int cap, join;
} cv_state;

/* the state operations, indices into canvas.last */
#define STATE_KINDS (CV_OP_LINE_JOIN + 1)

struct canvas {
    cairo_t *cr;
    int record; /* 1: the recorder, 0: cairo draws */
    cv_state st, stack[STACK_MAX];
    int depth;
    int failed;
    /* the recorder: the operations, the path being built (written out by
     * the fill or stroke that uses it), the current point and the start
     * of its subpath, the state last written per kind */
    cv_op *ops, *path;
    size_t nops, ops_cap, npath, path_cap;
    int has_point;
    double px, py, sx, sy;
    cv_op last[STATE_KINDS];
    uint8_t has_last[STATE_KINDS];
    double w, h;
};

static const cv_state initial = {{0, 0, 0}, 2.0, {0}, 0, 0, CV_LINE_CAP_BUTT, CV_LINE_JOIN_MITER};

static canvas *cv_new(cairo_t *cr, int record)
{
    canvas *cv = calloc(1, sizeof *cv);
    if (!cv)
        return NULL;
    cv->cr = cr;
    cv->record = record;
    cv->st = initial;
    return cv;
}

canvas *cv_cairo_new(struct _cairo *cr)
{
    return cv_new(cr, 0);
}

canvas *cv_recorder_new(struct _cairo *cr)
{
    return cv_new(cr, 1);
}

void cv_free(canvas *cv)
{
    if (!cv)
        return;
    free(cv->ops);
    free(cv->path);
    free(cv);
}

void cv_reset(canvas *cv, double width, double height)
{
    cv->st = initial;
    cv->depth = 0;
    cv->failed = 0;
    cv->nops = cv->npath = 0;
    cv->has_point = 0;
    memset(cv->has_last, 0, sizeof cv->has_last);
    cv->w = width;
    cv->h = height;
}

const cv_op *cv_ops(const canvas *cv, size_t *n)
{
    *n = cv->record ? cv->nops : 0;
    return cv->record ? cv->ops : NULL;
}

int cv_failed(const canvas *cv)
{
    return cv->failed;
}

/* ---- the recorder --------------------------------------------------------- */

static cv_op *push(canvas *cv, cv_op **list, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 256;
        cv_op *p = realloc(*list, c * sizeof *p);
        if (!p) {
            cv->failed = 1;
            return NULL;
        }
        *list = p;
        *cap = c;
    }
    cv_op *o = &(*list)[(*n)++];
    memset(o, 0, sizeof *o);
    return o;
}

static void put(canvas *cv, cv_op_kind kind, int n, const double *v)
{
    cv_op *o = push(cv, &cv->ops, &cv->nops, &cv->ops_cap);
    if (!o)
        return;
    o->kind = (uint8_t)kind;
    for (int i = 0; i < n; i++)
        o->v[i] = (float)v[i];
}

static void path_op(canvas *cv, cv_op_kind kind, int n, const double *v)
{
    cv_op *o = push(cv, &cv->path, &cv->npath, &cv->path_cap);
    if (!o)
        return;
    o->kind = (uint8_t)kind;
    for (int i = 0; i < n; i++)
        o->v[i] = (float)v[i];
}

static int same_op(const cv_op *a, const cv_op *b)
{
    if (a->kind != b->kind || a->n != b->n)
        return 0;
    for (int i = 0; i < 6; i++)
        if (a->v[i] != b->v[i])
            return 0;
    return 1;
}

/* A state operation, unless the same one was written last. */
static void state(canvas *cv, cv_op_kind kind, int n, const double *v, int count)
{
    cv_op o;
    memset(&o, 0, sizeof o);
    o.kind = (uint8_t)kind;
    o.n = (uint8_t)count;
    for (int i = 0; i < n; i++)
        o.v[i] = (float)v[i];
    if (cv->has_last[kind] && same_op(&cv->last[kind], &o))
        return;
    cv_op *p = push(cv, &cv->ops, &cv->nops, &cv->ops_cap);
    if (!p)
        return;
    *p = o;
    cv->last[kind] = o;
    cv->has_last[kind] = 1;
}

static void stroke_state(canvas *cv)
{
    const cv_state *s = &cv->st;
    state(cv, CV_OP_STROKE_RGB, 3, s->rgb, 0);
    state(cv, CV_OP_LINE_WIDTH, 1, &s->width, 0);
    double dash[6] = {0};
    memcpy(dash, s->dash, sizeof s->dash);
    dash[CV_DASH_MAX] = s->offset;
    state(cv, CV_OP_DASH, 6, dash, s->ndash);
    double cap = s->cap, join = s->join;
    state(cv, CV_OP_LINE_CAP, 1, &cap, 0);
    state(cv, CV_OP_LINE_JOIN, 1, &join, 0);
}

/* The path, then the fill or stroke that paints it. */
static void paint_path(canvas *cv, cv_op_kind how, int keep)
{
    if (cv->npath) {
        if (how == CV_OP_FILL)
            state(cv, CV_OP_FILL_RGB, 3, cv->st.rgb, 0);
        else
            stroke_state(cv);
        for (size_t i = 0; i < cv->npath; i++) {
            cv_op *o = push(cv, &cv->ops, &cv->nops, &cv->ops_cap);
            if (o)
                *o = cv->path[i];
        }
        put(cv, how, 0, NULL);
    }
    if (!keep) {
        cv->npath = 0;
        cv->has_point = 0;
    }
}

static void rec_move_to(canvas *cv, double x, double y)
{
    const double v[] = {x, y};
    path_op(cv, CV_OP_MOVE_TO, 2, v);
    cv->px = cv->sx = x;
    cv->py = cv->sy = y;
    cv->has_point = 1;
}

static void rec_line_to(canvas *cv, double x, double y)
{
    if (!cv->has_point) {
        rec_move_to(cv, x, y);
        return;
    }
    const double v[] = {x, y};
    path_op(cv, CV_OP_LINE_TO, 2, v);
    cv->px = x;
    cv->py = y;
}

static void rec_curve_to(canvas *cv, const double v[6])
{
    if (!cv->has_point)
        rec_move_to(cv, v[0], v[1]);
    path_op(cv, CV_OP_CURVE_TO, 6, v);
    cv->px = v[4];
    cv->py = v[5];
}

/* cairo's arc: angles normalised as cairo does, then one Bézier curve per
 * quarter turn or less (control points at 4/3 tan(angle/4) of the radius
 * along the tangents). */
static void rec_arc(canvas *cv, double xc, double yc, double r, double a1, double a2)
{
    if (!(r > 0)) {
        rec_line_to(cv, xc, yc);
        return;
    }
    while (a2 < a1)
        a2 += 2 * M_PI;
    while (a2 - a1 > 4 * M_PI)
        a2 -= 2 * M_PI;
    double x = xc + r * cos(a1), y = yc + r * sin(a1);
    if (cv->has_point)
        rec_line_to(cv, x, y);
    else
        rec_move_to(cv, x, y);
    int n = (int)ceil((a2 - a1) / (M_PI / 2) - 1e-9);
    for (int i = 0; i < n; i++) {
        double t0 = a1 + (a2 - a1) * i / n, t1 = a1 + (a2 - a1) * (i + 1) / n;
        double k = 4.0 / 3.0 * tan((t1 - t0) / 4) * r;
        double x0 = xc + r * cos(t0), y0 = yc + r * sin(t0);
        double x3 = xc + r * cos(t1), y3 = yc + r * sin(t1);
        const double v[6] = {
            x0 - k * sin(t0), y0 + k * cos(t0), x3 + k * sin(t1), y3 - k * cos(t1), x3, y3};
        rec_curve_to(cv, v);
    }
}

/* ---- the calls ---------------------------------------------------------------- */

void cv_save(canvas *cv)
{
    if (!cv->record)
        cairo_save(cv->cr);
    if (cv->depth == STACK_MAX) {
        cv->failed = 1;
        return;
    }
    cv->stack[cv->depth++] = cv->st;
}

void cv_restore(canvas *cv)
{
    if (!cv->record)
        cairo_restore(cv->cr);
    if (cv->depth == 0) {
        cv->failed = 1;
        return;
    }
    cv->st = cv->stack[--cv->depth];
}

void cv_set_source_rgb(canvas *cv, double r, double g, double b)
{
    cv->st.rgb[0] = r;
    cv->st.rgb[1] = g;
    cv->st.rgb[2] = b;
    if (!cv->record)
        cairo_set_source_rgb(cv->cr, r, g, b);
}

void cv_get_source_rgb(const canvas *cv, double *r, double *g, double *b)
{
    *r = cv->st.rgb[0];
    *g = cv->st.rgb[1];
    *b = cv->st.rgb[2];
}

void cv_set_line_width(canvas *cv, double width)
{
    cv->st.width = width;
    if (!cv->record)
        cairo_set_line_width(cv->cr, width);
}

void cv_set_dash(canvas *cv, const double *dashes, int n, double offset)
{
    if (!dashes || n < 0)
        n = 0;
    if (n > CV_DASH_MAX) {
        cv->failed = 1;
        n = CV_DASH_MAX;
    }
    for (int i = 0; i < n; i++)
        cv->st.dash[i] = dashes[i];
    cv->st.ndash = n;
    cv->st.offset = n ? offset : 0;
    if (!cv->record)
        cairo_set_dash(cv->cr, dashes, n, offset);
}

void cv_set_line_cap(canvas *cv, int cap)
{
    cv->st.cap = cap;
    if (!cv->record)
        cairo_set_line_cap(cv->cr, (cairo_line_cap_t)cap);
}

void cv_set_line_join(canvas *cv, int join)
{
    cv->st.join = join;
    if (!cv->record)
        cairo_set_line_join(cv->cr, (cairo_line_join_t)join);
}

void cv_move_to(canvas *cv, double x, double y)
{
    if (cv->record)
        rec_move_to(cv, x, y);
    else
        cairo_move_to(cv->cr, x, y);
}

void cv_line_to(canvas *cv, double x, double y)
{
    if (cv->record)
        rec_line_to(cv, x, y);
    else
        cairo_line_to(cv->cr, x, y);
}

void cv_curve_to(canvas *cv, double x1, double y1, double x2, double y2, double x3, double y3)
{
    const double v[6] = {x1, y1, x2, y2, x3, y3};
    if (cv->record)
        rec_curve_to(cv, v);
    else
        cairo_curve_to(cv->cr, x1, y1, x2, y2, x3, y3);
}

void cv_rectangle(canvas *cv, double x, double y, double width, double height)
{
    if (!cv->record) {
        cairo_rectangle(cv->cr, x, y, width, height);
        return;
    }
    const double v[] = {x, y, width, height};
    path_op(cv, CV_OP_RECTANGLE, 4, v);
    cv->px = cv->sx = x; /* cairo: a closed subpath from and back to x, y */
    cv->py = cv->sy = y;
    cv->has_point = 1;
}

void cv_arc(canvas *cv, double xc, double yc, double radius, double a1, double a2)
{
    if (cv->record)
        rec_arc(cv, xc, yc, radius, a1, a2);
    else
        cairo_arc(cv->cr, xc, yc, radius, a1, a2);
}

void cv_close_path(canvas *cv)
{
    if (!cv->record) {
        cairo_close_path(cv->cr);
        return;
    }
    if (!cv->has_point)
        return;
    path_op(cv, CV_OP_CLOSE_PATH, 0, NULL);
    cv->px = cv->sx;
    cv->py = cv->sy;
}

void cv_fill(canvas *cv)
{
    if (cv->record)
        paint_path(cv, CV_OP_FILL, 0);
    else
        cairo_fill(cv->cr);
}

void cv_fill_preserve(canvas *cv)
{
    if (cv->record)
        paint_path(cv, CV_OP_FILL, 1);
    else
        cairo_fill_preserve(cv->cr);
}

void cv_stroke(canvas *cv)
{
    if (cv->record)
        paint_path(cv, CV_OP_STROKE, 0);
    else
        cairo_stroke(cv->cr);
}

void cv_stroke_preserve(canvas *cv)
{
    if (cv->record)
        paint_path(cv, CV_OP_STROKE, 1);
    else
        cairo_stroke_preserve(cv->cr);
}

void cv_paint(canvas *cv)
{
    if (!cv->record) {
        cairo_paint(cv->cr);
        return;
    }
    const double *c = cv->st.rgb;
    if (c[0] >= 1 && c[1] >= 1 && c[2] >= 1)
        return; /* the page is white already */
    const double v[] = {0, 0, cv->w, cv->h};
    state(cv, CV_OP_FILL_RGB, 3, c, 0);
    put(cv, CV_OP_RECTANGLE, 4, v);
    put(cv, CV_OP_FILL, 0, NULL);
}

void cv_set_font_face(canvas *cv, void *cairo_font_face)
{
    cairo_set_font_face(cv->cr, cairo_font_face);
}

void cv_set_font_size(canvas *cv, double size)
{
    cairo_set_font_size(cv->cr, size);
}

double cv_text_advance(canvas *cv, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cv->cr, s, &e);
    return e.x_advance;
}
