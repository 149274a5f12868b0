/* Unit tests for the canvas (canvas.h): what the recorder writes, and that
 * the recorded operations, replayed on cairo, paint the same pixels as the
 * same calls made on cairo directly. */
#include "testutil.h"

#include "canvas.h"

#include <cairo-ft.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>

typedef struct {
    cairo_surface_t *s;
    cairo_t *cr;
    canvas *cv;
} cv_fixture;

static int cv_setup(void **state)
{
    cv_fixture *f = calloc(1, sizeof *f);
    f->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    f->cr = cairo_create(f->s);
    f->cv = cv_recorder_new(f->cr);
    if (!f->cv)
        return -1;
    cv_reset(f->cv, 100, 50);
    *state = f;
    return 0;
}

static int cv_teardown(void **state)
{
    cv_fixture *f = *state;
    cv_free(f->cv);
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->s);
    free(f);
    return 0;
}

/* The kinds of the recorded operations, as a string of letters. */
static const char *kinds(const canvas *cv)
{
    static char buf[512];
    static const char letter[] = "cCwdJjmlvrhFS";
    size_t n;
    const cv_op *ops = cv_ops(cv, &n);
    assert_true(n < sizeof buf);
    for (size_t i = 0; i < n; i++)
        buf[i] = letter[ops[i].kind];
    buf[n] = 0;
    return buf;
}

static const cv_op *op_at(const canvas *cv, size_t i)
{
    size_t n;
    const cv_op *ops = cv_ops(cv, &n);
    assert_true(i < n);
    return &ops[i];
}

static void test_fill_colour_is_written_once(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    cv_set_source_rgb(cv, 0.2, 0.4, 0.6);
    cv_rectangle(cv, 1, 2, 3, 4);
    cv_fill(cv);
    cv_set_source_rgb(cv, 0.2, 0.4, 0.6);
    cv_rectangle(cv, 5, 6, 7, -8);
    cv_fill(cv);
    assert_string_equal(kinds(cv), "crFrF");
    const cv_op *c = op_at(cv, 0), *r = op_at(cv, 3);
    assert_float_equal(c->v[1], 0.4, 1e-6);
    assert_float_equal(r->v[0], 5, 0);
    assert_float_equal(r->v[3], -8, 0);
    assert_false(cv_failed(cv));
}

static void test_stroke_state_is_written_before_its_path_and_only_when_changed(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    cv_move_to(cv, 0, 0);
    cv_line_to(cv, 10, 0);
    cv_set_source_rgb(cv, 1, 0, 0); /* cairo: the source at the time of the stroke */
    cv_stroke(cv);
    assert_string_equal(kinds(cv), "CwdJjmlS");
    assert_float_equal(op_at(cv, 0)->v[0], 1, 0);
    assert_float_equal(op_at(cv, 1)->v[0], 2, 0); /* cairo's default width */
    assert_int_equal(op_at(cv, 2)->n, 0);         /* solid */
    cv_set_line_width(cv, 0.4);
    double dash[] = {1.5, 1.5};
    cv_set_dash(cv, dash, 2, 0.5);
    cv_move_to(cv, 0, 5);
    cv_line_to(cv, 10, 5);
    cv_stroke(cv);
    assert_string_equal(kinds(cv), "CwdJjmlSwdmlS");
    const cv_op *d = op_at(cv, 9);
    assert_int_equal(d->n, 2);
    assert_float_equal(d->v[0], 1.5, 0);
    assert_float_equal(d->v[CV_DASH_MAX], 0.5, 0);
    cv_set_dash(cv, NULL, 0, 0);
    cv_rectangle(cv, 0, 0, 1, 1);
    cv_stroke(cv);
    assert_string_equal(kinds(cv), "CwdJjmlSwdmlSdrS");
}

