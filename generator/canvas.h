/* canvas.h - the small drawing interface the charts are drawn through,
 * with two backends behind one code path:
 *
 *   cairo     every call goes to a cairo context (the SVG copies);
 *   recorder  the graphics become a compact list of path operations
 *             (cv_op) that the PDF module replays as PDF path operators,
 *             so that the PDF's charts are vector graphics.
 *
 * The calls are cairo's, renamed: cairo_move_to(cr, x, y) is
 * cv_move_to(cv, x, y), with the same arguments and the same meaning
 * (user space in points, y downwards, one source colour for fill and
 * stroke, the path kept across save/restore and cleared by fill/stroke).
 * Text is not drawn by a canvas: it is measured (cv_set_font_face,
 * cv_set_font_size, cv_text_advance on the cairo context in both
 * backends) and its colour read back (cv_get_source_rgb) for the caller
 * to hand the text over itself (chart.h, chart_text).
 *
 * The recorder writes state changes (colours, line width, dash, cap,
 * join) only right before a fill or stroke that needs them and only when
 * they differ from what it last wrote, so the list is already free of
 * redundant state and of save/restore pairs; a fill or stroke of an empty
 * path records nothing. Its ground is the white page: painting white
 * records nothing. */
#ifndef KV_CANVAS_H
#define KV_CANVAS_H

#include <stddef.h>
#include <stdint.h>

struct _cairo; /* cairo_t */

typedef struct canvas canvas;

/* What a recorded operation does; its operands in cv_op.v, in points
 * (user space: x to the right, y downwards from the chart's top left). */
typedef enum {
    CV_OP_FILL_RGB,   /* v[0..2]: the fill colour, 0..1 */
    CV_OP_STROKE_RGB, /* v[0..2]: the stroke colour, 0..1 */
    CV_OP_LINE_WIDTH, /* v[0] */
    CV_OP_DASH,       /* n lengths in v[0..n-1], the offset in v[CV_DASH_MAX]; n 0: solid */
    CV_OP_LINE_CAP,   /* v[0]: CV_LINE_CAP_* */
    CV_OP_LINE_JOIN,  /* v[0]: CV_LINE_JOIN_* */
    CV_OP_MOVE_TO,    /* v[0], v[1] */
    CV_OP_LINE_TO,    /* v[0], v[1] */
    CV_OP_CURVE_TO,   /* v[0..5]: two control points and the end point */
    CV_OP_RECTANGLE,  /* v[0..3]: x, y, width, height (either may be negative) */
    CV_OP_CLOSE_PATH,
    CV_OP_FILL, /* nonzero winding, as cairo's default */
    CV_OP_STROKE
} cv_op_kind;

#define CV_DASH_MAX 4

typedef struct {
    uint8_t kind; /* cv_op_kind */
    uint8_t n;    /* CV_OP_DASH: number of lengths */
    float v[6];   /* the PDF's own precision (libharu's HPDF_REAL) */
} cv_op;

/* cairo's values, which are also the PDF's (0 butt/round/square, 0
 * miter/round/bevel). */
enum { CV_LINE_CAP_BUTT, CV_LINE_CAP_ROUND, CV_LINE_CAP_SQUARE };
enum { CV_LINE_JOIN_MITER, CV_LINE_JOIN_ROUND, CV_LINE_JOIN_BEVEL };

/* A canvas drawing on cr (the cairo backend). cr stays the caller's.
 * NULL when out of memory. */
canvas *cv_cairo_new(struct _cairo *cr);
/* A recorder; cr is used for measuring text only and stays the caller's
 * (a context on a tiny image surface will do). NULL when out of memory. */
canvas *cv_recorder_new(struct _cairo *cr);
void cv_free(canvas *cv);

/* Recorder: forgets what was recorded and starts again from cairo's
 * initial state (black, line width 2, solid, butt caps, miter joins) on
 * a surface of width x height points (what cv_paint covers). */
void cv_reset(canvas *cv, double width, double height);
/* Recorder: the operations so far; they belong to cv and stay valid until
 * the next cv_reset or cv_free. NULL and 0 for the cairo backend. */
const cv_op *cv_ops(const canvas *cv, size_t *n);
/* 1 when memory ran out while recording (what was lost is lost; check
 * before using cv_ops) or the state stack overflowed, else 0. */
int cv_failed(const canvas *cv);

/* ---- cairo's calls -------------------------------------------------------- */

void cv_save(canvas *cv);
void cv_restore(canvas *cv);
void cv_set_source_rgb(canvas *cv, double r, double g, double b);
void cv_get_source_rgb(const canvas *cv, double *r, double *g, double *b);
void cv_set_line_width(canvas *cv, double width);
/* dashes: NULL or n 0 for solid lines; at most CV_DASH_MAX lengths
 * (more: the recorder fails, see cv_failed). */
void cv_set_dash(canvas *cv, const double *dashes, int n, double offset);
void cv_set_line_cap(canvas *cv, int cap);
void cv_set_line_join(canvas *cv, int join);

void cv_move_to(canvas *cv, double x, double y);
void cv_line_to(canvas *cv, double x, double y);
void cv_curve_to(canvas *cv, double x1, double y1, double x2, double y2, double x3, double y3);
void cv_rectangle(canvas *cv, double x, double y, double width, double height);
/* An arc around (xc, yc) from angle a1 to a2 (radians, increasing towards
 * +y): a line to its start when there is a current point, as cairo does;
 * the recorder writes it as Bézier curves of at most 90 degrees. */
void cv_arc(canvas *cv, double xc, double yc, double radius, double a1, double a2);
void cv_close_path(canvas *cv);
void cv_fill(canvas *cv);
void cv_fill_preserve(canvas *cv);
void cv_stroke(canvas *cv);
void cv_stroke_preserve(canvas *cv);
/* The whole surface in the source colour (the recorder: see above). */
void cv_paint(canvas *cv);

/* Text measuring, on the cairo context in both backends. */
void cv_set_font_face(canvas *cv, void *cairo_font_face);
void cv_set_font_size(canvas *cv, double size);
/* The advance of s in the current font and size (cairo_text_extents'
 * x_advance). */
double cv_text_advance(canvas *cv, const char *s);

#endif
