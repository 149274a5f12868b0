/* pdfpack.h - part of the PDF module: the end of a PDF file whose first part
 * another writer made (libharu: the header and its plain objects). It holds
 * further indirect objects as serialized text, packs them into deflated
 * object streams (PDF 1.5, /Type /ObjStm) and ends the file with one
 * cross-reference stream (/Type /XRef) that covers the first part's
 * objects too. So the file keeps a single cross-reference section: no
 * classic table, no incremental update, no hybrid-reference file
 * (PDF/A-1 forbids cross-reference streams; PDF/A-2 and PDF/UA-1 allow
 * them, and ask only for the trailer's /ID and nothing after %%EOF).
 *
 * Knows nothing of libharu; pdftag fills it with the structure tree, whose
 * hundred thousand small dictionaries cost a fraction of their size and
 * time there (see README, "Speed"). */
#ifndef KV_PDFPACK_H
#define KV_PDFPACK_H

#include "pdfdoc.h"
#include "sbuf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct pdfpack pdfpack;

/* Packs count objects, numbered first, first + 1, ... in the order they
 * are begun, into a file fp that has received `len` bytes so far (the
 * first part, whose objects are 1 .. first - 1); the object streams and
 * the cross-reference stream are numbered after them. Each object stream
 * is written to fp as soon as it is full. NULL when out of memory. */
pdfpack *pack_new(uint32_t first, size_t count, FILE *fp, uint64_t len);
void pack_free(pdfpack *p);

/* Starts the next object (number pack_next before the call): its body is
 * what is appended to the returned buffer until the next pack_begin or
 * pack_write, e.g. "<</S/P/P 12 0 R>>". A body must not be a stream.
 * Failures (out of memory, writing) are sticky and reported by
 * pack_write. This function can't fail. */
sbuf *pack_begin(pdfpack *p);
uint32_t pack_next(const pdfpack *p);

/* Appends n bytes of s to b as sbuf_add does, inline while b has room: a
 * structure element is about eight short appends, some 2 million for the
 * tree of 400 participants. */
static inline void pack_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap && !b->failed) {
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
    } else {
        sbuf_add(b, s, n);
    }
}

/* Syntax helpers: a reference "N 0 R", an unsigned integer, a real with at
 * most three decimals, and a text string (UTF-8 in; PDFDocEncoding when
 * it has every character, else UTF-16BE with its byte order mark; literal,
 * escaped; the text is kept exactly: a no-break space, which
 * PDFDocEncoding lacks, makes it UTF-16). Each is preceded by a space
 * where the previous byte is not a delimiter. Failures are sticky in b. */
void pack_ref(sbuf *b, uint32_t obj);
void pack_uint(sbuf *b, uint32_t v);
void pack_real(sbuf *b, double v);
void pack_text(sbuf *b, const char *utf8);

/* Writes the last object stream and the cross-reference stream: offset[1
 * .. first - 1] are where the first part's objects start (offset[0] is
 * not read; UINT64_MAX marks a free entry). trailer holds the trailer's
 * entries besides /Size (e.g. "/Root 1 0 R/Info 2 0 R/ID[...]"). Ends with
 * startxref and %%EOF. KV_OK, KV_ERR_NOMEM, KV_ERR_INTERNAL (the
 * compressor failed, or not count objects were packed) or KV_ERR_OUTPUT
 * (*err is the errno). */
kv_status pack_write(pdfpack *p, const uint64_t *offset, const char *trailer, int *err);

#endif
