/* pdfdoc.c - placements recorded in order, measured with the fonts'
 * metrics (pdffont.h), and replayed into a libharu document on save. */
#include "pdfdoc.h"

#include "pdffont.h"
#include "pdftag.h"
#include "text.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    OP_PAGE,
    OP_TEXT,
    OP_RECT,
    OP_LINE,
    OP_FIGURE,
    OP_BOOKMARK,
    OP_LINK,
    OP_RUNNING,
    OP_WATERMARK
} op_kind;

/* One placement, kept small: a long report has hundreds of thousands.
 * Its text lives in the document's text arena, its figure in `figs`. */
typedef struct {
    uint8_t kind, role, font, closed; /* op_kind, pdf_role, lay_font; bookmark: shown closed */
    uint32_t rgb;
    size_t page;
    size_t text; /* offset in d->text, NO_TEXT: none */
    size_t aux;  /* bookmark: parent id; link: target page; figure: index in d->figs */
    uint32_t se; /* its structure element (pdftag.h), TAG_NONE: an artifact */
    /* text: x, y, size; rect: x, y, w, h; line: from x, y to w, h, width size;
     * figure: x, y, w, h; bookmark: y; link: from x to w on baseline y,
     * size above and h below it, to the target's t */
    double x, y, w, h, size, t;
} op;

#define NO_TEXT ((size_t)-1)

typedef struct {
    char *chapter; /* running header text */
} page_rec;

struct pdfdoc {
    HPDF_Doc doc;
    pdffont *font[LAY_FONT_COUNT];
    pdffont_doc *fonts; /* the fonts drawn with, written on save */
    HPDF_Encoder enc;
    page_rec *pages;
    size_t npages, page_cap;
    op *ops;
    size_t nops, op_cap;
    char *text; /* the placements' strings, NUL-terminated, one after the other */
    size_t ntext, text_cap;
    pdf_figure *figs;
    size_t nfigs, figs_cap;
    size_t nbookmarks;
    double left, right, top, bottom; /* content box, from the page edges */
    double y;                        /* flow cursor: distance from the top edge */
    char *chapter;                   /* given to new pages */
    char *info[5];                   /* title, author, subject, keywords, creator */
    time_t when;
    int has_info;
    kv_status status; /* the first failure, its message in err */
    kv_error err;
    HPDF_STATUS error, detail; /* first libharu error */
    /* replay: libharu's objects for pages and bookmarks, the translucent
     * state of the watermark */
    HPDF_Page *hp;
    HPDF_Outline *outlines;
    HPDF_ExtGState alpha;
    /* the fill colour and font resource (-1: none) last set on
     * `state_page`, so that repeated ones are left out of its content */
    HPDF_Page state_page;
    uint32_t fill;
    int has_fill;
    int font_set;
    double size_set;
    /* the operators of a text, assembled before they go to the page */
    char *ops_buf;
    size_t ops_len, ops_cap;
    /* the structure tree, and the groups placements go into while they
     * last: a table and its row, a list, the contents and the link of the
     * entry being placed (TAG_NONE: none open); tags is NULL in the
     * untagged variant (pdf_untagged) */
    pdf_tags *tags;
    uint32_t table, list, toc, link;
    size_t link_text; /* the first text of that link (NO_TEXT: none yet) */
};

static void fail(pdfdoc *d, kv_status st, const char *msg)
{
    if (d->status)
        return;
    d->status = st;
    kv_fail(&d->err, st, "%s", msg);
}

static void nomem(pdfdoc *d)
{
    fail(d, KV_ERR_NOMEM, "zu wenig Speicher");
}

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    pdfdoc *d = user;
    if (!d->error) {
        d->error = error;
        d->detail = detail;
    }
    if (!d->status) {
        d->status = error == HPDF_FAILD_TO_ALLOC_MEM ? KV_ERR_NOMEM : KV_ERR_INTERNAL;
        kv_fail(&d->err, d->status, "libharu-Fehler 0x%04X (Detail %u)", (unsigned)error,
                (unsigned)detail);
    }
}

/* The sRGB profile of the output intent (PDF/A); KVREPORT_SRGB_ICC
 * replaces it for tests of a missing one. */
static const char *pdf_icc_path(void)
{
    const char *p = getenv("KVREPORT_SRGB_ICC");
    return p && *p ? p : PDF_SRGB_ICC;
}

/* A benchmark aid, not an option: KVREPORT_BENCH_UNTAGGED=1 makes every
 * document of the process untagged (no structure elements, marked
 * content, link structure, document-level entries, XMP, output intent or
 * cross-reference stream; libharu saves the file itself), so that make
 * bench can measure what tagging costs. Read once per process. */
static int pdf_untagged(void)
{
    static int untagged = -1;
    if (untagged < 0) {
        const char *v = getenv("KVREPORT_BENCH_UNTAGGED");
        untagged = v && strcmp(v, "1") == 0;
    }
    return untagged;
}

pdfdoc *pdfdoc_new(const layout *lay)
{
    pdfdoc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->table = d->list = d->toc = d->link = TAG_NONE;
    d->link_text = NO_TEXT;
    d->doc = HPDF_New(on_error, d);
    int tagged = !pdf_untagged();
    d->tags = d->doc && tagged ? tags_new(pdf_icc_path()) : NULL;
    if (!d->doc || (tagged && !d->tags)) {
        nomem(d);
        return d;
    }
    if (d->tags && tags_error(d->tags)) {
        fail(d, KV_ERR_INTERNAL, tags_error(d->tags));
        return d;
    }
    /* before fonts and pages: filters are attached when objects are made */
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->doc);
    HPDF_SetCurrentEncoder(d->doc, "UTF-8");
    d->enc = HPDF_GetEncoder(d->doc, "UTF-8");
    d->fonts = pdffont_doc_new(d->doc);
    if (!d->fonts) {
        nomem(d);
        return d;
    }
    for (int i = 0; i < LAY_FONT_COUNT && !d->status; i++) {
        d->font[i] = pdffont_get(lay->font[i]);
        if (!d->font[i]) {
            /* the path whole: a layout's font name is user text (issue 11) */
            d->status = KV_ERR_INTERNAL;
            kv_fail(&d->err, d->status, "Schrift %s kann nicht eingebettet werden", lay->font[i]);
        }
    }
    d->top = lay->margin[0];
    d->right = lay->margin[1];
    d->bottom = lay->margin[2];
    d->left = lay->margin[3];
    return d;
}

void pdfdoc_free(pdfdoc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->npages; i++)
        free(d->pages[i].chapter);
    free(d->pages);
    free(d->ops);
    free(d->text);
    free(d->figs);
    for (size_t i = 0; i < sizeof d->info / sizeof *d->info; i++)
        free(d->info[i]);
    free(d->chapter);
    free(d->hp);
    free(d->outlines);
    free(d->ops_buf);
    pdffont_doc_free(d->fonts);
    tags_free(d->tags);
    kv_error_free(&d->err);
    if (d->doc)
        HPDF_Free(d->doc);
    free(d);
}

kv_status pdfdoc_status(const pdfdoc *d)
{
    return d->status;
}

const char *pdfdoc_error(const pdfdoc *d)
{
    return d->status ? kv_error_text(&d->err) : NULL;
}

/* ---- recording ----------------------------------------------------------------- */

