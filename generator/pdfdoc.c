/* pdfdoc.c - libharu document, flow and text. */
#include "pdfdoc.h"

#include "text.h"

#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    pdfdoc *d = user;
    if (!d->error) {
        d->error = error;
        d->detail = detail;
    }
}

pdfdoc *pdfdoc_new(const layout *lay, char *err, size_t errsz)
{
    pdfdoc *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errsz, "zu wenig Speicher");
        return NULL;
    }
    d->lay = lay;
    d->doc = HPDF_New(on_error, d);
    if (!d->doc) {
        snprintf(err, errsz, "libharu kann kein Dokument anlegen");
        free(d);
        return NULL;
    }
    /* before fonts and pages: filters are attached when objects are made */
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->doc);
    HPDF_SetCurrentEncoder(d->doc, "UTF-8");
    d->enc = HPDF_GetEncoder(d->doc, "UTF-8");
    for (int i = 0; i < LAY_FONT_COUNT; i++) {
        const char *name = HPDF_LoadTTFontFromFile(d->doc, lay->font[i], HPDF_TRUE);
        d->font[i] = name ? HPDF_GetFont(d->doc, name, "UTF-8") : NULL;
        if (!d->font[i]) {
            snprintf(err, errsz, "Schrift %s kann nicht eingebettet werden (libharu-Fehler 0x%04X)",
                     lay->font[i], (unsigned)d->error);
            pdfdoc_free(d);
            return NULL;
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
    if (d->doc)
        HPDF_Free(d->doc);
    free(d);
}

HPDF_Page pdfdoc_add_page(pdfdoc *d)
{
    if (d->npages == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        pdf_page *n = realloc(d->pages, cap * sizeof *n);
        if (!n) {
            on_error(HPDF_FAILD_TO_ALLOC_MEM, 0, d);
            return d->npages ? d->pages[d->npages - 1].page : NULL;
        }
        d->pages = n;
        d->cap = cap;
    }
    HPDF_Page p = HPDF_AddPage(d->doc);
    if (!p) { /* the error handler has recorded why; keep drawing on the last page */
        on_error(d->error ? d->error : HPDF_FAILD_TO_ALLOC_MEM, 0, d);
        return d->npages ? d->pages[d->npages - 1].page : NULL;
    }
    HPDF_Page_SetWidth(p, (HPDF_REAL)PDF_PAGE_W);
    HPDF_Page_SetHeight(p, (HPDF_REAL)PDF_PAGE_H);
    d->pages[d->npages].page = p;
    d->pages[d->npages].chapter = strdup(d->chapter ? d->chapter : "");
    d->npages++;
    d->y = d->top;
    return p;
}

HPDF_Page pdfdoc_current(const pdfdoc *d)
{
    return d->npages ? d->pages[d->npages - 1].page : NULL;
}

double pdfdoc_width(const pdfdoc *d)
{
    return PDF_PAGE_W - d->left - d->right;
}

double pdfdoc_room(const pdfdoc *d)
{
    return PDF_PAGE_H - d->bottom - d->y;
}

void pdfdoc_need(pdfdoc *d, double height)
{
    if (!d->npages || pdfdoc_room(d) < height)
        pdfdoc_add_page(d);
}

/* Measured on the font, not on a page: HPDF_Page_TextWidth needs the font
 * set on the page, and every HPDF_Page_SetFontAndSize writes an operator
 * into its content. Without character or word spacing (never set here)
 * both give the same width. */
double pdfdoc_text_width(pdfdoc *d, lay_font f, double size, const char *s)
{
    if (!s || !*s)
        return 0;
    HPDF_TextWidth tw = HPDF_Font_TextWidth(d->font[f], (const HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
    return (double)tw.width * size / 1000.0;
}

/* Fill colour and font persist in a page's graphics state (text state
 * included, across BT/ET); everything else drawing on a page restores what
 * it changes (images, the watermark: q ... Q). So a colour or font equal
 * to the one last set on the same page is not set again. */
static void use_page(pdfdoc *d, HPDF_Page p)
{
    if (d->state_page != p) {
        d->state_page = p;
        d->has_fill = 0;
        d->font_set = NULL;
    }
}

static void fill_rgb(pdfdoc *d, HPDF_Page p, uint32_t rgb)
{
    use_page(d, p);
    if (d->has_fill && d->fill == rgb)
        return;
    HPDF_Page_SetRGBFill(p, (HPDF_REAL)((rgb >> 16) & 0xFF) / 255.0f,
                         (HPDF_REAL)((rgb >> 8) & 0xFF) / 255.0f, (HPDF_REAL)(rgb & 0xFF) / 255.0f);
    d->fill = rgb;
    d->has_fill = 1;
}

void pdfdoc_text(pdfdoc *d, HPDF_Page p, lay_font f, double size, double x, double y, const char *s,
                 uint32_t rgb)
{
    if (!s || !*s)
        return;
    fill_rgb(d, p, rgb);
    HPDF_Page_BeginText(p);
    if (d->font_set != d->font[f] || d->size_set != size) {
        HPDF_Page_SetFontAndSize(p, d->font[f], (HPDF_REAL)size);
        d->font_set = d->font[f];
        d->size_set = size;
    }
    HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y), s);
    HPDF_Page_EndText(p);
}

typedef struct {
    char **v;
    size_t n, cap;
} lines_t;

static void push_line(lines_t *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **n = realloc(l->v, cap * sizeof *n);
        if (!n)
            return;
        l->v = n;
        l->cap = cap;
    }
    char *line = malloc(len + 1);
    if (!line)
        return;
    memcpy(line, s, len);
    line[len] = '\0';
    l->v[l->n++] = line;
}

