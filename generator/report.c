/* report.c - the plan and the document frame: cover, contents, preface,
 * annex, running header and footer, draft watermark, bookmarks, metadata. */
#include "report_int.h"

#include "fmt.h"
#include "out.h"
#include "sbuf.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- failures and strings ------------------------------------------------------ */

/* The formatted text as a malloc'ed string; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
    sbuf b;
    sbuf_init(&b);
    sbuf_vaddf(&b, fmt, ap);
    return sbuf_take(&b);
}

void rpt_fail(report *r, kv_status st, const char *fmt, ...)
{
    if (r->status)
        return;
    r->status = st;
    va_list ap;
    va_start(ap, fmt);
    r->msg = vformat(fmt, ap); /* NULL: report_error says "zu wenig Speicher" */
    va_end(ap);
}

char *rpt_printf(report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    if (!s)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    return s;
}

/* The document's failure becomes the report's. */
static kv_status doc_status(report *r)
{
    kv_status st = pdfdoc_status(r->d);
    if (st != KV_OK)
        rpt_fail(r,
                 st == KV_ERR_NOMEM    ? KV_ERR_NOMEM
                 : st == KV_ERR_OUTPUT ? KV_ERR_OUTPUT
                                       : KV_ERR_INTERNAL,
                 "%s", pdfdoc_error(r->d));
    return r->status;
}

int rpt_failed(const report *r)
{
    return r->status != KV_OK || pdfdoc_status(r->d) != KV_OK;
}

void rpt_text(report *r, lay_font f, double size, double leading, uint32_t rgb, const char *text)
{
    pdfdoc_paragraphs(r->d, PDF_ROLE_P, (pdf_font){f, size, rgb}, leading, pdfdoc_left(r->d),
                      pdfdoc_width(r->d), text);
}

/* ---- contents and bookmarks ---------------------------------------------------- */

static void add_toc(report *r, int level, const char *title)
{
    if (r->ntoc == r->toc_cap) {
        size_t cap = r->toc_cap ? r->toc_cap * 2 : 64;
        toc_entry *n = realloc(r->toc, cap * sizeof *n);
        if (!n) {
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
            return;
        }
        r->toc = n;
        r->toc_cap = cap;
    }
    char *t = strdup(title);
    if (!t) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    toc_entry *e = &r->toc[r->ntoc++];
    e->level = level;
    e->title = t;
    e->at = pdfdoc_here(r->d);
}

void rpt_chapter(report *r, const char *title)
{
    pdfdoc *d = r->d;
    pdfdoc_set_chapter(d, title);
    pdfdoc_add_page(d);
    add_toc(r, 0, title);
    r->outline = pdfdoc_bookmark(d, PDF_NO_BOOKMARK, title, 1);
    /* wrapped: an area name may be longer than a line at 18 pt */
    const pdf_block head = {PDF_ROLE_H1,
                            {LAY_FONT_BOLD, 18, r->lay->color[LAY_COL_ACCENT]},
                            pdfdoc_left(d),
                            pdfdoc_width(d),
                            20,
                            3,
                            5};
    pdfdoc_block(d, &head, title);
    pdfdoc_rule(d, 0, 0.8, r->lay->color[LAY_COL_ACCENT], 14);
}

void rpt_section(report *r, const char *title, double size, int new_page)
{
    pdfdoc *d = r->d;
    if (new_page)
        pdfdoc_add_page(d);
    else
        pdfdoc_need(d, size * 5);
    /* contents and bookmarks with plain spaces: they never break */
    char *plain = rpt_printf(r, "%s", title);
    for (char *p = plain; p && (p = strstr(p, "\xC2\xA0")) != NULL; p++) {
        *p = ' ';
        memmove(p + 1, p + 2, strlen(p + 2) + 1);
    }
    add_toc(r, 1, plain ? plain : title);
    pdfdoc_bookmark(d, r->outline, plain ? plain : title, 0);
    free(plain);
    const pdf_block head = {PDF_ROLE_H2,    {LAY_FONT_BOLD, size, r->lay->color[LAY_COL_ACCENT]},
                            pdfdoc_left(d), pdfdoc_width(d),
                            size * 1.3,     0,
                            size * 0.6};
    pdfdoc_block(d, &head, title);
}

void rpt_continue(report *r, const char *title)
{
    free(r->cont);
    r->cont = NULL;
    if (title && !(r->cont = strdup(title)))
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
}

void rpt_need(report *r, double height)
{
    pdfdoc *d = r->d;
    if (pdfdoc_room(d) >= height)
        return;
    pdfdoc_add_page(d);
    if (!r->cont)
        return;
    const pdf_block head = {PDF_ROLE_P,
                            {LAY_FONT_BOLD, 10.5, r->lay->color[LAY_COL_ACCENT]},
                            pdfdoc_left(d),
                            0,
                            12,
                            0,
                            RPT_CONT_H - 12};
    /* one line: the title is shortened, "(Fortsetzung)" never */
    double more = pdfdoc_text_width(d, LAY_FONT_BOLD, 10.5, TX(fortsetzung));
    char *title = pdfdoc_fit(d, LAY_FONT_BOLD, 10.5, pdfdoc_width(d) - more, r->cont);
    char *line = title ? rpt_printf(r, "%s%s", title, TX(fortsetzung)) : NULL;
    if (line)
        pdfdoc_block(d, &head, line);
    free(title);
    free(line);
}

void rpt_caption(report *r, const char *text)
{
    pdfdoc *d = r->d;
    if (pdfdoc_here(d).y > pdfdoc_top(d) + 30) /* apart from what is above */
        pdfdoc_space(d, 6);
    const pdf_block b = {
        PDF_ROLE_CAPTION, {LAY_FONT_BOLD, 9, COL_TEXT}, pdfdoc_left(d), pdfdoc_width(d), 11, 1, 4};
    pdfdoc_block(d, &b, text);
}

double rpt_caption_h(report *r, const char *text)
{
    char **lines;
    size_t n = pdfdoc_wrap(r->d, LAY_FONT_BOLD, 9, pdfdoc_width(r->d), text, &lines);
    pdfdoc_free_lines(lines, n);
    return RPT_CAPTION_H + 11 * (double)(n > 1 ? n - 1 : 0);
}

void rpt_source(report *r)
{
    pdfdoc *d = r->d;
    /* the circle's own data: the participants deliver, the circle computes */
    char *s =
        rpt_printf(r, TX(quelle_eigene_berechnung), layout_or(r->lay->circle, TX(ring_standard)));
    const pdf_block b = {PDF_ROLE_NOTE,   {LAY_FONT_REGULAR, 7, COL_GREY}, pdfdoc_left(d), 0, 8, 0,
                         RPT_SOURCE_H - 8};
    if (s) {
        char *line = pdfdoc_fit(d, LAY_FONT_REGULAR, 7, pdfdoc_width(d), s);
        if (line)
            pdfdoc_block(d, &b, line);
        free(line);
    }
    free(s);
}

