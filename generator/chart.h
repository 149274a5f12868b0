/* chart.h - the report's charts, drawn with cairo. The same drawing code
 * renders to an opaque raster image (embedded in the PDF) and to SVG (for
 * presentations). Text uses the layout's TrueType files through FreeType,
 * the same files the PDF embeds. */
#ifndef KV_CHART_H
#define KV_CHART_H

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
} chart_item;

/* Horizontal bars of all (or a slice of) participants for one year, with
 * the Gesamtwert as a line and the Mittelwert as a dashed line. The axis
 * runs from min(0, lo) to hi so that slices of one figure share a scale. */
typedef struct {
    const chart_item *items;
    size_t n;
    double gesamt, mean;
    int has_gesamt, has_mean;
    double lo, hi;
    int decimals;
    const char *const *spoken; /* per item its name in the alternative text when the
                                * labels are abbreviations (NULL: the labels) */
} chart_bars;

/* The development over the years: min-max band, Gesamtwert, Mittelwert. */
typedef struct {
    const int *years;
    size_t n;
    const double *gesamt, *mean, *min, *max;
    const uint8_t *has; /* per year: 1 when the aggregates exist */
    int decimals;
    const uint8_t *brk; /* per year: 1 when the series breaks before it (NULL: never) */
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

/* CHART_MINIBARS draws a chart_bars small, for a fact board (labels 6 pt,
 * values in a column at the right, Gesamtwert and Mittelwert named above);
 * CHART_SPARK a chart_dev's Gesamtwert only, as a small line (its height is
 * the caller's); CHART_DIST a chart_dist. */
typedef enum {
    CHART_BARS,
    CHART_DEV,
    CHART_PROFILE,
    CHART_MINIBARS,
    CHART_SPARK,
    CHART_DIST
} chart_kind;

/* Height in points the chart needs at the given width. */
double chart_height(chart_kind kind, const void *data, double width);

/* A chart for the PDF: the graphics as an opaque raster at the layout's
 * resolution, deflated by zpix (see zpix.h for the /DecodeParms it needs),
 * and the text set apart, to be set over the raster as PDF text in the
 * same font. Text in a raster is what makes charts large and slow (its
 * antialiasing defeats compression); as PDF text it is also sharp at any
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
    unsigned char *z; /* zlib stream of PNG-filtered rows (zpix) */
    size_t zlen;
    int w, h;        /* pixels */
    double x, width; /* where the raster starts and how wide it is, in points
                      * from the chart's left: left of the graphics a chart
                      * has only text, so the raster leaves that part out */
    const chart_text *texts;
    size_t ntexts;
} chart_image;

/* Renders into img; 0, or -1 when out of memory. The texts belong to c and
 * stay valid until the next chart_render or chart_image_free. */
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

/* Seconds spent drawing and encoding chart rasters (for the PDF) in this
 * process so far, for the phase timings of make bench. */
double chart_seconds(void);

/* Number of bar rows that fit into height points. */
size_t chart_bars_fit(double height);

#endif
