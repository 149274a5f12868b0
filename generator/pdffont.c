/* pdffont.c - TrueType faces read with FreeType, subset with HarfBuzz and
 * written as Type0 fonts through libharu's object layer (see pdffont.h). */
#include "pdffont.h"

#include "sbuf.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include <hb-subset.h>
#include <hb.h>
#include <libdeflate.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libdeflate's level 6 for what is deflated once per process and kept:
 * measured on the default report's first font subset (31.6 KB) and the
 * sRGB profile (20.4 KB), 10,873 and 7,213 bytes in 0.18 and 0.22 ms,
 * against 10,925 and 7,213 bytes in 0.83 and 1.02 ms with zlib's level 9
 * (libdeflate's 9: 10,857 and 7,180 bytes in 0.27 and 0.47 ms). */
#define PDFFONT_DEFLATE_LEVEL 6

/* ---- faces ------------------------------------------------------------------------------ */

/* One glyph set's font data, ready to be copied into documents. */
typedef struct {
    uint16_t *gids; /* ascending, with .notdef (0) first */
    size_t n;
    uint32_t hash;
    unsigned char *program; /* the subset, deflated */
    size_t program_len, program_raw;
    unsigned char *cmap; /* the ToUnicode CMap, deflated */
    size_t cmap_len;
    char *widths; /* the /W array's text */
    char name[64];
} subset;

#define SUBSETS_KEPT 32 /* per face; further glyph sets are made per document */

typedef struct face {
    char *path;
    FT_Face ft;
    hb_face_t *hb;
    unsigned upem;
    uint32_t *cp_of; /* per glyph the smallest character mapped to it (0: none) */
    long nglyphs;
    /* the font descriptor's values, in 1/1000 em */
    int ascent, descent, cap_height, bbox[4], flags, stem_v;
    double italic_angle;
    char ps_name[48];
    subset *kept[SUBSETS_KEPT];
    size_t nkept;
    struct face *next;
} face;

/* Per character of the BMP, resolved once: known, its face (index in
 * the chain), missing, the glyph and its width. */
typedef struct {
    uint16_t gid, w;
    uint8_t known, face, missing;
} slot;

#define CHAIN 3 /* the layout face and up to two fallbacks */

struct pdffont {
    face *chain[CHAIN]; /* [0]: the layout face */
    int nchain;
    slot *bmp; /* 65,536 slots, made on first use */
    struct pdffont *next;
};

static FT_Library ftlib;
static face *faces;
static pdffont *all_fonts;

static unsigned width_units(const face *fc, unsigned gid)
{
    FT_Fixed adv = 0;
    if (gid >= (unsigned)fc->nglyphs)
        gid = 0;
    if (FT_Get_Advance(fc->ft, gid, FT_LOAD_NO_SCALE, &adv))
        return 0;
    return (unsigned)((unsigned long)adv * 1000 / fc->upem);
}

static int scale(const face *fc, long v)
{
    return (int)(v * 1000 / (long)fc->upem);
}

/* The descriptor's values and the glyphs' characters. */
static int describe(face *fc)
{
    FT_Face ft = fc->ft;
    fc->ascent = scale(fc, ft->ascender);
    fc->descent = scale(fc, ft->descender);
    fc->bbox[0] = scale(fc, ft->bbox.xMin);
    fc->bbox[1] = scale(fc, ft->bbox.yMin);
    fc->bbox[2] = scale(fc, ft->bbox.xMax);
    fc->bbox[3] = scale(fc, ft->bbox.yMax);
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    fc->cap_height = os2 && os2->version >= 2 ? scale(fc, os2->sCapHeight) : fc->ascent;
    const TT_Postscript *post = FT_Get_Sfnt_Table(ft, FT_SFNT_POST);
    fc->italic_angle = post ? (double)post->italicAngle / 65536.0 : 0;
    int bold = (ft->style_flags & FT_STYLE_FLAG_BOLD) != 0;
    fc->flags = 4 | ((ft->style_flags & FT_STYLE_FLAG_ITALIC) ? 64 : 0);
    fc->stem_v = bold ? 120 : 80;
    const char *ps = FT_Get_Postscript_Name(ft);
    /* a PDF name: letters, digits, '-' and '_' only */
    size_t k = 0;
    for (const char *p = ps ? ps : "Font"; *p && k + 1 < sizeof fc->ps_name; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_')
            fc->ps_name[k++] = *p;
    fc->ps_name[k] = '\0';
    fc->nglyphs = ft->num_glyphs;
    fc->cp_of = calloc((size_t)fc->nglyphs + 1, sizeof *fc->cp_of);
    if (!fc->cp_of)
        return -1;
    FT_UInt gid;
    for (FT_ULong cp = FT_Get_First_Char(ft, &gid); gid; cp = FT_Get_Next_Char(ft, cp, &gid))
        if (gid < (FT_UInt)fc->nglyphs && (!fc->cp_of[gid] || cp < fc->cp_of[gid]))
            fc->cp_of[gid] = (uint32_t)cp;
    return 0;
}

static void face_free(face *fc)
{
    if (!fc)
        return;
    if (fc->ft)
        FT_Done_Face(fc->ft);
    hb_face_destroy(fc->hb);
    free(fc->cp_of);
    free(fc->path);
    free(fc);
}

/* The face of path, read on first use; NULL when it cannot be. */
static face *face_get(const char *path)
{
    for (face *fc = faces; fc; fc = fc->next)
        if (!strcmp(fc->path, path))
            return fc;
    if (!ftlib && FT_Init_FreeType(&ftlib)) {
        ftlib = NULL;
        return NULL;
    }
    face *fc = calloc(1, sizeof *fc);
    if (!fc || !(fc->path = strdup(path)) || FT_New_Face(ftlib, path, 0, &fc->ft) ||
        !FT_IS_SFNT(fc->ft) || !fc->ft->units_per_EM) {
        face_free(fc);
        return NULL;
    }
    fc->upem = fc->ft->units_per_EM;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    fc->hb = blob ? hb_face_create(blob, 0) : NULL;
    hb_blob_destroy(blob);
    if (!fc->hb || describe(fc) < 0) {
        face_free(fc);
        return NULL;
    }
    fc->next = faces;
    faces = fc;
    return fc;
}

pdffont *pdffont_get(const char *path)
{
    for (pdffont *f = all_fonts; f; f = f->next)
        if (!strcmp(f->chain[0]->path, path))
            return f;
    face *main = face_get(path);
    if (!main)
        return NULL;
    pdffont *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->chain[f->nchain++] = main;
    const char *only = getenv("KVREPORT_FALLBACK_FONT");
    const char *fb[] = {only                                           ? only
                        : (main->ft->style_flags & FT_STYLE_FLAG_BOLD) ? PDF_FONT_FALLBACK_BOLD
                                                                       : PDF_FONT_FALLBACK,
                        only ? "" : PDF_FONT_FALLBACK};
    for (size_t i = 0; i < sizeof fb / sizeof *fb && f->nchain < CHAIN; i++) {
        face *fc = *fb[i] && strcmp(fb[i], path) != 0 ? face_get(fb[i]) : NULL;
        int dup = 0;
        for (int k = 0; k < f->nchain; k++)
            dup |= f->chain[k] == fc;
        if (fc && !dup)
            f->chain[f->nchain++] = fc;
    }
    f->next = all_fonts;
    all_fonts = f;
    return f;
}

static pdffont_glyph resolve(const pdffont *f, uint32_t cp)
{
    pdffont_glyph g = {0};
    for (int i = 0; i < f->nchain; i++) {
        FT_UInt gid = FT_Get_Char_Index(f->chain[i]->ft, cp);
        if (gid && gid <= 0xFFFF) {
            g.gid = (uint16_t)gid;
            g.w = (uint16_t)width_units(f->chain[i], gid);
            g.face = (uint8_t)i;
            return g;
        }
    }
    g.w = (uint16_t)width_units(f->chain[0], 0);
    g.missing = 1;
    return g;
}

pdffont_glyph pdffont_glyph_of(pdffont *f, uint32_t cp)
{
    if (cp > 0xFFFF)
        return resolve(f, cp);
    if (!f->bmp && !(f->bmp = calloc(0x10000, sizeof *f->bmp)))
        return resolve(f, cp);
    slot *s = &f->bmp[cp];
    if (!s->known) {
        pdffont_glyph g = resolve(f, cp);
        *s = (slot){g.gid, g.w, 1, g.face, g.missing};
    }
    return (pdffont_glyph){s->gid, s->w, s->face, s->missing};
}

unsigned pdffont_notdef_units(const pdffont *f)
{
    return width_units(f->chain[0], 0);
}

uint32_t pdffont_next_cp(const char **p, const char *end)
{
    const unsigned char *u = (const unsigned char *)*p;
    size_t left = (size_t)(end - *p);
    unsigned c = u[0], n = 0;
    uint32_t cp;
    if (c < 0x80) {
        *p += 1;
        return c;
    }
    if (c >= 0xC2 && c < 0xE0)
        n = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c < 0xF0)
        n = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c < 0xF5)
        n = 3, cp = c & 0x07;
    else
        n = 0, cp = 0;
    if (!n || left <= n) {
        *p += 1;
        return 0xFFFD;
    }
    for (unsigned i = 1; i <= n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *p += 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (u[i] & 0x3Fu);
    }
    /* overlong forms, surrogates and beyond U+10FFFF are not characters */
    static const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) {
        *p += 1;
        return 0xFFFD;
    }
    *p += n + 1;
    return cp;
}