void rpt_num(double v, int decimals, char *buf, size_t size)
{
    fmt_de(v, decimals, 1, buf, size); /* RPT_MINUS */
}

void rpt_change(double v, int pp, char *buf, size_t size)
{
    char num[40];
    rpt_num(fabs(v), 1, num, sizeof num);
    int zero = fmt_de_zero(v, 1);
    snprintf(buf, size, "%s%s\xC2\xA0%s",
             zero    ? "\xC2\xB1"
             : v > 0 ? "+"
                     : RPT_MINUS,
             num, pp ? "Pp." : "%");
}

/* Contents: a chapter line takes TOC_CHAPTER points, a section line
 * TOC_SECTION; the lines are known before the chapters are drawn, so the
 * pages to reserve are counted exactly. */
#define TOC_CHAPTER 17.0
#define TOC_SECTION 11.5
#define TOC_HEAD    46.0
/* Contents a little longer than a page are set with the leading down to
 * this share on one page rather than spilling a few lines onto a second */
#define TOC_TIGHT 0.85

static double toc_room(const report *r)
{
    return PDF_PAGE_H - pdfdoc_top(r->d) - pdfdoc_bottom(r->d) - TOC_HEAD - TOC_CHAPTER;
}

static size_t toc_pages_needed(const report *r)
{
    const dataset *ds = r->ds;
    unsigned sec = r->lay->sections;
    size_t chapters = r->o->draft && r->o->prev, sections = 0; /* the change page */
    if (sec & LAY_SEC_PREFACE)
        chapters++;
    if (sec & LAY_SEC_AREAS) {
        chapters += ds->nareas;
        sections += ds->nkz;
    }
    if (sec & LAY_SEC_PROFILES) {
        chapters++;
        sections += rpt_profiles_inline(r) ? r->nwho : 0;
    }
    if (sec & LAY_SEC_ANNEX) {
        chapters++;
        sections += 5 + (ds->nrings > 0); /* with the imprint */
    }
    chapters += (sec & LAY_SEC_SUMMARY) && ds->nkz; /* Zentrale Ergebnisse */
    double need = (double)chapters * TOC_CHAPTER + (double)sections * TOC_SECTION;
    if (need * TOC_TIGHT <= toc_room(r) - TOC_CHAPTER)
        return 1;
    size_t pages = 1;
    /* chapters may fall at a page end: give each page one chapter of slack */
    while ((double)pages * (toc_room(r) - TOC_CHAPTER) < need)
        pages++;
    return pages;
}

/* One contents line on page pg with its baseline at y; fitted: its
 * title already fitted (the chapters', toc_chapters), NULL: fitted here. */
static void toc_line(report *r, size_t pg, double y, const toc_entry *e, const char *fitted)
{
    pdfdoc *d = r->d;
    double x = pdfdoc_left(d) + (e->level ? 14 : 0), size = e->level ? 8.5 : 9.5;
    lay_font f = e->level ? LAY_FONT_REGULAR : LAY_FONT_BOLD;
    char num[24];
    snprintf(num, sizeof num, "%zu", e->at.page + 1);
    double right = pdfdoc_left(d) + pdfdoc_width(d);
    double nw = pdfdoc_text_width(d, LAY_FONT_REGULAR, size, num);
    char *title = fitted ? strdup(fitted) : pdfdoc_fit(d, f, size, right - x - nw - 24, e->title);
    if (!title) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    pdfdoc_text_at(d, pg, PDF_ROLE_TOCI, (pdf_font){f, size, COL_TEXT}, x, y, title);
    double tw = pdfdoc_text_width(d, f, size, title);
    free(title);
    for (double dx = x + tw + 6; dx < right - nw - 6; dx += 4)
        pdfdoc_rect_at(d, pg, PDF_ROLE_ARTIFACT, dx, y - 1.2, 0.8, 0.8, 0x999999);
    pdfdoc_text_at(d, pg, PDF_ROLE_TOCI, (pdf_font){LAY_FONT_REGULAR, size, COL_TEXT}, right - nw,
                   y, num);
    pdfdoc_link(d, pg, x, right, y, size, 3, e->at);
}

/* The chapters' contents lines (level 0) fitted apart, in the room the
 * widest page number leaves, so that chapters whose long names differ
 * only at their ends do not read alike; per entry, NULL for a section's
 * (in *fitted, *n of them to free). 0, or -1 when out of memory. */
static int toc_chapters(report *r, const char ***per_entry, char ***fitted, size_t *n)
{
    pdfdoc *d = r->d;
    const char **names = malloc((r->ntoc + 1) * sizeof *names);
    *per_entry = calloc(r->ntoc + 1, sizeof **per_entry);
    *fitted = NULL;
    *n = 0;
    double nw = 0;
    for (size_t k = 0; names && k < r->ntoc; k++)
        if (!r->toc[k].level) {
            char num[24];
            snprintf(num, sizeof num, "%zu", r->toc[k].at.page + 1);
            nw = fmax(nw, pdfdoc_text_width(d, LAY_FONT_REGULAR, 9.5, num));
            names[(*n)++] = r->toc[k].title;
        }
    if (names && *per_entry)
        *fitted = pdfdoc_fit_apart(d, LAY_FONT_BOLD, 9.5, pdfdoc_width(d) - nw - 24, names, *n);
    free(names);
    if (!*fitted) {
        free(*per_entry);
        *per_entry = NULL;
        *n = 0;
        return -1;
    }
    for (size_t k = 0, c = 0; k < r->ntoc; k++)
        if (!r->toc[k].level)
            (*per_entry)[k] = (*fitted)[c++];
    return 0;
}

static void draw_toc(report *r, size_t first_page, size_t npages)
{
    pdfdoc *d = r->d;
    const char **chapter = NULL;
    char **fitted = NULL;
    size_t nchapters = 0;
    if (toc_chapters(r, &chapter, &fitted, &nchapters) < 0) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    const pdf_font head = {LAY_FONT_BOLD, 18, r->lay->color[LAY_COL_ACCENT]};
    /* the entries spread evenly over the reserved pages, so that the last
     * one never holds only a couple of lines */
    double total = 0;
    for (size_t k = 0; k < r->ntoc; k++)
        total += r->toc[k].level ? TOC_SECTION : TOC_CHAPTER;
    double share = total / (double)(npages ? npages : 1) + TOC_CHAPTER;
    /* one page a little short for the lines: closer leading (TOC_TIGHT) */
    double room = PDF_PAGE_H - pdfdoc_bottom(d) - 4 - pdfdoc_top(d) - TOC_HEAD;
    double lead = npages == 1 && total > room ? fmax((room - 1) / total, TOC_TIGHT) : 1;
    size_t i = 0;
    for (size_t pg = 0; pg < npages && i < r->ntoc; pg++) {
        double y = pdfdoc_top(d) + 20, limit = PDF_PAGE_H - pdfdoc_bottom(d) - 4;
        if (pg + 1 < npages && y + TOC_HEAD - 20 + share < limit)
            limit = y + TOC_HEAD - 20 + share;
        /* the heading repeated on the following pages is page furniture */
        pdfdoc_text_at(d, first_page + pg, pg ? PDF_ROLE_ARTIFACT : PDF_ROLE_H1, head,
                       pdfdoc_left(d), y, pg ? TX(inhalt_fortsetzung) : TX(kapitel_inhalt));
        y += TOC_HEAD - 20;
        for (; i < r->ntoc; i++) {
            double step = (r->toc[i].level ? TOC_SECTION : TOC_CHAPTER) * lead;
            if (y + step > limit)
                break;
            y += step;
            toc_line(r, first_page + pg, y, &r->toc[i], chapter[i]);
        }
    }
    free(chapter);
    text_fit_free(fitted, nchapters);
    if (i < r->ntoc)
        rpt_fail(r, KV_ERR_INTERNAL, "Inhaltsverzeichnis passt nicht auf die reservierten Seiten");
}

