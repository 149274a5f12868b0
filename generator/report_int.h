/* report_int.h - state shared by the parts of the report (report.c for the
 * document frame and the plan, report_kz.c for key-figure pages and
 * profiles). */
#ifndef KV_REPORT_INT_H
#define KV_REPORT_INT_H

#include "chart.h"
#include "kzview.h"
#include "pdfdoc.h"
#include "report.h"

#include <stdarg.h>

#define FS_BODY   9.0
#define LEAD_BODY 12.5
#define FS_SMALL  7.5
#define COL_TEXT  0x222222
#define COL_GREY  0x666666

typedef struct {
    int level; /* 0 chapter, 1 section */
    char *title;
    pdf_anchor at;
} toc_entry;

/* A chart of the plan: its data (owning the arrays in mem), size, page
 * and SVG name. The PDF draws it when saved, the SVG writer from here. */
typedef struct {
    report *r;
    chart_kind kind;
    union {
        chart_bars bars;
        chart_dev dev;
        chart_profile profile;
        chart_trend trend;
        chart_dist dist;
        chart_strip strip;
    } u;
    void *mem[4];
    double width, height;
    size_t page;
    char *svg;   /* file name */
    char *title; /* what it shows, in a few words: the SVG's title */
    char *alt;   /* and in full (chart_describe): alternative text, SVG desc */
} rpt_chart_t;

struct report {
    const render_ctx *o;
    const dataset *ds;   /* the published key figures (view), not always o->ds */
    const kz_result *kz; /* their results */
    kz_view view;
    const layout *lay;
    pdfdoc *d;
    chart_ctx *ch;
    size_t yi; /* index of the report year */
    toc_entry *toc;
    size_t ntoc, toc_cap;
    size_t outline; /* bookmark of the current chapter */
    size_t cover;   /* the page with the cover's band (rpt_cover_page), SIZE_MAX: none */
    int kz_no;      /* running number of key figures */
    rpt_chart_t **charts;
    size_t ncharts, charts_cap;
    char *cont;        /* title repeated on pages a key figure or profile runs onto */
    char **ring_block; /* the rings' names in their bar blocks' labels, fitted apart */
    size_t nring_block;
    /* the scope (report_plan_scope): the circle (ring -1) or the report of
     * one comparison ring; who: the participants shown in full, in
     * dataset order */
    int ring;
    size_t *who;
    size_t nwho;
    double head_h; /* the current key figure's heading and definition */
    int pdf_done;
    int ch_borrowed; /* ch belongs to another plan or the caller (rpt_open, rpt_plan_with) */
    kv_status status;
    char *msg;
};

