/* chart.h - the report's charts. One drawing code path, through a canvas
 * (canvas.h), records the graphics as path operations for the PDF (vector
 * graphics, drawn by pdfdoc as PDF path operators) and draws them with
 * cairo for the SVG copies (for presentations). Text is measured with the
 * layout's TrueType files through FreeType, the same files the PDF
 * embeds, and handed over for the PDF and the SVG to set themselves. */
#ifndef KV_CHART_H
#define KV_CHART_H

#include "canvas.h"
#include "layout.h"
#include "sbuf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct chart_ctx chart_ctx;

/* Loads the fonts and palette. NULL only when out of memory; when a font
 * cannot be loaded the context is returned unusable and chart_error says
 * why (free it with chart_free). */
chart_ctx *chart_new(const layout *lay);
/* NULL when the context is usable, else a German reason. */
const char *chart_error(const chart_ctx *c);
void chart_free(chart_ctx *c);

typedef struct {
    const char *label; /* participant name, shortened to fit if needed */
    double value;
    int has_value;
    const char *flag; /* printed symbol, "" when final */
    /* the short name (cities.csv `short`), NULL: none; every bar is
     * labelled with it when two names shortened to fit read alike (names
     * that differ only in their ends); the alt text keeps the names */
    const char *abbr;
} chart_item;

/* A block of consecutive bars (a comparison ring): a row with its label
 * above its bars and, when has_value, the block's own Gesamtwert marked
 * across them. */
typedef struct {
    const char *label;
    size_t first, n; /* items[first .. first + n) */
    double value;
    int has_value;
} chart_group;

/* Horizontal bars of all (or a slice of) participants for one year, with
 * the Gesamtwert as a line and the Mittelwert as a dashed line. The axis
 * runs from min(0, lo) to hi so that slices of one figure share a scale.
 * With groups (ngroups > 0) the items are drawn in these blocks, which
 * must cover them in order; without, as one list. */
typedef struct {
    const chart_item *items;
    size_t n;
    double gesamt, mean;
    int has_gesamt, has_mean;
    double lo, hi;
    int decimals;
    const chart_group *groups;
    size_t ngroups;
    size_t own;                /* 1 + the index of the item to stand out (a participant's
                                * own bar among the others, which are drawn grey); 0: none;
                                * beyond n: none here, all grey (a part without it) */
    const char *const *spoken; /* per item its name in the alternative text when the
                                * labels are abbreviations (NULL: the labels) */
} chart_bars;

/* At most this many comparison rings are drawn as lines of their own in
 * the development chart; more as the range of their values. */
#define CHART_RING_LINES 8

/* The development over the years: min-max band, Gesamtwert, Mittelwert. */
typedef struct {
    const int *years;
    size_t n;
    const double *gesamt, *mean, *min, *max;
    const uint8_t *has; /* per year: 1 when the aggregates exist */
    int decimals;
    const uint8_t *brk; /* per year: 1 when the series breaks before it (NULL: never) */
    /* the comparison rings' Gesamtwerte (nrings 0: none): ring[g * n + y],
     * ring_has alike, their names; a line each up to CHART_RING_LINES
     * rings (own: the one drawn stronger, -1 none), else their range */
    size_t nrings;
    const double *ring;
    const uint8_t *ring_has;
    const char *const *ring_names;
    int own;
} chart_dev;

/* One participant's key figures as an index against the Gesamtwert (=100). */
typedef struct {
    const char *const *labels;
    const double *index;
    const uint8_t *has;
    size_t n;
    const char *const *missing; /* symbol shown where has is 0 (NULL: "x") */
    double lo, hi;              /* scale shared by the parts of one profile (0, 0: own) */
} chart_profile;

/* Up to three series over the years (a participant's values against the
 * Gesamtwert of its ring and of the circle): a missing value is a gap, a
 * series break lifts that series' pen (brk[s]: the participant's own
 * breaks, a Gesamtwert's those of any participant it aggregates), and
 * every year where one of them breaks is marked. */
#define CHART_TREND_MAX 3
typedef struct {
    const int *years;
    size_t n;
    size_t nseries;
    const double *v[CHART_TREND_MAX];
    const uint8_t *has[CHART_TREND_MAX];
    const char *name[CHART_TREND_MAX];   /* legend */
    const uint8_t *brk[CHART_TREND_MAX]; /* per series, per year (NULL: never) */
    int decimals;
} chart_trend;