/* ---- cover ------------------------------------------------------------------- */

/* Whether every participant's name fits width in the cover's font. */
static int names_fit(report *r, double width)
{
    for (size_t i = 0; i < r->nwho; i++)
        if (pdfdoc_text_width(r->d, LAY_FONT_REGULAR, 8.5, r->ds->cities[r->who[i]].name) > width)
            return 0;
    return 1;
}

/* Participants below the cursor: in two columns, in one where a name is
 * too long for half the width; where the names do not fit even so (on
 * the page, or a name in the line: names cut alike could not be told
 * apart), a sentence pointing to the annex's list. */
static void cover_participants(report *r, double x, double w)
{
    pdfdoc *d = r->d;
    const dataset *ds = r->ds;
    const pdf_font small = {LAY_FONT_REGULAR, 8.5, COL_TEXT};
    pdf_anchor at = pdfdoc_here(d);
    size_t max_rows = (size_t)((PDF_PAGE_H - 150 - at.y) / 11);
    int two = names_fit(r, w / 2 - 12);
    size_t rows = two ? (r->nwho + 1) / 2 : r->nwho;
    if (rows > max_rows || (!two && !names_fit(r, w - 12))) {
        char *s = rpt_printf(r, TX(titel_teilnehmende_anhang), r->nwho);
        const pdf_block b = {PDF_ROLE_TITLE, small, x, 0, 12, 0, 0};
        if (s)
            pdfdoc_block(d, &b, s);
        free(s);
        return;
    }
    for (size_t i = 0; i < r->nwho; i++) {
        char *name = pdfdoc_fit(d, LAY_FONT_REGULAR, 8.5, two ? w / 2 - 12 : w - 12,
                                ds->cities[r->who[i]].name);
        if (!name)
            return;
        size_t column = i / rows;
        pdfdoc_text_at(d, at.page, PDF_ROLE_TITLE, small, x + (double)column * (w / 2),
                       at.y + 11 * (double)(i % rows + 1), name);
        free(name);
    }
    pdfdoc_space(d, 11 * (double)rows);
}

void rpt_sample_note(report *r)
{
    pdfdoc *d = r->d;
    double x = pdfdoc_left(d), w = pdfdoc_width(d);
    pdf_anchor at = pdfdoc_here(d);
    pdfdoc_rect_at(d, at.page, PDF_ROLE_ARTIFACT, x, at.y, w, 44, 0xFBE9E0);
    pdfdoc_rect_at(d, at.page, PDF_ROLE_ARTIFACT, x, at.y, 4, 44, 0xD55E00);
    pdfdoc_text_at(d, at.page, PDF_ROLE_P, (pdf_font){LAY_FONT_BOLD, 11, 0x8A3B00}, x + 14,
                   at.y + 18, TX(beispieldaten));
    pdfdoc_text_at(d, at.page, PDF_ROLE_P, (pdf_font){LAY_FONT_REGULAR, 8.5, 0x5A2700}, x + 14,
                   at.y + 33, TX(beispieldaten_hinweis));
    pdfdoc_space(d, 64);
}

size_t rpt_cover_page(report *r, const char *second)
{
    pdfdoc *d = r->d;
    const layout *l = r->lay;
    pdfdoc_set_chapter(d, "");
    pdfdoc_add_page(d);
    size_t p = pdfdoc_here(d).page;
    double x = pdfdoc_left(d);
    r->cover = p;
    pdfdoc_rect_at(d, p, PDF_ROLE_ARTIFACT, 0, 0, PDF_PAGE_W, 150, l->color[LAY_COL_ACCENT]);
    pdfdoc_text_at(d, p, PDF_ROLE_TITLE, (pdf_font){LAY_FONT_BOLD, 12, 0xFFFFFF}, x, 70,
                   layout_or(l->circle, TX(ring_standard)));
    pdfdoc_text_at(d, p, PDF_ROLE_TITLE, (pdf_font){LAY_FONT_REGULAR, 10, 0xDDE6EF}, x, 90, second);
    return p;
}

static void cover(report *r)
{
    pdfdoc *d = r->d;
    const layout *l = r->lay;
    const dataset *ds = r->ds;
    size_t p = rpt_cover_page(r, layout_or(l->publisher, ""));
    double w = pdfdoc_width(d), x = pdfdoc_left(d);
    pdfdoc_skip_to(d, 230);
    const pdf_block title = {
        PDF_ROLE_TITLE, {LAY_FONT_BOLD, 26, l->color[LAY_COL_ACCENT]}, x, w, 0, 32, 0};
    pdfdoc_block(d, &title, layout_or(l->title, TX(titel_standard)));
    char *ring =
        r->ring < 0       ? NULL
        : ds->nrings == 1 ? rpt_printf(r, TX(titel_ringbericht_ein), ds->rings[r->ring].name)
        : ds->nrings == 2 ? rpt_printf(r, TX(titel_ringbericht_zwei), ds->rings[r->ring].name)
                          : rpt_printf(r, TX(titel_ringbericht), ds->rings[r->ring].name);
    if (ring || l->subtitle)
        pdfdoc_paragraphs(d, PDF_ROLE_TITLE, (pdf_font){LAY_FONT_REGULAR, 13, COL_TEXT}, 17, x, w,
                          ring ? ring : l->subtitle);
    free(ring);
    char *buf = rpt_printf(r, TX(berichtsjahr), r->o->year); /* layout text: any length */
    const pdf_block year = {PDF_ROLE_TITLE, {LAY_FONT_BOLD, 16, COL_TEXT}, x, 0, 16, 30, 0};
    if (buf)
        pdfdoc_block(d, &year, buf);
    free(buf);
    if (ds->synthetic)
        rpt_sample_note(r);
    const char *t = layout_text(l, "titel", NULL);
    if (t)
        pdfdoc_paragraphs(d, PDF_ROLE_P, (pdf_font){LAY_FONT_REGULAR, FS_BODY, COL_TEXT}, LEAD_BODY,
                          x, w, t);
    buf = rpt_printf(r, TX(titel_teilnehmende), r->nwho);
    const pdf_block count = {PDF_ROLE_TITLE, {LAY_FONT_BOLD, 9.5, COL_TEXT}, x, 0, 6, 4, 0};
    if (buf)
        pdfdoc_block(d, &count, buf);
    free(buf);
    cover_participants(r, x, w);
    char date[64];
    fmt_date_de(r->o->when, r->o->utc, date, sizeof date);
    char *stand = rpt_printf(r, TX(stand), date);
    const pdf_font f9 = {LAY_FONT_REGULAR, 9, COL_TEXT};
    pdfdoc_line_at(d, p, PDF_ROLE_ARTIFACT, x, PDF_PAGE_H - 95, x + w, PDF_PAGE_H - 95, 0.5,
                   0xBBBBBB);
    pdfdoc_text_at(d, p, PDF_ROLE_TITLE, f9, x, PDF_PAGE_H - 80,
                   layout_or(l->publisher, TX(herausgeber_standard)));
    if (stand)
        pdfdoc_text_at(d, p, PDF_ROLE_TITLE, f9, x, PDF_PAGE_H - 67, stand);
    free(stand);
}