/* Grows *v (of *cap elements of size each) to hold n + 1; 0 or -1. */
static int grow(void **v, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : first;
    while (c <= n)
        c *= 2;
    void *p = realloc(*v, c * size);
    if (!p)
        return -1;
    *v = p;
    *cap = c;
    return 0;
}

/* A new placement of the given kind on page, or NULL (after a failure). */
static op *record(pdfdoc *d, op_kind kind, pdf_role role, size_t page)
{
    if (d->status)
        return NULL;
    if (grow((void **)&d->ops, &d->op_cap, d->nops, sizeof *d->ops, 1024) < 0) {
        nomem(d);
        return NULL;
    }
    op *o = &d->ops[d->nops++];
    memset(o, 0, sizeof *o);
    o->kind = (uint8_t)kind;
    o->role = (uint8_t)role;
    o->page = page;
    o->text = NO_TEXT;
    o->se = TAG_NONE;
    return o;
}

/* Copies s into the text arena for o; 0, or -1 (the placement is
 * dropped, the status set). */
static int own_text(pdfdoc *d, op *o, const char *s)
{
    size_t len = strlen(s);
    if (grow((void **)&d->text, &d->text_cap, d->ntext + len, 1, 65536) < 0) {
        d->nops--;
        nomem(d);
        return -1;
    }
    memcpy(d->text + d->ntext, s, len + 1);
    o->text = d->ntext;
    d->ntext += len + 1;
    return 0;
}

static const char *text_of(const pdfdoc *d, const op *o)
{
    return o->text == NO_TEXT ? "" : d->text + o->text;
}

static size_t current(const pdfdoc *d)
{
    return d->npages ? d->npages - 1 : 0;
}

/* ---- structure: which element a placement belongs to ------------------------------ */

/* A new element, or TAG_NONE after a failure or when untagged. */
static uint32_t element(pdfdoc *d, tag_type type, uint32_t parent, size_t page)
{
    if (d->status || !d->tags)
        return TAG_NONE;
    uint32_t e = tags_add(d->tags, type, parent, page);
    if (e == TAG_NONE)
        nomem(d);
    return e;
}

/* Something outside the open table, list and contents follows: they end. */
static void end_groups(pdfdoc *d)
{
    d->table = d->list = d->toc = d->link = TAG_NONE;
    d->link_text = NO_TEXT;
}

/* A top-level element for a placement of role on page (TAG_NONE for an
 * artifact). */
static uint32_t block_element(pdfdoc *d, pdf_role role, size_t page)
{
    static const uint8_t type[] = {
        [PDF_ROLE_P] = TAG_P,       [PDF_ROLE_H1] = TAG_H1,     [PDF_ROLE_H2] = TAG_H2,
        [PDF_ROLE_TITLE] = TAG_P,   [PDF_ROLE_CAPTION] = TAG_P, [PDF_ROLE_NOTE] = TAG_NOTE,
        [PDF_ROLE_TH] = TAG_P,      [PDF_ROLE_TD] = TAG_P,      [PDF_ROLE_LBL] = TAG_P,
        [PDF_ROLE_LBODY] = TAG_P,   [PDF_ROLE_TOCI] = TAG_P,    [PDF_ROLE_FIGURE] = TAG_FIGURE,
        [PDF_ROLE_ARTIFACT] = TAG_P};
    if (role == PDF_ROLE_ARTIFACT)
        return TAG_NONE;
    end_groups(d);
    return element(d, (tag_type)type[role], TAG_ROOT, page);
}

/* The Link of the contents entry being placed on page: a new entry (and
 * contents, when none is open) unless one waits for its link. */
static uint32_t toc_element(pdfdoc *d, size_t page)
{
    if (d->link != TAG_NONE)
        return d->link;
    if (d->toc == TAG_NONE) {
        end_groups(d);
        d->toc = element(d, TAG_TOC, TAG_ROOT, page);
    }
    uint32_t item = d->toc == TAG_NONE ? TAG_NONE : element(d, TAG_TOCI, d->toc, page);
    d->link = item == TAG_NONE ? TAG_NONE : element(d, TAG_LINK, item, page);
    return d->link;
}

double pdfdoc_left(const pdfdoc *d)
{
    return d->left;
}

double pdfdoc_right(const pdfdoc *d)
{
    return d->right;
}

double pdfdoc_top(const pdfdoc *d)
{
    return d->top;
}

double pdfdoc_bottom(const pdfdoc *d)
{
    return d->bottom;
}

double pdfdoc_width(const pdfdoc *d)
{
    return PDF_PAGE_W - d->left - d->right;
}

double pdfdoc_room(const pdfdoc *d)
{
    return PDF_PAGE_H - d->bottom - d->y;
}

size_t pdfdoc_page_count(const pdfdoc *d)
{
    return d->npages;
}

pdf_anchor pdfdoc_here(const pdfdoc *d)
{
    return (pdf_anchor){current(d), d->y};
}

void pdfdoc_set_chapter(pdfdoc *d, const char *chapter)
{
    char *c = strdup(chapter ? chapter : "");
    if (!c) {
        nomem(d);
        return;
    }
    free(d->chapter);
    d->chapter = c;
}

const char *pdfdoc_page_chapter(const pdfdoc *d, size_t page)
{
    return page < d->npages ? d->pages[page].chapter : "";
}

void pdfdoc_add_page(pdfdoc *d)
{
    if (d->status)
        return;
    if (d->npages == d->page_cap) {
        size_t cap = d->page_cap ? d->page_cap * 2 : 64;
        page_rec *n = realloc(d->pages, cap * sizeof *n);
        if (!n) {
            nomem(d);
            return;
        }
        d->pages = n;
        d->page_cap = cap;
    }
    char *chapter = strdup(d->chapter ? d->chapter : "");
    if (!chapter || !record(d, OP_PAGE, PDF_ROLE_ARTIFACT, d->npages)) {
        free(chapter);
        nomem(d);
        return;
    }
    d->pages[d->npages++].chapter = chapter;
    d->y = d->top;
}

void pdfdoc_need(pdfdoc *d, double height)
{
    if (!d->npages || pdfdoc_room(d) < height)
        pdfdoc_add_page(d);
}

void pdfdoc_space(pdfdoc *d, double dy)
{
    d->y += dy;
}

void pdfdoc_skip_to(pdfdoc *d, double y)
{
    d->y = y;
}

/* The sum of the characters' widths in 1/1000 em, as libharu measured
 * (pdffont.h); no character or word spacing is ever set. */
static double width_of(const pdfdoc *d, lay_font f, double size, const char *s, size_t len)
{
    if (!len || !d->font[f])
        return 0;
    return (double)pdffont_units(d->font[f], s, len) * size / 1000.0;
}

double pdfdoc_text_width(const pdfdoc *d, lay_font f, double size, const char *s)
{
    return s ? width_of(d, f, size, s, strlen(s)) : 0;
}

uint32_t pdfdoc_missing_char(const layout *lay, const char *s)
{
    for (int i = 0; s && i < LAY_FONT_COUNT; i++) {
        pdffont *f = pdffont_get(lay->font[i]);
        uint32_t cp = f ? pdffont_lacks(f, s) : 0;
        if (cp)
            return cp;
    }
    return 0;
}

