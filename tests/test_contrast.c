/* WCAG 2.1 contrast of the charts as they are recorded for the PDF, with
 * the standard layout's colours: every filled shape a reader needs (bars,
 * markers, bands) is at least 3:1 against the white page or outlined by a
 * stroke that is (1.4.11 non-text contrast), and every text is at least
 * 4.5:1 (1.4.3). Each chart kind is drawn with flagged values, a
 * highlighted own bar, missing values, rings and series breaks. */
#include "testutil.h"

#include "chart.h"
#include "diag.h"
#include "layout.h"

#include <math.h>

static const char *const FONT_DIRS[] = {"/usr/share/fonts/truetype/noto", NULL};

static double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Contrast of an sRGB colour (0..1) against white. */
static double contrast(const float *rgb)
{
    double l = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    return 1.05 / (l + 0.05);
}

static double contrast_hex(uint32_t rgb)
{
    float v[3] = {(float)((rgb >> 16) & 255) / 255.f, (float)((rgb >> 8) & 255) / 255.f,
                  (float)(rgb & 255) / 255.f};
    return contrast(v);
}

typedef struct {
    double x0, y0, x1, y1;
    float rgb[3];
} box;

static void grow(box *b, double x, double y)
{
    b->x0 = fmin(b->x0, x);
    b->y0 = fmin(b->y0, y);
    b->x1 = fmax(b->x1, x);
    b->y1 = fmax(b->y1, y);
}

#define MAXP 20000

/* The checks on one recorded chart; what: its name for the messages. */
static void check_image(const chart_image *img, double width, const char *what)
{
    static box low[MAXP], strong[MAXP]; /* fills below 3:1; strokes of 3:1 and more */
    size_t nlow = 0, nstrong = 0;
    float fill[3] = {0, 0, 0}, stroke[3] = {0, 0, 0};
    box path = {INFINITY, INFINITY, -INFINITY, -INFINITY, {0, 0, 0}};
    for (size_t i = 0; i < img->nops; i++) {
        const cv_op *o = &img->ops[i];
        switch (o->kind) {
        case CV_OP_FILL_RGB:
            memcpy(fill, o->v, sizeof fill);
            break;
        case CV_OP_STROKE_RGB:
            memcpy(stroke, o->v, sizeof stroke);
            break;
        case CV_OP_MOVE_TO:
        case CV_OP_LINE_TO:
            grow(&path, o->v[0], o->v[1]);
            break;
        case CV_OP_CURVE_TO:
            grow(&path, o->v[4], o->v[5]);
            break;
        case CV_OP_RECTANGLE:
            grow(&path, o->v[0], o->v[1]);
            grow(&path, o->v[0] + o->v[2], o->v[1] + o->v[3]);
            break;
        case CV_OP_FILL:
            /* white: the casing behind a label, the page itself */
            if (contrast(fill) < 3 && contrast(fill) > 1.01 && nlow < MAXP) {
                memcpy(path.rgb, fill, sizeof fill);
                low[nlow++] = path;
            }
            path = (box){INFINITY, INFINITY, -INFINITY, -INFINITY, {0, 0, 0}};
            break;
        case CV_OP_STROKE:
            if (contrast(stroke) >= 3 && nstrong < MAXP)
                strong[nstrong++] = path;
            path = (box){INFINITY, INFINITY, -INFINITY, -INFINITY, {0, 0, 0}};
            break;
        default:
            break;
        }
    }
    /* a light shape counts as outlined when strong strokes along it span
     * its width: its outline, or the edges of a band */
    for (size_t i = 0; i < nlow; i++) {
        const box *f = &low[i];
        if (f->x0 <= 0.5 && f->x1 >= width - 0.5)
            continue; /* the shading of a whole row (a ring's head): decoration */
        double covered = 0;
        for (size_t k = 0; k < nstrong; k++) {
            const box *s = &strong[k];
            if (s->x1 < f->x0 - 1 || s->x0 > f->x1 + 1 || s->y1 < f->y0 - 1 || s->y0 > f->y1 + 1)
                continue;
            covered = fmax(covered, fmin(s->x1, f->x1) - fmax(s->x0, f->x0));
        }
        if (covered < 0.9 * (f->x1 - f->x0))
            fail_msg("%s: a filled shape in (%.2f %.2f %.2f) at (%.1f, %.1f)-(%.1f, %.1f) has "
                     "less than 3:1 contrast and no outline that has",
                     what, f->rgb[0], f->rgb[1], f->rgb[2], f->x0, f->y0, f->x1, f->y1);
    }
    for (size_t i = 0; i < img->ntexts; i++)
        if (contrast_hex(img->texts[i].rgb) < 4.5)
            fail_msg("%s: text \"%s\" in #%06X has %.2f:1 against white, less than 4.5:1", what,
                     img->texts[i].s, img->texts[i].rgb, contrast_hex(img->texts[i].rgb));
}