/* ---- preface and annex ------------------------------------------------------------ */

static void preface(report *r)
{
    const char *t = layout_text(r->lay, "vorbemerkungen", NULL);
    rpt_chapter(r, TX(kapitel_vorbemerkungen));
    if (t)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, t);
    /* all participants, in a ring report too: it shows the others' values
     * as totals, and the next paragraph names the ring's members (a ring
     * of one would otherwise read "1 Teilnehmende") */
    size_t who = r->ds->ncities, nkz = r->ds->nkz;
    int y0 = r->ds->years[0], y = r->o->year;
    char *buf;
    if (nkz == 1) /* one key figure, one area */
        buf = r->yi == 0 ? rpt_printf(r, TX(vorbemerkungen_umfang_eine_kennzahl_ein_jahr), who, y)
                         : rpt_printf(r, TX(vorbemerkungen_umfang_eine_kennzahl), who, y0, y);
    else if (r->ds->nareas == 1)
        buf = r->yi == 0
                  ? rpt_printf(r, TX(vorbemerkungen_umfang_ein_bereich_ein_jahr), who, nkz, y)
                  : rpt_printf(r, TX(vorbemerkungen_umfang_ein_bereich), who, nkz, y0, y);
    else
        buf = r->yi == 0
                  ? rpt_printf(r, TX(vorbemerkungen_umfang_ein_jahr), who, nkz, r->ds->nareas, y)
                  : rpt_printf(r, TX(vorbemerkungen_umfang), who, nkz, r->ds->nareas, y0, y);
    if (buf)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, buf);
    free(buf);
    if (r->ds->nrings)
        rpt_ring_preface(r);
    if (r->view.nall > r->ds->nkz) {
        buf =
            r->ds->nkz == 1
                ? rpt_printf(r, TX(vorbemerkungen_auswahl_eine), r->view.nall, r->view.nall)
                : rpt_printf(r, TX(vorbemerkungen_auswahl), r->ds->nkz, r->view.nall, r->view.nall);
        if (buf)
            rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, buf);
        free(buf);
    }
}

double rpt_list_item_h(report *r, const pdf_list *l, const char *body)
{
    char **lines;
    size_t n =
        pdfdoc_wrap(r->d, l->body_font, l->size, pdfdoc_width(r->d) - l->indent, body, &lines);
    pdfdoc_free_lines(lines, n);
    return l->step * (double)(n ? n : 1) + l->gap;
}

void rpt_list(report *r, const pdf_list *l, const char *const (*rows)[2], size_t n)
{
    for (size_t i = 0; i < n && !rpt_failed(r); i++) {
        double h = rpt_list_item_h(r, l, rows[i][1]);
        if ((i == 0 && n > 1) || i + 2 == n) /* the first two and the last two together */
            h += rpt_list_item_h(r, l, rows[i + 1][1]);
        pdfdoc_need(r->d, h);
        pdfdoc_list_item(r->d, l, rows[i][0], rows[i][1]);
    }
}

/* Two-column rows: term and explanation, wrapped. */
static void term_rows(report *r, const char *const (*rows)[2], size_t n, double term_w)
{
    const pdf_list l = {LAY_FONT_BOLD, LAY_FONT_REGULAR, 8.5, 11, 9, 2, term_w, COL_TEXT};
    rpt_list(r, &l, rows, n);
    pdfdoc_space(r->d, 6);
}

/* "." to end a sentence, unless the text already ends with one. */
static const char *end_dot(const char *s)
{
    size_t n = strlen(s);
    return n && s[n - 1] == '.' ? "" : ".";
}

/* Key figure kz's definition as a heading and a body (malloc'ed; both
 * NULL when out of memory, then recorded). */
static void definition_texts(report *r, const ds_kennzahl *kz, char **head, char **body)
{
    char *num = rpt_spell_formula(r->ds, kz->numerator);
    char *den = rpt_spell_formula(r->ds, kz->denominator[0] ? kz->denominator : "1");
    char fac[64], *part = NULL;
    fmt_de(kz->factor, kz->factor == floor(kz->factor) ? 0 : 2, 0, fac, sizeof fac);
    if (kz->factor != 1)
        part = rpt_printf(r, TX(definition_faktor), fac);
    *head = rpt_printf(r, "%s (%s)", kz->title, kz->code);
    *body = num && den ? rpt_printf(r, TX(definition_text), num, end_dot(num), den, end_dot(den),
                                    part ? part : "", kz->unit, kz->description[0] ? " " : "",
                                    kz->description)
                       : NULL;
    free(part);
    if (!num || !den)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    if (!*head || !*body) {
        free(*head);
        free(*body);
        *head = *body = NULL;
    }
    free(num);
    free(den);
}

/* The height of a definition as annex_definition sets it. */
static double definition_h(report *r, const char *head, const char *body)
{
    char **lines;
    size_t a = pdfdoc_wrap(r->d, LAY_FONT_BOLD, 8.5, pdfdoc_width(r->d), head, &lines);
    pdfdoc_free_lines(lines, a);
    size_t b = pdfdoc_wrap(r->d, LAY_FONT_REGULAR, 8, pdfdoc_width(r->d), body, &lines);
    pdfdoc_free_lines(lines, b);
    return 11 * (double)a + 10.5 * (double)b + 0.6 * 11 + 0.6 * 10.5 - 5;
}

/* Key figure kz's definition; keep more points stay with it on its page
 * (the next definition when it is the last: no definition alone). */