/* A text of element se (TAG_NONE: an artifact). */
static void text_op(pdfdoc *d, size_t page, pdf_role role, uint32_t se, pdf_font f, double x,
                    double y, const char *s)
{
    if (!s || !*s)
        return;
    op *o = record(d, OP_TEXT, role, page);
    if (!o || own_text(d, o, s) < 0)
        return;
    o->se = se;
    o->font = (uint8_t)f.font;
    o->size = f.size;
    o->rgb = f.rgb;
    o->x = x;
    o->y = y;
}

void pdfdoc_text_at(pdfdoc *d, size_t page, pdf_role role, pdf_font f, double x, double y,
                    const char *s)
{
    if (!s || !*s)
        return;
    int first = role == PDF_ROLE_TOCI && d->link == TAG_NONE;
    uint32_t se = role == PDF_ROLE_TOCI ? toc_element(d, page) : block_element(d, role, page);
    text_op(d, page, role, se, f, x, y, s);
    if (first && !d->status && d->nops)
        d->link_text = d->ops[d->nops - 1].text;
}

void pdfdoc_rect_at(pdfdoc *d, size_t page, pdf_role role, double x, double y, double w, double h,
                    uint32_t rgb)
{
    op *o = record(d, OP_RECT, role, page);
    if (!o)
        return;
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    o->rgb = rgb;
}

void pdfdoc_line_at(pdfdoc *d, size_t page, pdf_role role, double x0, double y0, double x1,
                    double y1, double width, uint32_t rgb)
{
    op *o = record(d, OP_LINE, role, page);
    if (!o)
        return;
    o->x = x0;
    o->y = y0;
    o->w = x1;
    o->h = y1;
    o->size = width;
    o->rgb = rgb;
}

/* ---- line breaking ----------------------------------------------------------------- */

typedef struct {
    char **v;
    size_t n, cap;
    int failed;
} lines_t;

static void push_line(lines_t *l, const char *s, size_t len)
{
    if (l->failed)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **n = realloc(l->v, cap * sizeof *n);
        if (!n) {
            l->failed = 1;
            return;
        }
        l->v = n;
        l->cap = cap;
    }
    char *line = malloc(len + 1);
    if (!line) {
        l->failed = 1;
        return;
    }
    memcpy(line, s, len);
    line[len] = '\0';
    l->v[l->n++] = line;
}

/* Splits one overlong word between UTF-8 characters; *rest: the start of
 * the part left for the next line. */
static void split_word(const pdfdoc *d, lay_font f, double size, double width, const char *w,
                       size_t len, lines_t *out, size_t *rest)
{
    /* widths add up glyph by glyph: one pass, each line as long as fits
     * (at least one character); measuring the rest again for every line
     * took minutes for a name of 450,000 characters */
    size_t start = 0;
    long units = 0;
    for (size_t i = 0; i < len && d->font[f];) {
        size_t next = i + 1;
        while (next < len && ((unsigned char)w[next] & 0xC0) == 0x80)
            next++;
        long u = pdffont_units(d->font[f], w + i, next - i);
        if (i > start && (double)(units + u) * size / 1000.0 > width) {
            push_line(out, w + start, i - start);
            start = i;
            units = 0;
        }
        units += u;
        i = next;
    }
    *rest = start;
}

/* Whether the space between the words a (length an) and b is one a line
 * must not break at, as German typesetting keeps together: a number and
 * the word after it ("1.000 EW", "4. Kap."), "je", "§", "Nr." and the like
 * and the number after them ("je 1.000"), and "SGB" and its book ("SGB
 * XII)"). Where the words so kept together are wider than the line, they
 * break after all. */
static int glued(const char *a, size_t an, const char *b)
{
    /* of a word bound by no-break spaces ("Einheit: je"), its last part */
    for (size_t k = an; k >= 2; k--)
        if ((unsigned char)a[k - 2] == 0xC2 && (unsigned char)a[k - 1] == 0xA0) {
            a += k;
            an -= k;
            break;
        }
    if (an && a[0] == '(') { /* "(SGB II)", "(§ 27" */
        a++;
        an--;
    }
    static const char *const before_number[] = {"je", "§", "§§", "Nr.", "Art.", "Abs.", "Kap."};
    int b_digit = b[0] >= '0' && b[0] <= '9';
    for (size_t i = 0; i < sizeof before_number / sizeof *before_number; i++)
        if (b_digit && an == strlen(before_number[i]) && memcmp(a, before_number[i], an) == 0)
            return 1;
    if (an == 3 && memcmp(a, "SGB", 3) == 0) {
        size_t r = strspn(b, "IVX");
        return r > 0 && r <= 4 && strchr(" \n),.;:", b[r]) != NULL;
    }
    /* a number: digits with "." or "," inside or a "." at the end (an
     * ordinal, "4. Kap.", or a date, "31.12. je"; not a year ending a
     * sentence, "2024. Die") */
    size_t digits = 0, k = 0;
    for (; k < an; k++) {
        if (a[k] >= '0' && a[k] <= '9')
            digits++;
        else if (!((a[k] == '.' || a[k] == ',') && k > 0))
            break;
    }
    if (k < an || !digits || a[an - 1] == ',')
        return 0;
    if (a[an - 1] == '.' && digits > 2 && !memchr(a, '.', an - 1))
        return 0;
    /* a letter (ASCII, or Ä, é and the like: UTF-8 lead byte 0xC3, but not
     * × or ÷), % or € */
    unsigned char c = (unsigned char)b[0], c1 = (unsigned char)b[1];
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c == 0xC3 && c1 != 0x97 && c1 != 0xB7) || c == '%' ||
           strncmp(b, "\xE2\x82\xAC", 3) == 0;
}

/* The length of the word at p with the words glued to it (single spaces
 * between; at most GLUE_MAX links, "je 1.000 EW" has two, "§ 12 Abs. 3
 * Nr. 2" five, so that a text of a million "je 1" stays linear); just the
 * first word when together they are wider than width. */
#define GLUE_MAX 8
static size_t word_span(pdfdoc *d, lay_font f, double size, double width, const char *p)
{
    size_t wl = strcspn(p, " \n"), span = wl, last = 0;
    for (int links = 0; links < GLUE_MAX && p[span] == ' ' && p[span + 1] && p[span + 1] != ' ' &&
                        p[span + 1] != '\n' && glued(p + last, span - last, p + span + 1);
         links++) {
        last = span + 1;
        span = last + strcspn(p + last, " \n");
        if (width_of(d, f, size, p, span) > width)
            return wl;
    }
    return span;
}

/* The line being filled is text[ls .. ls + ll) with single spaces between
 * its words, kept as a copy in line (words are separated by runs of spaces
 * in text). */
