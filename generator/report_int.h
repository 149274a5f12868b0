/* report_int.h - state shared by the parts of the report (report.c for the
 * document frame, report_kz.c for key-figure pages and profiles). */
#ifndef KV_REPORT_INT_H
#define KV_REPORT_INT_H

#include "chart.h"
#include "pdfdoc.h"
#include "report.h"

#define FS_BODY   9.0
#define LEAD_BODY 12.5
#define FS_SMALL  7.5
#define COL_TEXT  0x222222
#define COL_GREY  0x666666

typedef struct {
    int level; /* 0 chapter, 1 section */
    char *title;
    size_t page; /* index into the document's pages */
    double y;    /* distance from the top edge */
} toc_entry;

typedef struct {
    const render_ctx *o;
    const char *chart_dir; /* SVG copies of the charts, or NULL */
    int pdf;               /* 0: only name and write the SVGs (no tables) */
    const dataset *ds;
    const kz_result *kz;
    const layout *lay;
    pdfdoc *d;
    chart_ctx *ch;
    size_t yi; /* index of the report year */
    toc_entry *toc;
    size_t ntoc, toc_cap;
    HPDF_Outline outline; /* current chapter */
    int kz_no;            /* running number of key figures */
    int failed;
    char err[256];
} report;

/* Starts a chapter on a new page: heading, contents entry, bookmark. */
void rpt_chapter(report *r, const char *title);

/* A section heading at the cursor (level 1 in contents and bookmarks). */
void rpt_section(report *r, const char *title, double size, int new_page);

/* Places a chart (raster in the PDF, SVG next to it) at the cursor. */
void rpt_chart(report *r, chart_kind kind, const void *data, double height, const char *svg_name);

/* Key-figure chapters and participant profiles (report_kz.c). */
void rpt_areas(report *r);
void rpt_profiles(report *r);

/* "Zähler (CODE) ..." with base-figure labels instead of codes. */
void rpt_spell_formula(const dataset *ds, const char *src, char *out, size_t size);

#endif