static void annex_definition(report *r, const char *head, const char *body, double keep)
{
    /* one longer than a page (a description of 40,000 characters) cannot
     * stay whole: it starts where its heading and four lines fit, rather
     * than on a new page below an empty one with the annex's title alone */
    double h = definition_h(r, head, body) + keep;
    double page = PDF_PAGE_H - pdfdoc_top(r->d) - pdfdoc_bottom(r->d) - RPT_CONT_H;
    pdfdoc_need(r->d, fmax(40, h > page ? 11 + 4 * 10.5 : h));
    rpt_text(r, LAY_FONT_BOLD, 8.5, 11, COL_TEXT, head);
    pdfdoc_space(r->d, -5);
    rpt_text(r, LAY_FONT_REGULAR, 8, 10.5, COL_TEXT, body);
}

void rpt_definitions(report *r, const uint8_t *only)
{
    rpt_section(r, TX(abschnitt_definitionen), 12, 0);
    size_t last = r->ds->nkz, before = r->ds->nkz; /* the last two shown */
    for (size_t k = 0; k < r->ds->nkz; k++)
        if (!only || only[k]) {
            before = last;
            last = k;
        }
    for (size_t k = 0; k < r->ds->nkz && !rpt_failed(r); k++) {
        if (only && !only[k])
            continue;
        char *head, *body;
        definition_texts(r, &r->ds->kz[k], &head, &body);
        double keep = 0;
        if (k == before) {
            char *h2, *b2;
            definition_texts(r, &r->ds->kz[last], &h2, &b2);
            keep = h2 ? definition_h(r, h2, b2) : 0;
            free(h2);
            free(b2);
        }
        if (head)
            annex_definition(r, head, body, keep);
        free(head);
        free(body);
    }
    size_t more = r->view.nall - r->ds->nkz;
    if (more) {
        char *buf = rpt_printf(
            r, more == 1 ? TX(definitionen_weitere_ein) : TX(definitionen_weitere), more);
        pdfdoc_space(r->d, 2);
        if (buf)
            rpt_text(r, LAY_FONT_ITALIC, 8, 10.5, COL_TEXT, buf);
        free(buf);
    }
}

void rpt_symbols(report *r)
{
    rpt_section(r, TX(abschnitt_zeichen), 12, 0);
    const char *rows[FLAG_COUNT][2];
    size_t n = 0;
    static const kv_flag order[] = {FLAG_DASH,  FLAG_DOT, FLAG_X, FLAG_SLASH,
                                    FLAG_BREAK, FLAG_P,   FLAG_R, FLAG_S};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        rows[n][0] = flag_print_symbol(order[i]);
        rows[n][1] = flag_meaning(order[i]);
        n++;
    }
    term_rows(r, (const char *const(*)[2])rows, n, 40);
    rpt_text(r, LAY_FONT_REGULAR, 8.5, 11, COL_TEXT, TX(zeichen_balken));
}

void rpt_abbreviations(report *r)
{
    const char *const fixed[][2] = {
        {"a.v.E.", TX(abk_ave)}, {"BG", TX(abk_bg)},   {"ELB", TX(abk_elb)}, {"EW", TX(abk_ew)},
        {"GeMW", TX(abk_gemw)},  {"i.E.", TX(abk_ie)}, {"KdU", TX(abk_kdu)}, {"LB", TX(abk_lb)},
        {"MW", TX(abk_mw)},      {"n", TX(abk_n)},     {"Pp.", TX(abk_pp)},  {"RAG", TX(abk_rag)},
        {"SGB", TX(abk_sgb)},
    };
    rpt_section(r, TX(abschnitt_abkuerzungen), 12, 0);
    term_rows(r, fixed, sizeof fixed / sizeof *fixed, 60);
}

/* The abbreviations and the participants' short names. */
static void annex_abbreviations(report *r)
{
    rpt_abbreviations(r);
    const dataset *ds = r->ds;
    const char *(*rows)[2] = malloc((ds->ncities + 1) * sizeof *rows);
    if (!rows) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    for (size_t i = 0; i < r->nwho; i++) {
        rows[i][0] = ds->cities[r->who[i]].shortname;
        rows[i][1] = ds->cities[r->who[i]].name;
    }
    pdfdoc_need(r->d, 40); /* the heading with its first two rows */
    rpt_text(r, LAY_FONT_BOLD, 8.5, 11, COL_TEXT, TX(teilnehmende));
    term_rows(r, (const char *const(*)[2])rows, r->nwho, 60);
    free(rows);
}

/* Data remarks: the validation warnings about the data, as sentences for
 * readers (names and labels, no codes or file names), grouped by
 * participant and bounded. */
#define MAX_REMARKS     80 /* in all */
#define MAX_REMARKS_PER 6  /* per participant */

/* The label of base figure or key figure code, or the code itself. */
static const char *code_label(const report *r, const char *code)
{
    if (!code)
        return "";
    const dataset *all = r->o->ds; /* remarks may name an unpublished key figure */
    int k = dataset_code_index(all, code);
    if (k >= 0)
        return all->codes[k].label;
    for (size_t i = 0; i < all->nkz; i++)
        if (strcmp(all->kz[i].code, code) == 0)
            return all->kz[i].title;
    return code;
}

/* Copies the text from *p up to the next occurrence of stop into out
 * (size 64) and moves *p past stop; 0 when stop is missing or the text too
 * long. */
static int take_until(const char **p, const char *stop, char *out)
{
    const char *end = strstr(*p, stop);
    if (!end || end - *p >= 64 || end == *p)
        return 0;
    memcpy(out, *p, (size_t)(end - *p));
    out[end - *p] = '\0';
    *p = end + strlen(stop);
    return 1;
}

/* The parts of the validator's change warning after the code
 * (" ändert sich gegenüber 2022 um +40,0 % (von 762 auf 1.067)"). */
static int change_remark(const char *s, long *prev, char *pct, char *from, char *to)
{
    static const char lead[] = " ändert sich gegenüber ";
    if (strncmp(s, lead, sizeof lead - 1) != 0)
        return 0;
    char *end;
    *prev = strtol(s + sizeof lead - 1, &end, 10);
    const char *p = end;
    if (strncmp(p, " um ", 4) != 0)
        return 0;
    p += 4;
    char buf[64];
    if (!take_until(&p, " % (von ", buf) || strlen(buf) >= 32)
        return 0;
    strcpy(pct, buf);
    return take_until(&p, " auf ", from) && take_until(&p, ")", to);
}

/* One remark as a sentence part; NULL when it is no remark about the data
 * (an address, a layout key) or out of memory. */