size_t pdfdoc_wrap(pdfdoc *d, lay_font f, double size, double width, const char *text,
                   char ***lines)
{
    lines_t out = {0};
    size_t tl = strlen(text);
    char *line = malloc(tl + 2), *cand = malloc(tl + 2);
    size_t ll = 0;
    const char *p = text;
    while (line && cand && *p) {
        if (*p == '\n') {
            push_line(&out, line, ll);
            ll = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t wl = word_span(d, f, size, width, p);
        const char *word = p;
        p += wl;
        /* candidate: line + space + word (never longer than text) */
        size_t cl = 0;
        if (ll) {
            memcpy(cand, line, ll);
            cand[ll] = ' ';
            cl = ll + 1;
        }
        memcpy(cand + cl, word, wl);
        cl += wl;
        if (width_of(d, f, size, cand, cl) <= width) {
            memcpy(line, cand, cl);
            ll = cl;
            continue;
        }
        if (ll) {
            push_line(&out, line, ll);
            ll = 0;
        }
        size_t rest = 0;
        if (width_of(d, f, size, word, wl) > width)
            split_word(d, f, size, width, word, wl, &out, &rest);
        memcpy(line, word + rest, wl - rest);
        ll = wl - rest;
    }
    if (line && cand && (ll || out.n == 0))
        push_line(&out, line, ll);
    free(line);
    free(cand);
    if (!line || !cand || out.failed) {
        pdfdoc_free_lines(out.v, out.n);
        nomem(d);
        *lines = NULL;
        return 0;
    }
    *lines = out.v;
    return out.n;
}

void pdfdoc_free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

typedef struct {
    const pdfdoc *d;
    lay_font f;
    double size;
} measure_ctx;

static double measure(void *ctx, const char *s)
{
    const measure_ctx *m = ctx;
    return pdfdoc_text_width(m->d, m->f, m->size, s);
}

char *pdfdoc_fit(pdfdoc *d, lay_font f, double size, double width, const char *text)
{
    /* the result is never longer than text plus the ellipsis */
    size_t cap = strlen(text) + 4;
    char *out = malloc(cap);
    if (!out) {
        nomem(d);
        return NULL;
    }
    measure_ctx m = {d, f, size};
    text_fit(text, width, measure, &m, out, cap);
    return out;
}

char **pdfdoc_fit_apart(pdfdoc *d, lay_font f, double size, double width, const char *const *texts,
                        size_t n)
{
    measure_ctx m = {d, f, size};
    char **out = text_fit_apart(texts, n, width, measure, &m);
    if (!out)
        nomem(d);
    return out;
}

/* ---- placements in the flow ----------------------------------------------------------- */

void pdfdoc_paragraphs(pdfdoc *d, pdf_role role, pdf_font f, double leading, double x, double width,
                       const char *text)
{
    const char *p = text;
    while (p && *p && !d->status) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *para = strndup(p, len);
        if (!para) {
            nomem(d);
            return;
        }
        char **lines;
        size_t n = pdfdoc_wrap(d, f.font, f.size, width, para, &lines);
        uint32_t se = TAG_NONE;
        for (size_t i = 0; i < n; i++) {
            /* a paragraph's last line never starts a page alone (a widow):
             * the last two lines go together, and a paragraph of up to
             * three lines stays whole */
            size_t keep = i == 0 && n <= 3 ? n : i + 2 == n ? 2 : 1;
            pdfdoc_need(d, leading * (double)keep);
            d->y += leading;
            if (i == 0)
                se = block_element(d, role, current(d));
            text_op(d, current(d), role, se, f, x, d->y - (leading - f.size) / 2, lines[i]);
        }
        pdfdoc_free_lines(lines, n);
        free(para);
        d->y += leading * 0.6;
        p = end ? end + 2 : NULL;
    }
}

void pdfdoc_block(pdfdoc *d, const pdf_block *b, const char *text)
{
    char **lines = NULL, *one[1] = {(char *)text};
    size_t n = 1;
    if (b->width > 0)
        n = pdfdoc_wrap(d, b->font.font, b->font.size, b->width, text, &lines);
    uint32_t se = n && *text ? block_element(d, b->role, current(d)) : TAG_NONE;
    for (size_t i = 0; i < n; i++) {
        d->y += b->before;
        text_op(d, current(d), b->role, se, b->font, b->x, d->y, lines ? lines[i] : one[i]);
        d->y += b->after;
    }
    if (lines)
        pdfdoc_free_lines(lines, n);
    d->y += b->end;
}

void pdfdoc_rule(pdfdoc *d, double dy, double width, uint32_t rgb, double advance)
{
    pdfdoc_line_at(d, current(d), PDF_ROLE_ARTIFACT, d->left, d->y + dy, d->left + pdfdoc_width(d),
                   d->y + dy, width, rgb);
    d->y += advance;
}

/* ---- tables -------------------------------------------------------------------------- */

#define FS_TABLE   PDF_TABLE_FONT
#define TABLE_LINE PDF_TABLE_LINE
#define COL_TABLE  0x222222

static double cell_x(const pdfdoc *d, const pdf_table *t, size_t col, const char *text, lay_font f)
{
    double x = d->left;
    for (size_t i = 0; i < col; i++)
        x += t->w[i];
    if (col < t->left)
        return x + 3;
    return x + t->w[col] - 4 - pdfdoc_text_width(d, f, FS_TABLE, text);
}

/* 1 when column col has no header of its own: its text belongs to the
 * cell before it (a value's flag mark), in that cell's structure element. */
static int joined(const pdf_table *t, size_t col)
{
    return col > 0 && !t->head[col][0];
}

static void table_head(pdfdoc *d, const pdf_table *t, int continued)
{
    size_t lines = 1;
    for (size_t i = 0; i < t->n; i++)
        if (strchr(t->head[i], '\n'))
            lines = 2;
    double h = TABLE_LINE * (double)lines + 4;
    pdf_font bold = {LAY_FONT_BOLD, FS_TABLE, COL_TABLE};
    pdfdoc_rect_at(d, current(d), PDF_ROLE_ARTIFACT, d->left, d->y, pdfdoc_width(d), h, 0xE8EEF4);
    /* the header repeated on a following page is page furniture */
    uint32_t row = TAG_NONE;
    if (!continued || d->table == TAG_NONE) {
        end_groups(d);
        d->table = element(d, TAG_TABLE, TAG_ROOT, current(d));
        row = d->table == TAG_NONE ? TAG_NONE : element(d, TAG_TR, d->table, current(d));
    }
    for (size_t i = 0; i < t->n; i++) {
        if (joined(t, i))
            continue;
        uint32_t cell = row == TAG_NONE ? TAG_NONE : element(d, TAG_TH_COL, row, current(d));
        const char *more = i == 0 && continued && t->continued ? t->continued : "";
        size_t hl = strlen(t->head[i]), ml = strlen(more);
        char *text = malloc(hl + ml + 1);
        if (!text) {
            nomem(d);
            return;
        }
        memcpy(text, t->head[i], hl);
        memcpy(text + hl, more, ml + 1);
        char *second = strchr(text, '\n');
        if (second)
            *second++ = '\0';
        /* a one-line header cell sits on the last line */
        double y = d->y + TABLE_LINE * (double)(second ? 1 : lines);
        text_op(d, current(d), PDF_ROLE_TH, cell, bold, cell_x(d, t, i, text, LAY_FONT_BOLD), y,
                text);
        if (second)
            text_op(d, current(d), PDF_ROLE_TH, cell, bold, cell_x(d, t, i, second, LAY_FONT_BOLD),
                    y + TABLE_LINE, second);
        free(text);
    }
    d->y += h + 2;
}

void pdfdoc_table_head(pdfdoc *d, const pdf_table *t)
{
    table_head(d, t, 0);
}

void pdfdoc_table_continue(pdfdoc *d, const pdf_table *t)
{
    table_head(d, t, 1);
}

