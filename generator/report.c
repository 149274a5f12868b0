/* report.c - the document frame: cover, contents, preface, annex, running
 * header and footer, draft watermark, bookmarks, page labels, metadata. */
#include "report_int.h"

#include "fmt.h"
#include "out.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- contents and bookmarks ---------------------------------------------------- */

static void add_toc(report *r, int level, const char *title)
{
    if (r->ntoc == r->toc_cap) {
        size_t cap = r->toc_cap ? r->toc_cap * 2 : 64;
        toc_entry *n = realloc(r->toc, cap * sizeof *n);
        if (!n)
            return;
        r->toc = n;
        r->toc_cap = cap;
    }
    toc_entry *e = &r->toc[r->ntoc++];
    e->level = level;
    e->title = strdup(title);
    e->page = r->d->npages - 1;
    e->y = r->d->y;
}

static HPDF_Outline bookmark(report *r, HPDF_Outline parent, const char *title)
{
    HPDF_Outline o = HPDF_CreateOutline(r->d->doc, parent, title, r->d->enc);
    HPDF_Destination dst = HPDF_Page_CreateDestination(pdfdoc_current(r->d));
    HPDF_Destination_SetFitH(dst, (HPDF_REAL)fmin(PDF_PAGE_H, PDF_PAGE_H - r->d->y + 30));
    HPDF_Outline_SetDestination(o, dst);
    return o;
}

void rpt_chapter(report *r, const char *title)
{
    r->d->chapter = title;
    pdfdoc_add_page(r->d);
    add_toc(r, 0, title);
    r->outline = bookmark(r, NULL, title);
    HPDF_Outline_SetOpened(r->outline, HPDF_FALSE);
    pdfdoc *d = r->d;
    d->y += 20;
    pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_BOLD, 18, d->left, d->y, title,
                r->lay->color[LAY_COL_ACCENT]);
    d->y += 8;
    pdfdoc_line(d, pdfdoc_current(d), d->left, d->y, d->left + pdfdoc_width(d), d->y, 0.8,
                r->lay->color[LAY_COL_ACCENT]);
    d->y += 14;
}

void rpt_section(report *r, const char *title, double size, int new_page)
{
    pdfdoc *d = r->d;
    if (new_page)
        pdfdoc_add_page(d);
    else
        pdfdoc_need(d, size * 5);
    char **lines;
    size_t n = pdfdoc_wrap(d, LAY_FONT_BOLD, size, pdfdoc_width(d), title, &lines);
    add_toc(r, 1, title);
    bookmark(r, r->outline, title);
    for (size_t i = 0; i < n; i++) {
        d->y += size * 1.3;
        pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_BOLD, size, d->left, d->y, lines[i],
                    r->lay->color[LAY_COL_ACCENT]);
    }
    pdfdoc_free_lines(lines, n);
    d->y += size * 0.6;
}

/* Contents: a chapter line takes TOC_CHAPTER points, a section line
 * TOC_SECTION; the lines are known before the chapters are drawn, so the
 * pages to reserve are counted exactly. */
#define TOC_CHAPTER 19.0
#define TOC_SECTION 12.5
#define TOC_HEAD    46.0

static double toc_room(const report *r)
{
    return PDF_PAGE_H - r->d->top - r->d->bottom - TOC_HEAD - TOC_CHAPTER;
}

static size_t toc_pages_needed(const report *r)
{
    const dataset *ds = r->ds;
    unsigned sec = r->lay->sections;
    size_t chapters = 0, sections = 0;
    if (sec & LAY_SEC_PREFACE)
        chapters++;
    if (sec & LAY_SEC_AREAS) {
        chapters += ds->nareas;
        sections += ds->nkz;
    }
    if (sec & LAY_SEC_PROFILES) {
        chapters++;
        sections += ds->ncities;
    }
    if (sec & LAY_SEC_ANNEX) {
        chapters++;
        sections += 4;
    }
    double need = (double)chapters * TOC_CHAPTER + (double)sections * TOC_SECTION;
    size_t pages = 1;
    /* chapters may fall at a page end: give each page one chapter of slack */
    while ((double)pages * (toc_room(r) - TOC_CHAPTER) < need)
        pages++;
    return pages;
}