static char *remark_text(report *r, const diag_entry *e)
{
    const char *label = code_label(r, e->code);
    long prev = 0;
    char pct[32], from[64], to[64];
    const char *m = e->message;
    size_t cl = e->code ? strlen(e->code) : 0;
    if (cl && strncmp(m, e->code, cl) == 0 && change_remark(m + cl, &prev, pct, from, to)) {
        int up = pct[0] == '+';
        /* the validator's numbers carry a hyphen-minus: the report's is RPT_MINUS */
        int fneg = from[0] == '-', tneg = to[0] == '-';
        return rpt_printf(r, TX(hinweis_veraenderung), label, e->year, prev,
                          pct + (pct[0] == '+' || pct[0] == '-'),
                          up ? TX(hinweis_gestiegen) : TX(hinweis_gesunken), fneg ? RPT_MINUS : "",
                          from + fneg, tneg ? RPT_MINUS : "", to + tneg);
    }
    if (e->city && !e->code && e->year && strstr(m, "keine Daten geliefert"))
        return rpt_printf(r, TX(hinweis_keine_daten), e->year);
    if (!e->city && e->code && strstr(m, "nie geliefert"))
        return rpt_printf(r, TX(hinweis_nie_geliefert), label);
    const char *why = strstr(m, ": ");
    if (e->city && e->code && strncmp(m, "Kennzahl ", 9) == 0 && why)
        return rpt_printf(r, "„%s“ %d: %s", label, e->year, why + 2);
    if (e->code && e->city && e->file && strcmp(e->file, r->ds->basedata_file) == 0)
        return rpt_printf(r, "„%s“ %d: %s", label, e->year, m);
    return NULL;
}

static void annex_remarks(report *r)
{
    const dataset *ds = r->ds;
    const diag_list *dl = r->o->diag;
    const pdf_list l = {LAY_FONT_REGULAR, LAY_FONT_REGULAR, 8, 10, 8, 2, 10, COL_TEXT};
    /* per participant (the last slot: remarks about no one participant) */
    sbuf *by = calloc(ds->ncities + 1, sizeof *by);
    size_t *count = calloc(ds->ncities + 1, sizeof *count);
    if (!by || !count) {
        free(by);
        free(count);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    size_t total = 0, shown = 0, left_cities = 0;
    for (size_t i = 0; i <= ds->ncities; i++)
        sbuf_init(&by[i]);
    for (size_t i = 0; i < diag_size(dl) && !rpt_failed(r); i++) {
        const diag_entry *e = diag_get(dl, i);
        if (e->severity != DIAG_WARNING)
            continue;
        char *text = remark_text(r, e);
        if (!text)
            continue;
        int ci = e->city ? dataset_city_index(ds, e->city) : -1;
        size_t slot = ci >= 0 ? (size_t)ci : ds->ncities;
        if (ci >= 0 && r->ring >= 0 && ds->cities[ci].ring != r->ring) {
            free(text); /* a ring's report: remarks on its own participants */
            continue;
        }
        total++;
        if (count[slot] < MAX_REMARKS_PER && shown < MAX_REMARKS) {
            sbuf_addf(&by[slot], "%s%s", count[slot] ? "; " : "", text);
            shown++;
        }
        count[slot]++;
        free(text);
    }
    /* the items first, then placed as one list (no item alone on a page) */
    const char *(*items)[2] = calloc(ds->ncities + 1, sizeof *items);
    size_t nitems = 0;
    if (!items)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    for (size_t i = 0; i <= ds->ncities && !rpt_failed(r); i++) {
        if (!count[i])
            continue;
        size_t more = count[i] - (count[i] < MAX_REMARKS_PER ? count[i] : MAX_REMARKS_PER);
        if (!by[i].len) {
            left_cities++;
            continue;
        }
        char *item = rpt_printf(r, "%s%s%s%s", i < ds->ncities ? ds->cities[i].name : "",
                                i < ds->ncities ? ": " : "", by[i].s ? by[i].s : "", ".");
        char *tail =
            more ? rpt_printf(r, more == 1 ? TX(hinweise_weitere_ein) : TX(hinweise_weitere), more)
                 : NULL;
        char *all = item ? rpt_printf(r, "%s%s", item, tail ? tail : "") : NULL;
        if (all) {
            items[nitems][0] = "\xE2\x80\x93";
            items[nitems++][1] = all;
        }
        free(item);
        free(tail);
    }
    /* the heading with the first two items */
    double first = 0;
    for (size_t i = 0; i < nitems && i < 2; i++)
        first += rpt_list_item_h(r, &l, items[i][1]);
    pdfdoc_need(r->d, 12 * 1.9 + first);
    rpt_section(r, TX(abschnitt_datenhinweise), 12, 0);
    if (items && !rpt_failed(r))
        rpt_list(r, &l, (const char *const(*)[2])items, nitems);
    for (size_t i = 0; i < nitems; i++)
        free((char *)items[i][1]);
    free(items);
    char *buf = NULL;
    if (total == 0)
        buf = rpt_printf(r, TX(datenhinweise_keine));
    else if (left_cities)
        buf = rpt_printf(
            r, TX(datenhinweise_weitere), left_cities,
            layout_or(r->lay->contact, layout_or(r->lay->publisher, TX(herausgeber_standard))));
    pdfdoc_space(r->d, 4);
    if (buf && buf[0])
        rpt_text(r, LAY_FONT_ITALIC, 8, 10.5, COL_GREY, buf);
    free(buf);
    for (size_t i = 0; i <= ds->ncities; i++)
        sbuf_free(&by[i]);
    free(by);
    free(count);
}

/* The document's title: the layout's with the year, for a ring's report
 * with the ring (malloc'ed; NULL when out of memory). */
static char *doc_title(report *r)
{
    const char *t = layout_or(r->lay->title, TX(titel_standard));
    if (r->ring >= 0)
        return rpt_printf(r, TX(dokumenttitel_ring), t, r->o->year, r->ds->rings[r->ring].name);
    return rpt_printf(r, "%s %d", t, r->o->year);
}

static void annex(report *r)
{
    rpt_chapter(r, TX(kapitel_anhang));
    rpt_definitions(r, NULL);
    rpt_symbols(r);
    annex_abbreviations(r);
    if (r->ds->nrings)
        rpt_ring_annex(r);
    annex_remarks(r);
    const char *t = layout_text(r->lay, "anhang", NULL);
    const char *rounding = TX(hinweis_rundung);
    pdfdoc_space(r->d, 6);
    if (t)
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, t);
    if (!t || !strstr(t, rounding))
        rpt_text(r, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, COL_TEXT, rounding);
    char *title = doc_title(r);
    if (title)
        rpt_imprint(r, title);
    free(title);
}

/* ---- page furniture ----------------------------------------------------------------- */

/* The running head's chapter names (RUNNING_FONT, RUNNING_SIZE, in
 * RUNNING_SHARE of the width), one per page: fitted apart once, so that
 * chapters whose names differ only at their ends do not read alike;
 * NULL when out of memory (the document failed). */