uint32_t pdffont_lacks(pdffont *f, const char *s)
{
    const char *end = s + strlen(s);
    while (s < end) {
        uint32_t cp = pdffont_next_cp(&s, end);
        if (cp >= 0x20 && pdffont_glyph_of(f, cp).missing)
            return cp;
    }
    return 0;
}

long pdffont_units(pdffont *f, const char *s, size_t len)
{
    long w = 0;
    const char *end = s + len;
    while (s < end) {
        if ((unsigned char)*s < 0x80 && f->bmp && f->bmp[(unsigned char)*s].known) {
            w += f->bmp[(unsigned char)*s++].w;
            continue;
        }
        w += pdffont_glyph_of(f, pdffont_next_cp(&s, end)).w;
    }
    return w;
}

/* ---- the base set ----------------------------------------------------------------------- */

/* Characters every document may draw: printable ASCII, Latin-1, the rest
 * of Windows-1252 and the typographic characters the program prints
 * (dashes, quotes, ellipsis, minus, arrows, spaces, per mille, euro). */
static const uint32_t base_extra[] = {
    0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017D, 0x017E, 0x0192, 0x02C6, 0x02DC,
    0x2009, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E,
    0x2020, 0x2021, 0x2022, 0x2026, 0x202F, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122,
    0x2191, 0x2192, 0x2193, 0x2197, 0x2198, 0x2212, 0x2248, 0x2264, 0x2265};