static void draw_toc(report *r, size_t first_page, size_t npages)
{
    pdfdoc *d = r->d;
    const uint32_t accent = r->lay->color[LAY_COL_ACCENT];
    size_t i = 0;
    for (size_t pg = 0; pg < npages && i < r->ntoc; pg++) {
        HPDF_Page p = d->pages[first_page + pg].page;
        double y = d->top + 20, limit = PDF_PAGE_H - d->bottom - 4;
        pdfdoc_text(d, p, LAY_FONT_BOLD, 18, d->left, y, pg ? "Inhalt (Fortsetzung)" : "Inhalt",
                    accent);
        y += TOC_HEAD - 20;
        for (; i < r->ntoc; i++) {
            const toc_entry *e = &r->toc[i];
            double step = e->level ? TOC_SECTION : TOC_CHAPTER;
            if (y + step > limit)
                break;
            y += step;
            double x = d->left + (e->level ? 14 : 0), size = e->level ? 8.5 : 9.5;
            lay_font f = e->level ? LAY_FONT_REGULAR : LAY_FONT_BOLD;
            char num[16], title[1024];
            snprintf(num, sizeof num, "%zu", e->page + 1);
            double right = d->left + pdfdoc_width(d);
            double nw = pdfdoc_text_width(d, LAY_FONT_REGULAR, size, num);
            pdfdoc_fit(d, f, size, right - x - nw - 24, e->title, title, sizeof title);
            pdfdoc_text(d, p, f, size, x, y, title, COL_TEXT);
            double tw = pdfdoc_text_width(d, f, size, title);
            for (double dx = x + tw + 6; dx < right - nw - 6; dx += 4)
                pdfdoc_rect(d, p, dx, y - 1.2, 0.8, 0.8, 0x999999);
            pdfdoc_text(d, p, LAY_FONT_REGULAR, size, right - nw, y, num, COL_TEXT);
            HPDF_Destination dst = HPDF_Page_CreateDestination(d->pages[e->page].page);
            HPDF_Destination_SetFitH(dst, (HPDF_REAL)fmin(PDF_PAGE_H, PDF_PAGE_H - e->y + 30));
            HPDF_Rect rect = {(HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - 3), (HPDF_REAL)right,
                              (HPDF_REAL)(PDF_PAGE_H - y + size)};
            HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(p, rect, dst);
            HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
            HPDF_LinkAnnot_SetHighlightMode(a, HPDF_ANNOT_INVERT_BOX);
        }
    }
    if (i < r->ntoc && !r->failed) {
        r->failed = 1;
        snprintf(r->err, sizeof r->err,
                 "Inhaltsverzeichnis passt nicht auf die reservierten Seiten");
    }
}

/* ---- cover ------------------------------------------------------------------- */

