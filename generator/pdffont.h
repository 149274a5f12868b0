/* pdffont.h - the PDF module's fonts, made without libharu's TrueType code.
 *
 * A font is a layout face (a TrueType file) with the process's fallback
 * face behind it (PDF_FONT_FALLBACK: Noto Sans Math, for U+2212 and other
 * characters Noto Sans lacks). Both are read with FreeType: a character's
 * glyph is the face's cmap entry (FT_Get_Char_Index), its width the glyph's
 * advance in font units scaled to 1/1000 em and truncated, as libharu 2.3.0
 * measures (HPDF_TTFontDef_GetGidWidth), so that the layout stays where it
 * was. A character neither face has is drawn as the layout face's .notdef
 * and counted (pdffont_doc_missing).
 *
 * Fonts and faces are made once per process and path and live until it
 * ends: participant reports are written many times in one worker process.
 *
 * In a document (pdffont_doc, through libharu's object layer) each face
 * drawn with becomes one Type0 font (Identity-H, CIDFontType2, CIDs = the
 * face's own glyph ids, CIDToGIDMap /Identity) whose program is a HarfBuzz
 * subset with the glyph ids retained. The subset holds the glyphs of a
 * fixed base set of characters (ASCII, Latin-1, the typographic
 * characters the program prints) and of whatever else the document drew;
 * the subset, its deflated bytes, the /W widths and the ToUnicode map are
 * kept per face for the glyph sets seen, so a document whose characters
 * lie in the base set - nearly every one - copies pre-deflated bytes
 * made once. What a document holds depends on nothing but the document. */
#ifndef KV_PDFFONT_H
#define KV_PDFFONT_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

/* The fallback faces (Debian: fonts-noto-core): Noto Sans Math, and
 * before it for a bold layout face Noto Sans Tamil Bold, whose minus sign
 * and other Latin signs are Noto Sans's in the bold weight (Noto Sans
 * Math has one weight). KVREPORT_FALLBACK_FONT replaces both (empty:
 * none), for tests of characters no face has. */
#define PDF_FONT_FALLBACK      "/usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf"
#define PDF_FONT_FALLBACK_BOLD "/usr/share/fonts/truetype/noto/NotoSansTamil-Bold.ttf"

typedef struct pdffont pdffont;

/* Marks a stream dictionary whose bytes are deflated already (zlib
 * format): libharu is not to deflate them again and "/Filter
 * /FlateDecode" is written for it. */
void pdffont_mark_deflated(HPDF_Dict stream_dict);
/* data deflated into a new buffer (*out, *out_len, zlib format at
 * libdeflate's level 6: for what is deflated once and kept, the font
 * subsets and the output intent's profile); 0 or -1. */
int pdffont_deflate(const void *data, size_t len, unsigned char **out, size_t *out_len);

/* The font of the TrueType file at path, made on first use; NULL when it
 * cannot be read as a TrueType face (or out of memory). A missing or
 * unreadable fallback face leaves the font without one. Never freed
 * before the process ends. */
pdffont *pdffont_get(const char *path);

/* A character's glyph: its face (0: the layout face, 1 and on: the
 * fallbacks in order),
 * glyph id and width in 1/1000 em; missing: neither face has it (then the
 * layout face's .notdef, gid 0). */
typedef struct {
    uint16_t gid, w;
    uint8_t face, missing;
} pdffont_glyph;

pdffont_glyph pdffont_glyph_of(pdffont *f, uint32_t cp);

/* The width of the layout face's .notdef in 1/1000 em (what a renderer
 * without the fallback face measures for a character the face lacks). */
unsigned pdffont_notdef_units(const pdffont *f);

/* The first character of the UTF-8 text s that neither face has (0:
 * none); it would be drawn as .notdef. */
uint32_t pdffont_lacks(pdffont *f, const char *s);

/* Width of the UTF-8 text s (len bytes) in 1/1000 em: the sum of its
 * characters' widths. A malformed byte counts as U+FFFD. */
long pdffont_units(pdffont *f, const char *s, size_t len);

/* The next character of UTF-8 text at *p (before end); *p moves past it.
 * A malformed byte is U+FFFD. */
uint32_t pdffont_next_cp(const char **p, const char *end);

/* ---- fonts in one libharu document ---- */

typedef struct pdffont_doc pdffont_doc;

/* The fonts of doc; NULL when out of memory. */
pdffont_doc *pdffont_doc_new(HPDF_Doc doc);
void pdffont_doc_free(pdffont_doc *fd);

/* Appends to out (*len bytes used of cap, grown with realloc) the text
 * operators that show s in font f at size inside BT ... ET: a font switch
 * (Tf) where the face changes or *cur (the font resource set last, -1:
 * none; *cur_size its size) differs, and the glyphs as <hex> Tj. The
 * resources it names are added to the page's /Font dictionary. 0, or -1
 * when out of memory. */
int pdffont_doc_show(pdffont_doc *fd, HPDF_Page page, pdffont *f, double size, const char *s,
                     char **out, size_t *len, size_t *cap, int *cur, double *cur_size);

/* Characters drawn so far that no face has, and the first of them. */
size_t pdffont_doc_missing(const pdffont_doc *fd, uint32_t *first);

/* Writes every font drawn with into the document (before it is saved).
 * 0, or -1 (HarfBuzz cannot subset a face, or out of memory). */
int pdffont_doc_finish(pdffont_doc *fd);

#endif