#define RUNNING_SIZE  7.5
#define RUNNING_SHARE 0.55
static char **running_chapters(report *r, size_t *n, size_t **which)
{
    pdfdoc *d = r->d;
    size_t np = pdfdoc_page_count(d), nc = 0;
    const char **names = malloc((np + 1) * sizeof *names);
    *which = malloc((np + 1) * sizeof **which);
    char **fitted = NULL;
    if (names && *which) {
        for (size_t i = 0; i < np; i++) {
            const char *c = pdfdoc_page_chapter(d, i);
            c = c ? c : "";
            if (!nc || strcmp(names[nc - 1], c) != 0) /* a chapter's pages follow each other */
                names[nc++] = c;
            (*which)[i] = nc - 1;
        }
        fitted = pdfdoc_fit_apart(d, LAY_FONT_REGULAR, RUNNING_SIZE,
                                  pdfdoc_width(d) * RUNNING_SHARE, names, nc);
    }
    free(names);
    if (!fitted) {
        free(*which);
        *which = NULL;
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    }
    *n = nc;
    return fitted;
}

static void running_header(report *r, size_t i, const char *title, const char *chapter)
{
    pdfdoc *d = r->d;
    const pdf_font grey = {LAY_FONT_REGULAR, RUNNING_SIZE, COL_GREY};
    double left = pdfdoc_left(d), right = PDF_PAGE_W - pdfdoc_right(d), top = pdfdoc_top(d);
    pdfdoc_text_at(d, i, PDF_ROLE_ARTIFACT, grey, left, top - 14, title);
    pdfdoc_text_at(d, i, PDF_ROLE_ARTIFACT, grey,
                   right - pdfdoc_text_width(d, LAY_FONT_REGULAR, RUNNING_SIZE, chapter), top - 14,
                   chapter);
    pdfdoc_line_at(d, i, PDF_ROLE_ARTIFACT, left, top - 10, right, top - 10, 0.4, 0xBBBBBB);
    char *page = rpt_printf(r, TX(seite_von), i + 1, pdfdoc_page_count(d));
    if (!page)
        return;
    double fy = PDF_PAGE_H - pdfdoc_bottom(d) + 22;
    pdfdoc_line_at(d, i, PDF_ROLE_ARTIFACT, left, fy - 10, right, fy - 10, 0.4, 0xBBBBBB);
    pdfdoc_text_at(d, i, PDF_ROLE_ARTIFACT, grey, left, fy, layout_or(r->lay->circle, ""));
    pdfdoc_text_at(d, i, PDF_ROLE_ARTIFACT, grey,
                   right - pdfdoc_text_width(d, LAY_FONT_REGULAR, 7.5, page), fy, page);
    free(page);
}

static void furniture(report *r, const char *title)
{
    pdfdoc *d = r->d;
    const layout *l = r->lay;
    char *stamp = NULL;
    if (r->o->draft) {
        char when[32];
        fmt_datetime_de(r->o->when, r->o->utc, when, sizeof when);
        stamp = rpt_printf(r, TX(entwurf_stand), when);
    }
    size_t nchap = 0, *which = NULL;
    char **chapters = running_chapters(r, &nchap, &which);
    pdfdoc_running_begin(d);
    for (size_t i = 0; chapters && i < pdfdoc_page_count(d); i++) {
        if (r->o->draft) {
            pdfdoc_watermark(d, i, TX(entwurf_wasserzeichen));
            /* on the cover it stands in the band, white as the circle's
             * name there (dark red on the accent colour read 1.2:1) */
            uint32_t rgb = i == r->cover ? 0xFFFFFF : 0xB00000;
            pdfdoc_text_at(d, i, PDF_ROLE_ARTIFACT, (pdf_font){LAY_FONT_BOLD, 8, rgb},
                           pdfdoc_left(d), 22, stamp ? stamp : "");
        }
        if (i > 0 || !(l->sections & LAY_SEC_COVER))
            running_header(r, i, title, chapters[which[i]]);
    }
    text_fit_free(chapters, nchap);
    free(which);
    free(stamp);
}

static void metadata(report *r, const char *title, const char *subject)
{
    const layout *l = r->lay;
    if (title && subject) {
        const pdf_info info = {title,
                               layout_or(l->publisher, TX(herausgeber_standard)),
                               subject,
                               layout_or(l->keywords, TX(schlagworte_standard)),
                               "kvreport " KV_VERSION,
                               r->o->when};
        pdfdoc_set_info(r->d, &info);
    }
}

void rpt_finish(report *r, const char *header, const char *title, const char *subject)
{
    if (!pdfdoc_page_count(r->d))
        pdfdoc_add_page(r->d);
    if (header && title && subject) {
        furniture(r, header);
        metadata(r, title, subject);
    } else {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    }
    doc_status(r);
}

/* ---- the plan --------------------------------------------------------------------------- */

static void lay_out(report *r)
{
    unsigned sec = r->lay->sections;
    if (sec & LAY_SEC_COVER)
        cover(r);
    size_t toc_first = pdfdoc_page_count(r->d), toc_n = 0;
    if (sec & LAY_SEC_CONTENTS) {
        toc_n = toc_pages_needed(r);
        pdfdoc_set_chapter(r->d, TX(kapitel_inhalt));
        for (size_t i = 0; i < toc_n; i++)
            pdfdoc_add_page(r->d);
    }
    if (r->o->draft && r->o->prev && !rpt_failed(r))
        rpt_changes(r);
    if ((sec & LAY_SEC_SUMMARY) && r->ds->nkz && !rpt_failed(r))
        rpt_summary(r);
    if (sec & LAY_SEC_PREFACE)
        preface(r);
    if ((sec & LAY_SEC_AREAS) && r->ds->nkz && !rpt_failed(r))
        (r->lay->compact ? rpt_boards : rpt_areas)(r);
    if ((sec & LAY_SEC_PROFILES) && r->ds->nkz && !rpt_failed(r))
        rpt_profiles(r);
    if ((sec & LAY_SEC_ANNEX) && !rpt_failed(r))
        annex(r);
    if (toc_n)
        draw_toc(r, toc_first, toc_n);
    const layout *l = r->lay;
    char *title = rpt_printf(r, "%s %d", layout_or(l->title, TX(titel_standard)), r->o->year);
    char *subject =
        rpt_printf(r, TX(betreff_metadaten), layout_or(l->subtitle, TX(untertitel_standard)),
                   r->o->year, r->o->draft ? TX(entwurf_klammer) : "");
    rpt_finish(r, title, title, subject);
    free(title);
    free(subject);
}

/* A plan in the given scope with nothing laid out yet, drawing with ch
 * (borrowed; NULL: its own). */
