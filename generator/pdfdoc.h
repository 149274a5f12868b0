/* pdfdoc.h - the PDF document: the only module that talks to libharu.
 *
 * The report says WHAT it places (a heading, a paragraph, a table row, a
 * figure, a link, a bookmark, a running header, a rule) and with which role;
 * pdfdoc decides HOW: it owns the flow cursor, the page breaks, the fonts,
 * the text measuring and wrapping (UTF-8), and the libharu objects.
 *
 * Placing records: every call appends a placement (with its role) to the
 * document's list and moves the cursor; nothing reaches libharu before
 * pdfdoc_save, which replays the list in the order it was made. So the
 * pagination is known in full before any page is drawn (the report plan
 * hands it to the SVG writer, see report.h), and one place - the replay -
 * can later wrap every placement in marked content and a structure element
 * (the role says which: H1, H2, P, Table cells, Figure, Link, Artifact).
 *
 * Coordinates are points, x from the left edge, y from the top edge.
 * Errors are sticky and kept in the document (pdfdoc_status/_error): the
 * first failure is kept, later placements are ignored, nothing is
 * truncated silently; a caller may place everything and check once. */
#ifndef KV_PDFDOC_H
#define KV_PDFDOC_H

#include "chart.h"
#include "layout.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* The sRGB ICC profile of the output intent (Debian: colord-data). It is an
 * ICC v4 profile with parametric tone curves; poppler inverts tabulated ones
 * (icc-profiles-free's sRGB.icc) on every page, about 30 ms each. */
#define PDF_SRGB_ICC "/usr/share/color/icc/colord/sRGB.icc"

#define PDF_PAGE_W 595.276
#define PDF_PAGE_H 841.89

/* Tables: font size and line distance of their cells. */
#define PDF_TABLE_FONT 8.0
#define PDF_TABLE_LINE 9.0

typedef struct pdfdoc pdfdoc;

/* Failures are statuses of status.h: KV_ERR_NOMEM (out of memory),
 * KV_ERR_INTERNAL (libharu or a figure failed), KV_ERR_OUTPUT (the output
 * stream failed). */

/* What a placement is, for a reader (and, later, for the structure tree). */
typedef enum {
    PDF_ROLE_P,       /* body text */
    PDF_ROLE_H1,      /* chapter heading */
    PDF_ROLE_H2,      /* section heading (key figure, profile, annex part) */
    PDF_ROLE_TITLE,   /* text of the cover */
    PDF_ROLE_CAPTION, /* a line naming the figure or table below */
    PDF_ROLE_NOTE,    /* footnote below a figure or table */
    PDF_ROLE_TH,      /* table header cell */
    PDF_ROLE_TD,      /* table cell */
    PDF_ROLE_LBL,     /* list item label (term, dash) */
    PDF_ROLE_LBODY,   /* list item body */
    PDF_ROLE_TOCI,    /* a line of the contents */
    PDF_ROLE_FIGURE,  /* a chart: its paths and its text */
    PDF_ROLE_ARTIFACT /* page furniture: running headers, rules, shading, leaders */
} pdf_role;

/* A text's face, size and colour. */
typedef struct {
    lay_font font;
    double size;
    uint32_t rgb;
} pdf_font;

/* A block of lines: wrapped to width (0: one line, never wrapped), and for
 * each line the cursor moves down by `before`, the line is set on the
 * baseline there, and the cursor moves by `after`; after the block by `end`. */
typedef struct {
    pdf_role role;
    pdf_font font;
    double x, width;
    double before, after, end;
} pdf_block;

/* A table: columns of the given widths from the left margin, the first
 * `left` aligned left, the others right; header cells may hold one "\n"
 * (two lines); the first header cell gets `continued` appended on pages the
 * table runs onto. The first column of a row wraps, and so does column
 * `wrap` when it is not 0 (a left-aligned one: long units); the others are
 * shortened with "…" when too wide. A column after the first with an empty
 * header has no cell of its own in the structure: its text goes into the
 * cell before it (a value's flag mark, read with the value). Borrowed for
 * the table's rows. */
typedef struct {
    size_t n;
    const double *w;
    const char *const *head;
    size_t left;
    const char *continued;
    size_t wrap;
} pdf_table;

/* A list of label/body items (terms and explanations, remarks after a
 * dash): label at the left margin, body wrapped from x = indent. */
typedef struct {
    lay_font label_font, body_font;
    double size, step; /* font size, line distance */
    double baseline;   /* of the first line, below the item's top */
    double gap;        /* after each item */
    double indent;
    uint32_t rgb;
} pdf_list;

/* A place in the document: a page and a distance from its top edge. */
typedef struct {
    size_t page;
    double y;
} pdf_anchor;

#define PDF_NO_BOOKMARK ((size_t)-1)

/* A figure draws itself when the document is saved: fill img (chart.h:
 * path operations and text) for the given size in points, 0 or -1; done
 * releases it. pdfdoc draws the paths as PDF path operators and sets the
 * text over them, all in the figure's marked content. alt: what it
 * shows, in words, for readers who cannot see it (copied; NULL: none). */
typedef struct {
    int (*render)(void *ctx, double width, double height, chart_image *img);
    void (*done)(void *ctx, chart_image *img);
    void *ctx;
    const char *alt;
} pdf_figure;

/* The document's metadata (copied). */
typedef struct {
    const char *title, *author, *subject, *keywords, *creator;
    time_t when;
} pdf_info;

/* A document with the layout's fonts embedded and its margins. NULL only
 * when out of memory; otherwise check pdfdoc_status (a font that cannot be
 * embedded). */
pdfdoc *pdfdoc_new(const layout *lay);
void pdfdoc_free(pdfdoc *d);

/* The first failure (KV_OK: none) and a German message for it. */
kv_status pdfdoc_status(const pdfdoc *d);
const char *pdfdoc_error(const pdfdoc *d);

/* ---- geometry and flow ---- */

/* Content box: margins from the page edges. */
double pdfdoc_left(const pdfdoc *d);
double pdfdoc_right(const pdfdoc *d);
double pdfdoc_top(const pdfdoc *d);
double pdfdoc_bottom(const pdfdoc *d);
double pdfdoc_width(const pdfdoc *d);
/* Room left below the cursor on the current page. */
double pdfdoc_room(const pdfdoc *d);
size_t pdfdoc_page_count(const pdfdoc *d);
/* The cursor (for fixed-position pages such as the cover). */
pdf_anchor pdfdoc_here(const pdfdoc *d);

/* The running header text of pages added from now on (copied). */
void pdfdoc_set_chapter(pdfdoc *d, const char *chapter);
const char *pdfdoc_page_chapter(const pdfdoc *d, size_t page);

/* Appends an A4 page and puts the cursor at the top of its content box. */
void pdfdoc_add_page(pdfdoc *d);
/* Starts a new page unless height points still fit below the cursor. */
void pdfdoc_need(pdfdoc *d, double height);
/* Vertical space (negative: back up); continue the flow at y from the top. */
void pdfdoc_space(pdfdoc *d, double dy);
void pdfdoc_skip_to(pdfdoc *d, double y);

/* ---- placements in the flow ---- */

/* Paragraphs separated by "\n\n", wrapped to width from x, one line per
 * leading, breaking pages as needed (never before a paragraph's last
 * line, never inside one of up to three lines); 0.6 leading after each. */
void pdfdoc_paragraphs(pdfdoc *d, pdf_role role, pdf_font f, double leading, double x, double width,
                       const char *text);
/* A block of lines at the cursor (see pdf_block); no page break inside. */
void pdfdoc_block(pdfdoc *d, const pdf_block *b, const char *text);
/* A horizontal rule across the content width at dy below the cursor; the
 * cursor then moves by advance. */
void pdfdoc_rule(pdfdoc *d, double dy, double width, uint32_t rgb, double advance);
/* A table's header row; a row (first cell wrapped, page break with the
 * header repeated when it does not fit); cells has t->n entries. */
void pdfdoc_table_head(pdfdoc *d, const pdf_table *t);
/* The header row repeated at the top of a page the table runs onto, after
 * the caller's own page break, as pdfdoc_table_row repeats it at its
 * breaks: t->continued after the first header cell, and the table's
 * structure goes on (the repeated header is page furniture) unless
 * something outside the table was placed since (a continued page's title):
 * then a new table starts with this header. */
void pdfdoc_table_continue(pdfdoc *d, const pdf_table *t);
/* Height of the row of cells in t: its wrapping cells' lines. */
double pdfdoc_table_row_height(pdfdoc *d, const pdf_table *t, const char *const *cells, lay_font f);
void pdfdoc_table_row(pdfdoc *d, const pdf_table *t, const char *const *cells, lay_font f,
                      int shade);
/* One list item (see pdf_list), kept on one page. */
void pdfdoc_list_item(pdfdoc *d, const pdf_list *l, const char *label, const char *body);
/* A figure of the content width and height points at the cursor, on one
 * page, 4 points below it; fig->ctx must stay valid until pdfdoc_save. */
void pdfdoc_figure(pdfdoc *d, double height, const pdf_figure *fig);
/* A figure of width x height points from x (from the page's left edge) at
 * the cursor's height, without moving the cursor: figures side by side.
 * The caller makes room first (pdfdoc_need) and moves on (pdfdoc_space). */
void pdfdoc_figure_at(pdfdoc *d, double x, double width, double height, const pdf_figure *fig);

/* ---- navigation ---- */

/* A bookmark to the cursor under parent (PDF_NO_BOOKMARK: top level),
 * shown closed when closed is set; its id. */
size_t pdfdoc_bookmark(pdfdoc *d, size_t parent, const char *title, int closed);
/* A link over the line with baseline y on page from x0 to x1, reaching
 * above and below the baseline, to target. */
void pdfdoc_link(pdfdoc *d, size_t page, double x0, double x1, double y, double above, double below,
                 pdf_anchor target);

/* ---- fixed positions (cover, contents, running headers and footers) ---- */

void pdfdoc_text_at(pdfdoc *d, size_t page, pdf_role role, pdf_font f, double x, double y,
                    const char *s);
void pdfdoc_rect_at(pdfdoc *d, size_t page, pdf_role role, double x, double y, double w, double h,
                    uint32_t rgb);
void pdfdoc_line_at(pdfdoc *d, size_t page, pdf_role role, double x0, double y0, double x1,
                    double y1, double width, uint32_t rgb);
/* The running headers and footers follow (all artifacts). */
void pdfdoc_running_begin(pdfdoc *d);
/* A large translucent diagonal text across the page (the draft mark). */
void pdfdoc_watermark(pdfdoc *d, size_t page, const char *text);

void pdfdoc_set_info(pdfdoc *d, const pdf_info *info);

/* ---- measuring ---- */

double pdfdoc_text_width(const pdfdoc *d, lay_font f, double size, const char *s);

/* Breaks text into lines of at most width (spaces and '\n' break; a word
 * longer than a line is split between characters). Returns the number of
 * lines (at least 1); *lines is a malloc'ed array of malloc'ed strings.
 * Out of memory: 0 and *lines NULL, the document's status is set. */
size_t pdfdoc_wrap(pdfdoc *d, lay_font f, double size, double width, const char *text,
                   char ***lines);
void pdfdoc_free_lines(char **lines, size_t n);

/* text shortened with "…" (never inside a character) to fit width, as a
 * malloc'ed string; NULL when out of memory (the status is set). */
char *pdfdoc_fit(pdfdoc *d, lay_font f, double size, double width, const char *text);
/* pdfdoc_fit for n texts that must stay apart (text_fit_apart: those that
 * would read alike are cut in the middle); free with text_fit_free; NULL
 * when out of memory (the document failed). */
char **pdfdoc_fit_apart(pdfdoc *d, lay_font f, double size, double width, const char *const *texts,
                        size_t n);

/* The first character of the UTF-8 text s that the layout's faces (with
 * the PDF module's fallback face) cannot draw in any of its fonts (0:
 * none): the PDF would show a missing-glyph box there. */
uint32_t pdfdoc_missing_char(const layout *lay, const char *s);

/* Seconds spent on figures in this process so far (recording each chart
 * and drawing its paths and text, not the deflating of the page content
 * that holds them), for the phase timings of make bench. */
double pdfdoc_figure_seconds(void);

/* Draws every placement and writes the document to fp. The status. */
kv_status pdfdoc_save(pdfdoc *d, FILE *fp);

#endif