typedef struct {
    diag_list *diag;
    layout *lay;
    chart_ctx *ch;
} cfix;

static int csetup(void **state)
{
    cfix *f = calloc(1, sizeof *f);
    f->diag = diag_new(100);
    f->lay = layout_load("../layouts/standard.layout", FONT_DIRS, f->diag);
    if (!f->lay)
        tu_dump(f->diag);
    assert_non_null(f->lay);
    f->ch = chart_new(f->lay);
    assert_non_null(f->ch);
    *state = f;
    return 0;
}

static int cteardown(void **state)
{
    cfix *f = *state;
    chart_free(f->ch);
    layout_free(f->lay);
    diag_free(f->diag);
    free(f);
    return 0;
}

static void draw(cfix *f, chart_kind kind, const void *data, const char *what)
{
    double h = chart_height(kind, data, 400);
    chart_image img;
    assert_int_equal(chart_render(f->ch, kind, data, 400, h, &img), 0);
    check_image(&img, 400, what);
    chart_image_free(f->ch, &img);
}

static const chart_item ITEMS[] = {
    {"Bremen", 21.3, 1, "", "HB"}, {"Dortmund", 20.2, 1, "p", "DO"},
    {"Dresden", 0, 0, "x", "DD"},  {"Düsseldorf", -3.5, 1, "s", "D"},
    {"Essen", 18.9, 1, "", "E"},   {"Hamburg", 25.0, 1, "e", "HH"},
};
#define NITEMS (sizeof ITEMS / sizeof *ITEMS)

static void test_bars(void **state)
{
    cfix *f = *state;
    chart_group groups[] = {{"Nord", 0, 3, 20.7, 1}, {"West", 3, 3, 17.1, 1}};
    chart_bars b = {ITEMS, NITEMS, 19.1, 16.4, 1, 1, -5, 30, 1, NULL, 0, 0, NULL};
    draw(f, CHART_BARS, &b, "bars");
    b.groups = groups;
    b.ngroups = 2;
    draw(f, CHART_BARS, &b, "bars in rings");
    for (size_t own = 1; own <= NITEMS; own++) { /* a participant report's ring */
        b.own = own;
        draw(f, CHART_BARS, &b, "bars with the own one highlighted");
    }
    b.own = 0;
    draw(f, CHART_MINIBARS, &b, "mini bars");
}

static void test_lines_and_profile(void **state)
{
    cfix *f = *state;
    int years[] = {2019, 2020, 2021, 2022, 2023, 2024};
    double g[] = {10, 11, 12, 11.5, 12.5, 13}, m[] = {9, 10.5, 11, 11, 12, 12.2};
    double lo[] = {5, 6, 7, 6, 8, 9}, hi[] = {15, 16, 18, 17, 19, 20};
    uint8_t has[] = {1, 1, 1, 0, 1, 1}, brk[] = {0, 0, 1, 0, 0, 0};
    double ring[] = {10, 11, 12, 12, 13, 14, 9, 10, 11, 11, 12, 12};
    uint8_t ring_has[] = {1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1};
    const char *ring_names[] = {"Nord", "West"};
    chart_dev d = {years, 6, g, m, lo, hi, has, 1, brk, 2, ring, ring_has, ring_names, 0};
    draw(f, CHART_DEV, &d, "development");
    d.nrings = 0;
    draw(f, CHART_DEV, &d, "development without rings");
    draw(f, CHART_SPARK, &d, "spark line");

    const double *v[CHART_TREND_MAX] = {g, m, lo};
    chart_trend t = {years,
                     6,
                     3,
                     {v[0], v[1], v[2]},
                     {has, has, has},
                     {"Bremen", "Ring Nord", "Vergleichsring"},
                     {brk, brk, brk},
                     1};
    draw(f, CHART_TREND, &t, "trend");

    const char *labels[] = {"HLU je 1.000 EW", "Anteil GSiAE", "Pflegequote", "EGH je EW"};
    double index[] = {120, 85, 0, 100};
    uint8_t phas[] = {1, 1, 0, 1};
    chart_profile p = {labels, index, phas, 4, NULL, 0, 0};
    draw(f, CHART_PROFILE, &p, "profile");

    const char *rl[] = {"Nord", "West"};
    double rg[] = {12, 14}, rmin[] = {8, 9}, rmax[] = {16, 19};
    uint8_t rhas[] = {1, 1};
    chart_dist dist = {5, 9, 12, 15, 20, 12.5, 12.1, 400, 1, rl, rg, rmin, rmax, rhas, 2, 1};
    draw(f, CHART_DIST, &dist, "distribution");
}

/* A participant among 500: the sorted values as a strip, the own column
 * (flagged, unflagged, at either end, missing) among grey ones; its SVG
 * shows the same words as the PDF's recording. */
