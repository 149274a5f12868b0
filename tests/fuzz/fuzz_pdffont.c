/* libFuzzer target: the PDF module's text of arbitrary bytes (pdffont.h):
 * the UTF-8 reader always moves on and never past the end, a text's width
 * is the sum of its characters' widths, and showing it writes four hex
 * digits per character, in fonts the page names. */
#include "pdffont.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)e, (void)d, (void)u;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pdffont *f;
    if (!f && !(f = pdffont_get("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")))
        abort();
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    size_t len = strlen(s); /* the PDF's texts are C strings */
    const char *p = s, *end = s + len;
    long sum = 0;
    size_t chars = 0;
    while (p < end) {
        const char *before = p;
        uint32_t cp = pdffont_next_cp(&p, end);
        if (p <= before || p > end || p - before > 4 || cp > 0x10FFFF)
            abort();
        sum += pdffont_glyph_of(f, cp).w;
        chars++;
    }
    if (pdffont_units(f, s, len) != sum)
        abort();
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    HPDF_Page page = doc ? HPDF_AddPage(doc) : NULL;
    pdffont_doc *fd = page ? pdffont_doc_new(doc) : NULL;
    if (fd) {
        char *out = NULL;
        size_t n = 0, cap = 0, hex = 0;
        int cur = -1;
        double fs = 0;
        if (pdffont_doc_show(fd, page, f, 9, s, &out, &n, &cap, &cur, &fs) == 0) {
            for (size_t i = 0; i < n; i++)
                if (out[i] == '<')
                    for (i++; i < n && out[i] != '>'; i++)
                        hex++;
            if (hex != 4 * chars)
                abort();
        }
        free(out);
        pdffont_doc_free(fd);
    }
    if (doc)
        HPDF_Free(doc);
    free(s);
    return 0;
}