static report *open_scope(const render_ctx *o, int ring, chart_ctx *ch)
{
    report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    *r = (report){.o = o,
                  .ds = o->ds,
                  .kz = o->kz,
                  .lay = o->lay,
                  .outline = PDF_NO_BOOKMARK,
                  .cover = SIZE_MAX};
    /* the participants shown in full: all, or the ring's */
    int in_ring = ring >= 0 && (size_t)ring < o->ds->nrings;
    r->ring = in_ring ? ring : REPORT_CIRCLE;
    r->nwho = in_ring ? o->ds->rings[ring].nmembers : o->ds->ncities;
    if (!(r->who = malloc((r->nwho + 1) * sizeof *r->who))) {
        free(r);
        return NULL;
    }
    for (size_t i = 0; i < r->nwho; i++)
        r->who[i] = in_ring ? o->ds->rings[ring].members[i] : i;
    /* the reports show the published key figures only (kzview.h) */
    if (kzview_init(&r->view, o->ds, o->kz) < 0) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return r;
    }
    r->ds = r->view.ds;
    r->kz = r->view.kz;
    int yi = dataset_year_index(o->ds, o->year);
    r->d = pdfdoc_new(o->lay);
    r->ch_borrowed = ch != NULL;
    r->ch = ch ? ch : r->d && !pdfdoc_status(r->d) ? chart_new(o->lay) : NULL;
    if (yi < 0)
        rpt_fail(r, KV_ERR_INTERNAL, "Berichtsjahr %d fehlt in den Daten", o->year);
    else if (r->d && doc_status(r) == KV_OK && r->ch && chart_error(r->ch))
        rpt_fail(r, KV_ERR_INTERNAL, "%s", chart_error(r->ch));
    else if (!r->d || !r->ch)
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
    if (!r->status)
        r->yi = (size_t)yi;
    return r;
}

report *rpt_open(const render_ctx *o, chart_ctx *ch)
{
    return open_scope(o, REPORT_CIRCLE, ch);
}

report *rpt_plan_with(const render_ctx *o, int ring, chart_ctx *ch)
{
    report *r = open_scope(o, ring, ch);
    if (r && !r->status)
        lay_out(r);
    return r;
}

report *report_plan_scope(const render_ctx *o, int ring)
{
    return rpt_plan_with(o, ring, NULL);
}

report *report_plan(const render_ctx *o)
{
    return report_plan_scope(o, REPORT_CIRCLE);
}

void rpt_chart_free(rpt_chart_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < sizeof c->mem / sizeof *c->mem; i++)
        free(c->mem[i]);
    free(c->svg);
    free(c->title);
    free(c->alt);
    free(c);
}

void report_free(report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ntoc; i++)
        free(r->toc[i].title);
    free(r->toc);
    for (size_t i = 0; i < r->ncharts; i++)
        rpt_chart_free(r->charts[i]);
    free(r->charts);
    if (!r->ch_borrowed)
        chart_free(r->ch);
    pdfdoc_free(r->d);
    kzview_free(&r->view);
    free(r->msg);
    free(r->cont);
    text_fit_free(r->ring_block, r->nring_block);
    free(r->who);
    free(r);
}

kv_status report_status_of(const report *r)
{
    return r->status;
}

const char *report_error(const report *r)
{
    if (!r->status)
        return NULL;
    return r->msg ? r->msg : "zu wenig Speicher";
}

/* ---- charts ------------------------------------------------------------------------------ */

rpt_chart_t *rpt_chart_new(report *r, chart_kind kind)
{
    rpt_chart_t *c = calloc(1, sizeof *c);
    if (!c) {
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    c->r = r;
    c->kind = kind;
    return c;
}

static int figure_render(void *ctx, double width, double height, chart_image *img)
{
    const rpt_chart_t *c = ctx;
    return chart_render(c->r->ch, c->kind, &c->u, width, height, img);
}

static void figure_done(void *ctx, chart_image *img)
{
    const rpt_chart_t *c = ctx;
    chart_image_free(c->r->ch, img);
}

/* rpt_chart at x with width (side by side: the cursor stays) or, with
 * width 0, across the content width in the flow. */
static void place_chart(report *r, rpt_chart_t *c, double x, double width, double height,
                        const char *svg_name, const char *title)
{
    if (r->ncharts == r->charts_cap) {
        size_t cap = r->charts_cap ? r->charts_cap * 2 : 64;
        rpt_chart_t **n = realloc(r->charts, cap * sizeof(rpt_chart_t *));
        if (!n) {
            rpt_chart_free(c);
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
            return;
        }
        r->charts = n;
        r->charts_cap = cap;
    }
    sbuf alt;
    sbuf_init(&alt);
    chart_describe(c->kind, &c->u, title, &alt);
    c->svg = strdup(svg_name);
    c->title = strdup(title);
    c->alt = sbuf_take(&alt);
    if (!c->svg || !c->title || !c->alt) {
        rpt_chart_free(c);
        rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        return;
    }
    c->width = width > 0 ? width : pdfdoc_width(r->d);
    c->height = height;
    r->charts[r->ncharts++] = c;
    const pdf_figure fig = {figure_render, figure_done, c, c->alt};
    if (width > 0)
        pdfdoc_figure_at(r->d, x, width, height, &fig);
    else
        pdfdoc_figure(r->d, height, &fig);
    c->page = pdfdoc_here(r->d).page;
}

void rpt_chart(report *r, rpt_chart_t *c, double height, const char *svg_name, const char *title)
{
    place_chart(r, c, 0, 0, height, svg_name, title);
}

void rpt_chart_at(report *r, rpt_chart_t *c, double x, double width, double height,
                  const char *svg_name, const char *title)
{
    place_chart(r, c, x, width, height, svg_name, title);
}

/* ---- rendering from the plan -------------------------------------------------------------- */

kv_status report_write_pdf(report *r, FILE *fp)
{
    if (r->status)
        return r->status;
    if (r->pdf_done)
        rpt_fail(r, KV_ERR_INTERNAL, "PDF wurde schon geschrieben");
    r->pdf_done = 1;
    if (!r->status) {
        pdfdoc_save(r->d, fp);
        doc_status(r);
    }
    return r->status;
}

typedef struct {
    const rpt_chart_t *c;
} svg_ctx;

static int svg_to(const void *ctx, FILE *fp)
{
    const rpt_chart_t *c = ((const svg_ctx *)ctx)->c;
    return chart_svg(c->r->ch, c->kind, &c->u, c->width, c->height, c->title, c->alt, fp);
}

kv_status report_write_svgs(report *r, const char *chart_dir)
{
    for (size_t i = 0; i < r->ncharts && !r->status; i++) {
        char *path = out_path(chart_dir, r->charts[i]->svg);
        svg_ctx s = {r->charts[i]};
        if (!path)
            rpt_fail(r, KV_ERR_NOMEM, "zu wenig Speicher");
        else if (out_write(path, svg_to, &s) < 0)
            rpt_fail(r, KV_ERR_OUTPUT, "Diagramm %s kann nicht geschrieben werden: %s", path,
                     kv_errno_text(errno));
        free(path);
    }
    return r->status;
}

size_t report_chart_count(const report *r)
{
    return r->ncharts;
}

const char *report_chart_name(const report *r, size_t i)
{
    return i < r->ncharts ? r->charts[i]->svg : NULL;
}

size_t report_chart_page(const report *r, size_t i)
{
    return i < r->ncharts ? r->charts[i]->page : 0;
}

size_t report_page_count(const report *r)
{
    return r->d ? pdfdoc_page_count(r->d) : 0;
}