double pdfdoc_table_row_height(pdfdoc *d, const pdf_table *t, const char *const *cells, lay_font f)
{
    size_t most = 1, cols[2] = {0, t->wrap}, ncols = t->wrap > 0 && t->wrap < t->n ? 2 : 1;
    for (size_t i = 0; i < ncols; i++) {
        char **lines;
        size_t c = cols[i], nl = pdfdoc_wrap(d, f, FS_TABLE, t->w[c] - 6, cells[c], &lines);
        pdfdoc_free_lines(lines, nl);
        most = nl > most ? nl : most;
    }
    return TABLE_LINE * (double)most + 2;
}

void pdfdoc_table_row(pdfdoc *d, const pdf_table *t, const char *const *cells, lay_font f,
                      int shade)
{
    char **lines, **more = NULL;
    size_t nl = pdfdoc_wrap(d, f, FS_TABLE, t->w[0] - 6, cells[0], &lines), nm = 0;
    if (!nl)
        return;
    if (t->wrap > 0 && t->wrap < t->n && cells[t->wrap][0]) {
        nm = pdfdoc_wrap(d, f, FS_TABLE, t->w[t->wrap] - 6, cells[t->wrap], &more);
        if (!nm) {
            pdfdoc_free_lines(lines, nl);
            return;
        }
    }
    double h = TABLE_LINE * (double)(nm > nl ? nm : nl) + 2;
    if (pdfdoc_room(d) < h) {
        pdfdoc_add_page(d);
        table_head(d, t, 1);
    }
    size_t p = current(d);
    pdf_font font = {f, FS_TABLE, COL_TABLE};
    if (shade)
        pdfdoc_rect_at(d, p, PDF_ROLE_ARTIFACT, d->left, d->y, pdfdoc_width(d), h, 0xF5F7FA);
    if (d->table == TAG_NONE) {
        end_groups(d);
        d->table = element(d, TAG_TABLE, TAG_ROOT, p);
    }
    /* the first cell names the row */
    uint32_t row = d->table == TAG_NONE ? TAG_NONE : element(d, TAG_TR, d->table, p);
    uint32_t se = row == TAG_NONE ? TAG_NONE : element(d, TAG_TH_ROW, row, p);
    for (size_t i = 0; i < nl; i++)
        text_op(d, p, PDF_ROLE_TD, se, font, d->left + 3, d->y + TABLE_LINE * (double)(i + 1) - 1,
                lines[i]);
    pdfdoc_free_lines(lines, nl);
    for (size_t i = 1; i < t->n; i++) {
        if (i == t->wrap && nm) { /* its lines, one below the other */
            se = row == TAG_NONE ? TAG_NONE : element(d, TAG_TD, row, p);
            for (size_t k = 0; k < nm; k++)
                text_op(d, p, PDF_ROLE_TD, se, font, cell_x(d, t, i, more[k], f),
                        d->y + TABLE_LINE * (double)(k + 1) - 1, more[k]);
            pdfdoc_free_lines(more, nm);
            more = NULL;
            continue;
        }
        char *cell = pdfdoc_fit(d, f, FS_TABLE, t->w[i] - 6, cells[i]);
        if (!cell) {
            pdfdoc_free_lines(more, nm);
            return;
        }
        if (!joined(t, i))
            se = row == TAG_NONE ? TAG_NONE : element(d, TAG_TD, row, p);
        text_op(d, p, PDF_ROLE_TD, se, font, cell_x(d, t, i, cell, f), d->y + TABLE_LINE - 1, cell);
        free(cell);
    }
    d->y += h;
}

void pdfdoc_list_item(pdfdoc *d, const pdf_list *l, const char *label, const char *body)
{
    char **lines;
    size_t nl = pdfdoc_wrap(d, l->body_font, l->size, pdfdoc_width(d) - l->indent, body, &lines);
    if (!nl)
        return;
    pdfdoc_need(d, l->step * (double)nl + l->gap);
    size_t p = current(d);
    if (d->list == TAG_NONE) {
        end_groups(d);
        d->list = element(d, TAG_L, TAG_ROOT, p);
    }
    uint32_t li = d->list == TAG_NONE ? TAG_NONE : element(d, TAG_LI, d->list, p);
    uint32_t lbl = li == TAG_NONE ? TAG_NONE : element(d, TAG_LBL, li, p);
    uint32_t lbody = li == TAG_NONE ? TAG_NONE : element(d, TAG_LBODY, li, p);
    text_op(d, p, PDF_ROLE_LBL, lbl, (pdf_font){l->label_font, l->size, l->rgb}, d->left,
            d->y + l->baseline, label);
    for (size_t k = 0; k < nl; k++)
        text_op(d, p, PDF_ROLE_LBODY, lbody, (pdf_font){l->body_font, l->size, l->rgb},
                d->left + l->indent, d->y + l->baseline + l->step * (double)k, lines[k]);
    d->y += l->step * (double)nl + l->gap;
    pdfdoc_free_lines(lines, nl);
}

void pdfdoc_figure_at(pdfdoc *d, double x, double width, double height, const pdf_figure *fig)
{
    uint32_t se = block_element(d, PDF_ROLE_FIGURE, current(d));
    if (se != TAG_NONE &&
        (tags_set_alt(d->tags, se, fig->alt && *fig->alt ? fig->alt : "Diagramm") < 0 ||
         tags_set_bbox(d->tags, se, x, PDF_PAGE_H - d->y - height, x + width, PDF_PAGE_H - d->y) <
             0))
        nomem(d);
    op *o = record(d, OP_FIGURE, PDF_ROLE_FIGURE, current(d));
    if (!o)
        return;
    o->se = se;
    o->x = x;
    o->y = d->y;
    o->w = width;
    o->h = height;
    if (grow((void **)&d->figs, &d->figs_cap, d->nfigs, sizeof *d->figs, 64) < 0) {
        d->nops--;
        nomem(d);
    } else {
        o->aux = d->nfigs;
        d->figs[d->nfigs++] = *fig;
    }
}

void pdfdoc_figure(pdfdoc *d, double height, const pdf_figure *fig)
{
    pdfdoc_need(d, height + 4);
    pdfdoc_figure_at(d, d->left, pdfdoc_width(d), height, fig);
    d->y += height + 4;
}

/* ---- navigation ------------------------------------------------------------------------ */

size_t pdfdoc_bookmark(pdfdoc *d, size_t parent, const char *title, int closed)
{
    op *o = record(d, OP_BOOKMARK, PDF_ROLE_ARTIFACT, current(d));
    if (!o || own_text(d, o, title) < 0)
        return PDF_NO_BOOKMARK;
    o->y = d->y;
    o->aux = parent;
    o->closed = closed != 0;
    return d->nbookmarks++;
}

void pdfdoc_link(pdfdoc *d, size_t page, double x0, double x1, double y, double above, double below,
                 pdf_anchor target)
{
    /* the link of the contents entry placed last, or one of its own */
    uint32_t se = d->link;
    if (se == TAG_NONE) {
        end_groups(d);
        se = element(d, TAG_LINK, TAG_ROOT, page);
    }
    /* what the link leads to, for /Contents: "Title, Seite 7" */
    const char *title =
        d->link != TAG_NONE && d->link_text != NO_TEXT ? d->text + d->link_text : "";
    size_t tl = strlen(title);
    char *what = malloc(tl + 40);
    if (!what) {
        nomem(d);
        return;
    }
    snprintf(what, tl + 40, "%s%sSeite %zu", title, tl ? ", " : "", target.page + 1);
    d->link = TAG_NONE;
    d->link_text = NO_TEXT;
    op *o = record(d, OP_LINK, PDF_ROLE_TOCI, page);
    if (!o || own_text(d, o, what) < 0) {
        free(what);
        return;
    }
    free(what);
    o->se = se;
    o->x = x0;
    o->w = x1;
    o->y = y;
    o->size = above;
    o->h = below;
    o->aux = target.page;
    o->t = target.y;
}