static void test_empty_paths_and_white_paint_record_nothing(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    cv_fill(cv);
    cv_stroke(cv);
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_paint(cv);
    assert_string_equal(kinds(cv), "");
    cv_set_source_rgb(cv, 0.5, 0.5, 0.5);
    cv_paint(cv);
    assert_string_equal(kinds(cv), "crF");
    const cv_op *r = op_at(cv, 1);
    assert_float_equal(r->v[2], 100, 0);
    assert_float_equal(r->v[3], 50, 0);
}

static void test_preserve_keeps_the_path(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    cv_rectangle(cv, 0, 0, 4, 4);
    cv_fill_preserve(cv);
    cv_stroke(cv);
    cv_stroke(cv);
    assert_string_equal(kinds(cv), "crFCwdJjrS");
}

static void test_save_restore_brings_back_the_state(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    cv_set_source_rgb(cv, 0, 0, 1);
    cv_save(cv);
    cv_set_source_rgb(cv, 1, 0, 0);
    cv_set_line_width(cv, 7);
    cv_restore(cv);
    double r, g, b;
    cv_get_source_rgb(cv, &r, &g, &b);
    assert_float_equal(r, 0, 0);
    assert_float_equal(b, 1, 0);
    cv_move_to(cv, 0, 0);
    cv_line_to(cv, 1, 1);
    cv_stroke(cv);
    assert_float_equal(op_at(cv, 1)->v[0], 2, 0);
    assert_false(cv_failed(cv));
    cv_restore(cv); /* one restore too many */
    assert_true(cv_failed(cv));
    cv_reset(cv, 10, 10);
    assert_false(cv_failed(cv));
    assert_string_equal(kinds(cv), "");
}

static void test_too_long_dash_fails(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    double dash[CV_DASH_MAX + 1] = {1, 2, 3, 4, 5};
    cv_set_dash(cv, dash, CV_DASH_MAX + 1, 0);
    assert_true(cv_failed(cv));
}

static void test_arc_is_four_quarters_on_the_circle(void **state)
{
    canvas *cv = ((cv_fixture *)*state)->cv;
    cv_arc(cv, 10, 20, 3, 0, 2 * M_PI);
    cv_fill(cv);
    assert_string_equal(kinds(cv), "cmvvvvF");
    const cv_op *m = op_at(cv, 1);
    assert_float_equal(m->v[0], 13, 1e-5);
    assert_float_equal(m->v[1], 20, 1e-5);
    double k = 4.0 / 3.0 * tan(M_PI / 8) * 3;
    const cv_op *q = op_at(cv, 2); /* first quarter: towards +y */
    assert_float_equal(q->v[0], 13, 1e-5);
    assert_float_equal(q->v[1], 20 + k, 1e-5);
    assert_float_equal(q->v[4], 10, 1e-5);
    assert_float_equal(q->v[5], 23, 1e-5);
    /* with a current point the arc starts with a line to it, as in cairo */
    cv_move_to(cv, 0, 0);
    cv_arc(cv, 10, 20, 3, M_PI, M_PI / 2); /* a2 < a1: a2 + 2 pi */
    cv_stroke(cv);
    assert_string_equal(kinds(cv), "cmvvvvFCwdJjmlvvvS");
}

/* The recorded operations drawn on cairo, the way pdfdoc draws them as
 * PDF operators. */