static void cover(report *r)
{
    pdfdoc *d = r->d;
    const layout *l = r->lay;
    const dataset *ds = r->ds;
    r->d->chapter = "";
    HPDF_Page p = pdfdoc_add_page(d);
    double w = pdfdoc_width(d), x = d->left;
    char buf[512];
    pdfdoc_rect(d, p, 0, 0, PDF_PAGE_W, 150, l->color[LAY_COL_ACCENT]);
    pdfdoc_text(d, p, LAY_FONT_BOLD, 12, x, 70, layout_or(l->circle, "Vergleichsring"), 0xFFFFFF);
    pdfdoc_text(d, p, LAY_FONT_REGULAR, 10, x, 90, layout_or(l->publisher, ""), 0xDDE6EF);
    d->y = 230;
    char **lines;
    size_t n =
        pdfdoc_wrap(d, LAY_FONT_BOLD, 26, w, layout_or(l->title, "Kennzahlenvergleich"), &lines);
    for (size_t i = 0; i < n; i++, d->y += 32)
        pdfdoc_text(d, p, LAY_FONT_BOLD, 26, x, d->y, lines[i], l->color[LAY_COL_ACCENT]);
    pdfdoc_free_lines(lines, n);
    if (l->subtitle)
        pdfdoc_paragraphs(d, LAY_FONT_REGULAR, 13, 17, x, w, l->subtitle, COL_TEXT);
    d->y += 16;
    snprintf(buf, sizeof buf, "Berichtsjahr %d", r->o->year);
    pdfdoc_text(d, p, LAY_FONT_BOLD, 16, x, d->y, buf, COL_TEXT);
    d->y += 30;
    if (ds->synthetic) {
        pdfdoc_rect(d, p, x, d->y, w, 44, 0xFBE9E0);
        pdfdoc_rect(d, p, x, d->y, 4, 44, 0xD55E00);
        pdfdoc_text(d, p, LAY_FONT_BOLD, 11, x + 14, d->y + 18, "Beispieldaten", 0x8A3B00);
        pdfdoc_text(d, p, LAY_FONT_REGULAR, 8.5, x + 14, d->y + 33,
                    "Alle Zahlen dieses Berichts sind synthetisch erzeugt und beschreiben keine "
                    "reale Stadt.",
                    0x5A2700);
        d->y += 64;
    }
    const char *t = layout_text(l, "titel", NULL);
    if (t)
        pdfdoc_paragraphs(d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, x, w, t, COL_TEXT);
    /* participants, in two columns, as long as they fit */
    d->y += 6;
    snprintf(buf, sizeof buf, "Teilnehmende (%zu)", ds->ncities);
    pdfdoc_text(d, p, LAY_FONT_BOLD, 9.5, x, d->y, buf, COL_TEXT);
    d->y += 4;
    size_t rows = (ds->ncities + 1) / 2, max_rows = (size_t)((PDF_PAGE_H - 150 - d->y) / 11);
    if (rows <= max_rows) {
        for (size_t i = 0; i < ds->ncities; i++) {
            char name[600];
            pdfdoc_fit(d, LAY_FONT_REGULAR, 8.5, w / 2 - 12, ds->cities[i].name, name, sizeof name);
            size_t column = i / rows;
            pdfdoc_text(d, p, LAY_FONT_REGULAR, 8.5, x + (double)column * (w / 2),
                        d->y + 11 * (double)(i % rows + 1), name, COL_TEXT);
        }
        d->y += 11 * (double)rows;
    } else {
        d->y += 12;
        snprintf(buf, sizeof buf, "%zu Teilnehmende; die vollständige Liste steht im Anhang.",
                 ds->ncities);
        pdfdoc_text(d, p, LAY_FONT_REGULAR, 8.5, x, d->y, buf, COL_TEXT);
    }
    char date[64];
    fmt_date_de(r->o->when, r->o->utc, date, sizeof date);
    snprintf(buf, sizeof buf, "Stand: %s", date);
    pdfdoc_line(d, p, x, PDF_PAGE_H - 95, x + w, PDF_PAGE_H - 95, 0.5, 0xBBBBBB);
    pdfdoc_text(d, p, LAY_FONT_REGULAR, 9, x, PDF_PAGE_H - 80,
                layout_or(l->publisher, "Vergleichsring"), COL_TEXT);
    pdfdoc_text(d, p, LAY_FONT_REGULAR, 9, x, PDF_PAGE_H - 67, buf, COL_TEXT);
}

/* ---- preface and annex ------------------------------------------------------------ */

static void preface(report *r)
{
    const char *t = layout_text(r->lay, "vorbemerkungen", NULL);
    rpt_chapter(r, "Vorbemerkungen");
    pdfdoc *d = r->d;
    if (t)
        pdfdoc_paragraphs(d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, d->left, pdfdoc_width(d), t,
                          COL_TEXT);
    char buf[512];
    snprintf(buf, sizeof buf,
             "Der Bericht umfasst %zu Teilnehmende, %zu Kennzahlen in %zu Leistungsbereichen und "
             "die Jahre %d bis %d.",
             r->ds->ncities, r->ds->nkz, r->ds->nareas, r->ds->years[0], r->o->year);
    pdfdoc_paragraphs(d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, d->left, pdfdoc_width(d), buf,
                      COL_TEXT);
}