/* ---- running headers and footers, metadata ------------------------------------------- */

void pdfdoc_running_begin(pdfdoc *d)
{
    record(d, OP_RUNNING, PDF_ROLE_ARTIFACT, 0);
}

void pdfdoc_watermark(pdfdoc *d, size_t page, const char *text)
{
    op *o = record(d, OP_WATERMARK, PDF_ROLE_ARTIFACT, page);
    if (o)
        own_text(d, o, text);
}

void pdfdoc_set_info(pdfdoc *d, const pdf_info *info)
{
    const char *v[] = {info->title, info->author, info->subject, info->keywords, info->creator};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char buf[TEXT_PDF_STRING_BUF];
        free(d->info[i]);
        d->info[i] = strdup(text_pdf_string(v[i] ? v[i] : "", buf));
        if (!d->info[i])
            nomem(d);
    }
    d->when = info->when;
    d->has_info = 1;
}

/* ---- replay into libharu ---------------------------------------------------------------- */

/* v as a PDF number into buf (room for 24 bytes): at most three
 * decimals, no exponent, a decimal point whatever the locale; the length.
 * (snprintf's "%g" costs several times as much, and libharu's writer
 * goes through a float.) */
static size_t put_num(char *buf, double v)
{
    char tmp[24];
    size_t n = 0, k = 0;
    if (!(fabs(v) < 1e12))
        v = 0; /* never reached by a page's coordinates */
    long long m = llround(fabs(v) * 1000);
    if (v < 0 && m)
        buf[n++] = '-';
    long long ip = m / 1000;
    int frac = (int)(m % 1000);
    do
        tmp[k++] = (char)('0' + ip % 10);
    while ((ip /= 10) > 0);
    while (k)
        buf[n++] = tmp[--k];
    if (frac) {
        buf[n++] = '.';
        buf[n++] = (char)('0' + frac / 100);
        if (frac % 100) {
            buf[n++] = (char)('0' + frac / 10 % 10);
            if (frac % 10)
                buf[n++] = (char)('0' + frac % 10);
        }
    }
    return n;
}

/* The assembled operators: room for more bytes; 0, or -1 (status set). */
static int ops_room(pdfdoc *d, size_t more)
{
    if (d->ops_len + more <= d->ops_cap)
        return 0;
    size_t cap = d->ops_cap ? d->ops_cap : 4096;
    while (cap < d->ops_len + more)
        cap *= 2;
    char *p = realloc(d->ops_buf, cap);
    if (!p) {
        nomem(d);
        return -1;
    }
    d->ops_buf = p;
    d->ops_cap = cap;
    return 0;
}

static void ops_add(pdfdoc *d, const char *s)
{
    size_t n = strlen(s);
    if (ops_room(d, n) == 0) {
        memcpy(d->ops_buf + d->ops_len, s, n);
        d->ops_len += n;
    }
}

/* Numbers, each followed by a space, then the operator and a newline. */
static void ops_nums(pdfdoc *d, const double *v, int n, const char *oper)
{
    if (ops_room(d, (size_t)n * 24 + 8) < 0)
        return;
    for (int i = 0; i < n; i++) {
        d->ops_len += put_num(d->ops_buf + d->ops_len, v[i]);
        d->ops_buf[d->ops_len++] = ' ';
    }
    ops_add(d, oper);
}

/* The operators assembled since ops_len was 0 go into p's content. */
static void ops_flush(pdfdoc *d, HPDF_Page p)
{
    if (d->ops_len && !d->status &&
        HPDF_Stream_Write(((HPDF_PageAttr)p->attr)->stream, (const HPDF_BYTE *)d->ops_buf,
                          (HPDF_UINT)d->ops_len) != HPDF_OK)
        nomem(d);
    d->ops_len = 0;
}

/* Fill colour and font persist in a page's graphics state (text state
 * included, across BT/ET); everything else drawing on a page restores what
 * it changes (figures, the watermark: q ... Q). So a colour or font equal
 * to the one last set on the same page is not set again. */
static void use_page(pdfdoc *d, HPDF_Page p)
{
    if (d->state_page != p) {
        d->state_page = p;
        d->has_fill = 0;
        d->font_set = -1;
    }
}

static void rgb_of(uint32_t rgb, double *v)
{
    v[0] = (double)((rgb >> 16) & 0xFF) / 255.0;
    v[1] = (double)((rgb >> 8) & 0xFF) / 255.0;
    v[2] = (double)(rgb & 0xFF) / 255.0;
}

static void fill_rgb(pdfdoc *d, HPDF_Page p, uint32_t rgb)
{
    use_page(d, p);
    if (d->has_fill && d->fill == rgb)
        return;
    double v[3];
    rgb_of(rgb, v);
    ops_nums(d, v, 3, "rg\012"); /* goes out with the text or rectangle it is for */
    d->fill = rgb;
    d->has_fill = 1;
}

/* The glyphs of s in font f at size, after the text operators already
 * assembled (BT, the position); the font resource set last is tracked in
 * *cur / *cur_size. */
static void ops_show(pdfdoc *d, HPDF_Page p, lay_font f, double size, const char *s, int *cur,
                     double *cur_size)
{
    if (!d->status && pdffont_doc_show(d->fonts, p, d->font[f], size, s, &d->ops_buf, &d->ops_len,
                                       &d->ops_cap, cur, cur_size) < 0)
        nomem(d);
}

static void draw_text(pdfdoc *d, HPDF_Page p, lay_font f, double size, double x, double y,
                      const char *s, uint32_t rgb)
{
    if (!s || !*s)
        return;
    fill_rgb(d, p, rgb);
    ops_add(d, "BT\012");
    const double pos[] = {x, PDF_PAGE_H - y};
    ops_nums(d, pos, 2, "Td\012");
    ops_show(d, p, f, size, s, &d->font_set, &d->size_set);
    ops_add(d, "ET\012");
    ops_flush(d, p);
}

static void draw_rect(pdfdoc *d, HPDF_Page p, const op *o)
{
    fill_rgb(d, p, o->rgb);
    const double r[] = {o->x, PDF_PAGE_H - o->y - o->h, o->w, o->h};
    ops_nums(d, r, 4, "re\012f\012");
    ops_flush(d, p);
}

/* A rule; its stroke colour and width are set each time (nothing else on
 * a page strokes outside a figure's q ... Q). */
static void draw_line(pdfdoc *d, HPDF_Page p, const op *o)
{
    double v[3];
    rgb_of(o->rgb, v);
    ops_nums(d, v, 3, "RG\012");
    ops_nums(d, &o->size, 1, "w\012");
    const double from[] = {o->x, PDF_PAGE_H - o->y}, to[] = {o->w, PDF_PAGE_H - o->h};
    ops_nums(d, from, 2, "m\012");
    ops_nums(d, to, 2, "l\012S\012");
    ops_flush(d, p);
}

/* The d operator: the charts' dashes are 1.5 points long (libharu 2.3.0's
 * HPDF_Page_SetDash takes whole numbers only). */
