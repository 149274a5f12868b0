/* pdfdoc.h - a libharu document with the layout's fonts, A4 pages, a
 * top-down flow cursor, text measuring and wrapping for UTF-8, images, and
 * an error context per document (no global jmp_buf). */
#ifndef KV_PDFDOC_H
#define KV_PDFDOC_H

#include "layout.h"

#include <hpdf.h>
#include <stdio.h>

#define PDF_PAGE_W 595.276
#define PDF_PAGE_H 841.89

typedef struct {
    HPDF_Page page;
    char *chapter; /* running header text */
} pdf_page;

typedef struct {
    HPDF_Doc doc;
    HPDF_Font font[LAY_FONT_COUNT];
    HPDF_Encoder enc;
    const layout *lay;
    pdf_page *pages;
    size_t npages, cap;
    double left, right, top, bottom; /* content box, from the page edges */
    double y;                        /* flow cursor: distance from the top edge */
    const char *chapter;             /* chapter given to new pages (borrowed) */
    HPDF_STATUS error, detail;       /* first libharu error */
    /* the fill colour and font last set on `state_page`, so that repeated
     * ones are left out of its content */
    HPDF_Page state_page;
    uint32_t fill;
    int has_fill;
    HPDF_Font font_set;
    double size_set;
} pdfdoc;

pdfdoc *pdfdoc_new(const layout *lay, char *err, size_t errsz);
void pdfdoc_free(pdfdoc *d);

/* Appends an A4 page and puts the cursor at the top of its content box. */
HPDF_Page pdfdoc_add_page(pdfdoc *d);
HPDF_Page pdfdoc_current(const pdfdoc *d);

/* Content width and the room left below the cursor. */
double pdfdoc_width(const pdfdoc *d);
double pdfdoc_room(const pdfdoc *d);

/* Starts a new page unless height points still fit below the cursor. */
void pdfdoc_need(pdfdoc *d, double height);

double pdfdoc_text_width(pdfdoc *d, lay_font f, double size, const char *s);

/* Draws s with its baseline at distance y from the top edge. */
void pdfdoc_text(pdfdoc *d, HPDF_Page p, lay_font f, double size, double x, double y, const char *s,
                 uint32_t rgb);

/* Breaks text into lines of at most width (spaces and '\n' break; a word
 * longer than a line is split between characters). Returns the number of
 * lines; *lines is a malloc'ed array of malloc'ed strings. */
size_t pdfdoc_wrap(pdfdoc *d, lay_font f, double size, double width, const char *text,
                   char ***lines);
void pdfdoc_free_lines(char **lines, size_t n);

/* Copies text into out (size bytes), shortened with "…" to fit width. */
void pdfdoc_fit(pdfdoc *d, lay_font f, double size, double width, const char *text, char *out,
                size_t outsz);

/* Flows a paragraph at the cursor from x with the given width, breaking
 * pages as needed; advances the cursor. Paragraphs in text are separated
 * by "\n\n". */
void pdfdoc_paragraphs(pdfdoc *d, lay_font f, double size, double leading, double x, double width,
                       const char *text, uint32_t rgb);

/* Places an RGB image of w x h pixels at x, y-from-top, wp x hp points.
 * z is a zlib stream of PNG-filtered rows (zpix_encode), copied. */
int pdfdoc_image(pdfdoc *d, HPDF_Page p, const unsigned char *z, size_t zlen, int w, int h,
                 double x, double y, double wp, double hp);

/* Filled rectangle / line in top-down coordinates. */
void pdfdoc_rect(pdfdoc *d, HPDF_Page p, double x, double y, double w, double h, uint32_t rgb);
void pdfdoc_line(pdfdoc *d, HPDF_Page p, double x0, double y0, double x1, double y1, double width,
                 uint32_t rgb);

/* Serialises the document to fp. 0, or -1 (d->error tells). */
int pdfdoc_save(pdfdoc *d, FILE *fp);

#endif