static double width_of(pdfdoc *d, lay_font f, double size, const char *s, size_t len)
{
    char buf[2048];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return pdfdoc_text_width(d, f, size, buf);
}

/* Splits one overlong word between UTF-8 characters. */
static void split_word(pdfdoc *d, lay_font f, double size, double width, const char *w, size_t len,
                       lines_t *out, size_t *rest)
{
    size_t start = 0;
    while (len - start > 0 && width_of(d, f, size, w + start, len - start) > width) {
        size_t cut = start, next = start;
        for (;;) {
            next = cut + 1;
            while (next < len && ((unsigned char)w[next] & 0xC0) == 0x80)
                next++;
            if (width_of(d, f, size, w + start, next - start) > width || next >= len)
                break;
            cut = next;
        }
        if (cut == start)
            cut = next; /* at least one character per line */
        push_line(out, w + start, cut - start);
        start = cut;
    }
    *rest = start;
}

size_t pdfdoc_wrap(pdfdoc *d, lay_font f, double size, double width, const char *text,
                   char ***lines)
{
    lines_t out = {0};
    char line[4096];
    size_t ll = 0;
    const char *p = text;
    while (*p) {
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
        size_t wl = strcspn(p, " \n");
        const char *word = p;
        p += wl;
        /* candidate: line + space + word */
        char cand[4096];
        size_t cl = 0;
        if (ll) {
            memcpy(cand, line, ll);
            cand[ll] = ' ';
            cl = ll + 1;
        }
        size_t take = wl < sizeof cand - cl - 1 ? wl : sizeof cand - cl - 1;
        memcpy(cand + cl, word, take);
        cl += take;
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
        if (width_of(d, f, size, word, take) > width)
            split_word(d, f, size, width, word, take, &out, &rest);
        memcpy(line, word + rest, take - rest);
        ll = take - rest;
    }
    if (ll || out.n == 0)
        push_line(&out, line, ll);
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
    pdfdoc *d;
    lay_font f;
    double size;
} measure_ctx;

static double measure(void *ctx, const char *s)
{
    const measure_ctx *m = ctx;
    return pdfdoc_text_width(m->d, m->f, m->size, s);
}

void pdfdoc_fit(pdfdoc *d, lay_font f, double size, double width, const char *text, char *out,
                size_t outsz)
{
    measure_ctx m = {d, f, size};
    text_fit(text, width, measure, &m, out, outsz);
}

void pdfdoc_paragraphs(pdfdoc *d, lay_font f, double size, double leading, double x, double width,
                       const char *text, uint32_t rgb)
{
    const char *p = text;
    while (p && *p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *para = malloc(len + 1);
        if (!para)
            return;
        memcpy(para, p, len);
        para[len] = '\0';
        char **lines;
        size_t n = pdfdoc_wrap(d, f, size, width, para, &lines);
        for (size_t i = 0; i < n; i++) {
            pdfdoc_need(d, leading);
            d->y += leading;
            pdfdoc_text(d, pdfdoc_current(d), f, size, x, d->y - (leading - size) / 2, lines[i],
                        rgb);
        }
        pdfdoc_free_lines(lines, n);
        free(para);
        d->y += leading * 0.6;
        p = end ? end + 2 : NULL;
    }
}