/* Two-column rows: term and explanation, wrapped. */
static void term_rows(report *r, const char *const (*rows)[2], size_t n, double term_w)
{
    pdfdoc *d = r->d;
    for (size_t i = 0; i < n; i++) {
        char **lines;
        size_t nl =
            pdfdoc_wrap(d, LAY_FONT_REGULAR, 8.5, pdfdoc_width(d) - term_w, rows[i][1], &lines);
        pdfdoc_need(d, 11.0 * (double)nl + 2);
        pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_BOLD, 8.5, d->left, d->y + 9, rows[i][0],
                    COL_TEXT);
        for (size_t k = 0; k < nl; k++)
            pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_REGULAR, 8.5, d->left + term_w,
                        d->y + 9 + 11.0 * (double)k, lines[k], COL_TEXT);
        d->y += 11.0 * (double)nl + 2;
        pdfdoc_free_lines(lines, nl);
    }
    d->y += 6;
}

/* "." to end a sentence, unless the text already ends with one. */
static const char *end_dot(const char *s)
{
    size_t n = strlen(s);
    return n && s[n - 1] == '.' ? "" : ".";
}

static void annex_definitions(report *r)
{
    pdfdoc *d = r->d;
    rpt_section(r, "Kennzahldefinitionen", 12, 0);
    for (size_t k = 0; k < r->ds->nkz; k++) {
        const ds_kennzahl *kz = &r->ds->kz[k];
        char buf[4096], num[1024], den[1024], fac[64], part[128] = "";
        rpt_spell_formula(r->ds, kz->numerator, num, sizeof num);
        rpt_spell_formula(r->ds, kz->denominator[0] ? kz->denominator : "1", den, sizeof den);
        fmt_de(kz->factor, kz->factor == floor(kz->factor) ? 0 : 2, 0, fac, sizeof fac);
        if (kz->factor != 1)
            snprintf(part, sizeof part, " Faktor: %s.", fac);
        snprintf(buf, sizeof buf, "%s (%s)", kz->title, kz->code);
        pdfdoc_need(d, 40);
        pdfdoc_paragraphs(d, LAY_FONT_BOLD, 8.5, 11, d->left, pdfdoc_width(d), buf, COL_TEXT);
        d->y -= 5;
        snprintf(buf, sizeof buf, "Zähler: %s%s Nenner: %s%s%s Einheit: %s.%s%s", num, end_dot(num),
                 den, end_dot(den), part, kz->unit, kz->description[0] ? " " : "", kz->description);
        pdfdoc_paragraphs(d, LAY_FONT_REGULAR, 8, 10.5, d->left, pdfdoc_width(d), buf, COL_TEXT);
    }
}

static void annex_symbols(report *r)
{
    rpt_section(r, "Zeichenerklärung", 12, 0);
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
    pdfdoc_paragraphs(r->d, LAY_FONT_REGULAR, 8.5, 11, r->d->left, pdfdoc_width(r->d),
                      "Fehlende Balken in den Diagrammen beruhen auf fehlender Datenlieferung oder "
                      "Nichtzuständigkeit; an ihrer Stelle steht das Zeichen.",
                      COL_TEXT);
}