/* The n-th character of the base set; 0 after the last. */
static uint32_t base_cp(size_t n)
{
    if (n < 0x7F - 0x20)
        return (uint32_t)(0x20 + n);
    n -= 0x7F - 0x20;
    if (n < 0x100 - 0xA0)
        return (uint32_t)(0xA0 + n);
    n -= 0x100 - 0xA0;
    return n < sizeof base_extra / sizeof *base_extra ? base_extra[n] : 0;
}

/* ---- subsets ---------------------------------------------------------------------------- */

static void subset_free(subset *s)
{
    if (!s)
        return;
    free(s->gids);
    free(s->program);
    free(s->cmap);
    free(s->widths);
    free(s);
}

static uint32_t hash_gids(const uint16_t *g, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (g[i] & 0xFF)) * 16777619u;
        h = (h ^ (g[i] >> 8)) * 16777619u;
    }
    return h;
}

int pdffont_deflate(const void *data, size_t len, unsigned char **out, size_t *out_len)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(PDFFONT_DEFLATE_LEVEL);
    size_t cap = c ? libdeflate_zlib_compress_bound(c, len) : 0;
    unsigned char *buf = cap ? malloc(cap) : NULL;
    size_t n = buf ? libdeflate_zlib_compress(c, data, len, buf, cap) : 0;
    libdeflate_free_compressor(c);
    if (!n) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = n;
    return 0;
}

/* The ToUnicode CMap: each glyph's code (its gid, two bytes) to its
 * character as UTF-16BE, 100 to a block (bfchar). */