/* Written by libharu into the image dictionary, after it has dropped the
 * /Filter of a stream it does not filter itself (our data is deflated
 * already). */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* An image XObject around a zlib stream of PNG-filtered RGB rows (see
 * zpix.h), built with libharu's exported object API so that the document
 * stays libharu's own; libharu would otherwise keep every raw raster in
 * memory until the document is saved and deflate it again. */
static HPDF_Image image_xobject(pdfdoc *d, const unsigned char *z, size_t zlen, int w, int h)
{
    HPDF_Image img = HPDF_DictStream_New(d->doc->mmgr, d->doc->xref);
    HPDF_Dict parms = HPDF_Dict_New(d->doc->mmgr);
    if (!img || !parms)
        return NULL;
    img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    img->filter = HPDF_STREAM_FILTER_NONE;
    img->write_fn = write_flate_filter;
    if (HPDF_Dict_AddNumber(parms, "Predictor", 15) != HPDF_OK ||
        HPDF_Dict_AddNumber(parms, "Colors", 3) != HPDF_OK ||
        HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8) != HPDF_OK ||
        HPDF_Dict_AddNumber(parms, "Columns", w) != HPDF_OK ||
        HPDF_Dict_AddName(img, "Type", "XObject") != HPDF_OK ||
        HPDF_Dict_AddName(img, "Subtype", "Image") != HPDF_OK ||
        HPDF_Dict_AddNumber(img, "Width", w) != HPDF_OK ||
        HPDF_Dict_AddNumber(img, "Height", h) != HPDF_OK ||
        HPDF_Dict_AddName(img, "ColorSpace", "DeviceRGB") != HPDF_OK ||
        HPDF_Dict_AddNumber(img, "BitsPerComponent", 8) != HPDF_OK ||
        HPDF_Dict_Add(img, "DecodeParms", parms) != HPDF_OK ||
        HPDF_Stream_Write(img->stream, z, (HPDF_UINT)zlen) != HPDF_OK)
        return NULL;
    return img;
}

int pdfdoc_image(pdfdoc *d, HPDF_Page p, const unsigned char *z, size_t zlen, int w, int h,
                 double x, double y, double wp, double hp)
{
    HPDF_Image img = image_xobject(d, z, zlen, w, h);
    if (!img)
        return -1;
    return HPDF_Page_DrawImage(p, img, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - hp),
                               (HPDF_REAL)wp, (HPDF_REAL)hp) == HPDF_OK
               ? 0
               : -1;
}

void pdfdoc_rect(pdfdoc *d, HPDF_Page p, double x, double y, double w, double h, uint32_t rgb)
{
    fill_rgb(d, p, rgb);
    HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    HPDF_Page_Fill(p);
}

void pdfdoc_line(pdfdoc *d, HPDF_Page p, double x0, double y0, double x1, double y1, double width,
                 uint32_t rgb)
{
    (void)d;
    HPDF_Page_SetRGBStroke(p, (HPDF_REAL)((rgb >> 16) & 0xFF) / 255.0f,
                           (HPDF_REAL)((rgb >> 8) & 0xFF) / 255.0f,
                           (HPDF_REAL)(rgb & 0xFF) / 255.0f);
    HPDF_Page_SetLineWidth(p, (HPDF_REAL)width);
    HPDF_Page_MoveTo(p, (HPDF_REAL)x0, (HPDF_REAL)(PDF_PAGE_H - y0));
    HPDF_Page_LineTo(p, (HPDF_REAL)x1, (HPDF_REAL)(PDF_PAGE_H - y1));
    HPDF_Page_Stroke(p);
}

int pdfdoc_save(pdfdoc *d, FILE *fp)
{
    if (d->error || HPDF_SaveToStream(d->doc) != HPDF_OK)
        return -1;
    HPDF_ResetStream(d->doc);
    unsigned char buf[65536];
    for (;;) {
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS st = HPDF_ReadFromStream(d->doc, buf, &n);
        if (n && fwrite(buf, 1, n, fp) != n)
            return -1;
        if (st == HPDF_STREAM_EOF)
            break;
        if (st != HPDF_OK)
            return -1;
    }
    return ferror(fp) ? -1 : 0;
}
