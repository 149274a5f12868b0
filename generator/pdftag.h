/* pdftag.h - part of the PDF module, included only by pdfdoc.c: what makes
 * the report a tagged PDF/UA-1 and PDF/A-2a file. libharu 2.3.0 has no API
 * for marked content or structure ("BDC/EMC not implemented yet" in
 * hpdf.h), its PDF/A support knows only PDF/A-1, and it writes only plain
 * objects and a classic cross-reference table, so pdftag writes the
 * marked-content operators straight into each page's content stream, adds
 * the document-level entries with libharu's exported object layer
 * (hpdf_objects.h), and writes the structure tree itself.
 *
 * pdfdoc records a structure element for everything it places (the role of
 * the placement and the table, list or contents it belongs to say which);
 * when it replays the placements into libharu it asks pdftag to open the
 * marked content of each one before drawing it (an MCID for an element,
 * /Artifact for page furniture). At the end pdftag adds to libharu's
 * objects each page's /StructParents and /Tabs, the catalog's
 * /StructTreeRoot and, through pdfmeta.h, /Lang, /MarkInfo,
 * /ViewerPreferences, XMP /Metadata and
 * the sRGB /OutputIntents, and the version (1.7); then it saves the file:
 * libharu's objects, the structure elements (with their MCRs and OBJRs),
 * the ParentTree and the IDTree serialized by pdftag into deflated object
 * streams (pdfpack.h), and one cross-reference stream with the trailer's
 * entries and /ID. A structure element costs about 15 bytes of the file
 * there, against about 80 as a libharu object with its line in a classic
 * cross-reference table (a table cell of the 400-participant report). */
#ifndef KV_PDFTAG_H
#define KV_PDFTAG_H

#include "pdfdoc.h"

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

typedef enum {
    TAG_DOCUMENT,
    TAG_H1,
    TAG_H2,
    TAG_P,
    TAG_NOTE,
    TAG_TABLE,
    TAG_TR,
    TAG_TH_COL, /* a column's header cell (/Scope /Column) */
    TAG_TH_ROW, /* a row's header cell (/Scope /Row) */
    TAG_TD,
    TAG_L,
    TAG_LI,
    TAG_LBL,
    TAG_LBODY,
    TAG_TOC,
    TAG_TOCI,
    TAG_LINK,
    TAG_FIGURE,
    TAG_COUNT
} tag_type;

/* No element: what is drawn is an artifact. */
#define TAG_NONE UINT32_MAX
/* The Document element, made by tags_new; the root of everything else. */
#define TAG_ROOT 0u

typedef struct pdf_tags pdf_tags;

/* An empty tree holding the Document element and the ICC profile read
 * from icc_path (read and deflated once per process). NULL when out of
 * memory; when the profile cannot be read the tree is returned and
 * tags_error says why. */
pdf_tags *tags_new(const char *icc_path);
void tags_free(pdf_tags *t);
/* NULL, or a German message: the profile is missing. */
const char *tags_error(const pdf_tags *t);

/* ---- recording (while pdfdoc places) ---- */

/* A new element of type under parent, first placed on page; its id, or
 * TAG_NONE when out of memory. */
uint32_t tags_add(pdf_tags *t, tag_type type, uint32_t parent, size_t page);
tag_type tags_type(const pdf_tags *t, uint32_t e);
uint32_t tags_parent(const pdf_tags *t, uint32_t e);
/* The element's alternative text (copied, a no-break space as a plain
 * space: see pdftag.c) and, for a figure, its box in
 * PDF coordinates. 0, or -1 when out of memory. */
int tags_set_alt(pdf_tags *t, uint32_t e, const char *alt);
int tags_set_bbox(pdf_tags *t, uint32_t e, double x0, double y0, double x1, double y1);

/* ---- replay (while pdfdoc draws into libharu) ---- */

/* Before drawing anything: npages pages; text strings are written with
 * enc (libharu's UTF-8 encoder). 0, or -1 when out of memory. */
int tags_begin(pdf_tags *t, HPDF_Encoder enc, size_t npages);
/* What is drawn next on page (libharu's p) belongs to element e
 * (TAG_NONE: an artifact): continues the open marked-content sequence
 * when it is the same, else closes it and opens a new one. The operators
 * for p (EMC, BDC or BMC) go into out (TAGS_MARK_MAX bytes, *n of them
 * used), for the caller to put into p's content right before what it
 * draws there: one write with the drawing instead of two more (a table
 * cell is all three). An EMC for another page goes into that page's
 * content at once. Never inside a text object. 0, or -1 when out of
 * memory. */
#define TAGS_MARK_MAX 64
int tags_mark(pdf_tags *t, HPDF_Page p, size_t page, uint32_t e, char *out, size_t *n);
/* Closes the open marked-content sequence (at the end of the replay). */
void tags_close(pdf_tags *t);
/* Link annotation a on page belongs to element e (a Link): an OBJR for it,
 * its /StructParent and its /Contents (contents, UTF-8). 0 or -1. */
int tags_annot(pdf_tags *t, HPDF_Annotation a, size_t page, uint32_t e, const char *contents);

/* The document's description, for the Info dictionary's twin in XMP. */
typedef struct {
    const char *title, *author, *subject, *keywords, *creator;
    time_t when;
} tags_meta;

/* Closes the replay and writes the document-level entries into doc
 * (pages: the libharu pages, in order, as many as tags_begin was told).
 * Nothing may add libharu objects after it. KV_OK, or the failure in e. */
kv_status tags_finish(pdf_tags *t, HPDF_Doc doc, const HPDF_Page *pages, size_t npages,
                      const tags_meta *m, kv_error *e);

/* Saves the document (after tags_finish) to fp: libharu's objects, the
 * tree and the cross-reference stream (see above). KV_OK, or the failure
 * in e (KV_ERR_OUTPUT: fp failed, the message says why). */
kv_status tags_save(pdf_tags *t, HPDF_Doc doc, FILE *fp, kv_error *e);

/* The untagged variant of make bench (KVREPORT_BENCH_UNTAGGED, see
 * pdfdoc.c): saves doc as libharu writes it, classic cross-reference
 * table and all. KV_OK, or the failure in e as tags_save. */
kv_status tags_save_untagged(HPDF_Doc doc, FILE *fp, kv_error *e);

#endif