static void annex_abbreviations(report *r)
{
    static const char *const fixed[][2] = {
        {"a.v.E.", "außerhalb von Einrichtungen"},
        {"BG", "Bedarfsgemeinschaft(en)"},
        {"ELB", "erwerbsfähige Leistungsberechtigte"},
        {"EW", "Einwohnerinnen und Einwohner"},
        {"GeMW", "gewichteter Mittelwert (Gesamtwert des Vergleichsrings)"},
        {"i.E.", "in Einrichtungen"},
        {"KdU", "Kosten der Unterkunft und Heizung"},
        {"LB", "Leistungsberechtigte"},
        {"MW", "Mittelwert (ungewichtet)"},
        {"n", "Zahl der Teilnehmenden mit gültigem Wert"},
        {"Pp.", "Prozentpunkte"},
        {"RAG", "Regelaltersgrenze"},
        {"SGB", "Sozialgesetzbuch"},
    };
    rpt_section(r, "Abkürzungen", 12, 0);
    term_rows(r, fixed, sizeof fixed / sizeof *fixed, 60);
    const dataset *ds = r->ds;
    const char *(*rows)[2] = malloc((ds->ncities + 1) * sizeof *rows);
    if (!rows)
        return;
    for (size_t i = 0; i < ds->ncities; i++) {
        rows[i][0] = ds->cities[i].shortname;
        rows[i][1] = ds->cities[i].name;
    }
    pdfdoc_paragraphs(r->d, LAY_FONT_BOLD, 8.5, 11, r->d->left, pdfdoc_width(r->d), "Teilnehmende",
                      COL_TEXT);
    term_rows(r, (const char *const(*)[2])rows, ds->ncities, 60);
    free(rows);
}

#define MAX_REMARKS 300

static void annex_remarks(report *r)
{
    rpt_section(r, "Datenhinweise", 12, 0);
    pdfdoc *d = r->d;
    const diag_list *dl = r->o->diag;
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < diag_size(dl); i++) {
        const diag_entry *e = diag_get(dl, i);
        if (e->severity != DIAG_WARNING)
            continue;
        total++;
        if (shown == MAX_REMARKS)
            continue;
        char buf[1400], where[200] = "";
        if (e->city || e->year) {
            int ci = e->city ? dataset_city_index(r->ds, e->city) : -1;
            snprintf(where, sizeof where, "%s%s%.0d: ", ci >= 0 ? r->ds->cities[ci].name : "",
                     ci >= 0 && e->year ? " " : "", e->year);
        }
        snprintf(buf, sizeof buf, "%s%s", where, e->message);
        char **lines;
        size_t nl = pdfdoc_wrap(d, LAY_FONT_REGULAR, 8, pdfdoc_width(d) - 10, buf, &lines);
        pdfdoc_need(d, 10.0 * (double)nl + 2);
        pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_REGULAR, 8, d->left, d->y + 8, "\xE2\x80\x93",
                    COL_TEXT);
        for (size_t k = 0; k < nl; k++)
            pdfdoc_text(d, pdfdoc_current(d), LAY_FONT_REGULAR, 8, d->left + 10,
                        d->y + 8 + 10.0 * (double)k, lines[k], COL_TEXT);
        d->y += 10.0 * (double)nl + 2;
        pdfdoc_free_lines(lines, nl);
        shown++;
    }
    char buf[256];
    if (total == 0)
        snprintf(buf, sizeof buf, "Die Prüfung der Basiszahlen ergab keine Hinweise.");
    else if (total > shown)
        snprintf(buf, sizeof buf, "… sowie %zu weitere Hinweise (vollständig in validation.csv).",
                 total - shown);
    else
        buf[0] = '\0';
    d->y += 4;
    if (buf[0])
        pdfdoc_paragraphs(d, LAY_FONT_ITALIC, 8, 10.5, d->left, pdfdoc_width(d), buf, COL_GREY);
}

static void annex(report *r)
{
    rpt_chapter(r, "Anhang");
    annex_definitions(r);
    annex_symbols(r);
    annex_abbreviations(r);
    annex_remarks(r);
    const char *t = layout_text(r->lay, "anhang", NULL);
    const char *rounding = "Abweichungen in den Summen ergeben sich durch Runden der Zahlen.";
    r->d->y += 6;
    if (t)
        pdfdoc_paragraphs(r->d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, r->d->left,
                          pdfdoc_width(r->d), t, COL_TEXT);
    if (!t || !strstr(t, rounding))
        pdfdoc_paragraphs(r->d, LAY_FONT_REGULAR, FS_BODY, LEAD_BODY, r->d->left,
                          pdfdoc_width(r->d), rounding, COL_TEXT);
}