static char *to_unicode(const face *fc, const uint16_t *gids, size_t n)
{
    sbuf t;
    sbuf_init(&t);
    sbuf_adds(&t, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                  "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t mapped = 0;
    for (size_t i = 0; i < n; i++)
        mapped += gids[i] < fc->nglyphs && fc->cp_of[gids[i]] != 0;
    size_t done = 0;
    char line[48];
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = gids[i] < fc->nglyphs ? fc->cp_of[gids[i]] : 0;
        if (!cp)
            continue;
        if (done % 100 == 0) {
            if (done)
                sbuf_adds(&t, "endbfchar\n");
            size_t block = mapped - done < 100 ? mapped - done : 100;
            snprintf(line, sizeof line, "%zu beginbfchar\n", block);
            sbuf_adds(&t, line);
        }
        if (cp > 0xFFFF) {
            uint32_t v = cp - 0x10000;
            snprintf(line, sizeof line, "<%04X> <%04X%04X>\n", gids[i], 0xD800 + (v >> 10),
                     0xDC00 + (v & 0x3FF));
        } else {
            snprintf(line, sizeof line, "<%04X> <%04X>\n", gids[i], cp);
        }
        sbuf_adds(&t, line);
        done++;
    }
    if (done)
        sbuf_adds(&t, "endbfchar\n");
    sbuf_adds(&t, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return sbuf_take(&t); /* NULL when an append failed */
}

/* The /W array: runs of consecutive glyphs as "first [w w ...]". */
static char *widths_of(const face *fc, const uint16_t *gids, size_t n)
{
    sbuf t;
    sbuf_init(&t);
    char num[16];
    sbuf_adds(&t, "[");
    for (size_t i = 0; i < n;) {
        size_t j = i;
        snprintf(num, sizeof num, "%u [", gids[i]);
        sbuf_adds(&t, num);
        do {
            snprintf(num, sizeof num, j > i ? " %u" : "%u", width_units(fc, gids[j]));
            sbuf_adds(&t, num);
            j++;
        } while (j < n && gids[j] == gids[j - 1] + 1);
        sbuf_adds(&t, "]");
        i = j;
        if (i < n)
            sbuf_adds(&t, " ");
    }
    sbuf_adds(&t, "]");
    return sbuf_take(&t); /* NULL when an append failed */
}

/* The font program of the glyphs: HarfBuzz's subset with the glyph ids
 * retained (so the text written before the set was known stays right),
 * without hinting and layout tables (a PDF viewer uses neither), with
 * the .notdef outline (drawn for characters no face has). */
static int make_program(const face *fc, const uint16_t *gids, size_t n, subset *s)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(gs, gids[i]);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const tables[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF",
                                         "MATH", "kern", "DSIG", "vhea", "vmtx"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        hb_set_add(drop, hb_tag_from_string(tables[i], 4));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING |
                                      HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    hb_face_t *sub = hb_subset_or_fail(fc->hb, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return -1;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    int rc = len ? pdffont_deflate(data, len, &s->program, &s->program_len) : -1;
    s->program_raw = len;
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return rc;
}

/* The font data of the glyph set gids (n, ascending, .notdef first), or
 * NULL. */
static subset *subset_new(const face *fc, const uint16_t *gids, size_t n, uint32_t hash)
{
    subset *s = calloc(1, sizeof *s);
    char *cmap = NULL;
    if (!s || !(s->gids = malloc(n * sizeof *gids)))
        goto fail;
    memcpy(s->gids, gids, n * sizeof *gids);
    s->n = n;
    s->hash = hash;
    /* the subset's tag: six capitals from the glyph set and the face */
    uint32_t h = hash;
    for (const char *p = fc->ps_name; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (int i = 0; i < 6; i++, h /= 26)
        s->name[i] = (char)('A' + h % 26);
    snprintf(s->name + 6, sizeof s->name - 6, "+%s", fc->ps_name);
    if (make_program(fc, gids, n, s) < 0 || !(cmap = to_unicode(fc, gids, n)) ||
        pdffont_deflate(cmap, strlen(cmap), &s->cmap, &s->cmap_len) < 0 ||
        !(s->widths = widths_of(fc, gids, n)))
        goto fail;
    free(cmap);
    return s;
fail:
    free(cmap);
    subset_free(s);
    return NULL;
}

/* ---- documents -------------------------------------------------------------------------- */

#define DOC_FACES 16

typedef struct {
    face *fc;
    HPDF_Dict type0;
    uint8_t *used; /* a bit per glyph id drawn */
    char res[8];   /* its resource name */
} doc_face;

struct pdffont_doc {
    HPDF_Doc doc;
    doc_face face[DOC_FACES];
    size_t nfaces;
    pdffont *font[DOC_FACES]; /* the fonts drawn with: their base sets belong in */
    size_t nfonts;
    subset *own[DOC_FACES]; /* subsets made for this document only */
    size_t nown;
    size_t missing;
    uint32_t first_missing;
    int failed;
};

pdffont_doc *pdffont_doc_new(HPDF_Doc doc)
{
    pdffont_doc *fd = calloc(1, sizeof *fd);
    if (fd)
        fd->doc = doc;
    return fd;
}

void pdffont_doc_free(pdffont_doc *fd)
{
    if (!fd)
        return;
    for (size_t i = 0; i < fd->nfaces; i++)
        free(fd->face[i].used);
    for (size_t i = 0; i < fd->nown; i++)
        subset_free(fd->own[i]);
    free(fd);
}

size_t pdffont_doc_missing(const pdffont_doc *fd, uint32_t *first)
{
    if (first)
        *first = fd->first_missing;
    return fd->missing;
}

/* The document's font of fc, made on first use (its dictionary is filled
 * by pdffont_doc_finish); NULL when out of memory. */
static doc_face *doc_face_of(pdffont_doc *fd, face *fc)
{
    for (size_t i = 0; i < fd->nfaces; i++)
        if (fd->face[i].fc == fc)
            return &fd->face[i];
    if (fd->nfaces == DOC_FACES)
        return NULL;
    doc_face *df = &fd->face[fd->nfaces];
    df->used = calloc(0x10000 / 8, 1);
    df->type0 = HPDF_Dict_New(fd->doc->mmgr);
    if (!df->used || !df->type0 || HPDF_Xref_Add(fd->doc->xref, df->type0) != HPDF_OK) {
        free(df->used);
        df->used = NULL;
        return NULL;
    }
    df->fc = fc;
    snprintf(df->res, sizeof df->res, "F%zu", fd->nfaces + 1);
    fd->nfaces++;
    return df;
}

static void note_font(pdffont_doc *fd, pdffont *f)
{
    for (size_t i = 0; i < fd->nfonts; i++)
        if (fd->font[i] == f)
            return;
    if (fd->nfonts < DOC_FACES)
        fd->font[fd->nfonts++] = f;
}

/* The page's /Font resources name df. */
static int add_resource(pdffont_doc *fd, HPDF_Page page, doc_face *df)
{
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    if (!res)
        return -1;
    HPDF_Dict fonts = HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT);
    if (!fonts) {
        fonts = HPDF_Dict_New(fd->doc->mmgr);
        if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
            return -1;
    }
    if (HPDF_Dict_GetItem(fonts, df->res, HPDF_OCLASS_DICT))
        return 0;
    return HPDF_Dict_Add(fonts, df->res, df->type0) == HPDF_OK ? 0 : -1;
}

static int grow_out(char **out, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    char *p = realloc(*out, c);
    if (!p)
        return -1;
    *out = p;
    *cap = c;
    return 0;
}

/* A font size as PDF writes it: up to three decimals. */
static size_t put_size(char *buf, double v)
{
    long m = (long)(v * 1000 + 0.5);
    size_t n = (size_t)sprintf(buf, "%ld", m / 1000);
    if (m % 1000) {
        n += (size_t)sprintf(buf + n, ".%03ld", m % 1000);
        while (buf[n - 1] == '0')
            buf[--n] = '\0';
    }
    return n;
}

int pdffont_doc_show(pdffont_doc *fd, HPDF_Page page, pdffont *f, double size, const char *s,
                     char **out, size_t *len, size_t *cap, int *cur, double *cur_size)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *end = s + strlen(s);
    int open = 0; /* inside <...> */
    note_font(fd, f);
    while (s < end) {
        uint32_t cp = pdffont_next_cp(&s, end);
        pdffont_glyph g = pdffont_glyph_of(f, cp);
        if (g.missing && fd->missing++ == 0)
            fd->first_missing = cp;
        face *fc = f->chain[g.face];
        doc_face *df = doc_face_of(fd, fc);
        if (!df)
            return -1;
        df->used[g.gid >> 3] |= (uint8_t)(1u << (g.gid & 7));
        int id = (int)(df - fd->face);
        if (grow_out(out, cap, *len + 64) < 0)
            return -1;
        if (id != *cur || size != *cur_size) {
            if (open) {
                memcpy(*out + *len, "> Tj\n", 5);
                *len += 5;
                open = 0;
            }
            if (add_resource(fd, page, df) < 0)
                return -1;
            char num[32];
            put_size(num, size);
            *len += (size_t)sprintf(*out + *len, "/%s %s Tf\n", df->res, num);
            *cur = id;
            *cur_size = size;
        }
        if (!open) {
            (*out)[(*len)++] = '<';
            open = 1;
        }
        char *o = *out + *len;
        o[0] = hex[g.gid >> 12];
        o[1] = hex[(g.gid >> 8) & 15];
        o[2] = hex[(g.gid >> 4) & 15];
        o[3] = hex[g.gid & 15];
        *len += 4;
    }
    if (open) {
        if (grow_out(out, cap, *len + 8) < 0)
            return -1;
        memcpy(*out + *len, "> Tj\n", 5);
        *len += 5;
    }
    return 0;
}

/* The glyph set of df: what the document drew and the base set of every
 * font drawn with whose characters fall to this face. */
static uint16_t *glyph_set(const pdffont_doc *fd, const doc_face *df, size_t *n)
{
    uint8_t *set = malloc(0x10000 / 8);
    if (!set)
        return NULL;
    memcpy(set, df->used, 0x10000 / 8);
    set[0] |= 1; /* .notdef */
    for (size_t i = 0; i < fd->nfonts; i++) {
        pdffont *f = fd->font[i];
        int uses = 0;
        for (int k = 0; k < f->nchain; k++)
            uses |= f->chain[k] == df->fc;
        if (!uses)
            continue;
        uint32_t cp;
        for (size_t k = 0; (cp = base_cp(k)) != 0; k++) {
            pdffont_glyph g = pdffont_glyph_of(f, cp);
            if (!g.missing && f->chain[g.face] == df->fc)
                set[g.gid >> 3] |= (uint8_t)(1u << (g.gid & 7));
        }
    }
    uint16_t *gids = malloc(0x10000 * sizeof *gids);
    size_t k = 0;
    for (unsigned g = 0; gids && g < 0x10000; g++)
        if (set[g >> 3] >> (g & 7) & 1)
            gids[k++] = (uint16_t)g;
    free(set);
    *n = k;
    return gids;
}

/* The kept subset of the glyph set, or a new one (kept, or the
 * document's own when the face keeps enough); NULL on failure. */
static subset *subset_for(pdffont_doc *fd, face *fc, const uint16_t *gids, size_t n)
{
    uint32_t h = hash_gids(gids, n);
    for (size_t i = 0; i < fc->nkept; i++) {
        subset *s = fc->kept[i];
        if (s->hash == h && s->n == n && !memcmp(s->gids, gids, n * sizeof *gids))
            return s;
    }
    subset *s = subset_new(fc, gids, n, h);
    if (!s)
        return NULL;
    if (fc->nkept < SUBSETS_KEPT)
        fc->kept[fc->nkept++] = s;
    else
        fd->own[fd->nown++] = s;
    return s;
}

/* Writes "/Filter /FlateDecode" into a stream dictionary whose bytes are
 * deflated already (libharu writes the filter only for the streams it
 * deflates itself, and removes any other). */
static HPDF_STATUS flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

void pdffont_mark_deflated(HPDF_Dict stream_dict)
{
    stream_dict->filter = HPDF_STREAM_FILTER_NONE;
    stream_dict->write_fn = flate_filter;
}

/* Raw text of the /W array (kept by the subset). */
static HPDF_STATUS write_widths(HPDF_Dict dict, HPDF_Stream stream)
{
    const subset *s = dict->attr;
    HPDF_STATUS st = HPDF_Stream_WriteStr(stream, "/W ");
    if (st == HPDF_OK)
        st = HPDF_Stream_WriteStr(stream, s->widths);
    return st == HPDF_OK ? HPDF_Stream_WriteStr(stream, "\012") : st;
}

static HPDF_Dict deflated_stream(pdffont_doc *fd, const unsigned char *data, size_t len)
{
    HPDF_Dict d = HPDF_DictStream_New(fd->doc->mmgr, fd->doc->xref);
    if (!d || HPDF_Stream_Write(d->stream, data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    pdffont_mark_deflated(d);
    return d;
}

static int write_face(pdffont_doc *fd, doc_face *df, const subset *s)
{
    HPDF_MMgr mm = fd->doc->mmgr;
    const face *fc = df->fc;
    HPDF_Dict cid = HPDF_Dict_New(mm), desc = HPDF_Dict_New(mm), info = HPDF_Dict_New(mm);
    HPDF_Array desc_list = HPDF_Array_New(mm), bbox = HPDF_Array_New(mm);
    HPDF_Dict program = deflated_stream(fd, s->program, s->program_len);
    HPDF_Dict cmap = deflated_stream(fd, s->cmap, s->cmap_len);
    if (!cid || !desc || !info || !desc_list || !bbox || !program || !cmap ||
        HPDF_Xref_Add(fd->doc->xref, cid) != HPDF_OK ||
        HPDF_Xref_Add(fd->doc->xref, desc) != HPDF_OK)
        return -1;
    HPDF_STATUS st = HPDF_Dict_AddNumber(program, "Length1", (HPDF_INT32)s->program_raw);
    st |= HPDF_Dict_AddName(df->type0, "Type", "Font");
    st |= HPDF_Dict_AddName(df->type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(df->type0, "BaseFont", s->name);
    st |= HPDF_Dict_AddName(df->type0, "Encoding", "Identity-H");
    st |= HPDF_Array_Add(desc_list, cid);
    st |= HPDF_Dict_Add(df->type0, "DescendantFonts", desc_list);
    st |= HPDF_Dict_Add(df->type0, "ToUnicode", cmap);
    st |= HPDF_Dict_AddName(cid, "Type", "Font");
    st |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    st |= HPDF_Dict_AddName(cid, "BaseFont", s->name);
    st |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    st |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    st |= HPDF_Dict_AddNumber(info, "Supplement", 0);
    st |= HPDF_Dict_Add(cid, "CIDSystemInfo", info);
    st |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
    st |= HPDF_Dict_AddNumber(cid, "DW", (HPDF_INT32)width_units(fc, 0));
    st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
    cid->attr = (void *)s;
    cid->write_fn = write_widths;
    st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    st |= HPDF_Dict_AddName(desc, "FontName", s->name);
    st |= HPDF_Dict_AddNumber(desc, "Flags", fc->flags);
    for (int i = 0; i < 4; i++)
        st |= HPDF_Array_AddNumber(bbox, fc->bbox[i]);
    st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    st |= HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)fc->italic_angle);
    st |= HPDF_Dict_AddNumber(desc, "Ascent", fc->ascent);
    st |= HPDF_Dict_AddNumber(desc, "Descent", fc->descent);
    st |= HPDF_Dict_AddNumber(desc, "CapHeight", fc->cap_height);
    st |= HPDF_Dict_AddNumber(desc, "StemV", fc->stem_v);
    st |= HPDF_Dict_Add(desc, "FontFile2", program);
    return st == HPDF_OK ? 0 : -1;
}

int pdffont_doc_finish(pdffont_doc *fd)
{
    for (size_t i = 0; i < fd->nfaces; i++) {
        doc_face *df = &fd->face[i];
        size_t n = 0;
        uint16_t *gids = glyph_set(fd, df, &n);
        subset *s = gids ? subset_for(fd, df->fc, gids, n) : NULL;
        free(gids);
        if (!s || write_face(fd, df, s) < 0)
            return -1;
    }
    return 0;
}