/* The distribution of one key figure's values in the report year, for a
 * fact board of a large circle: range, quartiles and median of the
 * participants' values, Gesamtwert and Mittelwert, and each ring's
 * Gesamtwert with its range (rings NULL or nrings 0: none). */
typedef struct {
    double min, q1, median, q3, max, gesamt, mean;
    size_t n; /* participants with a value; 0: nothing to draw */
    int has_gesamt;
    const char *const *ring_labels;
    const double *ring_gesamt, *ring_min, *ring_max;
    const uint8_t *ring_has;
    size_t nrings;
    int decimals;
} chart_dist;

/* One participant's place in a comparison group too large to list on a
 * page (a circle of 500 without rings, a ring of 60): the group's values
 * of the report year sorted ascending as a dense strip of columns on one
 * value scale (across: the participants with a value in that order, with
 * minimum, quartiles, median and maximum marked; up: the value), the own
 * column in the bar colour, labelled with name and value, the others grey
 * and unnamed, the Gesamtwert and the Mittelwert as lines across. */
typedef struct {
    const double *values; /* sorted ascending, n of them */
    size_t n;
    size_t missing;        /* members without a value: not drawn, counted below the axis */
    size_t own;            /* 1 + the index of the own value in values; 0: it has none */
    const char *own_label; /* the participant's name */
    const char *own_flag;  /* its flag mark ("" when final); without a value, its symbol */
    double gesamt, mean;
    int has_gesamt, has_mean;
    int decimals;
} chart_strip;

/* The p-quantile (0..1) of sorted v[0..n), n > 0, by linear interpolation
 * between order statistics (Hyndman and Fan type 7, the default of R and
 * numpy): the quartiles chart_strip marks. */
double chart_quantile(const double *v, size_t n, double p);

/* CHART_MINIBARS draws a chart_bars small, for a fact board (labels 6 pt,
 * values in a column at the right, Gesamtwert and Mittelwert named above);
 * CHART_SPARK a chart_dev's Gesamtwert only, as a small line (its height is
 * the caller's); CHART_DIST a chart_dist; CHART_STRIP a chart_strip. */
typedef enum {
    CHART_BARS,
    CHART_DEV,
    CHART_PROFILE,
    CHART_MINIBARS,
    CHART_SPARK,
    CHART_DIST,
    CHART_TREND,
    CHART_STRIP
} chart_kind;

/* Height in points the chart needs at the given width. */
double chart_height(chart_kind kind, const void *data, double width);

/* A chart for the PDF: the graphics as path operations (canvas.h, in
 * points from the chart's top left, y downwards), and the text set apart,
 * to be set over the graphics as PDF text in the same font: sharp at any
 * zoom and searchable. */
typedef struct {
    double x, y; /* anchor in points from the chart's top-left; y: baseline */
    int align;   /* 0: starts at x, 1: centred on x, 2: ends at x */
    lay_font font;
    double size;
    uint32_t rgb;
    char *s;
} chart_text;

typedef struct {
    const cv_op *ops; /* painted first, in this order */
    size_t nops;
    const chart_text *texts; /* set over the graphics */
    size_t ntexts;
} chart_image;

/* Records the chart into img; 0, or -1 when out of memory (or c is
 * unusable). The operations and texts belong to c and stay valid until
 * the next chart_render or chart_image_free. */
int chart_render(chart_ctx *c, chart_kind kind, const void *data, double width, double height,
                 chart_image *img);
void chart_image_free(chart_ctx *c, chart_image *img);

/* Writes the chart as SVG to fp: cairo's graphics, the text as SVG text
 * elements naming the font; the root marked as an image in German with
 * title and desc (chart_describe) for screen readers. 0 or -1. */
int chart_svg(chart_ctx *c, chart_kind kind, const void *data, double width, double height,
              const char *title, const char *desc, FILE *fp);

/* What the chart shows, in German words, for readers who cannot see it
 * (the PDF's alternative text, the SVG's description): "head." and then
 * every value the chart draws - bars: each participant's value with its
 * flag, Gesamtwert and Mittelwert; development: per year Gesamtwert,
 * Mittelwert and range; profile: each key figure's index. Appended to out
 * (check sbuf_failed). */
void chart_describe(chart_kind kind, const void *data, const char *head, sbuf *out);

/* Number of bar rows that fit into height points (a group's label row
 * counts as one). */
size_t chart_bars_fit(double height);

#endif