/* ---- page furniture ----------------------------------------------------------------- */

static void watermark(report *r, HPDF_Page p, HPDF_ExtGState gs)
{
    HPDF_Page_GSave(p);
    HPDF_Page_SetExtGState(p, gs);
    HPDF_Page_SetRGBFill(p, 0.75f, 0.1f, 0.1f);
    HPDF_Page_BeginText(p);
    HPDF_Page_SetFontAndSize(p, r->d->font[LAY_FONT_BOLD], 110);
    double a = 54.0 * M_PI / 180, tw = HPDF_Page_TextWidth(p, "ENTWURF");
    double cx = PDF_PAGE_W / 2 - cos(a) * tw / 2 + sin(a) * 35,
           cy = PDF_PAGE_H / 2 - sin(a) * tw / 2 - cos(a) * 35;
    HPDF_Page_SetTextMatrix(p, (HPDF_REAL)cos(a), (HPDF_REAL)sin(a), (HPDF_REAL)-sin(a),
                            (HPDF_REAL)cos(a), (HPDF_REAL)cx, (HPDF_REAL)cy);
    HPDF_Page_ShowText(p, "ENTWURF");
    HPDF_Page_EndText(p);
    HPDF_Page_GRestore(p);
}

static void furniture(report *r)
{
    pdfdoc *d = r->d;
    const layout *l = r->lay;
    char stamp[128] = "", page[64], left[256];
    if (r->o->draft) {
        char when[32];
        fmt_datetime_de(r->o->when, r->o->utc, when, sizeof when);
        snprintf(stamp, sizeof stamp, "ENTWURF \xE2\x80\x93 Stand: %s", when);
    }
    HPDF_ExtGState gs = HPDF_CreateExtGState(d->doc);
    HPDF_ExtGState_SetAlphaFill(gs, 0.13f);
    for (size_t i = 0; i < d->npages; i++) {
        HPDF_Page p = d->pages[i].page;
        if (r->o->draft)
            watermark(r, p, gs);
        if (r->o->draft)
            pdfdoc_text(d, p, LAY_FONT_BOLD, 8, d->left, 22, stamp, 0xB00000);
        if (i == 0 && (l->sections & LAY_SEC_COVER))
            continue;
        double right = PDF_PAGE_W - d->right;
        char title[300];
        snprintf(title, sizeof title, "%s %d", layout_or(l->title, "Kennzahlenvergleich"),
                 r->o->year);
        pdfdoc_text(d, p, LAY_FONT_REGULAR, 7.5, d->left, d->top - 14, title, COL_GREY);
        char chx[600];
        pdfdoc_fit(d, LAY_FONT_REGULAR, 7.5, pdfdoc_width(d) * 0.55, d->pages[i].chapter, chx,
                   sizeof chx);
        pdfdoc_text(d, p, LAY_FONT_REGULAR, 7.5,
                    right - pdfdoc_text_width(d, LAY_FONT_REGULAR, 7.5, chx), d->top - 14, chx,
                    COL_GREY);
        pdfdoc_line(d, p, d->left, d->top - 10, right, d->top - 10, 0.4, 0xBBBBBB);
        snprintf(page, sizeof page, "Seite %zu von %zu", i + 1, d->npages);
        snprintf(left, sizeof left, "%s", layout_or(l->circle, ""));
        double fy = PDF_PAGE_H - d->bottom + 22;
        pdfdoc_line(d, p, d->left, fy - 10, right, fy - 10, 0.4, 0xBBBBBB);
        pdfdoc_text(d, p, LAY_FONT_REGULAR, 7.5, d->left, fy, left, COL_GREY);
        pdfdoc_text(d, p, LAY_FONT_REGULAR, 7.5,
                    right - pdfdoc_text_width(d, LAY_FONT_REGULAR, 7.5, page), fy, page, COL_GREY);
    }
}