static void test_strip(void **state)
{
    cfix *f = *state;
    static double v[500];
    for (size_t i = 0; i < 500; i++)
        v[i] = -20 + (double)i * 0.1;
    chart_strip s = {v, 500, 12, 250, "Landkreis Augsburg", "", 3.1, 4.9, 1, 1, 1};
    draw(f, CHART_STRIP, &s, "strip");
    const size_t owns[] = {1, 500, 0};
    for (size_t i = 0; i < 3; i++) {
        s.own = owns[i];
        s.own_flag = i == 1 ? "p" : i == 2 ? "x" : "";
        draw(f, CHART_STRIP, &s, "strip with the own column at an end or missing");
    }
    /* one value: the quartiles' words would run into the median's, and
     * are left out; three stand apart */
    for (size_t n = 1; n <= 3; n += 2) {
        chart_strip few = {v, n, 60, 1, "Landkreis Augsburg", "", -20, -20, 1, 1, 1};
        chart_image fi;
        assert_int_equal(chart_render(f->ch, CHART_STRIP, &few, 400, 220, &fi), 0);
        check_image(&fi, 400, "strip of few values");
        int quartiles = 0, ends = 0;
        for (size_t i = 0; i < fi.ntexts; i++) {
            quartiles += strstr(fi.texts[i].s, "Quartil") != NULL;
            ends += !strcmp(fi.texts[i].s, "Minimum") + !strcmp(fi.texts[i].s, "Maximum");
        }
        assert_int_equal(quartiles, n == 1 ? 0 : 2); /* three apart far enough */
        assert_int_equal(ends, 2);
        chart_image_free(f->ch, &fi);
    }
    s.own = 300; /* 9,9 */
    s.own_flag = "";
    s.mean = 9.9;
    chart_image img;
    assert_int_equal(
        chart_render(f->ch, CHART_STRIP, &s, 400, chart_height(CHART_STRIP, &s, 400), &img), 0);
    int named = 0, median = 0;
    for (size_t i = 0; i < img.ntexts; i++) {
        named += strcmp(img.texts[i].s, "Landkreis Augsburg: ") == 0;
        median += strcmp(img.texts[i].s, "Median") == 0;
    }
    assert_int_equal(named, 1); /* over its column */
    assert_int_equal(median, 1);
    chart_image_free(f->ch, &img);
    char *p = NULL;
    size_t len;
    FILE *fp = open_memstream(&p, &len);
    assert_non_null(fp);
    assert_int_equal(chart_svg(f->ch, CHART_STRIP, &s, 400, chart_height(CHART_STRIP, &s, 400),
                               "Titel", "Beschreibung", fp),
                     0);
    fclose(fp);
    assert_non_null(strstr(p, ">Landkreis Augsburg: </text>"));
    assert_non_null(strstr(p, ">oberes Quartil</text>"));
    assert_non_null(strstr(p, ">\xE2\x88\x92"
                              "20,0</text>")); /* the minimum, with U+2212 */
    free(p);
    sbuf alt;
    sbuf_init(&alt);
    chart_describe(CHART_STRIP, &s, "Titel", &alt);
    assert_non_null(strstr(alt.s, " Hervorgehoben Landkreis Augsburg: 9,9, im dritten Viertel"));
    assert_non_null(strstr(alt.s, " (12 ohne Wert)"));
    assert_non_null(strstr(alt.s, "; unteres Quartil -7,5; Median 5,0; oberes Quartil 17,4; "));
    assert_non_null(strstr(alt.s, "über dem Gesamtwert, gleich dem Mittelwert."));
    sbuf_free(&alt);
}

/* The SVG of a chart: its bytes may not depend on what the process drew
 * before (cairo numbers its surfaces process-wide, so the same chart came
 * out as <g id="surface1"> first and "surface6" the second time; a worker
 * that had drawn other charts wrote other bytes than a single run). */
static char *svg_of(cfix *f, const chart_bars *b, size_t *len)
{
    char *p = NULL;
    FILE *fp = open_memstream(&p, len);
    assert_non_null(fp);
    assert_int_equal(chart_svg(f->ch, CHART_BARS, b, 400, 300, "Titel", "Beschreibung", fp), 0);
    fclose(fp);
    return p;
}

static void test_svg_independent_of_history(void **state)
{
    cfix *f = *state;
    chart_bars b = {ITEMS, NITEMS, 19.1, 16.4, 1, 1, -5, 30, 1, NULL, 0, 0, NULL};
    size_t n1, n2;
    char *first = svg_of(f, &b, &n1);
    draw(f, CHART_BARS, &b, "bars"); /* another chart in between */
    char *again = svg_of(f, &b, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(first, again, n1);
    assert_non_null(strstr(first, "id=\"surface1\""));
    free(first);
    free(again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_svg_independent_of_history, csetup, cteardown),
        cmocka_unit_test_setup_teardown(test_bars, csetup, cteardown),
        cmocka_unit_test_setup_teardown(test_lines_and_profile, csetup, cteardown),
        cmocka_unit_test_setup_teardown(test_strip, csetup, cteardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