/* Records the first failure (later ones are dropped). */
void rpt_fail(report *r, kv_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A malloc'ed formatted string; NULL when out of memory (then recorded). */
char *rpt_printf(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 once the plan has failed: stop laying out. */
int rpt_failed(const report *r);

/* Starts a chapter on a new page: heading, contents entry, bookmark. */
void rpt_chapter(report *r, const char *title);

/* A section heading at the cursor (level 1 in contents and bookmarks). */
void rpt_section(report *r, const char *title, double size, int new_page);

/* Starts a new page unless height points fit below the cursor; a new page
 * opens with "r->cont (Fortsetzung)" when a continued title is set. */
void rpt_need(report *r, double height);
/* The title repeated on continuation pages from now on (copied; NULL: none). */
void rpt_continue(report *r, const char *title);
/* Height of a continuation heading (what rpt_need may add). */
#define RPT_CONT_H 22.0

/* A caption line above a chart or table (bold, FS 9), and the
 * "Quelle: ..." line below one; their heights. */
void rpt_caption(report *r, const char *text);
void rpt_source(report *r);
#define RPT_CAPTION_H 22.0 /* with the space above it */
#define RPT_UNIT_W    90.0 /* widest unit column of a table; a longer unit wraps */
#define RPT_SOURCE_H  12.0
/* RPT_CAPTION_H and 11 pt for each further line text wraps to. */
double rpt_caption_h(report *r, const char *text);

/* The one minus sign of the report's numbers and changes: the
 * typographic U+2212, distinct from the "–" of "nichts vorhanden".
 * Debian's Noto Sans has no glyph for it; the PDF module takes it from its
 * fallback face (pdffont.h). */
#define RPT_MINUS "\xE2\x88\x92"

/* A number in the report's form: German separators, RPT_MINUS. */
void rpt_num(double v, int decimals, char *buf, size_t size);
/* A change in the report's form: "+2,1 %", "-0,4 Pp." (pp set), "±0,0 %". */
void rpt_change(double v, int pp, char *buf, size_t size);

/* A new chart of the given kind for the caller to fill (data and mem);
 * NULL when out of memory. */
rpt_chart_t *rpt_chart_new(report *r, chart_kind kind);
/* Places c (which the plan then owns; on failure it is freed) at the
 * cursor with its SVG copy named svg_name (copied); title says in a few
 * words what it shows (key figure, year, unit), the start of its
 * alternative text. */
void rpt_chart(report *r, rpt_chart_t *c, double height, const char *svg_name, const char *title);

/* rpt_chart at x (from the page's left edge) with the given width, at the
 * cursor's height, which stays: charts side by side (the caller makes room
 * and moves on). */
void rpt_chart_at(report *r, rpt_chart_t *c, double x, double width, double height,
                  const char *svg_name, const char *title);

/* Frees a chart that was not placed, with its data. */
void rpt_chart_free(rpt_chart_t *c);

/* Body text in the flow. */
void rpt_text(report *r, lay_font f, double size, double leading, uint32_t rgb, const char *text);

/* List items (label and body) with orphan control: the first item keeps
 * the second with it and the last two stay together, so that no item
 * stands alone at a page's head or foot (report.c); the height of one. */
void rpt_list(report *r, const pdf_list *l, const char *const (*rows)[2], size_t n);
double rpt_list_item_h(report *r, const pdf_list *l, const char *body);

/* Key-figure chapters and participant profiles (report_kz.c). */
void rpt_areas(report *r);
void rpt_profiles(report *r);
/* One participant's profile (index chart and table) in the flow. */
void rpt_profile(report *r, size_t city);
/* Whether the circle report carries every profile (the layout's
 * stadtprofile_bis against the number of participants) or refers to the
 * participant reports. */
int rpt_profiles_inline(const report *r);
/* The participant term of the profiles from the layout ([bericht] profil:
 * "Stadtprofil", "Kreisprofil" or "Profil"). */
const char *rpt_profile_term(const report *r);

/* Cells as the key-figure tables print them (report_kz.c): a value or the
 * symbol of a missing one; the flag mark beside a number ("" when final);
 * the change against the previous year ("+2,1 %", "-0,4 Pp.", or the
 * symbol why there is none). */
void rpt_value_text(const kz_cell *c, int decimals, char *buf, size_t size);
const char *rpt_flag_mark(const kz_cell *c);
void rpt_change_text(const ds_kennzahl *k, const kz_cell *cur, const kz_cell *prev, char *buf,
                     size_t size);
/* Body rows that a page break never leaves alone: at least this many go
 * onto the next page with a table's totals or its source line. */
#define RPT_TABLE_KEEP 3
/* The height of a table row whose first cell (in column width w0) is first. */
double rpt_row_height(report *r, lay_font f, double w0, const char *first);
/* The widest line of text in font f at the table size. */
double rpt_cell_width(const report *r, lay_font f, const char *text);
/* The widest word (text split at spaces and line breaks) in font f at the
 * table size; 0 when out of memory. */
double rpt_word_width(const report *r, lay_font f, const char *text);
/* The name and unit columns of a key-figure table (report_fit.c): per
 * key figure the name its row shows (NULL for a row not shown) beside the
 * key figure's unit, the bold texts the names' head cell can show (every
 * word must fit it), the unit column's head and its padding. */
typedef struct {
    const char *const *names;
    const char *const *heads;
    size_t nheads;
    const char *unit_head;
    double unit_pad;
} rpt_names;
/* Sets w[0] (the names) and w[1] (the units) of a table of n columns whose
 * w[2..n) are final, padding included: the unit column as wide as its
 * widest unit, at most RPT_UNIT_W, the names the rest. Where that leaves
 * the names narrower than their widest word, the unit column narrows down
 * to its own widest word; where even that is too little, the units belong
 * into the names and column 1 gets 1 point. *wrap: 1 when the unit column
 * must wrap, else 0. Returns NULL while the units keep their column (and
 * out of memory, then rpt_failed); else per key figure its name with the
 * unit, "Titel (Einheit)" (NULL for a row not shown), for rpt_free_names. */
char **rpt_fit_names(report *r, double *w, size_t n, const rpt_names *c, size_t *wrap);
void rpt_free_names(const report *r, char **named);
/* A table row; a page break first repeats the continued title and cont's
 * header when the row and keep more points do not fit. */
void rpt_table_row(report *r, const pdf_table *t, const pdf_table *cont, const char *const *cells,
                   lay_font f, int shade, double keep);

/* The document frame (report.c), for the participant reports too: a
 * report with its document and charts but nothing laid out (check
 * report_status_of), drawing with ch (borrowed; NULL: its own); the "Beispieldaten" box at the
 * cursor; the key-figure definitions (those marked in only; NULL: all) and the symbol legend as
 * annex sections; the page furniture (header: the running title left,
 * the chapter right; footer: circle and page) and the draft mark on every
 * page, the metadata (title, subject), and the document's status taken
 * over. */
report *rpt_open(const render_ctx *o, chart_ctx *ch);
/* A cover page: the accent band with the circle's name and second below
 * it; the page's index. */
size_t rpt_cover_page(report *r, const char *second);
void rpt_sample_note(report *r);
void rpt_definitions(report *r, const uint8_t *only);
void rpt_symbols(report *r);
/* The abbreviations used in the reports (a section of the annex). */
void rpt_abbreviations(report *r);
void rpt_finish(report *r, const char *header, const char *title, const char *subject);

/* A chart with its caption above and its source line below, on one page. */
void rpt_captioned_chart(report *r, rpt_chart_t *c, double h, const char *name, const char *cap,
                         const char *alt);
/* Bar rows that fit a chart on an empty page, and the height a bar chart
 * of n rows takes with its caption and source line. */
size_t rpt_bar_rows_per_page(const report *r);
double rpt_bars_height(size_t n);

/* report_plan_scope drawing with the chart context ch of another plan
 * (NULL: its own). cairo's font caches are process-wide: a second
 * context's chart_free would reset them under the first one. */
report *rpt_plan_with(const render_ctx *o, int ring, chart_ctx *ch);

/* Comparison rings in the report (report_ring.c). */
/* Participant c's ring for ordering: its index, ds->nrings for none. */
int rpt_ring_rank(const report *r, size_t c);
/* Key figure k's bars (items in ring order, order the participants behind
 * them) as blocks per ring, split over pages along ring boundaries; b is
 * the chart's scale and lines. */
void rpt_ring_bars(report *r, size_t k, const chart_bars *b, const chart_item *items,
                   const size_t *order, const char *base, const char *title);
/* The height of the first part of those bars (caption and source line). */
double rpt_ring_bars_first(report *r);
/* "Vergleichsringe im Überblick": every ring's Gesamtwert and n beside the
 * circle's, for key figure k. */
void rpt_ring_overview(report *r, size_t k, const char *base);
/* Adds the rings' Gesamtwerte over the years to development chart c. */
void rpt_ring_dev(report *r, size_t k, rpt_chart_t *c);
/* The rings in the preface and the annex. */
void rpt_ring_preface(report *r);
void rpt_ring_annex(report *r);
/* The draft's page of what changed since the previous generation, right
 * after the contents; only when r->o->draft and r->o->prev
 * (report_changes.c). */
void rpt_changes(report *r);

/* "Zentrale Ergebnisse" (report_summary.c): a chapter with per area the
 * scope's Gesamtwert of every published key figure in the report year, its
 * change and its direction over five years; right after the contents. */
void rpt_summary(report *r);

/* The imprint as an annex section (report_imprint.c), doc_title the
 * document's title for the default citation; and the data status it and
 * the covers print: "Entwurf", "vorläufig" (a value of the report year
 * carries p) or "endgültig". */
void rpt_imprint(report *r, const char *doc_title);
const char *rpt_data_state(const report *r);

/* The compact format instead of rpt_areas: one fact board per area
 * (report_compact.c). */
void rpt_boards(report *r);

/* "Zähler (CODE) ..." with base-figure labels instead of codes, as a
 * malloc'ed string; NULL when out of memory. */
char *rpt_spell_formula(const dataset *ds, const char *src);

#endif