static void metadata(report *r)
{
    HPDF_Doc doc = r->d->doc;
    const layout *l = r->lay;
    char buf[600];
    snprintf(buf, sizeof buf, "%s %d", layout_or(l->title, "Kennzahlenvergleich"), r->o->year);
    HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, buf);
    HPDF_SetInfoAttr(doc, HPDF_INFO_AUTHOR, layout_or(l->publisher, "Vergleichsring"));
    snprintf(buf, sizeof buf, "%s, Berichtsjahr %d%s", layout_or(l->subtitle, "Monitoring"),
             r->o->year, r->o->draft ? " (Entwurf)" : "");
    HPDF_SetInfoAttr(doc, HPDF_INFO_SUBJECT, buf);
    HPDF_SetInfoAttr(doc, HPDF_INFO_KEYWORDS, layout_or(l->keywords, "Kennzahlenvergleich"));
    HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "kvreport " KV_VERSION);
    struct tm tm;
    gmtime_r(&r->o->when, &tm);
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec,         'Z',           0,          0};
    HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(doc, HPDF_INFO_MOD_DATE, date);
    HPDF_AddPageLabel(doc, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    HPDF_SetPageMode(doc, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* ---- the whole report ------------------------------------------------------------------ */

int report_write(const render_ctx *o, const char *chart_dir, FILE *fp, char *err, size_t errsz)
{
    report r = {
        .o = o, .chart_dir = chart_dir, .pdf = fp != NULL, .ds = o->ds, .kz = o->kz, .lay = o->lay};
    int yi = dataset_year_index(o->ds, o->year);
    if (yi < 0) {
        snprintf(err, errsz, "Berichtsjahr %d fehlt in den Daten", o->year);
        return -1;
    }
    r.yi = (size_t)yi;
    r.d = pdfdoc_new(o->lay, err, errsz);
    if (!r.d)
        return -1;
    r.ch = chart_new(o->lay, err, errsz);
    if (!r.ch) {
        pdfdoc_free(r.d);
        return -1;
    }
    unsigned sec = o->lay->sections;
    if (sec & LAY_SEC_COVER)
        cover(&r);
    size_t toc_first = r.d->npages, toc_n = 0;
    if (sec & LAY_SEC_CONTENTS) {
        toc_n = toc_pages_needed(&r);
        r.d->chapter = "Inhalt";
        for (size_t i = 0; i < toc_n; i++)
            pdfdoc_add_page(r.d);
    }
    if (sec & LAY_SEC_PREFACE)
        preface(&r);
    if (sec & LAY_SEC_AREAS)
        rpt_areas(&r);
    if (sec & LAY_SEC_PROFILES)
        rpt_profiles(&r);
    if (sec & LAY_SEC_ANNEX)
        annex(&r);
    if (!r.d->npages)
        pdfdoc_add_page(r.d);
    if (toc_n)
        draw_toc(&r, toc_first, toc_n);
    furniture(&r);
    metadata(&r);
    int rc = 0;
    if (r.failed) {
        snprintf(err, errsz, "%s", r.err);
        rc = r.failed == 2 ? -2 : -1;
    } else if (r.d->error) {
        snprintf(err, errsz, "libharu-Fehler 0x%04X (Detail %u)", (unsigned)r.d->error,
                 (unsigned)r.d->detail);
        rc = -1;
    } else if (fp && pdfdoc_save(r.d, fp) < 0) {
        snprintf(err, errsz, "PDF kann nicht geschrieben werden: %s",
                 r.d->error ? "libharu-Fehler" : strerror(errno));
        rc = r.d->error ? -1 : -2;
    }
    for (size_t i = 0; i < r.ntoc; i++)
        free(r.toc[i].title);
    free(r.toc);
    chart_free(r.ch);
    pdfdoc_free(r.d);
    return rc;
}