static void replay(cairo_t *cr, const canvas *cv)
{
    size_t n;
    const cv_op *ops = cv_ops(cv, &n);
    double fill[3] = {0, 0, 0}, stroke[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const cv_op *o = &ops[i];
        const float *v = o->v;
        double dash[CV_DASH_MAX];
        switch ((cv_op_kind)o->kind) {
        case CV_OP_FILL_RGB:
            fill[0] = v[0], fill[1] = v[1], fill[2] = v[2];
            break;
        case CV_OP_STROKE_RGB:
            stroke[0] = v[0], stroke[1] = v[1], stroke[2] = v[2];
            break;
        case CV_OP_LINE_WIDTH:
            cairo_set_line_width(cr, v[0]);
            break;
        case CV_OP_DASH:
            for (int k = 0; k < o->n; k++)
                dash[k] = v[k];
            cairo_set_dash(cr, dash, o->n, v[CV_DASH_MAX]);
            break;
        case CV_OP_LINE_CAP:
            cairo_set_line_cap(cr, (cairo_line_cap_t)v[0]);
            break;
        case CV_OP_LINE_JOIN:
            cairo_set_line_join(cr, (cairo_line_join_t)v[0]);
            break;
        case CV_OP_MOVE_TO:
            cairo_move_to(cr, v[0], v[1]);
            break;
        case CV_OP_LINE_TO:
            cairo_line_to(cr, v[0], v[1]);
            break;
        case CV_OP_CURVE_TO:
            cairo_curve_to(cr, v[0], v[1], v[2], v[3], v[4], v[5]);
            break;
        case CV_OP_RECTANGLE:
            cairo_rectangle(cr, v[0], v[1], v[2], v[3]);
            break;
        case CV_OP_CLOSE_PATH:
            cairo_close_path(cr);
            break;
        case CV_OP_FILL:
            cairo_set_source_rgb(cr, fill[0], fill[1], fill[2]);
            cairo_fill(cr);
            break;
        case CV_OP_STROKE:
            cairo_set_source_rgb(cr, stroke[0], stroke[1], stroke[2]);
            cairo_stroke(cr);
            break;
        }
    }
}

/* A bit of everything a chart does; arcs only when asked. */
static void picture(canvas *cv, int arcs)
{
    cv_set_source_rgb(cv, 1, 1, 1);
    cv_paint(cv);
    cv_save(cv);
    cv_set_source_rgb(cv, 0.17, 0.36, 0.54);
    cv_rectangle(cv, 5, 5, 40, 8);
    cv_fill(cv);
    cv_rectangle(cv, 60, 30, -20, -6); /* negative sizes */
    cv_fill(cv);
    cv_restore(cv);
    cv_set_source_rgb(cv, 0.83, 0.37, 0);
    cv_set_line_width(cv, 1.2);
    double dash[] = {3, 2};
    cv_set_dash(cv, dash, 2, 0);
    cv_move_to(cv, 5, 40);
    cv_line_to(cv, 90, 20);
    cv_stroke(cv);
    cv_set_dash(cv, NULL, 0, 0);
    cv_move_to(cv, 70, 5);
    cv_line_to(cv, 90, 5);
    cv_line_to(cv, 80, 15);
    cv_close_path(cv);
    cv_set_source_rgb(cv, 0.8, 0.85, 0.9);
    cv_fill_preserve(cv);
    cv_set_source_rgb(cv, 0.3, 0.3, 0.3);
    cv_set_line_width(cv, 0.6);
    cv_stroke(cv);
    if (!arcs)
        return;
    cv_arc(cv, 20, 35, 4, 0, 2 * M_PI);
    cv_fill(cv);
    cv_set_line_cap(cv, CV_LINE_CAP_ROUND);
    cv_set_line_width(cv, 3);
    cv_arc(cv, 50, 40, 6, M_PI / 4, M_PI * 1.3);
    cv_stroke(cv);
}

/* The picture drawn directly and recorded then replayed: how many bytes
 * differ by more than 2, and by how much at most. */