static void set_dash(pdfdoc *d, const cv_op *c)
{
    double v[CV_DASH_MAX];
    int n = c->n < CV_DASH_MAX ? c->n : CV_DASH_MAX;
    for (int i = 0; i < n; i++)
        v[i] = c->v[i];
    ops_add(d, "[");
    ops_nums(d, v, n, "");
    if (n && d->ops_len && d->ops_buf[d->ops_len - 1] == ' ')
        d->ops_len--; /* "[1.5 1.5]": no space before the bracket */
    const double off = n ? c->v[CV_DASH_MAX] : 0;
    ops_add(d, "] ");
    ops_nums(d, &off, 1, "d\012");
}

/* One recorded operation (canvas.h) as a PDF operator, the chart's point
 * (x, y downwards) placed at the figure's top left (ox, oy), assembled
 * with the document's own number writer (a figure has thousands). */
static void draw_path_op(pdfdoc *d, const cv_op *c, double ox, double oy)
{
    double v[6];
    for (int i = 0; i < 6; i += 2) {
        v[i] = ox + c->v[i];
        v[i + 1] = PDF_PAGE_H - oy - c->v[i + 1];
    }
    switch ((cv_op_kind)c->kind) {
    case CV_OP_FILL_RGB:
    case CV_OP_STROKE_RGB: {
        const double rgb[] = {c->v[0], c->v[1], c->v[2]};
        ops_nums(d, rgb, 3, c->kind == CV_OP_FILL_RGB ? "rg\012" : "RG\012");
        break;
    }
    case CV_OP_LINE_WIDTH:
    case CV_OP_LINE_CAP:
    case CV_OP_LINE_JOIN: {
        const double w = c->v[0];
        ops_nums(d, &w, 1,
                 c->kind == CV_OP_LINE_WIDTH ? "w\012"
                 : c->kind == CV_OP_LINE_CAP ? "J\012"
                                             : "j\012");
        break;
    }
    case CV_OP_DASH:
        set_dash(d, c);
        break;
    case CV_OP_MOVE_TO:
        ops_nums(d, v, 2, "m\012");
        break;
    case CV_OP_LINE_TO:
        ops_nums(d, v, 2, "l\012");
        break;
    case CV_OP_CURVE_TO:
        ops_nums(d, v, 6, "c\012");
        break;
    case CV_OP_RECTANGLE: { /* the same corner and sides, y turned upwards */
        const double r[] = {v[0], v[1], c->v[2], -(double)c->v[3]};
        ops_nums(d, r, 4, "re\012");
        break;
    }
    case CV_OP_CLOSE_PATH:
        ops_add(d, "h\012");
        break;
    case CV_OP_FILL:
        ops_add(d, "f\012");
        break;
    case CV_OP_STROKE:
        ops_add(d, "S\012");
        break;
    }
}

static double figure_busy; /* seconds in draw_figure */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double pdfdoc_figure_seconds(void)
{
    return figure_busy;
}

/* The chart's graphics as PDF path operators, in q ... Q so that its
 * colours, line widths and dashes stay its own (the fill colour the page
 * had before is the one it has after, see use_page), and its text set
 * over them in the document's fonts. */
static void draw_figure(pdfdoc *d, HPDF_Page p, const op *o)
{
    double t0 = now();
    chart_image img = {0};
    const pdf_figure *fig = &d->figs[o->aux];
    if (fig->render(fig->ctx, o->w, o->h, &img) < 0) {
        fail(d, KV_ERR_INTERNAL, "Diagramm kann nicht erzeugt werden");
    } else if (img.nops) {
        ops_add(d, "q\012");
        for (size_t i = 0; i < img.nops; i++)
            draw_path_op(d, &img.ops[i], o->x, o->y);
        ops_add(d, "Q\012");
        ops_flush(d, p);
    }
    for (size_t i = 0; i < img.ntexts && !d->status; i++) {
        const chart_text *t = &img.texts[i];
        double tx = o->x + t->x;
        if (t->align)
            tx -= pdfdoc_text_width(d, t->font, t->size, t->s) / (t->align == 1 ? 2 : 1);
        draw_text(d, p, t->font, t->size, tx, o->y + t->y, t->s, t->rgb);
    }
    fig->done(fig->ctx, &img);
    figure_busy += now() - t0;
}

static HPDF_Destination destination(HPDF_Page p, double y)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(p);
    HPDF_Destination_SetFitH(dst, (HPDF_REAL)fmin(PDF_PAGE_H, PDF_PAGE_H - y + 30));
    return dst;
}

static void draw_bookmark(pdfdoc *d, HPDF_Page p, const op *o, size_t id)
{
    HPDF_Outline parent = o->aux < id ? d->outlines[o->aux] : NULL;
    char buf[TEXT_PDF_STRING_BUF];
    HPDF_Outline ol =
        HPDF_CreateOutline(d->doc, parent, text_pdf_string(text_of(d, o), buf), d->enc);
    HPDF_Outline_SetDestination(ol, destination(p, o->y));
    if (o->closed)
        HPDF_Outline_SetOpened(ol, HPDF_FALSE);
    d->outlines[id] = ol;
}

static void draw_link(pdfdoc *d, HPDF_Page p, const op *o)
{
    if (o->aux >= d->npages || !d->hp[o->aux])
        return;
    HPDF_Destination dst = destination(d->hp[o->aux], o->t);
    HPDF_Rect rect = {(HPDF_REAL)o->x, (HPDF_REAL)(PDF_PAGE_H - o->y - o->h), (HPDF_REAL)o->w,
                      (HPDF_REAL)(PDF_PAGE_H - o->y + o->size)};
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(p, rect, dst);
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    HPDF_LinkAnnot_SetHighlightMode(a, HPDF_ANNOT_INVERT_BOX);
    if (a && d->tags && tags_annot(d->tags, a, o->page, o->se, text_of(d, o)) < 0)
        nomem(d);
}

static void draw_watermark(pdfdoc *d, HPDF_Page p, const char *text)
{
    HPDF_Page_GSave(p);
    HPDF_Page_SetExtGState(p, d->alpha);
    ops_add(d, "0.75 0.1 0.1 rg\012");
    double a = 54.0 * M_PI / 180, tw = pdfdoc_text_width(d, LAY_FONT_BOLD, 110, text);
    double cx = PDF_PAGE_W / 2 - cos(a) * tw / 2 + sin(a) * 35,
           cy = PDF_PAGE_H / 2 - sin(a) * tw / 2 - cos(a) * 35;
    const double m[] = {cos(a), sin(a), -sin(a), cos(a), cx, cy};
    ops_add(d, "BT\012");
    ops_nums(d, m, 6, "Tm\012");
    /* the font set inside q ... Q is gone after it: not the page's */
    int cur = -1;
    double cur_size = 0;
    ops_show(d, p, LAY_FONT_BOLD, 110, text, &cur, &cur_size);
    ops_add(d, "ET\012");
    ops_flush(d, p);
    HPDF_Page_GRestore(p);
}

static HPDF_Page new_page(pdfdoc *d)
{
    HPDF_Page p = HPDF_AddPage(d->doc);
    if (p) {
        HPDF_Page_SetWidth(p, (HPDF_REAL)PDF_PAGE_W);
        HPDF_Page_SetHeight(p, (HPDF_REAL)PDF_PAGE_H);
    }
    return p;
}