static void compare(canvas *rec, int arcs, int *worst, int *off)
{
    const int w = 400, h = 200;
    cairo_surface_t *a = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_surface_t *b = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *ca = cairo_create(a), *cb = cairo_create(b);
    cairo_scale(ca, 4, 4);
    cairo_scale(cb, 4, 4);
    canvas *direct = cv_cairo_new(ca);
    assert_non_null(direct);
    picture(direct, arcs);
    cv_free(direct);
    cairo_set_source_rgb(cb, 1, 1, 1); /* the recorder's ground: the white page */
    cairo_paint(cb);
    picture(rec, arcs);
    assert_false(cv_failed(rec));
    replay(cb, rec);
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    const unsigned char *pa = cairo_image_surface_get_data(a),
                        *pb = cairo_image_surface_get_data(b);
    int stride = cairo_image_surface_get_stride(a), painted = 0;
    *worst = *off = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w * 4; x++) {
            int d = abs(pa[y * stride + x] - pb[y * stride + x]);
            *worst = d > *worst ? d : *worst;
            *off += d > 2;
            painted += pa[y * stride + x] != 0xFF;
        }
    assert_true(painted > 20000); /* the picture is there */
    cairo_destroy(ca);
    cairo_destroy(cb);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

static void test_recorded_picture_paints_what_cairo_paints(void **state)
{
    int worst, off;
    compare(((cv_fixture *)*state)->cv, 0, &worst, &off);
    assert_int_equal(worst, 0);
}

/* cairo splits a small arc into fewer Bézier pieces than quarter turns:
 * the edges of arcs differ in their antialiasing (measured: 300 of 36,000
 * painted bytes, by at most 17 of 255), nothing else. */
static void test_recorded_arcs_paint_what_cairo_paints_within_antialiasing(void **state)
{
    int worst, off;
    compare(((cv_fixture *)*state)->cv, 1, &worst, &off);
    assert_true(worst <= 32);
    assert_true(off <= 600);
}

static void test_cairo_backend_records_nothing_and_measures_text(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(s);
    canvas *cv = cv_cairo_new(cr);
    assert_non_null(cv);
    /* a face from the file, as chart.c loads them (cairo's toy face would
     * go through fontconfig, which keeps memory to the end) */
    FT_Library ft;
    FT_Face face;
    assert_int_equal(FT_Init_FreeType(&ft), 0);
    assert_int_equal(
        FT_New_Face(ft, "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0, &face), 0);
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, 0);
    cv_set_font_face(cv, cf);
    cv_rectangle(cv, 0, 0, 1, 1);
    cv_fill(cv);
    size_t n = 1;
    assert_null(cv_ops(cv, &n));
    assert_int_equal(n, 0);
    cv_set_font_size(cv, 10);
    double one = cv_text_advance(cv, "x"), two = cv_text_advance(cv, "xx");
    assert_true(one > 0);
    assert_float_equal(two, 2 * one, 1e-9);
    cv_free(cv);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    cairo_font_face_destroy(cf);
    cairo_debug_reset_static_data(); /* before the face it caches goes */
    FT_Done_Face(face);
    FT_Done_FreeType(ft);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fill_colour_is_written_once, cv_setup, cv_teardown),
        cmocka_unit_test_setup_teardown(
            test_stroke_state_is_written_before_its_path_and_only_when_changed, cv_setup,
            cv_teardown),
        cmocka_unit_test_setup_teardown(test_empty_paths_and_white_paint_record_nothing, cv_setup,
                                        cv_teardown),
        cmocka_unit_test_setup_teardown(test_preserve_keeps_the_path, cv_setup, cv_teardown),
        cmocka_unit_test_setup_teardown(test_save_restore_brings_back_the_state, cv_setup,
                                        cv_teardown),
        cmocka_unit_test_setup_teardown(test_too_long_dash_fails, cv_setup, cv_teardown),
        cmocka_unit_test_setup_teardown(test_arc_is_four_quarters_on_the_circle, cv_setup,
                                        cv_teardown),
        cmocka_unit_test_setup_teardown(test_recorded_picture_paints_what_cairo_paints, cv_setup,
                                        cv_teardown),
        cmocka_unit_test_setup_teardown(
            test_recorded_arcs_paint_what_cairo_paints_within_antialiasing, cv_setup, cv_teardown),
        cmocka_unit_test_setup_teardown(test_cairo_backend_records_nothing_and_measures_text,
                                        cv_setup, cv_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