static void replay_op(pdfdoc *d, const op *o, size_t *bookmark)
{
    if (o->kind == OP_PAGE) {
        d->hp[o->page] = new_page(d);
        return;
    }
    if (o->kind == OP_RUNNING) {
        d->alpha = HPDF_CreateExtGState(d->doc);
        HPDF_ExtGState_SetAlphaFill(d->alpha, 0.13f);
        return;
    }
    HPDF_Page p = o->page < d->npages ? d->hp[o->page] : NULL;
    if (!p) {
        fail(d, KV_ERR_INTERNAL, "Platzierung ohne Seite");
        return;
    }
    /* whatever is drawn lies in marked content: its element's or /Artifact;
     * its operators go out with a text's, a rectangle's or a line's (which
     * assemble theirs in ops_buf), before anything else's (text_op records
     * no empty text, so every text draws what its mark opens) */
    if (d->tags && o->kind != OP_BOOKMARK && o->kind != OP_LINK) {
        size_t n;
        if (ops_room(d, TAGS_MARK_MAX) < 0 ||
            tags_mark(d->tags, p, o->page, o->se, d->ops_buf + d->ops_len, &n) < 0) {
            nomem(d);
            return;
        }
        d->ops_len += n;
        if (o->kind != OP_TEXT && o->kind != OP_RECT && o->kind != OP_LINE)
            ops_flush(d, p);
    }
    switch (o->kind) {
    case OP_TEXT:
        draw_text(d, p, (lay_font)o->font, o->size, o->x, o->y, text_of(d, o), o->rgb);
        break;
    case OP_RECT:
        draw_rect(d, p, o);
        break;
    case OP_LINE:
        draw_line(d, p, o);
        break;
    case OP_FIGURE:
        draw_figure(d, p, o);
        break;
    case OP_BOOKMARK:
        draw_bookmark(d, p, o, (*bookmark)++);
        break;
    case OP_LINK:
        draw_link(d, p, o);
        break;
    case OP_WATERMARK:
        draw_watermark(d, p, text_of(d, o));
        break;
    default:
        break;
    }
}

static void apply_info(pdfdoc *d)
{
    HPDF_Doc doc = d->doc;
    HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, d->info[0]);
    HPDF_SetInfoAttr(doc, HPDF_INFO_AUTHOR, d->info[1]);
    HPDF_SetInfoAttr(doc, HPDF_INFO_SUBJECT, d->info[2]);
    HPDF_SetInfoAttr(doc, HPDF_INFO_KEYWORDS, d->info[3]);
    HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, d->info[4]);
    struct tm tm;
    gmtime_r(&d->when, &tm);
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec,         'Z',           0,          0};
    HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(doc, HPDF_INFO_MOD_DATE, date);
}

/* Draws the recorded placements in the order they were made (that order
 * decides libharu's object numbers and the content of each page). */
/* The level at which the pages' content is deflated (libdeflate). At 400
 * participants level 1 against 6 costs 6 % more bytes (participant reports
 * 99 against 93 MB, circle report 3.9 against 3.5 MB) and saves 1.3 CPU s
 * of 5 in the participant reports (README "Speed"). */
#define PAGE_DEFLATE_LEVEL 1

/* Every page's content stream, complete after the replay, deflated by
 * libdeflate instead of libharu's zlib at its default level (about three
 * times the time for the same size): read back from libharu's memory
 * stream, deflated, written back, and marked as deflated (pdffont.h). */
static void deflate_pages(pdfdoc *d)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(PAGE_DEFLATE_LEVEL);
    unsigned char *raw = NULL, *out = NULL;
    size_t raw_cap = 0, out_cap = 0;
    for (size_t i = 0; c && i < d->npages && !d->status; i++) {
        HPDF_Dict contents = ((HPDF_PageAttr)d->hp[i]->attr)->contents;
        HPDF_Stream s = contents->stream;
        size_t n = s->size, bound = libdeflate_zlib_compress_bound(c, n);
        if (n + 1 > raw_cap) {
            unsigned char *r = realloc(raw, n + 1);
            if (!r)
                break;
            raw = r;
            raw_cap = n + 1;
        }
        if (bound > out_cap) {
            unsigned char *o = realloc(out, bound);
            if (!o)
                break;
            out = o;
            out_cap = bound;
        }
        HPDF_UINT got = (HPDF_UINT)n;
        if (n && (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK ||
                  HPDF_Stream_Read(s, raw, &got) != HPDF_OK || got != n)) {
            fail(d, KV_ERR_INTERNAL, "Seiteninhalt nicht lesbar");
            break;
        }
        size_t len = libdeflate_zlib_compress(c, raw, n, out, bound);
        if (!len) /* cannot happen with the bound: leave the page to libharu */
            continue;
        HPDF_MemStream_FreeData(s);
        if (HPDF_Stream_Write(s, out, (HPDF_UINT)len) != HPDF_OK) {
            nomem(d); /* the page's content is gone: the document failed */
            break;
        }
        pdffont_mark_deflated(contents);
    }
    /* a page left when memory ran out (no compressor, no buffer) keeps
     * libharu's filter: libharu deflates it itself */
    libdeflate_free_compressor(c);
    free(raw);
    free(out);
}

static void replay(pdfdoc *d)
{
    if (!d->npages)
        pdfdoc_add_page(d);
    d->hp = calloc(d->npages, sizeof(HPDF_Page));
    d->outlines = calloc(d->nbookmarks + 1, sizeof(HPDF_Outline));
    if (!d->hp || !d->outlines || (d->tags && tags_begin(d->tags, d->enc, d->npages) < 0)) {
        nomem(d);
        return;
    }
    size_t bookmark = 0;
    for (size_t i = 0; i < d->nops && !d->status; i++)
        replay_op(d, &d->ops[i], &bookmark);
    if (d->status)
        return;
    if (d->tags)
        tags_close(d->tags);
    if (pdffont_doc_finish(d->fonts) < 0) {
        fail(d, KV_ERR_INTERNAL, "Schriften können nicht eingebettet werden");
        return;
    }
    if (d->has_info)
        apply_info(d);
    const char *none = "";
    const tags_meta m = {d->has_info ? d->info[0] : none, d->has_info ? d->info[1] : none,
                         d->has_info ? d->info[2] : none, d->has_info ? d->info[3] : none,
                         d->has_info ? d->info[4] : none, d->when};
    kv_error e = {0};
    kv_status st = d->tags ? tags_finish(d->tags, d->doc, d->hp, d->npages, &m, &e) : KV_OK;
    if (st != KV_OK) {
        fail(d, st, kv_error_text(&e));
        kv_error_free(&e);
        return;
    }
    deflate_pages(d);
    HPDF_AddPageLabel(d->doc, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    HPDF_SetPageMode(d->doc, HPDF_PAGE_MODE_USE_OUTLINE);
}

kv_status pdfdoc_save(pdfdoc *d, FILE *fp)
{
    if (d->status)
        return d->status;
    replay(d);
    if (d->status)
        return d->status;
    /* libharu's objects, the structure tree and the cross-reference stream
     * (untagged: libharu's file as it is) */
    kv_error e = {0};
    if ((d->tags ? tags_save(d->tags, d->doc, fp, &e) : tags_save_untagged(d->doc, fp, &e)) !=
        KV_OK)
        fail(d, e.status, kv_error_text(&e));
    kv_error_free(&e);
    return d->status;
}
